/* Unit tests for the DSA/DLA list parser, with the real lists from ../shared/data. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/dsa_list.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static char *exact(const char *s, size_t len)
{
	char *p = xmalloc(len ? len : 1);

	if (len)
		memcpy(p, s, len);
	return p;
}

static char *slurp(const char *rel, size_t *len)
{
	const char *src = getenv("KYUKA_TEST_SRCDIR");
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/../shared/data/%s", src ? src : "..", rel);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		fail_msg("cannot read %s", path);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

struct case_ {
	const char *in;
	size_t len;
	size_t n, bad;
	const char *why;
};

static const struct case_ cases[] = {
	{ IN(""), 0, 0, NULL },
	{ IN("[31 Dec 2022] DSA-5308-1 webkit2gtk - security update\n\t{CVE-2022-42852 CVE-2022-42856}\n"
	     "\t[bullseye] - webkit2gtk 2.38.3-1~deb11u1\n"), 1, 0, NULL },
	{ IN("[31 Dec 2022] DSA-5308-1 webkit2gtk - security update\r\n\t{CVE-2022-42856}\r\n"), 1, 0, NULL },
	{ IN("[14 Feb 2007] DSA-1260 imagemagick\n        NOTE: spaces\n"), 1, 0, NULL },
	{ IN("[32 Dec 2022] DSA-1-1 a0\n"), 0, 1, "bad date" },
	{ IN("[29 Feb 2023] DSA-1-1 a0\n"), 0, 1, "bad date" },
	{ IN("[29 Feb 2024] DSA-1-1 a0\n"), 1, 0, NULL },
	{ IN("[31 Foo 2022] DSA-1-1 a0\n"), 0, 1, "bad date" },
	{ IN("[31 Dec 2022] XSA-1-1 a0\n"), 0, 1, "bad advisory ID" },
	{ IN("[31 Dec 2022] DSA-1-x a0\n"), 0, 1, "bad advisory ID" },
	{ IN("[31 Dec 2022] DSA-1-1 A0\n"), 1, 0, NULL },	/* an announcement, no package */
	{ IN("[18 Apr 2018] DSA-4205-1 jessie end-of-life\n\tNOTE: x\n"), 1, 0, NULL },
	{ IN("\t{CVE-2022-1}\n"), 0, 1, "body line outside an advisory" },
	{ IN("[31 Dec 2022] DSA-1-1 a0\n\t{CVE-2022-1}\n"), 1, 1, "bad CVE name" },
	{ IN("[31 Dec 2022] DSA-1-1 a0\n\t{CVE-2022-12345\n"), 1, 1, "unterminated CVE list" },
	{ IN("[31 Dec 2022] DSA-1-1 a0\n\t[bullseye] - a0 1:\n"), 1, 1, "bad version" },
	{ IN("[31 Dec 2022] DSA-1-1 a0\n\t[bullseye] a0 1.0\n"), 1, 1, "bad release line" },
	{ IN("[31 Dec 2022] DSA-1-1 a0\n\t[bullseye] - a0 <not-affected (x)\n"), 1, 1, "bad tag" },
	{ IN("[31 Dec 2022] DSA-1-1 a0\n\t[bullseye] - a0 1.0 junk\n"), 1, 1, "bad release line" },
	{ IN("[31 Dec 2022] DSA-1-1 a0\n\tsomething else\n"), 1, 1, "unknown line" },
	{ IN("[31 Dec 2022] DSA-1-1 a0\nflush left\n"), 1, 1, "unknown line" },
	{ IN("[31 Dec 2022] DSA-1-1 a0\n\t{CVE-2022-12345}\0\n"), 1, 1, "NUL byte" },
	{ IN("[31 Dec 2022] DSA-1-1 a0 - \x1b]0;title\x07\n"), 1, 0, NULL },	/* kept; renderers escape */
	{ IN("[31 Dec 20"), 0, 1, "bad date" },	/* truncated */
	{ IN("[31 Dec 2022] DSA-1-1 a0\n[bad] x\n\t{CVE-2022-12345}\n"), 1, 2, "bad date" },
};

