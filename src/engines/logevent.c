/*
 * A line's part of the log review (see logreview_priv.h): its time (the
 * reference year, the time zone), what it adds to a tally, and the ordered
 * effect of its event on the sources, logins and accounts. Called by the
 * threads that read text logs (logpar.c) and by the journal reader
 * (logreview.c); calls neither, so the review's files form no cycle.
 */
#include "engines/logreview.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "collect/logsrc.h"
#include "engines/logreview_priv.h"
#include "parse/logvpn.h"
#include "parse/syslog.h"
#include "util/swar.h"
#include "util/timeutil.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define USERS_SAMPLE 5			/* user names kept per source, for the evidence */
#define USERS_SAMPLE_MAX 200		/* bytes of that list */

/* ------------------------------------------------------------------ time */

int64_t lr_floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* UTC offset at the UTC time t (cached per hour). */
static int32_t offset_at(struct state *s, int64_t t)
{
	int64_t key = lr_floor_div(t, 3600);

	if (key != s->u2l_key) {
		gint iv = g_time_zone_find_interval(s->tz, G_TIME_TYPE_UNIVERSAL, t);
		s->u2l_off = iv >= 0 ? g_time_zone_get_offset(s->tz, iv) : 0;
		s->u2l_key = key;
	}
	return s->u2l_off;
}

long lr_local_day(struct state *s, int64_t t)
{
	return (long)lr_floor_div(t + offset_at(s, t), 86400);
}

/* A local civil time to UTC (cached per local hour). */
int64_t lr_local_to_utc(struct state *s, int y, int mo, int d, int h, int mi, int se)
{
	int64_t key = (((int64_t)y * 16 + mo) * 32 + d) * 24 + h;

	if (key != s->l2u_key) {
		gint64 lt = (syslog_days_from_civil(y, mo, d) * 24 + h) * 3600;
		gint iv = g_time_zone_adjust_time(s->tz, G_TIME_TYPE_STANDARD, &lt);
		s->l2u_base = lt - (iv >= 0 ? g_time_zone_get_offset(s->tz, iv) : 0);
		s->l2u_key = key;
	}
	return s->l2u_base + mi * 60 + se;
}

/* Day of a non-leap year, for ordering month-day pairs. */
static int doy(int mon, int mday)
{
	static const int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	return before[mon - 1] + mday;
}

void lr_set_reference(struct state *s, int64_t mtime)
{
	int64_t local = mtime + offset_at(s, mtime);
	GDateTime *dt = g_date_time_new_from_unix_utc(local);

	if (dt) {
		s->ref_year = g_date_time_get_year(dt);
		s->ref_doy = doy(g_date_time_get_month(dt), g_date_time_get_day_of_month(dt));
		g_date_time_unref(dt);
	} else {
		s->ref_year = 1970;
		s->ref_doy = 1;
	}
}

/* The time of a parsed header; false when the line has none. */
bool lr_line_time(struct state *s, const struct syslog_line *h, int64_t *t)
{
	int y;

	switch (h->ts) {
	case SYSLOG_TS_ABS:
		*t = h->t;
		return true;
	case SYSLOG_TS_LOCAL:
		*t = lr_local_to_utc(s, h->year, h->mon, h->mday, h->hour, h->min, h->sec);
		return true;
	case SYSLOG_TS_NOYEAR:
		/* a month and day after the file's mtime (one day of slack) is from the year before */
		y = doy(h->mon, h->mday) <= s->ref_doy + 1 ? s->ref_year : s->ref_year - 1;
		if (!syslog_valid_date(y, h->mon, h->mday))
			return false; /* Feb 29 of a year that has none */
		*t = lr_local_to_utc(s, y, h->mon, h->mday, h->hour, h->min, h->sec);
		return true;
	default:
		return false;
	}
}

void logreview_fmt_time(const struct logreview *lr, int64_t t, char *buf, size_t size)
{
	const struct lr_priv *p = lr->priv;
	GDateTime *dt = NULL;
	gchar *txt;

	if (p && p->tz) {
		/* the zone's offset then plain arithmetic: a report may format tens of thousands of times */
		gint iv = g_time_zone_find_interval(p->tz, G_TIME_TYPE_UNIVERSAL, t);
		GDateTime *u;

		if (iv >= 0 && time_format_local(t, g_time_zone_get_offset(p->tz, iv), buf, size) == 0)
			return;
		/* what plain arithmetic does not do (offsets of seconds, years before 1000): GLib */
		u = g_date_time_new_from_unix_utc(t);
		if (u) {
			dt = g_date_time_to_timezone(u, p->tz);
			g_date_time_unref(u);
		}
	}
	if (!dt) {
		snprintf(buf, size, "@%lld", (long long)t);
		return;
	}
	txt = g_date_time_format(dt, "%Y-%m-%d %H:%M:%S %z");
	snprintf(buf, size, "%s", txt ? txt : "?");
	g_free(txt);
	g_date_time_unref(dt);
}

void logreview_fmt_day(long day, char *buf, size_t size)
{
	GDateTime *dt = g_date_time_new_from_unix_utc((gint64)day * 86400);
	gchar *txt = dt ? g_date_time_format(dt, "%Y-%m-%d") : NULL;

	snprintf(buf, size, "%s", txt ? txt : "?");
	g_free(txt);
	if (dt)
		g_date_time_unref(dt);
}

const char *logreview_tl_name(enum lr_tl k)
{
	static const char *const names[LRT__COUNT] = {
		/* stable JSON keys; N_() for the terminal's column heads */
		[LRT_LINES] = N_("lines"), [LRT_AUTH_FAIL] = N_("auth_failures"), [LRT_LOGIN] = N_("logins"),
		[LRT_PRIV] = N_("privilege_use"), [LRT_ACCOUNT] = N_("account_changes"), [LRT_VPN_OK] = N_("vpn_logins"),
		[LRT_VPN_FAIL] = N_("vpn_failures"), [LRT_FW_BLOCK] = N_("firewall_blocked"),
		[LRT_FW_ALLOW] = N_("firewall_allowed"),
	};
	return (unsigned)k < LRT__COUNT ? names[k] : "?";
}

bool logreview_risky_port(uint32_t p)
{
	return (p >= 137 && p <= 139) || p == 445 || p == 3389;
}

