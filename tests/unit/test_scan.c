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
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "collect/root.h"
#include "engines/scan.h"

#define N_FILES 40	/* more than the processes can be restarted */
#define N_MARKED ((N_FILES + 2) / 3)

static char dir[] = "/tmp/kyuka-test-scan.XXXXXX";
static char tree[300], db[300];
static struct root *root;

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
	{
		struct err e;

		if (root_open(tree, &root, &e) < 0)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[400];

	(void)state;
	root_close(root);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void assert_no_children(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static int run(unsigned processes, void (*hook)(uint32_t), unsigned watchdog_ms, struct scan_result *r)
{
	char *paths[] = { "/" };
	struct scan_opts o = { 0 };
	struct err e;

	o.root = root;
	o.paths = paths;
	o.n_paths = 1;
	o.database = db;
	o.threads = processes;
	o.test_in_process = hook;
	o.test_watchdog_ms = watchdog_ms;
	return scan_run(&o, r, &e);
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

static void test_crash_costs_one_file(void **state)
{
	struct scan_result r;

	(void)state;
	assert_int_equal(run(2, crash_on_4, 0, &r), 0);
	/* the fourth file handed out is an error; every other file is scanned, by either process */
	assert_int_equal(r.files, N_FILES - 1);
	assert_int_equal(r.errors, 1);
	assert_int_equal(errors_with(&r, "scanning process ended on this file (signal 9)"), 1);
	assert_int_equal(r.infected, N_MARKED - marked(r.errs[0].path));
	assert_false(r.complete);
	scan_result_free(&r);
	assert_no_children();
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

static void hang_on_2(uint32_t seq)
{
	if (seq == 2)
		pause();
}

static void test_hang_is_stopped(void **state)
{
	struct scan_result r;

	(void)state;
	assert_int_equal(run(1, hang_on_2, 300, &r), 0);
	assert_int_equal(r.files, N_FILES - 1);
	assert_int_equal(errors_with(&r, "took longer than"), 1);
	assert_int_equal(r.infected, N_MARKED - marked(r.errs[0].path));
	scan_result_free(&r);
	assert_no_children();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_scanned),
		cmocka_unit_test(test_crash_costs_one_file),
		cmocka_unit_test(test_crash_every_file_ends),
		cmocka_unit_test(test_hang_is_stopped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
