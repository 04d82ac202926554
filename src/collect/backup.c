/* The host side of the backup area. See backup.h. */
#include "collect/backup.h"
#include "util/xalloc.h"
#include "util/lazylib.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <openssl/evp.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* libarchive, loaded when first needed; every use follows a karchive_load() that succeeded */
#define LA karchive_load(NULL)

#define SECRET_COMMAND_TIMEOUT_MS 30000u
#define HASH_CHUNK ((size_t)1 << 20)
#define ARCHIVE_BLOCK 65536

bool backup_repo_is_local(const struct config_backup_job *job)
{
	return job->repository[0] == '/';
}

int backup_location_open(const struct root *r, const char *path, int oflags, char **host_path, struct err *err)
{
	char proc[64], buf[PATH_MAX];
	ssize_t n;
	int fd = root_open_fd(r, path, oflags, 0, err);

	if (fd < 0 || !host_path)
		return fd;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, buf, sizeof(buf) - 1);
	if (n <= 0) {
		int e = n < 0 ? -errno : -EIO;

		close(fd);
		return err_set(err, e, "cannot resolve '%s': %s", path, n < 0 ? strerror(-e) : "empty link");
	}
	buf[n] = '\0';
	*host_path = xstrdup(buf);
	return fd;
}

int backup_host_path(const struct root *r, const char *path, char **out, struct err *err)
{
	int fd = backup_location_open(r, path, O_PATH, out, err);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

int backup_reopen(int fd, int oflags)
{
	char proc[64];
	int r;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	r = open(proc, oflags | O_CLOEXEC | O_NOCTTY);
	return r < 0 ? -errno : r;
}

bool backup_writable(int fd)
{
	char proc[64];

	if (faccessat(fd, "", W_OK, AT_EMPTY_PATH) == 0)
		return true;
	if (errno != EINVAL && errno != ENOSYS)
		return false;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);	/* kernels before faccessat2 */
	return access(proc, W_OK) == 0;
}

void backup_secret_free(struct backup_secret *s)
{
	if (!s || !s->value)
		return;
	explicit_bzero(s->value, s->len);
	free(s->value);
	s->value = NULL;
	s->len = 0;
}

/* Keeps the first line of the bytes (without CR/LF) as the secret. */
static int secret_from(const char *p, size_t len, const char *what, struct backup_secret *s, struct err *err)
{
	size_t n = 0;

	while (n < len && p[n] != '\n' && p[n] != '\r')
		n++;
	if (!n)
		return err_set(err, -EINVAL, "the password from %s is empty", what);
	if (memchr(p, '\0', n))
		return err_set(err, -EINVAL, "the password from %s holds a NUL byte", what);
	s->value = xstrndup(p, n);
	s->len = n;
	return 0;
}

static void wipe_strbuf(struct strbuf *sb)
{
	if (sb->alloc)
		explicit_bzero(sb->buf, sb->alloc);
	strbuf_release(sb);
}

static int secret_file(const struct root *r, const char *path, struct backup_secret *s, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int ret = root_read_file(r, path, BACKUP_SECRET_MAX, 0, &sb, &st, err);

	if (ret < 0)
		goto out;
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		ret = err_set(err, -EPERM, "refusing password file '%s': group or others may use it (mode %04o)", path,
			      (unsigned)(st.st_mode & 07777));
		goto out;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		ret = err_set(err, -EPERM, "refusing password file '%s': owned by uid %u", path, (unsigned)st.st_uid);
		goto out;
	}
	ret = secret_from(sb.buf, sb.len, path, s, err);
out:
	wipe_strbuf(&sb);
	return ret;
}

static int secret_command(const char *cmd, struct backup_secret *s, struct err *err)
{
	struct exec_opts o = { .timeout_ms = SECRET_COMMAND_TIMEOUT_MS, .max_stdout = BACKUP_SECRET_MAX,
			       .max_stderr = 4096 };
	struct exec_result res;
	GError *gerr = NULL;
	gchar **argv = NULL;
	int ret;

	if (!g_shell_parse_argv(cmd, NULL, &argv, &gerr)) {
		ret = err_set(err, -EINVAL, "cannot split password_command: %s", gerr ? gerr->message : "?");
		g_clear_error(&gerr);
		return ret;
	}
	ret = exec_run((const char *const *)argv, &o, &res, err);
	if (ret == 0) {
		if (res.exit_code != 0)
			ret = err_set(err, -EIO, "password_command '%s' failed (exit %d)", argv[0], res.exit_code);
		else if (res.stdout_truncated)
			ret = err_set(err, -EFBIG, "password_command '%s' printed more than %d bytes", argv[0],
				      BACKUP_SECRET_MAX);
		else
			ret = secret_from(res.out.buf, res.out.len, "password_command", s, err);
	}
	wipe_strbuf(&res.out);
	exec_result_release(&res);
	g_strfreev(argv);
	return ret;
}

