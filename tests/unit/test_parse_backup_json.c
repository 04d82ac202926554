/* Unit tests for the restic and borg JSON parsers: real output, then hostile input. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/backup_json.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static char *exact(const char *s, size_t len)
{
	char *p = xmalloc(len ? len : 1);

	if (len)
		memcpy(p, s, len);
	return p;
}

static const char restic_snaps[] =
	"[{\"time\":\"2026-11-26T05:24:55.911816557Z\",\"tree\":\"edb7\",\"paths\":[\"/tmp/r/etc\",\"/srv\"],"
	"\"hostname\":\"vm\",\"username\":\"root\",\"id\":\"c10c3df2e82fdb1ed6dff0770a54c0d5b1cecf9934df79cf3627036750d41396\","
	"\"short_id\":\"c10c3df2\"},"
	"{\"time\":\"2026-11-16T05:00:00+09:00\",\"paths\":[\"/etc\"],\"id\":\"aaaa\",\"short_id\":\"aa\"}]\n";

static void test_restic_snapshots(void **state)
{
	struct backup_snapshots s = { 0 };
	struct err e = { 0 };
	char *buf = exact(IN(restic_snaps));

	(void)state;
	assert_int_equal(restic_snapshots_parse(buf, sizeof(restic_snaps) - 1, &s, &e), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.bad.n, 0);
	assert_int_equal(backup_snapshots_newest(&s), 0);
	assert_int_equal(s.v[0].time, 1795670695);
	assert_int_equal(s.v[1].time, 1794772800);
	assert_string_equal(s.v[0].short_id, "c10c3df2");
	assert_int_equal(s.v[0].n_paths, 2);
	assert_string_equal(s.v[0].paths[1], "/srv");
	backup_snapshots_free(&s);
	free(buf);
}

static const char borg_list[] =
	"{\n \"archives\": [\n {\"archive\": \"a1\", \"id\": \"75c6a2b8530f2c18ab77\", \"name\": \"a1\","
	" \"start\": \"2026-11-26T05:25:02.000000\", \"time\": \"2026-11-26T05:25:02.000000\"},\n"
	" {\"name\": \"old\", \"start\": \"2026-11-16T05:00:00.000000\"}],\n"
	" \"encryption\": {\"mode\": \"repokey\"}, \"repository\": {\"id\": \"95\"}\n}\n";

static void test_borg_archives(void **state)
{
	struct backup_snapshots s = { 0 };
	struct err e = { 0 };
	char *buf = exact(IN(borg_list));

	(void)state;
	assert_int_equal(borg_archives_parse(buf, sizeof(borg_list) - 1, &s, &e), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0].id, "a1");
	assert_string_equal(s.v[0].short_id, "75c6a2b8");
	assert_int_equal(s.v[0].time, 1795670702);
	assert_int_equal(backup_snapshots_newest(&s), 0);
	backup_snapshots_free(&s);
	free(buf);
}

struct whole_case {
	const char *in;
	size_t len;
	int ret;		/* of restic_snapshots_parse */
	size_t n, bad;
};

static const struct whole_case restic_cases[] = {
	{ IN(""), -EINVAL, 0, 0 },
	{ IN("null"), 0, 0, 0 },
	{ IN("[]"), 0, 0, 0 },
	{ IN("[] x"), -EINVAL, 0, 0 },
	{ IN("{}"), -EINVAL, 0, 0 },
	{ IN("[1, \"x\", null, {}]"), 0, 0, 4 },
	{ IN("[{\"id\":\"a\"}]"), 0, 0, 1 },
	{ IN("[{\"id\":\"a\",\"time\":\"yesterday\"}]"), 0, 0, 1 },
	{ IN("[{\"id\":\"a\",\"time\":\"2026-01-01T00:00:00\"}]"), 0, 0, 1 },	/* restic always gives a zone */
	{ IN("[{\"id\":\"a\\u0000b\",\"time\":\"2026-01-01T00:00:00Z\"}]"), 0, 0, 1 },
	{ IN("[{\"id\":\"\",\"time\":\"2026-01-01T00:00:00Z\"}]"), 0, 0, 1 },
	{ IN("[{\"id\":\"\x1b[31mx\",\"time\":\"2026-01-01T00:00:00Z\",\"paths\":[1,\"\",\"/a\\u0000\",\"/ok\"]}]"), 0, 1, 0 },
	{ IN("[{\"id\":\"\xff\xfe\",\"time\":\"2026-01-01T00:00:00Z\"}]"), 0, 1, 0 },	/* kept: renderers escape it */
	{ IN("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"), -EINVAL, 0, 0 },
	{ IN("[{\"id\":\"a\",\"time\":\"2026-01-01T00:00:00Z\"}\r\n]\r\n"), 0, 1, 0 },
	{ IN("[{\"id\":\"a\",\"time\":\"2026-01-01T00:00:00Z\""), -EINVAL, 0, 0 },
	{ IN("\0[]"), -EINVAL, 0, 0 },
	{ IN("[{\"id\":\"a\",\"time\":\"99999-01-01T00:00:00Z\"}]"), 0, 0, 1 },
};

