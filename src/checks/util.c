#include "checks/util.h"
#include "parse/config/accounts.h"
#include "util/i18n.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool shell_is_login(const char *shell)
{
	static const char *const no[] = { "/usr/sbin/nologin", "/sbin/nologin", "/usr/bin/nologin",
					  "/bin/false", "/usr/bin/false", "/bin/sync", "/usr/bin/sync",
					  "/bin/true", "/usr/bin/true" };
	size_t i;

	if (!shell[0])
		return true; /* an empty shell field means /bin/sh */
	for (i = 0; i < ARRAY_SIZE(no); i++)
		if (strcmp(shell, no[i]) == 0)
			return false;
	return true;
}

void fmt_date(time_t t, char *buf, size_t size)
{
	char iso[32];

	time_format_utc(t, iso, sizeof(iso));
	snprintf(buf, size, "%.10s", iso);
}

void fmt_last_login(const struct last_login *l, char *buf, size_t size)
{
	char iso[32];

	if (!l || l->time <= 0) {
		snprintf(buf, size, "%s", _("never"));
		return;
	}
	time_format_utc((time_t)l->time, iso, sizeof(iso));
	if (l->from[0])
		snprintf(buf, size, _("%.10s %.5s UTC from %s (%s)"), iso, iso + 11, l->from, l->source);
	else
		snprintf(buf, size, _("%.10s %.5s UTC on %s (%s)"), iso, iso + 11, l->line[0] ? l->line : "?",
			 l->source);
}

long ctx_today(const struct check_ctx *ctx)
{
	time_t t = ctx->now;
	return (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

bool account_ignored(const struct check_ctx *ctx, const char *name)
{
	size_t i;

	for (i = 0; i < ctx->accounts->n_ignore; i++)
		if (strcmp(ctx->accounts->ignore[i], name) == 0)
			return true;
	return false;
}

char *file_perm_problem(const struct stat *st)
{
	if (st->st_uid != 0)
		return xasprintf(_("owned by uid %u, not root (mode %04o)"), (unsigned)st->st_uid,
				 (unsigned)(st->st_mode & 07777));
	if (st->st_mode & S_IWOTH)
		return xasprintf(_("writable by everyone (mode %04o)"), (unsigned)(st->st_mode & 07777));
	if ((st->st_mode & S_IWGRP) && st->st_gid != 0)
		return xasprintf(_("writable by group gid %u (mode %04o)"), (unsigned)st->st_gid,
				 (unsigned)(st->st_mode & 07777));
	return NULL;
}

int fact_failed(struct check_ctx *ctx, int ret, struct err *e, struct err *err)
{
	if (ret == -EACCES || ret == -EPERM) {
		check_add(ctx, ST_SKIP, "", _("%s (run kyuka as root)"), e->msg);
		return 0;
	}
	if (err)
		*err = *e;
	return ret;
}

int fact_failed_or_missing(struct check_ctx *ctx, int ret, struct err *e, struct err *err)
{
	if (ret == -ENOENT) {
		check_add(ctx, ST_SKIP, "", _("%s (is --root the root of a whole installed system?)"),
			  e->msg);
		return 0;
	}
	return fact_failed(ctx, ret, e, err);
}
