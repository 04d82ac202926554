/* Unit tests for dpkg version parsing and comparison (tables from dpkg's own t-version.c and the policy manual). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/dpkg_version.h"

struct cmp_case {
	const char *a, *b;
	int want;	/* -1, 0, 1 */
};

static const struct cmp_case cmp_cases[] = {
	{ "1.0", "1.0", 0 },
	{ "1.0", "1.1", -1 },
	{ "1.0-1", "1.0-2", -1 },
	{ "1:1.0", "2.0", 1 },
	{ "0:1.0", "1.0", 0 },
	{ "1.0~rc1", "1.0", -1 },
	{ "1.0~rc1", "1.0~rc1~", 1 },
	{ "1.0~~", "1.0~~a", -1 },
	{ "1.0~~a", "1.0~", -1 },
	{ "1.0~", "1.0", -1 },
	{ "1.0", "1.0a", -1 },
	{ "1.0a", "1.0+", -1 },		/* letters before non-letters */
	{ "1.0+", "1.0.", -1 },
	{ "1.0.", "1.0-1", 0 + 1 },	/* "1.0." upstream vs "1.0" with revision 1: '.' > end */
	{ "1.001", "1.1", 0 },		/* leading zeros */
	{ "1.0000000000000000000000000000001", "1.1", 0 },	/* no overflow on long digit runs */
	{ "1.99999999999999999999999", "1.100000000000000000000000", -1 },
	{ "2.38.2-1~deb11u1", "2.38.3-1~deb11u1", -1 },
	{ "2.38.3-1~deb11u1", "2.38.3-1", -1 },
	{ "2.38.3-1+deb11u1", "2.38.3-1", 1 },
	{ "7.88.1-10+deb12u14", "7.88.1-10+deb12u5", 1 },
	{ "1:2.36-9+deb12u4", "2.36-9+deb12u7", 1 },
	{ "1.2-3-4", "1.2-3-5", -1 },		/* revision after the last hyphen */
	{ "a", "1", 1 },			/* dpkg warns but compares */
	{ "1.0-1", "1.0-1 ", 0 },		/* trailing blanks are trimmed */
	{ " 1.0", "1.0", 0 },
	{ "1.0-A", "1.0-a", -1 },
	{ "1.0\xc3\xa9", "1.0z", 1 },		/* bytes >= 0x80 as dpkg's signed char: 0xc3 - 256 + 256 */
	{ "1.0\xc3", "1.0+", -1 },
	{ "10", "9", 1 },
	{ "1:0", "0:9", 1 },
	{ "2147483647:1", "1:1", 1 },
};

static int sign(int v)
{
	return v < 0 ? -1 : v > 0;
}

static void test_compare_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cmp_cases) / sizeof(cmp_cases[0]); i++) {
		const struct cmp_case *c = &cmp_cases[i];
		bool ok;
		int got = sign(dpkg_version_cmp_str(c->a, c->b, &ok));
		int rev = sign(dpkg_version_cmp_str(c->b, c->a, &ok));

		if (got != c->want || rev != -c->want)
			fail_msg("case %zu: '%s' vs '%s': got %d/%d, want %d", i, c->a, c->b, got, rev, c->want);
		assert_true(ok);
	}
}

struct parse_case {
	const char *in;
	size_t len;
	int want;	/* DPKG_VERSION_OK, DPKG_VERSION_WARN or -EINVAL */
	const char *why;
	unsigned epoch;
	const char *upstream, *revision;
};

#define IN(s) s, sizeof(s) - 1

