/* Multi-factor authentication (AC-2): per entry point, sshd, sudo and the console. */
#include "checks/pam_mfa.h"
#include "checks/sshconn.h"
#include "checks/util.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *sshd_value(const struct sshd_facts *sf, const char *kw, const char *def)
{
	const struct sshd_entry *e = sshd_global(sf, kw);
	return e && e->d->n_args ? e->d->args[0] : def;
}

static bool is_yes(const char *v)
{
	return !strcasecmp(v, "yes");
}

/* Does every AuthenticationMethods list need two different methods? */
static bool methods_need_two(const struct sshd_entry *am)
{
	size_t i;

	if (!am || !am->d->n_args || !strcasecmp(am->d->args[0], "any"))
		return false;
	for (i = 0; i < am->d->n_args; i++)
		if (!strchr(am->d->args[i], ','))
			return false;
	return true;
}

/* No PASS on part of the configuration: a setting or PAM line that was not read may let logins past. */
static void unread_warn(struct check_ctx *ctx, const char *why)
{
	check_add(ctx, ST_WARN, "sshd", _("cannot tell whether SSH logins need a second factor: %s"), why);
	check_set_remedy(ctx, "%s", _("Fix what was not read (the finding names it; sshd -t shows what sshd itself refuses), then run the audit again."));
}

/* The MFA verdict of one connection; grouped by kind and the values that decide it. */
enum mfa_kind { MFA_TWO, MFA_PAM, MFA_PASSWORD, MFA_KEYS, MFA_UNREAD };
#define MFA_GROUPS 16
struct mfa_group {
	enum mfa_kind kind;
	const struct sshd_entry *pw, *kbd, *am;
	bool password, kbd_on;
	struct strbuf who;
	size_t n;
};

/* Users that stand for all: each name of the Match User lines, a member of each Match Group, one other. */
struct mfa_users {
	char v[8][64];
	size_t n;
};

