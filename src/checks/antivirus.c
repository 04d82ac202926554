/* Antivirus (AV-1, AV-2, ST-4): ClamAV's definitions, their updates, clamd, and the malware scan. */
#include "checks/antivirus.h"
#include "checks/util.h"
#include "checks/evidence.h"
#include "collect/clamav.h"
#include "parse/config/av.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The remedy of the last finding: what (translated); after the holiday, first of all before reading mail (ST-4). */
static void av_remedy(struct check_ctx *ctx, const char *what)
{
	if (ctx->phase & PHASE_AFTER)
		check_set_remedy(ctx, "%s %s %s", _("Update the definitions before reading mail (ST-4):"), what,
				 _("Apply the pending OS updates too, then run the audit again."));
	else
		check_set_remedy(ctx, "%s", what);
}

static long age_hours(const struct check_ctx *ctx, time_t t)
{
	return ctx->now > t ? (long)((ctx->now - t) / 3600) : 0;
}

/* ------------------------------------------------------------------ AV-0010 */

/* Also STAFF-0030's (checks/staff.c). */
int av_definitions_run(struct check_ctx *ctx, struct err *err)
{
	struct clamav_facts f;
	const struct clamav_db *daily = NULL;
	uint32_t max = ctx->av->max_age_hours;
	size_t i;
	int ret = collect_clamav(ctx->root, &f, err);

	if (ret < 0)
		return ret;
	if (f.dbdir_status == -ENOENT || (f.dbdir_status == 0 && !f.n_dbs)) {
		check_add(ctx, ST_FAIL, f.dbdir, _("no ClamAV database (main, daily, bytecode .cvd/.cld) in %s%s%s%s"), f.dbdir,
			  f.dbdir_from[0] ? " (" : "", f.dbdir_from, f.dbdir_from[0] ? ")" : "");
		av_remedy(ctx, _("Install ClamAV (apt install clamav clamav-freshclam) and fetch the definitions with freshclam."));
		goto out;
	}
	if (f.dbdir_status < 0) {
		check_add(ctx, ST_SKIP, f.dbdir, _("cannot list the database directory: %s (run kyuka as root)"),
			  strerror(-f.dbdir_status));
		goto out;
	}
	for (i = 0; i < f.n_dbs; i++) {
		const struct clamav_db *db = &f.dbs[i];
		char when[32];

		if (db->status < 0) {
			check_add(ctx, ST_WARN, db->path, _("cannot read the database header: %s"),
				  db->status == -EINVAL ? _("not a ClamAV database header") : strerror(-db->status));
			continue;
		}
		if (!strncmp(db->name, "daily.", 6) && (!daily || db->version > daily->version))
			daily = db;
		if (!strncmp(db->name, "daily.", 6))
			continue;
		time_format_utc(db->built, when, sizeof(when));
		check_add(ctx, ST_PASS, db->path, _("version %u built %s (%s), %u signatures, builder %s"), db->version, when,
			  db->time_text, db->sigs, db->builder);
	}
	if (!daily) {
		check_add(ctx, ST_FAIL, f.dbdir, _("no readable daily database (daily.cvd or daily.cld) in %s: the newest definitions are missing"),
			  f.dbdir);
		av_remedy(ctx, _("Fetch the definitions with freshclam (as root)."));
	} else {
		char when[32];
		long h = age_hours(ctx, daily->built);

		time_format_utc(daily->built, when, sizeof(when));
		if (!daily->built) {
			check_add(ctx, ST_WARN, daily->path, _("version %u: the header has no build time"), daily->version);
		} else if ((uint64_t)h >= max) {
			check_add(ctx, ST_FAIL, daily->path, _("version %u built %s, %ld hours ago (av.max_age_hours: %u)"),
				  daily->version, when, h, max);
			av_remedy(ctx, _("Run freshclam as root and check that the clamav-freshclam service runs."));
		} else {
			check_add(ctx, ST_PASS, daily->path, _("version %u built %s, %ld hours ago (at most %u), %u signatures"),
				  daily->version, when, h, max, daily->sigs);
		}
	}
out:
	clamav_facts_free(&f);
	return 0;
}

