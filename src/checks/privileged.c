#include "checks/privileged.h"
#include "checks/facts.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/hidx.h"
#include "util/num.h"
#include "util/strbuf.h"

/* Groups whose members can act as root, and why. */
static const struct {
	const char *group;
	const char *why;
	bool full_root;
} admin_groups[] = {
	{ "root", N_("group root"), false },
	{ "sudo", N_("group sudo"), false },
	{ "wheel", N_("group wheel"), false },
	{ "admin", N_("group admin"), false },
	{ "adm", N_("group adm (reads system logs)"), false },
	{ "docker", N_("group docker (root-equivalent)"), true },
	{ "lxd", N_("group lxd (root-equivalent)"), true },
	{ "incus-admin", N_("group incus-admin (root-equivalent)"), true },
	{ "disk", N_("group disk (raw disk access, root-equivalent)"), true },
	{ "shadow", N_("group shadow (reads password hashes)"), false },
};

/* Commands that amount to ALL: a shell or a tool that starts one. */
static bool cmnd_is_shell(const char *c)
{
	static const char *const shells[] = { "sh", "bash", "dash", "zsh", "ksh", "csh", "tcsh", "fish",
					      "su", "env", "python3", "python", "perl", "ruby", "vi", "vim",
					      "less", "more", "find", "awk", "nano", "visudo" };
	const char *base = strrchr(c, '/');
	size_t i, n;

	base = base ? base + 1 : c;
	n = strcspn(base, " \t");
	for (i = 0; i < ARRAY_SIZE(shells); i++)
		if (strlen(shells[i]) == n && strncmp(base, shells[i], n) == 0)
			return true;
	return false;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

size_t *group_members(const struct passwd_db *pw, const struct group_entry *g, size_t *n)
{
	size_t *v = NULL, alloc = 0, i, j, k = 0, out = 0;

	/* Through the passwd indexes: the cost is the group's size, not the number of accounts. */
	for (i = passwd_find_gid(pw, g->gid); i != HIDX_NONE; i = passwd_next_gid(pw, i)) {
		ALLOC_GROW(v, k + 1, alloc);
		v[k++] = i;
	}
	for (j = 0; j < g->n_members; j++)
		for (i = passwd_find_name(pw, g->members[j]); i != HIDX_NONE; i = passwd_next_name(pw, i)) {
			ALLOC_GROW(v, k + 1, alloc);
			v[k++] = i;
		}
	if (!v)
		v = xcalloc(1, sizeof(*v));
	qsort(v, k, sizeof(*v), cmp_size);
	for (i = 0; i < k; i++)
		if (!out || v[out - 1] != v[i])
			v[out++] = v[i];
	*n = out;
	return v;
}

/* The aliases of every sudoers file, by (kind, name); the first file that defines one wins, as before. */
struct alias_ref {
	enum sudo_alias_kind kind;
	const char *name;
	const struct sudo_alias *a;
};
struct alias_index {
	struct alias_ref *v;
	size_t n;
	struct hidx h;
};

static uint64_t alias_hash_key(enum sudo_alias_kind kind, const char *name)
{
	return hidx_hash_str(name) ^ hidx_hash_u64((uint64_t)kind + 1);
}

static uint64_t alias_hash(const void *ctx, size_t i)
{
	const struct alias_ref *r = &((const struct alias_index *)ctx)->v[i];
	return alias_hash_key(r->kind, r->name);
}

static const void *alias_key(const void *ctx, size_t i)
{
	return &((const struct alias_index *)ctx)->v[i];
}

static bool alias_is(const void *ctx, size_t i, const void *key)
{
	const struct alias_ref *r = &((const struct alias_index *)ctx)->v[i], *k = key;
	return r->kind == k->kind && strcmp(r->name, k->name) == 0;
}

static void alias_index_build(struct alias_index *ai, const struct sudo_facts *sf)
{
	size_t i, j, alloc = 0;

	memset(ai, 0, sizeof(*ai));
	for (i = 0; i < sf->n_files; i++)
		for (j = 0; j < sf->files[i].s.n_aliases; j++) {
			const struct sudo_alias *a = &sf->files[i].s.aliases[j];
			ALLOC_GROW(ai->v, ai->n + 1, alloc);
			ai->v[ai->n++] = (struct alias_ref){ a->kind, a->name, a };
		}
	hidx_build(&ai->h, ai->n, ai, alias_hash, alias_is, alias_key);
}

static void alias_index_free(struct alias_index *ai)
{
	free(ai->v);
	hidx_free(&ai->h);
}

static const struct sudo_alias *find_alias(const struct alias_index *ai, enum sudo_alias_kind k, const char *name)
{
	struct alias_ref key = { k, name, NULL };
	size_t i = hidx_find(&ai->h, alias_hash_key(k, name), ai, alias_is, &key);

	return i == HIDX_NONE ? NULL : ai->v[i].a;
}

static size_t find_alias_idx(const struct alias_index *ai, enum sudo_alias_kind k, const char *name)
{
	struct alias_ref key = { k, name, NULL };

	return hidx_find(&ai->h, alias_hash_key(k, name), ai, alias_is, &key);
}

#define LIST_DEPTH 16	/* aliases nested deeper than this are not followed */

/*
 * What a user list says of the accounts, kept sparse: dflt for every account
 * not listed in v (-1: the list does not name it, 0: denied, 1: allowed) and
 * the accounts that differ from dflt, sorted by passwd index. "ALL, !bob" is
 * dflt 1 with bob 0: its size is what the list names, not the accounts.
 */
struct uent {
	size_t k;
	signed char v;
};
struct ures {
	signed char dflt;
	struct uent *v;
	size_t n;
};

/* One per list depth: the values set so far, per account (-2: as dflt), and which were set. */
struct scratch {
	signed char *val;
	size_t *touched;
	size_t n_touched;
};

/* An alias's list evaluated at one depth: the same alias at the same depth gives the same result. */
struct memo {
	struct ures r;
	bool done;
	bool unresolved;
};

struct ctx {
	const struct passwd_db *pw;
	const struct group_db *gr;
	const struct alias_index *aliases;
	bool *mark;		/* per passwd entry, scratch */
	size_t *marked;		/* the entries marked, to clear and list them without a pass over all */
	size_t n_marked;
	bool unresolved;
	struct scratch scr[LIST_DEPTH + 1];
	struct memo *memo;	/* per (alias, depth) */
};

static void mark(struct ctx *c, size_t i)
{
	if (!c->mark[i]) {
		c->mark[i] = true;
		c->marked[c->n_marked++] = i;
	}
}

static void mark_group(struct ctx *c, const struct group_entry *g)
{
	size_t n, i, *m = group_members(c->pw, g, &n);

	for (i = 0; i < n; i++)
		mark(c, m[i]);
	free(m);
}

/* The accounts one user-list entry names: a name, #uid, %group or %#gid (the caller has taken off
 * any '!' and dealt with ALL and User_Aliases); a netgroup (+name) cannot be resolved here. */
static void mark_user(struct ctx *c, const char *u)
{
	size_t i;
	uint64_t id;

	if (u[0] == '%' && u[1] == '#') {
		if (parse_u64_str(u + 2, UINT32_MAX, &id) == 0) {
			const struct group_entry *g = group_by_gid(c->gr, (uint32_t)id);
			if (g)
				mark_group(c, g);
			else
				for (i = passwd_find_gid(c->pw, (uint32_t)id); i != HIDX_NONE;
				     i = passwd_next_gid(c->pw, i))
					mark(c, i);
		}
		return;
	}
	if (u[0] == '%') {
		const struct group_entry *g = group_by_name(c->gr, u + 1);
		if (g)
			mark_group(c, g);
		return;
	}
	if (u[0] == '#') {
		if (parse_u64_str(u + 1, UINT32_MAX, &id) == 0)
			for (i = passwd_find_uid(c->pw, (uint32_t)id); i != HIDX_NONE; i = passwd_next_uid(c->pw, i))
				mark(c, i);
		return;
	}
	if (u[0] == '+') {
		c->unresolved = true;
		return;
	}
	for (i = passwd_find_name(c->pw, u); i != HIDX_NONE; i = passwd_next_name(c->pw, i))
		mark(c, i);
}

static struct scratch *scratch_at(struct ctx *c, int depth)
{
	struct scratch *s = &c->scr[depth];
	size_t np = c->pw->n ? c->pw->n : 1;

	if (!s->val) {
		s->val = xmalloc(np);
		memset(s->val, -2, np);
		s->touched = xmalloc(st_mult(np, sizeof(size_t)));
	}
	return s;
}

static void scratch_set(struct scratch *s, size_t k, signed char v)
{
	if (s->val[k] == -2)
		s->touched[s->n_touched++] = k;
	s->val[k] = v;
}

static void scratch_clear(struct scratch *s)
{
	size_t i;

	for (i = 0; i < s->n_touched; i++)
		s->val[s->touched[i]] = -2;
	s->n_touched = 0;
}

/* The scratch as a result (the accounts that differ from dflt, sorted), and the scratch cleared. */
static void scratch_take(struct scratch *s, signed char dflt, struct ures *out)
{
	size_t i, n = 0;

	qsort(s->touched, s->n_touched, sizeof(*s->touched), cmp_size);
	out->dflt = dflt;
	out->v = xmalloc(st_mult(s->n_touched ? s->n_touched : 1, sizeof(*out->v)));
	for (i = 0; i < s->n_touched; i++) {
		size_t k = s->touched[i];
		if (s->val[k] != dflt)
			out->v[n++] = (struct uent){ k, s->val[k] };
		s->val[k] = -2;
	}
	out->n = n;
	s->n_touched = 0;
}

static signed char ures_get(const struct ures *r, size_t k)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->v[mid].k == k)
			return r->v[mid].v;
		if (r->v[mid].k < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return r->dflt;
}

