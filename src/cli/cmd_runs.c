/* kyuka runs [show ID | diff [A] [B]]: the audit runs recorded in the database. */
#include "cli/cli.h"
#include "collect/clock.h"
#include "model/rundiff.h"
#include "report/escape.h"
#include "report/report.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many recorded runs kyuka runs diff looks through for its default pair. */
#define RUNS_DIFF_SCAN 10000

struct runs_args {
	struct cli_common common;
};

static const struct cli_option options[] = {
	CLI_STRING("color", struct runs_args, common.color),
	CLI_STRING("format", struct runs_args, common.format),
	CLI_STRING("output", struct runs_args, common.output),
	{ NULL },
};

static const char *phase_word(const char *phase)
{
	unsigned ph;

	return phase_parse(phase, &ph) == 0 ? _(phase) : phase;
}

/* Every status, the worst first: the list and the header of show. */
static const enum status count_order[] = { ST_FAIL, ST_ERROR, ST_WARN, ST_MANUAL, ST_SKIP, ST_PASS };

static int list_runs(struct store *st)
{
	struct run_summary *runs = NULL;
	struct err e;
	size_t n = 0, i, k;

	if (store_list_runs(st, 100, &runs, &n, &e) < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	print_padded("ID", 6);
	print_padded(_("TIME"), 21);
	print_padded(_("PHASE"), 7);
	print_padded(_("HOLIDAY"), 23);
	for (k = 0; k < ARRAY_SIZE(count_order); k++)
		print_padded(status_label(count_order[k]), 7);
	printf("%s\n", _("HOST"));
	for (i = 0; i < n; i++) {
		char t[32], hol[32];

		time_format_utc(runs[i].at, t, sizeof(t));
		if (runs[i].holiday_start[0])
			snprintf(hol, sizeof(hol), "%s..%s", runs[i].holiday_start, runs[i].holiday_end);
		else
			snprintf(hol, sizeof(hol), "-");
		printf("%-6lld %-20s ", (long long)runs[i].id, t);
		print_padded(phase_word(runs[i].phase), 7);
		print_padded(hol, 23);
		for (k = 0; k < ARRAY_SIZE(count_order); k++)
			printf("%-6zu ", runs[i].counts[count_order[k]]);
		cli_put_escaped(runs[i].hostname);
		if (strcmp(runs[i].root, "/") != 0) {
			printf(" (--root ");
			cli_put_escaped(runs[i].root);
			printf(")");
		}
		printf("\n");
	}
	free(runs);
	return EXIT_OK;
}

static int parse_run_id(const char *s, int64_t *id)
{
	uint64_t v;

	*id = 0;

	if (parse_u64_str(s, INT64_MAX, &v) < 0)
		return cli_error(EXIT_USAGE, _("invalid run ID '%s'"), s);
	*id = (int64_t)v;
	return EXIT_OK;
}

static int show_run(struct store *st, int64_t id)
{
	struct stored_finding *v = NULL;
	struct run_summary rs;
	struct err e;
	size_t n = 0, i, k;
	char t[32];

	if (store_get_run(st, id, &rs, &e) < 0 || store_load_findings(st, id, &v, &n, &e) < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	time_format_utc(rs.at, t, sizeof(t));
	printf(_("run %lld\n"), (long long)rs.id);
	printf("%s: ", _("Host"));
	cli_put_escaped(rs.hostname);
	if (strcmp(rs.root, "/") != 0) {
		printf(" (--root ");
		cli_put_escaped(rs.root);
		printf(")");
	}
	printf("\n%s: %s\n", _("Phase"), phase_word(rs.phase));
	if (rs.holiday_start[0])
		printf("%s: %s \xe2\x80\x93 %s\n", _("Holiday"), rs.holiday_start, rs.holiday_end);
	else
		printf("%s: %s\n", _("Holiday"), _("not set"));
	printf("%s: %s\n", _("Time"), t);
	printf("%s:", _("Summary"));
	for (k = 0; k < ARRAY_SIZE(count_order); k++)
		printf("%s %zu %s", k ? "," : "", rs.counts[count_order[k]], status_label(count_order[k]));
	printf("\n\n");
	for (i = 0; i < n; i++) {
		print_padded(status_label(v[i].status), 6);
		print_padded(v[i].check_id, 10);
		print_padded(severity_label(v[i].severity), 8);
		cli_put_escaped(v[i].subject);
		printf("\n        ");
		cli_put_escaped(v[i].evidence);
		printf("\n");
	}
	stored_findings_free(v, n);
	return EXIT_OK;
}

/*
 * The default pair: the newest "after" run that has a holiday, and the
 * newest "before" run before it of the same holiday, host and root.
 */
static int default_pair(struct store *st, int64_t *a, int64_t *b)
{
	struct run_summary *runs = NULL;
	struct err e;
	size_t n = 0, i, j;
	int ret = EXIT_OK;

	if (store_list_runs(st, RUNS_DIFF_SCAN, &runs, &n, &e) < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	for (i = 0; i < n; i++)
		if (!strcmp(runs[i].phase, "after") && runs[i].holiday_start[0])
			break;
	if (i == n) {
		ret = cli_error(EXIT_RUNTIME, "%s",
				_("no recorded run of --phase after with a holiday: name the two runs (kyuka runs diff A B)"));
		goto out;
	}
	for (j = i + 1; j < n; j++)
		if (!strcmp(runs[j].phase, "before") && !strcmp(runs[j].holiday_start, runs[i].holiday_start) &&
		    !strcmp(runs[j].holiday_end, runs[i].holiday_end) && !strcmp(runs[j].hostname, runs[i].hostname) &&
		    !strcmp(runs[j].root, runs[i].root))
			break;
	if (j == n) {
		ret = cli_error(EXIT_RUNTIME, _("no recorded run of --phase before for the holiday %s..%s of run %lld: "
						"name the two runs (kyuka runs diff A B)"),
				runs[i].holiday_start, runs[i].holiday_end, (long long)runs[i].id);
		goto out;
	}
	*a = runs[j].id;
	*b = runs[i].id;
out:
	free(runs);
	return ret;
}

/* The newest run other than a (kyuka runs diff A). */
static int newest_other(struct store *st, int64_t a, int64_t *b)
{
	struct run_summary *runs = NULL;
	struct err e;
	size_t n = 0, i;

	if (store_list_runs(st, 2, &runs, &n, &e) < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	for (i = 0; i < n && runs[i].id == a; i++)
		;
	if (i < n)
		*b = runs[i].id;
	free(runs);
	return i < n ? EXIT_OK : cli_error(EXIT_RUNTIME, _("no other run to compare run %lld with"), (long long)a);
}

/* A run's findings as the comparison takes them: a grouped finding (its subjects joined with ", ") split. */
static void items_of(const struct stored_finding *v, size_t n, struct rundiff_item **out, size_t *nout,
		     char ***strs, size_t *nstrs)
{
	size_t alloc = 0, salloc = 0;

	*out = NULL;
	*nout = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = v[i].subject ? v[i].subject : "";

		do {
			const char *sep = strstr(s, ", ");
			size_t len = sep ? (size_t)(sep - s) : strlen(s);
			char *sub = xstrndup(s, len);

			ALLOC_GROW(*strs, st_add(*nstrs, 1), salloc);
			(*strs)[(*nstrs)++] = sub;
			ALLOC_GROW(*out, st_add(*nout, 1), alloc);
			(*out)[(*nout)++] = (struct rundiff_item){ .check_id = v[i].check_id, .subject = sub,
								  .evidence = v[i].evidence, .status = v[i].status,
								  .severity = v[i].severity };
			s = sep ? sep + 2 : NULL;
		} while (s);
	}
}

static void run_of(const struct run_summary *rs, struct rundiff_run *r)
{
	r->id = rs->id;
	r->at = rs->at;
	memcpy(r->phase, rs->phase, sizeof(r->phase));
	r->phase[sizeof(r->phase) - 1] = '\0';
	memcpy(r->holiday_start, rs->holiday_start, sizeof(r->holiday_start));
	memcpy(r->holiday_end, rs->holiday_end, sizeof(r->holiday_end));
	r->hostname = xstrdup(rs->hostname);
	r->root = xstrdup(rs->root);
	memcpy(r->counts, rs->counts, sizeof(r->counts));
}

static int diff_runs(struct cmd_ctx *c, struct store *st)
{
	const struct runs_args *args = c->args;
	const char *fmt = args->common.format ? args->common.format : "terminal";
	struct stored_finding *fa = NULL, *fb = NULL;
	struct rundiff_item *ia = NULL, *ib = NULL;
	struct rundiff d = { 0 };
	struct run_summary ra, rb;
	struct strbuf out = STRBUF_INIT;
	char **strs = NULL;
	size_t na = 0, nb = 0, nia = 0, nib = 0, nstrs = 0, i;
	int64_t a = 0, b = 0;
	struct err e;
	int ret, r;

	if (c->argc >= 2 && (ret = parse_run_id(c->argv[1], &a)) != EXIT_OK)
		return ret;
	if (c->argc == 3 && (ret = parse_run_id(c->argv[2], &b)) != EXIT_OK)
		return ret;
	if (c->argc == 1)
		ret = default_pair(st, &a, &b);
	else if (c->argc == 2)
		ret = newest_other(st, a, &b);
	else
		ret = EXIT_OK;
	if (ret != EXIT_OK)
		return ret;
	if (store_get_run(st, a, &ra, &e) < 0 || store_get_run(st, b, &rb, &e) < 0 ||
	    store_load_findings(st, a, &fa, &na, &e) < 0 || store_load_findings(st, b, &fb, &nb, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	items_of(fa, na, &ia, &nia, &strs, &nstrs);
	items_of(fb, nb, &ib, &nib, &strs, &nstrs);
	rundiff_compare(ia, nia, ib, nib, &d);
	run_of(&ra, &d.a);
	run_of(&rb, &d.b);
	if (!strcmp(fmt, "json"))
		r = render_rundiff_json(&d, KYUKA_VERSION, clock_now(), &out);
	else if (!strcmp(fmt, "html"))
		r = render_rundiff_html(&d, clock_now(), &out);
	else
		r = render_rundiff_terminal(&d, cli_want_color(args->common.color, args->common.output != NULL), &out);
	if (r < 0) {
		ret = cli_error(EXIT_RUNTIME, _("cannot render the report: %s"), strerror(-r));
		goto out;
	}
	if ((ret = cli_write_output(args->common.output, out.buf, out.len)) != EXIT_OK)
		goto out;
	ret = d.counts[RD_WORSE] || d.counts[RD_APPEARED] ? EXIT_FINDINGS : EXIT_OK;
	/* a subject that appeared and passed is no finding */
	if (ret == EXIT_FINDINGS && !d.counts[RD_WORSE]) {
		ret = EXIT_OK;
		for (i = 0; i < d.n; i++)
			if (d.v[i].kind == RD_APPEARED && d.v[i].b.status != ST_PASS)
				ret = EXIT_FINDINGS;
	}
out:
	strbuf_release(&out);
	rundiff_release(&d);
	free(ia);
	free(ib);
	for (i = 0; i < nstrs; i++)
		free(strs[i]);
	free(strs);
	stored_findings_free(fa, na);
	stored_findings_free(fb, nb);
	return ret;
}

static const char runs_usage[] =
	N_("usage: kyuka runs [show ID | diff [A] [B]]\n"
	   "  runs                     the recorded runs, newest first, with every status count\n"
	   "  runs show ID             one run: its phase, holiday, time and findings\n"
	   "  runs diff [A] [B]        what got worse, appeared, got better or went away from run A to run B,\n"
	   "                           per check and subject (default: the newest --phase after run with a\n"
	   "                           holiday and the newest --phase before run of the same holiday and host;\n"
	   "                           with A alone, A against the newest other run)\n"
	   "  --format terminal|json|html  the format of runs diff (default terminal)\n"
	   "  --output FILE            write runs diff to FILE (mode 0600, atomic)\n"
	   "  --color auto|always|never\n"
	   "Exit status of runs diff: 0 nothing got worse, 1 something got worse or a finding appeared,\n"
	   "2 usage error, 3 runtime error.\n");

static int runs_check(struct cmd_ctx *c)
{
	const struct runs_args *a = c->args;
	int64_t id;
	int ret;

	if (c->g->now) {	/* runs reads no configuration: the clock (the time a diff was made) here */
		time_t t;

		if (time_parse_iso8601(c->g->now, strlen(c->g->now), &t) < 0)
			return cli_error(EXIT_USAGE, _("invalid --now '%s' (expected e.g. 2026-12-26T09:00:00+09:00)"),
					 c->g->now);
		clock_set(t);
	}
	if (c->argc == 0)
		;
	else if (!strcmp(c->argv[0], "show") && c->argc == 2)
		return parse_run_id(c->argv[1], &id);
	else if (!strcmp(c->argv[0], "diff") && c->argc <= 3) {
		for (int i = 1; i < c->argc; i++)
			if ((ret = parse_run_id(c->argv[i], &id)) != EXIT_OK)
				return ret;
		return EXIT_OK;
	} else
		return cli_error(EXIT_USAGE, "%s", _(runs_usage));
	if (a->common.format && strcmp(a->common.format, "terminal"))
		return cli_error(EXIT_USAGE, "%s", _("--format is for runs diff; the list is for the terminal"));
	return EXIT_OK;
}

static int runs_run(struct cmd_ctx *c)
{
	struct store *st = NULL;
	struct err e;
	char *path;
	int ret;
	int64_t id;

	path = cli_db_path(c->g);
	if (!path)
		return cli_error(EXIT_RUNTIME, "%s", _("no database path"));
	/* Read-only: listing creates nothing and works on a read-only file or file system. */
	if ((ret = store_open_readonly(path, &st, &e)) < 0) {
		if (ret == -ENOENT && c->argc == 0) {
			struct strbuf sb = STRBUF_INIT;

			esc_terminal(&sb, path);
			printf(_("no runs recorded yet ('%s' does not exist)\n"), sb.buf);
			strbuf_release(&sb);
			free(path);
			return EXIT_OK;
		}
		free(path);
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	}
	free(path);
	if (c->argc == 0)
		ret = list_runs(st);
	else if (!strcmp(c->argv[0], "show"))
		ret = parse_run_id(c->argv[1], &id) == EXIT_OK ? show_run(st, id) : EXIT_USAGE;
	else
		ret = diff_runs(c, st);
	store_close(st);
	return ret;
}

const struct cmd_def cmd_runs = {
	.fn = runs_run,
	.usage = runs_usage,
	.options = options,
	.args_size = sizeof(struct runs_args),
	.check = runs_check,
};
