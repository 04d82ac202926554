/*
 * Unit tests for pam_find_mfa() (src/checks/pam_mfa.c) on stacks collected
 * with collect_pam(): the cases where Linux-PAM and the former control-word
 * model disagreed (tests/data/oracle-pam-cases.txt has them for pamtester).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "checks/pam_mfa.h"
#include "collect/root.h"
#include "util/xalloc.h"

struct mfa_case {
	const char *svc, *common;	/* /etc/pam.d/svc, /etc/pam.d/common-a */
	const char *want;		/* "required", "weak", "none" */
};

static const struct mfa_case cases[] = {
	{ "auth sufficient pam_unix.so\nauth required pam_google_authenticator.so\n", NULL, "weak" },
	{ "@include common-a\nauth required pam_oath.so\n", "auth sufficient pam_unix.so\nauth requisite pam_deny.so\n",
	  "weak" },
	{ "auth substack common-a\nauth required pam_oath.so\n", "auth sufficient pam_unix.so\nauth requisite pam_deny.so\n",
	  "required" },
	{ "@include common-a\nauth [success=1 default=ignore] pam_google_authenticator.so\nauth requisite pam_deny.so\n"
	  "auth required pam_permit.so\n",
	  "auth [success=1 default=ignore] pam_unix.so\nauth requisite pam_deny.so\n", "required" },
	{ "auth [success=2 default=ignore] pam_unix.so\nauth requisite pam_deny.so\nauth required pam_u2f.so\n"
	  "auth required pam_permit.so\n", NULL, "weak" },
	{ "auth required pam_unix.so\nauth [success=done default=die] pam_google_authenticator.so\n", NULL, "required" },
	{ "auth [success=1 default=ignore] pam_unix.so\nauth substack common-a\nauth required pam_google_authenticator.so\n",
	  "auth required pam_deny.so\nauth required pam_deny.so\n", "required" },
	{ "auth required pam_google_authenticator.so\nauth [success=reset default=ignore] pam_unix.so\n"
	  "auth required pam_unix.so\n", NULL, "weak" },
	{ "auth requisite pam_google_authenticator.so\nauth [success=reset default=ignore] pam_unix.so\n"
	  "auth required pam_unix.so\n", NULL, "required" },
	{ "auth required pam_unix.so\nauth optional pam_google_authenticator.so\n", NULL, "weak" },
	{ "auth required pam_unix.so\nauth required pam_google_authenticator.so nullok\n", NULL, "weak" },
	{ "auth sufficient pam_succeed_if.so user ingroup nomfa\nauth required pam_unix.so\n"
	  "auth required pam_google_authenticator.so\n", NULL, "weak" },
	{ "auth required pam_env.so\nauth required pam_unix.so\nauth required pam_google_authenticator.so\n", NULL,
	  "required" },
	{ "auth required pam_unix.so\n", NULL, "none" },
};

static void write_file(const char *dir, const char *name, const char *text)
{
	char *p = xasprintf("%s/etc/pam.d/%s", dir, name);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static void test_mfa_cases(void **state)
{
	char dir[] = "/tmp/kyuka-pam-mfa-XXXXXX";
	char *p;

	(void)state;
	assert_non_null(mkdtemp(dir));
	p = xasprintf("%s/etc", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = xasprintf("%s/etc/pam.d", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct root *r;
		struct err e = { 0 };
		struct pam_stack s = { 0 };
		struct pam_mfa pm;

		print_message("pam case %zu\n", i);
		write_file(dir, "svc", cases[i].svc);
		write_file(dir, "common-a", cases[i].common ? cases[i].common : "");
		assert_int_equal(root_open(dir, &r, &e), 0);
		assert_int_equal(collect_pam(r, "svc", &s, &e), 0);
		pam_find_mfa(&s, &pm);
		assert_string_equal(pm.module ? "required" : pm.weak ? "weak" : "none", cases[i].want);
		pam_stack_free(&s);
		root_close(r);
	}
	write_file(dir, "svc", "");
	write_file(dir, "common-a", "");
	{
		char *a = xasprintf("%s/svc", p), *b = xasprintf("%s/common-a", p);

		unlink(a);
		unlink(b);
		free(a);
		free(b);
	}
	rmdir(p);
	free(p);
	p = xasprintf("%s/etc", dir);
	rmdir(p);
	free(p);
	rmdir(dir);
}

/* A substack's lines are one level down, after the substack line itself; an include's are inlined. */
static void test_substack_levels(void **state)
{
	char dir[] = "/tmp/kyuka-pam-lvl-XXXXXX";
	char *p;
	struct root *r;
	struct err e = { 0 };
	struct pam_stack s = { 0 };

	(void)state;
	assert_non_null(mkdtemp(dir));
	p = xasprintf("%s/etc", dir);
	mkdir(p, 0755);
	free(p);
	p = xasprintf("%s/etc/pam.d", dir);
	mkdir(p, 0755);
	write_file(dir, "svc", "auth required pam_env.so\nauth substack common-a\n@include common-a\n");
	write_file(dir, "common-a", "auth required pam_unix.so\n");
	assert_int_equal(root_open(dir, &r, &e), 0);
	assert_int_equal(collect_pam(r, "svc", &s, &e), 0);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.v[0].level, 0);
	assert_false(s.v[0].substack);
	assert_true(s.v[1].substack);
	assert_int_equal(s.v[1].level, 0);
	assert_int_equal(s.v[2].level, 1);
	assert_int_equal(s.v[3].level, 0);
	pam_stack_free(&s);
	root_close(r);
	{
		char *a = xasprintf("%s/svc", p), *b = xasprintf("%s/common-a", p);

		unlink(a);
		unlink(b);
		free(a);
		free(b);
	}
	rmdir(p);
	free(p);
	p = xasprintf("%s/etc", dir);
	rmdir(p);
	free(p);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mfa_cases),
		cmocka_unit_test(test_substack_levels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
