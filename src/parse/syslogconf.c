/*
 * Where rsyslog and syslog-ng send logs off the host.
 *
 * rsyslog: comments ('#' outside quotes, and C comments where a token starts)
 * are removed first.
 * Forwarding is a legacy action word starting with '@' (UDP) or '@@' (TCP),
 * optionally "(o)" or "(z9)" before the host, or a RainerScript
 * action(type="omfwd" target="..." protocol="tcp") / type="omrelp". Includes:
 * $IncludeConfig PATH and include(file="PATH").
 *
 * syslog-ng: destinations whose drivers are network(), syslog(), tcp(),
 * udp(), tcp6() or udp6() count when a log path uses them (by name, or
 * inline); @include "PATH" is an include.
 */
#include "parse/monconf.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "util/span.h"
#include "util/xalloc.h"

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
	       c == '.' || c == '$';
}

static bool ieq(const char *a, size_t n, const char *lit)
{
	size_t i;

	if (n != strlen(lit))
		return false;
	for (i = 0; i < n; i++) {
		char c = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] - 'A' + 'a') : a[i];

		if (c != lit[i])
			return false;
	}
	return true;
}

static void add_fwd(struct syslog_conf *c, const char *t, size_t tlen, const char *proto, size_t line)
{
	struct log_forward *f;

	if (c->n_fwd >= PARSE_MAX_ENTRIES || !tlen || tlen > MONCONF_MAX_TOKEN) {
		parse_bad_add(&c->bad, line, "forwarding target missing or too long");
		return;
	}
	ALLOC_GROW(c->fwd, c->n_fwd + 1, c->alloc_fwd);
	f = &c->fwd[c->n_fwd++];
	f->target = xstrndup(t, tlen);
	snprintf(f->proto, sizeof(f->proto), "%s", proto);
	f->line = line;
}

static void add_inc(struct syslog_conf *c, const char *p, size_t len, size_t line)
{
	if (c->n_inc >= PARSE_MAX_ENTRIES || !len || len > MONCONF_MAX_TOKEN) {
		parse_bad_add(&c->bad, line, "include path missing or too long");
		return;
	}
	ALLOC_GROW(c->includes, c->n_inc + 1, c->alloc_inc);
	c->includes[c->n_inc++] = xstrndup(p, len);
}

void syslog_conf_free(struct syslog_conf *c)
{
	size_t i;

	for (i = 0; i < c->n_fwd; i++)
		free(c->fwd[i].target);
	free(c->fwd);
	for (i = 0; i < c->n_inc; i++)
		free(c->includes[i]);
	free(c->includes);
	memset(c, 0, sizeof(*c));
}

/*
 * Copies the text with comments blanked out (line breaks kept, so positions
 * and lines still match). hash: '#' starts a comment outside quotes.
 * cstyle: C comments too. NUL bytes become blanks (and are counted as bad).
 */
static char *strip_comments(const char *buf, size_t len, bool cstyle, struct parse_bad *bad)
{
	char *t = xmalloc(len + 1);
	size_t i, line = 1;
	char quote = 0;
	bool hash = false, block = false;

	for (i = 0; i < len; i++) {
		char c = buf[i];

		if (c == '\n') {
			line++;
			hash = false;
			if (quote)	/* a string does not span lines in either language's common use */
				quote = 0;
			t[i] = c;
			continue;
		}
		if (c == '\0') {
			parse_bad_add(bad, line, "nul byte");
			t[i] = ' ';
			continue;
		}
		if (hash) {
			t[i] = ' ';
			continue;
		}
		if (block) {
			if (c == '*' && i + 1 < len && buf[i + 1] == '/') {
				block = false;
				t[i] = t[i + 1] = ' ';
				i++;
				continue;
			}
			t[i] = ' ';
			continue;
		}
		if (quote) {
			if (c == '\\' && i + 1 < len && buf[i + 1] != '\n') {
				t[i] = c;
				t[i + 1] = buf[i + 1] ? buf[i + 1] : ' ';
				i++;
				continue;
			}
			if (c == quote)
				quote = 0;
			t[i] = c;
			continue;
		}
		if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '#') {
			hash = true;
			t[i] = ' ';
			continue;
		} else if (cstyle && c == '/' && i + 1 < len && buf[i + 1] == '*' && (i == 0 || span_is_space(buf[i - 1]))) {
			/* only where a token starts: a glob like rsyslog.d/STAR.conf is a path */
			block = true;
			t[i] = t[i + 1] = ' ';
			i++;
			continue;
		}
		t[i] = c;
	}
	t[len] = '\0';
	return t;
}

