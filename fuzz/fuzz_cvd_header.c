/* libFuzzer target for the ClamAV database header reading (collect/clamav.c, through libclamav's cl_cvdparse). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/clamav.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct clamav_db db;

	memset(&db, 0, sizeof(db));
	if (clamav_header_parse((const char *)data, size, &db) == 0) {
		if (strlen(db.time_text) >= sizeof(db.time_text) || strlen(db.builder) >= sizeof(db.builder))
			abort();
	}
	return 0;
}
