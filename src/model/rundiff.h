/*
 * Two recorded runs side by side (kyuka runs diff): for each check and
 * subject, whether it got better, worse, appeared or went away. Pure: the
 * CLI loads the runs from the store, the renderers (report/) print this.
 */
#ifndef KYUKA_MODEL_RUNDIFF_H
#define KYUKA_MODEL_RUNDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "model/finding.h"

/* A recorded run as the comparison shows it (copied strings, owned by the struct rundiff). */
struct rundiff_run {
	int64_t id;
	time_t at;
	char phase[8];			/* "before", "after", "during" (stable) */
	char holiday_start[11], holiday_end[11];	/* "" when none was recorded */
	char *hostname, *root;
	size_t counts[ST__COUNT];
};

/* In the order they are shown: what needs attention first. */
enum rundiff_kind { RD_WORSE, RD_APPEARED, RD_BETTER, RD_GONE, RD__COUNT };
const char *rundiff_kind_name(enum rundiff_kind k);	/* "worse", "appeared", "better", "gone" (stable) */

/* One side of an entry: what the run recorded for the check and subject. */
struct rundiff_side {
	bool present;
	enum status status;
	enum severity severity;
	const char *evidence;		/* NULL when absent */
};

struct rundiff_entry {
	enum rundiff_kind kind;
	const char *check_id, *subject;	/* subject "" for a check-wide finding */
	struct rundiff_side a, b;
};

/* One finding of a run as the comparison takes it: one subject each (a grouped finding split). */
struct rundiff_item {
	const char *check_id, *subject, *evidence;
	enum status status;
	enum severity severity;
};

struct rundiff {
	struct rundiff_run a, b;
	struct rundiff_entry *v;	/* by kind, then check ID, then subject */
	size_t n;
	size_t counts[RD__COUNT];
	size_t unchanged;
	/* Checks that ran in only one of the runs (another phase, --only): not compared, sorted. */
	const char **only_a, **only_b;
	size_t n_only_a, n_only_b;
};

/*
 * How bad a status is, for better and worse: PASS 0, MANUAL 1, SKIP 2,
 * ERROR 3, WARN 4, FAIL 5 (out of range: 6).
 */
int rundiff_badness(enum status s);

/*
 * Compares the items of run A (earlier) with those of run B: matched by
 * check ID and subject, a worse status (rundiff_badness) or, with the same
 * WARN/FAIL/ERROR status, a higher severity is RD_WORSE, the opposite
 * RD_BETTER; an item only in B is RD_APPEARED, only in A RD_GONE, except
 * that a subject that did not pass and is gone while its check passed in B
 * is RD_BETTER (and the reverse RD_WORSE), the check-wide PASS that stands
 * for it then not listed. A check with no item at all in the other run
 * (it ran in only one of them) is not compared: its ID goes to only_a or
 * only_b. The entries point into the items (and their
 * strings), which must outlive out. out->a and out->b are left to the caller.
 */
void rundiff_compare(const struct rundiff_item *a, size_t na, const struct rundiff_item *b, size_t nb,
		     struct rundiff *out);
/* Frees the entries and the runs' strings. */
void rundiff_release(struct rundiff *d);

#endif
