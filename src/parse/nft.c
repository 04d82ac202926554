#include "parse/nft.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "parse/strictjson.h"

#include "util/num.h"
#include "util/xalloc.h"

#define SRC "nftables"

struct named_set {
	const char *family, *table, *name;
	struct json_object *elem;	/* borrowed from the document */
	bool dynamic;
};

struct nctx {
	struct fw_ruleset *rs;
	struct named_set *sets;
	size_t n_sets, alloc_sets;
	unsigned xt;
	const char *family, *table;	/* of the rule being read (named sets are per table) */
};

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *get_str(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static bool get_int(struct json_object *o, const char *key, int64_t *out)
{
	struct json_object *v = get(o, key);

	if (!v || !json_object_is_type(v, json_type_int))
		return false;
	*out = json_object_get_int64(v);
	return true;
}

static unsigned family_mask(const char *f)
{
	if (!f)
		return 0;
	if (!strcmp(f, "ip"))
		return FW_V4;
	if (!strcmp(f, "ip6"))
		return FW_V6;
	if (!strcmp(f, "inet"))
		return FW_V4 | FW_V6;
	return 0; /* arp, bridge, netdev: not on the IP input path */
}

/* The single key of a one-key object ({"accept": null}), or NULL. */
static const char *only_key(struct json_object *o, struct json_object **val)
{
	struct json_object_iterator it, end;

	if (!o || !json_object_is_type(o, json_type_object) || json_object_object_length(o) != 1)
		return NULL;
	it = json_object_iter_begin(o);
	end = json_object_iter_end(o);
	if (json_object_iter_equal(&it, &end))
		return NULL;
	*val = json_object_iter_peek_value(&it);
	return json_object_iter_peek_name(&it);
}

/* ---- values */

static const struct {
	const char *name;
	uint32_t num;
} l4protos[] = {
	{ "tcp", 6 }, { "udp", 17 }, { "icmp", 1 }, { "ipv6-icmp", 58 }, { "icmpv6", 58 }, { "sctp", 132 },
	{ "udplite", 136 }, { "dccp", 33 }, { "gre", 47 }, { "esp", 50 }, { "ah", 51 }, { "igmp", 2 },
	{ "ipip", 4 }, { "ipv6", 41 },
};

static bool ct_bit(const char *s, uint32_t *bit)
{
	static const char *const names[] = { "new", "established", "related", "invalid", "untracked" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i])) {
			*bit = 1u << i;
			return true;
		}
	return false;
}

static bool num_of(struct fw_match *m, struct json_object *v, uint32_t *out)
{
	const char *s;
	uint64_t u;
	size_t i;

	if (json_object_is_type(v, json_type_int)) {
		int64_t x = json_object_get_int64(v);
		if (x < 0 || x > UINT32_MAX)
			return false;
		*out = (uint32_t)x;
		return true;
	}
	if (!json_object_is_type(v, json_type_string))
		return false;
	s = json_object_get_string(v);
	if (m->field == FWM_L4PROTO)
		for (i = 0; i < ARRAY_SIZE(l4protos); i++)
			if (!strcmp(s, l4protos[i].name)) {
				*out = l4protos[i].num;
				return true;
			}
	if (m->field == FWM_FAMILY) {
		if (!strcmp(s, "ipv4") || !strcmp(s, "ip")) {
			*out = 4;
			return true;
		}
		if (!strcmp(s, "ipv6") || !strcmp(s, "ip6")) {
			*out = 6;
			return true;
		}
		return false;
	}
	if (parse_u64(s, strlen(s), UINT32_MAX, &u) < 0)
		return false;
	*out = (uint32_t)u;
	return true;
}

static bool addr_of(struct fw_match *m, struct json_object *v, struct fw_addr_range *out)
{
	unsigned fam;

	if (json_object_is_type(v, json_type_string)) {
		const char *s = json_object_get_string(v);
		if (fw_addr_parse(s, strlen(s), &fam, out) < 0 || fam != m->fam)
			return false;
		return true;
	}
	if (get(v, "prefix")) {
		struct json_object *p = get(v, "prefix");
		const char *a = get_str(p, "addr");
		int64_t len;
		char buf[80];
		if (!a || !get_int(p, "len", &len) || len < 0 || len > 128)
			return false;
		snprintf(buf, sizeof(buf), "%s/%d", a, (int)len);
		return fw_addr_parse(buf, strlen(buf), &fam, out) == 0 && fam == m->fam;
	}
	return false;
}

