/*
 * Vulnerability matching: which advisories and CVEs in the imported feeds
 * affect the installed packages of a Debian release. A source package is
 * affected when its installed version is older than the fixed version an
 * advisory (DSA, DLA, OSV) or the tracker gives for this release, or when
 * the tracker lists the CVE as still open. Every match carries its CVEs,
 * urgency (the tracker's, highest of its CVEs) and the KEV flag.
 */
#ifndef KYUKA_ENGINES_VULNS_H
#define KYUKA_ENGINES_VULNS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/dpkg_status.h"
#include "store/store.h"
#include "util/err.h"

enum urgency { URG_UNKNOWN, URG_UNIMPORTANT, URG_LOW, URG_MEDIUM, URG_HIGH };

struct vuln {
	char *id;		/* DSA-5308-1, DLA-..., an OSV ID, or the CVE for tracker-only entries */
	char *feed;		/* dsa, dla, osv, tracker */
	char *package;		/* source package */
	char *binaries;		/* installed binary packages of it, "a, b" */
	char *installed;	/* installed source version */
	char *fixed;		/* fixed version, NULL when there is no fix yet */
	char **cves;
	size_t n_cves;
	char published[11];	/* "" unknown */
	char *title;		/* "" when none */
	enum urgency urgency;
	bool kev;
	char kev_added[11];	/* earliest dateAdded of its CVEs in KEV */
	char kev_due[11];
	bool ransomware;	/* knownRansomwareCampaignUse "Known" for one of them */
};

struct vuln_query {
	const char *release;		/* "bookworm" */
	bool has_window;
	char start[11], end[11];	/* published within, inclusive */
	char not_after[11];		/* "" or a date: advisories published later are left out (--now) */
};

struct vuln_result {
	struct vuln *v;
	size_t n, alloc;
	size_t packages;	/* installed source packages looked at */
	size_t unfixed;		/* matches without a fix */
	size_t undated;		/* matches left out of a window for having no date */
};

/* Matches and sorts (KEV first, then urgency, then newest). Caller frees with vuln_result_free(). */
int vulns_match(struct store *s, const struct dpkg_status *st, const struct vuln_query *q, struct vuln_result *out,
		struct err *err);
void vuln_result_free(struct vuln_result *r);
const char *urgency_name(enum urgency u);

#endif