/* ------------------------------------------------------------------ AV-0020 */

static int av_freshclam(struct check_ctx *ctx, struct err *err)
{
	struct clamav_facts f;
	const char *checks, *notify;
	size_t line = 0;
	uint32_t max = ctx->av->max_age_hours;
	int ret = collect_clamav(ctx->root, &f, err);

	if (ret < 0)
		return ret;
	if (!f.have_freshclam_conf) {
		check_add(ctx, f.n_dbs ? ST_WARN : ST_FAIL, "/etc/clamav/freshclam.conf", "%s",
			  _("absent: nothing updates the ClamAV definitions"));
		av_remedy(ctx, _("Install clamav-freshclam (apt install clamav-freshclam); it updates the definitions several times a day."));
		goto out;
	}
	if (f.freshclam.example) {
		check_add(ctx, ST_FAIL, "/etc/clamav/freshclam.conf", "%s",
			  _("the file still has the 'Example' line of the template: freshclam refuses to run with it"));
		goto out;
	}
	checks = clamconf_get(&f.freshclam, "Checks", &line);
	if (checks && !strcmp(checks, "0"))
		check_add(ctx, ST_FAIL, "/etc/clamav/freshclam.conf", _("line %zu: Checks 0: the daemon never looks for updates"), line);
	else
		check_add(ctx, ST_PASS, "/etc/clamav/freshclam.conf", _("Checks %s a day%s"), checks ? checks : "12",
			  checks ? "" : _(" (the default)"));
	notify = clamconf_get(&f.freshclam, "NotifyClamd", &line);
	if (f.have_clamd_conf && !notify)
		check_add_sev(ctx, ST_WARN, SEV_LOW, "/etc/clamav/freshclam.conf", "%s",
			      _("clamd is configured but NotifyClamd is not set: clamd keeps the old definitions until it reloads them itself"));
	if (f.freshclam_unit.installed) {
		if (f.freshclam_unit.running_known && !f.freshclam_unit.running)
			check_add(ctx, ST_WARN, "clamav-freshclam.service", "%s", _("installed but not running: the definitions are not updated"));
		else if (f.freshclam_unit.running)
			check_add(ctx, ST_PASS, "clamav-freshclam.service", "%s", _("running (a freshclam process)"));
		else if (f.freshclam_unit.enabled)
			check_add(ctx, ST_PASS, "clamav-freshclam.service", "%s", _("enabled (a .wants link in /etc/systemd/system)"));
		else
			check_add(ctx, ST_WARN, "clamav-freshclam.service", "%s", _("installed but not enabled"));
	}
	if (f.log_status == -ENOENT) {
		check_add(ctx, ST_WARN, f.log_path, "%s", _("no freshclam log: no update can be dated"));
	} else if (f.log_status < 0) {
		check_add(ctx, ST_SKIP, f.log_path, _("cannot read the log: %s (run kyuka as root)"), strerror(-f.log_status));
	} else if (!f.log.n_ok) {
		check_add(ctx, ST_WARN, f.log_path, _("no successful update in the log (%zu errors)"), f.log.n_err);
	} else {
		char when[32];

		if (f.log.last_ok)
			time_format_utc(f.log.last_ok, when, sizeof(when));
		else
			snprintf(when, sizeof(when), "%s", _("(undated)"));
		if (f.log.last_err && f.log.last_err > f.log.last_ok)
			check_add(ctx, ST_WARN, f.log_path, _("line %zu: the newest update failed: %s (last success %s, line %zu)"),
				  f.log.last_err_line, f.log.last_err_text, when, f.log.last_ok_line);
		else if (!f.log.last_ok)
			check_add(ctx, ST_WARN, f.log_path, _("line %zu: %s, but the log has no times (set LogTime yes)"),
				  f.log.last_ok_line, f.log.last_ok_text);
		else if ((uint64_t)age_hours(ctx, f.log.last_ok) >= max)
			check_add(ctx, ST_WARN, f.log_path, _("line %zu: the last successful update was at %s (log time), %ld hours ago"),
				  f.log.last_ok_line, when, age_hours(ctx, f.log.last_ok));
		else
			check_add(ctx, ST_PASS, f.log_path, _("line %zu: %s at %s (log time)"), f.log.last_ok_line, f.log.last_ok_text,
				  when);
	}
out:
	clamav_facts_free(&f);
	return 0;
}

