#include "parse/fwmodel.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ building */

static void match_free(struct fw_match *m)
{
	size_t i;

	free(m->nums);
	free(m->addrs);
	for (i = 0; m->names && i < m->n; i++)
		free(m->names[i]);
	free(m->names);
	free(m->what);
}

static void rule_free(struct fw_rule *r)
{
	size_t i;

	for (i = 0; i < r->n_m; i++)
		match_free(&r->m[i]);
	free(r->m);
	free(r->target);
	free(r->text);
}

static void chain_free(struct fw_chain *c)
{
	size_t i;

	for (i = 0; i < c->n_rules; i++)
		rule_free(&c->rules[i]);
	free(c->rules);
	free(c->source);
	free(c->table);
	free(c->name);
}

void fw_ruleset_free(struct fw_ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->n; i++)
		chain_free(&rs->chains[i]);
	free(rs->chains);
	memset(rs, 0, sizeof(*rs));
}

void fw_ruleset_merge(struct fw_ruleset *dst, struct fw_ruleset *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		ALLOC_GROW(dst->chains, dst->n + 1, dst->alloc);
		dst->chains[dst->n++] = src->chains[i];
	}
	dst->n_rules += src->n_rules;
	dst->n_unknown += src->n_unknown;
	for (i = 0; i < src->bad.n && i < PARSE_MAX_BAD_KEPT; i++)
		parse_bad_add(&dst->bad, src->bad.line[i], src->bad.why[i]);
	free(src->chains);
	memset(src, 0, sizeof(*src));
}

size_t fw_ruleset_drop_table(struct fw_ruleset *rs, const char *source, const char *table, unsigned fam)
{
	size_t i, o = 0, dropped = 0;

	for (i = 0; i < rs->n; i++) {
		struct fw_chain *c = &rs->chains[i];
		if (strcmp(c->source, source) == 0 && strcmp(c->table, table) == 0 && c->fam == fam) {
			rs->n_rules -= c->n_rules;
			chain_free(c);
			dropped++;
			continue;
		}
		rs->chains[o++] = *c;
	}
	rs->n = o;
	return dropped;
}

struct fw_chain *fw_chain_add(struct fw_ruleset *rs, const char *source, const char *table, const char *name,
			      unsigned fam)
{
	struct fw_chain *c;

	if (rs->n >= FW_MAX_CHAINS)
		return NULL;
	ALLOC_GROW(rs->chains, rs->n + 1, rs->alloc);
	c = &rs->chains[rs->n++];
	memset(c, 0, sizeof(*c));
	c->source = xstrdup(source);
	c->table = xstrdup(table);
	c->name = xstrdup(name);
	c->fam = fam;
	c->policy = FWV_ACCEPT;
	return c;
}

struct fw_chain *fw_chain_find(struct fw_ruleset *rs, const char *source, const char *table, unsigned fam,
			       const char *name)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		struct fw_chain *c = &rs->chains[i];
		if (c->fam == fam && strcmp(c->name, name) == 0 && strcmp(c->table, table) == 0 &&
		    strcmp(c->source, source) == 0)
			return c;
	}
	return NULL;
}

struct fw_rule *fw_rule_add(struct fw_ruleset *rs, struct fw_chain *c)
{
	struct fw_rule *r;

	if (rs->n_rules >= FW_MAX_RULES)
		return NULL;
	ALLOC_GROW(c->rules, c->n_rules + 1, c->alloc_rules);
	r = &c->rules[c->n_rules++];
	memset(r, 0, sizeof(*r));
	rs->n_rules++;
	return r;
}

struct fw_match *fw_match_add(struct fw_rule *r, enum fw_field field)
{
	struct fw_match *m;

	r->m = xrealloc(r->m, st_mult(r->n_m + 1, sizeof(*r->m)));
	m = &r->m[r->n_m++];
	memset(m, 0, sizeof(*m));
	m->field = field;
	return m;
}

void fw_match_num(struct fw_match *m, uint32_t lo, uint32_t hi)
{
	if (m->n >= FW_MAX_VALUES)
		return;
	m->nums = xrealloc(m->nums, st_mult(m->n + 1, sizeof(*m->nums)));
	m->nums[m->n].lo = lo <= hi ? lo : hi;
	m->nums[m->n].hi = lo <= hi ? hi : lo;
	m->n++;
}

