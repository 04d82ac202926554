/*
 * kyuka runs diff, rendered: terminal, JSON (docs/runs-diff-schema.json) and
 * HTML. Subjects and evidence came from the host when the runs were recorded:
 * they go through esc_terminal, the JSON string maker and esc_html.
 */
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "report/escape.h"
#include "report/htmldoc.h"
#include "util/i18n.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define RUNDIFF_SCHEMA_URI "https://kyuka.invalid/schemas/runs-diff-v1.json"
#define RUNDIFF_SCHEMA_VERSION 1

static const char *const kind_labels[RD__COUNT] = {
	[RD_WORSE] = N_("Worse"), [RD_APPEARED] = N_("Appeared"), [RD_BETTER] = N_("Better"),
	[RD_GONE] = N_("Went away"),
};
static const enum status count_order[] = { ST_FAIL, ST_ERROR, ST_WARN, ST_MANUAL, ST_SKIP, ST_PASS };

static const char *phase_label(const char *phase)
{
	unsigned ph;

	return phase_parse(phase, &ph) == 0 ? _(phase) : phase;
}

/* "run 3 (before, 2026-12-20T00:00:00Z)" */
static void run_title(struct strbuf *sb, const struct rundiff_run *r)
{
	char t[32];

	time_format_utc(r->at, t, sizeof(t));
	strbuf_addf(sb, _("run %lld (%s, %s)"), (long long)r->id, phase_label(r->phase), t);
}

static void side_text(struct strbuf *sb, const struct rundiff_side *s)
{
	if (!s->present) {
		strbuf_adds(sb, "\xe2\x80\x94");
		return;
	}
	strbuf_adds(sb, status_label(s->status));
	if (s->status != ST_PASS)
		strbuf_addf(sb, " (%s)", severity_label(s->severity));
}

/* The IDs of the checks that ran in one run only, joined with ", " (plain text, to be escaped). */
static void ids_text(struct strbuf *sb, const char **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		strbuf_adds(sb, v[i] ? v[i] : "");
	}
}

/* ---- terminal ---- */

static const char *const kind_sgr[RD__COUNT] = {
	[RD_WORSE] = "31", [RD_APPEARED] = "33", [RD_BETTER] = "32", [RD_GONE] = "36",
};

/* Terminal text from the host: escaped. */
static void tt(struct doc *d, const char *s)
{
	if (!d->r)
		d->r = esc_terminal(d->out, s);
}

/* The plain-text pieces, appended through a scratch buffer. */
static void run_title_d(struct doc *d, const struct rundiff_run *r)
{
	struct strbuf sb = STRBUF_INIT;

	run_title(&sb, r);
	put(d, sb.buf);
	strbuf_release(&sb);
}

static void side_text_d(struct doc *d, const struct rundiff_side *s)
{
	struct strbuf sb = STRBUF_INIT;

	side_text(&sb, s);
	put(d, sb.buf);
	strbuf_release(&sb);
}

static void t_run(struct doc *o, const char *label, const struct rundiff_run *r)
{
	putf(o, "%s: ", label);
	run_title_d(o, r);
	put(o, " ");
	tt(o, r->hostname && *r->hostname ? r->hostname : "?");
	if (r->root && strcmp(r->root, "/") != 0) {
		put(o, " (--root ");
		tt(o, r->root);
		put(o, ")");
	}
	if (r->holiday_start[0])
		putf(o, _(", holiday %s..%s"), r->holiday_start, r->holiday_end);
	put(o, "\n");
}

