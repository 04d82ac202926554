/* Devices (DV-1, DV-3): automatic power-on and firmware. */
#include "checks/util.h"
#include "collect/firmware.h"
#include "collect/services.h"
#include "engines/netscan.h"
#include "parse/config/netscan.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ DEV-0010 */

static int dev_rtc(struct check_ctx *ctx, struct err *err)
{
	struct rtc_alarm *v = NULL;
	size_t n = 0, i;
	struct err e;
	int ret = collect_rtc(ctx->root, &v, &n, &e);

	if (ret == -ENOENT) {
		if (root_is_host(ctx->root))
			check_add(ctx, ST_PASS, "", "%s", _("no real-time clock (/sys/class/rtc is absent)"));
		else
			check_add(ctx, ST_SKIP, "", "%s", _("no /sys/class/rtc in the root"));
		return 0;
	}
	if (ret < 0)
		return fact_failed(ctx, ret, &e, err);
	for (i = 0; i < n; i++) {
		char when[32];
		long day;

		if (!v[i].when) {
			check_add(ctx, ST_PASS, v[i].name, _("/sys/class/rtc/%s/wakealarm: no wake alarm set"), v[i].name);
			continue;
		}
		time_format_utc((time_t)v[i].when, when, sizeof(when));
		day = (long)(v[i].when / 86400);
		if (ctx->has_holiday && day >= ctx->holiday_start_days && day <= ctx->holiday_end_days)
			check_add(ctx, ST_WARN, v[i].name, _("wake alarm set: the machine powers on at %s, during the holiday"), when);
		else
			check_add(ctx, ST_WARN, v[i].name, _("wake alarm set: the machine powers on at %s"), when);
	}
	if (!n)
		check_add(ctx, ST_PASS, "", "%s", _("/sys/class/rtc lists no real-time clock, so none has a wake alarm"));
	free(v);
	return 0;
}

/* ------------------------------------------------------------------ DEV-0020 */

static void wol_modes(uint32_t o, char *buf, size_t size)
{
	static const struct {
		uint32_t bit;
		char c;
	} m[] = { { WAKE_PHY, 'p' }, { WAKE_UCAST, 'u' }, { WAKE_MCAST, 'm' }, { WAKE_BCAST, 'b' },
		  { WAKE_ARP, 'a' }, { WAKE_MAGIC, 'g' }, { WAKE_MAGICSECURE, 's' }, { WAKE_FILTER, 'f' } };
	size_t i, k = 0;

	for (i = 0; i < sizeof(m) / sizeof(m[0]) && k + 1 < size; i++)
		if (o & m[i].bit)
			buf[k++] = m[i].c;
	buf[k] = '\0';
}

/* What turns Wake-on-LAN on at the next boot: .link files, NetworkManager, ifupdown. */
static void wol_settings(struct check_ctx *ctx)
{
	struct wol_config *c = NULL;
	size_t nc = 0, i;

	if (collect_wol_config(ctx->root, &c, &nc, NULL) == 0)
		for (i = 0; i < nc; i++)
			check_add(ctx, ST_WARN, c[i].path, _("line %zu turns Wake-on-LAN on at boot: %s"), c[i].line,
				  c[i].setting);
	free(c);
}

