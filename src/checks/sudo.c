/* sudo (AC-1): who may become root, and whether the rules themselves are protected. */
#include "checks/privileged.h"
#include "checks/util.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The sudoers fact; 1 when sudo is not installed (SKIP added), negative on failure (reported). */
static int load_sudoers(struct check_ctx *ctx, const struct sudo_facts **sf, struct err *err)
{
	struct err e;
	int ret = facts_sudoers(ctx->facts, sf, &e);

	if (ret < 0)
		return fact_failed(ctx, ret, &e, err) < 0 ? ret : 1;
	if (!(*sf)->present) {
		check_add(ctx, ST_SKIP, "", "%s", _("sudo is not installed (no /etc/sudoers under the root)"));
		return 1;
	}
	return 0;
}

/*
 * What a check that found nothing wrong says: PASS naming what was read, or
 * WARN when the sudoers files could not all be read (a grant may hide there).
 */
static void sudo_nothing_found(struct check_ctx *ctx, const struct sudo_facts *sf, const char *what)
{
	if (sf->incomplete) {
		check_add(ctx, ST_WARN, "sudoers",
			  _("%s in the %zu sudoers file(s) read, but sudoers could not be read completely (see SUDO-0040): a grant in the rest is not reviewed"),
			  what, sf->n_files);
		check_set_remedy(ctx, "%s",
				 _("Fix what SUDO-0040 names (visudo -c shows what sudo itself refuses), then run the audit again."));
	} else {
		check_add(ctx, ST_PASS, "", _("%s in the %zu sudoers file(s) read (/etc/sudoers and its includes)"), what,
			  sf->n_files);
	}
}

static int sudo_nopasswd_all(struct check_ctx *ctx, struct err *err)
{
	const struct passwd_db *pw;
	const struct priv_facts *pf;
	const struct sudo_facts *sf;
	struct err e;
	size_t i, j, k, found = 0;
	int ret = load_sudoers(ctx, &sf, err);

	if (ret)
		return ret < 0 ? ret : 0;
	if ((ret = facts_passwd(ctx->facts, &pw, &e)) < 0 || (ret = facts_privileged(ctx->facts, &pf, &e)) < 0)
		return fact_failed(ctx, ret, &e, err);
	for (i = 0; i < sf->n_files; i++)
		for (j = 0; j < sf->files[i].s.n_defaults; j++) {
			const struct sudo_default *d = &sf->files[i].s.defaults[j];
			if (d->authenticate_off) {
				found++;
				check_add(ctx, ST_FAIL, d->binding ? d->binding + (d->binding[0] == ':') : "Defaults",
					  _("%s:%zu: Defaults%s !authenticate: sudo asks for no password at all"),
					  sf->files[i].path, d->line, d->binding ? d->binding : "");
			}
		}
	for (i = 0; i < pf->n_grants; i++) {
		const struct sudo_grant *g = &pf->grants[i];
		if (!g->all_cmds || !g->runas_root || !g->nopasswd)
			continue;
		found++;
		if (g->unresolved || !g->n_users)
			check_add(ctx, ST_FAIL, g->principal, _("%s:%zu: %s may run any command as root without a password"),
				  g->file, g->line, g->principal);
		for (k = 0; k < g->n_users; k++)
			check_add(ctx, ST_FAIL, pw->v[g->users[k]].name,
				  _("%s:%zu: may run any command as root without a password (rule for %s)"), g->file,
				  g->line, g->principal);
	}
	if (!found)
		sudo_nothing_found(ctx, sf, _("no grant of every command as root without a password"));
	return 0;
}

