/* The BIFF8 workbook stream: BOF, BOUNDSHEET, NAME and FILEPASS records ([MS-XLS] 2.4). */
#include "parse/biff.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

enum { R_BOF = 0x0809, R_FILEPASS = 0x002F, R_BOUNDSHEET = 0x0085, R_NAME = 0x0018 };

static unsigned u16(const uint8_t *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

/* A name as bytes (compressed or UTF-16LE's low bytes), printable ASCII, into out. */
static void name_copy(const uint8_t *s, size_t cch, bool wide, size_t avail, char *out, size_t size)
{
	size_t i, k = 0, step = wide ? 2 : 1;

	for (i = 0; i < cch && (i + 1) * step <= avail && k + 1 < size; i++) {
		uint8_t c = s[i * step];

		out[k++] = (c >= 0x20 && c < 0x7f && !(wide && s[i * step + 1])) ? (char)c : '?';
	}
	out[k] = '\0';
}

static void boundsheet(const uint8_t *d, size_t len, struct biff_info *o)
{
	unsigned hs, dt;

	if (len < 8)
		return;
	hs = d[4] & 3;
	dt = d[5];
	o->sheets++;
	if (dt == 6)
		o->vba_module_sheets++;
	if (dt != 1)
		return;
	o->macro_sheets++;
	if (hs == 1)
		o->hidden_macro_sheets++;
	else if (hs == 2)
		o->very_hidden_macro_sheets++;
	if (!o->first_macro_sheet[0])
		name_copy(d + 8, d[6], d[7] & 1, len - 8, o->first_macro_sheet, sizeof(o->first_macro_sheet));
}

static void name_rec(const uint8_t *d, size_t len, struct biff_info *o)
{
	unsigned grbit, cch;
	bool wide;
	char nm[32];

	if (len < 16)
		return;
	grbit = u16(d);
	cch = d[3];
	wide = d[14] & 1;
	if (grbit & 0x0020) {	/* fBuiltin: the first character is the code */
		if (d[15] == 0x01)
			o->auto_open = true;
		else if (d[15] == 0x02)
			o->auto_close = true;
		return;
	}
	name_copy(d + 15, cch, wide, len - 15, nm, sizeof(nm));
	if (strncasecmp(nm, "auto_open", 9) == 0)
		o->auto_open = true;
	else if (strncasecmp(nm, "auto_close", 10) == 0)
		o->auto_close = true;
}

int biff_walk(const uint8_t *p, size_t n, struct biff_info *o)
{
	size_t off = 0;

	memset(o, 0, sizeof(*o));
	if (n < 8 || u16(p) != R_BOF || u16(p + 2) < 4 || u16(p + 4) != 0x0600)
		return -EINVAL;
	o->is_biff = true;
	while (off + 4 <= n) {
		unsigned type = u16(p + off), len = u16(p + off + 2);
		const uint8_t *d = p + off + 4;

		if (o->records >= BIFF_MAX_RECORDS || off + 4 + len > n) {
			o->truncated = true;
			break;
		}
		o->records++;
		if (type == R_FILEPASS) {
			o->filepass = true;
			break;
		}
		if (type == R_BOUNDSHEET)
			boundsheet(d, len, o);
		else if (type == R_NAME)
			name_rec(d, len, o);
		off += 4 + (size_t)len;
	}
	return 0;
}
