/* dpkg's md5sums files: bounded lines, strict digests. */
#include "parse/dpkg_md5sums.h"

#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int dpkg_md5sums_parse(const char *buf, size_t len, int (*fn)(void *ctx, const char *md5, const char *path),
		       void *ctx, size_t *bad)
{
	char md5[33], path[DPKG_MD5SUMS_MAX_PATH + 2];
	size_t pos = 0;

	while (pos < len) {
		const char *line = buf + pos, *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos, i, pl;
		const char *p;
		int r;

		pos += ll + (nl ? 1 : 0);
		if (ll == 0)
			continue;
		if (ll < 35 || line[32] != ' ' || line[33] != ' ')
			goto badline;
		for (i = 0; i < 32; i++) {
			if (hexval(line[i]) < 0)
				goto badline;
			md5[i] = (char)(line[i] | 0x20);
		}
		md5[32] = '\0';
		p = line + 34;
		pl = ll - 34;
		if (*p == '/') {
			p++;
			pl--;
		}
		if (pl == 0 || pl > DPKG_MD5SUMS_MAX_PATH || memchr(p, '\0', pl))
			goto badline;
		path[0] = '/';
		memcpy(path + 1, p, pl);
		path[pl + 1] = '\0';
		if ((r = fn(ctx, md5, path)) != 0)
			return r;
		continue;
badline:
		if (bad)
			(*bad)++;
	}
	return 0;
}
