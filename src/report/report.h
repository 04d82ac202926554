/*
 * The renderers of a run (model/run.h): the terminal and JSON reports and
 * what they share. Only cli/ calls them; the layers below never include this.
 */
#ifndef KYUKA_REPORT_REPORT_H
#define KYUKA_REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "model/changes.h"
#include "model/rundiff.h"
#include "model/run.h"
#include "util/err.h"
#include "util/strbuf.h"

/*
 * "Do this first": the few actions to take, one per check with WARN or FAIL
 * findings, ranked by severity, status (FAIL first), advisory order and
 * check ID. first points at the check's first finding in report_sort()
 * order; n_findings and n_subjects count what the action covers.
 */
#define REPORT_DO_FIRST_MAX 5
struct do_first {
	const struct finding *first;
	size_t n_findings;	/* findings of the check with this status */
	size_t n_subjects;	/* their subjects (a grouped finding counts its list) */
	enum severity severity;	/* the highest of them */
};
/* A finding that calls for an action: WARN or FAIL above info. */
static inline bool finding_is_action(const struct finding *f)
{
	return (f->status == ST_FAIL || f->status == ST_WARN) && f->severity > SEV_INFO;
}
/*
 * Fills out[0..REPORT_DO_FIRST_MAX) from the sorted findings f[0..n); returns
 * the number filled. The n_findings action findings of out[i] are among the
 * findings from out[i].first on that have its check ID (adjacent when sorted).
 */
size_t report_do_first(const struct finding *f, size_t n, struct do_first *out);

/* The status and severity words in the user's language, for tables people read (合格, 緊急 ...). */
const char *status_label(enum status s);
const char *severity_label(enum severity s);
/* The symbol printed beside the status word where colour may be lost (HTML, the workbook): ✓ ▲ ✗ – ! ✎, "?" out of range. */
const char *status_symbol(enum status s);

/* Renderers. Output is appended to out; return 0 or a negative errno. */
struct render_opts {
	bool color;
	bool verbose;	/* also list PASS findings one by one */
};
int render_terminal(const struct report *rep, const struct render_opts *o, struct strbuf *out);
int render_json(const struct report *rep, struct strbuf *out);
/* One self-contained HTML document (html.c), in the language in effect. */
int render_html(const struct report *rep, struct strbuf *out);

/*
 * The checklist workbook (xlsx.c): a summary sheet and one sheet per advisory
 * heading, written to path atomically with mode 0600. 0 or a negative errno with err set.
 */
int render_xlsx(const struct report *rep, const char *path, struct err *err);

/* kyuka diff (changes.c): terminal, JSON (docs/baseline.md) and HTML. */
int render_changes_terminal(const struct change_report *r, struct strbuf *out);
int render_changes_json(const struct change_report *r, struct strbuf *out);
int render_changes_html(const struct change_report *r, struct strbuf *out);

/* kyuka runs diff (rundiff.c): terminal (colour only with color), JSON (docs/runs-diff-schema.json), HTML. */
int render_rundiff_terminal(const struct rundiff *d, bool color, struct strbuf *out);
int render_rundiff_json(const struct rundiff *d, const char *tool_version, time_t generated, struct strbuf *out);
int render_rundiff_html(const struct rundiff *d, time_t generated, struct strbuf *out);

#endif
