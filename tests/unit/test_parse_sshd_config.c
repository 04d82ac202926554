/*
 * sshd_config parser: each case is input bytes and the expected dump of the
 * parsed struct, one line per directive ("LINE keyword [arg]... @match"),
 * per Match block ("M LINE all? <criteria>") and per kept bad line
 * ("B LINE why").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/sshd_config.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static char *dump(const struct sshd_config *c)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < c->n; i++) {
		const struct sshd_directive *d = &c->v[i];

		strbuf_addf(&sb, "%zu %s", d->line, d->keyword);
		for (size_t j = 0; j < d->n_args; j++)
			strbuf_addf(&sb, " [%s]", d->args[j]);
		strbuf_addf(&sb, " @%d\n", d->match);
	}
	for (size_t i = 0; i < c->n_matches; i++)
		strbuf_addf(&sb, "M %zu%s <%s>\n", c->matches[i].line,
			    c->matches[i].all ? " all" : "", c->matches[i].criteria);
	for (size_t i = 0; i < c->bad.n && i < PARSE_MAX_BAD_KEPT; i++)
		strbuf_addf(&sb, "B %zu %s\n", c->bad.line[i], c->bad.why[i]);
	if (c->bad.n > PARSE_MAX_BAD_KEPT)
		strbuf_addf(&sb, "B total %zu\n", c->bad.n);
	return strbuf_detach(&sb, NULL);
}

/* Parses a copy of exactly len bytes (no terminator) so ASan sees over-reads. */
static char *parse_dump(const char *in, size_t len)
{
	struct sshd_config c = { 0 };
	struct err e = { 0 };
	char *copy = xmalloc(len ? len : 1);
	char *s;

	memcpy(copy, in, len);
	assert_int_equal(sshd_config_parse(copy, len, &c, &e), 0);
	free(copy);
	s = dump(&c);
	sshd_config_free(&c);
	return s;
}

struct tcase {
	const char *name;
	const char *in;
	size_t len;
	const char *want;
};

#define T(name, in, want) { name, in, sizeof(in) - 1, want }

