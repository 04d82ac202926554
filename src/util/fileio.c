#include "util/fileio.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

int read_fd_max(int fd, size_t max, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	strbuf_init(&sb, max);
	for (;;) {
		size_t room;
		ssize_t n;

		if (sb.len == max) {
			char c;
			ssize_t m;
			while ((m = read(fd, &c, 1)) < 0 && errno == EINTR)
				;
			if (m > 0)
				ret = -EFBIG;
			break;
		}
		ret = strbuf_grow(&sb, 65536 < max - sb.len ? 65536 : max - sb.len);
		if (ret < 0)
			break;
		room = sb.alloc - sb.len - 1;
		if (room > max - sb.len)
			room = max - sb.len;
		n = read(fd, sb.buf + sb.len, room);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		sb.len += (size_t)n;
		sb.buf[sb.len] = '\0';
	}
	if (ret == 0) {
		strbuf_release(out);
		*out = sb;
		return 0;
	}
	strbuf_release(&sb);
	return ret;
}

int mkdir_p(const char *path, struct err *err)
{
	char *p, *s;
	int ret = 0;

	if (!*path)
		return err_set(err, -ENOENT, "cannot create directory '': %s", strerror(ENOENT));
	p = xstrdup(path);
	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0700) < 0) {
				int e = errno;
				struct stat st;

				/* an existing name must be a directory (or a link to one) */
				if (e == EEXIST && (stat(p, &st) < 0 || !S_ISDIR(st.st_mode)))
					e = ENOTDIR;
				if (e != EEXIST) {
					ret = err_set(err, -e, "cannot create directory '%s': %s", p, strerror(e));
					goto out;
				}
			}
			*s = c;
			if (!c)
				break;
		}
	}
out:
	free(p);
	return ret;
}

static int write_atomic(const char *path, const void *data, size_t len, bool replace, struct err *err)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	char *tmp = NULL;
	const char *p = data;
	int fd = -1, ret = 0;
	unsigned rnd = 0;
	struct stat st;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		ret = err_set(err, -EINVAL, "refusing to replace '%s': not a regular file", path);
		goto out;
	}
	if (getrandom(&rnd, sizeof(rnd), 0) < 0)
		rnd = (unsigned)getpid();
	tmp = xasprintf("%s/.%s.%08x.tmp", dir, slash ? slash + 1 : path, rnd);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = err_set(err, -errno, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0600) < 0) {
		ret = err_set(err, -errno, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = err_set(err, -errno, "cannot write '%s': %s", path, strerror(errno));
			goto out;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) < 0) {
		ret = err_set(err, -errno, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		ret = err_set(err, -errno, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (!replace) {
		/* link(2) fails with EEXIST instead of replacing: no window between a check and the write */
		if (link(tmp, path) < 0) {
			if (errno == EEXIST)
				ret = err_set(err, -EEXIST, "'%s' exists (--force replaces it)", path);
			else
				ret = err_set(err, -errno, "cannot write '%s': %s", path, strerror(errno));
			goto out;
		}
		unlink(tmp);
	} else if (rename(tmp, path) < 0) {
		ret = err_set(err, -errno, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
out:
	if (fd >= 0)
		close(fd);
	if (ret < 0 && tmp)
		unlink(tmp);
	free(tmp);
	free(dir);
	return ret;
}

int write_file_atomic_fn(const char *path, int (*fill)(const char *tmp, void *arg, struct err *err), void *arg,
			 struct err *err)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	char *priv = xasprintf("%s/.kyuka.XXXXXX", dir), *tmp = NULL;
	int fd = -1, ret = 0;
	bool made = false;
	struct stat st;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		ret = err_set(err, -EINVAL, "refusing to replace '%s': not a regular file", path);
		goto out;
	}
	if (!mkdtemp(priv)) {
		ret = err_set(err, -errno, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	made = true;
	tmp = xasprintf("%s/out", priv);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || fchmod(fd, 0600) < 0) {
		ret = err_set(err, -errno, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	close(fd);
	fd = -1;
	if ((ret = fill(tmp, arg, err)) < 0)
		goto out;
	fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fchmod(fd, 0600) < 0 || fsync(fd) < 0) {
		ret = err_set(err, -errno, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	if (rename(tmp, path) < 0) {
		ret = err_set(err, -errno, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
out:
	if (fd >= 0)
		close(fd);
	if (ret < 0 && tmp)
		unlink(tmp);
	if (made)
		rmdir(priv);
	free(tmp);
	free(priv);
	free(dir);
	return ret;
}

int write_file_atomic(const char *path, const void *data, size_t len, struct err *err)
{
	return write_atomic(path, data, len, true, err);
}

int write_file_new(const char *path, const void *data, size_t len, struct err *err)
{
	return write_atomic(path, data, len, false, err);
}

ssize_t pread_full(int fd, void *buf, size_t len, off_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t k = pread(fd, (char *)buf + got, len - got, off + (off_t)got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

void rm_tree_at(int dfd, const char *name, unsigned max_depth)
{
	int fd;
	DIR *d;
	struct dirent *de;

	if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
		return;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	fchmod(fd, 0700);
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && max_depth)
			rm_tree_at(dirfd(d), de->d_name, max_depth - 1);
	closedir(d);
	unlinkat(dfd, name, AT_REMOVEDIR);
}
