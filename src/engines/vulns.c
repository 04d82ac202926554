/*
 * Matching, one installed source package at a time: its tracker records and
 * advisory fix lines come from indexed queries, versions are compared with
 * dpkg's rules, and CVEs are flagged from the KEV catalog held in a hash
 * table. An advisory found in a DSA/DLA list is not repeated from OSV.
 */
#include "engines/vulns.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dpkg_version.h"
#include "store/feeds.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char *const urgency_names[] = { "unknown", "unimportant", "low", "medium", "high" };

const char *urgency_name(enum urgency u)
{
	return (unsigned)u <= URG_HIGH ? urgency_names[u] : "unknown";
}

/* The tracker's urgencies: "high", "medium", "low", "unimportant", "not yet assigned", "end-of-life", "high**". */
static enum urgency urgency_of(const char *s)
{
	if (!s)
		return URG_UNKNOWN;
	if (!strncmp(s, "high", 4))
		return URG_HIGH;
	if (!strncmp(s, "medium", 6))
		return URG_MEDIUM;
	if (!strncmp(s, "low", 3))
		return URG_LOW;
	if (!strcmp(s, "unimportant"))
		return URG_UNIMPORTANT;
	return URG_UNKNOWN;
}

struct kev_info {
	char added[11], due[11];
	bool ransomware;
};

static int kev_load(void *ctx, const struct store_kev *k, struct err *err)
{
	GHashTable *h = ctx;
	struct kev_info *ki = xcalloc(1, sizeof(*ki));

	(void)err;
	snprintf(ki->added, sizeof(ki->added), "%s", k->date_added);
	snprintf(ki->due, sizeof(ki->due), "%s", k->due_date ? k->due_date : "");
	ki->ransomware = k->ransomware && !strcmp(k->ransomware, "Known");
	g_hash_table_replace(h, xstrdup(k->cve), ki);
	return 0;
}

/* One installed source package (at one version) and its binaries. */
struct srcpkg {
	const char *name, *version;
	struct strbuf bins;
};

struct tracker_entry {
	char *cve, *status, *fixed, *urgency;
	bool covered;	/* by an advisory match */
};

struct pkg_ctx {
	struct store *s;
	const struct vuln_query *q;
	struct vuln_result *out;
	struct srcpkg *p;
	GHashTable *kev;
	struct tracker_entry *tr;
	size_t n_tr, alloc_tr;
	GHashTable *seen;	/* advisory IDs matched for this package */
};

static int tracker_collect(void *ctx, const struct store_tracker *t, struct err *err)
{
	struct pkg_ctx *c = ctx;
	struct tracker_entry *e;

	(void)err;
	ALLOC_GROW(c->tr, c->n_tr + 1, c->alloc_tr);
	e = &c->tr[c->n_tr++];
	e->cve = xstrdup(t->cve);
	e->status = xstrdup(t->status);
	e->fixed = t->fixed ? xstrdup(t->fixed) : NULL;
	e->urgency = xstrdup(t->urgency ? t->urgency : "");
	e->covered = false;
	return 0;
}

static void flag_kev(struct vuln *v, GHashTable *kev)
{
	size_t i;

	for (i = 0; i < v->n_cves; i++) {
		const struct kev_info *ki = g_hash_table_lookup(kev, v->cves[i]);

		if (!ki)
			continue;
		if (!v->kev || strcmp(ki->added, v->kev_added) < 0) {
			memcpy(v->kev_added, ki->added, sizeof(v->kev_added));
			memcpy(v->kev_due, ki->due, sizeof(v->kev_due));
		}
		v->kev = true;
		v->ransomware |= ki->ransomware;
	}
}

static bool in_window(const struct vuln_query *q, const char *date)
{
	if (q->not_after[0] && date && date[0] && strcmp(date, q->not_after) > 0)
		return false;
	return !q->has_window || (date && date[0] && strcmp(date, q->start) >= 0 && strcmp(date, q->end) <= 0);
}

static struct vuln *add_vuln(struct pkg_ctx *c, const char *id, const char *feed, const char *fixed,
			     const char *published, const char *title)
{
	struct vuln *v;

	ALLOC_GROW(c->out->v, c->out->n + 1, c->out->alloc);
	v = &c->out->v[c->out->n++];
	memset(v, 0, sizeof(*v));
	v->id = xstrdup(id);
	v->feed = xstrdup(feed);
	v->package = xstrdup(c->p->name);
	v->binaries = xstrdup(c->p->bins.buf);
	v->installed = xstrdup(c->p->version);
	v->fixed = fixed ? xstrdup(fixed) : NULL;
	v->title = xstrdup(title ? title : "");
	if (published && strlen(published) == 10)
		memcpy(v->published, published, 11);
	return v;
}