static const struct parse_case parse_cases[] = {
	{ IN("1.0"), DPKG_VERSION_OK, NULL, 0, "1.0", "" },
	{ IN("1:2.3-4"), DPKG_VERSION_OK, NULL, 1, "2.3", "4" },
	{ IN("2:1.2-3-4"), DPKG_VERSION_OK, NULL, 2, "1.2-3", "4" },
	{ IN("1.0:1-2"), -EINVAL, "epoch in version is not number" },	/* strtol stops at '.' */
	{ IN(""), -EINVAL, "version string is empty" },
	{ IN("   "), -EINVAL, "version string is empty" },
	{ IN("1.0 2"), -EINVAL, "version string has embedded spaces" },
	{ IN(":1.0"), -EINVAL, "epoch in version is empty" },
	{ IN("a:1.0"), -EINVAL, "epoch in version is empty" },
	{ IN("1a:1.0"), -EINVAL, "epoch in version is not number" },
	{ IN("-1:1.0"), -EINVAL, "epoch in version is negative" },
	{ IN("99999999999:1"), -EINVAL, "epoch in version is too big" },
	{ IN("-99999999999999999999999:1"), -EINVAL, "epoch in version is negative" },
	{ IN("1:"), -EINVAL, "nothing after colon in version number" },
	{ IN("1.0-"), -EINVAL, "revision number is empty" },
	{ IN("-1"), -EINVAL, "upstream version is empty" },
	{ IN("1:-1"), -EINVAL, "upstream version is empty" },
	{ IN("1.0\0-1"), -EINVAL, "NUL byte in version" },
	{ IN("a1.0"), DPKG_VERSION_WARN, "version number does not start with digit" },
	{ IN("1.0_1"), DPKG_VERSION_WARN, "invalid character in version number" },
	{ IN("1.0-1:2"), -EINVAL, "epoch in version is not number" },
	{ IN("1.0-1_2"), DPKG_VERSION_WARN, "invalid character in revision number" },
	{ IN("1.0\x1b[31m"), DPKG_VERSION_WARN, "invalid character in version number" },
	{ IN("1.0\r\n"), DPKG_VERSION_WARN, "invalid character in version number" },	/* not blanks to dpkg */
};

static void test_parse_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct dpkg_version v;
		const char *why = "unset";
		char *buf = malloc(c->len ? c->len : 1);
		int r;

		memcpy(buf, c->in, c->len);	/* exactly sized: ASan sees over-reads */
		r = dpkg_version_parse(buf, c->len, &v, &why);
		if (r != c->want)
			fail_msg("case %zu: got %d, want %d (%s)", i, r, c->want, why ? why : "-");
		if (c->why)
			assert_string_equal(why, c->why);
		if (r == DPKG_VERSION_OK && c->upstream) {
			assert_int_equal(v.epoch, c->epoch);
			assert_int_equal(v.upstream_len, strlen(c->upstream));
			assert_memory_equal(v.upstream, c->upstream, v.upstream_len);
			assert_int_equal(v.revision_len, strlen(c->revision));
			assert_memory_equal(v.revision, c->revision, v.revision_len);
		}
		free(buf);
	}
}

static void test_hostile(void **state)
{
	char *big = malloc(1 << 20);
	struct dpkg_version v;
	const char *why;
	bool ok;

	(void)state;
	memset(big, '9', 1 << 20);
	assert_int_equal(dpkg_version_parse(big, 1 << 20, &v, &why), -EINVAL);
	assert_string_equal(why, "version longer than 256 bytes");
	assert_int_equal(dpkg_version_parse(big, DPKG_VERSION_MAX, &v, &why), DPKG_VERSION_OK);
	free(big);
	/* refused versions sort first, never above a fix */
	assert_true(dpkg_version_cmp_str("1.0 garbled", "0.1", &ok) < 0);
	assert_false(ok);
	assert_int_equal(dpkg_version_cmp_str(NULL, "", &ok), 0);
	assert_true(dpkg_version_cmp_str("0.1", "", &ok) > 0);
}

static void test_names(void **state)
{
	(void)state;
	assert_true(dpkg_name_valid("webkit2gtk", 10));
	assert_true(dpkg_name_valid("libstdc++6", 10));
	assert_true(dpkg_name_valid("g++", 3));
	assert_false(dpkg_name_valid("a", 1));
	assert_false(dpkg_name_valid("-ab", 3));
	assert_false(dpkg_name_valid("Abc", 3));
	assert_false(dpkg_name_valid("ab c", 4));
	assert_false(dpkg_name_valid("ab\0c", 4));
	assert_false(dpkg_name_valid("ab_c", 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare_table),
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
