/* A host's audit report, validated (see fleetreport.h and docs/report-schema.json). */
#include "parse/fleetreport.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "parse/strictjson.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define SCHEMA_ID "https://kyuka.invalid/schemas/report-v2.json"

static bool is_type(struct json_object *v, enum json_type t)
{
	return v && json_object_is_type(v, t);
}

/*
 * Every member of o is one of keys[] (additionalProperties: false) and the first nreq of keys[]
 * are present. Counted through the object's hash (one lookup a key); the members are walked only
 * to name an unknown one.
 */
static int members(struct json_object *o, const char *where, const char *const *keys, size_t nkeys,
		   size_t nreq, struct err *err)
{
	size_t i, present = 0;

	if (!is_type(o, json_type_object))
		return err_set(err, -EINVAL, "%s: not an object", where);
	for (i = 0; i < nkeys; i++) {
		if (json_object_object_get_ex(o, keys[i], NULL))
			present++;
		else if (i < nreq)
			return err_set(err, -EINVAL, "%s: missing member '%s'", where, keys[i]);
	}
	if ((size_t)json_object_object_length(o) == present)
		return 0;
	json_object_object_foreach(o, k, v) {
		bool known = false;

		(void)v;
		for (i = 0; i < nkeys && !known; i++)
			known = !strcmp(k, keys[i]);
		if (!known)
			return err_set(err, -EINVAL, "%s: unknown member '%.64s'", where, k);
	}
	return err_set(err, -EINVAL, "%s: a member twice", where);
}

/*
 * The members of o by keys[] into v[] (NULL: null or absent), in one walk of the object, for the
 * object walked once per finding (members() and a lookup a member hash every key twice). The
 * same rules and messages as members(): the first nreq keys present, no other member. The
 * members are expected in keys[] order (as kyuka writes them); any order is accepted.
 */
static int members_walk(struct json_object *o, const char *where, const char *const *keys, size_t nkeys,
			size_t nreq, struct json_object **v, struct err *err)
{
	bool present[16] = { false };	/* nkeys <= 16 */
	const char *unknown = NULL;
	size_t i, next = 0;

	if (nkeys > 16)
		return err_set(err, -EINVAL, "%s: too many keys to walk", where);
	if (!is_type(o, json_type_object))
		return err_set(err, -EINVAL, "%s: not an object", where);
	for (i = 0; i < nkeys; i++)
		v[i] = NULL;
	json_object_object_foreach(o, k, val) {
		size_t at = nkeys;

		if (next < nkeys && !strcmp(k, keys[next]))
			at = next;
		else
			for (i = 0; i < nkeys && at == nkeys; i++)
				if (!strcmp(k, keys[i]))
					at = i;
		if (at == nkeys) {
			if (!unknown)
				unknown = k;
			continue;
		}
		present[at] = true;
		v[at] = val;
		next = at + 1;
	}
	for (i = 0; i < nreq; i++)
		if (!present[i])
			return err_set(err, -EINVAL, "%s: missing member '%s'", where, keys[i]);
	if (unknown)
		return err_set(err, -EINVAL, "%s: unknown member '%.64s'", where, unknown);
	return 0;
}

/* The string v (member key of where): no NUL byte, at most max bytes. */
static int str_of(struct json_object *v, const char *key, const char *where, size_t max, const char **out,
		  size_t *len, struct err *err)
{
	const char *s;
	int n;

	if (!is_type(v, json_type_string))
		return err_set(err, -EINVAL, "%s.%s: not a string", where, key);
	s = json_object_get_string(v);
	n = json_object_get_string_len(v);
	if (!s || n < 0 || (size_t)n > max)
		return err_set(err, -EINVAL, "%s.%s: longer than %zu bytes", where, key, max);
	if (memchr(s, '\0', (size_t)n))
		return err_set(err, -EINVAL, "%s.%s: holds a NUL byte", where, key);
	*out = s;
	if (len)
		*len = (size_t)n;
	return 0;
}

/* A string member: no NUL byte, at most max bytes. null_ok: JSON null gives *out NULL. */
static int get_str(struct json_object *o, const char *key, const char *where, bool null_ok, size_t max,
		   const char **out, size_t *len, struct err *err)
{
	struct json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	if (!v && null_ok) {
		*out = NULL;
		return 0;
	}
	return str_of(v, key, where, max, out, len, err);
}

