/* The command table and what every command shares: global options, setup, exit codes. */
#ifndef KYUKA_CLI_CLI_H
#define KYUKA_CLI_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>
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

/*
 * What the dispatcher (command_run) does for a command before its run
 * function, in this order, as git's command table carries RUN_SETUP:
 *   1. its options from its table, the global options before or after them
 *      (an unknown option or a missing value: exit 2); --help prints its
 *      usage and exits 0
 *   2. the language (--lang; unknown: exit 2), then the command's operands()
 *      if it has one: the subcommand and its operands (exit 2)
 *   3. NEEDS_CONFIG: the clock (--now), --db's sanity and the configuration
 *      (cli_setup; exit 2)
 *   4. NO_OPERANDS: an operand is "unexpected argument" (exit 2)
 *   5. TAKES_FORMAT: --format terminal|json (html: TAKES_HTML, xlsx:
 *      TAKES_XLSX); TAKES_REPORT: a report with
 *      --format, --color and --fail-on checked (cli_report_options; exit 2)
 *   6. the command's check(): its own usage errors (exit 2)
 *   7. NEEDS_ROOT: --root opened (exit 3)
 *   8. OPENS_STORE_RO: the database opened for reading (store_open_existing:
 *      a missing file leaves c->st NULL with c->st_err set, the command says
 *      what that means; any other failure exits 3). Commands whose verbs
 *      differ (feeds import writes, feeds status reads; runs is strictly
 *      read-only) open it per verb.
 * RAW_ARGS: none of this; the run function gets the arguments as they are.
 */
enum command_flags {
	NEEDS_CONFIG = 1 << 0,
	NO_OPERANDS = 1 << 1,
	TAKES_FORMAT = 1 << 2,
	TAKES_REPORT = 1 << 3,
	NEEDS_ROOT = 1 << 4,
	OPENS_STORE_RO = 1 << 5,
	USAGE_GLOBALS = 1 << 6,	/* --help also lists the global options */
	RAW_ARGS = 1 << 7,
	TAKES_HTML = 1 << 8,	/* --format html too (with TAKES_FORMAT or TAKES_REPORT) */
	TAKES_XLSX = 1 << 9,	/* --format xlsx too: a workbook, --output required */
};

/* The option values every command's args struct begins with (struct cli_common common;). */
struct cli_common {
	const char *format, *output, *color, *fail_on;
	bool verbose, no_store;
};

/* A comma list option (--only A,B --only C): every value, in order. */
struct cli_list {
	char **v;
	size_t n;
};

/*
 * One option of a command (curl's tool keeps such tables): its long name,
 * what it stores where in the command's args struct. Sorted by name; the
 * dispatcher adds --help (and -h) and the global options.
 */
enum cli_opt_kind {
	OPT_BOOL,	/* no value: sets a bool */
	OPT_STRING,	/* stores the value (const char *) */
	OPT_LIST,	/* appends the comma list to a struct cli_list */
	OPT_CONST,	/* no value: stores .value (const char *) */
	OPT_FN,		/* calls .fn with the value as it is met; an exit code other than EXIT_OK stops */
	OPT_FLAG_FN,	/* no value: calls .fn with NULL */
};
struct cli_option {
	const char *name;
	enum cli_opt_kind kind;
	size_t off;		/* of the field in the args struct */
	const char *value;	/* OPT_CONST */
	int (*fn)(void *args, const char *arg);	/* OPT_FN */
};
#define CLI_BOOL(name, type, field) { name, OPT_BOOL, offsetof(type, field), NULL, NULL }
#define CLI_STRING(name, type, field) { name, OPT_STRING, offsetof(type, field), NULL, NULL }
#define CLI_LIST(name, type, field) { name, OPT_LIST, offsetof(type, field), NULL, NULL }
#define CLI_CONST(name, type, field, v) { name, OPT_CONST, offsetof(type, field), v, NULL }
#define CLI_FN(name, fn) { name, OPT_FN, 0, NULL, fn }
#define CLI_FLAG_FN(name, fn) { name, OPT_FLAG_FN, 0, NULL, fn }
#define CLI_OPTIONS_MAX 24

struct command;
struct report;
struct store;

