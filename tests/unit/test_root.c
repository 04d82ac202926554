/*
 * collect/root and collect/include: the layer that keeps --root DIR inside DIR.
 * A temporary tree holds distinctive markers, so reading the host instead of
 * the tree is caught by content, not only by return codes.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "collect/include.h"
#include "collect/root.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define NOBODY 65534

#define PASSWD "root:x:0:0:TREE-PASSWD-MARKER:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n"
#define SHADOW "root:TREE-SHADOW-MARKER-7f3a9c:19000:0:99999:7:::\n"
#define ALICE_KEYS "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITREEALICE alice@tree\n"
#define ETC_KEYS "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITREEETC etc@tree\n"
#define MAX_SIZE 4096

struct tree {
	char dir[64];
	struct root *r;
	char *host_shadow;	/* the host's /etc/shadow, when readable */
	char *host_passwd;
};

static char *at(const struct tree *t, const char *rel)
{
	return xasprintf("%s/%s", t->dir, rel);
}

static int mk(const struct tree *t, const char *rel)
{
	char *p = at(t, rel);
	int r = mkdir(p, 0755);

	free(p);
	return r;
}

static int put(const struct tree *t, const char *rel, const void *data, size_t len, mode_t mode)
{
	char *p = at(t, rel);
	int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	int r = -1;

	free(p);
	if (fd < 0)
		return -1;
	if (write(fd, data, len) == (ssize_t)len && fchmod(fd, mode) == 0)
		r = 0;
	close(fd);
	return r;
}

static int puts_(const struct tree *t, const char *rel, const char *text)
{
	return put(t, rel, text, strlen(text), 0644);
}

static int ln_s(const struct tree *t, const char *target, const char *rel)
{
	char *p = at(t, rel);
	int r = symlink(target, p);

	free(p);
	return r;
}

static int ln_hard(const struct tree *t, const char *from, const char *rel)
{
	char *a = at(t, from), *b = at(t, rel);
	int r = link(a, b);

	free(a);
	free(b);
	return r;
}

static int mkfifo_(const struct tree *t, const char *rel)
{
	char *p = at(t, rel);
	int r = mkfifo(p, 0644);

	free(p);
	return r;
}

static int put_size(const struct tree *t, const char *rel, size_t n)
{
	char *buf = xmalloc(n ? n : 1);
	int r;

	memset(buf, 'z', n);
	r = put(t, rel, buf, n, 0644);
	free(buf);
	return r;
}

static char *slurp_host(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)n);
	close(fd);
	return strbuf_detach(&sb, NULL);
}

/*
 * The tree:
 *   etc/passwd etc/shadow(0600) etc/authorized_keys etc/ssh/sshd_config etc/ssh/sshd_config.d/...
 *   etc/link -> /etc/shadow          etc/rel_escape -> ../../../../../../etc/passwd
 *   etc/dotdot -> ../..              etc/hostlink -> /etc
 *   etc/grouplink -> /etc/group      (exists on the host, not in the tree)
 *   etc/proclink -> /proc/self/root/etc/shadow
 *   home/alice/.ssh/authorized_keys  home/erin -> /home/alice   home/hal -> ../../..
 *   home/bob/.ssh -> /etc            home/carol/.ssh/authorized_keys -> /etc/shadow
 *   home/dave/.ssh/authorized_keys (hard link to etc/shadow)
 *   home/frank/.ssh/authorized_keys (FIFO)   home/gina/.ssh/authorized_keys/ (directory)
 *   home/ivan/.ssh/authorized_keys -> ../../alice/.ssh/authorized_keys (relative, stays beneath the tree)
 *   home/judy/.ssh -> keys, home/judy/keys/authorized_keys (a link that stays beneath the home)
 *   var/fifo var/dir/ var/empty var/exact(4096) var/big(4097)
 *   list/{b,a,c,.hidden,B}   empty/
 */
