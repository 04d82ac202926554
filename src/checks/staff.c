/*
 * Staff devices (ST-1, ST-2, ST-4): what `kyuka audit --audience staff` checks on a laptop that is
 * taken out: the root file system on dm-crypt/LUKS, the desktop's screen lock, the antivirus
 * definitions, and the take-out register (a person's confirmation).
 */
#include "checks/antivirus.h"
#include "checks/packages.h"
#include "checks/util.h"
#include "parse/accounts.h"
#include "parse/desktoplock.h"
#include "parse/mountinfo.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
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

/* A file through the root (a user's, when home is set: never following their links). 0, or -ENOENT. */
static int read_setting(const struct root *r, const char *home, const char *path, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (home)
		return root_read_user_file(r, home, path, 1 << 20, sb, NULL, NULL) == 0 ? 0 : -ENOENT;
	return root_read_file(r, path, 1 << 20, ROOT_MISSING_OK, sb, NULL, NULL) == 0 && sb->len ? 0 : -ENOENT;
}

#define XFCE_CHANNEL "xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml"

/*
 * XFCE's xfce4-screensaver: the user's channel, else the system's (/etc/xdg), else its defaults (it
 * starts when idle and locks). Appends to *what; returns false when a setting turns the lock off.
 */
static bool xfce_lock(const struct root *r, const char *home, struct strbuf *what)
{
	static const struct { const char *path, *label; } keys[] = {
		{ "/saver/enabled", "saver/enabled" },
		{ "/saver/idle-activation/enabled", "saver/idle-activation/enabled" },
		{ "/lock/enabled", "lock/enabled" },
	};
	struct strbuf sys = STRBUF_INIT, usr = STRBUF_INIT;
	bool have_sys = read_setting(r, NULL, "/etc/xdg/" XFCE_CHANNEL, &sys) == 0;
	bool have_usr = read_setting(r, home, ".config/" XFCE_CHANNEL, &usr) == 0, ok = true;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		bool v = true;

		if (have_usr && xfconf_bool((const uint8_t *)usr.buf, usr.len, keys[i].path, &v) == 0) {
			if (!v) {
				strbuf_addf(what, "%s~/.config/%s %s=false", what->len ? "; " : "", XFCE_CHANNEL, keys[i].label);
				ok = false;
			}
		} else if (have_sys && xfconf_bool((const uint8_t *)sys.buf, sys.len, keys[i].path, &v) == 0 && !v) {
			strbuf_addf(what, "%s/etc/xdg/%s %s=false", what->len ? "; " : "", XFCE_CHANNEL, keys[i].label);
			ok = false;
		}
	}
	if (ok)
		strbuf_addf(what, "%s%s", what->len ? "; " : "",
			    have_usr ? _("XFCE: xfce4-screensaver locks when idle (~/.config/xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml)")
				     : _("XFCE: xfce4-screensaver's defaults (locks when idle)"));
	strbuf_release(&sys);
	strbuf_release(&usr);
	return ok;
}

/* xscreensaver: "lock: True" in ~/.xscreensaver, else the system default (app-defaults), which is False. */
static bool xscreensaver_lock(const struct root *r, const char *home, struct strbuf *what)
{
	struct strbuf sb = STRBUF_INIT;
	bool v = false, found = false;
	size_t line = 0;

	if (read_setting(r, home, ".xscreensaver", &sb) == 0 && xres_bool(sb.buf, sb.len, "lock", &v, &line) == 0) {
		found = true;
		strbuf_addf(what, "%s~/.xscreensaver:%zu lock: %s", what->len ? "; " : "", line, v ? "True" : "False");
	} else if (read_setting(r, NULL, "/etc/X11/app-defaults/XScreenSaver", &sb) == 0 &&
		   xres_bool(sb.buf, sb.len, "lock", &v, &line) == 0) {
		found = true;
		strbuf_addf(what, "%s/etc/X11/app-defaults/XScreenSaver:%zu *lock: %s", what->len ? "; " : "", line,
			    v ? "True" : "False");
	}
	if (!found)
		strbuf_addf(what, "%s%s", what->len ? "; " : "",
			    _("xscreensaver: no lock setting in ~/.xscreensaver (its default is not to lock)"));
	strbuf_release(&sb);
	return v;
}

