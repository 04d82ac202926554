/*
 * What every file of the store layer uses of SQLite (store/internal.h): errors
 * as negative errno with the database named, constant scripts, statements.
 * store.c (the database, runs, migrations) and feeds.c both call these; this
 * file calls neither, so the layer's files form no cycle.
 */
#include "store/internal.h"

#include "util/xalloc.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

int store_i_errno(sqlite3 *db, int rc)
{
	int sys;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -EBUSY;
	case SQLITE_NOMEM:
		return -ENOMEM;
	case SQLITE_READONLY:
		return -EROFS;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return -EACCES;
	case SQLITE_FULL:
		return -ENOSPC;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return -EBADMSG;
	case SQLITE_TOOBIG:
		return -E2BIG;
	case SQLITE_CONSTRAINT:
	case SQLITE_MISMATCH:
	case SQLITE_RANGE:
		return -EINVAL;
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
		sys = db ? sqlite3_system_errno(db) : 0;
		return sys > 0 ? -sys : -EIO;
	default:
		return -EIO;
	}
}

int store_i_error(struct store *s, int rc, struct err *err, const char *what)
{
	return err_set(err, store_i_errno(s->db, rc), "%s '%s': %s", what, s->path,
		       sqlite3_errmsg(s->db));
}

/* Runs a constant script (no values: those are bound in prepared statements). */
int store_i_exec(struct store *s, const char *sql, struct err *err, const char *what)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return store_i_error(s, rc, err, what);
	return 0;
}

void store_i_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_i_prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct err *err)
{
	int rc = sqlite3_prepare_v3(s->db, sql, -1, 0, st, NULL);

	if (rc != SQLITE_OK) {
		*st = NULL;
		return store_i_error(s, rc, err, "cannot prepare a statement for");
	}
	return 0;
}

int store_i_bind_text(sqlite3_stmt *st, int idx, const char *v)
{
	if (!v)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, v, -1, SQLITE_STATIC);
}

const char *store_i_col(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

char *store_i_col_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	if (!t)
		return NULL;
	return xstrndup((const char *)t, (size_t)sqlite3_column_bytes(st, col));
}

void store_i_col_copy(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	size_t n = t ? (size_t)sqlite3_column_bytes(st, col) : 0;
	const unsigned char *nul = n ? memchr(t, '\0', n) : NULL;
	int back = 0;

	if (nul)
		n = (size_t)(nul - t);
	if (n >= size) {
		n = size - 1;
		while (n > 0 && back < 3 && (t[n] & 0xc0) == 0x80) {
			n--;
			back++;
		}
	}
	if (n)
		memcpy(dst, t, n);
	dst[n] = '\0';
}
