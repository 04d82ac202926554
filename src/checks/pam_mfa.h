/*
 * Does a PAM auth stack ask for a second factor? Answered by walking the
 * stack the way Linux-PAM's _pam_dispatch_aux() does (impression and status,
 * the control's action per return value, jumps counting a substack as one
 * module, done/die ending only the substack they are in, reset) with every
 * second-factor module failing: if no way through succeeds, the second
 * factor is required. tests/integration/oracle_pam.sh checks this against
 * pamtester.
 */
#ifndef KYUKA_CHECKS_PAM_MFA_H
#define KYUKA_CHECKS_PAM_MFA_H

#include <stdbool.h>

#include "collect/accounts.h"

struct pam_mfa {
	const struct pam_entry *module;	/* the enforcing MFA module (the first in the stack), or NULL */
	const struct pam_entry *weak;	/* an MFA module that can be skipped (its control, the stack, nullok) */
	const char *weak_why;		/* N_() text */
};

/* Is the module (a path or a file name) one that asks for a second factor? */
bool pam_is_mfa_module(const char *module);
void pam_find_mfa(const struct pam_stack *s, struct pam_mfa *out);

#endif
