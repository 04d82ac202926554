/*
 * The Debian security tracker's advisory lists (data/DSA/list, data/DLA/list):
 *
 *   [31 Dec 2022] DSA-5308-1 webkit2gtk - security update
 *   	{CVE-2022-42852 CVE-2022-42856}
 *   	[bullseye] - webkit2gtk 2.38.3-1~deb11u1
 *   	[lenny] - vlc <not-affected> (Vulnerable code not present)
 *   	NOTE: ...
 *
 * Bytes in, advisories out (in file order, newest first).
 */
#ifndef KYUKA_PARSE_DSA_LIST_H
#define KYUKA_PARSE_DSA_LIST_H

#include <stddef.h>

#include "parse/limits.h"
#include "util/err.h"

#define DSA_MAX_ID 32		/* "DSA-12345-12" */
#define DSA_MAX_CVES 4096	/* CVEs of one advisory */
#define DSA_MAX_FIXES 256	/* release lines of one advisory */
#define DSA_MAX_WORD 256	/* a release, package, version or tag */

struct dsa_fix {
	char *release;		/* "bullseye" */
	char *package;		/* source package */
	char *version;		/* fixed version, or NULL when tag is set */
	char *tag;		/* "not-affected", "end-of-life", ... (without <>) or NULL */
};

struct dsa_entry {
	char *id;		/* "DSA-5308-1" */
	char date[11];		/* "2022-12-31" */
	char *source;		/* the source package in the header, "" for an announcement */
	char *title;		/* after " - " (an announcement: all after the ID), "" when none */
	char **cves;
	size_t n_cves;
	struct dsa_fix *fixes;
	size_t n_fixes;
	size_t line;
};

struct dsa_list {
	struct dsa_entry *v;
	size_t n, alloc;
	struct parse_bad bad;	/* lines not understood (a strict importer refuses the file) */
	char newest[11];	/* the newest date, "" when none */
};

/*
 * Parses buf (any bytes, need not be terminated). Lines that are not a
 * header, a {CVE ...} list, a [release] line, a NOTE or blank are counted
 * in out->bad (so are body lines before the first header and invalid
 * dates, IDs, CVE names or versions). Returns 0, or -E2BIG past
 * PARSE_MAX_ENTRIES advisories or DSA_MAX_CVES / DSA_MAX_FIXES in one
 * (err set, nothing kept). Caller frees with dsa_list_free().
 */
int dsa_list_parse(const char *buf, size_t len, struct dsa_list *out, struct err *err);
void dsa_list_free(struct dsa_list *l);

#endif
