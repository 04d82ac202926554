/* Unit tests for the fwupdmgr --json parser. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/fwupd.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static int parse(const char *s, size_t len, bool updates, struct fwupd_list *l)
{
	char *b = xmalloc(len ? len : 1);
	int r;

	memcpy(b, s, len);
	r = fwupd_parse(b, len, updates, l, NULL);
	free(b);
	return r;
}

static void test_devices(void **state)
{
	static const char in[] =
		"{\n  \"Devices\" : [\n    {\n      \"Name\" : \"System Firmware\",\n      \"DeviceId\" : \"a45d\",\n"
		"      \"Flags\" : [ \"internal\", \"updatable\" ],\n      \"Vendor\" : \"HP\",\n      \"Version\" : \"2.90\",\n"
		"      \"Releases\" : [ { \"Version\" : \"2.91\", \"Summary\" : \"BIOS\", \"Flags\" : [ \"is-upgrade\" ] },\n"
		"                       { \"Version\" : \"2.85\", \"Flags\" : [ \"is-downgrade\" ] } ]\n    },\n"
		"    { \"Name\" : \"TPM\", \"DeviceId\" : \"c6a8\", \"Version\" : \"7.85\" },\n    7,\n"
		"    { \"DeviceId\" : 5 }\n  ]\n}\n";
	struct fwupd_list l = { 0 };

	(void)state;
	assert_int_equal(parse(IN(in), false, &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].name, "System Firmware");
	assert_true(l.v[0].updatable);
	assert_int_equal(l.v[0].n_upgrades, 1);
	assert_string_equal(l.v[0].upgrade_version, "2.91");
	assert_null(l.v[0].upgrade_urgency);
	assert_false(l.v[1].updatable);
	assert_int_equal(l.v[1].n_upgrades, 0);
	assert_string_equal(l.v[2].name, "?");
	fwupd_free(&l);
	/* get-updates output: every release that is not a downgrade is pending */
	assert_int_equal(parse(IN("{\"Devices\": [{\"Name\": \"X\", \"Releases\": [{\"Version\": \"2\", \"Urgency\": \"critical\"}]}]}"), true, &l), 0);
	assert_int_equal(l.v[0].n_upgrades, 1);
	assert_string_equal(l.v[0].upgrade_urgency, "critical");
	fwupd_free(&l);
}

static void test_error_and_hostile(void **state)
{
	struct fwupd_list l = { 0 };
	char big[2048];

	(void)state;
	assert_int_equal(parse(IN("{\"Error\": {\"Domain\": \"FwupdError\", \"Code\": 2, \"Message\": \"No updatable devices\"}}"), true, &l), 0);
	assert_string_equal(l.error, "No updatable devices");
	fwupd_free(&l);
	assert_int_equal(parse(IN("{\"Error\": 1}"), true, &l), 0);
	assert_string_equal(l.error, "unknown error");
	fwupd_free(&l);
	assert_int_equal(parse(IN(""), true, &l), -EINVAL);
	assert_int_equal(parse(IN("not json"), true, &l), -EINVAL);
	assert_int_equal(parse(IN("{\"Devices\": 3}"), true, &l), -EINVAL);
	assert_int_equal(parse(IN("{\"Devices\": []} trailing"), true, &l), -EINVAL);
	assert_int_equal(parse(IN("{\"Devices\": [\"\0\"]}"), true, &l), -EINVAL);
	assert_int_equal(parse(IN("{\"Devices\": [{\"Name\": \"\xff\"}]}"), true, &l), -EINVAL);
	assert_int_equal(parse(IN("{\"Devices\": [{\"Name\": \"\\u001b[31mevil\"}]}\n"), true, &l), 0);
	assert_string_equal(l.v[0].name, "\x1b[31mevil");
	fwupd_free(&l);
	memset(big, '[', sizeof(big));
	assert_int_equal(parse(big, sizeof(big), true, &l), -EINVAL);
	/* long names are cut */
	{
		size_t n = 10000;
		char *s = xmalloc(n + 64);
		size_t o = (size_t)sprintf(s, "{\"Devices\": [{\"Name\": \"");
		memset(s + o, 'a', n);
		o += n;
		o += (size_t)sprintf(s + o, "\"}]}");
		assert_int_equal(parse(s, o, true, &l), 0);
		assert_int_equal(strlen(l.v[0].name), FWUPD_MAX_TEXT);
		fwupd_free(&l);
		free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_devices),
		cmocka_unit_test(test_error_and_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
