/* collect/exec: real programs, real pipes, real process groups. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "collect/exec.h"

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Every child we started has been reaped: no zombies, nothing running. */
static void assert_no_children(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static int run(const char *const argv[], const struct exec_opts *o, struct exec_result *res,
	       struct err *e)
{
	int r;

	err_clear(e);
	r = exec_run(argv, o, res, e);
	assert_no_children();
	return r;
}

/* Table of simple runs: argv, expected return, exit code, stdout, stderr. */
struct simple_case {
	const char *name;
	const char *argv[6];
	int ret;
	int exit_code;
	int sig;
	const char *out;
	const char *errout;
};

static const struct simple_case simple_cases[] = {
	{ "true", { "/bin/true" }, 0, 0, 0, "", "" },
	{ "true via PATH", { "true" }, 0, 0, 0, "", "" },
	{ "false", { "/bin/false" }, 0, 1, 0, "", "" },
	{ "exit 42", { "sh", "-c", "exit 42" }, 0, 42, 0, "", "" },
	{ "both streams", { "sh", "-c", "echo hi; echo err >&2" }, 0, 0, 0, "hi\n", "err\n" },
	{ "killed by signal", { "sh", "-c", "kill -9 $$" }, 0, -1, SIGKILL, "", "" },
	{ "stdin is /dev/null", { "cat" }, 0, 0, 0, "", "" },
	{ "stdin path", { "readlink", "/proc/self/fd/0" }, 0, 0, 0, "/dev/null\n", "" },
	{ "minimal env", { "env" }, 0, 0, 0, "PATH=/usr/sbin:/usr/bin:/sbin:/bin\nLC_ALL=C\nLANG=C\n", "" },
	{ "argv passed verbatim", { "printf", "%s|", "a b", "'\"$HOME`x`", ";rm -rf /" }, 0, 0, 0,
	  "a b|'\"$HOME`x`|;rm -rf /|", "" },
	{ "no fd leaks", { "ls", "/proc/self/fd" }, 0, 0, 0, "0\n1\n2\n3\n", "" },
	{ "empty signal mask", { "sh", "-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status" }, 0, 0, 0,
	  "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n", "" },
	{ "own process group", { "sh", "-c", "read -r a b c d g r </proc/$$/stat; test \"$g\" = $$" }, 0, 0, 0, "", "" },
};

static void test_simple(void **state)
{
	size_t i;
	int leak;
	sigset_t block, old;
	struct sigaction ign = { .sa_handler = SIG_IGN }, oldterm, oldpipe;

	(void)state;
	/* A descriptor without O_CLOEXEC, blocked and ignored signals: none may reach the child. */
	leak = open("/dev/null", O_RDONLY);
	assert_true(leak >= 0);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGTERM, &ign, &oldterm);
	sigaction(SIGPIPE, &ign, &oldpipe);

	for (i = 0; i < sizeof(simple_cases) / sizeof(simple_cases[0]); i++) {
		const struct simple_case *c = &simple_cases[i];
		struct exec_result res;
		struct err e;
		int r;

		r = run(c->argv, NULL, &res, &e);
		if (r != c->ret || res.exit_code != c->exit_code || res.signal != c->sig ||
		    strcmp(res.out.buf, c->out) != 0 || strcmp(res.errout.buf, c->errout) != 0)
			fail_msg("case '%s': r=%d exit=%d sig=%d out='%s' err='%s' msg='%s'", c->name, r,
				 res.exit_code, res.signal, res.out.buf, res.errout.buf, e.msg);
		assert_false(res.timed_out);
		assert_false(res.stdout_truncated);
		assert_false(res.stderr_truncated);
		exec_result_release(&res);
	}

	sigaction(SIGTERM, &oldterm, NULL);
	sigaction(SIGPIPE, &oldpipe, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(leak);
}

static void test_custom_env(void **state)
{
	static const char *const argv[] = { "env", NULL };
	static const char *const env[] = { "FOO=bar baz", "LC_ALL=C", NULL };
	struct exec_opts o = { .env = env };
	struct exec_result res;
	struct err e;

	(void)state;
	assert_int_equal(run(argv, &o, &res, &e), 0);
	assert_string_equal(res.out.buf, "FOO=bar baz\nLC_ALL=C\n");
	exec_result_release(&res);
}

static void test_missing(void **state)
{
	static const struct {
		const char *prog;
		int ret;
		const char *msg;
	} cases[] = {
		{ "kyuka-no-such-program", -ENOENT, "'kyuka-no-such-program' is not installed" },
		{ "/nonexistent/restic", -ENOENT, "'/nonexistent/restic' is not installed" },
		{ "/etc/passwd", -EACCES, "cannot run '/etc/passwd': not an executable file" },
		{ "/tmp", -EACCES, "cannot run '/tmp': not an executable file" },
		{ "..", -ENOENT, "'..' is not installed" },
		{ "", -EINVAL, "empty program name" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *argv[] = { cases[i].prog, NULL };
		struct exec_result res;
		struct err e;

		assert_int_equal(run(argv, NULL, &res, &e), cases[i].ret);
		assert_string_equal(e.msg, cases[i].msg);
		/* Released state: empty buffers, safe to release again. */
		assert_int_equal(res.out.len, 0);
		exec_result_release(&res);
	}
	{
		const char *argv[] = { NULL };
		struct exec_result res;
		struct err e;

		assert_int_equal(run(argv, NULL, &res, &e), -EINVAL);
		exec_result_release(&res);
	}
	assert_true(exec_available("sh"));
	assert_true(exec_available("/bin/sh"));
	assert_false(exec_available("kyuka-no-such-program"));
	assert_false(exec_available(""));
	assert_false(exec_available(NULL));
}

static void test_exec_failure(void **state)
{
	/* Executable, but not a program execve can run: the status pipe carries the errno. */
	char dir[] = "/tmp/kyuka-exec-XXXXXX";
	char *file;
	const char *argv[2];
	struct exec_result res;
	struct err e;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&file, "%s/garbage", dir) > 0);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("\x7f" "ELF\x01\x01 not really\n", f);
	fclose(f);
	assert_int_equal(chmod(file, 0700), 0);
	argv[0] = file;
	argv[1] = NULL;
	assert_int_equal(run(argv, NULL, &res, &e), -ENOEXEC);
	assert_non_null(strstr(e.msg, "cannot run '"));
	assert_int_equal(res.out.len, 0);
	exec_result_release(&res);
	unlink(file);
	rmdir(dir);
	free(file);
}

