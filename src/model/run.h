/*
 * The result of a run, as renderers and the store see it: host facts, the
 * log review's timeline and a list of findings (model/finding.h).
 */
#ifndef KYUKA_MODEL_RUN_H
#define KYUKA_MODEL_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/finding.h"

struct host_facts {
	char *hostname;
	char *os_id;
	char *os_version;
	char *os_pretty;
	char *machine_id;
};

/* A per-day timeline of the holiday window (the log review): counts by kind. */
#define REPORT_TL_MAX_COLS 16
struct report_day {
	char date[11];			/* YYYY-MM-DD, local */
	unsigned long long n[REPORT_TL_MAX_COLS];
};
struct report_timeline {
	char *zone;			/* the time zone of the dates */
	const char *cols[REPORT_TL_MAX_COLS];	/* stable names (static) */
	size_t n_cols;
	struct report_day *days;
	size_t n_days;
};

struct report {
	const char *tool_version;
	char *root;			/* as given with --root */
	time_t generated_at;		/* the clock's time */
	unsigned phase;			/* one PHASE_* bit */
	bool has_holiday;
	char holiday_start[11];		/* YYYY-MM-DD */
	char holiday_end[11];
	struct host_facts host;
	enum severity fail_on;
	struct finding *findings;
	size_t n_findings, alloc_findings;
	size_t counts[ST__COUNT];
	struct report_timeline *timeline;	/* NULL when no log review ran; freed by report_release */
	char *window;			/* the log review's window as shown, translated; NULL when none ran */
};

void report_init(struct report *rep);
/* Appends a finding (takes ownership of subject, evidence, remedy and subjects). */
struct finding *report_add(struct report *rep, const struct finding *f);
void report_count(struct report *rep);
/* Sorts findings by heading order, then check ID, then subject. */
void report_sort(struct report *rep);
/* The findings in report_sort() order as a shallow copy, rep untouched; caller frees the array (NULL when none). */
struct finding *report_sorted_copy(const struct report *rep);
/* Number of findings with status WARN/FAIL/ERROR at or above `at`. */
size_t report_at_or_above(const struct report *rep, enum severity at);
void report_release(struct report *rep);

#endif
