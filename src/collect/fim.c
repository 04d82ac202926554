/* The file-integrity walk: no link followed, xattrs and capabilities, SHA-256 or MD5 of regular files. */
#include "collect/fim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "util/lazylib.h"
#include "util/xalloc.h"

#define FIM_CHUNK ((size_t)1 << 20)

static void read_xattrs(int fd, char *out, size_t size)
{
	char proc[64], names[4096], val[256];
	ssize_t n, vn;
	size_t used = 0, i;
	char *p;

	out[0] = '\0';
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = listxattr(proc, names, sizeof(names));
	if (n <= 0)
		return;
	for (p = names; p < names + n; p += strlen(p) + 1) {
		int w = snprintf(out + used, size - used, "%s%s", used ? "," : "", p);

		if (w < 0 || (size_t)w >= size - used)
			break;
		used += (size_t)w;
		if (strncmp(p, "security.", 9) != 0)
			continue;	/* user.* and trusted.* values may be anything: names only */
		vn = getxattr(proc, p, val, sizeof(val));
		if (vn <= 0)
			continue;
		if (used + 1 + 2 * (size_t)vn + 1 > size)
			break;
		out[used++] = '=';
		for (i = 0; i < (size_t)vn; i++) {
			snprintf(out + used, 3, "%02x", (unsigned char)val[i]);
			used += 2;
		}
		out[used] = '\0';
	}
}

static int walk(const struct root *r, const char *path, int depth, int (*fn)(void *, const struct fim_entry *),
		void *ctx, size_t *unreadable, struct err *first_err, struct fim_entry *e)
{
	struct err e2 = { 0 };
	char **names = NULL;
	size_t n = 0, i;
	int fd, ret;

	fd = root_open_fd(r, path, O_PATH, ROOT_NOFOLLOW, &e2);
	if (fd < 0) {
		if (fd == -ENOENT && depth == 0)
			return 0;
		goto unread;
	}
	if (fstat(fd, &e->st) < 0) {
		err_set(&e2, -errno, "cannot stat '%s': %s", path, strerror(errno));
		close(fd);
		goto unread;
	}
	e->path = path;
	e->fd = fd;
	e->link[0] = '\0';
	e->xattrs[0] = '\0';
	if (S_ISLNK(e->st.st_mode)) {
		ssize_t k = readlinkat(fd, "", e->link, sizeof(e->link) - 1);

		e->link[k > 0 ? k : 0] = '\0';
	} else {
		read_xattrs(fd, e->xattrs, sizeof(e->xattrs));
	}
	ret = fn(ctx, e);
	close(fd);
	e->fd = -1;
	if (ret)
		return ret;
	if (!S_ISDIR(e->st.st_mode))
		return 0;
	if (depth >= FIM_MAX_DEPTH) {
		err_set(&e2, -ELOOP, "'%s' is more than %d directories deep", path, FIM_MAX_DEPTH);
		goto unread;
	}
	if (root_list_dir(r, path, FIM_MAX_DIR_ENTRIES, ROOT_NOFOLLOW, &names, &n, &e2) < 0)
		goto unread;
	for (i = 0; i < n; i++) {
		size_t pl = strlen(path);
		char *child = xasprintf("%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/", names[i]);

		ret = walk(r, child, depth + 1, fn, ctx, unreadable, first_err, e);
		free(child);
		if (ret) {
			strv_free(names, n);
			return ret;
		}
	}
	strv_free(names, n);
	return 0;
unread:
	(*unreadable)++;
	if (first_err && !first_err->code)
		*first_err = e2;
	return 0;
}

int fim_walk(const struct root *r, const char *path, int (*fn)(void *ctx, const struct fim_entry *e), void *ctx,
	     size_t *unreadable, struct err *first_err)
{
	struct fim_entry *e = xcalloc(1, sizeof(*e));
	int ret;

	e->fd = -1;
	ret = walk(r, path, 0, fn, ctx, unreadable, first_err, e);
	free(e);
	return ret;
}

static int hash_fd(int fd, enum fim_digest d, char hex[65], unsigned long long *bytes, const char *path,
		   struct err *err)
{
	static const char digits[] = "0123456789abcdef";
	const struct kcrypto *c = kcrypto_load(err);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	unsigned long long total = 0;
	EVP_MD_CTX *ck;
	char *buf;
	int ret = 0;

	if (!c)
		return -ENOSYS;
	ck = c->md_ctx_new();
	if (!ck || c->digest_init_ex(ck, d == FIM_MD5 ? c->md5() : c->sha256(), NULL) != 1) {
		if (ck)
			c->md_ctx_free(ck);
		return err_set(err, -ENOMEM, "cannot start a digest of '%s'", path);
	}
	buf = xmalloc(FIM_CHUNK);
	for (;;) {
		ssize_t n = read(fd, buf, FIM_CHUNK);

		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			ret = err_set(err, -errno, "cannot read '%s': %s", path, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		c->digest_update(ck, buf, (size_t)n);
		total += (unsigned long long)n;
	}
	free(buf);
	if (!ret) {
		c->digest_final_ex(ck, md, &mdlen);
		if (mdlen > 32)
			mdlen = 32;
		for (i = 0; i < mdlen; i++) {
			hex[2 * i] = digits[md[i] >> 4];
			hex[2 * i + 1] = digits[md[i] & 15];
		}
		hex[2 * mdlen] = '\0';
	}
	c->md_ctx_free(ck);
	if (bytes)
		*bytes = total;
	return ret;
}

int fim_hash(const struct fim_entry *e, enum fim_digest d, char hex[65], unsigned long long *bytes, struct err *err)
{
	char proc[64];
	int fd, ret;

	if (!S_ISREG(e->st.st_mode))
		return err_set(err, -EINVAL, "'%s' is not a regular file", e->path);
	/* the entry's own O_PATH descriptor, reopened: the file the walk resolved in the root, not a new lookup */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", e->fd);
	fd = open(proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = open(proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return err_set(err, -errno, "cannot open '%s': %s", e->path, strerror(errno));
	ret = hash_fd(fd, d, hex, bytes, e->path, err);
	close(fd);
	return ret;
}

int fim_hash_path(const struct root *r, const char *path, enum fim_digest d, char hex[65], struct err *err)
{
	int fd = root_open_regular(r, path, ROOT_NOFOLLOW | ROOT_MISSING_OK, NULL, err);
	int ret;

	if (fd < 0)
		return fd;
	ret = hash_fd(fd, d, hex, NULL, path, err);
	close(fd);
	return ret;
}
