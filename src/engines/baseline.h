/*
 * Baselines of the host (CH-1): what kyuka baseline save records, and the
 * comparison of two of them (kyuka diff, CH-0010). Items are streamed into
 * the store as they are read: accounts, groups, sudo grants, authorized keys
 * by fingerprint, listening sockets with their owners, enabled units, timers,
 * cron entries, packages, kernel modules, setuid/setgid files and a file
 * integrity snapshot of the configured paths (docs/baseline.md).
 */
#ifndef KYUKA_ENGINES_BASELINE_H
#define KYUKA_ENGINES_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "collect/root.h"
#include "model/finding.h"
#include "store/baseline.h"
#include "util/err.h"

/* The file system paths recorded when the configuration names none (and each home's .ssh). */
#define BASELINE_DEFAULT_PATHS "/etc", "/usr/bin", "/usr/sbin", "/usr/lib/systemd", "/boot", "/root/.ssh"
#define BASELINE_MAX_NOTES 32

struct baseline_opts {
	char *const *paths;	/* NULL: the defaults and every home's .ssh */
	size_t n_paths;
	const char *label;	/* "baseline" or "now" */
	time_t at;
	bool no_files;		/* skip the file-integrity walk (kyuka watch: accounts, keys, listeners, units, cron) */
	int64_t trust;		/* > 0: reuse this baseline's digest of a file whose size, mtime, ctime and inode match */
	unsigned threads;	/* that hash files; 0: one per core, 1: in the walk */
};

struct baseline_result {
	int64_t id;
	char sha256[65];
	size_t n_items, n_files, n_hashed, n_trusted;
	size_t n_unread;		/* of n_items: "unread" items (what could not be read) */
	unsigned long long bytes_hashed;
	size_t unreadable;		/* file system entries that could not be read */
	unsigned threads;		/* that hashed */
	char *notes[BASELINE_MAX_NOTES];	/* what could not be read, plain text (owned) */
	size_t n_notes;
};
void baseline_result_free(struct baseline_result *res);

/* Reads the host and records a baseline in one transaction (rolled back on failure). */
int baseline_save(const struct root *r, struct store *st, const struct baseline_opts *o, struct baseline_result *res,
		  struct err *err);

/* One difference, classified. */
struct baseline_delta {
	enum baseline_change change;
	const char *kind, *key, *before, *after;	/* before/after NULL when absent */
	enum severity severity;
	const char *item;	/* advisory item: "AC-1", "CH-1", ... */
	bool explained;		/* by the package manager (severity info) */
	char why[512];		/* the explanation, or what makes it serious (plain text, may be "") */
};

/*
 * Compares baseline a (before) with b (after) and calls fn for each
 * difference in (kind, key) order. live: b was read from this root just now,
 * so a changed file may be checked against dpkg's md5sums there (NULL: only
 * package version changes explain). A non-zero return of fn stops.
 */
int baseline_diff(struct store *st, int64_t a, int64_t b, const struct root *live,
		  int (*fn)(void *ctx, const struct baseline_delta *d), void *ctx, struct err *err);

#endif
