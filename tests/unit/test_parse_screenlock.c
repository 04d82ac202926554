/* Screen lock settings: xfconf's xfce4-screensaver channel, xscreensaver resources, autostart entries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parse/screenlock.h"

#define IN(s) (s), sizeof(s) - 1

static void test_xfconf(void **state)
{
	static const char x[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				"<channel name=\"xfce4-screensaver\" version=\"1.0\">\n"
				"  <property name=\"saver\" type=\"empty\">\n"
				"    <property name=\"mode\" type=\"int\" value=\"0\"/>\n"
				"    <property name=\"enabled\" type=\"bool\" value=\"true\"/>\n"
				"  </property>\n"
				"  <property name=\"lock\" type=\"empty\">\n"
				"    <property name=\"enabled\" type=\"bool\" value=\"false\"/>\n"
				"  </property>\n"
				"  <property name=\"lockx\" type=\"empty\">\n"
				"    <property name=\"enabled\" type=\"bool\" value=\"true\"/>\n"
				"  </property>\n"
				"</channel>\n";

	(void)state;
	assert_int_equal(xfconf_group_enabled(IN(x), "saver"), 1);
	assert_int_equal(xfconf_group_enabled(IN(x), "lock"), 0);
	assert_int_equal(xfconf_group_enabled(IN(x), "absent"), -1);
	/* enabled of another group is not this one's */
	assert_int_equal(xfconf_group_enabled(IN("<property name=\"lock\" type=\"empty\"></property>"
						 "<property name=\"enabled\" value=\"false\"/>"), "lock"), -1);
	/* truncated, odd values, a name too long */
	assert_int_equal(xfconf_group_enabled(IN("<property name=\"lock\"><property name=\"enabled\" value=\"fal"), "lock"), -1);
	assert_int_equal(xfconf_group_enabled(IN("<property name=\"lock\"><property name=\"enabled\" value=\"yes\"/>"), "lock"), -1);
	assert_int_equal(xfconf_group_enabled(IN("<property name=\"lock\"><property name=\"enabled\"/> value=\"false\""), "lock"), -1);
	{
		char big[SCREENLOCK_MAX_NAME + 2];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_int_equal(xfconf_group_enabled(IN(x), big), -1);
	}
	assert_int_equal(xfconf_group_enabled("", 0, "lock"), -1);
	/* a group of that name nested in another is not the top-level one; a non-bool enabled is not read */
	assert_int_equal(xfconf_group_enabled(IN("<channel><property name=\"saver\"><property name=\"lock\">"
						 "<property name=\"enabled\" type=\"bool\" value=\"false\"/>"
						 "</property></property></channel>"), "lock"), -1);
	assert_int_equal(xfconf_group_enabled(IN("<channel><property name=\"lock\"><property name=\"enabled\" "
						 "type=\"string\" value=\"false\"/></property></channel>"), "lock"), -1);
	/* no DTD is fetched; an internal entity in an attribute is replaced, as XML requires; an external one
	 * is never read (the document is refused) */
	assert_int_equal(xfconf_group_enabled(IN("<!DOCTYPE c SYSTEM \"http://192.0.2.1/c.dtd\" [<!ENTITY f \"false\">]>"
						 "<channel><property name=\"lock\"><property name=\"enabled\" "
						 "type=\"bool\" value=\"&f;\"/></property></channel>"), "lock"), 0);
	assert_int_equal(xfconf_group_enabled(IN("<!DOCTYPE c [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
						 "<channel><property name=\"lock\"><property name=\"enabled\" "
						 "type=\"bool\" value=\"&e;\"/></property></channel>"), "lock"), -1);
}

static void test_xscreensaver(void **state)
{
	bool off = true;

	(void)state;
	assert_int_equal(xscreensaver_lock(IN("timeout:\t0:10:00\nlock:\t\tTrue\n"), &off), 1);
	assert_false(off);
	assert_int_equal(xscreensaver_lock(IN("*lock:\t\tFalse\r\n*mode:\t\toff\n"), &off), 0);
	assert_true(off);
	/* the last one wins; other resources ending in lock are not it */
	assert_int_equal(xscreensaver_lock(IN("lock: True\nlock: False\n"), &off), 0);
	assert_int_equal(xscreensaver_lock(IN("lockTimeout: 0:00:00\ndpmsQuickOff: True\n"), &off), -1);
	assert_int_equal(xscreensaver_lock(IN("lock: maybe\n"), &off), -1);
	assert_int_equal(xscreensaver_lock(IN("mode: random\nlock: TRUE"), &off), 1);
	assert_false(off);
	assert_int_equal(xscreensaver_lock("", 0, &off), -1);
}

static void test_autostart(void **state)
{
	(void)state;
	assert_true(autostart_entry_off(IN("[Desktop Entry]\nName=x\nHidden=true\n")));
	assert_true(autostart_entry_off(IN("[Desktop Entry]\r\nX-GNOME-Autostart-enabled=false\r\n")));
	assert_false(autostart_entry_off(IN("[Desktop Entry]\nHidden=false\n")));
	assert_false(autostart_entry_off(IN("[Desktop Action x]\nHidden=true\n")));
	assert_false(autostart_entry_off(IN("Hidden=true\n")));
	assert_false(autostart_entry_off("", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xfconf),
		cmocka_unit_test(test_xscreensaver),
		cmocka_unit_test(test_autostart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
