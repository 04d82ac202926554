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
#include "parse/config.h"
#include "store/baseline.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <json-c/json.h>
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
	CLI_BOOL("trust-mtime", struct diff_args, trust_mtime),
	{ NULL },
};

static const char usage[] =
	N_("usage: kyuka diff [BASELINE] [options]\n"
	   "  --against now|BASELINE   compare with the host now (default) or another stored baseline\n"
	   "  --format terminal|json   output format (default terminal)\n"
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

struct out {
	bool json;
	json_object *changes;
	size_t count[SEV__COUNT], explained, total;
};

static const char *change_name(enum baseline_change c)
{
	return c == BL_APPEARED ? "appeared" : c == BL_VANISHED ? "vanished" : "changed";
}

static const char *change_label(enum baseline_change c)
{
	return c == BL_APPEARED ? _("appeared") : c == BL_VANISHED ? _("vanished") : _("changed");
}

static int on_delta(void *ctx, const struct baseline_delta *d)
{
	struct out *o = ctx;

	o->total++;
	if (d->explained)
		o->explained++;
	else
		o->count[d->severity]++;
	if (o->json) {
		json_object *j = json_object_new_object();

		json_object_object_add(j, "change", json_object_new_string(change_name(d->change)));
		json_object_object_add(j, "kind", json_object_new_string(d->kind));
		json_object_object_add(j, "key", json_object_new_string(d->key));
		json_object_object_add(j, "before", d->before ? json_object_new_string(d->before) : NULL);
		json_object_object_add(j, "after", d->after ? json_object_new_string(d->after) : NULL);
		json_object_object_add(j, "severity", json_object_new_string(severity_name(d->severity)));
		json_object_object_add(j, "item", json_object_new_string(d->item));
		json_object_object_add(j, "explained", json_object_new_boolean(d->explained));
		json_object_object_add(j, "why", json_object_new_string(d->why));
		json_object_array_add(o->changes, j);
		return 0;
	}
	printf("%-8s %-8s %-7s ", severity_name(d->severity), change_label(d->change), d->kind);
	cli_put_escaped(d->key);
	printf("  [%s]", d->item);
	if (d->explained)
		printf(" %s", _("explained:"));
	if (d->why[0]) {
		putchar(' ');
		cli_put_escaped(d->why);
	}
	putchar('\n');
	if (d->before && d->after) {
		printf("    - ");
		cli_put_escaped(d->before);
		printf("\n    + ");
		cli_put_escaped(d->after);
		putchar('\n');
	} else if (d->after && d->after[0]) {
		printf("    + ");
		cli_put_escaped(d->after);
		putchar('\n');
	}
	return 0;
}

static json_object *info_json(const struct baseline_info *b, bool intact)
{
	char t[32];
	json_object *j = json_object_new_object();

	time_format_utc(b->taken_at, t, sizeof(t));
	json_object_object_add(j, "id", json_object_new_int64(b->id));
	json_object_object_add(j, "taken_at", json_object_new_string(t));
	json_object_object_add(j, "root", json_object_new_string(b->root));
	json_object_object_add(j, "items", json_object_new_int64(b->n_items));
	json_object_object_add(j, "sha256", json_object_new_string(b->sha256));
	json_object_object_add(j, "intact", json_object_new_boolean(intact));
	return j;
}

static int diff_run(struct cmd_ctx *c)
{
	const struct diff_args *a = c->args;
	struct out o = { .json = a->common.format && !strcmp(a->common.format, "json") };
	struct baseline_info base, other;
	struct baseline_result res = { 0 };
	struct store *st = NULL;
	struct err e = { 0 };
	char *path = cli_db_path(c->g), sha[65], t[32];
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
	if (o.json) {
		o.changes = json_object_new_array();
	} else {
		time_format_utc(base.taken_at, t, sizeof(t));
		printf(_("baseline %lld of %s (root "), (long long)base.id, t);
		cli_put_escaped(base.root);
		printf(_("), %lld items, summary %s: %s\n"), (long long)base.n_items, base.sha256,
		       intact ? _("intact") : _("NO LONGER MATCHES: the stored baseline was changed after it was saved"));
		if (against)
			printf(_("against baseline %lld\n"), (long long)against);
		else
			printf("%s\n", _("against the host now"));
	}
	r = baseline_diff(st, base.id, against ? against : now_id, against ? NULL : c->root, on_delta, &o, &e);
	if (r < 0) {
		json_object_put(o.changes);
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	if (o.json) {
		json_object *doc = json_object_new_object(), *cnt = json_object_new_object();
		size_t i;

		json_object_object_add(doc, "baseline", info_json(&base, intact));
		json_object_object_add(doc, "against",
				       against ? info_json(&other, true) : json_object_new_string("now"));
		for (i = 0; i < SEV__COUNT; i++)
			json_object_object_add(cnt, severity_name((enum severity)i),
					       json_object_new_int64((int64_t)o.count[i]));
		json_object_object_add(cnt, "explained", json_object_new_int64((int64_t)o.explained));
		json_object_object_add(doc, "counts", cnt);
		json_object_object_add(doc, "changes", o.changes);
		if (res.n_notes || res.unreadable) {
			json_object *n = json_object_new_array();

			for (i = 0; i < res.n_notes; i++)
				json_object_array_add(n, json_object_new_string(res.notes[i]));
			json_object_object_add(doc, "not_read", n);
		}
		puts(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(doc);
	} else {
		size_t i;

		if (!o.total)
			printf("%s\n", _("no changes"));
		else
			printf(_("%zu changes: %zu critical, %zu high, %zu medium, %zu low, %zu info; %zu explained by the "
				 "package manager\n"),
			       o.total, o.count[SEV_CRITICAL], o.count[SEV_HIGH], o.count[SEV_MEDIUM], o.count[SEV_LOW],
			       o.count[SEV_INFO], o.explained);
		for (i = 0; i < res.n_notes; i++) {
			printf("%s ", _("not read now:"));
			cli_put_escaped(res.notes[i]);
			putchar('\n');
		}
	}
	if (!intact)
		cli_warn(_("baseline %lld no longer matches its summary %s (now %s): do not trust this comparison"),
			 (long long)base.id, base.sha256, sha);
	ret = !intact || o.count[SEV_CRITICAL] || o.count[SEV_HIGH] ? EXIT_FINDINGS : EXIT_OK;
out:
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