static bool add_value(struct nctx *c, struct fw_match *m, struct json_object *v, int depth);

/* A named set's elements. */
static bool add_set_ref(struct nctx *c, struct fw_match *m, const char *family, const char *table, const char *name,
			int depth)
{
	size_t i, j;

	for (i = 0; i < c->n_sets; i++) {
		struct named_set *s = &c->sets[i];
		if (strcmp(s->name, name) || strcmp(s->table, table) || strcmp(s->family, family))
			continue;
		if (s->dynamic)
			return false; /* filled by packets at run time */
		if (!s->elem)
			return true;  /* empty set */
		if (!json_object_is_type(s->elem, json_type_array))
			return add_value(c, m, s->elem, depth + 1);
		for (j = 0; j < json_object_array_length(s->elem); j++)
			if (!add_value(c, m, json_object_array_get_idx(s->elem, j), depth + 1))
				return false;
		return true;
	}
	return false;
}

static bool add_value(struct nctx *c, struct fw_match *m, struct json_object *v, int depth)
{
	struct json_object *x;
	size_t i;

	if (!v || depth > 8)
		return false;
	if ((x = get(v, "elem")))
		return add_value(c, m, get(x, "val"), depth + 1);
	if (json_object_is_type(v, json_type_array) || (x = get(v, "set"))) {
		struct json_object *arr = json_object_is_type(v, json_type_array) ? v : x;
		if (!json_object_is_type(arr, json_type_array))
			return add_value(c, m, arr, depth + 1);
		for (i = 0; i < json_object_array_length(arr); i++)
			if (!add_value(c, m, json_object_array_get_idx(arr, i), depth + 1))
				return false;
		return true;
	}
	if (json_object_is_type(v, json_type_string) && json_object_get_string(v)[0] == '@')
		return c->family && add_set_ref(c, m, c->family, c->table, json_object_get_string(v) + 1, depth);
	switch (m->field) {
	case FWM_FAMILY:
	case FWM_L4PROTO:
	case FWM_DPORT:
	case FWM_SPORT: {
		uint32_t a, b;
		if ((x = get(v, "range"))) {
			if (!json_object_is_type(x, json_type_array) || json_object_array_length(x) != 2 ||
			    !num_of(m, json_object_array_get_idx(x, 0), &a) ||
			    !num_of(m, json_object_array_get_idx(x, 1), &b))
				return false;
			fw_match_num(m, a, b);
			return true;
		}
		if (!num_of(m, v, &a))
			return false;
		fw_match_num(m, a, a);
		return true;
	}
	case FWM_SADDR:
	case FWM_DADDR: {
		struct fw_addr_range r, r2;
		if ((x = get(v, "range"))) {
			if (!json_object_is_type(x, json_type_array) || json_object_array_length(x) != 2 ||
			    !addr_of(m, json_object_array_get_idx(x, 0), &r) ||
			    !addr_of(m, json_object_array_get_idx(x, 1), &r2))
				return false;
			fw_match_addr(m, r.lo, r2.hi);
			return true;
		}
		if (!addr_of(m, v, &r))
			return false;
		fw_match_addr(m, r.lo, r.hi);
		return true;
	}
	case FWM_IIF:
		if (!json_object_is_type(v, json_type_string))
			return false;
		fw_match_name(m, json_object_get_string(v), strlen(json_object_get_string(v)));
		return true;
	case FWM_CTSTATE: {
		uint32_t bit;
		if (!json_object_is_type(v, json_type_string) || !ct_bit(json_object_get_string(v), &bit))
			return false;
		m->bits |= bit;
		return true;
	}
	default:
		return false;
	}
}

/* ---- matches */

static void unknown(struct fw_rule *r, const char *what)
{
	struct fw_match *m = fw_match_add(r, FWM_UNKNOWN);
	m->what = xstrdup(what);
}

