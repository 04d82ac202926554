/* libFuzzer target for TimeCreated from a record's XML (libxml2): any bytes, never a crash or a leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/evtxxml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = { 0 };
	char *buf = malloc(size ? size : 1);
	int64_t t;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	(void)evtxxml_time_created(buf, size, &t, &e);
	free(buf);
	return 0;
}
