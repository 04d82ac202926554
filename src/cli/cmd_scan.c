/* kyuka scan: a malware scan of files under the root with libclamav and libyara (AV-2). */
#include "cli/cli.h"
#include "cli/progress.h"
#include "collect/clock.h"
#include "engines/scan.h"
#include "report/escape.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct scan_args {
	struct cli_common common;
	const char *database, *yara;
	unsigned threads;
};

static int opt_threads(void *args, const char *arg)
{
	uint64_t t;

	if (parse_u64_str(arg, SCAN_MAX_THREADS, &t) < 0 || t < 1)
		return cli_error(EXIT_USAGE, _("--threads: give a number from 1 to %d"), SCAN_MAX_THREADS);
	((struct scan_args *)args)->threads = (unsigned)t;
	return EXIT_OK;
}

static const struct cli_option options[] = {
	CLI_STRING("database", struct scan_args, database),
	CLI_STRING("format", struct scan_args, common.format),
	CLI_BOOL("no-store", struct scan_args, common.no_store),
	CLI_FN("threads", opt_threads),
	CLI_STRING("yara", struct scan_args, yara),
	{ NULL },
};

static const char *tesc(struct strbuf *sb, const char *s)
{
	strbuf_reset(sb);
	esc_terminal(sb, s);
	return sb->buf;
}

static json_object *jstr(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_object *o;

	esc_utf8_valid(&sb, s, strlen(s));
	o = json_object_new_string_len(sb.buf, (int)sb.len);
	strbuf_release(&sb);
	return o;
}

static void tty_progress(void *arg, unsigned long long files, unsigned long long bytes, unsigned long long infected)
{
	progress_set(arg, _("%llu files, %llu MiB scanned, %llu infected"), files, bytes >> 20, infected);
}

static void print_terminal(const struct scan_result *r)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
	size_t i;

	for (i = 0; i < r->n_hits; i++) {
		const struct scan_hit *h = &r->hits[i];
		printf("  FAIL   %s — %s %s%s%s\n", tesc(&a, h->path), h->engine, tesc(&b, h->name), h->detail[0] ? ": " : "",
		       tesc(&c, h->detail));
	}
	for (i = 0; i < r->n_errs; i++)
		printf("  ERROR  %s — %s\n", tesc(&a, r->errs[i].path), tesc(&b, r->errs[i].why));
	for (i = 0; i < r->n_skips; i++)
		printf("  SKIP   %s — %s\n", tesc(&a, r->skips[i].path), tesc(&b, r->skips[i].why));
	if (r->n_autostart) {
		printf("%s\n", _("Windows autostart places (look at each: does it belong there?):"));
		for (i = 0; i < r->n_autostart; i++)
			printf("  MANUAL %s\n", tesc(&a, r->autostart[i]));
	}
	printf(_("Scanned %llu files (%llu MiB) in %llu directories with ClamAV %s (database version %u, %u signatures)"),
	       r->files, r->bytes >> 20, r->dirs, r->engine, r->db_version, r->sigs);
	if (r->yara_rules)
		printf(_(" and %u YARA rules"), r->yara_rules);
	printf("\n");
	printf(_("%llu infected, %llu errors, %llu skipped%s\n"), r->infected, r->errors, r->skipped,
	       r->infected ? "" : (r->complete ? _(": no malware found") : _(": incomplete, not every file was scanned")));
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&c);
}

