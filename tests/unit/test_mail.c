/* Mail triage: the VBA verdict, the BIFF walker, file sniffing and names, links, one message in memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>

#include "engines/mail.h"
#include "parse/biff.h"
#include "parse/filesniff.h"
#include "parse/maillinks.h"

static void vba(void **state)
{
	const char *a, *x;
	const char *evil = "Sub AutoOpen()\n  Dim s\n  s = Shell(\"cmd /c calc\", 0)\nEnd Sub\n";
	const char *dl = "Private Sub Document_Open()\n URLDownloadToFile 0, u, f, 0, 0\nEnd Sub\n";
	const char *quiet = "Sub Format()\n  Selection.Font.Bold = True\nEnd Sub\n";
	const char *manual = "Sub Run_Me()\n  x = Shell(\"notepad\")\nEnd Sub\n";
	const char *wordlike = "Sub AutoOpen()\n  MsgBox \"Shellfish\"\nEnd Sub\n";

	(void)state;
	assert_int_equal(mail_vba_classify(evil, strlen(evil), &a, &x), ML_SUSPICIOUS);
	assert_string_equal(a, "AutoOpen");
	assert_string_equal(x, "Shell");
	assert_int_equal(mail_vba_classify(dl, strlen(dl), &a, &x), ML_SUSPICIOUS);
	assert_string_equal(x, "URLDownloadToFile");
	/* look-alikes: macros without auto-exec, or auto-exec with neither writing nor running */
	assert_int_equal(mail_vba_classify(quiet, strlen(quiet), &a, &x), ML_CAUTION);
	assert_null(a);
	assert_int_equal(mail_vba_classify(manual, strlen(manual), &a, &x), ML_CAUTION);
	assert_int_equal(mail_vba_classify(wordlike, strlen(wordlike), &a, &x), ML_CAUTION);
	assert_null(x);
}

static size_t rec(uint8_t *p, unsigned type, const void *d, size_t n)
{
	p[0] = (uint8_t)type;
	p[1] = (uint8_t)(type >> 8);
	p[2] = (uint8_t)n;
	p[3] = (uint8_t)(n >> 8);
	memcpy(p + 4, d, n);
	return n + 4;
}

static void biff(void **state)
{
	uint8_t buf[512], bof[16] = { 0x00, 0x06, 0x05, 0x00 };
	uint8_t sheet[] = { 0, 0, 0, 0, 0, 0, 6, 0, 'S', 'h', 'e', 'e', 't', '1' };
	uint8_t macro[] = { 0, 0, 0, 0, 2, 1, 6, 0, 'M', 'a', 'c', 'r', 'o', '1' };
	uint8_t name[] = { 0x20, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 };
	struct biff_info b;
	size_t n;

	(void)state;
	n = rec(buf, 0x0809, bof, sizeof(bof));
	n += rec(buf + n, 0x0085, sheet, sizeof(sheet));
	assert_int_equal(biff_walk(buf, n, &b), 0);
	assert_int_equal(b.sheets, 1);
	assert_int_equal(b.macro_sheets, 0);
	n += rec(buf + n, 0x0085, macro, sizeof(macro));
	n += rec(buf + n, 0x0018, name, sizeof(name));
	assert_int_equal(biff_walk(buf, n, &b), 0);
	assert_int_equal(b.macro_sheets, 1);
	assert_int_equal(b.very_hidden_macro_sheets, 1);
	assert_true(b.auto_open);
	assert_string_equal(b.first_macro_sheet, "Macro1");
	/* a record running past the end */
	assert_int_equal(biff_walk(buf, n - 1, &b), 0);
	assert_true(b.truncated);
	assert_int_equal(biff_walk((const uint8_t *)"hello world", 11, &b), -EINVAL);
}

static void names(void **state)
{
	(void)state;
	assert_true(name_flags("invoice.pdf.exe") & NAME_DOUBLE_EXT);
	assert_false(name_flags("report.2026.pdf") & NAME_DOUBLE_EXT);
	assert_true(name_flags("a\xE2\x80\xAE" "fdp.scr") & NAME_BIDI);
	assert_true(name_flags("x.JS") & NAME_SCRIPT);
	assert_false(name_flags("x.json") & NAME_SCRIPT);
	assert_true(name_flags("x.iso") & NAME_DISKIMG);
	assert_true(name_flags("x.exe ") & NAME_EXEC);
	assert_int_equal(name_flags(NULL), 0);
	assert_int_equal(sniff_content((const uint8_t *)"%PDF-1.4", 8), FT_PDF);
	assert_int_equal(sniff_content((const uint8_t *)"@echo off\r\ndel x", 16), FT_SCRIPT);
	assert_int_equal(sniff_content((const uint8_t *)"Dear all,\nhello", 15), FT_UNKNOWN);
}

static void links(void **state)
{
	const char *html = "<p><a href=\"http://Login.Evil.example:8080/x\">https://www.bank.co.jp/</a> "
			   "<a href='https://bank.co.jp/a/b/invoice.zip?x=1'>here</a> <a name=x>no</a></p>";
	const char *text = "see http://192.0.2.7/x.js and https://user@[2001:db8::1]/";
	struct mail_links l = { 0 };
	char host[64];
	bool ip;

	(void)state;
	assert_int_equal(links_extract(html, strlen(html), true, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].host, "login.evil.example");
	assert_string_equal(l.v[0].text_host, "www.bank.co.jp");
	assert_string_equal(l.v[1].last, "invoice.zip");
	assert_string_equal(l.v[1].text_host, "");
	links_free(&l);
	assert_int_equal(links_extract(text, strlen(text), false, &l), 0);
	assert_int_equal(l.n, 2);
	assert_true(l.v[0].ip);
	assert_string_equal(l.v[0].last, "x.js");
	assert_string_equal(l.v[1].host, "[2001:db8::1]");
	links_free(&l);
	assert_false(links_host("mailto:a@b", 10, host, sizeof(host), &ip));
}

static void message(void **state)
{
	const char *m = "From: \"boss@corp.example\" <x@evil.example>\r\nSubject: Re: hi\r\n"
			"Message-ID: <1@evil.example>\r\nMIME-Version: 1.0\r\n"
			"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
			"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; "
			"filename*=UTF-8''%E8%AB%8B%E6%B1%82.lnk\r\nContent-Transfer-Encoding: base64\r\n\r\n"
			"TAAAAAEUAgAAAAAAwAAAAAAAAEY=\r\n--b--\r\n";
	struct mail_ctx *c;
	struct mail_result r = { 0 };
	size_t i;
	bool lnk = false, dn = false;

	(void)state;
	assert_int_equal(mail_ctx_new(NULL, &c, NULL), 0);
	mail_triage_bytes(c, m, strlen(m), &r);
	assert_int_equal(r.verdict, ML_SUSPICIOUS);
	for (i = 0; i < r.n_reasons; i++) {
		lnk |= strcmp(r.reasons[i].id, "shortcut") == 0 && strstr(r.reasons[i].evidence, "請求.lnk");
		dn |= strcmp(r.reasons[i].id, "display-name") == 0;
	}
	assert_true(lnk);	/* RFC 2231 name decoded, .lnk found by content */
	assert_true(dn);
	assert_true(r.is_reply);
	assert_true(r.has_attachment);
	mail_result_free(&r);
	mail_triage_bytes(c, "", 0, &r);
	mail_result_free(&r);
	mail_ctx_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vba), cmocka_unit_test(biff), cmocka_unit_test(names), cmocka_unit_test(links),
		cmocka_unit_test(message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
