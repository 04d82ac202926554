/* kyuka logs: the holiday log review (the LOG-* checks) with its timeline, on its own. */
#include "checks/context.h"
#include "cli/cli.h"
#include "collect/clock.h"
#include "collect/host.h"
#include "collect/logsrc.h"
#include "engines/logreview.h"
#include "model/run.h"
#include "parse/config.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(void)
{
	printf("%s", _("usage: kyuka logs [options] [FILE...]\n"
		       "  Reviews auth, VPN and firewall logs over a window: /var/log (auth.log, secure, syslog,\n"
		       "  messages, kern.log, ufw.log, openvpn*.log and their rotations) or the journal, or FILEs.\n"
		       "  --holiday START..END     the window: these days, local time (default from the config)\n"
		       "  --since TIME, --until TIME  the window (RFC 3339 or YYYY-MM-DD; default the last 7 days,\n"
		       "                           or with FILEs all that they hold)\n"
		       "  --tz ZONE                time zone of year-less times, e.g. Asia/Tokyo or +09:00\n"
		       "  --journal, --no-journal  read the journal too, or never (default: when there is no auth.log)\n"
		       "  --journal-dir DIR        read a copied journal directory\n"
		       "  --format terminal|json   report format (default terminal)\n"
		       "  --output FILE            write the report to FILE (mode 0600, atomic)\n"
		       "  --fail-on SEVERITY       exit 1 when a finding is at or above it (default high)\n"
		       "  --color auto|always|never\n"
		       "  --no-store               neither compare with nor record the state of the log files\n"
		       "  --threads N              threads that parse text logs (default: every core)\n"
		       "  --verbose                list every passed subject\n"));
	print_global_help();
}

enum { O_HOLIDAY = 1, O_SINCE, O_UNTIL, O_TZ, O_JOURNAL, O_NO_JOURNAL, O_JOURNAL_DIR, O_FORMAT, O_OUTPUT, O_FAIL_ON,
       O_COLOR, O_NO_STORE, O_THREADS, O_VERBOSE, O_HELP };

static const struct option options[] = {
	{ "color", required_argument, NULL, O_COLOR },
	{ "fail-on", required_argument, NULL, O_FAIL_ON },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "help", no_argument, NULL, O_HELP },
	{ "holiday", required_argument, NULL, O_HOLIDAY },
	{ "journal", no_argument, NULL, O_JOURNAL },
	{ "journal-dir", required_argument, NULL, O_JOURNAL_DIR },
	{ "no-journal", no_argument, NULL, O_NO_JOURNAL },
	{ "no-store", no_argument, NULL, O_NO_STORE },
	{ "output", required_argument, NULL, O_OUTPUT },
	{ "since", required_argument, NULL, O_SINCE },
	{ "threads", required_argument, NULL, O_THREADS },
	{ "tz", required_argument, NULL, O_TZ },
	{ "until", required_argument, NULL, O_UNTIL },
	{ "verbose", no_argument, NULL, O_VERBOSE },
	GLOBAL_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

struct logs_args {
	const char *holiday, *since, *until, *format, *output, *fail_on, *color;
	bool no_store, verbose;
	struct logreview_opts lo;
};

static int parse_time(const char *opt, const char *s, int64_t *out)
{
	time_t t;

	if (time_parse_iso8601(s, strlen(s), &t) < 0)
		return cli_error(EXIT_USAGE, _("invalid %s '%s' (expected e.g. 2026-12-27T00:00:00+09:00 or 2026-12-27)"),
				 opt, s);
	*out = (int64_t)t;
	return EXIT_OK;
}

/* FILE operands are named as the target sees them; with the host as root, relative to the current directory. */
static char **file_list(char **argv, int n, const struct globals *g)
{
	char **v = xcalloc((size_t)n + 1, sizeof(*v));
	char cwd[4096];
	int i;

	for (i = 0; i < n; i++) {
		if (argv[i][0] != '/' && !g->root && getcwd(cwd, sizeof(cwd)))
			v[i] = xasprintf("%s/%s", cwd, argv[i]);
		else
			v[i] = xstrdup(argv[i]);
	}
	return v;
}

