/* The password audit engine: see pwcrack.h. */
#include "engines/pwcrack.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "collect/clock.h"
#include "engines/pwguess.h"
#include "parse/pwhash.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/xalloc.h"

struct acct_state {
	const struct pwc_account *a;
	struct pwg_list user;		/* its own guesses (wiped at the end) */
	uint64_t total;
	bool skip;			/* untestable before the start */
	atomic_uint_fast64_t tried;
	atomic_bool found, bad;
};

struct run {
	const struct pwc_opts *o;
	struct acct_state *acc;
	size_t n;
	struct pwg_list shared;
	const struct wordlist *wl;
	uint64_t slots;			/* n * the most chunks of any account */
	uint64_t deadline_ns;		/* 0 = none */
	atomic_uint_fast64_t next;	/* the next slot */
	atomic_uint_fast64_t guesses;
	atomic_uint_fast64_t found;
	atomic_bool stop;		/* the budget ran out */
	unsigned running;		/* workers still running (under lock) */
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

unsigned pwc_cores(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && (n = CPU_COUNT(&set)) > 0)
		return (unsigned)n;
	return 1;
}

/*
 * The guess at index i of an account into its place; *dup when an earlier
 * list already had it. buf holds wordlist words (terminated copies).
 */
static const char *guess_at(const struct run *r, const struct acct_state *s, uint64_t i, char *buf, bool *dup)
{
	const struct span *w;

	*dup = false;
	if (i < s->user.n)
		return s->user.v[i];
	i -= s->user.n;
	if (i < r->shared.n) {
		*dup = pwg_has(&s->user, r->shared.v[i]);
		return r->shared.v[i];
	}
	i -= r->shared.n;
	w = &r->wl->v[i];
	memcpy(buf, w->p, w->len);
	buf[w->len] = '\0';
	*dup = pwg_has(&s->user, buf) || pwg_has(&r->shared, buf);
	return buf;
}

static void try_chunk(struct run *r, struct acct_state *s, uint64_t from, uint64_t to, struct crypt_data *cd,
		      char *buf)
{
	uint64_t i;

	for (i = from; i < to; i++) {
		const char *g, *out;
		bool dup;

		if (atomic_load_explicit(&s->found, memory_order_relaxed) ||
		    atomic_load_explicit(&s->bad, memory_order_relaxed))
			return;
		if (r->deadline_ns && clock_mono_ns() >= r->deadline_ns) {
			atomic_store(&r->stop, true);
			return;
		}
		g = guess_at(r, s, i, buf, &dup);
		if (!dup) {
			out = crypt_rn(g, s->a->hash, cd, (int)sizeof(*cd));
			atomic_fetch_add_explicit(&r->guesses, 1, memory_order_relaxed);
			if (!out) {
				atomic_store(&s->bad, true);
				return;
			}
			if (strcmp(out, s->a->hash) == 0) {
				/* the one thing kept: that it matched */
				explicit_bzero(cd, sizeof(*cd));
				explicit_bzero(buf, PWG_MAX_LEN + 1);
				if (!atomic_exchange(&s->found, true))
					atomic_fetch_add(&r->found, 1);
				atomic_fetch_add_explicit(&s->tried, 1, memory_order_relaxed);
				return;
			}
		}
		atomic_fetch_add_explicit(&s->tried, 1, memory_order_relaxed);
	}
}

