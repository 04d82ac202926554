/* Whether a PAM auth stack needs its second-factor module: Linux-PAM's dispatch, walked for every outcome. */
#include "checks/pam_mfa.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/pam.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* PAM modules that ask for a second factor (one-time codes, security keys, RADIUS/push). */
static const char *const mfa_modules[] = {
	"pam_google_authenticator.so", "pam_oath.so", "pam_u2f.so", "pam_yubico.so", "pam_duo.so",
	"pam_radius_auth.so", "pam_radius.so", "pam_privacyidea.so", "pam_linotp.so", "pam_totp.so",
	"pam_2fa.so", "pam_pkcs11.so", "pam_p11.so", "pam_mfa.so",
};

/* Modules that check the account's password (all return the same answer for one attempt). */
static const char *const password_modules[] = { "pam_unix.so", "pam_unix2.so", "pam_pwdb.so" };

bool pam_is_mfa_module(const char *m)
{
	const char *base = pam_module_base(m);

	for (size_t i = 0; i < ARRAY_SIZE(mfa_modules); i++)
		if (!strcmp(base, mfa_modules[i]))
			return true;
	return false;
}

/* The return values walked: what a module answers. */
enum { R_SUCCESS, R_AUTH_ERR, R_IGNORE, R_N };
/* Linux-PAM's actions (_PAM_ACTION_*); a jump is a positive count. */
enum { A_IGNORE = 0, A_OK = -1, A_DONE = -2, A_BAD = -3, A_DIE = -4, A_RESET = -5 };
/* How a module answers in the walk. */
enum { M_ANY, M_FAIL, M_PASS, M_PASSWORD, M_MFA };

#define PAM_MFA_MAX_LEVEL 16
#define PAM_MFA_MAX_STEPS 200000

struct unit {
	int level;
	bool marker;		/* a substack line: no module runs */
	int kind;		/* M_* */
	int act[R_N];
};

static int parse_action(const char *s, size_t n)
{
	static const struct { const char *w; int a; } words[] = {
		{ "ignore", A_IGNORE }, { "ok", A_OK }, { "done", A_DONE },
		{ "bad", A_BAD }, { "die", A_DIE }, { "reset", A_RESET },
	};
	int v = 0;

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strlen(words[i].w) == n && !strncmp(s, words[i].w, n))
			return words[i].a;
	if (!n || n > 4)
		return A_BAD;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return A_BAD;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The actions for success, auth_err and ignore, as pam_handlers.c sets them. */
static void control_actions(const char *c, int act[R_N])
{
	static const char *const names[R_N] = { "success", "auth_err", "ignore" };
	int def = A_BAD;
	bool set[R_N] = { false };

	if (!strcmp(c, "required") || !strcmp(c, "requisite")) {
		act[R_SUCCESS] = A_OK;
		act[R_IGNORE] = A_IGNORE;
		act[R_AUTH_ERR] = c[6] == 'e' ? A_BAD : A_DIE;	/* requir(e)d, requis(i)te */
		return;
	}
	if (!strcmp(c, "sufficient") || !strcmp(c, "optional")) {
		act[R_SUCCESS] = c[0] == 's' ? A_DONE : A_OK;
		act[R_AUTH_ERR] = act[R_IGNORE] = A_IGNORE;
		return;
	}
	/* "[value=action ...]" (or a bare "value=action"): later values replace earlier ones */
	for (const char *p = c; *p;) {
		size_t n, k;
		const char *eq;

		p += strspn(p, "[] \t");
		n = strcspn(p, "] \t");
		if (!n)
			break;
		eq = memchr(p, '=', n);
		if (eq) {
			size_t kl = (size_t)(eq - p);
			int a = parse_action(eq + 1, n - kl - 1);

			if (kl == 7 && !strncmp(p, "default", 7))
				def = a;
			for (k = 0; k < R_N; k++)
				if (strlen(names[k]) == kl && !strncmp(p, names[k], kl)) {
					act[k] = a;
					set[k] = true;
				}
		}
		p += n;
	}
	for (size_t k = 0; k < R_N; k++)
		if (!set[k])
			act[k] = def;
}

struct walk {
	const struct unit *u;
	size_t n;
	bool password_ok;	/* the password modules' answer on this walk */
	bool mfa_any;		/* the MFA modules may also skip (nullok) */
	unsigned long steps;
	bool gave_up;
};

struct state {
	int impression;		/* 0 undefined, 1 positive, -1 negative */
	bool status_ok;		/* status == PAM_SUCCESS */
	int sub_imp[PAM_MFA_MAX_LEVEL + 1];
	bool sub_ok[PAM_MFA_MAX_LEVEL + 1];
};

/*
 * Can the walk from unit i in state st end in success? forced: the outcome
 * of unit i when it is being walked for one of several (-1: none).
 */
