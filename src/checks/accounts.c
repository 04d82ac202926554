/* Accounts (AC-1, AC-3): who exists, who can log in, who has not for a long time. */
#include "checks/privileged.h"
#include "checks/util.h"
#include "parse/config/accounts.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The shadow entry of an account, or NULL. */
static const struct shadow_entry *shadow_of(const struct shadow_db *sh, const struct passwd_entry *p)
{
	return sh ? shadow_by_name(sh, p->name) : NULL;
}

/* Password state: from shadow when passwd says "x", else from the passwd field itself. */
static enum pw_state pw_state_of(const struct shadow_db *sh, const struct passwd_entry *p)
{
	const struct shadow_entry *s;
	enum pw_state st;
	enum pw_scheme sc;

	if (strcmp(p->passwd, "x") != 0) {
		pw_classify(p->passwd, &st, &sc);
		return st;
	}
	s = shadow_of(sh, p);
	return s ? s->state : PW_NOLOGIN;
}

static size_t n_keys(const struct key_facts *kf, size_t i)
{
	return kf && i < kf->n ? kf->v[i].n_keys : 0;
}

/* An /etc/passwd without entries shows nothing: SKIP instead of a PASS over no accounts. */
static bool no_accounts(struct check_ctx *ctx, const struct passwd_db *pw)
{
	if (pw->n)
		return false;
	check_add(ctx, ST_SKIP, "", "%s",
		  _("/etc/passwd holds no accounts: check that the root is a whole system (every system has root)"));
	return true;
}

/* Which login records were read, for evidence: "lastlog and wtmp", "lastlog" or "wtmp". */
static const char *login_sources(const struct login_facts *lf)
{
	if (lf->have_lastlog && lf->have_wtmp)
		return "/var/log/lastlog, /var/log/wtmp";
	return lf->have_lastlog ? "/var/log/lastlog" : "/var/log/wtmp";
}

/* A key-based check cannot decide when the authorized_keys files could not be read. */
static bool no_keys(struct check_ctx *ctx, const struct key_facts *kf)
{
	if (kf)
		return false;
	check_add(ctx, ST_SKIP, "", "%s",
		  _("the accounts' authorized_keys files could not be read (run kyuka as root)"));
	return true;
}

static int acct_uid0_only_root(struct check_ctx *ctx, struct err *err)
{
	const struct passwd_db *pw;
	struct err e;
	size_t i, bad = 0;
	int ret = facts_passwd(ctx->facts, &pw, &e);

	if (ret < 0)
		return fact_failed_or_missing(ctx, ret, &e, err);
	if (no_accounts(ctx, pw))
		return 0;
	for (i = 0; i < pw->n; i++)
		if (pw->v[i].uid == 0 && strcmp(pw->v[i].name, "root") != 0) {
			check_add(ctx, ST_FAIL, pw->v[i].name, _("uid 0 in /etc/passwd line %zu (shell %s)"),
				  pw->v[i].line, pw->v[i].shell);
			bad++;
		}
	if (!bad)
		check_add(ctx, ST_PASS, "", _("%zu account(s) in /etc/passwd: no account but root has uid 0"), pw->n);
	return 0;
}

static int acct_empty_password(struct check_ctx *ctx, struct err *err)
{
	const struct passwd_db *pw;
	const struct shadow_db *sh;
	struct err e;
	size_t i, bad = 0;
	int ret;

	if ((ret = facts_passwd(ctx->facts, &pw, &e)) < 0 || (ret = facts_shadow(ctx->facts, &sh, &e)) < 0)
		return fact_failed_or_missing(ctx, ret, &e, err);
	if (no_accounts(ctx, pw))
		return 0;
	for (i = 0; i < pw->n; i++) {
		const struct passwd_entry *p = &pw->v[i];
		const struct shadow_entry *s = shadow_of(sh, p);

		if (account_ignored(ctx, p->name))
			continue;
		if (p->passwd[0] == '\0') {
			check_add(ctx, ST_FAIL, p->name, _("empty password field in /etc/passwd line %zu"), p->line);
			bad++;
		} else if (strcmp(p->passwd, "x") == 0 && s && s->state == PW_EMPTY) {
			check_add(ctx, ST_FAIL, p->name, _("empty password field in /etc/shadow line %zu"), s->line);
			bad++;
		}
	}
	if (!bad)
		check_add(ctx, ST_PASS, "", _("%zu account(s) in /etc/passwd, %zu in /etc/shadow: no empty password field"),
			  pw->n, sh->n);
	return 0;
}

