#include "parse/unit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/span.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static bool is_key_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c == '.';
}

int unit_parse(const char *buf, size_t len, struct unit_file *u, struct err *err)
{
	struct span rest = SPAN(buf, buf ? len : 0), line;
	struct strbuf val;
	char *section = NULL;
	size_t lineno = 0;
	int ret = 0;

	strbuf_init(&val, UNIT_MAX_VALUE);

	while (span_next_line(&rest, &line)) {
		struct span t, key, v;
		size_t start, i;

		lineno++;
		start = lineno;
		if (line.len > PARSE_MAX_LINE || span_has_nul(line)) {
			parse_bad_add(&u->bad, lineno, line.len > PARSE_MAX_LINE ? "line too long" : "NUL byte");
			continue;
		}
		t = span_trim(line);
		if (!t.len || t.p[0] == '#' || t.p[0] == ';')
			continue;
		if (t.p[0] == '[') {
			if (t.p[t.len - 1] != ']' || t.len < 3) {
				parse_bad_add(&u->bad, lineno, "bad section header");
				free(section);
				section = NULL;
				continue;
			}
			free(section);
			section = xstrndup(t.p + 1, t.len - 2);
			continue;
		}
		if (!span_split(&t, '=', &key)) {
			parse_bad_add(&u->bad, lineno, "not an assignment");
			continue;
		}
		key = span_trim(key);
		for (i = 0; i < key.len; i++)
			if (!is_key_char(key.p[i]))
				break;
		if (!key.len || i < key.len) {
			parse_bad_add(&u->bad, lineno, "bad key");
			continue;
		}
		/* the value, with continuation lines (a trailing backslash) joined by a space */
		strbuf_reset(&val);
		v = span_trim(t);
		for (;;) {
			bool cont = v.len && v.p[v.len - 1] == '\\', more = false;
			if (cont)
				v.len--;
			if (strbuf_add(&val, v.p, v.len) < 0) {
				parse_bad_add(&u->bad, start, "value too long");
				break;
			}
			/* the next line that is not a comment continues the value */
			while (cont && span_next_line(&rest, &line)) {
				lineno++;
				v = span_trim(line);
				if (v.len && (v.p[0] == '#' || v.p[0] == ';'))
					continue;
				more = true;
				break;
			}
			if (!more)
				break;
			if (span_has_nul(v)) {
				parse_bad_add(&u->bad, lineno, "NUL byte");
				break;
			}
			if (strbuf_addch(&val, ' ') < 0) {
				parse_bad_add(&u->bad, start, "value too long");
				break;
			}
		}
		if (!section) {
			parse_bad_add(&u->bad, start, "assignment outside a section");
			continue;
		}
		if (u->n >= UNIT_MAX_ENTRIES) {
			ret = err_set(err, -E2BIG, "more than %d assignments", UNIT_MAX_ENTRIES);
			goto out;
		}
		ALLOC_GROW(u->v, u->n + 1, u->alloc);
		u->v[u->n].section = xstrdup(section);
		u->v[u->n].key = xstrndup(key.p, key.len);
		u->v[u->n].value = xstrndup(val.buf, strnlen(val.buf, val.len));
		u->v[u->n].line = start;
		u->n++;
	}
out:
	free(section);
	strbuf_release(&val);
	return ret;
}

void unit_free(struct unit_file *u)
{
	size_t i;

	if (!u)
		return;
	for (i = 0; i < u->n; i++) {
		free(u->v[i].section);
		free(u->v[i].key);
		free(u->v[i].value);
	}
	free(u->v);
	memset(u, 0, sizeof(*u));
}

size_t unit_get_list(const struct unit_file *u, const char *section, const char *key, const char **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < u->n; i++) {
		if (strcmp(u->v[i].section, section) || strcmp(u->v[i].key, key))
			continue;
		if (!u->v[i].value[0]) {
			n = 0;
			continue;
		}
		if (n < max)
			out[n++] = u->v[i].value;
	}
	return n;
}

