/* libFuzzer target for the apt-get -s output parser: the input is the output, exactly sized. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/apt_sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct apt_sim s;
	char *buf = malloc(size ? size : 1);
	size_t i, sec = 0;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (apt_sim_parse(buf, size, &s, NULL) == 0) {
		for (i = 0; i < s.n; i++) {
			if (!s.v[i].package[0] || !s.v[i].candidate[0] || !s.v[i].arch[0])
				abort();
			sec += s.v[i].security;
		}
		if (sec != s.n_security)
			abort();
		apt_sim_free(&s);
	}
	free(buf);
	return 0;
}