static size_t line_at(const char *t, size_t pos, size_t *cache_pos, size_t *cache_line)
{
	size_t i;

	for (i = *cache_pos; i < pos; i++)
		if (t[i] == '\n')
			(*cache_line)++;
	*cache_pos = pos;
	return *cache_line;
}

/* A RainerScript parameter list "a="x" b='y'" from s to its matching ')'; finds name's value. */
static bool rs_param(const char *s, size_t len, const char *name, const char **v, size_t *vlen)
{
	size_t i = 0;

	while (i < len) {
		size_t k;

		while (i < len && (span_is_space(s[i]) || s[i] == ','))
			i++;
		k = i;
		while (i < len && word_char(s[i]))
			i++;
		if (i == k) {
			i++;
			continue;
		}
		{
			size_t klen = i - k;

			while (i < len && span_is_space(s[i]))
				i++;
			if (i >= len || s[i] != '=')
				continue;
			i++;
			while (i < len && span_is_space(s[i]))
				i++;
			if (i < len && (s[i] == '"' || s[i] == '\'')) {
				char q = s[i];
				size_t st = ++i;

				while (i < len && s[i] != q)
					i++;
				if (ieq(s + k, klen, name)) {
					*v = s + st;
					*vlen = i - st;
					return true;
				}
				i++;
			} else {
				size_t st = i;

				while (i < len && !span_is_space(s[i]) && s[i] != ')')
					i++;
				if (ieq(s + k, klen, name)) {
					*v = s + st;
					*vlen = i - st;
					return true;
				}
			}
		}
	}
	return false;
}

/* The index of the ')' closing the '(' at open, skipping quoted text; len when none. */
static size_t close_paren(const char *t, size_t len, size_t open)
{
	size_t i, depth = 0;
	char q = 0;

	for (i = open; i < len; i++) {
		if (q) {
			if (t[i] == '\\')
				i++;
			else if (t[i] == q)
				q = 0;
			continue;
		}
		if (t[i] == '"' || t[i] == '\'')
			q = t[i];
		else if (t[i] == '(') {
			if (++depth > MONCONF_MAX_DEPTH)
				return len;
		} else if (t[i] == ')' && --depth == 0)
			return i;
	}
	return len;
}

/* "@@(o)host:port;Template" -> host:port */
static void legacy_target(const char *w, size_t n, const char **t, size_t *tlen)
{
	size_t i = 0, end;

	while (i < n && w[i] == '@')
		i++;
	if (i < n && w[i] == '(') {
		const char *cp = memchr(w + i, ')', n - i);

		i = cp ? (size_t)(cp - w) + 1 : n;
	}
	end = i;
	while (end < n && w[end] != ';')
		end++;
	*t = w + i;
	*tlen = end - i;
}

