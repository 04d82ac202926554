/*
 * The malware scan (kyuka scan, AV-2): libclamav with one engine loaded and
 * compiled once and shared by a pool of processes, and optionally libyara
 * with a directory of rules compiled once. Files are reached through the
 * root by descriptor (openat with O_NOFOLLOW from the directory above), so
 * no symlink is followed and nothing outside the root is read; anything
 * that is not a regular file or a directory is skipped. Windows autostart
 * places met on the way (Startup folders, scheduled task files) are listed.
 */
#ifndef KYUKA_ENGINES_SCAN_H
#define KYUKA_ENGINES_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "collect/root.h"
#include "util/err.h"

#define SCAN_MAX_DEPTH		64			/* directory levels below a scanned path */
#define SCAN_MAX_FILESIZE	((uint64_t)200 << 20)	/* a larger file is not scanned (listed as skipped) */
#define SCAN_MAX_SCANSIZE	((uint64_t)400 << 20)	/* data libclamav reads from one file, archives included */
#define SCAN_MAX_RECURSION	17			/* archive nesting (libclamav's default) */
#define SCAN_MAX_FILES_IN	10000			/* files inside one archive */
#define SCAN_MAX_SCANTIME_MS	120000			/* per file */
#define SCAN_MAX_THREADS	64
#define SCAN_MAX_LISTED		10000			/* detections, errors, skips and autostart entries kept */
#define SCAN_YARA_MAX_OFFSETS	8			/* match offsets kept per rule and file */

struct scan_opts {
	const struct root *root;
	char *const *paths;		/* as the target sees them */
	size_t n_paths;
	const char *database;		/* ClamAV database file or directory on this machine; NULL: libclamav's default */
	const char *yara_rules;		/* directory of *.yar / *.yara on this machine; NULL: none */
	unsigned threads;		/* scanning processes; 0: one more than the cores */
	/* Called from the walking thread about every 100 ms (may be NULL). */
	void (*progress)(void *arg, unsigned long long files, unsigned long long bytes, unsigned long long infected);
	void *progress_arg;
	/* Tests only: called in a scanning process before each file (by its number, from 1), and the
	 * time a file may take before its process is stopped (0: SCAN_MAX_SCANTIME_MS and a minute). */
	void (*test_in_process)(uint32_t seq);
	unsigned test_watchdog_ms;
};

struct scan_hit {
	char *path;
	char *engine;		/* "clamav" or "yara" */
	char *name;		/* the signature or the rule */
	char *detail;		/* YARA: "$a at 0x10, 0x80"; "" for ClamAV */
};

struct scan_note {
	char *path;
	char *why;		/* untranslated reason ("not a regular file", "larger than 200 MiB", an error) */
};

struct scan_result {
	unsigned long long files, bytes, infected, errors, skipped, dirs;
	struct scan_hit *hits;
	size_t n_hits;
	struct scan_note *errs, *skips;
	size_t n_errs, n_skips;
	char **autostart;	/* Windows Startup folder entries and scheduled task files */
	size_t n_autostart;
	char engine[32];	/* libclamav's version */
	unsigned db_version;	/* the newest database version loaded (daily) */
	unsigned sigs;		/* ClamAV signatures loaded */
	unsigned yara_rules;	/* YARA rules compiled */
	bool complete;		/* no error and every path was walked */
	time_t started, finished;
	unsigned threads;
};

/*
 * Loads the database and rules, walks the paths and scans every regular
 * file. Returns 0 (the result says what was found), -ENOENT when there is
 * no ClamAV database (err says how to get one), or another negative errno.
 * Free the result with scan_result_free().
 */
int scan_run(const struct scan_opts *o, struct scan_result *out, struct err *err);
void scan_result_free(struct scan_result *r);

#endif
