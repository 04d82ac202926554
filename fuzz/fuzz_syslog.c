/*
 * libFuzzer target for log line headers: every span must lie inside the
 * input, times in range; a line of the same minute as an RFC 3164 line
 * before parses the same through syslog_same_minute/syslog_parse_after_time.
 */
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
	if (o.ts == SYSLOG_TS_NOYEAR && size >= SYSLOG_MINUTE_KEY) {
		/* the same minute as itself */
		struct syslog_line q;
		int se = syslog_same_minute(buf, size, buf);

		if (se >= 0) {
			syslog_parse_after_time(buf, size, &q);
			if (se != o.sec || q.host.p != o.host.p || q.host.len != o.host.len || q.prog.p != o.prog.p ||
			    q.prog.len != o.prog.len || q.msg.p != o.msg.p || q.msg.len != o.msg.len || q.pid != o.pid)
				abort();
		} else if (size >= 16) {
			abort();	/* a header of 16 bytes is always its own minute */
		}
	}
	free(buf);
	return 0;
}
