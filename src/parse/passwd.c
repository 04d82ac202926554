/*
 * /etc/passwd: name:passwd:uid:gid:gecos:dir:shell, one entry a line.
 * Lines are read as glibc's nss_files reads them: leading white space is
 * skipped, blank and '#' lines are ignored. Anything else that is not
 * exactly seven fields with strict numbers is a bad line.
 */
#include "parse/accounts.h"

#include <stdlib.h>
#include <string.h>

#include "parse/colonfile.h"
#include "util/num.h"
#include "util/span.h"
#include "util/xalloc.h"

#define PASSWD_FIELDS 7

/* The entries kept so far. */
struct passwd_build {
	struct passwd_db db;
	size_t alloc;
};

/* Keeps the entry of one data line; returns a reason when the line is malformed. */
static const char *passwd_line(void *ctx, const struct span *f, size_t line)
{
	struct passwd_build *b = ctx;
	struct passwd_entry e = { .line = line };

	if (parse_u32(f[2].p, f[2].len, &e.uid) < 0)
		return "bad uid";
	if (parse_u32(f[3].p, f[3].len, &e.gid) < 0)
		return "bad gid";
	e.name = xstrndup(f[0].p, f[0].len);
	e.passwd = xstrndup(f[1].p, f[1].len);
	e.gecos = xstrndup(f[4].p, f[4].len);
	e.dir = xstrndup(f[5].p, f[5].len);
	e.shell = xstrndup(f[6].p, f[6].len);
	ALLOC_GROW(b->db.v, b->db.n + 1, b->alloc);
	b->db.v[b->db.n++] = e;
	return NULL;
}

int passwd_parse(const char *buf, size_t len, struct passwd_db *out, struct err *err)
{
	struct passwd_build b = { 0 };
	int r = colonfile_walk(buf, len, PASSWD_FIELDS, passwd_line, &b, &b.db.bad, err);

	if (r < 0)
		passwd_free(&b.db);
	else
		*out = b.db;
	return r;
}

void passwd_free(struct passwd_db *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < db->n; i++) {
		struct passwd_entry *e = &db->v[i];

		free(e->name);
		free(e->passwd);
		free(e->gecos);
		free(e->dir);
		free(e->shell);
	}
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
