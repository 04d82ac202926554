/*
 * The log review's integrity findings: gaps and late starts in the window,
 * and the state of log files and login records compared with the last run
 * recorded in the store.
 */
#include "engines/logreview_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/xalloc.h"

struct lr_integrity *lr_add_integrity(struct state *s, enum lr_integrity_kind k, const char *subject)
{
	struct logreview *lr = s->lr;
	struct lr_integrity *i;

	if (lr->n_integrity >= LR_MAX_INTEGRITY) {
		lr->integrity_dropped++;
		return NULL;
	}
	ALLOC_GROW(lr->integrity, lr->n_integrity + 1, s->alloc_integrity);
	i = &lr->integrity[lr->n_integrity++];
	memset(i, 0, sizeof(*i));
	i->kind = k;
	i->subject = xstrdup(subject);
	return i;
}

void lr_warn(struct logreview *lr, const char *msg)
{
	if (lr->n_warnings >= 64)
		return;
	lr->warnings = xrealloc(lr->warnings, st_mult(lr->n_warnings + 1, sizeof(*lr->warnings)));
	lr->warnings[lr->n_warnings++] = xstrdup(msg);
}

/* The hours [from, to) from the first to the last hour of h[0..n) with a line; false when there is none. */
static bool hours_span(const uint8_t *h, size_t n, size_t *from, size_t *to)
{
	size_t i = 0, j = n;

	while (i < n && !h[i])
		i++;
	while (j > i && !h[j - 1])
		j--;
	*from = i;
	*to = j;
	return i < j;
}

#define STEADY_MIN_HOURS 24	/* a source's span long enough to tell how it logs */

/* A source that logs in at least half of the hours of its span (a day or more): silence there is not normal. */
static bool steady(const uint8_t *h, size_t from, size_t to)
{
	size_t i, filled = 0;

	for (i = from; i < to; i++)
		filled += h[i] != 0;
	return to - from >= STEADY_MIN_HOURS && filled * 2 >= to - from;
}

static void add_gap(struct state *s, enum lr_integrity_kind k, const char *subject, size_t i, size_t run)
{
	struct lr_integrity *in = lr_add_integrity(s, k, subject);

	if (in) {
		in->t = s->lr->baseline_since + (int64_t)(i - run) * 3600;
		in->t2 = s->lr->baseline_since + (int64_t)i * 3600;
		in->a = (int64_t)run;
	}
}

/*
 * Gaps: hours without a line inside the window, up to its end (or now), on a
 * host that logs in most of the hours from its first line to its last (so
 * that logging which stopped part-way is a gap, not a quiet host); then each
 * source alone (a file family, the journal): hours it was silent while the
 * others logged in most of them.
 */
void lr_find_gaps(struct state *s)
{
	struct logreview *lr = s->lr;
	int64_t end = lr->until < s->o->now || !s->o->now ? lr->until : s->o->now;
	size_t to, i, k, a, b, run = 0, others = 0;

	if (!lr->any_time) {
		struct lr_integrity *in = lr_add_integrity(s, LRI_NO_COVERAGE, "");
		if (in)
			in->t = lr->since;
		return;
	}
	if (lr->first_t > lr->since + 3600) {
		struct lr_integrity *in = lr_add_integrity(s, LRI_NO_COVERAGE, "");
		if (in) {
			in->t = lr->since;
			in->t2 = lr->first_t;
		}
	}
	if (end <= lr->since)
		return;
	to = (size_t)((end - lr->baseline_since + 3599) / 3600);
	if (to > s->n_hours)
		to = s->n_hours;
	k = (size_t)((lr->since - lr->baseline_since) / 3600);
	if (hours_span(s->hours, to, &a, &b) && steady(s->hours, a, b)) {
		for (i = k > a ? k : a; i <= to; i++) {
			if (i < to && !s->hours[i]) {
				run++;
				continue;
			}
			if (run >= s->o->gap_hours)
				add_gap(s, LRI_GAP, "", i, run);
			run = 0;
		}
	}
	for (size_t f = 0; f < s->n_fam; f++) {
		const uint8_t *h = s->fam[f].hours;

		if (!hours_span(h, to, &a, &b) || !steady(h, a, b))
			continue;
		run = others = 0;
		for (i = k > a ? k : a; i <= to; i++) {
			if (i < to && !h[i]) {
				run++;
				others += s->hours[i] != 0;
				continue;
			}
			if (run >= s->o->gap_hours && others * 2 >= run)
				add_gap(s, LRI_SOURCE_GAP, s->fam[f].name, i, run);
			run = others = 0;
		}
	}
}

