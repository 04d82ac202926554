/*
 * Windows event logs in the log review (see logreview_priv.h). The files are
 * read one after the other (libevtx keeps about 4 MB per open file: a
 * directory of 300 logs open at once took 700 MB), each record once, in the
 * file's own order: its time is counted like a line's (the span, the hours
 * that had lines, a time going backwards by more than logs.backwards_seconds
 * within the file), and the records of the events parse/evtxmap.c knows are
 * mapped and classified there (the timeline, the counts by kind), the
 * others counted as not recognised. What depends on the order of events
 * (the sources and their failures before a login, the logins and changes
 * listed) is kept as a compact event (the source, the user, and for a login
 * or change its fields and summary) and taken in the order of the records'
 * written time across all the files at the end, so a login in Security.evtx
 * is judged after the failures before it in any file. Memory grows with
 * those events (about 100 bytes a failure, 300-600 a login or change), not
 * with the other records. Evidence names the file and the record identifier
 * ("Security.evtx record 4711").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collect/evtx.h"
#include "engines/logreview_priv.h"
#include "parse/evtxmap.h"
#include "util/arena.h"
#include "util/xalloc.h"

int lr_evtx_paths(struct state *s, char ***paths, size_t *n, struct err *err)
{
	const struct logreview_opts *o = s->o;
	char **v = NULL, **dir = NULL;
	size_t k = 0, nd = 0, i, alloc = 0;
	bool truncated = false;
	int ret;

	for (i = 0; i < o->n_files; i++) {
		struct err e = { 0 };

		if (evtx_sniff(s->root, o->files[i], &e) == 1) {
			ALLOC_GROW(v, k + 1, alloc);
			v[k++] = xstrdup(o->files[i]);
		}
	}
	if (o->evtx_dir) {
		ret = evtx_list_dir(s->root, o->evtx_dir, &dir, &nd, &truncated, err);
		if (ret < 0) {
			strv_free(v, k);
			return ret;
		}
		for (i = 0; i < nd; i++) {
			ALLOC_GROW(v, k + 1, alloc);
			v[k++] = dir[i];
		}
		free(dir);
		if (truncated) {
			char *msg = xasprintf("'%s' holds more than %d Windows event logs: only the first %d (by name) were read",
					      o->evtx_dir, EVTX_MAX_FILES, EVTX_MAX_FILES);
			struct lr_integrity *in = lr_add_integrity(s, LRI_READ_ERROR, o->evtx_dir);

			if (in)
				in->where = msg;
			else
				free(msg);
		}
	}
	*paths = v;
	*n = k;
	return 0;
}

bool lr_evtx_span(struct state *s, char *const *paths, size_t n, int64_t *first, int64_t *last)
{
	bool any = false;
	size_t i;

	for (i = 0; i < n; i++) {
		struct evtx_file *f;
		struct evtx_rec rec;
		struct err e = { 0 };
		uint64_t next = 0;

		if (evtx_open(s->root, paths[i], &f, &e) < 0)
			continue;	/* the review says why */
		while (evtx_next(f, &next, &rec) == 1) {
			int64_t t;

			if (rec.no_time)
				continue;
			t = lr_floor_div(rec.usec, 1000000);

			if (!any || t < *first)
				*first = t;
			if (!any || t > *last)
				*last = t;
			any = true;
		}
		evtx_close(f);
	}
	return any;
}

/* ------------------------------------------------------------------ events kept for the ordered pass */

struct evq {
	struct lr_event e;	/* src and user point into the arena */
	const struct logmsg *m;	/* a copy (in the arena) when the event needs it (e.full) */
	const char *sum;	/* the record's summary, when e.full */
	uint32_t sum_len;
	uint32_t file;
	uint64_t rec_id;
	uint64_t seq;		/* the order read: ties keep it */
	bool cut;
};

struct evqueue {
	struct evq *v;
	size_t n, alloc;
	struct arena mem;
};

static struct span copy_span(struct arena *a, struct span sp)
{
	return sp.len ? SPAN(arena_strndup(a, sp.p, sp.len), sp.len) : SPAN("", 0);
}

