/*
 * Bulk version comparison for the dpkg agreement test and benchmark.
 *   vercmp            reads "A B" lines, prints "<", "=" or ">" per line
 *   vercmp --check    reads "A B R" lines (R from dpkg), prints every
 *                     disagreement and "N pairs, M disagreements"; exit 1 on any
 * A version dpkg refuses prints "!" (such pairs are not in the test data).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dpkg_version.h"

static char rel(const char *a, const char *b)
{
	struct dpkg_version va, vb;
	const char *why;
	int c;

	if (dpkg_version_parse(a, strlen(a), &va, &why) < 0 || dpkg_version_parse(b, strlen(b), &vb, &why) < 0)
		return '!';
	c = dpkg_version_cmp(&va, &vb);
	return c < 0 ? '<' : c > 0 ? '>' : '=';
}

int main(int argc, char **argv)
{
	int check = argc > 1 && strcmp(argv[1], "--check") == 0;
	char line[4096];
	unsigned long n = 0, bad = 0, lineno = 0;

	while (fgets(line, sizeof(line), stdin)) {
		char *a, *b, *r, *save = NULL;
		char got;

		lineno++;
		a = strtok_r(line, " \t\n", &save);
		b = a ? strtok_r(NULL, " \t\n", &save) : NULL;
		r = b ? strtok_r(NULL, " \t\n", &save) : NULL;
		if (!a || !b || (check && !r)) {
			fprintf(stderr, "vercmp: line %lu: malformed\n", lineno);
			return 2;
		}
		got = rel(a, b);
		n++;
		if (!check) {
			printf("%c\n", got);
			continue;
		}
		if (got != r[0] || r[1]) {
			bad++;
			printf("disagree: %s %s dpkg %s kyuka %c\n", a, b, r, got);
		}
	}
	if (check)
		printf("%lu pairs, %lu disagreements\n", n, bad);
	return bad ? 1 : 0;
}
