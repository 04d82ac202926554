/*
 * kyuka plan: the incident plan of kyuka.yaml for people.
 *   kyuka plan                                     show it, with the manual confirmations
 *   kyuka plan sheet [--output FILE]               the one-page contact sheet (HTML, print CSS)
 *   kyuka plan notice [--format html|text] [--output FILE]   the staff notice (AW-1)
 *   kyuka plan confirm ITEM --by NAME --note TEXT  record a manual item (IR-2, IR-5, AW-1, VU-3, ST-1)
 */
#include "checks/evidence.h"
#include "cli/cli.h"
#include "collect/clock.h"
#include "report/escape.h"
#include "report/plandoc.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONFIRM_MAX_BY 200
#define CONFIRM_MAX_NOTE 2000

static const char usage_text[] = N_("usage: kyuka plan [show]\n"
				    "       kyuka plan sheet [--output FILE]\n"
				    "       kyuka plan notice [--format html|text] [--output FILE]\n"
				    "       kyuka plan confirm ITEM --by NAME --note TEXT   (ITEM: IR-2, IR-5, AW-1, VU-3, ST-1)\n");

struct plan_args {
	struct cli_common common;	/* --format html|text of the notice, checked by the verb */
	const char *by, *note;
};

static const struct cli_option options[] = {
	CLI_STRING("by", struct plan_args, by),
	CLI_STRING("format", struct plan_args, common.format),
	CLI_STRING("note", struct plan_args, note),
	CLI_STRING("output", struct plan_args, common.output),
	{ NULL },
};

static int emit(const struct strbuf *sb, const char *output)
{
	struct err e;

	if (output) {
		if (write_file_atomic(output, sb->buf, sb->len, &e) < 0)
			return cli_error(EXIT_RUNTIME, "%s", e.msg);
		return EXIT_OK;
	}
	if (fwrite(sb->buf, 1, sb->len, stdout) != sb->len || fflush(stdout) != 0)
		return cli_error(EXIT_RUNTIME, "%s", _("cannot write the output"));
	return EXIT_OK;
}

static void fill_doc(struct plan_doc *d, const struct config *cfg)
{
	memset(d, 0, sizeof(*d));
	d->plan = &cfg->plan;
	d->organisation = cfg->organisation;
	d->generated = clock_now();
	d->lang = i18n_lang();
	if (cfg->has_holiday) {
		d->holiday_start = cfg->holiday_start;
		d->holiday_end = cfg->holiday_end;
	}
}

/* Free text for the store: printable, no control characters, bounded. */
static bool clean_text(const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	if (!n || n > max || !utf8_valid(s, n))
		return false;
	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return false;
	return true;
}

static int plan_confirm(const struct globals *g, const struct config *cfg, const char *item, const struct plan_args *a)
{
	struct confirmation c = { 0 };
	struct store *st = NULL;
	struct err e;
	char *path;
	int64_t id;
	int k = manual_item_index(item);

	if (k < 0)
		return cli_error(EXIT_USAGE, _("'%s' is not an item confirmed by hand (use IR-2, IR-5, AW-1, VU-3 or ST-1)"), item);
	if (!a->by || !a->note)
		return cli_error(EXIT_USAGE, "%s", _("kyuka plan confirm needs --by NAME and --note TEXT"));
	if (!clean_text(a->by, CONFIRM_MAX_BY) || !clean_text(a->note, CONFIRM_MAX_NOTE))
		return cli_error(EXIT_USAGE, _("--by and --note must be UTF-8 text without control characters (at most %d and %d bytes)"),
				 CONFIRM_MAX_BY, CONFIRM_MAX_NOTE);
	memcpy(c.item, manual_items[k], strlen(manual_items[k]) + 1);
	c.by = (char *)a->by;
	c.note = (char *)a->note;
	c.at = clock_now();
	if (cfg->has_holiday) {
		memcpy(c.holiday_start, cfg->holiday_start, sizeof(c.holiday_start));
		memcpy(c.holiday_end, cfg->holiday_end, sizeof(c.holiday_end));
	}
	path = cli_db_path(g);
	if (!path)
		return cli_error(EXIT_RUNTIME, "%s", _("no database path"));
	if (store_open(path, &st, &e) < 0 || store_add_confirmation(st, &c, &id, &e) < 0) {
		store_close(st);
		free(path);
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	}
	store_close(st);
	free(path);
	printf(_("%s confirmed (record %lld)\n"), c.item, (long long)id);
	return EXIT_OK;
}

