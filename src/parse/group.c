/*
 * /etc/group (name:passwd:gid:members) and /etc/gshadow
 * (name:passwd:admins:members). Member lists are read as glibc reads them:
 * ',' separated, white space before an item skipped, empty items dropped.
 */
#include "parse/accounts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/span.h"
#include "util/xalloc.h"

#define GROUP_FIELDS 4
#define GSHADOW_FIELDS 4

enum line_kind { LINE_SKIP, LINE_BAD, LINE_DATA };

static bool c_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Sorts a raw line; on LINE_DATA *line is trimmed of leading white space. */
static enum line_kind group_line_kind(struct span *line, const char **why)
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
static size_t group_split(struct span s, struct span *f, size_t max)
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

static void list_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * Splits a ',' list into *out / *n (NULL / 0 when empty). Returns 0, or
 * -E2BIG with nothing allocated when it holds more than PARSE_MAX_LIST items.
 */
static int list_parse(struct span s, char ***out, size_t *n_out)
{
	char **v = NULL;
	size_t n = 0, alloc = 0;
	struct span item;
	bool more;

	do {
		more = span_split(&s, ',', &item);
		while (item.len && c_isspace(item.p[0])) {
			item.p++;
			item.len--;
		}
		if (!item.len)
			continue;
		if (n >= PARSE_MAX_LIST) {
			list_free(v, n);
			return -E2BIG;
		}
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = xstrndup(item.p, item.len);
	} while (more);
	*out = v;
	*n_out = n;
	return 0;
}

/* ---- /etc/group ---- */

static void group_entry_free(struct group_entry *e)
{
	free(e->name);
	free(e->passwd);
	list_free(e->members, e->n_members);
}

/* Fills *e from one data line; returns a reason when the line is malformed. */
static const char *group_line(struct span line, struct group_entry *e)
{
	struct span f[GROUP_FIELDS];
	size_t n = group_split(line, f, GROUP_FIELDS);

	if (n < GROUP_FIELDS)
		return "too few fields";
	if (n > GROUP_FIELDS)
		return "too many fields";
	if (!f[0].len)
		return "empty name";
	if (parse_u32(f[2].p, f[2].len, &e->gid) < 0)
		return "bad gid";
	if (list_parse(f[3], &e->members, &e->n_members) < 0)
		return "too many members";
	e->name = xstrndup(f[0].p, f[0].len);
	e->passwd = xstrndup(f[1].p, f[1].len);
	return NULL;
}

int group_parse(const char *buf, size_t len, struct group_db *out, struct err *err)
{
	struct group_db db = { 0 };
	struct span rest = SPAN(buf, buf ? len : 0), line;
	size_t alloc = 0, lineno = 0;
	int r = 0;

	while (span_next_line(&rest, &line)) {
		struct group_entry e = { 0 };
		const char *why = NULL;

		lineno++;
		switch (group_line_kind(&line, &why)) {
		case LINE_SKIP:
			continue;
		case LINE_BAD:
			parse_bad_add(&db.bad, lineno, why);
			continue;
		case LINE_DATA:
			break;
		}
		why = group_line(line, &e);
		if (why) {
			parse_bad_add(&db.bad, lineno, why);
			continue;
		}
		if (db.n >= PARSE_MAX_ENTRIES) {
			group_entry_free(&e);
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
	group_free(&db);
	return r;
}

void group_free(struct group_db *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < db->n; i++)
		group_entry_free(&db->v[i]);
	free(db->v);
	memset(db, 0, sizeof(*db));
}

const struct group_entry *group_by_name(const struct group_db *db, const char *name)
{
	size_t i;

	if (!db || !name)
		return NULL;
	for (i = 0; i < db->n; i++)
		if (!strcmp(db->v[i].name, name))
			return &db->v[i];
	return NULL;
}

const struct group_entry *group_by_gid(const struct group_db *db, uint32_t gid)
{
	size_t i;

	if (!db)
		return NULL;
	for (i = 0; i < db->n; i++)
		if (db->v[i].gid == gid)
			return &db->v[i];
	return NULL;
}

/* ---- /etc/gshadow ---- */

static void gshadow_entry_free(struct gshadow_entry *e)
{
	free(e->name);
	if (e->passwd) {
		explicit_bzero(e->passwd, strlen(e->passwd));
		free(e->passwd);
	}
	list_free(e->admins, e->n_admins);
	list_free(e->members, e->n_members);
}

/* Fills *e from one data line; returns a reason when the line is malformed. */
static const char *gshadow_line(struct span line, struct gshadow_entry *e)
{
	struct span f[GSHADOW_FIELDS];
	size_t n = group_split(line, f, GSHADOW_FIELDS);
	enum pw_scheme scheme;

	if (n < GSHADOW_FIELDS)
		return "too few fields";
	if (n > GSHADOW_FIELDS)
		return "too many fields";
	if (!f[0].len)
		return "empty name";
	if (list_parse(f[2], &e->admins, &e->n_admins) < 0)
		return "too many admins";
	if (list_parse(f[3], &e->members, &e->n_members) < 0) {
		list_free(e->admins, e->n_admins);
		e->admins = NULL;
		e->n_admins = 0;
		return "too many members";
	}
	e->name = xstrndup(f[0].p, f[0].len);
	e->passwd = xstrndup(f[1].p, f[1].len);
	pw_classify(e->passwd, &e->state, &scheme);
	return NULL;
}

int gshadow_parse(const char *buf, size_t len, struct gshadow_db *out, struct err *err)
{
	struct gshadow_db db = { 0 };
	struct span rest = SPAN(buf, buf ? len : 0), line;
	size_t alloc = 0, lineno = 0;
	int r = 0;

	while (span_next_line(&rest, &line)) {
		struct gshadow_entry e = { 0 };
		const char *why = NULL;

		lineno++;
		switch (group_line_kind(&line, &why)) {
		case LINE_SKIP:
			continue;
		case LINE_BAD:
			parse_bad_add(&db.bad, lineno, why);
			continue;
		case LINE_DATA:
			break;
		}
		why = gshadow_line(line, &e);
		if (why) {
			parse_bad_add(&db.bad, lineno, why);
			continue;
		}
		if (db.n >= PARSE_MAX_ENTRIES) {
			gshadow_entry_free(&e);
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
	gshadow_free(&db);
	return r;
}

void gshadow_free(struct gshadow_db *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < db->n; i++)
		gshadow_entry_free(&db->v[i]);
	free(db->v);
	memset(db, 0, sizeof(*db));
}
