/*
 * kyuka baseline save: records the host as it is now (accounts, sudo grants,
 * keys, listeners, units, timers, cron, packages, modules, setuid files and a
 * file-integrity snapshot) in the store, in one transaction, and prints the
 * SHA-256 summary to write down; kyuka diff compares against it.
 * kyuka baseline list: the stored baselines.
 */
#include "cli/cli.h"
#include "collect/clock.h"
#include "collect/fim.h"
#include "engines/baseline.h"
#include "parse/config.h"
#include "store/baseline.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct baseline_args {
	struct cli_common common;
	bool trust_mtime;
	unsigned threads;
};

static int opt_threads(void *args, const char *arg)
{
	uint64_t t;

	if (parse_u64_str(arg, FIM_POOL_MAX_THREADS, &t) < 0 || t < 1)
		return cli_error(EXIT_USAGE, _("invalid --threads '%s' (1 to %d)"), arg, FIM_POOL_MAX_THREADS);
	((struct baseline_args *)args)->threads = (unsigned)t;
	return EXIT_OK;
}

static const struct cli_option options[] = {
	CLI_FN("threads", opt_threads),
	CLI_BOOL("trust-mtime", struct baseline_args, trust_mtime),
	{ NULL },
};

static const char usage[] =
	N_("usage: kyuka baseline save [options]\n"
	   "  --trust-mtime   reuse the previous baseline's SHA-256 of a file whose size, mtime, ctime\n"
	   "                  and inode are unchanged (faster; a change that restores all four is missed)\n"
	   "  --threads N     threads that hash files (default: one per core)\n");

static int baseline_operands(struct cmd_ctx *c)
{
	if (c->argc != 1 || strcmp(c->argv[0], "save") != 0)
		return cli_error(EXIT_USAGE, "%s", _(usage));
	return EXIT_OK;
}

static void print_result(const struct baseline_result *res)
{
	size_t i;

	printf(_("baseline %lld saved: %zu items, %zu file system entries (%zu hashed on %u threads, %.1f MB; %zu "
		 "unchanged by size, mtime, ctime and inode)\n"),
	       (long long)res->id, res->n_items, res->n_files, res->n_hashed, res->threads, (double)res->bytes_hashed / 1e6,
	       res->n_trusted);
	printf("%s %s\n", _("SHA-256 summary:"), res->sha256);
	printf("%s\n", _("write it down or mail it away: kyuka diff says when the stored baseline no longer matches it"));
	if (res->unreadable)
		printf(_("%zu file system entries could not be read\n"), res->unreadable);
	for (i = 0; i < res->n_notes; i++) {
		printf("%s ", _("not read:"));
		cli_put_escaped(res->notes[i]);
		putchar('\n');
	}
}

static int baseline_run(struct cmd_ctx *c)
{
	const struct baseline_args *a = c->args;
	struct baseline_opts o = { .label = "baseline", .at = clock_now(), .threads = a->threads };
	struct baseline_result res;
	struct baseline_info prev;
	struct store *st = NULL;
	struct err e = { 0 };
	char *path = cli_db_path(c->g);
	int ret;

	if (!path)
		return cli_error(EXIT_RUNTIME, "%s", _("no database path"));
	if (store_open(path, &st, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	if (c->cfg.baseline.n_paths) {
		o.paths = c->cfg.baseline.paths;
		o.n_paths = c->cfg.baseline.n_paths;
	}
	if (a->trust_mtime && store_baseline_get(st, 0, "baseline", &prev, &e) == 0 &&
	    strcmp(prev.root, root_dir(c->root)) == 0)
		o.trust = prev.id;
	if (baseline_save(c->root, st, &o, &res, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, _("the baseline was not saved: %s"), e.msg);
		goto out;
	}
	print_result(&res);
	baseline_result_free(&res);
	ret = EXIT_OK;
out:
	store_close(st);
	free(path);
	return ret;
}

const struct cmd_def cmd_baseline = {
	.fn = baseline_run,
	.usage = usage,
	.options = options,
	.args_size = sizeof(struct baseline_args),
	.operands = baseline_operands,
};
