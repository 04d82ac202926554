/* Unit tests for parse/pam.c: tables of inputs and the parse they must give. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/pam.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Parses len bytes from an exactly-sized copy (no terminator), so ASan sees over-reads. */
static int parse_n(const char *text, size_t len, struct pam_file *f)
{
	struct err e = { 0 };
	char *copy = xmalloc(len);
	int rc;

	memcpy(copy, text, len);
	rc = pam_parse(copy, len, f, &e);
	free(copy);
	return rc;
}

/* "L1 auth required pam_unix.so [nullok]" per line, lines joined by " | ". */
static char *dump(const struct pam_file *f)
{
	static const char *const types[] = { "auth", "account", "password", "session", "all" };
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;

	for (i = 0; i < f->n; i++) {
		const struct pam_line *l = &f->v[i];

		strbuf_addf(&sb, "%sL%zu %s%s %s %s%s", i ? " | " : "", l->line, l->silent ? "-" : "",
			    types[l->type], l->control, l->is_include ? "=>" : "", l->module);
		for (j = 0; j < l->n_args; j++)
			strbuf_addf(&sb, " [%s]", l->args[j]);
	}
	return strbuf_detach(&sb, NULL);
}

static char *dump_bad(const struct pam_file *f)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addf(&sb, "%zu", f->bad.n);
	for (i = 0; i < f->bad.n && i < PARSE_MAX_BAD_KEPT; i++)
		strbuf_addf(&sb, " L%zu", f->bad.line[i]);
	return strbuf_detach(&sb, NULL);
}

struct pam_case {
	const char *input;
	const char *lines;	/* dump() of the result */
	const char *bad;	/* dump_bad() of the result */
};

static const struct pam_case cases[] = {
	{ "auth\t[success=1 default=ignore]\tpam_unix.so nullok\n",
	  "L1 auth [success=1 default=ignore] pam_unix.so [nullok]", "0" },
	{ "@include common-auth\n", "L1 all @include =>common-auth", "0" },
	{ "-session optional pam_systemd.so\n", "L1 -session optional pam_systemd.so", "0" },
	{ "account    required     pam_nologin.so\n", "L1 account required pam_nologin.so", "0" },
	{ "password\trequisite\tpam_pwquality.so retry=3\n",
	  "L1 password requisite pam_pwquality.so [retry=3]", "0" },
	{ "auth sufficient pam_rootok.so\n", "L1 auth sufficient pam_rootok.so", "0" },
	/* type and control keywords are case-insensitive, as in Linux-PAM */
	{ "AUTH Required pam_unix.so\nSession OPTIONAL pam_x.so\n",
	  "L1 auth required pam_unix.so | L2 session optional pam_x.so", "0" },
	/* include and substack name a service */
	{ "auth include system-auth\n", "L1 auth include =>system-auth", "0" },
	{ "account substack password-auth\n", "L1 account substack =>password-auth", "0" },
	{ "auth INCLUDE common\n", "L1 auth include =>common", "0" },
	/* bracketed control may contain spaces; bracketed arguments too (pam.d(5)) */
	{ "session [success=ok ignore=ignore module_unknown=ignore default=bad]        pam_selinux.so close\n",
	  "L1 session [success=ok ignore=ignore module_unknown=ignore default=bad] pam_selinux.so [close]", "0" },
	{ "auth [ success=done default=die ] /lib/x86_64-linux-gnu/security/pam_oath.so "
	  "usersfile=/etc/users.oath [query=select user where name='%u'] [a\\]b] x\\]y\n",
	  "L1 auth [ success=done default=die ] /lib/x86_64-linux-gnu/security/pam_oath.so "
	  "[usersfile=/etc/users.oath] [query=select user where name='%u'] [a]b] [x\\]y]", "0" },
	{ "auth required pam_a.so [unterminated arg\n", "L1 auth required pam_a.so [unterminated arg]", "0" },
	{ "auth required [pam_b.so] [x]y\n", "L1 auth required pam_b.so [x] [y]", "0" },
	{ "auth success=ok pam_c.so\n", "L1 auth success=ok pam_c.so", "0" },
	/* comments: '#' cuts the rest of the physical line anywhere */
	{ "# comment\n  # indented\nsession optional pam_mail.so standard noenv # [1]\n",
	  "L3 session optional pam_mail.so [standard] [noenv]", "0" },
	{ "auth required pam_d.so arg#notarg\n", "L1 auth required pam_d.so [arg]", "0" },
	/* continuation */
	{ "auth required pam_a.so arg \\\n   arg2 \\  \n  arg3\n",
	  "L1 auth required pam_a.so [arg] [arg2] [arg3]", "0" },
	{ "auth \\\nrequired \\\npam_e.so\nauth required pam_f.so\n",
	  "L1 auth required pam_e.so | L4 auth required pam_f.so", "0" },
	/* a line with a '#' is never continued */
	{ "auth required pam_g.so # note \\\naccount required pam_h.so\n",
	  "L1 auth required pam_g.so | L2 account required pam_h.so", "0" },
	{ "auth required \\\n  # comment\naccount required pam_h.so\n",
	  "L3 account required pam_h.so", "1 L1" },
	/* CRLF, no trailing newline, blank lines */
	{ "auth required pam_unix.so\r\naccount required pam_unix.so\r\n",
	  "L1 auth required pam_unix.so | L2 account required pam_unix.so", "0" },
	{ "auth required pam_unix.so", "L1 auth required pam_unix.so", "0" },
	{ "\n\n   \n\t\n", "", "0" },
	{ "", "", "0" },
	/* malformed lines */
	{ "bogus required pam_unix.so\nauth required pam_x.so\n", "L2 auth required pam_x.so", "1 L1" },
	{ "auth\n", "", "1 L1" },
	{ "auth required\n", "", "1 L1" },
	{ "auth requird pam_unix.so\n", "", "1 L1" },
	{ "auth [default=bad pam_x.so\n", "", "1 L1" },
	{ "auth include\n", "", "1 L1" },
	{ "@include\n", "", "1 L1" },
	{ "- required pam_x.so\n", "", "1 L1" },
	{ "[auth] required pam_x.so\n", "", "1 L1" },
	{ "auth required []\n", "", "1 L1" },
	{ "-@include common-auth\n", "", "1 L1" },
	{ "@INCLUDE common-auth\n", "", "1 L1" },
	{ "password required pam_d.so \\\n", "", "1 L1" },
	{ "auth required pam_unix.so\rauth required pam_deny.so\n",
	  "L1 auth required pam_unix.so\rauth [required] [pam_deny.so]", "0" },
	/* hostile bytes pass through as they are (renderers escape them) */
	{ "auth required pam_\x1b[31mevil\x1b[0m.so \xff\xfe\n",
	  "L1 auth required pam_\x1b[31mevil\x1b[0m.so [\xff\xfe]", "0" },
	{ "auth required pam_x.so uid=99999999999999999999\n",
	  "L1 auth required pam_x.so [uid=99999999999999999999]", "0" },
};

