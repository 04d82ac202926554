/*
 * Which sshd setting applies to one connection. OpenSSH reads its
 * configuration twice: once without a connection (only lines outside Match
 * blocks, or under "Match all", count: the global values), and again for
 * each connection (servconf.c parse_server_match_config()), where only
 * lines of Match blocks that select the connection count; a value set then
 * replaces the global one. In both passes the first value wins (lists such
 * as AllowUsers collect every line). Include: the included file starts in
 * the includer's state at the Include line, and its own Match lines apply
 * only where the includer's state allows (see conn_active_d()).
 */
#include "collect/accounts.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "util/num.h"

/* Keywords sshd reads as another (same opcode in servconf.c). */
static const char *canonical(const char *kw)
{
	if (!strcmp(kw, "challengeresponseauthentication"))
		return "kbdinteractiveauthentication";
	return kw;
}

/* The Include line that brought e's file in, or NULL for sshd_config itself. */
static const struct sshd_entry *includer(const struct sshd_facts *f, const struct sshd_entry *e)
{
	return e->inc >= 0 && (size_t)e->inc < f->n_incs ? &f->incs[e->inc] : NULL;
}

/*
 * The connection pass starts inactive with SSHCFG_MATCH_ONLY: until its
 * first Match line a file's Includes pass that flag on, and a Match in a
 * file read with it is evaluated. Otherwise an Include read while inactive
 * gets SSHCFG_NEVERMATCH: no Match in that file (or below) applies.
 * Returns 1, 0 or -1 (a Match sshd refuses). depth bounds the recursion.
 */
static bool match_only(const struct sshd_facts *f, const struct sshd_entry *inc, int depth)
{
	const struct sshd_entry *up = includer(f, inc);

	if (inc->block)
		return false;
	return !up || (depth < SSHD_MAX_INCLUDE_DEPTH + 2 && match_only(f, up, depth + 1));
}

static int conn_active_d(const struct sshd_facts *f, const struct sshd_entry *e, const struct sshd_conn *c,
			 int depth)
{
	const struct sshd_entry *up = includer(f, e);

	if (depth > SSHD_MAX_INCLUDE_DEPTH + 2)
		return 0;
	if (!e->block)
		return up ? conn_active_d(f, up, c, depth + 1) : 0;
	if (up && !match_only(f, up, 0) && conn_active_d(f, up, c, depth + 1) != 1)
		return 0;	/* SSHCFG_NEVERMATCH */
	if (e->block->all)
		return 1;
	switch (sshd_match_eval(e->block->criteria, c)) {
	case 1:
		return 1;
	case 0:
		return 0;
	default:
		return -1;
	}
}

static int conn_active(const struct sshd_facts *f, const struct sshd_entry *e, const struct sshd_conn *c)
{
	return conn_active_d(f, e, c, 0);
}

/* The global pass: lines under no Match, or "Match all", all the way up. */
static bool global_active(const struct sshd_facts *f, const struct sshd_entry *e)
{
	size_t hops = 0;

	for (;;) {
		if (e->block && !e->block->all)
			return false;
		if (e->inc < 0 || (size_t)e->inc >= f->n_incs || ++hops > f->n_incs)
			return true;
		e = &f->incs[e->inc];
	}
}

static bool is_kw(const struct sshd_entry *e, const char *kw)
{
	return e->d->n_args && !strcmp(canonical(e->d->keyword), kw);
}

/* The global pass's value of keyword (aliases included), or NULL. */
static const struct sshd_entry *sshd_global_value(const struct sshd_facts *f, const char *keyword)
{
	const char *kw = canonical(keyword);

	for (size_t i = 0; i < f->n; i++)
		if (is_kw(&f->v[i], kw) && global_active(f, &f->v[i]))
			return &f->v[i];
	return NULL;
}

const struct sshd_entry *sshd_conn_value(const struct sshd_facts *f, const struct sshd_conn *c,
					 const char *keyword, bool *invalid)
{
	const char *kw = canonical(keyword);
	size_t i;

	for (i = 0; i < f->n; i++)
		if (is_kw(&f->v[i], kw)) {
			int a = conn_active(f, &f->v[i], c);

			if (a < 0 && invalid)
				*invalid = true;
			if (a == 1)
				return &f->v[i];
		}
	for (i = 0; i < f->n; i++)
		if (is_kw(&f->v[i], kw) && global_active(f, &f->v[i]))
			return &f->v[i];
	return NULL;
}