static int setup_tree(void **state)
{
	struct tree *t = xcalloc(1, sizeof(*t));
	static const char *const dirs[] = {
		"etc", "etc/ssh", "etc/ssh/sshd_config.d", "home", "home/alice", "home/alice/.ssh", "home/bob",
		"home/carol", "home/carol/.ssh", "home/dave", "home/dave/.ssh", "home/frank", "home/frank/.ssh",
		"home/gina", "home/gina/.ssh", "home/gina/.ssh/authorized_keys", "home/ivan", "home/ivan/.ssh",
		"home/judy", "home/judy/keys", "var", "var/dir", "list", "empty",
	};
	static const char *const list[] = { "list/b", "list/a", "list/c", "list/.hidden", "list/B" };
	static const char *const confs[] = {
		"etc/ssh/sshd_config.d/10-a.conf", "etc/ssh/sshd_config.d/01-b.conf",
		"etc/ssh/sshd_config.d/02-c.conf", "etc/ssh/sshd_config.d/x.txt",
		"etc/ssh/sshd_config.d/.hidden.conf",
	};
	size_t i;
	int bad = 0;

	snprintf(t->dir, sizeof(t->dir), "/tmp/kyuka-root-XXXXXX");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	bad |= chmod(t->dir, 0755); /* a child running as nobody can walk it */
	for (i = 0; i < ARRAY_SIZE(dirs); i++)
		bad |= mk(t, dirs[i]);
	bad |= puts_(t, "etc/passwd", PASSWD);
	bad |= put(t, "etc/shadow", SHADOW, strlen(SHADOW), 0600);
	bad |= puts_(t, "etc/authorized_keys", ETC_KEYS);
	bad |= puts_(t, "etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\n");
	for (i = 0; i < ARRAY_SIZE(confs); i++)
		bad |= puts_(t, confs[i], confs[i]);
	bad |= ln_s(t, "/etc/shadow", "etc/link");
	bad |= ln_s(t, "../../../../../../etc/passwd", "etc/rel_escape");
	bad |= ln_s(t, "../..", "etc/dotdot");
	bad |= ln_s(t, "/etc", "etc/hostlink");
	bad |= ln_s(t, "/etc/group", "etc/grouplink");
	bad |= ln_s(t, "/proc/self/root/etc/shadow", "etc/proclink");
	bad |= puts_(t, "home/alice/.ssh/authorized_keys", ALICE_KEYS);
	bad |= ln_s(t, "/home/alice", "home/erin");
	bad |= ln_s(t, "../../..", "home/hal");
	bad |= ln_s(t, "/etc", "home/bob/.ssh");
	bad |= ln_s(t, "/etc/shadow", "home/carol/.ssh/authorized_keys");
	bad |= ln_hard(t, "etc/shadow", "home/dave/.ssh/authorized_keys");
	bad |= mkfifo_(t, "home/frank/.ssh/authorized_keys");
	bad |= ln_s(t, "../../alice/.ssh/authorized_keys", "home/ivan/.ssh/authorized_keys");
	bad |= puts_(t, "home/judy/keys/authorized_keys", "JUDY-KEYS\n");
	bad |= ln_s(t, "keys", "home/judy/.ssh");
	bad |= mkfifo_(t, "var/fifo");
	bad |= put_size(t, "var/empty", 0);
	bad |= put_size(t, "var/exact", MAX_SIZE);
	bad |= put_size(t, "var/big", MAX_SIZE + 1);
	for (i = 0; i < ARRAY_SIZE(list); i++)
		bad |= puts_(t, list[i], "x");
	if (bad || root_open(t->dir, &t->r, NULL) < 0)
		return -1;
	t->host_shadow = slurp_host("/etc/shadow");
	t->host_passwd = slurp_host("/etc/passwd");
	*state = t;
	return 0;
}

static int teardown_tree(void **state)
{
	struct tree *t = *state;
	char *cmd = xasprintf("rm -rf '%s'", t->dir);
	int r = system(cmd);

	free(cmd);
	root_close(t->r);
	free(t->host_shadow);
	free(t->host_passwd);
	free(t);
	return r == 0 ? 0 : -1;
}

/* Nothing read from the tree may carry the host's secrets or accounts. */
static void assert_not_host(const struct tree *t, const struct strbuf *sb)
{
	if (t->host_shadow && t->host_shadow[0] && strstr(sb->buf, t->host_shadow))
		fail_msg("read the host's /etc/shadow");
	if (t->host_passwd && t->host_passwd[0] && strstr(sb->buf, t->host_passwd))
		fail_msg("read the host's /etc/passwd");
}

/* ---------------------------------------------------------------- reading inside the root */

struct read_case {
	const char *path;
	unsigned flags;
	int ret;
	const char *want;	/* content on success */
};

static const struct read_case read_cases[] = {
	{ "/etc/passwd", 0, 0, PASSWD },
	{ "etc/passwd", 0, 0, PASSWD },	/* relative names are inside the root too */
	{ "//etc///passwd", 0, 0, PASSWD },
	{ "/./etc/./passwd", 0, 0, PASSWD },
	{ "../../../../etc/passwd", 0, 0, PASSWD },	/* ".." stops at the root */
	{ "/../../../../etc/passwd", 0, 0, PASSWD },
	{ "/etc/../../../etc/passwd", 0, 0, PASSWD },
	{ "/etc/shadow", 0, 0, SHADOW },
	/* absolute symlinks resolve inside the tree */
	{ "/etc/link", 0, 0, SHADOW },
	{ "/etc/hostlink/shadow", 0, 0, SHADOW },
	{ "/etc/hostlink/passwd", 0, 0, PASSWD },
	{ "/etc/hostlink/hostlink/hostlink/passwd", 0, 0, PASSWD },
	/* relative symlinks with ".." cannot climb out either */
	{ "/etc/rel_escape", 0, 0, PASSWD },
	{ "/etc/dotdot/etc/passwd", 0, 0, PASSWD },
	{ "/etc/dotdot/etc/dotdot/etc/dotdot/etc/shadow", 0, 0, SHADOW },
	{ "/home/hal/etc/shadow", 0, 0, SHADOW },
	{ "/home/erin/.ssh/authorized_keys", 0, 0, ALICE_KEYS },
	/* a link to a file the host has and the tree lacks: absent, never the host's */
	{ "/etc/grouplink", 0, -ENOENT, NULL },
	{ "/etc/hostlink/group", 0, -ENOENT, NULL },
	{ "/etc/proclink", 0, -ENOENT, NULL },
	{ "/proc/self/root/etc/shadow", 0, -ENOENT, NULL },
	{ "/etc/nonexistent", 0, -ENOENT, NULL },
	{ "/etc/passwd/x", 0, -ENOTDIR, NULL },
	/* ROOT_NOFOLLOW: a symlink in any component is refused */
	{ "/etc/passwd", ROOT_NOFOLLOW, 0, PASSWD },
	{ "/../../etc/passwd", ROOT_NOFOLLOW, 0, PASSWD },
	{ "/etc/link", ROOT_NOFOLLOW, -ELOOP, NULL },
	{ "/etc/rel_escape", ROOT_NOFOLLOW, -ELOOP, NULL },
	{ "/etc/grouplink", ROOT_NOFOLLOW, -ELOOP, NULL },	/* dangling in the tree: still refused */
	{ "/etc/hostlink/passwd", ROOT_NOFOLLOW, -ELOOP, NULL },
	{ "/etc/dotdot/etc/passwd", ROOT_NOFOLLOW, -ELOOP, NULL },
	{ "/home/erin/.ssh/authorized_keys", ROOT_NOFOLLOW, -ELOOP, NULL },
	{ "/home/bob/.ssh/authorized_keys", ROOT_NOFOLLOW, -ELOOP, NULL },
	{ "/home/alice/.ssh/authorized_keys", ROOT_NOFOLLOW, 0, ALICE_KEYS },
	/* not regular files */
	{ "/var/dir", 0, -EINVAL, NULL },
	{ "/", 0, -EINVAL, NULL },
	{ "", 0, -EINVAL, NULL },
	{ "/var/fifo", 0, -EINVAL, NULL },
	{ "/var/fifo", ROOT_NOFOLLOW, -EINVAL, NULL },
	/* size caps */
	{ "/var/empty", 0, 0, "" },
};

