/*
 * kyuka diff, rendered: terminal, JSON (docs/baseline.md) and HTML. Keys,
 * values and notes came from the host: esc_terminal, the JSON string maker
 * and esc_html.
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

static const char *change_label(enum change_kind c)
{
	return c == CHG_APPEARED ? _("appeared") : c == CHG_VANISHED ? _("vanished") : _("changed");
}

/* ---- terminal ---- */

static void tt(struct doc *d, const char *s)
{
	if (!d->r)
		d->r = esc_terminal(d->out, s ? s : "");
}

int render_changes_terminal(const struct change_report *r, struct strbuf *out)
{
	struct doc d = { .out = out };
	size_t start = out->len, i, total = r->n;
	char t[32];

	time_format_utc(r->base.taken_at, t, sizeof(t));
	putf(&d, _("baseline %lld of %s (root "), (long long)r->base.id, t);
	tt(&d, r->base.root);
	putf(&d, _("), %lld items, summary %s: %s\n"), (long long)r->base.n_items, r->base.sha256,
	     r->base.intact ? _("intact") : _("NO LONGER MATCHES: the stored baseline was changed after it was saved"));
	if (!r->against_now)
		putf(&d, _("against baseline %lld\n"), (long long)r->against.id);
	else
		putf(&d, "%s\n", _("against the host now"));
	for (i = 0; i < r->n; i++) {
		const struct host_change *c = &r->v[i];
		size_t at;

		putf(&d, "%-8s %-8s ", severity_name(c->severity), change_label(c->change));
		at = out->len;
		tt(&d, c->kind);
		for (size_t w = out->len - at; w < 7; w++)
			put(&d, " ");
		put(&d, " ");
		tt(&d, c->key);
		put(&d, "  [");
		tt(&d, c->item);
		put(&d, "]");
		if (c->explained)
			putf(&d, " %s", _("explained:"));
		if (c->why[0]) {
			put(&d, " ");
			tt(&d, c->why);
		}
		put(&d, "\n");
		if (c->before && c->after) {
			put(&d, "    - ");
			tt(&d, c->before);
			put(&d, "\n    + ");
			tt(&d, c->after);
			put(&d, "\n");
		} else if (c->after && c->after[0]) {
			put(&d, "    + ");
			tt(&d, c->after);
			put(&d, "\n");
		}
	}
	if (!total)
		putf(&d, "%s\n", _("no changes"));
	else
		putf(&d, _("%zu changes: %zu critical, %zu high, %zu medium, %zu low, %zu info; %zu explained by the "
			   "package manager\n"),
		     total, r->count[SEV_CRITICAL], r->count[SEV_HIGH], r->count[SEV_MEDIUM], r->count[SEV_LOW],
		     r->count[SEV_INFO], r->explained);
	for (i = 0; i < r->n_not_read; i++) {
		putf(&d, "%s ", _("not read now:"));
		tt(&d, r->not_read[i]);
		put(&d, "\n");
	}
	if (d.r)
		strbuf_setlen(out, start);
	return d.r;
}

/* ---- JSON ---- */

static struct json_object *snapshot_json(const struct change_snapshot *b)
{
	struct json_object *j = json_object_new_object();
	char t[32];

	time_format_utc(b->taken_at, t, sizeof(t));
	json_object_object_add(j, "id", json_object_new_int64(b->id));
	json_object_object_add(j, "taken_at", json_object_new_string(t));
	json_object_object_add(j, "root", esc_json_str(b->root ? b->root : ""));
	json_object_object_add(j, "items", json_object_new_int64(b->n_items));
	json_object_object_add(j, "sha256", json_object_new_string(b->sha256));
	json_object_object_add(j, "intact", json_object_new_boolean(b->intact));
	return j;
}

int render_changes_json(const struct change_report *r, struct strbuf *out)
{
	struct json_object *doc = json_object_new_object(), *cnt = json_object_new_object(),
			   *arr = json_object_new_array();
	const char *text;
	size_t i;
	int ret;

	json_object_object_add(doc, "baseline", snapshot_json(&r->base));
	json_object_object_add(doc, "against", r->against_now ? json_object_new_string("now") : snapshot_json(&r->against));
	for (i = 0; i < SEV__COUNT; i++)
		json_object_object_add(cnt, severity_name((enum severity)i), json_object_new_int64((int64_t)r->count[i]));
	json_object_object_add(cnt, "explained", json_object_new_int64((int64_t)r->explained));
	json_object_object_add(doc, "counts", cnt);
	for (i = 0; i < r->n; i++) {
		const struct host_change *c = &r->v[i];
		struct json_object *j = json_object_new_object();

		json_object_object_add(j, "change", json_object_new_string(change_kind_name(c->change)));
		json_object_object_add(j, "kind", esc_json_str(c->kind));
		json_object_object_add(j, "key", esc_json_str(c->key));
		json_object_object_add(j, "before", esc_json_str(c->before));
		json_object_object_add(j, "after", esc_json_str(c->after));
		json_object_object_add(j, "severity", json_object_new_string(severity_name(c->severity)));
		json_object_object_add(j, "item", esc_json_str(c->item));
		json_object_object_add(j, "explained", json_object_new_boolean(c->explained));
		json_object_object_add(j, "why", esc_json_str(c->why));
		json_object_array_add(arr, j);
	}
	json_object_object_add(doc, "changes", arr);
	if (r->has_not_read) {
		struct json_object *n = json_object_new_array();

		for (i = 0; i < r->n_not_read; i++)
			json_object_array_add(n, esc_json_str(r->not_read[i]));
		json_object_object_add(doc, "not_read", n);
	}
	text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	ret = text ? esc_json_text(out, text, strlen(text)) : -ENOMEM;
	if (!ret)
		ret = strbuf_adds(out, "\n");
	json_object_put(doc);
	return ret;
}

