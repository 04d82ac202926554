/* Unit tests for the passwd, shadow, group, gshadow and login.defs parsers. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/accounts.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A string literal and its length, NUL bytes included. */
#define IN(s) s, sizeof(s) - 1

/* Copies the input into an exactly-sized, unterminated buffer so ASan sees over-reads. */
static char *exact(const char *s, size_t len)
{
	char *p = xmalloc(len ? len : 1);

	if (len)
		memcpy(p, s, len);
	return p;
}

/* A buffer of `len` bytes: prefix, then `fill` repeated, then suffix. */
static char *big_line(const char *prefix, char fill, size_t len, const char *suffix, size_t *out_len)
{
	size_t pl = strlen(prefix), sl = strlen(suffix);
	char *p = xmalloc(pl + len + sl);

	memcpy(p, prefix, pl);
	memset(p + pl, fill, len);
	memcpy(p + pl + len, suffix, sl);
	*out_len = pl + len + sl;
	return p;
}

/* `count` copies of `line`, exactly sized. */
static char *repeat(const char *line, size_t count, size_t *out_len)
{
	size_t l = strlen(line), i;
	char *p = xmalloc(st_mult(l, count) + 1);

	for (i = 0; i < count; i++)
		memcpy(p + i * l, line, l);
	*out_len = l * count;
	return p;
}

/* ------------------------------------------------------------------ passwd */

struct db_case {
	const char *in;
	size_t len;
	size_t n;		/* entries */
	size_t bad;		/* bad lines */
	const char *why;	/* reason of the first bad line, if any */
};

static const struct db_case passwd_cases[] = {
	{ IN(""), 0, 0, NULL },
	{ IN("\n\n\n"), 0, 0, NULL },
	{ IN("\r\n\r\n"), 0, 0, NULL },
	{ IN("root:x:0:0:root:/root:/bin/bash\n"), 1, 0, NULL },
	{ IN("root:x:0:0:root:/root:/bin/bash"), 1, 0, NULL },
	{ IN("root:x:0:0:root:/root:/bin/bash\r\nbin:x:1:1::/:/usr/sbin/nologin\r\n"), 2, 0, NULL },
	{ IN("# comment\n\n   \n\t# indented comment\nroot:x:0:0::/:/bin/sh\n"), 1, 0, NULL },
	{ IN("  root:x:0:0::/:/bin/sh\n"), 1, 0, NULL },
	{ IN("root:x:0:0:/root:/bin/sh\n"), 0, 1, "too few fields" },
	{ IN("root\n"), 0, 1, "too few fields" },
	{ IN(":\n"), 0, 1, "too few fields" },
	{ IN("root:x:0:0::/root:/bin/sh:extra\n"), 0, 1, "too many fields" },
	{ IN("root:x:0:0::/root:/bin/sh:\n"), 0, 1, "too many fields" },
	{ IN("::::::::::::::::::::::::::::::::::::::::\n"), 0, 1, "too many fields" },
	{ IN(":x:0:0::/:/bin/sh\n"), 0, 1, "empty name" },
	{ IN("::::::\n"), 0, 1, "empty name" },
	{ IN("a:x:99999999999999999999:0::/:/bin/sh\n"), 0, 1, "bad uid" },
	{ IN("a:x:4294967296:0::/:/bin/sh\n"), 0, 1, "bad uid" },
	{ IN("a:x:4294967295:4294967295::/:/bin/sh\n"), 1, 0, NULL },
	{ IN("a:x:-1:0::/:/bin/sh\n"), 0, 1, "bad uid" },
	{ IN("a:x::0::/:/bin/sh\n"), 0, 1, "bad uid" },
	{ IN("a:x: 0:0::/:/bin/sh\n"), 0, 1, "bad uid" },
	{ IN("a:x:0x10:0::/:/bin/sh\n"), 0, 1, "bad uid" },
	{ IN("a:x:0:1a::/:/bin/sh\n"), 0, 1, "bad gid" },
	{ IN("a:x:0:99999999999999999999::/:/bin/sh\n"), 0, 1, "bad gid" },
	{ IN("a:x:0:0::/:/bin/sh\0\nb:x:1:1::/:/bin/sh\n"), 1, 1, "nul byte" },
	{ IN("\0"), 0, 1, "nul byte" },
	{ IN("+::::::\n-bob::::::\n+@admins\n"), 0, 3, "nis compat entry" },
	{ IN("\x1b[31mevil:x:0:0:\x1b[0m\x1b]0;title\x07:/:/bin/sh\n"), 1, 0, NULL },
	{ IN("\xff\xfe\x80:x:5:5:\xc3\x28:/:/bin/sh\n"), 1, 0, NULL },
	{ IN("a:x:1:1::/:/bin/sh\nbroken\nb:x:2:2::/:/bin/sh"), 2, 1, "too few fields" },
};

static void test_passwd_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(passwd_cases); i++) {
		const struct db_case *c = &passwd_cases[i];
		char *buf = exact(c->in, c->len);
		struct passwd_db db = { 0 };
		struct err err = { 0 };

		print_message("passwd case %zu\n", i);
		assert_int_equal(passwd_parse(buf, c->len, &db, &err), 0);
		assert_int_equal(db.n, c->n);
		assert_int_equal(db.bad.n, c->bad);
		if (c->why)
			assert_string_equal(db.bad.why[0], c->why);
		passwd_free(&db);
		free(buf);
	}
}

