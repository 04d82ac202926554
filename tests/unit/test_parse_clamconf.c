/* Unit tests for ClamAV's config files and freshclam's log (parse/clamconf.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/clamconf.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static void test_conf(void **state)
{
	struct clamconf c;
	size_t line = 0;

	(void)state;
	assert_int_equal(clamconf_parse(IN("# comment\n  DatabaseDirectory /a\nChecks 24\r\n"
					   "databasedirectory \"/srv/clam db\"\nNotifyClamd\nExampleX 1\n"), &c), 0);
	assert_false(c.example);
	assert_string_equal(clamconf_get(&c, "DatabaseDirectory", &line), "/srv/clam db");
	assert_int_equal(line, 4);
	assert_string_equal(clamconf_get(&c, "checks", NULL), "24");
	assert_string_equal(clamconf_get(&c, "NotifyClamd", NULL), "");
	assert_null(clamconf_get(&c, "UpdateLogFile", NULL));
	clamconf_free(&c);
	assert_int_equal(clamconf_parse(IN("Example\nChecks 1\n"), &c), 0);
	assert_true(c.example);
	clamconf_free(&c);
}

static void test_conf_bounds(void **state)
{
	char *buf = xmalloc(CLAMCONF_MAX_KEYS * 8 + 8);
	struct clamconf c;
	size_t i, n = 0;

	(void)state;
	for (i = 0; i <= CLAMCONF_MAX_KEYS; i++)
		n += (size_t)sprintf(buf + n, "K%zu v\n", i % 10);
	assert_int_equal(clamconf_parse(buf, n, &c), -E2BIG);
	free(buf);
	/* a NUL byte and a value beyond the cap are bad lines, not keys */
	buf = xmalloc(CLAMCONF_MAX_VALUE + 64);
	memset(buf, 'a', CLAMCONF_MAX_VALUE + 64);
	memcpy(buf, "Key ", 4);
	buf[CLAMCONF_MAX_VALUE + 63] = '\n';
	assert_int_equal(clamconf_parse(buf, CLAMCONF_MAX_VALUE + 64, &c), 0);
	assert_int_equal(c.n, 0);
	assert_int_equal(c.bad.n, 1);
	clamconf_free(&c);
	free(buf);
	assert_int_equal(clamconf_parse(IN("A\0b 1\nB 2"), &c), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(clamconf_get(&c, "B", NULL), "2");
	clamconf_free(&c);
}

static void test_log(void **state)
{
	struct freshclam_log l;

	(void)state;
	freshclam_log_parse(IN("ClamAV update process started at Sun Dec  6 10:00:01 2026\n"
			       "Sun Dec  6 10:00:02 2026 -> daily.cld database is up-to-date (version: 27479)\n"
			       "Sun Dec  6 11:00:02 2026 -> ERROR: Download failed (6)\n"
			       "Mon Jan 11 09:05:07 2027 -> daily.cld updated (version: 27480, sigs: 1)\n"),
			    &l);
	assert_int_equal(l.n_ok, 2);
	assert_int_equal(l.n_err, 1);
	assert_int_equal(l.last_ok_line, 4);
	assert_int_equal((long long)l.last_ok, 1799658307LL);	/* 2027-01-11T09:05:07Z */
	assert_int_equal((long long)l.last_err, 1796554802LL);	/* 2026-12-06T11:00:02Z */
	assert_non_null(strstr(l.last_ok_text, "updated (version: 27480"));
	/* undated lines and junk dates */
	freshclam_log_parse(IN("daily.cld database is up-to-date\nSun Xyz 99 99:99:99 2026 -> daily.cvd updated (version: 1)\n"), &l);
	assert_int_equal(l.n_ok, 2);
	assert_int_equal((long long)l.last_ok, 0);
	/* control bytes never reach the kept text */
	freshclam_log_parse(IN("daily.cld database is up-to-date \x1b[31m\n"), &l);
	assert_null(strchr(l.last_ok_text, '\x1b'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf),
		cmocka_unit_test(test_conf_bounds),
		cmocka_unit_test(test_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