/* Can this account log in at all: a login shell and a usable password or a key. */
static bool can_log_in(enum pw_state st, const struct passwd_entry *p, size_t keys)
{
	if (!shell_is_login(p->shell))
		return false;
	return st == PW_USABLE || st == PW_EMPTY || keys > 0;
}

struct acct_facts {
	const struct passwd_db *pw;
	const struct shadow_db *sh;
	const struct login_facts *lf;
	const struct key_facts *kf;
};

static int load_acct(struct check_ctx *ctx, struct acct_facts *a, bool need_logins, struct err *err)
{
	struct err e, ignored;
	int ret;

	memset(a, 0, sizeof(*a));
	if ((ret = facts_passwd(ctx->facts, &a->pw, &e)) < 0 || (ret = facts_shadow(ctx->facts, &a->sh, &e)) < 0)
		return fact_failed_or_missing(ctx, ret, &e, err) < 0 ? ret : 1;
	if (no_accounts(ctx, a->pw))
		return 1;
	if (need_logins) {
		if ((ret = facts_logins(ctx->facts, &a->lf, &e)) < 0)
			return fact_failed_or_missing(ctx, ret, &e, err) < 0 ? ret : 1;
		if (!a->lf->have_lastlog && !a->lf->have_wtmp) {
			check_add(ctx, ST_SKIP, "", "%s",
				  _("no login records (/var/log/lastlog and /var/log/wtmp are both missing)"));
			return 1;
		}
	}
	if (facts_keys(ctx->facts, &a->kf, &ignored) < 0)
		a->kf = NULL;
	return 0;
}

static int acct_dormant(struct check_ctx *ctx, struct err *err)
{
	struct acct_facts a;
	long today = ctx_today(ctx);
	uint32_t days = ctx->accounts->dormant_days;
	struct check_group g;
	size_t i, usable = 0, bad;
	int ret = load_acct(ctx, &a, true, err);

	if (ret)
		return ret < 0 ? ret : 0;
	check_group_init(&g, ctx, ST_WARN, ctx->cur->severity);
	for (i = 0; i < a.pw->n; i++) {
		const struct passwd_entry *p = &a.pw->v[i];
		const struct last_login *l = &a.lf->v[i];
		char when[400];

		if (account_ignored(ctx, p->name) || !can_log_in(pw_state_of(a.sh, p), p, n_keys(a.kf, i)))
			continue;
		usable++;
		if (l->time <= 0)
			continue; /* never used: ACCT-0040 */
		if ((today - (long)(l->time / 86400)) <= (long)days)
			continue;
		fmt_last_login(l, when, sizeof(when));
		check_group_add(&g, p->name, _("no login for %ld days (more than %u); last login %s"),
				today - (long)(l->time / 86400), days, when);
	}
	bad = g.n;
	check_group_end(&g, ngettext("%zu account can log in but has not been used for more than %u days",
				     "%zu accounts can log in but have not been used for more than %u days", g.n),
			g.n, days);
	if (!bad)
		check_add(ctx, ST_PASS, "",
			  _("%zu of %zu account(s) in /etc/passwd can log in; none of them last logged in more than %u days ago (%s)"),
			  usable, a.pw->n, days, login_sources(a.lf));
	return 0;
}