void fw_match_addr(struct fw_match *m, const uint8_t lo[16], const uint8_t hi[16])
{
	if (m->n >= FW_MAX_VALUES)
		return;
	m->addrs = xrealloc(m->addrs, st_mult(m->n + 1, sizeof(*m->addrs)));
	if (memcmp(lo, hi, 16) <= 0) {
		memcpy(m->addrs[m->n].lo, lo, 16);
		memcpy(m->addrs[m->n].hi, hi, 16);
	} else {
		memcpy(m->addrs[m->n].lo, hi, 16);
		memcpy(m->addrs[m->n].hi, lo, 16);
	}
	m->n++;
}

void fw_match_name(struct fw_match *m, const char *name, size_t len)
{
	if (m->n >= FW_MAX_VALUES)
		return;
	m->names = xrealloc(m->names, st_mult(m->n + 1, sizeof(*m->names)));
	m->names[m->n++] = xstrndup(name, len);
}

int fw_addr_parse(const char *s, size_t len, unsigned *fam, struct fw_addr_range *out)
{
	char buf[64];
	const char *slash;
	uint8_t a[16];
	unsigned bits, maxbits, i;
	uint64_t plen;
	size_t alen;

	if (len == 0 || len >= sizeof(buf) || memchr(s, '\0', len))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	slash = strchr(buf, '/');
	alen = slash ? (size_t)(slash - buf) : len;
	buf[alen] = '\0';
	memset(a, 0, sizeof(a));
	if (inet_pton(AF_INET, buf, a + 12) == 1) {
		a[10] = a[11] = 0xff;
		*fam = FW_V4;
		maxbits = 32;
	} else if (inet_pton(AF_INET6, buf, a) == 1) {
		*fam = FW_V6;
		maxbits = 128;
	} else {
		return -EINVAL;
	}
	bits = maxbits;
	if (slash) {
		const char *p = slash + 1;
		if (strchr(p, '.')) {
			/* iptables may print a netmask: 255.255.255.0 */
			uint8_t mask[4];
			uint32_t mv;
			if (*fam != FW_V4 || inet_pton(AF_INET, p, mask) != 1)
				return -EINVAL;
			mv = (uint32_t)mask[0] << 24 | (uint32_t)mask[1] << 16 | (uint32_t)mask[2] << 8 | mask[3];
			for (bits = 0; bits < 32 && (mv & (0x80000000u >> bits)); bits++)
				;
			if (bits < 32 && (mv << bits) != 0)
				return -EINVAL; /* not contiguous */
		} else {
			if (parse_u64(p, strlen(p), maxbits, &plen) < 0)
				return -EINVAL;
			bits = (unsigned)plen;
		}
	}
	if (*fam == FW_V4)
		bits += 96;
	memcpy(out->lo, a, 16);
	memcpy(out->hi, a, 16);
	for (i = bits; i < 128; i++) {
		out->lo[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
		out->hi[i / 8] |= (uint8_t)(0x80u >> (i % 8));
	}
	return 0;
}

/* ------------------------------------------------------------------ text */

static void fmt_addr(const uint8_t a[16], char *buf, size_t size)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	char tmp[INET6_ADDRSTRLEN];

	if (memcmp(a, mapped, 12) == 0)
		inet_ntop(AF_INET, a + 12, tmp, sizeof(tmp));
	else
		inet_ntop(AF_INET6, a, tmp, sizeof(tmp));
	snprintf(buf, size, "%s", tmp);
}

/* A prefix length when lo..hi is exactly one CIDR block, else -1. */
static int prefix_len(const struct fw_addr_range *r, bool v4)
{
	int i, bits = 128;

	for (i = 127; i >= 0; i--) {
		unsigned bit = 0x80u >> (i % 8);
		bool l = r->lo[i / 8] & bit, h = r->hi[i / 8] & bit;
		if (!l && h)
			bits = i;
		else
			break;
	}
	if (memcmp(r->lo, r->hi, 16) != 0) {
		for (i = 0; i < bits; i++) {
			unsigned bit = 0x80u >> (i % 8);
			if ((r->lo[i / 8] & bit) != (r->hi[i / 8] & bit))
				return -1;
		}
	}
	return v4 ? bits - 96 : bits;
}

