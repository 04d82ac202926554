/* libFuzzer target for parse/pam.c: parse, touch every field, free. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/pam.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

volatile size_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exactly-sized copy without a terminator, so ASan catches over-reads */
	char *buf = malloc(size ? size : 1);
	struct pam_file f;
	size_t i, j, n = 0;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (pam_parse(buf, size, &f, NULL) == 0) {
		for (i = 0; i < f.n; i++) {
			if (!f.v[i].control || !f.v[i].module || !*f.v[i].module)
				abort();	/* a kept line always has both */
			n += strlen(pam_module_base(f.v[i].module));
			for (j = 0; j < f.v[i].n_args; j++)
				n += strlen(f.v[i].args[j]);
		}
		pam_free(&f);
	}
	free(buf);
	sink = n;
	return 0;
}
