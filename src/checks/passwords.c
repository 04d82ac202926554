/*
 * Passwords (AC-4): guessable passwords in the local hashes, weak hash
 * schemes, and the policy that keeps new passwords from being simple
 * (pam_pwquality / pam_cracklib, login.defs).
 *
 * Secrets: the hashes are read from /etc/shadow and handed to the engine;
 * no finding ever holds a password, a guess or anything of a hash.
 */
#include "checks/util.h"
#include "collect/pwquality.h"
#include "engines/pwcrack.h"
#include "parse/config/passwords.h"
#include "parse/pwhash.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ */
/* The hashes */

struct pw_hash {
	const char *name;
	const char *gecos;
	const char *hash;	/* SECRET: points into the facts */
	enum pw_state state;
	enum pw_scheme scheme;
	bool uid0;
	const char *where;	/* "/etc/shadow" or "/etc/passwd" */
	size_t line;
};

/* Every password field that holds a hash (usable or behind a lock), from shadow and from passwd itself. */
/* Sets *accounts to the number of entries in /etc/passwd; an /etc/passwd without any is SKIP (returns 1). */
static int load_hashes(struct check_ctx *ctx, struct pw_hash **out, size_t *n, size_t *accounts, struct err *err)
{
	const struct passwd_db *pw;
	const struct shadow_db *sh;
	struct pw_hash *v = NULL;
	size_t alloc = 0, i;
	struct err e;
	int ret;

	*n = 0;
	if ((ret = facts_passwd(ctx->facts, &pw, &e)) < 0 || (ret = facts_shadow(ctx->facts, &sh, &e)) < 0) {
		ret = fact_failed_or_missing(ctx, ret, &e, err);
		return ret < 0 ? ret : 1;
	}
	*accounts = pw->n;
	if (!pw->n) {
		check_add(ctx, ST_SKIP, "", "%s",
			  _("/etc/passwd holds no accounts: check that the root is a whole system (every system has root)"));
		return 1;
	}
	for (i = 0; i < pw->n; i++) {
		const struct passwd_entry *p = &pw->v[i];
		struct pw_hash h = { .name = p->name, .gecos = p->gecos, .uid0 = p->uid == 0 };

		if (strcmp(p->passwd, "x") != 0) {
			h.hash = p->passwd;
			h.where = "/etc/passwd";
			h.line = p->line;
			pw_classify(p->passwd, &h.state, &h.scheme);
		} else {
			const struct shadow_entry *s = shadow_by_name(sh, p->name);

			if (!s)
				continue;
			h.hash = s->hash;
			h.where = "/etc/shadow";
			h.line = s->line;
			h.state = s->state;
			h.scheme = s->scheme;
		}
		if (h.state != PW_USABLE && h.state != PW_LOCKED)
			continue;
		ALLOC_GROW(v, *n + 1, alloc);
		v[(*n)++] = h;
	}
	*out = v;
	return 0;
}

/* ------------------------------------------------------------------ */
/* PW-0010: guessable passwords */

static void on_progress(void *arg, const struct pwc_progress *p)
{
	const struct check_ctx *ctx = arg;

	ctx->opts->progress(ctx->opts->progress_arg, ctx->cur->id, p->done, p->total, p->elapsed_ms, p->budget_ms);
}

/* The site words: host name (and its first label), organisation and its words, configured words. */
static void site_words(const struct check_ctx *ctx, char ***v, size_t *n)
{
	const char *host = ctx->hostname;
	const char *org = ctx->organisation;
	size_t i;

	*v = NULL;
	*n = 0;
#define ADD(s) do { *v = xrealloc(*v, st_mult(*n + 1, sizeof(**v))); (*v)[(*n)++] = (s); } while (0)
	if (host && *host) {
		ADD(xstrdup(host));
		if (strchr(host, '.'))
			ADD(xstrndup(host, strcspn(host, ".")));
	}
	if (org && *org) {
		const char *p = org;

		while (*p) {
			size_t len = strcspn(p, " .,-_");

			if (len >= 3)
				ADD(xstrndup(p, len));
			p += len;
			while (*p && strchr(" .,-_", *p))
				p++;
		}
		if (strcspn(org, " .,-_") != strlen(org)) {
			/* "Example Corp" -> "ExampleCorp" */
			char *joined = xstrdup(org);
			size_t o = 0;

			for (i = 0; joined[i]; i++)
				if (!strchr(" .,-_", joined[i]))
					joined[o++] = joined[i];
			joined[o] = '\0';
			ADD(joined);
		}
	}
	for (i = 0; i < ctx->passwords->n_words; i++)
		ADD(xstrdup(ctx->passwords->words[i]));
#undef ADD
}

