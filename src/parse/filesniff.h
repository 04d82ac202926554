/*
 * What a file is by its content, and what its name claims: for mail
 * attachments and archive entries. Bytes in, facts out; no I/O, nothing is
 * executed or written. The OneNote scan reads at most ONE_MAX_FILES embedded
 * files.
 */
#ifndef KYUKA_PARSE_FILESNIFF_H
#define KYUKA_PARSE_FILESNIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ftype {
	FT_UNKNOWN = 0, FT_OLE2, FT_ZIP, FT_RAR, FT_7Z, FT_GZIP, FT_PDF, FT_PE, FT_ELF, FT_LNK, FT_ONENOTE,
	FT_ISO, FT_VHD, FT_VHDX, FT_CHM, FT_SCRIPT,
};

/* Content type of p[0..n) (the first bytes suffice except for ISO, at 32 KiB). */
enum ftype sniff_content(const uint8_t *p, size_t n);
/* Text that looks like a script (cmd, VBScript, JScript, PowerShell, HTA) in its first 4 KiB. */
bool sniff_script_text(const uint8_t *p, size_t n);
/* An English name of a type ("Windows executable"), not translated; "" for FT_UNKNOWN. */
const char *ftype_name(enum ftype t);

#define ONE_MAX_FILES 256

struct onenote_info {
	size_t files;		/* embedded files (FileDataStoreObject) */
	size_t executables, scripts, shortcuts, others_dangerous;
	bool truncated;
};

/* A OneNote section (.one): counts its embedded files by content. Returns 0, or -EINVAL when p is not one. */
int onenote_scan(const uint8_t *p, size_t n, struct onenote_info *out);

/* What a file name claims. */
enum {
	NAME_EXEC = 1 << 0,	/* .exe .scr .com .pif .cpl .msi .dll .jar */
	NAME_SCRIPT = 1 << 1,	/* .js .jse .vbs .vbe .wsf .wsh .hta .bat .cmd .ps1 .psm1 */
	NAME_LNK = 1 << 2,	/* .lnk .url .scf */
	NAME_DISKIMG = 1 << 3,	/* .iso .img .vhd .vhdx */
	NAME_ARCHIVE = 1 << 4,	/* .zip .rar .7z .gz .tgz .tar .cab .lzh .ace */
	NAME_DOUBLE_EXT = 1 << 5,	/* a document extension then a dangerous one: a.pdf.exe */
	NAME_BIDI = 1 << 6,	/* a right-to-left override or other bidi control in the name */
	NAME_ONENOTE = 1 << 7,	/* .one .onepkg */
	NAME_OFFICE = 1 << 8,	/* .doc .docx .docm .xls .xlsx .xlsm .xlsb .ppt .pptx .pptm .dot* .xlt* .rtf */
};
unsigned name_flags(const char *name);

/*
 * An inline uuencoded file in a text body ("begin 644 name" ... "end"), as old mailers and some
 * malware senders write it. Finds the first block at or after *off; decodes at most max bytes into
 * out (caller frees), sets the name (at most 255 bytes) and moves *off past the block. Returns the
 * decoded length, or -ENOENT when there is no further block.
 */
#define UU_MAX_NAME 256
long uu_next(const char *p, size_t n, size_t *off, size_t max, uint8_t **out, char name[UU_MAX_NAME]);

#endif
