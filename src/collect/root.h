/*
 * The audited system, seen through a root directory (--root, default "/").
 * Paths are named as the target sees them ("/etc/shadow"); every lookup is
 * resolved inside the root (openat2 RESOLVE_IN_ROOT) so no symlink or ".."
 * can escape it. Files are opened read-only and never created or changed.
 */
#ifndef KYUKA_COLLECT_ROOT_H
#define KYUKA_COLLECT_ROOT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "util/err.h"
#include "util/strbuf.h"

struct root;

enum root_flags {
	/* Refuse a symlink anywhere in the path (files users control: ~/.ssh/...). */
	ROOT_NOFOLLOW = 1u << 0,
	/* Do not fail when the file is absent: return -ENOENT without setting err. */
	ROOT_MISSING_OK = 1u << 1,
};

/* Opens DIR as the root. Caller frees with root_close(). */
int root_open(const char *dir, struct root **out, struct err *err);
void root_close(struct root *r);
/* The directory as given by the user (for reports). */
const char *root_dir(const struct root *r);
/* True when the root is the running host's "/" (live /proc etc. are meaningful). */
bool root_is_host(const struct root *r);

/*
 * Reads a whole regular file of at most max bytes into out (replacing its
 * contents). Returns 0; -ENOENT; -EFBIG when larger than max; -ELOOP for a
 * refused symlink; -EINVAL when not a regular file; other negative errno.
 * st (may be NULL) receives the file's status.
 */
int root_read_file(const struct root *r, const char *path, size_t max, unsigned flags,
		   struct strbuf *out, struct stat *st, struct err *err);

/*
 * Reads dir/rel where dir is resolved inside the root (links allowed: it is
 * named by the administrator, e.g. a home directory from passwd) and rel is
 * resolved beneath dir refusing every symlink (it is controlled by a user).
 * A file with several hard links is refused too (-EMLINK): it could be a
 * link to a file the user may not read. Same returns as root_read_file().
 */
int root_read_user_file(const struct root *r, const char *dir, const char *rel, size_t max,
			struct strbuf *out, struct stat *st, struct err *err);

/* Opens a path read-only; returns an fd (caller closes) or a negative errno. */
int root_open_fd(const struct root *r, const char *path, int oflags, unsigned flags, struct err *err);

/*
 * Opens a regular file for reading (O_RDONLY, non-blocking); anything that is
 * not a regular file is refused before it is opened (-EINVAL), a refused link
 * is -ELOOP. st (may be NULL) receives its status. Returns the fd (caller closes).
 */
int root_open_regular(const struct root *r, const char *path, unsigned flags, struct stat *st, struct err *err);

/* stat(2) inside the root; with ROOT_NOFOLLOW a final symlink is reported, not followed (lstat). */
int root_stat(const struct root *r, const char *path, unsigned flags, struct stat *st, struct err *err);

/*
 * Lists a directory's entries (no "." or ".."), sorted bytewise, at most max
 * entries (-E2BIG beyond). Caller frees with strv_free().
 */
int root_list_dir(const struct root *r, const char *path, size_t max, unsigned flags,
		  char ***names, size_t *n, struct err *err);
void strv_free(char **v, size_t n);

/* The caps collectors use when reading system files. */
#define ROOT_MAX_SMALL_FILE ((size_t)16 << 20)	/* passwd, sudoers, configs: 16 MiB */

#endif