static void check_read(const struct tree *t, const struct read_case *c, size_t idx)
{
	struct strbuf sb = STRBUF_INIT;
	struct err e;
	struct stat st;
	int r;

	err_clear(&e);
	memset(&st, 0xa5, sizeof(st));
	assert_int_equal(strbuf_adds(&sb, "previous"), 0);
	r = root_read_file(t->r, c->path, MAX_SIZE, c->flags, &sb, &st, &e);
	if (r != c->ret)
		fail_msg("case %zu '%s' flags %u: got %d (%s), want %d", idx, c->path, c->flags, r, e.msg, c->ret);
	assert_not_host(t, &sb);
	if (r == 0) {
		if (strcmp(sb.buf, c->want) != 0)
			fail_msg("case %zu '%s': read '%s'", idx, c->path, sb.buf);
		assert_int_equal(sb.len, strlen(c->want));
		assert_true(S_ISREG(st.st_mode));
		assert_int_equal(st.st_size, (off_t)sb.len);
		assert_int_equal(e.code, 0);
	} else {
		/* outputs are written only on success; the error names the path */
		assert_string_equal(sb.buf, "previous");
		assert_int_equal(e.code, r);
		if (!strstr(e.msg, c->path))
			fail_msg("case %zu '%s': message '%s' does not name the path", idx, c->path, e.msg);
		if (r == -ELOOP)
			assert_non_null(strstr(e.msg, "symbolic link"));
	}
	strbuf_release(&sb);
}

static void test_read_cases(void **state)
{
	const struct tree *t = *state;
	size_t i;

	/* a FIFO must not block: a guard kills the test if it does */
	alarm(5);
	for (i = 0; i < ARRAY_SIZE(read_cases); i++)
		check_read(t, &read_cases[i], i);
	alarm(0);
}

/* The tree's markers are what we read, and the host has different content. */
static void test_markers(void **state)
{
	const struct tree *t = *state;
	struct strbuf sb = STRBUF_INIT;

	if (t->host_shadow)
		assert_null(strstr(t->host_shadow, "TREE-SHADOW-MARKER"));
	if (t->host_passwd)
		assert_null(strstr(t->host_passwd, "TREE-PASSWD-MARKER"));
	assert_int_equal(root_read_file(t->r, "/etc/link", MAX_SIZE, 0, &sb, NULL, NULL), 0);
	assert_non_null(strstr(sb.buf, "TREE-SHADOW-MARKER-7f3a9c"));
	assert_int_equal(root_read_file(t->r, "/etc/rel_escape", MAX_SIZE, 0, &sb, NULL, NULL), 0);
	assert_non_null(strstr(sb.buf, "TREE-PASSWD-MARKER"));
	strbuf_release(&sb);
}

