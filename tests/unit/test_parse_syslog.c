/* Unit tests for log line headers: RFC 3164, RFC 3339, OpenVPN's formats, hostile lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/syslog.h"
#include "util/xalloc.h"

struct hcase {
	const char *line;
	enum syslog_ts ts;
	int year, mon, mday, hour, min, sec;
	int64_t t;
	const char *host, *prog;
	int64_t pid;
	const char *msg;
};

static const struct hcase cases[] = {
	{ "Dec 31 03:20:34 web1 sshd[811]: Failed password", SYSLOG_TS_NOYEAR, 0, 12, 31, 3, 20, 34, 0, "web1", "sshd", 811, "Failed password" },
	{ "Jan  1 00:00:00 web1 kernel: [  1.0] x", SYSLOG_TS_NOYEAR, 0, 1, 1, 0, 0, 0, 0, "web1", "kernel", -1, "[  1.0] x" },
	{ "Feb 29 23:59:60 h sshd(pam_unix)[1]: authentication failure;", SYSLOG_TS_NOYEAR, 0, 2, 29, 23, 59, 60, 0, "h", "sshd(pam_unix)", 1, "authentication failure;" },
	{ "2026-12-31T03:20:34.123456+09:00 web1 sshd[811]: Accepted", SYSLOG_TS_ABS, 0, 0, 0, 0, 0, 0, 1798654834, "web1", "sshd", 811, "Accepted" },
	{ "2026-12-30T18:20:34Z web1 su: (to root) a on pts/0", SYSLOG_TS_ABS, 0, 0, 0, 0, 0, 0, 1798654834, "web1", "su", -1, "(to root) a on pts/0" },
	{ "2026-12-31T03:20:34+0900 web1 sudo:   alice : x", SYSLOG_TS_ABS, 0, 0, 0, 0, 0, 0, 1798654834, "web1", "sudo", -1, "  alice : x" },
	{ "2026-12-31 03:20:34 203.0.113.5:1 [c] Peer Connection Initiated", SYSLOG_TS_LOCAL, 2026, 12, 31, 3, 20, 34, 0, "", "", -1, "203.0.113.5:1 [c] Peer Connection Initiated" },
	{ "Thu Dec 31 03:20:34 2026 203.0.113.5:1 TLS Error", SYSLOG_TS_LOCAL, 2026, 12, 31, 3, 20, 34, 0, "", "", -1, "203.0.113.5:1 TLS Error" },
	{ "Dec 31 03:20:34 web1 no tag here", SYSLOG_TS_NOYEAR, 0, 12, 31, 3, 20, 34, 0, "web1", "", -1, "no tag here" },
	{ "Dec 31 03:20:34 web1 prog[12x]: m", SYSLOG_TS_NOYEAR, 0, 12, 31, 3, 20, 34, 0, "web1", "", -1, "prog[12x]: m" },
	/* no host: Dovecot's log_path file (real lines of Dovecot 2.3.19, tests/integration/logs_peers.sh), local syslog */
	{ "Dec 06 21:20:04 imap-login: Info: Login: user=<u>, method=PLAIN, rip=127.0.0.1", SYSLOG_TS_NOYEAR, 0, 12, 6, 21, 20, 4, 0, "", "imap-login", -1, "Info: Login: user=<u>, method=PLAIN, rip=127.0.0.1" },
	{ "Dec 06 21:20:01 auth-worker(20042): Info: conn unix:auth-worker", SYSLOG_TS_NOYEAR, 0, 12, 6, 21, 20, 1, 0, "", "auth-worker(20042)", -1, "Info: conn unix:auth-worker" },
	{ "Dec  6 21:19:59 sshd[811]: Failed password", SYSLOG_TS_NOYEAR, 0, 12, 6, 21, 19, 59, 0, "", "sshd", 811, "Failed password" },
	{ "2026-12-30T18:20:34Z su: x", SYSLOG_TS_ABS, 0, 0, 0, 0, 0, 0, 1798654834, "", "su", -1, "x" },
	{ "Dec 31 03:20:34 : x", SYSLOG_TS_NOYEAR, 0, 12, 31, 3, 20, 34, 0, "", "", -1, ": x" },
	/* Samba's log.smbd: a record's header, and the authentication audit line after it with its own time */
	{ "[2026/12/30 10:00:00.123456,  2] ../../auth/auth_log.c:876(log_authentication_event_human_readable)", SYSLOG_TS_LOCAL, 2026, 12, 30, 10, 0, 0, 0, "", "", -1, "../../auth/auth_log.c:876(log_authentication_event_human_readable)" },
	{ "[2026/12/30 10:00:00,  3, pid=1234, effective(0, 0), real(0, 0)] ../source3/smbd/server.c:1740(main)", SYSLOG_TS_LOCAL, 2026, 12, 30, 10, 0, 0, 0, "", "", -1, "../source3/smbd/server.c:1740(main)" },
	{ "  Auth: [SMB2,(null)] user [WORKGROUP]\\[alice] at [Wed, 30 Dec 2026 10:00:01.123456 JST] with [NTLMv2] status [NT_STATUS_WRONG_PASSWORD] workstation [KALI] remote host [ipv4:203.0.113.11:50112] mapped to [WORKGROUP]\\[alice]. local host [ipv4:192.0.2.1:445] ",
	  SYSLOG_TS_LOCAL, 2026, 12, 30, 10, 0, 1, 0, "", "", -1, "  Auth: [SMB2,(null)] user [WORKGROUP]\\[alice] at [Wed, 30 Dec 2026 10:00:01.123456 JST] with [NTLMv2] status [NT_STATUS_WRONG_PASSWORD] workstation [KALI] remote host [ipv4:203.0.113.11:50112] mapped to [WORKGROUP]\\[alice]. local host [ipv4:192.0.2.1:445] " },
	{ "  Auth: [SMB2,(null)] user [W]\\[a] at [Wed, 31 Feb 2026 10:00:01.1 JST] with", SYSLOG_TS_NONE, 0, 0, 0, 0, 0, 0, 0, "", "", -1, "  Auth: [SMB2,(null)] user [W]\\[a] at [Wed, 31 Feb 2026 10:00:01.1 JST] with" },
	{ "  some other message at [Wed, 30 Dec 2026 10:00:01.123456 JST] of smbd", SYSLOG_TS_NONE, 0, 0, 0, 0, 0, 0, 0, "", "", -1, "  some other message at [Wed, 30 Dec 2026 10:00:01.123456 JST] of smbd" },
	{ "[2026/13/30 10:00:00.123456,  2] x", SYSLOG_TS_NONE, 0, 0, 0, 0, 0, 0, 0, "", "", -1, "[2026/13/30 10:00:00.123456,  2] x" },
	/* ProFTPD's own SystemLog: before 1.3.5b a syslog time, since then "YYYY-MM-DD HH:MM:SS,mmm"; "proftpd[PID] " without a colon */
	{ "Dec 30 10:00:00 myhost proftpd[12345] myhost.domain.com (203.0.113.21[203.0.113.21]): USER alice (Login failed): Incorrect password", SYSLOG_TS_NOYEAR, 0, 12, 30, 10, 0, 0, 0, "myhost", "proftpd", 12345, "myhost.domain.com (203.0.113.21[203.0.113.21]): USER alice (Login failed): Incorrect password" },
	{ "2026-12-30 10:00:00,464 myhost proftpd[12345] myhost.domain.com (203.0.113.21[203.0.113.21]): USER alice (Login failed): Incorrect password", SYSLOG_TS_LOCAL, 2026, 12, 30, 10, 0, 0, 0, "myhost", "proftpd", 12345, "myhost.domain.com (203.0.113.21[203.0.113.21]): USER alice (Login failed): Incorrect password" },
	{ "Dec 30 10:00:00 myhost other[12345] no colon", SYSLOG_TS_NOYEAR, 0, 12, 30, 10, 0, 0, 0, "myhost", "", -1, "other[12345] no colon" },
	{ "2026-12-30 10:00:00,46 x", SYSLOG_TS_NONE, 0, 0, 0, 0, 0, 0, 0, "", "", -1, "2026-12-30 10:00:00,46 x" },
	/* not headers */
	{ "Dec 32 03:20:34 web1 sshd: x", SYSLOG_TS_NONE, 0, 0, 0, 0, 0, 0, 0, "", "", -1, "Dec 32 03:20:34 web1 sshd: x" },
	{ "Foo 31 03:20:34 web1 sshd: x", SYSLOG_TS_NONE, 0, 0, 0, 0, 0, 0, 0, "", "", -1, "Foo 31 03:20:34 web1 sshd: x" },
	{ "Dec 31 25:20:34 web1 sshd: x", SYSLOG_TS_NONE, 0, 0, 0, 0, 0, 0, 0, "", "", -1, "Dec 31 25:20:34 web1 sshd: x" },
	{ "2026-02-30T03:20:34Z web1 sshd: x", SYSLOG_TS_NONE, 0, 0, 0, 0, 0, 0, 0, "", "", -1, "2026-02-30T03:20:34Z web1 sshd: x" },
	{ "2026-12-31T03:20:34 web1 sshd: no zone", SYSLOG_TS_NONE, 0, 0, 0, 0, 0, 0, 0, "", "", -1, "2026-12-31T03:20:34 web1 sshd: no zone" },
	{ "", SYSLOG_TS_NONE, 0, 0, 0, 0, 0, 0, 0, "", "", -1, "" },
	{ "Dec 31 03:20:34", SYSLOG_TS_NONE, 0, 0, 0, 0, 0, 0, 0, "", "", -1, "Dec 31 03:20:34" },
	{ "Dec 31 03:20:34 ", SYSLOG_TS_NOYEAR, 0, 12, 31, 3, 20, 34, 0, "", "", -1, "" },
};

