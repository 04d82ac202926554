/*
 * Libraries loaded when first needed. Most runs never download, send an
 * alert or open an archive, and libcurl and libarchive with what they bring
 * (TLS, Kerberos, LDAP, SSH, libxml2, ICU, ...) cost about 12 ms at every
 * start of the program when linked: a large part of a short run. libsystemd
 * (only the journal reader; it brings libgcrypt, liblzma, libzstd, liblz4
 * and libcap) and libcrypto (only SHA-256 of backup files) cost another
 * 3 ms. The calls are the libraries' own, through these tables; constants
 * and types come from their headers.
 */
#ifndef KYUKA_UTIL_LAZYLIB_H
#define KYUKA_UTIL_LAZYLIB_H

#include <archive.h>
#include <archive_entry.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <systemd/sd-journal.h>

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

struct karchive {
	struct archive *(*read_new)(void);
	int (*read_free)(struct archive *a);
	int (*read_support_format_tar)(struct archive *a);
	int (*read_support_format_zip)(struct archive *a);
	int (*read_support_format_zip_seekable)(struct archive *a);
	int (*read_support_filter_none)(struct archive *a);
	int (*read_support_filter_gzip)(struct archive *a);
	int (*read_support_filter_bzip2)(struct archive *a);
	int (*read_support_filter_xz)(struct archive *a);
	int (*read_support_filter_zstd)(struct archive *a);
	int (*read_open_filename)(struct archive *a, const char *name, size_t block);
	int (*read_open_fd)(struct archive *a, int fd, size_t block);
	int (*read_next_header)(struct archive *a, struct archive_entry **e);
	la_ssize_t (*read_data)(struct archive *a, void *buf, size_t n);
	const char *(*error_string)(struct archive *a);
	const char *(*entry_pathname)(struct archive_entry *e);
	const char *(*entry_pathname_utf8)(struct archive_entry *e);
	la_int64_t (*entry_size)(struct archive_entry *e);
	int (*entry_size_is_set)(struct archive_entry *e);
	mode_t (*entry_filetype)(struct archive_entry *e);
	time_t (*entry_mtime)(struct archive_entry *e);
	int (*entry_mtime_is_set)(struct archive_entry *e);
};

struct ksdj {
	int (*open_directory)(sd_journal **j, const char *path, int flags);
	int (*open_directory_fd)(sd_journal **j, int fd, int flags);
	void (*close)(sd_journal *j);
	int (*set_data_threshold)(sd_journal *j, size_t sz);
	int (*seek_head)(sd_journal *j);
	int (*seek_realtime_usec)(sd_journal *j, uint64_t usec);
	int (*next)(sd_journal *j);
	int (*get_realtime_usec)(sd_journal *j, uint64_t *usec);
	int (*get_data)(sd_journal *j, const char *field, const void **data, size_t *len);
	int (*get_cursor)(sd_journal *j, char **cursor);
};

struct kcrypto {
	EVP_MD_CTX *(*md_ctx_new)(void);
	void (*md_ctx_free)(EVP_MD_CTX *c);
	const EVP_MD *(*sha256)(void);
	int (*digest_init_ex)(EVP_MD_CTX *c, const EVP_MD *type, ENGINE *impl);
	int (*digest_update)(EVP_MD_CTX *c, const void *d, size_t n);
	int (*digest_final_ex)(EVP_MD_CTX *c, unsigned char *md, unsigned int *n);
};

/* The tables (loaded once, then kept); NULL with err set (err may be NULL) when the library is missing. */
const struct kcurl *kcurl_load(struct err *err);
const struct karchive *karchive_load(struct err *err);
const struct ksdj *ksdj_load(struct err *err);
const struct kcrypto *kcrypto_load(struct err *err);

#endif