static void users_add(struct mfa_users *u, const char *s, size_t len)
{
	if (len && s[0] == '!') {
		s++;
		len--;
	}
	if (!len || len >= sizeof(u->v[0]) || u->n >= 7)
		return;
	for (size_t i = 0; i < u->n; i++)
		if (strlen(u->v[i]) == len && !strncmp(u->v[i], s, len))
			return;
	memcpy(u->v[u->n], s, len);
	u->v[u->n][len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (u->v[u->n][i] == '*' || u->v[u->n][i] == '?')
			u->v[u->n][i] = 'x';
	u->n++;
}

static void users_add_list(const char *list, void *arg)
{
	while (*list) {
		size_t n = strcspn(list, ",");

		users_add(arg, list, n);
		list += n;
		if (*list)
			list++;
	}
}

struct group_pick {
	struct mfa_users *u;
	const struct group_db *gr;
	const struct passwd_db *pw;
};

static void group_members_add(const char *list, void *arg)
{
	struct group_pick *gp = arg;

	if (!gp->gr || !gp->pw)
		return;
	for (size_t i = 0; i < gp->gr->n; i++) {
		const struct group_entry *g = &gp->gr->v[i];

		if (sshd_pattern_list(g->name, list, false) != 1)
			continue;
		if (g->n_members)
			users_add(gp->u, g->members[0], strlen(g->members[0]));
		for (size_t j = 0; j < gp->pw->n; j++)
			if (gp->pw->v[j].gid == g->gid) {
				users_add(gp->u, gp->pw->v[j].name, strlen(gp->pw->v[j].name));
				break;
			}
	}
}

struct name_hit {
	const char *name;
	bool hit;
};

static void name_hit_list(const char *list, void *arg)
{
	struct name_hit *nh = arg;

	nh->hit |= sshd_pattern_list(nh->name, list, false) != 0;
}

static void mfa_users(const struct sshd_facts *sf, const struct passwd_db *pw, const struct group_db *gr,
		      struct mfa_users *u)
{
	static const char *const others[] = { "someone", "kyuka-other-user", "zz-nobody-else" };
	struct group_pick gp = { u, gr, pw };

	u->n = 0;
	for (size_t i = 0; i < sf->n_files; i++)
		for (size_t j = 0; j < sf->files[i].cfg.n_matches; j++) {
			sshd_match_args(sf->files[i].cfg.matches[j].criteria, "user", users_add_list, u);
			sshd_match_args(sf->files[i].cfg.matches[j].criteria, "group", group_members_add, &gp);
		}
	/* one user no User pattern names: it stands for the other users */
	for (size_t k = 0; k < sizeof(others) / sizeof(others[0]); k++) {
		struct name_hit nh = { others[k], false };

		for (size_t i = 0; i < sf->n_files; i++)
			for (size_t j = 0; j < sf->files[i].cfg.n_matches; j++)
				sshd_match_args(sf->files[i].cfg.matches[j].criteria, "user", name_hit_list, &nh);
		if (!nh.hit) {
			snprintf(u->v[u->n], sizeof(u->v[0]), "%s", others[k]);
			u->n++;
			break;
		}
	}
}

static int mfa_sshd(struct check_ctx *ctx, struct err *err)
{
	const struct sshd_facts *sf;
	const struct pam_stack *ps = NULL;
	const struct passwd_db *pw = NULL;
	const struct group_db *gr = NULL;
	struct pam_mfa pm = { 0 };
	const char *pam_unread = NULL;	/* why the PAM stack sshd uses was not read completely */
	struct mfa_group g[MFA_GROUPS];
	struct mfa_users users;
	struct sshd_reps *reps;
	bool unread_said = false;
	struct err e;
	bool use_pam;
	size_t i, k, u, ng = 0, other, unshown = 0;
	int ret = facts_sshd(ctx->facts, &sf, &e);

	if (ret < 0)
		return fact_failed(ctx, ret, &e, err);
	if (!sf->present) {
		check_add(ctx, ST_SKIP, "sshd", "%s", _("sshd is not installed (no /etc/ssh/sshd_config under the root)"));
		return 0;
	}
	/* OpenSSH's own defaults: UsePAM no, PasswordAuthentication yes, KbdInteractiveAuthentication yes. */
	use_pam = is_yes(sshd_value(sf, "usepam", "no"));
	if (use_pam) {
		if (facts_pam(ctx->facts, "sshd", &ps, &e) < 0)
			pam_unread = e.msg;
		else if (ps->present)
			pam_find_mfa(ps, &pm);
		else
			pam_unread = _("/etc/pam.d/sshd is absent");
		if (!pam_unread && ps->incomplete)
			pam_unread = _("the PAM stack of sshd could not be read completely");
	}
	if (facts_passwd(ctx->facts, &pw, &e) < 0)
		pw = NULL;
	if (facts_group(ctx->facts, &gr, &e) < 0)
		gr = NULL;
	mfa_users(sf, pw, gr, &users);
	other = users.n - 1;
	reps = xmalloc(sizeof(*reps));
	sshd_conn_reps(sf, reps);
	for (u = 0; u < users.n; u++)
		for (k = 0; k < reps->n; k++) {
			const struct sshd_rep *r = &reps->v[k];
			const struct passwd_entry *p = pw ? passwd_by_name(pw, users.v[u]) : NULL;
			const char *groups[64];
			struct sshd_conn c = { .user = users.v[u], .user_exists = p != NULL, .host = r->addr,
					       .addr = r->addr, .laddr = r->laddr, .lport = r->lport };
			const struct sshd_entry *deny, *pwE, *kbdE, *amE;
			bool password, kbd;
			enum mfa_kind kind;
			char desc[300], full[400];

			if (p) {
				c.groups = groups;
				c.n_groups = sshd_account_groups(p, gr, groups, 64);
			}
			if (!sshd_conn_user_allowed(sf, &c, &deny))
				continue;	/* this user cannot log in from there at all */
			pwE = sshd_conn_value(sf, &c, "passwordauthentication", NULL);
			kbdE = sshd_conn_value(sf, &c, "kbdinteractiveauthentication", NULL);
			amE = sshd_conn_value(sf, &c, "authenticationmethods", NULL);
			password = !pwE || is_yes(pwE->d->args[0]);
			kbd = !kbdE || is_yes(kbdE->d->args[0]);
			if (methods_need_two(amE))
				kind = MFA_TWO;
			else if (kbd && use_pam && pm.module && !password)
				kind = MFA_PAM;
			else if (kbd && use_pam && !password && pam_unread)
				kind = MFA_UNREAD;	/* the PAM stack decides and was not read */
			else if (sf->incomplete && !pwE &&
				 !(kbd && use_pam && !pm.module && !pam_unread && kbdE))
				kind = MFA_UNREAD;	/* only defaults open password logins: the unread rest may change them */
			else if (password || (kbd && use_pam && !pm.module))
				kind = MFA_PASSWORD;
			else
				kind = MFA_KEYS;
			sshd_describe_rep(reps, r, desc, sizeof(desc));
			if (users.n > 1 && u == other)
				snprintf(full, sizeof(full), _("other users %s"), desc);
			else if (users.n > 1)
				snprintf(full, sizeof(full), _("user %s %s"), users.v[u], desc);
			else
				snprintf(full, sizeof(full), "%s", desc);
			for (i = 0; i < ng; i++)
				if (g[i].kind == kind && g[i].password == password && g[i].kbd_on == kbd &&
				    (kind != MFA_TWO || g[i].am == amE) &&
				    (kind != MFA_PASSWORD || (g[i].am && amE ? !strcmp(g[i].am->d->args[0], amE->d->args[0])
									  : g[i].am == amE)))
					break;
			if (i == ng) {
				if (ng == MFA_GROUPS) {
					unshown++;
					continue;
				}
				g[ng] = (struct mfa_group){ kind, pwE, kbdE, amE, password, kbd, STRBUF_INIT, 0 };
				strbuf_init(&g[ng].who, 4096);
				ng++;
			}
			if (g[i].n < 4)
				strbuf_addf(&g[i].who, "%s%s", g[i].n ? ", " : "", full);
			g[i].n++;
		}
	for (i = 0; i < ng; i++) {
		const struct sshd_entry *am = g[i].am;
		char who[4200], ev[5000];

		if (g[i].n > 4)
			snprintf(who, sizeof(who), _("%s and %zu more"), g[i].who.buf, g[i].n - 4);
		else
			snprintf(who, sizeof(who), "%s", g[i].who.buf);
		switch (g[i].kind) {
		case MFA_TWO:
			snprintf(ev, sizeof(ev), _("AuthenticationMethods %s (%s:%zu): every login needs two methods"),
				 am->d->args[0], am->file, am->d->line);
			break;
		case MFA_PAM:
			snprintf(ev, sizeof(ev), _("keyboard-interactive logins go through %s (%s:%zu)"),
				 pam_module_base(pm.module->l->module), pm.module->file, pm.module->l->line);
			break;
		case MFA_PASSWORD:
			snprintf(ev, sizeof(ev),
				 _("password logins are accepted without a second factor (PasswordAuthentication %s, KbdInteractiveAuthentication %s, UsePAM %s, AuthenticationMethods %s)"),
				 g[i].password ? "yes" : "no", g[i].kbd_on ? "yes" : "no", use_pam ? "yes" : "no",
				 am && am->d->n_args ? am->d->args[0] : "any");
			break;
		default:
			snprintf(ev, sizeof(ev), "%s",
				 _("password logins are off; public keys only (a second factor can be added with AuthenticationMethods publickey,keyboard-interactive)"));
		}
		if (g[i].kind != MFA_PASSWORD && (sf->incomplete || (g[i].kind == MFA_PAM && pam_unread) ||
						   g[i].kind == MFA_UNREAD)) {
			/* no PASS on part of the configuration */
			if (!unread_said)
				unread_warn(ctx, g[i].kind == MFA_UNREAD && !sf->incomplete ? pam_unread :
						 sf->incomplete ? _("the sshd configuration could not be read completely (see SSH-0050)")
								: pam_unread);
			unread_said = true;
		} else if (ng == 1)
			check_add(ctx, g[i].kind == MFA_PASSWORD ? ST_FAIL : ST_PASS, "sshd", "%s", ev);
		else
			check_add(ctx, g[i].kind == MFA_PASSWORD ? ST_FAIL : ST_PASS, "sshd", _("%s (connections: %s)"),
				  ev, who);
		strbuf_release(&g[i].who);
	}
	if (!ng && !unshown && sf->incomplete)
		unread_warn(ctx, _("the sshd configuration could not be read completely (see SSH-0050)"));
	else if (!ng && !unshown)
		check_add(ctx, ST_PASS, "sshd", "%s",
			  _("AllowUsers, DenyUsers, AllowGroups or DenyGroups refuse every user on every connection tried: no one logs in over SSH"));
	if (unshown)
		check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "sshd",
			      _("%zu of the connections tried get yet other answers, not shown here (more than %d different ones): review the Match blocks with sshd -T -C"),
			      unshown, MFA_GROUPS);
	if (pm.weak)
		check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "sshd", _("%s:%zu: %s is present but %s"), pm.weak->file,
			      pm.weak->l->line, pam_module_base(pm.weak->l->module), _(pm.weak_why));
	free(reps);
	return 0;
}

