/* libFuzzer target for the sshd_config(5) parser. */
#include <errno.h>
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
		/* Match evaluation (per-connection verdicts) on every block, for two connections. */
		for (size_t i = 0; i < c.n_matches; i++) {
			static const char *const groups[] = { "root", "wheel" };
			const struct sshd_conn root = { "root", true, groups, 2, "10.1.2.3", "10.1.2.3", "192.0.2.1", 22 };
			const struct sshd_conn none = { 0 };
			int r1 = sshd_match_eval(c.matches[i].criteria, &root);
			int r2 = sshd_match_eval(c.matches[i].criteria, &none);

			if (r1 < -EINVAL || r1 > 1 || r2 < -EINVAL || r2 > 1)
				abort();
		}
		sshd_config_free(&c);
	}
	free(buf);
	return 0;
}
