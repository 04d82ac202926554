/*
 * kyuka.yaml, ports:
 *
 *   ports:
 *     allow:                             # listening ports accepted on purpose (NET-0010)
 *       - port: 5432                     # 1..65535, required
 *         proto: tcp                     # tcp|udp, optional
 *         bind: private                  # an address or a class (any, loopback, link-local, private, public)
 *         process: postgres              # comm or systemd unit, optional
 *         reason: app servers on the LAN need it
 *         expires: 2027-03-31            # optional
 */
#ifndef KYUKA_PARSE_CONFIG_PORTS_H
#define KYUKA_PARSE_CONFIG_PORTS_H

#include <stddef.h>
#include <stdint.h>

struct config_port_allow {
	uint32_t port;		/* 1..65535 */
	char *proto;		/* "tcp", "udp" or NULL for both */
	char *bind;		/* address or class, NULL for any */
	char *process;		/* comm or unit, NULL for any */
	char *reason;
	char expires[11];	/* YYYY-MM-DD, "" when none */
	size_t line;
};

struct config_ports {
	struct config_port_allow *allow;
	size_t n_allow;
};

struct csection;
struct pctx;
extern const struct csection config_ports_section;	/* its keys, for parse/config.c */
/* What the table cannot say (proto is tcp or udp); parse/config.c calls it after the whole file parsed. */
int config_ports_validate(struct pctx *c, const struct config_ports *p);

#endif