/* ---- HTML ---- */

static void snapshot_meta(struct doc *d, const char *label, const struct change_snapshot *b)
{
	struct strbuf sb = STRBUF_INIT;
	char t[32];

	time_format_utc(b->taken_at, t, sizeof(t));
	strbuf_addf(&sb, _("baseline %lld of %s (root "), (long long)b->id, t);
	strbuf_adds(&sb, b->root ? b->root : "");
	strbuf_addf(&sb, _("), %lld items, summary %s: %s\n"), (long long)b->n_items, b->sha256,
		    b->intact ? _("intact") : _("NO LONGER MATCHES: the stored baseline was changed after it was saved"));
	strbuf_rtrim(&sb);
	html_meta(d, label, sb.buf);
	strbuf_release(&sb);
}

int render_changes_html(const struct change_report *r, struct strbuf *out)
{
	static const enum severity order[] = { SEV_CRITICAL, SEV_HIGH, SEV_MEDIUM, SEV_LOW, SEV_INFO };
	struct doc d = { .out = out };
	size_t start = out->len, i;
	char buf[512];

	doc_head(&d, i18n_lang(), _("kyuka diff: changes since the baseline"), doc_base_css, report_html_css);
	put(&d, "<h1>");
	h(&d, _("kyuka diff: changes since the baseline"));
	put(&d, "</h1>\n<dl class=\"meta\">\n");
	snapshot_meta(&d, _("Baseline"), &r->base);
	if (r->against_now)
		html_meta(&d, _("Against"), _("the host now"));
	else
		snapshot_meta(&d, _("Against"), &r->against);
	put(&d, "</dl>\n");
	if (!r->base.intact) {
		put(&d, "<p class=\"first\"><strong>");
		snprintf(buf, sizeof(buf),
			 _("baseline %lld no longer matches its summary %s (now %s): do not trust this comparison"),
			 (long long)r->base.id, r->base.sha256, r->now_sha256);
		h(&d, buf);
		put(&d, "</strong></p>\n");
	}
	put(&d, "<h2>");
	h(&d, _("Summary"));
	put(&d, "</h2>\n<p>");
	if (!r->n)
		h(&d, _("no changes"));
	else {
		snprintf(buf, sizeof(buf),
			 _("%zu changes: %zu critical, %zu high, %zu medium, %zu low, %zu info; %zu explained by the "
			   "package manager\n"),
			 r->n, r->count[SEV_CRITICAL], r->count[SEV_HIGH], r->count[SEV_MEDIUM], r->count[SEV_LOW],
			 r->count[SEV_INFO], r->explained);
		buf[strcspn(buf, "\n")] = '\0';	/* the terminal's line end */
		h(&d, buf);
	}
	put(&d, "</p>\n");
	/* the unexplained changes by severity, the worst first; then those the package manager explains */
	for (size_t k = 0; k <= ARRAY_SIZE(order); k++) {
		bool expl = k == ARRAY_SIZE(order), any = false;

		for (i = 0; i < r->n; i++) {
			const struct host_change *c = &r->v[i];

			if (expl ? !c->explained : c->explained || c->severity != order[k])
				continue;
			if (!any) {
				put(&d, "<section>\n<h2>");
				if (expl)
					h(&d, _("Explained by the package manager"));
				else
					html_severity(&d, order[k]);
				put(&d, "</h2>\n<table>\n<thead><tr><th>");
				h(&d, _("Change"));
				put(&d, "</th><th>");
				h(&d, _("Kind"));
				put(&d, "</th><th>");
				h(&d, _("Target"));
				put(&d, "</th><th>");
				h(&d, _("Advisory items"));
				put(&d, "</th></tr></thead>\n<tbody>\n");
				any = true;
			}
			put(&d, "<tr><td class=\"nw\">");
			h(&d, change_label(c->change));
			put(&d, "</td><td class=\"nw\">");
			h(&d, c->kind);
			put(&d, "</td><td class=\"what\"><strong>");
			h(&d, c->key);
			put(&d, "</strong>");
			if (c->why[0]) {
				put(&d, "<br>");
				h(&d, c->why);
			}
			if (c->before || (c->after && c->after[0])) {
				put(&d, "<details><summary>");
				h(&d, _("Evidence"));
				put(&d, "</summary><pre class=\"text\">");
				if (c->before) {
					put(&d, "- ");
					h(&d, c->before);
					put(&d, "\n");
				}
				if (c->after) {
					put(&d, "+ ");
					h(&d, c->after);
				}
				put(&d, "</pre></details>");
			}
			put(&d, "</td><td class=\"nw\">");
			h(&d, c->item);
			put(&d, "</td></tr>\n");
		}
		if (any)
			put(&d, "</tbody></table>\n</section>\n");
	}
	if (r->n_not_read) {
		put(&d, "<h2>");
		h(&d, _("not read now:"));
		put(&d, "</h2>\n<ul>\n");
		for (i = 0; i < r->n_not_read; i++) {
			put(&d, "<li>");
			h(&d, r->not_read[i]);
			put(&d, "</li>\n");
		}
		put(&d, "</ul>\n");
	}
	html_footer(&d, r->generated_at);
	if (d.r) {
		strbuf_setlen(out, start);
		return d.r;
	}
	return 0;
}
