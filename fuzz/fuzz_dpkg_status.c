/* libFuzzer target for the dpkg status parser: the input is the file, exactly sized. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dpkg_status.h"
#include "parse/dpkg_version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dpkg_status st;
	char *buf = malloc(size ? size : 1);
	size_t i, inst = 0;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (dpkg_status_parse(buf, size, &st, NULL) == 0) {
		for (i = 0; i < st.n; i++) {
			const struct dpkg_pkg *p = &st.v[i];
			bool ok;

			if (!dpkg_name_valid(p->name, strlen(p->name)) || !dpkg_name_valid(p->source, strlen(p->source)))
				abort();
			if (p->installed) {
				inst++;
				dpkg_version_cmp_str(p->version, p->source_version, &ok);
				if (!ok)
					abort();
			}
		}
		if (inst != st.n_installed)
			abort();
		dpkg_status_free(&st);
	}
	free(buf);
	return 0;
}