static uint8_t l4_of_proto(const char *p)
{
	if (!strcmp(p, "tcp"))
		return 6;
	if (!strcmp(p, "udp"))
		return 17;
	if (!strcmp(p, "sctp"))
		return 132;
	if (!strcmp(p, "dccp"))
		return 33;
	if (!strcmp(p, "udplite"))
		return 136;
	return 0;
}

/* The match for a left-hand expression; NULL after adding an unknown or constant match itself. */
static struct fw_match *left_match(struct fw_rule *r, struct json_object *left, bool *pkttype)
{
	struct json_object *p;
	const char *key, *proto, *field;
	char what[96];

	*pkttype = false;
	if ((p = get(left, "payload"))) {
		proto = get_str(p, "protocol");
		field = get_str(p, "field");
		if (!proto || !field) {
			unknown(r, "raw payload");
			return NULL;
		}
		if (!strcmp(field, "dport") || !strcmp(field, "sport")) {
			if (!strcmp(proto, "th") || l4_of_proto(proto)) {
				struct fw_match *m = fw_match_add(r, field[0] == 'd' ? FWM_DPORT : FWM_SPORT);
				m->l4 = l4_of_proto(proto);
				return m;
			}
		}
		if (!strcmp(proto, "ip") || !strcmp(proto, "ip6")) {
			unsigned fam = proto[2] == '6' ? FW_V6 : FW_V4;
			if (!strcmp(field, "saddr") || !strcmp(field, "daddr")) {
				struct fw_match *m = fw_match_add(r, field[0] == 's' ? FWM_SADDR : FWM_DADDR);
				m->fam = (uint8_t)fam;
				return m;
			}
			fw_match_num(fw_match_add(r, FWM_FAMILY), fam == FW_V4 ? 4 : 6, fam == FW_V4 ? 4 : 6);
			if (!strcmp(field, "protocol") || !strcmp(field, "nexthdr"))
				return fw_match_add(r, FWM_L4PROTO);
		} else if (!strcmp(proto, "icmp") || !strcmp(proto, "icmpv6") || !strcmp(proto, "igmp") ||
			   !strcmp(proto, "esp") || !strcmp(proto, "ah") || !strcmp(proto, "gre")) {
			struct fw_match *m = fw_match_add(r, FWM_FALSE);
			snprintf(what, sizeof(what), "%s %s", proto, field);
			m->what = xstrdup(what);
			return NULL;
		} else if (l4_of_proto(proto)) {
			uint8_t l4 = l4_of_proto(proto);
			fw_match_num(fw_match_add(r, FWM_L4PROTO), l4, l4);
		}
		snprintf(what, sizeof(what), "%s %s", proto, field);
		unknown(r, what);
		return NULL;
	}
	if ((p = get(left, "meta"))) {
		key = get_str(p, "key");
		if (key && !strcmp(key, "l4proto"))
			return fw_match_add(r, FWM_L4PROTO);
		if (key && (!strcmp(key, "nfproto") || !strcmp(key, "protocol")))
			return fw_match_add(r, FWM_FAMILY);
		if (key && (!strcmp(key, "iifname") || !strcmp(key, "iif")))
			return fw_match_add(r, FWM_IIF);
		if (key && !strcmp(key, "pkttype")) {
			*pkttype = true;
			return fw_match_add(r, FWM_IIF); /* names, turned into TRUE/FALSE by the caller */
		}
		snprintf(what, sizeof(what), "meta %s", key ? key : "?");
		unknown(r, what);
		return NULL;
	}
	if ((p = get(left, "ct"))) {
		key = get_str(p, "key");
		if (key && !strcmp(key, "state") && !get(p, "dir"))
			return fw_match_add(r, FWM_CTSTATE);
		if (key && !strcmp(key, "status") && !get(p, "dir")) {
			/* names, settled by the caller: a connection to this host itself is not DNATed */
			*pkttype = true;
			return fw_match_add(r, FWM_IIF);
		}
		snprintf(what, sizeof(what), "ct %s", key ? key : "?");
		unknown(r, what);
		return NULL;
	}
	if ((p = get(left, "fib"))) {
		struct json_object *flags = get(p, "flags");
		const char *res = get_str(p, "result");
		if (res && !strcmp(res, "type") && flags && json_object_is_type(flags, json_type_array) &&
		    json_object_array_length(flags) == 1 &&
		    json_object_is_type(json_object_array_get_idx(flags, 0), json_type_string) &&
		    !strcmp(json_object_get_string(json_object_array_get_idx(flags, 0)), "daddr")) {
			*pkttype = true; /* "local" decides, like pkttype "host" */
			return fw_match_add(r, FWM_IIF);
		}
		unknown(r, "fib");
		return NULL;
	}
	{
		struct json_object *val;
		const char *k = only_key(left, &val);
		snprintf(what, sizeof(what), "%s expression", k ? k : "complex");
		unknown(r, what);
	}
	return NULL;
}

