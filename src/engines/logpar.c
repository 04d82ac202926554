/*
 * Text logs on several threads (see logreview_priv.h). Taking a line apart
 * (line break, syslog header, time, message) is a pure function of the
 * line, the file's reference year and the time zone, and most of what lines
 * add up to (counts, the timeline, the hours with lines) does not depend on
 * their order: that is done on every thread, each into its own tally. What
 * does depend on the order (sources, "failed before", time going backwards,
 * the first N of a list) comes out of a slice as a short list of events,
 * taken in line order by whichever thread finds the next slice ready while
 * the others parse on.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "engines/logreview_priv.h"
#include "engines/pwcrack.h"
#include "util/xalloc.h"

#define MAX_THREADS 8
#define MAX_SLICES 64
#define SLICE_BYTES ((size_t)64 << 10)	/* of a run: small enough for its events to stay in cache */

/* A line's message kept for an event that needs all of it (lr_event.full). */
struct full {
	struct logmsg m;
	struct span msg;
	bool cut;
};

struct slice {
	const char *p, *end;	/* whole lines, or one line (single) */
	bool single, cut;
	/* what parsing found */
	size_t n_lines;
	struct lr_event *ev;
	size_t n_ev, alloc_ev;
	struct full *full;
	size_t n_full, alloc_full;
	int64_t first_t, last_t;	/* of the lines with a time */
	uint32_t first_line;
	bool has_t;
	bool ready;
} __attribute__((aligned(64)));	/* threads write their slices line by line: no line shared */

struct lr_pool;
struct worker_arg {
	struct lr_pool *p;
	unsigned idx;		/* of its tally */
};

struct lr_pool {
	unsigned n_threads;	/* including the caller's */
	pthread_t th[MAX_THREADS];
	struct {
		struct lr_tally t;
	} __attribute__((aligned(64))) tally[MAX_THREADS];	/* [0]: the caller's; counted line by line */
	struct worker_arg arg[MAX_THREADS];
	unsigned started;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	bool quit;
	/* the pieces being read: valid while gen is current */
	uint64_t gen;
	struct state *s;	/* folded into, in order */
	struct state proto;	/* what a parsing thread copies: reference year, time caches */
	struct slice sl[MAX_SLICES];
	size_t n_slices, next_parse, next_fold;
	bool folding;
};

static void add_event(struct slice *sl, const struct lr_event *e, uint32_t line, const struct logmsg *m,
		      struct span msg, bool cut)
{
	struct lr_event *x;

	ALLOC_GROW(sl->ev, sl->n_ev + 1, sl->alloc_ev);
	x = &sl->ev[sl->n_ev++];
	*x = *e;
	x->line = line;
	if (e->full) {
		struct full *f;

		ALLOC_GROW(sl->full, sl->n_full + 1, sl->alloc_full);
		f = &sl->full[sl->n_full++];
		f->m = *m;
		f->msg = msg;
		f->cut = cut;
	}
}

static void parse_line(struct state *ws, struct slice *sl, const struct logsrc_piece *l, uint32_t line,
		       int64_t *prev)
{
	struct lr_tally *ty = ws->tally;
	size_t len = l->len;
	struct syslog_line h;
	struct lr_event e;
	struct logmsg m;
	int64_t t;
	int se;

	ty->lines++;
	if (l->cut)
		ty->cut_lines++;
	if (len && l->p[len - 1] == '\r')
		len--;
	se = ws->minute_ok ? syslog_same_minute(l->p, len, ws->minute) : -1;
	if (se >= 0) {
		/* the minute of the line before: its time is known but for the seconds */
		syslog_parse_after_time(l->p, len, &h);
		t = ws->minute_t + se;
	} else {
		syslog_parse_line(l->p, len, &h);
		if (!lr_line_time(ws, &h, &t)) {
			ty->no_time++;
			return;
		}
		if (h.ts == SYSLOG_TS_NOYEAR) {
			memcpy(ws->minute, l->p, SYSLOG_MINUTE_KEY);
			ws->minute_t = t - h.sec;
			ws->minute_ok = true;
		}
	}
	if (!sl->has_t) {
		/* checked against the slice before when it is taken */
		sl->has_t = true;
		sl->first_t = t;
		sl->first_line = line;
	} else if (*prev && t + (int64_t)ws->o->backwards_seconds < *prev) {
		e.kind = LRE_BACKWARDS;
		e.t = t;
		e.t2 = *prev;
		e.full = false;
		add_event(sl, &e, line, NULL, h.msg, false);
	}
	*prev = sl->last_t = t;
	if (!lr_tally_time(ws, t))
		return;
	/* OpenVPN's own log file has no program name */
	if (!h.prog.len && h.ts == SYSLOG_TS_LOCAL)
		h.prog = SPAN("openvpn", 7);
	logmsg_parse(h.prog, h.msg, &m);
	if (lr_classify(ws, t, &m, &e))
		add_event(sl, &e, line, &m, h.msg, l->cut);
}

