/* kyuka: global options, command lookup, exit status. */
#include "cli/cli.h"
#include "util/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Started with a standard stream closed, the first file or socket opened
 * would take its number: a report written to "stdout" would go into it, and
 * a process of kyuka's own would inherit it as a standard stream.
 */
static void std_streams_open(void)
{
	int fd;

	for (fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF && open("/dev/null", fd ? O_WRONLY : O_RDONLY) != fd)
			_exit(EXIT_FAILURE);
}

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

	std_streams_open();
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
