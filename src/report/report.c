/* What the renderers share: the translated status words and "do this first". */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

/* strcmp that takes NULL as "" (bytewise: strcmp compares as unsigned char). */
static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_int(long a, long b)
{
	return (a > b) - (a < b);
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
	if ((c = cmp_int(status_rank(a->first->status), status_rank(b->first->status))))
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

const char *status_symbol(enum status s)
{
	static const char *const sym[ST__COUNT] = {
		[ST_PASS] = "\xe2\x9c\x93", [ST_WARN] = "\xe2\x96\xb2", [ST_FAIL] = "\xe2\x9c\x97",
		[ST_SKIP] = "\xe2\x80\x93", [ST_ERROR] = "!", [ST_MANUAL] = "\xe2\x9c\x8e",
	};

	return (unsigned)s < ST__COUNT ? sym[s] : "?";
}

const char *status_label(enum status s)
{
	return (unsigned)s < ST__COUNT ? _(status_labels[s]) : status_name(s);
}

const char *severity_label(enum severity s)
{
	return (unsigned)s < SEV__COUNT ? _(severity_labels[s]) : severity_name(s);
}