size_t sshd_conn_list(const struct sshd_facts *f, const struct sshd_conn *c, const char *keyword,
		      const struct sshd_entry **out, size_t max, bool *invalid)
{
	const char *kw = canonical(keyword);
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		if (is_kw(&f->v[i], kw)) {
			int a = conn_active(f, &f->v[i], c);

			if (a < 0 && invalid)
				*invalid = true;
			if (a == 1) {
				if (n < max)
					out[n] = &f->v[i];
				n++;
			}
		}
	if (n)
		return n;
	for (i = 0; i < f->n; i++)
		if (is_kw(&f->v[i], kw) && global_active(f, &f->v[i])) {
			if (n < max)
				out[n] = &f->v[i];
			n++;
		}
	return n;
}

/* auth2_methods_valid(list, 1) with the global settings: every method of the list enabled. */
static bool methods_enabled(const char *list, bool pubkey, bool password, bool kbd)
{
	const char *p = list;

	for (;;) {
		size_t n = strcspn(p, ",");
		size_t m = strcspn(p, ":,");

		if (m > n)
			m = n;
		if (m == 9 && !strncmp(p, "publickey", m)) {
			if (!pubkey)
				return false;
		} else if (m == 8 && !strncmp(p, "password", m)) {
			if (!password)
				return false;
		} else if (m == 20 && !strncmp(p, "keyboard-interactive", m)) {
			if (!kbd)
				return false;
		} else {
			return false;	/* hostbased, gssapi-with-mic: off unless enabled, not modelled */
		}
		if (!p[n])
			return true;
		p += n + 1;
	}
}

static bool flag_on(const struct sshd_entry *e)
{
	return !e || !strcasecmp(e->d->args[0], "yes");
}

/* One pass over AuthenticationMethods lines: "any" once a value is set, or beside another method. */
static const char *any_alone(const struct sshd_facts *f, const struct sshd_conn *c)
{
	bool set = false;
	size_t i, j;

	for (i = 0; i < f->n; i++) {
		const struct sshd_entry *e = &f->v[i];

		if (!is_kw(e, "authenticationmethods"))
			continue;
		for (j = 0; j < e->d->n_args; j++)
			if (!strcmp(e->d->args[j], "any") && (set || e->d->n_args > 1))
				return "\"any\" must appear alone in AuthenticationMethods";
		if (!set && (c ? conn_active(f, e, c) == 1 : global_active(f, e)))
			set = true;
	}
	return NULL;
}

const char *sshd_refused(const struct sshd_facts *f, const struct sshd_conn *c)
{
	const struct sshd_entry *am;
	const char *why;
	size_t i;

	if (f->too_deep)
		return "Too many recursive configuration includes";
	for (i = 0; i < f->n_files; i++)
		for (size_t m = 0; m < f->files[i].cfg.n_matches; m++) {
			const struct sshd_match *sm = &f->files[i].cfg.matches[m];
			struct sshd_conn none = { 0 };

			if (!sm->all && sshd_match_eval(sm->criteria, c ? c : &none) < 0)
				return "Bad Match condition";
		}
	if ((why = any_alone(f, NULL)))
		return why;
	am = sshd_global_value(f, "authenticationmethods");
	if (am && !(am->d->n_args == 1 && !strcmp(am->d->args[0], "any"))) {
		bool pubkey = flag_on(sshd_global_value(f, "pubkeyauthentication"));
		bool password = flag_on(sshd_global_value(f, "passwordauthentication"));
		bool kbd = flag_on(sshd_global_value(f, "kbdinteractiveauthentication"));

		for (i = 0; i < am->d->n_args; i++)
			if (methods_enabled(am->d->args[i], pubkey, password, kbd))
				break;
		if (i == am->d->n_args)
			return "AuthenticationMethods cannot be satisfied by enabled authentication methods";
	}
	if (c && (why = any_alone(f, c)))
		return why;
	return NULL;
}

static bool user_in_groups(const struct sshd_conn *c, const char *pat)
{
	for (size_t i = 0; i < c->n_groups; i++)
		if (sshd_pattern_list(c->groups[i], pat, false) == 1)
			return true;
	return false;
}

