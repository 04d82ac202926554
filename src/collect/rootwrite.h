/*
 * The few writes kyuka makes inside --root, only when asked (kyuka watch
 * install/uninstall): each directory is resolved in the root without
 * following a link, files are written to a temporary name and renamed
 * (atomic), never through a link.
 */
#ifndef KYUKA_COLLECT_ROOTWRITE_H
#define KYUKA_COLLECT_ROOTWRITE_H

#include <stddef.h>
#include <sys/types.h>

#include "collect/root.h"
#include "util/err.h"

/* Writes dir/name (dir must exist) with mode, replacing a regular file of that name. */
int root_write_file(const struct root *r, const char *dir, const char *name, const char *data, size_t len,
		    mode_t mode, struct err *err);
/* Creates dir/name (0755) unless it exists as a directory. */
int root_mkdir(const struct root *r, const char *dir, const char *name, struct err *err);
/* Makes dir/name a symbolic link to target (an existing link to the same target is kept). */
int root_symlink(const struct root *r, const char *dir, const char *name, const char *target, struct err *err);
/* Removes dir/name; 0 when it was removed, -ENOENT (err not set) when it was not there. */
int root_unlink(const struct root *r, const char *dir, const char *name, struct err *err);

#endif
