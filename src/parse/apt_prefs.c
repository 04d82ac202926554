#include "parse/apt_prefs.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "parse/deb822.h"
#include "util/num.h"
#include "util/xalloc.h"

bool apt_glob_match(const char *pattern, const char *text)
{
	return fnmatch(pattern, text, 0) == 0;
}

static bool printable(struct span s)
{
	size_t i;

	for (i = 0; i < s.len; i++)
		if ((unsigned char)s.p[i] < 0x21 || (unsigned char)s.p[i] == 0x7f)
			return false;
	return true;
}

static void pin_free(struct apt_pin *p)
{
	size_t i;

	for (i = 0; i < p->n_packages; i++)
		free(p->packages[i]);
	free(p->packages);
	for (i = 0; i < p->n_keys; i++)
		free(p->keys[i].value);
	free(p->value);
	memset(p, 0, sizeof(*p));
}

static void unsupported(struct apt_prefs *out, const char *why)
{
	if (!out->unsupported++)
		out->why = why;
}

/* "a=stable, n=bookworm" or a bare "12.4" (a version); NULL or the reason it is refused. */
static const char *release_keys(struct span v, struct apt_pin *p, struct apt_prefs *out)
{
	struct span rest = v, item;

	if (!memchr(v.p, '=', v.len)) {
		if (!v.len)
			return NULL;	/* "Pin: release" alone matches every file */
		if (!printable(v))
			return "bad release pin";
		p->keys[0].key = 'v';
		p->keys[0].value = xstrndup(v.p, v.len);
		p->n_keys = 1;
		return NULL;
	}
	for (;;) {
		bool more = span_split(&rest, ',', &item);

		item = span_trim(item);
		if (item.len) {
			if (item.len < 3 || item.p[1] != '=' || !printable(SPAN(item.p + 2, item.len - 2)))
				return "bad release pin";
			if (!strchr("anvolcb", item.p[0])) {
				unsupported(out, "a release pin key kyuka does not know");
				return NULL;
			}
			if (p->n_keys >= APT_PIN_MAX_KEYS)
				return "too many release pin keys";
			p->keys[p->n_keys].key = item.p[0];
			p->keys[p->n_keys].value = xstrndup(item.p + 2, item.len - 2);
			p->n_keys++;
		}
		if (!more)
			break;
	}
	return NULL;
}

static const char *one_pin(const struct deb822_stanza *st, struct apt_pin *p, struct apt_prefs *out)
{
	struct span pkg = deb822_get(st, "Package"), pin = deb822_get(st, "Pin");
	struct span prio = deb822_get(st, "Pin-Priority"), rest, w, kind;
	uint64_t n;
	bool neg, skipped = false;

	if (!pkg.p && !pin.p && !prio.p)
		return "";	/* an Explanation-only stanza */
	if (!pkg.p || !pin.p || !prio.p)
		return "Package, Pin or Pin-Priority missing";
	prio = span_trim(prio);
	neg = prio.len && prio.p[0] == '-';
	if (parse_u64(neg ? prio.p + 1 : prio.p, neg ? prio.len - 1 : prio.len, 32767, &n) < 0)
		return "bad Pin-Priority";
	p->priority = neg ? -(int)n : (int)n;
	rest = pkg;
	while (span_next_word(&rest, &w)) {
		if (w.len == 1 && w.p[0] == '*') {
			p->generic = true;
			continue;
		}
		if (!printable(w) || w.len > 256)
			return "bad package name";
		if ((w.len >= 2 && w.p[0] == '/' && w.p[w.len - 1] == '/') || span_starts_with(w, "src:") ||
		    memchr(w.p, ':', w.len)) {
			unsupported(out, "a Package pattern kyuka does not evaluate (regex, src: or architecture)");
			skipped = true;
			continue;
		}
		if (p->n_packages >= PARSE_MAX_LIST)
			return "too many package names";
		p->packages = xrealloc(p->packages, st_mult(p->n_packages + 1, sizeof(*p->packages)));
		p->packages[p->n_packages++] = xstrndup(w.p, w.len);
	}
	if (p->generic && p->n_packages)
		return "\"*\" with other names";
	if (!p->generic && !p->n_packages)
		return skipped ? NULL : "no package name";
	rest = span_trim(pin);
	if (!span_next_word(&rest, &kind))
		return "empty Pin";
	rest = span_trim(rest);
	if (span_eq(kind, "release")) {
		p->type = APT_PIN_RELEASE;
		return release_keys(rest, p, out);
	}
	if (span_eq(kind, "origin") || span_eq(kind, "version")) {
		p->type = kind.p[0] == 'o' ? APT_PIN_ORIGIN : APT_PIN_VERSION;
		if (rest.len >= 2 && rest.p[0] == '"' && rest.p[rest.len - 1] == '"')
			rest = SPAN(rest.p + 1, rest.len - 2);
		if ((p->type == APT_PIN_VERSION && !rest.len) || (rest.len && !printable(rest)))
			return "bad Pin value";
		p->value = xstrndup(rest.p, rest.len);
		return NULL;
	}
	return "Pin neither release, origin nor version";
}

int apt_prefs_parse(const char *buf, size_t len, struct apt_prefs *out, struct err *err)
{
	struct span rest = SPAN(buf ? buf : "", buf ? len : 0);
	struct deb822_stanza *st = xmalloc(sizeof(*st));
	size_t lineno = 0;
	const char *why;
	int r;

	while ((r = deb822_next(&rest, &lineno, st, &why)) != 0) {
		struct apt_pin p = { 0 };
		size_t before = out->unsupported;

		if (r < 0) {
			parse_bad_add(&out->bad, st->line, why);
			continue;
		}
		p.line = st->line;
		why = one_pin(st, &p, out);
		if (why && *why)
			parse_bad_add(&out->bad, st->line, why);
		if (why || out->unsupported != before) {
			pin_free(&p);
			continue;
		}
		if (out->n >= APT_PREFS_MAX_PINS) {
			pin_free(&p);
			free(st);
			return err_set(err, -E2BIG, "more than %d pins", APT_PREFS_MAX_PINS);
		}
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n++] = p;
	}
	free(st);
	return 0;
}

void apt_prefs_free(struct apt_prefs *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++)
		pin_free(&p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}
