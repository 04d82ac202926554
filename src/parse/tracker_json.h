/*
 * The Debian security tracker's JSON (https://security-tracker.debian.org/tracker/data/json):
 *
 *   {"webkit2gtk": {"CVE-2022-42856": {"scope": "remote", "releases": {"bullseye":
 *     {"status": "resolved", "fixed_version": "2.38.3-1~deb11u1", "urgency": "not yet assigned",
 *      "repositories": {...}}}}}, ...}
 *
 * Streamed: the file (tens of MB) is fed in chunks of any size and one
 * package at a time is held in memory. The top level is walked here; each
 * key and each package's value is given to json-c's incremental tokener,
 * which is told where the value ends. Every (package, CVE, release) becomes
 * one callback. Pure: no I/O, no globals.
 */
#ifndef KYUKA_PARSE_TRACKER_JSON_H
#define KYUKA_PARSE_TRACKER_JSON_H

#include <stddef.h>

#include "util/err.h"

#define TRACKER_MAX_VALUE ((size_t)64 << 20)	/* bytes of one package's value */
#define TRACKER_MAX_KEY ((size_t)4096)		/* bytes of one package name, as JSON */
#define TRACKER_MAX_DEPTH 16
#define TRACKER_MAX_WORD 256			/* release, status, urgency, fixed version */

struct tracker_rec {
	const char *package;
	const char *cve;		/* "CVE-2022-42856" (TEMP- and other IDs are skipped) */
	const char *release;		/* "bookworm" */
	const char *status;		/* "resolved", "open", "undetermined" */
	const char *fixed_version;	/* NULL when none */
	const char *urgency;		/* "" when none */
};

/* Returns 0 to go on, or a negative errno to stop the parse (with err set). */
typedef int tracker_fn(void *ctx, const struct tracker_rec *r, struct err *err);

struct tracker_stream;

/* Caller frees with tracker_stream_free(). */
struct tracker_stream *tracker_stream_new(tracker_fn *fn, void *ctx);
/*
 * Feeds the next len bytes. Returns 0, or a negative errno with err set
 * ("invalid JSON at byte 1234: ..."); after an error the stream refuses
 * more input.
 */
int tracker_stream_feed(struct tracker_stream *ts, const char *buf, size_t len, struct err *err);
/* The input has ended: 0 when it was one complete object, else -EINVAL ("truncated ..."). */
int tracker_stream_end(struct tracker_stream *ts, struct err *err);
/* Packages and records seen so far. */
size_t tracker_stream_packages(const struct tracker_stream *ts);
size_t tracker_stream_records(const struct tracker_stream *ts);
void tracker_stream_free(struct tracker_stream *ts);

#endif
