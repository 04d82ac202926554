/* Per-connection sshd verdicts: shared by the SSH and MFA checks. */
#include "checks/sshconn.h"
#include "util/i18n.h"

#include <stdio.h>
#include <string.h>

/* The groups of an account by name, primary first (for Match Group and AllowGroups). */
size_t sshd_account_groups(const struct passwd_entry *p, const struct group_db *gr, const char **out, size_t max)
{
	size_t n = 0;

	if (!gr)
		return 0;
	for (size_t i = 0; i < gr->n && n < max; i++) {
		bool in = gr->v[i].gid == p->gid;

		for (size_t j = 0; !in && j < gr->v[i].n_members; j++)
			in = !strcmp(gr->v[i].members[j], p->name);
		if (in)
			out[n++] = gr->v[i].name;
	}
	return n;
}

/* "from 10.0.0.0/8 to 192.0.2.0/24 on port 2222": which connections a representative stands for. */
void sshd_describe_rep(const struct sshd_reps *reps, const struct sshd_rep *r, char *buf, size_t size)
{
	char a[100], l[100] = "", p[60] = "";

	if (r->addr_from[0])
		snprintf(a, sizeof(a), _("from %s"), r->addr_from);
	else
		snprintf(a, sizeof(a), "%s", _("from other addresses"));
	if (reps->several_laddr && r->laddr_from[0])
		snprintf(l, sizeof(l), _("to %s"), r->laddr_from);
	else if (reps->several_laddr)
		snprintf(l, sizeof(l), "%s", _("to other local addresses"));
	if (reps->several_ports)
		snprintf(p, sizeof(p), _("on port %d"), r->lport);
	snprintf(buf, size, "%s%s%s%s%s", a, l[0] ? " " : "", l, p[0] ? " " : "", p);
}
