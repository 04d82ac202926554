/* kyuka baseline save and diff: the host's items streamed into the store, differences classified. */
#include "engines/baseline.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collect/accounts.h"
#include "collect/fim.h"
#include "collect/packages.h"
#include "collect/services.h"
#include "collect/sockets.h"
#include "parse/dpkg_md5sums.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define BASELINE_MAX_EXPLAIN ((size_t)200000)	/* changed files checked against dpkg's md5sums */
#define DPKG_INFO_DIR "/var/lib/dpkg/info"
#define DPKG_INFO_MAX_ENTRIES 200000
#define MD5SUMS_MAX ((size_t)64 << 20)
#define MODULES_MAX ((size_t)4 << 20)

static const char *const default_paths[] = { BASELINE_DEFAULT_PATHS };

void baseline_result_free(struct baseline_result *res)
{
	size_t i;

	for (i = 0; i < res->n_notes; i++)
		free(res->notes[i]);
	res->n_notes = 0;
}

struct saver {
	const struct root *r;
	struct store *st;
	const struct baseline_opts *o;
	struct baseline_result *res;
	struct err *err;
	struct strbuf v, a, t, d;
	struct fim_pool *pool;	/* hashing threads, NULL: hash in the walk */
	struct baseline_cursor *cur;	/* the trusted baseline's files from the walked path on (--trust-mtime) */
	/* > 0: this baseline refers to the files of that one (store_baseline_set_parent) and writes only changes */
	int64_t delta_base;
	char **walked;		/* the paths walked with a cursor */
	size_t n_walked, alloc_walked;
	/* items of the file walk, written to the store in bursts: a write moves the cursor's reading position */
	bool batching;
	struct strbuf batch;	/* kind NUL key NUL value NUL aux NUL, ... */
	size_t n_batch;
	/* a re-check's summary built as the files pass (NULL: read back at commit), in walk order */
	struct baseline_digest *dg;
	struct dg_item *q_head, *q_tail;	/* files behind one still being hashed by the pool */
	size_t q_n;
	struct dg_item *slot;	/* the file whose item hashed() adds */
	const char *walking;	/* the path being walked */
	int failed;		/* the store's error: stops everything */
};

#define BASELINE_BATCH_ITEMS 4096
#define BASELINE_BATCH_BYTES ((size_t)4 << 20)
#define BASELINE_DIGEST_QUEUE 4096	/* files waiting for one being hashed: then the pool is drained */

/* A file's item on its way to the summary (store_baseline_digest_file takes them in walk order). */
struct dg_item {
	struct dg_item *next;
	char *kv;		/* key NUL value NUL aux NUL; NULL: its digest is still being computed */
};

static bool under(const char *path, const char *dir);

static void dg_drain(struct saver *s)
{
	struct dg_item *q;

	while ((q = s->q_head) && q->kv) {
		const char *key = q->kv, *value = key + strlen(key) + 1, *aux = value + strlen(value) + 1;

		store_baseline_digest_file(s->dg, key, value, aux);
		s->q_head = q->next;
		if (!s->q_head)
			s->q_tail = NULL;
		s->q_n--;
		free(q->kv);
		free(q);
	}
}

static struct dg_item *dg_push(struct saver *s, char *kv)
{
	struct dg_item *q = xcalloc(1, sizeof(*q));

	q->kv = kv;
	if (s->q_tail)
		s->q_tail->next = q;
	else
		s->q_head = q;
	s->q_tail = q;
	s->q_n++;
	return q;
}

/* A file item of the baseline being saved (written or inherited) to the summary, in walk order. */
static void dg_file(struct saver *s, const char *key, const char *value, const char *aux)
{
	struct strbuf kv = STRBUF_INIT;

	if (!s->dg)
		return;
	if (!s->slot && (!s->walking || !under(key, s->walking)))
		store_baseline_digest_break(s->dg);	/* not what the cursors and delta_finish account for */
	if (!s->slot && !s->q_head) {
		store_baseline_digest_file(s->dg, key, value, aux);
		return;
	}
	strbuf_add(&kv, key, strlen(key) + 1);
	strbuf_add(&kv, value, strlen(value) + 1);
	strbuf_add(&kv, aux, strlen(aux) + 1);
	if (s->slot) {
		s->slot->kv = strbuf_detach(&kv, NULL);
		s->slot = NULL;
		dg_drain(s);
	} else {
		dg_push(s, strbuf_detach(&kv, NULL));
	}
}

/* The place in the summary of a file handed to the pool: its item comes through hashed(). */
static struct dg_item *dg_pending(struct saver *s, const char *key)
{
	if (!s->dg)
		return NULL;
	if (!s->walking || !under(key, s->walking))
		store_baseline_digest_break(s->dg);
	return dg_push(s, NULL);
}

static void dg_end(struct saver *s)
{
	struct dg_item *q;

	if (s->q_head)
		store_baseline_digest_break(s->dg);	/* a file never came back from the pool */
	while ((q = s->q_head)) {
		s->q_head = q->next;
		free(q->kv);
		free(q);
	}
	s->q_tail = NULL;
	s->q_n = 0;
}

