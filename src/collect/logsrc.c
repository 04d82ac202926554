/* Log sources: /var/log text files with rotations, gzip through zlib, the journal through sd-journal. */
#include "collect/logsrc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <systemd/sd-journal.h>
#include <zlib.h>

#include "util/fileio.h"
#include "util/lazylib.h"
#include "util/num.h"
#include "util/swar.h"
#include "util/xalloc.h"

#define READ_CHUNK ((size_t)128 << 10)	/* small enough to stay in cache while it is parsed */

/* ------------------------------------------------------------------ finding files */

/*
 * maillog: Red Hat's syslog keeps mail out of messages (mail.none). Debian's mail.log is not
 * read: its lines are in syslog as well, and would count twice.
 */
static const char *const families[] = { "auth.log", "secure", "syslog", "messages", "kern.log", "ufw.log",
					"maillog" };

/* Is name "openvpn*.log"? */
static bool openvpn_log(const char *name, size_t len)
{
	return len >= 11 && strncmp(name, "openvpn", 7) == 0 && strncmp(name + len - 4, ".log", 4) == 0;
}

/*
 * Splits a directory entry into its family and rotation: "auth.log" (0),
 * "auth.log.3" (3), "auth.log.3.gz" (3, gz), "auth.log-20261231[.gz]" (-1).
 * Returns the length of the family name, or 0 when not a log we read.
 */
static size_t classify(const char *name, int *rot, bool *gz)
{
	size_t len = strlen(name), base = len, i;
	uint64_t n;

	*gz = false;
	*rot = 0;
	if (len > 3 && strcmp(name + len - 3, ".gz") == 0) {
		*gz = true;
		base = len - 3;
	}
	/* ".N" */
	for (i = base; i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9'; i--)
		;
	if (i < base && i > 1 && name[i - 1] == '.' && parse_u64(name + i, base - i, LOGSRC_MAX_ROTATION, &n) == 0 &&
	    n > 0) {
		*rot = (int)n;
		base = i - 1;
	} else if (base > 9 && name[base - 9] == '-' && i == base - 8) {
		*rot = -1; /* dateext: "-YYYYMMDD" */
		base -= 9;
	} else if (*gz) {
		return 0; /* "auth.log.gz" without a number: not a rotation scheme we know */
	}
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strlen(families[i]) == base && strncmp(name, families[i], base) == 0)
			return base;
	if (openvpn_log(name, base))
		return base;
	return 0;
}

static int cmp_file(const void *a, const void *b)
{
	const struct logsrc_file *x = a, *y = b;
	int c = strcmp(x->family, y->family);

	if (c)
		return c;
	/* oldest first: dated rotations by name, then .N descending, then the current file */
	if (x->rotation == -1 && y->rotation == -1)
		return strcmp(x->path, y->path);
	if (x->rotation == -1 || y->rotation == -1)
		return x->rotation == -1 ? -1 : 1;
	if (x->rotation != y->rotation)
		return x->rotation == 0 ? 1 : y->rotation == 0 ? -1 : (x->rotation > y->rotation ? -1 : 1);
	return x->gz ? -1 : 1;
}

static void add_missing(struct logsrc_files *fs, const char *family, int rot)
{
	if (fs->n_missing >= LOGSRC_MAX_FILES)
		return;
	fs->missing = xrealloc(fs->missing, st_mult(fs->n_missing + 1, sizeof(*fs->missing)));
	fs->missing[fs->n_missing++] = xasprintf("%s.%d", family, rot);
}

/* Notes a log's name on something that is not a regular file: what it is, and where a link leads (never opened). */
static void add_odd(const struct root *r, struct logsrc_files *fs, const char *path, const struct stat *st)
{
	struct logsrc_odd o = { .type = st->st_mode & S_IFMT };

	if (fs->n_odd >= LOGSRC_MAX_FILES)
		return;
	if (S_ISLNK(st->st_mode)) {
		char buf[4096];
		struct stat t;
		ssize_t n;
		int fd = root_open_fd(r, path, O_PATH | O_NOFOLLOW, ROOT_NOFOLLOW, NULL);

		if (fd >= 0) {
			n = readlinkat(fd, "", buf, sizeof(buf) - 1);
			close(fd);
			if (n >= 0) {
				buf[n] = '\0';
				o.target = xstrdup(buf);
			}
		}
		/* resolved inside the root; O_PATH: a FIFO or device is not opened */
		if (root_stat(r, path, 0, &t, NULL) == 0)
			o.target_type = t.st_mode & S_IFMT;
	}
	o.path = xstrdup(path);
	fs->odd = xrealloc(fs->odd, st_mult(fs->n_odd + 1, sizeof(*fs->odd)));
	fs->odd[fs->n_odd++] = o;
}

