/*
 * The store: one SQLite database, the only file that includes sqlite3.h.
 *
 * Files: the database is created by us (O_CREAT | O_EXCL | O_NOFOLLOW, mode
 * 0600) before SQLite opens it, so SQLite's -wal and -shm files inherit 0600
 * (SQLite gives them the mode of the database). Symbolic links, files that
 * are not regular and files owned by someone else are refused, for the
 * database and for its -journal, -wal and -shm files.
 *
 * SQL: every statement is a constant string; values only ever go in through
 * sqlite3_bind_*. Constant scripts without values (migrations, pragmas,
 * BEGIN/COMMIT) go through sqlite3_exec.
 *
 * Schema: PRAGMA user_version is the schema version. migrations[i] takes the
 * schema from version i to i + 1, sets user_version to i + 1 itself and runs
 * in its own transaction, so a crash mid-migration leaves the previous
 * version. A database newer than migrations[] knows is refused untouched.
 *
 * A process should have one struct store per database at a time: the checks
 * in store_open open and close the files themselves, and closing a
 * descriptor drops the POSIX locks another SQLite connection of the same
 * process may hold on them.
 */
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define STORE_BUSY_TIMEOUT_MS 5000
/* A tampered database must not make us allocate without bound. */
#define STORE_MAX_FINDINGS ((size_t)1 << 20)

#include "store/internal.h"

/*
 * Forward-only migrations. Never edit or reorder a shipped entry: append a
 * new one that ends with "PRAGMA user_version = <its index + 1>;" and
 * describe it in docs/store.md.
 */
static const char *const migrations[] = {
	/* 1: runs and their findings. */
	"CREATE TABLE runs ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  started_at INTEGER NOT NULL,"
	"  phase TEXT NOT NULL,"
	"  root TEXT,"
	"  hostname TEXT,"
	"  os TEXT,"
	"  tool_version TEXT,"
	"  holiday_start TEXT,"
	"  holiday_end TEXT,"
	"  fail_on TEXT NOT NULL,"
	"  n_pass INTEGER NOT NULL DEFAULT 0,"
	"  n_warn INTEGER NOT NULL DEFAULT 0,"
	"  n_fail INTEGER NOT NULL DEFAULT 0,"
	"  n_skip INTEGER NOT NULL DEFAULT 0,"
	"  n_error INTEGER NOT NULL DEFAULT 0,"
	"  n_manual INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE findings ("
	"  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  check_id TEXT NOT NULL,"
	"  items TEXT,"
	"  status TEXT NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  subject TEXT,"
	"  evidence TEXT,"
	"  remedy TEXT,"
	"  PRIMARY KEY (run_id, seq)"
	");"
	"CREATE INDEX findings_check_id ON findings(check_id);"
	"CREATE INDEX findings_run_id ON findings(run_id);"
	"PRAGMA user_version = 1;",
	/* 2: manual confirmations of the plan (kyuka plan confirm) and alert channel tests (kyuka alert test). */
	"CREATE TABLE confirmations ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  item TEXT NOT NULL,"
	"  confirmed_by TEXT NOT NULL,"
	"  note TEXT NOT NULL,"
	"  confirmed_at INTEGER NOT NULL,"
	"  holiday_start TEXT,"
	"  holiday_end TEXT"
	");"
	"CREATE INDEX confirmations_item ON confirmations(item, confirmed_at);"
	"CREATE TABLE alert_tests ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  tested_at INTEGER NOT NULL,"
	"  channel TEXT NOT NULL,"
	"  target TEXT NOT NULL,"
	"  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),"
	"  detail TEXT"
	");"
	"CREATE INDEX alert_tests_channel ON alert_tests(channel, tested_at);"
	"PRAGMA user_version = 2;",
	/* 3: vulnerability feeds (src/store/feeds.c, docs/store.md). */
	"CREATE TABLE feeds ("
	"  name TEXT PRIMARY KEY,"
	"  source TEXT,"
	"  sha256 TEXT,"
	"  imported_at INTEGER NOT NULL,"
	"  checked_at INTEGER NOT NULL,"
	"  as_of TEXT,"
	"  n_records INTEGER NOT NULL"
	");"
	"CREATE TABLE advisories ("
	"  rowid INTEGER PRIMARY KEY,"
	"  feed TEXT NOT NULL,"
	"  id TEXT NOT NULL,"
	"  published TEXT,"
	"  modified TEXT,"
	"  source TEXT,"
	"  title TEXT,"
	"  UNIQUE (feed, id)"
	");"
	"CREATE TABLE advisory_cves ("
	"  advisory INTEGER NOT NULL REFERENCES advisories(rowid) ON DELETE CASCADE,"
	"  cve TEXT NOT NULL,"
	"  PRIMARY KEY (advisory, cve)"
	") WITHOUT ROWID;"
	"CREATE INDEX advisory_cves_cve ON advisory_cves(cve);"
	"CREATE TABLE advisory_fixes ("
	"  advisory INTEGER NOT NULL REFERENCES advisories(rowid) ON DELETE CASCADE,"
	"  release TEXT NOT NULL,"
	"  package TEXT NOT NULL,"
	"  introduced TEXT,"
	"  fixed TEXT,"
	"  tag TEXT"
	");"
	"CREATE INDEX advisory_fixes_package ON advisory_fixes(release, package);"
	"CREATE INDEX advisory_fixes_advisory ON advisory_fixes(advisory);"
	"CREATE TABLE kev ("
	"  cve TEXT PRIMARY KEY,"
	"  vendor TEXT,"
	"  product TEXT,"
	"  name TEXT,"
	"  date_added TEXT NOT NULL,"
	"  due_date TEXT,"
	"  ransomware TEXT"
	") WITHOUT ROWID;"
	"CREATE TABLE tracker ("
	"  release TEXT NOT NULL,"
	"  package TEXT NOT NULL,"
	"  cve TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  fixed TEXT,"
	"  urgency TEXT,"
	"  PRIMARY KEY (release, package, cve)"
	") WITHOUT ROWID;"
	"CREATE INDEX tracker_cve ON tracker(cve);"
	"PRAGMA user_version = 3;",
	/* 4: the state of log files and login records seen by the log review (truncation between runs). */
	"CREATE TABLE log_snapshots ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  taken_at INTEGER NOT NULL,"
	"  root TEXT NOT NULL"
	");"
	"CREATE TABLE log_files ("
	"  snapshot_id INTEGER NOT NULL REFERENCES log_snapshots(id) ON DELETE CASCADE,"
	"  path TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  inode INTEGER NOT NULL,"
	"  mtime INTEGER NOT NULL,"
	"  PRIMARY KEY (snapshot_id, path)"
	");"
	"CREATE INDEX log_snapshots_root ON log_snapshots(root, id);"
	"PRAGMA user_version = 4;",
	/* 5: restore drills of backup jobs (kyuka backup verify). */
	"CREATE TABLE backup_drills ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  job TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  started_at INTEGER NOT NULL,"
	"  finished_at INTEGER NOT NULL,"
	"  snapshot_id TEXT,"
	"  snapshot_time INTEGER,"
	"  ok INTEGER NOT NULL,"
	"  integrity_ok INTEGER NOT NULL,"
	"  integrity TEXT,"
	"  error TEXT,"
	"  files_sampled INTEGER NOT NULL DEFAULT 0,"
	"  files_same INTEGER NOT NULL DEFAULT 0,"
	"  files_changed INTEGER NOT NULL DEFAULT 0,"
	"  files_different INTEGER NOT NULL DEFAULT 0,"
	"  files_bad INTEGER NOT NULL DEFAULT 0,"
	"  bytes_restored INTEGER NOT NULL DEFAULT 0,"
	"  restore_ms INTEGER NOT NULL DEFAULT 0,"
	"  throughput REAL NOT NULL DEFAULT 0,"
	"  total_bytes INTEGER NOT NULL DEFAULT 0,"
	"  est_full_restore_s INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX backup_drills_job ON backup_drills(job, started_at);"
	"PRAGMA user_version = 5;",
	/* 6: baselines of the host (kyuka baseline save; src/store/baseline.c, docs/baseline.md). */
	"CREATE TABLE baselines ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  taken_at INTEGER NOT NULL,"
	"  root TEXT NOT NULL,"
	"  label TEXT NOT NULL,"
	"  complete INTEGER NOT NULL DEFAULT 0,"
	"  n_items INTEGER NOT NULL DEFAULT 0,"
	"  sha256 TEXT"
	");"
	"CREATE TABLE baseline_items ("
	"  baseline_id INTEGER NOT NULL REFERENCES baselines(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  aux TEXT NOT NULL,"
	"  PRIMARY KEY (baseline_id, kind, key)"
	") WITHOUT ROWID;"
	"CREATE INDEX baselines_label ON baselines(label, id);"
	/* kyuka watch: each new thing alerted once, and the daily heartbeat. */
	"CREATE TABLE watch_alerts ("
	"  root TEXT NOT NULL,"
	"  fingerprint TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  sent_at INTEGER NOT NULL,"
	"  PRIMARY KEY (root, fingerprint)"
	") WITHOUT ROWID;"
	"CREATE TABLE watch_heartbeats ("
	"  root TEXT PRIMARY KEY,"
	"  sent_at INTEGER NOT NULL"
	");"
	"PRAGMA user_version = 6;",
	/* 7: malware scans (kyuka scan, AV-2). */
	"CREATE TABLE scans ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  started_at INTEGER NOT NULL,"
	"  finished_at INTEGER NOT NULL,"
	"  root TEXT NOT NULL,"
	"  paths TEXT NOT NULL,"
	"  files INTEGER NOT NULL,"
	"  infected INTEGER NOT NULL,"
	"  errors INTEGER NOT NULL,"
	"  skipped INTEGER NOT NULL,"
	"  complete INTEGER NOT NULL,"
	"  engine TEXT NOT NULL,"
	"  daily INTEGER NOT NULL,"
	"  sigs INTEGER NOT NULL,"
	"  yara_rules INTEGER NOT NULL"
	");"
	"CREATE INDEX scans_started ON scans(started_at);"
	"PRAGMA user_version = 7;",
	/* 8: network scans (kyuka netscan, AC-5, DV-2): per host whether it answered, the open ports. */
	"CREATE TABLE netscans ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  started_at INTEGER NOT NULL,"
	"  elapsed_ms INTEGER NOT NULL"
	");"
	"CREATE TABLE netscan_hosts ("
	"  netscan_id INTEGER NOT NULL REFERENCES netscans(id) ON DELETE CASCADE,"
	"  address TEXT NOT NULL,"
	"  answered INTEGER NOT NULL,"
	"  PRIMARY KEY (netscan_id, address)"
	");"
	"CREATE INDEX netscan_hosts_address ON netscan_hosts(address, netscan_id);"
	"CREATE TABLE netscan_ports ("
	"  netscan_id INTEGER NOT NULL REFERENCES netscans(id) ON DELETE CASCADE,"
	"  address TEXT NOT NULL,"
	"  proto TEXT NOT NULL,"
	"  port INTEGER NOT NULL,"
	"  service TEXT,"
	"  PRIMARY KEY (netscan_id, address, proto, port)"
	");"
	"PRAGMA user_version = 8;",
	/*
	 * 9: a baseline may refer to a parent's file items (kyuka baseline save
	 * --trust-mtime): it holds only the files that differ from the parent's,
	 * a vanished one as a row with the value "" (src/store/baseline.c).
	 */
	"ALTER TABLE baselines ADD COLUMN parent INTEGER REFERENCES baselines(id);"
	"CREATE INDEX baselines_parent ON baselines(parent);"
	"PRAGMA user_version = 9;",
};