static void test_restic_hostile(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(restic_cases); i++) {
		const struct whole_case *c = &restic_cases[i];
		struct backup_snapshots s = { 0 };
		struct err e = { 0 };
		char *buf = exact(c->in, c->len);

		print_message("restic case %zu\n", i);
		assert_int_equal(restic_snapshots_parse(buf, c->len, &s, &e), c->ret);
		if (c->ret == 0) {
			assert_int_equal(s.n, c->n);
			assert_int_equal(s.bad.n, c->bad);
		} else {
			assert_true(e.msg[0] != '\0');
		}
		backup_snapshots_free(&s);
		free(buf);
	}
}

static void test_borg_hostile(void **state)
{
	static const struct whole_case cases[] = {
		{ IN("[]"), -EINVAL, 0, 0 },
		{ IN("{\"archives\": {}}"), -EINVAL, 0, 0 },
		{ IN("{\"archives\": []}"), 0, 0, 0 },
		{ IN("{\"archives\": [{\"name\": \"x\"}]}"), 0, 0, 1 },
		{ IN("{\"archives\": [{\"name\": \"x\", \"start\": \"2026-01-01T00:00:00+01:00\"}]}"), 0, 1, 0 },
		{ IN("{\"archives\": [{\"name\": \"x\", \"start\": \"2026-01-01T00:00:00.123456789012\"}]}"), 0, 0, 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct backup_snapshots s = { 0 };
		struct err e = { 0 };
		char *buf = exact(cases[i].in, cases[i].len);

		print_message("borg case %zu\n", i);
		assert_int_equal(borg_archives_parse(buf, cases[i].len, &s, &e), cases[i].ret);
		assert_int_equal(s.n, cases[i].n);
		assert_int_equal(s.bad.n, cases[i].bad);
		backup_snapshots_free(&s);
		free(buf);
	}
}

static const char restic_ls[] =
	"{\"time\":\"2026-11-26T05:24:55.9Z\",\"paths\":[\"/etc\"],\"id\":\"c1\",\"struct_type\":\"snapshot\"}\n"
	"{\"name\":\"etc\",\"type\":\"dir\",\"path\":\"/etc\",\"mtime\":\"2026-11-26T05:24:53.47344628Z\",\"struct_type\":\"node\"}\n"
	"{\"name\":\"a.conf\",\"type\":\"file\",\"path\":\"/etc/a.conf\",\"size\":3,\"mtime\":\"2026-11-26T05:24:53.47757671Z\",\"struct_type\":\"node\"}\r\n"
	"not json\n"
	"{\"name\":\"l\",\"type\":\"symlink\",\"path\":\"/etc/l\",\"struct_type\":\"node\"}\n"
	"{\"type\":\"file\",\"size\":-1,\"path\":\"/etc/neg\"}\n"
	"{\"type\":\"file\",\"size\":\"3\",\"path\":\"/etc/str\"}\n"
	"{\"type\":\"file\",\"size\":1}\n"
	"\n";

static void test_restic_ls(void **state)
{
	struct backup_listing l = { 0 };
	struct err e = { 0 };
	char *buf = exact(IN(restic_ls));

	(void)state;
	assert_int_equal(restic_ls_parse(buf, sizeof(restic_ls) - 1, &l, &e), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.n_files, 1);
	assert_int_equal(l.file_bytes, 3);
	assert_string_equal(l.v[1].path, "/etc/a.conf");
	assert_int_equal(l.v[1].type, BE_FILE);
	assert_int_equal(l.v[1].mtime, 1795670693);
	assert_int_equal(l.v[2].type, BE_LINK);
	assert_int_equal(l.bad.n, 4);
	assert_int_equal(l.bad.line[0], 4);
	assert_string_equal(l.bad.why[1], "bad size");
	assert_string_equal(l.bad.why[3], "no path");
	/* the snapshot line comes first: "ls latest" says which snapshot it listed */
	assert_true(l.have_snap);
	assert_string_equal(l.snap.id, "c1");
	assert_int_equal(l.snap.time, 1795670695);
	assert_int_equal(l.snap.n_paths, 1);
	assert_string_equal(l.snap.paths[0], "/etc");
	backup_listing_free(&l);
	free(buf);
}

/* A snapshot line after the first node, a second one, or one without an ID is not taken. */
static void test_restic_ls_snapshot_line(void **state)
{
	static const char *const cases[] = {
		("{\"name\":\"etc\",\"type\":\"dir\",\"path\":\"/etc\",\"struct_type\":\"node\"}\n"
		 "{\"time\":\"2026-11-26T05:24:55Z\",\"id\":\"late\",\"struct_type\":\"snapshot\"}\n"),
		"{\"time\":\"2026-11-26T05:24:55Z\",\"struct_type\":\"snapshot\"}\n",
		"{\"time\":\"yesterday\",\"id\":\"x\",\"struct_type\":\"snapshot\"}\n",
		"",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct backup_listing l = { 0 };
		struct err e = { 0 };
		char *buf = exact(cases[i], strlen(cases[i]));

		assert_int_equal(restic_ls_parse(buf, strlen(cases[i]), &l, &e), 0);
		assert_false(l.have_snap);
		backup_listing_free(&l);
		free(buf);
	}
	{
		static const char two[] =
			"{\"time\":\"2026-11-26T05:24:55Z\",\"id\":\"first\",\"struct_type\":\"snapshot\"}\n"
			"{\"time\":\"2026-11-27T05:24:55Z\",\"id\":\"second\",\"struct_type\":\"snapshot\"}\n";
		struct backup_listing l = { 0 };
		struct err e = { 0 };
		char *buf = exact(IN(two));

		assert_int_equal(restic_ls_parse(buf, sizeof(two) - 1, &l, &e), 0);
		assert_true(l.have_snap);
		assert_string_equal(l.snap.id, "first");
		backup_listing_free(&l);
		free(buf);
	}
}

static void test_borg_items(void **state)
{
	static const char in[] =
		"{\"type\": \"d\", \"path\": \"etc\", \"size\": 0, \"mtime\": \"2026-11-26T05:24:53.473446\"}\n"
		"{\"type\": \"-\", \"path\": \"etc/a.conf\", \"size\": 3, \"mtime\": \"2026-11-26T05:24:53.477577\"}\n"
		"{\"type\": \"-\", \"path\": \"etc/big\", \"size\": 18446744073709551615}\n"
		"{\"type\": \"c\", \"path\": \"dev/x\"}";
	struct backup_listing l = { 0 };
	struct err e = { 0 };
	char *buf = exact(IN(in));

	(void)state;
	assert_int_equal(borg_items_parse(buf, sizeof(in) - 1, &l, &e), 0);
	assert_int_equal(l.n_files, 2);
	assert_int_equal(l.v[1].mtime, 1795670693);
	assert_int_equal(l.v[2].size, INT64_MAX);	/* json-c clamps what int64 cannot hold */
	assert_int_equal(l.v[l.n - 1].type, BE_OTHER);
	assert_int_equal(l.bad.n, 0);
	backup_listing_free(&l);
	free(buf);
}

static void test_long_line(void **state)
{
	size_t len = PARSE_MAX_LINE + 100, i;
	char *buf = xmalloc(len);
	struct backup_listing l = { 0 };
	struct err e = { 0 };

	(void)state;
	memcpy(buf, "{\"path\":\"", 9);
	for (i = 9; i < len - 3; i++)
		buf[i] = 'a';
	memcpy(buf + len - 3, "\"}\n", 3);
	assert_int_equal(restic_ls_parse(buf, len, &l, &e), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.bad.n, 1);
	assert_string_equal(l.bad.why[0], "line too long");
	backup_listing_free(&l);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_restic_snapshots),
		cmocka_unit_test(test_borg_archives),
		cmocka_unit_test(test_restic_hostile),
		cmocka_unit_test(test_borg_hostile),
		cmocka_unit_test(test_restic_ls),
		cmocka_unit_test(test_restic_ls_snapshot_line),
		cmocka_unit_test(test_borg_items),
		cmocka_unit_test(test_long_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
