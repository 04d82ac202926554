/* Unit tests for parse/sudoers.c: tables of inputs and the parse they must give. */
#include <errno.h>
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/sudoers.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Parses len bytes from an exactly-sized copy (no terminator), so ASan sees over-reads. */
static int parse_n(const char *text, size_t len, struct sudoers *s)
{
	struct err e = { 0 };
	char *copy = xmalloc(len);
	int rc;

	memcpy(copy, text, len);
	rc = sudoers_parse(copy, len, s, &e);
	free(copy);
	return rc;
}

static void parse_ok(const char *text, struct sudoers *s)
{
	assert_int_equal(parse_n(text, strlen(text), s), 0);
}

static void add_list(struct strbuf *sb, char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? "," : "", v[i]);
}

/* "L1 %sudo @ ALL (ALL:ALL) ALL{A}; ..." per rule, rules joined by " | ". */
static char *dump_rules(const struct sudoers *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;

	for (i = 0; i < s->n_rules; i++) {
		const struct sudo_rule *r = &s->rules[i];

		strbuf_addf(&sb, "%sL%zu ", i ? " | " : "", r->line);
		add_list(&sb, r->users, r->n_users);
		strbuf_adds(&sb, " @ ");
		add_list(&sb, r->hosts, r->n_hosts);
		if (r->runas)
			strbuf_addf(&sb, " (%s)", r->runas);
		strbuf_adds(&sb, " ");
		for (j = 0; j < r->n_cmnds; j++) {
			const struct sudo_cmnd *c = &r->cmnds[j];

			strbuf_addf(&sb, "%s%s", j ? "; " : "", c->cmnd);
			if (c->nopasswd || c->all || c->negated)
				strbuf_addf(&sb, "{%s%s%s}", c->nopasswd ? "N" : "",
					    c->all ? "A" : "", c->negated ? "X" : "");
		}
	}
	return strbuf_detach(&sb, NULL);
}

static char *dump_aliases(const struct sudoers *s)
{
	static const char kind[] = "URHC";
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < s->n_aliases; i++) {
		const struct sudo_alias *a = &s->aliases[i];

		strbuf_addf(&sb, "%sL%zu %c %s = ", i ? " | " : "", a->line, kind[a->kind], a->name);
		add_list(&sb, a->members, a->n_members);
	}
	return strbuf_detach(&sb, NULL);
}

static char *dump_defaults(const struct sudoers *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < s->n_defaults; i++) {
		const struct sudo_default *d = &s->defaults[i];

		strbuf_addf(&sb, "%sL%zu [%s] %s%s", i ? " | " : "", d->line,
			    d->binding ? d->binding : "-", d->text, d->authenticate_off ? " {noauth}" : "");
	}
	for (i = 0; i < s->n_includes; i++)
		strbuf_addf(&sb, "%sL%zu %s %s", sb.len ? " | " : "", s->includes[i].line,
			    s->includes[i].is_dir ? "includedir" : "include", s->includes[i].path);
	return strbuf_detach(&sb, NULL);
}

static char *dump_bad(const struct sudoers *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addf(&sb, "%zu", s->bad.n);
	for (i = 0; i < s->bad.n && i < PARSE_MAX_BAD_KEPT; i++)
		strbuf_addf(&sb, " L%zu", s->bad.line[i]);
	return strbuf_detach(&sb, NULL);
}

struct rule_case {
	const char *input;
	const char *rules;	/* dump_rules() of the result */
	const char *bad;	/* dump_bad() of the result */
};

