/* What the packages area shares with the staff area. */
#ifndef KYUKA_CHECKS_PACKAGES_H
#define KYUKA_CHECKS_PACKAGES_H

#include "checks/context.h"

/* PKG-0010's run (pending security updates from apt's lists, or apt-get -s), also STAFF-0050's. */
int pkg_security_updates_run(struct check_ctx *ctx, struct err *err);

#endif
