/*
 * The HTML reports: one self-contained file (inline CSS, no script), for a
 * manager to read and for the file. The run's findings grouped under the
 * advisory's headings, "do this first" on top, evidence folded per finding
 * (<details>, opened when printed), A4 print CSS. A status is a word and a
 * symbol in a box whose fill and border differ in greyscale too, never a
 * colour alone. Every string from the host, a log, a mail or a feed goes
 * through esc_html (htmldoc.h: h()); translated words are escaped as well.
 */
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/htmldoc.h"
#include "util/i18n.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* Status class names (stable); the symbols are status_symbol(), the words status_label(). */
static const char *const st_class[ST__COUNT] = {
	[ST_PASS] = "pass", [ST_WARN] = "warn", [ST_FAIL] = "fail",
	[ST_SKIP] = "skip", [ST_ERROR] = "error", [ST_MANUAL] = "manual",
};
static const enum status summary_order[] = { ST_FAIL, ST_ERROR, ST_WARN, ST_MANUAL, ST_SKIP, ST_PASS };

/*
 * Each status differs in fill (black, dark, mid, light, white) and border
 * (solid, double, dashed, dotted) as well as hue: the print survives greyscale.
 */
const char report_html_css[] =
	".st { display: inline-block; min-width: 5.5em; padding: 0 .3em; font-weight: bold; white-space: nowrap;"
	" border: 2px solid #000; border-radius: 3px; text-align: left; }\n"
	".st-fail { background: #8b0000; color: #fff; }\n"
	".st-error { background: #4b0063; color: #fff; border-style: double; border-width: 4px; }\n"
	".st-warn { background: #ffc400; color: #000; border-color: #6b5200; }\n"
	".st-manual { background: #dbe8ff; color: #000; border-style: dotted; }\n"
	".st-skip { background: #fff; color: #333; border-style: dashed; border-color: #555; }\n"
	".st-pass { background: #fff; color: #064; border-width: 1px; border-color: #064; }\n"
	".sev { white-space: nowrap; }\n"
	".sev-critical, .sev-high { font-weight: bold; }\n"
	".id { font-family: monospace; white-space: nowrap; }\n"
	"dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0 1em; margin: .5em 0; }\n"
	"dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }\n"
	".first { border: 3px solid #000; padding: .3em 1em; margin: 1em 0; }\n"
	".first h2 { margin-top: .2em; }\n"
	".first li { margin: .3em 0; }\n"
	".remedy::before { content: \"\\2192  \"; }\n"
	".remedy { margin: .2em 0 0 0; }\n"
	"td.what { width: 100%; }\n"
	"thead th, .nw { white-space: nowrap; }\n"
	"details > summary { cursor: pointer; }\n"
	"details ul { margin: .2em 0; padding-left: 1.4em; }\n"
	".counts span.st { margin: 0 .4em .3em 0; }\n"
	"pre.text { white-space: pre-wrap; word-break: break-word; margin: 0; font-family: inherit; }\n"
	"@media print { details > summary { list-style: none; } details::details-content { content-visibility: visible;"
	" display: block; } h2 { break-after: avoid; } .first { break-inside: avoid; } thead { display: table-header-group; } }\n";

static bool empty(const char *s)
{
	return !s || !*s;
}

/* gettext of a msgid; never of "" (that would be the catalogue header). */
static const char *tr(const char *msgid)
{
	return msgid && *msgid ? _(msgid) : "";
}

void html_status_word(struct doc *d, enum status s, const char *word)
{
	putf(d, "<span class=\"st st-%s\">%s ", (unsigned)s < ST__COUNT ? st_class[s] : "unknown", status_symbol(s));
	h(d, word);
	put(d, "</span>");
}

void html_status(struct doc *d, enum status s)
{
	html_status_word(d, s, status_label(s));
}

void html_severity(struct doc *d, enum severity s)
{
	putf(d, "<span class=\"sev sev-%s\">", severity_name(s));
	h(d, severity_label(s));
	put(d, "</span>");
}

/* A <dt>label</dt><dd>escaped value</dd> pair. */
void html_meta(struct doc *d, const char *label, const char *value)
{
	put(d, "<dt>");
	h(d, label);
	put(d, "</dt><dd>");
	h(d, value);
	put(d, "</dd>\n");
}

static void phases_text(struct strbuf *sb, unsigned phases)
{
	static const struct {
		unsigned bit;
		const char *label;
	} labels[] = { { PHASE_BEFORE, N_("before") }, { PHASE_DURING, N_("during") }, { PHASE_AFTER, N_("after") } };
	bool first = true;

	for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
		if (!(phases & labels[i].bit))
			continue;
		strbuf_adds(sb, first ? "" : ", ");
		strbuf_adds(sb, tr(labels[i].label));
		first = false;
	}
	if (first)
		strbuf_adds(sb, "?");
}