static void test_truncation(void **state)
{
	/* 50 MB to stdout, a little to stderr: capped, flagged, and the child never blocks. */
	static const char *const argv[] = { "sh", "-c", "head -c 52428800 /dev/zero; echo done >&2", NULL };
	struct exec_opts o = { .max_stdout = 1 << 20, .max_stderr = 3, .timeout_ms = 20000 };
	struct exec_result res;
	struct err e;
	int64_t t0 = mono_ms();
	size_t i;

	(void)state;
	assert_int_equal(run(argv, &o, &res, &e), 0);
	assert_true(mono_ms() - t0 < 10000);
	assert_int_equal(res.exit_code, 0);
	assert_int_equal(res.out.len, 1 << 20);
	for (i = 0; i < res.out.len; i++)
		if (res.out.buf[i] != 0)
			fail_msg("byte %zu is not NUL", i);
	assert_true(res.stdout_truncated);
	assert_int_equal(res.errout.len, 3);
	assert_memory_equal(res.errout.buf, "don", 3);
	assert_true(res.stderr_truncated);
	exec_result_release(&res);
}

static void test_exact_cap(void **state)
{
	static const char *const argv[] = { "printf", "12345", NULL };
	struct exec_opts o = { .max_stdout = 5 };
	struct exec_result res;
	struct err e;

	(void)state;
	assert_int_equal(run(argv, &o, &res, &e), 0);
	assert_string_equal(res.out.buf, "12345");
	assert_false(res.stdout_truncated);
	exec_result_release(&res);
}