static int scan_dir(const struct root *r, const char *dir, struct logsrc_files *fs, size_t *alloc, struct err *err)
{
	char **names = NULL;
	size_t n = 0, i;
	int ret;

	ret = root_list_dir(r, dir, 100000, 0, &names, &n, err);
	if (ret == -ENOENT || ret == -ENOTDIR) {
		err_clear(err);
		return 0;
	}
	if (ret < 0)
		return ret;
	for (i = 0; i < n; i++) {
		struct logsrc_file f = { 0 };
		size_t flen = classify(names[i], &f.rotation, &f.gz);

		if (!flen)
			continue;
		if (fs->n >= LOGSRC_MAX_FILES) {
			fs->truncated = true;
			break;
		}
		f.path = xasprintf("%s/%s", dir, names[i]);
		if (root_stat(r, f.path, ROOT_NOFOLLOW, &f.st, NULL) < 0 || !S_ISREG(f.st.st_mode)) {
			if (f.st.st_mode)
				add_odd(r, fs, f.path, &f.st);
			free(f.path);
			continue; /* links and non-files are not logs we read */
		}
		f.family = xasprintf("%s/%.*s", dir, (int)flen, names[i]);
		ALLOC_GROW(fs->v, fs->n + 1, *alloc);
		fs->v[fs->n++] = f;
	}
	strv_free(names, n);
	return 0;
}

/* Numbered rotations must run 1..max without a hole (a file removed by hand is a hole). */
static void find_holes(struct logsrc_files *fs)
{
	size_t i = 0;

	while (i < fs->n) {
		size_t j = i;
		int max = 0, r;
		bool *have;

		while (j < fs->n && strcmp(fs->v[j].family, fs->v[i].family) == 0) {
			if (fs->v[j].rotation > max)
				max = fs->v[j].rotation;
			j++;
		}
		have = xcalloc((size_t)max + 1, sizeof(*have));
		for (size_t k = i; k < j; k++)
			if (fs->v[k].rotation > 0)
				have[fs->v[k].rotation] = true;
		for (r = 1; r < max; r++)
			if (!have[r])
				add_missing(fs, fs->v[i].family, r);
		free(have);
		i = j;
	}
}

int logsrc_find(const struct root *r, struct logsrc_files *out, struct err *err)
{
	struct logsrc_files fs = { 0 };
	size_t alloc = 0;
	int ret;

	ret = scan_dir(r, "/var/log", &fs, &alloc, err);
	if (ret == 0)
		ret = scan_dir(r, "/var/log/openvpn", &fs, &alloc, err);
	if (ret < 0) {
		logsrc_files_free(&fs);
		return ret;
	}
	if (fs.n)
		qsort(fs.v, fs.n, sizeof(*fs.v), cmp_file);
	find_holes(&fs);
	*out = fs;
	return 0;
}

int logsrc_stat_file(const struct root *r, const char *path, struct logsrc_file *out, struct err *err)
{
	struct logsrc_file f = { 0 };
	unsigned char magic[2];
	int fd, ret;

	/* a link is not followed, named or found: whoever can write beside it would choose what root reads */
	ret = root_stat(r, path, ROOT_NOFOLLOW, &f.st, err);
	if (ret < 0)
		return ret;
	if (S_ISLNK(f.st.st_mode))
		return err_set(err, -ELOOP, "refusing to follow a symbolic link at '%s': name the file it points to", path);
	if (!S_ISREG(f.st.st_mode))
		return err_set(err, -EINVAL, "'%s' is not a regular file", path);
	fd = root_open_fd(r, path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW, ROOT_NOFOLLOW, err);
	if (fd < 0)
		return fd;
	f.gz = pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
	close(fd);
	f.path = xstrdup(path);
	f.family = xstrdup(path);
	*out = f;
	return 0;
}

