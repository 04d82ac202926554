/* Writes inside --root for kyuka watch install: no link followed, atomic renames. */
#include "collect/rootwrite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int open_dir(const struct root *r, const char *dir, struct err *err)
{
	return root_open_fd(r, dir, O_PATH | O_DIRECTORY, ROOT_NOFOLLOW, err);
}

int root_write_file(const struct root *r, const char *dir, const char *name, const char *data, size_t len,
		    mode_t mode, struct err *err)
{
	char tmp[300];
	struct stat st;
	size_t off = 0;
	int dfd, fd, ret = 0;

	if ((dfd = open_dir(r, dir, err)) < 0)
		return dfd;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		close(dfd);
		return err_set(err, -EEXIST, "'%s/%s' exists and is not a regular file", dir, name);
	}
	snprintf(tmp, sizeof(tmp), ".%s.kyuka-%ld", name, (long)getpid());
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0) {
		ret = err_set(err, -errno, "cannot create '%s/%s': %s", dir, tmp, strerror(errno));
		close(dfd);
		return ret;
	}
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = err_set(err, -errno, "cannot write '%s/%s': %s", dir, name, strerror(errno));
			break;
		}
		off += (size_t)n;
	}
	if (!ret && (fchmod(fd, mode) < 0 || fsync(fd) < 0))
		ret = err_set(err, -errno, "cannot write '%s/%s': %s", dir, name, strerror(errno));
	close(fd);
	if (!ret && renameat(dfd, tmp, dfd, name) < 0)
		ret = err_set(err, -errno, "cannot write '%s/%s': %s", dir, name, strerror(errno));
	if (ret)
		unlinkat(dfd, tmp, 0);
	close(dfd);
	return ret;
}

int root_mkdir(const struct root *r, const char *dir, const char *name, struct err *err)
{
	struct stat st;
	int dfd = open_dir(r, dir, err), ret = 0;

	if (dfd < 0)
		return dfd;
	if (mkdirat(dfd, name, 0755) < 0) {
		if (errno != EEXIST || fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
			ret = err_set(err, -errno, "cannot create the directory '%s/%s': %s", dir, name, strerror(errno));
	}
	close(dfd);
	return ret;
}

int root_symlink(const struct root *r, const char *dir, const char *name, const char *target, struct err *err)
{
	char cur[4096];
	ssize_t n;
	int dfd = open_dir(r, dir, err), ret = 0;

	if (dfd < 0)
		return dfd;
	if (symlinkat(target, dfd, name) < 0) {
		int e = errno;

		n = readlinkat(dfd, name, cur, sizeof(cur) - 1);
		if (e != EEXIST || n < 0 || (size_t)n != strlen(target) || memcmp(cur, target, (size_t)n) != 0)
			ret = err_set(err, -e, "cannot link '%s/%s' to '%s': %s", dir, name, target, strerror(e));
	}
	close(dfd);
	return ret;
}

int root_unlink(const struct root *r, const char *dir, const char *name, struct err *err)
{
	int dfd = root_open_fd(r, dir, O_PATH | O_DIRECTORY, ROOT_NOFOLLOW | ROOT_MISSING_OK, err), ret = 0;

	if (dfd == -ENOENT)
		return -ENOENT;
	if (dfd < 0)
		return dfd;
	if (unlinkat(dfd, name, 0) < 0) {
		ret = -errno;
		if (ret != -ENOENT)
			ret = err_set(err, ret, "cannot remove '%s/%s': %s", dir, name, strerror(errno));
	}
	close(dfd);
	return ret;
}