static int staff_screen_lock(struct check_ctx *ctx, struct err *err)
{
	const struct passwd_db *pw;
	struct strbuf sys = STRBUF_INIT;
	struct stat st;
	bool gnome, kde, dconf_desk, xfce, xss;
	size_t i, users = 0;
	struct err e;
	int ret;

	gnome = root_stat(ctx->root, "/usr/bin/gnome-shell", 0, &st, NULL) == 0;
	/* MATE and Cinnamon keep their lock in dconf as GNOME does (org.mate.screensaver, org.cinnamon.desktop.screensaver) */
	dconf_desk = gnome || root_stat(ctx->root, "/usr/bin/mate-session", 0, &st, NULL) == 0 ||
		     root_stat(ctx->root, "/usr/bin/cinnamon-session", 0, &st, NULL) == 0;
	kde = root_stat(ctx->root, "/usr/bin/plasmashell", 0, &st, NULL) == 0 ||
	      root_stat(ctx->root, "/usr/bin/kscreenlocker_greet", 0, &st, NULL) == 0;
	xfce = root_stat(ctx->root, "/usr/bin/xfce4-screensaver", 0, &st, NULL) == 0;
	xss = root_stat(ctx->root, "/usr/bin/xscreensaver", 0, &st, NULL) == 0;
	if (!dconf_desk && !kde && !xfce && !xss) {
		check_add(ctx, ST_SKIP, "", "%s", _("no desktop whose screen lock kyuka reads (GNOME, MATE, Cinnamon, KDE, XFCE's xfce4-screensaver, xscreensaver): check the screen lock by hand"));
		return 0;
	}
	ret = facts_passwd(ctx->facts, &pw, &e);
	if (ret < 0)
		return fact_failed_or_missing(ctx, ret, &e, err);
	if (dconf_desk) {
		gnome_system_lock(ctx->root, &sys);
		if (sys.len)
			check_add(ctx, ST_FAIL, gnome ? "GNOME" : "dconf", _("the system-wide settings turn the screen lock off: %s"), sys.buf);
	}
	for (i = 0; i < pw->n; i++) {
		const struct passwd_entry *u = &pw->v[i];
		struct strbuf sb = STRBUF_INIT, what = STRBUF_INIT;
		bool bad = false;

		if (u->uid < 1000 || u->uid >= 60000 || !shell_is_login(u->shell) || !u->dir || u->dir[0] != '/')
			continue;
		if (root_stat(ctx->root, u->dir, 0, &st, NULL) < 0 || !S_ISDIR(st.st_mode))
			continue;
		users++;
		if (kde && root_read_user_file(ctx->root, u->dir, ".config/kscreenlockerrc", 1 << 20, &sb, NULL, NULL) == 0 &&
		    (memmem(sb.buf, sb.len, "Autolock=false", 14) || memmem(sb.buf, sb.len, "LockOnResume=false", 18))) {
			check_add(ctx, ST_FAIL, u->name, "%s", _("KDE: ~/.config/kscreenlockerrc turns the automatic lock off (Autolock=false or LockOnResume=false)"));
			bad = true;
		} else if (dconf_desk && (strbuf_reset(&sb), root_read_user_file(ctx->root, u->dir, ".config/dconf/user", 16 << 20, &sb, NULL, NULL) == 0) &&
			   (memmem(sb.buf, sb.len, "lock-enabled", 12) || memmem(sb.buf, sb.len, "idle-delay", 10) ||
			    memmem(sb.buf, sb.len, "idle-activation-enabled", 23))) {
			check_add(ctx, ST_WARN, u->name, "%s",
				  _("GNOME: the user changed the screen lock settings (~/.config/dconf/user holds lock-enabled or idle-delay): check with gsettings get org.gnome.desktop.screensaver lock-enabled"));
			bad = true;
		}
		if (xfce && !xfce_lock(ctx->root, u->dir, &what)) {
			check_add(ctx, ST_FAIL, u->name, _("XFCE: xfce4-screensaver does not lock when idle: %s"), what.buf);
			bad = true;
			strbuf_reset(&what);
		}
		if (xss) {
			struct strbuf x = STRBUF_INIT;

			if (!xscreensaver_lock(ctx->root, u->dir, &x)) {
				check_add(ctx, ST_FAIL, u->name, _("xscreensaver does not lock: %s"), x.buf);
				bad = true;
			} else {
				strbuf_addf(&what, "%s%s", what.len ? "; " : "", x.buf);
			}
			strbuf_release(&x);
		}
		if (!bad && !sys.len)
			check_add(ctx, ST_PASS, u->name, "%s%s%s%s",
				  gnome ? _("GNOME: the screen lock settings are GNOME's defaults (locks when idle); ")
				  : dconf_desk ? _("MATE/Cinnamon: no dconf setting turns the screen lock off (locks when idle); ") : "",
				  kde ? _("KDE: no Autolock=false in ~/.config/kscreenlockerrc") : "", what.len && (dconf_desk || kde) ? "; " : "", what.buf);
		strbuf_release(&sb);
		strbuf_release(&what);
	}
	if (!users)
		check_add(ctx, ST_SKIP, "", "%s", _("no desktop user (uid 1000 and above with a login shell and a home directory)"));
	strbuf_release(&sys);
	return 0;
}