void logsrc_file_free(struct logsrc_file *f)
{
	free(f->path);
	free(f->family);
	memset(f, 0, sizeof(*f));
}

void logsrc_files_free(struct logsrc_files *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		logsrc_file_free(&fs->v[i]);
	free(fs->v);
	strv_free(fs->missing, fs->n_missing);
	for (i = 0; i < fs->n_odd; i++) {
		free(fs->odd[i].path);
		free(fs->odd[i].target);
	}
	free(fs->odd);
	memset(fs, 0, sizeof(*fs));
}

/* ------------------------------------------------------------------ reading lines */

struct splitter {
	char *carry;		/* a partial line, at most LOGSRC_MAX_LINE bytes */
	size_t n_carry;
	bool skipping;		/* past the cap: dropping bytes up to the next line break */
	logsrc_piece_fn fn;
	void *arg;
	/* pieces not handed over yet: they point into the mapped window, the read buffer or carry */
	struct logsrc_piece batch[4];
	size_t n_batch;
	bool handed;		/* some were: the reader ends with a call of none */
	uint64_t calls;		/* of fn with pieces */
};

static int flush(struct splitter *s)
{
	int ret = 0;

	if (s->n_batch) {
		ret = s->fn(s->arg, s->batch, s->n_batch);
		s->handed = true;
		s->calls++;
	}
	s->n_batch = 0;
	return ret;
}

/* The call of no pieces: what was handed over goes away after it (see logsrc_piece_fn). */
static void drain(struct splitter *s)
{
	if (s->handed)
		s->fn(s->arg, NULL, 0);
	s->handed = false;
}

static int add_piece(struct splitter *s, const char *p, size_t len, bool run, bool cut)
{
	struct logsrc_piece *pc;

	if (s->n_batch == sizeof(s->batch) / sizeof(s->batch[0])) {
		int ret = flush(s);
		if (ret)
			return ret;
	}
	pc = &s->batch[s->n_batch++];
	pc->p = p;
	pc->len = len;
	pc->run = run;
	pc->cut = cut;
	return 0;
}

/* Before carry is written to: no piece may point into it then. */
static int start_carry(struct splitter *s)
{
	return s->n_carry ? 0 : flush(s);
}

/* Bytes up to the first line break: the end of a line begun in an earlier buffer, or one that is too long. */
static int feed_partial(struct splitter *s, const char *p, size_t seg, bool nl)
{
	int ret;

	if (s->skipping)
		return 0; /* the line was already handed over cut: drop its tail */
	if ((ret = start_carry(s)) != 0)
		return ret;
	if (s->n_carry + seg > LOGSRC_MAX_LINE) {
		memcpy(s->carry + s->n_carry, p, LOGSRC_MAX_LINE - s->n_carry);
		s->n_carry = 0;
		s->skipping = true;
		return add_piece(s, s->carry, LOGSRC_MAX_LINE, false, true);
	}
	memcpy(s->carry + s->n_carry, p, seg);
	s->n_carry += seg;
	if (!nl)
		return 0;
	seg = s->n_carry;
	s->n_carry = 0;
	return add_piece(s, s->carry, seg, false, false);
}

/*
 * The end of a buffer: its pieces go out now. When it gave none (all of it
 * went to carry, or was dropped after a cut line), no call tells that the
 * pieces of the buffer before are done with, and that buffer is about to be
 * unmapped or read into: ask for them to be finished first.
 */
static int end_feed(struct splitter *s, uint64_t calls)
{
	int ret = flush(s);

	if (ret == 0 && s->calls == calls)
		drain(s);
	return ret;
}

/*
 * The whole lines of a buffer go out as one run, without looking at each
 * line here: the line breaks inside it are found by whoever parses the run
 * (on several threads). Only a line that began in the buffer before, and
 * the unfinished one at the end, pass through carry.
 */
