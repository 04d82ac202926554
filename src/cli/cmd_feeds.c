/* kyuka feeds import|status|update: vulnerability feeds in the database. */
#include "cli/cli.h"
#include "cli/progress.h"
#include "collect/clock.h"
#include "collect/fetch.h"
#include "engines/feeds.h"
#include "report/escape.h"
#include "store/feeds.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] = N_("usage: kyuka feeds import [--type dsa|dla|kev|osv|tracker] FILE...\n"
				    "       kyuka feeds status [--format terminal|json]\n"
				    "       kyuka feeds update [--only FEED[,FEED...]]\n"
				    "  import   load feed files into the database, one transaction each\n"
				    "           (DSA/DLA lists, CISA KEV JSON, OSV JSON or all.zip, tracker JSON)\n"
				    "  status   each feed's records, newest entry and age\n"
				    "  update   download the feeds (URLs from the feeds: section of the config) and import them\n");

struct feeds_args {
	struct cli_common common;
	const char *type;
	struct cli_list only;
};

static const struct cli_option options[] = {
	CLI_STRING("format", struct feeds_args, common.format),
	CLI_LIST("only", struct feeds_args, only),
	CLI_STRING("type", struct feeds_args, type),
	{ NULL },
};

static int open_db(const struct globals *g, bool create, struct store **st)
{
	char *path = cli_db_path(g);
	struct err e;
	int r;

	if (!path)
		return cli_error(EXIT_RUNTIME, "%s", _("no database path"));
	r = create ? store_open(path, st, &e) : store_open_existing(path, st, &e);
	free(path);
	if (r == -ENOENT && !create)
		return EXIT_OK;	/* *st stays NULL: nothing imported */
	if (r < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	return EXIT_OK;
}

static void print_import(const char *path, const struct feed_import *res)
{
	double mb = (double)res->bytes / 1e6;

	cli_put_escaped(path);
	if (res->unchanged) {
		printf(": %s %s\n", feed_kind_name(res->kind), _("unchanged (already imported)"));
		return;
	}
	printf(_(": %s, %zu records, %.1f MB in %.2f s (%.1f MB/s)\n"), feed_kind_name(res->kind), res->records, mb,
	       res->seconds, res->seconds > 0 ? mb / res->seconds : 0.0);
	if (res->skipped) {
		printf(_("  %zu entries were not valid OSV records and were skipped; the first: "), res->skipped);
		cli_put_escaped(res->first_skip);
		printf("\n");
	}
}

static int do_import(struct store *st, enum feed_kind kind, char **files, int n)
{
	int i, ret = EXIT_OK;

	for (i = 0; i < n; i++) {
		struct feed_import res;
		struct err e;

		struct cli_progress *p = progress_start(true);
		int r;

		progress_set(p, _("importing %s (%d of %d)"), files[i], i + 1, n);
		r = feeds_import_file(st, files[i], kind, NULL, clock_now(), &res, &e);
		progress_stop(p);
		if (r < 0) {
			ret = cli_error(EXIT_RUNTIME, _("%s (the data imported before is unchanged)"), e.msg);
			continue;
		}
		print_import(files[i], &res);
	}
	return ret;
}

/*
 * A feed's age in days, from the run's clock: from its newest entry (an old
 * file imported today is still old), else from its last refresh.
 */
static long age_days(const struct store_feed_info *v)
{
	time_t now = clock_now(), t = v->checked_at;
	long d;

	if (v->as_of[0] && date_to_days(v->as_of, strlen(v->as_of), &d) == 0)
		t = (time_t)d * 86400;
	return now > t ? (long)((now - t) / 86400) : 0;
}

static int do_status(struct store *st, const struct config *cfg, bool json)
{
	struct store_feed_info *v = NULL;
	size_t n = 0, i;
	struct err e;
	int ret = EXIT_OK;

	if (st && store_feed_list(st, &v, &n, &e) < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	if (json) {
		struct json_object *a = json_object_new_array();
		struct strbuf sb = STRBUF_INIT;
		const char *text;

		for (i = 0; i < n; i++) {
			struct json_object *o = json_object_new_object();
			char t1[32], t2[32];
			struct strbuf src = STRBUF_INIT;

			time_format_utc(v[i].imported_at, t1, sizeof(t1));
			time_format_utc(v[i].checked_at, t2, sizeof(t2));
			esc_utf8_valid(&src, v[i].source ? v[i].source : "", v[i].source ? strlen(v[i].source) : 0);
			json_object_object_add(o, "name", json_object_new_string(v[i].name));
			json_object_object_add(o, "source", json_object_new_string_len(src.buf, (int)src.len));
			json_object_object_add(o, "records", json_object_new_int64(v[i].n_records));
			json_object_object_add(o, "as_of", v[i].as_of[0] ? json_object_new_string(v[i].as_of) : NULL);
			json_object_object_add(o, "imported_at", json_object_new_string(t1));
			json_object_object_add(o, "checked_at", json_object_new_string(t2));
			json_object_object_add(o, "age_days", json_object_new_int64(age_days(&v[i])));
			json_object_object_add(o, "old", json_object_new_boolean(age_days(&v[i]) >
									       (long)cfg->vulns.max_feed_age_days));
			json_object_array_add(a, o);
			strbuf_release(&src);
		}
		text = json_object_to_json_string_ext(a, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
		esc_json_text(&sb, text, strlen(text));
		printf("%s\n", sb.buf);
		strbuf_release(&sb);
		json_object_put(a);
	} else if (!n) {
		printf("%s\n", _("no feeds imported yet (kyuka feeds import FILE... or kyuka feeds update)"));
	} else {
		print_padded(_("FEED"), 8);
		print_padded(_("RECORDS"), 8);
		print_padded(_("NEWEST"), 10);
		print_padded(_("CHECKED"), 20);
		print_padded(_("AGE"), 8);
		printf("%s\n", _("SOURCE"));
		for (i = 0; i < n; i++) {
			char t[32], age[32];
			long d = age_days(&v[i]);

			time_format_utc(v[i].checked_at, t, sizeof(t));
			snprintf(age, sizeof(age), _("%ld d"), d);
			char records[24];

			snprintf(records, sizeof(records), "%lld", (long long)v[i].n_records);
			print_padded(v[i].name, 8);
			print_padded(records, 8);
			print_padded(v[i].as_of[0] ? v[i].as_of : "-", 10);
			print_padded(t, 20);
			print_padded(age, 8);
			cli_put_escaped(v[i].source);
			if (d > (long)cfg->vulns.max_feed_age_days)
				printf(_("  OLD (more than %u days)"), cfg->vulns.max_feed_age_days);
			printf("\n");
		}
	}
	store_feed_infos_free(v, n);
	return ret;
}

static const struct {
	enum feed_kind kind;
	const char *url;
} default_urls[] = {
	{ FEED_DSA, "https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/DSA/list" },
	{ FEED_DLA, "https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/DLA/list" },
	{ FEED_KEV, "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json" },
	{ FEED_TRACKER, "https://security-tracker.debian.org/tracker/data/json" },
	{ FEED_OSV, "https://osv-vulnerabilities.storage.googleapis.com/Debian/all.zip" },
};

static const char *configured_url(const struct config *cfg, enum feed_kind k, const char *def)
{
	const char *u = k == FEED_DSA ? cfg->feeds.dsa : k == FEED_DLA ? cfg->feeds.dla : k == FEED_KEV ? cfg->feeds.kev
		      : k == FEED_TRACKER ? cfg->feeds.tracker : cfg->feeds.osv;

	return u ? u : def;
}

static bool listed(char **only, size_t n, const char *name)
{
	size_t i;

	if (!n)
		return true;
	for (i = 0; i < n; i++)
		if (!strcmp(only[i], name))
			return true;
	return false;
}

int cli_feeds_update(struct store *st, const struct config *cfg, char **only, size_t n_only)
{
	size_t i;
	int ret = EXIT_OK;

	for (i = 0; i < ARRAY_SIZE(default_urls); i++) {
		const char *name = feed_kind_name(default_urls[i].kind);
		const char *url = configured_url(cfg, default_urls[i].kind, default_urls[i].url);
		struct feed_import res;
		struct err e;
		char *tmp = NULL;

		if (!listed(only, n_only, name) || !strcmp(url, "none"))
			continue;
		struct cli_progress *p = progress_start(true);
		int r;

		progress_set(p, _("downloading %s: %s"), name, url);
		r = fetch_to_temp(url, &tmp, &e);
		if (r < 0) {
			progress_stop(p);
			ret = cli_error(EXIT_RUNTIME, _("%s: %s (the data imported before is unchanged)"), name, e.msg);
			continue;
		}
		progress_set(p, _("importing %s"), name);
		r = feeds_import_file(st, tmp, default_urls[i].kind, url, clock_now(), &res, &e);
		progress_stop(p);
		if (r < 0)
			ret = cli_error(EXIT_RUNTIME, _("%s (the data imported before is unchanged)"), e.msg);
		else
			print_import(url, &res);
		unlink(tmp);
		free(tmp);
	}
	return ret;
}

/* The store is opened per verb: for writing by import and update, read-only by status. */
static int feeds_run(struct cmd_ctx *c)
{
	const struct feeds_args *a = c->args;
	enum feed_kind kind = FEED_AUTO;
	char **argv = c->argv;
	int argc = c->argc, i = 0;
	struct store *st = NULL;
	const char *verb;
	size_t k;
	int ret;

	verb = i < argc ? argv[i++] : "";
	if (a->type && (feed_kind_parse(a->type, &kind) < 0 || kind == FEED_AUTO))
		return cli_error(EXIT_USAGE, _("invalid --type '%s' (use dsa, dla, kev, osv or tracker)"), a->type);
	for (k = 0; k < a->only.n; k++) {
		enum feed_kind fk;
		if (feed_kind_parse(a->only.v[k], &fk) < 0 || fk == FEED_AUTO)
			return cli_error(EXIT_USAGE, _("invalid --only '%s' (use dsa, dla, kev, osv or tracker)"), a->only.v[k]);
	}
	if (!strcmp(verb, "import")) {
		if (i >= argc)
			return cli_error(EXIT_USAGE, "%s", _("feeds import needs at least one FILE"));
		if ((ret = open_db(c->g, true, &st)) == EXIT_OK)
			ret = do_import(st, kind, argv + i, argc - i);
	} else if (!strcmp(verb, "status") && i == argc) {
		/* read-only: nothing is created, a read-only database or file system will do */
		if ((ret = open_db(c->g, false, &st)) == EXIT_OK)
			ret = do_status(st, &c->cfg, a->common.format && !strcmp(a->common.format, "json"));
	} else if (!strcmp(verb, "update") && i == argc) {
		if ((ret = open_db(c->g, true, &st)) == EXIT_OK)
			ret = cli_feeds_update(st, &c->cfg, a->only.v, a->only.n);
	} else {
		ret = cli_error(EXIT_USAGE, "%s", _(usage_text));
	}
	store_close(st);
	return ret;
}

const struct cmd_def cmd_feeds = {
	.fn = feeds_run,
	.usage = usage_text,
	.options = options,
	.args_size = sizeof(struct feeds_args),
};