static int year_of(time_t t)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm))
		return 2026;
	return tm.tm_year + 1900;
}

static int pw_guessable(struct check_ctx *ctx, struct err *err)
{
	const struct config_passwords *pc = ctx->passwords;
	struct pw_hash *h = NULL;
	struct pwc_account *acc = NULL;
	struct pwc_result *res = NULL;
	struct pwc_opts o = { 0 };
	struct pwc_stats stats;
	struct strbuf wbuf = STRBUF_INIT;
	struct wordlist wl = { 0 };
	char **site = NULL;
	size_t n_h, n = 0, n_site = 0, n_acc = 0, i;
	int ret;

	if (!pc->audit_budget) {
		check_add(ctx, ST_SKIP, "", "%s",
			  _("guessing passwords takes minutes: run kyuka passwords audit as root, or set passwords.audit_budget to guess within kyuka audit"));
		return 0;
	}
	if ((ret = load_hashes(ctx, &h, &n_h, &n_acc, err)) != 0)
		return ret < 0 ? ret : 0;
	acc = xcalloc(n_h ? n_h : 1, sizeof(*acc));
	for (i = 0; i < n_h; i++)
		if (h[i].state == PW_USABLE) {
			acc[n].name = h[i].name;
			acc[n].gecos = h[i].gecos;
			acc[n].hash = h[i].hash;
			h[n++] = h[i];	/* keep h indexed like acc */
		}
	if (!n) {
		check_add(ctx, ST_PASS, "", _("%zu account(s) in /etc/passwd and /etc/shadow: none has a usable password hash"),
			  n_acc);
		goto out;
	}
	if (pc->wordlist) {
		ret = pwc_wordlist_load(pc->wordlist, &wbuf, &wl, err);
		if (ret < 0)
			goto out;
		o.wordlist = &wl;
	}
	site_words(ctx, &site, &n_site);
	o.threads = pc->threads;
	o.no_builtin = o.no_user = pc->wordlist_only && o.wordlist;
	o.budget_ms = (uint64_t)pc->audit_budget * 1000;
	o.year = year_of(ctx->now);
	o.site = (const char *const *)site;
	o.n_site = n_site;
	if (ctx->opts && ctx->opts->progress) {
		o.progress = on_progress;
		o.progress_arg = ctx;
	}
	res = xcalloc(n, sizeof(*res));
	if ((ret = pwc_run(acc, n, &o, res, &stats, err)) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		const char *scheme = pw_scheme_name(h[i].scheme);

		switch (res[i].verdict) {
		case PWC_WEAK:
			check_add_sev(ctx, ST_FAIL, h[i].uid0 ? SEV_CRITICAL : SEV_HIGH, h[i].name,
				      _("the password was guessed: it is a common password or made from the account's name or the site's words (%s hash)"),
				      scheme);
			break;
		case PWC_NOT_FOUND:
			check_add(ctx, ST_PASS, h[i].name, _("not among %llu guesses (%s hash)"),
				  (unsigned long long)res[i].total, scheme);
			break;
		case PWC_INCOMPLETE:
			check_add(ctx, ST_SKIP, h[i].name,
				  _("the time budget of %u s ran out after %llu of %llu guesses (%s hash); give it more time with kyuka passwords audit --budget"),
				  pc->audit_budget, (unsigned long long)res[i].tried,
				  (unsigned long long)res[i].total, scheme);
			break;
		case PWC_UNTESTABLE: {
			char why[160];

			snprintf(why, sizeof(why), _(res[i].why), res[i].detail);
			check_add(ctx, ST_SKIP, h[i].name, _("not tested: %s (%s hash)"), why, scheme);
			break;
		}
		}
	}
	check_add(ctx, ST_PASS, "",
		  _("%llu guesses against %zu hash(es) in %.1f s on %u thread(s) (budget %u s%s)"),
		  (unsigned long long)stats.guesses, n, (double)stats.elapsed_ns / 1e9, stats.threads,
		  pc->audit_budget, stats.budget_hit ? _(", used up") : "");
	ret = 0;
out:
	for (i = 0; i < n_site; i++)
		free(site[i]);
	free(site);
	pwc_wordlist_release(&wbuf, &wl);
	free(res);
	free(acc);
	free(h);
	return ret;
}

