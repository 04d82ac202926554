/*
 * kyuka watch: one run during the holiday. What is new since the baseline
 * (accounts, authorized keys, sudo grants, listening sockets, enabled units,
 * timers, cron entries) is sent through the configured alert channel, each
 * new thing once (recorded in the database); so are the new findings of the
 * log review over the time since the last run, the known-exploited or
 * serious vulnerabilities that appeared since the last feed check, and a
 * backup older than its job's max_age_hours (docs/baseline.md). When no
 * message went out for a day, an "all quiet" heartbeat does, so that
 * silence is noticed.
 * kyuka watch install [--every 1h]: a systemd service and timer (or a cron
 * file) under --root that run it; kyuka watch uninstall removes them.
 */
#include "checks/context.h"
#include "cli/cli.h"
#include "collect/clock.h"
#include "collect/rootwrite.h"
#include "engines/alert.h"
#include "engines/baseline.h"
#include "engines/logreview.h"
#include "model/run.h"
#include "parse/config.h"
#include "store/baseline.h"
#include "store/store.h"
#include "store/watch.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WATCH_HEARTBEAT_EVERY (23 * 3600)	/* a daily timer may fire a little early */
#define WATCH_UNIT "kyuka-watch"
#define SYSTEMD_DIR "/etc/systemd/system"
#define CRON_DIR "/etc/cron.d"
#define WATCH_MARK_RUN "watch\nrun"		/* watch_alerts row: the time of the last run (the log window's start) */
#define WATCH_MARK_VULNS "watch\nvulns"	/* watch_alerts row: the vulnerabilities were matched once (the start) */

struct watch_args {
	struct cli_common common;
	const char *every;
};

static const struct cli_option options[] = {
	CLI_STRING("every", struct watch_args, every),
	{ NULL },
};

static const char usage[] =
	N_("usage: kyuka watch                      one run: alert on what is new since the baseline\n"
	   "       kyuka watch install [--every 1h]  write a systemd timer (or a cron file) that runs it\n"
	   "       kyuka watch uninstall             remove them\n"
	   "  --every N(m|h)   how often (5m to 24h, a divisor of an hour or a day; default 1h)\n");

static int watch_operands(struct cmd_ctx *c)
{
	if (c->argc > 1 ||
	    (c->argc == 1 && strcmp(c->argv[0], "install") != 0 && strcmp(c->argv[0], "uninstall") != 0))
		return cli_error(EXIT_USAGE, "%s", _(usage));
	return EXIT_OK;
}

/* --every: minutes that divide an hour (5..60) or hours that divide a day; calendar and cron schedule. */
static int every_schedule(const char *every, char *cal, size_t cs, char *cron, size_t crs)
{
	size_t l = every ? strlen(every) : 0;
	uint32_t n;

	if (!every) {
		snprintf(cal, cs, "hourly");
		snprintf(cron, crs, "0 * * * *");
		return 0;
	}
	if (l < 2 || parse_u32(every, l - 1, &n) < 0 || n == 0)
		return -1;
	if (every[l - 1] == 'm' && n >= 5 && n <= 60 && 60 % n == 0) {
		if (n == 60) {
			snprintf(cal, cs, "hourly");
			snprintf(cron, crs, "0 * * * *");
		} else {
			snprintf(cal, cs, "*:0/%u", n);
			snprintf(cron, crs, "*/%u * * * *", n);
		}
		return 0;
	}
	if (every[l - 1] == 'h' && n <= 24 && 24 % n == 0) {
		snprintf(cal, cs, n == 24 ? "daily" : n == 1 ? "hourly" : "0/%u:00", n);
		snprintf(cron, crs, n == 24 ? "0 0 * * *" : n == 1 ? "0 * * * *" : "0 */%u * * *", n);
		return 0;
	}
	return -1;
}

static int watch_check(struct cmd_ctx *c)
{
	const struct watch_args *a = c->args;
	char cal[32], cron[32];

	if (a->every && (c->argc == 0 || strcmp(c->argv[0], "install") != 0))
		return cli_error(EXIT_USAGE, "%s", _("--every goes with watch install"));
	if (every_schedule(a->every, cal, sizeof(cal), cron, sizeof(cron)) < 0)
		return cli_error(EXIT_USAGE, _("invalid --every '%s' (use minutes that divide an hour, 5m to 60m, or hours "
					       "that divide a day, 1h to 24h)"),
				 a->every);
	return EXIT_OK;
}

/* ------------------------------------------------------------------ install */

