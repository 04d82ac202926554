/*
 * engines/scan: the pool of scanning processes with the real libclamav. A
 * process that crashes or hangs on a file costs that file (an error), never
 * the scan: the files it held behind it are scanned by another, nothing hangs
 * and no process is left behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>

#include "collect/root.h"
#include "engines/scan.h"

#define N_FILES 40	/* more than the processes can be restarted */
#define N_MARKED ((N_FILES + 2) / 3)

static char dir[] = "/tmp/kyuka-test-scan.XXXXXX";
static char tree[300], db[300], arch[300], scratch[300];
static struct root *root, *arch_root;

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	char p[400];
	int i;

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(tree, sizeof(tree), "%s/tree", dir);
	snprintf(db, sizeof(db), "%s/db", dir);
	mkdir(tree, 0700);
	mkdir(db, 0700);
	snprintf(p, sizeof(p), "%s/test.ndb", db);
	/* "KYUKA-SCAN-MARKER" in hex */
	put(p, "Kyuka.Test.Marker:0:*:4b59554b412d5343414e2d4d41524b4552\n");
	for (i = 0; i < N_FILES; i++) {
		snprintf(p, sizeof(p), "%s/f%02d.txt", tree, i);
		put(p, i % 3 == 0 ? "text with KYUKA-SCAN-MARKER inside\n" : "clean text\n");
	}
	/* an archive: libclamav unpacks its member into its scratch directory */
	snprintf(arch, sizeof(arch), "%s/arch", dir);
	mkdir(arch, 0700);
	snprintf(p, sizeof(p), "%s/inner.txt", dir);
	put(p, "inside the archive, KYUKA-SCAN-MARKER\n");
	{
		char cmd[1000];

		snprintf(cmd, sizeof(cmd), "tar -cf '%s/m.tar' -C '%s' inner.txt", arch, dir);
		if (system(cmd) != 0)
			return -1;
	}
	/* the scans' scratch directories go here (TMPDIR), and nowhere else */
	snprintf(scratch, sizeof(scratch), "%s/scratch", dir);
	mkdir(scratch, 0755);
	chmod(dir, 0711);	/* as /tmp is: the scanning processes reach their scratch directory */
	setenv("TMPDIR", scratch, 1);
	{
		struct err e;

		if (root_open(tree, &root, &e) < 0 || root_open(arch, &arch_root, &e) < 0)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[400];

	(void)state;
	root_close(root);
	root_close(arch_root);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void assert_no_children(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static int run_in(struct root *in, unsigned processes, void (*hook)(uint32_t), unsigned watchdog_ms,
		  struct scan_result *r)
{
	char *paths[] = { "/" };
	struct scan_opts o = { 0 };
	struct err e;

	o.root = in;
	o.paths = paths;
	o.n_paths = 1;
	o.database = db;
	o.threads = processes;
	o.test_in_process = hook;
	o.test_watchdog_ms = watchdog_ms;
	return scan_run(&o, r, &e);
}

static int run(unsigned processes, void (*hook)(uint32_t), unsigned watchdog_ms, struct scan_result *r)
{
	return run_in(root, processes, hook, watchdog_ms, r);
}

/* How many entries the scratch base holds (the scan's own directory while it runs, none after). */
static int scratch_entries(void)
{
	DIR *d = opendir(scratch);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static size_t errors_with(const struct scan_result *r, const char *what)
{
	size_t i, n = 0;

	for (i = 0; i < r->n_errs; i++)
		if (strstr(r->errs[i].why, what))
			n++;
	return n;
}

/* f<i>.txt: has it the marker? (every third file) */
static bool marked(const char *path)
{
	int i;

	assert_int_equal(sscanf(path, "/f%d.txt", &i), 1);
	return i % 3 == 0;
}

static void test_all_scanned(void **state)
{
	struct scan_result r;

	(void)state;
	assert_int_equal(run(2, NULL, 0, &r), 0);
	assert_int_equal(r.files, N_FILES);
	assert_int_equal(r.infected, N_MARKED);
	assert_int_equal(r.n_hits, N_MARKED);
	assert_string_equal(r.hits[0].path, "/f00.txt");
	assert_non_null(strstr(r.hits[0].name, "Kyuka.Test.Marker"));
	assert_string_equal(r.hits[3].path, "/f09.txt");
	assert_int_equal(r.errors, 0);
	assert_true(r.complete);
	assert_int_equal(r.threads, 2);
	scan_result_free(&r);
	assert_no_children();
}

/* the fourth file handed out kills its process */
static void crash_on_4(uint32_t seq)
{
	if (seq == 4)
		kill(getpid(), SIGKILL);
}

/*
 * A scan in which the hook makes one file's process end (or hang): that file
 * is the one error, saying why; every other file is scanned, by either process.
 */
static void one_file_lost(unsigned processes, void (*hook)(uint32_t), unsigned watchdog_ms, const char *why)
{
	struct scan_result r;

	assert_int_equal(run(processes, hook, watchdog_ms, &r), 0);
	assert_int_equal(r.files, N_FILES - 1);
	assert_int_equal(r.errors, 1);
	assert_int_equal(errors_with(&r, why), 1);
	assert_int_equal(r.infected, N_MARKED - marked(r.errs[0].path));
	assert_false(r.complete);
	scan_result_free(&r);
	assert_no_children();
}

static void test_crash_costs_one_file(void **state)
{
	(void)state;
	one_file_lost(2, crash_on_4, 0, "scanning process ended on this file (signal 9)");
}

static void crash_always(uint32_t seq)
{
	(void)seq;
	kill(getpid(), SIGKILL);
}

static void test_crash_every_file_ends(void **state)
{
	struct scan_result r;

	(void)state;
	/* restarted a bounded number of times, then every file left is an error: no loop, no hang */
	assert_int_equal(run(2, crash_always, 0, &r), 0);
	assert_int_equal(r.files, 0);
	assert_int_equal(r.errors, N_FILES);
	assert_int_equal(errors_with(&r, "scanning process ended on this file"), 2 + 16);
	assert_int_equal(errors_with(&r, "no scanning process left"), N_FILES - 2 - 16);
	assert_false(r.complete);
	scan_result_free(&r);
	assert_no_children();
}

/* a file that takes its process over ends it with the status of "could not be confined" */
static void exit_126_on_4(uint32_t seq)
{
	if (seq == 4)
		_exit(126);
}

static void test_late_126_is_a_crash(void **state)
{
	(void)state;
	/* after the process said it was confined: one file's error, not a scan that did not run */
	one_file_lost(2, exit_126_on_4, 0, "scanning process ended on this file (status 126)");
}

static void hang_on_2(uint32_t seq)
{
	if (seq == 2)
		pause();
}

static void test_hang_is_stopped(void **state)
{
	(void)state;
	one_file_lost(1, hang_on_2, 300, "took longer than");
}

/*
 * In a scanning process, before each file: confined, or the process ends
 * (an error for the file). Open: the standard streams, its socket and the
 * file handed to it, nothing else of the walking process's; no new
 * privileges, not dumpable; as root, nobody's IDs for good.
 */
static bool was_root;

static void confined(uint32_t seq)
{
	int fd, open_fds = 0;
	uid_t r, e, sv;

	(void)seq;
	for (fd = 3; fd < 1024; fd++)
		open_fds += fcntl(fd, F_GETFD) >= 0;
	if (open_fds != 2)
		_exit(90);
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1 || prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
		_exit(91);
	if (was_root && (getresuid(&r, &e, &sv) < 0 || !r || !e || !sv || !getgid() || !getegid() || getgroups(0, NULL) ||
			 setuid(0) == 0))
		_exit(92);
	/*
	 * the scan's scratch directory cannot be listed, so the directory inside it
	 * cannot be found (no cmocka assertion here: this is the scanning process)
	 */
	if (was_root) {
		DIR *d = opendir(scratch);
		struct dirent *de;
		char p[400];
		int seen = 0;

		while (d && (de = readdir(d)))
			if (de->d_name[0] != '.') {
				DIR *in;

				seen++;
				snprintf(p, sizeof(p), "%s/%s", scratch, de->d_name);
				in = opendir(p);
				if (in) {
					closedir(in);
					_exit(93);
				}
			}
		if (!d || seen != 1)
			_exit(94);
		closedir(d);
	}
}

static void test_processes_confined(void **state)
{
	struct scan_result r;

	(void)state;
	was_root = geteuid() == 0;
	assert_int_equal(run(2, confined, 0, &r), 0);
	assert_int_equal(r.errors, 0);
	assert_int_equal(r.files, N_FILES);
	assert_int_equal(r.infected, N_MARKED);
	scan_result_free(&r);
	assert_no_children();
	/* the scratch directory is gone with the scan */
	assert_int_equal(scratch_entries(), 0);
}

static void test_archive_member(void **state)
{
	struct scan_result r;

	(void)state;
	/* the member is unpacked into the scratch directory by a process that may write only there */
	assert_int_equal(run_in(arch_root, 1, NULL, 0, &r), 0);
	assert_int_equal(r.errors, 0);
	assert_int_equal(r.files, 1);
	assert_int_equal(r.infected, 1);
	assert_string_equal(r.hits[0].path, "/m.tar");
	assert_non_null(strstr(r.hits[0].name, "Kyuka.Test.Marker"));
	scan_result_free(&r);
	assert_no_children();
	assert_int_equal(scratch_entries(), 0);
}

static void test_private_tmpdir(void **state)
{
	char priv[400];
	struct scan_result r;

	(void)state;
	/* root's TMPDIR in a directory of root's alone: the scratch directory goes to /tmp instead */
	snprintf(priv, sizeof(priv), "%s/private", dir);
	mkdir(priv, 0700);
	setenv("TMPDIR", priv, 1);
	assert_int_equal(run_in(arch_root, 1, NULL, 0, &r), 0);
	setenv("TMPDIR", scratch, 1);
	assert_int_equal(r.errors, 0);
	assert_int_equal(r.infected, 1);
	scan_result_free(&r);
	assert_no_children();
	rmdir(priv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_scanned),
		cmocka_unit_test(test_crash_costs_one_file),
		cmocka_unit_test(test_crash_every_file_ends),
		cmocka_unit_test(test_late_126_is_a_crash),
		cmocka_unit_test(test_hang_is_stopped),
		cmocka_unit_test(test_processes_confined),
		cmocka_unit_test(test_archive_member),
		cmocka_unit_test(test_private_tmpdir),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
