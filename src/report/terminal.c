/*
 * The terminal report: a header, the findings grouped under their advisory
 * headings, a summary. Every string from a finding or the host goes through
 * esc_terminal; escape sequences are written only with opts->color. No width
 * is assumed and nothing is wrapped.
 */
#include "report/report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/escape.h"
#include "util/i18n.h"
#include "util/textwidth.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define TAG_WIDTH 6		/* "MANUAL" */
#define SEV_WIDTH 8		/* "critical" */
#define ID_WIDTH_MAX 16		/* check IDs are padded to the longest, up to this */
#define DETAIL_INDENT "         " /* 2 + TAG_WIDTH + 1: under the check ID */

/* SGR colours of the status tags. */
static const char *const status_sgr[ST__COUNT] = {
	[ST_PASS] = "32", [ST_WARN] = "33", [ST_FAIL] = "31",
	[ST_SKIP] = "36", [ST_ERROR] = "35", [ST_MANUAL] = "34",
};

/* Summary order: the worst first. */
static const enum status summary_order[] = { ST_FAIL, ST_ERROR, ST_WARN, ST_MANUAL, ST_SKIP, ST_PASS };

/* Display labels (translated at use); the stable names are in report.c. */
static const char *const audience_labels[] = { [AUD_ADMIN] = N_("admin"), [AUD_STAFF] = N_("staff") };
static const struct {
	unsigned bit;
	const char *label;
} phase_labels[] = {
	{ PHASE_BEFORE, N_("before") },
	{ PHASE_DURING, N_("during") },
	{ PHASE_AFTER, N_("after") },
};

/* Appends to out; the first failure sticks and later calls do nothing. */
struct tw {
	struct strbuf *out;
	bool color;
	size_t id_width;
	int err;
};

static void put(struct tw *w, const char *s)
{
	if (!w->err)
		w->err = strbuf_adds(w->out, s);
}

static void putf(struct tw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct tw *w, const char *fmt, ...)
{
	va_list ap;

	if (w->err)
		return;
	va_start(ap, fmt);
	w->err = strbuf_vaddf(w->out, fmt, ap);
	va_end(ap);
}

static void put_esc(struct tw *w, const char *s)
{
	if (!w->err)
		w->err = esc_terminal(w->out, s);
}

static void put_esc_mem(struct tw *w, const char *s, size_t len)
{
	if (!w->err)
		w->err = esc_terminal_mem(w->out, s, len);
}

static void sgr_on(struct tw *w, const char *code)
{
	if (w->color)
		putf(w, "\x1b[%sm", code);
}

static void sgr_off(struct tw *w)
{
	if (w->color)
		put(w, "\x1b[0m");
}

/* Blanks up to width, none when used fills it (a column with its own separator). */
static void pad_to(struct tw *w, size_t used, size_t width)
{
	for (; used < width; used++)
		put(w, " ");
}

/* Blanks up to width, at least one so that columns never run together. */
static void pad(struct tw *w, size_t used, size_t width)
{
	put(w, " ");
	pad_to(w, used + 1, width);
}

/* gettext of a msgid; never of "" (that would be the catalogue header). */
static const char *tr(const char *msgid)
{
	return msgid && *msgid ? _(msgid) : "";
}

static bool empty(const char *s)
{
	return !s || !*s;
}

static void status_tag(struct tw *w, enum status st)
{
	const char *name = status_label(st);

	put(w, "  ");
	if ((unsigned)st < ST__COUNT)
		sgr_on(w, status_sgr[st]);
	put(w, name);
	if ((unsigned)st < ST__COUNT)
		sgr_off(w);
	pad(w, text_width(name), TAG_WIDTH + 1);
}

/* The check ID and the blanks that line up what follows. */
static void check_id(struct tw *w, const char *id)
{
	size_t start = w->out->len;

	put_esc(w, id);
	if (!w->err)
		pad(w, w->out->len - start, w->id_width + 2);
}

static void header_line(struct tw *w, const char *label, const char *value)
{
	putf(w, "%s: ", tr(label));
	put_esc(w, value);
	put(w, "\n");
}

static void phases_label(struct tw *w, unsigned phases)
{
	bool first = true;

	for (size_t i = 0; i < ARRAY_SIZE(phase_labels); i++) {
		if (!(phases & phase_labels[i].bit))
			continue;
		put(w, first ? "" : ", ");
		put(w, tr(phase_labels[i].label));
		first = false;
	}
	if (first)
		put(w, "?");
}

