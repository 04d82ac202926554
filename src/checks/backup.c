/* Backups (BK-1 .. BK-4): covered, recent, restorable, cut off. The jobs come from backup.jobs in the config. */
#include "checks/util.h"
#include "engines/backup.h"
#include "parse/config/backup.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct config_backup_job *jobs(const struct check_ctx *ctx, size_t *n)
{
	*n = ctx->backup->n_jobs;
	return ctx->backup->jobs;
}

/* No jobs: a person has to confirm the measure. */
static bool no_jobs(struct check_ctx *ctx)
{
	if (ctx->backup->n_jobs)
		return false;
	check_add_sev(ctx, ST_MANUAL, SEV_MEDIUM, "",
		      "%s", _("no backup jobs are configured (backup.jobs in kyuka.yaml): confirm this measure by hand, or describe the jobs so kyuka can verify them"));
	check_set_remedy(ctx, "%s", _("Describe the backup jobs under backup.jobs in kyuka.yaml (see docs/backup.md), or confirm this measure by hand and record who did."));
	return true;
}

static void fmt_time(time_t t, char *buf, size_t size)
{
	char iso[32];

	time_format_utc(t, iso, sizeof(iso));
	snprintf(buf, size, "%.10s %.5s UTC", iso, iso + 11);
}

/* "less than 1 h" / "3 h" / "5 days" of an age in seconds (never "0 h"). */
static void fmt_age(long long s, char *buf, size_t size)
{
	if (s < 0)
		s = 0;
	if (s < 3600)
		snprintf(buf, size, "%s", _("less than 1 h"));
	else if (s < 3600 * 48)
		snprintf(buf, size, _("%lld h"), s / 3600);
	else
		snprintf(buf, size, _("%lld days"), s / 86400);
}

/* ------------------------------------------------------------ BK-1 */

static void add_unique(char ***v, size_t *n, const char *p)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*v)[i], p))
			return;
	*v = xrealloc(*v, st_mult(*n + 1, sizeof(**v)));
	(*v)[(*n)++] = (char *)p;
}

static int bak_coverage(struct check_ctx *ctx, struct err *err)
{
	const struct config_backup *b = ctx->backup;
	size_t nj, i, j, k, n = 0;
	const struct config_backup_job *jb = jobs(ctx, &nj);
	char **paths = NULL;

	(void)err;
	if (no_jobs(ctx))
		return 0;
	add_unique(&paths, &n, "/etc");
	for (i = 0; i < b->n_config; i++)
		add_unique(&paths, &n, b->config[i]);
	for (i = 0; i < b->n_important; i++)
		add_unique(&paths, &n, b->important[i]);
	for (i = 0; i < n; i++) {
		struct strbuf by = STRBUF_INIT, part = STRBUF_INIT;
		bool config = backup_is_config_path(b, paths[i]);
		struct stat st;
		bool present = root_stat(ctx->root, paths[i], ROOT_MISSING_OK, &st, NULL) == 0;

		for (j = 0; j < nj; j++)
			for (k = 0; k < jb[j].n_paths; k++) {
				if (backup_path_covers(jb[j].paths[k], paths[i])) {
					strbuf_addf(&by, "%s%s (%s)", by.len ? ", " : "", jb[j].name, backup_kind_name(jb[j].kind));
					break;
				}
				if (backup_path_covers(paths[i], jb[j].paths[k]))
					strbuf_addf(&part, "%s%s in %s", part.len ? ", " : "", jb[j].paths[k], jb[j].name);
			}
		if (by.len)
			check_add(ctx, ST_PASS, paths[i], _("backed up by %s (backup.jobs in %s)%s"), by.buf,
				  ctx->cfg_file, present ? "" : _(" (not present on this host)"));
		else if (part.len)
			check_add_sev(ctx, config ? ST_FAIL : ST_WARN, config ? SEV_HIGH : SEV_MEDIUM, paths[i],
				      _("only part of it is backed up: %s"), part.buf);
		else
			check_add_sev(ctx, config ? ST_FAIL : ST_WARN, config ? SEV_HIGH : SEV_MEDIUM, paths[i],
				      config ? _("configuration path covered by no backup job")
					     : _("important path covered by no backup job"));
		strbuf_release(&by);
		strbuf_release(&part);
	}
	free(paths);
	return 0;
}

/* ------------------------------------------------------------ BK-2 */

