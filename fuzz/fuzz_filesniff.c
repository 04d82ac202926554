/* libFuzzer target for content sniffing, the OneNote scan (.one) and the .lnk header, and file name flags. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/filesniff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct onenote_info o;
	enum ftype t = sniff_content(data, size);
	char *name;

	(void)ftype_name(t);
	if (onenote_scan(data, size, &o) == 0) {
		if (t != FT_ONENOTE || o.files > ONE_MAX_FILES ||
		    o.executables + o.scripts + o.shortcuts + o.others_dangerous > o.files)
			abort();
	} else if (t == FT_ONENOTE) {
		abort();
	}
	{
		size_t off = 0, rounds = 0;
		uint8_t *uu;
		char un[UU_MAX_NAME];
		long l;

		while ((l = uu_next((const char *)data, size, &off, 4096, &uu, un)) >= 0 && rounds++ < 64) {
			if (l > 4096 || off > size || strnlen(un, sizeof(un)) >= sizeof(un))
				abort();
			free(uu);
		}
		if (l >= 0)
			free(uu);
	}
	name = malloc(size + 1);
	if (!name)
		return 0;
	memcpy(name, data, size);
	name[size] = '\0';
	(void)name_flags(name);
	free(name);
	return 0;
}
