/* Baselines of the host: items streamed into one transaction, a SHA-256 summary, diffs in SQL. */
#include "store/baseline.h"
#include "store/internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/lazylib.h"
#include "util/xalloc.h"

int store_baseline_begin(struct store *s, const char *root, time_t at, const char *label, int64_t *id,
			 struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if ((r = store_i_exec(s, s->bl_scratch ? "BEGIN" : "BEGIN IMMEDIATE", err, "cannot start a transaction in")) < 0)
		return r;
	if ((r = store_i_prepare(s, "INSERT INTO baselines (taken_at, root, label) VALUES (?, ?, ?)", &st, err)) < 0)
		goto fail;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)at);
	store_i_bind_text(st, 2, root);
	store_i_bind_text(st, 3, label);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		r = store_i_error(s, rc, err, "cannot record a baseline in");
		goto fail;
	}
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
fail:
	store_i_rollback(s);
	return r;
}

int store_baseline_add(struct store *s, int64_t id, const char *kind, const char *key, const char *value,
		       const char *aux, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if (!s->bl_add &&
	    (r = store_i_prepare(s, "INSERT INTO baseline_items (baseline_id, kind, key, value, aux) "
				    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (baseline_id, kind, key) DO UPDATE SET "
				    "value = excluded.value, aux = excluded.aux "
				    "WHERE baseline_items.kind = 'file' AND baseline_items.value = ''", &s->bl_add, err)) < 0)
		return r;
	st = s->bl_add;
	sqlite3_bind_int64(st, 1, id);
	store_i_bind_text(st, 2, kind);
	store_i_bind_text(st, 3, key);
	store_i_bind_text(st, 4, value);
	store_i_bind_text(st, 5, aux ? aux : "");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return store_i_error(s, rc, err, "cannot record a baseline item in");
	return 0;
}

static void hexify(const unsigned char *md, unsigned n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned i;

	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * n] = '\0';
}

/* ------------------------------------------------------------------ item streams */

/*
 * A baseline with a parent (baselines.parent, schema 8) holds its own items
 * of every kind but "file" whole; of the files only those that differ from
 * the parent's, and a file of the parent's that vanished as a row whose
 * value is "" (no file item has an empty value: it always starts "type=").
 * The parent is always a baseline without one (no chains). Readers merge
 * both in (kind, key) order with two cursors: struct items.
 */

/* One statement's rows, each copied (a write between two steps may move the page its text is on). */
struct isrc {
	sqlite3_stmt *st;
	int rc;			/* of the last step */
	char *buf;
	size_t cap;
	const char *f[4];	/* kind, key, value, aux in buf */
};

static void isrc_step(struct isrc *c)
{
	size_t n[4], need = 0, off = 0, i;
	const unsigned char *t[4];

	if (!c->st) {
		c->rc = SQLITE_DONE;
		return;
	}
	c->rc = sqlite3_step(c->st);
	if (c->rc != SQLITE_ROW)
		return;
	for (i = 0; i < 4; i++) {
		t[i] = sqlite3_column_text(c->st, (int)i);
		n[i] = t[i] ? (size_t)sqlite3_column_bytes(c->st, (int)i) : 0;
		need += n[i] + 1;
	}
	if (need > c->cap) {
		c->cap = need > 2 * c->cap ? need : 2 * c->cap;
		c->buf = xrealloc(c->buf, c->cap);
	}
	for (i = 0; i < 4; i++) {
		c->f[i] = c->buf + off;
		if (n[i])
			memcpy(c->buf + off, t[i], n[i]);
		off += n[i];
		c->buf[off++] = '\0';
	}
}

static void isrc_close(struct isrc *c)
{
	sqlite3_finalize(c->st);
	free(c->buf);
	memset(c, 0, sizeof(*c));
}

/* A baseline's own rows merged with its parent's files: one slot per (kind, key) of either. */
struct items {
	struct isrc own, base;
	bool merged;		/* own is a child of base: "" file rows mean vanished */
	bool adv_own, adv_base;	/* the sources the current slot took, stepped at the next call */
	/* the current slot */
	const char *kind, *key;
	const char *own_v, *own_a;	/* NULL: no own row */
	const char *base_v, *base_a;	/* NULL: no parent row */
};

/* The parent of a stored baseline (0 none). */
static int64_t parent_of(struct store *s, int64_t id)
{
	sqlite3_stmt *st;
	int64_t p = 0;

	if (store_i_prepare(s, "SELECT parent FROM main.baselines WHERE id = ?", &st, NULL) < 0)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		p = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return p;
}

