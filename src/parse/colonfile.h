/*
 * The line rules shared by /etc/passwd, /etc/shadow, /etc/group and
 * /etc/gshadow, which glibc's nss_files reads alike. Internal to the
 * account-database parsers (parse/accounts.h is their public face).
 */
#ifndef KYUKA_PARSE_COLONFILE_H
#define KYUKA_PARSE_COLONFILE_H

#include <stddef.h>

#include "parse/limits.h"
#include "util/err.h"
#include "util/span.h"

#define COLONFILE_MAX_FIELDS 9	/* shadow has the most */

/*
 * Called with the ':' fields f[0..nfields-1] of one data line (f[0], the
 * name, is never empty) and its 1-based number. Returns NULL once it has
 * kept an entry for the line, or the reason (a static string) the line is
 * malformed, having kept nothing and leaked nothing.
 */
typedef const char *colonfile_line_fn(void *ctx, const struct span *f, size_t line);

/*
 * Walks buf (any bytes, need not be terminated; NULL reads as empty) line by
 * line. Leading white space is skipped; blank and '#' lines are ignored.
 * Lines over PARSE_MAX_LINE or holding a NUL byte, NIS compat lines ('+',
 * '-'), lines of other than nfields fields and lines with an empty name are
 * recorded in *bad with their reason; every other line goes to fn, and the
 * reason fn returns, if any, is recorded too.
 * Returns 0, or -E2BIG (err set) as soon as fn has kept more than
 * PARSE_MAX_ENTRIES entries; the caller then frees all that fn kept.
 * nfields is 1 to COLONFILE_MAX_FIELDS (else -EINVAL).
 */
int colonfile_walk(const char *buf, size_t len, size_t nfields, colonfile_line_fn *fn,
		   void *ctx, struct parse_bad *bad, struct err *err);

/*
 * colonfile_walk for files whose lines may have from min_fields to
 * max_fields fields (glibc reads /etc/shadow lines of 5, 6, 8 and 9): the
 * absent fields reach fn as spans with p == NULL.
 */
int colonfile_walk_range(const char *buf, size_t len, size_t min_fields, size_t max_fields,
			 colonfile_line_fn *fn, void *ctx, struct parse_bad *bad, struct err *err);

/*
 * s without its leading white space (isspace() in the "C" locale), as glibc
 * skips it before a line and before a member-list item.
 */
struct span colonfile_skip_space(struct span s);

#endif
