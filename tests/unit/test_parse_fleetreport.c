/* Unit tests for the fleet's report parser: a valid report, then each rule of the schema broken. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/fleetreport.h"
#include "util/xalloc.h"

/* One FAIL and one PASS; SUB, SUM and HOST are replaced by the cases. */
static const char base[] =
	"{\"schema\": \"https://kyuka.invalid/schemas/report-v2.json\", \"schema_version\": 2,"
	" \"tool\": {\"name\": \"kyuka\", \"version\": \"0.1.0\"}, \"generated_at\": \"2026-12-20T00:00:00Z\","
	" \"root\": \"/\", \"phase\": \"after\", \"holiday\": {\"start\": \"2026-12-27\", \"end\": \"2027-01-04\"},"
	" \"host\": {\"hostname\": HOST, \"os_id\": \"debian\", \"os_version\": \"12\", \"os_pretty\": null,"
	" \"machine_id\": null}, \"fail_on\": \"high\","
	" \"summary\": {\"pass\": 1, \"warn\": 0, \"fail\": SUM, \"skip\": 0, \"error\": 0, \"manual\": 0,"
	" \"at_or_above_fail_on\": 1},"
	" \"do_first\": [{\"rank\": 1, \"check_id\": \"ACCT-0010\", \"title\": \"t\", \"status\": \"FAIL\","
	" \"severity\": \"critical\", \"findings\": 1, \"subjects\": [\"toor\"], \"statement\": \"s\", \"remedy\": null}],"
	" \"findings\": [{\"check_id\": \"ACCT-0010\", \"items\": [\"AC-3\"], \"area\": \"accounts\","
	" \"audience\": \"admin\", \"phase\": [\"before\", \"after\"], \"heading\": \"h\", \"title\": \"t\","
	" \"status\": STATUS, \"severity\": \"critical\", \"subject\": \"toor\", \"evidence\": \"uid 0\","
	" \"remedy\": \"userdel toor\", \"subjects\": SUB},"
	" {\"check_id\": \"SSH-0010\", \"items\": [], \"area\": \"ssh\", \"audience\": \"admin\", \"phase\": [],"
	" \"heading\": \"h\", \"title\": \"t\", \"status\": \"PASS\", \"severity\": \"high\", \"subject\": \"\","
	" \"evidence\": \"e\", \"remedy\": null, \"subjects\": []}]}\n";

static char *replace(const char *s, const char *what, const char *with)
{
	const char *at = strstr(s, what);
	size_t n = strlen(s) - strlen(what) + strlen(with) + 1;
	char *r = xmalloc(n);

	assert_non_null(at);
	snprintf(r, n, "%.*s%s%s", (int)(at - s), s, with, at + strlen(what));
	return r;
}

/* The base report with its placeholders filled; each pair (what, with) replaces one more place. */
static char *report(const char *host, const char *status, const char *sum, const char *sub)
{
	char *a = replace(base, "HOST", host), *b = replace(a, "STATUS", status), *c = replace(b, "SUM", sum),
	     *d = replace(c, "SUB", sub);

	free(a);
	free(b);
	free(c);
	return d;
}

static int parse(const char *s, struct fleet_report *r, struct err *e)
{
	size_t n = strlen(s);
	char *exact = xmalloc(n);	/* exactly sized: ASan sees a read past the end */
	int rc;

	memcpy(exact, s, n);
	rc = fleet_report_parse(exact, n, r, e);
	free(exact);
	return rc;
}

static void test_valid(void **state)
{
	struct fleet_report r;
	struct err e = { 0 };
	char *s = report("\"web1\"", "\"FAIL\"", "1", "[{\"name\": \"toor\", \"detail\": \"\"}]");

	(void)state;
	assert_int_equal(parse(s, &r, &e), 0);
	assert_string_equal(r.hostname, "web1");
	assert_int_equal(r.phase, PHASE_AFTER);
	assert_string_equal(r.holiday_start, "2026-12-27");
	assert_string_equal(r.holiday_end, "2027-01-04");
	assert_int_equal(r.generated_at, 1797724800);
	assert_int_equal(r.fail_on, SEV_HIGH);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.counts[ST_FAIL], 1);
	assert_int_equal(r.counts[ST_PASS], 1);
	assert_int_equal(r.at_or_above, 1);
	assert_string_equal(r.f[0].check_id, "ACCT-0010");
	assert_int_equal(r.f[0].status, ST_FAIL);
	assert_int_equal(r.f[0].severity, SEV_CRITICAL);
	assert_string_equal(r.f[0].remedy, "userdel toor");
	assert_null(r.f[1].remedy);
	assert_null(r.os_pretty);
	fleet_report_free(&r);
	free(s);
}

static void test_null_hostname(void **state)
{
	struct fleet_report r;
	struct err e = { 0 };
	char *s = report("null", "\"FAIL\"", "1", "[]");

	(void)state;
	assert_int_equal(parse(s, &r, &e), 0);
	assert_null(r.hostname);
	fleet_report_free(&r);
	free(s);
}

/* A finding's members in another order than kyuka writes them: the same finding. */
static void test_any_order(void **state)
{
	struct fleet_report r;
	struct err e = { 0 };
	char *s = report("\"web1\"", "\"FAIL\"", "1", "[]"),
	     *t = replace(s, "{\"check_id\": \"SSH-0010\", \"items\": [], ", "{\"items\": [], "),
	     *u = replace(t, "\"remedy\": null, \"subjects\": []}]}",
			  "\"subjects\": [], \"check_id\": \"SSH-0010\", \"remedy\": null}]}");

	(void)state;
	assert_int_equal(parse(u, &r, &e), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.f[1].check_id, "SSH-0010");
	assert_string_equal(r.f[1].evidence, "e");
	assert_null(r.f[1].remedy);
	assert_int_equal(r.f[1].status, ST_PASS);
	fleet_report_free(&r);
	free(u);
	free(t);
	free(s);
}

