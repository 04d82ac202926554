/* Unit tests for the mount table parser (libmount) and the lookup of the mount holding a path. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/mountinfo.h"
#include "util/xalloc.h"

#define IN(s) s, sizeof(s) - 1

static char *exact(const char *s, size_t len)
{
	char *p = xmalloc(len ? len : 1);

	if (len)
		memcpy(p, s, len);
	return p;
}

static const char table[] =
	"21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
	"40 21 8:17 / /backup rw,relatime shared:20 - ext4 /dev/sdb1 rw\n"
	"41 21 8:33 / /backup/ro ro,relatime - ext4 /dev/sdc1 ro\n"
	"42 21 0:50 / /mnt/nas rw,relatime - nfs4 nas:/export rw,vers=4.2\n"
	"43 21 0:51 / /mnt/with\\040space rw - cifs //srv/share rw\n"
	"44 21 0:52 / /mnt/sbro rw - ext4 /dev/sdd1 ro,errors=remount-ro\n"
	"45 40 0:53 / /backup rw - tmpfs none rw\n";

static void test_table(void **state)
{
	struct mount_table t = { 0 };
	struct err e = { 0 };
	const struct mount_entry *m;
	char *buf = exact(IN(table));

	(void)state;
	assert_int_equal(mountinfo_parse(buf, sizeof(table) - 1, &t, &e), 0);
	assert_int_equal(t.n, 7);
	m = mount_find(&t, "/srv/data");
	assert_non_null(m);
	assert_string_equal(m->target, "/");
	m = mount_find(&t, "/backup/restic");
	assert_string_equal(m->fstype, "tmpfs");	/* mounted over: the last one wins */
	m = mount_find(&t, "/backup/ro/x");
	assert_true(m->read_only);
	assert_false(mount_find(&t, "/backupx")->read_only);
	assert_string_equal(mount_find(&t, "/backupx")->target, "/");
	m = mount_find(&t, "/mnt/nas/copy");
	assert_true(m->netfs);
	assert_string_equal(m->source, "nas:/export");
	m = mount_find(&t, "/mnt/with space/a");
	assert_non_null(m);
	assert_string_equal(m->target, "/mnt/with space");
	assert_true(m->netfs);
	assert_true(mount_find(&t, "/mnt/sbro")->read_only);	/* a read-only superblock */
	mount_table_free(&t);
	free(buf);
}

struct hcase {
	const char *in;
	size_t len;
	int ret;
	size_t n;
};

static const struct hcase hostile[] = {
	{ IN(""), 0, 0 },
	{ IN("\n\n"), 0, 0 },
	{ IN("garbage\n"), 0, 0 },
	{ IN("21 1 8:1 / / rw - ext4 /dev/sda1 rw"), 0, 1 },
	{ IN("21 1 8:1 / / rw - ext4 /dev/sda1 rw\r\n"), 0, 1 },
	{ IN("21 1 8:1 / relative rw - ext4 /dev/sda1 rw\n"), 0, 0 },
	{ IN("21 1 8:1 / /\x1b[31m rw - ext4 /dev/sda1 rw\n"), 0, 1 },
	{ IN("21 1 8:1 / /\xff\xfe rw - ext4 \xc3\x28 rw\n"), 0, 1 },
	{ IN("21 1 8:1 / /a\\777\\0 rw - ext4 x rw\n"), 0, 1 },
	{ IN("21 1 8:1 / / rw\0 - ext4 /dev/sda1 rw\n"), -EINVAL, 0 },
	{ IN("99999999999999999999 1 8:1 / / rw - ext4 x rw\n"), 0, 0 },
};

static void test_hostile(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(hostile); i++) {
		struct mount_table t = { 0 };
		struct err e = { 0 };
		char *buf = exact(hostile[i].in, hostile[i].len);
		int r;

		print_message("case %zu\n", i);
		r = mountinfo_parse(buf, hostile[i].len, &t, &e);
		assert_int_equal(r, hostile[i].ret);
		if (r == 0)
			assert_int_equal(t.n, hostile[i].n);
		mount_table_free(&t);
		free(buf);
	}
}

static void test_long_line(void **state)
{
	size_t len = (size_t)1 << 20, i;
	char *buf = xmalloc(len);
	struct mount_table t = { 0 };
	struct err e = { 0 };

	(void)state;
	memcpy(buf, "21 1 8:1 / /", 12);
	for (i = 12; i < len - 1; i++)
		buf[i] = 'a';
	buf[len - 1] = '\n';
	assert_int_equal(mountinfo_parse(buf, len, &t, &e), 0);
	assert_true(t.n <= 1);
	mount_table_free(&t);
	free(buf);
	buf = xmalloc(MOUNTINFO_MAX_BYTES + 1);
	memset(buf, '\n', MOUNTINFO_MAX_BYTES + 1);
	assert_int_equal(mountinfo_parse(buf, MOUNTINFO_MAX_BYTES + 1, &t, &e), -EFBIG);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_long_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
