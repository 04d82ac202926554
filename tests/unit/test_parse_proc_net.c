/* Unit tests for the /proc/net socket table parser and the /proc helpers. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/proc_net.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static const char tcp_head[] =
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
static const char tcp6_head[] =
	"  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

/* Copies into an exactly-sized, unterminated buffer so ASan sees over-reads. */
static int parse_exact(const char *s, size_t len, enum sock_proto p, int fam, struct proc_net *pn)
{
	char *b = xmalloc(len ? len : 1);
	int r;

	memcpy(b, s, len);
	r = proc_net_parse(b, len, p, fam, pn, NULL);
	free(b);
	return r;
}

static void test_tcp4(void **state)
{
	static const char in[] =
		"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
		"   0: 00000000:01BD 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 25866 1 0000000000000000 100 0 0 10 0\n"
		"   1: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   112        0 1234 1 0000000000000000 100 0 0 10 0\n"
		"   2: 0A01A8C0:0016 0501A8C0:D431 01 00000000:00000000 02:000A7D6E 00000000  1000        0 99 4 0000000000000000 20 4 29 10 -1\n";
	struct proc_net pn = { 0 };

	(void)state;
	assert_int_equal(parse_exact(IN(in), SP_TCP, 4, &pn), 0);
	assert_int_equal(pn.n, 3);
	assert_int_equal(pn.bad.n, 0);
	assert_int_equal(pn.v[0].port, 445);
	assert_int_equal(pn.v[0].state, TCPS_LISTEN);
	assert_int_equal(pn.v[0].inode, 25866);
	assert_true(sock_is_listening(&pn.v[0]));
	assert_int_equal(addr_classify(4, pn.v[0].addr), ADDR_ANY);
	assert_int_equal(pn.v[1].addr[0], 127);
	assert_int_equal(pn.v[1].addr[3], 1);
	assert_int_equal(pn.v[1].uid, 112);
	assert_int_equal(addr_classify(4, pn.v[1].addr), ADDR_LOOPBACK);
	assert_false(sock_is_listening(&pn.v[2]));
	assert_int_equal(pn.v[2].rport, 0xD431);
	{
		char a[64];
		addr_format(4, pn.v[2].addr, a, sizeof(a));
		assert_string_equal(a, "192.168.1.10");
	}
	assert_int_equal(addr_classify(4, pn.v[2].addr), ADDR_PRIVATE);
	proc_net_free(&pn);
}

static void test_tcp6(void **state)
{
	static const char in[] =
		"  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
		"   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20 1 0000000000000000 100 0 0 10 0\n"
		"   1: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21 1 0000000000000000 100 0 0 10 0\n"
		"   2: 000080FE00000000FF005452B0F4FFFE:0222 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 22 1 0000000000000000 100 0 0 10 0\n"
		"   3: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 23 1 0000000000000000 100 0 0 10 0\n"
		"   4: B80D0120000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 24 1 0000000000000000 100 0 0 10 0\n";
	struct proc_net pn = { 0 };
	char a[64];

	(void)state;
	assert_int_equal(parse_exact(IN(in), SP_TCP, 6, &pn), 0);
	assert_int_equal(pn.n, 5);
	assert_int_equal(addr_classify(6, pn.v[0].addr), ADDR_ANY);
	addr_format(6, pn.v[1].addr, a, sizeof(a));
	assert_string_equal(a, "::1");
	assert_int_equal(addr_classify(6, pn.v[1].addr), ADDR_LOOPBACK);
	assert_int_equal(pn.v[1].port, 631);
	assert_int_equal(addr_classify(6, pn.v[2].addr), ADDR_LINKLOCAL);
	addr_format(6, pn.v[3].addr, a, sizeof(a));
	assert_string_equal(a, "::ffff:127.0.0.1");
	assert_int_equal(addr_classify(6, pn.v[3].addr), ADDR_LOOPBACK);
	addr_format(6, pn.v[4].addr, a, sizeof(a));
	assert_string_equal(a, "2001:db8::1");
	assert_int_equal(addr_classify(6, pn.v[4].addr), ADDR_PUBLIC);
	proc_net_free(&pn);
}

static void test_udp_raw(void **state)
{
	static const char udp[] =
		"   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
		"  123: 00000000:0089 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 300 2 0000000000000000 0\n"
		"  124: 0100007F:0035 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 301 2 0000000000000000 0\n";
	static const char raw[] =
		"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
		"   1: 00000000:0001 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 400 2 0000000000000000 0\n";
	struct proc_net pn = { 0 };

	(void)state;
	assert_int_equal(parse_exact(IN(udp), SP_UDP, 4, &pn), 0);
	assert_int_equal(parse_exact(IN(raw), SP_RAW, 4, &pn), 0);
	assert_int_equal(pn.n, 3);
	assert_true(sock_is_listening(&pn.v[0]));
	assert_int_equal(pn.v[0].port, 137);
	assert_false(sock_is_listening(&pn.v[1])); /* connected */
	assert_true(sock_is_listening(&pn.v[2]));
	assert_int_equal(pn.v[2].proto, SP_RAW);
	assert_string_equal(sock_proto_name(SP_RAW, 6), "raw6");
	proc_net_free(&pn);
}

