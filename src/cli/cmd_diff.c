/*
 * kyuka diff [BASELINE] [--against now|BASELINE]: what appeared, vanished or
 * changed since a stored baseline (the newest by default), each with the
 * advisory item it touches and a severity; changes the package manager
 * explains (dpkg's md5sums, upgraded packages) are shown as explained. The
 * stored baseline is first checked against the summary recorded when it was
 * saved. Exit 1 when an unexplained change is high or critical, or the
 * baseline was altered.
 */
#include "cli/cli.h"
#include "collect/clock.h"
#include "engines/baseline.h"
#include "model/changes.h"
#include "report/report.h"
#include "parse/config.h"
#include "store/baseline.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct diff_args {
	struct cli_common common;
	const char *against;
	bool trust_mtime;
};

static const struct cli_option options[] = {
	CLI_STRING("against", struct diff_args, against),
	CLI_STRING("format", struct diff_args, common.format),
	CLI_STRING("output", struct diff_args, common.output),
	CLI_BOOL("trust-mtime", struct diff_args, trust_mtime),
	{ NULL },
};

static const char usage[] =
	N_("usage: kyuka diff [BASELINE] [options]\n"
	   "  --against now|BASELINE   compare with the host now (default) or another stored baseline\n"
	   "  --format terminal|json|html  output format (default terminal)\n"
	   "  --output FILE            write to FILE (mode 0600, atomic)\n"
	   "  --trust-mtime            do not hash a file whose size, mtime, ctime and inode are unchanged\n");

static int parse_id(const char *s, int64_t *id)
{
	uint64_t v;

	if (parse_u64_str(s, INT64_MAX, &v) < 0 || v == 0)
		return -1;
	*id = (int64_t)v;
	return 0;
}

static int diff_operands(struct cmd_ctx *c)
{
	int64_t id;

	if (c->argc > 1)
		return cli_error(EXIT_USAGE, _("unexpected argument '%s'"), c->argv[1]);
	if (c->argc == 1 && parse_id(c->argv[0], &id) < 0)
		return cli_error(EXIT_USAGE, _("invalid baseline '%s' (use the number kyuka baseline save printed)"),
				 c->argv[0]);
	return EXIT_OK;
}

static int diff_check(struct cmd_ctx *c)
{
	const struct diff_args *a = c->args;
	int64_t id;

	if (a->against && strcmp(a->against, "now") && parse_id(a->against, &id) < 0)
		return cli_error(EXIT_USAGE, _("invalid --against '%s' (use now or a baseline number)"), a->against);
	return EXIT_OK;
}

static int on_delta(void *ctx, const struct baseline_delta *d)
{
	struct host_change c = { .change = d->change == BL_APPEARED ? CHG_APPEARED
					   : d->change == BL_VANISHED ? CHG_VANISHED
								      : CHG_CHANGED,
				 .kind = (char *)d->kind, .key = (char *)d->key, .before = (char *)d->before,
				 .after = (char *)d->after, .severity = d->severity, .item = (char *)d->item,
				 .explained = d->explained, .why = (char *)d->why };

	change_report_add(ctx, &c);
	return 0;
}

static void snapshot_of(const struct baseline_info *b, bool intact, struct change_snapshot *s)
{
	s->id = b->id;
	s->taken_at = b->taken_at;
	s->root = xstrdup(b->root);
	s->n_items = b->n_items;
	memcpy(s->sha256, b->sha256, sizeof(s->sha256));
	s->intact = intact;
}