static void add_addr_range(struct strbuf *sb, const struct fw_addr_range *r, bool v4)
{
	char a[64], b[64];
	int p = prefix_len(r, v4);

	fmt_addr(r->lo, a, sizeof(a));
	if (memcmp(r->lo, r->hi, 16) == 0) {
		strbuf_adds(sb, a);
	} else if (p >= 0) {
		strbuf_addf(sb, "%s/%d", a, p);
	} else {
		fmt_addr(r->hi, b, sizeof(b));
		strbuf_addf(sb, "%s-%s", a, b);
	}
}

static const char *l4_name(uint32_t p)
{
	switch (p) {
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 1:
		return "icmp";
	case 58:
		return "ipv6-icmp";
	case 132:
		return "sctp";
	}
	return NULL;
}

static void add_values(struct strbuf *sb, const struct fw_match *m)
{
	size_t i, shown = m->n < 8 ? m->n : 8;

	if (m->n > 1)
		strbuf_adds(sb, "{ ");
	for (i = 0; i < shown; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		if (m->nums) {
			const char *nm = m->field == FWM_L4PROTO && m->nums[i].lo == m->nums[i].hi ? l4_name(m->nums[i].lo) : NULL;
			if (m->field == FWM_FAMILY)
				strbuf_adds(sb, m->nums[i].lo == 4 ? "ipv4" : "ipv6");
			else if (nm)
				strbuf_adds(sb, nm);
			else if (m->nums[i].lo == m->nums[i].hi)
				strbuf_addf(sb, "%u", m->nums[i].lo);
			else
				strbuf_addf(sb, "%u-%u", m->nums[i].lo, m->nums[i].hi);
		} else if (m->addrs) {
			add_addr_range(sb, &m->addrs[i], m->fam == FW_V4);
		} else if (m->names) {
			strbuf_addf(sb, "\"%s\"", m->names[i]);
		}
	}
	if (m->n > shown)
		strbuf_addf(sb, ", ... (%zu more)", m->n - shown);
	if (m->n > 1)
		strbuf_adds(sb, " }");
}

static void add_ct(struct strbuf *sb, uint32_t bits)
{
	static const char *const names[] = { "new", "established", "related", "invalid", "untracked" };
	bool first = true;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (bits & (1u << i)) {
			strbuf_addf(sb, "%s%s", first ? "" : ",", names[i]);
			first = false;
		}
}

void fw_rule_describe(struct fw_rule *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < r->n_m; i++) {
		const struct fw_match *m = &r->m[i];
		const char *op = m->neg ? "!= " : "";

		if (sb.len)
			strbuf_addch(&sb, ' ');
		switch (m->field) {
		case FWM_UNKNOWN:
			strbuf_addf(&sb, "%s%s", m->neg ? "! " : "", m->what ? m->what : "?");
			continue;
		case FWM_FALSE:
		case FWM_TRUE:
			strbuf_adds(&sb, m->what ? m->what : (m->field == FWM_TRUE ? "(always)" : "(never)"));
			continue;
		case FWM_FAMILY:
			strbuf_addf(&sb, "meta nfproto %s", op);
			break;
		case FWM_L4PROTO:
			strbuf_addf(&sb, "meta l4proto %s", op);
			break;
		case FWM_DPORT:
		case FWM_SPORT:
			strbuf_addf(&sb, "%s %s %s", m->l4 ? l4_name(m->l4) : "th", m->field == FWM_DPORT ? "dport" : "sport", op);
			break;
		case FWM_SADDR:
		case FWM_DADDR:
			strbuf_addf(&sb, "%s %s %s", m->fam == FW_V4 ? "ip" : "ip6", m->field == FWM_SADDR ? "saddr" : "daddr", op);
			break;
		case FWM_IIF:
			strbuf_addf(&sb, "iifname %s", op);
			break;
		case FWM_CTSTATE:
			strbuf_addf(&sb, "ct state %s", op);
			add_ct(&sb, m->bits);
			continue;
		}
		add_values(&sb, m);
	}
	if (sb.len && r->verdict != FWV_NONE)
		strbuf_addch(&sb, ' ');
	switch (r->verdict) {
	case FWV_NONE:
		if (!sb.len)
			strbuf_adds(&sb, "(no verdict)");
		break;
	case FWV_ACCEPT:
		strbuf_adds(&sb, "accept");
		break;
	case FWV_DROP:
		strbuf_adds(&sb, r->reject ? "reject" : "drop");
		break;
	case FWV_JUMP:
		strbuf_addf(&sb, "jump %s", r->target ? r->target : "?");
		break;
	case FWV_GOTO:
		strbuf_addf(&sb, "goto %s", r->target ? r->target : "?");
		break;
	case FWV_RETURN:
		strbuf_adds(&sb, "return");
		break;
	case FWV_UNKNOWN:
		strbuf_adds(&sb, "(unknown verdict)");
		break;
	}
	if (sb.len > FW_TEXT_MAX)
		strbuf_setlen(&sb, FW_TEXT_MAX);
	free(r->text);
	r->text = strbuf_detach(&sb, NULL);
}

