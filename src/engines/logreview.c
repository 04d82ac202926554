/*
 * The holiday log review (see logreview.h). One pass over each source,
 * streaming: every line is parsed (parse/syslog, parse/logmsg) and folded
 * into per-source counters and bounded lists. Times without a year
 * (RFC 3164) take theirs from the file's mtime: a month and day later in the
 * year than the mtime belong to the year before (Dec -> Jan).
 */
#include "engines/logreview.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "collect/logsrc.h"
#include "engines/logreview_priv.h"
#include "parse/syslog.h"
#include "util/xalloc.h"

#define USERS_SAMPLE 5			/* user names kept per source, for the evidence */
#define USERS_SAMPLE_MAX 200		/* bytes of that list */

struct priv {
	GTimeZone *tz;
};


/* ------------------------------------------------------------------ time */

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* UTC offset at the UTC time t (cached per hour). */
static int32_t offset_at(struct state *s, int64_t t)
{
	int64_t key = floor_div(t, 3600);

	if (key != s->u2l_key) {
		gint iv = g_time_zone_find_interval(s->tz, G_TIME_TYPE_UNIVERSAL, t);
		s->u2l_off = iv >= 0 ? g_time_zone_get_offset(s->tz, iv) : 0;
		s->u2l_key = key;
	}
	return s->u2l_off;
}

static long local_day(struct state *s, int64_t t)
{
	return (long)floor_div(t + offset_at(s, t), 86400);
}

/* A local civil time to UTC (cached per local hour). */
static int64_t local_to_utc(struct state *s, int y, int mo, int d, int h, int mi, int se)
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

static void set_reference(struct state *s, int64_t mtime)
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
		*t = local_to_utc(s, h->year, h->mon, h->mday, h->hour, h->min, h->sec);
		return true;
	case SYSLOG_TS_NOYEAR:
		/* a month and day after the file's mtime (one day of slack) is from the year before */
		y = doy(h->mon, h->mday) <= s->ref_doy + 1 ? s->ref_year : s->ref_year - 1;
		if (!syslog_valid_date(y, h->mon, h->mday))
			return false; /* Feb 29 of a year that has none */
		*t = local_to_utc(s, y, h->mon, h->mday, h->hour, h->min, h->sec);
		return true;
	default:
		return false;
	}
}

void logreview_fmt_time(const struct logreview *lr, int64_t t, char *buf, size_t size)
{
	const struct priv *p = lr->priv;
	GDateTime *dt = NULL;
	gchar *txt;

	if (p && p->tz) {
		GDateTime *u = g_date_time_new_from_unix_utc(t);
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
		[LRT_LINES] = "lines", [LRT_AUTH_FAIL] = "auth_failures", [LRT_LOGIN] = "logins",
		[LRT_PRIV] = "privilege_use", [LRT_ACCOUNT] = "account_changes", [LRT_VPN_OK] = "vpn_logins",
		[LRT_VPN_FAIL] = "vpn_failures", [LRT_FW_BLOCK] = "firewall_blocked",
		[LRT_FW_ALLOW] = "firewall_allowed",
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
}

/* ------------------------------------------------------------------ small helpers */

static char *span_dup(struct span s)
{
	return xstrndup(s.p, s.len);
}

static uint32_t fnv(struct span s)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < s.len; i++)
		h = (h ^ (unsigned char)s.p[i]) * 16777619u;
	return h;
}

static char *where_now(struct state *s)
{
	if (s->je) {
		char *c = logsrc_journal_cursor(s->je);
		char *w = xasprintf("journal %s", c ? c : "?");
		free(c);
		return w;
	}
	return xasprintf("%s:%llu", s->path, (unsigned long long)s->lineno);
}

/* The message as evidence: at most LR_SHOW_LINE bytes, then a marker. */
static char *show_line(struct span m, bool cut)
{
	if (m.len > LR_SHOW_LINE || cut) {
		size_t n = m.len > LR_SHOW_LINE ? LR_SHOW_LINE : m.len;
		/* do not split a UTF-8 sequence */
		while (n > 0 && n < m.len && ((unsigned char)m.p[n] & 0xc0) == 0x80)
			n--;
		return xasprintf("%.*s [... cut]", (int)n, m.p);
	}
	return span_dup(m);
}

