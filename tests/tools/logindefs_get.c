/*
 * kyuka's reading of login.defs for the login.defs oracle test
 * (tests/integration/oracle_logindefs.sh): prints the ageing values the
 * PW checks use (logindefs_get_int), "-" for a key kyuka does not find or cannot read:
 *   logindefs_get FILE  ->  PASS_MAX_DAYS N | PASS_MIN_DAYS N | PASS_WARN_AGE N
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "parse/accounts.h"

int main(int argc, char **argv)
{
	static const char *const keys[] = { "PASS_MAX_DAYS", "PASS_MIN_DAYS", "PASS_WARN_AGE" };
	struct logindefs ld = { 0 };
	struct err e = { 0 };
	char buf[1 << 16];
	size_t len;
	FILE *f;

	if (argc != 2 || !(f = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: logindefs_get FILE\n");
		return 2;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (logindefs_parse(buf, len, &ld, &e) < 0) {
		fprintf(stderr, "logindefs_get: %s\n", e.msg);
		return 1;
	}
	for (size_t i = 0; i < 3; i++) {
		uint64_t a = logindefs_get_int(&ld, keys[i], 1), b = logindefs_get_int(&ld, keys[i], 2);

		if (a != b)
			printf("%s -\n", keys[i]);	/* absent or not a number: the default applies */
		else
			printf("%s %ju\n", keys[i], (uintmax_t)a);
	}
	logindefs_free(&ld);
	return 0;
}