/* ------------------------------------------------------------------ */
/* PW-0020: weak hash schemes */

static int pw_schemes(struct check_ctx *ctx, struct err *err)
{
	struct pw_hash *h = NULL;
	size_t n, n_acc = 0, n_ok = 0, i, counts[PWS_UNKNOWN + 1] = { 0 };
	char summary[512] = "";
	int ret = load_hashes(ctx, &h, &n, &n_acc, err);

	if (ret)
		return ret < 0 ? ret : 0;
	for (i = 0; i < n; i++) {
		const char *scheme = pw_scheme_name(h[i].scheme);
		const char *locked = h[i].state == PW_LOCKED ? _(" (locked; it comes back with usermod -U)") : "";
		struct pw_cost c;
		bool parsed = pw_cost_parse(h[i].hash, strlen(h[i].hash), &c) == 0;

		switch (h[i].scheme) {
		case PWS_DES:
		case PWS_BSDI_DES:
			check_add(ctx, ST_FAIL, h[i].name,
				  _("%s hash in %s line %zu: only the first 8 characters count and it falls in hours%s"),
				  scheme, h[i].where, h[i].line, locked);
			continue;
		case PWS_MD5:
		case PWS_SUNMD5:
		case PWS_NTHASH:
			check_add(ctx, ST_FAIL, h[i].name, _("%s hash in %s line %zu: fast to compute, so cheap to guess%s"),
				  scheme, h[i].where, h[i].line, locked);
			continue;
		case PWS_SHA256:
		case PWS_SHA512:
			if (parsed && c.rounds < PWHASH_SHA_DEFAULT_ROUNDS) {
				check_add_sev(ctx, ST_FAIL, SEV_MEDIUM, h[i].name,
					      _("%s hash in %s line %zu with only %llu rounds (the default is %u)%s"), scheme,
					      h[i].where, h[i].line, (unsigned long long)c.rounds,
					      PWHASH_SHA_DEFAULT_ROUNDS, locked);
				continue;
			}
			break;
		case PWS_BCRYPT:
			if (parsed && c.log2 < 10) {
				check_add_sev(ctx, ST_WARN, SEV_MEDIUM, h[i].name,
					      _("bcrypt hash in %s line %zu with cost %u (10 or more is expected)%s"),
					      h[i].where, h[i].line, c.log2, locked);
				continue;
			}
			break;
		case PWS_YESCRYPT:
		case PWS_GOST_YESCRYPT:
		case PWS_SCRYPT:
			if (parsed && c.mem < ((uint64_t)1 << 20)) {
				check_add_sev(ctx, ST_WARN, SEV_MEDIUM, h[i].name,
					      _("%s hash in %s line %zu uses only %llu KiB of memory per guess%s"), scheme,
					      h[i].where, h[i].line, (unsigned long long)(c.mem >> 10), locked);
				continue;
			}
			break;
		default:
			break;
		}
		/* libxcrypt's own verdict on what is left */
		if (crypt_checksalt(h[i].hash + strspn(h[i].hash, "!*")) == CRYPT_SALT_METHOD_LEGACY) {
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, h[i].name,
				      _("%s hash in %s line %zu: libxcrypt counts this method as legacy%s"), scheme,
				      h[i].where, h[i].line, locked);
			continue;
		}
		/* only what passed is summed up in the PASS: its line must not name a weak scheme */
		counts[h[i].scheme <= PWS_UNKNOWN ? h[i].scheme : PWS_UNKNOWN]++;
		n_ok++;
	}
	for (i = 0; i <= PWS_UNKNOWN; i++)
		if (counts[i]) {
			size_t len = strlen(summary);

			snprintf(summary + len, sizeof(summary) - len, "%s%s %zu", len ? ", " : "",
				 pw_scheme_name((enum pw_scheme)i), counts[i]);
		}
	if (n_ok == n && n)
		check_add(ctx, ST_PASS, "", _("%zu password hash(es) of %zu account(s) in /etc/passwd and /etc/shadow, by scheme: %s"),
			  n, n_acc, summary);
	else if (n_ok)
		check_add(ctx, ST_PASS, "", ngettext("the other %zu of %zu password hashes in /etc/shadow uses a strong scheme: %s",
						     "the other %zu of %zu password hashes in /etc/shadow use strong schemes: %s", n_ok),
			  n_ok, n, summary);
	else if (!n)
		check_add(ctx, ST_PASS, "", _("%zu account(s) in /etc/passwd and /etc/shadow: none has a password hash"), n_acc);
	free(h);
	return 0;
}

