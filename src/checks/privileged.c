#include "checks/privileged.h"
#include "checks/facts.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/num.h"

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

size_t *group_members(const struct passwd_db *pw, const struct group_entry *g, size_t *n)
{
	size_t *v = xcalloc(pw->n ? pw->n : 1, sizeof(*v));
	size_t i, j, k = 0;

	for (i = 0; i < pw->n; i++) {
		bool in = pw->v[i].gid == g->gid;
		for (j = 0; !in && j < g->n_members; j++)
			in = strcmp(g->members[j], pw->v[i].name) == 0;
		if (in)
			v[k++] = i;
	}
	*n = k;
	return v;
}

struct ctx {
	const struct passwd_db *pw;
	const struct group_db *gr;
	const struct sudo_facts *sudo;
	bool *mark;		/* per passwd entry, scratch */
	bool unresolved;
};

static const struct sudo_alias *find_alias(const struct sudo_facts *sf, enum sudo_alias_kind k, const char *name)
{
	size_t i;

	for (i = 0; i < sf->n_files; i++) {
		const struct sudo_alias *a = sudoers_alias(&sf->files[i].s, k, name);
		if (a)
			return a;
	}
	return NULL;
}

static void mark_group(struct ctx *c, const struct group_entry *g)
{
	size_t n, i, *m = group_members(c->pw, g, &n);

	for (i = 0; i < n; i++)
		c->mark[m[i]] = true;
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
			c->mark[i] = true;
		return;
	}
	if (u[0] == '%' && u[1] == '#') {
		if (parse_u64_str(u + 2, UINT32_MAX, &id) == 0) {
			const struct group_entry *g = group_by_gid(c->gr, (uint32_t)id);
			if (g)
				mark_group(c, g);
			else
				for (i = 0; i < c->pw->n; i++)
					if (c->pw->v[i].gid == id)
						c->mark[i] = true;
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
			for (i = 0; i < c->pw->n; i++)
				if (c->pw->v[i].uid == id)
					c->mark[i] = true;
		return;
	}
	if (u[0] == '+') {
		c->unresolved = true;
		return;
	}
	{
		const struct sudo_alias *a = find_alias(c->sudo, SUDO_ALIAS_USER, u);
		if (a) {
			if (depth < 16)
				for (i = 0; i < a->n_members; i++)
					mark_user(c, a->members[i], depth + 1);
			return;
		}
	}
	for (i = 0; i < c->pw->n; i++)
		if (strcmp(c->pw->v[i].name, u) == 0)
			c->mark[i] = true;
}

/*
 * sudo's userlist_matches() for every account at once: the last entry of
 * the list that names an account decides for it; "!x" denies; an alias
 * decides as its own list does. res[k]: -1 no entry names account k,
 * 0 denied, 1 allowed.
 */
static void list_eval(struct ctx *c, char *const *items, size_t n, signed char *res, int depth)
{
	size_t i, k, np = c->pw->n;
	signed char *sub = xcalloc(np ? np : 1, 1);

	memset(res, -1, np);
	for (i = 0; i < n; i++) {
		const char *u = items[i];
		const struct sudo_alias *a;
		bool neg = false;

		while (*u == '!') {
			neg = !neg;
			u++;
		}
		if ((a = find_alias(c->sudo, SUDO_ALIAS_USER, u))) {
			if (depth >= 16)
				continue;
			list_eval(c, a->members, a->n_members, sub, depth + 1);
		} else {
			memset(c->mark, 0, np * sizeof(bool));
			mark_user(c, u, 16);	/* depth 16: aliases are resolved here */
			for (k = 0; k < np; k++)
				sub[k] = c->mark[k] ? 1 : -1;
		}
		for (k = 0; k < np; k++)
			if (sub[k] >= 0)
				res[k] = neg ? !sub[k] : sub[k];
	}
	free(sub);
}

/* Does this command (or the Cmnd_Alias it names) amount to ALL? */
static bool cmnd_all(const struct sudo_facts *sf, const char *cmnd, int depth)
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
static int runas_list_root(const struct sudo_facts *sf, char **items, size_t n, int depth)
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

static bool runas_has_root(const struct sudo_facts *sf, const char *runas, int depth)
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
static void auth_off_users(struct ctx *c, bool *off)
{
	const struct sudo_facts *sf = c->sudo;
	size_t i, j, k, np = c->pw->n;
	signed char *res = xcalloc(np ? np : 1, 1);

	memset(off, 0, np * sizeof(bool));
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
				memset(off, 1, np * sizeof(bool));
				continue;
			}
			copy = xstrdup(d->binding + 1);
			for (tok = strtok_r(copy, ", \t", &save); tok && n < PARSE_MAX_LIST; tok = strtok_r(NULL, ", \t", &save))
				items[n++] = tok;
			if (d->binding[0] == ':') {
				list_eval(c, items, n, res, 0);
				for (k = 0; k < np; k++)
					off[k] |= res[k] == 1;
			} else if (runas_list_root(sf, items, n, 0) == 1) {
				memset(off, 1, np * sizeof(bool));
			}
			free(copy);
		}
	free(res);
}

static void add_why(struct priv_account *a, const char *why)
{
	char *n = a->why ? xasprintf("%s; %s", a->why, why) : xstrdup(why);
	free(a->why);
	a->why = n;
}