static void test_fifo_does_not_block(void **state)
{
	const struct tree *t = *state;
	struct strbuf sb = STRBUF_INIT;
	struct timespec a, b;
	struct err e = { 0 };

	alarm(5);
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(root_read_file(t->r, "/var/fifo", MAX_SIZE, 0, &sb, NULL, &e), -EINVAL);
	assert_non_null(strstr(e.msg, "not a regular file"));
	assert_int_equal(root_read_user_file(t->r, "/home/frank", ".ssh/authorized_keys", MAX_SIZE, &sb, NULL, &e),
			 -EINVAL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	alarm(0);
	assert_true(b.tv_sec - a.tv_sec < 2);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

struct size_case {
	const char *path;
	size_t max;
	int ret;
	size_t len;
};

static const struct size_case size_cases[] = {
	{ "/var/exact", MAX_SIZE, 0, MAX_SIZE },	/* exactly max is fine */
	{ "/var/exact", MAX_SIZE - 1, -EFBIG, 0 },
	{ "/var/big", MAX_SIZE, -EFBIG, 0 },	/* one byte more */
	{ "/var/big", MAX_SIZE + 1, 0, MAX_SIZE + 1 },
	{ "/var/big", ROOT_MAX_SMALL_FILE, 0, MAX_SIZE + 1 },
	{ "/var/empty", 0, 0, 0 },
	{ "/var/exact", 0, -EFBIG, 0 },
	{ "/var/exact", 1, -EFBIG, 0 },
	{ "/var/exact", 65536, 0, MAX_SIZE },
};

static void test_size_cap(void **state)
{
	const struct tree *t = *state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(size_cases); i++) {
		const struct size_case *c = &size_cases[i];
		struct strbuf sb = STRBUF_INIT;
		struct err e = { 0 };
		int r;

		assert_int_equal(strbuf_adds(&sb, "previous"), 0);
		r = root_read_file(t->r, c->path, c->max, 0, &sb, NULL, &e);
		if (r != c->ret)
			fail_msg("case %zu '%s' max %zu: got %d, want %d", i, c->path, c->max, r, c->ret);
		if (r == 0) {
			assert_int_equal(sb.len, c->len);
			assert_int_equal(sb.buf[sb.len], '\0');
			assert_int_equal(strspn(sb.buf, "z"), c->len);
		} else {
			assert_string_equal(sb.buf, "previous");
			assert_non_null(strstr(e.msg, "larger than"));
		}
		strbuf_release(&sb);
	}
}

/* A file whose st_size says 0 but has content (like /proc) is read to its end, with the cap. */
static void test_read_proc(void **state)
{
	struct root *host = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct stat st;

	(void)state;
	assert_int_equal(root_open("/", &host, NULL), 0);
	if (root_stat(host, "/proc/self/status", 0, &st, NULL) < 0) {
		root_close(host);
		skip();
	}
	assert_int_equal(st.st_size, 0);
	assert_int_equal(root_read_file(host, "/proc/self/status", 1 << 20, 0, &sb, NULL, NULL), 0);
	assert_true(sb.len > 0);
	assert_non_null(strstr(sb.buf, "Pid:"));
	assert_int_equal(root_read_file(host, "/proc/self/status", 16, 0, &sb, NULL, NULL), -EFBIG);
	assert_non_null(strstr(sb.buf, "Pid:"));
	strbuf_release(&sb);
	root_close(host);
}

static void test_missing_ok(void **state)
{
	const struct tree *t = *state;
	static const char *const missing[] = { "/nope", "/etc/nope", "/nope/deeper/still", "/etc/grouplink" };
	struct strbuf sb = STRBUF_INIT;
	struct err e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(missing); i++) {
		err_clear(&e);
		assert_int_equal(root_read_file(t->r, missing[i], MAX_SIZE, ROOT_MISSING_OK, &sb, NULL, &e), -ENOENT);
		assert_int_equal(e.code, 0);
		assert_string_equal(e.msg, "");
		/* without the flag the same miss is described */
		assert_int_equal(root_read_file(t->r, missing[i], MAX_SIZE, 0, &sb, NULL, &e), -ENOENT);
		assert_int_equal(e.code, -ENOENT);
		assert_non_null(strstr(e.msg, missing[i]));
	}
	/* other failures are still reported with ROOT_MISSING_OK */
	err_clear(&e);
	assert_int_equal(root_read_file(t->r, "/etc/passwd/x", MAX_SIZE, ROOT_MISSING_OK, &sb, NULL, &e), -ENOTDIR);
	assert_int_equal(e.code, -ENOTDIR);
	err_clear(&e);
	assert_int_equal(root_read_file(t->r, "/etc/link", MAX_SIZE, ROOT_MISSING_OK | ROOT_NOFOLLOW, &sb, NULL, &e),
			 -ELOOP);
	assert_int_equal(e.code, -ELOOP);
	err_clear(&e);
	assert_int_equal(root_read_file(t->r, "/var/big", MAX_SIZE, ROOT_MISSING_OK, &sb, NULL, &e), -EFBIG);
	assert_int_equal(e.code, -EFBIG);
	/* a NULL err is fine everywhere */
	assert_int_equal(root_read_file(t->r, "/nope", MAX_SIZE, 0, &sb, NULL, NULL), -ENOENT);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

/* ---------------------------------------------------------------- files users control */

struct user_case {
	const char *dir;
	const char *rel;
	int ret;
	const char *want;
};

static const struct user_case user_cases[] = {
	{ "/home/alice", ".ssh/authorized_keys", 0, ALICE_KEYS },
	{ "/home/alice/", ".ssh/authorized_keys", 0, ALICE_KEYS },
	{ "/home/alice/.ssh", "authorized_keys", 0, ALICE_KEYS },
	/* the home directory comes from passwd: links there are followed, inside the root */
	{ "/home/erin", ".ssh/authorized_keys", 0, ALICE_KEYS },
	{ "/home/hal", "etc/passwd", 0, PASSWD },
	{ "/etc/dotdot/home/alice", ".ssh/authorized_keys", 0, ALICE_KEYS },
	{ "/", "etc/passwd", 0, PASSWD },
	/* below it, every link is refused */
	{ "/home/bob", ".ssh/authorized_keys", -ELOOP, NULL },	/* symlinked .ssh */
	{ "/home/carol", ".ssh/authorized_keys", -ELOOP, NULL },	/* symlinked file */
	{ "/home/ivan", ".ssh/authorized_keys", -ELOOP, NULL },	/* even a relative one */
	{ "/home/judy", ".ssh/authorized_keys", -ELOOP, NULL },	/* even one that stays in the home */
	{ "/home/judy", "keys/authorized_keys", 0, "JUDY-KEYS\n" },
	{ "/home/alice", "../bob/.ssh/authorized_keys", -ELOOP, NULL },	/* ".." out of dir */
	{ "/home/alice", "/etc/shadow", -ELOOP, NULL },	/* absolute name */
	{ "/home/alice", ".ssh/../../../etc/shadow", -ELOOP, NULL },
	{ "/", "etc/link", -ELOOP, NULL },
	/* a hard link could name a file the user may not read */
	{ "/home/dave", ".ssh/authorized_keys", -EMLINK, NULL },
	/* not regular files */
	{ "/home/frank", ".ssh/authorized_keys", -EINVAL, NULL },	/* FIFO */
	{ "/home/gina", ".ssh/authorized_keys", -EINVAL, NULL },	/* directory */
	/* absent */
	{ "/home/nobody", ".ssh/authorized_keys", -ENOENT, NULL },
	{ "/home/alice", ".ssh/authorized_keys2", -ENOENT, NULL },
	{ "/etc/passwd", ".ssh/authorized_keys", -ENOTDIR, NULL },
};

static void test_user_file(void **state)
{
	const struct tree *t = *state;
	size_t i;

	alarm(5);
	for (i = 0; i < ARRAY_SIZE(user_cases); i++) {
		const struct user_case *c = &user_cases[i];
		struct strbuf sb = STRBUF_INIT;
		struct stat st;
		struct err e;
		int r;

		err_clear(&e);
		assert_int_equal(strbuf_adds(&sb, "previous"), 0);
		r = root_read_user_file(t->r, c->dir, c->rel, MAX_SIZE, &sb, &st, &e);
		if (r != c->ret)
			fail_msg("case %zu '%s' '%s': got %d (%s), want %d", i, c->dir, c->rel, r, e.msg, c->ret);
		assert_not_host(t, &sb);
		assert_null(strstr(sb.buf, "TREE-SHADOW-MARKER"));
		if (r == 0) {
			assert_string_equal(sb.buf, c->want);
			assert_true(S_ISREG(st.st_mode));
			assert_int_equal(st.st_nlink, 1);
		} else {
			assert_string_equal(sb.buf, "previous");
			assert_int_equal(e.code, r);
			assert_true(strlen(e.msg) > 0);
		}
		strbuf_release(&sb);
	}
	alarm(0);
}

static void test_user_file_caps(void **state)
{
	const struct tree *t = *state;
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };

	assert_int_equal(root_read_user_file(t->r, "/var", "exact", MAX_SIZE, &sb, NULL, &e), 0);
	assert_int_equal(sb.len, MAX_SIZE);
	assert_int_equal(root_read_user_file(t->r, "/var", "big", MAX_SIZE, &sb, NULL, &e), -EFBIG);
	assert_int_equal(sb.len, MAX_SIZE);
	/* the message names the path as the target sees it */
	assert_int_equal(root_read_user_file(t->r, "/home/dave", ".ssh/authorized_keys", MAX_SIZE, &sb, NULL, &e),
			 -EMLINK);
	assert_non_null(strstr(e.msg, "/home/dave/.ssh/authorized_keys"));
	assert_int_equal(root_read_user_file(t->r, "/home/bob", ".ssh/authorized_keys", MAX_SIZE, &sb, NULL, &e),
			 -ELOOP);
	assert_non_null(strstr(e.msg, "/home/bob/.ssh/authorized_keys"));
	assert_non_null(strstr(e.msg, "symbolic link"));
	strbuf_release(&sb);
}