void logreview_opts_defaults(struct logreview_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->baseline_days = 30;
	o->brute_failures = 20;
	o->spray_users = 5;
	o->success_after = 5;
	o->gap_hours = 6;
	o->night_start = 22;
	o->night_end = 6;
	o->backwards_seconds = 300;
	{
		/* for tests only: a small table, to go beyond it with a small log */
		const char *v = getenv("KYUKA_LOGS_MAX_SOURCES");
		char *end;
		unsigned long n;

		if (v && *v) {
			errno = 0;
			n = strtoul(v, &end, 10);
			if (!errno && !*end && n >= 16 && n <= LR_MAX_SOURCES)
				o->max_sources = n;
		}
	}
}

/* ------------------------------------------------------------------ small helpers */

static struct arena *mem(const struct state *s)
{
	return &((struct lr_priv *)s->lr->priv)->mem;
}

/*
 * Copies len bytes of a log's text to out (room for 3 * len), a NUL byte as
 * U+2400 (the symbol for null): in a string of the report a NUL would end it
 * there and hide the rest (vsftpd's, Samba's and ProFTPD's own files are
 * written as the daemon pleases). Returns the bytes written.
 */
static size_t copy_visible(char *out, const char *p, size_t len)
{
	size_t i, k = 0;

	for (i = 0; i < len; i++) {
		if (p[i]) {
			out[k++] = p[i];
		} else {
			memcpy(out + k, "\xe2\x90\x80", 3);
			k += 3;
		}
	}
	return k;
}

/* A log's text as a string of the report (copy_visible), then suffix. */
static char *text_dup(struct state *s, const char *p, size_t len, const char *suffix)
{
	size_t nuls = 0, sl = suffix ? strlen(suffix) : 0, i, k;
	const char *q = len ? memchr(p, '\0', len) : NULL;
	char *out;

	if (!q && !sl)
		return arena_strndup(mem(s), p, len);
	for (i = q ? (size_t)(q - p) : len; i < len; i++)
		nuls += !p[i];
	out = arena_zalloc(mem(s), st_add(st_add(len, st_mult(nuls, 2)), sl + 1));
	k = copy_visible(out, p, len);
	memcpy(out + k, suffix ? suffix : "", sl + 1);
	return out;
}

static char *span_dup(struct state *s, struct span sp)
{
	return text_dup(s, sp.p, sp.len, NULL);
}

static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0xff51afd7ed558ccdull;
	return h ^ (h >> 32);
}

/* A hash of addresses and user names, a word at a time (not for hostile collisions: the table compares keys). */
static uint32_t hash_span(struct span s)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ s.len;
	size_t i;

	for (i = 0; i + 8 < s.len; i += 8)
		h = mix(h, swar_load(s.p + i));
	h = mix(h, s.len >= 8 ? swar_load(s.p + s.len - 8) : swar_load_upto(s.p, s.len));
	h = (h ^ (h >> 29)) * 0xc4ceb9fe1a85ec53ull;
	return (uint32_t)(h ^ (h >> 32));
}

/* Where the current line is ("FILE:LINE" or "journal CURSOR"), in the arena. */
static char *where_now(struct state *s)
{
	if (s->je) {
		char *c = logsrc_journal_cursor(s->je);
		char *w = arena_printf(mem(s), "journal %s", c ? c : "?");
		free(c);
		return w;
	}
	if (s->evtx)
		return arena_printf(mem(s), "%s record %llu", s->path, (unsigned long long)s->lineno);
	if (s->appliance)
		return arena_printf(mem(s), "%s:%llu (%s %.*s)", s->path, (unsigned long long)s->lineno,
				    logvpn_vendor(s->appliance->svc),
				    s->appliance->device.len ? (int)s->appliance->device.len : 1,
				    s->appliance->device.len ? s->appliance->device.p : "?");
	return arena_printf(mem(s), "%s:%llu", s->path, (unsigned long long)s->lineno);
}

/* The message as evidence: at most LR_SHOW_LINE bytes, then a marker. */
static char *show_line(struct state *s, struct span m, bool cut)
{
	if (m.len > LR_SHOW_LINE || cut) {
		struct span c = span_cut_utf8(m, LR_SHOW_LINE);

		return text_dup(s, c.p, c.len, _(" [... cut]"));
	}
	return span_dup(s, m);
}

static void make_ev(struct state *s, struct lr_ev *ev, int64_t t, struct span msg, bool cut)
{
	ev->t = t;
	ev->where = where_now(s);
	ev->line = show_line(s, msg, cut);
}

/* ------------------------------------------------------------------ sources */

static struct lr_source **src_slot(const struct lr_srctab *tb, const char *p, size_t len, uint32_t h)
{
	size_t i = h & (tb->cap - 1);

	for (;; i = (i + 1) & (tb->cap - 1)) {
		struct lr_source *src = tb->slot[i];

		if (!src || (tb->hash[i] == h && src->addr_len == len && swar_equal(src->addr, p, len)))
			return &tb->slot[i];
	}
}

static void src_grow(struct lr_srctab *tb)
{
	struct lr_srctab old = *tb;
	size_t i;

	tb->cap = old.cap ? old.cap * 2 : 1024;
	tb->slot = xcalloc(tb->cap, sizeof(*tb->slot));
	tb->hash = xcalloc(tb->cap, sizeof(*tb->hash));
	for (i = 0; i < old.cap; i++) {
		if (old.slot[i]) {
			struct lr_source **sl = src_slot(tb, old.slot[i]->addr, old.slot[i]->addr_len, old.hash[i]);
			*sl = old.slot[i];
			tb->hash[sl - tb->slot] = old.hash[i];
		}
	}
	free(old.slot);
	free(old.hash);
}

struct lr_source *lr_src_lookup(const struct lr_srctab *tb, const char *addr)
{
	size_t len = strlen(addr);

	return tb->cap ? *src_slot(tb, addr, len, hash_span(SPAN(addr, len))) : NULL;
}

/* ------------------------------------------------------------------ beyond the table: a summary */

/*
 * When the table holds s->max_sources sources, a source seen for the first
 * time is counted in a count-min sketch (LR_SKETCH_DEPTH rows of counters,
 * a cell per row chosen by a hash of the address; conservative update: a
 * cell only grows to the new estimate). The estimate of a source is the
 * smallest of its cells: never below the true count, above it only when
 * other addresses share all its cells. A source is tracked one by one from
 * the event at which its estimate reaches a threshold (brute force, spraying,
 * failures before a login) or that is a login, in a reserve of
 * max_sources >> LR_SOURCE_RESERVE_SHIFT records, taking its estimates along
 * as counts before it was tracked. So no source that would be reported is
 * missed: found in the table, listed from the reserve, or (the reserve used
 * up) counted as lost; and a login's failures before it come from the
 * summary when its source could not be tracked. None of this runs before the
 * table is full.
 */