static int dev_wol(struct check_ctx *ctx, struct err *err)
{
	struct wol_state *v = NULL;
	size_t n = 0, i;
	struct err e;
	int ret = collect_wol(ctx->root, &v, &n, &e);

	if (ret == -ENOENT) {
		check_add(ctx, root_is_host(ctx->root) ? ST_PASS : ST_SKIP, "", "%s",
			  root_is_host(ctx->root) ? _("no network interfaces (/sys/class/net is absent)") : _("no /sys/class/net in the root"));
		wol_settings(ctx);
		return 0;
	}
	if (ret < 0)
		return fact_failed(ctx, ret, &e, err);
	for (i = 0; i < n; i++) {
		const struct wol_state *w = &v[i];
		char modes[16];

		if (w->status == -EOPNOTSUPP || (w->status == 0 && !w->from_sysfs && !w->supported)) {
			check_add(ctx, ST_PASS, w->name, "%s", _("Wake-on-LAN is not supported"));
		} else if (w->status == -EPERM || w->status == -EACCES) {
			check_add(ctx, ST_SKIP, w->name, "%s", _("the Wake-on-LAN state can only be read by root (run kyuka as root)"));
		} else if (w->status < 0) {
			check_add(ctx, ST_WARN, w->name, _("Wake-on-LAN state unknown: %s"), strerror(-w->status));
		} else if (w->from_sysfs) {
			if (w->sysfs_enabled)
				check_add(ctx, ST_WARN, w->name, "%s",
					  _("the device may wake the system (device/power/wakeup is enabled)"));
			else
				check_add(ctx, ST_PASS, w->name, "%s", _("the device may not wake the system (device/power/wakeup is disabled)"));
		} else if (w->wolopts) {
			wol_modes(w->wolopts, modes, sizeof(modes));
			check_add(ctx, ST_WARN, w->name, _("Wake-on-LAN is on (modes %s): a packet from the network powers the machine on"),
				  modes);
		} else {
			check_add(ctx, ST_PASS, w->name, "%s", _("Wake-on-LAN is supported but off"));
		}
	}
	if (!n)
		check_add(ctx, ST_PASS, "", "%s", _("/sys/class/net lists no network interface besides loopback"));
	free(v);
	wol_settings(ctx);
	return 0;
}

/* ------------------------------------------------------------------ DEV-0030 */

static int dev_wake_timers(struct check_ctx *ctx, struct err *err)
{
	const struct svc_facts *sv;
	size_t i, n = 0;
	struct err e;
	int ret = facts_services(ctx->facts, &sv, &e);

	if (ret < 0)
		return fact_failed(ctx, ret, &e, err);
	if (!sv->have_systemd) {
		check_add(ctx, ST_SKIP, "", "%s", _("no systemd unit directories (/etc/systemd/system, /usr/lib/systemd/system)"));
		return 0;
	}
	for (i = 0; i < sv->n_timers; i++) {
		const struct timer_info *t = &sv->timers[i];
		if (!t->wake)
			continue;
		n++;
		check_add(ctx, ST_WARN, t->name, _("WakeSystem=yes: the timer powers the machine on from suspend (%s%s)"),
			  t->n_calendar ? "OnCalendar=" : "", t->n_calendar ? t->calendar[0] : t->path);
	}
	if (!n)
		check_add(ctx, ST_PASS, "", _("none of %zu enabled timers wakes the system (no WakeSystem=yes in their units)"),
			  sv->n_timers);
	return 0;
}

/* ------------------------------------------------------------------ DEV-0040 */

/* fwupd's urgency (low, medium, high, critical; anything else as it came) in the user's language. */
static const char *urgency_label(const char *u)
{
	static const char *const known[] = { N_("low"), N_("medium"), N_("high"), N_("critical") };
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(u, known[i]))
			return _(known[i]);
	return u;
}