int backup_secret_get(const struct root *r, const struct config_backup_job *job, struct backup_secret *s,
		      struct err *err)
{
	const char *v;

	memset(s, 0, sizeof(*s));
	if (job->password_file)
		return secret_file(r, job->password_file, s, err);
	if (job->password_command)
		return secret_command(job->password_command, s, err);
	if (job->password_env) {
		v = getenv(job->password_env);
		if (!v)
			return err_set(err, -ENOENT, "environment variable %s (password_env) is not set", job->password_env);
		return secret_from(v, strlen(v), job->password_env, s, err);
	}
	s->value = xstrdup("");
	return 0;
}

/* "line one; line two" of a tool's stderr, at most BACKUP_ERR_EXCERPT bytes. */
static void excerpt(const struct strbuf *sb, char *out, size_t size)
{
	size_t i, o = 0;

	for (i = 0; i < sb->len && o + 3 < size && i < BACKUP_ERR_EXCERPT; i++) {
		char ch = sb->buf[i];

		if (ch == '\n') {
			if (i + 1 < sb->len) {
				out[o++] = ';';
				out[o++] = ' ';
			}
		} else if (ch != '\r') {
			out[o++] = ch;
		}
	}
	out[o] = '\0';
}

int backup_tool_run(const struct config_backup_job *job, const struct backup_secret *s, const char *const argv[],
		    unsigned timeout_ms, size_t max_stdout, const char *cwd, volatile const sig_atomic_t *cancel,
		    struct exec_result *res, struct err *err)
{
	return backup_tool_run_nice(job, s, argv, timeout_ms, max_stdout, cwd, cancel, 0, res, err);
}

int backup_tool_run_nice(const struct config_backup_job *job, const struct backup_secret *s, const char *const argv[],
			 unsigned timeout_ms, size_t max_stdout, const char *cwd, volatile const sig_atomic_t *cancel,
			 int nice, struct exec_result *res, struct err *err)
{
	const char *home = getenv("HOME");
	char *home_var = xasprintf("HOME=%s", home && home[0] == '/' ? home : "/root");
	char *secret_var = NULL;
	const char *env[8];
	struct exec_opts o = { .timeout_ms = timeout_ms, .max_stdout = max_stdout, .max_stderr = 65536,
			       .cwd = cwd, .cancel = cancel, .nice = nice };
	size_t n = 0;
	int ret;

	env[n++] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
	env[n++] = "LC_ALL=C";
	env[n++] = "LANG=C";
	env[n++] = "TZ=UTC";
	env[n++] = home_var;
	if (s && s->value && s->len) {
		secret_var = xasprintf("%s=%s", job->kind == BACKUP_BORG ? "BORG_PASSPHRASE" : "RESTIC_PASSWORD",
				       s->value);
		env[n++] = secret_var;
	}
	env[n] = NULL;
	o.env = env;
	ret = exec_run(argv, &o, res, err);
	if (secret_var) {
		explicit_bzero(secret_var, strlen(secret_var));
		free(secret_var);
	}
	free(home_var);
	if (ret < 0) {
		exec_result_release(res);
		return ret;
	}
	if (res->exit_code != 0) {
		char ex[BACKUP_ERR_EXCERPT + 8];

		excerpt(&res->errout, ex, sizeof(ex));
		if (res->exit_code < 0)
			ret = err_set(err, -EIO, "'%s %s' was killed by signal %d", argv[0], argv[1] ? argv[1] : "",
				      res->signal);
		else
			ret = err_set(err, -EIO, "'%s %s' failed (exit %d): %s", argv[0], argv[1] ? argv[1] : "",
				      res->exit_code, ex[0] ? ex : "no message");
		exec_result_release(res);
		return ret;
	}
	if (res->stdout_truncated) {
		exec_result_release(res);
		return err_set(err, -EFBIG, "'%s %s' printed more than %zu bytes", argv[0], argv[1] ? argv[1] : "",
			       max_stdout);
	}
	return 0;
}

