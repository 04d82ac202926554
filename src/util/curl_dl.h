/*
 * libcurl, loaded when it is first needed. Most runs never fetch or send
 * anything, and libcurl with the thirty libraries it brings (TLS, Kerberos,
 * LDAP, SSH, ...) costs about 8 ms at every start of the program when
 * linked: a quarter of a short run. The calls are libcurl's own, through
 * this table; the constants and types come from <curl/curl.h>.
 */
#ifndef KYUKA_UTIL_CURL_DL_H
#define KYUKA_UTIL_CURL_DL_H

#include <curl/curl.h>

#include "util/err.h"

struct kcurl {
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *c, CURLoption opt, ...);
	CURLcode (*easy_perform)(CURL *c);
	CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *c);
	const char *(*easy_strerror)(CURLcode rc);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
};

/* The table (loaded once, then kept); NULL with err set when libcurl is not installed. */
const struct kcurl *kcurl_load(struct err *err);

#endif