static bool have_systemd(const struct root *r)
{
	struct stat st;

	return root_stat(r, SYSTEMD_DIR, ROOT_MISSING_OK, &st, NULL) == 0 && S_ISDIR(st.st_mode);
}

static char *self_path(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return xstrdup("/usr/bin/kyuka");
	buf[n] = '\0';
	return xstrdup(buf);
}

static void show(const char *dir, const char *name, const char *text)
{
	printf(_("wrote %s/%s:\n"), dir, name);
	if (text) {
		fputs(text, stdout);
		putchar('\n');
	}
}

static int do_install(struct cmd_ctx *c)
{
	const struct watch_args *a = c->args;
	char cal[32], cron[32], *exe = self_path(), *db = cli_db_path(c->g), *cmd;
	const char *config = c->g->config ? c->g->config : "/etc/kyuka/kyuka.yaml";
	struct strbuf svc = STRBUF_INIT, tim = STRBUF_INIT, cr = STRBUF_INIT;
	struct err e = { 0 };
	int ret = EXIT_OK;

	every_schedule(a->every, cal, sizeof(cal), cron, sizeof(cron));
	cmd = xasprintf("%s watch --config %s --db %s", exe, config, db ? db : "/var/lib/kyuka/kyuka.db");
	if (strpbrk(cmd, "\n\"'\\%;|&$`")) {
		ret = cli_error(EXIT_USAGE, "%s", _("the paths of kyuka, the configuration or the database hold characters a unit "
						     "file or crontab cannot carry; give plain paths"));
		goto out;
	}
	if (have_systemd(c->root)) {
		strbuf_addf(&svc, "# written by kyuka watch install; removed by kyuka watch uninstall\n"
				  "[Unit]\nDescription=kyuka watch: alert on what is new since the baseline\n"
				  "Wants=network-online.target\nAfter=network-online.target\n\n"
				  "[Service]\nType=oneshot\nExecStart=%s\n", cmd);
		strbuf_addf(&tim, "# written by kyuka watch install; removed by kyuka watch uninstall\n"
				  "[Unit]\nDescription=Run kyuka watch (%s)\n\n"
				  "[Timer]\nOnCalendar=%s\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n",
			    a->every ? a->every : "1h", cal);
		if (root_write_file(c->root, SYSTEMD_DIR, WATCH_UNIT ".service", svc.buf, svc.len, 0644, &e) < 0 ||
		    root_write_file(c->root, SYSTEMD_DIR, WATCH_UNIT ".timer", tim.buf, tim.len, 0644, &e) < 0 ||
		    root_mkdir(c->root, SYSTEMD_DIR, "timers.target.wants", &e) < 0 ||
		    root_symlink(c->root, SYSTEMD_DIR "/timers.target.wants", WATCH_UNIT ".timer",
				 SYSTEMD_DIR "/" WATCH_UNIT ".timer", &e) < 0) {
			ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
			goto out;
		}
		show(SYSTEMD_DIR, WATCH_UNIT ".service", svc.buf);
		show(SYSTEMD_DIR, WATCH_UNIT ".timer", tim.buf);
		printf(_("linked %s/timers.target.wants/%s.timer -> %s/%s.timer\n"), SYSTEMD_DIR, WATCH_UNIT, SYSTEMD_DIR,
		       WATCH_UNIT);
		if (root_is_host(c->root))
			printf("%s\n", _("now run: systemctl daemon-reload && systemctl start kyuka-watch.timer"));
	} else {
		strbuf_addf(&cr, "# written by kyuka watch install; removed by kyuka watch uninstall\n%s root %s\n", cron, cmd);
		if (root_write_file(c->root, CRON_DIR, WATCH_UNIT, cr.buf, cr.len, 0644, &e) < 0) {
			ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
			goto out;
		}
		show(CRON_DIR, WATCH_UNIT, cr.buf);
	}
out:
	strbuf_release(&svc);
	strbuf_release(&tim);
	strbuf_release(&cr);
	free(cmd);
	free(exe);
	free(db);
	return ret;
}