static void test_timeout(void **state)
{
	static const char *const argv[] = { "sleep", "30", NULL };
	struct exec_opts o = { .timeout_ms = 300 };
	struct exec_result res;
	struct err e;
	int64_t t0 = mono_ms(), dt;

	(void)state;
	assert_int_equal(run(argv, &o, &res, &e), -ETIMEDOUT);
	dt = mono_ms() - t0;
	assert_true(dt >= 290 && dt < 2000);
	assert_true(res.timed_out);
	assert_int_equal(res.exit_code, -1);
	assert_int_equal(res.signal, SIGTERM);
	assert_string_equal(e.msg, "'sleep' did not finish within 300 ms");
	exec_result_release(&res);

	o.timeout_ms = 1000;
	assert_int_equal(run(argv, &o, &res, &e), -ETIMEDOUT);
	assert_string_equal(e.msg, "'sleep' did not finish within 1 s");
	exec_result_release(&res);
}

/* The process is gone, or a zombie about to be reaped by init. */
static bool pid_dead(pid_t pid)
{
	char path[64], buf[256];
	FILE *f;
	int64_t t0 = mono_ms();

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	while (mono_ms() - t0 < 3000) {
		char *p;

		f = fopen(path, "r");
		if (!f)
			return true;
		p = fgets(buf, sizeof(buf), f);
		fclose(f);
		if (!p)
			return true;
		p = strrchr(buf, ')');
		if (p && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X'))
			return true;
		usleep(10000);
	}
	return false;
}

static void test_timeout_ignores_term(void **state)
{
	/* sh and its child both ignore SIGTERM; the group is SIGKILLed after the grace period. */
	static const char *const argv[] = { "sh", "-c", "trap '' TERM; sleep 30 & echo $!; wait; sleep 30", NULL };
	struct exec_opts o = { .timeout_ms = 300 };
	struct exec_result res;
	struct err e;
	int64_t t0 = mono_ms(), dt;
	long grandchild;

	(void)state;
	assert_int_equal(run(argv, &o, &res, &e), -ETIMEDOUT);
	dt = mono_ms() - t0;
	assert_true(dt >= 750 && dt < 3000);
	assert_true(res.timed_out);
	assert_int_equal(res.signal, SIGKILL);
	/* Partial output is kept on timeout: the grandchild's PID. */
	grandchild = strtol(res.out.buf, NULL, 10);
	assert_true(grandchild > 1);
	assert_true(pid_dead((pid_t)grandchild));
	exec_result_release(&res);
}

static void test_leader_exits_child_holds_pipe(void **state)
{
	/* The leader exits at once but a background child keeps stdout open: killed at the deadline. */
	static const char *const argv[] = { "sh", "-c", "sleep 30 & echo $!", NULL };
	struct exec_opts o = { .timeout_ms = 300 };
	struct exec_result res;
	struct err e;
	long bg;

	(void)state;
	assert_int_equal(run(argv, &o, &res, &e), -ETIMEDOUT);
	bg = strtol(res.out.buf, NULL, 10);
	assert_true(bg > 1);
	assert_true(pid_dead((pid_t)bg));
	assert_int_equal(res.exit_code, 0);
	exec_result_release(&res);
}

static void test_closed_pipes_then_exit(void **state)
{
	/* Closes its output and keeps running: the wait for exit honours the deadline. */
	static const char *const argv[] = { "sh", "-c", "exec >&- 2>&-; sleep 30", NULL };
	static const char *const argv2[] = { "sh", "-c", "exec >&- 2>&-; sleep 0.1; exit 3", NULL };
	struct exec_opts o = { .timeout_ms = 300 };
	struct exec_result res;
	struct err e;
	int64_t t0 = mono_ms();

	(void)state;
	assert_int_equal(run(argv, &o, &res, &e), -ETIMEDOUT);
	assert_true(mono_ms() - t0 < 2000);
	exec_result_release(&res);

	o.timeout_ms = 5000;
	assert_int_equal(run(argv2, &o, &res, &e), 0);
	assert_int_equal(res.exit_code, 3);
	exec_result_release(&res);
}

static void test_background_killed_after_exit(void **state)
{
	/* A straggler that let go of the pipes is killed with its group when the leader exits. */
	static const char *const argv[] = { "sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!", NULL };
	struct exec_result res;
	struct err e;
	long bg;

	(void)state;
	assert_int_equal(run(argv, NULL, &res, &e), 0);
	bg = strtol(res.out.buf, NULL, 10);
	assert_true(bg > 1);
	assert_true(pid_dead((pid_t)bg));
	exec_result_release(&res);
}

static void test_many_runs(void **state)
{
	/* No descriptor or child leaks across many runs. */
	static const char *const argv[] = { "/bin/true", NULL };
	int before, after, i;

	(void)state;
	before = open("/dev/null", O_RDONLY);
	close(before);
	for (i = 0; i < 200; i++) {
		struct exec_result res;
		struct err e;

		assert_int_equal(run(argv, NULL, &res, &e), 0);
		exec_result_release(&res);
	}
	after = open("/dev/null", O_RDONLY);
	close(after);
	assert_int_equal(before, after);
}

/* opts.nice raises the child's nice value by that much, and leaves ours alone. */
static void test_nice(void **state)
{
	static const char *const argv[] = { "nice", NULL };
	struct exec_opts o = { .nice = 7 };
	struct exec_result res;
	struct err e = { 0 };
	char want[16];
	int ours;

	(void)state;
	errno = 0;
	ours = getpriority(PRIO_PROCESS, 0);
	assert_int_equal(errno, 0);
	assert_int_equal(exec_run(argv, &o, &res, &e), 0);
	snprintf(want, sizeof(want), "%d\n", ours + 7 > 19 ? 19 : ours + 7);
	assert_string_equal(res.out.buf, want);
	exec_result_release(&res);
	assert_int_equal(getpriority(PRIO_PROCESS, 0), ours);
	o.nice = 0;
	assert_int_equal(exec_run(argv, &o, &res, &e), 0);
	snprintf(want, sizeof(want), "%d\n", ours);
	assert_string_equal(res.out.buf, want);
	exec_result_release(&res);
}

static void test_closed_stdio(void **state)
{
	/* With our own stdin closed, the pipes may land on fd 0: the child still sees them right. */
	static const char *const argv[] = { "sh", "-c", "echo out; echo err >&2; cat", NULL };
	struct exec_result res;
	struct err e;
	int saved = dup(0);

	(void)state;
	assert_true(saved >= 0);
	close(0);
	assert_int_equal(run(argv, NULL, &res, &e), 0);
	dup2(saved, 0);
	close(saved);
	assert_string_equal(res.out.buf, "out\n");
	assert_string_equal(res.errout.buf, "err\n");
	exec_result_release(&res);
}

/* Are the standard streams all /dev/null? */
static bool std_on_null(void)
{
	struct stat null, st;
	int fd;

	if (stat("/dev/null", &null) < 0)
		return false;
	for (fd = 0; fd < 3; fd++)
		if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || st.st_rdev != null.st_rdev)
			return false;
	return true;
}

