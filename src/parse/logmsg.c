/*
 * Log messages of authentication, VPN and firewall programs (see logmsg.h).
 * One file of about a thousand lines, on purpose: the per-program parsers
 * share the span helpers at the top and are small; split apart they would
 * each need those helpers exported from a pure library that has no header
 * for them.
 */
#include "parse/logmsg.h"

#include <string.h>

#include "parse/logvpn.h"
#include "util/span.h"
#include "util/swar.h"

/* ------------------------------------------------------------------ span helpers */

#define LIT(s) s, sizeof(s) - 1
/*
 * The helpers below are called with literals and inlined. gcc still calls
 * memcmp for most of the lengths, where the first byte matched (about two
 * calls a "Failed password" line of sshd's); word loads in their place
 * (swar_equal) were measured: more instructions, no faster.
 */
#define HOT static inline __attribute__((always_inline))
/* The parsers of programs whose lines are few: kept out of line where a caller inlines everything (logpar.c). */
#define COLD static __attribute__((noinline, cold))

HOT bool has_prefix(struct span s, const char *lit, size_t n)
{
	/* the first byte decides most of the time: no call */
	return s.len >= n && (!n || (s.p[0] == lit[0] && memcmp(s.p, lit, n) == 0));
}

/* Consumes lit from the front of *s when it is there. */
HOT bool eat(struct span *s, const char *lit, size_t n)
{
	if (!has_prefix(*s, lit, n))
		return false;
	s->p += n;
	s->len -= n;
	return true;
}

HOT bool has_suffix(struct span s, const char *lit, size_t n)
{
	return s.len >= n && memcmp(s.p + s.len - n, lit, n) == 0;
}

HOT bool eq(struct span s, const char *lit, size_t n)
{
	return s.len == n && memcmp(s.p, lit, n) == 0;
}

/*
 * Where lit may be found, by its second byte (its first is most often a
 * blank, as in " from ": the second is rarer, so fewer false starts).
 */
HOT size_t key_at(size_t n)
{
	return n > 1 ? 1 : 0;
}

/* Offset of the first lit in s, or -1. */
HOT long find(struct span s, const char *lit, size_t n)
{
	size_t k = key_at(n);
	const char *p, *last;

	if (!n || s.len < n)
		return n ? -1 : 0;
	p = s.p + k;
	last = s.p + s.len - n + k;	/* the last place lit[k] may be */
	while (p <= last) {
		const char *q = memchr(p, lit[k], (size_t)(last - p) + 1);

		if (!q)
			return -1;
		if (memcmp(q - k, lit, n) == 0)
			return (long)(q - k - s.p);
		p = q + 1;
	}
	return -1;
}

/* Offset of the last lit in s, or -1. */
HOT long rfind(struct span s, const char *lit, size_t n)
{
	size_t k = key_at(n);
	const char *first, *end;

	if (!n || s.len < n)
		return -1;
	first = s.p + k;
	end = s.p + s.len - n + k + 1;	/* after the last place lit[k] may be */
	while (end > first) {
		const char *q = memrchr(first, lit[k], (size_t)(end - first));

		if (!q)
			return -1;
		if (memcmp(q - k, lit, n) == 0)
			return (long)(q - k - s.p);
		end = q;
	}
	return -1;
}

static bool contains(struct span s, const char *lit, size_t n)
{
	return find(s, lit, n) >= 0;
}

HOT struct span sub(struct span s, size_t from, size_t len)
{
	if (from > s.len)
		from = s.len;
	if (len > s.len - from)
		len = s.len - from;
	return SPAN(s.p + from, len);
}

HOT struct span after(struct span s, size_t from)
{
	return sub(s, from, s.len);
}

/* The next space-separated word (spaces before it skipped). */
HOT struct span word(struct span *s)
{
	size_t i = 0, j;

	while (i < s->len && s->p[i] == ' ')
		i++;
	j = i + swar_find3(s->p + i, s->len - i, ' ', ' ', ' ');
	*s = after(*s, j);
	return SPAN(s->p - (j - i), j - i);
}

HOT struct span cut_user(struct span u)
{
	return span_cut_utf8(u, LOGMSG_MAX_USER);
}

HOT bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits at the front of s, at most 10; 0 and false when none. */
HOT bool take_u32(struct span *s, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (SWAR_OK) {
		/* the usual number (a port, a count): fewer than 8 digits, without a loop (also at the end of a line) */
		uint64_t w = swar_load_upto(s->p, s->len);
		size_t k = swar_digits(w);

		if (k < 8) {
			if (!k)
				return false;
			v = swar_value(w, k);
			if (v > max)
				return false;
			*s = after(*s, k);
			*out = (uint32_t)v;
			return true;
		}
	}
	while (i < s->len && digit(s->p[i]) && i < 10)
		v = v * 10 + (uint64_t)(s->p[i++] - '0');
	if (!i || v > max)
		return false;
	*s = after(*s, i);
	*out = (uint32_t)v;
	return true;
}


/* Bytes a source may not hold: blanks, controls, non-ASCII and the punctuation around sources in messages. */
static const unsigned char bad_src_byte[256] = {
	[0 ... 0x20] = 1, [0x7f ... 0xff] = 1,
	['['] = 1, [']'] = 1, ['('] = 1, [')'] = 1, [';'] = 1, [','] = 1,
};

/* The offset of the first byte in s[0..n) that bad_src_byte refuses, or n. */
HOT size_t first_bad_src(const char *s, size_t n)
{
	size_t i = 0;

#if SWAR_SSE2
	for (; i + 16 <= n; i += 16) {
		__m128i v = swar_load16(s + i);
		/* signed, bytes below 0x21 and from 0x80 on are less than 0x21; '(' and ')' differ in the last bit */
		__m128i z = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x21)), swar_eq16(v, 0x7f));
		unsigned bad;

		z = _mm_or_si128(z, _mm_or_si128(swar_eq16(_mm_and_si128(v, _mm_set1_epi8(~1)), '('),
						 swar_eq16(v, '[')));
		z = _mm_or_si128(z, _mm_or_si128(_mm_or_si128(swar_eq16(v, ']'), swar_eq16(v, ';')), swar_eq16(v, ',')));
		bad = (unsigned)_mm_movemask_epi8(z);
		if (bad)
			return i + (size_t)__builtin_ctz(bad);
	}
#endif
	if (SWAR_OK)
		for (; i + 8 <= n; i += 8) {
			uint64_t w = swar_load(s + i);
			/* bytes below 0x21 or from 0x80 on (no carry between bytes: each sum stays below 0x100) */
			uint64_t z = (~((w & ~SWAR_HIGH) + SWAR_ONES * 0x5F) | w) & SWAR_HIGH;

			z |= swar_eq(w, 0x7f) | swar_eq(w, '[') | swar_eq(w, ']') | swar_eq(w, '(') | swar_eq(w, ')') |
			     swar_eq(w, ';') | swar_eq(w, ',');
			if (z)
				return i + (size_t)__builtin_ctzll(z) / 8;
		}
	for (; i < n && !bad_src_byte[(unsigned char)s[i]]; i++)
		;
	return i;
}

/* A source: an address, or a host name without blanks or control bytes (DNS names when UseDNS is on). */
HOT bool plausible_src(struct span s)
{
	return s.len && s.len <= LOGMSG_MAX_ADDR && first_bad_src(s.p, s.len) == s.len;
}

/* word() and plausible_src() in one pass: the next word, when it is a source. */
HOT bool src_word(struct span *s, struct span *out)
{
	size_t i = 0, j;

	while (i < s->len && s->p[i] == ' ')
		i++;
	j = i + first_bad_src(s->p + i, s->len - i);
	if (j < s->len && s->p[j] != ' ')
		return false;	/* the word goes on with a byte no source holds */
	if (j == i || j - i > LOGMSG_MAX_ADDR)
		return false;
	*out = SPAN(s->p + i, j - i);
	*s = after(*s, j);
	return true;
}

/* "ADDR:PORT" (IPv4 or host) or "[AF_INET]ADDR:PORT" or "[AF_INET6]ADDR:PORT": the address part. */
static struct span strip_port(struct span s)
{
	bool v6 = false;
	long c, first;

	if (!eat(&s, LIT("[AF_INET]")))
		v6 = eat(&s, LIT("[AF_INET6]"));
	c = rfind(s, LIT(":"));
	first = find(s, LIT(":"));
	/* "1.2.3.4:1194", "[2001:db8::1]:51820", "[AF_INET6]2001:db8::1:1194"; a bare IPv6 address keeps its last group */
	if (c > 0 && span_all_digits(after(s, (size_t)c + 1)) &&
	    (c == first || v6 || (s.p[0] == '[' && s.p[c - 1] == ']')))
		s.len = (size_t)c;
	if (s.len >= 2 && s.p[0] == '[' && s.p[s.len - 1] == ']')
		s = sub(s, 1, s.len - 2);
	return s;
}

/* ------------------------------------------------------------------ sshd */

/*
 * "... from SRC port N" at the end of a message: the last " from " whose
 * tail is a source and " port " digits (a user name cannot fake it, since
 * sshd writes the real one after the name). Returns the offset of " from ".
 */
