/* util/textwidth: display width of UTF-8 for tables that line up in Japanese. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/textwidth.h"

static void widths(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width(NULL), 0);
	assert_int_equal(text_width("ssh.service"), 11);
	assert_int_equal(text_width("ジョブ"), 6);			/* 9 bytes, 6 columns */
	assert_int_equal(text_width("最新 (UTC)"), 10);
	assert_int_equal(text_width("ｶﾅ"), 2);				/* half-width katakana: 1 each */
	assert_int_equal(text_width("（日）～"), 8);			/* full-width brackets and wave dash */
	assert_int_equal(text_width("e\xcc\x81"), 1);			/* e + combining acute */
	assert_int_equal(text_width("\xf0\x9f\x94\x92"), 2);		/* U+1F512 */
	assert_int_equal(text_width("é"), 1);
}

static void invalid_bytes_count_one(void **state)
{
	(void)state;
	assert_int_equal(text_width("\xff"), 1);
	assert_int_equal(text_width("a\xe3\x81"), 3);			/* truncated sequence: 2 bytes, 2 columns */
	assert_int_equal(text_width("\xc0\xaf"), 2);			/* overlong '/' */
	assert_int_equal(text_width("\xed\xa0\x80"), 3);		/* UTF-16 surrogate */
	assert_int_equal(text_width("\xf4\x90\x80\x80"), 4);		/* above U+10FFFF */
	assert_int_equal(text_width_n("日本", 4), 3);			/* cut inside the second character */
}

static void padding(void **state)
{
	char buf[64] = "";
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	(void)state;
	assert_int_equal(text_pad(6, 8), 2);
	assert_int_equal(text_pad(9, 8), 0);
	assert_non_null(f);
	text_put_padded(f, "ジョブ", 8);
	text_put_padded(f, "x", 3);
	text_put_padded(f, "longer", 3);
	fclose(f);
	assert_string_equal(buf, "ジョブ   x   longer ");
}

/* The same widths whatever the locale: C (wcwidth knows no CJK there) and C.UTF-8. */
static void any_locale(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C");
	assert_int_equal(text_width("合格 不合格"), 11);
	if (setlocale(LC_ALL, "C.UTF-8"))
		assert_int_equal(text_width("合格 不合格"), 11);
	setlocale(LC_ALL, "C");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(widths),
		cmocka_unit_test(invalid_bytes_count_one),
		cmocka_unit_test(padding),
		cmocka_unit_test(any_locale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
