/* kyuka audit: run the checks of a phase and report. */
#include "checks/context.h"
#include "checks/evidence.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "collect/clock.h"
#include "collect/host.h"
#include "engines/baseline.h"
#include "report/report.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct audit_args {
	struct cli_common common;
	const char *phase, *holiday;
	struct cli_list only, skip;
	struct run_opts run;
	bool no_baseline;
};

/* --audience admin|staff|all: whose checks run (-1: both). */
static int opt_audience(void *args, const char *arg)
{
	struct audit_args *a = args;

	if (!strcmp(arg, "admin"))
		a->run.audience = AUD_ADMIN;
	else if (!strcmp(arg, "staff"))
		a->run.audience = AUD_STAFF;
	else if (!strcmp(arg, "all"))
		a->run.audience = -1;
	else
		return cli_error(EXIT_USAGE, _("--audience: admin, staff or all, not '%s'"), arg);
	return EXIT_OK;
}

static const struct cli_option options[] = {
	CLI_FN("audience", opt_audience),
	CLI_STRING("color", struct audit_args, common.color),
	CLI_STRING("fail-on", struct audit_args, common.fail_on),
	CLI_STRING("format", struct audit_args, common.format),
	CLI_STRING("holiday", struct audit_args, holiday),
	CLI_BOOL("no-baseline", struct audit_args, no_baseline),
	CLI_CONST("no-color", struct audit_args, common.color, "never"),
	CLI_BOOL("no-store", struct audit_args, common.no_store),
	CLI_LIST("only", struct audit_args, only),
	CLI_STRING("output", struct audit_args, common.output),
	CLI_STRING("phase", struct audit_args, phase),
	CLI_LIST("skip", struct audit_args, skip),
	CLI_BOOL("verbose", struct audit_args, common.verbose),
	{ NULL },
};

/* Unknown selectors are a usage error: a typo must not turn into "all checks passed". */
static int check_selectors(char **v, size_t n, const char *opt)
{
	size_t i, a, c;

	for (i = 0; i < n; i++) {
		bool known = false;
		for (a = 0; a < n_check_areas && !known; a++)
			for (c = 0; c < check_areas[a]->n && !known; c++)
				known = check_matches(&check_areas[a]->checks[c], check_areas[a]->name, v[i]);
		if (!known)
			return cli_error(EXIT_USAGE, _("%s '%s' names no check, advisory item or area (see kyuka checks)"),
					 opt, v[i]);
	}
	return EXIT_OK;
}

/* Confirmations and alert tests from the store the audit opened (cs NULL: no database path). */
static void load_evidence(const struct check_store *cs, const struct config *cfg, struct audit_evidence *ev)
{
	if (!cs)
		evidence_unreadable(ev, _("no database path"));
	else if (cs->rc == -ENOENT)
		/* an audit creates nothing to read */
		evidence_load(NULL, &cfg->alert, cfg->has_holiday ? cfg->holiday_start : NULL, ev);
	else if (cs->rc < 0)
		evidence_unreadable(ev, cs->err.msg);
	else
		evidence_load(cs->st, &cfg->alert, cfg->has_holiday ? cfg->holiday_start : NULL, ev);
}

/* Usage errors of the phase, the holiday and the selectors (after the config and the report options). */
static int audit_check(struct cmd_ctx *c)
{
	struct audit_args *a = c->args;
	int ret;

	if (phase_parse(a->phase ? a->phase : "before", &a->run.phase) < 0)
		return cli_error(EXIT_USAGE, _("invalid --phase '%s' (use before or after)"), a->phase);
	if (a->run.phase == PHASE_DURING) {
		/* No check belongs to it: an audit of it would run nothing and exit 0. */
		return cli_error(EXIT_USAGE,
				 _("--phase during: no check belongs to that phase (the phases are before and after); "
				   "during the holiday, run 'kyuka audit --phase before' from a timer to watch the host "
				   "and 'kyuka logs' to review the logs so far"));
	}
	if ((ret = cli_report_holiday(c->rep, a->holiday, &c->cfg)) != EXIT_OK)
		return ret;
	a->run.only = a->only.v;
	a->run.n_only = a->only.n;
	a->run.skip = a->skip.v;
	a->run.n_skip = a->skip.n;
	if ((ret = check_selectors(a->run.only, a->run.n_only, "--only")) != EXIT_OK ||
	    (ret = check_selectors(a->run.skip, a->run.n_skip, "--skip")) != EXIT_OK)
		return ret;
	return EXIT_OK;
}

/*
 * The end of a whole audit before a set holiday (issue 16): the baseline that
 * kyuka diff, CH-0010 and kyuka watch compare with, its summary on stderr (the
 * report may be JSON on stdout). A failure is a warning: the report stands.
 */