static const struct drill_record *drill_of(const struct check_ctx *ctx, size_t i, bool ok)
{
	const struct drill_record *d;

	if (!ctx->drills || ctx->drills->error || i >= ctx->drills->n)
		return NULL;
	d = ok ? &ctx->drills->ok[i] : &ctx->drills->last[i];
	return d->id ? d : NULL;
}

static bool inventory_has(const struct backup_inventory *inv, const char *id)
{
	size_t i;

	for (i = 0; i < inv->n_snapshots; i++)
		if (inv->ids && !strcmp(inv->ids[i], id))
			return true;
	return false;
}

static void freshness_one(struct check_ctx *ctx, const struct config_backup_job *job, size_t idx)
{
	uint32_t max_h = job->max_age_hours ? job->max_age_hours : ctx->backup->max_age_hours;
	const struct drill_record *seen = drill_of(ctx, idx, false);
	struct backup_inventory inv;
	char when[48], age[32], idb[16];
	struct err e = { 0 };
	long long a;
	size_t k, m;
	int ret = backup_inventory(ctx->root, job, &inv, &e);

	if (ret == -ENOENT && job->offline) {
		check_add(ctx, ST_SKIP, job->name,
			  _("%s is not connected (an offline job): connect it and run kyuka audit or kyuka backup list to check the newest backup"),
			  job->repository);
		return;
	}
	if (ret == -ENOENT) {
		check_add(ctx, ST_FAIL, job->name, _("the backup location is missing: %s"), e.msg);
		return;
	}
	if (ret < 0) {
		check_add(ctx, ST_ERROR, job->name, _("cannot list the backups: %s"), e.msg);
		return;
	}
	if (!inv.have_newest) {
		check_add(ctx, ST_FAIL, job->name, _("no backup in %s"), inv.location);
		goto out;
	}
	fmt_time(inv.newest, when, sizeof(when));
	a = (long long)ctx->now - (long long)inv.newest;
	fmt_age(a, age, sizeof(age));
	/* a snapshot a drill verified that is gone, while nothing newer is there: backups were deleted */
	if (seen && seen->snapshot_id[0] && (job->kind == BACKUP_RESTIC || job->kind == BACKUP_BORG) &&
	    seen->snapshot_time > inv.newest && !inventory_has(&inv, seen->snapshot_id)) {
		char sw[48], b1[16], b2[16];

		fmt_time(seen->snapshot_time, sw, sizeof(sw));
		check_add(ctx, ST_FAIL, job->name,
			  _("snapshot %s of %s, restored by the drill of this job, is gone; the newest left is %s of %s: backups were deleted"),
			  backup_id_short(seen->snapshot_id, b1), sw, backup_id_short(inv.newest_id, b2), when);
		check_set_remedy(ctx, "%s", _("Find out who deleted the snapshots (repository access logs, the host's shell history); take a new backup now and keep a copy that this host cannot delete."));
		goto out;
	}
	if (a > (long long)max_h * 3600)
		check_add(ctx, ST_FAIL, job->name, _("the newest backup (%s) is from %s, %s ago: more than %u h"),
			  backup_id_short(inv.newest_id, idb), when, age, max_h);
	else
		check_add(ctx, ST_PASS, job->name, _("newest backup %s from %s (%s ago, at most %u h); %zu in all"),
			  backup_id_short(inv.newest_id, idb), when, age, max_h, inv.n_snapshots);
	/* restic knows what the snapshot holds: every configured path should be in it */
	if (job->kind == BACKUP_RESTIC)
		for (k = 0; k < job->n_paths; k++) {
			bool in = false;

			for (m = 0; m < inv.n_newest_paths && !in; m++)
				in = backup_path_covers(inv.newest_paths[m], job->paths[k]);
			if (!in)
				check_add_sev(ctx, ST_WARN, SEV_MEDIUM, job->name,
					      _("the newest snapshot does not hold %s (listed in the job's paths)"), job->paths[k]);
		}
out:
	backup_inventory_free(&inv);
}

static int bak_freshness(struct check_ctx *ctx, struct err *err)
{
	size_t nj, i;
	const struct config_backup_job *jb = jobs(ctx, &nj);

	(void)err;
	if (no_jobs(ctx))
		return 0;
	for (i = 0; i < nj; i++)
		freshness_one(ctx, &jb[i], i);
	return 0;
}

/* ------------------------------------------------------------ BK-3 */

