/*
 * The store: one SQLite database (the only code that includes sqlite3.h).
 * Schema version in PRAGMA user_version, forward-only migrations, the file
 * created 0600, one transaction per recorded run.
 */
#ifndef KYUKA_STORE_STORE_H
#define KYUKA_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "model/run.h"
#include "util/err.h"

struct store;

/*
 * Opens (creating 0600 and migrating as needed) the database at path for
 * writing. Only the default path's directory is created (0700); a
 * directory, a link, a file of another user or a file without write
 * permission for its owner (mode 0400) is refused, never chmodded.
 */
int store_open(const char *path, struct store **out, struct err *err);
/*
 * For readers: opens an existing database read-only; nothing is created or
 * written (an audit stays read-only). -ENOENT (err set) when the file does
 * not exist; a database of an older schema is migrated first when it is
 * writable (it is kyuka's own file); refuses links, non-regular files and
 * files of other users.
 */
int store_open_existing(const char *path, struct store **out, struct err *err);
/*
 * Strictly read-only, whatever the schema version (no migration): nothing
 * is created or written, no -journal, -wal or -shm file either, so it works
 * on a read-only file system and on a file of mode 0400. -ENOENT (err set)
 * when the file does not exist. store_schema_version() tells the version.
 */
int store_open_readonly(const char *path, struct store **out, struct err *err);
void store_close(struct store *s);
/* The schema version after migrations. */
int store_schema_version(struct store *s);

/* Records a run and all its findings in one transaction; *run_id gets the new ID. */
int store_record_run(struct store *s, const struct report *rep, int64_t *run_id, struct err *err);

struct run_summary {
	int64_t id;
	time_t at;
	char phase[8];
	char root[256];
	char hostname[256];
	char holiday_start[11], holiday_end[11];	/* "" when the run had no holiday */
	char fail_on[16];
	size_t counts[ST__COUNT];
};
/* The newest runs first, at most max. Caller frees *runs with free(). */
int store_list_runs(struct store *s, size_t max, struct run_summary **runs, size_t *n, struct err *err);
/* One run's summary; -ENOENT when there is no such run. */
int store_get_run(struct store *s, int64_t id, struct run_summary *out, struct err *err);

struct stored_finding {
	char *check_id, *items, *subject, *evidence, *remedy;
	enum status status;
	enum severity severity;
};
/* A recorded run's findings in recorded order. Caller frees with stored_findings_free(). */
int store_load_findings(struct store *s, int64_t run_id, struct stored_finding **v, size_t *n, struct err *err);
void stored_findings_free(struct stored_finding *v, size_t n);


/* A manual item confirmed by a person (kyuka plan confirm). */
struct confirmation {
	int64_t id;
	char item[8];		/* "IR-2" */
	char *by;		/* owned */
	char *note;		/* owned */
	time_t at;
	char holiday_start[11];	/* "" when none */
	char holiday_end[11];
};
/* Records c in one transaction; *id (may be NULL) gets its ID. */
int store_add_confirmation(struct store *s, const struct confirmation *c, int64_t *id, struct err *err);
/* The newest confirmation of item into *out (release with confirmation_release), or -ENOENT. */
int store_latest_confirmation(struct store *s, const char *item, struct confirmation *out, struct err *err);
void confirmation_release(struct confirmation *c);

/* One run of kyuka alert test. */
struct alert_test {
	time_t at;
	char *channel;		/* "smtp", "webhook", "syslog" */
	char *target;		/* where it went, without secrets */
	bool ok;
	char *detail;		/* the server's answer or the error */
};
int store_add_alert_test(struct store *s, const struct alert_test *a, int64_t *id, struct err *err);
/* The newest test of this channel and target into *out (release with alert_test_release), or -ENOENT. */
int store_latest_alert_test(struct store *s, const char *channel, const char *target, struct alert_test *out,
			    struct err *err);
void alert_test_release(struct alert_test *a);
/* The state of a log file (or wtmp/btmp/lastlog) as a run of the log review saw it. */
struct log_file_state {
	char *path;		/* inside the audited root */
	int64_t size, inode, mtime;
};
/*
 * The newest recorded state of the log files of root (as given with
 * --root); *n = 0 and *at = 0 when there is none. Caller frees with
 * log_file_states_free().
 */
int store_log_files_last(struct store *s, const char *root, struct log_file_state **v, size_t *n, int64_t *at,
			 struct err *err);
/* Records the state of the log files of root at time at, in one transaction. */
int store_log_files_save(struct store *s, const char *root, int64_t at, const struct log_file_state *v, size_t n,
			 struct err *err);
void log_file_states_free(struct log_file_state *v, size_t n);
/* A restore drill (kyuka backup verify), as recorded. Text fields hold no secret. */
struct drill_record {
	int64_t id;
	char job[128];
	char kind[16];
	time_t started_at, finished_at;
	char snapshot_id[128];
	time_t snapshot_time;
	int ok;
	int integrity_ok;
	char integrity[512];
	char error[512];
	uint64_t files_sampled, files_same, files_changed, files_different, files_bad;
	uint64_t bytes_restored, restore_ms, total_bytes, est_full_restore_s;
	double throughput;
};

/* Records one drill (one transaction). */
int store_record_drill(struct store *s, const struct drill_record *d, int64_t *id, struct err *err);
/* The newest drill of a job (ok_only: the newest successful one); -ENOENT when there is none. */
int store_last_drill(struct store *s, const char *job, bool ok_only, struct drill_record *out, struct err *err);

/* The default database path: /var/lib/kyuka/kyuka.db as root, else $XDG_DATA_HOME/kyuka/kyuka.db (~/.local/share). Caller frees. */
char *store_default_path(void);

/* One malware scan (kyuka scan, AV-2): counts and versions, never file contents. */
struct scan_record {
	time_t started, finished;
	char *root;		/* --root */
	char *paths;		/* the scanned paths, space-separated */
	unsigned long long files, infected, errors, skipped, sigs;
	bool complete;		/* every file was scanned (no error, not interrupted) */
	char *engine;		/* libclamav's version */
	unsigned daily;		/* the daily database's version (0: unknown) */
	unsigned yara_rules;	/* YARA rules compiled */
};
int store_add_scan(struct store *s, const struct scan_record *r, int64_t *id, struct err *err);
/* The newest scan started at or after since into *out (release with scan_record_release), or -ENOENT. */
int store_latest_scan(struct store *s, time_t since, struct scan_record *out, struct err *err);
void scan_record_release(struct scan_record *r);

/* Network scans (kyuka netscan): which hosts were probed, whether each answered, the open ports. */
struct netscan_rec_host {
	const char *address;
	bool answered;
};
struct netscan_rec_port {
	const char *address;
	const char *proto;	/* "tcp", "udp" */
	unsigned port;
	const char *service;	/* may be NULL */
};
struct netscan_record {
	time_t started;
	uint64_t elapsed_ms;
	const struct netscan_rec_host *hosts;
	size_t n_hosts;
	const struct netscan_rec_port *ports;
	size_t n_ports;
};
/* Records one scan in one transaction. */
int store_add_netscan(struct store *s, const struct netscan_record *r, struct err *err);

struct netscan_prev_port {
	char proto[4];
	unsigned port;
};
struct netscan_prev {
	time_t when;
	bool answered;
	struct netscan_prev_port *ports;
	size_t n;
};
/* The open ports of the newest scan that probed address: 1 and *out (free with netscan_prev_free), 0 when none. */
int store_netscan_last(struct store *s, const char *address, struct netscan_prev *out, struct err *err);
void netscan_prev_free(struct netscan_prev *p);

#endif