static int flush(struct saver *s)
{
	const char *p = s->batch.buf;
	size_t i;
	int r;

	for (i = 0; i < s->n_batch && !s->failed; i++) {
		const char *kind = p, *key = kind + strlen(kind) + 1, *value = key + strlen(key) + 1;
		const char *aux = value + strlen(value) + 1;

		p = aux + strlen(aux) + 1;
		r = store_baseline_add(s->st, s->res->id, kind, key, value, aux, s->err);
		if (r < 0)
			s->failed = r;
	}
	s->n_batch = 0;
	strbuf_reset(&s->batch);
	return s->failed;
}

static int add(struct saver *s, const char *kind, const char *key, const char *value, const char *aux)
{
	int r;

	if (s->failed)
		return s->failed;
	if (s->dg && strcmp(kind, "file") == 0)
		dg_file(s, key, value ? value : "", aux ? aux : "");
	if (s->batching) {
		strbuf_add(&s->batch, kind, strlen(kind) + 1);
		strbuf_add(&s->batch, key, strlen(key) + 1);
		strbuf_add(&s->batch, value ? value : "", strlen(value ? value : "") + 1);
		strbuf_add(&s->batch, aux ? aux : "", strlen(aux ? aux : "") + 1);
		s->res->n_items++;
		if (++s->n_batch >= BASELINE_BATCH_ITEMS || s->batch.len >= BASELINE_BATCH_BYTES)
			return flush(s);
		return 0;
	}
	r = store_baseline_add(s->st, s->res->id, kind, key, value ? value : "", aux, s->err);
	if (r < 0)
		return s->failed = r;
	s->res->n_items++;
	return 0;
}

/*
 * What could not be read: a note for the report (the message, in the user's
 * language) and an "unread" item keyed by what with the error number as its
 * value (the same in every language), so a diff shows it.
 */
static int unread(struct saver *s, const char *what, int code, const char *msg)
{
	char v[32];

	if (s->res->n_notes < BASELINE_MAX_NOTES)
		s->res->notes[s->res->n_notes++] = xasprintf("%s: %s", what, msg);
	snprintf(v, sizeof(v), "errno=%d", code < 0 ? -code : code);
	s->res->n_unread++;
	return add(s, "unread", what, v, "");
}

static const char *vfmt(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *vfmt(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(b);
	va_start(ap, fmt);
	strbuf_vaddf(b, fmt, ap);
	va_end(ap);
	return b->buf;
}

static int save_accounts(struct saver *s, struct passwd_db *pw)
{
	struct group_db gr = { 0 };
	struct err e = { 0 };
	size_t i, j;

	for (i = 0; i < pw->n; i++) {
		const struct passwd_entry *p = &pw->v[i];

		add(s, "account", p->name,
		    vfmt(&s->v, "uid=%" PRIu32 " gid=%" PRIu32 " home=%s shell=%s", p->uid, p->gid, p->dir, p->shell), "");
	}
	if (collect_group(s->r, &gr, &e) < 0)
		return unread(s, "groups", e.code, e.msg);
	for (i = 0; i < gr.n; i++) {
		const struct group_entry *g = &gr.v[i];

		vfmt(&s->v, "gid=%" PRIu32 " members=", g->gid);
		for (j = 0; j < g->n_members; j++) {
			if (j)
				strbuf_add(&s->v, ",", 1);
			strbuf_add(&s->v, g->members[j], strlen(g->members[j]));
		}
		add(s, "group", g->name, s->v.buf, "");
	}
	group_free(&gr);
	return s->failed;
}

static void put_list(struct strbuf *b, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_add(b, ",", 1);
		strbuf_add(b, v[i], strlen(v[i]));
	}
}

static int save_sudo(struct saver *s)
{
	struct sudo_facts sf = { 0 };
	struct err e = { 0 };
	size_t i, j, k;

	if (collect_sudoers(s->r, &sf, &e) < 0)
		return unread(s, "sudoers", e.code, e.msg);
	for (i = 0; i < sf.n_files; i++) {
		const struct sudoers *su = &sf.files[i].s;

		for (j = 0; j < su->n_rules; j++) {
			const struct sudo_rule *ru = &su->rules[j];

			strbuf_reset(&s->v);
			put_list(&s->v, ru->users, ru->n_users);
			strbuf_add(&s->v, " ", 1);
			put_list(&s->v, ru->hosts, ru->n_hosts);
			strbuf_add(&s->v, " = (", 4);
			if (ru->runas)
				strbuf_add(&s->v, ru->runas, strlen(ru->runas));
			strbuf_add(&s->v, ") ", 2);
			for (k = 0; k < ru->n_cmnds; k++) {
				const struct sudo_cmnd *c = &ru->cmnds[k];

				if (k)
					strbuf_add(&s->v, ", ", 2);
				if (c->nopasswd)
					strbuf_add(&s->v, "NOPASSWD: ", 10);
				strbuf_add(&s->v, c->cmnd, strlen(c->cmnd));
			}
			add(s, "sudo", s->v.buf, sf.files[i].path, "");
		}
	}
	for (i = 0; i < sf.n_errors && !s->failed; i++)
		unread(s, vfmt(&s->a, "sudoers include %zu", i + 1), EIO, sf.errors[i]);
	sudo_facts_free(&sf);
	return s->failed;
}