/* ------------------------------------------------------------------ AV-0030 */

static int av_clamd(struct check_ctx *ctx, struct err *err)
{
	struct clamav_facts f;
	int ret = collect_clamav(ctx->root, &f, err);

	if (ret < 0)
		return ret;
	if (!f.have_clamd_conf && !f.clamd_unit.installed) {
		check_add(ctx, ST_SKIP, "", "%s", _("clamd is not configured (no /etc/clamav/clamd.conf, no clamav-daemon unit)"));
	} else if (f.have_clamd_conf && f.clamd.example) {
		check_add(ctx, ST_WARN, "/etc/clamav/clamd.conf", "%s", _("the file still has the 'Example' line of the template: clamd refuses to start"));
	} else if (!f.clamd_unit.running_known) {
		check_add(ctx, ST_SKIP, "clamav-daemon.service", "%s",
			  _("clamd is configured; whether it runs can only be seen on the live host (--root /)"));
	} else if (f.clamd_unit.running) {
		check_add(ctx, ST_PASS, "clamav-daemon.service", "%s", _("clamd is configured and running (a clamd process)"));
	} else {
		check_add(ctx, ST_FAIL, "clamav-daemon.service", "%s", _("clamd is configured but not running"));
	}
	clamav_facts_free(&f);
	return 0;
}

/* ------------------------------------------------------------------ AV-0040 */

static int av_scan_done(struct check_ctx *ctx, struct err *err)
{
	const struct audit_evidence *ev = ctx->evidence;

	(void)err;
	if (ev && ev->have_scan) {
		char when[32];
		time_format_utc(ev->scan.started, when, sizeof(when));
		if (ev->scan.infected)
			check_add(ctx, ST_FAIL, ev->scan.paths,
				  _("kyuka scan at %s found %llu infected of %llu files (ClamAV %s, daily %u): clean them before use"),
				  when, ev->scan.infected, ev->scan.files, ev->scan.engine, ev->scan.daily);
		else if (!ev->scan.complete)
			check_add(ctx, ST_WARN, ev->scan.paths,
				  _("kyuka scan at %s did not finish: %llu files scanned, %llu errors (ClamAV %s, daily %u)"), when,
				  ev->scan.files, ev->scan.errors, ev->scan.engine, ev->scan.daily);
		else
			check_add(ctx, ST_PASS, ev->scan.paths,
				  _("kyuka scan at %s: %llu files scanned, none infected (ClamAV %s, daily %u, %llu signatures)"),
				  when, ev->scan.files, ev->scan.engine, ev->scan.daily, ev->scan.sigs);
		return 0;
	}
	check_add(ctx, ST_MANUAL, "", "%s",
		  _("no malware scan is recorded since the holiday began: scan the devices that were taken out (kyuka scan PATH)"));
	return 0;
}

/* ------------------------------------------------------------------ AV-0050 */

