/* util/: strbuf, strict numbers, spans, time, atomic files, error messages, arena, libraries loaded late. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <glib.h>

#include "util/arena.h"
#include "util/lazyevtx.h"
#include "util/lazylib.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/num.h"
#include "util/span.h"
#include "util/strbuf.h"
#include "util/swar.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define NOBODY 65534

/* An exactly-sized copy without terminator, so ASan sees any over-read. */
static char *copy_n(const char *s, size_t len)
{
	char *p = xmalloc(len ? len : 1);

	memcpy(p, s, len);
	return p;
}

/* ---------------------------------------------------------------- strbuf */

static void test_strbuf_init(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct strbuf sb2;

	(void)state;
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	/* operations that shrink an empty buffer never write to the shared slop byte */
	strbuf_reset(&sb);
	strbuf_setlen(&sb, 5);
	strbuf_rtrim(&sb);
	assert_ptr_equal(sb.buf, strbuf_slopbuf);
	assert_int_equal(strbuf_slopbuf[0], '\0');
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
	strbuf_release(&sb);
	assert_ptr_equal(sb.buf, strbuf_slopbuf);

	strbuf_init(&sb2, 42);
	assert_non_null(sb2.buf);
	assert_string_equal(sb2.buf, "");
	assert_int_equal(sb2.max, 42);
	strbuf_release(&sb2);
	assert_int_equal(sb2.max, 42);
}

static void test_strbuf_add(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	static const char bin[] = { 'a', '\0', 'b', '\x1b', '[', '3', '1', 'm', '\xff' };

	(void)state;
	assert_int_equal(strbuf_adds(&sb, "abc"), 0);
	assert_int_equal(strbuf_addch(&sb, 'd'), 0);
	assert_int_equal(strbuf_add(&sb, "efgh", 2), 0);
	assert_int_equal(strbuf_add(&sb, NULL, 0), 0);
	assert_int_equal(strbuf_adds(&sb, ""), 0);
	assert_string_equal(sb.buf, "abcdef");
	assert_int_equal(sb.len, 6);

	/* NUL and other bytes inside: len is authoritative, still terminated */
	assert_int_equal(strbuf_add(&sb, bin, sizeof(bin)), 0);
	assert_int_equal(strbuf_addch(&sb, 0), 0);
	assert_int_equal(sb.len, 6 + sizeof(bin) + 1);
	assert_memory_equal(sb.buf + 6, bin, sizeof(bin));
	assert_int_equal(sb.buf[sb.len - 1], '\0');
	assert_int_equal(sb.buf[sb.len], '\0');
	assert_true(sb.alloc > sb.len);

	strbuf_setlen(&sb, 3);
	assert_string_equal(sb.buf, "abc");
	strbuf_setlen(&sb, 100); /* never grows */
	assert_int_equal(sb.len, 3);
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);
	assert_string_equal(sb.buf, "");
}

static void test_strbuf_big(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t big = (size_t)1 << 20, i;
	char *line = xmalloc(big + 1);

	(void)state;
	memset(line, 'x', big);
	line[big] = '\0';
	for (i = 0; i < 4; i++)
		assert_int_equal(strbuf_add(&sb, line, big), 0);
	assert_int_equal(sb.len, 4 * big);
	assert_int_equal(strbuf_addf(&sb, "%s", line), 0);
	assert_int_equal(sb.len, 5 * big);
	assert_int_equal(sb.buf[sb.len], '\0');
	assert_int_equal(strlen(sb.buf), 5 * big);
	/* the default maximum still applies to a buffer initialised with max 0 */
	assert_int_equal(strbuf_grow(&sb, STRBUF_DEFAULT_MAX), -E2BIG);
	assert_int_equal(strbuf_grow(&sb, SIZE_MAX), -E2BIG);
	assert_int_equal(strbuf_grow(&sb, SIZE_MAX - sb.len + 1), -E2BIG); /* len + extra wraps */
	assert_int_equal(sb.len, 5 * big);
	strbuf_release(&sb);
	free(line);
}

/* A buffer with a hard max: each operation either succeeds or returns -E2BIG leaving it unchanged. */
enum sb_op { OP_ADDS, OP_ADDCH, OP_ADDF, OP_GROW };

struct max_step {
	enum sb_op op;
	const char *arg;
	int ret;
	const char *after;
};

static const struct max_step max_steps[] = {
	{ OP_ADDS, "12345", 0, "12345" },
	{ OP_ADDS, "6789", -E2BIG, "12345" },	/* would make 9 > 8 */
	{ OP_ADDF, "%d%d%d%d", -E2BIG, "12345" },	/* 4 more: 9 */
	{ OP_GROW, "4", -E2BIG, "12345" },
	{ OP_GROW, "3", 0, "12345" },
	{ OP_ADDF, "%d%d", 0, "1234567" },
	{ OP_ADDCH, "8", 0, "12345678" },	/* exactly max */
	{ OP_ADDCH, "9", -E2BIG, "12345678" },
	{ OP_ADDS, "", 0, "12345678" },	/* adding nothing at max is fine */
	{ OP_ADDF, "%s", 0, "12345678" },
	{ OP_GROW, "0", 0, "12345678" },
	{ OP_GROW, "1", -E2BIG, "12345678" },
};

static void test_strbuf_max(void **state)
{
	struct strbuf sb;
	size_t i;

	(void)state;
	strbuf_init(&sb, 8);
	for (i = 0; i < ARRAY_SIZE(max_steps); i++) {
		const struct max_step *s = &max_steps[i];
		char before[64];
		size_t before_len = sb.len;
		int r = -1;

		memcpy(before, sb.buf, sb.len + 1);
		switch (s->op) {
		case OP_ADDS:
			r = strbuf_adds(&sb, s->arg);
			break;
		case OP_ADDCH:
			r = strbuf_addch(&sb, s->arg[0]);
			break;
		case OP_ADDF:
			if (strcmp(s->arg, "%s") == 0)
				r = strbuf_addf(&sb, "%s", "");
			else if (strcmp(s->arg, "%d%d") == 0)
				r = strbuf_addf(&sb, "%d%d", 6, 7);
			else
				r = strbuf_addf(&sb, "%d%d%d%d", 6, 7, 8, 9);
			break;
		case OP_GROW:
			r = strbuf_grow(&sb, (size_t)(s->arg[0] - '0'));
			break;
		}
		if (r != s->ret)
			fail_msg("step %zu: got %d, want %d", i, r, s->ret);
		assert_string_equal(sb.buf, s->after);
		assert_int_equal(sb.len, strlen(s->after));
		if (r < 0) {
			assert_int_equal(sb.len, before_len);
			assert_memory_equal(sb.buf, before, before_len + 1);
		}
	}
	assert_int_equal(sb.max, 8);
	strbuf_release(&sb);
	assert_int_equal(sb.max, 8);
	/* still enforced after release */
	assert_int_equal(strbuf_adds(&sb, "123456789"), -E2BIG);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

static void test_strbuf_addf(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	/* an empty format on an empty buffer allocates and terminates */
	assert_int_equal(strbuf_addf(&sb, "%s", ""), 0);
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	assert_int_equal(strbuf_addf(&sb, "%s=%d;%zu;%c", "uid", -1, (size_t)18, 'x'), 0);
	assert_string_equal(sb.buf, "uid=-1;18;x");
	assert_int_equal(strbuf_addf(&sb, "%05.1f|%-4s|%x", 3.14159, "ab", 255u), 0);
	assert_string_equal(sb.buf, "uid=-1;18;x003.1|ab  |ff");
	assert_int_equal(sb.len, strlen(sb.buf));
	/* many small appends across growth boundaries */
	strbuf_reset(&sb);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(strbuf_addf(&sb, "%d,", i % 10), 0);
	assert_int_equal(sb.len, 2000);
	assert_int_equal(sb.buf[1998], '9');
	assert_int_equal(sb.buf[2000], '\0');
	strbuf_release(&sb);
}

static void test_strbuf_detach(void **state)
{
	struct strbuf sb;
	size_t len = 99;
	char *s;

	(void)state;
	strbuf_init(&sb, 100);
	/* empty: a fresh allocation the caller may free */
	s = strbuf_detach(&sb, &len);
	assert_non_null(s);
	assert_ptr_not_equal(s, strbuf_slopbuf);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);

	assert_int_equal(strbuf_add(&sb, "a\0b", 3), 0);
	s = strbuf_detach(&sb, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(s, "a\0b", 4);
	/* sb is reinitialised and usable, keeping its max */
	assert_ptr_equal(sb.buf, strbuf_slopbuf);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);
	assert_int_equal(sb.max, 100);
	assert_int_equal(strbuf_adds(&sb, "z"), 0);
	free(s);
	s = strbuf_detach(&sb, NULL);
	assert_string_equal(s, "z");
	free(s);
	strbuf_release(&sb);
}

struct rtrim_case {
	const char *in;
	size_t in_len;
	size_t out_len;
};

