/* xfconf channels and X resources (parse/desktoplock): the screen-lock switches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>

#include "parse/desktoplock.h"

#define S(x) (const uint8_t *)(x), sizeof(x) - 1

static void xfconf(void **state)
{
	static const char ch[] = "<?xml version=\"1.0\"?><channel name=\"xfce4-screensaver\">"
		"<property name=\"saver\" type=\"empty\"><property name=\"enabled\" type=\"bool\" value=\"true\"/>"
		"<property name=\"idle-activation\" type=\"empty\"><property name=\"enabled\" type=\"bool\" value=\"false\"/>"
		"</property></property>"
		"<property name=\"lock\" type=\"empty\"><property name=\"enabled\" type=\"string\" value=\"true\"/></property>"
		"<property name=\"enabled\" type=\"bool\" value=\"false\"/></channel>";
	bool v = false;

	(void)state;
	assert_int_equal(xfconf_bool(S(ch), "/saver/enabled", &v), 0);
	assert_true(v);
	assert_int_equal(xfconf_bool(S(ch), "/saver/idle-activation/enabled", &v), 0);
	assert_false(v);
	assert_int_equal(xfconf_bool(S(ch), "/lock/enabled", &v), -EINVAL);	/* not a bool */
	assert_int_equal(xfconf_bool(S(ch), "/enabled", &v), 0);	/* a sibling after a subtree */
	assert_false(v);
	assert_int_equal(xfconf_bool(S(ch), "/saver/mode", &v), -ENOENT);
	assert_int_equal(xfconf_bool(S("<channel><property name=\"lock\">"), "/lock/enabled", &v), -EINVAL);
	assert_int_equal(xfconf_bool(S(""), "/lock/enabled", &v), -EINVAL);
}

static void xres(void **state)
{
	static const char f[] = "! comment\n*lock:\tFalse\nxscreensaver.lock : True \r\nlockTimeout: 0:01:00\n"
				"# lock: False\n";
	bool v = false;
	size_t line = 0;

	(void)state;
	assert_int_equal(xres_bool(f, sizeof(f) - 1, "lock", &v, &line), 0);
	assert_true(v);
	assert_int_equal(line, 3);
	assert_int_equal(xres_bool("lock: maybe\n", 12, "lock", &v, NULL), -EINVAL);
	assert_int_equal(xres_bool("locked: True\n", 13, "lock", &v, NULL), -ENOENT);
	assert_int_equal(xres_bool("lock: off", 9, "lock", &v, NULL), 0);
	assert_false(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(xfconf), cmocka_unit_test(xres) };

	return cmocka_run_group_tests(tests, NULL, NULL);
}