static int dup_str(struct json_object *o, const char *key, const char *where, bool null_ok, size_t max, char **out,
		   struct err *err)
{
	const char *s = NULL;
	int r = get_str(o, key, where, null_ok, max, &s, NULL, err);

	if (r < 0)
		return r;
	*out = s ? xstrdup(s) : NULL;
	return 0;
}

/* A count: an integer >= 0 (json-c keeps integers as int64; a fraction or exponent is a double, refused). */
static int get_count(struct json_object *o, const char *key, const char *where, size_t *out, struct err *err)
{
	struct json_object *v = NULL;
	int64_t n;

	json_object_object_get_ex(o, key, &v);
	if (!is_type(v, json_type_int))
		return err_set(err, -EINVAL, "%s.%s: not an integer", where, key);
	n = json_object_get_int64(v);
	if (n < 0 || n == INT64_MAX)
		return err_set(err, -EINVAL, "%s.%s: out of range", where, key);
	*out = (size_t)n;
	return 0;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* YYYY-MM-DD, a real date. */
static bool valid_date(const char *s, size_t n)
{
	long days;

	return n == 10 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' && digits(s + 8, 2) &&
	       date_to_days(s, n, &days) == 0;
}

static int status_from(const char *s, enum status *out)
{
	for (unsigned i = 0; i < ST__COUNT; i++)
		if (!strcmp(s, status_name(i))) {
			*out = i;
			return 0;
		}
	return -EINVAL;
}

/* "ABC-0123" */
static bool valid_check_id(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] >= 'A' && s[i] <= 'Z')
		i++;
	return i > 0 && i <= 8 && n == i + 5 && s[i] == '-' && digits(s + i + 1, 4);
}

/* "AC-3" */
static bool valid_item(const char *s, size_t n)
{
	return n >= 4 && n <= 8 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] == '-' &&
	       digits(s + 3, n - 3);
}

static int enum_member(struct json_object *o, const char *key, const char *where, const char *const *names,
		       size_t n, size_t *idx, struct err *err)
{
	const char *s;
	int r = get_str(o, key, where, false, 32, &s, NULL, err);

	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, names[i])) {
			*idx = i;
			return 0;
		}
	return err_set(err, -EINVAL, "%s.%s: unknown value '%.32s'", where, key, s);
}

static const char *const audiences[] = { "admin", "staff" };

static int parse_subjects(struct json_object *arr, const char *where, struct err *err)
{
	static const char *const keys[] = { "name", "detail" };
	size_t i, n;
	const char *s;
	int r;

	if (!is_type(arr, json_type_array))
		return err_set(err, -EINVAL, "%s.subjects: not an array", where);
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(arr, i);

		if ((r = members(e, where, keys, 2, 2, err)) < 0 ||
		    (r = get_str(e, "name", where, false, FLEET_REPORT_MAX_STRING, &s, NULL, err)) < 0 ||
		    (r = get_str(e, "detail", where, false, FLEET_REPORT_MAX_STRING, &s, NULL, err)) < 0) {
			err_prefix(err, "subjects[%zu]", i);
			return r;
		}
	}
	return 0;
}

/* "findings[IDX]" without printf (once a finding) */
static void finding_where(char where[40], size_t idx)
{
	char d[24];
	size_t n = 0;

	do
		d[n++] = (char)('0' + idx % 10);
	while ((idx /= 10) && n < sizeof(d));
	memcpy(where, "findings[", 9);
	for (size_t i = 0; i < n; i++)
		where[9 + i] = d[n - 1 - i];
	where[9 + n] = ']';
	where[10 + n] = '\0';
}

enum { F_CHECK_ID, F_ITEMS, F_AREA, F_AUDIENCE, F_PHASE, F_HEADING, F_TITLE, F_STATUS, F_SEVERITY, F_SUBJECT,
       F_EVIDENCE, F_REMEDY, F_SUBJECTS, F__COUNT };

