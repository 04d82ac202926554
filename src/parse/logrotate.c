/*
 * logrotate's configuration, for what decides how long old logs are kept:
 * the rotation interval, rotate, maxage, size and maxsize, globally and per
 * stanza, and where include directives are. Scripts (postrotate ...
 * endscript) are skipped. Other directives do not change retention and are
 * accepted without being interpreted. A stanza inherits the global settings
 * in force where it starts, as in logrotate.
 */
#include "parse/monconf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/span.h"
#include "util/xalloc.h"

#ifndef N_
#define N_(s) (s)	/* marked for translation; the caller translates */
#endif

#define LR_MAX_PATHS 1024	/* paths of one stanza */

void lr_opts_default(struct lr_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->period = LR_NONE;
	o->rotate = 0;
	o->maxage = -1;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* The next word: blanks separate, double or single quotes group (the quotes are dropped). */
static bool next_word(struct span *rest, struct span *w)
{
	size_t i = 0;

	while (i < rest->len && blank(rest->p[i]))
		i++;
	if (i == rest->len) {
		rest->p += i;
		rest->len = 0;
		return false;
	}
	if (rest->p[i] == '"' || rest->p[i] == '\'') {
		char q = rest->p[i];
		const char *end = memchr(rest->p + i + 1, q, rest->len - i - 1);
		size_t stop = end ? (size_t)(end - rest->p) : rest->len;

		*w = SPAN(rest->p + i + 1, stop - i - 1);
		stop = end ? stop + 1 : stop;
		rest->p += stop;
		rest->len -= stop;
		return true;
	}
	w->p = rest->p + i;
	while (i < rest->len && !blank(rest->p[i]) && rest->p[i] != '{' && rest->p[i] != '}')
		i++;
	if (rest->p + i == w->p)	/* a brace on its own */
		i++;
	w->len = (size_t)(rest->p + i - w->p);
	rest->p += i;
	rest->len -= i;
	return true;
}

/* "100k", "10M", "1G", "4096": bytes. */
static int lr_size(struct span w, uint64_t *out)
{
	uint64_t n, mult = 1;
	size_t d = 0;

	while (d < w.len && w.p[d] >= '0' && w.p[d] <= '9')
		d++;
	if (!d || parse_u64(w.p, d, UINT64_MAX, &n) < 0)
		return -EINVAL;
	if (d + 1 == w.len) {
		switch (w.p[d]) {
		case 'k': case 'K': mult = 1024; break;
		case 'M': mult = 1024 * 1024; break;
		case 'G': mult = 1024ull * 1024 * 1024; break;
		default: return -EINVAL;
		}
	} else if (d != w.len) {
		return -EINVAL;
	}
	if (n > UINT64_MAX / mult)
		return -ERANGE;
	*out = n * mult;
	return 0;
}

static int lr_int(struct span w, int64_t *out)
{
	return parse_i64(w.p, w.len, out);
}

/*
 * One directive into o. Returns 1 when it was a directive (known or not), 0
 * when the line looks like a path list, -1 with *why for a malformed one.
 */
static int directive(struct span word, struct span rest, struct lr_opts *o, const char **why)
{
	static const struct {
		const char *name;
		enum lr_period p;
	} periods[] = { { "hourly", LR_HOURLY }, { "daily", LR_DAILY }, { "weekly", LR_WEEKLY },
			{ "monthly", LR_MONTHLY }, { "yearly", LR_YEARLY } };
	struct span arg;
	size_t i;

	if (!word.len || word.p[0] == '/' || word.p[0] == '*' || word.p[0] == '~' || word.p[0] == '.')
		return 0;
	for (i = 0; i < sizeof(periods) / sizeof(periods[0]); i++)
		if (span_eq(word, periods[i].name)) {
			o->period = periods[i].p;
			o->size = 0;	/* the last criterion given wins, as in logrotate */
			return 1;
		}
	if (span_eq(word, "rotate") || span_eq(word, "maxage") || span_eq(word, "size") || span_eq(word, "maxsize")) {
		int64_t n;
		uint64_t sz;

		if (!next_word(&rest, &arg)) {
			*why = "directive without its value";
			return -1;
		}
		if (span_eq(word, "rotate")) {
			if (lr_int(arg, &n) < 0 || n < -1) {
				*why = "rotate needs a whole number";
				return -1;
			}
			o->rotate = n;
		} else if (span_eq(word, "maxage")) {
			if (lr_int(arg, &n) < 0 || n < 0) {
				*why = "maxage needs a number of days";
				return -1;
			}
			o->maxage = n;
		} else {
			if (lr_size(arg, &sz) < 0) {
				*why = "invalid size";
				return -1;
			}
			if (span_eq(word, "size")) {
				o->size = sz;
				o->period = LR_NONE;
			} else {
				o->maxsize = sz;
			}
		}
		return 1;
	}
	if (span_eq(word, "missingok")) {
		o->missingok = true;
		return 1;
	}
	if (span_eq(word, "nomissingok")) {
		o->missingok = false;
		return 1;
	}
	/* every other directive is a lowercase word; a path list is not */
	for (i = 0; i < word.len; i++)
		if (!((word.p[i] >= 'a' && word.p[i] <= 'z') || word.p[i] == '_'))
			return 0;
	return 1;
}

static bool is_script(struct span w)
{
	return span_eq(w, "postrotate") || span_eq(w, "prerotate") || span_eq(w, "firstaction") ||
	       span_eq(w, "lastaction") || span_eq(w, "preremove");
}

static void free_paths(char **p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(p[i]);
	free(p);
}

int logrotate_parse(const char *buf, size_t len, const struct lr_opts *start, struct lr_file *out)
{
	struct span rest = SPAN(buf, buf ? len : 0), line;
	struct lr_file f = { 0 };
	struct lr_stanza cur;
	char **pending = NULL;
	size_t n_pending = 0, alloc_pending = 0, n = 0, pending_line = 0;
	bool in_stanza = false, in_script = false;

	if (start)
		f.defaults = *start;
	else
		lr_opts_default(&f.defaults);
	memset(&cur, 0, sizeof(cur));
	while (span_next_line(&rest, &line)) {
		struct span l, w;
		const char *why = NULL;

		n++;
		if (line.len > PARSE_MAX_LINE || span_has_nul(line)) {
			parse_bad_add(&f.bad, n, line.len > PARSE_MAX_LINE ? "line too long" : "nul byte");
			continue;
		}
		if (f.n_st >= PARSE_MAX_ENTRIES || f.n_inc >= PARSE_MAX_ENTRIES) {
			parse_bad_add(&f.bad, n, "too many stanzas");
			break;
		}
		l = line;
		if (in_script) {
			if (next_word(&l, &w) && span_eq(w, "endscript"))
				in_script = false;
			continue;
		}
		while (next_word(&l, &w)) {
			if (w.len && w.p[0] == '#')
				break;
			if (in_stanza) {
				if (span_eq(w, "}")) {
					ALLOC_GROW(f.st, f.n_st + 1, f.alloc_st);
					f.st[f.n_st++] = cur;
					memset(&cur, 0, sizeof(cur));
					in_stanza = false;
					continue;
				}
				if (is_script(w)) {
					in_script = true;
					break;
				}
				if (span_eq(w, "include")) {
					parse_bad_add(&f.bad, n, "include inside a stanza");
					break;
				}
				if (directive(w, l, &cur.o, &why) < 0)
					parse_bad_add(&f.bad, n, why);
				break;	/* one directive per line */
			}
			if (span_eq(w, "{")) {
				if (!n_pending) {
					parse_bad_add(&f.bad, n, "a stanza without paths");
					n_pending = 0;
				}
				cur.paths = pending;
				cur.n_paths = n_pending;
				cur.o = f.defaults;
				cur.line = pending_line ? pending_line : n;
				pending = NULL;
				n_pending = alloc_pending = 0;
				pending_line = 0;
				in_stanza = true;
				continue;
			}
			if (span_eq(w, "}")) {
				parse_bad_add(&f.bad, n, "a '}' without a stanza");
				continue;
			}
			if (!n_pending && span_eq(w, "include")) {
				struct span p;

				if (!next_word(&l, &p) || !p.len || p.len > MONCONF_MAX_TOKEN) {
					parse_bad_add(&f.bad, n, "include without a path");
					break;
				}
				ALLOC_GROW(f.inc, f.n_inc + 1, f.alloc_inc);
				f.inc[f.n_inc].path = xstrndup(p.p, p.len);
				f.inc[f.n_inc].line = n;
				f.inc[f.n_inc].defaults = f.defaults;
				f.n_inc++;
				break;
			}
			if (!n_pending) {
				int r = directive(w, l, &f.defaults, &why);

				if (r < 0) {
					parse_bad_add(&f.bad, n, why);
					break;
				}
				if (r > 0) {
					if (is_script(w))
						in_script = true;	/* a script outside a stanza: skip it too */
					break;
				}
			}
			/* a path of the next stanza */
			if (n_pending >= LR_MAX_PATHS || w.len > MONCONF_MAX_TOKEN) {
				parse_bad_add(&f.bad, n, "too many or too long paths");
				break;
			}
			ALLOC_GROW(pending, n_pending + 1, alloc_pending);
			pending[n_pending++] = xstrndup(w.p, w.len);
			if (!pending_line)
				pending_line = n;
		}
	}
	if (in_stanza) {
		parse_bad_add(&f.bad, cur.line, "stanza not closed with '}'");
		free_paths(cur.paths, cur.n_paths);
	}
	if (n_pending)
		parse_bad_add(&f.bad, pending_line, "paths without a '{' stanza");
	free_paths(pending, n_pending);
	*out = f;
	return 0;
}

void lr_file_free(struct lr_file *f)
{
	size_t i;

	for (i = 0; i < f->n_st; i++)
		free_paths(f->st[i].paths, f->st[i].n_paths);
	free(f->st);
	for (i = 0; i < f->n_inc; i++)
		free(f->inc[i].path);
	free(f->inc);
	memset(f, 0, sizeof(*f));
}

int64_t lr_horizon_hours(const struct lr_opts *o, bool *approx, const char **why)
{
	int64_t per, h;

	*approx = o->maxsize != 0;
	if (o->size) {
		*why = N_("rotated by size: how far back it reaches depends on the write rate");	/* translated by the caller */
		return -1;
	}
	switch (o->period) {
	case LR_HOURLY: per = 1; break;
	case LR_DAILY: per = 24; break;
	case LR_WEEKLY: per = 24 * 7; break;
	case LR_MONTHLY: per = 24 * 28; break;	/* the shortest month */
	case LR_YEARLY: per = 24 * 365; break;
	default:
		*why = "no rotation interval (hourly, daily, weekly, monthly, yearly) is set";
		return -1;
	}
	if (o->rotate < 0)
		h = INT64_MAX;
	else
		h = o->rotate > INT64_MAX / per ? INT64_MAX : o->rotate * per;
	if (o->maxage >= 0 && (o->maxage > INT64_MAX / 24 || o->maxage * 24 < h))
		h = o->maxage > INT64_MAX / 24 ? h : o->maxage * 24;
	return h;
}
