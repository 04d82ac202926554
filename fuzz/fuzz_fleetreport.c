/*
 * libFuzzer target for the fleet's report parser (parse/fleetreport.c): any
 * bytes a compromised host could send, copied into an exactly-sized buffer.
 * What it accepts must hold the parser's promises.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/fleetreport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fleet_report r;
	size_t i, counts[ST__COUNT] = { 0 };
	char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (fleet_report_parse(buf, size, &r, NULL) == 0) {
		if (r.n > FLEET_REPORT_MAX_FINDINGS || (r.hostname && strlen(r.hostname) > FLEET_REPORT_MAX_HOSTNAME))
			abort();
		for (i = 0; i < r.n; i++) {
			if (!r.f[i].check_id || !r.f[i].subject || !r.f[i].evidence || (unsigned)r.f[i].status >= ST__COUNT ||
			    (unsigned)r.f[i].severity >= SEV__COUNT)
				abort();
			counts[r.f[i].status]++;
		}
		if (memcmp(counts, r.counts, sizeof(counts)))
			abort();
		fleet_report_free(&r);
	} else if (r.n || r.f || r.hostname) {
		abort();	/* nothing kept from a rejected report */
	}
	free(buf);
	return 0;
}
