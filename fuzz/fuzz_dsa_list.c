/* libFuzzer target for the DSA/DLA list parser: the input is the file, exactly sized. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dsa_list.h"
#include "parse/dpkg_version.h"
#include "parse/feedutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dsa_list l;
	char *buf = malloc(size ? size : 1);
	size_t i, j;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (dsa_list_parse(buf, size, &l, NULL) == 0) {
		for (i = 0; i < l.n; i++) {
			const struct dsa_entry *e = &l.v[i];

			if (!feed_date_valid(e->date, strlen(e->date)) || strcmp(e->date, l.newest) > 0)
				abort();
			for (j = 0; j < e->n_cves; j++)
				if (!cve_id_valid(e->cves[j], strlen(e->cves[j])))
					abort();
			for (j = 0; j < e->n_fixes; j++) {
				bool ok = true;
				if (!e->fixes[j].version == !e->fixes[j].tag)
					abort();
				if (e->fixes[j].version)
					dpkg_version_cmp_str(e->fixes[j].version, "1.0", &ok);
				if (!ok)
					abort();
			}
		}
		dsa_list_free(&l);
	}
	free(buf);
	return 0;
}