static const struct rule_case rule_cases[] = {
	{ "%sudo ALL=(ALL:ALL) ALL\n", "L1 %sudo @ ALL (ALL:ALL) ALL{A}", "0" },
	{ "%sudo\tALL=(ALL:ALL) ALL", "L1 %sudo @ ALL (ALL:ALL) ALL{A}", "0" },
	{ "deploy ALL=(root) NOPASSWD: /usr/bin/systemctl restart app, /usr/bin/journalctl\n",
	  "L1 deploy @ ALL (root) /usr/bin/systemctl restart app{N}; /usr/bin/journalctl{N}", "0" },
	{ "alice ALL = NOPASSWD: ALL\n", "L1 alice @ ALL ALL{NA}", "0" },
	{ "alice ALL = NOPASSWD:ALL\n", "L1 alice @ ALL ALL{NA}", "0" },
	{ "alice ALL = NOPASSWD : ALL\n", "L1 alice @ ALL ALL{NA}", "0" },
	/* tags carry over to the following commands; PASSWD: switches back */
	{ "bob ALL = NOPASSWD: /bin/ls, /bin/cat\n", "L1 bob @ ALL /bin/ls{N}; /bin/cat{N}", "0" },
	{ "bob ALL = NOPASSWD: /bin/ls, PASSWD: /bin/rm, /bin/mv\n",
	  "L1 bob @ ALL /bin/ls{N}; /bin/rm; /bin/mv", "0" },
	{ "bob ALL = NOEXEC: SETENV: NOPASSWD: /bin/ls, LOG_OUTPUT: /bin/cat\n",
	  "L1 bob @ ALL /bin/ls{N}; /bin/cat{N}", "0" },
	{ "%wheel ALL = ALL, !SHELLS\n", "L1 %wheel @ ALL ALL{A}; !SHELLS{X}", "0" },
	{ "nina ALL = !ALL, !!ALL, ! /bin/sh\n", "L1 nina @ ALL !ALL{X}; ALL{A}; !/bin/sh{X}", "0" },
	/* several Host = Cmnds groups: one rule each, tags do not cross groups */
	{ "carol host1 = /bin/ls : host2 = ALL\n",
	  "L1 carol @ host1 /bin/ls | L1 carol @ host2 ALL{A}", "0" },
	{ "carol host1 = NOPASSWD: /bin/ls : host2, host3 = (bob) ALL\n",
	  "L1 carol @ host1 /bin/ls{N} | L1 carol @ host2,host3 (bob) ALL{A}", "0" },
	/* uid and gid forms are not comments */
	{ "#1000 ALL=ALL\n", "L1 #1000 @ ALL ALL{A}", "0" },
	{ "%#27 ALL=ALL\n", "L1 %#27 @ ALL ALL{A}", "0" },
	{ "#-1 ALL=ALL\n", "L1 #-1 @ ALL ALL{A}", "0" },
	{ "%:admins,+ops,!bob ALL=ALL\n", "L1 %:admins,+ops,!bob @ ALL ALL{A}", "0" },
	{ "\"%domain users\" ALL = ALL\n", "L1 %domain users @ ALL ALL{A}", "0" },
	{ "DOM\\\\alice ALL = ALL\n", "L1 DOM\\alice @ ALL ALL{A}", "0" },
	/* continuation */
	{ "dave ALL = /bin/ls, \\\n   /bin/cat\n", "L1 dave @ ALL /bin/ls; /bin/cat", "0" },
	{ "dave \\\n ALL \\\n = \\\n NOPASSWD: ALL\nerin ALL=ALL\n",
	  "L1 dave @ ALL ALL{NA} | L5 erin @ ALL ALL{A}", "0" },
	{ "dave ALL = /bin/ls \\   \n  arg\n", "L1 dave @ ALL /bin/ls arg", "0" },
	/* a comment is never continued: kim is a rule of its own */
	{ "julia ALL = /bin/echo hi # note \\\nkim ALL = ALL\n",
	  "L1 julia @ ALL /bin/echo hi | L2 kim @ ALL ALL{A}", "0" },
	{ "# alice ALL = ALL \\\nkim ALL = ALL\n", "L2 kim @ ALL ALL{A}", "0" },
	/* runas */
	{ "eve ALL = (ALL : ALL) ALL\n", "L1 eve @ ALL (ALL : ALL) ALL{A}", "0" },
	{ "eve ALL = (:wheel) /bin/ls\n", "L1 eve @ ALL (:wheel) /bin/ls", "0" },
	{ "eve ALL = () /bin/ls\n", "L1 eve @ ALL () /bin/ls", "0" },
	{ "harry ALL = (root) /bin/ls, (bob) /bin/cat, /bin/dd, (bob) /bin/x, (root) NOPASSWD: /bin/y\n",
	  "L1 harry @ ALL (root) /bin/ls | L1 harry @ ALL (bob) /bin/cat; /bin/dd; /bin/x"
	  " | L1 harry @ ALL (root) /bin/y{N}", "0" },
	/* options and digests do not confuse the parser */
	{ "frank ALL = (root) CWD=/tmp CHROOT=/srv TIMEOUT=5m NOTBEFORE=20200101Z NOTAFTER=20300101Z /bin/ls\n",
	  "L1 frank @ ALL (root) /bin/ls", "0" },
	{ "frank ALL = CWD=* NOPASSWD: /bin/ls, CWD = \"/a b\" /bin/cat\n",
	  "L1 frank @ ALL /bin/ls{N}; /bin/cat{N}", "0" },
	{ "frank ALL = ROLE=sysadm_r TYPE=sysadm_t /bin/ls\n", "L1 frank @ ALL /bin/ls", "0" },
	{ "gina ALL = sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef /bin/ls\n",
	  "L1 gina @ ALL /bin/ls", "0" },
	{ "gina ALL = NOPASSWD: sha224 : 0123456789abcdef0123456789abcdef0123456789abcdef01234567, "
	  "sha256:ASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4mrze8= /bin/ls, /bin/cat\n",
	  "L1 gina @ ALL /bin/ls{N}; /bin/cat{N}", "0" },
	{ "gina ALL = sha256:abc /bin/ls\n", "", "1 L1" },
	/* arguments: escapes, '=' inside words, sudoedit, regexes, directories */
	{ "ivan ALL = sudoedit /etc/hosts, /usr/bin/printf a\\,b \\:c\n",
	  "L1 ivan @ ALL sudoedit /etc/hosts; /usr/bin/printf a,b :c", "0" },
	{ "lee ALL = /usr/bin/env x=y /bin/ls\n", "L1 lee @ ALL /usr/bin/env x=y /bin/ls", "0" },
	{ "lee ALL = /bin/ls \"\"\n", "L1 lee @ ALL /bin/ls \"\"", "0" },
	{ "lee ALL = /usr/bin/, /usr/bin/find * -delete\n",
	  "L1 lee @ ALL /usr/bin/; /usr/bin/find * -delete", "0" },
	{ "oscar ALL = ^/usr/bin/(ls|cat)$, /bin/grep ^foo, bar$\n",
	  "L1 oscar @ ALL ^/usr/bin/(ls|cat)$; /bin/grep ^foo, bar$", "0" },
	{ "pat ALL = list\n", "L1 pat @ ALL list", "0" },
	/* hosts */
	{ "quinn 10.0.0.0/8, fe80::1, ::1, !badhost, +netgrp = ALL\n",
	  "L1 quinn @ 10.0.0.0/8,fe80::1,::1,!badhost,+netgrp ALL{A}", "0" },
	{ "  root    ALL=(ALL:ALL) ALL   # trailing comment\n", "L1 root @ ALL (ALL:ALL) ALL{A}", "0" },
	/* CRLF and no trailing newline */
	{ "a ALL=ALL\r\nb ALL=/bin/ls \\\r\n  x\r\n", "L1 a @ ALL ALL{A} | L2 b @ ALL /bin/ls x", "0" },
	{ "a ALL=ALL", "L1 a @ ALL ALL{A}", "0" },
	/* malformed lines: counted with their line, nothing of them kept */
	{ "junk line here\nb ALL=ALL\n", "L2 b @ ALL ALL{A}", "1 L1" },
	{ "mo ALL = /usr/bin/foo = bar\n", "", "1 L1" },
	{ "mo ALL = /bin/echo #1\n", "", "1 L1" },
	{ "mo ALL =\n", "", "1 L1" },
	{ "mo ALL\n", "", "1 L1" },
	{ "mo = ALL\n", "", "1 L1" },
	{ "mo ALL = rm\n", "", "1 L1" },
	{ "mo ALL = ALL /bin/ls\n", "", "1 L1" },
	{ "mo ALL = (root /bin/ls\n", "", "1 L1" },
	{ "mo ALL = NOPASSWD:\n", "", "1 L1" },
	{ "mo h1 = /bin/ls : h2 = junk\nok ALL=ALL\n", "L2 ok @ ALL ALL{A}", "1 L1" },
	{ "mo ALL = \"/bin/ls\n", "", "1 L1" },
	{ "mo, ALL = ALL\n", "", "1 L1" },
	{ "mo ALL = /bin/ls \\\n", "L1 mo @ ALL /bin/ls", "0" },
	{ "mo ALL = /bin/l\\s\n", "", "1 L1" },
	{ "mo ALL = CWD= /bin/ls\n", "", "1 L1" },
	{ "mo ALL = sha256: /bin/ls\n", "", "1 L1" },
	{ "mo ALL = sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, /bin/ls\n",
	  "", "1 L1" },
	{ "\x1b[31mevil\x1b[0m ALL=ALL\n", "L1 \x1b[31mevil\x1b[0m @ ALL ALL{A}", "0" },
	{ "\xff\xfe\xc3\xa9 ALL = /bin/\xe9\n", "L1 \xff\xfe\xc3\xa9 @ ALL /bin/\xe9", "0" },
	{ "#99999999999999999999 ALL=ALL\n", "L1 #99999999999999999999 @ ALL ALL{A}", "0" },
	{ "\n\n   \n\t\n", "", "0" },
	{ "", "", "0" },
	{ "\\\n\\\n", "", "0" },
	{ "a ALL=ALL\rb ALL=ALL\n", "", "1 L1" },
};

