/*
 * Text logs on several threads (see logreview_priv.h). Taking a line apart
 * (line break, syslog header, time, message) is a pure function of the
 * line, the file's reference year and the time zone, and most of what lines
 * add up to (counts, the timeline, the hours with lines) does not depend on
 * their order: that is done on every thread, each into its own tally. What
 * does depend on the order (sources, "failed before", time going backwards,
 * the first N of a list) comes out of a slice as a short list of events,
 * taken in line order by whichever thread finds the next slice ready while
 * the others parse on. The slices of two calls of the reader are in flight
 * at once (a ring): the caller returns as soon as the pieces of the call
 * before are done with, and maps the next window while the others parse.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "engines/logreview_priv.h"
#include "engines/pwcrack.h"
#include "parse/logvpn.h"
#include "util/xalloc.h"

#define MAX_THREADS 8
#define MAX_SLICES 64		/* of one call of the reader */
#define RING (2 * MAX_SLICES)	/* of two calls */
#define SLICE_BYTES ((size_t)64 << 10)	/* of a run: small enough for its events to stay in cache */

/* A line's message kept for an event that needs all of it (lr_event.full). */
struct full {
	struct logmsg m;
	struct span msg;
	bool cut;
};

/* What parsing a slice found (worked on in a copy on the parsing thread's stack, then stored). */
struct parsed {
	size_t n_lines;
	struct lr_event *ev;
	size_t n_ev, alloc_ev;
	struct full *full;
	size_t n_full, alloc_full;
	int64_t first_t, last_t;	/* of the lines with a time */
	uint32_t first_line;
	bool has_t;
};

struct slice {
	const char *p, *end;	/* whole lines, or one line (single, a copy in own) */
	bool single, cut;
	char *own;
	size_t alloc_own;
	struct parsed r;
	/* read by the thread folding while another parses the slice: a cache line of its own */
	bool ready __attribute__((aligned(64)));
} __attribute__((aligned(64)));

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
	uint64_t gen;		/* one more at each call of the reader */
	struct state *s;	/* folded into, in order */
	struct state proto;	/* what a parsing thread copies: reference year, time caches (after each call of none) */
	bool have_proto;
	/* slice k (counted from the start) is sl[k % RING] */
	struct slice sl[RING];
	uint64_t n_slices, next_parse, next_fold;
	bool folding;
};

