/*
 * lastlog / utmp decoding. The decoder reads bytes at fixed offsets; these
 * tests fill glibc's own struct utmp / struct lastlog and check that the
 * decoder agrees with it field by field.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <lastlog.h>
#include <utmp.h>

#include "parse/utmp.h"

/* The layout the decoder assumes is glibc's on this architecture. */
static void test_layout(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct utmp), UTMP_RECORD_SIZE);
	assert_int_equal(sizeof(struct lastlog), LASTLOG_RECORD_SIZE);
	assert_int_equal(offsetof(struct utmp, ut_type), 0);
	assert_int_equal(offsetof(struct utmp, ut_pid), 4);
	assert_int_equal(offsetof(struct utmp, ut_line), 8);
	assert_int_equal(offsetof(struct utmp, ut_id), 40);
	assert_int_equal(offsetof(struct utmp, ut_user), 44);
	assert_int_equal(offsetof(struct utmp, ut_host), 76);
	assert_int_equal(offsetof(struct utmp, ut_exit), 332);
	assert_int_equal(offsetof(struct utmp, ut_session), 336);
	assert_int_equal(offsetof(struct utmp, ut_tv), 340);
	assert_int_equal(offsetof(struct utmp, ut_tv.tv_usec), 344);
	assert_int_equal(offsetof(struct utmp, ut_addr_v6), 348);
	assert_int_equal(offsetof(struct utmp, __glibc_reserved), 364);
	assert_int_equal(sizeof(((struct utmp *)0)->ut_line), 32);
	assert_int_equal(sizeof(((struct utmp *)0)->ut_user), 32);
	assert_int_equal(sizeof(((struct utmp *)0)->ut_host), 256);
	assert_int_equal(offsetof(struct lastlog, ll_time), 0);
	assert_int_equal(offsetof(struct lastlog, ll_line), 4);
	assert_int_equal(offsetof(struct lastlog, ll_host), 36);
	assert_int_equal(sizeof(((struct lastlog *)0)->ll_time), 4);
}

/* A field filled to its full width with a repeated byte (no NUL inside). */
static void fill(char *dst, size_t n, char c)
{
	memset(dst, c, n);
}

/* Like strncpy into a fixed-width field: NUL-padded, not terminated when full. */
static void put(char *dst, size_t n, const char *src)
{
	size_t len = strnlen(src, n);

	memset(dst, 0, n);
	memcpy(dst, src, len);
}

struct utmp_case {
	const char *name;
	short type;
	int32_t pid;
	const char *line;	/* NULL: fill the whole field with 'L' */
	const char *user;	/* NULL: fill the whole field with 'U' */
	const char *host;	/* NULL: fill the whole field with 'H' */
	int32_t sec;
	unsigned char addr[16];
	const char *want_addr;
};

