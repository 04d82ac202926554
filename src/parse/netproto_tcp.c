/* kyuka netscan's service confirmation: SMB negotiate, RDP X.224, HTTP heads, banners (parse/netproto.h). */
#include "parse/netproto.h"
#include "parse/netproto_priv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int np_nbss_session_request(uint8_t *buf, size_t size)
{
	if (size < 72)
		return -ENOSPC;
	buf[0] = 0x81;
	buf[1] = 0;
	buf[2] = 0;
	buf[3] = 68;
	np_nb_encode("*SMBSERVER", 0x20, buf + 4);
	np_nb_encode("KYUKA", 0x00, buf + 38);
	return 72;
}

int np_nbss_session_parse(const uint8_t *b, size_t n, const char **why)
{
	if (n < 4)
		return np_fail(why, "shorter than a session header");
	if (b[0] == 0x82)
		return 1;
	if (b[0] == 0x83)
		return 0;
	return np_fail(why, "not a session response");
}

size_t np_nbss_frame_len(const uint8_t *b, size_t n)
{
	size_t l;

	if (n < 4)
		return 0;
	l = 4 + ((size_t)(b[1] & 1) << 16 | (size_t)b[2] << 8 | b[3]);
	return n >= l ? l : 0;
}

static void nbss_frame(uint8_t *buf, size_t payload)
{
	buf[0] = 0;
	buf[1] = (uint8_t)(payload >> 16);
	buf[2] = (uint8_t)(payload >> 8);
	buf[3] = (uint8_t)payload;
}

int np_smb1_negotiate(uint8_t *buf, size_t size)
{
	static const char dialect[] = "\x02NT LM 0.12";	/* and its NUL */
	size_t o = 4;

	if (size < 4 + 32 + 3 + sizeof(dialect))
		return -ENOSPC;
	memset(buf, 0, 4 + 32 + 3);
	memcpy(buf + o, "\xffSMB", 4);
	buf[o + 4] = 0x72;		/* negotiate */
	buf[o + 9] = 0x18;		/* case-insensitive, canonical names */
	buf[o + 10] = 0x01;		/* long names */
	buf[o + 11] = 0xc0;		/* NT status, unicode */
	buf[o + 26] = 0xff;		/* PID 0xfeff */
	buf[o + 27] = 0xfe;
	o += 32;
	buf[o++] = 0;			/* word count */
	buf[o++] = (uint8_t)sizeof(dialect);
	buf[o++] = 0;
	memcpy(buf + o, dialect, sizeof(dialect));
	o += sizeof(dialect);
	nbss_frame(buf, o - 4);
	return (int)o;
}

int np_smb2_negotiate(uint8_t *buf, size_t size)
{
	static const uint16_t dialects[] = { 0x0202, 0x0210, 0x0300, 0x0302 };
	size_t o = 4, i, len = 4 + 64 + 36 + 2 * 4;

	if (size < len)
		return -ENOSPC;
	memset(buf, 0, len);
	memcpy(buf + o, "\xfeSMB", 4);
	buf[o + 4] = 64;		/* structure size */
	buf[o + 14] = 1;		/* credits requested */
	buf[o + 32] = 0xff;		/* process id 0xfeff */
	buf[o + 33] = 0xfe;
	o += 64;
	buf[o] = 36;			/* structure size */
	buf[o + 2] = 4;			/* dialect count */
	buf[o + 4] = 1;			/* signing enabled */
	memcpy(buf + o + 12, "kyuka-netscan-01", 16);	/* client guid */
	o += 36;
	for (i = 0; i < 4; i++) {
		buf[o++] = (uint8_t)dialects[i];
		buf[o++] = (uint8_t)(dialects[i] >> 8);
	}
	nbss_frame(buf, o - 4);
	return (int)o;
}

