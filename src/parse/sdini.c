/*
 * systemd's INI dialect as systemd reads it (src/shared/conf-parser.c): lines
 * are trimmed; '#' and ';' start comment lines; "[Section]"; "Key=Value" with
 * blanks around '=' dropped; a line ending in a backslash continues on the
 * next (the backslash becomes a space, comment lines inside are skipped).
 * Later assignments win. A line that is none of these is counted as bad
 * (systemd logs and ignores it).
 */
#include "parse/monconf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/span.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static void add_entry(struct sdini *ini, const char *section, struct span key, const char *value, size_t vlen,
		      size_t line)
{
	struct sdini_entry *e;

	ALLOC_GROW(ini->v, ini->n + 1, ini->alloc);
	e = &ini->v[ini->n++];
	e->section = xstrdup(section);
	e->key = xstrndup(key.p, key.len);
	e->value = xstrndup(value, vlen);
	e->line = line;
}

int sdini_parse(const char *buf, size_t len, struct sdini *out)
{
	struct span rest = SPAN(buf, buf ? len : 0), line;
	struct strbuf val = STRBUF_INIT;
	struct sdini ini = { 0 };
	char *section = xstrdup("");
	struct span key = { 0 };
	char keybuf[256];
	size_t n = 0, start = 0;
	bool cont = false;

	strbuf_init(&val, MONCONF_MAX_VALUE);
	while (span_next_line(&rest, &line)) {
		struct span l;
		bool more;

		n++;
		if (line.len > PARSE_MAX_LINE || span_has_nul(line)) {
			parse_bad_add(&ini.bad, n, line.len > PARSE_MAX_LINE ? "line too long" : "nul byte");
			cont = false;
			continue;
		}
		if (ini.n >= PARSE_MAX_ENTRIES) {
			parse_bad_add(&ini.bad, n, "too many entries");
			break;
		}
		l = span_trim(line);
		if (cont) {
			if (l.len && (l.p[0] == '#' || l.p[0] == ';'))
				continue;
			more = l.len && l.p[l.len - 1] == '\\';
			if (more)
				l.len--;
			if (strbuf_addch(&val, ' ') < 0 || strbuf_add(&val, l.p, l.len) < 0) {
				parse_bad_add(&ini.bad, n, "value too long");
				cont = false;
				continue;
			}
			if (!more) {
				add_entry(&ini, section, key, val.buf, val.len, start);
				cont = false;
			}
			continue;
		}
		if (!l.len || l.p[0] == '#' || l.p[0] == ';')
			continue;
		if (l.p[0] == '[') {
			if (l.len < 2 || l.p[l.len - 1] != ']') {
				parse_bad_add(&ini.bad, n, "unterminated section header");
				continue;
			}
			free(section);
			section = xstrndup(l.p + 1, l.len - 2);
			continue;
		}
		{
			const char *eq = memchr(l.p, '=', l.len);
			struct span v;

			if (!eq) {
				parse_bad_add(&ini.bad, n, "missing '='");
				continue;
			}
			key = span_trim(SPAN(l.p, (size_t)(eq - l.p)));
			if (!key.len || key.len >= sizeof(keybuf)) {
				parse_bad_add(&ini.bad, n, key.len ? "key too long" : "empty key");
				continue;
			}
			memcpy(keybuf, key.p, key.len);
			key.p = keybuf;
			v = span_trim(SPAN(eq + 1, l.len - (size_t)(eq + 1 - l.p)));
			more = v.len && v.p[v.len - 1] == '\\';
			if (more) {
				v.len--;
				strbuf_reset(&val);
				strbuf_add(&val, v.p, v.len);
				start = n;
				cont = true;
				continue;
			}
			add_entry(&ini, section, key, v.p, v.len, n);
		}
	}
	if (cont)	/* a continuation at the end of the file ends there */
		add_entry(&ini, section, key, val.buf, val.len, start);
	strbuf_release(&val);
	free(section);
	*out = ini;
	return 0;
}

