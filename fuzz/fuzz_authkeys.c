/* libFuzzer target for the authorized_keys parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/authkeys.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exactly sized and unterminated, so ASan catches any over-read. */
	char *buf = xmalloc(size ? size : 1);
	struct authkeys c = { 0 };
	struct err e;

	if (size)
		memcpy(buf, data, size);
	if (authkeys_parse(buf, size, &c, &e) == 0) {
		/* Invariants the checks rely on. */
		for (size_t i = 0; i < c.n; i++) {
			const struct authkey *k = &c.v[i];

			if (k->type == KEY_UNKNOWN || strncmp(k->fingerprint, "SHA256:", 7) != 0 ||
			    strlen(k->fingerprint) != 7 + 43 || (k->restricted && !k->options))
				abort();
		}
		authkeys_free(&c);
	}
	free(buf);
	return 0;
}
