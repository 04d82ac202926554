/* The output of Microsoft Defender for Endpoint's `mdatp health` ("key : value" lines). Pure, bounded. */
#ifndef KYUKA_PARSE_MDATP_H
#define KYUKA_PARSE_MDATP_H

#include <stddef.h>
#include <stdint.h>

#define MDATP_MAX_LINES 4096	/* lines looked at */

struct mdatp_health {
	int healthy;				/* 1, 0, -1: not said */
	int real_time_protection;		/* real_time_protection_enabled: 1, 0, -1 */
	char definitions_status[64];		/* "up_to_date", ... ("" when not said) */
	char definitions_version[64];
	char app_version[64];
	int64_t definitions_minutes_ago;	/* definitions_updated_minutes_ago; -1 when not said */
	size_t fields;				/* "key : value" lines understood */
};

/* Never fails: what is not said stays unknown. Values are kept without quotes and "[managed]" marks. */
void mdatp_health_parse(const char *buf, size_t len, struct mdatp_health *out);

#endif