/* Does the process hold no capability at all (effective, permitted, inheritable, ambient)? */
static bool no_caps(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	size_t i;

	if (syscall(SYS_capget, &h, d) < 0)
		return false;
	for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
		if (d[i].effective || d[i].permitted || d[i].inheritable)
			return false;
	return prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_NET_RAW, 0, 0) <= 0;
}

/*
 * In a worker: answers one byte over its socket, a bit for each way it is not
 * confined as exec_fork_worker promises (0: confined).
 */
static void worker_report(void *arg, int sock)
{
	const struct exec_worker_opts *wo = arg;
	unsigned char bad = 0;
	int fd, open_fds = 0, sig = 0;
	uid_t r, e, sv;

	for (fd = 0; fd < 1024; fd++)
		if (fd != sock && fd > 2 && fcntl(fd, F_GETFD) >= 0)
			open_fds++;
	if (sock != EXEC_WORKER_SOCK || open_fds)
		bad |= 1;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		bad |= 2;
	if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
		bad |= 4;
	if (!std_on_null() || getsid(0) != getpid() || !no_caps() || prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0) < 0 ||
	    sig != SIGKILL)
		bad |= 32;
	if (wo->drop) {
		if (getresuid(&r, &e, &sv) < 0 || r != wo->uid || e != wo->uid || sv != wo->uid || getegid() != wo->gid ||
		    getgid() != wo->gid || getgroups(0, NULL) != 0)
			bad |= 8;
		if (setuid(0) == 0 || seteuid(0) == 0)
			bad |= 16;
	}
	if (write(sock, &bad, 1) != 1)
		_exit(3);
}