static void make_ev(struct state *s, struct lr_ev *ev, int64_t t, struct span msg, bool cut)
{
	ev->t = t;
	ev->where = where_now(s);
	ev->line = show_line(msg, cut);
}

static void ev_free(struct lr_ev *ev)
{
	free(ev->where);
	free(ev->line);
}

static struct lr_source *source(struct state *s, struct span addr)
{
	struct lr_source *src;
	char key[LOGMSG_MAX_ADDR + 1];

	if (!addr.len || addr.len > LOGMSG_MAX_ADDR)
		return NULL;
	memcpy(key, addr.p, addr.len);
	key[addr.len] = '\0';
	src = g_hash_table_lookup(s->src, key);
	if (src)
		return src;
	if ((size_t)g_hash_table_size(s->src) >= LR_MAX_SOURCES) {
		s->lr->sources_dropped++;
		return NULL;
	}
	src = xcalloc(1, sizeof(*src));
	src->addr = xstrdup(key);
	g_hash_table_insert(s->src, src->addr, src);
	return src;
}

static void add_user(struct lr_source *src, struct span user)
{
	uint32_t h = fnv(user), i;
	size_t have;

	if (!user.len)
		return;
	for (i = 0; i < src->n_users; i++)
		if (src->user_hash[i] == h)
			return;
	if (src->n_users >= LR_SPRAY_KEEP)
		return;
	src->user_hash[src->n_users++] = h;
	if (src->n_users > USERS_SAMPLE)
		return;
	have = src->users_sample ? strlen(src->users_sample) : 0;
	if (have + user.len + 2 > USERS_SAMPLE_MAX)
		return;
	src->users_sample = xrealloc(src->users_sample, have + user.len + 3);
	if (have)
		memcpy(src->users_sample + have, ", ", 2), have += 2;
	memcpy(src->users_sample + have, user.p, user.len);
	src->users_sample[have + user.len] = '\0';
}

/* ------------------------------------------------------------------ one event */

static void day_count(struct state *s, int64_t t, enum lr_tl k, uint64_t n)
{
	struct logreview *lr = s->lr;
	long d;

	if (!lr->n_days)
		return;
	d = local_day(s, t) - lr->days[0].day;
	if (d >= 0 && (size_t)d < lr->n_days)
		lr->days[d].n[k] += n;
}

static void fail_event(struct state *s, const struct logmsg *m, int64_t t, bool in_window, bool vpn,
		       struct span msg, bool cut)
{
	struct lr_source *src = source(s, m->src);

	(void)msg;
	(void)cut;
	if (in_window)
		day_count(s, t, vpn ? LRT_VPN_FAIL : LRT_AUTH_FAIL, m->count);
	if (!src)
		return;
	src->fail_total += m->count;
	src->last_fail = t;
	if (!in_window)
		return;
	if (!src->fail_window) {
		src->first_fail = t;
		src->first_fail_where = where_now(s);
	}
	src->fail_window += m->count;
	if (m->invalid_user)
		src->invalid_users = true;
	if (vpn)
		src->vpn = true;
	add_user(src, m->user);
}

static void login_event(struct state *s, const struct logmsg *m, int64_t t, bool in_window, bool in_baseline,
			struct span msg, bool cut)
{
	struct logreview *lr = s->lr;
	struct lr_source *src = m->src.len ? source(s, m->src) : NULL;
	struct lr_login *l;
	int32_t off;
	int hour;