static void print_json(const struct scan_result *r, const char *root, char *const *paths, size_t n_paths)
{
	json_object *doc = json_object_new_object(), *a;
	char when[32];
	size_t i;

	json_object_object_add(doc, "root", jstr(root));
	a = json_object_new_array();
	for (i = 0; i < n_paths; i++)
		json_object_array_add(a, jstr(paths[i]));
	json_object_object_add(doc, "paths", a);
	time_format_utc(r->started, when, sizeof(when));
	json_object_object_add(doc, "started_at", json_object_new_string(when));
	json_object_object_add(doc, "engine", jstr(r->engine));
	json_object_object_add(doc, "database_version", json_object_new_int64(r->db_version));
	json_object_object_add(doc, "signatures", json_object_new_int64(r->sigs));
	json_object_object_add(doc, "yara_rules", json_object_new_int64(r->yara_rules));
	json_object_object_add(doc, "threads", json_object_new_int64(r->threads));
	json_object_object_add(doc, "files", json_object_new_int64((int64_t)r->files));
	json_object_object_add(doc, "bytes", json_object_new_int64((int64_t)r->bytes));
	json_object_object_add(doc, "infected", json_object_new_int64((int64_t)r->infected));
	json_object_object_add(doc, "errors", json_object_new_int64((int64_t)r->errors));
	json_object_object_add(doc, "skipped", json_object_new_int64((int64_t)r->skipped));
	json_object_object_add(doc, "complete", json_object_new_boolean(r->complete));
	a = json_object_new_array();
	for (i = 0; i < r->n_hits; i++) {
		json_object *h = json_object_new_object();
		json_object_object_add(h, "status", json_object_new_string("FAIL"));
		json_object_object_add(h, "path", jstr(r->hits[i].path));
		json_object_object_add(h, "engine", jstr(r->hits[i].engine));
		json_object_object_add(h, "name", jstr(r->hits[i].name));
		json_object_object_add(h, "detail", jstr(r->hits[i].detail));
		json_object_array_add(a, h);
	}
	json_object_object_add(doc, "detections", a);
	a = json_object_new_array();
	for (i = 0; i < r->n_errs; i++) {
		json_object *h = json_object_new_object();
		json_object_object_add(h, "path", jstr(r->errs[i].path));
		json_object_object_add(h, "error", jstr(r->errs[i].why));
		json_object_array_add(a, h);
	}
	json_object_object_add(doc, "errors_list", a);
	a = json_object_new_array();
	for (i = 0; i < r->n_skips; i++) {
		json_object *h = json_object_new_object();
		json_object_object_add(h, "path", jstr(r->skips[i].path));
		json_object_object_add(h, "reason", jstr(r->skips[i].why));
		json_object_array_add(a, h);
	}
	json_object_object_add(doc, "skipped_list", a);
	a = json_object_new_array();
	for (i = 0; i < r->n_autostart; i++)
		json_object_array_add(a, jstr(r->autostart[i]));
	json_object_object_add(doc, "autostart", a);
	printf("%s\n", json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(doc);
}

static void record(const struct globals *g, const struct scan_result *r, char *const *paths, size_t n_paths)
{
	struct scan_record rec = { 0 };
	struct strbuf p = STRBUF_INIT;
	struct store *st = NULL;
	struct err e;
	char *path = cli_db_path(g);
	size_t i;

	for (i = 0; i < n_paths; i++)
		strbuf_addf(&p, "%s%s", i ? " " : "", paths[i]);
	rec.started = r->started;
	rec.finished = r->finished;
	rec.root = (char *)(g->root ? g->root : "/");
	rec.paths = p.buf;
	rec.files = r->files;
	rec.infected = r->infected;
	rec.errors = r->errors;
	rec.skipped = r->skipped;
	rec.complete = r->complete;
	rec.engine = (char *)r->engine;
	rec.daily = r->db_version;
	rec.sigs = r->sigs;
	rec.yara_rules = r->yara_rules;
	if (!path || store_open(path, &st, &e) < 0)
		cli_warn(_("the scan was not recorded: %s"), path ? e.msg : _("no database path"));
	else if (store_add_scan(st, &rec, NULL, &e) < 0)
		cli_warn(_("the scan was not recorded: %s"), e.msg);
	store_close(st);
	strbuf_release(&p);
	free(path);
}

static int scan_check(struct cmd_ctx *c)
{
	if (c->argc < 1)
		return cli_error(EXIT_USAGE, "%s", _("name at least one path to scan (kyuka scan PATH...)"));
	return EXIT_OK;
}

static int scan_exec(struct cmd_ctx *c)
{
	struct scan_args *a = c->args;
	const char *format = a->common.format ? a->common.format : "terminal";
	struct scan_opts o = { 0 };
	struct scan_result r;
	struct err e;
	int ret;

	o.root = c->root;
	o.paths = c->argv;
	o.n_paths = (size_t)c->argc;
	o.database = a->database;
	o.yara_rules = a->yara ? a->yara : c->cfg.scan.yara_rules;
	o.threads = a->threads;
	if ((o.progress_arg = progress_start(!strcmp(format, "terminal"))))
		o.progress = tty_progress;
	if (scan_run(&o, &r, &e) < 0) {
		progress_stop(o.progress_arg);
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	}
	progress_stop(o.progress_arg);
	if (!strcmp(format, "json"))
		print_json(&r, c->g->root ? c->g->root : "/", o.paths, o.n_paths);
	else
		print_terminal(&r);
	if (!a->common.no_store)
		record(c->g, &r, o.paths, o.n_paths);
	ret = r.infected ? EXIT_FINDINGS : (r.complete ? EXIT_OK : EXIT_RUNTIME);
	scan_result_free(&r);
	return ret;
}

const struct cmd_def cmd_scan = {
	.fn = scan_exec,
	.usage = N_("usage: kyuka scan [options] PATH...\n"
		       "  PATH                     paths as the target sees them (under --root)\n"
		       "  --database FILE|DIR      ClamAV database on this machine (default: libclamav's, /var/lib/clamav)\n"
		       "  --yara DIR               YARA rules (*.yar, *.yara) to match too (default: scan.yara_rules)\n"
		       "  --threads N              files scanned at once, one process each (default: the cores + 1)\n"
		       "  --format terminal|json   output format (default terminal)\n"
		       "  --no-store               do not record the scan in the database\n"),
	.options = options,
	.args_size = sizeof(struct scan_args),
	.check = scan_check,
};
