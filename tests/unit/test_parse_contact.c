/* Phone numbers and mail addresses: tables of good and bad shapes, hostile bytes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/contact.h"

static const struct {
	const char *in;
	enum phone_kind kind;
	const char *e164;
} good_phones[] = {
	{ "03-1234-5678", PHONE_JP_FIXED, "+81312345678" },
	{ "03(1234)5678", PHONE_JP_FIXED, "+81312345678" },
	{ "0312345678", PHONE_JP_FIXED, "+81312345678" },
	{ "06 6123 4567", PHONE_JP_FIXED, "+81661234567" },
	{ "0422-12-3456", PHONE_JP_FIXED, "+81422123456" },
	{ "090-1234-5678", PHONE_JP_MOBILE, "+819012345678" },
	{ "080.1234.5678", PHONE_JP_MOBILE, "+818012345678" },
	{ "070-1234-5678", PHONE_JP_MOBILE, "+817012345678" },
	{ "050-1234-5678", PHONE_JP_IP, "+815012345678" },
	{ "0120-123-456", PHONE_JP_FREE, "+81120123456" },
	{ "0800-123-4567", PHONE_JP_FREE, "+818001234567" },
	{ "0570-012-345", PHONE_JP_SHARED, "+81570012345" },
	{ "+81 3-1234-5678", PHONE_JP_FIXED, "+81312345678" },
	{ "+81 (0)3 1234 5678", PHONE_JP_FIXED, "+81312345678" },
	{ "+81-90-1234-5678", PHONE_JP_MOBILE, "+819012345678" },
	{ "+1 202 555 0100", PHONE_INTL, "+12025550100" },
	{ "+44 (0)20 7946 0958", PHONE_INTL, "+442079460958" },
	{ "  +65 6123 4567", PHONE_INTL, "+6561234567" },
};

static const char *const bad_phones[] = {
	"", "   ", "abc", "03-1234-567", "03-1234-56789", "090-1234-567", "0120-123-4567",
	"+81 03-1234-5678", "010-1-202-555-0100", "3-1234-5678", "+0 123 456 789", "+1 555",
	"03--1234-5678", "-03-1234-5678", "03-1234-5678 ext 12", "((03))12345678", "03)1234(5678",
	"(03-1234-5678", "03+1234", "+1 202 555 0100 1234 5678", "1234567890123456789",
	"\xef\xbc\x90\xef\xbc\x93-1234-5678", "03-1234-5678\n", ("03\x00" "1234"), "03-1234-5678\x1b[31m",
	"+81 (0)0-1234-5678", "\xff\xfe",
};

static void test_phones(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good_phones) / sizeof(good_phones[0]); i++) {
		struct phone_info p;
		const char *why = NULL;
		int r = phone_check(good_phones[i].in, strlen(good_phones[i].in), &p, &why);

		if (r != 0)
			fail_msg("'%s' refused: %s", good_phones[i].in, why);
		assert_int_equal(p.kind, good_phones[i].kind);
		assert_string_equal(p.e164, good_phones[i].e164);
	}
	for (i = 0; i < sizeof(bad_phones) / sizeof(bad_phones[0]); i++) {
		const char *why = NULL;
		size_t len = strlen(bad_phones[i]);

		if (!strcmp(bad_phones[i], "03"))
			len = 7; /* the one with a NUL inside */
		if (phone_check(bad_phones[i], len, NULL, &why) != -EINVAL)
			fail_msg("'%s' accepted", bad_phones[i]);
		assert_non_null(why);
	}
	/* a NUL in the middle, counted by length */
	assert_int_equal(phone_check("03\0001234-5678", 13, NULL, NULL), -EINVAL);
	assert_int_equal(phone_check(NULL, 0, NULL, NULL), -EINVAL);
}

static const char *const good_mails[] = {
	"soc@example.jp", "yamada.taro@example.co.jp", "a+tag@sub.example.com", "x@xn--eckwd4c7c.xn--zckzah",
	"o'neil@example.org", "user_1@a-b.example", "1@example.jp",
};

static const char *const bad_mails[] = {
	"", "plain", "@example.jp", "user@", "user@localhost", "user@@example.jp", "a@b@example.jp",
	".user@example.jp", "user.@example.jp", "us..er@example.jp", "\"q\"@example.jp", "user@[192.0.2.1]",
	"user@-example.jp", "user@example-.jp", "user@example..jp", "user@example.jp.", "user@192.0.2.1",
	"user name@example.jp", "user@exa mple.jp", "user@example.jp\n", "ユーザ@example.jp", "user@例え.jp",
	"user@example.jp\x1b]0;x\x07", "user@ex_ample.jp", "user\xff@example.jp",
};

static void test_mails(void **state)
{
	char big[400];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good_mails) / sizeof(good_mails[0]); i++) {
		const char *why = NULL;

		if (mail_check(good_mails[i], strlen(good_mails[i]), &why) != 0)
			fail_msg("'%s' refused: %s", good_mails[i], why);
	}
	for (i = 0; i < sizeof(bad_mails) / sizeof(bad_mails[0]); i++) {
		const char *why = NULL;

		if (mail_check(bad_mails[i], strlen(bad_mails[i]), &why) != -EINVAL)
			fail_msg("'%s' accepted", bad_mails[i]);
		assert_non_null(why);
	}
	/* caps: 65-byte local part, 64-byte label, 255-byte address */
	memset(big, 'a', sizeof(big));
	memcpy(big + 65, "@example.jp", 11);
	assert_int_equal(mail_check(big, 76, NULL), -EINVAL);
	memcpy(big + 64, "@example.jp", 11);
	assert_int_equal(mail_check(big, 75, NULL), 0);
	big[0] = 'u';
	big[1] = '@';
	memset(big + 2, 'b', 64);
	memcpy(big + 66, ".jp", 3);
	assert_int_equal(mail_check(big, 69, NULL), -EINVAL);
	assert_int_equal(mail_check("\0@example.jp", 12, NULL), -EINVAL);
	assert_int_equal(mail_check(NULL, 0, NULL), -EINVAL);
}

/* A long line of hostile bytes: bounded and refused, never read past len. */
static void test_hostile(void **state)
{
	size_t n = (size_t)1 << 20, i;
	char *buf = malloc(n);

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < n; i++)
		buf[i] = (char)(i * 7 + 3);
	assert_int_equal(phone_check(buf, n, NULL, NULL), -EINVAL);
	assert_int_equal(mail_check(buf, n, NULL), -EINVAL);
	memset(buf, '9', n);
	assert_int_equal(phone_check(buf, 40, NULL, NULL), -EINVAL);
	/* exactly sized, unterminated input */
	memcpy(buf, "03-1234-5678", 12);
	assert_int_equal(phone_check(buf, 12, NULL, NULL), 0);
	memcpy(buf, "a@example.jp", 12);
	assert_int_equal(mail_check(buf, 12, NULL), 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_mails),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
