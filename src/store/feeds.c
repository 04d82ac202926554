/*
 * Vulnerability feeds: advisories (DSA, DLA, OSV) with their CVEs and fix
 * lines, the KEV catalog and the tracker's per-release status. Constant SQL,
 * values bound. The statements used per row or per package are prepared
 * once per connection and kept (struct feeds_stmts), so importing tens of
 * thousands of rows or matching hundreds of packages costs no re-parsing.
 */
#include "store/feeds.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/xalloc.h"

enum {
	Q_ADV_DELETE,
	Q_ADV_INSERT,
	Q_CVE_INSERT,
	Q_FIX_INSERT,
	Q_KEV_INSERT,
	Q_TRACKER_INSERT,
	Q_FIXES_FOR,
	Q_CVES_OF,
	Q_TRACKER_FOR,
	Q_TRACKER_GET,
	Q__COUNT
};

static const char *const sqls[Q__COUNT] = {
	[Q_ADV_DELETE] = "DELETE FROM advisories WHERE feed = ?1 AND id = ?2",
	[Q_ADV_INSERT] = "INSERT INTO advisories (feed, id, published, modified, source, title)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_CVE_INSERT] = "INSERT OR IGNORE INTO advisory_cves (advisory, cve) VALUES (?1, ?2)",
	[Q_FIX_INSERT] = "INSERT INTO advisory_fixes (advisory, release, package, introduced, fixed, tag)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_KEV_INSERT] = "INSERT OR REPLACE INTO kev (cve, vendor, product, name, date_added, due_date, ransomware)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_TRACKER_INSERT] = "INSERT OR REPLACE INTO tracker (release, package, cve, status, fixed, urgency)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_FIXES_FOR] = "SELECT a.feed, a.id, a.published, a.title, a.rowid, f.introduced, f.fixed, f.tag"
			" FROM advisory_fixes f JOIN advisories a ON a.rowid = f.advisory"
			" WHERE f.release = ?1 AND f.package = ?2 ORDER BY a.feed, a.id",
	[Q_CVES_OF] = "SELECT cve FROM advisory_cves WHERE advisory = ?1 ORDER BY cve",
	[Q_TRACKER_FOR] = "SELECT release, package, cve, status, fixed, urgency FROM tracker"
			  " WHERE release = ?1 AND package = ?2 ORDER BY cve",
	[Q_TRACKER_GET] = "SELECT release, package, cve, status, fixed, urgency FROM tracker"
			  " WHERE release = ?1 AND package = ?2 AND cve = ?3",
};

struct feeds_stmts {
	sqlite3_stmt *st[Q__COUNT];
};

void store_feeds_release(struct store *s)
{
	size_t i;

	if (!s->feeds)
		return;
	for (i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(s->feeds->st[i]);
	free(s->feeds);
	s->feeds = NULL;
}

/* The kept statement q, reset and unbound. */
static int stmt(struct store *s, int q, sqlite3_stmt **out, struct err *err)
{
	int r;

	if (!s->feeds)
		s->feeds = xcalloc(1, sizeof(*s->feeds));
	if (!s->feeds->st[q]) {
		r = store_i_prepare(s, sqls[q], &s->feeds->st[q], err);
		if (r < 0)
			return r;
	}
	sqlite3_reset(s->feeds->st[q]);
	sqlite3_clear_bindings(s->feeds->st[q]);
	*out = s->feeds->st[q];
	return 0;
}

/* Binds strings to ?1..?n; returns an sqlite result code. */
static int bind_texts(sqlite3_stmt *st, const char *const *v, int n)
{
	int i, rc = SQLITE_OK;

	for (i = 0; i < n && rc == SQLITE_OK; i++)
		rc = store_i_bind_text(st, i + 1, v[i]);
	return rc;
}

/* Steps a write statement to its end. */
static int run_write(struct store *s, sqlite3_stmt *st, int rc, struct err *err, const char *what)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_i_error(s, rc, err, what);
	return 0;
}

static int simple_write(struct store *s, int q, const char *const *v, int n, struct err *err, const char *what)
{
	sqlite3_stmt *st;
	int r = stmt(s, q, &st, err);

	if (r < 0)
		return r;
	return run_write(s, st, bind_texts(st, v, n), err, what);
}