static long from_port(struct span m, struct span *src)
{
	long at = rfind(m, LIT(" from "));
	struct span t, a;

	if (at < 0)
		return -1;
	t = after(m, (size_t)at + 6);
	if (!src_word(&t, &a))
		return -1;
	if (eat(&t, LIT(" port "))) {
		uint32_t port;
		if (!take_u32(&t, 65535, &port))
			return -1;
	}
	*src = a;
	return at;
}

/* "for [invalid user ]USER from SRC port N" (after the method). */
static bool for_user_from(struct span m, struct logmsg *o)
{
	long f;

	if (!eat(&m, LIT("for ")))
		return false;
	f = from_port(m, &o->src);
	if (f < 0)
		return false;
	m.len = (size_t)f;
	if (eat(&m, LIT("invalid user ")))
		o->invalid_user = true;
	o->user = cut_user(m);
	return true;
}

/* "[authenticating |invalid ]user USER SRC port N": sshd's disconnect forms. */
static bool user_src_port(struct span m, struct logmsg *o)
{
	long p = rfind(m, LIT(" port "));
	long sp;
	struct span head;

	if (p < 0)
		return false;
	head = sub(m, 0, (size_t)p);
	sp = rfind(head, LIT(" "));
	if (sp < 0)
		return false;
	o->src = after(head, (size_t)sp + 1);
	head.len = (size_t)sp;
	if (eat(&head, LIT("authenticating user ")) || eat(&head, LIT("user ")))
		o->user = cut_user(head);
	else if (eat(&head, LIT("invalid user "))) {
		o->invalid_user = true;
		o->user = cut_user(head);
	}
	return plausible_src(o->src);
}

/* True when o->src came through from_port() (checked: logmsg_parse need not look at it again). */
static bool parse_sshd(struct span m, struct logmsg *o)
{
	struct span t = m;
	long f;

	o->svc = LS_SSHD;
	/*
	 * The commonest lines by their first byte: one jump, where a test of
	 * each prefix in turn went wrong about once a line (lines of each kind
	 * come in no order a branch predictor can learn).
	 */
	switch (m.len ? m.p[0] : 0) {
	case 'F':
	case 'A':
		if (eat(&t, LIT("Failed ")) || eat(&t, LIT("Accepted "))) {
			bool ok = m.p[0] == 'A';

			o->method = word(&t);
			if (!o->method.len || !eat(&t, LIT(" ")) || !for_user_from(t, o))
				return false;
			o->kind = ok ? LM_AUTH_OK : LM_AUTH_FAIL;
			/* the methods that go through PAM: pam_unix logged the same attempt (logmsg_pair) */
			if (!ok && (o->method.p[0] == 'p' ? eq(o->method, LIT("password"))
							  : has_prefix(o->method, LIT("keyboard-interactive"))))
				o->pair = LP_OWN;
			return true;
		}
		break;
	case 'I':
		if (eat(&t, LIT("Invalid user ")) || eat(&t, LIT("Illegal user "))) {
			f = from_port(t, &o->src);
			if (f < 0)
				return false;
			o->user = cut_user(sub(t, 0, (size_t)f));
			o->invalid_user = true;
			o->kind = LM_PROBE;
			return true;
		}
		break;
	case 'D':
	case 'C':
		/*
		 * "Disconnected from|Connection closed by authenticating user U SRC port N [preauth]": a
		 * probe of an account that exists (a key-only server logs no "Failed" line for it). The
		 * "invalid user" forms are noise: the "Invalid user" line before them is the probe.
		 */
		if (eat(&t, LIT("Disconnected from ")) || eat(&t, LIT("Connection closed by "))) {
			o->kind = LM_NOISE;
			if (!t.len || t.p[0] != 'a' || !has_suffix(t, LIT(" [preauth]")))
				return false;
			t.len -= 10;
			if (has_prefix(t, LIT("authenticating user ")) && user_src_port(t, o))
				o->kind = LM_PROBE;
			else
				o->user = o->src = SPAN(m.p, 0);
			return false;
		}
		break;
	case 'R':
		/* the commonest of the lines that tell nothing (the noise below) */
		if (has_prefix(m, LIT("Received disconnect from "))) {
			o->kind = LM_NOISE;
			return false;
		}
		break;
	default:
		break;
	}
	if (eat(&t, LIT("error: maximum authentication attempts exceeded ")) ||
	    eat(&t, LIT("maximum authentication attempts exceeded "))) {
		if (for_user_from(t, o))
			o->kind = LM_AUTH_MAXTRIES;
		return false;
	}
	if (eat(&t, LIT("Disconnecting ")) && (f = find(t, LIT(": Too many authentication failures"))) >= 0) {
		t.len = (size_t)f;
		if (user_src_port(t, o))
			o->kind = LM_AUTH_MAXTRIES;
		return false;
	}
	t = m;
	/* auth-pam.c: "error: PAM: Authentication failure for [illegal user ]USER from HOST" (keyboard-interactive) */
	if (eat(&t, LIT("error: PAM: "))) {
		long fo = find(t, LIT(" for ")), fr = rfind(t, LIT(" from "));

		if (fo < 0 || fr <= fo)
			return false;
		o->src = after(t, (size_t)fr + 6);
		t = sub(t, (size_t)fo + 5, (size_t)(fr - fo - 5));
		if (eat(&t, LIT("illegal user ")))
			o->invalid_user = true;
		o->user = cut_user(t);
		o->method = SPAN("keyboard-interactive/pam", 24);
		o->pair = LP_PAMERR;
		o->kind = plausible_src(o->src) ? LM_AUTH_FAIL : LM_UNKNOWN;
		return false;
	}
	if (eat(&t, LIT("Did not receive identification string from ")) ||
	    eat(&t, LIT("Unable to negotiate with ")) || eat(&t, LIT("banner exchange: Connection from "))) {
		struct span a = word(&t);

		if (plausible_src(a)) {
			o->src = a;
			o->kind = LM_PROBE;
		}
		return false;
	}
	if (eat(&t, LIT("ROOT LOGIN REFUSED FROM "))) {
		o->src = word(&t);
		o->user = SPAN("root", 4);
		o->root_login = true;
		o->kind = plausible_src(o->src) ? LM_AUTH_FAIL : LM_UNKNOWN;
		return false;
	}
	if (eat(&t, LIT("User ")) && (f = find(t, LIT(" not allowed because "))) >= 0) {
		struct span head = sub(t, 0, (size_t)f);
		long fr = rfind(head, LIT(" from "));

		if (fr < 0)
			return false;
		o->user = cut_user(sub(head, 0, (size_t)fr));
		o->src = after(head, (size_t)fr + 6);
		o->method = SPAN("none", 4);
		o->kind = plausible_src(o->src) ? LM_AUTH_FAIL : LM_UNKNOWN;
		return false;
	}
	if (eat(&t, LIT("refused connect from "))) {
		long l = rfind(t, LIT("(")), r = rfind(t, LIT(")"));

		if (l >= 0 && r > l && plausible_src(sub(t, (size_t)l + 1, (size_t)(r - l - 1)))) {
			o->src = sub(t, (size_t)l + 1, (size_t)(r - l - 1));
			o->kind = LM_PROBE;
		}
		return false;
	}
	t = m;
	if (eat(&t, LIT("PAM ")) && contains(t, LIT(" more authentication failure"))) {
		uint32_t n;
		long rh;

		if (!take_u32(&t, LOGMSG_MAX_REPEAT, &n) || n == 0)
			return false;
		o->count = n;
		o->kind = LM_PAM_FAIL;
		o->pair = LP_PAM;
		o->pam_svc = SPAN("sshd", 4);
		rh = find(t, LIT("rhost="));
		if (rh >= 0) {
			struct span r = after(t, (size_t)rh + 6);
			o->src = word(&r);
		}
		rh = find(t, LIT(" user="));
		if (rh >= 0) {
			struct span r = after(t, (size_t)rh + 6);
			o->user = cut_user(word(&r));
		}
		return false;
	}
	static const struct {
		const char *p;
		size_t n;
	} noise[] = {
		{ LIT("Connection closed by ") }, { LIT("Disconnected from ") }, { LIT("Received disconnect from ") },
		{ LIT("Connection reset by ") }, { LIT("Server listening on ") }, { LIT("Received signal ") },
		{ LIT("Postponed ") }, { LIT("Starting session: ") }, { LIT("Close session: ") },
		{ LIT("Connection from ") }, { LIT("fatal: Timeout before authentication") },
		{ LIT("Timeout before authentication") }, { LIT("error: kex_exchange_identification: ") },
		{ LIT("Disconnecting ") }, { LIT("drop connection #") }, { LIT("pam_unix(sshd:session): session closed") },
		{ LIT("Accepted key ") }, { LIT("Protocol major versions differ") }, { LIT("SSH: Server;") },
		{ LIT("error: Received disconnect from ") }, { LIT("exited MaxStartups throttling") },
		{ LIT("beginning MaxStartups throttling") }, { LIT("srclimit_penalise: ") },
	};
	size_t i;

	for (i = 0; m.len && i < sizeof(noise) / sizeof(noise[0]); i++)
		if (noise[i].p[0] == m.p[0] && has_prefix(m, noise[i].p, noise[i].n)) {
			o->kind = LM_NOISE;
			return false;
		}
	return false;
}