static int feed(struct splitter *s, const char *p, size_t len)
{
	uint64_t calls = s->calls;
	const char *nl, *last;
	int ret;

	if (s->n_carry || s->skipping) {
		nl = memchr(p, '\n', len);
		if ((ret = feed_partial(s, p, nl ? (size_t)(nl - p) : len, nl != NULL)) != 0)
			return ret;
		if (!nl)
			return end_feed(s, calls);
		s->skipping = false;
		len -= (size_t)(nl - p) + 1;
		p = nl + 1;
	}
	last = len ? memrchr(p, '\n', len) : NULL;
	if (last) {
		if ((ret = add_piece(s, p, (size_t)(last - p) + 1, true, false)) != 0)
			return ret;
		len -= (size_t)(last - p) + 1;
		p = last + 1;
	}
	if (len && (ret = feed_partial(s, p, len, false)) != 0)
		return ret;
	return end_feed(s, calls);
}

static int finish(struct splitter *s)
{
	int ret = 0;

	if (s->n_carry && !s->skipping)
		ret = add_piece(s, s->carry, s->n_carry, false, false);
	return ret ? ret : flush(s);
}

/*
 * The first line break in [p, end), or NULL: sixty-four bytes a step with
 * no call while sixty-four remain (a log line is about a hundred bytes,
 * and glibc's memchr spends on setting out about what it spends looking),
 * then memchr for the end of the run.
 */
static inline const char *find_line_break(const char *p, const char *end)
{
#if SWAR_SSE2
	while (end - p >= 64) {
		__m128i a = swar_eq16(swar_load16(p), '\n'), b = swar_eq16(swar_load16(p + 16), '\n');
		__m128i c = swar_eq16(swar_load16(p + 32), '\n'), d = swar_eq16(swar_load16(p + 48), '\n');
		uint64_t m = (uint64_t)(unsigned)_mm_movemask_epi8(a) | (uint64_t)(unsigned)_mm_movemask_epi8(b) << 16 |
			     (uint64_t)(unsigned)_mm_movemask_epi8(c) << 32 | (uint64_t)(unsigned)_mm_movemask_epi8(d) << 48;

		if (m)
			return p + __builtin_ctzll(m);
		p += 64;
	}
#endif
	return memchr(p, '\n', (size_t)(end - p));
}

bool logsrc_next_line(const char **cur, const char *end, struct logsrc_piece *line)
{
	const char *p = *cur, *nl;
	size_t len;

	if (p >= end)
		return false;
	nl = find_line_break(p, end);
	len = nl ? (size_t)(nl - p) : (size_t)(end - p);
	*cur = nl ? nl + 1 : end;
	line->p = p;
	line->run = false;
	line->cut = len > LOGSRC_MAX_LINE;
	if (line->cut)
		len = LOGSRC_MAX_LINE;
	line->len = len;
	return true;
}

/*
 * Plain files are mapped a window at a time rather than read: no copy out of
 * the page cache (a quarter of the time on a large log). A file that shrinks
 * while mapped (copytruncate, or someone cutting it) would raise SIGBUS on
 * the pages past its new end; the handler maps a page of zeros there instead,
 * so the read goes on over NUL bytes and the shrink is reported.
 */
#define MAP_WINDOW ((size_t)4 << 20)

static long page_size;
static volatile sig_atomic_t sigbus_seen;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	uintptr_t page = (uintptr_t)si->si_addr & ~((uintptr_t)page_size - 1);

	(void)uc;
	/* mmap is a plain system call: safe here. Anything else is not ours: die as we would have. */
	if (si->si_code != BUS_ADRERR || !page ||
	    mmap((void *)page, (size_t)page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	sigbus_seen = 1;
}

/*
 * Returns 0 (the file read to its end, finished and drained), the callback's
 * value, 1 when mapping is not possible (read instead), or a negative errno.
 */
static int read_mapped(int fd, off_t size, struct splitter *s)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO }, old;
	void *prev = NULL;
	size_t prev_len = 0;
	off_t off;
	int ret = 0;

	if (!page_size)
		page_size = sysconf(_SC_PAGESIZE);
	if (page_size <= 0 || MAP_WINDOW % (size_t)page_size)
		return 1;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &old) < 0)
		return 1;
	sigbus_seen = 0;
	for (off = 0; off < size && ret == 0; off += (off_t)MAP_WINDOW) {
		size_t len = (size_t)(size - off) < MAP_WINDOW ? (size_t)(size - off) : MAP_WINDOW;
		void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, off);

		if (p == MAP_FAILED) {
			ret = off ? -errno : 1;
			break;
		}
		/*
		 * Read ahead on faults, larger than by default. Not MADV_WILLNEED as
		 * well: on a file in the page cache (the usual case) it walks the
		 * window's pages for nothing, 3 % of the time of a run.
		 */
		madvise(p, len, MADV_SEQUENTIAL);
		ret = feed(s, p, len);
		/* the window before is done with now; this one may still be read until the next call returns */
		if (prev)
			munmap(prev, prev_len);
		prev = p;
		prev_len = len;
	}
	drain(s);	/* every window read to its end, by every thread: now sigbus_seen is final */
	if (ret == 0 && !sigbus_seen) {
		ret = finish(s);
		drain(s);
	}
	if (prev)
		munmap(prev, prev_len);
	sigaction(SIGBUS, &old, NULL);
	if (ret == 0 && sigbus_seen)
		ret = -ESTALE;
	return ret;
}

