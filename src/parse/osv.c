#include "parse/osv.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "parse/strictjson.h"

#include "parse/dpkg_version.h"
#include "parse/feedutil.h"
#include "util/xalloc.h"

#define OSV_MAX_ID 128
#define OSV_MAX_NAME 512

void osv_free(struct osv_record *r)
{
	size_t i, j;

	if (!r)
		return;
	free(r->id);
	free(r->modified);
	free(r->summary);
	for (i = 0; i < r->n_cves; i++)
		free(r->cves[i]);
	free(r->cves);
	for (i = 0; i < r->n_aff; i++) {
		struct osv_affected *a = &r->aff[i];

		free(a->ecosystem);
		free(a->release);
		free(a->package);
		for (j = 0; j < a->n_ranges; j++) {
			free(a->ranges[j].introduced);
			free(a->ranges[j].fixed);
			free(a->ranges[j].last_affected);
		}
		free(a->ranges);
	}
	free(r->aff);
	memset(r, 0, sizeof(*r));
}

static bool has_cve(const struct osv_record *r, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < r->n_cves; i++)
		if (strlen(r->cves[i]) == len && !memcmp(r->cves[i], s, len))
			return true;
	return false;
}

static void add_cve(struct osv_record *r, const char *s, size_t len)
{
	if (!cve_id_valid(s, len) || has_cve(r, s, len))
		return;
	r->cves = xrealloc(r->cves, st_mult(r->n_cves + 1, sizeof(*r->cves)));
	r->cves[r->n_cves++] = xstrndup(s, len);
}

static int cve_list(struct json_object *root, const char *key, struct osv_record *r, struct err *err)
{
	struct json_object *a;
	size_t i, n;

	if (!json_object_object_get_ex(root, key, &a) || !a)
		return 0;
	if (!json_object_is_type(a, json_type_array))
		return err_set(err, -EINVAL, "%s: \"%s\" is not a list", r->id, key);
	n = json_object_array_length(a);
	if (n > OSV_MAX_ITEMS)
		return err_set(err, -EFBIG, "%s: more than %d %s", r->id, OSV_MAX_ITEMS, key);
	for (i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(a, i);

		if (!json_object_is_type(v, json_type_string))
			return err_set(err, -EINVAL, "%s: %s[%zu] is not a string", r->id, key, i);
		add_cve(r, json_object_get_string(v), (size_t)json_object_get_string_len(v));
	}
	return 0;
}

/* A version from an event: a Debian version for Debian ecosystems, any short word elsewhere. */
static int event_version(const char *id, struct json_object *ev, const char *key, bool debian, char **out,
			 struct err *err)
{
	struct dpkg_version dv;
	const char *why;
	size_t len;
	bool bad = false;
	const char *s = json_str(ev, key, DPKG_VERSION_MAX, &len, &bad);

	if (bad || (s && !len))
		return err_set(err, -EINVAL, "%s: invalid \"%s\" event", id, key);
	if (!s)
		return 0;
	if (debian && !(len == 1 && s[0] == '0') && dpkg_version_parse(s, len, &dv, &why) < 0)
		return err_set(err, -EINVAL, "%s: invalid Debian version in \"%s\": %s", id, key, why);
	free(*out);
	*out = xstrndup(s, len);
	return 0;
}

static int ranges(struct json_object *aff, struct osv_record *r, struct osv_affected *a, struct err *err)
{
	struct json_object *rs;
	size_t i, j, n, alloc = 0;
	bool debian = a->release != NULL;

	if (!json_object_object_get_ex(aff, "ranges", &rs) || !rs)
		return 0;
	if (!json_object_is_type(rs, json_type_array))
		return err_set(err, -EINVAL, "%s: \"ranges\" is not a list", r->id);
	n = json_object_array_length(rs);
	if (n > OSV_MAX_ITEMS)
		return err_set(err, -EFBIG, "%s: too many ranges", r->id);
	for (i = 0; i < n; i++) {
		struct json_object *rg = json_object_array_get_idx(rs, i), *evs;
		const char *type;
		size_t tlen, ne;
		bool bad = false;
		struct osv_range cur = { 0 };
		bool open = false;
		int e;

		type = json_str(rg, "type", 32, &tlen, &bad);
		if (!type || bad)
			return err_set(err, -EINVAL, "%s: a range has no type", r->id);
		if (strcmp(type, "ECOSYSTEM") != 0)
			continue;	/* GIT and SEMVER ranges do not name package versions */
		if (!json_object_object_get_ex(rg, "events", &evs) || !json_object_is_type(evs, json_type_array))
			return err_set(err, -EINVAL, "%s: a range has no events", r->id);
		ne = json_object_array_length(evs);
		if (ne > OSV_MAX_ITEMS)
			return err_set(err, -EFBIG, "%s: too many events", r->id);
		for (j = 0; j <= ne; j++) {
			struct json_object *ev = j < ne ? json_object_array_get_idx(evs, j) : NULL;
			bool intro = ev && json_object_object_get_ex(ev, "introduced", NULL);

			if (ev && !json_object_is_type(ev, json_type_object))
				return err_set(err, -EINVAL, "%s: an event is not an object", r->id);
			/* a range ends at a fixed/last_affected event, or when the next one starts */
			if (open && (!ev || intro)) {
				if (a->n_ranges >= OSV_MAX_ITEMS) {
					free(cur.introduced);
					free(cur.fixed);
					free(cur.last_affected);
					return err_set(err, -EFBIG, "%s: too many ranges", r->id);
				}
				ALLOC_GROW(a->ranges, a->n_ranges + 1, alloc);
				a->ranges[a->n_ranges++] = cur;
				memset(&cur, 0, sizeof(cur));
				open = false;
			}
			if (!ev)
				break;
			if (intro) {
				e = event_version(r->id, ev, "introduced", debian, &cur.introduced, err);
				open = true;
			} else if (!open) {
				continue;	/* "fixed" before any "introduced": nothing to close */
			} else {
				e = event_version(r->id, ev, "fixed", debian, &cur.fixed, err);
				if (e == 0)
					e = event_version(r->id, ev, "last_affected", debian, &cur.last_affected, err);
			}
			if (e < 0) {
				free(cur.introduced);
				free(cur.fixed);
				free(cur.last_affected);
				return e;
			}
		}
	}
	return 0;
}

