#include "parse/iptables.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/span.h"
#include "util/xalloc.h"

struct words {
	char *v[IPT_MAX_WORDS];
	size_t n;
};

static void words_free(struct words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	w->n = 0;
}

/* Splits a line into words; "..." groups, with \" and \\ inside. NULL on success, else the reason. */
static const char *split(struct span line, struct words *w)
{
	size_t i = 0;

	w->n = 0;
	while (i < line.len) {
		char buf[FW_TEXT_MAX];
		size_t o = 0;
		bool quoted = false;

		while (i < line.len && (line.p[i] == ' ' || line.p[i] == '\t'))
			i++;
		if (i >= line.len)
			break;
		if (w->n == IPT_MAX_WORDS)
			return "too many words";
		if (line.p[i] == '"') {
			quoted = true;
			i++;
		}
		while (i < line.len) {
			char ch = line.p[i];
			if (quoted && ch == '\\' && i + 1 < line.len && (line.p[i + 1] == '"' || line.p[i + 1] == '\\')) {
				ch = line.p[i + 1];
				i += 2;
			} else if (quoted && ch == '"') {
				i++;
				quoted = false;
				break;
			} else if (!quoted && (ch == ' ' || ch == '\t')) {
				break;
			} else {
				i++;
			}
			if (o + 1 >= sizeof(buf))
				return "word too long";
			buf[o++] = ch;
		}
		if (quoted)
			return "unterminated quote";
		w->v[w->n++] = xstrndup(buf, o);
	}
	return NULL;
}

static bool builtin_hook(const char *table, const char *chain, enum fw_hook *hook)
{
	if (!strcmp(chain, "INPUT") && (!strcmp(table, "filter") || !strcmp(table, "mangle"))) {
		*hook = FWH_INPUT;
		return true;
	}
	if (!strcmp(chain, "PREROUTING") && (!strcmp(table, "raw") || !strcmp(table, "mangle"))) {
		*hook = FWH_PREROUTING;
		return true;
	}
	if (!strcmp(chain, "FORWARD") || !strcmp(chain, "OUTPUT") || !strcmp(chain, "POSTROUTING") ||
	    !strcmp(chain, "PREROUTING") || !strcmp(chain, "INPUT")) {
		*hook = FWH_OTHER;
		return true;
	}
	return false;
}

static bool is_option(const char *s)
{
	return s[0] == '-' && s[1] != '\0' && !(s[1] >= '0' && s[1] <= '9');
}

/* "22", "1000:2000", "ssh"-less numbers only */
static bool port_range(const char *s, uint32_t *lo, uint32_t *hi)
{
	const char *colon = strchr(s, ':');
	uint64_t a, b;

	if (!colon)
		colon = strchr(s, '-');
	if (!colon) {
		if (parse_u64(s, strlen(s), 65535, &a) < 0)
			return false;
		*lo = *hi = (uint32_t)a;
		return true;
	}
	a = 0;
	b = 65535;
	if (colon > s && parse_u64(s, (size_t)(colon - s), 65535, &a) < 0)
		return false;
	if (colon[1] && parse_u64(colon + 1, strlen(colon + 1), 65535, &b) < 0)
		return false;
	*lo = (uint32_t)a;
	*hi = (uint32_t)b;
	return true;
}

static bool add_ports(struct fw_match *m, const char *list)
{
	char buf[FW_TEXT_MAX];
	char *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		uint32_t lo, hi;
		if (!port_range(tok, &lo, &hi))
			return false;
		fw_match_num(m, lo, hi);
	}
	return m->n > 0;
}

static bool add_ct(struct fw_match *m, const char *list)
{
	static const char *const names[] = { "NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED" };
	char buf[FW_TEXT_MAX];
	char *save = NULL, *tok;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (!strcmp(tok, names[i]))
				break;
		if (i == ARRAY_SIZE(names))
			return false;
		m->bits |= 1u << i;
	}
	return m->bits != 0;
}

static bool add_addrs(struct fw_match *m, const char *list, unsigned fam)
{
	char buf[FW_TEXT_MAX];
	char *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct fw_addr_range r;
		unsigned f;
		if (fw_addr_parse(tok, strlen(tok), &f, &r) < 0 || f != fam)
			return false;
		fw_match_addr(m, r.lo, r.hi);
	}
	return m->n > 0;
}

