/*
 * Staff devices (ST-1, ST-2, ST-4): what `kyuka audit --audience staff` checks on a laptop that is
 * taken out: the root file system on dm-crypt/LUKS, the desktop's screen lock, the antivirus
 * definitions, the pending security updates, and the take-out register (a person's confirmation).
 */
#include "checks/antivirus.h"
#include "checks/evidence.h"
#include "checks/packages.h"
#include "checks/util.h"
#include "parse/accounts.h"
#include "parse/config/plan.h"
#include "parse/mountinfo.h"
#include "parse/screenlock.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#define STAFF_MAX_DM_DEPTH 4	/* dm devices stacked under the root (LVM on LUKS ...) */

/* ------------------------------------------------------------------ STAFF-0010 */

/* "MAJ:MIN" with an optional line feed (a /sys/class/block/<dev>/dev file), strictly. */
static int parse_majmin(const char *s, unsigned *maj, unsigned *min)
{
	size_t len = strcspn(s, "\n"), colon = strcspn(s, ":");
	uint32_t a, b;

	if (colon >= len || parse_u32(s, colon, &a) < 0 || parse_u32(s + colon + 1, len - colon - 1, &b) < 0)
		return -EINVAL;
	*maj = a;
	*min = b;
	return 0;
}

/* True when block device maj:min is dm-crypt, or stacked on one; what names the layer found. */
static bool dm_crypt_below(const struct root *r, unsigned maj, unsigned min, unsigned depth, struct strbuf *what)
{
	struct strbuf sb = STRBUF_INIT;
	char path[96];
	char **names = NULL;
	size_t n = 0, i;
	bool found = false;

	if (depth > STAFF_MAX_DM_DEPTH)
		return false;
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/dm/uuid", maj, min);
	if (root_read_file(r, path, 4096, ROOT_MISSING_OK, &sb, NULL, NULL) == 0 && !strncmp(sb.buf, "CRYPT-", 6)) {
		strbuf_addf(what, "%s%u:%u %.*s", what->len ? ", " : "", maj, min, (int)strcspn(sb.buf, "\n"), sb.buf);
		strbuf_release(&sb);
		return true;
	}
	strbuf_release(&sb);
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/slaves", maj, min);
	if (root_list_dir(r, path, 64, ROOT_MISSING_OK, &names, &n, NULL) < 0)
		return false;
	for (i = 0; i < n && !found; i++) {
		char dev[160];
		struct strbuf d = STRBUF_INIT;
		unsigned a, b;

		snprintf(dev, sizeof(dev), "/sys/class/block/%.64s/dev", names[i]);
		if (root_read_file(r, dev, 64, ROOT_MISSING_OK, &d, NULL, NULL) == 0 && parse_majmin(d.buf, &a, &b) == 0)
			found = dm_crypt_below(r, a, b, depth + 1, what);
		strbuf_release(&d);
	}
	strv_free(names, n);
	return found;
}

