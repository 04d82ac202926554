/* The command table and what every command shares: global options, setup, exit codes. */
#ifndef KYUKA_CLI_CLI_H
#define KYUKA_CLI_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <time.h>

#include "collect/root.h"
#include "parse/config.h"

enum exit_code { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_RUNTIME = 3 };

/* Options every command accepts, before or after its name. */
struct globals {
	const char *root;	/* --root, default "/" */
	const char *now;	/* --now */
	const char *config;	/* --config */
	const char *db;		/* --db */
	const char *lang;	/* --lang */
};

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct globals *g);
	const char *summary;	/* N_() */
};

extern const struct command commands[];
extern const size_t n_commands;
const struct command *command_find(const char *name);

/* getopt_long entries of the global options; option values 0x100.. are reserved for them. */
#define GLOBAL_OPTIONS                                            \
	{ "root", required_argument, NULL, 0x100 },               \
	{ "now", required_argument, NULL, 0x101 },                \
	{ "config", required_argument, NULL, 0x102 },             \
	{ "db", required_argument, NULL, 0x103 },                 \
	{ "lang", required_argument, NULL, 0x104 }
/* Handles a global option's value; true if c was one. */
bool global_option(struct globals *g, int c, const char *arg);
/* Help text of the global options (translated). */
void print_global_help(void);

/*
 * Option parsing for commands that take only --help and the global options:
 * returns -1 to go on (optind at the first operand, language set), or the
 * exit code when help was printed or the options were wrong. usage is N_().
 */
int cli_simple_options(int argc, char **argv, struct globals *g, const char *usage);

/* Prints s padded with spaces to `width` terminal columns (CJK characters count two). */
void print_padded(const char *s, int width);

/*
 * The end of every command that produces a report: sorts and counts it,
 * renders it (format "json", else terminal; colour from mode auto|always|
 * never, only on a terminal), writes it to output (atomic, 0600) or stdout,
 * records the run in the store when record is set (a failure there is a
 * warning), and returns the exit code: EXIT_FINDINGS when a finding is at
 * or above rep->fail_on.
 */
struct report;
struct config;
/*
 * Checks the report options every reporting command takes (--format
 * terminal|json, --color auto|always|never, --fail-on SEVERITY) and sets
 * rep->fail_on from --fail-on, else the config, else high. Returns EXIT_OK or
 * EXIT_USAGE (message printed).
 */
int cli_report_options(const struct config *cfg, const char *format, const char *color, const char *fail_on,
		       struct report *rep);
int cli_emit_report(const struct globals *g, struct report *rep, const char *format, const char *output,
		    const char *color, bool verbose, bool record);

/* Messages: "kyuka: error: ..." on stderr. Return the exit code given. */
int cli_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Language, clock and config; exit code on failure (message printed). cfg freed with config_free(). */
int cli_setup(struct globals *g, struct config *cfg);
/* Opens --root. */
int cli_open_root(const struct globals *g, struct root **r);
/* The database path (--db or the default); caller frees. */
char *cli_db_path(const struct globals *g);
/* Splits a comma list into v (appending); strings owned by v. */
void cli_split_list(const char *arg, char ***v, size_t *n);

int cmd_alert(int argc, char **argv, struct globals *g);
struct backup_drills;
/* The recorded drills of the configured backup jobs (none when there is no database yet); -1 with d->error set. */
int cli_drills_load(const struct globals *g, const struct config *cfg, struct backup_drills *d);
void cli_drills_free(struct backup_drills *d);

int cmd_audit(int argc, char **argv, struct globals *g);
int cmd_backup(int argc, char **argv, struct globals *g);
int cmd_checks(int argc, char **argv, struct globals *g);
int cmd_explain(int argc, char **argv, struct globals *g);
int cmd_feeds(int argc, char **argv, struct globals *g);
int cmd_config(int argc, char **argv, struct globals *g);
int cmd_plan(int argc, char **argv, struct globals *g);
int cmd_logs(int argc, char **argv, struct globals *g);
int cmd_passwords(int argc, char **argv, struct globals *g);
int cmd_ports(int argc, char **argv, struct globals *g);
int cmd_runs(int argc, char **argv, struct globals *g);
int cmd_scan(int argc, char **argv, struct globals *g);
int cmd_version(int argc, char **argv, struct globals *g);
int cmd_vulns(int argc, char **argv, struct globals *g);
int cmd_help(int argc, char **argv, struct globals *g);

#endif
