/*
 * kyuka's sudo model per user, for the sudo oracle test
 * (tests/integration/oracle_sudo.sh): reads ROOT's sudoers, passwd and
 * group the way the checks do and prints, for each user named,
 *   USER all=yes|no nopasswd=yes|no
 * all: a grant of every command as root covers the user (SUDO-0010's
 * model); nopasswd: such a grant without a password, counting
 * "Defaults !authenticate" that applies to the user (the privileged
 * accounts' "full root without a password").
 * A first line "bad N" counts the sudoers lines kyuka did not understand.
 */
#include <stdio.h>
#include <string.h>

#include "checks/facts.h"
#include "checks/privileged.h"
#include "collect/root.h"

int main(int argc, char **argv)
{
	struct root *r;
	struct facts *f;
	const struct passwd_db *pw;
	const struct priv_facts *pf;
	struct err e = { 0 };
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: sudo_grants ROOT USER...\n");
		return 2;
	}
	if (root_open(argv[1], &r, &e) < 0) {
		fprintf(stderr, "sudo_grants: %s\n", e.msg);
		return 1;
	}
	f = facts_new(r);
	if (facts_passwd(f, &pw, &e) < 0 || facts_privileged(f, &pf, &e) < 0) {
		fprintf(stderr, "sudo_grants: %s\n", e.msg);
		return 1;
	}
	{
		const struct sudo_facts *sf;
		size_t bad = 0;

		if (facts_sudoers(f, &sf, &e) == 0)
			for (size_t k = 0; k < sf->n_files; k++)
				bad += sf->files[k].s.bad.n;
		printf("bad %zu\n", bad);
	}
	for (i = 2; i < argc; i++) {
		bool all = false, nopw = false;

		for (size_t g = 0; g < pf->n_grants; g++) {
			const struct sudo_grant *sg = &pf->grants[g];

			if (!sg->all_cmds || !sg->runas_root)
				continue;
			for (size_t k = 0; k < sg->n_users; k++)
				if (!strcmp(pw->v[sg->users[k]].name, argv[i]))
					all = true;
		}
		for (size_t k = 0; k < pf->n; k++)
			if (!strcmp(pw->v[pf->v[k].pw].name, argv[i]) && pf->v[k].nopasswd)
				nopw = all;
		printf("%s all=%s nopasswd=%s\n", argv[i], all ? "yes" : "no", nopw ? "yes" : "no");
	}
	facts_free(f);
	root_close(r);
	return 0;
}
