/*
 * dpkg's status database, read the way dpkg's parsedb reads it, for the
 * fields kyuka needs. One pass over the lines; a stanza's fields are
 * collected as spans and turned into a package when the stanza ends.
 */
#include "parse/dpkg_status.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dpkg_version.h"
#include "util/span.h"
#include "util/xalloc.h"

enum field { F_PACKAGE, F_STATUS, F_ARCH, F_VERSION, F_SOURCE, F__COUNT };

static const char *const field_names[F__COUNT] = { "Package", "Status", "Architecture", "Version", "Source" };

struct stanza {
	struct span f[F__COUNT];
	bool has[F__COUNT];
	size_t first_line;
	size_t lines;
	const char *bad;	/* why the stanza is refused, once known */
	int last;		/* the field a continuation line belongs to, or -1 */
};

static void stanza_reset(struct stanza *st)
{
	memset(st, 0, sizeof(*st));
	st->last = -1;
}

/* A word of a field value: printable ASCII without blanks. */
static bool word_valid(struct span s, size_t max)
{
	size_t i;

	if (!s.len || s.len > max)
		return false;
	for (i = 0; i < s.len; i++)
		if ((unsigned char)s.p[i] <= ' ' || (unsigned char)s.p[i] >= 0x7f)
			return false;
	return true;
}

static bool state_has_files(struct span st)
{
	static const char *const present[] = { "installed", "unpacked", "half-configured", "half-installed",
						"triggers-awaited", "triggers-pending" };
	size_t i;

	for (i = 0; i < sizeof(present) / sizeof(present[0]); i++)
		if (span_eq(st, present[i]))
			return true;
	return false;
}

static bool version_ok(struct span v)
{
	struct dpkg_version dv;
	const char *why;

	return dpkg_version_parse(v.p, v.len, &dv, &why) >= 0;
}

/* "src" or "src (version)" */
static const char *split_source(struct span v, struct span *name, struct span *ver)
{
	struct span rest = v, w;

	*ver = SPAN(NULL, 0);
	if (!span_next_word(&rest, &w))
		return "empty Source";
	*name = w;
	rest = span_trim(rest);
	if (!rest.len)
		return NULL;
	if (rest.len < 3 || rest.p[0] != '(' || rest.p[rest.len - 1] != ')')
		return "bad Source";
	*ver = span_trim(SPAN(rest.p + 1, rest.len - 2));
	if (!version_ok(*ver))
		return "bad Source version";
	return NULL;
}

/* Turns a finished stanza into a package, or says why not. */
static const char *stanza_finish(struct stanza *st, struct dpkg_status *out)
{
	struct span status = st->f[F_STATUS], w[3], rest, src_name, src_ver;
	struct dpkg_pkg p = { 0 };
	size_t i;
	const char *why;

	if (st->bad)
		return st->bad;
	if (!st->has[F_PACKAGE])
		return "no Package field";
	if (!dpkg_name_valid(st->f[F_PACKAGE].p, st->f[F_PACKAGE].len))
		return "invalid package name";
	if (!st->has[F_STATUS])
		return "no Status field";
	rest = status;
	for (i = 0; i < 3; i++)
		if (!span_next_word(&rest, &w[i]) || !word_valid(w[i], 32))
			return "bad Status";
	if (span_trim(rest).len)
		return "bad Status";
	p.installed = state_has_files(w[2]);
	if (st->has[F_VERSION] && !version_ok(st->f[F_VERSION]))
		return "bad Version";
	if (p.installed && !st->has[F_VERSION])
		return "installed without a Version";
	if (st->has[F_ARCH] && !word_valid(st->f[F_ARCH], 64))
		return "bad Architecture";
	src_name = st->f[F_PACKAGE];
	src_ver = st->f[F_VERSION];
	if (st->has[F_SOURCE]) {
		why = split_source(st->f[F_SOURCE], &src_name, &src_ver);
		if (why)
			return why;
		if (!dpkg_name_valid(src_name.p, src_name.len))
			return "invalid source package name";
		if (!src_ver.p)
			src_ver = st->f[F_VERSION];
	}
	if (out->n >= PARSE_MAX_ENTRIES)
		return NULL;	/* the caller reports -E2BIG */
	p.name = xstrndup(st->f[F_PACKAGE].p, st->f[F_PACKAGE].len);
	p.arch = xstrndup(st->f[F_ARCH].p ? st->f[F_ARCH].p : "", st->f[F_ARCH].len);
	p.version = xstrndup(st->f[F_VERSION].p ? st->f[F_VERSION].p : "", st->f[F_VERSION].len);
	p.source = xstrndup(src_name.p, src_name.len);
	p.source_version = xstrndup(src_ver.p ? src_ver.p : "", src_ver.len);
	p.state = xstrndup(w[2].p, w[2].len);
	p.line = st->first_line;
	ALLOC_GROW(out->v, out->n + 1, out->alloc);
	out->v[out->n++] = p;
	if (p.installed)
		out->n_installed++;
	return NULL;
}

