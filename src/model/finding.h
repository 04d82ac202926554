/*
 * The run's nouns: what a check decides (status, severity), when and for whom
 * it runs (phase, audience), and a finding. Nothing here touches the host.
 * Every string in a finding may hold hostile bytes (they came from the host);
 * renderers escape them.
 */
#ifndef KYUKA_MODEL_FINDING_H
#define KYUKA_MODEL_FINDING_H

#include <stddef.h>

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

void finding_subjects_free(struct finding_subject *v, size_t n);

/* Order of statuses within a check: the worst first (FAIL 0 ... PASS 5), out of range last. */
int status_rank(enum status s);

const char *status_name(enum status s);		/* "PASS" ... (stable, not translated) */
const char *severity_name(enum severity s);	/* "info" ... "critical" */
int severity_parse(const char *s, enum severity *out);
const char *phase_name(unsigned phase);		/* "before", "after", "during" */
int phase_parse(const char *s, unsigned *out);
const char *audience_name(enum audience a);	/* "admin", "staff" */

#endif
