/*
 * The tracker JSON, streamed. States of the top level:
 *
 *   START   '{'                   -> FIRST
 *   FIRST   '}' -> DONE,  '"'     -> KEY (the tokener reads the string)
 *   KEY     tokener done          -> COLON
 *   COLON   ':'                   -> VALUE
 *   VALUE   tokener done          -> NEXT (the package is walked and freed)
 *   NEXT    ',' -> MORE,  '}'     -> DONE
 *   MORE    '"'                   -> KEY
 *   DONE    only white space
 *
 * json-c's tokener keeps its state between calls, so a key or value may
 * be split across any number of chunks; when it completes it reports how
 * many bytes of the current chunk it used, and the walk goes on from there.
 */
#include "parse/tracker_json.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "parse/dpkg_version.h"
#include "parse/feedutil.h"
#include "util/xalloc.h"

enum tstate { T_START, T_FIRST, T_KEY, T_COLON, T_VALUE, T_NEXT, T_MORE, T_DONE, T_FAILED };

struct tracker_stream {
	tracker_fn *fn;
	void *ctx;
	enum tstate st;
	struct json_tokener *tok;
	size_t fed;		/* bytes given to the tokener for the current key or value */
	size_t offset;		/* bytes of input before the current chunk */
	char *key;		/* the current package */
	size_t n_packages, n_records;
};

struct tracker_stream *tracker_stream_new(tracker_fn *fn, void *ctx)
{
	struct tracker_stream *ts = xcalloc(1, sizeof(*ts));

