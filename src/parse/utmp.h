/*
 * Login records: /var/log/lastlog (one 292-byte record per uid, indexed by
 * uid) and /var/log/wtmp, /var/log/btmp (384-byte struct utmp records,
 * x86_64/glibc layout, little endian). Pure decoding of bytes; collect/ reads
 * the files. Strings are copied to terminated buffers; they may still hold
 * any bytes but NUL.
 */
#ifndef KYUKA_PARSE_UTMP_H
#define KYUKA_PARSE_UTMP_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define LASTLOG_RECORD_SIZE 292
#define UTMP_RECORD_SIZE 384

struct lastlog_rec {
	int64_t time;		/* 0 = never */
	char line[33];
	char host[257];
};
/* Decodes one record of exactly LASTLOG_RECORD_SIZE bytes. */
int lastlog_decode(const unsigned char *rec, size_t len, struct lastlog_rec *out, struct err *err);

enum utmp_type {
	UT_EMPTY = 0, UT_RUN_LVL = 1, UT_BOOT_TIME = 2, UT_NEW_TIME = 3, UT_OLD_TIME = 4,
	UT_INIT_PROCESS = 5, UT_LOGIN_PROCESS = 6, UT_USER_PROCESS = 7, UT_DEAD_PROCESS = 8, UT_ACCOUNTING = 9,
};
struct utmp_rec {
	int type;
	int32_t pid;
	char line[33];
	char user[33];
	char host[257];
	int64_t time;		/* seconds */
	char addr[46];		/* text form of ut_addr_v6 ("" when zero) */
};
/* Decodes one record of exactly UTMP_RECORD_SIZE bytes. */
int utmp_decode(const unsigned char *rec, size_t len, struct utmp_rec *out, struct err *err);

/*
 * Walks a buffer of whole records and calls cb for each; stops early when cb
 * returns non-zero (and returns that). A trailing partial record is
 * reported through *trailing (bytes) and not decoded.
 */
int utmp_walk(const unsigned char *buf, size_t len, int (*cb)(const struct utmp_rec *r, void *arg),
	      void *arg, size_t *trailing, struct err *err);

#endif
