/*
 * VPN and firewall appliances' log lines (see logvpn.h). The formats and
 * where they are documented:
 *
 *   FortiGate   FortiOS Log Message Reference (docs.fortinet.com): 39424
 *               SSL VPN tunnel up, 39426 SSL VPN login fail (action=
 *               "ssl-login-fail"), 37138 IPsec tunnel up, 32001/32002 admin
 *               login, traffic logs (srcip dstip dstport proto action).
 *   Cisco ASA   Cisco Secure Firewall ASA Series Syslog Messages: 113039,
 *               113015, 113005, 722051, 722041, 716001, 605004/605005,
 *               302013/302015, 106100, 106023, 106001.
 *   Palo Alto   PAN-OS Syslog Field Descriptions: GlobalProtect log fields
 *               (10.x), SYSTEM logs of subtype globalprotect (8.x/9.0),
 *               TRAFFIC log fields.
 *   Pulse/Ivanti Connect Secure: the event log's standard format
 *               ("- ive - [ADDR] USER(REALM)[ROLES] - TEXT") and WELF
 *               (id=firewall ... vpn=ive ... msg="AUT24326: ...").
 *   SonicWall   SonicOS Log Events Reference: the default key=value syslog
 *               (id=firewall sn= time= fw= pri= c= m= msg= usr= src= dst=).
 *   YAMAHA RTX  the router's SYSLOG lines ("Login succeeded for TELNET: A",
 *               "PP[ANONYMOUS01] Call detected from user 'u'").
 *
 * One file of more than 800 lines, as logmsg.c: the six vendors share the
 * span helpers, the key=value reader and the header code at the top and
 * are small each; split apart they would need those helpers exported from a
 * pure library with no header for them.
 */
#include "parse/logvpn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "util/swar.h"
#include "util/timeutil.h"

#define LIT(s) s, sizeof(s) - 1

/* ------------------------------------------------------------------ helpers */

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool has_prefix(struct span s, const char *lit, size_t n)
{
	return s.len >= n && memcmp(s.p, lit, n) == 0;
}

static bool eq(struct span s, const char *lit, size_t n)
{
	return s.len == n && memcmp(s.p, lit, n) == 0;
}

static struct span after(struct span s, size_t from)
{
	return from >= s.len ? SPAN(s.p + s.len, 0) : SPAN(s.p + from, s.len - from);
}

static struct span sub(struct span s, size_t from, size_t len)
{
	if (from > s.len)
		return SPAN(s.p + s.len, 0);
	if (len > s.len - from)
		len = s.len - from;
	return SPAN(s.p + from, len);
}

