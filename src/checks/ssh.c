/* OpenSSH server (AC-1, AC-3): root login, keys, and the protection of its files. */
#include "checks/sshconn.h"
#include "checks/util.h"
#include "parse/config/ssh.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int load_sshd(struct check_ctx *ctx, const struct sshd_facts **sf, struct err *err)
{
	struct err e;
	int ret = facts_sshd(ctx->facts, sf, &e);

	if (ret < 0)
		return fact_failed(ctx, ret, &e, err) < 0 ? ret : 1;
	if (!(*sf)->present) {
		check_add(ctx, ST_SKIP, "", "%s", _("sshd is not installed (no /etc/ssh/sshd_config under the root)"));
		return 1;
	}
	return 0;
}

/* No PASS on part of the configuration: what was not read may allow root logins. */
static void warn_incomplete(struct check_ctx *ctx, const char *val, const char *where)
{
	check_add(ctx, ST_WARN, "PermitRootLogin",
		  _("PermitRootLogin %s (%s) in what could be read, but the sshd configuration could not be read completely (see SSH-0050): a setting in the rest may allow root logins"),
		  val, where);
	check_set_remedy(ctx, "%s",
			 _("Fix what SSH-0050 names (sshd -t shows what sshd itself refuses), then run the audit again."));
}

#define ROOT_GROUPS 16
struct root_group {
	const struct sshd_entry *e;	/* the PermitRootLogin line, or the line refusing root */
	bool refused;			/* DenyUsers/AllowUsers/...: root may not log in at all */
	char val[40];
	struct strbuf who;
	size_t n;
};

static void group_who(struct root_group *g, const char *desc)
{
	if (g->n < 4)
		strbuf_addf(&g->who, "%s%s", g->n ? ", " : "", desc);
	g->n++;
}