static void list_eval(struct ctx *c, char *const *items, size_t n, int depth, struct ures *out);

/* An alias's own list at depth, computed once per (alias, depth). */
static const struct ures *alias_eval(struct ctx *c, size_t ai, int depth)
{
	struct memo *m = &c->memo[ai * (LIST_DEPTH + 1) + (size_t)depth];
	const struct sudo_alias *a = c->aliases->v[ai].a;
	bool was = c->unresolved;

	if (!m->done) {
		c->unresolved = false;
		list_eval(c, a->members, a->n_members, depth, &m->r);
		m->unresolved = c->unresolved;
		m->done = true;
	}
	c->unresolved = was || m->unresolved;
	return &m->r;
}

/*
 * sudo's userlist_matches() for every account at once: the last entry of
 * the list that names an account decides for it; "!x" denies; an alias
 * decides as its own list does. Each entry costs what it names (through
 * the indexes), not the number of accounts.
 */
static void list_eval(struct ctx *c, char *const *items, size_t n, int depth, struct ures *out)
{
	struct scratch *s = scratch_at(c, depth);
	signed char dflt = -1;
	size_t i, k;

	for (i = 0; i < n; i++) {
		const char *u = items[i];
		size_t ai;
		bool neg = false;

		while (*u == '!') {
			neg = !neg;
			u++;
		}
		if ((ai = find_alias_idx(c->aliases, SUDO_ALIAS_USER, u)) != HIDX_NONE) {
			const struct ures *sub;

			if (depth >= LIST_DEPTH)
				continue;
			sub = alias_eval(c, ai, depth + 1);
			if (sub->dflt >= 0) {
				/* it names every account: what came before is overridden */
				scratch_clear(s);
				dflt = neg ? !sub->dflt : sub->dflt;
			}
			for (k = 0; k < sub->n; k++)
				if (sub->v[k].v >= 0)
					scratch_set(s, sub->v[k].k, neg ? !sub->v[k].v : sub->v[k].v);
		} else if (strcmp(u, "ALL") == 0) {
			scratch_clear(s);
			dflt = !neg;
		} else {
			mark_user(c, u);
			for (k = 0; k < c->n_marked; k++) {
				scratch_set(s, c->marked[k], !neg);
				c->mark[c->marked[k]] = false;
			}
			c->n_marked = 0;
		}
	}
	scratch_take(s, dflt, out);
}

