/*
 * The log review engine on small generated roots: year inference across
 * December and January from the file's mtime, rotations read oldest first,
 * the window and the baseline, per-source counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "engines/logreview.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* 2027-01-05T00:00:00+09:00 */
#define JAN5 ((int64_t)1799074800)

static char dir[64];
static size_t max_sources;	/* 0: the default */

static void write_log(const char *rel, const char *text, int64_t mtime)
{
	char *path = xasprintf("%s/%s", dir, rel);
	struct timeval tv[2] = { { (time_t)mtime, 0 }, { (time_t)mtime, 0 } };
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(utimes(path, tv), 0);
	free(path);
}

static int setup(void **state)
{
	char *var, *log;
	int ret;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kyuka-lr-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	var = xasprintf("%s/var", dir);
	log = xasprintf("%s/var/log", dir);
	ret = mkdir(var, 0755) < 0 || mkdir(log, 0755) < 0 ? -1 : 0;
	free(var);
	free(log);
	return ret;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	(void)state;
	if (system(cmd) != 0)
		return -1;
	free(cmd);
	return 0;
}

static void run(struct logreview *lr, const char *tz)
{
	struct logreview_opts o;
	struct root *r;
	struct err e = { 0 };

	logreview_opts_defaults(&o);
	o.now = JAN5 + 3600;
	o.tz = tz;
	o.journal = LR_JOURNAL_NO;
	o.has_holiday = true;
	o.holiday_start_days = 20814; /* 2026-12-27 */
	o.holiday_end_days = 20822;   /* 2027-01-04 */
	o.brute_failures = 3;
	o.max_sources = max_sources;
	assert_int_equal(root_open(dir, &r, &e), 0);
	if (logreview_run(r, &o, lr, &e) < 0)
		fail_msg("%s", e.msg);
	root_close(r);
}

static void test_year_across_new_year(void **state)
{
	struct logreview lr;
	char when[48];

	(void)state;
	/* the rotated file ends in December; the current one runs from December into January */
	write_log("var/log/auth.log.1",
		  "Dec 20 10:00:00 h sshd[1]: Accepted publickey for alice from 192.0.2.10 port 1 ssh2\n"
		  "Dec 26 23:59:00 h sshd[1]: Failed password for root from 203.0.113.9 port 1 ssh2\n",
		  JAN5 - 9 * 86400);
	write_log("var/log/auth.log",
		  "Dec 31 23:59:58 h sshd[1]: Failed password for root from 203.0.113.9 port 1 ssh2\n"
		  "Dec 31 23:59:59 h sshd[1]: Failed password for admin from 203.0.113.9 port 1 ssh2\n"
		  "Jan  1 00:00:01 h sshd[1]: Failed password for root from 203.0.113.9 port 1 ssh2\n"
		  "Jan  1 00:00:02 h sshd[1]: Accepted password for root from 203.0.113.9 port 1 ssh2\n"
		  "Jan  4 12:00:00 h sshd[1]: Accepted publickey for alice from 192.0.2.10 port 1 ssh2\n",
		  JAN5);
	run(&lr, "Asia/Tokyo");
	assert_int_equal(lr.lines, 7);
	assert_int_equal(lr.n_integrity, 0); /* no time going backwards at New Year */
	assert_true(lr.has_baseline);
	assert_int_equal(lr.n_sources, 1);
	assert_string_equal(lr.sources[0]->addr, "203.0.113.9");
	assert_int_equal(lr.sources[0]->fail_window, 3);
	assert_int_equal(lr.sources[0]->fail_total, 4);
	assert_int_equal(lr.sources[0]->n_users, 2);
	assert_int_equal(lr.n_logins, 2);
	assert_string_equal(lr.logins[0].user, "root");
	assert_int_equal(lr.logins[0].prior_failures, 4);
	assert_true(lr.logins[0].new_source);
	assert_true(lr.logins[0].root);
	assert_string_equal(lr.logins[0].ev.where, "/var/log/auth.log:4");
	logreview_fmt_time(&lr, lr.logins[0].ev.t, when, sizeof(when));
	assert_string_equal(when, "2027-01-01 00:00:02 +0900");
	assert_false(lr.logins[1].new_source); /* alice logged in from there on Dec 20 */
	assert_int_equal(lr.n_days, 9);
	assert_int_equal(lr.days[4].n[LRT_AUTH_FAIL], 2); /* Dec 31 */
	assert_int_equal(lr.days[5].n[LRT_AUTH_FAIL], 1); /* Jan 1 */
	logreview_free(&lr);
}

