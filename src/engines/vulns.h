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
#include "store/feeds.h"
#include "store/store.h"
#include "util/strbuf.h"
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
	size_t installed;	/* installed binary packages (one per name) */
	size_t packages;	/* installed source packages looked at */
	size_t unfixed;		/* matches without a fix */
	size_t undated;		/* matches left out of a window for having no date */
};

/* Matches and sorts (KEV first, then urgency, then newest). Caller frees with vuln_result_free(). */
int vulns_match(struct store *s, const struct dpkg_status *st, const struct vuln_query *q, struct vuln_result *out,
		struct err *err);
void vuln_result_free(struct vuln_result *r);
const char *urgency_name(enum urgency u);

/* The feeds a match for one release reads. */
struct vuln_feeds {
	struct store_feed_info *v;	/* every feed imported, with release_rows */
	size_t n;
	size_t covering;		/* feeds with records for the release (dsa, dla, osv, tracker) */
	char newest[11];		/* the newest entry of the dated ones among them, "" when none */
	bool kev;
};
/* Lists the feeds and what they hold for release. Caller frees with vuln_feeds_free(). */
int vuln_feeds_load(struct store *s, const char *release, struct vuln_feeds *out, struct err *err);
/* True when feed i holds records for the release, or is the KEV catalog (it marks them). */
bool vuln_feed_read(const struct vuln_feeds *f, size_t i);
/* A feed's name for people: "DSA list", "KEV", ... */
const char *vuln_feed_title(const char *name);
/* "3 feeds: DSA list (newest 2023-03-29), KEV (newest 2025-08-25), tracker (no dates)": those read. */
void vuln_feeds_describe(const struct vuln_feeds *f, struct strbuf *sb);
void vuln_feeds_free(struct vuln_feeds *f);

#endif