struct bad_case {
	const char *in;
	size_t len;
	int fam;
	size_t n, bad;
	const char *why;
};

#define L4 "   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1\n"

static const struct bad_case bad_cases[] = {
	{ IN(""), 4, 0, 0, NULL },
	{ IN("\n\n"), 4, 0, 0, NULL },
	{ IN(L4), 4, 1, 0, NULL },				/* no header line */
	{ IN(L4 L4), 4, 2, 0, NULL },
	{ IN("   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7\r\n"), 4, 1, 0, NULL },
	{ IN("   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7"), 4, 1, 0, NULL },
	{ IN("   0: 0100007F0016 00000000:0000 0A 0 0 0 0 0 7\n"), 4, 0, 1, "bad local address" },
	{ IN("   0: 0100007G:0016 00000000:0000 0A 0 0 0 0 0 7\n"), 4, 0, 1, "bad local address" },
	{ IN("   0: 0100007F:016 00000000:0000 0A 0 0 0 0 0 7\n"), 4, 0, 1, "bad local address" },
	{ IN("   0: 0100007F:00016 00000000:0000 0A 0 0 0 0 0 7\n"), 4, 0, 1, "bad local address" },
	{ IN("   0: 0100007F:0016 00000000:0000 0A 0 0 0 0 0 7\n"), 6, 0, 1, "bad local address" },
	{ IN("   0: 0100007F:0016 00000000:0000 A 0 0 0 0 0 7\n"), 4, 0, 1, "bad state" },
	{ IN("   0: 0100007F:0016 00000000:0000 0A 0 0 0 -1 0 7\n"), 4, 0, 1, "bad uid" },
	{ IN("   0: 0100007F:0016 00000000:0000 0A 0 0 0 99999999999 0 7\n"), 4, 0, 1, "bad uid" },
	{ IN("   0: 0100007F:0016 00000000:0000 0A 0 0 0 0 0 99999999999999999999999\n"), 4, 0, 1, "bad inode" },
	{ IN("   0: 0100007F:0016 00000000:0000 0A 0 0 0 0 0\n"), 4, 0, 1, "bad inode" },
	{ IN("   0: 0100007F:0016 00000000:0000 0A 0 0\n"), 4, 0, 1, "too few fields" },
	{ IN("0 0100007F:0016 00000000:0000 0A 0 0 0 0 0 7\n"), 4, 0, 1, "bad slot number" },
	{ IN("x: 0100007F:0016 00000000:0000 0A 0 0 0 0 0 7\n"), 4, 0, 1, "bad slot number" },
	{ IN("   0: 0100\0007F:0016 00000000:0000 0A 0 0 0 0 0 7\n"), 4, 0, 1, "NUL byte" },
	{ IN("   0: \x1b[31m:0016 00000000:0000 0A 0 0 0 0 0 7\n"), 4, 0, 1, "bad local address" },
	{ IN("   0: \xff\xfe:0016 00000000:0000 0A 0 0 0 0 0 7\n" L4), 4, 1, 1, "bad local address" },
	{ IN("sl local\n   0: 0100007F:0016 00000000:0000 0A 0 0 0 0 0 7\n"), 4, 1, 0, NULL },
};

static void test_bad(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct proc_net pn = { 0 };

		print_message("case %zu\n", i);
		assert_int_equal(parse_exact(c->in, c->len, SP_TCP, c->fam, &pn), 0);
		assert_int_equal(pn.n, c->n);
		assert_int_equal(pn.bad.n, c->bad);
		if (c->why)
			assert_string_equal(pn.bad.why[0], c->why);
		proc_net_free(&pn);
	}
}

static void test_long_line(void **state)
{
	size_t len = 1 << 20, i;
	char *b = xmalloc(len);
	struct proc_net pn = { 0 };

	(void)state;
	memset(b, 'A', len);
	b[len - 1] = '\n';
	assert_int_equal(proc_net_parse(b, len, SP_TCP, 4, &pn, NULL), 0);
	assert_int_equal(pn.n, 0);
	assert_int_equal(pn.bad.n, 1);
	assert_string_equal(pn.bad.why[0], "line too long");
	/* many bad lines: counted exactly, a few kept */
	for (i = 0; i < len; i++)
		b[i] = (i % 4 == 3) ? '\n' : 'x';
	proc_net_free(&pn);
	assert_int_equal(proc_net_parse(b, len, SP_TCP, 4, &pn, NULL), 0);
	assert_int_equal(pn.bad.n, len / 4);
	proc_net_free(&pn);
	free(b);
	assert_int_equal(proc_net_parse(NULL, 0, SP_TCP, 4, &pn, NULL), 0);
	assert_int_equal(proc_net_parse(tcp_head, strlen(tcp_head), SP_TCP, 5, &pn, NULL), -EINVAL);
	(void)tcp6_head;
}

