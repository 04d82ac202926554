/* Unit tests for the `mdatp health` output parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parse/mdatp.h"

#define IN(s) s, sizeof(s) - 1

static void test_health(void **state)
{
	struct mdatp_health h;

	(void)state;
	mdatp_health_parse(IN("healthy                                     : true\n"
			      "app_version                                 : \"101.24052.0002\"\n"
			      "definitions_updated_minutes_ago             : 120\n"
			      "definitions_version                         : \"1.411.470.0\"\n"
			      "definitions_status                          : \"up_to_date\"\n"
			      "real_time_protection_enabled                : false  [managed]\n"
			      "product_expiration                          : Jun 04, 2025 at 12:00:00 AM\n"),
			   &h);
	assert_int_equal(h.healthy, 1);
	assert_int_equal(h.real_time_protection, 0);
	assert_string_equal(h.definitions_status, "up_to_date");
	assert_string_equal(h.definitions_version, "1.411.470.0");
	assert_string_equal(h.app_version, "101.24052.0002");
	assert_int_equal(h.definitions_minutes_ago, 120);
	assert_int_equal(h.fields, 6);
}

static void test_junk(void **state)
{
	struct mdatp_health h;

	(void)state;
	mdatp_health_parse(IN("healthy : maybe\ndefinitions_updated_minutes_ago : -5\nno colon\n:\n\"\n"), &h);
	assert_int_equal(h.healthy, -1);
	assert_int_equal(h.definitions_minutes_ago, -1);
	mdatp_health_parse(IN("definitions_status : \"\x1b[31mold\"\n"), &h);
	assert_null(strchr(h.definitions_status, '\x1b'));
	mdatp_health_parse("", 0, &h);
	assert_int_equal(h.fields, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health),
		cmocka_unit_test(test_junk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