#define STORE_SCHEMA_VERSION ((int)ARRAY_SIZE(migrations))

/* runs.n_* columns follow enum status; a new status needs a migration adding a column. */
_Static_assert(ST__COUNT == 6, "runs has one count column per status");

static const char *const sidecar_suffixes[] = { "-journal", "-wal", "-shm" };

static int read_version(struct store *s, int *v, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc;

	*v = 0;	/* also on an error: gcc -O3 cannot see that the callers then stop */
	r = store_i_prepare(s, "PRAGMA user_version", &st, err);
	if (r < 0)
		return r;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		r = store_i_error(s, rc, err, "cannot read");
		goto out;
	}
	*v = sqlite3_column_int(st, 0);
	r = 0;
out:
	sqlite3_finalize(st);
	return r;
}

static int newer_error(struct store *s, int v, struct err *err)
{
	return err_set(err, -EPROTONOSUPPORT,
		       "cannot open '%s': database schema %d is newer than this kyuka (%d)", s->path, v,
		       STORE_SCHEMA_VERSION);
}

/*
 * One step of migration, in its own transaction: reads the version under a
 * write lock and applies the next migration with its user_version bump.
 * *done is set when the schema is current.
 */
static int migrate_step(struct store *s, bool *done, struct err *err)
{
	int v, after, r;

	r = store_i_exec(s, "BEGIN IMMEDIATE", err, "cannot lock");
	if (r < 0)
		return r;
	r = read_version(s, &v, err);
	if (r < 0)
		goto out;
	if (v > STORE_SCHEMA_VERSION) {
		r = newer_error(s, v, err);
		goto out;
	}
	if (v < 0) {
		r = err_set(err, -EBADMSG, "cannot open '%s': invalid schema version %d", s->path, v);
		goto out;
	}
	if (v == STORE_SCHEMA_VERSION) {
		store_i_rollback(s);	/* nothing was written */
		s->version = v;
		*done = true;
		return 0;
	}
	r = store_i_exec(s, migrations[v], err, "cannot migrate");
	if (r < 0) {
		err_prefix(err, "schema version %d", v + 1);
		goto out;
	}
	r = read_version(s, &after, err);
	if (r < 0)
		goto out;
	if (after != v + 1) {
		r = err_set(err, -EPROTO, "migration to schema %d of '%s' set version %d", v + 1, s->path,
			    after);
		goto out;
	}
	r = store_i_exec(s, "COMMIT", err, "cannot migrate");
out:
	if (r < 0)
		store_i_rollback(s);
	return r;
}