static int av_defender(struct check_ctx *ctx, struct err *err)
{
	struct mdatp_health h;
	uint32_t max = ctx->av->max_age_hours;
	struct err e;
	int ret = collect_mdatp(ctx->root, &h, &e);

	if (ret == -ENOENT) {
		check_add(ctx, ST_SKIP, "", "%s", _("Microsoft Defender for Endpoint is not installed (no /opt/microsoft/mdatp)"));
		return 0;
	}
	if (ret == -EREMOTE) {
		check_add(ctx, ST_SKIP, "mdatp", "%s", _("Defender for Endpoint is installed; its state can only be asked on the live host (mdatp health)"));
		return 0;
	}
	if (ret < 0)
		return fact_failed(ctx, ret, &e, err);
	if (!h.fields) {
		check_add(ctx, ST_WARN, "mdatp", "%s", _("mdatp health printed nothing kyuka understands"));
	} else if (h.healthy == 0) {
		check_add(ctx, ST_FAIL, "mdatp", _("mdatp health: healthy false (definitions %s, app %s)"),
			  h.definitions_status[0] ? h.definitions_status : "?", h.app_version[0] ? h.app_version : "?");
	} else if (h.definitions_status[0] && strcmp(h.definitions_status, "up_to_date")) {
		check_add(ctx, ST_FAIL, "mdatp", _("mdatp health: definitions_status %s (version %s)"), h.definitions_status,
			  h.definitions_version[0] ? h.definitions_version : "?");
		av_remedy(ctx, _("Update Defender's definitions: mdatp definitions update."));
	} else if (h.definitions_minutes_ago >= 0 && (uint64_t)h.definitions_minutes_ago >= (uint64_t)max * 60) {
		check_add(ctx, ST_FAIL, "mdatp", _("mdatp health: definitions updated %lld minutes ago (av.max_age_hours: %u)"),
			  (long long)h.definitions_minutes_ago, max);
		av_remedy(ctx, _("Update Defender's definitions: mdatp definitions update."));
	} else if (h.healthy == 1 && !strcmp(h.definitions_status, "up_to_date")) {
		check_add(ctx, ST_PASS, "mdatp", _("mdatp health: healthy, definitions up_to_date (version %s, %lld minutes ago), real_time_protection_enabled %s"),
			  h.definitions_version[0] ? h.definitions_version : "?", (long long)h.definitions_minutes_ago,
			  h.real_time_protection == 1 ? "true" : h.real_time_protection == 0 ? "false" : "?");
	} else {
		check_add(ctx, ST_WARN, "mdatp", "%s", _("mdatp health does not say whether the definitions are up to date"));
	}
	return 0;
}

static const struct check checks[] = {
	{ .id = "AV-0010", .items = "AV-1,ST-4", .phase = PHASE_BEFORE | PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Antivirus definitions are current"),
	  .explain = N_("kyuka reads the headers of ClamAV's databases (main, daily, bytecode .cvd/.cld in the DatabaseDirectory of freshclam.conf, default /var/lib/clamav) with libclamav and compares the daily database's build time with av.max_age_hours (default 24). A machine that was off over the holiday has old definitions; no database at all is a failure too."),
	  .remedy = N_("Update the definitions with freshclam (as root) and keep the clamav-freshclam service running."),
	  .run = av_definitions_run },
	{ .id = "AV-0020", .items = "AV-1", .phase = PHASE_BEFORE | PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("freshclam updates the definitions"),
	  .explain = N_("freshclam.conf must be usable (no Example line, Checks not 0, NotifyClamd when clamd runs), its service running, and its log must show a recent successful update."),
	  .remedy = N_("Fix /etc/clamav/freshclam.conf, enable the service (systemctl enable --now clamav-freshclam) and look at its log for errors."),
	  .run = av_freshclam },
	{ .id = "AV-0030", .items = "AV-1", .phase = PHASE_BEFORE | PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("clamd runs when it is configured"),
	  .explain = N_("When clamd is configured (clamd.conf, the clamav-daemon unit), the services that rely on it (mail filters, on-access scanning) do not scan while it is stopped."),
	  .remedy = N_("Start it (systemctl enable --now clamav-daemon) and look at its log if it stops."),
	  .run = av_clamd },
	{ .id = "AV-0040", .items = "AV-2", .phase = PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Devices taken out were scanned for malware"),
	  .explain = N_("The advisory asks to check the PCs taken home for malware before they rejoin the network. kyuka scan records each scan (files, detections, engine and database versions); the newest one since the holiday began is shown here."),
	  .remedy = N_("Scan the device or its disk mounted read-only: kyuka scan --root /mnt/laptop /home (with fresh definitions)."),
	  .run = av_scan_done },
	{ .id = "AV-0050", .items = "AV-1", .phase = PHASE_BEFORE | PHASE_AFTER, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Microsoft Defender for Endpoint is healthy and current"),
	  .explain = N_("Where Defender for Endpoint runs on Linux, kyuka asks it (mdatp health on the live host) whether it is healthy and its definitions are up to date and younger than av.max_age_hours."),
	  .remedy = N_("Update the definitions (mdatp definitions update) and look at mdatp health for what is wrong."),
	  .run = av_defender },
};

CHECK_AREA(antivirus_area, "antivirus", checks);