const struct sdini_entry *sdini_get(const struct sdini *ini, const char *section, const char *key)
{
	size_t i;

	for (i = ini->n; i-- > 0;)
		if (!strcmp(ini->v[i].section, section) && !strcmp(ini->v[i].key, key))
			return &ini->v[i];
	return NULL;
}

void sdini_free(struct sdini *ini)
{
	size_t i;

	for (i = 0; i < ini->n; i++) {
		free(ini->v[i].section);
		free(ini->v[i].key);
		free(ini->v[i].value);
	}
	free(ini->v);
	memset(ini, 0, sizeof(*ini));
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

int sd_parse_bytes(const char *s, size_t len, uint64_t *out)
{
	static const char units[] = "KMGTPE";
	struct span v = span_trim(SPAN(s, s ? len : 0));
	uint64_t n, mult = 1;
	size_t d = 0;
	const char *u;
	int r;

	while (d < v.len && digit(v.p[d]))
		d++;
	if (!d)
		return -EINVAL;
	r = parse_u64(v.p, d, UINT64_MAX, &n);
	if (r < 0)
		return r;
	if (d < v.len) {
		if (v.len - d == 1 && v.p[d] == 'B')
			goto done;
		u = memchr(units, v.p[d], sizeof(units) - 1);
		if (!u || (v.len - d > 1 && !(v.len - d == 2 && v.p[d + 1] == 'B')))
			return -EINVAL;
		for (r = 0; r <= u - units; r++)
			mult *= 1024;
	}
done:
	if (n && mult > UINT64_MAX / n)
		return -ERANGE;
	*out = n * mult;
	return 0;
}

int sd_parse_timespan(const char *s, size_t len, uint64_t *out)
{
	static const struct {
		const char *name;
		uint64_t sec;
	} units[] = {
		{ "seconds", 1 }, { "second", 1 }, { "sec", 1 }, { "s", 1 },
		{ "minutes", 60 }, { "minute", 60 }, { "min", 60 }, { "m", 60 },
		{ "hours", 3600 }, { "hour", 3600 }, { "hr", 3600 }, { "h", 3600 },
		{ "days", 86400 }, { "day", 86400 }, { "d", 86400 },
		{ "weeks", 604800 }, { "week", 604800 }, { "w", 604800 },
		{ "months", 2629800 }, { "month", 2629800 }, { "M", 2629800 },
		{ "years", 31557600 }, { "year", 31557600 }, { "y", 31557600 },
	};
	struct span v = span_trim(SPAN(s, s ? len : 0));
	uint64_t total = 0;
	size_t i = 0;
	bool any = false;

	while (i < v.len) {
		uint64_t n, mult = 1;
		size_t d = i, e, k;
		int r;

		while (i < v.len && digit(v.p[i]))
			i++;
		if (i == d)
			return -EINVAL;
		r = parse_u64(v.p + d, i - d, UINT64_MAX, &n);
		if (r < 0)
			return r;
		while (i < v.len && span_is_space(v.p[i]))
			i++;
		e = i;
		while (e < v.len && ((v.p[e] >= 'a' && v.p[e] <= 'z') || (v.p[e] >= 'A' && v.p[e] <= 'Z')))
			e++;
		if (e > i) {
			for (k = 0; k < sizeof(units) / sizeof(units[0]); k++)
				if (strlen(units[k].name) == e - i && !memcmp(units[k].name, v.p + i, e - i))
					break;
			if (k == sizeof(units) / sizeof(units[0])) {
				/* us, ms and below round to 0 seconds */
				if ((e - i == 2 && (!memcmp(v.p + i, "us", 2) || !memcmp(v.p + i, "ms", 2))) ||
				    (e - i == 4 && !memcmp(v.p + i, "usec", 4)) || (e - i == 4 && !memcmp(v.p + i, "msec", 4)))
					mult = 0;
				else
					return -EINVAL;
			} else {
				mult = units[k].sec;
			}
		}
		if (mult && n > (UINT64_MAX - total) / mult)
			return -ERANGE;
		total += n * mult;
		any = true;
		i = e;
		while (i < v.len && span_is_space(v.p[i]))
			i++;
	}
	if (!any)
		return -EINVAL;
	*out = total;
	return 0;
}
