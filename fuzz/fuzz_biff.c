/* libFuzzer target for the BIFF8 walker: counts stay consistent, the sheet name is a printable C string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/biff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct biff_info b;
	size_t i;

	if (biff_walk(data, size, &b) < 0)
		return 0;
	if (b.hidden_macro_sheets + b.very_hidden_macro_sheets > b.macro_sheets || b.macro_sheets > b.sheets ||
	    b.records > BIFF_MAX_RECORDS || strnlen(b.first_macro_sheet, sizeof(b.first_macro_sheet)) >= sizeof(b.first_macro_sheet))
		abort();
	for (i = 0; b.first_macro_sheet[i]; i++)
		if (b.first_macro_sheet[i] < 0x20 || b.first_macro_sheet[i] > 0x7e)
			abort();
	return 0;
}
