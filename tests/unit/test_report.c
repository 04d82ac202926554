/*
 * The report: helpers, escaping, the terminal and JSON renderers.
 *
 * The golden files hold the output for one fixed hand-built report full of
 * hostile strings; set KYUKA_UPDATE_GOLDEN=1 to rewrite them. The JSON is
 * also validated against docs/report-schema.json by
 * tests/integration/schema.sh (Debian's python3-jsonschema).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <json-c/json.h>

#include "report/escape.h"
#include "report/report.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define MB (1024 * 1024)

/* ---- helpers ---- */

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char *srcdir_path(const char *rel)
{
	const char *src = getenv("KYUKA_TEST_SRCDIR");

	/* Without the variable the test runs from tests/ (see tests/meson.build). */
	if (src && *src)
		return xasprintf("%s/tests/%s", src, rel);
	return xasprintf("%s", rel);
}

static char *render_t(const struct report *rep, bool color, bool verbose)
{
	struct render_opts o = { .color = color, .verbose = verbose };
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(render_terminal(rep, &o, &sb), 0);
	return strbuf_detach(&sb, NULL);
}

static char *render_j(const struct report *rep)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(render_json(rep, &sb), 0);
	return strbuf_detach(&sb, NULL);
}

static char *read_all(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		assert_int_equal(strbuf_add(&sb, buf, n), 0);
	fclose(f);
	return strbuf_detach(&sb, len);
}