/* ---------------------------------------------------------------- a non-root reader */

static int nobody_read(const char *dir, const char *path)
{
	struct root *r = NULL;
	struct strbuf sb = STRBUF_INIT;
	int ret = root_open(dir, &r, NULL);

	if (ret < 0)
		return ret;
	ret = root_read_file(r, path, MAX_SIZE, 0, &sb, NULL, NULL);
	if (ret == 0 && strcmp(sb.buf, PASSWD) != 0)
		ret = -EILSEQ;
	strbuf_release(&sb);
	root_close(r);
	return ret;
}

/* Runs fn as nobody in a child; returns its negative errno or 0 (INT_MIN if the child failed). */
static int as_nobody(int (*fn)(const char *, const char *), const char *a, const char *b)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		int r;
		if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
		    setresuid(NOBODY, NOBODY, NOBODY) < 0)
			_exit(255);
		r = fn(a, b);
		_exit(r > 0 || r < -200 ? 254 : -r);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) >= 254)
		return INT_MIN;
	return -WEXITSTATUS(status);
}

/*
 * Without CAP_FOWNER, O_NOATIME on a file we do not own is EPERM: the read
 * falls back to a plain open. A file we may not read stays unread.
 */
static void test_non_root_reader(void **state)
{
	const struct tree *t = *state;

	if (geteuid() != 0)
		skip(); /* needs root to become another user */
	assert_int_equal(as_nobody(nobody_read, t->dir, "/etc/passwd"), 0);
	assert_int_equal(as_nobody(nobody_read, t->dir, "/etc/rel_escape"), 0);
	assert_int_equal(as_nobody(nobody_read, t->dir, "/etc/shadow"), -EACCES);
	assert_int_equal(as_nobody(nobody_read, t->dir, "/etc/link"), -EACCES);
}

/* ---------------------------------------------------------------- listing and stat */

struct list_case {
	const char *path;
	size_t max;
	unsigned flags;
	int ret;
	const char *want;	/* names joined by spaces */
};