static void test_rules(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rule_cases); i++) {
		struct sudoers s;
		char *got, *bad;

		parse_ok(rule_cases[i].input, &s);
		got = dump_rules(&s);
		bad = dump_bad(&s);
		if (strcmp(got, rule_cases[i].rules) || strcmp(bad, rule_cases[i].bad))
			print_error("case %zu: %s\n got rules '%s' bad '%s'\n", i, rule_cases[i].input, got, bad);
		assert_string_equal(got, rule_cases[i].rules);
		assert_string_equal(bad, rule_cases[i].bad);
		free(got);
		free(bad);
		sudoers_free(&s);
	}
}

struct alias_case {
	const char *input;
	const char *aliases;
	const char *bad;
};

static const struct alias_case alias_cases[] = {
	{ "User_Alias ADMINS = alice, bob\n", "L1 U ADMINS = alice,bob", "0" },
	{ "User_Alias ADMINS = alice, %wheel, !bob, #0, %#10 : OPS = carol\n",
	  "L1 U ADMINS = alice,%wheel,!bob,#0,%#10 | L1 U OPS = carol", "0" },
	{ "Runas_Alias OP = root, operator\n", "L1 R OP = root,operator", "0" },
	{ "Host_Alias SERVERS = 10.0.0.0/8, fe80::1, ::1 : LAN = 192.168.0.0/16\n",
	  "L1 H SERVERS = 10.0.0.0/8,fe80::1,::1 | L1 H LAN = 192.168.0.0/16", "0" },
	{ "Cmnd_Alias SHELLS = /bin/sh, /bin/bash\n", "L1 C SHELLS = /bin/sh,/bin/bash", "0" },
	{ "Cmd_Alias SVC = /usr/bin/systemctl restart app, !/usr/bin/su, "
	  "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef /bin/ls\n",
	  "L1 C SVC = /usr/bin/systemctl restart app,!/usr/bin/su,/bin/ls", "0" },
	{ "Cmnd_Alias A = /bin/a : B = /bin/b, \\\n  /bin/c\n", "L1 C A = /bin/a | L1 C B = /bin/b,/bin/c", "0" },
	/* sudo refuses an alias defined twice */
	{ "Cmnd_Alias A = /bin/a\nCmnd_Alias A = /bin/b\n", "L1 C A = /bin/a", "1 L2" },
	{ "Cmnd_Alias A = /bin/a\nUser_Alias A = bob\n", "L1 C A = /bin/a | L2 U A = bob", "0" },
	{ "User_Alias X = a : Y = b : X = c : Z = d\n", "L1 U X = a | L1 U Y = b", "1 L1" },
	{ "User_Alias admins = alice\n", "", "1 L1" },
	{ "User_Alias ALL = alice\n", "", "1 L1" },
	{ "User_Alias A = \n", "", "1 L1" },
	{ "User_Alias A alice\n", "", "1 L1" },
	{ "User_Alias\n", "", "1 L1" },
	{ "User_Alias A = a : B = b junk\n", "", "1 L1" },
	/* a longer word is not the keyword */
	{ "User_Aliases ALL = ALL\n", "", "0" },
};