static void write_all(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Compares with the golden file byte for byte, or rewrites it under KYUKA_UPDATE_GOLDEN=1. */
static void golden_compare(const char *rel, const char *got)
{
	char *path = srcdir_path(rel);
	const char *update = getenv("KYUKA_UPDATE_GOLDEN");
	size_t len = 0, got_len = strlen(got), i;
	char *want;

	if (update && strcmp(update, "1") == 0) {
		write_all(path, got, got_len);
		free(path);
		return;
	}
	want = read_all(path, &len);
	if (!want)
		fail_msg("cannot read golden file '%s' (KYUKA_UPDATE_GOLDEN=1 writes it)", path);
	for (i = 0; i < len && i < got_len && want[i] == got[i]; i++)
		;
	if (i != len || len != got_len) {
		char *actual = xasprintf("%s.actual", path);

		write_all(actual, got, got_len);
		print_error("'%s' differs at byte %zu; the output is in '%s'\n", path, i, actual);
		free(actual);
		free(want);
		free(path);
		fail();
	}
	free(want);
	free(path);
}

/* Runs tests/integration/schema.sh on a file; returns its exit status (77: skipped). */
static int run_schema(const char *file)
{
	char *script = srcdir_path("integration/schema.sh");
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *const argv[] = { "bash", script, (char *)file, NULL };

		execv("/bin/bash", argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	free(script);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static char *temp_json(const char *text)
{
	char *path = xstrdup("/tmp/kyuka-test-report-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(close(fd), 0);
	return path;
}

/* True when the only control byte in s is '\n' and s is valid UTF-8 without C1 or bidi controls. */
static bool printable(const char *s, bool allow_sgr)
{
	size_t len = strlen(s);

	if (!utf8_valid(s, len))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0x1b && allow_sgr && s[i + 1] == '[') {
			size_t j = i + 2;

			while ((s[j] >= '0' && s[j] <= '9') || s[j] == ';')
				j++;
			if (s[j] != 'm')
				return false;
			i = j;
			continue;
		}
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			return false;
		if (c == 0xc2 && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9f)
			return false;	/* C1 */
		if (c == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] >= 0xaa && (unsigned char)s[i + 2] <= 0xae)
			return false;	/* U+202A..U+202E */
		if (c == 0xe2 && (unsigned char)s[i + 1] == 0x81 &&
		    (unsigned char)s[i + 2] >= 0xa6 && (unsigned char)s[i + 2] <= 0xa9)
			return false;	/* U+2066..U+2069 */
	}
	return true;
}

/* ---- the fixed report ---- */

struct gf {
	const char *id, *items, *area, *heading;
	int order;
	enum audience aud;
	unsigned phase;
	const char *title;
	enum status st;
	enum severity sev;
	const char *subject, *evidence, *remedy;
};

#define ACCT "Accounts and passwords"
#define RA "Remote access"

/* Deliberately not in report order. */
static const struct gf golden_findings[] = {
	{ "SSH-0010", "RA-1", "ssh", RA, 20, AUD_ADMIN, PHASE_BEFORE, "Root cannot log in over SSH",
	  ST_FAIL, SEV_CRITICAL, "/etc/ssh/sshd_config", "PermitRootLogin yes (line 32)",
	  "Set PermitRootLogin to no and reload sshd" },
	{ "ACCT-0020", "AC-1,AC-3", "accounts", ACCT, 10, AUD_ADMIN, PHASE_BEFORE,
	  "Every account has a password or is locked", ST_PASS, SEV_HIGH, "bob", "password set",
	  "Lock the account or set a password" },
	{ "ACCT-0010", "AC-3", "accounts", ACCT, 10, AUD_ADMIN, PHASE_BEFORE, "Only root has UID 0",
	  ST_FAIL, SEV_HIGH, "root2", "uid 0 in /etc/passwd line 3",
	  "Remove the account or give it its own UID" },
	{ "ACCT-0020", "AC-1,AC-3", "accounts", ACCT, 10, AUD_ADMIN, PHASE_BEFORE,
	  "Every account has a password or is locked", ST_PASS, SEV_HIGH, "alice", "password set",
	  "Lock the account or set a password" },
	/* A name that tries to recolour the line and overwrite it with a fake PASS. */
	{ "ACCT-0030", "AC-2", "accounts", ACCT, 10, AUD_ADMIN, PHASE_BEFORE,
	  "Account names and comments are plain text", ST_WARN, SEV_MEDIUM,
	  "eve\x1b[31m\r  PASS   ACCT-0030 fake", "gecos: \xe2\x80\xae" "evil\xe2\x80\xac trailing \\x1b",
	  "Check the account 'eve'" },
	{ "ACCT-0010", "AC-3", "accounts", ACCT, 10, AUD_ADMIN, PHASE_BEFORE, "Only root has UID 0",
	  ST_PASS, SEV_HIGH, "root", "uid 0", "Remove the account or give it its own UID" },
	{ "ACCT-0020", "AC-1,AC-3", "accounts", ACCT, 10, AUD_ADMIN, PHASE_BEFORE,
	  "Every account has a password or is locked", ST_PASS, SEV_HIGH,
	  "\xe5\xb1\xb1\xe7\x94\xb0", "\xe3\x83\x91\xe3\x82\xb9\xe3\x83\xaf\xe3\x83\xbc\xe3\x83\x89\xe8\xa8\xad\xe5\xae\x9a\xe6\xb8\x88\xe3\x81\xbf",
	  "Lock the account or set a password" },
	{ "ACCT-0040", "AC-4", "accounts", ACCT, 10, AUD_ADMIN, PHASE_BEFORE,
	  "The shadow file is readable by root only", ST_ERROR, SEV_HIGH, "/etc/shadow",
	  "cannot read '/etc/shadow': permission denied", NULL },
	/* Invalid UTF-8 in the evidence, a truncated sequence at its end. */
	{ "SSH-0020", "RA-2", "ssh", RA, 20, AUD_ADMIN, PHASE_BEFORE, "The SSH banner is plain text",
	  ST_SKIP, SEV_INFO, "", "banner \xff\xfe text \xe3\x81", NULL },
	{ "MFA-0010", "RA-3", "mfa", RA, 20, AUD_ADMIN, PHASE_BEFORE, "Remote logins need a second factor",
	  ST_PASS, SEV_HIGH, "", "pam_google_authenticator in /etc/pam.d/sshd", "Enable a second factor" },
	{ "STAFF-0010", "ST-1", "staff", "Before you leave your desk", 30, AUD_STAFF,
	  PHASE_BEFORE | PHASE_DURING, "Laptops stay in the office", ST_MANUAL, SEV_LOW, "",
	  "\xe3\x83\x8e\xe3\x83\xbc\xe3\x83\x88PC\xe3\x81\xaf\xe7\xa4\xbe\xe5\x86\x85\xe3\x81\xab\xe7\xbd\xae\xe3\x81\x8f",
	  "Confirm with your manager" },
	/* LF, and an OSC sequence that would set the terminal's title. */
	{ "ACCT-0050", "AC-5", "accounts", ACCT, 10, AUD_ADMIN, PHASE_BEFORE, "Dormant accounts are locked",
	  ST_WARN, SEV_LOW, "olduser", "last login 2025-01-02\nuid 1001\x1b]0;pwned\x07",
	  "Lock it: usermod -L olduser" },
};

static void add_gf(struct report *rep, const struct gf *g)
{
	struct finding f = {
		.check_id = g->id, .items = g->items, .area = g->area, .title = g->title,
		.heading = g->heading, .heading_order = g->order, .audience = g->aud, .phase = g->phase,
		.status = g->st, .severity = g->sev, .subject = dup_or_null(g->subject),
		.evidence = dup_or_null(g->evidence), .remedy = dup_or_null(g->remedy),
	};

	report_add(rep, &f);
}

/* A grouped finding: n source packages (the second with a hostile name), one remedy. */
static void add_grouped(struct report *rep, size_t n)
{
	struct finding f = {
		.check_id = "PKG-0010", .items = "VU-1", .area = "packages", .title = "No security updates are pending",
		.heading = "Software vulnerabilities", .heading_order = 40, .audience = AUD_ADMIN, .phase = PHASE_BEFORE,
		.status = ST_FAIL, .severity = SEV_HIGH, .subject = xstrdup(""),
		.evidence = xasprintf("%zu source packages have security updates pending", n),
		.remedy = xstrdup("apt-get update && apt-get upgrade"),
	};

	f.subjects = xcalloc(n, sizeof(*f.subjects));
	f.n_subjects = n;
	for (size_t i = 0; i < n; i++) {
		f.subjects[i].name = i == 1 ? xstrdup("evil\x1b[2Jpkg") : xasprintf("src%02zu", i);
		f.subjects[i].detail = xasprintf("bin%02zu 1.0-1 \xe2\x86\x92 1.0-2", i);
	}
	report_add(rep, &f);
}

static void golden_report(struct report *rep)
{
	report_init(rep);
	rep->tool_version = "0.1.0";
	rep->root = xstrdup("/srv/target");
	rep->generated_at = 1797757200;	/* 2026-12-20T09:00:00Z */
	rep->phase = PHASE_BEFORE;
	rep->has_holiday = true;
	memcpy(rep->holiday_start, "2026-12-26", 11);
	memcpy(rep->holiday_end, "2027-01-04", 11);
	rep->host.hostname = xstrdup("web01\x1b[2J\xc2\x9b" "1m\x7f");
	rep->host.os_id = xstrdup("debian");
	rep->host.os_version = xstrdup("12");
	rep->host.os_pretty = xstrdup("Debian GNU/Linux 12 (bookworm)");
	rep->host.machine_id = xstrdup("4c4c4544004b3510804cb4c04f4d3332");
	rep->fail_on = SEV_HIGH;
	for (size_t i = 0; i < sizeof(golden_findings) / sizeof(golden_findings[0]); i++)
		add_gf(rep, &golden_findings[i]);
	add_grouped(rep, 12);
	report_count(rep);
}

static void minimal_report(struct report *rep)
{
	report_init(rep);
	rep->tool_version = "0.1.0";
	rep->generated_at = 0;
	rep->phase = PHASE_AFTER;
	rep->fail_on = SEV_INFO;
}

/* ---- escaping ---- */

struct esc_case {
	const char *in;
	size_t len;	/* 0: strlen(in) */
	const char *term;
	const char *html;
	const char *utf8;	/* esc_utf8_valid; NULL: same as in */
};

static const struct esc_case esc_cases[] = {
	{ "", 0, "", "", NULL },
	{ "plain text 123", 0, "plain text 123", "plain text 123", NULL },
	/* Japanese is displayed as is. */
	{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88",
	  0, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88",
	  "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88", NULL },
	/* Full-width and 4-byte characters, NBSP (not C1). */
	{ "\xef\xbc\xa1\xf0\x9f\x98\x80\xc2\xa0x", 0, "\xef\xbc\xa1\xf0\x9f\x98\x80\xc2\xa0x",
	  "\xef\xbc\xa1\xf0\x9f\x98\x80\xc2\xa0x", NULL },
	{ "\xf4\x8f\xbf\xbf", 0, "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf", NULL },	/* U+10FFFF */
	/* ANSI sequences: SGR, clear screen, OSC window title, cursor up. */
	{ "\x1b[31mred\x1b[0m", 0, "\\x1b[31mred\\x1b[0m", "\\x1b[31mred\\x1b[0m", NULL },
	{ "\x1b[2J\x1b[H", 0, "\\x1b[2J\\x1b[H", "\\x1b[2J\\x1b[H", NULL },
	{ "\x1b]0;pwned\x07", 0, "\\x1b]0;pwned\\x07", "\\x1b]0;pwned\\x07", NULL },
	{ "a\x1b[1A\x1b[2Kb", 0, "a\\x1b[1A\\x1b[2Kb", "a\\x1b[1A\\x1b[2Kb", NULL },
	/* CR overwriting the line, LF starting a fake one, TAB, backspace. */
	{ "FAIL\r PASS", 0, "FAIL\\x0d PASS", "FAIL\\x0d PASS", NULL },
	{ "x\n  PASS ACCT-0010", 0, "x\\x0a  PASS ACCT-0010", "x\\x0a  PASS ACCT-0010", NULL },
	{ "a\tb\bc\x01\x1f", 0, "a\\x09b\\x08c\\x01\\x1f", "a\\x09b\\x08c\\x01\\x1f", NULL },
	{ "del\x7f", 0, "del\\x7f", "del\\x7f", NULL },
	/* C1 controls, CSI as U+009B. */
	{ "\xc2\x9b" "31m", 0, "\\u009b31m", "\\u009b31m", NULL },
	{ "\xc2\x80\xc2\x9f", 0, "\\u0080\\u009f", "\\u0080\\u009f", NULL },
	/* Bidi overrides and isolates ("Trojan Source"), marks, separators. */
	{ "user\xe2\x80\xae" "gpj.exe", 0, "user\\u202egpj.exe", "user\\u202egpj.exe", NULL },
	{ "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 0, "\\u202a\\u202b\\u202c\\u202d",
	  "\\u202a\\u202b\\u202c\\u202d", NULL },
	{ "\xe2\x81\xa6" "a\xe2\x81\xa7" "b\xe2\x81\xa8" "c\xe2\x81\xa9", 0, "\\u2066a\\u2067b\\u2068c\\u2069",
	  "\\u2066a\\u2067b\\u2068c\\u2069", NULL },
	{ "\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", 0, "\\u200e\\u200f\\u061c", "\\u200e\\u200f\\u061c", NULL },
	{ "a\xe2\x80\xa8" "b\xe2\x80\xa9", 0, "a\\u2028b\\u2029", "a\\u2028b\\u2029", NULL },
	/* Neighbours of the bidi ranges: U+202F (a space) and U+2065 (unassigned) stay; U+206A is a format character. */
	{ "\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa", 0, "\\u2029\xe2\x80\xaf\xe2\x81\xa5\\u206a",
	  "\\u2029\xe2\x80\xaf\xe2\x81\xa5\\u206a", NULL },
	/* Invalid UTF-8: each bad byte escaped; JSON gets U+FFFD per maximal subpart. */
	{ "\xff", 0, "\\xff", "\\xff", "\xef\xbf\xbd" },
	{ "a\x80z", 0, "a\\x80z", "a\\x80z", "a\xef\xbf\xbdz" },
	{ "\xc0\xaf", 0, "\\xc0\\xaf", "\\xc0\\xaf", "\xef\xbf\xbd\xef\xbf\xbd" },	/* overlong '/' */
	{ "\xe0\x80\xaf", 0, "\\xe0\\x80\\xaf", "\\xe0\\x80\\xaf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xed\xa0\x80", 0, "\\xed\\xa0\\x80", "\\xed\\xa0\\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80", "\\xf4\\x90\\x80\\x80",
	  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },	/* beyond U+10FFFF */
	{ "\xf5\x80", 0, "\\xf5\\x80", "\\xf5\\x80", "\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xe3\x81" "A", 0, "\\xe3\\x81A", "\\xe3\\x81A", "\xef\xbf\xbd" "A" },	/* truncated */
	{ "x\xf0\x9f\x98", 0, "x\\xf0\\x9f\\x98", "x\\xf0\\x9f\\x98", "x\xef\xbf\xbd" },	/* cut at end */
	{ "\xe3\x81\xe3\x81\x82", 0, "\\xe3\\x81\xe3\x81\x82", "\\xe3\\x81\xe3\x81\x82",
	  "\xef\xbf\xbd\xe3\x81\x82" },
	/* A C1 control is valid UTF-8: JSON keeps it (json-c does not escape it, readers must). */
	{ "\xc2\x9b", 0, "\\u009b", "\\u009b", NULL },
	/* Format characters show nothing: escaped, so "root" + U+200B is told from "root". */
	{ "root\xe2\x80\x8b", 0, "root\\u200b", "root\\u200b", NULL },
	{ "\xef\xbb\xbf" "a\xc2\xad" "b\xe2\x81\xa0", 0, "\\ufeffa\\u00adb\\u2060", "\\ufeffa\\u00adb\\u2060", NULL },
	{ "x\xf0\x9d\x85\xb3y\xf3\xa0\x80\x81", 0, "x\\U0001d173y\\U000e0001", "x\\U0001d173y\\U000e0001", NULL },
	/* Visible characters next to them are kept: U+00AC, U+2010, U+FFFC, U+1D400. */
	{ "\xc2\xac\xe2\x80\x90\xef\xbf\xbc\xf0\x9d\x90\x80", 0, "\xc2\xac\xe2\x80\x90\xef\xbf\xbc\xf0\x9d\x90\x80",
	  "\xc2\xac\xe2\x80\x90\xef\xbf\xbc\xf0\x9d\x90\x80", NULL },
	/* Our escapes cannot be forged: the backslash is doubled. */
	{ "\\x1b[31m", 0, "\\\\x1b[31m", "\\\\x1b[31m", NULL },
	{ "C:\\dir\\", 0, "C:\\\\dir\\\\", "C:\\\\dir\\\\", NULL },
	/* NUL inside (the _mem variants). */
	{ "a\0b", 3, "a\\x00b", "a\\x00b", NULL },
	/* HTML specials. */
	{ "<script>alert('x')&\"</script>", 0, "<script>alert('x')&\"</script>",
	  "&lt;script&gt;alert(&#39;x&#39;)&amp;&quot;&lt;/script&gt;", NULL },
	{ "a&amp;\x1b", 0, "a&amp;\\x1b", "a&amp;amp;\\x1b", NULL },
};

static void test_escape_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(esc_cases) / sizeof(esc_cases[0]); i++) {
		const struct esc_case *c = &esc_cases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		const char *u = c->utf8 ? c->utf8 : c->in;
		size_t ulen = c->utf8 ? strlen(c->utf8) : len;
		struct strbuf sb = STRBUF_INIT;

		assert_int_equal(esc_terminal_mem(&sb, c->in, len), 0);
		if (strcmp(sb.buf, c->term) != 0)
			fail_msg("case %zu: terminal '%s', want '%s'", i, sb.buf, c->term);
		assert_true(printable(sb.buf, false));
		strbuf_reset(&sb);
		assert_int_equal(esc_html_mem(&sb, c->in, len), 0);
		if (strcmp(sb.buf, c->html) != 0)
			fail_msg("case %zu: html '%s', want '%s'", i, sb.buf, c->html);
		assert_null(strpbrk(sb.buf, "<>\"'"));
		strbuf_reset(&sb);
		assert_int_equal(esc_utf8_valid(&sb, c->in, len), 0);
		assert_int_equal(sb.len, ulen);
		if (memcmp(sb.buf, u, ulen) != 0)
			fail_msg("case %zu: utf8 differs", i);
		assert_true(utf8_valid(sb.buf, sb.len));
		assert_int_equal(utf8_valid(c->in, len), !c->utf8 || len == 0);
		if (!memchr(c->in, 0, len)) {
			/* The NUL-terminated variants agree. */
			strbuf_reset(&sb);
			assert_int_equal(esc_terminal(&sb, c->in), 0);
			assert_string_equal(sb.buf, c->term);
			strbuf_reset(&sb);
			assert_int_equal(esc_html(&sb, c->in), 0);
			assert_string_equal(sb.buf, c->html);
		}
		strbuf_release(&sb);
	}
}