/* The last match of r was filled by names; for pkttype/fib it becomes TRUE or FALSE. */
static void settle_constant(struct fw_rule *r)
{
	struct fw_match *m = &r->m[r->n_m - 1];
	bool hit = false, unknown_name = false;
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (!strcmp(m->names[i], "host") || !strcmp(m->names[i], "local"))
			hit = true;
		else if (strcmp(m->names[i], "dnat") && strcmp(m->names[i], "snat") && strcmp(m->names[i], "broadcast") &&
			 strcmp(m->names[i], "multicast") && strcmp(m->names[i], "unicast") &&
			 strcmp(m->names[i], "other") && strcmp(m->names[i], "anycast") && strcmp(m->names[i], "blackhole") &&
			 strcmp(m->names[i], "unreachable") && strcmp(m->names[i], "prohibit") && strcmp(m->names[i], "unspec"))
			unknown_name = true; /* e.g. ct status assured: depends on the connection */
		free(m->names[i]);
	}
	if (unknown_name) {
		free(m->names);
		m->names = NULL;
		m->n = 0;
		m->field = FWM_UNKNOWN;
		m->neg = false;
		m->what = xstrdup("ct status, pkttype or fib type");
		return;
	}
	free(m->names);
	m->names = NULL;
	m->n = 0;
	m->field = (hit != m->neg) ? FWM_TRUE : FWM_FALSE;
	m->neg = false;
	m->what = xstrdup(hit ? "pkttype host / fib daddr type local" : "ct status dnat / pkttype or fib type (other)");
}

static void parse_match(struct nctx *c, struct fw_rule *r, struct json_object *mo)
{
	const char *op = get_str(mo, "op");
	struct json_object *right = get(mo, "right");
	struct fw_match *m;
	bool pkttype;
	size_t before = r->n_m;

	m = left_match(r, get(mo, "left"), &pkttype);
	if (!m)
		return;
	if (!op)
		op = "==";
	if (!strcmp(op, "!="))
		m->neg = true;
	if (!strcmp(op, "<") || !strcmp(op, ">") || !strcmp(op, "<=") || !strcmp(op, ">=")) {
		uint32_t v;
		if ((m->field == FWM_DPORT || m->field == FWM_SPORT) && num_of(m, right, &v)) {
			if (op[0] == '<')
				fw_match_num(m, 0, op[1] == '=' ? v : (v ? v - 1 : 0));
			else
				fw_match_num(m, op[1] == '=' ? v : v + 1, 65535);
			if (!strcmp(op, "<") && v == 0)
				m->field = FWM_FALSE;
			return;
		}
		goto unknown_value;
	}
	if (strcmp(op, "==") && strcmp(op, "!=") && strcmp(op, "in"))
		goto unknown_value;
	if (!add_value(c, m, right, 0))
		goto unknown_value;
	if (pkttype)
		settle_constant(r);
	return;
unknown_value:
	/* turn what was added for this expression into one unknown match */
	while (r->n_m > before) {
		r->n_m--;
		free(r->m[r->n_m].nums);
		free(r->m[r->n_m].addrs);
		for (size_t i = 0; r->m[r->n_m].names && i < r->m[r->n_m].n; i++)
			free(r->m[r->n_m].names[i]);
		free(r->m[r->n_m].names);
		free(r->m[r->n_m].what);
	}
	unknown(r, "match on a value kyuka does not model");
}