/*
 * own: this baseline's rows (0: none) from the main tables (main) or the
 * scratch ones when they exist; base: the parent whose file rows own
 * overrides (0: none). kind NULL: every kind; else that kind from key `from` on.
 */
static int items_open(struct store *s, int64_t own, bool in_main, int64_t base, const char *kind, const char *from,
		      struct items *it, struct err *err)
{
	static const char *const own_sql[2][2] = {
		{ "SELECT kind, key, value, aux FROM baseline_items WHERE baseline_id = ?1 ORDER BY kind, key",
		  "SELECT kind, key, value, aux FROM baseline_items WHERE baseline_id = ?1 AND kind = ?2 AND key >= ?3 "
		  "ORDER BY kind, key" },
		{ "SELECT kind, key, value, aux FROM main.baseline_items WHERE baseline_id = ?1 ORDER BY kind, key",
		  "SELECT kind, key, value, aux FROM main.baseline_items WHERE baseline_id = ?1 AND kind = ?2 AND key >= ?3 "
		  "ORDER BY kind, key" },
	};
	int r;

	memset(it, 0, sizeof(*it));
	if (kind && strcmp(kind, "file") != 0)
		base = 0;	/* only files are inherited */
	if (own > 0) {
		if ((r = store_i_prepare(s, own_sql[in_main][kind != NULL], &it->own.st, err)) < 0)
			return r;
		sqlite3_bind_int64(it->own.st, 1, own);
		if (kind) {
			sqlite3_bind_text(it->own.st, 2, kind, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(it->own.st, 3, from ? from : "", -1, SQLITE_TRANSIENT);
		}
	}
	if (base > 0) {
		if ((r = store_i_prepare(s, "SELECT kind, key, value, aux FROM main.baseline_items WHERE baseline_id = ?1 "
					    "AND kind = 'file' AND key >= ?2 ORDER BY kind, key", &it->base.st, err)) < 0) {
			isrc_close(&it->own);
			return r;
		}
		sqlite3_bind_int64(it->base.st, 1, base);
		sqlite3_bind_text(it->base.st, 2, from ? from : "", -1, SQLITE_TRANSIENT);
		it->merged = own > 0;
	}
	isrc_step(&it->own);
	isrc_step(&it->base);
	return 0;
}

static void items_close(struct items *it)
{
	isrc_close(&it->own);
	isrc_close(&it->base);
}

/* The next slot: 1, 0 at the end, or a negative errno. */
static int items_slot(struct store *s, struct items *it, struct err *err)
{
	bool o, b;
	int cmp;

	if (it->adv_own)
		isrc_step(&it->own);
	if (it->adv_base)
		isrc_step(&it->base);
	it->adv_own = it->adv_base = false;
	if ((it->own.rc != SQLITE_ROW && it->own.rc != SQLITE_DONE) ||
	    (it->base.rc != SQLITE_ROW && it->base.rc != SQLITE_DONE))
		return store_i_error(s, it->own.rc != SQLITE_ROW && it->own.rc != SQLITE_DONE ? it->own.rc : it->base.rc,
				     err, "cannot read the baseline in");
	o = it->own.rc == SQLITE_ROW;
	b = it->base.rc == SQLITE_ROW;
	if (!o && !b)
		return 0;
	if (o && b) {
		cmp = strcmp(it->own.f[0], it->base.f[0]);
		if (!cmp)
			cmp = strcmp(it->own.f[1], it->base.f[1]);
	} else {
		cmp = o ? -1 : 1;
	}
	it->own_v = it->own_a = it->base_v = it->base_a = NULL;
	if (cmp <= 0) {
		it->kind = it->own.f[0];
		it->key = it->own.f[1];
		it->own_v = it->own.f[2];
		it->own_a = it->own.f[3];
		it->adv_own = true;
	}
	if (cmp >= 0) {
		it->kind = it->base.f[0];
		it->key = it->base.f[1];
		it->base_v = it->base.f[2];
		it->base_a = it->base.f[3];
		it->adv_base = true;
	}
	return 1;
}

/* The slot's item as the baseline has it (value and aux), false when it has none (vanished). */
static bool items_eff(const struct items *it, const char **value, const char **aux)
{
	if (it->own_v) {
		if (it->merged && !it->own_v[0] && strcmp(it->kind, "file") == 0)
			return false;
		*value = it->own_v;
		*aux = it->own_a;
		return true;
	}
	if (!it->base_v)
		return false;
	*value = it->base_v;
	*aux = it->base_a;
	return true;
}

/* The next item of the baseline: 1 (kind, key, value, aux set), 0 at the end, or a negative errno. */
static int items_next(struct store *s, struct items *it, const char **value, const char **aux, struct err *err)
{
	int r;

	while ((r = items_slot(s, it, err)) > 0)
		if (items_eff(it, value, aux))
			return 1;
	return r;
}

/* Opens a baseline's items: stored (main) or the one being saved (the scratch tables when they exist). */
static int items_of(struct store *s, int64_t id, bool stored, const char *kind, const char *from, struct items *it,
		    struct err *err)
{
	bool in_main = stored || !s->bl_scratch;

