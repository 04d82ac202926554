/* File types by magic numbers; OneNote's FileDataStoreObject ([MS-ONESTORE] 2.6.13); names by extension. */
#include "parse/filesniff.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool at(const uint8_t *p, size_t n, size_t off, const void *m, size_t mlen)
{
	return off <= n && n - off >= mlen && memcmp(p + off, m, mlen) == 0;
}

static const uint8_t one_section[16] = { 0xE4, 0x52, 0x5C, 0x7B, 0x8C, 0xD8, 0xA7, 0x4D,
					  0xAE, 0xB1, 0x53, 0x78, 0xD0, 0x29, 0x96, 0xD3 };
static const uint8_t one_filedata[16] = { 0xE7, 0x16, 0xE3, 0xBD, 0x65, 0x26, 0x11, 0x45,
					   0xA4, 0xC4, 0x8D, 0x4D, 0x0B, 0x7A, 0x9E, 0xAC };
static const uint8_t lnk_head[20] = { 0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46 };

static bool is_pe(const uint8_t *p, size_t n)
{
	uint32_t lfanew;

	if (!at(p, n, 0, "MZ", 2) || n < 0x40)
		return false;
	lfanew = (uint32_t)p[0x3c] | (uint32_t)p[0x3d] << 8 | (uint32_t)p[0x3e] << 16 | (uint32_t)p[0x3f] << 24;
	/* a truncated sample (only the first bytes read) with MZ and a plausible header offset counts too */
	return at(p, n, lfanew, "PE\0\0", 4) || (lfanew >= 0x40 && lfanew < 0x1000 && lfanew + 4 > n);
}