static uint32_t sat_add(uint32_t a, uint64_t b)
{
	return b >= UINT32_MAX - a ? UINT32_MAX : a + (uint32_t)b;
}

/* What an event adds to its source's counts (as fail_event and the probe case of lr_take_event count). */
static void sketch_event(struct lr_sketch *k, uint64_t h, const struct lr_event *e, struct sk_cell *add)
{
	bool win = e->flags & LRE_WINDOW;
	bool new_name = win && e->user_len && !lr_sketch_name_seen(k, h, e->user_hash);

	memset(add, 0, sizeof(*add));
	add->seen = 1;
	switch (e->kind) {
	case LM_AUTH_FAIL:
	case LM_PAM_FAIL:
	case LM_VPN_FAIL:
		add->fail_all = e->count;
		add->fail_win = win ? e->count : 0;
		add->users_win = new_name;
		break;
	case LM_PROBE:
		add->users_win = new_name;
		break;
	default:
		break;
	}
}

/* Would a source with these counts be reported by LOG-0020? */
static bool sketch_reported(const struct state *s, const struct sk_cell *x)
{
	const struct logreview_opts *o = s->o;

	return x->fail_win >= o->brute_failures || (x->users_win >= o->spray_users && x->fail_win > 0);
}

/* ... or would a login from it be suspect (LOG-0030)? */
static bool sketch_hot(const struct state *s, const struct sk_cell *x)
{
	return sketch_reported(s, x) || x->fail_all >= s->o->success_after;
}

/* The source of an event when the table is full: tracked from now on (in sl), or counted in the summary. */
static struct lr_source *beyond_cap(struct state *s, const struct lr_event *e, struct lr_source **sl)
{
	struct logreview *lr = s->lr;
	struct lr_srctab *tb = &s->src;
	struct sk_cell *c[LR_SKETCH_DEPTH], est, add, to;
	struct lr_source *src;
	bool login = e->kind == LM_AUTH_OK || e->kind == LM_VPN_OK || e->kind == LM_SU_OK;
	size_t i;

	uint64_t h;

	if (!s->sketch)
		s->sketch = lr_sketch_new(s->max_sources);
	h = lr_sketch_hash(e->src, e->src_len);
	lr_sketch_cells(s->sketch, h, c);
	lr_sketch_estimate(c, &est);
	sketch_event(s->sketch, h, e, &add);
	lr_sketch_hll_add(s->sketch, h);
	to.seen = sat_add(est.seen, add.seen);
	to.fail_all = sat_add(est.fail_all, add.fail_all);
	to.fail_win = sat_add(est.fail_win, add.fail_win);
	to.users_win = sat_add(est.users_win, add.users_win);
	if ((login || sketch_hot(s, &to)) && tb->n < s->max_sources + lr->source_reserve) {
		/* tracked from this event on, with what the summary counted before it */
		src = arena_zalloc(mem(s), sizeof(*src));
		src->addr = arena_strndup(mem(s), e->src, e->src_len);
		src->addr_len = e->src_len;
		src->fail_total = src->fails_before = est.fail_all;
		src->fail_window = src->fails_window_before = est.fail_win;
		src->users_before = to.users_win;	/* with this event's name: add_user finds it seen */
		src->first_fail = e->t;
		src->first_fail_where = where_now(s);
		*sl = src;
		tb->hash[sl - tb->slot] = e->src_hash;
		tb->n++;
		lr->sources_promoted++;
		s->last_src = src;
		s->last_hash = e->src_hash;
		return src;
	}
	/* a source LOG-0020 would report that the reserve has no room for: counted once, when it gets there */
	if (sketch_reported(s, &to) && !sketch_reported(s, &est))
		lr->sources_lost++;
	for (i = 0; i < LR_SKETCH_DEPTH; i++) {
		c[i]->seen = MAX(c[i]->seen, to.seen);
		c[i]->fail_all = MAX(c[i]->fail_all, to.fail_all);
		c[i]->fail_win = MAX(c[i]->fail_win, to.fail_win);
		c[i]->users_win = MAX(c[i]->users_win, to.users_win);
	}
	return NULL;
}

/* The failures counted in the summary for a source that is not tracked (an upper bound). */
static uint64_t untracked_failures(const struct state *s, const struct lr_event *e)
{
	struct sk_cell *c[LR_SKETCH_DEPTH], est;

	if (!s->sketch || !e->src_len)
		return 0;
	lr_sketch_cells(s->sketch, lr_sketch_hash(e->src, e->src_len), c);
	lr_sketch_estimate(c, &est);
	return est.fail_all;
}

/* The source of an event, created on first sight (beyond s->max_sources: see beyond_cap). */
static struct lr_source *source(struct state *s, const struct lr_event *e)
{
	struct lr_srctab *tb = &s->src;
	struct lr_source **sl, *src;

	if (!e->src_len)
		return NULL;
	/* attacks come in bursts: the source of the event before, more often than not */
	src = s->last_src;
	if (src && s->last_hash == e->src_hash && src->addr_len == e->src_len && swar_equal(src->addr, e->src, e->src_len))
		return src;
	if ((tb->n + 1) * 4 > tb->cap * 3)
		src_grow(tb);
	sl = src_slot(tb, e->src, e->src_len, e->src_hash);
	if (*sl) {
		s->last_src = *sl;
		s->last_hash = e->src_hash;
		return *sl;
	}
	if (tb->n >= s->max_sources)
		return beyond_cap(s, e, sl);
	src = arena_zalloc(mem(s), sizeof(*src));
	src->addr = arena_strndup(mem(s), e->src, e->src_len);
	src->addr_len = e->src_len;
	*sl = src;
	tb->hash[sl - tb->slot] = e->src_hash;
	tb->n++;
	s->last_src = src;
	s->last_hash = e->src_hash;
	return src;
}

#define USER_IN_SAMPLE 48		/* bytes of one name in the list: a longer one is cut, with an ellipsis */

#define HIDDEN_NAME "********"	/* a name tried that may be a password (hidden_name) */

