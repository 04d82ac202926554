/* kyuka feeds import|status|update: vulnerability feeds in the database. */
#include "cli/cli.h"
#include "collect/clock.h"
#include "collect/fetch.h"
#include "engines/feeds.h"
#include "parse/config.h"
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

enum { O_TYPE = 1, O_FORMAT, O_ONLY, O_HELP };

static const struct option options[] = {
	{ "format", required_argument, NULL, O_FORMAT },
	{ "help", no_argument, NULL, O_HELP },
	{ "only", required_argument, NULL, O_ONLY },
	{ "type", required_argument, NULL, O_TYPE },
	GLOBAL_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static void put_escaped(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	esc_terminal(&sb, s ? s : "");
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

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

	put_escaped(path);
	if (res->unchanged) {
		printf(": %s %s\n", feed_kind_name(res->kind), _("unchanged (already imported)"));
		return;
	}
	printf(_(": %s, %zu records, %.1f MB in %.2f s (%.1f MB/s)\n"), feed_kind_name(res->kind), res->records, mb,
	       res->seconds, res->seconds > 0 ? mb / res->seconds : 0.0);
	if (res->skipped) {
		printf(_("  %zu entries were not valid OSV records and were skipped; the first: "), res->skipped);
		put_escaped(res->first_skip);
		printf("\n");
	}
}

static int do_import(struct store *st, enum feed_kind kind, char **files, int n)
{
	int i, ret = EXIT_OK;

	for (i = 0; i < n; i++) {
		struct feed_import res;
		struct err e;

		if (feeds_import_file(st, files[i], kind, NULL, clock_now(), &res, &e) < 0) {
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
			put_escaped(v[i].source);
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

static int do_update(struct store *st, const struct config *cfg, char **only, size_t n_only)
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
		if (fetch_to_temp(url, &tmp, &e) < 0) {
			ret = cli_error(EXIT_RUNTIME, _("%s: %s (the data imported before is unchanged)"), name, e.msg);
			continue;
		}
		if (feeds_import_file(st, tmp, default_urls[i].kind, url, clock_now(), &res, &e) < 0)
			ret = cli_error(EXIT_RUNTIME, _("%s (the data imported before is unchanged)"), e.msg);
		else
			print_import(url, &res);
		unlink(tmp);
		free(tmp);
	}
	return ret;
}

int cmd_feeds(int argc, char **argv, struct globals *g)
{
	const char *type = NULL, *format = "terminal";
	enum feed_kind kind = FEED_AUTO;
	char **only = NULL;
	size_t n_only = 0, i;
	struct config cfg;
	struct store *st = NULL;
	const char *verb;
	int c, ret;

	config_defaults(&cfg);
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (global_option(g, c, optarg))
			continue;
		switch (c) {
		case O_TYPE: type = optarg; break;
		case O_FORMAT: format = optarg; break;
		case O_ONLY: cli_split_list(optarg, &only, &n_only); break;
		case 'h':
		case O_HELP:
			i18n_init(g->lang, NULL);
			printf("%s", _(usage_text));
			print_global_help();
			ret = EXIT_OK;
			goto out;
		default:
			ret = EXIT_USAGE;
			goto out;
		}
	}
	if ((ret = cli_setup(g, &cfg)) != EXIT_OK)
		goto out;
	verb = optind < argc ? argv[optind++] : "";
	if (type && (feed_kind_parse(type, &kind) < 0 || kind == FEED_AUTO)) {
		ret = cli_error(EXIT_USAGE, _("invalid --type '%s' (use dsa, dla, kev, osv or tracker)"), type);
		goto out;
	}
	if (strcmp(format, "terminal") && strcmp(format, "json")) {
		ret = cli_error(EXIT_USAGE, _("invalid --format '%s' (use terminal or json)"), format);
		goto out;
	}
	for (i = 0; i < n_only; i++) {
		enum feed_kind k;
		if (feed_kind_parse(only[i], &k) < 0 || k == FEED_AUTO) {
			ret = cli_error(EXIT_USAGE, _("invalid --only '%s' (use dsa, dla, kev, osv or tracker)"), only[i]);
			goto out;
		}
	}
	if (!strcmp(verb, "import")) {
		if (optind >= argc) {
			ret = cli_error(EXIT_USAGE, "%s", _("feeds import needs at least one FILE"));
			goto out;
		}
		if ((ret = open_db(g, true, &st)) == EXIT_OK)
			ret = do_import(st, kind, argv + optind, argc - optind);
	} else if (!strcmp(verb, "status") && optind == argc) {
		/* read-only: nothing is created, a read-only database or file system will do */
		if ((ret = open_db(g, false, &st)) == EXIT_OK)
			ret = do_status(st, &cfg, !strcmp(format, "json"));
	} else if (!strcmp(verb, "update") && optind == argc) {
		if ((ret = open_db(g, true, &st)) == EXIT_OK)
			ret = do_update(st, &cfg, only, n_only);
	} else {
		ret = cli_error(EXIT_USAGE, "%s", _(usage_text));
	}
out:
	store_close(st);
	config_free(&cfg);
	for (i = 0; i < n_only; i++)
		free(only[i]);
	free(only);
	return ret;
}