static int migrate(struct store *s, struct err *err)
{
	bool done = false;
	int r, v;

	/* A current schema needs no write lock: do not wait on a writer (a feed import) for nothing. */
	r = read_version(s, &v, err);
	if (r < 0)
		return r;
	if (v == STORE_SCHEMA_VERSION) {
		s->version = v;
		return 0;
	}
	while (!done) {
		r = migrate_step(s, &done, err);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * fd is one of our files: regular, ours, readable and writable by us (a
 * file the user made read-only, e.g. mode 0400, is refused: never written,
 * never chmodded), and mode 0600 (bits for others or exec bits are removed,
 * never a bit added).
 */
static int secure_fd(int fd, const char *path, struct stat *st, struct err *err)
{
	if (fstat(fd, st) < 0)
		return err_set(err, -errno, "cannot stat '%s': %s", path, strerror(errno));
	if (S_ISDIR(st->st_mode))
		return err_set(err, -EISDIR, "'%s' is a directory, not a database file", path);
	if (!S_ISREG(st->st_mode))
		return err_set(err, -EINVAL, "refusing '%s': not a regular file", path);
	if (st->st_uid != geteuid())
		return err_set(err, -EPERM, "refusing '%s': owned by uid %u, not %u", path,
			       (unsigned)st->st_uid, (unsigned)geteuid());
	if ((st->st_mode & (S_IRUSR | S_IWUSR)) != (S_IRUSR | S_IWUSR))
		return err_set(err, -EROFS, "refusing to write '%s': it is read-only (mode %04o); make it writable "
			       "(chmod 600) or give another --db", path, (unsigned)(st->st_mode & 07777));
	if ((st->st_mode & 07777) != 0600) {
		if (fchmod(fd, 0600) < 0)
			return err_set(err, -errno, "cannot set mode of '%s': %s", path, strerror(errno));
		st->st_mode = (st->st_mode & ~(mode_t)07777) | 0600;
	}
	return 0;
}

static int open_error(const char *path, int e, struct err *err)
{
	if (e == ELOOP)
		return err_set(err, -ELOOP, "refusing '%s': it is a symbolic link", path);
	return err_set(err, -e, "cannot open '%s': %s", path, strerror(e));
}

/* Opens (creating 0600) the database file itself; returns the fd. */
static int open_db_file(const char *path, struct stat *st, struct err *err)
{
	int fd, r;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST) {
		/* O_RDONLY first: what the file is decides the message (a directory, mode 0400), not open's errno. */
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		if (fd >= 0) {
			r = secure_fd(fd, path, st, err);
			close(fd);
			if (r < 0)
				return r;
		}
		fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	}
	if (fd < 0 && errno == ENOENT)
		return err_set(err, -ENOENT, "cannot create '%s': its directory does not exist (kyuka creates "
			       "only the directory of its default database)", path);
	if (fd < 0)
		return open_error(path, errno, err);
	r = secure_fd(fd, path, st, err);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/*
 * Checks the -journal, -wal and -shm files. Before SQLite opens the database
 * (fix = true) loose modes are tightened; afterwards they are only verified.
 */
static int check_sidecars(const char *path, bool fix, struct err *err)
{
	size_t i;
	int r = 0;

	for (i = 0; i < ARRAY_SIZE(sidecar_suffixes) && r == 0; i++) {
		char *p = xasprintf("%s%s", path, sidecar_suffixes[i]);
		struct stat st;

		if (fix) {
			int fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);

			if (fd < 0) {
				if (errno != ENOENT)
					r = open_error(p, errno, err);
			} else {
				r = secure_fd(fd, p, &st, err);
				close(fd);
			}
		} else if (lstat(p, &st) == 0) {
			if (!S_ISREG(st.st_mode))
				r = err_set(err, -EINVAL, "refusing '%s': not a regular file", p);
			else if (st.st_uid != geteuid() || (st.st_mode & 07777) != 0600)
				r = err_set(err, -EPERM, "'%s' has owner %u and mode %04o, not %u and 0600",
					    p, (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777),
					    (unsigned)geteuid());
		}
		free(p);
	}
	return r;
}

/* Only the default database's directory is created (0700): a --db elsewhere must name an existing directory. */
static int make_parent(const char *path, struct err *err)
{
	const char *slash = strrchr(path, '/');
	char *dir, *def = store_default_path();
	bool is_default = def && !strcmp(def, path);
	int r;

	free(def);
	if (!is_default || !slash || slash == path)
		return 0;
	dir = xstrndup(path, (size_t)(slash - path));
	r = mkdir_p(dir, err);
	free(dir);
	return r;
}

/* A file: URI for path (RFC 3986 escaping of what SQLite's URI parser would take as syntax). */
static char *file_uri(const char *path, const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, n = strlen(path);
	size_t size = st_add(st_mult(n, 3), 16 + strlen(query));
	char *u = xmalloc(size), *p = u;

	p += snprintf(p, size, "file:%s", path[0] == '/' ? "//" : "");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];

		if (c <= 0x20 || c >= 0x7f || c == '%' || c == '?' || c == '#') {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		} else {
			*p++ = (char)c;
		}
	}
	snprintf(p, size - (size_t)(p - u), "?%s", query);
	return u;
}

/* Whether the -wal file is missing or empty: no writer has the database open, nothing uncommitted to read. */
static bool no_wal_data(const char *path)
{
	char *wal = xasprintf("%s-wal", path);
	struct stat st;
	bool ok = lstat(wal, &st) < 0 ? errno == ENOENT : S_ISREG(st.st_mode) && st.st_size == 0;

	free(wal);
	return ok;
}

/* Whether the database and its directory are writable: SQLite could create -wal and -shm. */
static bool db_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	bool r = access(path, W_OK) == 0 && access(dir, W_OK) == 0;

	free(dir);
	return r;
}

/* Whether path lies on a file system mounted read-only. */
static bool on_readonly_fs(const char *path)
{
	struct statvfs vfs;

	return statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY);
}