/* ------------------------------------------------------------------ */
/* PW-0030: pam_pwquality / pam_cracklib */

static bool control_required(const char *c)
{
	return !strcmp(c, "required") || !strcmp(c, "requisite") ||
	       (c[0] == '[' && !strstr(c, "default=ignore") && !strstr(c, "default=ok"));
}

static int get_int(pwquality_settings_t *s, int setting)
{
	int v = 0;

	pwquality_get_int_value(s, setting, &v);
	return v;
}

static int pw_quality(struct check_ctx *ctx, struct err *err)
{
	const struct pam_stack *ps;
	const struct pam_entry *mod = NULL;
	struct pwq_facts pf = { 0 };
	struct err e;
	size_t i;
	int ret = facts_pam(ctx->facts, "common-password", &ps, &e);
	const char *base;
	bool cracklib;
	int minlen, credits, minclass, dict, enforcing, user;

	if (ret < 0)
		return fact_failed(ctx, ret, &e, err);
	if (!ps->present) {
		check_add(ctx, ST_SKIP, "common-password", "%s",
			  _("/etc/pam.d/common-password is absent: password changes are not configured through PAM here"));
		return 0;
	}
	for (i = 0; i < ps->n; i++) {
		const struct pam_entry *pe = &ps->v[i];

		if (pe->l->type != PAM_T_PASSWORD)
			continue;
		base = pam_module_base(pe->l->module);
		if (!mod && (!strcmp(base, "pam_pwquality.so") || !strcmp(base, "pam_cracklib.so")))
			mod = pe;
	}
	if (!mod) {
		check_add(ctx, ST_FAIL, "common-password", "%s",
			  _("neither pam_pwquality nor pam_cracklib is in the password stack: any password that is not empty is accepted"));
		check_set_remedy(ctx, "%s",
				 _("Install libpam-pwquality (apt-get install libpam-pwquality): it adds pam_pwquality to /etc/pam.d/common-password. Then set minlen = 12 (at least 8) in /etc/security/pwquality.conf."));
		return 0;
	}
	base = pam_module_base(mod->l->module);
	cracklib = !strcmp(base, "pam_cracklib.so");
	if (cracklib) {
		/* pam_cracklib reads only its arguments; its default minimum length is 9 */
		pf.pwq = pwquality_default_settings();
		if (!pf.pwq)
			return err_set(err, -ENOMEM, "cannot create the password quality settings");
		pwquality_set_int_value(pf.pwq, PWQ_SETTING_MIN_LENGTH, 9);
	} else if ((ret = collect_pwquality(ctx->root, &pf, &e)) < 0) {
		return fact_failed(ctx, ret, &e, err);
	}
	pwq_apply_options(pf.pwq, mod->l->args, mod->l->n_args, mod->file, mod->l->line, &pf);

	minlen = get_int(pf.pwq, PWQ_SETTING_MIN_LENGTH);
	credits = 0;
	{
		static const int cs[] = { PWQ_SETTING_DIG_CREDIT, PWQ_SETTING_UP_CREDIT, PWQ_SETTING_LOW_CREDIT,
					  PWQ_SETTING_OTH_CREDIT };
		size_t k;

		for (k = 0; k < ARRAY_SIZE(cs); k++)
			if (get_int(pf.pwq, cs[k]) > 0)
				credits += get_int(pf.pwq, cs[k]);
	}
	minclass = get_int(pf.pwq, PWQ_SETTING_MIN_CLASS);
	dict = get_int(pf.pwq, PWQ_SETTING_DICT_CHECK);
	enforcing = get_int(pf.pwq, PWQ_SETTING_ENFORCING);
	user = get_int(pf.pwq, PWQ_SETTING_USER_CHECK);

	if (!control_required(mod->l->control))
		check_add(ctx, ST_FAIL, "common-password", _("%s:%zu: %s is \"%s\": a password it rejects is still accepted"),
			  mod->file, mod->l->line, base, mod->l->control);
	else if (!enforcing)
		check_add(ctx, ST_FAIL, "common-password",
			  _("%s: enforcing = 0: weak passwords are only warned about, not refused"), base);
	if (minlen - credits < (int)ctx->passwords->min_length)
		check_add(ctx, ST_FAIL, "minlen",
			  _("%s accepts passwords of %d characters (minlen %d%s); kyuka expects at least %u (passwords.min_length)"),
			  base, minlen - credits > 1 ? minlen - credits : 1, minlen,
			  credits ? _(", less the credits for digits and other classes") : "",
			  ctx->passwords->min_length);
	if (!dict)
		check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "dictcheck", _("%s: dictcheck = 0: dictionary words are accepted"),
			      base);
	if (minclass < 2 && minlen < 12 && dict == 0)
		check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "minclass",
			      _("%s: minclass %d with minlen %d and no dictionary check: a short password of one kind of character is accepted"),
			      base, minclass, minlen);
	for (i = 0; i < pf.n_problems; i++)
		check_add_sev(ctx, ST_WARN, SEV_LOW, "pwquality", "%s", pf.problems[i]);
	check_add(ctx, ST_PASS, "common-password",
		  _("%s (%s:%zu): minlen %d, minclass %d, dictcheck %s, usercheck %s, enforcing %s"), base, mod->file,
		  mod->l->line, minlen, minclass, dict ? "on" : "off", user ? "on" : "off", enforcing ? "on" : "off");
	pwq_facts_free(&pf);
	return 0;
}

