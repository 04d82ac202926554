/*
 * Unit tests for the nftables JSON parser and the firewall evaluation
 * (parse/fwmodel.h): real `nft -j list ruleset` output (tests/unit/data/
 * firewall, made from nft-sample.nft by nftables 1.0.6) and small rulesets
 * that pin down each rule of the evaluation.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/nft.h"
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

/* Parses an exactly-sized copy. */
static int parse(const char *s, size_t len, struct fw_ruleset *rs, unsigned *xt)
{
	char *b = xmalloc(len ? len : 1);
	struct err e;
	int r;

	memcpy(b, s, len);
	r = nft_parse(b, len, rs, xt, &e);
	if (r < 0)
		print_message("nft_parse: %s\n", e.msg);
	free(b);
	return r;
}

/* Evaluates tcp/udp port on a socket bound to addr (NULL = wildcard, dual stack). */
static enum fw_result eval(const struct fw_ruleset *rs, int l4, uint16_t port, const char *addr4,
			   struct fw_verdict_info *v)
{
	struct fw_target t;
	struct fw_verdict_info tmp;

	memset(&t, 0, sizeof(t));
	if (!v)
		v = &tmp;
	if (addr4) {
		unsigned a, b, c, d;
		assert_int_equal(sscanf(addr4, "%u.%u.%u.%u", &a, &b, &c, &d), 4);
		t.family = 4;
		t.addr[0] = (uint8_t)a, t.addr[1] = (uint8_t)b, t.addr[2] = (uint8_t)c, t.addr[3] = (uint8_t)d;
		t.any = !a && !b && !c && !d;
	} else {
		t.family = 6;
		t.any = t.dual = true;
	}
	t.l4 = (uint8_t)l4;
	t.port = port;
	assert_int_equal(fw_evaluate(rs, &t, v, NULL), 0);
	return v->result;
}

static void ev_text(const struct fw_verdict_info *v, size_t i, char *buf, size_t size)
{
	assert_true(i < v->n_ev);
	fw_evidence_format(&v->ev[i], buf, size);
}

#define HEAD "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"json_schema_version\": 1}}, " \
	     "{\"table\": {\"family\": \"inet\", \"name\": \"f\", \"handle\": 1}}, "
#define CHAIN(name, extra) "{\"chain\": {\"family\": \"inet\", \"table\": \"f\", \"name\": \"" name "\", \"handle\": 1" extra "}}"
#define BASE(policy) ", \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"" policy "\""
#define RULE(chain, expr) ", {\"rule\": {\"family\": \"inet\", \"table\": \"f\", \"chain\": \"" chain "\", \"handle\": 9, \"expr\": [" expr "]}}"
#define TAIL "]}"
#define DPORT(p, v) "{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"" p "\", \"field\": \"dport\"}}, \"right\": " v "}}"
#define SADDR(op, v) "{\"match\": {\"op\": \"" op "\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"saddr\"}}, \"right\": " v "}}"
#define ACCEPT "{\"accept\": null}"
#define DROP "{\"drop\": null}"

static void test_sample(void **state)
{
	struct fw_ruleset rs = { 0 };
	struct fw_verdict_info v;
	unsigned xt = 99;
	char buf[1024];
	size_t len;
	char *s = slurp("unit/data/firewall/nft-sample.json", &len);

	(void)state;
	assert_int_equal(parse(s, len, &rs, &xt), 0);
	assert_int_equal(xt, 0);
	assert_int_equal(rs.n, 4); /* inet filter input + sub, ip raw pre, ip nat pre */
	assert_int_equal(rs.bad.n, 0);
	assert_true(fw_has_input_filter(&rs));
	/* the verdict map became three rules: 23 rules in input in all */
	assert_int_equal(rs.chains[0].n_rules, 23);
	assert_string_equal(rs.chains[0].rules[0].text, "ct state invalid drop");
	assert_int_equal(eval(&rs, 6, 22, NULL, &v), FWR_OPEN);
	ev_text(&v, 0, buf, sizeof(buf));
	assert_string_equal(buf, "inet filter input: tcp dport 22 accept");
	assert_int_equal(eval(&rs, 6, 3389, NULL, &v), FWR_FILTERED);
	ev_text(&v, 0, buf, sizeof(buf));
	assert_string_equal(buf, "inet filter input: th dport 3389 reject");
	assert_int_equal(eval(&rs, 6, 11211, "0.0.0.0", &v), FWR_FILTERED);
	ev_text(&v, 0, buf, sizeof(buf));
	assert_string_equal(buf, "ip raw pre: tcp dport 11211 drop");
	/* after "meta mark 0x1 accept" nothing is certain */
	assert_int_equal(eval(&rs, 6, 9300, NULL, &v), FWR_UNCERTAIN);
	ev_text(&v, 0, buf, sizeof(buf));
	assert_string_equal(buf, "inet filter input: meta mark accept");
	/* both ways of the unknown rule accept: certain */
	assert_int_equal(eval(&rs, 17, 138, "0.0.0.0", NULL), FWR_OPEN);
	/* the set of ports, and the fib match */
	assert_int_equal(eval(&rs, 6, 8042, NULL, NULL), FWR_OPEN);
	assert_int_equal(eval(&rs, 6, 6000, NULL, NULL), FWR_OPEN);
	fw_ruleset_free(&rs);
	free(s);
}