/* One attempt, several lines (issue 25): sshd's PAM line and its own line of the same pid count once. */
static void test_one_attempt_counts_once(void **state)
{
	struct logreview lr;
	size_t i;
	const struct lr_source *pam_only = NULL, *paired = NULL, *multi = NULL, *scanner = NULL;
	char *svcs;

	(void)state;
	write_log("var/log/auth.log",
		  /* pid 100: two password attempts, each with its PAM line first, then pam_unix's summary */
		  "Dec 30 10:00:00 h sshd[100]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root\n"
		  "Dec 30 10:00:02 h sshd[100]: Failed password for root from 203.0.113.9 port 40000 ssh2\n"
		  "Dec 30 10:00:05 h sshd[100]: Failed password for root from 203.0.113.9 port 40000 ssh2\n"
		  "Dec 30 10:00:06 h sshd[100]: PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root\n"
		  /* pid 101: keyboard-interactive, its PAM line and sshd's own PAM error */
		  "Dec 30 10:01:00 h sshd[101]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=admin\n"
		  "Dec 30 10:01:00 h sshd[101]: error: PAM: Authentication failure for admin from 203.0.113.9\n"
		  "Dec 30 10:01:01 h sshd[101]: Failed keyboard-interactive/pam for admin from 203.0.113.9 port 40001 ssh2\n"
		  /* pids 200-204: PAM lines alone (the report: they were not counted) */
		  "Dec 30 11:00:00 h sshd[200]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.9  user=root\n"
		  "Dec 30 11:00:01 h sshd[201]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.9  user=root\n"
		  "Dec 30 11:00:02 h sshd(pam_unix)[202]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=198.51.100.9 user=root\n"
		  "Dec 30 11:00:03 h sshd[203]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.9  user=root\n"
		  /* one source over three services, then an SSH login */
		  "Dec 31 01:00:00 h dovecot: imap-login: Disconnected (auth failed, 2 attempts in 6 secs): user=<bob>, method=PLAIN, rip=192.0.2.77, lip=192.0.2.1\n"
		  "Dec 31 01:00:10 h postfix/smtpd[300]: warning: unknown[192.0.2.77]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
		  "Dec 31 01:00:20 h cockpit-session[301]: pam_unix(cockpit:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=192.0.2.77  user=bob\n"
		  "Dec 31 01:00:30 h dovecot-auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=bob rhost=192.0.2.77  user=bob\n"
		  "Dec 31 01:01:00 h sshd[302]: Accepted password for bob from 192.0.2.77 port 1 ssh2\n"
		  /* a scanner */
		  "Dec 31 02:00:00 h sshd[400]: Did not receive identification string from 203.0.113.50 port 1\n"
		  "Dec 31 02:00:01 h sshd[401]: Unable to negotiate with 203.0.113.50 port 2: no matching key exchange method found.\n"
		  "Dec 31 02:00:02 h sshd[402]: banner exchange: Connection from 203.0.113.50 port 3: invalid format\n",
		  JAN5);
	run(&lr, "Asia/Tokyo");
	for (i = 0; i < lr.n_sources; i++) {
		if (!strcmp(lr.sources[i]->addr, "198.51.100.9"))
			pam_only = lr.sources[i];
		else if (!strcmp(lr.sources[i]->addr, "203.0.113.9"))
			paired = lr.sources[i];
		else if (!strcmp(lr.sources[i]->addr, "192.0.2.77"))
			multi = lr.sources[i];
		else if (!strcmp(lr.sources[i]->addr, "203.0.113.50"))
			scanner = lr.sources[i];
	}
	assert_non_null(paired);
	assert_int_equal(paired->fail_window, 3); /* 2 + 1 attempts, 7 lines */
	assert_int_equal(paired->n_users, 2);
	assert_non_null(pam_only);
	assert_int_equal(pam_only->fail_window, 4);
	assert_non_null(multi);
	assert_int_equal(multi->fail_window, 4); /* dovecot's own line counts 2; its PAM line is the same attempt */
	svcs = logreview_svcs_text(multi->svcs);
	assert_string_equal(svcs, "postfix, dovecot, cockpit");
	free(svcs);
	assert_non_null(scanner);
	assert_int_equal(scanner->fail_window, 0);
	assert_int_equal(scanner->probes, 3);
	assert_int_equal(lr.n_logins, 1);
	assert_int_equal(lr.logins[0].prior_failures, 4);
	assert_int_equal(lr.logins[0].prior_svcs, multi->svcs);
	/* the timeline counts attempts too: Dec 30 has 3 + 4, Dec 31 the 4 of three services */
	assert_int_equal(lr.days[3].n[LRT_AUTH_FAIL], 7);
	assert_int_equal(lr.days[4].n[LRT_AUTH_FAIL], 4);
	logreview_free(&lr);
}