/* ------------------------------------------------------------------ evaluation */

struct probe {
	unsigned fam;
	uint8_t l4;
	uint16_t dport, sport;
	uint8_t saddr[16], daddr[16];
	const char *iif;
	uint32_t ct;
};

enum { O_ACCEPT = 1, O_DROP = 2, O_RETURN = 4, O_UNK = 8, O_CONT = 16, MEMO = 256 };
enum { M_FALSE, M_TRUE, M_UNKNOWN };

struct ectx {
	const struct fw_ruleset *rs;
	const struct probe *p;
	unsigned *memo;		/* per chain: 0 = not evaluated for this probe, else MEMO | outcome */
	size_t steps;
	bool budget_out;
	struct fw_evidence ev_accept, ev_drop, ev_unk;
	bool has_accept, has_drop, has_unk;
};

static bool in_addr(const struct fw_match *m, const uint8_t a[16])
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (memcmp(a, m->addrs[i].lo, 16) >= 0 && memcmp(a, m->addrs[i].hi, 16) <= 0)
			return true;
	return false;
}

static bool in_num(const struct fw_match *m, uint32_t v)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (v >= m->nums[i].lo && v <= m->nums[i].hi)
			return true;
	return false;
}

static bool iif_matches(const char *pat, const char *name)
{
	size_t l = strlen(pat);

	if (l && pat[l - 1] == '*')
		return strncmp(pat, name, l - 1) == 0;
	return strcmp(pat, name) == 0;
}

static int match_eval(const struct fw_match *m, const struct probe *p)
{
	bool hit = false;
	size_t i;

	switch (m->field) {
	case FWM_UNKNOWN:
		return M_UNKNOWN;
	case FWM_FALSE:
		return M_FALSE;
	case FWM_TRUE:
		return M_TRUE;
	case FWM_FAMILY:
		hit = in_num(m, p->fam == FW_V4 ? 4 : 6);
		break;
	case FWM_L4PROTO:
		hit = in_num(m, p->l4);
		break;
	case FWM_DPORT:
	case FWM_SPORT:
		if (m->l4 && m->l4 != p->l4)
			return M_FALSE; /* the header it reads is not there */
		hit = in_num(m, m->field == FWM_DPORT ? p->dport : p->sport);
		break;
	case FWM_SADDR:
	case FWM_DADDR:
		if (!(m->fam & p->fam))
			return M_FALSE;
		hit = in_addr(m, m->field == FWM_SADDR ? p->saddr : p->daddr);
		break;
	case FWM_IIF:
		for (i = 0; i < m->n && !hit; i++)
			hit = iif_matches(m->names[i], p->iif);
		break;
	case FWM_CTSTATE:
		hit = (m->bits & p->ct) != 0;
		break;
	}
	return (hit != m->neg) ? M_TRUE : M_FALSE;
}

static int rule_eval(const struct fw_rule *r, const struct probe *p)
{
	int res = M_TRUE;
	size_t i;

	for (i = 0; i < r->n_m; i++) {
		int v = match_eval(&r->m[i], p);
		if (v == M_FALSE)
			return M_FALSE;
		if (v == M_UNKNOWN)
			res = M_UNKNOWN;
	}
	return res;
}

