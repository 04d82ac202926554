/*
 * kyuka.yaml, monitoring: retention margin (docs/monitoring.md)
 *
 *   monitoring:
 *     margin_days: 7                     # 0..3650
 */
#ifndef KYUKA_PARSE_CONFIG_MONITORING_H
#define KYUKA_PARSE_CONFIG_MONITORING_H

#include <stdint.h>

struct config_monitoring {
	uint32_t margin_days;	/* logs must reach this far back beyond the holiday (default 7) */
};

struct csection;
extern const struct csection config_monitoring_section;	/* its keys and defaults, for parse/config.c */

#endif
