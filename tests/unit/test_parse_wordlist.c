/* Unit tests for the wordlist and pwquality.conf parsers: tables of hostile inputs. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/wordlist.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static char *exact(const char *s, size_t len)
{
	char *p = xmalloc(len ? len : 1);

	if (len)
		memcpy(p, s, len);
	return p;
}

struct wl_case {
	const char *in;
	size_t len;
	size_t n, skipped;
	const char *first, *last;
};

static const struct wl_case cases[] = {
	{ IN(""), 0, 0, NULL, NULL },
	{ IN("\n\n\r\n"), 0, 0, NULL, NULL },
	{ IN("123456\npassword\n"), 2, 0, "123456", "password" },
	{ IN("123456\r\npassword"), 2, 0, "123456", "password" },
	{ IN("#!comment: john\n#!comment:\nqwerty\n"), 1, 0, "qwerty", "qwerty" },
	{ IN("#not a comment\n"), 1, 0, "#not a comment", "#not a comment" },
	{ IN("a\0b\nok\n"), 1, 1, "ok", "ok" },
	{ IN("  spaced  \n"), 1, 0, "  spaced  ", "  spaced  " },
	{ IN("\x1b[31mred\n\xff\xfe\n"), 2, 0, "\x1b[31mred", "\xff\xfe" },
	{ IN("パスワード\n"), 1, 0, "パスワード", "パスワード" },
	{ IN("\r"), 0, 0, NULL, NULL },
	{ IN("x\r\r\n"), 1, 0, "x\r", "x\r" },
};

static void span_is(struct span s, const char *want)
{
	assert_int_equal(s.len, strlen(want));
	assert_memory_equal(s.p, want, s.len);
}

static void test_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *buf = exact(cases[i].in, cases[i].len);
		struct wordlist wl;

		assert_int_equal(wordlist_parse(buf, cases[i].len, &wl, NULL), 0);
		assert_int_equal(wl.n, cases[i].n);
		assert_int_equal(wl.skipped, cases[i].skipped);
		assert_false(wl.truncated);
		if (cases[i].first) {
			span_is(wl.v[0], cases[i].first);
			span_is(wl.v[wl.n - 1], cases[i].last);
		}
		wordlist_free(&wl);
		free(buf);
	}
}

static void test_long_line(void **state)
{
	size_t len = (size_t)1 << 20;
	char *buf = xmalloc(len + 4);
	struct wordlist wl;

	(void)state;
	memset(buf, 'a', len);
	memcpy(buf + len, "\nok\n", 4);
	assert_int_equal(wordlist_parse(buf, len + 4, &wl, NULL), 0);
	assert_int_equal(wl.n, 1);
	assert_int_equal(wl.skipped, 1);
	span_is(wl.v[0], "ok");
	wordlist_free(&wl);
	/* exactly the limit is a word, one more is not */
	memset(buf, 'b', WORDLIST_MAX_WORD + 1);
	buf[WORDLIST_MAX_WORD + 1] = '\n';
	assert_int_equal(wordlist_parse(buf, WORDLIST_MAX_WORD + 2, &wl, NULL), 0);
	assert_int_equal(wl.n, 0);
	assert_int_equal(wordlist_parse(buf + 1, WORDLIST_MAX_WORD + 1, &wl, NULL), 0);
	assert_int_equal(wl.n, 1);
	wordlist_free(&wl);
	free(buf);
}

static void test_too_big(void **state)
{
	struct wordlist wl;
	struct err e;

	(void)state;
	assert_int_equal(wordlist_parse("x", WORDLIST_MAX_BYTES + 1, &wl, &e), -EFBIG);
	assert_non_null(strstr(e.msg, "larger"));
	assert_int_equal(wordlist_parse(NULL, 0, &wl, NULL), 0);
	assert_int_equal(wl.n, 0);
	wordlist_free(&wl);
	wordlist_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_too_big),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