/* The manual items' state, from the database if there is one. */
static void show_confirmations(const struct globals *g, const struct config *cfg, struct strbuf *sb)
{
	struct audit_evidence ev;
	struct store *st = NULL;
	struct err e = { 0 };
	char *path = cli_db_path(g);
	int i, r;

	r = path ? store_open_existing(path, &st, &e) : -ENOENT;
	if (r == 0 || r == -ENOENT)
		evidence_load(st, &cfg->alert, cfg->has_holiday ? cfg->holiday_start : NULL, &ev);
	else
		evidence_unreadable(&ev, e.msg);
	store_close(st);
	free(path);
	strbuf_addf(sb, "\n%s\n", _("Manual items"));
	for (i = 0; i < N_MANUAL_ITEMS; i++) {
		strbuf_addf(sb, "  %-5s ", manual_items[i]);
		if (!ev.readable) {
			strbuf_adds(sb, _("unknown: "));
			esc_terminal(sb, ev.why_unreadable);
		} else if (!ev.have_confirm[i]) {
			strbuf_adds(sb, _("not confirmed"));
		} else {
			char when[32] = "";
			time_t at = ev.confirm[i].at;
			struct tm tm;

			if (gmtime_r(&at, &tm))
				strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
			strbuf_addf(sb, _("confirmed %s by "), when);
			esc_terminal(sb, ev.confirm[i].by);
			strbuf_adds(sb, ": ");
			esc_terminal(sb, ev.confirm[i].note);
		}
		strbuf_addch(sb, '\n');
	}
	evidence_release(&ev);
}

static int plan_run(struct cmd_ctx *c)
{
	const struct plan_args *a = c->args;
	const struct config *cfg = &c->cfg;
	struct strbuf sb = STRBUF_INIT;
	struct plan_doc d;
	const char *verb;
	int ret, r;

	verb = c->argc > 0 ? c->argv[0] : "show";
	if (!strcmp(verb, "confirm")) {
		if (c->argc != 2)
			return cli_error(EXIT_USAGE, "%s", _(usage_text));
		return plan_confirm(c->g, cfg, c->argv[1], a);
	}
	if (c->argc > 1)
		return cli_error(EXIT_USAGE, _("unexpected argument '%s'"), c->argv[1]);
	fill_doc(&d, cfg);
	if (!strcmp(verb, "show")) {
		r = render_plan_text(&d, &sb);
		if (r == 0)
			show_confirmations(c->g, cfg, &sb);
	} else if (!strcmp(verb, "sheet")) {
		r = render_plan_sheet_html(&d, &sb);
	} else if (!strcmp(verb, "notice")) {
		if (a->common.format && strcmp(a->common.format, "html") && strcmp(a->common.format, "text")) {
			ret = cli_error(EXIT_USAGE, _("invalid --format '%s' (use html or text)"), a->common.format);
			goto out;
		}
		r = a->common.format && !strcmp(a->common.format, "text") ? render_plan_notice_text(&d, &sb)
							  : render_plan_notice_html(&d, &sb);
	} else {
		ret = cli_error(EXIT_USAGE, _("unknown plan command '%s' (use show, sheet, notice or confirm)"), verb);
		goto out;
	}
	if (r < 0) {
		ret = cli_error(EXIT_RUNTIME, _("cannot render: %s"), strerror(-r));
		goto out;
	}
	if (strcmp(verb, "show") != 0 && !cfg->plan.present)
		cli_warn("%s", _("the configuration has no plan: section: the document has no contacts"));
	ret = emit(&sb, a->common.output);
out:
	strbuf_release(&sb);
	return ret;
}

const struct cmd_def cmd_plan = {
	.fn = plan_run,
	.usage = usage_text,
	.options = options,
	.args_size = sizeof(struct plan_args),
};
