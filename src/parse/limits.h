/* Named caps shared by the parsers. Every count, depth and line length is bounded. */
#ifndef KYUKA_PARSE_LIMITS_H
#define KYUKA_PARSE_LIMITS_H

#include <stddef.h>

#define PARSE_MAX_LINE		((size_t)64 * 1024)	/* a longer line is rejected as malformed */
#define PARSE_MAX_ENTRIES	((size_t)1000000)	/* passwd/group/... entries, directives, rules */
#define PARSE_MAX_LIST		((size_t)65536)		/* members of one group, words of one directive */
#define PARSE_MAX_BAD_KEPT	8			/* malformed lines remembered for the report */

/*
 * Lines a parser could not understand. They are never silently dropped:
 * the count is exact and the first few line numbers are kept with a reason
 * (a static string, not translated).
 */
struct parse_bad {
	size_t n;
	size_t line[PARSE_MAX_BAD_KEPT];
	const char *why[PARSE_MAX_BAD_KEPT];
};

void parse_bad_add(struct parse_bad *b, size_t line, const char *why);

#endif