static void test_passwd_fields(void **state)
{
	static const char in[] =
		"# header\n"
		"root:x:0:0:root:/root:/bin/bash\r\n"
		"\n"
		"  daemon:*:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
		"nobody:x:65534:65534:nobody:/nonexistent:\n"
		"\x1b[31mx:pw::::/:\n"
		"esc\x1b[2J:x:1000:1000:\xff\xfeGecos, with \"quotes\":/home/e:/bin/zsh";
	char *buf = exact(IN(in));
	struct passwd_db db = { 0 };
	const struct passwd_entry *e;

	(void)state;
	assert_int_equal(passwd_parse(buf, sizeof(in) - 1, &db, NULL), 0);
	free(buf);	/* entries own their strings */
	assert_int_equal(db.n, 4);
	assert_int_equal(db.bad.n, 1);
	assert_int_equal(db.bad.line[0], 6);
	assert_string_equal(db.bad.why[0], "bad uid");

	e = &db.v[0];
	assert_string_equal(e->name, "root");
	assert_string_equal(e->passwd, "x");
	assert_int_equal(e->uid, 0);
	assert_int_equal(e->gid, 0);
	assert_string_equal(e->gecos, "root");
	assert_string_equal(e->dir, "/root");
	assert_string_equal(e->shell, "/bin/bash");	/* CR stripped */
	assert_int_equal(e->line, 2);

	e = &db.v[1];
	assert_string_equal(e->name, "daemon");
	assert_string_equal(e->passwd, "*");
	assert_int_equal(e->uid, 1);
	assert_int_equal(e->line, 4);

	e = &db.v[2];
	assert_string_equal(e->name, "nobody");
	assert_int_equal(e->uid, 65534);
	assert_string_equal(e->shell, "");
	assert_int_equal(e->line, 5);

	e = &db.v[3];
	assert_string_equal(e->name, "esc\x1b[2J");
	assert_int_equal(e->uid, 1000);
	assert_string_equal(e->gecos, "\xff\xfeGecos, with \"quotes\"");
	assert_string_equal(e->shell, "/bin/zsh");
	assert_int_equal(e->line, 7);
	passwd_free(&db);
}

static void test_passwd_by_name(void **state)
{
	static const char in[] =
		"root:x:0:0::/root:/bin/sh\n"
		"toor:x:0:0::/root:/bin/sh\n"
		"root:x:5:5::/x:/bin/false\n";
	struct passwd_db db = { 0 };
	const struct passwd_entry *e;

	(void)state;
	assert_int_equal(passwd_parse(IN(in), &db, NULL), 0);
	e = passwd_by_name(&db, "root");
	assert_non_null(e);
	assert_ptr_equal(e, &db.v[0]);
	assert_int_equal(e->uid, 0);
	assert_ptr_equal(passwd_by_name(&db, "toor"), &db.v[1]);
	assert_null(passwd_by_name(&db, "roo"));
	assert_null(passwd_by_name(&db, "rootx"));
	assert_null(passwd_by_name(&db, ""));
	assert_null(passwd_by_name(&db, NULL));
	assert_null(passwd_by_name(NULL, "root"));
	passwd_free(&db);
}

/* Every entry with a name, uid or gid, first to last, through the indexes or (hand-filled db) a scan. */
static void check_chains(const struct passwd_db *db)
{
	size_t i;

	assert_int_equal(passwd_find_name(db, "root"), 0);
	assert_int_equal(passwd_next_name(db, 0), 2);
	assert_int_equal(passwd_next_name(db, 2), HIDX_NONE);
	assert_int_equal(passwd_find_name(db, "toor"), 1);
	assert_int_equal(passwd_next_name(db, 1), HIDX_NONE);
	assert_int_equal(passwd_find_name(db, "roo"), HIDX_NONE);
	assert_int_equal(passwd_find_name(db, NULL), HIDX_NONE);
	assert_int_equal(passwd_find_uid(db, 0), 0);
	assert_int_equal(passwd_next_uid(db, 0), 1);
	assert_int_equal(passwd_next_uid(db, 1), HIDX_NONE);
	assert_int_equal(passwd_find_uid(db, 5), 2);
	assert_int_equal(passwd_find_uid(db, 6), HIDX_NONE);
	i = passwd_find_gid(db, 5);
	assert_int_equal(i, 2);
	assert_int_equal(passwd_next_gid(db, i), 3);
	assert_int_equal(passwd_next_gid(db, 3), HIDX_NONE);
}

static void test_passwd_find(void **state)
{
	static const char in[] =
		"root:x:0:0::/root:/bin/sh\n"
		"toor:x:0:0::/root:/bin/sh\n"
		"root:x:5:5::/x:/bin/false\n"
		"eve:x:7:5::/x:/bin/false\n";
	struct passwd_db db = { 0 }, hand;

	(void)state;
	assert_int_equal(passwd_parse(IN(in), &db, NULL), 0);
	assert_true(hidx_built(&db.by_name));
	check_chains(&db);
	hand = (struct passwd_db){ .v = db.v, .n = db.n };
	check_chains(&hand);
	assert_int_equal(passwd_find_name(NULL, "root"), HIDX_NONE);
	assert_int_equal(passwd_find_uid(NULL, 0), HIDX_NONE);
	passwd_free(&db);
}

/* 50,000 accounts: every name, uid and gid is found, and each chain holds exactly its entries. */
static void test_passwd_find_many(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct passwd_db db = { 0 };
	struct shadow_db sh = { 0 };
	size_t i, j, n = 50000, seen;

	(void)state;
	for (i = 0; i < n; i++)
		strbuf_addf(&sb, "u%zu:x:%zu:%zu::/home/u%zu:/bin/sh\n", i % (n - 10), 1000 + i, i % 100, i);
	assert_int_equal(passwd_parse(sb.buf, sb.len, &db, NULL), 0);
	assert_int_equal(db.n, n);
	for (i = 0; i < n; i++) {
		j = passwd_find_name(&db, db.v[i].name);
		assert_int_equal(j, i < n - 10 ? i : i - (n - 10));
		assert_int_equal(passwd_find_uid(&db, db.v[i].uid), i);
		assert_int_equal(passwd_next_uid(&db, i), HIDX_NONE);
	}
	for (seen = 0, j = passwd_find_gid(&db, 42); j != HIDX_NONE; j = passwd_next_gid(&db, j), seen++)
		assert_int_equal(db.v[j].gid, 42);
	assert_int_equal(seen, n / 100);
	assert_int_equal(passwd_next_name(&db, 3), n - 10 + 3);
	assert_int_equal(passwd_find_name(&db, "u50000"), HIDX_NONE);
	strbuf_reset(&sb);
	for (i = 0; i < n; i++)
		strbuf_addf(&sb, "u%zu:*:20000:0:99999:7:::\n", n - 1 - i);
	assert_int_equal(shadow_parse(sb.buf, sb.len, &sh, NULL), 0);
	for (i = 0; i < n; i += 7)
		assert_ptr_equal(shadow_by_name(&sh, db.v[i].name), &sh.v[n - 1 - (i < n - 10 ? i : i - (n - 10))]);
	assert_null(shadow_by_name(&sh, "u-1"));
	shadow_free(&sh);
	passwd_free(&db);
	strbuf_release(&sb);
}

