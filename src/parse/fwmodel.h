/*
 * A packet filter ruleset as kyuka reasons about it, built from the
 * nftables JSON ruleset (parse/nft.h) or iptables-save output
 * (parse/iptables.h), and the evaluation that asks: is a new inbound
 * connection from outside to this port dropped?
 *
 * The model keeps what decides that question: the base chains on the
 * prerouting and input hooks (type filter), the chains they jump to, and per
 * rule its matches on the layer-4 protocol, ports, addresses, input
 * interface, conntrack state and address family, and its verdict. Any other
 * expression is kept as an unknown match: the evaluation then follows both
 * ways and says "uncertain" when they disagree, never "dropped".
 *
 * Pure: no I/O, no globals, no locale. Caller frees with fw_ruleset_free().
 */
#ifndef KYUKA_PARSE_FWMODEL_H
#define KYUKA_PARSE_FWMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/limits.h"
#include "util/err.h"

#define FW_MAX_CHAINS		4096
#define FW_MAX_RULES		200000	/* over all chains */
#define FW_MAX_VALUES		65536	/* values of one match (set elements) */
#define FW_MAX_JUMP_DEPTH	16	/* the kernel allows 16 too */
#define FW_MAX_PROBES		4096	/* probe packets per socket */
#define FW_MAX_STEPS		1000000	/* rule evaluations per socket */
#define FW_TEXT_MAX		512	/* bytes of a rule's text for evidence */

/* Families a chain or match applies to (bits). */
enum { FW_V4 = 1u << 0, FW_V6 = 1u << 1 };

enum fw_hook { FWH_OTHER, FWH_PREROUTING, FWH_INPUT };

enum fw_verdict {
	FWV_NONE,	/* no verdict: go on (counter, log) */
	FWV_ACCEPT,
	FWV_DROP,	/* drop or reject */
	FWV_JUMP,
	FWV_GOTO,
	FWV_RETURN,
	FWV_UNKNOWN,	/* queue, or a target we do not model */
};

enum fw_field {
	FWM_UNKNOWN,	/* an expression we do not model: may or may not match */
	FWM_FALSE,	/* never matches a new inbound TCP/UDP packet (e.g. icmp type) */
	FWM_TRUE,	/* always matches one (e.g. fib daddr type local) */
	FWM_FAMILY,	/* nums: 4 / 6 */
	FWM_L4PROTO,	/* nums: IP protocol numbers */
	FWM_DPORT,	/* nums: port ranges; l4 (if set) is implied */
	FWM_SPORT,
	FWM_SADDR,	/* addrs */
	FWM_DADDR,
	FWM_IIF,	/* names: interface names, "eth*" prefix patterns */
	FWM_CTSTATE,	/* bits: FW_CT_* */
};

enum { FW_CT_NEW = 1u << 0, FW_CT_ESTABLISHED = 1u << 1, FW_CT_RELATED = 1u << 2, FW_CT_INVALID = 1u << 3,
       FW_CT_UNTRACKED = 1u << 4 };

struct fw_num_range {
	uint32_t lo, hi;
};

/* An address range; IPv4 is kept as ::ffff:a.b.c.d so one compare serves both. */
struct fw_addr_range {
	uint8_t lo[16], hi[16];
};

struct fw_match {
	enum fw_field field;
	bool neg;			/* "!=" / "!" */
	uint8_t l4;			/* DPORT/SPORT: implied protocol (6, 17) or 0 for any */
	uint8_t fam;			/* SADDR/DADDR: FW_V4 or FW_V6 (the header it reads) */
	struct fw_num_range *nums;
	struct fw_addr_range *addrs;
	char **names;
	size_t n;			/* entries of nums, addrs or names */
	uint32_t bits;
	char *what;			/* FWM_UNKNOWN: a short description ("meta mark") */
};

struct fw_rule {
	struct fw_match *m;
	size_t n_m;
	enum fw_verdict verdict;
	bool reject;			/* DROP by rejecting (for the text) */
	char *target;			/* JUMP/GOTO: chain name */
	char *text;			/* for evidence: "tcp dport 445 drop" */
	uint64_t handle;		/* nft handle, or line number for iptables */
};

