/* systemd INI, logrotate, rsyslog and syslog-ng parsing (crontab: test_parse_crontab): real files, edge cases, hostile bytes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/monconf.h"

#define LIT(s) (s), sizeof(s) - 1

static void test_sdini(void **state)
{
	static const char text[] =
		"# journald.conf\n"
		"[Journal]\n"
		"Storage=auto\n"
		"  SystemMaxUse = 500M  \n"
		"; a comment\n"
		"Storage=persistent\n"
		"MaxRetentionSec=1month\n"
		"Compress=yes \\\n"
		"# inside a continuation\n"
		" and more\r\n"
		"garbage line\n"
		"[Unclosed\n"
		"=novalue\n"
		"[Upload]\n"
		"URL=https://logs.example.jp:19532\n";
	const struct sdini_entry *e;
	struct sdini ini;

	(void)state;
	assert_int_equal(sdini_parse(LIT(text), &ini), 0);
	e = sdini_get(&ini, "Journal", "Storage");
	assert_non_null(e);
	assert_string_equal(e->value, "persistent");
	assert_int_equal(e->line, 6);
	assert_string_equal(sdini_get(&ini, "Journal", "SystemMaxUse")->value, "500M");
	assert_string_equal(sdini_get(&ini, "Journal", "Compress")->value, "yes  and more");
	assert_string_equal(sdini_get(&ini, "Upload", "URL")->value, "https://logs.example.jp:19532");
	assert_null(sdini_get(&ini, "Journal", "URL"));
	assert_int_equal(ini.bad.n, 3);
	assert_int_equal(ini.bad.line[0], 11);
	sdini_free(&ini);
	/* NUL, CRLF, a continuation at the end, empty input */
	assert_int_equal(sdini_parse(LIT("[A]\nK=v\0x\nL=1 \\"), &ini), 0);
	assert_int_equal(ini.bad.n, 1);
	assert_string_equal(sdini_get(&ini, "A", "L")->value, "1 ");
	sdini_free(&ini);
	assert_int_equal(sdini_parse(NULL, 0, &ini), 0);
	assert_int_equal(ini.n, 0);
	sdini_free(&ini);
}

static void test_sd_values(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(sd_parse_bytes(LIT("500M"), &v), 0);
	assert_true(v == 500ull << 20);
	assert_int_equal(sd_parse_bytes(LIT("4G"), &v), 0);
	assert_true(v == 4ull << 30);
	assert_int_equal(sd_parse_bytes(LIT("1024"), &v), 0);
	assert_true(v == 1024);
	assert_int_equal(sd_parse_bytes(LIT("2KB"), &v), 0);
	assert_true(v == 2048);
	assert_int_equal(sd_parse_bytes(LIT("10%"), &v), -EINVAL);
	assert_int_equal(sd_parse_bytes(LIT("M"), &v), -EINVAL);
	assert_int_equal(sd_parse_bytes(LIT("99999999999999999999"), &v), -ERANGE);
	assert_int_equal(sd_parse_bytes(LIT("16E"), &v), -ERANGE);
	assert_int_equal(sd_parse_timespan(LIT("1month"), &v), 0);
	assert_true(v == 2629800);
	assert_int_equal(sd_parse_timespan(LIT("2w 3d 12h"), &v), 0);
	assert_true(v == 2 * 604800 + 3 * 86400 + 12 * 3600);
	assert_int_equal(sd_parse_timespan(LIT("3600"), &v), 0);
	assert_true(v == 3600);
	assert_int_equal(sd_parse_timespan(LIT("0"), &v), 0);
	assert_true(v == 0);
	assert_int_equal(sd_parse_timespan(LIT("5 fortnights"), &v), -EINVAL);
	assert_int_equal(sd_parse_timespan(LIT(""), &v), -EINVAL);
	assert_int_equal(sd_parse_timespan(LIT("99999999999999999999y"), &v), -ERANGE);
	assert_int_equal(sd_parse_timespan(LIT("999999999999999y"), &v), -ERANGE);
}

