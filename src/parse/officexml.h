/*
 * What mail triage needs from the parts of an Office document that are not
 * macros: DDE fields (Word's DDE and DDEAUTO field codes, Excel's ddeLink and
 * CSV formulas that call another program, as msodde looks for them), the
 * sheets of a workbook with their visibility and the names that run at open
 * (OOXML workbook.xml and the xlsb binary workbook.bin), and a package's
 * relationships (external targets). XML is read with libxml2's reader (no
 * network, no entity substitution, no DTD loaded); the binary formats by
 * bounded walks. Bytes in, a bounded structure out; no I/O.
 */
#ifndef KYUKA_PARSE_OFFICEXML_H
#define KYUKA_PARSE_OFFICEXML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OX_MAX_NODES	((size_t)2000000)	/* XML nodes read from one part */
#define OX_MAX_FIELDS	((size_t)10000)	/* fields looked at in one part */
#define OX_MAX_INSTR	512	/* bytes of one field instruction kept */
#define OX_MAX_SHEETS	256	/* sheets kept of one workbook (all are counted) */
#define OX_MAX_RELS	1024	/* relationships kept of one part */
#define OX_MAX_RECORDS	((size_t)2000000)	/* xlsb records walked */

enum ox_dde { OX_DDE_NONE = 0, OX_DDE = 1, OX_DDEAUTO = 2 };

/* The DDE fields of a part (WordprocessingML, a .doc's WordDocument stream, RTF, CSV). */
struct ox_fields {
	size_t fields;		/* field instructions seen */
	size_t dde;		/* of those, DDE or DDEAUTO */
	enum ox_dde worst;	/* DDEAUTO (updates when the file opens) above DDE */
	char instr[OX_MAX_INSTR / 4];	/* the worst one's instruction, printable ASCII ('?' for others) */
	bool truncated;		/* a cap was reached */
};

enum ox_state { OX_VISIBLE = 0, OX_HIDDEN = 1, OX_VERY_HIDDEN = 2 };

struct ox_sheet {
	char name[64];		/* printable ASCII ('?' for other bytes) */
	char rid[32];		/* its relationship id (r:id / strRelID) */
	enum ox_state state;
};

struct ox_workbook {
	struct ox_sheet sheets[OX_MAX_SHEETS];
	size_t n_sheets;	/* kept */
	size_t sheets_seen;
	bool auto_open, auto_close;	/* a defined name that runs at open / close */
	bool truncated;
};

enum ox_rel_kind { OX_REL_OTHER = 0, OX_REL_MACROSHEET, OX_REL_TEMPLATE, OX_REL_OLEOBJECT, OX_REL_FRAME };

struct ox_rel {
	char id[32];
	enum ox_rel_kind kind;
	bool external;		/* TargetMode="External" */
	char target[128];	/* printable ASCII, cut */
};

struct ox_rels {
	struct ox_rel v[OX_MAX_RELS];
	size_t n;
	bool truncated;
};

/* What a field instruction is: DDEAUTO, DDE or neither (leading blanks and quotes skipped). */
enum ox_dde ox_dde_kind(const char *s, size_t n);

/*
 * Fields of a WordprocessingML part (document, header, footer, notes):
 * w:fldSimple/@w:instr and the w:instrText runs between a w:fldChar begin and
 * its separate (nested fields each on their own). 0, or -EINVAL when the XML is
 * not well formed (what was read before stays in *out).
 */
int ox_word_fields(const uint8_t *p, size_t n, struct ox_fields *out);

/* Excel's external link part: a ddeLink element (ddeService|ddeTopic) is a DDE field. */
int ox_extlink(const uint8_t *p, size_t n, struct ox_fields *out);

/* A .doc's WordDocument stream: field begin (0x13) .. separator (0x14) / end (0x15), 8-bit or UTF-16LE. */
void ox_doc_fields(const uint8_t *p, size_t n, struct ox_fields *out);

/* RTF: the text of every \fldinst destination (control words and groups skipped). */
void ox_rtf_fields(const uint8_t *p, size_t n, struct ox_fields *out);

/* CSV/text: cells that begin with = + - @ and call another program (NAME|'ARGS'!REF). */
void ox_csv_dde(const uint8_t *p, size_t n, struct ox_fields *out);

/* xl/workbook.xml: sheets (name, r:id, state) and defined names Auto_Open/Auto_Close. 0 or -EINVAL. */
int ox_workbook_xml(const uint8_t *p, size_t n, struct ox_workbook *out);

/* xl/workbook.bin ([MS-XLSB]): BrtBundleSh records and BrtName. 0 or -EINVAL when the records are broken. */
int ox_workbook_bin(const uint8_t *p, size_t n, struct ox_workbook *out);

/* A .rels part: Relationship elements. 0 or -EINVAL. */
int ox_rels(const uint8_t *p, size_t n, struct ox_rels *out);

#endif
