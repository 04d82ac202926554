/* libFuzzer target for parse/sudoers.c: parse, look a few aliases up, free. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/sudoers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exactly-sized copy without a terminator, so ASan catches over-reads */
	char *buf = malloc(size ? size : 1);
	struct sudoers s;
	size_t i, j, n = 0;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (sudoers_parse(buf, size, &s, NULL) == 0) {
		/* a bounded number of lookups: sudoers_alias() is a linear scan */
		for (i = 0; i < s.n_rules && n < 64; i++)
			for (j = 0; j < s.rules[i].n_users && n < 64; j++, n++)
				(void)sudoers_alias(&s, SUDO_ALIAS_USER, s.rules[i].users[j]);
		for (i = 0; i < s.n_aliases && i < 64; i++)
			if (sudoers_alias(&s, s.aliases[i].kind, s.aliases[i].name) == NULL)
				abort();	/* every alias kept must be found */
		sudoers_free(&s);
	}
	free(buf);
	return 0;
}
