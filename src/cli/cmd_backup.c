/* kyuka backup list | verify [JOB...]: the backup jobs of the config, their newest backups, restore drills. */
#include "checks/context.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "collect/clock.h"
#include "engines/backup.h"
#include "report/escape.h"
#include "report/report.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] = N_("usage: kyuka backup list\n"
				    "       kyuka backup verify [JOB...] [--sample N|P%] [--tmpdir DIR] [--no-store]\n"
				    "  list     every job of backup.jobs: its newest backup, age and last restore drill\n"
				    "  verify   restore drill: the repository's own check, a real restore of a sample of files\n"
				    "           into a private temporary directory, compared by SHA-256 with the live files\n"
				    "  --sample N|P%   files to restore (default: the job's sample, else 20)\n"
				    "  --tmpdir DIR    where the private directory is made (default $TMPDIR or /var/tmp)\n"
				    "  --no-store      do not record the drill in the database\n");

void cli_drills_free(struct backup_drills *d)
{
	free(d->last);
	free(d->ok);
	free(d->error);
	memset(d, 0, sizeof(*d));
}

int cli_drills_read(const struct check_store *cs, const char *path, const struct config *cfg, struct backup_drills *d)
{
	struct err e = { 0 };
	size_t i;

	memset(d, 0, sizeof(*d));
	d->n = cfg->backup.n_jobs;
	d->last = xcalloc(d->n ? d->n : 1, sizeof(*d->last));
	d->ok = xcalloc(d->n ? d->n : 1, sizeof(*d->ok));
	if (!d->n || !cs || !path || access(path, F_OK) < 0)
		return 0;	/* no database yet: no drill either */
	if (cs->rc < 0) {
		d->error = xstrdup(cs->err.msg);
		return -1;
	}
	for (i = 0; i < d->n; i++) {
		int r = store_last_drill(cs->st, cfg->backup.jobs[i].name, false, &d->last[i], &e);

		if (r == 0)
			r = store_last_drill(cs->st, cfg->backup.jobs[i].name, true, &d->ok[i], &e);
		if (r < 0 && r != -ENOENT) {
			d->error = xstrdup(e.msg);
			break;
		}
	}
	return d->error ? -1 : 0;
}

int cli_drills_load(const struct globals *g, const struct config *cfg, struct backup_drills *d)
{
	struct check_store cs = { 0 };
	char *path = cfg->backup.n_jobs ? cli_db_path(g) : NULL;
	int r;

	/* read-only: an audit (--no-store too) writes nothing here */
	if (path && access(path, F_OK) == 0)
		cs.rc = store_open_existing(path, &cs.st, &cs.err);
	r = cli_drills_read(&cs, path, cfg, d);
	store_close(cs.st);
	free(path);
	return r;
}

static void print_time(time_t t)
{
	char iso[32];

	time_format_utc(t, iso, sizeof(iso));
	printf("%.10s %.5s", iso, iso + 11);
}