/* Bad lines: the count is exact, the first PARSE_MAX_BAD_KEPT are remembered. */
static void test_passwd_many_bad(void **state)
{
	size_t len, i;
	char *buf = repeat("junk\n", 100, &len);
	struct passwd_db db = { 0 };

	(void)state;
	assert_int_equal(passwd_parse(buf, len, &db, NULL), 0);
	assert_int_equal(db.n, 0);
	assert_int_equal(db.bad.n, 100);
	for (i = 0; i < PARSE_MAX_BAD_KEPT; i++) {
		assert_int_equal(db.bad.line[i], i + 1);
		assert_string_equal(db.bad.why[i], "too few fields");
	}
	passwd_free(&db);
	free(buf);
}

/* A 1 MB line is bad, the lines around it still count; the cap is exact. */
static void test_passwd_long_lines(void **state)
{
	struct passwd_db db = { 0 };
	size_t len;
	char *buf;

	(void)state;
	buf = big_line("a:x:1:1::/:/bin/sh\nb:x:2:2:", 'G', (size_t)1 << 20,
		       ":/:/bin/sh\nc:x:3:3::/:/bin/sh\n", &len);
	assert_int_equal(passwd_parse(buf, len, &db, NULL), 0);
	assert_int_equal(db.n, 2);
	assert_string_equal(db.v[1].name, "c");
	assert_int_equal(db.v[1].line, 3);
	assert_int_equal(db.bad.n, 1);
	assert_int_equal(db.bad.line[0], 2);
	assert_string_equal(db.bad.why[0], "line too long");
	passwd_free(&db);
	free(buf);

	/* "b:x:2:2:" + gecos + ":/:/bin/sh" is exactly PARSE_MAX_LINE: accepted. */
	buf = big_line("b:x:2:2:", 'G', PARSE_MAX_LINE - 18, ":/:/bin/sh", &len);
	assert_int_equal(len, PARSE_MAX_LINE);
	assert_int_equal(passwd_parse(buf, len, &db, NULL), 0);
	assert_int_equal(db.n, 1);
	assert_int_equal(strlen(db.v[0].gecos), PARSE_MAX_LINE - 18);
	passwd_free(&db);
	free(buf);

	/* With CRLF the CR does not count against the cap. */
	buf = big_line("b:x:2:2:", 'G', PARSE_MAX_LINE - 18, ":/:/bin/sh\r\n", &len);
	assert_int_equal(passwd_parse(buf, len, &db, NULL), 0);
	assert_int_equal(db.n, 1);
	passwd_free(&db);
	free(buf);

	buf = big_line("b:x:2:2:", 'G', PARSE_MAX_LINE - 17, ":/:/bin/sh", &len);
	assert_int_equal(passwd_parse(buf, len, &db, NULL), 0);
	assert_int_equal(db.n, 0);
	assert_int_equal(db.bad.n, 1);
	assert_string_equal(db.bad.why[0], "line too long");
	passwd_free(&db);
	free(buf);
}

static void test_free_zeroed(void **state)
{
	struct passwd_db p = { 0 }, pz = { 0 };
	struct shadow_db s = { 0 }, sz = { 0 };
	struct group_db g = { 0 }, gz = { 0 };
	struct gshadow_db gs = { 0 }, gsz = { 0 };
	struct logindefs l = { 0 }, lz = { 0 };

	(void)state;
	passwd_free(&p);
	shadow_free(&s);
	group_free(&g);
	gshadow_free(&gs);
	logindefs_free(&l);
	passwd_free(NULL);
	shadow_free(NULL);
	group_free(NULL);
	gshadow_free(NULL);
	logindefs_free(NULL);
	assert_memory_equal(&p, &pz, sizeof(p));
	assert_memory_equal(&s, &sz, sizeof(s));
	assert_memory_equal(&g, &gz, sizeof(g));
	assert_memory_equal(&gs, &gsz, sizeof(gs));
	assert_memory_equal(&l, &lz, sizeof(l));

	/* After a successful parse, free leaves the struct zeroed and may repeat. */
	assert_int_equal(passwd_parse(IN("a:x:1:1::/:/bin/sh\nbad\n"), &p, NULL), 0);
	passwd_free(&p);
	assert_memory_equal(&p, &pz, sizeof(p));
	passwd_free(&p);
	assert_int_equal(shadow_parse(IN("a:$6$s$h:1:2:3:4:5:6:\n"), &s, NULL), 0);
	shadow_free(&s);
	assert_memory_equal(&s, &sz, sizeof(s));
	assert_int_equal(group_parse(IN("g::1:a,b\n"), &g, NULL), 0);
	group_free(&g);
	assert_memory_equal(&g, &gz, sizeof(g));
	assert_int_equal(gshadow_parse(IN("g:!:a:b,c\n"), &gs, NULL), 0);
	gshadow_free(&gs);
	assert_memory_equal(&gs, &gsz, sizeof(gs));
	assert_int_equal(logindefs_parse(IN("A 1\nB\n"), &l, NULL), 0);
	logindefs_free(&l);
	assert_memory_equal(&l, &lz, sizeof(l));
}

static void test_null_input(void **state)
{
	struct passwd_db p = { 0 };
	struct shadow_db s = { 0 };
	struct group_db g = { 0 };
	struct gshadow_db gs = { 0 };
	struct logindefs l = { 0 };

	(void)state;
	assert_int_equal(passwd_parse(NULL, 0, &p, NULL), 0);
	assert_int_equal(shadow_parse(NULL, 0, &s, NULL), 0);
	assert_int_equal(group_parse(NULL, 0, &g, NULL), 0);
	assert_int_equal(gshadow_parse(NULL, 0, &gs, NULL), 0);
	assert_int_equal(logindefs_parse(NULL, 0, &l, NULL), 0);
	assert_int_equal(p.n + s.n + g.n + gs.n + l.n, 0);
	assert_int_equal(p.bad.n + s.bad.n + g.bad.n + gs.bad.n + l.bad.n, 0);
}

/* ------------------------------------------------------------------ shadow */