static int parse_finding(struct json_object *o, size_t idx, struct fleet_finding *f, struct err *err)
{
	static const char *const keys[F__COUNT] = { "check_id", "items", "area", "audience", "phase", "heading",
						    "title", "status", "severity", "subject", "evidence", "remedy",
						    "subjects" };
	struct json_object *m[F__COUNT], *v;
	char where[40];
	const char *s;
	size_t len, i, n, k;
	unsigned ph;
	int r;

	finding_where(where, idx);
	if ((r = members_walk(o, where, keys, F__COUNT, F__COUNT, m, err)) < 0)
		return r;
	if ((r = str_of(m[F_CHECK_ID], "check_id", where, 16, &s, &len, err)) < 0)
		return r;
	if (!valid_check_id(s, len))
		return err_set(err, -EINVAL, "%s.check_id: not a check ID", where);
	f->check_id = s;
	v = m[F_ITEMS];
	if (!is_type(v, json_type_array))
		return err_set(err, -EINVAL, "%s.items: not an array", where);
	n = json_object_array_length(v);
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(v, i);

		if (!is_type(e, json_type_string) || !valid_item(json_object_get_string(e),
								  (size_t)json_object_get_string_len(e)))
			return err_set(err, -EINVAL, "%s.items[%zu]: not an advisory item", where, i);
	}
	/* the host's claimed area is checked, not kept: the ingest takes kyuka's own for the check */
	if ((r = str_of(m[F_AREA], "area", where, 64, &s, NULL, err)) < 0 ||
	    (r = str_of(m[F_AUDIENCE], "audience", where, 32, &s, NULL, err)) < 0)
		return r;
	for (k = 0; k < 2 && strcmp(s, audiences[k]); k++)
		;
	if (k == 2)
		return err_set(err, -EINVAL, "%s.audience: unknown value '%.32s'", where, s);
	v = m[F_PHASE];
	if (!is_type(v, json_type_array))
		return err_set(err, -EINVAL, "%s.phase: not an array", where);
	n = json_object_array_length(v);
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(v, i);

		if (!is_type(e, json_type_string) || phase_parse(json_object_get_string(e), &ph) < 0)
			return err_set(err, -EINVAL, "%s.phase[%zu]: not a phase", where, i);
	}
	if ((r = str_of(m[F_HEADING], "heading", where, FLEET_REPORT_MAX_STRING, &s, NULL, err)) < 0 ||
	    (r = str_of(m[F_TITLE], "title", where, FLEET_REPORT_MAX_STRING, &s, NULL, err)) < 0 ||
	    (r = str_of(m[F_STATUS], "status", where, 16, &s, NULL, err)) < 0)
		return r;
	if (status_from(s, &f->status) < 0)
		return err_set(err, -EINVAL, "%s.status: unknown status '%.16s'", where, s);
	if ((r = str_of(m[F_SEVERITY], "severity", where, 16, &s, NULL, err)) < 0)
		return r;
	if (severity_parse(s, &f->severity) < 0)
		return err_set(err, -EINVAL, "%s.severity: unknown severity '%.16s'", where, s);
	if ((r = str_of(m[F_SUBJECT], "subject", where, FLEET_REPORT_MAX_STRING, &f->subject, NULL, err)) < 0 ||
	    (r = str_of(m[F_EVIDENCE], "evidence", where, FLEET_REPORT_MAX_STRING, &f->evidence, NULL, err)) < 0)
		return r;
	if (m[F_REMEDY] && (r = str_of(m[F_REMEDY], "remedy", where, FLEET_REPORT_MAX_STRING, &f->remedy, NULL, err)) < 0)
		return r;
	return parse_subjects(m[F_SUBJECTS], where, err);
}

