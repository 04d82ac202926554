/*
 * The result of a run, as renderers and the store see it: host facts and a
 * list of findings. Nothing here touches the host. Every string in a finding
 * may hold hostile bytes (they came from the host); renderers escape them.
 */
#ifndef KYUKA_REPORT_REPORT_H
#define KYUKA_REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/strbuf.h"

enum status { ST_PASS, ST_WARN, ST_FAIL, ST_SKIP, ST_ERROR, ST_MANUAL, ST__COUNT };
enum severity { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL, SEV__COUNT };
enum audience { AUD_ADMIN, AUD_STAFF };
enum phase { PHASE_BEFORE = 1u << 0, PHASE_AFTER = 1u << 1, PHASE_DURING = 1u << 2 };

struct finding {
	/* From the check's declaration (static strings, not owned). */
	const char *check_id;
	const char *items;	/* "AC-1,AC-3" */
	const char *area;	/* "accounts" */
	const char *title;	/* msgid, untranslated */
	const char *heading;	/* msgid of the advisory heading, untranslated */
	int heading_order;
	enum audience audience;
	unsigned phase;
	/* Decided by the run (owned, already translated where they are prose). */
	enum status status;
	enum severity severity;
	char *subject;
	char *evidence;
	char *remedy;
};

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
};

void report_init(struct report *rep);
/* Appends a finding (takes ownership of subject, evidence, remedy). */
struct finding *report_add(struct report *rep, const struct finding *f);
void report_count(struct report *rep);
/* Sorts findings by heading order, then check ID, then subject. */
void report_sort(struct report *rep);
/* The findings in report_sort() order as a shallow copy, rep untouched; caller frees the array (NULL when none). */
struct finding *report_sorted_copy(const struct report *rep);
/* Number of findings with status WARN/FAIL/ERROR at or above `at`. */
size_t report_at_or_above(const struct report *rep, enum severity at);
void report_release(struct report *rep);

const char *status_name(enum status s);		/* "PASS" ... (stable, not translated) */
const char *severity_name(enum severity s);	/* "info" ... "critical" */
int severity_parse(const char *s, enum severity *out);
/* The same in the user's language, for tables people read (合格, 緊急 ...). */
const char *status_label(enum status s);
const char *severity_label(enum severity s);
const char *phase_name(unsigned phase);		/* "before", "after", "during" */
int phase_parse(const char *s, unsigned *out);
const char *audience_name(enum audience a);	/* "admin", "staff" */

/* Renderers. Output is appended to out; return 0 or a negative errno. */
struct render_opts {
	bool color;
	bool verbose;	/* also list PASS findings one by one */
};
int render_terminal(const struct report *rep, const struct render_opts *o, struct strbuf *out);
int render_json(const struct report *rep, struct strbuf *out);

#endif
