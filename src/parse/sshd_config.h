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

/*
 * One connection as sshd's Match sees it (servconf.c match_cfg_line()).
 * A NULL field (0 for lport) is not known: criteria on it do not match,
 * as with "sshd -T -C" given only some of user=,host=,addr=,laddr=,lport=.
 */
struct sshd_conn {
	const char *user;
	bool user_exists;		/* Group matches only users the system knows */
	const char *const *groups;	/* the user's groups by name, primary first */
	size_t n_groups;
	const char *host;		/* the client's name (its address when UseDNS is off) */
	const char *addr;		/* client address */
	const char *laddr;		/* local address */
	int lport;			/* local port */
};

/*
 * Evaluates the criteria of a Match line (the text after "Match", split as
 * sshd splits it) for one connection: 1 when the block applies, 0 when not,
 * -EINVAL when sshd refuses the line (and so the whole configuration).
 */
int sshd_match_eval(const char *criteria, const struct sshd_conn *c);
/*
 * Calls fn for each argument of the criteria's attribute attr (e.g. every
 * "Address" argument, as one comma-separated list). Returns how many.
 */
size_t sshd_match_args(const char *criteria, const char *attr, void (*fn)(const char *list, void *arg), void *arg);
/* OpenSSH match_user(): user, or user@host pattern; 1, 0, or -1 (invalid). */
int sshd_match_user(const char *user, const char *host, const char *addr, const char *pattern);
/* OpenSSH match_pattern_list(): 1 on a match, -1 on a negated match, 0 otherwise. */
int sshd_pattern_list(const char *s, const char *list, bool dolower);
/* OpenSSH addr_match_list(): 1, 0, -1 (negated match), -2 (invalid list). */
int sshd_addr_list(const char *addr, const char *list);

#endif
