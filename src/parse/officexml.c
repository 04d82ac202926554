/*
 * DDE fields, workbook sheets and package relationships of Office documents
 * (see officexml.h). The XML parts go through libxml2's reader with no
 * network, no entity substitution and no DTD; the binary ones ([MS-DOC]
 * field characters, [MS-XLSB] records, RTF groups) through bounded walks.
 */
#include "parse/officexml.h"
#include "parse/xmlread.h"
#include "util/lazyxml.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


/* ------------------------------------------------------------ DDE fields */

static bool blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'';
}

enum ox_dde ox_dde_kind(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && blank((unsigned char)s[i]))
		i++;
	s += i;
	n -= i;
	if (n >= 7 && strncasecmp(s, "DDEAUTO", 7) == 0 && (n == 7 || blank((unsigned char)s[7]) || s[7] == '\\'))
		return OX_DDEAUTO;
	if (n >= 3 && strncasecmp(s, "DDE", 3) == 0 && (n == 3 || blank((unsigned char)s[3]) || s[3] == '\\'))
		return OX_DDE;
	return OX_DDE_NONE;
}

/* One field instruction seen: counted, and kept when it is the worst so far. */
static void field_add(struct ox_fields *o, const char *s, size_t n)
{
	enum ox_dde k;
	size_t i, j = 0;

	if (o->fields >= OX_MAX_FIELDS) {
		o->truncated = true;
		return;
	}
	o->fields++;
	k = ox_dde_kind(s, n);
	if (k == OX_DDE_NONE)
		return;
	o->dde++;
	if (k <= o->worst && o->instr[0])
		return;
	o->worst = k;
	for (i = 0; i < n && j + 1 < sizeof(o->instr); i++) {
		unsigned char c = (unsigned char)s[i];

		if (j == 0 && blank(c))
			continue;
		o->instr[j++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	o->instr[j] = '\0';
}

/* ------------------------------------------------------------ XML through libxml2 */

static bool is(const xmlChar *a, const char *b)
{
	return a && strcmp((const char *)a, b) == 0;
}

/* The value of the attribute whose local name is name (any namespace), or NULL; the reader stays on the element. */
static const char *attr(const struct kxml2 *x, xmlTextReaderPtr r, const char *name)
{
	const char *v = NULL;

	if (x->TextReaderMoveToFirstAttribute(r) != 1)
		return NULL;
	do {
		if (is(x->TextReaderConstLocalName(r), name)) {
			v = (const char *)x->TextReaderConstValue(r);
			break;
		}
	} while (x->TextReaderMoveToNextAttribute(r) == 1);
	x->TextReaderMoveToElement(r);
	return v;
}

static void copy_printable(char *out, size_t size, const char *s)
{
	size_t j = 0;

	for (; s && *s && j + 1 < size; s++)
		out[j++] = ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f) ? *s : '?';
	out[j] = '\0';
}

#define FIELD_DEPTH 32

/* An open field (w:fldChar begin): its instruction so far, until its separate or end. */
struct open_field {
	char buf[OX_MAX_INSTR];
	size_t len;
	bool in_instr;
};

int ox_word_fields(const uint8_t *p, size_t n, struct ox_fields *out)
{
	struct open_field *f;
	size_t depth = 0, nodes = 0;
	const struct kxml2 *x;
	xmlTextReaderPtr r;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!(r = xml_reader_open(p, n, &x)))
		return -EINVAL;
	f = xcalloc(FIELD_DEPTH, sizeof(*f));
	while ((rc = xml_reader_next(x, r, &nodes, OX_MAX_NODES, &out->truncated)) == 1) {
		int type = x->TextReaderNodeType(r);
		const xmlChar *ln;

		if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			const char *v;
			size_t l;

			/* text inside w:instrText of the innermost open field */
			if (!depth || !f[depth - 1].in_instr)
				continue;
			v = (const char *)x->TextReaderConstValue(r);
			l = v ? strlen(v) : 0;
			if (l > sizeof(f[0].buf) - 1 - f[depth - 1].len)
				l = sizeof(f[0].buf) - 1 - f[depth - 1].len;
			memcpy(f[depth - 1].buf + f[depth - 1].len, v, l);
			f[depth - 1].len += l;
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		ln = x->TextReaderConstLocalName(r);
		if (is(ln, "fldSimple")) {
			const char *v = attr(x, r, "instr");

			if (v)
				field_add(out, v, strlen(v));
		} else if (is(ln, "fldChar")) {
			const char *t = attr(x, r, "fldCharType");

			if (t && strcmp(t, "begin") == 0) {
				if (depth == FIELD_DEPTH) {
					out->truncated = true;
					continue;
				}
				memset(&f[depth], 0, sizeof(f[depth]));
				f[depth++].in_instr = true;
			} else if (t && (strcmp(t, "separate") == 0 || strcmp(t, "end") == 0) && depth) {
				if (f[depth - 1].in_instr)
					field_add(out, f[depth - 1].buf, f[depth - 1].len);
				f[depth - 1].in_instr = false;
				if (strcmp(t, "end") == 0)
					depth--;
			}
		}
	}
	/* a field never closed still counts */
	while (depth)
		if (f[--depth].in_instr)
			field_add(out, f[depth].buf, f[depth].len);
	free(f);
	x->FreeTextReader(r);
	return rc < 0 ? -EINVAL : 0;
}