static int save_keys(struct saver *s, const struct passwd_db *pw)
{
	struct key_facts kf = { 0 };
	struct err e = { 0 };
	size_t i, j, k;

	if (collect_keys(s->r, pw, NULL, 0, &kf, &e) < 0)
		return unread(s, "authorized keys", e.code, e.msg);
	for (i = 0; i < kf.n && i < pw->n; i++)
		for (j = 0; j < kf.v[i].n_files; j++) {
			const struct key_file *f = &kf.v[i].files[j];

			if (f->status < 0 && f->status != -ENOENT)
				unread(s, vfmt(&s->a, "authorized keys %s", f->path), f->status, strerror(-f->status));
			for (k = 0; k < f->keys.n; k++) {
				const struct authkey *ak = &f->keys.v[k];
				char *key = xasprintf("%s %s", pw->v[i].name, ak->fingerprint);

				add(s, "key", key,
				    vfmt(&s->v, "type=%s bits=%u file=%s%s", ak->type_name, ak->bits, f->path,
					 ak->restricted ? " restricted" : ""),
				    "");
				free(key);
			}
		}
	key_facts_free(&kf);
	return s->failed;
}

static int save_sockets(struct saver *s)
{
	struct sock_facts sf = { 0 };
	struct err e = { 0 };
	char addr[INET6_ADDRSTRLEN], key[INET6_ADDRSTRLEN + 32];
	size_t i, j;

	if (collect_sockets(s->r, 0, &sf, &e) < 0)
		return unread(s, "listening sockets", e.code, e.msg);
	for (i = 0; i < sf.n; i++) {
		const struct listen_sock *l = &sf.v[i];

		if (!inet_ntop(l->e.family == 6 ? AF_INET6 : AF_INET, l->e.addr, addr, sizeof(addr)))
			snprintf(addr, sizeof(addr), "?");
		snprintf(key, sizeof(key), l->e.family == 6 ? "%s [%s]:%u" : "%s %s:%u",
			 sock_proto_name((enum sock_proto)l->e.proto, l->e.family), addr, l->e.port);
		vfmt(&s->v, "uid=%" PRIu32 " owners=", l->e.uid);
		for (j = 0; j < l->n_owners; j++) {
			const struct sock_proc *p = &sf.procs[l->owners[j]];
			const char *t = vfmt(&s->a, "%s%s(%s)", j ? "," : "", p->comm, p->exe ? p->exe : "?");

			if (j && strstr(s->v.buf, t + 1))
				continue;	/* the same program again (workers) */
			strbuf_add(&s->v, t, strlen(t));
		}
		add(s, "listen", key, s->v.buf, "");
	}
	sock_facts_free(&sf);
	return s->failed;
}

static int save_services(struct saver *s)
{
	struct svc_facts sv = { 0 };
	struct err e = { 0 };
	size_t i, j;

	if (collect_services(s->r, &sv, &e) < 0)
		return unread(s, "services", e.code, e.msg);
	for (i = 0; i < sv.n_units; i++)
		add(s, "unit", sv.units[i].name,
		    vfmt(&s->v, "wanted_by=%s path=%s", sv.units[i].wanted_by ? sv.units[i].wanted_by : "",
			 sv.units[i].path ? sv.units[i].path : "?"),
		    "");
	for (i = 0; i < sv.n_timers; i++) {
		const struct timer_info *t = &sv.timers[i];

		vfmt(&s->v, "path=%s on=", t->path ? t->path : "?");
		for (j = 0; j < t->n_calendar; j++) {
			if (j)
				strbuf_add(&s->v, ";", 1);
			strbuf_add(&s->v, t->calendar[j], strlen(t->calendar[j]));
		}
		add(s, "timer", t->name, s->v.buf, "");
	}
	for (i = 0; i < sv.n_cron; i++)
		for (j = 0; j < sv.cron[i].tab.n; j++) {
			const struct cron_entry *c = &sv.cron[i].tab.v[j];
			char *key = xasprintf("%s: %s%s%s %s", sv.cron[i].path, c->schedule, c->user[0] ? " " : "", c->user,
					      c->command);

			add(s, "cron", key, "", "");
			free(key);
		}
	for (i = 0; i < sv.n_errors && !s->failed; i++)
		unread(s, vfmt(&s->a, "services file %zu", i + 1), EIO, sv.errors[i]);
	svc_facts_free(&sv);
	return s->failed;
}

static int save_packages(struct saver *s)
{
	struct dpkg_status ds = { 0 };
	struct err e = { 0 };
	size_t i;

	if (collect_dpkg_status(s->r, &ds, &e) < 0)
		return unread(s, "packages", e.code, e.msg);
	for (i = 0; i < ds.n; i++) {
		const struct dpkg_pkg *p = &ds.v[i];

		if (!p->installed)
			continue;
		add(s, "package", vfmt(&s->a, "%s%s%s", p->name, p->arch[0] ? ":" : "", p->arch), p->version, "");
	}
	dpkg_status_free(&ds);
	return s->failed;
}

static int save_modules(struct saver *s)
{
	struct strbuf b = STRBUF_INIT;
	struct err e = { 0 };
	const char *p, *end;
	int r;

	r = root_read_file(s->r, "/proc/modules", MODULES_MAX, ROOT_MISSING_OK, &b, NULL, &e);
	if (r < 0) {
		strbuf_release(&b);
		return unread(s, "kernel modules", r, r == -ENOENT ? _("'/proc/modules' is absent") : e.msg);
	}
	for (p = b.buf, end = p + b.len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *sp;
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);

		sp = memchr(p, ' ', ll);
		if (sp && sp > p && (size_t)(sp - p) < 64) {
			char name[64];

			memcpy(name, p, (size_t)(sp - p));
			name[sp - p] = '\0';
			add(s, "module", name, "", "");
		}
		p += ll + 1;
	}
	strbuf_release(&b);
	return s->failed;
}

