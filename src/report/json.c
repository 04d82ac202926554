/*
 * The JSON report (docs/report.md, docs/report-schema.json). json-c escapes
 * the C0 controls; every string is first made valid UTF-8 (esc_utf8_valid)
 * because json-c would pass invalid bytes through, and the serialised text
 * goes through esc_json_text so that DEL, C1 and bidi controls are \u
 * escapes too. Keys are added in a fixed order, which json-c keeps.
 */
#include "report/report.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "report/escape.h"
#include "util/i18n.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define REPORT_SCHEMA_URI "https://kyuka.invalid/schemas/report-v2.json"
#define REPORT_SCHEMA_VERSION 2

/* Phases in the order they happen. */
static const unsigned phase_order[] = { PHASE_BEFORE, PHASE_DURING, PHASE_AFTER };

/* Adds v under key; v NULL means json-c ran out of memory (use jadd_null for null). */
static int jadd(struct json_object *o, const char *key, struct json_object *v)
{
	if (!v)
		return -ENOMEM;
	if (json_object_object_add(o, key, v) < 0) {
		json_object_put(v);
		return -ENOMEM;
	}
	return 0;
}

static int jadd_null(struct json_object *o, const char *key)
{
	return json_object_object_add(o, key, NULL) < 0 ? -ENOMEM : 0;
}

static int jpush(struct json_object *a, struct json_object *v)
{
	if (!v)
		return -ENOMEM;
	if (json_object_array_add(a, v) < 0) {
		json_object_put(v);
		return -ENOMEM;
	}
	return 0;
}

/* key: s as a string, or null when s is NULL. */
static int jadd_str(struct json_object *o, const char *key, const char *s)
{
	struct json_object *v;
	int r;

	if (!s)
		return jadd_null(o, key);
	r = esc_json_string(s, strlen(s), &v);
	return r < 0 ? r : jadd(o, key, v);
}

/* key: s as a string, "" when s is NULL. */
static int jadd_str0(struct json_object *o, const char *key, const char *s)
{
	return jadd_str(o, key, s ? s : "");
}

/* Appends s (made valid UTF-8) to the array a. */
static int jadd_str_push(struct json_object *a, const char *s)
{
	struct json_object *v;
	int r = esc_json_string(s, strlen(s), &v);

	return r < 0 ? r : jpush(a, v);
}

/* "AC-1, AC-3" -> ["AC-1", "AC-3"] (blanks trimmed, empty items dropped). */
static struct json_object *items_array(const char *items)
{
	struct json_object *a = json_object_new_array();
	const char *p = items ? items : "";

	if (!a)
		return NULL;
	while (*p) {
		const char *end = strchr(p, ',');
		const char *next;
		struct json_object *v;

		if (!end)
			end = p + strlen(p);
		next = *end ? end + 1 : end;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end > p && (esc_json_string(p, (size_t)(end - p), &v) < 0 || jpush(a, v) < 0)) {
			json_object_put(a);
			return NULL;
		}
		p = next;
	}
	return a;
}

static struct json_object *phase_array(unsigned phases)
{
	struct json_object *a = json_object_new_array();