static const struct db_case shadow_cases[] = {
	{ IN(""), 0, 0, NULL },
	{ IN("root:$6$salt$hash:19000:0:99999:7:::\n"), 1, 0, NULL },
	{ IN("root:*:19000:0:99999:7:::"), 1, 0, NULL },
	{ IN("root:!:19000::::::\r\n"), 1, 0, NULL },
	{ IN("# comment\n\nroot:x:::::::\n"), 1, 0, NULL },
	{ IN("root:*:19000:0:99999:7::\n"), 0, 1, "bad expire" },	/* glibc: an empty last field */
	{ IN("root:*:19000:0:99999:7:1\n"), 0, 1, "too few fields" },
	{ IN("root:*:19000:0:99999\n"), 1, 0, NULL },	/* glibc's old form */
	{ IN("root:*:19000:0:99999: \n"), 1, 0, NULL },
	{ IN("root:*:19000:0:99999:7:1:2\n"), 1, 0, NULL },
	{ IN("root:*:19000:0:\n"), 0, 1, "bad max days" },
	{ IN("a:*:::-1::::\n"), 0, 1, "bad max days" },	/* strtoul wraps -1 over 2^32-1 */
	{ IN("a:*:::4294967296::::\n"), 0, 1, "bad max days" },
	{ IN("a:*:::99999 ::::\n"), 0, 1, "bad max days" },
	{ IN("root:*:19000:0:99999:7::::\n"), 0, 1, "too many fields" },
	{ IN(":*:19000:0:99999:7:::\n"), 0, 1, "empty name" },
	{ IN("a:*:x::::::\n"), 0, 1, "bad last change" },
	{ IN("a:*::1x:::::\n"), 0, 1, "bad min days" },
	{ IN("a:*:::99999999999999999999::::\n"), 0, 1, "bad max days" },
	{ IN("a:*:::: 7:::\n"), 1, 0, NULL },
	{ IN("a:*::::7x:::\n"), 0, 1, "bad warn days" },
	{ IN("a:*:::::+1::\n"), 1, 0, NULL },
	{ IN("a:*:::::-2::\n"), 0, 1, "bad inactive days" },
	{ IN("a:*::::::--1:\n"), 0, 1, "bad expire" },
	{ IN("a:*::::::-:\n"), 0, 1, "bad expire" },
	{ IN("a:*:::::::reserved anything \x1b[31m\n"), 0, 1, "bad reserved field" },
	{ IN("a:*:::::::5\n"), 1, 0, NULL },
	{ IN("a:*:19000\0:::::::\n"), 0, 1, "nul byte" },
	{ IN("+::::::::\n"), 0, 1, "nis compat entry" },
	{ IN("-x::::::::\n"), 0, 1, "nis compat entry" },
};

static void test_shadow_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(shadow_cases); i++) {
		const struct db_case *c = &shadow_cases[i];
		char *buf = exact(c->in, c->len);
		struct shadow_db db = { 0 };

		print_message("shadow case %zu\n", i);
		assert_int_equal(shadow_parse(buf, c->len, &db, NULL), 0);
		assert_int_equal(db.n, c->n);
		assert_int_equal(db.bad.n, c->bad);
		if (c->why)
			assert_string_equal(db.bad.why[0], c->why);
		shadow_free(&db);
		free(buf);
	}
}

static void test_shadow_fields(void **state)
{
	static const char in[] =
		"root:$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7:19500:0:99999:7:::\n"
		"daemon:*:19000:0:99999:7:::\n"
		"locked:!$6$rounds=5000$salt$abc/def:0:1:2:3:4:5:\n"
		"nopass::-0:2147483648:4294967295::::\n"
		"old:abJnggxhB/yWI:1::::::\n"
		"root:!:::::::\n";
	char *buf = exact(IN(in));
	struct shadow_db db = { 0 };
	const struct shadow_entry *e;

	(void)state;
	assert_int_equal(shadow_parse(buf, sizeof(in) - 1, &db, NULL), 0);
	free(buf);
	assert_int_equal(db.n, 6);
	assert_int_equal(db.bad.n, 0);

	e = shadow_by_name(&db, "root");
	assert_ptr_equal(e, &db.v[0]);
	assert_int_equal(e->state, PW_USABLE);
	assert_int_equal(e->scheme, PWS_YESCRYPT);
	assert_int_equal(e->last_change, 19500);
	assert_int_equal(e->min_days, 0);
	assert_int_equal(e->max_days, 99999);
	assert_int_equal(e->warn_days, 7);
	assert_int_equal(e->inactive_days, -1);
	assert_int_equal(e->expire, -1);
	assert_int_equal(e->line, 1);

	e = shadow_by_name(&db, "daemon");
	assert_int_equal(e->state, PW_NOLOGIN);
	assert_int_equal(e->scheme, PWS_NONE);
	assert_string_equal(e->hash, "*");

	e = shadow_by_name(&db, "locked");
	assert_int_equal(e->state, PW_LOCKED);
	assert_int_equal(e->scheme, PWS_SHA512);
	assert_int_equal(e->last_change, 0);
	assert_int_equal(e->min_days, 1);
	assert_int_equal(e->max_days, 2);
	assert_int_equal(e->warn_days, 3);
	assert_int_equal(e->inactive_days, 4);
	assert_int_equal(e->expire, 5);

	e = shadow_by_name(&db, "nopass");
	assert_int_equal(e->state, PW_EMPTY);
	assert_int_equal(e->scheme, PWS_NONE);
	assert_int_equal(e->last_change, 0);
	assert_true(e->min_days == INT32_MIN);	/* glibc casts to int */
	assert_int_equal(e->max_days, -1);

	e = shadow_by_name(&db, "old");
	assert_int_equal(e->state, PW_USABLE);
	assert_int_equal(e->scheme, PWS_DES);

	assert_null(shadow_by_name(&db, "nobody"));
	assert_null(shadow_by_name(&db, NULL));
	assert_null(shadow_by_name(NULL, "root"));
	shadow_free(&db);
}

struct classify_case {
	const char *field;
	enum pw_state state;
	enum pw_scheme scheme;
};

