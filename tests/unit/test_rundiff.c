/*
 * model/rundiff.c: two runs compared per check and subject (kyuka runs diff),
 * as a table of cases; and report/rundiff.c and report/html.c on hostile strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/rundiff.h"
#include "report/report.h"
#include "util/i18n.h"
#include "util/strbuf.h"

#define I(c, s, st, sev, ev) { .check_id = c, .subject = s, .status = st, .severity = sev, .evidence = ev }

/* The entry of check c and subject s, or NULL. */
static const struct rundiff_entry *entry(const struct rundiff *d, const char *c, const char *s)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].check_id, c) && !strcmp(d->v[i].subject, s))
			return &d->v[i];
	return NULL;
}

static void test_kinds(void **state)
{
	(void)state;
	const struct rundiff_item a[] = {
		I("ACCT-0010", "toor", ST_FAIL, SEV_CRITICAL, "uid 0"),
		I("ACCT-0020", "guest", ST_FAIL, SEV_CRITICAL, "empty password"),
		I("PLAN-0010", "holiday", ST_PASS, SEV_MEDIUM, "set"),
		I("SSH-0010", "PermitRootLogin", ST_FAIL, SEV_HIGH, "line 3"),
		I("SSH-0010", "PermitRootLogin", ST_FAIL, SEV_HIGH, "line 9"),
		I("MON-0010", "journald", ST_WARN, SEV_LOW, "auto"),
		I("PKG-0010", "", ST_SKIP, SEV_HIGH, "no dpkg"),
		I("ONLY-A", "", ST_FAIL, SEV_HIGH, "before only"),
	};
	const struct rundiff_item b[] = {
		I("ACCT-0010", "evil", ST_FAIL, SEV_CRITICAL, "uid 0"),
		I("ACCT-0010", "toor", ST_FAIL, SEV_CRITICAL, "uid 0"),	/* unchanged */
		I("ACCT-0020", "", ST_PASS, SEV_CRITICAL, "no empty password"),
		I("PLAN-0010", "holiday", ST_FAIL, SEV_MEDIUM, "no holiday"),
		I("SSH-0010", "PermitRootLogin", ST_FAIL, SEV_HIGH, "line 9"),
		I("SSH-0010", "PermitRootLogin", ST_FAIL, SEV_HIGH, "line 3"),
		I("MON-0010", "journald", ST_WARN, SEV_HIGH, "auto"),	/* same status, higher severity */
		I("PKG-0010", "", ST_PASS, SEV_HIGH, "read"),
		I("ONLY-B", "", ST_WARN, SEV_LOW, "after only"),
	};
	struct rundiff d = { 0 };
	const struct rundiff_entry *e;

	rundiff_compare(a, sizeof(a) / sizeof(a[0]), b, sizeof(b) / sizeof(b[0]), &d);
	assert_int_equal(d.counts[RD_WORSE], 2);
	assert_int_equal(d.counts[RD_APPEARED], 1);
	assert_int_equal(d.counts[RD_BETTER], 2);
	assert_int_equal(d.counts[RD_GONE], 0);
	assert_int_equal(d.unchanged, 3);	/* toor, and both PermitRootLogin matched by their evidence */
	assert_non_null(e = entry(&d, "PLAN-0010", "holiday"));
	assert_int_equal(e->kind, RD_WORSE);
	assert_int_equal(e->a.status, ST_PASS);
	assert_int_equal(e->b.status, ST_FAIL);
	assert_non_null(e = entry(&d, "MON-0010", "journald"));
	assert_int_equal(e->kind, RD_WORSE);
	assert_non_null(e = entry(&d, "ACCT-0010", "evil"));
	assert_int_equal(e->kind, RD_APPEARED);
	assert_false(e->a.present);
	/* the subject is gone and its check passes: better, the check-wide PASS not listed as appeared */
	assert_non_null(e = entry(&d, "ACCT-0020", "guest"));
	assert_int_equal(e->kind, RD_BETTER);
	assert_int_equal(e->b.status, ST_PASS);
	assert_null(entry(&d, "ACCT-0020", ""));
	assert_non_null(e = entry(&d, "PKG-0010", ""));
	assert_int_equal(e->kind, RD_BETTER);
	/* checks of one run only are not compared */
	assert_null(entry(&d, "ONLY-A", ""));
	assert_null(entry(&d, "ONLY-B", ""));
	assert_int_equal(d.n_only_a, 1);
	assert_string_equal(d.only_a[0], "ONLY-A");
	assert_int_equal(d.n_only_b, 1);
	assert_string_equal(d.only_b[0], "ONLY-B");
	/* worse first, then appeared, better; by check ID within */
	for (size_t i = 1; i < d.n; i++)
		assert_true(d.v[i - 1].kind < d.v[i].kind ||
			    (d.v[i - 1].kind == d.v[i].kind && strcmp(d.v[i - 1].check_id, d.v[i].check_id) <= 0));
	rundiff_release(&d);
}