static int do_list(struct globals *g, const struct config *cfg, struct root *root)
{
	struct backup_drills d;
	size_t i;
	int ret = EXIT_OK;

	if (cli_drills_load(g, cfg, &d) < 0)
		cli_warn(_("cannot read the recorded drills: %s"), d.error);
	print_padded(_("JOB"), 14);
	print_padded(_("KIND"), 9);
	print_padded(_("NEWEST (UTC)"), 16);
	print_padded(_("AGE"), 8);
	print_padded(_("COUNT"), 5);
	printf("%s\n", _("LAST DRILL"));
	for (i = 0; i < cfg->backup.n_jobs; i++) {
		const struct config_backup_job *job = &cfg->backup.jobs[i];
		struct backup_inventory inv;
		struct err e = { 0 };
		char age[32] = "-";

		print_padded(job->name, 14);
		print_padded(backup_kind_name(job->kind), 9);
		if (backup_inventory(root, job, &inv, &e) < 0) {
			printf("%s: ", _("error"));
			cli_put_escaped(e.msg);
			printf("\n");
			ret = EXIT_RUNTIME;
			continue;
		}
		if (inv.have_newest) {
			long long a = (long long)clock_now() - (long long)inv.newest;

			print_time(inv.newest);	/* 16 columns, as wide as the heading's cell */
			printf(" ");
			if (a < 3600)
				snprintf(age, sizeof(age), "%s", _("< 1 h"));
			else if (a < 172800)
				snprintf(age, sizeof(age), _("%lld h"), a / 3600);
			else
				snprintf(age, sizeof(age), _("%lld d"), a / 86400);
		} else {
			print_padded(_("none"), 16);
		}
		print_padded(age, 8);
		printf("%-5zu ", inv.n_snapshots);	/* digits: bytes are columns */
		if (d.last && d.last[i].id) {
			printf("%s ", status_label(d.last[i].ok ? ST_PASS : ST_FAIL));
			print_time(d.last[i].started_at);
		} else {
			printf("%s", _("never"));
		}
		printf("\n");
		backup_inventory_free(&inv);
	}
	if (!cfg->backup.n_jobs)
		printf("%s\n", _("no backup jobs are configured (backup.jobs in kyuka.yaml)"));
	cli_drills_free(&d);
	return ret;
}

/* ---- verify ---- */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static void catch_signals(bool on)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on ? on_signal : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

static void to_record(const struct drill_result *r, struct drill_record *d)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->job, sizeof(d->job), "%s", r->job);
	snprintf(d->kind, sizeof(d->kind), "%s", backup_kind_name(r->kind));
	d->started_at = r->started;
	d->finished_at = r->finished;
	snprintf(d->snapshot_id, sizeof(d->snapshot_id), "%s", r->snapshot_id ? r->snapshot_id : "");
	d->snapshot_time = r->snapshot_time;
	d->ok = r->ok;
	d->integrity_ok = r->integrity_ok;
	snprintf(d->integrity, sizeof(d->integrity), "%s", r->integrity ? r->integrity : "");
	snprintf(d->error, sizeof(d->error), "%s", r->error ? r->error : "");
	d->files_sampled = r->n_sampled;
	d->files_same = r->n_same;
	d->files_changed = r->n_changed + r->n_no_live;
	d->files_different = r->n_different;
	d->files_bad = r->n_bad_restore;
	d->bytes_restored = r->bytes_restored;
	d->restore_ms = r->restore_ms;
	d->throughput = r->throughput;
	d->total_bytes = r->total_bytes;
	d->est_full_restore_s = r->est_full_restore_s;
}

struct drill_progress {
	struct cli_progress *line;
	const char *job;
};

static void drill_step(void *arg, enum drill_step st, size_t n)
{
	const struct drill_progress *dp = arg;

	switch (st) {
	case DRILL_STEP_LIST: progress_set(dp->line, _("%s: finding the newest backup"), dp->job); break;
	case DRILL_STEP_RESTORE: progress_set(dp->line, _("%s: restoring %zu file(s)"), dp->job, n); break;
	case DRILL_STEP_COMPARE:
		progress_set(dp->line, _("%s: comparing %zu file(s) with the live ones"), dp->job, n);
		break;
	case DRILL_STEP_CHECK: progress_set(dp->line, _("%s: waiting for the repository check"), dp->job); break;
	}
}

