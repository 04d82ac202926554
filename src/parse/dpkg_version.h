/*
 * Debian package names, and versions compared exactly as dpkg does
 * (lib/dpkg/parsehelp.c parseversion, lib/dpkg/version.c verrevcmp):
 * [epoch:]upstream[-revision], '~' sorts before everything, even the end.
 * Pure: bytes in, result out; input need not be terminated.
 */
#ifndef KYUKA_PARSE_DPKG_VERSION_H
#define KYUKA_PARSE_DPKG_VERSION_H

#include <stdbool.h>
#include <stddef.h>

#define DPKG_VERSION_MAX 256	/* bytes; dpkg has no limit, real versions stay under 100 */

/* Spans point into the parsed input. */
struct dpkg_version {
	unsigned epoch;
	const char *upstream;
	size_t upstream_len;
	const char *revision;	/* "" when there is none */
	size_t revision_len;
};

enum dpkg_version_verdict {
	DPKG_VERSION_OK = 0,
	DPKG_VERSION_WARN = 1,	/* dpkg warns but compares (e.g. not starting with a digit) */
};

/*
 * Parses s (len bytes). Returns DPKG_VERSION_OK, DPKG_VERSION_WARN (usable;
 * *why says what dpkg would warn about), or -EINVAL with *why set (dpkg
 * refuses it: empty, embedded blanks, bad epoch, empty revision, NUL byte,
 * longer than DPKG_VERSION_MAX). why is a static string.
 */
int dpkg_version_parse(const char *s, size_t len, struct dpkg_version *out, const char **why);

/* <0, 0, >0 like dpkg_version_compare. */
int dpkg_version_cmp(const struct dpkg_version *a, const struct dpkg_version *b);

/*
 * Compares two version strings (terminated). A version dpkg refuses sorts
 * before every valid one (and equal to another refused one), so a garbled
 * installed version is never taken as newer than a fix. *ok (may be NULL)
 * is false when either was refused.
 */
int dpkg_version_cmp_str(const char *a, const char *b, bool *ok);

#define DPKG_NAME_MAX 128	/* bytes of a package name */

/* A valid package name: [a-z0-9][a-z0-9+.-]+ (dpkg's rule), at most DPKG_NAME_MAX bytes. */
bool dpkg_name_valid(const char *s, size_t len);

#endif
