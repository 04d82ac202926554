/* libFuzzer target for the `mdatp health` output parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/mdatp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mdatp_health h;

	mdatp_health_parse((const char *)data, size, &h);
	if (strlen(h.definitions_status) >= sizeof(h.definitions_status) || h.healthy < -1 || h.healthy > 1)
		abort();
	return 0;
}
