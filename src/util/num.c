#include "util/num.h"

#include <errno.h>
#include <string.h>

int parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		unsigned d;
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		d = (unsigned)(s[i] - '0');
		if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, d, &v))
			return -ERANGE;
	}
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_u32(const char *s, size_t len, uint32_t *out)
{
	uint64_t v;
	int r = parse_u64(s, len, UINT32_MAX, &v);
	if (r < 0)
		return r;
	*out = (uint32_t)v;
	return 0;
}

int parse_i64(const char *s, size_t len, int64_t *out)
{
	uint64_t v;
	int r;

	if (len && s[0] == '-') {
		r = parse_u64(s + 1, len - 1, (uint64_t)INT64_MAX + 1, &v);
		if (r < 0)
			return r;
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
		return 0;
	}
	r = parse_u64(s, len, INT64_MAX, &v);
	if (r < 0)
		return r;
	*out = (int64_t)v;
	return 0;
}

int parse_u64_str(const char *s, uint64_t max, uint64_t *out)
{
	return parse_u64(s, strlen(s), max, out);
}