/* The pass over json-c's output. */
static void test_esc_json_text(void **state)
{
	static const char *const cases[][2] = {
		{ "", "" },
		{ "{\"a\": \"plain \\u001b\"}", "{\"a\": \"plain \\u001b\"}" },
		{ "\"\xe6\x97\xa5\xe6\x9c\xac\"", "\"\xe6\x97\xa5\xe6\x9c\xac\"" },
		{ "\"\x7f\"", "\"\\u007f\"" },
		{ "\"\xc2\x9b" "1m\xc2\xa0\"", "\"\\u009b1m\xc2\xa0\"" },
		{ "\"\xe2\x80\xae" "abc\xe2\x81\xa9\xe2\x80\xa8\xd8\x9c\"", "\"\\u202eabc\\u2069\\u2028\\u061c\"" },
		{ "\"\xff\xe3\x81\"", "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "\"\xf0\x9f\x98\x80\"", "\"\xf0\x9f\x98\x80\"" },
		/* a format character above the BMP: a surrogate pair, as JSON writes it */
		{ "\"u\xe2\x80\x8b\xf3\xa0\x80\x81\"", "\"u\\u200b\\udb40\\udc01\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct json_object *a, *b;

		assert_int_equal(esc_json_text(&sb, cases[i][0], strlen(cases[i][0])), 0);
		if (strcmp(sb.buf, cases[i][1]) != 0)
			fail_msg("case %zu: '%s', want '%s'", i, sb.buf, cases[i][1]);
		/* Valid JSON in, the same value out. */
		a = json_tokener_parse(cases[i][0]);
		b = json_tokener_parse(sb.buf);
		if (a && utf8_valid(cases[i][0], strlen(cases[i][0])))
			assert_true(json_object_equal(a, b));
		json_object_put(a);
		json_object_put(b);
		strbuf_release(&sb);
	}
}

static void test_escape_appends_and_null(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(strbuf_adds(&sb, "pre:"), 0);
	assert_int_equal(esc_terminal(&sb, "\x1b"), 0);
	assert_int_equal(esc_terminal(&sb, NULL), 0);
	assert_int_equal(esc_html(&sb, NULL), 0);
	assert_int_equal(esc_utf8_valid(&sb, NULL, 5), 0);
	assert_string_equal(sb.buf, "pre:\\x1b");
	strbuf_release(&sb);
}

/* Past the buffer's maximum: -E2BIG and the buffer as it was. */
static void test_escape_e2big(void **state)
{
	struct strbuf sb;
	char big[100];

	(void)state;
	memset(big, 'a', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	big[50] = '\x1b';
	strbuf_init(&sb, 64);
	assert_int_equal(strbuf_adds(&sb, "keep"), 0);
	assert_int_equal(esc_terminal(&sb, big), -E2BIG);
	assert_int_equal(sb.len, 4);
	assert_string_equal(sb.buf, "keep");
	assert_int_equal(esc_html(&sb, big), -E2BIG);
	assert_string_equal(sb.buf, "keep");
	assert_int_equal(esc_utf8_valid(&sb, big, sizeof(big)), -E2BIG);
	assert_string_equal(sb.buf, "keep");
	/* Fits exactly until the escape that does not. */
	assert_int_equal(esc_terminal(&sb, "\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b"), -E2BIG);
	assert_string_equal(sb.buf, "keep");
	strbuf_release(&sb);
}

/* 1 MB strings, without NUL: plain, all ESC, all Japanese, all invalid. */
static void test_escape_long(void **state)
{
	char *s = xmalloc(MB + 1);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	memset(s, 'a', MB);
	s[MB] = '\0';
	assert_int_equal(esc_terminal(&sb, s), 0);
	assert_int_equal(sb.len, MB);
	assert_memory_equal(sb.buf, s, MB);
	strbuf_reset(&sb);

	memset(s, 0x1b, MB);
	assert_int_equal(esc_terminal(&sb, s), 0);
	assert_int_equal(sb.len, 4 * (size_t)MB);
	for (size_t i = 0; i < sb.len; i += 4)
		assert_memory_equal(sb.buf + i, "\\x1b", 4);
	strbuf_reset(&sb);

	for (size_t i = 0; i + 3 <= MB; i += 3)
		memcpy(s + i, "\xe6\x97\xa5", 3);
	s[MB - MB % 3] = '\0';
	assert_int_equal(esc_terminal(&sb, s), 0);
	assert_int_equal(sb.len, (size_t)MB - MB % 3);
	assert_memory_equal(sb.buf, s, sb.len);
	strbuf_reset(&sb);
	assert_int_equal(esc_utf8_valid(&sb, s, strlen(s)), 0);
	assert_int_equal(sb.len, (size_t)MB - MB % 3);
	strbuf_reset(&sb);

	memset(s, 0xff, MB);
	s[MB] = '\0';
	assert_int_equal(esc_html(&sb, s), 0);
	assert_int_equal(sb.len, 4 * (size_t)MB);
	strbuf_reset(&sb);
	assert_int_equal(esc_utf8_valid(&sb, s, MB), 0);
	assert_int_equal(sb.len, 3 * (size_t)MB);
	assert_true(utf8_valid(sb.buf, sb.len));
	strbuf_release(&sb);
	free(s);
}

/*
 * Random bytes, biased towards the interesting ones (ESC, CR, lead and
 * continuation bytes, the bidi and C1 prefixes): whatever comes in, the
 * terminal and HTML output is printable and the JSON input valid UTF-8.
 */
static void test_escape_random(void **state)
{
	static const unsigned char pick[] = { 0x1b, '\r', '\n', '\\', '[', 'a', 0x7f, 0x80, 0x9b, 0xbf, 0xc2,
					      0xc0, 0xe0, 0xe2, 0x80, 0xae, 0x81, 0xa6, 0xed, 0xa0, 0xf0,
					      0xf4, 0x90, 0x8f, 0xff, 0xd8, 0x9c, 0x00, '<', '&' };
	uint32_t x = 12345;
	unsigned char buf[64];
	struct strbuf sb = STRBUF_INIT, js = STRBUF_INIT;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t len;

		x = x * 1103515245u + 12345u;
		len = (x >> 16) % sizeof(buf);
		for (size_t i = 0; i < len; i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (x >> 24) & 1 ? pick[(x >> 8) % sizeof(pick)] : (unsigned char)(x >> 16);
		}
		strbuf_reset(&sb);
		assert_int_equal(esc_terminal_mem(&sb, (const char *)buf, len), 0);
		assert_int_equal(strlen(sb.buf), sb.len);
		assert_true(printable(sb.buf, false));
		strbuf_reset(&sb);
		assert_int_equal(esc_html_mem(&sb, (const char *)buf, len), 0);
		assert_true(printable(sb.buf, false));
		assert_null(strpbrk(sb.buf, "<>\"'"));
		strbuf_reset(&sb);
		assert_int_equal(esc_utf8_valid(&sb, (const char *)buf, len), 0);
		assert_true(utf8_valid(sb.buf, sb.len));
		if (utf8_valid((const char *)buf, len)) {
			assert_int_equal(sb.len, len);
			assert_memory_equal(sb.buf, buf, len);
		}
		/* Through json-c and the text pass: printable, and the same string parsed back. */
		{
			struct json_object *o = json_object_new_string_len(sb.buf, (int)sb.len), *back;
			size_t tl;
			const char *text = json_object_to_json_string_length(o, JSON_C_TO_STRING_NOSLASHESCAPE, &tl);

			strbuf_reset(&js);
			assert_int_equal(esc_json_text(&js, text, tl), 0);
			assert_true(printable(js.buf, false));
			back = json_tokener_parse(js.buf);
			assert_non_null(back);
			assert_int_equal(json_object_get_string_len(back), sb.len);
			assert_memory_equal(json_object_get_string(back), sb.buf, sb.len);
			json_object_put(back);
			json_object_put(o);
		}
	}
	strbuf_release(&sb);
	strbuf_release(&js);
}

/* ---- helpers of report.c ---- */

static void test_names(void **state)
{
	static const char *const st[] = { "PASS", "WARN", "FAIL", "SKIP", "ERROR", "MANUAL" };
	static const char *const sev[] = { "info", "low", "medium", "high", "critical" };
	enum severity s;
	unsigned p;

	(void)state;
	for (int i = 0; i < ST__COUNT; i++)
		assert_string_equal(status_name((enum status)i), st[i]);
	assert_string_equal(status_name((enum status)99), "UNKNOWN");
	for (int i = 0; i < SEV__COUNT; i++) {
		assert_string_equal(severity_name((enum severity)i), sev[i]);
		s = SEV__COUNT;
		assert_int_equal(severity_parse(sev[i], &s), 0);
		assert_int_equal(s, i);
	}
	assert_string_equal(severity_name((enum severity)-1), "unknown");
	assert_int_equal(severity_parse("HIGH", &s), 0);
	assert_int_equal(s, SEV_HIGH);
	assert_int_equal(severity_parse("Critical", &s), 0);
	assert_int_equal(s, SEV_CRITICAL);
	s = SEV_LOW;
	assert_int_equal(severity_parse("", &s), -EINVAL);
	assert_int_equal(severity_parse("hig", &s), -EINVAL);
	assert_int_equal(severity_parse("highx", &s), -EINVAL);
	assert_int_equal(severity_parse(" high", &s), -EINVAL);
	assert_int_equal(severity_parse("h\xc4\xb1gh", &s), -EINVAL);
	assert_int_equal(severity_parse(NULL, &s), -EINVAL);
	assert_int_equal(s, SEV_LOW);	/* untouched on failure */

	assert_string_equal(phase_name(PHASE_BEFORE), "before");
	assert_string_equal(phase_name(PHASE_AFTER), "after");
	assert_string_equal(phase_name(PHASE_DURING), "during");
	assert_string_equal(phase_name(PHASE_BEFORE | PHASE_AFTER), "unknown");
	assert_string_equal(phase_name(0), "unknown");
	assert_int_equal(phase_parse("before", &p), 0);
	assert_int_equal(p, PHASE_BEFORE);
	assert_int_equal(phase_parse("DURING", &p), 0);
	assert_int_equal(p, PHASE_DURING);
	assert_int_equal(phase_parse("after", &p), 0);
	assert_int_equal(p, PHASE_AFTER);
	assert_int_equal(phase_parse("afterwards", &p), -EINVAL);
	assert_int_equal(phase_parse("", &p), -EINVAL);
	assert_int_equal(phase_parse(NULL, &p), -EINVAL);
	assert_int_equal(p, PHASE_AFTER);

	assert_string_equal(audience_name(AUD_ADMIN), "admin");
	assert_string_equal(audience_name(AUD_STAFF), "staff");
	assert_string_equal(audience_name((enum audience)7), "unknown");
}

static void test_count_and_at_or_above(void **state)
{
	static const struct {
		enum severity at;
		size_t want;
	} cases[] = {
		{ SEV_INFO, 6 },	/* 3 FAIL, 1 ERROR, 2 WARN */
		{ SEV_LOW, 6 },
		{ SEV_MEDIUM, 5 },
		{ SEV_HIGH, 4 },
		{ SEV_CRITICAL, 1 },
	};
	struct report rep;

	(void)state;
	golden_report(&rep);
	assert_int_equal(rep.counts[ST_PASS], 5);
	assert_int_equal(rep.counts[ST_FAIL], 3);
	assert_int_equal(rep.counts[ST_WARN], 2);
	assert_int_equal(rep.counts[ST_ERROR], 1);
	assert_int_equal(rep.counts[ST_SKIP], 1);
	assert_int_equal(rep.counts[ST_MANUAL], 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(report_at_or_above(&rep, cases[i].at), cases[i].want);
	/* PASS, SKIP and MANUAL never count, whatever their severity. */
	for (size_t i = 0; i < rep.n_findings; i++)
		if (rep.findings[i].status == ST_PASS || rep.findings[i].status == ST_SKIP ||
		    rep.findings[i].status == ST_MANUAL)
			rep.findings[i].severity = SEV_CRITICAL;
	assert_int_equal(report_at_or_above(&rep, SEV_CRITICAL), 1);
	report_release(&rep);
	assert_int_equal(rep.n_findings, 0);
	assert_null(rep.findings);
	assert_null(rep.root);
	report_count(&rep);
	assert_int_equal(report_at_or_above(&rep, SEV_INFO), 0);
}

static void test_sort(void **state)
{
	static const struct {
		int order;
		const char *heading, *id;
		enum status st;
		const char *subject;
	} in[] = {
		{ 20, "B", "SSH-0010", ST_PASS, "x" },
		{ 10, "A", "ACCT-0020", ST_WARN, "b" },
		{ 10, "A", "ACCT-0010", ST_PASS, "root" },
		{ 10, "A", "ACCT-0010", ST_FAIL, "zed" },
		{ 10, "A", "ACCT-0010", ST_FAIL, "Zed" },	/* bytewise: 'Z' < 'z' */
		{ 10, "A", "ACCT-0010", ST_ERROR, "a" },
		{ 10, "A", "ACCT-0010", ST_FAIL, "\xe5\xb1\xb1" },	/* bytes above ASCII last */
		{ 10, "A", "ACCT-0010", ST_FAIL, NULL },
		{ 5, "Z", "ZZZ-0001", ST_PASS, "" },
		{ 20, "A", "SSH-0020", ST_FAIL, "x" },	/* same order, other heading */
	};
	static const size_t want[] = { 8, 7, 4, 3, 6, 5, 2, 1, 9, 0 };
	struct report rep;

	(void)state;
	report_init(&rep);
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct finding f = {
			.check_id = in[i].id, .heading = in[i].heading, .heading_order = in[i].order,
			.status = in[i].st, .subject = dup_or_null(in[i].subject),
			/* evidence remembers the input position */
			.evidence = xasprintf("%zu", i),
		};
		report_add(&rep, &f);
	}
	report_sort(&rep);
	for (size_t i = 0; i < rep.n_findings; i++) {
		char *w = xasprintf("%zu", want[i]);

		assert_string_equal(rep.findings[i].evidence, w);
		free(w);
	}
	report_release(&rep);
}

static void test_add_many(void **state)
{
	struct report rep;

	(void)state;
	report_init(&rep);
	for (size_t i = 0; i < 10000; i++) {
		struct finding f = { .check_id = "ACCT-0010", .status = (enum status)(i % ST__COUNT),
				     .subject = xasprintf("user%zu", i) };
		struct finding *n = report_add(&rep, &f);

		assert_ptr_equal(n, &rep.findings[i]);
		assert_string_equal(n->subject, f.subject);
	}
	assert_int_equal(rep.n_findings, 10000);
	report_count(&rep);
	for (int s = 0; s < ST__COUNT; s++)
		assert_true(rep.counts[s] >= 1666);
	report_release(&rep);
}

/* ---- renderers ---- */

static void test_golden_terminal(void **state)
{
	struct report rep;
	char *t;

	(void)state;
	golden_report(&rep);
	t = render_t(&rep, false, false);
	golden_compare("golden/report-terminal.txt", t);
	free(t);
	report_release(&rep);
}

static void test_golden_json(void **state)
{
	struct report rep;
	char *j;

	(void)state;
	golden_report(&rep);
	j = render_j(&rep);
	golden_compare("golden/report.json", j);
	free(j);
	report_release(&rep);
}

static void test_terminal_no_color(void **state)
{
	struct report rep;

	(void)state;
	golden_report(&rep);
	for (int verbose = 0; verbose < 2; verbose++) {
		char *t = render_t(&rep, false, verbose);

		assert_null(strchr(t, '\x1b'));	/* not even the hostile ones */
		assert_true(printable(t, false));
		assert_non_null(strstr(t, "eve\\x1b[31m\\x0d  PASS   ACCT-0030 fake"));
		assert_non_null(strstr(t, "gecos: \\u202eevil\\u202c trailing \\\\x1b"));
		assert_non_null(strstr(t, "Host: web01\\x1b[2J\\u009b1m\\x7f\n"));
		assert_non_null(strstr(t, "banner \\xff\\xfe text \\xe3\\x81\n"));
		assert_non_null(strstr(t, "last login 2025-01-02\\x0auid 1001\\x1b]0;pwned\\x07\n"));
		assert_non_null(strstr(t, "Root: /srv/target\n"));
		assert_non_null(strstr(t, "Holiday: 2026-12-26 \xe2\x80\x93 2027-01-04\n"));
		assert_non_null(strstr(t, "Time: 2026-12-20T09:00:00Z\n"));
		assert_non_null(strstr(t, "Accounts and passwords [admin \xc2\xb7 before]\n"));
		assert_non_null(strstr(t, "Before you leave your desk [staff \xc2\xb7 before, during]\n"));
		assert_non_null(strstr(t, "4 findings at or above high\n"));
		/* A remedy for problems, never for a PASS. */
		assert_non_null(strstr(t, "\xe2\x86\x92 Remove the account or give it its own UID\n"));
		assert_null(strstr(t, "Lock the account or set a password"));
		assert_null(strstr(t, "Enable a second factor"));
		free(t);
	}
	report_release(&rep);
}

static void test_terminal_color(void **state)
{
	static const char *const want[] = {
		"\x1b[31mFAIL\x1b[0m", "\x1b[33mWARN\x1b[0m", "\x1b[32mPASS\x1b[0m",
		"\x1b[35mERROR\x1b[0m", "\x1b[36mSKIP\x1b[0m", "\x1b[34mMANUAL\x1b[0m",
	};
	struct report rep;
	char *t, *plain;

	(void)state;
	golden_report(&rep);
	t = render_t(&rep, true, false);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_non_null(strstr(t, want[i]));
	/* Our SGR sequences only: the hostile ones stay escaped. */
	assert_true(printable(t, true));
	assert_non_null(strstr(t, "eve\\x1b[31m\\x0d"));
	/* Without the colour codes the text is the same as the plain rendering. */
	{
		struct strbuf sb = STRBUF_INIT;

		for (size_t i = 0; t[i]; i++) {
			if (t[i] == '\x1b') {
				while (t[i] != 'm')
					i++;
				continue;
			}
			strbuf_addch(&sb, t[i]);
		}
		plain = render_t(&rep, false, false);
		assert_string_equal(sb.buf, plain);
		strbuf_release(&sb);
		free(plain);
	}
	free(t);
	report_release(&rep);
}

static void test_terminal_folding(void **state)
{
	struct report rep;
	char *t;

	(void)state;
	golden_report(&rep);
	t = render_t(&rep, false, false);
	assert_non_null(strstr(t, "\n  PASS   ACCT-0020   Every account has a password or is locked (3 subjects)\n"));
	/* After a FAIL of the same check, the title would read as its opposite: what passed instead. */
	assert_non_null(strstr(t, "\n  PASS   ACCT-0010   root \xe2\x80\x94 uid 0\n"));
	assert_null(strstr(t, "PASS   ACCT-0010   Only root"));
	/* A check-wide PASS (no subject) has no count. */
	assert_non_null(strstr(t, "\n  PASS   MFA-0010    Remote logins need a second factor\n"));
	assert_null(strstr(t, "alice"));
	assert_null(strstr(t, "password set"));
	free(t);

	t = render_t(&rep, false, true);
	assert_null(strstr(t, "subjects)"));
	/* The line says what was found; the title below it names the check, once for its findings. */
	assert_non_null(strstr(t, "\n  PASS   ACCT-0020   high      alice \xe2\x80\x94 password set\n"
				  "         check: Every account has a password or is locked\n"
				  "  PASS   ACCT-0020   high      bob \xe2\x80\x94 password set\n  PASS"));
	assert_non_null(strstr(t, "bob \xe2\x80\x94"));
	assert_non_null(strstr(t, "\xe5\xb1\xb1\xe7\x94\xb0 \xe2\x80\x94"));
	assert_null(strstr(t, "Lock the account or set a password"));
	free(t);
	report_release(&rep);
}

/* Renderers sort a copy: the input order does not matter and the report is not changed. */
static void test_render_order_independent(void **state)
{
	struct report rep;
	char *t1, *j1, *t2, *j2;
	char *first;

	(void)state;
	golden_report(&rep);
	first = rep.findings[0].check_id ? xstrdup(rep.findings[0].check_id) : NULL;
	t1 = render_t(&rep, false, true);
	j1 = render_j(&rep);
	assert_string_equal(rep.findings[0].check_id, first);
	for (size_t i = 0, k = rep.n_findings - 1; i < k; i++, k--) {
		struct finding tmp = rep.findings[i];

		rep.findings[i] = rep.findings[k];
		rep.findings[k] = tmp;
	}
	t2 = render_t(&rep, false, true);
	j2 = render_j(&rep);
	assert_string_equal(t1, t2);
	assert_string_equal(j1, j2);
	free(t2);
	free(j2);
	report_sort(&rep);
	t2 = render_t(&rep, false, true);
	assert_string_equal(t1, t2);
	free(first);
	free(t1);
	free(j1);
	free(t2);
	report_release(&rep);
}

static void test_terminal_minimal(void **state)
{
	struct report rep;
	char *t;

	(void)state;
	minimal_report(&rep);
	t = render_t(&rep, false, false);
	assert_string_equal(t, "kyuka 0.1.0 \xe2\x80\x94 audit report\n"
			       "Host: unknown\n"
			       "OS: unknown\n"
			       "Phase: after\n"
			       "Holiday: not set\n"
			       "Time: 1970-01-01T00:00:00Z\n"
			       "\n"
			       "No findings.\n"
			       "Summary: 0 FAIL, 0 ERROR, 0 WARN, 0 MANUAL, 0 SKIP, 0 PASS\n"
			       "0 findings at or above info\n");
	free(t);
	/* Root "/" is not shown; os_id and os_version without a pretty name. */
	rep.root = xstrdup("/");
	rep.host.os_id = xstrdup("debian");
	rep.host.os_version = xstrdup("12\x1b");
	t = render_t(&rep, false, false);
	assert_null(strstr(t, "Root:"));
	assert_non_null(strstr(t, "\nOS: debian 12\\x1b\n"));
	free(t);
	report_release(&rep);
}

static void test_render_e2big(void **state)
{
	struct render_opts o = { .color = true, .verbose = true };
	struct report rep;
	struct strbuf sb;

	(void)state;
	golden_report(&rep);
	strbuf_init(&sb, 200);
	assert_int_equal(strbuf_adds(&sb, "before"), 0);
	assert_int_equal(render_terminal(&rep, &o, &sb), -E2BIG);
	assert_int_equal(sb.len, 6);
	assert_string_equal(sb.buf, "before");
	assert_int_equal(render_json(&rep, &sb), -E2BIG);
	assert_int_equal(sb.len, 6);
	assert_string_equal(sb.buf, "before");
	strbuf_release(&sb);
	report_release(&rep);
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no key '%s'", key);
	return v;
}

static const char *get_str(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);

	assert_true(json_object_is_type(v, json_type_string));
	return json_object_get_string(v);
}

