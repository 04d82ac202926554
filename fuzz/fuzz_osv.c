/* libFuzzer target for the OSV record parser: the input is the record, exactly sized. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dpkg_version.h"
#include "parse/feedutil.h"
#include "parse/osv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct osv_record r;
	char *buf = malloc(size ? size : 1);
	size_t i, j;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (osv_parse(buf, size, &r, NULL) == 0) {
		for (i = 0; i < r.n_cves; i++)
			if (!cve_id_valid(r.cves[i], strlen(r.cves[i])))
				abort();
		for (i = 0; i < r.n_aff; i++)
			for (j = 0; r.aff[i].release && j < r.aff[i].n_ranges; j++) {
				bool ok = true;
				if (r.aff[i].ranges[j].fixed)
					dpkg_version_cmp_str(r.aff[i].ranges[j].fixed, "1", &ok);
				if (!ok)
					abort();
			}
		osv_free(&r);
	}
	free(buf);
	return 0;
}