static const struct fw_chain *find_chain(const struct fw_ruleset *rs, const struct fw_chain *from, const char *name)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		const struct fw_chain *c = &rs->chains[i];
		if (c->fam == from->fam && strcmp(c->name, name) == 0 && strcmp(c->table, from->table) == 0 &&
		    strcmp(c->source, from->source) == 0)
			return c;
	}
	return NULL;
}

static void note(struct fw_evidence *ev, bool *has, const struct fw_chain *c, const struct fw_rule *r)
{
	if (*has)
		return;
	ev->chain = c;
	ev->rule = r;
	*has = true;
}

static unsigned eval_chain(struct ectx *x, const struct fw_chain *c, unsigned depth);

static unsigned apply(struct ectx *x, const struct fw_chain *c, const struct fw_rule *r, unsigned depth)
{
	const struct fw_chain *t;
	unsigned res;

	switch (r->verdict) {
	case FWV_NONE:
		return O_CONT;
	case FWV_ACCEPT:
		note(&x->ev_accept, &x->has_accept, c, r);
		return O_ACCEPT;
	case FWV_DROP:
		note(&x->ev_drop, &x->has_drop, c, r);
		return O_DROP;
	case FWV_RETURN:
		return O_RETURN;
	case FWV_JUMP:
	case FWV_GOTO:
		t = r->target ? find_chain(x->rs, c, r->target) : NULL;
		if (!t || depth + 1 >= FW_MAX_JUMP_DEPTH)
			break;
		{
			size_t ti = (size_t)(t - x->rs->chains);
			if (x->memo[ti]) {
				res = x->memo[ti] & ~(unsigned)MEMO;
			} else {
				res = eval_chain(x, t, depth + 1);
				x->memo[ti] = MEMO | res;
			}
		}
		if (r->verdict == FWV_GOTO)
			return res;
		return (res & ~(unsigned)O_RETURN) | ((res & O_RETURN) ? O_CONT : 0);
	case FWV_UNKNOWN:
		break;
	}
	note(&x->ev_unk, &x->has_unk, c, r);
	return O_UNK;
}

static unsigned eval_chain(struct ectx *x, const struct fw_chain *c, unsigned depth)
{
	unsigned acc = 0;
	size_t i;

	for (i = 0; i < c->n_rules; i++) {
		const struct fw_rule *r = &c->rules[i];
		unsigned v;
		int m;

		if (++x->steps > FW_MAX_STEPS) {
			x->budget_out = true;
			return acc | O_UNK;
		}
		m = rule_eval(r, x->p);
		if (m == M_FALSE)
			continue;
		v = apply(x, c, r, depth);
		if (m == M_UNKNOWN) {
			if (v & ~(unsigned)O_CONT)
				note(&x->ev_unk, &x->has_unk, c, r);
			acc |= v & ~(unsigned)O_CONT;
			continue;
		}
		acc |= v & ~(unsigned)O_CONT;
		if (!(v & O_CONT))
			return acc;
	}
	return acc | O_RETURN;
}

static bool chain_applies(const struct fw_chain *c, unsigned fam)
{
	return c->base && c->filter && (c->hook == FWH_INPUT || c->hook == FWH_PREROUTING) && (c->fam & fam);
}

bool fw_has_input_filter(const struct fw_ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (chain_applies(&rs->chains[i], FW_V4 | FW_V6))
			return true;
	return false;
}

enum { P_ACCEPTED, P_DROPPED, P_UNCERTAIN };

/* One probe through every base chain that applies. */
static int eval_probe(struct ectx *x, const struct probe *p, struct fw_evidence *ev, size_t *n_chains)
{
	bool all_accept = true, have_ev = false;
	size_t i;

	*n_chains = 0;
	x->p = p;
	for (i = 0; i < x->rs->n; i++) {
		const struct fw_chain *c = &x->rs->chains[i];
		unsigned m;

		if (!chain_applies(c, p->fam))
			continue;
		(*n_chains)++;
		x->has_accept = x->has_drop = false;
		memset(x->memo, 0, x->rs->n * sizeof(*x->memo));
		m = eval_chain(x, c, 0);
		if (m & O_RETURN) {
			m &= ~(unsigned)O_RETURN;
			if (c->policy == FWV_DROP) {
				note(&x->ev_drop, &x->has_drop, c, NULL);
				m |= O_DROP;
			} else {
				note(&x->ev_accept, &x->has_accept, c, NULL);
				m |= O_ACCEPT;
			}
		}
		if (m == O_DROP) {
			*ev = x->ev_drop;
			return P_DROPPED;
		}
		if (m != O_ACCEPT)
			all_accept = false;
		else if (x->has_accept && (!have_ev || (!ev->rule && x->ev_accept.rule) ||
					   (ev->chain->hook != FWH_INPUT && c->hook == FWH_INPUT)))
			*ev = x->ev_accept, have_ev = true;
	}
	if (!*n_chains) {
		ev->chain = NULL;
		ev->rule = NULL;
	}
	return all_accept ? P_ACCEPTED : P_UNCERTAIN;
}

