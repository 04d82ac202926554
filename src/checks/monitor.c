/*
 * Monitoring during the holiday (IR-1, VU-2): logs kept on disk, forwarded
 * off the host, audited, time-synchronised, retained long enough to still
 * hold the holiday's first day when the admins are back (plus
 * monitoring.margin_days), room on the disk for them, an alert channel
 * tested end to end, and a scheduled watch job.
 */
#include "checks/evidence.h"
#include "checks/util.h"
#include "collect/monitor.h"
#include "engines/alert.h"
#include "parse/config/alert.h"
#include "parse/config/monitoring.h"
#include "parse/config/plan.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400.0

/* "enabled", "enabled, running", "not enabled", ... for evidence */
static const char *unit_word(const struct unit_state *u)
{
	if (u->masked)
		return _("masked");
	if (u->running_known)
		return u->running ? (u->enabled ? _("enabled, running") : _("running, not enabled"))
				  : (u->enabled ? _("enabled, not running") : _("not enabled, not running"));
	return u->enabled ? _("enabled") : _("not enabled");
}

/* Where a unit's state was read, for the evidence of an active unit. */
static const char *unit_source(const struct unit_state *u)
{
	if (!u->running_known)
		return _("its .wants link in /etc/systemd/system");
	return u->enabled ? _("its .wants link in /etc/systemd/system and its process in /proc")
			  : _("its process in /proc");
}

/* A unit does its job: running on the live host, enabled on a foreign root. */
static bool unit_active(const struct unit_state *u)
{
	if (u->masked)
		return false;
	return u->running_known ? u->running : u->enabled;
}

static int mon_journal(struct check_ctx *ctx, struct err *err)
{
	struct journald_facts j;
	struct forward_facts f;
	int r = collect_journald(ctx->root, &j, err);

	if (r < 0)
		return r;
	if (!strcmp(j.storage, "persistent") || (!strcmp(j.storage, "auto") && j.persistent_dir))
		check_add(ctx, ST_PASS, "journald", _("Storage=%s%s%s; %zu journal file(s) under /var/log/journal"),
			  j.storage, j.storage_where[0] ? _(" at ") : _(" (default)"), j.storage_where, j.n_files);
	else if (!strcmp(j.storage, "auto"))
		check_add(ctx, ST_FAIL, "journald", "%s",
			  _("Storage=auto and /var/log/journal does not exist: the journal lives in /run and is lost at every reboot"));
	else
		check_add(ctx, ST_FAIL, "journald", _("Storage=%s at %s: the journal is not kept on disk"), j.storage,
			  j.storage_where[0] ? j.storage_where : "?");
	if (j.unit.running_known && !j.unit.running)
		check_add(ctx, ST_FAIL, "systemd-journald", "%s", _("systemd-journald is not running"));
	else if (!j.unit.installed)
		check_add_sev(ctx, ST_WARN, SEV_LOW, "systemd-journald", "%s",
			      _("no systemd-journald on this system: logging depends on a syslog daemon alone"));
	if (j.bad_lines)
		check_add_sev(ctx, ST_WARN, SEV_LOW, "journald.conf", _("%zu line(s) of journald.conf could not be read"),
			      j.bad_lines);
	r = collect_forwarding(ctx->root, &f, err);
	if (r < 0)
		return r;
	if (f.rsyslog.installed || f.rsyslog_conf) {
		if (!unit_active(&f.rsyslog))
			check_add(ctx, ST_FAIL, "rsyslog", _("installed but %s"), unit_word(&f.rsyslog));
		else
			check_add(ctx, ST_PASS, "rsyslog", "%s (%s)", unit_word(&f.rsyslog), unit_source(&f.rsyslog));
	}
	if (f.syslogng.installed || f.syslogng_conf) {
		if (!unit_active(&f.syslogng))
			check_add(ctx, ST_FAIL, "syslog-ng", _("installed but %s"), unit_word(&f.syslogng));
		else
			check_add(ctx, ST_PASS, "syslog-ng", "%s (%s)", unit_word(&f.syslogng), unit_source(&f.syslogng));
	}
	forward_facts_free(&f);
	return 0;
}

