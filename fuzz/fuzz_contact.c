/* libFuzzer target: phone and mail shape checks from arbitrary bytes (exactly sized, not terminated). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/contact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	struct phone_info p;
	const char *why;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (phone_check(buf, size, &p, &why) == 0 && strlen(p.e164) > PHONE_MAX_DIGITS + 1)
		abort();
	if (mail_check(buf, size, &why) < 0 && !why)
		abort();
	free(buf);
	return 0;
}