/* ------------------------------------------------------------------ STAFF-0040 */

static int staff_register(struct check_ctx *ctx, struct err *err)
{
	(void)err;
	return check_manual_item(ctx, "ST-1");
}

static const struct check checks[] = {
	{ .id = "STAFF-0010", .items = "ST-2", .phase = PHASE_BEFORE, .audience = AUD_STAFF,
	  .severity = SEV_HIGH, .title = N_("The laptop's disk is encrypted"),
	  .explain = N_("A laptop taken out can be lost or stolen; with the root file system on dm-crypt (LUKS) its data cannot be read without the passphrase. kyuka follows the device of / through /sys/dev/block down to a CRYPT- device (LVM on LUKS included); only on the running laptop."),
	  .remedy = N_("Do not take the laptop out unencrypted: reinstall with full-disk encryption (LUKS), or keep no work data on it."),
	  .run = staff_disk_encryption },
	{ .id = "STAFF-0020", .items = "ST-2", .phase = PHASE_BEFORE, .audience = AUD_STAFF,
	  .severity = SEV_MEDIUM, .title = N_("The screen locks by itself"),
	  .explain = N_("GNOME, MATE and Cinnamon (system-wide dconf settings, each user's changed keys), KDE (~/.config/kscreenlockerrc), XFCE's xfce4-screensaver (the xfconf channel of each user, else /etc/xdg's) and xscreensaver (~/.xscreensaver, else the system's app-defaults): the screen must lock when idle and on resume."),
	  .remedy = N_("Turn the automatic screen lock on (GNOME: Settings > Privacy > Screen Lock; KDE: System Settings > Screen Locking; XFCE: Screensaver > Lock Screen; xscreensaver: xscreensaver-settings > Lock screen after) and remove system-wide overrides."),
	  .run = staff_screen_lock },
	{ .id = "STAFF-0030", .items = "ST-2,ST-4", .phase = PHASE_BEFORE | PHASE_AFTER, .audience = AUD_STAFF,
	  .severity = SEV_HIGH, .title = N_("The antivirus is installed and its definitions are current"),
	  .explain = N_("The same reading as AV-0010, for a staff laptop: ClamAV's database headers and their age against av.max_age_hours."),
	  .remedy = N_("Update the definitions (freshclam) before you go and again before reading mail after the holiday."),
	  .run = av_definitions_run },
	{ .id = "STAFF-0040", .items = "ST-1", .phase = PHASE_BEFORE, .audience = AUD_STAFF,
	  .severity = SEV_MEDIUM, .title = N_("The device is in the take-out register"),
	  .explain = N_("The advisory asks to follow the rules for taking devices and media out; kyuka cannot see the register, a person confirms it (kyuka plan confirm ST-1 on this device), and the audit shows who confirmed it and when."),
	  .remedy = N_("Enter the device in the register (device, person, where it goes, when it comes back), get the approval your rules ask for, then: kyuka plan confirm ST-1 --by NAME --note TEXT."),
	  .run = staff_register },
	{ .id = "STAFF-0050", .items = "ST-4", .phase = PHASE_BEFORE | PHASE_AFTER, .audience = AUD_STAFF,
	  .severity = SEV_HIGH, .title = N_("The laptop's security updates are installed"),
	  .explain = N_("The same reading as PKG-0010, for a staff laptop: apt's lists and dpkg's status, the security updates apt would install. The advisory asks staff to apply updates before the holiday and again before reading mail after it."),
	  .remedy = N_("apt-get update && apt-get upgrade (or the desktop's software updater) before you take the laptop out, and again before reading mail after the holiday."),
	  .run = pkg_security_updates_run },
};

CHECK_AREA(staff_area, "staff", checks);