	if (in_baseline && src) {
		if (m->kind == LM_VPN_OK)
			src->vpn_ok_baseline = true;
		else
			src->ok_baseline = true;
	}
	if (!in_window)
		return;
	day_count(s, t, m->kind == LM_VPN_OK ? LRT_VPN_OK : m->kind == LM_SU_OK ? LRT_PRIV : LRT_LOGIN, 1);
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
		l->user = span_dup(m->target);	/* who the session is for */
		l->src = m->user.len ? xasprintf("su by %.*s", (int)m->user.len, m->user.p) : xstrdup("su");
		l->method = xstrdup("su");
	} else {
		l->user = span_dup(m->user);
		l->src = span_dup(m->src);
		l->method = span_dup(m->method);
	}
	l->root = strcmp(l->user, "root") == 0;
	if (src) {
		l->prior_failures = src->fail_total;
		l->last_fail = src->last_fail;
	}
	off = offset_at(s, t);
	hour = (int)(floor_div(t + off, 3600) % 24);
	l->local_hour = hour;
	if (s->o->night_start > s->o->night_end)
		l->night = hour >= (int)s->o->night_start || hour < (int)s->o->night_end;
	else
		l->night = hour >= (int)s->o->night_start && hour < (int)s->o->night_end;
}

static void account_event(struct state *s, const struct logmsg *m, int64_t t, struct span msg, bool cut)
{
	struct logreview *lr = s->lr;
	struct lr_account *a;

	day_count(s, t, LRT_ACCOUNT, 1);
	if (lr->n_accounts >= LR_MAX_LISTED)
		return;
	ALLOC_GROW(lr->accounts, lr->n_accounts + 1, s->alloc_accounts);
	a = &lr->accounts[lr->n_accounts++];
	memset(a, 0, sizeof(*a));
	make_ev(s, &a->ev, t, msg, cut);
	a->kind = m->kind;
	a->target = span_dup(m->target);
	a->group = span_dup(m->group);
	a->by = span_dup(m->user);
}

static void firewall_event(struct state *s, const struct logmsg *m, int64_t t, struct span msg, bool cut)
{
	struct logreview *lr = s->lr;
	bool inbound = m->iface_in.len && !m->iface_out.len;

	if (m->kind == LM_FW_BLOCK) {
		uint64_t *c;
		char key[LOGMSG_MAX_ADDR + 1];

		day_count(s, t, LRT_FW_BLOCK, m->count);
		lr->fw_blocked += m->count;
		if (m->dport)
			s->fw_port[m->dport] += m->count;
		memcpy(key, m->src.p, m->src.len);
		key[m->src.len] = '\0';
		c = g_hash_table_lookup(s->fw_src, key);
		if (!c) {
			if ((size_t)g_hash_table_size(s->fw_src) >= LR_MAX_SOURCES) {
				lr->sources_dropped++;
				return;
			}
			c = xcalloc(1, sizeof(*c));
			g_hash_table_insert(s->fw_src, xstrdup(key), c);
		}
		*c += m->count;
		return;
	}
	if (m->kind != LM_FW_ALLOW)
		return;
	day_count(s, t, LRT_FW_ALLOW, m->count);
	if (inbound && logreview_risky_port(m->dport)) {
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
		make_ev(s, &f->ev, t, msg, cut);
		f->src = span_dup(m->src);
		f->dst = span_dup(m->dst);
		f->proto = span_dup(m->proto);
		f->dport = m->dport;
		f->count = m->count;
		g_hash_table_insert(s->fw_allow, key, GSIZE_TO_POINTER(lr->n_fw_allow));
	}
}

/* Whether a line at t is read further than its time: inside the window or the baseline before it. */
bool lr_matters(const struct logreview *lr, int64_t t)
{
	return t >= lr->baseline_since && t < lr->until;
}

/* The time bookkeeping of a line or journal entry; true when its message matters. */
bool lr_take_time(struct state *s, int64_t t)
{
	struct logreview *lr = s->lr;

	if (s->prev_t && t + (int64_t)s->o->backwards_seconds < s->prev_t) {
		struct lr_integrity *i = lr_add_integrity(s, LRI_BACKWARDS, s->path ? s->path : "journal");
		if (i) {
			i->t = s->prev_t;
			i->t2 = t;
			i->where = where_now(s);
		}
	}
	s->prev_t = t;
	if (!lr->any_time || t < lr->first_t)
		lr->first_t = t;
	if (!lr->any_time || t > lr->last_t)
		lr->last_t = t;
	lr->any_time = true;
	if (t >= lr->baseline_since && t < lr->until) {
		size_t h = (size_t)((t - lr->baseline_since) / 3600);
		if (h < s->n_hours)
			s->hours[h] = 1;
	}
	if (t >= lr->baseline_since && t < lr->since)
		lr->has_baseline = true;
	return lr_matters(lr, t);
}

