/* libFuzzer target for the /proc/PID/maps parser: the input is the file, exactly sized. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/proc_maps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_maps m;
	char *buf = malloc(size ? size : 1);
	size_t i;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (proc_maps_parse(buf, size, &m, NULL) == 0) {
		for (i = 0; i < m.n; i++) {
			if (m.v[i].path[0] != '/' || !m.v[i].inode)
				abort();
			(void)maps_is_replaced_code(&m.v[i]);
		}
		proc_maps_free(&m);
	}
	free(buf);
	return 0;
}
