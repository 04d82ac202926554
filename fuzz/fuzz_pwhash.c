/*
 * libFuzzer target for pw_cost_parse: any bytes as a password field. The
 * parameters must be consistent with the scheme pw_classify finds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/pwhash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pw_cost c;
	char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (pw_cost_parse(buf, size, &c) == 0) {
		if (c.scheme == PWS_NONE || c.scheme == PWS_UNKNOWN)
			abort();
		if ((c.scheme == PWS_SHA512 || c.scheme == PWS_SHA256) &&
		    (c.rounds < PWHASH_SHA_MIN_ROUNDS || c.rounds > PWHASH_SHA_MAX_ROUNDS))
			abort();
		if (c.scheme == PWS_BCRYPT && (c.log2 < 4 || c.log2 > 31))
			abort();
		if ((c.scheme == PWS_YESCRYPT || c.scheme == PWS_GOST_YESCRYPT || c.scheme == PWS_SCRYPT) &&
		    c.log2 > 63)
			abort();
	}
	free(buf);
	return 0;
}