static int mon_forwarding(struct check_ctx *ctx, struct err *err)
{
	struct forward_facts f;
	size_t i, good = 0;
	int r = collect_forwarding(ctx->root, &f, err);

	if (r < 0)
		return r;
	for (i = 0; i < f.n_fwd; i++) {
		bool ng = strstr(f.fwd_file[i], "syslog-ng") != NULL;
		const struct unit_state *u = ng ? &f.syslogng : &f.rsyslog;

		if (unit_active(u)) {
			check_add(ctx, ST_PASS, f.fwd[i].target, _("%s (%s) from %s:%zu"), f.fwd[i].target, f.fwd[i].proto,
				  f.fwd_file[i], f.fwd[i].line);
			good++;
		} else {
			check_add(ctx, ST_FAIL, f.fwd[i].target, _("forwarding set in %s:%zu, but %s is %s"), f.fwd_file[i],
				  f.fwd[i].line, ng ? "syslog-ng" : "rsyslog", unit_word(u));
		}
	}
	if (f.upload_url) {
		if (unit_active(&f.upload)) {
			check_add(ctx, ST_PASS, f.upload_url, "%s", _("systemd-journal-upload sends the journal here"));
			good++;
		} else {
			check_add(ctx, ST_FAIL, f.upload_url, _("journal-upload.conf names this URL, but systemd-journal-upload is %s"),
				  unit_word(&f.upload));
		}
	}
	if (!f.n_fwd && !f.upload_url)
		check_add(ctx, ST_FAIL, "", "%s",
			  _("no remote log forwarding (rsyslog @@host / omfwd, syslog-ng network destination, systemd-journal-upload): an intruder can erase the only copy"));
	(void)good;
	if (f.bad_lines)
		check_add_sev(ctx, ST_WARN, SEV_LOW, "syslog", _("%zu line(s) of the syslog configuration could not be read"),
			      f.bad_lines);
	forward_facts_free(&f);
	return 0;
}

static int mon_auditd(struct check_ctx *ctx, struct err *err)
{
	struct audit_facts a;
	int r = collect_auditd(ctx->root, &a, err);

	if (r < 0)
		return r;
	if (!a.unit.installed)
		check_add(ctx, ST_FAIL, "auditd", "%s", _("auditd is not installed (apt install auditd)"));
	else if (!unit_active(&a.unit))
		check_add(ctx, ST_FAIL, "auditd", _("auditd is %s"), unit_word(&a.unit));
	else if (!a.rules)
		check_add(ctx, ST_FAIL, "auditd", "%s",
			  _("auditd runs without rules: no -w or -a lines in /etc/audit/rules.d or /etc/audit/audit.rules"));
	else
		check_add(ctx, ST_PASS, "auditd", _("%s (%s); %zu rule(s) in %zu file(s) under /etc/audit%s"), unit_word(&a.unit),
			  unit_source(&a.unit), a.rules, a.files, a.immutable ? _(", locked (-e 2)") : "");
	return 0;
}

static int mon_timesync(struct check_ctx *ctx, struct err *err)
{
	static const struct {
		const char *unit, *proc, *bin;
	} daemons[] = {
		{ "systemd-timesyncd.service", "systemd-timesyn", "/lib/systemd/systemd-timesyncd" },
		{ "chrony.service", "chronyd", "/usr/sbin/chronyd" },
		{ "ntpsec.service", "ntpd", "/usr/sbin/ntpd" },
		{ "ntp.service", "ntpd", NULL },
		{ "openntpd.service", "ntpd", "/usr/sbin/ntpd" },
	};
	struct strbuf seen = STRBUF_INIT;
	size_t i;
	bool any = false;

	(void)err;
	for (i = 0; i < sizeof(daemons) / sizeof(daemons[0]); i++) {
		struct unit_state u;

		collect_unit(ctx->root, daemons[i].unit, daemons[i].proc, daemons[i].bin, &u);
		if (unit_active(&u)) {
			check_add(ctx, ST_PASS, daemons[i].unit, "%s (%s)", unit_word(&u), unit_source(&u));
			any = true;
		} else if (u.installed) {
			strbuf_addf(&seen, "%s%s %s", seen.len ? "; " : "", daemons[i].unit, unit_word(&u));
		}
	}
	if (!any && seen.len)
		check_add(ctx, ST_FAIL, "", _("no time synchronisation is active (%s): log times cannot be trusted or correlated"),
			  seen.buf);
	else if (!any)
		check_add(ctx, ST_FAIL, "", "%s", _("no time synchronisation is active: log times cannot be trusted or correlated"));
	strbuf_release(&seen);
	return 0;
}

/* Days of history a log must hold: the holiday, counted to the day the admins are back, plus the margin. */
static bool need_days(struct check_ctx *ctx, long *need, long *len)
{
	if (!ctx->has_holiday) {
		check_add(ctx, ST_SKIP, "", "%s", _("no holiday window (see PLAN-0010): the retention needed is unknown"));
		return false;
	}
	*len = ctx->holiday_end_days - ctx->holiday_start_days + 1;
	*need = *len + (long)ctx->monitoring->margin_days;
	return true;
}

