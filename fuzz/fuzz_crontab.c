/* libFuzzer target for the crontab parser: the first byte picks the format (system or user). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/crontab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crontab c = { 0 };
	size_t i;
	int m, d;
	char *buf;

	if (size < 1)
		return 0;
	buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (crontab_parse(buf, size - 1, data[0] & 1, &c, NULL) == 0) {
		for (i = 0; i < c.n; i++) {
			if (!c.v[i].command || !c.v[i].schedule || strlen(c.v[i].command) > CRON_MAX_COMMAND)
				abort();
			for (m = 1; m <= 12; m++)
				for (d = 1; d <= 31; d += 7)
					(void)cron_runs_on(&c.v[i], m, d, d % 7);
		}
	}
	crontab_free(&c);
	free(buf);
	return 0;
}