static int do_uninstall(struct cmd_ctx *c)
{
	static const char *const files[][2] = {
		{ SYSTEMD_DIR "/timers.target.wants", WATCH_UNIT ".timer" },
		{ SYSTEMD_DIR, WATCH_UNIT ".timer" },
		{ SYSTEMD_DIR, WATCH_UNIT ".service" },
		{ CRON_DIR, WATCH_UNIT },
	};
	struct err e = { 0 };
	size_t i, n = 0;
	int r;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		r = root_unlink(c->root, files[i][0], files[i][1], &e);
		if (r == 0) {
			printf(_("removed %s/%s\n"), files[i][0], files[i][1]);
			n++;
		} else if (r != -ENOENT) {
			return cli_error(EXIT_RUNTIME, "%s", e.msg);
		}
	}
	if (!n)
		printf("%s\n", _("nothing to remove: kyuka watch is not installed"));
	return EXIT_OK;
}

/* ------------------------------------------------------------------ one run */

struct run {
	struct cmd_ctx *c;
	struct store *st;
	const char *root;
	const struct baseline_info *base;
	const char *host;
	size_t sent, known, failed, serious;
	size_t primed;		/* vulnerabilities recorded without an alert at the first match */
	struct err send_err, store_err;
};

static bool watched(const struct baseline_delta *d)
{
	static const char *const kinds[] = { "account", "key", "sudo", "listen", "unit", "timer", "cron" };
	size_t i;

	if (d->change == BL_VANISHED || d->explained || d->severity < SEV_MEDIUM)
		return false;
	if (d->change == BL_CHANGED && strcmp(d->kind, "account") != 0)
		return false;	/* a changed account matters (it became UID 0); the others when new */
	if (strcmp(d->kind, "unit") == 0 && strlen(d->key) > 6 && strcmp(d->key + strlen(d->key) - 6, ".timer") == 0)
		return false;	/* an enabled timer is alerted once, as the timer */
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(d->kind, kinds[i]) == 0)
			return true;
	return false;
}

/* Sends one alert; recorded under fp when it went out. 1 sent, 0 failed (tried again next run), < 0 the store's error. */
static int send_one(struct run *w, const char *fp, const char *kind, const char *key, enum severity sev,
		    const char *subject, const char *body)
{
	struct alert_message m = { 0 };
	char *detail = NULL;
	struct err e = { 0 };
	int r = 0;

	m.subject = subject;
	m.body = body;
	m.host = w->host;
	m.time = (long long)clock_now();
	if (alert_send(&w->c->cfg.alert, &m, &detail, &e) == 0) {
		printf("%s ", _("sent:"));
		cli_put_escaped(subject);
		putchar('\n');
		w->sent++;
		r = store_watch_record(w->st, w->root, fp, kind, key, severity_name(sev), (int64_t)clock_now(), &e);
		if (r < 0) {
			w->store_err = e;
			return r;
		}
		r = 1;
	} else {
		if (!w->failed)
			w->send_err = e;
		w->failed++;
	}
	free(detail);
	return r;
}

static int on_new(void *ctx, const struct baseline_delta *d)
{
	struct run *w = ctx;
	char *fp, *subject, *body, when[32];
	struct err e = { 0 };
	int r;

	if (!watched(d))
		return 0;
	if (d->severity >= SEV_HIGH)
		w->serious++;
	fp = xasprintf("%s\n%s\n%s", d->kind, d->key, d->after ? d->after : "");
	r = store_watch_alerted(w->st, w->root, fp, &e);
	if (r != 0) {
		if (r > 0)
			w->known++;
		else
			w->store_err = e;
		free(fp);
		return r < 0 ? r : 0;
	}
	time_format_utc(w->base->taken_at, when, sizeof(when));
	subject = xasprintf(_("kyuka watch on %s: %s, new %s %s"), w->host, severity_name(d->severity), d->kind, d->key);
	body = xasprintf(_("%s %s on %s since the baseline %lld of %s (%s, %s).\n%s%s"
			   "before: %s\nnow: %s\n\nReview it: kyuka diff --root %s\n"),
			 d->kind, d->key, w->host, (long long)w->base->id, when, severity_name(d->severity), d->item,
			 d->why, d->why[0] ? "\n" : "", d->before ? d->before : "-", d->after ? d->after : "-", w->root);
	r = send_one(w, fp, d->kind, d->key, d->severity, subject, body);
	free(subject);
	free(body);
	free(fp);
	return r < 0 ? r : 0;
}

/* ------------------------------------------------------------------ findings */

/*
 * What the watch takes from the checks: the log review's findings (not its
 * coverage, LOG-0010: an hour's window is often silent), the known-exploited
 * or serious vulnerabilities (VULN-0010, high and critical) and the newest
 * backup's age (BAK-0020).
 */
static const char *const watch_checks[] = { "logs", "VULN-0010", "BAK-0020" };

enum fkind { FK_NONE, FK_LOG, FK_VULN, FK_BACKUP };