static void test_aliases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(alias_cases); i++) {
		struct sudoers s;
		char *got, *bad;

		parse_ok(alias_cases[i].input, &s);
		got = dump_aliases(&s);
		bad = dump_bad(&s);
		if (strcmp(got, alias_cases[i].aliases) || strcmp(bad, alias_cases[i].bad))
			print_error("case %zu: %s\n got '%s' bad '%s'\n", i, alias_cases[i].input, got, bad);
		assert_string_equal(got, alias_cases[i].aliases);
		assert_string_equal(bad, alias_cases[i].bad);
		free(got);
		free(bad);
		sudoers_free(&s);
	}
}

static const struct alias_case defaults_cases[] = {
	{ "Defaults !authenticate\n", "L1 [-] !authenticate {noauth}", "0" },
	{ "Defaults:alice !authenticate\n", "L1 [:alice] !authenticate {noauth}", "0" },
	{ "Defaults:alice, bob env_reset, !authenticate\n",
	  "L1 [:alice,bob] env_reset, !authenticate {noauth}", "0" },
	{ "Defaults: %wheel !authenticate\n", "L1 [:%wheel] !authenticate {noauth}", "0" },
	{ "Defaults@host1 !authenticate\n", "L1 [@host1] !authenticate {noauth}", "0" },
	{ "Defaults>root !authenticate\n", "L1 [>root] !authenticate {noauth}", "0" },
	{ "Defaults!/usr/bin/su !authenticate\n", "L1 [!/usr/bin/su] !authenticate {noauth}", "0" },
	{ "Defaults !authenticate, authenticate\n", "L1 [-] !authenticate, authenticate", "0" },
	{ "Defaults authenticate\n", "L1 [-] authenticate", "0" },
	{ "Defaults !!authenticate\n", "L1 [-] !!authenticate", "0" },
	{ "Defaults ! authenticate\n", "L1 [-] ! authenticate {noauth}", "0" },
	{ "Defaults !authenticate_x\n", "L1 [-] !authenticate_x", "0" },
	{ "Defaults\tenv_reset\nDefaults\tmail_badpass\n", "L1 [-] env_reset | L2 [-] mail_badpass", "0" },
	{ "Defaults secure_path=\"/usr/local/sbin:/usr/local/bin\"\n",
	  "L1 [-] secure_path=\"/usr/local/sbin:/usr/local/bin\"", "0" },
	{ "Defaults env_keep += \"LANG LC_*\", env_keep -= HOME, timestamp_timeout=0 # comment\n",
	  "L1 [-] env_keep += \"LANG LC_*\", env_keep -= HOME, timestamp_timeout=0", "0" },
	{ "Defaults passprompt=\"pw #:\" , \\\n   !authenticate\n",
	  "L1 [-] passprompt=\"pw #:\" ,     !authenticate {noauth}", "0" },
	{ "Defaults\n", "", "1 L1" },
	{ "Defaults \n", "", "1 L1" },
	{ "Defaults !authenticate=yes\n", "", "1 L1" },
	{ "Defaults env_reset junk\n", "", "1 L1" },
	{ "Defaults Env_Reset\n", "", "1 L1" },
	{ "Defaults: !authenticate\n", "", "1 L1" },
	{ "Defaults lecture=\n", "", "1 L1" },
	/* includes */
	{ "#include /etc/sudoers.local\n", "L1 include /etc/sudoers.local", "0" },
	{ "#includedir /etc/sudoers.d\n", "L1 includedir /etc/sudoers.d", "0" },
	{ "@include /etc/sudoers.local\n@includedir /etc/sudoers.d\n",
	  "L1 include /etc/sudoers.local | L2 includedir /etc/sudoers.d", "0" },
	{ "  @include \"/etc/sudo ers.%h\" # comment\n", "L1 include /etc/sudo ers.%h", "0" },
	{ "@include /etc/a\\ b\n", "L1 include /etc/a b", "0" },
	{ "#include\t/etc/x#y\n", "L1 include /etc/x#y", "0" },
	/* only at the start of a line; otherwise a comment */
	{ "  #include /etc/sudoers.local\n", "", "0" },
	{ "#includes /etc/x\n#include\n#includedir\n", "", "0" },
	{ "@include\n", "", "1 L1" },
	{ "@include /a /b\n", "", "1 L1" },
	{ "@includedir\t\n", "", "1 L1" },
	{ "@include \"\"\n", "", "1 L1" },
	{ "@includex /etc/x\n", "", "1 L1" },
};

