/*
 * kyuka.yaml, accounts:
 *
 *   accounts:
 *     dormant_days: 90                   # 1..36500
 *     ignore: [nobody]                   # accounts the account checks do not report
 */
#ifndef KYUKA_PARSE_CONFIG_ACCOUNTS_H
#define KYUKA_PARSE_CONFIG_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

struct config_accounts {
	uint32_t dormant_days;
	char **ignore;
	size_t n_ignore;
};

struct csection;
extern const struct csection config_accounts_section;	/* its keys and defaults, for parse/config.c */

#endif
