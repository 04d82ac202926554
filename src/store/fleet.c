/*
 * The fleet store (store/fleet.h) on SQLite or PostgreSQL. One SQL text per
 * statement for both, written with $N parameters (SQLite takes them as ?N):
 * upserts (ON CONFLICT) and RETURNING, which both have. Values only ever go
 * in as parameters or COPY data, never into SQL text.
 *
 * Tables (docs/fleet.md): fleet_hosts (the known hosts), fleet_runs (one row
 * per report), fleet_findings (their WARN/FAIL/ERROR/SKIP/MANUAL findings;
 * PASS findings are counted in the run, not kept), fleet_run_checks (a run's
 * problems by check, the worst of each), and the summaries fleet status
 * reads: fleet_latest (each host's newest report, per holiday and for all,
 * hkey '') and fleet_latest_checks (their problems by check), rebuilt for
 * the hosts a batch changed, and fleet_check_counts (those counted by check,
 * severity and status, kept by adding and subtracting the changed hosts'
 * rows), so status reads one row per host and a few per check, never the
 * history.
 */
#include "store/fleet.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/fleet_be.h"
#include "store/internal.h"
#include "store/store.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------ schema */

/* "@ID@": the key of a table whose rows the database numbers. */
static const char *const migrations[] = {
	/* 1 */
	"CREATE TABLE fleet_hosts ("
	"  name TEXT PRIMARY KEY,"
	"  enrolled_at BIGINT NOT NULL"
	");"
	"CREATE TABLE fleet_runs ("
	"  id @ID@,"
	"  host TEXT NOT NULL REFERENCES fleet_hosts(name),"
	"  sha256 TEXT NOT NULL,"
	"  ingested_at BIGINT NOT NULL,"
	"  generated_at BIGINT NOT NULL,"
	"  phase TEXT NOT NULL,"
	"  hkey TEXT NOT NULL,"
	"  verdict TEXT NOT NULL,"
	"  claimed TEXT,"
	"  tool_version TEXT,"
	"  os TEXT,"
	"  fail_on INTEGER NOT NULL,"
	"  n_pass INTEGER NOT NULL, n_warn INTEGER NOT NULL, n_fail INTEGER NOT NULL,"
	"  n_skip INTEGER NOT NULL, n_error INTEGER NOT NULL, n_manual INTEGER NOT NULL,"
	"  at_or_above INTEGER NOT NULL,"
	"  n_changes INTEGER NOT NULL,"
	"  n_logs INTEGER NOT NULL,"
	"  UNIQUE (host, sha256)"
	");"
	"CREATE INDEX fleet_runs_host ON fleet_runs(host, generated_at);"
	/* no foreign keys on the two bulk tables: one writer (fleet_db_add) keeps them, and a
	 * per-row check would cost more than the insert (COPY of 150,000 rows a second) */
	"CREATE TABLE fleet_findings ("
	"  run_id BIGINT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  check_id TEXT NOT NULL,"
	"  status INTEGER NOT NULL,"
	"  severity INTEGER NOT NULL,"
	"  subject TEXT,"
	"  evidence TEXT,"
	"  remedy TEXT,"
	"  PRIMARY KEY (run_id, seq)"
	");"
	"CREATE TABLE fleet_run_checks ("
	"  run_id BIGINT NOT NULL,"
	"  check_id TEXT NOT NULL,"
	"  status INTEGER NOT NULL,"
	"  severity INTEGER NOT NULL,"
	"  PRIMARY KEY (run_id, check_id)"
	");"
	"CREATE TABLE fleet_latest ("
	"  hkey TEXT NOT NULL,"
	"  host TEXT NOT NULL,"
	"  run_id BIGINT NOT NULL,"
	"  generated_at BIGINT NOT NULL,"
	"  phase TEXT NOT NULL,"
	"  verdict TEXT NOT NULL,"
	"  claimed TEXT,"
	"  at_or_above INTEGER NOT NULL,"
	"  n_fail INTEGER NOT NULL, n_warn INTEGER NOT NULL, n_error INTEGER NOT NULL,"
	"  n_changes INTEGER NOT NULL, n_logs INTEGER NOT NULL,"
	"  PRIMARY KEY (hkey, host)"
	");"
	"CREATE INDEX fleet_latest_run ON fleet_latest(run_id);"
	"CREATE TABLE fleet_latest_checks ("
	"  hkey TEXT NOT NULL,"
	"  host TEXT NOT NULL,"
	"  check_id TEXT NOT NULL,"
	"  status INTEGER NOT NULL,"
	"  severity INTEGER NOT NULL,"
	"  generated_at BIGINT NOT NULL,"
	"  PRIMARY KEY (hkey, host, check_id)"
	");"
	"CREATE INDEX fleet_latest_checks_check ON fleet_latest_checks(hkey, check_id, generated_at);"
	/* fleet_latest_checks counted by check, severity and status: what status groups, kept as batches commit */
	"CREATE TABLE fleet_check_counts ("
	"  hkey TEXT NOT NULL,"
	"  check_id TEXT NOT NULL,"
	"  severity INTEGER NOT NULL,"
	"  status INTEGER NOT NULL,"
	"  hosts BIGINT NOT NULL,"
	"  PRIMARY KEY (hkey, check_id, severity, status)"
	");",
};
#define FLEET_SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* ------------------------------------------------------------ statements */

