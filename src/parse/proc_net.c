#include "parse/proc_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/span.h"
#include "util/xalloc.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Exactly len hex digits (len <= 16) into *out. */
static bool hex_exact(struct span s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (s.len != len || len > 16)
		return false;
	for (i = 0; i < len; i++) {
		int d = hexval(s.p[i]);
		if (d < 0)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return true;
}

/*
 * "0100007F:0CEA" (IPv4) or 32 hex digits ":" port (IPv6). Each 32-bit word
 * was printed from host (little-endian) order: its bytes come reversed.
 */
static bool parse_endpoint(struct span s, int family, uint8_t addr[16], uint16_t *port)
{
	size_t nwords = family == 4 ? 1 : 4, w;
	struct span a;
	uint64_t v;

	if (!span_split(&s, ':', &a) || a.len != nwords * 8)
		return false;
	memset(addr, 0, 16);
	for (w = 0; w < nwords; w++) {
		if (!hex_exact(SPAN(a.p + w * 8, 8), 8, &v))
			return false;
		addr[w * 4 + 0] = (uint8_t)(v & 0xff);
		addr[w * 4 + 1] = (uint8_t)(v >> 8 & 0xff);
		addr[w * 4 + 2] = (uint8_t)(v >> 16 & 0xff);
		addr[w * 4 + 3] = (uint8_t)(v >> 24 & 0xff);
	}
	if (!hex_exact(s, 4, &v))
		return false;
	*port = (uint16_t)v;
	return true;
}

/* One socket line; NULL on success, else the reason. */
static const char *parse_line(struct span line, enum sock_proto proto, int family, struct sock_entry *e)
{
	struct span w, rest = line;
	uint64_t v;
	int i;

	memset(e, 0, sizeof(*e));
	e->proto = (uint8_t)proto;
	e->family = (uint8_t)family;
	/* sl: "0:" */
	if (!span_next_word(&rest, &w) || w.len < 2 || w.p[w.len - 1] != ':' || parse_u64(w.p, w.len - 1, UINT64_MAX, &v) < 0)
		return "bad slot number";
	if (!span_next_word(&rest, &w) || !parse_endpoint(w, family, e->addr, &e->port))
		return "bad local address";
	if (!span_next_word(&rest, &w) || !parse_endpoint(w, family, e->raddr, &e->rport))
		return "bad remote address";
	if (!span_next_word(&rest, &w) || !hex_exact(w, 2, &v))
		return "bad state";
	e->state = (uint8_t)v;
	/* tx_queue:rx_queue, tr:tm->when, retrnsmt: not needed, but must be there */
	for (i = 0; i < 3; i++)
		if (!span_next_word(&rest, &w))
			return "too few fields";
	if (!span_next_word(&rest, &w) || parse_u32(w.p, w.len, &e->uid) < 0)
		return "bad uid";
	if (!span_next_word(&rest, &w)) /* timeout */
		return "too few fields";
	if (!span_next_word(&rest, &w) || parse_u64(w.p, w.len, UINT64_MAX, &e->inode) < 0)
		return "bad inode";
	return NULL;
}

int proc_net_parse(const char *buf, size_t len, enum sock_proto proto, int family, struct proc_net *out,
		   struct err *err)
{
	struct span rest = SPAN(buf, buf ? len : 0), line;
	size_t lineno = 0;

	if (family != 4 && family != 6)
		return err_set(err, -EINVAL, "address family must be 4 or 6");
	while (span_next_line(&rest, &line)) {
		struct sock_entry e;
		const char *why;

		lineno++;
		if (lineno == 1) {
			/* the header: "  sl  local_address rem_address ..." */
			struct span t = span_trim(line), w;
			if (span_next_word(&t, &w) && span_eq(w, "sl"))
				continue;
		}
		if (!span_trim(line).len)
			continue;
		if (line.len > PROC_NET_MAX_LINE) {
			parse_bad_add(&out->bad, lineno, "line too long");
			continue;
		}
		if (span_has_nul(line)) {
			parse_bad_add(&out->bad, lineno, "NUL byte");
			continue;
		}
		why = parse_line(line, proto, family, &e);
		if (why) {
			parse_bad_add(&out->bad, lineno, why);
			continue;
		}
		if (out->n >= PROC_NET_MAX_SOCKETS)
			return err_set(err, -E2BIG, "more than %zu sockets", PROC_NET_MAX_SOCKETS);
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n++] = e;
	}
	return 0;
}

void proc_net_free(struct proc_net *pn)
{
	if (!pn)
		return;
	free(pn->v);
	memset(pn, 0, sizeof(*pn));
}

static bool all_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

bool sock_is_listening(const struct sock_entry *e)
{
	if (e->proto == SP_TCP)
		return e->state == TCPS_LISTEN;
	/* UDP/raw: unconnected sockets receive from anyone */
	return e->state == TCPS_CLOSE && e->rport == 0 && all_zero(e->raddr, 16);
}

