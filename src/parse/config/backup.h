/*
 * kyuka.yaml, backup: (docs/backup.md)
 *
 *   backup:
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
#ifndef KYUKA_PARSE_CONFIG_BACKUP_H
#define KYUKA_PARSE_CONFIG_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

struct config_backup {
	char **important;
	size_t n_important;
	char **config;
	size_t n_config;
	uint32_t max_age_hours;
	uint32_t verify_max_age_days;
	struct config_backup_job *jobs;
	size_t n_jobs;
};

struct csection;
struct pctx;
extern const struct csection config_backup_section;	/* its keys and defaults, for parse/config.c */
/* What the table cannot say (unique names, one password source, what each kind needs);
 * parse/config.c calls it after the whole file parsed. */
int config_backup_validate(struct pctx *c, const struct config_backup *b);

#endif
