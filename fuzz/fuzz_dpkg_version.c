/*
 * libFuzzer target for the dpkg version comparator: the input is two
 * versions separated by the first NUL byte (or split in half). Checks the
 * properties an order must have: antisymmetry, reflexivity, and agreement
 * of the parse with the comparison.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dpkg_version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sign(int v)
{
	return v < 0 ? -1 : v > 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t la = nul ? (size_t)(nul - data) : size / 2;
	size_t lb = nul ? size - la - 1 : size - la;
	char *a = malloc(la ? la : 1), *b = malloc(lb ? lb : 1);
	struct dpkg_version va, vb;
	const char *why;

	if (!a || !b)
		goto out;
	memcpy(a, data, la);
	memcpy(b, data + size - lb, lb);
	if (dpkg_version_parse(a, la, &va, &why) >= 0 && dpkg_version_parse(b, lb, &vb, &why) >= 0) {
		int ab = sign(dpkg_version_cmp(&va, &vb)), ba = sign(dpkg_version_cmp(&vb, &va));

		if (ab != -ba || dpkg_version_cmp(&va, &va) != 0 || dpkg_version_cmp(&vb, &vb) != 0)
			abort();
		if (va.upstream < a || va.upstream + va.upstream_len > a + la)
			abort();
	} else if (why == NULL) {
		abort();
	}
out:
	free(a);
	free(b);
	return 0;
}
