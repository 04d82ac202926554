/*
 * Error detail for the user. Functions that can fail return a negative errno
 * and, when given a non-NULL struct err, describe the failure in it:
 * lowercase, no full stop, subject quoted ("cannot read '/etc/shadow': ...").
 */
#ifndef KYUKA_UTIL_ERR_H
#define KYUKA_UTIL_ERR_H

#define ERR_MSG_MAX 512

struct err {
	int code;
	char msg[ERR_MSG_MAX];
};

/* Sets e (if non-NULL) and returns code, which must be negative. */
int err_set(struct err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Prefixes the message already in e with "prefix: ". */
void err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void err_clear(struct err *e);

#endif
