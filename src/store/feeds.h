/*
 * Vulnerability feeds in the store (schema version 2, docs/store.md).
 *
 * An import is one transaction: store_feed_begin() locks the database and,
 * for a whole-feed import, deletes the feed's rows; rows are added; then
 * store_feed_commit() records the feed and commits, or store_feed_rollback()
 * leaves the previous data exactly as it was.
 */
#ifndef KYUKA_STORE_FEEDS_H
#define KYUKA_STORE_FEEDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/store.h"
#include "util/err.h"

/* Feed names: "dsa", "dla", "kev", "osv", "tracker". */

struct store_fix {
	const char *release, *package;
	const char *introduced;	/* NULL: from the first version */
	const char *fixed;	/* NULL: none */
	const char *tag;	/* "not-affected", "end-of-life", "last_affected:VERSION" ... or NULL */
};

struct store_advisory {
	const char *id;
	const char *published;	/* YYYY-MM-DD or NULL */
	const char *modified;	/* or NULL */
	const char *source;	/* or NULL */
	const char *title;	/* or NULL */
	const char *const *cves;
	size_t n_cves;
	const struct store_fix *fixes;
	size_t n_fixes;
};

struct store_kev {
	const char *cve, *vendor, *product, *name, *date_added, *due_date, *ransomware;
};

struct store_tracker {
	const char *release, *package, *cve, *status, *fixed, *urgency;
};

struct store_feed_meta {
	const char *name;
	const char *source;	/* file or URL */
	const char *sha256;	/* of the input, or NULL (feeds imported record by record) */
	const char *as_of;	/* newest date in the data, or NULL */
	time_t now;
};

/* The sha256 recorded for a feed ("" when none or never imported) into out[65]. */
int store_feed_sha256(struct store *s, const char *feed, char out[65], struct err *err);
/* The content is unchanged: only checked_at (and the source) are updated. */
int store_feed_touch(struct store *s, const char *feed, const char *source, time_t now, struct err *err);

/* BEGIN IMMEDIATE; with replace, deletes every row of the feed first. */
int store_feed_begin(struct store *s, const char *feed, bool replace, struct err *err);
/* Adds an advisory, replacing one of the same feed and ID. */
int store_feed_advisory(struct store *s, const char *feed, const struct store_advisory *a, struct err *err);
/* The recorded "modified" of an advisory into *modified (caller frees; NULL when absent). */
int store_feed_advisory_modified(struct store *s, const char *feed, const char *id, char **modified,
				 struct err *err);
int store_feed_kev(struct store *s, const struct store_kev *k, struct err *err);
int store_feed_tracker(struct store *s, const struct store_tracker *t, struct err *err);
/* Records the feed (n_records = its rows now) and commits. */
int store_feed_commit(struct store *s, const struct store_feed_meta *m, struct err *err);
void store_feed_rollback(struct store *s);

struct store_feed_info {
	char name[16];
	char *source;
	time_t imported_at, checked_at;
	char as_of[11];		/* "" when unknown */
	int64_t n_records;
	int64_t release_rows;	/* set by store_feed_release_rows(); -1 for a feed that names no release (kev) */
};
/* Every feed imported, by name. Caller frees with store_feed_infos_free(). */
int store_feed_list(struct store *s, struct store_feed_info **v, size_t *n, struct err *err);
void store_feed_infos_free(struct store_feed_info *v, size_t n);
/*
 * For each feed of v (from store_feed_list), how many of its rows name
 * release (fix lines of advisories, tracker records) into v[i].release_rows;
 * a feed that names no release (kev) gets -1.
 */
int store_feed_release_rows(struct store *s, const char *release, struct store_feed_info *v, size_t n,
			    struct err *err);

/* ---- matching ---- */

struct store_fix_row {
	const char *feed, *id, *published, *title;
	int64_t advisory;	/* row ID, for store_advisory_cves */
	const char *introduced, *fixed, *tag;
};
typedef int store_fix_fn(void *ctx, const struct store_fix_row *r, struct err *err);
/* Every advisory fix line for (release, source package). */
int store_fixes_for(struct store *s, const char *release, const char *package, store_fix_fn *fn, void *ctx,
		    struct err *err);
/* The CVEs of an advisory row, sorted. Caller frees each and the array. */
int store_advisory_cves(struct store *s, int64_t advisory, char ***cves, size_t *n, struct err *err);

typedef int store_tracker_fn(void *ctx, const struct store_tracker *t, struct err *err);
/* Every tracker record for (release, source package). */
int store_tracker_for(struct store *s, const char *release, const char *package, store_tracker_fn *fn,
		      void *ctx, struct err *err);
/* The tracker record of one (release, package, CVE); *found false when none. Strings valid until the next call. */
int store_tracker_get(struct store *s, const char *release, const char *package, const char *cve,
		      struct store_tracker *t, bool *found, struct err *err);

typedef int store_kev_fn(void *ctx, const struct store_kev *k, struct err *err);
int store_kev_all(struct store *s, store_kev_fn *fn, void *ctx, struct err *err);

#endif
