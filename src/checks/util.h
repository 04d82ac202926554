/* Small helpers shared by the check areas. */
#ifndef KYUKA_CHECKS_UTIL_H
#define KYUKA_CHECKS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "checks/context.h"

/* A shell that gives an interactive login (not nologin, false, sync, empty). */
bool shell_is_login(const char *shell);
/* "2026-08-01 09:12 UTC from 203.0.113.5 (wtmp)" or "never" into buf. */
void fmt_last_login(const struct last_login *l, char *buf, size_t size);
/* "2026-08-01" of a time into buf (11 bytes). */
void fmt_date(time_t t, char *buf, size_t size);
/* Today as days since the epoch, from the run's clock. */
long ctx_today(const struct check_ctx *ctx);
/* True when the account is listed under accounts.ignore in the config. */
bool account_ignored(const struct check_ctx *ctx, const char *name);
/* "owner uid 1000, mode 0666" when a root-owned config file is writable by others or not root's; NULL if fine. */
char *file_perm_problem(const struct stat *st);
/* A fact failed: report SKIP when it was a permission problem (not root), else return the error. */
int fact_failed(struct check_ctx *ctx, int ret, struct err *e, struct err *err);
/* Like fact_failed, and a file the root does not hold (-ENOENT) is SKIP with the reason and what to do. */
int fact_failed_or_missing(struct check_ctx *ctx, int ret, struct err *e, struct err *err);

#endif
