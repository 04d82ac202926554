/*
 * /proc/net/{tcp,tcp6,udp,udp6,raw,raw6}: the kernel's socket tables as
 * text, and the small /proc facts that map a socket to its owner
 * ("socket:[INODE]" links, /proc/PID/cgroup). Pure: bytes in, structs out.
 *
 * Addresses are printed by the kernel as 32-bit words in host byte order;
 * this parser reads them as a little-endian host prints them (x86_64,
 * arm64), the layout of every machine kyuka runs on.
 */
#ifndef KYUKA_PARSE_PROC_NET_H
#define KYUKA_PARSE_PROC_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/limits.h"
#include "util/err.h"

#define PROC_NET_MAX_SOCKETS	((size_t)4 << 20)	/* sockets over all tables */
#define PROC_NET_MAX_LINE	((size_t)1024)		/* a socket line is ~150 bytes */
#define PROC_CGROUP_MAX_LINES	256

enum sock_proto { SP_TCP, SP_UDP, SP_RAW };

/* TCP states as the kernel numbers them (include/net/tcp_states.h). */
enum { TCPS_ESTABLISHED = 1, TCPS_CLOSE = 7, TCPS_LISTEN = 10 };

struct sock_entry {
	uint8_t proto;		/* enum sock_proto */
	uint8_t family;		/* 4 or 6 */
	uint8_t state;
	uint8_t addr[16];	/* network byte order; IPv4 in the first 4 bytes */
	uint8_t raddr[16];
	uint16_t port;		/* local port (raw sockets: the IP protocol number) */
	uint16_t rport;
	uint32_t uid;
	uint64_t inode;
};

struct proc_net {
	struct sock_entry *v;	/* caller frees with proc_net_free() */
	size_t n, alloc;
	struct parse_bad bad;	/* lines that are not socket entries */
};

/*
 * Appends the entries of one table (the whole file: header line first) to
 * out. family is 4 or 6. Returns 0, or -E2BIG beyond PROC_NET_MAX_SOCKETS
 * (entries already appended stay).
 */
int proc_net_parse(const char *buf, size_t len, enum sock_proto proto, int family, struct proc_net *out,
		   struct err *err);
void proc_net_free(struct proc_net *pn);

/* A socket that waits for peers: TCP LISTEN; UDP and raw unconnected (no remote port or address). */
bool sock_is_listening(const struct sock_entry *e);

enum addr_class { ADDR_ANY, ADDR_LOOPBACK, ADDR_LINKLOCAL, ADDR_PRIVATE, ADDR_PUBLIC, ADDR_MULTICAST };
/* The class of a local address (IPv4-mapped IPv6 addresses are classed as IPv4). */
enum addr_class addr_classify(int family, const uint8_t addr[16]);
const char *addr_class_name(enum addr_class c);	/* "any", "loopback", ... (stable, not translated) */
/* "0.0.0.0", "::1", "[::]:22"-style text: addr_format gives the address alone (at least 46 bytes). */
void addr_format(int family, const uint8_t addr[16], char *buf, size_t size);
const char *sock_proto_name(enum sock_proto p, int family);	/* "tcp", "tcp6", "udp", ... */

/* "socket:[12345]" (a /proc/PID/fd link) -> 12345; -EINVAL for anything else. */
int proc_socket_inode(const char *link, size_t len, uint64_t *inode);

/*
 * The systemd unit of a process from /proc/PID/cgroup: the last component
 * of the cgroup path that names a unit (".service", ".scope", ".socket",
 * ...), from the unified hierarchy line ("0::/system.slice/ssh.service") or
 * the name=systemd one. Writes "" when there is none. Returns 0 or -EINVAL.
 */
int proc_cgroup_unit(const char *buf, size_t len, char *out, size_t size);

#endif