static void test_iptables_nft(void **state)
{
	struct fw_ruleset rs = { 0 };
	unsigned xt = 0;
	size_t len;
	char *s = slurp("unit/data/firewall/nft-iptables.json", &len);

	(void)state;
	assert_int_equal(parse(s, len, &rs, &xt), 0);
	assert_int_equal(xt, 1); /* ip filter holds xt matches: iptables-nft-save must be read instead */
	assert_true(rs.n_unknown > 0);
	assert_int_equal(eval(&rs, 6, 22, "0.0.0.0", NULL), FWR_OPEN); /* accepted either way */
	assert_int_equal(eval(&rs, 6, 80, "0.0.0.0", NULL), FWR_UNCERTAIN); /* conntrack as xt, then policy drop */
	assert_int_equal(fw_ruleset_drop_table(&rs, "nftables", "filter", FW_V4), 2);
	fw_ruleset_free(&rs);
	free(s);
}

/* firewalld 1.x compiles zones to this shape (nft-firewalld.nft): eth1 in zone internal, the rest public. */
static void test_firewalld(void **state)
{
	struct fw_ruleset rs = { 0 };
	struct fw_verdict_info v;
	char buf[1024];
	size_t len;
	char *s = slurp("unit/data/firewall/nft-firewalld.json", &len);

	(void)state;
	assert_int_equal(parse(s, len, &rs, NULL), 0);
	assert_int_equal(rs.n_unknown, 0); /* "ct status dnat" is decided: a connection to this host is not DNATed */
	assert_int_equal(eval(&rs, 6, 22, NULL, &v), FWR_OPEN);
	assert_int_equal(eval(&rs, 6, 445, NULL, &v), FWR_RESTRICTED);
	ev_text(&v, 0, buf, sizeof(buf));
	assert_string_equal(buf, "inet firewalld filter_IN_internal_allow: tcp dport 445 ct state new,untracked accept");
	fw_evidence_format(&v.drop_ev, buf, sizeof(buf));
	assert_string_equal(buf, "inet firewalld filter_INPUT: reject");
	assert_int_equal(eval(&rs, 17, 137, "0.0.0.0", NULL), FWR_RESTRICTED);
	assert_int_equal(eval(&rs, 6, 9090, NULL, NULL), FWR_RESTRICTED); /* public only */
	assert_int_equal(eval(&rs, 6, 3389, NULL, &v), FWR_FILTERED);
	assert_int_equal(eval(&rs, 17, 546, NULL, NULL), FWR_RESTRICTED); /* IPv6 link-local destination only */
	fw_ruleset_free(&rs);
	free(s);
}