int np_smb_negotiate_parse(const uint8_t *b, size_t n, struct np_smb *out, const char **why)
{
	size_t fl = np_nbss_frame_len(b, n);
	const uint8_t *p = b + 4;
	size_t pl;

	memset(out, 0, sizeof(*out));
	if (!fl)
		return np_fail(why, "truncated session message");
	if (b[0] != 0)
		return np_fail(why, "not a session message");
	pl = fl - 4;
	if (pl >= 4 && !memcmp(p, "\xffSMB", 4)) {
		uint8_t wc;

		out->version = 1;
		if (pl < 33 || p[4] != 0x72)
			return np_fail(why, "not an SMB1 negotiate response");
		if (le32(p + 5) != 0)
			return 0;	/* an error status: refused */
		wc = p[32];
		if (pl < 33 + 2u * wc + 2)
			return np_fail(why, "truncated SMB1 negotiate response");
		if (wc < 1)
			return 0;
		out->dialect = le16(p + 33);
		if (out->dialect == 0xffff)
			return 0;
		out->accepted = true;
		if (wc >= 17) {
			uint8_t sm = p[35];

			out->signing_enabled = sm & 0x04;
			out->signing_required = sm & 0x08;
		}
		return 0;
	}
	if (pl >= 4 && !memcmp(p, "\xfeSMB", 4)) {
		out->version = 2;
		if (pl < 64 + 6 || le16(p + 4) != 64 || le16(p + 12) != 0)
			return np_fail(why, "not an SMB2 negotiate response");
		if (le32(p + 8) != 0)
			return 0;	/* an error status */
		if (le16(p + 64) != 65)
			return np_fail(why, "not an SMB2 negotiate response body");
		out->signing_enabled = p[66] & 0x01;
		out->signing_required = p[66] & 0x02;
		out->dialect = le16(p + 68);
		out->accepted = out->dialect != 0 && out->dialect != 0x02ff;
		return 0;
	}
	return np_fail(why, "neither SMB1 nor SMB2");
}

int np_x224_connection_request(uint32_t requested, uint8_t *buf, size_t size)
{
	static const uint8_t head[] = { 0x03, 0x00, 0x00, 0x13, 0x0e, 0xe0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x08, 0x00 };

	if (size < 19)
		return -ENOSPC;
	memcpy(buf, head, sizeof(head));
	buf[15] = (uint8_t)requested;
	buf[16] = (uint8_t)(requested >> 8);
	buf[17] = (uint8_t)(requested >> 16);
	buf[18] = (uint8_t)(requested >> 24);
	return 19;
}

size_t np_tpkt_len(const uint8_t *b, size_t n)
{
	size_t l;

	if (n < 4)
		return 0;
	l = (size_t)b[2] << 8 | b[3];
	if (l < 4)
		return 4;	/* malformed: the parser says so */
	return n >= l ? l : 0;
}

int np_x224_confirm_parse(const uint8_t *b, size_t n, struct np_x224 *out, const char **why)
{
	size_t tl, li;

	memset(out, 0, sizeof(*out));
	if (n < 4 || b[0] != 3 || b[1] != 0)
		return np_fail(why, "not a TPKT");
	tl = (size_t)b[2] << 8 | b[3];
	if (tl < 11 || tl > n)
		return np_fail(why, "truncated TPKT");
	li = b[4];
	if (li < 6 || 5 + li > tl)
		return np_fail(why, "bad X.224 length");
	if ((b[5] & 0xf0) != 0xd0)
		return np_fail(why, "not an X.224 connection confirm");
	if (li >= 6 + 8 && 5 + li <= tl) {
		const uint8_t *g = b + 11;

		if ((g[0] == 2 || g[0] == 3) && le16(g + 2) == 8) {
			out->has_neg = true;
			out->failure = g[0] == 3;
			if (out->failure)
				out->failure_code = le32(g + 4);
			else
				out->selected = le32(g + 4);
		}
	}
	return 0;
}

/* Case-insensitive search for needle (lower case) in [s, s+n). */
static const uint8_t *find_ci(const uint8_t *s, size_t n, const char *needle)
{
	size_t l = strlen(needle), i, j;

	for (i = 0; i + l <= n; i++) {
		for (j = 0; j < l; j++) {
			uint8_t c = s[i + j];

			if (c >= 'A' && c <= 'Z')
				c = (uint8_t)(c + 32);
			if (c != (uint8_t)needle[j])
				break;
		}
		if (j == l)
			return s + i;
	}
	return NULL;
}

/* Text without control characters, blanks folded, trimmed, at most NP_MAX_TEXT bytes. */
static void copy_clean(char *dst, const uint8_t *s, size_t n)
{
	size_t i, k = 0;
	bool blank = false;

	for (i = 0; i < n && k < NP_MAX_TEXT; i++) {
		uint8_t c = s[i];

		if (c < 0x20 || c == 0x7f) {
			blank = k > 0;
			continue;
		}
		if (c == ' ') {
			blank = k > 0;
			continue;
		}
		if (blank && k + 1 < NP_MAX_TEXT)
			dst[k++] = ' ';
		blank = false;
		dst[k++] = (char)c;
	}
	dst[k] = '\0';
}