/* installed < v (dpkg); a version dpkg refuses is never taken as a fix. */
static bool older_than(const char *installed, const char *v)
{
	bool ok;
	int c = dpkg_version_cmp_str(installed, v, &ok);

	return ok && c < 0;
}

static int fix_row(void *ctx, const struct store_fix_row *r, struct err *err)
{
	struct pkg_ctx *c = ctx;
	const char *ver = c->p->version;
	struct vuln *v;
	char *key;
	size_t i, j;
	bool affected;
	int ret;

	if (r->fixed)
		affected = older_than(ver, r->fixed);
	else if (r->tag && !strcmp(r->tag, "unfixed"))
		affected = true;
	else if (r->tag && !strncmp(r->tag, "last_affected:", 14))
		affected = !older_than(r->tag + 14, ver);	/* installed <= last affected */
	else
		affected = false;	/* not-affected, end-of-life, ... */
	if (affected && r->introduced)
		affected = !older_than(ver, r->introduced);
	if (!affected)
		return 0;
	/* one match per advisory ID and package: a DSA list entry wins over its OSV copy (feeds sort dla, dsa, osv) */
	key = xstrdup(r->id);
	if (g_hash_table_contains(c->seen, key)) {
		free(key);
		return 0;
	}
	g_hash_table_add(c->seen, key);
	v = add_vuln(c, r->id, r->feed, r->fixed, r->published, r->title);
	ret = store_advisory_cves(c->s, r->advisory, &v->cves, &v->n_cves, err);
	if (ret < 0)
		return ret;
	/* urgency: the highest the tracker gives its CVEs for this package and release */
	for (i = 0; i < v->n_cves; i++)
		for (j = 0; j < c->n_tr; j++)
			if (!strcmp(c->tr[j].cve, v->cves[i])) {
				enum urgency u = urgency_of(c->tr[j].urgency);
				if (u > v->urgency)
					v->urgency = u;
				c->tr[j].covered = true;
			}
	flag_kev(v, c->kev);
	return 0;
}

static void tracker_matches(struct pkg_ctx *c)
{
	size_t i;

	for (i = 0; i < c->n_tr; i++) {
		struct tracker_entry *t = &c->tr[i];
		struct vuln *v;
		bool affected;

		if (t->covered)
			continue;
		if (!strcmp(t->status, "resolved"))
			affected = t->fixed && older_than(c->p->version, t->fixed);
		else
			affected = !strcmp(t->status, "open");	/* "undetermined" says nothing yet */
		if (!affected)
			continue;
		v = add_vuln(c, t->cve, "tracker", !strcmp(t->status, "resolved") ? t->fixed : NULL, NULL, NULL);
		v->cves = xmalloc(sizeof(*v->cves));
		v->cves[0] = xstrdup(t->cve);
		v->n_cves = 1;
		v->urgency = urgency_of(t->urgency);
		flag_kev(v, c->kev);
	}
}

static void vuln_free(struct vuln *v)
{
	size_t i;

	free(v->id);
	free(v->feed);
	free(v->package);
	free(v->binaries);
	free(v->installed);
	free(v->fixed);
	free(v->title);
	for (i = 0; i < v->n_cves; i++)
		free(v->cves[i]);
	free(v->cves);
}

