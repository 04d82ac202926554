/*
 * A listing as one self-contained HTML document (model/listing.h): kyuka mail
 * and kyuka vulns --format html. Rows the worst first as the command ordered
 * them, each with its status (symbol and word), headline, fields, the details
 * folded and the action. Every string is escaped (esc_html).
 */
#include "report/listing.h"
#include "report/report.h"

#include "report/htmldoc.h"
#include "util/i18n.h"

static const char listing_css[] =
	".row { border: 1px solid #888; padding: .3em .6em; margin: .5em 0; break-inside: avoid; }\n"
	".row .head { font-weight: bold; word-break: break-all; }\n"
	".row dl.meta { margin: .2em 0; }\n"
	".action { font-weight: bold; border-left: 6px solid #000; padding-left: .5em; margin: .3em 0; }\n";

static void row_status(struct doc *d, const struct listing_row *r)
{
	if (r->word)
		html_status_word(d, r->status, r->word);
	else
		html_status(d, r->status);
}

int render_listing_html(const struct listing *l, struct strbuf *out)
{
	struct doc d = { .out = out };
	size_t start = out->len, i, k;
	struct strbuf css = STRBUF_INIT;

	strbuf_adds(&css, report_html_css);
	strbuf_adds(&css, listing_css);
	doc_head(&d, i18n_lang(), l->title, doc_base_css, css.buf);
	strbuf_release(&css);
	put(&d, "<h1>");
	h(&d, l->title);
	put(&d, "</h1>\n");
	if (l->n_meta) {
		put(&d, "<dl class=\"meta\">\n");
		for (i = 0; i < l->n_meta; i++)
			html_meta(&d, l->meta[i].label, l->meta[i].value);
		put(&d, "</dl>\n");
	}
	for (i = 0; i < l->n_summary; i++) {
		put(&d, "<p>");
		h(&d, l->summary[i]);
		put(&d, "</p>\n");
	}
	for (i = 0; i < l->n_rows; i++) {
		const struct listing_row *r = &l->rows[i];

		put(&d, "<section class=\"row\">\n<p>");
		row_status(&d, r);
		put(&d, " <span class=\"head\">");
		h(&d, r->headline);
		put(&d, "</span></p>\n");
		if (r->n_fields) {
			put(&d, "<dl class=\"meta\">\n");
			for (k = 0; k < r->n_fields; k++)
				html_meta(&d, r->fields[k].label, r->fields[k].value);
			put(&d, "</dl>\n");
		}
		if (r->n_details) {
			put(&d, "<details><summary>");
			h(&d, _("Evidence"));
			putf(&d, " (%zu)</summary>\n<ul>\n", r->n_details);
			for (k = 0; k < r->n_details; k++) {
				put(&d, "<li><pre class=\"text\">");
				h(&d, r->details[k]);
				put(&d, "</pre></li>\n");
			}
			put(&d, "</ul></details>\n");
		}
		if (r->action) {
			put(&d, "<p class=\"action\">");
			h(&d, r->action);
			put(&d, "</p>\n");
		}
		put(&d, "</section>\n");
	}
	html_footer(&d, l->generated_at);
	if (d.r) {
		strbuf_setlen(out, start);
		return d.r;
	}
	return 0;
}
