/* What a check's run function sees: the root, the config, the clock, and cached facts. */
#ifndef KYUKA_CHECKS_CONTEXT_H
#define KYUKA_CHECKS_CONTEXT_H

#include <stdbool.h>
#include <time.h>

#include "checks/check.h"
#include "checks/facts.h"
#include "collect/root.h"
#include "model/run.h"
#include "store/store.h"

/* The recorded restore drills of the configured backup jobs, indexed like cfg->backup.jobs (loaded by the command). */
struct backup_drills {
	struct drill_record *last;	/* .id == 0: no drill */
	struct drill_record *ok;	/* the newest successful one; .id == 0: none */
	size_t n;
	char *error;			/* the store could not be read: why (then last/ok are empty) */
};

struct audit_evidence;
struct config;
struct config_accounts;
struct config_alert;
struct config_allow;
struct config_av;
struct config_backup;
struct config_baseline;
struct config_logs;
struct config_monitoring;
struct config_passwords;
struct config_plan;
struct config_ports;
struct config_services;
struct config_ssh;
struct config_vulns;
struct logreview_opts;

/* The store as the command opened it (read-only, once): the checks read through the handle, never open it. */
struct check_store {
	struct store *st;	/* NULL when not open */
	int rc;			/* 0, or the open's negative errno (-ENOENT: no database yet), detail in err */
	struct err err;
};

/* What checks hand back beside findings; the runner copies it into the report (the first one set wins). */
struct check_extra {
	char *window;			/* the log review's window as shown, translated */
	struct report_timeline *timeline;	/* the log review's per-day counts */
};

struct check_ctx {
	struct root *root;
	const struct run_opts *opts;
	/* The configuration, one section per area: a check includes only its area's "parse/config/<area>.h". */
	const struct config_accounts *accounts;
	const struct config_alert *alert;
	const struct config_av *av;
	const struct config_backup *backup;
	const struct config_baseline *baseline;
	const struct config_logs *logs;
	const struct config_monitoring *monitoring;
	const struct config_netscan *netscan;
	const struct config_inventory *inventory;
	const struct config_passwords *passwords;
	const struct config_plan *plan;
	const struct config_ports *ports;
	const struct config_services *services;
	const struct config_ssh *ssh;
	const struct config_vulns *vulns;
	const char *organisation;	/* the config's organisation:, or NULL */
	const char *cfg_file;		/* the config file as messages name it ("kyuka.yaml" for the defaults) */
	bool holiday_from_config;	/* the holiday checked is the config's (else --holiday gave it) */
	time_t now;
	unsigned phase;
	bool has_holiday;
	char holiday_start[11], holiday_end[11];	/* YYYY-MM-DD, as the report shows them */
	long holiday_start_days, holiday_end_days;	/* days since the epoch */
	const char *hostname;	/* the host's name as collected for the report, or NULL */
	struct facts *facts;
	const struct audit_evidence *evidence;	/* from the store; NULL when not loaded */
	const struct check_store *store;	/* the store the command opened (read-only); NULL: no database path */
	struct check_extra extra;
	const struct backup_drills *drills;	/* may be NULL */
	/* the runner's: checks add findings through check_add() and never touch the report */
	const struct config_allow *allow;	/* the accepted exceptions */
	size_t n_allow;
	struct report *rep;
	const struct check *cur;
	const char *cur_area;
};

struct run_opts {
	unsigned phase;
	char **only;		/* check IDs, item IDs or areas; none = all */
	size_t n_only;
	char **skip;
	size_t n_skip;
	const struct audit_evidence *evidence;	/* may be NULL */
	/* The store as the command opened it, read-only and once (the vulnerability feeds); NULL: no database path. */
	const struct check_store *store;
	/* The log review (LOG-*): the command line's window, zone and sources; NULL = from the config. */
	const struct logreview_opts *logs;
	/* The store, for checks that compare with earlier runs (NULL: none); record: save this run's state. */
	const char *db_path;
	bool record;
	/* Long checks (the password audit) report progress here, from the calling thread; may be NULL. */
	void (*progress)(void *arg, const char *check_id, unsigned long long done, unsigned long long total,
			 unsigned long long elapsed_ms, unsigned long long budget_ms);
	void *progress_arg;
	/* Called before each selected check runs (done of total so far), from the calling thread; may be NULL. */
	void (*on_check)(void *arg, const struct check *c, size_t done, size_t total);
	void *on_check_arg;
	const struct backup_drills *drills;	/* may be NULL */
	/* Whose checks run: AUD_ADMIN (the default), AUD_STAFF, or -1 for both (--audience). A check named with --only runs whatever its audience. */
	int audience;
};

/* How many findings the run holds so far (a check compares before and after to know whether it added any). */
size_t check_n_findings(const struct check_ctx *ctx);
/* True when the check would run under opts and cfg (phase, --only). */
bool check_selected(const struct check *c, const char *area, const struct run_opts *o);
/* Runs every selected check against root, appending findings to rep. */
int checks_run(struct root *root, const struct config *cfg, const struct run_opts *o, struct report *rep,
	       struct err *err);

#endif
