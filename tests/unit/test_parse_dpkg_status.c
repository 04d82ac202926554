/* Unit tests for the dpkg status parser. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/dpkg_status.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static char *exact(const char *s, size_t len)
{
	char *p = xmalloc(len ? len : 1);

	if (len)
		memcpy(p, s, len);
	return p;
}

struct st_case {
	const char *in;
	size_t len;
	size_t n;		/* packages kept */
	size_t installed;
	size_t bad;
	const char *why;	/* first bad reason */
};

#define WEBKIT "Package: libwebkit2gtk-4.0-37\nStatus: install ok installed\nArchitecture: amd64\n" \
	       "Source: webkit2gtk\nVersion: 2.38.2-1~deb11u1\nDescription: Web content engine\n two lines\n"

static const struct st_case cases[] = {
	{ IN(""), 0, 0, 0, NULL },
	{ IN("\n\n\n"), 0, 0, 0, NULL },
	{ IN(WEBKIT), 1, 1, 0, NULL },
	{ IN(WEBKIT "\n" WEBKIT), 2, 2, 0, NULL },
	{ IN("Package: a0\r\nStatus: install ok installed\r\nVersion: 1\r\n\r\nPackage: b0\r\nStatus: deinstall ok config-files\r\nVersion: 2\r\n"), 2, 1, 0, NULL },
	{ IN("package: a0\nSTATUS: install ok unpacked\nversion: 1"), 1, 1, 0, NULL },
	{ IN("Package: a0\nStatus: purge ok not-installed\n"), 1, 0, 0, NULL },
	{ IN("Status: install ok installed\nVersion: 1\n"), 0, 0, 1, "no Package field" },
	{ IN("Package: A0\nStatus: install ok installed\nVersion: 1\n"), 0, 0, 1, "invalid package name" },
	{ IN("Package: a0\nVersion: 1\n"), 0, 0, 1, "no Status field" },
	{ IN("Package: a0\nStatus: install ok\nVersion: 1\n"), 0, 0, 1, "bad Status" },
	{ IN("Package: a0\nStatus: install ok installed extra\nVersion: 1\n"), 0, 0, 1, "bad Status" },
	{ IN("Package: a0\nStatus: install ok installed\n"), 0, 0, 1, "installed without a Version" },
	{ IN("Package: a0\nStatus: install ok installed\nVersion: 1:\n"), 0, 0, 1, "bad Version" },
	{ IN("Package: a0\nStatus: install ok installed\nVersion: 1 2\n"), 0, 0, 1, "bad Version" },
	{ IN("Package: a0\nPackage: b0\nStatus: install ok installed\nVersion: 1\n"), 0, 0, 1, "duplicate field" },
	{ IN("Package: a0\nStatus: install ok installed\nVersion: 1\nSource: src (\n"), 0, 0, 1, "bad Source" },
	{ IN("Package: a0\nStatus: install ok installed\nVersion: 1\nSource: src (1 2)\n"), 0, 0, 1, "bad Source version" },
	{ IN("Package: a0\nStatus: install ok installed\nVersion: 1\nSource: Src\n"), 0, 0, 1, "invalid source package name" },
	{ IN(" continued\nPackage: a0\nStatus: install ok installed\nVersion: 1\n"), 0, 0, 1, "continuation line without a field" },
	{ IN("Package: a0\n more\nStatus: install ok installed\nVersion: 1\n"), 0, 0, 1, "continuation of a single-line field" },
	{ IN("Package: a0\nno colon here\nStatus: install ok installed\nVersion: 1\n"), 0, 0, 1, "line without a field name" },
	{ IN("Package: a0\n: x\nStatus: install ok installed\nVersion: 1\n"), 0, 0, 1, "empty field name" },
	{ IN("Package: a0\nStatus: install ok installed\nVersion: 1\0\n"), 0, 0, 1, "NUL byte" },
	{ IN("Package: a0\nStatus: install ok installed\x1b[31m\nVersion: 1\n"), 0, 0, 1, "bad Status" },
	{ IN("Package: a0\nStatus: install ok installed\nVersion: 1\nArchitecture: \xff\xfe\n"), 0, 0, 1, "bad Architecture" },
	{ IN("Package: a0\nStatus: install ok installed\nVersion: 1\n\nPackage: B\nStatus: x y z\n\nPackage: c0\nStatus: install ok installed\nVersion: 2\n"), 2, 2, 1, "invalid package name" },
};