static long find(struct span s, const char *lit, size_t n)
{
	const char *p;

	if (!n)
		return 0;
	if (s.len < n)
		return -1;
	p = memmem(s.p, s.len, lit, n);
	return p ? (long)(p - s.p) : -1;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* lit (lowercase) in s, ignoring ASCII case. */
static bool icontains(struct span s, const char *lit, size_t n)
{
	size_t i, j;

	for (i = 0; i + n <= s.len; i++) {
		for (j = 0; j < n && lower(s.p[i + j]) == lit[j]; j++)
			;
		if (j == n)
			return true;
	}
	return false;
}

static struct span trim(struct span s)
{
	while (s.len && (s.p[0] == ' ' || s.p[0] == '\t'))
		s = after(s, 1);
	while (s.len && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t' || s.p[s.len - 1] == '\r'))
		s.len--;
	return s;
}

/* A user name as the review keeps it: cut, and "N/A", "-", "*****" (hidden by the device) are none. */
static struct span user_of(struct span u)
{
	u = trim(u);
	if (u.len > LOGMSG_MAX_USER)
		u.len = LOGMSG_MAX_USER;
	if (eq(u, LIT("N/A")) || eq(u, LIT("-")) || eq(u, LIT("*****")) || eq(u, LIT("unknown")))
		return SPAN(u.p, 0);
	return u;
}

/* An address as a source: logmsg_is_addr, without a zone or brackets. */
static struct span addr_of(struct span a)
{
	a = trim(a);
	if (a.len >= 2 && a.p[0] == '[' && a.p[a.len - 1] == ']')
		a = sub(a, 1, a.len - 2);
	return logmsg_is_addr(a) ? a : SPAN(a.p, 0);
}

static bool strict_u32(struct span s, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!s.len || s.len > 10)
		return false;
	for (i = 0; i < s.len; i++) {
		if (!digit(s.p[i]))
			return false;
		v = v * 10 + (uint64_t)(s.p[i] - '0');
	}
	if (v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

static void set_port(struct logmsg *o, struct span p)
{
	uint32_t v;

	if (strict_u32(trim(p), 65535, &v))
		o->dport = v;
}

static void set_kind(struct logmsg *o, enum logmsg_svc svc, enum logmsg_kind k)
{
	o->svc = svc;
	o->kind = k;
}

/* ------------------------------------------------------------------ addresses */

static bool ipv4(struct span s, uint8_t q[4])
{
	size_t i = 0;
	int k;

	for (k = 0; k < 4; k++) {
		uint32_t v = 0;
		size_t n = 0;

		while (i < s.len && digit(s.p[i]) && n < 4) {
			v = v * 10 + (uint32_t)(s.p[i++] - '0');
			n++;
		}
		if (!n || n > 3 || v > 255)
			return false;
		q[k] = (uint8_t)v;
		if (k < 3) {
			if (i >= s.len || s.p[i] != '.')
				return false;
			i++;
		}
	}
	return i == s.len;
}

bool logvpn_outside_addr(struct span a)
{
	uint8_t q[4];

	if (has_prefix(a, LIT("::ffff:")) || has_prefix(a, LIT("::FFFF:")))
		a = after(a, 7);
	if (ipv4(a, q))
		return !(q[0] == 10 || q[0] == 127 || q[0] == 0 || (q[0] == 172 && (q[1] & 0xf0) == 16) ||
			 (q[0] == 192 && q[1] == 168) || (q[0] == 169 && q[1] == 254));
	if (!logmsg_is_addr(a) || !memchr(a.p, ':', a.len))
		return false;
	/* IPv6: loopback, unspecified, link-local fe80::/10, unique local fc00::/7 */
	if (eq(a, LIT("::1")) || eq(a, LIT("::")))
		return false;
	if (a.len >= 4) {
		char c0 = lower(a.p[0]), c1 = lower(a.p[1]), c2 = lower(a.p[2]);

		if (c0 == 'f' && (c1 == 'c' || c1 == 'd') && a.p[2] != ':')
			return false;
		if (c0 == 'f' && c1 == 'e' && (c2 == '8' || c2 == '9' || c2 == 'a' || c2 == 'b'))
			return false;
	}
	return true;
}

/* An address into 16 bytes (IPv4 mapped), or false. */
static bool addr16(const char *s, unsigned char a[16], bool *v4)
{
	memset(a, 0, 16);
	if (inet_pton(AF_INET, s, a + 12) == 1) {
		a[10] = a[11] = 0xff;
		*v4 = true;
		return true;
	}
	*v4 = false;
	return inet_pton(AF_INET6, s, a) == 1;
}

int logvpn_net_parse(const char *s, struct logvpn_net *out)
{
	char buf[LOGMSG_MAX_ADDR + 1];
	const char *sl = strchr(s, '/');
	size_t n = sl ? (size_t)(sl - s) : strlen(s);
	uint32_t bits;
	bool v4;

	if (!n || n > LOGMSG_MAX_ADDR)
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!addr16(buf, out->a, &v4))
		return -EINVAL;
	if (sl) {
		if (!strict_u32(SPAN(sl + 1, strlen(sl + 1)), v4 ? 32 : 128, &bits))
			return -EINVAL;
	} else {
		bits = v4 ? 32 : 128;
	}
	out->bits = v4 ? bits + 96 : bits;
	return 0;
}

bool logvpn_in_nets(struct span s, const struct logvpn_net *nets, size_t n)
{
	char buf[LOGMSG_MAX_ADDR + 1];
	unsigned char a[16];
	size_t i;
	bool v4;

	if (!n || !s.len || s.len > LOGMSG_MAX_ADDR)
		return false;
	memcpy(buf, s.p, s.len);
	buf[s.len] = '\0';
	if (!addr16(buf, a, &v4))
		return false;
	for (i = 0; i < n; i++) {
		unsigned b = nets[i].bits, full = b / 8, rest = b % 8;

		if (memcmp(a, nets[i].a, full) != 0)
			continue;
		if (rest && ((a[full] ^ nets[i].a[full]) & (0xff << (8 - rest)) & 0xff))
			continue;
		return true;
	}
	return false;
}

/* ------------------------------------------------------------------ key=value */

/*
 * The next key=value token of *s: a key (no blank or quote), '=', then a
 * value in double quotes (backslash escapes the next byte; an unterminated
 * one runs to the end) or up to the next blank. Words that are not such a
 * token are skipped. The value's span is inside the quotes, raw. The bytes
 * are found sixteen at a time (swar_find3): a line is mostly values, skipped whole.
 */
static bool kv_next(struct span *s, struct span *k, struct span *v)
{
	const char *p = s->p, *end = s->p + s->len;

	while (p < end) {
		size_t i;

		while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
			p++;
		if (p >= end)
			break;
		i = swar_find3(p, (size_t)(end - p), '=', ' ', '"');
		if (p + i >= end)
			break;
		if (p[i] != '=' || i == 0) {
			/* not a token: on to the next blank */
			i += swar_find3(p + i, (size_t)(end - p - (long)i), ' ', '\t', ' ');
			p += i;
			continue;
		}
		*k = SPAN(p, i);
		p += i + 1;
		if (p < end && *p == '"') {
			const char *vs = ++p;

			for (;;) {
				p += swar_find3(p, (size_t)(end - p), '"', '\\', '"');
				if (p >= end || *p == '"')
					break;
				p += 2;	/* a backslash and the byte it escapes */
				if (p > end)
					p = end;
			}
			*v = SPAN(vs, (size_t)(p - vs));
			if (p < end)
				p++;
		} else {
			size_t n = swar_find3(p, (size_t)(end - p), ' ', '\t', ' ');

			*v = SPAN(p, n);
			p += n;
		}
		s->p = p;
		s->len = (size_t)(end - p);
		return true;
	}
	s->p = end;
	s->len = 0;
	return false;
}

/* The fields the appliances' key=value lines are read by. */
#define KVF_SPANS 30
struct kvf {
	union {
		struct {
			struct span type, subtype, action, status, user, remip, srcip, dstip, dstport, proto, devname,
				xauthuser, ui, tunneltype, logid, id, sn, m, msg, usr, src, dst, fw_action, vpn, date, time,
				tz, eventtime, realm, reason;
		};
		struct span all[KVF_SPANS];	/* the same, to point the absent ones into the line */
	};
	unsigned n;
};

enum kv_stop { KV_ALL, KV_TIME };

/*
 * The first (up to) eight bytes of a key as a number, the first byte lowest: keys are told apart
 * by it and their length. K(lit) is a constant the compiler folds.
 */
#define KB(lit, i) ((uint64_t)(sizeof(lit) > (i) + 1 ? (unsigned char)(lit)[(i) + 1 < sizeof(lit) ? (i) : 0] : 0) << (8 * (i)))
#define K(lit) (KB(lit, 0) | KB(lit, 1) | KB(lit, 2) | KB(lit, 3) | KB(lit, 4) | KB(lit, 5) | KB(lit, 6) | KB(lit, 7))

static uint64_t key_word(const char *p, size_t n, const char *end)
{
	uint64_t w = 0;
	size_t i;

	if (n > 8)
		n = 8;
	if (SWAR_OK && end - p >= 8) {
		/* a key is followed by '=' and its value: eight bytes can most often be loaded at once */
		w = swar_load(p);
		return n < 8 ? w & (~(uint64_t)0 >> (64 - 8 * n)) : w;
	}
	for (i = 0; i < n; i++)
		w |= (uint64_t)(unsigned char)p[i] << (8 * i);
	return w;
}

static void kv_fields(struct span m, struct kvf *f, enum kv_stop stop)
{
	struct span k, v;
	const char *end, *start = m.p;
	size_t i;

	_Static_assert(sizeof(((struct kvf *)0)->all) == KVF_SPANS * sizeof(struct span), "kvf spans");
	memset(f, 0, sizeof(*f));
	if (m.len > LOGVPN_MAX_SCAN)
		m.len = LOGVPN_MAX_SCAN;
	end = m.p + m.len;
	while (f->n < LOGVPN_MAX_FIELDS && kv_next(&m, &k, &v)) {
		struct span *dst = NULL;
		uint64_t w = k.len <= 10 ? key_word(k.p, k.len, end) : 0;

		f->n++;
		switch (k.len) {
		case 1:
			dst = w == K("m") ? &f->m : NULL;
			break;
		case 2:
			dst = w == K("id") ? &f->id : w == K("sn") ? &f->sn : w == K("ui") ? &f->ui : w == K("tz") ? &f->tz : NULL;
			break;
		case 3:
			dst = w == K("msg") ? &f->msg : w == K("usr") ? &f->usr : w == K("src") ? &f->src :
			      w == K("dst") ? &f->dst : w == K("vpn") ? &f->vpn : NULL;
			break;
		case 4:
			dst = w == K("type") ? &f->type : w == K("user") ? &f->user : w == K("date") ? &f->date :
			      w == K("time") ? &f->time : NULL;
			break;
		case 5:
			dst = w == K("remip") ? &f->remip : w == K("srcip") ? &f->srcip : w == K("dstip") ? &f->dstip :
			      w == K("proto") ? &f->proto : w == K("logid") ? &f->logid : w == K("realm") ? &f->realm : NULL;
			break;
		case 6:
			dst = w == K("action") ? &f->action : w == K("status") ? &f->status :
			      w == K("reason") ? &f->reason : NULL;
			break;
		case 7:
			dst = w == K("subtype") ? &f->subtype : w == K("dstport") ? &f->dstport :
			      w == K("devname") ? &f->devname : NULL;
			break;
		case 9:
			/* eight bytes and the ninth */
			dst = w == K("xauthuse") && k.p[8] == 'r' ? &f->xauthuser :
			      w == K("fw_actio") && k.p[8] == 'n' ? &f->fw_action :
			      w == K("eventtim") && k.p[8] == 'e' ? &f->eventtime : NULL;
			break;
		case 10:
			dst = w == K("tunnelty") && k.p[8] == 'p' && k.p[9] == 'e' ? &f->tunneltype : NULL;
			break;
		default:
			break;
		}
		/* the first of a repeated key counts */
		if (!dst || dst->p)
			continue;
		*dst = v;
		/* enough read: a FortiGate traffic line's fields (about half of it), or the time of a line */
		if (stop == KV_TIME ? (f->date.p && f->time.p && (f->tz.p || f->eventtime.p)) :
				      (f->action.p && f->proto.p && f->dstport.p && f->dstip.p && f->srcip.p && f->logid.p &&
				       f->type.p && f->type.len == 7 && memcmp(f->type.p, "traffic", 7) == 0))
			break;
	}
	/* an absent field: empty, at the line's start (never NULL) */
	for (i = 0; i < KVF_SPANS; i++)
		if (!f->all[i].p)
			f->all[i] = SPAN(start, 0);
}
#undef K
#undef KB

/* ------------------------------------------------------------------ FortiGate */

static struct span proto_name(struct span p)
{
	static const char tcp[] = "TCP", udp[] = "UDP";

	if (eq(p, LIT("6")) || eq(p, LIT("tcp")) || eq(p, LIT("TCP")))
		return SPAN(tcp, 3);
	if (eq(p, LIT("17")) || eq(p, LIT("udp")) || eq(p, LIT("UDP")))
		return SPAN(udp, 3);
	return p;
}

static void fw_line(struct logmsg *o, enum logmsg_svc svc, bool allowed, struct span src, struct span dst,
		    struct span proto)
{
	set_kind(o, svc, allowed ? LM_FW_ALLOW : LM_FW_BLOCK);
	o->src = addr_of(src);
	o->dst = addr_of(dst);
	o->proto = proto_name(proto);
	o->inbound = o->src.len && logvpn_outside_addr(o->src);
}

static void fortigate(const struct kvf *f, struct logmsg *o)
{
	static const char ssl[] = "ssl-vpn", ipsec[] = "ipsec";
	const struct span a = f->action;

	set_kind(o, LS_FORTIGATE, LM_NOISE);
	o->device = f->devname;
	if (eq(f->type, LIT("traffic"))) {
		bool blocked = eq(a, LIT("deny")) || eq(a, LIT("blocked")) || eq(a, LIT("dropped")) ||
			       eq(a, LIT("ip-conn"));

		if (!f->srcip.len || !f->dstport.len)
			return;
		fw_line(o, LS_FORTIGATE, !blocked, f->srcip, f->dstip, f->proto);
		set_port(o, f->dstport);
		return;
	}
	if (!eq(f->type, LIT("event")))
		return;
	if (eq(f->subtype, LIT("vpn"))) {
		bool is_ssl = has_prefix(f->tunneltype, LIT("ssl")) || has_prefix(a, LIT("ssl"));

		if (a.len >= 10 && memcmp(a.p + a.len - 10, "login-fail", 10) == 0) {
			o->kind = LM_VPN_FAIL;
		} else if (eq(a, LIT("tunnel-up"))) {
			o->kind = LM_VPN_OK;
		} else {
			return;
		}
		o->user = user_of(f->user);
		if (!o->user.len)
			o->user = user_of(f->xauthuser);
		/* a name of no account: it may be a password typed at the prompt (the review hides those) */
		o->invalid_user = o->kind == LM_VPN_FAIL && eq(f->reason, LIT("sslvpn_login_unknown_user"));
		o->src = addr_of(f->remip);
		o->method = is_ssl ? SPAN(ssl, sizeof(ssl) - 1) : SPAN(ipsec, sizeof(ipsec) - 1);
		return;
	}
	if (eq(f->subtype, LIT("system")) && eq(a, LIT("login"))) {
		if (eq(f->status, LIT("success")))
			o->kind = LM_AUTH_OK;
		else if (eq(f->status, LIT("failed")) || eq(f->status, LIT("failure")))
			o->kind = LM_AUTH_FAIL;
		else
			return;
		o->user = user_of(f->user);
		o->invalid_user = o->kind == LM_AUTH_FAIL && eq(f->reason, LIT("name_invalid"));
		o->src = addr_of(f->srcip);
		o->method = f->ui;
		{
			long lp = find(f->ui, LIT("("));
			if (lp > 0)
				o->method = sub(f->ui, 0, (size_t)lp);
		}
	}
}

/* ------------------------------------------------------------------ SonicWall */

/* "203.0.113.5:51234:X1[:host]": the address and the port. */
static void sw_addr(struct span v, struct span *addr, struct span *port)
{
	long c = find(v, LIT(":"));

	*port = SPAN(v.p, 0);
	if (c < 0) {
		*addr = v;
		return;
	}
	*addr = sub(v, 0, (size_t)c);
	v = after(v, (size_t)c + 1);
	c = find(v, LIT(":"));
	*port = c < 0 ? v : sub(v, 0, (size_t)c);
}

static void sonicwall(const struct kvf *f, struct logmsg *o)
{
	struct span msg = f->msg, sa, sp, da, dp;
	bool vpn;

	set_kind(o, LS_SONICWALL, LM_NOISE);
	sw_addr(f->src, &sa, &sp);
	sw_addr(f->dst, &da, &dp);
	vpn = icontains(msg, LIT("vpn")) || eq(dp, LIT("4433"));
	if (icontains(msg, LIT("logout")) || icontains(msg, LIT("logged out")))
		return;
	if (icontains(msg, LIT("login")) &&
	    (icontains(msg, LIT("denied")) || icontains(msg, LIT("fail")) || icontains(msg, LIT("bad credentials")) ||
	     icontains(msg, LIT("invalid")))) {
		o->kind = vpn ? LM_VPN_FAIL : LM_AUTH_FAIL;
	} else if (icontains(msg, LIT("login")) &&
		   (icontains(msg, LIT("allowed")) || icontains(msg, LIT("success")) || icontains(msg, LIT("succeeded")))) {
		o->kind = vpn ? LM_VPN_OK : LM_AUTH_OK;
	} else if (eq(msg, LIT("Connection Opened")) || icontains(msg, LIT("dropped")) || eq(f->fw_action, LIT("drop"))) {
		bool blocked = icontains(msg, LIT("dropped")) || eq(f->fw_action, LIT("drop"));
		struct span proto = f->proto;
		long sl = find(proto, LIT("/"));

		if (!sa.len || !dp.len)
			return;
		if (sl > 0)
			proto = sub(proto, 0, (size_t)sl);
		fw_line(o, LS_SONICWALL, !blocked, sa, da, proto);
		set_port(o, dp);
		return;
	} else {
		return;
	}
	o->user = user_of(f->usr.len ? f->usr : f->user);
	o->src = addr_of(sa);
	if (vpn)
		o->method = SPAN("ssl-vpn", 7);
}

/* ------------------------------------------------------------------ Pulse / Ivanti Connect Secure */

/* "U/REALM" before " from ": the user. */
static struct span pulse_user(struct span t)
{
	long sl;
	size_t i;

	for (sl = -1, i = 0; i < t.len; i++)
		if (t.p[i] == '/')
			sl = (long)i;
	return sl > 0 ? sub(t, 0, (size_t)sl) : t;
}

/* The event text (after an optional "AUT24326: " code); user and src may come from the prefix or fields. */
static void pulse_text(struct span t, struct span user, struct span src, struct logmsg *o)
{
	long f, fr;

	set_kind(o, LS_PULSE, LM_NOISE);
	t = trim(t);
	if (t.len > 10 && (has_prefix(t, LIT("AUT")) || has_prefix(t, LIT("ERR")) || has_prefix(t, LIT("SYS")) ||
			   has_prefix(t, LIT("ADM"))) && digit(t.p[3])) {
		long c = find(sub(t, 0, 12), LIT(": "));
		if (c > 0)
			t = after(t, (size_t)c + 2);
	}
	if (has_prefix(t, LIT("Primary authentication successful for ")) ||
	    has_prefix(t, LIT("Primary authentication failed for "))) {
		o->kind = has_prefix(t, LIT("Primary authentication successful")) ? LM_VPN_OK : LM_VPN_FAIL;
		f = find(t, LIT(" for "));
		fr = find(t, LIT(" from "));
		if (f >= 0 && fr > f) {
			user = pulse_user(sub(t, (size_t)f + 5, (size_t)(fr - f - 5)));
			src = after(t, (size_t)fr + 6);
			{
				size_t e = 0;
				while (e < src.len && src.p[e] != ' ' && src.p[e] != ',')
					e++;
				src.len = e;
				/* "from 203.0.113.5." */
				if (src.len && src.p[src.len - 1] == '.')
					src.len--;
			}
		}
	} else if (has_prefix(t, LIT("Login failed")) || has_prefix(t, LIT("Authentication failed"))) {
		o->kind = LM_VPN_FAIL;
	} else {
		/* "Login succeeded for ...", "Agent login succeeded ...", "Logout from ...": the primary authentication counted the login */
		return;
	}
	o->user = user_of(user);
	o->src = addr_of(src);
	o->method = SPAN("ssl-vpn", 7);
}

/* "... - ive - [ADDR] USER(REALM)[ROLES] - TEXT" */
static bool pulse_standard(struct span m, struct logmsg *o)
{
	const char *lb = memchr(m.p, '[', m.len < 90 ? m.len : 90);
	long at = lb && lb - m.p >= 9 && memcmp(lb - 9, " - ive - ", 9) == 0 ? (long)(lb - 9 - m.p) : -1;
	struct span rest, addr, user = SPAN(m.p, 0);
	long rb, sep;

	if (at < 0) {
		if (!has_prefix(m, LIT("- ive - [")))
			return false;
		at = -1;
	}
	rest = after(m, (size_t)(at + 10));
	rb = find(sub(rest, 0, LOGMSG_MAX_ADDR + 2), LIT("]"));
	if (rb < 0)
		return false;
	addr = sub(rest, 0, (size_t)rb);
	rest = after(rest, (size_t)rb + 1);
	sep = find(rest, LIT(" - "));
	if (sep < 0)
		return false;
	{
		struct span who = trim(sub(rest, 0, (size_t)sep));
		long lp = find(who, LIT("("));

		user = lp >= 0 ? sub(who, 0, (size_t)lp) : who;
		if (eq(user, LIT("System")))
			user = SPAN(user.p, 0);
	}
	pulse_text(after(rest, (size_t)sep + 3), user, addr, o);
	return true;
}

/* ------------------------------------------------------------------ Cisco ASA */

/* "<X>" after word in t: X. */
static struct span angle(struct span t, const char *word, size_t n)
{
	long w = find(t, word, n), r;

	if (w < 0)
		return SPAN(t.p, 0);
	t = after(t, (size_t)w + n);
	r = find(t, LIT(">"));
	return r < 0 ? SPAN(t.p, 0) : sub(t, 0, (size_t)r);
}

/* "IF:ADDR/PORT": address and port (106023, 302013). */
static void if_addr_port(struct span w, struct span *addr, struct span *port)
{
	long c = find(w, LIT(":")), sl;

	if (c >= 0 && !memchr(w.p, '/', (size_t)c))
		w = after(w, (size_t)c + 1);
	sl = find(w, LIT("/"));
	if (sl < 0) {
		*addr = w;
		*port = SPAN(w.p, 0);
		return;
	}
	*addr = sub(w, 0, (size_t)sl);
	*port = after(w, (size_t)sl + 1);
	{
		size_t e = 0;
		while (e < port->len && digit(port->p[e]))
			e++;
		port->len = e;
	}
}

static struct span next_word(struct span *t)
{
	size_t i = 0, j;

	while (i < t->len && t->p[i] == ' ')
		i++;
	for (j = i; j < t->len && t->p[j] != ' '; j++)
		;
	*t = after(*t, j);
	return SPAN(t->p - (j - i), j - i);
}

/* "(n)" port after an address in 106100's "IF/ADDR(PORT)". */
static void slash_paren(struct span w, struct span *addr, struct span *port)
{
	long sl = find(w, LIT("/")), lp;

	if (sl >= 0)
		w = after(w, (size_t)sl + 1);
	lp = find(w, LIT("("));
	*addr = lp >= 0 ? sub(w, 0, (size_t)lp) : w;
	*port = SPAN(w.p, 0);
	if (lp >= 0) {
		long rp = find(w, LIT(")"));
		if (rp > lp)
			*port = sub(w, (size_t)lp + 1, (size_t)(rp - lp - 1));
	}
}

static void asa(uint32_t id, struct span t, struct logmsg *o)
{
	struct span a, p, b, q, w;
	long x;

	set_kind(o, LS_ASA, LM_NOISE);
	switch (id) {
	case 722051:	/* Group <G> User <U> IP <A> IPv4 Address <X> IPv6 address <Y> assigned to session */
	case 716001:	/* Group <G> User <U> IP <A> WebVPN session started. */
		o->kind = LM_VPN_OK;
		o->user = user_of(angle(t, LIT("User <")));
		o->src = addr_of(angle(t, LIT("IP <")));
		o->method = id == 716001 ? SPAN("webvpn", 6) : SPAN("anyconnect", 10);
		return;
	case 113015:	/* AAA user authentication Rejected : reason = R : local database : user = U: user IP = A */
	case 113005:	/* AAA user authentication Rejected : reason = R : server = S : user = U : user IP = A */
		x = find(t, LIT("user = "));
		if (x >= 0) {
			w = after(t, (size_t)x + 7);
			{
				long e = find(w, LIT(" :"));
				long e2 = find(w, LIT(": user IP"));
				if (e2 >= 0 && (e < 0 || e2 < e))
					e = e2;
				o->user = user_of(e >= 0 ? sub(w, 0, (size_t)e) : SPAN(w.p, 0));
			}
		}
		x = find(t, LIT("user IP = "));
		if (x >= 0)
			o->src = addr_of(next_word(&(struct span){ t.p + x + 10, t.len - (size_t)x - 10 }));
		o->kind = LM_VPN_FAIL;
		o->method = SPAN("aaa", 3);
		/* a name of no account: it may be a password typed at the prompt (the review hides those) */
		o->invalid_user = find(t, LIT("reason = User was not found")) >= 0;
		return;
	case 605004:	/* Login denied from A/P to IF:B/ssh for user "U" */
	case 605005:	/* Login permitted from A/P to IF:B/ssh for user "U" */
		x = find(t, LIT(" from "));
		if (x < 0)
			return;
		w = after(t, (size_t)x + 6);
		a = next_word(&w);
		x = find(a, LIT("/"));
		o->src = addr_of(x >= 0 ? sub(a, 0, (size_t)x) : a);
		x = find(t, LIT("for user \""));
		if (x >= 0) {
			w = after(t, (size_t)x + 10);
			x = find(w, LIT("\""));
			o->user = user_of(x >= 0 ? sub(w, 0, (size_t)x) : w);
		}
		o->kind = id == 605004 ? LM_AUTH_FAIL : LM_AUTH_OK;
		o->method = SPAN("admin", 5);
		return;
	case 302013:	/* Built inbound TCP connection N for IF:A/P (A2/P2) to IF:B/Q (B2/Q2) */
	case 302015:
		if (!has_prefix(t, LIT("Built inbound ")))
			return;
		x = find(t, LIT(" for "));
		if (x < 0)
			return;
		w = after(t, (size_t)x + 5);
		if_addr_port(next_word(&w), &a, &p);
		x = find(w, LIT(" to "));
		if (x < 0)
			return;
		w = after(w, (size_t)x + 4);
		if_addr_port(next_word(&w), &b, &q);
		fw_line(o, LS_ASA, true, a, b, id == 302013 ? SPAN("TCP", 3) : SPAN("UDP", 3));
		set_port(o, q);
		return;
	case 106100:	/* access-list ACL permitted|denied|est-allowed PROTO IF/A(P) -> IF/B(Q) hit-cnt N ... */
		w = t;
		if (!eq(next_word(&w), LIT("access-list")))
			return;
		(void)next_word(&w);
		b = next_word(&w);
		if (!eq(b, LIT("permitted")) && !eq(b, LIT("denied")))
			return;
		q = next_word(&w);	/* the protocol */
		slash_paren(next_word(&w), &a, &p);
		if (!eq(next_word(&w), LIT("->")))
			return;
		{
			struct span da, dp;

			slash_paren(next_word(&w), &da, &dp);
			fw_line(o, LS_ASA, eq(b, LIT("permitted")), a, da, q);
			set_port(o, dp);
		}
		return;
	case 106023:	/* Deny PROTO src IF:A/P dst IF:B/Q by access-group "X" */
		w = t;
		if (!eq(next_word(&w), LIT("Deny")))
			return;
		q = next_word(&w);
		if (!eq(next_word(&w), LIT("src")))
			return;
		if_addr_port(next_word(&w), &a, &p);
		if (!eq(next_word(&w), LIT("dst")))
			return;
		if_addr_port(next_word(&w), &b, &p);
		fw_line(o, LS_ASA, false, a, b, q);
		set_port(o, p);
		return;
	case 106001:	/* Inbound TCP connection denied from A/P to B/Q flags F on interface IF */
		x = find(t, LIT(" from "));
		if (x < 0)
			return;
		w = after(t, (size_t)x + 6);
		if_addr_port(next_word(&w), &a, &p);
		if (!eq(next_word(&w), LIT("to")))
			return;
		if_addr_port(next_word(&w), &b, &q);
		fw_line(o, LS_ASA, false, a, b, SPAN("TCP", 3));
		set_port(o, q);
		return;
	default:
		/* 113039 (AnyConnect parent session started) and 722041 (no IPv6 address for the SVC connection)
		 * come with every AnyConnect login: its 722051 line counts it once */
		return;
	}
}

/* "%ASA-6-113039: text" somewhere near the start of prog or msg. */
static bool asa_line(struct span prog, struct span msg, struct logmsg *o)
{
	struct span id, t;
	long at;
	uint32_t n;

	if (prog.len && prog.p[0] == '%') {
		id = prog;
		t = msg;
	} else {
		struct span w = sub(msg, 0, 96);
		const char *pc = memchr(w.p, '%', w.len);

		if (!pc)
			return false;
		at = find(after(w, (size_t)(pc - w.p)), LIT("%ASA-"));
		if (at < 0)
			at = find(after(w, (size_t)(pc - w.p)), LIT("%FTD-"));
		if (at < 0)
			return false;
		at += pc - w.p;
		id = after(msg, (size_t)at);
		at = find(sub(id, 0, 24), LIT(":"));
		if (at < 0)
			return false;
		t = after(id, (size_t)at + 1);
		id.len = (size_t)at;
	}
	/* "%ASA-6-113039" */
	if (id.len < 10 || !(has_prefix(id, LIT("%ASA-")) || has_prefix(id, LIT("%FTD-"))) || !digit(id.p[5]) ||
	    id.p[6] != '-' || !strict_u32(after(id, 7), 999999, &n))
		return false;
	asa(n, trim(t), o);
	return true;
}

/* ------------------------------------------------------------------ Palo Alto */

/* Splits a CSV line (double quotes around fields with commas; "" inside them) into f, at most LOGVPN_MAX_CSV. */
static size_t csv_split(struct span m, struct span *f)
{
	size_t n = 0, i = 0;

	while (n < LOGVPN_MAX_CSV) {
		size_t st;

		if (i < m.len && m.p[i] == '"') {
			st = ++i;
			while (i < m.len && !(m.p[i] == '"' && (i + 1 >= m.len || m.p[i + 1] != '"')))
				i += m.p[i] == '"' ? 2 : 1;
			f[n++] = sub(m, st, i - st);
			if (i < m.len)
				i++;
		} else {
			st = i;
			while (i < m.len && m.p[i] != ',')
				i++;
			f[n++] = sub(m, st, i - st);
		}
		if (i >= m.len || m.p[i] != ',')
			break;
		i++;
	}
	return n;
}

/* "YYYY/MM/DD HH:MM:SS" */
static bool pan_time(struct span s)
{
	return s.len == 19 && digit(s.p[0]) && s.p[4] == '/' && s.p[7] == '/' && s.p[10] == ' ' && s.p[13] == ':' &&
	       s.p[16] == ':';
}

/* "KEY: VALUE," in a description. */
static struct span desc_field(struct span d, const char *key, size_t n)
{
	long at = find(d, key, n);
	size_t e = 0;

	if (at < 0)
		return SPAN(d.p, 0);
	d = after(d, (size_t)at + n);
	while (e < d.len && d.p[e] != ',' && d.p[e] != ' ')
		e++;
	if (e && d.p[e - 1] == '.')
		e--;
	return sub(d, 0, e);
}

static bool paloalto(struct span m, struct logmsg *o)
{
	struct span f[LOGVPN_MAX_CSV];
	size_t n;
	static const char gp[] = "globalprotect";

	if (m.len < 30 || !digit(m.p[0]))
		return false;
	n = csv_split(sub(m, 0, LOGVPN_MAX_SCAN), f);
	if (n < 9 || !pan_time(f[1]))
		return false;
	if (eq(f[3], LIT("GLOBALPROTECT"))) {
		struct span ev = f[8];

		set_kind(o, LS_GLOBALPROTECT, LM_NOISE);
		if (n < 29)
			return true;
		if ((eq(ev, LIT("portal-auth")) || eq(ev, LIT("gateway-auth"))) && eq(f[28], LIT("failure")))
			o->kind = LM_VPN_FAIL;
		else if (eq(ev, LIT("gateway-connected")) && eq(f[28], LIT("success")))
			o->kind = LM_VPN_OK;
		else
			return true;
		o->user = user_of(f[12]);
		o->src = addr_of(f[15]);
		o->method = SPAN(gp, sizeof(gp) - 1);
		return true;
	}
	if (eq(f[3], LIT("SYSTEM"))) {
		struct span ev = f[8], d = n > 14 ? f[14] : SPAN(m.p, 0);

		if (!eq(f[4], LIT("globalprotect")) && !eq(f[4], LIT("auth")))
			return false;
		set_kind(o, eq(f[4], LIT("auth")) ? LS_PANOS : LS_GLOBALPROTECT, LM_NOISE);
		if (eq(f[4], LIT("auth"))) {
			/* failed authentication for user 'U'. Reason: ... From: A. */
			if (!eq(ev, LIT("auth-fail")))
				return true;
			o->kind = LM_AUTH_FAIL;
			{
				long q = find(d, LIT("for user '"));
				if (q >= 0) {
					struct span u = after(d, (size_t)q + 10);
					long e = find(u, LIT("'"));
					o->user = user_of(e >= 0 ? sub(u, 0, (size_t)e) : SPAN(u.p, 0));
				}
			}
			o->src = addr_of(desc_field(d, LIT("From: ")));
			o->method = SPAN("admin", 5);
			return true;
		}
		if (ev.len > 10 && memcmp(ev.p + ev.len - 10, "-auth-fail", 10) == 0)
			o->kind = LM_VPN_FAIL;
		else if (ev.len > 12 && memcmp(ev.p + ev.len - 12, "-regist-succ", 12) == 0)
			o->kind = LM_VPN_OK;
		else
			return true;
		o->user = user_of(desc_field(d, LIT("User name: ")));
		o->src = addr_of(desc_field(d, LIT("Login from: ")));
		o->method = SPAN(gp, sizeof(gp) - 1);
		return true;
	}
	if (eq(f[3], LIT("TRAFFIC")) && n >= 31) {
		struct span act = f[30];
		bool allow = eq(act, LIT("allow"));

		fw_line(o, LS_PANOS, allow, f[7], f[8], f[29]);
		set_port(o, f[25]);
		if (!o->src.len)
			o->kind = LM_NOISE;
		return true;
	}
	return false;
}

/* ------------------------------------------------------------------ YAMAHA RTX */

/* "[PP[01] |LAN2 ]Rejected at IN(1010) filter: TCP 203.0.113.5:51234 > 192.168.100.1:445": the filter's log line. */
static bool yamaha_filter(struct span m, struct logmsg *o)
{
	long at = find(sub(m, 0, 40), LIT(" at IN("));
	struct span w, proto, a, b;
	bool pass;
	long c;

	if (at < 0)
		at = find(sub(m, 0, 40), LIT(" at OUT("));
	if (at < 0)
		return false;
	{
		long r = find(sub(m, 0, (size_t)at), LIT("Rejected")), p = find(sub(m, 0, (size_t)at), LIT("Passed"));

		if (r >= 0 && r + 8 == at)
			pass = false;
		else if (p >= 0 && p + 6 == at)
			pass = true;
		else
			return false;
	}
	c = find(m, LIT(" filter: "));
	if (c < 0)
		return false;
	set_kind(o, LS_YAMAHA, LM_NOISE);
	/* only what comes in from outside matters: IN(...) */
	if (m.p[at + 4] != 'I')
		return true;
	w = after(m, (size_t)c + 9);
	proto = next_word(&w);
	a = next_word(&w);
	if (!eq(next_word(&w), LIT(">")))
		return true;
	b = next_word(&w);
	/* "ADDR:PORT" (IPv4) */
	{
		long ca = find(a, LIT(":")), cb = find(b, LIT(":"));

		if (ca < 0 || cb < 0)
			return true;
		fw_line(o, LS_YAMAHA, pass, sub(a, 0, (size_t)ca), sub(b, 0, (size_t)cb), proto);
		set_port(o, after(b, (size_t)cb + 1));
	}
	return true;
}

static bool yamaha(struct span m, struct logmsg *o)
{
	struct span t = m;
	long x;

	if (yamaha_filter(m, o))
		return true;

	/* an optional "[TAG] " ("[HTTPD] ", "[SSH] ") */
	if (t.len && t.p[0] == '[') {
		x = find(sub(t, 0, 16), LIT("] "));
		if (x > 0)
			t = after(t, (size_t)x + 2);
	}
	if (has_prefix(t, LIT("Login succeeded")) || has_prefix(t, LIT("Login failed"))) {
		/* "Login succeeded for TELNET: 192.168.100.2", "Login failed as (admin) for SSH: 203.0.113.5" */
		set_kind(o, LS_YAMAHA, has_prefix(t, LIT("Login succeeded")) ? LM_AUTH_OK : LM_AUTH_FAIL);
		x = find(t, LIT(" for "));
		if (x >= 0) {
			struct span w = after(t, (size_t)x + 5);
			long c = find(sub(w, 0, 16), LIT(": "));

			if (c > 0) {
				o->method = sub(w, 0, (size_t)c);
				w = after(w, (size_t)c + 2);
				o->src = addr_of(next_word(&w));
			}
		}
		x = find(t, LIT(" as ("));
		if (x >= 0) {
			struct span u = after(t, (size_t)x + 5);
			long r = find(u, LIT(")"));
			o->user = user_of(r >= 0 ? sub(u, 0, (size_t)r) : SPAN(u.p, 0));
		}
		return true;
	}
	if (has_prefix(t, LIT("Logout from ")) || has_prefix(t, LIT("Logout timer expired"))) {
		set_kind(o, LS_YAMAHA, LM_NOISE);
		return true;
	}
	if (has_prefix(t, LIT("PP[")) && (x = find(sub(t, 0, 24), LIT("] "))) > 0) {
		struct span r = after(t, (size_t)x + 2);
		long q;

		if (has_prefix(r, LIT("Call detected from user '"))) {
			set_kind(o, LS_YAMAHA, LM_VPN_OK);
			r = after(r, 25);
		} else if ((icontains(r, LIT("authentication")) && (icontains(r, LIT("fail")) || icontains(r, LIT("reject")))) ||
			   has_prefix(r, LIT("Rejected at "))) {
			set_kind(o, LS_YAMAHA, LM_VPN_FAIL);
			q = find(r, LIT("'"));
			r = q >= 0 ? after(r, (size_t)q + 1) : SPAN(r.p, 0);
		} else {
			return false;
		}
		q = find(r, LIT("'"));
		o->user = user_of(q >= 0 ? sub(r, 0, (size_t)q) : SPAN(r.p, 0));
		o->method = SPAN("l2tp/ipsec", 10);
		return true;
	}
	if (has_prefix(m, LIT("[L2TP] ")) || has_prefix(m, LIT("[IKE] ")) || has_prefix(m, LIT("IKE "))) {
		set_kind(o, LS_YAMAHA, LM_NOISE);
		return true;
	}
	return false;
}

/* ------------------------------------------------------------------ dispatch */

bool logvpn_parse(struct span prog, struct span msg, struct logmsg *o)
{
	struct logmsg save = *o;
	struct kvf f;

	if (msg.len && msg.p[msg.len - 1] == '\r')
		msg.len--;
	/* what another parser left in o before it gave up on the line is not this line's */
	{
		const struct span none = SPAN(msg.p, 0);

		o->user = o->src = o->method = o->target = o->group = o->dst = o->proto = none;
		o->iface_in = o->iface_out = o->pam_svc = o->device = none;
		o->sport = o->dport = 0;
		o->pair = LP_NONE;
		o->invalid_user = o->root_login = o->inbound = false;
	}
	/* a line that begins with key=value (FortiGate, SonicWall, WELF) is nothing else */
	{
		size_t n = msg.len < 32 ? msg.len : 32, i = swar_find3(msg.p, n, '=', ' ', '%');

		if (i < n && msg.p[i] == '=' && i > 0 && !prog.len)
			goto kv;
	}
	if (asa_line(prog, msg, o))
		goto out;
	if (msg.len && digit(msg.p[0]) && paloalto(msg, o))
		goto out;
	if (pulse_standard(msg, o))
		goto out;
	if (yamaha(msg, o))
		goto out;
	/* key=value: look only when a key=value token comes early */
	if (!memchr(msg.p, '=', msg.len < 64 ? msg.len : 64))
		goto none;
kv:
	kv_fields(msg, &f, KV_ALL);
	if (f.logid.len && f.type.len) {
		fortigate(&f, o);
		goto out;
	}
	if (f.vpn.len && (eq(f.id, LIT("firewall")) || f.msg.len) && !f.sn.len) {
		pulse_text(f.msg, f.user, f.src, o);
		goto out;
	}
	if (f.sn.len && f.m.len && (f.id.len || f.msg.len)) {
		sonicwall(&f, o);
		goto out;
	}
none:
	*o = save;
	return false;
out:
	/* an empty span points into the message like the classifier's (a field that is absent has none) */
	if (!o->user.len)
		o->user = SPAN(msg.p, 0);
	if (!o->src.len)
		o->src = SPAN(msg.p, 0);
	if (!o->dst.len)
		o->dst = SPAN(msg.p, 0);
	if (!o->proto.len)
		o->proto = SPAN(msg.p, 0);
	if (!o->method.len)
		o->method = SPAN(msg.p, 0);
	if (!o->device.len)
		o->device = SPAN(msg.p, 0);
	/* sources went through addr_of, inbound through fw_line; the user and device cut to their caps */
	if (o->device.len > LOGVPN_MAX_DEVICE)
		o->device.len = LOGVPN_MAX_DEVICE;
	if (o->user.len > LOGMSG_MAX_USER)
		o->user.len = LOGMSG_MAX_USER;
	return true;
}

bool logvpn_is_appliance(enum logmsg_svc s)
{
	return *logvpn_vendor(s) != '\0';
}

const char *logvpn_vendor(enum logmsg_svc s)
{
	switch (s) {
	case LS_FORTIGATE:
		return "FortiGate";
	case LS_YAMAHA:
		return "YAMAHA RTX";
	case LS_ASA:
		return "Cisco ASA";
	case LS_GLOBALPROTECT:
		return "Palo Alto GlobalProtect";
	case LS_PULSE:
		return "Ivanti Connect Secure";
	case LS_SONICWALL:
		return "SonicWall";
	case LS_PANOS:
		return "Palo Alto";
	default:
		return "";
	}
}

/* ------------------------------------------------------------------ headers */

static void init_line(const char *s, size_t len, struct syslog_line *o)
{
	memset(o, 0, sizeof(*o));
	o->ts = SYSLOG_TS_NONE;
	o->pid = -1;
	o->msg = SPAN(s, len);
	o->host = SPAN(s, 0);
	o->prog = SPAN(s, 0);
}

static int d2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "YYYY-MM-DD" (or with '/') and "HH:MM:SS" into o as local time. */
static bool ymd_hms(struct span d, struct span t, struct syslog_line *o)
{
	int y, mo, da, h, mi, se;

	if (d.len != 10 || t.len < 8)
		return false;
	if (!digit(d.p[0]) || !digit(d.p[1]) || !digit(d.p[2]) || !digit(d.p[3]) || !(d.p[4] == '-' || d.p[4] == '/') ||
	    d.p[7] != d.p[4] || !digit(d.p[5]) || !digit(d.p[6]) || !digit(d.p[8]) || !digit(d.p[9]))
		return false;
	if (!digit(t.p[0]) || !digit(t.p[1]) || t.p[2] != ':' || !digit(t.p[3]) || !digit(t.p[4]) || t.p[5] != ':' ||
	    !digit(t.p[6]) || !digit(t.p[7]))
		return false;
	y = d2(d.p) * 100 + d2(d.p + 2);
	mo = d2(d.p + 5);
	da = d2(d.p + 8);
	h = d2(t.p);
	mi = d2(t.p + 3);
	se = d2(t.p + 6);
	if (y < 1970 || !syslog_valid_date(y, mo, da) || h > 23 || mi > 59 || se > 60)
		return false;
	o->ts = SYSLOG_TS_LOCAL;
	o->year = y;
	o->mon = mo;
	o->mday = da;
	o->hour = h;
	o->min = mi;
	o->sec = se;
	return true;
}

/* "+0900", "-0500", "+09:00": seconds east of UTC. */
static bool tz_offset(struct span z, int *off)
{
	int h, m;

	if (z.len == 5 && (z.p[0] == '+' || z.p[0] == '-') && digit(z.p[1]) && digit(z.p[2]) && digit(z.p[3]) &&
	    digit(z.p[4])) {
		h = d2(z.p + 1);
		m = d2(z.p + 3);
	} else if (z.len == 6 && (z.p[0] == '+' || z.p[0] == '-') && digit(z.p[1]) && digit(z.p[2]) && z.p[3] == ':' &&
		   digit(z.p[4]) && digit(z.p[5])) {
		h = d2(z.p + 1);
		m = d2(z.p + 4);
	} else {
		return false;
	}
	if (h > 14 || m > 59)
		return false;
	*off = (h * 3600 + m * 60) * (z.p[0] == '-' ? -1 : 1);
	return true;
}

static void to_abs(struct syslog_line *o, int off)
{
	o->t = (syslog_days_from_civil(o->year, o->mon, o->mday) * 24 + o->hour) * 3600 + o->min * 60 + o->sec - off;
	o->ts = SYSLOG_TS_ABS;
}

/* The time of a message that has no header: its fields. */
static bool time_from_message(struct span m, struct syslog_line *o)
{
	struct kvf f;
	struct span pf[3];
	int off;

	if (m.len > 20 && digit(m.p[0])) {
		/* Palo Alto: "1,2026/12/31 03:20:34,SERIAL,TYPE,..." */
		size_t n = 0;
		long c = find(sub(m, 0, 8), LIT(","));

		if (c > 0) {
			struct span r = after(m, (size_t)c + 1);
			if (r.len > 20 && r.p[19] == ',') {
				pf[n++] = sub(r, 0, 10);
				pf[n++] = sub(r, 11, 8);
				if (ymd_hms(pf[0], pf[1], o))
					return true;
			}
		}
	}
	if (!memchr(m.p, '=', m.len < 64 ? m.len : 64))
		return false;
	kv_fields(sub(m, 0, 2048), &f, KV_TIME);
	/* FortiGate: date= time= with tz="+0900", else eventtime= (absolute), else date= time= (local) */
	if (f.date.len && f.time.len && tz_offset(f.tz, &off) && ymd_hms(f.date, f.time, o)) {
		to_abs(o, off);
		return true;
	}
	if (f.eventtime.len >= 10 && f.eventtime.len <= 19) {
		/* seconds, micro- or nanoseconds since the epoch */
		uint64_t v = 0;
		size_t i;

		for (i = 0; i < f.eventtime.len && digit(f.eventtime.p[i]); i++)
			v = v * 10 + (uint64_t)(f.eventtime.p[i] - '0');
		if (i == f.eventtime.len) {
			while (v > 100000000000ull)
				v /= 1000;
			o->ts = SYSLOG_TS_ABS;
			o->t = (int64_t)v;
			return true;
		}
	}
	if (f.date.len && f.time.len && ymd_hms(f.date, f.time, o))
		return true;
	/* SonicWall, Pulse WELF: time="2026-12-31 03:20:34[ UTC]" */
	if (f.time.len >= 19 && ymd_hms(sub(f.time, 0, 10), sub(f.time, 11, 8), o)) {
		if (f.time.len >= 23 && memcmp(f.time.p + 19, " UTC", 4) == 0)
			to_abs(o, 0);
		return true;
	}
	return false;
}

bool logvpn_header(const char *s, size_t len, struct syslog_line *o)
{
	struct span m = SPAN(s, len);
	size_t i;

	init_line(s, len, o);
	/* "<PRI>" */
	if (m.len > 2 && m.p[0] == '<') {
		for (i = 1; i < m.len && i < 5 && digit(m.p[i]); i++)
			;
		if (i > 1 && i < m.len && m.p[i] == '>')
			m = after(m, i + 1);
	}
	/* RFC 5424: "1 TIME HOST APP PROCID MSGID SD MSG" */
	if (m.len > 22 && m.p[0] == '1' && m.p[1] == ' ' && digit(m.p[2])) {
		struct span w = after(m, 2), ts, host;
		time_t t;

		ts = next_word(&w);
		if (time_parse_iso8601(ts.p, ts.len, &t) == 0) {
			int k;

			host = next_word(&w);
			for (k = 0; k < 3; k++)
				(void)next_word(&w);
			w = trim(w);
			/* structured data: "-" or "[...]..." (a message may follow, after a blank) */
			if (has_prefix(w, LIT("- ")) || eq(w, LIT("-"))) {
				w = after(w, 1);
			} else if (w.len && w.p[0] == '[') {
				long end = find(w, LIT("] "));
				if (end >= 0 && (size_t)end + 2 < w.len)
					w = after(w, (size_t)end + 2);
				else
					w = sub(w, 1, w.len > 2 ? w.len - 2 : 0);
			}
			w = trim(w);
			/* a BOM before the message */
			if (w.len >= 3 && memcmp(w.p, "\xef\xbb\xbf", 3) == 0)
				w = after(w, 3);
			init_line(s, len, o);
			o->ts = SYSLOG_TS_ABS;
			o->t = (int64_t)t;
			if (!eq(host, LIT("-")))
				o->host = host;
			o->msg = w;
			return true;
		}
	}
	/* "<PRI>" before a header syslog_parse_line takes */
	if (m.p != s) {
		syslog_parse_line(m.p, m.len, o);
		if (o->ts != SYSLOG_TS_NONE)
			return true;
		init_line(s, len, o);
	}
	/* Cisco: "Dec 31 2026 03:20:34[ HOST] : %ASA-..." or "Dec 31 2026 03:20:34: %ASA-..." */
	if (m.len > 21 && m.p[3] == ' ' && m.p[6] == ' ' && m.p[11] == ' ' && syslog_month(m.p, 3)) {
		struct span d = sub(m, 7, 4);
		int mon = syslog_month(m.p, 3), day;
		char ymd[11];

		day = m.p[4] == ' ' ? m.p[5] - '0' : (digit(m.p[4]) && digit(m.p[5]) ? d2(m.p + 4) : -1);
		if (day > 0 && day < 32 && digit(m.p[5]) && span_all_digits(d)) {
			memcpy(ymd, d.p, 4);
			ymd[4] = '-';
			ymd[5] = (char)('0' + mon / 10);
			ymd[6] = (char)('0' + mon % 10);
			ymd[7] = '-';
			ymd[8] = (char)('0' + day / 10);
			ymd[9] = (char)('0' + day % 10);
			if (ymd_hms(SPAN(ymd, 10), sub(m, 12, 8), o)) {
				struct span w = after(m, 20);

				if (w.len && w.p[0] == ':') {
					w = after(w, 1);
				} else {
					struct span h = next_word(&w);
					w = trim(w);
					if (w.len && w.p[0] == ':')
						w = after(w, 1);
					if (!eq(h, LIT(":")))
						o->host = h;
				}
				o->msg = trim(w);
				return true;
			}
			init_line(s, len, o);
		}
	}
	/* no header: the time from the message */
	o->msg = m;
	if (time_from_message(m, o)) {
		o->msg = m;
		return true;
	}
	init_line(s, len, o);
	return false;
}
