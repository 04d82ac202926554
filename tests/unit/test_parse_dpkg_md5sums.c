/* Unit tests for dpkg's md5sums parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parse/dpkg_md5sums.h"

#define IN(s) s, sizeof(s) - 1

struct seen {
	char md5[4][33];
	char path[4][64];
	size_t n;
};

static int line(void *ctx, const char *md5, const char *path)
{
	struct seen *s = ctx;

	if (s->n < 4) {
		snprintf(s->md5[s->n], sizeof(s->md5[0]), "%s", md5);
		snprintf(s->path[s->n], sizeof(s->path[0]), "%s", path);
	}
	s->n++;
	return 0;
}

static void test_lines(void **state)
{
	struct seen s = { 0 };
	size_t bad = 0;

	(void)state;
	assert_int_equal(dpkg_md5sums_parse(IN("d41d8cd98f00b204e9800998ecf8427e  usr/bin/true\n"
					       "0123456789ABCDEF0123456789abcdef  /usr/share/doc/a b\n"
					       "\n"
					       "nothex0123456789abcdef0123456789  usr/bin/x\n"
					       "d41d8cd98f00b204e9800998ecf8427e usr/bin/onespace\n"
					       "d41d8cd98f00b204e9800998ecf8427e  \n"
					       "d41d8cd98f00b204e9800998ecf8427e  usr/bin/last"),
					    line, &s, &bad),
			 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.md5[0], "d41d8cd98f00b204e9800998ecf8427e");
	assert_string_equal(s.path[0], "/usr/bin/true");
	assert_string_equal(s.md5[1], "0123456789abcdef0123456789abcdef");	/* lowercased */
	assert_string_equal(s.path[1], "/usr/share/doc/a b");
	assert_string_equal(s.path[2], "/usr/bin/last");	/* no final newline */
	assert_int_equal(bad, 3);
}

static int stop(void *ctx, const char *md5, const char *path)
{
	(void)ctx;
	(void)md5;
	(void)path;
	return 7;
}

static void test_stop_and_nul(void **state)
{
	static const char nul[] = "d41d8cd98f00b204e9800998ecf8427e  usr/b\0in\n";
	struct seen s = { 0 };
	size_t bad = 0;

	(void)state;
	assert_int_equal(dpkg_md5sums_parse(IN("d41d8cd98f00b204e9800998ecf8427e  a\n"), stop, NULL, NULL), 7);
	assert_int_equal(dpkg_md5sums_parse(nul, sizeof(nul) - 1, line, &s, &bad), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(bad, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_stop_and_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