int render_rundiff_terminal(const struct rundiff *d, bool color, struct strbuf *sb)
{
	struct doc o = { .out = sb }, *out = &o;
	size_t start = sb->len, i;
	int k;

	putf(out, "%s\n", _("kyuka runs diff"));
	t_run(out, _("A"), &d->a);
	t_run(out, _("B"), &d->b);
	for (k = 0; k < RD__COUNT; k++) {
		if (!d->counts[k])
			continue;
		put(out, "\n");
		if (color)
			putf(out, "\x1b[1;%sm", kind_sgr[k]);
		putf(out, "%s (%zu)", _(kind_labels[k]), d->counts[k]);
		if (color)
			put(out, "\x1b[0m");
		put(out, "\n");
		for (i = 0; i < d->n; i++) {
			const struct rundiff_entry *e = &d->v[i];
			const struct rundiff_side *now = e->b.present ? &e->b : &e->a;

			if ((int)e->kind != k)
				continue;
			put(out, "  ");
			tt(out, e->check_id);
			if (e->subject[0]) {
				put(out, "  ");
				tt(out, e->subject);
			}
			put(out, "  ");
			side_text_d(out, &e->a);
			put(out, " \xe2\x86\x92 ");
			side_text_d(out, &e->b);
			put(out, "\n");
			if (now->evidence && *now->evidence) {
				put(out, "      ");
				tt(out, now->evidence);
				put(out, "\n");
			}
		}
	}
	put(out, "\n");
	if (!d->n)
		putf(out, "%s\n", _("No differences."));
	putf(out, _("%zu worse, %zu appeared, %zu better, %zu went away, %zu unchanged"), d->counts[RD_WORSE],
		    d->counts[RD_APPEARED], d->counts[RD_BETTER], d->counts[RD_GONE], d->unchanged);
	put(out, "\n");
	for (i = 0; i < ARRAY_SIZE(count_order); i++) {
		enum status st = count_order[i];

		putf(out, "%s%s %zu \xe2\x86\x92 %zu", i ? ", " : "", status_label(st), d->a.counts[st],
			    d->b.counts[st]);
	}
	put(out, "\n");
	for (k = 0; k < 2; k++) {
		struct strbuf ids = STRBUF_INIT;
		size_t n = k ? d->n_only_b : d->n_only_a;

		if (!n)
			continue;
		ids_text(&ids, k ? d->only_b : d->only_a, n);
		putf(out, k ? _("not compared, checked only in B: ") : _("not compared, checked only in A: "));
		tt(out, ids.buf);
		put(out, "\n");
		strbuf_release(&ids);
	}
	if (o.r) {
		strbuf_setlen(sb, start);
		return o.r;
	}
	return 0;
}

/* ---- JSON ---- */

static struct json_object *j_run(const struct rundiff_run *r)
{
	struct json_object *o = json_object_new_object(), *c = json_object_new_object();
	char t[32];

	time_format_utc(r->at, t, sizeof(t));
	json_object_object_add(o, "id", json_object_new_int64(r->id));
	json_object_object_add(o, "time", json_object_new_string(t));
	json_object_object_add(o, "phase", esc_json_str(r->phase));
	if (r->holiday_start[0]) {
		struct json_object *h = json_object_new_object();

		json_object_object_add(h, "start", esc_json_str(r->holiday_start));
		json_object_object_add(h, "end", esc_json_str(r->holiday_end));
		json_object_object_add(o, "holiday", h);
	} else {
		json_object_object_add(o, "holiday", NULL);
	}
	json_object_object_add(o, "hostname", esc_json_str(r->hostname ? r->hostname : ""));
	json_object_object_add(o, "root", esc_json_str(r->root ? r->root : ""));
	for (size_t i = 0; i < ARRAY_SIZE(count_order); i++)
		json_object_object_add(c, status_name(count_order[i]),
				       json_object_new_int64((int64_t)r->counts[count_order[i]]));
	json_object_object_add(o, "counts", c);
	return o;
}

static struct json_object *j_side(const struct rundiff_side *s)
{
	struct json_object *o;

	if (!s->present)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "status", json_object_new_string(status_name(s->status)));
	json_object_object_add(o, "severity", json_object_new_string(severity_name(s->severity)));
	json_object_object_add(o, "evidence", esc_json_str(s->evidence ? s->evidence : ""));
	return o;
}