enum fq {
	Q_VERSION,
	Q_SET_VERSION,
	Q_ENROLL,
	Q_RUN,
	Q_LATEST,
	Q_FINDING,
	Q_RUN_CHECK,
	Q_COUNTS_SUB,
	Q_LATEST_CLEAR,
	Q_LATEST_FILL,
	Q_COUNTS_ADD,
	Q_COUNTS_ZERO,
	Q_CHECKS_ALL,
	Q_HOSTS,
	Q_CHECKS,
	Q_HISTORY,
	Q_FINDINGS,
	Q_KNOWN,
	Q_ADD_PG,
	Q__COUNT
};

#define RUN_INSERT                                                                                               \
	"INSERT INTO fleet_runs (host, sha256, ingested_at, generated_at, phase, hkey, verdict, claimed,"          \
	" tool_version, os, fail_on, n_pass, n_warn, n_fail, n_skip, n_error, n_manual, at_or_above,"              \
	" n_changes, n_logs) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"       \
	" $17, $18, $19, $20) ON CONFLICT (host, sha256) DO NOTHING"
#define LATEST_COLS \
	"hkey, host, run_id, generated_at, phase, verdict, claimed, at_or_above, n_fail, n_warn, n_error, n_changes, n_logs"
/* a host's newest report: replaced by a newer one (or, at the same time, by the later run) */
#define LATEST_UPSERT                                                                                            \
	" ON CONFLICT (hkey, host) DO UPDATE SET run_id = excluded.run_id,"                                        \
	" generated_at = excluded.generated_at, phase = excluded.phase, verdict = excluded.verdict,"               \
	" claimed = excluded.claimed, at_or_above = excluded.at_or_above, n_fail = excluded.n_fail,"               \
	" n_warn = excluded.n_warn, n_error = excluded.n_error, n_changes = excluded.n_changes,"                   \
	" n_logs = excluded.n_logs WHERE excluded.generated_at > fleet_latest.generated_at OR"                     \
	" (excluded.generated_at = fleet_latest.generated_at AND excluded.run_id > fleet_latest.run_id)"

