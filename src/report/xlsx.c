/*
 * The checklist workbook (kyuka audit --format xlsx), as Japanese
 * organisations file the advisory's checklist: a summary sheet, then one
 * sheet per advisory heading with a row per finding (item, measure, check,
 * status, evidence, remedy) and empty owner / confirmed by / date columns to
 * fill in by hand. Written with libxlsxwriter to a file name
 * (util/fileio.h: write_file_atomic_fn makes it atomic and 0600).
 *
 * Every string from the host goes through esc_terminal: the C0, C1 and bidi
 * controls and invalid UTF-8 are made visible as in the terminal report
 * (a spreadsheet is read by people), nothing is passed to the file's XML
 * that would need the _xHHHH_ escapes. Cells are written as strings, never
 * formulas: "=cmd|..." in a user name stays text.
 */
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "report/escape.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/lazyxlsx.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* A cell holds at most 32767 characters; longer text is cut (at a character) and marked. */
#define XLSX_CELL_MAX 32000
#define XLSX_SHEET_NAME_MAX 31	/* characters, Excel's limit */

/* libxlsxwriter, loaded by render_xlsx before anything else (one workbook at a time) */
static const struct kxlsx *lx;

static const enum status summary_order[] = { ST_FAIL, ST_ERROR, ST_WARN, ST_MANUAL, ST_SKIP, ST_PASS };
/* Fill colours, light to dark in greyscale as in the HTML report. */
static const lxw_color_t st_fill[ST__COUNT] = {
	[ST_PASS] = 0xFFFFFF, [ST_WARN] = 0xFFC400, [ST_FAIL] = 0x8B0000,
	[ST_SKIP] = 0xFFFFFF, [ST_ERROR] = 0x4B0063, [ST_MANUAL] = 0xDBE8FF,
};

struct xw {
	lxw_workbook *wb;
	lxw_format *head, *wrap, *title, *bold, *st[ST__COUNT];
	struct strbuf sb;	/* scratch for escaped cell text */
	int r;
};

static bool empty(const char *s)
{
	return !s || !*s;
}

static const char *tr(const char *msgid)
{
	return msgid && *msgid ? _(msgid) : "";
}

/* Cuts sb to at most XLSX_CELL_MAX bytes at a character boundary, marking the cut. */
static void cap(struct strbuf *sb)
{
	size_t n = XLSX_CELL_MAX;

	if (sb->len <= XLSX_CELL_MAX)
		return;
	while (n && ((unsigned char)sb->buf[n] & 0xC0) == 0x80)
		n--;
	strbuf_setlen(sb, n);
	strbuf_adds(sb, "\xe2\x80\xa6");
}

static void note(struct xw *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && !x->r)
		x->r = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? -ENOMEM : -EIO;
}

/* Our own text (translated words): written as it is. */
static void put_plain(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
	note(x, lx->worksheet_write_string(ws, row, col, s ? s : "", f));
}

/* Text from the host: escaped as for a terminal, capped. */
static void put_text(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
	strbuf_setlen(&x->sb, 0);
	if (s && esc_terminal(&x->sb, s) < 0) {
		x->r = x->r ? x->r : -E2BIG;
		return;
	}
	cap(&x->sb);
	note(x, lx->worksheet_write_string(ws, row, col, x->sb.buf ? x->sb.buf : "", f));
}

static void put_status(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, enum status s)
{
	char buf[64];

	if ((unsigned)s >= ST__COUNT) {
		put_plain(x, ws, row, col, status_name(s), x->wrap);
		return;
	}
	snprintf(buf, sizeof(buf), "%s %s", status_symbol(s), status_label(s));
	put_plain(x, ws, row, col, buf, x->st[s]);
}

