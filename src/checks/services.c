/*
 * Services and automatic start (DV-3, DV-4): network-facing services,
 * units enabled at boot, timers and cron jobs that run during the holiday.
 */
#include "checks/exposure.h"
#include "checks/util.h"
#include "parse/config/services.h"
#include "util/i18n.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Units of a minimal Debian system (and its standard maintenance jobs): they
 * are expected to start by themselves and are not reported one by one.
 * Anything else enabled must be known (services.allow).
 */
static const char *const base_units[] = {
	"systemd-", "ssh.", "sshd.", "getty@", "getty-static", "serial-getty@", "console-setup", "keyboard-setup", "e2scrub", "apparmor",
	"networking", "ifupdown", "rsyslog", "cron.", "anacron", "dbus", "unattended-upgrades", "apt-daily",
	"logrotate", "man-db", "fstrim", "dpkg-db-backup", "lvm2-", "blk-availability", "remote-fs",
	"nftables", "auditd", "chrony", "ntpsec", "kmod-static-nodes", "udev", "cryptsetup", "sysstat",
	"debian-sa1", "phpsessionclean", "exim4-base", "rtkit-daemon", "wpa_supplicant", "NetworkManager",
	"ModemManager", "polkit", "accounts-daemon", "avahi-daemon", "bluetooth", "cups", "ufw", "firewalld",
};

static bool is_base(const char *unit)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(base_units); i++)
		if (!strncmp(unit, base_units[i], strlen(base_units[i])))
			return true;
	return false;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* ------------------------------------------------------------------ SVC-0010 */

/* The enabled .socket unit that listens on port, into name. */
static bool socket_unit_for(const struct svc_facts *sv, uint16_t port, char *name, size_t size)
{
	size_t i, j;

	for (i = 0; i < sv->n_units; i++)
		for (j = 0; j < sv->units[i].n_listen; j++)
			if (sv->units[i].listen_port[j] == port) {
				snprintf(name, size, "%s", sv->units[i].name);
				return true;
			}
	return false;
}

struct svc_group {
	char name[256];
	char socks[1024];
	char owner[300];
};

static int svc_network_facing(struct check_ctx *ctx, struct err *err)
{
	const struct sock_facts *sf;
	const struct svc_facts *sv = NULL;
	struct svc_group *g = NULL;
	size_t n = 0, alloc = 0, i, j;
	struct err e, ignored;
	int ret = facts_sockets(ctx->facts, &sf, &e);

	if (ret == -ENOENT && !root_is_host(ctx->root)) {
		check_add(ctx, ST_SKIP, "", _("%s: save /proc/net and /proc/PID of the system into the root to check it"),
			  e.msg);
		return 0;
	}
	if (ret < 0)
		return fact_failed(ctx, ret, &e, err);
	for (i = 0; i < sf->n; i++) {
		const struct listen_sock *s = &sf->v[i];
		const struct sock_proc *p = sock_first_owner(sf, s);
		char name[256], subj[96];
		size_t l;

		if (s->e.proto == SP_RAW || addr_classify(s->e.family, s->e.addr) == ADDR_LOOPBACK)
			continue;
		if (p && p->pid == 1 && (sv || facts_services(ctx->facts, &sv, &ignored) == 0) &&
		    socket_unit_for(sv, s->e.port, name, sizeof(name)))
			; /* a socket systemd holds for an activated service: name its .socket unit */
		else if (p && (ends_with(p->unit, ".service") || ends_with(p->unit, ".socket")))
			snprintf(name, sizeof(name), "%s", p->unit);
		else if (p)
			snprintf(name, sizeof(name), "%s", p->comm);
		else
			snprintf(name, sizeof(name), "%s", _("unknown process"));
		for (j = 0; j < n; j++)
			if (!strcmp(g[j].name, name))
				break;
		if (j == n) {
			ALLOC_GROW(g, n + 1, alloc);
			memset(&g[n], 0, sizeof(g[n]));
			snprintf(g[n].name, sizeof(g[n].name), "%s", name);
			sock_owner_text(sf, s, g[n].owner, sizeof(g[n].owner));
			n++;
		}
		sock_subject(&s->e, subj, sizeof(subj));
		l = strlen(g[j].socks);
		snprintf(g[j].socks + l, sizeof(g[j].socks) - l, "%s%s", l ? ", " : "", subj);
	}
	for (j = 0; j < n; j++) {
		const char *who = g[j].owner[0] ? g[j].owner :
				  sf->unreadable ? _("unknown (run kyuka as root)") : _("no process holds it");
		if (service_allowed(ctx->services, g[j].name) ||
		    (strchr(g[j].owner, ' ') && service_allowed(ctx->services, g[j].owner)))
			check_add(ctx, ST_PASS, g[j].name, _("listens on %s (%s); listed in services.allow"), g[j].socks, who);
		else if (!ctx->services->n_allow)
			check_add_sev(ctx, ST_MANUAL, SEV_LOW, g[j].name,
				      _("listens on %s (%s); confirm it is needed, then list it under services.allow"),
				      g[j].socks, who);
		else
			check_add(ctx, ST_WARN, g[j].name, _("listens on %s (%s) and is not listed in services.allow"),
				  g[j].socks, who);
	}
	if (!n)
		check_add(ctx, ST_PASS, "", _("no service listens on a network address (%zu listening socket(s) in /proc/net, all on loopback or raw)"),
			  sf->n);
	free(g);
	return 0;
}