static const char *const sql[Q__COUNT] = {
	[Q_VERSION] = "SELECT max(version) FROM fleet_schema",
	[Q_SET_VERSION] = "INSERT INTO fleet_schema (version) VALUES ($1)",
	[Q_ENROLL] = "INSERT INTO fleet_hosts (name, enrolled_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
	[Q_RUN] = RUN_INSERT " RETURNING id",
	[Q_LATEST] = "INSERT INTO fleet_latest (" LATEST_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
		     " $12, $13)" LATEST_UPSERT,
	/*
	 * PostgreSQL: Q_ENROLL, Q_RUN and Q_LATEST (for every holiday and for the report's own) in one
	 * statement, one round trip a report instead of four; the parameters of Q_RUN, the run id
	 * returned (no row: a duplicate, and nothing else changed)
	 */
	[Q_ADD_PG] = "WITH h AS (INSERT INTO fleet_hosts (name, enrolled_at) VALUES ($1, $3) ON CONFLICT (name) DO NOTHING),"
		     " r AS (" RUN_INSERT " RETURNING id),"
		     " l AS (INSERT INTO fleet_latest (" LATEST_COLS ") SELECT k.hkey, $1::text, r.id, $4::bigint,"
		     " $5::text, $7::text, $8::text, $18::integer, $14::integer, $13::integer, $16::integer, $19::integer,"
		     " $20::integer FROM r CROSS JOIN (SELECT ''::text AS hkey UNION SELECT $6::text) k WHERE true"
		     LATEST_UPSERT ")"
		     " SELECT id FROM r",
	[Q_FINDING] = "INSERT INTO fleet_findings (run_id, seq, check_id, status, severity, subject, evidence, remedy)"
		      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	[Q_RUN_CHECK] = "INSERT INTO fleet_run_checks (run_id, check_id, status, severity) VALUES ($1, $2, $3, $4)",
	/* the summaries of the hosts whose newest report came in this batch (run ids from $1 on) */
	[Q_COUNTS_SUB] = "INSERT INTO fleet_check_counts (hkey, check_id, severity, status, hosts)"
			 " SELECT c.hkey, c.check_id, c.severity, c.status, -count(*) FROM fleet_latest_checks c"
			 " WHERE (c.hkey, c.host) IN (SELECT hkey, host FROM fleet_latest WHERE run_id >= $1)"
			 " GROUP BY c.hkey, c.check_id, c.severity, c.status"
			 " ON CONFLICT (hkey, check_id, severity, status) DO UPDATE SET hosts = fleet_check_counts.hosts + excluded.hosts",
	[Q_COUNTS_ADD] = "INSERT INTO fleet_check_counts (hkey, check_id, severity, status, hosts)"
			 " SELECT c.hkey, c.check_id, c.severity, c.status, count(*) FROM fleet_latest_checks c"
			 " WHERE (c.hkey, c.host) IN (SELECT hkey, host FROM fleet_latest WHERE run_id >= $1)"
			 " GROUP BY c.hkey, c.check_id, c.severity, c.status"
			 " ON CONFLICT (hkey, check_id, severity, status) DO UPDATE SET hosts = fleet_check_counts.hosts + excluded.hosts",
	[Q_COUNTS_ZERO] = "DELETE FROM fleet_check_counts WHERE hosts = 0",
	/* a check's hosts: a host has one status of it (the worst), so the counts add up */
	[Q_CHECKS_ALL] = "SELECT check_id, max(severity), sum(hosts), sum(CASE WHEN status = 2 THEN hosts ELSE 0 END),"
			 " sum(CASE WHEN status = 1 THEN hosts ELSE 0 END) FROM fleet_check_counts WHERE hkey = $1"
			 " GROUP BY check_id",
	[Q_LATEST_CLEAR] = "DELETE FROM fleet_latest_checks WHERE (hkey, host) IN"
			   " (SELECT hkey, host FROM fleet_latest WHERE run_id >= $1)",
	[Q_LATEST_FILL] = "INSERT INTO fleet_latest_checks (hkey, host, check_id, status, severity, generated_at)"
			  " SELECT l.hkey, l.host, c.check_id, c.status, c.severity, l.generated_at"
			  " FROM fleet_latest l JOIN fleet_run_checks c ON c.run_id = l.run_id WHERE l.run_id >= $1",
	[Q_HOSTS] = "SELECT h.name, l.generated_at, l.phase, l.verdict, l.claimed, l.at_or_above, l.n_fail, l.n_warn,"
		    " l.n_error, l.n_changes, l.n_logs, a.generated_at FROM fleet_hosts h"
		    " LEFT JOIN fleet_latest l ON l.hkey = $1 AND l.host = h.name"
		    " LEFT JOIN fleet_latest a ON a.hkey = '' AND a.host = h.name ORDER BY h.name",
	[Q_CHECKS] = "SELECT check_id, max(severity), count(*), sum(CASE WHEN status = 2 THEN 1 ELSE 0 END)"
		     ", sum(CASE WHEN status = 1 THEN 1 ELSE 0 END)"
		     " FROM fleet_latest_checks WHERE hkey = $1 AND generated_at >= $2 GROUP BY check_id",
	[Q_HISTORY] = "SELECT id, generated_at, ingested_at, phase, hkey, verdict, claimed, at_or_above, n_fail, n_warn,"
		      " n_error, n_changes, n_logs FROM fleet_runs WHERE host = $1"
		      " ORDER BY generated_at DESC, id DESC LIMIT 50",
	[Q_FINDINGS] = "SELECT check_id, status, severity, subject, evidence, remedy FROM fleet_findings"
		       " WHERE run_id = $1 AND status IN (1, 2, 4) ORDER BY severity DESC, status DESC, seq LIMIT 500",
	[Q_KNOWN] = "SELECT 1 FROM fleet_hosts WHERE name = $1",
};

/* COPY into the bulk tables (PostgreSQL): the same columns as Q_FINDING and Q_RUN_CHECK */
static const char copy_findings[] =
	"COPY fleet_findings (run_id, seq, check_id, status, severity, subject, evidence, remedy) FROM STDIN";
static const char copy_run_checks[] = "COPY fleet_run_checks (run_id, check_id, status, severity) FROM STDIN";