/* What the message of a line that matters says (m from logmsg_parse). */
void lr_take_msg(struct state *s, int64_t t, const struct logmsg *m, struct span msg, bool cut)
{
	struct logreview *lr = s->lr;
	bool in_window = t >= lr->since && t < lr->until;
	bool in_baseline = t >= lr->baseline_since && t < lr->since;

	lr->by_kind[m->kind] += m->count;
	if (m->kind == LM_UNKNOWN)
		lr->unknown++;
	if (in_window) {
		lr->lines_window++;
		day_count(s, t, LRT_LINES, 1);
	}
	switch (m->kind) {
	case LM_AUTH_FAIL:
		fail_event(s, m, t, in_window, false, msg, cut);
		break;
	case LM_PAM_FAIL:
		/* sshd logs its own "Failed ..." line for the same attempt */
		if (m->svc != LS_SSHD && !(m->pam_svc.len == 4 && memcmp(m->pam_svc.p, "sshd", 4) == 0))
			fail_event(s, m, t, in_window, false, msg, cut);
		break;
	case LM_VPN_FAIL:
		fail_event(s, m, t, in_window, true, msg, cut);
		break;
	case LM_SU_FAIL:
	case LM_SUDO_FAIL:
		if (in_window)
			day_count(s, t, LRT_AUTH_FAIL, m->count);
		break;
	case LM_AUTH_MAXTRIES: {
		struct lr_source *src = in_window ? source(s, m->src) : NULL;
		if (src)
			src->maxtries += m->count;
		break;
	}
	case LM_PROBE:
		if (in_window && m->user.len) {
			struct lr_source *src = source(s, m->src);
			if (src) {
				add_user(src, m->user);
				src->invalid_users = true;
			}
		}
		break;
	case LM_AUTH_OK:
	case LM_VPN_OK:
	case LM_SU_OK:
		login_event(s, m, t, in_window, in_baseline, msg, cut);
		break;
	case LM_SUDO_CMD:
		if (in_window)
			day_count(s, t, LRT_PRIV, 1);
		break;
	case LM_USER_NEW:
	case LM_GROUP_NEW:
	case LM_GROUP_ADD:
	case LM_PASSWD_CHANGE:
	case LM_USER_DEL:
		if (in_window)
			account_event(s, m, t, msg, cut);
		break;
	case LM_FW_BLOCK:
	case LM_FW_ALLOW:
		if (in_window)
			firewall_event(s, m, t, msg, cut);
		break;
	default:
		break;
	}
}

/* One line or journal entry with its time. */
static void handle(struct state *s, int64_t t, struct span prog, struct span msg, bool cut)
{
	struct logmsg m;

	if (!lr_take_time(s, t))
		return;
	logmsg_parse(prog, msg, &m);
	lr_take_msg(s, t, &m, msg, cut);
}

/* ------------------------------------------------------------------ sources */

static int on_entry(void *arg, const struct logsrc_jentry *e)
{
	struct state *s = arg;

	s->je = e;
	s->lr->lines++;
	if (e->cut)
		s->lr->cut_lines++;
	handle(s, floor_div(e->usec, 1000000), SPAN(e->prog, e->prog_len), SPAN(e->msg, e->msg_len), e->cut);
	s->je = NULL;
	return 0;
}

static void read_file(struct state *s, const struct logsrc_file *f)
{
	struct logreview *lr = s->lr;
	struct err e = { 0 };

	s->path = f->path;
	s->prev_t = 0;
	set_reference(s, (int64_t)f->st.st_mtime);
	lr->read_files = xrealloc(lr->read_files, st_mult(lr->n_read_files + 1, sizeof(*lr->read_files)));
	lr->read_files[lr->n_read_files++] = xstrdup(f->path);
	if (lr_read_lines(s, f, &e) < 0) {
		struct lr_integrity *i = lr_add_integrity(s, LRI_READ_ERROR, f->path);
		if (i)
			i->where = xstrdup(e.msg);
	}
	s->path = NULL;
}

