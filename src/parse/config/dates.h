/* The dates of kyuka.yaml (parse/schema.c), shared with --holiday and the feeds. */
#ifndef KYUKA_PARSE_CONFIG_DATES_H
#define KYUKA_PARSE_CONFIG_DATES_H

#include <stddef.h>

#include "util/err.h"

/* "2026-12-27..2027-01-04" into two validated dates; shared with --holiday. */
int holiday_parse(const char *s, size_t len, char start[11], char end[11], struct err *err);
/* A strict calendar date YYYY-MM-DD (years 1970..9999). */
int date_parse(const char *s, size_t len, int *y, int *m, int *d);

#endif
