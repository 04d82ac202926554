#include "util/timeutil.h"
#include "util/num.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's algorithm). */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int num2(const char *s, size_t len, uint64_t max, long *out)
{
	uint64_t v;
	int r = parse_u64(s, len, max, &v);
	if (r < 0)
		return -EINVAL;
	*out = (long)v;
	return 0;
}

int date_to_days(const char *s, size_t len, long *days)
{
	long y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -EINVAL;
	if (num2(s, 4, 9999, &y) < 0 || num2(s + 5, 2, 12, &m) < 0 || num2(s + 8, 2, 31, &d) < 0)
		return -EINVAL;
	if (y < 1970 || m < 1 || d < 1 || d > days_in_month(y, (int)m))
		return -EINVAL;
	*days = days_from_civil(y, (int)m, (int)d);
	return 0;
}

int time_parse_iso8601(const char *s, size_t len, time_t *out)
{
	long days, hh, mm, ss = 0, off = 0;
	size_t i;

	if (len < 10 || date_to_days(s, 10, &days) < 0)
		return -EINVAL;
	if (len == 10) {
		*out = (time_t)days * 86400;
		return 0;
	}
	if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || len < 16 || s[13] != ':')
		return -EINVAL;
	if (num2(s + 11, 2, 23, &hh) < 0 || num2(s + 14, 2, 59, &mm) < 0)
		return -EINVAL;
	i = 16;
	if (i < len && s[i] == ':') {
		if (len < i + 3 || num2(s + i + 1, 2, 60, &ss) < 0)
			return -EINVAL;
		i += 3;
		if (i < len && (s[i] == '.' || s[i] == ',')) {
			size_t j = ++i;
			while (i < len && s[i] >= '0' && s[i] <= '9' && i - j < 9)
				i++;
			if (i == j)
				return -EINVAL;
		}
	}
	if (i == len)
		return -EINVAL; /* a zone is required: local time is ambiguous */
	if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len) {
		off = 0;
	} else if ((s[i] == '+' || s[i] == '-') && (len - i == 6 || len - i == 5 || len - i == 3)) {
		long oh, om = 0;
		int sign = s[i] == '-' ? -1 : 1;
		if (num2(s + i + 1, 2, 23, &oh) < 0)
			return -EINVAL;
		if (len - i == 6) {
			if (s[i + 3] != ':' || num2(s + i + 4, 2, 59, &om) < 0)
				return -EINVAL;
		} else if (len - i == 5) {
			if (num2(s + i + 3, 2, 59, &om) < 0)
				return -EINVAL;
		}
		off = sign * (oh * 3600 + om * 60);
	} else {
		return -EINVAL;
	}
	*out = (time_t)days * 86400 + hh * 3600 + mm * 60 + ss - off;
	return 0;
}

/* t as whole days since the epoch and the seconds into the last of them (0..86399). */
static void split_days(int64_t t, int64_t *days, int64_t *secs)
{
	*days = t / 86400;
	*secs = t % 86400;
	if (*secs < 0) {
		*secs += 86400;
		(*days)--;
	}
}

void time_format_utc(time_t t, char *buf, size_t size)
{
	int64_t days, secs;
	long y;
	int m, d;

	split_days((int64_t)t, &days, &secs);
	civil_from_days((long)days, &y, &m, &d);
	snprintf(buf, size, "%04ld-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
		 (int)(secs % 60));
}

/* Two digits of 0..99. */
static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

int time_format_local(int64_t t, int32_t offset, char *buf, size_t size)
{
	int64_t days, secs;
	long y;
	int m, d;
	int32_t a = offset < 0 ? -offset : offset;

	if (offset % 60 != 0 || t < -62135596800LL || t > 253402300799LL)
		return -1;
	split_days(t + offset, &days, &secs);
	civil_from_days((long)days, &y, &m, &d);
	if (y < 1000 || y > 9999)
		return -1;
	if (size < 26)
		return -1;
	/* by hand: reports write tens of thousands of these, and snprintf is most of their cost */
	put2(buf, (int)(y / 100));
	put2(buf + 2, (int)(y % 100));
	buf[4] = '-';
	put2(buf + 5, m);
	buf[7] = '-';
	put2(buf + 8, d);
	buf[10] = ' ';
	put2(buf + 11, (int)(secs / 3600));
	buf[13] = ':';
	put2(buf + 14, (int)(secs / 60 % 60));
	buf[16] = ':';
	put2(buf + 17, (int)(secs % 60));
	buf[19] = ' ';
	buf[20] = offset < 0 ? '-' : '+';
	put2(buf + 21, (int)(a / 3600));
	put2(buf + 23, (int)(a / 60 % 60));
	buf[25] = '\0';
	return 0;
}

void days_format(long days, char *buf, size_t size)
{
	long y;
	int m, d;

	/* civil_from_days adds 719468: saturate instead of overflowing on absurd counts */
	if (days > LONG_MAX - 719468)
		days = LONG_MAX - 719468;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04ld-%02d-%02d", y, m, d);
}