/*
 * The value recorded for path in the trusted baseline when its aux (inode,
 * mtime, ctime) is the same: a change of content, mode, owner, link or
 * extended attributes sets ctime, which no system call sets back. The walk
 * meets paths in byte order, the cursor steps along (no lookup per file).
 * NULL when not trusted; valid until the next call.
 */
static const char *trusted_value(struct saver *s, const char *path, const char *aux, bool *inherit)
{
	const char *value, *oaux;
	struct err e = { 0 };
	int r;

	*inherit = false;
	if (!s->cur || (r = store_baseline_cursor_find(s->cur, path, &value, &oaux, inherit, &e)) == 0)
		return NULL;
	if (r < 0) {
		if (s->delta_base && !s->failed) {
			*s->err = e;	/* the vanished files of a baseline that refers to another must be recorded */
			s->failed = r;
		}
		return NULL;
	}
	return strcmp(oaux, aux) == 0 ? value : NULL;
}

static char type_char(mode_t m)
{
	return S_ISREG(m) ? 'f' : S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b'
	       : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '?';
}

static void note(struct saver *s, const char *msg)
{
	s->res->unreadable++;
	if (s->res->n_notes < BASELINE_MAX_NOTES)
		s->res->notes[s->res->n_notes++] = xasprintf("files: %s", msg);
}

/* A file's item once its digest is known: value = head " sha256=" digest tail; its setuid item too. */
static void file_item(struct saver *s, const char *path, const char *head, const char *sha, const char *tail,
		      const char *aux, mode_t mode, unsigned uid, unsigned gid)
{
	if (S_ISREG(mode) && (mode & 06000))
		add(s, "setuid", path,
		    vfmt(&s->a, "mode=%04o uid=%u gid=%u sha256=%s", (unsigned)(mode & 07777), uid, gid, sha), "");
	s->res->n_files++;
	if (S_ISREG(mode)) {
		strbuf_reset(&s->d);
		strbuf_adds(&s->d, head);
		strbuf_add(&s->d, " sha256=", 8);
		strbuf_adds(&s->d, sha);
		strbuf_adds(&s->d, tail);
		add(s, "file", path, s->d.buf, aux);
	} else {
		add(s, "file", path, head, aux);
	}
}

/* A regular file on its way through the hashing pool: what its item needs besides the digest. */
struct pending {
	char *path, *head, *tail;
	char aux[96];
	mode_t mode;
	unsigned uid, gid;
	struct dg_item *slot;	/* its place in the summary, NULL: none built */
};

static int hashed(void *ctx, const struct fim_result *r)
{
	struct saver *s = ctx;
	struct pending *p = r->tag;

	if (r->rc < 0) {
		note(s, r->err.msg);
	} else {
		s->res->n_hashed++;
		s->res->bytes_hashed += r->bytes;
	}
	s->slot = p->slot;
	file_item(s, p->path, p->head, r->rc < 0 ? "unreadable" : r->hex, p->tail, p->aux, p->mode, p->uid, p->gid);
	s->slot = NULL;
	free(p->path);
	free(p->head);
	free(p->tail);
	free(p);
	return s->failed;
}

/* Appends v in decimal (the aux of every file: snprintf's cost shows in a re-check of 100,000 files). */
static char *put_u64(char *p, unsigned long long v)
{
	char t[24];
	size_t n = 0;

	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	while (n)
		*p++ = t[--n];
	return p;
}

/* "ino=I mtime=S.NNNNNNNNN ctime=S.NNNNNNNNN" (a time before 1970 with a minus sign). */
static void format_aux(char aux[96], const struct stat *st)
{
	const struct timespec *ts[2] = { &st->st_mtim, &st->st_ctim };
	char *p = aux;
	int i, k;

	memcpy(p, "ino=", 4);
	p = put_u64(p + 4, (unsigned long long)st->st_ino);
	for (i = 0; i < 2; i++) {
		long long sec = (long long)ts[i]->tv_sec;
		long ns = ts[i]->tv_nsec;

		memcpy(p, i ? " ctime=" : " mtime=", 7);
		p += 7;
		if (sec < 0) {
			*p++ = '-';
			p = put_u64(p, 0ULL - (unsigned long long)sec);
		} else {
			p = put_u64(p, (unsigned long long)sec);
		}
		*p++ = '.';
		if (ns < 0 || ns > 999999999)
			ns = 0;
		for (k = 8; k >= 0; k--) {
			p[k] = (char)('0' + ns % 10);
			ns /= 10;
		}
		p += 9;
	}
	*p = '\0';
}