static int ssh_root_login(struct check_ctx *ctx, struct err *err)
{
	const struct sshd_facts *sf;
	const struct passwd_db *pw;
	const struct group_db *gr = NULL;
	const struct key_facts *kf = NULL;
	const struct passwd_entry *root = NULL;
	const char *groups[64], *why;
	struct root_group g[ROOT_GROUPS];
	struct sshd_reps *reps;
	struct err ignored;
	size_t i, k, ng = 0, root_keys = 0, unshown = 0;
	int ret = load_sshd(ctx, &sf, err);

	if (ret)
		return ret < 0 ? ret : 0;
	if (facts_passwd(ctx->facts, &pw, &ignored) == 0) {
		root = passwd_by_name(pw, "root");
		if (facts_keys(ctx->facts, &kf, &ignored) == 0)
			for (i = 0; i < pw->n && i < kf->n; i++)
				if (pw->v[i].uid == 0)
					root_keys += kf->v[i].n_keys;
	}
	if (facts_group(ctx->facts, &gr, &ignored) < 0)
		gr = NULL;
	if ((why = sshd_refused(sf, NULL)))
		check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "sshd_config",
			      _("sshd refuses this configuration (%s): it does not start with it, and a reload keeps the previous one; the verdicts below are for the files as written"),
			      why);

	/* Root's answer on every representative connection, grouped by the line that decides it. */
	reps = xmalloc(sizeof(*reps));
	sshd_conn_reps(sf, reps);
	for (k = 0; k < reps->n; k++) {
		const struct sshd_rep *r = &reps->v[k];
		struct sshd_conn c = { .user = "root", .user_exists = root != NULL, .host = r->addr,
				       .addr = r->addr, .laddr = r->laddr, .lport = r->lport };
		const struct sshd_entry *e, *deny;
		char val[40], desc[300];
		bool refused;

		if (root) {
			c.groups = groups;
			c.n_groups = sshd_account_groups(root, gr, groups, 64);
		}
		refused = !sshd_conn_user_allowed(sf, &c, &deny);
		e = refused ? deny : sshd_conn_value(sf, &c, "permitrootlogin", NULL);
		snprintf(val, sizeof(val), "%s", refused ? "" : e ? e->d->args[0] : "prohibit-password");
		sshd_describe_rep(reps, r, desc, sizeof(desc));
		for (i = 0; i < ng; i++)
			if (g[i].e == e && g[i].refused == refused && !strcasecmp(g[i].val, val))
				break;
		if (i == ng) {
			if (ng == ROOT_GROUPS) {
				unshown++;
				continue;
			}
			g[ng].e = e;
			g[ng].refused = refused;
			snprintf(g[ng].val, sizeof(g[ng].val), "%s", val);
			strbuf_init(&g[ng].who, 4096);
			g[ng].n = 0;
			ng++;
		}
		group_who(&g[i], desc);
	}
	for (i = 0; i < ng; i++) {
		const char *val = g[i].val;
		char where[300], who[4200];

		if (g[i].e)
			snprintf(where, sizeof(where), "%s:%zu", g[i].e->file, g[i].e->d->line);
		else
			snprintf(where, sizeof(where), "%s", _("OpenSSH default"));
		if (g[i].n > 4)
			snprintf(who, sizeof(who), _("%s and %zu more"), g[i].who.buf, g[i].n - 4);
		else
			snprintf(who, sizeof(who), "%s", g[i].who.buf);
		if (g[i].refused) {
			if (sf->incomplete)
				warn_incomplete(ctx, g[i].e->d->keyword, where);
			else
				check_add(ctx, ST_PASS, "PermitRootLogin", _("root may not log in %s: %s %s (%s)"), who,
					  g[i].e->d->keyword, g[i].e->d->args[0], where);
		} else if (!strcasecmp(val, "yes")) {
			if (ng == 1)
				check_add(ctx, ST_FAIL, "PermitRootLogin",
					  _("PermitRootLogin yes (%s): root may log in with a password"), where);
			else
				check_add(ctx, ST_FAIL, "PermitRootLogin",
					  _("PermitRootLogin yes (%s): root may log in with a password %s"), where, who);
		} else if (!strcasecmp(val, "prohibit-password") || !strcasecmp(val, "without-password")) {
			if (root_keys && ng == 1)
				check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "PermitRootLogin",
					      _("PermitRootLogin %s (%s) and root has %zu authorized key(s): direct root logins bypass personal accounts"),
					      val, where, root_keys);
			else if (root_keys)
				check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "PermitRootLogin",
					      _("PermitRootLogin %s (%s) %s, and root has %zu authorized key(s): direct root logins bypass personal accounts"),
					      val, where, who, root_keys);
			else if (sf->incomplete)
				warn_incomplete(ctx, val, where);
			else if (ng == 1)
				check_add(ctx, ST_PASS, "PermitRootLogin",
					  _("PermitRootLogin %s (%s) and root has no authorized keys"), val, where);
			else
				check_add(ctx, ST_PASS, "PermitRootLogin",
					  _("PermitRootLogin %s (%s) %s, and root has no authorized keys"), val, where, who);
		} else if (sf->incomplete) {
			warn_incomplete(ctx, val, where);
		} else if (ng == 1) {
			check_add(ctx, ST_PASS, "PermitRootLogin", "PermitRootLogin %s (%s)", val, where);
		} else {
			check_add(ctx, ST_PASS, "PermitRootLogin", "PermitRootLogin %s (%s) %s", val, where, who);
		}
		strbuf_release(&g[i].who);
	}
	if (unshown)
		check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "PermitRootLogin",
			      _("%zu of the connections tried get yet other answers, not shown here (more than %d different ones): review the Match blocks with sshd -T -C"),
			      unshown, ROOT_GROUPS);
	if (reps->truncated)
		check_add_sev(ctx, ST_WARN, SEV_LOW, "PermitRootLogin",
			      _("%zu representative connections tried; the Match lines name more addresses and ports than that, so some were not tried"),
			      reps->n);
	free(reps);
	return 0;
}