static void span_is(struct span s, const char *want, size_t i, const char *what)
{
	if (s.len != strlen(want) || memcmp(s.p, want, s.len) != 0) {
		print_error("case %zu: %s '%.*s', want '%s'\n", i, what, (int)s.len, s.p, want);
		fail();
	}
}

static void test_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct hcase *c = &cases[i];
		size_t n = strlen(c->line);
		char *buf = xmalloc(n ? n : 1);
		struct syslog_line o;

		memcpy(buf, c->line, n);
		syslog_parse_line(buf, n, &o);
		if (o.ts != c->ts) {
			print_error("case %zu: ts %d, want %d\n", i, (int)o.ts, (int)c->ts);
			fail();
		}
		if (c->ts == SYSLOG_TS_ABS)
			assert_int_equal(o.t, c->t);
		if (c->ts == SYSLOG_TS_NOYEAR || c->ts == SYSLOG_TS_LOCAL) {
			assert_int_equal(o.mon, c->mon);
			assert_int_equal(o.mday, c->mday);
			assert_int_equal(o.hour, c->hour);
			assert_int_equal(o.min, c->min);
			assert_int_equal(o.sec, c->sec);
		}
		if (c->ts == SYSLOG_TS_LOCAL)
			assert_int_equal(o.year, c->year);
		span_is(o.host, c->host, i, "host");
		span_is(o.prog, c->prog, i, "prog");
		assert_int_equal(o.pid, c->pid);
		span_is(o.msg, c->msg, i, "msg");
		free(buf);
	}
}