static void read_journal(struct state *s)
{
	struct logreview *lr = s->lr;
	struct logsrc_jstats js;
	struct err e = { 0 };
	int ret;

	s->prev_t = 0;
	ret = logsrc_read_journal(s->root, s->o->journal_dir, lr->baseline_since * 1000000, on_entry, s, &js, &e);
	if (ret == -ENOENT && s->o->journal == LR_JOURNAL_AUTO)
		return;
	lr->read_files = xrealloc(lr->read_files, st_mult(lr->n_read_files + 1, sizeof(*lr->read_files)));
	lr->read_files[lr->n_read_files++] = xstrdup(s->o->journal_dir ? s->o->journal_dir : "journal");
	if (ret < 0) {
		struct lr_integrity *i = lr_add_integrity(s, LRI_READ_ERROR, s->o->journal_dir ? s->o->journal_dir : "journal");
		if (i)
			i->where = xstrdup(e.msg);
		return;
	}
	lr->used_journal = true;
	if (js.errors || js.corrupt_files) {
		struct lr_integrity *i = lr_add_integrity(s, LRI_JOURNAL, s->o->journal_dir ? s->o->journal_dir : "journal");
		if (i) {
			i->a = (int64_t)js.errors;
			i->b = (int64_t)js.corrupt_files;
			i->where = xstrdup(js.first_error);
		}
	}
}

/* ------------------------------------------------------------------ after reading */

static int cmp_source(const void *a, const void *b)
{
	const struct lr_source *x = *(struct lr_source *const *)a, *y = *(struct lr_source *const *)b;

	if (x->fail_window != y->fail_window)
		return x->fail_window > y->fail_window ? -1 : 1;
	return strcmp(x->addr, y->addr);
}

static void top_insert(struct lr_count *top, size_t *n, const char *key, uint64_t count)
{
	size_t i, pos;

	if (*n == LR_TOP && top[LR_TOP - 1].n >= count)
		return;
	for (pos = 0; pos < *n && top[pos].n >= count; pos++)
		;
	if (*n == LR_TOP)
		free(top[LR_TOP - 1].key);
	else
		(*n)++;
	for (i = *n - 1; i > pos; i--)
		top[i] = top[i - 1];
	top[pos].key = xstrdup(key);
	top[pos].n = count;
}

static void finish_sources(struct state *s)
{
	struct logreview *lr = s->lr;
	GHashTableIter it;
	gpointer k, v;
	size_t i;

	g_hash_table_iter_init(&it, s->src);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct lr_source *src = v;
		if (src->fail_window || src->maxtries) {
			lr->sources = xrealloc(lr->sources, st_mult(lr->n_sources + 1, sizeof(*lr->sources)));
			lr->sources[lr->n_sources++] = src;
		}
	}
	if (lr->n_sources)
		qsort(lr->sources, lr->n_sources, sizeof(*lr->sources), cmp_source);
	for (i = 0; i < lr->n_logins; i++) {
		struct lr_login *l = &lr->logins[i];
		struct lr_source *src = l->kind != LM_SU_OK && l->src[0] ? g_hash_table_lookup(s->src, l->src) : NULL;

		if (l->kind == LM_SU_OK || !l->src[0])
			continue;
		l->new_source = !src || !(l->kind == LM_VPN_OK ? src->vpn_ok_baseline : src->ok_baseline);
	}
	g_hash_table_iter_init(&it, s->fw_src);
	while (g_hash_table_iter_next(&it, &k, &v))
		top_insert(lr->fw_top_src, &lr->n_fw_top_src, k, *(uint64_t *)v);
	for (i = 1; i < 65536; i++) {
		if (s->fw_port[i]) {
			char key[8];
			snprintf(key, sizeof(key), "%zu", i);
			top_insert(lr->fw_top_port, &lr->n_fw_top_port, key, s->fw_port[i]);
		}
	}
}

