/* kyuka.yaml parsing: the schema, every error with file and line, and hostile input. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/config.h"
#include "model/finding.h"
#include "util/strbuf.h"

#define F "kyuka.yaml"

/* Parses a literal (its length excludes the terminator, so NUL bytes inside count). */
#define PARSE_LIT(lit, cfg, e) config_parse((lit), sizeof(lit) - 1, F, (cfg), (e))

static void assert_defaults(const struct config *c)
{
	assert_null(c->source);
	assert_int_equal(c->version, 1);
	assert_null(c->organisation);
	assert_false(c->has_holiday);
	assert_string_equal(c->holiday_start, "");
	assert_string_equal(c->holiday_end, "");
	assert_false(c->audit.has_fail_on);
	assert_null(c->audit.skip);
	assert_int_equal(c->audit.n_skip, 0);
	assert_int_equal(c->accounts.dormant_days, 90);
	assert_null(c->accounts.ignore);
	assert_int_equal(c->accounts.n_ignore, 0);
	assert_int_equal(c->ssh.min_rsa_bits, 2048);
	assert_null(c->allow);
	assert_int_equal(c->n_allow, 0);
}

/* No message may carry a raw control byte to the terminal. */
static void assert_clean_message(const char *msg)
{
	const unsigned char *p;

	for (p = (const unsigned char *)msg; *p; p++)
		assert_true(*p >= 0x20 && *p < 0x7f);
}

static void test_defaults(void **state)
{
	struct config c;

	(void)state;
	memset(&c, 0x5a, sizeof(c));
	config_defaults(&c);
	assert_defaults(&c);
	config_free(&c);
	assert_defaults(&c);
	config_free(&c);
	config_free(NULL);
}

static const char example[] =
	"version: 1\n"
	"organisation: Example Corp\n"
	"holiday: 2026-12-27..2027-01-04      # or {start: 2026-12-27, end: 2027-01-04}\n"
	"audit:\n"
	"  fail_on: high                      # info|low|medium|high|critical\n"
	"  skip: [ACCT-0030, AC-2, accounts]  # check IDs, items or areas\n"
	"accounts:\n"
	"  dormant_days: 120                  # 1..36500\n"
	"  ignore: [nobody]                   # accounts the account checks do not report\n"
	"ssh:\n"
	"  min_rsa_bits: 3072                 # 1024..16384\n"
	"allow:                               # accepted findings\n"
	"  - check: sudo-0010\n"
	"    subject: deploy\n"
	"    reason: CI deploy user, key-only, restricted command\n"
	"    expires: 2027-03-31              # optional\n"
	"  - check: SSH-0001\n"
	"    subject: \"*\"\n"
	"    reason: |\n"
	"      legacy appliance,\n"
	"      replaced in Q3\n";

static void test_passwords(void **state)
{
	static const char in[] = "passwords:\n  budget: 600\n  audit_budget: 30\n  threads: 4\n"
				 "  wordlist: /usr/share/john/password.lst\n  words: [kyuka, sakura-net]\n  min_length: 12\n";
	struct config c;
	struct err e = { 0 };

	(void)state;
	config_defaults(&c);
	assert_int_equal(c.passwords.budget, 60);
	assert_int_equal(c.passwords.audit_budget, 0);
	assert_int_equal(c.passwords.min_length, 8);
	assert_null(c.passwords.wordlist);
	assert_int_equal(PARSE_LIT(in, &c, &e), 0);
	assert_int_equal(c.passwords.budget, 600);
	assert_int_equal(c.passwords.audit_budget, 30);
	assert_int_equal(c.passwords.threads, 4);
	assert_string_equal(c.passwords.wordlist, "/usr/share/john/password.lst");
	assert_int_equal(c.passwords.n_words, 2);
	assert_string_equal(c.passwords.words[1], "sakura-net");
	assert_int_equal(c.passwords.min_length, 12);
	config_free(&c);
	assert_null(c.passwords.wordlist);
	assert_int_equal(c.passwords.budget, 60);
}

static void test_example(void **state)
{
	struct config c;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(PARSE_LIT(example, &c, &e), 0);
	assert_string_equal(c.source, F);
	assert_int_equal(c.version, 1);
	assert_string_equal(c.organisation, "Example Corp");
	assert_true(c.has_holiday);
	assert_string_equal(c.holiday_start, "2026-12-27");
	assert_string_equal(c.holiday_end, "2027-01-04");
	assert_true(c.audit.has_fail_on);
	assert_int_equal(c.audit.fail_on, SEV_HIGH);
	assert_int_equal(c.audit.n_skip, 3);
	assert_string_equal(c.audit.skip[0], "ACCT-0030");
	assert_string_equal(c.audit.skip[1], "AC-2");
	assert_string_equal(c.audit.skip[2], "ACCOUNTS");
	assert_int_equal(c.accounts.dormant_days, 120);
	assert_int_equal(c.accounts.n_ignore, 1);
	assert_string_equal(c.accounts.ignore[0], "nobody");
	assert_int_equal(c.ssh.min_rsa_bits, 3072);
	assert_int_equal(c.n_allow, 2);
	assert_string_equal(c.allow[0].check, "SUDO-0010");
	assert_string_equal(c.allow[0].subject, "deploy");
	assert_string_equal(c.allow[0].reason, "CI deploy user, key-only, restricted command");
	assert_string_equal(c.allow[0].expires, "2027-03-31");
	assert_int_equal(c.allow[0].line, 13);
	assert_string_equal(c.allow[1].check, "SSH-0001");
	assert_string_equal(c.allow[1].subject, "*");
	assert_string_equal(c.allow[1].reason, "legacy appliance,\nreplaced in Q3\n");
	assert_string_equal(c.allow[1].expires, "");
	assert_int_equal(c.allow[1].line, 17);
	config_free(&c);
	assert_defaults(&c);
	config_free(&c);
}

/* Inputs that parse; each is checked by its own function. */
struct ok_case {
	const char *name;
	const char *yaml;
	size_t len;	/* 0: strlen */
	void (*check)(const struct config *c);
};

static void chk_defaults(const struct config *c)
{
	assert_string_equal(c->source, F);
	assert_int_equal(c->version, 1);
	assert_int_equal(c->accounts.dormant_days, 90);
	assert_int_equal(c->ssh.min_rsa_bits, 2048);
	assert_false(c->has_holiday);
	assert_false(c->audit.has_fail_on);
	assert_int_equal(c->audit.n_skip + c->accounts.n_ignore + c->n_allow, 0);
}

static void chk_holiday(const struct config *c)
{
	assert_true(c->has_holiday);
	assert_string_equal(c->holiday_start, "2026-12-27");
	assert_string_equal(c->holiday_end, "2027-01-04");
}

static void chk_one_day_leap(const struct config *c)
{
	assert_true(c->has_holiday);
	assert_string_equal(c->holiday_start, "2028-02-29");
	assert_string_equal(c->holiday_end, "2028-02-29");
}

static void chk_crlf(const struct config *c)
{
	assert_string_equal(c->organisation, "Example Corp");
	assert_int_equal(c->accounts.dormant_days, 30);
	assert_int_equal(c->accounts.n_ignore, 2);
	assert_string_equal(c->accounts.ignore[1], "games");
}

static void chk_fail_on_upper(const struct config *c)
{
	assert_true(c->audit.has_fail_on);
	assert_int_equal(c->audit.fail_on, SEV_CRITICAL);
}

static void chk_fail_on_info(const struct config *c)
{
	assert_true(c->audit.has_fail_on);
	assert_int_equal(c->audit.fail_on, SEV_INFO);
}

static void chk_limits(const struct config *c)
{
	assert_int_equal(c->accounts.dormant_days, 36500);
	assert_int_equal(c->ssh.min_rsa_bits, 1024);
}

static void chk_utf8(const struct config *c)
{
	assert_string_equal(c->organisation, "株式会社 休暇");
	assert_string_equal(c->allow[0].subject, "/home/山田/.ssh/authorized_keys");
}

static void chk_empty_lists(const struct config *c)
{
	assert_int_equal(c->audit.n_skip, 0);
	assert_int_equal(c->accounts.n_ignore, 0);
	assert_int_equal(c->n_allow, 0);
	assert_int_equal(c->accounts.dormant_days, 90);
}