struct fw_chain {
	char *source;			/* "nftables", "iptables", "ip6tables", "iptables-legacy", ... */
	char *table;
	char *name;
	unsigned fam;			/* FW_V4 | FW_V6 */
	bool base;			/* attached to a hook */
	bool filter;			/* base chain of type filter (others are not evaluated) */
	enum fw_hook hook;
	int prio;
	enum fw_verdict policy;		/* ACCEPT or DROP for base chains */
	struct fw_rule *rules;
	size_t n_rules, alloc_rules;
};

struct fw_ruleset {
	struct fw_chain *chains;
	size_t n, alloc;
	size_t n_rules;
	size_t n_unknown;		/* unknown matches or verdicts, over all rules */
	struct parse_bad bad;		/* entries we could not read at all */
};

void fw_ruleset_free(struct fw_ruleset *rs);
/* Moves every chain of src into dst (src is emptied). */
void fw_ruleset_merge(struct fw_ruleset *dst, struct fw_ruleset *src);
/* Removes the chains of (source, table, families) from rs; returns how many. */
size_t fw_ruleset_drop_table(struct fw_ruleset *rs, const char *source, const char *table, unsigned fam);

/* Building (used by the front ends). Each takes ownership of what it is given. */
struct fw_chain *fw_chain_add(struct fw_ruleset *rs, const char *source, const char *table, const char *name,
			      unsigned fam);
struct fw_chain *fw_chain_find(struct fw_ruleset *rs, const char *source, const char *table, unsigned fam,
			       const char *name);
struct fw_rule *fw_rule_add(struct fw_ruleset *rs, struct fw_chain *c);
struct fw_match *fw_match_add(struct fw_rule *r, enum fw_field field);
void fw_match_num(struct fw_match *m, uint32_t lo, uint32_t hi);
void fw_match_addr(struct fw_match *m, const uint8_t lo[16], const uint8_t hi[16]);
void fw_match_name(struct fw_match *m, const char *name, size_t len);
/* "10.0.0.0/8", "2001:db8::1", "192.168.1.5" into a range (v4 mapped); 0 or -EINVAL. */
int fw_addr_parse(const char *s, size_t len, unsigned *fam, struct fw_addr_range *out);
/* Renders a rule's matches and verdict as nft-like text into r->text. */
void fw_rule_describe(struct fw_rule *r);

/* ------------------------------------------------------------------ evaluation */

/* The socket whose reachability is asked about. */
struct fw_target {
	int family;		/* 4 or 6 as bound */
	uint8_t addr[16];	/* bound address (IPv4 in the first 4 bytes when family is 4) */
	bool any;		/* bound to the wildcard address */
	bool dual;		/* an IPv6 wildcard socket also takes IPv4 (v4-mapped) */
	uint8_t l4;		/* 6 = TCP, 17 = UDP */
	uint16_t port;
};

enum fw_result {
	FWR_OPEN,		/* every probe from outside is accepted */
	FWR_FILTERED,		/* every probe is dropped */
	FWR_RESTRICTED,		/* accepted from some sources or interfaces only, dropped otherwise */
	FWR_UNCERTAIN,		/* the ruleset holds something that decides and we cannot evaluate */
};

#define FW_EVIDENCE_MAX 3
struct fw_evidence {
	const struct fw_chain *chain;
	const struct fw_rule *rule;	/* NULL: the chain's policy (or no rule at all) */
};

struct fw_verdict_info {
	enum fw_result result;
	size_t n_probes;
	/* FILTERED: what drops; OPEN/RESTRICTED: what accepts; UNCERTAIN: what could not be evaluated */
	struct fw_evidence ev[FW_EVIDENCE_MAX];
	size_t n_ev;
	/* RESTRICTED: what drops the rest */
	struct fw_evidence drop_ev;
	bool has_drop_ev;
	size_t n_chains;		/* base chains that apply */
};

/* Evaluates a new inbound connection from outside (not loopback) to t. */
int fw_evaluate(const struct fw_ruleset *rs, const struct fw_target *t, struct fw_verdict_info *out, struct err *err);
/* "inet filter input: tcp dport 445 drop" / "inet filter input: policy drop" into buf. */
void fw_evidence_format(const struct fw_evidence *e, char *buf, size_t size);
/* True when some base chain of type filter is on the input or prerouting hook. */
bool fw_has_input_filter(const struct fw_ruleset *rs);
const char *fw_result_name(enum fw_result r);	/* "open", "filtered", ... */

#endif