static struct priv_account *account(struct priv_facts *p, size_t pwi)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].pw == pwi)
			return &p->v[i];
	p->v = xrealloc(p->v, st_mult(p->n + 1, sizeof(*p->v)));
	memset(&p->v[p->n], 0, sizeof(p->v[0]));
	p->v[p->n].pw = pwi;
	return &p->v[p->n++];
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
	struct priv_facts p = { 0 };
	struct ctx c;
	bool *auth_off;
	size_t i, j, k, r;
	int ret;

	if ((ret = facts_passwd(f, &pw, err)) < 0 || (ret = facts_group(f, &gr, err)) < 0 ||
	    (ret = facts_sudoers(f, &sf, err)) < 0)
		return ret;
	c.pw = pw;
	c.gr = gr;
	c.sudo = sf;
	c.mark = xcalloc(pw->n ? pw->n : 1, sizeof(bool));
	auth_off = xcalloc(pw->n ? pw->n : 1, sizeof(bool));
	auth_off_users(&c, auth_off);

	for (i = 0; i < pw->n; i++)
		if (pw->v[i].uid == 0) {
			struct priv_account *a = account(&p, i);
			a->uid0 = a->full_root = true;
			add_why(a, _("uid 0"));
		}
	for (k = 0; k < ARRAY_SIZE(admin_groups); k++) {
		const struct group_entry *g = group_by_name(gr, admin_groups[k].group);
		size_t n, *m;
		if (!g)
			continue;
		m = group_members(pw, g, &n);
		for (i = 0; i < n; i++) {
			struct priv_account *a;
			if (pw->v[m[i]].uid == 0 && strcmp(admin_groups[k].group, "root") == 0)
				continue;
			a = account(&p, m[i]);
			add_why(a, _(admin_groups[k].why));
			if (admin_groups[k].full_root)
				a->full_root = true;
		}
		free(m);
	}

	for (i = 0; i < sf->n_files; i++) {
		const struct sudo_file *file = &sf->files[i];
		for (r = 0; r < file->s.n_rules; r++) {
			const struct sudo_rule *rule = &file->s.rules[r];
			/* who the rule's whole user list names, read as sudo reads it (last match, negation) */
			signed char *whole = xcalloc(pw->n ? pw->n : 1, 1);

			c.unresolved = false;
			list_eval(&c, rule->users, rule->n_users, whole, 0);
			for (j = 0; j < rule->n_users; j++) {
				struct sudo_grant g = { 0 };
				bool any_cmd = false, all_nopw = true, all = false, all_untagged = false;
				bool some_nopw = true, some_untagged = false;
				signed char *one;

				if (rule->users[j][0] == '!')
					continue;	/* a negation grants nothing; it narrows the list (below) */

				for (k = 0; k < rule->n_cmnds; k++) {
					const struct sudo_cmnd *cm = &rule->cmnds[k];
					if (cm->negated) {
						g.negated_cmds = true;
						continue;
					}
					any_cmd = true;
					some_nopw &= cm->nopasswd;
					some_untagged |= !cm->nopasswd && !cm->passwd;
					/* only the commands that amount to ALL decide: they are what any command matches */
					if (cm->all || cmnd_all(sf, cm->cmnd, 0)) {
						all = true;
						if (!cm->nopasswd)
							all_nopw = false;
						if (!cm->nopasswd && !cm->passwd)
							all_untagged = true;
					}
				}
				if (!any_cmd)
					continue;
				g.file = file->path;
				g.line = rule->line;
				g.principal = rule->users[j];
				g.all_cmds = all;
				g.runas_root = runas_has_root(sf, rule->runas, 0);
				g.nopasswd = all ? all_nopw : some_nopw;
				c.unresolved = false;
				one = xcalloc(pw->n ? pw->n : 1, 1);
				list_eval(&c, &rule->users[j], 1, one, 0);
				g.unresolved = c.unresolved;
				g.users = xcalloc(pw->n ? pw->n : 1, sizeof(size_t));
				for (k = 0; k < pw->n; k++)
					if (one[k] == 1 && whole[k] == 1) {
						/* !authenticate counts where no PASSWD: tag overrides it */
						bool nopw = g.nopasswd || ((all ? all_untagged : some_untagged) && auth_off[k]);
						struct priv_account *a;
						char *why;

						g.users[g.n_users++] = k;
						if (!g.runas_root)
							continue;
						a = account(&p, k);
						why = xasprintf(_("sudoers %s:%zu (%s%s)"), g.file, g.line,
								g.all_cmds ? "ALL" : _("some commands"),
								nopw ? ", NOPASSWD" : "");
						add_why(a, why);
						free(why);
						if (g.all_cmds) {
							/* sudo takes the last rule that matches a command: the last grant of ALL decides */
							a->full_root = true;
							a->nopasswd = nopw;
						}
					}
				free(one);
				p.grants = xrealloc(p.grants, st_mult(p.n_grants + 1, sizeof(*p.grants)));
				p.grants[p.n_grants++] = g;
			}
			free(whole);
		}
	}
	free(c.mark);
	free(auth_off);
	if (p.n)
		qsort(p.v, p.n, sizeof(*p.v), cmp_acct);
	*out = p;
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
