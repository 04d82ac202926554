/* The mount table through libmount. See mountinfo.h. */
#include "parse/mountinfo.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/lazylib.h"
#include "util/xalloc.h"

/* libmount, loaded when first needed (util/lazylib); mountinfo_parse loads it before any call */
#define MNT kmount_load(NULL)

struct errctx {
	struct parse_bad *bad;
};

/* libmount calls this for a line it cannot read; 1 = skip the line and go on. */
static int on_parse_error(struct libmnt_table *tb, const char *filename, int line)
{
	struct errctx *c = MNT->table_get_userdata(tb);

	(void)filename;
	if (c)
		parse_bad_add(c->bad, line > 0 ? (size_t)line : 0, "not a mount table line");
	return 1;
}

static bool has_opt(const char *optstr, const char *name)
{
	return optstr && MNT->optstr_get_option(optstr, name, NULL, NULL) == 0;
}

void mount_table_free(struct mount_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->v[i].target);
		free(t->v[i].source);
		free(t->v[i].fstype);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

int mountinfo_parse(const char *buf, size_t len, struct mount_table *out, struct err *err)
{
	const struct kmount *mnt;
	struct mount_table t = { 0 };
	struct errctx ctx = { &t.bad };
	struct libmnt_table *tb = NULL;
	struct libmnt_iter *it = NULL;
	struct libmnt_fs *fs;
	FILE *f = NULL;
	size_t alloc = 0;
	int r = 0;

	if (len > MOUNTINFO_MAX_BYTES)
		return err_set(err, -EFBIG, "mount table larger than %zu bytes", MOUNTINFO_MAX_BYTES);
	if (len && memchr(buf, '\0', len))
		return err_set(err, -EINVAL, "mount table holds a NUL byte");
	if (!len) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	mnt = kmount_load(err);
	if (!mnt)
		return -ENOENT;
	tb = mnt->new_table();
	it = mnt->new_iter(MNT_ITER_FORWARD);
	f = fmemopen((void *)(uintptr_t)buf, len, "r");
	if (!tb || !it || !f) {
		r = err_set(err, -ENOMEM, "cannot read the mount table: out of memory");
		goto out;
	}
	mnt->table_set_userdata(tb, &ctx);
	mnt->table_set_parser_errcb(tb, on_parse_error);
	if (mnt->table_parse_stream(tb, f, "mountinfo") < 0) {
		r = err_set(err, -EINVAL, "cannot read the mount table");
		goto out;
	}
	while (mnt->table_next_fs(tb, it, &fs) == 0) {
		struct mount_entry *e;
		const char *target = mnt->fs_get_target(fs);

		if (!target || target[0] != '/')
			continue;
		if (t.n >= MOUNTINFO_MAX_ENTRIES) {
			r = err_set(err, -E2BIG, "more than %zu mounts", MOUNTINFO_MAX_ENTRIES);
			goto out;
		}
		ALLOC_GROW(t.v, t.n + 1, alloc);
		e = &t.v[t.n++];
		e->target = xstrdup(target);
		e->source = xstrdup(mnt->fs_get_source(fs) ? mnt->fs_get_source(fs) : "");
		e->fstype = xstrdup(mnt->fs_get_fstype(fs) ? mnt->fs_get_fstype(fs) : "");
		e->read_only = has_opt(mnt->fs_get_vfs_options(fs), "ro") || has_opt(mnt->fs_get_fs_options(fs), "ro") ||
			       (!mnt->fs_get_vfs_options(fs) && has_opt(mnt->fs_get_options(fs), "ro"));
		e->netfs = mnt->fs_is_netfs(fs) == 1;
	}
	*out = t;
	memset(&t, 0, sizeof(t));
out:
	if (f)
		fclose(f);
	if (it)
		mnt->free_iter(it);
	if (tb)
		mnt->unref_table(tb);
	mount_table_free(&t);
	return r;
}

/* True when mount point m is path or a parent directory of it. */
static bool covers(const char *m, const char *path)
{
	size_t n = strlen(m);

	if (!strcmp(m, "/"))
		return path[0] == '/';
	return !strncmp(m, path, n) && (path[n] == '\0' || path[n] == '/');
}

const struct mount_entry *mount_find(const struct mount_table *t, const char *path)
{
	const struct mount_entry *best = NULL;
	size_t i, best_len = 0;

	for (i = 0; i < t->n; i++) {
		size_t n = strlen(t->v[i].target);

		if (covers(t->v[i].target, path) && (!best || n >= best_len)) {
			best = &t->v[i];
			best_len = n;
		}
	}
	return best;
}
