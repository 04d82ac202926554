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
		/* every string of the model is readable (they are packed and shared: ASan sees a stray one) */
		for (i = 0; i < s.n_rules; i++) {
			const struct sudo_rule *r = &s.rules[i];
			for (j = 0; j < r->n_users; j++)
				n += strlen(r->users[j]) > 0;
			for (j = 0; j < r->n_hosts; j++)
				n += strlen(r->hosts[j]) > 0;
			for (j = 0; j < r->n_cmnds; j++)
				n += strlen(r->cmnds[j].cmnd) > 0;
			if (r->runas)
				n += strlen(r->runas) > 0;
		}
		for (i = 0; i < s.n_defaults; i++)
			n += strlen(s.defaults[i].text) + (s.defaults[i].binding ? strlen(s.defaults[i].binding) : 0) > 0;
		for (i = 0; i < s.n_includes; i++)
			n += strlen(s.includes[i].path) > 0;
		for (i = 0; i < s.n_aliases; i++)
			for (j = 0; j < s.aliases[i].n_members; j++)
				n += strlen(s.aliases[i].members[j]) > 0;
		for (i = 0; i < s.n_aliases && i < 64; i++)
			if (sudoers_alias(&s, s.aliases[i].kind, s.aliases[i].name) == NULL)
				abort();	/* every alias kept must be found */
		sudoers_free(&s);
	}
	free(buf);
	return 0;
}
