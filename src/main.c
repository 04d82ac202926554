/* kyuka: global options, command lookup, exit status. */
#include "cli/cli.h"
#include "util/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct globals g = { 0 };
	const struct command *cmd;
	int c;

	/* Global options before the command ("+": stop at the first non-option). */
	opterr = 1;
	while ((c = getopt_long(argc, argv, "+hV", options, NULL)) != -1) {
		if (global_option(&g, c, optarg))
			continue;
		switch (c) {
		case 'h': return cli_help(&g);
		case 'V': return cli_version();
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_help(&g);
		return EXIT_USAGE;
	}
	cmd = command_find(argv[optind]);
	if (!cmd) {
		i18n_init(g.lang, NULL);
		return cli_error(EXIT_USAGE, _("unknown command '%s' (see kyuka help)"), argv[optind]);
	}
	return command_run(cmd, argc - optind, argv + optind, &g);
}