static int open_readonly_uri(const char *path, bool immutable, sqlite3 **out, struct err *err)
{
	char *uri = file_uri(path, immutable ? "immutable=1" : "mode=ro");
	sqlite3 *db = NULL;
	int rc, r;

	rc = sqlite3_open_v2(uri, &db,
			     SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE |
				     SQLITE_OPEN_NOMUTEX,
			     NULL);
	free(uri);
	if (rc == SQLITE_OK) {
		sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
		sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
		sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
		sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);
		/* SQLite opens lazily: a first read tells whether the -shm it needs could be had */
		rc = sqlite3_exec(db, "PRAGMA user_version", NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		r = err_set(err, store_i_errno(db, rc), "cannot open '%s': %s", path,
			    db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close_v2(db);
		/* the file exists: -ENOENT would read as "no database" (SQLite's missing -wal or -shm) */
		if (r == -ENOENT) {
			r = -EIO;
			if (err)
				err->code = r;
		}
		return r;
	}
	*out = db;
	return 0;
}

/*
 * Strictly read-only: SQLITE_OPEN_READONLY through a "mode=ro" URI. In WAL
 * mode even a read-only connection creates -wal and -shm files when they
 * are missing (and fails when it cannot). When no -wal file holds data (no
 * writer has the database open, nothing uncommitted to read) and the file
 * or its directory is not writable (a read-only file system, mode 0400, an
 * immutable file; SQLite would give the files it made the mode of a 0400
 * database, and later writes would refuse them), "immutable=1" reads the
 * file alone, with no locks and no file made: nobody can be writing to it.
 * A "mode=ro" open that fails on a read-only file system is retried so.
 */
int store_open_readonly(const char *path, struct store **out, struct err *err)
{
	struct store *s = NULL;
	struct stat st;
	sqlite3 *db = NULL;
	bool immutable;
	int r, v;

	if (!path || !*path)
		return err_set(err, -EINVAL, "no database path");
	/* err is set for -ENOENT too; callers that expect no database ignore it */
	if (lstat(path, &st) < 0)
		return err_set(err, -errno, "cannot open '%s': %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return err_set(err, -EISDIR, "'%s' is a directory, not a database file", path);
	if (!S_ISREG(st.st_mode))
		return err_set(err, -EINVAL, "refusing '%s': not a regular file", path);
	if (st.st_uid != geteuid())
		return err_set(err, -EPERM, "refusing '%s': owned by uid %u, not %u", path, (unsigned)st.st_uid,
			       (unsigned)geteuid());
	immutable = no_wal_data(path) && (!(st.st_mode & S_IWUSR) || !db_writable(path));
	r = open_readonly_uri(path, immutable, &db, err);
	if (r < 0 && !immutable && on_readonly_fs(path) && no_wal_data(path))
		r = open_readonly_uri(path, true, &db, err);
	if (r < 0)
		return r;
	s = xcalloc(1, sizeof(*s));
	s->db = db;
	s->path = xstrdup(path);
	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	r = read_version(s, &v, err);
	if (r == 0 && v > STORE_SCHEMA_VERSION)
		r = newer_error(s, v, err);
	if (r == 0 && v < 0)
		r = err_set(err, -EBADMSG, "cannot open '%s': invalid schema version %d", path, v);
	if (r < 0) {
		store_close(s);
		return r;
	}
	s->version = v;
	*out = s;
	return 0;
}

/*
 * Readers (audit, vulns, plan, feeds status) never create a database and
 * open it read-only. A database of an older schema is kyuka's own file, not
 * the audited system: it is migrated (through store_open) when it is
 * writable, so that what the reader asks for exists; a read-only one is
 * refused.
 */
int store_open_existing(const char *path, struct store **out, struct err *err)
{
	struct store *s = NULL;
	int r;

	r = store_open_readonly(path, &s, err);
	if (r < 0)
		return r;
	if (s->version == STORE_SCHEMA_VERSION) {
		*out = s;
		return 0;
	}
	store_close(s);
	if (!db_writable(path))
		return err_set(err, -EROFS, "cannot open '%s': its schema is older than this kyuka's (%d) and it is "
			       "read-only, so it cannot be migrated", path, STORE_SCHEMA_VERSION);
	return store_open(path, out, err);
}

int store_open(const char *path, struct store **out, struct err *err)
{
	struct store *s = NULL;
	struct stat st, st2;
	sqlite3 *db = NULL;
	int fd = -1, rc, r, v;

	if (!path || !*path)
		return err_set(err, -EINVAL, "no database path");
	r = make_parent(path, err);
	if (r < 0)
		return r;
	r = check_sidecars(path, true, err);
	if (r < 0)
		return r;
	fd = open_db_file(path, &st, err);
	if (fd < 0)
		return fd;

	rc = sqlite3_open_v2(path, &db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE |
				     SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		r = err_set(err, store_i_errno(db, rc), "cannot open '%s': %s", path,
			    db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		goto fail;
	}
	/* SQLite opened the file we checked, not one swapped in since. */
	if (stat(path, &st2) < 0 || st2.st_dev != st.st_dev || st2.st_ino != st.st_ino) {
		r = err_set(err, -EAGAIN, "cannot open '%s': it was replaced while opening", path);
		goto fail;
	}
	/* SQLite holds no lock yet, so closing our descriptor cannot drop one. */
	close(fd);
	fd = -1;

	s = xcalloc(1, sizeof(*s));
	s->db = db;
	s->path = xstrdup(path);
	db = NULL;
	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);

	/* Before anything that could write (journal_mode writes the header). */
	r = read_version(s, &v, err);
	if (r < 0)
		goto fail;
	if (v > STORE_SCHEMA_VERSION) {
		r = newer_error(s, v, err);
		goto fail;
	}
	r = store_i_exec(s,
		       "PRAGMA foreign_keys = ON;"
		       "PRAGMA secure_delete = ON;"
		       "PRAGMA journal_mode = WAL;"
		       "PRAGMA synchronous = FULL;",
		       err, "cannot configure");
	if (r < 0)
		goto fail;
	r = migrate(s, err);
	if (r < 0)
		goto fail;
	r = check_sidecars(path, false, err);
	if (r < 0)
		goto fail;
	*out = s;
	return 0;

fail:
	if (fd >= 0)
		close(fd);
	if (db)
		sqlite3_close_v2(db);
	store_close(s);
	return r;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	store_feeds_release(s);
	sqlite3_finalize(s->bl_add);
	sqlite3_finalize(s->bl_lookup);
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

int store_schema_version(struct store *s)
{
	return s->version;
}

static bool valid_phase(unsigned phase)
{
	return phase == PHASE_BEFORE || phase == PHASE_AFTER || phase == PHASE_DURING;
}

/* The holiday dates must be terminated inside their arrays; their shape is the caller's business. */
static bool terminated(const char *buf, size_t size)
{
	return memchr(buf, '\0', size) != NULL;
}

static int validate(const struct report *rep, size_t counts[ST__COUNT], struct err *err)
{
	size_t i;

	if (!valid_phase(rep->phase))
		return err_set(err, -EINVAL, "cannot record run: invalid phase %u", rep->phase);
	if ((unsigned)rep->fail_on >= SEV__COUNT)
		return err_set(err, -EINVAL, "cannot record run: invalid fail-on severity %d",
			       (int)rep->fail_on);
	if (rep->has_holiday && (!terminated(rep->holiday_start, sizeof(rep->holiday_start)) ||
				 !terminated(rep->holiday_end, sizeof(rep->holiday_end))))
		return err_set(err, -EINVAL, "cannot record run: holiday dates are not terminated");
	if (rep->n_findings && !rep->findings)
		return err_set(err, -EINVAL, "cannot record run: no findings array");
	memset(counts, 0, sizeof(size_t) * ST__COUNT);
	for (i = 0; i < rep->n_findings; i++) {
		const struct finding *f = &rep->findings[i];

		if ((unsigned)f->status >= ST__COUNT)
			return err_set(err, -EINVAL, "cannot record run: finding %zu has invalid status %d",
				       i, (int)f->status);
		if ((unsigned)f->severity >= SEV__COUNT)
			return err_set(err, -EINVAL,
				       "cannot record run: finding %zu has invalid severity %d", i,
				       (int)f->severity);
		counts[f->status]++;
	}
	return 0;
}

/*
 * A grouped finding's subjects, joined with ", " into the subject column (the
 * schema is unchanged, so older versions read it as one subject); NULL for
 * a finding about one subject or none.
 */
static char *subjects_joined(const struct finding *f)
{
	struct strbuf sb = STRBUF_INIT;

	if (!f->n_subjects || (f->subject && *f->subject))
		return NULL;
	for (size_t k = 0; k < f->n_subjects; k++) {
		if (k)
			strbuf_adds(&sb, ", ");
		strbuf_adds(&sb, f->subjects[k].name ? f->subjects[k].name : "");
	}
	return strbuf_detach(&sb, NULL);
}

static char *os_string(const struct host_facts *h)
{
	if (h->os_pretty)
		return xstrdup(h->os_pretty);
	if (h->os_id && h->os_version)
		return xasprintf("%s %s", h->os_id, h->os_version);
	if (h->os_id)
		return xstrdup(h->os_id);
	return NULL;
}

int store_record_run(struct store *s, const struct report *rep, int64_t *run_id, struct err *err)
{
	static const char run_sql[] =
		"INSERT INTO runs (started_at, phase, root, hostname, os, tool_version,"
		" holiday_start, holiday_end, fail_on,"
		" n_pass, n_warn, n_fail, n_skip, n_error, n_manual)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
	static const char finding_sql[] =
		"INSERT INTO findings (run_id, seq, check_id, items, status, severity,"
		" subject, evidence, remedy)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	size_t counts[ST__COUNT];
	sqlite3_stmt *st = NULL;
	char *os = NULL;
	int64_t id = 0;
	size_t i;
	int r, rc, k;

	r = validate(rep, counts, err);
	if (r < 0)
		return r;
	os = os_string(&rep->host);

	r = store_i_exec(s, "BEGIN IMMEDIATE", err, "cannot lock");
	if (r < 0)
		goto out;

	r = store_i_prepare(s, run_sql, &st, err);
	if (r < 0)
		goto out;
	rc = sqlite3_bind_int64(st, 1, (sqlite3_int64)rep->generated_at);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 2, phase_name(rep->phase));
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 3, rep->root);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 4, rep->host.hostname);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 5, os);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 6, rep->tool_version);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 7, rep->has_holiday ? rep->holiday_start : NULL);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 8, rep->has_holiday ? rep->holiday_end : NULL);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 9, severity_name(rep->fail_on));
	for (k = 0; k < ST__COUNT && rc == SQLITE_OK; k++)
		rc = sqlite3_bind_int64(st, 10 + k, (sqlite3_int64)counts[k]);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		r = store_i_error(s, rc, err, "cannot record run in");
		goto out;
	}
	id = sqlite3_last_insert_rowid(s->db);
	sqlite3_finalize(st);
	st = NULL;

	r = store_i_prepare(s, finding_sql, &st, err);
	if (r < 0)
		goto out;
	for (i = 0; i < rep->n_findings; i++) {
		const struct finding *f = &rep->findings[i];
		char *joined = subjects_joined(f);

		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		rc = sqlite3_bind_int64(st, 1, id);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		if (rc == SQLITE_OK)
			rc = store_i_bind_text(st, 3, f->check_id);
		if (rc == SQLITE_OK)
			rc = store_i_bind_text(st, 4, f->items);
		if (rc == SQLITE_OK)
			rc = store_i_bind_text(st, 5, status_name(f->status));
		if (rc == SQLITE_OK)
			rc = store_i_bind_text(st, 6, severity_name(f->severity));
		if (rc == SQLITE_OK)
			rc = store_i_bind_text(st, 7, joined ? joined : f->subject);
		if (rc == SQLITE_OK)
			rc = store_i_bind_text(st, 8, f->evidence);
		if (rc == SQLITE_OK)
			rc = store_i_bind_text(st, 9, f->remedy);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		sqlite3_clear_bindings(st);	/* joined is freed before the next row binds */
		free(joined);
		if (rc != SQLITE_DONE) {
			r = store_i_error(s, rc, err, "cannot record run in");
			err_prefix(err, "finding %zu (%s)", i, f->check_id ? f->check_id : "no check ID");
			goto out;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	r = store_i_exec(s, "COMMIT", err, "cannot record run in");
out:
	sqlite3_finalize(st);
	if (r < 0)
		store_i_rollback(s);
	else
		*run_id = id;
	free(os);
	return r;
}

#define RUN_COLUMNS                                                         \
	"SELECT id, started_at, phase, root, hostname,"                     \
	" n_pass, n_warn, n_fail, n_skip, n_error, n_manual,"               \
	" holiday_start, holiday_end, fail_on FROM runs"

/* One row of RUN_COLUMNS into rs. */
static void run_row(sqlite3_stmt *st, struct run_summary *rs)
{
	int k;

	memset(rs, 0, sizeof(*rs));
	rs->id = sqlite3_column_int64(st, 0);
	rs->at = (time_t)sqlite3_column_int64(st, 1);
	store_i_col_copy(rs->phase, sizeof(rs->phase), st, 2);
	store_i_col_copy(rs->root, sizeof(rs->root), st, 3);
	store_i_col_copy(rs->hostname, sizeof(rs->hostname), st, 4);
	for (k = 0; k < ST__COUNT; k++) {
		sqlite3_int64 c = sqlite3_column_int64(st, 5 + k);

		rs->counts[k] = c > 0 ? (size_t)c : 0;
	}
	store_i_col_copy(rs->holiday_start, sizeof(rs->holiday_start), st, 11);
	store_i_col_copy(rs->holiday_end, sizeof(rs->holiday_end), st, 12);
	store_i_col_copy(rs->fail_on, sizeof(rs->fail_on), st, 13);
}

int store_list_runs(struct store *s, size_t max, struct run_summary **runs, size_t *n,
		    struct err *err)
{
	static const char sql[] = RUN_COLUMNS " ORDER BY id DESC LIMIT ?1";
	struct run_summary *v = NULL;
	size_t nv = 0, alloc = 0;
	sqlite3_stmt *st = NULL;
	int r, rc;

	r = store_i_prepare(s, sql, &st, err);
	if (r < 0)
		return r;
	rc = sqlite3_bind_int64(st, 1, max > (size_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)max);
	if (rc != SQLITE_OK) {
		r = store_i_error(s, rc, err, "cannot list runs in");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(v, st_add(nv, 1), alloc);
		run_row(st, &v[nv++]);
	}
	if (rc != SQLITE_DONE) {
		r = store_i_error(s, rc, err, "cannot list runs in");
		goto out;
	}
	*runs = v;
	*n = nv;
	v = NULL;
	r = 0;
out:
	sqlite3_finalize(st);
	free(v);
	return r;
}

int store_get_run(struct store *s, int64_t id, struct run_summary *out, struct err *err)
{
	static const char sql[] = RUN_COLUMNS " WHERE id = ?1";
	sqlite3_stmt *st = NULL;
	int r, rc;

	r = store_i_prepare(s, sql, &st, err);
	if (r < 0)
		return r;
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		run_row(st, out);
		r = 0;
	} else if (rc == SQLITE_DONE) {
		r = err_set(err, -ENOENT, "no run %lld in '%s'", (long long)id, s->path);
	} else {
		r = store_i_error(s, rc, err, "cannot read runs in");
	}
	sqlite3_finalize(st);
	return r;
}

