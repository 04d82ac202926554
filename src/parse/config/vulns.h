/*
 * kyuka.yaml, vulns:
 *
 *   vulns:
 *     max_feed_age_days: 7               # 1..3650
 *     release: bookworm                  # default: VERSION_CODENAME of /etc/os-release
 */
#ifndef KYUKA_PARSE_CONFIG_VULNS_H
#define KYUKA_PARSE_CONFIG_VULNS_H

#include <stdint.h>

struct config_vulns {
	uint32_t max_feed_age_days;	/* an older feed is a WARN (VULN-0020) */
	char *release;			/* codename override; NULL: from /etc/os-release */
};

struct csection;
extern const struct csection config_vulns_section;	/* its keys and defaults, for parse/config.c */

#endif