static void add_event(struct parsed *sl, const struct lr_event *e, uint32_t line, const struct logmsg *m,
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

static void parse_line(struct state *ws, struct parsed *sl, const struct logsrc_piece *l, uint32_t line,
		       int64_t *prev)
{
	struct lr_tally *ty = ws->tally;
	size_t len = l->len;
	struct syslog_line h;
	struct lr_event e;
	struct logmsg m;
	int64_t t;
	int se;
	bool appliance = false;

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
			/* an appliance's line as a syslog server keeps it: <PRI>, RFC 5424, Cisco's, or its own fields */
			appliance = logvpn_header(l->p, len, &h) && lr_line_time(ws, &h, &t);
			if (!appliance) {
				ty->no_time++;
				return;
			}
		} else if (h.ts == SYSLOG_TS_NOYEAR) {
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
	if (!h.prog.len && h.ts == SYSLOG_TS_LOCAL && !appliance)
		h.prog = SPAN("openvpn", 7);
	logmsg_parse(h.prog, h.msg, &m);
	/* the device an appliance's line came from: the syslog host, else its own name for itself (devname=) */
	if (m.svc >= LS_FORTIGATE && h.host.len && logvpn_is_appliance(m.svc))
		m.device = h.host.len <= LOGVPN_MAX_DEVICE ? h.host : SPAN(h.host.p, LOGVPN_MAX_DEVICE);
	e.pid = (uint32_t)(h.pid + 1);	/* -1 (none) is 0 */
	if (lr_classify(ws, t, &m, &e))
		add_event(sl, &e, line, &m, h.msg, l->cut);
}

/*
 * Everything a line goes through, inlined here (flatten): the header, the
 * message and the tally work on one line's fields in registers instead of
 * passing them through memory from call to call (11% fewer instructions a
 * line on sshd's lines, 15% on the mixed log). The parsers of rare programs
 * stay out of line (COLD in parse/logmsg.c): the function would be twice as
 * large and take longer to build for nothing.
 */
__attribute__((flatten)) static void parse_slice(struct state *ws, struct slice *slice)
{
	struct parsed r = slice->r;
	int64_t prev = 0;

	r.n_lines = 0;
	r.n_ev = r.n_full = 0;
	r.has_t = false;
	if (slice->single) {
		struct logsrc_piece l = { slice->p, (size_t)(slice->end - slice->p), false, slice->cut };

		parse_line(ws, &r, &l, 0, &prev);
		r.n_lines = 1;
	} else {
		const char *cur = slice->p, *end = slice->end;
		struct logsrc_piece l;

		while (logsrc_next_line(&cur, end, &l)) {
			/*
			 * the lines a kilobyte ahead, into the cache while this one is parsed
			 * (a hint: no fault past the end): a line's first read, the search for
			 * its line break, waited for memory a tenth of the time of a run
			 */
			__builtin_prefetch(cur + 1024);
			__builtin_prefetch(cur + 1088);
			parse_line(ws, &r, &l, (uint32_t)r.n_lines++, &prev);
		}
	}
	slice->r = r;
}

static void fold_slice(struct state *s, const struct slice *sl)
{
	uint64_t base = s->lineno;
	const struct full *f = sl->r.full;
	size_t i;

	if (sl->r.has_t) {
		s->lineno = base + sl->r.first_line + 1;
		lr_take_time(s, sl->r.first_t);
	}
	for (i = 0; i < sl->r.n_ev; i++) {
		const struct lr_event *e = &sl->r.ev[i];

		s->lineno = base + e->line + 1;
		if (e->full) {
			lr_take_event(s, e, &f->m, f->msg, f->cut);
			f++;
		} else {
			lr_take_event(s, e, NULL, SPAN("", 0), false);
		}
	}
	if (sl->r.has_t)
		s->prev_t = sl->r.last_t;
	s->lineno = base + sl->r.n_lines;
}

/*
 * Parses the next slices and folds those whose turn it is: until none is
 * left to parse, or (until >= 0) until the slices before until are folded.
 * Called and returns with the lock held.
 */
static void take_part(struct lr_pool *p, struct lr_tally *ty, int64_t until)
{
	struct state ws;
	uint64_t have = 0;

	for (;;) {
		struct slice *sl;

		if (until >= 0 && p->next_fold >= (uint64_t)until)
			break;
		if (p->next_parse >= p->n_slices) {
			if (until < 0)
				break;
			/* another thread parses or folds what is left before until */
			pthread_cond_wait(&p->done, &p->mu);
			continue;
		}
		sl = &p->sl[p->next_parse++ % RING];
		if (have != p->gen) {	/* gen is 1 or more once pieces are out */
			ws = p->proto;
			ws.tally = ty;
			have = p->gen;
		}
		pthread_mutex_unlock(&p->mu);
		parse_slice(&ws, sl);
		pthread_mutex_lock(&p->mu);
		sl->ready = true;
		if (p->folding)
			continue;	/* the thread folding will come to it */
		p->folding = true;
		while (p->next_fold < p->n_slices && p->sl[p->next_fold % RING].ready) {
			struct state *into = p->s;

			sl = &p->sl[p->next_fold % RING];
			pthread_mutex_unlock(&p->mu);
			fold_slice(into, sl);
			pthread_mutex_lock(&p->mu);
			sl->ready = false;
			p->next_fold++;
		}
		p->folding = false;
		pthread_cond_broadcast(&p->done);
	}
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
		take_part(p, &p->tally[a->idx].t, -1);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct lr_pool *lr_pool_new(unsigned threads, const struct state *s)
{
	/*
	 * aligned as its members ask: from malloc's 16 bytes, a thread's tally
	 * shared a cache line with the next one's line counter, and the two
	 * threads' caches took the line from each other at every line (a tenth
	 * of the run's time on two threads)
	 */
	struct lr_pool *p = xcalloc_aligned(_Alignof(struct lr_pool), sizeof(*p));
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
	for (i = 0; i < RING; i++) {
		free(p->sl[i].r.ev);
		free(p->sl[i].r.full);
		free(p->sl[i].own);
	}
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

static void add_slice(struct lr_pool *p, const char *from, const char *to, bool single, bool cut)
{
	struct slice *sl = &p->sl[p->n_slices++ % RING];

	sl->single = single;
	sl->cut = cut;
	sl->ready = false;
	if (single) {
		/* the reader's copy of the line is gone after this call: keep one */
		size_t n = (size_t)(to - from);

		ALLOC_GROW(sl->own, n ? n : 1, sl->alloc_own);
		memcpy(sl->own, from, n);
		from = sl->own;
		to = sl->own + n;
	}
	sl->p = from;
	sl->end = to;
}

/* Where a slice begins and ends, found before the pool's lock is taken. */
struct cut {
	const char *from, *to;
	bool single, cut;
};

/*
 * A run cut at line breaks into slices of about SLICE_BYTES (room is left
 * for the pieces after it). The line breaks are looked for in a window just
 * mapped: the first reads of its pages fault them in, which takes long
 * enough that the pool's lock must not be held meanwhile (a thread that
 * finds the lock taken sleeps, and on a virtual machine wakes late).
 */
static size_t cut_run(const struct logsrc_piece *pc, size_t room, struct cut *out)
{
	const char *cur = pc->p, *end = pc->p + pc->len;
	size_t n = pc->len / SLICE_BYTES, k, m = 0;

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
		out[m++] = (struct cut){ cur, nl + 1, false, false };
		cur = nl + 1;
	}
	out[m++] = (struct cut){ cur, end, false, false };
	return m;
}

static int on_pieces(void *arg, const struct logsrc_piece *pieces, size_t n)
{
	struct state *s = arg;
	struct lr_pool *p = s->pool;
	struct cut cuts[MAX_SLICES];
	uint64_t before;
	size_t i, m = 0;

	/* at most MAX_SLICES: each run leaves a slice for every piece after it */
	for (i = 0; i < n; i++) {
		if (pieces[i].run)
			m += cut_run(&pieces[i], MAX_SLICES - m - (n - i - 1), cuts + m);
		else
			cuts[m++] = (struct cut){ pieces[i].p, pieces[i].p + pieces[i].len, true, pieces[i].cut };
	}
	pthread_mutex_lock(&p->mu);
	if (!n) {
		/* a call of none (the end of a file, or a buffer to reuse): everything is folded before its pieces go */
		take_part(p, &p->tally[0].t, (int64_t)p->n_slices);
		p->have_proto = false;
		pthread_mutex_unlock(&p->mu);
		return 0;
	}
	if (!p->have_proto) {
		/* after a call of none only, when nothing is folding: s's time caches are written by the thread folding */
		p->s = s;
		p->proto = *s;
		p->have_proto = true;
	}
	before = p->n_slices;
	for (i = 0; i < m; i++)
		add_slice(p, cuts[i].from, cuts[i].to, cuts[i].single, cuts[i].cut);
	p->gen++;
	pthread_cond_broadcast(&p->work);
	/* done with the pieces of the call before (its window is unmapped when this returns) */
	take_part(p, &p->tally[0].t, (int64_t)before);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

int lr_read_lines(struct state *s, const struct logsrc_file *f, struct err *err)
{
	return logsrc_read_pieces(s->root, f, on_pieces, s, err);
}