static const struct classify_case classify_cases[] = {
	{ "", PW_EMPTY, PWS_NONE },
	/* usable, one per scheme */
	{ "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7", PW_USABLE, PWS_YESCRYPT },
	{ "$gy$j9T$0S5C5yZzV4uCSh7rE1tS0.$1hUJ2/5lP3jDwTVm4NtWLgbzsVW5bjxnRI6B5hdJbH8", PW_USABLE, PWS_GOST_YESCRYPT },
	{ "$7$CU..../....2Q9Wgj2.W3ZS4EJ.xn8pN/$x0KxNbZtQXPOPp6vF8ZbgHxkZ8D/gUuEjeULnvR9Tk.", PW_USABLE, PWS_SCRYPT },
	{ "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", PW_USABLE, PWS_BCRYPT },
	{ "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW", PW_USABLE, PWS_BCRYPT },
	{ "$2x$05$abcdefghijklmnopqrstuu", PW_USABLE, PWS_BCRYPT },
	{ "$2y$05$abcdefghijklmnopqrstuu", PW_USABLE, PWS_BCRYPT },
	{ "$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/", PW_USABLE, PWS_SHA512 },
	{ "$6$rounds=5000$salt$hash", PW_USABLE, PWS_SHA512 },
	{ "$6$$hash", PW_USABLE, PWS_SHA512 },
	{ "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZF4vgRQ7.", PW_USABLE, PWS_SHA256 },
	{ "$md5$salt$$hash", PW_USABLE, PWS_SUNMD5 },
	{ "$md5,rounds=5000$GUBv0xjJ$$mSwgIswdjlTY0YxV7HBVm0", PW_USABLE, PWS_SUNMD5 },
	{ "$1$saltstri$YMyguxXMBpd2TEZ.vS/3q1", PW_USABLE, PWS_MD5 },
	{ "_J9..CCCCXBrJUJV154M", PW_USABLE, PWS_BSDI_DES },
	{ "abJnggxhB/yWI", PW_USABLE, PWS_DES },
	{ "$3$$8846f7eaee8fb117ad06bdd830b7586c", PW_USABLE, PWS_NTHASH },
	{ "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g", PW_USABLE, PWS_UNKNOWN },
	{ "$pbkdf2-sha256$29000$salt$hash", PW_USABLE, PWS_UNKNOWN },
	{ "$2$10$whatever", PW_USABLE, PWS_UNKNOWN },
	{ "$sha1$40000$salt$hash", PW_USABLE, PWS_UNKNOWN },
	/* locked */
	{ "!$6$salt$hash", PW_LOCKED, PWS_SHA512 },
	{ "!!$6$salt$hash", PW_LOCKED, PWS_SHA512 },
	{ "*$y$j9T$salt$hash", PW_LOCKED, PWS_YESCRYPT },
	{ "!*$1$salt$hash", PW_LOCKED, PWS_MD5 },
	{ "*LK*$5$salt$hash", PW_LOCKED, PWS_SHA256 },
	{ "!abJnggxhB/yWI", PW_LOCKED, PWS_DES },
	{ "!_J9..CCCCXBrJUJV154M", PW_LOCKED, PWS_BSDI_DES },
	{ "!$argon2id$v=19$salt$hash", PW_LOCKED, PWS_UNKNOWN },
	/* no login */
	{ "*", PW_NOLOGIN, PWS_NONE },
	{ "!", PW_NOLOGIN, PWS_NONE },
	{ "!!", PW_NOLOGIN, PWS_NONE },
	{ "!*", PW_NOLOGIN, PWS_NONE },
	{ "*!", PW_NOLOGIN, PWS_NONE },
	{ "x", PW_NOLOGIN, PWS_NONE },
	{ "*LK*", PW_NOLOGIN, PWS_NONE },
	{ "*NP*", PW_NOLOGIN, PWS_NONE },
	{ "NP", PW_NOLOGIN, PWS_NONE },
	{ "LK", PW_NOLOGIN, PWS_NONE },
	{ "!x", PW_NOLOGIN, PWS_NONE },
	{ "!locked", PW_NOLOGIN, PWS_NONE },
	{ "$", PW_NOLOGIN, PWS_NONE },
	{ "$$", PW_NOLOGIN, PWS_NONE },
	{ "$$$", PW_NOLOGIN, PWS_NONE },
	{ "$6", PW_NOLOGIN, PWS_NONE },
	{ "$6$", PW_NOLOGIN, PWS_NONE },
	{ "$6$salt", PW_NOLOGIN, PWS_NONE },
	{ "$6$salt$", PW_NOLOGIN, PWS_NONE },
	{ "$y$j9T$salt", PW_NOLOGIN, PWS_NONE },
	{ "$2b$", PW_NOLOGIN, PWS_NONE },
	{ "$2b$1$abc", PW_NOLOGIN, PWS_NONE },
	{ "$2b$ab$abc", PW_NOLOGIN, PWS_NONE },
	{ "$2b$12abc", PW_NOLOGIN, PWS_NONE },
	{ "$6$salt$ha sh", PW_NOLOGIN, PWS_NONE },
	{ "$6$salt$hash\x1b[31m", PW_NOLOGIN, PWS_NONE },
	{ "$6$salt$h\xffsh", PW_NOLOGIN, PWS_NONE },
	{ "$a,b$c", PW_NOLOGIN, PWS_NONE },
	{ "$id$", PW_NOLOGIN, PWS_NONE },
	{ "abJnggxhB/yW", PW_NOLOGIN, PWS_NONE },
	{ "abJnggxhB/yWII", PW_NOLOGIN, PWS_NONE },
	{ "abJnggxhB/y I", PW_NOLOGIN, PWS_NONE },
	{ "_J9..CCCCXBrJUJV154", PW_NOLOGIN, PWS_NONE },
	{ "_J9..CCCCXBrJUJV154M1", PW_NOLOGIN, PWS_NONE },
	{ " $6$salt$hash", PW_NOLOGIN, PWS_NONE },
	{ "!!!!!!!!!!!!!!!!!!!!", PW_NOLOGIN, PWS_NONE },
	{ "\xff\xfe", PW_NOLOGIN, PWS_NONE },
};

static void test_pw_classify(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(classify_cases); i++) {
		enum pw_state st = PW_USABLE;
		enum pw_scheme sch = PWS_UNKNOWN;

		print_message("classify case %zu\n", i);
		pw_classify(classify_cases[i].field, &st, &sch);
		assert_int_equal(st, classify_cases[i].state);
		assert_int_equal(sch, classify_cases[i].scheme);
	}
}