static void chk_flow(const struct config *c)
{
	assert_int_equal(c->accounts.dormant_days, 7);
	assert_int_equal(c->n_allow, 1);
	assert_string_equal(c->allow[0].check, "X-1");
	assert_int_equal(c->allow[0].line, 1);
}

static void chk_anchor_only(const struct config *c)
{
	assert_int_equal(c->accounts.dormant_days, 5);
}

static void chk_ports(const struct config *c)
{
	assert_int_equal(c->ports.n_allow, 2);
	assert_int_equal(c->ports.allow[0].port, 3389);
	assert_string_equal(c->ports.allow[0].proto, "tcp");
	assert_string_equal(c->ports.allow[0].bind, "private");
	assert_string_equal(c->ports.allow[0].process, "xrdp.service");
	assert_string_equal(c->ports.allow[0].reason, "remote support");
	assert_string_equal(c->ports.allow[0].expires, "2027-01-31");
	assert_int_equal(c->ports.allow[0].line, 3);
	assert_int_equal(c->ports.allow[1].port, 65535);
	assert_null(c->ports.allow[1].proto);
	assert_null(c->ports.allow[1].bind);
	assert_string_equal(c->ports.allow[1].expires, "");
	assert_int_equal(c->services.n_allow, 2);
	assert_string_equal(c->services.allow[1], "backup.timer");
}

static const struct ok_case ok_cases[] = {
	{ "ports and services",
	  "ports:\n  allow:\n    - port: 3389\n      proto: tcp\n      bind: private\n      process: xrdp.service\n"
	  "      reason: remote support\n      expires: 2027-01-31\n    - {port: 65535, reason: r}\n"
	  "services:\n  allow: [ssh, backup.timer]\n", 0, chk_ports },
	{ "empty", "", 0, chk_defaults },
	{ "newline", "\n", 0, chk_defaults },
	{ "comment only", "# nothing here\n", 0, chk_defaults },
	{ "document marker only", "---\n", 0, chk_defaults },
	{ "document start and end", "---\n...\n", 0, chk_defaults },
	{ "null document", "~\n", 0, chk_defaults },
	{ "empty mapping", "{}\n", 0, chk_defaults },
	{ "empty sections", "audit:\naccounts:\nssh: {}\n", 0, chk_defaults },
	{ "holiday string", "holiday: 2026-12-27..2027-01-04\n", 0, chk_holiday },
	{ "holiday quoted", "holiday: '2026-12-27..2027-01-04'\n", 0, chk_holiday },
	{ "holiday mapping", "holiday: {start: 2026-12-27, end: 2027-01-04}\n", 0, chk_holiday },
	{ "holiday block mapping", "holiday:\n  end: 2027-01-04\n  start: \"2026-12-27\"\n", 0, chk_holiday },
	{ "one-day holiday on a leap day", "holiday: 2028-02-29..2028-02-29", 0, chk_one_day_leap },
	{ "crlf and no trailing newline",
	  "organisation: Example Corp\r\naccounts:\r\n  dormant_days: 30\r\n  ignore:\r\n    - nobody\r\n    - games", 0,
	  chk_crlf },
	{ "fail_on upper case", "audit: {fail_on: CRITICAL}\n", 0, chk_fail_on_upper },
	{ "fail_on info", "audit:\n  fail_on: info\n", 0, chk_fail_on_info },
	{ "range limits", "accounts: {dormant_days: 36500}\nssh: {min_rsa_bits: 1024}\n", 0, chk_limits },
	{ "utf-8 text",
	  "organisation: 株式会社 休暇\nallow:\n- {check: a-1, subject: /home/山田/.ssh/authorized_keys, reason: r}\n", 0,
	  chk_utf8 },
	{ "utf-8 byte order mark", "\xef\xbb\xbfversion: 1\n", 0, chk_defaults },
	{ "null and empty lists", "audit: {skip: []}\naccounts:\n  ignore:\nallow: []\n", 0, chk_empty_lists },
	{ "flow style everywhere", "{accounts: {dormant_days: 7}, allow: [{check: x-1, subject: s, reason: r}]}", 0,
	  chk_flow },
	{ "anchor without alias", "accounts: &a\n  dormant_days: 5\n", 0, chk_anchor_only },
	{ "quoted keys", "\"accounts\": {'dormant_days': 5}\n", 0, chk_anchor_only },
	{ "explicit version", "%YAML 1.2\n---\nversion: 1\n", 0, chk_defaults },
};

static void test_ok_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++) {
		const struct ok_case *t = &ok_cases[i];
		size_t len = t->len ? t->len : strlen(t->yaml);
		struct err e = { 0 };
		struct config c;
		int r;

		print_message("case: %s\n", t->name);
		r = config_parse(t->yaml, len, F, &c, &e);
		if (r)
			print_message("unexpected error: %s\n", e.msg);
		assert_int_equal(r, 0);
		t->check(&c);
		config_free(&c);
		assert_defaults(&c);
	}
}

/*
 * Quoted scalars are decoded by kyuka, not libfyaml 0.7.12, which gets runs
 * of '' and escaped blanks before a fold wrong. Expected values are PyYAML's.
 */
