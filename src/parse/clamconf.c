/* ClamAV's configuration files and freshclam's log (see clamconf.h). */
#include "parse/clamconf.h"
#include "util/span.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

int clamconf_parse(const char *buf, size_t len, struct clamconf *out)
{
	size_t pos = 0, lineno = 0, alloc = 0;

	memset(out, 0, sizeof(*out));
	while (pos < len) {
		const char *l = buf + pos, *nl = memchr(l, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - l) : len - pos, k, v;

		pos += n + (nl ? 1 : 0);
		lineno++;
		if (n > PARSE_MAX_LINE) {
			parse_bad_add(&out->bad, lineno, "line too long");
			continue;
		}
		while (n && is_space(l[0]))
			l++, n--;
		while (n && is_space(l[n - 1]))
			n--;
		if (!n || l[0] == '#')
			continue;
		if (memchr(l, '\0', n)) {
			parse_bad_add(&out->bad, lineno, "NUL byte");
			continue;
		}
		for (k = 0; k < n && !is_space(l[k]); k++)
			;
		for (v = k; v < n && is_space(l[v]); v++)
			;
		if (n - v > CLAMCONF_MAX_VALUE) {
			parse_bad_add(&out->bad, lineno, "value too long");
			continue;
		}
		if (k == 7 && !strncasecmp(l, "Example", 7)) {
			out->example = true;
			continue;
		}
		if (out->n == CLAMCONF_MAX_KEYS) {
			clamconf_free(out);
			return -E2BIG;
		}
		if (out->n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			out->v = xrealloc(out->v, st_mult(alloc, sizeof(*out->v)));
		}
		out->v[out->n].key = xstrndup(l, k);
		/* clamav accepts a value in double quotes */
		if (n - v >= 2 && l[v] == '"' && l[n - 1] == '"')
			out->v[out->n].value = xstrndup(l + v + 1, n - v - 2);
		else
			out->v[out->n].value = xstrndup(l + v, n - v);
		out->v[out->n].line = lineno;
		out->n++;
	}
	return 0;
}

void clamconf_free(struct clamconf *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].value);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

const char *clamconf_get(const struct clamconf *c, const char *key, size_t *line)
{
	size_t i = c->n;

	while (i--)
		if (!strcasecmp(c->v[i].key, key)) {
			if (line)
				*line = c->v[i].line;
			return c->v[i].value;
		}
	return NULL;
}

/* "Sun Dec  6 10:00:01 2026" (ctime without the newline) at s; 0 when it is not one. */
static time_t ctime_at(const char *s, size_t n)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int mon, day, hh, mm, ss, year, i;
	long long days;
	const char *m;

	if (n < 24 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[13] != ':' || s[16] != ':' || s[19] != ' ')
		return 0;
	m = NULL;
	for (i = 0; i < 12; i++)
		if (!memcmp(s + 4, months + 3 * i, 3))
			m = months + 3 * i;
	if (!m)
		return 0;
	mon = (int)((m - months) / 3);
#define D(c) ((c) >= '0' && (c) <= '9')
	if (!(D(s[9]) && (D(s[8]) || s[8] == ' ') && D(s[11]) && D(s[12]) && D(s[14]) && D(s[15]) && D(s[17]) &&
	      D(s[18]) && D(s[20]) && D(s[21]) && D(s[22]) && D(s[23])))
		return 0;
#undef D
	day = (s[8] == ' ' ? 0 : s[8] - '0') * 10 + s[9] - '0';
	hh = (s[11] - '0') * 10 + s[12] - '0';
	mm = (s[14] - '0') * 10 + s[15] - '0';
	ss = (s[17] - '0') * 10 + s[18] - '0';
	year = ((s[20] - '0') * 1000) + ((s[21] - '0') * 100) + ((s[22] - '0') * 10) + (s[23] - '0');
	if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 || year < 1970)
		return 0;
	/* days from civil (Howard Hinnant), proleptic Gregorian */
	{
		int m1 = mon + 1, y = year - (m1 <= 2), era = y / 400, yoe = y - era * 400;
		int mp = (m1 + 9) % 12, doy = (153 * mp + 2) / 5 + day - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		days = (long long)era * 146097 + doe - 719468;
	}
	return (time_t)(days * 86400 + hh * 3600 + mm * 60 + ss);
}

static bool contains(const char *s, size_t n, const char *needle)
{
	return memmem(s, n, needle, strlen(needle)) != NULL;
}

void freshclam_log_parse(const char *buf, size_t len, struct freshclam_log *out)
{
	size_t pos = 0, lineno = 0;
	time_t cur = 0;

	memset(out, 0, sizeof(*out));
	while (pos < len) {
		const char *l = buf + pos, *nl = memchr(l, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - l) : len - pos;
		const char *msg = l;
		size_t mn = n;
		time_t t;

		pos += n + (nl ? 1 : 0);
		lineno++;
		if (n > PARSE_MAX_LINE)
			continue;
		/* "DATE -> message" when LogTime is on */
		if ((t = ctime_at(l, n)) && n >= 28 && !memcmp(l + 24, " -> ", 4)) {
			cur = t;
			msg = l + 28;
			mn = n - 28;
		} else if (contains(l, n, "update process started at ")) {
			const char *p = memmem(l, n, "started at ", 11) + 11;
			if ((t = ctime_at(p, n - (size_t)(p - l))))
				cur = t;
		}
		if (contains(msg, mn, "ERROR:") || contains(msg, mn, "ERROR ")) {
			out->n_err++;
			if (cur >= out->last_err) {
				out->last_err = cur;
				out->last_err_line = lineno;
				span_copy_printable(out->last_err_text, sizeof(out->last_err_text), msg, mn);
			}
		} else if (contains(msg, mn, "database is up-to-date") || contains(msg, mn, "database is up to date") ||
			   contains(msg, mn, " updated (version:")) {
			out->n_ok++;
			if (cur >= out->last_ok) {
				out->last_ok = cur;
				out->last_ok_line = lineno;
				span_copy_printable(out->last_ok_text, sizeof(out->last_ok_text), msg, mn);
			}
		}
	}
}
