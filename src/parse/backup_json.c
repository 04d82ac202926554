/* restic and borg JSON through json-c: bytes in, structs out. See backup_json.h. */
#include "parse/backup_json.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "parse/strictjson.h"

#include "util/span.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* A string member without NUL bytes, at most max bytes; NULL otherwise. */
static const char *get_str(struct json_object *obj, const char *key, size_t max, size_t *len_out)
{
	struct json_object *v;
	const char *s;
	int len;

	if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	len = json_object_get_string_len(v);
	if (!s || len < 0 || (size_t)len > max || memchr(s, '\0', (size_t)len))
		return NULL;
	if (len_out)
		*len_out = (size_t)len;
	return s;
}

/* An RFC 3339 time; borg's have no zone (it runs with TZ=UTC), so "Z" is added when none is given. */
static int get_time(struct json_object *obj, const char *key, bool add_zone, time_t *out)
{
	char tmp[64];
	size_t len;
	const char *s = get_str(obj, key, sizeof(tmp) - 2, &len);

	if (!s)
		return -EINVAL;
	memcpy(tmp, s, len);
	if (add_zone && len > 19 && tmp[len - 1] != 'Z' && !memchr(tmp + 19, '+', len - 19) &&
	    !memchr(tmp + 19, '-', len - 19))
		tmp[len++] = 'Z';
	tmp[len] = '\0';
	return time_parse_iso8601(tmp, len, out);
}

static void snapshot_free(struct backup_snapshot *s)
{
	size_t i;

	free(s->id);
	free(s->short_id);
	free(s->hostname);
	for (i = 0; i < s->n_paths; i++)
		free(s->paths[i]);
	free(s->paths);
	memset(s, 0, sizeof(*s));
}

void backup_snapshots_free(struct backup_snapshots *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		snapshot_free(&s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

long backup_snapshots_newest(const struct backup_snapshots *s)
{
	long best = -1;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (best < 0 || s->v[i].time > s->v[(size_t)best].time)
			best = (long)i;
	return best;
}

/* One element of restic's array, or of borg's "archives". */
static int snapshot_from(struct json_object *o, bool borg, struct backup_snapshot *out, const char **why)
{
	const char *id, *sid, *host;
	struct json_object *paths;
	size_t i, n;

	memset(out, 0, sizeof(*out));
	if (!json_object_is_type(o, json_type_object)) {
		*why = "not an object";
		return -EINVAL;
	}
	id = get_str(o, borg ? "name" : "id", BACKUP_MAX_ID, NULL);
	if (!id || !*id) {
		*why = "no ID";
		return -EINVAL;
	}
	if (get_time(o, borg ? "start" : "time", borg, &out->time) < 0 &&
	    (!borg || get_time(o, "time", true, &out->time) < 0)) {
		*why = "no valid time";
		return -EINVAL;
	}
	sid = get_str(o, borg ? "id" : "short_id", BACKUP_MAX_ID, NULL);
	host = get_str(o, "hostname", 256, NULL);
	out->id = xstrdup(id);
	out->short_id = xstrndup(sid ? sid : "", sid ? (borg && strlen(sid) > 8 ? 8 : strlen(sid)) : 0);
	out->hostname = xstrdup(host ? host : "");
	if (!borg && json_object_object_get_ex(o, "paths", &paths) && json_object_is_type(paths, json_type_array)) {
		n = json_object_array_length(paths);
		if (n > BACKUP_MAX_SNAPSHOT_PATHS)
			n = BACKUP_MAX_SNAPSHOT_PATHS;
		out->paths = xcalloc(n ? n : 1, sizeof(*out->paths));
		for (i = 0; i < n; i++) {
			struct json_object *p = json_object_array_get_idx(paths, i);
			const char *s;
			int len;

			if (!json_object_is_type(p, json_type_string))
				continue;
			s = json_object_get_string(p);
			len = json_object_get_string_len(p);
			if (!s || len <= 0 || (size_t)len > BACKUP_MAX_PATH || memchr(s, '\0', (size_t)len))
				continue;
			out->paths[out->n_paths++] = xstrndup(s, (size_t)len);
		}
	}
	return 0;
}

static int snapshots_from_array(struct json_object *arr, bool borg, struct backup_snapshots *out, struct err *err)
{
	struct backup_snapshots r = { 0 };
	size_t i, n = json_object_array_length(arr);

	if (n > BACKUP_MAX_SNAPSHOTS)
		return err_set(err, -EFBIG, "more than %zu snapshots", BACKUP_MAX_SNAPSHOTS);
	r.v = xcalloc(n ? n : 1, sizeof(*r.v));
	for (i = 0; i < n; i++) {
		const char *why = NULL;

		if (snapshot_from(json_object_array_get_idx(arr, i), borg, &r.v[r.n], &why) < 0) {
			snapshot_free(&r.v[r.n]);
			parse_bad_add(&r.bad, i + 1, why);
			continue;
		}
		r.n++;
	}
	*out = r;
	return 0;
}

int restic_snapshots_parse(const char *buf, size_t len, struct backup_snapshots *out, struct err *err)
{
	struct json_object *o;
	struct err e;
	int r;

	r = strict_json_parse(buf, len, BACKUP_JSON_MAX_BYTES, BACKUP_JSON_MAX_DEPTH,
			      STRICT_JSON_NULL_OK | STRICT_JSON_ANY_BYTES, &o, &e);
	if (r < 0)
		return err_set(err, r, "restic snapshot list: %s", e.msg);
	/* "restic snapshots --json" prints null for an empty repository in some versions. */
	if (!o) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	if (!json_object_is_type(o, json_type_array)) {
		json_object_put(o);
		return err_set(err, -EINVAL, "restic snapshot list: not a JSON array");
	}
	r = snapshots_from_array(o, false, out, err);
	json_object_put(o);
	return r;
}

int borg_archives_parse(const char *buf, size_t len, struct backup_snapshots *out, struct err *err)
{
	struct json_object *o, *arr;
	struct err e;
	int r;

	r = strict_json_parse(buf, len, BACKUP_JSON_MAX_BYTES, BACKUP_JSON_MAX_DEPTH, STRICT_JSON_ANY_BYTES, &o, &e);
	if (r < 0)
		return err_set(err, r, "borg archive list: %s", e.msg);
	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, "archives", &arr) ||
	    !json_object_is_type(arr, json_type_array)) {
		json_object_put(o);
		return err_set(err, -EINVAL, "borg archive list: no \"archives\" array");
	}
	r = snapshots_from_array(arr, true, out, err);
	json_object_put(o);
	return r;
}

