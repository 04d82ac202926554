/* Two recorded runs side by side (rundiff.h). */
#include "model/rundiff.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

const char *rundiff_kind_name(enum rundiff_kind k)
{
	static const char *const names[RD__COUNT] = {
		[RD_WORSE] = "worse", [RD_APPEARED] = "appeared", [RD_BETTER] = "better", [RD_GONE] = "gone",
	};

	return (unsigned)k < RD__COUNT ? names[k] : "?";
}

int rundiff_badness(enum status s)
{
	static const int bad[ST__COUNT] = {
		[ST_PASS] = 0, [ST_MANUAL] = 1, [ST_SKIP] = 2, [ST_ERROR] = 3, [ST_WARN] = 4, [ST_FAIL] = 5,
	};

	return (unsigned)s < ST__COUNT ? bad[s] : 6;
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int item_cmp(const void *pa, const void *pb)
{
	const struct rundiff_item *const *a = pa, *const *b = pb;
	int c = cmp_str((*a)->check_id, (*b)->check_id);

	return c ? c : cmp_str((*a)->subject, (*b)->subject);
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct rundiff_entry *a = pa, *b = pb;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = cmp_str(a->check_id, b->check_id)))
		return c;
	return cmp_str(a->subject, b->subject);
}

/* Pointers to the items, sorted by check and subject. */
static const struct rundiff_item **sorted(const struct rundiff_item *v, size_t n)
{
	const struct rundiff_item **p = xmalloc(st_mult(n ? n : 1, sizeof(*p)));

	for (size_t i = 0; i < n; i++)
		p[i] = &v[i];
	if (n > 1)
		qsort(p, n, sizeof(*p), item_cmp);
	return p;
}

static struct rundiff_side side(const struct rundiff_item *it)
{
	if (!it)
		return (struct rundiff_side){ .present = false };
	return (struct rundiff_side){ .present = true, .status = it->status, .severity = it->severity,
				      .evidence = it->evidence };
}

/* True when every item of check id in p[0..n) passed (and there is one). */
static bool check_all_pass(const struct rundiff_item **p, size_t n, const char *id, const struct rundiff_item **pass)
{
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		if (cmp_str(p[i]->check_id, id))
			continue;
		if (p[i]->status != ST_PASS)
			return false;
		if (!any)
			*pass = p[i];
		any = true;
	}
	return any;
}

/*
 * The index in p[0..n) of an unused item of the check and subject of x, or
 * n: one with x's evidence if there is one (a check may report one subject
 * twice, as sshd's PermitRootLogin at two lines), else the first.
 */
static size_t find(const struct rundiff_item **p, size_t n, const bool *used, const struct rundiff_item *x)
{
	size_t lo = 0, hi = n, first = n;

	while (lo < hi) {	/* the first item not below x's key */
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_str(p[mid]->check_id, x->check_id);

		if (!c)
			c = cmp_str(p[mid]->subject, x->subject);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && !cmp_str(p[lo]->check_id, x->check_id) && !cmp_str(p[lo]->subject, x->subject); lo++) {
		if (used[lo])
			continue;
		if (!cmp_str(p[lo]->evidence, x->evidence))
			return lo;
		if (first == n)
			first = lo;
	}
	return first;
}

