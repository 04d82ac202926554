/*
 * /etc/group (name:passwd:gid:members) and /etc/gshadow
 * (name:passwd:admins:members). Member lists are read as glibc reads them:
 * ',' separated, white space before an item skipped, empty items dropped.
 */
#include "parse/accounts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/colonfile.h"
#include "util/num.h"
#include "util/span.h"
#include "util/xalloc.h"

#define GROUP_FIELDS 4
#define GSHADOW_FIELDS 4

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
		item = colonfile_skip_space(item);
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

/* The entries kept so far. */
struct group_build {
	struct group_db db;
	size_t alloc;
};

/* Keeps the entry of one data line; returns a reason when the line is malformed. */
static const char *group_line(void *ctx, const struct span *f, size_t line)
{
	struct group_build *b = ctx;
	struct group_entry e = { .line = line };

	if (parse_u32(f[2].p, f[2].len, &e.gid) < 0)
		return "bad gid";
	if (list_parse(f[3], &e.members, &e.n_members) < 0)
		return "too many members";
	e.name = xstrndup(f[0].p, f[0].len);
	e.passwd = xstrndup(f[1].p, f[1].len);
	ALLOC_GROW(b->db.v, b->db.n + 1, b->alloc);
	b->db.v[b->db.n++] = e;
	return NULL;
}

static uint64_t hash_name(const void *ctx, size_t i)
{
	return hidx_hash_str(((const struct group_db *)ctx)->v[i].name);
}

static const void *name_of(const void *ctx, size_t i)
{
	return ((const struct group_db *)ctx)->v[i].name;
}

static bool name_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct group_db *)ctx)->v[i].name, key) == 0;
}

static uint64_t hash_gid(const void *ctx, size_t i)
{
	return hidx_hash_u64(((const struct group_db *)ctx)->v[i].gid);
}

static const void *gid_of(const void *ctx, size_t i)
{
	return &((const struct group_db *)ctx)->v[i].gid;
}

static bool gid_is(const void *ctx, size_t i, const void *key)
{
	return ((const struct group_db *)ctx)->v[i].gid == *(const uint32_t *)key;
}

int group_parse(const char *buf, size_t len, struct group_db *out, struct err *err)
{
	struct group_build b = { 0 };
	int r = colonfile_walk(buf, len, GROUP_FIELDS, group_line, &b, &b.db.bad, err);

	if (r < 0) {
		group_free(&b.db);
		return r;
	}
	hidx_build(&b.db.by_name, b.db.n, &b.db, hash_name, name_is, name_of);
	hidx_build(&b.db.by_gid, b.db.n, &b.db, hash_gid, gid_is, gid_of);
	*out = b.db;
	return r;
}

void group_free(struct group_db *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < db->n; i++) {
		struct group_entry *e = &db->v[i];

		free(e->name);
		free(e->passwd);
		list_free(e->members, e->n_members);
	}
	free(db->v);
	hidx_free(&db->by_name);
	hidx_free(&db->by_gid);
	memset(db, 0, sizeof(*db));
}

const struct group_entry *group_by_name(const struct group_db *db, const char *name)
{
	size_t i;

	if (!db || !name)
		return NULL;
	if (hidx_built(&db->by_name)) {
		i = hidx_find(&db->by_name, hidx_hash_str(name), db, name_is, name);
		return i == HIDX_NONE ? NULL : &db->v[i];
	}
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
	if (hidx_built(&db->by_gid)) {
		i = hidx_find(&db->by_gid, hidx_hash_u64(gid), db, gid_is, &gid);
		return i == HIDX_NONE ? NULL : &db->v[i];
	}
	for (i = 0; i < db->n; i++)
		if (db->v[i].gid == gid)
			return &db->v[i];
	return NULL;
}

/* ---- /etc/gshadow ---- */

/* The entries kept so far. */
struct gshadow_build {
	struct gshadow_db db;
	size_t alloc;
};

/* Keeps the entry of one data line; returns a reason when the line is malformed. */
static const char *gshadow_line(void *ctx, const struct span *f, size_t line)
{
	struct gshadow_build *b = ctx;
	struct gshadow_entry e = { .line = line };
	enum pw_scheme scheme;

	if (list_parse(f[2], &e.admins, &e.n_admins) < 0)
		return "too many admins";
	if (list_parse(f[3], &e.members, &e.n_members) < 0) {
		list_free(e.admins, e.n_admins);
		return "too many members";
	}
	e.name = xstrndup(f[0].p, f[0].len);
	e.passwd = xstrndup(f[1].p, f[1].len);
	pw_classify(e.passwd, &e.state, &scheme);
	ALLOC_GROW(b->db.v, b->db.n + 1, b->alloc);
	b->db.v[b->db.n++] = e;
	return NULL;
}

int gshadow_parse(const char *buf, size_t len, struct gshadow_db *out, struct err *err)
{
	struct gshadow_build b = { 0 };
	int r = colonfile_walk(buf, len, GSHADOW_FIELDS, gshadow_line, &b, &b.db.bad, err);

	if (r < 0)
		gshadow_free(&b.db);
	else
		*out = b.db;
	return r;
}

void gshadow_free(struct gshadow_db *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < db->n; i++) {
		struct gshadow_entry *e = &db->v[i];

		free(e->name);
		if (e->passwd) {
			explicit_bzero(e->passwd, strlen(e->passwd));
			free(e->passwd);
		}
		list_free(e->admins, e->n_admins);
		list_free(e->members, e->n_members);
	}
	free(db->v);
	memset(db, 0, sizeof(*db));
}