static void formats(struct xw *x)
{
	static const uint8_t border[ST__COUNT] = {
		[ST_PASS] = LXW_BORDER_THIN, [ST_WARN] = LXW_BORDER_MEDIUM, [ST_FAIL] = LXW_BORDER_MEDIUM,
		[ST_SKIP] = LXW_BORDER_DASHED, [ST_ERROR] = LXW_BORDER_DOUBLE, [ST_MANUAL] = LXW_BORDER_DOTTED,
	};

	x->head = lx->workbook_add_format(x->wb);
	lx->format_set_bold(x->head);
	lx->format_set_bg_color(x->head, 0xEEEEEE);
	lx->format_set_border(x->head, LXW_BORDER_THIN);
	lx->format_set_text_wrap(x->head);
	lx->format_set_align(x->head, LXW_ALIGN_VERTICAL_TOP);
	x->wrap = lx->workbook_add_format(x->wb);
	lx->format_set_text_wrap(x->wrap);
	lx->format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
	lx->format_set_border(x->wrap, LXW_BORDER_THIN);
	x->title = lx->workbook_add_format(x->wb);
	lx->format_set_bold(x->title);
	lx->format_set_font_size(x->title, 14);
	x->bold = lx->workbook_add_format(x->wb);
	lx->format_set_bold(x->bold);
	for (int s = 0; s < ST__COUNT; s++) {
		x->st[s] = lx->workbook_add_format(x->wb);
		lx->format_set_bold(x->st[s]);
		lx->format_set_align(x->st[s], LXW_ALIGN_VERTICAL_TOP);
		lx->format_set_border(x->st[s], border[s]);
		lx->format_set_bg_color(x->st[s], st_fill[s]);
		lx->format_set_font_color(x->st[s], s == ST_FAIL || s == ST_ERROR ? 0xFFFFFF : 0x000000);
	}
}

static bool same_heading(const struct finding *a, const struct finding *b)
{
	return a->heading_order == b->heading_order &&
	       strcmp(a->heading ? a->heading : "", b->heading ? b->heading : "") == 0;
}

/* "N heading": the sheet's number keeps names unique; forbidden characters become '_', cut at 31 characters. */
static void sheet_name(char *buf, size_t size, size_t n, const char *heading)
{
	size_t len = (size_t)snprintf(buf, size, "%zu ", n), chars = len;

	for (const unsigned char *p = (const unsigned char *)heading; *p && len + 5 < size; ) {
		size_t k = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;

		if (chars == XLSX_SHEET_NAME_MAX)
			break;
		if (k == 1 && strchr("[]:*?/\\'", *p)) {
			buf[len++] = '_';
			p++;
		} else {
			for (size_t i = 0; i < k && *p; i++)
				buf[len++] = (char)*p++;
		}
		chars++;
	}
	buf[len] = '\0';
}

/* The columns of a heading's sheet. */
static const char *const cols[] = {
	N_("Advisory item"), N_("Measure"), N_("Check"), N_("Status"), N_("Severity"), N_("Target"),
	N_("Evidence"), N_("Remedy"), N_("Owner"), N_("Confirmed by"), N_("Date"),
};
static const double col_width[] = { 12, 36, 11, 11, 9, 22, 60, 50, 14, 14, 12 };

