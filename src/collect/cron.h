/* Where cron reads its tables from, as both the services and the monitoring areas walk them. */
#ifndef KYUKA_COLLECT_CRON_H
#define KYUKA_COLLECT_CRON_H

#include <stdbool.h>
#include <stddef.h>

#include "collect/root.h"

#define CRON_D_MAX_FILES 10000	/* files of /etc/cron.d we look at */

/* run-parts(8) reads names of letters, digits, "_" and "-" only (not "x.dpkg-old"); cron.d and interfaces.d alike. */
bool run_parts_name_ok(const char *name);

/*
 * The paths of the files in /etc/cron.d that cron reads ("/etc/cron.d/NAME"),
 * sorted: names of letters, digits, "_" and "-" only, as run-parts(8) and
 * Debian's cron require (so "x.dpkg-old" and ".placeholder" are left out).
 * None when the directory is absent, unreadable or holds more than
 * CRON_D_MAX_FILES entries. Caller frees with strv_free().
 */
void collect_cron_d(const struct root *r, char ***paths, size_t *n);

#endif
