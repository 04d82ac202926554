/*
 * VPN and firewall appliances as their logs reach a syslog server:
 * FortiGate (key=value), YAMAHA RTX, Cisco ASA (%ASA-...), Palo Alto
 * (GlobalProtect, SYSTEM and TRAFFIC CSV), Ivanti/Pulse Connect Secure
 * (standard and WELF) and SonicWall (key=value). Recognised by content, not
 * by program name. Pure: bytes in (need not be terminated), spans into them
 * out; user and method may be static names ("N/A" is no user), proto a
 * static "TCP"/"UDP".
 *
 * The login, logout, failure, tunnel and policy lines become the events the
 * review already knows (LM_VPN_OK/FAIL, LM_AUTH_OK/FAIL for administrators,
 * LM_FW_ALLOW/BLOCK); other lines of a recognised appliance are LM_NOISE.
 */
#ifndef KYUKA_PARSE_LOGVPN_H
#define KYUKA_PARSE_LOGVPN_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/logmsg.h"
#include "parse/syslog.h"
#include "util/span.h"

#define LOGVPN_MAX_SCAN 16384	/* bytes of a message searched for key=value fields */
#define LOGVPN_MAX_FIELDS 200	/* key=value fields looked at in one message */
#define LOGVPN_MAX_CSV 40	/* CSV fields of a Palo Alto log looked at */
#define LOGVPN_MAX_DEVICE 64	/* bytes of a device name (devname=, the syslog host) */

/*
 * The header of a line syslog_parse_line does not take: "<PRI>" before an
 * RFC 3164 header, RFC 5424 ("<PRI>1 TIME HOST APP PROCID MSGID SD MSG"),
 * Cisco's "Dec 31 2026 03:20:34 [HOST] : ", or no header at all, the time
 * then from the message (FortiGate's date= time= [tz=] or eventtime=,
 * SonicWall's and Pulse's time="...", Palo Alto's receive time). Fills out
 * as syslog_parse_line does (ts NONE: no time found); true when a time was found.
 */
bool logvpn_header(const char *s, size_t len, struct syslog_line *out);

/* Classifies an appliance's message; false (o untouched) when it is none of them. */
bool logvpn_parse(struct span prog, struct span msg, struct logmsg *o);

/* True for the appliances' services (LS_FORTIGATE ...). */
bool logvpn_is_appliance(enum logmsg_svc s);
/* "FortiGate", "Cisco ASA", ...: the vendor as shown in evidence (static). */
const char *logvpn_vendor(enum logmsg_svc s);

/*
 * Outside: an address that is not private (RFC 1918, IPv6 ULA), loopback,
 * link-local or unspecified. False for what is not an address.
 */
bool logvpn_outside_addr(struct span a);

/* A network of logs.inside_networks: IPv4 as ::ffff:a.b.c.d with 96 more prefix bits. */
struct logvpn_net {
	unsigned char a[16];
	unsigned bits;
};
/* "203.0.113.0/24", "2001:db8::/32" or an address alone (terminated); -EINVAL when it is none. */
int logvpn_net_parse(const char *s, struct logvpn_net *out);
/* True when the address a lies in one of the n networks. */
bool logvpn_in_nets(struct span a, const struct logvpn_net *nets, size_t n);

#endif
