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

/* Reads the entry's link target and extended attributes (values of security.* only). */
int fim_detail(struct fim_entry *e, struct err *err);

enum fim_digest { FIM_SHA256, FIM_MD5 };
/* Hashes the regular file of e (opened for reading); hex gets the digest, *bytes its size read. */
int fim_hash(struct fim_entry *e, enum fim_digest d, char hex[65], unsigned long long *bytes, struct err *err);
/* Hashes a regular file by path (ROOT_NOFOLLOW). -ENOENT when absent. */
int fim_hash_path(const struct root *r, const char *path, enum fim_digest d, char hex[65], struct err *err);

#endif