/*
 * One attempt's lines that no pid joins: keyboard-interactive's PAM lines come from a child sshd
 * starts for each attempt (a real journal's pids: 763, 766, 768, 769 against the monitor's 760);
 * pam_unix and pam_sss each write a failure for one attempt; ProFTPD's PAM line and its own;
 * an IPv4 client on an IPv6 socket is the same source as its address.
 */
static const struct lr_source *source_of(const struct logreview *lr, const char *addr)
{
	size_t i;

	for (i = 0; i < lr->n_sources; i++)
		if (!strcmp(lr->sources[i]->addr, addr))
			return lr->sources[i];
	return NULL;
}

static void test_attempts_of_children_and_modules(void **state)
{
	struct logreview lr;
	const struct lr_source *kbd, *sss, *ftp, *v6;

	(void)state;
	write_log("var/log/auth.log",
		  "Dec 30 14:29:45 h sshd[763]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.7  user=root\n"
		  "Dec 30 14:29:47 h sshd[760]: error: PAM: Authentication failure for root from 203.0.113.7\n"
		  "Dec 30 14:29:48 h sshd[766]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.7  user=root\n"
		  "Dec 30 14:29:50 h sshd[760]: error: PAM: Authentication failure for root from 203.0.113.7\n"
		  "Dec 30 14:29:51 h sshd[768]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.7  user=root\n"
		  "Dec 30 14:29:52 h sshd[760]: error: PAM: Authentication failure for root from 203.0.113.7\n"
		  "Dec 30 14:29:53 h sshd[760]: Postponed keyboard-interactive for root from 203.0.113.7 port 19193 ssh2 [preauth]\n"
		  "Dec 30 14:29:53 h sshd[769]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.7  user=root\n"
		  "Dec 30 14:29:56 h sshd[760]: error: PAM: Authentication failure for root from 203.0.113.7\n"
		  "Dec 30 14:29:56 h sshd[760]: Failed keyboard-interactive/pam for root from 203.0.113.7 port 19193 ssh2\n"
		  /* SSSD: pam_unix fails the first attempt and sums up the rest at the end; pam_sss writes each */
		  "Dec 30 15:00:00 h sshd[1234]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.10  user=alice\n"
		  "Dec 30 15:00:00 h sshd[1234]: pam_sss(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.10 user=alice\n"
		  "Dec 30 15:00:00 h sshd[1234]: pam_sss(sshd:auth): received for user alice: 7 (Authentication failure)\n"
		  "Dec 30 15:00:02 h sshd[1234]: Failed password for alice from 203.0.113.10 port 5555 ssh2\n"
		  "Dec 30 15:00:04 h sshd[1234]: pam_sss(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.10 user=alice\n"
		  "Dec 30 15:00:06 h sshd[1234]: Failed password for alice from 203.0.113.10 port 5555 ssh2\n"
		  "Dec 30 15:00:08 h sshd[1234]: pam_sss(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.10 user=alice\n"
		  "Dec 30 15:00:10 h sshd[1234]: Failed password for alice from 203.0.113.10 port 5555 ssh2\n"
		  "Dec 30 15:00:10 h sshd[1234]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.10  user=alice\n"
		  "Dec 30 16:00:00 h proftpd[1300]: pam_unix(proftpd:auth): authentication failure; logname= uid=0 euid=0 tty=/dev/ftpd1300 ruser= rhost=203.0.113.9  user=alice\n"
		  "Dec 30 16:00:00 h proftpd[1300]: h.example (203.0.113.9[203.0.113.9]) - USER alice (Login failed): Incorrect password\n"
		  "Dec 30 16:00:05 h proftpd[1300]: pam_unix(proftpd:auth): authentication failure; logname= uid=0 euid=0 tty=/dev/ftpd1300 ruser= rhost=203.0.113.9  user=alice\n"
		  "Dec 30 16:00:05 h proftpd[1300]: h.example (203.0.113.9[203.0.113.9]) - USER alice (Login failed): Incorrect password\n"
		  "Dec 30 17:00:00 h cockpit-session[66578]: pam_unix(cockpit:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=::ffff:203.0.113.70  user=root\n"
		  "Dec 30 17:00:10 h cockpit-session[66580]: pam_unix(cockpit:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=::ffff:203.0.113.70  user=admin\n"
		  "Dec 30 17:01:00 h sshd[1500]: Failed password for admin from 203.0.113.70 port 5000 ssh2\n"
		  "Dec 30 17:02:00 h sshd[1501]: Accepted password for admin from 203.0.113.70 port 5001 ssh2\n"
		  /* lock-outs name the account, not a source: listed, not dropped */
		  "Dec 30 18:00:00 h sshd[1600]: pam_faillock(sshd:auth): Consecutive login failures for user root account temporarily locked\n"
		  "Dec 30 18:00:01 h sshd[1601]: pam_tally2(sshd:auth): user root (0) tally 73, deny 5\n",
		  JAN5);
	run(&lr, "Asia/Tokyo");
	kbd = source_of(&lr, "203.0.113.7");
	sss = source_of(&lr, "203.0.113.10");
	ftp = source_of(&lr, "203.0.113.9");
	v6 = source_of(&lr, "203.0.113.70");
	assert_non_null(kbd);
	assert_int_equal(kbd->fail_window, 4);	/* 4 attempts, 10 lines from 5 processes */
	assert_non_null(sss);
	assert_int_equal(sss->fail_window, 3);	/* 3 attempts, 9 lines of two modules and sshd */
	assert_non_null(ftp);
	assert_int_equal(ftp->fail_window, 2);
	assert_non_null(v6);
	assert_int_equal(v6->fail_window, 3);	/* cockpit's two and sshd's one: one source */
	assert_null(source_of(&lr, "::ffff:203.0.113.70"));
	assert_int_equal(lr.n_logins, 1);
	assert_int_equal(lr.logins[0].prior_failures, 3);
	assert_int_equal(lr.n_lockouts, 2);
	assert_string_equal(lr.lockouts[0].by, "root");
	assert_string_equal(lr.lockouts[1].by, "root");
	/* the timeline: 4 + 3 + 2 + 3 attempts on Dec 30 */
	assert_int_equal(lr.days[3].n[LRT_AUTH_FAIL], 12);
	logreview_free(&lr);
}