static struct json_object *finding_by(struct json_object *findings, const char *id, const char *status)
{
	for (size_t i = 0; i < json_object_array_length(findings); i++) {
		struct json_object *f = json_object_array_get_idx(findings, i);

		if (strcmp(get_str(f, "check_id"), id) == 0 && strcmp(get_str(f, "status"), status) == 0)
			return f;
	}
	fail_msg("no %s finding of %s", status, id);
	return NULL;
}

static void test_json_parse_back(void **state)
{
	static const char *const top_keys[] = { "schema", "schema_version", "tool", "generated_at", "root",
						"phase", "holiday", "host", "fail_on", "summary", "do_first",
						"findings" };
	struct report rep;
	struct json_object *doc, *fs, *f, *v;
	size_t k = 0;
	char *j;

	(void)state;
	golden_report(&rep);
	j = render_j(&rep);
	/* Valid UTF-8, safe to cat: the only raw control is the newline of the pretty layout. */
	assert_true(printable(j, false));
	assert_non_null(strstr(j, "\"hostname\": \"web01\\u001b[2J\\u009b1m\\u007f\""));
	assert_non_null(strstr(j, "\"evidence\": \"gecos: \\u202eevil\\u202c trailing \\\\x1b\""));
	assert_non_null(strstr(j, "\"subject\": \"\xe5\xb1\xb1\xe7\x94\xb0\""));
	assert_int_equal(j[strlen(j) - 1], '\n');
	doc = json_tokener_parse(j);
	assert_non_null(doc);
	json_object_object_foreach(doc, key, val) {
		(void)val;
		assert_true(k < sizeof(top_keys) / sizeof(top_keys[0]));
		assert_string_equal(key, top_keys[k]);
		k++;
	}
	assert_int_equal(k, sizeof(top_keys) / sizeof(top_keys[0]));
	assert_int_equal(json_object_get_int(get(doc, "schema_version")), 2);
	assert_string_equal(get_str(get(doc, "tool"), "name"), "kyuka");
	assert_string_equal(get_str(get(doc, "tool"), "version"), "0.1.0");
	assert_string_equal(get_str(doc, "generated_at"), "2026-12-20T09:00:00Z");
	assert_string_equal(get_str(doc, "root"), "/srv/target");
	assert_string_equal(get_str(doc, "phase"), "before");
	assert_string_equal(get_str(get(doc, "holiday"), "start"), "2026-12-26");
	assert_string_equal(get_str(get(doc, "holiday"), "end"), "2027-01-04");
	assert_string_equal(get_str(get(doc, "host"), "hostname"), "web01\x1b[2J\xc2\x9b" "1m\x7f");
	assert_string_equal(get_str(doc, "fail_on"), "high");
	assert_int_equal(json_object_get_int(get(get(doc, "summary"), "pass")), 5);
	assert_int_equal(json_object_get_int(get(get(doc, "summary"), "fail")), 3);
	assert_int_equal(json_object_get_int(get(get(doc, "summary"), "at_or_above_fail_on")), 4);

	fs = get(doc, "findings");
	assert_int_equal(json_object_array_length(fs), rep.n_findings);
	/* Report order: the FAIL of ACCT-0010 first. */
	f = json_object_array_get_idx(fs, 0);
	assert_string_equal(get_str(f, "check_id"), "ACCT-0010");
	assert_string_equal(get_str(f, "status"), "FAIL");
	assert_string_equal(get_str(f, "heading"), "Accounts and passwords");
	assert_string_equal(get_str(f, "title"), "Only root has UID 0");
	assert_string_equal(get_str(f, "remedy"), "Remove the account or give it its own UID");
	/* Hostile strings come back byte for byte... */
	f = finding_by(fs, "ACCT-0030", "WARN");
	assert_string_equal(get_str(f, "subject"), "eve\x1b[31m\r  PASS   ACCT-0030 fake");
	assert_string_equal(get_str(f, "evidence"), "gecos: \xe2\x80\xae" "evil\xe2\x80\xac trailing \\x1b");
	f = finding_by(fs, "ACCT-0050", "WARN");
	assert_string_equal(get_str(f, "evidence"), "last login 2025-01-02\nuid 1001\x1b]0;pwned\x07");
	/* ...except invalid UTF-8, which becomes U+FFFD. */
	f = finding_by(fs, "SSH-0020", "SKIP");
	assert_string_equal(get_str(f, "evidence"), "banner \xef\xbf\xbd\xef\xbf\xbd text \xef\xbf\xbd");
	assert_string_equal(get_str(f, "subject"), "");
	assert_true(json_object_is_type(get(f, "remedy"), json_type_null));
	/* PASS has no remedy; items split; phases in time order. */
	f = finding_by(fs, "ACCT-0020", "PASS");
	assert_true(json_object_is_type(get(f, "remedy"), json_type_null));
	v = get(f, "items");
	assert_int_equal(json_object_array_length(v), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 0)), "AC-1");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 1)), "AC-3");
	f = finding_by(fs, "STAFF-0010", "MANUAL");
	assert_string_equal(get_str(f, "audience"), "staff");
	v = get(f, "phase");
	assert_int_equal(json_object_array_length(v), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 0)), "before");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 1)), "during");
	json_object_put(doc);
	free(j);
	report_release(&rep);
}