/* Statements that neither match nor decide. */
static bool is_noop(const char *k)
{
	static const char *const noop[] = { "counter", "log", "mangle", "notrack", "set", "map", "ct helper",
					    "ct timeout", "ct expectation", "secmark", "flow", "dup", "meta",
					    "ct", "comment" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(noop); i++)
		if (!strcmp(k, noop[i]))
			return true;
	return false;
}

static bool verdict_of(const char *k, struct json_object *v, struct fw_rule *r)
{
	if (!strcmp(k, "accept"))
		r->verdict = FWV_ACCEPT;
	else if (!strcmp(k, "drop") || !strcmp(k, "reject")) {
		r->verdict = FWV_DROP;
		r->reject = k[0] == 'r';
	}
	else if (!strcmp(k, "return"))
		r->verdict = FWV_RETURN;
	else if (!strcmp(k, "continue"))
		r->verdict = FWV_NONE;
	else if (!strcmp(k, "jump") || !strcmp(k, "goto")) {
		const char *t = get_str(v, "target");
		r->verdict = t ? (k[0] == 'j' ? FWV_JUMP : FWV_GOTO) : FWV_UNKNOWN;
		free(r->target);
		r->target = t ? xstrdup(t) : NULL;
	} else if (!strcmp(k, "queue"))
		r->verdict = FWV_UNKNOWN;
	else
		return false;
	return true;
}

/*
 * Fills r from exprs[0..upto) (all of it when upto is SIZE_MAX). Returns the
 * index of a vmap statement when it meets one, else SIZE_MAX.
 */
static size_t fill_rule(struct nctx *c, struct fw_rule *r, struct json_object *exprs, size_t upto)
{
	size_t i, n = json_object_array_length(exprs);

	for (i = 0; i < n && i < upto; i++) {
		struct json_object *e = json_object_array_get_idx(exprs, i), *v = NULL;
		const char *k = only_key(e, &v);

		if (!k) {
			unknown(r, "expression");
			continue;
		}
		if (!strcmp(k, "match"))
			parse_match(c, r, v);
		else if (!strcmp(k, "vmap"))
			return i;
		else if (verdict_of(k, v, r))
			;
		else if (!strcmp(k, "xt")) {
			const char *type = get_str(v, "type"), *name = get_str(v, "name");
			char what[96];
			c->xt |= 1;
			if (type && name && !strcmp(type, "match") && !strcmp(name, "comment"))
				continue;
			if (type && name && !strcmp(type, "target")) {
				if (!strcmp(name, "REJECT")) {
					r->verdict = FWV_DROP;
					r->reject = true;
				}
				else if (strcmp(name, "LOG") && strcmp(name, "NFLOG"))
					r->verdict = FWV_UNKNOWN;
				continue;
			}
			snprintf(what, sizeof(what), "xt %s %s", type ? type : "?", name ? name : "?");
			unknown(r, what);
		} else if (!is_noop(k)) {
			char what[96];
			snprintf(what, sizeof(what), "%s", k);
			unknown(r, what);
		}
	}
	return SIZE_MAX;
}

/* Index of a vmap statement in exprs, or SIZE_MAX. */
static size_t find_vmap(struct json_object *exprs)
{
	size_t i, n = json_object_array_length(exprs);

	for (i = 0; i < n; i++) {
		struct json_object *v;
		const char *k = only_key(json_object_array_get_idx(exprs, i), &v);
		if (k && !strcmp(k, "vmap"))
			return i;
	}
	return SIZE_MAX;
}