static enum fkind finding_kind(const struct finding *f)
{
	if (!strcmp(f->check_id, "VULN-0010"))
		return FK_VULN;
	if (!strcmp(f->check_id, "BAK-0020"))
		return FK_BACKUP;
	if (!strncmp(f->check_id, "LOG-", 4) && strcmp(f->check_id, "LOG-0010") != 0)
		return FK_LOG;
	return FK_NONE;
}

/*
 * The fingerprint of one subject of a finding: a log finding with its detail
 * (a login, a source's failures: each one new), a vulnerability by advisory
 * and package, a backup job by its name and verdict (its age changes every run).
 */
static char *finding_fp(const struct finding *f, enum fkind k, const char *name, const char *detail)
{
	if (k == FK_LOG)
		return xasprintf("finding\n%s\n%s\n%s", f->check_id, name, detail);
	if (k == FK_BACKUP)
		return xasprintf("finding\n%s\n%s\n%s", f->check_id, name, status_name(f->status));
	return xasprintf("finding\n%s\n%s", f->check_id, name);
}

static int alert_subject(struct run *w, const struct finding *f, enum fkind k, const char *name, const char *detail,
			 bool prime)
{
	char *fp = finding_fp(f, k, name, detail), *subject, *body;
	struct err e = { 0 };
	const char *what = k == FK_LOG ? _("log finding") : k == FK_VULN ? _("vulnerability") : _("backup");
	int r;

	if (!prime && f->severity >= SEV_HIGH)
		w->serious++;	/* as the baseline's new things: while it stands, the exit status says so */
	r = store_watch_alerted(w->st, w->root, fp, &e);
	if (r != 0) {
		if (r > 0)
			w->known++;
		else
			w->store_err = e;
		free(fp);
		return r < 0 ? r : 0;
	}
	if (prime) {
		/* the first match: what the feeds list now is the start, not news (the audit before reported it) */
		r = store_watch_record(w->st, w->root, fp, f->check_id, name, severity_name(f->severity),
				       (int64_t)clock_now(), &e);
		if (r < 0)
			w->store_err = e;
		else
			w->primed++;
		free(fp);
		return r;
	}
	subject = xasprintf(_("kyuka watch on %s: %s, %s %s %s"), w->host, severity_name(f->severity), what, f->check_id,
			    name[0] ? name : _(f->title));
	body = xasprintf(_("%s %s (%s, %s) on %s: %s\n%s%s%s\n\nWhat to do: %s\nReview it: kyuka audit --only %s --root %s\n"),
			 f->check_id, _(f->title), status_name(f->status), severity_name(f->severity), w->host,
			 name, detail, detail[0] ? "\n" : "", f->evidence ? f->evidence : "",
			 f->remedy ? f->remedy : "-", f->check_id, w->root);
	r = send_one(w, fp, f->check_id, name, f->severity, subject, body);
	free(subject);
	free(body);
	free(fp);
	return r < 0 ? r : 0;
}

/* A backup job that is fresh again: forget its alert, so that it alerts when it goes stale again. */
static int forget_subject(struct run *w, const struct finding *f, const char *name)
{
	static const char *const verdicts[] = { "WARN", "FAIL" };
	struct err e = { 0 };
	size_t i;

	for (i = 0; i < 2; i++) {
		char *fp = xasprintf("finding\n%s\n%s\n%s", f->check_id, name, verdicts[i]);
		int r = store_watch_forget(w->st, w->root, fp, &e);

		free(fp);
		if (r < 0) {
			w->store_err = e;
			return r;
		}
	}
	return 0;
}

static int on_finding(struct run *w, const struct finding *f, bool prime_vulns)
{
	enum fkind k = finding_kind(f);
	size_t i;
	int r = 0;

	if (k == FK_NONE)
		return 0;
	if (f->status == ST_PASS && k == FK_BACKUP) {
		if (f->n_subjects)
			for (i = 0; i < f->n_subjects && !r; i++)
				r = forget_subject(w, f, f->subjects[i].name);
		else if (f->subject && f->subject[0])
			r = forget_subject(w, f, f->subject);
		return r;
	}
	if (f->status != ST_WARN && f->status != ST_FAIL)
		return 0;
	if (k == FK_VULN && f->severity < SEV_HIGH)
		return 0;	/* known-exploited (critical) or fixable (high); unfixed, not exploited: the audit's */
	if (f->n_subjects) {
		for (i = 0; i < f->n_subjects && !r; i++)
			r = alert_subject(w, f, k, f->subjects[i].name,
					  f->subjects[i].detail ? f->subjects[i].detail : "", k == FK_VULN && prime_vulns);
		return r;
	}
	return alert_subject(w, f, k, f->subject ? f->subject : "", "", k == FK_VULN && prime_vulns);
}