static const struct rtrim_case rtrim_cases[] = {
	{ "abc", 3, 3 },
	{ "abc \t\r\n", 7, 3 },
	{ "abc\r\n\r\n", 7, 3 },
	{ " \t\n\r ", 5, 0 },
	{ "", 0, 0 },
	{ "a b", 3, 3 },
	{ "  lead", 6, 6 },
	{ "x\0 ", 3, 2 },	/* NUL is not blank: it stays */
	{ "x\v\f", 3, 3 },	/* only space, tab, CR and LF are trimmed */
	{ "\x1b[31m ", 6, 5 },
};

static void test_strbuf_rtrim(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rtrim_cases); i++) {
		const struct rtrim_case *c = &rtrim_cases[i];
		struct strbuf sb = STRBUF_INIT;

		assert_int_equal(strbuf_add(&sb, c->in, c->in_len), 0);
		strbuf_rtrim(&sb);
		if (sb.len != c->out_len)
			fail_msg("case %zu: len %zu, want %zu", i, sb.len, c->out_len);
		assert_memory_equal(sb.buf, c->in, c->out_len);
		assert_int_equal(sb.buf[sb.len], '\0');
		strbuf_release(&sb);
	}
}

/* ---------------------------------------------------------------- num */

enum num_fn { U64, U64_100, U32, I64 };

struct num_case {
	enum num_fn fn;
	const char *s;
	size_t len;	/* 0: strlen(s) */
	int ret;
	int64_t i;	/* I64 */
	uint64_t u;	/* U64, U32 */
};

static const struct num_case num_cases[] = {
	{ U64, "0", 0, 0, 0, 0 },
	{ U64, "1", 0, 0, 0, 1 },
	{ U64, "007", 0, 0, 0, 7 },	/* leading zeros are allowed */
	{ U64, "000000000000000000000000000000000000000042", 0, 0, 0, 42 },
	{ U64, "18446744073709551615", 0, 0, 0, UINT64_MAX },
	{ U64, "018446744073709551615", 0, 0, 0, UINT64_MAX },
	{ U64, "18446744073709551616", 0, -ERANGE, 0, 0 },
	{ U64, "18446744073709551620", 0, -ERANGE, 0, 0 },
	{ U64, "99999999999999999999", 0, -ERANGE, 0, 0 },
	{ U64, "184467440737095516150", 0, -ERANGE, 0, 0 },
	{ U64, "", 0, -EINVAL, 0, 0 },
	{ U64, "-1", 0, -EINVAL, 0, 0 },
	{ U64, "+1", 0, -EINVAL, 0, 0 },
	{ U64, " 1", 0, -EINVAL, 0, 0 },
	{ U64, "1 ", 0, -EINVAL, 0, 0 },
	{ U64, "1\n", 0, -EINVAL, 0, 0 },
	{ U64, "0x10", 0, -EINVAL, 0, 0 },
	{ U64, "1e3", 0, -EINVAL, 0, 0 },
	{ U64, "1.0", 0, -EINVAL, 0, 0 },
	{ U64, "1_000", 0, -EINVAL, 0, 0 },
	{ U64, "\xd9\xa3", 0, -EINVAL, 0, 0 },	/* ARABIC-INDIC DIGIT THREE */
	{ U64, "\xef\xbc\x91", 0, -EINVAL, 0, 0 },	/* FULLWIDTH DIGIT ONE */
	{ U64, "1\0" "2", 3, -EINVAL, 0, 0 },	/* NUL inside */
	{ U64, "12", 1, 0, 0, 1 },	/* only len bytes are looked at */
	{ U64_100, "100", 0, 0, 0, 100 },
	{ U64_100, "101", 0, -ERANGE, 0, 0 },
	{ U64_100, "0100", 0, 0, 0, 100 },
	{ U32, "0", 0, 0, 0, 0 },
	{ U32, "4294967295", 0, 0, 0, UINT32_MAX },
	{ U32, "4294967296", 0, -ERANGE, 0, 0 },
	{ U32, "99999999999999999999", 0, -ERANGE, 0, 0 },
	{ U32, "-0", 0, -EINVAL, 0, 0 },
	{ U32, "", 0, -EINVAL, 0, 0 },
	{ U32, "65534", 0, 0, 0, 65534 },
	{ I64, "0", 0, 0, 0, 0 },
	{ I64, "-0", 0, 0, 0, 0 },
	{ I64, "-1", 0, 0, -1, 0 },
	{ I64, "-007", 0, 0, -7, 0 },
	{ I64, "9223372036854775807", 0, 0, INT64_MAX, 0 },
	{ I64, "9223372036854775808", 0, -ERANGE, 0, 0 },
	{ I64, "-9223372036854775808", 0, 0, INT64_MIN, 0 },
	{ I64, "-9223372036854775809", 0, -ERANGE, 0, 0 },
	{ I64, "-99999999999999999999", 0, -ERANGE, 0, 0 },
	{ I64, "18446744073709551615", 0, -ERANGE, 0, 0 },
	{ I64, "-", 0, -EINVAL, 0, 0 },
	{ I64, "--1", 0, -EINVAL, 0, 0 },
	{ I64, "+1", 0, -EINVAL, 0, 0 },
	{ I64, "- 1", 0, -EINVAL, 0, 0 },
	{ I64, " -1", 0, -EINVAL, 0, 0 },
	{ I64, "1-", 0, -EINVAL, 0, 0 },
	{ I64, "", 0, -EINVAL, 0, 0 },
};

static void test_num(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(num_cases); i++) {
		const struct num_case *c = &num_cases[i];
		size_t len = c->len ? c->len : strlen(c->s);
		char *p = copy_n(c->s, len);
		uint64_t u = 0xdeadbeef;
		uint32_t u32 = 0xdeadbeef;
		int64_t i64 = 0xdeadbeef;
		int r = 0;

		switch (c->fn) {
		case U64:
			r = parse_u64(p, len, UINT64_MAX, &u);
			break;
		case U64_100:
			r = parse_u64(p, len, 100, &u);
			break;
		case U32:
			r = parse_u32(p, len, &u32);
			u = u32 == 0xdeadbeef ? 0xdeadbeef : u32;
			break;
		case I64:
			r = parse_i64(p, len, &i64);
			break;
		}
		free(p);
		if (r != c->ret)
			fail_msg("case %zu '%s': got %d, want %d", i, c->s, r, c->ret);
		if (r < 0) {
			/* output untouched on failure */
			assert_int_equal(u, 0xdeadbeef);
			assert_int_equal(i64, 0xdeadbeef);
		} else if (c->fn == I64) {
			if (i64 != c->i)
				fail_msg("case %zu '%s': got %jd", i, c->s, (intmax_t)i64);
		} else if (u != c->u) {
			fail_msg("case %zu '%s': got %ju", i, c->s, (uintmax_t)u);
		}
	}
}

static void test_num_str(void **state)
{
	uint64_t v = 0;
	char *huge;

	(void)state;
	assert_int_equal(parse_u64_str("12345", UINT64_MAX, &v), 0);
	assert_int_equal(v, 12345);
	assert_int_equal(parse_u64_str("", UINT64_MAX, &v), -EINVAL);
	assert_int_equal(parse_u64_str("65536", 65535, &v), -ERANGE);
	assert_int_equal(v, 12345);
	/* a 1 MB run of zeros then a 1 is still just 1; of nines it overflows */
	huge = xmalloc((1 << 20) + 1);
	memset(huge, '0', 1 << 20);
	huge[(1 << 20) - 1] = '1';
	assert_int_equal(parse_u64(huge, 1 << 20, UINT64_MAX, &v), 0);
	assert_int_equal(v, 1);
	memset(huge, '9', 1 << 20);
	assert_int_equal(parse_u64(huge, 1 << 20, UINT64_MAX, &v), -ERANGE);
	free(huge);
}

/* ---------------------------------------------------------------- span */

/* Printable form of a span: "[...]" with \0, \r, \n, \t and other control bytes escaped. */
static void dump_span(struct strbuf *sb, struct span s)
{
	size_t i;

	strbuf_addch(sb, '[');
	for (i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c == '\r')
			strbuf_adds(sb, "\\r");
		else if (c == '\n')
			strbuf_adds(sb, "\\n");
		else if (c == '\t')
			strbuf_adds(sb, "\\t");
		else if (c < 0x20 || c >= 0x7f)
			strbuf_addf(sb, "\\x%02x", c);
		else
			strbuf_addch(sb, (char)c);
	}
	strbuf_addch(sb, ']');
}

struct span_case {
	const char *in;
	size_t len;	/* 0: strlen(in) */
	const char *want;
};

