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