/* ---- probe generation */

struct alist {
	uint8_t (*v)[16];
	size_t n, alloc;
};

static bool is_loopback16(const uint8_t a[16])
{
	static const uint8_t lo6[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	return memcmp(a, lo6, 16) == 0 || (memcmp(a, mapped, 12) == 0 && a[12] == 127);
}

static bool is_mapped(const uint8_t a[16])
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	return memcmp(a, mapped, 12) == 0;
}

static void alist_add(struct alist *l, const uint8_t a[16], unsigned fam, size_t cap)
{
	size_t i;

	if (l->n >= cap || is_loopback16(a) || is_mapped(a) != (fam == FW_V4))
		return;
	for (i = 0; i < l->n; i++)
		if (memcmp(l->v[i], a, 16) == 0)
			return;
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	memcpy(l->v[l->n++], a, 16);
}

static void addr_step(uint8_t a[16], int delta)
{
	int i;

	for (i = 15; i >= 0; i--) {
		if (delta > 0) {
			if (++a[i] != 0)
				return;
		} else {
			if (a[i]-- != 0)
				return;
		}
	}
}

/* Boundary addresses of every range of field in the ruleset: lo, hi, lo-1, hi+1. */
static void collect_addrs(const struct fw_ruleset *rs, enum fw_field field, unsigned fam, struct alist *l, size_t cap)
{
	size_t c, r, m, k;

	for (c = 0; c < rs->n; c++)
		for (r = 0; r < rs->chains[c].n_rules; r++)
			for (m = 0; m < rs->chains[c].rules[r].n_m; m++) {
				const struct fw_match *mm = &rs->chains[c].rules[r].m[m];
				if (mm->field != field || !(mm->fam & fam))
					continue;
				for (k = 0; k < mm->n; k++) {
					uint8_t a[16];
					alist_add(l, mm->addrs[k].lo, fam, cap);
					alist_add(l, mm->addrs[k].hi, fam, cap);
					memcpy(a, mm->addrs[k].lo, 16);
					addr_step(a, -1);
					alist_add(l, a, fam, cap);
					memcpy(a, mm->addrs[k].hi, 16);
					addr_step(a, 1);
					alist_add(l, a, fam, cap);
				}
			}
}

struct nlist {
	uint32_t v[64];
	size_t n;
};

static void nlist_add(struct nlist *l, uint32_t v)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i] == v)
			return;
	if (l->n < ARRAY_SIZE(l->v))
		l->v[l->n++] = v;
}

struct slist {
	char v[64][32];
	size_t n;
};

static void slist_add(struct slist *l, const char *s)
{
	size_t i;

	if (strcmp(s, "lo") == 0)
		return; /* traffic from outside never arrives on lo */
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return;
	if (l->n < ARRAY_SIZE(l->v))
		snprintf(l->v[l->n++], sizeof(l->v[0]), "%s", s);
}

static void collect_misc(const struct fw_ruleset *rs, struct nlist *sports, struct slist *iifs)
{
	size_t c, r, m, k;

	for (c = 0; c < rs->n; c++)
		for (r = 0; r < rs->chains[c].n_rules; r++)
			for (m = 0; m < rs->chains[c].rules[r].n_m; m++) {
				const struct fw_match *mm = &rs->chains[c].rules[r].m[m];
				for (k = 0; k < mm->n; k++) {
					if (mm->field == FWM_SPORT) {
						nlist_add(sports, mm->nums[k].lo);
						nlist_add(sports, mm->nums[k].hi);
						if (mm->nums[k].lo > 0)
							nlist_add(sports, mm->nums[k].lo - 1);
						if (mm->nums[k].hi < 65535)
							nlist_add(sports, mm->nums[k].hi + 1);
					} else if (mm->field == FWM_IIF) {
						char name[32];
						size_t l = strlen(mm->names[k]);
						snprintf(name, sizeof(name), "%s", mm->names[k]);
						if (l && l < sizeof(name) - 1 && name[l - 1] == '*') {
							name[l - 1] = '0';
							name[l] = '\0';
						}
						slist_add(iifs, name);
					}
				}
			}
}

