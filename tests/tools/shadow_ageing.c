/*
 * kyuka's reading of /etc/shadow ageing for the chage oracle test
 * (tests/integration/oracle_chage.sh): for each user named, the fields the
 * PW/ACCT checks use (shadow_parse), -1 for an empty field:
 *   shadow_ageing FILE USER...  ->  USER last=N min=N max=N warn=N inactive=N expire=N
 * "USER absent" when kyuka keeps no entry of that name (no line, or only a
 * line it counts as bad).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "parse/accounts.h"

int main(int argc, char **argv)
{
	struct shadow_db db = { 0 };
	struct err e = { 0 };
	static char buf[1 << 20];
	size_t len;
	FILE *f;

	if (argc < 2 || !(f = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: shadow_ageing FILE USER...\n");
		return 2;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (shadow_parse(buf, len, &db, &e) < 0) {
		fprintf(stderr, "shadow_ageing: %s\n", e.msg);
		return 1;
	}
	for (int i = 2; i < argc; i++) {
		const struct shadow_entry *s = shadow_by_name(&db, argv[i]);

		if (!s)
			printf("%s absent\n", argv[i]);
		else
			printf("%s last=%" PRId64 " min=%" PRId64 " max=%" PRId64 " warn=%" PRId64 " inactive=%" PRId64
			       " expire=%" PRId64 "\n", argv[i], s->last_change, s->min_days, s->max_days, s->warn_days,
			       s->inactive_days, s->expire);
	}
	shadow_free(&db);
	return 0;
}