static const struct span_case line_cases[] = {
	{ "", 0, "" },
	{ "a", 0, "[a]" },
	{ "a\n", 0, "[a]" },
	{ "a\nb", 0, "[a][b]" },	/* last line without newline */
	{ "a\nb\n", 0, "[a][b]" },
	{ "a\r\nb\r\n", 0, "[a][b]" },	/* CRLF */
	{ "a\r\nb", 0, "[a][b]" },
	{ "a\nb\r\n", 0, "[a][b]" },	/* mixed */
	{ "\n", 0, "[]" },
	{ "\n\n\n", 0, "[][][]" },	/* empty lines */
	{ "\r\n\r\n", 0, "[][]" },
	{ "a\n\nb", 0, "[a][][b]" },
	{ "a\r", 0, "[a]" },	/* a CR at the very end is a line end too */
	{ "a\r\r\n", 0, "[a\\r]" },	/* only one CR is stripped */
	{ "a\rb\n", 0, "[a\\rb]" },	/* a lone CR is not a line break */
	{ "\r", 0, "[]" },
	{ "a\0b\nc\0", 6, "[a\\x00b][c\\x00]" },	/* NUL inside */
	{ "\0", 1, "[\\x00]" },
	{ "\0\n\0", 3, "[\\x00][\\x00]" },
	{ "\x1b[31mred\x1b[0m\n", 0, "[\\x1b[31mred\\x1b[0m]" },
	{ "\xff\xfe\n\xc3\x28", 0, "[\\xff\\xfe][\\xc3(]" },
};

static void test_span_lines(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(line_cases); i++) {
		const struct span_case *c = &line_cases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		char *p = copy_n(c->in, len);
		struct span rest = SPAN(p, len), line;
		struct strbuf sb = STRBUF_INIT;
		size_t n = 0;

		while (span_next_line(&rest, &line)) {
			assert_true(line.p >= p && line.p + line.len <= p + len);
			dump_span(&sb, line);
			assert_true(++n <= len);
		}
		assert_int_equal(rest.len, 0);
		assert_false(span_next_line(&rest, &line));
		if (strcmp(sb.buf, c->want) != 0)
			fail_msg("case %zu: got %s, want %s", i, sb.buf, c->want);
		strbuf_release(&sb);
		free(p);
	}
}

static void test_span_long_line(void **state)
{
	size_t big = (size_t)1 << 20;
	char *p = xmalloc(big + 3);
	struct span rest, line;

	(void)state;
	memset(p, 'x', big);
	memcpy(p + big, "\r\ny", 3);
	rest = SPAN(p, big + 3);
	assert_true(span_next_line(&rest, &line));
	assert_int_equal(line.len, big);
	assert_ptr_equal(line.p, p);
	assert_true(span_next_line(&rest, &line));
	assert_true(span_eq(line, "y"));
	assert_false(span_next_line(&rest, &line));
	free(p);
}

struct split_case {
	const char *in;
	size_t len;
	char c;
	bool found;
	const char *head;
	const char *rest;
};

static const struct split_case split_cases[] = {
	{ "key=value", 0, '=', true, "[key]", "[value]" },
	{ "k=v=w", 0, '=', true, "[k]", "[v=w]" },
	{ "=v", 0, '=', true, "[]", "[v]" },
	{ "k=", 0, '=', true, "[k]", "[]" },
	{ "=", 0, '=', true, "[]", "[]" },
	{ "kv", 0, '=', false, "[kv]", "[]" },
	{ "", 0, '=', false, "[]", "[]" },
	{ "a\0b:c", 5, ':', true, "[a\\x00b]", "[c]" },
	{ "a:b\0c", 5, '\0', true, "[a:b]", "[c]" },	/* splitting at NUL itself */
	{ "root:x:0:0::/root:/bin/bash", 0, ':', true, "[root]", "[x:0:0::/root:/bin/bash]" },
};

static void test_span_split(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(split_cases); i++) {
		const struct split_case *c = &split_cases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		char *p = copy_n(c->in, len);
		struct span rest = SPAN(p, len), head = SPAN(NULL, 99);
		struct strbuf h = STRBUF_INIT, r = STRBUF_INIT;
		bool found = span_split(&rest, c->c, &head);

		dump_span(&h, head);
		dump_span(&r, rest);
		if (found != c->found || strcmp(h.buf, c->head) != 0 || strcmp(r.buf, c->rest) != 0)
			fail_msg("case %zu: got %d %s %s, want %d %s %s", i, found, h.buf, r.buf, c->found,
				 c->head, c->rest);
		strbuf_release(&h);
		strbuf_release(&r);
		free(p);
	}
}

static void test_span_split_fields(void **state)
{
	static const char line[] = "a::b:";
	struct span rest = SPAN(line, sizeof(line) - 1), f;
	struct strbuf sb = STRBUF_INIT;
	int n = 0;

	(void)state;
	/* passwd-style: splitting until not found yields every field, empty ones included */
	for (;;) {
		bool more = span_split(&rest, ':', &f);
		dump_span(&sb, f);
		n++;
		if (!more)
			break;
	}
	assert_int_equal(n, 4);
	assert_string_equal(sb.buf, "[a][][b][]");
	strbuf_release(&sb);
}

static const struct span_case trim_cases[] = {
	{ "", 0, "[]" },
	{ "abc", 0, "[abc]" },
	{ "  abc  ", 0, "[abc]" },
	{ "\t\r\n\v\fabc\f\v\n\r\t", 0, "[abc]" },
	{ " a b ", 0, "[a b]" },
	{ "     ", 0, "[]" },
	{ "\r\n", 0, "[]" },
	{ "\0 a \0", 5, "[\\x00 a \\x00]" },	/* NUL is not space */
	{ " \xa0x\xa0 ", 0, "[\\xa0x\\xa0]" },	/* no locale: 0xa0 is not space */
};

static void test_span_trim(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(trim_cases); i++) {
		const struct span_case *c = &trim_cases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		char *p = copy_n(c->in, len);
		struct strbuf sb = STRBUF_INIT;
		struct span t = span_trim(SPAN(p, len));

		assert_true(t.p >= p && t.p + t.len <= p + len);
		dump_span(&sb, t);
		if (strcmp(sb.buf, c->want) != 0)
			fail_msg("case %zu: got %s, want %s", i, sb.buf, c->want);
		strbuf_release(&sb);
		free(p);
	}
}

/* The helpers the parsers shared as private copies: blanks are space and tab only, digits need one. */
static void test_span_blanks_digits(void **state)
{
	struct span t;

	(void)state;
	assert_true(span_is_blank(' ') && span_is_blank('\t') && !span_is_blank('\r') && !span_is_blank('\n'));
	assert_true(span_is_space('\v') && span_is_space('\f') && span_is_space('\r') && !span_is_space('x'));
	t = span_trim_blanks(SPAN(" \t a b\r\t ", 9));
	assert_int_equal(t.len, 4);
	assert_memory_equal(t.p, "a b\r", 4);
	t = span_trim_blanks(SPAN(" \t ", 3));
	assert_int_equal(t.len, 0);
	assert_true(span_all_digits(SPAN("0123456789", 10)));
	assert_false(span_all_digits(SPAN("", 0)));
	assert_false(span_all_digits(SPAN("12a", 3)));
	assert_false(span_all_digits(SPAN("1\0", 2)));
	assert_true(span_all_digits(SPAN("12x", 2)));	/* only the span's bytes count */
}

static const struct span_case word_cases[] = {
	{ "", 0, "" },
	{ "   ", 0, "" },
	{ "\t \t", 0, "" },
	{ "a", 0, "[a]" },
	{ "  a\tb  c ", 0, "[a][b][c]" },
	{ "PermitRootLogin\t\tno", 0, "[PermitRootLogin][no]" },
	{ "a\rb c\n", 0, "[a\\rb][c\\n]" },	/* only space and tab separate words */
	{ "a\0b c", 5, "[a\\x00b][c]" },
	{ "\0", 1, "[\\x00]" },
	{ "x\x1b[31m y", 0, "[x\\x1b[31m][y]" },
};

static void test_span_words(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(word_cases); i++) {
		const struct span_case *c = &word_cases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		char *p = copy_n(c->in, len);
		struct span rest = SPAN(p, len), w;
		struct strbuf sb = STRBUF_INIT;

		while (span_next_word(&rest, &w)) {
			assert_true(w.len > 0);
			assert_true(w.p >= p && w.p + w.len <= p + len);
			dump_span(&sb, w);
		}
		assert_int_equal(rest.len, 0);
		assert_false(span_next_word(&rest, &w));
		if (strcmp(sb.buf, c->want) != 0)
			fail_msg("case %zu: got %s, want %s", i, sb.buf, c->want);
		strbuf_release(&sb);
		free(p);
	}
}