static int file_entry(void *ctx, struct fim_entry *e)
{
	struct saver *s = ctx;
	const struct stat *st = &e->st;
	char sha[65] = "", aux[96];
	struct err he = { 0 };
	const char *p, *old;
	bool inherit;

	/* files queued behind one the pool hashes: let it finish (the queue stays bounded) */
	if (s->q_n >= BASELINE_DIGEST_QUEUE && s->pool)
		fim_pool_finish(s->pool);	/* a non-zero return of hashed() is s->failed */
	format_aux(aux, st);
	if (s->o->trust > 0 && (old = trusted_value(s, e->path, aux, &inherit))) {
		s->res->n_trusted++;
		if (S_ISREG(st->st_mode) && (st->st_mode & 06000) && (p = strstr(old, " sha256=")) &&
		    strspn(p + 8, "0123456789abcdef") == 64) {
			memcpy(sha, p + 8, 64);
			sha[64] = '\0';
		}
		if (S_ISREG(st->st_mode) && (st->st_mode & 06000))
			add(s, "setuid", e->path,
			    vfmt(&s->a, "mode=%04o uid=%u gid=%u sha256=%s", (unsigned)(st->st_mode & 07777),
				 (unsigned)st->st_uid, (unsigned)st->st_gid, sha),
			    "");
		s->res->n_files++;
		if (inherit && s->delta_base && !s->failed) {
			s->res->n_items++;	/* the same as the parent's row, which this baseline refers to */
			dg_file(s, e->path, old, aux);
			return 0;
		}
		add(s, "file", e->path, old, aux);
		return s->failed;
	}
	if (fim_detail(e, &he) < 0)
		note(s, he.msg);
	vfmt(&s->v, "type=%c mode=%04o uid=%u gid=%u", type_char(st->st_mode), (unsigned)(st->st_mode & 07777),
	     (unsigned)st->st_uid, (unsigned)st->st_gid);
	if (S_ISREG(st->st_mode))
		strbuf_addf(&s->v, " size=%lld", (long long)st->st_size);
	strbuf_reset(&s->t);
	if (e->link[0]) {
		strbuf_add(&s->t, " link=", 6);
		strbuf_adds(&s->t, e->link);
	}
	if (e->xattrs[0]) {
		strbuf_add(&s->t, " xattr=", 7);
		strbuf_adds(&s->t, e->xattrs);
	}
	if (!S_ISREG(st->st_mode)) {
		strbuf_add(&s->v, s->t.buf, s->t.len);
		file_item(s, e->path, s->v.buf, "", "", aux, st->st_mode, (unsigned)st->st_uid, (unsigned)st->st_gid);
		return s->failed;
	}
	if (s->pool) {
		struct pending *pd = xcalloc(1, sizeof(*pd));

		pd->path = xstrdup(e->path);
		pd->head = xstrdup(s->v.buf);
		pd->tail = xstrdup(s->t.buf);
		memcpy(pd->aux, aux, sizeof(aux));
		pd->mode = st->st_mode;
		pd->uid = (unsigned)st->st_uid;
		pd->gid = (unsigned)st->st_gid;
		pd->slot = dg_pending(s, e->path);
		fim_pool_submit(s->pool, e, pd);
		return s->failed;
	} else {
		unsigned long long n = 0;

		if (fim_hash(e, FIM_SHA256, sha, &n, &he) < 0) {
			note(s, he.msg);
			snprintf(sha, sizeof(sha), "unreadable");
		} else {
			s->res->n_hashed++;
			s->res->bytes_hashed += n;
		}
	}
	file_item(s, e->path, s->v.buf, sha, s->t.buf, aux, st->st_mode, (unsigned)st->st_uid, (unsigned)st->st_gid);
	return s->failed;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One configured path: with --trust-mtime, the trusted baseline's files read alongside from path on. */
static void walk_one(struct saver *s, const char *path, struct err *first)
{
	struct err e = { 0 };
	size_t n;
	int r;

	if (s->o->trust > 0 &&
	    (r = store_baseline_cursor_open(s->st, s->o->trust, "file", path, s->delta_base ? s->res->id : 0, &s->cur,
					    &e)) < 0) {
		if (s->delta_base) {
			*s->err = e;	/* the parent's files under path cannot be accounted for */
			s->failed = r;
			return;
		}
		note(s, e.msg);	/* nothing trusted: every file hashed */
	}
	if (s->cur) {
		size_t i;

		/* a path inside another: its files would be met twice, or recorded vanished by one walk and inherited by the other */
		for (i = 0; i < s->n_walked; i++)
			if (under(path, s->walked[i]) || under(s->walked[i], path))
				store_baseline_digest_break(s->dg);
		ALLOC_GROW(s->walked, s->n_walked + 1, s->alloc_walked);
		s->walked[s->n_walked++] = xstrdup(path);
	} else {
		store_baseline_digest_break(s->dg);	/* nothing recorded the files vanished under path */
	}
	s->walking = path;
	/* a re-check mostly compares statuses: the walk (listing, fstatat) on a thread of its own */
	if (s->cur && s->o->threads != 1)
		fim_walk_ahead(s->r, path, file_entry, s, &s->res->unreadable, first);
	else
		fim_walk(s->r, path, file_entry, s, &s->res->unreadable, first);
	n = store_baseline_cursor_close(s->cur);
	if (s->cur && n == (size_t)-1 && s->delta_base && !s->failed)
		s->failed = err_set(s->err, -EIO, "cannot record the files vanished under '%s'", path);
	s->cur = NULL;
}

static int save_files(struct saver *s, const struct passwd_db *pw)
{
	struct err first = { 0 };
	size_t i, before = s->res->unreadable, n_walk = 0, alloc_walk = 0;
	char *const *paths = s->o->paths, **walk = NULL;
	size_t n = s->o->n_paths;

	if (!paths) {
		paths = (char *const *)default_paths;
		n = sizeof(default_paths) / sizeof(default_paths[0]);
	}
	if (s->o->threads != 1 && fim_pool_new(s->o->threads, FIM_SHA256, hashed, s, &s->pool, &first) < 0)
		s->pool = NULL;	/* hashed in the walk, one at a time */
	s->res->threads = s->pool ? fim_pool_threads(s->pool) : 1;
	if (s->o->trust > 0) {
		int64_t base = store_baseline_base(s->st, s->o->trust);
		struct err e = { 0 };

		/* refer to the base's files, write only what differs (not on scratch tables: -ENOTSUP) */
		if (store_baseline_set_parent(s->st, s->res->id, base, &e) == 0)
			s->delta_base = base;
		/* and the summary built as the files pass: the parent's are not read back at commit */
		if (s->delta_base && store_baseline_digest_begin(s->st, s->res->id, &s->dg, &e) < 0)
			s->dg = NULL;
	}
	/* the paths and the homes' .ssh in byte order, each once: the files come in the summary's order */
	for (i = 0; i < n; i++) {
		ALLOC_GROW(walk, n_walk + 1, alloc_walk);
		walk[n_walk++] = xstrdup(paths[i]);
	}
	if (!s->o->paths && pw)
		for (i = 0; i < pw->n; i++) {
			const char *d = pw->v[i].dir;

			if (!d || d[0] != '/' || strcmp(d, "/") == 0 || strcmp(d, "/root") == 0)
				continue;
			ALLOC_GROW(walk, n_walk + 1, alloc_walk);
			walk[n_walk++] = xasprintf("%s/.ssh", d);
		}
	if (n_walk)
		qsort(walk, n_walk, sizeof(*walk), cmp_path);
	s->batching = true;
	for (i = 0; i < n_walk && !s->failed; i++)
		if (!i || strcmp(walk[i], walk[i - 1]) != 0)
			walk_one(s, walk[i], &first);
	if (s->pool) {
		fim_pool_finish(s->pool);
		fim_pool_free(s->pool);
		s->pool = NULL;
	}
	s->walking = NULL;
	strv_free(walk, n_walk);
	flush(s);
	s->batching = false;
	dg_end(s);
	if (s->delta_base && !s->failed) {
		int r = store_baseline_delta_finish(s->st, s->res->id, s->delta_base, s->walked, s->n_walked, s->err);

		if (r < 0)
			s->failed = r;
	}
	strv_free(s->walked, s->n_walked);
	s->walked = NULL;
	s->n_walked = s->alloc_walked = 0;
	if (s->res->unreadable > before && first.code && s->res->n_notes < BASELINE_MAX_NOTES)
		s->res->notes[s->res->n_notes++] = xasprintf("files: %s", first.msg);
	return s->failed;
}

int baseline_save(const struct root *r, struct store *st, const struct baseline_opts *o, struct baseline_result *res,
		  struct err *err)
{
	struct saver s = { .r = r, .st = st, .o = o, .res = res, .err = err, .v = STRBUF_INIT, .a = STRBUF_INIT,
			   .t = STRBUF_INIT, .d = STRBUF_INIT, .batch = STRBUF_INIT };
	struct passwd_db pw = { 0 };
	struct err e = { 0 };
	bool have_pw;
	int ret;

	memset(res, 0, sizeof(*res));
	if ((ret = store_baseline_begin(st, root_dir(r), o->at, o->label ? o->label : "baseline", &res->id, err)) < 0)
		return ret;
	have_pw = collect_passwd(r, &pw, &e) == 0;
	if (!have_pw)
		unread(&s, "accounts", e.code, e.msg);
	else
		save_accounts(&s, &pw);
	if (!s.failed)
		save_sudo(&s);
	if (!s.failed && have_pw)
		save_keys(&s, &pw);
	if (!s.failed)
		save_sockets(&s);
	if (!s.failed)
		save_services(&s);
	if (!s.failed)
		save_packages(&s);
	if (!s.failed)
		save_modules(&s);
	if (!s.failed && !o->no_files)
		save_files(&s, have_pw ? &pw : NULL);
	if (have_pw)
		passwd_free(&pw);
	strbuf_release(&s.v);
	strbuf_release(&s.a);
	strbuf_release(&s.t);
	strbuf_release(&s.d);
	strbuf_release(&s.batch);
	if (s.failed) {
		store_baseline_digest_free(s.dg);
		store_baseline_rollback(st);
		return s.failed;
	}
	return store_baseline_commit_digest(st, res->id, s.dg, res->sha256, err);
}

/* ------------------------------------------------------------------ diff */

struct explain {
	char **paths;		/* changed or appeared files, sorted (the diff's order) */
	char **owner;		/* the package whose md5sums lists it, NULL */
	char (*md5)[33];	/* dpkg's digest */
	size_t n, alloc;
	bool capped;
	char **pkgs;		/* packages whose version changed: "name:arch" */
	char **pkg_change;	/* "OLD -> NEW" */
	size_t n_pkgs, alloc_pkgs;
	const char *cur_pkg;	/* the md5sums file being read */
};

static int collect_pass(void *ctx, enum baseline_change c, const char *kind, const char *key, const char *before,
			const char *after)
{
	struct explain *x = ctx;

	if (strcmp(kind, "file") == 0 && c != BL_VANISHED && after && strstr(after, "type=f ")) {
		if (x->n >= BASELINE_MAX_EXPLAIN) {
			x->capped = true;
			return 0;
		}
		if (x->n == x->alloc) {
			x->alloc = x->alloc ? 2 * x->alloc : 64;
			x->paths = xrealloc(x->paths, st_mult(x->alloc, sizeof(*x->paths)));
			x->owner = xrealloc(x->owner, st_mult(x->alloc, sizeof(*x->owner)));
			x->md5 = xrealloc(x->md5, st_mult(x->alloc, sizeof(*x->md5)));
		}
		x->paths[x->n] = xstrdup(key);
		x->owner[x->n] = NULL;
		x->md5[x->n][0] = '\0';
		x->n++;
	} else if (strcmp(kind, "package") == 0 && c == BL_CHANGED) {
		if (x->n_pkgs == x->alloc_pkgs) {
			x->alloc_pkgs = x->alloc_pkgs ? 2 * x->alloc_pkgs : 16;
			x->pkgs = xrealloc(x->pkgs, st_mult(x->alloc_pkgs, sizeof(*x->pkgs)));
			x->pkg_change = xrealloc(x->pkg_change, st_mult(x->alloc_pkgs, sizeof(*x->pkg_change)));
		}
		x->pkgs[x->n_pkgs] = xstrdup(key);
		x->pkg_change[x->n_pkgs] = xasprintf("%s -> %s", before, after);
		x->n_pkgs++;
	}
	return 0;
}

static int cmp_pstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static ssize_t find_path(const struct explain *x, const char *path)
{
	char *const *hit = bsearch(&path, x->paths, x->n, sizeof(*x->paths), cmp_pstr);

	return hit ? hit - x->paths : -1;
}

static int md5_line(void *ctx, const char *md5, const char *path)
{
	struct explain *x = ctx;
	ssize_t i = find_path(x, path);

	if (i >= 0 && !x->owner[i]) {
		x->owner[i] = xstrdup(x->cur_pkg);
		memcpy(x->md5[i], md5, 33);
	}
	return 0;
}

/* Who ships each changed file, and the digest dpkg recorded: /var/lib/dpkg/info/PKG[:ARCH].md5sums. */
static void read_md5sums(const struct root *r, struct explain *x)
{
	struct strbuf b = STRBUF_INIT;
	char **names = NULL;
	size_t n = 0, i;

	if (root_list_dir(r, DPKG_INFO_DIR, DPKG_INFO_MAX_ENTRIES, 0, &names, &n, NULL) < 0)
		return;
	for (i = 0; i < n; i++) {
		size_t l = strlen(names[i]);
		char *path, *pkg;

		if (l <= 8 || strcmp(names[i] + l - 8, ".md5sums") != 0)
			continue;
		path = xasprintf("%s/%s", DPKG_INFO_DIR, names[i]);
		pkg = xstrndup(names[i], l - 8);
		if (root_read_file(r, path, MD5SUMS_MAX, ROOT_NOFOLLOW, &b, NULL, NULL) == 0) {
			x->cur_pkg = pkg;
			dpkg_md5sums_parse(b.buf, b.len, md5_line, x, NULL);
		}
		free(path);
		free(pkg);
	}
	strv_free(names, n);
	strbuf_release(&b);
}

/* The version change of pkg ("name" or "name:arch") among the changed packages. */
static const char *pkg_changed(const struct explain *x, const char *pkg)
{
	size_t i, l = strlen(pkg);

	for (i = 0; i < x->n_pkgs; i++)
		if (strcmp(x->pkgs[i], pkg) == 0 || (strncmp(x->pkgs[i], pkg, l) == 0 && x->pkgs[i][l] == ':'))
			return x->pkg_change[i];
	return NULL;
}

static bool under(const char *path, const char *dir)
{
	size_t l = strlen(dir);

	return strncmp(path, dir, l) == 0 && (path[l] == '/' || path[l] == '\0');
}

static bool binary_path(const char *p)
{
	return under(p, "/usr/bin") || under(p, "/usr/sbin") || under(p, "/bin") || under(p, "/sbin") ||
	       under(p, "/boot") || under(p, "/usr/lib/systemd") || under(p, "/usr/local/bin") ||
	       under(p, "/usr/local/sbin");
}

struct differ {
	struct explain *x;
	const struct root *live;
	int (*fn)(void *ctx, const struct baseline_delta *d);
	void *ctx;
};

static bool uid0(const char *v)
{
	return v && strncmp(v, "uid=0 ", 6) == 0;
}

static void classify_file(struct differ *df, struct baseline_delta *d)
{
	ssize_t i = d->after && strstr(d->after, "type=f ") ? find_path(df->x, d->key) : -1;
	bool bin = binary_path(d->key);
	bool ssh = strstr(d->key, "/.ssh/") || strstr(d->key, "/.ssh") == d->key + strlen(d->key) - 5;

	d->item = "CH-1";
	d->severity = d->change == BL_VANISHED ? (bin ? SEV_MEDIUM : SEV_LOW) : bin || ssh ? SEV_HIGH : SEV_MEDIUM;
	if (i >= 0 && df->x->owner[i]) {
		const char *owner = df->x->owner[i];
		char md5[65];

		if (df->live && fim_hash_path(df->live, d->key, FIM_MD5, md5, NULL) == 0) {
			if (strcmp(md5, df->x->md5[i]) == 0) {
				const char *up = pkg_changed(df->x, owner);

				d->explained = true;
				d->severity = SEV_INFO;
				snprintf(d->why, sizeof(d->why), _("matches dpkg's md5sums of %s%s%s"), owner,
					 up ? _(", upgraded ") : "", up ? up : "");
			} else {
				snprintf(d->why, sizeof(d->why), _("differs from dpkg's md5sums of %s"), owner);
			}
		} else if (!df->live && pkg_changed(df->x, owner)) {
			d->explained = true;
			d->severity = SEV_INFO;
			snprintf(d->why, sizeof(d->why), _("package %s upgraded %s"), owner, pkg_changed(df->x, owner));
		}
	} else if (i < 0 && df->x->capped && d->change != BL_VANISHED && bin) {
		snprintf(d->why, sizeof(d->why), _("not checked against dpkg (more than %zu changed files)"),
			 BASELINE_MAX_EXPLAIN);
	} else if (bin && d->change != BL_VANISHED) {
		snprintf(d->why, sizeof(d->why), "%s", _("no package lists it in its md5sums"));
	}
	if (d->after && strstr(d->after, "xattr=security.capability") &&
	    (!d->before || !strstr(d->before, "xattr=security.capability")) && !d->explained) {
		d->severity = SEV_HIGH;
		snprintf(d->why, sizeof(d->why), "%s", _("file capabilities were added"));
	}
}

static int classify(void *ctx, enum baseline_change c, const char *kind, const char *key, const char *before,
		    const char *after)
{
	struct differ *df = ctx;
	struct baseline_delta d = { .change = c, .kind = kind, .key = key, .before = before, .after = after };
	bool app = c == BL_APPEARED, van = c == BL_VANISHED;

	d.item = "CH-1";
	d.severity = van ? SEV_LOW : SEV_MEDIUM;
	if (strcmp(kind, "account") == 0) {
		d.item = "AC-1";
		if (uid0(after) && (app || !uid0(before))) {
			d.severity = SEV_CRITICAL;
			snprintf(d.why, sizeof(d.why), "%s", _("a new account with UID 0"));
		} else if (app) {
			d.severity = SEV_HIGH;
		}
	} else if (strcmp(kind, "group") == 0) {
		d.item = "AC-1";
	} else if (strcmp(kind, "sudo") == 0) {
		d.item = "AC-1";
		d.severity = van ? SEV_LOW : SEV_HIGH;
	} else if (strcmp(kind, "key") == 0) {
		d.item = "AC-1";
		d.severity = app ? SEV_CRITICAL : van ? SEV_LOW : SEV_HIGH;
		if (app)
			snprintf(d.why, sizeof(d.why), "%s", _("a new key lets someone log in"));
	} else if (strcmp(kind, "listen") == 0) {
		d.item = "AC-5";
		d.severity = app ? SEV_HIGH : van ? SEV_LOW : SEV_MEDIUM;
	} else if (strcmp(kind, "unit") == 0 || strcmp(kind, "timer") == 0 || strcmp(kind, "cron") == 0) {
		d.item = "DV-3";
		d.severity = app ? SEV_HIGH : van ? SEV_LOW : SEV_MEDIUM;
	} else if (strcmp(kind, "package") == 0) {
		d.item = "VU-1";
		d.severity = c == BL_CHANGED ? SEV_INFO : app ? SEV_MEDIUM : SEV_LOW;
		d.explained = c == BL_CHANGED;
	} else if (strcmp(kind, "module") == 0) {
		d.severity = app ? SEV_MEDIUM : SEV_INFO;
	} else if (strcmp(kind, "setuid") == 0) {
		d.item = "AC-1";
		d.severity = van ? SEV_LOW : SEV_HIGH;
		classify_file(df, &d);	/* a package update explains it like any file */
		d.item = "AC-1";
		if (!d.explained)
			d.severity = van ? SEV_LOW : SEV_HIGH;
	} else if (strcmp(kind, "file") == 0) {
		classify_file(df, &d);
	} else if (strcmp(kind, "unread") == 0) {
		d.severity = SEV_INFO;
	}
	return df->fn(df->ctx, &d);
}

static void explain_free(struct explain *x)
{
	size_t i;

	for (i = 0; i < x->n; i++) {
		free(x->paths[i]);
		free(x->owner[i]);
	}
	for (i = 0; i < x->n_pkgs; i++) {
		free(x->pkgs[i]);
		free(x->pkg_change[i]);
	}
	free(x->paths);
	free(x->owner);
	free(x->md5);
	free(x->pkgs);
	free(x->pkg_change);
}

int baseline_diff(struct store *st, int64_t a, int64_t b, const struct root *live,
		  int (*fn)(void *ctx, const struct baseline_delta *d), void *ctx, struct err *err)
{
	struct explain x = { 0 };
	struct differ df = { .x = &x, .live = live, .fn = fn, .ctx = ctx };
	int ret;

	ret = store_baseline_diff(st, a, b, collect_pass, &x, err);
	if (ret == 0 && x.n && live)
		read_md5sums(live, &x);
	if (ret == 0)
		ret = store_baseline_diff(st, a, b, classify, &df, err);
	explain_free(&x);
	return ret;
}