/* sudo and the console: is there a second factor in the service's auth stack? */
static int mfa_service(struct check_ctx *ctx, const char *service, struct err *err)
{
	const struct pam_stack *ps;
	struct pam_mfa pm;
	struct err e;
	const char *used = service;
	size_t i;
	int ret = facts_pam(ctx->facts, service, &ps, &e);

	if (ret < 0)
		return fact_failed(ctx, ret, &e, err);
	if (!ps->present) {
		/* Linux-PAM takes /etc/pam.d/other for a service without a file of its own */
		used = "other";
		if ((ret = facts_pam(ctx->facts, used, &ps, &e)) < 0)
			return fact_failed(ctx, ret, &e, err);
		if (!ps->present) {
			check_add(ctx, ST_SKIP, service,
				  _("neither /etc/pam.d/%s nor /etc/pam.d/other exists: PAM is not set up under the root"),
				  service);
			return 0;
		}
	}
	pam_find_mfa(ps, &pm);
	if (ps->incomplete && !pm.weak) {
		for (i = 0; i < ps->n_errors; i++)
			check_add(ctx, ST_WARN, service, _("cannot tell whether %s asks for a second factor: %s"), service,
				  ps->errors[i]);
		for (i = 0; i < ps->n_files; i++)
			if (ps->files[i].bad.n)
				check_add(ctx, ST_WARN, service,
					  _("cannot tell whether %s asks for a second factor: %s has %zu line(s) not understood; first at line %zu (%s)"),
					  service, ps->paths[i], ps->files[i].bad.n, ps->files[i].bad.line[0],
					  ps->files[i].bad.why[0]);
		check_set_remedy(ctx, "%s", _("Fix the PAM files named (a PAM stack that cannot be read whole fails or is not what it seems), then run the audit again."));
		return 0;
	}
	if (pm.module)
		check_add(ctx, ST_PASS, service, _("%s (%s:%zu)"), pam_module_base(pm.module->l->module),
			  pm.module->file, pm.module->l->line);
	else if (pm.weak)
		check_add(ctx, ST_WARN, service, _("%s:%zu: %s is present but %s"), pm.weak->file, pm.weak->l->line,
			  pam_module_base(pm.weak->l->module), _(pm.weak_why));
	else
		check_add(ctx, ST_WARN, service, _("no second-factor module in the auth stack of /etc/pam.d/%s"),
			  used);
	return 0;
}