static void keep(struct evqueue *q, const struct lr_event *e, const struct logmsg *m, const char *sum, size_t len,
		 uint32_t file, const struct evtx_rec *rec, bool cut)
{
	struct evq *x;

	ALLOC_GROW(q->v, q->n + 1, q->alloc);
	x = &q->v[q->n];
	memset(x, 0, sizeof(*x));
	x->e = *e;
	x->file = file;
	x->rec_id = rec->id;
	x->seq = q->n++;
	x->cut = cut;
	if (e->full) {
		struct logmsg *c = arena_zalloc(&q->mem, sizeof(*c));

		*c = *m;
		c->user = copy_span(&q->mem, m->user);
		c->src = copy_span(&q->mem, m->src);
		c->method = copy_span(&q->mem, m->method);
		c->target = copy_span(&q->mem, m->target);
		c->group = copy_span(&q->mem, m->group);
		c->pam_svc = copy_span(&q->mem, m->pam_svc);
		c->dst = c->proto = c->iface_in = c->iface_out = SPAN("", 0);
		x->m = c;
		x->sum = arena_strndup(&q->mem, sum, len);
		x->sum_len = (uint32_t)len;
		/* the event's source and user are the message's */
		x->e.src = e->src_len ? c->src.p : NULL;
		x->e.user = e->user_len ? c->user.p : NULL;
	} else {
		x->e.src = e->src_len ? arena_strndup(&q->mem, e->src, e->src_len) : NULL;
		x->e.user = e->user_len ? arena_strndup(&q->mem, e->user, e->user_len) : NULL;
	}
}

static int cmp_evq(const void *a, const void *b)
{
	const struct evq *x = a, *y = b;

	if (x->e.t != y->e.t)
		return x->e.t < y->e.t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ------------------------------------------------------------------ one record */

static void take_record(struct state *s, struct evtx_file *f, struct evtx_rec *rec, uint32_t file, struct evqueue *q)
{
	int64_t t = lr_floor_div(rec->usec, 1000000);
	char sum[EVTXMAP_SUMMARY];
	struct lr_event ev;
	struct logmsg m;
	size_t len = 0;

	s->lineno = rec->id;
	s->tally->lines++;
	s->lr->evtx_records++;
	if (rec->no_time) {
		/* written time 0 (seen in exported or edited logs): a line without a time, not a time going back to 1601 */
		s->tally->no_time++;
		return;
	}
	lr_take_time(s, t);
	if (!lr_tally_time(s, t))
		return;
	if (evtxmap_wanted(rec->event_id)) {
		struct evtx_fields fl;

		evtx_strings(f, rec);
		fl.event_id = rec->event_id;
		fl.provider = rec->provider;
		fl.str = rec->str;
		fl.n_str = rec->n_str;
		evtxmap_parse(&fl, &m, sum, &len);
	} else {
		memset(&m, 0, sizeof(m));
		m.kind = LM_UNKNOWN;
		m.count = 1;
	}
	ev.pid = 0;
	if (lr_classify(s, t, &m, &ev))
		keep(q, &ev, &m, sum, len, file, rec, rec->cut);
}

/* Records libevtx could not read, a damaged chunk: reported with the counts (LOG-0100). */
static void damage(struct state *s, const char *path, struct evtx_file *f)
{
	const struct evtx_stats *st = evtx_stats(f);
	struct lr_integrity *in;

	if (!st->bad_records && !st->corrupted)
		return;
	in = lr_add_integrity(s, LRI_EVTX_DAMAGE, path);
	if (!in)
		return;
	in->a = (int64_t)st->bad_records;
	in->b = (int64_t)st->records;
	in->t = (int64_t)st->recovered;
	in->t2 = st->corrupted;
	in->where = xstrdup(st->first_error);
}

void lr_read_evtx(struct state *s, char *const *paths, size_t n)
{
	struct logreview *lr = s->lr;
	struct evqueue q = { .mem = ARENA_INIT };
	struct logmsg none;
	size_t i;

	s->evtx = true;
	for (i = 0; i < n; i++) {
		struct evtx_file *f;
		struct evtx_rec rec;
		struct err e = { 0 };
		uint64_t next = 0;

		lr->read_files = xrealloc(lr->read_files, st_mult(lr->n_read_files + 1, sizeof(*lr->read_files)));
		lr->read_files[lr->n_read_files++] = xstrdup(paths[i]);
		if (evtx_open(s->root, paths[i], &f, &e) < 0) {
			struct lr_integrity *in = lr_add_integrity(s, LRI_READ_ERROR, paths[i]);

			if (in)
				in->where = xstrdup(e.msg);
			continue;
		}
		s->path = paths[i];
		s->prev_t = 0;
		s->fam_hours = lr_family_hours(s, paths[i]);
		while (evtx_next(f, &next, &rec) == 1)
			take_record(s, f, &rec, (uint32_t)i, &q);
		damage(s, paths[i], f);
		evtx_close(f);
	}
	s->fam_hours = NULL;
	/* the ordered effects, in the order of the records' written time across the files */
	if (q.n)
		qsort(q.v, q.n, sizeof(*q.v), cmp_evq);
	memset(&none, 0, sizeof(none));
	for (i = 0; i < q.n; i++) {
		const struct evq *x = &q.v[i];

		s->path = paths[x->file];
		s->lineno = x->rec_id;
		lr_take_event(s, &x->e, x->m ? x->m : &none, SPAN(x->sum ? x->sum : "", x->sum_len), x->cut);
	}
	s->evtx = false;
	s->path = NULL;
	free(q.v);
	arena_release(&q.mem);
}