	return items_open(s, id, stored, in_main ? parent_of(s, id) : 0, kind, from, it, err);
}

/*
 * SHA-256 over every item in (kind, key) order: kind NUL key NUL value NUL
 * aux NUL, then the count. stored: of a stored baseline (main), else of the
 * one being saved (the scratch tables when they exist).
 */
#define SUMMARY_BUF ((size_t)64 << 10)

/*
 * The digest of the summary on a thread of its own while the rows are read:
 * two buffers, one filled by the reader while the other is hashed. Without
 * the thread (it could not start), the reader hashes each buffer itself.
 */
struct sum_hasher {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	const struct kcrypto *c;
	EVP_MD_CTX *ck;
	const char *buf;	/* being hashed, NULL: idle */
	size_t len;
	bool stop, threaded;
	pthread_t tid;
};

static void *sum_main(void *arg)
{
	struct sum_hasher *h = arg;

	pthread_mutex_lock(&h->mu);
	for (;;) {
		while (!h->buf && !h->stop)
			pthread_cond_wait(&h->cv, &h->mu);
		if (!h->buf)
			break;
		pthread_mutex_unlock(&h->mu);
		h->c->digest_update(h->ck, h->buf, h->len);
		pthread_mutex_lock(&h->mu);
		h->buf = NULL;
		pthread_cond_broadcast(&h->cv);
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

/* Waits until the buffer handed over is hashed. */
static void sum_wait(struct sum_hasher *h)
{
	if (!h->threaded)
		return;
	pthread_mutex_lock(&h->mu);
	while (h->buf)
		pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
}

/* Hands buf[*cur] (len bytes) over to be hashed; the reader goes on in the other buffer. */
static void sum_feed(struct sum_hasher *h, char *buf[2], int *cur, size_t len)
{
	if (!h->threaded) {
		h->c->digest_update(h->ck, buf[*cur], len);
		return;
	}
	sum_wait(h);
	pthread_mutex_lock(&h->mu);
	h->buf = buf[*cur];
	h->len = len;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	*cur = !*cur;
}

static void sum_start(struct sum_hasher *h, const struct kcrypto *c, EVP_MD_CTX *ck)
{
	h->c = c;
	h->ck = ck;
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	h->threaded = pthread_create(&h->tid, NULL, sum_main, h) == 0;
}

static void sum_stop(struct sum_hasher *h)
{
	if (h->threaded) {
		pthread_mutex_lock(&h->mu);
		h->stop = true;
		pthread_cond_broadcast(&h->cv);
		pthread_mutex_unlock(&h->mu);
		pthread_join(h->tid, NULL);	/* it hashes what it was handed first */
	}
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
}

/* The summary's input: items gathered into 64 KiB buffers (one digest update each), hashed on a thread of its own. */
struct sum_in {
	const struct kcrypto *c;
	EVP_MD_CTX *ck;
	struct sum_hasher h;
	char *bufs[2];
	int cur;
	size_t used;
	int64_t n;		/* items */
};

static int sum_in_start(struct sum_in *in, struct err *err)
{
	memset(in, 0, sizeof(*in));
	if (!(in->c = kcrypto_load(err)))
		return -ENOSYS;
	in->ck = in->c->md_ctx_new();
	if (!in->ck || in->c->digest_init_ex(in->ck, in->c->sha256(), NULL) != 1) {
		if (in->ck)
			in->c->md_ctx_free(in->ck);
		return err_set(err, -ENOMEM, "cannot start SHA-256");
	}
	in->bufs[0] = xmalloc(SUMMARY_BUF);
	in->bufs[1] = xmalloc(SUMMARY_BUF);
	sum_start(&in->h, in->c, in->ck);
	return 0;
}

/* One item: kind NUL key NUL value NUL aux NUL. */
static void sum_in_item(struct sum_in *in, const char *kind, const char *key, const char *value, const char *aux)
{
	const char *f[4] = { kind, key, value, aux };
	int i;

	for (i = 0; i < 4; i++) {
		size_t l = strlen(f[i]) + 1;

		if (in->used + l > SUMMARY_BUF) {
			sum_feed(&in->h, in->bufs, &in->cur, in->used);
			in->used = 0;
		}
		if (l > SUMMARY_BUF) {
			sum_wait(&in->h);
			in->c->digest_update(in->ck, f[i], l);
		} else {
			memcpy(in->bufs[in->cur] + in->used, f[i], l);
			in->used += l;
		}
	}
	in->n++;
}

/* Ends the input: sha (hex) is the digest of the items and their count (sha NULL: abandoned). */
static void sum_in_end(struct sum_in *in, char sha[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char tail[32];

	if (!in->ck)
		return;
	if (sha && in->used)
		sum_feed(&in->h, in->bufs, &in->cur, in->used);
	sum_stop(&in->h);
	free(in->bufs[0]);
	free(in->bufs[1]);
	if (sha) {
		snprintf(tail, sizeof(tail), "%lld", (long long)in->n);
		in->c->digest_update(in->ck, tail, strlen(tail));
		in->c->digest_final_ex(in->ck, md, &mdlen);
		hexify(md, mdlen > 32 ? 32 : mdlen, sha);
	}
	in->c->md_ctx_free(in->ck);
	in->ck = NULL;
}

static int summary(struct store *s, int64_t id, bool stored, char sha[65], int64_t *count, struct err *err)
{
	const char *value, *aux;
	struct sum_in in;
	struct items it;
	int r;

	if ((r = sum_in_start(&in, err)) < 0)
		return r;
	if ((r = items_of(s, id, stored, NULL, NULL, &it, err)) < 0) {
		sum_in_end(&in, NULL);
		return r;
	}
	while ((r = items_next(s, &it, &value, &aux, err)) > 0)
		sum_in_item(&in, it.kind, it.key, value, aux);
	items_close(&it);
	if (r < 0) {
		sum_in_end(&in, NULL);
		return r;
	}
	if (count)
		*count = in.n;
	sum_in_end(&in, sha);
	return 0;
}

int store_baseline_summary(struct store *s, int64_t id, char sha[65], struct err *err)
{
	return summary(s, id, true, sha, NULL, err);
}

/*
 * The summary of the baseline being saved built as its items pass: the own
 * items of the kinds before "file" (all written before the file walk) at
 * begin, the files as the walk meets them (in key order: each one the item
 * the saved baseline holds, written or inherited from the parent), the kinds
 * after "file" at commit. The same bytes in the same order as summary()'s
 * read of the saved rows, without reading the parent's files back.
 */
struct baseline_digest {
	int64_t id;
	struct sum_in in;
	int64_t n_before;	/* own items of kinds before "file", hashed at begin */
	char *last;		/* the last file's key */
	size_t last_cap;
	bool any, broken;
};

/* Hashes own rows of id (SQL binds ?1 = id), counted into *n. */
static int sum_rows(struct store *s, int64_t id, const char *sql, struct sum_in *in, int64_t *n, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if ((r = store_i_prepare(s, sql, &st, err)) < 0)
		return r;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sum_in_item(in, store_i_col(st, 0), store_i_col(st, 1), store_i_col(st, 2), store_i_col(st, 3));
		(*n)++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_i_error(s, rc, err, "cannot read the baseline in");
}

#define SUM_BEFORE_FILES ("SELECT kind, key, value, aux FROM main.baseline_items WHERE baseline_id = ?1 " \
			  "AND kind < 'file' ORDER BY kind, key")
#define SUM_AFTER_FILES ("SELECT kind, key, value, aux FROM main.baseline_items WHERE baseline_id = ?1 " \
			 "AND kind > 'file' ORDER BY kind, key")

int store_baseline_digest_begin(struct store *s, int64_t id, struct baseline_digest **out, struct err *err)
{
	struct baseline_digest *d;
	int r;

	*out = NULL;
	if (s->bl_scratch)
		return -ENOTSUP;	/* only for a baseline saved to the main tables */
	d = xcalloc(1, sizeof(*d));
	d->id = id;
	if ((r = sum_in_start(&d->in, err)) < 0) {
		free(d);
		return r;
	}
	if ((r = sum_rows(s, id, SUM_BEFORE_FILES, &d->in, &d->n_before, err)) < 0) {
		store_baseline_digest_free(d);
		return r;
	}
	*out = d;
	return 0;
}

void store_baseline_digest_file(struct baseline_digest *d, const char *key, const char *value, const char *aux)
{
	size_t l;

	if (!d || d->broken)
		return;
	if (d->any && strcmp(key, d->last) <= 0) {
		d->broken = true;	/* out of order or twice: the saved rows are read back at commit */
		return;
	}
	l = strlen(key) + 1;
	if (l > d->last_cap) {
		d->last_cap = l > 2 * d->last_cap ? l : 2 * d->last_cap;
		d->last = xrealloc(d->last, d->last_cap);
	}
	memcpy(d->last, key, l);
	d->any = true;
	sum_in_item(&d->in, "file", key, value, aux);
}

void store_baseline_digest_break(struct baseline_digest *d)
{
	if (d)
		d->broken = true;
}

void store_baseline_digest_free(struct baseline_digest *d)
{
	if (!d)
		return;
	sum_in_end(&d->in, NULL);
	free(d->last);
	free(d);
}

/* The digest's summary: 1 (sha, *count set), 0 when it cannot stand for the saved rows, or a negative errno. */
static int digest_end(struct store *s, struct baseline_digest *d, char sha[65], int64_t *count, struct err *err)
{
	sqlite3_stmt *st;
	int64_t before = -1;
	int r;

	if (d->broken)
		return 0;
	/* an own item of a kind before "file" written after begin would belong before the files */
	if ((r = store_i_prepare(s, "SELECT count(*) FROM main.baseline_items WHERE baseline_id = ?1 AND kind < 'file'",
				 &st, err)) < 0)
		return r;
	sqlite3_bind_int64(st, 1, d->id);
	if (sqlite3_step(st) == SQLITE_ROW)
		before = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (before != d->n_before)
		return 0;
	if ((r = sum_rows(s, d->id, SUM_AFTER_FILES, &d->in, &before, err)) < 0)
		return r;
	*count = d->in.n;
	sum_in_end(&d->in, sha);
	return 1;
}

int store_baseline_scratch(struct store *s, struct err *err)
{
	int r = store_i_exec(s,
			     "CREATE TEMP TABLE IF NOT EXISTS baselines ("
			     "  id INTEGER PRIMARY KEY AUTOINCREMENT, taken_at INTEGER NOT NULL, root TEXT NOT NULL,"
			     "  label TEXT NOT NULL, complete INTEGER NOT NULL DEFAULT 0, n_items INTEGER NOT NULL DEFAULT 0,"
			     "  sha256 TEXT);"
			     "CREATE TEMP TABLE IF NOT EXISTS baseline_items ("
			     "  baseline_id INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
			     "  aux TEXT NOT NULL, PRIMARY KEY (baseline_id, kind, key)) WITHOUT ROWID;",
			     err, "cannot create scratch tables in");

	if (r == 0)
		s->bl_scratch = 1;
	return r;
}

static void drop_add(struct store *s)
{
	sqlite3_finalize(s->bl_add);
	s->bl_add = NULL;
}

int store_baseline_commit(struct store *s, int64_t id, char sha[65], struct err *err)
{
	return store_baseline_commit_digest(s, id, NULL, sha, err);
}

int store_baseline_commit_digest(struct store *s, int64_t id, struct baseline_digest *d, char sha[65],
				 struct err *err)
{
	sqlite3_stmt *st;
	int rc, r = 0;

	int64_t n = 0;

	drop_add(s);
	if (d && d->id == id)
		r = digest_end(s, d, sha, &n, err);
	store_baseline_digest_free(d);
	if (r < 0 || (r == 0 && (r = summary(s, id, false, sha, &n, err)) < 0))
		goto fail;
	if ((r = store_i_prepare(s, "UPDATE baselines SET complete = 1, sha256 = ?1, n_items = ?3 WHERE id = ?2", &st,
				 err)) < 0)
		goto fail;
	store_i_bind_text(st, 1, sha);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, n);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		r = store_i_error(s, rc, err, "cannot record a baseline in");
		goto fail;
	}
	if ((r = store_i_exec(s, "COMMIT", err, "cannot commit the baseline to")) < 0)
		goto fail;
	return 0;
fail:
	store_i_rollback(s);
	return r;
}

