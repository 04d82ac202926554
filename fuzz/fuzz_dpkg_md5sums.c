/* libFuzzer target for dpkg's md5sums parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dpkg_md5sums.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int line(void *ctx, const char *md5, const char *path)
{
	(void)ctx;
	if (strlen(md5) != 32 || path[0] != '/' || strlen(path) > DPKG_MD5SUMS_MAX_PATH + 1)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	size_t bad = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	dpkg_md5sums_parse(buf, size, line, NULL, &bad);
	free(buf);
	return 0;
}
