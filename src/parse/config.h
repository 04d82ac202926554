/*
 * kyuka.yaml through libfyaml: bytes in, struct config out. Unknown keys and
 * wrong types are errors naming the file, line and key
 * ("kyuka.yaml:12: unknown key 'dormant_dayz' in 'accounts'").
 *
 *   version: 1
 *   organisation: Example Corp
 *   holiday: 2026-12-27..2027-01-04      # or {start: 2026-12-27, end: 2027-01-04}
 *   audit:
 *     fail_on: high                      # info|low|medium|high|critical
 *     skip: [ACCT-0030, AC-2]            # check IDs, items or areas
 *   accounts:
 *     dormant_days: 90                   # 1..36500
 *     ignore: [nobody]                   # accounts the account checks do not report
 *   ssh:
 *     min_rsa_bits: 2048                 # 1024..16384
 *   allow:                               # accepted findings
 *     - check: SUDO-0010
 *       subject: deploy
 *       reason: CI deploy user, key-only, restricted command
 *       expires: 2027-03-31              # optional
 *   backup:                              # docs/backup.md
 *     important: [/srv/data]             # data to protect (absolute paths)
 *     config: [/opt/app/conf]            # configuration paths besides /etc (FAIL when uncovered)
 *     max_age_hours: 26                  # 1..87600, the default of every job
 *     verify_max_age_days: 30            # 1..3650: a restore drill at most this old
 *     jobs:
 *       - name: nightly                  # a word, unique
 *         kind: restic                   # restic | borg | archive | directory
 *         repository: /mnt/backup/restic # repository, archive (or directory of archives), or copy tree
 *         password_file: /root/.restic   # or password_env: NAME, or password_command: "pass show x"
 *         paths: [/etc, /srv/data]       # what the job backs up
 *         max_age_hours: 26
 *         offline: true                  # writable from this host is FAIL, not WARN
 *         sample: 20                     # files restored by a drill, or "5%"
 *         check_percent: 5               # restic check --read-data-subset / borg --verify-data (0..100)
 *         timeout_minutes: 60            # of each tool run by a drill
 */
#ifndef KYUKA_PARSE_CONFIG_H
#define KYUKA_PARSE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define CONFIG_MAX_BYTES ((size_t)4 << 20)
#define CONFIG_MAX_LIST 4096
#define CONFIG_MAX_DEPTH 32

struct config_allow {
	char *check;		/* check ID, uppercased */
	char *subject;		/* exact subject, or "*" for every subject of the check */
	char *reason;
	char expires[11];	/* YYYY-MM-DD, "" when none */
	size_t line;
};

enum backup_kind { BACKUP_RESTIC, BACKUP_BORG, BACKUP_ARCHIVE, BACKUP_DIRECTORY };

struct config_backup_job {
	char *name;
	int kind;		/* enum backup_kind */
	char *repository;
	char *password_file;	/* at most one of the three; none for archive and directory */
	char *password_env;
	char *password_command;
	char **paths;		/* absolute, normalised (no trailing '/', no . or .. components) */
	size_t n_paths;
	uint32_t max_age_hours;	/* 0: backup.max_age_hours */
	bool offline;
	uint32_t sample_files;	/* 0 with sample_percent 0: BACKUP_DEFAULT_SAMPLE */
	uint32_t sample_percent;
	bool has_check_percent;
	uint32_t check_percent;
	uint32_t timeout_minutes;	/* 0: BACKUP_DEFAULT_TIMEOUT_MIN */
	size_t line;
};

#define BACKUP_DEFAULT_MAX_AGE_HOURS 26
#define BACKUP_DEFAULT_VERIFY_DAYS 30
#define BACKUP_DEFAULT_SAMPLE 20
#define BACKUP_DEFAULT_CHECK_PERCENT 5
#define BACKUP_DEFAULT_TIMEOUT_MIN 60

/* The name of a kind ("restic"), or "?". */
const char *backup_kind_name(int kind);

struct config {
	char *source;		/* file it came from; NULL for built-in defaults */
	int version;
	char *organisation;
	bool has_holiday;
	char holiday_start[11];	/* YYYY-MM-DD, validated calendar dates, start <= end */
	char holiday_end[11];
	bool has_fail_on;
	int fail_on;		/* enum severity */
	char **skip;
	size_t n_skip;
	struct {
		uint32_t dormant_days;
		char **ignore;
		size_t n_ignore;
	} accounts;
	struct {
		uint32_t min_rsa_bits;
	} ssh;
	struct config_allow *allow;
	size_t n_allow;
	struct {
		char **important;
		size_t n_important;
		char **config;
		size_t n_config;
		uint32_t max_age_hours;
		uint32_t verify_max_age_days;
		struct config_backup_job *jobs;
		size_t n_jobs;
	} backup;
};

/* Sets the defaults (dormant_days 90, min_rsa_bits 2048, version 1, backup ages). */
void config_defaults(struct config *cfg);
/* fname is used in messages only. On error *cfg is left as defaults. */
int config_parse(const char *buf, size_t len, const char *fname, struct config *cfg, struct err *err);
void config_free(struct config *cfg);

/* "2026-12-27..2027-01-04" into two validated dates; shared with --holiday. */
int holiday_parse(const char *s, size_t len, char start[11], char end[11], struct err *err);
/* A strict calendar date YYYY-MM-DD (years 1970..9999). */
int date_parse(const char *s, size_t len, int *y, int *m, int *d);

#endif