static int fork_worker_status(const struct exec_worker_opts *wo, int *answer)
{
	int sock, status = 0, pid, extra[3];
	unsigned char b = 0xff;
	size_t i;

	/* descriptors the parent holds: none may reach the worker */
	for (i = 0; i < 3; i++)
		extra[i] = open("/dev/null", O_RDONLY);
	pid = exec_fork_worker(worker_report, (void *)wo, wo, &sock);
	for (i = 0; i < 3; i++)
		close(extra[i]);
	assert_true(pid > 0);
	*answer = read(sock, &b, 1) == 1 ? b : -1;
	close(sock);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void test_worker_confined(void **state)
{
	struct exec_worker_opts wo = { 0 };
	int answer, status;

	(void)state;
	status = fork_worker_status(&wo, &answer);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(answer, 0);
	if (geteuid() != 0) {
		skip();
		return;
	}
	/* as root: down to nobody's IDs, no supplementary group, no way back */
	wo.drop = true;
	wo.uid = 65534;
	wo.gid = 65534;
	status = fork_worker_status(&wo, &answer);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(answer, 0);
}

/* In a worker: one byte, the number of descriptors open but its socket and the standard streams on /dev/null. */
static void worker_count_fds(void *arg, int sock)
{
	unsigned char n = 0;
	int fd;

	(void)arg;
	for (fd = 3; fd < 1024; fd++)
		n += fd != sock && fcntl(fd, F_GETFD) >= 0;
	n += !std_on_null();
	if (sock != EXEC_WORKER_SOCK || write(sock, &n, 1) != 1)
		_exit(3);
}

static void test_worker_closed_stdio(void **state)
{
	int status = 0, pid;

	(void)state;
	/* a parent with no standard streams: the socket pair takes 0 and 1, and neither stays in the worker */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int sock, wpid, st = 0;
		unsigned char n = 0xff;

		close(0);
		close(1);
		close(2);
		wpid = exec_fork_worker(worker_count_fds, NULL, NULL, &sock);
		if (wpid <= 0 || sock != 0 || read(sock, &n, 1) != 1 || waitpid(wpid, &st, 0) != wpid)
			_exit(1);
		_exit(n == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_worker_not_confinable(void **state)
{
	struct exec_worker_opts wo = { .drop = true };
	int answer = 0, status = 0, pid;

	(void)state;
	/* a caller that is not root cannot take another account: the worker ends at once, before fn */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (geteuid() == 0 && (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
				       setresuid(65534, 65534, 65534) < 0))
			_exit(1);
		wo.uid = 1;
		wo.gid = 1;
		status = fork_worker_status(&wo, &answer);
		_exit(answer == -1 && WIFEXITED(status) && WEXITSTATUS(status) == EXEC_WORKER_NOPRIV ? 0 : 2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_custom_env),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_exec_failure),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_exact_cap),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_timeout_ignores_term),
		cmocka_unit_test(test_leader_exits_child_holds_pipe),
		cmocka_unit_test(test_closed_pipes_then_exit),
		cmocka_unit_test(test_background_killed_after_exit),
		cmocka_unit_test(test_many_runs),
		cmocka_unit_test(test_nice),
		cmocka_unit_test(test_closed_stdio),
		cmocka_unit_test(test_worker_confined),
		cmocka_unit_test(test_worker_closed_stdio),
		cmocka_unit_test(test_worker_not_confinable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