	if (!a)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(phase_order); i++) {
		if ((phases & phase_order[i]) &&
		    jpush(a, json_object_new_string(phase_name(phase_order[i]))) < 0) {
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

/* "subjects": [{"name": ..., "detail": ...}] of a grouped finding ([] otherwise). */
static struct json_object *subjects_array(const struct finding *f)
{
	struct json_object *a = json_object_new_array();

	if (!a)
		return NULL;
	for (size_t i = 0; i < f->n_subjects; i++) {
		struct json_object *o = json_object_new_object();

		if (!o || jadd_str0(o, "name", f->subjects[i].name) < 0 ||
		    jadd_str0(o, "detail", f->subjects[i].detail) < 0 || jpush(a, o) < 0) {
			json_object_put(o);
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

static struct json_object *finding_object(const struct finding *f)
{
	struct json_object *o = json_object_new_object();
	/* gettext of "" would be the catalogue header. */
	const char *title = f->title && *f->title ? _(f->title) : "";
	int r;

	if (!o)
		return NULL;
	if ((r = jadd_str0(o, "check_id", f->check_id)) < 0 ||
	    (r = jadd(o, "items", items_array(f->items))) < 0 ||
	    (r = jadd_str0(o, "area", f->area)) < 0 ||
	    (r = jadd(o, "audience", json_object_new_string(audience_name(f->audience)))) < 0 ||
	    (r = jadd(o, "phase", phase_array(f->phase))) < 0 ||
	    (r = jadd_str0(o, "heading", f->heading)) < 0 ||
	    (r = jadd_str0(o, "title", title)) < 0 ||
	    (r = jadd(o, "status", json_object_new_string(status_name(f->status)))) < 0 ||
	    (r = jadd(o, "severity", json_object_new_string(severity_name(f->severity)))) < 0 ||
	    (r = jadd_str0(o, "subject", f->subject)) < 0 ||
	    (r = jadd_str0(o, "evidence", f->evidence)) < 0 ||
	    (r = jadd_str(o, "remedy", f->status == ST_PASS ? NULL : f->remedy)) < 0 ||
	    (r = jadd(o, "subjects", subjects_array(f))) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* The subjects an action covers: those of the check's WARN/FAIL findings, or a grouped finding's list. */
static struct json_object *do_first_subjects(const struct do_first *d)
{
	struct json_object *a = json_object_new_array();
	const struct finding *f = d->first;

	if (!a)
		return NULL;
	for (size_t i = 0, seen = 0; seen < d->n_findings; i++) {
		if (!finding_is_action(&f[i]))
			continue;
		seen++;
		for (size_t k = 0; k < f[i].n_subjects; k++)
			if (jadd_str_push(a, f[i].subjects[k].name) < 0)
				goto fail;
		if (!f[i].n_subjects && f[i].subject && *f[i].subject && jadd_str_push(a, f[i].subject) < 0)
			goto fail;
	}
	return a;
fail:
	json_object_put(a);
	return NULL;
}

/* "do_first": the few actions to take first (report_do_first), each with its remedy. */
static struct json_object *do_first_array(const struct report *rep)
{
	struct json_object *a = json_object_new_array();
	struct do_first d[REPORT_DO_FIRST_MAX];
	struct finding *f = report_sorted_copy(rep);
	size_t nd = report_do_first(f, rep->n_findings, d);

	if (!a)
		goto out;
	for (size_t i = 0; i < nd; i++) {
		const struct finding *first = d[i].first;
		const char *title = first->title && *first->title ? _(first->title) : "";
		struct json_object *o = json_object_new_object();

		if (!o || jadd(o, "rank", json_object_new_int64((int64_t)(i + 1))) < 0 ||
		    jadd_str0(o, "check_id", first->check_id) < 0 || jadd_str0(o, "title", title) < 0 ||
		    jadd(o, "status", json_object_new_string(status_name(first->status))) < 0 ||
		    jadd(o, "severity", json_object_new_string(severity_name(d[i].severity))) < 0 ||
		    jadd(o, "findings", json_object_new_int64((int64_t)d[i].n_findings)) < 0 ||
		    jadd(o, "subjects", do_first_subjects(&d[i])) < 0 ||
		    jadd_str0(o, "statement", d[i].n_findings == 1 ? first->evidence : "") < 0 ||
		    jadd_str(o, "remedy", first->remedy) < 0 || jpush(a, o) < 0) {
			json_object_put(o);
			json_object_put(a);
			a = NULL;
			goto out;
		}
	}
out:
	free(f);
	return a;
}

static struct json_object *host_object(const struct host_facts *h)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (jadd_str(o, "hostname", h->hostname) < 0 || jadd_str(o, "os_id", h->os_id) < 0 ||
	    jadd_str(o, "os_version", h->os_version) < 0 || jadd_str(o, "os_pretty", h->os_pretty) < 0 ||
	    jadd_str(o, "machine_id", h->machine_id) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static int add_holiday(struct json_object *top, const struct report *rep)
{
	struct json_object *o, *v;
	int r;

	if (!rep->has_holiday)
		return jadd_null(top, "holiday");
	o = json_object_new_object();
	if (!o)
		return -ENOMEM;
	if ((r = esc_json_string(rep->holiday_start, strnlen(rep->holiday_start, sizeof(rep->holiday_start)), &v)) < 0 ||
	    (r = jadd(o, "start", v)) < 0 ||
	    (r = esc_json_string(rep->holiday_end, strnlen(rep->holiday_end, sizeof(rep->holiday_end)), &v)) < 0 ||
	    (r = jadd(o, "end", v)) < 0) {
		json_object_put(o);
		return r;
	}
	return jadd(top, "holiday", o);
}

static struct json_object *summary_object(const struct report *rep)
{
	static const enum status order[] = { ST_PASS, ST_WARN, ST_FAIL, ST_SKIP, ST_ERROR, ST_MANUAL };
	static const char *const keys[] = { "pass", "warn", "fail", "skip", "error", "manual" };
	struct json_object *o = json_object_new_object();
	size_t counts[ST__COUNT] = { 0 };

	if (!o)
		return NULL;
	for (size_t i = 0; i < rep->n_findings; i++)
		if ((unsigned)rep->findings[i].status < ST__COUNT)
			counts[rep->findings[i].status]++;
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		if (jadd(o, keys[i], json_object_new_int64((int64_t)counts[order[i]])) < 0) {
			json_object_put(o);
			return NULL;
		}
	}
	if (jadd(o, "at_or_above_fail_on",
		 json_object_new_int64((int64_t)report_at_or_above(rep, rep->fail_on))) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

#define JSON_FLAGS (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)

/*
 * The findings one at a time, as json-c prints them inside the top object
 * ("[", then ",\n    " before each element, its lines indented by four
 * spaces, then "\n  ]"): a report of 100,000 findings never holds them
 * all as json-c objects at once (about 4 KB each), only as text.
 */
static int findings_text(const struct report *rep, struct strbuf *out)
{
	struct finding *f = report_sorted_copy(rep);
	int r = strbuf_addch(out, '[');

	for (size_t i = 0; r >= 0 && i < rep->n_findings; i++) {
		struct json_object *o = finding_object(&f[i]);
		const char *text, *nl;
		size_t len = 0;

		if (!o) {
			r = -ENOMEM;
			break;
		}
		text = json_object_to_json_string_length(o, JSON_FLAGS, &len);
		if (!text)
			r = -ENOMEM;
		if (r >= 0)
			r = strbuf_adds(out, i ? ",\n    " : "\n    ");
		/* raw newlines are only json-c's own: strings hold them as \n */
		while (r >= 0 && (nl = memchr(text, '\n', len))) {
			size_t k = (size_t)(nl - text);
			if ((r = esc_json_text(out, text, k)) >= 0)
				r = strbuf_adds(out, "\n    ");
			text += k + 1;
			len -= k + 1;
		}
		if (r >= 0)
			r = esc_json_text(out, text, len);
		json_object_put(o);
	}
	if (r >= 0)
		r = strbuf_adds(out, "\n  ]");
	free(f);
	return r;
}

/* "timeline": {"zone": ..., "days": [{"date": ..., "counts": {col: n, ...}}]} */
static struct json_object *timeline_object(const struct report_timeline *tl)
{
	struct json_object *o = json_object_new_object(), *days = NULL;
	size_t i, k;

	if (!o)
		return NULL;
	if (jadd_str(o, "zone", tl->zone ? tl->zone : "UTC") < 0)
		goto fail;
	days = json_object_new_array();
	if (!days)
		goto fail;
	for (i = 0; i < tl->n_days; i++) {
		struct json_object *d = json_object_new_object(), *c = json_object_new_object();

		if (!d || !c || jadd(d, "date", json_object_new_string(tl->days[i].date)) < 0) {
			json_object_put(d);
			json_object_put(c);
			goto fail;
		}
		for (k = 0; k < tl->n_cols; k++)
			if (jadd(c, tl->cols[k], json_object_new_int64((int64_t)tl->days[i].n[k])) < 0) {
				json_object_put(d);
				json_object_put(c);
				goto fail;
			}
		if (jadd(d, "counts", c) < 0 || jpush(days, d) < 0) {
			json_object_put(d);
			goto fail;
		}
	}
	if (jadd(o, "days", days) < 0) {
		days = NULL;
		goto fail;
	}
	return o;
fail:
	json_object_put(days);
	json_object_put(o);
	return NULL;
}

int render_json(const struct report *rep, struct strbuf *out)
{
	struct json_object *top = json_object_new_object();
	struct json_object *tool = NULL;
	char when[32];
	const char *text;
	size_t len = 0, start = out->len;
	int r;

	if (!top)
		return -ENOMEM;
	time_format_utc(rep->generated_at, when, sizeof(when));
	tool = json_object_new_object();
	if (!tool) {
		r = -ENOMEM;
		goto out;
	}
	if ((r = jadd(tool, "name", json_object_new_string("kyuka"))) < 0 ||
	    (r = jadd_str0(tool, "version", rep->tool_version)) < 0)
		goto out;
	if ((r = jadd(top, "schema", json_object_new_string(REPORT_SCHEMA_URI))) < 0 ||
	    (r = jadd(top, "schema_version", json_object_new_int(REPORT_SCHEMA_VERSION))) < 0)
		goto out;
	r = jadd(top, "tool", tool);
	tool = NULL;	/* owned by top, or already put by jadd */
	if (r < 0)
		goto out;
	if ((r = jadd(top, "generated_at", json_object_new_string(when))) < 0 ||
	    (r = jadd_str(top, "root", rep->root && *rep->root ? rep->root : "/")) < 0 ||
	    (r = jadd(top, "phase", json_object_new_string(phase_name(rep->phase)))) < 0 ||
	    (r = add_holiday(top, rep)) < 0 ||
	    (r = jadd(top, "host", host_object(&rep->host))) < 0 ||
	    (r = jadd(top, "fail_on", json_object_new_string(severity_name(rep->fail_on)))) < 0 ||
	    (r = jadd(top, "summary", summary_object(rep))) < 0 ||
	    (r = jadd(top, "do_first", do_first_array(rep))) < 0 ||
	    (r = jadd(top, "findings", json_object_new_array())) < 0)	/* spliced below */
		goto out;
	if (rep->timeline && (r = jadd(top, "timeline", timeline_object(rep->timeline))) < 0)
		goto out;
	if (rep->window && (r = jadd_str(top, "log_window", rep->window)) < 0)
		goto out;
	text = json_object_to_json_string_length(top, JSON_FLAGS, &len);
	if (!text) {
		r = -ENOMEM;
		goto out;
	}
	{
		/* the top-level key (a string cannot hold a raw newline): its empty array becomes the findings */
		static const char key[] = "\n  \"findings\": [\n  ]";
		const char *at = memmem(text, len, key, sizeof(key) - 1);
		size_t head = at ? (size_t)(at - text) + sizeof(key) - 1 - strlen("[\n  ]") : len;

		if (!at)
			r = -EINVAL;
		if (r >= 0)
			r = esc_json_text(out, text, head);
		if (r >= 0)
			r = findings_text(rep, out);
		if (r >= 0)
			r = esc_json_text(out, text + head + strlen("[\n  ]"), len - head - strlen("[\n  ]"));
	}
	if (r >= 0)
		r = strbuf_addch(out, '\n');
	if (r < 0)
		strbuf_setlen(out, start);
out:
	json_object_put(tool);
	json_object_put(top);
	return r;
}
