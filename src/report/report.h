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

/* One subject of a grouped finding: its name and what was found about it (owned, plain text). */
struct finding_subject {
	char *name;		/* "openssl" */
	char *detail;		/* "libssl3 3.0.11-1~deb12u1 -> 3.0.13-1~deb12u1", "" when none */
};

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
	char *subject;		/* one subject, "" for a check-wide or grouped finding */
	char *evidence;		/* what was found: the finding's statement */
	char *remedy;
	/* A grouped finding: one finding for the subjects that share a check, status and remedy. */
	struct finding_subject *subjects;
	size_t n_subjects;
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
void finding_subjects_free(struct finding_subject *v, size_t n);

/*
 * "Do this first": the few actions to take, one per check with WARN or FAIL
 * findings, ranked by severity, status (FAIL first), advisory order and
 * check ID. first points at the check's first finding in report_sort()
 * order; n_findings and n_subjects count what the action covers.
 */
#define REPORT_DO_FIRST_MAX 5
struct do_first {
	const struct finding *first;
	size_t n_findings;	/* findings of the check with this status */
	size_t n_subjects;	/* their subjects (a grouped finding counts its list) */
	enum severity severity;	/* the highest of them */
};
/* A finding that calls for an action: WARN or FAIL above info. */
static inline bool finding_is_action(const struct finding *f)
{
	return (f->status == ST_FAIL || f->status == ST_WARN) && f->severity > SEV_INFO;
}
/*
 * Fills out[0..REPORT_DO_FIRST_MAX) from the sorted findings f[0..n); returns
 * the number filled. The n_findings action findings of out[i] are among the
 * findings from out[i].first on that have its check ID (adjacent when sorted).
 */
size_t report_do_first(const struct finding *f, size_t n, struct do_first *out);

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
