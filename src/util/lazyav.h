/*
 * libclamav and libyara, loaded when first needed (see lazylib.h): only the
 * malware scan and the reading of ClamAV's database headers call them, and
 * linked they cost about 3 ms at every start of the program (libclamav
 * brings libxml2, libstdc++, libcurl's TLS and more). The members have the
 * libraries' own types, from their headers.
 */
#ifndef KYUKA_UTIL_LAZYAV_H
#define KYUKA_UTIL_LAZYAV_H

#include <clamav.h>
#include <yara.h>

#include "util/err.h"

struct kclam {
	__typeof__(&cl_init) init;
	__typeof__(&cl_engine_new) engine_new;
	__typeof__(&cl_load) load;
	__typeof__(&cl_engine_set_num) engine_set_num;
	__typeof__(&cl_engine_set_str) engine_set_str;
	__typeof__(&cl_engine_get_num) engine_get_num;
	__typeof__(&cl_engine_compile) engine_compile;
	__typeof__(&cl_engine_free) engine_free;
	__typeof__(&cl_scandesc_callback) scandesc_callback;
	__typeof__(&cl_strerror) strerror;
	__typeof__(&cl_retver) retver;
	__typeof__(&cl_retdbdir) retdbdir;
	__typeof__(&cl_set_clcb_msg) set_clcb_msg;
	__typeof__(&cl_cvdparse) cvdparse;
	__typeof__(&cl_cvdfree) cvdfree;
};

struct kyara {
	__typeof__(&yr_initialize) initialize;
	__typeof__(&yr_finalize) finalize;
	__typeof__(&yr_compiler_create) compiler_create;
	__typeof__(&yr_compiler_destroy) compiler_destroy;
	__typeof__(&yr_compiler_set_callback) compiler_set_callback;
	__typeof__(&yr_compiler_add_file) compiler_add_file;
	__typeof__(&yr_compiler_get_rules) compiler_get_rules;
	__typeof__(&yr_rules_scan_fd) rules_scan_fd;
	__typeof__(&yr_rules_destroy) rules_destroy;
};

/* The tables (loaded once, then kept); NULL with err set (err may be NULL) when the library is missing. */
const struct kclam *kclam_load(struct err *err);
const struct kyara *kyara_load(struct err *err);

#endif