/* Does this command (or the Cmnd_Alias it names) amount to ALL? */
static bool cmnd_all(const struct alias_index *sf, const char *cmnd, int depth)
{
	const struct sudo_alias *a;
	size_t i;

	if (strcmp(cmnd, "ALL") == 0 || cmnd_is_shell(cmnd))
		return true;
	a = find_alias(sf, SUDO_ALIAS_CMND, cmnd);
	if (!a || depth >= 16)
		return false;
	for (i = 0; i < a->n_members; i++)
		if (a->members[i][0] != '!' && cmnd_all(sf, a->members[i], depth + 1))
			return true;
	return false;
}

/*
 * Does a Runas user list let the command run as root? sudo reads lists from
 * the end: the last entry that matches decides, and "!x" denies (so
 * "(ALL, !root)" does not give root). -1: no entry matches, 0: denied, 1: root.
 */
static int runas_list_root(const struct alias_index *sf, char **items, size_t n, int depth)
{
	for (size_t i = n; i-- > 0;) {
		const char *tok = items[i];
		bool neg = false;
		const struct sudo_alias *a;
		int m = -1;

		while (*tok == '!') {
			neg = !neg;
			tok++;
		}
		if (!strcmp(tok, "ALL") || !strcmp(tok, "root") || !strcmp(tok, "#0"))
			m = 1;
		else if (depth < 16 && (a = find_alias(sf, SUDO_ALIAS_RUNAS, tok)))
			m = runas_list_root(sf, a->members, a->n_members, depth + 1);
		if (m >= 0)
			return neg ? !m : m;
	}
	return -1;
}

