/*
 * Downloading a feed with libcurl: http or https only (redirects too), a
 * connect and a total timeout, a size cap, TLS verified. The body goes to a
 * new temporary file (mode 0600) that the caller imports and removes.
 */
#ifndef KYUKA_COLLECT_FETCH_H
#define KYUKA_COLLECT_FETCH_H

#include "util/err.h"

#define FETCH_MAX_BYTES ((long long)1 << 30)	/* 1 GiB */
#define FETCH_TIMEOUT_S 600L
#define FETCH_CONNECT_TIMEOUT_S 20L

/* Fetches url into a temporary file; *path (caller frees and unlinks) names it. */
int fetch_to_temp(const char *url, char **path, struct err *err);

#endif