bool sshd_conn_user_allowed(const struct sshd_facts *f, const struct sshd_conn *c, const struct sshd_entry **why)
{
	const struct sshd_entry *v[256];
	size_t n, i, j;

	*why = NULL;
	n = sshd_conn_list(f, c, "denyusers", v, 256, NULL);
	for (i = 0; i < n && i < 256; i++)
		for (j = 0; j < v[i]->d->n_args; j++)
			if (sshd_match_user(c->user, c->host, c->addr, v[i]->d->args[j]) != 0) {
				*why = v[i];
				return false;
			}
	n = sshd_conn_list(f, c, "allowusers", v, 256, NULL);
	if (n) {
		bool in = false;

		for (i = 0; i < n && i < 256 && !in; i++)
			for (j = 0; j < v[i]->d->n_args && !in; j++)
				in = sshd_match_user(c->user, c->host, c->addr, v[i]->d->args[j]) == 1;
		if (!in) {
			*why = v[0];
			return false;
		}
	}
	n = sshd_conn_list(f, c, "denygroups", v, 256, NULL);
	for (i = 0; i < n && i < 256; i++)
		for (j = 0; j < v[i]->d->n_args; j++)
			if (user_in_groups(c, v[i]->d->args[j])) {
				*why = v[i];
				return false;
			}
	n = sshd_conn_list(f, c, "allowgroups", v, 256, NULL);
	if (n) {
		bool in = false;

		for (i = 0; i < n && i < 256 && !in; i++)
			for (j = 0; j < v[i]->d->n_args && !in; j++)
				in = user_in_groups(c, v[i]->d->args[j]);
		if (!in) {
			*why = v[0];
			return false;
		}
	}
	return true;
}

/* Patterns gathered from the configuration, for representatives. */
struct pats {
	char v[SSHD_MAX_REPS][64];
	size_t n;
};

static void pats_add(struct pats *p, const char *s, size_t len)
{
	if (len && s[0] == '!') {
		s++;
		len--;
	}
	if (!len || len >= sizeof(p->v[0]) || p->n >= SSHD_MAX_REPS)
		return;
	for (size_t i = 0; i < p->n; i++)
		if (strlen(p->v[i]) == len && !strncmp(p->v[i], s, len))
			return;
	memcpy(p->v[p->n], s, len);
	p->v[p->n++][len] = '\0';
}

static void pats_add_list(const char *list, void *arg)
{
	while (*list) {
		size_t n = strcspn(list, ",");

		pats_add(arg, list, n);
		list += n;
		if (*list)
			list++;
	}
}

/* An address inside pattern p (a CIDR, an address, or a wildcard), or false. */
static bool address_in(const char *p, char *out, size_t size)
{
	static const char *const stars[] = { "1", "1.1", "1.1.1", "1:1" };
	char buf[64];
	size_t i, j, k;

	if (strlen(p) >= sizeof(buf))
		return false;
	snprintf(buf, sizeof(buf), "%s", p);
	if (strchr(buf, '/')) {
		struct in6_addr a6;
		struct in_addr a4;
		char *slash = strchr(buf, '/');
		long len = strtol(slash + 1, NULL, 10);

		*slash = '\0';
		if (inet_pton(AF_INET6, buf, &a6) == 1) {
			if (len < 128)
				a6.s6_addr[15] |= 1;
			return inet_ntop(AF_INET6, &a6, out, (socklen_t)size) != NULL &&
			       sshd_addr_list(out, p) == 1;
		}
		if (inet_aton(buf, &a4)) {
			if (len < 32)
				a4.s_addr |= htonl(1);
			return inet_ntop(AF_INET, &a4, out, (socklen_t)size) != NULL && sshd_addr_list(out, p) == 1;
		}
		return false;
	}
	for (k = 0; k < sizeof(stars) / sizeof(stars[0]); k++) {
		char cand[64];

		for (i = j = 0; buf[i] && j + 6 < sizeof(cand); i++) {
			if (buf[i] == '*') {
				size_t l = strlen(stars[k]);

				memcpy(cand + j, stars[k], l);
				j += l;
			} else {
				cand[j++] = buf[i] == '?' ? '1' : buf[i];
			}
		}
		cand[j] = '\0';
		if (sshd_addr_list(cand, p) == 1 && sshd_addr_list(cand, "0.0.0.0/0,::/0") == 1) {
			snprintf(out, size, "%s", cand);
			return true;
		}
	}
	return false;
}