int store_feed_sha256(struct store *s, const char *feed, char out[65], struct err *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc;

	out[0] = '\0';
	r = store_i_prepare(s, "SELECT sha256 FROM feeds WHERE name = ?1", &st, err);
	if (r < 0)
		return r;
	rc = store_i_bind_text(st, 1, feed);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		if (t && sqlite3_column_bytes(st, 0) == 64)
			memcpy(out, t, 65);
		rc = SQLITE_DONE;
	}
	r = rc == SQLITE_DONE ? 0 : store_i_error(s, rc, err, "cannot read feeds from");
	sqlite3_finalize(st);
	return r;
}

int store_feed_touch(struct store *s, const char *feed, const char *source, time_t now, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc;

	r = store_i_prepare(s, "UPDATE feeds SET checked_at = ?2, source = ?3 WHERE name = ?1", &st, err);
	if (r < 0)
		return r;
	rc = store_i_bind_text(st, 1, feed);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 3, source);
	r = run_write(s, st, rc, err, "cannot update feeds in");
	sqlite3_finalize(st);
	return r;
}

int store_feed_begin(struct store *s, const char *feed, bool replace, struct err *err)
{
	static const char *const deletes[] = {
		"DELETE FROM advisories WHERE feed = ?1",	/* cascades to CVEs and fixes */
		"DELETE FROM kev WHERE ?1 = 'kev'",
		"DELETE FROM tracker WHERE ?1 = 'tracker'",
	};
	size_t i;
	int r;

	r = store_i_exec(s, "BEGIN IMMEDIATE", err, "cannot lock");
	if (r < 0)
		return r;
	for (i = 0; replace && i < sizeof(deletes) / sizeof(deletes[0]); i++) {
		sqlite3_stmt *st = NULL;

		r = store_i_prepare(s, deletes[i], &st, err);
		if (r == 0)
			r = run_write(s, st, store_i_bind_text(st, 1, feed), err, "cannot replace a feed in");
		sqlite3_finalize(st);
		if (r < 0) {
			store_i_rollback(s);
			return r;
		}
	}
	return 0;
}

int store_feed_advisory(struct store *s, const char *feed, const struct store_advisory *a, struct err *err)
{
	const char *adv[6] = { feed, a->id, a->published, a->modified, a->source, a->title };
	sqlite3_stmt *st;
	sqlite3_int64 row;
	size_t i;
	int r;

	if ((r = simple_write(s, Q_ADV_DELETE, adv, 2, err, "cannot replace an advisory in")) < 0 ||
	    (r = simple_write(s, Q_ADV_INSERT, adv, 6, err, "cannot add an advisory to")) < 0)
		return r;
	row = sqlite3_last_insert_rowid(s->db);
	for (i = 0; i < a->n_cves; i++) {
		if ((r = stmt(s, Q_CVE_INSERT, &st, err)) < 0)
			return r;
		r = sqlite3_bind_int64(st, 1, row);
		if (r == SQLITE_OK)
			r = store_i_bind_text(st, 2, a->cves[i]);
		if ((r = run_write(s, st, r, err, "cannot add a CVE to")) < 0)
			return r;
	}
	for (i = 0; i < a->n_fixes; i++) {
		const struct store_fix *f = &a->fixes[i];
		const char *v[5] = { f->release, f->package, f->introduced, f->fixed, f->tag };
		int rc, k;

		if ((r = stmt(s, Q_FIX_INSERT, &st, err)) < 0)
			return r;
		rc = sqlite3_bind_int64(st, 1, row);
		for (k = 0; k < 5 && rc == SQLITE_OK; k++)
			rc = store_i_bind_text(st, k + 2, v[k]);
		if ((r = run_write(s, st, rc, err, "cannot add a fix to")) < 0)
			return r;
	}
	return 0;
}

int store_feed_advisory_modified(struct store *s, const char *feed, const char *id, char **modified,
				 struct err *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc;

	*modified = NULL;
	r = store_i_prepare(s, "SELECT modified FROM advisories WHERE feed = ?1 AND id = ?2", &st, err);
	if (r < 0)
		return r;
	rc = store_i_bind_text(st, 1, feed);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 2, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		*modified = xstrdup(t ? (const char *)t : "");
		rc = SQLITE_DONE;
	}
	r = rc == SQLITE_DONE ? 0 : store_i_error(s, rc, err, "cannot read advisories from");
	sqlite3_finalize(st);
	return r;
}

int store_feed_kev(struct store *s, const struct store_kev *k, struct err *err)
{
	const char *v[7] = { k->cve, k->vendor, k->product, k->name, k->date_added, k->due_date, k->ransomware };

	return simple_write(s, Q_KEV_INSERT, v, 7, err, "cannot add a KEV entry to");
}