/* ------------------------------------------------------------------ the run */

static bool has_auth_log(const struct logsrc_files *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		const char *b = strrchr(fs->v[i].family, '/');
		b = b ? b + 1 : fs->v[i].family;
		if (strcmp(b, "auth.log") == 0 || strcmp(b, "secure") == 0)
			return true;
	}
	return false;
}

static int open_tz(struct root *r, const char *name, struct logreview *lr, GTimeZone **out, struct err *err)
{
	char *guess = name ? NULL : logsrc_timezone(r);
	const char *use = name ? name : guess ? guess : "UTC";
	GTimeZone *tz = g_time_zone_new_identifier(use);

	if (!tz) {
		int ret = err_set(err, -EINVAL, "unknown time zone '%s'", use);
		free(guess);
		return ret;
	}
	lr->tz = xstrdup(use);
	free(guess);
	*out = tz;
	return 0;
}

static gboolean kept_source(gpointer k, gpointer v, gpointer arg)
{
	const struct lr_source *src = v;

	(void)k;
	(void)arg;
	return src->fail_window || src->maxtries;
}

static void free_source(gpointer p)
{
	struct lr_source *src = p;

	free(src->addr);
	free(src->users_sample);
	free(src->first_fail_where);
	free(src);
}

int logreview_run(struct root *r, const struct logreview_opts *o, struct logreview *out, struct err *err)
{
	struct logreview lr = { 0 };
	struct logsrc_files fs = { 0 };
	struct state s = { 0 };
	struct priv *p = xcalloc(1, sizeof(*p));
	long d0, d1, d;
	size_t i, alloc = 0;
	int ret;

	lr.priv = p;
	s.o = o;
	s.lr = &lr;
	s.root = r;
	s.l2u_key = s.u2l_key = INT64_MIN;
	ret = open_tz(r, o->tz, &lr, &s.tz, err);
	if (ret < 0)
		goto fail;
	p->tz = s.tz;
	/* the window */
	if (o->since || o->until) {
		lr.since = o->since;
		lr.until = o->until ? o->until : o->now;
	} else if (o->has_holiday) {
		GDateTime *x = g_date_time_new_from_unix_utc((gint64)o->holiday_start_days * 86400);
		GDateTime *y = g_date_time_new_from_unix_utc((gint64)(o->holiday_end_days + 1) * 86400);

		if (!x || !y) {
			if (x)
				g_date_time_unref(x);
			if (y)
				g_date_time_unref(y);
			ret = err_set(err, -EINVAL, "the holiday dates are out of range");
			goto fail;
		}
		lr.since = local_to_utc(&s, g_date_time_get_year(x), g_date_time_get_month(x),
					g_date_time_get_day_of_month(x), 0, 0, 0);
		lr.until = local_to_utc(&s, g_date_time_get_year(y), g_date_time_get_month(y),
					g_date_time_get_day_of_month(y), 0, 0, 0);
		g_date_time_unref(x);
		g_date_time_unref(y);
	} else {
		lr.until = o->now;
		lr.since = o->now - 7 * 86400;
	}
	if (lr.until <= lr.since) {
		ret = err_set(err, -EINVAL, "the review window is empty (it ends before it starts)");
		goto fail;
	}
	if (lr.until - lr.since > (int64_t)LR_MAX_DAYS * 86400) {
		ret = err_set(err, -EINVAL, "the review window is longer than %d days", LR_MAX_DAYS);
		goto fail;
	}
	lr.baseline_since = lr.since - (int64_t)o->baseline_days * 86400;
	s.n_hours = (size_t)((lr.until - lr.baseline_since) / 3600) + 1;
	s.hours = xcalloc(s.n_hours, 1);
	d0 = local_day(&s, lr.since);
	d1 = local_day(&s, lr.until - 1);
	lr.n_days = (size_t)(d1 - d0 + 1);
	lr.days = xcalloc(lr.n_days, sizeof(*lr.days));
	for (d = d0; d <= d1; d++)
		lr.days[d - d0].day = d;
	s.src = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, free_source);
	s.fw_src = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
	s.fw_allow = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	s.fw_port = xcalloc(65536, sizeof(*s.fw_port));

	/* the sources */
	if (o->n_files) {
		for (i = 0; i < o->n_files; i++) {
			struct logsrc_file f;
			struct err e = { 0 };

			if (logsrc_stat_file(r, o->files[i], &f, &e) < 0) {
				ret = err_set(err, e.code ? e.code : -EINVAL, "%s", e.msg);
				goto fail_tables;
			}
			ALLOC_GROW(fs.v, fs.n + 1, alloc);
			fs.v[fs.n++] = f;
		}
	} else {
		ret = logsrc_find(r, &fs, err);
		if (ret < 0)
			goto fail_tables;
		for (i = 0; i < fs.n_missing; i++)
			lr_add_integrity(&s, LRI_ROTATION_MISSING, fs.missing[i]);
	}
	if (fs.n)
		s.pool = lr_pool_new(o->threads);
	for (i = 0; i < fs.n; i++)
		read_file(&s, &fs.v[i]);
	lr_pool_free(s.pool);
	s.pool = NULL;
	if (o->journal == LR_JOURNAL_YES || o->journal_dir ||
	    (o->journal == LR_JOURNAL_AUTO && !o->n_files && !has_auth_log(&fs)))
		read_journal(&s);
	finish_sources(&s);
	lr_find_gaps(&s);
	if (o->db_path)
		lr_compare_store(&s, &fs);

	logsrc_files_free(&fs);
	g_hash_table_foreach_steal(s.src, kept_source, NULL); /* those are in lr.sources; the rest is freed */
	free(s.fw_port);
	free(s.hours);
	g_hash_table_destroy(s.fw_src);
	g_hash_table_destroy(s.fw_allow);
	g_hash_table_destroy(s.src);
	*out = lr;
	return 0;

