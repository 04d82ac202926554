/*
 * Baselines of the host in the store (schema versions 6 and 8, docs/baseline.md).
 *
 * A baseline is a set of items (kind, key, value, aux): "account" "root"
 * "uid=0 gid=0 ...". value is what a diff compares; aux is recorded but not
 * compared (a file's inode, mtime and ctime: --trust-mtime reads them). A
 * save is one transaction: store_baseline_begin() opens it, items are added
 * as they are read (streamed, nothing held whole), store_baseline_commit()
 * computes the SHA-256 summary over every item in (kind, key) order and
 * commits; store_baseline_rollback() leaves the store as it was.
 */
#ifndef KYUKA_STORE_BASELINE_H
#define KYUKA_STORE_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/store.h"
#include "util/err.h"

struct baseline_info {
	int64_t id;
	time_t taken_at;
	char root[256];
	char label[16];		/* "baseline", or "now" for a diff's transient snapshot */
	int64_t n_items;
	char sha256[65];	/* the summary recorded at save time */
};

int store_baseline_begin(struct store *s, const char *root, time_t at, const char *label, int64_t *id,
			 struct err *err);
/* kind, key and value must not be NULL (value and aux may be ""). A duplicate (kind, key) keeps the first. */
int store_baseline_add(struct store *s, int64_t id, const char *kind, const char *key, const char *value,
		       const char *aux, struct err *err);
/* Computes the summary into sha (hex), records it and commits. */
int store_baseline_commit(struct store *s, int64_t id, char sha[65], struct err *err);
/*
 * The summary built while the baseline is saved (a re-check need not read
 * the parent's files back at commit): begin after the items of every kind
 * but "file" before it are added and before the first file; then each file
 * item the saved baseline will hold, in increasing key order, whether
 * written or inherited from the parent. Keys out of order, or a break()
 * (the caller cannot vouch for the set of files), make the commit read the
 * saved rows back instead. -ENOTSUP on scratch tables.
 */
struct baseline_digest;
int store_baseline_digest_begin(struct store *s, int64_t id, struct baseline_digest **out, struct err *err);
void store_baseline_digest_file(struct baseline_digest *d, const char *key, const char *value, const char *aux);
void store_baseline_digest_break(struct baseline_digest *d);
void store_baseline_digest_free(struct baseline_digest *d);
/* As store_baseline_commit, with the summary from d when it holds (NULL: read back); frees d. */
int store_baseline_commit_digest(struct store *s, int64_t id, struct baseline_digest *d, char sha[65],
				 struct err *err);
void store_baseline_rollback(struct store *s);
/*
 * For a reader (an audit writes nothing to the database): TEMP tables on this
 * connection take the baseline being saved ("now"), the stored baselines
 * stay as they are. Works on a read-only connection.
 */
int store_baseline_scratch(struct store *s, struct err *err);
/* Deletes a baseline and its items (the diff's transient "now"). */
int store_baseline_delete(struct store *s, int64_t id, struct err *err);

/* The newest complete baseline with this label (-ENOENT when none); id > 0: that one. */
int store_baseline_get(struct store *s, int64_t id, const char *label, struct baseline_info *out, struct err *err);
/* The summary recomputed from the stored items (to compare with info.sha256). */
int store_baseline_summary(struct store *s, int64_t id, char sha[65], struct err *err);
/* The value and aux of one item (caller frees both); -ENOENT when absent. */
int store_baseline_lookup(struct store *s, int64_t id, const char *kind, const char *key, char **value,
			  char **aux, struct err *err);

/*
 * A reader of one kind of a stored baseline's items in key order (byte order),
 * from a key on, for a walk that meets the keys in the same order (the file
 * walk, collect/fim.h): find() steps forward to key and says whether the
 * baseline holds it. Keys must come in increasing order; one out of order is
 * not found (the caller reads the host instead). value and aux are the
 * cursor's copies, valid until the next find() (writes in between are safe).
 *
 * child > 0: the baseline being saved refers to the files of this one's base
 * (store_baseline_set_parent(child, store_baseline_base(id))): find() sets
 * *inherit when the item found is the base's own row, which the child then
 * need not write when its item is the same; the base's rows under `from`
 * that no find() asked for are recorded in the child as vanished.
 */
struct baseline_cursor;
int store_baseline_cursor_open(struct store *s, int64_t id, const char *kind, const char *from, int64_t child,
			       struct baseline_cursor **out, struct err *err);
/* 1 (value and aux set) when the baseline holds key, 0 when not, or a negative errno. */
int store_baseline_cursor_find(struct baseline_cursor *c, const char *key, const char **value, const char **aux,
			       bool *inherit, struct err *err);
/* The base's rows met by find() or recorded as vanished; (size_t)-1 when recording failed. */
size_t store_baseline_cursor_close(struct baseline_cursor *c);

/*
 * Baselines that refer to a parent (schema 8): a save with --trust-mtime
 * writes only the files that differ from the trusted baseline's base (the
 * trusted one's parent, or itself when it has none: never a chain). The
 * summary, diff, lookup and cursor read the parent's files beneath the
 * child's own rows; deleting a parent first copies its files into each child.
 */
/* The baseline a child of id would refer to: id's parent, or id. */
int64_t store_baseline_base(struct store *s, int64_t id);
/* Makes the baseline being saved (id) a child of parent; -ENOTSUP on scratch tables. */
int store_baseline_set_parent(struct store *s, int64_t id, int64_t parent, struct err *err);
/*
 * After the walk of paths with cursors (child = id): the parent's files
 * outside the walked paths are recorded as vanished (those under them the
 * cursors recorded). Reads only the rows outside, not every row.
 */
int store_baseline_delta_finish(struct store *s, int64_t id, int64_t parent, char *const *paths, size_t n_paths,
				struct err *err);

enum baseline_change { BL_APPEARED, BL_VANISHED, BL_CHANGED };
/*
 * Calls fn for every item that differs between the stored baseline a
 * (before) and b (after: stored, or the scratch one when scratch tables exist), in (kind, key) order: before/after NULL when absent. A non-zero
 * return of fn stops the walk and is returned.
 */
int store_baseline_diff(struct store *s, int64_t a, int64_t b,
			int (*fn)(void *ctx, enum baseline_change c, const char *kind, const char *key,
				  const char *before, const char *after),
			void *ctx, struct err *err);

#endif