static const struct tcase cases[] = {
	T("empty", "", ""),
	T("blank and comments", "\n   \n# Port 22\n\t#Port 23\n\f\n", ""),
	T("simple", "Port 22\nPermitRootLogin no\n",
	  "1 port [22] @-1\n2 permitrootlogin [no] @-1\n"),
	T("keyword lowercased", "PERMITROOTLOGIN yes", "1 permitrootlogin [yes] @-1\n"),
	T("equals forms", "Port=22\nPort = 23\nPort =24\nPort= 25\nPort\t=\t26\n",
	  "1 port [22] @-1\n2 port [23] @-1\n3 port [24] @-1\n4 port [25] @-1\n5 port [26] @-1\n"),
	T("only one equals skipped", "Port==22\nPort = =23\n",
	  "1 port [=22] @-1\n2 port [=23] @-1\n"),
	T("equals inside argument", "SetEnv A=b C=d\n", "1 setenv [A=b] [C=d] @-1\n"),
	T("leading whitespace", "   Port 22\n\tPort 23\n", "1 port [22] @-1\n2 port [23] @-1\n"),
	T("trailing whitespace and form feed", "Port 22 \t\f\n", "1 port [22] @-1\n"),
	T("CRLF", "Port 22\r\nPasswordAuthentication no\r\n",
	  "1 port [22] @-1\n2 passwordauthentication [no] @-1\n"),
	T("no trailing newline", "UsePAM yes", "1 usepam [yes] @-1\n"),
	T("comments after arguments", "AcceptEnv LANG LC_* # locale\nPort 22 #x\n",
	  "1 acceptenv [LANG] [LC_*] @-1\n2 port [22] @-1\n"),
	T("hash inside token is not a comment", "Banner /etc/issue#1\n",
	  "1 banner [/etc/issue#1] @-1\n"),
	T("keyword with hash", "Port#x 22\n", "1 port#x [22] @-1\n"),
	T("quoted path with spaces", "AuthorizedKeysFile \"/etc/ssh/keys dir/%u\" .ssh/authorized_keys\n",
	  "1 authorizedkeysfile [/etc/ssh/keys dir/%u] [.ssh/authorized_keys] @-1\n"),
	T("single quotes", "Banner '/etc/my banner'\n", "1 banner [/etc/my banner] @-1\n"),
	T("quote inside token", "Banner /a\"b c\"d\n", "1 banner [/ab cd] @-1\n"),
	T("hash inside quotes", "Banner \"#not comment\" x\n", "1 banner [#not comment] [x] @-1\n"),
	T("escapes", "ForceCommand \"echo \\\"hi\\\" \\\\ \\n\"\n",
	  "1 forcecommand [echo \"hi\" \\ \\n] @-1\n"),
	T("escaped space outside quotes", "Banner /a\\ b\n", "1 banner [/a b] @-1\n"),
	T("trailing backslash", "Banner /a\\\n", "1 banner [/a\\] @-1\n"),
	T("empty quoted argument", "Banner \"\"\n", "1 banner [] @-1\n"),
	T("quoted keyword", "\"PermitRootLogin\" yes\n", "1 permitrootlogin [yes] @-1\n"),
	/* strdelim() ends the keyword at the closing quote, as sshd does. */
	T("quote in keyword", "Permit\"Root\"Login yes\n", "1 permitroot [Login] [yes] @-1\n"),
	T("leading equals", "=Port 22\n", "1 port [22] @-1\n"),
	T("authentication methods", "AuthenticationMethods publickey,keyboard-interactive publickey,password\n",
	  "1 authenticationmethods [publickey,keyboard-interactive] [publickey,password] @-1\n"),
	T("include", "Include /etc/ssh/sshd_config.d/*.conf\nPort 22\n",
	  "1 include [/etc/ssh/sshd_config.d/*.conf] @-1\n2 port [22] @-1\n"),
	T("match blocks",
	  "PasswordAuthentication no\n"
	  "Match User alice,bob Address 10.0.0.0/8\n"
	  "\tPasswordAuthentication yes\n"
	  "Match Group admins # admins\n"
	  "  PermitRootLogin yes\n"
	  "Match all\n"
	  "X11Forwarding no\n",
	  "1 passwordauthentication [no] @-1\n"
	  "2 match [User] [alice,bob] [Address] [10.0.0.0/8] @0\n"
	  "3 passwordauthentication [yes] @0\n"
	  "4 match [Group] [admins] @1\n"
	  "5 permitrootlogin [yes] @1\n"
	  "6 match [all] @2\n"
	  "7 x11forwarding [no] @2\n"
	  "M 2 <User alice,bob Address 10.0.0.0/8>\n"
	  "M 4 <Group admins>\n"
	  "M 6 all <all>\n"),
	T("match all case and equals", "MATCH=ALL\nPort 22\n",
	  "1 match [ALL] @0\n2 port [22] @0\nM 1 all <ALL>\n"),
	T("match all with more criteria is not all", "Match all User x\n",
	  "1 match [all] [User] [x] @0\nM 1 <all User x>\n"),
	T("match criteria quoted kept raw", "Match User \"a b\"  \n",
	  "1 match [User] [a b] @0\nM 1 <User \"a b\">\n"),
	T("missing argument", "Port\nPermitRootLogin \n# c\nPort #22\n",
	  "B 1 missing argument\nB 2 missing argument\nB 4 missing argument\n"),
	T("unterminated quote", "Banner \"/etc/x\nPort 22\n",
	  "2 port [22] @-1\nB 1 unterminated quote\n"),
	T("unterminated quote in keyword", "\"Port 22\n", "B 1 unterminated quote\n"),
	T("bad match line still opens a block",
	  "Match User \"alice\nPasswordAuthentication yes\n",
	  "1 match @0\n2 passwordauthentication [yes] @0\n"
	  "M 1 <User \"alice>\nB 1 unterminated quote\n"),
	T("bare match opens a block", "Match\nPermitRootLogin yes\n",
	  "1 match @0\n2 permitrootlogin [yes] @0\nM 1 <>\nB 1 missing argument\n"),
	T("NUL byte", "Port 2\0002\nPort 22\n", "2 port [22] @-1\nB 1 NUL byte\n"),
	T("NUL byte in match line", "Match User a\000b\nPermitRootLogin yes\n",
	  "1 match @0\n2 permitrootlogin [yes] @0\nM 1 <User a>\nB 1 NUL byte\n"),
	T("ANSI escapes kept", "Banner \x1b[31mred\x1b[0m\n", "1 banner [\x1b[31mred\x1b[0m] @-1\n"),
	T("non-UTF-8 bytes", "Banner \xff\xfe\xc3\n\xc3\x89T\xc3\x89 x\n",
	  "1 banner [\xff\xfe\xc3] @-1\n2 \xc3\x89t\xc3\x89 [x] @-1\n"),
	T("huge numbers kept as text", "MaxAuthTries 99999999999999999999\n",
	  "1 maxauthtries [99999999999999999999] @-1\n"),
	T("lone equals and quotes are blank", "=\n\"\"\n", ""),
	T("CR inside line", "Port 22\r\r\n", "1 port [22] @-1\n"),
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = parse_dump(cases[i].in, cases[i].len);

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case '%s':\n--- got\n%s--- want\n%s", cases[i].name, got, cases[i].want);
		free(got);
	}
}