static void test_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct st_case *c = &cases[i];
		struct dpkg_status st;
		struct err e;
		char *buf = exact(c->in, c->len);

		assert_int_equal(dpkg_status_parse(buf, c->len, &st, &e), 0);
		if (st.n != c->n || st.n_installed != c->installed || st.bad.n != c->bad)
			fail_msg("case %zu: n %zu installed %zu bad %zu (%s)", i, st.n, st.n_installed, st.bad.n,
				 st.bad.n ? st.bad.why[0] : "-");
		if (c->why)
			assert_string_equal(st.bad.why[0], c->why);
		dpkg_status_free(&st);
		free(buf);
	}
}

static void test_fields(void **state)
{
	struct dpkg_status st;
	struct err e;
	const char in[] = WEBKIT "\nPackage: libc6\nStatus: install ok installed\nArchitecture: amd64\n"
			  "Source: glibc (2.36-9+deb12u4)\nVersion: 2.36-9+deb12u4+b1\n\n"
			  "Package: old\nStatus: deinstall ok config-files\nVersion: 1.0\n";
	char *buf = exact(in, sizeof(in) - 1);

	(void)state;
	assert_int_equal(dpkg_status_parse(buf, sizeof(in) - 1, &st, &e), 0);
	assert_int_equal(st.n, 3);
	assert_string_equal(st.v[0].name, "libwebkit2gtk-4.0-37");
	assert_string_equal(st.v[0].source, "webkit2gtk");
	assert_string_equal(st.v[0].source_version, "2.38.2-1~deb11u1");
	assert_string_equal(st.v[0].arch, "amd64");
	assert_true(st.v[0].installed);
	assert_int_equal(st.v[0].line, 1);
	assert_string_equal(st.v[1].source, "glibc");
	assert_string_equal(st.v[1].source_version, "2.36-9+deb12u4");
	assert_string_equal(st.v[1].version, "2.36-9+deb12u4+b1");
	assert_false(st.v[2].installed);
	assert_string_equal(st.v[2].state, "config-files");
	assert_string_equal(st.v[2].source, "old");
	assert_string_equal(st.v[2].arch, "");
	dpkg_status_free(&st);
	free(buf);
}

static void test_long_line(void **state)
{
	const char head[] = "Package: a0\nStatus: install ok installed\nVersion: 1\nDescription: ";
	size_t len = sizeof(head) - 1 + (1 << 20) + 1;
	char *buf = xmalloc(len);
	struct dpkg_status st;
	struct err e;

	(void)state;
	memcpy(buf, head, sizeof(head) - 1);
	memset(buf + sizeof(head) - 1, 'x', 1 << 20);
	buf[len - 1] = '\n';
	assert_int_equal(dpkg_status_parse(buf, len, &st, &e), 0);
	assert_int_equal(st.n, 0);
	assert_int_equal(st.bad.n, 1);
	assert_string_equal(st.bad.why[0], "line too long");
	dpkg_status_free(&st);
	free(buf);
}

static void test_many(void **state)
{
	const char one[] = "Package: a0\nStatus: install ok installed\nVersion: 1\n\n";
	size_t n = 20000, l = sizeof(one) - 1, i;
	char *buf = xmalloc(n * l);
	struct dpkg_status st;
	struct err e;

	(void)state;
	for (i = 0; i < n; i++)
		memcpy(buf + i * l, one, l);
	assert_int_equal(dpkg_status_parse(buf, n * l, &st, &e), 0);
	assert_int_equal(st.n, n);
	dpkg_status_free(&st);
	free(buf);
	assert_int_equal(dpkg_status_parse(NULL, 5, &st, &e), 0);
	assert_int_equal(st.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