/* ------------------------------------------------------------------ SVC-0020 */

static int load_services(struct check_ctx *ctx, const struct svc_facts **sv, struct err *err)
{
	struct err e;
	int ret = facts_services(ctx->facts, sv, &e);

	if (ret < 0)
		return fact_failed(ctx, ret, &e, err) < 0 ? ret : 1;
	if (!(*sv)->have_systemd) {
		check_add(ctx, ST_SKIP, "", "%s", _("no systemd unit directories (/etc/systemd/system, /usr/lib/systemd/system)"));
		return 1;
	}
	return 0;
}

static int svc_enabled_units(struct check_ctx *ctx, struct err *err)
{
	const struct svc_facts *sv;
	struct check_group g;
	size_t i, base = 0, flagged = 0;
	int ret = load_services(ctx, &sv, err);

	if (ret)
		return ret < 0 ? ret : 0;
	check_group_init(&g, ctx, ST_WARN, ctx->cur->severity);
	for (i = 0; i < sv->n_units; i++) {
		const struct enabled_unit *u = &sv->units[i];

		if (!ends_with(u->name, ".service") && !ends_with(u->name, ".socket") && !ends_with(u->name, ".path"))
			continue;
		if (is_base(u->name)) {
			base++;
			continue;
		}
		if (service_allowed(ctx->services, u->name)) {
			check_add(ctx, ST_PASS, u->name, _("starts at boot (wanted by %s); listed in services.allow"),
				  u->wanted_by);
			continue;
		}
		flagged++;
		check_group_add(&g, u->name, _("wanted by %s, %s"), u->wanted_by, u->path ? u->path : _("unit file not found"));
	}
	/* One finding for the units, one remedy: list them or disable them. */
	check_group_end(&g, ngettext("%zu unit starts at boot that is neither part of the base system nor listed in services.allow",
				     "%zu units start at boot that are neither part of the base system nor listed in services.allow",
				     g.n),
			g.n);
	if (!flagged)
		check_add(ctx, ST_PASS, "", _("%zu units start at boot (enabled under /etc/systemd/system), all part of the base system or listed in services.allow"),
			  base);
	return 0;
}

/* ------------------------------------------------------------------ SVC-0030 */

static bool need_holiday(struct check_ctx *ctx)
{
	if (ctx->has_holiday)
		return true;
	check_add(ctx, ST_SKIP, "", "%s", _("no holiday set (--holiday START..END or holiday: in the config)"));
	return false;
}

/*
 * When the timer fires during the holiday: the date into when (or a text
 * such as "every 6h"). Returns 1 yes, 0 no, negative errno when
 * systemd-analyze could not tell (err filled).
 */
