/* kyuka netscan's targets and port lists (parse/nettarget.h). */
#include "parse/nettarget.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	if (!n || n > 5)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static unsigned digits_value(const char *s, size_t n)
{
	unsigned v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (unsigned)(s[i] - '0');
	return v;
}

/* A dotted quad, strict (inet_pton's AF_INET: four decimal parts, no leading zeros beyond "0"). */
static bool parse_v4(const char *s, size_t n, uint32_t *out)
{
	char buf[16];
	struct in_addr a;

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, &a) != 1)
		return false;
	*out = ntohl(a.s_addr);
	return true;
}

static bool parse_v6(const char *s, size_t n, uint8_t out[16])
{
	char buf[64];

	if (n == 0 || n >= sizeof(buf) || !memchr(s, ':', n))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET6, buf, out) == 1;
}

static bool valid_name(const char *s, size_t n)
{
	size_t i, label = 0;
	bool alpha = false;

	if (n == 0 || n > NT_MAX_NAME || s[0] == '.' || s[0] == '-')
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '.') {
			if (label == 0)
				return false;
			label = 0;
			continue;
		}
		if (++label > 63)
			return false;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
			alpha = true;
		else if (!(c >= '0' && c <= '9') && c != '-')
			return false;
	}
	return alpha;	/* all digits and dots is a malformed address, not a name */
}

int nt_parse(const char *s, size_t len, struct nt_spec *out, const char **why)
{
	const char *slash, *dash;
	uint32_t a, b;
	uint8_t a6[16];

	memset(out, 0, sizeof(*out));
	if (len == 0 || len > NT_MAX_SPEC) {
		*why = len ? "too long" : "empty";
		return -EINVAL;
	}
	slash = memchr(s, '/', len);
	dash = memchr(s, '-', len);
	if (slash) {
		size_t pl = len - (size_t)(slash - s) - 1;
		unsigned bits;

		if (!all_digits(slash + 1, pl) || pl > 3) {
			*why = "a prefix length is a number";
			return -EINVAL;
		}
		bits = digits_value(slash + 1, pl);
		if (parse_v6(s, (size_t)(slash - s), a6)) {
			if (bits != 128) {
				*why = "IPv6 prefixes are not swept: name the addresses";
				return -EINVAL;
			}
			out->kind = NT_ADDR;
			out->family = 6;
			memcpy(out->addr, a6, 16);
			return 0;
		}
		if (!parse_v4(s, (size_t)(slash - s), &a)) {
			*why = "not an IPv4 or IPv6 prefix";
			return -EINVAL;
		}
		if (bits > 32) {
			*why = "an IPv4 prefix length is 0 to 32";
			return -EINVAL;
		}
		if (bits < 16) {
			*why = "larger than a /16";
			return -EINVAL;
		}
		b = bits == 32 ? 0xffffffffu : ~(0xffffffffu >> bits);
		out->kind = NT_RANGE4;
		out->family = 4;
		out->lo = a & b;
		out->hi = out->lo | ~b;
		return 0;
	}
	if (parse_v6(s, len, a6)) {
		out->kind = NT_ADDR;
		out->family = 6;
		memcpy(out->addr, a6, 16);
		return 0;
	}
	if (parse_v4(s, len, &a)) {
		out->kind = NT_ADDR;
		out->family = 4;
		a = htonl(a);
		memcpy(out->addr, &a, 4);
		return 0;
	}
	if (dash && parse_v4(s, (size_t)(dash - s), &a)) {
		const char *r = dash + 1;
		size_t rl = len - (size_t)(r - s);

		if (all_digits(r, rl) && rl <= 3) {
			unsigned last = digits_value(r, rl);

			if (last > 255 || last < (a & 0xff)) {
				*why = "the range ends before it starts";
				return -EINVAL;
			}
			b = (a & 0xffffff00u) | last;
		} else if (!parse_v4(r, rl, &b)) {
			*why = "a range is A.B.C.D-E or A.B.C.D-A.B.C.E";
			return -EINVAL;
		}
		if (b < a) {
			*why = "the range ends before it starts";
			return -EINVAL;
		}
		if (b - a >= NT_MAX_HOSTS) {
			*why = "larger than a /16";
			return -EINVAL;
		}
		out->kind = NT_RANGE4;
		out->family = 4;
		out->lo = a;
		out->hi = b;
		return 0;
	}
	if (valid_name(s, len)) {
		out->kind = NT_NAME;
		memcpy(out->name, s, len);
		out->name[len] = '\0';
		return 0;
	}
	*why = "not an address, a prefix, a range or a host name";
	return -EINVAL;
}

