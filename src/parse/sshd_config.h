/*
 * sshd_config(5): one file, bytes in, struct out. Keywords are matched
 * case-insensitively and stored lowercased; "Keyword value", "Keyword=value"
 * and "Keyword = value" forms; double-quoted arguments; '#' comments.
 * "Match" starts a block that lasts until the next Match (or end of file);
 * "Match all" ends the conditional part. Include directives are listed in
 * place (collect/ expands them inside the root, with a depth cap).
 */
#ifndef KYUKA_PARSE_SSHD_CONFIG_H
#define KYUKA_PARSE_SSHD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/limits.h"
#include "util/err.h"

struct sshd_directive {
	char *keyword;		/* lowercased: "permitrootlogin", "include", "match" */
	char **args;		/* unquoted arguments */
	size_t n_args;
	int match;		/* index into matches of the enclosing Match block, or -1 */
	size_t line;
};

struct sshd_match {
	char *criteria;		/* raw text after "Match", e.g. "Address 10.0.0.0/8 User alice" */
	bool all;		/* "Match all" (unconditional again) */
	size_t line;
};

struct sshd_config {
	struct sshd_directive *v;	/* in file order, including "include" and "match" lines */
	size_t n;
	struct sshd_match *matches;
	size_t n_matches;
	struct parse_bad bad;
};

int sshd_config_parse(const char *buf, size_t len, struct sshd_config *out, struct err *err);
void sshd_config_free(struct sshd_config *c);

#endif
