/* libFuzzer target for the mount table parser (libmount) and the mount lookup. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/mountinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mount_table t = { 0 };
	char *buf = malloc(size ? size : 1);
	size_t i;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (mountinfo_parse(buf, size, &t, NULL) == 0) {
		for (i = 0; i < t.n; i++) {
			const struct mount_entry *m = mount_find(&t, t.v[i].target);

			if (!t.v[i].target || t.v[i].target[0] != '/' || !t.v[i].source || !t.v[i].fstype || !m)
				abort();
		}
		(void)mount_find(&t, "/backup/x");
	}
	mount_table_free(&t);
	free(buf);
	return 0;
}