static void add_state(struct log_file_state **v, size_t *n, size_t *alloc, const char *path, const struct stat *st)
{
	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[*n].path = xstrdup(path);
	(*v)[*n].size = (int64_t)st->st_size;
	(*v)[*n].inode = (int64_t)st->st_ino;
	(*v)[*n].mtime = (int64_t)st->st_mtime;
	(*n)++;
}

static const struct log_file_state *state_of(const struct log_file_state *v, size_t n, const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].path, path) == 0)
			return &v[i];
	return NULL;
}

/* Compares log files and login records with the last recorded run, then records this one. */
void lr_compare_store(struct state *s, const struct logsrc_files *fs)
{
	static const char *const records[] = { "/var/log/wtmp", "/var/log/btmp", "/var/log/lastlog" };
	struct logreview *lr = s->lr;
	struct log_file_state *cur = NULL, *prev = NULL;
	size_t ncur = 0, nprev = 0, alloc = 0, i;
	struct store *st = NULL;
	struct err e = { 0 };
	int64_t at = 0;

	for (i = 0; i < fs->n; i++)
		add_state(&cur, &ncur, &alloc, fs->v[i].path, &fs->v[i].st);
	for (i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
		struct stat sb;
		if (root_stat(s->root, records[i], ROOT_NOFOLLOW, &sb, NULL) == 0 && S_ISREG(sb.st_mode))
			add_state(&cur, &ncur, &alloc, records[i], &sb);
	}
	if (store_open(s->o->db_path, &st, &e) < 0 ||
	    store_log_files_last(st, root_dir(s->root), &prev, &nprev, &at, &e) < 0) {
		lr_warn(lr, e.msg);
		goto out;
	}
	lr->compared = at != 0;
	lr->compared_at = at;
	for (i = 0; i < sizeof(records) / sizeof(records[0]) && at; i++) {
		const struct log_file_state *p = state_of(prev, nprev, records[i]), *c = state_of(cur, ncur, records[i]);
		char *rot;
		struct stat rs;
		bool rotated;

		if (!p || (c && c->size >= p->size))
			continue;
		/* logrotate moves wtmp and btmp to .1: the old file must be there */
		rot = xasprintf("%s.1", records[i]);
		rotated = root_stat(s->root, rot, ROOT_NOFOLLOW, &rs, NULL) == 0 && (int64_t)rs.st_ino == p->inode;
		free(rot);
		if (!rotated) {
			struct lr_integrity *in = lr_add_integrity(s, LRI_LOGIN_RECORDS, records[i]);
			if (in) {
				in->t = at;
				in->a = p->size;
				in->b = c ? c->size : -1;
			}
		}
	}
	for (i = 0; i < fs->n && at; i++) {
		const struct logsrc_file *f = &fs->v[i];
		const struct log_file_state *p = state_of(prev, nprev, f->path);

		if (f->rotation != 0 || !p || p->inode != (int64_t)f->st.st_ino || (int64_t)f->st.st_size >= p->size)
			continue;
		struct lr_integrity *in = lr_add_integrity(s, LRI_TRUNCATED, f->path);
		if (in) {
			in->t = at;
			in->a = p->size;
			in->b = (int64_t)f->st.st_size;
		}
	}
	if (s->o->record && store_log_files_save(st, root_dir(s->root), s->o->now, cur, ncur, &e) < 0)
		lr_warn(lr, e.msg);
out:
	store_close(st);
	log_file_states_free(cur, ncur);
	log_file_states_free(prev, nprev);
}