int backup_mounts(const struct root *r, struct mount_table *t, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = root_read_file(r, "/proc/self/mountinfo", MOUNTINFO_MAX_BYTES, 0, &sb, NULL, err);

	if (ret == 0) {
		ret = mountinfo_parse(sb.buf, sb.len, t, err);
		if (ret < 0)
			err_prefix(err, "/proc/self/mountinfo");
	}
	strbuf_release(&sb);
	return ret;
}

int backup_inode_flags(int fd, unsigned *flags)
{
	int rfd = backup_reopen(fd, O_RDONLY | O_NONBLOCK);
	int f = 0, ret = 0;

	if (rfd < 0)
		return rfd;
	if (ioctl(rfd, FS_IOC_GETFLAGS, &f) < 0)
		ret = -errno;
	else
		*flags = (unsigned)f;
	close(rfd);
	return ret;
}

int backup_sha256_fd(int fd, char hex[65], uint64_t *bytes, volatile const sig_atomic_t *cancel)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	const struct kcrypto *c = kcrypto_load(NULL);
	EVP_MD_CTX *ck;
	char *buf;
	uint64_t total = 0;
	int ret = 0;

	if (!c)
		return -ENOSYS;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return -errno;
	ck = c->md_ctx_new();
	if (!ck || c->digest_init_ex(ck, c->sha256(), NULL) != 1) {
		if (ck)
			c->md_ctx_free(ck);
		return -ENOMEM;
	}
	buf = xmalloc(HASH_CHUNK);
	for (;;) {
		ssize_t n = read(fd, buf, HASH_CHUNK);

		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		if (c->digest_update(ck, buf, (size_t)n) != 1) {
			ret = -EIO;
			break;
		}
		total += (uint64_t)n;
		if (cancel && *cancel) {
			ret = -ECANCELED;
			break;
		}
	}
	if (ret == 0 && (c->digest_final_ex(ck, md, &mdlen) != 1 || mdlen != 32))
		ret = -EIO;
	if (ret == 0) {
		for (i = 0; i < 32; i++) {
			hex[2 * i] = digits[md[i] >> 4];
			hex[2 * i + 1] = digits[md[i] & 15];
		}
		hex[64] = '\0';
		*bytes = total;
	}
	c->md_ctx_free(ck);
	free(buf);
	return ret;
}

/* ---- archives ---- */

/* Only the formats and filters a backup archive uses, and none through an external program. */
static struct archive *archive_open(int fd, const char *host_path, struct err *err)
{
	struct archive *a;

	if (!karchive_load(err))
		return NULL;
	a = LA->read_new();
	if (!a) {
		err_set(err, -ENOMEM, "out of memory");
		return NULL;
	}
	LA->read_support_format_tar(a);
	LA->read_support_format_zip(a);
	LA->read_support_filter_none(a);
	if (LA->read_support_filter_gzip(a) != ARCHIVE_OK || LA->read_support_filter_zstd(a) != ARCHIVE_OK ||
	    LA->read_support_filter_xz(a) != ARCHIVE_OK || LA->read_support_filter_bzip2(a) != ARCHIVE_OK) {
		/* a WARN means an external program would be run: refuse rather than fork outside exec.h */
		err_set(err, -ENOTSUP, "libarchive lacks built-in gzip/zstd/xz/bzip2 support");
		LA->read_free(a);
		return NULL;
	}
	/* from the start: the descriptor serves the listing and then the drill */
	if (lseek(fd, 0, SEEK_SET) < 0) {
		err_set(err, -errno, "cannot open archive '%s': %s", host_path, strerror(errno));
		LA->read_free(a);
		return NULL;
	}
	if (LA->read_open_fd(a, fd, ARCHIVE_BLOCK) != ARCHIVE_OK) {
		err_set(err, -EIO, "cannot open archive '%s': %s", host_path,
			LA->error_string(a) ? LA->error_string(a) : "unknown error");
		LA->read_free(a);
		return NULL;
	}
	return a;
}

static enum backup_entry_type ae_type(struct archive_entry *e)
{
	switch (LA->entry_filetype(e)) {
	case AE_IFREG:
		return BE_FILE;
	case AE_IFDIR:
		return BE_DIR;
	case AE_IFLNK:
		return BE_LINK;
	default:
		return BE_OTHER;
	}
}