static void auto_baseline(struct cmd_ctx *c, const char *db_path)
{
	struct baseline_opts o = { .label = "baseline", .at = clock_now() };
	struct baseline_result res;
	struct store *st = NULL;
	struct err e = { 0 };

	if (c->cfg.baseline.n_paths) {
		o.paths = c->cfg.baseline.paths;
		o.n_paths = c->cfg.baseline.n_paths;
	}
	if (store_open(db_path, &st, &e) < 0 || baseline_save(c->root, st, &o, &res, &e) < 0) {
		cli_warn(_("the baseline was not saved: %s"), e.msg);
		store_close(st);
		return;
	}
	fprintf(stderr, _("kyuka: baseline %lld saved (kyuka diff compares with it after the holiday); SHA-256 summary: %s\n"),
		(long long)res.id, res.sha256);
	baseline_result_free(&res);
	store_close(st);
}

static int audit_run(struct cmd_ctx *c)
{
	struct audit_args *a = c->args;
	struct report *rep = c->rep;
	struct audit_evidence ev = { 0 };
	struct err e = { 0 };
	char *db_path = NULL;
	struct backup_drills drills = { 0 };
	struct check_store store = { 0 };
	struct cli_progress *line;
	int ret, r;

	db_path = cli_db_path(c->g);
	/* The store, once for everything the audit reads from it: read-only, nothing created (an audit writes
	 * nothing there; the run is recorded after). The evidence, the drills and the vulnerability checks read it. */
	if (a->common.no_store && !c->g->db) {
		/* --no-store: the default database is not opened at all; what needs one says so. A database
		 * named with --db is still read (read-only, nothing created) for its feeds and confirmations. */
		store.rc = err_set(&store.err, -ECANCELED, "--no-store: the database is neither read nor written");
		a->run.store = &store;
	} else if (db_path) {
		store.rc = store_open_existing(db_path, &store.st, &store.err);
		a->run.store = &store;
	}
	if (!a->common.no_store) {
		a->run.db_path = db_path;	/* the log review compares log files with the last run */
		a->run.record = true;
	}
	rep->tool_version = KYUKA_VERSION;
	rep->root = xstrdup(c->g->root ? c->g->root : "/");
	rep->generated_at = clock_now();
	rep->phase = a->run.phase;
	collect_host(c->root, &rep->host);
	load_evidence(a->run.store, &c->cfg, &ev);
	a->run.evidence = &ev;
	cli_drills_read(a->run.store, db_path, &c->cfg, &drills);	/* an error is reported by the backup checks */
	a->run.drills = &drills;
	if ((line = progress_start(true))) {
		a->run.on_check = progress_check;
		a->run.on_check_arg = line;
	}
	r = checks_run(c->root, &c->cfg, &a->run, rep, &e);
	progress_stop(line);
	if (r < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	store_close(store.st);
	store.st = NULL;
	ret = cli_emit_report(c->g, rep, a->common.format, a->common.output, a->common.color, a->common.verbose,
			      !a->common.no_store);
	if (ret != EXIT_RUNTIME && a->run.phase == PHASE_BEFORE && rep->has_holiday && !a->common.no_store &&
	    !a->no_baseline && !a->only.n && !a->skip.n && db_path)
		auto_baseline(c, db_path);
out:
	store_close(store.st);
	evidence_release(&ev);
	cli_drills_free(&drills);
	free(db_path);
	return ret;
}

const struct cmd_def cmd_audit = {
	.fn = audit_run,
	.usage = N_("usage: kyuka audit [options]\n"
		    "  --phase before|after     which half of the advisory (default before)\n"
		    "  --holiday START..END     the holiday, e.g. 2026-12-27..2027-01-04 (default from the config)\n"
		    "  --only SEL[,SEL...]      only these checks: check IDs, advisory items (AC-3) or areas\n"
		    "  --skip SEL[,SEL...]      skip these checks (reported as SKIP)\n"
		    "  --format terminal|json|html|xlsx  report format (default terminal; xlsx needs --output)\n"
		    "  --output FILE            write the report to FILE (mode 0600, atomic)\n"
		    "  --fail-on SEVERITY       exit 1 when a finding is at or above it (default high)\n"
		    "  --color auto|always|never\n"
		    "  --verbose                list every passed subject\n"
		    "  --no-store               record nothing; without --db no database is opened at all (feeds,\n"
		    "                           confirmations, drills and alert tests are then not read); with --db\n"
		    "                           that database is only read\n"
		    "  --no-baseline            with a holiday set, a whole --phase before audit also saves a\n"
		    "                           baseline (kyuka baseline save): not this time\n"

		    "  --audience admin|staff|all  whose checks: the administrator's (default) or a staff laptop's (ST-*)\n"),
	.options = options,
	.args_size = sizeof(struct audit_args),
	.check = audit_check,
};