/* An address no pattern of the list matches (positively or negated), from the documentation ranges. */
static bool address_outside(const struct pats *p, bool v6, char *out, size_t size)
{
	static const char *const v4c[] = { "192.0.2.123", "198.51.100.77", "203.0.113.99", "100.64.7.7", "8.8.4.4" };
	static const char *const v6c[] = { "2001:db8:ffff::99", "fd00:7::7", "2620:fe::9" };
	const char *const *cand = v6 ? v6c : v4c;
	size_t nc = v6 ? 3 : 5;

	for (size_t i = 0; i < nc; i++) {
		bool hit = false;

		for (size_t j = 0; j < p->n && !hit; j++)
			hit = sshd_addr_list(cand[i], p->v[j]) != 0;
		if (!hit) {
			snprintf(out, size, "%s", cand[i]);
			return true;
		}
	}
	return false;
}

static void user_host_pats(const struct sshd_facts *f, struct pats *p)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct sshd_directive *d = f->v[i].d;

		if (strcmp(d->keyword, "allowusers") && strcmp(d->keyword, "denyusers"))
			continue;
		for (size_t j = 0; j < d->n_args; j++) {
			const char *at = strchr(d->args[j], '@');

			if (at)
				pats_add_list(at + 1, p);
		}
	}
}

void sshd_conn_reps(const struct sshd_facts *f, struct sshd_reps *out)
{
	struct pats addrs = { .n = 0 }, laddrs = { .n = 0 }, ports = { .n = 0 };
	uint64_t port;
	struct {
		char a[64], from[64];
	} av[34], lv[4];
	size_t na = 0, nl = 0, i, j, k;
	bool want_v6 = false;

	/* the ports sshd listens on first: Port lines, or 22 */
	for (i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].d->keyword, "port") && !f->v[i].match)
			for (j = 0; j < f->v[i].d->n_args; j++)
				pats_add(&ports, f->v[i].d->args[j], strlen(f->v[i].d->args[j]));
	if (!ports.n)
		pats_add(&ports, "22", 2);
	for (i = 0; i < f->n_files; i++)
		for (j = 0; j < f->files[i].cfg.n_matches; j++) {
			const char *cr = f->files[i].cfg.matches[j].criteria;

			sshd_match_args(cr, "address", pats_add_list, &addrs);
			sshd_match_args(cr, "localaddress", pats_add_list, &laddrs);
			sshd_match_args(cr, "localport", pats_add_list, &ports);
		}
	user_host_pats(f, &addrs);

	for (i = 0; i < addrs.n && na < 32; i++)
		if (address_in(addrs.v[i], av[na].a, sizeof(av[na].a))) {
			snprintf(av[na].from, sizeof(av[na].from), "%s", addrs.v[i]);
			want_v6 |= strchr(av[na].a, ':') != NULL;
			na++;
		}
	if (address_outside(&addrs, false, av[na].a, sizeof(av[na].a)))
		av[na++].from[0] = '\0';
	if (want_v6 && address_outside(&addrs, true, av[na].a, sizeof(av[na].a)))
		av[na++].from[0] = '\0';

	for (i = 0; i < laddrs.n && nl < 3; i++)
		if (address_in(laddrs.v[i], lv[nl].a, sizeof(lv[nl].a))) {
			snprintf(lv[nl].from, sizeof(lv[nl].from), "%s", laddrs.v[i]);
			nl++;
		}
	if (address_outside(&laddrs, false, lv[nl].a, sizeof(lv[nl].a)))
		lv[nl++].from[0] = '\0';

	memset(out, 0, sizeof(*out));
	out->several_laddr = nl > 1;
	out->several_ports = ports.n > 1;
	out->truncated = addrs.n > 32 || laddrs.n > 3 || ports.n > 2;
	for (k = 0; k < ports.n && k < 2; k++)
		for (j = 0; j < nl; j++)
			for (i = 0; i < na && out->n < SSHD_MAX_REPS; i++) {
				struct sshd_rep *r = &out->v[out->n++];

				/* each cut to its field (%.*s: gcc -O2 without LTO sees the bound and does not warn) */
				snprintf(r->addr, sizeof(r->addr), "%.*s", (int)sizeof(r->addr) - 1, av[i].a);
				snprintf(r->addr_from, sizeof(r->addr_from), "%.*s", (int)sizeof(r->addr_from) - 1, av[i].from);
				snprintf(r->laddr, sizeof(r->laddr), "%.*s", (int)sizeof(r->laddr) - 1, lv[j].a);
				snprintf(r->laddr_from, sizeof(r->laddr_from), "%.*s", (int)sizeof(r->laddr_from) - 1, lv[j].from);
				r->lport = parse_u64_str(ports.v[k], 65535, &port) == 0 ? (int)port : 0;
			}
}