struct line_adapter {
	logsrc_line_fn fn;
	void *arg;
	uint64_t lineno;
};

static int each_line(struct line_adapter *a, const struct logsrc_piece *l)
{
	size_t len = l->len;

	if (len && l->p[len - 1] == '\r')
		len--;
	return a->fn(a->arg, l->p, len, l->cut, ++a->lineno);
}

static int each_piece(void *arg, const struct logsrc_piece *pieces, size_t n)
{
	struct line_adapter *a = arg;
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		const char *cur = pieces[i].p, *end = pieces[i].p + pieces[i].len;
		struct logsrc_piece l;

		if (!pieces[i].run) {
			if ((ret = each_line(a, &pieces[i])) != 0)
				return ret;
			continue;
		}
		while (logsrc_next_line(&cur, end, &l))
			if ((ret = each_line(a, &l)) != 0)
				return ret;
	}
	return 0;
}

int logsrc_read(const struct root *r, const struct logsrc_file *f, logsrc_line_fn fn, void *arg, struct err *err)
{
	struct line_adapter a = { fn, arg, 0 };

	return logsrc_read_pieces(r, f, each_piece, &a, err);
}

int logsrc_read_pieces(const struct root *r, const struct logsrc_file *f, logsrc_piece_fn fn, void *arg,
		       struct err *err)
{
	struct splitter s = { .fn = fn, .arg = arg };
	char *buf = NULL;
	gzFile gz = NULL;
	struct stat st;
	int fd, ret = 0, turn = 0;

	/* not followed here either: the file found may have been replaced by a link since (the scan refused links) */
	fd = root_open_fd(r, f->path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW, ROOT_NOFOLLOW, err);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, -EINVAL, "'%s' is not a regular file", f->path);
	}
	s.carry = xmalloc(LOGSRC_MAX_LINE);
	if (!f->gz && st.st_size > 0) {
		ret = read_mapped(fd, st.st_size, &s);
		if (ret == -ESTALE) {
			ret = err_set(err, -ESTALE, "'%s' shrank while it was read", f->path);
			goto out;
		}
		if (ret < 0) {
			ret = err_set(err, ret, "cannot read '%s': %s", f->path, strerror(-ret));
			goto out;
		}
		if (ret == 0)
			goto out;
		ret = 0; /* mapping is not possible here: read */
	}
	/* two buffers in turn: what was handed over from one is read until the next call returns */
	buf = xmalloc(2 * READ_CHUNK);
	if (f->gz) {
		gz = gzdopen(fd, "rb");
		if (!gz) {
			close(fd);
			ret = err_set(err, -ENOMEM, "cannot read '%s': out of memory", f->path);
			goto out;
		}
		gzbuffer(gz, 256 * 1024);
	}
	for (;; turn ^= 1) {
		char *b = buf + turn * READ_CHUNK;
		ssize_t n;

		if (gz) {
			int errnum;
			int got = gzread(gz, b, (unsigned)READ_CHUNK);

			if (got < 0) {
				const char *m = gzerror(gz, &errnum);
				ret = err_set(err, -EBADMSG, "cannot decompress '%s': %s", f->path, m ? m : "error");
				goto out;
			}
			n = got;
		} else {
			n = read(fd, b, READ_CHUNK);
			if (n < 0 && errno == EINTR) {
				turn ^= 1; /* the same buffer again */
				continue;
			}
			if (n < 0) {
				ret = err_set(err, -errno, "cannot read '%s': %s", f->path, strerror(errno));
				goto out;
			}
		}
		if (n == 0)
			break;
		ret = feed(&s, b, (size_t)n);
		if (ret)
			goto out;
	}
	ret = finish(&s);
