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
 *   passwords:
 *     budget: 60                         # seconds of guessing in kyuka passwords audit, 1..86400
 *     audit_budget: 0                    # seconds of guessing in kyuka audit (0: PW-0010 is SKIP)
 *     threads: 0                         # 0 = every core, else 1..1024
 *     wordlist: /usr/share/john/password.lst   # extra guesses, one a line
 *     words: [kyuka, example]            # site words to guess (products, places)
 *     min_length: 8                      # policy: smallest acceptable minlen, 6..64
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
		uint32_t budget;	/* seconds, kyuka passwords audit */
		uint32_t audit_budget;	/* seconds, kyuka audit; 0 = no guessing there */
		uint32_t threads;	/* 0 = every core */
		char *wordlist;		/* path on the auditing machine, NULL = none */
		char **words;
		size_t n_words;
		uint32_t min_length;
		bool wordlist_only;	/* not a key: kyuka passwords audit --wordlist-only */
	} passwords;
	struct config_allow *allow;
	size_t n_allow;
};

/* Sets the defaults (dormant_days 90, min_rsa_bits 2048, passwords budget 60 and min_length 8, version 1). */
void config_defaults(struct config *cfg);
/* fname is used in messages only. On error *cfg is left as defaults. */
int config_parse(const char *buf, size_t len, const char *fname, struct config *cfg, struct err *err);
void config_free(struct config *cfg);

/* "2026-12-27..2027-01-04" into two validated dates; shared with --holiday. */
int holiday_parse(const char *s, size_t len, char start[11], char end[11], struct err *err);
/* A strict calendar date YYYY-MM-DD (years 1970..9999). */
int date_parse(const char *s, size_t len, int *y, int *m, int *d);

#endif