static int sudo_negated_all(struct check_ctx *ctx, struct err *err)
{
	const struct priv_facts *pf;
	const struct sudo_facts *sf;
	struct err e;
	size_t i, found = 0;
	int ret = load_sudoers(ctx, &sf, err);

	if (ret)
		return ret < 0 ? ret : 0;
	if ((ret = facts_privileged(ctx->facts, &pf, &e)) < 0)
		return fact_failed(ctx, ret, &e, err);
	for (i = 0; i < pf->n_grants; i++) {
		const struct sudo_grant *g = &pf->grants[i];
		if (g->all_cmds && g->negated_cmds && g->runas_root) {
			found++;
			check_add(ctx, ST_WARN, g->principal,
				  _("%s:%zu: grants ALL except some commands; such exceptions are easily bypassed (a copied or renamed binary)"),
				  g->file, g->line);
		}
	}
	if (!found)
		sudo_nothing_found(ctx, sf, _("no grant of ALL except some commands"));
	return 0;
}

static int sudo_files_protected(struct check_ctx *ctx, struct err *err)
{
	const struct sudo_facts *sf;
	struct stat st;
	size_t i, bad = 0;
	int ret = load_sudoers(ctx, &sf, err);

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
	if (root_stat(ctx->root, "/etc/sudoers.d", ROOT_MISSING_OK, &st, NULL) == 0) {
		char *why = file_perm_problem(&st);
		if (why) {
			check_add(ctx, ST_FAIL, "/etc/sudoers.d", "%s", why);
			bad++;
		}
		free(why);
	}
	if (!bad)
		check_add(ctx, ST_PASS, "", _("%zu sudoers file(s) read (and /etc/sudoers.d where it exists), each owned by root and writable by nobody else"),
			  sf->n_files);
	return 0;
}

static int sudo_readable(struct check_ctx *ctx, struct err *err)
{
	const struct sudo_facts *sf;
	size_t i;
	int ret = load_sudoers(ctx, &sf, err);

	if (ret)
		return ret < 0 ? ret : 0;
	for (i = 0; i < sf->n_errors; i++)
		check_add(ctx, ST_WARN, "sudoers", "%s", sf->errors[i]);
	for (i = 0; i < sf->n_files; i++) {
		const struct parse_bad *b = &sf->files[i].s.bad;
		if (b->n)
			check_add(ctx, ST_WARN, sf->files[i].path,
				  _("%zu line(s) not understood; first at line %zu (%s); grants there are not reviewed"),
				  b->n, b->line[0], b->why[0]);
	}
	if (!sf->n_errors && !sf->incomplete)
		check_add(ctx, ST_PASS, "", _("%zu file(s) read (/etc/sudoers and its includes), every line understood"),
			  sf->n_files);
	return 0;
}

static const struct check checks[] = {
	{ .id = "SUDO-0010", .items = "AC-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("No one may run everything as root without a password"),
	  .explain = N_("A NOPASSWD grant of ALL (or of a shell) means whoever gets the account, by a stolen key or a hijacked session, is root at once."),
	  .remedy = N_("Remove NOPASSWD from grants of ALL (visudo); give automation only the exact commands it needs."),
	  .run = sudo_nopasswd_all },
	{ .id = "SUDO-0020", .items = "AC-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_MEDIUM,
	  .title = N_("sudo grants have no bypassable exceptions"),
	  .explain = N_("\"ALL, !/bin/su\" style rules do not contain anyone: sudo's own manual says so."),
	  .remedy = N_("Grant the list of commands that are needed instead of ALL minus a few."),
	  .run = sudo_negated_all },
	{ .id = "SUDO-0030", .items = "AC-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_HIGH,
	  .title = N_("sudoers files are protected"),
	  .explain = N_("Whoever can write a sudoers file can grant themselves root."),
	  .remedy = N_("chown root:root the file; chmod 0440 /etc/sudoers /etc/sudoers.d/*; chmod 0755 /etc/sudoers.d."),
	  .run = sudo_files_protected },
	{ .id = "SUDO-0040", .items = "AC-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN, .severity = SEV_MEDIUM,
	  .title = N_("sudoers can be reviewed completely"),
	  .explain = N_("Includes that cannot be read and lines kyuka does not understand hide grants from the review."),
	  .remedy = N_("Check the files named with visudo -c and fix or remove what is reported."),
	  .run = sudo_readable },
};

CHECK_AREA(sudo_area, "sudo", checks);
