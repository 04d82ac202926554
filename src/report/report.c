/* The report: findings, counts, order, and the stable names of the enums. */
#include "report/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

static const char *const status_names[ST__COUNT] = {
	[ST_PASS] = "PASS", [ST_WARN] = "WARN", [ST_FAIL] = "FAIL",
	[ST_SKIP] = "SKIP", [ST_ERROR] = "ERROR", [ST_MANUAL] = "MANUAL",
};

static const char *const severity_names[SEV__COUNT] = {
	[SEV_INFO] = "info", [SEV_LOW] = "low", [SEV_MEDIUM] = "medium",
	[SEV_HIGH] = "high", [SEV_CRITICAL] = "critical",
};

static const struct {
	unsigned bit;
	const char *name;
} phase_names[] = {
	{ PHASE_BEFORE, "before" },
	{ PHASE_AFTER, "after" },
	{ PHASE_DURING, "during" },
};

/* Order of statuses within a check: the worst first, PASS last. */
static const int status_rank[ST__COUNT] = {
	[ST_FAIL] = 0, [ST_ERROR] = 1, [ST_WARN] = 2, [ST_MANUAL] = 3, [ST_SKIP] = 4, [ST_PASS] = 5,
};

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

static int rank_of(enum status st)
{
	return (unsigned)st < ST__COUNT ? status_rank[st] : ST__COUNT;
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
	if ((c = cmp_int(rank_of(a->status), rank_of(b->status))))
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

void finding_subjects_free(struct finding_subject *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].detail);
	}
	free(v);
}

static size_t subjects_of(const struct finding *f)
{
	return f->n_subjects ? f->n_subjects : 1;
}

/* Severity (highest first), status (FAIL first), advisory order, check ID. */
static int do_first_cmp(const void *pa, const void *pb)
{
	const struct do_first *a = pa, *b = pb;
	int c;

	if ((c = cmp_int(b->severity, a->severity)))
		return c;
	if ((c = cmp_int(rank_of(a->first->status), rank_of(b->first->status))))
		return c;
	if ((c = cmp_int(a->first->heading_order, b->first->heading_order)))
		return c;
	return cmp_str(a->first->check_id, b->first->check_id);
}

size_t report_do_first(const struct finding *f, size_t n, struct do_first *out)
{
	struct do_first *all;
	size_t n_all = 0, i, j;

	if (!n)
		return 0;
	all = xmalloc(st_mult(n, sizeof(*all)));
	for (i = 0; i < n; i++) {
		if (!finding_is_action(&f[i]))
			continue;
		/* Sorted by check, then status: a check's findings are adjacent, the worst first. */
		if (n_all && !cmp_str(all[n_all - 1].first->check_id, f[i].check_id)) {
			struct do_first *d = &all[n_all - 1];

			d->n_findings++;
			d->n_subjects += subjects_of(&f[i]);
			if (f[i].severity > d->severity)
				d->severity = f[i].severity;
			continue;
		}
		all[n_all++] = (struct do_first){ .first = &f[i], .n_findings = 1, .n_subjects = subjects_of(&f[i]),
						  .severity = f[i].severity };
	}
	if (n_all > 1)
		qsort(all, n_all, sizeof(*all), do_first_cmp);
	j = n_all < REPORT_DO_FIRST_MAX ? n_all : REPORT_DO_FIRST_MAX;
	memcpy(out, all, j * sizeof(*all));
	free(all);
	return j;
}

const char *status_name(enum status s)
{
	return (unsigned)s < ST__COUNT ? status_names[s] : "UNKNOWN";
}

const char *severity_name(enum severity s)
{
	return (unsigned)s < SEV__COUNT ? severity_names[s] : "unknown";
}

/*
 * The words people read in tables (terminal, kyuka checks/runs/backup list);
 * JSON and the options keep the stable names above.
 */
static const char *const status_labels[ST__COUNT] = {
	[ST_PASS] = N_("PASS"), [ST_WARN] = N_("WARN"), [ST_FAIL] = N_("FAIL"),
	[ST_SKIP] = N_("SKIP"), [ST_ERROR] = N_("ERROR"), [ST_MANUAL] = N_("MANUAL"),
};

static const char *const severity_labels[SEV__COUNT] = {
	[SEV_INFO] = N_("info"), [SEV_LOW] = N_("low"), [SEV_MEDIUM] = N_("medium"),
	[SEV_HIGH] = N_("high"), [SEV_CRITICAL] = N_("critical"),
};

const char *status_label(enum status s)
{
	return (unsigned)s < ST__COUNT ? _(status_labels[s]) : status_name(s);
}

const char *severity_label(enum severity s)
{
	return (unsigned)s < SEV__COUNT ? _(severity_labels[s]) : severity_name(s);
}

/* ASCII-only, so the locale cannot change what matches. */
static bool eq_icase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return false;
	}
	return *a == *b;
}

int severity_parse(const char *s, enum severity *out)
{
	if (!s)
		return -EINVAL;
	for (size_t i = 0; i < SEV__COUNT; i++) {
		if (eq_icase(s, severity_names[i])) {
			*out = (enum severity)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *phase_name(unsigned phase)
{
	for (size_t i = 0; i < ARRAY_SIZE(phase_names); i++)
		if (phase == phase_names[i].bit)
			return phase_names[i].name;
	return "unknown";
}

int phase_parse(const char *s, unsigned *out)
{
	if (!s)
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(phase_names); i++) {
		if (eq_icase(s, phase_names[i].name)) {
			*out = phase_names[i].bit;
			return 0;
		}
	}
	return -EINVAL;
}

const char *audience_name(enum audience a)
{
	switch (a) {
	case AUD_ADMIN:
		return "admin";
	case AUD_STAFF:
		return "staff";
	}
	return "unknown";
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
