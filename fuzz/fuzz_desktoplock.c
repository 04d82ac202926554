/* libFuzzer target for parse/desktoplock: an xfconf channel and an X resource file from the same bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "parse/desktoplock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool v;
	size_t line = 0;
	int r;

	(void)xfconf_bool(data, size, "/lock/enabled", &v);
	(void)xfconf_bool(data, size, "/saver/idle-activation/enabled", &v);
	r = xres_bool((const char *)data, size, "lock", &v, &line);
	if (r == 0 && (line == 0 || line > size + 1))
		abort();
	return 0;
}
