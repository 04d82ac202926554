#include "util/textwidth.h"

#include <stdint.h>
#include <string.h>
#include <wchar.h>

/* Decodes one UTF-8 sequence at s (n > 0 bytes): its length, or 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* East Asian Wide and Fullwidth blocks, for a locale whose wcwidth() does not know them. */
static int wide_fallback(uint32_t c)
{
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff }, { 0x3400, 0x4dbf },
		{ 0x4e00, 0x9fff }, { 0xa000, 0xa4cf }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff },
		{ 0xfe30, 0xfe4f }, { 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
		{ 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
	};
	size_t i;

	if ((c >= 0x0300 && c <= 0x036f) || c == 0x200b || (c >= 0xfe00 && c <= 0xfe0f))
		return 0;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (c >= wide[i][0] && c <= wide[i][1])
			return 2;
	return 1;
}

static size_t cp_width(uint32_t c)
{
	int w;

	if (c < 0x80)
		return 1;	/* control bytes are escaped before they reach a table */
	w = wcwidth((wchar_t)c);
	if (w < 0)
		w = wide_fallback(c);
	return (size_t)w;
}

size_t text_width_n(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, i = 0, k;
	uint32_t c;

	while (i < len) {
		k = utf8_decode(p + i, len - i, &c);
		if (!k) {
			w++;
			i++;
			continue;
		}
		w += cp_width(c);
		i += k;
	}
	return w;
}

size_t text_width(const char *s)
{
	return s ? text_width_n(s, strlen(s)) : 0;
}

size_t text_pad(size_t used, size_t width)
{
	return used < width ? width - used : 0;
}

void text_put_padded(FILE *f, const char *s, size_t width)
{
	size_t n;

	fputs(s, f);
	for (n = text_pad(text_width(s), width); n; n--)
		putc(' ', f);
	putc(' ', f);
}