static void test_restricted(void **state)
{
	static const char in[] = HEAD CHAIN("input", BASE("drop"))
		RULE("input", "{\"match\": {\"op\": \"in\", \"left\": {\"ct\": {\"key\": \"state\"}}, \"right\": [\"established\", \"related\"]}}, " ACCEPT)
		RULE("input", "{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"iifname\"}}, \"right\": \"lo\"}}, " ACCEPT)
		RULE("input", DPORT("tcp", "22") ", " ACCEPT)
		RULE("input", SADDR("==", "{\"prefix\": {\"addr\": \"10.0.0.0\", \"len\": 8}}") ", " DPORT("tcp", "445") ", " ACCEPT)
		RULE("input", "{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"iifname\"}}, \"right\": \"eth*\"}}, " DPORT("tcp", "5900") ", " ACCEPT)
		TAIL;
	struct fw_ruleset rs = { 0 };
	struct fw_verdict_info v;
	char buf[512];

	(void)state;
	assert_int_equal(parse(IN(in), &rs, NULL), 0);
	assert_int_equal(eval(&rs, 6, 22, "0.0.0.0", NULL), FWR_OPEN);
	assert_int_equal(eval(&rs, 6, 445, "0.0.0.0", &v), FWR_RESTRICTED);
	ev_text(&v, 0, buf, sizeof(buf));
	assert_string_equal(buf, "inet f input: ip saddr 10.0.0.0/8 tcp dport 445 accept");
	assert_true(v.has_drop_ev);
	fw_evidence_format(&v.drop_ev, buf, sizeof(buf));
	assert_string_equal(buf, "inet f input: policy drop");
	/* IPv6 sources are dropped; IPv4 ones restricted: restricted */
	assert_int_equal(eval(&rs, 6, 445, NULL, NULL), FWR_RESTRICTED);
	assert_int_equal(eval(&rs, 6, 5900, NULL, NULL), FWR_RESTRICTED);
	assert_int_equal(eval(&rs, 6, 3389, NULL, NULL), FWR_FILTERED);
	assert_int_equal(eval(&rs, 17, 22, NULL, NULL), FWR_FILTERED);
	fw_ruleset_free(&rs);
}

static void test_negation(void **state)
{
	static const char in[] = HEAD CHAIN("input", BASE("accept"))
		RULE("input", DPORT("tcp", "445") ", " DROP)
		RULE("input", SADDR("!=", "{\"prefix\": {\"addr\": \"192.168.0.0\", \"len\": 16}}") ", " DPORT("udp", "137") ", " DROP)
		RULE("input", DPORT("th", "{\"set\": [1, {\"range\": [150, 200]}]}") ", {\"reject\": {\"type\": \"icmpx\"}}")
		TAIL;
	struct fw_ruleset rs = { 0 };

	(void)state;
	assert_int_equal(parse(IN(in), &rs, NULL), 0);
	assert_int_equal(eval(&rs, 6, 445, NULL, NULL), FWR_FILTERED);
	assert_int_equal(eval(&rs, 17, 445, NULL, NULL), FWR_OPEN);
	assert_int_equal(eval(&rs, 17, 137, "0.0.0.0", NULL), FWR_RESTRICTED);
	assert_int_equal(eval(&rs, 6, 150, NULL, NULL), FWR_FILTERED);
	assert_int_equal(eval(&rs, 17, 200, NULL, NULL), FWR_FILTERED);
	assert_int_equal(eval(&rs, 17, 201, NULL, NULL), FWR_OPEN);
	fw_ruleset_free(&rs);
}

static void test_jumps(void **state)
{
	static const char in[] = HEAD CHAIN("input", BASE("drop")) ", " CHAIN("sub", "") ", " CHAIN("loop", "")
		RULE("input", DPORT("tcp", "7") ", {\"goto\": {\"target\": \"sub\"}}")
		RULE("input", DPORT("tcp", "7") ", " ACCEPT)
		RULE("input", DPORT("tcp", "8") ", {\"jump\": {\"target\": \"loop\"}}")
		RULE("input", "{\"jump\": {\"target\": \"sub\"}}")
		RULE("input", "{\"jump\": {\"target\": \"missing\"}}")
		RULE("sub", DPORT("tcp", "{\"set\": [7, 9200]}") ", {\"return\": null}")
		RULE("sub", DPORT("tcp", "9300") ", " ACCEPT)
		RULE("loop", "{\"jump\": {\"target\": \"loop\"}}")
		TAIL;
	struct fw_ruleset rs = { 0 };

	(void)state;
	assert_int_equal(parse(IN(in), &rs, NULL), 0);
	assert_int_equal(eval(&rs, 6, 9300, NULL, NULL), FWR_OPEN);
	/* return from a goto'd chain returns from the base chain: the policy, not the next rule */
	assert_int_equal(eval(&rs, 6, 7, NULL, NULL), FWR_FILTERED);
	/* a jump to a chain that does not exist: uncertain */
	assert_int_equal(eval(&rs, 6, 80, NULL, NULL), FWR_UNCERTAIN);
	/* a jump loop ends at the depth cap: uncertain, never a verdict */
	assert_int_equal(eval(&rs, 6, 8, NULL, NULL), FWR_UNCERTAIN);
	fw_ruleset_free(&rs);
}