static void test_empty(void **state)
{
	(void)state;
	struct rundiff d = { 0 };
	const struct rundiff_item a[] = { I("X-1", "", ST_PASS, SEV_LOW, "") };

	rundiff_compare(NULL, 0, NULL, 0, &d);
	assert_int_equal(d.n, 0);
	rundiff_release(&d);
	rundiff_compare(a, 1, a, 1, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(d.unchanged, 1);
	rundiff_release(&d);
}

static void test_badness(void **state)
{
	(void)state;
	assert_true(rundiff_badness(ST_PASS) < rundiff_badness(ST_MANUAL));
	assert_true(rundiff_badness(ST_MANUAL) < rundiff_badness(ST_SKIP));
	assert_true(rundiff_badness(ST_SKIP) < rundiff_badness(ST_ERROR));
	assert_true(rundiff_badness(ST_ERROR) < rundiff_badness(ST_WARN));
	assert_true(rundiff_badness(ST_WARN) < rundiff_badness(ST_FAIL));
	assert_int_equal(rundiff_badness((enum status)99), 6);
}

/* The renderers keep a hostile subject as text in each format. */
static void test_render_hostile(void **state)
{
	(void)state;
	const struct rundiff_item a[] = { I("ACCT-0010", "x", ST_PASS, SEV_HIGH, "ok") };
	const struct rundiff_item b[] = {
		I("ACCT-0010", "<script>alert(1)</script>\"onload=\x1b[2J</style>", ST_FAIL, SEV_HIGH, "\xff\xfe\x1b]0;t\x07"),
		I("ACCT-0010", "x", ST_PASS, SEV_HIGH, "ok"),
	};
	struct rundiff d = { 0 };
	struct strbuf t = STRBUF_INIT, j = STRBUF_INIT, h = STRBUF_INIT;
	char host[] = "h\x1b[31m", root[] = "/";

	rundiff_compare(a, 1, b, 2, &d);
	d.a = (struct rundiff_run){ .id = 1, .phase = "before", .hostname = host, .root = root };
	d.b = (struct rundiff_run){ .id = 2, .phase = "after", .hostname = host, .root = root };
	assert_int_equal(render_rundiff_terminal(&d, false, &t), 0);
	assert_int_equal(render_rundiff_json(&d, "0", 0, &j), 0);
	assert_int_equal(render_rundiff_html(&d, 0, &h), 0);
	assert_null(memchr(t.buf, '\x1b', t.len));
	assert_non_null(strstr(t.buf, "\\x1b[2J"));
	assert_non_null(strstr(j.buf, "\\u001b[2J"));
	assert_null(strstr(h.buf, "<script"));
	assert_non_null(strstr(h.buf, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=\\x1b[2J&lt;/style&gt;"));
	assert_null(memchr(h.buf, '\x1b', h.len));
	strbuf_release(&t);
	strbuf_release(&j);
	strbuf_release(&h);
	d.a.hostname = d.a.root = d.b.hostname = d.b.root = NULL;	/* not owned here */
	rundiff_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_badness),
		cmocka_unit_test(test_render_hostile),
	};

	i18n_init("en", NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
