/*
 * Listening sockets and the processes that hold them, read through the
 * root: /proc/net/{tcp,tcp6,udp,udp6,raw,raw6} for the sockets, then every
 * /proc/PID/fd for the "socket:[INODE]" links (as ss(8) does), and for each
 * owner its comm, exe and systemd unit (/proc/PID/cgroup).
 *
 * On the running host the kernel's tables describe the network namespace of
 * kyuka itself. Under --root the same files are read from the root's /proc,
 * so a fixture or a saved copy of /proc (with the fd links as symbolic
 * links) is audited the same way.
 */
#ifndef KYUKA_COLLECT_SOCKETS_H
#define KYUKA_COLLECT_SOCKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "collect/root.h"
#include "parse/proc_net.h"
#include "util/err.h"

#define SOCKETS_MAX_FILE	((size_t)512 << 20)	/* one /proc/net table */
#define SOCKETS_MAX_PROCS	((size_t)1 << 22)	/* entries of /proc */
#define SOCKETS_MAX_OWNERS	64			/* processes remembered per socket */

struct sock_proc {
	pid_t pid;
	char comm[64];		/* may hold any bytes but NUL (escape before printing) */
	char *exe;		/* NULL when unreadable */
	char unit[256];		/* "" when none */
};

struct listen_sock {
	struct sock_entry e;
	size_t owners[SOCKETS_MAX_OWNERS];	/* indexes into sock_facts.procs, by pid */
	size_t n_owners;			/* kept (the first SOCKETS_MAX_OWNERS) */
	size_t n_owners_total;
};

struct sock_facts {
	struct listen_sock *v;	/* listening sockets, sorted by proto, family, port, address */
	size_t n;
	struct sock_proc *procs;
	size_t n_procs;
	size_t bad_lines;	/* lines of the tables that were not socket entries */
	size_t unreadable;	/* processes whose fds could not be read (not root) */
	bool owners_known;	/* /proc/PID entries were there to walk */
};

enum {
	SOCKETS_NO_OWNERS = 1u << 0,	/* skip the /proc/PID walk */
};

/* Fills out (freed with sock_facts_free); -ENOENT when the root has no /proc/net/tcp. */
int collect_sockets(const struct root *r, unsigned flags, struct sock_facts *out, struct err *err);
void sock_facts_free(struct sock_facts *f);

#endif
