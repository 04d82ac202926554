/* libFuzzer target for link extraction: bounded count, hosts NUL-terminated, lower case, no spaces. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/maillinks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mail_links l = { 0 };
	size_t i, k;

	if (size < 1)
		return 0;
	if (links_extract((const char *)data + 1, size - 1, data[0] & 1, &l) < 0)
		return 0;
	if (l.n > LINKS_MAX)
		abort();
	for (i = 0; i < l.n; i++) {
		const struct mail_link *m = &l.v[i];

		if (strnlen(m->url, sizeof(m->url)) >= sizeof(m->url) || strnlen(m->host, sizeof(m->host)) >= sizeof(m->host) ||
		    strnlen(m->text_host, sizeof(m->text_host)) >= sizeof(m->text_host) ||
		    strnlen(m->last, sizeof(m->last)) >= sizeof(m->last))
			abort();
		for (k = 0; m->host[k]; k++)
			if (isupper((unsigned char)m->host[k]))
				abort();
	}
	links_free(&l);
	return 0;
}