static void test_json_minimal_and_items(void **state)
{
	static const struct {
		const char *items;
		const char *want;	/* joined with '|' */
	} cases[] = {
		{ "AC-1", "AC-1" },
		{ "AC-1,AC-3", "AC-1|AC-3" },
		{ " AC-1 , ,AC-3,", "AC-1|AC-3" },
		{ "", "" },
		{ NULL, "" },
		{ ",,,", "" },
		{ "\tST-10\t", "ST-10" },
	};
	struct report rep;
	struct json_object *doc, *h;
	char *j;

	(void)state;
	minimal_report(&rep);
	j = render_j(&rep);
	doc = json_tokener_parse(j);
	assert_non_null(doc);
	assert_string_equal(get_str(doc, "root"), "/");
	assert_string_equal(get_str(doc, "generated_at"), "1970-01-01T00:00:00Z");
	assert_true(json_object_is_type(get(doc, "holiday"), json_type_null));
	h = get(doc, "host");
	assert_true(json_object_is_type(get(h, "hostname"), json_type_null));
	assert_true(json_object_is_type(get(h, "machine_id"), json_type_null));
	assert_int_equal(json_object_array_length(get(doc, "findings")), 0);
	json_object_put(doc);
	free(j);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct finding f = { .check_id = "ACCT-0001", .items = cases[i].items, .status = ST_FAIL,
				     .phase = PHASE_BEFORE };
		struct strbuf sb = STRBUF_INIT;
		struct json_object *items;

		report_add(&rep, &f);
		j = render_j(&rep);
		doc = json_tokener_parse(j);
		assert_non_null(doc);
		items = get(json_object_array_get_idx(get(doc, "findings"), 0), "items");
		for (size_t n = 0; n < json_object_array_length(items); n++) {
			if (n)
				strbuf_addch(&sb, '|');
			strbuf_adds(&sb, json_object_get_string(json_object_array_get_idx(items, n)));
		}
		assert_string_equal(sb.buf, cases[i].want);
		strbuf_release(&sb);
		json_object_put(doc);
		free(j);
		report_release(&rep);
		minimal_report(&rep);
	}
	report_release(&rep);
}