/* ------------------------------------------------------------------ PAM */

/* "key=value" in a PAM failure line; value up to the next blank. */
static struct span pam_field(struct span m, const char *key, size_t n)
{
	long at = 0;
	struct span t = m;

	for (;;) {
		at = find(t, key, n);
		if (at < 0)
			return SPAN(m.p, 0);
		if (at == 0 || t.p[at - 1] == ' ' || t.p[at - 1] == ';')
			break;
		t = after(t, (size_t)at + 1);
	}
	t = after(t, (size_t)at + n);
	if (t.len && t.p[0] == ' ')
		return SPAN(t.p, 0);
	return word(&t);
}

/* "USER(uid=N)" or "USER": the name. */
static struct span strip_uid(struct span u)
{
	long p = find(u, LIT("(uid="));

	if (p >= 0)
		u.len = (size_t)p;
	return u;
}

/* Body of a PAM message after "pam_x(svc:type): " or the old "svc(pam_unix)" tag. */
static void parse_pam_body(struct span svc, struct span type, struct span m, struct logmsg *o)
{
	struct span t = m;

	o->pam_svc = svc;
	if (eat(&t, LIT("authentication failure;"))) {
		o->kind = LM_PAM_FAIL;
		o->pair = LP_PAM;
		o->src = pam_field(t, LIT("rhost="));
		o->user = cut_user(pam_field(t, LIT("user=")));
		if (!o->user.len)
			o->user = cut_user(pam_field(t, LIT("ruser=")));
		if (!plausible_src(o->src))
			o->src = SPAN(m.p, 0);
		return;
	}
	if (eat(&t, LIT("session opened for user "))) {
		struct span u = word(&t);

		o->kind = LM_SESSION;
		o->user = cut_user(strip_uid(u));
		if (eat(&t, LIT(" by ")))
			o->target = strip_uid(word(&t));
		return;
	}
	if (eat(&t, LIT("password changed for "))) {
		o->kind = LM_PASSWD_CHANGE;
		o->target = cut_user(word(&t));
		return;
	}
	/* lock-outs: pam_faillock "Consecutive login failures for user U account temporarily locked", pam_tally2 "user U (uid) tally N, deny M" */
	if (eat(&t, LIT("Consecutive login failures for user "))) {
		o->user = cut_user(word(&t));
		o->kind = LM_AUTH_MAXTRIES;
		return;
	}
	if (eat(&t, LIT("user ")) && contains(t, LIT(" tally ")) && contains(t, LIT(", deny "))) {
		o->user = cut_user(word(&t));
		o->kind = LM_AUTH_MAXTRIES;
		return;
	}
	/* "check pass; user unknown": the "authentication failure" line after it counts the attempt */
	(void)type;
	o->kind = LM_NOISE;
}

/* "pam_unix(sshd:auth): ..." */
static bool parse_pam(struct span m, struct logmsg *o)
{
	long lp, colon, rp;
	struct span svc, type;

	if (!has_prefix(m, LIT("pam_")))
		return false;
	lp = find(sub(m, 0, 40), LIT("("));
	rp = find(sub(m, 0, 120), LIT("): "));
	if (lp < 0 || rp < lp)
		return false;
	svc = sub(m, (size_t)lp + 1, (size_t)(rp - lp - 1));
	colon = rfind(svc, LIT(":"));
	if (colon < 0)
		return false;
	type = after(svc, (size_t)colon + 1);
	svc.len = (size_t)colon;
	parse_pam_body(svc, type, after(m, (size_t)rp + 3), o);
	/* pam_unix's lines are LP_PAM; another module's failure line of the same attempt is a kind of its own */
	if (o->pair == LP_PAM && !eq(sub(m, 0, (size_t)lp), LIT("pam_unix")))
		o->pair = eq(sub(m, 0, (size_t)lp), LIT("pam_sss")) ? LP_PAM_SSS : LP_PAM_OTHER;
	return true;
}

/* ------------------------------------------------------------------ su, sudo, login, logind */

COLD void parse_su(struct span m, struct logmsg *o)
{
	struct span t = m;
	bool failed;

	o->svc = LS_SU;
	failed = eat(&t, LIT("FAILED SU "));
	if (eat(&t, LIT("(to "))) {
		long r = find(t, LIT(") "));
		long on;

		if (r < 0)
			return;
		o->target = cut_user(sub(t, 0, (size_t)r));
		t = after(t, (size_t)r + 2);
		on = rfind(t, LIT(" on "));
		o->user = cut_user(on >= 0 ? sub(t, 0, (size_t)on) : t);
		o->kind = failed ? LM_SU_FAIL : LM_SU_OK;
		return;
	}
	t = m;
	if (eat(&t, LIT("Successful su for ")) || (failed = eat(&t, LIT("FAILED su for "))) == true) {
		long by = rfind(t, LIT(" by "));

		if (by < 0)
			return;
		o->target = cut_user(sub(t, 0, (size_t)by));
		o->user = cut_user(after(t, (size_t)by + 4));
		o->kind = failed ? LM_SU_FAIL : LM_SU_OK;
		return;
	}
	if ((m.len > 2 && (m.p[0] == '+' || m.p[0] == '-') && m.p[1] == ' ')) {
		struct span w;
		long c;

		t = after(m, 2);
		(void)word(&t); /* tty */
		w = span_trim_blanks(t);
		c = find(w, LIT(":"));
		if (c < 0)
			return;
		o->user = cut_user(sub(w, 0, (size_t)c));
		o->target = cut_user(after(w, (size_t)c + 1));
		o->kind = m.p[0] == '+' ? LM_SU_OK : LM_SU_FAIL;
	}
}

/* "  alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id" */
static void parse_sudo(struct span m, struct logmsg *o)
{
	struct span t = span_trim_blanks(m);
	long c = find(t, LIT(" : "));
	bool failed = false;

	o->svc = LS_SUDO;
	if (c <= 0)
		return;
	o->user = cut_user(sub(t, 0, (size_t)c));
	t = after(t, (size_t)c + 3);
	while (t.len) {
		long semi = find(t, LIT(" ; "));
		struct span f = semi >= 0 ? sub(t, 0, (size_t)semi) : t;

		if (eat(&f, LIT("COMMAND="))) {
			o->target = after(t, 8); /* the rest: a command may hold " ; " */
			break;
		}
		if (eat(&f, LIT("USER=")))
			o->group = f; /* runas user, kept in group for want of a better field */
		else if (!memchr(f.p, '=', f.len) && f.len)
			failed = true; /* "3 incorrect password attempts", "user NOT in sudoers", ... */
		if (semi < 0)
			break;
		t = after(t, (size_t)semi + 3);
	}
	if (!o->target.len && !failed)
		return;
	o->kind = failed ? LM_SUDO_FAIL : LM_SUDO_CMD;
}

COLD void parse_login(struct span m, struct logmsg *o)
{
	struct span t = m;
	long f;

	o->svc = LS_LOGIN;
	if (eat(&t, LIT("ROOT LOGIN "))) {
		long on = find(t, LIT("on '"));
		o->user = SPAN("root", 4);
		o->root_login = true;
		if (on >= 0) {
			struct span r = after(t, (size_t)on + 4);
			long q = find(r, LIT("'"));
			o->src = q >= 0 ? sub(r, 0, (size_t)q) : SPAN(r.p, 0);
		}
		o->method = SPAN("console", 7);
		o->kind = LM_AUTH_OK;
		return;
	}
	if (eat(&t, LIT("FAILED LOGIN ")) && (f = find(t, LIT(" FOR '"))) >= 0) {
		struct span r = after(t, (size_t)f + 6);
		long q = find(r, LIT("'"));

		if (q < 0)
			return;
		o->user = cut_user(sub(r, 0, (size_t)q));
		o->method = SPAN("console", 7);
		o->kind = LM_AUTH_FAIL;
	}
}

COLD void parse_logind(struct span m, struct logmsg *o)
{
	struct span t = m;

	o->svc = LS_LOGIND;
	if (eat(&t, LIT("New session "))) {
		long of = find(t, LIT(" of user "));

		if (of < 0)
			return;
		t = after(t, (size_t)of + 9);
		if (t.len && t.p[t.len - 1] == '.')
			t.len--;
		o->user = cut_user(t);
		o->pam_svc = SPAN("logind", 6);
		o->kind = LM_SESSION;
		return;
	}
	if (has_prefix(m, LIT("Removed session ")) || has_prefix(m, LIT("Session ")) ||
	    has_prefix(m, LIT("Watching system buttons")) || has_prefix(m, LIT("New seat ")))
		o->kind = LM_NOISE;
}

/* ------------------------------------------------------------------ shadow-utils */

