/* Unit tests for the crontab parser and its day rule. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/crontab.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static int parse(const char *s, size_t len, bool system, struct crontab *c)
{
	char *b = xmalloc(len ? len : 1);
	int r;

	memcpy(b, s, len);
	r = crontab_parse(b, len, system, c, NULL);
	free(b);
	return r;
}

static void test_system(void **state)
{
	static const char in[] =
		"SHELL=/bin/sh\nPATH = /usr/bin\n# comment\n\n"
		"17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly\n"
		"30 1 * * * backup /usr/local/bin/backup.sh --to nas\r\n"
		"@reboot root /usr/local/bin/start\n"
		"0 9 * * mon-fri alice /bin/report\n"
		"0 0 1 jan * root /bin/yearly\n"
		"*/15 8-18/2 1,15 * 7 root /bin/odd\n";
	struct crontab c = { 0 };

	(void)state;
	assert_int_equal(parse(IN(in), true, &c), 0);
	assert_int_equal(c.bad.n, 0);
	assert_int_equal(c.n, 6);
	assert_string_equal(c.v[0].user, "root");
	assert_string_equal(c.v[0].schedule, "17 * * * *");
	assert_string_equal(c.v[0].command, "cd / && run-parts --report /etc/cron.hourly");
	assert_int_equal(c.v[1].line, 6);
	assert_true(c.v[2].reboot);
	assert_false(cron_runs_on(&c.v[2], 12, 27, 0));
	/* 2026-12-27 was a Sunday, 2026-12-28 a Monday */
	assert_false(cron_runs_on(&c.v[3], 12, 27, 0));
	assert_true(cron_runs_on(&c.v[3], 12, 28, 1));
	assert_true(cron_runs_on(&c.v[4], 1, 1, 5));
	assert_false(cron_runs_on(&c.v[4], 12, 31, 4));
	/* day of month 1,15 OR Sunday (neither field starts with *) */
	assert_true(cron_runs_on(&c.v[5], 3, 15, 3));
	assert_true(cron_runs_on(&c.v[5], 3, 8, 0));
	assert_false(cron_runs_on(&c.v[5], 3, 9, 1));
	assert_int_equal(c.v[5].minute, (1ull << 0) | (1ull << 15) | (1ull << 30) | (1ull << 45));
	assert_int_equal(c.v[5].hour, (1u << 8) | (1u << 10) | (1u << 12) | (1u << 14) | (1u << 16) | (1u << 18));
	crontab_free(&c);
}

static void test_user_and_shortcuts(void **state)
{
	static const char in[] = "@daily /bin/d\n@weekly /bin/w\n@monthly /bin/m\n@yearly /bin/y\n@hourly /bin/h\n"
				 "5/10 * * * * /bin/step\n0 0 * * 7 /bin/sunday\n";
	struct crontab c = { 0 };

	(void)state;
	assert_int_equal(parse(IN(in), false, &c), 0);
	assert_int_equal(c.n, 7);
	assert_string_equal(c.v[0].user, "");
	assert_string_equal(c.v[0].schedule, "@daily");
	assert_true(cron_runs_on(&c.v[0], 6, 3, 2));
	assert_true(cron_runs_on(&c.v[1], 6, 7, 0));
	assert_false(cron_runs_on(&c.v[1], 6, 8, 1));
	assert_true(cron_runs_on(&c.v[2], 6, 1, 1));
	assert_false(cron_runs_on(&c.v[3], 6, 1, 1));
	assert_int_equal(c.v[5].minute, (1ull << 5) | (1ull << 15) | (1ull << 25) | (1ull << 35) | (1ull << 45) | (1ull << 55));
	assert_true(cron_runs_on(&c.v[6], 6, 7, 0));
	crontab_free(&c);
}