static void test_logrotate(void **state)
{
	static const char conf[] =
		"# see \"man logrotate\" for details\n"
		"weekly\n"
		"rotate 4\n"
		"create\n"
		"#dateext\n"
		"include /etc/logrotate.d\n"
		"/var/log/wtmp {\n"
		"    missingok\n"
		"    monthly\n"
		"    create 0664 root utmp\n"
		"    minsize 1M\n"
		"    rotate 1\n"
		"}\n"
		"/var/log/syslog\n"
		"\"/var/log/with space.log\" /var/log/mail.log\n"
		"{\n"
		"\trotate 7\n"
		"\tdaily\n"
		"\tmaxage 5\n"
		"\tpostrotate\n"
		"\t\t/usr/lib/rsyslog/rsyslog-rotate } {\n"
		"\tendscript\n"
		"}\n"
		"/var/log/big.log { size 100M\n"
		"rotate 3\n"
		"}\n"
		"/var/log/keep.log { rotate -1\n daily\n maxsize 1G\n}\n"
		"rotate many\n"
		"/var/log/open.log {\n";
	struct lr_opts d;
	struct lr_file f;
	bool approx;
	const char *why = NULL;

	(void)state;
	assert_int_equal(logrotate_parse(LIT(conf), NULL, &f), 0);
	assert_int_equal(f.n_inc, 1);
	assert_string_equal(f.inc[0].path, "/etc/logrotate.d");
	assert_int_equal(f.inc[0].defaults.period, LR_WEEKLY);
	assert_int_equal(f.inc[0].defaults.rotate, 4);
	assert_int_equal(f.n_st, 4);
	assert_string_equal(f.st[0].paths[0], "/var/log/wtmp");
	assert_int_equal(f.st[0].o.period, LR_MONTHLY);
	assert_int_equal(f.st[0].o.rotate, 1);
	assert_true(f.st[0].o.missingok);
	assert_int_equal(lr_horizon_hours(&f.st[0].o, &approx, &why), 28 * 24);
	assert_int_equal(f.st[1].n_paths, 3);
	assert_string_equal(f.st[1].paths[1], "/var/log/with space.log");
	assert_int_equal(f.st[1].line, 14);
	assert_int_equal(lr_horizon_hours(&f.st[1].o, &approx, &why), 5 * 24);	/* maxage caps 7 days */
	assert_int_equal(lr_horizon_hours(&f.st[2].o, &approx, &why), -1);
	assert_non_null(strstr(why, "size"));
	assert_true(lr_horizon_hours(&f.st[3].o, &approx, &why) == INT64_MAX);
	assert_true(approx);
	/* "rotate many" is bad, the unclosed stanza is reported */
	assert_int_equal(f.bad.n, 2);
	lr_file_free(&f);

	/* an included file starts from the includer's defaults */
	lr_opts_default(&d);
	d.period = LR_DAILY;
	d.rotate = 2;
	assert_int_equal(logrotate_parse(LIT("/var/log/x {\n}\n"), &d, &f), 0);
	assert_int_equal(lr_horizon_hours(&f.st[0].o, &approx, &why), 48);
	lr_file_free(&f);
	/* logrotate's own defaults: no interval, rotate 0 */
	assert_int_equal(logrotate_parse(LIT("/var/log/y { daily\n}\n"), NULL, &f), 0);
	assert_int_equal(lr_horizon_hours(&f.st[0].o, &approx, &why), 0);
	lr_file_free(&f);
	assert_int_equal(logrotate_parse(LIT("/var/log/z {\n}\n"), NULL, &f), 0);
	assert_int_equal(lr_horizon_hours(&f.st[0].o, &approx, &why), -1);
	lr_file_free(&f);
	assert_int_equal(logrotate_parse(LIT("}\n{\nrotate\n/x\0y {\n}\n"), NULL, &f), 0);
	assert_true(f.bad.n >= 3);
	lr_file_free(&f);
}

static void test_rsyslog(void **state)
{
	static const char conf[] =
		"module(load=\"imuxsock\")\n"
		"$IncludeConfig /etc/rsyslog.d/*.conf\n"
		"include(file=\"/etc/rsyslog.local\" mode=\"optional\")\n"
		"*.*   @@(o)logs.example.jp:6514;RSYSLOG_SyslogProtocol23Format\n"
		"auth.* @192.0.2.7\n"
		"#*.* @@commented.example.jp\n"
		"mail.* /var/log/mail.log # @not-this\n"
		"/* *.* @@in-a-comment.example\n"
		"   */\n"
		"*.* action(type=\"omfwd\"\n"
		"          target=\"siem.example.jp\" port=\"514\"\n"
		"          protocol=\"tcp\")\n"
		"*.* action(type=\"omfile\" file=\"/var/log/all\")\n"
		"*.* action(type=\"omrelp\" target='relp.example.jp' port=\"2514\")\n"
		"*.* action(type=\"omfwd\" port=\"514\")\n"
		"if $msg contains '@@' then stop\n";
	struct syslog_conf c;

	(void)state;
	assert_int_equal(rsyslog_parse(LIT(conf), &c), 0);
	assert_int_equal(c.n_inc, 2);
	assert_string_equal(c.includes[0], "/etc/rsyslog.d/*.conf");
	assert_string_equal(c.includes[1], "/etc/rsyslog.local");
	assert_int_equal(c.n_fwd, 4);
	assert_string_equal(c.fwd[0].target, "logs.example.jp:6514");
	assert_string_equal(c.fwd[0].proto, "tcp");
	assert_int_equal(c.fwd[0].line, 4);
	assert_string_equal(c.fwd[1].target, "192.0.2.7");
	assert_string_equal(c.fwd[1].proto, "udp");
	assert_string_equal(c.fwd[2].target, "siem.example.jp");
	assert_string_equal(c.fwd[2].proto, "tcp");
	assert_int_equal(c.fwd[2].line, 10);
	assert_string_equal(c.fwd[3].target, "relp.example.jp");
	assert_string_equal(c.fwd[3].proto, "relp");
	assert_int_equal(c.bad.n, 1);	/* omfwd without target */
	syslog_conf_free(&c);
	assert_int_equal(rsyslog_parse(LIT("*.* action(type=\"omfwd\" target=\"x\"\n"), &c), 0);
	assert_int_equal(c.n_fwd, 0);
	assert_int_equal(c.bad.n, 1);
	syslog_conf_free(&c);
	assert_int_equal(rsyslog_parse(LIT("*.* @\0host\n@\n"), &c), 0);
	syslog_conf_free(&c);
}

