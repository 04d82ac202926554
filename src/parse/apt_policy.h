/*
 * The upgrades apt would make, computed from apt's own lists instead of
 * running apt-get -s: the installed packages (dpkg's status), the Packages
 * indexes with their Release files, and the pins (apt_preferences(5)).
 * The candidate of each installed package is chosen as apt's
 * pkgPolicy::GetCandidateVer does (apt-pkg/policy.cc):
 *
 *  - a package file's priority is 500, 1 for a NotAutomatic release, 100
 *    for NotAutomatic with ButAutomaticUpgrades; the first generic pin
 *    ("Package: *") matching the file replaces it; dpkg's status counts 100;
 *  - a version's priority is its first matching specific pin's, else the
 *    highest of its files' (the status file only for the installed version);
 *  - versions are walked newest first: a higher priority wins; reaching the
 *    installed version lifts the bar to 1000, so only a pin >= 1000 (a
 *    downgrade) can still displace it.
 *
 * dist-upgrade: every installed package moves to its candidate unless held
 * (dpkg selection "hold"), or kept back because a versioned Depends,
 * Pre-Depends or Breaks of the result would fail (its candidate needs a
 * version nothing will have, or breaks what stays; a package staying at
 * its version depends on the old one), repeated until nothing changes; a
 * Depends/Pre-Depends of a candidate that no installed, upgraded or already
 * chosen package satisfies (by name or Provides) pulls in its first
 * alternative that has a candidate, as a new package. What apt's resolver
 * does beyond that (Recommends, Conflicts, removing a package to upgrade
 * another, upgrading a kept package's dependants together) is not computed.
 *
 * Pure: bytes in, struct apt_sim out (the same struct the apt-get -s parser fills).
 */
#ifndef KYUKA_PARSE_APT_POLICY_H
#define KYUKA_PARSE_APT_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/apt_prefs.h"
#include "parse/apt_sim.h"
#include "util/err.h"

#define APT_FIELD_MAX 256	/* bytes of a Release field kyuka keeps */

/* A Release (or InRelease) file's first stanza; "" for an absent field. */
struct apt_release {
	char origin[APT_FIELD_MAX], label[APT_FIELD_MAX], suite[APT_FIELD_MAX];
	char codename[APT_FIELD_MAX], version[APT_FIELD_MAX];
	bool not_automatic, but_automatic_upgrades;
};

/* Parses a Release or clearsigned InRelease file. Returns 0, or -EBADMSG (err set) when it holds no stanza. */
int apt_release_parse(const char *buf, size_t len, struct apt_release *out, struct err *err);

/* One Packages index (decompressed) and where it came from. */
struct apt_index {
	const char *data;
	size_t len;
	const struct apt_release *release;	/* NULL when the source has no Release file */
	const char *component;	/* "main" ("" for a flat repository) */
	const char *arch;	/* "amd64": the architecture the index is for */
	const char *site;	/* the URI's host: "deb.debian.org" */
};

struct apt_policy_in {
	const char *status;	/* /var/lib/dpkg/status */
	size_t status_len;
	const struct apt_index *idx;	/* in apt's order (sources.list, then sources.list.d by name) */
	size_t n_idx;
	const struct apt_prefs *prefs;	/* may be NULL */
	const char *native_arch;	/* "amd64" */
};

struct apt_policy_stats {
	size_t n_versions;	/* stanzas read from the indexes */
	size_t n_installed;
	size_t n_held;		/* upgrades kept back by a hold */
	size_t n_kept;		/* upgrades kept back for their dependencies */
	size_t bad;		/* stanzas refused (indexes and status) */
};

/*
 * Fills *out (as apt_sim_parse would from apt-get -s dist-upgrade) and *stats
 * (may be NULL). Returns 0, or -E2BIG past PARSE_MAX_ENTRIES stanzas (err set).
 * Caller frees with apt_sim_free().
 */
int apt_policy_upgrades(const struct apt_policy_in *in, struct apt_sim *out, struct apt_policy_stats *stats,
			struct err *err);

#endif
