#include "parse/kev.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "parse/strictjson.h"

#include "parse/feedutil.h"
#include "util/xalloc.h"

#define KEV_MAX_FIELD 4096

void kev_free(struct kev_catalog *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].cve);
		free(c->v[i].vendor);
		free(c->v[i].product);
		free(c->v[i].name);
		free(c->v[i].ransomware);
	}
	free(c->v);
	free(c->version);
	memset(c, 0, sizeof(*c));
}

static char *dup_or_empty(struct json_object *o, const char *key, bool *bad)
{
	char *s = json_strdup(o, key, KEV_MAX_FIELD, bad);

	return s ? s : xstrdup("");
}

static int entry(struct json_object *o, size_t i, struct kev_entry *e, struct err *err)
{
	const char *s;
	size_t len;
	bool bad = false;

	memset(e, 0, sizeof(*e));
	if (!json_object_is_type(o, json_type_object))
		return err_set(err, -EINVAL, "vulnerabilities[%zu]: not an object", i);
	s = json_str(o, "cveID", 32, &len, &bad);
	if (!s || !cve_id_valid(s, len))
		return err_set(err, -EINVAL, "vulnerabilities[%zu]: missing or invalid cveID", i);
	e->cve = xstrndup(s, len);
	s = json_str(o, "dateAdded", 32, &len, &bad);
	if (!s || len != 10 || !feed_date_valid(s, len))
		return err_set(err, -EINVAL, "vulnerabilities[%zu] (%s): missing or invalid dateAdded", i, e->cve);
	memcpy(e->date_added, s, 10);
	s = json_str(o, "dueDate", 32, &len, &bad);
	if (s) {
		if (len != 10 || !feed_date_valid(s, len))
			return err_set(err, -EINVAL, "vulnerabilities[%zu] (%s): invalid dueDate", i, e->cve);
		memcpy(e->due_date, s, 10);
	}
	e->vendor = dup_or_empty(o, "vendorProject", &bad);
	e->product = dup_or_empty(o, "product", &bad);
	e->name = dup_or_empty(o, "vulnerabilityName", &bad);
	e->ransomware = dup_or_empty(o, "knownRansomwareCampaignUse", &bad);
	if (bad)
		return err_set(err, -EINVAL, "vulnerabilities[%zu] (%s): a field is not a string or too long", i,
			       e->cve);
	return 0;
}

static void free_entry(struct kev_entry *e)
{
	free(e->cve);
	free(e->vendor);
	free(e->product);
	free(e->name);
	free(e->ransomware);
}

int kev_parse(const char *buf, size_t len, struct kev_catalog *out, struct err *err)
{
	struct kev_catalog c = { 0 };
	struct json_object *root = NULL, *vulns, *count;
	const char *s;
	size_t i, n, slen;
	bool bad = false;
	int r;

	r = strict_json_parse(buf, len, KEV_MAX_BYTES, KEV_MAX_DEPTH, 0, &root, err);
	if (r < 0)
		return r;
	if (!json_object_is_type(root, json_type_object) || !json_object_object_get_ex(root, "vulnerabilities", &vulns) ||
	    !json_object_is_type(vulns, json_type_array)) {
		r = err_set(err, -EINVAL, "not a KEV catalog: no \"vulnerabilities\" list");
		goto out;
	}
	n = json_object_array_length(vulns);
	if (n > KEV_MAX_ENTRIES) {
		r = err_set(err, -EFBIG, "more than %zu entries", KEV_MAX_ENTRIES);
		goto out;
	}
	if (json_object_object_get_ex(root, "count", &count) &&
	    (!json_object_is_type(count, json_type_int) || json_object_get_int64(count) != (int64_t)n)) {
		r = err_set(err, -EINVAL, "\"count\" does not match the %zu entries (damaged catalog?)", n);
		goto out;
	}
	c.version = json_strdup(root, "catalogVersion", 64, &bad);
	if (!c.version)
		c.version = xstrdup("");
	s = json_str(root, "dateReleased", 64, &slen, &bad);
	if (s && slen >= 10 && feed_date_valid(s, slen))
		memcpy(c.released, s, 10);
	c.v = xcalloc(n ? n : 1, sizeof(*c.v));
	for (i = 0; i < n; i++) {
		r = entry(json_object_array_get_idx(vulns, i), i, &c.v[i], err);
		if (r < 0) {
			free_entry(&c.v[i]);
			goto out;
		}
		c.n++;
		if (strcmp(c.v[i].date_added, c.newest) > 0)
			memcpy(c.newest, c.v[i].date_added, sizeof(c.newest));
	}
	*out = c;
	memset(&c, 0, sizeof(c));
	r = 0;
out:
	kev_free(&c);
	json_object_put(root);
	return r;
}
