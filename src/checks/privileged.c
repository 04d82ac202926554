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

struct ctx {
	const struct passwd_db *pw;
	const struct group_db *gr;
	const struct alias_index *aliases;
	bool *mark;		/* per passwd entry, scratch */
	size_t *marked;		/* the entries marked, to clear and list them without a pass over all */
	size_t n_marked;
	bool unresolved;
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

static void mark_user(struct ctx *c, const char *u, int depth)
{
	size_t i;
	uint64_t id;

	if (u[0] == '!')
		return; /* a negation only narrows: be conservative and keep the others */
	if (strcmp(u, "ALL") == 0) {
		for (i = 0; i < c->pw->n; i++)
			mark(c, i);
		return;
	}
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
	{
		const struct sudo_alias *a = find_alias(c->aliases, SUDO_ALIAS_USER, u);
		if (a) {
			if (depth < 16)
				for (i = 0; i < a->n_members; i++)
					mark_user(c, a->members[i], depth + 1);
			return;
		}
	}
	for (i = passwd_find_name(c->pw, u); i != HIDX_NONE; i = passwd_next_name(c->pw, i))
		mark(c, i);
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

static bool runas_has_root(const struct alias_index *sf, const char *runas, int depth)
{
	char *copy, *tok, *save = NULL;
	bool root = false;

	if (!runas)
		return true; /* no Runas list: root */
	copy = xstrndup(runas, strcspn(runas, ":")); /* users part; the group part does not give root */
	if (!copy[strspn(copy, " \t")] && strchr(runas, ':')) {
		free(copy);
		return true; /* "(:group)": runs as the invoking user's... default root user */
	}
	for (tok = strtok_r(copy, ", \t", &save); tok && !root; tok = strtok_r(NULL, ", \t", &save)) {
		const struct sudo_alias *a;
		if (!strcmp(tok, "ALL") || !strcmp(tok, "root") || !strcmp(tok, "#0"))
			root = true;
		else if (depth < 16 && (a = find_alias(sf, SUDO_ALIAS_RUNAS, tok)))
			for (size_t i = 0; i < a->n_members && !root; i++)
				root = runas_has_root(sf, a->members[i], depth + 1);
	}
	free(copy);
	return root;
}

/* "Defaults !authenticate" (global or bound to a user) turns every grant into NOPASSWD. */
struct auth_off {
	bool all;		/* an unbound Defaults !authenticate */
	const char **users;	/* users of "Defaults:user !authenticate" */
	size_t n;
	struct hidx h;
};

static uint64_t user_hash(const void *ctx, size_t i)
{
	return hidx_hash_str(((const struct auth_off *)ctx)->users[i]);
}

static const void *user_key(const void *ctx, size_t i)
{
	return ((const struct auth_off *)ctx)->users[i];
}

static bool user_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct auth_off *)ctx)->users[i], key) == 0;
}

static void auth_off_build(struct auth_off *ao, const struct sudo_facts *sf)
{
	size_t i, j, alloc = 0;

	memset(ao, 0, sizeof(*ao));
	for (i = 0; i < sf->n_files; i++)
		for (j = 0; j < sf->files[i].s.n_defaults; j++) {
			const struct sudo_default *d = &sf->files[i].s.defaults[j];
			if (!d->authenticate_off)
				continue;
			if (!d->binding) {
				ao->all = true;
			} else if (d->binding[0] == ':') {
				ALLOC_GROW(ao->users, ao->n + 1, alloc);
				ao->users[ao->n++] = d->binding + 1;
			}
		}
	hidx_build(&ao->h, ao->n, ao, user_hash, user_is, user_key);
}

static bool auth_off_for(const struct auth_off *ao, const char *user)
{
	return ao->all || hidx_find(&ao->h, hidx_hash_str(user), ao, user_is, user) != HIDX_NONE;
}

static void auth_off_free(struct auth_off *ao)
{
	free(ao->users);
	hidx_free(&ao->h);
}

/* The accounts found so far: one per passwd entry, found again in constant time; reasons grow in place. */
struct priv_build {
	struct priv_facts p;
	size_t alloc, alloc_grants;
	size_t *slot;		/* per passwd entry: index in p.v + 1, 0 = not yet */
	struct strbuf *why;	/* per p.v entry */
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
		while (was < b->alloc)
			strbuf_init(&b->why[was++], 0);
	}
	memset(&b->p.v[i], 0, sizeof(b->p.v[0]));
	b->p.v[i].pw = pwi;
	b->slot[pwi] = ++b->p.n;
	return i;
}

