/*
 * kyuka.yaml, feeds: where kyuka feeds update fetches from
 *
 *   feeds:
 *     kev: https://www.cisa.gov/...      # dsa, dla, kev, tracker, osv ("none": skip it)
 */
#ifndef KYUKA_PARSE_CONFIG_FEEDS_H
#define KYUKA_PARSE_CONFIG_FEEDS_H

struct config_feeds {
	char *dsa, *dla, *kev, *tracker, *osv;	/* URLs for feeds update; NULL: the default */
};

struct csection;
extern const struct csection config_feeds_section;	/* its keys, for parse/config.c */

#endif
