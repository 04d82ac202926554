/* libFuzzer target for the sshd_config(5) parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/sshd_config.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exactly sized and unterminated, so ASan catches any over-read. */
	char *buf = xmalloc(size ? size : 1);
	struct sshd_config c = { 0 };
	struct err e;

	if (size)
		memcpy(buf, data, size);
	if (sshd_config_parse(buf, size, &c, &e) == 0) {
		/* Invariants the checks rely on. */
		for (size_t i = 0; i < c.n; i++) {
			const struct sshd_directive *d = &c.v[i];

			if (d->match < -1 || (d->match >= 0 && (size_t)d->match >= c.n_matches))
				abort();
			if (!d->keyword[0] || (!d->n_args && strcmp(d->keyword, "match") != 0))
				abort();
			for (const char *k = d->keyword; *k; k++)
				if (*k >= 'A' && *k <= 'Z')
					abort();
		}
		sshd_config_free(&c);
	}
	free(buf);
	return 0;
}
