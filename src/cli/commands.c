#include "cli/cli.h"
#include "util/i18n.h"

#include <string.h>

/* Sorted by name. */
const struct command commands[] = {
	{ "audit", cmd_audit, N_("check this host against the holiday advisory and report") },
	{ "checks", cmd_checks, N_("list every check with its advisory items") },
	{ "config", cmd_config, N_("validate the configuration file (config check)") },
	{ "explain", cmd_explain, N_("explain a check or an advisory item, and how to fix it") },
	{ "help", cmd_help, N_("show this help") },
	{ "ports", cmd_ports, N_("list listening sockets with their process, risk and firewall verdict") },
	{ "runs", cmd_runs, N_("list recorded audit runs, or show one") },
	{ "version", cmd_version, N_("show the version") },
};
const size_t n_commands = sizeof(commands) / sizeof(commands[0]);

const struct command *command_find(const char *name)
{
	size_t i;

	for (i = 0; i < n_commands; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}
