/* kyuka vulns: vulnerabilities of the installed packages, known-exploited first. */
#include "cli/cli.h"
#include "collect/clock.h"
#include "collect/host.h"
#include "collect/packages.h"
#include "engines/vulns.h"
#include "report/escape.h"
#include "report/listing.h"
#include "store/feeds.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VULNS_SCHEMA_URI "https://kyuka.invalid/schemas/vulns-v1.json"
#define VULNS_SCHEMA_VERSION 1
#define VULNS_CODENAME_MAX 32

static const char usage_text[] =
	N_("usage: kyuka vulns [options]\n"
	   "  --published START..END   only those published in this window (e.g. the holiday)\n"
	   "  --release CODENAME       the Debian release (default: /etc/os-release under --root)\n"
	   "  --format terminal|json|html  output format (default terminal)\n"
	   "  --output FILE            write to FILE (mode 0600, atomic)\n"
	   "Exit status: 0 none found, 1 vulnerabilities listed, 2 usage error, 3 runtime error.\n");

struct vulns_args {
	struct cli_common common;
	const char *published, *release;
	struct vuln_query q;
};

static const struct cli_option options[] = {
	CLI_STRING("format", struct vulns_args, common.format),
	CLI_STRING("output", struct vulns_args, common.output),
	CLI_STRING("published", struct vulns_args, published),
	CLI_STRING("release", struct vulns_args, release),
	{ NULL },
};

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void esc(struct strbuf *out, const char *s)
{
	esc_terminal(out, s ? s : "");
}

static void vulns_terminal(struct strbuf *o, const struct vuln_result *res, const struct vuln_query *q,
			    const char *host, const char *read, double ms)
{
	size_t i, j, kev = 0;

	for (i = 0; i < res->n; i++)
		kev += res->v[i].kev;
	strbuf_addf(o, "%s ", _("kyuka vulns —"));
	esc(o, host ? host : "?");
	strbuf_addf(o, " (%s)", q->release);
	if (q->has_window)
		strbuf_addf(o, _(", published %s..%s"), q->start, q->end);
	strbuf_addch(o, '\n');
	for (i = 0; i < res->n; i++) {
		const struct vuln *v = &res->v[i];

		strbuf_addch(o, '\n');
		if (v->kev)
			strbuf_addf(o, _("[KEV %s%s] "), v->kev_added, v->ransomware ? _(", ransomware") : "");
		esc(o, v->id);
		strbuf_addf(o, " (%s, %s) ", v->published[0] ? v->published : _("date unknown"), urgency_name(v->urgency));
		esc(o, v->package);
		strbuf_adds(o, " ");
		esc(o, v->installed);
		strbuf_adds(o, " → ");
		if (v->fixed)
			esc(o, v->fixed);
		else
			strbuf_adds(o, _("no fix yet"));
		strbuf_addch(o, '\n');
		if (v->title && v->title[0]) {
			strbuf_adds(o, "    ");
			esc(o, v->title);
			strbuf_addch(o, '\n');
		}
		if (v->n_cves) {
			strbuf_adds(o, "    ");
			for (j = 0; j < v->n_cves; j++) {
				esc(o, v->cves[j]);
				strbuf_adds(o, j + 1 < v->n_cves ? " " : "\n");
			}
		}
		strbuf_addf(o, "    %s ", _("installed:"));
		esc(o, v->binaries);
		strbuf_addch(o, '\n');
	}
	strbuf_addf(o, _("\n%zu vulnerabilities (%zu known exploited, %zu without a fix) in %zu source packages; matched in %.0f ms\n"),
		    res->n, kev, res->unfixed, res->packages, ms);
	strbuf_addf(o, _("%zu installed packages (%zu source) compared against %s\n"), res->installed, res->packages, read);
	if (q->has_window && res->undated)
		strbuf_addf(o, _("%zu more from the tracker carry no publication date and are not shown for a window\n"),
			    res->undated);
}

static struct json_object *jdate(const char *d)
{
	return d && d[0] ? json_object_new_string(d) : NULL;
}