int store_feed_tracker(struct store *s, const struct store_tracker *t, struct err *err)
{
	const char *v[6] = { t->release, t->package, t->cve, t->status, t->fixed, t->urgency };

	return simple_write(s, Q_TRACKER_INSERT, v, 6, err, "cannot add a tracker record to");
}

int store_feed_commit(struct store *s, const struct store_feed_meta *m, struct err *err)
{
	static const char count_sql[] =
		"SELECT CASE ?1"
		" WHEN 'kev' THEN (SELECT count(*) FROM kev)"
		" WHEN 'tracker' THEN (SELECT count(*) FROM tracker)"
		" ELSE (SELECT count(*) FROM advisories WHERE feed = ?1) END";
	static const char upsert_sql[] =
		"INSERT INTO feeds (name, source, sha256, imported_at, checked_at, as_of, n_records)"
		" VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)"
		" ON CONFLICT (name) DO UPDATE SET source = ?2, sha256 = ?3, imported_at = ?4, checked_at = ?4,"
		" as_of = CASE WHEN ?5 IS NULL THEN as_of WHEN as_of IS NULL OR ?5 > as_of THEN ?5 ELSE as_of END,"
		" n_records = ?6";
	sqlite3_stmt *st = NULL;
	sqlite3_int64 n = 0;
	int r, rc;

	r = store_i_prepare(s, count_sql, &st, err);
	if (r < 0)
		goto fail;
	rc = store_i_bind_text(st, 1, m->name);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		r = store_i_error(s, rc, err, "cannot count a feed in");
		goto fail;
	}
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	r = store_i_prepare(s, upsert_sql, &st, err);
	if (r < 0)
		goto fail;
	rc = store_i_bind_text(st, 1, m->name);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 2, m->source);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 3, m->sha256);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, (sqlite3_int64)m->now);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 5, m->as_of && *m->as_of ? m->as_of : NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 6, n);
	r = run_write(s, st, rc, err, "cannot record a feed in");
	sqlite3_finalize(st);
	st = NULL;
	if (r < 0)
		goto fail;
	r = store_i_exec(s, "COMMIT", err, "cannot commit a feed to");
	if (r < 0)
		goto fail;
	return 0;
fail:
	sqlite3_finalize(st);
	store_i_rollback(s);
	return r;
}

void store_feed_rollback(struct store *s)
{
	store_i_rollback(s);
}

int store_feed_list(struct store *s, struct store_feed_info **out, size_t *n, struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct store_feed_info *v = NULL;
	size_t nv = 0, alloc = 0;
	int r, rc;

	r = store_i_prepare(s, "SELECT name, source, imported_at, checked_at, as_of, n_records FROM feeds ORDER BY name",
			    &st, err);
	if (r < 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && nv < 64) {
		struct store_feed_info *f;
		const unsigned char *t;

		ALLOC_GROW(v, nv + 1, alloc);
		f = &v[nv++];
		memset(f, 0, sizeof(*f));
		store_i_col_copy(f->name, sizeof(f->name), st, 0);
		f->source = store_i_col_dup(st, 1);
		f->imported_at = (time_t)sqlite3_column_int64(st, 2);
		f->checked_at = (time_t)sqlite3_column_int64(st, 3);
		t = sqlite3_column_text(st, 4);
		if (t && sqlite3_column_bytes(st, 4) == 10)
			memcpy(f->as_of, t, 11);
		f->n_records = sqlite3_column_int64(st, 5);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		r = store_i_error(s, rc, err, "cannot list feeds in");
		sqlite3_finalize(st);
		store_feed_infos_free(v, nv);
		return r;
	}
	sqlite3_finalize(st);
	*out = v;
	*n = nv;
	return 0;
}

void store_feed_infos_free(struct store_feed_info *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i].source);
	free(v);
}

int store_feed_release_rows(struct store *s, const char *release, struct store_feed_info *v, size_t n,
			    struct err *err)
{
	static const char sql[] =
		"SELECT a.feed, count(*) FROM advisory_fixes f JOIN advisories a ON a.rowid = f.advisory"
		" WHERE f.release = ?1 GROUP BY a.feed"
		" UNION ALL SELECT 'tracker', count(*) FROM tracker WHERE release = ?1";
	sqlite3_stmt *st = NULL;
	size_t i;
	int r, rc;