static void test_quoted(void **state)
{
	static const struct {
		const char *yaml;
		const char *want;
	} cases[] = {
		{ "organisation: 'it''s'\n", "it's" },
		{ "organisation: 'a''''''''b'\n", "a''''b" },
		{ "organisation: ''''''''''''''''''''\n", "'''''''''" },
		{ "organisation: '''quoted'''\n", "'quoted'" },
		{ "organisation: 'x  \n\n  y  '\n", "x\ny  " },
		{ "organisation: 'one\n  two\n\n\n  three'\n", "one two\n\nthree" },
		{ "organisation: '  lead'\n", "  lead" },
		{ "organisation: 'a\n  '\n", "a " },
		{ "organisation: 'a\r\n  b'\r\n", "a b" },
		{ "organisation: \"a\\ \n  b\"\n", "a  b" },
		{ "organisation: \"a\\\n  b\"\n", "ab" },
		{ "organisation: \"a\\\n\n  b\"\n", "a\nb" },
		{ "organisation: \"a \\\n  b\"\n", "a b" },
		{ "organisation: \"tab\\t\\\tx\"\n", "tab\t\tx" },
		{ "organisation: \"\\x41\\u00e9\\U0001F600\\_\\/\\\\\\\"\"\n", "A\xc3\xa9\xf0\x9f\x98\x80\xc2\xa0/\\\"" },
		{ "organisation: \"\\L\\P\"\n", "\xe2\x80\xa8\xe2\x80\xa9" },
		{ "organisation: \"line\\nbreak\"\n", "line\nbreak" },
		{ "organisation: \"\"\"\n", NULL },	/* syntax error */
		{ "{organisation: 'a''b'}\n", "a'b" },
		{ "{organisation: \"x\n  y\"}\n", "x y" },
		{ "'organisation': \"ok\"\n", "ok" },
		{ "\xef\xbb\xbforganisation: 'it''s'\n", "it's" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct err e = { 0 };
		struct config c;
		int r = config_parse(cases[i].yaml, strlen(cases[i].yaml), F, &c, &e);

		print_message("quoted %zu: %s\n", i, r ? e.msg : c.organisation);
		if (!cases[i].want) {
			assert_int_equal(r, -EINVAL);
			continue;
		}
		assert_int_equal(r, 0);
		assert_string_equal(c.organisation, cases[i].want);
		config_free(&c);
	}
}

/* Inputs that must fail, with the start of the message they must give. */
struct bad_case {
	const char *yaml;
	size_t len;		/* 0: strlen */
	const char *want;	/* substring of the message */
};

#define BIN(lit) lit, sizeof(lit) - 1

static const struct bad_case bad_cases[] = {
	/* netscan and inventory */
	{ "netscan:\n  timeout_ms: 5\n", 0, F ":2: netscan.timeout_ms must be between 10 and 60000" },
	{ "netscan:\n  retries: 11\n", 0, F ":2: netscan.retries must be between 0 and 10" },
	{ "inventory:\n  devices:\n    - name: a\n      address: 10.0.0.1\n      holiday: maybe\n", 0, "holiday" },
	{ "inventory:\n  devices:\n    - name: a\n      address: 10.0.0.1\n    - name: a\n      address: 10.0.0.2\n", 0,
	  "inventory.devices[1].name: 'a' is named twice" },
	{ "inventory:\n  devices:\n    - name: a\n      address: 10.0.0.1\n      allow:\n        - port: 22\n          proto: sctp\n"
	  "          reason: x\n", 0, "allow[0].proto: expected tcp or udp" },
	{ "inventory:\n  devices:\n    - name: a\n", 0, "address" },
	/* the logs section */
	{ "logs:\n  night: 22-22\n", 0, F ":2: logs.night: expected two different hours 0-23 like 22-6, got '22-22'" },
	{ "logs:\n  night: 24-6\n", 0, F ":2: logs.night: expected two different hours" },
	{ "logs:\n  night: -6\n", 0, F ":2: logs.night: expected two different hours" },
	{ "logs:\n  night: [22, 6]\n", 0, F ":2: logs.night: expected hours like 22-6, got a list" },
	{ "logs:\n  spray_users: 1\n", 0, F ":2: logs.spray_users must be between 2 and 64" },
	{ "logs:\n  baseline_days: 366\n", 0, F ":2: logs.baseline_days must be between 1 and 365" },
	{ "logs:\n  timezone: Asia Tokyo\n", 0, F ":2: logs.timezone: must be a single word without blanks" },
	{ "logs:\n  brute_force: 3\n", 0, F ":2: unknown key 'brute_force' in 'logs'" },
	/* backup */
	{ "backup:\n  jobs:\n    - name: a\n      kind: tape\n      repository: /b\n      paths: [/etc]\n", 0,
	  F ":4: backup.jobs[0].kind: expected one of restic, borg, archive, directory, got 'tape'" },
	{ "backup:\n  jobs:\n    - name: a\n      kind: restic\n      repository: /b\n      paths: [/etc]\n", 0,
	  F ":3: backup.jobs[0]: a restic job needs password_file, password_env or password_command" },
	{ "backup:\n  jobs:\n    - name: a\n      kind: archive\n      repository: /b\n      password_env: X\n      paths: [/etc]\n", 0,
	  F ":3: backup.jobs[0]: a archive job takes no password" },
	{ "backup:\n  jobs:\n    - name: a\n      kind: borg\n      repository: /b\n      password_env: X\n      password_file: /p\n      paths: [/etc]\n", 0,
	  F ":3: backup.jobs[0]: give only one of password_file, password_env and password_command" },
	{ "backup:\n  jobs:\n    - {name: a, kind: borg, repository: /b, paths: [/etc]}\n    - {name: a, kind: borg, repository: /c, paths: [/etc]}\n", 0,
	  F ":4: backup.jobs[1]: the name 'a' is already used on line 3" },
	{ "backup:\n  jobs:\n    - {name: a, kind: borg, repository: /b, paths: [etc]}\n", 0,
	  F ":3: backup.jobs[0].paths[0]: expected an absolute path without '.' or '..' components, got 'etc'" },
	{ "backup:\n  jobs:\n    - {name: a, kind: borg, repository: /b, paths: [/etc/../root]}\n", 0,
	  "expected an absolute path without '.' or '..' components" },
	{ "backup:\n  jobs:\n    - {name: a, kind: borg, repository: /b, paths: [/etc//x]}\n", 0,
	  "expected an absolute path without '.' or '..' components" },
	{ "backup:\n  jobs:\n    - {name: a, kind: directory, repository: rel/dir, paths: [/etc]}\n", 0,
	  "backup.jobs[0].repository: a directory job needs an absolute path" },
	{ "backup:\n  jobs:\n    - {name: a, kind: borg, repository: /b, paths: [/etc], offline: yes}\n", 0,
	  "backup.jobs[0].offline: expected true or false" },
	{ "backup:\n  jobs:\n    - {name: a, kind: borg, repository: /b, paths: [/etc], sample: 0}\n", 0,
	  "backup.jobs[0].sample must be between 1 and 100000" },
	{ "backup:\n  jobs:\n    - {name: a, kind: borg, repository: /b, paths: [/etc], sample: 101%}\n", 0,
	  "backup.jobs[0].sample: a percentage must be between 1% and 100%" },
	{ "backup:\n  jobs:\n    - {name: a, kind: borg, repository: /b, paths: [/etc], sample: \"20\"}\n", 0,
	  "backup.jobs[0].sample: expected a number of files or a percentage" },
	{ "backup:\n  jobs:\n    - {name: a, kind: archive, repository: /b, paths: [/etc], check_percent: 5}\n", 0,
	  "backup.jobs[0].check_percent: only for restic and borg jobs" },
	{ "backup:\n  jobs:\n    - {name: a, kind: borg, repository: /b, paths: [/etc], password_env: 1X}\n", 0,
	  "backup.jobs[0].password_env: not an environment variable name" },
	{ "backup:\n  jobs:\n    - {name: a, kind: borg, repository: /b, paths: []}\n", 0,
	  "backup.jobs[0].paths: name at least one path" },
	{ "backup:\n  jobs:\n    - {name: a, kind: borg, repository: /b}\n", 0, "backup.jobs[0]: missing 'paths'" },
	{ "backup:\n  jobs:\n    - {name: a b, kind: borg, repository: /b, paths: [/]}\n", 0,
	  "backup.jobs[0].name: must be a single word" },
	{ "backup:\n  max_age_hours: 0\n", 0, "backup.max_age_hours must be between 1 and 87600" },
	{ "backup:\n  important: /srv\n", 0, "backup.important: expected a list" },
	{ "backup:\n  jobs:\n    - {name: a, kind: borg, repository: /b, paths: [/etc], passwd_file: /x}\n", 0,
	  "unknown key 'passwd_file' in 'backup.jobs[0]'" },
	/* ports and services */
	{ "ports:\n  allow:\n    - port: 0\n      reason: r\n", 0, F ":3: ports.allow[0].port must be between 1 and 65535" },
	{ "ports:\n  allow:\n    - port: 65536\n      reason: r\n", 0, "must be between 1 and 65535" },
	{ "ports:\n  allow:\n    - port: 22\n", 0, F ":3: ports.allow[0]: missing 'reason'" },
	{ "ports:\n  allow:\n    - reason: r\n", 0, "ports.allow[0]: missing 'port'" },
	{ "ports:\n  allow:\n    - {port: 22, reason: r, proto: sctp}\n", 0, F ":3: ports.allow[0].proto: expected tcp or udp" },
	{ "ports:\n  allow:\n    - {port: 22, reason: r, bind: two words}\n", 0, "ports.allow[0].bind: must be a single word" },
	{ "ports:\n  allow:\n    - {port: 22, reason: r, expires: 2027-02-30}\n", 0, "ports.allow[0].expires: invalid date" },
	{ "ports:\n  deny: []\n", 0, F ":2: unknown key 'deny' in 'ports'" },
	{ "services:\n  allow: ssh\n", 0, "services.allow: expected a list" },
	/* unknown keys */
	{ "accounts:\n  dormant_dayz: 5\n", 0, F ":2: unknown key 'dormant_dayz' in 'accounts'" },
	{ "version: 1\nbogus: 1\n", 0, F ":2: unknown key 'bogus'" },
	{ "Version: 1\n", 0, F ":1: unknown key 'Version'" },
	{ "allow:\n  - check: A-1\n    subject: s\n    reason: r\n    expire: 2027-01-01\n", 0,
	  F ":5: unknown key 'expire' in 'allow[0]'" },
	{ "holiday: {start: 2026-01-01, stop: 2026-01-02}\n", 0, F ":1: unknown key 'stop' in 'holiday'" },
	{ "\"\\e[31mred\": 1\n", 0, F ":1: unknown key '\\x1b[31mred'" },
	{ "? [a, b]\n: c\n", 0, F ":1: keys must be plain words, got a list" },
	{ ": x\n", 0, "keys must be plain words, got nothing" },
	/* wrong types */
	{ "accounts:\n  dormant_days: abc\n", 0, F ":2: accounts.dormant_days: expected a whole number, got 'abc'" },
	{ "accounts:\n  dormant_days: \"90\"\n", 0, F ":2: accounts.dormant_days: expected a whole number, got a quoted string" },
	{ "accounts:\n  dormant_days: [90]\n", 0, F ":2: accounts.dormant_days: expected a whole number, got a list" },
	{ "accounts:\n  dormant_days:\n", 0, F ":2: accounts.dormant_days: expected a whole number, got nothing" },
	{ "accounts: {dormant_days: 1.5}\n", 0, "expected a whole number, got '1.5'" },
	{ "accounts: {dormant_days: 0x10}\n", 0, "expected a whole number, got '0x10'" },
	{ "accounts: {dormant_days: 1e3}\n", 0, "expected a whole number, got '1e3'" },
	{ "accounts: {dormant_days: +5}\n", 0, "expected a whole number, got '+5'" },
	{ "accounts: {dormant_days: 090}\n", 0, "accounts.dormant_days: a whole number may not start with 0" },
	{ "accounts: [dormant_days]\n", 0, F ":1: accounts: expected a mapping, got a list" },
	{ "accounts: yes\n", 0, F ":1: accounts: expected a mapping, got a scalar" },
	{ "organisation: [a]\n", 0, F ":1: organisation: expected a string, got a list" },
	{ "organisation:\n", 0, F ":1: organisation: expected a string, got nothing" },
	{ "organisation: ''\n", 0, F ":1: organisation: must not be empty" },
	{ "audit:\n  skip: ACCT-0030\n", 0, F ":2: audit.skip: expected a list, got a scalar" },
	{ "audit:\n  skip: [ACCT-0030, [x]]\n", 0, F ":2: audit.skip[1]: expected a string, got a list" },
	{ "audit:\n  skip:\n    - ACCT-0030\n    -\n", 0, "audit.skip[1]: expected a string, got nothing" },
	{ "audit:\n  skip: ['ACCT 0030']\n", 0, F ":2: audit.skip[0]: must be a single word without blanks" },
	{ "accounts:\n  ignore: {nobody: 1}\n", 0, F ":2: accounts.ignore: expected a list, got a mapping" },
	{ "audit: {fail_on: urgent}\n", 0, "audit.fail_on: expected info, low, medium, high or critical, got 'urgent'" },
	{ "audit: {fail_on: [high]}\n", 0, "audit.fail_on: expected a severity, got a list" },
	{ "audit: {fail_on: highish}\n", 0, "got 'highish'" },
	/* ranges */
	{ "accounts:\n  dormant_days: 0\n", 0, F ":2: accounts.dormant_days must be between 1 and 36500" },
	{ "accounts:\n  dormant_days: 36501\n", 0, F ":2: accounts.dormant_days must be between 1 and 36500" },
	{ "accounts:\n  dormant_days: -5\n", 0, F ":2: accounts.dormant_days must be between 1 and 36500" },
	{ "accounts:\n  dormant_days: 99999999999999999999\n", 0, "dormant_days must be between 1 and 36500" },
	{ "accounts:\n  dormant_days: 4294967387\n", 0, "dormant_days must be between 1 and 36500" },
	{ "ssh: {min_rsa_bits: 1023}\n", 0, F ":1: ssh.min_rsa_bits must be between 1024 and 16384" },
	{ "ssh: {min_rsa_bits: 16385}\n", 0, "ssh.min_rsa_bits must be between 1024 and 16384" },
	{ "version: 2\n", 0, F ":1: version must be 1" },
	{ "version: 0\n", 0, F ":1: version must be 1" },
	{ "version: '1'\n", 0, F ":1: version: expected a whole number, got a quoted string" },
	/* duplicates */
	{ "version: 1\nversion: 1\n", 0, F ":2: duplicate key 'version' (first given on line 1)" },
	{ "accounts:\n  dormant_days: 5\nssh: {}\naccounts: {}\n", 0, F ":4: duplicate key 'accounts' (first given on line 1)" },
	{ "accounts:\n  dormant_days: 5\n  dormant_days: 6\n", 0,
	  F ":3: duplicate key 'accounts.dormant_days' (first given on line 2)" },
	{ "allow:\n- {check: a, subject: b, reason: c, check: d}\n", 0, F ":2: duplicate key 'allow[0].check'" },
	/* dates and holidays */
	{ "holiday: 2026-02-30..2026-03-01\n", 0, F ":1: invalid date '2026-02-30' in holiday" },
	{ "holiday: 2026-01-01..2026-13-01\n", 0, "invalid date '2026-13-01' in holiday" },
	{ "holiday: 2100-02-29..2100-03-01\n", 0, "invalid date '2100-02-29'" },
	{ "holiday: 2026-01-05..2026-01-04\n", 0, F ":1: holiday ends on 2026-01-04, before it starts on 2026-01-05" },
	{ "holiday: 2026-12-27 .. 2027-01-04\n", 0, "expected YYYY-MM-DD..YYYY-MM-DD" },
	{ "holiday: 2026-12-27\n", 0, F ":1: invalid holiday '2026-12-27'" },
	{ "holiday: [2026-12-27, 2027-01-04]\n", 0, "holiday: expected YYYY-MM-DD..YYYY-MM-DD or {start: ..., end: ...}, got a list" },
	{ "holiday:\n", 0, F ":1: holiday: expected YYYY-MM-DD" },
	{ "holiday:\n  start: 2026-12-27\n", 0, F ":2: holiday: missing 'end'" },
	{ "holiday: {start: 2026-12-27, end: 2026-12-26}\n", 0, F ":1: holiday ends on 2026-12-26, before it starts on 2026-12-27" },
	{ "holiday: {start: 2026-12-27, end: 2026-12-32}\n", 0, "holiday.end: invalid date '2026-12-32'" },
	{ "holiday: {start: 1969-12-31, end: 2026-12-31}\n", 0, "holiday.start: invalid date '1969-12-31'" },
	{ "holiday: {start: 26-12-27, end: 2026-12-31}\n", 0, "holiday.start: invalid date '26-12-27'" },
	{ "holiday: {start: [1], end: 2026-12-31}\n", 0, "holiday.start: expected a date (YYYY-MM-DD), got a list" },
	/* passwords */
	{ "passwords:\n  budget: 0\n", 0, F ":2: passwords.budget must be between 1 and 86400" },
	{ "passwords:\n  audit_budget: 86401\n", 0, "passwords.audit_budget must be between 0 and 86400" },
	{ "passwords:\n  threads: 1025\n", 0, "passwords.threads must be between 0 and 1024" },
	{ "passwords:\n  min_length: 5\n", 0, "passwords.min_length must be between 6 and 64" },
	{ "passwords:\n  words: [\"two words\"]\n", 0, "passwords.words[0]: must be a single word" },
	{ "passwords:\n  wordlist: [a]\n", 0, "passwords.wordlist: expected a string, got a list" },
	{ "passwords:\n  wordlist_only: true\n", 0, F ":2: unknown key 'wordlist_only' in 'passwords'" },
	/* allow entries */
	{ "allow:\n  - check: SUDO-0010\n    subject: deploy\n", 0, F ":2: allow[0]: missing 'reason'" },
	{ "allow:\n  - check: SUDO-0010\n    reason: r\n", 0, F ":2: allow[0]: missing 'subject'" },
	{ "allow:\n  - subject: s\n    reason: r\n", 0, F ":2: allow[0]: missing 'check'" },
	{ "allow:\n  - {check: A, subject: s, reason: r}\n  - {}\n", 0, F ":3: allow[1]: missing 'check'" },
	{ "allow:\n  - SUDO-0010\n", 0, F ":2: allow[0]: expected a mapping, got a scalar" },
	{ "allow:\n  -\n", 0, F ":2: allow[0]: expected a mapping, got nothing" },
	{ "allow: {check: A}\n", 0, F ":1: allow: expected a list, got a mapping" },
	{ "allow:\n- {check: A, subject: s, reason: r, expires: 2027-02-29}\n", 0,
	  F ":2: allow[0].expires: invalid date '2027-02-29'" },
	{ "allow:\n- {check: A, subject: s, reason: r, expires: tomorrow}\n", 0, "allow[0].expires: invalid date 'tomorrow'" },
	{ "allow:\n- {check: 'SUDO 0010', subject: s, reason: r}\n", 0, "allow[0].check: must be a single word" },
	/* top level */
	{ "- a\n- b\n", 0, F ":1: the top level must be a mapping of keys, got a list" },
	{ "hello\n", 0, F ":1: the top level must be a mapping of keys, got a scalar" },
	{ "'just a string'", 0, "the top level must be a mapping" },
	{ " |\n 2\n\n\n\n   \n  ", 0, F ":2: the top level must be a mapping of keys, got a scalar" },
	{ " >\n 2\n\n\n\n\n\n\n\n\n\n   \n", 0, "the top level must be a mapping of keys, got a scalar" },
	{ "version: 1\rorganisation: x\r", 0, F ":1: carriage return without a line feed" },
	{ "version: 1\r\norganisation: x\r", 0, F ":2: carriage return without a line feed" },
	/* YAML features we refuse */
	{ "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n", 0,
	  F ":2: YAML aliases (*name) are not supported" },
	{ "base: &b {dormant_days: 5}\naccounts:\n  <<: *b\n", 0, F ":3: YAML aliases (*name) are not supported" },
	{ "version: !!int 1\n", 0, F ":1: YAML tags (!name) are not supported" },
	{ "accounts: !custom {}\n", 0, F ":1: YAML tags (!name) are not supported" },
	{ "version: 1\n---\nversion: 1\n", 0, F ":2: more than one YAML document in the file" },
	/* syntax errors from libfyaml */
	{ "version: 1\naccounts: [1, 2\n", 0, F ":" },
	{ "version: 1\norganisation: \"unterminated\n", 0, "invalid YAML" },
	{ "a: b: c\n", 0, "invalid YAML" },
	{ "\t- x\n", 0, "invalid YAML" },
	{ "a: -b\n- c\n", 0, F ":2: invalid YAML: " },
	{ "organisation: \"bad escape \\q\"\n", 0, "invalid YAML" },
	/* hostile bytes */
	{ BIN("version: 1\norganisation: a\0b\n"), F ":2: NUL byte in the file" },
	{ BIN("\0"), F ":1: NUL byte in the file" },
	{ "organisation: \"a\\0b\"\n", 0, F ":1: organisation: contains a NUL byte" },
	{ "organisation: \x1b[31mred\n", 0, F ":1: control character U+001B in the file" },
	{ "# \x1b]0;title\x07\n", 0, F ":1: control character U+001B in the file" },
	{ "organisation: \"\\e[31mred\"\n", 0, F ":1: organisation: contains a control character" },
	{ "organisation: \"\\x9b31m\"\n", 0, F ":1: organisation: contains a control character" },
	{ "organisation: \"\\x7f\"\n", 0, "organisation: contains a control character" },
	{ "organisation: \"a\\rb\"\n", 0, "organisation: contains a control character" },
	{ "organisation: \xc2\x9b\n", 0, F ":1: control character U+009B in the file" },
	{ "version: 1\norganisation: \xff\xfe\n", 0, F ":2: invalid UTF-8" },
	{ "organisation: \xc0\xaf\n", 0, F ":1: invalid UTF-8" },
	{ "organisation: \xed\xa0\x80\n", 0, F ":1: invalid UTF-8" },
	{ "organisation: \xf4\x90\x80\x80\n", 0, F ":1: invalid UTF-8" },
	{ "organisation: \xe6\x97\n", 0, F ":1: invalid UTF-8" },
	{ "organisation: \x7f\n", 0, F ":1: control character U+007F" },
	{ "audit:\n  skip: [\"a\\tb\"]\n", 0, "audit.skip[0]: must be a single word without blanks" },
};

static void test_logs_section(void **state)
{
	static const char y[] = "logs:\n  baseline_days: 14\n  brute_force_failures: 8\n  spray_users: 3\n"
				"  success_after_failures: 2\n  gap_hours: 12\n  night: 20-7\n  backwards_seconds: 0\n"
				"  timezone: Asia/Tokyo\n";
	struct config c;
	struct err e = { 0 };

	(void)state;
	config_defaults(&c);
	assert_int_equal(c.logs.baseline_days, 30);
	assert_int_equal(c.logs.night_start, 22);
	assert_int_equal(c.logs.night_end, 6);
	assert_null(c.logs.timezone);
	assert_int_equal(config_parse(y, sizeof(y) - 1, "t.yaml", &c, &e), 0);
	assert_int_equal(c.logs.baseline_days, 14);
	assert_int_equal(c.logs.brute_force_failures, 8);
	assert_int_equal(c.logs.spray_users, 3);
	assert_int_equal(c.logs.success_after_failures, 2);
	assert_int_equal(c.logs.gap_hours, 12);
	assert_int_equal(c.logs.night_start, 20);
	assert_int_equal(c.logs.night_end, 7);
	assert_int_equal(c.logs.backwards_seconds, 0);
	assert_string_equal(c.logs.timezone, "Asia/Tokyo");
	config_free(&c);
}

static void test_baseline_watch_feeds_update(void **state)
{
	static const char y[] = "baseline:\n  paths: [/etc]\n  watch_feeds_update: true\n";
	static const char bad[] = "baseline:\n  watch_feeds_update: daily\n";
	struct config c;
	struct err e = { 0 };

	(void)state;
	config_defaults(&c);
	assert_false(c.baseline.watch_feeds_update);
	assert_int_equal(config_parse(y, sizeof(y) - 1, "t.yaml", &c, &e), 0);
	assert_true(c.baseline.watch_feeds_update);
	assert_int_equal(c.baseline.n_paths, 1);
	config_free(&c);
	config_defaults(&c);
	assert_true(config_parse(bad, sizeof(bad) - 1, "t.yaml", &c, &e) < 0);
	assert_non_null(strstr(e.msg, "baseline.watch_feeds_update"));
	config_free(&c);
}

/* Block scalars (| and >) are decoded from the file's bytes, not by libfyaml (which leaks on some). */
static void test_block(void **state)
{
	static const struct {
		const char *yaml;
		const char *want;
	} cases[] = {
		{ "organisation: |\n  one\n  two\n", "one\ntwo\n" },
		{ "organisation: |-\n  one\n\n", "one" },
		{ "organisation: |+\n  one\n\n\nversion: 1\n", "one\n\n\n" },
		{ "organisation: >\n  a\n  b\n\n  c\n   d\n  e\n", "a b\nc\n d\ne\n" },
		{ "organisation: >-\n\n  lead\n", "\nlead" },
		{ "organisation: |2\n    x\n  y\n", "  x\ny\n" },
		{ "organisation: |\r\n  a\r\n  b\r\n", "a\nb\n" },
		{ "organisation: > # a | b > c\n  x\n", "x\n" },
		{ "organisation: &a |\n  x\n", "x\n" },
		{ "organisation: |\n  x", "x\n" },	/* clip adds the break the file lacks, as libfyaml did */
		{ "organisation: |+\n  x", "x" },
		{ "organisation: |+\n  x\n\n  ", "x\n\n" },
		{ "organisation: |\n  x\n     \n  y\n", "x\n   \ny\n" },
		{ "organisation: |\n  trailing  \n", "trailing  \n" },
		/* YAML 1.2 keeps the break before a more-indented line after an empty one (libfyaml dropped it) */
		{ "organisation: >\n  a\n\n   b\n", "a\n\n b\n" },
		{ "allow:\n  - check: a\n    subject: b\n    reason: >1\n      x\n", " x\n" },
		{ "plan:\n  reporting:\n    note: |\n      call\n      first\n", "call\nfirst\n" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct err e = { 0 };
		struct config c;
		const char *got;
		int r = config_parse(cases[i].yaml, strlen(cases[i].yaml), F, &c, &e);

		print_message("block %zu: %s\n", i, r ? e.msg : "ok");
		assert_int_equal(r, 0);
		got = c.organisation ? c.organisation : c.n_allow ? c.allow[0].reason : c.plan.reporting.note;
		assert_non_null(got);
		assert_string_equal(got, cases[i].want);
		config_free(&c);
	}
}

static void test_bad_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *t = &bad_cases[i];
		size_t len = t->len ? t->len : strlen(t->yaml);
		struct err e = { 0 };
		struct config c;
		int r;

		print_message("case %zu: want '%s'\n", i, t->want);
		memset(&c, 0x5a, sizeof(c));
		r = config_parse(t->yaml, len, F, &c, &e);
		print_message("  got %d '%s'\n", r, e.msg);
		assert_int_equal(r, -EINVAL);
		assert_int_equal(e.code, -EINVAL);
		assert_non_null(strstr(e.msg, t->want));
		assert_clean_message(e.msg);
		assert_defaults(&c);
		config_free(&c);
	}
}