int cmd_logs(int argc, char **argv, struct globals *g)
{
	struct logs_args a = { 0 };
	struct run_opts run = { 0 };
	struct config cfg;
	struct report rep;
	struct root *root = NULL;
	struct err e = { 0 };
	char *only[] = { (char *)"logs" };
	char **files = NULL, *db = NULL;
	size_t n_files = 0, i;
	int c, ret;

	config_defaults(&cfg);
	report_init(&rep);
	logreview_opts_defaults(&a.lo);
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (global_option(g, c, optarg))
			continue;
		switch (c) {
		case O_HOLIDAY: a.holiday = optarg; break;
		case O_SINCE: a.since = optarg; break;
		case O_UNTIL: a.until = optarg; break;
		case O_TZ: a.lo.tz = optarg; break;
		case O_JOURNAL: a.lo.journal = LR_JOURNAL_YES; break;
		case O_NO_JOURNAL: a.lo.journal = LR_JOURNAL_NO; break;
		case O_JOURNAL_DIR: a.lo.journal_dir = optarg; break;
		case O_THREADS: {
			uint64_t t;

			if (parse_u64_str(optarg, 1024, &t) < 0 || t < 1) {
				ret = cli_error(EXIT_USAGE, _("invalid --threads '%s' (1 to 1024)"), optarg);
				goto out;
			}
			a.lo.threads = (unsigned)t;
			break;
		}
		case O_FORMAT: a.format = optarg; break;
		case O_OUTPUT: a.output = optarg; break;
		case O_FAIL_ON: a.fail_on = optarg; break;
		case O_COLOR: a.color = optarg; break;
		case O_NO_STORE: a.no_store = true; break;
		case O_VERBOSE: a.verbose = true; break;
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
	if ((ret = cli_report_options(&cfg, a.format, a.color, a.fail_on, &rep)) != EXIT_OK)
		goto out;
	if (a.lo.tz) {
		GTimeZone *tz = g_time_zone_new_identifier(a.lo.tz);

		if (!tz) {
			ret = cli_error(EXIT_USAGE, _("unknown time zone '%s' (use e.g. Asia/Tokyo or +09:00)"), a.lo.tz);
			goto out;
		}
		g_time_zone_unref(tz);
	}
	if (a.holiday && (a.since || a.until)) {
		ret = cli_error(EXIT_USAGE, _("give either --holiday or --since/--until, not both"));
		goto out;
	}
	if (a.holiday) {
		if (holiday_parse(a.holiday, strlen(a.holiday), rep.holiday_start, rep.holiday_end, &e) < 0) {
			ret = cli_error(EXIT_USAGE, _("invalid --holiday: %s"), e.msg);
			goto out;
		}
		rep.has_holiday = true;
	} else if (!a.since && !a.until && cfg.has_holiday) {
		memcpy(rep.holiday_start, cfg.holiday_start, sizeof(rep.holiday_start));
		memcpy(rep.holiday_end, cfg.holiday_end, sizeof(rep.holiday_end));
		rep.has_holiday = true;
	}
	if ((a.since && (ret = parse_time("--since", a.since, &a.lo.since)) != EXIT_OK) ||
	    (a.until && (ret = parse_time("--until", a.until, &a.lo.until)) != EXIT_OK))
		goto out;
	if (!rep.has_holiday && !a.since && !a.until && optind < argc) {
		a.lo.whole_span = true;	/* FILEs and no window: all that they hold */
	} else if (!rep.has_holiday && !a.since && !a.until) {
		a.lo.until = clock_now();
		a.lo.since = a.lo.until - 7 * 86400;
	} else if (a.since && !a.until) {
		if (a.lo.since >= clock_now()) {
			ret = cli_error(EXIT_USAGE, _("the window has not begun: --since '%s' is later than now; "
						      "give --until as well to name a window ahead"), a.since);
			goto out;
		}
		a.lo.until = clock_now();
	} else if (a.until && !a.since) {
		a.lo.since = a.lo.until - 7 * 86400;
	}
	if (!rep.has_holiday && !a.lo.whole_span && a.lo.until <= a.lo.since) {
		ret = cli_error(EXIT_USAGE, _("the window is empty: --until must come after --since"));
		goto out;
	}
	if (optind < argc) {
		n_files = (size_t)(argc - optind);
		files = file_list(argv + optind, argc - optind, g);
		a.lo.files = files;
		a.lo.n_files = n_files;
	}
	if ((ret = cli_open_root(g, &root)) != EXIT_OK)
		goto out;
	/* a source named on the command line that cannot be read is an error, not ten findings */
	for (i = 0; i < n_files; i++) {
		struct logsrc_file f;

		if (logsrc_stat_file(root, files[i], &f, &e) < 0) {
			ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
			goto out;
		}
		logsrc_file_free(&f);
	}
	if (a.lo.journal_dir && logsrc_check_journal_dir(a.lo.journal_dir, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}

	run.phase = PHASE_AFTER;
	run.only = only;
	run.n_only = 1;
	run.logs = &a.lo;
	if (!a.no_store) {
		db = cli_db_path(g);
		run.db_path = db;
		run.record = true;
	}
	rep.tool_version = KYUKA_VERSION;
	rep.root = xstrdup(g->root ? g->root : "/");
	rep.generated_at = clock_now();
	rep.phase = PHASE_AFTER;
	collect_host(root, &rep.host);
	if (checks_run(root, &cfg, &run, &rep, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	ret = cli_emit_report(g, &rep, a.format, a.output, a.color, a.verbose, false);
out:
	report_release(&rep);
	root_close(root);
	config_free(&cfg);
	for (i = 0; i < n_files; i++)
		free(files[i]);
	free(files);
	free(db);
	return ret;
}
