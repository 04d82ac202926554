/* Reading log files: lines across windows and reads, gzip, cut lines, and a file that shrinks while mapped. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "collect/logsrc.h"
#include "util/xalloc.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kyuka-ls-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int r = system(cmd);

	(void)state;
	free(cmd);
	return r == 0 ? 0 : -1;
}

struct count {
	uint64_t lines, cut, bytes;
	uint64_t last;
	int truncate_fd;	/* >= 0: truncate this file at the first line */
};

static int on_line(void *arg, const char *line, size_t len, bool cut, uint64_t lineno)
{
	struct count *c = arg;

	c->lines++;
	c->cut += cut;
	c->bytes += len;
	c->last = lineno;
	if (c->truncate_fd >= 0) {
		assert_int_equal(ftruncate(c->truncate_fd, 0), 0);
		c->truncate_fd = -1;
	}
	(void)line;
	return 0;
}

/* n lines of "line NNNNNNNN\n" (14 bytes) */
static char *make_lines(size_t n, size_t *len)
{
	char *p = xmalloc(n * 14 + 1);
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(p + i * 14, 15, "line %08zu\n", i % 100000000u);
	*len = n * 14;
	return p;
}

static void write_file(const char *name, const char *data, size_t len, bool gz)
{
	char *path = xasprintf("%s/%s", dir, name);

	if (gz) {
		gzFile g = gzopen(path, "wb");
		assert_non_null(g);
		assert_int_equal(gzwrite(g, data, (unsigned)len), (int)len);
		gzclose(g);
	} else {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		assert_int_equal(fwrite(data, 1, len, f), len);
		fclose(f);
	}
	free(path);
}

static int read_it(const char *name, struct count *c, struct err *e)
{
	struct logsrc_file f;
	struct root *r;
	char *path = xasprintf("/%s", name);
	int ret;

	assert_int_equal(root_open(dir, &r, e), 0);
	assert_int_equal(logsrc_stat_file(r, path, &f, e), 0);
	ret = logsrc_read(r, &f, on_line, c, e);
	logsrc_file_free(&f);
	root_close(r);
	free(path);
	return ret;
}

/* 10 MB: lines cross the 4 MiB mapping windows; the same through gzip (read in chunks). */
static void test_windows_and_gzip(void **state)
{
	size_t len, n = 750000;
	char *data = make_lines(n, &len);
	struct count c = { .truncate_fd = -1 };
	struct err e;

	(void)state;
	write_file("plain.log", data, len, false);
	write_file("packed.log.gz", data, len, true);
	assert_int_equal(read_it("plain.log", &c, &e), 0);
	assert_int_equal(c.lines, n);
	assert_int_equal(c.bytes, n * 13);
	assert_int_equal(c.last, n);
	memset(&c, 0, sizeof(c));
	c.truncate_fd = -1;
	assert_int_equal(read_it("packed.log.gz", &c, &e), 0);
	assert_int_equal(c.lines, n);
	assert_int_equal(c.bytes, n * 13);
	free(data);
}

/* A line longer than the cap is handed over cut once, and the next line is whole. */
static void test_long_line(void **state)
{
	size_t len = LOGSRC_MAX_LINE * 3 + 20;
	char *data = xmalloc(len);
	struct count c = { .truncate_fd = -1 };
	struct err e;

	(void)state;
	memset(data, 'x', len);
	data[LOGSRC_MAX_LINE * 3] = '\n';
	memcpy(data + LOGSRC_MAX_LINE * 3 + 1, "short line\r\nlast", 16);
	write_file("long.log", data, LOGSRC_MAX_LINE * 3 + 17, false);
	assert_int_equal(read_it("long.log", &c, &e), 0);
	assert_int_equal(c.lines, 3);
	assert_int_equal(c.cut, 1);
	assert_int_equal(c.bytes, LOGSRC_MAX_LINE + 10 + 4);
	free(data);
}

struct pieces {
	char *got;		/* the file as put back together from the pieces */
	size_t len, runs, singles, cut;
	size_t drains;		/* calls of no pieces: one, the last */
	bool after_drain;
};