static void header(struct tw *w, const struct report *rep)
{
	char when[32];
	const struct host_facts *h = &rep->host;

	put(w, "kyuka ");
	put_esc(w, empty(rep->tool_version) ? "?" : rep->tool_version);
	putf(w, " \xe2\x80\x94 %s\n", tr(N_("audit report")));
	header_line(w, N_("Host"), empty(h->hostname) ? tr(N_("unknown")) : h->hostname);
	if (!empty(h->os_pretty)) {
		header_line(w, N_("OS"), h->os_pretty);
	} else if (!empty(h->os_id)) {
		putf(w, "%s: ", tr(N_("OS")));
		put_esc(w, h->os_id);
		if (!empty(h->os_version)) {
			put(w, " ");
			put_esc(w, h->os_version);
		}
		put(w, "\n");
	} else {
		header_line(w, N_("OS"), tr(N_("unknown")));
	}
	if (!empty(rep->root) && strcmp(rep->root, "/") != 0)
		header_line(w, N_("Root"), rep->root);
	putf(w, "%s: ", tr(N_("Phase")));
	phases_label(w, rep->phase);
	put(w, "\n");
	if (rep->has_holiday || !rep->window) {
		putf(w, "%s: ", tr(N_("Holiday")));
		if (rep->has_holiday) {
			put_esc_mem(w, rep->holiday_start, strnlen(rep->holiday_start, sizeof(rep->holiday_start)));
			put(w, " \xe2\x80\x93 ");
			put_esc_mem(w, rep->holiday_end, strnlen(rep->holiday_end, sizeof(rep->holiday_end)));
		} else {
			put(w, tr(N_("not set")));
		}
		put(w, "\n");
	}
	if (rep->window)
		header_line(w, N_("Logs reviewed"), rep->window);
	time_format_utc(rep->generated_at, when, sizeof(when));
	header_line(w, N_("Time"), when);
}

static bool same_heading(const struct finding *a, const struct finding *b)
{
	return a->heading_order == b->heading_order &&
	       strcmp(a->heading ? a->heading : "", b->heading ? b->heading : "") == 0;
}

static bool same_check(const struct finding *a, const struct finding *b)
{
	return strcmp(a->check_id ? a->check_id : "", b->check_id ? b->check_id : "") == 0;
}

/* The heading line of findings f[0..n): "Heading [admin · before]". */
static void heading(struct tw *w, const struct finding *f, size_t n)
{
	unsigned phases = 0;
	bool aud[2] = { false, false };
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		phases |= f[i].phase;
		if ((unsigned)f[i].audience < ARRAY_SIZE(aud))
			aud[f[i].audience] = true;
	}
	put(w, "\n");
	sgr_on(w, "1");
	put_esc(w, empty(f->heading) ? tr(N_("Other findings")) : tr(f->heading));
	sgr_off(w);
	put(w, " [");
	for (size_t i = 0; i < ARRAY_SIZE(aud); i++) {
		if (!aud[i])
			continue;
		put(w, first ? "" : ", ");
		put(w, tr(audience_labels[i]));
		first = false;
	}
	if (first)
		put(w, "?");
	put(w, " \xc2\xb7 ");
	phases_label(w, phases);
	put(w, "]\n");
}

#define SUBJECTS_SHOWN 10	/* of a grouped finding; the JSON report lists all */

static bool same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/*
 * What was found: "subject — evidence", or the evidence alone. Only a
 * finding that says nothing (a PASS without evidence) shows its check's
 * title, which is then true.
 */
static void statement(struct tw *w, const struct finding *f)
{
	if (!empty(f->subject)) {
		put_esc(w, f->subject);
		put(w, " \xe2\x80\x94 ");
	}
	put_esc(w, !empty(f->evidence) ? f->evidence : tr(f->title));
}

/* The subjects of a grouped finding: the first SUBJECTS_SHOWN, then how many more. */
static void subject_list(struct tw *w, const struct finding *f)
{
	size_t shown = f->n_subjects < SUBJECTS_SHOWN ? f->n_subjects : SUBJECTS_SHOWN;

	for (size_t i = 0; i < shown; i++) {
		put(w, DETAIL_INDENT "  ");
		put_esc(w, f->subjects[i].name);
		if (!empty(f->subjects[i].detail)) {
			put(w, ": ");
			put_esc(w, f->subjects[i].detail);
		}
		put(w, "\n");
	}
	if (f->n_subjects > shown) {
		size_t more = f->n_subjects - shown;

		put(w, DETAIL_INDENT "  \xe2\x80\xa6 ");
		putf(w, ngettext("%zu more (the JSON report lists all)", "%zu more (the JSON report lists all)", more),
		     more);
		put(w, "\n");
	}
}

/*
 * A finding: status, check ID, severity and what was found. Below it the
 * check's title, labelled as the check's name (once for the findings of a
 * check that follow each other), a grouped finding's subjects, and the
 * remedy (once for findings of a check in a row that share it: after the
 * last of them).
 */
