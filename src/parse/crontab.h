/*
 * crontab(5) files: /etc/crontab and the files in /etc/cron.d (with a user field) and
 * the per-user crontabs under /var/spool/cron/crontabs (without). Schedules
 * with ranges, steps, lists and names, and the @reboot ... @hourly
 * shortcuts; environment lines are skipped. Pure.
 */
#ifndef KYUKA_PARSE_CRONTAB_H
#define KYUKA_PARSE_CRONTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/limits.h"
#include "util/err.h"

#define CRON_MAX_ENTRIES	10000
#define CRON_MAX_COMMAND	1024	/* bytes of a command kept for the report */

struct cron_entry {
	bool reboot;		/* @reboot: runs when cron starts */
	uint64_t minute;	/* bit per minute 0..59 */
	uint32_t hour;		/* 0..23 */
	uint32_t dom;		/* 1..31 */
	uint16_t month;		/* 1..12 */
	uint8_t dow;		/* 0..6, Sunday 0 */
	bool dom_star, dow_star;	/* the field began with '*' (cron's day rule) */
	char user[33];		/* system crontabs; "" in user crontabs */
	char *schedule;		/* the five fields or the @word, as written */
	char *command;		/* at most CRON_MAX_COMMAND bytes */
	size_t line;
};

struct crontab {
	struct cron_entry *v;
	size_t n, alloc;
	struct parse_bad bad;
};

/* system: the file has a user field. Appends to out. 0 or -E2BIG. */
int crontab_parse(const char *buf, size_t len, bool system, struct crontab *out, struct err *err);
void crontab_free(struct crontab *c);
/* True when the entry runs on that day (month 1..12, day 1..31, weekday 0..6 with Sunday 0). */
bool cron_runs_on(const struct cron_entry *e, int month, int day, int wday);

#endif