struct fleet_db {
	bool pg;
	struct store *sq;
	sqlite3_stmt *st[Q__COUNT];
	struct fpg *conn;
	struct strbuf copy[2];	/* PostgreSQL: the batch's findings and run checks, COPY text */
	int64_t batch_first;	/* the batch's first run id, 0 before one */
	bool in_tx;
	int version;
};


static int verdict_parse(const char *s, enum fleet_verdict *out)
{
	for (unsigned i = 0; i < 4; i++)
		if (s && !strcmp(s, fleet_verdict_name(i))) {
			*out = i;
			return 0;
		}
	return -EINVAL;
}

const char *fleet_db_kind(const struct fleet_db *db)
{
	return db->pg ? "postgresql" : "sqlite";
}

int fleet_db_schema_version(const struct fleet_db *db)
{
	return db->version;
}

/* SQLite takes $N as a named parameter; ?N binds by number, as PostgreSQL's $N. */
static char *sqlite_sql(const char *s)
{
	char *t = xstrdup(s), *p;

	for (p = t; *p; p++)
		if (*p == '$')
			*p = '?';
	return t;
}

/* Runs statement q with text parameters (NULL: SQL NULL); rows into out when not NULL. */
static int fq(struct fleet_db *db, enum fq q, int n, const char *const *params, struct fleet_rows *out, struct err *err)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc, i, r;

	if (out)
		memset(out, 0, sizeof(*out));
	if (db->pg)
		return fpg_exec(db->conn, (int)q, sql[q], n, params, out, err);
	if (!db->st[q]) {
		char *s = sqlite_sql(sql[q]);

		r = store_i_prepare(db->sq, s, &db->st[q], err);
		free(s);
		if (r < 0)
			return r;
	}
	st = db->st[q];
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (i = 0; i < n; i++)
		store_i_bind_text(st, i + 1, params[i]);
	if (out)
		out->ncols = (size_t)sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!out)
			continue;
		if (out->nrows * out->ncols + out->ncols + 1 > alloc) {
			alloc = (alloc + out->ncols + 1) * 2;
			out->cell = xrealloc(out->cell, st_mult(alloc, sizeof(char *)));
		}
		for (i = 0; i < (int)out->ncols; i++)
			out->cell[out->nrows * out->ncols + (size_t)i] = store_i_col_dup(st, i);
		out->nrows++;
	}
	r = rc == SQLITE_DONE ? 0 : store_i_error(db->sq, rc, err, "cannot query");
	sqlite3_reset(st);
	if (r < 0 && out)
		fleet_rows_free(out);
	return r;
}

static int script(struct fleet_db *db, const char *s, struct err *err)
{
	return db->pg ? fpg_script(db->conn, s, err) : store_i_exec(db->sq, s, err, "cannot write");
}

/* The schema version when fleet_schema can be read (no lock, no transaction); -1 when it cannot. */
static int current_version(struct fleet_db *db)
{
	struct fleet_rows rows;
	uint64_t u;
	int v = -1;

	if (fq(db, Q_VERSION, 0, NULL, &rows, NULL) < 0)
		return -1;
	if (rows.nrows == 1 && fleet_cell(&rows, 0, 0) && parse_u64_str(fleet_cell(&rows, 0, 0), 1000, &u) == 0)
		v = (int)u;
	fleet_rows_free(&rows);
	return v;
}

