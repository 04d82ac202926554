/* Baselines of the host: items streamed into one transaction, a SHA-256 summary, diffs in SQL. */
#include "store/baseline.h"
#include "store/internal.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/lazylib.h"
#include "util/xalloc.h"

int store_baseline_begin(struct store *s, const char *root, time_t at, const char *label, int64_t *id,
			 struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if ((r = store_i_exec(s, s->bl_scratch ? "BEGIN" : "BEGIN IMMEDIATE", err, "cannot start a transaction in")) < 0)
		return r;
	if ((r = store_i_prepare(s, "INSERT INTO baselines (taken_at, root, label) VALUES (?, ?, ?)", &st, err)) < 0)
		goto fail;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)at);
	store_i_bind_text(st, 2, root);
	store_i_bind_text(st, 3, label);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		r = store_i_error(s, rc, err, "cannot record a baseline in");
		goto fail;
	}
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
fail:
	store_i_rollback(s);
	return r;
}

int store_baseline_add(struct store *s, int64_t id, const char *kind, const char *key, const char *value,
		       const char *aux, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if (!s->bl_add &&
	    (r = store_i_prepare(s, "INSERT OR IGNORE INTO baseline_items (baseline_id, kind, key, value, aux) "
				    "VALUES (?, ?, ?, ?, ?)", &s->bl_add, err)) < 0)
		return r;
	st = s->bl_add;
	sqlite3_bind_int64(st, 1, id);
	store_i_bind_text(st, 2, kind);
	store_i_bind_text(st, 3, key);
	store_i_bind_text(st, 4, value);
	store_i_bind_text(st, 5, aux ? aux : "");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return store_i_error(s, rc, err, "cannot record a baseline item in");
	return 0;
}

static void hexify(const unsigned char *md, unsigned n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned i;

	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * n] = '\0';
}

/*
 * SHA-256 over every item in (kind, key) order: kind NUL key NUL value NUL
 * aux NUL, then the count. stored: of a stored baseline (main), else of the
 * one being saved (the scratch tables when they exist).
 */
static int summary(struct store *s, int64_t id, bool stored, char sha[65], struct err *err)
{
	const struct kcrypto *c = kcrypto_load(err);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	sqlite3_stmt *st;
	EVP_MD_CTX *ck;
	int64_t n = 0;
	char tail[32];
	int rc, r, col;

	if (!c)
		return -ENOSYS;
	if ((r = store_i_prepare(s, stored ? "SELECT kind, key, value, aux FROM main.baseline_items WHERE baseline_id = ? "
					     "ORDER BY kind, key"
					   : "SELECT kind, key, value, aux FROM baseline_items WHERE baseline_id = ? "
					     "ORDER BY kind, key",
				 &st, err)) < 0)
		return r;
	sqlite3_bind_int64(st, 1, id);
	ck = c->md_ctx_new();
	if (!ck || c->digest_init_ex(ck, c->sha256(), NULL) != 1) {
		if (ck)
			c->md_ctx_free(ck);
		sqlite3_finalize(st);
		return err_set(err, -ENOMEM, "cannot start SHA-256");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (col = 0; col < 4; col++) {
			const unsigned char *t = sqlite3_column_text(st, col);
			int len = sqlite3_column_bytes(st, col);

			if (t && len > 0)
				c->digest_update(ck, t, (size_t)len);
			c->digest_update(ck, "", 1);
		}
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		c->md_ctx_free(ck);
		return store_i_error(s, rc, err, "cannot read the baseline in");
	}
	snprintf(tail, sizeof(tail), "%lld", (long long)n);
	c->digest_update(ck, tail, strlen(tail));
	c->digest_final_ex(ck, md, &mdlen);
	c->md_ctx_free(ck);
	hexify(md, mdlen > 32 ? 32 : mdlen, sha);
	return 0;
}

int store_baseline_summary(struct store *s, int64_t id, char sha[65], struct err *err)
{
	return summary(s, id, true, sha, err);
}

