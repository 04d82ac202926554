/*
 * crontab(5) entries: comments and environment assignments are skipped; an
 * entry is five time fields (or one @keyword), then, in a system crontab, the
 * user, then the command to the end of the line.
 */
#include "parse/monconf.h"

#include <stdlib.h>
#include <string.h>

#include "util/span.h"
#include "util/xalloc.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static struct span trim(struct span s)
{
	while (s.len && (blank(s.p[0]) || s.p[0] == '\r'))
		s.p++, s.len--;
	while (s.len && (blank(s.p[s.len - 1]) || s.p[s.len - 1] == '\r'))
		s.len--;
	return s;
}

/* NAME=value (crontab(5): the name may be quoted and have blanks before '='). */
static bool is_env(struct span l)
{
	size_t i = 0;

	if (l.len && (l.p[0] == '"' || l.p[0] == '\''))
		return memchr(l.p, '=', l.len) != NULL;
	while (i < l.len && ((l.p[i] >= 'A' && l.p[i] <= 'Z') || (l.p[i] >= 'a' && l.p[i] <= 'z') ||
			     (l.p[i] >= '0' && l.p[i] <= '9') || l.p[i] == '_'))
		i++;
	while (i < l.len && blank(l.p[i]))
		i++;
	return i > 0 && i < l.len && l.p[i] == '=';
}

static bool field_ok(struct span w)
{
	size_t i;

	for (i = 0; i < w.len; i++) {
		char c = w.p[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '*' ||
		      c == ',' || c == '-' || c == '/' || c == '~'))
			return false;
	}
	return w.len > 0;
}

int mon_crontab_parse(const char *buf, size_t len, bool system, struct mon_crontab *out)
{
	struct span rest = SPAN(buf, buf ? len : 0), line;
	struct mon_crontab c = { 0 };
	size_t n = 0;

	while (span_next_line(&rest, &line)) {
		struct span l, w, sched, user = { 0 };
		struct mon_cron_entry *e;
		size_t fields, i;

		n++;
		if (line.len > PARSE_MAX_LINE || span_has_nul(line)) {
			parse_bad_add(&c.bad, n, line.len > PARSE_MAX_LINE ? "line too long" : "nul byte");
			continue;
		}
		if (c.n >= PARSE_MAX_ENTRIES) {
			parse_bad_add(&c.bad, n, "too many entries");
			break;
		}
		l = trim(line);
		if (!l.len || l.p[0] == '#' || is_env(l))
			continue;
		sched.p = l.p;
		fields = l.p[0] == '@' ? 1 : 5;
		for (i = 0; i < fields; i++) {
			if (!span_next_word(&l, &w) || (fields == 5 && !field_ok(w)))
				break;
		}
		if (i < fields) {
			parse_bad_add(&c.bad, n, "fewer than five time fields");
			continue;
		}
		sched.len = (size_t)(w.p + w.len - sched.p);
		if (system && !span_next_word(&l, &user)) {
			parse_bad_add(&c.bad, n, "no user field");
			continue;
		}
		l = trim(l);
		if (!l.len) {
			parse_bad_add(&c.bad, n, "no command");
			continue;
		}
		ALLOC_GROW(c.v, c.n + 1, c.alloc);
		e = &c.v[c.n++];
		e->schedule = xstrndup(sched.p, sched.len);
		e->user = system ? xstrndup(user.p, user.len) : NULL;
		e->command = xstrndup(l.p, l.len);
		e->line = n;
	}
	*out = c;
	return 0;
}

void mon_crontab_free(struct mon_crontab *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].schedule);
		free(c->v[i].user);
		free(c->v[i].command);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}
