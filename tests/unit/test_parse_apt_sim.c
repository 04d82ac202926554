/* Unit tests for the apt-get -s output parser. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/apt_sim.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

struct case_ {
	const char *in;
	size_t len;
	size_t n, sec, bad;
	const char *why;
};

static const struct case_ cases[] = {
	{ IN(""), 0, 0, 0, NULL },
	{ IN("Reading package lists...\nConf x (1 Debian:12/stable [all])\n"), 0, 0, 0, NULL },
	{ IN("Inst base-files [12.4+deb12u11] (12.4+deb12u15 Debian:12.15/oldstable [amd64])\n"), 1, 0, 0, NULL },
	{ IN("Inst libgcrypt20-dev [1.10.1-3] (1.10.1-3+deb12u1 Debian:12.15/oldstable, Debian-Security:12/oldstable-security [amd64]) []\n"), 1, 1, 0, NULL },
	{ IN("Inst libssl3 [3.0.11-1~deb12u1] (3.0.13-1~deb12u1 Debian-Security:12/stable-security [amd64])\r\n"), 1, 1, 0, NULL },
	{ IN("Inst newpkg (1.0-1 Debian:12/stable [all])\n"), 1, 0, 0, NULL },
	{ IN("Inst libc6:i386 [2.36-9] (2.36-9+deb12u7 Local Security:1/local [i386])\n"), 1, 1, 0, NULL },
	{ IN("Inst x0 (1.0 Debian:12/stable [amd64]) [y0:amd64 ]\n"), 1, 0, 0, NULL },
	{ IN("Inst Bad [1] (2 a/b [all])\n"), 0, 0, 1, "bad package name" },
	{ IN("Inst a0 [1 (2 a/b [all])\n"), 0, 0, 1, "bad current version" },
	{ IN("Inst a0 [1:] (2 a/b [all])\n"), 0, 0, 1, "bad current version" },
	{ IN("Inst a0 [1]\n"), 0, 0, 1, "no candidate" },
	{ IN("Inst a0 [1] (: a/b [all])\n"), 0, 0, 1, "bad candidate version" },
	{ IN("Inst a0 [1] (2 a/b)\n"), 0, 0, 1, "no architecture" },
	{ IN("Inst a0 [1] (2 a/b\x1b[31m [all])\n"), 0, 0, 1, "bad origin or architecture" },
	{ IN("Inst a0 [1] (2 a/b [all])\0\n"), 0, 0, 1, "NUL byte" },
	{ IN("Remv old0 [1.0]\nInst a0 [1] (2 x/y-security [all])\n"), 1, 1, 0, NULL },
};

static void test_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct case_ *c = &cases[i];
		char *buf = xmalloc(c->len ? c->len : 1);
		struct apt_sim s;
		struct err e;

		memcpy(buf, c->in, c->len);
		assert_int_equal(apt_sim_parse(buf, c->len, &s, &e), 0);
		if (s.n != c->n || s.n_security != c->sec || s.bad.n != c->bad)
			fail_msg("case %zu: n %zu sec %zu bad %zu (%s)", i, s.n, s.n_security, s.bad.n,
				 s.bad.n ? s.bad.why[0] : "-");
		if (c->why)
			assert_string_equal(s.bad.why[0], c->why);
		apt_sim_free(&s);
		free(buf);
	}
}

static void test_fields(void **state)
{
	const char in[] = "Inst libgcrypt20-dev [1.10.1-3] (1.10.1-3+deb12u1 Debian:12.15/oldstable, "
			  "Debian-Security:12/oldstable-security [amd64]) []\nInst n0 (1.0 Debian:12/stable [all])\n";
	struct apt_sim s;
	struct err e;

	(void)state;
	assert_int_equal(apt_sim_parse(in, sizeof(in) - 1, &s, &e), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0].package, "libgcrypt20-dev");
	assert_string_equal(s.v[0].current, "1.10.1-3");
	assert_string_equal(s.v[0].candidate, "1.10.1-3+deb12u1");
	assert_string_equal(s.v[0].origins, "Debian:12.15/oldstable, Debian-Security:12/oldstable-security");
	assert_string_equal(s.v[0].arch, "amd64");
	assert_true(s.v[0].security);
	assert_string_equal(s.v[1].current, "");
	assert_false(s.v[1].security);
	apt_sim_free(&s);
}

static void test_long(void **state)
{
	size_t len = (1 << 20) + 64;
	char *buf = xmalloc(len);
	struct apt_sim s;
	struct err e;

	(void)state;
	memset(buf, 'x', len);
	memcpy(buf, "Inst a0 [1] (2 ", 15);
	assert_int_equal(apt_sim_parse(buf, len, &s, &e), 0);
	assert_int_equal(s.bad.n, 1);
	assert_string_equal(s.bad.why[0], "line too long");
	apt_sim_free(&s);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
