/*
 * Windows event logs (.evtx) through the root, read with libevtx. A file is
 * recognised by its content (the "ElfFile\0" header), opened without
 * following a final symbolic link, and handed to libevtx by its descriptor
 * (/proc/self/fd/N), so what is read is what was opened inside the root.
 * Records are read one at a time by index; the strings of a record are
 * fetched only when asked for (most records of a Security log are not).
 * A record libevtx cannot read is counted and skipped, never an error.
 */
#ifndef KYUKA_COLLECT_EVTX_H
#define KYUKA_COLLECT_EVTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "collect/root.h"
#include "util/err.h"
#include "util/span.h"

#define EVTX_MAX_FILES 1024			/* .evtx files of a directory read */
#define EVTX_MAX_STRINGS 64			/* strings of a record fetched */
#define EVTX_MAX_STRING ((size_t)16 << 10)	/* bytes of one string kept (a task's XML is cut) */
#define EVTX_MAX_NAME 512			/* bytes of a provider name */
#define EVTX_MAX_RECORDS ((uint64_t)1 << 32)	/* records of one file looked at */

struct evtx_file;

/* One record: its head always, provider and strings after evtx_strings(). */
struct evtx_rec {
	uint64_t index;			/* in the file (0-based) */
	uint64_t id;			/* the record identifier (EventRecordID) */
	uint32_t event_id;		/* without the qualifiers */
	int64_t usec;			/* written time, microseconds since the epoch */
	bool no_time;			/* no written time and no TimeCreated in its XML (usec is then 0) */
	bool xml_time;			/* no written time: usec is the TimeCreated of its XML (seconds) */
	struct span provider;		/* valid until the next read of this file */
	struct span str[EVTX_MAX_STRINGS];
	size_t n_str;
	bool cut;			/* a string or the count was cut */
};

struct evtx_stats {
	uint64_t records;		/* in the file's readable chunks */
	uint64_t bad_records;		/* that libevtx could not read (skipped) */
	uint64_t recovered;		/* records libevtx found outside the readable chunks (not read) */
	bool corrupted;			/* libevtx marked the file corrupted (a damaged chunk) */
	char first_error[160];
};

/* 1 when the regular file at path (inside the root, a link followed) begins with the EVTX header, 0 when not. */
int evtx_sniff(const struct root *r, const char *path, struct err *err);
/* Opens a .evtx file inside the root. Caller frees with evtx_close(). */
int evtx_open(const struct root *r, const char *path, struct evtx_file **out, struct err *err);
/* Opens an open descriptor (kept open by the caller until evtx_close); name for messages. */
int evtx_open_fd(int fd, const char *name, struct evtx_file **out, struct err *err);
void evtx_close(struct evtx_file *f);
const struct evtx_stats *evtx_stats(const struct evtx_file *f);
/*
 * Reads the head of the next readable record (from *next on, which it
 * advances) into rec. 1: a record; 0: no more. A record that cannot be read
 * is counted in the stats and skipped.
 */
int evtx_next(struct evtx_file *f, uint64_t *next, struct evtx_rec *rec);
/* Fetches the provider name and the strings of the record evtx_next read last (into rec). */
void evtx_strings(struct evtx_file *f, struct evtx_rec *rec);
/*
 * The regular files of a directory inside the root that begin with the EVTX
 * header (whatever their names), sorted, at most EVTX_MAX_FILES (then
 * *truncated). Links and other types are skipped. Caller frees with strv_free().
 */
int evtx_list_dir(const struct root *r, const char *dir, char ***paths, size_t *n, bool *truncated, struct err *err);

#endif
