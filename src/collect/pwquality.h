/*
 * The system's password quality settings as libpwquality would load them,
 * but read through the root: the *.conf files of
 * /etc/security/pwquality.conf.d in name order, then
 * /etc/security/pwquality.conf (the last setting wins), each line framed by
 * parse/pwqconf and given to libpwquality (pwquality_set_option).
 */
#ifndef KYUKA_COLLECT_PWQUALITY_H
#define KYUKA_COLLECT_PWQUALITY_H

#include <stdbool.h>
#include <stddef.h>

#include <pwquality.h>

#include "collect/root.h"
#include "util/err.h"

#define PWQ_MAX_CONF_FILES 64
#define PWQ_MAX_CONF_BYTES ((size_t)1 << 20)

struct pwq_facts {
	pwquality_settings_t *pwq;	/* defaults plus the files */
	bool present;			/* a file was read */
	char **problems;		/* "/etc/security/pwquality.conf:3: unknown setting 'minlenn'" */
	size_t n_problems;
};

/* Returns 0 (out filled, free with pwq_facts_free) or a negative errno for an unreadable file. */
int collect_pwquality(const struct root *r, struct pwq_facts *out, struct err *err);
void pwq_facts_free(struct pwq_facts *f);
/* Applies "name=value" options (PAM module arguments) to s; unknown ones are added to problems with where. */
void pwq_apply_options(pwquality_settings_t *s, char *const *opts, size_t n, const char *where, size_t line,
		       struct pwq_facts *problems_to);

#endif