static void test_unknown(void **state)
{
	static const char in[] = HEAD CHAIN("input", BASE("drop"))
		RULE("input", "{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"mark\"}}, \"right\": 1}}, " DROP)
		RULE("input", "{\"xt\": {\"type\": \"match\", \"name\": \"recent\"}}, " DPORT("tcp", "22") ", " ACCEPT)
		RULE("input", "{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"icmp\", \"field\": \"type\"}}, \"right\": \"echo-request\"}}, " ACCEPT)
		RULE("input", "{\"queue\": {\"num\": 1}}")
		TAIL;
	struct fw_ruleset rs = { 0 };
	struct fw_verdict_info v;

	(void)state;
	assert_int_equal(parse(IN(in), &rs, NULL), 0);
	/* an unknown match that drops, then a queue: uncertain */
	assert_int_equal(eval(&rs, 6, 80, NULL, &v), FWR_UNCERTAIN);
	assert_int_equal(eval(&rs, 6, 22, NULL, NULL), FWR_UNCERTAIN);
	fw_ruleset_free(&rs);
}

static void test_two_chains_and_daddr(void **state)
{
	static const char in[] = HEAD CHAIN("a", BASE("accept")) ", "
		"{\"chain\": {\"family\": \"inet\", \"table\": \"f\", \"name\": \"b\", \"handle\": 2, \"type\": \"filter\", \"hook\": \"prerouting\", \"prio\": -300, \"policy\": \"accept\"}}, "
		"{\"chain\": {\"family\": \"inet\", \"table\": \"f\", \"name\": \"c\", \"handle\": 3, \"type\": \"filter\", \"hook\": \"output\", \"prio\": 0, \"policy\": \"drop\"}}, "
		"{\"chain\": {\"family\": \"ip\", \"table\": \"n\", \"name\": \"nat\", \"handle\": 4, \"type\": \"nat\", \"hook\": \"prerouting\", \"prio\": -100, \"policy\": \"drop\"}}"
		RULE("b", DPORT("tcp", "445") ", " DROP)
		RULE("a", "{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"daddr\"}}, \"right\": \"10.1.2.3\"}}, " DPORT("tcp", "5432") ", " DROP)
		RULE("a", "{\"match\": {\"op\": \"<\", \"left\": {\"payload\": {\"protocol\": \"udp\", \"field\": \"dport\"}}, \"right\": 1024}}, " DROP)
		TAIL;
	struct fw_ruleset rs = { 0 };

	(void)state;
	assert_int_equal(parse(IN(in), &rs, NULL), 0);
	assert_int_equal(eval(&rs, 6, 445, NULL, NULL), FWR_FILTERED);
	assert_int_equal(eval(&rs, 6, 80, NULL, NULL), FWR_OPEN); /* output and nat chains do not count */
	assert_int_equal(eval(&rs, 6, 5432, "10.1.2.3", NULL), FWR_FILTERED);
	assert_int_equal(eval(&rs, 6, 5432, "10.1.2.4", NULL), FWR_OPEN);
	assert_int_equal(eval(&rs, 6, 5432, "0.0.0.0", NULL), FWR_RESTRICTED);
	assert_int_equal(eval(&rs, 17, 1023, NULL, NULL), FWR_FILTERED);
	assert_int_equal(eval(&rs, 17, 1024, NULL, NULL), FWR_OPEN);
	fw_ruleset_free(&rs);
}