static const struct list_case list_cases[] = {
	{ "/list", 100, 0, 0, ".hidden B a b c" },	/* sorted bytewise */
	{ "/list", 5, 0, 0, ".hidden B a b c" },	/* exactly max */
	{ "/list", 4, 0, -E2BIG, NULL },
	{ "/list", 0, 0, -E2BIG, NULL },
	{ "/empty", 0, 0, 0, "" },
	{ "/empty", 10, 0, 0, "" },
	{ "/etc/dotdot/list", 10, 0, 0, ".hidden B a b c" },
	{ "/etc/dotdot/list", 10, ROOT_NOFOLLOW, -ELOOP, NULL },
	{ "/etc/hostlink/ssh", 10, 0, 0, "sshd_config sshd_config.d" },	/* the tree's, not the host's */
	{ "/../../list", 10, ROOT_NOFOLLOW, 0, ".hidden B a b c" },
	{ "/nope", 10, 0, -ENOENT, NULL },
	{ "/nope", 10, ROOT_MISSING_OK, -ENOENT, NULL },
	{ "/etc/passwd", 10, 0, -ENOTDIR, NULL },
	{ "/var/fifo", 10, 0, -ENOTDIR, NULL },
};

static void test_list_dir(void **state)
{
	const struct tree *t = *state;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(list_cases); i++) {
		const struct list_case *c = &list_cases[i];
		char **names = (char **)0x1;
		size_t n = 12345;
		struct strbuf sb = STRBUF_INIT;
		struct err e;
		int r;

		err_clear(&e);
		r = root_list_dir(t->r, c->path, c->max, c->flags, &names, &n, &e);
		if (r != c->ret)
			fail_msg("case %zu '%s': got %d (%s), want %d", i, c->path, r, e.msg, c->ret);
		if (r < 0) {
			assert_ptr_equal(names, (char **)0x1);
			assert_int_equal(n, 12345);
			if (c->flags & ROOT_MISSING_OK)
				assert_int_equal(e.code, 0);
			else
				assert_int_equal(e.code, r);
			continue;
		}
		for (j = 0; j < n; j++)
			strbuf_addf(&sb, "%s%s", j ? " " : "", names[j]);
		if (strcmp(sb.buf, c->want) != 0)
			fail_msg("case %zu '%s': got '%s', want '%s'", i, c->path, sb.buf, c->want);
		strv_free(names, n);
		strbuf_release(&sb);
	}
}

struct stat_case {
	const char *path;
	unsigned flags;
	int ret;
	mode_t type;
	const char *same_as;	/* the tree entry it must be (lstat), or NULL */
};

static const struct stat_case stat_cases[] = {
	{ "/etc/passwd", 0, 0, S_IFREG, "etc/passwd" },
	{ "/etc/link", 0, 0, S_IFREG, "etc/shadow" },	/* followed, inside the tree */
	{ "/etc/link", ROOT_NOFOLLOW, 0, S_IFLNK, "etc/link" },	/* the link itself */
	{ "/etc/hostlink", 0, 0, S_IFDIR, "etc" },
	{ "/etc/hostlink", ROOT_NOFOLLOW, 0, S_IFLNK, "etc/hostlink" },
	{ "/etc/dotdot", 0, 0, S_IFDIR, "." },
	{ "/etc/grouplink", ROOT_NOFOLLOW, 0, S_IFLNK, "etc/grouplink" },
	{ "/etc/grouplink", 0, -ENOENT, 0, NULL },
	{ "/etc/hostlink/passwd", 0, 0, S_IFREG, "etc/passwd" },
	{ "/etc/hostlink/passwd", ROOT_NOFOLLOW, -ELOOP, 0, NULL },	/* a link before the last component */
	{ "/var/fifo", 0, 0, S_IFIFO, "var/fifo" },
	{ "/", 0, 0, S_IFDIR, "." },
	{ "/..", 0, 0, S_IFDIR, "." },
	{ "/nope", 0, -ENOENT, 0, NULL },
	{ "/nope", ROOT_MISSING_OK, -ENOENT, 0, NULL },
};

static void test_stat(void **state)
{
	const struct tree *t = *state;
	size_t i;

	alarm(5);
	for (i = 0; i < ARRAY_SIZE(stat_cases); i++) {
		const struct stat_case *c = &stat_cases[i];
		struct stat st, want;
		struct err e;
		int r;

		err_clear(&e);
		r = root_stat(t->r, c->path, c->flags, &st, &e);
		if (r != c->ret)
			fail_msg("case %zu '%s' flags %u: got %d (%s), want %d", i, c->path, c->flags, r, e.msg, c->ret);
		if (r < 0) {
			assert_int_equal(e.code, (c->flags & ROOT_MISSING_OK) ? 0 : r);
			continue;
		}
		if ((st.st_mode & S_IFMT) != c->type)
			fail_msg("case %zu '%s': type %o, want %o", i, c->path, (unsigned)(st.st_mode & S_IFMT),
				 (unsigned)c->type);
		if (c->same_as) {
			char *p = at(t, c->same_as);
			assert_int_equal(lstat(p, &want), 0);
			free(p);
			assert_int_equal(st.st_ino, want.st_ino);
			assert_int_equal(st.st_dev, want.st_dev);
		}
	}
	alarm(0);
}