/* ------------------------------------------------------------------ */
/* PW-0040: password ageing in login.defs */

static int pw_ageing(struct check_ctx *ctx, struct err *err)
{
	const struct logindefs *ld;
	struct err e;
	int ret = facts_logindefs(ctx->facts, &ld, &e);
	uint64_t max, min, warn;
	struct stat st;

	if (ret < 0)
		return fact_failed(ctx, ret, &e, err);
	if (root_stat(ctx->root, "/etc/login.defs", ROOT_MISSING_OK, &st, NULL) == -ENOENT) {
		check_add(ctx, ST_SKIP, "login.defs", "%s",
			  _("/etc/login.defs is absent: nothing here sets password ageing for new accounts (on Debian it comes with the login package)"));
		return 0;
	}
	/* shadow-utils' defaults when a key is absent */
	max = logindefs_get_int(ld, "PASS_MAX_DAYS", 99999);
	min = logindefs_get_int(ld, "PASS_MIN_DAYS", 0);
	warn = logindefs_get_int(ld, "PASS_WARN_AGE", 7);
	if (max < 99999 && min > max)
		check_add(ctx, ST_WARN, "PASS_MIN_DAYS",
			  _("PASS_MIN_DAYS %ju is more than PASS_MAX_DAYS %ju: users cannot change a password before it expires"),
			  (uintmax_t)min, (uintmax_t)max);
	if (max < 99999 && warn == 0)
		check_add(ctx, ST_WARN, "PASS_WARN_AGE",
			  _("passwords expire after %ju days (PASS_MAX_DAYS) without a warning (PASS_WARN_AGE 0)"),
			  (uintmax_t)max);
	if (max < 30)
		check_add(ctx, ST_WARN, "PASS_MAX_DAYS",
			  _("PASS_MAX_DAYS %ju forces a change every month or sooner, which leads to predictable passwords (Password1, Password2, ...)"),
			  (uintmax_t)max);
	if (max >= 99999)
		check_add(ctx, ST_PASS, "login.defs",
			  _("/etc/login.defs: PASS_MAX_DAYS %ju (no forced expiry), PASS_MIN_DAYS %ju, PASS_WARN_AGE %ju: new accounts get these; change a password when it may be known to others"),
			  (uintmax_t)max, (uintmax_t)min, (uintmax_t)warn);
	else
		check_add(ctx, ST_PASS, "login.defs", _("/etc/login.defs: PASS_MAX_DAYS %ju, PASS_MIN_DAYS %ju, PASS_WARN_AGE %ju"),
			  (uintmax_t)max, (uintmax_t)min, (uintmax_t)warn);
	return 0;
}