static bool runas_has_root(const struct alias_index *sf, const char *runas, int depth)
{
	char *copy, *tok, *save = NULL;
	char *items[PARSE_MAX_LIST];
	size_t n = 0;
	bool root;

	if (!runas)
		return true; /* no Runas list: root */
	copy = xstrndup(runas, strcspn(runas, ":")); /* users part; the group part does not give root */
	if (!copy[strspn(copy, " \t")] && strchr(runas, ':')) {
		free(copy);
		return false; /* "(:group)": the command runs as the invoking user, with that group */
	}
	for (tok = strtok_r(copy, ", \t", &save); tok && n < PARSE_MAX_LIST; tok = strtok_r(NULL, ", \t", &save))
		items[n++] = tok;
	root = runas_list_root(sf, items, n, depth) == 1;
	free(copy);
	return root;
}

/*
 * "Defaults !authenticate" turns every grant into NOPASSWD when it applies
 * to the user: global, bound to a user list (":alice", ":%wheel, bob",
 * ":ADMINS") that names the user, or to a Runas list that gives root (">root").
 * Host- and command-bound ones ("@host", "!cmnd") are not counted.
 */
struct auth_off {
	bool all;
	bool *off;		/* per passwd entry */
};

static void auth_off_build(struct ctx *c, const struct sudo_facts *sf, struct auth_off *ao)
{
	size_t i, j, k, np = c->pw->n;

	ao->all = false;
	ao->off = xcalloc(np ? np : 1, sizeof(bool));
	for (i = 0; i < sf->n_files; i++)
		for (j = 0; j < sf->files[i].s.n_defaults; j++) {
			const struct sudo_default *d = &sf->files[i].s.defaults[j];
			char *copy, *tok, *save = NULL, *items[PARSE_MAX_LIST];
			size_t n = 0;

			if (!d->authenticate_off)
				continue;
			if (d->binding && d->binding[0] != ':' && d->binding[0] != '>')
				continue;
			if (!d->binding) {
				ao->all = true;
				continue;
			}
			copy = xstrdup(d->binding + 1);
			for (tok = strtok_r(copy, ", \t", &save); tok && n < PARSE_MAX_LIST; tok = strtok_r(NULL, ", \t", &save))
				items[n++] = tok;
			if (d->binding[0] == ':') {
				struct ures res;

				list_eval(c, items, n, 0, &res);
				if (res.dflt == 1) {
					for (k = 0; k < np; k++)
						ao->off[k] |= ures_get(&res, k) == 1;
				} else {
					for (k = 0; k < res.n; k++)
						ao->off[res.v[k].k] |= res.v[k].v == 1;
				}
				free(res.v);
			} else if (runas_list_root(c->aliases, items, n, 0) == 1) {
				ao->all = true;
			}
			free(copy);
		}
}

