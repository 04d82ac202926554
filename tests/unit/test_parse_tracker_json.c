/* Unit tests for the streamed tracker JSON parser: every split of the input gives the same records. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/tracker_json.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static const char sample[] =
	"{\"webkit2gtk\": {\"CVE-2022-42856\": {\"scope\": \"remote\", \"releases\": {"
	"\"bullseye\": {\"status\": \"resolved\", \"repositories\": {\"bullseye\": \"2.38.6-0+deb11u1\"}, "
	"\"fixed_version\": \"2.38.3-1~deb11u1\", \"urgency\": \"not yet assigned\"}, "
	"\"bookworm\": {\"status\": \"resolved\", \"fixed_version\": \"2.38.3-1\", \"urgency\": \"high\"}}}, "
	"\"TEMP-0000000-1234\": {\"releases\": {\"bookworm\": {\"status\": \"open\"}}}}, \n"
	" \"a\\u0030\": {\"CVE-2023-0001\": {\"releases\": {\"bookworm\": {\"status\": \"open\", \"urgency\": \"low\"}}}},"
	"\"b0\": {\"TEMP-1\": {\"description\": \"caf\xc3\xa9 \xff\"}}}\n";	/* text not kept is not checked */

struct collected {
	struct strbuf sb;
	int stop_at;	/* fail on this record (1-based), 0 never */
	int n;
};

static int collect(void *ctx, const struct tracker_rec *r, struct err *err)
{
	struct collected *c = ctx;

	c->n++;
	if (c->stop_at && c->n == c->stop_at)
		return err_set(err, -EIO, "stopped");
	strbuf_addf(&c->sb, "%s %s %s %s %s [%s]\n", r->package, r->cve, r->release, r->status,
		    r->fixed_version ? r->fixed_version : "-", r->urgency);
	return 0;
}

static int run(const char *in, size_t len, size_t chunk, struct collected *c, struct err *e)
{
	struct tracker_stream *ts = tracker_stream_new(collect, c);
	size_t i;
	int r = 0;

	for (i = 0; i < len && r == 0; i += chunk) {
		size_t n = len - i < chunk ? len - i : chunk;
		char *part = xmalloc(n);	/* exactly sized: ASan sees over-reads */

		memcpy(part, in + i, n);
		r = tracker_stream_feed(ts, part, n, e);
		free(part);
	}
	if (r == 0)
		r = tracker_stream_end(ts, e);
	tracker_stream_free(ts);
	return r;
}

static void test_every_split(void **state)
{
	const char *want = "webkit2gtk CVE-2022-42856 bullseye resolved 2.38.3-1~deb11u1 [not yet assigned]\n"
			   "webkit2gtk CVE-2022-42856 bookworm resolved 2.38.3-1 [high]\n"
			   "a0 CVE-2023-0001 bookworm open - [low]\n";
	size_t chunk;

	(void)state;
	for (chunk = 1; chunk <= sizeof(sample); chunk++) {
		struct collected c = { .sb = STRBUF_INIT };
		struct err e;

		if (run(sample, sizeof(sample) - 1, chunk, &c, &e) != 0)
			fail_msg("chunk %zu: %s", chunk, e.msg);
		assert_string_equal(c.sb.buf, want);
		strbuf_release(&c.sb);
	}
}

struct case_ {
	const char *in;
	size_t len;
	const char *msg;
};

static const struct case_ bad[] = {
	{ IN(""), "truncated" },
	{ IN("   "), "truncated" },
	{ IN("{\"a0\": {}"), "truncated" },
	{ IN("{\"a0\": {\"CVE-2022-1234\": {\"rel"), "truncated" },
	{ IN("[]"), "not a JSON object" },
	{ IN("{\"a0\": {}} x"), "unexpected character" },
	{ IN("{\"a0\" {}}"), "unexpected character" },
	{ IN("{\"a0\": {},}"), "unexpected character" },
	{ IN("{\"A B\": {}}"), "not a package name" },
	{ IN("{\"a0\": []}"), "not an object" },
	{ IN("{\"a0\": {\"CVE-2022-1234\": 3}}"), "not an object" },
	{ IN("{\"a0\": {\"CVE-2022-1234\": {\"releases\": {\"x\": {\"status\": 3}}}}}"), "status" },
	{ IN("{\"a0\": {\"CVE-2022-1234\": {\"releases\": {\"x\": {}}}}}"), "status" },
	{ IN("{\"a0\": {\"CVE-2022-1234\": {\"releases\": {\"x\": {\"status\": \"\\u001b[31m\"}}}}}"), "status" },
	{ IN("{\"a0\": {\"CVE-2022-1234\": {\"releases\": {\"x\": {\"status\": \"\xff\"}}}}}"), "status" },
	{ IN("{\"a0\": {\"CVE-2022-1234\": {\"releases\": {\"B\u00e9\": {\"status\": \"open\"}}}}}"), "not an object" },
	{ IN("{\"a0\": {\"x\": tru}}"), "invalid tracker JSON" },
	{ IN("{\"a0\": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}"), "invalid tracker JSON" },
};

static void test_bad(void **state)
{
	size_t i, chunk;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		for (chunk = 1; chunk <= 64; chunk *= 4) {
			struct collected c = { .sb = STRBUF_INIT };
			struct err e = { 0 };

			if (run(bad[i].in, bad[i].len, chunk, &c, &e) == 0 || !strstr(e.msg, bad[i].msg))
				fail_msg("case %zu chunk %zu: '%s'", i, chunk, e.msg);
			strbuf_release(&c.sb);
		}
}

static void test_callback_stops(void **state)
{
	struct collected c = { .sb = STRBUF_INIT, .stop_at = 2 };
	struct err e;

	(void)state;
	assert_int_equal(run(sample, sizeof(sample) - 1, 7, &c, &e), -EIO);
	assert_string_equal(e.msg, "stopped");
	strbuf_release(&c.sb);
}

static void test_big_value(void **state)
{
	/* one package of many CVEs, fed in 64 KiB chunks */
	struct strbuf in = STRBUF_INIT;
	struct collected c = { .sb = STRBUF_INIT };
	struct err e;
	int i;

	(void)state;
	strbuf_adds(&in, "{\"linux\": {");
	for (i = 0; i < 20000; i++)
		strbuf_addf(&in, "%s\"CVE-2020-%05d\": {\"releases\": {\"bookworm\": {\"status\": \"resolved\", "
				 "\"fixed_version\": \"6.1.%d-1\", \"urgency\": \"unimportant\"}}}",
			    i ? ", " : "", 10000 + i, i);
	strbuf_adds(&in, "}}");
	assert_int_equal(run(in.buf, in.len, 65536, &c, &e), 0);
	assert_int_equal(c.n, 20000);
	strbuf_release(&in);
	strbuf_release(&c.sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_split),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_big_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