static int staff_disk_encryption(struct check_ctx *ctx, struct err *err)
{
	struct strbuf mi = STRBUF_INIT, what = STRBUF_INIT, crypttab = STRBUF_INIT;
	struct mount_table mt = { 0 };
	const struct mount_entry *m;
	struct stat st;
	dev_t dev = 0;
	struct err e;

	(void)err;
	if (!root_is_host(ctx->root)) {
		if (root_read_file(ctx->root, "/etc/crypttab", ROOT_MAX_SMALL_FILE, ROOT_MISSING_OK, &crypttab, NULL, NULL) == 0)
			check_add(ctx, ST_SKIP, "/etc/crypttab",
				  "%s", _("not the live host: /etc/crypttab exists, but whether / is on one of its devices shows only on the running laptop (lsblk -f)"));
		else
			check_add(ctx, ST_SKIP, "", "%s", _("not the live host, and no /etc/crypttab: run kyuka on the laptop itself"));
		goto out;
	}
	if (root_read_file(ctx->root, "/proc/self/mountinfo", MOUNTINFO_MAX_BYTES, 0, &mi, NULL, &e) == 0 &&
	    mountinfo_parse(mi.buf, mi.len, &mt, &e) == 0 && (m = mount_find(&mt, "/")) && !strncmp(m->source, "/dev/", 5) &&
	    root_stat(ctx->root, m->source, 0, &st, NULL) == 0 && S_ISBLK(st.st_mode))
		dev = st.st_rdev;
	else if (root_stat(ctx->root, "/", 0, &st, NULL) == 0)
		dev = st.st_dev;
	if (!dev || !major(dev)) {
		check_add(ctx, ST_SKIP, "/", "%s", _("the root file system is not on a block device kyuka can follow (btrfs, overlay, network): check with lsblk -f"));
		goto out;
	}
	if (dm_crypt_below(ctx->root, major(dev), minor(dev), 0, &what))
		check_add(ctx, ST_PASS, "/", _("the root file system (device %u:%u) is on dm-crypt: %s"), major(dev), minor(dev), what.buf);
	else
		check_add(ctx, ST_FAIL, "/", _("the root file system (device %u:%u) is not on dm-crypt (no CRYPT- device below it in /sys/dev/block)"),
			  major(dev), minor(dev));
out:
	mount_table_free(&mt);
	strbuf_release(&mi);
	strbuf_release(&what);
	strbuf_release(&crypttab);
	return 0;
}

/* ------------------------------------------------------------------ STAFF-0020 */

/* GNOME's system-wide settings (dconf keyfiles) that turn the lock off: "path:line text". */
static void gnome_system_lock(const struct root *r, struct strbuf *off)
{
	char **dirs = NULL, **files = NULL;
	size_t nd = 0, nf = 0, i, j;

	if (root_list_dir(r, "/etc/dconf/db", 256, ROOT_MISSING_OK, &dirs, &nd, NULL) < 0)
		return;
	for (i = 0; i < nd; i++) {
		char *d;
		size_t dl = strlen(dirs[i]);

		if (dl < 3 || strcmp(dirs[i] + dl - 2, ".d"))
			continue;
		d = xasprintf("/etc/dconf/db/%s", dirs[i]);
		if (root_list_dir(r, d, 256, ROOT_MISSING_OK, &files, &nf, NULL) == 0) {
			for (j = 0; j < nf; j++) {
				struct strbuf sb = STRBUF_INIT;
				char *p = xasprintf("%s/%s", d, files[j]);
				size_t pos = 0, line = 0;

				if (root_read_file(r, p, ROOT_MAX_SMALL_FILE, ROOT_MISSING_OK, &sb, NULL, NULL) == 0) {
					while (pos < sb.len) {
						const char *l = sb.buf + pos, *nl = memchr(l, '\n', sb.len - pos);
						size_t n = nl ? (size_t)(nl - l) : sb.len - pos;

						pos += n + 1;
						line++;
						if ((n >= 18 && !strncmp(l, "lock-enabled=false", 18)) ||
						    (n >= 19 && !strncmp(l, "idle-delay=uint32 0", 19) && (n == 19 || l[19] == ' ')))
							strbuf_addf(off, "%s%s:%zu %.*s", off->len ? "; " : "", p, line, (int)(n > 40 ? 40 : n), l);
					}
				}
				strbuf_release(&sb);
				free(p);
			}
			strv_free(files, nf);
			files = NULL;
			nf = 0;
		}
		free(d);
	}
	strv_free(dirs, nd);
}

/* The desktops whose screen lock kyuka reads: found by their programs in the root. */
enum desk { D_GNOME, D_KDE, D_XFCE, D_MATE, D_CINNAMON, D_XSCREENSAVER, D_LIGHTLOCKER, D__COUNT };