/* "name=VALUE," : the value up to the next comma. */
static struct span kv_comma(struct span m, const char *key, size_t n)
{
	long at = find(m, key, n);
	struct span v;
	long c;

	if (at < 0)
		return SPAN(m.p, 0);
	v = after(m, (size_t)at + n);
	c = find(v, LIT(","));
	if (c >= 0)
		v.len = (size_t)c;
	return v;
}

/* 'quoted' text after *s's front; advances past it. */
static bool quoted(struct span *s, struct span *out)
{
	long q;

	if (!eat(s, LIT("'")))
		return false;
	q = find(*s, LIT("'"));
	if (q < 0)
		return false;
	*out = sub(*s, 0, (size_t)q);
	*s = after(*s, (size_t)q + 1);
	return true;
}

COLD void parse_shadow(struct span m, struct logmsg *o)
{
	struct span t = m, a, b;

	o->svc = LS_SHADOW;
	if (eat(&t, LIT("new user: "))) {
		o->target = cut_user(kv_comma(t, LIT("name=")));
		o->kind = o->target.len ? LM_USER_NEW : LM_UNKNOWN;
		return;
	}
	if (eat(&t, LIT("new group: "))) {
		o->group = kv_comma(t, LIT("name="));
		o->kind = o->group.len ? LM_GROUP_NEW : LM_UNKNOWN;
		return;
	}
	if (eat(&t, LIT("add "))) {
		if (quoted(&t, &a) && eat(&t, LIT(" to ")) && !has_prefix(t, LIT("shadow group")) &&
		    eat(&t, LIT("group ")) && quoted(&t, &b)) {
			o->target = cut_user(a);
			o->group = b;
			o->kind = LM_GROUP_ADD;
		} else if (has_prefix(t, LIT("shadow group")) || contains(t, LIT(" to shadow group "))) {
			o->kind = LM_NOISE;
		}
		return;
	}
	if (eat(&t, LIT("user ")) && contains(t, LIT(" to group "))) {
		long by = find(t, LIT(" added by "));
		long to = rfind(t, LIT(" to group "));

		if (by < 0 || to < by)
			return;
		o->target = cut_user(sub(t, 0, (size_t)by));
		o->user = cut_user(sub(t, (size_t)by + 10, (size_t)(to - by - 10)));
		o->group = after(t, (size_t)to + 10);
		o->kind = LM_GROUP_ADD;
		return;
	}
	t = m;
	if (eat(&t, LIT("members of group "))) {
		long set = find(t, LIT(" set by "));
		long to = rfind(t, LIT(" to "));

		if (set < 0 || to < set)
			return;
		o->group = sub(t, 0, (size_t)set);
		o->user = cut_user(sub(t, (size_t)set + 8, (size_t)(to - set - 8)));
		o->target = after(t, (size_t)to + 4);
		o->kind = LM_GROUP_ADD;
		return;
	}
	if (eat(&t, LIT("delete user "))) {
		if (quoted(&t, &a)) {
			o->target = cut_user(a);
			o->kind = LM_USER_DEL;
		}
		return;
	}
	if (eat(&t, LIT("password for ")) && quoted(&t, &a) && eat(&t, LIT(" changed"))) {
		o->target = cut_user(a);
		struct span by = t;
		if (eat(&by, LIT(" by ")) && quoted(&by, &b))
			o->user = cut_user(b);
		o->kind = LM_PASSWD_CHANGE;
		return;
	}
	if (eat(&t, LIT("change user ")) && quoted(&t, &a) && eat(&t, LIT(" password"))) {
		o->target = cut_user(a);
		o->kind = LM_PASSWD_CHANGE;
		return;
	}
	if (has_prefix(m, LIT("group added to ")) || has_prefix(m, LIT("change user ")) ||
	    has_prefix(m, LIT("lock user ")) || has_prefix(m, LIT("unlock user ")) ||
	    has_prefix(m, LIT("removed group ")) || has_prefix(m, LIT("removed shadow group ")) ||
	    has_prefix(m, LIT("delete '")) || has_prefix(m, LIT("group ")))
		o->kind = LM_NOISE;
}

/* ------------------------------------------------------------------ VPN */

/* "name/ADDR:PORT " or "ADDR:PORT " at the front of an OpenVPN message. */
static void ovpn_peer(struct span m, struct logmsg *o)
{
	struct span t = m, w = word(&t);
	long slash = find(w, LIT("/"));
	struct span a;

	if (slash > 0) {
		o->user = cut_user(sub(w, 0, (size_t)slash));
		w = after(w, (size_t)slash + 1);
	}
	a = strip_port(w);
	if (a.len != w.len && plausible_src(a))
		o->src = a;
}

static bool parse_vsftpd(struct span m, struct logmsg *o);
static bool parse_exim(struct span m, struct logmsg *o);
static void parse_samba(struct span m, struct logmsg *o);

COLD void parse_openvpn(struct span m, struct logmsg *o)
{
	long at;

	/* a file without program names: vsftpd.log's "[pid N] [U] FAIL LOGIN: ..." */
	if (m.len && m.p[0] == '[' && has_prefix(m, LIT("[pid ")) && parse_vsftpd(m, o))
		return;
	/* Samba's log.smbd (parse/syslog.c): the audit line, and a header's "../../auth/auth_log.c:876(func)" */
	if (m.len && m.p[0] == ' ') {
		struct span t = span_trim_blanks(m);

		if (has_prefix(t, LIT("Auth: ["))) {
			parse_samba(m, o);
			return;
		}
		if (has_prefix(t, LIT("Successful AuthZ: ["))) {
			o->svc = LS_SAMBA;
			o->kind = LM_NOISE;	/* the authorization after the authentication line, which counts */
			return;
		}
	}
	if (m.len > 4 && m.p[m.len - 1] == ')' && !memchr(m.p, ' ', m.len) && contains(m, LIT(".c:"))) {
		o->svc = LS_SAMBA;
		o->kind = LM_NOISE;
		return;
	}
	/* exim's mainlog, before the peer: with log_selector +pid its lines begin "[PID] ", no address */
	if (parse_exim(m, o))
		return;
	o->svc = LS_OPENVPN;
	ovpn_peer(m, o);
	if ((at = find(m, LIT("Peer Connection Initiated with "))) >= 0) {
		struct span t = after(m, (size_t)at + 31), a = strip_port(word(&t));
		long lb = find(sub(m, 0, (size_t)at), LIT(" ["));

		if (plausible_src(a))
			o->src = a;
		if (lb >= 0) {
			struct span n = sub(m, (size_t)lb + 2, (size_t)at);
			long rb = find(n, LIT("]"));
			if (rb >= 0)
				o->user = cut_user(sub(n, 0, (size_t)rb));
		}
		o->kind = o->src.len ? LM_VPN_OK : LM_UNKNOWN;
		return;
	}
	if (contains(m, LIT("AUTH_FAILED")) || contains(m, LIT("Auth Username/Password verification failed")) ||
	    contains(m, LIT("TLS Error: TLS handshake failed")) || contains(m, LIT("VERIFY ERROR")) ||
	    contains(m, LIT("TLS Auth Error"))) {
		long cn = find(m, LIT("CN="));
		if (cn >= 0 && !o->user.len) {
			struct span t = after(m, (size_t)cn + 3);
			o->user = cut_user(word(&t));
		}
		o->kind = LM_VPN_FAIL;
		return;
	}
	if ((at = find(m, LIT("MULTI_sva: pool returned IPv4="))) >= 0) {
		struct span t = after(m, (size_t)at + 30);
		long c = find(t, LIT(","));
		o->target = c >= 0 ? sub(t, 0, (size_t)c) : t;
		o->kind = LM_NOISE;
		return;
	}
	if (o->src.len || has_prefix(m, LIT("Initialization Sequence Completed")))
		o->kind = LM_NOISE;
}

/* "ADDR[ID]" */
static void addr_id(struct span s, struct span *addr, struct span *id)
{
	long lb = find(s, LIT("["));

	*addr = lb >= 0 ? sub(s, 0, (size_t)lb) : s;
	*id = SPAN(s.p, 0);
	if (lb >= 0 && s.len && s.p[s.len - 1] == ']')
		*id = sub(s, (size_t)lb + 1, s.len - (size_t)lb - 2);
}

COLD void parse_strongswan(struct span m, struct logmsg *o)
{
	struct span t = m;
	long at;

	o->svc = LS_STRONGSWAN;
	/* "14[IKE] " thread and group prefix */
	if (t.len > 4 && digit(t.p[0])) {
		long rb = find(sub(t, 0, 16), LIT("] "));
		if (rb > 0)
			t = after(t, (size_t)rb + 2);
	}
	if (has_prefix(t, LIT("IKE_SA ")) && (at = find(t, LIT(" established between "))) >= 0) {
		struct span r = after(t, (size_t)at + 21), w = word(&r), a, id;
		long dots = find(w, LIT("..."));

		if (dots < 0)
			return;
		addr_id(after(w, (size_t)dots + 3), &a, &id);
		if (!plausible_src(a))
			return;
		o->src = a;
		o->user = cut_user(id);
		o->kind = LM_VPN_OK;
		return;
	}
	if ((at = find(t, LIT(" failed for peer "))) >= 0) {
		struct span r = after(t, (size_t)at + 17), a = word(&r);
		if (plausible_src(a))
			o->src = a;
		o->kind = LM_VPN_FAIL;
		return;
	}
	if (contains(t, LIT("AUTHENTICATION_FAILED")) || contains(t, LIT("N(AUTH_FAILED)")) ||
	    contains(t, LIT("MAC mismatched"))) {
		o->kind = LM_VPN_FAIL;
		return;
	}
	if ((at = find(t, LIT(" is initiating an IKE_SA"))) > 0) {
		o->src = sub(t, 0, (size_t)at);
		if (!plausible_src(o->src))
			o->src = SPAN(t.p, 0);
		o->kind = LM_NOISE;
	}
}