void backup_listing_free(struct backup_listing *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	if (l->have_snap)
		snapshot_free(&l->snap);
	memset(l, 0, sizeof(*l));
}

static enum backup_entry_type restic_type(const char *t)
{
	if (!t)
		return BE_OTHER;
	if (!strcmp(t, "file"))
		return BE_FILE;
	if (!strcmp(t, "dir"))
		return BE_DIR;
	if (!strcmp(t, "symlink"))
		return BE_LINK;
	return BE_OTHER;
}

static enum backup_entry_type borg_type(const char *t)
{
	if (!t || strlen(t) != 1)
		return BE_OTHER;
	switch (t[0]) {
	case '-':
		return BE_FILE;
	case 'd':
		return BE_DIR;
	case 'l':
		return BE_LINK;
	default:
		return BE_OTHER;
	}
}

/* One JSON line into an entry; 1 when the line is restic's snapshot header (skipped). */
static int entry_from(struct json_object *o, bool borg, struct backup_entry *e, const char **why)
{
	struct json_object *v;
	const char *path, *st;
	size_t plen;

	if (!json_object_is_type(o, json_type_object)) {
		*why = "not an object";
		return -EINVAL;
	}
	st = get_str(o, "struct_type", 32, NULL);
	if (!borg && st && !strcmp(st, "snapshot"))
		return 1;
	path = get_str(o, "path", BACKUP_MAX_PATH, &plen);
	if (!path || !plen) {
		*why = "no path";
		return -EINVAL;
	}
	memset(e, 0, sizeof(*e));
	e->type = borg ? borg_type(get_str(o, "type", 8, NULL)) : restic_type(get_str(o, "type", 16, NULL));
	if (json_object_object_get_ex(o, "size", &v)) {
		int64_t sz;

		if (!json_object_is_type(v, json_type_int) || (sz = json_object_get_int64(v)) < 0) {
			*why = "bad size";
			return -EINVAL;
		}
		e->size = (uint64_t)sz;
	}
	if (get_time(o, "mtime", borg, &e->mtime) < 0)
		e->mtime = 0;
	e->path = xstrndup(path, plen);
	return 0;
}

static int listing_parse(const char *buf, size_t len, bool borg, struct backup_listing *out, struct err *err)
{
	struct backup_listing l = { 0 };
	struct span rest = SPAN(buf, len), line;
	struct json_tokener *tok;
	size_t alloc = 0, lineno = 0;

	if (len > BACKUP_JSON_MAX_BYTES)
		return err_set(err, -EFBIG, "listing larger than %zu bytes", BACKUP_JSON_MAX_BYTES);
	tok = json_tokener_new_ex(BACKUP_JSON_MAX_DEPTH);
	if (!tok)
		return err_set(err, -ENOMEM, "out of memory");
	while (span_next_line(&rest, &line)) {
		struct json_object *o;
		struct backup_entry e;
		const char *why = "invalid JSON";
		int r;

		lineno++;
		if (!line.len)
			continue;
		if (line.len > PARSE_MAX_LINE) {
			parse_bad_add(&l.bad, lineno, "line too long");
			continue;
		}
		json_tokener_reset(tok);
		o = json_tokener_parse_ex(tok, line.p, (int)line.len);
		if (!o || json_tokener_get_error(tok) != json_tokener_success ||
		    json_tokener_get_parse_end(tok) != line.len) {
			json_object_put(o);
			parse_bad_add(&l.bad, lineno, "invalid JSON");
			continue;
		}
		r = entry_from(o, borg, &e, &why);
		if (r == 1 && !borg && !l.have_snap && !l.n && snapshot_from(o, false, &l.snap, &why) == 0)
			l.have_snap = true;
		json_object_put(o);
		if (r == 1)
			continue;
		if (r < 0) {
			parse_bad_add(&l.bad, lineno, why);
			continue;
		}
		if (l.n >= PARSE_MAX_ENTRIES) {
			free(e.path);
			json_tokener_free(tok);
			backup_listing_free(&l);
			return err_set(err, -E2BIG, "more than %zu entries in the listing", PARSE_MAX_ENTRIES);
		}
		ALLOC_GROW(l.v, l.n + 1, alloc);
		l.v[l.n++] = e;
		if (e.type == BE_FILE) {
			l.n_files++;
			l.file_bytes = e.size > UINT64_MAX - l.file_bytes ? UINT64_MAX : l.file_bytes + e.size;
		}
	}
	json_tokener_free(tok);
	*out = l;
	return 0;
}

int restic_ls_parse(const char *buf, size_t len, struct backup_listing *out, struct err *err)
{
	return listing_parse(buf, len, false, out, err);
}

int borg_items_parse(const char *buf, size_t len, struct backup_listing *out, struct err *err)
{
	return listing_parse(buf, len, true, out, err);
}
