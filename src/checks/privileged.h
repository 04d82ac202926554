/*
 * Who can act as root: uid 0, members of administrative or root-equivalent
 * groups, and sudoers grants (aliases, %group, %#gid, #uid and ALL expanded
 * against the account databases).
 */
#ifndef KYUKA_CHECKS_PRIVILEGED_H
#define KYUKA_CHECKS_PRIVILEGED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/accounts.h"
#include "parse/sudoers.h"
#include "util/err.h"

struct facts;

struct sudo_grant {
	const char *file;
	size_t line;
	const char *principal;	/* as written in the rule */
	bool all_cmds;		/* ALL, a Cmnd_Alias holding ALL, or a shell */
	bool runas_root;
	bool nopasswd;		/* for the commands that make it privileged */
	bool negated_cmds;	/* "ALL, !X": negations that sudo itself says do not contain */
	bool unresolved;	/* a netgroup or unknown alias: covers accounts we cannot list */
	const size_t *users;	/* passwd indexes of the accounts it covers (in lists, shared) */
	size_t n_users;
};

struct priv_account {
	size_t pw;		/* passwd index */
	bool uid0;
	bool full_root;		/* uid 0, or sudo ALL as root, or a root-equivalent group */
	bool nopasswd;		/* full root without a password */
	char *why;		/* "uid 0", "group sudo", "sudoers /etc/sudoers:20 (ALL)" ...: the first
				   few, then "and N more" */
};

struct priv_facts {
	struct priv_account *v;
	size_t n;
	struct sudo_grant *grants;
	size_t n_grants;
	size_t **lists;		/* the grants' user lists, each distinct one once (owned here) */
	size_t *n_list;
	size_t n_lists;
};

int priv_compute(struct facts *f, struct priv_facts *out, struct err *err);
void priv_facts_free(struct priv_facts *p);
/* The group's members: listed members plus accounts whose primary group it is (passwd indexes, sorted, unique). */
size_t *group_members(const struct passwd_db *pw, const struct group_entry *g, size_t *n);

#endif