static void parse_slice(struct state *ws, struct slice *sl)
{
	int64_t prev = 0;

	sl->n_lines = 0;
	sl->n_ev = sl->n_full = 0;
	sl->has_t = false;
	if (sl->single) {
		struct logsrc_piece l = { sl->p, (size_t)(sl->end - sl->p), false, sl->cut };

		parse_line(ws, sl, &l, 0, &prev);
		sl->n_lines = 1;
		return;
	}
	{
		const char *cur = sl->p;
		struct logsrc_piece l;

		while (logsrc_next_line(&cur, sl->end, &l))
			parse_line(ws, sl, &l, (uint32_t)sl->n_lines++, &prev);
	}
}

static void fold_slice(struct state *s, const struct slice *sl)
{
	uint64_t base = s->lineno;
	const struct full *f = sl->full;
	size_t i;

	if (sl->has_t) {
		s->lineno = base + sl->first_line + 1;
		lr_take_time(s, sl->first_t);
	}
	for (i = 0; i < sl->n_ev; i++) {
		const struct lr_event *e = &sl->ev[i];

		s->lineno = base + e->line + 1;
		if (e->full) {
			lr_take_event(s, e, &f->m, f->msg, f->cut);
			f++;
		} else {
			lr_take_event(s, e, NULL, SPAN("", 0), false);
		}
	}
	if (sl->has_t)
		s->prev_t = sl->last_t;
	s->lineno = base + sl->n_lines;
}

/* Parses slices of the current pieces and folds those whose turn it is, until none is left to parse. */
static void take_part(struct lr_pool *p, struct lr_tally *ty)
{
	struct state ws;
	uint64_t have = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t i;

		if (p->next_parse >= p->n_slices)
			break;
		i = p->next_parse++;
		if (have != p->gen) {	/* gen is 1 or more once pieces are out */
			ws = p->proto;
			ws.tally = ty;
			have = p->gen;
		}
		pthread_mutex_unlock(&p->mu);
		parse_slice(&ws, &p->sl[i]);
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
	struct worker_arg *a = arg;
	struct lr_pool *p = a->p;
	uint64_t seen = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->quit && p->gen == seen)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->quit)
			break;
		seen = p->gen;
		pthread_mutex_unlock(&p->mu);
		take_part(p, &p->tally[a->idx].t);
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct lr_pool *lr_pool_new(unsigned threads, const struct state *s)
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
	lr_tally_init(s->lr, &p->tally[0].t);
	for (i = 1; i < threads; i++) {
		struct worker_arg *a = &p->arg[p->started + 1];

		a->p = p;
		a->idx = p->started + 1;
		lr_tally_init(s->lr, &p->tally[a->idx].t);
		if (pthread_create(&p->th[p->started], NULL, worker, a) != 0) {
			free(p->tally[a->idx].t.days_mem);
			break;
		}
		p->started++;
	}
	p->n_threads = p->started + 1;
	return p;
}

void lr_pool_free(struct lr_pool *p, struct logreview *lr)
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
	for (i = 0; i < p->n_threads; i++)
		lr_tally_done(lr, &p->tally[i].t);
	for (i = 0; i < MAX_SLICES; i++) {
		free(p->sl[i].ev);
		free(p->sl[i].full);
	}
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

static void add_slice(struct lr_pool *p, const char *from, const char *to, bool single, bool cut)
{
	struct slice *sl = &p->sl[p->n_slices++];

	sl->p = from;
	sl->end = to;
	sl->single = single;
	sl->cut = cut;
	sl->ready = false;
}

/* A run cut at line breaks into slices of about SLICE_BYTES (room is left for the pieces after it). */
static void add_run(struct lr_pool *p, const struct logsrc_piece *pc, size_t room)
{
	const char *cur = pc->p, *end = pc->p + pc->len;
	size_t n = pc->len / SLICE_BYTES, k;

	if (n > room)
		n = room;
	if (n < 1)
		n = 1;
	for (k = 1; k < n && cur < end; k++) {
		const char *at = pc->p + pc->len / n * k, *nl;

		if (at <= cur)
			continue;
		nl = memchr(at, '\n', (size_t)(end - at));
		if (!nl || nl + 1 >= end)
			break;
		add_slice(p, cur, nl + 1, false, false);
		cur = nl + 1;
	}
	add_slice(p, cur, end, false, false);
}

static int on_pieces(void *arg, const struct logsrc_piece *pieces, size_t n)
{
	struct state *s = arg;
	struct lr_pool *p = s->pool;
	size_t i;

	pthread_mutex_lock(&p->mu);
	p->s = s;
	p->proto = *s;
	p->n_slices = 0;
	for (i = 0; i < n && p->n_slices < MAX_SLICES; i++) {
		if (pieces[i].run)
			add_run(p, &pieces[i], MAX_SLICES - p->n_slices - (n - i - 1));
		else
			add_slice(p, pieces[i].p, pieces[i].p + pieces[i].len, true, pieces[i].cut);
	}
	p->next_parse = p->next_fold = 0;
	p->folding = false;
	p->gen++;
	if (p->n_slices > 1)
		pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	take_part(p, &p->tally[0].t);
	pthread_mutex_lock(&p->mu);
	while (p->next_fold < p->n_slices)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

int lr_read_lines(struct state *s, const struct logsrc_file *f, struct err *err)
{
	return logsrc_read_pieces(s->root, f, on_pieces, s, err);
}
