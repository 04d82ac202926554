/*
 * kyuka.yaml, allow: accepted findings (a top-level list)
 *
 *   allow:
 *     - check: SUDO-0010
 *       subject: deploy
 *       reason: CI deploy user, key-only, restricted command
 *       expires: 2027-03-31              # optional
 */
#ifndef KYUKA_PARSE_CONFIG_ALLOW_H
#define KYUKA_PARSE_CONFIG_ALLOW_H

#include <stddef.h>

struct config_allow {
	char *check;		/* check ID, uppercased */
	char *subject;		/* exact subject, or "*" for every subject of the check */
	char *reason;
	char expires[11];	/* YYYY-MM-DD, "" when none */
	size_t line;
};

struct csection;
extern const struct csection config_allow_section;	/* the keys of one entry, for parse/config.c */

#endif