int store_baseline_scratch(struct store *s, struct err *err)
{
	int r = store_i_exec(s,
			     "CREATE TEMP TABLE IF NOT EXISTS baselines ("
			     "  id INTEGER PRIMARY KEY AUTOINCREMENT, taken_at INTEGER NOT NULL, root TEXT NOT NULL,"
			     "  label TEXT NOT NULL, complete INTEGER NOT NULL DEFAULT 0, n_items INTEGER NOT NULL DEFAULT 0,"
			     "  sha256 TEXT);"
			     "CREATE TEMP TABLE IF NOT EXISTS baseline_items ("
			     "  baseline_id INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
			     "  aux TEXT NOT NULL, PRIMARY KEY (baseline_id, kind, key)) WITHOUT ROWID;",
			     err, "cannot create scratch tables in");

	if (r == 0)
		s->bl_scratch = 1;
	return r;
}

static void drop_add(struct store *s)
{
	sqlite3_finalize(s->bl_add);
	s->bl_add = NULL;
}

int store_baseline_commit(struct store *s, int64_t id, char sha[65], struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	drop_add(s);
	if ((r = summary(s, id, false, sha, err)) < 0)
		goto fail;
	if ((r = store_i_prepare(s, "UPDATE baselines SET complete = 1, sha256 = ?1, "
				    "n_items = (SELECT count(*) FROM baseline_items WHERE baseline_id = ?2) WHERE id = ?2", &st, err)) < 0)
		goto fail;
	store_i_bind_text(st, 1, sha);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		r = store_i_error(s, rc, err, "cannot record a baseline in");
		goto fail;
	}
	if ((r = store_i_exec(s, "COMMIT", err, "cannot commit the baseline to")) < 0)
		goto fail;
	return 0;
fail:
	store_i_rollback(s);
	return r;
}

void store_baseline_rollback(struct store *s)
{
	drop_add(s);
	store_i_rollback(s);
}

int store_baseline_delete(struct store *s, int64_t id, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	static const char *const sql[] = { "DELETE FROM baseline_items WHERE baseline_id = ?",
					   "DELETE FROM baselines WHERE id = ?" };
	size_t i;

	for (i = 0; i < 2; i++) {
		if ((r = store_i_prepare(s, sql[i], &st, err)) < 0)
			return r;
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return store_i_error(s, rc, err, "cannot delete a baseline in");
	}
	return 0;
}

int store_baseline_get(struct store *s, int64_t id, const char *label, struct baseline_info *out, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if ((r = store_i_prepare(s, id > 0 ? "SELECT id, taken_at, root, label, n_items, sha256 FROM main.baselines "
					     "WHERE complete = 1 AND id = ?1 AND ?2 IS NOT NULL"
					   : "SELECT id, taken_at, root, label, n_items, sha256 FROM main.baselines "
					     "WHERE complete = 1 AND label = ?2 AND ?1 = 0 ORDER BY id DESC LIMIT 1",
				 &st, err)) < 0)
		return r;
	sqlite3_bind_int64(st, 1, id > 0 ? id : 0);
	store_i_bind_text(st, 2, label ? label : "baseline");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = sqlite3_column_int64(st, 0);
		out->taken_at = (time_t)sqlite3_column_int64(st, 1);
		store_i_col_copy(out->root, sizeof(out->root), st, 2);
		store_i_col_copy(out->label, sizeof(out->label), st, 3);
		out->n_items = sqlite3_column_int64(st, 4);
		store_i_col_copy(out->sha256, sizeof(out->sha256), st, 5);
		sqlite3_finalize(st);
		return 0;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return err_set(err, -ENOENT, "no baseline in '%s'", s->path);
	return store_i_error(s, rc, err, "cannot read the baselines in");
}