static void test_span_compare(void **state)
{
	char *p = copy_n("Yes\0no", 6);

	(void)state;
	assert_true(span_eq(SPAN(p, 3), "Yes"));
	assert_false(span_eq(SPAN(p, 3), "yes"));
	assert_false(span_eq(SPAN(p, 2), "Yes"));
	assert_false(span_eq(SPAN(p, 4), "Yes"));	/* "Yes\0" is not "Yes" */
	assert_true(span_eq(SPAN(NULL, 0), ""));
	assert_false(span_eq(SPAN(p, 1), ""));
	assert_true(span_eq_icase(SPAN(p, 3), "yES"));
	assert_false(span_eq_icase(SPAN(p, 3), "ye"));
	assert_false(span_eq_icase(SPAN(p, 6), "yes"));
	assert_true(span_eq_icase(SPAN(NULL, 0), ""));
	assert_true(span_starts_with(SPAN(p, 6), "Ye"));
	assert_true(span_starts_with(SPAN(p, 6), ""));
	assert_true(span_starts_with(SPAN(NULL, 0), ""));
	assert_false(span_starts_with(SPAN(p, 2), "Yes"));
	assert_false(span_starts_with(SPAN(p, 6), "ye"));
	assert_true(span_has_nul(SPAN(p, 6)));
	assert_true(span_has_nul(SPAN(p + 3, 1)));
	assert_false(span_has_nul(SPAN(p, 3)));
	assert_false(span_has_nul(SPAN(NULL, 0)));
	free(p);
}

/* ---------------------------------------------------------------- time */

#define T20261226 ((time_t)1798243200) /* 2026-12-26T00:00:00Z */

struct iso_case {
	const char *s;
	size_t len;	/* 0: strlen(s) */
	int ret;
	time_t t;
};

static const struct iso_case iso_cases[] = {
	{ "2026-12-26T09:00:00+09:00", 0, 0, T20261226 },
	{ "2026-12-26T00:00:00Z", 0, 0, T20261226 },
	{ "2026-12-26T00:00:00z", 0, 0, T20261226 },
	{ "2026-12-26t00:00:00Z", 0, 0, T20261226 },
	{ "2026-12-26 00:00:00Z", 0, 0, T20261226 },	/* RFC 3339 allows a space */
	{ "2026-12-26T09:00:00+0900", 0, 0, T20261226 },
	{ "2026-12-26T09:00:00+09", 0, 0, T20261226 },
	{ "2026-12-25T15:00:00-09:00", 0, 0, T20261226 },
	{ "2026-12-25T14:30:00-09:30", 0, 0, T20261226 },
	{ "2026-12-26T00:00:00+00:00", 0, 0, T20261226 },
	{ "2026-12-26T00:00:00-00:00", 0, 0, T20261226 },
	{ "2026-12-26T00:00:00.5Z", 0, 0, T20261226 },	/* fractional seconds ignored */
	{ "2026-12-26T00:00:00,5Z", 0, 0, T20261226 },
	{ "2026-12-26T00:00:00.123456789Z", 0, 0, T20261226 },
	{ "2026-12-26T09:00:00.999+09:00", 0, 0, T20261226 },
	{ "2026-12-26T00:00Z", 0, 0, T20261226 },	/* seconds omitted */
	{ "2026-12-26T09:00+09:00", 0, 0, T20261226 },
	{ "2026-12-26", 0, 0, T20261226 },	/* bare date: midnight UTC */
	{ "2026-12-26T23:59:59Z", 0, 0, T20261226 + 86399 },
	{ "2026-12-26T23:59:60Z", 0, 0, T20261226 + 86400 },	/* leap second */
	{ "2026-12-26T12:34:56+14:00", 0, 0, T20261226 + 45296 - 50400 },
	{ "1970-01-01T00:00:00Z", 0, 0, 0 },
	{ "1970-01-01", 0, 0, 0 },
	{ "1970-01-01T00:00:00+01:00", 0, 0, -3600 },
	{ "2028-02-29T00:00:00Z", 0, 0, (time_t)21243 * 86400 },	/* leap day */
	{ "2000-02-29", 0, 0, (time_t)11016 * 86400 },	/* divisible by 400: leap */
	{ "9999-12-31T23:59:59Z", 0, 0, (time_t)253402300799 },
	{ "2026-12-26T00:00:00Z", 20, 0, T20261226 },
	/* only len bytes are looked at */
	{ "2026-12-26T00:00:00Zgarbage", 20, 0, T20261226 },
	{ "2026-12-26junk", 10, 0, T20261226 },

	{ "2026-02-29", 0, -EINVAL, 0 },	/* not a leap year */
	{ "2026-02-29T00:00:00Z", 0, -EINVAL, 0 },
	{ "2100-02-29", 0, -EINVAL, 0 },	/* divisible by 100: not leap */
	{ "2026-04-31", 0, -EINVAL, 0 },
	{ "2026-13-01T00:00:00Z", 0, -EINVAL, 0 },
	{ "2026-00-10T00:00:00Z", 0, -EINVAL, 0 },
	{ "2026-12-00T00:00:00Z", 0, -EINVAL, 0 },
	{ "2026-12-32T00:00:00Z", 0, -EINVAL, 0 },
	{ "2026-12-26T24:00:00Z", 0, -EINVAL, 0 },
	{ "2026-12-26T23:60:00Z", 0, -EINVAL, 0 },
	{ "2026-12-26T23:59:61Z", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:00", 0, -EINVAL, 0 },	/* zone required */
	{ "2026-12-26T09:00", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:00.5", 0, -EINVAL, 0 },
	{ "2026-12-26T00:00:00Zx", 0, -EINVAL, 0 },	/* trailing garbage */
	{ "2026-12-26T00:00:00ZZ", 0, -EINVAL, 0 },
	{ "2026-12-26T00:00:00Z ", 0, -EINVAL, 0 },
	{ "2026-12-26T00:00:00Z\n", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:00+09:00x", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:00+09:00:00", 0, -EINVAL, 0 },
	{ "2026-12-26x", 0, -EINVAL, 0 },
	{ "2026-12-26 ", 0, -EINVAL, 0 },
	{ "2026-12-26T", 0, -EINVAL, 0 },
	{ "2026-12-26T00:00:00 Z", 0, -EINVAL, 0 },
	{ "2026-12-26T00:00:00.Z", 0, -EINVAL, 0 },	/* empty fraction */
	{ "2026-12-26T00:00:00.+09:00", 0, -EINVAL, 0 },
	{ "2026-12-26T00:00:00..5Z", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:00+9", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:00+9:00", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:00+09:0", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:00+09-00", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:00+24:00", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:00+09:60", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:00+-9:00", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:00 09:00", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:0Z", 0, -EINVAL, 0 },
	{ "2026-12-26T9:00:00Z", 0, -EINVAL, 0 },
	{ "2026-12-26T+9:00:00Z", 0, -EINVAL, 0 },
	{ "2026-12-26T09:-1:00Z", 0, -EINVAL, 0 },
	{ "2026-12-26T09:00:00\0Z", 21, -EINVAL, 0 },	/* NUL inside */
	{ "2026-12-26\0", 11, -EINVAL, 0 },
	{ "2026-1-26", 0, -EINVAL, 0 },
	{ "26-12-26", 0, -EINVAL, 0 },
	{ "+2026-12-26", 0, -EINVAL, 0 },
	{ " 2026-12-26", 0, -EINVAL, 0 },
	{ "2026/12/26", 0, -EINVAL, 0 },
	{ "20261226", 0, -EINVAL, 0 },
	{ "2026-+1-26", 0, -EINVAL, 0 },
	{ "1969-12-31T23:59:59Z", 0, -EINVAL, 0 },	/* before 1970: not supported */
	{ "0000-01-01", 0, -EINVAL, 0 },
	{ "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x96-12-26", 0, -EINVAL, 0 },
	{ "\x1b[31m2026-12-26", 0, -EINVAL, 0 },
	{ "", 0, -EINVAL, 0 },
	{ "2026-12-2", 0, -EINVAL, 0 },
	{ "2026-12-26T00:00:00Z", 19, -EINVAL, 0 },
};

static void test_time_parse(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(iso_cases); i++) {
		const struct iso_case *c = &iso_cases[i];
		size_t len = c->len ? c->len : strlen(c->s);
		char *p = copy_n(c->s, len);
		time_t t = 12345;
		int r = time_parse_iso8601(p, len, &t);

		free(p);
		if (r != c->ret)
			fail_msg("case %zu '%.*s': got %d, want %d", i, (int)len, c->s, r, c->ret);
		if (r == 0 && t != c->t)
			fail_msg("case %zu '%s': got %jd, want %jd", i, c->s, (intmax_t)t, (intmax_t)c->t);
		if (r < 0)
			assert_int_equal(t, 12345);
	}
}

struct days_case {
	const char *s;
	int ret;
	long days;
};

static const struct days_case days_cases[] = {
	{ "1970-01-01", 0, 0 },
	{ "1970-01-02", 0, 1 },
	{ "1970-12-31", 0, 364 },
	{ "1972-02-29", 0, 789 },
	{ "2000-01-01", 0, 10957 },
	{ "2000-03-01", 0, 11017 },
	{ "2026-12-20", 0, 20807 },
	{ "2026-12-26", 0, 20813 },
	{ "2028-02-29", 0, 21243 },
	{ "2038-01-19", 0, 24855 },
	{ "9999-12-31", 0, 2932896 },
	{ "1969-12-31", -EINVAL, 0 },
	{ "2026-02-29", -EINVAL, 0 },
	{ "2026-02-30", -EINVAL, 0 },
	{ "2026-06-31", -EINVAL, 0 },
	{ "2026-13-01", -EINVAL, 0 },
	{ "2026-12-20T", -EINVAL, 0 },
	{ "2026-12-2", -EINVAL, 0 },
	{ "2026_12_20", -EINVAL, 0 },
	{ "2026-12--1", -EINVAL, 0 },
	{ "", -EINVAL, 0 },
};

static void test_date_to_days(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(days_cases); i++) {
		const struct days_case *c = &days_cases[i];
		size_t len = strlen(c->s);
		char *p = copy_n(c->s, len);
		long d = -12345;
		int r = date_to_days(p, len, &d);

		free(p);
		if (r != c->ret || (r == 0 && d != c->days))
			fail_msg("case %zu '%s': got %d %ld, want %d %ld", i, c->s, r, d, c->ret, c->days);
		if (r < 0)
			assert_int_equal(d, -12345);
	}
}

/* gmtime_r as the reference (a libc function; fine in a test). */
static void ref_utc(time_t t, char *buf, size_t size)
{
	struct tm tm;

	assert_non_null(gmtime_r(&t, &tm));
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void check_time(time_t t)
{
	char got[64], want[64];
	time_t back = 0;

	time_format_utc(t, got, sizeof(got));
	ref_utc(t, want, sizeof(want));
	if (strcmp(got, want) != 0)
		fail_msg("time %jd: got %s, want %s", (intmax_t)t, got, want);
	/* the parser covers 1970..9999 */
	if (t >= 0 && t <= (time_t)253402300799) {
		assert_int_equal(strlen(got), 20);
		if (time_parse_iso8601(got, strlen(got), &back) != 0 || back != t)
			fail_msg("time %jd: %s parsed back as %jd", (intmax_t)t, got, (intmax_t)back);
	}
}

static void check_days(long days)
{
	char got[64], want[64];
	long back = 0;

	days_format(days, got, sizeof(got));
	ref_utc((time_t)days * 86400, want, sizeof(want));
	*strchr(want, 'T') = '\0';
	if (strcmp(got, want) != 0)
		fail_msg("days %ld: got %s, want %s", days, got, want);
	if (days >= 0 && days <= 2932896) {
		if (date_to_days(got, strlen(got), &back) != 0 || back != days)
			fail_msg("days %ld: %s parsed back as %ld", days, got, back);
	}
}

static void test_time_round_trip(void **state)
{
	static const time_t fixed[] = {
		0, 1, -1, 59, 60, -59, -60, -61, 86399, 86400, 86401, -86399, -86400, -86401,
		T20261226, T20261226 - 1, 951782400 /* 2000-02-29 */, 951868800, 4107542400 /* 2100-03-01 */,
		INT32_MAX, (time_t)INT32_MAX + 1, INT32_MIN, (time_t)INT32_MIN - 1, (time_t)253402300799,
		(time_t)253402300800, -(time_t)62135596800 /* 0001-01-01 */, -(time_t)62135596801,
	};
	char buf[64];
	time_t t;
	long d;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(fixed); i++)
		check_time(fixed[i]);
	/* every ~3.7 hours from 1900 to 2200, and sparse values out to year +-100000 */
	for (t = -(time_t)2208988800; t < (time_t)7258118400; t += 13331)
		check_time(t);
	for (t = -(time_t)3217862419200; t < (time_t)3093527980800; t += (time_t)86400 * 3331 + 7)
		check_time(t);
	for (d = -800000; d < 3000000; d += 37)
		check_days(d);
	for (d = 20000; d < 22000; d++)
		check_days(d);

	/* a pre-1970 instant formats like gmtime does */
	time_format_utc(-1, buf, sizeof(buf));
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
	days_format(-1, buf, sizeof(buf));
	assert_string_equal(buf, "1969-12-31");
	days_format(20807, buf, sizeof(buf));
	assert_string_equal(buf, "2026-12-20");

	/* a short buffer truncates and stays terminated */
	memset(buf, 'X', sizeof(buf));
	time_format_utc(T20261226, buf, 5);
	assert_string_equal(buf, "2026");
	assert_int_equal(buf[5], 'X');
	days_format(0, buf, 8);
	assert_string_equal(buf, "1970-01");
}

/* The extremes must not hit signed overflow (UBSan checks this). */
static void test_time_extremes(void **state)
{
	char buf[64];

	(void)state;
	time_format_utc((time_t)INT64_MAX, buf, sizeof(buf));
	assert_true(strlen(buf) > 0);
	time_format_utc((time_t)INT64_MIN, buf, sizeof(buf));
	assert_true(strlen(buf) > 0);
	time_format_utc((time_t)INT64_MIN + 1, buf, sizeof(buf));
	assert_true(strlen(buf) > 0);
	days_format(LONG_MAX, buf, sizeof(buf));
	assert_true(strlen(buf) > 0);
	days_format(LONG_MIN, buf, sizeof(buf));
	assert_true(strlen(buf) > 0);
}

/* ---------------------------------------------------------------- fileio */

struct tmpdir {
	char path[64];
};

static int tmp_setup(void **state)
{
	struct tmpdir *td = xcalloc(1, sizeof(*td));

	snprintf(td->path, sizeof(td->path), "/tmp/kyuka-util-XXXXXX");
	if (!mkdtemp(td->path)) {
		free(td);
		return -1;
	}
	/* traversable, so a child that dropped to nobody can reach its own subdirectory */
	if (chmod(td->path, 0755) < 0)
		return -1;
	*state = td;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmpdir *td = *state;
	char *cmd = xasprintf("chmod -R u+rwx '%s' && rm -rf '%s'", td->path, td->path);
	int r = system(cmd);

	free(cmd);
	free(td);
	return r == 0 ? 0 : -1;
}

static char *tpath(void **state, const char *name)
{
	struct tmpdir *td = *state;

	return xasprintf("%s/%s", td->path, name);
}

static void write_plain(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static char *slurp(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		assert_int_equal(strbuf_add(&sb, buf, (size_t)n), 0);
	close(fd);
	return strbuf_detach(&sb, NULL);
}

/* The sorted names in a directory (no "." or ".."), joined by spaces. */
static char *dir_names(const char *path)
{
	struct dirent **list;
	struct strbuf sb = STRBUF_INIT;
	int n = scandir(path, &list, NULL, alphasort), i;

	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, ".."))
			strbuf_addf(&sb, "%s%s", sb.len ? " " : "", list[i]->d_name);
		free(list[i]);
	}
	free(list);
	return strbuf_detach(&sb, NULL);
}