static void finding_line(struct tw *w, const struct finding *f, const struct finding *prev,
			 const struct finding *next)
{
	const char *sev = severity_label(f->severity);

	status_tag(w, f->status);
	check_id(w, f->check_id);
	put(w, sev);
	pad(w, text_width(sev), SEV_WIDTH + 2);
	statement(w, f);
	put(w, "\n");
	if (!empty(f->evidence) && !empty(f->title) && !(prev && same_check(prev, f))) {
		putf(w, DETAIL_INDENT "%s: ", tr(N_("check")));
		put_esc(w, tr(f->title));
		put(w, "\n");
	}
	if (f->n_subjects)
		subject_list(w, f);
	if (f->status != ST_PASS && !empty(f->remedy) &&
	    !(next && same_check(f, next) && next->status != ST_PASS && same_str(f->remedy, next->remedy) &&
	      !next->n_subjects && !f->n_subjects)) {
		put(w, DETAIL_INDENT "\xe2\x86\x92 ");
		put_esc(w, f->remedy);
		put(w, "\n");
	}
}

/* n PASS findings of one check on one line (no count for a single check-wide PASS). */
#define FOLDED_NAMES 5	/* subjects named on a folded PASS line after the check's other findings */

/*
 * n PASS findings of one check on one line (no count for a single
 * check-wide PASS). After findings of the same check that did not pass, the
 * title would read as the opposite of them: the line names the subjects that
 * passed instead.
 */
static void folded_pass(struct tw *w, const struct finding *f, size_t n, bool after_others)
{
	size_t named = 0;

	status_tag(w, ST_PASS);
	check_id(w, f->check_id);
	if (after_others && n == 1) {
		statement(w, f);
		put(w, "\n");
		return;
	}
	if (after_others) {
		putf(w, ngettext("%zu other subject passed", "%zu other subjects passed", n), n);
		for (size_t i = 0; i < n; i++) {
			if (empty(f[i].subject))
				continue;
			if (named == FOLDED_NAMES) {
				put(w, ", \xe2\x80\xa6");
				break;
			}
			put(w, named ? ", " : ": ");
			put_esc(w, f[i].subject);
			named++;
		}
		put(w, "\n");
		return;
	}
	put_esc(w, tr(f->title));
	if (n > 1 || !empty(f->subject)) {
		put(w, " ");
		putf(w, ngettext("(%zu subject)", "(%zu subjects)", n), n);
	}
	put(w, "\n");
}

static void findings(struct tw *w, const struct finding *f, size_t n, bool verbose)
{
	size_t i = 0;

	while (i < n) {
		size_t end = i + 1;
		const struct finding *prev = NULL;

		while (end < n && same_heading(&f[i], &f[end]))
			end++;
		heading(w, &f[i], end - i);
		for (size_t j = i; j < end;) {
			size_t k = j + 1;

			if (verbose || f[j].status != ST_PASS) {
				bool next_shown = j + 1 < end && (verbose || f[j + 1].status != ST_PASS);

				finding_line(w, &f[j], prev, next_shown ? &f[j + 1] : NULL);
				prev = &f[j];
				j++;
				continue;
			}
			while (k < end && f[k].status == ST_PASS && same_check(&f[j], &f[k]))
				k++;
			folded_pass(w, &f[j], k - j, prev && same_check(prev, &f[j]));
			prev = NULL;
			j = k;
		}
		i = end;
	}
}

static void summary(struct tw *w, const struct report *rep, const struct finding *f, size_t n)
{
	size_t counts[ST__COUNT] = { 0 };
	size_t above = report_at_or_above(rep, rep->fail_on);

	for (size_t i = 0; i < n; i++)
		if ((unsigned)f[i].status < ST__COUNT)
			counts[f[i].status]++;
	put(w, "\n");
	if (!n)
		putf(w, "%s\n", tr(N_("No findings.")));
	sgr_on(w, "1");
	put(w, tr(N_("Summary")));
	sgr_off(w);
	put(w, ":");
	for (size_t i = 0; i < ARRAY_SIZE(summary_order); i++) {
		enum status st = summary_order[i];

		put(w, i ? tr(N_(", ")) : " ");
		if (counts[st])
			sgr_on(w, status_sgr[st]);
		/* TRANSLATORS: a count and a status word of the summary line ("2 FAIL") */
		putf(w, _("%zu %s"), counts[st], status_label(st));
		if (counts[st])
			sgr_off(w);
	}
	put(w, "\n");
	putf(w, ngettext("%zu finding at or above %s", "%zu findings at or above %s", above), above,
	     severity_label(rep->fail_on));
	put(w, "\n");
}

/* Up to this many subjects of an action are named. */
#define DO_FIRST_SUBJECTS 5

