/*
 * What kyuka netscan sends and reads back: pure builders of the probes and
 * bounded parsers of the answers (bytes in, a small struct out, no I/O).
 * Every parser takes a buffer that need not be terminated and returns 0, or
 * -EINVAL / -EPROTO when the bytes are not the answer it reads (*why: a
 * static English phrase). Strings copied out are bounded and may hold any
 * byte but NUL: the renderers escape them.
 */
#ifndef KYUKA_PARSE_NETPROTO_H
#define KYUKA_PARSE_NETPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NP_MAX_TEXT	256	/* bytes kept of a banner, title, server, description */
#define NP_MAX_NAMES	32	/* NetBIOS names kept of a node status */
#define NP_MAX_COMMUNITY 64	/* bytes of an SNMP community */
#define NP_MAX_DEPTH	8	/* BER nesting read */
#define NP_MAX_HTTP_HEAD 16384	/* bytes of HTTP headers read */

/* ---- NBNS node status (137/udp, RFC 1002 4.2.17/18) ---- */
struct np_nbname {
	char name[16];		/* 15 bytes and a NUL, trailing blanks removed */
	uint8_t suffix;		/* 0x00 workstation, 0x20 server, 0x1d master browser ... */
	uint16_t flags;		/* 0x8000 group */
};
struct np_nbstat {
	struct np_nbname names[NP_MAX_NAMES];
	size_t n_names;		/* kept */
	size_t n_total;		/* as announced */
	bool has_mac;
	uint8_t mac[6];
};
/* The query for "*" with transaction id; returns the bytes written (50), or -ENOSPC. */
int np_nbns_status_request(uint16_t id, uint8_t *buf, size_t size);
int np_nbns_status_parse(const uint8_t *b, size_t n, uint16_t id, struct np_nbstat *out, const char **why);

/* ---- NetBIOS datagram service (138/udp): a datagram query request for "*" ---- */
int np_nbdgm_query(uint16_t id, uint8_t *buf, size_t size);

/* ---- SNMP v1/v2c GetRequest sysDescr.0 (161/udp) ---- */
struct np_snmp {
	int version;		/* 0 v1, 1 v2c */
	char community[NP_MAX_COMMUNITY + 1];
	uint32_t request_id;
	uint32_t error_status;
	bool has_value;		/* an OCTET STRING value */
	char value[NP_MAX_TEXT + 1];
};
/* version 0 (v1) or 1 (v2c); community of at most NP_MAX_COMMUNITY bytes. Bytes written or -errno. */
int np_snmp_get_sysdescr(int version, const char *community, uint32_t request_id, uint8_t *buf, size_t size);
int np_snmp_parse(const uint8_t *b, size_t n, struct np_snmp *out, const char **why);

/* ---- SMB negotiate (445/tcp direct, 139/tcp after a NetBIOS session request) ---- */
/* The NetBIOS session request to "*SMBSERVER" (72 bytes). */
int np_nbss_session_request(uint8_t *buf, size_t size);
/* 0x82 positive session response: 1; 0x83 negative: 0; else -EPROTO. Needs 4 bytes. */
int np_nbss_session_parse(const uint8_t *b, size_t n, const char **why);
/* An SMB1 negotiate offering only "NT LM 0.12" (SMBv1), NBSS-framed. */
int np_smb1_negotiate(uint8_t *buf, size_t size);
/* An SMB2 negotiate offering 2.0.2, 2.1, 3.0 and 3.0.2, signing enabled, NBSS-framed. */
int np_smb2_negotiate(uint8_t *buf, size_t size);
/* How many bytes make one NBSS frame at b (header and payload), or 0 when more are needed. */
size_t np_nbss_frame_len(const uint8_t *b, size_t n);
struct np_smb {
	int version;		/* 1 or 2 (the answer's header) */
	bool accepted;		/* a dialect was chosen */
	uint16_t dialect;	/* SMB2: 0x0202 ...; SMB1: the index chosen */
	bool signing_enabled, signing_required;
};
/* One NBSS-framed negotiate response (SMB1 or SMB2). */
int np_smb_negotiate_parse(const uint8_t *b, size_t n, struct np_smb *out, const char **why);

/* ---- RDP: X.224 connection request with an RDP negotiation request (3389/tcp) ---- */
#define NP_RDP_PROTO_RDP	0u
#define NP_RDP_PROTO_SSL	1u
#define NP_RDP_PROTO_HYBRID	2u
int np_x224_connection_request(uint32_t requested, uint8_t *buf, size_t size);
/* How many bytes make one TPKT at b, or 0 when more are needed. */
size_t np_tpkt_len(const uint8_t *b, size_t n);
struct np_x224 {
	bool has_neg;		/* an RDP negotiation response or failure followed */
	bool failure;
	uint32_t selected;	/* the protocol chosen (has_neg && !failure) */
	uint32_t failure_code;	/* 5: HYBRID_REQUIRED_BY_SERVER (NLA), 1: SSL_REQUIRED_BY_SERVER ... */
};
int np_x224_confirm_parse(const uint8_t *b, size_t n, struct np_x224 *out, const char **why);

/* ---- HTTP head and title; SSDP answers are HTTP heads too ---- */
struct np_http {
	unsigned status;
	char server[NP_MAX_TEXT + 1];
	char title[NP_MAX_TEXT + 1];
	char location[NP_MAX_TEXT + 1];
	char www_authenticate[NP_MAX_TEXT + 1];
};
/* A response's head and as much of its body as was read. */
int np_http_parse(const uint8_t *b, size_t n, struct np_http *out, const char **why);
/* "GET / HTTP/1.0" to host (an address as text, at most 64 bytes). */
int np_http_request(const char *host, char *buf, size_t size);
/* An SSDP M-SEARCH for ssdp:all, unicast to host:1900. */
int np_ssdp_msearch(const char *host, char *buf, size_t size);

/* ---- mDNS (5353/udp): a unicast query for _services._dns-sd._udp.local PTR ---- */
int np_mdns_query(uint16_t id, uint8_t *buf, size_t size);
/* A DNS response to id: *answers the records it holds (answers, authority and additional). */
int np_dns_response_parse(const uint8_t *b, size_t n, uint16_t id, unsigned *answers, const char **why);

/* ---- Banners (SSH, FTP, telnet, VNC, SMTP, anything that speaks first) ---- */
enum np_banner_kind { NPB_UNKNOWN, NPB_SSH, NPB_FTP_SMTP, NPB_TELNET, NPB_VNC };
struct np_banner {
	enum np_banner_kind kind;
	char text[NP_MAX_TEXT + 1];	/* the first line, telnet negotiation and control characters removed */
};
int np_banner_parse(const uint8_t *b, size_t n, struct np_banner *out, const char **why);
const char *np_banner_kind_name(enum np_banner_kind k);

#endif