fail_tables:
	logsrc_files_free(&fs);
	g_hash_table_destroy(s.src);
	g_hash_table_destroy(s.fw_src);
	g_hash_table_destroy(s.fw_allow);
	free(s.fw_port);
fail:
	free(s.hours);
	logreview_free(&lr);
	return ret;
}

void logreview_free(struct logreview *lr)
{
	struct priv *p = lr->priv;
	size_t i;

	if (p && p->tz)
		g_time_zone_unref(p->tz);
	free(p);
	free(lr->tz);
	for (i = 0; i < lr->n_read_files; i++)
		free(lr->read_files[i]);
	free(lr->read_files);
	for (i = 0; i < lr->n_sources; i++)
		free_source(lr->sources[i]);
	free(lr->sources);
	for (i = 0; i < lr->n_logins; i++) {
		ev_free(&lr->logins[i].ev);
		free(lr->logins[i].user);
		free(lr->logins[i].src);
		free(lr->logins[i].method);
	}
	free(lr->logins);
	for (i = 0; i < lr->n_accounts; i++) {
		ev_free(&lr->accounts[i].ev);
		free(lr->accounts[i].target);
		free(lr->accounts[i].group);
		free(lr->accounts[i].by);
	}
	free(lr->accounts);
	for (i = 0; i < lr->n_fw_allow; i++) {
		ev_free(&lr->fw_allow[i].ev);
		free(lr->fw_allow[i].src);
		free(lr->fw_allow[i].dst);
		free(lr->fw_allow[i].proto);
	}
	free(lr->fw_allow);
	for (i = 0; i < lr->n_fw_top_src; i++)
		free(lr->fw_top_src[i].key);
	for (i = 0; i < lr->n_fw_top_port; i++)
		free(lr->fw_top_port[i].key);
	for (i = 0; i < lr->n_integrity; i++) {
		free(lr->integrity[i].subject);
		free(lr->integrity[i].where);
	}
	free(lr->integrity);
	free(lr->days);
	for (i = 0; i < lr->n_warnings; i++)
		free(lr->warnings[i]);
	free(lr->warnings);
	memset(lr, 0, sizeof(*lr));
}
