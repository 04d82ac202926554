#include "collect/accounts.h"
#include "parse/utmp.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void set_login(struct last_login *l, int64_t t, const char *from, const char *line, const char *source)
{
	if (t <= l->time)
		return;
	l->time = t;
	snprintf(l->from, sizeof(l->from), "%s", from);
	snprintf(l->line, sizeof(l->line), "%s", line);
	l->source = source;
}

/* lastlog is indexed by uid and sparse: read only the records of our accounts. */
static int read_lastlog(const struct root *r, const struct passwd_db *pw, struct login_facts *lf, struct err *err)
{
	struct stat st;
	size_t i;
	int fd;

	fd = root_open_fd(r, "/var/log/lastlog", O_RDONLY | O_NONBLOCK, ROOT_MISSING_OK, err);
	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, -EINVAL, "'/var/log/lastlog' is not a regular file");
	}
	lf->have_lastlog = true;
	for (i = 0; i < pw->n; i++) {
		unsigned char rec[LASTLOG_RECORD_SIZE];
		struct lastlog_rec ll;
		off_t off = (off_t)pw->v[i].uid * LASTLOG_RECORD_SIZE;
		ssize_t n;

		if (off + LASTLOG_RECORD_SIZE > st.st_size)
			continue;
		n = pread(fd, rec, sizeof(rec), off);
		if (n != (ssize_t)sizeof(rec))
			continue;
		if (lastlog_decode(rec, sizeof(rec), &ll, NULL) < 0 || ll.time <= 0)
			continue;
		set_login(&lf->v[i], ll.time, ll.host, ll.line, "lastlog");
	}
	close(fd);
	return 0;
}

struct utmp_walk_ctx {
	const struct passwd_db *pw;
	struct login_facts *lf;
	bool failures;		/* btmp: failed logins */
};

static int utmp_cb(const struct utmp_rec *u, void *arg)
{
	struct utmp_walk_ctx *w = arg;
	size_t i;

	if (!w->failures)
		w->lf->wtmp_records++;
	if (!u->user[0] || (!w->failures && u->type != UT_USER_PROCESS))
		return 0;
	for (i = 0; i < w->pw->n; i++) {
		struct last_login *l = &w->lf->v[i];
		if (strcmp(w->pw->v[i].name, u->user) != 0)
			continue;
		if (!w->failures) {
			set_login(l, u->time, u->host[0] ? u->host : u->addr, u->line, "wtmp");
		} else {
			l->failed++;
			if (u->time > l->last_failed)
				l->last_failed = u->time;
		}
	}
	return 0;
}

/* wtmp and btmp grow without bound: read at most COLLECT_MAX_WTMP bytes from the end, in whole records. */
static int read_utmp_file(const struct root *r, const char *path, struct utmp_walk_ctx *w, bool *have,
			  size_t *trailing, struct err *err)
{
	unsigned char *buf = NULL;
	struct stat st;
	size_t len, got = 0;
	off_t start;
	int fd, ret = 0;

	fd = root_open_fd(r, path, O_RDONLY | O_NONBLOCK, ROOT_MISSING_OK, err);
	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, -EINVAL, "'%s' is not a regular file", path);
	}
	*have = true;
	len = (size_t)st.st_size;
	start = 0;
	if (len > COLLECT_MAX_WTMP) {
		len = COLLECT_MAX_WTMP - COLLECT_MAX_WTMP % UTMP_RECORD_SIZE;
		start = st.st_size - (off_t)len;
		start -= start % UTMP_RECORD_SIZE;
	}
	buf = xmalloc(len ? len : 1);
	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, start + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = err_set(err, -errno, "cannot read '%s': %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	ret = utmp_walk(buf, got, utmp_cb, w, trailing, err);
out:
	free(buf);
	close(fd);
	return ret;
}

int collect_logins(const struct root *r, const struct passwd_db *pw, struct login_facts *out, struct err *err)
{
	struct login_facts lf = { 0 };
	int ret;

	lf.n = pw->n;
	lf.v = xcalloc(pw->n ? pw->n : 1, sizeof(*lf.v));
	struct utmp_walk_ctx wt = { pw, &lf, false }, bt = { pw, &lf, true };
	size_t btmp_trailing = 0;

	ret = read_lastlog(r, pw, &lf, err);
	if (ret == 0)
		ret = read_utmp_file(r, "/var/log/wtmp", &wt, &lf.have_wtmp, &lf.wtmp_trailing, err);
	/* btmp is root-only on Debian: without it we only lose the failure counts. */
	if (ret == 0 && read_utmp_file(r, "/var/log/btmp", &bt, &lf.have_btmp, &btmp_trailing, NULL) < 0)
		lf.have_btmp = false;
	if (ret < 0) {
		login_facts_free(&lf);
		return ret;
	}
	*out = lf;
	return 0;
}

void login_facts_free(struct login_facts *lf)
{
	free(lf->v);
	memset(lf, 0, sizeof(*lf));
}
