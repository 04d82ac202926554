#include "parse/fwupd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "parse/strictjson.h"

#include "util/xalloc.h"

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* A string member, cut at FWUPD_MAX_TEXT bytes, or NULL. */
static char *text(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);
	const char *s;
	size_t l;

	if (!v || !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	l = strnlen(s, FWUPD_MAX_TEXT);
	return xstrndup(s, l);
}

static bool has_flag(struct json_object *o, const char *flag)
{
	struct json_object *f = get(o, "Flags");
	size_t i;

	if (!f || !json_object_is_type(f, json_type_array))
		return false;
	for (i = 0; i < json_object_array_length(f); i++) {
		struct json_object *x = json_object_array_get_idx(f, i);
		if (json_object_is_type(x, json_type_string) && !strcmp(json_object_get_string(x), flag))
			return true;
	}
	return false;
}

int fwupd_parse(const char *buf, size_t len, bool updates, struct fwupd_list *out, struct err *err)
{
	struct fwupd_list l = { 0 };
	struct json_object *doc, *devs, *e;
	struct err pe;
	size_t i, j, n;
	int ret = 0;

	if (!buf || !len)
		return err_set(err, -EINVAL, "empty fwupd output");
	if (memchr(buf, '\0', len))
		return err_set(err, -EINVAL, "fwupd output holds a NUL byte");
	ret = strict_json_parse(buf, len, FWUPD_MAX_BYTES, FWUPD_MAX_DEPTH, 0, &doc, &pe);
	if (ret < 0)
		return err_set(err, ret, "fwupd output: %s", pe.msg);
	if ((e = get(doc, "Error"))) {
		l.error = text(e, "Message");
		if (!l.error)
			l.error = xstrdup("unknown error");
		*out = l;
		memset(&l, 0, sizeof(l));
		goto out;
	}
	devs = get(doc, "Devices");
	if (!devs || !json_object_is_type(devs, json_type_array)) {
		ret = err_set(err, -EINVAL, "fwupd output has no \"Devices\" list");
		goto out;
	}
	n = json_object_array_length(devs);
	if (n > FWUPD_MAX_DEVICES) {
		ret = err_set(err, -E2BIG, "fwupd lists more than %d devices", FWUPD_MAX_DEVICES);
		goto out;
	}
	l.v = xcalloc(n ? n : 1, sizeof(*l.v));
	for (i = 0; i < n; i++) {
		struct json_object *d = json_object_array_get_idx(devs, i), *rel;
		struct fwupd_device *fd = &l.v[l.n];

		if (!d || !json_object_is_type(d, json_type_object))
			continue;
		fd->name = text(d, "Name");
		if (!fd->name)
			fd->name = xstrdup("?");
		fd->id = text(d, "DeviceId");
		if (!fd->id)
			fd->id = xstrdup("");
		fd->vendor = text(d, "Vendor");
		fd->version = text(d, "Version");
		fd->updatable = has_flag(d, "updatable");
		rel = get(d, "Releases");
		for (j = 0; rel && json_object_is_type(rel, json_type_array) && j < json_object_array_length(rel); j++) {
			struct json_object *r = json_object_array_get_idx(rel, j);
			bool up = updates ? !has_flag(r, "is-downgrade") : has_flag(r, "is-upgrade");

			if (!r || !json_object_is_type(r, json_type_object) || !up)
				continue;
			if (!fd->n_upgrades++) {
				fd->upgrade_version = text(r, "Version");
				fd->upgrade_summary = text(r, "Summary");
				fd->upgrade_urgency = text(r, "Urgency");
			}
		}
		l.n++;
	}
	*out = l;
	memset(&l, 0, sizeof(l));
out:
	fwupd_free(&l);
	if (doc)
		json_object_put(doc);
	return ret;
}

void fwupd_free(struct fwupd_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].id);
		free(l->v[i].vendor);
		free(l->v[i].version);
		free(l->v[i].upgrade_version);
		free(l->v[i].upgrade_summary);
		free(l->v[i].upgrade_urgency);
	}
	free(l->v);
	free(l->error);
	memset(l, 0, sizeof(*l));
}