static void test_hostile(void **state)
{
	static const char nul[] = "Dec 31 03:20:34 we\0b1 ss\0hd[1]: \x1b[2Jx\xff";
	size_t n = (size_t)1 << 20;
	char *big = xmalloc(n);
	struct syslog_line o;

	(void)state;
	syslog_parse_line(nul, sizeof(nul) - 1, &o);
	assert_int_equal(o.ts, SYSLOG_TS_NOYEAR);
	/* a 1 MB tag is no tag */
	memcpy(big, "Dec 31 03:20:34 h ", 18);
	memset(big + 18, 'a', n - 18);
	syslog_parse_line(big, n, &o);
	assert_int_equal(o.prog.len, 0);
	assert_int_equal(o.msg.len, n - 18);
	/* a huge pid */
	memcpy(big + 18, "p[99999999999999999999]: x", 26);
	syslog_parse_line(big, 44, &o);
	assert_int_equal(o.prog.len, 0);
	free(big);
}

static void test_months(void **state)
{
	(void)state;
	assert_int_equal(syslog_month("Jan", 3), 1);
	assert_int_equal(syslog_month("Dec", 3), 12);
	assert_int_equal(syslog_month("dec", 3), 0);
	assert_int_equal(syslog_month("Dece", 4), 0);
	assert_int_equal(syslog_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(syslog_days_from_civil(2027, 1, 1), 20819);
	assert_true(syslog_valid_date(2028, 2, 29));
	assert_false(syslog_valid_date(2027, 2, 29));
}

static void same_as_full(const char *prev, const char *line, int want_sec)
{
	struct syslog_line a, b;
	size_t n = strlen(line);
	int se = syslog_same_minute(line, n, prev);

	assert_int_equal(se, want_sec);
	if (se < 0)
		return;
	syslog_parse_line(line, n, &a);
	syslog_parse_after_time(line, n, &b);
	assert_int_equal(a.ts, SYSLOG_TS_NOYEAR);
	assert_int_equal(b.ts, SYSLOG_TS_NOYEAR);
	assert_int_equal(a.sec, se);
	assert_true(a.host.p == b.host.p && a.host.len == b.host.len);
	assert_true(a.prog.p == b.prog.p && a.prog.len == b.prog.len);
	assert_true(a.msg.p == b.msg.p && a.msg.len == b.msg.len);
	assert_int_equal(a.pid, b.pid);
}

/* The minute of the line before: only the seconds and the rest are parsed, with the same result. */
static void test_same_minute(void **state)
{
	static const char prev[] = "Dec 31 03:20:34 web1 sshd[811]: x";

	(void)state;
	same_as_full(prev, "Dec 31 03:20:59 web1 sshd[812]: Failed password", 59);
	same_as_full(prev, "Dec 31 03:20:00 h su: (to root) a on pts/0", 0);
	same_as_full(prev, "Dec 31 03:20:60 h kernel: leap", 60);
	same_as_full(prev, "Dec 31 03:20:07 ", 7);
	same_as_full(prev, "Dec 31 03:20:61 h x: y", -1);	/* no such second */
	same_as_full(prev, "Dec 31 03:21:07 h x: y", -1);	/* another minute */
	same_as_full(prev, "Dec 31 03:20:7x h x: y", -1);
	same_as_full(prev, "Dec 31 03:20:07xh x: y", -1);
	same_as_full(prev, "Dec 31 03:20:07", -1);		/* too short to be a header */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_minute),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_months),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
