/*
 * The holiday log review (see logreview.h). One pass over each source,
 * streaming: every line is parsed (parse/syslog, parse/logmsg) and folded
 * into per-source counters and bounded lists. Times without a year
 * (RFC 3164) take theirs from the file's mtime: a month and day later in the
 * year than the mtime belong to the year before (Dec -> Jan).
 */
#include "engines/logreview.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "collect/evtx.h"
#include "collect/logsrc.h"
#include "engines/logreview_priv.h"
#include "parse/syslog.h"
#include "util/swar.h"
#include "util/timeutil.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ reading */

static int on_entry(void *arg, const struct logsrc_jentry *e)
{
	struct state *s = arg;
	int64_t t = lr_floor_div(e->usec, 1000000);
	struct lr_event ev;
	struct logmsg m;

	s->je = e;
	s->tally->lines++;
	if (e->cut)
		s->tally->cut_lines++;
	lr_take_time(s, t);
	if (lr_tally_time(s, t)) {
		struct span msg = SPAN(e->msg, e->msg_len);

		logmsg_parse(SPAN(e->prog, e->prog_len), msg, &m);
		ev.pid = e->pid ? e->pid + 1 : 0;
		if (lr_classify(s, t, &m, &ev))
			lr_take_event(s, &ev, &m, msg, e->cut);
	}
	s->je = NULL;
	return 0;
}

/* The hours of the log source name (a file family, the journal), to judge its gaps alone; NULL beyond the cap. */
static uint8_t *family_hours(struct state *s, const char *name)
{
	struct lr_family *fm;

	if (s->n_fam && strcmp(s->fam[s->n_fam - 1].name, name) == 0)
		return s->fam[s->n_fam - 1].hours;
	if (s->n_fam >= LR_MAX_FAMILIES)
		return NULL;
	fm = &s->fam[s->n_fam++];
	fm->name = xstrdup(name);
	fm->hours = xcalloc(s->n_hours, 1);
	return fm->hours;
}

uint8_t *lr_family_hours(struct state *s, const char *name)
{
	return family_hours(s, name);
}

static void read_file(struct state *s, const struct logsrc_file *f)
{
	struct logreview *lr = s->lr;
	struct err e = { 0 };

	s->fam_hours = family_hours(s, f->family ? f->family : f->path);
	s->path = f->path;
	s->prev_t = 0;
	s->lineno = 0;
	lr_set_reference(s, (int64_t)f->st.st_mtime);
	lr->read_files = xrealloc(lr->read_files, st_mult(lr->n_read_files + 1, sizeof(*lr->read_files)));
	lr->read_files[lr->n_read_files++] = xstrdup(f->path);
	if (lr_read_lines(s, f, &e) < 0) {
		struct lr_integrity *i = lr_add_integrity(s, LRI_READ_ERROR, f->path);
		if (i)
			i->where = xstrdup(e.msg);
	}
	s->path = NULL;
	s->fam_hours = NULL;
}

static void read_journal(struct state *s)
{
	struct logreview *lr = s->lr;
	struct logsrc_jstats js;
	struct err e = { 0 };
	int ret;

	s->prev_t = 0;
	s->fam_hours = family_hours(s, s->o->journal_dir ? s->o->journal_dir : "journal");
	ret = logsrc_read_journal(s->root, s->o->journal_dir, lr->baseline_since * 1000000, on_entry, s, &js, &e);
	s->fam_hours = NULL;
	/* no journal is no error when it was not asked for; a directory named on the command line is */
	if (ret == -ENOENT && s->o->journal == LR_JOURNAL_AUTO && !s->o->journal_dir)
		return;
	lr->read_files = xrealloc(lr->read_files, st_mult(lr->n_read_files + 1, sizeof(*lr->read_files)));
	lr->read_files[lr->n_read_files++] = xstrdup(s->o->journal_dir ? s->o->journal_dir : "journal");
	if (ret < 0) {
		struct lr_integrity *i = lr_add_integrity(s, LRI_READ_ERROR, s->o->journal_dir ? s->o->journal_dir : "journal");
		if (i)
			i->where = xstrdup(e.msg);
		return;
	}
	lr->used_journal = true;
	if (js.errors || js.corrupt_files) {
		struct lr_integrity *i = lr_add_integrity(s, LRI_JOURNAL, s->o->journal_dir ? s->o->journal_dir : "journal");
		if (i) {
			i->a = (int64_t)js.errors;
			i->b = (int64_t)js.corrupt_files;
			i->where = xstrdup(js.first_error);
		}
	}
}

/* ------------------------------------------------------------------ after reading */

static int cmp_source(const void *a, const void *b)
{
	const struct lr_source *x = *(struct lr_source *const *)a, *y = *(struct lr_source *const *)b;

	if (x->fail_window != y->fail_window)
		return x->fail_window > y->fail_window ? -1 : 1;
	return strcmp(x->addr, y->addr);
}