static char *drill_text(const struct drill_record *d)
{
	char tb[32], th[32], est[48], when[48], idb[16];

	fmt_time(d->started_at, when, sizeof(when));
	fmt_bytes(d->total_bytes, tb, sizeof(tb));
	fmt_bytes((uint64_t)d->throughput, th, sizeof(th));
	fmt_duration(d->est_full_restore_s, est, sizeof(est));
	return xasprintf(_("drill of %s: snapshot %s; %ju file(s) restored, %ju identical, %ju changed since, %ju different, %ju not restored; %s/s, estimated full restore of %s: %s"),
			 when, backup_id_short(d->snapshot_id, idb), (uintmax_t)d->files_sampled, (uintmax_t)d->files_same,
			 (uintmax_t)d->files_changed, (uintmax_t)d->files_different, (uintmax_t)d->files_bad, th, tb, est);
}

static int bak_drill(struct check_ctx *ctx, struct err *err)
{
	uint32_t max_d = ctx->backup->verify_max_age_days;
	size_t nj, i;
	const struct config_backup_job *jb = jobs(ctx, &nj);

	(void)err;
	if (no_jobs(ctx))
		return 0;
	if (ctx->drills && ctx->drills->error) {
		check_add(ctx, ST_ERROR, "", _("cannot read the recorded drills: %s"), ctx->drills->error);
		return 0;
	}
	for (i = 0; i < nj; i++) {
		const struct drill_record *last = drill_of(ctx, i, false), *ok = drill_of(ctx, i, true);
		char *txt;

		if (!last) {
			check_add(ctx, ST_FAIL, jb[i].name, "%s", _("no restore drill recorded"));
			check_set_remedy(ctx, _("Run kyuka backup verify %s as root: it restores a sample into a private directory and compares it with the live files."),
					 jb[i].name);
			continue;
		}
		if (!last->ok) {
			char okw[48] = "";

			txt = drill_text(last);
			if (ok)
				fmt_time(ok->started_at, okw, sizeof(okw));
			if (!last->integrity_ok)
				check_add(ctx, ST_FAIL, jb[i].name,
					  _("the last restore drill failed its integrity check: %s; %s; last successful drill: %s"),
					  last->integrity, txt, ok ? okw : _("never"));
			else if (last->error[0])
				check_add(ctx, ST_FAIL, jb[i].name, _("the last restore drill failed: %s; %s; last successful drill: %s"),
					  last->error, txt, ok ? okw : _("never"));
			else
				check_add(ctx, ST_FAIL, jb[i].name,
					  _("the last restore drill found differences: %s; last successful drill: %s"), txt,
					  ok ? okw : _("never"));
			free(txt);
			check_set_remedy(ctx, _("Look at kyuka backup verify %s: repair the repository (restic check / borg check --repair with care) or take a new full backup, investigate files that differ, then run the drill again."),
					 jb[i].name);
			continue;
		}
		txt = drill_text(ok);
		if ((long long)ctx->now - (long long)ok->started_at > (long long)max_d * 86400) {
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, jb[i].name, _("the last successful %s is more than %u days old"),
				      txt, max_d);
			check_set_remedy(ctx, _("Run kyuka backup verify %s again before the holiday."), jb[i].name);
		} else {
			check_add(ctx, ST_PASS, jb[i].name, _("last successful %s"), txt);
		}
		free(txt);
	}
	return 0;
}

/* ------------------------------------------------------------ BK-4 */