static void assert_dir_names(const char *dir, const char *want)
{
	char *got = dir_names(dir);

	if (strcmp(got, want) != 0)
		fail_msg("'%s' holds '%s', want '%s'", dir, got, want);
	free(got);
}

static void assert_mode(const char *path, mode_t mode)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	if ((st.st_mode & 07777) != mode)
		fail_msg("'%s' has mode %04o, want %04o", path, (unsigned)(st.st_mode & 07777), (unsigned)mode);
}

static void test_write_atomic_new(void **state)
{
	char *dir = tpath(state, "new"), *f = tpath(state, "new/out.json"), *s;
	struct err e = { 0 };
	mode_t old = umask(0);

	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(write_file_atomic(f, "hello\0world", 11, &e), 0);
	umask(old);
	assert_mode(f, 0600);
	s = slurp(f);
	assert_memory_equal(s, "hello\0world", 11);
	free(s);
	assert_dir_names(dir, "out.json");

	/* empty data: an empty file, still 0600 */
	assert_int_equal(write_file_atomic(f, "", 0, &e), 0);
	assert_mode(f, 0600);
	s = slurp(f);
	assert_string_equal(s, "");
	free(s);
	assert_dir_names(dir, "out.json");
	free(f);
	free(dir);
}

static void test_write_atomic_replace(void **state)
{
	char *dir = tpath(state, "rep"), *f = tpath(state, "rep/report.txt"), *s;
	struct err e = { 0 };
	struct stat before, after;
	char buf[16] = { 0 };
	mode_t old;
	int fd;

	assert_int_equal(mkdir(dir, 0755), 0);
	write_plain(f, "old contents", 0666);
	assert_int_equal(stat(f, &before), 0);
	/* a reader that opened the old file keeps seeing it: the file is replaced, not rewritten */
	fd = open(f, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	old = umask(0);
	assert_int_equal(write_file_atomic(f, "new", 3, &e), 0);
	umask(old);
	assert_int_equal(stat(f, &after), 0);
	assert_true(before.st_ino != after.st_ino);
	assert_int_equal(after.st_mode & 07777, 0600);
	assert_int_equal(read(fd, buf, sizeof(buf) - 1), 12);
	assert_string_equal(buf, "old contents");
	close(fd);
	s = slurp(f);
	assert_string_equal(s, "new");
	free(s);
	assert_dir_names(dir, "report.txt");
	free(f);
	free(dir);
}

static void test_write_atomic_refuses(void **state)
{
	char *dir = tpath(state, "ref"), *target = tpath(state, "ref/target"), *link = tpath(state, "ref/link"),
	     *sub = tpath(state, "ref/sub"), *dangling = tpath(state, "ref/dangling"),
	     *missing = tpath(state, "nonexistent/dir/out"), *s;
	struct err e = { 0 };
	struct stat st;

	assert_int_equal(mkdir(dir, 0755), 0);
	write_plain(target, "precious", 0644);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(symlink("/nonexistent-kyuka-target", dangling), 0);

	/* a symlink is not replaced and its target is not written */
	err_clear(&e);
	assert_int_equal(write_file_atomic(link, "evil", 4, &e), -EINVAL);
	assert_int_equal(e.code, -EINVAL);
	assert_non_null(strstr(e.msg, link));
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	s = slurp(target);
	assert_string_equal(s, "precious");
	free(s);
	assert_mode(target, 0644);

	err_clear(&e);
	assert_int_equal(write_file_atomic(dangling, "evil", 4, &e), -EINVAL);
	assert_int_equal(lstat(dangling, &st), 0);
	assert_true(S_ISLNK(st.st_mode));

	/* a directory */
	err_clear(&e);
	assert_int_equal(write_file_atomic(sub, "x", 1, &e), -EINVAL);
	assert_int_equal(lstat(sub, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_dir_names(sub, "");
	assert_dir_names(dir, "dangling link sub target");

	/* a missing directory: -ENOENT, a message, nothing created */
	err_clear(&e);
	assert_int_equal(write_file_atomic(missing, "x", 1, &e), -ENOENT);
	assert_int_equal(e.code, -ENOENT);
	assert_true(strlen(e.msg) > 0);
	assert_int_equal(access(missing, F_OK), -1);

	/* a NULL err is fine */
	assert_int_equal(write_file_atomic(sub, "x", 1, NULL), -EINVAL);

	free(dir);
	free(target);
	free(link);
	free(sub);
	free(dangling);
	free(missing);
}

/*
 * Runs fn(arg) in a child, as nobody when we are root (so permissions apply);
 * returns what fn returned (a negative errno or 0), or INT_MIN when the child failed.
 */
static int in_child(int (*fn)(const char *, const char *), const char *a, const char *b, bool drop)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		int r;
		if (drop && geteuid() == 0) {
			if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
			    setresuid(NOBODY, NOBODY, NOBODY) < 0)
				_exit(255);
		}
		r = fn(a, b);
		_exit(r > 0 || r < -200 ? 254 : -r);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) >= 254)
		return INT_MIN;
	return -WEXITSTATUS(status);
}