static void add_why(struct priv_build *b, size_t a, const char *why)
{
	if (b->why[a].len)
		strbuf_adds(&b->why[a], "; ");
	strbuf_adds(&b->why[a], why);
}

static int cmp_acct(const void *a, const void *b)
{
	const struct priv_account *x = a, *y = b;
	return x->pw < y->pw ? -1 : x->pw > y->pw;
}

int priv_compute(struct facts *f, struct priv_facts *out, struct err *err)
{
	const struct passwd_db *pw;
	const struct group_db *gr;
	const struct sudo_facts *sf;
	struct priv_build b = { 0 };
	struct alias_index ai;
	struct auth_off ao;
	struct ctx c;
	size_t i, j, k, r;
	int ret;

	if ((ret = facts_passwd(f, &pw, err)) < 0 || (ret = facts_group(f, &gr, err)) < 0 ||
	    (ret = facts_sudoers(f, &sf, err)) < 0)
		return ret;
	/* translated once: a grant can cover every account */
	const char *why_fmt = _("sudoers %s:%zu (%s%s)"), *some = _("some commands");

	alias_index_build(&ai, sf);
	auth_off_build(&ao, sf);
	c.pw = pw;
	c.gr = gr;
	c.aliases = &ai;
	c.mark = xcalloc(pw->n ? pw->n : 1, sizeof(bool));
	c.marked = xcalloc(pw->n ? pw->n : 1, sizeof(size_t));
	c.n_marked = 0;
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
			bool any_cmd = false, all_nopw = true, all = false, negated = false, runas_root;

			/* What the rule grants is the same for each of its users: decided once. */
			for (k = 0; k < rule->n_cmnds; k++) {
				const struct sudo_cmnd *cm = &rule->cmnds[k];
				if (cm->negated) {
					negated = true;
					continue;
				}
				any_cmd = true;
				if (cm->all || cmnd_all(&ai, cm->cmnd, 0)) {
					all = true;
					if (!cm->nopasswd)
						all_nopw = false;
				} else if (!cm->nopasswd) {
					all_nopw = false;
				}
			}
			if (!any_cmd)
				continue;
			runas_root = runas_has_root(&ai, rule->runas, 0);
			for (j = 0; j < rule->n_users; j++) {
				struct sudo_grant g = { 0 };

				g.negated_cmds = negated;
				g.file = file->path;
				g.line = rule->line;
				g.principal = rule->users[j];
				g.all_cmds = all;
				g.runas_root = runas_root;
				g.nopasswd = all_nopw;
				c.unresolved = false;
				mark_user(&c, rule->users[j], 0);
				g.unresolved = c.unresolved;
				qsort(c.marked, c.n_marked, sizeof(*c.marked), cmp_size);
				g.users = xmalloc(st_mult(c.n_marked ? c.n_marked : 1, sizeof(size_t)));
				for (k = 0; k < c.n_marked; k++) {
					size_t u = c.marked[k], a;
					bool nopw = g.nopasswd || auth_off_for(&ao, pw->v[u].name);
					char *why;

					c.mark[u] = false;
					g.users[g.n_users++] = u;
					if (!g.runas_root)
						continue;
					a = account(&b, u);
					why = xasprintf(why_fmt, g.file, g.line, g.all_cmds ? "ALL" : some, nopw ? ", NOPASSWD" : "");
					add_why(&b, a, why);
					free(why);
					if (g.all_cmds) {
						b.p.v[a].full_root = true;
						if (nopw)
							b.p.v[a].nopasswd = true;
					}
				}
				c.n_marked = 0;
				ALLOC_GROW(b.p.grants, b.p.n_grants + 1, b.alloc_grants);
				b.p.grants[b.p.n_grants++] = g;
			}
		}
	}
	free(c.mark);
	free(c.marked);
	free(b.slot);
	alias_index_free(&ai);
	auth_off_free(&ao);
	for (i = 0; i < b.p.n; i++)
		b.p.v[i].why = strbuf_detach(&b.why[i], NULL);
	for (; i < b.alloc; i++)
		strbuf_release(&b.why[i]);
	free(b.why);
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
	for (i = 0; i < p->n_grants; i++)
		free(p->grants[i].users);
	free(p->grants);
	memset(p, 0, sizeof(*p));
}
