/*
 * Running another program: fork and execve with a fixed PATH, a minimal
 * environment, stdin from /dev/null, every other descriptor closed, default
 * signal dispositions and an empty mask, in a process group of its own. An
 * exec failure comes back through a close-on-exec status pipe, so when
 * exec_run goes on the program is running in its own group. The parent
 * drains both pipes against a CLOCK_MONOTONIC deadline and kills the whole
 * group at the end of it. The leader is never reaped before its group has
 * been signalled, so the group ID cannot be reused under us.
 *
 * Not posix_spawn: glibc's leaves its internal signals 32 and 33 ignored in
 * the child, and ignored dispositions survive execve.
 */
#include "collect/exec.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define EXEC_PATH "/usr/sbin:/usr/bin:/sbin:/bin"
#define EXEC_TERM_GRACE_MS 500
#define EXEC_READ_CHUNK 65536
#define EXEC_POLL_FALLBACK_MS 5
#define EXEC_MAX_FD_WALK 65535u
#define EXEC_CANCEL_POLL_MS 200	/* how often a cancel flag is looked at while waiting */

static const char *const exec_path_dirs[] = { "/usr/sbin", "/usr/bin", "/sbin", "/bin" };

static const char *const exec_default_env[] = {
	"PATH=" EXEC_PATH,
	"LC_ALL=C",
	"LANG=C",
	NULL,
};

static bool is_executable_file(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return false;
	return faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) == 0;
}

/* Resolves prog against the fixed PATH; *out (caller frees) is set on success. */
static int resolve(const char *prog, char **out, struct err *err)
{
	size_t i;

	if (!prog || !*prog)
		return err_set(err, -EINVAL, "empty program name");
	if (strlen(prog) >= PATH_MAX)
		return err_set(err, -ENAMETOOLONG, "program name too long");
	if (strchr(prog, '/')) {
		struct stat st;

		if (stat(prog, &st) < 0)
			return err_set(err, -ENOENT, "'%s' is not installed", prog);
		if (!is_executable_file(prog))
			return err_set(err, -EACCES, "cannot run '%s': not an executable file", prog);
		*out = xstrdup(prog);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(exec_path_dirs); i++) {
		char *p = xasprintf("%s/%s", exec_path_dirs[i], prog);

		if (is_executable_file(p)) {
			*out = p;
			return 0;
		}
		free(p);
	}
	return err_set(err, -ENOENT, "'%s' is not installed", prog);
}