out:
	drain(&s);
	if (gz)
		gzclose_r(gz); /* closes fd */
	else
		close(fd);
	free(buf);
	free(s.carry);
	return ret;
}

/* ------------------------------------------------------------------ journal */

/* FIELD=value of the current entry; false when absent. */
static bool jfield(const struct ksdj *sdj, sd_journal *j, const char *field, const char **v, size_t *len,
		   struct logsrc_jstats *st)
{
	const void *d;
	size_t n, fl = strlen(field);
	int r = sdj->get_data(j, field, &d, &n);

	if (r == -ENOENT)
		return false;
	if (r < 0) {
		st->errors++;
		if (!st->first_error[0])
			snprintf(st->first_error, sizeof(st->first_error), "%s: %s", field, strerror(-r));
		return false;
	}
	if (n <= fl || memcmp(d, field, fl) != 0 || ((const char *)d)[fl] != '=')
		return false;
	*v = (const char *)d + fl + 1;
	*len = n - fl - 1;
	return true;
}

static size_t count_corrupt(const struct root *r, const char *dir, bool outside)
{
	char **names = NULL, **sub = NULL;
	size_t n = 0, nsub = 0, i, j, found = 0;

	if (outside)
		return 0; /* a copied directory: sd-journal reports its damage while reading */
	if (root_list_dir(r, dir, 10000, 0, &names, &n, NULL) < 0)
		return 0;
	for (i = 0; i < n; i++) {
		char *p = xasprintf("%s/%s", dir, names[i]);

		if (strlen(names[i]) > 9 && strcmp(names[i] + strlen(names[i]) - 9, ".journal~") == 0)
			found++;
		if (root_list_dir(r, p, 10000, 0, &sub, &nsub, NULL) == 0) {
			for (j = 0; j < nsub; j++)
				if (strlen(sub[j]) > 9 && strcmp(sub[j] + strlen(sub[j]) - 9, ".journal~") == 0)
					found++;
			strv_free(sub, nsub);
		}
		free(p);
	}
	strv_free(names, n);
	return found;
}

int logsrc_check_journal_dir(const char *dir, struct err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		int e = errno;
		return err_set(err, -e, "cannot open the journal directory '%s': %s", dir, strerror(e));
	}
	close(fd);
	return 0;
}

int logsrc_read_journal(const struct root *r, const char *dir, int64_t since_usec, logsrc_journal_fn fn, void *arg,
			struct logsrc_jstats *st, struct err *err)
{
	static const char *const dirs[] = { "/var/log/journal", "/run/log/journal" };
	const struct ksdj *sdj = ksdj_load(err);
	sd_journal *j = NULL;
	const char *used = dir;
	int dfd = -1, ret = 0, k;
	size_t i;

