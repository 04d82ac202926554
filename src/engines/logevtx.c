/*
 * Windows event logs in the log review (see logreview_priv.h). Every .evtx
 * file is open at once and its records are taken in the order of their
 * written time across the files (a heap of the files' next records), so a
 * login in Security.evtx is judged after the failures before it in any
 * file. Each record is one "line": its time is counted like a line's, and
 * the records of the events parse/evtxmap.c knows become the review's
 * events, the same as a text log's; the others are counted as not
 * recognised. A file's records are read in its own order: a record older
 * than the one before it by more than logs.backwards_seconds is time going
 * backwards, as in a text log. Evidence names the file and the record
 * identifier ("Security.evtx record 4711").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collect/evtx.h"
#include "engines/logreview_priv.h"
#include "parse/evtxmap.h"
#include "util/xalloc.h"

struct evsrc {
	struct evtx_file *f;
	const char *path;
	uint8_t *fam_hours;
	uint64_t next;
	struct evtx_rec rec;	/* the next record, not yet taken */
};

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

/* ------------------------------------------------------------------ the heap of the files' next records */

static bool earlier(const struct evsrc *a, const struct evsrc *b)
{
	/* a record without a time is only counted: at once */
	if (a->rec.no_time != b->rec.no_time)
		return a->rec.no_time;
	if (a->rec.usec != b->rec.usec)
		return a->rec.usec < b->rec.usec;
	return a < b;	/* the order the files were named in */
}

static void sift_down(struct evsrc **h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct evsrc *t;

		if (l < n && earlier(h[l], h[m]))
			m = l;
		if (r < n && earlier(h[r], h[m]))
			m = r;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* ------------------------------------------------------------------ one record */

static void take_record(struct state *s, struct evsrc *x)
{
	struct evtx_rec *rec = &x->rec;
	int64_t t = lr_floor_div(rec->usec, 1000000);
	char sum[EVTXMAP_SUMMARY];
	struct lr_event ev;
	struct logmsg m;
	size_t len = 0;

	s->path = x->path;
	s->lineno = rec->id;
	s->fam_hours = x->fam_hours;
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

		evtx_strings(x->f, rec);
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
		lr_take_event(s, &ev, &m, SPAN(sum, len), rec->cut);
}

/* Records libevtx could not read, a damaged chunk: reported with the counts (LOG-0100). */
static void damage(struct state *s, const struct evsrc *x)
{
	const struct evtx_stats *st = evtx_stats(x->f);
	struct lr_integrity *in;

	if (!st->bad_records && !st->corrupted)
		return;
	in = lr_add_integrity(s, LRI_EVTX_DAMAGE, x->path);
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
	struct evsrc *src = xcalloc(n, sizeof(*src));
	struct evsrc **heap = xcalloc(n, sizeof(*heap));
	size_t i, nh = 0;

	s->evtx = true;
	s->prev_t = 0;
	for (i = 0; i < n; i++) {
		struct evsrc *x = &src[i];
		struct err e = { 0 };

		x->path = paths[i];
		lr->read_files = xrealloc(lr->read_files, st_mult(lr->n_read_files + 1, sizeof(*lr->read_files)));
		lr->read_files[lr->n_read_files++] = xstrdup(paths[i]);
		if (evtx_open(s->root, paths[i], &x->f, &e) < 0) {
			struct lr_integrity *in = lr_add_integrity(s, LRI_READ_ERROR, paths[i]);

			if (in)
				in->where = xstrdup(e.msg);
			x->f = NULL;
			continue;
		}
		x->fam_hours = lr_family_hours(s, paths[i]);
		if (evtx_next(x->f, &x->next, &x->rec) == 1)
			heap[nh++] = x;
	}
	for (i = nh / 2; i-- > 0;)
		sift_down(heap, nh, i);
	while (nh) {
		struct evsrc *x = heap[0];

		take_record(s, x);
		if (evtx_next(x->f, &x->next, &x->rec) != 1)
			heap[0] = heap[--nh];
		sift_down(heap, nh, 0);
	}
	for (i = 0; i < n; i++) {
		if (!src[i].f)
			continue;
		damage(s, &src[i]);
		evtx_close(src[i].f);
	}
	s->evtx = false;
	s->path = NULL;
	s->fam_hours = NULL;
	free(heap);
	free(src);
}