static void test_socket_inode(void **state)
{
	uint64_t ino = 0;

	(void)state;
	assert_int_equal(proc_socket_inode(IN("socket:[12345]"), &ino), 0);
	assert_int_equal(ino, 12345);
	assert_int_equal(proc_socket_inode(IN("socket:[]"), &ino), -EINVAL);
	assert_int_equal(proc_socket_inode(IN("socket:[12a]"), &ino), -EINVAL);
	assert_int_equal(proc_socket_inode(IN("socket:[-1]"), &ino), -EINVAL);
	assert_int_equal(proc_socket_inode(IN("pipe:[12345]"), &ino), -EINVAL);
	assert_int_equal(proc_socket_inode(IN("socket:[12345"), &ino), -EINVAL);
	assert_int_equal(proc_socket_inode(IN("socket:[99999999999999999999999]"), &ino), -ERANGE);
	assert_int_equal(proc_socket_inode(IN("/dev/null"), &ino), -EINVAL);
}

static void test_cgroup(void **state)
{
	char u[64];

	(void)state;
	assert_int_equal(proc_cgroup_unit(IN("0::/system.slice/ssh.service\n"), u, sizeof(u)), 0);
	assert_string_equal(u, "ssh.service");
	assert_int_equal(proc_cgroup_unit(IN("0::/user.slice/user-1000.slice/user@1000.service/app.slice/foo.service\n"),
					  u, sizeof(u)), 0);
	assert_string_equal(u, "foo.service");
	assert_int_equal(proc_cgroup_unit(IN("0::/init.scope"), u, sizeof(u)), 0);
	assert_string_equal(u, "init.scope");
	assert_int_equal(proc_cgroup_unit(IN("12:pids:/system.slice/x.service\n1:name=systemd:/system.slice/cron.service\n0::/\n"),
					  u, sizeof(u)), 0);
	assert_string_equal(u, "cron.service");
	assert_int_equal(proc_cgroup_unit(IN("0::/\n"), u, sizeof(u)), 0);
	assert_string_equal(u, "");
	assert_int_equal(proc_cgroup_unit(IN(""), u, sizeof(u)), 0);
	assert_string_equal(u, "");
	assert_int_equal(proc_cgroup_unit(IN("garbage\r\n::\n"), u, sizeof(u)), 0);
	assert_string_equal(u, "");
	assert_int_equal(proc_cgroup_unit(IN("0::/system.slice/evil\x1b[31m.service\n"), u, sizeof(u)), -EINVAL);
	assert_int_equal(proc_cgroup_unit(IN("0::/system.slice/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.service\n"),
					  u, sizeof(u)), -EINVAL);
}

static void test_classes(void **state)
{
	static const struct {
		uint8_t a[4];
		enum addr_class c;
	} v4[] = {
		{ { 0, 0, 0, 0 }, ADDR_ANY },		{ { 127, 0, 0, 53 }, ADDR_LOOPBACK },
		{ { 10, 1, 2, 3 }, ADDR_PRIVATE },	{ { 172, 16, 0, 1 }, ADDR_PRIVATE },
		{ { 172, 32, 0, 1 }, ADDR_PUBLIC },	{ { 192, 168, 0, 1 }, ADDR_PRIVATE },
		{ { 169, 254, 1, 1 }, ADDR_LINKLOCAL }, { { 100, 64, 0, 1 }, ADDR_PRIVATE },
		{ { 8, 8, 8, 8 }, ADDR_PUBLIC },	{ { 224, 0, 0, 251 }, ADDR_MULTICAST },
	};
	uint8_t a[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v4) / sizeof(v4[0]); i++) {
		memset(a, 0, 16);
		memcpy(a, v4[i].a, 4);
		assert_int_equal(addr_classify(4, a), v4[i].c);
	}
	memset(a, 0, 16);
	a[0] = 0xfd;
	assert_int_equal(addr_classify(6, a), ADDR_PRIVATE);
	a[0] = 0xff;
	assert_int_equal(addr_classify(6, a), ADDR_MULTICAST);
	assert_string_equal(addr_class_name(ADDR_LINKLOCAL), "link-local");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp4),	     cmocka_unit_test(test_tcp6),
		cmocka_unit_test(test_udp_raw),	     cmocka_unit_test(test_bad),
		cmocka_unit_test(test_long_line),    cmocka_unit_test(test_socket_inode),
		cmocka_unit_test(test_cgroup),	     cmocka_unit_test(test_classes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