/*
 * An account's reasons are shown up to WHY_SHOWN; the rest are counted ("and 99995 more"):
 * an account that 100,000 rules name costs a few reasons, not the rules.
 */
#define WHY_SHOWN 5

/* The grants' user lists, each distinct list kept once (many rules name the same group). */
struct list_set {
	uint32_t *slot;		/* index in lists + 1; 0 = empty */
	size_t mask;
	size_t alloc;
};

/* The accounts found so far: one per passwd entry, found again in constant time; reasons grow in place. */
struct priv_build {
	struct priv_facts p;
	size_t alloc, alloc_grants, alloc_lists;
	size_t *slot;		/* per passwd entry: index in p.v + 1, 0 = not yet */
	struct strbuf *why;	/* per p.v entry: the reasons shown */
	size_t *n_why;		/* per p.v entry: the reasons found */
	struct list_set ls;
};

static size_t account(struct priv_build *b, size_t pwi)
{
	size_t i = b->slot[pwi];

	if (i)
		return i - 1;
	i = b->p.n;
	if (i + 1 > b->alloc) {
		size_t was = b->alloc;
		ALLOC_GROW(b->p.v, i + 1, b->alloc);
		b->why = xrealloc(b->why, st_mult(b->alloc, sizeof(*b->why)));
		b->n_why = xrealloc(b->n_why, st_mult(b->alloc, sizeof(*b->n_why)));
		while (was < b->alloc) {
			b->n_why[was] = 0;
			strbuf_init(&b->why[was++], 0);
		}
	}
	memset(&b->p.v[i], 0, sizeof(b->p.v[0]));
	b->p.v[i].pw = pwi;
	b->slot[pwi] = ++b->p.n;
	return i;
}

/* Is another reason for account a shown? (counted either way) */
static bool want_why(struct priv_build *b, size_t a)
{
	return b->n_why[a]++ < WHY_SHOWN;
}

static void add_why(struct priv_build *b, size_t a, const char *why)
{
	if (!want_why(b, a))
		return;
	if (b->why[a].len)
		strbuf_adds(&b->why[a], "; ");
	strbuf_adds(&b->why[a], why);
}

static int cmp_acct(const void *a, const void *b)
{
	const struct priv_account *x = a, *y = b;
	return x->pw < y->pw ? -1 : x->pw > y->pw;
}

static uint64_t list_hash(const size_t *v, size_t n)
{
	uint64_t h = hidx_hash_u64(n);

	for (size_t i = 0; i < n; i++)
		h = hidx_hash_u64(h ^ v[i]);
	return h;
}

/*
 * The list v (n entries, owned by the caller) as kept in b->p.lists: an equal
 * list kept before, or v itself, now owned by b. Returns the list kept.
 */
static const size_t *keep_list(struct priv_build *b, size_t *v, size_t n)
{
	struct list_set *ls = &b->ls;
	size_t i;
	uint64_t h = list_hash(v, n);

	if (2 * (b->p.n_lists + 1) > ls->mask + 1 || !ls->slot) {
		size_t want = ls->slot ? 2 * (ls->mask + 1) : 64, k;
		free(ls->slot);
		ls->slot = xcalloc(want, sizeof(*ls->slot));
		ls->mask = want - 1;
		for (k = 0; k < b->p.n_lists; k++) {
			i = list_hash(b->p.lists[k], b->p.n_list[k]) & ls->mask;
			while (ls->slot[i])
				i = (i + 1) & ls->mask;
			ls->slot[i] = (uint32_t)(k + 1);
		}
	}
	for (i = h & ls->mask; ls->slot[i]; i = (i + 1) & ls->mask) {
		size_t k = ls->slot[i] - 1;
		if (b->p.n_list[k] == n && memcmp(b->p.lists[k], v, n * sizeof(*v)) == 0) {
			free(v);
			return b->p.lists[k];
		}
	}
	if (b->p.n_lists + 1 > ls->alloc) {
		ALLOC_GROW(b->p.lists, b->p.n_lists + 1, ls->alloc);
		b->p.n_list = xrealloc(b->p.n_list, st_mult(ls->alloc, sizeof(*b->p.n_list)));
	}
	ls->slot[i] = (uint32_t)(b->p.n_lists + 1);
	b->p.lists[b->p.n_lists] = v;
	b->p.n_list[b->p.n_lists++] = n;
	return v;
}