static void test_netscan(void **state)
{
	static const char y[] =
		"netscan:\n"
		"  targets: [192.168.10.0/24, printer.lan]\n"
		"  ports: all\n"
		"  rate: 0\n"
		"  allow_public: true\n"
		"inventory:\n"
		"  devices:\n"
		"    - name: nas-1\n"
		"      address: 192.168.10.5\n"
		"      kind: nas\n"
		"      owner: IT desk\n"
		"      holiday: off\n"
		"      allow:\n"
		"        - port: 443\n"
		"          reason: the admin page\n"
		"    - name: router\n"
		"      address: 192.168.10.1\n"
		"      holiday: on\n";
	struct config c;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(PARSE_LIT(y, &c, &e), 0);
	assert_int_equal(c.netscan.n_targets, 2);
	assert_string_equal(c.netscan.targets[1], "printer.lan");
	assert_string_equal(c.netscan.ports, "all");
	assert_int_equal(c.netscan.rate, 0);
	assert_int_equal(c.netscan.timeout_ms, 1000);
	assert_int_equal(c.netscan.retries, 1);
	assert_true(c.netscan.allow_public);
	assert_int_equal(c.inventory.n_devices, 2);
	assert_string_equal(c.inventory.devices[0].holiday, "off");
	assert_string_equal(c.inventory.devices[1].holiday, "on");
	assert_int_equal(c.inventory.devices[0].n_allow, 1);
	assert_int_equal(c.inventory.devices[0].allow[0].port, 443);
	assert_null(c.inventory.devices[0].allow[0].proto);
	assert_int_equal(c.inventory.devices[1].line, 16);
	config_free(&c);
	config_defaults(&c);
	assert_int_equal(c.netscan.rate, 50000);
	assert_int_equal(c.inventory.n_devices, 0);
	config_free(&c);
}