/* ------------------------------------------------------------------ */
/* PW-0050: the scheme new passwords are hashed with */

/* pam_unix arguments that choose a method, and login.defs ENCRYPT_METHOD values, as scheme names. */
static const struct {
	const char *word;
	const char *scheme;
	int weak;	/* 2 broken, 1 legacy, 0 fine */
} methods[] = {
	{ "yescrypt", "yescrypt", 0 }, { "gost_yescrypt", "gost-yescrypt", 0 }, { "blowfish", "bcrypt", 0 },
	{ "bcrypt", "bcrypt", 0 }, { "sha512", "sha512crypt", 0 }, { "sha256", "sha256crypt", 1 },
	{ "md5", "md5crypt", 2 }, { "bigcrypt", "bigcrypt", 2 }, { "des", "des", 2 },
};

static int method_index(const char *w)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(methods); i++)
		if (!strcasecmp(methods[i].word, w))
			return (int)i;
	return -1;
}

static int pw_new_scheme(struct check_ctx *ctx, struct err *err)
{
	const struct logindefs *ld;
	const struct pam_stack *ps = NULL;
	const struct pam_entry *um = NULL;
	struct stat st;
	struct err e;
	const char *em, *from;
	char where[300];
	int ret = facts_logindefs(ctx->facts, &ld, &e), mi = -1, li;
	size_t i, j;

	if (ret < 0)
		return fact_failed(ctx, ret, &e, err);
	if ((ret = facts_pam(ctx->facts, "common-password", &ps, &e)) < 0)
		return fact_failed(ctx, ret, &e, err);
	if (!ps->present && root_stat(ctx->root, "/etc/login.defs", ROOT_MISSING_OK, &st, NULL) == -ENOENT) {
		check_add(ctx, ST_SKIP, "passwd", "%s",
			  _("neither /etc/pam.d/common-password nor /etc/login.defs is present: nothing here sets how passwords are hashed"));
		return 0;
	}
	for (i = 0; ps->present && i < ps->n && !um; i++)
		if (ps->v[i].l->type == PAM_T_PASSWORD && !strcmp(pam_module_base(ps->v[i].l->module), "pam_unix.so"))
			um = &ps->v[i];
	for (j = 0; um && j < um->l->n_args && mi < 0; j++)
		mi = method_index(um->l->args[j]);
	em = logindefs_get(ld, "ENCRYPT_METHOD");
	li = em ? method_index(em) : method_index("des");

	/* passwd uses pam_unix's choice; without one, pam_unix and chpasswd use ENCRYPT_METHOD (DES when unset) */
	if (mi >= 0) {
		snprintf(where, sizeof(where), "%s:%zu", um->file, um->l->line);
		from = where;
	} else {
		mi = li;
		from = em ? "/etc/login.defs ENCRYPT_METHOD" : _("no ENCRYPT_METHOD in /etc/login.defs");
	}
	if (mi < 0)
		check_add_sev(ctx, ST_WARN, SEV_LOW, "passwd", _("unknown hash method '%s' (%s)"), em ? em : "", from);
	else if (methods[mi].weak == 2)
		check_add(ctx, ST_FAIL, "passwd", _("new passwords are hashed with %s (%s)"), methods[mi].scheme, from);
	else if (methods[mi].weak == 1)
		check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "passwd", _("new passwords are hashed with %s (%s), a legacy method"),
			      methods[mi].scheme, from);
	else
		check_add(ctx, ST_PASS, "passwd", _("new passwords are hashed with %s (%s)"), methods[mi].scheme, from);
	/* chpasswd, newusers and the like read ENCRYPT_METHOD themselves */
	if (li >= 0 && methods[li].weak == 2 && (um && mi != li))
		check_add(ctx, ST_FAIL, "chpasswd", _("ENCRYPT_METHOD in /etc/login.defs is %s: chpasswd and newusers use it"),
			  methods[li].scheme);
	if (li >= 0 && (!strcmp(methods[li].word, "sha512") || !strcmp(methods[li].word, "sha256"))) {
		uint64_t rounds = logindefs_get_u64(ld, "SHA_CRYPT_MIN_ROUNDS", PWHASH_SHA_DEFAULT_ROUNDS);

		if (rounds < PWHASH_SHA_DEFAULT_ROUNDS)
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "SHA_CRYPT_MIN_ROUNDS",
				      _("SHA_CRYPT_MIN_ROUNDS %ju in /etc/login.defs is below the default of %u"),
				      (uintmax_t)rounds, PWHASH_SHA_DEFAULT_ROUNDS);
	}
	return 0;
}

