/*
 * The header of one log line: its time, host and program, and where the
 * message starts. Pure: bytes in (need not be terminated, may hold any
 * bytes), struct out; no clock, no locale, no time zone. Spans point into
 * the input.
 *
 *   RFC 3164 (no year, local time)  "Dec 31 03:20:34 web1 sshd[811]: msg"
 *   RFC 3339 (rsyslog's default)    "2026-12-31T03:20:34.123456+09:00 web1 sshd[811]: msg"
 *   OpenVPN's own log file          "2026-12-31 03:20:34 msg"  (local time, year known)
 *                                   "Thu Dec 31 03:20:34 2026 msg"
 */
#ifndef KYUKA_PARSE_SYSLOG_H
#define KYUKA_PARSE_SYSLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/span.h"

#define SYSLOG_MAX_TAG 64	/* bytes of a program name ("sshd", "systemd-logind") */

enum syslog_ts {
	SYSLOG_TS_NONE,		/* no time recognised: the whole line is the message */
	SYSLOG_TS_NOYEAR,	/* RFC 3164: month, day and time, local, no year */
	SYSLOG_TS_LOCAL,	/* year known, local time, no zone */
	SYSLOG_TS_ABS,		/* an absolute time: t is seconds since the epoch (UTC) */
};

struct syslog_line {
	enum syslog_ts ts;
	int year;		/* SYSLOG_TS_LOCAL */
	int mon, mday;		/* 1..12, 1..31 (NOYEAR, LOCAL) */
	int hour, min, sec;
	int64_t t;		/* SYSLOG_TS_ABS */
	struct span host;	/* empty when the format has none */
	struct span prog;	/* "sshd", "sshd(pam_unix)", "kernel"; empty when none */
	int64_t pid;		/* -1 when none */
	struct span msg;	/* the rest, without the "prog[pid]: " tag */
};

/* Parses one line (without its line break). Never fails: unknown shapes give ts NONE and msg = the line. */
void syslog_parse_line(const char *s, size_t len, struct syslog_line *out);

/*
 * Lines of the same minute, for a reader that keeps the time of the line
 * before: when the first SYSLOG_MINUTE_KEY bytes of s ("Dec 31 03:20:")
 * are those of prev, an RFC 3164 line that syslog_parse_line took, and s
 * goes on with seconds and a blank, returns the seconds (0..60); else -1.
 * syslog_parse_after_time then takes the host, program and message (its
 * time fields are left empty, ts NOYEAR): together the same as
 * syslog_parse_line on s.
 */
#define SYSLOG_MINUTE_KEY 13
int syslog_same_minute(const char *s, size_t len, const char *prev);
void syslog_parse_after_time(const char *s, size_t len, struct syslog_line *out);

/* Month from its English abbreviation ("Jan".."Dec"), 1..12, or 0. */
int syslog_month(const char *s, size_t len);

/* Days since the epoch of a civil date (any valid y-m-d; no validation). */
int64_t syslog_days_from_civil(int64_t y, int m, int d);
/* True when y-m-d is a real calendar date. */
bool syslog_valid_date(int y, int m, int d);

#endif