static void test_backup(void **state)
{
	static const char y[] =
		"backup:\n"
		"  important: [/srv/data/, /var/lib/app]\n"
		"  config: [/opt/app/conf]\n"
		"  max_age_hours: 30\n"
		"  verify_max_age_days: 7\n"
		"  jobs:\n"
		"    - name: nightly\n"
		"      kind: restic\n"
		"      repository: sftp:backup@nas:/restic\n"
		"      password_command: pass show backup\n"
		"      paths: [/etc, /srv/data]\n"
		"      max_age_hours: 26\n"
		"      offline: true\n"
		"      sample: 5%\n"
		"      check_percent: 0\n"
		"      timeout_minutes: 90\n"
		"    - name: etc-tar\n"
		"      kind: archive\n"
		"      repository: /mnt/usb/etc\n"
		"      paths: [/]\n"
		"      sample: 50\n";
	struct config c;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(PARSE_LIT(y, &c, &e), 0);
	assert_int_equal(c.backup.n_important, 2);
	assert_string_equal(c.backup.important[0], "/srv/data");
	assert_string_equal(c.backup.config[0], "/opt/app/conf");
	assert_int_equal(c.backup.max_age_hours, 30);
	assert_int_equal(c.backup.verify_max_age_days, 7);
	assert_int_equal(c.backup.n_jobs, 2);
	assert_string_equal(c.backup.jobs[0].name, "nightly");
	assert_int_equal(c.backup.jobs[0].kind, BACKUP_RESTIC);
	assert_string_equal(c.backup.jobs[0].password_command, "pass show backup");
	assert_int_equal(c.backup.jobs[0].n_paths, 2);
	assert_true(c.backup.jobs[0].offline);
	assert_int_equal(c.backup.jobs[0].sample_percent, 5);
	assert_int_equal(c.backup.jobs[0].sample_files, 0);
	assert_true(c.backup.jobs[0].has_check_percent);
	assert_int_equal(c.backup.jobs[0].check_percent, 0);
	assert_int_equal(c.backup.jobs[0].timeout_minutes, 90);
	assert_int_equal(c.backup.jobs[0].line, 7);
	assert_int_equal(c.backup.jobs[1].kind, BACKUP_ARCHIVE);
	assert_string_equal(c.backup.jobs[1].paths[0], "/");
	assert_int_equal(c.backup.jobs[1].sample_files, 50);
	assert_false(c.backup.jobs[1].offline);
	assert_string_equal(backup_kind_name(c.backup.jobs[1].kind), "archive");
	config_free(&c);
	assert_int_equal(c.backup.max_age_hours, BACKUP_DEFAULT_MAX_AGE_HOURS);
	assert_int_equal(c.backup.n_jobs, 0);
}