static void print_drill(const struct drill_result *r)
{
	char when[32], tb[32], th[32], est[48], idb[16];
	size_t i, shown = 0;

	printf("%s ", r->ok ? "PASS" : "FAIL");
	cli_put_escaped(r->job);
	printf(" (%s)", backup_kind_name(r->kind));
	if (r->snapshot_id) {
		time_format_utc(r->snapshot_time, when, sizeof(when));
		struct strbuf sb = STRBUF_INIT;

		esc_terminal(&sb, backup_id_short(r->snapshot_id, idb));
		printf(_(": snapshot %s of %s"), sb.buf, when);
		strbuf_release(&sb);
	}
	printf("\n");
	if (r->integrity) {
		printf("  %s: %s ", _("integrity"), r->integrity_ok ? "ok" : _("FAILED"));
		cli_put_escaped(r->integrity);
		printf("\n");
	}
	if (r->error) {
		printf("  %s: ", _("error"));
		cli_put_escaped(r->error);
		printf("\n");
	}
	if (r->n_sampled) {
		fmt_bytes(r->bytes_restored, tb, sizeof(tb));
		fmt_bytes((uint64_t)r->throughput, th, sizeof(th));
		printf(_("  restored %zu file(s) (%zu configuration) from %zu in the backup: %s in %.1f s, %s/s\n"),
		       r->n_sampled, r->n_config_sampled, r->n_files, tb, (double)r->restore_ms / 1000.0, th);
		printf(_("  compared with the live files: %zu identical, %zu changed since the backup (not compared), %zu without a live file, %zu different, %zu not restored\n"),
		       r->n_same, r->n_changed, r->n_no_live, r->n_different, r->n_bad_restore);
		fmt_bytes(r->total_bytes, tb, sizeof(tb));
		fmt_duration(r->est_full_restore_s, est, sizeof(est));
		printf(_("  estimated full restore of %s: %s (from this drill's throughput)\n"), tb, est);
	}
	for (i = 0; i < r->n_sampled && shown < DRILL_MAX_REPORTED; i++) {
		const struct drill_file *f = &r->files[i];

		if (f->state != DF_DIFFERENT && f->state != DF_BAD_RESTORE)
			continue;
		shown++;
		printf("  %s ", f->state == DF_DIFFERENT ? _("DIFFERENT") : _("NOT RESTORED"));
		cli_put_escaped(f->path);
		if (f->state == DF_DIFFERENT)
			printf(_(": unchanged since the backup by its mtime, but the restored copy (sha256 %.12s) differs from the live file (sha256 %.12s)"),
			       f->restored_sha, f->live_sha);
		else {
			printf(": ");
			cli_put_escaped(f->why);
		}
		printf("\n");
	}
}

static int do_verify(struct globals *g, const struct config *cfg, struct root *root, char **names, size_t n_names,
		     const struct drill_opts *o, bool no_store)
{
	struct store *st = NULL;
	char *path = NULL;
	struct err e = { 0 };
	size_t i, j, ran = 0;
	bool unrecorded = false;
	int ret = EXIT_OK;

	if (!no_store) {
		path = cli_db_path(g);
		if (!path || store_open(path, &st, &e) < 0) {
			cli_warn(_("drills will not be recorded: %s"), path ? e.msg : _("no database path"));
			st = NULL;
			unrecorded = true;
		}
	}
	catch_signals(true);
	for (i = 0; i < cfg->backup.n_jobs; i++) {
		const struct config_backup_job *job = &cfg->backup.jobs[i];
		struct drill_result res;
		bool wanted = !n_names;
		int r;

		for (j = 0; j < n_names; j++)
			wanted = wanted || !strcmp(names[j], job->name);
		if (!wanted)
			continue;
		struct drill_progress dp = { progress_start(true), job->name };
		struct drill_opts oo = *o;

		if (dp.line) {
			oo.progress = drill_step;
			oo.progress_arg = &dp;
		}
		r = backup_drill(root, &cfg->backup, job, &oo, &res);
		progress_stop(dp.line);
		if (r == -ECANCELED || interrupted) {
			drill_result_free(&res);
			break;
		}
		ran++;
		print_drill(&res);
		fflush(stdout);
		if (!res.ok)
			ret = EXIT_FINDINGS;
		if (st) {
			struct drill_record rec;
			int64_t id;

			to_record(&res, &rec);
			if (store_record_drill(st, &rec, &id, &e) < 0) {
				cli_warn(_("the drill was not recorded: %s"), e.msg);
				unrecorded = true;
			}
		}
		drill_result_free(&res);
	}
	store_close(st);
	free(path);
	catch_signals(false);
	if (interrupted) {
		int sig = interrupted;

		cli_error(EXIT_RUNTIME, "%s", _("interrupted: the temporary restore directory was removed"));
		fflush(stdout);
		raise(sig);
		return 128 + sig;
	}
	(void)ran;
	/* BAK-0030 cannot see a drill that was not recorded: a runtime error (3), as README says */
	return unrecorded && ran ? EXIT_RUNTIME : ret;
}