const char *unit_get(const struct unit_file *u, const char *section, const char *key)
{
	const char *last = NULL;
	size_t i;

	for (i = 0; i < u->n; i++)
		if (!strcmp(u->v[i].section, section) && !strcmp(u->v[i].key, key))
			last = u->v[i].value;
	return last;
}

/* ASCII case-insensitive equality (no locale). */
static bool eq_icase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		if (x != *b)
			return false;
	}
	return *a == *b;
}

int unit_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
	static const char *const no[] = { "0", "no", "n", "false", "f", "off" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yes); i++)
		if (eq_icase(v, yes[i])) {
			*out = true;
			return 0;
		}
	for (i = 0; i < ARRAY_SIZE(no); i++)
		if (eq_icase(v, no[i])) {
			*out = false;
			return 0;
		}
	return -EINVAL;
}

int unit_timespan(const char *v, uint64_t *sec)
{
	static const struct {
		const char *suffix;
		uint64_t mult;	/* seconds; 0 = sub-second (rounded down) */
	} units[] = {
		{ "usec", 0 }, { "us", 0 }, { "msec", 0 }, { "ms", 0 }, { "seconds", 1 }, { "second", 1 },
		{ "sec", 1 }, { "s", 1 }, { "minutes", 60 }, { "minute", 60 }, { "min", 60 }, { "m", 60 },
		{ "hours", 3600 }, { "hour", 3600 }, { "hr", 3600 }, { "h", 3600 }, { "days", 86400 },
		{ "day", 86400 }, { "d", 86400 }, { "weeks", 604800 }, { "week", 604800 }, { "w", 604800 },
		{ "months", 2629800 }, { "month", 2629800 }, { "M", 2629800 }, { "years", 31557600 },
		{ "year", 31557600 }, { "y", 31557600 },
	};
	const char *p = v;
	uint64_t total = 0;
	bool any = false;

	while (*p) {
		uint64_t n = 0, m = 1;
		const char *d;
		size_t i, l;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		d = p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p == d || parse_u64(d, (size_t)(p - d), UINT32_MAX, &n) < 0)
			return p == d ? -EINVAL : -ERANGE;
		while (*p == ' ')
			p++;
		l = 0;
		while ((p[l] >= 'a' && p[l] <= 'z') || (p[l] >= 'A' && p[l] <= 'Z'))
			l++;
		if (l) {
			for (i = 0; i < ARRAY_SIZE(units); i++)
				if (strlen(units[i].suffix) == l && !strncmp(p, units[i].suffix, l))
					break;
			if (i == ARRAY_SIZE(units))
				return -EINVAL;
			m = units[i].mult;
			p += l;
		}
		if (m && (__builtin_mul_overflow(n, m, &n) || __builtin_add_overflow(total, n, &total)))
			return -ERANGE;
		any = true;
	}
	if (!any)
		return -EINVAL;
	*sec = total;
	return 0;
}

int calendar_next_date(const char *buf, size_t len, char date[11])
{
	struct span rest = SPAN(buf, buf ? len : 0), line;

	while (span_next_line(&rest, &line)) {
		struct span t = span_trim(line), w;

		if (!span_starts_with(t, "Next elapse:"))
			continue;
		t = span_trim(SPAN(t.p + 12, t.len - 12));
		if (span_eq(t, "never"))
			return -ENOENT;
		/* "Sun 2026-12-27 00:00:00 JST": the first word that looks like a date */
		while (span_next_word(&t, &w)) {
			size_t i;
			if (w.len != 10 || w.p[4] != '-' || w.p[7] != '-')
				continue;
			for (i = 0; i < 10; i++)
				if (i != 4 && i != 7 && (w.p[i] < '0' || w.p[i] > '9'))
					break;
			if (i < 10)
				continue;
			memcpy(date, w.p, 10);
			date[10] = '\0';
			return 0;
		}
		return -EINVAL;
	}
	return -EINVAL;
}
