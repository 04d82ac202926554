/*
 * The Excel 97-2003 (BIFF8) workbook stream, walked record by record for what
 * mail triage needs: sheets of macro type (Excel 4.0 / XLM macro sheets),
 * hidden or very hidden, names that run at open (Auto_Open, built-in or
 * written out) and encryption (FILEPASS). Bytes in, counts out; no I/O. At
 * most BIFF_MAX_RECORDS records are read; after FILEPASS the record bodies
 * are encrypted, so the walk stops there.
 */
#ifndef KYUKA_PARSE_BIFF_H
#define KYUKA_PARSE_BIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BIFF_MAX_RECORDS	((size_t)2000000)

struct biff_info {
	bool is_biff;		/* the stream begins with a BIFF8 BOF record */
	bool filepass;		/* FILEPASS: the workbook is encrypted */
	bool truncated;		/* a record ran past the end or the cap was reached */
	size_t sheets;
	size_t macro_sheets;	/* BOUNDSHEET dt = 1 (Excel 4.0 macro sheet) */
	size_t hidden_macro_sheets;	/* of those, hidden */
	size_t very_hidden_macro_sheets;	/* of those, very hidden (only VBA can show them) */
	size_t vba_module_sheets;	/* dt = 6 */
	bool auto_open;		/* a name Auto_Open (built-in 0x01 or spelt out) */
	bool auto_close;	/* a name Auto_Close (built-in 0x02 or spelt out) */
	size_t records;
	char first_macro_sheet[64];	/* its name (ASCII, non-printable bytes as '?'), "" when none */
};

/* Fills *out (always). Returns 0, or -EINVAL when the stream is not BIFF8. */
int biff_walk(const uint8_t *p, size_t n, struct biff_info *out);

#endif