void store_baseline_rollback(struct store *s)
{
	drop_add(s);
	store_i_rollback(s);
}

/* Gives every child of parent its own copy of the parent's file rows (before the parent is deleted). */
static int materialise_children(struct store *s, int64_t parent, struct err *err)
{
	/* each statement in parentheses: clang's -Wstring-concatenation takes a split literal for a missing comma */
	static const char *const sql[] = {
		("INSERT OR IGNORE INTO main.baseline_items (baseline_id, kind, key, value, aux) "
		 "SELECT c.id, i.kind, i.key, i.value, i.aux FROM main.baselines c JOIN main.baseline_items i "
		 "ON i.baseline_id = c.parent AND i.kind = 'file' WHERE c.parent = ?1"),
		("DELETE FROM main.baseline_items WHERE baseline_id IN (SELECT id FROM main.baselines WHERE parent = ?1) "
		 "AND kind = 'file' AND value = ''"),
		"UPDATE main.baselines SET parent = NULL WHERE parent = ?1",
	};
	sqlite3_stmt *st;
	size_t i;
	int rc, r;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if ((r = store_i_prepare(s, sql[i], &st, err)) < 0)
			return r;
		sqlite3_bind_int64(st, 1, parent);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return store_i_error(s, rc, err, "cannot delete a baseline in");
	}
	return 0;
}

