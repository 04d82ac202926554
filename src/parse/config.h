/*
 * kyuka.yaml through libfyaml: bytes in, struct config out. Unknown keys and
 * wrong types are errors naming the file, line and key
 * ("kyuka.yaml:12: unknown key 'dormant_dayz' in 'accounts'").
 *
 *   version: 1
 *   organisation: Example Corp
 *   holiday: 2026-12-27..2027-01-04      # or {start: 2026-12-27, end: 2027-01-04}
 *   audit:
 *     fail_on: high                      # info|low|medium|high|critical
 *     skip: [ACCT-0030, AC-2]            # check IDs, items or areas
 *   accounts:
 *     dormant_days: 90                   # 1..36500
 *     ignore: [nobody]                   # accounts the account checks do not report
 *   ssh:
 *     min_rsa_bits: 2048                 # 1024..16384
 *   logs:                                # the holiday log review (LOG-*, kyuka logs)
 *     baseline_days: 30                  # 1..365: the period before the window that is "normal"
 *     brute_force_failures: 20           # failures from one source in the window
 *     spray_users: 5                     # 2..64 distinct user names tried from one source
 *     success_after_failures: 5          # failures before a login from the same source
 *     gap_hours: 6                       # 1..720 hours without a line on a steady host
 *     night: 22-6                        # local hours of the night (VPN logins)
 *     backwards_seconds: 300             # 0..86400 tolerated clock steps back
 *     timezone: Asia/Tokyo               # for year-less times (default: the host's)
 *   allow:                               # accepted findings
 *     - check: SUDO-0010
 *       subject: deploy
 *       reason: CI deploy user, key-only, restricted command
 *       expires: 2027-03-31              # optional
 */
#ifndef KYUKA_PARSE_CONFIG_H
#define KYUKA_PARSE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define CONFIG_MAX_BYTES ((size_t)4 << 20)
#define CONFIG_MAX_LIST 4096
#define CONFIG_MAX_DEPTH 32

struct config_allow {
	char *check;		/* check ID, uppercased */
	char *subject;		/* exact subject, or "*" for every subject of the check */
	char *reason;
	char expires[11];	/* YYYY-MM-DD, "" when none */
	size_t line;
};

struct config {
	char *source;		/* file it came from; NULL for built-in defaults */
	int version;
	char *organisation;
	bool has_holiday;
	char holiday_start[11];	/* YYYY-MM-DD, validated calendar dates, start <= end */
	char holiday_end[11];
	bool has_fail_on;
	int fail_on;		/* enum severity */
	char **skip;
	size_t n_skip;
	struct {
		uint32_t dormant_days;
		char **ignore;
		size_t n_ignore;
	} accounts;
	struct {
		uint32_t min_rsa_bits;
	} ssh;
	struct {
		uint32_t baseline_days;
		uint32_t brute_force_failures;
		uint32_t spray_users;
		uint32_t success_after_failures;
		uint32_t gap_hours;
		uint32_t night_start, night_end;
		uint32_t backwards_seconds;
		char *timezone;
	} logs;
	struct config_allow *allow;
	size_t n_allow;
};

/* Sets the defaults (dormant_days 90, min_rsa_bits 2048, version 1, the logs thresholds above). */
void config_defaults(struct config *cfg);
/* fname is used in messages only. On error *cfg is left as defaults. */
int config_parse(const char *buf, size_t len, const char *fname, struct config *cfg, struct err *err);
void config_free(struct config *cfg);

/* "2026-12-27..2027-01-04" into two validated dates; shared with --holiday. */
int holiday_parse(const char *s, size_t len, char start[11], char end[11], struct err *err);
/* A strict calendar date YYYY-MM-DD (years 1970..9999). */
int date_parse(const char *s, size_t len, int *y, int *m, int *d);

#endif
