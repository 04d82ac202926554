/*
 * The evaluation of parse/fwmodel.h: probe packets through the base chains.
 * Split from fwmodel.c (building and text) to keep each file readable.
 */
#include "parse/fwmodel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

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