int store_baseline_delete(struct store *s, int64_t id, struct err *err)
{
	static const char *const sql[] = { "DELETE FROM baseline_items WHERE baseline_id = ?",
					   "DELETE FROM baselines WHERE id = ?" };
	sqlite3_stmt *st;
	size_t i;
	int rc, r;

	/* one step: the children keep their files whole, or nothing changes */
	if ((r = store_i_exec(s, "SAVEPOINT bl_delete", err, "cannot delete a baseline in")) < 0)
		return r;
	if (!s->bl_scratch && (r = materialise_children(s, id, err)) < 0)
		goto fail;
	for (i = 0; i < 2; i++) {
		if ((r = store_i_prepare(s, sql[i], &st, err)) < 0)
			goto fail;
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			r = store_i_error(s, rc, err, "cannot delete a baseline in");
			goto fail;
		}
	}
	return store_i_exec(s, "RELEASE bl_delete", err, "cannot delete a baseline in");
fail:
	store_i_exec(s, "ROLLBACK TO bl_delete; RELEASE bl_delete", NULL, "cannot delete a baseline in");
	return r;
}

int store_baseline_set_parent(struct store *s, int64_t id, int64_t parent, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if (s->bl_scratch)
		return -ENOTSUP;	/* the scratch tables hold the host now whole */
	if (parent_of(s, parent))
		return err_set(err, -EINVAL, "baseline %lld refers to another one", (long long)parent);
	if ((r = store_i_prepare(s, "UPDATE main.baselines SET parent = ?2 WHERE id = ?1 AND ?2 <> ?1", &st, err)) < 0)
		return r;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, parent);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_i_error(s, rc, err, "cannot record a baseline in");
	return sqlite3_changes(s->db) == 1 ? 0 : err_set(err, -ENOENT, "no baseline %lld", (long long)id);
}

