/* libFuzzer target for the CISA KEV parser: the input is the file, exactly sized. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/feedutil.h"
#include "parse/kev.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kev_catalog c;
	char *buf = malloc(size ? size : 1);
	size_t i;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (kev_parse(buf, size, &c, NULL) == 0) {
		for (i = 0; i < c.n; i++)
			if (!cve_id_valid(c.v[i].cve, strlen(c.v[i].cve)) || !feed_date_valid(c.v[i].date_added, 10) ||
			    !c.v[i].ransomware || !c.v[i].vendor)
				abort();
		kev_free(&c);
	}
	free(buf);
	return 0;
}