static int write_fn(const char *path, const char *data)
{
	return write_file_atomic(path, data, strlen(data), NULL);
}

static int mkdir_fn(const char *path, const char *unused)
{
	(void)unused;
	return mkdir_p(path, NULL);
}

/* A read-only directory: nothing written, no temporary file. Needs a non-root view. */
static void test_write_atomic_readonly_dir(void **state)
{
	char *dir = tpath(state, "ro"), *f = tpath(state, "ro/out"), *deep = tpath(state, "ro/a/b"), *s;

	assert_int_equal(mkdir(dir, 0755), 0);
	write_plain(f, "old", 0644);
	assert_int_equal(chmod(dir, 0555), 0);
	if (geteuid() == 0)
		assert_int_equal(chown(dir, NOBODY, NOBODY), 0);
	assert_int_equal(in_child(write_fn, f, "new", true), -EACCES);
	assert_int_equal(in_child(mkdir_fn, deep, NULL, true), -EACCES);
	assert_int_equal(chmod(dir, 0755), 0);
	s = slurp(f);
	assert_string_equal(s, "old");
	free(s);
	assert_dir_names(dir, "out");
	free(dir);
	free(f);
	free(deep);
}

static int write_fsize_fn(const char *path, const char *data)
{
	struct rlimit rl = { 16, 16 };

	/* the file-size limit makes write(2) fail after the temporary file exists */
	signal(SIGXFSZ, SIG_IGN);
	if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
		return -200;
	return write_file_atomic(path, data, strlen(data), NULL);
}

/* A failure after the temporary file was created removes it and keeps the old file. */
static void test_write_atomic_failure_cleans_up(void **state)
{
	char *dir = tpath(state, "fail"), *f = tpath(state, "fail/out"), *s;

	(void)state;
	assert_int_equal(mkdir(dir, 0755), 0);
	write_plain(f, "old", 0644);
	assert_int_equal(in_child(write_fsize_fn, f, "this is more than sixteen bytes", false), -EFBIG);
	s = slurp(f);
	assert_string_equal(s, "old");
	free(s);
	assert_mode(f, 0644);
	assert_dir_names(dir, "out");
	/* within the limit it works */
	assert_int_equal(in_child(write_fsize_fn, f, "short", false), 0);
	s = slurp(f);
	assert_string_equal(s, "short");
	free(s);
	assert_dir_names(dir, "out");
	free(dir);
	free(f);
}

/* A relative path without a slash is written in the current directory. */
static void test_write_atomic_relative(void **state)
{
	char *dir = tpath(state, "rel"), *f = tpath(state, "rel/plain"), *s;
	int cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);

	assert_true(cwd >= 0);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(write_file_atomic("plain", "rel", 3, NULL), 0);
	assert_int_equal(mkdir_p("x/y", NULL), 0);
	assert_int_equal(fchdir(cwd), 0);
	close(cwd);
	s = slurp(f);
	assert_string_equal(s, "rel");
	free(s);
	assert_dir_names(dir, "plain x");
	free(dir);
	free(f);
}