int ox_extlink(const uint8_t *p, size_t n, struct ox_fields *out)
{
	size_t nodes = 0;
	const struct kxml2 *x;
	xmlTextReaderPtr r;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!(r = xml_reader_open(p, n, &x)))
		return -EINVAL;
	while ((rc = xml_reader_next(x, r, &nodes, OX_MAX_NODES, &out->truncated)) == 1) {
		if (x->TextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && is(x->TextReaderConstLocalName(r), "ddeLink")) {
			const char *svc = attr(x, r, "ddeService"), *topic = attr(x, r, "ddeTopic");
			char buf[OX_MAX_INSTR];
			int l = snprintf(buf, sizeof(buf), "DDE %s|%s", svc ? svc : "", topic ? topic : "");

			field_add(out, buf, l < 0 ? 0 : (size_t)l < sizeof(buf) ? (size_t)l : sizeof(buf) - 1);
		}
	}
	x->FreeTextReader(r);
	return rc < 0 ? -EINVAL : 0;
}

/* Auto_Open, Auto_Close (also as _xlnm.Auto_Open, and with any suffix: Excel runs Auto_Open1 too). */
static void defined_name(struct ox_workbook *o, const char *name)
{
	if (!name)
		return;
	if (strncasecmp(name, "_xlnm.", 6) == 0)
		name += 6;
	if (strncasecmp(name, "Auto_Open", 9) == 0)
		o->auto_open = true;
	if (strncasecmp(name, "Auto_Close", 10) == 0)
		o->auto_close = true;
}

static void sheet_add(struct ox_workbook *o, const char *name, const char *rid, enum ox_state st)
{
	struct ox_sheet *s;

	o->sheets_seen++;
	if (o->n_sheets == OX_MAX_SHEETS) {
		o->truncated = true;
		return;
	}
	s = &o->sheets[o->n_sheets++];
	copy_printable(s->name, sizeof(s->name), name);
	copy_printable(s->rid, sizeof(s->rid), rid);
	s->state = st;
}

int ox_workbook_xml(const uint8_t *p, size_t n, struct ox_workbook *out)
{
	size_t nodes = 0;
	const struct kxml2 *x;
	xmlTextReaderPtr r;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!(r = xml_reader_open(p, n, &x)))
		return -EINVAL;
	while ((rc = xml_reader_next(x, r, &nodes, OX_MAX_NODES, &out->truncated)) == 1) {
		int type = x->TextReaderNodeType(r);
		const xmlChar *ln = x->TextReaderConstLocalName(r);

		if (type == XML_READER_TYPE_ELEMENT && is(ln, "sheet")) {
			const char *st = attr(x, r, "state");

			sheet_add(out, attr(x, r, "name"), attr(x, r, "id"),
				  !st ? OX_VISIBLE : strcmp(st, "veryHidden") == 0 ? OX_VERY_HIDDEN
				  : strcmp(st, "hidden") == 0 ? OX_HIDDEN : OX_VISIBLE);
		} else if (type == XML_READER_TYPE_ELEMENT && is(ln, "definedName")) {
			defined_name(out, attr(x, r, "name"));
		}
	}
	x->FreeTextReader(r);
	return rc < 0 ? -EINVAL : 0;
}

static enum ox_rel_kind rel_kind(const char *type)
{
	const char *last = type ? strrchr(type, '/') : NULL;

	last = last ? last + 1 : type ? type : "";
	if (strcasecmp(last, "xlMacrosheet") == 0 || strcasecmp(last, "xlIntlMacrosheet") == 0)
		return OX_REL_MACROSHEET;
	if (strcasecmp(last, "attachedTemplate") == 0)
		return OX_REL_TEMPLATE;
	if (strcasecmp(last, "oleObject") == 0)
		return OX_REL_OLEOBJECT;
	if (strcasecmp(last, "frame") == 0)
		return OX_REL_FRAME;
	return OX_REL_OTHER;
}