static int vulns_json(struct strbuf *o, const struct vuln_result *res, const struct vuln_query *q,
		       const struct host_facts *h, const char *root, struct store *st, double ms)
{
	struct json_object *top = json_object_new_object(), *tool, *win = NULL, *hosto, *feeds, *sum, *arr;
	struct store_feed_info *fv = NULL;
	size_t nf = 0, i, j, kev = 0, ransom = 0;
	char now[32];
	const char *text;
	struct err e;

	time_format_utc(clock_now(), now, sizeof(now));
	json_object_object_add(top, "schema", json_object_new_string(VULNS_SCHEMA_URI));
	json_object_object_add(top, "schema_version", json_object_new_int(VULNS_SCHEMA_VERSION));
	tool = json_object_new_object();
	json_object_object_add(tool, "name", json_object_new_string("kyuka"));
	json_object_object_add(tool, "version", json_object_new_string(KYUKA_VERSION));
	json_object_object_add(top, "tool", tool);
	json_object_object_add(top, "generated_at", json_object_new_string(now));
	json_object_object_add(top, "root", esc_json_str(root));
	hosto = json_object_new_object();
	json_object_object_add(hosto, "hostname", esc_json_str(h->hostname));
	json_object_object_add(hosto, "os_pretty", esc_json_str(h->os_pretty));
	json_object_object_add(top, "host", hosto);
	json_object_object_add(top, "release", esc_json_str(q->release));
	if (q->has_window) {
		win = json_object_new_object();
		json_object_object_add(win, "start", json_object_new_string(q->start));
		json_object_object_add(win, "end", json_object_new_string(q->end));
	}
	json_object_object_add(top, "published", win);
	feeds = json_object_new_array();
	if (store_feed_list(st, &fv, &nf, &e) == 0) {
		for (i = 0; i < nf; i++) {
			struct json_object *f = json_object_new_object();
			char t[32];

			time_format_utc(fv[i].checked_at, t, sizeof(t));
			json_object_object_add(f, "name", json_object_new_string(fv[i].name));
			json_object_object_add(f, "records", json_object_new_int64(fv[i].n_records));
			json_object_object_add(f, "as_of", jdate(fv[i].as_of));
			json_object_object_add(f, "checked_at", json_object_new_string(t));
			json_object_array_add(feeds, f);
		}
		store_feed_infos_free(fv, nf);
	}
	json_object_object_add(top, "feeds", feeds);
	arr = json_object_new_array();
	for (i = 0; i < res->n; i++) {
		const struct vuln *v = &res->v[i];
		struct json_object *x = json_object_new_object(), *cves = json_object_new_array(), *k = NULL;
		struct json_object *bins = json_object_new_array();
		const char *p = v->binaries;

		kev += v->kev;
		ransom += v->ransomware;
		while (*p) {
			size_t l = strcspn(p, ",");
			char *b = xstrndup(p, l);
			json_object_array_add(bins, esc_json_str(b));
			free(b);
			p += l;
			while (*p == ',' || *p == ' ')
				p++;
		}
		for (j = 0; j < v->n_cves; j++)
			json_object_array_add(cves, esc_json_str(v->cves[j]));
		if (v->kev) {
			k = json_object_new_object();
			json_object_object_add(k, "date_added", json_object_new_string(v->kev_added));
			json_object_object_add(k, "due_date", jdate(v->kev_due));
			json_object_object_add(k, "ransomware", json_object_new_boolean(v->ransomware));
		}
		json_object_object_add(x, "id", esc_json_str(v->id));
		json_object_object_add(x, "feed", esc_json_str(v->feed));
		json_object_object_add(x, "package", esc_json_str(v->package));
		json_object_object_add(x, "binaries", bins);
		json_object_object_add(x, "installed", esc_json_str(v->installed));
		json_object_object_add(x, "fixed", esc_json_str(v->fixed));
		json_object_object_add(x, "published", jdate(v->published));
		json_object_object_add(x, "urgency", json_object_new_string(urgency_name(v->urgency)));
		json_object_object_add(x, "known_exploited", json_object_new_boolean(v->kev));
		json_object_object_add(x, "kev", k);
		json_object_object_add(x, "cves", cves);
		json_object_object_add(x, "title", esc_json_str(v->title ? v->title : ""));
		json_object_array_add(arr, x);
	}
	sum = json_object_new_object();
	json_object_object_add(sum, "vulnerabilities", json_object_new_int64((int64_t)res->n));
	json_object_object_add(sum, "known_exploited", json_object_new_int64((int64_t)kev));
	json_object_object_add(sum, "ransomware", json_object_new_int64((int64_t)ransom));
	json_object_object_add(sum, "without_fix", json_object_new_int64((int64_t)res->unfixed));
	json_object_object_add(sum, "source_packages", json_object_new_int64((int64_t)res->packages));
	json_object_object_add(sum, "undated_left_out", json_object_new_int64((int64_t)res->undated));
	json_object_object_add(sum, "match_ms", json_object_new_double(ms));
	json_object_object_add(top, "summary", sum);
	json_object_object_add(top, "vulnerabilities", arr);
	text = json_object_to_json_string_ext(top, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
							   JSON_C_TO_STRING_NOSLASHESCAPE);
	esc_json_text(o, text, strlen(text));
	strbuf_addch(o, '\n');
	json_object_put(top);
	return 0;
}

