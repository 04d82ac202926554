/*
 * kyuka.yaml, av: antivirus definitions (AV-1; docs/antivirus.md)
 *
 *   av:
 *     max_age_hours: 24                  # 1..87600: definitions older than this FAIL
 */
#ifndef KYUKA_PARSE_CONFIG_AV_H
#define KYUKA_PARSE_CONFIG_AV_H

#include <stdint.h>

struct config_av {
	uint32_t max_age_hours;	/* definitions older than this FAIL (default 24) */
};

struct csection;
extern const struct csection config_av_section;	/* its keys and defaults, for parse/config.c */

#endif
