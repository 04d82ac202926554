/* libFuzzer target for the apt preferences parser: the input is a preferences file, exactly sized. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/apt_prefs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct apt_prefs p = { 0 };
	char *buf = malloc(size ? size : 1);
	size_t i;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (apt_prefs_parse(buf, size, &p, NULL) == 0) {
		for (i = 0; i < p.n; i++) {
			if (p.v[i].generic == (p.v[i].n_packages != 0))
				abort();
			if (p.v[i].priority < -32767 || p.v[i].priority > 32767)
				abort();
			(void)apt_glob_match(p.v[i].generic ? "*" : p.v[i].packages[0], "libssl3");
		}
	}
	apt_prefs_free(&p);
	free(buf);
	return 0;
}