static int affected(struct json_object *root, struct osv_record *r, struct err *err)
{
	struct json_object *as;
	size_t i, n;

	if (!json_object_object_get_ex(root, "affected", &as) || !as)
		return 0;
	if (!json_object_is_type(as, json_type_array))
		return err_set(err, -EINVAL, "%s: \"affected\" is not a list", r->id);
	n = json_object_array_length(as);
	if (n > OSV_MAX_ITEMS)
		return err_set(err, -EFBIG, "%s: too many affected packages", r->id);
	r->aff = xcalloc(n ? n : 1, sizeof(*r->aff));
	for (i = 0; i < n; i++) {
		struct json_object *af = json_object_array_get_idx(as, i), *pkg;
		struct osv_affected *a = &r->aff[r->n_aff];
		const char *eco, *name;
		size_t elen, nlen;
		bool bad = false;
		int e;

		if (!json_object_object_get_ex(af, "package", &pkg))
			continue;	/* allowed by the schema; nothing to match */
		eco = json_str(pkg, "ecosystem", OSV_MAX_NAME, &elen, &bad);
		name = json_str(pkg, "name", OSV_MAX_NAME, &nlen, &bad);
		if (bad || !eco || !name || !elen || !nlen)
			return err_set(err, -EINVAL, "%s: affected[%zu] has no valid package ecosystem and name", r->id, i);
		r->n_aff++;
		a->ecosystem = xstrndup(eco, elen);
		a->package = xstrndup(name, nlen);
		if (elen > 7 && !memcmp(eco, "Debian:", 7)) {
			const char *cn = debian_codename(eco + 7, elen - 7);

			if (!dpkg_name_valid(name, nlen))
				return err_set(err, -EINVAL, "%s: invalid Debian package name", r->id);
			a->release = xstrdup(cn ? cn : a->ecosystem);
		}
		e = ranges(af, r, a, err);
		if (e < 0)
			return e;
	}
	return 0;
}

int osv_parse(const char *buf, size_t len, struct osv_record *out, struct err *err)
{
	struct osv_record r = { 0 };
	struct json_object *root = NULL;
	const char *s;
	size_t i, slen;
	bool bad = false;
	int ret;

	ret = strict_json_parse(buf, len, OSV_MAX_BYTES, OSV_MAX_DEPTH, 0, &root, err);
	if (ret < 0)
		return ret;
	s = json_str(root, "id", OSV_MAX_ID, &slen, &bad);
	if (!json_object_is_type(root, json_type_object) || !s || !slen || bad) {
		ret = err_set(err, -EINVAL, "not an OSV record: no \"id\"");
		goto out;
	}
	for (i = 0; i < slen; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f) {
			ret = err_set(err, -EINVAL, "not an OSV record: invalid \"id\"");
			goto out;
		}
	r.id = xstrndup(s, slen);
	s = json_str(root, "published", 64, &slen, &bad);
	if (s) {
		if (!feed_date_valid(s, slen)) {
			ret = err_set(err, -EINVAL, "%s: invalid \"published\"", r.id);
			goto out;
		}
		memcpy(r.published, s, 10);
	}
	r.modified = json_strdup(root, "modified", 64, &bad);
	r.summary = json_strdup(root, "summary", FEED_MAX_STRING, &bad);
	if (bad) {
		ret = err_set(err, -EINVAL, "%s: \"modified\" or \"summary\" is not a string", r.id);
		goto out;
	}
	if (!r.modified)
		r.modified = xstrdup("");
	if (!r.summary)
		r.summary = xstrdup("");
	add_cve(&r, r.id, strlen(r.id));
	if ((ret = cve_list(root, "aliases", &r, err)) < 0 || (ret = cve_list(root, "upstream", &r, err)) < 0 ||
	    (ret = cve_list(root, "related", &r, err)) < 0 || (ret = affected(root, &r, err)) < 0)
		goto out;
	*out = r;
	memset(&r, 0, sizeof(r));
	ret = 0;
out:
	osv_free(&r);
	json_object_put(root);
	return ret;
}