/* libfyaml's own errors keep their line. */
static void test_syntax_error_line(void **state)
{
	static const char y[] = "version: 1\norganisation: x\naudit:\n  skip: [a, b\nssh: {}\n";
	struct err e = { 0 };
	struct config c;

	(void)state;
	assert_int_equal(PARSE_LIT(y, &c, &e), -EINVAL);
	print_message("%s\n", e.msg);
	assert_true(!strncmp(e.msg, F ":", strlen(F ":")));
	assert_true(e.msg[strlen(F ":")] >= '4' && e.msg[strlen(F ":")] <= '6');
	assert_non_null(strstr(e.msg, "invalid YAML"));
	assert_defaults(&c);
}

/* Builds "prefix" + n copies of item + suffix. */
static char *repeat(const char *prefix, const char *item, size_t n, const char *suffix, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	assert_int_equal(strbuf_adds(&sb, prefix), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(strbuf_adds(&sb, item), 0);
	assert_int_equal(strbuf_adds(&sb, suffix), 0);
	return strbuf_detach(&sb, len);
}

static void test_list_cap(void **state)
{
	struct err e = { 0 };
	struct config c;
	size_t len;
	char *y;

	(void)state;
	/* exactly CONFIG_MAX_LIST entries parse */
	y = repeat("accounts:\n  ignore: [", "u,", CONFIG_MAX_LIST - 1, "u]\n", &len);
	assert_int_equal(config_parse(y, len, F, &c, &e), 0);
	assert_int_equal(c.accounts.n_ignore, CONFIG_MAX_LIST);
	config_free(&c);
	free(y);
	/* one more does not */
	y = repeat("accounts:\n  ignore: [", "u,", CONFIG_MAX_LIST, "u]\n", &len);
	assert_int_equal(config_parse(y, len, F, &c, &e), -EINVAL);
	assert_non_null(strstr(e.msg, F ":2: more than 4096 entries"));
	assert_defaults(&c);
	free(y);
	/* allow entries, block style */
	y = repeat("allow:\n", "- {check: a, subject: b, reason: c}\n", CONFIG_MAX_LIST + 1, "", &len);
	assert_int_equal(config_parse(y, len, F, &c, &e), -EINVAL);
	assert_non_null(strstr(e.msg, "more than 4096 entries"));
	assert_defaults(&c);
	free(y);
	/* a huge mapping */
	y = repeat("x: {", "a: 1, ", CONFIG_MAX_LIST + 1, "}\n", &len);
	assert_int_equal(config_parse(y, len, F, &c, &e), -EINVAL);
	assert_non_null(strstr(e.msg, "more than 4096 entries"));
	free(y);
}

static void test_node_cap(void **state)
{
	struct err e = { 0 };
	struct config c;
	size_t len;
	char *inner, *y;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	(void)state;
	/* 30 lists of 4000 scalars: under every list cap, over the node cap */
	inner = repeat("  [", "a,", 3999, "a],\n", &len);
	assert_int_equal(strbuf_adds(&sb, "x: [\n"), 0);
	for (i = 0; i < 30; i++)
		assert_int_equal(strbuf_adds(&sb, inner), 0);
	assert_int_equal(strbuf_adds(&sb, "]\n"), 0);
	y = strbuf_detach(&sb, &len);
	assert_int_equal(config_parse(y, len, F, &c, &e), -EINVAL);
	print_message("%s\n", e.msg);
	assert_non_null(strstr(e.msg, "more than 100000 values in the file"));
	assert_defaults(&c);
	free(inner);
	free(y);
}

static void test_depth_cap(void **state)
{
	struct err e = { 0 };
	struct config c;
	size_t len;
	char *open, *y;

	(void)state;
	open = repeat("x: ", "[", 40, "", &len);
	y = repeat(open, "]", 40, "\n", &len);
	assert_int_equal(config_parse(y, len, F, &c, &e), -EINVAL);
	assert_non_null(strstr(e.msg, F ":1: nested deeper than 32 levels"));
	free(open);
	free(y);
	/* block mappings nest too */
	{
		struct strbuf sb = STRBUF_INIT;
		size_t i, k;

		for (i = 0; i < 40; i++) {
			for (k = 0; k < i; k++)
				assert_int_equal(strbuf_adds(&sb, " "), 0);
			assert_int_equal(strbuf_adds(&sb, "k:\n"), 0);
		}
		y = strbuf_detach(&sb, &len);
		assert_int_equal(config_parse(y, len, F, &c, &e), -EINVAL);
		assert_non_null(strstr(e.msg, "nested deeper than 32 levels"));
		free(y);
	}
	/* a depth that fits is only an unknown key */
	open = repeat("x: ", "[", 30, "", &len);
	y = repeat(open, "]", 30, "\n", &len);
	assert_int_equal(config_parse(y, len, F, &c, &e), -EINVAL);
	assert_non_null(strstr(e.msg, F ":1: unknown key 'x'"));
	free(open);
	free(y);
}

static void test_size_caps(void **state)
{
	struct err e = { 0 };
	struct config c;
	char *y;
	size_t len;

	(void)state;
	/* over CONFIG_MAX_BYTES: refused before parsing */
	len = CONFIG_MAX_BYTES + 1;
	y = malloc(len);
	assert_non_null(y);
	memset(y, '#', len);
	assert_int_equal(config_parse(y, len, F, &c, &e), -EFBIG);
	assert_non_null(strstr(e.msg, F ": larger than"));
	assert_defaults(&c);
	free(y);
	/* a 1 MB line */
	y = repeat("organisation: ", "x", (size_t)1 << 20, "\n", &len);
	assert_int_equal(config_parse(y, len, F, &c, &e), -EINVAL);
	assert_non_null(strstr(e.msg, F ":1: line longer than 65536 bytes"));
	free(y);
	/* a long string that fits in a line but not in a value */
	y = repeat("organisation: ", "x", 5000, "\n", &len);
	assert_int_equal(config_parse(y, len, F, &c, &e), -EINVAL);
	assert_non_null(strstr(e.msg, F ":1: organisation: longer than 4096 bytes"));
	free(y);
	/* a long unknown key is quoted short */
	y = repeat("", "k", 1000, ": 1\n", &len);
	assert_int_equal(config_parse(y, len, F, &c, &e), -EINVAL);
	assert_non_null(strstr(e.msg, "kkk...'"));
	assert_true(strlen(e.msg) < 200);
	free(y);
}

/* An error part-way through frees what was parsed (ASan/LSan check the rest). */
static void test_error_frees_partial(void **state)
{
	static const char y[] =
		"organisation: Example\n"
		"audit: {skip: [a, b, c]}\n"
		"accounts: {ignore: [x, y]}\n"
		"allow:\n"
		"  - {check: a, subject: b, reason: c}\n"
		"  - {check: d, subject: e, reason: f, expires: 2027-02-30}\n";
	struct err e = { 0 };
	struct config c;

	(void)state;
	assert_int_equal(PARSE_LIT(y, &c, &e), -EINVAL);
	assert_non_null(strstr(e.msg, F ":6: allow[1].expires: invalid date '2027-02-30'"));
	assert_defaults(&c);
}

static void test_fname(void **state)
{
	struct err e = { 0 };
	struct config c;

	(void)state;
	assert_int_equal(config_parse("x: 1\n", 5, "/etc/kyuka/kyuka.yaml", &c, &e), -EINVAL);
	assert_string_equal(e.msg, "/etc/kyuka/kyuka.yaml:1: unknown key 'x'");
	assert_int_equal(config_parse("x: 1\n", 5, NULL, &c, &e), -EINVAL);
	assert_string_equal(e.msg, "config:1: unknown key 'x'");
	assert_int_equal(config_parse("version: 1\n", 11, NULL, &c, NULL), 0);
	assert_null(c.source);
	config_free(&c);
	assert_int_equal(config_parse(NULL, 0, F, &c, &e), 0);
	assert_string_equal(c.source, F);
	config_free(&c);
	assert_int_equal(config_parse(NULL, 5, F, &c, &e), -EINVAL);
	/* a NULL err is fine on failure too */
	assert_int_equal(config_parse("x: 1\n", 5, F, &c, NULL), -EINVAL);
	assert_defaults(&c);
}

/* The parser reads only len bytes: the input need not be terminated. */
static void test_unterminated(void **state)
{
	static const char text[] = "accounts: {dormant_days: 12}";
	struct config c;
	char *y = malloc(sizeof(text) - 1);

	(void)state;
	assert_non_null(y);
	memcpy(y, text, sizeof(text) - 1);
	assert_int_equal(config_parse(y, sizeof(text) - 1, F, &c, NULL), 0);
	assert_int_equal(c.accounts.dormant_days, 12);
	config_free(&c);
	/* a prefix of a valid buffer is parsed as that prefix */
	assert_int_equal(config_parse(y, sizeof(text) - 3, F, &c, NULL), -EINVAL);
	assert_int_equal(config_parse("accounts: {dormant_days: 12}trailing", sizeof(text) - 1, F, &c, NULL), 0);
	assert_int_equal(c.accounts.dormant_days, 12);
	config_free(&c);
	free(y);
}


/* The plan, alert and monitoring sections: nested sections, lists, "none", choices, lines. */
static const char plan_yaml[] =
	"plan:\n"
	"  verify_days: 30\n"
	"  procedure: {document: /srv/bcp.md, reviewed: 2026-12-01}\n"
	"  reporting:\n"
	"    phone: 03-1234-5678\n"
	"    hours: 毎日 9-21\n"
	"  roles:\n"
	"    - role: 意思決定者\n"
	"      primary: {name: 山田, phone: 090-1234-5678, mail: y@example.jp, verified: 2026-12-01}\n"
	"      backup:\n"
	"        name: 佐藤\n"
	"    - role: responder\n"
	"  vendors:\n"
	"    - name: A\n"
	"      off_hours: NONE\n"
	"    - name: B\n"
	"      contact: {url: https://b.example.jp}\n"
	"      off_hours: {phone: 0120-123-456, mail: b@example.jp}\n"
	"      contract_id: C-1\n"
	"alert:\n"
	"  channel: SMTP\n"
	"  url: smtp://127.0.0.1:2525\n"
	"  to: [a@example.jp, b@example.jp]\n"
	"  starttls: required\n"
	"monitoring: {margin_days: 0}\n";

static void test_plan(void **state)
{
	struct config c;
	struct err e = { 0 };

	(void)state;
	config_defaults(&c);
	assert_int_equal(c.plan.verify_days, 90);
	assert_int_equal(c.monitoring.margin_days, 7);
	assert_int_equal(c.alert.timeout, 20);
	assert_int_equal(PARSE_LIT(plan_yaml, &c, &e), 0);
	assert_true(c.plan.present);
	assert_int_equal(c.plan.line, 2);
	assert_int_equal(c.plan.verify_days, 30);
	assert_string_equal(c.plan.procedure.document, "/srv/bcp.md");
	assert_string_equal(c.plan.procedure.reviewed, "2026-12-01");
	assert_true(c.plan.reporting.present);
	assert_int_equal(c.plan.reporting.line, 5);
	assert_null(c.plan.reporting.mail);
	assert_string_equal(c.plan.reporting.hours, "毎日 9-21");
	assert_int_equal(c.plan.n_roles, 2);
	assert_string_equal(c.plan.roles[0].role, "意思決定者");
	assert_true(c.plan.roles[0].has_primary);
	assert_string_equal(c.plan.roles[0].primary.mail, "y@example.jp");
	assert_string_equal(c.plan.roles[0].primary.verified, "2026-12-01");
	assert_int_equal(c.plan.roles[0].primary.line, 9);
	assert_true(c.plan.roles[0].has_backup);
	assert_string_equal(c.plan.roles[0].backup.name, "佐藤");
	assert_int_equal(c.plan.roles[0].backup.line, 11);
	assert_null(c.plan.roles[0].backup.phone);
	assert_false(c.plan.roles[1].has_primary);
	assert_false(c.plan.roles[1].has_backup);
	assert_int_equal(c.plan.roles[1].line, 12);
	assert_int_equal(c.plan.n_vendors, 2);
	assert_true(c.plan.vendors[0].has_off_hours);
	assert_true(c.plan.vendors[0].off_hours_none);
	assert_true(c.plan.vendors[1].has_off_hours);
	assert_false(c.plan.vendors[1].off_hours_none);
	assert_string_equal(c.plan.vendors[1].off_hours.mail, "b@example.jp");
	assert_string_equal(c.plan.vendors[1].contact.url, "https://b.example.jp");
	assert_string_equal(c.plan.vendors[1].contract_id, "C-1");
	assert_int_equal(c.plan.vendors[1].line, 16);
	assert_true(c.alert.present);
	assert_string_equal(c.alert.channel, "smtp");
	assert_string_equal(c.alert.starttls, "required");
	assert_int_equal(c.alert.n_to, 2);
	assert_int_equal(c.monitoring.margin_days, 0);
	config_free(&c);
	assert_false(c.plan.present);
	assert_null(c.plan.roles);
	config_free(&c);
}

static void test_plan_errors(void **state)
{
	static const struct {
		const char *yaml, *msg;
	} cases[] = {
		{ "plan:\n  roles:\n    - role: r\n      primary: {name: a, phon: 1}\n",
		  "kyuka.yaml:4: unknown key 'phon' in 'plan.roles[0].primary'" },
		{ "plan:\n  roles:\n    - role: r\n      primary: {phone: 1}\n",
		  "kyuka.yaml:4: plan.roles[0].primary: missing 'name'" },
		{ "plan:\n  vendors:\n    - name: v\n      off_hours: never\n",
		  "kyuka.yaml:4: plan.vendors[0].off_hours: expected a mapping or the word none, got a scalar" },
		{ "plan:\n  vendors:\n    - name: v\n      off_hours: [none]\n",
		  "kyuka.yaml:4: plan.vendors[0].off_hours: expected a mapping or the word none, got a list" },
		{ "plan:\n  roles: {role: x}\n", "kyuka.yaml:2: plan.roles: expected a list, got a mapping" },
		{ "alert:\n  channel: pager\n",
		  "kyuka.yaml:2: alert.channel: expected one of smtp, webhook, syslog, got 'pager'" },
		{ "alert:\n  channel: [smtp]\n", "kyuka.yaml:2: alert.channel: expected a word, got a list" },
		{ "alert:\n  channel: smtp\n  starttls: maybe\n",
		  "kyuka.yaml:3: alert.starttls: expected one of try, required, never, got 'maybe'" },
		{ "alert:\n  channel: smtp\n  timeout: 0\n", "kyuka.yaml:3: alert.timeout must be between 1 and 300" },
		{ "alert:\n  channel: smtp\n  url: smtp://a b\n", "kyuka.yaml:3: alert.url: must be a single word" },
		{ "monitoring:\n  margin_days: 3651\n", "kyuka.yaml:2: monitoring.margin_days must be between 0 and 3650" },
		{ "plan:\n  procedure: {reviewed: 2026-01-01}\n", "kyuka.yaml:2: plan.procedure: missing 'document'" },
		{ "plan:\n  reporting:\n    note: \"a\\x1bb\"\n", "kyuka.yaml:3: plan.reporting.note: contains a control character" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config c;
		struct err e = { 0 };

		if (config_parse(cases[i].yaml, strlen(cases[i].yaml), F, &c, &e) != -EINVAL)
			fail_msg("accepted: %s", cases[i].yaml);
		if (strstr(e.msg, cases[i].msg) == NULL)
			fail_msg("got '%s', want '%s'", e.msg, cases[i].msg);
		assert_clean_message(e.msg);
		assert_false(c.plan.present);
		config_free(&c);
	}
}

static void test_date_parse(void **state)
{
	static const struct {
		const char *s;
		int ok, y, m, d;
	} cases[] = {
		{ "2026-12-27", 1, 2026, 12, 27 },
		{ "1970-01-01", 1, 1970, 1, 1 },
		{ "9999-12-31", 1, 9999, 12, 31 },
		{ "2000-02-29", 1, 2000, 2, 29 },
		{ "2024-02-29", 1, 2024, 2, 29 },
		{ "2026-04-30", 1, 2026, 4, 30 },
		{ "2026-02-30", 0 }, { "2026-02-29", 0 }, { "1900-02-29", 0 }, { "2100-02-29", 0 },
		{ "2026-04-31", 0 }, { "2026-00-10", 0 }, { "2026-13-10", 0 }, { "2026-01-00", 0 },
		{ "2026-01-32", 0 }, { "1969-12-31", 0 }, { "0000-01-01", 0 }, { "2026-1-01", 0 },
		{ "2026-01-1", 0 }, { "2026/01/01", 0 }, { "20260101", 0 }, { "", 0 }, { "2026-01-01 ", 0 },
		{ " 2026-01-01", 0 }, { "2026-01-0x", 0 }, { "+026-01-01", 0 }, { "2026-01-01T00", 0 },
		{ "２０２６-01-01", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int y = -1, m = -1, d = -1;
		int r = date_parse(cases[i].s, strlen(cases[i].s), &y, &m, &d);

		print_message("date '%s'\n", cases[i].s);
		if (cases[i].ok) {
			assert_int_equal(r, 0);
			assert_int_equal(y, cases[i].y);
			assert_int_equal(m, cases[i].m);
			assert_int_equal(d, cases[i].d);
		} else {
			assert_int_equal(r, -EINVAL);
			assert_int_equal(y, -1);	/* outputs untouched on failure */
		}
	}
	/* not terminated: only len bytes are read */
	{
		int y, m, d;

		assert_int_equal(date_parse("2026-01-019", 10, &y, &m, &d), 0);
		assert_int_equal(d, 1);
		assert_int_equal(date_parse(NULL, 0, &y, &m, &d), -EINVAL);
	}
}

static void test_holiday_parse(void **state)
{
	static const struct {
		const char *s;
		const char *start, *end;	/* NULL: must fail with want */
		const char *want;
	} cases[] = {
		{ "2026-12-27..2027-01-04", "2026-12-27", "2027-01-04", NULL },
		{ "2026-12-27..2026-12-27", "2026-12-27", "2026-12-27", NULL },
		{ "2024-02-29..2024-03-01", "2024-02-29", "2024-03-01", NULL },
		{ "2027-01-04..2026-12-27", NULL, NULL, "holiday ends on 2026-12-27, before it starts on 2027-01-04" },
		{ "2026-02-30..2026-03-01", NULL, NULL, "invalid date '2026-02-30' in holiday" },
		{ "2026-03-01..2026-02-30", NULL, NULL, "invalid date '2026-02-30' in holiday" },
		{ "2026-12-27...2027-01-04", NULL, NULL, "expected YYYY-MM-DD..YYYY-MM-DD" },
		{ "2026-12-27-2027-01-04", NULL, NULL, "expected YYYY-MM-DD..YYYY-MM-DD" },
		{ "2026-12-27..", NULL, NULL, "expected YYYY-MM-DD..YYYY-MM-DD" },
		{ "", NULL, NULL, "invalid holiday ''" },
		{ "2026-12-27..2027-01-0\x1b", NULL, NULL, "invalid date '2027-01-0\\x1b'" },
		{ "\x1b[2J-12-27..2027-01-04", NULL, NULL, "invalid date '\\x1b[2J-12-27'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char start[11] = "untouched", end[11] = "untouched";
		struct err e = { 0 };
		int r = holiday_parse(cases[i].s, strlen(cases[i].s), start, end, &e);

		print_message("holiday '%s'\n", cases[i].s);
		if (cases[i].start) {
			assert_int_equal(r, 0);
			assert_string_equal(start, cases[i].start);
			assert_string_equal(end, cases[i].end);
		} else {
			assert_int_equal(r, -EINVAL);
			print_message("  %s\n", e.msg);
			assert_non_null(strstr(e.msg, cases[i].want));
			assert_clean_message(e.msg);
			assert_string_equal(start, "untouched");
			assert_string_equal(end, "untouched");
		}
	}
	{
		char start[11], end[11];
		assert_int_equal(holiday_parse(NULL, 0, start, end, NULL), -EINVAL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test(test_ok_cases),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_block),
		cmocka_unit_test(test_bad_cases),
		cmocka_unit_test(test_logs_section),
		cmocka_unit_test(test_baseline_watch_feeds_update),
		cmocka_unit_test(test_backup),
		cmocka_unit_test(test_netscan),
		cmocka_unit_test(test_syntax_error_line),
		cmocka_unit_test(test_list_cap),
		cmocka_unit_test(test_node_cap),
		cmocka_unit_test(test_depth_cap),
		cmocka_unit_test(test_size_caps),
		cmocka_unit_test(test_error_frees_partial),
		cmocka_unit_test(test_fname),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_plan_errors),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_holiday_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