static const struct utmp_case utmp_cases[] = {
	{ "ssh login v4", USER_PROCESS, 4242, "pts/0", "alice", "192.0.2.7", 1700000000,
	  { 192, 0, 2, 7 }, "192.0.2.7" },
	{ "ssh login v6", USER_PROCESS, 77, "pts/12", "bob", "2001:db8::1", 1750000000,
	  { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, "2001:db8::1" },
	{ "v4-mapped v6", USER_PROCESS, 1, "pts/1", "carol", "h", 1,
	  { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 198, 51, 100, 9 }, "::ffff:198.51.100.9" },
	{ "boot", BOOT_TIME, 0, "~", "reboot", "6.1.0-13-amd64", 1690000000, { 0 }, "" },
	{ "run level", RUN_LVL, 53, "~~", "runlevel", "6.1.0", 1690000001, { 0 }, "" },
	{ "dead process", DEAD_PROCESS, 999, "pts/3", "", "", 1690000002, { 0 }, "" },
	{ "full width fields, no NUL", LOGIN_PROCESS, 12, NULL, NULL, NULL, 5, { 10, 0, 0, 1 }, "10.0.0.1" },
	{ "ansi escape and non-utf8 in host", USER_PROCESS, 8, "tty1", "\x1b[31mroot", "\x1b[2J\xff\xfe\x80",
	  1700000001, { 0 }, "" },
	{ "negative pid and time", USER_PROCESS, -5, "pts/9", "dave", "x", -1, { 0 }, "" },
	{ "time max", USER_PROCESS, INT32_MAX, "pts/9", "eve", "x", INT32_MAX, { 0 }, "" },
	{ "time min", USER_PROCESS, INT32_MIN, "pts/9", "eve", "x", INT32_MIN, { 0 }, "" },
	{ "unknown type", 0x7fff, 1, "a", "b", "c", 1, { 0 }, "" },
	{ "negative type", -1, 1, "a", "b", "c", 1, { 0 }, "" },
	{ "empty record", EMPTY, 0, "", "", "", 0, { 0 }, "" },
	{ "only high word of v6", USER_PROCESS, 1, "a", "b", "c", 1,
	  { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, "::1" },
	{ "first word zero, later set", USER_PROCESS, 1, "a", "b", "c", 1,
	  { 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, "0:0:0:1::" },
	{ "broadcast v4", USER_PROCESS, 1, "a", "b", "c", 1, { 255, 255, 255, 255 }, "255.255.255.255" },
};

static void make_utmp(const struct utmp_case *c, struct utmp *u)
{
	memset(u, 0, sizeof(*u));
	u->ut_type = c->type;
	u->ut_pid = c->pid;
	if (c->line)
		put(u->ut_line, sizeof(u->ut_line), c->line);
	else
		fill(u->ut_line, sizeof(u->ut_line), 'L');
	if (c->user)
		put(u->ut_user, sizeof(u->ut_user), c->user);
	else
		fill(u->ut_user, sizeof(u->ut_user), 'U');
	if (c->host)
		put(u->ut_host, sizeof(u->ut_host), c->host);
	else
		fill(u->ut_host, sizeof(u->ut_host), 'H');
	memcpy(u->ut_id, "ts/0", 4);
	u->ut_exit.e_termination = 3;
	u->ut_exit.e_exit = 4;
	u->ut_session = 123456;
	u->ut_tv.tv_sec = c->sec;
	u->ut_tv.tv_usec = 999999;
	memcpy(u->ut_addr_v6, c->addr, sizeof(u->ut_addr_v6));
	memset(u->__glibc_reserved, 0xaa, sizeof(u->__glibc_reserved));
}

/* Compares a decoded string with a glibc fixed-width field. */
static void assert_field(const char *got, const char *field, size_t n)
{
	size_t len = strnlen(field, n);

	assert_int_equal(strlen(got), len);
	assert_memory_equal(got, field, len);
}

static void test_utmp_agrees_with_glibc(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(utmp_cases) / sizeof(utmp_cases[0]); i++) {
		const struct utmp_case *c = &utmp_cases[i];
		unsigned char bytes[UTMP_RECORD_SIZE];
		struct utmp u;
		struct utmp_rec r;
		struct err e = { 0 };
		char want_addr[INET6_ADDRSTRLEN];

		print_message("case: %s\n", c->name);
		make_utmp(c, &u);
		memcpy(bytes, &u, sizeof(bytes));
		memset(&r, 0x5a, sizeof(r));
		assert_int_equal(utmp_decode(bytes, sizeof(bytes), &r, &e), 0);
		assert_int_equal(r.type, u.ut_type);
		assert_int_equal(r.pid, u.ut_pid);
		assert_field(r.line, u.ut_line, sizeof(u.ut_line));
		assert_field(r.user, u.ut_user, sizeof(u.ut_user));
		assert_field(r.host, u.ut_host, sizeof(u.ut_host));
		assert_true(r.time == (int64_t)u.ut_tv.tv_sec);
		assert_string_equal(r.addr, c->want_addr);
		/* Cross-check the address against glibc's own view of the field. */
		if (u.ut_addr_v6[0] == 0 && u.ut_addr_v6[1] == 0 && u.ut_addr_v6[2] == 0 && u.ut_addr_v6[3] == 0)
			want_addr[0] = '\0';
		else if (u.ut_addr_v6[1] == 0 && u.ut_addr_v6[2] == 0 && u.ut_addr_v6[3] == 0)
			assert_non_null(inet_ntop(AF_INET, &u.ut_addr_v6[0], want_addr, sizeof(want_addr)));
		else
			assert_non_null(inet_ntop(AF_INET6, u.ut_addr_v6, want_addr, sizeof(want_addr)));
		assert_string_equal(r.addr, want_addr);
	}
}

static void test_utmp_field_stops_at_nul(void **state)
{
	unsigned char b[UTMP_RECORD_SIZE];
	struct utmp_rec r;

	(void)state;
	memset(b, 0, sizeof(b));
	memcpy(b + 44, "ab\0cd", 5);
	memcpy(b + 76, "\0hidden", 7);
	assert_int_equal(utmp_decode(b, sizeof(b), &r, NULL), 0);
	assert_string_equal(r.user, "ab");
	assert_string_equal(r.host, "");
}

static void test_utmp_all_ones(void **state)
{
	unsigned char b[UTMP_RECORD_SIZE];
	struct utmp_rec r;

	(void)state;
	memset(b, 0xff, sizeof(b));
	assert_int_equal(utmp_decode(b, sizeof(b), &r, NULL), 0);
	assert_int_equal(r.type, -1);
	assert_int_equal(r.pid, -1);
	assert_int_equal(strlen(r.line), 32);
	assert_int_equal(strlen(r.user), 32);
	assert_int_equal(strlen(r.host), 256);
	assert_true(r.time == -1);
	assert_string_equal(r.addr, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

static void test_utmp_little_endian(void **state)
{
	unsigned char b[UTMP_RECORD_SIZE];
	struct utmp_rec r;

	(void)state;
	memset(b, 0, sizeof(b));
	b[0] = 7;
	b[1] = 0;
	b[4] = 0x01;
	b[5] = 0x02;
	b[6] = 0x03;
	b[7] = 0x04;
	b[340] = 0x80;
	b[341] = 0xf0;
	b[342] = 0xfa;
	b[343] = 0x02;
	assert_int_equal(utmp_decode(b, sizeof(b), &r, NULL), 0);
	assert_int_equal(r.type, UT_USER_PROCESS);
	assert_int_equal(r.pid, 0x04030201);
	assert_true(r.time == 0x02faf080);
}

static void test_utmp_wrong_size(void **state)
{
	static const size_t sizes[] = { 0, 1, UTMP_RECORD_SIZE - 1, UTMP_RECORD_SIZE + 1, LASTLOG_RECORD_SIZE,
					2 * UTMP_RECORD_SIZE, SIZE_MAX };
	unsigned char b[2 * UTMP_RECORD_SIZE];
	struct utmp_rec r;
	size_t i;

	(void)state;
	memset(b, 0, sizeof(b));
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct err e = { 0 };

		memset(&r, 0x5a, sizeof(r));
		/* Only the length is looked at before failing, so SIZE_MAX is safe here. */
		assert_int_equal(utmp_decode(b, sizes[i], &r, &e), -EINVAL);
		assert_int_equal(e.code, -EINVAL);
		assert_non_null(strstr(e.msg, "expected 384"));
		assert_int_equal(r.pid, 0x5a5a5a5a);	/* untouched */
	}
	assert_int_equal(utmp_decode(NULL, UTMP_RECORD_SIZE, &r, NULL), -EINVAL);
}

struct walk_state {
	size_t n;
	size_t stop_at;	/* return non-zero at this record (1-based), 0 = never */
	int32_t pids[8];
};

static int walk_cb(const struct utmp_rec *r, void *arg)
{
	struct walk_state *w = arg;

	if (w->n < 8)
		w->pids[w->n] = r->pid;
	w->n++;
	if (w->stop_at && w->n == w->stop_at)
		return 42;
	return 0;
}

static void test_utmp_walk(void **state)
{
	static const struct {
		size_t records, extra, stop_at;
		int want_ret;
		size_t want_n;
	} cases[] = {
		{ 0, 0, 0, 0, 0 },
		{ 0, 100, 0, 0, 0 },
		{ 1, 0, 0, 0, 1 },
		{ 3, 0, 0, 0, 3 },
		{ 3, 383, 0, 0, 3 },
		{ 5, 1, 2, 42, 2 },
		{ 5, 0, 5, 42, 5 },
	};
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = cases[i].records * UTMP_RECORD_SIZE + cases[i].extra;
		unsigned char *buf = malloc(len ? len : 1);
		struct walk_state w = { .stop_at = cases[i].stop_at };
		size_t trailing = 12345;
		struct err e = { 0 };

		assert_non_null(buf);
		memset(buf, 0, len);
		for (k = 0; k < cases[i].records; k++) {
			struct utmp u;
			memset(&u, 0, sizeof(u));
			u.ut_type = USER_PROCESS;
			u.ut_pid = (pid_t)(100 + k);
			memcpy(buf + k * UTMP_RECORD_SIZE, &u, sizeof(u));
		}
		assert_int_equal(utmp_walk(buf, len, walk_cb, &w, &trailing, &e), cases[i].want_ret);
		assert_int_equal(w.n, cases[i].want_n);
		assert_int_equal(trailing, cases[i].extra);
		for (k = 0; k < w.n && k < 8; k++)
			assert_int_equal(w.pids[k], 100 + k);
		/* trailing may be NULL */
		w.n = 0;
		assert_int_equal(utmp_walk(buf, len, walk_cb, &w, NULL, NULL), cases[i].want_ret);
		free(buf);
	}
	assert_int_equal(utmp_walk(NULL, 0, walk_cb, NULL, NULL, NULL), 0);
	assert_int_equal(utmp_walk(NULL, 10, walk_cb, NULL, NULL, NULL), -EINVAL);
	assert_int_equal(utmp_walk((const unsigned char *)"x", 1, NULL, NULL, NULL, NULL), -EINVAL);
}

struct lastlog_case {
	const char *name;
	int32_t time;
	const char *line;	/* NULL: fill the field */
	const char *host;	/* NULL: fill the field */
	int64_t want_time;
};

static const struct lastlog_case lastlog_cases[] = {
	{ "never", 0, "", "", 0 },
	{ "ssh", 1700000000, "pts/0", "192.0.2.7", 1700000000 },
	{ "console", 1600000000, "tty1", "", 1600000000 },
	{ "full width", 1, NULL, NULL, 1 },
	{ "negative is never", -1, "pts/1", "h", 0 },
	{ "int32 min is never", INT32_MIN, "pts/1", "h", 0 },
	{ "int32 max", INT32_MAX, "pts/1", "h", INT32_MAX },
	{ "hostile host", 5, "\x1b[31m", "\xff\xfe\x1b]0;owned\x07", 5 },
};

static void test_lastlog_agrees_with_glibc(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lastlog_cases) / sizeof(lastlog_cases[0]); i++) {
		const struct lastlog_case *c = &lastlog_cases[i];
		unsigned char bytes[LASTLOG_RECORD_SIZE];
		struct lastlog ll;
		struct lastlog_rec r;

		print_message("case: %s\n", c->name);
		memset(&ll, 0, sizeof(ll));
		ll.ll_time = c->time;
		if (c->line)
			put(ll.ll_line, sizeof(ll.ll_line), c->line);
		else
			fill(ll.ll_line, sizeof(ll.ll_line), 'L');
		if (c->host)
			put(ll.ll_host, sizeof(ll.ll_host), c->host);
		else
			fill(ll.ll_host, sizeof(ll.ll_host), 'H');
		memcpy(bytes, &ll, sizeof(bytes));
		assert_int_equal(lastlog_decode(bytes, sizeof(bytes), &r, NULL), 0);
		assert_true(r.time == c->want_time);
		if (ll.ll_time >= 0)
			assert_true(r.time == (int64_t)ll.ll_time);
		assert_field(r.line, ll.ll_line, sizeof(ll.ll_line));
		assert_field(r.host, ll.ll_host, sizeof(ll.ll_host));
	}
}

