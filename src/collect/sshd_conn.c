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
