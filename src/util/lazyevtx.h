/*
 * libevtx, loaded when first needed (see lazylib.h): only the review of
 * Windows event logs (.evtx) calls it, and linked it costs about 0.4 ms at
 * every start of the program (it brings libbfio and more). The members
 * have the library's own types, from its header.
 */
#ifndef KYUKA_UTIL_LAZYEVTX_H
#define KYUKA_UTIL_LAZYEVTX_H

/*
 * Debian's libevtx-dev says it was built with libbfio (features.h) but does not
 * bring libbfio's headers; kyuka uses none of the bfio calls, so leave them out.
 */
#include <libevtx/features.h>
#undef LIBEVTX_HAVE_BFIO
#include <libevtx.h>

#include "util/err.h"

struct kevtx {
	__typeof__(&libevtx_file_initialize) file_initialize;
	__typeof__(&libevtx_file_open) file_open;
	__typeof__(&libevtx_file_close) file_close;
	__typeof__(&libevtx_file_free) file_free;
	__typeof__(&libevtx_file_is_corrupted) file_is_corrupted;
	__typeof__(&libevtx_file_get_number_of_records) file_get_number_of_records;
	__typeof__(&libevtx_file_get_number_of_recovered_records) file_get_number_of_recovered_records;
	__typeof__(&libevtx_file_get_record_by_index) file_get_record_by_index;
	__typeof__(&libevtx_record_free) record_free;
	__typeof__(&libevtx_record_get_identifier) record_get_identifier;
	__typeof__(&libevtx_record_get_written_time) record_get_written_time;
	__typeof__(&libevtx_record_get_event_identifier) record_get_event_identifier;
	__typeof__(&libevtx_record_get_utf8_xml_string_size) record_get_utf8_xml_string_size;
	__typeof__(&libevtx_record_get_utf8_xml_string) record_get_utf8_xml_string;
	__typeof__(&libevtx_record_get_utf8_source_name_size) record_get_utf8_source_name_size;
	__typeof__(&libevtx_record_get_utf8_source_name) record_get_utf8_source_name;
	__typeof__(&libevtx_record_get_number_of_strings) record_get_number_of_strings;
	__typeof__(&libevtx_record_get_utf8_string_size) record_get_utf8_string_size;
	__typeof__(&libevtx_record_get_utf8_string) record_get_utf8_string;
	__typeof__(&libevtx_error_sprint) error_sprint;
	__typeof__(&libevtx_error_free) error_free;
};

/* The table (loaded once, then kept); NULL with err set (err may be NULL) when the library is missing. */
const struct kevtx *kevtx_load(struct err *err);

#endif