static int acct_never_used(struct check_ctx *ctx, struct err *err)
{
	struct acct_facts a;
	long today = ctx_today(ctx);
	uint32_t days = ctx->accounts->dormant_days;
	struct check_group g;
	size_t i, never = 0, bad;
	int ret = load_acct(ctx, &a, true, err);

	if (ret)
		return ret < 0 ? ret : 0;
	check_group_init(&g, ctx, ST_WARN, ctx->cur->severity);
	for (i = 0; i < a.pw->n; i++) {
		const struct passwd_entry *p = &a.pw->v[i];
		const struct shadow_entry *s = shadow_of(a.sh, p);
		enum pw_state st = pw_state_of(a.sh, p);
		char set[16] = "?";

		if (account_ignored(ctx, p->name) || a.lf->v[i].time > 0 || p->uid == 0)
			continue;
		never++;
		if (st != PW_USABLE || !shell_is_login(p->shell))
			continue;
		/* A password set recently belongs to a new account: give it the dormancy period. */
		if (s && s->last_change > 0) {
			if (today - s->last_change <= (long)days)
				continue;
			fmt_date((time_t)s->last_change * 86400, set, sizeof(set));
		}
		check_group_add(&g, p->name, _("never logged in, yet has a usable password (set %s) and shell %s"),
				set, p->shell[0] ? p->shell : "/bin/sh");
	}
	bad = g.n;
	check_group_end(&g, ngettext("%zu account has never been used, yet has a usable password and a login shell",
				     "%zu accounts have never been used, yet have a usable password and a login shell", g.n),
			g.n);
	if (!bad)
		check_add(ctx, ST_PASS, "",
			  _("%zu of %zu account(s) in /etc/passwd never logged in (%s); none of them has had a usable password and a login shell for more than %u days"),
			  never, a.pw->n, login_sources(a.lf), days);
	return 0;
}

static int acct_system_shell(struct check_ctx *ctx, struct err *err)
{
	const struct logindefs *ld;
	struct acct_facts a;
	uint64_t uid_min;
	size_t i, sys = 0, bad = 0;
	int ret = load_acct(ctx, &a, false, err);
	struct err e;

	if (ret)
		return ret < 0 ? ret : 0;
	if ((ret = facts_logindefs(ctx->facts, &ld, &e)) < 0)
		return fact_failed(ctx, ret, &e, err);
	uid_min = logindefs_get_u64(ld, "UID_MIN", 1000);
	for (i = 0; i < a.pw->n; i++) {
		const struct passwd_entry *p = &a.pw->v[i];
		enum pw_state st = pw_state_of(a.sh, p);

		if (p->uid == 0 || p->uid >= uid_min || account_ignored(ctx, p->name))
			continue;
		sys++;
		if (!shell_is_login(p->shell))
			continue;
		if (st == PW_USABLE || st == PW_EMPTY) {
			check_add(ctx, ST_FAIL, p->name,
				  _("system account (uid %u < UID_MIN %ju) with shell %s and a usable password"),
				  p->uid, (uintmax_t)uid_min, p->shell[0] ? p->shell : "/bin/sh");
			bad++;
		} else if (n_keys(a.kf, i)) {
			check_add(ctx, ST_FAIL, p->name,
				  _("system account (uid %u < UID_MIN %ju) with shell %s and %zu SSH key(s)"), p->uid,
				  (uintmax_t)uid_min, p->shell[0] ? p->shell : "/bin/sh", n_keys(a.kf, i));
			bad++;
		}
	}
	if (!bad && !a.kf)
		check_add(ctx, ST_SKIP, "",
			  _("%zu system account(s) in /etc/passwd have no usable password, but their authorized_keys files could not be read (run kyuka as root)"),
			  sys);
	else if (!bad)
		check_add(ctx, ST_PASS, "",
			  _("%zu system account(s) (uid < UID_MIN %ju) in /etc/passwd: none has a login shell with a usable password or an SSH key"),
			  sys, (uintmax_t)uid_min);
	return 0;
}

