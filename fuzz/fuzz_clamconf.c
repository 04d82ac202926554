/* libFuzzer target for ClamAV's config files and freshclam's log: the first byte picks which. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/clamconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct clamconf c;
	struct freshclam_log l;
	size_t i;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		freshclam_log_parse((const char *)data + 1, size - 1, &l);
		if (strlen(l.last_ok_text) >= sizeof(l.last_ok_text) || l.n_ok < (l.last_ok_line ? 1u : 0u))
			abort();
		return 0;
	}
	if (clamconf_parse((const char *)data + 1, size - 1, &c) == 0) {
		for (i = 0; i < c.n; i++)
			if (!c.v[i].key[0] || strlen(c.v[i].value) > CLAMCONF_MAX_VALUE)
				abort();
		(void)clamconf_get(&c, "DatabaseDirectory", NULL);
		clamconf_free(&c);
	}
	return 0;
}