static int name_index(const char *(*name)(int), int count, const char *text)
{
	int i;

	for (i = 0; text && i < count; i++)
		if (strcmp(text, name(i)) == 0)
			return i;
	return -1;
}

static const char *status_name_i(int i)
{
	return status_name((enum status)i);
}

static const char *severity_name_i(int i)
{
	return severity_name((enum severity)i);
}

int store_load_findings(struct store *s, int64_t run_id, struct stored_finding **out, size_t *n,
			struct err *err)
{
	/* One statement: the run's existence and its findings come from the same snapshot. */
	static const char sql[] =
		"SELECT f.seq, f.check_id, f.items, f.status, f.severity, f.subject, f.evidence, f.remedy"
		" FROM runs r LEFT JOIN findings f ON f.run_id = r.id"
		" WHERE r.id = ?1 ORDER BY f.seq";
	struct stored_finding *v = NULL;
	size_t nv = 0, alloc = 0;
	sqlite3_stmt *st = NULL;
	bool found = false;
	int r, rc;

	r = store_i_prepare(s, sql, &st, err);
	if (r < 0)
		return r;
	rc = sqlite3_bind_int64(st, 1, run_id);
	if (rc != SQLITE_OK) {
		r = store_i_error(s, rc, err, "cannot load findings from");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct stored_finding *f;
		int stv, sev;

		found = true;
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			continue;	/* the run has no findings */
		if (nv >= STORE_MAX_FINDINGS) {
			r = err_set(err, -EFBIG, "run %lld in '%s' has more than %zu findings",
				    (long long)run_id, s->path, STORE_MAX_FINDINGS);
			goto out;
		}
		stv = name_index(status_name_i, ST__COUNT, (const char *)sqlite3_column_text(st, 3));
		sev = name_index(severity_name_i, SEV__COUNT, (const char *)sqlite3_column_text(st, 4));
		if (stv < 0 || sev < 0 || sqlite3_column_type(st, 1) == SQLITE_NULL) {
			r = err_set(err, -EBADMSG, "run %lld in '%s' has a malformed finding",
				    (long long)run_id, s->path);
			goto out;
		}
		ALLOC_GROW(v, st_add(nv, 1), alloc);
		f = &v[nv++];
		f->check_id = store_i_col_dup(st, 1);
		f->items = store_i_col_dup(st, 2);
		f->status = (enum status)stv;
		f->severity = (enum severity)sev;
		f->subject = store_i_col_dup(st, 5);
		f->evidence = store_i_col_dup(st, 6);
		f->remedy = store_i_col_dup(st, 7);
	}
	if (rc != SQLITE_DONE) {
		r = store_i_error(s, rc, err, "cannot load findings from");
		goto out;
	}
	if (!found) {
		r = err_set(err, -ENOENT, "no run %lld in '%s'", (long long)run_id, s->path);
		goto out;
	}
	*out = v;
	*n = nv;
	v = NULL;
	nv = 0;
	r = 0;
out:
	sqlite3_finalize(st);
	stored_findings_free(v, nv);
	return r;
}

