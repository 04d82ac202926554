/*
 * kyuka netscan's targets and port lists, as the user names them: pure
 * parsers, no resolving (a name stays a name for the engine to resolve).
 *
 *   10.0.0.5   10.0.0.0/24   10.0.0.1-20   10.0.0.1-10.0.0.20   fd00::5   printer.lan
 *   ports: "all", or "22,80,8000-8100"
 */
#ifndef KYUKA_PARSE_NETTARGET_H
#define KYUKA_PARSE_NETTARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NT_MAX_SPEC	256	/* bytes of one target as written */
#define NT_MAX_NAME	253	/* a DNS name */
#define NT_MAX_HOSTS	65536	/* addresses of one target (a /16) and of a whole scan */
#define NT_MAX_PORTSPEC	4096	/* bytes of a port list */
#define NT_PORT_BITMAP	(65536 / 8)

enum nt_kind {
	NT_ADDR,	/* one address (IPv4 or IPv6) */
	NT_RANGE4,	/* IPv4 lo..hi (a CIDR or a range) */
	NT_NAME,	/* a host name, for the engine to resolve */
};

struct nt_spec {
	enum nt_kind kind;
	int family;		/* 4 or 6 (NT_ADDR), 4 (NT_RANGE4), 0 (NT_NAME) */
	uint8_t addr[16];	/* NT_ADDR: network order (IPv4 in the first four bytes) */
	uint32_t lo, hi;	/* NT_RANGE4: host order, lo <= hi, hi - lo < NT_MAX_HOSTS */
	char name[NT_MAX_NAME + 1];	/* NT_NAME */
};

/* One target of len bytes (not terminated); 0 and *out, or -EINVAL with *why (a static English phrase). */
int nt_parse(const char *s, size_t len, struct nt_spec *out, const char **why);
/* How many addresses the target names (a name: 1). */
uint32_t nt_count(const struct nt_spec *t);
/* True when the address is public: outside loopback, private, link-local, shared (100.64/10),
 * benchmarking (198.18/15) and, for IPv6, ::1, fe80::/10 and fc00::/7. */
bool nt_addr_public(int family, const uint8_t addr[16]);
/* True when some address of lo..hi is public. */
bool nt_range_public(uint32_t lo, uint32_t hi);
/* True when the address is no host to scan: unspecified, multicast, broadcast (255.255.255.255). */
bool nt_addr_special(int family, const uint8_t addr[16]);

/* A port list ("all", or numbers and ranges, comma-separated) into bitmap (NT_PORT_BITMAP bytes,
 * bit p set for port p); returns the number of ports, or -EINVAL with *why. */
int nt_ports_parse(const char *s, size_t len, uint8_t *bitmap, const char **why);
static inline bool nt_port_isset(const uint8_t *bitmap, unsigned p)
{
	return bitmap[p >> 3] & (1u << (p & 7));
}

#endif
