/*
 * kyuka.yaml, audit: (what the audit reports and how it exits)
 *
 *   audit:
 *     fail_on: high                      # info|low|medium|high|critical
 *     skip: [ACCT-0030, AC-2]            # check IDs, items or areas
 */
#ifndef KYUKA_PARSE_CONFIG_AUDIT_H
#define KYUKA_PARSE_CONFIG_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

struct config_audit {
	bool has_fail_on;
	int fail_on;		/* enum severity */
	char **skip;		/* uppercased */
	size_t n_skip;
};

struct csection;
extern const struct csection config_audit_section;	/* its keys, for parse/config.c */

#endif