static void header(struct doc *d, const struct report *rep, const char *title)
{
	const struct host_facts *hf = &rep->host;
	struct strbuf sb = STRBUF_INIT;
	char when[32];

	put(d, "<h1>");
	h(d, title);
	if (!empty(hf->hostname)) {
		put(d, " &mdash; ");
		h(d, hf->hostname);
	}
	put(d, "</h1>\n<dl class=\"meta\">\n");
	html_meta(d, _("Host"), empty(hf->hostname) ? _("unknown") : hf->hostname);
	if (!empty(hf->os_pretty)) {
		html_meta(d, _("OS"), hf->os_pretty);
	} else {
		strbuf_adds(&sb, empty(hf->os_id) ? _("unknown") : hf->os_id);
		if (!empty(hf->os_id) && !empty(hf->os_version))
			strbuf_addf(&sb, " %s", hf->os_version);
		html_meta(d, _("OS"), sb.buf);
		strbuf_setlen(&sb, 0);
	}
	if (!empty(rep->root) && strcmp(rep->root, "/") != 0)
		html_meta(d, _("Root"), rep->root);
	phases_text(&sb, rep->phase);
	html_meta(d, _("Phase"), sb.buf);
	strbuf_setlen(&sb, 0);
	if (rep->has_holiday || !rep->window) {
		if (rep->has_holiday)
			strbuf_addf(&sb, "%.10s \xe2\x80\x93 %.10s", rep->holiday_start, rep->holiday_end);
		html_meta(d, _("Holiday"), rep->has_holiday ? sb.buf : _("not set"));
	}
	if (rep->window)
		html_meta(d, _("Logs reviewed"), rep->window);
	time_format_utc(rep->generated_at, when, sizeof(when));
	html_meta(d, _("Time"), when);
	put(d, "</dl>\n");
	strbuf_release(&sb);
}

/* What was found: "subject — evidence", or the evidence alone, or the check's title. */
static void statement(struct doc *d, const struct finding *f)
{
	if (!empty(f->subject)) {
		h(d, f->subject);
		put(d, " &mdash; ");
	}
	h(d, !empty(f->evidence) ? f->evidence : tr(f->title));
}

static void counts(struct doc *d, const struct report *rep, const struct finding *f, size_t n)
{
	size_t c[ST__COUNT] = { 0 };
	size_t above = report_at_or_above(rep, rep->fail_on);

	for (size_t i = 0; i < n; i++)
		if ((unsigned)f[i].status < ST__COUNT)
			c[f[i].status]++;
	put(d, "<h2>");
	h(d, _("Summary"));
	put(d, "</h2>\n<p class=\"counts\">");
	for (size_t i = 0; i < ARRAY_SIZE(summary_order); i++) {
		enum status st = summary_order[i];

		char word[64];

		snprintf(word, sizeof(word), "%s %zu", status_label(st), c[st]);
		html_status_word(d, st, word);
	}
	put(d, "</p>\n<p>");
	{
		char buf[256];

		snprintf(buf, sizeof(buf),
			 ngettext("%zu finding at or above %s", "%zu findings at or above %s", above), above,
			 severity_label(rep->fail_on));
		h(d, buf);
	}
	put(d, "</p>\n");
	if (!n) {
		put(d, "<p>");
		h(d, _("No findings."));
		put(d, "</p>\n");
	}
}

static void do_first(struct doc *d, const struct finding *f, size_t n)
{
	struct do_first df[REPORT_DO_FIRST_MAX];
	size_t nd = report_do_first(f, n, df);

	put(d, "<section class=\"first\">\n<h2>");
	h(d, _("Do this first"));
	put(d, "</h2>\n");
	if (!nd) {
		put(d, "<p>");
		h(d, _("Nothing to act on: no WARN or FAIL finding above info."));
		put(d, "</p>\n</section>\n");
		return;
	}
	put(d, "<ol>\n");
	for (size_t i = 0; i < nd; i++) {
		const struct finding *first = df[i].first;

		put(d, "<li>");
		html_status(d, first->status);
		put(d, " ");
		html_severity(d, df[i].severity);
		put(d, " <span class=\"id\">");
		h(d, first->check_id);
		put(d, "</span> <strong>");
		h(d, tr(first->title));
		put(d, "</strong><br>");
		if (df[i].n_findings == 1) {
			statement(d, first);
		} else {
			char buf[128];
			size_t shown = 0, seen = 0;

			snprintf(buf, sizeof(buf), ngettext("%zu finding", "%zu findings", df[i].n_findings),
				 df[i].n_findings);
			h(d, buf);
			for (size_t j = 0; seen < df[i].n_findings; j++) {
				if (!finding_is_action(&first[j]))
					continue;
				seen++;
				if (empty(first[j].subject))
					continue;
				if (shown == 5) {
					put(d, ", &hellip;");
					break;
				}
				put(d, shown ? ", " : ": ");
				h(d, first[j].subject);
				shown++;
			}
		}
		if (!empty(first->remedy)) {
			put(d, "<p class=\"remedy\">");
			h(d, first->remedy);
			put(d, "</p>");
		}
		put(d, "</li>\n");
	}
	put(d, "</ol>\n</section>\n");
}

