/*
 * kyuka netscan's scanner inside: the loop's state (engines/netscan.c), the exchanges that confirm
 * services and carry the UDP probes, and the neighbour table (engines/netscan_xchg.c), the targets
 * (engines/netscan_targets.c). Only these three files include it.
 */
#ifndef KYUKA_ENGINES_NETSCAN_PRIV_H
#define KYUKA_ENGINES_NETSCAN_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "engines/netscan.h"


enum xkind {
	X_BANNER, X_HTTP, X_SMB1, X_SMB2, X_SMB1_NB, X_SMB2_NB, X_RDP0, X_RDP1,
	X_U_NBNS, X_U_DGM, X_U_SNMP, X_U_SSDP, X_U_MDNS, X_U_SNMP1,
};

struct xchg {
	enum xkind kind;
	uint32_t host;
	uint16_t port;
	int fd;
	uint8_t step;		/* 139: 0 the session request, 1 the negotiate */
	uint8_t tries;
	bool connected, done;
	enum ns_xres res;
	uint64_t deadline, sent;
	uint16_t id;
	uint8_t *buf;
	size_t len;
	size_t ai;		/* its index in the loop's active list while it runs */
};

/* An exchange waiting for a socket: the UDP probes, the confirmations of open ports. */
struct pend {
	uint8_t kind;		/* enum xkind */
	uint16_t port;
};

struct retry_ent {
	uint16_t port;
	uint8_t tries;
	bool disc;
};

struct hstate {
	uint16_t *order;	/* ports in probe order: the discovery ports first */
	uint32_t n_order, next, n_disc, disc_pending;
	bool up, stopped;
	struct retry_ent *retry;
	size_t n_retry, cap_retry;
	double tokens;
	uint64_t refill_us;
	int64_t srtt, rttvar;	/* µs */
	bool has_rtt;
	uint32_t n_confirm;
	struct pend *pend;	/* a queue: taken from pend_head, before the host's next connect */
	size_t n_pend, cap_pend, pend_head;
	struct sockaddr_storage sa;
	socklen_t salen;
	size_t cap_ports;
};

enum { SLOT_FREE, SLOT_PROBE, SLOT_XCHG };

struct slot {
	uint8_t kind;
	uint8_t tries;
	bool disc;
	uint16_t port;
	uint32_t host;
	uint32_t gen;
	uint64_t sent, deadline;
	struct xchg *x;
};

struct fifo_ent {
	int fd;
	uint32_t gen;
};

struct loop {
	const struct ns_opts *o;
	struct ns_result *r;
	struct hstate *hs;
	int ep;
	struct slot *slots;
	size_t n_slots;
	struct fifo_ent *fifo;	/* probes in the order sent, a ring */
	size_t fifo_cap, fifo_head, fifo_n;
	struct xchg **xs;	/* every exchange, for the results */
	size_t n_xs, cap_xs;
	struct xchg **act;	/* the running ones, for their deadlines */
	size_t n_act, cap_act;
	size_t inflight, max_inflight, rr;
	uint32_t gen;
	int64_t g_srtt, g_rttvar;
	bool g_has_rtt;
	uint64_t now;
};

/* engines/netscan.c */
uint64_t ns_host_timeout_us(const struct loop *L, const struct hstate *h);
void ns_host_port_add(struct loop *L, uint32_t hi, uint16_t port, bool udp, enum ns_state st, uint32_t rtt);
/* A non-blocking socket of type connecting to the host's port: 0 and *fd_out, or -errno (*fd_out -1). */
int ns_sock_open(const struct hstate *h, uint16_t port, int type, int *fd_out);
void ns_slots_ensure(struct loop *L, int fd);
void ns_slot_close(struct loop *L, int fd);

/* engines/netscan_xchg.c */
/* Starts exchange k with host hi; -EMFILE (nothing started) when out of descriptors, else 0. */
int ns_xchg_start(struct loop *L, enum xkind k, uint32_t hi, uint16_t port);
void ns_xchg_event(struct loop *L, struct xchg *x, uint32_t events);
void ns_xchg_expire(struct loop *L, struct xchg *x);
void ns_xchg_finish(struct loop *L, struct xchg *x, enum ns_xres res);
/* What x read, parsed into its host's port row (a UDP probe adds the row). */
void ns_xchg_collect(struct loop *L, struct xchg *x);
int ns_port_cmp(const void *a, const void *b);
void ns_neigh_mark(struct ns_result *r);

#endif