enum ftype sniff_content(const uint8_t *p, size_t n)
{
	if (at(p, n, 0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return FT_OLE2;
	if (at(p, n, 0, "PK\x03\x04", 4) || at(p, n, 0, "PK\x05\x06", 4))
		return FT_ZIP;
	if (at(p, n, 0, "Rar!\x1a\x07", 6))
		return FT_RAR;
	if (at(p, n, 0, "7z\xBC\xAF\x27\x1C", 6))
		return FT_7Z;
	if (at(p, n, 0, "\x1f\x8b", 2))
		return FT_GZIP;
	if (at(p, n, 0, "%PDF-", 5))
		return FT_PDF;
	if (at(p, n, 0, lnk_head, sizeof(lnk_head)))
		return FT_LNK;
	if (at(p, n, 0, one_section, sizeof(one_section)))
		return FT_ONENOTE;
	if (is_pe(p, n))
		return FT_PE;
	if (at(p, n, 0, "\x7f" "ELF", 4))
		return FT_ELF;
	if (at(p, n, 0, "ITSF", 4))
		return FT_CHM;
	if (at(p, n, 0, "vhdxfile", 8))
		return FT_VHDX;
	if (at(p, n, 0, "conectix", 8) || (n >= 512 && at(p, n, n - 512, "conectix", 8)))
		return FT_VHD;
	if (at(p, n, 0x8001, "CD001", 5) || at(p, n, 0x8801, "CD001", 5) || at(p, n, 0x9001, "CD001", 5))
		return FT_ISO;
	if (sniff_script_text(p, n))
		return FT_SCRIPT;
	return FT_UNKNOWN;
}

const char *ftype_name(enum ftype t)
{
	static const char *const names[] = {
		[FT_UNKNOWN] = "", [FT_OLE2] = "OLE2 compound file", [FT_ZIP] = "zip archive",
		[FT_RAR] = "RAR archive", [FT_7Z] = "7-Zip archive", [FT_GZIP] = "gzip data", [FT_PDF] = "PDF",
		[FT_PE] = "Windows executable", [FT_ELF] = "ELF executable", [FT_LNK] = "Windows shortcut (.lnk)",
		[FT_ONENOTE] = "OneNote section", [FT_ISO] = "ISO 9660 disk image", [FT_VHD] = "VHD disk image",
		[FT_VHDX] = "VHDX disk image", [FT_CHM] = "compiled HTML help (.chm)", [FT_SCRIPT] = "script",
	};

	return (unsigned)t < sizeof(names) / sizeof(names[0]) ? names[t] : "";
}

static const char *const script_tokens[] = {
	"@echo off", "wscript.", "cscript", "createobject(", "powershell", "cmd.exe", "cmd /c", "mshta",
	"<script", "<job", "invoke-expression", "iex(", "new-object net.webclient", "activexobject",
};

bool sniff_script_text(const uint8_t *p, size_t n)
{
	size_t lim = n < 4096 ? n : 4096, i, k, bin = 0;

	for (i = 0; i < lim; i++)
		if (p[i] == 0)
			bin++;
	if (bin > lim / 16)
		return false;
	for (k = 0; k < sizeof(script_tokens) / sizeof(script_tokens[0]); k++) {
		size_t tl = strlen(script_tokens[k]);

		for (i = 0; i + tl <= lim; i++)
			if (strncasecmp((const char *)p + i, script_tokens[k], tl) == 0)
				return true;
	}
	return false;
}

int onenote_scan(const uint8_t *p, size_t n, struct onenote_info *o)
{
	size_t off = 16;

	memset(o, 0, sizeof(*o));
	if (!at(p, n, 0, one_section, sizeof(one_section)))
		return -EINVAL;
	while (off + 36 <= n) {
		const uint8_t *hit = memmem(p + off, n - off, one_filedata, sizeof(one_filedata));
		size_t h, len, avail;
		uint64_t cb = 0;
		int i;

		if (!hit)
			break;
		h = (size_t)(hit - p);
		if (h + 36 > n)
			break;
		if (o->files >= ONE_MAX_FILES) {
			o->truncated = true;
			break;
		}
		o->files++;
		for (i = 7; i >= 0; i--)
			cb = cb << 8 | p[h + 16 + (size_t)i];
		avail = n - (h + 36);
		len = cb < avail ? (size_t)cb : avail;
		switch (sniff_content(p + h + 36, len)) {
		case FT_PE:
		case FT_ELF:
			o->executables++;
			break;
		case FT_SCRIPT:
			o->scripts++;
			break;
		case FT_LNK:
			o->shortcuts++;
			break;
		case FT_CHM:
		case FT_ISO:
		case FT_VHD:
		case FT_VHDX:
			o->others_dangerous++;
			break;
		default:
			break;
		}
		off = h + 36 + len;
	}
	return 0;
}

static const char *const ext_exec[] = { "exe", "scr", "com", "pif", "cpl", "msi", "dll", "jar", "msc", "chm", NULL };
static const char *const ext_script[] = { "js", "jse", "vbs", "vbe", "wsf", "wsh", "hta", "bat", "cmd", "ps1", "psm1",
					  "vba", "reg", NULL };
static const char *const ext_lnk[] = { "lnk", "url", "scf", "library-ms", "settingcontent-ms", NULL };
static const char *const ext_img[] = { "iso", "img", "vhd", "vhdx", NULL };
static const char *const ext_arch[] = { "zip", "rar", "7z", "gz", "tgz", "tar", "cab", "lzh", "ace", "arj", "bz2",
					"xz", NULL };
static const char *const ext_one[] = { "one", "onepkg", NULL };
static const char *const ext_office[] = { "doc", "docx", "docm", "dot", "dotm", "xls", "xlsx", "xlsm", "xlsb", "xlt",
					  "xltm", "xla", "xlam", "ppt", "pptx", "pptm", "pps", "ppsm", "rtf", NULL };
static const char *const ext_doc[] = { "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "jpg", "jpeg",
				       "png", "gif", "rtf", "csv", NULL };

static bool in(const char *ext, size_t len, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == len && strncasecmp(ext, *list, len) == 0)
			return true;
	return false;
}

unsigned name_flags(const char *name)
{
	const char *dot, *prev = NULL, *s;
	unsigned f = 0;
	size_t len;

	if (!name)
		return 0;
	/* U+202A..U+202E, U+2066..U+2069: E2 80 AA..AE, E2 81 A6..A9 */
	for (s = name; *s; s++)
		if ((uint8_t)s[0] == 0xE2 && s[1] && s[2] &&
		    (((uint8_t)s[1] == 0x80 && (uint8_t)s[2] >= 0xAA && (uint8_t)s[2] <= 0xAE) ||
		     ((uint8_t)s[1] == 0x81 && (uint8_t)s[2] >= 0xA6 && (uint8_t)s[2] <= 0xA9)))
			f |= NAME_BIDI;
	dot = strrchr(name, '.');
	if (!dot)
		return f;
	len = strlen(dot + 1);
	while (len && dot[len] == ' ')	/* "a.exe " */
		len--;
	if (in(dot + 1, len, ext_exec))
		f |= NAME_EXEC;
	if (in(dot + 1, len, ext_script))
		f |= NAME_SCRIPT;
	if (in(dot + 1, len, ext_lnk))
		f |= NAME_LNK;
	if (in(dot + 1, len, ext_img))
		f |= NAME_DISKIMG;
	if (in(dot + 1, len, ext_arch))
		f |= NAME_ARCHIVE;
	if (in(dot + 1, len, ext_one))
		f |= NAME_ONENOTE;
	if (in(dot + 1, len, ext_office))
		f |= NAME_OFFICE;
	for (s = name; s < dot; s++)
		if (*s == '.')
			prev = s;
	if (prev && (f & (NAME_EXEC | NAME_SCRIPT | NAME_LNK)) && in(prev + 1, (size_t)(dot - prev - 1), ext_doc))
		f |= NAME_DOUBLE_EXT;
	return f;
}

static const char *line_end(const char *p, const char *e)
{
	const char *nl = memchr(p, '\n', (size_t)(e - p));

	return nl ? nl : e;
}

long uu_next(const char *p, size_t n, size_t *off, size_t max, uint8_t **out, char name[UU_MAX_NAME])
{
	const char *e = p + n, *s = p + *off;

	*out = NULL;
	name[0] = '\0';
	while (s < e) {
		const char *le = line_end(s, e), *q;
		size_t k = 0, len = 0;
		uint8_t *buf;

		/* "begin" SP three or four octal digits SP name, at the start of a line */
		if ((s == p || s[-1] == '\n') && le - s > 10 && memcmp(s, "begin ", 6) == 0 && s[6] >= '0' && s[6] <= '7') {
			q = s + 6;
			while (q < le && *q >= '0' && *q <= '7')
				q++;
			if (q < le && *q == ' ' && q - (s + 6) >= 3 && q - (s + 6) <= 4) {
				for (q++; q < le && *q != '\r' && k + 1 < UU_MAX_NAME; q++)
					name[k++] = *q;
				name[k] = '\0';
				buf = xmalloc(max ? max : 1);
				for (s = le < e ? le + 1 : e; s < e; s = le < e ? le + 1 : e) {
					size_t want, i;

					le = line_end(s, e);
					if (le - s >= 3 && memcmp(s, "end", 3) == 0)
						break;
					if (s == le)
						continue;
					want = (size_t)((s[0] - 0x20) & 0x3f);
					if (want == 0)
						continue;
					for (i = 1; i + 4 <= (size_t)(le - s) + 0 && want > 0; i += 4) {
						uint8_t c[4], b[3];
						size_t j, t;

						for (j = 0; j < 4; j++)
							c[j] = (uint8_t)((s[i + j] - 0x20) & 0x3f);
						b[0] = (uint8_t)(c[0] << 2 | c[1] >> 4);
						b[1] = (uint8_t)(c[1] << 4 | c[2] >> 2);
						b[2] = (uint8_t)(c[2] << 6 | c[3]);
						for (t = 0; t < 3 && want > 0; t++, want--)
							if (len < max)
								buf[len++] = b[t];
					}
				}
				*off = (size_t)((le < e ? le + 1 : e) - p);
				*out = buf;
				return (long)len;
			}
		}
		s = le < e ? le + 1 : e;
	}
	*off = n;
	return -ENOENT;
}
