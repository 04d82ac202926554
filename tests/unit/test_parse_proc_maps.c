/* Unit tests for the /proc/PID/maps parser. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/proc_maps.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

struct case_ {
	const char *in;
	size_t len;
	size_t n, replaced, bad;
	const char *why;
};

static const struct case_ cases[] = {
	{ IN(""), 0, 0, 0, NULL },
	{ IN("7f6a01000000-7f6a01300000 r-xp 00000000 08:01 131399                     /usr/lib/x86_64-linux-gnu/libssl.so.1.1 (deleted)\n"), 1, 1, 0, NULL },
	{ IN("7f6a01000000-7f6a01300000 r-xp 00000000 08:01 131399 /usr/lib/libssl.so.1.1 (deleted)\n"
	     "7f6a01300000-7f6a01310000 r--p 00300000 08:01 131399 /usr/lib/libssl.so.1.1 (deleted)\n"), 1, 1, 0, NULL },
	{ IN("55d0c1000000-55d0c1020000 r-xp 00000000 08:01 131300 /usr/sbin/nginx\n"), 1, 0, 0, NULL },
	{ IN("7f6a03000000-7f6a03001000 rw-s 00000000 00:17 9 /dev/shm/cache (deleted)\n"), 1, 0, 0, NULL },
	{ IN("7f6a04000000-7f6a04001000 r-xp 00000000 08:01 5555 /tmp/job.so (deleted)\n"), 1, 0, 0, NULL },
	{ IN("7f6a00100000-7f6a00101000 rw-s 00000000 00:05 4242 /memfd:state (deleted)\n"), 1, 0, 0, NULL },
	{ IN("7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]\n7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0\n"), 0, 0, 0, NULL },
	{ IN("7f6a-7f6b r-xp 0 08:01 7 /usr/lib/with space.so (deleted)\r\n"), 1, 1, 0, NULL },
	{ IN("zz-1 r--p 0 08:01 1 /x\n"), 0, 0, 1, "bad address range" },
	{ IN("7f00-7f01 r-x 0 08:01 1 /y\n"), 0, 0, 1, "bad fields" },
	{ IN("7f00-7f01 r-xp 0 08:01 99999999999999999999 /z\n"), 0, 0, 1, "bad inode" },
	{ IN("7f00-7f01 r-xp 0\n"), 0, 0, 1, "too few fields" },
	{ IN("7f00-7f01 r-xp 0 08:01 1 /usr/lib/a.so\0\n"), 0, 0, 1, "NUL byte" },
	{ IN("7f00-7f01 r-xp 0 08:01 1 /usr/lib/\x1b[31m.so (deleted)\n"), 1, 1, 0, NULL },
};

static void test_table(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct case_ *c = &cases[i];
		char *buf = xmalloc(c->len ? c->len : 1);
		struct proc_maps m;
		struct err e;
		size_t rep = 0;

		memcpy(buf, c->in, c->len);
		assert_int_equal(proc_maps_parse(buf, c->len, &m, &e), 0);
		for (j = 0; j < m.n; j++)
			rep += maps_is_replaced_code(&m.v[j]);
		if (m.n != c->n || rep != c->replaced || m.bad.n != c->bad)
			fail_msg("case %zu: n %zu replaced %zu bad %zu (%s)", i, m.n, rep, m.bad.n, m.bad.n ? m.bad.why[0] : "-");
		if (c->why)
			assert_string_equal(m.bad.why[0], c->why);
		proc_maps_free(&m);
		free(buf);
	}
}

static void test_fields(void **state)
{
	const char in[] = "7f6a-7f6b r-xp 0 08:01 7 /usr/lib/with space.so (deleted)\n";
	struct proc_maps m;
	struct err e;

	(void)state;
	assert_int_equal(proc_maps_parse(in, sizeof(in) - 1, &m, &e), 0);
	assert_string_equal(m.v[0].path, "/usr/lib/with space.so");
	assert_int_equal(m.v[0].inode, 7);
	assert_true(m.v[0].deleted);
	proc_maps_free(&m);
}

static void test_long(void **state)
{
	size_t len = (1 << 20) + 40;
	char *buf = xmalloc(len);
	struct proc_maps m;
	struct err e;

	(void)state;
	memset(buf, '/', len);
	memcpy(buf, "7f00-7f01 r-xp 0 08:01 1 ", 25);
	assert_int_equal(proc_maps_parse(buf, len, &m, &e), 0);
	assert_int_equal(m.bad.n, 1);
	assert_string_equal(m.bad.why[0], "line too long");
	proc_maps_free(&m);
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
