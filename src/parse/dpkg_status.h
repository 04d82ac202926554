/*
 * /var/lib/dpkg/status: bytes in, installed binary packages out. Stanzas of
 * "Field: value" lines (continuation lines start with a blank) separated by
 * blank lines, as dpkg writes them. Field names are case-insensitive; only
 * Package, Status, Architecture, Version and Source are kept.
 */
#ifndef KYUKA_PARSE_DPKG_STATUS_H
#define KYUKA_PARSE_DPKG_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/limits.h"
#include "util/err.h"

struct dpkg_pkg {
	char *name;
	char *arch;		/* "" when absent */
	char *version;		/* "" only when not installed */
	char *source;		/* the source package: Source's name, else the package name */
	char *source_version;	/* "Source: name (version)", else the version */
	char *state;		/* Status's third word: "installed", "config-files", ... */
	bool installed;		/* its files are on disk: installed, unpacked, half-*, triggers-* */
	size_t line;		/* 1-based line of the stanza's first field */
};

struct dpkg_status {
	struct dpkg_pkg *v;
	size_t n, alloc;
	size_t n_installed;
	struct parse_bad bad;	/* stanzas refused, by their first line */
};

/*
 * Parses buf (any bytes, need not be terminated). Malformed stanzas (no
 * Package, invalid name, no or bad Status, a version dpkg refuses, a
 * duplicate field, a line over PARSE_MAX_LINE or holding a NUL byte) are
 * counted in out->bad and skipped. Returns 0, or -E2BIG past
 * PARSE_MAX_ENTRIES stanzas (err set, nothing kept). Caller frees with
 * dpkg_status_free().
 */
int dpkg_status_parse(const char *buf, size_t len, struct dpkg_status *out, struct err *err);
void dpkg_status_free(struct dpkg_status *s);

#endif