static void test_pw_scheme_name(void **state)
{
	static const struct {
		enum pw_scheme s;
		const char *name;
	} names[] = {
		{ PWS_NONE, "none" }, { PWS_YESCRYPT, "yescrypt" },
		{ PWS_GOST_YESCRYPT, "gost-yescrypt" }, { PWS_SCRYPT, "scrypt" },
		{ PWS_BCRYPT, "bcrypt" }, { PWS_SHA512, "sha512crypt" },
		{ PWS_SHA256, "sha256crypt" }, { PWS_SUNMD5, "sunmd5" },
		{ PWS_MD5, "md5crypt" }, { PWS_BSDI_DES, "bsdicrypt" }, { PWS_DES, "des" },
		{ PWS_NTHASH, "nthash" }, { PWS_UNKNOWN, "unknown" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		assert_string_equal(pw_scheme_name(names[i].s), names[i].name);
	assert_string_equal(pw_scheme_name((enum pw_scheme)999), "unknown");
	assert_string_equal(pw_scheme_name((enum pw_scheme)-1), "unknown");
}

/* ------------------------------------------------------------------ group */

static const struct db_case group_cases[] = {
	{ IN(""), 0, 0, NULL },
	{ IN("root:x:0:\n"), 1, 0, NULL },
	{ IN("root:x:0:"), 1, 0, NULL },
	{ IN("sudo:x:27:alice,bob\r\n"), 1, 0, NULL },
	{ IN("# c\n  \nsudo:x:27:alice\n"), 1, 0, NULL },
	{ IN("root:x:0\n"), 0, 1, "too few fields" },
	{ IN("root:x:0::\n"), 0, 1, "too many fields" },
	{ IN(":x:0:\n"), 0, 1, "empty name" },
	{ IN("g:x::\n"), 0, 1, "bad gid" },
	{ IN("g:x:99999999999999999999:\n"), 0, 1, "bad gid" },
	{ IN("g:x:-5:\n"), 0, 1, "bad gid" },
	{ IN("g:x:4294967296:\n"), 0, 1, "bad gid" },
	{ IN("g:x:1:a\0b\n"), 0, 1, "nul byte" },
	{ IN("+:::\n"), 0, 1, "nis compat entry" },
	{ IN("\x1b[31mg\x1b[0m:x:1:\x1b[2J,\xff\n"), 1, 0, NULL },
};

static void test_group_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(group_cases); i++) {
		const struct db_case *c = &group_cases[i];
		char *buf = exact(c->in, c->len);
		struct group_db db = { 0 };

		print_message("group case %zu\n", i);
		assert_int_equal(group_parse(buf, c->len, &db, NULL), 0);
		assert_int_equal(db.n, c->n);
		assert_int_equal(db.bad.n, c->bad);
		if (c->why)
			assert_string_equal(db.bad.why[0], c->why);
		group_free(&db);
		free(buf);
	}
}

struct members_case {
	const char *field;
	size_t n;
	const char *m[4];
};

static const struct members_case members_cases[] = {
	{ "", 0, { NULL } },
	{ ",", 0, { NULL } },
	{ ",,, ,\t,", 0, { NULL } },
	{ "alice", 1, { "alice" } },
	{ "alice,bob", 2, { "alice", "bob" } },
	{ "alice,,bob,", 2, { "alice", "bob" } },
	{ ",alice", 1, { "alice" } },
	{ "alice, bob,\tcarol", 3, { "alice", "bob", "carol" } },
	{ "alice ,bob", 2, { "alice ", "bob" } },	/* as glibc: only leading blanks go */
	{ "\x1b[31m,\xff\xfe", 2, { "\x1b[31m", "\xff\xfe" } },
};

static void test_group_members(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(members_cases); i++) {
		const struct members_case *c = &members_cases[i];
		char *line = xasprintf("g:x:10:%s\n", c->field);
		char *buf = exact(line, strlen(line));
		struct group_db db = { 0 };
		struct gshadow_db gs = { 0 };
		char *gline;

		print_message("members case %zu\n", i);
		assert_int_equal(group_parse(buf, strlen(line), &db, NULL), 0);
		assert_int_equal(db.n, 1);
		assert_int_equal(db.v[0].n_members, c->n);
		if (!c->n)
			assert_null(db.v[0].members);
		for (j = 0; j < c->n; j++)
			assert_string_equal(db.v[0].members[j], c->m[j]);
		group_free(&db);
		free(buf);
		free(line);

		/* The same list as gshadow admins and members. */
		gline = xasprintf("g:!:%s:%s", c->field, c->field);
		buf = exact(gline, strlen(gline));
		assert_int_equal(gshadow_parse(buf, strlen(gline), &gs, NULL), 0);
		assert_int_equal(gs.n, 1);
		assert_int_equal(gs.v[0].n_admins, c->n);
		assert_int_equal(gs.v[0].n_members, c->n);
		for (j = 0; j < c->n; j++) {
			assert_string_equal(gs.v[0].admins[j], c->m[j]);
			assert_string_equal(gs.v[0].members[j], c->m[j]);
		}
		gshadow_free(&gs);
		free(buf);
		free(gline);
	}
}

static void test_group_lookup(void **state)
{
	static const char in[] =
		"root:x:0:\n"
		"wheel:x:10:root\n"
		"sudo:x:27:alice,bob\n"
		"admins:x:10:eve\n"
		"sudo:x:28:mallory\n";
	struct group_db db = { 0 };
	const struct group_entry *e;

	(void)state;
	assert_int_equal(group_parse(IN(in), &db, NULL), 0);
	assert_int_equal(db.n, 5);
	e = group_by_name(&db, "sudo");
	assert_ptr_equal(e, &db.v[2]);
	assert_int_equal(e->gid, 27);
	assert_int_equal(e->n_members, 2);
	assert_string_equal(e->members[1], "bob");
	assert_string_equal(e->passwd, "x");
	assert_int_equal(e->line, 3);
	e = group_by_gid(&db, 10);
	assert_ptr_equal(e, &db.v[1]);
	assert_string_equal(e->name, "wheel");
	assert_ptr_equal(group_by_gid(&db, 0), &db.v[0]);
	assert_null(group_by_gid(&db, 11));
	assert_null(group_by_name(&db, "sud"));
	assert_null(group_by_name(&db, NULL));
	assert_null(group_by_name(NULL, "root"));
	assert_null(group_by_gid(NULL, 0));
	group_free(&db);
}

/* As many members as fit in one line: all kept (the list cap is above what a line can hold). */
static void test_group_many_members(void **state)
{
	size_t len, n = (PARSE_MAX_LINE - 16) / 2;
	char *list = repeat("m,", n, &len);
	char *line = xmalloc(len + 16);
	struct group_db db = { 0 };
	size_t l = 0;

	(void)state;
	memcpy(line, "big:x:7:", 8);
	l = 8;
	memcpy(line + l, list, len);
	l += len;
	assert_true(l <= PARSE_MAX_LINE);
	assert_int_equal(group_parse(line, l, &db, NULL), 0);
	assert_int_equal(db.n, 1);
	assert_int_equal(db.v[0].n_members, n);
	group_free(&db);
	free(line);
	free(list);
}

/* ------------------------------------------------------------------ gshadow */

