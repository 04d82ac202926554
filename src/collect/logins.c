#include "collect/accounts.h"
#include "parse/utmp.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* lastlog: at most one record per account, read before wtmp. */
static void set_login(struct login_facts *lf, struct last_login *l, int64_t t, const char *from, const char *line,
		      const char *source)
{
	if (t <= l->time)
		return;
	l->time = t;
	l->from = arena_strdup(&lf->strings, from);
	l->line = arena_strdup(&lf->strings, line);
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
		set_login(lf, &lf->v[i], ll.time, ll.host, ll.line, "lastlog");
	}
	close(fd);
	return 0;
}

struct utmp_walk_ctx {
	const struct passwd_db *pw;
	struct login_facts *lf;
	bool failures;		/* btmp: failed logins */
	size_t record;		/* index of the record in the buffer walked */
	size_t *newest;		/* wtmp: per account, the record of its newest login (SIZE_MAX: none) */
};

/*
 * Each record is joined to its accounts through the passwd name index. wtmp
 * keeps only the index of each account's newest record: its host and line
 * are copied once the walk is over, not for every older login.
 */
static int utmp_cb(const struct utmp_rec *u, void *arg)
{
	struct utmp_walk_ctx *w = arg;
	size_t i, rec = w->record++;

	if (!w->failures)
		w->lf->wtmp_records++;
	if (!u->user[0] || (!w->failures && u->type != UT_USER_PROCESS))
		return 0;
	for (i = passwd_find_name(w->pw, u->user); i != HIDX_NONE; i = passwd_next_name(w->pw, i)) {
		struct last_login *l = &w->lf->v[i];
		if (!w->failures) {
			if (u->time > l->time) {
				l->time = u->time;
				l->source = "wtmp";
				w->newest[i] = rec;
			}
		} else {
			l->failed++;
			if (u->time > l->last_failed)
				l->last_failed = u->time;
		}
	}
	return 0;
}

/* The host (or address) and line of each account's newest wtmp record. */
static void utmp_copy_newest(struct utmp_walk_ctx *w, const unsigned char *buf)
{
	size_t i;

	for (i = 0; i < w->lf->n; i++) {
		struct utmp_rec u;

		if (w->newest[i] == SIZE_MAX ||
		    utmp_decode(buf + w->newest[i] * UTMP_RECORD_SIZE, UTMP_RECORD_SIZE, &u, NULL) < 0)
			continue;
		w->lf->v[i].from = arena_strdup(&w->lf->strings, u.host[0] ? u.host : u.addr);
		w->lf->v[i].line = arena_strdup(&w->lf->strings, u.line);
	}
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
	{
		ssize_t n = pread_full(fd, buf, len, start);

		if (n < 0) {
			ret = err_set(err, (int)n, "cannot read '%s': %s", path, strerror((int)-n));
			goto out;
		}
		got = (size_t)n;
	}
	w->record = 0;
	ret = utmp_walk(buf, got, utmp_cb, w, trailing, err);
	if (ret >= 0 && !w->failures)
		utmp_copy_newest(w, buf);
out:
	free(buf);
	close(fd);
	return ret;
}

int collect_logins(const struct root *r, const struct passwd_db *pw, struct login_facts *out, struct err *err)
{
	struct login_facts lf = { 0 };
	size_t i, btmp_trailing = 0;
	int ret;

	lf.n = pw->n;
	lf.v = xcalloc(pw->n ? pw->n : 1, sizeof(*lf.v));
	for (i = 0; i < lf.n; i++)
		lf.v[i].from = lf.v[i].line = "";
	struct utmp_walk_ctx wt = { pw, &lf, false, 0, NULL }, bt = { pw, &lf, true, 0, NULL };

	wt.newest = xmalloc(st_mult(pw->n ? pw->n : 1, sizeof(*wt.newest)));
	for (i = 0; i < pw->n; i++)
		wt.newest[i] = SIZE_MAX;
	ret = read_lastlog(r, pw, &lf, err);
	if (ret == 0)
		ret = read_utmp_file(r, "/var/log/wtmp", &wt, &lf.have_wtmp, &lf.wtmp_trailing, err);
	free(wt.newest);
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
	arena_release(&lf->strings);
	memset(lf, 0, sizeof(*lf));
}