static int ssh_weak_keys(struct check_ctx *ctx, struct err *err)
{
	const struct passwd_db *pw;
	const struct key_facts *kf;
	struct err e;
	size_t i, j, k, n_files = 0, n_keys = 0, before = check_n_findings(ctx);
	int ret;

	if ((ret = facts_passwd(ctx->facts, &pw, &e)) < 0 || (ret = facts_keys(ctx->facts, &kf, &e)) < 0)
		return fact_failed(ctx, ret, &e, err);
	for (i = 0; i < kf->n; i++)
		for (j = 0; j < kf->v[i].n_files; j++) {
			const struct key_file *f = &kf->v[i].files[j];
			if (f->status == 0)
				n_files++;
			n_keys += f->keys.n;
			for (k = 0; k < f->keys.n; k++) {
				const struct authkey *key = &f->keys.v[k];
				if (key->type == KEY_DSA)
					check_add(ctx, ST_FAIL, pw->v[i].name,
						  _("%s line %zu: DSA key %s (DSA is broken and disabled in current OpenSSH)"),
						  f->path, key->line, key->fingerprint);
				else if (key->type == KEY_RSA && key->bits < ctx->ssh->min_rsa_bits)
					check_add(ctx, ST_FAIL, pw->v[i].name,
						  _("%s line %zu: RSA key of %u bits %s (less than %u)"), f->path,
						  key->line, key->bits, key->fingerprint, ctx->ssh->min_rsa_bits);
			}
			if (f->keys.bad.n)
				check_add_sev(ctx, ST_WARN, SEV_LOW, pw->v[i].name,
					      _("%s: %zu line(s) are not keys kyuka understands; first at line %zu (%s)"),
					      f->path, f->keys.bad.n, f->keys.bad.line[0], f->keys.bad.why[0]);
		}
	if (check_n_findings(ctx) == before && !n_keys)
		check_add(ctx, ST_PASS, "", _("no authorized_keys file with a key in the home directories of %zu account(s)"),
			  pw->n);
	else if (check_n_findings(ctx) == before)
		check_add(ctx, ST_PASS, "",
			  _("no DSA key and no RSA key under %u bits among %zu key(s) in %zu authorized_keys file(s) of %zu account(s)"),
			  ctx->ssh->min_rsa_bits, n_keys, n_files, pw->n);
	return 0;
}

static int ssh_files_protected(struct check_ctx *ctx, struct err *err)
{
	const struct sshd_facts *sf;
	size_t i, bad = 0;
	int ret = load_sshd(ctx, &sf, err);

	if (ret)
		return ret < 0 ? ret : 0;
	for (i = 0; i < sf->n_files; i++) {
		char *why = file_perm_problem(&sf->files[i].st);
		if (why) {
			check_add(ctx, ST_FAIL, sf->files[i].path, "%s", why);
			bad++;
		}
		free(why);
	}
	if (!bad)
		check_add(ctx, ST_PASS, "", _("%zu sshd configuration file(s) read, each owned by root and writable by nobody else"),
			  sf->n_files);
	return 0;
}

