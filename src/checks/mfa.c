/* Multi-factor authentication (AC-2): per entry point, sshd, sudo and the console. */
#include "checks/util.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* PAM modules that ask for a second factor (one-time codes, security keys, RADIUS/push). */
static const char *const mfa_modules[] = {
	"pam_google_authenticator.so", "pam_oath.so", "pam_u2f.so", "pam_yubico.so", "pam_duo.so",
	"pam_radius_auth.so", "pam_radius.so", "pam_privacyidea.so", "pam_linotp.so", "pam_totp.so",
	"pam_2fa.so", "pam_pkcs11.so", "pam_p11.so", "pam_mfa.so",
};

struct pam_mfa {
	const struct pam_entry *module;	/* the enforcing MFA module, or NULL */
	const struct pam_entry *weak;	/* an MFA module that can be skipped (optional, sufficient, nullok) */
	const char *weak_why;
};

static bool is_mfa_module(const char *m)
{
	const char *base = pam_module_base(m);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mfa_modules); i++)
		if (strcmp(base, mfa_modules[i]) == 0)
			return true;
	return false;
}

/* Does the control make the module's success necessary? */
static bool control_enforces(const char *c)
{
	if (!strcmp(c, "required") || !strcmp(c, "requisite"))
		return true;
	if (c[0] == '[')
		return !strstr(c, "default=ignore") && !strstr(c, "default=ok") && !strstr(c, "success=done");
	return false; /* optional, sufficient */
}

static void pam_find_mfa(const struct pam_stack *s, struct pam_mfa *out)
{
	size_t i, j;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < s->n; i++) {
		const struct pam_entry *e = &s->v[i];
		bool nullok = false;

		if (e->l->type != PAM_T_AUTH || !is_mfa_module(e->l->module))
			continue;
		for (j = 0; j < e->l->n_args; j++)
			if (!strcmp(e->l->args[j], "nullok"))
				nullok = true;
		if (!control_enforces(e->l->control)) {
			out->weak = e;
			out->weak_why = N_("it is not required (its control lets the stack succeed without it)");
		} else if (nullok) {
			out->weak = e;
			out->weak_why = N_("it has nullok: users who have not enrolled skip it");
		} else if (!out->module) {
			out->module = e;
		}
	}
}

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

static int mfa_sshd(struct check_ctx *ctx, struct err *err)
{
	const struct sshd_facts *sf;
	const struct pam_stack *ps = NULL;
	const struct sshd_entry *am;
	struct pam_mfa pm = { 0 };
	const char *pam_unread = NULL;	/* why the PAM stack sshd uses was not read completely */
	struct err e;
	bool use_pam, password, kbd;
	size_t i;
	int ret = facts_sshd(ctx->facts, &sf, &e);

	if (ret < 0)
		return fact_failed(ctx, ret, &e, err);
	if (!sf->present) {
		check_add(ctx, ST_SKIP, "sshd", "%s", _("sshd is not installed (no /etc/ssh/sshd_config under the root)"));
		return 0;
	}
	/* OpenSSH's own defaults: UsePAM no, PasswordAuthentication yes, KbdInteractiveAuthentication yes. */
	use_pam = is_yes(sshd_value(sf, "usepam", "no"));
	password = is_yes(sshd_value(sf, "passwordauthentication", "yes"));
	kbd = is_yes(sshd_value(sf, "kbdinteractiveauthentication",
				sshd_value(sf, "challengeresponseauthentication", "yes")));
	am = sshd_global(sf, "authenticationmethods");
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

	if (methods_need_two(am)) {
		if (sf->incomplete)
			unread_warn(ctx, _("the sshd configuration could not be read completely (see SSH-0050)"));
		else
			check_add(ctx, ST_PASS, "sshd", _("AuthenticationMethods %s (%s:%zu): every login needs two methods"),
				  am->d->args[0], am->file, am->d->line);
	} else if (kbd && use_pam && pm.module && !password) {
		if (sf->incomplete || pam_unread)
			unread_warn(ctx, sf->incomplete ? _("the sshd configuration could not be read completely (see SSH-0050)")
							: pam_unread);
		else
			check_add(ctx, ST_PASS, "sshd", _("keyboard-interactive logins go through %s (%s:%zu)"),
				  pam_module_base(pm.module->l->module), pm.module->file, pm.module->l->line);
	} else if (kbd && use_pam && !password && pam_unread) {
		unread_warn(ctx, pam_unread);
	} else if (sf->incomplete && !(password && sshd_global(sf, "passwordauthentication")) &&
		   !(kbd && use_pam && !pm.module && !pam_unread &&
		     (sshd_global(sf, "kbdinteractiveauthentication") || sshd_global(sf, "challengeresponseauthentication")))) {
		/* what was read sets nothing that opens password logins: the verdict would rest on defaults the rest may change */
		unread_warn(ctx, _("the sshd configuration could not be read completely (see SSH-0050)"));
	} else if (password || (kbd && use_pam && !pm.module)) {
		check_add(ctx, ST_FAIL, "sshd",
			  _("password logins are accepted without a second factor (PasswordAuthentication %s, KbdInteractiveAuthentication %s, UsePAM %s, AuthenticationMethods %s)"),
			  password ? "yes" : "no", kbd ? "yes" : "no", use_pam ? "yes" : "no",
			  am && am->d->n_args ? am->d->args[0] : "any");
	} else {
		check_add(ctx, ST_PASS, "sshd", "%s",
			  _("password logins are off; public keys only (a second factor can be added with AuthenticationMethods publickey,keyboard-interactive)"));
	}
	if (pm.weak)
		check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "sshd", _("%s:%zu: %s is present but %s"), pm.weak->file,
			      pm.weak->l->line, pam_module_base(pm.weak->l->module), _(pm.weak_why));
	/* Match blocks that turn passwords back on for some connections. */
	for (i = 0; i < sf->n; i++) {
		const struct sshd_entry *m = &sf->v[i];
		if (m->match && m->d->n_args && is_yes(m->d->args[0]) &&
		    (!strcmp(m->d->keyword, "passwordauthentication") ||
		     (!strcmp(m->d->keyword, "kbdinteractiveauthentication") && !pm.module)))
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "sshd",
				      _("%s:%zu: %s yes inside \"Match %s\": password logins without a second factor for those connections"),
				      m->file, m->d->line,
				      !strcmp(m->d->keyword, "passwordauthentication") ? "PasswordAuthentication"
										      : "KbdInteractiveAuthentication",
				      m->match);
	}
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
