/* libFuzzer target for parse/officexml: the first byte picks the reader; results stay within their caps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/officexml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_fields(const struct ox_fields *f)
{
	size_t i;

	if (f->dde > f->fields || f->fields > OX_MAX_FIELDS || (f->dde && f->worst == OX_DDE_NONE) ||
	    strnlen(f->instr, sizeof(f->instr)) >= sizeof(f->instr))
		abort();
	for (i = 0; f->instr[i]; i++)
		if (f->instr[i] < 0x20 || f->instr[i] > 0x7e)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ox_workbook wb;
	static struct ox_rels rels;
	struct ox_fields f;
	size_t i;

	if (size < 1)
		return 0;
	switch (data[0] % 8) {
	case 0: ox_word_fields(data + 1, size - 1, &f); check_fields(&f); break;
	case 1: ox_extlink(data + 1, size - 1, &f); check_fields(&f); break;
	case 2: ox_doc_fields(data + 1, size - 1, &f); check_fields(&f); break;
	case 3: ox_rtf_fields(data + 1, size - 1, &f); check_fields(&f); break;
	case 4: ox_csv_dde(data + 1, size - 1, &f); check_fields(&f); break;
	case 5:
	case 6:
		if (data[0] % 8 == 5)
			ox_workbook_xml(data + 1, size - 1, &wb);
		else
			ox_workbook_bin(data + 1, size - 1, &wb);
		if (wb.n_sheets > OX_MAX_SHEETS || wb.n_sheets > wb.sheets_seen)
			abort();
		for (i = 0; i < wb.n_sheets; i++)
			if (strnlen(wb.sheets[i].name, sizeof(wb.sheets[i].name)) >= sizeof(wb.sheets[i].name) ||
			    wb.sheets[i].state > OX_VERY_HIDDEN)
				abort();
		break;
	default:
		ox_rels(data + 1, size - 1, &rels);
		if (rels.n > OX_MAX_RELS)
			abort();
		break;
	}
	return 0;
}
