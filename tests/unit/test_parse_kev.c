/* Unit tests for the CISA KEV parser, with the real catalog from ../shared/data. */
#include <errno.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/kev.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static char *slurp(const char *rel, size_t *len)
{
	const char *src = getenv("KYUKA_TEST_SRCDIR");
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/../shared/data/%s", src ? src : "..", rel);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		fail_msg("cannot read %s", path);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

#define ONE "{\"cveID\": \"CVE-2022-42856\", \"dateAdded\": \"2022-12-14\", \"dueDate\": \"2023-01-04\", " \
	    "\"knownRansomwareCampaignUse\": \"Unknown\", \"vendorProject\": \"Apple\"}"

struct case_ {
	const char *in;
	size_t len;
	int ret;
	const char *msg;	/* substring of the error */
};

static const struct case_ cases[] = {
	{ IN("{\"vulnerabilities\": [" ONE "]}"), 0, NULL },
	{ IN("{\"count\": 1, \"vulnerabilities\": [" ONE "]}\r\n"), 0, NULL },
	{ IN("{\"count\": 2, \"vulnerabilities\": [" ONE "]}"), -EINVAL, "count" },
	{ IN(""), -EINVAL, "truncated" },
	{ IN("{\"vulnerabilities\": [" ONE), -EINVAL, "truncated" },
	{ IN("{\"vulnerabilities\": [" ONE "]} x"), -EINVAL, "invalid JSON" },	/* json-c: trailing bytes */
	{ IN("{\"vulnerabilities\": [" ONE ",]}"), -EINVAL, "invalid JSON" },
	{ IN("{\"vulnerabilities\": {}}"), -EINVAL, "not a KEV catalog" },
	{ IN("[]"), -EINVAL, "not a KEV catalog" },
	{ IN("{\"vulnerabilities\": [{\"cveID\": \"CVE-1\", \"dateAdded\": \"2022-12-14\"}]}"), -EINVAL, "cveID" },
	{ IN("{\"vulnerabilities\": [{\"cveID\": \"CVE-2022-12345\", \"dateAdded\": \"2022-02-30\"}]}"), -EINVAL, "dateAdded" },
	{ IN("{\"vulnerabilities\": [{\"cveID\": \"CVE-2022-12345\"}]}"), -EINVAL, "dateAdded" },
	{ IN("{\"vulnerabilities\": [{\"cveID\": \"CVE-2022-12345\", \"dateAdded\": \"2022-12-14\", \"product\": 3}]}"), -EINVAL, "not a string" },
	{ IN("{\"vulnerabilities\": [{\"cveID\": \"CVE-2022-12345\", \"dateAdded\": \"2022-12-14\", \"product\": \"a\\u0000b\"}]}"), -EINVAL, "not a string" },
	{ IN("{\"vulnerabilities\": [{\"cveID\": \"CVE-2022-12345\", \"dateAdded\": \"2022-12-14\", \"product\": \"\xff\"}]}"), -EINVAL, "invalid JSON" },
	{ IN("{\"vulnerabilities\": [[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]}"), -EINVAL, "invalid JSON" },
	{ IN("{\"vulnerabilities\": [" ONE "]}\0"), -EINVAL, "JSON" },
};

static void test_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kev_catalog c = { 0 };
		struct err e = { 0 };
		char *buf = xmalloc(cases[i].len ? cases[i].len : 1);
		int r;

		memcpy(buf, cases[i].in, cases[i].len);
		r = kev_parse(buf, cases[i].len, &c, &e);
		if (r != cases[i].ret || (cases[i].msg && !strstr(e.msg, cases[i].msg)))
			fail_msg("case %zu: %d '%s'", i, r, e.msg);
		if (r == 0) {
			assert_int_equal(c.n, 1);
			assert_string_equal(c.v[0].cve, "CVE-2022-42856");
			assert_string_equal(c.v[0].date_added, "2022-12-14");
			assert_string_equal(c.v[0].due_date, "2023-01-04");
			assert_string_equal(c.v[0].ransomware, "Unknown");
			assert_string_equal(c.v[0].product, "");
		}
		kev_free(&c);
		free(buf);
	}
}

static void test_real(void **state)
{
	struct kev_catalog c;
	struct err e;
	size_t len, i;
	char *buf = slurp("cisa-kev/known_exploited_vulnerabilities.json", &len);
	bool found = false;

	(void)state;
	assert_int_equal(kev_parse(buf, len, &c, &e), 0);
	assert_int_equal(c.n, 1404);
	assert_string_equal(c.version, "2025.08.25");
	assert_string_equal(c.released, "2025-08-25");
	for (i = 0; i < c.n; i++)
		if (!strcmp(c.v[i].cve, "CVE-2022-42856")) {
			found = true;
			assert_string_equal(c.v[i].date_added, "2022-12-14");
		}
	assert_true(found);
	kev_free(&c);
	/* truncated anywhere: an error, never a shorter catalog */
	for (i = 1; i < len; i += len / 7) {
		struct err e2;
		assert_int_equal(kev_parse(buf, i, &c, &e2), -EINVAL);
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_real),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
