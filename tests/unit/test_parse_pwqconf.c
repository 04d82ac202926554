/* Unit tests for the pwquality.conf framing: tables of hostile inputs. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/pwqconf.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static char *exact(const char *s, size_t len)
{
	char *p = xmalloc(len ? len : 1);

	if (len)
		memcpy(p, s, len);
	return p;
}

struct case_ {
	const char *in;
	size_t len;
	size_t n, bad;
	const char *opt0, *opt1;	/* options of the first two entries */
	const char *why;
};

static const struct case_ cases[] = {
	{ IN(""), 0, 0, NULL, NULL, NULL },
	{ IN("# only a comment\n\n   \n"), 0, 0, NULL, NULL, NULL },
	{ IN("minlen = 12\n"), 1, 0, "minlen=12", NULL, NULL },
	{ IN("minlen=12\ndcredit = -1 # at least one digit\n"), 2, 0, "minlen=12", "dcredit=-1", NULL },
	{ IN("  minlen   12  \r\n"), 1, 0, "minlen=12", NULL, NULL },
	{ IN("enforce_for_root\nlocal_users_only   \n"), 2, 0, "enforce_for_root", "local_users_only", NULL },
	{ IN("badwords = foo bar baz\n"), 1, 0, "badwords=foo bar baz", NULL, NULL },
	{ IN("minlen == 12\n"), 1, 0, "minlen== 12", NULL, NULL },
	{ IN("= 12\n"), 0, 1, NULL, NULL, "missing name" },
	{ IN("Minlen = 12\n"), 0, 1, NULL, NULL, "bad name" },
	{ IN("min-len = 12\n"), 0, 1, NULL, NULL, "bad name" },
	{ IN("\x1b]0;x\x07 = 1\n"), 0, 1, NULL, NULL, "bad name" },
	{ IN("minlen = 1\0 2\n"), 0, 1, NULL, NULL, "nul byte" },
	{ IN("minlen#=12\n"), 1, 0, "minlen", NULL, NULL },
	{ IN("dictpath = /usr/share/パス\n"), 1, 0, "dictpath=/usr/share/パス", NULL, NULL },
};

static void test_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *buf = exact(cases[i].in, cases[i].len);
		struct pwqconf c;

		assert_int_equal(pwqconf_parse(buf, cases[i].len, &c, NULL), 0);
		assert_int_equal(c.n, cases[i].n);
		assert_int_equal(c.bad.n, cases[i].bad);
		if (cases[i].opt0)
			assert_string_equal(c.v[0].option, cases[i].opt0);
		if (cases[i].opt1)
			assert_string_equal(c.v[1].option, cases[i].opt1);
		if (cases[i].why)
			assert_string_equal(c.bad.why[0], cases[i].why);
		pwqconf_free(&c);
		free(buf);
	}
}

static void test_long_lines(void **state)
{
	size_t len = (size_t)1 << 20;
	char *buf = xmalloc(len + 12);
	struct pwqconf c;

	(void)state;
	memcpy(buf, "minlen = ", 9);
	memset(buf + 9, '9', len - 9);
	memcpy(buf + len, "\nminclass 3\n", 12);
	assert_int_equal(pwqconf_parse(buf, len + 12, &c, NULL), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.bad.n, 1);
	assert_string_equal(c.bad.why[0], "line too long");
	assert_int_equal(c.bad.line[0], 1);
	assert_string_equal(c.v[0].option, "minclass=3");
	assert_int_equal(c.v[0].line, 2);
	pwqconf_free(&c);
	free(buf);
	pwqconf_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_long_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