/* ------------------------------------------------------------------ kernel: firewall, WireGuard */

/* "KEY=value" among the firewall fields; value may be empty ("OUT= "). */
static bool fw_field(struct span f, const char *key, size_t n, struct span *out)
{
	struct span t = f;

	while (t.len) {
		struct span w = word(&t);

		if (w.len >= n && memcmp(w.p, key, n) == 0) {
			*out = after(w, n);
			return true;
		}
	}
	return false;
}

static bool ascii_icase_contains(struct span s, const char *lit)
{
	size_t n = strlen(lit), i, j;

	for (i = 0; i + n <= s.len; i++) {
		for (j = 0; j < n; j++) {
			char c = s.p[i + j];
			if (c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			if (c != lit[j])
				break;
		}
		if (j == n)
			return true;
	}
	return false;
}

static void parse_firewall(struct span m, long in_at, struct logmsg *o)
{
	struct span prefix = sub(m, 0, (size_t)in_at), f = after(m, (size_t)in_at), v;

	if (!fw_field(f, LIT("SRC="), &o->src) || !plausible_src(o->src))
		return;
	fw_field(f, LIT("DST="), &o->dst);
	fw_field(f, LIT("PROTO="), &o->proto);
	fw_field(f, LIT("IN="), &o->iface_in);
	fw_field(f, LIT("OUT="), &o->iface_out);
	if (fw_field(f, LIT("SPT="), &v) && !take_u32(&v, 65535, &o->sport))
		o->sport = 0;
	if (fw_field(f, LIT("DPT="), &v) && !take_u32(&v, 65535, &o->dport))
		o->dport = 0;
	o->svc = contains(prefix, LIT("UFW")) ? LS_UFW : LS_KERNEL;
	if (ascii_icase_contains(prefix, "BLOCK") || ascii_icase_contains(prefix, "DROP") ||
	    ascii_icase_contains(prefix, "REJECT") || ascii_icase_contains(prefix, "DENY"))
		o->kind = LM_FW_BLOCK;
	else if (ascii_icase_contains(prefix, "ALLOW") || ascii_icase_contains(prefix, "ACCEPT"))
		o->kind = LM_FW_ALLOW;
	else
		o->kind = LM_FW_LOG;
}

COLD void parse_wireguard(struct span m, struct logmsg *o)
{
	struct span t = m;
	long at;

	o->svc = LS_WIREGUARD;
	(void)word(&t); /* interface "wg0:" */
	t = span_trim_blanks(t);
	if ((at = find(t, LIT("Receiving handshake initiation from peer "))) >= 0) {
		struct span r = after(t, (size_t)at + 36), a;
		long lp = find(r, LIT(" (")), rp = rfind(r, LIT(")"));

		if (lp < 0 || rp < lp)
			return;
		o->user = cut_user(sub(r, 0, (size_t)lp));
		a = strip_port(sub(r, (size_t)lp + 2, (size_t)(rp - lp - 2)));
		if (!plausible_src(a))
			return;
		o->src = a;
		o->kind = LM_VPN_OK;
		return;
	}
	if ((at = find(t, LIT("Invalid handshake initiation from "))) >= 0 ||
	    (at = find(t, LIT("Invalid MAC of handshake, dropping packet from "))) >= 0) {
		struct span r = after(t, (size_t)at + (size_t)(t.p[at + 8] == 'h' ? 34 : 47));
		struct span a = strip_port(word(&r));

		if (plausible_src(a))
			o->src = a;
		o->kind = LM_VPN_FAIL;
		return;
	}
	o->kind = LM_NOISE;
}

COLD void parse_kernel(struct span m, struct logmsg *o)
{
	long in_at;

	o->svc = LS_KERNEL;
	/* "[12345.678901] " */
	if (m.len && m.p[0] == '[') {
		long rb = find(sub(m, 0, 24), LIT("] "));
		if (rb > 0 && !has_prefix(m, LIT("[UFW")))
			m = after(m, (size_t)rb + 2);
	}
	if (eat(&m, LIT("wireguard: "))) {
		parse_wireguard(m, o);
		return;
	}
	in_at = find(m, LIT("IN="));
	while (in_at > 0 && m.p[in_at - 1] != ' ' && m.p[in_at - 1] != ']' && m.p[in_at - 1] != ':') {
		long next = find(after(m, (size_t)in_at + 1), LIT("IN="));
		in_at = next < 0 ? -1 : in_at + 1 + next;
	}
	if (in_at >= 0 && contains(m, LIT(" SRC=")))
		parse_firewall(m, in_at, o);
}

/* ------------------------------------------------------------------ mail, file and remote-desktop services */

/* "::ffff:192.0.2.1" (an IPv4 client on an IPv6 socket) as "192.0.2.1", so both name one source. */
static struct span v4_mapped(struct span a)
{
	struct span t = a;

	if (a.len > 7 && a.p[0] == ':' && (eat(&t, LIT("::ffff:")) || eat(&t, LIT("::FFFF:"))) && logmsg_is_addr(t) &&
	    !memchr(t.p, ':', t.len))
		return t;
	return a;
}

/* A source found by a service's parser: "unknown" and implausible ones dropped (mapped IPv4 is unwrapped at the end). */
static void set_src(struct logmsg *o, struct span a)
{
	if (eq(a, LIT("unknown")) || !plausible_src(a))
		a = SPAN(a.p, 0);
	o->src = a;
}

/* The text between open and the first close after it in s (empty when absent). */
static struct span between(struct span s, const char *open, size_t on, const char *close, size_t cn)
{
	long a = find(s, open, on), b;
	struct span t;

	if (a < 0)
		return SPAN(s.p, 0);
	t = after(s, (size_t)a + on);
	b = find(t, close, cn);
	return b < 0 ? SPAN(s.p, 0) : sub(t, 0, (size_t)b);
}

/* "NAME[ADDR]": the address (Postfix's client, ProFTPD's). */
static struct span name_addr(struct span w)
{
	long lb = rfind(w, LIT("["));

	if (lb < 0 || !w.len || w.p[w.len - 1] != ']')
		return SPAN(w.p, 0);
	return sub(w, (size_t)lb + 1, w.len - (size_t)lb - 2);
}

/*
 * Postfix smtpd (smtpd_sasl_glue.c): "warning: NAME[ADDR]: SASL LOGIN authentication failed: ..."
 * (", sasl_username=U" since 3.x), and the success "QUEUEID: client=NAME[ADDR], sasl_method=PLAIN, sasl_username=U".
 */
static void parse_postfix(struct span m, struct logmsg *o)
{
	struct span t = m;
	long c;

	o->svc = LS_POSTFIX;
	if (eat(&t, LIT("warning: "))) {
		c = find(t, LIT(": SASL "));
		if (c < 0 || !contains(t, LIT(" authentication failed")))
			return;
		/* the SASL server down is no attempt of the client */
		if (contains(t, LIT("Connection lost to authentication server")))
			return;
		set_src(o, name_addr(sub(t, 0, (size_t)c)));
		o->user = cut_user(kv_comma(t, LIT(", sasl_username=")));
		o->method = SPAN("sasl", 4);
		o->kind = o->src.len ? LM_AUTH_FAIL : LM_UNKNOWN;
		return;
	}
	if ((c = find(sub(t, 0, 40), LIT(": client="))) > 0 && contains(t, LIT(", sasl_username="))) {
		struct span r = after(t, (size_t)c + 9);
		long comma = find(r, LIT(","));

		set_src(o, name_addr(sub(r, 0, comma < 0 ? r.len : (size_t)comma)));
		o->user = cut_user(kv_comma(r, LIT(", sasl_username=")));
		o->method = SPAN("sasl", 4);
		o->kind = o->src.len && o->user.len ? LM_AUTH_OK : LM_UNKNOWN;
	}
}

/* "user=<U>, method=PLAIN, rip=ADDR, lip=..." of a Dovecot login process. */
static void dovecot_fields(struct span t, struct logmsg *o)
{
	struct span r;
	long at = find(t, LIT("rip="));

	o->user = cut_user(between(t, LIT("user=<"), LIT(">")));
	if (at >= 0 && (at == 0 || t.p[at - 1] == ' ')) {
		long comma;

		r = after(t, (size_t)at + 4);
		comma = find(r, LIT(","));
		set_src(o, sub(r, 0, comma < 0 ? r.len : (size_t)comma));
	}
}

/*
 * Dovecot's login processes (login-common/client-common.c), with "dovecot: " or as their own tag:
 * "imap-login: Disconnected (auth failed, 2 attempts in 6 secs): user=<U>, method=PLAIN, rip=ADDR, ...",
 * "Aborted login (auth failed, ...)", 2.3's "Login aborted: ... (auth failed, N attempts ...) (auth_failed): ...",
 * "Login: user=<U>, method=PLAIN, rip=ADDR, ..." and "Disconnected (no auth attempts ...): rip=ADDR" (a probe).
 * The auth process's own lines ("auth: pam(U,ADDR): ...", "auth-worker(N): ...") are the same attempts: noise.
 */
static void parse_dovecot(struct span prog, struct span m, struct logmsg *o)
{
	struct span t = m;
	long c, at;

	o->svc = LS_DOVECOT;
	if (!has_suffix(prog, LIT("-login"))) {
		c = find(sub(t, 0, 24), LIT("-login: "));
		if (c < 0) {
			if (has_prefix(t, LIT("auth")) || has_prefix(t, LIT("master: ")))
				o->kind = LM_NOISE;
			return;
		}
		t = after(t, (size_t)c + 8);
	}
	(void)eat(&t, LIT("Info: "));
	if (eat(&t, LIT("Login: "))) {
		dovecot_fields(t, o);
		o->method = SPAN("imap/pop3", 9);
		o->kind = o->src.len && o->user.len ? LM_AUTH_OK : LM_NOISE;
		return;
	}
	o->kind = LM_NOISE;
	if ((at = find(t, LIT("(auth failed, "))) >= 0) {
		struct span n = after(t, (size_t)at + 14);
		uint32_t k;
		long colon = find(t, LIT("): "));

		if (!take_u32(&n, LOGMSG_MAX_REPEAT, &k) || k == 0 || !eat(&n, LIT(" attempt")) || colon < 0)
			return;
		dovecot_fields(after(t, (size_t)colon + 3), o);
		o->count = k;
		o->method = SPAN("imap/pop3", 9);
		o->kind = o->src.len ? LM_AUTH_FAIL : LM_NOISE;
		return;
	}
	if (contains(t, LIT("(no auth attempts")) && (c = find(t, LIT("): "))) >= 0) {
		dovecot_fields(after(t, (size_t)c + 3), o);
		o->user = SPAN(m.p, 0);
		if (o->src.len)
			o->kind = LM_PROBE;
	}
}

/* Courier (imapd, pop3d, courierpop3login): "LOGIN FAILED, user=U, ip=[ADDR]" and "LOGIN, user=U, ip=[ADDR], ...". */
COLD void parse_courier(struct span m, struct logmsg *o)
{
	struct span t = m;
	bool failed;

	o->svc = LS_COURIER;
	/* courieresmtpd: "error,relay=::ffff:ADDR,msg=\"535 Authentication failed.\",cmd: AUTH LOGIN" */
	if (eat(&t, LIT("error,relay=")) && contains(t, LIT("535 Authentication failed"))) {
		long c = find(t, LIT(","));

		set_src(o, c >= 0 ? sub(t, 0, (size_t)c) : t);
		o->method = SPAN("smtp-auth", 9);
		if (o->src.len)
			o->kind = LM_AUTH_FAIL;
		return;
	}
	t = m;
	failed = eat(&t, LIT("LOGIN FAILED, "));
	if (!failed && !eat(&t, LIT("LOGIN, ")))
		return;
	o->user = cut_user(between(t, LIT("user="), LIT(",")));
	set_src(o, between(t, LIT("ip=["), LIT("]")));
	o->method = SPAN("imap/pop3", 9);
	if (o->src.len)
		o->kind = failed ? LM_AUTH_FAIL : LM_AUTH_OK;
}

/*
 * Exim (mainlog, or syslog without the time): "NAME authenticator failed for (HELO) [ADDR]: 535 Incorrect
 * authentication data (set_id=U)", also "for host (HELO) [ADDR]:PORT: ..." and "for H=(HELO) [ADDR]...".
 * The address is the "[...]" after the HELO name in parentheses (the client's word, so a HELO of
 * "x) [ADDR" can still name another address), else the first "[...]" after a blank.
 */
COLD bool parse_exim(struct span m, struct logmsg *o)
{
	long at = find(m, LIT(" authenticator failed for "));
	struct span t;

	if (at < 0) {
		/* a login: the arrival of a message sent with AUTH, "<= FROM H=(HELO) [ADDR]:PORT ... A=NAME:USER ..." */
		long arr = find(m, LIT(" <= ")), a = find(m, LIT(" A=")), h, c;

		if (arr < 0 || a < arr || (h = find(after(m, (size_t)arr), LIT(" H="))) < 0)
			return false;
		o->svc = LS_EXIM;
		t = after(m, (size_t)arr + (size_t)h + 3);
		set_src(o, between(t, LIT("["), LIT("]")));
		if (!logmsg_is_addr(o->src))
			o->src = SPAN(m.p, 0);
		t = after(m, (size_t)a + 3);
		t = word(&t);
		if ((c = find(t, LIT(":"))) >= 0)
			o->user = cut_user(after(t, (size_t)c + 1));
		o->method = SPAN("smtp-auth", 9);
		o->kind = o->src.len ? LM_AUTH_OK : LM_UNKNOWN;
		return true;
	}
	o->svc = LS_EXIM;
	t = after(m, (size_t)at + 26);
	set_src(o, between(t, LIT(") ["), LIT("]")));
	if (!o->src.len)
		set_src(o, between(t, LIT(" ["), LIT("]")));
	if (!o->src.len && t.len && t.p[0] == '[')
		set_src(o, between(t, LIT("["), LIT("]")));
	if (!logmsg_is_addr(o->src))
		o->src = SPAN(m.p, 0);
	o->user = cut_user(between(t, LIT("(set_id="), LIT(")")));
	o->method = SPAN("smtp-auth", 9);
	o->kind = o->src.len ? LM_AUTH_FAIL : LM_UNKNOWN;
	return true;
}

/*
 * vsftpd (logging.c; vsftpd.log or syslog): "[pid N] [U] FAIL LOGIN: Client "ADDR"" and "... OK LOGIN: Client "ADDR"".
 * A failure is the own line of an attempt whose PAM line has no pid (vsftpd's openlog has no LOG_PID)
 * and N is not the process that called PAM: the review pairs the two by source (logevent.c).
 */
static bool parse_vsftpd(struct span m, struct logmsg *o)
{
	struct span t = m, u;
	long r;
	bool failed;

	if (eat(&t, LIT("[pid "))) {
		r = find(t, LIT("] "));
		if (r < 0)
			return false;
		t = after(t, (size_t)r + 2);
	}
	if (!eat(&t, LIT("[")) || (r = find(t, LIT("] "))) < 0)
		return false;
	u = sub(t, 0, (size_t)r);
	t = after(t, (size_t)r + 2);
	failed = eat(&t, LIT("FAIL LOGIN: Client \""));
	if (!failed && !eat(&t, LIT("OK LOGIN: Client \"")))
		return false;
	o->svc = LS_VSFTPD;
	r = find(t, LIT("\""));
	if (r < 0)
		return true;
	set_src(o, sub(t, 0, (size_t)r));
	o->user = cut_user(u);
	o->method = SPAN("ftp", 3);
	if (o->src.len)
		o->kind = failed ? LM_AUTH_FAIL : LM_AUTH_OK;
	/* its PAM stack logged the same attempt ("vsftpd: pam_unix(vsftpd:auth): authentication failure") */
	if (o->kind == LM_AUTH_FAIL)
		o->pair = LP_OWN;
	return true;
}

/*
 * ProFTPD (auth.c, mod_auth.c): "SERVER (NAME[ADDR]) - USER U (Login failed): Incorrect password",
 * "- USER U: no such user found from ...", "- Maximum login attempts (3) exceeded",
 * "- SECURITY VIOLATION: root login attempted", "- USER U: Login successful."
 */
COLD void parse_proftpd(struct span m, struct logmsg *o)
{
	long lp = find(m, LIT(" (")), rp;
	struct span t;

	o->svc = LS_PROFTPD;
	if (lp < 0)
		return;
	t = after(m, (size_t)lp + 2);
	rp = find(t, LIT("])"));
	if (rp < 0)
		return;
	set_src(o, name_addr(sub(t, 0, (size_t)rp + 1)));
	t = after(t, (size_t)rp + 2);
	(void)(eat(&t, LIT(" - ")) || eat(&t, LIT(": ")));
	o->method = SPAN("ftp", 3);
	if (!o->src.len)
		return;
	if (eat(&t, LIT("USER "))) {
		long c = find(t, LIT(" (Login failed)")), nf = find(t, LIT(": no such user found"));

		if (c >= 0 || nf >= 0) {
			o->user = cut_user(sub(t, 0, (size_t)(c >= 0 && (nf < 0 || c < nf) ? c : nf)));
			o->invalid_user = nf >= 0 && (c < 0 || nf < c);
			o->kind = LM_AUTH_FAIL;
			/* mod_auth_pam asks PAM in this process: its PAM line (same pid) is the same attempt */
			o->pair = LP_OWN;
		} else if ((c = find(t, LIT(": Login successful"))) >= 0) {
			o->user = cut_user(sub(t, 0, (size_t)c));
			o->kind = LM_AUTH_OK;
		}
		return;
	}
	if (has_prefix(t, LIT("Maximum login attempts"))) {
		o->kind = LM_AUTH_MAXTRIES;
		return;
	}
	if (has_prefix(t, LIT("SECURITY VIOLATION: root login attempted"))) {
		o->user = SPAN("root", 4);
		o->kind = LM_AUTH_FAIL;
	}
}

/*
 * Samba's authentication audit (auth/auth_log.c, "log level = 1 auth_audit:3"), in log.smbd or syslog:
 * "Auth: [SMB2,(null)] user [DOMAIN]\[U] at [...] with [NTLMv2] status [NT_STATUS_WRONG_PASSWORD]
 *  workstation [W] remote host [ipv4:ADDR:PORT] mapped to [...]. local host [...] ..."
 */
static void parse_samba(struct span m, struct logmsg *o)
{
	struct span t = span_trim_blanks(m), st, rh, u;
	long c;

	o->svc = LS_SAMBA;
	if (!eat(&t, LIT("Auth: [")))
		return;
	u = between(t, LIT("] user ["), LIT(" at ["));
	if ((c = find(u, LIT("]\\["))) >= 0)
		u = after(u, (size_t)c + 3);
	if (u.len && u.p[u.len - 1] == ']')
		u.len--;
	st = between(t, LIT(" status ["), LIT("]"));
	rh = between(t, LIT(" remote host ["), LIT("]"));
	if (!eat(&rh, LIT("ipv4:")) && !eat(&rh, LIT("ipv6:")))
		return;
	if ((c = rfind(rh, LIT(":"))) > 0 && span_all_digits(after(rh, (size_t)c + 1)))
		rh.len = (size_t)c;
	set_src(o, rh);
	o->user = cut_user(u);
	o->method = SPAN("smb", 3);
	if (!o->src.len || !has_prefix(st, LIT("NT_STATUS_")))
		return;
	o->invalid_user = eq(st, LIT("NT_STATUS_NO_SUCH_USER"));
	o->kind = eq(st, LIT("NT_STATUS_OK")) ? LM_AUTH_OK : LM_AUTH_FAIL;
}

/*
 * xrdp-sesman / xrdp-sesexec (sesman/auth): "[INFO ] AUTHFAIL: user=U ip=ADDR time=N" ("written for fail2ban"),
 * and the session: "++ created session (access granted): username U, ip ADDR:PORT - socket: N".
 */
static void parse_xrdp(struct span m, struct logmsg *o)
{
	long at;

	o->svc = LS_XRDP;
	o->method = SPAN("rdp", 3);
	if ((at = find(m, LIT("AUTHFAIL: user="))) >= 0) {
		struct span t = after(m, (size_t)at + 15);
		long ip = rfind(t, LIT(" ip="));
		struct span a;

		if (ip < 0)
			return;
		o->user = cut_user(sub(t, 0, (size_t)ip));
		a = after(t, (size_t)ip + 4);
		set_src(o, word(&a));
		if (o->src.len)
			o->kind = LM_AUTH_FAIL;
		return;
	}
	/*
	 * a login: 0.9 "++ created session (access granted): username U, ip A:PORT - socket: N", 0.10
	 * "++ created session: username U, ip A", and either's "++ reconnected session: username U, ..., ip A"
	 */
	if ((find(m, LIT("++ created session")) >= 0 || find(m, LIT("++ reconnected session")) >= 0) &&
	    (at = find(m, LIT(": username "))) >= 0) {
		struct span t = after(m, (size_t)at + sizeof(": username ") - 1), a;
		long ip = find(t, LIT(", ip "));
		long c;

		if (ip < 0)
			return;
		o->user = cut_user(sub(t, 0, (size_t)(find(t, LIT(", ")))));
		a = after(t, (size_t)ip + 5);
		a = word(&a);
		if ((c = rfind(a, LIT(":"))) > 0 && span_all_digits(after(a, (size_t)c + 1)))
			a.len = (size_t)c;
		set_src(o, a);
		if (o->src.len)
			o->kind = LM_AUTH_OK;
	}
}

/* Webmin's miniserv: "Invalid login as U from ADDR", "Non-existent login as U from ADDR", "Successful login as U from ADDR". */
COLD void parse_webmin(struct span m, struct logmsg *o)
{
	struct span t = span_trim_blanks(m);
	long fr;
	bool failed = true;

	o->svc = LS_WEBMIN;
	if (eat(&t, LIT("Non-existent login as ")))
		o->invalid_user = true;
	else if (eat(&t, LIT("Successful login as ")))
		failed = false;
	else if (!eat(&t, LIT("Invalid login as ")))
		return;
	fr = rfind(t, LIT(" from "));
	if (fr < 0)
		return;
	o->user = cut_user(sub(t, 0, (size_t)fr));
	t = after(t, (size_t)fr + 6);
	set_src(o, word(&t));
	o->method = SPAN("https", 5);
	if (o->src.len)
		o->kind = failed ? LM_AUTH_FAIL : LM_AUTH_OK;
	/*
	 * miniserv asks PAM (Authen::PAM) in the process that writes this line: a PAM line of the
	 * same pid with an rhost is the same attempt (without one it names no source and counts not)
	 */
	if (failed)
		o->pair = LP_OWN;
}

/* The service a program name stands for (PAM lines; dispatch of the services above). */
static enum logmsg_svc prog_svc(struct span p)
{
	if (!p.len)
		return LS_OTHER;
	switch (p.p[0]) {
	case 's':
		if (eq(p, LIT("sshd")) || eq(p, LIT("sshd-session")) || eq(p, LIT("sshd-auth")))
			return LS_SSHD;
		if (eq(p, LIT("smbd")) || eq(p, LIT("samba")) || eq(p, LIT("samba-dcerpcd")))
			return LS_SAMBA;
		break;
	case 'p':
		if (has_prefix(p, LIT("postfix")) && has_suffix(p, LIT("/smtpd")))
			return LS_POSTFIX;
		if (eq(p, LIT("proftpd")))
			return LS_PROFTPD;
		if (eq(p, LIT("pop3d")) || eq(p, LIT("pop3d-ssl")))
			return LS_COURIER;
		if (has_suffix(p, LIT("-login")))
			return LS_DOVECOT;	/* "pop3-login" (Dovecot 1.x's own tag) */
		break;
	case 'd':
		if (eq(p, LIT("dovecot")) || eq(p, LIT("dovecot-auth")))
			return LS_DOVECOT;
		break;
	case 'i':
		if (eq(p, LIT("imapd")) || eq(p, LIT("imapd-ssl")))
			return LS_COURIER;
		if (has_suffix(p, LIT("-login")))
			return LS_DOVECOT;
		break;
	case 'c':
		if (eq(p, LIT("courierpop3login")) || eq(p, LIT("courierpop3d")) || eq(p, LIT("courierimapd")) ||
		    eq(p, LIT("courieresmtpd")))
			return LS_COURIER;
		if (has_prefix(p, LIT("cockpit")))
			return LS_COCKPIT;
		break;
	case 'e':
		if (eq(p, LIT("exim")) || eq(p, LIT("exim4")))
			return LS_EXIM;
		break;
	case 'v':
		if (eq(p, LIT("vsftpd")))
			return LS_VSFTPD;
		break;
	case 'x':
		if (has_prefix(p, LIT("xrdp")))
			return LS_XRDP;
		break;
	case 'w':
		if (eq(p, LIT("webmin")))
			return LS_WEBMIN;
		break;
	case 'l':
		if (eq(p, LIT("login")))
			return LS_LOGIN;
		break;
	case 'm':
		if (eq(p, LIT("miniserv")) || eq(p, LIT("miniserv.pl")))
			return LS_WEBMIN;
		break;
	default:
		break;
	}
	return LS_OTHER;
}

/* A PAM line's service: its program's, else its PAM service name's ("dovecot", "cockpit", "vsftpd"). */
static enum logmsg_svc pam_line_svc(struct span prog, struct span pam_svc)
{
	enum logmsg_svc s = prog_svc(prog);

	if (s == LS_OTHER)
		s = prog_svc(pam_svc);
	if (s == LS_OTHER && eq(pam_svc, LIT("smtp")))
		s = LS_POSTFIX;	/* saslauthd for Postfix */
	return s;
}

/* The services above, by their program; false when prog is none of them. */
static bool parse_service(struct span prog, struct span m, struct logmsg *o)
{
	switch (prog_svc(prog)) {
	case LS_POSTFIX:
		parse_postfix(m, o);
		return true;
	case LS_DOVECOT:
		parse_dovecot(prog, m, o);
		return true;
	case LS_COURIER:
		parse_courier(m, o);
		return true;
	case LS_EXIM:
		o->svc = LS_EXIM;
		(void)parse_exim(m, o);
		return true;
	case LS_VSFTPD:
		o->svc = LS_VSFTPD;
		(void)parse_vsftpd(m, o);
		return true;
	case LS_PROFTPD:
		parse_proftpd(m, o);
		return true;
	case LS_SAMBA:
		parse_samba(m, o);
		return true;
	case LS_XRDP:
		parse_xrdp(m, o);
		return true;
	case LS_WEBMIN:
		parse_webmin(m, o);
		return true;
	case LS_COCKPIT:
		o->svc = LS_COCKPIT;
		return true;
	default:
		return false;
	}
}

/* ------------------------------------------------------------------ dispatch */

static bool prog_is(struct span p, const char *lit, size_t n)
{
	return eq(p, lit, n);
}

void logmsg_parse(struct span prog, struct span msg, struct logmsg *o)
{
	const struct span none = SPAN(msg.p, 0);
	struct span m = msg;
	bool src_ok = false;
	size_t i;
	long lb;

	/* field by field: a memset of the whole struct costs more than the parse of most lines */
	o->kind = LM_UNKNOWN;
	o->svc = LS_OTHER;
	/* each from the register, not one from the other: a chain reads back what was just stored */
	o->user = none;
	o->src = none;
	o->method = none;
	o->target = none;
	o->group = none;
	o->dst = none;
	o->proto = none;
	o->iface_in = none;
	o->iface_out = none;
	o->pam_svc = none;
	o->sport = o->dport = 0;
	o->count = 1;
	o->pair = LP_NONE;
	o->invalid_user = o->root_login = false;
	o->device = none;
	o->inbound = false;
	if (m.len && m.p[m.len - 1] == '\r')
		m.len--;
	/* rsyslog's "message repeated 3 times: [ inner]" */
	if (eat(&m, LIT("message repeated "))) {
		uint32_t n;

		if (!take_u32(&m, LOGMSG_MAX_REPEAT, &n) || n == 0 || !eat(&m, LIT(" times: [")))
			return;
		o->count = n;
		if (m.len && m.p[m.len - 1] == ']')
			m.len--;
		m = span_trim_blanks(m);
	}
	if (parse_pam(m, o)) {
		o->svc = prog_is(prog, LIT("sshd")) ? LS_SSHD : pam_line_svc(prog, o->pam_svc);
		goto done;
	}
	/* vsftpd's "(pam_unix) authentication failure; ..." (PAM before 0.99) */
	if (m.len && m.p[0] == '(' && has_prefix(m, LIT("(pam_")) && (lb = find(sub(m, 0, 24), LIT(") "))) > 0) {
		parse_pam_body(prog, SPAN(prog.p, 0), after(m, (size_t)lb + 2), o);
		o->svc = pam_line_svc(prog, prog);
		goto done;
	}
	/* the old "sshd(pam_unix)[123]: authentication failure; ..." tag */
	lb = -1;
	if (!prog_is(prog, LIT("sshd")))	/* most lines: no need to look */
		for (i = 0; i < prog.len; i++)
			if (prog.p[i] == '(') {
				lb = find(prog, LIT("(pam_"));
				break;
			}
	if (lb > 0) {
		parse_pam_body(sub(prog, 0, (size_t)lb), SPAN(prog.p, 0), m, o);
		o->svc = pam_line_svc(sub(prog, 0, (size_t)lb), o->pam_svc);
		goto done;
	}
	if (prog_is(prog, LIT("sshd")) || prog_is(prog, LIT("sshd-session")) || prog_is(prog, LIT("sshd-auth")))
		src_ok = parse_sshd(m, o);
	else if (prog_is(prog, LIT("sudo")))
		parse_sudo(m, o);
	else if (prog_is(prog, LIT("su")))
		parse_su(m, o);
	else if (prog_is(prog, LIT("login")))
		parse_login(m, o);
	else if (prog_is(prog, LIT("systemd-logind")))
		parse_logind(m, o);
	else if (prog_is(prog, LIT("useradd")) || prog_is(prog, LIT("usermod")) || prog_is(prog, LIT("groupadd")) ||
		 prog_is(prog, LIT("gpasswd")) || prog_is(prog, LIT("userdel")) || prog_is(prog, LIT("groupmod")) ||
		 prog_is(prog, LIT("passwd")) || prog_is(prog, LIT("chpasswd")) || prog_is(prog, LIT("groupdel")) ||
		 prog_is(prog, LIT("adduser")))
		parse_shadow(m, o);
	else if (prog_is(prog, LIT("openvpn")) || has_prefix(prog, LIT("ovpn-")) || prog_is(prog, LIT("openvpn-server")))
		parse_openvpn(m, o);
	else if (prog_is(prog, LIT("charon")) || prog_is(prog, LIT("charon-systemd")) || prog_is(prog, LIT("ipsec")) ||
		 prog_is(prog, LIT("strongswan")))
		parse_strongswan(m, o);
	else if (prog_is(prog, LIT("kernel")))
		parse_kernel(m, o);
	else
		(void)parse_service(prog, m, o);
	/* VPN and firewall appliances, by content (their lines come with any program name, or none) */
	if (o->kind == LM_UNKNOWN && logvpn_parse(prog, m, o))
		src_ok = true;
done:
	if (o->user.len == 4 && memcmp(o->user.p, "root", 4) == 0 && o->kind == LM_AUTH_OK)
		o->root_login = true;
	if (o->src.len && !src_ok && !plausible_src(o->src))
		o->src = SPAN(msg.p, 0);
	/*
	 * "::ffff:192.0.2.1" (an IPv4 client on an IPv6 socket: a PAM line's rhost= from Cockpit or
	 * vsftpd, sshd's "from"), whoever wrote it: one source with 192.0.2.1
	 */
	o->src = v4_mapped(o->src);
}

const char *logmsg_kind_name(enum logmsg_kind k)
{
	static const char *const names[LM__COUNT] = {
		[LM_UNKNOWN] = "unknown", [LM_NOISE] = "other",
		[LM_AUTH_FAIL] = "auth_failure", [LM_AUTH_OK] = "login",
		[LM_AUTH_MAXTRIES] = "max_tries", [LM_PROBE] = "probe",
		[LM_PAM_FAIL] = "pam_failure", [LM_SESSION] = "session",
		[LM_SU_OK] = "su", [LM_SU_FAIL] = "su_failure",
		[LM_SUDO_CMD] = "sudo", [LM_SUDO_FAIL] = "sudo_failure",
		[LM_USER_NEW] = "user_created", [LM_GROUP_NEW] = "group_created",
		[LM_GROUP_ADD] = "group_member_added", [LM_PASSWD_CHANGE] = "password_changed",
		[LM_USER_DEL] = "user_deleted", [LM_VPN_OK] = "vpn_login",
		[LM_VPN_FAIL] = "vpn_failure", [LM_FW_BLOCK] = "firewall_block",
		[LM_FW_ALLOW] = "firewall_allow", [LM_FW_LOG] = "firewall_log",
		[LM_USER_ENABLED] = "user_enabled", [LM_USER_CHANGED] = "user_changed",
		[LM_USER_LOCKED] = "user_locked_out", [LM_PRIV_LOGON] = "privileged_logon",
		[LM_LOG_CLEARED] = "log_cleared", [LM_SERVICE_NEW] = "service_installed",
		[LM_TASK_NEW] = "task_created",
	};

	return (unsigned)k < LM__COUNT ? names[k] : "unknown";
}

const char *logmsg_svc_name(enum logmsg_svc s)
{
	static const char *const names[LS__COUNT] = {
		[LS_OTHER] = "other", [LS_SSHD] = "sshd", [LS_SU] = "su", [LS_SUDO] = "sudo",
		[LS_SHADOW] = "shadow", [LS_LOGIND] = "logind", [LS_LOGIN] = "login",
		[LS_OPENVPN] = "openvpn", [LS_STRONGSWAN] = "strongswan", [LS_WIREGUARD] = "wireguard",
		[LS_KERNEL] = "kernel", [LS_UFW] = "ufw", [LS_POSTFIX] = "postfix", [LS_DOVECOT] = "dovecot",
		[LS_EXIM] = "exim", [LS_COURIER] = "courier", [LS_VSFTPD] = "vsftpd", [LS_PROFTPD] = "proftpd",
		[LS_SAMBA] = "samba", [LS_XRDP] = "xrdp", [LS_COCKPIT] = "cockpit", [LS_WEBMIN] = "webmin",
		[LS_WINDOWS] = "windows", [LS_RDP] = "rdp",
		[LS_FORTIGATE] = "fortigate", [LS_YAMAHA] = "yamaha-rtx", [LS_ASA] = "cisco-asa",
		[LS_GLOBALPROTECT] = "globalprotect", [LS_PULSE] = "pulse-secure", [LS_SONICWALL] = "sonicwall",
		[LS_PANOS] = "paloalto",
	};

	return (unsigned)s < LS__COUNT ? names[s] : "other";
}
