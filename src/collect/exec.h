/*
 * The one way kyuka runs another program: execve with an argv (never a
 * shell), a timeout after which the whole process group is killed, bounded
 * capture of stdout and stderr, stdin from /dev/null, a minimal fixed
 * environment, and a clear error when the program is missing.
 */
#ifndef KYUKA_COLLECT_EXEC_H
#define KYUKA_COLLECT_EXEC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/err.h"
#include "util/strbuf.h"

struct exec_opts {
	unsigned timeout_ms;	/* 0 = EXEC_DEFAULT_TIMEOUT_MS */
	size_t max_stdout;	/* 0 = EXEC_DEFAULT_MAX_OUTPUT; output past it is discarded and flagged */
	size_t max_stderr;
	const char *const *env;	/* NULL = PATH=/usr/sbin:/usr/bin:/sbin:/bin, LC_ALL=C */
	const char *cwd;	/* the child's working directory; NULL = ours */
	int nice;		/* added to the child's nice value: > 0 lets it yield the CPU to the rest of kyuka */
	/* When non-NULL and it becomes non-zero (a signal handler), the group is killed: -ECANCELED. */
	volatile const sig_atomic_t *cancel;
};

#define EXEC_DEFAULT_TIMEOUT_MS 30000u
#define EXEC_DEFAULT_MAX_OUTPUT ((size_t)16 << 20)

struct exec_result {
	int exit_code;		/* exit status, or -1 when killed by a signal */
	int signal;		/* the signal, or 0 */
	bool timed_out;
	bool stdout_truncated, stderr_truncated;
	struct strbuf out;	/* caller releases with exec_result_release() */
	struct strbuf errout;
};

/*
 * Runs argv[0] (looked up in the fixed PATH when it has no '/'). Returns 0
 * when the program ran (whatever its exit status; see res), -ENOENT when it
 * is not installed ("'restic' is not installed"), -ETIMEDOUT when killed at
 * the timeout, -ECANCELED when opts->cancel was raised (the group is killed),
 * other negative errno for failures to start.
 */
int exec_run(const char *const argv[], const struct exec_opts *opts, struct exec_result *res, struct err *err);
void exec_result_release(struct exec_result *res);
/* True when the program can be found in the fixed PATH. */
bool exec_available(const char *prog);

/* What a worker runs as: root's drop to an account of no privilege (the malware scan picks nobody). */
struct exec_worker_opts {
	bool drop;		/* change to uid/gid, with no supplementary groups, for good */
	uid_t uid;
	gid_t gid;
};

#define EXEC_WORKER_SOCK 3	/* the worker's end of its socket */
#define EXEC_WORKER_NOPRIV 126	/* a worker's exit status when it could not be confined */

/*
 * A process of kyuka's own, not a program (the malware scan's workers): forks;
 * the child dies with its parent, keeps only its end of a SOCK_SEQPACKET pair
 * (as EXEC_WORKER_SOCK) with the standard streams on /dev/null (every other
 * descriptor closed), leads a session of its own (no controlling terminal),
 * drops to wo's account when wo->drop, holds no capability, can gain no
 * privilege through execve and cannot be traced or dumped
 * (PR_SET_NO_NEW_PRIVS, not dumpable), then calls fn(arg, sock) and _exits;
 * it exits with EXEC_WORKER_NOPRIV at once when it cannot be so confined.
 * Returns the child's pid with *sock the parent's end (close-on-exec), or a
 * negative errno.
 */
int exec_fork_worker(void (*fn)(void *arg, int sock), void *arg, const struct exec_worker_opts *wo, int *sock);

#endif
