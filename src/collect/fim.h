/*
 * File integrity: a walk of a tree inside the root that never follows a
 * symbolic link (the top path opened with ROOT_NOFOLLOW, each entry below it
 * looked up by name in its directory's descriptor with AT_SYMLINK_NOFOLLOW,
 * a link reported as a link with its target), and the hashing of a regular
 * file it met. An entry's status comes from fstatat alone; its link target,
 * extended attributes and digest are read only when the caller asks
 * (fim_detail, fim_hash), so that a re-check that trusts an unchanged
 * status costs one system call per file.
 */
#ifndef KYUKA_COLLECT_FIM_H
#define KYUKA_COLLECT_FIM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "collect/root.h"
#include "util/err.h"

#define FIM_MAX_DEPTH 64		/* directories below a configured path */
#define FIM_MAX_DIR_ENTRIES 1000000	/* entries of one directory */
#define FIM_MAX_LINK 4096
#define FIM_MAX_XATTRS 1024		/* bytes of the "name=hex,..." list kept */

struct fim_entry {
	const char *path;		/* inside the root */
	struct stat st;			/* of the entry itself (a link is not followed) */
	char link[FIM_MAX_LINK];	/* after fim_detail: target of a symbolic link, "" otherwise */
	char xattrs[FIM_MAX_XATTRS];	/* after fim_detail: "security.capability=01000002...,user.x" ("" none) */
	/* the walk's: */
	int dirfd;			/* the parent directory (O_PATH), -1 for the top path */
	const char *name;		/* in dirfd */
	int fd;				/* O_PATH descriptor of the entry once opened, else -1 */
	int rfd;			/* a regular file opened for reading by fim_detail (for fim_hash), else -1 */
};

/*
 * Calls fn for path and, when it is a directory, every entry beneath it
 * (sorted, depth first). An entry that cannot be read is counted in
 * *unreadable and its first error kept in first_err (may be NULL); a missing
 * path is no error (returns 0, fn never called). A non-zero return of fn stops
 * the walk and is returned.
 */
int fim_walk(const struct root *r, const char *path, int (*fn)(void *ctx, struct fim_entry *e), void *ctx,
	     size_t *unreadable, struct err *first_err);

/*
 * As fim_walk, the same entries in the same order, but listed and stated on a
 * second thread that walks ahead of fn (called in the caller's thread) by at
 * most a few thousand entries: for a re-check that mostly only compares the
 * status. An entry's dirfd stays open while fn may use it.
 */
int fim_walk_ahead(const struct root *r, const char *path, int (*fn)(void *ctx, struct fim_entry *e), void *ctx,
		   size_t *unreadable, struct err *first_err);

/* Reads the entry's link target and extended attributes (values of security.* only). */
int fim_detail(struct fim_entry *e, struct err *err);

enum fim_digest { FIM_SHA256, FIM_MD5 };
/* Hashes the regular file of e (opened for reading); hex gets the digest, *bytes its size read. */
int fim_hash(struct fim_entry *e, enum fim_digest d, char hex[65], unsigned long long *bytes, struct err *err);
/*
 * Hashing on several threads, memory bounded: fim_pool_submit opens the
 * entry's file for reading in the walk (as fim_hash does: the file the walk
 * resolved, never a new lookup) and queues it; a worker hashes it. At most
 * FIM_POOL_DEPTH_PER_THREAD * threads files are in flight (open descriptors
 * and tags): submit first hands finished ones back when the queue is full.
 * done() always runs in the calling thread, in no particular order: the
 * caller owns tag and frees it there. A failure to open is handed back
 * through done() too (err set), so the caller has one path for results.
 */
#define FIM_POOL_MAX_THREADS 64
#define FIM_POOL_DEPTH_PER_THREAD 16
struct fim_pool;
struct fim_result {
	void *tag;
	char hex[65];
	unsigned long long bytes;
	int rc;			/* 0 or a negative errno, detail in err */
	struct err err;
};
typedef int (*fim_done_fn)(void *ctx, const struct fim_result *res);
/* threads 0: one per online core (at most FIM_POOL_MAX_THREADS). Returns 0 or a negative errno. */
int fim_pool_new(unsigned threads, enum fim_digest d, fim_done_fn done, void *ctx, struct fim_pool **out,
		 struct err *err);
unsigned fim_pool_threads(const struct fim_pool *p);
/* Queues the regular file of e; a non-zero return of done() (called for finished jobs) is returned. */
int fim_pool_submit(struct fim_pool *p, struct fim_entry *e, void *tag);
/* Waits for every queued file and hands it to done(); a non-zero return of done() is returned (the rest still drained). */
int fim_pool_finish(struct fim_pool *p);
/* Stops the workers (after fim_pool_finish, or to abandon: queued tags are handed to done() with -ECANCELED). */
void fim_pool_free(struct fim_pool *p);

/* Hashes a regular file by path (ROOT_NOFOLLOW). -ENOENT when absent. */
int fim_hash_path(const struct root *r, const char *path, enum fim_digest d, char hex[65], struct err *err);

#endif
