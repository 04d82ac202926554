/*
 * Backups: inventory, isolation and the restore drill. See backup.h.
 *
 * Paths. A backup stores paths as the machine that made it saw them: restic
 * "/etc/hosts", borg and tar "etc/hosts", a copy tree "etc/hosts" below its
 * top. Each becomes a live path as the target sees it ("/etc/hosts"); when
 * kyuka audits a tree mounted at --root DIR and the backup was taken of
 * DIR/etc, the DIR prefix is taken off too.
 */
#include "engines/backup.h"
#include "engines/pwcrack.h"
#include "collect/backup.h"
#include "collect/clock.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <linux/fs.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LIST_MAX_OUTPUT ((size_t)256 << 20)
#define SMALL_OUTPUT ((size_t)1 << 20)
#define COPY_CHUNK ((size_t)1 << 20)

/* ------------------------------------------------------------------ paths */

bool backup_path_covers(const char *parent, const char *path)
{
	size_t n = strlen(parent);

	if (!strcmp(parent, "/"))
		return path[0] == '/';
	return !strncmp(parent, path, n) && (path[n] == '\0' || path[n] == '/');
}

bool backup_is_config_path(const struct config_backup *cfg, const char *path)
{
	size_t i;

	if (backup_path_covers("/etc", path) || backup_path_covers("/usr/local/etc", path))
		return true;
	if (!strncmp(path, "/opt/", 5)) {
		const char *s = strchr(path + 5, '/');

		if (s && s > path + 5 && backup_path_covers("/etc", s))
			return true;
	}
	for (i = 0; i < cfg->n_config; i++)
		if (backup_path_covers(cfg->config[i], path))
			return true;
	return false;
}

/* The real path of the root directory ("/" for the host), without a trailing slash unless "/". */
static char *root_real(struct root *r)
{
	char *p = realpath(root_dir(r), NULL);

	if (!p)
		return xstrdup(root_dir(r));
	return p;
}

/* True when the path has no empty, "." or ".." component (after its leading slash). */
static bool clean_abs(const char *p)
{
	const char *s = p + 1;

	if (p[0] != '/')
		return false;
	if (!*s)
		return true;
	for (;;) {
		size_t n = strcspn(s, "/");

		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return false;
		if (!s[n])
			return true;
		s += n + 1;
	}
}

/*
 * A stored path as the target sees it, or NULL when it cannot be one
 * (".." components). Caller frees.
 */
static char *live_path(int kind, const char *stored, const char *rootreal)
{
	char *p;
	size_t rl;

	while (stored[0] == '.' && stored[1] == '/')
		stored += 2;
	while (*stored == '/')
		stored++;
	(void)kind;
	p = xasprintf("/%s", stored);
	while (strlen(p) > 1 && p[strlen(p) - 1] == '/')
		p[strlen(p) - 1] = '\0';
	rl = strlen(rootreal);
	if (strcmp(rootreal, "/") != 0 && !strncmp(p, rootreal, rl) && (p[rl] == '/' || p[rl] == '\0')) {
		char *q = xstrdup(p[rl] ? p + rl : "/");

		free(p);
		p = q;
	}
	if (!clean_abs(p)) {
		free(p);
		return NULL;
	}
	return p;
}

/* ------------------------------------------------------------------ formatting */

const char *backup_id_short(const char *id, char buf[16])
{
	size_t n = strlen(id);

	if (n == 64 && strspn(id, "0123456789abcdef") == 64) {
		memcpy(buf, id, 12);
		buf[12] = '\0';
		return buf;
	}
	return id;
}