uint32_t nt_count(const struct nt_spec *t)
{
	return t->kind == NT_RANGE4 ? t->hi - t->lo + 1 : 1;
}

/* The IPv4 blocks that are not public, host order. */
static const struct {
	uint32_t net, mask;
} v4_local[] = {
	{ 0x0a000000u, 0xff000000u },	/* 10/8 */
	{ 0x64400000u, 0xffc00000u },	/* 100.64/10 */
	{ 0x7f000000u, 0xff000000u },	/* 127/8 */
	{ 0xa9fe0000u, 0xffff0000u },	/* 169.254/16 */
	{ 0xac100000u, 0xfff00000u },	/* 172.16/12 */
	{ 0xc0a80000u, 0xffff0000u },	/* 192.168/16 */
	{ 0xc6120000u, 0xfffe0000u },	/* 198.18/15 */
};

bool nt_range_public(uint32_t lo, uint32_t hi)
{
	size_t i;

	for (i = 0; i < sizeof(v4_local) / sizeof(v4_local[0]); i++)
		if ((lo & v4_local[i].mask) == v4_local[i].net && (hi & v4_local[i].mask) == v4_local[i].net)
			return false;
	return true;
}

bool nt_addr_public(int family, const uint8_t addr[16])
{
	static const uint8_t loop6[16] = { [15] = 1 };

	if (family == 4) {
		uint32_t a = (uint32_t)addr[0] << 24 | (uint32_t)addr[1] << 16 | (uint32_t)addr[2] << 8 | addr[3];

		return nt_range_public(a, a);
	}
	if (!memcmp(addr, loop6, 16))
		return false;
	if (addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80)
		return false;
	if ((addr[0] & 0xfe) == 0xfc)
		return false;
	return true;
}

bool nt_addr_special(int family, const uint8_t addr[16])
{
	static const uint8_t zero[16];

	if (family == 4)
		return (addr[0] == 0) || addr[0] >= 224;	/* 0/8, multicast, reserved and broadcast */
	return !memcmp(addr, zero, 16) || addr[0] == 0xff;
}

int nt_ports_parse(const char *s, size_t len, uint8_t *bitmap, const char **why)
{
	size_t i = 0;
	int n = 0;
	unsigned p;

	memset(bitmap, 0, NT_PORT_BITMAP);
	if (len > NT_MAX_PORTSPEC) {
		*why = "too long";
		return -EINVAL;
	}
	if (len == 3 && !memcmp(s, "all", 3)) {
		memset(bitmap, 0xff, NT_PORT_BITMAP);
		bitmap[0] &= (uint8_t)~1u;	/* no port 0 */
		return 65535;
	}
	while (i < len) {
		size_t st = i, e;
		unsigned lo, hi;

		while (i < len && s[i] != ',')
			i++;
		e = i++;
		while (st < e && s[st] == ' ')
			st++;
		while (e > st && s[e - 1] == ' ')
			e--;
		{
			const char *d = memchr(s + st, '-', e - st);
			size_t l1 = d ? (size_t)(d - s) - st : e - st;

			if (!all_digits(s + st, l1) || (d && !all_digits(d + 1, e - (size_t)(d - s) - 1))) {
				*why = "a port is a number from 1 to 65535, a range LO-HI, or all";
				return -EINVAL;
			}
			lo = digits_value(s + st, l1);
			hi = d ? digits_value(d + 1, e - (size_t)(d - s) - 1) : lo;
		}
		if (lo < 1 || hi > 65535 || hi < lo) {
			*why = "a port is a number from 1 to 65535, a range LO-HI, or all";
			return -EINVAL;
		}
		for (p = lo; p <= hi; p++)
			if (!nt_port_isset(bitmap, p)) {
				bitmap[p >> 3] |= (uint8_t)(1u << (p & 7));
				n++;
			}
	}
	if (n == 0) {
		*why = "no port named";
		return -EINVAL;
	}
	return n;
}
