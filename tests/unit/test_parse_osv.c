/* Unit tests for the OSV record parser. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/osv.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

#define DSA "{\"id\": \"DSA-5308-1\", \"published\": \"2022-12-31T00:00:00Z\", \"modified\": \"2023-01-02T00:00:00Z\", " \
	    "\"summary\": \"webkit2gtk - security update\", \"upstream\": [\"CVE-2022-42852\", \"CVE-2022-42856\"], " \
	    "\"affected\": [{\"package\": {\"ecosystem\": \"Debian:11\", \"name\": \"webkit2gtk\"}, " \
	    "\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"2.38.3-1~deb11u1\"}]}]}, " \
	    "{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"x\"}, \"ranges\": [{\"type\": \"GIT\", \"repo\": \"r\", \"events\": []}]}]}"

struct case_ {
	const char *in;
	size_t len;
	int ret;
	const char *msg;
};

static const struct case_ cases[] = {
	{ IN(DSA), 0, NULL },
	{ IN("{\"id\": \"CVE-2022-1234\", \"aliases\": [\"CVE-2022-1234\"]}"), 0, NULL },
	{ IN(""), -EINVAL, "truncated" },
	{ IN("{\"id\": 3}"), -EINVAL, "no \"id\"" },
	{ IN("{\"id\": \"a b\"}"), -EINVAL, "invalid \"id\"" },
	{ IN("{\"id\": \"X-1\", \"published\": \"yesterday\"}"), -EINVAL, "published" },
	{ IN("{\"id\": \"X-1\", \"aliases\": \"CVE-2022-1234\"}"), -EINVAL, "not a list" },
	{ IN("{\"id\": \"X-1\", \"affected\": [{\"package\": {\"name\": \"a\"}}]}"), -EINVAL, "ecosystem" },
	{ IN("{\"id\": \"X-1\", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"A B\"}}]}"), -EINVAL, "package name" },
	{ IN("{\"id\": \"X-1\", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"ab\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1:\"}]}]}]}"), -EINVAL, "Debian version" },
	{ IN("{\"id\": \"X-1\", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"ab\"}, \"ranges\": [{\"events\": []}]}]}"), -EINVAL, "no type" },
	{ IN("{\"id\": \"X-1\"} {}"), -EINVAL, "invalid JSON" },
};

static void test_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct osv_record r = { 0 };
		struct err e = { 0 };
		char *buf = xmalloc(cases[i].len ? cases[i].len : 1);
		int ret;

		memcpy(buf, cases[i].in, cases[i].len);
		ret = osv_parse(buf, cases[i].len, &r, &e);
		if (ret != cases[i].ret || (cases[i].msg && !strstr(e.msg, cases[i].msg)))
			fail_msg("case %zu: %d '%s'", i, ret, e.msg);
		osv_free(&r);
		free(buf);
	}
}

static void test_fields(void **state)
{
	struct osv_record r;
	struct err e;

	(void)state;
	assert_int_equal(osv_parse(DSA, sizeof(DSA) - 1, &r, &e), 0);
	assert_string_equal(r.id, "DSA-5308-1");
	assert_string_equal(r.published, "2022-12-31");
	assert_int_equal(r.n_cves, 2);
	assert_string_equal(r.cves[1], "CVE-2022-42856");
	assert_int_equal(r.n_aff, 2);
	assert_string_equal(r.aff[0].release, "bullseye");
	assert_string_equal(r.aff[0].package, "webkit2gtk");
	assert_int_equal(r.aff[0].n_ranges, 1);
	assert_string_equal(r.aff[0].ranges[0].introduced, "0");
	assert_string_equal(r.aff[0].ranges[0].fixed, "2.38.3-1~deb11u1");
	assert_null(r.aff[1].release);
	assert_int_equal(r.aff[1].n_ranges, 0);
	osv_free(&r);
}

static void test_events(void **state)
{
	const char in[] = "{\"id\": \"X-1\", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"ab\"}, "
			  "\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"fixed\": \"0.5\"}, {\"introduced\": \"1.0\"}, "
			  "{\"fixed\": \"1.2\"}, {\"introduced\": \"2.0\"}, {\"last_affected\": \"2.1\"}, {\"introduced\": \"3.0\"}]}]}]}";
	struct osv_record r;
	struct err e;

	(void)state;
	assert_int_equal(osv_parse(in, sizeof(in) - 1, &r, &e), 0);
	assert_string_equal(r.aff[0].release, "bookworm");
	assert_int_equal(r.aff[0].n_ranges, 3);
	assert_string_equal(r.aff[0].ranges[0].introduced, "1.0");
	assert_string_equal(r.aff[0].ranges[0].fixed, "1.2");
	assert_string_equal(r.aff[0].ranges[1].last_affected, "2.1");
	assert_null(r.aff[0].ranges[1].fixed);
	assert_string_equal(r.aff[0].ranges[2].introduced, "3.0");
	assert_null(r.aff[0].ranges[2].fixed);
	osv_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
