/* The command table and the dispatcher: options from each command's table, setup from its flags. */
#include "cli/cli.h"
#include "report/report.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each defined in its cmd_<name>.c: a new command adds its file and one row here. */
extern const struct cmd_def cmd_alert, cmd_audit, cmd_backup, cmd_baseline, cmd_checks, cmd_config, cmd_diff,
	cmd_explain, cmd_feeds, cmd_fleet, cmd_logs, cmd_mail, cmd_netscan, cmd_passwords, cmd_plan, cmd_ports, cmd_runs, cmd_scan, cmd_version,
	cmd_vulns, cmd_watch;

/* Sorted by name. */
static const struct cmd_def cmd_help;

const struct command commands[] = {
	{ "alert", &cmd_alert, N_("send a test alert through the configured channel (alert test)"), NEEDS_CONFIG },
	{ "audit", &cmd_audit, N_("check this host against the holiday advisory and report"),
	  NEEDS_CONFIG | NO_OPERANDS | TAKES_REPORT | TAKES_HTML | TAKES_XLSX | NEEDS_ROOT | USAGE_GLOBALS },
	{ "backup", &cmd_backup, N_("backup jobs: list their newest backups, or run a restore drill (verify)"),
	  NEEDS_CONFIG | NEEDS_ROOT | USAGE_GLOBALS },
	{ "baseline", &cmd_baseline, N_("record the host as it is now, to compare after the holiday (baseline save)"),
	  NEEDS_CONFIG | NEEDS_ROOT | USAGE_GLOBALS },
	{ "checks", &cmd_checks, N_("list every check with its advisory items"), TAKES_FORMAT },
	{ "config", &cmd_config,
	  N_("validate the configuration file (config check), or write a commented one (config init)"), 0 },
	{ "diff", &cmd_diff, N_("what appeared, vanished or changed since the baseline, with severities"),
	  NEEDS_CONFIG | TAKES_FORMAT | TAKES_HTML | NEEDS_ROOT | USAGE_GLOBALS },
	{ "explain", &cmd_explain, N_("explain a check or an advisory item, and how to fix it"), 0 },
	{ "feeds", &cmd_feeds, N_("import, update and list vulnerability feeds (DSA, DLA, KEV, OSV, tracker)"),
	  NEEDS_CONFIG | TAKES_FORMAT | USAGE_GLOBALS },
	{ "fleet", &cmd_fleet, N_("the fleet's reports in one store: ingest them, who is ready, what to do first"),
	  NEEDS_CONFIG | TAKES_FORMAT | TAKES_HTML | USAGE_GLOBALS },
	{ "help", &cmd_help, N_("show this help, or a command's (help COMMAND)"), RAW_ARGS },
	{ "logs", &cmd_logs, N_("review auth, VPN and firewall logs over the holiday window"),
	  NEEDS_CONFIG | TAKES_REPORT | TAKES_HTML | NEEDS_ROOT | USAGE_GLOBALS },
	{ "mail", &cmd_mail, N_("triage waiting mail for Emotet-style attachments, links and spoofing; who to call"),
	  NEEDS_CONFIG | TAKES_FORMAT | TAKES_HTML | NEEDS_ROOT | USAGE_GLOBALS },
	{ "netscan", &cmd_netscan, N_("what answers from the network: risky ports, services, devices that should be off (AC-5, DV-2)"),
	  NEEDS_CONFIG | TAKES_FORMAT | USAGE_GLOBALS },
	{ "passwords", &cmd_passwords, N_("audit local password hashes (root), or check a password of your own"),
	  NEEDS_CONFIG | NEEDS_ROOT | USAGE_GLOBALS },
	{ "plan", &cmd_plan, N_("show the incident plan; contact sheet, staff notice, manual confirmations"),
	  NEEDS_CONFIG | USAGE_GLOBALS },
	{ "ports", &cmd_ports, N_("list listening sockets with their process, risk and firewall verdict"),
	  NEEDS_CONFIG | NO_OPERANDS | TAKES_FORMAT | NEEDS_ROOT | USAGE_GLOBALS },
	{ "runs", &cmd_runs, N_("list recorded audit runs, show one, or compare two (runs diff)"),
	  TAKES_FORMAT | TAKES_HTML },
	{ "scan", &cmd_scan, N_("scan files for malware with ClamAV and YARA rules (AV-2)"),
	  NEEDS_CONFIG | TAKES_FORMAT | NEEDS_ROOT | USAGE_GLOBALS },
	{ "version", &cmd_version, N_("show the version"), RAW_ARGS },
	{ "vulns", &cmd_vulns, N_("list vulnerabilities of the installed packages, known-exploited first"),
	  NEEDS_CONFIG | NO_OPERANDS | TAKES_FORMAT | TAKES_HTML | NEEDS_ROOT | OPENS_STORE_RO | USAGE_GLOBALS },
	{ "watch", &cmd_watch, N_("during the holiday: alert once on each new account, key, listener, unit, cron entry, log finding, vulnerability or stale backup"),
	  NEEDS_CONFIG | NEEDS_ROOT | USAGE_GLOBALS },
};
const size_t n_commands = sizeof(commands) / sizeof(commands[0]);