static int acct_locked_keyed(struct check_ctx *ctx, struct err *err)
{
	struct acct_facts a;
	size_t i, keyed = 0, bad = 0;
	int ret = load_acct(ctx, &a, false, err);

	if (ret)
		return ret < 0 ? ret : 0;
	if (no_keys(ctx, a.kf))
		return 0;
	for (i = 0; i < a.pw->n; i++) {
		const struct passwd_entry *p = &a.pw->v[i];
		enum pw_state st = pw_state_of(a.sh, p);

		if (account_ignored(ctx, p->name) || !n_keys(a.kf, i) || !shell_is_login(p->shell))
			continue;
		keyed++;
		/* Only a lock put in front of a real hash (passwd -l): "*" or "!" alone is a normal key-only account. */
		if (st == PW_LOCKED) {
			check_add(ctx, ST_WARN, p->name,
				  _("password is locked, but %zu SSH key(s) still let it log in (%s)"), n_keys(a.kf, i),
				  a.kf->v[i].files[0].path);
			bad++;
		}
	}
	if (!bad)
		check_add(ctx, ST_PASS, "",
			  _("authorized_keys of %zu account(s) in /etc/passwd read: %zu of them hold SSH keys, none has a locked password"),
			  a.pw->n, keyed);
	return 0;
}

static int acct_expired_keyed(struct check_ctx *ctx, struct err *err)
{
	struct acct_facts a;
	long today = ctx_today(ctx);
	size_t i, expired = 0, bad = 0;
	int ret = load_acct(ctx, &a, false, err);

	if (ret)
		return ret < 0 ? ret : 0;
	if (no_keys(ctx, a.kf))
		return 0;
	for (i = 0; i < a.pw->n; i++) {
		const struct passwd_entry *p = &a.pw->v[i];
		const struct shadow_entry *s = shadow_of(a.sh, p);
		char exp[16];

		if (!s || s->expire < 0 || s->expire > today || account_ignored(ctx, p->name))
			continue;
		expired++;
		fmt_date((time_t)s->expire * 86400, exp, sizeof(exp));
		if (n_keys(a.kf, i)) {
			check_add(ctx, ST_WARN, p->name, _("account expired on %s but still holds %zu SSH key(s) in %s"),
				  exp, n_keys(a.kf, i), a.kf->v[i].files[0].path);
			bad++;
		}
	}
	if (!bad)
		check_add(ctx, ST_PASS, "",
			  _("%zu account(s) in /etc/shadow, %zu of them expired: none of those holds SSH keys"),
			  a.sh->n, expired);
	return 0;
}

static int acct_privileged_inventory(struct check_ctx *ctx, struct err *err)
{
	const struct passwd_db *pw;
	const struct priv_facts *pf;
	const struct login_facts *lf = NULL;
	struct err e, ignored;
	size_t i;
	int ret;

	if ((ret = facts_passwd(ctx->facts, &pw, &e)) < 0 || (ret = facts_privileged(ctx->facts, &pf, &e)) < 0)
		return fact_failed_or_missing(ctx, ret, &e, err);
	if (facts_logins(ctx->facts, &lf, &ignored) < 0)
		lf = NULL;
	if (no_accounts(ctx, pw))
		return 0;
	if (!pf->n)
		check_add(ctx, ST_WARN, "", _("%zu account(s) in /etc/passwd, yet none can act as root (not even root): check /etc/passwd"),
			  pw->n);
	for (i = 0; i < pf->n; i++) {
		const struct priv_account *a = &pf->v[i];
		char when[400];

		fmt_last_login(lf ? &lf->v[a->pw] : NULL, when, sizeof(when));
		if (lf && lf->v[a->pw].failed) {
			char last[16];
			fmt_date((time_t)lf->v[a->pw].last_failed, last, sizeof(last));
			check_add_sev(ctx, ST_MANUAL, a->full_root ? SEV_MEDIUM : SEV_LOW, pw->v[a->pw].name,
				      _("%s; last login %s; %zu failed login(s) in btmp, the last on %s"), a->why, when,
				      lf->v[a->pw].failed, last);
		} else {
			check_add_sev(ctx, ST_MANUAL, a->full_root ? SEV_MEDIUM : SEV_LOW, pw->v[a->pw].name,
				      _("%s; last login %s"), a->why, when);
		}
	}
	return 0;
}

