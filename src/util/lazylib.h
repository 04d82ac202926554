/*
 * Libraries loaded when first needed. Most runs never download, send an
 * alert or open an archive, and libcurl and libarchive with what they bring
 * (TLS, Kerberos, LDAP, SSH, libxml2, ICU, ...) cost about 12 ms at every
 * start of the program when linked: a large part of a short run. libsystemd
 * (only the journal reader; it brings libgcrypt, liblzma, libzstd, liblz4
 * and libcap), libcrypto (only SHA-256 of backup files) and libmount (only
 * the mount table; it brings libblkid and libselinux) cost another 4 ms;
 * libclamav, libyara (util/lazyav.h: the scan, ClamAV's database headers)
 * and libxlsxwriter (util/lazyxlsx.h: the workbook) 2.5 ms more.
 * The calls are the libraries' own, through these tables; constants and
 * types come from their headers.
 */
#ifndef KYUKA_UTIL_LAZYLIB_H
#define KYUKA_UTIL_LAZYLIB_H

#include <archive.h>
#include <archive_entry.h>
#include <curl/curl.h>
#include <libmount/libmount.h>
#include <lz4frame.h>
#include <lzma.h>
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
	/* mail triage: archives in memory, every format, encrypted entries */
	int (*read_open_memory)(struct archive *a, const void *buf, size_t n);
	int (*read_support_format_all)(struct archive *a);
	int (*entry_is_encrypted)(struct archive_entry *e);
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
	const EVP_MD *(*md5)(void);
	int (*digest_init_ex)(EVP_MD_CTX *c, const EVP_MD *type, ENGINE *impl);
	int (*digest_update)(EVP_MD_CTX *c, const void *d, size_t n);
	int (*digest_final_ex)(EVP_MD_CTX *c, unsigned char *md, unsigned int *n);
};

struct kmount {
	struct libmnt_table *(*new_table)(void);
	void (*unref_table)(struct libmnt_table *tb);
	struct libmnt_iter *(*new_iter)(int direction);
	void (*free_iter)(struct libmnt_iter *itr);
	int (*table_set_userdata)(struct libmnt_table *tb, void *data);
	void *(*table_get_userdata)(struct libmnt_table *tb);
	int (*table_set_parser_errcb)(struct libmnt_table *tb,
				      int (*cb)(struct libmnt_table *tb, const char *filename, int line));
	int (*table_parse_stream)(struct libmnt_table *tb, FILE *f, const char *filename);
	int (*table_next_fs)(struct libmnt_table *tb, struct libmnt_iter *itr, struct libmnt_fs **fs);
	const char *(*fs_get_target)(struct libmnt_fs *fs);
	const char *(*fs_get_source)(struct libmnt_fs *fs);
	const char *(*fs_get_fstype)(struct libmnt_fs *fs);
	const char *(*fs_get_options)(struct libmnt_fs *fs);
	const char *(*fs_get_vfs_options)(struct libmnt_fs *fs);
	const char *(*fs_get_fs_options)(struct libmnt_fs *fs);
	int (*fs_is_netfs)(struct libmnt_fs *fs);
	int (*optstr_get_option)(const char *optstr, const char *name, char **value, size_t *valsz);
};

/* liblz4 and liblzma: apt's Packages indexes stored compressed (.lz4, .xz) */
struct klz4 {
	LZ4F_errorCode_t (*createDecompressionContext)(LZ4F_dctx **ctx, unsigned version);
	LZ4F_errorCode_t (*freeDecompressionContext)(LZ4F_dctx *ctx);
	size_t (*decompress)(LZ4F_dctx *ctx, void *dst, size_t *dst_size, const void *src, size_t *src_size,
			     const LZ4F_decompressOptions_t *opt);
	unsigned (*isError)(LZ4F_errorCode_t code);
	const char *(*getErrorName)(LZ4F_errorCode_t code);
};

struct klzma {
	lzma_ret (*stream_decoder)(lzma_stream *strm, uint64_t memlimit, uint32_t flags);
	lzma_ret (*code)(lzma_stream *strm, lzma_action action);
	void (*end)(lzma_stream *strm);
};

/* The tables (loaded once, then kept); NULL with err set (err may be NULL) when the library is missing. */
const struct kcurl *kcurl_load(struct err *err);
const struct karchive *karchive_load(struct err *err);
const struct ksdj *ksdj_load(struct err *err);
const struct kcrypto *kcrypto_load(struct err *err);
const struct kmount *kmount_load(struct err *err);
const struct klz4 *klz4_load(struct err *err);
const struct klzma *klzma_load(struct err *err);

#endif