static int parse_action(struct json_object *o, size_t idx, struct err *err)
{
	static const char *const keys[] = { "rank", "check_id", "title", "status", "severity", "findings",
					    "subjects", "statement", "remedy" };
	static const char *const statuses[] = { "WARN", "FAIL" };
	static const char *const sevs[] = { "info", "low", "medium", "high", "critical" };
	struct json_object *v = NULL;
	char where[40];
	const char *s;
	size_t n, i, k;
	int r;

	snprintf(where, sizeof(where), "do_first[%zu]", idx);
	if ((r = members(o, where, keys, 9, 9, err)) < 0 || (r = get_count(o, "rank", where, &n, err)) < 0)
		return r;
	if (n < 1)
		return err_set(err, -EINVAL, "%s.rank: below 1", where);
	if ((r = get_count(o, "findings", where, &n, err)) < 0)
		return r;
	if (n < 1)
		return err_set(err, -EINVAL, "%s.findings: below 1", where);
	if ((r = get_str(o, "check_id", where, false, 16, &s, &n, err)) < 0)
		return r;
	if (!valid_check_id(s, n))
		return err_set(err, -EINVAL, "%s.check_id: not a check ID", where);
	if ((r = get_str(o, "title", where, false, FLEET_REPORT_MAX_STRING, &s, NULL, err)) < 0 ||
	    (r = get_str(o, "statement", where, false, FLEET_REPORT_MAX_STRING, &s, NULL, err)) < 0 ||
	    (r = enum_member(o, "status", where, statuses, 2, &k, err)) < 0 ||
	    (r = enum_member(o, "severity", where, sevs, 5, &k, err)) < 0)
		return r;
	json_object_object_get_ex(o, "remedy", &v);
	if (v && (r = get_str(o, "remedy", where, false, FLEET_REPORT_MAX_STRING, &s, NULL, err)) < 0)
		return r;
	json_object_object_get_ex(o, "subjects", &v);
	if (!is_type(v, json_type_array))
		return err_set(err, -EINVAL, "%s.subjects: not an array", where);
	n = json_object_array_length(v);
	for (i = 0; i < n; i++)
		if (!is_type(json_object_array_get_idx(v, i), json_type_string))
			return err_set(err, -EINVAL, "%s.subjects[%zu]: not a string", where, i);
	return 0;
}

static int parse_timeline(struct json_object *o, struct err *err)
{
	static const char *const keys[] = { "zone", "days" };
	static const char *const dkeys[] = { "date", "counts" };
	struct json_object *days = NULL, *counts = NULL;
	const char *s;
	size_t n, i, len, c;
	int r;

	if ((r = members(o, "timeline", keys, 2, 2, err)) < 0 ||
	    (r = get_str(o, "zone", "timeline", false, 64, &s, NULL, err)) < 0)
		return r;
	json_object_object_get_ex(o, "days", &days);
	if (!is_type(days, json_type_array))
		return err_set(err, -EINVAL, "timeline.days: not an array");
	n = json_object_array_length(days);
	for (i = 0; i < n; i++) {
		struct json_object *d = json_object_array_get_idx(days, i);

		if ((r = members(d, "timeline.days[]", dkeys, 2, 2, err)) < 0 ||
		    (r = get_str(d, "date", "timeline.days[]", false, 16, &s, &len, err)) < 0)
			return r;
		if (!valid_date(s, len))
			return err_set(err, -EINVAL, "timeline.days[%zu].date: not a date", i);
		json_object_object_get_ex(d, "counts", &counts);
		if (!is_type(counts, json_type_object))
			return err_set(err, -EINVAL, "timeline.days[%zu].counts: not an object", i);
		json_object_object_foreach(counts, k, v) {
			(void)v;
			if ((r = get_count(counts, k, "timeline.days[].counts", &c, err)) < 0)
				return r;
		}
	}
	return 0;
}