void fmt_bytes(uint64_t n, char *buf, size_t size)
{
	static const char *const unit[] = { "B", "kB", "MB", "GB", "TB", "PB" };
	double v = (double)n;
	size_t u = 0;

	while (v >= 1000 && u + 1 < ARRAY_SIZE(unit)) {
		v /= 1000;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%ju B", (uintmax_t)n);
	else
		snprintf(buf, size, "%.1f %s", v, unit[u]);
}

void fmt_duration(uint64_t s, char *buf, size_t size)
{
	if (s < 60)
		snprintf(buf, size, _("%ju s"), (uintmax_t)s);
	else if (s < 3600)
		snprintf(buf, size, _("%ju min"), (uintmax_t)((s + 30) / 60));
	else if (s < 86400 * 2)
		snprintf(buf, size, _("%ju h %ju min"), (uintmax_t)(s / 3600), (uintmax_t)(s % 3600 / 60));
	else
		snprintf(buf, size, _("%ju days %ju h"), (uintmax_t)(s / 86400), (uintmax_t)(s % 86400 / 3600));
}

/* ------------------------------------------------------------------ tools */

static unsigned job_timeout_ms(const struct config_backup_job *job)
{
	uint64_t m = job->timeout_minutes ? job->timeout_minutes : BACKUP_DEFAULT_TIMEOUT_MIN;
	uint64_t ms = m * 60000;

	return ms > UINT_MAX ? UINT_MAX : (unsigned)ms;
}

/* Listing a repository (snapshots, its mode): the job's timeout_minutes when set, else 5 minutes. */
static unsigned list_timeout_ms(const struct config_backup_job *job)
{
	return job->timeout_minutes ? job_timeout_ms(job) : BACKUP_TOOL_LIST_TIMEOUT_MS;
}

/* The repository argument: the real path of a local repository, else the text as given. */
static int repo_arg(struct root *r, const struct config_backup_job *job, char **out, struct err *err)
{
	if (!backup_repo_is_local(job)) {
		*out = xstrdup(job->repository);
		return 0;
	}
	return backup_host_path(r, job->repository, out, err);
}

static void strv_free_n(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void backup_inventory_free(struct backup_inventory *inv)
{
	if (!inv)
		return;
	free(inv->location);
	free(inv->newest_id);
	strv_free_n(inv->newest_paths, inv->n_newest_paths);
	strv_free_n(inv->ids, inv->n_snapshots);
	free(inv->times);
	if (inv->have_fd)
		close(inv->fd);
	memset(inv, 0, sizeof(*inv));
}

static int inventory_tool(struct root *r, const struct config_backup_job *job, const char *repo,
			  struct backup_inventory *inv, struct err *err)
{
	const char *restic_argv[] = { "restic", "-r", repo, "--no-cache", "--no-lock", "snapshots", "--json", NULL };
	const char *borg_argv[] = { "borg", "list", "--bypass-lock", "--json", repo, NULL };
	struct backup_snapshots snaps = { 0 };
	struct backup_secret sec = { 0 };
	struct exec_result res;
	char *rootreal = NULL;
	size_t i;
	long nw;
	int ret;

	ret = backup_secret_get(r, job, &sec, err);
	if (ret < 0)
		return ret;
	ret = backup_tool_run(job, &sec, job->kind == BACKUP_RESTIC ? restic_argv : borg_argv,
			      list_timeout_ms(job), LIST_MAX_OUTPUT, NULL, NULL, &res, err);
	backup_secret_free(&sec);
	if (ret < 0)
		return ret;
	if (job->kind == BACKUP_RESTIC)
		ret = restic_snapshots_parse(res.out.buf, res.out.len, &snaps, err);
	else
		ret = borg_archives_parse(res.out.buf, res.out.len, &snaps, err);
	exec_result_release(&res);
	if (ret < 0)
		return ret;
	inv->n_snapshots = snaps.n;
	inv->ids = xcalloc(snaps.n ? snaps.n : 1, sizeof(*inv->ids));
	inv->times = xcalloc(snaps.n ? snaps.n : 1, sizeof(*inv->times));
	for (i = 0; i < snaps.n; i++) {
		inv->ids[i] = xstrdup(snaps.v[i].id);
		inv->times[i] = snaps.v[i].time;
	}
	nw = backup_snapshots_newest(&snaps);
	if (nw >= 0) {
		const struct backup_snapshot *s = &snaps.v[nw];

		inv->have_newest = true;
		inv->newest = s->time;
		inv->newest_id = xstrdup(s->id);
		rootreal = root_real(r);
		inv->newest_paths = xcalloc(s->n_paths ? s->n_paths : 1, sizeof(char *));
		for (i = 0; i < s->n_paths; i++) {
			char *lp = live_path(job->kind, s->paths[i], rootreal);

			if (lp)
				inv->newest_paths[inv->n_newest_paths++] = lp;
		}
		free(rootreal);
	}
	backup_snapshots_free(&snaps);
	return 0;
}

int backup_inventory(struct root *r, const struct config_backup_job *job, struct backup_inventory *inv,
		     struct err *err)
{
	struct backup_listing l = { 0 };
	char *loc = NULL;
	struct stat st;
	size_t i;
	int ret;

	memset(inv, 0, sizeof(*inv));
	if (job->kind == BACKUP_ARCHIVE || job->kind == BACKUP_DIRECTORY) {
		/* resolved inside the root once; everything after works on the descriptor */
		ret = backup_location_open(r, job->repository, O_PATH, &loc, err);
		if (ret < 0)
			return ret;
		inv->fd = ret;
		inv->have_fd = true;
	} else {
		ret = repo_arg(r, job, &loc, err);
		if (ret < 0)
			return ret;
	}
	inv->location = loc;
	switch (job->kind) {
	case BACKUP_RESTIC:
	case BACKUP_BORG:
		ret = inventory_tool(r, job, loc, inv, err);
		break;
	case BACKUP_ARCHIVE: {
		char *file = NULL, *name = NULL;
		int afd;

		if (fstat(inv->fd, &st) < 0) {
			ret = err_set(err, -errno, "cannot stat '%s': %s", job->repository, strerror(errno));
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			ret = backup_newest_archive(inv->fd, loc, &name, &st, err);
			if (ret < 0)
				break;
			file = xasprintf("%s/%s", loc, name);
			afd = openat(inv->fd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
			afd = afd < 0 ? -errno : afd;
		} else {
			file = xstrdup(loc);
			name = xstrdup(strrchr(loc, '/') ? strrchr(loc, '/') + 1 : loc);
			afd = backup_reopen(inv->fd, O_RDONLY | O_NONBLOCK);
		}
		if (afd < 0) {
			ret = err_set(err, afd, "cannot open archive '%s': %s", file, strerror(-afd));
			free(file);
			free(name);
			break;
		}
		close(inv->fd);
		inv->fd = afd;	/* the archive itself from now on */
		ret = backup_archive_list(inv->fd, file, &l, err);
		if (ret == 0) {
			inv->n_snapshots = 1;
			inv->have_newest = true;
			inv->newest = st.st_mtime;
			inv->newest_id = name;
			name = NULL;
			for (i = 0; i < l.n; i++)
				if (l.v[i].mtime > inv->newest_entry)
					inv->newest_entry = l.v[i].mtime;
			free(inv->location);
			inv->location = file;
			file = NULL;
		}
		free(file);
		free(name);
		break;
	}
	case BACKUP_DIRECTORY:
		ret = backup_tree_list(inv->fd, loc, &l, err);
		if (ret == 0) {
			size_t best = SIZE_MAX;

			for (i = 0; i < l.n; i++)
				if (l.v[i].type == BE_FILE && (best == SIZE_MAX || l.v[i].mtime > l.v[best].mtime))
					best = i;
			if (best != SIZE_MAX) {
				inv->n_snapshots = 1;
				inv->have_newest = true;
				inv->newest = l.v[best].mtime;
				inv->newest_id = xstrdup(l.v[best].path);
			}
		}
		break;
	default:
		ret = err_set(err, -EINVAL, "unknown backup kind %d", job->kind);
	}
	backup_listing_free(&l);
	if (ret < 0)
		backup_inventory_free(inv);
	return ret;
}

/* ------------------------------------------------------------------ isolation */

int backup_isolation(struct root *r, const struct config_backup_job *job, struct backup_isolation *iso,
		     struct err *err)
{
	struct mount_table mt = { 0 };
	const struct mount_entry *m;
	char *host = NULL;
	unsigned flags = 0;
	struct stat st;
	int ret, fd;

	memset(iso, 0, sizeof(*iso));
	if (!backup_repo_is_local(job)) {
		iso->remote = true;
		return 0;
	}
	fd = backup_location_open(r, job->repository, O_PATH, &host, err);
	if (fd == -ENOENT) {
		iso->absent = true;
		return 0;
	}
	if (fd < 0)
		return fd;
	ret = 0;
	snprintf(iso->host_path, sizeof(iso->host_path), "%s", host);
	if (fstat(fd, &st) < 0) {
		ret = err_set(err, -errno, "cannot stat '%s': %s", job->repository, strerror(errno));
		goto out;
	}
	iso->owner_uid = (unsigned)st.st_uid;
	iso->mode = (unsigned)(st.st_mode & 07777);
	iso->writable = backup_writable(fd);
	if (backup_inode_flags(fd, &flags) == 0) {
		iso->immutable = flags & FS_IMMUTABLE_FL;
		iso->append_only_attr = flags & FS_APPEND_FL;
	}
	ret = backup_mounts(r, &mt, err);
	if (ret < 0)
		goto out;
	m = mount_find(&mt, job->repository);
	if (m) {
		iso->have_mount = true;
		snprintf(iso->mount_target, sizeof(iso->mount_target), "%s", m->target);
		snprintf(iso->mount_fstype, sizeof(iso->mount_fstype), "%s", m->fstype);
		snprintf(iso->mount_source, sizeof(iso->mount_source), "%s", m->source);
		iso->read_only_mount = m->read_only;
		iso->netfs = m->netfs;
	}
	if (job->kind == BACKUP_BORG) {
		const char *argv[] = { "borg", "config", host, "append_only", NULL };
		struct backup_secret sec = { 0 };
		struct exec_result res;
		struct err e;

		if (backup_secret_get(r, job, &sec, &e) == 0 &&
		    backup_tool_run(job, &sec, argv, list_timeout_ms(job), SMALL_OUTPUT, NULL, NULL, &res, &e) == 0) {
			iso->checked_repo_mode = true;
			iso->repo_append_only = res.out.len && res.out.buf[0] == '1';
			exec_result_release(&res);
		}
		backup_secret_free(&sec);
	}
out:
	mount_table_free(&mt);
	free(host);
	close(fd);
	return ret;
}

/* ------------------------------------------------------------------ the drill */

void drill_result_free(struct drill_result *res)
{
	size_t i;

	if (!res)
		return;
	for (i = 0; i < res->n_sampled; i++) {
		free(res->files[i].path);
		free(res->files[i].why);
	}
	free(res->files);
	free(res->job);
	free(res->snapshot_id);
	free(res->integrity);
	free(res->error);
	memset(res, 0, sizeof(*res));
}

static void rm_tree(const char *path)
{
	rm_tree_at(AT_FDCWD, path, BACKUP_TREE_MAX_DEPTH + 8);
}

/* Escapes restic filter pattern characters (it matches with filepath.Match per component). */
static char *restic_pattern(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	for (p = path; *p; p++) {
		if (*p == '*' || *p == '?' || *p == '[' || *p == '\\')
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, *p);
	}
	return strbuf_detach(&sb, NULL);
}

struct sample {
	size_t idx;		/* into the listing */
	char *live;		/* owned */
	bool config;
};

static int cmp_sample(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Picks the sample: every small configuration file (up to a cap), then random files up to the count. */
static size_t pick_sample(const struct config_backup *cfg, const struct backup_listing *l, const char *rootreal, int kind,
			  uint32_t files, uint32_t percent, struct sample **out, size_t *n_config)
{
	struct sample *v = NULL, *cand = NULL;
	size_t nv = 0, nc = 0, alloc = 0, calloc_ = 0, want, i, n_cfg = 0;
	GRand *rnd = g_rand_new();
	char **lives = xcalloc(l->n ? l->n : 1, sizeof(char *));

	for (i = 0; i < l->n; i++)
		if (l->v[i].type == BE_FILE)
			lives[i] = live_path(kind, l->v[i].path, rootreal);
	/* configuration files first */
	for (i = 0; i < l->n; i++) {
		if (!lives[i] || l->v[i].size > DRILL_SMALL_CONFIG_BYTES || !backup_is_config_path(cfg, lives[i]))
			continue;
		ALLOC_GROW(cand, nc + 1, calloc_);
		cand[nc++] = (struct sample){ i, NULL, true };
	}
	while (nc && n_cfg < DRILL_MAX_CONFIG_SAMPLE) {
		size_t k = (size_t)g_rand_int_range(rnd, 0, (gint32)(nc > INT32_MAX ? INT32_MAX : nc));

		ALLOC_GROW(v, nv + 1, alloc);
		v[nv] = cand[k];
		v[nv].live = lives[cand[k].idx];
		lives[cand[k].idx] = NULL;
		nv++;
		n_cfg++;
		cand[k] = cand[--nc];
	}
	/* then any file */
	if (percent)
		want = (size_t)(((uint64_t)l->n_files * percent + 99) / 100);
	else
		want = files ? files : BACKUP_DEFAULT_SAMPLE;
	if (want < 1)
		want = 1;
	nc = 0;
	for (i = 0; i < l->n; i++)
		if (lives[i]) {
			ALLOC_GROW(cand, nc + 1, calloc_);
			cand[nc++] = (struct sample){ i, NULL, false };
		}
	while (nc && nv < want + n_cfg && nv < DRILL_MAX_SAMPLE) {
		size_t k = (size_t)g_rand_int_range(rnd, 0, (gint32)(nc > INT32_MAX ? INT32_MAX : nc));

		ALLOC_GROW(v, nv + 1, alloc);
		v[nv] = cand[k];
		v[nv].live = lives[cand[k].idx];
		lives[cand[k].idx] = NULL;
		nv++;
		cand[k] = cand[--nc];
	}
	for (i = 0; i < l->n; i++)
		free(lives[i]);
	free(lives);
	free(cand);
	g_rand_free(rnd);
	qsort(v, nv, sizeof(*v), cmp_sample);
	*out = v;
	*n_config = n_cfg;
	return nv;
}

/* Opens dir/rel for reading without leaving dir and without following any link. */
static int open_beneath(int dfd, const char *rel)
{
	struct open_how how = { .flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK,
				.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
	long fd;

	while (*rel == '/')
		rel++;
	fd = syscall(SYS_openat2, dfd, rel, &how, sizeof(how));
	return fd < 0 ? -errno : (int)fd;
}

/* Removes dir/rel without leaving dir and without following any link on the way. */
static void unlink_beneath(int dfd, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
				.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
	char *dir;
	long fd;

	while (*rel == '/')
		rel++;
	if (!slash || slash < rel) {
		unlinkat(dfd, rel, 0);
		return;
	}
	dir = xstrndup(rel, (size_t)(slash - rel));
	fd = syscall(SYS_openat2, dfd, dir, &how, sizeof(how));
	free(dir);
	if (fd >= 0) {
		unlinkat((int)fd, slash + 1, 0);
		close((int)fd);
	}
}

/* Copies a copy-tree file into the drill directory (the "restore" of a directory job). */
static int copy_out(int srcdir, const char *rel, int dstdir, size_t idx, uint64_t *bytes, struct err *err)
{
	char name[32], *buf;
	int in, out, ret = 0;
	struct stat st;

	in = open_beneath(srcdir, rel);
	if (in < 0)
		return err_set(err, in, "cannot read '%s' in the copy: %s", rel, strerror(-in));
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(in);
		return err_set(err, -EINVAL, "'%s' in the copy is not a regular file", rel);
	}
	snprintf(name, sizeof(name), "%zu", idx);
	out = openat(dstdir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0) {
		ret = err_set(err, -errno, "cannot write the restored copy of '%s': %s", rel, strerror(errno));
		close(in);
		return ret;
	}
	buf = xmalloc(COPY_CHUNK);
	for (;;) {
		ssize_t n = read(in, buf, COPY_CHUNK), w = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = err_set(err, -errno, "cannot read '%s' in the copy: %s", rel, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		while (w < n) {
			ssize_t k = write(out, buf + w, (size_t)(n - w));

			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0) {
				ret = err_set(err, -errno, "cannot write the restored copy of '%s': %s", rel, strerror(errno));
				goto done;
			}
			w += k;
		}
		*bytes += (uint64_t)n;
	}
done:
	free(buf);
	close(in);
	close(out);
	return ret;
}

static void set_error(struct drill_result *res, const struct err *e)
{
	if (!res->error)
		res->error = xstrdup(e->msg[0] ? e->msg : "unknown error");
}

/* The integrity step of restic and borg. */
static void integrity_tool(const struct config_backup_job *job, const struct backup_secret *sec, const char *repo,
			   const struct drill_opts *o, struct drill_result *res)
{
	uint32_t pct = job->has_check_percent ? job->check_percent : BACKUP_DEFAULT_CHECK_PERCENT;
	char subset[48];
	const char *argv[10];
	struct exec_result er;
	struct err e = { 0 };
	size_t n = 0;

	if (job->kind == BACKUP_RESTIC) {
		argv[n++] = "restic";
		argv[n++] = "-r";
		argv[n++] = repo;
		argv[n++] = "--no-cache";
		argv[n++] = "--no-lock";
		argv[n++] = "check";
		if (pct == 100) {
			argv[n++] = "--read-data";
		} else if (pct > 0) {
			snprintf(subset, sizeof(subset), "--read-data-subset=%u%%", (unsigned)pct);
			argv[n++] = subset;
		}
	} else {
		argv[n++] = "borg";
		argv[n++] = "check";
		if (pct == 100)
			argv[n++] = "--verify-data";
		argv[n++] = repo;
	}
	argv[n] = NULL;
	/* it runs beside the listing and the restore: niced, so that the restore (whose speed is reported)
	 * gets the CPU first and the check takes what is left */
	if (backup_tool_run_nice(job, sec, argv, job_timeout_ms(job), SMALL_OUTPUT * 16, NULL, o->cancel, 10, &er,
				 &e) < 0) {
		res->integrity_ok = false;
		res->integrity = xstrdup(e.msg);
		return;
	}
	exec_result_release(&er);
	res->integrity_ok = true;
	if (job->kind == BACKUP_RESTIC)
		res->integrity = pct == 100 ? xstrdup("restic check --read-data: no errors")
				 : pct	    ? xasprintf("restic check --read-data-subset=%u%%: no errors", (unsigned)pct)
					    : xstrdup("restic check: no errors");
	else
		res->integrity = xstrdup(pct == 100 ? "borg check --verify-data: no errors" : "borg check: no errors");
}

/* Where a sampled file was restored, relative to the drill directory. */
static char *restored_rel(int kind, const struct backup_entry *e, size_t idx)
{
	const char *p = e->path;

	if (kind == BACKUP_ARCHIVE || kind == BACKUP_DIRECTORY)
		return xasprintf("%zu", idx);
	while (*p == '/')
		p++;
	return xstrdup(p);
}

/* The live side of a sampled file, hashed while the restore runs. */
enum live_state { LIVE_SAME_TIME, LIVE_CHANGED, LIVE_MISSING, LIVE_UNREADABLE };

struct live_info {
	enum live_state state;
	char sha[65];
};

struct live_job {
	struct root *r;
	const struct sample *smp;
	size_t n;
	time_t snap_time;
	struct live_info *out;
	volatile const sig_atomic_t *cancel;
};

static void hash_live(struct root *r, const char *path, time_t snap_time, struct live_info *li,
		      volatile const sig_atomic_t *cancel)
{
	struct stat st;
	uint64_t n = 0;
	int fd = root_open_regular(r, path, 0, &st, NULL);

	if (fd < 0) {
		li->state = fd == -ENOENT ? LIVE_MISSING : LIVE_UNREADABLE;
		return;
	}
	if (st.st_mtime > snap_time)
		li->state = LIVE_CHANGED;
	else if (backup_sha256_fd(fd, li->sha, &n, cancel) < 0)
		li->state = LIVE_UNREADABLE;
	else
		li->state = LIVE_SAME_TIME;
	close(fd);
}

static void *live_thread(void *arg)
{
	struct live_job *j = arg;
	size_t i;

	for (i = 0; i < j->n && !(j->cancel && *j->cancel); i++)
		hash_live(j->r, j->smp[i].live, j->snap_time, &j->out[i], j->cancel);
	return NULL;
}

static void compare_one(int tmpfd, int kind, const struct backup_entry *e, const struct sample *s,
			const struct live_info *li, struct drill_result *res, struct drill_file *f,
			volatile const sig_atomic_t *cancel)
{
	char *rel = restored_rel(kind, e, s->idx);
	uint64_t n = 0;
	struct stat st;
	int fd;

	f->path = xstrdup(s->live);
	f->size = e->size;
	fd = open_beneath(tmpfd, rel);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		f->state = DF_BAD_RESTORE;
		f->why = xstrdup(_("not restored"));
		goto out;
	}
	if (backup_sha256_fd(fd, f->restored_sha, &n, cancel) < 0) {
		f->state = DF_BAD_RESTORE;
		f->why = xstrdup(_("the restored copy cannot be read"));
		goto out;
	}
	res->bytes_restored += kind == BACKUP_ARCHIVE ? 0 : n;
	if (n != e->size && kind != BACKUP_DIRECTORY) {
		f->state = DF_BAD_RESTORE;
		f->why = xasprintf(_("restored %ju bytes, the backup lists %ju"), (uintmax_t)n, (uintmax_t)e->size);
		goto out;
	}
	switch (li->state) {
	case LIVE_MISSING:
		f->state = DF_NO_LIVE;
		f->why = xstrdup(_("no live file (deleted since the backup)"));
		break;
	case LIVE_UNREADABLE:
		f->state = DF_NO_LIVE;
		f->why = xstrdup(_("the live file is not a readable regular file"));
		break;
	case LIVE_CHANGED:
		f->state = DF_CHANGED;
		break;
	case LIVE_SAME_TIME:
		memcpy(f->live_sha, li->sha, sizeof(f->live_sha));
		f->state = strcmp(f->live_sha, f->restored_sha) == 0 ? DF_SAME : DF_DIFFERENT;
		break;
	}
out:
	if (fd >= 0)
		close(fd);
	free(rel);
}

static int make_tmpdir(const struct drill_opts *o, char **out, struct err *err)
{
	const char *base = o->tmpdir ? o->tmpdir : getenv("TMPDIR");
	char *t;

	if (!base || base[0] != '/')
		base = "/var/tmp";
	t = xasprintf("%s/kyuka-drill.XXXXXX", base);
	if (!mkdtemp(t)) {
		int e = errno;

		free(t);
		return err_set(err, -e, "cannot make a private directory in '%s': %s", base, strerror(e));
	}
	*out = t;
	return 0;
}

/* Runs the restore step for the sample. */
static int restore_sample(struct root *r, const struct config_backup_job *job, const struct backup_secret *sec,
			  const char *repo, int locfd, const char *archive_file, const struct backup_listing *l,
			  const struct sample *smp, size_t n, const char *snap_id, const char *tmp, int tmpfd,
			  const struct drill_opts *o, uint64_t *archive_bytes, struct err *err)
{
	struct exec_result er;
	const char **argv = NULL;
	char **owned = NULL;
	size_t na = 0, no = 0, i;
	int ret = 0;

	(void)r;
	switch (job->kind) {
	case BACKUP_RESTIC:
		argv = xcalloc(st_add(st_mult(n, 2), 12), sizeof(*argv));
		owned = xcalloc(n + 1, sizeof(*owned));
		argv[na++] = "restic";
		argv[na++] = "-r";
		argv[na++] = repo;
		argv[na++] = "--no-cache";
		argv[na++] = "--no-lock";
		argv[na++] = "restore";
		argv[na++] = snap_id;
		argv[na++] = "--target";
		argv[na++] = tmp;
		for (i = 0; i < n; i++) {
			owned[no] = restic_pattern(l->v[smp[i].idx].path);
			argv[na++] = "--include";
			argv[na++] = owned[no++];
		}
		break;
	case BACKUP_BORG: {
		char *spec = xasprintf("%s::%s", repo, snap_id);

		argv = xcalloc(n + 8, sizeof(*argv));
		owned = xcalloc(n + 2, sizeof(*owned));
		owned[no++] = spec;
		argv[na++] = "borg";
		argv[na++] = "extract";
		argv[na++] = "--bypass-lock";
		argv[na++] = spec;
		for (i = 0; i < n; i++) {
			owned[no] = xasprintf("pp:%s", l->v[smp[i].idx].path);
			argv[na++] = owned[no++];
		}
		break;
	}
	case BACKUP_ARCHIVE: {
		size_t *want = xcalloc(n ? n : 1, sizeof(*want));

		for (i = 0; i < n; i++)
			want[i] = smp[i].idx;
		ret = backup_archive_extract(locfd, archive_file, want, n, tmpfd, archive_bytes, o->cancel, err);
		free(want);
		return ret;
	}
	case BACKUP_DIRECTORY: {
		int src = openat(locfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		uint64_t bytes = 0;

		if (src < 0)
			return err_set(err, -errno, "cannot open '%s': %s", job->repository, strerror(errno));
		for (i = 0; i < n && ret == 0; i++) {
			ret = copy_out(src, l->v[smp[i].idx].path, tmpfd, smp[i].idx, &bytes, err);
			if (o->cancel && *o->cancel)
				ret = -ECANCELED;
		}
		close(src);
		return ret;
	}
	}
	argv[na] = NULL;
	ret = backup_tool_run(job, sec, argv, job_timeout_ms(job), SMALL_OUTPUT * 16, job->kind == BACKUP_BORG ? tmp : NULL,
			      o->cancel, &er, err);
	if (ret == 0)
		exec_result_release(&er);
	for (i = 0; i < no; i++)
		free(owned[i]);
	free(owned);
	free(argv);
	return ret;
}

static int list_snapshot(const struct config_backup_job *job, const struct backup_secret *sec, const char *repo,
			 int locfd, const char *snap_id, const char *archive_file, const struct drill_opts *o,
			 struct backup_listing *l, struct err *err)
{
	struct exec_result er;
	int ret;

	if (job->kind == BACKUP_ARCHIVE)
		return backup_archive_list(locfd, archive_file, l, err);
	if (job->kind == BACKUP_DIRECTORY)
		return backup_tree_list(locfd, repo, l, err);
	if (job->kind == BACKUP_RESTIC) {
		const char *argv[] = { "restic", "-r", repo, "--no-cache", "--no-lock", "ls", "--json", snap_id, NULL };

		ret = backup_tool_run(job, sec, argv, job_timeout_ms(job), LIST_MAX_OUTPUT, NULL, o->cancel, &er, err);
		if (ret == 0)
			ret = restic_ls_parse(er.out.buf, er.out.len, l, err);
	} else {
		char *spec = xasprintf("%s::%s", repo, snap_id);
		const char *argv[] = { "borg", "list", "--bypass-lock", "--json-lines", spec, NULL };

		ret = backup_tool_run(job, sec, argv, job_timeout_ms(job), LIST_MAX_OUTPUT, NULL, o->cancel, &er, err);
		free(spec);
		if (ret == 0)
			ret = borg_items_parse(er.out.buf, er.out.len, l, err);
	}
	exec_result_release(&er);
	return ret;
}

/* The repository's own check runs on a thread of its own while the backup is listed and restored:
 * each restic or borg run spends most of a core on its own (key derivation, index), and the check is
 * the longest step, so a drill takes about as long as the check and the restore would together. */
struct integrity_job {
	const struct config_backup_job *job;
	const struct backup_secret *sec;
	const char *repo;
	const struct drill_opts *o;
	struct drill_result *res;
};

static void *integrity_thread(void *arg)
{
	struct integrity_job *ij = arg;

	integrity_tool(ij->job, ij->sec, ij->repo, ij->o, ij->res);
	return NULL;
}

/* Hashes the restored copies and compares them with the live side, on every core; each restored
 * file is removed as soon as it is hashed. */
struct compare_job {
	int tmpfd;
	int kind;
	const struct backup_listing *l;
	const struct sample *smp;
	const struct live_info *live;
	struct drill_file *files;
	size_t n;
	uint64_t *bytes;	/* per file, summed afterwards */
	volatile const sig_atomic_t *cancel;
	size_t next;		/* the next file to take */
	pthread_mutex_t lock;
};

static void *compare_thread(void *arg)
{
	struct compare_job *cj = arg;

	for (;;) {
		struct drill_result one = { 0 };
		size_t i;

		pthread_mutex_lock(&cj->lock);
		i = cj->next < cj->n ? cj->next++ : cj->n;
		pthread_mutex_unlock(&cj->lock);
		if (i == cj->n || (cj->cancel && *cj->cancel))
			return NULL;
		compare_one(cj->tmpfd, cj->kind, &cj->l->v[cj->smp[i].idx], &cj->smp[i], &cj->live[i], &one,
			    &cj->files[i], cj->cancel);
		cj->bytes[i] = one.bytes_restored;
		if (cj->kind != BACKUP_ARCHIVE && cj->kind != BACKUP_DIRECTORY) {
			char *rel = restored_rel(cj->kind, &cj->l->v[cj->smp[i].idx], cj->smp[i].idx);

			unlink_beneath(cj->tmpfd, rel);
			free(rel);
		}
	}
}

static void compare_all(int tmpfd, int kind, const struct backup_listing *l, const struct sample *smp,
			const struct live_info *live, size_t n, struct drill_result *res,
			volatile const sig_atomic_t *cancel)
{
	struct compare_job cj = { tmpfd, kind, l, smp, live, res->files, n, xcalloc(n, sizeof(uint64_t)), cancel, 0,
				  PTHREAD_MUTEX_INITIALIZER };
	unsigned cores = pwc_cores();
	size_t nt = cores < 8 ? cores : 8, started = 0, i;
	pthread_t th[8];

	if (nt > n)
		nt = n;
	for (i = 1; i < nt; i++)
		if (pthread_create(&th[started], NULL, compare_thread, &cj) == 0)
			started++;
	compare_thread(&cj);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < n; i++)
		res->bytes_restored += cj.bytes[i];
	free(cj.bytes);
	pthread_mutex_destroy(&cj.lock);
}

/* restic: the newest snapshot and its listing from one run of "ls --json latest" (one key derivation
 * and index load instead of two); fails when restic does, and the caller asks the long way. */
static int restic_latest(const struct config_backup_job *job, const struct backup_secret *sec, const char *repo,
			 const struct drill_opts *o, struct backup_inventory *inv, struct backup_listing *l)
{
	const char *argv[] = { "restic", "-r", repo, "--no-cache", "--no-lock", "ls", "--json", "latest", NULL };
	struct exec_result er;
	struct err e = { 0 };

	if (backup_tool_run(job, sec, argv, job_timeout_ms(job), LIST_MAX_OUTPUT, NULL, o->cancel, &er, &e) < 0)
		return -1;
	if (restic_ls_parse(er.out.buf, er.out.len, l, &e) < 0 || !l->have_snap) {
		exec_result_release(&er);
		backup_listing_free(l);
		return -1;
	}
	exec_result_release(&er);
	inv->location = xstrdup(repo);
	inv->n_snapshots = 1;
	inv->have_newest = true;
	inv->newest = l->snap.time;
	inv->newest_id = xstrdup(l->snap.id);
	return 0;
}

static void step(const struct drill_opts *o, enum drill_step st, size_t n)
{
	if (o->progress)
		o->progress(o->progress_arg, st, n);
}

int backup_drill(struct root *r, const struct config_backup *cfg, const struct config_backup_job *job,
		 const struct drill_opts *o, struct drill_result *res)
{
	struct backup_inventory inv = { 0 };
	struct backup_listing l = { 0 };
	struct backup_secret sec = { 0 };
	struct sample *smp = NULL;
	struct live_info *live = NULL;
	struct live_job lj;
	struct integrity_job ij;
	pthread_t th, check_th;
	bool have_thread = false, have_check = false;
	char *tmp = NULL, *rootreal = NULL, *repo = NULL;
	uint64_t archive_bytes = 0;
	long long t0;
	struct err e = { 0 };
	size_t n = 0, i;
	int tmpfd = -1, ret = 0;

	memset(res, 0, sizeof(*res));
	res->job = xstrdup(job->name);
	res->kind = job->kind;
	res->started = clock_now();
	rootreal = root_real(r);

	/* 1. the repository's own check (restic, borg), on its own thread while the rest goes on */
	if (job->kind == BACKUP_RESTIC || job->kind == BACKUP_BORG) {
		if (repo_arg(r, job, &repo, &e) < 0 || backup_secret_get(r, job, &sec, &e) < 0) {
			set_error(res, &e);
			goto out;
		}
		ij = (struct integrity_job){ job, &sec, repo, o, res };
		have_check = pthread_create(&check_th, NULL, integrity_thread, &ij) == 0;
		if (!have_check)
			integrity_thread(&ij);
	}
	/* 2. the newest backup and what it holds (restic: both from one "ls latest") */
	step(o, DRILL_STEP_LIST, 0);
	if (job->kind == BACKUP_RESTIC && restic_latest(job, &sec, repo, o, &inv, &l) == 0) {
		res->snapshot_id = xstrdup(inv.newest_id);
		res->snapshot_time = inv.newest;
		goto listed;
	}
	if (backup_inventory(r, job, &inv, &e) < 0) {
		set_error(res, &e);
		goto out;
	}
	if (!inv.have_newest) {
		res->error = xstrdup(_("there is no backup to verify"));
		goto out;
	}
	res->snapshot_id = xstrdup(inv.newest_id);
	res->snapshot_time = inv.newest;
	if (!repo)
		repo = xstrdup(inv.location);
	if (o->cancel && *o->cancel)
		goto cancelled;
	if (list_snapshot(job, &sec, job->kind == BACKUP_ARCHIVE ? NULL : repo, inv.have_fd ? inv.fd : -1,
			  res->snapshot_id, inv.location, o, &l,
			  &e) < 0) {
		if (e.code == -ECANCELED)
			goto cancelled;
		set_error(res, &e);
		goto out;
	}
listed:
	res->n_entries = l.n;
	res->n_files = l.n_files;
	res->total_bytes = l.file_bytes;
	if (job->kind == BACKUP_DIRECTORY && res->integrity == NULL) {
		res->integrity_ok = true;
		res->integrity = xasprintf("copy tree readable: %zu entries", l.n);
	}
	/* 3. the sample, restored into a private directory */
	n = pick_sample(cfg, &l, rootreal, job->kind, o->sample_files ? o->sample_files : job->sample_files,
			o->sample_files ? 0 : (o->sample_percent ? o->sample_percent : job->sample_percent), &smp,
			&res->n_config_sampled);
	if (!n) {
		res->error = xstrdup(_("the backup holds no regular file to restore"));
		goto out;
	}
	if (make_tmpdir(o, &tmp, &e) < 0) {
		set_error(res, &e);
		goto out;
	}
	tmpfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (tmpfd < 0) {
		err_set(&e, -errno, "cannot open '%s': %s", tmp, strerror(errno));
		set_error(res, &e);
		goto out;
	}
	/* the live files are hashed on a thread of their own while the tool restores */
	live = xcalloc(n, sizeof(*live));
	lj = (struct live_job){ r, smp, n, res->snapshot_time, live, o->cancel };
	have_thread = pthread_create(&th, NULL, live_thread, &lj) == 0;
	if (!have_thread)
		live_thread(&lj);
	step(o, DRILL_STEP_RESTORE, n);
	t0 = clock_mono_ms();
	ret = restore_sample(r, job, &sec, repo, inv.have_fd ? inv.fd : -1, inv.location, &l, smp, n, res->snapshot_id, tmp, tmpfd, o,
			     &archive_bytes, &e);
	res->restore_ms = (uint64_t)(clock_mono_ms() - t0);
	if (have_thread)
		pthread_join(th, NULL);
	have_thread = false;
	if (ret == -ECANCELED || (o->cancel && *o->cancel))
		goto cancelled;
	if (ret < 0) {
		if (job->kind == BACKUP_ARCHIVE) {
			/* the archive cannot be read to its end: that is the integrity check failing */
			res->integrity_ok = false;
			free(res->integrity);
			res->integrity = xstrdup(e.msg);
		}
		set_error(res, &e);
	} else if (job->kind == BACKUP_ARCHIVE) {
		res->integrity_ok = true;
		res->integrity = xasprintf("archive read to its end: %zu entries", l.n);
	}
	/* 4. compare with the live files */
	step(o, DRILL_STEP_COMPARE, n);
	res->files = xcalloc(n, sizeof(*res->files));
	res->n_sampled = n;
	compare_all(tmpfd, job->kind, &l, smp, live, n, res, o->cancel);
	if (o->cancel && *o->cancel)
		goto cancelled;
	for (i = 0; i < n; i++) {
		switch (res->files[i].state) {
		case DF_SAME: res->n_same++; break;
		case DF_CHANGED: res->n_changed++; break;
		case DF_NO_LIVE: res->n_no_live++; break;
		case DF_DIFFERENT: res->n_different++; break;
		case DF_BAD_RESTORE: res->n_bad_restore++; break;
		}
	}
	if (job->kind == BACKUP_ARCHIVE)
		res->bytes_restored = archive_bytes;
	if (res->restore_ms == 0)
		res->restore_ms = 1;
	res->throughput = (double)res->bytes_restored * 1000.0 / (double)res->restore_ms;
	if (res->throughput > 0)
		res->est_full_restore_s = (uint64_t)((double)res->total_bytes / res->throughput + 0.5);
	if (job->kind == BACKUP_ARCHIVE && !res->error)
		res->est_full_restore_s = (res->restore_ms + 999) / 1000;	/* the whole archive was read */
	goto out;
cancelled:
	ret = -ECANCELED;
out:
	if (have_check) {
		step(o, DRILL_STEP_CHECK, 0);
		pthread_join(check_th, NULL);
	}
	res->ok = !res->error && res->integrity_ok && res->n_sampled && !res->n_different && !res->n_bad_restore;
	res->finished = clock_now();
	if (tmpfd >= 0)
		close(tmpfd);
	if (tmp) {
		rm_tree(tmp);
		free(tmp);
	}
	for (i = 0; smp && i < n; i++)
		free(smp[i].live);
	free(smp);
	free(live);
	backup_secret_free(&sec);
	backup_listing_free(&l);
	backup_inventory_free(&inv);
	free(repo);
	free(rootreal);
	return ret == -ECANCELED ? ret : 0;
}
