/*
 * kyuka watch: one run during the holiday. What is new since the baseline
 * (accounts, authorized keys, sudo grants, listening sockets, enabled units,
 * timers, cron entries) is sent through the configured alert channel, each
 * new thing once (recorded in the database); when no message went out for a
 * day, an "all quiet" heartbeat does, so that silence is noticed.
 * kyuka watch install [--every 1h]: a systemd service and timer (or a cron
 * file) under --root that run it; kyuka watch uninstall removes them.
 */
#include "cli/cli.h"
#include "collect/clock.h"
#include "collect/rootwrite.h"
#include "engines/alert.h"
#include "engines/baseline.h"
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
	struct err send_err;
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

static int on_new(void *ctx, const struct baseline_delta *d)
{
	struct run *w = ctx;
	struct alert_message m = { 0 };
	char *fp, *subject, *body, *detail = NULL, when[32];
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
		free(fp);
		return r < 0 ? r : 0;
	}
	time_format_utc(w->base->taken_at, when, sizeof(when));
	subject = xasprintf(_("kyuka watch on %s: %s, new %s %s"), w->host, severity_name(d->severity), d->kind, d->key);
	body = xasprintf(_("%s %s on %s since the baseline %lld of %s (%s, %s).\n%s%s"
			   "before: %s\nnow: %s\n\nReview it: kyuka diff --root %s\n"),
			 d->kind, d->key, w->host, (long long)w->base->id, when, severity_name(d->severity), d->item,
			 d->why, d->why[0] ? "\n" : "", d->before ? d->before : "-", d->after ? d->after : "-", w->root);
	m.subject = subject;
	m.body = body;
	m.host = w->host;
	m.time = (long long)clock_now();
	if (alert_send(&w->c->cfg.alert, &m, &detail, &e) == 0) {
		printf("%s ", _("sent:"));
		cli_put_escaped(subject);
		putchar('\n');
		w->sent++;
		r = store_watch_record(w->st, w->root, fp, d->kind, d->key, severity_name(d->severity),
				       (int64_t)clock_now(), &e);
	} else {
		if (!w->failed)
			w->send_err = e;
		w->failed++;
		r = 0;	/* not recorded: the next run tries again */
	}
	free(detail);
	free(subject);
	free(body);
	free(fp);
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
			   "grants, listening sockets, units, timers, cron); %zu new things were alerted before.\n"
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
		ret = cli_error(EXIT_RUNTIME, "%s", e.msg);
		goto out;
	}
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
