/* Log line headers: RFC 3164, RFC 3339 and OpenVPN's own formats (see syslog.h). */
#include "parse/syslog.h"

#include <string.h>

#include "util/swar.h"
#include "util/timeutil.h"

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static int d2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int syslog_month(const char *s, size_t len)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int i;

	if (len != 3)
		return 0;
	/* the first letter narrows it to at most three */
	switch (s[0]) {
	case 'J': i = s[1] == 'a' ? 0 : s[2] == 'n' ? 5 : 6; break;
	case 'F': i = 1; break;
	case 'M': i = s[2] == 'r' ? 2 : 4; break;
	case 'A': i = s[1] == 'p' ? 3 : 7; break;
	case 'S': i = 8; break;
	case 'O': i = 9; break;
	case 'N': i = 10; break;
	case 'D': i = 11; break;
	default: return 0;
	}
	return memcmp(names + 3 * i, s, 3) == 0 ? i + 1 : 0;
}

int64_t syslog_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool syslog_valid_date(int y, int m, int d)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12 || d < 1)
		return false;
	return d <= (m == 2 && leap ? 29 : dm[m - 1]);
}

/* "hh:mm:ss" at s (8 bytes available). */
static bool parse_hms(const char *s, int *h, int *mi, int *se)
{
	if (!digit(s[0]) || !digit(s[1]) || s[2] != ':' || !digit(s[3]) || !digit(s[4]) || s[5] != ':' ||
	    !digit(s[6]) || !digit(s[7]))
		return false;
	*h = d2(s);
	*mi = d2(s + 3);
	*se = d2(s + 6);
	return *h < 24 && *mi < 60 && *se <= 60;
}

/* "Dec 31 03:20:34" or "Dec  1 03:20:34" (15 bytes). */
static bool parse_3164(const char *s, size_t len, struct syslog_line *o)
{
	int mon, day;

	if (len < 15 || s[3] != ' ' || s[6] != ' ')
		return false;
	mon = syslog_month(s, 3);
	if (!mon)
		return false;
	if (s[4] == ' ' && digit(s[5]))
		day = s[5] - '0';
	else if (digit(s[4]) && digit(s[5]))
		day = d2(s + 4);
	else
		return false;
	if (day < 1 || day > 31 || !parse_hms(s + 7, &o->hour, &o->min, &o->sec))
		return false;
	o->mon = mon;
	o->mday = day;
	return true;
}

/* "YYYY-MM-DD" at s (10 bytes). */
static bool parse_ymd(const char *s, int *y, int *m, int *d)
{
	if (!digit(s[0]) || !digit(s[1]) || !digit(s[2]) || !digit(s[3]) || s[4] != '-' || !digit(s[5]) ||
	    !digit(s[6]) || s[7] != '-' || !digit(s[8]) || !digit(s[9]))
		return false;
	*y = d2(s) * 100 + d2(s + 2);
	*m = d2(s + 5);
	*d = d2(s + 8);
	return *y >= 1970 && syslog_valid_date(*y, *m, *d);
}

/* "prog[pid]: " or "prog: " at the start of rest; fills prog, pid and msg. */
static void parse_tag(struct span rest, struct syslog_line *o)
{
	size_t i = 0, n = rest.len < SYSLOG_MAX_TAG + 24 ? rest.len : SYSLOG_MAX_TAG + 24;
	const char *s = rest.p;

	o->msg = rest;
	i = swar_find3(s, n, '[', ':', ' ');
	if (i == 0 || i > SYSLOG_MAX_TAG || i >= n)
		return;
	if (s[i] == '[') {
		size_t j = i + 1, lim = i + 11 < n ? i + 11 : n;	/* 10 digits at most */
		int64_t pid = 0;

		if (SWAR_OK && j + 8 <= n) {
			/* the usual pid: fewer than 8 digits, found and read without a loop */
			uint64_t w = swar_load(s + j);
			size_t k = swar_digits(w);

			if (k > 0 && k < 8) {
				pid = (int64_t)swar_value(w, k);
				j += k;
				lim = j;
			}
		}
		while (j < lim && digit(s[j]))
			pid = pid * 10 + (s[j++] - '0');
		if (j == i + 1 || j + 1 >= n || s[j] != ']')
			return;
		/* ProFTPD's own SystemLog file writes "proftpd[PID] " without the colon */
		if (s[j + 1] != ':' && !(s[j + 1] == ' ' && i == 7 && memcmp(s, "proftpd", 7) == 0))
			return;
		o->pid = pid;
		o->prog = SPAN(s, i);
		j += 2;
		if (j < rest.len && s[j] == ' ')
			j++;
		o->msg = SPAN(s + j, rest.len - j);
		return;
	}
	if (s[i] != ':')
		return;
	o->prog = SPAN(s, i);
	i++;
	if (i < rest.len && s[i] == ' ')
		i++;
	o->msg = SPAN(s + i, rest.len - i);
}