static void test_open_fd(void **state)
{
	const struct tree *t = *state;
	char buf[256] = { 0 };
	struct err e = { 0 };
	int fd;

	fd = root_open_fd(t->r, "/etc/hostlink/passwd", O_RDONLY, 0, &e);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof(buf) - 1), (ssize_t)strlen(PASSWD));
	assert_string_equal(buf, PASSWD);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	assert_int_equal(root_open_fd(t->r, "/etc/hostlink/passwd", O_RDONLY, ROOT_NOFOLLOW, &e), -ELOOP);
	assert_int_equal(root_open_fd(t->r, "/nope", O_RDONLY, ROOT_MISSING_OK, NULL), -ENOENT);
	fd = root_open_fd(t->r, "/etc", O_PATH | O_DIRECTORY, 0, &e);
	assert_true(fd >= 0);
	close(fd);
}

static void test_root_open(void **state)
{
	const struct tree *t = *state;
	struct root *r = NULL;
	struct err e = { 0 };
	char *p;

	assert_false(root_is_host(t->r));
	assert_string_equal(root_dir(t->r), t->dir);

	assert_int_equal(root_open("/", &r, &e), 0);
	assert_true(root_is_host(r));
	assert_string_equal(root_dir(r), "/");
	root_close(r);
	assert_int_equal(root_open("/tmp/..//", &r, &e), 0);
	assert_true(root_is_host(r));
	root_close(r);

	/* the tree reached through ".." is still not the host */
	p = xasprintf("%s/etc/..", t->dir);
	assert_int_equal(root_open(p, &r, &e), 0);
	assert_false(root_is_host(r));
	root_close(r);
	free(p);
	/* a link to "/" inside a tree opened as a root IS the host */
	p = xasprintf("%s/etc/hostlink/..", t->dir);
	assert_int_equal(root_open(p, &r, &e), 0);
	assert_true(root_is_host(r));
	root_close(r);
	free(p);

	r = (struct root *)0x1;
	err_clear(&e);
	assert_int_equal(root_open("/nonexistent-kyuka-root", &r, &e), -ENOENT);
	assert_ptr_equal(r, (struct root *)0x1);
	assert_non_null(strstr(e.msg, "/nonexistent-kyuka-root"));
	p = xasprintf("%s/etc/passwd", t->dir);
	assert_int_equal(root_open(p, &r, &e), -ENOTDIR);
	free(p);
	root_close(NULL);
}

/* ---------------------------------------------------------------- include_glob */

struct glob_case {
	const char *pattern;
	int ret;
	const char *want;	/* paths joined by spaces */
};

static const struct glob_case glob_cases[] = {
	{ "/etc/ssh/sshd_config.d/*.conf", 0,
	  "/etc/ssh/sshd_config.d/01-b.conf /etc/ssh/sshd_config.d/02-c.conf /etc/ssh/sshd_config.d/10-a.conf" },
	{ "/etc/ssh/sshd_config.d/0?-*.conf", 0, "/etc/ssh/sshd_config.d/01-b.conf /etc/ssh/sshd_config.d/02-c.conf" },
	{ "/etc/ssh/sshd_config.d/[1x]*", 0, "/etc/ssh/sshd_config.d/10-a.conf /etc/ssh/sshd_config.d/x.txt" },
	{ "/etc/ssh/sshd_config.d/*", 0,
	  "/etc/ssh/sshd_config.d/01-b.conf /etc/ssh/sshd_config.d/02-c.conf /etc/ssh/sshd_config.d/10-a.conf "
	  "/etc/ssh/sshd_config.d/x.txt" },	/* hidden files only by name */
	{ "/etc/ssh/sshd_config.d/.*.conf", 0, "/etc/ssh/sshd_config.d/.hidden.conf" },
	{ "/etc/ssh/sshd_config.d/*.none", 0, "" },
	/* the directory is resolved inside the root */
	{ "/etc/hostlink/ssh/sshd_config.d/1*", 0, "/etc/hostlink/ssh/sshd_config.d/10-a.conf" },
	{ "/../../etc/ssh/sshd_config.d/1*", 0, "/../../etc/ssh/sshd_config.d/10-a.conf" },
	{ "/*", 0, "/empty /etc /home /list /var" },
	/* no wildcard: the path as is, whether or not it exists */
	{ "/etc/ssh/sshd_config", 0, "/etc/ssh/sshd_config" },
	{ "/etc/ssh/missing.conf", 0, "/etc/ssh/missing.conf" },
	{ "relative/name", 0, "relative/name" },
	/* a missing directory: nothing matches */
	{ "/etc/ssh/missing.d/*.conf", 0, "" },
	{ "/nope/deeper/*", 0, "" },
	/* wildcards in a directory component */
	{ "/etc/*/sshd_config.d/*.conf", -EINVAL, NULL },
	{ "/etc/ss?/sshd_config.d/a.conf", -EINVAL, NULL },
	{ "/et[c]/ssh/x*", -EINVAL, NULL },
	{ "*.conf", -EINVAL, NULL },
	{ "/etc/passwd/*", -ENOTDIR, NULL },
};

static void test_include_glob(void **state)
{
	const struct tree *t = *state;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(glob_cases); i++) {
		const struct glob_case *c = &glob_cases[i];
		char **paths = (char **)0x1;
		size_t n = 12345;
		struct strbuf sb = STRBUF_INIT;
		struct err e;
		int r;

		err_clear(&e);
		r = include_glob(t->r, c->pattern, &paths, &n, &e);
		if (r != c->ret)
			fail_msg("case %zu '%s': got %d (%s), want %d", i, c->pattern, r, e.msg, c->ret);
		if (r < 0) {
			assert_ptr_equal(paths, (char **)0x1);
			assert_int_equal(n, 12345);
			assert_int_equal(e.code, r);
			assert_non_null(strstr(e.msg, r == -EINVAL ? c->pattern : "/etc/passwd"));
			continue;
		}
		assert_non_null(paths); /* freeable even when empty */
		for (j = 0; j < n; j++)
			strbuf_addf(&sb, "%s%s", j ? " " : "", paths[j]);
		if (strcmp(sb.buf, c->want) != 0)
			fail_msg("case %zu '%s': got '%s', want '%s'", i, c->pattern, sb.buf, c->want);
		strv_free(paths, n);
		strbuf_release(&sb);
	}
}