static int migrate(struct fleet_db *db, struct err *err)
{
	struct fleet_rows rows;
	char buf[16];
	const char *p[1] = { buf };
	int v = 0, r;
	uint64_t u;

	/* a current schema needs no lock: readers (fleet status) do not queue behind an ingest */
	if (current_version(db) == FLEET_SCHEMA_VERSION) {
		db->version = FLEET_SCHEMA_VERSION;
		return 0;
	}
	r = script(db, db->pg ? "BEGIN; SELECT pg_advisory_xact_lock(4242001);"
				"CREATE TABLE IF NOT EXISTS fleet_schema (version INTEGER NOT NULL)"
			      : "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS fleet_schema (version INTEGER NOT NULL)",
		   err);
	if (r < 0)
		return r;
	db->in_tx = true;
	if ((r = fq(db, Q_VERSION, 0, NULL, &rows, err)) < 0)
		goto out;
	if (rows.nrows == 1 && fleet_cell(&rows, 0, 0) && parse_u64_str(fleet_cell(&rows, 0, 0), 1000, &u) == 0)
		v = (int)u;
	fleet_rows_free(&rows);
	if (v > FLEET_SCHEMA_VERSION) {
		r = err_set(err, -EPROTONOSUPPORT, "the fleet database's schema %d is newer than this kyuka (%d)", v,
			    FLEET_SCHEMA_VERSION);
		goto out;
	}
	for (; v < FLEET_SCHEMA_VERSION; v++) {
		struct strbuf s = STRBUF_INIT;
		const char *m = migrations[v], *at;

		while ((at = strstr(m, "@ID@"))) {
			strbuf_add(&s, m, (size_t)(at - m));
			strbuf_adds(&s, db->pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
					       : "INTEGER PRIMARY KEY AUTOINCREMENT");
			m = at + 4;
		}
		strbuf_adds(&s, m);
		r = script(db, s.buf, err);
		strbuf_release(&s);
		if (r < 0) {
			err_prefix(err, "fleet schema version %d", v + 1);
			goto out;
		}
		snprintf(buf, sizeof(buf), "%d", v + 1);
		if ((r = fq(db, Q_SET_VERSION, 1, p, NULL, err)) < 0)
			goto out;
	}
	db->version = v;
	r = script(db, "COMMIT", err);
out:
	if (r < 0)
		fleet_db_rollback(db);
	db->in_tx = false;
	return r;
}

int fleet_db_open(const char *target, bool pg, struct fleet_db **out, struct err *err)
{
	struct fleet_db *db = xcalloc(1, sizeof(*db));
	int r;

	db->pg = pg;
	strbuf_init(&db->copy[0], 0);
	strbuf_init(&db->copy[1], 0);
	r = pg ? fpg_connect(target, &db->conn, err) : store_open(target, &db->sq, err);
	if (r == 0)
		r = migrate(db, err);
	if (r < 0) {
		fleet_db_close(db);
		return r;
	}
	*out = db;
	return 0;
}

void fleet_db_close(struct fleet_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(db->st[i]);
	store_close(db->sq);
	fpg_close(db->conn);
	strbuf_release(&db->copy[0]);
	strbuf_release(&db->copy[1]);
	free(db);
}

/* ------------------------------------------------------------ ingest */

int fleet_db_begin(struct fleet_db *db, struct err *err)
{
	int r = script(db, db->pg ? "BEGIN" : "BEGIN IMMEDIATE", err);

	if (r == 0) {
		db->in_tx = true;
		db->batch_first = 0;
		strbuf_reset(&db->copy[0]);
		strbuf_reset(&db->copy[1]);
	}
	return r;
}

void fleet_db_rollback(struct fleet_db *db)
{
	if (!db->in_tx)
		return;
	if (db->pg)
		fpg_script(db->conn, "ROLLBACK", NULL);
	else
		store_i_rollback(db->sq);
	db->in_tx = false;
}

int fleet_db_commit(struct fleet_db *db, struct err *err)
{
	char first[24];
	const char *p[1] = { first };
	int r = 0;

	if (db->pg && db->copy[0].len)
		r = fpg_copy(db->conn, copy_findings, db->copy[0].buf, db->copy[0].len, err);
	if (r == 0 && db->pg && db->copy[1].len)
		r = fpg_copy(db->conn, copy_run_checks, db->copy[1].buf, db->copy[1].len, err);
	if (r == 0 && db->batch_first > 0) {
		snprintf(first, sizeof(first), "%" PRId64, db->batch_first);
		r = fq(db, Q_COUNTS_SUB, 1, p, NULL, err);
		if (r == 0)
			r = fq(db, Q_LATEST_CLEAR, 1, p, NULL, err);
		if (r == 0)
			r = fq(db, Q_LATEST_FILL, 1, p, NULL, err);
		if (r == 0)
			r = fq(db, Q_COUNTS_ADD, 1, p, NULL, err);
		if (r == 0)
			r = fq(db, Q_COUNTS_ZERO, 0, NULL, NULL, err);
	}
	if (r == 0)
		r = script(db, "COMMIT", err);
	if (r < 0) {
		fleet_db_rollback(db);
		return r;
	}
	db->in_tx = false;
	strbuf_reset(&db->copy[0]);
	strbuf_reset(&db->copy[1]);
	return 0;
}

int fleet_db_enroll(struct fleet_db *db, const char *host, int64_t now, struct err *err)
{
	char t[24];
	const char *p[2] = { host, t };

	snprintf(t, sizeof(t), "%" PRId64, now);
	return fq(db, Q_ENROLL, 2, p, NULL, err);
}

