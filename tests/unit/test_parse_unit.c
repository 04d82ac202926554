/* Unit tests for the systemd unit file parser, time spans and systemd-analyze calendar output. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/unit.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static int parse(const char *s, size_t len, struct unit_file *u)
{
	char *b = xmalloc(len ? len : 1);
	int r;

	memcpy(b, s, len);
	r = unit_parse(b, len, u, NULL);
	free(b);
	return r;
}

static void test_timer_and_dropin(void **state)
{
	static const char unit[] =
		"# comment\n; other comment\n[Unit]\nDescription=Nightly\n\n[Timer]\nOnCalendar=daily\n"
		"OnCalendar=Mon..Fri \\\n  *-*-* 03:30\nWakeSystem=yes\r\nPersistent = true\n[Install]\nWantedBy=timers.target\n";
	static const char dropin[] = "[Timer]\nOnCalendar=\nOnCalendar=*-*-* 04:00\nWakeSystem=no\n";
	struct unit_file u = { 0 };
	const char *v[8];
	bool b;

	(void)state;
	assert_int_equal(parse(IN(unit), &u), 0);
	assert_int_equal(u.bad.n, 0);
	assert_int_equal(unit_get_list(&u, "Timer", "OnCalendar", v, 8), 2);
	assert_string_equal(v[1], "Mon..Fri  *-*-* 03:30");
	assert_string_equal(unit_get(&u, "Timer", "Persistent"), "true");
	assert_int_equal(unit_bool(unit_get(&u, "Timer", "WakeSystem"), &b), 0);
	assert_true(b);
	assert_int_equal(parse(IN(dropin), &u), 0);
	assert_int_equal(unit_get_list(&u, "Timer", "OnCalendar", v, 8), 1);
	assert_string_equal(v[0], "*-*-* 04:00");
	assert_int_equal(unit_bool(unit_get(&u, "Timer", "WakeSystem"), &b), 0);
	assert_false(b);
	assert_null(unit_get(&u, "Service", "ExecStart"));
	unit_free(&u);
}

static void test_hostile(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		size_t n, bad;
		const char *why;
	} cases[] = {
		{ IN(""), 0, 0, NULL },
		{ IN("Key=before any section\n"), 0, 1, "assignment outside a section" },
		{ IN("[Unit\nA=b\n"), 0, 2, "bad section header" },
		{ IN("[]\n"), 0, 1, "bad section header" },
		{ IN("[S]\nno equals sign\n"), 0, 1, "not an assignment" },
		{ IN("[S]\n=value\n"), 0, 1, "bad key" },
		{ IN("[S]\nbad key=value\n"), 0, 1, "bad key" },
		{ IN("[S]\nK\xff=v\n"), 0, 1, "bad key" },
		{ IN("[S]\nK=v\0x\n"), 0, 1, "NUL byte" },
		{ IN("[S]\nK=\x1b[31mred\n"), 1, 0, NULL },
		{ IN("[S]\nK=a \\\n# comment inside\n b\n"), 1, 0, NULL },
		{ IN("[S]\nK=trailing \\"), 1, 0, NULL },
		{ IN("[S]\r\nK=v\r\n"), 1, 0, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct unit_file u = { 0 };
		print_message("case %zu\n", i);
		assert_int_equal(parse(cases[i].in, cases[i].len, &u), 0);
		assert_int_equal(u.n, cases[i].n);
		assert_int_equal(u.bad.n, cases[i].bad);
		if (cases[i].why)
			assert_string_equal(u.bad.why[0], cases[i].why);
		unit_free(&u);
	}
}

static void test_limits(void **state)
{
	size_t len = 1 << 20, i;
	char *b = xmalloc(len);
	struct unit_file u = { 0 };

	(void)state;
	memcpy(b, "[S]\nK=", 6);
	memset(b + 6, 'x', len - 7);
	b[len - 1] = '\n';
	assert_int_equal(unit_parse(b, len, &u, NULL), 0);
	assert_int_equal(u.n, 0);
	assert_string_equal(u.bad.why[0], "line too long");
	unit_free(&u);
	/* continuations past UNIT_MAX_VALUE */
	for (i = 6; i + 1 < len; i += 2) {
		b[i] = '\\';
		b[i + 1] = '\n';
	}
	assert_int_equal(unit_parse(b, len, &u, NULL), 0);
	assert_true(u.bad.n >= 1);
	unit_free(&u);
	/* more assignments than UNIT_MAX_ENTRIES */
	for (i = 4; i + 4 <= len; i += 4)
		memcpy(b + i, "K=v\n", 4);
	assert_int_equal(unit_parse(b, len, &u, NULL), -E2BIG);
	unit_free(&u);
	free(b);
}

static void test_timespan(void **state)
{
	static const struct {
		const char *in;
		int ret;
		uint64_t sec;
	} cases[] = {
		{ "90", 0, 90 }, { "15min", 0, 900 }, { "1d", 0, 86400 }, { "12h 30min", 0, 45000 }, { "1w2d", 0, 777600 },
		{ "500ms", 0, 0 }, { "2 hours", 0, 7200 }, { "", -EINVAL, 0 }, { "h", -EINVAL, 0 }, { "5 parsecs", -EINVAL, 0 },
		{ "-5s", -EINVAL, 0 }, { "99999999999999999999s", -ERANGE, 0 }, { "4294967296s", -ERANGE, 0 }, { "4294967295y", 0, 4294967295ull * 31557600 },
	};
	size_t i;
	uint64_t s;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("%s\n", cases[i].in);
		assert_int_equal(unit_timespan(cases[i].in, &s), cases[i].ret);
		if (!cases[i].ret)
			assert_int_equal(s, cases[i].sec);
	}
}

static void test_calendar(void **state)
{
	static const char out[] = "  Original form: daily\nNormalized form: *-*-* 00:00:00\n"
				  "    Next elapse: Sun 2026-12-27 00:00:00 JST\n       (in UTC): Sat 2026-12-26 15:00:00 UTC\n";
	char d[11];

	(void)state;
	assert_int_equal(calendar_next_date(IN(out), d), 0);
	assert_string_equal(d, "2026-12-27");
	assert_int_equal(calendar_next_date(IN("    Next elapse: never\n"), d), -ENOENT);
	assert_int_equal(calendar_next_date(IN("    Next elapse: soon\n"), d), -EINVAL);
	assert_int_equal(calendar_next_date(IN("    Next elapse: Sun 2026-1x-27\n"), d), -EINVAL);
	assert_int_equal(calendar_next_date(IN(""), d), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timer_and_dropin), cmocka_unit_test(test_hostile), cmocka_unit_test(test_limits),
		cmocka_unit_test(test_timespan), cmocka_unit_test(test_calendar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