int ox_rels(const uint8_t *p, size_t n, struct ox_rels *out)
{
	size_t nodes = 0;
	const struct kxml2 *x;
	xmlTextReaderPtr r;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!(r = xml_reader_open(p, n, &x)))
		return -EINVAL;
	while ((rc = xml_reader_next(x, r, &nodes, OX_MAX_NODES, &out->truncated)) == 1) {
		struct ox_rel *rel;
		const char *mode;

		if (x->TextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    !is(x->TextReaderConstLocalName(r), "Relationship"))
			continue;
		if (out->n == OX_MAX_RELS) {
			out->truncated = true;
			continue;
		}
		rel = &out->v[out->n++];
		copy_printable(rel->id, sizeof(rel->id), attr(x, r, "Id"));
		copy_printable(rel->target, sizeof(rel->target), attr(x, r, "Target"));
		rel->kind = rel_kind(attr(x, r, "Type"));
		mode = attr(x, r, "TargetMode");
		rel->external = mode && strcasecmp(mode, "External") == 0;
	}
	x->FreeTextReader(r);
	return rc < 0 ? -EINVAL : 0;
}

/* ------------------------------------------------------------ binary: .doc, RTF, CSV, xlsb */

#define DOC_FIELD_SCAN	4096	/* bytes looked at after one field begin */

void ox_doc_fields(const uint8_t *p, size_t n, struct ox_fields *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n && !out->truncated; i++) {
		char buf[OX_MAX_INSTR];
		size_t j, k = 0, end;
		bool wide;

		if (p[i] != 0x13)
			continue;
		wide = i + 1 < n && p[i + 1] == 0;
		end = n - i > DOC_FIELD_SCAN ? i + DOC_FIELD_SCAN : n;
		for (j = i + (wide ? 2 : 1); j < end; j += wide ? 2 : 1) {
			uint8_t c = p[j];

			if (wide && (j + 1 >= n || p[j + 1] != 0))
				break;	/* outside Latin-1: not an instruction kyuka reads */
			if (c == 0x14 || c == 0x15 || c == 0x13)
				break;
			if (c < 0x09)
				break;
			if (k + 1 < sizeof(buf))
				buf[k++] = (char)c;
		}
		if (k && j < end && (p[j] == 0x14 || p[j] == 0x15))
			field_add(out, buf, k);
	}
}

void ox_rtf_fields(const uint8_t *p, size_t n, struct ox_fields *out)
{
	static const char kw[] = "\\fldinst";
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	while (i < n && !out->truncated) {
		const uint8_t *h = memmem(p + i, n - i, kw, sizeof(kw) - 1);
		char buf[OX_MAX_INSTR];
		size_t j, k = 0, level = 0;

		if (!h)
			break;
		j = (size_t)(h - p) + sizeof(kw) - 1;
		if (j < n && ((p[j] >= 'a' && p[j] <= 'z') || (p[j] >= 'A' && p[j] <= 'Z'))) {
			i = j;	/* a longer control word */
			continue;
		}
		/* the destination's text up to the end of its group; nested groups and control words skipped */
		for (; j < n && k + 1 < sizeof(buf); j++) {
			uint8_t c = p[j];

			if (c == '{') {
				level++;
			} else if (c == '}') {
				if (!level)
					break;
				level--;
			} else if (c == '\\') {
				if (j + 1 < n && (p[j + 1] == '\\' || p[j + 1] == '{' || p[j + 1] == '}')) {
					buf[k++] = (char)p[++j];
					continue;
				}
				if (j + 3 < n && p[j + 1] == '\'') {
					j += 3;	/* \'hh: a byte in the code page, not ASCII DDE */
					buf[k++] = '?';
					continue;
				}
				for (j++; j < n && ((p[j] >= 'a' && p[j] <= 'z') || (p[j] >= 'A' && p[j] <= 'Z')); j++)
					;
				while (j < n && (p[j] == '-' || (p[j] >= '0' && p[j] <= '9')))
					j++;
				if (j < n && p[j] != ' ')
					j--;	/* the delimiter belongs to the text */
			} else if (c != '\r' && c != '\n') {
				buf[k++] = (char)c;
			}
		}
		field_add(out, buf, k);
		i = j;
	}
}

