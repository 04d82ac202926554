/*
 * A host's audit report (kyuka audit --format json) as the fleet receives it:
 * untrusted bytes from a host that may be compromised. Parsed strictly with
 * json-c (parse/strictjson.h) and validated against the rules of
 * docs/report-schema.json: every required member, no unknown member, the
 * types, the known statuses, severities and phases, the dates, and the
 * summary equal to the counts of the findings. Pure: no I/O.
 */
#ifndef KYUKA_PARSE_FLEETREPORT_H
#define KYUKA_PARSE_FLEETREPORT_H

#include <stddef.h>

#include "model/fleet.h"
#include "util/err.h"

#define FLEET_REPORT_MAX_BYTES ((size_t)16 << 20)	/* a report of 20,000 findings is about 8 MB */
#define FLEET_REPORT_MAX_DEPTH 8
#define FLEET_REPORT_MAX_FINDINGS 20000
#define FLEET_REPORT_MAX_STRING ((size_t)64 << 10)	/* one string member */
#define FLEET_REPORT_MAX_HOSTNAME 253

/*
 * Parses and validates buf[0..len) (any bytes, need not be terminated) into
 * *out (caller frees with fleet_report_free; out->sha256 is left empty).
 * Returns 0, or a negative errno with err saying what was wrong and where
 * ("findings[3].status: unknown status 'OK'"); *out is then empty.
 */
int fleet_report_parse(const char *buf, size_t len, struct fleet_report *out, struct err *err);

#endif