/* One COPY text field: \N for NULL; backslash, tab, line ends escaped. */
static void copy_field(struct strbuf *sb, const char *s, bool last)
{
	if (!s) {
		strbuf_add(sb, "\\N", 2);
	} else {
		while (*s) {
			size_t n = strcspn(s, "\\\t\n\r");	/* the plain run, added at once */

			strbuf_add(sb, s, n);
			s += n;
			switch (*s) {
			case '\\': strbuf_add(sb, "\\\\", 2); break;
			case '\t': strbuf_add(sb, "\\t", 2); break;
			case '\n': strbuf_add(sb, "\\n", 2); break;
			case '\r': strbuf_add(sb, "\\r", 2); break;
			default: continue;	/* the end */
			}
			s++;
		}
	}
	strbuf_addch(sb, last ? '\n' : '\t');
}

/* A row of a bulk table: into the COPY text (PostgreSQL) or inserted now (SQLite). */
static int bulk_row(struct fleet_db *db, enum fq q, int n, const char *const *cells, struct err *err)
{
	struct strbuf *sb = &db->copy[q == Q_FINDING ? 0 : 1];

	if (!db->pg)
		return fq(db, q, n, cells, NULL, err);
	for (int i = 0; i < n; i++)
		copy_field(sb, cells[i], i == n - 1);
	return 0;
}

static bool is_problem(enum status s)
{
	return s == ST_WARN || s == ST_FAIL || s == ST_ERROR;
}

#define NUM(buf, v) (snprintf(buf, sizeof(buf), "%" PRId64, (int64_t)(v)), (const char *)buf)

int fleet_db_add(struct fleet_db *db, const char *host, const struct fleet_report *rep, bool mismatch, int64_t now,
		 struct err *err)
{
	char b[20][24], hkey[24], idb[24];
	const char *p[20];
	struct fleet_rows rows;
	size_t changes = 0, logs = 0, i, j;
	const char *verdict = mismatch ? "mismatch" : rep->at_or_above ? "not_ready" : "ready";
	int64_t id;
	uint64_t u;
	int r;

	if (rep->holiday_start[0])
		snprintf(hkey, sizeof(hkey), "%.10s..%.10s", rep->holiday_start, rep->holiday_end);
	else
		hkey[0] = '\0';
	if (!mismatch && rep->phase == PHASE_AFTER)
		for (i = 0; i < rep->n; i++) {
			if (!is_problem(rep->f[i].status))
				continue;
			changes += rep->f[i].area && !strcmp(rep->f[i].area, "changes");
			logs += rep->f[i].area && !strcmp(rep->f[i].area, "logs");
		}
	if (!db->pg && (r = fleet_db_enroll(db, host, now, err)) < 0)
		return r;
	p[0] = host;
	p[1] = rep->sha256;
	p[2] = NUM(b[2], now);
	p[3] = NUM(b[3], mismatch ? now : rep->generated_at);
	p[4] = phase_name(rep->phase);
	p[5] = hkey;
	p[6] = verdict;
	p[7] = mismatch ? (rep->hostname ? rep->hostname : "") : NULL;
	p[8] = mismatch ? NULL : rep->tool_version;
	p[9] = mismatch ? NULL : rep->os_pretty;
	p[10] = NUM(b[10], rep->fail_on);
	for (i = 0; i < ST__COUNT; i++)
		p[11 + i] = NUM(b[11 + i], mismatch ? 0 : rep->counts[i]);
	p[17] = NUM(b[17], mismatch ? 0 : rep->at_or_above);
	p[18] = NUM(b[18], changes);
	p[19] = NUM(b[19], logs);
	if ((r = fq(db, db->pg ? Q_ADD_PG : Q_RUN, 20, p, &rows, err)) < 0)
		return r;
	if (rows.nrows == 0) {
		fleet_rows_free(&rows);
		return 0;	/* this host sent this report before */
	}
	r = fleet_cell(&rows, 0, 0) && parse_u64_str(fleet_cell(&rows, 0, 0), INT64_MAX, &u) == 0 ? 0 : -EPROTO;
	fleet_rows_free(&rows);
	if (r < 0)
		return err_set(err, r, "the fleet database returned no run id");
	id = (int64_t)u;
	if (!db->batch_first || id < db->batch_first)
		db->batch_first = id;
	NUM(idb, id);