/* A finding of check id with status, severity and subject, in heading order ord. */
static void add_simple(struct report *rep, const char *id, int ord, enum status st, enum severity sev, const char *subj,
		       const char *remedy)
{
	struct finding f = {
		.check_id = id, .items = "AC-1", .area = "accounts", .title = "A title", .heading = "H",
		.heading_order = ord, .audience = AUD_ADMIN, .phase = PHASE_BEFORE, .status = st, .severity = sev,
		.subject = xstrdup(subj), .evidence = xasprintf("found %s", subj), .remedy = xstrdup(remedy),
	};

	report_add(rep, &f);
}

/* "Do this first": one action per check with WARN/FAIL above info, by severity, status, advisory order; at most 5. */
static void test_do_first(void **state)
{
	struct report rep;
	struct do_first d[REPORT_DO_FIRST_MAX];
	struct finding *f;
	struct json_object *doc, *a, *o;
	size_t n;
	char *t, *j;

	(void)state;
	minimal_report(&rep);
	add_simple(&rep, "A-0001", 1, ST_WARN, SEV_HIGH, "w1", "fix A");
	add_simple(&rep, "A-0001", 1, ST_FAIL, SEV_MEDIUM, "f1", "fix A");
	add_simple(&rep, "A-0001", 1, ST_FAIL, SEV_MEDIUM, "f2", "fix A");
	add_simple(&rep, "B-0001", 2, ST_FAIL, SEV_HIGH, "b", "fix B");
	add_simple(&rep, "C-0001", 0, ST_WARN, SEV_HIGH, "c", "fix C");
	add_simple(&rep, "D-0001", 3, ST_FAIL, SEV_CRITICAL, "d", "fix D");
	add_simple(&rep, "E-0001", 0, ST_PASS, SEV_CRITICAL, "e", "fix E");	/* never */
	add_simple(&rep, "F-0001", 0, ST_MANUAL, SEV_CRITICAL, "f", "fix F");	/* never */
	add_simple(&rep, "G-0001", 0, ST_ERROR, SEV_CRITICAL, "g", "fix G");	/* never */
	add_simple(&rep, "H-0001", 0, ST_WARN, SEV_INFO, "h", "fix H");	/* never: info */
	add_simple(&rep, "I-0001", 5, ST_WARN, SEV_LOW, "i", "fix I");
	add_simple(&rep, "J-0001", 6, ST_WARN, SEV_LOW, "j", "fix J");	/* the sixth: cut */
	add_simple(&rep, "A-0001", 1, ST_PASS, SEV_INFO, "p2", "fix A");
	add_simple(&rep, "A-0001", 1, ST_PASS, SEV_INFO, "p1", "fix A");
	report_count(&rep);
	f = report_sorted_copy(&rep);
	n = report_do_first(f, rep.n_findings, d);
	assert_int_equal(n, REPORT_DO_FIRST_MAX);
	assert_string_equal(d[0].first->check_id, "D-0001");	/* critical */
	assert_string_equal(d[1].first->check_id, "A-0001");	/* high (its WARN), FAIL first, order 1 */
	assert_int_equal(d[1].severity, SEV_HIGH);
	assert_int_equal(d[1].first->status, ST_FAIL);
	assert_int_equal(d[1].n_findings, 3);
	assert_string_equal(d[2].first->check_id, "B-0001");	/* high FAIL, order 2 */
	assert_string_equal(d[3].first->check_id, "C-0001");	/* high WARN after the FAILs */
	assert_string_equal(d[4].first->check_id, "I-0001");
	free(f);

	t = render_t(&rep, false, false);
	assert_non_null(strstr(t, "\n\nDo this first:\n  1. FAIL   critical  D-0001 (A title): d \xe2\x80\x94 found d\n"
				  "     \xe2\x86\x92 fix D\n"
				  "  2. FAIL   high      A-0001 (A title): 3 findings: f1, f2, w1\n"));
	assert_null(strstr(t, "J-0001 ("));
	/* A check's shared remedy once, after the last of its findings in a row. */
	assert_non_null(strstr(t, "A-0001  medium    f2 \xe2\x80\x94 found f2\n  WARN   A-0001  high      w1 \xe2\x80\x94 found w1\n"
				  "         \xe2\x86\x92 fix A\n"
				  "  PASS   A-0001  2 other subjects passed: p1, p2\n"));
	free(t);

	j = render_j(&rep);
	doc = json_tokener_parse(j);
	assert_non_null(doc);
	a = get(doc, "do_first");
	assert_int_equal(json_object_array_length(a), REPORT_DO_FIRST_MAX);
	o = json_object_array_get_idx(a, 1);
	assert_int_equal(json_object_get_int(get(o, "rank")), 2);
	assert_string_equal(get_str(o, "check_id"), "A-0001");
	assert_string_equal(get_str(o, "status"), "FAIL");
	assert_string_equal(get_str(o, "severity"), "high");
	assert_int_equal(json_object_get_int(get(o, "findings")), 3);
	assert_int_equal(json_object_array_length(get(o, "subjects")), 3);
	assert_string_equal(get_str(o, "statement"), "");
	assert_string_equal(get_str(o, "remedy"), "fix A");
	o = json_object_array_get_idx(a, 0);
	assert_string_equal(get_str(o, "statement"), "found d");
	json_object_put(doc);
	free(j);
	report_release(&rep);

	/* An ERROR of the check between its FAIL and its WARN is not part of the action. */
	minimal_report(&rep);
	add_simple(&rep, "K-0001", 1, ST_WARN, SEV_MEDIUM, "k3", "fix K");
	add_simple(&rep, "K-0001", 1, ST_ERROR, SEV_MEDIUM, "k2", "fix K");
	add_simple(&rep, "K-0001", 1, ST_FAIL, SEV_MEDIUM, "k1", "fix K");
	t = render_t(&rep, false, false);
	assert_non_null(strstr(t, "  1. FAIL   medium    K-0001 (A title): 2 findings: k1, k3\n"));
	j = render_j(&rep);
	doc = json_tokener_parse(j);
	assert_non_null(doc);
	a = get(json_object_array_get_idx(get(doc, "do_first"), 0), "subjects");
	assert_int_equal(json_object_array_length(a), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 1)), "k3");
	json_object_put(doc);
	free(t);
	free(j);
	report_release(&rep);

	/* Nothing to do: no section, an empty array. */
	minimal_report(&rep);
	add_simple(&rep, "E-0001", 0, ST_PASS, SEV_CRITICAL, "e", "fix E");
	t = render_t(&rep, false, false);
	assert_null(strstr(t, "Do this first"));
	j = render_j(&rep);
	doc = json_tokener_parse(j);
	assert_non_null(doc);
	assert_int_equal(json_object_array_length(get(doc, "do_first")), 0);
	json_object_put(doc);
	free(t);
	free(j);
	report_release(&rep);
}