static void test_defaults_includes(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(defaults_cases); i++) {
		struct sudoers s;
		char *got, *bad;

		parse_ok(defaults_cases[i].input, &s);
		got = dump_defaults(&s);
		bad = dump_bad(&s);
		if (strcmp(got, defaults_cases[i].aliases) || strcmp(bad, defaults_cases[i].bad))
			print_error("case %zu: %s\n got '%s' bad '%s'\n", i, defaults_cases[i].input, got, bad);
		assert_string_equal(got, defaults_cases[i].aliases);
		assert_string_equal(bad, defaults_cases[i].bad);
		free(got);
		free(bad);
		sudoers_free(&s);
	}
}

/* Debian 12's /etc/sudoers (sudo 1.9.13p3-1+deb12u4), abridged comments. */
static const char debian_sudoers[] =
	"#\n"
	"# This file MUST be edited with the 'visudo' command as root.\n"
	"#\n"
	"Defaults\tenv_reset\n"
	"Defaults\tmail_badpass\n"
	"Defaults\tsecure_path=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\n"
	"\n"
	"# This fixes CVE-2005-4890 and possibly breaks some versions of kdesu\n"
	"Defaults\tuse_pty\n"
	"\n"
	"#Defaults:%sudo env_keep += \"http_proxy https_proxy ftp_proxy all_proxy no_proxy\"\n"
	"\n"
	"# Host alias specification\n"
	"\n"
	"# User privilege specification\n"
	"root\tALL=(ALL:ALL) ALL\n"
	"\n"
	"# Allow members of group sudo to execute any command\n"
	"%sudo\tALL=(ALL:ALL) ALL\n"
	"\n"
	"# See sudoers(5) for more information on \"@include\" directives:\n"
	"\n"
	"@includedir /etc/sudoers.d\n";

