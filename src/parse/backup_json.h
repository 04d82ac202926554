/*
 * What restic and borg say about their repositories, in their JSON: bytes in,
 * structs out (json-c; no I/O, no clock, no locale).
 *
 *   restic snapshots --json          one array of snapshot objects
 *   restic ls --json SNAPSHOT        JSON lines: the snapshot, then one node per line
 *   borg list --json REPO            {"archives": [...], ...}   (times in UTC: run with TZ=UTC)
 *   borg list --json-lines REPO::A   JSON lines: one item per line
 *
 * Every count and length is capped; a line or element that cannot be read is
 * counted in bad, never silently dropped.
 */
#ifndef KYUKA_PARSE_BACKUP_JSON_H
#define KYUKA_PARSE_BACKUP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "parse/limits.h"
#include "util/err.h"

#define BACKUP_JSON_MAX_BYTES ((size_t)256 << 20)	/* a listing of a few million files */
#define BACKUP_JSON_MAX_DEPTH 16
#define BACKUP_MAX_SNAPSHOTS ((size_t)100000)
#define BACKUP_MAX_SNAPSHOT_PATHS ((size_t)4096)
#define BACKUP_MAX_PATH ((size_t)4096)			/* bytes of one path */
#define BACKUP_MAX_ID ((size_t)128)

struct backup_snapshot {
	char *id;		/* restic: the full ID; borg: the archive name */
	char *short_id;		/* restic short_id or borg archive ID prefix (may be "") */
	time_t time;
	char *hostname;		/* "" when not given */
	char **paths;		/* restic: the backed-up paths; borg: none */
	size_t n_paths;
};

struct backup_snapshots {
	struct backup_snapshot *v;
	size_t n;
	struct parse_bad bad;	/* elements without a usable time or ID (line = element index + 1) */
};

/* Each returns 0 (out filled; caller frees with backup_snapshots_free) or -EINVAL / -EFBIG with err. */
int restic_snapshots_parse(const char *buf, size_t len, struct backup_snapshots *out, struct err *err);
int borg_archives_parse(const char *buf, size_t len, struct backup_snapshots *out, struct err *err);
void backup_snapshots_free(struct backup_snapshots *s);
/* Index of the newest snapshot, or -1 when there is none. */
long backup_snapshots_newest(const struct backup_snapshots *s);

enum backup_entry_type { BE_FILE, BE_DIR, BE_LINK, BE_OTHER };

struct backup_entry {
	char *path;		/* as stored: restic "/etc/x", borg "etc/x" */
	enum backup_entry_type type;
	uint64_t size;
	time_t mtime;		/* 0 when unknown */
};

struct backup_listing {
	struct backup_entry *v;
	size_t n;
	size_t n_files;
	uint64_t file_bytes;	/* sum of the regular files' sizes */
	struct parse_bad bad;	/* lines that are not entries */
	bool have_snap;		/* restic: the snapshot line ls printed first */
	struct backup_snapshot snap;
};

/* JSON lines; restic's snapshot line fills snap. 0 or -EINVAL / -EFBIG / -E2BIG with err. */
int restic_ls_parse(const char *buf, size_t len, struct backup_listing *out, struct err *err);
int borg_items_parse(const char *buf, size_t len, struct backup_listing *out, struct err *err);
void backup_listing_free(struct backup_listing *l);

#endif