static int parse_top(struct json_object *root, struct fleet_report *out, struct err *err)
{
	static const char *const keys[] = { "schema", "schema_version", "tool", "generated_at", "root", "phase",
					    "holiday", "host", "fail_on", "summary", "do_first", "findings",
					    "log_window", "timeline" };
	static const char *const tool_keys[] = { "name", "version" };
	static const char *const host_keys[] = { "hostname", "os_id", "os_version", "os_pretty", "machine_id" };
	static const char *const hol_keys[] = { "start", "end" };
	static const char *const sum_keys[] = { "pass", "warn", "fail", "skip", "error", "manual",
						"at_or_above_fail_on" };
	static const enum status sum_status[] = { ST_PASS, ST_WARN, ST_FAIL, ST_SKIP, ST_ERROR, ST_MANUAL };
	struct json_object *v = NULL, *sub = NULL;
	const char *s;
	size_t len, i, n, c;
	time_t t;
	int r;

	if ((r = members(root, "report", keys, 14, 12, err)) < 0)
		return r;
	if ((r = get_str(root, "schema", "report", false, 128, &s, NULL, err)) < 0)
		return r;
	if (strcmp(s, SCHEMA_ID))
		return err_set(err, -EINVAL, "report.schema: not a kyuka report (version 2)");
	json_object_object_get_ex(root, "schema_version", &v);
	if (!is_type(v, json_type_int) || json_object_get_int64(v) != 2)
		return err_set(err, -EINVAL, "report.schema_version: not 2");
	json_object_object_get_ex(root, "tool", &sub);
	if ((r = members(sub, "tool", tool_keys, 2, 2, err)) < 0 ||
	    (r = get_str(sub, "name", "tool", false, 16, &s, NULL, err)) < 0)
		return r;
	if (strcmp(s, "kyuka"))
		return err_set(err, -EINVAL, "tool.name: not kyuka");
	if ((r = dup_str(sub, "version", "tool", false, 64, &out->tool_version, err)) < 0)
		return r;
	if ((r = get_str(root, "generated_at", "report", false, 32, &s, &len, err)) < 0)
		return r;
	if (len != 20 || s[19] != 'Z' || s[10] != 'T' || !valid_date(s, 10) || time_parse_iso8601(s, len, &t) < 0)
		return err_set(err, -EINVAL, "report.generated_at: not a UTC time (YYYY-MM-DDTHH:MM:SSZ)");
	out->generated_at = t;
	if ((r = get_str(root, "root", "report", false, 4096, &s, &len, err)) < 0)
		return r;
	if (!len)
		return err_set(err, -EINVAL, "report.root: empty");
	if ((r = get_str(root, "phase", "report", false, 16, &s, NULL, err)) < 0)
		return r;
	if (phase_parse(s, &out->phase) < 0)
		return err_set(err, -EINVAL, "report.phase: unknown phase '%.16s'", s);
	json_object_object_get_ex(root, "holiday", &sub);
	if (sub) {
		if ((r = members(sub, "holiday", hol_keys, 2, 2, err)) < 0)
			return r;
		if ((r = get_str(sub, "start", "holiday", false, 16, &s, &len, err)) < 0)
			return r;
		if (!valid_date(s, len))
			return err_set(err, -EINVAL, "holiday.start: not a date");
		memcpy(out->holiday_start, s, 11);
		if ((r = get_str(sub, "end", "holiday", false, 16, &s, &len, err)) < 0)
			return r;
		if (!valid_date(s, len))
			return err_set(err, -EINVAL, "holiday.end: not a date");
		memcpy(out->holiday_end, s, 11);
		if (strcmp(out->holiday_start, out->holiday_end) > 0)
			return err_set(err, -EINVAL, "holiday: ends before it starts");
	}
	json_object_object_get_ex(root, "host", &sub);
	if ((r = members(sub, "host", host_keys, 5, 5, err)) < 0)
		return r;
	for (i = 0; i < 5; i++) {
		json_object_object_get_ex(sub, host_keys[i], &v);
		if (v && !is_type(v, json_type_string))
			return err_set(err, -EINVAL, "host.%s: not a string or null", host_keys[i]);
	}
	if ((r = dup_str(sub, "hostname", "host", true, FLEET_REPORT_MAX_HOSTNAME, &out->hostname, err)) < 0 ||
	    (r = dup_str(sub, "os_pretty", "host", true, 256, &out->os_pretty, err)) < 0 ||
	    (r = get_str(sub, "os_id", "host", true, 256, &s, NULL, err)) < 0 ||
	    (r = get_str(sub, "os_version", "host", true, 256, &s, NULL, err)) < 0 ||
	    (r = get_str(sub, "machine_id", "host", true, 256, &s, NULL, err)) < 0)
		return r;
	if ((r = get_str(root, "fail_on", "report", false, 16, &s, NULL, err)) < 0)
		return r;
	if (severity_parse(s, &out->fail_on) < 0)
		return err_set(err, -EINVAL, "report.fail_on: unknown severity '%.16s'", s);

	json_object_object_get_ex(root, "findings", &v);
	if (!is_type(v, json_type_array))
		return err_set(err, -EINVAL, "report.findings: not an array");
	n = json_object_array_length(v);
	if (n > FLEET_REPORT_MAX_FINDINGS)
		return err_set(err, -EINVAL, "report.findings: more than %d findings", FLEET_REPORT_MAX_FINDINGS);
	out->f = n ? xcalloc(n, sizeof(*out->f)) : NULL;
	for (i = 0; i < n; i++) {
		struct fleet_finding *f = &out->f[i];

		out->n = i + 1;	/* freed with the report on failure */
		if ((r = parse_finding(json_object_array_get_idx(v, i), i, f, err)) < 0)
			return r;
		out->counts[f->status]++;
		if ((f->status == ST_WARN || f->status == ST_FAIL || f->status == ST_ERROR) &&
		    f->severity >= out->fail_on)
			out->at_or_above++;
	}
	json_object_object_get_ex(root, "summary", &sub);
	if ((r = members(sub, "summary", sum_keys, 7, 7, err)) < 0)
		return r;
	for (i = 0; i < 6; i++) {
		if ((r = get_count(sub, sum_keys[i], "summary", &c, err)) < 0)
			return r;
		if (c != out->counts[sum_status[i]])
			return err_set(err, -EINVAL, "summary.%s: %zu, but the findings hold %zu", sum_keys[i], c,
				   out->counts[sum_status[i]]);
	}
	if ((r = get_count(sub, "at_or_above_fail_on", "summary", &c, err)) < 0)
		return r;
	if (c != out->at_or_above)
		return err_set(err, -EINVAL, "summary.at_or_above_fail_on: %zu, but the findings hold %zu", c, out->at_or_above);

	json_object_object_get_ex(root, "do_first", &v);
	if (!is_type(v, json_type_array))
		return err_set(err, -EINVAL, "report.do_first: not an array");
	n = json_object_array_length(v);
	if (n > 5)
		return err_set(err, -EINVAL, "report.do_first: more than 5 actions");
	for (i = 0; i < n; i++)
		if ((r = parse_action(json_object_array_get_idx(v, i), i, err)) < 0)
			return r;
	if (json_object_object_get_ex(root, "log_window", &v) &&
	    (r = get_str(root, "log_window", "report", false, 256, &s, NULL, err)) < 0)
		return r;
	if (json_object_object_get_ex(root, "timeline", &v) && (r = parse_timeline(v, err)) < 0)
		return r;
	return 0;
}