static void horizon_text(char *buf, size_t size, double days)
{
	if (days >= 1e6)
		snprintf(buf, size, "%s", _("no limit"));
	else
		snprintf(buf, size, _("%.1f days"), days);
}

static int mon_retention(struct check_ctx *ctx, struct err *err)
{
	struct logrotate_facts lf;
	struct journald_facts j;
	long need, len;
	size_t i;
	char have[64];
	int r;

	if (!need_days(ctx, &need, &len))
		return 0;
	if ((r = collect_journald(ctx->root, &j, err)) < 0)
		return r;
	/* journald: MaxRetentionSec, and the size cap at the current write rate */
	if (!strcmp(j.storage, "persistent") || (!strcmp(j.storage, "auto") && j.persistent_dir)) {
		double days = 1e9, rate = 0, span;
		uint64_t cap = j.system_max_use;
		struct strbuf why = STRBUF_INIT;

		if (j.max_retention) {
			days = (double)j.max_retention / DAY;
			strbuf_addf(&why, _("MaxRetentionSec %.1f days (%s)"), days, j.retention_where);
		}
		if (!cap && root_is_host(ctx->root)) {
			struct logdisk_facts d;
			struct err ign;

			if (collect_logdisk(ctx->root, &d, &ign) == 0) {
				cap = d.size / 10;
				if (cap > (uint64_t)4 << 30)
					cap = (uint64_t)4 << 30;
			}
		}
		span = j.oldest && ctx->now > j.oldest ? (double)(ctx->now - j.oldest) / DAY : 0;
		if (span < 1)
			span = 1;
		if (j.bytes)
			rate = (double)j.bytes / span;
		if (cap && rate > 0) {
			double by_size = (double)cap / rate;

			strbuf_addf(&why, _("%sSystemMaxUse %.0f MiB (%s) at %.1f MiB/day = %.1f days"), why.len ? "; " : "",
				    (double)cap / 1048576.0, j.system_max_use ? j.max_use_where : _("default"),
				    rate / 1048576.0, by_size);
			if (by_size < days)
				days = by_size;
		}
		horizon_text(have, sizeof(have), days);
		if (days >= 1e6 && !j.max_retention && !(cap && rate > 0))
			check_add_sev(ctx, ST_WARN, SEV_LOW, "journald",
				      _("horizon unknown: no MaxRetentionSec, and the size cap or the write rate is not known; needs %ld days"),
				      need);
		else if (days + 1e-9 < (double)need)
			check_add(ctx, ST_FAIL, "journald", _("keeps %s, needs %ld (holiday %ld days + margin %u): %s"), have, need,
				  len, ctx->monitoring->margin_days, why.buf);
		else
			check_add(ctx, ST_PASS, "journald", _("keeps %s, needs %ld: %s"), have, need,
				  why.buf[0] ? why.buf : _("no limit set in journald.conf"));
		strbuf_release(&why);
	}
	if ((r = collect_logrotate(ctx->root, &lf, err)) < 0)
		return r;
	if (!lf.found)
		check_add_sev(ctx, ST_WARN, SEV_LOW, "/etc/logrotate.conf", "%s", _("no logrotate configuration"));
	for (i = 0; i < lf.n; i++) {
		const struct rotated_log *l = &lf.v[i];
		bool approx;
		const char *why = NULL;
		int64_t h = lr_horizon_hours(&l->o, &approx, &why);
		double days = h == INT64_MAX ? 1e9 : (double)h / 24.0;

		horizon_text(have, sizeof(have), days);
		if (h < 0)
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, l->paths, _("%s:%zu: %s; needs %ld days"), l->file, l->line, _(why),
				      need);
		else if (days < (double)need)
			check_add(ctx, ST_FAIL, l->paths, _("%s:%zu: keeps %s (rotate %lld%s), needs %ld (holiday %ld days + margin %u)"),
				  l->file, l->line, have, (long long)l->o.rotate, l->o.maxage >= 0 ? _(", maxage") : "", need, len,
				  ctx->monitoring->margin_days);
		else if (approx)
			check_add_sev(ctx, ST_WARN, SEV_LOW, l->paths,
				      _("%s:%zu: keeps %s, needs %ld, but maxsize may rotate it sooner"), l->file, l->line, have,
				      need);
		else
			check_add(ctx, ST_PASS, l->paths, _("%s:%zu: keeps %s, needs %ld"), l->file, l->line, have, need);
	}
	if (lf.bad_lines)
		check_add_sev(ctx, ST_WARN, SEV_LOW, "logrotate", _("%zu line(s) could not be read, first %s"), lf.bad_lines,
			      lf.first_bad);
	logrotate_facts_free(&lf);
	return 0;
}

