/* Expanding include patterns inside the root, shared by the sshd, sudoers and PAM collectors. */
#ifndef KYUKA_COLLECT_INCLUDE_H
#define KYUKA_COLLECT_INCLUDE_H

#include <stddef.h>

#include "collect/root.h"
#include "util/err.h"

/*
 * Expands a path whose last component may hold glob(7) wildcards into the
 * matching names inside the root, sorted; a path without wildcards is
 * returned as is (whether or not it exists). Wildcards in directory
 * components are refused (-EINVAL). Caller frees with strv_free().
 */
int include_glob(const struct root *r, const char *pattern, char ***paths, size_t *n, struct err *err);

/* Appends a formatted message to a list of messages (errors that do not stop a collector). */
void msg_list_add(char ***v, size_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