/* A directory with more entries than the include cap is refused, not truncated. */
static void test_include_glob_cap(void **state)
{
	const struct tree *t = *state;
	char **paths = NULL;
	size_t n = 0, i;
	struct err e = { 0 };
	char name[64];

	assert_int_equal(mk(t, "many"), 0);
	for (i = 0; i < 4097; i++) {
		snprintf(name, sizeof(name), "many/%05zu.conf", i);
		assert_int_equal(puts_(t, name, ""), 0);
	}
	assert_int_equal(include_glob(t->r, "/many/*.conf", &paths, &n, &e), -E2BIG);
	assert_int_equal(e.code, -E2BIG);
	{
		char *p = at(t, "many/04096.conf");
		assert_int_equal(unlink(p), 0);
		free(p);
	}
	assert_int_equal(include_glob(t->r, "/many/*.conf", &paths, &n, &e), 0);
	assert_int_equal(n, 4096);
	assert_string_equal(paths[0], "/many/00000.conf");
	assert_string_equal(paths[4095], "/many/04095.conf");
	strv_free(paths, n);
}

static void test_msg_list(void **state)
{
	char **v = NULL;
	size_t n = 0, i;

	(void)state;
	for (i = 0; i < 100; i++)
		msg_list_add(&v, &n, "message %zu '%s'", i, "\x1b[31m");
	/* a hostile include tree cannot make an unbounded list: the last one kept says more were left out */
	assert_int_equal(n, INCLUDE_MAX_MESSAGES);
	assert_string_equal(v[0], "message 0 '\x1b[31m'");
	assert_string_equal(v[INCLUDE_MAX_MESSAGES - 2], "message 30 '\x1b[31m'");
	assert_string_equal(v[INCLUDE_MAX_MESSAGES - 1], "more than 31 problems; the rest are not listed");
	strv_free(v, n);
}

/* The walk shared by the sshd, sudoers and PAM collectors: depth, loops, caps. */
static void test_include_walk(void **state)
{
	static const char *const names[] = { "/a", "/b", "/c", "/d" };
	struct include_walk w = { 0 };
	struct err e = { 0 };
	size_t i;

	(void)state;
	/* depth 0..2 may be read with a limit of 2; the file at depth 3 is refused */
	for (i = 0; i < 3; i++)
		assert_int_equal(include_enter(&w, names[i], 2, "prog", &e), 0);
	assert_int_equal(include_enter(&w, names[3], 2, "prog", &e), -ELOOP);
	assert_string_equal(e.msg, "includes nested deeper than 2 at '/d' (the limit of prog)");
	/* a file on the chain is a loop, named with the file it came back through */
	assert_int_equal(include_enter(&w, "/a", 8, "prog", &e), -ELOOP);
	assert_string_equal(e.msg, "include loop: '/a' includes itself through '/b' (prog refuses it)");
	assert_int_equal(include_enter(&w, "/c", 8, "prog", &e), -ELOOP);
	assert_string_equal(e.msg, "include loop: '/c' includes itself (prog refuses it)");
	/* leaving makes room: the same file again, not nested, is no loop */
	include_leave(&w);
	assert_int_equal(include_enter(&w, "/c", 2, "prog", &e), 0);
	for (i = 0; i < 3; i++)
		include_leave(&w);
	assert_int_equal(w.depth, 0);
	include_leave(&w);
	assert_int_equal(w.depth, 0);
	/* the byte cap stops the walk: nothing more is read */
	assert_int_equal(include_account(&w, INCLUDE_MAX_BYTES, &e), 0);
	assert_int_equal(include_account(&w, 1, &e), -E2BIG);
	assert_true(w.stopped);
	assert_int_equal(include_enter(&w, "/a", 8, "prog", &e), -E2BIG);
	/* so does the cap on files tried */
	memset(&w, 0, sizeof(w));
	for (i = 0; i < INCLUDE_MAX_ATTEMPTS; i++) {
		assert_int_equal(include_enter(&w, "/a", 8, "prog", &e), 0);
		include_leave(&w);
	}
	assert_int_equal(include_enter(&w, "/a", 8, "prog", &e), -E2BIG);
	assert_true(w.stopped);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_cases),
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_fifo_does_not_block),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_read_proc),
		cmocka_unit_test(test_missing_ok),
		cmocka_unit_test(test_user_file),
		cmocka_unit_test(test_user_file_caps),
		cmocka_unit_test(test_non_root_reader),
		cmocka_unit_test(test_list_dir),
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_open_fd),
		cmocka_unit_test(test_root_open),
		cmocka_unit_test(test_include_glob),
		cmocka_unit_test(test_include_glob_cap),
		cmocka_unit_test(test_msg_list),
		cmocka_unit_test(test_include_walk),
	};

	return cmocka_run_group_tests(tests, setup_tree, teardown_tree);
}