void vuln_result_free(struct vuln_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		vuln_free(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int vuln_order(const void *pa, const void *pb)
{
	const struct vuln *a = pa, *b = pb;
	int c;

	if (a->kev != b->kev)
		return a->kev ? -1 : 1;
	if (a->ransomware != b->ransomware)
		return a->ransomware ? -1 : 1;
	if (a->urgency != b->urgency)
		return a->urgency > b->urgency ? -1 : 1;
	if ((c = strcmp(b->published, a->published)) != 0)
		return c;
	if ((c = strcmp(a->id, b->id)) != 0)
		return c;
	return strcmp(a->package, b->package);
}

static int src_order(const void *pa, const void *pb)
{
	const struct dpkg_pkg *a = *(const struct dpkg_pkg *const *)pa, *b = *(const struct dpkg_pkg *const *)pb;
	int c = strcmp(a->source, b->source);

	return c ? c : strcmp(a->source_version, b->source_version);
}

int vulns_match(struct store *s, const struct dpkg_status *st, const struct vuln_query *q, struct vuln_result *out,
		struct err *err)
{
	struct vuln_result res = { 0 };
	GHashTable *kev = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
	const struct dpkg_pkg **pk = xcalloc(st->n ? st->n : 1, sizeof(*pk));
	size_t n = 0, i, j, k;
	int r = 0;

	r = store_kev_all(s, kev_load, kev, err);
	for (i = 0; i < st->n; i++)
		if (st->v[i].installed)
			pk[n++] = &st->v[i];
	qsort(pk, n, sizeof(*pk), src_order);
	for (i = 0; i < n && r == 0; i = j) {
		struct srcpkg p = { pk[i]->source, pk[i]->source_version, STRBUF_INIT };
		struct pkg_ctx c = { .s = s, .q = q, .out = &res, .p = &p, .kev = kev };

		for (j = i; j < n && !src_order(&pk[i], &pk[j]); j++) {
			if (j > i && !strcmp(pk[j]->name, pk[j - 1]->name))
				continue;	/* the same package for another architecture */
			strbuf_addf(&p.bins, "%s%s", j > i ? ", " : "", pk[j]->name);
			res.installed++;
		}
		res.packages++;
		c.seen = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
		r = store_tracker_for(s, q->release, p.name, tracker_collect, &c, err);
		if (r == 0)
			r = store_fixes_for(s, q->release, p.name, fix_row, &c, err);
		if (r == 0)
			tracker_matches(&c);
		for (k = 0; k < c.n_tr; k++) {
			free(c.tr[k].cve);
			free(c.tr[k].status);
			free(c.tr[k].fixed);
			free(c.tr[k].urgency);
		}
		free(c.tr);
		g_hash_table_destroy(c.seen);
		strbuf_release(&p.bins);
	}
	free(pk);
	g_hash_table_destroy(kev);
	if (r < 0) {
		vuln_result_free(&res);
		return r;
	}
	/* the window */
	for (i = j = 0; i < res.n; i++) {
		if (!in_window(q, res.v[i].published)) {
			if (!res.v[i].published[0])
				res.undated++;
			vuln_free(&res.v[i]);
			continue;
		}
		if (!res.v[i].fixed)
			res.unfixed++;
		res.v[j++] = res.v[i];
	}
	res.n = j;
	if (res.n > 1)
		qsort(res.v, res.n, sizeof(*res.v), vuln_order);
	*out = res;
	return 0;
}

int vuln_feeds_load(struct store *s, const char *release, struct vuln_feeds *out, struct err *err)
{
	struct vuln_feeds f = { 0 };
	size_t i;
	int r;

	r = store_feed_list(s, &f.v, &f.n, err);
	if (r == 0)
		r = store_feed_release_rows(s, release, f.v, f.n, err);
	if (r < 0) {
		vuln_feeds_free(&f);
		return r;
	}
	for (i = 0; i < f.n; i++) {
		if (!strcmp(f.v[i].name, "kev")) {
			f.kev = true;
			continue;
		}
		if (f.v[i].release_rows <= 0)
			continue;
		f.covering++;
		/* the tracker's date is its file's, not the data's */
		if (strcmp(f.v[i].name, "tracker") && strcmp(f.v[i].as_of, f.newest) > 0)
			memcpy(f.newest, f.v[i].as_of, sizeof(f.newest));
	}
	*out = f;
	return 0;
}

bool vuln_feed_read(const struct vuln_feeds *f, size_t i)
{
	return i < f->n && (f->v[i].release_rows > 0 || !strcmp(f->v[i].name, "kev"));
}

const char *vuln_feed_title(const char *name)
{
	static const struct {
		const char *name, *title;
	} titles[] = {
		{ "dsa", N_("DSA list") }, { "dla", N_("DLA list") }, { "kev", N_("KEV") },
		{ "osv", N_("OSV") }, { "tracker", N_("tracker") },
	};
	size_t i;

	for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (!strcmp(titles[i].name, name))
			return _(titles[i].title);
	return name;
}

void vuln_feeds_describe(const struct vuln_feeds *f, struct strbuf *sb)
{
	size_t i, n = 0;
	bool first = true;

	for (i = 0; i < f->n; i++)
		n += vuln_feed_read(f, i);
	strbuf_addf(sb, ngettext("%zu feed", "%zu feeds", n), n);
	for (i = 0; i < f->n; i++) {
		const struct store_feed_info *v = &f->v[i];

		if (!vuln_feed_read(f, i))
			continue;
		strbuf_adds(sb, first ? ": " : ", ");
		first = false;
		if (!strcmp(v->name, "tracker") || !v->as_of[0])
			strbuf_addf(sb, _("%s (no dates)"), vuln_feed_title(v->name));
		else
			strbuf_addf(sb, _("%s (newest %s)"), vuln_feed_title(v->name), v->as_of);
	}
}

void vuln_feeds_free(struct vuln_feeds *f)
{
	if (!f)
		return;
	store_feed_infos_free(f->v, f->n);
	memset(f, 0, sizeof(*f));
}
