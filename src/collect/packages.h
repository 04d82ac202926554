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

#endif
