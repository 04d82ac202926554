/* What a check's run function sees: the root, the config, the clock, and cached facts. */
#ifndef KYUKA_CHECKS_CONTEXT_H
#define KYUKA_CHECKS_CONTEXT_H

#include <stdbool.h>
#include <time.h>

#include "checks/check.h"
#include "checks/facts.h"
#include "collect/root.h"
#include "parse/config.h"
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
struct logreview_opts;

struct check_ctx {
	struct root *root;
	const struct run_opts *opts;
	const struct config *cfg;
	time_t now;
	unsigned phase;
	bool has_holiday;
	long holiday_start_days, holiday_end_days;	/* days since the epoch */
	struct facts *facts;
	const struct audit_evidence *evidence;	/* from the store; NULL when not loaded */
	const char *db;		/* the database (vulnerability feeds), or NULL */
	const struct backup_drills *drills;	/* may be NULL */
	/* the runner's */
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
	const char *db;		/* the database the vulnerability checks read feeds from */
	/* The log review (LOG-*): the command line's window, zone and sources; NULL = from the config. */
	const struct logreview_opts *logs;
	/* The store, for checks that compare with earlier runs (NULL: none); record: save this run's state. */
	const char *db_path;
	bool record;
	/* Long checks (the password audit) report progress here, from the calling thread; may be NULL. */
	void (*progress)(void *arg, const char *check_id, unsigned long long done, unsigned long long total,
			 unsigned long long elapsed_ms, unsigned long long budget_ms);
	void *progress_arg;
	const struct backup_drills *drills;	/* may be NULL */
	/* Whose checks run: AUD_ADMIN (the default), AUD_STAFF, or -1 for both (--audience). A check named with --only runs whatever its audience. */
	int audience;
};

/* True when the check would run under opts and cfg (phase, --only). */
bool check_selected(const struct check *c, const char *area, const struct run_opts *o);
/* Runs every selected check against root, appending findings to rep. */
int checks_run(struct root *root, const struct config *cfg, const struct run_opts *o, struct report *rep,
	       struct err *err);

#endif
