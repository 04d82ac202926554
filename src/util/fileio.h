/* Writing our own output files: atomic (temp + rename), mode 0600. */
#ifndef KYUKA_UTIL_FILEIO_H
#define KYUKA_UTIL_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

#include "util/err.h"
#include "util/strbuf.h"

/*
 * Writes data to path through a temporary file in the same directory
 * (O_EXCL, mode 0600, fsync) and rename(2); on failure the old file is
 * untouched and the temporary file removed.
 */
int write_file_atomic(const char *path, const void *data, size_t len, struct err *err);
/* The same, but an existing path is left alone: -EEXIST ("'PATH' exists (--force replaces it)"). */
int write_file_new(const char *path, const void *data, size_t len, struct err *err);
/*
 * The same for a writer that takes a file name (libxlsxwriter): fill writes
 * tmp, a file created beforehand (mode 0600, empty) inside a private 0700
 * directory made in path's directory, so that nobody can swap it for a link;
 * then it is synced and renamed to path. fill returns 0 or a negative errno
 * with err set; on any failure path is untouched and the temporary removed.
 */
int write_file_atomic_fn(const char *path, int (*fill)(const char *tmp, void *arg, struct err *err), void *arg,
			 struct err *err);
/*
 * Reads fd to its end into out (replacing its contents), at most max bytes.
 * Returns 0, -EFBIG when there is more than max, or the negative errno of a
 * failed read (out unchanged on failure).
 */
int read_fd_max(int fd, size_t max, struct strbuf *out);
/*
 * Reads up to len bytes at off into buf, retrying short reads and EINTR; stops early at the end
 * of the file. Returns the bytes read, or the negative errno of a failed read.
 */
ssize_t pread_full(int fd, void *buf, size_t len, off_t off);
/* mkdir -p with mode 0700 for missing components. */
int mkdir_p(const char *path, struct err *err);
/*
 * Removes dfd/name and, when it is a directory, what it holds, up to
 * max_depth levels below it, by descriptor: no link is followed, so a
 * directory swapped for a link meanwhile cannot send it elsewhere (each
 * directory is made 0700 first, for trees restored with 0500 ones).
 * Best effort: what cannot be removed stays.
 */
void rm_tree_at(int dfd, const char *name, unsigned max_depth);

#endif
