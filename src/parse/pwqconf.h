/*
 * /etc/security/pwquality.conf (and the *.conf files of pwquality.conf.d): bytes in,
 * settings out, framed the way libpwquality's reader frames them: '#' starts
 * a comment anywhere on a line, blanks around the name are dropped, the
 * name ends at a blank or '=', then blanks, at most one '=', blanks, and the
 * value runs to the end of the line (trailing blanks cut). The values are
 * not interpreted here: libpwquality does that (pwquality_set_option).
 * Lines longer than PWQCONF_MAX_LINE (libpwquality's own limit), with a NUL
 * byte, or whose name is not [a-z0-9_]+ are bad lines.
 */
#ifndef KYUKA_PARSE_PWQCONF_H
#define KYUKA_PARSE_PWQCONF_H

#include <stddef.h>

#include "parse/limits.h"
#include "util/err.h"

#define PWQCONF_MAX_LINE 1023
#define PWQCONF_MAX_NAME 64

struct pwqconf_entry {
	char *name;
	char *value;		/* "" when none (flags such as enforce_for_root) */
	char *option;		/* "name=value" or "name", for pwquality_set_option */
	size_t line;
};

struct pwqconf {
	struct pwqconf_entry *v;
	size_t n;
	struct parse_bad bad;
};

int pwqconf_parse(const char *buf, size_t len, struct pwqconf *out, struct err *err);
void pwqconf_free(struct pwqconf *c);

#endif