int64_t store_baseline_base(struct store *s, int64_t id)
{
	int64_t p = parent_of(s, id);

	return p ? p : id;
}

static bool under_path(const char *key, const char *path)
{
	size_t l = strlen(path);

	if (strncmp(key, path, l) != 0)
		return false;
	return key[l] == '\0' || key[l] == '/' || (l && path[l - 1] == '/');
}

/*
 * The parent's files outside the walked paths (a path no longer configured):
 * recorded as vanished. A skip scan in key order: a key under a walked path
 * moves the scan past that path's range in one seek, so the rows under the
 * walked paths (the cursors' business) are never read; each row outside
 * costs one seek. A re-check of an unchanged tree costs a few seeks, not a
 * count of the parent's rows.
 */
int store_baseline_delta_finish(struct store *s, int64_t id, int64_t parent, char *const *paths, size_t n_paths,
				struct err *err)
{
	sqlite3_stmt *seek[2] = { NULL, NULL }, *ins = NULL;	/* seek[0]: key >= ?2, seek[1]: key > ?2 */
	char *bound = xstrdup("");
	bool past = false;	/* bound itself was seen */
	int rc = SQLITE_DONE, r;
	size_t i;

	if ((r = store_i_prepare(s, "SELECT key FROM main.baseline_items WHERE baseline_id = ?1 AND kind = 'file' "
				    "AND key >= ?2 ORDER BY key LIMIT 1", &seek[0], err)) < 0 ||
	    (r = store_i_prepare(s, "SELECT key FROM main.baseline_items WHERE baseline_id = ?1 AND kind = 'file' "
				    "AND key > ?2 ORDER BY key LIMIT 1", &seek[1], err)) < 0 ||
	    (r = store_i_prepare(s, "INSERT OR IGNORE INTO main.baseline_items (baseline_id, kind, key, value, aux) "
				    "VALUES (?, 'file', ?, '', '')", &ins, err)) < 0)
		goto out;
	sqlite3_bind_int64(seek[0], 1, parent);
	sqlite3_bind_int64(seek[1], 1, parent);
	sqlite3_bind_int64(ins, 1, id);
	for (;;) {
		sqlite3_stmt *st = seek[past];
		char *key;
		size_t l;

		sqlite3_bind_text(st, 2, bound, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			sqlite3_reset(st);
			break;
		}
		key = xstrdup(store_i_col(st, 0));
		sqlite3_reset(st);
		free(bound);
		bound = key;
		for (i = 0; i < n_paths && !under_path(key, paths[i]); i++)
			;
		if (i == n_paths) {
			sqlite3_bind_text(ins, 2, key, -1, SQLITE_STATIC);
			rc = sqlite3_step(ins);
			sqlite3_reset(ins);
			if (rc != SQLITE_DONE)
				break;
			past = true;
			continue;
		}
		/* under paths[i]: the path itself, then the keys beginning "path/" (or "path" when it ends in '/') */
		l = strlen(paths[i]);
		if (strcmp(key, paths[i]) == 0) {
			past = true;
			continue;
		}
		if (l && paths[i][l - 1] == '/')
			l--;
		bound = xrealloc(bound, l + 2);
		memcpy(bound, paths[i], l);
		bound[l] = '0';	/* '/' + 1: past every key beginning "path/" */
		bound[l + 1] = '\0';
		past = false;
	}
	if (rc != SQLITE_DONE)
		r = store_i_error(s, rc, err, "cannot record a baseline in");
out:
	sqlite3_finalize(seek[0]);
	sqlite3_finalize(seek[1]);
	sqlite3_finalize(ins);
	free(bound);
	return r;
}

