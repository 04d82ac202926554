/* kyuka config check: validate the configuration file; kyuka config init: write a commented one. */
#include "cli/cli.h"
#include "cli/confdoc.h"
#include "collect/clock.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

struct config_args {
	struct cli_common common;
	bool force;
};

static const struct cli_option options[] = {
	CLI_BOOL("force", struct config_args, force),
	CLI_STRING("output", struct config_args, common.output),
	{ NULL },
};

static const char config_usage[] = N_("usage: kyuka config check [--config FILE]\n"
				      "       kyuka config init [--output FILE [--force]] [--now TIME]\n\n"
				      "  check          validate the configuration file (the default one or --config)\n"
				      "  init           write a commented kyuka.yaml with every key, its default and this\n"
				      "                 year-end's holiday (27 December to 4 January); to standard output\n"
				      "                 without --output\n"
				      "  --output FILE  write it to FILE (mode 0600), refusing an existing file\n"
				      "  --force        replace an existing FILE\n");

static int config_operands(struct cmd_ctx *c)
{
	const struct config_args *a = c->args;

	if (c->argc == 1 && strcmp(c->argv[0], "init") == 0)
		return EXIT_OK;
	if (c->argc != 1 || strcmp(c->argv[0], "check") != 0)
		return cli_error(EXIT_USAGE, "%s", _(config_usage));
	if (a->common.output || a->force)
		return cli_error(EXIT_USAGE, "%s", _("--output and --force belong to config init"));
	return EXIT_OK;
}

/*
 * The year-end holiday that has not ended yet on the local date of t: 27 December of t's year to
 * 4 January of the next, or the one running on 1 to 4 January.
 */
static void year_end(time_t t, char start[11], char end[11])
{
	struct tm tm;
	int y;

	if (!localtime_r(&t, &tm))
		gmtime_r(&t, &tm);
	y = tm.tm_year + 1900;
	if (tm.tm_mon == 0 && tm.tm_mday <= 4)
		y--;
	y = y < 1970 ? 1970 : y > 9998 ? 9998 : y;
	snprintf(start, 11, "%04u-12-27", (unsigned)y % 10000u);
	snprintf(end, 11, "%04u-01-04", (unsigned)(y + 1) % 10000u);
}

static int config_init(struct cmd_ctx *c)
{
	const struct config_args *a = c->args;
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };
	char start[11], end[11];
	int ret = EXIT_OK;

	if (c->g->now) {
		time_t t;

		if (time_parse_iso8601(c->g->now, strlen(c->g->now), &t) < 0)
			return cli_error(EXIT_USAGE, _("invalid --now '%s' (expected e.g. 2026-12-26T09:00:00+09:00)"),
					 c->g->now);
		clock_set(t);
	}
	year_end(clock_now(), start, end);
	confdoc_yaml(&sb, start, end);
	if (!a->common.output) {
		fwrite(sb.buf, 1, sb.len, stdout);
	} else if ((a->force ? write_file_atomic(a->common.output, sb.buf, sb.len, &e)
			     : write_file_new(a->common.output, sb.buf, sb.len, &e)) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
	} else {
		fprintf(stderr, _("wrote '%s' (holiday %s..%s); check it with: kyuka config check --config %s\n"),
			a->common.output, start, end, a->common.output);
	}
	strbuf_release(&sb);
	return ret;
}

/* An invalid configuration is a usage error (2), as in every command's setup. */
static int config_run(struct cmd_ctx *c)
{
	int ret;

	if (strcmp(c->argv[0], "init") == 0)
		return config_init(c);
	if ((ret = cli_setup(c->g, &c->cfg)) != EXIT_OK)
		return ret;
	if (c->cfg.source)
		printf(_("%s: valid\n"), c->cfg.source);
	else
		printf("%s\n", _("no configuration file (/etc/kyuka/kyuka.yaml is absent): built-in defaults apply"));
	return EXIT_OK;
}

const struct cmd_def cmd_config = {
	.fn = config_run,
	.usage = config_usage,
	.options = options,
	.args_size = sizeof(struct config_args),
	.operands = config_operands,
};
