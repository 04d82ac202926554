/*
 * Importing vulnerability feeds into the store: DSA/DLA lists, the CISA KEV
 * catalog, OSV records (single JSON files or an ecosystem's all.zip, read
 * with libarchive) and the Debian tracker JSON (streamed). Each file is one
 * transaction: a truncated or malformed file is an error and the data
 * imported before stays as it was. Importing the same content again changes
 * no data (only the feed's checked_at time).
 */
#ifndef KYUKA_ENGINES_FEEDS_H
#define KYUKA_ENGINES_FEEDS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "store/store.h"
#include "util/err.h"

enum feed_kind { FEED_AUTO, FEED_DSA, FEED_DLA, FEED_KEV, FEED_OSV, FEED_TRACKER, FEED__COUNT };

#define FEED_MAX_LIST ((size_t)256 << 20)	/* DSA/DLA list file */
#define FEED_MAX_ZIP_ENTRIES ((size_t)2000000)
#define FEED_STREAM_CHUNK ((size_t)1 << 20)

/* "dsa", "dla", "kev", "osv", "tracker" (and "auto"). */
const char *feed_kind_name(enum feed_kind k);
int feed_kind_parse(const char *s, enum feed_kind *out);

struct feed_import {
	enum feed_kind kind;		/* as detected */
	size_t records;			/* advisories, KEV entries or tracker records read */
	size_t skipped;			/* OSV records in a zip that were not valid OSV */
	char first_skip[256];		/* why the first was skipped */
	bool unchanged;			/* same content as before: nothing written but checked_at */
	size_t bytes;
	double seconds;
};

/*
 * Imports the file at path (a regular file; kind FEED_AUTO detects it from
 * its first bytes). source names it in the feeds table (a URL for
 * downloads; NULL: the path). now is the import time.
 */
int feeds_import_file(struct store *s, const char *path, enum feed_kind kind, const char *source, time_t now,
		      struct feed_import *res, struct err *err);

/* Detects a feed from the first bytes of a file (FEED_AUTO when unknown). */
enum feed_kind feed_detect(const char *buf, size_t len);

#endif
