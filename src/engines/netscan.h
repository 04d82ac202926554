/*
 * kyuka netscan's scanner: what answers from the network, seen from this
 * machine (AC-5, DV-2). One thread, one epoll set: non-blocking TCP connects
 * over many sockets at once (a rate limit per host, timeouts adapted to the
 * round trips measured, retries), UDP probes that speak the protocol (NBNS
 * node status, NetBIOS datagram, SNMP sysDescr with "public", SSDP, mDNS)
 * and, on open ports, service confirmation (SMB negotiate, RDP X.224,
 * banners, HTTP title). The sockets touch the network, not the host's files:
 * an engine, not a collector (docs/architecture.md). It sends only to the
 * addresses the targets name (refusing public ones unless allowed).
 */
#ifndef KYUKA_ENGINES_NETSCAN_H
#define KYUKA_ENGINES_NETSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/netproto.h"
#include "parse/nettarget.h"
#include "util/err.h"

#define NS_MAX_TARGETS		4096	/* targets named */
#define NS_MAX_INFLIGHT		8192	/* sockets open at once */
#define NS_MAX_OPEN_KEPT	2048	/* open TCP ports kept per host */
#define NS_MAX_CONFIRM		64	/* open ports per host confirmed (the first ones) */
#define NS_DEFAULT_TIMEOUT_MS	1000
#define NS_DEFAULT_MIN_TIMEOUT_MS 100
#define NS_DEFAULT_RETRIES	1
#define NS_DEFAULT_RATE		50000	/* probes a second, per host */
#define NS_READ_MAX		16384	/* bytes read of one answer */

/* The default ports: risky and management ones (the advisory's 137-139, 445, 3389 among them). */
extern const uint16_t ns_default_ports[];
extern const size_t ns_n_default_ports;

enum ns_state { NS_OPEN, NS_CLOSED, NS_FILTERED, NS_UNREACHABLE, NS_OPEN_FILTERED };
const char *ns_state_name(enum ns_state s);

/* One exchange's outcome: answered (parsed), no answer (closed, timed out) or not the protocol. */
enum ns_xres { NSX_NONE, NSX_OK, NSX_SILENT, NSX_BAD };

/* What the service confirmation or the UDP probe read on one port. */
struct ns_service {
	enum ns_xres smb1_res, smb2_res;	/* SMB negotiate offering SMBv1 only / SMB2 and 3 */
	struct np_smb smb1, smb2;
	enum ns_xres rdp0_res, rdp1_res;	/* X.224 asking for standard RDP security / for TLS */
	struct np_x224 rdp0, rdp1;
	enum ns_xres banner_res;
	struct np_banner banner;
	enum ns_xres http_res;			/* HTTP GET /, or the SSDP answer on 1900/udp */
	struct np_http http;
	enum ns_xres nbns_res;
	struct np_nbstat nbns;
	enum ns_xres snmp_res;
	struct np_snmp snmp;			/* the answer to the community tried */
	enum ns_xres mdns_res;
	unsigned mdns_answers;
	enum ns_xres dgm_res;
	const char *why;			/* the last parser's complaint (static English), or NULL */
};

struct ns_port {
	uint16_t port;
	bool udp;
	enum ns_state state;
	uint32_t rtt_us;
	struct ns_service *svc;			/* NULL: nothing was confirmed */
};

struct ns_host {
	char target[NT_MAX_SPEC + 1];	/* the target as named */
	char name[NT_MAX_NAME + 1];	/* the name it resolved from, "" for an address */
	int family;
	uint8_t addr[16];
	char addr_text[64];
	bool answered;		/* anything came back: an open or a closed port, a UDP answer */
	bool link_answered;	/* on this link, it answered address resolution (ARP, NDP) during the scan */
	char mac[18];		/* its link-layer address then, "" when none */
	bool discovery_stop;	/* no answer to the discovery ports: the rest was not probed */
	uint32_t scanned, n_open, n_closed, n_filtered, n_unreachable;
	uint32_t srtt_us, timeout_ms;	/* the round trip measured and the timeout it gave */
	struct ns_port *ports;	/* open TCP ports, then the UDP probes; sorted */
	size_t n_ports;
	size_t open_dropped;	/* open ports beyond NS_MAX_OPEN_KEPT */
};

struct ns_opts {
	char *const *targets;
	size_t n_targets;
	const uint8_t *tcp_ports;	/* NT_PORT_BITMAP bytes; NULL: the default ports */
	bool udp;			/* the UDP probes */
	bool confirm;			/* service confirmation on open ports */
	bool allow_public;
	bool no_discovery;		/* probe every port of a host that answers none of the discovery ports */
	unsigned rate;			/* probes a second per host; 0: no limit */
	unsigned timeout_ms;		/* the longest wait for one probe */
	unsigned min_timeout_ms;
	unsigned retries;
	unsigned max_inflight;		/* 0: NS_MAX_INFLIGHT (capped by RLIMIT_NOFILE) */
	const char *community;		/* SNMP community tried; NULL: "public" */
};

struct ns_result {
	struct ns_host *hosts;
	size_t n;
	uint64_t probes;	/* connects and datagrams sent */
	uint64_t elapsed_ms;
	unsigned tcp_ports;	/* ports probed per host */
};

/* Fills o's defaults (timeouts, retries, rate, UDP and confirmation on). */
void netscan_defaults(struct ns_opts *o);
/*
 * The hosts o's targets name, resolved (names through the resolver) and
 * checked: -EINVAL with the reason for a malformed target, -EPERM for a public
 * address without allow_public, -E2BIG past NT_MAX_HOSTS. No packet is sent
 * to a target: only names are looked up.
 */
int netscan_targets(const struct ns_opts *o, struct ns_result *r, struct err *err);
/* Scans the hosts netscan_targets() filled; 0 or -errno (a socket or epoll failure). */
int netscan_run(const struct ns_opts *o, struct ns_result *r, struct err *err);
void netscan_result_free(struct ns_result *r);
/* The port row of host h (proto, port), or NULL. */
const struct ns_port *netscan_find(const struct ns_host *h, bool udp, uint16_t port);

#endif
