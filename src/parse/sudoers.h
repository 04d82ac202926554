/*
 * sudoers(5), the parts an access review needs: user specifications (who,
 * on which hosts, as whom, with which tags, which commands), aliases,
 * Defaults lines, and include directives. Bytes in, struct out; includes are
 * listed, not followed (collect/ follows them inside the root).
 *
 * Handled: '#' comments (but "#include", "#includedir" and "#123" uids are
 * not comments), backslash line continuation, "@include"/"@includedir",
 * User_Alias/Runas_Alias/Host_Alias/Cmnd_Alias (several per line with ':'),
 * several "Host = Cmnds" groups per spec separated by ':', tags
 * (NOPASSWD:, PASSWD:, NOEXEC:, SETENV:, ... carried to later commands in
 * the same spec), Runas "(user:group)", '!' negation, quoted strings,
 * %group, %#gid, #uid, +netgroup, ALL.
 */
#ifndef KYUKA_PARSE_SUDOERS_H
#define KYUKA_PARSE_SUDOERS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/limits.h"
#include "util/arena.h"
#include "util/err.h"

enum sudo_alias_kind { SUDO_ALIAS_USER, SUDO_ALIAS_RUNAS, SUDO_ALIAS_HOST, SUDO_ALIAS_CMND };

struct sudo_alias {
	enum sudo_alias_kind kind;
	char *name;
	char **members;		/* as written, e.g. "alice", "%wheel", "!bob", "/usr/bin/apt" */
	size_t n_members;
	size_t line;
};

/* One command with the tags in force for it. */
struct sudo_cmnd {
	char *cmnd;		/* "ALL", "/usr/bin/apt", an alias name, "!/bin/sh", "sudoedit /etc/x" */
	bool negated;
	bool nopasswd;		/* NOPASSWD tag in force */
	bool passwd;		/* PASSWD tag in force: a password even under Defaults !authenticate */
	bool all;		/* the command is ALL (not negated) */
};

/* One "Users Hosts = (Runas) Tag: Cmnds" grant; a line with several ':'-groups gives several. */
struct sudo_rule {
	char **users;		/* as written: "alice", "%sudo", "%#27", "#0", "+admins", "ADMINS", "ALL" */
	size_t n_users;
	char **hosts;
	size_t n_hosts;
	char *runas;		/* raw text inside the parentheses, NULL when absent (root) */
	struct sudo_cmnd *cmnds;
	size_t n_cmnds;
	size_t line;		/* first physical line of the logical line */
};

struct sudo_default {
	char *binding;		/* NULL, or the text after "Defaults" and one of : @ > ! (e.g. ":alice") */
	char *text;		/* the parameter list, raw ("!authenticate, env_reset") */
	bool authenticate_off;	/* the list contains "!authenticate" */
	size_t line;
};

struct sudo_include {
	char *path;		/* as written (may contain %h) */
	bool is_dir;
	size_t line;
};

struct sudoers {
	struct sudo_rule *rules;
	size_t n_rules;
	struct sudo_alias *aliases;
	size_t n_aliases;
	struct sudo_default *defaults;
	size_t n_defaults;
	struct sudo_include *includes;
	size_t n_includes;
	struct parse_bad bad;
	struct arena mem;	/* every string and list above: one allocation per block, not per token */
};

int sudoers_parse(const char *buf, size_t len, struct sudoers *out, struct err *err);
void sudoers_free(struct sudoers *s);
const struct sudo_alias *sudoers_alias(const struct sudoers *s, enum sudo_alias_kind kind, const char *name);

#endif
