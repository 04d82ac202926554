/* kyuka audit: run the checks of a phase and report. */
#include "checks/context.h"
#include "checks/evidence.h"
#include "cli/cli.h"
#include "collect/clock.h"
#include "collect/host.h"
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

static void usage(void)
{
	printf("%s", _("usage: kyuka audit [options]\n"
		       "  --phase before|after     which half of the advisory (default before)\n"
		       "  --holiday START..END     the holiday, e.g. 2026-12-27..2027-01-04 (default from the config)\n"
		       "  --only SEL[,SEL...]      only these checks: check IDs, advisory items (AC-3) or areas\n"
		       "  --skip SEL[,SEL...]      skip these checks (reported as SKIP)\n"
		       "  --format terminal|json   report format (default terminal)\n"
		       "  --output FILE            write the report to FILE (mode 0600, atomic)\n"
		       "  --fail-on SEVERITY       exit 1 when a finding is at or above it (default high)\n"
		       "  --color auto|always|never\n"
		       "  --verbose                list every passed subject\n"
		       "  --no-store               do not record the run in the database\n"));
	printf("%s", _("  --audience admin|staff|all  whose checks: the administrator's (default) or a staff laptop's (ST-*)\n"));
	print_global_help();
}

enum { O_AUDIENCE = 0x80, O_PHASE = 1, O_HOLIDAY, O_ONLY, O_SKIP, O_FORMAT, O_OUTPUT, O_FAIL_ON, O_COLOR, O_VERBOSE, O_NO_STORE, O_HELP };

static const struct option options[] = {
	{ "audience", required_argument, NULL, O_AUDIENCE },
	{ "color", required_argument, NULL, O_COLOR },
	{ "fail-on", required_argument, NULL, O_FAIL_ON },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "help", no_argument, NULL, O_HELP },
	{ "holiday", required_argument, NULL, O_HOLIDAY },
	{ "no-color", no_argument, NULL, 'N' },
	{ "no-store", no_argument, NULL, O_NO_STORE },
	{ "only", required_argument, NULL, O_ONLY },
	{ "output", required_argument, NULL, O_OUTPUT },
	{ "phase", required_argument, NULL, O_PHASE },
	{ "skip", required_argument, NULL, O_SKIP },
	{ "verbose", no_argument, NULL, O_VERBOSE },
	GLOBAL_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

struct audit_args {
	const char *phase, *holiday, *format, *output, *fail_on, *color;
	bool verbose, no_store;
	struct run_opts run;
};

static void free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

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

/* Confirmations and alert tests from the database, read only if it exists (an audit creates nothing to read). */
static void load_evidence(const struct globals *g, const struct config *cfg, struct audit_evidence *ev)
{
	char *path = cli_db_path(g);
	struct store *st = NULL;
	struct err e = { 0 };
	int r;

	if (!path) {
		evidence_unreadable(ev, _("no database path"));
		return;
	}
	r = store_open_existing(path, &st, &e);
	if (r == -ENOENT)
		evidence_load(NULL, cfg, ev);
	else if (r < 0)
		evidence_unreadable(ev, e.msg);
	else
		evidence_load(st, cfg, ev);
	store_close(st);
	free(path);
}