/*
 * The log review over [last run, now) (its stored state of the log files
 * compared and recorded, as kyuka logs does), the vulnerabilities against the
 * feeds in the store (after kyuka feeds update when baseline.watch_feeds_update
 * is set) and the backups' age; each new finding alerted once.
 */
static int watch_findings(struct run *w, const char *db_path)
{
	struct cmd_ctx *c = w->c;
	struct logreview_opts lo;
	struct run_opts run = { 0 };
	struct check_store cs = { 0 };
	struct backup_drills drills = { 0 };
	struct report rep;
	struct err e = { 0 };
	int64_t now = (int64_t)clock_now(), last = 0, primed_at = 0;
	bool vulns_ran = false;
	size_t i;
	int r;

	if ((r = store_watch_sent_at(w->st, w->root, WATCH_MARK_RUN, &last, &e)) < 0 ||
	    (r = store_watch_sent_at(w->st, w->root, WATCH_MARK_VULNS, &primed_at, &e)) < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	if (!last || last >= now)
		last = (int64_t)w->base->taken_at < now ? (int64_t)w->base->taken_at : now - 3600;
	if (c->cfg.baseline.watch_feeds_update) {
		printf("%s\n", _("updating the vulnerability feeds (baseline.watch_feeds_update):"));
		if (cli_feeds_update(w->st, &c->cfg, NULL, 0) != EXIT_OK)
			cli_warn("%s", _("a feed could not be updated: the vulnerabilities are matched against the feeds as they are"));
	}
	logreview_opts_defaults(&lo);
	lo.since = last;
	lo.until = now;
	cs.st = w->st;
	run.phase = PHASE_BEFORE | PHASE_AFTER;	/* VULN-0010 and BAK-0020 are the before phase's, the logs the after's */
	run.only = (char **)watch_checks;
	run.n_only = sizeof(watch_checks) / sizeof(watch_checks[0]);
	run.store = &cs;
	run.logs = &lo;
	run.db_path = db_path;
	run.record = true;
	cli_drills_read(&cs, db_path, &c->cfg, &drills);
	run.drills = &drills;
	report_init(&rep);
	rep.root = xstrdup(w->root);
	rep.generated_at = clock_now();
	rep.phase = PHASE_AFTER;
	if (checks_run(c->root, &c->cfg, &run, &rep, &e) < 0) {
		r = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	for (i = 0; i < rep.n_findings; i++)
		if (!strcmp(rep.findings[i].check_id, "VULN-0010") && rep.findings[i].status != ST_SKIP &&
		    rep.findings[i].status != ST_ERROR)
			vulns_ran = true;
	for (i = 0; i < rep.n_findings; i++) {
		const struct finding *f = &rep.findings[i];

		if (f->status == ST_ERROR && finding_kind(f) != FK_NONE) {
			printf(_("not checked now: %s: "), f->check_id);
			cli_put_escaped(f->evidence);
			putchar('\n');
		}
		if ((r = on_finding(w, f, !primed_at)) < 0) {
			r = cli_error(EXIT_RUNTIME, "%s", w->store_err.msg);
			goto out;
		}
	}
	if (vulns_ran && !primed_at &&
	    store_watch_record(w->st, w->root, WATCH_MARK_VULNS, "watch", "vulns", "info", now, &e) < 0) {
		r = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	if (w->primed)
		printf(_("%zu known vulnerabilities recorded as the starting point (the audit before the holiday "
			 "reports them; new ones are alerted from now on)\n"), w->primed);
	r = EXIT_OK;
out:
	report_release(&rep);
	cli_drills_free(&drills);
	return r;
}

static int heartbeat(struct run *w, size_t items)
{
	struct alert_message m = { 0 };
	char *subject, *body, *detail = NULL, when[32];
	struct err e = { 0 };
	int64_t last = 0, now = (int64_t)clock_now();
	int r;

	if ((r = store_watch_last_heartbeat(w->st, w->root, &last, &e)) < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	if (last && now - last < WATCH_HEARTBEAT_EVERY) {
		printf("%s\n", _("all quiet (a message was sent within the last day)"));
		return EXIT_OK;
	}
	time_format_utc(w->base->taken_at, when, sizeof(when));
	subject = xasprintf(_("kyuka watch on %s: all quiet"), w->host);
	body = xasprintf(_("Nothing new on %s since the baseline %lld of %s: %zu items compared (accounts, keys, sudo "
			   "grants, listening sockets, units, timers, cron), and nothing new in the logs since the last run, the "
			   "vulnerabilities or the backups' age; %zu new things were alerted before.\n"
			   "This message comes once a day so that silence is noticed: if it stops, the watch stopped.\n"),
			 w->host, (long long)w->base->id, when, items, w->known);
	m.subject = subject;
	m.body = body;
	m.host = w->host;
	m.time = (long long)now;
	r = alert_send(&w->c->cfg.alert, &m, &detail, &e);
	free(detail);
	free(subject);
	free(body);
	if (r < 0)
		return cli_error(EXIT_RUNTIME, _("the heartbeat could not be sent: %s"), e.msg);
	if (store_watch_set_heartbeat(w->st, w->root, now, &e) < 0)
		return cli_error(EXIT_RUNTIME, "%s", e.msg);
	printf("%s\n", _("all quiet: heartbeat sent"));
	return EXIT_OK;
}

static int do_watch(struct cmd_ctx *c)
{
	struct baseline_opts o = { .label = "now", .at = clock_now(), .no_files = true };
	struct baseline_result res = { 0 };
	struct baseline_info base;
	struct run w = { .c = c };
	struct store *st = NULL;
	struct err e = { 0 };
	char host[256] = "", *path = cli_db_path(c->g);
	size_t i;
	int ret, r;

	if (alert_validate(&c->cfg.alert, &e) < 0) {
		ret = cli_error(EXIT_USAGE, "%s", e.msg);
		goto out;
	}
	if (!path) {
		ret = cli_error(EXIT_RUNTIME, "%s", _("no database path"));
		goto out;
	}
	if (store_open(path, &st, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	if (store_baseline_get(st, 0, "baseline", &base, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", _("no baseline in the database: run kyuka baseline save first"));
		goto out;
	}
	if (gethostname(host, sizeof(host) - 1) < 0)
		snprintf(host, sizeof(host), "?");
	w.st = st;
	w.root = root_dir(c->root);
	w.base = &base;
	w.host = host;
	if (store_baseline_scratch(st, &e) < 0 || baseline_save(c->root, st, &o, &res, &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, _("cannot read the host now: %s"), e.msg);
		goto out;
	}
	r = baseline_diff(st, base.id, res.id, c->root, on_new, &w, &e);
	if (r < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", w.store_err.code ? w.store_err.msg : e.msg);
		goto out;
	}
	if ((ret = watch_findings(&w, path)) != EXIT_OK)
		goto out;
	for (i = 0; i < res.n_notes; i++) {
		printf("%s ", _("not read now:"));
		cli_put_escaped(res.notes[i]);
		putchar('\n');
	}
	if (w.known)
		printf(_("%zu new things alerted before, not sent again\n"), w.known);
	if (w.failed) {
		ret = cli_error(EXIT_RUNTIME, _("%zu alerts could not be sent (they are tried again next run): %s"), w.failed,
				w.send_err.msg);
		goto out;
	}
	/* the next run's log window starts here (not after a failed send: its findings are looked at again) */
	if (store_watch_record(st, w.root, WATCH_MARK_RUN, "watch", "run", "info", (int64_t)clock_now(), &e) < 0) {
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
	ret = EXIT_OK;
	/* any message proves the channel alive: the heartbeat is due a day after the last one sent */
	if (w.sent && store_watch_set_heartbeat(st, w.root, (int64_t)clock_now(), &e) < 0)
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
	else if (!w.sent)
		ret = heartbeat(&w, res.n_items);
	if (ret == EXIT_OK && w.serious)
		ret = EXIT_FINDINGS;
out:
	baseline_result_free(&res);
	store_close(st);
	free(path);
	return ret;
}

static int watch_run(struct cmd_ctx *c)
{
	if (c->argc == 1 && strcmp(c->argv[0], "install") == 0)
		return do_install(c);
	if (c->argc == 1 && strcmp(c->argv[0], "uninstall") == 0)
		return do_uninstall(c);
	return do_watch(c);
}

const struct cmd_def cmd_watch = {
	.fn = watch_run,
	.usage = usage,
	.options = options,
	.args_size = sizeof(struct watch_args),
	.operands = watch_operands,
	.check = watch_check,
};
