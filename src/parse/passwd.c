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
	e.name = arena_strndup(&b->db.mem, f[0].p, f[0].len);
	e.passwd = arena_strndup(&b->db.mem, f[1].p, f[1].len);
	e.gecos = arena_strndup(&b->db.mem, f[4].p, f[4].len);
	e.dir = arena_strndup(&b->db.mem, f[5].p, f[5].len);
	e.shell = arena_strndup(&b->db.mem, f[6].p, f[6].len);
	ALLOC_GROW(b->db.v, b->db.n + 1, b->alloc);
	b->db.v[b->db.n++] = e;
	return NULL;
}

/* ---- the indexes: by name, uid and primary gid ---- */

static uint64_t hash_name(const void *ctx, size_t i)
{
	return hidx_hash_str(((const struct passwd_db *)ctx)->v[i].name);
}

static const void *name_of(const void *ctx, size_t i)
{
	return ((const struct passwd_db *)ctx)->v[i].name;
}

static bool name_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct passwd_db *)ctx)->v[i].name, key) == 0;
}

static uint64_t hash_uid(const void *ctx, size_t i)
{
	return hidx_hash_u64(((const struct passwd_db *)ctx)->v[i].uid);
}

static const void *uid_of(const void *ctx, size_t i)
{
	return &((const struct passwd_db *)ctx)->v[i].uid;
}

static bool uid_is(const void *ctx, size_t i, const void *key)
{
	return ((const struct passwd_db *)ctx)->v[i].uid == *(const uint32_t *)key;
}

static uint64_t hash_gid(const void *ctx, size_t i)
{
	return hidx_hash_u64(((const struct passwd_db *)ctx)->v[i].gid);
}

static const void *gid_of(const void *ctx, size_t i)
{
	return &((const struct passwd_db *)ctx)->v[i].gid;
}

static bool gid_is(const void *ctx, size_t i, const void *key)
{
	return ((const struct passwd_db *)ctx)->v[i].gid == *(const uint32_t *)key;
}

int passwd_parse(const char *buf, size_t len, struct passwd_db *out, struct err *err)
{
	struct passwd_build b = { 0 };
	int r = colonfile_walk(buf, len, PASSWD_FIELDS, passwd_line, &b, &b.db.bad, err);

	if (r < 0) {
		passwd_free(&b.db);
		return r;
	}
	if (b.db.n)
		b.db.v = xrealloc(b.db.v, st_mult(b.db.n, sizeof(*b.db.v)));
	hidx_build(&b.db.by_name, b.db.n, &b.db, hash_name, name_is, name_of);
	hidx_build(&b.db.by_uid, b.db.n, &b.db, hash_uid, uid_is, uid_of);
	hidx_build(&b.db.by_gid, b.db.n, &b.db, hash_gid, gid_is, gid_of);
	*out = b.db;
	return r;
}

void passwd_free(struct passwd_db *db)
{
	if (!db)
		return;
	arena_release(&db->mem);
	free(db->v);
	hidx_free(&db->by_name);
	hidx_free(&db->by_uid);
	hidx_free(&db->by_gid);
	memset(db, 0, sizeof(*db));
}

/* The first entry from `from` on with key (a db filled by hand has no index). */
static size_t scan(const struct passwd_db *db, size_t from, hidx_eq_fn eq, const void *key)
{
	size_t i;

	for (i = from; i < db->n; i++)
		if (eq(db, i, key))
			return i;
	return HIDX_NONE;
}

size_t passwd_find_name(const struct passwd_db *db, const char *name)
{
	if (!db || !name)
		return HIDX_NONE;
	if (!hidx_built(&db->by_name))
		return scan(db, 0, name_is, name);
	return hidx_find(&db->by_name, hidx_hash_str(name), db, name_is, name);
}

size_t passwd_next_name(const struct passwd_db *db, size_t i)
{
	if (!hidx_built(&db->by_name))
		return i + 1 < db->n ? scan(db, i + 1, name_is, db->v[i].name) : HIDX_NONE;
	return hidx_next(&db->by_name, i);
}

size_t passwd_find_uid(const struct passwd_db *db, uint32_t uid)
{
	if (!db)
		return HIDX_NONE;
	if (!hidx_built(&db->by_uid))
		return scan(db, 0, uid_is, &uid);
	return hidx_find(&db->by_uid, hidx_hash_u64(uid), db, uid_is, &uid);
}

size_t passwd_next_uid(const struct passwd_db *db, size_t i)
{
	if (!hidx_built(&db->by_uid))
		return i + 1 < db->n ? scan(db, i + 1, uid_is, &db->v[i].uid) : HIDX_NONE;
	return hidx_next(&db->by_uid, i);
}

size_t passwd_find_gid(const struct passwd_db *db, uint32_t gid)
{
	if (!db)
		return HIDX_NONE;
	if (!hidx_built(&db->by_gid))
		return scan(db, 0, gid_is, &gid);
	return hidx_find(&db->by_gid, hidx_hash_u64(gid), db, gid_is, &gid);
}

size_t passwd_next_gid(const struct passwd_db *db, size_t i)
{
	if (!hidx_built(&db->by_gid))
		return i + 1 < db->n ? scan(db, i + 1, gid_is, &db->v[i].gid) : HIDX_NONE;
	return hidx_next(&db->by_gid, i);
}

const struct passwd_entry *passwd_by_name(const struct passwd_db *db, const char *name)
{
	size_t i = passwd_find_name(db, name);

	return i == HIDX_NONE ? NULL : &db->v[i];
}