/* One string into the pool at *at, returned; NULL stays NULL. */
static const char *pool_put(char *pool, size_t *at, const char *s)
{
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	memcpy(pool + *at, s, n);
	*at += n;
	return pool + *at - n;
}

/*
 * The findings' strings, until now json-c's, copied into one block (out->pool): one allocation
 * a report instead of four a finding, freed at once.
 */
static void pool_strings(struct fleet_report *out)
{
	size_t i, size = 1, at = 0;

	for (i = 0; i < out->n; i++) {
		const struct fleet_finding *f = &out->f[i];

		size = st_add(size, strlen(f->check_id) + strlen(f->subject) + strlen(f->evidence) + 3);
		if (f->remedy)
			size = st_add(size, strlen(f->remedy) + 1);
	}
	out->pool = xmalloc(size);
	for (i = 0; i < out->n; i++) {
		struct fleet_finding *f = &out->f[i];

		f->check_id = pool_put(out->pool, &at, f->check_id);
		f->subject = pool_put(out->pool, &at, f->subject);
		f->evidence = pool_put(out->pool, &at, f->evidence);
		f->remedy = pool_put(out->pool, &at, f->remedy);
	}
}

int fleet_report_parse(const char *buf, size_t len, struct fleet_report *out, struct err *err)
{
	struct json_object *root = NULL;
	int r;

	memset(out, 0, sizeof(*out));
	r = strict_json_parse(buf, len, FLEET_REPORT_MAX_BYTES, FLEET_REPORT_MAX_DEPTH, 0, &root, err);
	if (r < 0)
		return r;
	/* the findings' strings point into root until pool_strings copies them */
	r = parse_top(root, out, err);
	if (r == 0)
		pool_strings(out);
	json_object_put(root);
	if (r < 0)
		fleet_report_free(out);
	return r;
}