/* A verdict map: one rule per entry, each matching the key against that entry. */
static void parse_vmap(struct nctx *c, struct fw_chain *ch, struct json_object *exprs, size_t vm, uint64_t handle)
{
	struct json_object *vmap = get(json_object_array_get_idx(exprs, vm), "vmap");
	struct json_object *data = get(get(vmap, "data"), "set");
	struct json_object *key = get(vmap, "key");
	struct fw_rule *r;
	size_t i;

	if (!key || !data || !json_object_is_type(data, json_type_array)) {
		r = fw_rule_add(c->rs, ch);
		if (!r)
			return;
		r->handle = handle;
		fill_rule(c, r, exprs, vm);
		unknown(r, "verdict map");
		r->verdict = FWV_UNKNOWN;
		fw_rule_describe(r);
		return;
	}
	for (i = 0; i < json_object_array_length(data); i++) {
		struct json_object *pair = json_object_array_get_idx(data, i), *vv, *vval = NULL, *mo;
		const char *vname;

		if (!json_object_is_type(pair, json_type_array) || json_object_array_length(pair) != 2)
			continue;
		vv = json_object_array_get_idx(pair, 1);
		r = fw_rule_add(c->rs, ch);
		if (!r)
			return;
		r->handle = handle;
		fill_rule(c, r, exprs, vm);
		mo = json_object_new_object();
		if (!mo)
			return;
		json_object_object_add(mo, "op", json_object_new_string("=="));
		json_object_object_add(mo, "left", json_object_get(key));
		json_object_object_add(mo, "right", json_object_get(json_object_array_get_idx(pair, 0)));
		parse_match(c, r, mo);
		json_object_put(mo);
		vname = only_key(vv, &vval);
		if (!vname || !verdict_of(vname, vval, r))
			r->verdict = FWV_UNKNOWN;
		fw_rule_describe(r);
	}
}

static void parse_rule(struct nctx *c, struct json_object *ro, size_t idx)
{
	const char *family = get_str(ro, "family"), *table = get_str(ro, "table"), *chain = get_str(ro, "chain");
	struct json_object *exprs = get(ro, "expr");
	unsigned fam = family_mask(family);
	struct fw_chain *ch;
	struct fw_rule *r;
	int64_t handle = 0;
	size_t vm;

	if (!family || !table || !chain || !exprs || !json_object_is_type(exprs, json_type_array)) {
		parse_bad_add(&c->rs->bad, idx, "rule without family, table, chain or expr");
		return;
	}
	if (!fam)
		return;
	ch = fw_chain_find(c->rs, SRC, table, fam, chain);
	if (!ch) {
		parse_bad_add(&c->rs->bad, idx, "rule of an unknown chain");
		return;
	}
	(void)get_int(ro, "handle", &handle);
	c->family = family;
	c->table = table;
	vm = find_vmap(exprs);
	if (vm != SIZE_MAX) {
		parse_vmap(c, ch, exprs, vm, (uint64_t)handle);
	} else if ((r = fw_rule_add(c->rs, ch))) {
		r->handle = (uint64_t)handle;
		fill_rule(c, r, exprs, SIZE_MAX);
		fw_rule_describe(r);
	} else {
		parse_bad_add(&c->rs->bad, idx, "too many rules");
	}
	c->family = c->table = NULL;
}

static void parse_chain(struct nctx *c, struct json_object *co, size_t idx)
{
	const char *family = get_str(co, "family"), *table = get_str(co, "table"), *name = get_str(co, "name");
	const char *type = get_str(co, "type"), *hook = get_str(co, "hook"), *policy = get_str(co, "policy");
	unsigned fam = family_mask(family);
	struct fw_chain *ch;
	int64_t prio = 0;

	if (!family || !table || !name) {
		parse_bad_add(&c->rs->bad, idx, "chain without family, table or name");
		return;
	}
	if (!fam || fw_chain_find(c->rs, SRC, table, fam, name))
		return;
	ch = fw_chain_add(c->rs, SRC, table, name, fam);
	if (!ch) {
		parse_bad_add(&c->rs->bad, idx, "too many chains");
		return;
	}
	if (hook) {
		ch->base = true;
		ch->filter = type && !strcmp(type, "filter");
		ch->hook = !strcmp(hook, "input") ? FWH_INPUT : !strcmp(hook, "prerouting") ? FWH_PREROUTING : FWH_OTHER;
		(void)get_int(co, "prio", &prio);
		ch->prio = prio < INT_MIN ? INT_MIN : prio > INT_MAX ? INT_MAX : (int)prio;
		ch->policy = policy && !strcmp(policy, "drop") ? FWV_DROP : FWV_ACCEPT;
	}
}