static const struct check checks[] = {
	{ .id = "PW-0010", .items = "AC-4", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("No password can be guessed from common passwords or the account's name"),
	  .explain = N_("Each usable password hash in /etc/shadow is tried with a list of the most common passwords (including Japanese ones, keyboard walks and seasons with years such as Winter2026!), variations of the account's name and GECOS words, the host and organisation names and an optional wordlist, on every core within a time budget. It runs in kyuka passwords audit (passwords.budget, default 60 s), and in kyuka audit only when passwords.audit_budget is set. Only whether a guess matched is reported: never the password, never the hash."),
	  .remedy = N_("Ask the account's owner to choose a new, long password now; passwd -e USER makes them change it at the next login. They can try a new password first with kyuka passwords check."),
	  .run = pw_guessable },
	{ .id = "PW-0020", .items = "AC-4", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("Password hashes use a strong scheme"),
	  .explain = N_("DES, md5crypt and sha-crypt with few rounds are fast to compute: a stolen /etc/shadow falls to guessing far sooner than with yescrypt, Debian 12's default. A scheme only changes when the password is changed."),
	  .remedy = N_("Make sure new passwords use yescrypt (PW-0050), then have the account's owner change the password (passwd -e USER)."),
	  .run = pw_schemes },
	{ .id = "PW-0030", .items = "AC-4", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_MEDIUM,
	  .title = N_("New passwords are checked for quality"),
	  .explain = N_("pam_pwquality (or the older pam_cracklib) in /etc/pam.d/common-password refuses short passwords and dictionary words when a password is changed; its settings come from /etc/security/pwquality.conf and the module's arguments."),
	  .remedy = N_("Install libpam-pwquality and set, in /etc/security/pwquality.conf, minlen = 12 (at least passwords.min_length), dictcheck = 1, usercheck = 1 and enforcing = 1."),
	  .run = pw_quality },
	{ .id = "PW-0040", .items = "AC-4", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_LOW,
	  .title = N_("Password ageing settings are consistent"),
	  .explain = N_("PASS_MAX_DAYS, PASS_MIN_DAYS and PASS_WARN_AGE in /etc/login.defs set the ageing of new accounts. They are reported; forced frequent changes lead to predictable passwords, and a minimum above the maximum locks users out of changing."),
	  .remedy = N_("Set PASS_MAX_DAYS 99999 (change on suspicion instead), or give PASS_MIN_DAYS below PASS_MAX_DAYS and PASS_WARN_AGE of 7 or more."),
	  .run = pw_ageing },
	{ .id = "PW-0050", .items = "AC-4", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("New passwords are hashed with a strong scheme"),
	  .explain = N_("passwd hashes a new password with the method named on pam_unix's line in /etc/pam.d/common-password, or with ENCRYPT_METHOD from /etc/login.defs (chpasswd and newusers use that one too); without either it falls back to DES."),
	  .remedy = N_("Put yescrypt on pam_unix's password line in /etc/pam.d/common-password and set ENCRYPT_METHOD YESCRYPT in /etc/login.defs."),
	  .run = pw_new_scheme },
};

CHECK_AREA(passwords_area, "passwords", checks);