static const char *ae_path(struct archive_entry *e)
{
	const char *p = LA->entry_pathname_utf8(e);

	return p ? p : LA->entry_pathname(e);
}

int backup_archive_list(int fd, const char *host_path, struct backup_listing *out, struct err *err)
{
	struct backup_listing l = { 0 };
	struct archive_entry *e;
	struct archive *a = archive_open(fd, host_path, err);
	size_t alloc = 0;
	int r, ret = 0;

	if (!a)
		return err ? err->code : -EIO;
	while ((r = LA->read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *p = ae_path(e);
		struct backup_entry *be;

		if (!p || !*p || strlen(p) > BACKUP_MAX_PATH) {
			parse_bad_add(&l.bad, l.n + l.bad.n + 1, "entry without a usable name");
			continue;
		}
		if (l.n >= PARSE_MAX_ENTRIES) {
			ret = err_set(err, -E2BIG, "'%s' has more than %zu entries", host_path, PARSE_MAX_ENTRIES);
			goto out;
		}
		ALLOC_GROW(l.v, l.n + 1, alloc);
		be = &l.v[l.n++];
		be->path = xstrdup(p);
		be->type = ae_type(e);
		be->size = LA->entry_size_is_set(e) && LA->entry_size(e) > 0 ? (uint64_t)LA->entry_size(e) : 0;
		be->mtime = LA->entry_mtime_is_set(e) ? LA->entry_mtime(e) : 0;
		if (be->type == BE_FILE) {
			l.n_files++;
			l.file_bytes += be->size;
		}
	}
	if (r != ARCHIVE_EOF) {
		ret = err_set(err, -EIO, "cannot read archive '%s': %s", host_path,
			      LA->error_string(a) ? LA->error_string(a) : "unknown error");
		goto out;
	}
	*out = l;
	memset(&l, 0, sizeof(l));
out:
	backup_listing_free(&l);
	LA->read_free(a);
	return ret;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int backup_archive_extract(int afd, const char *host_path, const size_t *want, size_t n_want, int dirfd,
			   uint64_t *bytes_read, volatile const sig_atomic_t *cancel, struct err *err)
{
	struct archive_entry *e;
	struct archive *a = archive_open(afd, host_path, err);
	char *buf = NULL;
	size_t idx = 0, w = 0;
	uint64_t total = 0;
	int r, ret = 0;

	if (!a)
		return err ? err->code : -EIO;
	buf = xmalloc(ARCHIVE_BLOCK);
	while ((r = LA->read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *p = ae_path(e);
		int fd = -1;

		if (!p || !*p || strlen(p) > BACKUP_MAX_PATH)
			continue;	/* not in the listing either */
		if (w < n_want && want[w] == idx) {
			char name[32];

			snprintf(name, sizeof(name), "%zu", idx);
			fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
			if (fd < 0) {
				ret = err_set(err, -errno, "cannot write the restored copy of '%s': %s", p, strerror(errno));
				goto out;
			}
			w++;
		}
		for (;;) {
			la_ssize_t n = LA->read_data(a, buf, ARCHIVE_BLOCK);

			if (n == 0)
				break;
			if (n < 0 && n != ARCHIVE_WARN) {
				ret = err_set(err, -EIO, "'%s' in archive '%s' cannot be read: %s", p, host_path,
					      LA->error_string(a) ? LA->error_string(a) : "unknown error");
				if (fd >= 0)
					close(fd);
				goto out;
			}
			if (n < 0)
				continue;
			total += (uint64_t)n;
			if (fd >= 0 && (ret = write_all(fd, buf, (size_t)n)) < 0) {
				err_set(err, ret, "cannot write the restored copy of '%s': %s", p, strerror(-ret));
				close(fd);
				goto out;
			}
			if (cancel && *cancel) {
				ret = -ECANCELED;
				if (fd >= 0)
					close(fd);
				goto out;
			}
		}
		if (fd >= 0)
			close(fd);
		idx++;
	}
	if (r != ARCHIVE_EOF) {
		ret = err_set(err, -EIO, "archive '%s' is damaged after %zu entries: %s", host_path, idx,
			      LA->error_string(a) ? LA->error_string(a) : "unknown error");
		goto out;
	}
	if (w < n_want) {
		ret = err_set(err, -EIO, "archive '%s' changed while it was read (%zu entries)", host_path, idx);
		goto out;
	}
	*bytes_read = total;
out:
	free(buf);
	LA->read_free(a);
	return ret;
}

/* ---- copy trees ---- */

static bool has_archive_name(const char *n)
{
	static const char *const ext[] = { ".tar", ".tgz", ".tar.gz", ".tar.zst", ".tzst", ".tar.xz", ".txz",
					   ".tar.bz2", ".zip" };
	size_t i, len = strlen(n);

	for (i = 0; i < ARRAY_SIZE(ext); i++) {
		size_t el = strlen(ext[i]);

		if (len > el && !strcmp(n + len - el, ext[i]))
			return true;
	}
	return false;
}

int backup_newest_archive(int dfd, const char *host_dir, char **name, struct stat *st, struct err *err)
{
	struct dirent *de;
	char *best = NULL;
	struct stat bst;
	DIR *d;
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return err_set(err, -errno, "cannot open '%s': %s", host_dir, strerror(errno));
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return err_set(err, -errno, "cannot list '%s': %s", host_dir, strerror(errno));
	}
	memset(&bst, 0, sizeof(bst));
	while ((de = readdir(d))) {
		struct stat s;

		if (!has_archive_name(de->d_name) || fstatat(dirfd(d), de->d_name, &s, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(s.st_mode))
			continue;
		if (!best || s.st_mtime > bst.st_mtime ||
		    (s.st_mtime == bst.st_mtime && strcmp(de->d_name, best) > 0)) {
			free(best);
			best = xstrdup(de->d_name);
			bst = s;
		}
	}
	closedir(d);
	if (!best)
		return err_set(err, -ENOENT, "no archive (.tar, .tar.gz, .tar.zst, .zip, ...) in '%s'", host_dir);
	*name = best;
	*st = bst;
	return 0;
}

struct walk {
	struct backup_listing *l;
	size_t alloc;
	struct err *err;
};

static int walk_dir(struct walk *w, int dfd, const char *rel, unsigned depth)
{
	struct dirent *de;
	DIR *d;
	int ret = 0;

	if (depth > BACKUP_TREE_MAX_DEPTH) {
		close(dfd);
		return err_set(w->err, -ELOOP, "'%s' is nested deeper than %d levels", rel, BACKUP_TREE_MAX_DEPTH);
	}
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return err_set(w->err, -errno, "cannot list '%s': %s", rel, strerror(errno));
	}
	while ((de = readdir(d)) && ret == 0) {
		struct backup_entry *e;
		struct stat s;
		char *path;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(dirfd(d), de->d_name, &s, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		path = *rel ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		if (w->l->n >= PARSE_MAX_ENTRIES || strlen(path) > BACKUP_MAX_PATH) {
			ret = err_set(w->err, -E2BIG, "copy tree has more than %zu entries or a path longer than %zu bytes",
				      PARSE_MAX_ENTRIES, BACKUP_MAX_PATH);
			free(path);
			break;
		}
		ALLOC_GROW(w->l->v, w->l->n + 1, w->alloc);
		e = &w->l->v[w->l->n++];
		e->path = path;
		e->mtime = s.st_mtime;
		e->size = S_ISREG(s.st_mode) ? (uint64_t)s.st_size : 0;
		e->type = S_ISREG(s.st_mode) ? BE_FILE : S_ISDIR(s.st_mode) ? BE_DIR : S_ISLNK(s.st_mode) ? BE_LINK : BE_OTHER;
		if (e->type == BE_FILE) {
			w->l->n_files++;
			w->l->file_bytes += e->size;
		} else if (e->type == BE_DIR) {
			int sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			if (sub >= 0)
				ret = walk_dir(w, sub, path, depth + 1);
		}
	}
	closedir(d);
	return ret;
}

int backup_tree_list(int dfd, const char *host_path, struct backup_listing *out, struct err *err)
{
	struct backup_listing l = { 0 };
	struct walk w = { &l, 0, err };
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return err_set(err, -errno, "cannot open '%s': %s", host_path, strerror(errno));
	ret = walk_dir(&w, fd, "", 0);
	if (ret < 0) {
		backup_listing_free(&l);
		return ret;
	}
	*out = l;
	return 0;
}
