/*
 * CISA's Known Exploited Vulnerabilities catalog (JSON, schema in
 * ../shared/data/cisa-kev/schema.json) through json-c: bytes in, entries out.
 * Strict: a missing or invalid cveID or dateAdded, a count that does not
 * match, trailing bytes or truncated JSON make the whole catalog an error,
 * so a damaged download never replaces a good one.
 */
#ifndef KYUKA_PARSE_KEV_H
#define KYUKA_PARSE_KEV_H

#include <stddef.h>

#include "util/err.h"

#define KEV_MAX_BYTES ((size_t)64 << 20)
#define KEV_MAX_ENTRIES ((size_t)200000)
#define KEV_MAX_DEPTH 8

struct kev_entry {
	char *cve;
	char *vendor, *product, *name;	/* "" when absent */
	char date_added[11];		/* YYYY-MM-DD */
	char due_date[11];		/* "" when absent */
	char *ransomware;		/* knownRansomwareCampaignUse: "Known", "Unknown" ("" when absent) */
};

struct kev_catalog {
	char *version;			/* catalogVersion, "" when absent */
	char released[11];		/* dateReleased's date, "" when absent */
	char newest[11];		/* the newest dateAdded */
	struct kev_entry *v;
	size_t n;
};

/* Returns 0 or -EINVAL / -EFBIG with err naming the problem ("vulnerabilities[3]: no cveID"). */
int kev_parse(const char *buf, size_t len, struct kev_catalog *out, struct err *err);
void kev_free(struct kev_catalog *c);

#endif