static uint32_t proto_num(const char *p, bool *ok)
{
	static const struct {
		const char *name;
		uint32_t num;
	} protos[] = { { "tcp", 6 }, { "udp", 17 }, { "icmp", 1 }, { "ipv6-icmp", 58 }, { "icmpv6", 58 },
		       { "sctp", 132 }, { "udplite", 136 }, { "dccp", 33 }, { "gre", 47 }, { "esp", 50 },
		       { "ah", 51 }, { "igmp", 2 } };
	uint64_t v;
	size_t i;

	*ok = true;
	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (!strcmp(p, protos[i].name))
			return protos[i].num;
	if (parse_u64(p, strlen(p), 255, &v) == 0)
		return (uint32_t)v;
	*ok = false;
	return 0;
}

static void unknown(struct fw_rule *r, const char *fmt, const char *arg)
{
	struct fw_match *m = fw_match_add(r, FWM_UNKNOWN);
	char what[128];

	snprintf(what, sizeof(what), fmt, arg);
	m->what = xstrdup(what);
}

static const char *const known_modules[] = { "tcp", "udp", "multiport", "conntrack", "state", "comment",
					     "addrtype", "icmp", "icmp6", "icmpv6" };

/* A rule ("-A CHAIN ..." words) into r; NULL or the reason it is malformed. */
static const char *parse_rule(struct words *w, size_t start, unsigned fam, struct fw_rule *r, bool *is_jump)
{
	uint8_t l4 = 0;
	bool neg = false;
	size_t i;

	*is_jump = false;
	for (i = start; i < w->n; i++) {
		const char *o = w->v[i];
		const char *arg = i + 1 < w->n ? w->v[i + 1] : NULL;
		struct fw_match *m;

		if (!strcmp(o, "!")) {
			neg = true;
			continue;
		}
		if (!is_option(o))
			return "value without an option";
		if (!strcmp(o, "-p") || !strcmp(o, "--protocol")) {
			bool ok;
			uint32_t p;
			if (!arg)
				return "missing protocol";
			i++;
			if (!strcmp(arg, "all") || !strcmp(arg, "0")) {
				neg = false;
				continue;
			}
			p = proto_num(arg, &ok);
			if (!ok)
				unknown(r, "-p %s", arg);
			else {
				m = fw_match_add(r, FWM_L4PROTO);
				m->neg = neg;
				fw_match_num(m, p, p);
				if (!neg)
					l4 = (uint8_t)p;
			}
		} else if (!strcmp(o, "-s") || !strcmp(o, "--source") || !strcmp(o, "-d") ||
			   !strcmp(o, "--destination")) {
			if (!arg)
				return "missing address";
			i++;
			m = fw_match_add(r, o[1] == 's' || o[2] == 's' ? FWM_SADDR : FWM_DADDR);
			m->neg = neg;
			m->fam = (uint8_t)fam;
			if (!add_addrs(m, arg, fam))
				return "bad address";
		} else if (!strcmp(o, "-i") || !strcmp(o, "--in-interface")) {
			char name[64];
			size_t l;
			if (!arg)
				return "missing interface";
			i++;
			snprintf(name, sizeof(name), "%s", arg);
			l = strlen(name);
			if (l && name[l - 1] == '+')
				name[l - 1] = '*';
			m = fw_match_add(r, FWM_IIF);
			m->neg = neg;
			fw_match_name(m, name, strlen(name));
		} else if (!strcmp(o, "-m") || !strcmp(o, "--match")) {
			size_t k;
			if (!arg)
				return "missing module";
			i++;
			for (k = 0; k < ARRAY_SIZE(known_modules); k++)
				if (!strcmp(arg, known_modules[k]))
					break;
			if (k == ARRAY_SIZE(known_modules)) {
				unknown(r, "-m %s", arg);
				/* its options follow: skip them with their values */
				while (i + 1 < w->n && strcmp(w->v[i + 1], "-m") && strcmp(w->v[i + 1], "-j") &&
				       strcmp(w->v[i + 1], "-g") && strcmp(w->v[i + 1], "--match") &&
				       strcmp(w->v[i + 1], "--jump") && strcmp(w->v[i + 1], "--goto"))
					i++;
			}
		} else if (!strcmp(o, "--dport") || !strcmp(o, "--destination-port") || !strcmp(o, "--sport") ||
			   !strcmp(o, "--source-port") || !strcmp(o, "--dports") || !strcmp(o, "--sports") ||
			   !strcmp(o, "--destination-ports") || !strcmp(o, "--source-ports") || !strcmp(o, "--ports")) {
			if (!arg)
				return "missing port";
			i++;
			if (!strcmp(o, "--ports")) {
				unknown(r, "%s", "multiport --ports");
			} else {
				bool src = strstr(o, "sport") || strstr(o, "source");
				m = fw_match_add(r, src ? FWM_SPORT : FWM_DPORT);
				m->neg = neg;
				m->l4 = l4;
				if (!add_ports(m, arg))
					return "bad port";
			}
		} else if (!strcmp(o, "--ctstate") || !strcmp(o, "--state")) {
			if (!arg)
				return "missing state";
			i++;
			m = fw_match_add(r, FWM_CTSTATE);
			m->neg = neg;
			if (!add_ct(m, arg)) {
				m->field = FWM_UNKNOWN;
				m->bits = 0;
				m->what = xstrdup("conntrack state");
			}
		} else if (!strcmp(o, "--dst-type")) {
			if (!arg)
				return "missing address type";
			i++;
			m = fw_match_add(r, (!strcmp(arg, "LOCAL")) != neg ? FWM_TRUE : FWM_FALSE);
			m->what = xstrdup(neg ? "! --dst-type" : "--dst-type");
		} else if (!strcmp(o, "--comment") || !strcmp(o, "--icmp-type") || !strcmp(o, "--icmpv6-type") ||
			   !strcmp(o, "--limit-iface-in")) {
			if (arg && strcmp(o, "--limit-iface-in"))
				i++;
		} else if (!strcmp(o, "--syn")) {
			m = fw_match_add(r, neg ? FWM_FALSE : FWM_TRUE);
			m->what = xstrdup(neg ? "! --syn" : "--syn");
		} else if (!strcmp(o, "-j") || !strcmp(o, "--jump") || !strcmp(o, "-g") || !strcmp(o, "--goto")) {
			bool go = !strcmp(o, "-g") || !strcmp(o, "--goto");
			if (!arg)
				return "missing target";
			i++;
			if (go) {
				r->verdict = FWV_GOTO;
				r->target = xstrdup(arg);
			} else if (!strcmp(arg, "ACCEPT")) {
				r->verdict = FWV_ACCEPT;
			} else if (!strcmp(arg, "DROP") || !strcmp(arg, "REJECT")) {
				r->verdict = FWV_DROP;
			} else if (!strcmp(arg, "RETURN")) {
				r->verdict = FWV_RETURN;
			} else if (!strcmp(arg, "LOG") || !strcmp(arg, "NFLOG") || !strcmp(arg, "ULOG") ||
				   !strcmp(arg, "MARK") || !strcmp(arg, "CONNMARK") || !strcmp(arg, "CT") ||
				   !strcmp(arg, "NOTRACK") || !strcmp(arg, "TRACE") || !strcmp(arg, "AUDIT")) {
				r->verdict = FWV_NONE;
			} else if (!strcmp(arg, "QUEUE") || !strcmp(arg, "NFQUEUE")) {
				r->verdict = FWV_UNKNOWN;
			} else {
				r->verdict = FWV_JUMP;
				r->target = xstrdup(arg);
				*is_jump = true;
			}
			/* target options (--reject-with, --log-prefix ...) follow */
			while (i + 1 < w->n)
				i++;
		} else if (!strcmp(o, "-c") || !strcmp(o, "--set-counters")) {
			i += 2;
		} else if (!strcmp(o, "-o") || !strcmp(o, "--out-interface")) {
			if (arg)
				i++;
			unknown(r, "%s", "-o");
		} else {
			/* an option of a module we know that does not decide (e.g. --mask) or one we do not model */
			unknown(r, "option %s", o);
			while (i + 1 < w->n && !is_option(w->v[i + 1]) && strcmp(w->v[i + 1], "!"))
				i++;
		}
		neg = false;
	}
	return NULL;
}