static void top_insert(struct lr_count *top, size_t *n, const char *key, uint64_t count)
{
	size_t i, pos;

	if (*n == LR_TOP && top[LR_TOP - 1].n >= count)
		return;
	for (pos = 0; pos < *n && top[pos].n >= count; pos++)
		;
	if (*n == LR_TOP)
		free(top[LR_TOP - 1].key);
	else
		(*n)++;
	for (i = *n - 1; i > pos; i--)
		top[i] = top[i - 1];
	top[pos].key = xstrdup(key);
	top[pos].n = count;
}

static void finish_sources(struct state *s)
{
	struct logreview *lr = s->lr;
	size_t i, alloc = 0;

	for (i = 0; i < s->src.cap; i++) {
		struct lr_source *src = s->src.slot[i];
		if (src && (src->fail_window || src->maxtries || src->probes)) {
			ALLOC_GROW(lr->sources, lr->n_sources + 1, alloc);
			lr->sources[lr->n_sources++] = src;
		}
	}
	if (lr->n_sources)
		qsort(lr->sources, lr->n_sources, sizeof(*lr->sources), cmp_source);
	for (i = 0; i < lr->n_logins; i++) {
		struct lr_login *l = &lr->logins[i];
		struct lr_source *src;

		if (l->kind == LM_SU_OK || !l->src[0])
			continue;
		src = lr_src_lookup(&s->src, l->src);
		l->new_source = !src || !(l->kind == LM_VPN_OK ? src->vpn_ok_baseline : src->ok_baseline);
	}
	{
		GHashTableIter it;
		gpointer k, v;

		g_hash_table_iter_init(&it, s->fw_src);
		while (g_hash_table_iter_next(&it, &k, &v))
			top_insert(lr->fw_top_src, &lr->n_fw_top_src, k, *(uint64_t *)v);
	}
	for (i = 1; i < 65536; i++) {
		if (s->fw_port[i]) {
			char key[8];
			snprintf(key, sizeof(key), "%zu", i);
			top_insert(lr->fw_top_port, &lr->n_fw_top_port, key, s->fw_port[i]);
		}
	}
}

/* ------------------------------------------------------------------ the run */

static bool has_auth_log(const struct logsrc_files *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		const char *b = strrchr(fs->v[i].family, '/');
		b = b ? b + 1 : fs->v[i].family;
		if (strcmp(b, "auth.log") == 0 || strcmp(b, "secure") == 0)
			return true;
	}
	return false;
}

static int open_tz(struct root *r, const char *name, struct logreview *lr, GTimeZone **out, struct err *err)
{
	char *guess = name ? NULL : logsrc_timezone(r);
	const char *use = name ? name : guess ? guess : "UTC";
	GTimeZone *tz = g_time_zone_new_identifier(use);

	if (!tz) {
		int ret = err_set(err, -EINVAL, "unknown time zone '%s'", use);
		free(guess);
		return ret;
	}
	lr->tz = xstrdup(use);
	free(guess);
	*out = tz;
	return 0;
}

/* ------------------------------------------------------------------ no window given: the files' span */

struct span_scan {
	struct state *s;
	int64_t first, last;
	bool any;
};

static int span_line(void *arg, const char *line, size_t len, bool cut, uint64_t lineno)
{
	struct span_scan *sc = arg;
	struct syslog_line h;
	int64_t t;

	(void)cut;
	(void)lineno;
	syslog_parse_line(line, len, &h);
	/* an appliance's line without a syslog header has its time in its fields (as the review reads it) */
	if (!lr_line_time(sc->s, &h, &t) && !(logvpn_header(line, len, &h) && lr_line_time(sc->s, &h, &t)))
		return 0;
	if (!sc->any || t < sc->first)
		sc->first = t;
	if (!sc->any || t > sc->last)
		sc->last = t;
	sc->any = true;
	return 0;
}

/* The first and last time of the explicit files' lines (a read of its own); false when none has a time. */
static bool files_span(struct state *s, char *const *evtx, size_t n_evtx, int64_t *first, int64_t *last)
{
	struct span_scan sc = { .s = s };
	int64_t a, b;
	size_t i;

	if (n_evtx && lr_evtx_span(s, evtx, n_evtx, &a, &b)) {
		sc.first = a;
		sc.last = b;
		sc.any = true;
	}
	for (i = 0; i < s->o->n_files; i++) {
		struct logsrc_file f;
		struct err e = { 0 };

		if (evtx_sniff(s->root, s->o->files[i], &e) == 1)
			continue;	/* a Windows event log: its span is above */
		if (logsrc_stat_file(s->root, s->o->files[i], &f, &e) < 0)
			continue;	/* the review itself says why */
		lr_set_reference(s, (int64_t)f.st.st_mtime);
		(void)logsrc_read(s->root, &f, span_line, &sc, &e);
		logsrc_file_free(&f);
	}
	*first = sc.first;
	*last = sc.last;
	return sc.any;
}