static void test_zone_moves_the_window(void **state)
{
	struct logreview lr;

	(void)state;
	/* the window ends at midnight after Jan 4, local time: 23:30 is in, 00:30 is out */
	write_log("var/log/auth.log",
		  "Jan  4 23:30:00 h sshd[1]: Accepted publickey for bob from 192.0.2.20 port 1 ssh2\n"
		  "Jan  5 00:30:00 h sshd[1]: Accepted publickey for carol from 192.0.2.21 port 1 ssh2\n",
		  JAN5 + 3600);
	run(&lr, "Asia/Tokyo");
	assert_int_equal(lr.n_logins, 1);
	assert_string_equal(lr.logins[0].user, "bob");
	logreview_free(&lr);
	run(&lr, "+09:00");
	assert_int_equal(lr.n_logins, 1);
	logreview_free(&lr);
}

static void test_beyond_the_table(void **state)
{
	struct logreview lr;
	struct strbuf sb = STRBUF_INIT;
	const struct lr_source *att = NULL;
	int i;

	(void)state;
	/* 16 tracked, 2 more in reserve: 100 one-off sources fill the table, then the brute force */
	for (i = 0; i < 100; i++)
		strbuf_addf(&sb, "Dec 28 01:00:%02d h sshd[1]: Failed password for invalid user u%d from 2001:db8::%x port 1 ssh2\n",
			    i % 60, i, i + 1);
	strbuf_adds(&sb, "Dec 28 02:00:00 h sshd[1]: Failed password for root from 203.0.113.9 port 1 ssh2\n"
			   "Dec 28 02:00:01 h sshd[1]: Failed password for root from 203.0.113.9 port 1 ssh2\n"
			   "Dec 28 02:00:02 h sshd[1]: Failed password for admin from 203.0.113.9 port 1 ssh2\n"
			   "Dec 28 02:00:03 h sshd[1]: Failed password for root from 203.0.113.9 port 1 ssh2\n"
			   "Dec 28 02:00:04 h sshd[1]: Failed password for admin from 203.0.113.9 port 1 ssh2\n"
			   "Dec 28 02:00:05 h sshd[1]: Failed password for oracle from 203.0.113.9 port 1 ssh2\n"
			   "Dec 28 02:10:00 h sshd[1]: Accepted password for root from 203.0.113.9 port 1 ssh2\n");
	write_log("var/log/auth.log", sb.buf, JAN5);
	strbuf_release(&sb);
	max_sources = 16;
	run(&lr, "Asia/Tokyo");
	max_sources = 0;
	assert_int_equal(lr.source_cap, 16);
	assert_int_equal(lr.source_reserve, 2);
	/* 84 one-offs and the attacker came after the table was full (linear counting: exact here) */
	assert_int_equal(lr.sources_dropped, 85);
	assert_int_equal(lr.sources_promoted, 1);
	assert_int_equal(lr.sources_lost, 0);
	for (i = 0; i < (int)lr.n_sources; i++)
		if (strcmp(lr.sources[i]->addr, "203.0.113.9") == 0)
			att = lr.sources[i];
	assert_non_null(att);
	/* tracked from its third failure (brute_failures 3): two before it, from the summary */
	assert_int_equal(att->fail_window, 6);
	assert_int_equal(att->fails_window_before, 2);
	/* root and admin (counted before) are not counted again; oracle is new */
	assert_int_equal(att->users_before, 2);
	assert_int_equal(att->n_users, 1);
	assert_int_equal(lr.n_logins, 1);
	assert_int_equal(lr.logins[0].prior_failures, 6);
	assert_true(lr.logins[0].prior_estimated);
	logreview_free(&lr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_year_across_new_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zone_moves_the_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_beyond_the_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_attempt_counts_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attempts_of_children_and_modules, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