/* "host prog[pid]: msg" after a syslog time. */
static void parse_host_tag(const char *s, size_t len, struct syslog_line *o)
{
	const char *sp = s + swar_find3(s, len, ' ', ' ', ' '), *end = s + len;

	o->msg = SPAN(s, len);
	if (sp == end || sp == s)
		return;
	/* no host: Dovecot's log_path file ("Dec 06 21:16:48 imap-login: Info: ..."), a local "sshd[811]: " */
	if (sp[-1] == ':') {
		parse_tag(SPAN(s, len), o);
		return;
	}
	o->host = SPAN(s, (size_t)(sp - s));
	parse_tag(SPAN(sp + 1, len - (size_t)(sp - s) - 1), o);
}

static void init_line(const char *s, size_t len, struct syslog_line *o)
{
	/* field by field: memset of the struct costs more here than the parse of the header */
	o->ts = SYSLOG_TS_NONE;
	o->year = o->mon = o->mday = o->hour = o->min = o->sec = 0;
	o->t = 0;
	o->pid = -1;
	o->msg = SPAN(s, len);
	o->host = SPAN(s, 0);
	o->prog = SPAN(s, 0);
}

int syslog_same_minute(const char *s, size_t len, const char *prev)
{
	int se;

	if (len < 16 || memcmp(s, prev, SYSLOG_MINUTE_KEY) != 0 || !digit(s[13]) || !digit(s[14]) || s[15] != ' ')
		return -1;
	se = d2(s + 13);
	if (se > 60)
		return -1;
	return se;
}

void syslog_parse_after_time(const char *s, size_t len, struct syslog_line *o)
{
	init_line(s, len, o);
	o->ts = SYSLOG_TS_NOYEAR;
	parse_host_tag(s + 16, len - 16, o);
}

/*
 * Samba's log.smbd (lib/util/debug.c, auth/auth_log.c): a record is a header,
 * "[2026/12/30 10:00:00.123456,  2] ../../auth/auth_log.c:876(func)", and its
 * message on the lines after it, indented. The review reads each line alone, so
 * the authentication audit's own line takes its time from its own "at [Wed, 30
 * Dec 2026 10:00:00.123456 JST]" (the server's local time: the zone's
 * abbreviation is left to --tz). Both are local times without a program name.
 */