static int dev_firmware_updates(struct check_ctx *ctx, struct err *err)
{
	struct dmi_facts d;
	struct fwupd_list l = { 0 };
	size_t i, pending = 0;
	struct err e;
	int ret;

	collect_dmi(ctx->root, &d);
	if (d.virtual_machine) {
		check_add(ctx, ST_SKIP, "", _("virtual machine (%s): its firmware is the hypervisor's; update the host"),
			  d.vm_cpu_flag ? _("hypervisor flag in /proc/cpuinfo") : d.vm_evidence);
		goto out;
	}
	ret = collect_fwupd(ctx->root, true, &l, &e);
	if (ret == -ENOENT) {
		check_add(ctx, ST_SKIP, "", _("%s: install fwupd to check firmware updates, or check them with the vendor's tool"), e.msg);
		goto out;
	}
	if (ret == -ECONNREFUSED) {
		check_add(ctx, ST_SKIP, "", "%s", e.msg);
		goto out;
	}
	if (ret < 0) {
		dmi_facts_free(&d);
		return fact_failed(ctx, ret, &e, err);
	}
	if (l.error) {
		/* "No updatable devices" / "No updates available": nothing pending */
		if (strstr(l.error, "No updat") || strstr(l.error, "no updat"))
			check_add(ctx, ST_PASS, "", _("fwupd: %s"), l.error);
		else
			check_add(ctx, ST_SKIP, "", _("fwupd could not tell: %s"), l.error);
		goto out;
	}
	for (i = 0; i < l.n; i++) {
		const struct fwupd_device *fd = &l.v[i];
		if (!fd->n_upgrades)
			continue;
		pending++;
		check_add(ctx, ST_FAIL, fd->name, _("firmware %s installed, %s available%s%s%s%s"),
			  fd->version ? fd->version : "?", fd->upgrade_version ? fd->upgrade_version : "?",
			  fd->upgrade_urgency ? _("; urgency ") : "", fd->upgrade_urgency ? urgency_label(fd->upgrade_urgency) : "",
			  fd->upgrade_summary ? ": " : "", fd->upgrade_summary ? fd->upgrade_summary : "");
	}
	if (!pending)
		check_add(ctx, ST_PASS, "", _("fwupd knows no pending firmware update (%zu devices listed)"), l.n);
out:
	fwupd_free(&l);
	dmi_facts_free(&d);
	return 0;
}

/* ------------------------------------------------------------------ DEV-0050 */

static int dev_firmware_inventory(struct check_ctx *ctx, struct err *err)
{
	struct dmi_facts d;
	struct fwupd_list l = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct err e;
	size_t i;

	(void)err;
	collect_dmi(ctx->root, &d);
	if (d.present) {
		check_add_sev(ctx, ST_MANUAL, SEV_LOW, "BIOS",
			      _("BIOS %s %s (%s); system %s %s; board %s %s %s: confirm with the vendor that this is the latest firmware"),
			      d.bios_vendor ? d.bios_vendor : "?", d.bios_version ? d.bios_version : "?",
			      d.bios_date ? d.bios_date : "?", d.sys_vendor ? d.sys_vendor : "?",
			      d.product_name ? d.product_name : "?", d.board_vendor ? d.board_vendor : "?",
			      d.board_name ? d.board_name : "?", d.board_version ? d.board_version : "");
	}
	if (collect_fwupd(ctx->root, false, &l, &e) == 0 && !l.error) {
		for (i = 0; i < l.n; i++) {
			if (!l.v[i].version)
				continue;
			if (sb.len > 1500) {
				strbuf_adds(&sb, ", ...");
				break;
			}
			strbuf_addf(&sb, "%s%s %s", sb.len ? ", " : "", l.v[i].name, l.v[i].version);
		}
		if (sb.len)
			check_add_sev(ctx, ST_MANUAL, SEV_LOW, "fwupd", _("devices with firmware: %s"), sb.buf);
	}
	if (!d.present && !sb.len)
		check_add(ctx, ST_SKIP, "", "%s", _("no DMI facts (/sys/class/dmi/id) and no fwupd device list"));
	strbuf_release(&sb);
	fwupd_free(&l);
	dmi_facts_free(&d);
	return 0;
}