	/* the findings but PASS, and the problems by check (the worst status, then severity, of each) */
	for (i = 0; !mismatch && i < rep->n; i++) {
		const struct fleet_finding *f = &rep->f[i];
		const char *c[8] = { idb, NUM(b[0], i), f->check_id, NUM(b[1], f->status), NUM(b[2], f->severity),
				     f->subject, f->evidence, f->remedy };

		if (f->status == ST_PASS)
			continue;
		if ((r = bulk_row(db, Q_FINDING, 8, c, err)) < 0)
			return r;
	}
	for (i = 0; !mismatch && i < rep->n; i++) {
		const struct fleet_finding *f = &rep->f[i], *w = f;
		bool seen = false;

		if (!is_problem(f->status))
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = is_problem(rep->f[j].status) && !strcmp(rep->f[j].check_id, f->check_id);
		if (seen)
			continue;
		for (j = i + 1; j < rep->n; j++) {
			const struct fleet_finding *g = &rep->f[j];

			if (!is_problem(g->status) || strcmp(g->check_id, f->check_id))
				continue;
			if (status_rank(g->status) < status_rank(w->status) ||
			    (g->status == w->status && g->severity > w->severity))
				w = g;
		}
		const char *c[4] = { idb, f->check_id, NUM(b[0], w->status), NUM(b[1], w->severity) };
		if ((r = bulk_row(db, Q_RUN_CHECK, 4, c, err)) < 0)
			return r;
	}

	/* the host's newest report, for every holiday and for its own (PostgreSQL: done by Q_ADD_PG) */
	for (j = 0; !db->pg && j < (hkey[0] ? 2u : 1u); j++) {
		const char *l[13] = { j ? hkey : "", host, idb, NUM(b[3], mismatch ? now : rep->generated_at),
				      phase_name(rep->phase), verdict, p[7], p[17], NUM(b[4], rep->counts[ST_FAIL]),
				      NUM(b[5], rep->counts[ST_WARN]), NUM(b[6], rep->counts[ST_ERROR]), p[18], p[19] };
		if (mismatch) {
			l[8] = l[9] = l[10] = "0";
		}
		if ((r = fq(db, Q_LATEST, 13, l, NULL, err)) < 0)
			return r;
	}
	return 1;
}

/* ------------------------------------------------------------ reading */

static size_t cell_size(const struct fleet_rows *r, size_t row, size_t col)
{
	const char *s = fleet_cell(r, row, col);
	uint64_t u = 0;

	if (s)
		parse_u64_str(s, SIZE_MAX, &u);
	return (size_t)u;
}

static int64_t cell_i64(const struct fleet_rows *r, size_t row, size_t col)
{
	return (int64_t)cell_size(r, row, col);
}

static char *cell_dup(const struct fleet_rows *r, size_t row, size_t col)
{
	const char *s = fleet_cell(r, row, col);

	return s ? xstrdup(s) : NULL;
}

static void cell_copy(char *dst, size_t size, const struct fleet_rows *r, size_t row, size_t col)
{
	snprintf(dst, size, "%s", fleet_cell(r, row, col) ? fleet_cell(r, row, col) : "");
}

static int cmp_checks(const void *a, const void *b)
{
	const struct fleet_check_row *x = a, *y = b;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if ((x->hosts_fail > 0) != (y->hosts_fail > 0))
		return x->hosts_fail > 0 ? -1 : 1;
	if (x->hosts != y->hosts)
		return x->hosts > y->hosts ? -1 : 1;
	return strcmp(x->check_id, y->check_id);
}

int fleet_db_status(struct fleet_db *db, const char *holiday, int64_t now, int64_t max_age, struct fleet_status *out,
		    struct err *err)
{
	struct fleet_rows rows;
	char cut[24];
	const char *p[2] = { holiday ? holiday : "", cut };
	int64_t cutoff = max_age > 0 ? now - max_age : 0;
	size_t i;
	int r;

