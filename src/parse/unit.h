/*
 * systemd unit files (systemd.syntax(7)): "[Section]" headers, "Key=Value"
 * lines, "#" and ";" comments, a backslash at the end of a line continues
 * it. A drop-in is parsed into the same struct after the unit, so a later
 * assignment overrides an earlier one and an empty one resets a list. And
 * the output of `systemd-analyze calendar`. Pure.
 */
#ifndef KYUKA_PARSE_UNIT_H
#define KYUKA_PARSE_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/limits.h"
#include "util/err.h"

#define UNIT_MAX_ENTRIES	4096	/* assignments over a unit and its drop-ins */
#define UNIT_MAX_VALUE		4096	/* bytes of one value after continuations */

struct unit_entry {
	char *section;
	char *key;
	char *value;
	size_t line;
};

struct unit_file {
	struct unit_entry *v;
	size_t n, alloc;
	struct parse_bad bad;
};

/* Appends the assignments of one file to u. Returns 0 or -E2BIG beyond UNIT_MAX_ENTRIES. */
int unit_parse(const char *buf, size_t len, struct unit_file *u, struct err *err);
void unit_free(struct unit_file *u);

/*
 * The values of a list setting (OnCalendar=, ListenStream=) in order, an
 * empty assignment dropping the ones before it; at most max. Returns the
 * count; pointers stay valid while u lives.
 */
size_t unit_get_list(const struct unit_file *u, const char *section, const char *key, const char **out, size_t max);
/* The last assignment of a single setting, or NULL. */
const char *unit_get(const struct unit_file *u, const char *section, const char *key);
/* systemd booleans: 1/yes/true/on, 0/no/false/off; -EINVAL otherwise. */
int unit_bool(const char *v, bool *out);
/* A time span ("1d", "12h 30min", "90", "1w2d") in seconds; -EINVAL or -ERANGE. */
int unit_timespan(const char *v, uint64_t *sec);

/*
 * The first "Next elapse:" date of `systemd-analyze calendar` output
 * ("    Next elapse: Sun 2026-12-27 00:00:00 JST") as YYYY-MM-DD into date.
 * Returns 0, or -ENOENT when the expression never elapses again, -EINVAL
 * for output it does not recognise.
 */
int calendar_next_date(const char *buf, size_t len, char date[11]);

#endif