static const struct db_case gshadow_cases[] = {
	{ IN(""), 0, 0, NULL },
	{ IN("root:*::\n"), 1, 0, NULL },
	{ IN("sudo:!:alice:alice,bob"), 1, 0, NULL },
	{ IN("root:*:\n"), 0, 1, "too few fields" },
	{ IN("root:*:::\n"), 0, 1, "too many fields" },
	{ IN(":*::\n"), 0, 1, "empty name" },
	{ IN("g:\0::\n"), 0, 1, "nul byte" },
	{ IN("-g:::\n"), 0, 1, "nis compat entry" },
};

static void test_gshadow_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(gshadow_cases); i++) {
		const struct db_case *c = &gshadow_cases[i];
		char *buf = exact(c->in, c->len);
		struct gshadow_db db = { 0 };

		print_message("gshadow case %zu\n", i);
		assert_int_equal(gshadow_parse(buf, c->len, &db, NULL), 0);
		assert_int_equal(db.n, c->n);
		assert_int_equal(db.bad.n, c->bad);
		if (c->why)
			assert_string_equal(db.bad.why[0], c->why);
		gshadow_free(&db);
		free(buf);
	}
}

static void test_gshadow_fields(void **state)
{
	static const char in[] =
		"root:*::\n"
		"sudo:!:alice:alice,bob\r\n"
		"open:::\n"
		"pw:$6$salt$hash:,admin,:\n"
		"lk:!$6$salt$hash::x\n";
	struct gshadow_db db = { 0 };
	const struct gshadow_entry *e;

	(void)state;
	assert_int_equal(gshadow_parse(IN(in), &db, NULL), 0);
	assert_int_equal(db.n, 5);
	assert_int_equal(db.v[0].state, PW_NOLOGIN);
	assert_int_equal(db.v[0].n_admins, 0);
	assert_null(db.v[0].admins);
	e = &db.v[1];
	assert_string_equal(e->name, "sudo");
	assert_int_equal(e->state, PW_NOLOGIN);
	assert_int_equal(e->n_admins, 1);
	assert_string_equal(e->admins[0], "alice");
	assert_int_equal(e->n_members, 2);
	assert_string_equal(e->members[1], "bob");
	assert_int_equal(e->line, 2);
	assert_int_equal(db.v[2].state, PW_EMPTY);
	assert_int_equal(db.v[3].state, PW_USABLE);
	assert_int_equal(db.v[3].n_admins, 1);
	assert_string_equal(db.v[3].admins[0], "admin");
	assert_int_equal(db.v[4].state, PW_LOCKED);
	gshadow_free(&db);
}

/* ------------------------------------------------------------------ login.defs */

static const struct db_case logindefs_cases[] = {
	{ IN(""), 0, 0, NULL },
	{ IN("# only a comment\n\n   \n\t\n"), 0, 0, NULL },
	{ IN("UMASK 022\n"), 1, 0, NULL },
	{ IN("UMASK\t\t022"), 1, 0, NULL },
	{ IN("UMASK 022\r\nPASS_MAX_DAYS 99999\r\n"), 2, 0, NULL },
	{ IN("  UMASK 022  \n"), 1, 0, NULL },
	{ IN("UMASK\n"), 0, 1, "missing value" },
	{ IN("UMASK   \t\n"), 0, 1, "missing value" },
	{ IN("UMASK 0\0" "22\n"), 0, 1, "nul byte" },
	{ IN("A 1\nB\nC 3\n"), 2, 1, "missing value" },
	{ IN("KEY \"\"\n"), 1, 0, NULL },
	{ IN("\x1b[31mKEY \x1b[0mvalue\xff\n"), 1, 0, NULL },
};

static void test_logindefs_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(logindefs_cases); i++) {
		const struct db_case *c = &logindefs_cases[i];
		char *buf = exact(c->in, c->len);
		struct logindefs ld = { 0 };

		print_message("login.defs case %zu\n", i);
		assert_int_equal(logindefs_parse(buf, c->len, &ld, NULL), 0);
		assert_int_equal(ld.n, c->n);
		assert_int_equal(ld.bad.n, c->bad);
		if (c->why)
			assert_string_equal(ld.bad.why[0], c->why);
		logindefs_free(&ld);
		free(buf);
	}
}

static void test_logindefs_values(void **state)
{
	static const char in[] =
		"#\n"
		"# /etc/login.defs\n"
		"MAIL_DIR        /var/mail\n"
		"ENCRYPT_METHOD \"SHA512\"\n"
		"ENV_PATH\t\"PATH=/usr/local/bin:/usr/bin\"  \n"
		"UMASK\t\t022\r\n"
		"PASS_MAX_DAYS\t99999\n"
		"PASS_MAX_DAYS\t90\n"
		"FAILLOG_ENAB yes # not a comment\n"
		"HALF \"open\n"
		"TWO a b\n"
		"EMPTY \"\"\n"
		"  INDENTED   value\n";
	char *buf = exact(IN(in));
	struct logindefs ld = { 0 };

	(void)state;
	assert_int_equal(logindefs_parse(buf, sizeof(in) - 1, &ld, NULL), 0);
	free(buf);
	assert_int_equal(ld.n, 11);
	assert_int_equal(ld.bad.n, 0);
	assert_string_equal(logindefs_get(&ld, "MAIL_DIR"), "/var/mail");
	assert_string_equal(logindefs_get(&ld, "ENCRYPT_METHOD"), "SHA512");
	assert_string_equal(logindefs_get(&ld, "ENV_PATH"), "PATH=/usr/local/bin:/usr/bin");
	assert_string_equal(logindefs_get(&ld, "UMASK"), "022");
	assert_string_equal(logindefs_get(&ld, "PASS_MAX_DAYS"), "90");
	assert_string_equal(logindefs_get(&ld, "FAILLOG_ENAB"), "yes # not a comment");
	assert_string_equal(logindefs_get(&ld, "HALF"), "open");
	assert_string_equal(logindefs_get(&ld, "TWO"), "a b");
	assert_string_equal(logindefs_get(&ld, "EMPTY"), "");
	assert_string_equal(logindefs_get(&ld, "INDENTED"), "value");
	assert_null(logindefs_get(&ld, "umask"));
	assert_null(logindefs_get(&ld, "MISSING"));
	assert_null(logindefs_get(&ld, NULL));
	assert_null(logindefs_get(NULL, "UMASK"));
	assert_int_equal(ld.v[0].line, 3);
	assert_string_equal(ld.v[0].key, "MAIL_DIR");
	assert_int_equal(logindefs_get_u64(&ld, "UMASK", 7), 022);
	assert_int_equal(logindefs_get_u64(&ld, "PASS_MAX_DAYS", 7), 90);
	assert_int_equal(logindefs_get_u64(&ld, "MAIL_DIR", 7), 7);
	assert_int_equal(logindefs_get_u64(&ld, "MISSING", 7), 7);
	assert_int_equal(logindefs_get_u64(&ld, "EMPTY", 7), 7);
	assert_int_equal(logindefs_get_u64(NULL, "UMASK", 7), 7);
	logindefs_free(&ld);
}

