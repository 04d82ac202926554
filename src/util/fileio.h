/* Writing our own output files: atomic (temp + rename), mode 0600. */
#ifndef KYUKA_UTIL_FILEIO_H
#define KYUKA_UTIL_FILEIO_H

#include <stddef.h>

#include "util/err.h"

/*
 * Writes data to path through a temporary file in the same directory
 * (O_EXCL, mode 0600, fsync) and rename(2); on failure the old file is
 * untouched and the temporary file removed.
 */
int write_file_atomic(const char *path, const void *data, size_t len, struct err *err);
/* mkdir -p with mode 0700 for missing components. */
int mkdir_p(const char *path, struct err *err);

#endif
