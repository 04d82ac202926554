/*
 * libxlsxwriter, loaded when first needed (see lazylib.h): only the checklist
 * workbook (audit --format xlsx) calls it, and linked it costs about 1 ms at
 * every start of the program. The members have the library's own types.
 */
#ifndef KYUKA_UTIL_LAZYXLSX_H
#define KYUKA_UTIL_LAZYXLSX_H

#include <xlsxwriter.h>

#include "util/err.h"

struct kxlsx {
	__typeof__(&workbook_new_opt) workbook_new_opt;
	__typeof__(&workbook_set_properties) workbook_set_properties;
	__typeof__(&workbook_add_worksheet) workbook_add_worksheet;
	__typeof__(&workbook_add_format) workbook_add_format;
	__typeof__(&workbook_close) workbook_close;
	__typeof__(&worksheet_set_column) worksheet_set_column;
	__typeof__(&worksheet_freeze_panes) worksheet_freeze_panes;
	__typeof__(&worksheet_autofilter) worksheet_autofilter;
	__typeof__(&worksheet_write_string) worksheet_write_string;
	__typeof__(&worksheet_write_number) worksheet_write_number;
	__typeof__(&worksheet_write_blank) worksheet_write_blank;
	__typeof__(&format_set_bold) format_set_bold;
	__typeof__(&format_set_font_size) format_set_font_size;
	__typeof__(&format_set_font_color) format_set_font_color;
	__typeof__(&format_set_bg_color) format_set_bg_color;
	__typeof__(&format_set_align) format_set_align;
	__typeof__(&format_set_text_wrap) format_set_text_wrap;
	__typeof__(&format_set_border) format_set_border;
	__typeof__(&lxw_strerror) strerror;
};

/* The table (loaded once, then kept); NULL with err set (err may be NULL) when the library is missing. */
const struct kxlsx *kxlsx_load(struct err *err);

#endif