/* DV-2: the inventory's devices probed from here; one marked off that answers anything is FAIL. */
static int dev_inventory_off(struct check_ctx *ctx, struct err *err)
{
	const struct config_inventory *inv = ctx->inventory;
	const struct config_netscan *cn = ctx->netscan;
	struct ns_opts o;
	struct ns_result r;
	struct err e;
	char **targets;
	size_t i, j, n = 0, before = check_n_findings(ctx);

	(void)err;
	if (!inv || !inv->n_devices || !cn || !cn->n_targets) {
		check_add(ctx, ST_SKIP, "", "%s",
			  _("no inventory.devices and netscan.targets in kyuka.yaml: list the devices with their holiday state "
			    "(holiday: on|off) and the networks kyuka may probe (docs/netscan.md)"));
		return 0;
	}
	netscan_defaults(&o);
	o.rate = cn->rate;
	o.timeout_ms = cn->timeout_ms;
	o.retries = cn->retries;
	o.allow_public = cn->allow_public;
	o.confirm = false;
	if (o.min_timeout_ms > o.timeout_ms)
		o.min_timeout_ms = o.timeout_ms;
	/* each device's address alone first: one that cannot be probed (unresolved, public, a range) is its own ERROR */
	targets = xcalloc(inv->n_devices, sizeof(*targets));
	for (i = 0; i < inv->n_devices; i++) {
		struct ns_opts one = o;
		char *t = inv->devices[i].address;

		if (!inv->devices[i].holiday)
			continue;
		one.targets = &t;
		one.n_targets = 1;
		if (netscan_targets(&one, &r, &e) < 0) {
			check_add(ctx, ST_ERROR, inv->devices[i].name, _("cannot probe it: %s"), e.msg);
			continue;
		}
		if (r.n != 1) {
			check_add(ctx, ST_ERROR, inv->devices[i].name,
				  _("its address '%s' names %zu hosts: give the one address of the device"), t, r.n);
			netscan_result_free(&r);
			continue;
		}
		netscan_result_free(&r);
		targets[n++] = t;
	}
	if (n == 0) {
		if (check_n_findings(ctx) == before)
			check_add(ctx, ST_SKIP, "", "%s",
				  _("no device of inventory.devices has a holiday state: set holiday: on or off for each"));
		free(targets);
		return 0;
	}
	o.targets = targets;
	o.n_targets = n;
	if (netscan_targets(&o, &r, &e) < 0 || netscan_run(&o, &r, &e) < 0) {
		check_add(ctx, ST_ERROR, "", _("cannot probe the inventory's devices: %s"), e.msg);
		free(targets);
		return 0;
	}
	for (i = 0; i < inv->n_devices; i++) {
		const struct config_device *d = &inv->devices[i];
		const struct ns_host *h = NULL;
		struct strbuf open = STRBUF_INIT;

		if (!d->holiday)
			continue;
		for (j = 0; j < r.n && !h; j++)
			if (!strcmp(r.hosts[j].target, d->address))
				h = &r.hosts[j];
		if (!h)
			continue;
		for (j = 0; j < h->n_ports; j++)
			if (h->ports[j].state == NS_OPEN)
				strbuf_addf(&open, "%s%u/%s", open.len ? " " : "", h->ports[j].port, h->ports[j].udp ? "udp" : "tcp");
		if (!strcmp(d->holiday, "off") && h->answered) {
			check_add(ctx, ST_FAIL, d->name,
				  _("should be off over the holiday but answered at %s: %u open and %u closed of %u TCP ports%s%s"),
				  h->addr_text, h->n_open, h->n_closed, h->scanned, open.len ? _("; open: ") : "", open.buf);
			check_set_remedy(ctx, _("power '%s' off for the holiday (owner: %s), or mark it holiday: on if it must run"),
					 d->name, d->owner ? d->owner : "-");
		} else if (!strcmp(d->holiday, "off") && h->link_answered) {
			check_add(ctx, ST_FAIL, d->name,
				  _("should be off over the holiday but answered address resolution (ARP/NDP) at %s as %s; every port filtered"),
				  h->addr_text, h->mac);
			check_set_remedy(ctx, _("power '%s' off for the holiday (owner: %s), or mark it holiday: on if it must run"),
					 d->name, d->owner ? d->owner : "-");
		} else if (!strcmp(d->holiday, "off")) {
			check_add(ctx, ST_PASS, d->name, _("no answer at %s to %u TCP ports and the UDP probes"), h->addr_text,
				  h->scanned);
		} else if (!h->answered && h->link_answered) {
			check_add(ctx, ST_PASS, d->name,
				  _("on as planned: answered address resolution (ARP/NDP) at %s as %s, every port filtered"),
				  h->addr_text, h->mac);
		} else if (!h->answered) {
			check_add_sev(ctx, ST_WARN, SEV_MEDIUM, d->name,
				      _("should be on over the holiday but gave no answer at %s to %u TCP ports and the UDP probes"),
				      h->addr_text, h->scanned);
			check_set_remedy(ctx, _("check that '%s' is running and reachable from this host (owner: %s)"), d->name,
					 d->owner ? d->owner : "-");
		} else {
			check_add(ctx, ST_PASS, d->name, _("on as planned: answered at %s (%u open, %u closed TCP ports)"),
				  h->addr_text, h->n_open, h->n_closed);
		}
		strbuf_release(&open);
	}
	netscan_result_free(&r);
	free(targets);
	return 0;
}

