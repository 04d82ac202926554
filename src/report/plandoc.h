/*
 * Documents made from the plan for people: the one-page contact sheet (HTML
 * with print CSS) and the staff notice (AW-1, HTML or plain text for mail),
 * in the language in effect (util/i18n.h). Every string from the plan is
 * escaped (esc_html for HTML, esc_terminal for text): the plan is input.
 */
#ifndef KYUKA_REPORT_PLANDOC_H
#define KYUKA_REPORT_PLANDOC_H

#include <time.h>

#include "parse/config/plan.h"
#include "util/strbuf.h"

struct plan_doc {
	const struct config_plan *plan;
	const char *organisation;	/* the config's organisation:, or NULL */
	const char *holiday_start;	/* YYYY-MM-DD or NULL */
	const char *holiday_end;
	time_t generated;
	const char *lang;		/* "ja" or "en": the document's lang attribute */
};

/* Each appends to out and returns 0 or -E2BIG. */
int render_plan_sheet_html(const struct plan_doc *d, struct strbuf *out);
int render_plan_notice_html(const struct plan_doc *d, struct strbuf *out);
int render_plan_notice_text(const struct plan_doc *d, struct strbuf *out);
/* The plan as text for a terminal (kyuka plan). */
int render_plan_text(const struct plan_doc *d, struct strbuf *out);

#endif
