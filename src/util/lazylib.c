/* Libraries through dlopen (see lazylib.h). */
#include "util/lazylib.h"
#include "util/lazyav.h"
#include "util/lazyevtx.h"
#include "util/lazyxml.h"
#include "util/lazyxlsx.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct sym {
	const char *name;
	size_t off;
};

struct lib {
	const char *soname, *package;
	const struct sym *syms;
	size_t n;
	void *table;
	bool ok;
	char why[200];
	pthread_once_t once;
};

/* Fills lib->table from the library; lib->ok or lib->why. */
static void load(struct lib *lib)
{
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!h) {
		const char *e = dlerror();
		snprintf(lib->why, sizeof(lib->why), "cannot load %s (install %s): %s", lib->soname, lib->package,
			 e ? e : "not found");
		return;
	}
	for (i = 0; i < lib->n; i++) {
		void *f = dlsym(h, lib->syms[i].name);

		if (!f) {
			snprintf(lib->why, sizeof(lib->why), "%s has no %s", lib->soname, lib->syms[i].name);
			dlclose(h);
			return;
		}
		/* POSIX: a function's address from dlsym converts to its pointer type */
		*(void **)((char *)lib->table + lib->syms[i].off) = f;
	}
	lib->ok = true; /* kept for the life of the process: none of these libraries is meant to be unloaded */
}

static const void *get(struct lib *lib, void (*once)(void), struct err *err)
{
	pthread_once(&lib->once, once);
	if (!lib->ok) {
		err_set(err, -ENOENT, "%s", lib->why);
		return NULL;
	}
	return lib->table;
}

#define SYM(type, prefix, field) { prefix #field, offsetof(type, field) }

