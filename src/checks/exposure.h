/*
 * What the network checks and `kyuka ports` share: the catalogue of risky
 * ports, how a listening socket is named and who owns it, and its firewall
 * verdict.
 */
#ifndef KYUKA_CHECKS_EXPOSURE_H
#define KYUKA_CHECKS_EXPOSURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collect/firewall.h"
#include "collect/sockets.h"
#include "parse/config/ports.h"

enum { RP_TCP = 1u << 0, RP_UDP = 1u << 1 };

struct risky_port {
	uint16_t lo, hi;
	unsigned protos;	/* RP_* */
	const char *name;	/* "SMB" (not translated: a protocol name) */
	const char *reason;	/* N_() */
};

/* The catalogue entry for a TCP/UDP port, or NULL. */
const struct risky_port *risky_port_find(enum sock_proto p, uint16_t port);
extern const struct risky_port risky_ports[];
extern const size_t n_risky_ports;

/* "tcp 0.0.0.0:445", "udp6 [::]:137" into buf. */
void sock_subject(const struct sock_entry *e, char *buf, size_t size);
/* "smbd (pid 812, smbd.service) and 2 more", or "" when unknown. */
void sock_owner_text(const struct sock_facts *sf, const struct listen_sock *s, char *buf, size_t size);
/* The first owner, or NULL. */
const struct sock_proc *sock_first_owner(const struct sock_facts *sf, const struct listen_sock *s);

/* Evaluates a new connection from outside to the socket (TCP/UDP only). */
int sock_fw_verdict(const struct fw_ruleset *rs, const struct sock_entry *e, struct fw_verdict_info *out,
		    struct err *err);
/* The verdict as one line of evidence (translated). */
void fw_verdict_text(const struct fw_verdict_info *v, char *buf, size_t size);

/* The ports.allow entry that accepts this socket, or NULL. */
struct config_ports;
struct config_services;

const struct config_port_allow *port_allowed(const struct config_ports *ports, const struct sock_facts *sf,
					     const struct listen_sock *s);
/* True when name (a unit or process name) is in services.allow ("ssh" matches "ssh.service"). */
bool service_allowed(const struct config_services *services, const char *name);

#endif
