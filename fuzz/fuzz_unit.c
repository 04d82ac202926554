/* libFuzzer target for the systemd unit file parser, time spans and calendar output. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unit_file u = { 0 };
	const char *v[8];
	char date[11];
	uint64_t sec;
	bool b;
	size_t i;
	char *buf = malloc(size + 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (unit_parse(buf, size, &u, NULL) == 0) {
		for (i = 0; i < u.n; i++) {
			(void)unit_get_list(&u, u.v[i].section, u.v[i].key, v, 8);
			(void)unit_bool(u.v[i].value, &b);
			(void)unit_timespan(u.v[i].value, &sec);
		}
	}
	unit_free(&u);
	(void)calendar_next_date(buf, size, date);
	buf[size] = '\0';
	(void)unit_timespan(buf, &sec);
	free(buf);
	return 0;
}
