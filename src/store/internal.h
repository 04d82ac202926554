/*
 * Shared by the files of the store layer (store.c: the database, runs and
 * migrations; feeds.c: vulnerability feeds; db.c: the SQLite helpers below,
 * which both call). Nothing outside src/store includes this or sqlite3.h.
 */
#ifndef KYUKA_STORE_INTERNAL_H
#define KYUKA_STORE_INTERNAL_H

#include <stddef.h>

#include <sqlite3.h>

#include "util/err.h"

struct feeds_stmts;

struct store {
	sqlite3 *db;
	char *path;
	int version;
	struct feeds_stmts *feeds;	/* statements feeds.c keeps prepared, or NULL */
	sqlite3_stmt *bl_add;	/* baseline.c: the item insert of the open baseline transaction */
	sqlite3_stmt *bl_lookup;	/* baseline.c: store_baseline_lookup's statement, kept */
	int bl_scratch;		/* baseline.c: TEMP baseline tables shadow the stored ones on this connection */
};

/* db.c: a SQLite result code as a negative errno (the system's errno for I/O errors when db is known). */
int store_i_errno(sqlite3 *db, int rc);
int store_i_error(struct store *s, int rc, struct err *err, const char *what);
/* Runs a constant script (no values: those are bound in prepared statements). */
int store_i_exec(struct store *s, const char *sql, struct err *err, const char *what);
void store_i_rollback(struct store *s);
int store_i_prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct err *err);
int store_i_bind_text(sqlite3_stmt *st, int idx, const char *v);
/* A text column as SQLite holds it (NULL for SQL NULL); valid until the next step. */
const char *store_i_col(sqlite3_stmt *st, int col);
/* A text column copied (NULL for SQL NULL). Caller frees. */
char *store_i_col_dup(sqlite3_stmt *st, int col);
/* A text column copied into a fixed buffer, cut at a UTF-8 character boundary ("" for SQL NULL). */
void store_i_col_copy(char *dst, size_t size, sqlite3_stmt *st, int col);
/* feeds.c: finalizes what feeds.c keeps (from store_close). */
void store_feeds_release(struct store *s);

#endif