/* A grouped finding: the terminal shows 10 subjects and how many more; JSON all of them. */
static void test_grouped(void **state)
{
	struct report rep;
	struct json_object *doc, *f, *subs;
	char *t, *j;

	(void)state;
	minimal_report(&rep);
	add_grouped(&rep, 10);
	t = render_t(&rep, false, false);
	assert_non_null(strstr(t, "  FAIL   PKG-0010  high      10 source packages have security updates pending\n"
				  "         check: No security updates are pending\n"
				  "           src00: bin00 1.0-1 \xe2\x86\x92 1.0-2\n"
				  "           evil\\x1b[2Jpkg: bin01"));
	assert_non_null(strstr(t, "src09: bin09 1.0-1 \xe2\x86\x92 1.0-2\n         \xe2\x86\x92 apt-get update"));
	assert_null(strstr(t, "more"));
	free(t);
	report_release(&rep);

	minimal_report(&rep);
	add_grouped(&rep, 40);
	t = render_t(&rep, false, false);
	assert_non_null(strstr(t, "src09: bin09 1.0-1 \xe2\x86\x92 1.0-2\n"
				  "           \xe2\x80\xa6 30 more (the JSON report lists all)\n"));
	assert_null(strstr(t, "src10"));
	j = render_j(&rep);
	doc = json_tokener_parse(j);
	assert_non_null(doc);
	f = json_object_array_get_idx(get(doc, "findings"), 0);
	assert_string_equal(get_str(f, "subject"), "");
	subs = get(f, "subjects");
	assert_int_equal(json_object_array_length(subs), 40);
	assert_string_equal(get_str(json_object_array_get_idx(subs, 1), "name"), "evil\x1b[2Jpkg");
	assert_string_equal(get_str(json_object_array_get_idx(subs, 39), "detail"), "bin39 1.0-1 \xe2\x86\x92 1.0-2");
	assert_int_equal(json_object_array_length(get(json_object_array_get_idx(get(doc, "do_first"), 0), "subjects")), 40);
	json_object_put(doc);
	free(t);
	free(j);
	report_release(&rep);
}

