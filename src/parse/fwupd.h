/*
 * The JSON that `fwupdmgr get-devices --json` and `fwupdmgr get-updates
 * --json` print: {"Devices": [{"Name", "DeviceId", "Vendor", "Version",
 * "Flags", "Releases": [{"Version", "Summary", "Flags", "Urgency"}]}]}, or
 * {"Error": {"Message"}}. Parsed with json-c. Pure.
 */
#ifndef KYUKA_PARSE_FWUPD_H
#define KYUKA_PARSE_FWUPD_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define FWUPD_MAX_BYTES		((size_t)16 << 20)
#define FWUPD_MAX_DEPTH		32
#define FWUPD_MAX_DEVICES	4096
#define FWUPD_MAX_TEXT		256	/* bytes of a name, version or summary kept */

struct fwupd_device {
	char *name;
	char *id;
	char *vendor;		/* may be NULL */
	char *version;		/* may be NULL */
	bool updatable;		/* "updatable" in Flags */
	size_t n_upgrades;	/* releases newer than the installed one */
	char *upgrade_version;	/* the first of them (fwupd lists the newest first), or NULL */
	char *upgrade_summary;
	char *upgrade_urgency;	/* "critical", "high", ... or NULL */
};

struct fwupd_list {
	struct fwupd_device *v;
	size_t n;
	char *error;		/* {"Error": {"Message": ...}} */
};

/*
 * A release counts as an upgrade when its Flags hold "is-upgrade", or, in
 * get-updates output (updates true), when they do not hold "is-downgrade".
 */
int fwupd_parse(const char *buf, size_t len, bool updates, struct fwupd_list *out, struct err *err);
void fwupd_free(struct fwupd_list *l);

#endif
