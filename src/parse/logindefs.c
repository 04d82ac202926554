/*
 * /etc/login.defs, read as shadow-utils' getdef.c reads it: trailing white
 * space is cut, the key runs to the first blank, the value starts after the
 * blanks and double quotes that follow and ends at the next double quote.
 * A key without a value, which shadow-utils ignores, is a bad line here.
 */
#include "parse/accounts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/span.h"
#include "util/xalloc.h"

static bool c_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/*
 * Parses one line. Returns 1 with *e filled, 0 for a comment or empty line,
 * or -1 with *why set for a malformed line.
 */
static int logindefs_line(struct span line, struct logindefs_entry *e, const char **why)
{
	struct span key, val;
	const char *q;

	if (line.len > PARSE_MAX_LINE) {
		*why = "line too long";
		return -1;
	}
	if (span_has_nul(line)) {
		*why = "nul byte";
		return -1;
	}
	while (line.len && c_isspace(line.p[line.len - 1]))
		line.len--;
	while (line.len && span_is_blank(line.p[0])) {
		line.p++;
		line.len--;
	}
	if (!line.len || line.p[0] == '#')
		return 0;
	key.p = line.p;
	for (key.len = 0; key.len < line.len && !span_is_blank(line.p[key.len]); key.len++)
		;
	if (key.len == line.len) {
		*why = "missing value";
		return -1;
	}
	val.p = line.p + key.len;
	val.len = line.len - key.len;
	while (val.len && (span_is_blank(val.p[0]) || val.p[0] == '"')) {
		val.p++;
		val.len--;
	}
	q = val.len ? memchr(val.p, '"', val.len) : NULL;
	if (q)
		val.len = (size_t)(q - val.p);
	e->key = xstrndup(key.p, key.len);
	e->value = xstrndup(val.p, val.len);
	return 1;
}

int logindefs_parse(const char *buf, size_t len, struct logindefs *out, struct err *err)
{
	struct logindefs ld = { 0 };
	struct span rest = SPAN(buf, buf ? len : 0), line;
	size_t alloc = 0, lineno = 0;
	int r = 0;

	while (span_next_line(&rest, &line)) {
		struct logindefs_entry e = { 0 };
		const char *why = NULL;
		int kind;

		lineno++;
		kind = logindefs_line(line, &e, &why);
		if (kind < 0)
			parse_bad_add(&ld.bad, lineno, why);
		if (kind <= 0)
			continue;
		if (ld.n >= PARSE_MAX_ENTRIES) {
			free(e.key);
			free(e.value);
			r = err_set(err, -E2BIG, "more than %zu entries", PARSE_MAX_ENTRIES);
			goto out;
		}
		e.line = lineno;
		ALLOC_GROW(ld.v, ld.n + 1, alloc);
		ld.v[ld.n++] = e;
	}
	*out = ld;
	return 0;
out:
	logindefs_free(&ld);
	return r;
}

void logindefs_free(struct logindefs *ld)
{
	size_t i;

	if (!ld)
		return;
	for (i = 0; i < ld->n; i++) {
		free(ld->v[i].key);
		free(ld->v[i].value);
	}
	free(ld->v);
	memset(ld, 0, sizeof(*ld));
}

const char *logindefs_get(const struct logindefs *ld, const char *key)
{
	size_t i;

	if (!ld || !key)
		return NULL;
	for (i = ld->n; i > 0; i--)
		if (!strcmp(ld->v[i - 1].key, key))
			return ld->v[i - 1].value;
	return NULL;
}

/* Strict digits of one base (8 or 16), at least one, no overflow. */
static int parse_base(const char *s, size_t len, unsigned base, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		char c = s[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a') + 10;
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A') + 10;
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, d, &v))
			return -ERANGE;
	}
	*out = v;
	return 0;
}

/* shadow-utils' number forms: decimal, 0x hex, leading-0 octal. */
static int parse_number(const char *s, uint64_t *v)
{
	size_t len = strlen(s);

	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return parse_base(s + 2, len - 2, 16, v);
	if (len >= 2 && s[0] == '0')
		return parse_base(s + 1, len - 1, 8, v);
	return parse_u64(s, len, UINT64_MAX, v);
}

uint64_t logindefs_get_u64(const struct logindefs *ld, const char *key, uint64_t def)
{
	const char *s = logindefs_get(ld, key);
	uint64_t v;

	if (!s)
		return def;
	return parse_number(s, &v) < 0 ? def : v;
}

uint64_t logindefs_get_int(const struct logindefs *ld, const char *key, uint64_t def)
{
	const char *s = logindefs_get(ld, key);
	uint64_t v;

	if (!s)
		return def;
	if (s[0] == '+')
		s++;	/* strtol() takes a sign; a '-' is negative: unset */
	return parse_number(s, &v) < 0 || v > INT32_MAX ? def : v;
}
