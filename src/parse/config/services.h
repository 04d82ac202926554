/*
 * kyuka.yaml, services:
 *
 *   services:
 *     allow: [ssh, nginx.service]        # services reviewed and wanted (DV-3, DV-4)
 */
#ifndef KYUKA_PARSE_CONFIG_SERVICES_H
#define KYUKA_PARSE_CONFIG_SERVICES_H

#include <stddef.h>

struct config_services {
	char **allow;	/* unit names (".service" may be left out) or process names */
	size_t n_allow;
};

struct csection;
extern const struct csection config_services_section;	/* its keys, for parse/config.c */

#endif