struct backup_args {
	struct cli_common common;
	const char *sample;
	struct drill_opts o;
};

static const struct cli_option options[] = {
	CLI_BOOL("no-store", struct backup_args, common.no_store),
	CLI_STRING("sample", struct backup_args, sample),
	CLI_STRING("tmpdir", struct backup_args, o.tmpdir),
	{ NULL },
};

static void backup_init(void *args)
{
	((struct backup_args *)args)->o.cancel = &interrupted;
}

/* The verb, --sample, --tmpdir and the jobs named, before --root is opened. */
static int backup_check(struct cmd_ctx *c)
{
	struct backup_args *a = c->args;
	const struct config *cfg = &c->cfg;
	const char *sample = a->sample;
	size_t i, j;

	if (c->argc < 1 || (strcmp(c->argv[0], "list") && strcmp(c->argv[0], "verify")))
		return cli_error(EXIT_USAGE, "%s", _(usage_text));
	if (sample) {
		size_t len = strlen(sample);
		uint64_t v;

		if (len > 1 && sample[len - 1] == '%' && parse_u64(sample, len - 1, 100, &v) == 0 && v >= 1)
			a->o.sample_percent = (uint32_t)v;
		else if (parse_u64_str(sample, DRILL_MAX_SAMPLE, &v) == 0 && v >= 1)
			a->o.sample_files = (uint32_t)v;
		else
			return cli_error(EXIT_USAGE, _("invalid --sample '%s' (a number of files up to %d, or 1%% to 100%%)"),
					 sample, DRILL_MAX_SAMPLE);
	}
	if (a->o.tmpdir && a->o.tmpdir[0] != '/')
		return cli_error(EXIT_USAGE, _("--tmpdir must be an absolute path, not '%s'"), a->o.tmpdir);
	if (!strcmp(c->argv[0], "list")) {
		if (c->argc != 1)
			return cli_error(EXIT_USAGE, _("unexpected argument '%s'"), c->argv[1]);
		return EXIT_OK;
	}
	for (j = 1; j < (size_t)c->argc; j++) {
		for (i = 0; i < cfg->backup.n_jobs; i++)
			if (!strcmp(cfg->backup.jobs[i].name, c->argv[j]))
				break;
		if (i == cfg->backup.n_jobs)
			return cli_error(EXIT_USAGE, _("no backup job '%s' in the configuration"), c->argv[j]);
	}
	if (!cfg->backup.n_jobs)
		return cli_error(EXIT_USAGE, "%s", _("no backup jobs are configured (backup.jobs in kyuka.yaml)"));
	return EXIT_OK;
}

static int backup_run(struct cmd_ctx *c)
{
	struct backup_args *a = c->args;

	if (!strcmp(c->argv[0], "list"))
		return do_list(c->g, &c->cfg, c->root);
	return do_verify(c->g, &c->cfg, c->root, c->argv + 1, (size_t)(c->argc - 1), &a->o, a->common.no_store);
}

const struct cmd_def cmd_backup = {
	.fn = backup_run,
	.usage = usage_text,
	.options = options,
	.args_size = sizeof(struct backup_args),
	.init = backup_init,
	.check = backup_check,
};
