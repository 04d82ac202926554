#include "cli/cli.h"
#include "util/i18n.h"

#include <string.h>

/* Sorted by name. */
const struct command commands[] = {
	{ "alert", cmd_alert, N_("send a test alert through the configured channel (alert test)") },
	{ "audit", cmd_audit, N_("check this host against the holiday advisory and report") },
	{ "backup", cmd_backup, N_("backup jobs: list their newest backups, or run a restore drill (verify)") },
	{ "checks", cmd_checks, N_("list every check with its advisory items") },
	{ "config", cmd_config, N_("validate the configuration file (config check)") },
	{ "explain", cmd_explain, N_("explain a check or an advisory item, and how to fix it") },
	{ "feeds", cmd_feeds, N_("import, update and list vulnerability feeds (DSA, DLA, KEV, OSV, tracker)") },
	{ "help", cmd_help, N_("show this help") },
	{ "logs", cmd_logs, N_("review auth, VPN and firewall logs over the holiday window") },
	{ "passwords", cmd_passwords, N_("audit local password hashes (root), or check a password of your own") },
	{ "plan", cmd_plan, N_("show the incident plan; contact sheet, staff notice, manual confirmations") },
	{ "ports", cmd_ports, N_("list listening sockets with their process, risk and firewall verdict") },
	{ "runs", cmd_runs, N_("list recorded audit runs, or show one") },
	{ "scan", cmd_scan, N_("scan files for malware with ClamAV and YARA rules (AV-2)") },
	{ "version", cmd_version, N_("show the version") },
	{ "vulns", cmd_vulns, N_("list vulnerabilities of the installed packages, known-exploited first") },
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
