/* Malware scans (kyuka scan, AV-2): see store.h. */
#include "store/internal.h"
#include "store/store.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return xstrdup(t ? (const char *)t : "");
}

int store_add_scan(struct store *s, const struct scan_record *r, int64_t *id, struct err *err)
{
	static const char sql[] =
		"INSERT INTO scans (started_at, finished_at, root, paths, files, infected, errors, skipped, complete,"
		" engine, daily, sigs, yara_rules) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
	sqlite3_stmt *st = NULL;
	int ret, rc;

	if (!r->root || !r->paths || !r->engine)
		return err_set(err, -EINVAL, "cannot record a scan without root, paths and engine");
	ret = store_i_exec(s, "BEGIN IMMEDIATE", err, "cannot lock");
	if (ret < 0)
		return ret;
	ret = store_i_prepare(s, sql, &st, err);
	if (ret < 0)
		goto out;
	rc = sqlite3_bind_int64(st, 1, (sqlite3_int64)r->started);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)r->finished);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 3, r->root);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 4, r->paths);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 5, (sqlite3_int64)r->files);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 6, (sqlite3_int64)r->infected);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 7, (sqlite3_int64)r->errors);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 8, (sqlite3_int64)r->skipped);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 9, r->complete ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = store_i_bind_text(st, 10, r->engine);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 11, (sqlite3_int64)r->daily);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 12, (sqlite3_int64)r->sigs);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 13, (sqlite3_int64)r->yara_rules);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		ret = store_i_error(s, rc, err, "cannot record the scan in");
		goto out;
	}
	if (id)
		*id = sqlite3_last_insert_rowid(s->db);
	ret = store_i_exec(s, "COMMIT", err, "cannot record the scan in");
out:
	sqlite3_finalize(st);
	if (ret < 0)
		store_i_rollback(s);
	return ret;
}

int store_latest_scan(struct store *s, time_t since, struct scan_record *out, struct err *err)
{
	static const char sql[] =
		"SELECT started_at, finished_at, root, paths, files, infected, errors, skipped, complete, engine, daily,"
		" sigs, yara_rules FROM scans WHERE started_at >= ?1 ORDER BY started_at DESC, id DESC LIMIT 1";
	sqlite3_stmt *st = NULL;
	int ret, rc;

	ret = store_i_prepare(s, sql, &st, err);
	if (ret < 0)
		return ret;
	rc = sqlite3_bind_int64(st, 1, (sqlite3_int64)since);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		ret = -ENOENT;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		ret = store_i_error(s, rc, err, "cannot read scans from");
		goto out;
	}
	memset(out, 0, sizeof(*out));
	out->started = (time_t)sqlite3_column_int64(st, 0);
	out->finished = (time_t)sqlite3_column_int64(st, 1);
	out->root = col_text(st, 2);
	out->paths = col_text(st, 3);
	out->files = (unsigned long long)sqlite3_column_int64(st, 4);
	out->infected = (unsigned long long)sqlite3_column_int64(st, 5);
	out->errors = (unsigned long long)sqlite3_column_int64(st, 6);
	out->skipped = (unsigned long long)sqlite3_column_int64(st, 7);
	out->complete = sqlite3_column_int(st, 8) == 1;
	out->engine = col_text(st, 9);
	out->daily = (unsigned)sqlite3_column_int64(st, 10);
	out->sigs = (unsigned long long)sqlite3_column_int64(st, 11);
	out->yara_rules = (unsigned)sqlite3_column_int64(st, 12);
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

void scan_record_release(struct scan_record *r)
{
	free(r->root);
	free(r->paths);
	free(r->engine);
	r->root = r->paths = r->engine = NULL;
}