/* The same as the terminal list, as one HTML document (report/listing.c): known-exploited first, as matched. */
static int vulns_html(struct strbuf *o, const struct vuln_result *res, const struct vuln_query *q, const char *host,
		      const char *read)
{
	struct listing l = { .title = xstrdup(_("kyuka vulns: vulnerabilities of the installed packages")),
			     .generated_at = clock_now() };
	size_t i, j, kev = 0;
	char line[512];
	int r;

	for (i = 0; i < res->n; i++)
		kev += res->v[i].kev;
	listing_meta(&l, _("Host"), host ? host : "?");
	listing_meta(&l, _("Release"), q->release);
	if (q->has_window) {
		snprintf(line, sizeof(line), "%s..%s", q->start, q->end);
		listing_meta(&l, _("Published"), line);
	}
	listing_meta(&l, _("Feeds"), read);
	snprintf(line, sizeof(line), _("%zu vulnerabilities (%zu known exploited, %zu without a fix) in %zu source packages"),
		 res->n, kev, res->unfixed, res->packages);
	listing_summary(&l, line);
	if (q->has_window && res->undated) {
		snprintf(line, sizeof(line),
			 _("%zu more from the tracker carry no publication date and are not shown for a window\n"), res->undated);
		listing_summary(&l, line);
	}
	for (i = 0; i < res->n; i++) {
		const struct vuln *v = &res->v[i];
		struct listing_row *row;
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s %s %s \xe2\x86\x92 %s", v->id, v->package, v->installed,
			    v->fixed ? v->fixed : _("no fix yet"));
		if (v->kev) {
			char word[96];

			snprintf(word, sizeof(word), _("[KEV %s%s] "), v->kev_added, v->ransomware ? _(", ransomware") : "");
			row = listing_row(&l, ST_FAIL, word, sb.buf);
		} else {
			row = listing_row(&l, v->fixed ? ST_WARN : ST_MANUAL, v->fixed ? _("fix available") : _("no fix yet"),
					  sb.buf);
		}
		listing_field(row, _("Urgency"), urgency_name(v->urgency));
		strbuf_release(&sb);
		if (v->title && v->title[0])
			listing_field(row, _("Title"), v->title);
		listing_field(row, _("Published"), v->published[0] ? v->published : _("date unknown"));
		listing_field(row, _("installed:"), v->binaries);
		for (j = 0; j < v->n_cves; j++)
			listing_detail(row, v->cves[j]);
	}
	r = render_listing_html(&l, o);
	listing_release(&l);
	return r;
}

/*
 * What the match reads for q's release, into read; none imported, none
 * holding records for the release, or none reaching into the window, is an
 * error: "0 vulnerabilities" would be a verdict without evidence.
 */