static void heading_sheet(struct xw *x, size_t n, const struct finding *f, size_t count)
{
	const char *heading = empty(f->heading) ? _("Other findings") : tr(f->heading);
	char name[160];
	lxw_worksheet *ws;

	sheet_name(name, sizeof(name), n, heading);
	ws = lx->workbook_add_worksheet(x->wb, name);
	if (!ws) {
		x->r = x->r ? x->r : -EINVAL;
		return;
	}
	for (lxw_col_t c = 0; c < ARRAY_SIZE(cols); c++) {
		lx->worksheet_set_column(ws, c, c, col_width[c], NULL);
		put_plain(x, ws, 0, c, _(cols[c]), x->head);
	}
	lx->worksheet_freeze_panes(ws, 1, 0);
	for (size_t i = 0; i < count; i++) {
		const struct finding *g = &f[i];
		lxw_row_t row = (lxw_row_t)(i + 1);

		put_text(x, ws, row, 0, g->items, x->wrap);
		put_plain(x, ws, row, 1, tr(g->title), x->wrap);
		put_text(x, ws, row, 2, g->check_id, x->wrap);
		put_status(x, ws, row, 3, g->status);
		put_plain(x, ws, row, 4, severity_label(g->severity), x->wrap);
		put_text(x, ws, row, 5, g->subject, x->wrap);
		if (g->n_subjects) {	/* the evidence, then each subject on its line */
			struct strbuf ev = STRBUF_INIT;

			strbuf_adds(&ev, g->evidence ? g->evidence : "");
			for (size_t k = 0; k < g->n_subjects; k++) {
				strbuf_adds(&ev, "\n");
				strbuf_adds(&ev, g->subjects[k].name ? g->subjects[k].name : "");
				if (!empty(g->subjects[k].detail)) {
					strbuf_adds(&ev, ": ");
					strbuf_adds(&ev, g->subjects[k].detail);
				}
			}
			/* the newlines are ours: escape each line, join with real newlines */
			{
				struct strbuf out = STRBUF_INIT;
				char *line = ev.buf ? ev.buf : "", *nl;

				do {
					nl = strchr(line, '\n');
					if (nl)
						*nl = '\0';
					if (out.len)
						strbuf_adds(&out, "\n");
					esc_terminal(&out, line);
					line = nl ? nl + 1 : NULL;
				} while (line);
				cap(&out);
				note(x, lx->worksheet_write_string(ws, row, 6, out.buf ? out.buf : "", x->wrap));
				strbuf_release(&out);
			}
			strbuf_release(&ev);
		} else {
			put_text(x, ws, row, 6, g->evidence, x->wrap);
		}
		put_text(x, ws, row, 7, g->status != ST_PASS ? g->remedy : "", x->wrap);
		for (lxw_col_t c = 8; c < 11; c++)
			note(x, lx->worksheet_write_blank(ws, row, c, x->wrap));
	}
	if (count)
		lx->worksheet_autofilter(ws, 0, 0, (lxw_row_t)count, ARRAY_SIZE(cols) - 1);
}

static void meta_row(struct xw *x, lxw_worksheet *ws, lxw_row_t *row, const char *label, const char *value)
{
	put_plain(x, ws, *row, 0, label, x->bold);
	put_text(x, ws, *row, 1, value, NULL);
	(*row)++;
}

static void summary_sheet(struct xw *x, const struct report *rep, const struct finding *f, size_t n)
{
	lxw_worksheet *ws = lx->workbook_add_worksheet(x->wb, _("Summary"));
	const struct host_facts *hf = &rep->host;
	struct do_first df[REPORT_DO_FIRST_MAX];
	size_t nd = report_do_first(f, n, df), i = 0, k, hn = 0;
	lxw_row_t row = 0;
	char buf[256];

	if (!ws) {
		x->r = x->r ? x->r : -EINVAL;
		return;
	}
	lx->worksheet_set_column(ws, 0, 0, 26, NULL);
	lx->worksheet_set_column(ws, 1, 1, 50, NULL);
	lx->worksheet_set_column(ws, 2, 7, 10, NULL);
	put_plain(x, ws, row++, 0, _("kyuka audit report"), x->title);
	row++;
	meta_row(x, ws, &row, _("Host"), empty(hf->hostname) ? _("unknown") : hf->hostname);
	meta_row(x, ws, &row, _("OS"), !empty(hf->os_pretty) ? hf->os_pretty : !empty(hf->os_id) ? hf->os_id : _("unknown"));
	if (!empty(rep->root) && strcmp(rep->root, "/") != 0)
		meta_row(x, ws, &row, _("Root"), rep->root);
	meta_row(x, ws, &row, _("Phase"), tr(phase_name(rep->phase)));
	if (rep->has_holiday)
		snprintf(buf, sizeof(buf), "%.10s \xe2\x80\x93 %.10s", rep->holiday_start, rep->holiday_end);
	meta_row(x, ws, &row, _("Holiday"), rep->has_holiday ? buf : _("not set"));
	time_format_utc(rep->generated_at, buf, sizeof(buf));
	meta_row(x, ws, &row, _("Time"), buf);
	row++;

	/* findings per heading and status: the sheets that follow, in order */
	put_plain(x, ws, row, 0, _("Sheet"), x->head);
	put_plain(x, ws, row, 1, _("Advisory heading"), x->head);
	for (k = 0; k < ARRAY_SIZE(summary_order); k++)
		put_status(x, ws, row, (lxw_col_t)(2 + k), summary_order[k]);
	row++;
	while (i < n) {
		size_t end = i + 1, c[ST__COUNT] = { 0 };

		while (end < n && same_heading(&f[i], &f[end]))
			end++;
		for (size_t j = i; j < end; j++)
			if ((unsigned)f[j].status < ST__COUNT)
				c[f[j].status]++;
		snprintf(buf, sizeof(buf), "%zu", ++hn);
		put_plain(x, ws, row, 0, buf, x->wrap);
		put_plain(x, ws, row, 1, empty(f[i].heading) ? _("Other findings") : tr(f[i].heading), x->wrap);
		for (k = 0; k < ARRAY_SIZE(summary_order); k++)
			note(x, lx->worksheet_write_number(ws, row, (lxw_col_t)(2 + k), (double)c[summary_order[k]], x->wrap));
		row++;
		i = end;
	}
	put_plain(x, ws, row, 1, _("Total"), x->head);
	for (k = 0; k < ARRAY_SIZE(summary_order); k++)
		note(x, lx->worksheet_write_number(ws, row, (lxw_col_t)(2 + k), (double)rep->counts[summary_order[k]], x->head));
	row += 2;

	put_plain(x, ws, row++, 0, _("Do this first"), x->title);
	if (!nd)
		put_plain(x, ws, row++, 0, _("Nothing to act on: no WARN or FAIL finding above info."), NULL);
	for (k = 0; k < nd; k++) {
		const struct finding *first = df[k].first;

		snprintf(buf, sizeof(buf), "%zu. %s", k + 1, first->check_id ? first->check_id : "");
		put_plain(x, ws, row, 0, buf, x->bold);
		put_plain(x, ws, row, 1, tr(first->title), x->wrap);
		put_status(x, ws, row, 2, first->status);
		put_plain(x, ws, row, 3, severity_label(df[k].severity), NULL);
		row++;
		if (!empty(first->remedy))
			put_text(x, ws, row++, 1, first->remedy, x->wrap);
	}
}

