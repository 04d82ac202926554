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

#include <errno.h>
#include <string.h>
#include <strings.h>

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
	return !up || (depth < COLLECT_MAX_INCLUDE_DEPTH + 2 && match_only(f, up, depth + 1));
}

static int conn_active_d(const struct sshd_facts *f, const struct sshd_entry *e, const struct sshd_conn *c,
			 int depth)
{
	const struct sshd_entry *up = includer(f, e);

	if (depth > COLLECT_MAX_INCLUDE_DEPTH + 2)
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