	memset(out, 0, sizeof(*out));
	snprintf(cut, sizeof(cut), "%" PRId64, cutoff);
	if ((r = fq(db, Q_HOSTS, 1, p, &rows, err)) < 0)
		return r;
	out->hosts = xcalloc(rows.nrows + 1, sizeof(*out->hosts));
	out->n_hosts = rows.nrows;
	for (i = 0; i < rows.nrows; i++) {
		struct fleet_host_row *h = &out->hosts[i];

		h->name = cell_dup(&rows, i, 0);
		h->at = cell_i64(&rows, i, 1);
		h->last_at = cell_i64(&rows, i, 11);
		cell_copy(h->phase, sizeof(h->phase), &rows, i, 2);
		if (!fleet_cell(&rows, i, 1) || h->at < cutoff || verdict_parse(fleet_cell(&rows, i, 3), &h->verdict) < 0) {
			h->verdict = FLEET_NOT_REPORTED;
		} else {
			h->claimed = cell_dup(&rows, i, 4);
			h->at_or_above = cell_size(&rows, i, 5);
			h->n_fail = cell_size(&rows, i, 6);
			h->n_warn = cell_size(&rows, i, 7);
			h->n_error = cell_size(&rows, i, 8);
			h->n_changes = cell_size(&rows, i, 9);
			h->n_logs = cell_size(&rows, i, 10);
		}
		out->n_verdict[h->verdict]++;
	}
	fleet_rows_free(&rows);
	/* without an age limit, the counts kept at each commit; with one, the hosts' rows grouped */
	if ((r = cutoff > 0 ? fq(db, Q_CHECKS, 2, p, &rows, err) : fq(db, Q_CHECKS_ALL, 1, p, &rows, err)) < 0) {
		fleet_status_free(out);
		return r;
	}
	out->checks = xcalloc(rows.nrows + 1, sizeof(*out->checks));
	out->n_checks = rows.nrows;
	for (i = 0; i < rows.nrows; i++) {
		struct fleet_check_row *c = &out->checks[i];
		size_t sev = cell_size(&rows, i, 1);

		cell_copy(c->check_id, sizeof(c->check_id), &rows, i, 0);
		c->severity = sev < SEV__COUNT ? (enum severity)sev : SEV_CRITICAL;
		c->hosts = cell_size(&rows, i, 2);
		c->hosts_fail = cell_size(&rows, i, 3);
		c->hosts_warn = cell_size(&rows, i, 4);
	}
	fleet_rows_free(&rows);
	qsort(out->checks, out->n_checks, sizeof(*out->checks), cmp_checks);
	return 0;
}


int fleet_db_history(struct fleet_db *db, const char *host, struct fleet_history *out, struct err *err)
{
	struct fleet_rows rows;
	const char *p[1] = { host };
	char idb[24];
	size_t i;
	int r;

	memset(out, 0, sizeof(*out));
	if ((r = fq(db, Q_KNOWN, 1, p, &rows, err)) < 0)
		return r;
	out->known = rows.nrows > 0;
	fleet_rows_free(&rows);
	if ((r = fq(db, Q_HISTORY, 1, p, &rows, err)) < 0)
		return r;
	out->runs = xcalloc(rows.nrows + 1, sizeof(*out->runs));
	out->n_runs = rows.nrows;
	for (i = 0; i < rows.nrows; i++) {
		struct fleet_run_row *x = &out->runs[i];

		x->id = cell_i64(&rows, i, 0);
		x->at = cell_i64(&rows, i, 1);
		x->ingested_at = cell_i64(&rows, i, 2);
		cell_copy(x->phase, sizeof(x->phase), &rows, i, 3);
		cell_copy(x->holiday, sizeof(x->holiday), &rows, i, 4);
		if (verdict_parse(fleet_cell(&rows, i, 5), &x->verdict) < 0)
			x->verdict = FLEET_NOT_READY;
		x->claimed = cell_dup(&rows, i, 6);
		x->at_or_above = cell_size(&rows, i, 7);
		x->n_fail = cell_size(&rows, i, 8);
		x->n_warn = cell_size(&rows, i, 9);
		x->n_error = cell_size(&rows, i, 10);
		x->n_changes = cell_size(&rows, i, 11);
		x->n_logs = cell_size(&rows, i, 12);
	}
	fleet_rows_free(&rows);
	if (!out->n_runs)
		return 0;
	p[0] = NUM(idb, out->runs[0].id);
	if ((r = fq(db, Q_FINDINGS, 1, p, &rows, err)) < 0) {
		fleet_history_free(out);
		return r;
	}
	out->findings = xcalloc(rows.nrows + 1, sizeof(*out->findings));
	out->n_findings = rows.nrows;
	for (i = 0; i < rows.nrows; i++) {
		struct fleet_finding_row *f = &out->findings[i];
		size_t st = cell_size(&rows, i, 1), sev = cell_size(&rows, i, 2);

		cell_copy(f->check_id, sizeof(f->check_id), &rows, i, 0);
		f->status = st < ST__COUNT ? (enum status)st : ST_ERROR;
		f->severity = sev < SEV__COUNT ? (enum severity)sev : SEV_CRITICAL;
		f->subject = cell_dup(&rows, i, 3);
		f->evidence = cell_dup(&rows, i, 4);
		f->remedy = cell_dup(&rows, i, 5);
	}
	fleet_rows_free(&rows);
	return 0;
}


int fleet_conninfo_check(const char *conninfo, bool *has_password, struct err *err)
{
	return fpg_conninfo_has_password(conninfo, has_password, err);
}
