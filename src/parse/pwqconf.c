/* pwquality.conf framing; see pwqconf.h. */
#include "parse/pwqconf.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/span.h"
#include "util/xalloc.h"

static bool c_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* 1 with *e filled, 0 for nothing, -1 with *why for a bad line. */
static int pwq_line(struct span line, struct pwqconf_entry *e, const char **why)
{
	const char *hash;
	struct span name, val;
	size_t i;

	if (line.len > PWQCONF_MAX_LINE) {
		*why = "line too long";
		return -1;
	}
	if (span_has_nul(line)) {
		*why = "nul byte";
		return -1;
	}
	hash = memchr(line.p, '#', line.len);
	if (hash)
		line.len = (size_t)(hash - line.p);
	while (line.len && c_isspace(line.p[line.len - 1]))
		line.len--;
	while (line.len && c_isspace(line.p[0])) {
		line.p++;
		line.len--;
	}
	if (!line.len)
		return 0;
	name.p = line.p;
	for (i = 0; i < line.len && !c_isspace(line.p[i]) && line.p[i] != '='; i++)
		;
	name.len = i;
	if (!name.len || name.len > PWQCONF_MAX_NAME) {
		*why = name.len ? "name too long" : "missing name";
		return -1;
	}
	for (i = 0; i < name.len; i++)
		if (!name_char(name.p[i])) {
			*why = "bad name";
			return -1;
		}
	val.p = line.p + name.len;
	val.len = line.len - name.len;
	{
		bool eq = false;

		while (val.len && (c_isspace(val.p[0]) || (val.p[0] == '=' && !eq))) {
			eq |= val.p[0] == '=';
			val.p++;
			val.len--;
		}
	}
	e->name = xstrndup(name.p, name.len);
	e->value = xstrndup(val.p, val.len);
	e->option = val.len ? xasprintf("%s=%s", e->name, e->value) : xstrdup(e->name);
	return 1;
}

int pwqconf_parse(const char *buf, size_t len, struct pwqconf *out, struct err *err)
{
	struct pwqconf c = { 0 };
	struct span rest = SPAN(buf, buf ? len : 0), line;
	size_t alloc = 0, lineno = 0;

	while (span_next_line(&rest, &line)) {
		struct pwqconf_entry e = { 0 };
		const char *why = NULL;
		int kind;

		lineno++;
		kind = pwq_line(line, &e, &why);
		if (kind < 0)
			parse_bad_add(&c.bad, lineno, why);
		if (kind <= 0)
			continue;
		if (c.n >= PARSE_MAX_ENTRIES) {
			free(e.name);
			free(e.value);
			free(e.option);
			pwqconf_free(&c);
			return err_set(err, -E2BIG, "more than %zu settings", PARSE_MAX_ENTRIES);
		}
		e.line = lineno;
		ALLOC_GROW(c.v, c.n + 1, alloc);
		c.v[c.n++] = e;
	}
	*out = c;
	return 0;
}

void pwqconf_free(struct pwqconf *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].value);
		free(c->v[i].option);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}