static int acct_files_parse(struct check_ctx *ctx, struct err *err)
{
	const struct passwd_db *pw;
	const struct shadow_db *sh;
	const struct group_db *gr;
	const struct gshadow_db *gs;
	struct err e;
	int ret;
	struct {
		const char *path;
		const struct parse_bad *bad;
	} f[4];
	size_t n = 0, i, bad = 0;

	if ((ret = facts_passwd(ctx->facts, &pw, &e)) < 0 || (ret = facts_group(ctx->facts, &gr, &e)) < 0)
		return fact_failed_or_missing(ctx, ret, &e, err);
	f[n].path = "/etc/passwd", f[n++].bad = &pw->bad;
	f[n].path = "/etc/group", f[n++].bad = &gr->bad;
	if (facts_shadow(ctx->facts, &sh, &e) == 0)
		f[n].path = "/etc/shadow", f[n++].bad = &sh->bad;
	else
		sh = NULL;
	if (facts_gshadow(ctx->facts, &gs, &e) == 0)
		f[n].path = "/etc/gshadow", f[n++].bad = &gs->bad;
	else
		gs = NULL;
	for (i = 0; i < n; i++)
		if (f[i].bad->n) {
			check_add(ctx, ST_WARN, f[i].path, _("%zu line(s) could not be read as entries; first at line %zu (%s)"),
				  f[i].bad->n, f[i].bad->line[0], f[i].bad->why[0]);
			bad++;
		}
	if (!bad) {
		struct strbuf sb = STRBUF_INIT;

		/* "PATH ENTRIES" for each file read, a plain list in every language */
		strbuf_addf(&sb, "/etc/passwd %zu, /etc/group %zu", pw->n, gr->n);
		if (sh)
			strbuf_addf(&sb, ", /etc/shadow %zu", sh->n);
		if (gs)
			strbuf_addf(&sb, ", /etc/gshadow %zu", gs->n);
		if (!sh || !gs)
			strbuf_addf(&sb, "; %s", !sh && !gs ? _("/etc/shadow and /etc/gshadow not read")
						: !sh ? _("/etc/shadow not read") : _("/etc/gshadow not read"));
		check_add(ctx, ST_PASS, "", _("every line is an entry (entries per file): %s"), sb.buf);
		strbuf_release(&sb);
	}
	return 0;
}

static int acct_file_modes(struct check_ctx *ctx, struct err *err)
{
	static const struct {
		const char *path;
		bool secret;
	} files[] = { { "/etc/passwd", false }, { "/etc/group", false }, { "/etc/shadow", true },
		      { "/etc/gshadow", true } };
	struct strbuf seen = STRBUF_INIT, absent = STRBUF_INIT;
	size_t i, bad = 0;

	(void)err;
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		struct stat st;
		char *why;

		if (root_stat(ctx->root, files[i].path, ROOT_MISSING_OK, &st, NULL) < 0) {
			strbuf_addf(&absent, "%s%s", absent.len ? ", " : "", files[i].path);
			continue;
		}
		strbuf_addf(&seen, "%s%s %04o uid %u", seen.len ? ", " : "", files[i].path,
			    (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid);
		why = file_perm_problem(&st);
		if (!why && files[i].secret && (st.st_mode & S_IROTH))
			why = xasprintf(_("readable by everyone (mode %04o)"), (unsigned)(st.st_mode & 07777));
		if (why) {
			check_add(ctx, ST_FAIL, files[i].path, "%s", why);
			bad++;
		}
		free(why);
	}
	if (!seen.len)
		check_add(ctx, ST_SKIP, "", _("none of the account files exists (%s): nothing to check"), absent.buf);
	else if (!bad && absent.len)
		check_add(ctx, ST_PASS, "", _("owned by root, not writable by others: %s; absent: %s"), seen.buf,
			  absent.buf);
	else if (!bad)
		check_add(ctx, ST_PASS, "", _("owned by root, not writable by others: %s"), seen.buf);
	strbuf_release(&seen);
	strbuf_release(&absent);
	return 0;
}

