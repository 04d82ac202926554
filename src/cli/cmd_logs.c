/* kyuka logs: the holiday log review (the LOG-* checks) with its timeline, on its own. */
#include "checks/context.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "collect/clock.h"
#include "collect/evtx.h"
#include "collect/host.h"
#include "collect/logsrc.h"
#include "engines/logreview.h"
#include "model/run.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct logs_args {
	struct cli_common common;
	const char *holiday, *since, *until;
	char **files;		/* the FILE operands as the target sees them */
	struct logreview_opts lo;
};

static int opt_threads(void *args, const char *arg)
{
	struct logs_args *a = args;
	uint64_t t;

	if (parse_u64_str(arg, 1024, &t) < 0 || t < 1)
		return cli_error(EXIT_USAGE, _("invalid --threads '%s' (1 to 1024)"), arg);
	a->lo.threads = (unsigned)t;
	return EXIT_OK;
}

static int opt_journal(void *args, const char *arg)
{
	(void)arg;
	((struct logs_args *)args)->lo.journal = LR_JOURNAL_YES;
	return EXIT_OK;
}

static int opt_no_journal(void *args, const char *arg)
{
	(void)arg;
	((struct logs_args *)args)->lo.journal = LR_JOURNAL_NO;
	return EXIT_OK;
}

static const struct cli_option options[] = {
	CLI_STRING("color", struct logs_args, common.color),
	CLI_STRING("evtx-dir", struct logs_args, lo.evtx_dir),
	CLI_STRING("fail-on", struct logs_args, common.fail_on),
	CLI_STRING("format", struct logs_args, common.format),
	CLI_STRING("holiday", struct logs_args, holiday),
	CLI_FLAG_FN("journal", opt_journal),
	CLI_STRING("journal-dir", struct logs_args, lo.journal_dir),
	CLI_FLAG_FN("no-journal", opt_no_journal),
	CLI_BOOL("no-store", struct logs_args, common.no_store),
	CLI_STRING("output", struct logs_args, common.output),
	CLI_STRING("since", struct logs_args, since),
	CLI_FN("threads", opt_threads),
	CLI_STRING("tz", struct logs_args, lo.tz),
	CLI_STRING("until", struct logs_args, until),
	CLI_BOOL("verbose", struct logs_args, common.verbose),
	{ NULL },
};

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

static void logs_init(void *args)
{
	logreview_opts_defaults(&((struct logs_args *)args)->lo);
}

static void logs_release(void *args)
{
	struct logs_args *a = args;
	size_t i;

	for (i = 0; i < a->lo.n_files; i++)
		free(a->files[i]);
	free(a->files);
}

/* The window and the FILEs (after the config and the report options). */
static int logs_check(struct cmd_ctx *c)
{
	struct logs_args *a = c->args;
	struct report *rep = c->rep;
	int ret;

	if (a->lo.tz) {
		GTimeZone *tz = g_time_zone_new_identifier(a->lo.tz);

		if (!tz)
			return cli_error(EXIT_USAGE, _("unknown time zone '%s' (use e.g. Asia/Tokyo or +09:00)"), a->lo.tz);
		g_time_zone_unref(tz);
	}
	if (a->holiday && (a->since || a->until))
		return cli_error(EXIT_USAGE, _("give either --holiday or --since/--until, not both"));
	if ((ret = cli_report_holiday(rep, a->holiday, a->since || a->until ? NULL : &c->cfg)) != EXIT_OK)
		return ret;
	if ((a->since && (ret = cli_parse_time("--since", a->since, &a->lo.since)) != EXIT_OK) ||
	    (a->until && (ret = cli_parse_time("--until", a->until, &a->lo.until)) != EXIT_OK))
		return ret;
	if (!rep->has_holiday && !a->since && !a->until && (c->argc > 0 || a->lo.evtx_dir)) {
		a->lo.whole_span = true;	/* FILEs and no window: all that they hold */
	} else if (!rep->has_holiday && !a->since && !a->until) {
		a->lo.until = clock_now();
		a->lo.since = a->lo.until - 7 * 86400;
	} else if (a->since && !a->until) {
		if (a->lo.since >= clock_now())
			return cli_error(EXIT_USAGE, _("the window has not begun: --since '%s' is later than now; "
						       "give --until as well to name a window ahead"), a->since);
		a->lo.until = clock_now();
	} else if (a->until && !a->since) {
		a->lo.since = a->lo.until - 7 * 86400;
	}
	if (!rep->has_holiday && !a->lo.whole_span && a->lo.until <= a->lo.since)
		return cli_error(EXIT_USAGE, _("the window is empty: --until must come after --since"));
	if (c->argc > 0) {
		a->files = file_list(c->argv, c->argc, c->g);
		a->lo.files = a->files;
		a->lo.n_files = (size_t)c->argc;
	}
	return EXIT_OK;
}

