/* libFuzzer target for log line headers: every span must lie inside the input, times in range. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/syslog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(struct span s, const char *buf, size_t len)
{
	if (s.p < buf || s.p > buf + len || s.len > len || (size_t)(s.p - buf) + s.len > len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	struct syslog_line o;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	syslog_parse_line(buf, size, &o);
	inside(o.host, buf, size);
	inside(o.prog, buf, size);
	inside(o.msg, buf, size);
	if (o.prog.len > SYSLOG_MAX_TAG)
		abort();
	if (o.ts == SYSLOG_TS_NOYEAR || o.ts == SYSLOG_TS_LOCAL) {
		if (o.mon < 1 || o.mon > 12 || o.mday < 1 || o.mday > 31 || o.hour > 23 || o.min > 59 || o.sec > 60)
			abort();
	}
	if (o.ts == SYSLOG_TS_LOCAL && !syslog_valid_date(o.year, o.mon, o.mday))
		abort();
	free(buf);
	return 0;
}
