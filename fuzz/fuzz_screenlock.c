/* libFuzzer target for the screen lock scanners: the first byte picks xfconf, xscreensaver or autostart. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "parse/screenlock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data + 1;
	bool off;
	int r;

	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		r = xfconf_group_enabled(p, size - 1, "lock");
		if (r < -1 || r > 1 || xfconf_group_enabled(p, size - 1, "saver") > 1)
			abort();
		break;
	case 1:
		r = xscreensaver_lock(p, size - 1, &off);
		if (r < -1 || r > 1)
			abort();
		break;
	default:
		(void)autostart_entry_off(p, size - 1);
	}
	return 0;
}