int np_http_parse(const uint8_t *b, size_t n, struct np_http *out, const char **why)
{
	size_t i = 0, head_end, ls;
	const uint8_t *t, *te;

	memset(out, 0, sizeof(*out));
	if (n < 12 || memcmp(b, "HTTP/1.", 7) || b[8] != ' ')
		return np_fail(why, "not an HTTP response");
	if (b[9] < '1' || b[9] > '5' || b[10] < '0' || b[10] > '9' || b[11] < '0' || b[11] > '9')
		return np_fail(why, "no status code");
	out->status = (unsigned)(b[9] - '0') * 100 + (unsigned)(b[10] - '0') * 10 + (unsigned)(b[11] - '0');
	head_end = n < NP_MAX_HTTP_HEAD ? n : NP_MAX_HTTP_HEAD;
	/* headers: lines until an empty one */
	while (i < head_end && b[i] != '\n')
		i++;
	i++;
	while (i < head_end) {
		size_t e = i, c;

		while (e < head_end && b[e] != '\n')
			e++;
		ls = e;
		if (ls > i && b[ls - 1] == '\r')
			ls--;
		if (ls == i) {
			i = e + 1;
			break;
		}
		for (c = i; c < ls && b[c] != ':'; c++)
			;
		if (c < ls) {
			size_t v = c + 1;
			char *dst = NULL;

			while (v < ls && (b[v] == ' ' || b[v] == '\t'))
				v++;
			if (c - i == 6 && find_ci(b + i, 6, "server"))
				dst = out->server;
			else if (c - i == 8 && find_ci(b + i, 8, "location"))
				dst = out->location;
			else if (c - i == 16 && find_ci(b + i, 16, "www-authenticate"))
				dst = out->www_authenticate;
			if (dst && !dst[0])
				copy_clean(dst, b + v, ls - v);
		}
		i = e + 1;
	}
	if (i >= n)
		return 0;
	t = find_ci(b + i, n - i, "<title");
	if (!t)
		return 0;
	while (t < b + n && *t != '>')
		t++;
	if (t >= b + n)
		return 0;
	t++;
	te = find_ci(t, (size_t)(b + n - t), "</title");
	copy_clean(out->title, t, (size_t)((te ? te : b + n) - t));
	return 0;
}

int np_http_request(const char *host, char *buf, size_t size)
{
	int r;

	if (strlen(host) > 64 || strpbrk(host, "\r\n"))
		return -EINVAL;
	r = snprintf(buf, size, "GET / HTTP/1.0\r\nHost: %s\r\nUser-Agent: kyuka-netscan\r\nAccept: */*\r\n"
			 "Connection: close\r\n\r\n", host);
	return r < 0 || (size_t)r >= size ? -ENOSPC : r;
}

int np_ssdp_msearch(const char *host, char *buf, size_t size)
{
	int r;

	if (strlen(host) > 64 || strpbrk(host, "\r\n"))
		return -EINVAL;
	r = snprintf(buf, size, "M-SEARCH * HTTP/1.1\r\nHOST: %s:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\n"
			 "ST: ssdp:all\r\n\r\n", host);
	return r < 0 || (size_t)r >= size ? -ENOSPC : r;
}

int np_banner_parse(const uint8_t *b, size_t n, struct np_banner *out, const char **why)
{
	uint8_t line[NP_MAX_TEXT] = { 0 };	/* gcc -O1/-O2 without LTO cannot see that copy_clean reads only line[0..k) */
	size_t i = 0, k = 0;
	bool iac = false;

	memset(out, 0, sizeof(*out));
	while (i < n && k < sizeof(line)) {
		uint8_t c = b[i];

		if (c == 0xff && i + 1 < n) {	/* telnet: IAC command [option] or a subnegotiation */
			uint8_t cmd = b[i + 1];

			iac = true;
			if (cmd == 0xff) {
				i += 2;
				continue;
			}
			if (cmd >= 251 && cmd <= 254) {
				i += 3;
				continue;
			}
			if (cmd == 250) {
				i += 2;
				while (i + 1 < n && !(b[i] == 0xff && b[i + 1] == 240))
					i++;
				i += 2;
				continue;
			}
			i += 2;
			continue;
		}
		if (c == '\n' && k > 0)
			break;
		if (c >= 0x20 && c != 0x7f)
			line[k++] = c;
		else if ((c == '\t') && k > 0)
			line[k++] = ' ';
		i++;
	}
	copy_clean(out->text, line, k);
	if (!out->text[0] && !iac)
		return np_fail(why, "no printable banner");
	if (iac)
		out->kind = NPB_TELNET;
	else if (!strncmp(out->text, "SSH-", 4))
		out->kind = NPB_SSH;
	else if (!strncmp(out->text, "RFB ", 4))
		out->kind = NPB_VNC;
	else if (!strncmp(out->text, "220", 3))
		out->kind = NPB_FTP_SMTP;
	return 0;
}

const char *np_banner_kind_name(enum np_banner_kind k)
{
	switch (k) {
	case NPB_SSH: return "ssh";
	case NPB_FTP_SMTP: return "ftp/smtp";
	case NPB_TELNET: return "telnet";
	case NPB_VNC: return "vnc";
	case NPB_UNKNOWN: break;
	}
	return "banner";
}