	for (i = 0; i < n; i++)
		v[i].release_rows = strcmp(v[i].name, "kev") ? 0 : -1;
	r = store_i_prepare(s, sql, &st, err);
	if (r < 0)
		return r;
	rc = store_i_bind_text(st, 1, release);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		const unsigned char *t;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		t = sqlite3_column_text(st, 0);
		for (i = 0; t && i < n; i++)
			if (!strcmp(v[i].name, (const char *)t) && v[i].release_rows >= 0)
				v[i].release_rows += sqlite3_column_int64(st, 1);
	}
	r = rc == SQLITE_DONE ? 0 : store_i_error(s, rc, err, "cannot count the feeds' records in");
	sqlite3_finalize(st);
	return r;
}

int store_fixes_for(struct store *s, const char *release, const char *package, store_fix_fn *fn, void *ctx,
		    struct err *err)
{
	sqlite3_stmt *st;
	int r, rc;

	if ((r = stmt(s, Q_FIXES_FOR, &st, err)) < 0)
		return r;
	rc = store_i_bind_text(st, 1, release);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 2, package);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		struct store_fix_row row;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		row.feed = store_i_col(st, 0);
		row.id = store_i_col(st, 1);
		row.published = store_i_col(st, 2);
		row.title = store_i_col(st, 3);
		row.advisory = sqlite3_column_int64(st, 4);
		row.introduced = store_i_col(st, 5);
		row.fixed = store_i_col(st, 6);
		row.tag = store_i_col(st, 7);
		if (!row.feed || !row.id)
			continue;
		r = fn(ctx, &row, err);
		if (r < 0) {
			sqlite3_reset(st);
			return r;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_i_error(s, rc, err, "cannot read advisories from");
}

int store_advisory_cves(struct store *s, int64_t advisory, char ***cves, size_t *n, struct err *err)
{
	sqlite3_stmt *st;
	char **v = NULL;
	size_t nv = 0, alloc = 0;
	int r, rc;

	if ((r = stmt(s, Q_CVES_OF, &st, err)) < 0)
		return r;
	rc = sqlite3_bind_int64(st, 1, advisory);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		if (store_i_col(st, 0)) {
			ALLOC_GROW(v, nv + 1, alloc);
			v[nv++] = store_i_col_dup(st, 0);
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		while (nv)
			free(v[--nv]);
		free(v);
		return store_i_error(s, rc, err, "cannot read CVEs from");
	}
	*cves = v;
	*n = nv;
	return 0;
}

static void tracker_row(sqlite3_stmt *st, struct store_tracker *t)
{
	t->release = store_i_col(st, 0);
	t->package = store_i_col(st, 1);
	t->cve = store_i_col(st, 2);
	t->status = store_i_col(st, 3);
	t->fixed = store_i_col(st, 4);
	t->urgency = store_i_col(st, 5);
}

int store_tracker_for(struct store *s, const char *release, const char *package, store_tracker_fn *fn,
		      void *ctx, struct err *err)
{
	sqlite3_stmt *st;
	int r, rc;

	if ((r = stmt(s, Q_TRACKER_FOR, &st, err)) < 0)
		return r;
	rc = store_i_bind_text(st, 1, release);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 2, package);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		struct store_tracker t;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		tracker_row(st, &t);
		if (!t.cve || !t.status)
			continue;
		r = fn(ctx, &t, err);
		if (r < 0) {
			sqlite3_reset(st);
			return r;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_i_error(s, rc, err, "cannot read tracker records from");
}

int store_tracker_get(struct store *s, const char *release, const char *package, const char *cve,
		      struct store_tracker *t, bool *found, struct err *err)
{
	sqlite3_stmt *st;
	int r, rc;

	*found = false;
	if ((r = stmt(s, Q_TRACKER_GET, &st, err)) < 0)
		return r;
	rc = store_i_bind_text(st, 1, release);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 2, package);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 3, cve);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		tracker_row(st, t);
		*found = t->cve && t->status;
		return 0;	/* the row stays until the next call */
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_i_error(s, rc, err, "cannot read tracker records from");
}

int store_kev_all(struct store *s, store_kev_fn *fn, void *ctx, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int r, rc;

	r = store_i_prepare(s, "SELECT cve, vendor, product, name, date_added, due_date, ransomware FROM kev", &st, err);
	if (r < 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_kev k = { store_i_col(st, 0), store_i_col(st, 1), store_i_col(st, 2), store_i_col(st, 3), store_i_col(st, 4), store_i_col(st, 5), store_i_col(st, 6) };

		if (!k.cve || !k.date_added)
			continue;
		r = fn(ctx, &k, err);
		if (r < 0) {
			sqlite3_finalize(st);
			return r;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_i_error(s, rc, err, "cannot read KEV from");
}