static void test_lines(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct pam_file f;
		char *got, *bad;

		assert_int_equal(parse_n(cases[i].input, strlen(cases[i].input), &f), 0);
		got = dump(&f);
		bad = dump_bad(&f);
		if (strcmp(got, cases[i].lines) || strcmp(bad, cases[i].bad))
			print_error("case %zu: %s\n got '%s' bad '%s'\n", i, cases[i].input, got, bad);
		assert_string_equal(got, cases[i].lines);
		assert_string_equal(bad, cases[i].bad);
		free(got);
		free(bad);
		pam_free(&f);
	}
}

/* Debian 12 /etc/pam.d/common-auth and the head of sshd. */
static const char common_auth[] =
	"#\n"
	"# /etc/pam.d/common-auth - authentication settings common to all services\n"
	"#\n"
	"# here are the per-package modules (the \"Primary\" block)\n"
	"auth\t[success=1 default=ignore]\tpam_unix.so nullok\n"
	"# here's the fallback if no module succeeds\n"
	"auth\trequisite\t\t\tpam_deny.so\n"
	"auth\trequired\t\t\tpam_permit.so\n"
	"# and here are more per-package modules (the \"Additional\" block)\n"
	"auth\toptional\t\t\tpam_cap.so \n"
	"# end of pam-auth-update config\n"
	"# PAM configuration for the Secure Shell service\n"
	"@include common-auth\n"
	"account    required     pam_nologin.so\n"
	"session    optional     pam_keyinit.so force revoke\n"
	"session    required     pam_env.so user_readenv=1 envfile=/etc/default/locale\n";

static void test_debian(void **state)
{
	struct pam_file f;
	char *got;

	(void)state;
	assert_int_equal(parse_n(common_auth, sizeof(common_auth) - 1, &f), 0);
	got = dump(&f);
	assert_string_equal(got,
		"L5 auth [success=1 default=ignore] pam_unix.so [nullok]"
		" | L7 auth requisite pam_deny.so | L8 auth required pam_permit.so"
		" | L10 auth optional pam_cap.so | L13 all @include =>common-auth"
		" | L14 account required pam_nologin.so | L15 session optional pam_keyinit.so [force] [revoke]"
		" | L16 session required pam_env.so [user_readenv=1] [envfile=/etc/default/locale]");
	free(got);
	assert_int_equal(f.bad.n, 0);
	assert_true(f.v[4].is_include);
	assert_int_equal(f.v[4].type, PAM_T_INCLUDE_ALL);
	assert_false(f.v[0].is_include);
	pam_free(&f);
	pam_free(&f);	/* idempotent */
	pam_free(NULL);
}