static void test_debian(void **state)
{
	struct sudoers s;
	char *got;

	(void)state;
	parse_ok(debian_sudoers, &s);
	got = dump_rules(&s);
	assert_string_equal(got, "L16 root @ ALL (ALL:ALL) ALL{A} | L19 %sudo @ ALL (ALL:ALL) ALL{A}");
	free(got);
	got = dump_defaults(&s);
	assert_string_equal(got, "L4 [-] env_reset | L5 [-] mail_badpass | L6 [-] secure_path="
			    "\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\" | L9 [-] use_pty"
			    " | L23 includedir /etc/sudoers.d");
	free(got);
	assert_int_equal(s.n_aliases, 0);
	assert_int_equal(s.bad.n, 0);
	sudoers_free(&s);
}

static void test_alias_lookup(void **state)
{
	struct sudoers s;
	const struct sudo_alias *a;

	(void)state;
	parse_ok("User_Alias ADMINS = alice, bob\n"
		 "Cmnd_Alias ADMINS = /bin/sh\n"
		 "ADMINS ALL=(ALL) NOPASSWD: ALL\n", &s);
	a = sudoers_alias(&s, SUDO_ALIAS_USER, "ADMINS");
	assert_non_null(a);
	assert_int_equal(a->n_members, 2);
	assert_string_equal(a->members[1], "bob");
	a = sudoers_alias(&s, SUDO_ALIAS_CMND, "ADMINS");
	assert_non_null(a);
	assert_string_equal(a->members[0], "/bin/sh");
	assert_null(sudoers_alias(&s, SUDO_ALIAS_HOST, "ADMINS"));
	assert_null(sudoers_alias(&s, SUDO_ALIAS_USER, "admins"));
	assert_null(sudoers_alias(NULL, SUDO_ALIAS_USER, "ADMINS"));
	assert_int_equal(s.n_rules, 1);
	assert_string_equal(s.rules[0].users[0], "ADMINS");
	assert_true(s.rules[0].cmnds[0].nopasswd && s.rules[0].cmnds[0].all);
	sudoers_free(&s);
	sudoers_free(&s);	/* idempotent */
	sudoers_free(NULL);
}

static void test_nul_bytes(void **state)
{
	static const char in[] = "a ALL=ALL\nb\0c ALL=ALL\nd ALL=/bin/l\0s\n# x\0y\ne ALL=ALL\n"
				 "@include /etc/\0x\nDefaults env\0_reset\nf ALL = \"x\0y\" ALL\n";
	struct sudoers s;
	char *got, *bad;

	(void)state;
	assert_int_equal(parse_n(in, sizeof(in) - 1, &s), 0);
	got = dump_rules(&s);
	bad = dump_bad(&s);
	assert_string_equal(got, "L1 a @ ALL ALL{A} | L5 e @ ALL ALL{A}");
	assert_string_equal(bad, "5 L2 L3 L6 L7 L8");
	free(got);
	free(bad);
	sudoers_free(&s);
}

