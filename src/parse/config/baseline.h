/*
 * kyuka.yaml, baseline: what kyuka baseline save records of the file system
 *
 *   baseline:
 *     paths: [/etc, /usr/bin, /usr/sbin, /usr/lib/systemd, /boot, /root/.ssh]
 *                                        # absent: these, and every home's .ssh
 */
#ifndef KYUKA_PARSE_CONFIG_BASELINE_H
#define KYUKA_PARSE_CONFIG_BASELINE_H

#include <stddef.h>

struct config_baseline {
	char **paths;		/* absolute, no trailing '/'; none: the defaults (engines/baseline.h) */
	size_t n_paths;
};

struct csection;
extern const struct csection config_baseline_section;	/* its keys, for parse/config.c */

#endif
