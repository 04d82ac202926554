/* What the vulnerability-feed parsers share: names, dates, JSON field access. Pure. */
#ifndef KYUKA_PARSE_FEEDUTIL_H
#define KYUKA_PARSE_FEEDUTIL_H

#include <stdbool.h>
#include <stddef.h>

struct json_object;

#define FEED_MAX_STRING ((size_t)64 << 10)	/* bytes of one kept string (titles, summaries) */

/* "CVE-2022-42856": CVE-, four digits, -, 4 to 19 digits. */
bool cve_id_valid(const char *s, size_t len);
/* A strict calendar date YYYY-MM-DD (years 1970..9999) at s (at least 10 bytes read only when len >= 10). */
bool feed_date_valid(const char *s, size_t len);
/* Debian's codename for a release number ("12" -> "bookworm"), NULL when unknown. */
const char *debian_codename(const char *num, size_t len);
/* A version number for a codename ("bookworm" -> "12"), NULL when unknown. */
const char *debian_release_number(const char *codename);

/*
 * The string member key of obj: NULL when absent or JSON null; otherwise it
 * must be a string of at most max bytes without NUL (else *bad is set).
 */
const char *json_str(struct json_object *obj, const char *key, size_t max, size_t *len, bool *bad);
/* A copy (caller frees) of printable text: control characters are kept (renderers escape). */
char *json_strdup(struct json_object *obj, const char *key, size_t max, bool *bad);

#endif