static int feeds_read(struct store *st, const struct vuln_query *q, struct strbuf *read)
{
	const char *release = q->release;
	struct vuln_feeds f = { 0 };
	struct strbuf names = STRBUF_INIT;
	struct err e;
	size_t i;
	int ret = EXIT_OK;

	if (vuln_feeds_load(st, release, &f, &e) < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	if (!f.n) {
		ret = cli_error(EXIT_RUNTIME, "%s", _("no feeds imported yet (kyuka feeds import FILE... or kyuka feeds update)"));
	} else if (!f.covering) {
		for (i = 0; i < f.n; i++)
			strbuf_addf(&names, "%s%s", i ? ", " : "", vuln_feed_title(f.v[i].name));
		ret = cli_error(EXIT_RUNTIME, _("no imported feed holds records for %s (imported: %s): import feeds that cover it (kyuka feeds import FILE... or kyuka feeds update)"),
				release, names.buf);
	} else if (q->has_window && strcmp(f.newest, q->start) < 0) {
		/* nothing the feeds hold can fall inside the window: not "0 vulnerabilities" */
		ret = cli_error(EXIT_RUNTIME, _("the feeds for %s end on %s, before %s: they cannot show what was published from then on; update them (kyuka feeds update)"),
				release, f.newest[0] ? f.newest : "-", q->start);
	} else {
		vuln_feeds_describe(&f, read);
	}
	strbuf_release(&names);
	vuln_feeds_free(&f);
	return ret;
}

static int vulns_check(struct cmd_ctx *c)
{
	struct vulns_args *a = c->args;
	struct err e = { 0 };
	const char *release = a->release;

	if (a->published) {
		if (holiday_parse(a->published, strlen(a->published), a->q.start, a->q.end, &e) < 0)
			return cli_error(EXIT_USAGE, _("invalid --published: %s"), e.msg);
		a->q.has_window = true;
	}
	if (release && (!release[0] || strlen(release) >= VULNS_CODENAME_MAX ||
			strspn(release, "abcdefghijklmnopqrstuvwxyz0123456789") != strlen(release)))
		return cli_error(EXIT_USAGE, _("invalid --release '%s' (a codename such as bookworm)"), release);
	return EXIT_OK;
}

/* The store is open for reading (OPENS_STORE_RO), NULL when there is no database yet. */
static int vulns_run(struct cmd_ctx *c)
{
	struct vulns_args *a = c->args;
	const char *release = a->release, *format = a->common.format ? a->common.format : "terminal";
	const char *output = a->common.output;
	struct vuln_query *q = &a->q;
	struct vuln_result res = { 0 };
	struct dpkg_status pk = { 0 };
	struct host_facts h = { 0 };
	struct strbuf out = STRBUF_INIT, read = STRBUF_INIT;
	char codename[VULNS_CODENAME_MAX];
	struct err e = { 0 };
	double t0;
	int ret;

	if (!release)
		release = c->cfg.vulns.release;
	if (release) {
		snprintf(codename, sizeof(codename), "%s", release);
	} else if (collect_release(c->root, codename, sizeof(codename), &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, _("%s (give --release)"), e.msg);
		goto out;
	}
	q->release = codename;
	if (collect_dpkg_status(c->root, &pk, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	if (!c->st) {
		ret = cli_error(EXIT_RUNTIME, "%s", _("no feeds imported yet (kyuka feeds import FILE... or kyuka feeds update)"));
		goto out;
	}
	if ((ret = feeds_read(c->st, q, &read)) != EXIT_OK)
		goto out;
	t0 = mono_ms();
	if (vulns_match(c->st, &pk, q, &res, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	t0 = mono_ms() - t0;
	collect_host(c->root, &h);
	if (!strcmp(format, "json"))
		vulns_json(&out, &res, q, &h, c->g->root ? c->g->root : "/", c->st, t0);
	else if (!strcmp(format, "html"))
		vulns_html(&out, &res, q, h.hostname, read.buf);
	else
		vulns_terminal(&out, &res, q, h.hostname, read.buf, t0);
	if (output) {
		if (write_file_atomic(output, out.buf, out.len, &e) < 0) {
			ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
			goto out;
		}
	} else if (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", _("cannot write the output"));
		goto out;
	}
	ret = res.n ? EXIT_FINDINGS : EXIT_OK;
out:
	strbuf_release(&out);
	strbuf_release(&read);
	vuln_result_free(&res);
	dpkg_status_free(&pk);
	host_facts_free(&h);
	return ret;
}

const struct cmd_def cmd_vulns = {
	.fn = vulns_run,
	.usage = usage_text,
	.options = options,
	.args_size = sizeof(struct vulns_args),
	.check = vulns_check,
};