/* True when check id has an item in p[0..n). */
static bool has_check(const struct rundiff_item **p, size_t n, const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_str(p[mid]->check_id, id);

		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Appends id to the sorted list v unless it is its last element (items come sorted by check). */
static void add_check(const char ***v, size_t *n, size_t *alloc, const char *id)
{
	if (*n && !cmp_str((*v)[*n - 1], id))
		return;
	ALLOC_GROW(*v, st_add(*n, 1), *alloc);
	(*v)[(*n)++] = id;
}

/* An entry; its check and subject are those of `of` (the item that did not pass, when one side stands in). */
static void add_of(struct rundiff *d, size_t *alloc, enum rundiff_kind k, const struct rundiff_item *ia,
		   const struct rundiff_item *ib, const struct rundiff_item *any)
{

	ALLOC_GROW(d->v, st_add(d->n, 1), *alloc);
	d->v[d->n++] = (struct rundiff_entry){ .kind = k, .check_id = any->check_id,
					       .subject = any->subject ? any->subject : "", .a = side(ia),
					       .b = side(ib) };
	d->counts[k]++;
}

static void add(struct rundiff *d, size_t *alloc, enum rundiff_kind k, const struct rundiff_item *ia,
		const struct rundiff_item *ib)
{
	add_of(d, alloc, k, ia, ib, ia ? ia : ib);
}

static bool is_problem(enum status s)
{
	return s == ST_WARN || s == ST_FAIL || s == ST_ERROR;
}

void rundiff_compare(const struct rundiff_item *a, size_t na, const struct rundiff_item *b, size_t nb,
		     struct rundiff *out)
{
	const struct rundiff_item **pa = sorted(a, na), **pb = sorted(b, nb);
	bool *used_a = xcalloc(na ? na : 1, sizeof(bool)), *used_b = xcalloc(nb ? nb : 1, sizeof(bool));
	bool *stand_in_a = xcalloc(na ? na : 1, sizeof(bool)), *stand_in_b = xcalloc(nb ? nb : 1, sizeof(bool));
	size_t alloc = 0, alloc_oa = 0, alloc_ob = 0, i;

	out->v = NULL;
	out->only_a = out->only_b = NULL;
	out->n = out->unchanged = out->n_only_a = out->n_only_b = 0;
	/* checks that ran in one run only are not compared */
	for (i = 0; i < na; i++)
		if (!has_check(pb, nb, pa[i]->check_id)) {
			used_a[i] = true;
			add_check(&out->only_a, &out->n_only_a, &alloc_oa, pa[i]->check_id);
		}
	for (i = 0; i < nb; i++)
		if (!has_check(pa, na, pb[i]->check_id)) {
			used_b[i] = true;
			add_check(&out->only_b, &out->n_only_b, &alloc_ob, pb[i]->check_id);
		}
	memset(out->counts, 0, sizeof(out->counts));
	/* matched by check and subject */
	for (i = 0; i < na; i++) {
		size_t j;
		int ba, bb;

		if (used_a[i] || (j = find(pb, nb, used_b, pa[i])) == nb)
			continue;
		used_a[i] = used_b[j] = true;
		ba = rundiff_badness(pa[i]->status);
		bb = rundiff_badness(pb[j]->status);
		if (ba == bb && is_problem(pa[i]->status)) {
			ba = pa[i]->severity;
			bb = pb[j]->severity;
		}
		if (bb > ba)
			add(out, &alloc, RD_WORSE, pa[i], pb[j]);
		else if (bb < ba)
			add(out, &alloc, RD_BETTER, pa[i], pb[j]);
		else
			out->unchanged++;
	}
	/* a subject that did not pass, gone while its check passed (or the reverse) */
	for (i = 0; i < na; i++) {
		const struct rundiff_item *pass = NULL;

		if (used_a[i] || pa[i]->status == ST_PASS || !check_all_pass(pb, nb, pa[i]->check_id, &pass))
			continue;
		used_a[i] = true;
		stand_in_b[pass - b] = true;
		add(out, &alloc, RD_BETTER, pa[i], pass);
	}
	for (i = 0; i < nb; i++) {
		const struct rundiff_item *pass = NULL;

		if (used_b[i] || pb[i]->status == ST_PASS || !check_all_pass(pa, na, pb[i]->check_id, &pass))
			continue;
		used_b[i] = true;
		stand_in_a[pass - a] = true;
		add_of(out, &alloc, RD_WORSE, pass, pb[i], pb[i]);
	}
	for (i = 0; i < na; i++)
		if (!used_a[i] && !stand_in_a[pa[i] - a])
			add(out, &alloc, RD_GONE, pa[i], NULL);
	for (i = 0; i < nb; i++)
		if (!used_b[i] && !stand_in_b[pb[i] - b])
			add(out, &alloc, RD_APPEARED, NULL, pb[i]);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), entry_cmp);
	free(pa);
	free(pb);
	free(used_a);
	free(used_b);
	free(stand_in_a);
	free(stand_in_b);
}

void rundiff_release(struct rundiff *d)
{
	free(d->v);
	free(d->only_a);
	free(d->only_b);
	d->only_a = d->only_b = NULL;
	free(d->a.hostname);
	free(d->a.root);
	free(d->b.hostname);
	free(d->b.root);
	d->v = NULL;
	d->n = 0;
}
