/*
 * Text logs on several threads (see logreview_priv.h). The parsing of a
 * line (syslog header, time, message) is a pure function of the line, the
 * file's reference year and the time zone; folding it into the review is
 * not (sources, "failed before", time going backwards, the first N of a
 * list), so parsing is spread over the threads and folding stays in line
 * order: the slices of a batch are folded one after the other by whichever
 * thread finds the next one ready, while the others parse on.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "engines/logreview_priv.h"
#include "engines/pwcrack.h"
#include "util/xalloc.h"

#define MAX_THREADS 8
#define MAX_SLICES 32
#define MIN_SLICE 64		/* lines: fewer, and the hand-over costs more than it saves */

enum { REC_TIME = 1, REC_CUT = 2 };

/* One line as parsed on some thread. */
struct rec {
	int64_t t;
	uint64_t lineno;
	struct span msg;
	struct logmsg m;	/* when REC_TIME and lr_matters(t) */
	uint8_t flags;
};

struct slice {
	size_t from, to;	/* lines of the batch */
	struct rec *rec;
	size_t alloc;
	bool ready;
};

struct lr_pool {
	unsigned n_threads;	/* including the caller's */
	pthread_t th[MAX_THREADS];
	unsigned started;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	bool quit;
	/* the batch being read: valid while gen is current */
	uint64_t gen;
	struct state *s;	/* folded into, in order */
	struct state proto;	/* what a parsing thread copies: reference year, time caches */
	const struct logsrc_line *lines;
	struct slice sl[MAX_SLICES];
	size_t n_slices, next_parse, next_fold;
	bool folding;
};

static void parse_slice(struct state *ws, const struct logsrc_line *lines, struct slice *sl)
{
	size_t i, n = sl->to - sl->from;

	ALLOC_GROW(sl->rec, n, sl->alloc);
	for (i = 0; i < n; i++) {
		const struct logsrc_line *l = &lines[sl->from + i];
		struct rec *r = &sl->rec[i];
		struct syslog_line h;

		r->lineno = l->lineno;
		r->flags = l->cut ? REC_CUT : 0;
		syslog_parse_line(l->p, l->len, &h);
		if (!lr_line_time(ws, &h, &r->t))
			continue;
		r->flags |= REC_TIME;
		r->msg = h.msg;
		/* OpenVPN's own log file has no program name */
		if (!h.prog.len && h.ts == SYSLOG_TS_LOCAL)
			h.prog = SPAN("openvpn", 7);
		if (lr_matters(ws->lr, r->t))
			logmsg_parse(h.prog, h.msg, &r->m);
	}
}

static void fold_slice(struct state *s, const struct slice *sl)
{
	struct logreview *lr = s->lr;
	size_t i, n = sl->to - sl->from;

	for (i = 0; i < n; i++) {
		const struct rec *r = &sl->rec[i];
		bool cut = r->flags & REC_CUT;

		s->lineno = r->lineno;
		lr->lines++;
		if (cut)
			lr->cut_lines++;
		if (!(r->flags & REC_TIME)) {
			lr->no_time++;
			continue;
		}
		if (lr_take_time(s, r->t))
			lr_take_msg(s, r->t, &r->m, r->msg, cut);
	}
}

/* Parses slices of the current batch and folds those whose turn it is, until none is left to parse. */
static void take_part(struct lr_pool *p)
{
	struct state ws;
	uint64_t have = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t i;

		if (p->next_parse >= p->n_slices)
			break;
		i = p->next_parse++;
		if (have != p->gen) {	/* gen is 1 or more once a batch is out */
			ws = p->proto;
			have = p->gen;
		}
		pthread_mutex_unlock(&p->mu);
		parse_slice(&ws, p->lines, &p->sl[i]);
		pthread_mutex_lock(&p->mu);
		p->sl[i].ready = true;
		if (p->folding)
			continue;	/* the thread folding will come to it */
		p->folding = true;
		while (p->next_fold < p->n_slices && p->sl[p->next_fold].ready) {
			const struct slice *sl = &p->sl[p->next_fold];

			pthread_mutex_unlock(&p->mu);
			fold_slice(p->s, sl);
			pthread_mutex_lock(&p->mu);
			p->next_fold++;
		}
		p->folding = false;
		if (p->next_fold == p->n_slices)
			pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
}

static void *worker(void *arg)
{
	struct lr_pool *p = arg;
	uint64_t seen = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->quit && p->gen == seen)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->quit)
			break;
		seen = p->gen;
		pthread_mutex_unlock(&p->mu);
		take_part(p);
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct lr_pool *lr_pool_new(unsigned threads)
{
	struct lr_pool *p = xcalloc(1, sizeof(*p));
	unsigned i;

	if (!threads)
		threads = pwc_cores();
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	for (i = 1; i < threads; i++)
		if (pthread_create(&p->th[p->started], NULL, worker, p) == 0)
			p->started++;
	p->n_threads = p->started + 1;
	return p;
}

void lr_pool_free(struct lr_pool *p)
{
	size_t i;

	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->quit = true;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->started; i++)
		pthread_join(p->th[i], NULL);
	for (i = 0; i < MAX_SLICES; i++)
		free(p->sl[i].rec);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

static int on_batch(void *arg, const struct logsrc_line *lines, size_t n)
{
	struct state *s = arg;
	struct lr_pool *p = s->pool;
	size_t k, per;

	pthread_mutex_lock(&p->mu);
	p->s = s;
	p->proto = *s;
	p->lines = lines;
	p->n_slices = p->n_threads == 1 ? 1 : n / MIN_SLICE;
	if (p->n_slices > MAX_SLICES)
		p->n_slices = MAX_SLICES;
	if (p->n_slices < 1)
		p->n_slices = 1;
	per = n / p->n_slices;
	for (k = 0; k < p->n_slices; k++) {
		p->sl[k].from = k * per;
		p->sl[k].to = k + 1 == p->n_slices ? n : (k + 1) * per;
		p->sl[k].ready = false;
	}
	p->next_parse = p->next_fold = 0;
	p->folding = false;
	p->gen++;
	if (p->n_slices > 1)
		pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	take_part(p);
	pthread_mutex_lock(&p->mu);
	while (p->next_fold < p->n_slices)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

int lr_read_lines(struct state *s, const struct logsrc_file *f, struct err *err)
{
	return logsrc_read_batches(s->root, f, on_batch, s, err);
}