static int on_pieces(void *arg, const struct logsrc_piece *pc, size_t n)
{
	struct pieces *c = arg;
	size_t i;

	if (!n) {
		c->drains++;
		c->after_drain = true;
	} else {
		c->after_drain = false;
	}
	for (i = 0; i < n; i++) {
		if (pc[i].run) {
			/* whole lines: each ends in its break */
			assert_true(pc[i].len > 0);
			assert_int_equal(pc[i].p[pc[i].len - 1], '\n');
			c->runs++;
		} else {
			assert_null(memchr(pc[i].p, '\n', pc[i].len));
			c->singles++;
			c->cut += pc[i].cut;
		}
		c->got = xrealloc(c->got, c->len + pc[i].len + 1);
		memcpy(c->got + c->len, pc[i].p, pc[i].len);
		c->len += pc[i].len;
		if (!pc[i].run)
			c->got[c->len++] = '\n';
	}
	return 0;
}

/* Pieces: runs of whole lines, and single lines where a line crosses a window or is too long. */
static void test_pieces(void **state)
{
	size_t len, n = 750000;
	char *data = make_lines(n, &len);
	struct pieces c = { 0 };
	struct logsrc_file f;
	struct logsrc_piece l;
	struct root *r;
	struct err e;
	const char *cur;
	size_t lines = 0;

	(void)state;
	write_file("plain.log", data, len, false);
	assert_int_equal(root_open(dir, &r, &e), 0);
	assert_int_equal(logsrc_stat_file(r, "/plain.log", &f, &e), 0);
	assert_int_equal(logsrc_read_pieces(r, &f, on_pieces, &c, &e), 0);
	/* 10 MB in 4 MiB windows: runs, and the lines across the two window ends */
	assert_true(c.runs >= 3);
	assert_int_equal(c.singles, 2);
	assert_int_equal(c.drains, 1);	/* every window gave pieces: only the last call is one of none */
	assert_true(c.after_drain);
	assert_int_equal(c.len, len);
	assert_memory_equal(c.got, data, len);
	/* taken apart again */
	for (cur = c.got; logsrc_next_line(&cur, c.got + c.len, &l); lines++)
		assert_int_equal(l.len, 13);
	assert_int_equal(lines, n);
	logsrc_file_free(&f);
	root_close(r);
	free(c.got);
	free(data);
}

/* A consumer that keeps the runs of a call until the next call returns, as the contract allows. */
struct keeper {
	const struct logsrc_piece *kept;
	struct logsrc_piece held[8];
	uint64_t sums[8];
	size_t n_held;
	size_t lines, cut, drains, calls;
};

static uint64_t sum(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return h;
}

static int keep_pieces(void *arg, const struct logsrc_piece *pc, size_t n)
{
	struct keeper *k = arg;
	size_t i;

	/* the runs of the call before are still there, unchanged (unmapped, this would crash) */
	for (i = 0; i < k->n_held; i++)
		assert_true(sum(k->held[i].p, k->held[i].len) == k->sums[i]);
	k->n_held = 0;
	k->calls++;
	if (!n)
		k->drains++;
	for (i = 0; i < n; i++) {
		const char *cur = pc[i].p;
		struct logsrc_piece l;

		if (!pc[i].run) {
			k->lines++;
			k->cut += pc[i].cut;
			continue;
		}
		while (logsrc_next_line(&cur, pc[i].p + pc[i].len, &l))
			k->lines++;
		assert_true(k->n_held < 8);
		k->held[k->n_held] = pc[i];
		k->sums[k->n_held++] = sum(pc[i].p, pc[i].len);
	}
	return 0;
}

