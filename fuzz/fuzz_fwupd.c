/* libFuzzer target for the fwupdmgr --json parser: the first byte picks get-updates or get-devices. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/fwupd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwupd_list l = { 0 };
	size_t i;
	char *buf;

	if (size < 1)
		return 0;
	buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (fwupd_parse(buf, size - 1, data[0] & 1, &l, NULL) == 0)
		for (i = 0; i < l.n; i++)
			if (!l.v[i].name || !l.v[i].id)
				abort();
	fwupd_free(&l);
	free(buf);
	return 0;
}
