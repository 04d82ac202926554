/*
 * libFuzzer target for splitting a run of a log into lines
 * (logsrc_next_line): the same lines as a plain memchr split, each inside the
 * run, cut to LOGSRC_MAX_LINE with its cut flag, and the run used up. The
 * input is copied into a buffer of its exact size, so a read past the run's
 * end (the search takes 64 bytes a step) is an ASan error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/logsrc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	const char *cur, *ref, *end;
	struct logsrc_piece l;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	cur = ref = buf;
	end = buf + size;
	while (logsrc_next_line(&cur, end, &l)) {
		const char *nl = memchr(ref, '\n', (size_t)(end - ref));
		size_t len = nl ? (size_t)(nl - ref) : (size_t)(end - ref);

		if (l.p != ref || l.run || l.cut != (len > LOGSRC_MAX_LINE) ||
		    l.len != (len > LOGSRC_MAX_LINE ? LOGSRC_MAX_LINE : len))
			abort();
		ref = nl ? nl + 1 : end;
		if (cur != ref)
			abort();
	}
	if (ref != end)
		abort();
	free(buf);
	return 0;
}