/* kyuka help lists the table: it lives beside it (no cycle with the command files). */
int cli_help(const struct globals *g)
{
	size_t i;

	i18n_init(g->lang, NULL);
	printf("%s", _("usage: kyuka [global options] <command> [options]\n\n"
		       "kyuka checks a host against the Japanese government's advisory for long holidays\n"
		       "(METI, MIC, NPA, NISC): what to verify before the holiday and after it.\n\n"
		       "Commands:\n"));
	for (i = 0; i < n_commands; i++)
		printf("  %-10s %s\n", commands[i].name, _(commands[i].summary));
	printf("\n");
	print_global_help();
	printf("%s", _("\nExit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error, 3 runtime error.\n"));
	return EXIT_OK;
}

/*
 * kyuka help COMMAND: the text of the command's man page, kyuka-COMMAND(1), which kyuka-gendoc
 * writes from the same strings (summary, usage, global options), so it is printed from them here:
 * translated, and there without man or the pages installed.
 */
static int help_command(const struct globals *g, const char *name)
{
	const struct command *cmd;

	i18n_init(g->lang, NULL);
	cmd = command_find(name);
	if (!cmd)
		return cli_error(EXIT_USAGE, _("unknown command '%s' (kyuka help lists them)"), name);
	printf("kyuka %s: %s\n\n", cmd->name, _(cmd->summary));
	if (cmd->def->usage) {
		const char *u = _(cmd->def->usage);
		size_t n = strlen(u);

		fputs(u, stdout);
		if (!n || u[n - 1] != '\n')
			putchar('\n');
		putchar('\n');
	}
	print_global_help();
	printf("%s", _("\nExit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error, 3 runtime error.\n"));
	printf(_("\nThe manual page: man kyuka-%s\n"), cmd->name);
	return EXIT_OK;
}

static int help_run(struct cmd_ctx *c)
{
	int i;

	/* RAW_ARGS: argv[0] is "help"; the global options may stand before or after the command's name */
	for (i = 1; i < c->argc; i++)
		if (!strcmp(c->argv[i], "--lang") && i + 1 < c->argc)
			c->g->lang = c->argv[i + 1];
		else if (!strncmp(c->argv[i], "--lang=", 7))
			c->g->lang = c->argv[i] + 7;
	for (i = 1; i < c->argc; i++) {
		if (c->argv[i][0] != '-')
			return help_command(c->g, c->argv[i]);
		if (!strchr(c->argv[i], '=') && i + 1 < c->argc &&
		    (!strcmp(c->argv[i], "--lang") || !strcmp(c->argv[i], "--root") || !strcmp(c->argv[i], "--now") ||
		     !strcmp(c->argv[i], "--config") || !strcmp(c->argv[i], "--db")))
			i++;
	}
	return cli_help(c->g);
}

static const struct cmd_def cmd_help = { .fn = help_run, .usage = N_("usage: kyuka help [COMMAND]") };

