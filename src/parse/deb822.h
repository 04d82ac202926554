/*
 * deb822 stanzas (apt's Packages and Release files, dpkg's status, apt
 * preferences, .sources files): "Field: value" lines, continuation lines
 * starting with a blank, stanzas separated by blank lines; lines starting
 * with '#' are comments. Bytes in, spans out (pointing into the input).
 * Pure and bounded: DEB822_MAX_FIELDS fields a stanza, DEB822_MAX_LINE a
 * line, DEB822_MAX_STANZA bytes a stanza. A line may be longer than
 * PARSE_MAX_LINE: Debian's Packages files hold Provides lines of a few
 * hundred kilobytes (librust-*-dev).
 */
#ifndef KYUKA_PARSE_DEB822_H
#define KYUKA_PARSE_DEB822_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/limits.h"
#include "util/span.h"

#define DEB822_MAX_FIELDS 96
#define DEB822_MAX_STANZA ((size_t)4 << 20)
#define DEB822_MAX_LINE ((size_t)1 << 20)

struct deb822_field {
	struct span name;	/* "Package" */
	struct span value;	/* trimmed; continuation lines included with their newlines */
};

struct deb822_stanza {
	struct deb822_field f[DEB822_MAX_FIELDS];
	size_t n;
	struct span raw;	/* the stanza's bytes */
	size_t line;		/* 1-based line of its first field */
};

/*
 * Takes the next stanza from *rest (advancing it; *lineno counts lines, start
 * it at 0). Returns 1 with *st filled, 0 at the end, -EBADMSG for a stanza
 * refused (a line without ':', a continuation line first, a NUL byte, too
 * many fields, a line or stanza over its cap: *why, a static string, and
 * st->line say which; the stanza is skipped and the next call goes on).
 */
int deb822_next(struct span *rest, size_t *lineno, struct deb822_stanza *st, const char **why);

/* The value of a field (name case-insensitive), or an empty span with p == NULL when absent. */
struct span deb822_get(const struct deb822_stanza *st, const char *name);

/*
 * A clearsigned InRelease file's signed text (between the armour header
 * lines and "-----BEGIN PGP SIGNATURE-----"); the input itself when it is not
 * clearsigned. Dash-escaped lines are not unescaped (Release files have none).
 */
struct span deb822_unarmor(struct span in);

#endif
