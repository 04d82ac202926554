/*
 * /etc/passwd: name:passwd:uid:gid:gecos:dir:shell, one entry a line.
 * Lines are read as glibc's nss_files reads them: leading white space is
 * skipped, blank and '#' lines are ignored. Anything else that is not
 * exactly seven fields with strict numbers is a bad line.
 */
#include "parse/accounts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/span.h"
#include "util/xalloc.h"

#define PASSWD_FIELDS 7

enum line_kind { LINE_SKIP, LINE_BAD, LINE_DATA };

static bool c_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Sorts a raw line; on LINE_DATA *line is trimmed of leading white space. */
static enum line_kind passwd_line_kind(struct span *line, const char **why)
{
	if (line->len > PARSE_MAX_LINE) {
		*why = "line too long";
		return LINE_BAD;
	}
	if (span_has_nul(*line)) {
		*why = "nul byte";
		return LINE_BAD;
	}
	while (line->len && c_isspace(line->p[0])) {
		line->p++;
		line->len--;
	}
	if (!line->len || line->p[0] == '#')
		return LINE_SKIP;
	if (line->p[0] == '+' || line->p[0] == '-') {
		*why = "nis compat entry";
		return LINE_BAD;
	}
	return LINE_DATA;
}

/* Splits s at ':' into f[0..max-1]; returns the field count, max + 1 meaning "more". */
static size_t passwd_split(struct span s, struct span *f, size_t max)
{
	struct span head;
	size_t n = 0;
	bool more;

	for (;;) {
		more = span_split(&s, ':', &head);
		if (n < max)
			f[n] = head;
		n++;
		if (!more || n > max)
			return n;
	}
}

static void passwd_entry_free(struct passwd_entry *e)
{
	free(e->name);
	free(e->passwd);
	free(e->gecos);
	free(e->dir);
	free(e->shell);
}

/* Fills *e from one data line; returns a reason when the line is malformed. */
static const char *passwd_line(struct span line, struct passwd_entry *e)
{
	struct span f[PASSWD_FIELDS];
	size_t n = passwd_split(line, f, PASSWD_FIELDS);

	if (n < PASSWD_FIELDS)
		return "too few fields";
	if (n > PASSWD_FIELDS)
		return "too many fields";
	if (!f[0].len)
		return "empty name";
	if (parse_u32(f[2].p, f[2].len, &e->uid) < 0)
		return "bad uid";
	if (parse_u32(f[3].p, f[3].len, &e->gid) < 0)
		return "bad gid";
	e->name = xstrndup(f[0].p, f[0].len);
	e->passwd = xstrndup(f[1].p, f[1].len);
	e->gecos = xstrndup(f[4].p, f[4].len);
	e->dir = xstrndup(f[5].p, f[5].len);
	e->shell = xstrndup(f[6].p, f[6].len);
	return NULL;
}

int passwd_parse(const char *buf, size_t len, struct passwd_db *out, struct err *err)
{
	struct passwd_db db = { 0 };
	struct span rest = SPAN(buf, buf ? len : 0), line;
	size_t alloc = 0, lineno = 0;
	int r = 0;

	while (span_next_line(&rest, &line)) {
		struct passwd_entry e = { 0 };
		const char *why = NULL;

		lineno++;
		switch (passwd_line_kind(&line, &why)) {
		case LINE_SKIP:
			continue;
		case LINE_BAD:
			parse_bad_add(&db.bad, lineno, why);
			continue;
		case LINE_DATA:
			break;
		}
		why = passwd_line(line, &e);
		if (why) {
			parse_bad_add(&db.bad, lineno, why);
			continue;
		}
		if (db.n >= PARSE_MAX_ENTRIES) {
			passwd_entry_free(&e);
			r = err_set(err, -E2BIG, "more than %zu entries", PARSE_MAX_ENTRIES);
			goto out;
		}
		e.line = lineno;
		ALLOC_GROW(db.v, db.n + 1, alloc);
		db.v[db.n++] = e;
	}
	*out = db;
	return 0;
out:
	passwd_free(&db);
	return r;
}

void passwd_free(struct passwd_db *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < db->n; i++)
		passwd_entry_free(&db->v[i]);
	free(db->v);
	memset(db, 0, sizeof(*db));
}

const struct passwd_entry *passwd_by_name(const struct passwd_db *db, const char *name)
{
	size_t i;

	if (!db || !name)
		return NULL;
	for (i = 0; i < db->n; i++)
		if (!strcmp(db->v[i].name, name))
			return &db->v[i];
	return NULL;
}