static void test_empty_and_hostile(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		int ret;
		size_t chains;
	} cases[] = {
		{ IN("{\"nftables\": []}"), 0, 0 },
		{ IN("{\"nftables\": [{\"metainfo\": {}}]}\n"), 0, 0 },
		{ IN(""), -EINVAL, 0 },
		{ IN("{"), -EINVAL, 0 },
		{ IN("[]"), -EINVAL, 0 },
		{ IN("{\"nftables\": {}}"), -EINVAL, 0 },
		{ IN("{\"nftables\": []} x"), -EINVAL, 0 },
		{ IN("{\"nftables\": [\"\0\"]}"), -EINVAL, 0 },
		{ IN("{\"nftables\": [\"\xff\xfe\"]}"), -EINVAL, 0 },
		{ IN("{\"nftables\": [1, \"x\", null, {\"a\": 1, \"b\": 2}]}"), 0, 0 },
		{ IN("{\"nftables\": [{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"\\u001b[31m\", \"hook\": \"input\", \"type\": \"filter\", \"prio\": 99999999999999}}]}"), 0, 1 },
		{ IN("{\"nftables\": [{\"chain\": {\"family\": \"bridge\", \"table\": \"t\", \"name\": \"c\"}}]}"), 0, 0 },
		{ IN("{\"nftables\": [{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"nope\", \"expr\": []}}]}"), 0, 0 },
		{ IN("{\"nftables\": [{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"c\"}}, {\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"c\", \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": {\"set\": [{\"set\": [{\"set\": [{\"set\": [{\"set\": [{\"set\": [{\"set\": [{\"set\": [{\"set\": [{\"set\": [1]}]}]}]}]}]}]}]}]}]}}}, {\"vmap\": {}}, {\"jump\": {}}, {\"accept\": 1}]}}]}"), 0, 1 },
	};
	size_t i;
	char deep[4096];

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fw_ruleset rs = { 0 };
		print_message("case %zu\n", i);
		assert_int_equal(parse(cases[i].in, cases[i].len, &rs, NULL), cases[i].ret);
		assert_int_equal(rs.n, cases[i].chains);
		if (rs.n)
			(void)eval(&rs, 6, 1, NULL, NULL);
		fw_ruleset_free(&rs);
	}
	/* nesting deeper than NFT_MAX_DEPTH is refused by the tokenizer */
	memset(deep, '[', sizeof(deep));
	{
		struct fw_ruleset rs = { 0 };
		assert_int_equal(parse(deep, sizeof(deep), &rs, NULL), -EINVAL);
	}
}

static void test_addr_parse(void **state)
{
	struct fw_addr_range r;
	unsigned fam;

	(void)state;
	assert_int_equal(fw_addr_parse(IN("10.0.0.0/8"), &fam, &r), 0);
	assert_int_equal(fam, FW_V4);
	assert_int_equal(r.lo[12], 10);
	assert_int_equal(r.hi[13], 255);
	assert_int_equal(fw_addr_parse(IN("192.168.1.0/255.255.255.0"), &fam, &r), 0);
	assert_int_equal(r.hi[15], 255);
	assert_int_equal(fw_addr_parse(IN("192.168.1.0/255.0.255.0"), &fam, &r), -EINVAL);
	assert_int_equal(fw_addr_parse(IN("fe80::/10"), &fam, &r), 0);
	assert_int_equal(fam, FW_V6);
	assert_int_equal(r.hi[1], 0xbf);
	assert_int_equal(fw_addr_parse(IN("10.0.0.0/33"), &fam, &r), -EINVAL);
	assert_int_equal(fw_addr_parse(IN("10.0.0.0/"), &fam, &r), -EINVAL);
	assert_int_equal(fw_addr_parse(IN("::/129"), &fam, &r), -EINVAL);
	assert_int_equal(fw_addr_parse(IN("nonsense"), &fam, &r), -EINVAL);
	assert_int_equal(fw_addr_parse(IN("1.2.3.4\0"), &fam, &r), -EINVAL);
	assert_int_equal(fw_addr_parse(IN(""), &fam, &r), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample),	  cmocka_unit_test(test_iptables_nft),
		cmocka_unit_test(test_restricted), cmocka_unit_test(test_negation),
		cmocka_unit_test(test_jumps),	  cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_two_chains_and_daddr), cmocka_unit_test(test_empty_and_hostile),
		cmocka_unit_test(test_addr_parse), cmocka_unit_test(test_firewalld),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