static bool parse_samba(const char *s, size_t len, struct syslog_line *o)
{
	size_t i = 0, n = len < 512 ? len : 512;
	int y, m, d;
	const char *at;

	if (len >= 24 && s[0] == '[' && digit(s[1]) && digit(s[2]) && digit(s[3]) && digit(s[4]) && s[5] == '/' &&
	    digit(s[6]) && digit(s[7]) && s[8] == '/' && digit(s[9]) && digit(s[10]) && s[11] == ' ' &&
	    parse_hms(s + 12, &o->hour, &o->min, &o->sec)) {
		/* ", 10, pid=1234, effective(0, 0), real(0, 0)]" with debug pid and debug uid */
		const char *rb = memchr(s + 20, ']', len - 20 < 160 ? len - 20 : 160);

		y = d2(s + 1) * 100 + d2(s + 3);
		m = d2(s + 6);
		d = d2(s + 9);
		if (!rb || y < 1970 || !syslog_valid_date(y, m, d) || (s[20] != '.' && s[20] != ','))
			return false;
		o->year = y;
		o->mon = m;
		o->mday = d;
		i = (size_t)(rb - s) + 1;
		if (i < len && s[i] == ' ')
			i++;
		o->msg = SPAN(s + i, len - i);
		return true;
	}
	while (i < n && s[i] == ' ')
		i++;
	if (i == 0 || !((n - i >= 7 && memcmp(s + i, "Auth: [", 7) == 0) ||
			(n - i >= 19 && memcmp(s + i, "Successful AuthZ: [", 19) == 0)))
		return false;
	at = NULL;
	for (; i + 30 <= n; i++)
		if (s[i] == ' ' && s[i + 1] == 'a' && s[i + 2] == 't' && s[i + 3] == ' ' && s[i + 4] == '[') {
			at = s + i + 5;
			break;
		}
	/* "Wed, 30 Dec 2026 10:00:00" */
	if (!at || at[3] != ',' || at[4] != ' ' || !digit(at[5]) || !digit(at[6]) || at[7] != ' ' || at[11] != ' ' ||
	    !digit(at[12]) || !digit(at[13]) || !digit(at[14]) || !digit(at[15]) || at[16] != ' ')
		return false;
	m = syslog_month(at + 8, 3);
	y = d2(at + 12) * 100 + d2(at + 14);
	d = d2(at + 5);
	if (!m || y < 1970 || !syslog_valid_date(y, m, d) || !parse_hms(at + 17, &o->hour, &o->min, &o->sec))
		return false;
	o->year = y;
	o->mon = m;
	o->mday = d;
	return true;
}

void syslog_parse_line(const char *s, size_t len, struct syslog_line *o)
{
	int y, m, d;

	init_line(s, len, o);
	if (len >= 16 && parse_3164(s, len, o) && s[15] == ' ') {
		o->ts = SYSLOG_TS_NOYEAR;
		parse_host_tag(s + 16, len - 16, o);
		return;
	}
	if (len >= 20 && parse_ymd(s, &y, &m, &d)) {
		if (s[10] == 'T') {
			const char *sp = memchr(s, ' ', len < 48 ? len : 48);
			time_t t;

			if (sp && time_parse_iso8601(s, (size_t)(sp - s), &t) == 0) {
				o->ts = SYSLOG_TS_ABS;
				o->t = (int64_t)t;
				parse_host_tag(sp + 1, len - (size_t)(sp - s) - 1, o);
			}
			return;
		}
		if (s[10] == ' ' && parse_hms(s + 11, &o->hour, &o->min, &o->sec) && s[19] == ' ') {
			o->ts = SYSLOG_TS_LOCAL;
			o->year = y;
			o->mon = m;
			o->mday = d;
			o->msg = SPAN(s + 20, len - 20);
		} else if (s[10] == ' ' && len >= 25 && s[19] == ',' && digit(s[20]) && digit(s[21]) && digit(s[22]) &&
			   s[23] == ' ' && parse_hms(s + 11, &o->hour, &o->min, &o->sec)) {
			/* ProFTPD 1.3.5b and later, its own SystemLog: "2026-12-30 10:00:00,464 host proftpd[PID] ..." */
			o->ts = SYSLOG_TS_LOCAL;
			o->year = y;
			o->mon = m;
			o->mday = d;
			parse_host_tag(s + 24, len - 24, o);
		} else {
			o->hour = o->min = o->sec = 0;
		}
		return;
	}
	/* ctime: "Thu Dec 31 03:20:34 2026 msg" */
	if (len >= 24 && s[3] == ' ' && parse_3164(s + 4, len - 4, o) && s[19] == ' ' && digit(s[20]) &&
	    digit(s[21]) && digit(s[22]) && digit(s[23]) && (len == 24 || s[24] == ' ')) {
		y = d2(s + 20) * 100 + d2(s + 22);
		if (y >= 1970 && syslog_valid_date(y, o->mon, o->mday)) {
			o->ts = SYSLOG_TS_LOCAL;
			o->year = y;
			o->msg = SPAN(s + 24 + (len > 24), len - 24 - (len > 24));
			return;
		}
	}
	if (len && (s[0] == '[' || s[0] == ' ') && parse_samba(s, len, o)) {
		o->ts = SYSLOG_TS_LOCAL;
		return;
	}
	o->year = o->mon = o->mday = o->hour = o->min = o->sec = 0;
	o->msg = SPAN(s, len);
}
