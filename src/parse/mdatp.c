/* `mdatp health` output (see mdatp.h). */
#include "parse/mdatp.h"
#include "parse/limits.h"
#include "util/num.h"
#include "util/span.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool sp(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

void mdatp_health_parse(const char *buf, size_t len, struct mdatp_health *out)
{
	size_t pos = 0, lines = 0;

	memset(out, 0, sizeof(*out));
	out->healthy = out->real_time_protection = -1;
	out->definitions_minutes_ago = -1;
	while (pos < len && lines++ < MDATP_MAX_LINES) {
		const char *l = buf + pos, *nl = memchr(l, '\n', len - pos), *colon;
		size_t n = nl ? (size_t)(nl - l) : len - pos, k, v, vn;
		const char *val;

		pos += n + (nl ? 1 : 0);
		if (n > PARSE_MAX_LINE || !(colon = memchr(l, ':', n)))
			continue;
		k = (size_t)(colon - l);
		while (k && sp(l[k - 1]))
			k--;
		v = (size_t)(colon - l) + 1;
		while (v < n && sp(l[v]))
			v++;
		vn = n - v;
		val = l + v;
		/* "true  [managed]" */
		{
			const char *br = memchr(val, '[', vn);
			if (br)
				vn = (size_t)(br - val);
		}
		while (vn && sp(val[vn - 1]))
			vn--;
		if (vn >= 2 && val[0] == '"' && val[vn - 1] == '"')
			val++, vn -= 2;
#define KEY(s) (k == sizeof(s) - 1 && !memcmp(l, s, k))
#define BOOLV (vn == 4 && !memcmp(val, "true", 4) ? 1 : vn == 5 && !memcmp(val, "false", 5) ? 0 : -1)
		if (KEY("healthy")) {
			out->healthy = BOOLV;
		} else if (KEY("real_time_protection_enabled")) {
			out->real_time_protection = BOOLV;
		} else if (KEY("definitions_status")) {
			span_copy_printable(out->definitions_status, sizeof(out->definitions_status), val, vn);
		} else if (KEY("definitions_version")) {
			span_copy_printable(out->definitions_version, sizeof(out->definitions_version), val, vn);
		} else if (KEY("app_version")) {
			span_copy_printable(out->app_version, sizeof(out->app_version), val, vn);
		} else if (KEY("definitions_updated_minutes_ago")) {
			uint64_t m;
			if (parse_u64(val, vn, (uint64_t)INT64_MAX, &m) == 0)
				out->definitions_minutes_ago = (int64_t)m;
		} else {
			continue;
		}
#undef KEY
#undef BOOLV
		out->fields++;
	}
}