static int timer_in_holiday(struct check_ctx *ctx, const struct timer_info *t, char *when, size_t size, struct err *err)
{
	char base[16], start[16], end[16], date[11];
	size_t i;
	int ret, found = 0;

	days_format(ctx->holiday_start_days - 1, base, sizeof(base));
	days_format(ctx->holiday_start_days, start, sizeof(start));
	days_format(ctx->holiday_end_days, end, sizeof(end));
	for (i = 0; i < t->n_calendar; i++) {
		ret = timer_next_date(ctx->root, t->calendar[i], base, date, err);
		if (ret == -ENOENT)
			continue;
		if (ret < 0)
			return ret;
		if (strcmp(date, end) <= 0) {
			snprintf(when, size, _("next on %s (OnCalendar=%s)"), date, t->calendar[i]);
			return 1;
		}
	}
	if (t->repeat_sec && t->repeat_sec <= (uint64_t)(ctx->holiday_end_days - ctx->holiday_start_days + 1) * 86400) {
		snprintf(when, size, _("repeats every %ju seconds after it last ran"), (uintmax_t)t->repeat_sec);
		found = 1;
	}
	(void)start;
	return found;
}

static int svc_timers(struct check_ctx *ctx, struct err *err)
{
	const struct svc_facts *sv;
	size_t i, quiet = 0, flagged = 0;
	int ret = load_services(ctx, &sv, err);

	if (ret)
		return ret < 0 ? ret : 0;
	if (!need_holiday(ctx))
		return 0;
	for (i = 0; i < sv->n_timers; i++) {
		const struct timer_info *t = &sv->timers[i];
		char when[512];
		struct err e;

		ret = timer_in_holiday(ctx, t, when, sizeof(when), &e);
		if (ret == -ENOENT) { /* systemd-analyze missing */
			check_add(ctx, ST_SKIP, "", "%s", e.msg);
			return 0;
		}
		if (ret < 0) {
			check_add(ctx, ST_WARN, t->name, _("cannot tell when it fires: %s"), e.msg);
			continue;
		}
		if (!ret) {
			quiet++;
			continue;
		}
		if (is_base(t->name))
			check_add(ctx, ST_PASS, t->name, _("runs during the holiday, %s; part of the base system"), when);
		else if (service_allowed(ctx->services, t->name))
			check_add(ctx, ST_PASS, t->name, _("runs during the holiday, %s; listed in services.allow"), when);
		else {
			flagged++;
			check_add(ctx, ST_WARN, t->name, _("runs during the holiday, %s (%s)"), when, t->path);
		}
	}
	if (!flagged && !sv->n_timers)
		check_add(ctx, ST_PASS, "", "%s", _("no timer is enabled under /etc/systemd/system"));
	else if (!flagged)
		check_add(ctx, ST_PASS, "", _("%zu timers enabled under /etc/systemd/system checked with systemd-analyze calendar: %zu do not fire during the holiday, the others are known"),
			  sv->n_timers, quiet);
	return 0;
}

/* ------------------------------------------------------------------ SVC-0040 */

/* Debian's own jobs: run-parts over /etc/cron.{hourly,daily,...}, and package maintenance jobs. */
static bool cron_is_base(const char *cmd)
{
	static const char *const base[] = { "run-parts --report /etc/cron.", "/usr/lib/php/sessionclean",
					    "/usr/lib/sysstat/debian-sa1", "/usr/lib/sysstat/sa1", "e2scrub_all",
					    "/usr/sbin/anacron", "test -x /etc/cron.daily/popularity-contest" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(base); i++)
		if (strstr(cmd, base[i]))
			return true;
	return false;
}