/* A 1 MB hostile subject goes through both renderers. */
static void test_render_long_subject(void **state)
{
	struct report rep;
	struct finding f = { .check_id = "ACCT-0001", .items = "AC-1", .title = "t", .heading = "h",
			     .status = ST_FAIL, .phase = PHASE_BEFORE };
	struct json_object *doc;
	char *s = xmalloc(MB + 1), *t, *j;

	(void)state;
	for (size_t i = 0; i < MB; i++)
		s[i] = "a\x1b\r\xff"[i % 4];
	s[MB] = '\0';
	minimal_report(&rep);
	f.subject = s;
	report_add(&rep, &f);
	t = render_t(&rep, true, false);
	assert_true(printable(t, true));
	j = render_j(&rep);
	doc = json_tokener_parse(j);
	assert_non_null(doc);
	assert_int_equal(strlen(get_str(json_object_array_get_idx(get(doc, "findings"), 0), "subject")),
			 (size_t)MB / 4 * 6);
	json_object_put(doc);
	free(t);
	free(j);
	report_release(&rep);
}

static void test_schema(void **state)
{
	struct report rep;
	char *golden = srcdir_path("golden/report.json");
	char *j, *path;
	int rc;

	(void)state;
	rc = run_schema(golden);
	if (rc == 77) {
		free(golden);
		skip();
	}
	assert_int_equal(rc, 0);

	minimal_report(&rep);
	j = render_j(&rep);
	path = temp_json(j);
	assert_int_equal(run_schema(path), 0);
	unlink(path);
	free(path);
	free(j);
	report_release(&rep);

	/* The schema is strict: an unknown key or a malformed ID is rejected. */
	{
		static const char *const bad[][2] = {
			{ "\"fail_on\": \"high\"", "\"fail_on\": \"high\", \"extra\": 1" },
			{ "\"check_id\": \"ACCT-0010\"", "\"check_id\": \"acct-10\"" },
			{ "\"AC-3\"", "\"AC3\"" },
			{ "\"status\": \"FAIL\"", "\"status\": \"BAD\"" },
			{ "\"schema_version\": 2", "\"schema_version\": 1" },
		};
		char *text = read_all(golden, NULL);

		assert_non_null(text);
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			const char *at = strstr(text, bad[i][0]);
			char *mod;

			assert_non_null(at);
			mod = xasprintf("%.*s%s%s", (int)(at - text), text, bad[i][1], at + strlen(bad[i][0]));
			path = temp_json(mod);
			assert_int_equal(run_schema(path), 1);
			unlink(path);
			free(path);
			free(mod);
		}
		free(text);
	}
	free(golden);
}

/* Values outside the enums, NULL strings and a long check ID: output, no crash. */
static void test_render_odd_values(void **state)
{
	struct report rep;
	struct finding f = { .check_id = NULL, .status = (enum status)99, .severity = (enum severity)99,
			     .audience = (enum audience)5, .phase = 0 };
	struct finding g = { .check_id = "VERYLONGAREANAME-0001", .items = "AC-1", .title = "t",
			     .heading = "h", .status = ST_WARN, .phase = 0x80 };
	struct json_object *doc;
	char *t, *j;

	(void)state;
	minimal_report(&rep);
	rep.phase = 0;
	rep.fail_on = (enum severity)42;
	report_add(&rep, &f);
	report_add(&rep, &g);
	report_count(&rep);
	t = render_t(&rep, true, true);
	assert_true(printable(t, true));
	assert_non_null(strstr(t, "UNKNOWN"));
	assert_non_null(strstr(t, "VERYLONGAREANAME-0001 info"));
	assert_non_null(strstr(t, "Phase: ?\n"));
	free(t);
	j = render_j(&rep);
	doc = json_tokener_parse(j);
	assert_non_null(doc);
	assert_string_equal(get_str(doc, "phase"), "unknown");
	assert_string_equal(get_str(doc, "fail_on"), "unknown");
	json_object_put(doc);
	free(j);
	report_release(&rep);
}

/* Runs prog with args; returns its exit status, 127 when it cannot be run. */
static int run(const char *prog, char *const argv[])
{
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, 2);
		execv(prog, argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/*
 * Titles and headings are msgids translated at render time: the terminal
 * shows both translated, JSON the translated title and the msgid of the
 * heading (stable for machines). A catalogue of our own, so this does not
 * depend on po/ja.po. Runs last: it changes the process's language.
 */
static void test_translation(void **state)
{
	static const char po[] =
		"msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
		"msgid \"Only root has UID 0\"\nmsgstr \"UID 0 \xe3\x81\xaf root \xe3\x81\xae\xe3\x81\xbf\"\n\n"
		"msgid \"Accounts and passwords\"\nmsgstr \"\xe3\x82\xa2\xe3\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88\"\n\n"
		"msgid \"Summary\"\nmsgstr \"\xe9\x9b\x86\xe8\xa8\x88\"\n";
	char dir[] = "/tmp/kyuka-test-i18n-XXXXXX";
	char *pofile, *modir, *mofile, *t, *j;
	struct report rep;
	struct json_object *doc, *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	pofile = xasprintf("%s/ja.po", dir);
	modir = xasprintf("%s/ja/LC_MESSAGES", dir);
	mofile = xasprintf("%s/kyuka.mo", modir);
	write_all(pofile, po, sizeof(po) - 1);
	{
		char *d1 = xasprintf("%s/ja", dir);

		assert_int_equal(mkdir(d1, 0700), 0);
		assert_int_equal(mkdir(modir, 0700), 0);
		free(d1);
	}
	{
		char *const argv[] = { "msgfmt", "-o", mofile, pofile, NULL };

		if (run("/usr/bin/msgfmt", argv) != 0) {
			unlink(pofile);
			rmdir(modir);
			skip();
		}
	}
	setenv("KYUKA_LOCALEDIR", dir, 1);
	assert_int_equal(i18n_init("ja", NULL), 0);

	golden_report(&rep);
	t = render_t(&rep, false, false);
	assert_non_null(strstr(t, "\n\xe3\x82\xa2\xe3\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88 [admin"));
	assert_non_null(strstr(t, "root2 \xe2\x80\x94 uid 0 in /etc/passwd line 3\n"
				  "         check: UID 0 \xe3\x81\xaf root \xe3\x81\xae\xe3\x81\xbf\n"));
	assert_non_null(strstr(t, "\n\xe9\x9b\x86\xe8\xa8\x88: 3 FAIL"));
	assert_true(printable(t, false));
	j = render_j(&rep);
	doc = json_tokener_parse(j);
	assert_non_null(doc);
	f = json_object_array_get_idx(get(doc, "findings"), 0);
	assert_string_equal(get_str(f, "title"), "UID 0 \xe3\x81\xaf root \xe3\x81\xae\xe3\x81\xbf");
	assert_string_equal(get_str(f, "heading"), "Accounts and passwords");
	json_object_put(doc);
	free(j);
	free(t);
	report_release(&rep);

	assert_int_equal(i18n_init("en", NULL), 0);
	unsetenv("KYUKA_LOCALEDIR");
	unlink(mofile);
	unlink(pofile);
	rmdir(modir);
	*strrchr(modir, '/') = '\0';
	rmdir(modir);
	rmdir(dir);
	free(mofile);
	free(modir);
	free(pofile);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_table),
		cmocka_unit_test(test_esc_json_text),
		cmocka_unit_test(test_escape_appends_and_null),
		cmocka_unit_test(test_escape_e2big),
		cmocka_unit_test(test_escape_long),
		cmocka_unit_test(test_escape_random),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_count_and_at_or_above),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_add_many),
		cmocka_unit_test(test_golden_terminal),
		cmocka_unit_test(test_golden_json),
		cmocka_unit_test(test_terminal_no_color),
		cmocka_unit_test(test_terminal_color),
		cmocka_unit_test(test_terminal_folding),
		cmocka_unit_test(test_render_order_independent),
		cmocka_unit_test(test_terminal_minimal),
		cmocka_unit_test(test_render_e2big),
		cmocka_unit_test(test_json_parse_back),
		cmocka_unit_test(test_json_minimal_and_items),
		cmocka_unit_test(test_render_long_subject),
		cmocka_unit_test(test_schema),
		cmocka_unit_test(test_do_first),
		cmocka_unit_test(test_grouped),
		cmocka_unit_test(test_render_odd_values),
		cmocka_unit_test(test_translation),	/* last: changes the language */
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
