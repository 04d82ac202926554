/* kyuka watch's memory: alerts sent once, the heartbeat. */
#include "store/watch.h"
#include "store/internal.h"

#include <errno.h>

int store_watch_alerted(struct store *s, const char *root, const char *fingerprint, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if ((r = store_i_prepare(s, "SELECT 1 FROM watch_alerts WHERE root = ? AND fingerprint = ?", &st, err)) < 0)
		return r;
	store_i_bind_text(st, 1, root);
	store_i_bind_text(st, 2, fingerprint);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_i_error(s, rc, err, "cannot read the watch's alerts in");
}

int store_watch_record(struct store *s, const char *root, const char *fingerprint, const char *kind, const char *key,
		       const char *severity, int64_t at, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if ((r = store_i_prepare(s, "INSERT OR REPLACE INTO watch_alerts (root, fingerprint, kind, key, severity, sent_at) "
				    "VALUES (?, ?, ?, ?, ?, ?)", &st, err)) < 0)
		return r;
	store_i_bind_text(st, 1, root);
	store_i_bind_text(st, 2, fingerprint);
	store_i_bind_text(st, 3, kind);
	store_i_bind_text(st, 4, key);
	store_i_bind_text(st, 5, severity);
	sqlite3_bind_int64(st, 6, at);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_i_error(s, rc, err, "cannot record an alert in");
	return 0;
}

int store_watch_last_heartbeat(struct store *s, const char *root, int64_t *at, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	*at = 0;
	if ((r = store_i_prepare(s, "SELECT sent_at FROM watch_heartbeats WHERE root = ?", &st, err)) < 0)
		return r;
	store_i_bind_text(st, 1, root);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*at = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_i_error(s, rc, err, "cannot read the watch's heartbeat in");
	return 0;
}

int store_watch_set_heartbeat(struct store *s, const char *root, int64_t at, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if ((r = store_i_prepare(s, "INSERT OR REPLACE INTO watch_heartbeats (root, sent_at) VALUES (?, ?)", &st, err)) < 0)
		return r;
	store_i_bind_text(st, 1, root);
	sqlite3_bind_int64(st, 2, at);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_i_error(s, rc, err, "cannot record the heartbeat in");
	return 0;
}

int store_watch_sent_at(struct store *s, const char *root, const char *fingerprint, int64_t *at, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	*at = 0;
	if ((r = store_i_prepare(s, "SELECT sent_at FROM watch_alerts WHERE root = ? AND fingerprint = ?", &st, err)) < 0)
		return r;
	store_i_bind_text(st, 1, root);
	store_i_bind_text(st, 2, fingerprint);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*at = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_i_error(s, rc, err, "cannot read the watch's alerts in");
}

int store_watch_forget(struct store *s, const char *root, const char *fingerprint, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if ((r = store_i_prepare(s, "DELETE FROM watch_alerts WHERE root = ? AND fingerprint = ?", &st, err)) < 0)
		return r;
	store_i_bind_text(st, 1, root);
	store_i_bind_text(st, 2, fingerprint);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_i_error(s, rc, err, "cannot forget an alert in");
	return sqlite3_changes(s->db) > 0;
}
