/* Unit tests for the iptables-save parser, with the evaluation on what it builds. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/iptables.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = xmalloc((size_t)n + 1);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

static int parse(const char *s, size_t len, int fam, struct fw_ruleset *rs, struct ipt_info *info)
{
	char *b = xmalloc(len ? len : 1);
	int r;

	memcpy(b, s, len);
	r = iptables_parse(b, len, fam, "iptables", rs, info, NULL);
	free(b);
	return r;
}

static enum fw_result eval4(const struct fw_ruleset *rs, int l4, uint16_t port, struct fw_verdict_info *v)
{
	struct fw_target t;
	struct fw_verdict_info tmp;

	memset(&t, 0, sizeof(t));
	t.family = 4;
	t.any = true;
	t.l4 = (uint8_t)l4;
	t.port = port;
	assert_int_equal(fw_evaluate(rs, &t, v ? v : &tmp, NULL), 0);
	return (v ? v : &tmp)->result;
}

static void test_ufw_like(void **state)
{
	struct fw_ruleset rs = { 0 };
	struct fw_verdict_info v;
	struct ipt_info info;
	char buf[1024];
	size_t len;
	char *s = slurp("unit/data/firewall/iptables-nft.txt", &len);

	(void)state;
	assert_int_equal(parse(s, len, 4, &rs, &info), 0);
	assert_true(info.nft_backend);
	assert_false(info.legacy);
	assert_int_equal(info.n_tables, 1);
	assert_int_equal(rs.bad.n, 0);
	assert_int_equal(rs.n, 4);
	assert_int_equal(eval4(&rs, 6, 22, &v), FWR_OPEN);
	fw_evidence_format(&v.ev[0], buf, sizeof(buf));
	assert_string_equal(buf, "iptables filter ufw-user-input: -A ufw-user-input -p tcp -m tcp --dport 22 -j ACCEPT");
	assert_int_equal(eval4(&rs, 6, 445, NULL), FWR_RESTRICTED);
	assert_int_equal(eval4(&rs, 6, 139, NULL), FWR_RESTRICTED);
	assert_int_equal(eval4(&rs, 17, 137, &v), FWR_FILTERED);
	assert_int_equal(eval4(&rs, 17, 139, &v), FWR_FILTERED); /* policy */
	fw_evidence_format(&v.ev[0], buf, sizeof(buf));
	assert_string_equal(buf, "iptables filter INPUT: policy drop");
	assert_int_equal(eval4(&rs, 6, 3389, &v), FWR_UNCERTAIN); /* -m recent */
	assert_int_equal(eval4(&rs, 6, 5900, NULL), FWR_FILTERED); /* REJECT, or RETURN to the policy */
	assert_int_equal(eval4(&rs, 6, 6000, NULL), FWR_FILTERED); /* LOG goes on */
	assert_int_equal(eval4(&rs, 6, 6001, NULL), FWR_FILTERED);
	fw_ruleset_free(&rs);
	free(s);
}

static void test_legacy_and_v6(void **state)
{
	struct fw_ruleset rs = { 0 };
	struct ipt_info info;
	size_t len;
	char *s = slurp("unit/data/firewall/iptables-legacy.txt", &len);
	char *s6;

	(void)state;
	assert_int_equal(parse(s, len, 4, &rs, &info), 0);
	assert_true(info.legacy);
	assert_int_equal(eval4(&rs, 6, 23, NULL), FWR_FILTERED);
	assert_int_equal(eval4(&rs, 6, 24, NULL), FWR_OPEN);
	free(s);
	s6 = slurp("unit/data/firewall/ip6tables-nft.txt", &len);
	assert_int_equal(parse(s6, len, 6, &rs, &info), 0);
	{
		struct fw_target t;
		struct fw_verdict_info v;
		memset(&t, 0, sizeof(t));
		t.family = 6;
		t.any = true;
		t.l4 = 6;
		t.port = 22;
		assert_int_equal(fw_evaluate(&rs, &t, &v, NULL), 0);
		assert_int_equal(v.result, FWR_RESTRICTED); /* fe80::/10 only */
	}
	free(s6);
	fw_ruleset_free(&rs);
}

