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
 *   ports:
 *     allow:                             # listening ports accepted on purpose (NET-0010)
 *       - port: 5432                     # 1..65535, required
 *         proto: tcp                     # tcp|udp, optional
 *         bind: private                  # an address or a class (any, loopback, link-local, private, public)
 *         process: postgres              # comm or systemd unit, optional
 *         reason: app servers on the LAN need it
 *         expires: 2027-03-31            # optional
 *   services:
 *     allow: [ssh, nginx.service]        # services reviewed and wanted (DV-3, DV-4)
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

struct config_port_allow {
	uint32_t port;		/* 1..65535 */
	char *proto;		/* "tcp", "udp" or NULL for both */
	char *bind;		/* address or class, NULL for any */
	char *process;		/* comm or unit, NULL for any */
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
		struct config_port_allow *allow;
		size_t n_allow;
	} ports;
	struct {
		char **allow;	/* unit names (".service" may be left out) or process names */
		size_t n_allow;
	} services;
	struct config_allow *allow;
	size_t n_allow;
};

/* Sets the defaults (dormant_days 90, min_rsa_bits 2048, version 1). */
void config_defaults(struct config *cfg);
/* fname is used in messages only. On error *cfg is left as defaults. */
int config_parse(const char *buf, size_t len, const char *fname, struct config *cfg, struct err *err);
void config_free(struct config *cfg);

/* "2026-12-27..2027-01-04" into two validated dates; shared with --holiday. */
int holiday_parse(const char *s, size_t len, char start[11], char end[11], struct err *err);
/* A strict calendar date YYYY-MM-DD (years 1970..9999). */
int date_parse(const char *s, size_t len, int *y, int *m, int *d);

#endif