static int mon_disk(struct check_ctx *ctx, struct err *err)
{
	struct logdisk_facts d;
	struct journald_facts j;
	struct forward_facts f;
	struct err e;
	long need, len;
	double span, rate, needed;
	bool logging;
	int r;

	if (!need_days(ctx, &need, &len))
		return 0;
	r = collect_logdisk(ctx->root, &d, &e);
	if (r == -EOPNOTSUPP) {
		check_add(ctx, ST_SKIP, "/var/log", "%s", e.msg);
		return 0;
	}
	if (r < 0) {
		*err = e;
		return r;
	}
	if ((r = collect_journald(ctx->root, &j, err)) < 0)
		return r;
	if ((r = collect_forwarding(ctx->root, &f, err)) < 0)
		return r;
	logging = unit_active(&j.unit) || unit_active(&f.rsyslog) || unit_active(&f.syslogng);
	forward_facts_free(&f);
	span = d.oldest && ctx->now > d.oldest ? (double)(ctx->now - d.oldest) / DAY : 1;
	rate = (double)d.bytes / (span < 1 ? 1 : span);
	span = j.oldest && ctx->now > j.oldest ? (double)(ctx->now - j.oldest) / DAY : 1;
	rate += (double)j.bytes / (span < 1 ? 1 : span);
	needed = rate * (double)need;
	/* The need is measured from what the running loggers wrote: with none, or nothing written, there is no measure. */
	if (!logging || rate <= 0) {
		if (!logging)
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "/var/log",
				      _("%.0f MiB free, but no log daemon is running (see MON-0010): nothing is logging, so the room the holiday needs cannot be measured"),
				      (double)d.avail / 1048576.0);
		else
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "/var/log",
				      _("%.0f MiB free, but nothing has been written under /var/log or to the journal yet: the room the holiday needs cannot be measured"),
				      (double)d.avail / 1048576.0);
		check_set_remedy(ctx, "%s",
				 _("Get the logs written (MON-0010), let them run for a day or more, then run the audit again."));
		return 0;
	}
	if ((double)d.avail < needed)
		check_add(ctx, ST_FAIL, "/var/log", _("%.0f MiB free, %ld days at %.1f MiB/day need %.0f MiB"),
			  (double)d.avail / 1048576.0, need, rate / 1048576.0, needed / 1048576.0);
	else if ((double)d.avail < 2 * needed)
		check_add_sev(ctx, ST_WARN, SEV_MEDIUM, "/var/log",
			      _("%.0f MiB free, %ld days at %.1f MiB/day need %.0f MiB: less than twice that"),
			      (double)d.avail / 1048576.0, need, rate / 1048576.0, needed / 1048576.0);
	else
		check_add(ctx, ST_PASS, "/var/log", _("%.0f MiB free; %ld days at %.1f MiB/day need %.0f MiB"),
			  (double)d.avail / 1048576.0, need, rate / 1048576.0, needed / 1048576.0);
	return 0;
}

static int mon_alert(struct check_ctx *ctx, struct err *err)
{
	const struct audit_evidence *ev = ctx->evidence;
	const struct config_alert *a = ctx->alert;
	long ref = ctx->has_holiday ? ctx->holiday_start_days : ctx_today(ctx);
	struct err e;
	char when[16], *target;

	(void)err;
	if (alert_validate(a, &e) < 0) {
		check_add(ctx, ST_FAIL, "alert", "%s", e.msg);
		return 0;
	}
	target = alert_target(a);
	if (!ev || !ev->readable) {
		check_add(ctx, ST_FAIL, target, _("no record of a test can be read (%s)"),
			  ev && ev->why_unreadable ? ev->why_unreadable : _("not loaded"));
	} else if (!ev->have_alert) {
		check_add(ctx, ST_FAIL, target, "%s", _("never tested: run kyuka alert test"));
	} else {
		fmt_date(ev->alert.at, when, sizeof(when));
		if (!ev->alert.ok)
			check_add(ctx, ST_FAIL, target, _("the last test on %s failed: %s"), when,
				  ev->alert.detail ? ev->alert.detail : "?");
		else if (ref - (long)(ev->alert.at / 86400) > (long)ctx->plan->verify_days)
			check_add(ctx, ST_FAIL, target, _("last tested on %s, too long before the holiday: test again"), when);
		else
			check_add(ctx, ST_PASS, target, _("tested on %s (kyuka alert test, as recorded in the database): %s"), when,
				  ev->alert.detail ? ev->alert.detail : "ok");
	}
	free(target);
	return 0;
}