struct bad {
	const char *host, *status, *sum, *sub;
	const char *what, *with;	/* one more replacement, or NULL */
	const char *msg;		/* expected in the error */
};

static const struct bad bads[] = {
	{ "\"w\"", "\"OK\"", "1", "[]", NULL, NULL, "findings[0].status: unknown status 'OK'" },
	{ "\"w\"", "\"FAIL\"", "0", "[]", NULL, NULL, "summary.fail: 0, but the findings hold 1" },
	{ "\"w\"", "\"FAIL\"", "1.0", "[]", NULL, NULL, "summary.fail: not an integer" },
	{ "\"w\"", "\"FAIL\"", "-1", "[]", NULL, NULL, "summary.fail: out of range" },
	{ "\"w\"", "\"WARN\"", "1", "[]", NULL, NULL, "summary.warn: 0, but the findings hold 1" },
	{ "3", "\"FAIL\"", "1", "[]", NULL, NULL, "host.hostname: not a string or null" },
	{ "\"w\\u0000x\"", "\"FAIL\"", "1", "[]", NULL, NULL, "host.hostname: holds a NUL byte" },
	{ "\"w\"", "\"FAIL\"", "1", "{}", NULL, NULL, "subjects: not an array" },
	{ "\"w\"", "\"FAIL\"", "1", "[{\"name\": \"a\"}]", NULL, NULL, "missing member 'detail'" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"root\": \"/\",", "\"root\": \"/\", \"extra\": 1,",
	  "report: unknown member 'extra'" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"phase\": \"after\"", "\"phase\": \"later\"", "unknown phase 'later'" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "2026-12-20T00:00:00Z", "2026-12-20 00:00:00", "not a UTC time" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "2026-12-20T00:00:00Z", "2026-02-30T00:00:00Z", "not a UTC time" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"end\": \"2027-01-04\"", "\"end\": \"2026-01-04\"", "ends before it starts" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"schema_version\": 2", "\"schema_version\": 3", "not 2" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"name\": \"kyuka\"", "\"name\": \"other\"", "tool.name: not kyuka" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"check_id\": \"ACCT-0010\", \"items\"", "\"check_id\": \"x\", \"items\"",
	  "findings[0].check_id: not a check ID" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "[\"AC-3\"]", "[\"AC3\"]", "findings[0].items[0]: not an advisory item" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"severity\": \"critical\", \"subject\"", "\"severity\": \"severe\", \"subject\"",
	  "unknown severity 'severe'" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"at_or_above_fail_on\": 1", "\"at_or_above_fail_on\": 0",
	  "summary.at_or_above_fail_on: 0, but the findings hold 1" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"fail_on\": \"high\"", "\"fail_on\": null", "report.fail_on: not a string" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"findings\": 1, \"subjects\"", "\"findings\": 0, \"subjects\"",
	  "do_first[0].findings: below 1" },
	/* a finding's members, walked once: an unknown one named, a missing one named (also a null one's type) */
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"subjects\": []}]}", "\"subjects\": [], \"extra\": 1}]}",
	  "findings[1]: unknown member 'extra'" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"phase\": [], \"heading\": \"h\",", "\"phase\": [],",
	  "findings[1]: missing member 'heading'" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"evidence\": \"e\"", "\"evidence\": null",
	  "findings[1].evidence: not a string" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "\"audience\": \"admin\", \"phase\": []", "\"audience\": \"root\", \"phase\": []",
	  "findings[1].audience: unknown value 'root'" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "}]}\n", "}]} x", "invalid JSON at byte" },
	{ "\"w\"", "\"FAIL\"", "1", "[]", "}]}\n", "}]", "truncated JSON" },
};

static void test_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		const struct bad *b = &bads[i];
		char *s = report(b->host, b->status, b->sum, b->sub), *t = s;
		struct fleet_report r;
		struct err e = { 0 };
		int rc;

		if (b->what)
			t = replace(s, b->what, b->with);
		rc = parse(t, &r, &e);
		if (rc != -EINVAL || !strstr(e.msg, b->msg))
			fail_msg("case %zu: rc %d, '%s', expected '%s'", i, rc, e.msg, b->msg);
		/* nothing kept from a rejected report */
		assert_int_equal(r.n, 0);
		assert_null(r.f);
		assert_null(r.hostname);
		if (t != s)
			free(t);
		free(s);
	}
}

static void test_caps(void **state)
{
	struct fleet_report r;
	struct err e = { 0 };
	char big[8] = "";

	(void)state;
	/* the size cap comes before any parsing: the bytes are not even looked at */
	assert_int_equal(fleet_report_parse(big, FLEET_REPORT_MAX_BYTES + 1, &r, &e), -EFBIG);
	assert_non_null(strstr(e.msg, "larger than 16777216 bytes"));
	assert_int_equal(parse("", &r, &e), -EINVAL);
	assert_int_equal(parse("[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]", &r, &e), -EINVAL);
	assert_int_equal(parse("\xff", &r, &e), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_null_hostname),
		cmocka_unit_test(test_any_order),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_caps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