static const struct check checks[] = {
	{ .id = "ACCT-0010", .items = "AC-3,AC-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_CRITICAL, .title = N_("Only root has UID 0"),
	  .explain = N_("A second account with user ID 0 is a full administrator under another name, often left behind by an intruder or an old migration."),
	  .remedy = N_("Give the account its own UID (usermod -u) or remove it (userdel); keep only root at UID 0."),
	  .run = acct_uid0_only_root },
	{ .id = "ACCT-0020", .items = "AC-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_CRITICAL, .title = N_("No account has an empty password"),
	  .explain = N_("An empty password field lets anyone log in as the account without a password wherever password logins are accepted."),
	  .remedy = N_("Set a password (passwd USER) or lock the account (passwd -l USER)."),
	  .run = acct_empty_password },
	{ .id = "ACCT-0030", .items = "AC-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("No dormant accounts can log in"),
	  .explain = N_("Accounts that have not logged in for a long time (accounts.dormant_days, default 90) usually belong to people who left or to finished projects; attackers look for exactly these."),
	  .remedy = N_("Confirm with the owner; lock (usermod -L -e 1 USER) or remove (userdel) accounts that are no longer needed, or list them under accounts.ignore with a reason."),
	  .run = acct_dormant },
	{ .id = "ACCT-0040", .items = "AC-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("No never-used accounts keep a usable password"),
	  .explain = N_("An account that has never logged in but has a password set long ago is unneeded or waiting for someone to guess its initial password."),
	  .remedy = N_("Remove the account, or lock it until its owner needs it (passwd -l USER)."),
	  .run = acct_never_used },
	{ .id = "ACCT-0050", .items = "AC-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("System accounts cannot log in"),
	  .explain = N_("Service accounts (UID below UID_MIN) need no interactive login; a shell plus a password or key turns them into a way in."),
	  .remedy = N_("Set the shell to /usr/sbin/nologin (usermod -s /usr/sbin/nologin USER) and lock the password (passwd -l USER)."),
	  .run = acct_system_shell },
	{ .id = "ACCT-0060", .items = "AC-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("Locked accounts hold no SSH keys"),
	  .explain = N_("Locking a password does not stop public-key logins over SSH (with UsePAM, sshd accepts keys for locked accounts)."),
	  .remedy = N_("Remove the account's authorized_keys, or expire the account (usermod -e 1 USER)."),
	  .run = acct_locked_keyed },
	{ .id = "ACCT-0070", .items = "AC-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("Expired accounts hold no SSH keys"),
	  .explain = N_("An expired account is meant to be gone; keys left in its home directory come back to life if someone extends it."),
	  .remedy = N_("Remove the expired account (userdel -r USER) or at least its authorized_keys."),
	  .run = acct_expired_keyed },
	{ .id = "ACCT-0080", .items = "AC-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("Privileged accounts are reviewed"),
	  .explain = N_("Every account that can act as root (UID 0, administrative or root-equivalent groups, sudo grants) is listed with its last login, for a person to confirm it is still needed."),
	  .remedy = N_("Confirm each account is still needed with these rights; remove group memberships and sudo grants that are not."),
	  .run = acct_privileged_inventory },
	{ .id = "ACCT-0090", .items = "AC-1,AC-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("Account files are well-formed"),
	  .explain = N_("Lines that are not valid entries in passwd, shadow, group or gshadow are either damage or an attempt to hide an account from tools."),
	  .remedy = N_("Inspect the lines named and repair them with vipw / vigr; run pwck and grpck."),
	  .run = acct_files_parse },
	{ .id = "ACCT-0100", .items = "AC-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Account files are protected"),
	  .explain = N_("passwd, group, shadow and gshadow must belong to root and not be writable by others; shadow and gshadow must not be readable by everyone."),
	  .remedy = N_("chown root:root /etc/passwd /etc/group; chown root:shadow /etc/shadow /etc/gshadow; chmod 644 /etc/passwd /etc/group; chmod 640 /etc/shadow /etc/gshadow."),
	  .run = acct_file_modes },
};

CHECK_AREA(accounts_area, "accounts", checks);