static void parse_set(struct nctx *c, struct json_object *so)
{
	struct named_set *s;
	struct json_object *flags = get(so, "flags");
	size_t i;

	if (!get_str(so, "family") || !get_str(so, "table") || !get_str(so, "name"))
		return;
	ALLOC_GROW(c->sets, c->n_sets + 1, c->alloc_sets);
	s = &c->sets[c->n_sets++];
	s->family = get_str(so, "family");
	s->table = get_str(so, "table");
	s->name = get_str(so, "name");
	s->elem = get(so, "elem");
	s->dynamic = false;
	if (flags && json_object_is_type(flags, json_type_array))
		for (i = 0; i < json_object_array_length(flags); i++) {
			struct json_object *f = json_object_array_get_idx(flags, i);
			if (json_object_is_type(f, json_type_string) &&
			    (!strcmp(json_object_get_string(f), "dynamic") || !strcmp(json_object_get_string(f), "timeout")))
				s->dynamic = true;
		}
}

static bool table_has_xt(const struct fw_ruleset *rs, const char *table, unsigned fam)
{
	size_t i, j, k;

	for (i = 0; i < rs->n; i++) {
		const struct fw_chain *ch = &rs->chains[i];
		if (ch->fam != fam || strcmp(ch->table, table))
			continue;
		for (j = 0; j < ch->n_rules; j++)
			for (k = 0; k < ch->rules[j].n_m; k++)
				if (ch->rules[j].m[k].what && !strncmp(ch->rules[j].m[k].what, "xt ", 3))
					return true;
	}
	return false;
}

int nft_parse(const char *buf, size_t len, struct fw_ruleset *out, unsigned *xt_tables, struct err *err)
{
	struct nctx c = { 0 };
	struct fw_ruleset rs = { 0 };
	struct json_object *doc = NULL, *arr;
	struct err e;
	size_t i, n;
	int ret = 0;

	if (!buf || !len)
		return err_set(err, -EINVAL, "empty nft ruleset");
	if (memchr(buf, '\0', len))
		return err_set(err, -EINVAL, "nft ruleset holds a NUL byte");
	ret = strict_json_parse(buf, len, NFT_MAX_BYTES, NFT_MAX_DEPTH, 0, &doc, &e);
	if (ret < 0)
		return err_set(err, ret, "nft ruleset: %s", e.msg);
	arr = get(doc, "nftables");
	if (!arr || !json_object_is_type(arr, json_type_array)) {
		ret = err_set(err, -EINVAL, "not an nft JSON ruleset (no \"nftables\" array)");
		goto out;
	}
	n = json_object_array_length(arr);
	if (n > NFT_MAX_OBJECTS) {
		ret = err_set(err, -E2BIG, "nft ruleset has more than %zu objects", NFT_MAX_OBJECTS);
		goto out;
	}
	c.rs = &rs;
	/* chains and sets first: rules may come before them in hand-made files */
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i), *v = NULL;
		const char *k = only_key(o, &v);
		if (!k)
			parse_bad_add(&rs.bad, i + 1, "entry is not a one-key object");
		else if (!strcmp(k, "chain"))
			parse_chain(&c, v, i + 1);
		else if (!strcmp(k, "set") || !strcmp(k, "map"))
			parse_set(&c, v);
	}
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i), *v = NULL;
		const char *k = only_key(o, &v);
		if (k && !strcmp(k, "rule"))
			parse_rule(&c, v, i + 1);
	}
	for (i = 0; i < rs.n; i++)
		for (size_t j = 0; j < rs.chains[i].n_rules; j++)
			for (size_t k = 0; k < rs.chains[i].rules[j].n_m; k++)
				if (rs.chains[i].rules[j].m[k].field == FWM_UNKNOWN)
					rs.n_unknown++;
	if (xt_tables) {
		*xt_tables = 0;
		if (c.xt) {
			for (i = 0; i < rs.n; i++) {
				if (!table_has_xt(&rs, rs.chains[i].table, rs.chains[i].fam))
					continue;
				if (!strcmp(rs.chains[i].table, "filter") && rs.chains[i].fam == FW_V4)
					*xt_tables |= 1;
				else if (!strcmp(rs.chains[i].table, "filter") && rs.chains[i].fam == FW_V6)
					*xt_tables |= 2;
				else
					*xt_tables |= 4;
			}
		}
	}
	fw_ruleset_merge(out, &rs);
out:
	fw_ruleset_free(&rs);
	free(c.sets);
	if (doc)
		json_object_put(doc);
	return ret;
}
