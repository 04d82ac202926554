/* kyuka config check: validate the configuration file. */
#include "cli/cli.h"
#include "util/i18n.h"

#include <stdio.h>
#include <string.h>

static const char config_usage[] = N_("usage: kyuka config check [--config FILE]");

/* An invalid configuration was a usage error (2) in the setup (NEEDS_CONFIG) already. */
static int config_operands(struct cmd_ctx *c)
{
	if (c->argc != 1 || strcmp(c->argv[0], "check") != 0)
		return cli_error(EXIT_USAGE, "%s", _(config_usage));
	return EXIT_OK;
}

static int config_run(struct cmd_ctx *c)
{
	if (c->cfg.source)
		printf(_("%s: valid\n"), c->cfg.source);
	else
		printf("%s\n", _("no configuration file (/etc/kyuka/kyuka.yaml is absent): built-in defaults apply"));
	return EXIT_OK;
}

const struct cmd_def cmd_config = { .fn = config_run, .usage = config_usage, .operands = config_operands };