/* Frees the table (its sources are in the arena). */
static void free_srctab(struct lr_srctab *tb)
{
	free(tb->slot);
	free(tb->hash);
	memset(tb, 0, sizeof(*tb));
}

int logreview_run(struct root *r, const struct logreview_opts *o, struct logreview *out, struct err *err)
{
	struct logreview lr = { 0 };
	struct logsrc_files fs = { 0 };
	struct state s = { 0 };
	struct lr_tally tally;
	struct lr_priv *p = xcalloc(1, sizeof(*p));
	char **evtx = NULL;		/* Windows event logs among the FILEs and in o->evtx_dir */
	size_t n_evtx = 0;
	long d0, d1, d;
	size_t i, alloc = 0;
	int ret;

	lr.priv = p;
	s.o = o;
	s.lr = &lr;
	s.root = r;
	s.l2u_key = s.u2l_key = s.day_key = INT64_MIN;
	s.max_sources = o->max_sources ? o->max_sources : LR_MAX_SOURCES;
	if (o->n_inside_networks) {
		struct logvpn_net *nets = xcalloc(o->n_inside_networks, sizeof(*nets));

		for (i = 0; i < o->n_inside_networks; i++)
			if (logvpn_net_parse(o->inside_networks[i], &nets[s.n_inside]) == 0)
				s.n_inside++;
		s.inside = nets;
	}
	lr.source_cap = s.max_sources;
	lr.source_reserve = s.max_sources >> LR_SOURCE_RESERVE_SHIFT;
	ret = open_tz(r, o->tz, &lr, &s.tz, err);
	if (ret < 0)
		goto fail;
	p->tz = s.tz;
	ret = lr_evtx_paths(&s, &evtx, &n_evtx, err);
	if (ret < 0)
		goto fail;
	/* the window */
	if (o->since || o->until) {
		lr.since = o->since;
		lr.until = o->until ? o->until : o->now;
	} else if (o->has_holiday) {
		GDateTime *x = g_date_time_new_from_unix_utc((gint64)o->holiday_start_days * 86400);
		GDateTime *y = g_date_time_new_from_unix_utc((gint64)(o->holiday_end_days + 1) * 86400);

		if (!x || !y) {
			if (x)
				g_date_time_unref(x);
			if (y)
				g_date_time_unref(y);
			ret = err_set(err, -EINVAL, "the holiday dates are out of range");
			goto fail;
		}
		lr.since = lr_local_to_utc(&s, g_date_time_get_year(x), g_date_time_get_month(x),
					g_date_time_get_day_of_month(x), 0, 0, 0);
		lr.until = lr_local_to_utc(&s, g_date_time_get_year(y), g_date_time_get_month(y),
					g_date_time_get_day_of_month(y), 0, 0, 0);
		g_date_time_unref(x);
		g_date_time_unref(y);
	} else if (o->whole_span && (o->n_files || o->evtx_dir) && files_span(&s, evtx, n_evtx, &lr.since, &lr.until)) {
		lr.whole_span = true;
		lr.until++;
		if (lr.until - lr.since > (int64_t)LR_MAX_DAYS * 86400) {
			lr.since = lr.until - (int64_t)LR_MAX_DAYS * 86400;
			lr.span_clipped = true;
		}
	} else {
		lr.until = o->now;
		lr.since = o->now - 7 * 86400;
	}
	if (lr.until <= lr.since) {
		ret = err_set(err, -EINVAL, "the review window is empty (it ends before it starts)");
		goto fail;
	}
	if (lr.until - lr.since > (int64_t)LR_MAX_DAYS * 86400) {
		ret = err_set(err, -EINVAL, "the review window is longer than %d days", LR_MAX_DAYS);
		goto fail;
	}
	lr.baseline_since = lr.since - (int64_t)o->baseline_days * 86400;
	s.n_hours = (size_t)((lr.until - lr.baseline_since) / 3600) + 1;
	s.hours = xcalloc(s.n_hours, 1);
	d0 = lr_local_day(&s, lr.since);
	d1 = lr_local_day(&s, lr.until - 1);
	lr.n_days = (size_t)(d1 - d0 + 1);
	lr.days = xcalloc(lr.n_days, sizeof(*lr.days));
	for (d = d0; d <= d1; d++)
		lr.days[d - d0].day = d;
	lr_tally_init(&lr, &tally);
	s.tally = &tally;
	s.fw_src = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
	s.fw_allow = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	s.fw_port = xcalloc(65536, sizeof(*s.fw_port));

	/* the sources */
	if (o->n_files || o->evtx_dir) {
		for (i = 0; i < o->n_files; i++) {
			struct logsrc_file f;
			struct err e = { 0 };

			if (evtx_sniff(r, o->files[i], &e) == 1)
				continue;	/* read below, with the other event logs */
			if (logsrc_stat_file(r, o->files[i], &f, &e) < 0) {
				/* a link is not followed: said (LOG-0010), as for an event log, and the others read */
				if (e.code == -ELOOP) {
					struct lr_integrity *in = lr_add_integrity(&s, LRI_READ_ERROR, o->files[i]);

					if (in)
						in->where = xstrdup(e.msg);
					continue;
				}
				ret = err_set(err, e.code ? e.code : -EINVAL, "%s", e.msg);
				goto fail_tables;
			}
			ALLOC_GROW(fs.v, fs.n + 1, alloc);
			fs.v[fs.n++] = f;
		}
	} else {
		ret = logsrc_find(r, &fs, err);
		if (ret < 0)
			goto fail_tables;
		for (i = 0; i < fs.n_missing; i++)
			lr_add_integrity(&s, LRI_ROTATION_MISSING, fs.missing[i]);
		for (i = 0; i < fs.n_odd; i++) {
			struct lr_integrity *in = lr_add_integrity(&s, LRI_NOT_A_FILE, fs.odd[i].path);

			if (in) {
				in->a = fs.odd[i].type;
				in->b = fs.odd[i].target_type;
				in->where = fs.odd[i].target ? xstrdup(fs.odd[i].target) : NULL;
			}
		}
	}
	if (fs.n)
		s.pool = lr_pool_new(o->threads, &s);
	for (i = 0; i < fs.n; i++)
		read_file(&s, &fs.v[i]);
	lr_pool_free(s.pool, &lr);
	s.pool = NULL;
	if (n_evtx)
		lr_read_evtx(&s, evtx, n_evtx);
	if (o->journal == LR_JOURNAL_YES || o->journal_dir ||
	    (o->journal == LR_JOURNAL_AUTO && !o->n_files && !o->evtx_dir && !has_auth_log(&fs)))
		read_journal(&s);
	lr_tally_done(&lr, &tally);
	finish_sources(&s);
	if (s.sketch) {
		lr.sources_dropped = lr_sketch_distinct(s.sketch);
		lr.summary_width = s.sketch->width;
	}
	lr_find_gaps(&s);
	if (o->db_path)
		lr_compare_store(&s, &fs);

	logsrc_files_free(&fs);
	strv_free(evtx, n_evtx);
	free_srctab(&s.src);
	lr_sketch_free(s.sketch);
	free((void *)s.inside);
	free(s.pairs);
	free(s.fw_port);
	free(s.hours);
	for (i = 0; i < s.n_fam; i++) {
		free(s.fam[i].name);
		free(s.fam[i].hours);
	}
	g_hash_table_destroy(s.fw_src);
	g_hash_table_destroy(s.fw_allow);
	*out = lr;
	return 0;

fail_tables:
	logsrc_files_free(&fs);
	lr_tally_done(&lr, &tally);
	free_srctab(&s.src);
	lr_sketch_free(s.sketch);
	free((void *)s.inside);
	free(s.pairs);
	g_hash_table_destroy(s.fw_src);
	g_hash_table_destroy(s.fw_allow);
	free(s.fw_port);
fail:
	strv_free(evtx, n_evtx);
	free(s.hours);
	for (i = 0; i < s.n_fam; i++) {
		free(s.fam[i].name);
		free(s.fam[i].hours);
	}
	logreview_free(&lr);
	return ret;
}

void logreview_free(struct logreview *lr)
{
	struct lr_priv *p = lr->priv;
	size_t i;

	if (p && p->tz)
		g_time_zone_unref(p->tz);
	if (p)
		arena_release(&p->mem);
	free(p);
	free(lr->tz);
	for (i = 0; i < lr->n_read_files; i++)
		free(lr->read_files[i]);
	free(lr->read_files);
	/* the sources, and the strings of logins, accounts and accepted connections: in the arena */
	free(lr->sources);
	free(lr->logins);
	free(lr->accounts);
	free(lr->lockouts);
	free(lr->persist);
	free(lr->cleared);
	free(lr->fw_allow);
	for (i = 0; i < lr->n_fw_top_src; i++)
		free(lr->fw_top_src[i].key);
	for (i = 0; i < lr->n_fw_top_port; i++)
		free(lr->fw_top_port[i].key);
	for (i = 0; i < lr->n_integrity; i++) {
		free(lr->integrity[i].subject);
		free(lr->integrity[i].where);
	}
	free(lr->integrity);
	free(lr->days);
	for (i = 0; i < lr->n_warnings; i++)
		free(lr->warnings[i]);
	free(lr->warnings);
	memset(lr, 0, sizeof(*lr));
}
