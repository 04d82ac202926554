/* Unit tests for kyuka netscan's parsers: targets, port lists, and the answers (parse/netproto.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>

#include <cmocka.h>

#include "parse/netproto.h"
#include "parse/nettarget.h"

#define IN(s) s, sizeof(s) - 1
#define BIN(s) (const uint8_t *)(s), sizeof(s) - 1

static void test_targets(void **state)
{
	struct nt_spec t;
	const char *why;

	(void)state;
	assert_int_equal(nt_parse(IN("10.0.0.5"), &t, &why), 0);
	assert_int_equal(t.kind, NT_ADDR);
	assert_int_equal(t.family, 4);
	assert_int_equal(t.addr[3], 5);
	assert_int_equal(nt_parse(IN("192.168.1.77/24"), &t, &why), 0);
	assert_int_equal(t.kind, NT_RANGE4);
	assert_int_equal(t.lo, 0xc0a80100u);
	assert_int_equal(t.hi, 0xc0a801ffu);
	assert_int_equal(nt_count(&t), 256);
	assert_int_equal(nt_parse(IN("10.0.0.1-20"), &t, &why), 0);
	assert_int_equal(nt_count(&t), 20);
	assert_int_equal(nt_parse(IN("10.0.0.250-10.0.1.4"), &t, &why), 0);
	assert_int_equal(nt_count(&t), 11);
	assert_int_equal(nt_parse(IN("fd00::5"), &t, &why), 0);
	assert_int_equal(t.family, 6);
	assert_int_equal(nt_parse(IN("printer-2.lan"), &t, &why), 0);
	assert_int_equal(t.kind, NT_NAME);
	assert_string_equal(t.name, "printer-2.lan");
	/* refused: too wide, malformed, backwards */
	assert_int_equal(nt_parse(IN("10.0.0.0/8"), &t, &why), -EINVAL);
	assert_int_equal(nt_parse(IN("fd00::/64"), &t, &why), -EINVAL);
	assert_int_equal(nt_parse(IN("10.0.0.20-1"), &t, &why), -EINVAL);
	assert_int_equal(nt_parse(IN("10.0.0.1-10.2.0.1"), &t, &why), -EINVAL);
	assert_int_equal(nt_parse(IN("300.1.1.1"), &t, &why), -EINVAL);
	assert_int_equal(nt_parse(IN("10.0.0.1/33"), &t, &why), -EINVAL);
	assert_int_equal(nt_parse(IN("a b"), &t, &why), -EINVAL);
	assert_int_equal(nt_parse(IN(""), &t, &why), -EINVAL);
}

static void test_public(void **state)
{
	static const uint8_t pub[16] = { 8, 8, 8, 8 }, priv[16] = { 192, 168, 3, 4 }, cgn[16] = { 100, 64, 0, 1 },
			     lo6[16] = { [15] = 1 }, ula[16] = { 0xfd }, g6[16] = { 0x20, 0x01, 0x0d, 0xb8 },
			     mc[16] = { 224, 0, 0, 1 }, bc[16] = { 255, 255, 255, 255 };

	(void)state;
	assert_true(nt_addr_public(4, pub));
	assert_false(nt_addr_public(4, priv));
	assert_false(nt_addr_public(4, cgn));
	assert_false(nt_addr_public(6, lo6));
	assert_false(nt_addr_public(6, ula));
	assert_true(nt_addr_public(6, g6));
	assert_true(nt_range_public(0x0a000000u, 0x0b000000u));	/* 10.0.0.0-11.0.0.0 leaves 10/8 */
	assert_false(nt_range_public(0x0a000000u, 0x0a00ffffu));
	assert_true(nt_addr_special(4, mc));
	assert_true(nt_addr_special(4, bc));
	assert_false(nt_addr_special(4, priv));
}

static void test_ports(void **state)
{
	uint8_t bm[NT_PORT_BITMAP];
	const char *why;

	(void)state;
	assert_int_equal(nt_ports_parse(IN("all"), bm, &why), 65535);
	assert_false(nt_port_isset(bm, 0));
	assert_true(nt_port_isset(bm, 65535));
	assert_int_equal(nt_ports_parse(IN("22, 80,8000-8002,80"), bm, &why), 5);
	assert_true(nt_port_isset(bm, 8001));
	assert_false(nt_port_isset(bm, 8003));
	assert_int_equal(nt_ports_parse(IN("0"), bm, &why), -EINVAL);
	assert_int_equal(nt_ports_parse(IN("65536"), bm, &why), -EINVAL);
	assert_int_equal(nt_ports_parse(IN("5-1"), bm, &why), -EINVAL);
	assert_int_equal(nt_ports_parse(IN("22,,80"), bm, &why), -EINVAL);
	assert_int_equal(nt_ports_parse(IN(""), bm, &why), -EINVAL);
}