/* What an action covers: the finding's statement, or the subjects of the check's findings. */
static void do_first_what(struct tw *w, const struct do_first *d)
{
	const struct finding *f = d->first;
	size_t shown = 0;

	if (d->n_findings == 1) {
		statement(w, f);
		return;
	}
	putf(w, ngettext("%zu finding", "%zu findings", d->n_findings), d->n_findings);
	for (size_t i = 0, seen = 0; seen < d->n_findings; i++) {
		if (!finding_is_action(&f[i]))
			continue;	/* e.g. an ERROR between the FAILs and WARNs of the check */
		seen++;
		if (empty(f[i].subject))
			continue;
		if (shown == DO_FIRST_SUBJECTS) {
			put(w, ", \xe2\x80\xa6");
			break;
		}
		put(w, shown ? ", " : ": ");
		put_esc(w, f[i].subject);
		shown++;
	}
}

/* "Do this first": the few actions ranked by severity, each with its remedy. */
static void do_first(struct tw *w, const struct finding *f, size_t n)
{
	struct do_first d[REPORT_DO_FIRST_MAX];
	size_t nd = report_do_first(f, n, d);

	if (!nd)
		return;
	put(w, "\n");
	sgr_on(w, "1");
	put(w, tr(N_("Do this first")));
	sgr_off(w);
	put(w, ":\n");
	for (size_t i = 0; i < nd; i++) {
		const struct finding *first = d[i].first;
		const char *sev = severity_label(d[i].severity);
		const char *st = status_label(first->status);

		putf(w, "  %zu. ", i + 1);
		sgr_on(w, status_sgr[first->status]);
		put(w, st);
		sgr_off(w);
		pad(w, text_width(st), TAG_WIDTH + 1);
		put(w, sev);
		pad(w, text_width(sev), SEV_WIDTH + 2);
		put_esc(w, first->check_id);
		put(w, " (");
		put_esc(w, tr(first->title));
		put(w, "): ");
		do_first_what(w, &d[i]);
		put(w, "\n");
		if (!empty(first->remedy)) {
			put(w, "     \xe2\x86\x92 ");
			put_esc(w, first->remedy);
			put(w, "\n");
		}
	}
}

/* The per-day timeline of the log review: one row a day, one column a kind. */
static void timeline(struct tw *w, const struct report_timeline *tl)
{
	size_t i, k, width[REPORT_TL_MAX_COLS];
	char num[32];

	/* a column is as wide as its heading or its widest number; both are right-aligned */
	for (k = 0; k < tl->n_cols; k++) {
		width[k] = text_width(tr(tl->cols[k]));
		for (i = 0; i < tl->n_days; i++) {
			size_t n = (size_t)snprintf(num, sizeof(num), "%llu", tl->days[i].n[k]);

			if (n > width[k])
				width[k] = n;
		}
	}
	put(w, "\n");
	sgr_on(w, "1");
	put(w, tr(N_("Timeline of the window")));
	sgr_off(w);
	put(w, " (");
	put_esc(w, tl->zone ? tl->zone : "UTC");
	put(w, ")\n  ");
	put(w, tr(N_("date")));
	pad_to(w, text_width(tr(N_("date"))), 10);
	for (k = 0; k < tl->n_cols; k++) {
		put(w, " ");
		pad_to(w, text_width(tr(tl->cols[k])), width[k]);
		put(w, tr(tl->cols[k]));
	}
	put(w, "\n");
	for (i = 0; i < tl->n_days; i++) {
		putf(w, "  %s", tl->days[i].date);
		for (k = 0; k < tl->n_cols; k++) {
			snprintf(num, sizeof(num), "%llu", tl->days[i].n[k]);
			put(w, " ");
			pad_to(w, strlen(num), width[k]);
			put(w, num);
		}
		put(w, "\n");
	}
}

int render_terminal(const struct report *rep, const struct render_opts *o, struct strbuf *out)
{
	struct tw w = { .out = out, .color = o && o->color, .err = 0 };
	size_t start = out->len;
	struct finding *f = report_sorted_copy(rep);

	for (size_t i = 0; i < rep->n_findings; i++) {
		size_t n = f[i].check_id ? strlen(f[i].check_id) : 0;

		if (n > w.id_width)
			w.id_width = n > ID_WIDTH_MAX ? ID_WIDTH_MAX : n;
	}
	header(&w, rep);
	findings(&w, f, rep->n_findings, o && o->verbose);
	if (rep->timeline)
		timeline(&w, rep->timeline);
	summary(&w, rep, f, rep->n_findings);
	do_first(&w, f, rep->n_findings);
	free(f);
	if (w.err) {
		strbuf_setlen(out, start);
		return w.err;
	}
	return 0;
}
