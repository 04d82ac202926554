#include "util/err.h"

#include <libintl.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/*
 * The message is for the user: its format goes through the catalogue (the
 * language chosen by i18n_init(); the format itself before that, and in tests
 * and fuzzers). scripts/update-po.sh extracts err_set() and err_prefix() formats.
 */
static const char *tr(const char *fmt)
{
	return *fmt ? gettext(fmt) : fmt;
}

int err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e) {
		e->code = code;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), tr(fmt), ap);
		va_end(ap);
	}
	return code;
}

void err_prefix(struct err *e, const char *fmt, ...)
{
	char pre[ERR_MSG_MAX];
	char old[ERR_MSG_MAX];
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), tr(fmt), ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	{
		size_t n = strnlen(pre, sizeof(pre) - 1);
		if (n > sizeof(e->msg) - 3)
			n = sizeof(e->msg) - 3;
		memcpy(e->msg, pre, n);
		e->msg[n] = ':';
		e->msg[n + 1] = ' ';
		memcpy(e->msg + n + 2, old, sizeof(e->msg) - n - 2);
		e->msg[sizeof(e->msg) - 1] = '\0';
	}
}

void err_clear(struct err *e)
{
	if (e) {
		e->code = 0;
		e->msg[0] = '\0';
	}
}