static int mfa_sudo(struct check_ctx *ctx, struct err *err)
{
	struct stat st;

	if (root_stat(ctx->root, "/etc/sudoers", ROOT_MISSING_OK, &st, NULL) == -ENOENT) {
		check_add(ctx, ST_SKIP, "sudo", "%s", _("sudo is not installed (no /etc/sudoers under the root)"));
		return 0;
	}
	return mfa_service(ctx, "sudo", err);
}

static int mfa_login(struct check_ctx *ctx, struct err *err)
{
	return mfa_service(ctx, "login", err);
}

static const struct check checks[] = {
	{ .id = "MFA-0010", .items = "AC-2", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("SSH password logins need a second factor"),
	  .explain = N_("Passwords are guessed, reused and phished; a server that accepts them over SSH from anywhere needs a second factor (one-time code, security key) or keys only."),
	  .remedy = N_("Set \"PasswordAuthentication no\" and use keys, or require two methods: \"AuthenticationMethods publickey,keyboard-interactive\" with a PAM one-time-code module (e.g. libpam-google-authenticator, libpam-oath) in /etc/pam.d/sshd."),
	  .run = mfa_sshd },
	{ .id = "MFA-0020", .items = "AC-2", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_LOW,
	  .title = N_("sudo asks for a second factor"),
	  .explain = N_("With a second factor on sudo, a stolen session or password alone does not give root."),
	  .remedy = N_("Add a second-factor module (e.g. auth required pam_u2f.so or pam_oath.so) to /etc/pam.d/sudo."),
	  .run = mfa_sudo },
	{ .id = "MFA-0030", .items = "AC-2", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_LOW,
	  .title = N_("Console login asks for a second factor"),
	  .explain = N_("Console and serial logins (including a hypervisor's or BMC's remote console) use /etc/pam.d/login."),
	  .remedy = N_("Add a second-factor module to /etc/pam.d/login, or make sure the console is reachable only by people who may use it."),
	  .run = mfa_login },
};

CHECK_AREA(mfa_area, "mfa", checks);