struct u64_case {
	const char *value;
	uint64_t want;		/* DEF when the value must be rejected */
};

#define DEF ((uint64_t)0xdeadbeef)

static const struct u64_case u64_cases[] = {
	{ "0", 0 },
	{ "10", 10 },
	{ "99999", 99999 },
	{ "022", 18 },
	{ "0777", 511 },
	{ "00", 0 },
	{ "0x1F", 31 },
	{ "0X1f", 31 },
	{ "0xffffffffffffffff", UINT64_MAX },
	{ "18446744073709551615", UINT64_MAX },
	{ "01777777777777777777777", UINT64_MAX },
	{ "18446744073709551616", DEF },
	{ "99999999999999999999", DEF },
	{ "0x10000000000000000", DEF },
	{ "02000000000000000000000", DEF },
	{ "08", DEF },
	{ "09", DEF },
	{ "0x", DEF },
	{ "0X", DEF },
	{ "0xg", DEF },
	{ "x10", DEF },
	{ "-1", DEF },
	{ "+1", DEF },
	{ "1 2", DEF },
	{ "1e3", DEF },
	{ "10k", DEF },
	{ "yes", DEF },
	{ "\xff", DEF },
};

static void test_logindefs_u64(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(u64_cases); i++) {
		char *line = xasprintf("K %s\n", u64_cases[i].value);
		struct logindefs ld = { 0 };

		print_message("u64 case %zu: %s\n", i, u64_cases[i].value);
		assert_int_equal(logindefs_parse(line, strlen(line), &ld, NULL), 0);
		assert_int_equal(ld.n, 1);
		assert_true(logindefs_get_u64(&ld, "K", DEF) == u64_cases[i].want);
		logindefs_free(&ld);
		free(line);
	}
}

static void test_logindefs_long_line(void **state)
{
	struct logindefs ld = { 0 };
	size_t len;
	char *buf = big_line("A 1\nLONG ", 'v', (size_t)1 << 20, "\nB 2", &len);

	(void)state;
	assert_int_equal(logindefs_parse(buf, len, &ld, NULL), 0);
	assert_int_equal(ld.n, 2);
	assert_int_equal(ld.bad.n, 1);
	assert_int_equal(ld.bad.line[0], 2);
	assert_string_equal(ld.bad.why[0], "line too long");
	assert_string_equal(logindefs_get(&ld, "B"), "2");
	assert_null(logindefs_get(&ld, "LONG"));
	logindefs_free(&ld);
	free(buf);
}

/* ------------------------------------------------------------------ entry caps */

/*
 * PARSE_MAX_ENTRIES entries parse; one more is -E2BIG with err set and the
 * output untouched. Run on the two cheapest formats (the cap code is the
 * same in all five parsers); comments and bad lines do not count.
 */
static void test_logindefs_max_entries(void **state)
{
	struct logindefs ld, before;
	struct err err = { 0 };
	size_t len;
	char *buf = repeat("K 1\n", PARSE_MAX_ENTRIES + 1, &len);
	char *with_junk;

	(void)state;
	memset(&ld, 0x5a, sizeof(ld));
	memcpy(&before, &ld, sizeof(ld));
	assert_int_equal(logindefs_parse(buf, len, &ld, &err), -E2BIG);
	assert_int_equal(err.code, -E2BIG);
	assert_non_null(strstr(err.msg, "entries"));
	assert_memory_equal(&ld, &before, sizeof(ld));

	/* Replace the last entry with a comment and a bad line: fits. */
	with_junk = xmalloc(len + 2);
	memcpy(with_junk, buf, len);
	memcpy(with_junk + len - 4, "#\nK\n", 4);
	memset(&ld, 0, sizeof(ld));
	assert_int_equal(logindefs_parse(with_junk, len, &ld, NULL), 0);
	assert_int_equal(ld.n, PARSE_MAX_ENTRIES);
	assert_int_equal(ld.bad.n, 1);
	logindefs_free(&ld);
	free(with_junk);
	free(buf);
}

static void test_group_max_entries(void **state)
{
	struct group_db db, before;
	struct err err = { 0 };
	size_t len;
	char *buf = repeat("g::1:\n", PARSE_MAX_ENTRIES + 1, &len);

	(void)state;
	memset(&db, 0xa5, sizeof(db));
	memcpy(&before, &db, sizeof(db));
	assert_int_equal(group_parse(buf, len, &db, &err), -E2BIG);
	assert_int_equal(err.code, -E2BIG);
	assert_memory_equal(&db, &before, sizeof(db));
	/* err may be NULL */
	assert_int_equal(group_parse(buf, len, &db, NULL), -E2BIG);
	assert_memory_equal(&db, &before, sizeof(db));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_passwd_table),
		cmocka_unit_test(test_passwd_fields),
		cmocka_unit_test(test_passwd_by_name),
		cmocka_unit_test(test_passwd_find),
		cmocka_unit_test(test_passwd_find_many),
		cmocka_unit_test(test_passwd_many_bad),
		cmocka_unit_test(test_passwd_long_lines),
		cmocka_unit_test(test_free_zeroed),
		cmocka_unit_test(test_null_input),
		cmocka_unit_test(test_shadow_table),
		cmocka_unit_test(test_shadow_fields),
		cmocka_unit_test(test_pw_classify),
		cmocka_unit_test(test_pw_scheme_name),
		cmocka_unit_test(test_group_table),
		cmocka_unit_test(test_group_members),
		cmocka_unit_test(test_group_lookup),
		cmocka_unit_test(test_group_many_members),
		cmocka_unit_test(test_gshadow_table),
		cmocka_unit_test(test_gshadow_fields),
		cmocka_unit_test(test_logindefs_table),
		cmocka_unit_test(test_logindefs_values),
		cmocka_unit_test(test_logindefs_u64),
		cmocka_unit_test(test_logindefs_long_line),
		cmocka_unit_test(test_logindefs_max_entries),
		cmocka_unit_test(test_group_max_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
