/*
 * /var/lib/dpkg/info/PACKAGE.md5sums: "<32 hex digits>  <path without the leading />" per line.
 * Lines that are not of that shape are counted, not fatal.
 */
#ifndef KYUKA_PARSE_DPKG_MD5SUMS_H
#define KYUKA_PARSE_DPKG_MD5SUMS_H

#include <stddef.h>

#define DPKG_MD5SUMS_MAX_PATH 4096	/* longer paths are bad lines */

/*
 * Calls fn for every good line with the digest (33 bytes, lowercase, NUL-
 * terminated) and the path as dpkg writes it, made absolute ("/usr/bin/ls",
 * NUL-terminated). A non-zero return of fn stops and is returned. *bad (may be
 * NULL) counts lines refused.
 */
int dpkg_md5sums_parse(const char *buf, size_t len, int (*fn)(void *ctx, const char *md5, const char *path),
		       void *ctx, size_t *bad);

#endif
