/* The file-integrity walk: no link followed, xattrs and capabilities, SHA-256 or MD5 of regular files. */
#include "collect/fim.h"

#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/lazylib.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define FIM_CHUNK ((size_t)1 << 20)

/* fd: an O_PATH descriptor (read through /proc/self/fd), or one opened for reading (readable). */
static void read_xattrs(int fd, bool readable, char *out, size_t size)
{
	char proc[64], names[4096], val[256];
	ssize_t n, vn;
	size_t used = 0, i;
	char *p;

	out[0] = '\0';
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readable ? flistxattr(fd, names, sizeof(names)) : listxattr(proc, names, sizeof(names));
	if (n <= 0)
		return;
	for (p = names; p < names + n; p += strlen(p) + 1) {
		int w = snprintf(out + used, size - used, "%s%s", used ? "," : "", p);

		if (w < 0 || (size_t)w >= size - used)
			break;
		used += (size_t)w;
		if (strncmp(p, "security.", 9) != 0)
			continue;	/* user.* and trusted.* values may be anything: names only */
		vn = readable ? fgetxattr(fd, p, val, sizeof(val)) : getxattr(proc, p, val, sizeof(val));
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

/*
 * One name of a directory, listed twice when it is a directory: once for the
 * entry itself (key "name") and once for what is below it (key "name/"). In
 * that order (byte order of the keys) the walk meets full paths in byte order
 * (strcmp, SQLite's BINARY): "a", "a-b", "a/x" ('-' < '/' < 'x'), so a
 * reader of the previous snapshot can step through it alongside.
 */
struct dent {
	char *key;		/* the name, with '/' appended for a descent */
	size_t len;		/* of the name */
	bool descend;
	struct dent *entry;	/* a descent's entry (its status, from the entry's visit) */
	bool is_dir;		/* the entry's visit found a directory */
	bool has_descent;	/* an entry listed as a directory */
	dev_t dev;
	ino_t ino;
};

static int cmp_dent(const void *a, const void *b)
{
	return strcmp(((const struct dent *)a)->key, ((const struct dent *)b)->key);
}

static void dents_free(struct dent *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].key);
	free(v);
}

#define FIM_DENTS_BUF ((size_t)64 << 10)	/* getdents64's buffer, one per walk */

/*
 * The names in the directory dfd with their descents, in path order (at most
 * FIM_MAX_DIR_ENTRIES names). readable: dfd was opened for reading (else an
 * O_PATH descriptor, reopened here). Read with getdents64 into buf: no DIR
 * stream (its open, fstat and fcntl per directory).
 */
static int list_names(int dfd, bool readable, char *buf, const char *path, struct dent **out, size_t *n,
		      struct err *err)
{
	struct dent *v = NULL;
	size_t nv = 0, alloc = 0, names = 0;
	ssize_t got = 0, off = 0;
	int fd = readable ? dfd : openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return err_set(err, -errno, "cannot list '%s': %s", path, strerror(errno));
	for (;;) {
		struct dirent64 *de;
		bool dir;
		size_t l;

		if (off >= got) {
			got = getdents64(fd, buf, FIM_DENTS_BUF);
			off = 0;
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0) {
				int e = errno;

				dents_free(v, nv);
				if (!readable)
					close(fd);
				return err_set(err, -e, "cannot list '%s': %s", path, strerror(e));
			}
			if (got == 0)
				break;
		}
		de = (struct dirent64 *)(void *)(buf + off);
		off += de->d_reclen;
		if (!de->d_reclen)
			off = got;	/* never: a record of length 0 */
		dir = de->d_type == DT_DIR;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (names == FIM_MAX_DIR_ENTRIES) {
			dents_free(v, nv);
			if (!readable)
				close(fd);
			return err_set(err, -E2BIG, "'%s' holds more than %zu entries", path, (size_t)FIM_MAX_DIR_ENTRIES);
		}
		if (de->d_type == DT_UNKNOWN) {
			struct stat st;

			dir = fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
		}
		l = strlen(de->d_name);
		ALLOC_GROW(v, nv + 2, alloc);
		memset(&v[nv], 0, sizeof(v[nv]));
		v[nv].key = xstrndup(de->d_name, l);
		v[nv].len = l;
		nv++;
		names++;
		if (dir) {
			memset(&v[nv], 0, sizeof(v[nv]));
			v[nv].key = xmalloc(l + 2);
			memcpy(v[nv].key, de->d_name, l);
			v[nv].key[l] = '/';
			v[nv].key[l + 1] = '\0';
			v[nv].len = l;
			v[nv].descend = true;
			nv++;
		}
	}
	if (!readable)
		close(fd);
	if (nv)
		qsort(v, nv, sizeof(*v), cmp_dent);
	*out = v;
	*n = nv;
	return 0;
}

