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

/* Items of a ',' list (empty ones dropped), or -E2BIG over PARSE_MAX_LIST. */
static long list_count(struct span s)
{
	struct span item;
	size_t n = 0;
	bool more;

	do {
		more = span_split(&s, ',', &item);
		item = colonfile_skip_space(item);
		if (item.len && ++n > PARSE_MAX_LIST)
			return -E2BIG;
	} while (more);
	return (long)n;
}

/* Splits a ',' list of n items (list_count) into *out (NULL when empty), in the arena. */
static void list_copy(struct arena *a, struct span s, size_t n, char ***out, size_t *n_out)
{
	char **v = n ? arena_zalloc(a, st_mult(n, sizeof(*v))) : NULL;
	struct span item;
	size_t k = 0;
	bool more;

	do {
		more = span_split(&s, ',', &item);
		item = colonfile_skip_space(item);
		if (item.len && k < n)
			v[k++] = arena_strndup(a, item.p, item.len);
	} while (more);
	*out = v;
	*n_out = k;
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

	long n;

	if (parse_u32(f[2].p, f[2].len, &e.gid) < 0)
		return "bad gid";
	if ((n = list_count(f[3])) < 0)
		return "too many members";
	list_copy(&b->db.mem, f[3], (size_t)n, &e.members, &e.n_members);
	e.name = arena_strndup(&b->db.mem, f[0].p, f[0].len);
	e.passwd = arena_strndup(&b->db.mem, f[1].p, f[1].len);
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
	if (!db)
		return;
	arena_release(&db->mem);
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

	long na, nm;

	if ((na = list_count(f[2])) < 0)
		return "too many admins";
	if ((nm = list_count(f[3])) < 0)
		return "too many members";
	list_copy(&b->db.mem, f[2], (size_t)na, &e.admins, &e.n_admins);
	list_copy(&b->db.mem, f[3], (size_t)nm, &e.members, &e.n_members);
	e.name = arena_strndup(&b->db.mem, f[0].p, f[0].len);
	e.passwd = arena_strndup(&b->db.mem, f[1].p, f[1].len);
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
	for (i = 0; i < db->n; i++)
		if (db->v[i].passwd)
			explicit_bzero(db->v[i].passwd, strlen(db->v[i].passwd));
	arena_release(&db->mem);
	free(db->v);
	memset(db, 0, sizeof(*db));
}
