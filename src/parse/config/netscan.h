/*
 * kyuka.yaml, netscan: what kyuka netscan and the DV-2 check probe (docs/netscan.md)
 *
 *   netscan:
 *     targets: [192.168.10.0/24, printer.lan]   # addresses, CIDRs (a /16 at most), ranges, names
 *     ports: default                      # default (risky and management ports), all, or "22,80,8000-8100"
 *     rate: 50000                         # probes a second per host, 0: no limit
 *     timeout_ms: 1000                    # the longest wait for one answer (10..60000)
 *     retries: 1                          # a probe without an answer is sent again (0..10)
 *     allow_public: false                 # public addresses are refused unless true
 *
 *   inventory:                            # devices and their holiday state (DV-2)
 *     devices:
 *       - name: nas-1                     # required
 *         address: 192.168.10.5           # an address or a host name, required
 *         kind: nas                       # free text (camera, printer, router, pc ...)
 *         owner: IT desk
 *         holiday: off                    # on | off: off means powered off over the holiday
 *         allow:                          # ports accepted on purpose, with the reason
 *           - port: 443
 *             proto: tcp                  # tcp | udp (default tcp)
 *             reason: the admin page, reachable from the admin VLAN only
 */
#ifndef KYUKA_PARSE_CONFIG_NETSCAN_H
#define KYUKA_PARSE_CONFIG_NETSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config_netscan {
	char **targets;
	size_t n_targets;
	char *ports;		/* NULL: default */
	uint32_t rate;
	uint32_t timeout_ms;
	uint32_t retries;
	bool allow_public;
};

struct config_device_allow {
	uint32_t port;
	char *proto;		/* "tcp" or "udp"; NULL: tcp */
	char *reason;
	size_t line;
};

struct config_device {
	char *name;
	char *address;
	char *kind;
	char *owner;
	char *holiday;		/* "on" or "off"; NULL: not said */
	struct config_device_allow *allow;
	size_t n_allow;
	size_t line;
};

struct config_inventory {
	struct config_device *devices;
	size_t n_devices;
};

struct csection;
struct pctx;
extern const struct csection config_netscan_section;	/* its keys, for parse/config.c */
extern const struct csection config_inventory_section;
/* What the tables cannot say (proto is tcp or udp, a device named once). */
int config_inventory_validate(struct pctx *c, const struct config_inventory *inv);

#endif