static int logs_run(struct cmd_ctx *c)
{
	struct logs_args *a = c->args;
	struct report *rep = c->rep;
	struct run_opts run = { 0 };
	struct err e = { 0 };
	char *only[] = { (char *)"logs" };
	char *db = NULL;
	size_t i;
	struct cli_progress *line;
	int ret, r;

	/* a source named on the command line that cannot be read is an error, not ten findings */
	for (i = 0; i < a->lo.n_files; i++) {
		struct logsrc_file f;

		if (logsrc_stat_file(c->root, a->lo.files[i], &f, &e) < 0) {
			if (e.code == -ELOOP)
				continue;	/* a link: the review says it was not followed (LOG-0010) */
			return cli_error(EXIT_RUNTIME, "%s", e.msg);
		}
		logsrc_file_free(&f);
	}
	if (a->lo.journal_dir && logsrc_check_journal_dir(a->lo.journal_dir, &e) < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	if (a->lo.evtx_dir) {
		char **v = NULL;
		size_t n = 0;
		bool truncated;

		if (evtx_list_dir(c->root, a->lo.evtx_dir, &v, &n, &truncated, &e) < 0)
			return cli_error(EXIT_RUNTIME, "%s", e.msg);
		strv_free(v, n);
		if (!n)
			return cli_error(EXIT_RUNTIME, _("no Windows event log (.evtx) in '%s'"), a->lo.evtx_dir);
	}

	run.phase = PHASE_AFTER;
	run.only = only;
	run.n_only = 1;
	run.logs = &a->lo;
	if (!a->common.no_store) {
		db = cli_db_path(c->g);
		run.db_path = db;
		run.record = true;
	}
	rep->tool_version = KYUKA_VERSION;
	rep->root = xstrdup(c->g->root ? c->g->root : "/");
	rep->generated_at = clock_now();
	rep->phase = PHASE_AFTER;
	collect_host(c->root, &rep->host);
	if ((line = progress_start(true))) {
		run.on_check = progress_check;
		run.on_check_arg = line;
	}
	r = checks_run(c->root, &c->cfg, &run, rep, &e);
	progress_stop(line);
	if (r < 0)
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
	else
		ret = cli_emit_report(c->g, rep, a->common.format, a->common.output, a->common.color, a->common.verbose,
				      false);
	free(db);
	return ret;
}

const struct cmd_def cmd_logs = {
	.fn = logs_run,
	.usage = N_("usage: kyuka logs [options] [FILE...]\n"
		       "  Reviews auth, VPN and firewall logs over a window: /var/log (auth.log, secure, syslog,\n"
		       "  messages, kern.log, ufw.log, openvpn*.log and their rotations) or the journal, or FILEs\n"
		       "  (text logs, or Windows event logs .evtx, told apart by their content).\n"
		       "  --holiday START..END     the window: these days, local time (default from the config)\n"
		       "  --since TIME, --until TIME  the window (RFC 3339 or YYYY-MM-DD; default the last 7 days,\n"
		       "                           or with FILEs all that they hold)\n"
		       "  --tz ZONE                time zone of year-less times, e.g. Asia/Tokyo or +09:00\n"
		       "  --journal, --no-journal  read the journal too, or never (default: when there is no auth.log)\n"
		       "  --journal-dir DIR        read a copied journal directory\n"
		       "  --evtx-dir DIR           read the Windows event logs (.evtx) in DIR instead of /var/log\n"
		       "                           (a copy, or a mounted image's Windows/System32/winevt/Logs)\n"
		       "  --format terminal|json|html  report format (default terminal)\n"
		       "  --output FILE            write the report to FILE (mode 0600, atomic)\n"
		       "  --fail-on SEVERITY       exit 1 when a finding is at or above it (default high)\n"
		       "  --color auto|always|never\n"
		       "  --no-store               neither compare with nor record the state of the log files\n"
		       "  --threads N              threads that parse text logs (default: every core)\n"
		       "  --verbose                list every passed subject\n"),
	.options = options,
	.args_size = sizeof(struct logs_args),
	.init = logs_init,
	.check = logs_check,
	.release = logs_release,
};