int rsyslog_parse(const char *buf, size_t len, struct syslog_conf *out)
{
	struct syslog_conf c = { 0 };
	char *t;
	size_t i = 0, cp = 0, cl = 1;

	if (!buf)
		len = 0;
	t = strip_comments(buf ? buf : "", len, true, &c.bad);
	while (i < len) {
		size_t ws, line;

		while (i < len && span_is_space(t[i]))
			i++;
		if (i >= len)
			break;
		line = line_at(t, i, &cp, &cl);
		ws = i;
		if (t[i] == '"' || t[i] == '\'') {	/* a string of an expression: not an action */
			const char *q = memchr(t + i + 1, t[i], len - i - 1);

			i = q ? (size_t)(q - t) + 1 : len;
			continue;
		}
		if (t[i] == '@') {
			const char *tg;
			size_t tl, e = i;

			while (e < len && !span_is_space(t[e]))
				e++;
			legacy_target(t + i, e - i, &tg, &tl);
			add_fwd(&c, tg, tl, i + 1 < len && t[i + 1] == '@' ? "tcp" : "udp", line);
			i = e;
			continue;
		}
		while (i < len && word_char(t[i]))
			i++;
		if (i == ws) {
			i++;
			continue;
		}
		if (ieq(t + ws, i - ws, "$includeconfig")) {
			size_t s;

			while (i < len && (t[i] == ' ' || t[i] == '\t'))
				i++;
			s = i;
			while (i < len && !span_is_space(t[i]))
				i++;
			add_inc(&c, t + s, i - s, line);
			continue;
		}
		if (ieq(t + ws, i - ws, "action") || ieq(t + ws, i - ws, "include")) {
			bool is_action = ieq(t + ws, i - ws, "action");
			size_t p = i, end;
			const char *v;
			size_t vl;

			while (p < len && span_is_space(t[p]))
				p++;
			if (p >= len || t[p] != '(')
				continue;
			end = close_paren(t, len, p);
			if (end >= len) {
				parse_bad_add(&c.bad, line, "unclosed parenthesis");
				break;
			}
			if (is_action) {
				if (rs_param(t + p + 1, end - p - 1, "type", &v, &vl) &&
				    (ieq(v, vl, "omfwd") || ieq(v, vl, "omrelp"))) {
					bool relp = ieq(v, vl, "omrelp");
					const char *proto = relp ? "relp" : "udp";
					const char *tg;
					size_t tl;

					if (!relp && rs_param(t + p + 1, end - p - 1, "protocol", &v, &vl) && ieq(v, vl, "tcp"))
						proto = "tcp";
					if (rs_param(t + p + 1, end - p - 1, "target", &tg, &tl))
						add_fwd(&c, tg, tl, proto, line);
					else
						parse_bad_add(&c.bad, line, "forwarding action without a target");
				}
			} else if (rs_param(t + p + 1, end - p - 1, "file", &v, &vl)) {
				add_inc(&c, v, vl, line);
			}
			i = end + 1;
		}
	}
	free(t);
	*out = c;
	return 0;
}

/* ---- syslog-ng ---- */

struct tok {
	const char *p;
	size_t len;
	size_t line;
	char kind;	/* 'w' word, 's' string, or the punctuation character itself */
};

#define SNG_MAX_TOKENS ((size_t)1 << 20)

static size_t tokenize(const char *t, size_t len, struct tok **out, struct parse_bad *bad)
{
	struct tok *v = NULL;
	size_t n = 0, alloc = 0, i = 0, line = 1;

	while (i < len && n < SNG_MAX_TOKENS) {
		struct tok k = { .line = line };

		if (t[i] == '\n') {
			line++;
			i++;
			continue;
		}
		if (span_is_space(t[i])) {
			i++;
			continue;
		}
		if (t[i] == '"' || t[i] == '\'') {
			char q = t[i++];

			k.p = t + i;
			while (i < len && t[i] != q && t[i] != '\n') {
				if (t[i] == '\\' && i + 1 < len && t[i + 1] != '\n')
					i++;
				i++;
			}
			k.len = (size_t)(t + i - k.p);
			k.kind = 's';
			if (i < len && t[i] == q)
				i++;
		} else if (word_char(t[i]) || t[i] == '@' || t[i] == '/' || t[i] == ':') {
			k.p = t + i;
			while (i < len && (word_char(t[i]) || t[i] == '@' || t[i] == '/' || t[i] == ':'))
				i++;
			k.len = (size_t)(t + i - k.p);
			k.kind = 'w';
		} else {
			k.p = t + i;
			k.len = 1;
			k.kind = t[i++];
		}
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = k;
	}
	if (n >= SNG_MAX_TOKENS)
		parse_bad_add(bad, line, "too many tokens");
	*out = v;
	return n;
}

static bool is_net_driver(const struct tok *k)
{
	static const char *const drivers[] = { "network", "syslog", "tcp", "udp", "tcp6", "udp6" };
	size_t i;

	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (k->kind == 'w' && ieq(k->p, k->len, drivers[i]))
			return true;
	return false;
}