static void test_options(void **state)
{
	static const char in[] =
		"*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
		"-A PREROUTING -p udp -m udp --dport 11211 -j DROP\nCOMMIT\n"
		"*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1\nCOMMIT\n"
		"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:x - [0:0]\n"
		"[5:300] -A INPUT -p tcp -m multiport --dports 1000:1002,2000 -j DROP\n"
		"-A INPUT ! -s 192.168.0.0/16 -p tcp --dport 3306 -j REJECT --reject-with tcp-reset\n"
		"-A INPUT -p tcp -m tcp ! --dport 1:1023 -j x\n"
		"-A INPUT -d 10.9.9.9/32 -p tcp --dport 5432 -j DROP\n"
		"-A INPUT -m addrtype ! --dst-type LOCAL -p tcp --dport 9000 -j DROP\n"
		"-A INPUT -p tcp --syn --dport 9001 -j DROP\n"
		"-A INPUT -p icmp --icmp-type echo-request -j DROP\n"
		"-A INPUT -p tcp --dport 9002 -m comment --comment \"a \\\"quoted\\\" comment\" -j DROP\n"
		"-A INPUT -p tcp --dport 9003 -m limit --limit 5/min -j ACCEPT\n"
		"-A INPUT -p tcp --dport 9003 -j DROP\n"
		"-A INPUT -p tcp --dport 9004 -j NFQUEUE --queue-num 1\n"
		"-A INPUT -p tcp --dport 9005 -j nowhere\n"
		"-A x -p tcp --dport 2000:3000 -j DROP\n"
		"COMMIT\n";
	struct fw_ruleset rs = { 0 };
	struct ipt_info info;

	(void)state;
	assert_int_equal(parse(IN(in), 4, &rs, &info), 0);
	assert_int_equal(rs.bad.n, 0);
	assert_int_equal(info.n_tables, 3);
	assert_int_equal(eval4(&rs, 17, 11211, NULL), FWR_FILTERED);
	assert_int_equal(eval4(&rs, 6, 80, NULL), FWR_OPEN);
	assert_int_equal(eval4(&rs, 6, 1001, NULL), FWR_FILTERED);
	assert_int_equal(eval4(&rs, 6, 2000, NULL), FWR_FILTERED);
	assert_int_equal(eval4(&rs, 6, 3306, NULL), FWR_RESTRICTED);
	assert_int_equal(eval4(&rs, 6, 2500, NULL), FWR_FILTERED);	/* via chain x */
	assert_int_equal(eval4(&rs, 6, 3500, NULL), FWR_OPEN);		/* x returns */
	assert_int_equal(eval4(&rs, 6, 5432, NULL), FWR_RESTRICTED);	/* only to that address */
	assert_int_equal(eval4(&rs, 6, 9000, NULL), FWR_OPEN);
	assert_int_equal(eval4(&rs, 6, 9001, NULL), FWR_FILTERED);
	assert_int_equal(eval4(&rs, 6, 9002, NULL), FWR_FILTERED);
	assert_int_equal(eval4(&rs, 6, 9003, NULL), FWR_UNCERTAIN);
	assert_int_equal(eval4(&rs, 6, 9004, NULL), FWR_UNCERTAIN);
	assert_int_equal(eval4(&rs, 6, 9005, NULL), FWR_UNCERTAIN);
	fw_ruleset_free(&rs);
}

static void test_hostile(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		size_t bad;
		const char *why;
	} cases[] = {
		{ IN(""), 0, NULL },
		{ IN("# only a comment\n"), 0, NULL },
		{ IN("-A INPUT -j DROP\n"), 1, "outside a table" },
		{ IN("*filter\n-A INPUT -j DROP\nCOMMIT\n"), 1, "rule of an undeclared chain" },
		{ IN("*filter\n:INPUT ACCEPT [0:0]\n:INPUT DROP [0:0]\nCOMMIT\n"), 1, "chain declared twice" },
		{ IN("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --comment \"open\nCOMMIT\n"), 1, "unterminated quote" },
		{ IN("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 300.1.1.1 -j DROP\nCOMMIT\n"), 1, "bad address" },
		{ IN("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 99999 -j DROP\nCOMMIT\n"), 1, "bad port" },
		{ IN("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport\nCOMMIT\n"), 1, "missing port" },
		{ IN("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT stray -j DROP\nCOMMIT\n"), 1, "value without an option" },
		{ IN("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j DR\0P\nCOMMIT\n"), 1, "NUL byte" },
		{ IN("*filter\r\n:INPUT ACCEPT [0:0]\r\n-A INPUT -i \x1b[31m -j DROP\r\nCOMMIT\r\n"), 0, NULL },
		{ IN("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m \xff\xfe --opt -j DROP\nCOMMIT\n"), 0, NULL },
		{ IN("*\n:\n"), 2, "empty table name" },
		{ IN("*filter\n:\n"), 1, "bad chain line" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fw_ruleset rs = { 0 };
		struct ipt_info info;
		print_message("case %zu\n", i);
		assert_int_equal(parse(cases[i].in, cases[i].len, 4, &rs, &info), 0);
		assert_int_equal(rs.bad.n, cases[i].bad);
		if (cases[i].why)
			assert_string_equal(rs.bad.why[0], cases[i].why);
		(void)eval4(&rs, 6, 1, NULL);
		fw_ruleset_free(&rs);
	}
}

static void test_long(void **state)
{
	size_t n = (size_t)1 << 20, i;
	char *b = xmalloc(n);
	struct fw_ruleset rs = { 0 };
	struct ipt_info info;
	static const char head[] = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT";

	(void)state;
	memcpy(b, head, sizeof(head) - 1);
	for (i = sizeof(head) - 1; i < n - 1; i++)
		b[i] = (i % 2) ? ' ' : '!';
	b[n - 1] = '\n';
	assert_int_equal(iptables_parse(b, n, 4, "iptables", &rs, &info, NULL), 0);
	assert_int_equal(rs.bad.n, 1);
	assert_string_equal(rs.bad.why[0], "line too long");
	fw_ruleset_free(&rs);
	/* 300 words: over IPT_MAX_WORDS */
	{
		struct strbuf_like {
			char *p;
		} x;
		size_t o = 0;
		x.p = xmalloc(4096);
		o += (size_t)sprintf(x.p + o, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT");
		for (i = 0; i < 300; i++)
			o += (size_t)sprintf(x.p + o, " !");
		o += (size_t)sprintf(x.p + o, "\n");
		assert_int_equal(iptables_parse(x.p, o, 4, "iptables", &rs, &info, NULL), 0);
		assert_int_equal(rs.bad.n, 1);
		assert_string_equal(rs.bad.why[0], "too many words");
		fw_ruleset_free(&rs);
		free(x.p);
	}
	assert_int_equal(iptables_parse(b, n, 5, "iptables", &rs, &info, NULL), -EINVAL);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ufw_like), cmocka_unit_test(test_legacy_and_v6), cmocka_unit_test(test_options),
		cmocka_unit_test(test_hostile),	 cmocka_unit_test(test_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
