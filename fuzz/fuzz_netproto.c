/*
 * libFuzzer target for kyuka netscan's parsers (parse/netproto.h, parse/nettarget.h), one table: the
 * first byte picks the parser, the rest is the answer (or the target, the port list), in an
 * exactly-sized buffer without a terminator.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/netproto.h"
#include "parse/nettarget.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void text_ok(const char *s, size_t cap)
{
	if (strlen(s) > cap)
		abort();
}

static void nbns(const uint8_t *b, size_t n)
{
	struct np_nbstat st;
	const char *why;
	size_t i;

	if (np_nbns_status_parse(b, n, n >= 2 ? (uint16_t)(b[0] << 8 | b[1]) : 0, &st, &why) == 0) {
		if (st.n_names > NP_MAX_NAMES)
			abort();
		for (i = 0; i < st.n_names; i++)
			text_ok(st.names[i].name, 15);
	}
}

static void snmp(const uint8_t *b, size_t n)
{
	struct np_snmp s;
	const char *why;

	if (np_snmp_parse(b, n, &s, &why) == 0) {
		text_ok(s.community, NP_MAX_COMMUNITY);
		text_ok(s.value, NP_MAX_TEXT);
	}
}

static void smb(const uint8_t *b, size_t n)
{
	struct np_smb s;
	const char *why;

	(void)np_smb_negotiate_parse(b, n, &s, &why);
	(void)np_nbss_session_parse(b, n, &why);
	if (np_nbss_frame_len(b, n) > n)
		abort();
}

static void x224(const uint8_t *b, size_t n)
{
	struct np_x224 x;
	const char *why;

	(void)np_x224_confirm_parse(b, n, &x, &why);
	if (np_tpkt_len(b, n) > n && np_tpkt_len(b, n) != 4)
		abort();
}

static void http(const uint8_t *b, size_t n)
{
	struct np_http h;
	const char *why;

	if (np_http_parse(b, n, &h, &why) == 0) {
		text_ok(h.server, NP_MAX_TEXT);
		text_ok(h.title, NP_MAX_TEXT);
		text_ok(h.location, NP_MAX_TEXT);
	}
}

static void banner(const uint8_t *b, size_t n)
{
	struct np_banner bn;
	const char *why;
	unsigned a;

	if (np_banner_parse(b, n, &bn, &why) == 0)
		text_ok(bn.text, NP_MAX_TEXT);
	(void)np_dns_response_parse(b, n, 0x4b00, &a, &why);
}

static void target(const uint8_t *b, size_t n)
{
	struct nt_spec t;
	const char *why;

	if (nt_parse((const char *)b, n, &t, &why) == 0) {
		if (t.kind == NT_RANGE4 && (t.hi < t.lo || t.hi - t.lo >= NT_MAX_HOSTS))
			abort();
		if (t.kind == NT_NAME)
			text_ok(t.name, NT_MAX_NAME);
		(void)nt_count(&t);
		(void)nt_addr_public(t.family ? t.family : 4, t.addr);
	}
}

static void ports(const uint8_t *b, size_t n)
{
	uint8_t bm[NT_PORT_BITMAP];
	const char *why;
	int r = nt_ports_parse((const char *)b, n, bm, &why);

	if (r > 65535 || (r >= 0 && nt_port_isset(bm, 0)))
		abort();
}

static void (*const parsers[])(const uint8_t *, size_t) = { nbns, snmp, smb, x224, http, banner, target, ports };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf;
	size_t len;

	if (size < 1)
		return 0;
	len = size - 1;
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	if (len)
		memcpy(buf, data + 1, len);
	parsers[data[0] % (sizeof(parsers) / sizeof(parsers[0]))](buf, len);
	free(buf);
	return 0;
}