/* The index after the '}' matching the '{' at i (or n). */
static size_t skip_block(const struct tok *v, size_t n, size_t i)
{
	size_t depth = 0;

	for (; i < n; i++) {
		if (v[i].kind == '{' && ++depth > MONCONF_MAX_DEPTH)
			return n;
		if (v[i].kind == '}' && depth && --depth == 0)
			return i + 1;
	}
	return n;
}

/* A network driver between from and to: its first argument (the host). */
static bool net_in(const struct tok *v, size_t from, size_t to, size_t *drv)
{
	size_t i;

	for (i = from; i + 2 < to; i++)
		if (is_net_driver(&v[i]) && v[i + 1].kind == '(' && (v[i + 2].kind == 's' || v[i + 2].kind == 'w')) {
			*drv = i;
			return true;
		}
	return false;
}

int syslogng_parse(const char *buf, size_t len, struct syslog_conf *out)
{
	struct syslog_conf c = { 0 };
	struct tok *v = NULL;
	char *t;
	size_t n, i;
	struct {
		const struct tok *name;
		size_t drv;
	} *dest = NULL;
	size_t n_dest = 0, alloc_dest = 0;

	if (!buf)
		len = 0;
	t = strip_comments(buf ? buf : "", len, false, &c.bad);
	n = tokenize(t, len, &v, &c.bad);
	/* destinations with a network driver */
	for (i = 0; i + 2 < n; i++) {
		size_t end, drv;

		if (v[i].kind == 'w' && ieq(v[i].p, v[i].len, "@include") && v[i + 1].kind == 's')
			add_inc(&c, v[i + 1].p, v[i + 1].len, v[i].line);
		if (!(v[i].kind == 'w' && ieq(v[i].p, v[i].len, "destination") && v[i + 1].kind == 'w' &&
		      v[i + 2].kind == '{'))
			continue;
		end = skip_block(v, n, i + 2);
		if (net_in(v, i + 3, end, &drv)) {
			ALLOC_GROW(dest, n_dest + 1, alloc_dest);
			dest[n_dest].name = &v[i + 1];
			dest[n_dest].drv = drv;
			n_dest++;
		}
		i = end ? end - 1 : i;
	}
	if (n >= 2 && v[n - 2].kind == 'w' && ieq(v[n - 2].p, v[n - 2].len, "@include") && v[n - 1].kind == 's')
		add_inc(&c, v[n - 1].p, v[n - 1].len, v[n - 2].line);
	/* log paths that use them */
	for (i = 0; i + 1 < n; i++) {
		size_t end, j, d, drv;

		if (!(v[i].kind == 'w' && ieq(v[i].p, v[i].len, "log") && v[i + 1].kind == '{'))
			continue;
		end = skip_block(v, n, i + 1);
		for (j = i + 2; j + 3 < end; j++) {
			if (!(v[j].kind == 'w' && ieq(v[j].p, v[j].len, "destination")))
				continue;
			if (v[j + 1].kind == '(' && v[j + 2].kind == 'w' && v[j + 3].kind == ')') {
				for (d = 0; d < n_dest; d++)
					if (dest[d].name->len == v[j + 2].len && !memcmp(dest[d].name->p, v[j + 2].p, v[j + 2].len)) {
						const struct tok *h = &v[dest[d].drv + 2], *dn = &v[dest[d].drv];
						char pr[8] = "";
						size_t k;

						for (k = 0; k < dn->len && k + 1 < sizeof(pr); k++)
							pr[k] = dn->p[k] >= 'A' && dn->p[k] <= 'Z' ? (char)(dn->p[k] - 'A' + 'a') : dn->p[k];
						add_fwd(&c, h->p, h->len, pr, v[j].line);
					}
			} else if (v[j + 1].kind == '{' && net_in(v, j + 2, skip_block(v, end, j + 1), &drv)) {
				add_fwd(&c, v[drv + 2].p, v[drv + 2].len, "network", v[j].line);
			}
		}
		i = end ? end - 1 : i;
	}
	free(dest);
	free(v);
	free(t);
	*out = c;
	return 0;
}