static void isolation_one(struct check_ctx *ctx, const struct config_backup_job *job)
{
	struct backup_isolation iso;
	struct err e = { 0 };
	struct strbuf why = STRBUF_INIT;
	enum status bad = job->offline ? ST_FAIL : ST_WARN;

	if (backup_isolation(ctx->root, job, &iso, &e) < 0) {
		check_add(ctx, ST_ERROR, job->name, _("cannot tell how the backup location is protected: %s"), e.msg);
		return;
	}
	if (iso.remote) {
		check_add_sev(ctx, bad, job->offline ? SEV_HIGH : SEV_MEDIUM, job->name,
			      _("remote repository %s is reachable from this host with credentials kept here; whether its server accepts only appends cannot be verified from here"),
			      job->repository);
		check_set_remedy(ctx, "%s", _("Make the server refuse deletions from this host (rest-server --append-only, borg serve --append-only in authorized_keys, object lock), and say so in an allow entry with the reason."));
		return;
	}
	if (iso.absent && !root_is_host(ctx->root)) {
		/* a root copied or mounted elsewhere never holds the backup disk: its absence shows nothing */
		check_add(ctx, ST_SKIP, job->name,
			  _("%s is not in the root: whether it is cut off from the host can only be seen there (run kyuka on the live host)"),
			  job->repository);
		return;
	}
	if (iso.absent) {
		check_add(ctx, ST_PASS, job->name, _("%s is not connected to this host now"), job->repository);
		return;
	}
	if (iso.read_only_mount) {
		check_add(ctx, ST_PASS, job->name, _("mounted read-only at %s (%s)"), iso.mount_target, iso.mount_fstype);
		return;
	}
	if (iso.immutable || iso.append_only_attr) {
		check_add(ctx, ST_PASS, job->name, _("%s has the %s attribute"), job->repository,
			  iso.immutable ? _("immutable") : _("append-only"));
		return;
	}
	if (iso.repo_append_only) {
		check_add(ctx, ST_PASS, job->name, "%s", _("the borg repository is in append-only mode"));
		return;
	}
	if (geteuid() != 0) {
		check_add(ctx, ST_SKIP, job->name, "%s", _("whether root on this host can change the backup needs kyuka to run as root"));
		return;
	}
	if (!iso.writable) {
		check_add(ctx, ST_PASS, job->name, _("%s is not writable from this host"), job->repository);
		return;
	}
	strbuf_addf(&why, _("writable from this host (root can change or delete it): %s"), job->repository);
	if (iso.have_mount && strcmp(iso.mount_target, "/") != 0)
		strbuf_addf(&why, _(", mounted read-write at %s (%s from %s)"), iso.mount_target, iso.mount_fstype,
			    iso.mount_source);
	else if (iso.have_mount)
		strbuf_addf(&why, _(", on the root filesystem (%s)"), iso.mount_fstype);
	if (iso.netfs)
		strbuf_addf(&why, _(", a network filesystem"));
	strbuf_addf(&why, _(", owner uid %u mode %04o, no immutable or append-only attribute"), iso.owner_uid, iso.mode);
	if (job->kind == BACKUP_BORG && iso.checked_repo_mode)
		strbuf_addf(&why, "%s", _(", borg append_only is off"));
	if (job->kind == BACKUP_RESTIC)
		strbuf_addf(&why, "%s", _(", a local restic repository has no append-only mode"));
	check_add_sev(ctx, bad, job->offline ? SEV_HIGH : SEV_MEDIUM, job->name, "%s", why.buf);
	strbuf_release(&why);
}

static int bak_isolation(struct check_ctx *ctx, struct err *err)
{
	size_t nj, i;
	const struct config_backup_job *jb = jobs(ctx, &nj);

	(void)err;
	if (no_jobs(ctx))
		return 0;
	for (i = 0; i < nj; i++)
		isolation_one(ctx, &jb[i]);
	return 0;
}

static const struct check checks[] = {
	{ .id = "BAK-0010", .items = "BK-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Important data and configuration are backed up"),
	  .explain = N_("Every important path (backup.important), and every configuration path (/etc, /usr/local/etc, backup.config), must be inside the paths of at least one backup job. Uncovered configuration is FAIL; uncovered data is WARN."),
	  .remedy = N_("Add the path to a backup job's paths (and to the backup tool's own job), or add a job for it."),
	  .run = bak_coverage },
	{ .id = "BAK-0020", .items = "BK-2", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("The newest backup is recent"),
	  .explain = N_("The newest snapshot or archive of each job, as the tool itself lists it (restic snapshots, borg list, the archive's time, the newest file of a copy), must be younger than the job's max_age_hours. A snapshot that a drill restored and that is now gone means backups were deleted."),
	  .remedy = N_("Find out why the job stopped (its timer or cron entry, its log, free space, the password), run it now and watch it finish."),
	  .run = bak_freshness },
	{ .id = "BAK-0030", .items = "BK-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("A restore drill succeeded recently"),
	  .explain = N_("kyuka backup verify checks the repository, restores a sample of files into a private directory and compares them by SHA-256 with the live files that have not changed since. The last drill must have succeeded within backup.verify_max_age_days."),
	  .remedy = N_("Run kyuka backup verify as root and fix what it reports."),
	  .run = bak_drill },
	{ .id = "BAK-0040", .items = "BK-4", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Backups cannot be changed from this host"),
	  .explain = N_("Ransomware on this host encrypts or deletes every backup it can write. A backup location that is mounted and writable from here right now (checked with access(2), the mount table, inode attributes and the repository's append-only mode) is WARN, or FAIL for a job marked offline."),
	  .remedy = N_("Unmount or disconnect the backup target after each run, mount it read-only, set it append-only (borg config REPO append_only 1, chattr +a) or immutable, or back up to a server that refuses deletions."),
	  .run = bak_isolation },
};

CHECK_AREA(backup_area, "backup", checks);
