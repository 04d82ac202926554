/* store: a real SQLite file in a temporary directory. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/baseline.h"
#include "store/store.h"
#include "util/xalloc.h"

#define SCHEMA 9	/* migrations in store.c */

struct fixture {
	char dir[64];
	char *path;	/* dir/a/b/kyuka.db: a --db in directories that exist (0700); only the default's is made */
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/kyuka-store-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	fx->path = xasprintf("%s/a/b/kyuka.db", fx->dir);
	{
		char *a = xasprintf("%s/a", fx->dir), *b = xasprintf("%s/a/b", fx->dir);
		int r = mkdir(a, 0700) == 0 && mkdir(b, 0700) == 0 ? 0 : -1;

		free(a);
		free(b);
		if (r < 0)
			return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);

	if (system(cmd) != 0)
		return -1;
	free(cmd);
	free(fx->path);
	free(fx);
	return 0;
}

static char *sfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *sfmt(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	assert_true(vasprintf(&s, fmt, ap) >= 0);
	va_end(ap);
	return s;
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void write_all(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static struct store *open_ok(const char *path)
{
	struct store *s = NULL;
	struct err e = { 0 };
	int r = store_open(path, &s, &e);

	if (r != 0)
		fail_msg("store_open: %d %s", r, e.msg);
	assert_int_equal(store_schema_version(s), SCHEMA);
	return s;
}

/* Hostile strings a host can hand us; none holds a NUL. */
static const char *const hostile[] = {
	"",
	"'; DROP TABLE runs; --",
	"\"quoted\" 'single' `back` \\backslash\\",
	"%s%n%x %1$s",
	"\x1b[31mred\x1b[0m \x1b]0;title\x07",
	"\x01\x02\x03\x7f\t\r\n\x1f",
	"\xff\xfe\xc0\x80 not UTF-8 \xed\xa0\x80",
	"休暇中の監査: ログインの失敗 (日本語)",
	"line1\nline2\r\nline3",
	"?1 ?2 :name @x $y",
	"NULL",
};

static void add_finding(struct report *rep, const char *check_id, const char *items, enum status st,
			enum severity sev, const char *subject, const char *evidence, const char *remedy)
{
	struct finding f = {
		.check_id = check_id,
		.items = items,
		.area = "accounts",
		.title = "A title",
		.phase = PHASE_BEFORE,
		.status = st,
		.severity = sev,
		.subject = subject ? xstrdup(subject) : NULL,
		.evidence = evidence ? xstrdup(evidence) : NULL,
		.remedy = remedy ? xstrdup(remedy) : NULL,
	};

	report_add(rep, &f);
}

static void make_report(struct report *rep, time_t at, unsigned phase, size_t nfind)
{
	size_t i;

	report_init(rep);
	rep->tool_version = "0.1.0";
	rep->root = xstrdup("/srv/root 'x'");
	rep->generated_at = at;
	rep->phase = phase;
	rep->fail_on = SEV_HIGH;
	rep->host.hostname = xstrdup("web-01\x1b[2J");
	rep->host.os_pretty = xstrdup("Debian GNU/Linux 12 (bookworm)");
	for (i = 0; i < nfind; i++)
		add_finding(rep, "ACCT-0010", "AC-1,AC-3", (enum status)(i % ST__COUNT),
			    (enum severity)(i % SEV__COUNT), hostile[i % ARRAY_SIZE(hostile)],
			    hostile[(i + 3) % ARRAY_SIZE(hostile)], hostile[(i + 7) % ARRAY_SIZE(hostile)]);
	report_count(rep);
}

static void assert_str_or_null(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* The run's stored findings equal the report's, byte for byte, in order. */
static void assert_findings(struct store *s, int64_t id, const struct report *rep)
{
	struct stored_finding *v = NULL;
	struct err e;
	size_t n = 0, i;

	assert_int_equal(store_load_findings(s, id, &v, &n, &e), 0);
	assert_int_equal(n, rep->n_findings);
	for (i = 0; i < n; i++) {
		const struct finding *f = &rep->findings[i];

		assert_str_or_null(v[i].check_id, f->check_id);
		assert_str_or_null(v[i].items, f->items);
		assert_int_equal(v[i].status, f->status);
		assert_int_equal(v[i].severity, f->severity);
		assert_str_or_null(v[i].subject, f->subject);
		assert_str_or_null(v[i].evidence, f->evidence);
		assert_str_or_null(v[i].remedy, f->remedy);
	}
	stored_findings_free(v, n);
}

static void test_roundtrip(void **state)
{
	struct fixture *fx = *state;
	struct report r1, r2;
	struct run_summary *runs = NULL;
	struct store *s;
	struct err e;
	int64_t id1 = 0, id2 = 0;
	size_t n = 0, k;
	char *big, *p;

	s = open_ok(fx->path);
	make_report(&r1, 1700000000, PHASE_BEFORE, 40);
	/* A 1 MB subject and findings with NULL strings. */
	big = xmalloc(1 << 20);
	memset(big, 'x', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	add_finding(&r1, "SSH-0001", NULL, ST_FAIL, SEV_CRITICAL, big, NULL, NULL);
	free(big);
	add_finding(&r1, "SSH-0002", "", ST_MANUAL, SEV_INFO, NULL, "", NULL);
	report_count(&r1);
	assert_int_equal(store_record_run(s, &r1, &id1, &e), 0);

	make_report(&r2, 1700086400, PHASE_AFTER, 3);
	r2.has_holiday = true;
	memcpy(r2.holiday_start, "2024-08-10", 11);
	memcpy(r2.holiday_end, "2024-08-18", 11);
	free(r2.root);
	/* 301 bytes: cut at 255 would split a character. */
	p = r2.root = xmalloc(302);
	*p++ = 'a';
	for (k = 0; k < 100; k++, p += 3)
		memcpy(p, "休", 3);
	*p = '\0';
	assert_int_equal(store_record_run(s, &r2, &id2, &e), 0);
	assert_true(id2 > id1);

	assert_int_equal(store_list_runs(s, 10, &runs, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(runs[0].id, id2);	/* newest first */
	assert_int_equal(runs[1].id, id1);
	assert_int_equal(runs[1].at, 1700000000);
	assert_string_equal(runs[1].phase, "before");
	assert_string_equal(runs[0].phase, "after");
	assert_string_equal(runs[1].root, "/srv/root 'x'");
	assert_string_equal(runs[1].hostname, "web-01\x1b[2J");
	assert_int_equal(strlen(runs[0].root), 1 + 84 * 3);
	assert_memory_equal(runs[0].root, r2.root, 1 + 84 * 3);
	for (k = 0; k < ST__COUNT; k++) {
		assert_int_equal(runs[1].counts[k], r1.counts[k]);
		assert_int_equal(runs[0].counts[k], r2.counts[k]);
	}
	free(runs);

	assert_int_equal(store_list_runs(s, 1, &runs, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(runs[0].id, id2);
	free(runs);
	runs = NULL;
	assert_int_equal(store_list_runs(s, 0, &runs, &n, &e), 0);
	assert_int_equal(n, 0);
	free(runs);

	assert_findings(s, id1, &r1);
	assert_findings(s, id2, &r2);

	/* The directories are 0700, the database and its WAL files 0600. */
	{
		char *a = sfmt("%s/a", fx->dir), *b = sfmt("%s/a/b", fx->dir);
		char *wal = sfmt("%s-wal", fx->path), *shm = sfmt("%s-shm", fx->path);

		assert_int_equal(mode_of(a), 0700);
		assert_int_equal(mode_of(b), 0700);
		assert_int_equal(mode_of(fx->path), 0600);
		assert_int_equal(mode_of(wal), 0600);
		assert_int_equal(mode_of(shm), 0600);
		free(a);
		free(b);
		free(wal);
		free(shm);
	}
	store_close(s);

	/* And everything survives a reopen. */
	s = open_ok(fx->path);
	assert_findings(s, id1, &r1);
	assert_findings(s, id2, &r2);
	store_close(s);
	report_release(&r1);
	report_release(&r2);
}

/* A grouped finding keeps its subjects: joined into the subject column (the schema is unchanged). */
static void test_grouped_subjects(void **state)
{
	struct fixture *fx = *state;
	struct stored_finding *v = NULL;
	struct report rep;
	struct store *s;
	struct err e;
	int64_t id;
	size_t n = 0;

	s = open_ok(fx->path);
	make_report(&rep, 2, PHASE_BEFORE, 0);
	add_finding(&rep, "PKG-0010", "VU-1", ST_FAIL, SEV_HIGH, "", "2 source packages have security updates pending",
		    "apt-get upgrade");
	rep.findings[0].subjects = xcalloc(2, sizeof(*rep.findings[0].subjects));
	rep.findings[0].n_subjects = 2;
	rep.findings[0].subjects[0].name = xstrdup("curl");
	rep.findings[0].subjects[0].detail = xstrdup("curl 7 -> 8");
	rep.findings[0].subjects[1].name = xstrdup("openssl");
	rep.findings[0].subjects[1].detail = xstrdup("libssl3 3.0.11 -> 3.0.13");
	add_finding(&rep, "ACCT-0010", "AC-3", ST_FAIL, SEV_HIGH, "toor", "uid 0", NULL);
	report_count(&rep);
	assert_int_equal(store_record_run(s, &rep, &id, &e), 0);
	assert_int_equal(store_load_findings(s, id, &v, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].subject, "curl, openssl");
	assert_string_equal(v[0].evidence, "2 source packages have security updates pending");
	assert_string_equal(v[1].subject, "toor");
	stored_findings_free(v, n);
	store_close(s);
	report_release(&rep);
}

static void test_modes_under_umask(void **state)
{
	struct fixture *fx = *state;
	mode_t old = umask(0);
	struct report rep;
	struct store *s;
	struct err e;
	int64_t id;
	char *wal = sfmt("%s-wal", fx->path), *shm = sfmt("%s-shm", fx->path);
	char *a = sfmt("%s/a", fx->dir);

	s = open_ok(fx->path);
	make_report(&rep, 1, PHASE_DURING, 5);
	assert_int_equal(store_record_run(s, &rep, &id, &e), 0);
	assert_int_equal(mode_of(a), 0700);
	assert_int_equal(mode_of(fx->path), 0600);
	assert_int_equal(mode_of(wal), 0600);
	assert_int_equal(mode_of(shm), 0600);
	store_close(s);
	umask(old);

	/* A database left with a loose mode is tightened on open. */
	assert_int_equal(chmod(fx->path, 0644), 0);
	s = open_ok(fx->path);
	assert_int_equal(mode_of(fx->path), 0600);
	store_close(s);
	report_release(&rep);
	free(wal);
	free(shm);
	free(a);
}

/* A database elsewhere than the default path gets no directory made for it. */
static void test_no_parent_created(void **state)
{
	struct fixture *fx = *state;
	char *p = sfmt("%s/x/y/kyuka.db", fx->dir), *x = sfmt("%s/x", fx->dir);
	struct store *s = NULL;
	struct err e = { 0 };
	struct stat st;

	assert_int_equal(store_open(p, &s, &e), -ENOENT);
	assert_null(s);
	assert_non_null(strstr(e.msg, p));
	assert_int_equal(lstat(x, &st), -1);
	/* a directory given as the database is named as one */
	assert_int_equal(store_open(fx->dir, &s, &e), -EISDIR);
	assert_non_null(strstr(e.msg, "is a directory"));
	assert_int_equal(store_open_readonly(fx->dir, &s, &e), -EISDIR);
	free(p);
	free(x);
}

/* Mode 0400: never written, never chmodded; read strictly read-only, with no -wal or -shm made. */
static void test_readonly_file(void **state)
{
	struct fixture *fx = *state;
	char *wal = sfmt("%s-wal", fx->path), *shm = sfmt("%s-shm", fx->path);
	struct run_summary *runs = NULL;
	struct report rep;
	struct store *s = NULL;
	struct err e = { 0 };
	struct stat st;
	char *before, *after;
	size_t n = 0, lb, la;
	int64_t id;

	s = open_ok(fx->path);
	make_report(&rep, 1, PHASE_BEFORE, 3);
	assert_int_equal(store_record_run(s, &rep, &id, &e), 0);
	store_close(s);
	s = NULL;
	assert_int_equal(lstat(wal, &st), -1);	/* the last close removed them */
	assert_int_equal(chmod(fx->path, 0400), 0);
	before = read_all(fx->path, &lb);

	assert_int_equal(store_open(fx->path, &s, &e), -EROFS);
	assert_null(s);
	assert_non_null(strstr(e.msg, "read-only (mode 0400)"));
	assert_int_equal(mode_of(fx->path), 0400);

	assert_int_equal(store_open_readonly(fx->path, &s, &e), 0);
	assert_int_equal(store_schema_version(s), SCHEMA);
	assert_int_equal(store_list_runs(s, 10, &runs, &n, &e), 0);
	assert_int_equal(n, 1);
	free(runs);
	assert_true(store_record_run(s, &rep, &id, &e) < 0);	/* a read-only connection */
	store_close(s);
	s = NULL;
	assert_int_equal(store_open_existing(fx->path, &s, &e), 0);
	store_close(s);
	assert_int_equal(lstat(wal, &st), -1);
	assert_int_equal(lstat(shm, &st), -1);
	after = read_all(fx->path, &la);
	assert_int_equal(la, lb);
	assert_memory_equal(before, after, lb);
	assert_int_equal(mode_of(fx->path), 0400);
	assert_int_equal(store_open_readonly(wal, &s, &e), -ENOENT);
	free(before);
	free(after);
	free(wal);
	free(shm);
	report_release(&rep);
}

static void test_reopen_idempotent(void **state)
{
	struct fixture *fx = *state;
	struct report rep;
	struct run_summary *runs;
	struct store *s;
	struct err e;
	int64_t id;
	size_t n;
	int i;

	make_report(&rep, 100, PHASE_BEFORE, 7);
	for (i = 0; i < 4; i++) {
		s = open_ok(fx->path);
		assert_int_equal(store_record_run(s, &rep, &id, &e), 0);
		assert_int_equal(store_list_runs(s, 100, &runs, &n, &e), 0);
		assert_int_equal(n, (size_t)i + 1);
		free(runs);
		store_close(s);
	}
	report_release(&rep);
}

/* Sets the user_version field of a database file's header (offset 60, big-endian). */
static void set_user_version(const char *path, uint32_t v)
{
	unsigned char b[4] = { v >> 24, v >> 16, v >> 8, v };
	int fd = open(path, O_WRONLY);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, b, 4, 60), 4);
	close(fd);
}

static void test_newer_schema(void **state)
{
	struct fixture *fx = *state;
	struct store *s = NULL;
	struct report rep;
	struct err e;
	int64_t id;
	char *before, *after, *wal = sfmt("%s-wal", fx->path);
	size_t nb, na;

	s = open_ok(fx->path);
	make_report(&rep, 5, PHASE_BEFORE, 2);
	assert_int_equal(store_record_run(s, &rep, &id, &e), 0);
	store_close(s);
	assert_int_equal(access(wal, F_OK), -1);	/* checkpointed into the main file on close */

	set_user_version(fx->path, SCHEMA + 1);
	before = read_all(fx->path, &nb);
	s = NULL;
	assert_int_equal(store_open(fx->path, &s, &e), -EPROTONOSUPPORT);
	assert_null(s);
	{
		char *want = sfmt("database schema %d is newer than this kyuka (%d)", SCHEMA + 1, SCHEMA);
		assert_non_null(strstr(e.msg, want));
		free(want);
	}
	after = read_all(fx->path, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(after);

	/* Still refused, still untouched, however often we try. */
	assert_int_equal(store_open(fx->path, &s, &e), -EPROTONOSUPPORT);
	after = read_all(fx->path, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(after);
	free(before);

	/* Back at our version it opens, with the data intact. */
	set_user_version(fx->path, SCHEMA);
	s = open_ok(fx->path);
	assert_findings(s, id, &rep);
	store_close(s);
	report_release(&rep);
	free(wal);
}

static void test_symlinks(void **state)
{
	struct fixture *fx = *state;
	char *target = sfmt("%s/target.db", fx->dir);
	char *missing = sfmt("%s/missing.db", fx->dir);
	char *link = sfmt("%s/link.db", fx->dir);
	char *dangling = sfmt("%s/dangling.db", fx->dir);
	char *db = sfmt("%s/real.db", fx->dir);
	char *wal = sfmt("%s/real.db-wal", fx->dir);
	char *dir = sfmt("%s/isdir.db", fx->dir);
	struct store *s = NULL;
	struct err e;
	size_t n;

	write_all(target, "keep", 4, 0600);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(store_open(link, &s, &e), -ELOOP);
	assert_non_null(strstr(e.msg, "symbolic link"));
	assert_null(s);
	free(read_all(target, &n));
	assert_int_equal(n, 4);	/* untouched */

	assert_int_equal(symlink(missing, dangling), 0);
	assert_int_equal(store_open(dangling, &s, &e), -ELOOP);
	assert_int_equal(access(missing, F_OK), -1);	/* nothing created through the link */

	/* A planted -wal link is refused too. */
	assert_int_equal(symlink(target, wal), 0);
	assert_int_equal(store_open(db, &s, &e), -ELOOP);
	assert_non_null(strstr(e.msg, "-wal"));
	assert_int_equal(unlink(wal), 0);
	s = open_ok(db);
	store_close(s);

	/* Not a regular file. */
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_true(store_open(dir, &s, &e) < 0);
	assert_int_equal(mkfifo(wal, 0600), 0);
	assert_int_equal(store_open(db, &s, &e), -EINVAL);
	assert_int_equal(unlink(wal), 0);

	free(target);
	free(missing);
	free(link);
	free(dangling);
	free(db);
	free(wal);
	free(dir);
}

static void test_foreign_owner(void **state)
{
	struct fixture *fx = *state;
	char *db = sfmt("%s/theirs.db", fx->dir);
	struct store *s = NULL;
	struct err e;

	if (geteuid() != 0)
		skip();
	write_all(db, "", 0, 0600);
	assert_int_equal(chown(db, 65534, 65534), 0);
	assert_int_equal(store_open(db, &s, &e), -EPERM);
	assert_non_null(strstr(e.msg, "owned by uid 65534"));
	free(db);
}

static void test_not_a_database(void **state)
{
	struct fixture *fx = *state;
	static const char junk[] = "this is not an SQLite database, just some text\n";
	char *db = sfmt("%s/junk.db", fx->dir);
	struct store *s = NULL;
	struct err e;
	char *after;
	size_t n;

	write_all(db, junk, sizeof(junk) - 1, 0600);
	assert_int_equal(store_open(db, &s, &e), -EBADMSG);
	assert_null(s);
	after = read_all(db, &n);
	assert_int_equal(n, sizeof(junk) - 1);
	assert_memory_equal(after, junk, n);
	free(after);
	free(db);

	assert_int_equal(store_open("", &s, &e), -EINVAL);
	assert_int_equal(store_open(NULL, &s, &e), -EINVAL);
}

static void assert_runs(struct store *s, size_t want)
{
	struct run_summary *runs = NULL;
	struct err e;
	size_t n = 0;

	assert_int_equal(store_list_runs(s, 1000, &runs, &n, &e), 0);
	assert_int_equal(n, want);
	free(runs);
}

static void test_failed_run_rolls_back(void **state)
{
	struct fixture *fx = *state;
	struct report good, bad;
	struct stored_finding *v;
	struct store *s;
	struct err e;
	int64_t id1, id2 = -1, id3;
	size_t n;

	s = open_ok(fx->path);
	make_report(&good, 10, PHASE_BEFORE, 12);
	assert_int_equal(store_record_run(s, &good, &id1, &e), 0);

	/* Fails inside the transaction: the run row and 20 findings are in, then a NOT NULL breaks. */
	make_report(&bad, 20, PHASE_AFTER, 20);
	add_finding(&bad, NULL, "AC-1", ST_FAIL, SEV_HIGH, "x", "y", "z");
	assert_true(store_record_run(s, &bad, &id2, &e) < 0);
	assert_int_equal(id2, -1);	/* not written on failure */
	assert_non_null(strstr(e.msg, "NOT NULL"));
	assert_runs(s, 1);
	assert_int_equal(store_load_findings(s, id1 + 1, &v, &n, &e), -ENOENT);
	assert_findings(s, id1, &good);

	/* Rejected before anything is written. */
	bad.findings[bad.n_findings - 1].check_id = "ACCT-0099";
	bad.findings[5].status = (enum status)ST__COUNT;
	assert_int_equal(store_record_run(s, &bad, &id2, &e), -EINVAL);
	assert_non_null(strstr(e.msg, "invalid status"));
	bad.findings[5].status = ST_PASS;
	bad.findings[6].severity = (enum severity)-1;
	assert_int_equal(store_record_run(s, &bad, &id2, &e), -EINVAL);
	bad.findings[6].severity = SEV_LOW;
	bad.phase = PHASE_BEFORE | PHASE_AFTER;
	assert_int_equal(store_record_run(s, &bad, &id2, &e), -EINVAL);
	bad.phase = PHASE_AFTER;
	bad.has_holiday = true;
	memset(bad.holiday_start, 'x', sizeof(bad.holiday_start));
	assert_int_equal(store_record_run(s, &bad, &id2, &e), -EINVAL);
	bad.has_holiday = false;
	assert_int_equal(id2, -1);
	assert_runs(s, 1);

	/* The store is still usable, and IDs are never reused. */
	assert_int_equal(store_record_run(s, &bad, &id3, &e), 0);
	assert_true(id3 > id1);
	assert_runs(s, 2);
	assert_findings(s, id3, &bad);
	store_close(s);
	report_release(&good);
	report_release(&bad);
}

static void test_killed_mid_run(void **state)
{
	/* A writer killed at an arbitrary point leaves only whole runs behind. */
	struct fixture *fx = *state;
	struct run_summary *runs = NULL;
	struct store *s;
	struct err e;
	size_t n = 0, i, k;
	pid_t pid;
	int status, fds[2];
	char c;

	s = open_ok(fx->path);
	store_close(s);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct report rep;
		int64_t id;

		close(fds[0]);
		make_report(&rep, 1, PHASE_BEFORE, 500);
		if (store_open(fx->path, &s, &e) < 0)
			_exit(1);
		for (i = 0;; i++) {
			if (store_record_run(s, &rep, &id, &e) < 0)
				_exit(2);
			if (i == 0 && write(fds[1], "1", 1) != 1)
				_exit(3);
		}
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);	/* one run is in */
	close(fds[0]);
	usleep(200000);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));

	s = open_ok(fx->path);
	assert_int_equal(store_list_runs(s, 100000, &runs, &n, &e), 0);
	assert_true(n >= 1);
	for (i = 0; i < n; i++) {
		struct stored_finding *v;
		size_t nv, sum = 0;

		for (k = 0; k < ST__COUNT; k++)
			sum += runs[i].counts[k];
		assert_int_equal(sum, 500);
		assert_int_equal(store_load_findings(s, runs[i].id, &v, &nv, &e), 0);
		assert_int_equal(nv, 500);
		stored_findings_free(v, nv);
	}
	free(runs);
	store_close(s);
}

static void test_empty_and_missing_runs(void **state)
{
	struct fixture *fx = *state;
	struct stored_finding *v = (void *)1;
	struct report rep;
	struct store *s;
	struct err e;
	int64_t id;
	size_t n = 99;

	s = open_ok(fx->path);
	assert_runs(s, 0);
	make_report(&rep, 0, PHASE_DURING, 0);
	free(rep.root);
	rep.root = NULL;
	free(rep.host.hostname);
	rep.host.hostname = NULL;
	free(rep.host.os_pretty);
	rep.host.os_pretty = NULL;
	rep.tool_version = NULL;
	assert_int_equal(store_record_run(s, &rep, &id, &e), 0);
	assert_int_equal(store_load_findings(s, id, &v, &n, &e), 0);
	assert_int_equal(n, 0);
	stored_findings_free(v, n);
	n = 99;
	v = (void *)1;
	assert_int_equal(store_load_findings(s, id + 100, &v, &n, &e), -ENOENT);
	assert_int_equal(n, 99);	/* outputs untouched on failure */
	assert_ptr_equal(v, (void *)1);
	assert_int_equal(store_load_findings(s, -1, &v, &n, &e), -ENOENT);
	{
		struct run_summary *runs;

		assert_int_equal(store_list_runs(s, 5, &runs, &n, &e), 0);
		assert_int_equal(n, 1);
		assert_string_equal(runs[0].root, "");
		assert_string_equal(runs[0].hostname, "");
		assert_string_equal(runs[0].phase, "during");
		free(runs);
	}
	store_close(s);
	report_release(&rep);
}

/* store_default_path() as the given uid, with the given environment, in a child. */
static char *default_path_as(uid_t uid, const char *xdg, const char *home)
{
	int fds[2];
	pid_t pid;
	char buf[512];
	ssize_t n;
	size_t len = 0;
	int status;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *p;

		close(fds[0]);
		if (uid != geteuid() && setresuid(uid, uid, uid) < 0)
			_exit(1);
		xdg ? setenv("XDG_DATA_HOME", xdg, 1) : unsetenv("XDG_DATA_HOME");
		home ? setenv("HOME", home, 1) : unsetenv("HOME");
		p = store_default_path();
		if (p && write(fds[1], p, strlen(p)) < 0)
			_exit(2);
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	buf[len] = '\0';
	return xstrdup(buf);
}


/* Confirmations and alert tests: the newest wins, hostile text comes back byte for byte, nothing is created by open_existing. */
/* kyuka netscan: the newest scan that probed an address, its open ports; other addresses untouched. */
static void test_netscans(void **state)
{
	struct fixture *fx = *state;
	struct store *s = NULL;
	struct err e;
	struct netscan_prev prev;
	const struct netscan_rec_host h1[] = { { "10.0.0.1", true }, { "10.0.0.2", false } }, h2[] = { { "10.0.0.1", true } };
	const struct netscan_rec_port p1[] = { { "10.0.0.1", "tcp", 445, "SMB" }, { "10.0.0.1", "udp", 137, NULL } },
				      p2[] = { { "10.0.0.1", "tcp", 22, "SSH" } };
	struct netscan_record r1 = { .started = 1000, .elapsed_ms = 5, .hosts = h1, .n_hosts = 2, .ports = p1, .n_ports = 2 };
	struct netscan_record r2 = { .started = 2000, .elapsed_ms = 5, .hosts = h2, .n_hosts = 1, .ports = p2, .n_ports = 1 };

	assert_int_equal(store_open(fx->path, &s, &e), 0);
	assert_int_equal(store_netscan_last(s, "10.0.0.1", &prev, &e), 0);
	assert_int_equal(store_add_netscan(s, &r1, &e), 0);
	assert_int_equal(store_add_netscan(s, &r2, &e), 0);
	assert_int_equal(store_netscan_last(s, "10.0.0.1", &prev, &e), 1);
	assert_int_equal(prev.when, 2000);
	assert_int_equal(prev.n, 1);
	assert_int_equal(prev.ports[0].port, 22);
	netscan_prev_free(&prev);
	assert_int_equal(store_netscan_last(s, "10.0.0.2", &prev, &e), 1);	/* probed by the first scan only */
	assert_int_equal(prev.when, 1000);
	assert_false(prev.answered);
	assert_int_equal(prev.n, 0);
	netscan_prev_free(&prev);
	store_close(s);
}

static void test_scans(void **state)
{
	struct fixture *fx = *state;
	struct scan_record r = { 0 }, got;
	struct store *s = open_ok(fx->path);
	struct err e;

	assert_int_equal(store_latest_scan(s, 0, &got, &e), -ENOENT);
	r.started = 1000;
	r.finished = 1010;
	r.root = (char *)"/mnt/laptop";
	r.paths = (char *)"/Users '; DROP TABLE scans;--";
	r.files = 12345;
	r.infected = 2;
	r.complete = true;
	r.engine = (char *)"1.4.6";
	r.daily = 27479;
	r.sigs = 3000000;
	r.yara_rules = 3;
	assert_int_equal(store_add_scan(s, &r, NULL, &e), 0);
	r.started = 500;
	r.infected = 0;
	assert_int_equal(store_add_scan(s, &r, NULL, &e), 0);
	assert_int_equal(store_latest_scan(s, 0, &got, &e), 0);
	assert_int_equal(got.started, 1000);
	assert_int_equal(got.infected, 2);
	assert_int_equal(got.files, 12345);
	assert_true(got.complete);
	assert_string_equal(got.paths, r.paths);
	assert_string_equal(got.engine, "1.4.6");
	assert_int_equal(got.daily, 27479);
	assert_int_equal(got.yara_rules, 3);
	scan_record_release(&got);
	/* only scans inside the window count */
	assert_int_equal(store_latest_scan(s, 1001, &got, &e), -ENOENT);
	r.engine = NULL;
	assert_int_equal(store_add_scan(s, &r, NULL, &e), -EINVAL);
	store_close(s);
}

static void test_confirmations_and_alerts(void **state)
{
	struct fixture *fx = *state;
	struct confirmation c = { 0 }, got;
	struct alert_test a = { 0 }, ga;
	struct store *s = NULL;
	struct err e;
	int64_t id;

	assert_int_equal(store_open_existing(fx->path, &s, &e), -ENOENT);
	assert_null(s);
	assert_int_equal(access(fx->path, F_OK), -1);
	s = open_ok(fx->path);
	assert_int_equal(store_latest_confirmation(s, "IR-2", &got, &e), -ENOENT);
	memcpy(c.item, "IR-2", 5);
	c.by = (char *)"山田 太郎";
	c.note = (char *)"re-read v3 \x1b[31m; 'quoted' \"x\"); DROP TABLE confirmations;--";
	c.at = 1000;
	memcpy(c.holiday_start, "2026-12-27", 11);
	memcpy(c.holiday_end, "2027-01-04", 11);
	assert_int_equal(store_add_confirmation(s, &c, &id, &e), 0);
	c.by = (char *)"second";
	c.at = 2000;
	assert_int_equal(store_add_confirmation(s, &c, &id, &e), 0);
	c.by = (char *)"older";
	c.at = 1500;
	assert_int_equal(store_add_confirmation(s, &c, NULL, &e), 0);
	assert_int_equal(store_latest_confirmation(s, "IR-2", &got, &e), 0);
	assert_string_equal(got.by, "second");
	assert_string_equal(got.note, c.note);
	assert_int_equal(got.at, 2000);
	assert_string_equal(got.holiday_start, "2026-12-27");
	confirmation_release(&got);
	assert_int_equal(store_latest_confirmation(s, "AW-1", &got, &e), -ENOENT);
	c.by = NULL;
	assert_int_equal(store_add_confirmation(s, &c, NULL, &e), -EINVAL);

	a.at = 10;
	a.channel = (char *)"smtp";
	a.target = (char *)"smtp://127.0.0.1:2525";
	a.ok = false;
	a.detail = (char *)"connection refused";
	assert_int_equal(store_add_alert_test(s, &a, &id, &e), 0);
	a.at = 20;
	a.ok = true;
	a.detail = NULL;
	assert_int_equal(store_add_alert_test(s, &a, &id, &e), 0);
	assert_int_equal(store_latest_alert_test(s, "smtp", "smtp://127.0.0.1:2525", &ga, &e), 0);
	assert_true(ga.ok);
	assert_int_equal(ga.at, 20);
	assert_null(ga.detail);
	alert_test_release(&ga);
	assert_int_equal(store_latest_alert_test(s, "smtp", "smtp://other", &ga, &e), -ENOENT);
	assert_int_equal(store_latest_alert_test(s, "webhook", "smtp://127.0.0.1:2525", &ga, &e), -ENOENT);
	store_close(s);
	s = NULL;
	{
		size_t nb, na;
		char *before = read_all(fx->path, &nb), *after;

		/* read-only: the file is not touched, and writing through it fails */
		assert_int_equal(store_open_existing(fx->path, &s, &e), 0);
		assert_int_equal(store_latest_confirmation(s, "IR-2", &got, &e), 0);
		confirmation_release(&got);
		c.by = (char *)"x";
		assert_true(store_add_confirmation(s, &c, NULL, &e) < 0);
		store_close(s);
		after = read_all(fx->path, &na);
		assert_int_equal(na, nb);
		assert_memory_equal(before, after, nb);
		free(before);
		free(after);
	}
	/* an absent database is -ENOENT with a message, and nothing is created */
	{
		char *missing = sfmt("%s.absent", fx->path);
		s = NULL;
		assert_int_equal(store_open_existing(missing, &s, &e), -ENOENT);
		assert_null(s);
		assert_int_equal(access(missing, F_OK), -1);
		free(missing);
	}
}

/* The state of log files: the newest snapshot of a root comes back; other roots are separate. */
static void test_log_files(void **state)
{
	struct fixture *fx = *state;
	struct log_file_state a[2] = { { "/var/log/wtmp", 3840, 12, 1798675200 },
				       { "/var/log/auth.log", 100, 13, 1798675201 } };
	struct log_file_state *v = NULL;
	struct store *s = open_ok(fx->path);
	struct err e;
	int64_t at = -1;
	size_t n = 9;

	assert_int_equal(store_log_files_last(s, "/", &v, &n, &at, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(at, 0);
	log_file_states_free(v, n);
	assert_int_equal(store_log_files_save(s, "/", 1000, a, 2, &e), 0);
	a[0].size = 384;
	assert_int_equal(store_log_files_save(s, "/", 2000, a, 1, &e), 0);
	assert_int_equal(store_log_files_save(s, "/mnt/other", 3000, a, 2, &e), 0);
	assert_int_equal(store_log_files_last(s, "/", &v, &n, &at, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(at, 2000);
	assert_string_equal(v[0].path, "/var/log/wtmp");
	assert_int_equal(v[0].size, 384);
	assert_int_equal(v[0].inode, 12);
	log_file_states_free(v, n);
	store_close(s);
}

static void test_default_path(void **state)
{
	static const struct {
		const char *xdg, *home, *want;
	} cases[] = {
		{ "/xdg", "/home/u", "/xdg/kyuka/kyuka.db" },
		{ NULL, "/home/u", "/home/u/.local/share/kyuka/kyuka.db" },
		{ "relative/xdg", "/home/u", "/home/u/.local/share/kyuka/kyuka.db" },
		{ "", "/home/u", "/home/u/.local/share/kyuka/kyuka.db" },
	};
	uid_t user = geteuid() == 0 ? 65534 : geteuid();
	size_t i;
	char *p;

	(void)state;
	if (geteuid() == 0) {
		p = default_path_as(0, "/xdg", "/home/u");
		assert_string_equal(p, "/var/lib/kyuka/kyuka.db");
		free(p);
	}
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		p = default_path_as(user, cases[i].xdg, cases[i].home);
		assert_string_equal(p, cases[i].want);
		free(p);
	}
}

struct diffs {
	char line[8][128];
	size_t n;
};

static int on_diff(void *ctx, enum baseline_change c, const char *kind, const char *key, const char *before,
		   const char *after)
{
	struct diffs *d = ctx;

	if (d->n < 8)
		snprintf(d->line[d->n], sizeof(d->line[0]), "%d %s %s %s %s", (int)c, kind, key, before ? before : "-",
			 after ? after : "-");
	d->n++;
	return 0;
}

/* Baselines: one transaction, a summary that does not depend on insertion order, diffs, scratch tables read-only. */
static void test_baselines(void **state)
{
	struct fixture *fx = *state;
	struct baseline_info bi;
	struct diffs d = { 0 };
	struct store *s = NULL;
	struct err e = { 0 };
	char sha1[65], sha2[65], sha[65];
	int64_t a, b, c;

	assert_int_equal(store_open(fx->path, &s, &e), 0);
	assert_int_equal(store_baseline_get(s, 0, "baseline", &bi, &e), -ENOENT);
	assert_int_equal(store_baseline_begin(s, "/", 100, "baseline", &a, &e), 0);
	assert_int_equal(store_baseline_add(s, a, "account", "root", "uid=0", "", &e), 0);
	assert_int_equal(store_baseline_add(s, a, "file", "/etc/x", "sha256=1", "ino=1", &e), 0);
	assert_int_equal(store_baseline_add(s, a, "file", "/etc/x", "dup", "", &e), 0);	/* the first kept */
	assert_int_equal(store_baseline_commit(s, a, sha1, &e), 0);
	/* the same items in another order: the same summary */
	assert_int_equal(store_baseline_begin(s, "/", 200, "baseline", &b, &e), 0);
	assert_int_equal(store_baseline_add(s, b, "file", "/etc/x", "sha256=1", "ino=1", &e), 0);
	assert_int_equal(store_baseline_add(s, b, "account", "root", "uid=0", "", &e), 0);
	assert_int_equal(store_baseline_commit(s, b, sha2, &e), 0);
	assert_string_equal(sha1, sha2);
	/* a rolled-back baseline leaves nothing */
	assert_int_equal(store_baseline_begin(s, "/", 300, "baseline", &c, &e), 0);
	assert_int_equal(store_baseline_add(s, c, "account", "x", "uid=5", "", &e), 0);
	store_baseline_rollback(s);
	assert_int_equal(store_baseline_get(s, 0, "baseline", &bi, &e), 0);
	assert_int_equal(bi.id, b);
	assert_int_equal(bi.n_items, 2);
	assert_string_equal(bi.sha256, sha2);
	assert_int_equal(store_baseline_summary(s, a, sha, &e), 0);
	assert_string_equal(sha, sha1);
	store_close(s);

	/* the host now in scratch tables of a read-only connection: nothing written */
	assert_int_equal(store_open_existing(fx->path, &s, &e), 0);
	assert_int_equal(store_baseline_scratch(s, &e), 0);
	assert_int_equal(store_baseline_begin(s, "/", 400, "now", &c, &e), 0);
	assert_int_equal(store_baseline_add(s, c, "account", "root", "uid=0", "", &e), 0);
	assert_int_equal(store_baseline_add(s, c, "account", "toor", "uid=0", "", &e), 0);
	assert_int_equal(store_baseline_add(s, c, "file", "/etc/x", "sha256=2", "ino=1", &e), 0);
	assert_int_equal(store_baseline_commit(s, c, sha, &e), 0);
	assert_int_equal(store_baseline_diff(s, a, c, on_diff, &d, &e), 0);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.line[0], "0 account toor - uid=0");
	assert_string_equal(d.line[1], "2 file /etc/x sha256=1 sha256=2");
	store_close(s);
	assert_int_equal(store_open(fx->path, &s, &e), 0);
	assert_int_equal(store_baseline_get(s, 0, "now", &bi, &e), -ENOENT);
	assert_int_equal(store_baseline_get(s, 0, "baseline", &bi, &e), 0);
	assert_int_equal(bi.id, b);
	store_close(s);
}

/* A baseline that refers to its parent's files: summary, lookup, diff and cursor as if whole; the parent deleted. */
/*
 * Two whole baselines of one host: p, then w later (/etc/a changed, /etc/b gone, /etc/c new, /usr no
 * longer walked); more: a module in both and a setuid file in w, items of kinds around "file".
 */
static void save_two(struct store *s, bool more, int64_t *p, char sha[65], int64_t *w, char whole[65])
{
	struct err e = { 0 };

	assert_int_equal(store_baseline_begin(s, "/", 100, "baseline", p, &e), 0);
	assert_int_equal(store_baseline_add(s, *p, "account", "root", "uid=0", "", &e), 0);
	assert_int_equal(store_baseline_add(s, *p, "file", "/etc", "type=d", "ino=1", &e), 0);
	assert_int_equal(store_baseline_add(s, *p, "file", "/etc/a", "type=f sha256=1", "ino=2", &e), 0);
	assert_int_equal(store_baseline_add(s, *p, "file", "/etc/b", "type=f sha256=2", "ino=3", &e), 0);
	assert_int_equal(store_baseline_add(s, *p, "file", "/usr/x", "type=f sha256=9", "ino=9", &e), 0);
	if (more)
		assert_int_equal(store_baseline_add(s, *p, "module", "ext4", "", "", &e), 0);
	assert_int_equal(store_baseline_commit(s, *p, sha, &e), 0);
	assert_int_equal(store_baseline_begin(s, "/", 200, "baseline", w, &e), 0);
	assert_int_equal(store_baseline_add(s, *w, "account", "root", "uid=0", "", &e), 0);
	assert_int_equal(store_baseline_add(s, *w, "file", "/etc", "type=d", "ino=1", &e), 0);
	assert_int_equal(store_baseline_add(s, *w, "file", "/etc/a", "type=f sha256=5", "ino=2", &e), 0);
	assert_int_equal(store_baseline_add(s, *w, "file", "/etc/c", "type=f sha256=6", "ino=4", &e), 0);
	if (more) {
		assert_int_equal(store_baseline_add(s, *w, "setuid", "/etc/a", "mode=4755", "", &e), 0);
		assert_int_equal(store_baseline_add(s, *w, "module", "ext4", "", "", &e), 0);
	}
	assert_int_equal(store_baseline_commit(s, *w, whole, &e), 0);
}

static void test_baseline_parent(void **state)
{
	struct fixture *fx = *state;
	struct baseline_cursor *cur;
	struct diffs d = { 0 };
	struct store *s = NULL;
	struct err e = { 0 };
	char whole[65], sha[65], again[65], *v = NULL, *x = NULL;
	const char *value, *aux;
	bool inherit;
	int64_t p, c, w;

	assert_int_equal(store_open(fx->path, &s, &e), 0);
	save_two(s, false, &p, sha, &w, whole);
	/* and as a child of p: the cursor walks /etc */
	assert_int_equal(store_baseline_begin(s, "/", 300, "baseline", &c, &e), 0);
	assert_int_equal(store_baseline_base(s, p), p);
	assert_int_equal(store_baseline_set_parent(s, c, p, &e), 0);
	assert_int_equal(store_baseline_add(s, c, "account", "root", "uid=0", "", &e), 0);
	assert_int_equal(store_baseline_cursor_open(s, p, "file", "/etc", c, &cur, &e), 0);
	assert_int_equal(store_baseline_cursor_find(cur, "/etc", &value, &aux, &inherit, &e), 1);
	assert_true(inherit);	/* not written: inherited */
	assert_int_equal(store_baseline_cursor_find(cur, "/etc/a", &value, &aux, &inherit, &e), 1);
	assert_string_equal(value, "type=f sha256=1");
	assert_int_equal(store_baseline_add(s, c, "file", "/etc/a", "type=f sha256=5", "ino=2", &e), 0);
	assert_int_equal(store_baseline_cursor_find(cur, "/etc/c", &value, &aux, &inherit, &e), 0);	/* /etc/b passed */
	assert_int_equal(store_baseline_add(s, c, "file", "/etc/c", "type=f sha256=6", "ino=4", &e), 0);
	assert_int_equal(store_baseline_cursor_close(cur), 3);	/* /etc, /etc/a met, /etc/b vanished */
	{
		char *paths[] = { (char *)"/etc" };

		assert_int_equal(store_baseline_delta_finish(s, c, p, paths, 1, &e), 0);	/* /usr/x vanished */
	}
	assert_int_equal(store_baseline_commit(s, c, sha, &e), 0);
	assert_string_equal(sha, whole);
	assert_int_equal(store_baseline_summary(s, c, again, &e), 0);
	assert_string_equal(again, whole);
	assert_int_equal(store_baseline_lookup(s, c, "file", "/etc", &v, &x, &e), 0);
	assert_string_equal(v, "type=d");
	free(v);
	free(x);
	assert_int_equal(store_baseline_lookup(s, c, "file", "/etc/b", &v, &x, &e), -ENOENT);
	assert_int_equal(store_baseline_lookup(s, c, "file", "/usr/x", &v, &x, &e), -ENOENT);
	assert_int_equal(store_baseline_diff(s, w, c, on_diff, &d, &e), 0);
	assert_int_equal(d.n, 0);	/* the child and the whole one hold the same */
	assert_int_equal(store_baseline_diff(s, p, c, on_diff, &d, &e), 0);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.line[0], "2 file /etc/a type=f sha256=1 type=f sha256=5");
	assert_string_equal(d.line[1], "1 file /etc/b type=f sha256=2 -");
	assert_string_equal(d.line[2], "0 file /etc/c - type=f sha256=6");
	assert_string_equal(d.line[3], "1 file /usr/x type=f sha256=9 -");
	/* a child of the child refers to p (no chains) */
	assert_int_equal(store_baseline_base(s, c), p);
	assert_true(store_baseline_set_parent(s, w, c, &e) < 0);
	/* the parent deleted: the child gets its files, its summary stays */
	assert_int_equal(store_baseline_delete(s, p, &e), 0);
	assert_int_equal(store_baseline_base(s, c), c);
	assert_int_equal(store_baseline_summary(s, c, again, &e), 0);
	assert_string_equal(again, whole);
	store_close(s);
}

/*
 * A child of p saved with its summary built as the files pass (mode 0), the
 * files fed out of order (1: read back), an account added after the digest
 * began (2: read back), or a wrong file fed (3: the summary is the digest's).
 */
static int64_t digest_child(struct store *s, int64_t p, int mode, char sha[65])
{
	char *paths[] = { (char *)"/etc" };
	struct baseline_digest *d = NULL;
	struct err e = { 0 };
	int64_t c;

	assert_int_equal(store_baseline_begin(s, "/", 300 + mode, "baseline", &c, &e), 0);
	assert_int_equal(store_baseline_set_parent(s, c, p, &e), 0);
	assert_int_equal(store_baseline_add(s, c, "account", "root", "uid=0", "", &e), 0);
	assert_int_equal(store_baseline_digest_begin(s, c, &d, &e), 0);
	if (mode == 2)
		assert_int_equal(store_baseline_add(s, c, "account", "zed", "uid=7", "", &e), 0);
	store_baseline_digest_file(d, "/etc", mode == 3 ? "type=f" : "type=d", "ino=1");	/* inherited */
	assert_int_equal(store_baseline_add(s, c, "file", "/etc/a", "type=f sha256=5", "ino=2", &e), 0);
	assert_int_equal(store_baseline_add(s, c, "file", "/etc/b", "", "", &e), 0);	/* vanished */
	assert_int_equal(store_baseline_add(s, c, "file", "/etc/c", "type=f sha256=6", "ino=4", &e), 0);
	if (mode == 1) {
		store_baseline_digest_file(d, "/etc/c", "type=f sha256=6", "ino=4");
		store_baseline_digest_file(d, "/etc/a", "type=f sha256=5", "ino=2");
	} else {
		store_baseline_digest_file(d, "/etc/a", "type=f sha256=5", "ino=2");
		store_baseline_digest_file(d, "/etc/c", "type=f sha256=6", "ino=4");
	}
	assert_int_equal(store_baseline_add(s, c, "setuid", "/etc/a", "mode=4755", "", &e), 0);
	assert_int_equal(store_baseline_add(s, c, "module", "ext4", "", "", &e), 0);
	assert_int_equal(store_baseline_delta_finish(s, c, p, paths, 1, &e), 0);	/* /usr/x vanished */
	assert_int_equal(store_baseline_commit_digest(s, c, d, sha, &e), 0);
	return c;
}

/* The summary built as the files pass is the one read back from the saved rows, and a whole save's. */
static void test_baseline_digest(void **state)
{
	struct fixture *fx = *state;
	struct store *s = NULL;
	struct err e = { 0 };
	char whole[65], sha[65], again[65];
	int64_t p, w, c;
	int mode;

	assert_int_equal(store_open(fx->path, &s, &e), 0);
	save_two(s, true, &p, sha, &w, whole);
	for (mode = 0; mode < 4; mode++) {
		c = digest_child(s, p, mode, sha);
		assert_int_equal(store_baseline_summary(s, c, again, &e), 0);
		if (mode == 3) {
			assert_string_not_equal(sha, again);	/* not read back: the digest's */
			continue;
		}
		assert_string_equal(sha, again);
		if (mode != 2)
			assert_string_equal(sha, whole);
		else
			assert_string_not_equal(sha, whole);	/* one more account */
	}
	store_close(s);
}

/* The parent's files outside the walked paths, and only those, recorded as vanished by a skip scan. */
static void test_baseline_delta_finish(void **state)
{
	static const char *const keys[] = { "", "/", "/a", "/etc", "/etc b", "/etc-x", "/etc.d/z", "/etc/", "/etc/a",
					    "/etc/a/b", "/etc0", "/etcz", "/usr", "/usr/lib/x", "/usr/x", "/usrx", "/v" };
	static const char *const gone[] = { "", "/", "/a", "/etc b", "/etc-x", "/etc.d/z", "/etc0", "/etcz", "/usr", "/usrx" };
	char *paths[] = { (char *)"/usr/", (char *)"/etc", (char *)"/v", (char *)"/none" };
	struct fixture *fx = *state;
	struct store *s = NULL;
	struct err e = { 0 };
	char sha[65], *v = NULL, *x = NULL;
	int64_t p, c;
	size_t i, j;

	assert_int_equal(store_open(fx->path, &s, &e), 0);
	assert_int_equal(store_baseline_begin(s, "/", 100, "baseline", &p, &e), 0);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_int_equal(store_baseline_add(s, p, "file", keys[i], "type=f", "ino=1", &e), 0);
	assert_int_equal(store_baseline_commit(s, p, sha, &e), 0);
	assert_int_equal(store_baseline_begin(s, "/", 200, "baseline", &c, &e), 0);
	assert_int_equal(store_baseline_set_parent(s, c, p, &e), 0);
	assert_int_equal(store_baseline_delta_finish(s, c, p, paths, 4, &e), 0);
	assert_int_equal(store_baseline_commit(s, c, sha, &e), 0);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		int r = store_baseline_lookup(s, c, "file", keys[i], &v, &x, &e);

		for (j = 0; j < sizeof(gone) / sizeof(gone[0]) && strcmp(gone[j], keys[i]) != 0; j++)
			;
		if (j < sizeof(gone) / sizeof(gone[0])) {
			assert_int_equal(r, -ENOENT);
			continue;
		}
		assert_int_equal(r, 0);
		free(v);
		free(x);
	}
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_netscans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_modes_under_umask, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grouped_subjects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_parent_created, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlinks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_run_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_killed_mid_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_missing_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirmations_and_alerts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_baselines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_baseline_parent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_baseline_delta_finish, setup, teardown),
		cmocka_unit_test_setup_teardown(test_baseline_digest, setup, teardown),
		cmocka_unit_test(test_default_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
