/*
 * The fleet's nouns: an audit report as another host sent it (kyuka audit
 * --format json, docs/report-schema.json), parsed and validated by
 * parse/fleetreport.c, stored by store/fleet.c. Every string came from that
 * host and may hold hostile bytes: renderers escape them.
 */
#ifndef KYUKA_MODEL_FLEET_H
#define KYUKA_MODEL_FLEET_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/finding.h"

/* One finding of a host's report (strings in the report's pool, not owned one by one). */
struct fleet_finding {
	const char *check_id;	/* "PKG-0010" (validated shape) */
	const char *area;	/* kyuka's own area of the check (static), set by the ingest; NULL when unknown */
	enum status status;
	enum severity severity;
	const char *subject, *evidence, *remedy;	/* remedy NULL when none */
};

struct fleet_report {
	char *hostname;		/* host.hostname as claimed; NULL when null */
	char *tool_version;
	char *os_pretty;	/* NULL when null */
	unsigned phase;		/* PHASE_BEFORE ... */
	char holiday_start[11], holiday_end[11];	/* "" when the report has none */
	int64_t generated_at;	/* seconds, UTC */
	enum severity fail_on;
	size_t counts[ST__COUNT];
	size_t at_or_above;	/* findings WARN/FAIL/ERROR at or above fail_on */
	struct fleet_finding *f;
	size_t n;
	char *pool;		/* the findings' strings, one block (one allocation a report, not five a finding) */
	char sha256[65];	/* of the report's bytes (hex), set by the caller */
};

void fleet_report_free(struct fleet_report *r);

enum fleet_verdict { FLEET_READY, FLEET_NOT_READY, FLEET_MISMATCH, FLEET_NOT_REPORTED };
const char *fleet_verdict_name(enum fleet_verdict v);	/* "ready", "not_ready", "mismatch", "not_reported" */

/* fleet status */
struct fleet_host_row {
	char *name;
	enum fleet_verdict verdict;
	int64_t at;		/* generated_at of the report in the selection; 0 when none */
	int64_t last_at;	/* of its newest report whatever the holiday; 0 when never */
	char phase[8];
	char *claimed;		/* mismatch: the name the report claimed */
	size_t at_or_above, n_fail, n_warn, n_error, n_changes, n_logs;
};
struct fleet_check_row {
	char check_id[16];
	enum severity severity;	/* the highest on any host */
	size_t hosts, hosts_fail, hosts_warn;
	const char *title, *remedy;	/* N_() from kyuka's own check table (never the hosts'); NULL when unknown */
};
struct fleet_status {
	struct fleet_host_row *hosts;
	size_t n_hosts;
	struct fleet_check_row *checks;	/* WARN/FAIL/ERROR by check: severity, FAIL hosts, hosts */
	size_t n_checks;
	size_t n_verdict[4];
};
void fleet_status_free(struct fleet_status *s);

/* fleet host NAME: its reports, newest first, and the problems of the newest */
struct fleet_run_row {
	int64_t id, at, ingested_at;
	char phase[8];
	char holiday[24];
	enum fleet_verdict verdict;
	char *claimed;
	size_t at_or_above, n_fail, n_warn, n_error, n_changes, n_logs;
};
struct fleet_finding_row {
	char check_id[16];
	enum status status;
	enum severity severity;
	char *subject, *evidence, *remedy;
};
struct fleet_history {
	struct fleet_run_row *runs;
	size_t n_runs;
	struct fleet_finding_row *findings;	/* of runs[0]: WARN, FAIL, ERROR */
	size_t n_findings;
	bool known;
};
void fleet_history_free(struct fleet_history *h);

#endif