static void test_module_base(void **state)
{
	(void)state;
	assert_string_equal(pam_module_base("pam_unix.so"), "pam_unix.so");
	assert_string_equal(pam_module_base("/lib/x86_64-linux-gnu/security/pam_oath.so"), "pam_oath.so");
	assert_string_equal(pam_module_base("/lib/security/"), "");
	assert_string_equal(pam_module_base(""), "");
	assert_null(pam_module_base(NULL));
}

static void test_nul_bytes(void **state)
{
	static const char in[] = "auth required pam_a.so\nauth required pam_\0b.so\n# c\0mment\n"
				 "auth required pam_c.so x\0y\nauth required pam_d.so # \0\n";
	struct pam_file f;
	char *got, *bad;

	(void)state;
	assert_int_equal(parse_n(in, sizeof(in) - 1, &f), 0);
	got = dump(&f);
	bad = dump_bad(&f);
	assert_string_equal(got, "L1 auth required pam_a.so | L5 auth required pam_d.so");
	assert_string_equal(bad, "2 L2 L4");
	free(got);
	free(bad);
	pam_free(&f);
}

static void test_long_lines(void **state)
{
	size_t big = (size_t)1 << 20, n;
	char *in = xmalloc(big + 64);
	struct pam_file f;

	(void)state;
	/* a 1 MB argument: bad line, the next line is kept */
	memcpy(in, "auth required pam_x.so ", 23);
	memset(in + 23, 'a', big);
	n = 23 + big;
	memcpy(in + n, "\nauth required pam_y.so\n", 24);
	n += 24;
	assert_int_equal(parse_n(in, n, &f), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].module, "pam_y.so");
	assert_int_equal(f.v[0].line, 2);
	assert_int_equal(f.bad.n, 1);
	assert_int_equal(f.bad.line[0], 1);
	pam_free(&f);

	/* a 1 MB logical line from continued short lines */
	memcpy(in, "auth required pam_x.so", 22);
	n = 22;
	while (n + 8 < big) {
		memcpy(in + n, " a \\\n", 5);
		n += 5;
	}
	memcpy(in + n, "z\nauth required pam_y.so", 24);
	n += 24;
	assert_int_equal(parse_n(in, n, &f), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].module, "pam_y.so");
	assert_int_equal(f.bad.n, 1);
	assert_int_equal(f.bad.line[0], 1);
	pam_free(&f);

	/* a 1 MB comment is a comment */
	in[0] = '#';
	memset(in + 1, 'c', big);
	memcpy(in + big, "\nauth required pam_y.so", 23);
	assert_int_equal(parse_n(in, big + 23, &f), 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.bad.n, 0);
	pam_free(&f);
	free(in);
}

static void test_huge_counts(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct pam_file f;
	size_t i;

	(void)state;
	for (i = 0; i < 100000; i++)
		strbuf_addf(&sb, "auth required pam_%zu.so a b c\n", i);
	strbuf_adds(&sb, "session optional pam_many.so");
	for (i = 0; i < 20000; i++)
		strbuf_adds(&sb, " x");
	strbuf_adds(&sb, "\nnope\n");
	assert_int_equal(parse_n(sb.buf, sb.len, &f), 0);
	assert_int_equal(f.n, 100001);
	assert_string_equal(f.v[99999].module, "pam_99999.so");
	assert_int_equal(f.v[99999].n_args, 3);
	assert_int_equal(f.v[100000].n_args, 20000);
	assert_int_equal(f.bad.n, 1);
	assert_int_equal(f.bad.line[0], 100002);
	pam_free(&f);
	strbuf_release(&sb);

	for (i = 0; i < 50; i++)
		strbuf_adds(&sb, "junk\n");
	assert_int_equal(parse_n(sb.buf, sb.len, &f), 0);
	assert_int_equal(f.bad.n, 50);
	assert_int_equal(f.bad.line[PARSE_MAX_BAD_KEPT - 1], PARSE_MAX_BAD_KEPT);
	pam_free(&f);
	strbuf_release(&sb);
}

static void test_errors(void **state)
{
	struct pam_file f = { 0 };
	struct err e = { 0 };

	(void)state;
	assert_int_equal(pam_parse(NULL, 3, &f, &e), -EINVAL);
	assert_int_not_equal(e.msg[0], '\0');
	assert_null(f.v);
	assert_int_equal(pam_parse(NULL, 0, &f, &e), 0);
	assert_int_equal(f.n, 0);
	pam_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_debian),
		cmocka_unit_test(test_module_base),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_huge_counts),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