/* Lines around one longer than two windows, mapped and through gzip: the runs kept stay valid. */
static void test_pieces_kept(void **state)
{
	size_t len, n = 20000, big = (size_t)9 << 20, i;
	char *lines = make_lines(n, &len);
	char *data = xmalloc(2 * len + big + 1);
	const char *names[] = { "kept.log", "kept.log.gz" };

	(void)state;
	memcpy(data, lines, len);
	memset(data + len, 'x', big);
	data[len + big] = '\n';
	memcpy(data + len + big + 1, lines, len);
	write_file(names[0], data, 2 * len + big + 1, false);
	write_file(names[1], data, 2 * len + big + 1, true);
	for (i = 0; i < 2; i++) {
		struct keeper k = { 0 };
		struct logsrc_file f;
		struct root *r;
		struct err e;
		char *path = xasprintf("/%s", names[i]);

		assert_int_equal(root_open(dir, &r, &e), 0);
		assert_int_equal(logsrc_stat_file(r, path, &f, &e), 0);
		assert_int_equal(logsrc_read_pieces(r, &f, keep_pieces, &k, &e), 0);
		assert_int_equal(k.lines, 2 * n + 1);
		assert_int_equal(k.cut, 1);
		assert_true(k.drains >= 1);
		assert_int_equal(k.n_held, 0);	/* the last call was one of none */
		logsrc_file_free(&f);
		root_close(r);
		free(path);
	}
	free(data);
	free(lines);
}

/* Lines of a run longer than the cap come out cut, as through logsrc_read. */
static void test_next_line_cut(void **state)
{
	size_t n = LOGSRC_MAX_LINE + 10;
	char *buf = xmalloc(n + 4);
	const char *cur = buf;
	struct logsrc_piece l;

	(void)state;
	memset(buf, 'a', n);
	memcpy(buf + n, "\nb\r\n", 4);
	assert_true(logsrc_next_line(&cur, buf + n + 4, &l));
	assert_true(l.cut);
	assert_int_equal(l.len, LOGSRC_MAX_LINE);
	assert_true(logsrc_next_line(&cur, buf + n + 4, &l));
	assert_false(l.cut);
	assert_int_equal(l.len, 2);	/* the CR is the caller's to strip */
	assert_false(logsrc_next_line(&cur, buf + n + 4, &l));
	free(buf);
}

/*
 * A line break at every offset of the 64-byte steps of the search, with and
 * without one at the end of the run, in a buffer of exactly the run's size
 * (under ASan a read past its end fails).
 */
static void test_next_line_every_offset(void **state)
{
	size_t a, b;

	(void)state;
	for (a = 0; a < 140; a++)
		for (b = 0; b < 140; b += 3) {
			size_t n = a + 1 + b;
			char *buf = xmalloc(n);
			const char *cur = buf;
			struct logsrc_piece l;

			memset(buf, 'x', n);
			buf[a] = '\n';
			if (b)
				buf[n - 1] = b % 2 ? '\n' : 'y';
			assert_true(logsrc_next_line(&cur, buf + n, &l));
			assert_ptr_equal(l.p, buf);
			assert_int_equal(l.len, a);
			assert_ptr_equal(cur, buf + a + 1);
			if (b) {
				assert_true(logsrc_next_line(&cur, buf + n, &l));
				assert_ptr_equal(l.p, buf + a + 1);
				assert_int_equal(l.len, b % 2 ? b - 1 : b);
				assert_ptr_equal(cur, buf + n);
			}
			assert_false(logsrc_next_line(&cur, buf + n, &l));
			free(buf);
		}
}

/* Truncated while mapped (copytruncate): no SIGBUS death, the read ends and says so. */
static void test_shrinks_while_read(void **state)
{
	size_t len;
	char *data = make_lines(200000, &len);
	char *path = xasprintf("%s/shrinking.log", dir);
	struct count c;
	struct err e;
	int fd;

	(void)state;
	write_file("shrinking.log", data, len, false);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	memset(&c, 0, sizeof(c));
	c.truncate_fd = fd;
	assert_int_equal(read_it("shrinking.log", &c, &e), -ESTALE);
	assert_non_null(strstr(e.msg, "shrank while it was read"));
	assert_true(c.lines >= 1);
	close(fd);
	free(path);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_windows_and_gzip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pieces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pieces_kept, setup, teardown),
		cmocka_unit_test(test_next_line_cut),
		cmocka_unit_test(test_next_line_every_offset),
		cmocka_unit_test_setup_teardown(test_shrinks_while_read, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
