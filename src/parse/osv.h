/*
 * One OSV record (https://ossf.github.io/osv-schema/) through json-c: the
 * ID, dates, CVE aliases and, for every affected package, its ECOSYSTEM
 * ranges folded into [introduced, fixed) pairs. Debian ecosystems
 * ("Debian:12") are named by their codename ("bookworm"). Bytes in, record
 * out; strict about the fields it keeps.
 */
#ifndef KYUKA_PARSE_OSV_H
#define KYUKA_PARSE_OSV_H

#include <stddef.h>

#include "util/err.h"

#define OSV_MAX_BYTES ((size_t)16 << 20)
#define OSV_MAX_DEPTH 32
#define OSV_MAX_ITEMS 10000	/* affected packages, ranges, events, aliases */

struct osv_range {
	char *introduced;	/* NULL or "0": from the first version */
	char *fixed;		/* NULL: not fixed (or last_affected given) */
	char *last_affected;	/* NULL unless given */
};

struct osv_affected {
	char *ecosystem;	/* "Debian:12" */
	char *release;		/* "bookworm" for a Debian ecosystem, else NULL */
	char *package;
	struct osv_range *ranges;
	size_t n_ranges;
};

struct osv_record {
	char *id;
	char published[11];	/* "" when absent */
	char *modified;		/* as given (RFC 3339), "" when absent */
	char *summary;		/* "" when absent */
	char **cves;		/* the ID itself when a CVE, aliases, upstream, related */
	size_t n_cves;
	struct osv_affected *aff;
	size_t n_aff;
};

int osv_parse(const char *buf, size_t len, struct osv_record *out, struct err *err);
void osv_free(struct osv_record *r);

#endif
