#include "collect/root.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct root {
	int fd;
	char *dir;
	bool is_host;
};

int root_open(const char *dir, struct root **out, struct err *err)
{
	struct root *r;
	char *real;
	int fd;

	fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return err_set(err, -errno, "cannot open root '%s': %s", dir, strerror(errno));
	r = xcalloc(1, sizeof(*r));
	r->fd = fd;
	r->dir = xstrdup(dir);
	real = realpath(dir, NULL);
	r->is_host = real && strcmp(real, "/") == 0;
	free(real);
	*out = r;
	return 0;
}

void root_close(struct root *r)
{
	if (!r)
		return;
	close(r->fd);
	free(r->dir);
	free(r);
}

const char *root_dir(const struct root *r)
{
	return r->dir;
}

bool root_is_host(const struct root *r)
{
	return r->is_host;
}

/* Relative path for openat2 within the root: strip leading slashes. */
static const char *rel(const char *path)
{
	while (*path == '/')
		path++;
	return *path ? path : ".";
}

/*
 * Kernels before 5.6 have no openat2: walk component by component and refuse
 * every symlink and "..", rather than risk an escape from the root.
 */
static int walk_nofollow(const struct root *r, const char *path, int oflags)
{
	const char *p = rel(path);
	int dfd = dup(r->fd);

	if (dfd < 0)
		return -errno;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		char comp[NAME_MAX + 1];
		int nfd;

		if (len == 0 || (len == 1 && p[0] == '.')) {
			p += len + (slash ? 1 : 0);
			continue;
		}
		if (len > NAME_MAX || (len == 2 && p[0] == '.' && p[1] == '.')) {
			close(dfd);
			return len > NAME_MAX ? -ENAMETOOLONG : -EPERM;
		}
		memcpy(comp, p, len);
		comp[len] = '\0';
		p += len;
		while (*p == '/')
			p++;
		if (*p)
			nfd = openat(dfd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		else
			nfd = openat(dfd, comp, oflags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
		close(dfd);
		if (nfd < 0)
			return -errno;
		dfd = nfd;
	}
	return dfd;
}

static int open_in_root(const struct root *r, const char *path, int oflags, unsigned flags)
{
	struct open_how how = {
		.flags = (uint64_t)(oflags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd;

	/* openat2 refuses any flag O_PATH does not take (EINVAL): add O_NOCTTY only for real opens. */
	if ((oflags & O_PATH) == 0)
		how.flags |= O_NOCTTY;

	if (flags & ROOT_NOFOLLOW) {
		how.resolve |= RESOLVE_NO_SYMLINKS;
		how.flags |= O_NOFOLLOW;
	}
	/* Avoid touching atimes where we may (root, or owner). */
	if ((oflags & O_PATH) == 0) {
		how.flags |= O_NOATIME;
		fd = syscall(SYS_openat2, r->fd, rel(path), &how, sizeof(how));
		if (fd >= 0)
			return (int)fd;
		if (errno != EPERM)
			goto fail;
		how.flags &= ~(uint64_t)O_NOATIME;
	}
	fd = syscall(SYS_openat2, r->fd, rel(path), &how, sizeof(how));
	if (fd >= 0)
		return (int)fd;
fail:
	if (errno == ENOSYS)
		return walk_nofollow(r, path, oflags);
	return -errno;
}

int root_open_fd(const struct root *r, const char *path, int oflags, unsigned flags, struct err *err)
{
	int fd = open_in_root(r, path, oflags, flags);

	if (fd < 0) {
		if (fd == -ENOENT && (flags & ROOT_MISSING_OK))
			return fd;
		if (fd == -ELOOP || (fd == -ENOTDIR && (flags & ROOT_NOFOLLOW)))
			return err_set(err, -ELOOP, "refusing to follow a symbolic link at '%s'", path);
		return err_set(err, fd, "cannot open '%s': %s", path, strerror(-fd));
	}
	return fd;
}

/*
 * Turns an O_PATH descriptor into a read descriptor, but only for a regular
 * file: opening anything else can have side effects (a tape drive rewinds, a
 * FIFO or terminal may block), so it is refused before it is ever opened.
 * The reopen goes through /proc/self/fd; without /proc, the path is opened
 * directly (non-blocking) and checked after. Closes pfd.
 */
static int reopen_regular(const struct root *r, int pfd, const char *path, unsigned flags, struct err *err)
{
	struct stat s;
	char proc[64];
	int fd, e;

	if (fstat(pfd, &s) < 0) {
		e = errno;
		close(pfd);
		return err_set(err, -e, "cannot stat '%s': %s", path, strerror(e));
	}
	/* O_PATH|O_NOFOLLOW hands back the link itself rather than failing */
	if (S_ISLNK(s.st_mode)) {
		close(pfd);
		return err_set(err, -ELOOP, "refusing to follow a symbolic link at '%s'", path);
	}
	if (!S_ISREG(s.st_mode)) {
		close(pfd);
		return err_set(err, -EINVAL, "'%s' is not a regular file", path);
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = open(proc, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	e = errno;
	close(pfd);
	if (fd >= 0)
		return fd;
	if (e == ENOENT && r)
		return root_open_fd(r, path, O_RDONLY | O_NONBLOCK, flags, err);
	return err_set(err, -e, "cannot open '%s': %s", path, strerror(e));
}

/* Reads a whole regular file from an open fd (which it closes). */
static int read_fd(int fd, const char *path, size_t max, bool single_link, struct strbuf *out, struct stat *st,
		   struct err *err)
{
	struct stat s;
	int ret = 0;

	if (fstat(fd, &s) < 0) {
		ret = err_set(err, -errno, "cannot stat '%s': %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(s.st_mode)) {
		ret = err_set(err, -EINVAL, "'%s' is not a regular file", path);
		goto out;
	}
	if (single_link && s.st_nlink > 1) {
		ret = err_set(err, -EMLINK, "refusing to read '%s': it has %ju hard links", path,
			      (uintmax_t)s.st_nlink);
		goto out;
	}
	if ((uint64_t)s.st_size > max) {
		ret = err_set(err, -EFBIG, "'%s' is larger than %zu bytes", path, max);
		goto out;
	}
	ret = read_fd_max(fd, max, out);
	if (ret == -EFBIG) {
		ret = err_set(err, ret, "'%s' is larger than %zu bytes", path, max);
		goto out;
	} else if (ret < 0) {
		ret = err_set(err, ret, "cannot read '%s': %s", path, strerror(-ret));
		goto out;
	}
	if (st)
		*st = s;
out:
	close(fd);
	return ret;
}

int root_read_file(const struct root *r, const char *path, size_t max, unsigned flags,
		   struct strbuf *out, struct stat *st, struct err *err)
{
	int fd = root_open_fd(r, path, O_PATH, flags, err);

	if (fd < 0)
		return fd;
	fd = reopen_regular(r, fd, path, flags, err);
	if (fd < 0)
		return fd;
	return read_fd(fd, path, max, false, out, st, err);
}

int root_open_regular(const struct root *r, const char *path, unsigned flags, struct stat *st, struct err *err)
{
	int fd = root_open_fd(r, path, O_PATH, flags, err);

	if (fd < 0)
		return fd;
	fd = reopen_regular(r, fd, path, flags, err);
	if (fd >= 0 && st && fstat(fd, st) < 0) {
		int e = errno;

		close(fd);
		return err_set(err, -e, "cannot stat '%s': %s", path, strerror(e));
	}
	return fd;
}

int root_read_user_file(const struct root *r, const char *dir, const char *rel, size_t max,
			struct strbuf *out, struct stat *st, struct err *err)
{
	struct open_how how = {
		.flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	char *path = xasprintf("%s/%s", strcmp(dir, "/") == 0 ? "" : dir, rel);
	int dfd, fd, ret;

	dfd = root_open_fd(r, dir, O_PATH | O_DIRECTORY, 0, err);
	if (dfd < 0) {
		free(path);
		return dfd;
	}
	fd = (int)syscall(SYS_openat2, dfd, rel, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS)
		fd = openat(dfd, rel, (int)how.flags); /* old kernels: at least the last component */
	close(dfd);
	if (fd < 0) {
		int e = errno;
		if (e == ELOOP || e == EXDEV)
			ret = err_set(err, -ELOOP, "refusing to follow a symbolic link at '%s'", path);
		else
			ret = err_set(err, -e, "cannot open '%s': %s", path, strerror(e));
		free(path);
		return ret;
	}
	/* no fallback to a direct open here: it would follow a link the user controls */
	fd = reopen_regular(NULL, fd, path, 0, err);
	ret = fd < 0 ? fd : read_fd(fd, path, max, true, out, st, err);
	free(path);
	return ret;
}

int root_stat(const struct root *r, const char *path, unsigned flags, struct stat *st, struct err *err)
{
	int fd = root_open_fd(r, path, O_PATH, flags, err);
	int ret = 0;

	if (fd < 0)
		return fd;
	if (fstat(fd, st) < 0)
		ret = err_set(err, -errno, "cannot stat '%s': %s", path, strerror(errno));
	close(fd);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int root_list_dir(const struct root *r, const char *path, size_t max, unsigned flags,
		  char ***names, size_t *n, struct err *err)
{
	char **v = NULL;
	size_t nv = 0, alloc = 0;
	struct dirent *de;
	DIR *d;
	int fd;

	fd = root_open_fd(r, path, O_RDONLY | O_DIRECTORY, flags, err);
	if (fd < 0)
		return fd;
	d = fdopendir(fd);
	if (!d) {
		int e = errno;
		close(fd);
		return err_set(err, -e, "cannot list '%s': %s", path, strerror(e));
	}
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (nv == max) {
			strv_free(v, nv);
			closedir(d);
			return err_set(err, -E2BIG, "'%s' has more than %zu entries", path, max);
		}
		ALLOC_GROW(v, nv + 1, alloc);
		v[nv++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (nv)
		qsort(v, nv, sizeof(*v), cmp_str);
	*names = v;
	*n = nv;
	return 0;
}

void strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
