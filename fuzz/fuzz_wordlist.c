/* libFuzzer target for the wordlist parser: every word lies inside the input and fits the caps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/wordlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wordlist wl;
	char *buf = malloc(size ? size : 1);
	size_t i;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (wordlist_parse(buf, size, &wl, NULL) == 0) {
		for (i = 0; i < wl.n; i++) {
			if (!wl.v[i].len || wl.v[i].len > WORDLIST_MAX_WORD || wl.v[i].p < buf ||
			    wl.v[i].p + wl.v[i].len > buf + size || memchr(wl.v[i].p, '\0', wl.v[i].len) ||
			    memchr(wl.v[i].p, '\n', wl.v[i].len))
				abort();
		}
		wordlist_free(&wl);
	}
	free(buf);
	return 0;
}