struct ahead;

struct walker {
	const struct root *r;
	struct ahead *ah;	/* walking ahead on its own thread (fim_walk_ahead): descriptors closed by the caller */
	int (*fn)(void *, struct fim_entry *);
	void *ctx;
	size_t *unreadable;
	struct err *first_err;
	struct fim_entry *e;
	struct strbuf path;
	char *dents;		/* FIM_DENTS_BUF bytes for list_names */
	size_t n_entries;	/* not listed as directories, met walking ahead */
};

static void unread(struct walker *w, const struct err *e2)
{
	(*w->unreadable)++;
	if (w->first_err && !w->first_err->code)
		*w->first_err = *e2;
}

static void close_entry(struct fim_entry *e)
{
	if (e->fd >= 0)
		close(e->fd);
	if (e->rfd >= 0)
		close(e->rfd);
	e->fd = e->rfd = -1;
}

static void put_dir(struct walker *w, int fd);
static int ahead_add(struct ahead *a, struct fim_entry *e, bool stated);

/* Links each descent to its entry: the entry's key is the descent's without the '/' (sorted before it). */
static void link_descents(struct dent *v, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (!v[i].descend)
			continue;
		/* the entry sorts before "name/" and after any "name<c>" with c < '/': look back */
		for (j = i; j-- > 0;) {
			if (!v[j].descend && v[j].len == v[i].len && memcmp(v[j].key, v[i].key, v[i].len) == 0) {
				v[i].entry = &v[j];
				v[j].has_descent = true;
				break;
			}
			if (strncmp(v[j].key, v[i].key, v[i].len) != 0)
				break;	/* past the names that begin with this one */
		}
	}
}