static void test_bad(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		bool system;
		const char *why;
	} cases[] = {
		{ IN("61 * * * * root /x\n"), true, "bad minute" },
		{ IN("* 24 * * * root /x\n"), true, "bad hour" },
		{ IN("* * 0 * * root /x\n"), true, "bad day of month" },
		{ IN("* * * 13 * root /x\n"), true, "bad month" },
		{ IN("* * * foo * root /x\n"), true, "bad month" },
		{ IN("* * * * 8 root /x\n"), true, "bad day of week" },
		{ IN("* * * * * root\n"), true, "no command" },
		{ IN("* * * * *\n"), true, "no user" },
		{ IN("* * * *\n"), true, "too few fields" },
		{ IN("@sometimes /x\n"), false, "unknown @ schedule" },
		{ IN("*/0 * * * * /x\n"), false, "bad minute" },
		{ IN("5-1 * * * * /x\n"), false, "bad minute" },
		{ IN(",, * * * * /x\n"), false, "bad minute" },
		{ IN("99999999999999999999 * * * * /x\n"), false, "bad minute" },
		{ IN("* * * * * \0/x\n"), false, "NUL byte" },
		{ IN("* * * * * root_name_that_is_far_too_long_for_a_user /x\n"), true, "user name too long" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct crontab c = { 0 };
		print_message("case %zu\n", i);
		assert_int_equal(parse(cases[i].in, cases[i].len, cases[i].system, &c), 0);
		assert_int_equal(c.n, 0);
		assert_int_equal(c.bad.n, 1);
		assert_string_equal(c.bad.why[0], cases[i].why);
		crontab_free(&c);
	}
}

/* What the monitoring area looks for (kyuka run from cron), in the one parser both areas use. */
static void test_monitor_jobs(void **state)
{
	static const char sys[] =
		"SHELL=/bin/sh\n"
		"PATH = /usr/local/sbin:/usr/bin\n"
		"*/30 0-6,22-23 * * 1-5 kyuka /usr/bin/kyuka audit --phase before --no-store\n"
		"@daily root /usr/local/bin/kyuka audit\n"
		"1 2 3\n"
		"1 2 3 4 5\n"
		"1 2 3 4 5 root\n"
		"x! 2 3 4 5 root cmd\n";
	struct crontab c = { 0 };

	(void)state;
	assert_int_equal(parse(IN(sys), true, &c), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0].user, "kyuka");
	assert_string_equal(c.v[0].schedule, "*/30 0-6,22-23 * * 1-5");
	assert_string_equal(c.v[0].command, "/usr/bin/kyuka audit --phase before --no-store");
	assert_string_equal(c.v[1].schedule, "@daily");
	assert_int_equal(c.v[1].line, 4);
	assert_int_equal(c.bad.n, 4);
	crontab_free(&c);
	assert_int_equal(parse(IN("0 3 * * * kyuka audit\r\n"), false, &c), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].user, "");
	assert_string_equal(c.v[0].command, "kyuka audit");
	crontab_free(&c);
}

static void test_long(void **state)
{
	size_t len = 1 << 20;
	char *b = xmalloc(len);
	struct crontab c = { 0 };

	(void)state;
	memcpy(b, "* * * * * /bin/", 15);
	memset(b + 15, 'a', len - 16);
	b[len - 1] = '\n';
	assert_int_equal(crontab_parse(b, len, false, &c, NULL), 0);
	assert_int_equal(c.bad.n, 1);
	assert_string_equal(c.bad.why[0], "line too long");
	crontab_free(&c);
	/* a long but acceptable command is kept up to CRON_MAX_COMMAND bytes */
	b[4000] = '\n';
	assert_int_equal(crontab_parse(b, 4001, false, &c, NULL), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(strlen(c.v[0].command), CRON_MAX_COMMAND);
	crontab_free(&c);
	free(b);
	assert_false(cron_runs_on(&(struct cron_entry){ .month = 0xffff }, 13, 1, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_system), cmocka_unit_test(test_user_and_shortcuts), cmocka_unit_test(test_bad),
		cmocka_unit_test(test_long), cmocka_unit_test(test_monitor_jobs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