static int mon_watch(struct check_ctx *ctx, struct err *err)
{
	struct watch_facts w;
	size_t i, on = 0;
	int r = collect_watch_jobs(ctx->root, &w, err);

	if (r < 0)
		return r;
	for (i = 0; i < w.n; i++) {
		if (w.v[i].enabled) {
			check_add(ctx, ST_PASS, w.v[i].where, "%s", w.v[i].what);
			on++;
		} else {
			check_add(ctx, ST_WARN, w.v[i].where, _("%s; but it is not enabled (timer not linked, or cron not enabled)"),
				  w.v[i].what);
		}
	}
	if (!w.n)
		check_add(ctx, ST_WARN, "", "%s",
			  _("no cron entry or systemd timer runs kyuka: nothing will look for new vulnerabilities or problems during the holiday"));
	(void)on;
	watch_facts_free(&w);
	return 0;
}

static const struct check checks[] = {
	{ .id = "MON-0010", .items = "IR-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("The system logs are kept on disk and the log daemons run"),
	  .explain = N_("Without a persistent journal (Storage=persistent, or /var/log/journal) everything logged during the holiday is gone at the next reboot; an installed syslog daemon that does not run records nothing."),
	  .remedy = N_("mkdir -p /var/log/journal (or Storage=persistent in journald.conf) and restart systemd-journald; enable and start rsyslog or syslog-ng if installed (systemctl enable --now rsyslog)."),
	  .run = mon_journal },
	{ .id = "MON-0020", .items = "IR-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("Logs are forwarded off the host"),
	  .explain = N_("An intruder with root can erase local logs; a copy on another host (rsyslog or syslog-ng forwarding, systemd-journal-upload) keeps the evidence and lets someone watch from one place."),
	  .remedy = N_("Forward to a log server: in rsyslog '*.* @@logserver:514' or action(type=\"omfwd\" ...), a syslog-ng network() destination used in a log path, or systemd-journal-upload with URL= set."),
	  .run = mon_forwarding },
	{ .id = "MON-0030", .items = "IR-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("auditd runs with rules"),
	  .explain = N_("The audit log records who changed what (accounts, sudoers, SSH keys, executed programs); without rules auditd records almost nothing."),
	  .remedy = N_("apt install auditd; put rules (-w /etc/passwd -p wa -k identity, ...) in /etc/audit/rules.d/ and run augenrules --load."),
	  .run = mon_auditd },
	{ .id = "MON-0040", .items = "IR-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("Time is synchronised"),
	  .explain = N_("Logs from different hosts can only be put side by side when the clocks agree; an unsynchronised clock drifts during a long holiday."),
	  .remedy = N_("Enable systemd-timesyncd (timedatectl set-ntp true) or install chrony."),
	  .run = mon_timesync },
	{ .id = "MON-0050", .items = "IR-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Logs are kept long enough to cover the holiday"),
	  .explain = N_("When the admins are back, every log must still reach back to the holiday's first day, plus monitoring.margin_days (default 7) to investigate; logrotate (rotate x interval, maxage) and journald (MaxRetentionSec, SystemMaxUse at the current write rate) decide how far back they reach."),
	  .remedy = N_("Raise rotate (or lower the interval's effect) in /etc/logrotate.conf or the stanza in /etc/logrotate.d, remove a short maxage; raise SystemMaxUse or MaxRetentionSec in journald.conf."),
	  .run = mon_retention },
	{ .id = "MON-0060", .items = "IR-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("The log file system has room for the holiday"),
	  .explain = N_("A full /var/log stops logging exactly when nobody is watching; at the current write rate the free space must last the holiday and the margin."),
	  .remedy = N_("Free space on the file system of /var/log, or move logs to a larger one, before the holiday."),
	  .run = mon_disk },
	{ .id = "MON-0070", .items = "IR-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("The alert channel was tested end to end"),
	  .explain = N_("Alerts are worthless if they do not arrive; the configured channel (mail, webhook or syslog) must have accepted a test alert recently."),
	  .remedy = N_("Configure alert: in kyuka.yaml and run kyuka alert test; check that the message arrived."),
	  .run = mon_alert },
	{ .id = "MON-0080", .items = "VU-2", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("A watch job runs during the holiday"),
	  .explain = N_("Serious vulnerabilities are published during holidays too; a scheduled job (cron or a systemd timer running kyuka) keeps checking while nobody is at work."),
	  .remedy = N_("Add a systemd timer or a cron entry that runs kyuka daily during the holiday and sends its alerts."),
	  .run = mon_watch },
};

CHECK_AREA(monitoring_area, "monitoring", checks);