/* The entries of the directory dfd (w->path is its path; readable: opened for reading), in path order. */
static int walk_dir(struct walker *w, int dfd, bool readable, int depth)
{
	struct err e2 = { 0 };
	struct dent *v = NULL;
	size_t n = 0, i, plen = w->path.len;
	int ret = 0;

	if (depth >= FIM_MAX_DEPTH) {
		err_set(&e2, -ELOOP, "'%s' is more than %d directories deep", w->path.buf, FIM_MAX_DEPTH);
		unread(w, &e2);
		return 0;
	}
	if (list_names(dfd, readable, w->dents, w->path.buf, &v, &n, &e2) < 0) {
		unread(w, &e2);
		return 0;
	}
	link_descents(v, n);
	for (i = 0; i < n && !ret; i++) {
		struct fim_entry *e = w->e;
		struct dent *d = &v[i];

		strbuf_setlen(&w->path, plen);
		if (plen == 0 || w->path.buf[plen - 1] != '/')
			strbuf_addch(&w->path, '/');
		strbuf_add(&w->path, d->key, d->len);
		if (d->descend) {
			struct stat st;
			bool rd = true;
			int cfd;

			if (!d->entry || !d->entry->is_dir)
				continue;	/* not a directory when visited (or not visited): reported there */
			/* opened for reading (no effect on a directory), or by path when that is refused */
			cfd = openat(dfd, d->entry->key, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (cfd < 0) {
				rd = false;
				cfd = openat(dfd, d->entry->key, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			}
			if (cfd < 0 || fstat(cfd, &st) < 0 || st.st_ino != d->entry->ino || st.st_dev != d->entry->dev) {
				err_set(&e2, cfd < 0 ? -errno : -ESTALE, "cannot open '%s': %s", w->path.buf,
					cfd < 0 ? strerror(errno) : _("it was replaced during the walk"));
				unread(w, &e2);
			} else {
				ret = walk_dir(w, cfd, rd, depth + 1);
			}
			if (cfd >= 0)
				put_dir(w, cfd);
			continue;
		}
		if (w->ah && !d->has_descent && (w->n_entries++ & 1)) {
			/* walking ahead: every other entry not listed as a directory is stated by the caller */
			e->path = w->path.buf;
			e->dirfd = dfd;
			e->name = d->key;
			ret = ahead_add(w->ah, e, false);
			continue;
		}
		memset(&e->st, 0, sizeof(e->st));
		if (fstatat(dfd, d->key, &e->st, AT_SYMLINK_NOFOLLOW) < 0) {
			err_set(&e2, -errno, "cannot stat '%s': %s", w->path.buf, strerror(errno));
			unread(w, &e2);
			continue;
		}
		d->is_dir = S_ISDIR(e->st.st_mode);
		d->dev = e->st.st_dev;
		d->ino = e->st.st_ino;
		if (d->is_dir && !d->has_descent) {
			/* listed as something else, a directory now: it was replaced between the listing and now */
			err_set(&e2, -ESTALE, "cannot open '%s': %s", w->path.buf, _("it was replaced during the walk"));
			unread(w, &e2);
		}
		e->path = w->path.buf;
		e->dirfd = dfd;
		e->name = d->key;
		e->fd = e->rfd = -1;
		e->link[0] = e->xattrs[0] = '\0';
		ret = w->fn(w->ctx, e);
		close_entry(e);
	}
	strbuf_setlen(&w->path, plen);
	dents_free(v, n);
	return ret;
}

/* The top path, opened inside the root without following it and stated into w->e->st: its descriptor, or -1
 * (a missing path is nothing to walk; any other failure is counted unreadable). */
static int open_top(struct walker *w, const char *path)
{
	struct err e2 = { 0 };
	int fd = root_open_fd(w->r, path, O_PATH, ROOT_NOFOLLOW, &e2);

	if (fd < 0) {
		if (fd != -ENOENT)
			unread(w, &e2);
		return -1;
	}
	if (fstat(fd, &w->e->st) < 0) {
		err_set(&e2, -errno, "cannot stat '%s': %s", path, strerror(errno));
		unread(w, &e2);
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Opens the top path and hands it to w->fn as the walk's first entry. Returns
 * its descriptor (kept open for its directory walk), with fn's result in *ret;
 * -1 when it could not be opened (counted as unread, nothing handed over).
 */
static int visit_top(struct walker *w, const char *path, int *ret)
{
	int fd = open_top(w, path);

	*ret = 0;
	if (fd < 0)
		return -1;
	w->e->path = path;
	w->e->dirfd = -1;
	w->e->name = NULL;
	w->e->fd = fd;
	w->e->rfd = -1;
	*ret = w->fn(w->ctx, w->e);
	if (w->e->rfd >= 0)
		close(w->e->rfd);
	return fd;
}

int fim_walk(const struct root *r, const char *path, int (*fn)(void *ctx, struct fim_entry *e), void *ctx,
	     size_t *unreadable, struct err *first_err)
{
	struct walker w = { .r = r, .fn = fn, .ctx = ctx, .unreadable = unreadable, .first_err = first_err,
			    .path = STRBUF_INIT };
	int fd, ret = 0;

	w.e = xcalloc(1, sizeof(*w.e));
	w.dents = xmalloc(FIM_DENTS_BUF);
	fd = visit_top(&w, path, &ret);
	if (fd < 0)
		goto out;
	strbuf_adds(&w.path, path);
	if (!ret && S_ISDIR(w.e->st.st_mode))
		ret = walk_dir(&w, fd, false, 0);
	close(fd);
out:
	strbuf_release(&w.path);
	free(w.dents);
	free(w.e);
	return ret;
}

/* ------------------------------------------------------------------ the walk ahead */

/*
 * fim_walk_ahead: the walker (listing, fstatat) on a thread of its own, the
 * caller's fn in the caller's thread, in the walk's order. The walker hands
 * over batches of entries (path, status, directory descriptor); at most
 * FIM_AHEAD_BATCHES exist, so memory and descriptors stay bounded. A
 * directory's descriptor is not closed by the walker when it is done with it
 * (entries of it may still wait in a batch): it goes into the batch being
 * filled and the caller closes it after that batch, whose entries are the
 * last that can name it.
 */
#define FIM_AHEAD_ENTRIES 1024	/* entries of a batch */
#define FIM_AHEAD_FDS 64	/* directory descriptors a batch closes */
#define FIM_AHEAD_BATCHES 4	/* batches in existence: filled, waiting, read */

struct ahead_ent {
	struct stat st;
	size_t path, name;	/* offsets in the batch's names */
	int dirfd;
	bool stated;		/* st is the walker's fstatat (else the caller's to do) */
};

struct ahead_batch {
	struct ahead_ent v[FIM_AHEAD_ENTRIES];
	size_t n;
	struct strbuf names;
	int fds[FIM_AHEAD_FDS];
	size_t n_fds;
	struct ahead_batch *next;
};

struct ahead {
	pthread_mutex_t mu;
	pthread_cond_t ready_cv, free_cv;
	struct ahead_batch *ready, *ready_tail, *free_list, *cur;
	size_t made;
	bool done, stop;
	/* the walker's */
	struct walker w;
	int top_fd;
};

/* The walker's batch to fill (waiting while all exist and none is free); NULL once the caller stopped. */
static struct ahead_batch *ahead_cur(struct ahead *a)
{
	struct ahead_batch *b;

	if (a->cur)
		return a->cur;
	pthread_mutex_lock(&a->mu);
	while (!a->free_list && a->made == FIM_AHEAD_BATCHES)
		pthread_cond_wait(&a->free_cv, &a->mu);
	b = a->free_list;
	if (b)
		a->free_list = b->next;
	else
		a->made++;
	pthread_mutex_unlock(&a->mu);
	if (!b) {
		b = xmalloc(sizeof(*b));
		strbuf_init(&b->names, 0);
	}
	b->n = b->n_fds = 0;
	b->next = NULL;
	strbuf_reset(&b->names);
	return a->cur = b;
}

/* Hands the walker's batch to the caller; returns 1 when the caller stopped (the walk ends). */
static int ahead_send(struct ahead *a, bool last)
{
	bool stop;

	pthread_mutex_lock(&a->mu);
	if (a->cur) {
		if (a->ready_tail)
			a->ready_tail->next = a->cur;
		else
			a->ready = a->cur;
		a->ready_tail = a->cur;
		a->cur = NULL;
	}
	if (last)
		a->done = true;
	stop = a->stop;
	pthread_cond_signal(&a->ready_cv);
	pthread_mutex_unlock(&a->mu);
	return stop;
}

/* The entry copied into the batch (with its status when stated). */
static int ahead_add(struct ahead *a, struct fim_entry *e, bool stated)
{
	struct ahead_batch *b = ahead_cur(a);
	struct ahead_ent *x = &b->v[b->n++];

	if (stated)
		x->st = e->st;
	x->stated = stated;
	x->dirfd = e->dirfd;
	x->path = b->names.len;
	strbuf_add(&b->names, e->path, strlen(e->path) + 1);
	x->name = b->names.len;
	strbuf_add(&b->names, e->name, strlen(e->name) + 1);
	return b->n == FIM_AHEAD_ENTRIES ? ahead_send(a, false) : 0;
}

/* The walker's fn: an entry it stated. */
static int ahead_push(void *ctx, struct fim_entry *e)
{
	return ahead_add(ctx, e, true);
}

/* A directory the walker is done with: closed now (a plain walk), or by the caller after the batch being filled. */
static void put_dir(struct walker *w, int fd)
{
	struct ahead_batch *b;

	if (!w->ah) {
		close(fd);
		return;
	}
	b = ahead_cur(w->ah);
	b->fds[b->n_fds++] = fd;
	if (b->n_fds == FIM_AHEAD_FDS)
		ahead_send(w->ah, false);
}

static void *ahead_main(void *arg)
{
	struct ahead *a = arg;

	walk_dir(&a->w, a->top_fd, false, 0);
	ahead_send(a, true);
	return NULL;
}

/* The caller's side: each batch's entries to fn (until it returns non-zero), then its descriptors closed. */
static int ahead_consume(struct ahead *a, struct walker *w, int (*fn)(void *, struct fim_entry *), void *ctx)
{
	struct fim_entry *e = w->e;
	struct err e2 = { 0 };
	int ret = 0;

	for (;;) {
		struct ahead_batch *b;
		size_t i;

		pthread_mutex_lock(&a->mu);
		while (!a->ready && !a->done)
			pthread_cond_wait(&a->ready_cv, &a->mu);
		b = a->ready;
		if (b && !(a->ready = b->next))
			a->ready_tail = NULL;
		pthread_mutex_unlock(&a->mu);
		if (!b)
			return ret;
		for (i = 0; i < b->n && !ret; i++) {
			const struct ahead_ent *x = &b->v[i];

			e->path = b->names.buf + x->path;
			e->name = b->names.buf + x->name;
			if (x->stated) {
				e->st = x->st;
			} else {
				/* as walk_dir does: this one is the caller's to state (the two threads share the work) */
				memset(&e->st, 0, sizeof(e->st));
				if (fstatat(x->dirfd, e->name, &e->st, AT_SYMLINK_NOFOLLOW) < 0) {
					err_set(&e2, -errno, "cannot stat '%s': %s", e->path, strerror(errno));
					unread(w, &e2);
					continue;
				}
				if (S_ISDIR(e->st.st_mode)) {
					err_set(&e2, -ESTALE, "cannot open '%s': %s", e->path, _("it was replaced during the walk"));
					unread(w, &e2);
				}
			}
			e->dirfd = x->dirfd;
			e->fd = e->rfd = -1;
			e->link[0] = e->xattrs[0] = '\0';
			ret = fn(ctx, e);
			close_entry(e);
		}
		for (i = 0; i < b->n_fds; i++)
			close(b->fds[i]);
		pthread_mutex_lock(&a->mu);
		if (ret)
			a->stop = true;
		b->next = a->free_list;
		a->free_list = b;
		pthread_cond_signal(&a->free_cv);
		pthread_mutex_unlock(&a->mu);
	}
}

int fim_walk_ahead(const struct root *r, const char *path, int (*fn)(void *ctx, struct fim_entry *e), void *ctx,
		   size_t *unreadable, struct err *first_err)
{
	struct walker w = { .r = r, .fn = fn, .ctx = ctx, .unreadable = unreadable, .first_err = first_err,
			    .path = STRBUF_INIT };
	struct ahead *a;
	size_t walk_unread = 0;
	struct err walk_err = { 0 };
	pthread_t tid;
	int fd, ret = 0;

	w.e = xcalloc(1, sizeof(*w.e));
	fd = visit_top(&w, path, &ret);
	if (fd < 0)
		goto out;
	w.e->fd = w.e->rfd = -1;
	if (ret || !S_ISDIR(w.e->st.st_mode)) {
		close(fd);
		goto out;
	}
	a = xcalloc(1, sizeof(*a));
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->ready_cv, NULL);
	pthread_cond_init(&a->free_cv, NULL);
	/* the walker's own counters and buffers, added to the caller's once it ended */
	a->w = (struct walker){ .r = r, .ah = a, .fn = ahead_push, .ctx = a, .unreadable = &walk_unread,
				.first_err = &walk_err, .path = STRBUF_INIT };
	a->w.e = xcalloc(1, sizeof(*a->w.e));
	a->w.dents = xmalloc(FIM_DENTS_BUF);
	strbuf_adds(&a->w.path, path);
	a->top_fd = fd;
	if (pthread_create(&tid, NULL, ahead_main, a) != 0) {
		/* no second thread: the same walk on this one */
		w.dents = xmalloc(FIM_DENTS_BUF);
		strbuf_adds(&w.path, path);
		ret = walk_dir(&w, fd, false, 0);
	} else {
		/* once fn stopped it, the walker ends at its next batch: what it still sends is only closed */
		ret = ahead_consume(a, &w, fn, ctx);
		pthread_join(tid, NULL);
		*unreadable += walk_unread;
		if (walk_err.code && first_err && !first_err->code)
			*first_err = walk_err;
	}
	close(fd);
	while (a->free_list) {
		struct ahead_batch *b = a->free_list;

		a->free_list = b->next;
		strbuf_release(&b->names);
		free(b);
	}
	strbuf_release(&a->w.path);
	free(a->w.dents);
	free(a->w.e);
	pthread_cond_destroy(&a->ready_cv);
	pthread_cond_destroy(&a->free_cv);
	pthread_mutex_destroy(&a->mu);
	free(a);
out:
	strbuf_release(&w.path);
	free(w.dents);
	free(w.e);
	return ret;
}

/* The entry's O_PATH descriptor, opened by name in its directory (never through a link). */
static int entry_fd(struct fim_entry *e, struct err *err)
{
	struct stat st;

	if (e->fd >= 0)
		return e->fd;
	e->fd = openat(e->dirfd, e->name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (e->fd < 0)
		return err_set(err, -errno, "cannot open '%s': %s", e->path, strerror(errno));
	if (fstat(e->fd, &st) < 0 || st.st_ino != e->st.st_ino || st.st_dev != e->st.st_dev) {
		close(e->fd);
		e->fd = -1;
		return err_set(err, -ESTALE, "cannot open '%s': it was replaced during the walk", e->path);
	}
	return e->fd;
}

static int open_for_hash(struct fim_entry *e, struct err *err);

int fim_detail(struct fim_entry *e, struct err *err)
{
	int fd = entry_fd(e, err);

	if (fd < 0)
		return fd;
	e->link[0] = e->xattrs[0] = '\0';
	if (S_ISLNK(e->st.st_mode)) {
		ssize_t k = readlinkat(fd, "", e->link, sizeof(e->link) - 1);

		e->link[k > 0 ? k : 0] = '\0';
	} else if (S_ISREG(e->st.st_mode) && e->rfd < 0 && (e->rfd = open_for_hash(e, NULL)) >= 0) {
		/* the file opened for its digest now: its attributes through that descriptor, no lookup in /proc */
		read_xattrs(e->rfd, true, e->xattrs, sizeof(e->xattrs));
	} else {
		read_xattrs(fd, false, e->xattrs, sizeof(e->xattrs));
	}
	return 0;
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

/*
 * The regular file of e opened for reading: the file the walk resolved in the
 * root, never a new lookup. The descriptor fim_detail opened is handed over.
 */
static int open_for_hash(struct fim_entry *e, struct err *err)
{
	char proc[64];
	int pfd, fd;

	if (e->rfd >= 0) {
		fd = e->rfd;
		e->rfd = -1;
		return fd;
	}
	if (!S_ISREG(e->st.st_mode))
		return err_set(err, -EINVAL, "'%s' is not a regular file", e->path);
	if ((pfd = entry_fd(e, err)) < 0)
		return pfd;
	/* the entry's own O_PATH descriptor (no open of whatever a race put there: a device opened has effects), reopened */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = open(proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return err_set(err, -errno, "cannot open '%s': %s", e->path, strerror(errno));
	return fd;
}

int fim_hash(struct fim_entry *e, enum fim_digest d, char hex[65], unsigned long long *bytes, struct err *err)
{
	int fd = open_for_hash(e, err), ret;

	if (fd < 0)
		return fd;
	ret = hash_fd(fd, d, hex, bytes, e->path, err);
	close(fd);
	return ret;
}

/* ------------------------------------------------------------------ the pool */

struct pool_job {
	struct fim_result res;
	int fd;
	char *path;
	struct pool_job *next;
};

struct fim_pool {
	pthread_mutex_t mu;
	pthread_cond_t work, done_cv;
	pthread_t *tid;
	unsigned n_threads, started;
	enum fim_digest d;
	fim_done_fn done;
	void *ctx;
	struct pool_job *todo, *todo_tail, *finished;
	size_t in_flight, depth;
	bool stop;
};

static void *pool_worker(void *arg)
{
	struct fim_pool *p = arg;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct pool_job *j;

		while (!p->todo && !p->stop)
			pthread_cond_wait(&p->work, &p->mu);
		if (!p->todo)
			break;
		j = p->todo;
		p->todo = j->next;
		if (!p->todo)
			p->todo_tail = NULL;
		pthread_mutex_unlock(&p->mu);
		if (j->fd >= 0) {
			j->res.rc = hash_fd(j->fd, p->d, j->res.hex, &j->res.bytes, j->path, &j->res.err);
			close(j->fd);
			j->fd = -1;
		}
		pthread_mutex_lock(&p->mu);
		j->next = p->finished;
		p->finished = j;
		pthread_cond_signal(&p->done_cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int fim_pool_new(unsigned threads, enum fim_digest d, fim_done_fn done, void *ctx, struct fim_pool **out,
		 struct err *err)
{
	struct fim_pool *p;
	unsigned i;
	int rc;

	*out = NULL;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n > 0 ? (unsigned)n : 1;
	}
	if (threads > FIM_POOL_MAX_THREADS)
		threads = FIM_POOL_MAX_THREADS;
	if (!kcrypto_load(err))
		return -ENOSYS;
	p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done_cv, NULL);
	p->d = d;
	p->done = done;
	p->ctx = ctx;
	p->n_threads = threads;
	p->depth = (size_t)threads * FIM_POOL_DEPTH_PER_THREAD;
	p->tid = xcalloc(threads, sizeof(*p->tid));
	for (i = 0; i < threads; i++) {
		if ((rc = pthread_create(&p->tid[i], NULL, pool_worker, p)) != 0) {
			if (!p->started) {
				free(p->tid);
				free(p);
				return err_set(err, -rc, "cannot start a hashing thread: %s", strerror(rc));
			}
			break;	/* fewer threads than asked: they still do the work */
		}
		p->started++;
	}
	*out = p;
	return 0;
}

unsigned fim_pool_threads(const struct fim_pool *p)
{
	return p->started;
}

/* Hands the finished jobs to done() (unlocked); the first non-zero return is kept. */
static int pool_reap(struct fim_pool *p, struct pool_job *list)
{
	int ret = 0;

	while (list) {
		struct pool_job *j = list;
		int r;

		list = j->next;
		r = p->done(p->ctx, &j->res);
		if (r && !ret)
			ret = r;
		free(j->path);
		free(j);
	}
	return ret;
}

/* Waits until fewer than `below` jobs are in flight (0: none), handing finished ones back. */
static int pool_wait(struct fim_pool *p, size_t below)
{
	int ret = 0, r;

	for (;;) {
		struct pool_job *list;
		size_t n = 0;

		pthread_mutex_lock(&p->mu);
		while (!p->finished && p->in_flight >= (below ? below : 1))
			pthread_cond_wait(&p->done_cv, &p->mu);
		list = p->finished;
		p->finished = NULL;
		for (struct pool_job *j = list; j; j = j->next)
			n++;
		p->in_flight -= n;
		pthread_mutex_unlock(&p->mu);
		r = pool_reap(p, list);
		if (r && !ret)
			ret = r;
		if (below ? p->in_flight < below : p->in_flight == 0)
			return ret;
	}
}

int fim_pool_submit(struct fim_pool *p, struct fim_entry *e, void *tag)
{
	struct pool_job *j = xcalloc(1, sizeof(*j));
	int ret;

	j->res.tag = tag;
	j->fd = open_for_hash(e, &j->res.err);
	if (j->fd < 0) {
		j->res.rc = j->fd;
		j->res.hex[0] = '\0';
		ret = p->done(p->ctx, &j->res);
		free(j);
		return ret;
	}
	j->path = xstrdup(e->path);
	pthread_mutex_lock(&p->mu);
	if (p->todo_tail)
		p->todo_tail->next = j;
	else
		p->todo = j;
	p->todo_tail = j;
	p->in_flight++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
	/* hand back what is done; block only when the queue is full */
	return pool_wait(p, p->depth);
}

int fim_pool_finish(struct fim_pool *p)
{
	return p->in_flight ? pool_wait(p, 0) : 0;
}

void fim_pool_free(struct fim_pool *p)
{
	unsigned i;

	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	/* abandoned jobs not yet started: cancelled */
	while (p->todo) {
		struct pool_job *j = p->todo;

		p->todo = j->next;
		close(j->fd);
		j->fd = -1;
		j->res.rc = err_set(&j->res.err, -ECANCELED, "'%s' was not hashed: the snapshot stopped", j->path);
		j->next = p->finished;
		p->finished = j;
	}
	p->todo_tail = NULL;
	p->stop = true;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->started; i++)
		pthread_join(p->tid[i], NULL);
	pool_reap(p, p->finished);
	p->finished = NULL;
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done_cv);
	pthread_mutex_destroy(&p->mu);
	free(p->tid);
	free(p);
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