void stored_findings_free(struct stored_finding *v, size_t n)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < n; i++) {
		free(v[i].check_id);
		free(v[i].items);
		free(v[i].subject);
		free(v[i].evidence);
		free(v[i].remedy);
	}
	free(v);
}

/* A tampered database must not make us allocate without bound. */
#define STORE_MAX_LOG_FILES ((size_t)1 << 16)

int store_log_files_last(struct store *s, const char *root, struct log_file_state **out, size_t *n, int64_t *at,
			 struct err *err)
{
	static const char sql[] =
		"SELECT s.taken_at, f.path, f.size, f.inode, f.mtime"
		" FROM log_snapshots s LEFT JOIN log_files f ON f.snapshot_id = s.id"
		" WHERE s.id = (SELECT max(id) FROM log_snapshots WHERE root = ?1) ORDER BY f.path";
	struct log_file_state *v = NULL;
	size_t nv = 0, alloc = 0;
	sqlite3_stmt *st = NULL;
	int64_t when = 0;
	int r, rc;

	r = store_i_prepare(s, sql, &st, err);
	if (r < 0)
		return r;
	rc = store_i_bind_text(st, 1, root);
	if (rc != SQLITE_OK) {
		r = store_i_error(s, rc, err, "cannot read log state from");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		when = sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			continue;
		if (nv >= STORE_MAX_LOG_FILES) {
			r = err_set(err, -EFBIG, "'%s' records more than %zu log files", s->path, STORE_MAX_LOG_FILES);
			goto out;
		}
		ALLOC_GROW(v, st_add(nv, 1), alloc);
		v[nv].path = store_i_col_dup(st, 1);
		v[nv].size = sqlite3_column_int64(st, 2);
		v[nv].inode = sqlite3_column_int64(st, 3);
		v[nv].mtime = sqlite3_column_int64(st, 4);
		nv++;
	}
	if (rc != SQLITE_DONE) {
		r = store_i_error(s, rc, err, "cannot read log state from");
		goto out;
	}
	*out = v;
	*n = nv;
	*at = when;
	v = NULL;
	nv = 0;
	r = 0;
out:
	sqlite3_finalize(st);
	log_file_states_free(v, nv);
	return r;
}