static const struct {
	const char *name;
	const char *bin[2];
} desks[D__COUNT] = {
	[D_GNOME] = { "GNOME", { "/usr/bin/gnome-shell", NULL } },
	[D_KDE] = { "KDE", { "/usr/bin/plasmashell", "/usr/bin/kscreenlocker_greet" } },
	[D_XFCE] = { "XFCE", { "/usr/bin/xfce4-screensaver", NULL } },
	[D_MATE] = { "MATE", { "/usr/bin/mate-screensaver", NULL } },
	[D_CINNAMON] = { "Cinnamon", { "/usr/bin/cinnamon-screensaver", NULL } },
	[D_XSCREENSAVER] = { "xscreensaver", { "/usr/bin/xscreensaver", NULL } },
	[D_LIGHTLOCKER] = { "light-locker", { "/usr/bin/light-locker", NULL } },
};

#define XFCONF_SAVER "xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml"
#define XSCREENSAVER_AD "/etc/X11/app-defaults/XScreenSaver"

/* One user's verdict over the desktops found: the worst wins, the texts are joined. */
struct lockv {
	enum status st;
	struct strbuf txt;
};

static void lockv_add(struct lockv *v, enum status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void lockv_add(struct lockv *v, enum status st, const char *fmt, ...)
{
	va_list ap;

	if (status_rank(st) < status_rank(v->st))
		v->st = st;
	if (v->txt.len)
		strbuf_add(&v->txt, "; ", 2);
	va_start(ap, fmt);
	strbuf_vaddf(&v->txt, fmt, ap);
	va_end(ap);
}

/* An autostart entry the user turned off (~/.config/autostart/NAME). */
static bool autostart_off(const struct root *r, const char *home, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	char *rel = xasprintf(".config/autostart/%s", name);
	bool off = false;

	if (root_read_user_file(r, home, rel, SCREENLOCK_MAX_BYTES, &sb, NULL, NULL) == 0)
		off = autostart_entry_off(sb.buf, sb.len);
	strbuf_release(&sb);
	free(rel);
	return off;
}

static void user_lock(const struct root *r, const struct passwd_entry *u, const bool *have, const char *sys_off,
		      int xss_default, struct lockv *v)
{
	struct strbuf sb = STRBUF_INIT;
	bool dconf_read = false, dconf_changed = false;
	int d;

	if (have[D_GNOME] || have[D_MATE] || have[D_CINNAMON] || have[D_LIGHTLOCKER]) {
		dconf_read = root_read_user_file(r, u->dir, ".config/dconf/user", 16 << 20, &sb, NULL, NULL) == 0;
		dconf_changed = dconf_read && (memmem(sb.buf, sb.len, "lock-enabled", 12) || memmem(sb.buf, sb.len, "idle-delay", 10) ||
					       memmem(sb.buf, sb.len, "idle-activation-enabled", 23) ||
					       memmem(sb.buf, sb.len, "lock-after-screensaver", 22) ||
					       memmem(sb.buf, sb.len, "lock-on-suspend", 15));
	}
	if (have[D_GNOME]) {
		if (dconf_changed)
			lockv_add(v, ST_WARN, "%s",
				  _("GNOME: the user changed the screen lock settings (~/.config/dconf/user holds lock-enabled or idle-delay): check with gsettings get org.gnome.desktop.screensaver lock-enabled"));
		else if (!sys_off[0])
			lockv_add(v, ST_PASS, "%s", _("GNOME: the screen lock settings are GNOME's defaults (locks when idle)"));
	}
	for (d = D_MATE; d <= D_CINNAMON; d++) {
		const char *schema = d == D_MATE ? "org.mate.screensaver" : "org.cinnamon.desktop.screensaver";

		if (!have[d])
			continue;
		if (dconf_changed)
			lockv_add(v, ST_WARN, _("%s: the user changed the screen lock settings (~/.config/dconf/user holds lock-enabled or idle-activation-enabled): check with gsettings get %s lock-enabled"),
				  desks[d].name, schema);
		else if (!sys_off[0])
			lockv_add(v, ST_PASS, _("%s: the screen lock settings are the defaults (%s: locks when idle)"), desks[d].name, schema);
	}
	if (have[D_KDE]) {
		strbuf_reset(&sb);
		if (root_read_user_file(r, u->dir, ".config/kscreenlockerrc", 1 << 20, &sb, NULL, NULL) == 0 &&
		    (memmem(sb.buf, sb.len, "Autolock=false", 14) || memmem(sb.buf, sb.len, "LockOnResume=false", 18)))
			lockv_add(v, ST_FAIL, "%s", _("KDE: ~/.config/kscreenlockerrc turns the automatic lock off (Autolock=false or LockOnResume=false)"));
		else
			lockv_add(v, ST_PASS, "%s", _("KDE: no Autolock=false in ~/.config/kscreenlockerrc"));
	}
	if (have[D_XFCE]) {
		int lock = -1, saver = -1;

		strbuf_reset(&sb);
		if (root_read_user_file(r, u->dir, ".config/" XFCONF_SAVER, SCREENLOCK_MAX_BYTES, &sb, NULL, NULL) == 0) {
			lock = xfconf_group_enabled(sb.buf, sb.len, "lock");
			saver = xfconf_group_enabled(sb.buf, sb.len, "saver");
		}
		if (lock == 0 || saver == 0)
			lockv_add(v, ST_FAIL, "%s", _("XFCE: ~/.config/xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml turns the lock or the screensaver off (lock or saver enabled=false)"));
		else if (autostart_off(r, u->dir, "xfce4-screensaver.desktop"))
			lockv_add(v, ST_FAIL, "%s", _("XFCE: xfce4-screensaver does not start (~/.config/autostart/xfce4-screensaver.desktop: Hidden=true)"));
		else
			lockv_add(v, ST_PASS, "%s", _("XFCE: xfce4-screensaver starts and its lock is on (xfconf: not turned off)"));
	}
	if (have[D_XSCREENSAVER]) {
		bool off = false;
		int lock = -1;

		strbuf_reset(&sb);
		if (root_read_user_file(r, u->dir, ".xscreensaver", SCREENLOCK_MAX_BYTES, &sb, NULL, NULL) == 0)
			lock = xscreensaver_lock(sb.buf, sb.len, &off);
		if (lock < 0)
			lock = xss_default;
		if (off)
			lockv_add(v, ST_FAIL, "%s", _("xscreensaver: ~/.xscreensaver sets mode: off (never blanks, never locks)"));
		else if (lock == 1)
			lockv_add(v, ST_PASS, "%s", _("xscreensaver: lock: True"));
		else if (lock == 0)
			lockv_add(v, ST_FAIL, "%s", _("xscreensaver: lock: False (~/.xscreensaver, else /etc/X11/app-defaults/XScreenSaver): it blanks without locking"));
		else
			lockv_add(v, ST_WARN, "%s", _("xscreensaver: no lock: setting in ~/.xscreensaver or /etc/X11/app-defaults/XScreenSaver: check xscreensaver-settings"));
	}
	if (have[D_LIGHTLOCKER]) {
		if (autostart_off(r, u->dir, "light-locker.desktop"))
			lockv_add(v, ST_FAIL, "%s", _("light-locker does not start (~/.config/autostart/light-locker.desktop: Hidden=true)"));
		else if (dconf_changed)
			lockv_add(v, ST_WARN, "%s", _("light-locker: the user changed its settings (~/.config/dconf/user): check with gsettings list-recursively apps.light-locker"));
		else
			lockv_add(v, ST_PASS, "%s", _("light-locker starts with its defaults (locks after the screensaver and on suspend)"));
	}
	strbuf_release(&sb);
}

static int staff_screen_lock(struct check_ctx *ctx, struct err *err)
{
	const struct passwd_db *pw;
	struct strbuf sys = STRBUF_INIT, ad = STRBUF_INIT;
	struct stat st;
	bool have[D__COUNT] = { false }, any = false;
	size_t i, j, users = 0;
	int xss_default = -1;
	struct err e;
	int ret;

	for (i = 0; i < D__COUNT; i++) {
		for (j = 0; j < 2 && desks[i].bin[j] && !have[i]; j++)
			have[i] = root_stat(ctx->root, desks[i].bin[j], 0, &st, NULL) == 0;
		any |= have[i];
	}
	if (!any) {
		check_add(ctx, ST_SKIP, "", "%s", _("no desktop screen lock kyuka reads (GNOME, KDE, XFCE's xfce4-screensaver, MATE, Cinnamon, xscreensaver, light-locker): check the screen lock by hand"));
		return 0;
	}
	ret = facts_passwd(ctx->facts, &pw, &e);
	if (ret < 0)
		return fact_failed_or_missing(ctx, ret, &e, err);
	if (have[D_GNOME] || have[D_MATE] || have[D_CINNAMON]) {
		/* system-wide dconf keyfiles: lock-enabled=false in any schema (GNOME, MATE, Cinnamon) */
		gnome_system_lock(ctx->root, &sys);
		if (sys.len)
			check_add(ctx, ST_FAIL, "GNOME", _("the system-wide settings turn the screen lock off: %s"), sys.buf);
	}
	if (have[D_XSCREENSAVER] &&
	    root_read_file(ctx->root, XSCREENSAVER_AD, ROOT_MAX_SMALL_FILE, ROOT_MISSING_OK, &ad, NULL, NULL) == 0) {
		bool off = false;

		xss_default = xscreensaver_lock(ad.buf, ad.len, &off);
	}
	for (i = 0; i < pw->n; i++) {
		const struct passwd_entry *u = &pw->v[i];
		struct lockv v = { .st = ST_PASS, .txt = STRBUF_INIT };

		if (u->uid < 1000 || u->uid >= 60000 || !shell_is_login(u->shell) || !u->dir || u->dir[0] != '/')
			continue;
		if (root_stat(ctx->root, u->dir, 0, &st, NULL) < 0 || !S_ISDIR(st.st_mode))
			continue;
		users++;
		user_lock(ctx->root, u, have, sys.len ? sys.buf : "", xss_default, &v);
		if (v.txt.len && !(v.st == ST_PASS && sys.len))
			check_add(ctx, v.st, u->name, "%s", v.txt.buf);
		strbuf_release(&v.txt);
	}
	if (!users)
		check_add(ctx, ST_SKIP, "", "%s", _("no desktop user (uid 1000 and above with a login shell and a home directory)"));
	strbuf_release(&sys);
	strbuf_release(&ad);
	return 0;
}

/* ------------------------------------------------------------------ STAFF-0040 */

/* MANUAL until a person confirms the register entry (kyuka plan confirm ST-1) for this holiday; then PASS with who, when, what. */
static int staff_register(struct check_ctx *ctx, struct err *err)
{
	const struct audit_evidence *ev = ctx->evidence;
	int k = manual_item_index("ST-1");
	long ref = ctx->has_holiday ? ctx->holiday_start_days : ctx_today(ctx);
	char when[16];

	(void)err;
	if (!ev || !ev->readable || k < 0 || !ev->have_confirm[k]) {
		check_add(ctx, ST_MANUAL, "", "%s%s%s",
			  _("record this device in the take-out register (device, person, where it goes, when it comes back) and follow the rules for taking devices out; then: kyuka plan confirm ST-1 --by NAME --note TEXT"),
			  ev && !ev->readable && ev->why_unreadable ? _("; the database could not be read: ") : "",
			  ev && !ev->readable && ev->why_unreadable ? ev->why_unreadable : "");
		return 0;
	}
	fmt_date(ev->confirm[k].at, when, sizeof(when));
	if (ref - (long)(ev->confirm[k].at / 86400) > (long)ctx->plan->verify_days) {
		check_add(ctx, ST_MANUAL, "", _("last confirmed on %s by %s, too long before this holiday: confirm again"), when,
			  ev->confirm[k].by);
		return 0;
	}
	check_add(ctx, ST_PASS, "", _("confirmed on %s by %s: %s"), when, ev->confirm[k].by, ev->confirm[k].note);
	return 0;
}

static const struct check checks[] = {
	{ .id = "STAFF-0010", .items = "ST-2", .phase = PHASE_BEFORE, .audience = AUD_STAFF,
	  .severity = SEV_HIGH, .title = N_("The laptop's disk is encrypted"),
	  .explain = N_("A laptop taken out can be lost or stolen; with the root file system on dm-crypt (LUKS) its data cannot be read without the passphrase. kyuka follows the device of / through /sys/dev/block down to a CRYPT- device (LVM on LUKS included); only on the running laptop."),
	  .remedy = N_("Do not take the laptop out unencrypted: reinstall with full-disk encryption (LUKS), or keep no work data on it."),
	  .run = staff_disk_encryption },
	{ .id = "STAFF-0020", .items = "ST-2", .phase = PHASE_BEFORE, .audience = AUD_STAFF,
	  .severity = SEV_MEDIUM, .title = N_("The screen locks by itself"),
	  .explain = N_("GNOME, MATE and Cinnamon (system-wide dconf settings, each user's changed keys), KDE (~/.config/kscreenlockerrc), XFCE (xfce4-screensaver's xfconf settings and autostart), xscreensaver (~/.xscreensaver, else its app-defaults) and light-locker (its autostart and settings): the screen must lock when idle and on resume."),
	  .remedy = N_("Turn the automatic screen lock on (GNOME: Settings > Privacy > Screen Lock; KDE: System Settings > Screen Locking) and remove system-wide overrides."),
	  .run = staff_screen_lock },
	{ .id = "STAFF-0030", .items = "ST-2,ST-4", .phase = PHASE_BEFORE | PHASE_AFTER, .audience = AUD_STAFF,
	  .severity = SEV_HIGH, .title = N_("The antivirus is installed and its definitions are current"),
	  .explain = N_("The same reading as AV-0010, for a staff laptop: ClamAV's database headers and their age against av.max_age_hours."),
	  .remedy = N_("Update the definitions (freshclam) before you go and again before reading mail after the holiday."),
	  .run = av_definitions_run },
	{ .id = "STAFF-0040", .items = "ST-1", .phase = PHASE_BEFORE, .audience = AUD_STAFF,
	  .severity = SEV_MEDIUM, .title = N_("The device is in the take-out register"),
	  .explain = N_("The advisory asks to follow the rules for taking devices and media out; kyuka cannot see the register, a person confirms it with kyuka plan confirm ST-1 (kept in this device's database; PASS within plan.verify_days before the holiday)."),
	  .remedy = N_("Enter the device in the register and get the approval your rules ask for."),
	  .run = staff_register },
	{ .id = "STAFF-0050", .items = "ST-2,ST-4", .phase = PHASE_BEFORE | PHASE_AFTER, .audience = AUD_STAFF,
	  .severity = SEV_HIGH, .title = N_("The laptop has no pending security updates"),
	  .explain = N_("The same reading as PKG-0010, for a staff laptop: apt's package lists, sources and pins against dpkg's status (or apt-get -s dist-upgrade), as fresh as the last apt-get update. Before taking it out, and after the holiday before reading mail."),
	  .remedy = N_("apt-get update && apt-get upgrade (or your desktop's software updater) before you go, and again when the laptop comes back, before reading mail."),
	  .run = pkg_security_updates_run },
};

CHECK_AREA(staff_area, "staff", checks);