static void test_long_line(void **state)
{
	size_t n = 1024 * 1024;
	struct strbuf sb = STRBUF_INIT;
	char *got;

	(void)state;
	strbuf_adds(&sb, "Port 22\nBanner ");
	for (size_t i = 0; i < n; i++)
		strbuf_addch(&sb, 'a');
	strbuf_adds(&sb, "\nMatch User ");
	for (size_t i = 0; i < n; i++)
		strbuf_addch(&sb, 'b');
	strbuf_adds(&sb, "\nPort 23\n");
	got = parse_dump(sb.buf, sb.len);
	assert_non_null(strstr(got, "1 port [22] @-1\n"));
	assert_non_null(strstr(got, "3 match @0\n"));
	assert_non_null(strstr(got, "4 port [23] @0\n"));
	assert_non_null(strstr(got, "B 2 line too long\nB 3 line too long\n"));
	free(got);
	strbuf_release(&sb);
}

static void test_line_at_cap(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *got;

	(void)state;
	strbuf_adds(&sb, "Banner ");
	while (sb.len < PARSE_MAX_LINE)
		strbuf_addch(&sb, 'x');
	got = parse_dump(sb.buf, sb.len);
	assert_true(strncmp(got, "1 banner [xxx", 13) == 0);
	free(got);
	strbuf_addch(&sb, 'x');
	got = parse_dump(sb.buf, sb.len);
	assert_string_equal(got, "B 1 line too long\n");
	free(got);
	strbuf_release(&sb);
}

static void test_many_args(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct sshd_config c = { 0 };

	(void)state;
	/* As many words as fit under the line cap. */
	strbuf_adds(&sb, "AcceptEnv");
	for (size_t i = 0; i < PARSE_MAX_LIST / 2 - 8; i++)
		strbuf_adds(&sb, " a");
	assert_int_equal(sshd_config_parse(sb.buf, sb.len, &c, NULL), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.v[0].n_args, PARSE_MAX_LIST / 2 - 8);
	sshd_config_free(&c);
	strbuf_release(&sb);
}

static void test_many_bad_lines(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct sshd_config c = { 0 };

	(void)state;
	for (int i = 0; i < 1000; i++)
		strbuf_adds(&sb, "Port\n");
	strbuf_adds(&sb, "Port 22");
	assert_int_equal(sshd_config_parse(sb.buf, sb.len, &c, NULL), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.v[0].line, 1001);
	assert_int_equal(c.bad.n, 1000);
	assert_int_equal(c.bad.line[PARSE_MAX_BAD_KEPT - 1], PARSE_MAX_BAD_KEPT);
	sshd_config_free(&c);
	strbuf_release(&sb);
}

static void test_too_many_directives(void **state)
{
	size_t n = PARSE_MAX_ENTRIES + 1;
	char *buf = xmalloc(n * 4);
	struct sshd_config c = { .n = 12345 };
	struct err e = { 0 };

	(void)state;
	for (size_t i = 0; i < n; i++)
		memcpy(buf + i * 4, "a b\n", 4);
	assert_int_equal(sshd_config_parse(buf, n * 4, &c, &e), -E2BIG);
	assert_int_equal(c.n, 12345);	/* untouched on failure */
	assert_non_null(strstr(e.msg, "directives"));
	/* Exactly at the cap is fine. */
	assert_int_equal(sshd_config_parse(buf, (n - 1) * 4, &c, &e), 0);
	assert_int_equal(c.n, PARSE_MAX_ENTRIES);
	sshd_config_free(&c);
	free(buf);
}