int store_log_files_save(struct store *s, const char *root, int64_t at, const struct log_file_state *v, size_t n,
			 struct err *err)
{
	static const char snap_sql[] = "INSERT INTO log_snapshots (taken_at, root) VALUES (?1, ?2)";
	static const char file_sql[] =
		"INSERT OR REPLACE INTO log_files (snapshot_id, path, size, inode, mtime) VALUES (?1, ?2, ?3, ?4, ?5)";
	sqlite3_stmt *st = NULL;
	int64_t id;
	size_t i;
	int r, rc;

	r = store_i_exec(s, "BEGIN IMMEDIATE", err, "cannot lock");
	if (r < 0)
		return r;
	r = store_i_prepare(s, snap_sql, &st, err);
	if (r < 0)
		goto out;
	rc = sqlite3_bind_int64(st, 1, at);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 2, root);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		r = store_i_error(s, rc, err, "cannot record log state in");
		goto out;
	}
	id = sqlite3_last_insert_rowid(s->db);
	sqlite3_finalize(st);
	st = NULL;
	r = store_i_prepare(s, file_sql, &st, err);
	if (r < 0)
		goto out;
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		rc = sqlite3_bind_int64(st, 1, id);
		if (rc == SQLITE_OK)
			rc = store_i_bind_text(st, 2, v[i].path);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(st, 3, v[i].size);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(st, 4, v[i].inode);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(st, 5, v[i].mtime);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if (rc != SQLITE_DONE) {
			r = store_i_error(s, rc, err, "cannot record log state in");
			goto out;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	r = store_i_exec(s, "COMMIT", err, "cannot record log state in");
out:
	sqlite3_finalize(st);
	if (r < 0)
		store_i_rollback(s);
	return r;
}

void log_file_states_free(struct log_file_state *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i].path);
	free(v);
}

static sqlite3_int64 clamp_u64(uint64_t v)
{
	return v > (uint64_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)v;
}

int store_record_drill(struct store *s, const struct drill_record *d, int64_t *id, struct err *err)
{
	static const char sql[] =
		"INSERT INTO backup_drills (job, kind, started_at, finished_at, snapshot_id, snapshot_time, ok,"
		" integrity_ok, integrity, error, files_sampled, files_same, files_changed, files_different, files_bad,"
		" bytes_restored, restore_ms, throughput, total_bytes, est_full_restore_s)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";
	sqlite3_stmt *st = NULL;
	int r, rc;

	if (!memchr(d->job, '\0', sizeof(d->job)) || !memchr(d->kind, '\0', sizeof(d->kind)) ||
	    !memchr(d->snapshot_id, '\0', sizeof(d->snapshot_id)) || !memchr(d->integrity, '\0', sizeof(d->integrity)) ||
	    !memchr(d->error, '\0', sizeof(d->error)))
		return err_set(err, -EINVAL, "cannot record drill: unterminated text");
	r = store_i_exec(s, "BEGIN IMMEDIATE", err, "cannot lock");
	if (r < 0)
		return r;
	r = store_i_prepare(s, sql, &st, err);
	if (r < 0)
		goto out;
	rc = store_i_bind_text(st, 1, d->job);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 2, d->kind);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, (sqlite3_int64)d->started_at);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, (sqlite3_int64)d->finished_at);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 5, d->snapshot_id[0] ? d->snapshot_id : NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 6, (sqlite3_int64)d->snapshot_time);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 7, d->ok ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 8, d->integrity_ok ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 9, d->integrity[0] ? d->integrity : NULL);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 10, d->error[0] ? d->error : NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 11, clamp_u64(d->files_sampled));
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 12, clamp_u64(d->files_same));
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 13, clamp_u64(d->files_changed));
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 14, clamp_u64(d->files_different));
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 15, clamp_u64(d->files_bad));
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 16, clamp_u64(d->bytes_restored));
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 17, clamp_u64(d->restore_ms));
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_double(st, 18, d->throughput);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 19, clamp_u64(d->total_bytes));
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 20, clamp_u64(d->est_full_restore_s));
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		r = store_i_error(s, rc, err, "cannot record drill in");
		goto out;
	}
	*id = sqlite3_last_insert_rowid(s->db);
	sqlite3_finalize(st);
	st = NULL;
	r = store_i_exec(s, "COMMIT", err, "cannot record drill in");
out:
	sqlite3_finalize(st);
	if (r < 0)
		store_i_rollback(s);
	return r;
}

static uint64_t col_u64(sqlite3_stmt *st, int col)
{
	sqlite3_int64 v = sqlite3_column_int64(st, col);

	return v > 0 ? (uint64_t)v : 0;
}

int store_last_drill(struct store *s, const char *job, bool ok_only, struct drill_record *out, struct err *err)
{
	static const char sql[] =
		"SELECT id, job, kind, started_at, finished_at, snapshot_id, snapshot_time, ok, integrity_ok, integrity,"
		" error, files_sampled, files_same, files_changed, files_different, files_bad, bytes_restored,"
		" restore_ms, throughput, total_bytes, est_full_restore_s"
		" FROM backup_drills WHERE job = ?1 AND (?2 = 0 OR ok = 1) ORDER BY started_at DESC, id DESC LIMIT 1";
	sqlite3_stmt *st = NULL;
	int r, rc;

	r = store_i_prepare(s, sql, &st, err);
	if (r < 0)
		return r;
	rc = store_i_bind_text(st, 1, job);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 2, ok_only ? 1 : 0);
	if (rc != SQLITE_OK) {
		r = store_i_error(s, rc, err, "cannot read drills from");
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = -ENOENT;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = store_i_error(s, rc, err, "cannot read drills from");
		goto out;
	}
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(st, 0);
	store_i_col_copy(out->job, sizeof(out->job), st, 1);
	store_i_col_copy(out->kind, sizeof(out->kind), st, 2);
	out->started_at = (time_t)sqlite3_column_int64(st, 3);
	out->finished_at = (time_t)sqlite3_column_int64(st, 4);
	store_i_col_copy(out->snapshot_id, sizeof(out->snapshot_id), st, 5);
	out->snapshot_time = (time_t)sqlite3_column_int64(st, 6);
	out->ok = sqlite3_column_int(st, 7) != 0;
	out->integrity_ok = sqlite3_column_int(st, 8) != 0;
	store_i_col_copy(out->integrity, sizeof(out->integrity), st, 9);
	store_i_col_copy(out->error, sizeof(out->error), st, 10);
	out->files_sampled = col_u64(st, 11);
	out->files_same = col_u64(st, 12);
	out->files_changed = col_u64(st, 13);
	out->files_different = col_u64(st, 14);
	out->files_bad = col_u64(st, 15);
	out->bytes_restored = col_u64(st, 16);
	out->restore_ms = col_u64(st, 17);
	out->throughput = sqlite3_column_double(st, 18);
	out->total_bytes = col_u64(st, 19);
	out->est_full_restore_s = col_u64(st, 20);
	r = 0;
