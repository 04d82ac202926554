#include "parse/crontab.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/span.h"
#include "util/xalloc.h"

static const char *const month_names[] = { "jan", "feb", "mar", "apr", "may", "jun",
					   "jul", "aug", "sep", "oct", "nov", "dec" };
static const char *const dow_names[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

/* A number or (for names) a three-letter name; -1 when neither. */
static int value(struct span s, const char *const *names, size_t n_names, int name_base)
{
	uint64_t v;
	size_t i, j;

	if (parse_u64(s.p, s.len, 1000, &v) == 0)
		return (int)v;
	if (!names || s.len != 3)
		return -1;
	for (i = 0; i < n_names; i++) {
		for (j = 0; j < 3; j++) {
			char c = s.p[j] >= 'A' && s.p[j] <= 'Z' ? (char)(s.p[j] - 'A' + 'a') : s.p[j];
			if (c != names[i][j])
				break;
		}
		if (j == 3)
			return (int)i + name_base;
	}
	return -1;
}

/* One field into a bit set over lo..hi (bit k = value k); false when malformed. */
static bool field(struct span f, int lo, int hi, const char *const *names, size_t n_names, int name_base,
		  uint64_t *bits, bool *star)
{
	struct span item;

	*bits = 0;
	*star = f.len && f.p[0] == '*';
	if (!f.len)
		return false;
	while (f.len) {
		struct span range, step_s;
		int a, b, step = 1, k;

		span_split(&f, ',', &item);
		if (!item.len)
			return false;
		range = item;
		if (span_split(&range, '/', &step_s)) {
			/* item "a-b/n": step_s got "a-b", range the step */
			uint64_t st;
			if (parse_u64(range.p, range.len, 1000, &st) < 0 || st == 0)
				return false;
			step = (int)st;
			range = step_s;
		} else {
			range = step_s;
		}
		if (span_eq(range, "*")) {
			a = lo;
			b = hi;
		} else {
			struct span first;
			if (span_split(&range, '-', &first)) {
				a = value(first, names, n_names, name_base);
				b = value(range, names, n_names, name_base);
			} else {
				a = b = value(first, names, n_names, name_base);
				if (step > 1)
					b = hi; /* "5/10" means 5-hi/10 in Vixie cron */
			}
		}
		if (a < lo || b > hi || a > b)
			return false;
		for (k = a; k <= b; k += step)
			*bits |= (uint64_t)1 << k;
	}
	return true;
}

static const char *parse_schedule(struct span *rest, struct cron_entry *e)
{
	struct span w[5];
	uint64_t b;
	size_t i;
	bool star;

	if (!span_next_word(rest, &w[0]))
		return "empty line";
	if (w[0].p[0] == '@') {
		static const struct {
			const char *name;
			const char *sched;
		} at[] = { { "@yearly", "0 0 1 1 *" }, { "@annually", "0 0 1 1 *" }, { "@monthly", "0 0 1 * *" },
			   { "@weekly", "0 0 * * 0" },	{ "@daily", "0 0 * * *" },     { "@midnight", "0 0 * * *" },
			   { "@hourly", "0 * * * *" } };
		e->schedule = xstrndup(w[0].p, w[0].len);
		if (span_eq(w[0], "@reboot")) {
			e->reboot = true;
			return NULL;
		}
		for (i = 0; i < ARRAY_SIZE(at); i++)
			if (span_eq(w[0], at[i].name)) {
				struct span r = SPAN(at[i].sched, strlen(at[i].sched));
				char *keep = e->schedule;
				const char *why;
				e->schedule = NULL;
				why = parse_schedule(&r, e);
				free(e->schedule);
				e->schedule = keep;
				return why;
			}
		return "unknown @ schedule";
	}
	for (i = 1; i < 5; i++)
		if (!span_next_word(rest, &w[i]))
			return "too few fields";
	if (!field(w[0], 0, 59, NULL, 0, 0, &e->minute, &star))
		return "bad minute";
	if (!field(w[1], 0, 23, NULL, 0, 0, &b, &star))
		return "bad hour";
	e->hour = (uint32_t)b;
	if (!field(w[2], 1, 31, NULL, 0, 0, &b, &e->dom_star))
		return "bad day of month";
	e->dom = (uint32_t)b;
	if (!field(w[3], 1, 12, month_names, 12, 1, &b, &star))
		return "bad month";
	e->month = (uint16_t)b;
	if (!field(w[4], 0, 7, dow_names, 7, 0, &b, &e->dow_star))
		return "bad day of week";
	if (b & (1u << 7))
		b |= 1; /* 7 is Sunday too */
	e->dow = (uint8_t)(b & 0x7f);
	if (!e->schedule)
		e->schedule = xasprintf("%.*s %.*s %.*s %.*s %.*s", (int)w[0].len, w[0].p, (int)w[1].len, w[1].p,
					(int)w[2].len, w[2].p, (int)w[3].len, w[3].p, (int)w[4].len, w[4].p);
	return NULL;
}

static bool is_env_line(struct span t)
{
	size_t i = 0;

	if (!t.len || !((t.p[0] >= 'A' && t.p[0] <= 'Z') || (t.p[0] >= 'a' && t.p[0] <= 'z') || t.p[0] == '_'))
		return false;
	while (i < t.len && ((t.p[i] >= 'A' && t.p[i] <= 'Z') || (t.p[i] >= 'a' && t.p[i] <= 'z') ||
			     (t.p[i] >= '0' && t.p[i] <= '9') || t.p[i] == '_'))
		i++;
	while (i < t.len && (t.p[i] == ' ' || t.p[i] == '\t'))
		i++;
	return i < t.len && t.p[i] == '=';
}

int crontab_parse(const char *buf, size_t len, bool system, struct crontab *out, struct err *err)
{
	struct span rest = SPAN(buf, buf ? len : 0), line;
	size_t lineno = 0;

	while (span_next_line(&rest, &line)) {
		struct cron_entry e;
		struct span t, w;
		const char *why;

		lineno++;
		if (line.len > PARSE_MAX_LINE || span_has_nul(line)) {
			parse_bad_add(&out->bad, lineno, line.len > PARSE_MAX_LINE ? "line too long" : "NUL byte");
			continue;
		}
		t = span_trim(line);
		if (!t.len || t.p[0] == '#' || is_env_line(t))
			continue;
		memset(&e, 0, sizeof(e));
		e.line = lineno;
		why = parse_schedule(&t, &e);
		if (!why && system) {
			if (!span_next_word(&t, &w))
				why = "no user";
			else if (w.len >= sizeof(e.user))
				why = "user name too long";
			else
				memcpy(e.user, w.p, w.len);
		}
		t = span_trim(t);
		if (!why && !t.len)
			why = "no command";
		if (why) {
			free(e.schedule);
			parse_bad_add(&out->bad, lineno, why);
			continue;
		}
		if (out->n >= CRON_MAX_ENTRIES) {
			free(e.schedule);
			return err_set(err, -E2BIG, "more than %d entries", CRON_MAX_ENTRIES);
		}
		e.command = xstrndup(t.p, t.len < CRON_MAX_COMMAND ? t.len : CRON_MAX_COMMAND);
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n++] = e;
	}
	return 0;
}

void crontab_free(struct crontab *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].schedule);
		free(c->v[i].command);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

bool cron_runs_on(const struct cron_entry *e, int month, int day, int wday)
{
	bool dom_ok, dow_ok;

	if (e->reboot || month < 1 || month > 12 || day < 1 || day > 31 || wday < 0 || wday > 6)
		return false;
	if (!(e->month & (1u << month)) || !e->minute || !e->hour)
		return false;
	dom_ok = e->dom & (1u << day);
	dow_ok = e->dow & (1u << wday);
	if (e->dom_star || e->dow_star)
		return dom_ok && dow_ok;
	return dom_ok || dow_ok;
}