/* A cell that calls a program: [=+-@] then a name then | (DDE: application|topic!item). */
static bool csv_cell_dde(const uint8_t *s, size_t n)
{
	size_t i = 1, name = 0;

	if (!n || (s[0] != '=' && s[0] != '+' && s[0] != '-' && s[0] != '@'))
		return false;
	while (i < n && (s[i] == ' ' || s[i] == '=' || s[i] == '+' || s[i] == '-' || s[i] == '@'))
		i++;
	while (i < n && (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
			 s[i] == '.')) {
		i++;
		name++;
	}
	return name && i < n && s[i] == '|' && memchr(s + i, '!', n - i);
}

void ox_csv_dde(const uint8_t *p, size_t n, struct ox_fields *out)
{
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	while (i < n && !out->truncated) {
		size_t j = i;
		bool quoted = false;

		/* one cell: up to a comma, semicolon, tab or line end outside quotes */
		if (p[j] == '"') {
			quoted = true;
			j++;
			i++;
		}
		while (j < n && (quoted ? p[j] != '"' : (p[j] != ',' && p[j] != ';' && p[j] != '\t' && p[j] != '\n' &&
							 p[j] != '\r')))
			j++;
		if (csv_cell_dde(p + i, j - i)) {
			char buf[OX_MAX_INSTR];
			int l = snprintf(buf, sizeof(buf), "DDE %.*s", (int)(j - i > 400 ? 400 : j - i), (const char *)p + i);

			field_add(out, buf, l < 0 ? 0 : (size_t)l);
		}
		i = j + 1;
		if (quoted)
			while (i < n && p[i] != ',' && p[i] != ';' && p[i] != '\t' && p[i] != '\n')
				i++;
	}
}

/* [MS-XLSB] 2.1.4: a record's type (1-2 bytes) and size (1-4 bytes), 7 bits each. */
static bool rec_head(const uint8_t *p, size_t n, size_t *pos, unsigned *type, size_t *len)
{
	size_t i = *pos, k;

	*type = 0;
	for (k = 0; k < 2; k++) {
		if (i >= n)
			return false;
		*type |= (unsigned)(p[i] & 0x7F) << (7 * k);
		if (!(p[i++] & 0x80))
			break;
	}
	if (k == 2)
		return false;
	*len = 0;
	for (k = 0; k < 4; k++) {
		if (i >= n)
			return false;
		*len |= (size_t)(p[i] & 0x7F) << (7 * k);
		if (!(p[i++] & 0x80))
			break;
	}
	if (k == 4 || *len > n - i)
		return false;
	*pos = i;
	return true;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* An XLWideString at *off within len: its UTF-16LE low bytes, printable, into out. False when it runs past. */
static bool wide_string(const uint8_t *d, size_t len, size_t *off, bool nullable, char *out, size_t size)
{
	uint32_t cch;
	size_t i, k = 0;

	out[0] = '\0';
	if (len - *off < 4)
		return false;
	cch = le32(d + *off);
	*off += 4;
	if (nullable && cch == 0xFFFFFFFFu)
		return true;
	if (cch > (len - *off) / 2)
		return false;
	for (i = 0; i < cch; i++) {
		uint8_t lo = d[*off + 2 * i], hi = d[*off + 2 * i + 1];

		if (k + 1 < size)
			out[k++] = (!hi && lo >= 0x20 && lo < 0x7f) ? (char)lo : '?';
	}
	out[k] = '\0';
	*off += 2 * (size_t)cch;
	return true;
}

enum { BRT_NAME = 39, BRT_BUNDLE_SH = 156 };

int ox_workbook_bin(const uint8_t *p, size_t n, struct ox_workbook *out)
{
	size_t pos = 0, records = 0;

	memset(out, 0, sizeof(*out));
	while (pos < n) {
		unsigned type;
		size_t len, off;
		const uint8_t *d;

		if (!rec_head(p, n, &pos, &type, &len))
			return -EINVAL;
		if (++records > OX_MAX_RECORDS) {
			out->truncated = true;
			return 0;
		}
		d = p + pos;
		pos += len;
		if (type == BRT_BUNDLE_SH && len >= 8) {
			char rid[32], name[64];
			uint32_t hs = le32(d) & 3;

			off = 8;
			if (!wide_string(d, len, &off, true, rid, sizeof(rid)) ||
			    !wide_string(d, len, &off, false, name, sizeof(name)))
				return -EINVAL;
			sheet_add(out, name, rid, hs == 2 ? OX_VERY_HIDDEN : hs == 1 ? OX_HIDDEN : OX_VISIBLE);
		} else if (type == BRT_NAME && len >= 9) {
			char name[64];

			off = 9;	/* flags (4), chKey (1), itab (4) */
			if (wide_string(d, len, &off, false, name, sizeof(name)))
				defined_name(out, name);
		}
	}
	return 0;
}