static int ssh_key_files_owned(struct check_ctx *ctx, struct err *err)
{
	const struct passwd_db *pw;
	const struct key_facts *kf;
	struct err e;
	size_t i, j, n_ok = 0, before = check_n_findings(ctx);
	int ret;

	if ((ret = facts_passwd(ctx->facts, &pw, &e)) < 0 || (ret = facts_keys(ctx->facts, &kf, &e)) < 0)
		return fact_failed(ctx, ret, &e, err);
	for (i = 0; i < kf->n; i++)
		for (j = 0; j < kf->v[i].n_files; j++) {
			const struct key_file *f = &kf->v[i].files[j];
			if (f->status == -ELOOP)
				check_add(ctx, ST_WARN, pw->v[i].name,
					  _("%s is a symbolic link (or lies behind one): not read"), f->path);
			else if (f->status == -EMLINK)
				check_add(ctx, ST_WARN, pw->v[i].name, _("%s has several hard links: not read"),
					  f->path);
			else if (f->status < 0)
				check_add(ctx, ST_WARN, pw->v[i].name, _("%s could not be read: %s"), f->path,
					  strerror(-f->status));
			else if (f->owner != pw->v[i].uid && f->owner != 0)
				check_add(ctx, ST_WARN, pw->v[i].name, _("%s belongs to uid %u, not to the account"),
					  f->path, (unsigned)f->owner);
			else
				n_ok++;
		}
	if (check_n_findings(ctx) == before && !n_ok)
		check_add(ctx, ST_PASS, "", _("no authorized_keys file in the home directories of %zu account(s)"), pw->n);
	else if (check_n_findings(ctx) == before)
		check_add(ctx, ST_PASS, "", _("%zu authorized_keys file(s) found in the home directories of %zu account(s), each a plain file of its owner"),
			  n_ok, pw->n);
	return 0;
}

static int ssh_config_readable(struct check_ctx *ctx, struct err *err)
{
	const struct sshd_facts *sf;
	size_t i;
	int ret = load_sshd(ctx, &sf, err);

	if (ret)
		return ret < 0 ? ret : 0;
	for (i = 0; i < sf->n_errors; i++)
		check_add(ctx, ST_WARN, "sshd_config", "%s", sf->errors[i]);
	for (i = 0; i < sf->n_files; i++) {
		const struct parse_bad *b = &sf->files[i].cfg.bad;
		if (b->n)
			check_add(ctx, ST_WARN, sf->files[i].path, _("%zu line(s) not understood; first at line %zu (%s)"),
				  b->n, b->line[0], b->why[0]);
	}
	if (!sf->n_errors && !sf->bad_lines)
		check_add(ctx, ST_PASS, "", _("%zu file(s) read (/etc/ssh/sshd_config and its includes), every line understood"),
			  sf->n_files);
	return 0;
}

static const struct check checks[] = {
	{ .id = "SSH-0010", .items = "AC-3,AC-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("Root cannot log in over SSH"),
	  .explain = N_("Direct root logins leave no trace of which person acted, and make root's password or key the one secret an attacker needs."),
	  .remedy = N_("Set \"PermitRootLogin no\" in /etc/ssh/sshd_config (administrators log in as themselves and use sudo), then reload sshd."),
	  .run = ssh_root_login },
	{ .id = "SSH-0020", .items = "AC-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("No weak SSH keys are authorized"),
	  .explain = N_("DSA keys and RSA keys shorter than ssh.min_rsa_bits (default 2048) can be broken or are refused by current clients."),
	  .remedy = N_("Ask the owner for a new key (ssh-keygen -t ed25519) and remove the weak one from authorized_keys."),
	  .run = ssh_weak_keys },
	{ .id = "SSH-0030", .items = "AC-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("sshd configuration files are protected"),
	  .explain = N_("Whoever can write sshd_config or a file it includes decides who may log in."),
	  .remedy = N_("chown root:root the file and chmod 644 (or 600) it."),
	  .run = ssh_files_protected },
	{ .id = "SSH-0040", .items = "AC-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_MEDIUM,
	  .title = N_("authorized_keys files are plain files of their owner"),
	  .explain = N_("kyuka does not follow links in users' directories; a linked or foreign-owned authorized_keys is not what it seems and was not reviewed."),
	  .remedy = N_("Replace the link with a regular file owned by the user, mode 600."),
	  .run = ssh_key_files_owned },
	{ .id = "SSH-0050", .items = "AC-1,AC-2", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_MEDIUM,
	  .title = N_("sshd configuration can be reviewed completely"),
	  .explain = N_("Included files that cannot be read and lines kyuka does not understand hide settings from the review."),
	  .remedy = N_("Check with sshd -t and fix the files named."),
	  .run = ssh_config_readable },
};

CHECK_AREA(ssh_area, "ssh", checks);
