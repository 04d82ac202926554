/* The run: its findings, their counts and order. */
#include "model/run.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void report_init(struct report *rep)
{
	memset(rep, 0, sizeof(*rep));
}

struct finding *report_add(struct report *rep, const struct finding *f)
{
	struct finding *n;

	ALLOC_GROW(rep->findings, st_add(rep->n_findings, 1), rep->alloc_findings);
	n = &rep->findings[rep->n_findings++];
	*n = *f;
	return n;
}

void report_count(struct report *rep)
{
	memset(rep->counts, 0, sizeof(rep->counts));
	for (size_t i = 0; i < rep->n_findings; i++) {
		unsigned st = rep->findings[i].status;

		if (st < ST__COUNT)
			rep->counts[st]++;
	}
}

/* strcmp that takes NULL as "" (bytewise: strcmp compares as unsigned char). */
static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_int(long a, long b)
{
	return (a > b) - (a < b);
}

/*
 * Heading order (then the heading, so that a heading's findings stay
 * together even if two share an order), check ID, status (FAIL first),
 * subject; the rest only makes the order total.
 */
static int finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c;

	if ((c = cmp_int(a->heading_order, b->heading_order)))
		return c;
	if ((c = cmp_str(a->heading, b->heading)))
		return c;
	if ((c = cmp_str(a->check_id, b->check_id)))
		return c;
	if ((c = cmp_int(status_rank(a->status), status_rank(b->status))))
		return c;
	if ((c = cmp_str(a->subject, b->subject)))
		return c;
	if ((c = cmp_int(b->severity, a->severity)))
		return c;
	if ((c = cmp_str(a->evidence, b->evidence)))
		return c;
	return cmp_str(a->remedy, b->remedy);
}

void report_sort(struct report *rep)
{
	if (rep->n_findings > 1)
		qsort(rep->findings, rep->n_findings, sizeof(*rep->findings), finding_cmp);
}

size_t report_at_or_above(const struct report *rep, enum severity at)
{
	size_t n = 0;

	for (size_t i = 0; i < rep->n_findings; i++) {
		const struct finding *f = &rep->findings[i];

		if ((f->status == ST_WARN || f->status == ST_FAIL || f->status == ST_ERROR) &&
		    f->severity >= at)
			n++;
	}
	return n;
}

void report_release(struct report *rep)
{
	for (size_t i = 0; i < rep->n_findings; i++) {
		free(rep->findings[i].subject);
		free(rep->findings[i].evidence);
		free(rep->findings[i].remedy);
		finding_subjects_free(rep->findings[i].subjects, rep->findings[i].n_subjects);
	}
	free(rep->findings);
	free(rep->root);
	free(rep->host.hostname);
	free(rep->host.os_id);
	free(rep->host.os_version);
	free(rep->host.os_pretty);
	free(rep->host.machine_id);
	free(rep->window);
	if (rep->timeline) {
		free(rep->timeline->zone);
		free(rep->timeline->days);
		free(rep->timeline);
	}
	report_init(rep);
}

struct finding *report_sorted_copy(const struct report *rep)
{
	struct report tmp = *rep;

	if (!rep->n_findings)
		return NULL;
	tmp.findings = xmalloc(st_mult(rep->n_findings, sizeof(*rep->findings)));
	memcpy(tmp.findings, rep->findings, rep->n_findings * sizeof(*rep->findings));
	tmp.alloc_findings = rep->n_findings;
	report_sort(&tmp);
	return tmp.findings;
}
