#include "collect/fetch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/lazylib.h"
#include "util/xalloc.h"

struct sink {
	int fd;
	long long written;
	int err;
};

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct sink *s = ud;
	size_t n = size * nmemb, off = 0;

	if (s->written + (long long)n > FETCH_MAX_BYTES) {
		s->err = EFBIG;
		return 0;
	}
	while (off < n) {
		ssize_t w = write(s->fd, ptr + off, n - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			s->err = errno;
			return 0;
		}
		off += (size_t)w;
	}
	s->written += (long long)n;
	return n;
}

int fetch_to_temp(const char *url, char **path, struct err *err)
{
	const char *dir = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/kyuka-feed.XXXXXX", dir && dir[0] == '/' ? dir : "/tmp");
	struct sink s = { .fd = -1 };
	char errbuf[CURL_ERROR_SIZE] = "";
	const struct kcurl *cu;
	CURL *c = NULL;
	CURLcode rc;
	long status = 0;
	int r = 0;

	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
		free(tmpl);
		return err_set(err, -EINVAL, "refusing '%s': only http and https URLs", url);
	}
	s.fd = mkostemp(tmpl, O_CLOEXEC);
	if (s.fd < 0) {
		r = err_set(err, -errno, "cannot create a temporary file: %s", strerror(errno));
		free(tmpl);
		return r;
	}
	fchmod(s.fd, 0600);
	if (!(cu = kcurl_load(err))) {
		r = err->code;
		goto out;
	}
	if (cu->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(c = cu->easy_init())) {
		r = err_set(err, -ENOMEM, "cannot start libcurl");
		goto out;
	}
	cu->easy_setopt(c, CURLOPT_URL, url);
	cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	cu->easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT, FETCH_CONNECT_TIMEOUT_S);
	cu->easy_setopt(c, CURLOPT_TIMEOUT, FETCH_TIMEOUT_S);
	cu->easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)FETCH_MAX_BYTES);
	cu->easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	cu->easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	cu->easy_setopt(c, CURLOPT_USERAGENT, "kyuka/" KYUKA_VERSION);
	cu->easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	cu->easy_setopt(c, CURLOPT_WRITEDATA, &s);
	cu->easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	rc = cu->easy_perform(c);
	cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (rc != CURLE_OK) {
		if (s.err)
			r = err_set(err, -s.err, "cannot download '%s': %s", url, strerror(s.err));
		else
			r = err_set(err, -EIO, "cannot download '%s': %s", url, errbuf[0] ? errbuf : cu->easy_strerror(rc));
		goto out;
	}
	if (status != 200) {
		r = err_set(err, -EIO, "cannot download '%s': HTTP status %ld", url, status);
		goto out;
	}
	if (fsync(s.fd) < 0) {
		r = err_set(err, -errno, "cannot write the download: %s", strerror(errno));
		goto out;
	}
out:
	if (c)
		cu->easy_cleanup(c);
	close(s.fd);
	if (r < 0) {
		unlink(tmpl);
		free(tmpl);
		return r;
	}
	*path = tmpl;
	return 0;
}