/* 1..12, 1..31 and 0..6 (Sunday 0) of a day count. */
static void civil(long days, int *m, int *d, int *wday)
{
	char buf[16];

	days_format(days, buf, sizeof(buf));
	*m = (buf[5] - '0') * 10 + (buf[6] - '0');
	*d = (buf[8] - '0') * 10 + (buf[9] - '0');
	*wday = (int)(((days % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
}

static int svc_cron(struct check_ctx *ctx, struct err *err)
{
	const struct svc_facts *sv;
	size_t i, j, n_entries = 0, flagged = 0;
	struct err e;
	int ret = facts_services(ctx->facts, &sv, &e);

	if (ret < 0)
		return fact_failed(ctx, ret, &e, err);
	if (!need_holiday(ctx))
		return 0;
	if (!sv->n_cron) {
		check_add(ctx, ST_SKIP, "", "%s",
			  _("no crontab was read (/etc/crontab, /etc/cron.d, /var/spool/cron/crontabs): cron is not installed here, or its files could not be read (run kyuka as root)"));
		return 0;
	}
	for (i = 0; i < sv->n_cron; i++) {
		const struct cron_file *cf = &sv->cron[i];

		for (j = 0; j < cf->tab.n; j++) {
			const struct cron_entry *ce = &cf->tab.v[j];
			char subj[700], day[16] = "";
			long dd;

			n_entries++;
			if (cf->system)
				snprintf(subj, sizeof(subj), "%s:%zu", cf->path, ce->line);
			else
				snprintf(subj, sizeof(subj), "%s:%zu (%s)", cf->path, ce->line, strrchr(cf->path, '/') + 1);
			if (ce->reboot) {
				flagged++;
				check_add(ctx, ST_WARN, subj, _("@reboot: runs at every boot: %s"), ce->command);
				continue;
			}
			for (dd = ctx->holiday_start_days; dd <= ctx->holiday_end_days && dd - ctx->holiday_start_days < 400; dd++) {
				int m, d, w;
				civil(dd, &m, &d, &w);
				if (cron_runs_on(ce, m, d, w)) {
					days_format(dd, day, sizeof(day));
					break;
				}
			}
			if (!day[0])
				continue;
			if (cron_is_base(ce->command)) {
				check_add(ctx, ST_PASS, subj, _("runs during the holiday (first on %s, %s); Debian maintenance job"),
					  day, ce->schedule);
				continue;
			}
			flagged++;
			check_add(ctx, ST_WARN, subj, _("runs during the holiday (first on %s, %s%s%s): %s"), day, ce->schedule,
				  ce->user[0] ? _(" as ") : "", ce->user, ce->command);
		}
		if (cf->tab.bad.n)
			check_add_sev(ctx, ST_WARN, SEV_LOW, cf->path, _("%zu line(s) could not be read as cron entries; first at line %zu (%s)"),
				      cf->tab.bad.n, cf->tab.bad.line[0], cf->tab.bad.why[0]);
	}
	if (!flagged)
		check_add(ctx, ST_PASS, "", _("%zu cron entries in %zu crontab(s) checked: none of them runs during the holiday unless it is a Debian maintenance job"),
			  n_entries, sv->n_cron);
	return 0;
}

static const struct check checks[] = {
	{ .id = "SVC-0010", .items = "DV-4,AC-5", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("Network-facing services are known and needed"),
	  .explain = N_("Every service that listens on a network address (not loopback) is an external service the advisory asks to review and disable when unused. Services listed under services.allow in the configuration are accepted; without that list each one is shown for a person to confirm."),
	  .remedy = N_("Disable services that are not needed (systemctl disable --now UNIT); list the ones you need under services.allow."),
	  .run = svc_network_facing },
	{ .id = "SVC-0020", .items = "DV-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_LOW, .title = N_("Services that start at boot are known"),
	  .explain = N_("Units enabled through the *.wants and *.requires links of /etc/systemd/system and /usr/lib/systemd/system start by themselves after every boot. Units of a minimal Debian system are expected; the others must be listed under services.allow."),
	  .remedy = N_("Disable units that are not needed during the holiday (systemctl disable UNIT) or list them under services.allow."),
	  .run = svc_enabled_units },
	{ .id = "SVC-0030", .items = "DV-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_LOW, .title = N_("Timers that fire during the holiday are known"),
	  .explain = N_("Enabled systemd timers run jobs while nobody watches. kyuka asks systemd-analyze when each OnCalendar= expression next elapses after the holiday starts, in the system's time zone, and reports those that fire during the holiday unless they belong to the base system or are listed under services.allow."),
	  .remedy = N_("Disable timers that must not run during the holiday (systemctl disable --now NAME.timer) or list them under services.allow."),
	  .run = svc_timers },
	{ .id = "SVC-0040", .items = "DV-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_LOW, .title = N_("Cron jobs that run during the holiday are known"),
	  .explain = N_("Entries of /etc/crontab, /etc/cron.d and the user crontabs that run on a day of the holiday, and @reboot entries that run whenever the machine starts. Debian's own maintenance jobs are accepted."),
	  .remedy = N_("Comment out jobs that must not run during the holiday, or accept them under allow: with check SVC-0040 and the subject shown."),
	  .run = svc_cron },
};

CHECK_AREA(services_area, "services", checks);