const struct command *command_find(const char *name)
{
	size_t i;

	for (i = 0; i < n_commands; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void print_usage(const struct command *cmd)
{
	const char *u = _(cmd->def->usage);
	size_t n = strlen(u);

	fputs(u, stdout);
	if (!n || u[n - 1] != '\n')
		putchar('\n');
	if (cmd->flags & USAGE_GLOBALS)
		print_global_help();
}

/* Stores one option's value in the args struct; EXIT_OK or the exit code of a bad value. */
static int store_option(struct cmd_ctx *c, const struct cli_option *o, const char *arg)
{
	char *field = (char *)c->args + o->off;

	switch (o->kind) {
	case OPT_BOOL: *(bool *)field = true; break;
	case OPT_STRING: *(const char **)field = arg; break;
	case OPT_CONST: *(const char **)field = o->value; break;
	case OPT_LIST: {
		struct cli_list *l = (struct cli_list *)field;
		cli_split_list(arg, &l->v, &l->n);
		break;
	}
	case OPT_FN: return o->fn(c->args, arg);
	case OPT_FLAG_FN: return o->fn(c->args, NULL);
	}
	return EXIT_OK;
}

/*
 * getopt_long over the command's table with --help in its sorted place and
 * the global options after it (the order getopt names the possibilities of
 * an ambiguous abbreviation in). Returns -1 to go on (c->argc/argv the
 * operands), or the exit code.
 */
static int parse_options(struct cmd_ctx *c, int argc, char **argv)
{
	static const struct option globals[] = { GLOBAL_OPTIONS };
	struct option lo[CLI_OPTIONS_MAX + 1 + sizeof(globals) / sizeof(globals[0]) + 1];
	const struct cli_option *opts = c->cmd->def->options;
	size_t n = 0, i;
	bool help = false;
	int ch, ret;

	for (i = 0; opts && opts[i].name; i++) {
		if (i >= CLI_OPTIONS_MAX)
			abort();	/* raise CLI_OPTIONS_MAX */
		if (!help && strcmp(opts[i].name, "help") > 0) {
			lo[n++] = (struct option){ "help", no_argument, NULL, 'h' };
			help = true;
		}
		lo[n++] = (struct option){ opts[i].name,
					   opts[i].kind == OPT_STRING || opts[i].kind == OPT_LIST || opts[i].kind == OPT_FN
						   ? required_argument
						   : no_argument,
					   NULL, (int)i + 1 };
	}
	if (!help)
		lo[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	for (i = 0; i < sizeof(globals) / sizeof(globals[0]); i++)
		lo[n++] = globals[i];
	lo[n] = (struct option){ NULL, 0, NULL, 0 };

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (global_option(c->g, ch, optarg))
			continue;
		if (ch == 'h') {
			i18n_init(c->g->lang, NULL);
			print_usage(c->cmd);
			return EXIT_OK;
		}
		if (ch < 1 || ch > CLI_OPTIONS_MAX)
			return EXIT_USAGE;	/* getopt printed why */
		if ((ret = store_option(c, &opts[ch - 1], optarg)) != EXIT_OK)
			return ret;
	}
	c->argc = argc - optind;
	c->argv = argv + optind;
	return -1;
}

static int open_store(struct cmd_ctx *c)
{
	char *path = cli_db_path(c->g);
	int r;

	if (!path)
		return cli_error(EXIT_RUNTIME, "%s", _("no database path"));
	r = store_open_existing(path, &c->st, &c->st_err);
	free(path);
	if (r == -ENOENT)
		return EXIT_OK;	/* c->st stays NULL: the command says what a missing database means */
	if (r < 0)
		return cli_error(EXIT_RUNTIME, "%s", c->st_err.msg);
	return EXIT_OK;
}

/* Steps 1 to 8 of cli.h; -1 to run the command, else the exit code. */
static int setup(struct cmd_ctx *c, int argc, char **argv)
{
	const struct cmd_def *d = c->cmd->def;
	unsigned flags = c->cmd->flags;
	int ret;

	if ((ret = parse_options(c, argc, argv)) >= 0)
		return ret;
	if (i18n_init(c->g->lang, NULL) < 0) {
		i18n_init("en", NULL);
		return cli_error(EXIT_USAGE, _("unknown language '%s' (use ja or en)"), c->g->lang);
	}
	if (d->operands && (ret = d->operands(c)) != EXIT_OK)
		return ret;
	if ((flags & NEEDS_CONFIG) && (ret = cli_setup(c->g, &c->cfg)) != EXIT_OK)
		return ret;
	if ((flags & NO_OPERANDS) && c->argc > 0)
		return cli_error(EXIT_USAGE, _("unexpected argument '%s'"), c->argv[0]);
	if ((flags & (TAKES_FORMAT | TAKES_REPORT)) && (ret = cli_check_format(c->common->format, flags)) != EXIT_OK)
		return ret;
	if (c->common->format && !strcmp(c->common->format, "xlsx") && !c->common->output)
		return cli_error(EXIT_USAGE, "%s", _("--format xlsx needs --output FILE"));
	if (flags & TAKES_REPORT) {
		c->rep = xmalloc(sizeof(*c->rep));
		report_init(c->rep);
		/* the format was checked above, against the command's flags */
		if ((ret = cli_report_options(&c->cfg, NULL, c->common->color, c->common->fail_on, c->rep)) !=
		    EXIT_OK)
			return ret;
	}
	if (d->check && (ret = d->check(c)) != EXIT_OK)
		return ret;
	if ((flags & NEEDS_ROOT) && (ret = cli_open_root(c->g, &c->root)) != EXIT_OK)
		return ret;
	if ((flags & OPENS_STORE_RO) && (ret = open_store(c)) != EXIT_OK)
		return ret;
	return -1;
}

int command_run(const struct command *cmd, int argc, char **argv, struct globals *g)
{
	const struct cmd_def *d = cmd->def;
	size_t size = d->args_size > sizeof(struct cli_common) ? d->args_size : sizeof(struct cli_common);
	struct cmd_ctx c = { .g = g, .cmd = cmd };
	const struct cli_option *o;
	int ret;

	if (cmd->flags & RAW_ARGS) {
		c.argc = argc;
		c.argv = argv;
		return d->fn(&c);
	}
	c.args = xcalloc(1, size);
	c.common = c.args;
	config_defaults(&c.cfg);
	if (d->init)
		d->init(c.args);
	ret = setup(&c, argc, argv);
	if (ret < 0)
		ret = d->fn(&c);

	store_close(c.st);
	root_close(c.root);
	if (c.rep) {
		report_release(c.rep);
		free(c.rep);
	}
	config_free(&c.cfg);
	if (d->release)
		d->release(c.args);
	for (o = d->options; o && o->name; o++)
		if (o->kind == OPT_LIST) {
			struct cli_list *l = (struct cli_list *)((char *)c.args + o->off);
			size_t i;

			for (i = 0; i < l->n; i++)
				free(l->v[i]);
			free(l->v);
		}
	free(c.args);
	return ret;
}
