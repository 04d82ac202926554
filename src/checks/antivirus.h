/* What the antivirus area shares with the staff area. */
#ifndef KYUKA_CHECKS_ANTIVIRUS_H
#define KYUKA_CHECKS_ANTIVIRUS_H

#include "checks/context.h"

/* AV-0010's run (the definitions' headers and age), also STAFF-0030's. */
int av_definitions_run(struct check_ctx *ctx, struct err *err);

#endif
