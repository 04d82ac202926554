/* kyuka config check: validate the configuration file. */
#include "cli/cli.h"
#include "parse/config.h"
#include "util/i18n.h"

#include <stdio.h>
#include <string.h>

int cmd_config(int argc, char **argv, struct globals *g)
{
	struct config cfg;
	int c, ret;

	if ((c = cli_simple_options(argc, argv, g, N_("usage: kyuka config check [--config FILE]"))) >= 0)
		return c;
	if (optind + 1 != argc || strcmp(argv[optind], "check") != 0) {
		i18n_init(g->lang, NULL);
		return cli_error(EXIT_USAGE, "%s", _("usage: kyuka config check [--config FILE]"));
	}
	ret = cli_setup(g, &cfg);
	if (ret != EXIT_OK)
		return ret;	/* printed; an invalid configuration is a usage error (2) */
	if (cfg.source)
		printf(_("%s: valid\n"), cfg.source);
	else
		printf("%s\n", _("no configuration file (/etc/kyuka/kyuka.yaml is absent): built-in defaults apply"));
	config_free(&cfg);
	return EXIT_OK;
}