out:
	sqlite3_finalize(st);
	return r;
}

char *store_default_path(void)
{
	const char *dir;
	struct passwd *pw;

	if (geteuid() == 0)
		return xstrdup("/var/lib/kyuka/kyuka.db");
	/* The XDG spec: a relative XDG_DATA_HOME is invalid and ignored. */
	dir = secure_getenv("XDG_DATA_HOME");
	if (dir && dir[0] == '/')
		return xasprintf("%s/kyuka/kyuka.db", dir);
	dir = secure_getenv("HOME");
	if (dir && dir[0] == '/')
		return xasprintf("%s/.local/share/kyuka/kyuka.db", dir);
	pw = getpwuid(geteuid());
	if (pw && pw->pw_dir && pw->pw_dir[0] == '/')
		return xasprintf("%s/.local/share/kyuka/kyuka.db", pw->pw_dir);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Manual confirmations and alert tests */

int store_add_confirmation(struct store *s, const struct confirmation *c, int64_t *id, struct err *err)
{
	static const char sql[] =
		"INSERT INTO confirmations (item, confirmed_by, note, confirmed_at, holiday_start, holiday_end)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt *st = NULL;
	int r, rc;

	if (!c->item[0] || !memchr(c->item, '\0', sizeof(c->item)) || !c->by || !c->note)
		return err_set(err, -EINVAL, "cannot record a confirmation without item, name and note");
	r = store_i_exec(s, "BEGIN IMMEDIATE", err, "cannot lock");
	if (r < 0)
		return r;
	r = store_i_prepare(s, sql, &st, err);
	if (r < 0)
		goto out;
	rc = store_i_bind_text(st, 1, c->item);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 2, c->by);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 3, c->note);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, (sqlite3_int64)c->at);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 5, c->holiday_start[0] ? c->holiday_start : NULL);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 6, c->holiday_end[0] ? c->holiday_end : NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		r = store_i_error(s, rc, err, "cannot record the confirmation in");
		goto out;
	}
	if (id)
		*id = sqlite3_last_insert_rowid(s->db);
	r = store_i_exec(s, "COMMIT", err, "cannot record the confirmation in");
out:
	sqlite3_finalize(st);
	if (r < 0)
		store_i_rollback(s);
	return r;
}

int store_latest_confirmation(struct store *s, const char *item, struct confirmation *out, struct err *err)
{
	static const char sql[] =
		"SELECT id, item, confirmed_by, note, confirmed_at, holiday_start, holiday_end FROM confirmations"
		" WHERE item = ?1 ORDER BY confirmed_at DESC, id DESC LIMIT 1";
	sqlite3_stmt *st = NULL;
	int r, rc;

	r = store_i_prepare(s, sql, &st, err);
	if (r < 0)
		return r;
	rc = store_i_bind_text(st, 1, item);
	if (rc != SQLITE_OK) {
		r = store_i_error(s, rc, err, "cannot read confirmations from");
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = -ENOENT;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = store_i_error(s, rc, err, "cannot read confirmations from");
		goto out;
	}
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(st, 0);
	store_i_col_copy(out->item, sizeof(out->item), st, 1);
	out->by = store_i_col_dup(st, 2);
	out->note = store_i_col_dup(st, 3);
	out->at = (time_t)sqlite3_column_int64(st, 4);
	store_i_col_copy(out->holiday_start, sizeof(out->holiday_start), st, 5);
	store_i_col_copy(out->holiday_end, sizeof(out->holiday_end), st, 6);
	r = 0;
out:
	sqlite3_finalize(st);
	return r;
}

void confirmation_release(struct confirmation *c)
{
	free(c->by);
	free(c->note);
	c->by = c->note = NULL;
}

int store_add_alert_test(struct store *s, const struct alert_test *a, int64_t *id, struct err *err)
{
	static const char sql[] =
		"INSERT INTO alert_tests (tested_at, channel, target, ok, detail) VALUES (?1, ?2, ?3, ?4, ?5)";
	sqlite3_stmt *st = NULL;
	int r, rc;

	if (!a->channel || !a->target)
		return err_set(err, -EINVAL, "cannot record an alert test without channel and target");
	r = store_i_exec(s, "BEGIN IMMEDIATE", err, "cannot lock");
	if (r < 0)
		return r;
	r = store_i_prepare(s, sql, &st, err);
	if (r < 0)
		goto out;
	rc = sqlite3_bind_int64(st, 1, (sqlite3_int64)a->at);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 2, a->channel);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 3, a->target);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 4, a->ok ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 5, a->detail);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		r = store_i_error(s, rc, err, "cannot record the alert test in");
		goto out;
	}
	if (id)
		*id = sqlite3_last_insert_rowid(s->db);
	r = store_i_exec(s, "COMMIT", err, "cannot record the alert test in");
out:
	sqlite3_finalize(st);
	if (r < 0)
		store_i_rollback(s);
	return r;
}

int store_latest_alert_test(struct store *s, const char *channel, const char *target, struct alert_test *out,
			    struct err *err)
{
	static const char sql[] =
		"SELECT tested_at, channel, target, ok, detail FROM alert_tests"
		" WHERE channel = ?1 AND target = ?2 ORDER BY tested_at DESC, id DESC LIMIT 1";
	sqlite3_stmt *st = NULL;
	int r, rc;

	r = store_i_prepare(s, sql, &st, err);
	if (r < 0)
		return r;
	rc = store_i_bind_text(st, 1, channel);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 2, target);
	if (rc != SQLITE_OK) {
		r = store_i_error(s, rc, err, "cannot read alert tests from");
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = -ENOENT;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = store_i_error(s, rc, err, "cannot read alert tests from");
		goto out;
	}
	memset(out, 0, sizeof(*out));
	out->at = (time_t)sqlite3_column_int64(st, 0);
	out->channel = store_i_col_dup(st, 1);
	out->target = store_i_col_dup(st, 2);
	out->ok = sqlite3_column_int(st, 3) == 1;
	out->detail = store_i_col_dup(st, 4);
	r = 0;
out:
	sqlite3_finalize(st);
	return r;
}

void alert_test_release(struct alert_test *a)
{
	free(a->channel);
	free(a->target);
	free(a->detail);
	a->channel = a->target = a->detail = NULL;
}