static void test_nbns(void **state)
{
	uint8_t q[64], a[128];
	struct np_nbstat st;
	const char *why;
	size_t n;

	(void)state;
	assert_int_equal(np_nbns_status_request(0x1234, q, sizeof(q)), 50);
	/* an answer as nmbd gives it: the question name echoed, two names, the MAC */
	memset(a, 0, sizeof(a));
	memcpy(a, "\x12\x34\x84\x00\x00\x00\x00\x01\x00\x00\x00\x00", 12);
	memcpy(a + 12, q + 12, 34);
	n = 46;
	memcpy(a + n, "\x00\x21\x00\x01\x00\x00\x00\x00\x00\x2d", 10);	/* rdlength 45 */
	n += 10;
	a[n++] = 2;
	memcpy(a + n, "HOST           \x20\x04\x00", 18);
	n += 18;
	memcpy(a + n, "WORKGROUP      \x00\x84\x00", 18);
	n += 18;
	memcpy(a + n, "\x02\x00\x5e\x10\x20\x30", 6);
	n += 6;
	n += 2;	/* two bytes of statistics past the record: ignored */
	assert_int_equal(np_nbns_status_parse(a, n, 0x1234, &st, &why), 0);
	assert_int_equal(st.n_names, 2);
	assert_string_equal(st.names[0].name, "HOST");
	assert_int_equal(st.names[0].suffix, 0x20);
	assert_true(st.names[1].flags & 0x8000);
	assert_true(st.has_mac);
	assert_int_equal(st.mac[5], 0x30);
	assert_int_equal(np_nbns_status_parse(a, n, 0x9999, &st, &why), -EPROTO);	/* another transaction */
	a[56] = 200;	/* more names than the record holds */
	assert_int_equal(np_nbns_status_parse(a, n, 0x1234, &st, &why), -EPROTO);
}

static void test_snmp(void **state)
{
	static const uint8_t answer[] = "\x30\x3b\x02\x01\x01\x04\x06public\xa2\x2e\x02\x04\x4b\x00\x00\x01"
					"\x02\x01\x00\x02\x01\x00\x30\x20\x30\x1e\x06\x08\x2b\x06\x01\x02\x01\x01\x01\x00"
					"\x04\x12Linux kyns \x1b[1m6.1";
	uint8_t q[128];
	struct np_snmp s;
	const char *why;
	int n;

	(void)state;
	n = np_snmp_get_sysdescr(1, "public", 0x4b000001, q, sizeof(q));
	assert_int_equal(n, 43);
	assert_int_equal(q[1], 41);
	assert_int_equal(np_snmp_parse(answer, sizeof(answer) - 1, &s, &why), 0);
	assert_int_equal(s.version, 1);
	assert_string_equal(s.community, "public");
	assert_int_equal(s.request_id, 0x4b000001);
	assert_true(s.has_value);
	assert_string_equal(s.value, "Linux kyns \x1b[1m6.1");	/* raw: the renderers escape */
	assert_int_equal(np_snmp_parse(answer, 20, &s, &why), -EPROTO);	/* truncated */
	assert_int_equal(np_snmp_parse(BIN("\x30\x84\xff\xff\xff\xff"), &s, &why), -EPROTO);
	assert_int_equal(np_snmp_get_sysdescr(1, "a-community-longer-than-sixty-four-bytes-is-refused-by-the-builder-x",
					      1, q, sizeof(q)), -EINVAL);
}

static void test_smb(void **state)
{
	uint8_t b[256];
	struct np_smb s;
	const char *why;
	int n;

	(void)state;
	n = np_smb2_negotiate(b, sizeof(b));
	assert_int_equal(np_nbss_frame_len(b, (size_t)n), (size_t)n);
	assert_int_equal(np_nbss_frame_len(b, (size_t)n - 1), 0);
	n = np_smb1_negotiate(b, sizeof(b));
	assert_int_equal(np_nbss_frame_len(b, (size_t)n), (size_t)n);
	/* an SMB2 negotiate response: 3.0.2, signing required */
	memset(b, 0, sizeof(b));
	b[3] = 64 + 65;
	memcpy(b + 4, "\xfeSMB\x40", 5);
	b[4 + 64] = 65;
	b[4 + 66] = 0x03;
	b[4 + 68] = 0x02;
	b[4 + 69] = 0x03;
	assert_int_equal(np_smb_negotiate_parse(b, 4 + 64 + 65, &s, &why), 0);
	assert_int_equal(s.version, 2);
	assert_true(s.accepted);
	assert_int_equal(s.dialect, 0x0302);
	assert_true(s.signing_required);
	/* an SMB1 answer refusing every dialect */
	memset(b, 0, sizeof(b));
	b[3] = 32 + 1 + 2 + 2;
	memcpy(b + 4, "\xffSMB\x72", 5);
	b[4 + 32] = 1;
	b[4 + 33] = 0xff;
	b[4 + 34] = 0xff;
	assert_int_equal(np_smb_negotiate_parse(b, 4 + 37, &s, &why), 0);
	assert_int_equal(s.version, 1);
	assert_false(s.accepted);
	assert_int_equal(np_smb_negotiate_parse(BIN("\x00\x00\x00\x04JUNK"), &s, &why), -EPROTO);
	assert_int_equal(np_nbss_session_parse(BIN("\x82\x00\x00\x00"), &why), 1);
	assert_int_equal(np_nbss_session_parse(BIN("\x83\x00\x00\x01\x80"), &why), 0);
}

