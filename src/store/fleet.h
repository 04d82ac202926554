/*
 * The fleet store: the reports of many hosts, in SQLite (a kyuka database
 * file, the default) or PostgreSQL (libpq, loaded when first needed). Only
 * store/ includes sqlite3.h and libpq-fe.h. Schema version in the table
 * fleet_schema, forward-only migrations (docs/fleet.md); one transaction per
 * batch of reports; findings go in through prepared statements (SQLite) or
 * COPY (PostgreSQL). Every string stored came from a host: renderers escape.
 */
#ifndef KYUKA_STORE_FLEET_H
#define KYUKA_STORE_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/fleet.h"
#include "util/err.h"

struct fleet_db;

/*
 * Opens the fleet store: pg false, target a SQLite file (created 0600 like
 * the local store, store_open); pg true, target a libpq connection string or
 * URI (a secret: never put in an error message). Migrates the schema.
 */
int fleet_db_open(const char *target, bool pg, struct fleet_db **out, struct err *err);
void fleet_db_close(struct fleet_db *db);
/* Whether a PostgreSQL connection string or URI holds a password (loads libpq; -EINVAL: it does not parse). */
int fleet_conninfo_check(const char *conninfo, bool *has_password, struct err *err);
/* "sqlite" or "postgresql" */
const char *fleet_db_kind(const struct fleet_db *db);
int fleet_db_schema_version(const struct fleet_db *db);

/* A batch: begin, add reports, commit (or rollback: nothing of the batch is kept). */
int fleet_db_begin(struct fleet_db *db, struct err *err);
int fleet_db_commit(struct fleet_db *db, struct err *err);
void fleet_db_rollback(struct fleet_db *db);
/* Hosts the fleet expects (the inventory): a host without a report is "not reported". */
int fleet_db_enroll(struct fleet_db *db, const char *host, int64_t now, struct err *err);

/*
 * Adds rep as host's report (host: the inventory name). mismatch: the report
 * claims another host name; only that fact is stored (verdict mismatch, the
 * claimed name, its phase and holiday, no finding), never the report under
 * the other name. rep->sha256 identifies it: the same report of the same host
 * again is a duplicate. Returns 1 stored, 0 duplicate, or a negative errno.
 */
int fleet_db_add(struct fleet_db *db, const char *host, const struct fleet_report *rep, bool mismatch, int64_t now,
		 struct err *err);

/*
 * The fleet for holiday "START..END" (NULL or "": every report): each known
 * host's newest report (older than max_age seconds before now: not reported).
 */
int fleet_db_status(struct fleet_db *db, const char *holiday, int64_t now, int64_t max_age, struct fleet_status *out,
		    struct err *err);

#define FLEET_HISTORY_MAX_RUNS 50
#define FLEET_HISTORY_MAX_FINDINGS 500
int fleet_db_history(struct fleet_db *db, const char *host, struct fleet_history *out, struct err *err);

#endif