static bool same_heading(const struct finding *a, const struct finding *b)
{
	return a->heading_order == b->heading_order &&
	       strcmp(a->heading ? a->heading : "", b->heading ? b->heading : "") == 0;
}

/* One finding: a table row; what was read and the subjects folded in <details>. */
static void finding_row(struct doc *d, const struct finding *f)
{
	put(d, "<tr><td>");
	html_status(d, f->status);
	put(d, "</td><td class=\"id\">");
	h(d, f->check_id);
	put(d, "</td><td>");
	html_severity(d, f->severity);
	put(d, "</td><td class=\"what\"><strong>");
	h(d, tr(f->title));
	put(d, "</strong>");
	if (!empty(f->subject)) {
		put(d, " &mdash; ");
		h(d, f->subject);
	}
	put(d, "\n<details><summary>");
	h(d, _("Evidence"));
	if (f->n_subjects)
		putf(d, " (%zu)", f->n_subjects);
	put(d, "</summary>\n<pre class=\"text\">");
	h(d, !empty(f->evidence) ? f->evidence : tr(f->title));
	put(d, "</pre>\n");
	if (f->n_subjects) {
		put(d, "<ul>\n");
		for (size_t i = 0; i < f->n_subjects; i++) {
			put(d, "<li>");
			h(d, f->subjects[i].name);
			if (!empty(f->subjects[i].detail)) {
				put(d, ": ");
				h(d, f->subjects[i].detail);
			}
			put(d, "</li>\n");
		}
		put(d, "</ul>\n");
	}
	put(d, "<p class=\"muted\">");
	h(d, _("Advisory items"));
	put(d, ": ");
	h(d, empty(f->items) ? "-" : f->items);
	put(d, "</p></details>");
	if (f->status != ST_PASS && !empty(f->remedy)) {
		put(d, "<p class=\"remedy\">");
		h(d, f->remedy);
		put(d, "</p>");
	}
	put(d, "</td></tr>\n");
}

static void table_head(struct doc *d)
{
	put(d, "<table class=\"findings\">\n<thead><tr><th>");
	h(d, _("Status"));
	put(d, "</th><th>");
	h(d, _("Check"));
	put(d, "</th><th>");
	h(d, _("Severity"));
	put(d, "</th><th>");
	h(d, _("What was found"));
	put(d, "</th></tr></thead>\n<tbody>\n");
}

static void sections(struct doc *d, const struct finding *f, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t end = i + 1;

		while (end < n && same_heading(&f[i], &f[end]))
			end++;
		put(d, "<section class=\"heading\">\n<h2>");
		h(d, empty(f[i].heading) ? _("Other findings") : tr(f[i].heading));
		put(d, "</h2>\n");
		table_head(d);
		for (size_t j = i; j < end; j++)
			finding_row(d, &f[j]);
		put(d, "</tbody></table>\n</section>\n");
		i = end;
	}
}

static void timeline(struct doc *d, const struct report_timeline *tl)
{
	put(d, "<h2>");
	h(d, _("Timeline of the window"));
	put(d, " (");
	h(d, tl->zone ? tl->zone : "UTC");
	put(d, ")</h2>\n<table class=\"timeline\">\n<thead><tr><th>");
	h(d, _("date"));
	put(d, "</th>");
	for (size_t k = 0; k < tl->n_cols; k++) {
		put(d, "<th>");
		h(d, tr(tl->cols[k]));
		put(d, "</th>");
	}
	put(d, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < tl->n_days; i++) {
		put(d, "<tr><td>");
		h(d, tl->days[i].date);
		put(d, "</td>");
		for (size_t k = 0; k < tl->n_cols; k++)
			putf(d, "<td>%llu</td>", tl->days[i].n[k]);
		put(d, "</tr>\n");
	}
	put(d, "</tbody></table>\n");
}

void html_footer(struct doc *d, time_t generated)
{
	char when[32];

	time_format_utc(generated, when, sizeof(when));
	put(d, "<p class=\"muted\">");
	h(d, _("Generated by kyuka on"));
	put(d, " ");
	h(d, when);
	put(d, "</p>\n</body>\n</html>\n");
}

int render_html(const struct report *rep, struct strbuf *out)
{
	struct doc d = { .out = out };
	size_t start = out->len;
	struct finding *f = report_sorted_copy(rep);
	const char *title = rep->window ? _("kyuka log review") : _("kyuka audit report");

	doc_head(&d, i18n_lang(), title, doc_base_css, report_html_css);
	header(&d, rep, title);
	do_first(&d, f, rep->n_findings);
	counts(&d, rep, f, rep->n_findings);
	sections(&d, f, rep->n_findings);
	if (rep->timeline)
		timeline(&d, rep->timeline);
	html_footer(&d, rep->generated_at);
	free(f);
	if (d.r) {
		strbuf_setlen(out, start);
		return d.r;
	}
	return 0;
}