static int diff_run(struct cmd_ctx *c)
{
	const struct diff_args *a = c->args;
	const char *fmt = a->common.format ? a->common.format : "terminal";
	struct change_report o = { 0 };
	struct strbuf out = STRBUF_INIT;
	struct baseline_info base, other;
	struct baseline_result res = { 0 };
	struct store *st = NULL;
	struct err e = { 0 };
	char *path = cli_db_path(c->g), sha[65];
	int64_t id = 0, against = 0, now_id = 0;
	bool intact;
	int ret, r;

	if (c->argc == 1)
		parse_id(c->argv[0], &id);
	if (a->against && strcmp(a->against, "now"))
		parse_id(a->against, &against);
	if (!path)
		return cli_error(EXIT_RUNTIME, "%s", _("no database path"));
	/* read-only: the host now goes to scratch tables of this connection, nothing is written */
	if ((r = store_open_existing(path, &st, &e)) < 0) {
		ret = r == -ENOENT ? cli_error(EXIT_RUNTIME, "%s", _("no baseline in the database: run kyuka baseline save first"))
				   : cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	if (store_baseline_get(st, id, "baseline", &base, &e) < 0) {
		ret = id ? cli_error(EXIT_RUNTIME, _("no baseline %lld in the database"), (long long)id)
			 : cli_error(EXIT_RUNTIME, "%s", _("no baseline in the database: run kyuka baseline save first"));
		goto out;
	}
	if (store_baseline_summary(st, base.id, sha, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	intact = strcmp(sha, base.sha256) == 0;
	if (against) {
		if (store_baseline_get(st, against, "baseline", &other, &e) < 0) {
			ret = cli_error(EXIT_RUNTIME, _("no baseline %lld in the database"), (long long)against);
			goto out;
		}
	} else {
		struct baseline_opts bo = { .label = "now", .at = clock_now() };

		if (strcmp(base.root, root_dir(c->root)) != 0)
			cli_warn(_("baseline %lld was taken of root '%s', not '%s': the comparison shows the difference of "
				   "the two trees"),
				 (long long)base.id, base.root, root_dir(c->root));

		if (c->cfg.baseline.n_paths) {
			bo.paths = c->cfg.baseline.paths;
			bo.n_paths = c->cfg.baseline.n_paths;
		}
		if (a->trust_mtime && strcmp(base.root, root_dir(c->root)) == 0)
			bo.trust = base.id;
		if (store_baseline_scratch(st, &e) < 0 || baseline_save(c->root, st, &bo, &res, &e) < 0) {
			ret = cli_error(EXIT_RUNTIME, _("cannot read the host now: %s"), e.msg);
			goto out;
		}
		now_id = res.id;
	}
	o.generated_at = clock_now();
	snapshot_of(&base, intact, &o.base);
	memcpy(o.now_sha256, sha, sizeof(o.now_sha256));
	o.against_now = !against;
	if (against)
		snapshot_of(&other, true, &o.against);
	r = baseline_diff(st, base.id, against ? against : now_id, against ? NULL : c->root, on_delta, &o, &e);
	if (r < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	for (size_t i = 0; i < res.n_notes; i++)
		change_report_note(&o, res.notes[i]);
	o.has_not_read = res.n_notes || res.unreadable;
	if (!strcmp(fmt, "json"))
		r = render_changes_json(&o, &out);
	else if (!strcmp(fmt, "html"))
		r = render_changes_html(&o, &out);
	else
		r = render_changes_terminal(&o, &out);
	if (r < 0) {
		ret = cli_error(EXIT_RUNTIME, _("cannot render the report: %s"), strerror(-r));
		goto out;
	}
	if ((ret = cli_write_output(a->common.output, out.buf, out.len)) != EXIT_OK)
		goto out;
	if (!intact)
		cli_warn(_("baseline %lld no longer matches its summary %s (now %s): do not trust this comparison"),
			 (long long)base.id, base.sha256, sha);
	ret = !intact || o.count[SEV_CRITICAL] || o.count[SEV_HIGH] ? EXIT_FINDINGS : EXIT_OK;
out:
	change_report_release(&o);
	strbuf_release(&out);
	baseline_result_free(&res);
	store_close(st);
	free(path);
	return ret;
}

const struct cmd_def cmd_diff = {
	.fn = diff_run,
	.usage = usage,
	.options = options,
	.args_size = sizeof(struct diff_args),
	.operands = diff_operands,
	.check = diff_check,
};