bool exec_available(const char *prog)
{
	char *p = NULL;

	if (resolve(prog, &p, NULL) < 0)
		return false;
	free(p);
	return true;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int remaining_ms(int64_t deadline)
{
	int64_t left = deadline - now_ms();

	if (left <= 0)
		return 0;
	return left > INT32_MAX ? INT32_MAX : (int)left;
}

static void close_fd(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

/* Moves fd above 2 so the child's dup2 onto 0..2 cannot clobber it. */
static int fd_above_stdio(int *fd)
{
	int nfd;

	if (*fd > 2)
		return 0;
	nfd = fcntl(*fd, F_DUPFD_CLOEXEC, 3);
	if (nfd < 0)
		return -errno;
	close(*fd);
	*fd = nfd;
	return 0;
}

/*
 * True when the leader has exited (not reaped: WNOWAIT keeps it a zombie so
 * its process group ID stays reserved). Waits at most ms.
 */
static bool wait_exit(pid_t pid, int pidfd, int ms)
{
	int64_t deadline = now_ms() + ms;

	for (;;) {
		siginfo_t si;

		if (pidfd >= 0) {
			struct pollfd p = { .fd = pidfd, .events = POLLIN };
			int r = poll(&p, 1, remaining_ms(deadline));

			if (r > 0)
				return true;
			if (r == 0)
				return false;
			if (errno != EINTR)
				pidfd = -1;	/* fall back to polling waitid */
			continue;
		}
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0) {
			if (errno == EINTR)
				continue;
			return true;	/* ECHILD: nothing left to wait for */
		}
		if (si.si_pid == pid)
			return true;
		if (remaining_ms(deadline) == 0)
			return false;
		{
			struct timespec ts = { 0, EXEC_POLL_FALLBACK_MS * 1000000L };

			nanosleep(&ts, NULL);
		}
	}
}

static int reap_pid(pid_t pid, int *status)
{
	for (;;) {
		if (waitpid(pid, status, 0) == pid)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

struct capture {
	int fd;
	struct strbuf *sb;
	size_t cap;
	bool *truncated;
};

/* Reads what is available; closes the fd at EOF or on error. */
static void capture_read(struct capture *c, char *buf)
{
	for (;;) {
		ssize_t n = read(c->fd, buf, EXEC_READ_CHUNK);

		if (n > 0) {
			size_t room = c->cap - c->sb->len;
			size_t take = (size_t)n < room ? (size_t)n : room;

			if (take)
				strbuf_add(c->sb, buf, take);	/* fits: take <= cap - len */
			if (take < (size_t)n)
				*c->truncated = true;
			return;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		close_fd(&c->fd);
		return;
	}
}

static void format_timeout(char *buf, size_t len, unsigned ms)
{
	if (ms % 1000 == 0)
		snprintf(buf, len, "%u s", ms / 1000);
	else
		snprintf(buf, len, "%u ms", ms);
}

/* Closes every descriptor from lo up to hi (inclusive). Async-signal-safe. */
static void close_from(unsigned lo, unsigned hi)
{
	struct rlimit rl;
	unsigned fd, top;

	if (lo > hi)
		return;
	if (close_range(lo, hi, 0) == 0)
		return;
	/* No close_range (old kernel, seccomp): walk up to the descriptor limit. */
	top = hi;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur - 1 < top)
		top = (unsigned)rl.rlim_cur - 1;
	if (top > EXEC_MAX_FD_WALK)
		top = EXEC_MAX_FD_WALK;
	for (fd = lo; fd <= top; fd++)
		close((int)fd);
}

/*
 * glibc's sigaction() refuses the two signals it reserves (32 and 33), so a
 * disposition "ignore" inherited for them (GNU make's posix_spawn leaves them
 * so) would reach the program. The kernel call resets them.
 */
static void reset_reserved_signal(int sig)
{
#if defined(__x86_64__) || defined(__aarch64__)
	struct {
		void (*handler)(int);
		unsigned long flags;
		void (*restorer)(void);
		unsigned long mask;
	} ksa = { SIG_DFL, 0, NULL, 0 };

	syscall(SYS_rt_sigaction, sig, &ksa, NULL, sizeof(ksa.mask));
#else
	(void)sig;
#endif
}

/*
 * The child between fork and execve. Only async-signal-safe calls (the
 * parent may have threads). Signals stay blocked until the dispositions are
 * back to default, so no handler of the parent's runs here. A failure is
 * reported as an errno on statusfd (close-on-exec, so EOF means exec worked).
 * outfd, errfd and statusfd are all above 2.
 */
static void __attribute__((noreturn)) child(const char *path, const char *const argv[],
					     const char *const envp[], const char *cwd, int nice_inc, int outfd,
					     int errfd, int statusfd)
{
	struct sigaction dfl;
	sigset_t none;
	int sig, fd, e;

	if (setpgid(0, 0) < 0)
		goto fail;
	if (cwd && chdir(cwd) < 0)
		goto fail;
	if (nice_inc > 0 && setpriority(PRIO_PROCESS, 0, getpriority(PRIO_PROCESS, 0) + nice_inc) < 0)
		goto fail;
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		if (sigaction(sig, &dfl, NULL) < 0 && sig != SIGKILL && sig != SIGSTOP)
			reset_reserved_signal(sig);
	fd = open("/dev/null", O_RDONLY);
	if (fd < 0)
		goto fail;
	if (fd != 0) {
		if (dup2(fd, 0) < 0)
			goto fail;
		close(fd);
	}
	if (dup2(outfd, 1) < 0 || dup2(errfd, 2) < 0)
		goto fail;
	close_from(3, (unsigned)statusfd - 1);
	close_from((unsigned)statusfd + 1, ~0u);
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) < 0)
		goto fail;
	execve(path, (char *const *)argv, (char *const *)envp);
fail:
	e = errno;
	if (write(statusfd, &e, sizeof(e)) < 0) {
		/* nothing left to tell anyone */
	}
	_exit(127);
}

/* Forks the child; returns its pid once it has exec'd, or a negative errno (reaped). */
static int start(const char *path, const char *const argv[], const char *const envp[], const char *cwd,
		 int nice_inc, int outfd, int errfd, pid_t *out)
{
	int st[2] = { -1, -1 };
	sigset_t all, old;
	pid_t pid;
	ssize_t n;
	int e = 0, r;

	if (pipe2(st, O_CLOEXEC) < 0)
		return -errno;
	if ((r = fd_above_stdio(&st[1])) < 0) {
		close(st[0]);
		close(st[1]);
		return r;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0)
		child(path, argv, envp, cwd, nice_inc, outfd, errfd, st[1]);
	e = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	close(st[1]);
	if (pid < 0) {
		close(st[0]);
		return -e;
	}
	do
		n = read(st[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(st[0]);
	if (n == 0) {
		*out = pid;
		return 0;
	}
	if (n != (ssize_t)sizeof(e) || e <= 0) {
		/* Cannot tell whether it exec'd: make sure it is gone. */
		kill(pid, SIGKILL);
		e = EIO;
	}
	{
		int status;

		reap_pid(pid, &status);
	}
	return -e;
}

int exec_run(const char *const argv[], const struct exec_opts *opts, struct exec_result *res,
	     struct err *err)
{
	static const struct exec_opts defaults = { 0 };
	char *path = NULL;
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	int pidfd = -1;
	pid_t pid = -1;
	bool timed_out = false, cancelled = false;
	struct capture cap[2];
	unsigned timeout_ms;
	int64_t deadline;
	char *buf = NULL;
	int status = 0;
	int r;

	if (!opts)
		opts = &defaults;
	memset(res, 0, sizeof(*res));
	strbuf_init(&res->out, 0);
	strbuf_init(&res->errout, 0);
	if (!argv || !argv[0])
		return err_set(err, -EINVAL, "no program to run");
	r = resolve(argv[0], &path, err);
	if (r < 0)
		return r;

	timeout_ms = opts->timeout_ms ? opts->timeout_ms : EXEC_DEFAULT_TIMEOUT_MS;
	strbuf_init(&res->out, opts->max_stdout ? opts->max_stdout : EXEC_DEFAULT_MAX_OUTPUT);
	strbuf_init(&res->errout, opts->max_stderr ? opts->max_stderr : EXEC_DEFAULT_MAX_OUTPUT);

	if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		r = err_set(err, -errno, "cannot run '%s': pipe: %s", argv[0], strerror(errno));
		goto out;
	}
	if ((r = fd_above_stdio(&outp[0])) < 0 || (r = fd_above_stdio(&outp[1])) < 0 ||
	    (r = fd_above_stdio(&errp[0])) < 0 || (r = fd_above_stdio(&errp[1])) < 0 ||
	    (fcntl(outp[0], F_SETFL, O_NONBLOCK) < 0 && (r = -errno) < 0) ||
	    (fcntl(errp[0], F_SETFL, O_NONBLOCK) < 0 && (r = -errno) < 0)) {
		err_set(err, r, "cannot run '%s': %s", argv[0], strerror(-r));
		goto out;
	}

	r = start(path, argv, opts->env ? opts->env : exec_default_env, opts->cwd, opts->nice, outp[1], errp[1], &pid);
	if (r == -ENOENT) {
		err_set(err, r, "'%s' is not installed", argv[0]);
		goto out;
	} else if (r < 0) {
		err_set(err, r, "cannot run '%s': %s", argv[0], strerror(-r));
		goto out;
	}
	close_fd(&outp[1]);
	close_fd(&errp[1]);
	pidfd = pidfd_open(pid, 0);	/* -1 (old kernel, seccomp): wait_exit polls instead */

	buf = xmalloc(EXEC_READ_CHUNK);
	cap[0] = (struct capture){ outp[0], &res->out, res->out.max, &res->stdout_truncated };
	cap[1] = (struct capture){ errp[0], &res->errout, res->errout.max, &res->stderr_truncated };
	outp[0] = errp[0] = -1;	/* owned by cap[] now */
	deadline = now_ms() + timeout_ms;

	while (cap[0].fd >= 0 || cap[1].fd >= 0) {
		struct pollfd p[2];
		int i, n;

		for (i = 0; i < 2; i++)
			p[i] = (struct pollfd){ .fd = cap[i].fd, .events = POLLIN };
		if (remaining_ms(deadline) == 0) {
			timed_out = true;
			break;
		}
		if (opts->cancel && *opts->cancel) {
			cancelled = true;
			break;
		}
		n = poll(p, 2, opts->cancel && remaining_ms(deadline) > EXEC_CANCEL_POLL_MS ? EXEC_CANCEL_POLL_MS
											: remaining_ms(deadline));
		if (n < 0 && errno != EINTR) {
			/* Cannot happen with valid fds; treat it as the end of output. */
			close_fd(&cap[0].fd);
			close_fd(&cap[1].fd);
			break;
		}
		for (i = 0; n > 0 && i < 2; i++)
			if (cap[i].fd >= 0 && p[i].revents)
				capture_read(&cap[i], buf);
	}
	/* Closing the read ends first: a child writing while dying gets EPIPE, never blocks. */
	close_fd(&cap[0].fd);
	close_fd(&cap[1].fd);

	while (!timed_out && !cancelled &&
	       !wait_exit(pid, pidfd, opts->cancel ? EXEC_CANCEL_POLL_MS : remaining_ms(deadline))) {
		if (opts->cancel && *opts->cancel)
			cancelled = true;
		else if (remaining_ms(deadline) == 0)
			timed_out = true;
	}
	if (timed_out || cancelled) {
		kill(-pid, SIGTERM);
		wait_exit(pid, pidfd, EXEC_TERM_GRACE_MS);
	}
	/* The leader is gone (or about to be killed); take the rest of its group with it. */
	kill(-pid, SIGKILL);
	r = reap_pid(pid, &status);
	if (r < 0) {
		err_set(err, r, "cannot wait for '%s': %s", argv[0], strerror(-r));
		goto out;
	}
	if (WIFEXITED(status)) {
		res->exit_code = WEXITSTATUS(status);
		res->signal = 0;
	} else {
		res->exit_code = -1;
		res->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	}
	res->timed_out = timed_out;
	if (cancelled) {
		r = err_set(err, -ECANCELED, "'%s' was interrupted", argv[0]);
	} else if (timed_out) {
		char t[32];

		format_timeout(t, sizeof(t), timeout_ms);
		r = err_set(err, -ETIMEDOUT, "'%s' did not finish within %s", argv[0], t);
	} else {
		r = 0;
	}
out:
	if (pidfd >= 0)
		close(pidfd);
	close_fd(&outp[0]);
	close_fd(&outp[1]);
	close_fd(&errp[0]);
	close_fd(&errp[1]);
	free(buf);
	free(path);
	if (r < 0 && r != -ETIMEDOUT && r != -ECANCELED) {
		strbuf_release(&res->out);
		strbuf_release(&res->errout);
		memset(res, 0, sizeof(*res));
		strbuf_init(&res->out, 0);
		strbuf_init(&res->errout, 0);
	}
	return r;
}

void exec_result_release(struct exec_result *res)
{
	if (!res)
		return;
	strbuf_release(&res->out);
	strbuf_release(&res->errout);
}

/* In the child: drops to wo's account, for good (no way back to root, no gain through execve). */
static bool drop_to(const struct exec_worker_opts *wo)
{
	uid_t r, e, sv;
	gid_t rg, eg, sg;

	if (setgroups(0, NULL) < 0 || setresgid(wo->gid, wo->gid, wo->gid) < 0 || setresuid(wo->uid, wo->uid, wo->uid) < 0)
		return false;
	if (getresuid(&r, &e, &sv) < 0 || getresgid(&rg, &eg, &sg) < 0)
		return false;
	if (r != wo->uid || e != wo->uid || sv != wo->uid || rg != wo->gid || eg != wo->gid || sg != wo->gid)
		return false;
	/* not undone: the saved IDs are the new account's too */
	return setuid(0) < 0;
}

/* In the child: no capability left, whoever it runs as (a caller that is not root may hold some). */
static bool drop_caps(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(d, 0, sizeof(d));
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return false;
	return syscall(SYS_capset, &h, d) == 0;
}

int exec_fork_worker(void (*fn)(void *arg, int sock), void *arg, const struct exec_worker_opts *wo, int *sock)
{
	pid_t parent = getpid(), pid;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int e = errno;

		close(sv[0]);
		close(sv[1]);
		return -e;
	}
	if (pid == 0) {
		int fd = sv[1], nul, i;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(0);
		/*
		 * nothing of the parent's: its socket as EXEC_WORKER_SOCK, the standard
		 * streams on /dev/null (not root's terminal, whose input a process of the
		 * terminal's session can type into, nor root's output files), every other
		 * descriptor closed (the other processes' sockets, whose ends must see
		 * those processes go; the files handed to them; the database)
		 */
		close(sv[0]);
		if (fd != EXEC_WORKER_SOCK) {
			if (dup2(fd, EXEC_WORKER_SOCK) < 0)
				_exit(EXEC_WORKER_NOPRIV);
			fd = EXEC_WORKER_SOCK;
		}
		nul = open("/dev/null", O_RDWR);
		if (nul < 0)
			_exit(EXEC_WORKER_NOPRIV);
		for (i = 0; i < EXEC_WORKER_SOCK; i++)
			if (nul != i && dup2(nul, i) < 0)
				_exit(EXEC_WORKER_NOPRIV);
		close_from(EXEC_WORKER_SOCK + 1, ~0u);
		/* a session of its own: no controlling terminal */
		if (setsid() < 0)
			_exit(EXEC_WORKER_NOPRIV);
		if (wo && wo->drop && !drop_to(wo))
			_exit(EXEC_WORKER_NOPRIV);
		/* a change of IDs clears the parent-death signal: again, and the parent may have gone meanwhile */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(EXEC_WORKER_NOPRIV);
		if (!drop_caps() || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
			_exit(EXEC_WORKER_NOPRIV);
		fn(arg, fd);
		_exit(0);
	}
	close(sv[1]);
	*sock = sv[0];
	return (int)pid;
}
