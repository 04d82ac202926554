/*
 * kyuka.yaml, ssh:
 *
 *   ssh:
 *     min_rsa_bits: 2048                 # 1024..16384
 */
#ifndef KYUKA_PARSE_CONFIG_SSH_H
#define KYUKA_PARSE_CONFIG_SSH_H

#include <stdint.h>

struct config_ssh {
	uint32_t min_rsa_bits;
};

struct csection;
extern const struct csection config_ssh_section;	/* its keys and defaults, for parse/config.c */

#endif