static void test_lastlog_wrong_size(void **state)
{
	static const size_t sizes[] = { 0, 291, 293, UTMP_RECORD_SIZE };
	unsigned char b[UTMP_RECORD_SIZE];
	struct lastlog_rec r;
	size_t i;

	(void)state;
	memset(b, 0, sizeof(b));
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct err e = { 0 };

		r.time = 77;
		assert_int_equal(lastlog_decode(b, sizes[i], &r, &e), -EINVAL);
		assert_non_null(strstr(e.msg, "expected 292"));
		assert_true(r.time == 77);
	}
}

static void test_lastlog_all_ones(void **state)
{
	unsigned char b[LASTLOG_RECORD_SIZE];
	struct lastlog_rec r;

	(void)state;
	memset(b, 0xff, sizeof(b));
	assert_int_equal(lastlog_decode(b, sizeof(b), &r, NULL), 0);
	assert_true(r.time == 0);
	assert_int_equal(strlen(r.line), 32);
	assert_int_equal(strlen(r.host), 256);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_utmp_agrees_with_glibc),
		cmocka_unit_test(test_utmp_field_stops_at_nul),
		cmocka_unit_test(test_utmp_all_ones),
		cmocka_unit_test(test_utmp_little_endian),
		cmocka_unit_test(test_utmp_wrong_size),
		cmocka_unit_test(test_utmp_walk),
		cmocka_unit_test(test_lastlog_agrees_with_glibc),
		cmocka_unit_test(test_lastlog_wrong_size),
		cmocka_unit_test(test_lastlog_all_ones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
