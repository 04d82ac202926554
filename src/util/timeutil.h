/* Time parsing and formatting, strict; no locale. */
#ifndef KYUKA_UTIL_TIMEUTIL_H
#define KYUKA_UTIL_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * RFC 3339 / ISO 8601: "2026-12-26T09:00:00+09:00", "...Z", fractional
 * seconds ignored, or a bare date "2026-12-26" (midnight UTC). Returns 0 or
 * -EINVAL.
 */
int time_parse_iso8601(const char *s, size_t len, time_t *out);
/* Days since the epoch of a YYYY-MM-DD date (validated). */
int date_to_days(const char *s, size_t len, long *days);
/* "2026-12-26T00:00:00Z" into buf (at least 21 bytes). */
void time_format_utc(time_t t, char *buf, size_t size);
/* "2026-12-26" of a day count since the epoch into buf (at least 11 bytes). */
void days_format(long days, char *buf, size_t size);
/*
 * "2026-12-31 03:20:34 +0900": t at a UTC offset of whole minutes, for years
 * 1000 to 9999, into at least 26 bytes (else -1, nothing written). As
 * strftime's "%F %T %z".
 */
int time_format_local(int64_t t, int32_t offset, char *buf, size_t size);

#endif