static void addr4(uint8_t a[16], uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3)
{
	memset(a, 0, 16);
	a[10] = a[11] = 0xff;
	a[12] = b0, a[13] = b1, a[14] = b2, a[15] = b3;
}

static void addr6(uint8_t a[16], uint16_t w0, uint16_t w7)
{
	memset(a, 0, 16);
	a[0] = (uint8_t)(w0 >> 8), a[1] = (uint8_t)w0;
	a[14] = (uint8_t)(w7 >> 8), a[15] = (uint8_t)w7;
}

static void add_ev(struct fw_verdict_info *out, const struct fw_evidence *e)
{
	size_t i;

	for (i = 0; i < out->n_ev; i++)
		if (out->ev[i].chain == e->chain && out->ev[i].rule == e->rule)
			return;
	if (out->n_ev < FW_EVIDENCE_MAX)
		out->ev[out->n_ev++] = *e;
}

int fw_evaluate(const struct fw_ruleset *rs, const struct fw_target *t, struct fw_verdict_info *out, struct err *err)
{
	struct fw_verdict_info info;
	struct fw_evidence acc_ev[FW_EVIDENCE_MAX], drop_ev = { 0 }, unk_ev[FW_EVIDENCE_MAX];
	size_t n_acc = 0, n_unk = 0, n_accepted = 0, n_dropped = 0, n_uncertain = 0;
	unsigned fams[2];
	size_t n_fams = 0, f;
	struct ectx x;
	bool has_drop_ev = false;

	memset(&info, 0, sizeof(info));
	memset(&x, 0, sizeof(x));
	x.rs = rs;
	if (t->l4 != 6 && t->l4 != 17)
		return err_set(err, -EINVAL, "only TCP and UDP sockets can be evaluated");
	x.memo = xcalloc(rs->n ? rs->n : 1, sizeof(*x.memo));
	if (t->family == 4 || (t->family == 6 && is_mapped(t->addr))) {
		fams[n_fams++] = FW_V4;
	} else {
		fams[n_fams++] = FW_V6;
		if (t->any && t->dual)
			fams[n_fams++] = FW_V4;
	}
	for (f = 0; f < n_fams; f++) {
		unsigned fam = fams[f];
		struct alist src = { 0 }, dst = { 0 };
		struct nlist sports = { .n = 0 };
		struct slist iifs = { .n = 0 };
		uint8_t a[16];
		size_t i, j, k, l;

		collect_addrs(rs, FWM_SADDR, fam, &src, 256);
		collect_misc(rs, &sports, &iifs);
		nlist_add(&sports, 40000);
		slist_add(&iifs, "kyuka-other0");
		if (fam == FW_V4) {
			addr4(a, 203, 0, 113, 10);
			alist_add(&src, a, fam, 258);
			addr4(a, 192, 168, 1, 10);
			alist_add(&src, a, fam, 258);
		} else {
			addr6(a, 0x2001, 0x10);
			a[2] = 0x0d, a[3] = 0xb8;
			alist_add(&src, a, fam, 258);
			addr6(a, 0xfe80, 0x10);
			alist_add(&src, a, fam, 258);
		}
		if (!t->any) {
			memset(a, 0, 16);
			if (t->family == 4) {
				a[10] = a[11] = 0xff;
				memcpy(a + 12, t->addr, 4);
			} else {
				memcpy(a, t->addr, 16);
			}
			ALLOC_GROW(dst.v, 1, dst.alloc);
			memcpy(dst.v[0], a, 16);
			dst.n = 1;
		} else {
			collect_addrs(rs, FWM_DADDR, fam, &dst, 64);
			if (fam == FW_V4)
				addr4(a, 198, 51, 100, 1);
			else {
				addr6(a, 0x2001, 0x1);
				a[2] = 0x0d, a[3] = 0xb8, a[4] = 0, a[5] = 1;
			}
			alist_add(&dst, a, fam, 65);
		}
		if (st_mult(st_mult(src.n, dst.n), st_mult(sports.n, iifs.n)) + info.n_probes > FW_MAX_PROBES) {
			free(src.v);
			free(dst.v);
			free(x.memo);
			info.result = FWR_UNCERTAIN;
			info.n_ev = 0;
			*out = info;
			return 0;
		}
		for (i = 0; i < src.n; i++)
			for (j = 0; j < dst.n; j++)
				for (k = 0; k < sports.n; k++)
					for (l = 0; l < iifs.n; l++) {
						struct probe p = { .fam = fam, .l4 = t->l4, .dport = t->port,
								   .sport = (uint16_t)sports.v[k], .iif = iifs.v[l],
								   .ct = FW_CT_NEW };
						struct fw_evidence ev = { 0 };
						size_t nc;
						int r;

						memcpy(p.saddr, src.v[i], 16);
						memcpy(p.daddr, dst.v[j], 16);
						x.has_unk = false;
						r = eval_probe(&x, &p, &ev, &nc);
						info.n_probes++;
						if (nc > info.n_chains)
							info.n_chains = nc;
						if (r == P_DROPPED) {
							n_dropped++;
							if (!has_drop_ev) {
								drop_ev = ev;
								has_drop_ev = true;
							}
							add_ev(&info, &ev);
						} else if (r == P_ACCEPTED) {
							size_t e;
							n_accepted++;
							for (e = 0; e < n_acc; e++)
								if (acc_ev[e].chain == ev.chain && acc_ev[e].rule == ev.rule)
									break;
							if (e == n_acc && n_acc < FW_EVIDENCE_MAX)
								acc_ev[n_acc++] = ev;
						} else {
							n_uncertain++;
							if (x.has_unk && n_unk < FW_EVIDENCE_MAX) {
								size_t e;
								for (e = 0; e < n_unk; e++)
									if (unk_ev[e].rule == x.ev_unk.rule)
										break;
								if (e == n_unk)
									unk_ev[n_unk++] = x.ev_unk;
							}
						}
					}
		free(src.v);
		free(dst.v);
	}
	free(x.memo);
	if (n_uncertain) {
		info.result = FWR_UNCERTAIN;
		info.n_ev = n_unk;
		memcpy(info.ev, unk_ev, n_unk * sizeof(*unk_ev));
	} else if (n_accepted && n_dropped) {
		info.result = FWR_RESTRICTED;
		info.n_ev = n_acc;
		memcpy(info.ev, acc_ev, n_acc * sizeof(*acc_ev));
		info.drop_ev = drop_ev;
		info.has_drop_ev = true;
	} else if (n_accepted) {
		info.result = FWR_OPEN;
		info.n_ev = n_acc;
		memcpy(info.ev, acc_ev, n_acc * sizeof(*acc_ev));
	} else {
		info.result = FWR_FILTERED;
	}
	*out = info;
	return 0;
}

void fw_evidence_format(const struct fw_evidence *e, char *buf, size_t size)
{
	const char *fam;

	if (!e->chain) {
		snprintf(buf, size, "no input filter chain");
		return;
	}
	fam = e->chain->fam == (FW_V4 | FW_V6) ? "inet" : e->chain->fam == FW_V4 ? "ip" : "ip6";
	if (strcmp(e->chain->source, "nftables") != 0)
		fam = e->chain->source;
	if (!e->rule)
		snprintf(buf, size, "%s %s %s: policy %s", fam, e->chain->table, e->chain->name,
			 e->chain->policy == FWV_DROP ? "drop" : "accept");
	else
		snprintf(buf, size, "%s %s %s: %s", fam, e->chain->table, e->chain->name,
			 e->rule->text ? e->rule->text : "?");
}

const char *fw_result_name(enum fw_result r)
{
	switch (r) {
	case FWR_OPEN:
		return "open";
	case FWR_FILTERED:
		return "filtered";
	case FWR_RESTRICTED:
		return "restricted";
	case FWR_UNCERTAIN:
		return "uncertain";
	}
	return "?";
}