/* Ends the current stanza; returns -E2BIG past the cap. */
static int end_stanza(struct stanza *st, struct dpkg_status *out, struct err *err)
{
	const char *why;

	if (!st->lines)
		return 0;
	if (out->n >= PARSE_MAX_ENTRIES)
		return err_set(err, -E2BIG, "more than %zu packages", PARSE_MAX_ENTRIES);
	why = stanza_finish(st, out);
	if (why)
		parse_bad_add(&out->bad, st->first_line, why);
	stanza_reset(st);
	return 0;
}

static void field_line(struct stanza *st, struct span line)
{
	const char *colon = memchr(line.p, ':', line.len);
	struct span name, value;
	int i;

	st->last = -1;
	if (!colon) {
		if (!st->bad)
			st->bad = "line without a field name";
		return;
	}
	name = SPAN(line.p, (size_t)(colon - line.p));
	value = span_trim(SPAN(colon + 1, line.len - name.len - 1));
	if (!name.len) {
		if (!st->bad)
			st->bad = "empty field name";
		return;
	}
	for (i = 0; i < F__COUNT; i++) {
		if (!span_eq_icase(name, field_names[i]))
			continue;
		if (st->has[i]) {
			if (!st->bad)
				st->bad = "duplicate field";
			return;
		}
		st->has[i] = true;
		st->f[i] = value;
		st->last = i;
		return;
	}
}

int dpkg_status_parse(const char *buf, size_t len, struct dpkg_status *out, struct err *err)
{
	struct dpkg_status res = { 0 };
	struct span rest = SPAN(buf ? buf : "", buf ? len : 0), line;
	struct stanza st;
	size_t lineno = 0;
	int r;

	stanza_reset(&st);
	while (span_next_line(&rest, &line)) {
		lineno++;
		if (line.len > PARSE_MAX_LINE || span_has_nul(line)) {
			if (!st.lines)
				st.first_line = lineno;
			st.lines++;
			if (!st.bad)
				st.bad = line.len > PARSE_MAX_LINE ? "line too long" : "NUL byte";
			continue;
		}
		if (!span_trim(line).len) {
			r = end_stanza(&st, &res, err);
			if (r < 0)
				goto fail;
			continue;
		}
		if (!st.lines)
			st.first_line = lineno;
		st.lines++;
		if (line.p[0] == ' ' || line.p[0] == '\t') {
			/* A continuation: the kept fields are all single-line in dpkg. */
			if (st.last >= 0 && !st.bad)
				st.bad = "continuation of a single-line field";
			else if (st.lines == 1 && !st.bad)
				st.bad = "continuation line without a field";
			continue;
		}
		field_line(&st, line);
	}
	r = end_stanza(&st, &res, err);
	if (r < 0)
		goto fail;
	*out = res;
	return 0;
fail:
	dpkg_status_free(&res);
	return r;
}

void dpkg_status_free(struct dpkg_status *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].arch);
		free(s->v[i].version);
		free(s->v[i].source);
		free(s->v[i].source_version);
		free(s->v[i].state);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}