static void test_mkdir_p(void **state)
{
	char *base = tpath(state, "mk"), *deep = tpath(state, "mk/a/b/c"), *a = tpath(state, "mk/a"),
	     *ab = tpath(state, "mk/a/b"), *slashy = tpath(state, "mk//d///e/"),
	     *file = tpath(state, "mk/file"), *under_file = tpath(state, "mk/file/x");
	struct err e = { 0 };
	mode_t old = umask(0);
	struct stat st;

	assert_int_equal(mkdir_p(deep, &e), 0);
	assert_mode(base, 0700);
	assert_mode(a, 0700);
	assert_mode(ab, 0700);
	assert_mode(deep, 0700);
	/* existing components are fine, so is running it again */
	assert_int_equal(mkdir_p(deep, &e), 0);
	assert_int_equal(mkdir_p(ab, &e), 0);
	/* an existing directory keeps its mode */
	assert_int_equal(chmod(ab, 0755), 0);
	assert_int_equal(mkdir_p(deep, &e), 0);
	assert_mode(ab, 0755);
	/* repeated and trailing slashes */
	assert_int_equal(mkdir_p(slashy, &e), 0);
	free(slashy);
	slashy = tpath(state, "mk/d/e");
	assert_int_equal(stat(slashy, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_mode(slashy, 0700);
	assert_int_equal(mkdir_p("/", &e), 0);
	umask(old);

	/* a regular file in the way */
	write_plain(file, "x", 0600);
	err_clear(&e);
	assert_int_equal(mkdir_p(under_file, &e), -ENOTDIR);
	assert_int_equal(e.code, -ENOTDIR);
	assert_non_null(strstr(e.msg, "cannot create directory"));
	err_clear(&e);
	assert_int_equal(mkdir_p(file, &e), -ENOTDIR);
	assert_int_equal(e.code, -ENOTDIR);
	assert_int_equal(mkdir_p(file, NULL), -ENOTDIR);
	/* an empty path names nothing */
	assert_int_equal(mkdir_p("", &e), -ENOENT);

	free(base);
	free(deep);
	free(a);
	free(ab);
	free(slashy);
	free(file);
	free(under_file);
}

/* A symlink to a directory is an existing directory; a dangling one is not. */
static void test_mkdir_p_links(void **state)
{
	char *real = tpath(state, "real"), *ln = tpath(state, "ln"), *through = tpath(state, "ln/sub"),
	     *made = tpath(state, "real/sub"), *dang = tpath(state, "dangling"), *under = tpath(state, "dangling/x");
	struct stat st;

	assert_int_equal(mkdir(real, 0700), 0);
	assert_int_equal(symlink(real, ln), 0);
	assert_int_equal(mkdir_p(ln, NULL), 0);
	assert_int_equal(mkdir_p(through, NULL), 0);
	assert_int_equal(stat(made, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(symlink("/nonexistent-kyuka-dir", dang), 0);
	assert_int_equal(mkdir_p(dang, NULL), -ENOTDIR);
	assert_int_equal(mkdir_p(under, NULL), -ENOTDIR);
	assert_int_equal(access("/nonexistent-kyuka-dir", F_OK), -1);
	free(real);
	free(ln);
	free(through);
	free(made);
	free(dang);
	free(under);
}

/* Writes text to a pipe from a child and returns the read end. */
static int pipe_with(const char *text, size_t len)
{
	int p[2];
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		size_t off = 0;
		close(p[0]);
		while (off < len) {
			ssize_t n = write(p[1], text + off, len - off);
			if (n <= 0)
				_exit(1);
			off += (size_t)n;
		}
		_exit(0);
	}
	close(p[1]);
	return p[0];
}

static void reap(void)
{
	int status;

	while (waitpid(-1, &status, 0) > 0)
		;
}

struct rfm_case {
	size_t len;	/* bytes offered */
	size_t max;
	int ret;
};

static const struct rfm_case rfm_cases[] = {
	{ 0, 0, 0 },
	{ 0, 10, 0 },
	{ 1, 0, -EFBIG },
	{ 9, 10, 0 },
	{ 10, 10, 0 },	/* exactly max */
	{ 11, 10, -EFBIG },
	{ 65536, 65536, 0 },
	{ 65537, 65536, -EFBIG },
	{ 200000, 1 << 20, 0 },	/* several reads through a pipe */
	{ 1 << 20, 1 << 20, 0 },
	{ (1 << 20) + 1, 1 << 20, -EFBIG },
};

static void test_read_fd_max(void **state)
{
	size_t big = ((size_t)1 << 20) + 1, i;
	char *data = xmalloc(big);

	(void)state;
	for (i = 0; i < big; i++)
		data[i] = (char)(i * 7 + (i >> 8)); /* any bytes, NULs included */
	for (i = 0; i < ARRAY_SIZE(rfm_cases); i++) {
		const struct rfm_case *c = &rfm_cases[i];
		struct strbuf out = STRBUF_INIT;
		int fd = pipe_with(data, c->len), r;

		assert_int_equal(strbuf_adds(&out, "previous"), 0);
		r = read_fd_max(fd, c->max, &out);
		close(fd);
		reap();
		if (r != c->ret)
			fail_msg("case %zu: got %d, want %d", i, r, c->ret);
		if (r == 0) {
			assert_int_equal(out.len, c->len);
			assert_memory_equal(out.buf, data, c->len);
			assert_int_equal(out.buf[out.len], '\0');
		} else {
			assert_string_equal(out.buf, "previous"); /* unchanged on failure */
		}
		strbuf_release(&out);
	}
	free(data);
}

static void test_read_fd_max_errors(void **state)
{
	struct strbuf out = STRBUF_INIT;
	int fd;

	(void)state;
	assert_int_equal(strbuf_adds(&out, "keep"), 0);
	assert_int_equal(read_fd_max(-1, 100, &out), -EBADF);
	assert_string_equal(out.buf, "keep");
	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(read_fd_max(fd, 100, &out), -EISDIR);
	close(fd);
	assert_string_equal(out.buf, "keep");
	strbuf_release(&out);
}

/* ---------------------------------------------------------------- err */

static void test_err_set(void **state)
{
	struct err e;

	(void)state;
	memset(&e, 0x55, sizeof(e));
	err_clear(&e);
	assert_int_equal(e.code, 0);
	assert_string_equal(e.msg, "");
	assert_int_equal(err_set(&e, -ENOENT, "cannot read '%s': %s", "/etc/shadow", "no such file"), -ENOENT);
	assert_int_equal(e.code, -ENOENT);
	assert_string_equal(e.msg, "cannot read '/etc/shadow': no such file");
	assert_int_equal(err_set(NULL, -EACCES, "ignored %d", 1), -EACCES);
	assert_int_equal(err_set(&e, -E2BIG, "%s", ""), -E2BIG);
	assert_string_equal(e.msg, "");
	err_clear(NULL);
	err_prefix(NULL, "x");
}

static void test_err_truncation(void **state)
{
	char *long_s = xmalloc(4001);
	struct err e;

	(void)state;
	memset(long_s, 'x', 4000);
	long_s[4000] = '\0';
	memset(&e, 0x55, sizeof(e));
	assert_int_equal(err_set(&e, -EINVAL, "bad '%s'", long_s), -EINVAL);
	assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 1);
	assert_memory_equal(e.msg, "bad 'xxx", 8);

	/* a long prefix on a long message */
	err_prefix(&e, "%s", long_s);
	assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 1);
	assert_int_equal(e.msg[ERR_MSG_MAX - 3], ':');
	assert_int_equal(e.msg[ERR_MSG_MAX - 2], ' ');
	assert_int_equal(e.code, -EINVAL);

	/* a long prefix on a short message */
	err_set(&e, -EIO, "short");
	err_prefix(&e, "%.*s", 600, long_s);
	assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 1);

	/* a short prefix on a long message: the prefix survives, the end is cut */
	err_set(&e, -EIO, "%s", long_s);
	err_prefix(&e, "ctx");
	assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 1);
	assert_memory_equal(e.msg, "ctx: xxx", 8);

	/* prefix exactly fills the room for "prefix: " + nothing */
	err_set(&e, -EIO, "m");
	err_prefix(&e, "%.*s", ERR_MSG_MAX - 3, long_s);
	assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 1);
	err_set(&e, -EIO, "m");
	err_prefix(&e, "%.*s", ERR_MSG_MAX - 4, long_s);
	assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 1);
	assert_int_equal(e.msg[ERR_MSG_MAX - 2], 'm');
	free(long_s);
}

static void test_err_prefix(void **state)
{
	struct err e = { 0 };

	(void)state;
	err_set(&e, -ENOENT, "cannot read '%s'", "/etc/passwd");
	err_prefix(&e, "collecting %s", "accounts");
	assert_string_equal(e.msg, "collecting accounts: cannot read '/etc/passwd'");
	assert_int_equal(e.code, -ENOENT);
	err_prefix(&e, "root '%s'", "/mnt");
	assert_string_equal(e.msg, "root '/mnt': collecting accounts: cannot read '/etc/passwd'");
	/* the prefix may quote the message itself */
	err_set(&e, -EIO, "m");
	err_prefix(&e, "%s", e.msg);
	assert_string_equal(e.msg, "m: m");
	/* on an empty message */
	err_clear(&e);
	err_prefix(&e, "p");
	assert_string_equal(e.msg, "p: ");
	/* hostile bytes are carried, not interpreted */
	err_set(&e, -EINVAL, "user '%s'", "\x1b[31mevil%n");
	err_prefix(&e, "%s", "%s%s%s");
	assert_string_equal(e.msg, "%s%s%s: user '\x1b[31mevil%n'");
}

/* Local times as glib writes them ("%F %T %z"), in zones east, west and off the hour. */
static void test_time_format_local(void **state)
{
	static const char *const zones[] = { "UTC", "Asia/Tokyo", "America/St_Johns", "Asia/Kathmandu",
					     "Europe/London", "Australia/Lord_Howe", "Pacific/Kiritimati" };
	char ours[64];
	unsigned seed = 7;
	size_t z;
	int i;

	(void)state;
	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		GTimeZone *tz = g_time_zone_new_identifier(zones[z]);

		if (!tz)
			continue;	/* no tzdata for it here */
		for (i = 0; i < 2000; i++) {
			int64_t t;
			GDateTime *u, *l;
			gchar *theirs;
			gint iv;

			seed = seed * 1103515245u + 12345u;
			t = (int64_t)(seed % 4000000000u) - 100000000;	/* 1966 to 2093 */
			iv = g_time_zone_find_interval(tz, G_TIME_TYPE_UNIVERSAL, t);
			assert_true(iv >= 0);
			u = g_date_time_new_from_unix_utc(t);
			l = g_date_time_to_timezone(u, tz);
			theirs = g_date_time_format(l, "%Y-%m-%d %H:%M:%S %z");
			assert_int_equal(time_format_local(t, g_time_zone_get_offset(tz, iv), ours, sizeof(ours)), 0);
			assert_string_equal(ours, theirs);
			g_free(theirs);
			g_date_time_unref(l);
			g_date_time_unref(u);
		}
		g_time_zone_unref(tz);
	}
	/* offsets with seconds (old local mean times) and years of other widths are not ours */
	assert_int_equal(time_format_local(0, 33539, ours, sizeof(ours)), -1);
	assert_int_equal(time_format_local(-62135596801LL, 0, ours, sizeof(ours)), -1);
}