	ts->fn = fn;
	ts->ctx = ctx;
	ts->tok = json_tokener_new_ex(TRACKER_MAX_DEPTH);
	if (!ts->tok)
		abort();
	/*
	 * Not JSON_TOKENER_VALIDATE_UTF8: json-c 0.16 loses its UTF-8 state
	 * between calls and refuses a valid character split across two chunks
	 * (found by fuzzing). The strings kept are checked to be printable
	 * ASCII instead; text that is not kept (descriptions) is not checked.
	 */
	json_tokener_set_flags(ts->tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
	return ts;
}

void tracker_stream_free(struct tracker_stream *ts)
{
	if (!ts)
		return;
	json_tokener_free(ts->tok);
	free(ts->key);
	free(ts);
}

size_t tracker_stream_packages(const struct tracker_stream *ts)
{
	return ts->n_packages;
}

size_t tracker_stream_records(const struct tracker_stream *ts)
{
	return ts->n_records;
}

static int fail(struct tracker_stream *ts, struct err *err, int code, size_t at, const char *what)
{
	ts->st = T_FAILED;
	return err_set(err, code, "invalid tracker JSON at byte %zu: %s", at, what);
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A short word (release, status, urgency, version): printable ASCII. */
static const char *word(struct json_object *o, const char *key, bool *bad)
{
	size_t len;
	const char *s = json_str(o, key, TRACKER_MAX_WORD, &len, bad);
	size_t i;

	for (i = 0; s && i < len; i++)
		if ((unsigned char)s[i] < ' ' || (unsigned char)s[i] >= 0x7f) {
			*bad = true;
			return NULL;
		}
	return s;
}

/* One package's value: {CVE: {"releases": {release: {...}}}}. */
static int walk_package(struct tracker_stream *ts, struct json_object *pkg, size_t at, struct err *err)
{
	if (!json_object_is_type(pkg, json_type_object))
		return fail(ts, err, -EINVAL, at, "a package's value is not an object");
	json_object_object_foreach(pkg, cve, issue)
	{
		struct json_object *rels;

		if (!cve_id_valid(cve, strlen(cve)))
			continue;	/* TEMP-... entries have no CVE to match */
		if (!json_object_is_type(issue, json_type_object))
			return fail(ts, err, -EINVAL, at, "an issue is not an object");
		if (!json_object_object_get_ex(issue, "releases", &rels) || !rels)
			continue;
		if (!json_object_is_type(rels, json_type_object))
			return fail(ts, err, -EINVAL, at, "\"releases\" is not an object");
		json_object_object_foreach(rels, rel, info)
		{
			struct tracker_rec r = { 0 };
			struct dpkg_version dv;
			const char *why;
			bool bad = false;
			size_t rl = strlen(rel);
			int ret;

			if (!rl || rl > TRACKER_MAX_WORD || strspn(rel, "abcdefghijklmnopqrstuvwxyz0123456789-") != rl ||
			    !json_object_is_type(info, json_type_object))
				return fail(ts, err, -EINVAL, at, "a release entry is not an object");
			r.package = ts->key;
			r.cve = cve;
			r.release = rel;
			r.status = word(info, "status", &bad);
			r.fixed_version = word(info, "fixed_version", &bad);
			r.urgency = word(info, "urgency", &bad);
			if (bad || !r.status)
				return fail(ts, err, -EINVAL, at, "a release has no valid status, urgency or fixed_version");
			if (r.fixed_version &&
			    (!r.fixed_version[0] || dpkg_version_parse(r.fixed_version, strlen(r.fixed_version), &dv, &why) < 0))
				r.fixed_version = NULL;	/* "0" and the like are versions; garbage is not */
			if (!r.urgency)
				r.urgency = "";
			ret = ts->fn(ts->ctx, &r, err);
			if (ret < 0) {
				ts->st = T_FAILED;
				return ret;
			}
			ts->n_records++;
		}
	}
	return 0;
}

/* Feeds buf[*i..len) to the tokener; sets *obj when the key or value completed. */
static int tokener_step(struct tracker_stream *ts, const char *buf, size_t len, size_t *i, size_t max,
			struct json_object **obj, struct err *err)
{
	size_t n = len - *i;
	enum json_tokener_error je;
	struct json_object *o;

	*obj = NULL;
	if (n > INT_MAX)
		n = INT_MAX;
	o = json_tokener_parse_ex(ts->tok, buf + *i, (int)n);
	je = json_tokener_get_error(ts->tok);
	if (!o) {
		if (je != json_tokener_continue)
			return fail(ts, err, -EINVAL, ts->offset + *i + json_tokener_get_parse_end(ts->tok),
				    json_tokener_error_desc(je));
		ts->fed += n;
		*i += n;
		if (ts->fed > max)
			return fail(ts, err, -EFBIG, ts->offset + *i, "a value is too large");
		return 0;
	}
	ts->fed += json_tokener_get_parse_end(ts->tok);
	*i += json_tokener_get_parse_end(ts->tok);
	json_tokener_reset(ts->tok);
	if (ts->fed > max) {
		json_object_put(o);
		return fail(ts, err, -EFBIG, ts->offset + *i, "a value is too large");
	}
	*obj = o;
	return 0;
}

int tracker_stream_feed(struct tracker_stream *ts, const char *buf, size_t len, struct err *err)
{
	size_t i = 0;
	int r = 0;

	if (ts->st == T_FAILED)
		return err_set(err, -EINVAL, "invalid tracker JSON (an earlier error)");
	if (!buf)
		len = 0;
	while (i < len && r == 0) {
		struct json_object *o;
		char c = buf[i];

		switch (ts->st) {
		case T_START:
		case T_FIRST:
		case T_COLON:
		case T_NEXT:
		case T_MORE:
		case T_DONE:
			if (is_ws(c)) {
				i++;
				continue;
			}
			if (ts->st == T_START && c == '{') {
				ts->st = T_FIRST;
			} else if ((ts->st == T_FIRST || ts->st == T_MORE) && c == '"') {
				ts->st = T_KEY;
				ts->fed = 0;
				continue;	/* the tokener reads the quote */
			} else if ((ts->st == T_FIRST || ts->st == T_NEXT) && c == '}') {
				ts->st = T_DONE;
			} else if (ts->st == T_COLON && c == ':') {
				ts->st = T_VALUE;
				ts->fed = 0;
			} else if (ts->st == T_NEXT && c == ',') {
				ts->st = T_MORE;
			} else {
				return fail(ts, err, -EINVAL, ts->offset + i,
					    ts->st == T_START ? "not a JSON object" : "unexpected character");
			}
			i++;
			break;
		case T_KEY:
			r = tokener_step(ts, buf, len, &i, TRACKER_MAX_KEY, &o, err);
			if (r == 0 && o) {
				size_t kl = (size_t)json_object_get_string_len(o);
				const char *k = json_object_get_string(o);

				if (!json_object_is_type(o, json_type_string) || !dpkg_name_valid(k, kl)) {
					json_object_put(o);
					return fail(ts, err, -EINVAL, ts->offset + i, "a key is not a package name");
				}
				free(ts->key);
				ts->key = xstrndup(k, kl);
				json_object_put(o);
				ts->st = T_COLON;
			}
			break;
		case T_VALUE:
			if (ts->fed == 0 && is_ws(c)) {
				i++;
				continue;
			}
			r = tokener_step(ts, buf, len, &i, TRACKER_MAX_VALUE, &o, err);
			if (r == 0 && o) {
				r = walk_package(ts, o, ts->offset + i, err);
				json_object_put(o);
				ts->n_packages++;
				ts->st = T_NEXT;
			}
			break;
		case T_FAILED:
			return err_set(err, -EINVAL, "invalid tracker JSON (an earlier error)");
		}
	}
	ts->offset += len;
	return r;
}

int tracker_stream_end(struct tracker_stream *ts, struct err *err)
{
	if (ts->st == T_DONE)
		return 0;
	if (ts->st == T_FAILED)
		return err_set(err, -EINVAL, "invalid tracker JSON (an earlier error)");
	ts->st = T_FAILED;
	return err_set(err, -EINVAL, "truncated tracker JSON (ends after %zu bytes, %zu packages)", ts->offset,
		       ts->n_packages);
}
