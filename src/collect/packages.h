/* Installed packages and the Debian release, read through the root. */
#ifndef KYUKA_COLLECT_PACKAGES_H
#define KYUKA_COLLECT_PACKAGES_H

#include "collect/root.h"
#include "parse/dpkg_status.h"
#include "util/err.h"

#define DPKG_STATUS_PATH "/var/lib/dpkg/status"
#define DPKG_STATUS_MAX ((size_t)256 << 20)

/* Reads and parses /var/lib/dpkg/status (-ENOENT, err set, when there is none). */
int collect_dpkg_status(const struct root *r, struct dpkg_status *out, struct err *err);

/*
 * The Debian release's codename ("bookworm") into out: VERSION_CODENAME of
 * /etc/os-release, else /etc/debian_version ("12.4" or "bookworm/sid").
 * -ENOENT (err set) when neither says.
 */
int collect_release(const struct root *r, char *out, size_t size, struct err *err);

/* ---- pending updates (apt) ---- */

#include "parse/apt_sim.h"

#define APT_TIMEOUT_MS 120000u

/*
 * The upgrades `apt-get -s dist-upgrade` would make on the root, from
 * apt's lists (collect_apt_lists) and, when those cannot be evaluated or
 * KYUKA_APT=apt-get is set, from apt-get -s itself: for the
 * host "/" apt's own configuration, for another root apt is pointed at it
 * (-o Dir=ROOT). apt's caches are not written (pkgcache and srcpkgcache
 * off) and no lock is taken. -ENOENT (err set) when the root has no dpkg
 * database or no apt package lists; -ENOENT "not installed" without apt.
 */
int collect_apt_upgrades(const struct root *r, struct apt_sim *out, struct err *err);

/*
 * The same upgrades computed from apt's own lists, sources, preferences and
 * dpkg's status under the root, without running apt (parse/apt_policy.h
 * says how and what differs). -ENOTSUP (err set) when the configuration
 * holds something kyuka does not evaluate as apt would (then ask apt);
 * -ENOENT when there is no dpkg database or no lists.
 * collect_apt_upgrades() uses it first and falls back on apt-get -s.
 */
int collect_apt_lists(const struct root *r, struct apt_sim *out, struct err *err);

/* ---- reboot ---- */

struct kernel_facts {
	char running[128];		/* /proc/sys/kernel/osrelease, "" unknown */
	char running_version[128];	/* "Debian 6.1.76-1" in /proc/version: the package version, "" unknown */
	const struct dpkg_pkg *running_pkg;	/* linux-image-<running>, NULL when none installed */
	const struct dpkg_pkg *newest;		/* the newest installed linux-image of the same flavour */
	bool reboot_required;		/* /run/reboot-required exists */
	char *reboot_pkgs;		/* /run/reboot-required.pkgs, one line, ", "-joined ("" none) */
};

/* Fills k from the root and the installed packages st (which k points into). Never fails. */
void collect_kernel(const struct root *r, const struct dpkg_status *st, struct kernel_facts *k);
void kernel_facts_free(struct kernel_facts *k);

/* ---- processes using deleted code ---- */

#define PROC_MAX_PIDS 100000
#define PROC_MAPS_MAX ((size_t)16 << 20)

struct stale_proc {
	unsigned pid;
	char comm[64];		/* /proc/PID/comm, may hold any bytes but NUL */
	char *path;		/* the first deleted file it maps */
	size_t n_files;		/* deleted files it maps */
};

struct stale_procs {
	struct stale_proc *v;
	size_t n, alloc;
	size_t scanned, unreadable;	/* processes looked at, and those whose maps could not be read */
};

/* Walks /proc under the root (-ENOENT, err set, when there are no processes there). */
int collect_stale_procs(const struct root *r, struct stale_procs *out, struct err *err);
void stale_procs_free(struct stale_procs *s);

#endif