static bool walk_from(struct walk *w, size_t i, struct state st, int prev_level, int forced)
{
	for (; i < w->n; prev_level = w->u[i].level, i++, forced = -1) {
		const struct unit *u = &w->u[i];
		int level = u->level, r, a, outs[R_N], n_outs = 0;

		if (++w->steps > PAM_MFA_MAX_STEPS) {
			w->gave_up = true;
			return true;	/* cannot tell: the safe side is "it can" */
		}
		if (prev_level < level) {
			st.sub_imp[level] = st.impression;
			st.sub_ok[level] = st.status_ok;
		}
		if (u->marker)
			continue;
		switch (u->kind) {
		case M_FAIL:
			outs[n_outs++] = R_AUTH_ERR;
			break;
		case M_PASS:
			outs[n_outs++] = R_SUCCESS;
			break;
		case M_PASSWORD:
			outs[n_outs++] = w->password_ok ? R_SUCCESS : R_AUTH_ERR;
			break;
		case M_MFA:
			outs[n_outs++] = R_AUTH_ERR;
			if (w->mfa_any) {
				outs[n_outs++] = R_IGNORE;
				outs[n_outs++] = R_SUCCESS;
			}
			break;
		default:
			outs[n_outs++] = R_SUCCESS;
			outs[n_outs++] = R_AUTH_ERR;
			outs[n_outs++] = R_IGNORE;
		}
		if (forced >= 0) {
			r = forced;
		} else {
			/* every outcome but the last is walked on its own */
			for (int o = 0; o < n_outs - 1; o++)
				if (walk_from(w, i, st, prev_level, outs[o]))
					return true;
			r = outs[n_outs - 1];
		}
		a = u->act[r];
		switch (a) {
		case A_RESET:
			st.impression = st.sub_imp[level];
			st.status_ok = st.sub_ok[level];
			break;
		case A_OK:
		case A_DONE:
			if (st.impression == 0 || (st.impression == 1 && st.status_ok)) {
				st.impression = 1;
				st.status_ok = r == R_SUCCESS;
			}
			if (st.impression == 1 && a == A_DONE)
				goto decided;
			break;
		case A_BAD:
		case A_DIE:
			if (st.impression != -1) {
				st.impression = -1;
				st.status_ok = false;
			}
			if (a == A_DIE)
				goto decided;
			break;
		case A_IGNORE:
			break;
		default:
			/* a jump over a modules of this level (a substack counts as one) */
			while (i + 1 < w->n && w->u[i + 1].level >= level && a > 0) {
				do
					i++;
				while (i + 1 < w->n && w->u[i + 1].level > level);
				a--;
			}
			if (a) {	/* "bad jump in stack" */
				st.impression = -1;
				st.status_ok = false;
			}
		}
		continue;
decided:
		while (i + 1 < w->n && w->u[i + 1].level >= level)
			i++;
	}
	return st.impression == 1 && st.status_ok;
}

/* Can the stack succeed with every MFA module failing (or, with mfa_any, skipping), whatever the password? */
static bool can_pass(const struct unit *u, size_t n, bool mfa_any, bool *gave_up)
{
	bool ok = false;

	for (int pw = 0; pw < 2 && !ok; pw++) {
		struct walk w = { .u = u, .n = n, .password_ok = pw, .mfa_any = mfa_any };
		struct state st = { 0 };

		ok = walk_from(&w, 0, st, 0, -1);
		*gave_up |= w.gave_up;
	}
	return ok;
}

void pam_find_mfa(const struct pam_stack *s, struct pam_mfa *out)
{
	struct unit *u;
	const struct pam_entry *first = NULL, *nullok = NULL;
	size_t n = 0, i, j;
	bool gave_up = false;

	memset(out, 0, sizeof(*out));
	u = xcalloc(s->n ? s->n : 1, sizeof(*u));
	for (i = 0; i < s->n; i++) {
		const struct pam_entry *e = &s->v[i];
		const char *base;

		if (e->l->type != PAM_T_AUTH)
			continue;
		u[n].level = e->level > PAM_MFA_MAX_LEVEL ? PAM_MFA_MAX_LEVEL : e->level;
		control_actions(e->l->control, u[n].act);
		if (e->substack) {
			u[n++].marker = true;
			continue;
		}
		base = pam_module_base(e->l->module);
		u[n].kind = M_ANY;
		if (!strcmp(base, "pam_deny.so"))
			u[n].kind = M_FAIL;
		else if (!strcmp(base, "pam_permit.so"))
			u[n].kind = M_PASS;
		for (j = 0; j < ARRAY_SIZE(password_modules); j++)
			if (!strcmp(base, password_modules[j]))
				u[n].kind = M_PASSWORD;
		if (pam_is_mfa_module(e->l->module)) {
			u[n].kind = M_MFA;
			if (!first)
				first = e;
			for (j = 0; j < e->l->n_args; j++)
				if (!strcmp(e->l->args[j], "nullok") && !nullok)
					nullok = e;
		}
		n++;
	}
	if (first) {
		/* with nullok, users who have not enrolled skip the module: walked as any outcome */
		if (!can_pass(u, n, false, &gave_up)) {
			if (!nullok || !can_pass(u, n, true, &gave_up)) {
				out->module = first;
			} else {
				out->weak = nullok;
				out->weak_why = N_("it has nullok: users who have not enrolled skip it");
			}
		} else {
			out->weak = first;
			out->weak_why = N_("it is not required (its control lets the stack succeed without it)");
		}
		if (gave_up) {
			out->module = NULL;
			out->weak = first;
			out->weak_why = N_("it is not required (its control lets the stack succeed without it)");
		}
	}
	free(u);
}