static void test_x224(void **state)
{
	uint8_t b[32];
	struct np_x224 x;
	const char *why;

	(void)state;
	assert_int_equal(np_x224_connection_request(NP_RDP_PROTO_SSL, b, sizeof(b)), 19);
	assert_int_equal(np_tpkt_len(b, 19), 19);
	assert_int_equal(np_x224_confirm_parse(BIN("\x03\x00\x00\x13\x0e\xd0\x00\x00\x12\x34\x00\x03\x00\x08\x00\x05\x00\x00\x00"),
					       &x, &why), 0);
	assert_true(x.has_neg);
	assert_true(x.failure);
	assert_int_equal(x.failure_code, 5);
	assert_int_equal(np_x224_confirm_parse(BIN("\x03\x00\x00\x13\x0e\xd0\x00\x00\x12\x34\x00\x02\x00\x08\x00\x01\x00\x00\x00"),
					       &x, &why), 0);
	assert_false(x.failure);
	assert_int_equal(x.selected, NP_RDP_PROTO_SSL);
	assert_int_equal(np_x224_confirm_parse(BIN("\x03\x00\x00\x0b\x06\xd0\x00\x00\x12\x34\x00"), &x, &why), 0);
	assert_false(x.has_neg);
	assert_int_equal(np_x224_confirm_parse(BIN("\x03\x00\x00\x0b\x06\xe0\x00\x00\x12\x34\x00"), &x, &why), -EPROTO);
	assert_int_equal(np_x224_confirm_parse(BIN("\x03\x00\x00\xff\x06\xd0"), &x, &why), -EPROTO);
}

static void test_http_banner(void **state)
{
	struct np_http h;
	struct np_banner b;
	const char *why;
	char req[256];

	(void)state;
	assert_int_equal(np_http_parse(BIN("HTTP/1.1 200 OK\r\nServer:  nginx \r\nX: y\r\n\r\n<html><TITLE id=t>\n Router \t"
					   "Login</title>"), &h, &why), 0);
	assert_int_equal(h.status, 200);
	assert_string_equal(h.server, "nginx");
	assert_string_equal(h.title, "Router Login");
	assert_int_equal(np_http_parse(BIN("SSH-2.0-x\r\n"), &h, &why), -EPROTO);
	assert_true(np_http_request("10.0.0.1", req, sizeof(req)) > 0);
	assert_int_equal(np_http_request("a\r\nb", req, sizeof(req)), -EINVAL);
	assert_int_equal(np_banner_parse(BIN("SSH-2.0-OpenSSH_9.2p1\r\nmore"), &b, &why), 0);
	assert_int_equal(b.kind, NPB_SSH);
	assert_string_equal(b.text, "SSH-2.0-OpenSSH_9.2p1");
	assert_int_equal(np_banner_parse(BIN("\xff\xfd\x18\xff\xfa\x18\x01\xff\xf0login: "), &b, &why), 0);
	assert_int_equal(b.kind, NPB_TELNET);
	assert_string_equal(b.text, "login:");
	assert_int_equal(np_banner_parse(BIN("\x1b\x01\x02\r\n"), &b, &why), -EPROTO);
	assert_int_equal(np_banner_parse(BIN("\x1b[2Jhi\n"), &b, &why), 0);
	assert_null(strchr(b.text, 0x1b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets),	cmocka_unit_test(test_public), cmocka_unit_test(test_ports),
		cmocka_unit_test(test_nbns),	cmocka_unit_test(test_snmp),   cmocka_unit_test(test_smb),
		cmocka_unit_test(test_x224),	cmocka_unit_test(test_http_banner),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
