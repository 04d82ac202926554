/*
 * A PAM service file (/etc/pam.d/NAME): "[-]type control module [args]" lines,
 * control either a keyword (required, requisite, sufficient, optional,
 * include, substack) or a bracketed "[value=action ...]" list, '#' comments,
 * backslash continuation, "@include NAME" lines. Bytes in, struct out;
 * includes are listed in place, not followed (collect/ follows them).
 */
#ifndef KYUKA_PARSE_PAM_H
#define KYUKA_PARSE_PAM_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/limits.h"
#include "util/err.h"

enum pam_type { PAM_T_AUTH, PAM_T_ACCOUNT, PAM_T_PASSWORD, PAM_T_SESSION, PAM_T_INCLUDE_ALL /* @include */ };

struct pam_line {
	enum pam_type type;
	bool silent;		/* leading '-': missing module is not an error */
	char *control;		/* "required", "[success=1 default=ignore]", "include", "@include" */
	bool is_include;	/* "@include NAME", or control "include"/"substack": module is the service name */
	char *module;		/* "pam_unix.so", "/lib/security/pam_oath.so", or the included service name */
	char **args;
	size_t n_args;
	size_t line;
};

struct pam_file {
	struct pam_line *v;
	size_t n;
	struct parse_bad bad;
};

int pam_parse(const char *buf, size_t len, struct pam_file *out, struct err *err);
void pam_free(struct pam_file *f);
/* "pam_oath.so" for "/lib/x86_64-linux-gnu/security/pam_oath.so"; returns a pointer into module. */
const char *pam_module_base(const char *module);

#endif
