/* libFuzzer target for the deb822 stanza reader and the Release parser: the input is a file, exactly sized. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/deb822.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct deb822_stanza st;
	char *buf = malloc(size ? size : 1);
	struct span rest, un;
	size_t lineno = 0, i, guard = 0;
	const char *why;
	int r;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	un = deb822_unarmor(SPAN(buf, size));
	if (un.p < buf || un.p + un.len > buf + size)
		abort();
	rest = SPAN(buf, size);
	while ((r = deb822_next(&rest, &lineno, &st, &why)) != 0) {
		if (++guard > size + 1)
			abort();
		if (r < 0)
			continue;
		for (i = 0; i < st.n; i++) {
			if (st.f[i].name.p < buf || st.f[i].name.p + st.f[i].name.len > buf + size ||
			    st.f[i].value.p < buf || st.f[i].value.p + st.f[i].value.len > buf + size || !st.f[i].name.len)
				abort();
		}
		(void)deb822_get(&st, "Package");
	}
	free(buf);
	return 0;
}