static void test_long_lines(void **state)
{
	size_t big = (size_t)1 << 20, i, n;
	char *in = xmalloc(big + 64);
	struct sudoers s;
	char *got, *bad;

	(void)state;
	/* a 1 MB user name, then a rule: the first line is bad, the second kept */
	memset(in, 'a', big);
	n = big;
	memcpy(in + n, " ALL=ALL\nb ALL=ALL\n", 19);
	n += 19;
	assert_int_equal(parse_n(in, n, &s), 0);
	got = dump_rules(&s);
	bad = dump_bad(&s);
	assert_string_equal(got, "L2 b @ ALL ALL{A}");
	assert_string_equal(bad, "1 L1");
	free(got);
	free(bad);
	sudoers_free(&s);

	/* a 1 MB logical line made of continued short lines */
	n = 0;
	memcpy(in, "a ALL = /bin/ls", 15);
	n = 15;
	while (n + 8 < big) {
		memcpy(in + n, ", /x \\\n", 7);
		n += 7;
	}
	memcpy(in + n, "/y\nb ALL=ALL\n", 13);
	n += 13;
	assert_int_equal(parse_n(in, n, &s), 0);
	assert_int_equal(s.n_rules, 1);
	assert_string_equal(s.rules[0].users[0], "b");
	assert_int_equal(s.bad.n, 1);
	assert_int_equal(s.bad.line[0], 1);
	sudoers_free(&s);

	/* a 1 MB comment is just a comment */
	in[0] = '#';
	memset(in + 1, 'c', big);
	memcpy(in + big, "\nb ALL=ALL", 10);
	assert_int_equal(parse_n(in, big + 10, &s), 0);
	assert_int_equal(s.n_rules, 1);
	assert_int_equal(s.bad.n, 0);
	sudoers_free(&s);

	/* a 60000-character IPv6-looking host is read in one pass */
	memcpy(in, "u ", 2);
	memset(in + 2, ':', 60000);
	memcpy(in + 60002, "1 = ALL", 7);
	assert_int_equal(parse_n(in, 60009, &s), 0);
	assert_int_equal(s.n_rules, 1);
	assert_int_equal(strlen(s.rules[0].hosts[0]), 60001);
	sudoers_free(&s);

	/* just under the cap is fine */
	n = PARSE_MAX_LINE - 20;
	memcpy(in, "a ALL = /bin/echo ", 18);
	for (i = 18; i < n; i++)
		in[i] = 'x';
	assert_int_equal(parse_n(in, n, &s), 0);
	assert_int_equal(s.n_rules, 1);
	assert_int_equal(s.bad.n, 0);
	sudoers_free(&s);
	free(in);
}

static void test_huge_counts(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct sudoers s;
	size_t i;

	(void)state;
	for (i = 0; i < 50000; i++)
		strbuf_addf(&sb, "u%zu ALL=(root) NOPASSWD: /bin/c%zu\n", i, i);
	for (i = 0; i < 5000; i++)
		strbuf_addf(&sb, "User_Alias A%zu = x : B%zu = y\n", i, i);
	strbuf_adds(&sb, "Cmnd_Alias MANY = /a");
	for (i = 0; i < 8000; i++)
		strbuf_adds(&sb, ",/b");
	strbuf_adds(&sb, "\nbad\n");
	assert_int_equal(parse_n(sb.buf, sb.len, &s), 0);
	assert_int_equal(s.n_rules, 50000);
	assert_int_equal(s.n_aliases, 10001);
	assert_int_equal(sudoers_alias(&s, SUDO_ALIAS_CMND, "MANY")->n_members, 8001);
	assert_string_equal(s.rules[49999].cmnds[0].cmnd, "/bin/c49999");
	assert_int_equal(s.rules[49999].line, 50000);
	assert_int_equal(s.bad.n, 1);
	assert_int_equal(s.bad.line[0], 55002);
	sudoers_free(&s);
	strbuf_release(&sb);

	/* more bad lines than are remembered: the count stays exact */
	for (i = 0; i < 100; i++)
		strbuf_adds(&sb, "nonsense\n");
	assert_int_equal(parse_n(sb.buf, sb.len, &s), 0);
	assert_int_equal(s.bad.n, 100);
	assert_int_equal(s.bad.line[PARSE_MAX_BAD_KEPT - 1], PARSE_MAX_BAD_KEPT);
	sudoers_free(&s);
	strbuf_release(&sb);
}