int store_baseline_get(struct store *s, int64_t id, const char *label, struct baseline_info *out, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if ((r = store_i_prepare(s, id > 0 ? "SELECT id, taken_at, root, label, n_items, sha256 FROM main.baselines "
					     "WHERE complete = 1 AND id = ?1 AND ?2 IS NOT NULL"
					   : "SELECT id, taken_at, root, label, n_items, sha256 FROM main.baselines "
					     "WHERE complete = 1 AND label = ?2 AND ?1 = 0 ORDER BY id DESC LIMIT 1",
				 &st, err)) < 0)
		return r;
	sqlite3_bind_int64(st, 1, id > 0 ? id : 0);
	store_i_bind_text(st, 2, label ? label : "baseline");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = sqlite3_column_int64(st, 0);
		out->taken_at = (time_t)sqlite3_column_int64(st, 1);
		store_i_col_copy(out->root, sizeof(out->root), st, 2);
		store_i_col_copy(out->label, sizeof(out->label), st, 3);
		out->n_items = sqlite3_column_int64(st, 4);
		store_i_col_copy(out->sha256, sizeof(out->sha256), st, 5);
		sqlite3_finalize(st);
		return 0;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return err_set(err, -ENOENT, "no baseline in '%s'", s->path);
	return store_i_error(s, rc, err, "cannot read the baselines in");
}

int store_baseline_lookup(struct store *s, int64_t id, const char *kind, const char *key, char **value,
			  char **aux, struct err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	if (!s->bl_lookup &&
	    (r = store_i_prepare(s, "SELECT value, aux FROM main.baseline_items WHERE baseline_id = ? AND kind = ? AND key = ?",
				 &s->bl_lookup, err)) < 0)
		return r;
	st = s->bl_lookup;
	sqlite3_bind_int64(st, 1, id);
	store_i_bind_text(st, 2, kind);
	store_i_bind_text(st, 3, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = store_i_col_dup(st, 0);
		*aux = store_i_col_dup(st, 1);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW) {
		int64_t p;

		if (strcmp(kind, "file") != 0 || **value || !(p = parent_of(s, id)))
			return 0;
		free(*value);
		free(*aux);
		*value = *aux = NULL;
		return -ENOENT;	/* vanished since the parent */
	}
	if (rc == SQLITE_DONE) {
		int64_t p = strcmp(kind, "file") == 0 ? parent_of(s, id) : 0;

		return p ? store_baseline_lookup(s, p, kind, key, value, aux, err) : -ENOENT;
	}
	return store_i_error(s, rc, err, "cannot read the baseline in");
}

int store_baseline_diff(struct store *s, int64_t a, int64_t b,
			int (*fn)(void *ctx, enum baseline_change c, const char *kind, const char *key,
				  const char *before, const char *after),
			void *ctx, struct err *err)
{
	/* Both sides in (kind, key) order, merged: one pass, nothing held. */
	const char *xv = NULL, *xa = NULL, *yv = NULL, *ya = NULL;
	struct items x, y;
	int rx, ry, r = 0, cmp;

	if ((r = items_of(s, a, true, NULL, NULL, &x, err)) < 0)
		return r;
	if ((r = items_of(s, b, false, NULL, NULL, &y, err)) < 0) {
		items_close(&x);
		return r;
	}
	rx = items_next(s, &x, &xv, &xa, err);
	ry = items_next(s, &y, &yv, &ya, err);
	while (rx > 0 || ry > 0) {
		cmp = rx <= 0 ? 1 : ry <= 0 ? -1 : strcmp(x.kind, y.kind);
		if (!cmp)
			cmp = strcmp(x.key, y.key);
		if (cmp < 0)
			r = fn(ctx, BL_VANISHED, x.kind, x.key, xv, NULL);
		else if (cmp > 0)
			r = fn(ctx, BL_APPEARED, y.kind, y.key, NULL, yv);
		else if (strcmp(xv, yv) != 0)
			r = fn(ctx, BL_CHANGED, x.kind, x.key, xv, yv);
		if (r)
			break;
		if (cmp <= 0)
			rx = items_next(s, &x, &xv, &xa, err);
		if (cmp >= 0)
			ry = items_next(s, &y, &yv, &ya, err);
	}
	items_close(&x);
	items_close(&y);
	if (r)
		return r;
	return rx < 0 ? rx : ry < 0 ? ry : 0;
}