/* A character of an account name or of a domain's. */
static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
	       c == '.';
}

static bool account_shape(const char *u, size_t len)
{
	bool upper = false, digit = false;
	size_t i;

	if (!len || !((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z') || u[0] == '_'))
		return false;
	for (i = 0; i < len; i++) {
		if (u[i] == '$' && i == len - 1 && i)
			break;
		if (!word_char(u[i]))
			return false;
		upper |= u[i] >= 'A' && u[i] <= 'Z';
		digit |= u[i] >= '0' && u[i] <= '9';
	}
	return !(upper && digit);
}

/*
 * Could this name, tried for an account that does not exist, be a password
 * typed at the user name prompt? People do that, and the log keeps it
 * ("Invalid user Summer2026! from ..."). A name is shown when it has the
 * shape of an account name: letters, digits, '_', '-', '.', a letter or '_'
 * first, an optional '$' last, but not upper-case letters and digits at once
 * (JSmith and oracle2 are shown, Summer2026 is not); a mail address
 * (user@example.jp); DOMAIN\user; or one of the default accounts attackers
 * try in any case (Administrator). Any other is hidden. A password of one
 * case of letters and digits is still shown: docs/logs.md says so.
 */
static bool hidden_name(const char *u, size_t len)
{
	static const char *const usual[] = { "administrator", "admin", "guest", "root", "user", "test" };
	const char *at = memchr(u, '@', len), *bs = memchr(u, '\\', len);
	size_t i;

	if (!len || len > 64)
		return true;
	for (i = 0; i < sizeof(usual) / sizeof(usual[0]); i++)
		if (len == strlen(usual[i]) && !strncasecmp(u, usual[i], len))
			return false;
	if (at && !bs) {
		/* user@domain.tld: a word, then a domain with a dot inside */
		const char *d = at + 1, *end = u + len, *dot = memchr(d, '.', (size_t)(end - d));

		if (at == u || !dot || dot == d || end[-1] == '.' || memchr(d, '@', (size_t)(end - d)))
			return true;
		for (i = 0; u + i < at; i++)
			if (!word_char(u[i]) && u[i] != '+')
				return true;
		for (; d < end; d++)
			if (!word_char(*d) || *d == '_')
				return true;
		return false;
	}
	if (bs && !at) {
		/* DOMAIN\user */
		for (i = 0; u + i < bs; i++)
			if (!word_char(u[i]))
				return true;
		return bs == u || !account_shape(bs + 1, (size_t)(u + len - bs - 1));
	}
	return at || !account_shape(u, len);
}

/*
 * A user name as the list shows it, into buf (USER_IN_SAMPLE * 3 + 8 bytes):
 * a NUL byte as U+2400, cut when long, in quotes when it holds the list's
 * comma (one name is not read as two); HIDDEN_NAME for the name of no account
 * that may be a password (hidden_name). Returns its length.
 */
static size_t sample_name(char *buf, const char *u, size_t len, bool no_account)
{
	struct span c;
	bool quote;
	size_t k = 0;

	if (no_account && hidden_name(u, len)) {
		memcpy(buf, HIDDEN_NAME, sizeof(HIDDEN_NAME) - 1);
		return sizeof(HIDDEN_NAME) - 1;
	}
	c = span_cut_utf8(SPAN(u, len), USER_IN_SAMPLE);
	quote = c.len && memchr(c.p, ',', c.len);
	if (quote)
		buf[k++] = '"';
	k += copy_visible(buf + k, c.p, c.len);
	if (c.len < len) {
		memcpy(buf + k, "\xe2\x80\xa6", 3);
		k += 3;
	}
	if (quote)
		buf[k++] = '"';
	return k;
}

static void add_user(struct state *s, struct lr_source *src, const struct lr_event *e)
{
	char name[USER_IN_SAMPLE * 3 + 8];
	size_t k;
	uint32_t i;
	size_t have;

	if (!e->user_len)
		return;
	if (src->n_users && src->user_hash0 == e->user_hash)
		return;
	for (i = 1; i < src->n_users; i++)
		if (src->user_hash[i - 1] == e->user_hash)
			return;
	if (src->n_users >= LR_SPRAY_KEEP)
		return;
	/* tracked after the table was full: a name the summary counted is not counted again */
	if (src->users_before && s->sketch && lr_sketch_name_seen(s->sketch, lr_sketch_hash(src->addr, src->addr_len), e->user_hash))
		return;
	if (!src->n_users) {
		/* the first name: the sample is just it (one-off sources are most of them) */
		src->user_hash0 = e->user_hash;
		src->n_users = 1;
		k = sample_name(name, e->user, e->user_len, e->flags & LRE_INVALID_USER);
		src->users_sample = arena_strndup(mem(s), name, k);
		src->n_sample = 1;
		return;
	}
	if (!src->user_hash) {
		char *sample = arena_zalloc(mem(s), USERS_SAMPLE_MAX + 1);

		snprintf(sample, USERS_SAMPLE_MAX + 1, "%s", src->users_sample);
		src->users_sample = sample;
		src->user_hash = arena_zalloc(mem(s), (LR_SPRAY_KEEP - 1) * sizeof(*src->user_hash));
	}
	src->user_hash[src->n_users++ - 1] = e->user_hash;
	if (src->n_users > USERS_SAMPLE)
		return;
	have = strlen(src->users_sample);
	k = sample_name(name, e->user, e->user_len, e->flags & LRE_INVALID_USER);
	if (have + k + 2 > USERS_SAMPLE_MAX)
		return;
	if (have)
		memcpy(src->users_sample + have, ", ", 2), have += 2;
	memcpy(src->users_sample + have, name, k);
	src->users_sample[have + k] = '\0';
	src->n_sample++;
}

/* ------------------------------------------------------------------ counting, on any thread */

void lr_tally_init(const struct logreview *lr, struct lr_tally *ty)
{
	memset(ty, 0, sizeof(*ty));
	/* a cache line of room on each side: other threads count into their own arrays next to it */
	ty->days_mem = xcalloc(lr->n_days * LRT__COUNT + 16, sizeof(*ty->days));
	ty->days = ty->days_mem + 8;
}

void lr_tally_done(struct logreview *lr, struct lr_tally *ty)
{
	size_t i, k;

	lr->lines += ty->lines;
	lr->cut_lines += ty->cut_lines;
	lr->no_time += ty->no_time;
	lr->unknown += ty->unknown;
	lr->unknown_window += ty->unknown_window;
	lr->lines_window += ty->lines_window;
	lr->fw_blocked += ty->fw_blocked;
	for (k = 0; k < LM__COUNT; k++)
		lr->by_kind[k] += ty->by_kind[k];
	for (i = 0; i < lr->n_days; i++)
		for (k = 0; k < LRT__COUNT; k++)
			lr->days[i].n[k] += ty->days[i * LRT__COUNT + k];
	if (ty->any_time) {
		if (!lr->any_time || ty->first_t < lr->first_t)
			lr->first_t = ty->first_t;
		if (!lr->any_time || ty->last_t > lr->last_t)
			lr->last_t = ty->last_t;
		lr->any_time = true;
	}
	if (ty->has_baseline)
		lr->has_baseline = true;
	free(ty->days_mem);
	memset(ty, 0, sizeof(*ty));
}

/* The timeline row of t (s's cache: the thread's, or the one folding in order), or -1. */
static long day_row(struct state *s, int64_t t)
{
	const struct logreview *lr = s->lr;
	int64_t minute = lr_floor_div(t, 60);

	if (!lr->n_days)
		return -1;
	if (minute != s->day_key) {
		s->day_idx = lr_local_day(s, t) - lr->days[0].day;
		/* with an offset of whole minutes (all but old local mean times) the day is the same all minute */
		s->day_key = offset_at(s, t) % 60 == 0 ? minute : INT64_MIN;
	}
	return s->day_idx >= 0 && (size_t)s->day_idx < lr->n_days ? s->day_idx : -1;
}

static void day_count(struct state *s, int64_t t, enum lr_tl k, uint64_t n)
{
	long d = day_row(s, t);

	if (d >= 0)
		s->tally->days[(size_t)d * LRT__COUNT + k] += n;
}

bool lr_tally_time(struct state *s, int64_t t)
{
	const struct logreview *lr = s->lr;
	struct lr_tally *ty = s->tally;

	if (!ty->any_time || t < ty->first_t)
		ty->first_t = t;
	if (!ty->any_time || t > ty->last_t)
		ty->last_t = t;
	ty->any_time = true;
	if (t < lr->baseline_since || t >= lr->until)
		return false;
	if (t < lr->since)
		ty->has_baseline = true;
	{
		size_t h = (size_t)((t - lr->baseline_since) / 3600);
		/* threads may set the same byte: to 1, relaxed; once per hour, source and thread */
		if (h < s->n_hours && (h + 1 != ty->last_hour || s->fam_hours != ty->last_fam)) {
			__atomic_store_n(&s->hours[h], 1, __ATOMIC_RELAXED);
			if (s->fam_hours)
				__atomic_store_n(&s->fam_hours[h], 1, __ATOMIC_RELAXED);
			ty->last_hour = h + 1;
			ty->last_fam = s->fam_hours;
		}
	}
	return true;
}

/* An event about a remote source, carried with its hash (and the user's, for the names tried in the window). */
static bool src_event(struct lr_event *e, const struct logmsg *m)
{
	if (!m->src.len || m->src.len > LOGMSG_MAX_ADDR)
		return false;
	e->src = m->src.p;
	e->src_len = (uint8_t)m->src.len;
	e->src_hash = hash_span(m->src);
	e->user = m->user.p;
	e->user_len = (uint16_t)m->user.len;
	e->user_hash = e->flags & LRE_WINDOW ? hash_span(m->user) : 0;
	return true;
}

bool lr_classify(struct state *s, int64_t t, const struct logmsg *m, struct lr_event *e)
{
	const struct logreview *lr = s->lr;
	struct lr_tally *ty = s->tally;
	bool in_window = t >= lr->since && t < lr->until;
	bool in_baseline = t >= lr->baseline_since && t < lr->since;

	ty->by_kind[m->kind] += m->count;
	if (m->kind == LM_UNKNOWN)
		ty->unknown++;
	if (in_window) {
		ty->lines_window++;
		ty->unknown_window += m->kind == LM_UNKNOWN;
		day_count(s, t, LRT_LINES, 1);
	}
	e->t = t;
	e->kind = (uint8_t)m->kind;
	e->count = m->count;
	e->flags = (in_window ? LRE_WINDOW : 0) | (in_baseline ? LRE_BASELINE : 0) |
		   (m->invalid_user ? LRE_INVALID_USER : 0);
	e->full = false;
	e->src_len = 0;
	e->user_len = 0;
	switch (m->kind) {
	case LM_PAM_FAIL:
		/* Dovecot's and Postfix's own lines count their attempts; their PAM lines come from another process */
		if (m->svc == LS_DOVECOT || m->svc == LS_POSTFIX)
			return false;
		/* sshd's own line counts an attempt whose PAM line cannot be paired with it (no pid) */
		if (m->svc == LS_SSHD && !e->pid)
			return false;
		/* fall through */
	case LM_AUTH_FAIL:
	case LM_VPN_FAIL:
		e->svc = (uint8_t)m->svc;
		e->pair = (uint8_t)m->pair;
		/*
		 * vsftpd's lines of one attempt share no pid (its PAM line has none, its own line names
		 * another process) and come from two files: they pair by source (pid 0, src_paired_count),
		 * so vsftpd.log read with auth.log counts each attempt once
		 */
		if (m->svc == LS_VSFTPD && m->pair != LP_NONE)
			e->pid = 0;
		else if (m->pair == LP_NONE || !e->pid)
			e->pair = LP_NONE;
		if (e->pair != LP_NONE && m->pair != LP_OWN && in_window && src_event(e, m))
			return true;	/* a PAM line: on the timeline when it adds to its attempt (lr_take_event) */
		if (in_window)
			day_count(s, t, m->kind == LM_VPN_FAIL ? LRT_VPN_FAIL : LRT_AUTH_FAIL, m->count);
		/* an appliance's failure: lr_take_event names the vendor and the device in the evidence */
		if (m->svc >= LS_FORTIGATE && logvpn_is_appliance(m->svc))
			e->full = true;
		return src_event(e, m);
	case LM_SU_FAIL:
	case LM_SUDO_FAIL:
		if (in_window)
			day_count(s, t, LRT_AUTH_FAIL, m->count);
		return false;
	case LM_AUTH_MAXTRIES:
		if (!in_window)
			return false;
		if (src_event(e, m))
			return true;
		/* a lock-out (pam_faillock, pam_tally2) names the account, not a source: listed as it is */
		e->full = m->user.len > 0;
		return e->full;
	case LM_PROBE:
		e->svc = (uint8_t)m->svc;	/* the services a scanner probed are named */
		return in_window && src_event(e, m);
	case LM_AUTH_OK:
	case LM_VPN_OK:
	case LM_SU_OK:
		if (in_window)
			day_count(s, t, m->kind == LM_VPN_OK ? LRT_VPN_OK : m->kind == LM_SU_OK ? LRT_PRIV : LRT_LOGIN, 1);
		src_event(e, m);
		e->full = true;
		return in_window || (in_baseline && e->src_len);
	case LM_SUDO_CMD:
		if (in_window)
			day_count(s, t, LRT_PRIV, 1);
		return false;
	case LM_USER_NEW:
	case LM_GROUP_NEW:
	case LM_GROUP_ADD:
	case LM_PASSWD_CHANGE:
	case LM_USER_DEL:
		if (!in_window)
			return false;
		day_count(s, t, LRT_ACCOUNT, 1);
		e->full = true;
		return true;
	case LM_FW_BLOCK:
		if (!in_window)
			return false;
		day_count(s, t, LRT_FW_BLOCK, m->count);
		ty->fw_blocked += m->count;
		e->full = true;
		return true;
	case LM_USER_ENABLED:
	case LM_USER_CHANGED:
	case LM_USER_LOCKED:
	case LM_SERVICE_NEW:
	case LM_TASK_NEW:
		if (!in_window)
			return false;
		if (m->kind != LM_SERVICE_NEW && m->kind != LM_TASK_NEW)
			day_count(s, t, LRT_ACCOUNT, 1);
		e->full = true;
		return true;
	case LM_PRIV_LOGON:
		if (in_window)
			day_count(s, t, LRT_PRIV, 1);
		return false;
	case LM_LOG_CLEARED:
		e->full = true;
		return in_window;
	case LM_FW_ALLOW:
		if (!in_window)
			return false;
		day_count(s, t, LRT_FW_ALLOW, m->count);
		/* inbound: a kernel LOG line with IN= and no OUT=, or an appliance's from an outside address */
		if (!((m->inbound || (m->iface_in.len && !m->iface_out.len)) && logreview_risky_port(m->dport)))
			return false;
		if (m->inbound && s->n_inside && logvpn_in_nets(m->src, s->inside, s->n_inside))
			return false;
		src_event(e, m);
		e->full = true;
		return true;
	default:
		return false;
	}
}

/* ------------------------------------------------------------------ events, in order */

/*
 * How many attempts a line adds when the lines of one attempt are paired
 * (logmsg_pair): the most lines of one kind that the process wrote for the
 * source, so "pam_unix ... authentication failure" and "Failed password" of
 * one sshd count once, and "PAM 2 more authentication failures" adds nothing
 * after three "Failed password" lines.
 */
static uint32_t paired_count(struct state *s, const struct lr_event *e)
{
	/*
	 * sshd's lines pair by source alone: for keyboard-interactive its PAM module writes from a
	 * child process that sshd starts for each attempt, and sshd's own lines from the monitor.
	 * Connections of one source at once count right all the same: each attempt writes one line
	 * of each kind, whichever connection it belongs to. The others pair by process and source.
	 */
	uint32_t id = e->svc == LS_SSHD ? 0 : e->pid, key = e->svc == LS_SSHD ? e->src_hash : e->pid;
	struct lr_pair *p = NULL, *set;
	uint32_t before = 0, now = 0;
	unsigned k;

	if (!s->pairs)
		s->pairs = xcalloc(LR_PAIR_SLOTS, sizeof(*s->pairs));
	/*
	 * a set of LR_PAIR_WAYS slots: attempts at once whose keys fall in one set each keep theirs
	 * (with one slot, the second took the first's, and the first's own line counted again)
	 */
	set = &s->pairs[(key ^ (key >> 12)) % (LR_PAIR_SLOTS / LR_PAIR_WAYS) * LR_PAIR_WAYS];
	for (k = 0; k < LR_PAIR_WAYS; k++)
		if (set[k].pid == id && set[k].src_hash == e->src_hash && set[k].svc == e->svc && e->t >= set[k].t &&
		    e->t - set[k].t <= LR_PAIR_SECONDS) {
			p = &set[k];
			break;
		}
	if (!p) {
		/*
		 * sshd's own line comes after the PAM lines of its attempt, and "PAM N more" only after a
		 * first PAM line: without one before it, it stands alone (the common case, kept cheap)
		 */
		if (e->pair == LP_OWN)
			return e->count;
		/* the slot of the attempt seen longest ago */
		p = &set[0];
		for (k = 1; k < LR_PAIR_WAYS; k++)
			if (set[k].t < p->t)
				p = &set[k];
		memset(p, 0, sizeof(*p));
		p->pid = id;
		p->src_hash = e->src_hash;
		p->svc = e->svc;
	}
	p->t = e->t;
	for (k = 0; k < LP__COUNT; k++)
		if (p->n[k] > before)
			before = p->n[k];
	p->n[e->pair] += e->count;
	for (k = 0; k < LP__COUNT; k++)
		if (p->n[k] > now)
			now = p->n[k];
	return now - before;
}

/*
 * The same for lines paired by source alone (pid 0: vsftpd's own line and its PAM line, which
 * come from two files read one after the other, vsftpd.log and auth.log, in any order): a line
 * pairs with an unpaired line of the other kind from the same source within LR_SRCPAIR_HOURS
 * (vsftpd writes its own file in UTC unless use_localtime=YES, syslog in local time), and only
 * what finds no partner counts. So a file named first, or an older one, takes nothing from the
 * attempts of another time.
 */
#define LR_SRCPAIR_HOURS 15
#define LR_SRCPAIR_MAX 16

static int64_t hours_apart(int64_t a, int64_t b)
{
	return a > b ? a - b : b - a;
}

static uint32_t src_paired_count(struct state *s, struct lr_source *src, const struct lr_event *e)
{
	int64_t h = e->t / 3600;
	bool own = e->pair == LP_OWN;
	uint32_t n = e->count;
	struct lr_srcpair *b = NULL;
	uint8_t i;

	for (i = 0; i < src->n_sp && n; i++) {
		struct lr_srcpair *x = &src->sp[i];
		uint32_t *other = own ? &x->pam : &x->own, take;

		if (hours_apart(x->hour, h) > LR_SRCPAIR_HOURS)
			continue;
		take = *other < n ? *other : n;
		*other -= take;
		n -= take;
	}
	if (!n)
		return 0;
	if (!src->sp)
		src->sp = arena_zalloc(mem(s), LR_SRCPAIR_MAX * sizeof(*src->sp));
	for (i = 0; i < src->n_sp && !b; i++)
		if (src->sp[i].hour == h)
			b = &src->sp[i];
	if (!b && src->n_sp < LR_SRCPAIR_MAX)
		b = &src->sp[src->n_sp++];
	if (!b) {
		/* full: the hour farthest from this one gives up its unpaired lines (they stay counted) */
		b = &src->sp[0];
		for (i = 1; i < src->n_sp; i++)
			if (hours_apart(src->sp[i].hour, h) > hours_apart(b->hour, h))
				b = &src->sp[i];
	}
	if (b->hour != h)
		*b = (struct lr_srcpair){ .hour = h };
	*(own ? &b->own : &b->pam) += n;
	return n;
}

/*
 * The timeline of paired failures, corrected in order (the parsing threads
 * cannot pair): a PAM line adds what it adds to its attempt; a daemon's own
 * line, counted whole where it was parsed, takes back what it did not add.
 * n is added modulo 2^64 (a correction is "negative"): the tallies of the
 * parsing threads are added to lr->days at the end, and the sum is right.
 */
static void day_correct(struct state *s, int64_t t, uint64_t n)
{
	long d = day_row(s, t);

	if (d >= 0)
		s->lr->days[d].n[LRT_AUTH_FAIL] += n;
}

static void fail_event(struct state *s, const struct lr_event *e)
{
	struct lr_source *src = source(s, e);
	uint32_t n = e->count;

	if (!src)
		return;
	if (e->pair != LP_NONE) {
		n = e->pid ? paired_count(s, e) : src_paired_count(s, src, e);
		if (n != (e->pair == LP_OWN ? e->count : 0) && (e->flags & LRE_WINDOW))
			day_correct(s, e->t, (uint64_t)n - (e->pair == LP_OWN ? e->count : 0));
	}
	if (!n) {
		/* another line of an attempt already counted: what it adds is the name tried */
		if (e->flags & LRE_WINDOW) {
			if (e->flags & LRE_INVALID_USER)
				src->invalid_users = true;
			add_user(s, src, e);
		}
		return;
	}
	src->fail_total += n;
	src->last_fail = e->t;
	if (e->svc < 32)
		src->svcs |= 1u << e->svc;
	if (!(e->flags & LRE_WINDOW))
		return;
	/* the earliest and the latest, whatever order the files were read in */
	if (!src->fail_window || e->t < src->first_fail) {
		src->first_fail = e->t;
		src->first_fail_where = where_now(s);
	}
	if (!src->latest_fail || e->t > src->latest_fail)
		src->latest_fail = e->t;
	src->fail_window += n;
	if (e->flags & LRE_INVALID_USER)
		src->invalid_users = true;
	if (e->kind == LM_VPN_FAIL)
		src->vpn = true;
	add_user(s, src, e);
}

static bool mail_svc(enum logmsg_svc v)
{
	return v == LS_POSTFIX || v == LS_DOVECOT || v == LS_EXIM || v == LS_COURIER;
}

char *logreview_svcs_text(uint32_t svcs)
{
	struct strbuf b = STRBUF_INIT;
	unsigned k;

	/* TRANSLATORS: between the items of a list ("sshd, dovecot, postfix"); Japanese writes 、 */
	const char *sep = _(", ");

	for (k = 0; k < LS__COUNT && k < 32; k++)
		if (svcs & (1u << k))
			strbuf_addf(&b, "%s%s", b.len ? sep : "", logmsg_svc_name((enum logmsg_svc)k));
	return strbuf_detach(&b, NULL);
}

static void login_event(struct state *s, const struct lr_event *e, const struct logmsg *m, struct span msg,
			bool cut)
{
	struct logreview *lr = s->lr;
	struct lr_source *src = source(s, e);
	struct lr_login *l;
	int64_t t = e->t;
	int32_t off;
	int hour;

	/* a mail client logs in all day: a mail login matters after failures from its source (LOG-0030) */
	if (mail_svc(m->svc) && (!(e->flags & LRE_WINDOW) || !src || !src->fail_total))
		return;
	if ((e->flags & LRE_BASELINE) && src) {
		if (m->kind == LM_VPN_OK)
			src->vpn_ok_baseline = true;
		else
			src->ok_baseline = true;
	}
	if (!(e->flags & LRE_WINDOW))
		return;
	if (lr->n_logins >= LR_MAX_LISTED) {
		lr->logins_dropped++;
		return;
	}
	ALLOC_GROW(lr->logins, lr->n_logins + 1, s->alloc_logins);
	l = &lr->logins[lr->n_logins++];
	memset(l, 0, sizeof(*l));
	make_ev(s, &l->ev, t, msg, cut);
	l->kind = m->kind;
	l->svc = m->svc;
	if (m->kind == LM_SU_OK) {
		l->user = span_dup(s, m->target);	/* who the session is for */
		l->src = m->user.len ? text_dup(s, "su by ", 6, span_dup(s, m->user))
				     : arena_strdup(mem(s), "su");
		l->method = arena_strdup(mem(s), "su");
	} else {
		l->user = span_dup(s, m->user);
		l->src = span_dup(s, m->src);
		l->method = span_dup(s, m->method);
	}
	l->root = strcmp(l->user, "root") == 0;
	if (src) {
		l->prior_failures = src->fail_total;
		l->prior_estimated = src->fails_before != 0;
		l->prior_svcs = src->svcs;
		l->last_fail = src->last_fail;
	} else if (s->sketch && e->src_len) {
		l->prior_failures = untracked_failures(s, e);
		l->prior_estimated = true;
	}
	off = offset_at(s, t);
	hour = (int)(lr_floor_div(t + off, 3600) % 24);
	l->local_hour = hour;
	if (s->o->night_start > s->o->night_end)
		l->night = hour >= (int)s->o->night_start || hour < (int)s->o->night_end;
	else
		l->night = hour >= (int)s->o->night_start && hour < (int)s->o->night_end;
}

/*
 * An account change, a service or task installed (Windows), a log cleared (Windows, 1102/104): each
 * listed apart (lr->accounts, lr->persist, lr->cleared) with what it touched and who did it.
 */
static void listed_event(struct state *s, struct lr_account **list, size_t *n, size_t *alloc, const struct lr_event *e,
			 const struct logmsg *m, struct span msg, bool cut)
{
	struct lr_account *a;

	if (*n >= LR_MAX_LISTED)
		return;
	ALLOC_GROW(*list, *n + 1, *alloc);
	a = &(*list)[(*n)++];
	memset(a, 0, sizeof(*a));
	make_ev(s, &a->ev, e->t, msg, cut);
	a->kind = m->kind;
	a->target = span_dup(s, m->target);
	a->group = span_dup(s, m->group);
	a->by = span_dup(s, m->user);
}

static void account_event(struct state *s, const struct lr_event *e, const struct logmsg *m, struct span msg,
			  bool cut)
{
	listed_event(s, &s->lr->accounts, &s->lr->n_accounts, &s->alloc_accounts, e, m, msg, cut);
}

static void blocked_event(struct state *s, const struct logmsg *m)
{
	struct logreview *lr = s->lr;
	uint64_t *c;
	char key[LOGMSG_MAX_ADDR + 1];

	if (m->dport)
		s->fw_port[m->dport] += m->count;
	memcpy(key, m->src.p, m->src.len);
	key[m->src.len] = '\0';
	c = g_hash_table_lookup(s->fw_src, key);
	if (!c) {
		if ((size_t)g_hash_table_size(s->fw_src) >= s->max_sources) {
			lr->fw_sources_dropped += m->count;
			return;
		}
		c = xcalloc(1, sizeof(*c));
		g_hash_table_insert(s->fw_src, xstrdup(key), c);
	}
	*c += m->count;
}

/* Accepted inbound to a risky port (lr_classify let only those through). */
static void allowed_event(struct state *s, const struct lr_event *e, const struct logmsg *m, struct span msg,
			  bool cut)
{
	struct logreview *lr = s->lr;
	char *key = xasprintf("%.*s|%u", (int)m->src.len, m->src.p, (unsigned)m->dport);
	size_t idx = GPOINTER_TO_SIZE(g_hash_table_lookup(s->fw_allow, key));
	struct lr_fw_allow *f;

	if (idx) {
		lr->fw_allow[idx - 1].count += m->count;
		free(key);
		return;
	}
	if (lr->n_fw_allow >= LR_MAX_LISTED) {
		free(key);
		return;
	}
	ALLOC_GROW(lr->fw_allow, lr->n_fw_allow + 1, s->alloc_fw_allow);
	f = &lr->fw_allow[lr->n_fw_allow++];
	memset(f, 0, sizeof(*f));
	make_ev(s, &f->ev, e->t, msg, cut);
	f->src = span_dup(s, m->src);
	f->dst = span_dup(s, m->dst);
	f->proto = span_dup(s, m->proto);
	f->dport = m->dport;
	f->count = m->count;
	g_hash_table_insert(s->fw_allow, key, GSIZE_TO_POINTER(lr->n_fw_allow));
}

static void backwards(struct state *s, int64_t from, int64_t to)
{
	struct lr_integrity *i = lr_add_integrity(s, LRI_BACKWARDS, s->path ? s->path : "journal");

	if (i) {
		i->t = from;
		i->t2 = to;
		i->where = xstrdup(where_now(s));
	}
}

void lr_take_time(struct state *s, int64_t t)
{
	if (s->prev_t && t + (int64_t)s->o->backwards_seconds < s->prev_t)
		backwards(s, s->prev_t, t);
	s->prev_t = t;
}

static void lr_take_one(struct state *s, const struct lr_event *e, const struct logmsg *m, struct span msg, bool cut);

void lr_take_event(struct state *s, const struct lr_event *e, const struct logmsg *m, struct span msg, bool cut)
{
	s->appliance = e->full && m && m->svc >= LS_FORTIGATE && logvpn_is_appliance(m->svc) ? m : NULL;
	lr_take_one(s, e, m, msg, cut);
	s->appliance = NULL;
}

static void lr_take_one(struct state *s, const struct lr_event *e, const struct logmsg *m, struct span msg, bool cut)
{
	struct lr_source *src;

	switch (e->kind) {
	case LRE_BACKWARDS:
		backwards(s, e->t2, e->t);
		break;
	case LM_AUTH_FAIL:
	case LM_PAM_FAIL:
	case LM_VPN_FAIL:
		fail_event(s, e);
		break;
	case LM_AUTH_MAXTRIES:
		if (!e->src_len)
			listed_event(s, &s->lr->lockouts, &s->lr->n_lockouts, &s->alloc_lockouts, e, m, msg, cut);
		else if ((src = source(s, e)) != NULL)
			src->maxtries += e->count;
		break;
	case LM_PROBE:
		if ((src = source(s, e)) != NULL) {
			if (!src->probes)
				src->first_probe = e->t;
			src->last_probe = e->t;
			src->probes += e->count;
			if (e->svc < 32)
				src->probe_svcs |= 1u << e->svc;
			add_user(s, src, e);
			if (e->flags & LRE_INVALID_USER)
				src->invalid_users = true;
		}
		break;
	case LM_AUTH_OK:
	case LM_VPN_OK:
	case LM_SU_OK:
		login_event(s, e, m, msg, cut);
		break;
	case LM_USER_NEW:
	case LM_GROUP_NEW:
	case LM_GROUP_ADD:
	case LM_PASSWD_CHANGE:
	case LM_USER_DEL:
		account_event(s, e, m, msg, cut);
		break;
	case LM_USER_ENABLED:
	case LM_USER_CHANGED:
	case LM_USER_LOCKED:
		account_event(s, e, m, msg, cut);
		break;
	case LM_SERVICE_NEW:
	case LM_TASK_NEW:
		listed_event(s, &s->lr->persist, &s->lr->n_persist, &s->alloc_persist, e, m, msg, cut);
		break;
	case LM_LOG_CLEARED:
		listed_event(s, &s->lr->cleared, &s->lr->n_cleared, &s->alloc_cleared, e, m, msg, cut);
		break;
	case LM_FW_BLOCK:
		blocked_event(s, m);
		break;
	case LM_FW_ALLOW:
		allowed_event(s, e, m, msg, cut);
		break;
	default:
		break;
	}
}