static void test_syslogng(void **state)
{
	static const char conf[] =
		"@version: 3.38\n"
		"@include \"scl.conf\"\n"
		"source s_src { system(); internal(); };\n"
		"destination d_file { file(\"/var/log/messages\"); };\n"
		"destination d_net { network(\"logs.example.jp\" transport(\"tcp\") port(514)); };\n"
		"destination d_unused { syslog(\"unused.example.jp\"); };\n"
		"# destination d_c { tcp(\"commented\"); };\n"
		"log { source(s_src); destination(d_file); destination(d_net); };\n"
		"log { source(s_src); destination { udp(\"10.0.0.9\" port(514)); }; };\n";
	struct syslog_conf c;

	(void)state;
	assert_int_equal(syslogng_parse(LIT(conf), &c), 0);
	assert_int_equal(c.n_inc, 1);
	assert_string_equal(c.includes[0], "scl.conf");
	assert_int_equal(c.n_fwd, 2);
	assert_string_equal(c.fwd[0].target, "logs.example.jp");
	assert_string_equal(c.fwd[0].proto, "network");
	assert_int_equal(c.fwd[0].line, 8);
	assert_string_equal(c.fwd[1].target, "10.0.0.9");
	syslog_conf_free(&c);
	assert_int_equal(syslogng_parse(LIT("log { destination(d); \n destination d { {{{{ "), &c), 0);
	assert_int_equal(c.n_fwd, 0);
	syslog_conf_free(&c);
}

static void test_auditrules(void **state)
{
	struct audit_rules a;

	(void)state;
	auditrules_count(LIT("## comment\n-D\n-b 8192\n-f 1\n-w /etc/passwd -p wa -k identity\n"
			     "  -a always,exit -F arch=b64 -S execve -k exec\n-e 2\ngarbage\n-w /x\0\n"), &a);
	assert_int_equal(a.rules, 2);
	assert_true(a.immutable);
	assert_int_equal(a.bad.n, 2);
	auditrules_count(NULL, 0, &a);
	assert_int_equal(a.rules, 0);
}

/* 1 MiB lines, NUL bytes, deep nesting and junk: bounded, no crash. */
static void test_hostile(void **state)
{
	size_t n = (size_t)1 << 20, i;
	char *buf = malloc(n);
	struct sdini ini;
	struct lr_file f;
	struct syslog_conf c;

	(void)state;
	assert_non_null(buf);
	memset(buf, 'a', n);
	assert_int_equal(sdini_parse(buf, n, &ini), 0);
	assert_int_equal(ini.bad.n, 1);
	sdini_free(&ini);
	assert_int_equal(logrotate_parse(buf, n, NULL, &f), 0);
	assert_int_equal(f.bad.n, 1);
	lr_file_free(&f);
	for (i = 0; i < n; i++)
		buf[i] = i % 2 ? '(' : '{';
	assert_int_equal(syslogng_parse(buf, n, &c), 0);
	syslog_conf_free(&c);
	assert_int_equal(rsyslog_parse(buf, n, &c), 0);
	syslog_conf_free(&c);
	memcpy(buf, "action(", 7);
	assert_int_equal(rsyslog_parse(buf, n, &c), 0);
	syslog_conf_free(&c);
	for (i = 0; i < n; i++)
		buf[i] = (char)(i * 31 + 7);
	assert_int_equal(sdini_parse(buf, n, &ini), 0);
	sdini_free(&ini);
	assert_int_equal(logrotate_parse(buf, n, NULL, &f), 0);
	lr_file_free(&f);
	assert_int_equal(rsyslog_parse(buf, n, &c), 0);
	syslog_conf_free(&c);
	assert_int_equal(syslogng_parse(buf, n, &c), 0);
	syslog_conf_free(&c);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sdini),   cmocka_unit_test(test_sd_values), cmocka_unit_test(test_logrotate),
		cmocka_unit_test(test_rsyslog), cmocka_unit_test(test_syslogng),
		cmocka_unit_test(test_auditrules), cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