struct xlsx_job {
	const struct report *rep;
};

static int write_book(const char *tmp, void *arg, struct err *err)
{
	const struct report *rep = ((struct xlsx_job *)arg)->rep;
	struct finding *f = report_sorted_copy(rep);
	lxw_workbook_options opt = { .constant_memory = LXW_FALSE };
	lxw_doc_properties props = { .title = (char *)_("kyuka audit report"), .author = (char *)"kyuka" };
	struct xw x = { .sb = STRBUF_INIT };
	char *dir = xstrdup(tmp), *slash = strrchr(dir, '/');
	size_t i = 0, hn = 0;
	lxw_error e;

	if (slash)
		*slash = '\0';
	opt.tmpdir = dir;	/* libxlsxwriter's scratch files beside it, in the private directory */
	x.wb = lx->workbook_new_opt(tmp, &opt);
	if (!x.wb) {
		free(f);
		free(dir);
		return err_set(err, -EIO, "cannot write the workbook '%s'", tmp);
	}
	lx->workbook_set_properties(x.wb, &props);
	formats(&x);
	summary_sheet(&x, rep, f, rep->n_findings);
	while (i < rep->n_findings) {
		size_t end = i + 1;

		while (end < rep->n_findings && same_heading(&f[i], &f[end]))
			end++;
		heading_sheet(&x, ++hn, &f[i], end - i);
		i = end;
	}
	e = lx->workbook_close(x.wb);
	if (e != LXW_NO_ERROR && !x.r)
		x.r = -EIO;
	strbuf_release(&x.sb);
	free(f);
	free(dir);
	if (x.r)
		return err_set(err, x.r, "cannot write the workbook: %s",
			       e != LXW_NO_ERROR ? lx->strerror(e) : strerror(-x.r));
	return 0;
}

int render_xlsx(const struct report *rep, const char *path, struct err *err)
{
	struct xlsx_job job = { .rep = rep };

	if (!(lx = kxlsx_load(err)))
		return err->code;
	return write_file_atomic_fn(path, write_book, &job, err);
}
