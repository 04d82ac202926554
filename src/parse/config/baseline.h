/*
 * kyuka.yaml, baseline: what kyuka baseline save records of the file system
 *
 *   baseline:
 *     paths: [/etc, /usr/bin, /usr/sbin, /usr/lib/systemd, /boot, /root/.ssh]
 *                                        # absent: these, and every home's .ssh
 *     watch_feeds_update: false          # kyuka watch runs kyuka feeds update first
 */
#ifndef KYUKA_PARSE_CONFIG_BASELINE_H
#define KYUKA_PARSE_CONFIG_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

struct config_baseline {
	char **paths;		/* absolute, no trailing '/'; none: the defaults (engines/baseline.h) */
	size_t n_paths;
	bool watch_feeds_update;	/* kyuka watch downloads and imports the feeds before matching */
};

struct csection;
extern const struct csection config_baseline_section;	/* its keys, for parse/config.c */

#endif