/* A library's table, its loader (once) and NAME_load(), from its symbols. */
#define LAZY_LIB(name, soname, package, syms)                                                      \
	static struct name name##_table;                                                           \
	static struct lib name##_lib = { soname, package, syms, sizeof(syms) / sizeof(syms[0]),    \
					 &name##_table, false, "", PTHREAD_ONCE_INIT };            \
	static void name##_once(void)                                                              \
	{                                                                                          \
		load(&name##_lib);                                                                 \
	}                                                                                          \
	const struct name *name##_load(struct err *err)                                            \
	{                                                                                          \
		return get(&name##_lib, name##_once, err);                                         \
	}

/* ------------------------------------------------------------------ libcurl */

static const struct sym curl_syms[] = {
	SYM(struct kcurl, "curl_", global_init), SYM(struct kcurl, "curl_", global_cleanup),
	SYM(struct kcurl, "curl_", easy_init), SYM(struct kcurl, "curl_", easy_setopt),
	SYM(struct kcurl, "curl_", easy_perform), SYM(struct kcurl, "curl_", easy_getinfo),
	SYM(struct kcurl, "curl_", easy_cleanup), SYM(struct kcurl, "curl_", easy_strerror),
	SYM(struct kcurl, "curl_", slist_append), SYM(struct kcurl, "curl_", slist_free_all),
};
LAZY_LIB(kcurl, "libcurl.so.4", "libcurl4", curl_syms)

/* ------------------------------------------------------------------ libarchive */

static const struct sym archive_syms[] = {
	SYM(struct karchive, "archive_", read_new), SYM(struct karchive, "archive_", read_free),
	SYM(struct karchive, "archive_", read_support_format_tar),
	SYM(struct karchive, "archive_", read_support_format_zip),
	SYM(struct karchive, "archive_", read_support_format_zip_seekable),
	SYM(struct karchive, "archive_", read_support_filter_none),
	SYM(struct karchive, "archive_", read_support_filter_gzip),
	SYM(struct karchive, "archive_", read_support_filter_bzip2),
	SYM(struct karchive, "archive_", read_support_filter_xz),
	SYM(struct karchive, "archive_", read_support_filter_zstd),
	SYM(struct karchive, "archive_", read_open_filename), SYM(struct karchive, "archive_", read_open_fd),
	SYM(struct karchive, "archive_", read_next_header), SYM(struct karchive, "archive_", read_data),
	SYM(struct karchive, "archive_", error_string), SYM(struct karchive, "archive_", entry_pathname),
	SYM(struct karchive, "archive_", entry_pathname_utf8), SYM(struct karchive, "archive_", entry_size),
	SYM(struct karchive, "archive_", entry_size_is_set), SYM(struct karchive, "archive_", entry_filetype),
	SYM(struct karchive, "archive_", entry_mtime), SYM(struct karchive, "archive_", entry_mtime_is_set),
	SYM(struct karchive, "archive_", read_open_memory), SYM(struct karchive, "archive_", read_support_format_all),
	SYM(struct karchive, "archive_", entry_is_encrypted),
};
LAZY_LIB(karchive, "libarchive.so.13", "libarchive13", archive_syms)

/* ------------------------------------------------------------------ libsystemd (the journal) */

static const struct sym sdj_syms[] = {
	SYM(struct ksdj, "sd_journal_", open_directory), SYM(struct ksdj, "sd_journal_", open_directory_fd),
	SYM(struct ksdj, "sd_journal_", close), SYM(struct ksdj, "sd_journal_", set_data_threshold),
	SYM(struct ksdj, "sd_journal_", seek_head), SYM(struct ksdj, "sd_journal_", seek_realtime_usec),
	SYM(struct ksdj, "sd_journal_", next), SYM(struct ksdj, "sd_journal_", get_realtime_usec),
	SYM(struct ksdj, "sd_journal_", get_data), SYM(struct ksdj, "sd_journal_", get_cursor),
};
LAZY_LIB(ksdj, "libsystemd.so.0", "libsystemd0", sdj_syms)

/* ------------------------------------------------------------------ libcrypto (SHA-256) */

static const struct sym crypto_syms[] = {
	{ "EVP_MD_CTX_new", offsetof(struct kcrypto, md_ctx_new) },
	{ "EVP_MD_CTX_free", offsetof(struct kcrypto, md_ctx_free) },
	{ "EVP_sha256", offsetof(struct kcrypto, sha256) },
	{ "EVP_md5", offsetof(struct kcrypto, md5) },
	{ "EVP_DigestInit_ex", offsetof(struct kcrypto, digest_init_ex) },
	{ "EVP_DigestUpdate", offsetof(struct kcrypto, digest_update) },
	{ "EVP_DigestFinal_ex", offsetof(struct kcrypto, digest_final_ex) },
};
LAZY_LIB(kcrypto, "libcrypto.so.3", "libssl3", crypto_syms)

/* ------------------------------------------------------------------ libmount (the mount table) */

static const struct sym mount_syms[] = {
	SYM(struct kmount, "mnt_", new_table), SYM(struct kmount, "mnt_", unref_table),
	SYM(struct kmount, "mnt_", new_iter), SYM(struct kmount, "mnt_", free_iter),
	SYM(struct kmount, "mnt_", table_set_userdata), SYM(struct kmount, "mnt_", table_get_userdata),
	SYM(struct kmount, "mnt_", table_set_parser_errcb), SYM(struct kmount, "mnt_", table_parse_stream),
	SYM(struct kmount, "mnt_", table_next_fs), SYM(struct kmount, "mnt_", fs_get_target),
	SYM(struct kmount, "mnt_", fs_get_source), SYM(struct kmount, "mnt_", fs_get_fstype),
	SYM(struct kmount, "mnt_", fs_get_options), SYM(struct kmount, "mnt_", fs_get_vfs_options),
	SYM(struct kmount, "mnt_", fs_get_fs_options), SYM(struct kmount, "mnt_", fs_is_netfs),
	SYM(struct kmount, "mnt_", optstr_get_option),
};
LAZY_LIB(kmount, "libmount.so.1", "libmount1", mount_syms)

/* ------------------------------------------------------------------ liblz4, liblzma (apt's lists) */

static const struct sym lz4_syms[] = {
	SYM(struct klz4, "LZ4F_", createDecompressionContext), SYM(struct klz4, "LZ4F_", freeDecompressionContext),
	SYM(struct klz4, "LZ4F_", decompress), SYM(struct klz4, "LZ4F_", isError),
	SYM(struct klz4, "LZ4F_", getErrorName),
};

LAZY_LIB(klz4, "liblz4.so.1", "liblz4-1", lz4_syms)

static const struct sym lzma_syms[] = {
	SYM(struct klzma, "lzma_", stream_decoder), SYM(struct klzma, "lzma_", code), SYM(struct klzma, "lzma_", end),
};

LAZY_LIB(klzma, "liblzma.so.5", "liblzma5", lzma_syms)

static const struct sym xml2_syms[] = {
	SYM(struct kxml2, "xml", InitParser), SYM(struct kxml2, "xml", ReadMemory), SYM(struct kxml2, "xml", FreeDoc),
	SYM(struct kxml2, "xml", DocGetRootElement), SYM(struct kxml2, "xml", GetProp), SYM(struct kxml2, "xml", Free),
	SYM(struct kxml2, "xml", SetGenericErrorFunc), SYM(struct kxml2, "xml", SetStructuredErrorFunc),
	SYM(struct kxml2, "xml", ReaderForMemory), SYM(struct kxml2, "xml", TextReaderSetErrorHandler),
	SYM(struct kxml2, "xml", TextReaderRead), SYM(struct kxml2, "xml", TextReaderNext),
	SYM(struct kxml2, "xml", TextReaderNodeType), SYM(struct kxml2, "xml", TextReaderDepth),
	SYM(struct kxml2, "xml", TextReaderIsEmptyElement), SYM(struct kxml2, "xml", TextReaderConstLocalName),
	SYM(struct kxml2, "xml", TextReaderGetAttribute), SYM(struct kxml2, "xml", FreeTextReader),
	SYM(struct kxml2, "xml", TextReaderConstValue), SYM(struct kxml2, "xml", TextReaderMoveToFirstAttribute),
	SYM(struct kxml2, "xml", TextReaderMoveToNextAttribute), SYM(struct kxml2, "xml", TextReaderMoveToElement),
};
LAZY_LIB(kxml2, "libxml2.so.2", "libxml2", xml2_syms)

/* ------------------------------------------------------------------ libclamav, libyara (the scan) */

static const struct sym clam_syms[] = {
	SYM(struct kclam, "cl_", init), SYM(struct kclam, "cl_", engine_new), SYM(struct kclam, "cl_", load),
	SYM(struct kclam, "cl_", engine_set_num), SYM(struct kclam, "cl_", engine_set_str),
	SYM(struct kclam, "cl_", engine_get_num),
	SYM(struct kclam, "cl_", engine_compile), SYM(struct kclam, "cl_", engine_free),
	SYM(struct kclam, "cl_", scandesc_callback), SYM(struct kclam, "cl_", strerror), SYM(struct kclam, "cl_", retver),
	SYM(struct kclam, "cl_", retdbdir), SYM(struct kclam, "cl_", set_clcb_msg), SYM(struct kclam, "cl_", cvdparse),
	SYM(struct kclam, "cl_", cvdfree),
};
LAZY_LIB(kclam, "libclamav.so.12", "libclamav12", clam_syms)

static const struct sym yara_syms[] = {
	SYM(struct kyara, "yr_", initialize), SYM(struct kyara, "yr_", finalize), SYM(struct kyara, "yr_", compiler_create),
	SYM(struct kyara, "yr_", compiler_destroy), SYM(struct kyara, "yr_", compiler_set_callback),
	SYM(struct kyara, "yr_", compiler_add_file), SYM(struct kyara, "yr_", compiler_get_rules),
	SYM(struct kyara, "yr_", rules_scan_fd), SYM(struct kyara, "yr_", rules_destroy),
};
LAZY_LIB(kyara, "libyara.so.9", "libyara9", yara_syms)

/* ------------------------------------------------------------------ libxlsxwriter (the workbook) */

static const struct sym xlsx_syms[] = {
	SYM(struct kxlsx, "", workbook_new_opt), SYM(struct kxlsx, "", workbook_set_properties),
	SYM(struct kxlsx, "", workbook_add_worksheet), SYM(struct kxlsx, "", workbook_add_format),
	SYM(struct kxlsx, "", workbook_close), SYM(struct kxlsx, "", worksheet_set_column),
	SYM(struct kxlsx, "", worksheet_freeze_panes), SYM(struct kxlsx, "", worksheet_autofilter),
	SYM(struct kxlsx, "", worksheet_write_string), SYM(struct kxlsx, "", worksheet_write_number),
	SYM(struct kxlsx, "", worksheet_write_blank), SYM(struct kxlsx, "", format_set_bold),
	SYM(struct kxlsx, "", format_set_font_size), SYM(struct kxlsx, "", format_set_font_color),
	SYM(struct kxlsx, "", format_set_bg_color), SYM(struct kxlsx, "", format_set_align),
	SYM(struct kxlsx, "", format_set_text_wrap), SYM(struct kxlsx, "", format_set_border),
	SYM(struct kxlsx, "lxw_", strerror),
};
LAZY_LIB(kxlsx, "libxlsxwriter.so.4", "libxlsxwriter4", xlsx_syms)

/* ------------------------------------------------------------------ libevtx (Windows event logs) */

static const struct sym evtx_syms[] = {
	SYM(struct kevtx, "libevtx_", file_initialize), SYM(struct kevtx, "libevtx_", file_open),
	SYM(struct kevtx, "libevtx_", file_close), SYM(struct kevtx, "libevtx_", file_free),
	SYM(struct kevtx, "libevtx_", file_is_corrupted), SYM(struct kevtx, "libevtx_", file_get_number_of_records),
	SYM(struct kevtx, "libevtx_", file_get_number_of_recovered_records),
	SYM(struct kevtx, "libevtx_", file_get_record_by_index), SYM(struct kevtx, "libevtx_", record_free),
	SYM(struct kevtx, "libevtx_", record_get_identifier), SYM(struct kevtx, "libevtx_", record_get_written_time),
	SYM(struct kevtx, "libevtx_", record_get_event_identifier),
	SYM(struct kevtx, "libevtx_", record_get_utf8_xml_string_size),
	SYM(struct kevtx, "libevtx_", record_get_utf8_xml_string),
	SYM(struct kevtx, "libevtx_", record_get_utf8_source_name_size),
	SYM(struct kevtx, "libevtx_", record_get_utf8_source_name),
	SYM(struct kevtx, "libevtx_", record_get_number_of_strings),
	SYM(struct kevtx, "libevtx_", record_get_utf8_string_size), SYM(struct kevtx, "libevtx_", record_get_utf8_string),
	SYM(struct kevtx, "libevtx_", error_sprint), SYM(struct kevtx, "libevtx_", error_free),
};
LAZY_LIB(kevtx, "libevtx.so.1", "libevtx1", evtx_syms)