	memset(st, 0, sizeof(*st));
	if (!sdj)
		return -ENOENT;
	if (dir) {
		/* sd-journal opens a directory that is not there as an empty journal */
		if ((ret = logsrc_check_journal_dir(dir, err)) < 0)
			return ret;
		ret = sdj->open_directory(&j, dir, 0);
		if (ret < 0)
			return err_set(err, ret, "cannot open the journal in '%s': %s", dir, strerror(-ret));
	} else {
		for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && dfd < 0; i++) {
			dfd = root_open_fd(r, dirs[i], O_RDONLY | O_DIRECTORY, ROOT_MISSING_OK, err);
			if (dfd == -ENOENT)
				continue;
			if (dfd < 0)
				return dfd;
			used = dirs[i];
		}
		if (dfd < 0)
			return err_set(err, -ENOENT, "no journal under /var/log/journal or /run/log/journal");
		ret = sdj->open_directory_fd(&j, dfd, 0);
		if (ret < 0) {
			close(dfd);
			return err_set(err, ret, "cannot open the journal in '%s': %s", used, strerror(-ret));
		}
	}
	st->corrupt_files = count_corrupt(r, used, dir != NULL);
	sdj->set_data_threshold(j, LOGSRC_MAX_FIELD);
	if (since_usec > 0 && sdj->seek_realtime_usec(j, (uint64_t)since_usec) < 0)
		sdj->seek_head(j);
	for (;;) {
		struct logsrc_jentry e = { 0 };
		char prog[128];	/* SYSLOG_IDENTIFIER or _COMM, cut */
		uint64_t usec;

		k = sdj->next(j);
		if (k == 0)
			break;
		if (k < 0) {
			st->errors++;
			if (!st->first_error[0])
				snprintf(st->first_error, sizeof(st->first_error), "%s", strerror(-k));
			if (st->errors > 1000)
				break; /* it does not move on: stop rather than spin */
			continue;
		}
		st->entries++;
		if (sdj->get_realtime_usec(j, &usec) < 0) {
			st->errors++;
			continue;
		}
		e.usec = (int64_t)usec;
		e.seq = st->entries;
		e.j = j;
		/* first: what get_data returns may not outlive the next call (a compressed field) */
		{
			const char *pv;
			size_t pn, d;
			uint64_t pid = 0;

			if (jfield(sdj, j, "_PID", &pv, &pn, st) && pn && pn <= 10) {
				for (d = 0; d < pn && pv[d] >= '0' && pv[d] <= '9'; d++)
					pid = pid * 10 + (uint64_t)(pv[d] - '0');
				if (d == pn && pid <= UINT32_MAX)
					e.pid = (uint32_t)pid;
			}
		}
		/* the program's name is copied: the MESSAGE fetched after it may reuse the buffer of a compressed field */
		{
			const char *pv;
			size_t pn;

			if (jfield(sdj, j, "SYSLOG_IDENTIFIER", &pv, &pn, st) || jfield(sdj, j, "_COMM", &pv, &pn, st)) {
				if (pn > sizeof(prog))
					pn = sizeof(prog);
				memcpy(prog, pv, pn);
				e.prog = prog;
				e.prog_len = pn;
			} else {
				e.prog = "";
				e.prog_len = 0;
			}
		}
		/* last: it must stay valid until fn returns */
		if (!jfield(sdj, j, "MESSAGE", &e.msg, &e.msg_len, st)) {
			e.msg = "";
			e.msg_len = 0;
		}
		if (e.msg_len >= LOGSRC_MAX_FIELD) {
			e.msg_len = LOGSRC_MAX_FIELD;
			e.cut = true;
		}
		ret = fn(arg, &e);
		if (ret)
			break;
	}
	sdj->close(j);
	if (dfd >= 0)
		close(dfd);
	return ret;
}

char *logsrc_journal_cursor(const struct logsrc_jentry *e)
{
	char *c = NULL;

	if (!e->j || ksdj_load(NULL)->get_cursor(e->j, &c) < 0)
		return NULL;
	return c;
}

/* ------------------------------------------------------------------ time zone */

static bool tz_name_ok(const char *s, size_t n)
{
	size_t i;

	if (!n || n > 64 || s[0] == '/' || strstr(s, ".."))
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
		      c == '_' || c == '-' || c == '+'))
			return false;
	}
	return true;
}

char *logsrc_timezone(const struct root *r)
{
	struct strbuf sb = STRBUF_INIT;
	char link[512], *res = NULL;
	ssize_t n;
	int fd;

	if (root_read_file(r, "/etc/timezone", 4096, 0, &sb, NULL, NULL) == 0) {
		strbuf_rtrim(&sb);
		if (tz_name_ok(sb.buf, sb.len))
			res = xstrdup(sb.buf);
	}
	strbuf_release(&sb);
	if (res)
		return res;
	fd = root_open_fd(r, "/etc/localtime", O_PATH | O_NOFOLLOW, ROOT_MISSING_OK, NULL);
	if (fd < 0)
		return NULL;
	n = readlinkat(fd, "", link, sizeof(link) - 1);
	close(fd);
	if (n > 0) {
		const char *z;

		link[n] = '\0';
		z = strstr(link, "zoneinfo/");
		if (z && tz_name_ok(z + 9, strlen(z + 9)))
			res = xstrdup(z + 9);
	}
	return res;
}