static void test_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct case_ *c = &cases[i];
		struct dsa_list l;
		struct err e;
		char *buf = exact(c->in, c->len);

		assert_int_equal(dsa_list_parse(buf, c->len, &l, &e), 0);
		if (l.n != c->n || l.bad.n != c->bad)
			fail_msg("case %zu: n %zu bad %zu (%s)", i, l.n, l.bad.n, l.bad.n ? l.bad.why[0] : "-");
		if (c->why)
			assert_string_equal(l.bad.why[0], c->why);
		dsa_list_free(&l);
		free(buf);
	}
}

static void test_fields(void **state)
{
	const char in[] = "[31 Dec 2022] DSA-5308-1 webkit2gtk - security update\n"
			  "\t{CVE-2022-42852 CVE-2022-42856}\n"
			  "\t[bullseye] - webkit2gtk 2.38.3-1~deb11u1\n"
			  "\t[lenny] - vlc <not-affected> (Vulnerable code not present)\n";
	struct dsa_list l;
	struct err e;

	(void)state;
	assert_int_equal(dsa_list_parse(in, sizeof(in) - 1, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].id, "DSA-5308-1");
	assert_string_equal(l.v[0].date, "2022-12-31");
	assert_string_equal(l.v[0].source, "webkit2gtk");
	assert_string_equal(l.v[0].title, "security update");
	assert_int_equal(l.v[0].n_cves, 2);
	assert_string_equal(l.v[0].cves[1], "CVE-2022-42856");
	assert_int_equal(l.v[0].n_fixes, 2);
	assert_string_equal(l.v[0].fixes[0].release, "bullseye");
	assert_string_equal(l.v[0].fixes[0].version, "2.38.3-1~deb11u1");
	assert_null(l.v[0].fixes[0].tag);
	assert_string_equal(l.v[0].fixes[1].tag, "not-affected");
	assert_null(l.v[0].fixes[1].version);
	assert_string_equal(l.newest, "2022-12-31");
	dsa_list_free(&l);
}

static void test_real_lists(void **state)
{
	struct dsa_list l;
	struct err e;
	size_t len, i, in_window = 0;
	char *buf;

	(void)state;
	buf = slurp("debian-security/DSA.list", &len);
	assert_int_equal(dsa_list_parse(buf, len, &l, &e), 0);
	assert_int_equal(l.bad.n, 0);
	assert_int_equal(l.n, 5406);
	assert_string_equal(l.newest, "2023-03-29");
	for (i = 0; i < l.n; i++)
		if (strcmp(l.v[i].date, "2022-12-27") >= 0 && strcmp(l.v[i].date, "2023-01-04") <= 0)
			in_window++;
	/* DSA-5306-1 .. DSA-5310-1; DSA-5311-1 is dated 08 Jan 2023 in the list, after the window */
	assert_int_equal(in_window, 5);
	dsa_list_free(&l);
	free(buf);
	buf = slurp("debian-security/DLA.list", &len);
	assert_int_equal(dsa_list_parse(buf, len, &l, &e), 0);
	assert_int_equal(l.bad.n, 0);
	assert_int_equal(l.n, 3534);
	for (i = in_window = 0; i < l.n; i++)
		if (strcmp(l.v[i].date, "2022-12-27") >= 0 && strcmp(l.v[i].date, "2023-01-04") <= 0)
			in_window++;
	/* 11 DLAs: with the 5 DSAs, 16 advisories in the window */
	assert_int_equal(in_window, 11);
	dsa_list_free(&l);
	free(buf);
}

static void test_long_line(void **state)
{
	size_t len = (1 << 20) + 40, i;
	char *buf = xmalloc(len);
	struct dsa_list l;
	struct err e;

	(void)state;
	memcpy(buf, "[31 Dec 2022] DSA-1-1 a0\n\t{", 27);
	for (i = 27; i < len - 2; i++)
		buf[i] = 'C';
	buf[len - 2] = '}';
	buf[len - 1] = '\n';
	assert_int_equal(dsa_list_parse(buf, len, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.bad.n, 1);
	assert_string_equal(l.bad.why[0], "line too long");
	dsa_list_free(&l);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_real_lists),
		cmocka_unit_test(test_long_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