int store_baseline_lookup(struct store *s, int64_t id, const char *kind, const char *key, char **value,
			  char **aux, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if (!s->bl_lookup &&
	    (r = store_i_prepare(s, "SELECT value, aux FROM main.baseline_items WHERE baseline_id = ? AND kind = ? AND key = ?",
				 &s->bl_lookup, err)) < 0)
		return r;
	st = s->bl_lookup;
	sqlite3_bind_int64(st, 1, id);
	store_i_bind_text(st, 2, kind);
	store_i_bind_text(st, 3, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = store_i_col_dup(st, 0);
		*aux = store_i_col_dup(st, 1);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return -ENOENT;
	return store_i_error(s, rc, err, "cannot read the baseline in");
}

int store_baseline_diff(struct store *s, int64_t a, int64_t b,
			int (*fn)(void *ctx, enum baseline_change c, const char *kind, const char *key,
				  const char *before, const char *after),
			void *ctx, struct err *err)
{
	/* Both sides in (kind, key) order, merged: one pass, nothing held. */
	sqlite3_stmt *st;
	int rc, r;

	if ((r = store_i_prepare(s,
				 "SELECT x.kind, x.key, x.value, y.value FROM main.baseline_items x "
				 "LEFT JOIN baseline_items y ON y.baseline_id = ?2 AND y.kind = x.kind AND y.key = x.key "
				 "WHERE x.baseline_id = ?1 AND (y.value IS NULL OR y.value <> x.value) "
				 "UNION ALL "
				 "SELECT y.kind, y.key, NULL, y.value FROM baseline_items y "
				 "WHERE y.baseline_id = ?2 AND NOT EXISTS (SELECT 1 FROM main.baseline_items x "
				 "WHERE x.baseline_id = ?1 AND x.kind = y.kind AND x.key = y.key) "
				 "ORDER BY 1, 2",
				 &st, err)) < 0)
		return r;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *before = store_i_col(st, 2);
		const char *after = store_i_col(st, 3);
		enum baseline_change c = !before ? BL_APPEARED : !after ? BL_VANISHED : BL_CHANGED;

		if ((r = fn(ctx, c, store_i_col(st, 0), store_i_col(st, 1), before, after)) != 0) {
			sqlite3_finalize(st);
			return r;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_i_error(s, rc, err, "cannot compare the baselines in");
	return 0;
}

struct baseline_cursor {
	struct store *s;
	sqlite3_stmt *st;
	int rc;			/* of the last step: SQLITE_ROW, SQLITE_DONE or an error */
	/*
	 * The current row (key, value, aux), copied at each step: a write to the
	 * table between two finds (the new baseline's items) may move the page the
	 * statement's text pointers point into.
	 */
	char *row;
	size_t cap, value_off, aux_off;
	bool null;		/* value or aux was NULL */
};

/* Steps once and copies the new row. */
static void cursor_step(struct baseline_cursor *c)
{
	size_t n[3], need, i, off = 0;
	const unsigned char *t[3];

	c->rc = sqlite3_step(c->st);
	if (c->rc != SQLITE_ROW)
		return;
	for (i = 0; i < 3; i++) {
		t[i] = sqlite3_column_text(c->st, (int)i);
		n[i] = t[i] ? (size_t)sqlite3_column_bytes(c->st, (int)i) : 0;
	}
	c->null = !t[1] || !t[2];
	need = n[0] + n[1] + n[2] + 3;
	if (need > c->cap) {
		c->cap = need > 2 * c->cap ? need : 2 * c->cap;
		c->row = xrealloc(c->row, c->cap);
	}
	for (i = 0; i < 3; i++) {
		if (i == 1)
			c->value_off = off;
		else if (i == 2)
			c->aux_off = off;
		if (n[i])
			memcpy(c->row + off, t[i], n[i]);
		off += n[i];
		c->row[off++] = '\0';
	}
}

int store_baseline_cursor_open(struct store *s, int64_t id, const char *kind, const char *from,
			       struct baseline_cursor **out, struct err *err)
{
	struct baseline_cursor *c;
	sqlite3_stmt *st;
	int r;

	*out = NULL;
	if ((r = store_i_prepare(s, "SELECT key, value, aux FROM main.baseline_items WHERE baseline_id = ?1 AND kind = ?2 "
				    "AND key >= ?3 ORDER BY key", &st, err)) < 0)
		return r;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
	c = xcalloc(1, sizeof(*c));
	c->s = s;
	c->st = st;
	cursor_step(c);
	if (c->rc != SQLITE_ROW && c->rc != SQLITE_DONE) {
		r = store_i_error(s, c->rc, err, "cannot read the baseline in");
		store_baseline_cursor_close(c);
		return r;
	}
	*out = c;
	return 0;
}

int store_baseline_cursor_find(struct baseline_cursor *c, const char *key, const char **value, const char **aux,
			       struct err *err)
{
	int cmp = 1;

	while (c->rc == SQLITE_ROW && (cmp = strcmp(c->row, key)) < 0)
		cursor_step(c);
	if (c->rc != SQLITE_ROW && c->rc != SQLITE_DONE)
		return store_i_error(c->s, c->rc, err, "cannot read the baseline in");
	if (c->rc != SQLITE_ROW || cmp != 0 || c->null)
		return 0;
	*value = c->row + c->value_off;
	*aux = c->row + c->aux_off;
	return 1;
}

void store_baseline_cursor_close(struct baseline_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->st);
	free(c->row);
	free(c);
}