int render_rundiff_json(const struct rundiff *d, const char *tool_version, time_t generated, struct strbuf *out)
{
	struct json_object *top = json_object_new_object(), *tool = json_object_new_object(),
			   *sum = json_object_new_object(), *arr = json_object_new_array();
	const char *text;
	char t[32];
	int r;

	json_object_object_add(top, "schema", json_object_new_string(RUNDIFF_SCHEMA_URI));
	json_object_object_add(top, "schema_version", json_object_new_int(RUNDIFF_SCHEMA_VERSION));
	json_object_object_add(tool, "name", json_object_new_string("kyuka"));
	json_object_object_add(tool, "version", esc_json_str(tool_version ? tool_version : "?"));
	json_object_object_add(top, "tool", tool);
	time_format_utc(generated, t, sizeof(t));
	json_object_object_add(top, "generated_at", json_object_new_string(t));
	json_object_object_add(top, "a", j_run(&d->a));
	json_object_object_add(top, "b", j_run(&d->b));
	for (int k = 0; k < RD__COUNT; k++)
		json_object_object_add(sum, rundiff_kind_name((enum rundiff_kind)k),
				       json_object_new_int64((int64_t)d->counts[k]));
	json_object_object_add(sum, "unchanged", json_object_new_int64((int64_t)d->unchanged));
	json_object_object_add(top, "summary", sum);
	for (size_t i = 0; i < d->n; i++) {
		const struct rundiff_entry *e = &d->v[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "change", json_object_new_string(rundiff_kind_name(e->kind)));
		json_object_object_add(o, "check_id", esc_json_str(e->check_id));
		json_object_object_add(o, "subject", esc_json_str(e->subject));
		json_object_object_add(o, "a", j_side(&e->a));
		json_object_object_add(o, "b", j_side(&e->b));
		json_object_array_add(arr, o);
	}
	json_object_object_add(top, "changes", arr);
	{
		struct json_object *nc = json_object_new_object(), *oa = json_object_new_array(),
				   *ob = json_object_new_array();

		for (size_t i = 0; i < d->n_only_a; i++)
			json_object_array_add(oa, esc_json_str(d->only_a[i]));
		for (size_t i = 0; i < d->n_only_b; i++)
			json_object_array_add(ob, esc_json_str(d->only_b[i]));
		json_object_object_add(nc, "only_a", oa);
		json_object_object_add(nc, "only_b", ob);
		json_object_object_add(top, "not_compared", nc);
	}
	text = json_object_to_json_string_ext(top, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	r = text ? esc_json_text(out, text, strlen(text)) : -ENOMEM;
	if (!r)
		r = strbuf_adds(out, "\n");
	json_object_put(top);
	return r;
}

/* ---- HTML ---- */

static const char rundiff_css[] =
	".kind-worse h2, .kind-appeared h2 { border-left: 8px solid #000; padding-left: .4em; }\n"
	".kind-better h2, .kind-gone h2 { border-left: 8px double #777; padding-left: .4em; }\n"
	"td.arrow { text-align: center; }\n";

static void h_side(struct doc *d, const struct rundiff_side *s)
{
	if (!s->present) {
		put(d, "&mdash;");
		return;
	}
	html_status(d, s->status);
	if (s->status != ST_PASS) {
		put(d, " ");
		html_severity(d, s->severity);
	}
}

static void h_run(struct doc *d, const char *label, const struct rundiff_run *r)
{
	struct strbuf sb = STRBUF_INIT;

	run_title(&sb, r);
	strbuf_adds(&sb, " \xe2\x80\x94 ");
	strbuf_adds(&sb, r->hostname && *r->hostname ? r->hostname : "?");
	if (r->root && strcmp(r->root, "/") != 0)
		strbuf_addf(&sb, " (--root %s)", r->root);
	if (r->holiday_start[0])
		strbuf_addf(&sb, _(", holiday %s..%s"), r->holiday_start, r->holiday_end);
	html_meta(d, label, sb.buf);
	strbuf_release(&sb);
}

int render_rundiff_html(const struct rundiff *rd, time_t generated, struct strbuf *out)
{
	struct doc d = { .out = out };
	size_t start = out->len, i;
	int k;

	{
		struct strbuf css = STRBUF_INIT;

		strbuf_adds(&css, report_html_css);
		strbuf_adds(&css, rundiff_css);
		doc_head(&d, i18n_lang(), _("kyuka runs diff"), doc_base_css, css.buf);
		strbuf_release(&css);
	}
	put(&d, "<h1>");
	h(&d, _("kyuka runs diff"));
	put(&d, "</h1>\n<dl class=\"meta\">\n");
	h_run(&d, _("A"), &rd->a);
	h_run(&d, _("B"), &rd->b);
	put(&d, "</dl>\n<h2>");
	h(&d, _("Summary"));
	put(&d, "</h2>\n<p>");
	{
		char buf[256];

		snprintf(buf, sizeof(buf), _("%zu worse, %zu appeared, %zu better, %zu went away, %zu unchanged"),
			 rd->counts[RD_WORSE], rd->counts[RD_APPEARED], rd->counts[RD_BETTER], rd->counts[RD_GONE],
			 rd->unchanged);
		h(&d, buf);
	}
	put(&d, "</p>\n<table class=\"counts\">\n<thead><tr><th></th>");
	for (i = 0; i < ARRAY_SIZE(count_order); i++) {
		put(&d, "<th>");
		html_status(&d, count_order[i]);
		put(&d, "</th>");
	}
	put(&d, "</tr></thead>\n<tbody>\n");
	for (k = 0; k < 2; k++) {
		const struct rundiff_run *r = k ? &rd->b : &rd->a;

		put(&d, "<tr><th>");
		h(&d, k ? _("B") : _("A"));
		put(&d, "</th>");
		for (i = 0; i < ARRAY_SIZE(count_order); i++)
			putf(&d, "<td>%zu</td>", r->counts[count_order[i]]);
		put(&d, "</tr>\n");
	}
	put(&d, "</tbody></table>\n");
	if (!rd->n) {
		put(&d, "<p>");
		h(&d, _("No differences."));
		put(&d, "</p>\n");
	}
	for (k = 0; k < RD__COUNT; k++) {
		if (!rd->counts[k])
			continue;
		putf(&d, "<section class=\"kind-%s\">\n<h2>", rundiff_kind_name((enum rundiff_kind)k));
		h(&d, _(kind_labels[k]));
		putf(&d, " (%zu)</h2>\n<table>\n<thead><tr><th>", rd->counts[k]);
		h(&d, _("Check"));
		put(&d, "</th><th>");
		h(&d, _("Target"));
		put(&d, "</th><th>");
		h(&d, _("A"));
		put(&d, "</th><th></th><th>");
		h(&d, _("B"));
		put(&d, "</th></tr></thead>\n<tbody>\n");
		for (i = 0; i < rd->n; i++) {
			const struct rundiff_entry *e = &rd->v[i];
			const struct rundiff_side *now = e->b.present ? &e->b : &e->a;

			if ((int)e->kind != k)
				continue;
			put(&d, "<tr><td class=\"id\">");
			h(&d, e->check_id);
			put(&d, "</td><td>");
			h(&d, e->subject);
			if (now->evidence && *now->evidence) {
				put(&d, "<details><summary>");
				h(&d, _("Evidence"));
				put(&d, "</summary><pre class=\"text\">");
				h(&d, now->evidence);
				put(&d, "</pre></details>");
			}
			put(&d, "</td><td>");
			h_side(&d, &e->a);
			put(&d, "</td><td class=\"arrow\">&rarr;</td><td>");
			h_side(&d, &e->b);
			put(&d, "</td></tr>\n");
		}
		put(&d, "</tbody></table>\n</section>\n");
	}
	for (k = 0; k < 2; k++) {
		struct strbuf ids = STRBUF_INIT;
		size_t n = k ? rd->n_only_b : rd->n_only_a;

		if (!n)
			continue;
		ids_text(&ids, k ? rd->only_b : rd->only_a, n);
		put(&d, "<p class=\"muted\">");
		h(&d, k ? _("not compared, checked only in B: ") : _("not compared, checked only in A: "));
		h(&d, ids.buf);
		put(&d, "</p>\n");
		strbuf_release(&ids);
	}
	html_footer(&d, generated);
	if (d.r) {
		strbuf_setlen(out, start);
		return d.r;
	}
	return 0;
}