/* Digits eight at a time agree with a byte at a time, on every kind of byte around them. */
static void test_swar(void **state)
{
	char buf[8];
	unsigned seed = 1;
	int it;

	(void)state;
	if (!SWAR_OK)
		skip();
	for (it = 0; it < 200000; it++) {
		size_t i, k = 0;
		uint64_t v = 0, w;

		for (i = 0; i < 8; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (seed >> 16) % 4 ? (char)('0' + (seed >> 8) % 10) : (char)(seed >> 20);
		}
		while (k < 8 && buf[k] >= '0' && buf[k] <= '9')
			v = v * 10 + (uint64_t)(buf[k++] - '0');
		w = swar_load(buf);
		assert_int_equal(swar_digits(w), k);
		if (k)
			assert_int_equal(swar_value(w, k), v);
	}
	/* the first of three bytes, at every offset and length */
	for (it = 0; it < 20000; it++) {
		char line[40];
		size_t i, n, want;

		for (i = 0; i < sizeof(line); i++) {
			seed = seed * 1103515245u + 12345u;
			line[i] = (seed >> 16) % 9 ? (char)('a' + (seed >> 8) % 26) : "[: \x80"[(seed >> 4) % 4];
		}
		n = (size_t)(seed >> 3) % sizeof(line);
		for (want = 0; want < n && line[want] != '[' && line[want] != ':' && line[want] != ' '; want++)
			;
		assert_int_equal(swar_find3(line, n, '[', ':', ' '), want);
	}
	/* equal or not, at every length, differing anywhere */
	for (it = 0; it < 20000; it++) {
		char x[24], y[24];
		size_t i, n;

		for (i = 0; i < sizeof(x); i++) {
			seed = seed * 1103515245u + 12345u;
			x[i] = y[i] = (char)(seed >> 16);
		}
		n = (size_t)(seed >> 5) % sizeof(x);
		if (n && (seed >> 9) % 2)
			y[(seed >> 11) % n] ^= 1;
		assert_int_equal(swar_equal(x, y, n), memcmp(x, y, n) == 0);
	}
	/* a short field: its bytes in memory order, zeros after (what a zeroed word holds after memcpy) */
	for (it = 0; it < 20000; it++) {
		char x[8];
		uint64_t want = 0;
		size_t i, n;

		for (i = 0; i < sizeof(x); i++) {
			seed = seed * 1103515245u + 12345u;
			x[i] = (char)(seed >> 16);
		}
		n = (size_t)(seed >> 5) % 9;
		memcpy(&want, x, n);
		assert_true(swar_load_upto(x, n) == want);
	}
	memcpy(buf, "99999999", 8);
	assert_int_equal(swar_digits(swar_load(buf)), 8);
	assert_int_equal(swar_value(swar_load(buf), 8), 99999999);
	memcpy(buf, "0/:9 \xff\x00a", 8);
	assert_int_equal(swar_digits(swar_load(buf)), 1);
	assert_int_equal(swar_value(swar_load(buf), 1), 0);
}

/* libcurl is loaded on first use, once, with every function of the table. */
static void test_curl_dl(void **state)
{
	struct err e = { 0 };
	const struct kcurl *a = kcurl_load(&e), *b = kcurl_load(&e);

	(void)state;
	assert_non_null(a);
	assert_ptr_equal(a, b);
	assert_non_null(a->easy_init);
	assert_non_null(a->slist_free_all);
	assert_string_equal(a->easy_strerror(CURLE_OK), "No error");
}

/* libarchive too, through the same loader. */
static void test_archive_dl(void **state)
{
	const struct karchive *a = karchive_load(NULL);
	struct archive *ar;

	(void)state;
	assert_non_null(a);
	assert_ptr_equal(a, karchive_load(NULL));
	ar = a->read_new();
	assert_non_null(ar);
	assert_int_equal(a->read_support_format_tar(ar), ARCHIVE_OK);
	assert_int_equal(a->read_free(ar), ARCHIVE_OK);
}

/* libsystemd's journal reader, libcrypto's SHA-256 and libmount's table, through the same loader. */
static void test_sdj_crypto_dl(void **state)
{
	const struct ksdj *j = ksdj_load(NULL);
	const struct kcrypto *c = kcrypto_load(NULL);
	const struct kmount *mt = kmount_load(NULL);
	struct libmnt_table *tb;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *x;

	(void)state;
	assert_non_null(j);
	assert_ptr_equal(j, ksdj_load(NULL));
	assert_non_null(j->open_directory);
	assert_non_null(j->get_cursor);
	assert_non_null(c);
	x = c->md_ctx_new();
	assert_non_null(x);
	assert_int_equal(c->digest_init_ex(x, c->sha256(), NULL), 1);
	assert_int_equal(c->digest_update(x, "abc", 3), 1);
	assert_int_equal(c->digest_final_ex(x, md, &n), 1);
	c->md_ctx_free(x);
	assert_int_equal(n, 32);
	/* SHA-256("abc"), FIPS 180-2 */
	assert_int_equal(md[0], 0xba);
	assert_int_equal(md[31], 0xad);
	assert_non_null(mt);
	assert_ptr_equal(mt, kmount_load(NULL));
	tb = mt->new_table();
	assert_non_null(tb);
	mt->unref_table(tb);
	assert_int_equal(mt->optstr_get_option("rw,ro,relatime", "ro", NULL, NULL), 0);
	assert_int_equal(mt->optstr_get_option("rw,relatime", "ro", NULL, NULL), 1);
}

/* libevtx as well: a file object made and freed through the table. */
static void test_evtx_dl(void **state)
{
	struct err e = { 0 };
	const struct kevtx *x = kevtx_load(&e);
	libevtx_file_t *f = NULL;

	(void)state;
	assert_non_null(x);
	assert_ptr_equal(x, kevtx_load(NULL));
	assert_non_null(x->record_get_utf8_string);
	assert_int_equal(x->file_initialize(&f, NULL), 1);
	assert_non_null(f);
	assert_int_equal(x->file_free(&f, NULL), 1);
	assert_null(f);
}

/* Allocations of every size, aligned, zeroed and intact until the arena is released (ASan sees the rest). */
static void test_arena(void **state)
{
	struct arena a = ARENA_INIT;
	char *strs[3000];
	size_t i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		size_t n = i % 7 == 0 ? i * 37 : i % 50;
		unsigned char *p = arena_zalloc(&a, n);
		size_t k;

		assert_int_equal((uintptr_t)p % 16, 0);
		for (k = 0; k < n; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xaa, n);
		strs[i] = arena_printf(&a, "%zu:%s", i, i % 3 ? "x" : "a longer string for the arena");
	}
	for (i = 0; i < 3000; i++) {
		char want[64];

		snprintf(want, sizeof(want), "%zu:%s", i, i % 3 ? "x" : "a longer string for the arena");
		assert_string_equal(strs[i], want);
	}
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_string_equal(arena_strdup(&a, ""), "");
	/* longer than the buffer arena_printf tries first */
	{
		char big[1000];
		char *p;

		memset(big, 'z', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		p = arena_printf(&a, "<%s>", big);
		assert_int_equal(strlen(p), sizeof(big) + 1);
		assert_int_equal(p[0], '<');
		assert_int_equal(p[sizeof(big)], '>');
	}
	arena_release(&a);
	arena_release(&a);
	assert_string_equal(arena_strdup(&a, "again"), "again");
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_curl_dl),
		cmocka_unit_test(test_archive_dl),
		cmocka_unit_test(test_swar),
		cmocka_unit_test(test_sdj_crypto_dl),
		cmocka_unit_test(test_evtx_dl),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_time_format_local),
		cmocka_unit_test(test_strbuf_init),
		cmocka_unit_test(test_strbuf_add),
		cmocka_unit_test(test_strbuf_big),
		cmocka_unit_test(test_strbuf_max),
		cmocka_unit_test(test_strbuf_addf),
		cmocka_unit_test(test_strbuf_detach),
		cmocka_unit_test(test_strbuf_rtrim),
		cmocka_unit_test(test_num),
		cmocka_unit_test(test_num_str),
		cmocka_unit_test(test_span_lines),
		cmocka_unit_test(test_span_long_line),
		cmocka_unit_test(test_span_split),
		cmocka_unit_test(test_span_split_fields),
		cmocka_unit_test(test_span_trim), cmocka_unit_test(test_span_blanks_digits),
		cmocka_unit_test(test_span_words),
		cmocka_unit_test(test_span_compare),
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_date_to_days),
		cmocka_unit_test(test_time_round_trip),
		cmocka_unit_test(test_time_extremes),
		cmocka_unit_test_setup_teardown(test_write_atomic_new, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_write_atomic_replace, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_write_atomic_refuses, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_write_atomic_readonly_dir, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_write_atomic_failure_cleans_up, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_write_atomic_relative, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_mkdir_p, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_mkdir_p_links, tmp_setup, tmp_teardown),
		cmocka_unit_test(test_read_fd_max),
		cmocka_unit_test(test_read_fd_max_errors),
		cmocka_unit_test(test_err_set),
		cmocka_unit_test(test_err_truncation),
		cmocka_unit_test(test_err_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