static enum addr_class classify4(const uint8_t a[4])
{
	if (all_zero(a, 4))
		return ADDR_ANY;
	if (a[0] == 127)
		return ADDR_LOOPBACK;
	if (a[0] == 169 && a[1] == 254)
		return ADDR_LINKLOCAL;
	if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168) ||
	    (a[0] == 100 && (a[1] & 0xc0) == 64))
		return ADDR_PRIVATE;
	if ((a[0] & 0xf0) == 224)
		return ADDR_MULTICAST;
	return ADDR_PUBLIC;
}

enum addr_class addr_classify(int family, const uint8_t addr[16])
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	if (family == 4)
		return classify4(addr);
	if (all_zero(addr, 16))
		return ADDR_ANY;
	if (memcmp(addr, mapped, 12) == 0)
		return classify4(addr + 12);
	if (all_zero(addr, 15) && addr[15] == 1)
		return ADDR_LOOPBACK;
	if (addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80)
		return ADDR_LINKLOCAL;
	if ((addr[0] & 0xfe) == 0xfc)
		return ADDR_PRIVATE;
	if (addr[0] == 0xff)
		return ADDR_MULTICAST;
	return ADDR_PUBLIC;
}

const char *addr_class_name(enum addr_class c)
{
	switch (c) {
	case ADDR_ANY:
		return "any";
	case ADDR_LOOPBACK:
		return "loopback";
	case ADDR_LINKLOCAL:
		return "link-local";
	case ADDR_PRIVATE:
		return "private";
	case ADDR_PUBLIC:
		return "public";
	case ADDR_MULTICAST:
		return "multicast";
	}
	return "?";
}

void addr_format(int family, const uint8_t addr[16], char *buf, size_t size)
{
	char tmp[INET6_ADDRSTRLEN];

	if (!inet_ntop(family == 4 ? AF_INET : AF_INET6, addr, tmp, sizeof(tmp)))
		snprintf(tmp, sizeof(tmp), "?");
	snprintf(buf, size, "%s", tmp);
}

const char *sock_proto_name(enum sock_proto p, int family)
{
	switch (p) {
	case SP_TCP:
		return family == 6 ? "tcp6" : "tcp";
	case SP_UDP:
		return family == 6 ? "udp6" : "udp";
	case SP_RAW:
		return family == 6 ? "raw6" : "raw";
	}
	return "?";
}

int proc_socket_inode(const char *link, size_t len, uint64_t *inode)
{
	static const char pre[] = "socket:[";
	size_t pl = sizeof(pre) - 1;

	if (len < pl + 2 || memcmp(link, pre, pl) != 0 || link[len - 1] != ']')
		return -EINVAL;
	return parse_u64(link + pl, len - pl - 1, UINT64_MAX, inode);
}

static bool is_unit_name(struct span s)
{
	static const char *const suffixes[] = { ".service", ".scope", ".socket", ".mount", ".swap", ".timer" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		size_t l = strlen(suffixes[i]);
		if (s.len > l && memcmp(s.p + s.len - l, suffixes[i], l) == 0)
			return true;
	}
	return false;
}

/* The last unit-named component of a cgroup path. */
static bool unit_of_path(struct span path, struct span *unit)
{
	struct span comp;
	bool found = false;

	while (path.len) {
		span_split(&path, '/', &comp);
		if (is_unit_name(comp)) {
			*unit = comp;
			found = true;
		}
	}
	return found;
}

int proc_cgroup_unit(const char *buf, size_t len, char *out, size_t size)
{
	struct span rest = SPAN(buf, buf ? len : 0), line, unified = { 0 }, named = { 0 };
	bool have_unified = false, have_named = false;
	size_t n = 0, i;

	if (!size)
		return -EINVAL;
	out[0] = '\0';
	while (span_next_line(&rest, &line)) {
		struct span id, ctrl;

		if (++n > PROC_CGROUP_MAX_LINES)
			return -EINVAL;
		if (!span_split(&line, ':', &id) || !span_split(&line, ':', &ctrl))
			continue;
		if (span_eq(id, "0") && ctrl.len == 0) {
			unified = line;
			have_unified = true;
		} else if (span_eq(ctrl, "name=systemd")) {
			named = line;
			have_named = true;
		}
	}
	if (have_unified || have_named) {
		struct span unit;
		if (unit_of_path(have_unified ? unified : named, &unit) ||
		    (have_unified && have_named && unit_of_path(named, &unit))) {
			if (unit.len >= size || span_has_nul(unit))
				return -EINVAL;
			for (i = 0; i < unit.len; i++)
				if ((unsigned char)unit.p[i] < 0x20 || unit.p[i] == 0x7f)
					return -EINVAL;
			memcpy(out, unit.p, unit.len);
			out[unit.len] = '\0';
		}
	}
	return 0;
}