static void test_debian_default(void **state)
{
	static const char conf[] =
		"\n# This is the sshd server system-wide configuration file.\n"
		"Include /etc/ssh/sshd_config.d/*.conf\n\n#Port 22\n"
		"KbdInteractiveAuthentication no\nUsePAM yes\nX11Forwarding yes\nPrintMotd no\n"
		"AcceptEnv LANG LC_*\nSubsystem\tsftp\t/usr/lib/openssh/sftp-server\n"
		"#Match User anoncvs\n#\tX11Forwarding no\n";
	char *got;

	(void)state;
	got = parse_dump(conf, sizeof(conf) - 1);
	assert_string_equal(got,
		"3 include [/etc/ssh/sshd_config.d/*.conf] @-1\n"
		"6 kbdinteractiveauthentication [no] @-1\n"
		"7 usepam [yes] @-1\n"
		"8 x11forwarding [yes] @-1\n"
		"9 printmotd [no] @-1\n"
		"10 acceptenv [LANG] [LC_*] @-1\n"
		"11 subsystem [sftp] [/usr/lib/openssh/sftp-server] @-1\n");
	free(got);
}

static void test_free_zeroed(void **state)
{
	struct sshd_config c = { 0 };

	(void)state;
	sshd_config_free(&c);
	sshd_config_free(NULL);
	assert_int_equal(sshd_config_parse(NULL, 0, &c, NULL), 0);
	assert_int_equal(c.n, 0);
	sshd_config_free(&c);
}

/* Match criteria per connection, as OpenSSH 9.2 evaluates them (each also checked by it_oracle_sshd). */
static void test_match_eval(void **state)
{
	static const char *const root_groups[] = { "root", "wheel" };
	const struct sshd_conn root = { .user = "root", .user_exists = true, .groups = root_groups, .n_groups = 2,
					.host = "10.1.2.3", .addr = "10.1.2.3", .laddr = "192.0.2.1", .lport = 22 };
	static const struct {
		const char *criteria;
		int want;
	} m[] = {
		{ "User root", 1 },
		{ "User Root", 0 },		/* user names are case-sensitive */
		{ "User !root", 0 },		/* a negation alone never matches */
		{ "User !alice", 0 },
		{ "User *,!alice", 1 },
		{ "User *,!root", 0 },
		{ "User=root", 1 },		/* strdelim() splits at '=' */
		{ "USER \"r*t\"", 1 },
		{ "Group wheel", 1 },
		{ "Group *,!wheel", 0 },	/* a negated group of the user refuses */
		{ "Host 10.1.2.*", 1 },
		{ "Host *.EXAMPLE.com", 0 },
		{ "Address 10.0.0.0/8", 1 },
		{ "Address 10.0.0.0/8,!10.1.2.3", 0 },
		{ "Address !10.1.2.3,10.0.0.0/8", 0 },
		{ "Address 010.1.2.3", 0 },	/* inet_aton: 8.1.2.3 */
		{ "Address 10.1.?.3", 1 },
		{ "Address 2001:db8::/32", 0 },
		{ "Address 10.0.0.1/8", -EINVAL },	/* host bits under the mask */
		{ "Address 10.0.0.0/33", -EINVAL },
		{ "Address 10.0.0.0/8,", -EINVAL },	/* an empty entry */
		{ "LocalAddress 192.0.2.0/24 LocalPort 22", 1 },
		{ "LocalPort 2222", 0 },
		{ "LocalPort abc", -EINVAL },
		{ "all", 1 },
		{ "all # comment", 1 },
		{ "all User root", -EINVAL },
		{ "User root all", -EINVAL },
		{ "Foo bar", -EINVAL },
		{ "User", -EINVAL },
		{ "", -EINVAL },
		{ "User root # comment", 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		int got = sshd_match_eval(m[i].criteria, &root);

		if (got != m[i].want)
			fail_msg("Match %s: got %d, want %d", m[i].criteria, got, m[i].want);
	}
	assert_int_equal(sshd_match_user("root", "h", "10.1.2.3", "root@10.0.0.0/8"), 1);
	assert_int_equal(sshd_match_user("root", "h", "192.168.1.1", "root@10.0.0.0/8"), 0);
	assert_int_equal(sshd_match_user("root", "h", "10.1.2.3", "root@10.0.0.1/8"), -1);
	assert_int_equal(sshd_match_user("alice", NULL, NULL, "a*"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_line_at_cap),
		cmocka_unit_test(test_many_args),
		cmocka_unit_test(test_many_bad_lines),
		cmocka_unit_test(test_too_many_directives),
		cmocka_unit_test(test_debian_default),
		cmocka_unit_test(test_free_zeroed),
		cmocka_unit_test(test_match_eval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