/* The accounts both the entry (one) and the rule's whole list allow, in passwd order. */
static size_t *grant_users(const struct ures *one, const struct ures *whole, size_t np, size_t *n)
{
	size_t *v = NULL, alloc = 0, k = 0, i;

	if (one->dflt == 1) {
		for (i = 0; i < np; i++)
			if (ures_get(one, i) == 1 && ures_get(whole, i) == 1) {
				ALLOC_GROW(v, k + 1, alloc);
				v[k++] = i;
			}
	} else {
		for (i = 0; i < one->n; i++)
			if (one->v[i].v == 1 && ures_get(whole, one->v[i].k) == 1) {
				ALLOC_GROW(v, k + 1, alloc);
				v[k++] = one->v[i].k;
			}
	}
	if (!v)
		v = xcalloc(1, sizeof(*v));
	else if (k < alloc)
		v = xrealloc(v, st_mult(k, sizeof(*v)));	/* kept: no slack */
	*n = k;
	return v;
}

int priv_compute(struct facts *f, struct priv_facts *out, struct err *err)
{
	const struct passwd_db *pw;
	const struct group_db *gr;
	const struct sudo_facts *sf;
	struct priv_build b = { 0 };
	struct alias_index ai;
	struct auth_off ao;
	struct ctx c = { 0 };
	size_t i, j, k, r;
	int ret;

	if ((ret = facts_passwd(f, &pw, err)) < 0 || (ret = facts_group(f, &gr, err)) < 0 ||
	    (ret = facts_sudoers(f, &sf, err)) < 0)
		return ret;
	/* translated once: a grant can cover every account */
	const char *why_fmt = _("sudoers %s:%zu (%s%s)"), *some = _("some commands");

	alias_index_build(&ai, sf);
	c.pw = pw;
	c.gr = gr;
	c.aliases = &ai;
	c.mark = xcalloc(pw->n ? pw->n : 1, sizeof(bool));
	c.marked = xcalloc(pw->n ? pw->n : 1, sizeof(size_t));
	c.n_marked = 0;
	c.memo = xcalloc(st_mult(ai.n ? ai.n : 1, LIST_DEPTH + 1), sizeof(*c.memo));
	auth_off_build(&c, sf, &ao);
	b.slot = xcalloc(pw->n ? pw->n : 1, sizeof(size_t));

	for (i = 0; i < pw->n; i++)
		if (pw->v[i].uid == 0) {
			size_t a = account(&b, i);
			b.p.v[a].uid0 = b.p.v[a].full_root = true;
			add_why(&b, a, _("uid 0"));
		}
	for (k = 0; k < ARRAY_SIZE(admin_groups); k++) {
		const struct group_entry *g = group_by_name(gr, admin_groups[k].group);
		size_t n, *m;
		if (!g)
			continue;
		m = group_members(pw, g, &n);
		for (i = 0; i < n; i++) {
			size_t a;
			if (pw->v[m[i]].uid == 0 && strcmp(admin_groups[k].group, "root") == 0)
				continue;
			a = account(&b, m[i]);
			add_why(&b, a, _(admin_groups[k].why));
			if (admin_groups[k].full_root)
				b.p.v[a].full_root = true;
		}
		free(m);
	}

	for (i = 0; i < sf->n_files; i++) {
		const struct sudo_file *file = &sf->files[i];
		for (r = 0; r < file->s.n_rules; r++) {
			const struct sudo_rule *rule = &file->s.rules[r];
			bool any_cmd = false, all_nopw = true, all = false, all_untagged = false;
			bool some_nopw = true, some_untagged = false, negated = false, runas_root, untagged, nopasswd;
			struct ures whole;

			/* What the rule grants is the same for each of its users: decided once. */
			for (k = 0; k < rule->n_cmnds; k++) {
				const struct sudo_cmnd *cm = &rule->cmnds[k];
				if (cm->negated) {
					negated = true;
					continue;
				}
				any_cmd = true;
				some_nopw &= cm->nopasswd;
				some_untagged |= !cm->nopasswd && !cm->passwd;
				/* only the commands that amount to ALL decide: they are what any command matches */
				if (cm->all || cmnd_all(&ai, cm->cmnd, 0)) {
					all = true;
					if (!cm->nopasswd)
						all_nopw = false;
					if (!cm->nopasswd && !cm->passwd)
						all_untagged = true;
				}
			}
			if (!any_cmd)
				continue;
			runas_root = runas_has_root(&ai, rule->runas, 0);
			nopasswd = all ? all_nopw : some_nopw;
			untagged = all ? all_untagged : some_untagged;
			/* who the rule's whole user list names, read as sudo reads it (last match, negation) */
			list_eval(&c, rule->users, rule->n_users, 0, &whole);
			for (j = 0; j < rule->n_users; j++) {
				struct sudo_grant g = { 0 };
				struct ures one;

				if (rule->users[j][0] == '!')
					continue;	/* a negation grants nothing; it narrows the list (above) */
				g.negated_cmds = negated;
				g.file = file->path;
				g.line = rule->line;
				g.principal = rule->users[j];
				g.all_cmds = all;
				g.runas_root = runas_root;
				g.nopasswd = nopasswd;
				c.unresolved = false;
				list_eval(&c, &rule->users[j], 1, 0, &one);
				g.unresolved = c.unresolved;
				{
					size_t *users = grant_users(&one, &whole, pw->n, &g.n_users);
					g.users = keep_list(&b, users, g.n_users);
				}
				free(one.v);
				for (k = 0; g.runas_root && k < g.n_users; k++) {
					size_t u = g.users[k], a;
					/* !authenticate counts where no PASSWD: tag overrides it */
					bool nopw = g.nopasswd || (untagged && (ao.all || ao.off[u]));

					a = account(&b, u);
					if (want_why(&b, a)) {
						/* the reason's text only where it is shown */
						if (b.why[a].len)
							strbuf_adds(&b.why[a], "; ");
						strbuf_addf(&b.why[a], why_fmt, g.file, g.line, g.all_cmds ? "ALL" : some,
							    nopw ? ", NOPASSWD" : "");
					}
					if (g.all_cmds) {
						/* sudo takes the last rule that matches a command: the last grant of ALL decides */
						b.p.v[a].full_root = true;
						b.p.v[a].nopasswd = nopw;
					}
				}
				ALLOC_GROW(b.p.grants, b.p.n_grants + 1, b.alloc_grants);
				b.p.grants[b.p.n_grants++] = g;
			}
			free(whole.v);
		}
	}
	free(c.mark);
	free(c.marked);
	for (i = 0; i <= LIST_DEPTH; i++) {
		free(c.scr[i].val);
		free(c.scr[i].touched);
	}
	for (i = 0; i < ai.n * (LIST_DEPTH + 1); i++)
		free(c.memo[i].r.v);
	free(c.memo);
	free(ao.off);
	free(b.slot);
	free(b.ls.slot);
	alias_index_free(&ai);
	if (b.p.n_grants < b.alloc_grants)
		b.p.grants = xrealloc(b.p.grants, st_mult(b.p.n_grants ? b.p.n_grants : 1, sizeof(*b.p.grants)));
	for (i = 0; i < b.p.n; i++) {
		if (b.n_why[i] > WHY_SHOWN) {
			strbuf_adds(&b.why[i], "; ");
			strbuf_addf(&b.why[i], _("and %zu more"), b.n_why[i] - WHY_SHOWN);
		}
		b.p.v[i].why = strbuf_detach(&b.why[i], NULL);
	}
	for (; i < b.alloc; i++)
		strbuf_release(&b.why[i]);
	free(b.why);
	free(b.n_why);
	if (b.p.n)
		qsort(b.p.v, b.p.n, sizeof(*b.p.v), cmp_acct);
	*out = b.p;
	return 0;
}

void priv_facts_free(struct priv_facts *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i].why);
	free(p->v);
	for (i = 0; i < p->n_lists; i++)
		free(p->lists[i]);
	free(p->lists);
	free(p->n_list);
	free(p->grants);
	memset(p, 0, sizeof(*p));
}