int cmd_audit(int argc, char **argv, struct globals *g)
{
	struct audit_args a = { 0 };
	struct config cfg;
	struct report rep;
	struct root *root = NULL;
	struct audit_evidence ev = { 0 };
	struct err e = { 0 };
	char *db_path = NULL;
	struct backup_drills drills = { 0 };
	int c, ret;

	config_defaults(&cfg);
	report_init(&rep);
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (global_option(g, c, optarg))
			continue;
		switch (c) {
		case O_AUDIENCE:
			if (!strcmp(optarg, "admin"))
				a.run.audience = AUD_ADMIN;
			else if (!strcmp(optarg, "staff"))
				a.run.audience = AUD_STAFF;
			else if (!strcmp(optarg, "all"))
				a.run.audience = -1;
			else
				return cli_error(EXIT_USAGE, _("--audience: admin, staff or all, not '%s'"), optarg);
			break;
		case O_PHASE: a.phase = optarg; break;
		case O_HOLIDAY: a.holiday = optarg; break;
		case O_ONLY: cli_split_list(optarg, &a.run.only, &a.run.n_only); break;
		case O_SKIP: cli_split_list(optarg, &a.run.skip, &a.run.n_skip); break;
		case O_FORMAT: a.format = optarg; break;
		case O_OUTPUT: a.output = optarg; break;
		case O_FAIL_ON: a.fail_on = optarg; break;
		case O_COLOR: a.color = optarg; break;
		case 'N': a.color = "never"; break;
		case O_VERBOSE: a.verbose = true; break;
		case O_NO_STORE: a.no_store = true; break;
		case 'h':
		case O_HELP:
			i18n_init(g->lang, NULL);
			usage();
			ret = EXIT_OK;
			goto out;
		default:
			ret = EXIT_USAGE;
			goto out;
		}
	}
	if ((ret = cli_setup(g, &cfg)) != EXIT_OK)
		goto out;
	if (optind < argc) {
		ret = cli_error(EXIT_USAGE, _("unexpected argument '%s'"), argv[optind]);
		goto out;
	}
	if (phase_parse(a.phase ? a.phase : "before", &a.run.phase) < 0) {
		ret = cli_error(EXIT_USAGE, _("invalid --phase '%s' (use before or after)"), a.phase);
		goto out;
	}
	if (a.run.phase == PHASE_DURING) {
		/* No check belongs to it: an audit of it would run nothing and exit 0. */
		ret = cli_error(EXIT_USAGE,
				_("--phase during: no check belongs to that phase (the phases are before and after); "
				  "during the holiday, run 'kyuka audit --phase before' from a timer to watch the host "
				  "and 'kyuka logs' to review the logs so far"));
		goto out;
	}
	if ((ret = cli_report_options(&cfg, a.format, a.color, a.fail_on, &rep)) != EXIT_OK)
		goto out;
	if (a.holiday) {
		if (holiday_parse(a.holiday, strlen(a.holiday), rep.holiday_start, rep.holiday_end, &e) < 0) {
			ret = cli_error(EXIT_USAGE, _("invalid --holiday: %s"), e.msg);
			goto out;
		}
		rep.has_holiday = true;
	} else if (cfg.has_holiday) {
		memcpy(rep.holiday_start, cfg.holiday_start, sizeof(rep.holiday_start));
		memcpy(rep.holiday_end, cfg.holiday_end, sizeof(rep.holiday_end));
		rep.has_holiday = true;
	}
	if ((ret = check_selectors(a.run.only, a.run.n_only, "--only")) != EXIT_OK ||
	    (ret = check_selectors(a.run.skip, a.run.n_skip, "--skip")) != EXIT_OK)
		goto out;
	if ((ret = cli_open_root(g, &root)) != EXIT_OK)
		goto out;

	db_path = cli_db_path(g);
	a.run.db = db_path;	/* the vulnerability checks read feeds from it */
	if (!a.no_store) {
		a.run.db_path = db_path;	/* the log review compares log files with the last run */
		a.run.record = true;
	}
	rep.tool_version = KYUKA_VERSION;
	rep.root = xstrdup(g->root ? g->root : "/");
	rep.generated_at = clock_now();
	rep.phase = a.run.phase;
	collect_host(root, &rep.host);
	load_evidence(g, &cfg, &ev);
	a.run.evidence = &ev;
	cli_drills_load(g, &cfg, &drills);	/* an error is reported by the backup checks */
	a.run.drills = &drills;
	if (checks_run(root, &cfg, &a.run, &rep, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	ret = cli_emit_report(g, &rep, a.format, a.output, a.color, a.verbose, !a.no_store);
out:
	report_release(&rep);	/* also frees rep.root and rep.host */
	root_close(root);
	config_free(&cfg);
	evidence_release(&ev);
	cli_drills_free(&drills);
	free_list(a.run.only, a.run.n_only);
	free_list(a.run.skip, a.run.n_skip);
	free(db_path);
	return ret;
}
