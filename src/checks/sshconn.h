/* Per-connection sshd verdicts: shared by the SSH and MFA checks. */
#ifndef KYUKA_CHECKS_SSHCONN_H
#define KYUKA_CHECKS_SSHCONN_H

#include <stddef.h>

#include "collect/accounts.h"

/* The groups of an account by name, primary first (for Match Group and AllowGroups); gr may be NULL. */
size_t sshd_account_groups(const struct passwd_entry *p, const struct group_db *gr, const char **out, size_t max);
/* "from 10.0.0.0/8 to 192.0.2.0/24 on port 2222" (translated): the connections a representative stands for. */
void sshd_describe_rep(const struct sshd_reps *reps, const struct sshd_rep *r, char *buf, size_t size);

#endif