struct baseline_cursor {
	struct store *s;
	struct items it;
	int rc;			/* of the last slot: 1, 0 at the end, or a negative errno */
	bool found;		/* the current slot was asked for */
	char *from;
	int64_t child;		/* > 0: the baseline being saved, which inherits the files of the base */
	sqlite3_stmt *gone;	/* its "vanished" rows */
	size_t accounted;	/* the base's rows met or marked vanished */
	struct err err;
};

/* Leaves the current slot: a row of the base under the walked path that nobody asked for vanished. */
static void cursor_leave(struct baseline_cursor *c)
{
	if (c->rc <= 0)
		return;
	if (c->it.base_v && (c->found || under_path(c->it.key, c->from)))
		c->accounted++;
	if (c->child && c->it.base_v && !c->found && under_path(c->it.key, c->from)) {
		sqlite3_bind_text(c->gone, 1, c->it.key, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(c->gone) != SQLITE_DONE && !c->err.code)
			store_i_error(c->s, sqlite3_errcode(c->s->db), &c->err, "cannot record a baseline in");
		sqlite3_reset(c->gone);
	}
	c->found = false;
	c->rc = items_slot(c->s, &c->it, &c->err);
}

int store_baseline_cursor_open(struct store *s, int64_t id, const char *kind, const char *from, int64_t child,
			       struct baseline_cursor **out, struct err *err)
{
	struct baseline_cursor *c;
	int64_t p = parent_of(s, id);
	int r;

	*out = NULL;
	c = xcalloc(1, sizeof(*c));
	c->s = s;
	c->from = xstrdup(from);
	/* the trusted baseline: its own rows over its parent's, or whole (the base itself) */
	if ((r = items_open(s, p ? id : 0, true, p ? p : id, kind, from, &c->it, err)) < 0) {
		free(c->from);
		free(c);
		return r;
	}
	if (child > 0) {
		c->child = child;
		if ((r = store_i_prepare(s, "INSERT OR IGNORE INTO main.baseline_items (baseline_id, kind, key, value, aux) "
					    "VALUES (?2, 'file', ?1, '', '')", &c->gone, err)) < 0) {
			store_baseline_cursor_close(c);
			return r;
		}
		sqlite3_bind_int64(c->gone, 2, child);
	}
	c->rc = items_slot(s, &c->it, &c->err);
	if (c->rc < 0) {
		*err = c->err;
		store_baseline_cursor_close(c);
		return err->code;
	}
	*out = c;
	return 0;
}

int store_baseline_cursor_find(struct baseline_cursor *c, const char *key, const char **value, const char **aux,
			       bool *inherit, struct err *err)
{
	int cmp = 1;

	*inherit = false;
	while (c->rc > 0 && (cmp = strcmp(c->it.key, key)) < 0)
		cursor_leave(c);
	if (c->rc < 0 || c->err.code) {
		*err = c->err;
		return err->code ? err->code : -EIO;
	}
	if (c->rc == 0 || cmp != 0)
		return 0;
	c->found = true;
	if (!items_eff(&c->it, value, aux))
		return 0;
	*inherit = c->it.base_v && strcmp(*value, c->it.base_v) == 0 && strcmp(*aux, c->it.base_a) == 0;
	return 1;
}

size_t store_baseline_cursor_close(struct baseline_cursor *c)
{
	size_t n;

	if (!c)
		return 0;
	/* the rest of the walked path's rows: vanished */
	while (c->rc > 0 && !c->err.code && strncmp(c->it.key, c->from, strlen(c->from)) == 0)
		cursor_leave(c);
	n = c->err.code ? (size_t)-1 : c->accounted;
	items_close(&c->it);
	sqlite3_finalize(c->gone);
	free(c->from);
	free(c);
	return n;
}