static const struct check checks[] = {
	{ .id = "DEV-0010", .items = "DV-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("No RTC wake alarm powers the machine on"),
	  .explain = N_("A wake alarm in the real-time clock (/sys/class/rtc/rtc*/wakealarm) switches the machine on at a set time, also during the holiday."),
	  .remedy = N_("Clear the alarm (echo 0 > /sys/class/rtc/rtc0/wakealarm) and remove whatever sets it (rtcwake jobs)."),
	  .run = dev_rtc },
	{ .id = "DEV-0020", .items = "DV-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("Wake-on-LAN is off"),
	  .explain = N_("With Wake-on-LAN a packet from the network switches the machine on; a machine meant to stay off during the holiday should not answer it."),
	  .remedy = N_("Turn it off (ethtool -s IFACE wol d) and in what sets it at boot (WakeOnLan= in systemd .link files, NetworkManager, the BIOS)."),
	  .run = dev_wol },
	{ .id = "DEV-0030", .items = "DV-3", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_MEDIUM, .title = N_("No timer wakes the system"),
	  .explain = N_("A systemd timer with WakeSystem=yes resumes the machine from suspend to run its job."),
	  .remedy = N_("Remove WakeSystem=yes (a drop-in in /etc/systemd/system/NAME.timer.d/) or disable the timer."),
	  .run = dev_wake_timers },
	{ .id = "DEV-0040", .items = "DV-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Firmware is up to date"),
	  .explain = N_("The advisory asks to update the firmware of servers, PCs and network devices before the holiday. kyuka asks fwupd (fwupdmgr get-updates) which devices have a newer firmware release. Virtual machines and machines without fwupd are skipped with the reason."),
	  .remedy = N_("Apply the updates (fwupdmgr update) in a maintenance window before the holiday, or schedule them with the vendor."),
	  .run = dev_firmware_updates },
	{ .id = "DEV-0050", .items = "DV-1", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_LOW, .title = N_("Firmware versions are recorded"),
	  .explain = N_("The BIOS, system and board versions (/sys/class/dmi/id) and the firmware versions fwupd knows, for a person to compare with the vendors' latest releases; devices fwupd cannot update still need it."),
	  .remedy = N_("Compare each version with the vendor's support site and update where a newer one exists."),
	  .run = dev_firmware_inventory },
	{ .id = "DEV-0060", .items = "DV-2", .phase = PHASE_BEFORE, .audience = AUD_ADMIN,
	  .severity = SEV_HIGH, .title = N_("Devices that should be off over the holiday do not answer on the network"),
	  .explain = N_("The devices of the inventory (kyuka.yaml inventory.devices) with their holiday state are probed from this host as kyuka netscan does (the default TCP ports and the UDP probes): a device marked off that answers anything is FAIL, one marked on that does not answer is WARN. It runs only when the inventory and netscan.targets are configured."),
	  .remedy = N_("Power off what is not needed over the holiday, or correct its holiday state in the inventory."),
	  .run = dev_inventory_off },
};

CHECK_AREA(devices_area, "devices", checks);
