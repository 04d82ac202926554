/*
 * kyuka's answer to "does this PAM service ask for a second factor", for the
 * PAM oracle test (tests/integration/oracle_pam.sh): reads ROOT's
 * /etc/pam.d/SERVICE (or /etc/pam.d/other without it, as Linux-PAM and
 * MFA-0020/0030 do) the way the MFA checks do and prints
 *   SERVICE mfa=required|weak|none incomplete=yes|no [module=NAME]
 * required: pam_find_mfa() found an MFA module the stack cannot succeed
 * without; weak: an MFA module the stack can succeed without; none: no MFA
 * module in the auth stack.
 */
#include <stdio.h>

#include "checks/pam_mfa.h"
#include "collect/root.h"
#include "parse/pam.h"

int main(int argc, char **argv)
{
	struct root *r;
	struct err e = { 0 };
	int i;

	if (argc < 3) {
		fprintf(stderr, "usage: pam_mfa ROOT SERVICE...\n");
		return 2;
	}
	if (root_open(argv[1], &r, &e) < 0) {
		fprintf(stderr, "pam_mfa: %s\n", e.msg);
		return 1;
	}
	for (i = 2; i < argc; i++) {
		struct pam_stack s = { 0 };
		struct pam_mfa pm;

		if (collect_pam(r, argv[i], &s, &e) < 0 || (!s.present && collect_pam(r, "other", &s, &e) < 0)) {
			printf("%s error %s\n", argv[i], e.msg);
			continue;
		}
		pam_find_mfa(&s, &pm);
		printf("%s mfa=%s incomplete=%s", argv[i], pm.module ? "required" : pm.weak ? "weak" : "none",
		       s.incomplete ? "yes" : "no");
		if (pm.module || pm.weak)
			printf(" module=%s", pam_module_base((pm.module ? pm.module : pm.weak)->l->module));
		printf("\n");
		pam_stack_free(&s);
	}
	root_close(r);
	return 0;
}