/* What the dispatcher hands a command: its operands, its option values and what its flags set up. */
struct cmd_ctx {
	struct globals *g;
	const struct command *cmd;
	int argc;		/* the operands, after the options */
	char **argv;
	void *args;		/* the command's args struct: its options' values */
	struct cli_common *common;	/* = args */
	struct config cfg;	/* NEEDS_CONFIG (else the defaults) */
	struct report *rep;	/* TAKES_REPORT: initialised, fail_on set */
	struct root *root;	/* NEEDS_ROOT */
	struct store *st;	/* OPENS_STORE_RO: NULL when the database does not exist */
	struct err st_err;	/* why st is NULL */
};

/* A command's part in its own file: the run function and its options. */
struct cmd_def {
	int (*fn)(struct cmd_ctx *c);
	const char *usage;	/* N_(), printed by --help */
	const struct cli_option *options;	/* sorted by name, ends with { NULL } */
	size_t args_size;	/* of its args struct (starts with struct cli_common) */
	void (*init)(void *args);	/* defaults of the args, before the options */
	int (*operands)(struct cmd_ctx *c);	/* its subcommand and operands (step 2) */
	int (*check)(struct cmd_ctx *c);	/* its own usage checks (step 6) */
	void (*release)(void *args);	/* frees what init or the options allocated */
};

struct command {
	const char *name;
	const struct cmd_def *def;
	const char *summary;	/* N_() */
	unsigned flags;		/* enum command_flags */
};

extern const struct command commands[];
extern const size_t n_commands;
const struct command *command_find(const char *name);
/* Runs cmd with argv[0] its name: options, setup by its flags, the run function; returns the exit code. */
int command_run(const struct command *cmd, int argc, char **argv, struct globals *g);

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


/* Prints s (NULL: nothing) escaped for the terminal. */
void cli_put_escaped(const char *s);
/*
 * The report's holiday: from arg (START..END; a bad one is a usage error,
 * exit 2, message printed), else from the configuration when cfg is given.
 */
int cli_report_holiday(struct report *rep, const char *arg, const struct config *cfg);
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

/*
 * Checks the report options every reporting command takes (--format
 * terminal|json, --color auto|always|never, --fail-on SEVERITY) and sets
 * rep->fail_on from --fail-on, else the config, else high. Returns EXIT_OK or
 * EXIT_USAGE (message printed).
 */
int cli_report_options(const struct config *cfg, const char *format, const char *color, const char *fail_on,
		       struct report *rep);
/* Colour for --color MODE (auto|always|never): auto only on a terminal, never into a file or with NO_COLOR. */
bool cli_want_color(const char *mode, bool to_file);
/* Writes a rendered document to output (atomic, 0600) or stdout; EXIT_OK or EXIT_RUNTIME (printed). */
int cli_write_output(const char *output, const char *data, size_t len);
/* --format: terminal or json, html with TAKES_HTML, xlsx with TAKES_XLSX in flags; EXIT_USAGE (printed). */
int cli_check_format(const char *format, unsigned flags);
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
/* --since/--until TIME (RFC 3339 or a date) into seconds; EXIT_USAGE with a message naming opt. */
int cli_parse_time(const char *opt, const char *s, int64_t *out);
/* Splits a comma list into v (appending); strings owned by v. */
void cli_split_list(const char *arg, char ***v, size_t *n);

/* kyuka help, kyuka --help; kyuka version, kyuka --version. */
int cli_help(const struct globals *g);
int cli_version(void);

struct backup_drills;
struct check_store;
/* The recorded drills of the configured backup jobs (none when there is no database yet); -1 with d->error set. */
int cli_drills_load(const struct globals *g, const struct config *cfg, struct backup_drills *d);
/* The same from the store the command opened read-only (cs NULL: no database path; path: the database's). */
int cli_drills_read(const struct check_store *cs, const char *path, const struct config *cfg, struct backup_drills *d);
void cli_drills_free(struct backup_drills *d);

struct store;
/* kyuka feeds update (cmd_feeds.c; also kyuka watch): each feed downloaded and imported, printed; EXIT_RUNTIME when one failed. */
int cli_feeds_update(struct store *st, const struct config *cfg, char **only, size_t n_only);


#endif