int iptables_parse(const char *buf, size_t len, int family, const char *source, struct fw_ruleset *out,
		   struct ipt_info *info, struct err *err)
{
	struct fw_ruleset rs = { 0 };
	struct span rest = SPAN(buf, buf ? len : 0), line;
	struct ipt_info inf = { 0 };
	struct words w = { .n = 0 };
	char table[64] = "";
	bool skip_table = false;
	unsigned fam = family == 6 ? FW_V6 : FW_V4;
	size_t lineno = 0, i;

	if (family != 4 && family != 6)
		return err_set(err, -EINVAL, "address family must be 4 or 6");
	if (len > IPT_MAX_BYTES)
		return err_set(err, -EFBIG, "iptables-save output larger than %zu bytes", IPT_MAX_BYTES);
	while (span_next_line(&rest, &line)) {
		const char *why = NULL;

		lineno++;
		line = span_trim(line);
		if (!line.len)
			continue;
		if (line.len > PARSE_MAX_LINE || span_has_nul(line)) {
			parse_bad_add(&rs.bad, lineno, line.len > PARSE_MAX_LINE ? "line too long" : "NUL byte");
			continue;
		}
		if (line.p[0] == '#') {
			if (span_starts_with(line, "# Generated by ")) {
				if (memmem(line.p, line.len, "(nf_tables)", 11))
					inf.nft_backend = true;
				else
					inf.legacy = true;
			}
			continue;
		}
		if (line.p[0] == '*') {
			if (line.len == 1 || line.len - 1 >= sizeof(table)) {
				parse_bad_add(&rs.bad, lineno, line.len == 1 ? "empty table name" : "table name too long");
				table[0] = '\0';
				skip_table = true;
				continue;
			}
			memcpy(table, line.p + 1, line.len - 1);
			table[line.len - 1] = '\0';
			skip_table = strcmp(table, "filter") && strcmp(table, "raw") && strcmp(table, "mangle");
			inf.n_tables++;
			continue;
		}
		if (span_eq(line, "COMMIT")) {
			table[0] = '\0';
			continue;
		}
		if (!table[0]) {
			parse_bad_add(&rs.bad, lineno, "outside a table");
			continue;
		}
		if (skip_table)
			continue;
		why = split(line, &w);
		if (why) {
			parse_bad_add(&rs.bad, lineno, why);
			words_free(&w);
			continue;
		}
		if (line.p[0] == ':') {
			/* ":INPUT DROP [0:0]" */
			enum fw_hook hook;
			struct fw_chain *c;
			const char *name = w.v[0] + 1;

			if (w.n < 2 || !*name) {
				parse_bad_add(&rs.bad, lineno, "bad chain line");
			} else if (fw_chain_find(&rs, source, table, fam, name)) {
				parse_bad_add(&rs.bad, lineno, "chain declared twice");
			} else if (!(c = fw_chain_add(&rs, source, table, name, fam))) {
				parse_bad_add(&rs.bad, lineno, "too many chains");
			} else if (builtin_hook(table, name, &hook)) {
				c->base = true;
				c->filter = true;
				c->hook = hook;
				c->policy = !strcmp(w.v[1], "DROP") ? FWV_DROP : FWV_ACCEPT;
			}
			words_free(&w);
			continue;
		}
		i = 0;
		if (w.n && w.v[0][0] == '[')
			i = 1; /* "[pkts:bytes] -A ..." (iptables-save -c) */
		if (w.n < i + 2 || (strcmp(w.v[i], "-A") && strcmp(w.v[i], "--append"))) {
			parse_bad_add(&rs.bad, lineno, "not a rule");
		} else {
			struct fw_chain *c = fw_chain_find(&rs, source, table, fam, w.v[i + 1]);
			struct fw_rule *r;
			bool is_jump;

			if (!c) {
				parse_bad_add(&rs.bad, lineno, "rule of an undeclared chain");
			} else if (!(r = fw_rule_add(&rs, c))) {
				parse_bad_add(&rs.bad, lineno, "too many rules");
			} else {
				r->handle = lineno;
				why = parse_rule(&w, i + 2, fam, r, &is_jump);
				if (why) {
					/* keep the rule, but as one that may or may not match */
					struct fw_match *m = fw_match_add(r, FWM_UNKNOWN);
					m->what = xstrdup(why);
					parse_bad_add(&rs.bad, lineno, why);
				}
				r->text = xstrndup(line.p, line.len < FW_TEXT_MAX ? line.len : FW_TEXT_MAX);
				for (size_t k = 0; k < r->n_m; k++)
					if (r->m[k].field == FWM_UNKNOWN)
						rs.n_unknown++;
			}
		}
		words_free(&w);
	}
	/* jumps to chains that do not exist are unknown verdicts */
	for (i = 0; i < rs.n; i++)
		for (size_t j = 0; j < rs.chains[i].n_rules; j++) {
			struct fw_rule *r = &rs.chains[i].rules[j];
			if ((r->verdict == FWV_JUMP || r->verdict == FWV_GOTO) &&
			    !fw_chain_find(&rs, source, rs.chains[i].table, fam, r->target))
				r->verdict = FWV_UNKNOWN;
		}
	if (info)
		*info = inf;
	fw_ruleset_merge(out, &rs);
	return 0;
}
