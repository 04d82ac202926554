/* kyuka runs [show ID]: the audit runs recorded in the database. */
#include "cli/cli.h"
#include "report/escape.h"
#include "report/report.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/timeutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int list_runs(struct store *st)
{
	struct run_summary *runs = NULL;
	struct err e;
	size_t n = 0, i;

	if (store_list_runs(st, 100, &runs, &n, &e) < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	print_padded("ID", 6);
	print_padded(_("TIME"), 20);
	print_padded(_("PHASE"), 7);
	print_padded(status_label(ST_FAIL), 6);
	print_padded(status_label(ST_WARN), 6);
	print_padded(status_label(ST_ERROR), 6);
	print_padded(status_label(ST_PASS), 6);
	printf("%s\n", _("HOST"));
	for (i = 0; i < n; i++) {
		char t[32];
		time_format_utc(runs[i].at, t, sizeof(t));
		unsigned ph;

		printf("%-6lld %-20s ", (long long)runs[i].id, t);
		print_padded(phase_parse(runs[i].phase, &ph) == 0 ? _(runs[i].phase) : runs[i].phase, 7);
		printf("%-6zu %-6zu %-6zu %-6zu ", runs[i].counts[ST_FAIL], runs[i].counts[ST_WARN],
		       runs[i].counts[ST_ERROR], runs[i].counts[ST_PASS]);
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

static int show_run(struct store *st, const char *id_s)
{
	struct stored_finding *v = NULL;
	uint64_t id;
	struct err e;
	size_t n = 0, i;

	if (parse_u64_str(id_s, INT64_MAX, &id) < 0)
		return cli_error(EXIT_USAGE, _("invalid run ID '%s'"), id_s);
	if (store_load_findings(st, (int64_t)id, &v, &n, &e) < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
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

static const char runs_usage[] = N_("usage: kyuka runs [show ID]");

static int runs_run(struct cmd_ctx *c)
{
	struct store *st = NULL;
	struct err e;
	char *path;
	int ret;

	if (!(c->argc == 0 || (c->argc == 2 && !strcmp(c->argv[0], "show"))))
		return cli_error(EXIT_USAGE, "%s", _(runs_usage));
	if (c->argc == 2) {	/* a usage error before the database is touched */
		uint64_t id;
		if (parse_u64_str(c->argv[1], INT64_MAX, &id) < 0)
			return cli_error(EXIT_USAGE, _("invalid run ID '%s'"), c->argv[1]);
	}
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
	ret = c->argc == 0 ? list_runs(st) : show_run(st, c->argv[1]);
	store_close(st);
	return ret;
}

const struct cmd_def cmd_runs = { .fn = runs_run, .usage = runs_usage };