static void *worker(void *arg)
{
	struct run *r = arg;
	struct crypt_data *cd = xcalloc(1, sizeof(*cd));
	char buf[WORDLIST_MAX_WORD + PWG_MAX_LEN + 1];

	for (;;) {
		uint64_t k, from;
		struct acct_state *s;

		if (atomic_load_explicit(&r->stop, memory_order_relaxed))
			break;
		k = atomic_fetch_add(&r->next, 1);
		if (k >= r->slots)
			break;
		s = &r->acc[k % r->n];
		from = (k / r->n) * PWC_CHUNK;
		if (s->skip || from >= s->total || atomic_load(&s->found) || atomic_load(&s->bad))
			continue;
		try_chunk(r, s, from, from + PWC_CHUNK < s->total ? from + PWC_CHUNK : s->total, cd, buf);
	}
	explicit_bzero(cd, sizeof(*cd));
	explicit_bzero(buf, sizeof(buf));
	free(cd);
	pthread_mutex_lock(&r->lock);
	r->running--;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

/* Roughly how long one guess takes, in microseconds (measured on a 2020s x86 core, rounded up). */
static uint64_t guess_us(const struct pw_cost *c)
{
	switch (c->scheme) {
	case PWS_SHA512: return c->rounds * 6 / 10;
	case PWS_SHA256: return c->rounds * 7 / 10;
	case PWS_BCRYPT: return (c->rounds * 7) / 100;
	case PWS_YESCRYPT:
	case PWS_GOST_YESCRYPT: return c->mem / 1000 * 2 * (c->t + 1);
	case PWS_SCRYPT: return c->mem / 1000 * 12;
	case PWS_SUNMD5: return c->rounds * 2;
	case PWS_BSDI_DES: return c->rounds / 10 + 1;
	default: return 1;
	}
}

/* Whether one account can be tried at all; sets the result's reason when not. */
static bool testable(const struct pwc_account *a, const struct pwc_opts *o, struct pwc_result *res)
{
	uint64_t max_mem = o->max_mem ? o->max_mem : PWC_DEFAULT_MAX_MEM;
	uint64_t max_ms = PWC_MAX_GUESS_MS, us;
	struct pw_cost c;

	if (o->budget_ms && o->budget_ms < max_ms)
		max_ms = o->budget_ms;
	if (crypt_checksalt(a->hash) == CRYPT_SALT_INVALID ||
	    pw_cost_parse(a->hash, strlen(a->hash), &c) < 0) {
		res->why = N_("libxcrypt cannot compute this kind of hash%s");
		res->detail[0] = '\0';
		return false;
	}
	if (c.mem > max_mem) {
		res->why = N_("one guess needs %s of memory");
		snprintf(res->detail, sizeof(res->detail), "%llu MiB", (unsigned long long)(c.mem >> 20));
		return false;
	}
	us = guess_us(&c);
	if (us / 1000 > max_ms) {
		res->why = N_("one guess would take about %s");
		snprintf(res->detail, sizeof(res->detail), "%llu s", (unsigned long long)(us / 1000000 + 1));
		return false;
	}
	return true;
}

int pwc_run(const struct pwc_account *acc, size_t n, const struct pwc_opts *o, struct pwc_result *res,
	    struct pwc_stats *stats, struct err *err)
{
	struct run r = { .o = o, .n = n, .wl = o->wordlist };
	pthread_t *tids = NULL;
	unsigned threads = o->threads ? o->threads : pwc_cores(), started = 0, t;
	uint64_t start = clock_mono_ns(), max_chunks = 0, wl_n = o->wordlist ? o->wordlist->n : 0;
	pthread_condattr_t ca;
	size_t i;
	int ret = 0;

	memset(stats, 0, sizeof(*stats));
	if (threads > PWC_MAX_THREADS)
		threads = PWC_MAX_THREADS;
	pwg_init(&r.shared);
	if (!o->no_builtin)
		pwg_shared(&r.shared, o->year, o->site, o->n_site);
	r.acc = xcalloc(n ? n : 1, sizeof(*r.acc));
	for (i = 0; i < n; i++) {
		struct acct_state *s = &r.acc[i];

		s->a = &acc[i];
		pwg_init(&s->user);
		memset(&res[i], 0, sizeof(res[i]));
		if (!testable(&acc[i], o, &res[i])) {
			s->skip = true;
			continue;
		}
		if (!o->no_user)
			pwg_user(&s->user, acc[i].name, acc[i].gecos, o->year);
		s->total = s->user.n + r.shared.n + wl_n;
		if ((s->total + PWC_CHUNK - 1) / PWC_CHUNK > max_chunks)
			max_chunks = (s->total + PWC_CHUNK - 1) / PWC_CHUNK;
	}
	r.slots = max_chunks * n;
	if (o->budget_ms)
		r.deadline_ns = start + o->budget_ms * 1000000ull;

	pthread_mutex_init(&r.lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&r.cond, &ca);
	pthread_condattr_destroy(&ca);
	if (r.slots) {
		tids = xcalloc(threads, sizeof(*tids));
		r.running = threads;
		for (t = 0; t < threads; t++) {
			int e = pthread_create(&tids[t], NULL, worker, &r);

			if (e) {
				ret = err_set(err, -e, "cannot start a thread: %s", strerror(e));
				atomic_store(&r.stop, true);
				pthread_mutex_lock(&r.lock);
				r.running -= threads - t;
				pthread_mutex_unlock(&r.lock);
				break;
			}
			started++;
		}
		pthread_mutex_lock(&r.lock);
		while (r.running) {
			struct timespec ts;

			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_nsec += 100 * 1000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&r.cond, &r.lock, &ts);
			if (o->progress && r.running) {
				struct pwc_progress p = { .budget_ms = o->budget_ms };

				pthread_mutex_unlock(&r.lock);
				for (i = 0; i < n; i++) {
					p.total += r.acc[i].total;
					p.done += atomic_load(&r.acc[i].found) || atomic_load(&r.acc[i].bad)
							  ? r.acc[i].total
							  : atomic_load(&r.acc[i].tried);
				}
				p.found = atomic_load(&r.found);
				p.elapsed_ms = (clock_mono_ns() - start) / 1000000;
				o->progress(o->progress_arg, &p);
				pthread_mutex_lock(&r.lock);
			}
		}
		pthread_mutex_unlock(&r.lock);
		for (t = 0; t < started; t++)
			pthread_join(tids[t], NULL);
	}

	for (i = 0; i < n; i++) {
		struct acct_state *s = &r.acc[i];

		res[i].total = s->total;
		res[i].tried = atomic_load(&s->tried);
		if (s->skip)
			res[i].verdict = PWC_UNTESTABLE;
		else if (atomic_load(&s->found))
			res[i].verdict = PWC_WEAK;
		else if (atomic_load(&s->bad)) {
			res[i].verdict = PWC_UNTESTABLE;
			res[i].why = N_("libxcrypt cannot compute this kind of hash%s");
		} else if (res[i].tried < s->total)
			res[i].verdict = PWC_INCOMPLETE;
		else
			res[i].verdict = PWC_NOT_FOUND;
		pwg_free(&s->user, true);
	}
	stats->guesses = atomic_load(&r.guesses);
	stats->elapsed_ns = clock_mono_ns() - start;
	stats->threads = r.slots ? threads : 0;
	stats->budget_hit = atomic_load(&r.stop);
	pthread_cond_destroy(&r.cond);
	pthread_mutex_destroy(&r.lock);
	pwg_free(&r.shared, true);
	free(r.acc);
	free(tids);
	return ret;
}

int pwc_wordlist_load(const char *path, struct strbuf *buf, struct wordlist *wl, struct err *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), ret;

	memset(wl, 0, sizeof(*wl));
	if (fd < 0)
		return err_set(err, -errno, "cannot open the wordlist '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, -EINVAL, "the wordlist '%s' is not a regular file", path);
	}
	ret = read_fd_max(fd, WORDLIST_MAX_BYTES, buf);
	close(fd);
	if (ret == -EFBIG)
		return err_set(err, ret, "the wordlist '%s' is larger than %zu MiB", path, WORDLIST_MAX_BYTES >> 20);
	if (ret < 0)
		return err_set(err, ret, "cannot read the wordlist '%s': %s", path, strerror(-ret));
	return wordlist_parse(buf->buf, buf->len, wl, err);
}

void pwc_wordlist_release(struct strbuf *buf, struct wordlist *wl)
{
	if (buf->alloc)
		explicit_bzero(buf->buf, buf->alloc);
	strbuf_release(buf);
	wordlist_free(wl);
}
