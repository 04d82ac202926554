/* Expanding include patterns inside the root, shared by the sshd, sudoers and PAM collectors. */
#ifndef KYUKA_COLLECT_INCLUDE_H
#define KYUKA_COLLECT_INCLUDE_H

#include <stdbool.h>
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

/*
 * Appends a formatted message to a list of messages (errors that do not stop
 * a collector). At most INCLUDE_MAX_MESSAGES are kept; the last one kept then
 * says that more were left out.
 */
#define INCLUDE_MAX_MESSAGES 32
void msg_list_add(char ***v, size_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * The bounds of one include walk (sshd_config, sudoers or a PAM service with
 * what it includes), shared by the three collectors: the chain of files
 * being read (an include of a file already on it is a loop, which the
 * program itself refuses too), and caps on the work a hostile tree can ask
 * for. Each collector has its own depth limit, the one of the program it
 * models, at most INCLUDE_MAX_CHAIN - 1.
 */
#define INCLUDE_MAX_CHAIN 160			/* files open at once (nesting depth + 1) */
#define INCLUDE_MAX_ATTEMPTS 4096		/* files and patterns tried in one walk */
#define INCLUDE_MAX_BYTES ((size_t)64 << 20)	/* bytes read in one walk */

struct include_walk {
	const char *chain[INCLUDE_MAX_CHAIN];	/* outermost first; borrowed strings */
	int depth;				/* entries in chain */
	size_t attempts;
	size_t bytes;
	bool stopped;				/* a cap of the walk was reached: nothing more is read */
};

/*
 * Before reading path (the file or service name to open) at the walk's
 * depth: 0 when it may be read; otherwise a negative errno with a message
 * (-ELOOP for a loop or a depth over max_depth, -E2BIG when a cap of the
 * walk is reached). program names whose limit max_depth is ("sshd").
 */
int include_enter(struct include_walk *w, const char *path, int max_depth, const char *program, struct err *err);
/* After path was read (or failed) following a successful include_enter(). */
void include_leave(struct include_walk *w);
/* Counts n bytes read; -E2BIG with a message when the walk's byte cap is passed (it stops). */
int include_account(struct include_walk *w, size_t n, struct err *err);

#endif
