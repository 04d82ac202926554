/*
 * ClamAV's configuration files (freshclam.conf, clamd.conf: "Key value"
 * lines, '#' comments, the last setting of a key wins) and freshclam's
 * update log. Pure parsers: bytes in, struct out; bounded.
 */
#ifndef KYUKA_PARSE_CLAMCONF_H
#define KYUKA_PARSE_CLAMCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "parse/limits.h"

#define CLAMCONF_MAX_KEYS	1024		/* settings kept from one file */
#define CLAMCONF_MAX_VALUE	4096		/* a longer value is a malformed line */

struct clamconf_kv {
	char *key, *value;	/* value "" for a bare key */
	size_t line;
};

struct clamconf {
	struct clamconf_kv *v;	/* in file order */
	size_t n;
	bool example;		/* the "Example" line of the shipped template: clamav ignores the file */
	struct parse_bad bad;
};

/* Parses buf (any bytes). Returns 0 or -E2BIG past CLAMCONF_MAX_KEYS. Caller frees with clamconf_free(). */
int clamconf_parse(const char *buf, size_t len, struct clamconf *out);
void clamconf_free(struct clamconf *c);
/* The last value of key (case-insensitive, as clamav), or NULL; line (may be NULL) receives its line. */
const char *clamconf_get(const struct clamconf *c, const char *key, size_t *line);

/* What freshclam's log says about its updates. Times: the log's local clock read as UTC (0: undated). */
struct freshclam_log {
	size_t n_ok;		/* lines saying a database is up to date or was updated */
	size_t n_err;		/* ERROR: lines */
	time_t last_ok;		/* the newest dated success */
	time_t last_err;	/* the newest dated error */
	size_t last_ok_line, last_err_line;	/* 0: none */
	char last_ok_text[160];	/* the success line (bounded, control bytes replaced) */
	char last_err_text[160];
};

/* Parses the log; never fails (unknown lines are ignored). */
void freshclam_log_parse(const char *buf, size_t len, struct freshclam_log *out);

#endif