static void test_copy_cap(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct sudoers s;
	size_t i;

	(void)state;
	/* 6000 users and 2000 runas switches would copy 12 million names */
	strbuf_adds(&sb, "u0");
	for (i = 1; i < 6000; i++)
		strbuf_addf(&sb, ",u%zu", i);
	strbuf_adds(&sb, " ALL = ");
	for (i = 0; i < 2000; i++)
		strbuf_addf(&sb, "%s(%c) /x", i ? ", " : "", i & 1 ? 'a' : 'b');
	strbuf_adds(&sb, "\nok ALL = (a) /x, (b) /y\n");
	assert_true(sb.len < PARSE_MAX_LINE);
	assert_int_equal(parse_n(sb.buf, sb.len, &s), 0);
	assert_int_equal(s.n_rules, 2);
	assert_string_equal(s.rules[0].users[0], "ok");
	assert_int_equal(s.bad.n, 1);
	assert_int_equal(s.bad.line[0], 1);
	assert_string_equal(s.bad.why[0], "too many rules on one line");
	sudoers_free(&s);
	strbuf_release(&sb);
}

static void test_errors(void **state)
{
	struct sudoers s = { 0 };
	struct err e = { 0 };

	(void)state;
	assert_int_equal(sudoers_parse(NULL, 5, &s, &e), -EINVAL);
	assert_int_not_equal(e.msg[0], '\0');
	assert_null(s.rules);
	assert_int_equal(sudoers_parse(NULL, 0, &s, &e), 0);
	assert_int_equal(s.n_rules, 0);
	sudoers_free(&s);
}

/*
 * The parsed model costs about what the input does: 20,000 rules in the
 * shapes real files take (a line with several rules shares its user and
 * host lists) use less than three and a half times the input's bytes of heap. Under
 * ASan mallinfo2 does not see the heap and the bound holds trivially.
 */
static void test_compact(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct sudoers s = { 0 };
	struct mallinfo2 before, after;
	size_t i, used;

	(void)state;
	strbuf_adds(&sb, "User_Alias OPS = alice, bob, %wheel\nCmnd_Alias SVC = /usr/bin/systemctl restart x, /bin/kill\n");
	for (i = 0; i < 20000; i++) {
		switch (i % 4) {
		case 0: strbuf_addf(&sb, "u%zu ALL=(root) /usr/bin/systemctl restart web-frontend-%zu.service\n", i, i); break;
		case 1: strbuf_addf(&sb, "%%g%zu web1,web2=(www-data) NOPASSWD: /usr/bin/php /srv/%zu/x, (root) SVC\n", i, i); break;
		case 2: strbuf_addf(&sb, "Defaults:u%zu timestamp_timeout=%zu\n", i, i % 30); break;
		default: strbuf_addf(&sb, "OPS ALL=(ALL:ALL) ALL, !/usr/bin/passwd root\n"); break;
		}
	}
	before = mallinfo2();
	parse_ok(sb.buf, &s);
	after = mallinfo2();
	used = after.uordblks > before.uordblks ? after.uordblks - before.uordblks : 0;
	assert_int_equal(s.n_rules, 20000 / 4 * 4);
	assert_int_equal(s.n_defaults, 5000);
	assert_string_equal(s.rules[1].users[0], "%g1");
	assert_string_equal(s.rules[2].hosts[1], "web2");
	assert_string_equal(s.rules[2].runas, "root");
	assert_string_equal(s.rules[2].cmnds[0].cmnd, "SVC");
	assert_true(s.rules[1].cmnds[0].nopasswd);
	assert_string_equal(s.aliases[0].members[2], "%wheel");
	print_message("model %zu bytes for %zu of input\n", used, sb.len);
	assert_true(used < 7 * sb.len / 2);
	sudoers_free(&s);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_defaults_includes),
		cmocka_unit_test(test_debian),
		cmocka_unit_test(test_alias_lookup),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_huge_counts),
		cmocka_unit_test(test_copy_cap),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_compact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
