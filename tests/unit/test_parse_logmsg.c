/* Unit tests for the log message classifier: real-format lines of every source, then hostile ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/logmsg.h"
#include "util/xalloc.h"

struct mcase {
	const char *prog;
	const char *msg;
	enum logmsg_kind kind;
	const char *user;	/* NULL: not checked */
	const char *src;
	const char *extra;	/* target, group, method or dport (as text), per kind */
	uint32_t count;		/* 0: not checked */
};

static const struct mcase cases[] = {
	/* sshd */
	{ "sshd", "Failed password for root from 203.0.113.9 port 51234 ssh2", LM_AUTH_FAIL, "root", "203.0.113.9", "password", 1 },
	{ "sshd", "Failed password for invalid user admin from 203.0.113.9 port 51234 ssh2", LM_AUTH_FAIL, "admin", "203.0.113.9", "password", 0 },
	{ "sshd", "Failed publickey for alice from 2001:db8::7 port 40000 ssh2: RSA SHA256:abc", LM_AUTH_FAIL, "alice", "2001:db8::7", "publickey", 0 },
	{ "sshd", "Failed keyboard-interactive/pam for invalid user oracle from 198.51.100.4 port 2 ssh2", LM_AUTH_FAIL, "oracle", "198.51.100.4", "keyboard-interactive/pam", 0 },
	{ "sshd", "Failed none for invalid user test from 198.51.100.4 port 2 ssh2", LM_AUTH_FAIL, "test", "198.51.100.4", "none", 0 },
	{ "sshd", "Accepted password for alice from 192.0.2.10 port 50022 ssh2", LM_AUTH_OK, "alice", "192.0.2.10", "password", 0 },
	{ "sshd", "Accepted publickey for deploy from 192.0.2.11 port 50022 ssh2: ED25519 SHA256:xyz", LM_AUTH_OK, "deploy", "192.0.2.11", "publickey", 0 },
	{ "sshd-session", "Accepted keyboard-interactive/pam for bob from 192.0.2.12 port 1 ssh2", LM_AUTH_OK, "bob", "192.0.2.12", "keyboard-interactive/pam", 0 },
	{ "sshd", "Accepted password for root from 192.0.2.13 port 1 ssh2", LM_AUTH_OK, "root", "192.0.2.13", NULL, 0 },
	{ "sshd", "Invalid user admin from 203.0.113.9 port 51234", LM_PROBE, "admin", "203.0.113.9", NULL, 0 },
	{ "sshd", "error: maximum authentication attempts exceeded for root from 203.0.113.9 port 2 ssh2 [preauth]", LM_AUTH_MAXTRIES, "root", "203.0.113.9", NULL, 0 },
	{ "sshd", "error: maximum authentication attempts exceeded for invalid user x from 203.0.113.9 port 2 ssh2 [preauth]", LM_AUTH_MAXTRIES, "x", "203.0.113.9", NULL, 0 },
	{ "sshd", "Disconnecting authenticating user root 203.0.113.9 port 2: Too many authentication failures [preauth]", LM_AUTH_MAXTRIES, "root", "203.0.113.9", NULL, 0 },
	{ "sshd", "Disconnecting invalid user x 203.0.113.9 port 2: Too many authentication failures [preauth]", LM_AUTH_MAXTRIES, "x", "203.0.113.9", NULL, 0 },
	/* preauth disconnects of an existing user that never got in: probes (a key-only server logs no "Failed" line) */
	{ "sshd", "Connection closed by authenticating user root 203.0.113.9 port 2 [preauth]", LM_PROBE, "root", "203.0.113.9", NULL, 0 },
	{ "sshd", "Disconnected from authenticating user root 2001:db8::66 port 51234 [preauth]", LM_PROBE, "root", "2001:db8::66", NULL, 0 },
	/* ... of an invalid user: the "Invalid user" line before it was the probe */
	{ "sshd", "Disconnected from invalid user admin 203.0.113.9 port 51234 [preauth]", LM_NOISE, "", "", NULL, 0 },
	{ "sshd-session", "Connection closed by invalid user oracle 2001:db8::66 port 4 [preauth]", LM_NOISE, "", "", NULL, 0 },
	{ "sshd", "Disconnected from user alice 192.0.2.10 port 50022", LM_NOISE, "", "", NULL, 0 },
	{ "sshd", "Connection closed by 203.0.113.9 port 51234 [preauth]", LM_NOISE, "", "", NULL, 0 },
	/* OpenSSH auth-pam.c: error("PAM: %s for %s%.100s from %.100s", ...) */
	{ "sshd", "error: PAM: Authentication failure for root from 203.0.113.9", LM_AUTH_FAIL, "root", "203.0.113.9", "keyboard-interactive/pam", 0 },
	{ "sshd", "error: PAM: User not known to the underlying authentication module for illegal user zz from 203.0.113.9", LM_AUTH_FAIL, "zz", "203.0.113.9", NULL, 0 },
	{ "sshd", "Unable to negotiate with 203.0.113.51 port 4 : no matching key exchange method found. Their offer: diffie-hellman-group1-sha1", LM_PROBE, "", "203.0.113.51", NULL, 0 },
	{ "sshd", "banner exchange: Connection from 203.0.113.52 port 5: invalid format", LM_PROBE, "", "203.0.113.52", NULL, 0 },
	{ "sshd", "Received disconnect from 203.0.113.9 port 51234:11: Bye Bye [preauth]", LM_NOISE, NULL, NULL, NULL, 0 },
	{ "sshd", "Did not receive identification string from 203.0.113.50 port 4444", LM_PROBE, NULL, "203.0.113.50", NULL, 0 },
	{ "sshd", "ROOT LOGIN REFUSED FROM 203.0.113.9", LM_AUTH_FAIL, "root", "203.0.113.9", NULL, 0 },
	{ "sshd", "User root from 203.0.113.9 not allowed because not listed in AllowUsers", LM_AUTH_FAIL, "root", "203.0.113.9", NULL, 0 },
	{ "sshd", "message repeated 5 times: [ Failed password for root from 203.0.113.9 port 51234 ssh2]", LM_AUTH_FAIL, "root", "203.0.113.9", "password", 5 },
	{ "sshd", "PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root", LM_PAM_FAIL, "root", "203.0.113.9", NULL, 2 },
	{ "sshd", "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root", LM_PAM_FAIL, "root", "203.0.113.9", NULL, 1 },
	{ "sshd", "pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)", LM_SESSION, "alice", NULL, NULL, 0 },
	{ "sshd", "pam_unix(sshd:session): session closed for user alice", LM_NOISE, NULL, NULL, NULL, 0 },
	{ "sshd(pam_unix)", "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=203.0.113.9 user=root", LM_PAM_FAIL, "root", "203.0.113.9", NULL, 0 },
	{ "sshd(pam_unix)", "session opened for user alice by (uid=0)", LM_SESSION, "alice", NULL, NULL, 0 },
	/* PAM modules in both tag forms (fail2ban's test logs: cockpit, vsftpd, dovecot; Linux-PAM pam_unix/support.c) */
	{ "cockpit-session", "pam_unix(cockpit:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=192.0.2.1  user=admin", LM_PAM_FAIL, "admin", "192.0.2.1", NULL, 0 },
	{ "cockpit-session", "pam_sss(cockpit:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=192.0.2.3  user=testuser", LM_PAM_FAIL, "testuser", "192.0.2.3", NULL, 0 },
	/* an IPv4 client on an IPv6 socket (cockpit-project/cockpit#19008; vsftpd with listen_ipv6=YES) names the IPv4 source */
	{ "cockpit-session", "pam_unix(cockpit:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=::ffff:203.0.113.7  user=root", LM_PAM_FAIL, "root", "203.0.113.7", NULL, 0 },
	{ "vsftpd", "pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser=alice rhost=::ffff:203.0.113.8  user=alice", LM_PAM_FAIL, "alice", "203.0.113.8", NULL, 0 },
	{ "sshd", "pam_ldap(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.4  user=ldapuser", LM_PAM_FAIL, "ldapuser", "192.0.2.4", NULL, 0 },
	{ "vsftpd(pam_unix)", "authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=64.168.103.1 user=user1", LM_PAM_FAIL, "user1", "64.168.103.1", NULL, 0 },
	{ "vsftpd", "(pam_unix) authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=209.67.1.67", LM_PAM_FAIL, "", "209.67.1.67", NULL, 0 },
	{ "vsftpd", "pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser=test rhost=58.254.172.161", LM_PAM_FAIL, "test", "58.254.172.161", NULL, 0 },
	{ "sshd", "pam_unix(sshd:auth): check pass; user unknown", LM_NOISE, NULL, NULL, NULL, 0 },
	{ "sshd", "pam_faillock(sshd:auth): Consecutive login failures for user root account temporarily locked", LM_AUTH_MAXTRIES, "root", "", NULL, 0 },
	{ "sshd", "pam_tally2(sshd:auth): user root (0) tally 4, deny 3", LM_AUTH_MAXTRIES, "root", "", NULL, 0 },
	/* a ruser that tries to fake the source (fail2ban's dovecot test log) */
	{ "dovecot-auth", "pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=rhost=1.2.3.4 rhost=192.0.43.10", LM_PAM_FAIL, NULL, "192.0.43.10", NULL, 0 },
	/* Postfix smtpd_sasl_glue.c (lines from fail2ban's postfix-sasl test log) */
	{ "postfix/smtpd", "warning: unknown[82.221.106.233]: SASL LOGIN authentication failed: UGFzc3dvcmQ6", LM_AUTH_FAIL, "", "82.221.106.233", "sasl", 0 },
	{ "postfix/submission/smtpd", "warning: 114-44-142-233.dynamic.hinet.net[114.44.142.233]: SASL CRAM-MD5 authentication failed: PDc3OTEwNTkyNTEyMzA2NDIuMTIyODI1MzA2MUBoZWw+", LM_AUTH_FAIL, "", "114.44.142.233", NULL, 0 },
	{ "postfix/smtps/smtpd", "warning: unknown[203.0.113.7]: SASL PLAIN authentication failed: authentication failure, sasl_username=alice@example.com", LM_AUTH_FAIL, "alice@example.com", "203.0.113.7", NULL, 0 },
	{ "postfix/smtpd", "warning: unknown[1.1.1.1]: SASL LOGIN authentication failed: Connection lost to authentication server", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "postfix/smtpd", "4F3A21C0F2: client=unknown[203.0.113.7], sasl_method=PLAIN, sasl_username=alice", LM_AUTH_OK, "alice", "203.0.113.7", "sasl", 0 },
	{ "postfix/smtpd", "connect from unknown[203.0.113.7]", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	/* Dovecot login-common/client-common.c (fail2ban's dovecot test log) */
	{ "dovecot", "imap-login: Disconnected (auth failed, 2 attempts): user=<username.bob>, method=PLAIN, rip=49.176.98.87, lip=113.212.99.194, TLS", LM_AUTH_FAIL, "username.bob", "49.176.98.87", NULL, 2 },
	{ "dovecot", "pop3-login: Aborted login (auth failed, 1 attempts in 17 secs): user=<test>, method=PLAIN, rip=192.51.100.13, lip=203.0.113.17, session=<YADINsQCDs5BH8Pg>", LM_AUTH_FAIL, "test", "192.51.100.13", NULL, 1 },
	{ "dovecot", "pop3-login: Disconnected: Inactivity (auth failed, 1 attempts): user=<info>, method=PLAIN, rip=193.95.245.163, lip=176.214.13.210", LM_AUTH_FAIL, "info", "193.95.245.163", NULL, 1 },
	{ "dovecot", "imap-login: Login aborted: Connection closed (auth failed, 3 attempts in 12 secs) (auth_failed): user=<a@b.c>, method=PLAIN, rip=198.51.100.23, lip=10.0.0.1, session=<x>", LM_AUTH_FAIL, "a@b.c", "198.51.100.23", NULL, 3 },
	{ "imap-login", "Info: Aborted login (auth failed, 1 attempts): user=<martin@example.de>, method=CRAM-MD5, rip=80.187.101.33, lip=80.254.129.240, TLS", LM_AUTH_FAIL, "martin@example.de", "80.187.101.33", NULL, 1 },
	{ "dovecot", "imap-login: Login: user=<alice>, method=PLAIN, rip=203.0.113.7, lip=192.0.2.1, mpid=4242, TLS, session=<abc>", LM_AUTH_OK, "alice", "203.0.113.7", NULL, 0 },
	{ "dovecot", "pop3-login: Disconnected (no auth attempts in 58 secs): user=<>, rip=192.51.100.13, lip=203.0.113.17, session=<LgDINsQCkttVIMPg>", LM_PROBE, "", "192.51.100.13", NULL, 0 },
	{ "dovecot", "auth: pam(account@example.com,200.76.17.206): pam_authenticate() failed: User not known to the underlying authentication module: 2 Time(s)", LM_NOISE, NULL, NULL, NULL, 0 },
	/* Courier (fail2ban's courier-auth test log) */
	{ "imapd", "LOGIN FAILED, user=sales@example.com, ip=[::ffff:1.2.3.4]", LM_AUTH_FAIL, "sales@example.com", "1.2.3.4", NULL, 0 },
	{ "courierpop3login", "LOGIN FAILED, user=USER@EXAMPLE.org, ip=[::ffff:1.2.3.4]", LM_AUTH_FAIL, "USER@EXAMPLE.org", "1.2.3.4", NULL, 0 },
	{ "imapd-ssl", "LOGIN FAILED, method=PLAIN, ip=[::ffff:192.0.2.4]", LM_AUTH_FAIL, "", "192.0.2.4", NULL, 0 },
	{ "imapd", "LOGIN, user=alice, ip=[::ffff:192.0.2.5], port=[255], protocol=IMAP", LM_AUTH_OK, "alice", "192.0.2.5", NULL, 0 },
	/* Courier's ESMTP AUTH (fail2ban's courier-smtp filter) */
	{ "courieresmtpd", "error,relay=::ffff:203.0.113.5,msg=\"535 Authentication failed.\",cmd: AUTH LOGIN", LM_AUTH_FAIL, "", "203.0.113.5", NULL, 0 },
	{ "courieresmtpd", "error,relay=::ffff:203.0.113.5,msg=\"550 User unknown.\",cmd: RCPT TO:<x@example.com>", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	/* Exim (mainlog via syslog; lines of the form exim's log_write() gives, as in fail2ban's exim test log) */
	{ "exim", "login authenticator failed for (User) [80.82.70.210]: 535 Incorrect authentication data (set_id=abuse@example.net)", LM_AUTH_FAIL, "abuse@example.net", "80.82.70.210", NULL, 0 },
	{ "exim4", "dovecot_login authenticator failed for H=(bot.example) [203.0.113.77]:54321: 535 Incorrect authentication data (set_id=x)", LM_AUTH_FAIL, "x", "203.0.113.77", NULL, 0 },
	{ "exim", "login authenticator failed for ([58.252.212.231]) [58.252.212.232]: 535 Incorrect authentication data", LM_AUTH_FAIL, "", "58.252.212.232", NULL, 0 },
	/* a login: a message that arrived with AUTH (A=NAME:USER) */
	{ "exim", "1abcde-000001-AB <= bob@ex.com H=(User) [203.0.113.5]:5000 I=[192.0.2.1]:587 P=esmtpsa X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no A=login:bob S=500 id=x", LM_AUTH_OK, "bob", "203.0.113.5", NULL, 0 },
	{ "exim", "1abcde-000002-AB <= carol@ex.com H=mx.example [198.51.100.7]:25 P=esmtps S=900", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	/* Samba's log.smbd (no program name, as the review reads it): the audit line, its record's header, the authorization after it */
	{ "openvpn", "  Auth: [SMB2,(null)] user [WORKGROUP]\\[alice] at [Wed, 30 Dec 2026 10:00:01.123456 JST] with [NTLMv2] status [NT_STATUS_WRONG_PASSWORD] workstation [KALI] remote host [ipv4:203.0.113.11:50112] mapped to [WORKGROUP]\\[alice]. local host [ipv4:192.0.2.1:445] ", LM_AUTH_FAIL, "alice", "203.0.113.11", NULL, 0 },
	{ "openvpn", "../../auth/auth_log.c:876(log_authentication_event_human_readable)", LM_NOISE, NULL, NULL, NULL, 0 },
	{ "openvpn", "  Successful AuthZ: [SMB2,NTLMSSP] user [WORKGROUP]\\[alice] [S-1-5-21-1-2-3-1000] at [Wed, 30 Dec 2026 10:01:00.000002 JST] Remote host [ipv4:203.0.113.11:50200] local host [ipv4:192.0.2.1:445]", LM_NOISE, NULL, NULL, NULL, 0 },
	/* exim's own mainlog (no program name: read as the review reads such lines), with log_selector = +pid */
	{ "openvpn", "[12345] dovecot_login authenticator failed for H=(User) [203.0.113.12]:52144 I=[192.0.2.1]:587: 535 Incorrect authentication data (set_id=bob)", LM_AUTH_FAIL, "bob", "203.0.113.12", NULL, 0 },
	{ "openvpn", "plain authenticator failed for ([203.0.113.12]) [203.0.113.12]: 535 Incorrect authentication data (set_id=carol)", LM_AUTH_FAIL, "carol", "203.0.113.12", NULL, 0 },
	{ "openvpn", "login_saslauthd_server authenticator failed for 85-170-90-200.rev.example.fr ([192.168.0.14]) [85.170.90.200]: 435 Unable to authenticate at present (set_id=david)", LM_AUTH_FAIL, "david", "85.170.90.200", NULL, 0 },
	/* vsftpd logging.c (fail2ban's vsftpd test log): syslog and vsftpd.log (no program name: the OpenVPN hint) */
	{ "vsftpd", "[username] FAIL LOGIN: Client \"192.0.2.222\"", LM_AUTH_FAIL, "username", "192.0.2.222", "ftp", 0 },
	{ "openvpn", "[pid 15019] [guest] FAIL LOGIN: Client \"::ffff:192.0.2.1\", \"User is not in the allow user list.\"", LM_AUTH_FAIL, "guest", "192.0.2.1", NULL, 0 },
	{ "vsftpd", "[pid 2] [alice] OK LOGIN: Client \"192.0.2.10\"", LM_AUTH_OK, "alice", "192.0.2.10", NULL, 0 },
	/* ProFTPD (fail2ban's proftpd test log) */
	{ "proftpd", "serv1.domain.com (example.com[1.2.3.4]) - USER jtittle@domain.org: no such user found from example.com [1.2.3.4] to 1.2.3.4:21 ", LM_AUTH_FAIL, "jtittle@domain.org", "1.2.3.4", "ftp", 0 },
	{ "proftpd", "platypus.example.com.au (mail.example.net[::ffff:67.227.224.66]): USER username (Login failed): Incorrect password.", LM_AUTH_FAIL, "username", "67.227.224.66", NULL, 0 },
	{ "proftpd", "xxxxxxxxxx (::ffff:1.2.3.4[::ffff:1.2.3.4]) - Maximum login attempts (3) exceeded ", LM_AUTH_MAXTRIES, NULL, "1.2.3.4", NULL, 0 },
	{ "proftpd", "host (::ffff:59.167.242.100[::ffff:59.167.242.100]) - SECURITY VIOLATION: root login attempted.", LM_AUTH_FAIL, "root", "59.167.242.100", NULL, 0 },
	{ "proftpd", "host (client.example[192.0.2.9]) - USER alice: Login successful.", LM_AUTH_OK, "alice", "192.0.2.9", NULL, 0 },
	/* Samba auth/auth_log.c, the human-readable audit line (log level 1 auth_audit:3) */
	{ "smbd", "  Auth: [SMB2,(null)] user [WORKGROUP]\\[alice] at [Sun, 27 Dec 2026 03:00:01.123456 JST] with [NTLMv2] status [NT_STATUS_WRONG_PASSWORD] workstation [PC1] remote host [ipv4:203.0.113.7:50123] mapped to [WORKGROUP]\\[alice]. local host [ipv4:192.0.2.1:445] ", LM_AUTH_FAIL, "alice", "203.0.113.7", "smb", 0 },
	{ "samba", "Auth: [SMB2,(null)] user [WORKGROUP]\\[nobody1] at [Sun, 27 Dec 2026 03:00:02.1 JST] with [NTLMv2] status [NT_STATUS_NO_SUCH_USER] workstation [X] remote host [ipv6:2001:db8::7:50124] mapped to [WORKGROUP]\\[nobody1]. local host [ipv6:2001:db8::1:445] ", LM_AUTH_FAIL, "nobody1", "2001:db8::7", NULL, 0 },
	{ "smbd", "Auth: [SMB2,(null)] user [WORKGROUP]\\[bob] at [Sun, 27 Dec 2026 03:00:03.1 JST] with [NTLMv2] status [NT_STATUS_OK] workstation [PC2] remote host [ipv4:192.0.2.20:50125] mapped to [WORKGROUP]\\[bob]. local host [ipv4:192.0.2.1:445] ", LM_AUTH_OK, "bob", "192.0.2.20", NULL, 0 },
	/* xrdp sesman (log_authfail_message: "AUTHFAIL: user=%s ip=%s time=%d") */
	{ "xrdp-sesman", "[INFO ] AUTHFAIL: user=claude ip=::ffff:24.145.64.189 time=1757100000", LM_AUTH_FAIL, "claude", "24.145.64.189", "rdp", 0 },
	{ "xrdp-sesman", "[INFO ] AUTHFAIL: user=x ip=unknown time=1", LM_UNKNOWN, NULL, "", NULL, 0 },
	{ "xrdp-sesman", "[INFO ] ++ created session (access granted): username alice, ip ::ffff:192.0.2.30:52000 - socket: 12", LM_AUTH_OK, "alice", "192.0.2.30", NULL, 0 },
	/* xrdp 0.10 (sesman/scp_process.c) and the reconnects of both */
	{ "xrdp-sesman", "[INFO ] ++ created session: username bob, ip ::ffff:203.0.113.5", LM_AUTH_OK, "bob", "203.0.113.5", NULL, 0 },
	{ "xrdp-sesman", "[INFO ] ++ reconnected session: username bob, display :10.0, session_pid 4242, ip ::ffff:203.0.113.5", LM_AUTH_OK, "bob", "203.0.113.5", NULL, 0 },
	{ "xrdp-sesman", "[INFO ] ++ reconnected session: username bob, ip ::ffff:203.0.113.5:50000 - socket: 12", LM_AUTH_OK, "bob", "203.0.113.5", NULL, 0 },
	/* Webmin miniserv (fail2ban's webmin-auth test log) */
	{ "webmin", "Invalid login as root from 89.2.49.230 ", LM_AUTH_FAIL, "root", "89.2.49.230", "https", 0 },
	{ "webmin", "Non-existent login as robert from 188.40.105.142 ", LM_AUTH_FAIL, "robert", "188.40.105.142", NULL, 0 },
	{ "webmin", "Successful login as admin from 192.0.2.40", LM_AUTH_OK, "admin", "192.0.2.40", NULL, 0 },
	/* a user name that tries to fake the source */
	{ "sshd", "Failed password for invalid user x from 6.6.6.6 port 1 ssh2 from 203.0.113.9 port 22 ssh2", LM_AUTH_FAIL, "x from 6.6.6.6 port 1 ssh2", "203.0.113.9", NULL, 0 },
	/* su, sudo */
	{ "su", "(to root) alice on pts/0", LM_SU_OK, "alice", NULL, "root", 0 },
	{ "su", "FAILED SU (to root) mallory on pts/1", LM_SU_FAIL, "mallory", NULL, "root", 0 },
	{ "su", "Successful su for root by alice", LM_SU_OK, "alice", NULL, "root", 0 },
	{ "su", "FAILED su for root by mallory", LM_SU_FAIL, "mallory", NULL, "root", 0 },
	{ "su", "+ pts/0 alice:root", LM_SU_OK, "alice", NULL, "root", 0 },
	{ "su", "- pts/0 mallory:root", LM_SU_FAIL, "mallory", NULL, "root", 0 },
	{ "su", "pam_unix(su:auth): authentication failure; logname=mallory uid=1001 euid=0 tty=/dev/pts/1 ruser=mallory rhost=  user=root", LM_PAM_FAIL, "root", "", NULL, 0 },
	{ "sudo", "    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id", LM_SUDO_CMD, "alice", NULL, "/usr/bin/id", 0 },
	{ "sudo", "    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/sh -c echo a ; id", LM_SUDO_CMD, "alice", NULL, "/bin/sh -c echo a ; id", 0 },
	{ "sudo", "mallory : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash", LM_SUDO_FAIL, "mallory", NULL, "/bin/bash", 0 },
	{ "sudo", "mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash", LM_SUDO_FAIL, "mallory", NULL, NULL, 0 },
	{ "sudo", "pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)", LM_SESSION, "root", NULL, "alice", 0 },
	/* shadow-utils */
	{ "useradd", "new user: name=mallory, UID=1001, GID=1001, home=/home/mallory, shell=/bin/bash, from=/dev/pts/0", LM_USER_NEW, NULL, NULL, "mallory", 0 },
	{ "useradd", "new group: name=mallory, GID=1001", LM_GROUP_NEW, NULL, NULL, NULL, 0 },
	{ "usermod", "add 'mallory' to group 'sudo'", LM_GROUP_ADD, NULL, NULL, "mallory", 0 },
	{ "usermod", "add 'mallory' to shadow group 'sudo'", LM_NOISE, NULL, NULL, NULL, 0 },
	{ "groupadd", "group added to /etc/group: name=ops, GID=1002", LM_NOISE, NULL, NULL, NULL, 0 },
	{ "groupadd", "new group: name=ops, GID=1002", LM_GROUP_NEW, NULL, NULL, NULL, 0 },
	{ "gpasswd", "user mallory added by root to group sudo", LM_GROUP_ADD, "root", NULL, "mallory", 0 },
	{ "gpasswd", "members of group sudo set by root to alice,mallory", LM_GROUP_ADD, "root", NULL, "alice,mallory", 0 },
	{ "userdel", "delete user 'olduser'", LM_USER_DEL, NULL, NULL, "olduser", 0 },
	{ "passwd", "pam_unix(passwd:chauthtok): password changed for mallory", LM_PASSWD_CHANGE, NULL, NULL, "mallory", 0 },
	{ "chpasswd", "pam_unix(chpasswd:chauthtok): password changed for bob", LM_PASSWD_CHANGE, NULL, NULL, "bob", 0 },
	{ "passwd", "password for 'bob' changed by 'root'", LM_PASSWD_CHANGE, "root", NULL, "bob", 0 },
	/* logind, login */
	{ "systemd-logind", "New session 12 of user alice.", LM_SESSION, "alice", NULL, NULL, 0 },
	{ "systemd-logind", "Removed session 12.", LM_NOISE, NULL, NULL, NULL, 0 },
	{ "login", "ROOT LOGIN  on '/dev/tty1'", LM_AUTH_OK, "root", "/dev/tty1", NULL, 0 },
	{ "login", "FAILED LOGIN (1) on '/dev/tty1' FOR 'root', Authentication failure", LM_AUTH_FAIL, "root", NULL, NULL, 0 },
	/* OpenVPN */
	{ "ovpn-server", "203.0.113.5:51234 [client1] Peer Connection Initiated with [AF_INET]203.0.113.5:51234", LM_VPN_OK, "client1", "203.0.113.5", NULL, 0 },
	{ "openvpn", "client1/203.0.113.5:51234 MULTI_sva: pool returned IPv4=10.8.0.6, IPv6=(Not enabled)", LM_NOISE, "client1", "203.0.113.5", "10.8.0.6", 0 },
	{ "openvpn", "203.0.113.66:40000 TLS Auth Error: Auth Username/Password verification failed for peer", LM_VPN_FAIL, NULL, "203.0.113.66", NULL, 0 },
	{ "openvpn", "203.0.113.66:40000 TLS Error: TLS handshake failed", LM_VPN_FAIL, NULL, "203.0.113.66", NULL, 0 },
	{ "openvpn", "client2/203.0.113.66:40000 SENT CONTROL [client2]: 'AUTH_FAILED' (status=1)", LM_VPN_FAIL, "client2", "203.0.113.66", NULL, 0 },
	{ "openvpn", "203.0.113.66:40000 VERIFY ERROR: depth=0, error=certificate has expired: CN=client3", LM_VPN_FAIL, "client3", "203.0.113.66", NULL, 0 },
	{ "", "203.0.113.5:51234 [client1] Peer Connection Initiated with [AF_INET]203.0.113.5:51234", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "openvpn", "[AF_INET6]2001:db8::5:1194 [c6] Peer Connection Initiated with [AF_INET6]2001:db8::5:1194", LM_VPN_OK, "c6", "2001:db8::5", NULL, 0 },
	/* strongSwan */
	{ "charon", "14[IKE] IKE_SA ikev2-vpn[3] established between 198.51.100.1[vpn.example.com]...203.0.113.7[alice@example.com]", LM_VPN_OK, "alice@example.com", "203.0.113.7", NULL, 0 },
	{ "charon-systemd", "IKE_SA ikev2-vpn[4] established between 198.51.100.1[vpn]...203.0.113.8[bob]", LM_VPN_OK, "bob", "203.0.113.8", NULL, 0 },
	{ "charon", "09[IKE] received AUTHENTICATION_FAILED notify error", LM_VPN_FAIL, NULL, NULL, NULL, 0 },
	{ "charon", "13[IKE] EAP method EAP_MSCHAPV2 failed for peer 203.0.113.66", LM_VPN_FAIL, NULL, "203.0.113.66", NULL, 0 },
	/* WireGuard */
	{ "kernel", "[ 1234.567890] wireguard: wg0: Receiving handshake initiation from peer 3 (203.0.113.9:51820)", LM_VPN_OK, "peer 3", "203.0.113.9", NULL, 0 },
	{ "kernel", "wireguard: wg0: Receiving handshake initiation from peer 4 ([2001:db8::9]:51820)", LM_VPN_OK, "peer 4", "2001:db8::9", NULL, 0 },
	{ "kernel", "wireguard: wg0: Invalid handshake initiation from 203.0.113.66:51820", LM_VPN_FAIL, NULL, "203.0.113.66", NULL, 0 },
	{ "kernel", "wireguard: wg0: Keypair 5 created for peer 3", LM_NOISE, NULL, NULL, NULL, 0 },
	/* firewall */
	{ "kernel", "[12345.678901] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=203.0.113.77 DST=192.0.2.1 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0", LM_FW_BLOCK, NULL, "203.0.113.77", "22", 0 },
	{ "kernel", "[UFW ALLOW] IN=eth0 OUT= MAC= SRC=203.0.113.78 DST=192.0.2.1 LEN=60 PROTO=TCP SPT=40001 DPT=3389 WINDOW=1 SYN", LM_FW_ALLOW, NULL, "203.0.113.78", "3389", 0 },
	{ "kernel", "nft drop in: IN=eth0 OUT= MAC=aa SRC=198.51.100.20 DST=192.0.2.1 LEN=52 PROTO=UDP SPT=137 DPT=137 LEN=32", LM_FW_BLOCK, NULL, "198.51.100.20", "137", 0 },
	{ "kernel", "IPTables-Accepted: IN=eth0 OUT= SRC=198.51.100.21 DST=192.0.2.1 PROTO=TCP SPT=5 DPT=445", LM_FW_ALLOW, NULL, "198.51.100.21", "445", 0 },
	{ "kernel", "audit: IN=eth0 OUT= SRC=198.51.100.22 DST=192.0.2.1 PROTO=ICMP TYPE=8", LM_FW_LOG, NULL, "198.51.100.22", "0", 0 },
	{ "kernel", "usb 1-1: new high-speed USB device number 2 using xhci_hcd", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	/* unknown */
	{ "cron", "(root) CMD (run-parts /etc/cron.hourly)", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "sshd", "something new in OpenSSH 12", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "", "", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	/* hostile */
	{ "sshd", "Failed password for \x1b[31mroot\x1b[0m from 203.0.113.9 port 1 ssh2", LM_AUTH_FAIL, "\x1b[31mroot\x1b[0m", "203.0.113.9", NULL, 0 },
	{ "sshd", "Failed password for \xff\xfe from 203.0.113.9 port 1 ssh2", LM_AUTH_FAIL, "\xff\xfe", "203.0.113.9", NULL, 0 },
	{ "sshd", "Failed password for x from 203.0.113.9 port 99999999999 ssh2", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "sshd", "Failed password for x from \x1b]0;evil\x07 port 1 ssh2", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "sshd", "message repeated 99999999999 times: [ Failed password for root from 1.2.3.4 port 1 ssh2]", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "sshd", "Failed password for", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "sshd", "Accepted ", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "kernel", "[UFW BLOCK] IN=eth0 OUT= SRC=", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "kernel", "[UFW BLOCK] IN=eth0 OUT= SRC=1.2.3.4 DPT=99999", LM_FW_BLOCK, NULL, "1.2.3.4", "0", 0 },
	{ "usermod", "add 'unterminated to group 'sudo'", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "su", "(to ", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "sudo", " : ", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "gpasswd", "user  to group ", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "charon", "IKE_SA x established between ...", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "dovecot", "imap-login: Disconnected (auth failed, 99999999999 attempts): user=<x>, rip=1.2.3.4", LM_NOISE, NULL, "", NULL, 0 },
	{ "dovecot", "imap-login: Disconnected (auth failed, 1 attempts): user=<x>, rip=\x1b]0;evil", LM_NOISE, NULL, "", NULL, 0 },
	{ "dovecot", "imap-login: Disconnected (auth failed, 1 attempts): user=<x, rip=", LM_NOISE, NULL, "", NULL, 0 },
	{ "postfix/smtpd", "warning: [: SASL LOGIN authentication failed", LM_UNKNOWN, NULL, "", NULL, 0 },
	{ "proftpd", "a (b[c]) - USER (Login failed)", LM_UNKNOWN, NULL, "c", NULL, 0 },
	{ "proftpd", " (", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "smbd", "Auth: [ remote host [ipv4:", LM_UNKNOWN, NULL, "", NULL, 0 },
	{ "exim", "x authenticator failed for (helo [6.6.6.6]) [203.0.113.1]: 535", LM_AUTH_FAIL, NULL, "203.0.113.1", NULL, 0 },
	{ "exim", "x authenticator failed for host [203.0.113.2]:25: 535", LM_AUTH_FAIL, NULL, "203.0.113.2", NULL, 0 },
	{ "vsftpd", "[pid 1] [x] FAIL LOGIN: Client \"", LM_UNKNOWN, NULL, "", NULL, 0 },
	{ "webmin", "Invalid login as  from ", LM_UNKNOWN, NULL, "", NULL, 0 },
	{ "xrdp-sesman", "AUTHFAIL: user=", LM_UNKNOWN, NULL, "", NULL, 0 },
	{ "sshd", "error: PAM: x for y from \x1b[2J", LM_UNKNOWN, NULL, NULL, NULL, 0 },
	{ "sshd", "Disconnected from authenticating user [preauth]", LM_NOISE, "", "", NULL, 0 },
};

static void span_is(struct span s, const char *want, const char *what, size_t i)
{
	if (!want)
		return;
	if (s.len != strlen(want) || memcmp(s.p, want, s.len) != 0) {
		print_error("case %zu: %s is '%.*s', want '%s'\n", i, what, (int)s.len, s.p, want);
		fail();
	}
}

/* Copies into an exactly sized heap buffer so ASan sees any read past the end. */
static void run(const char *prog, const char *msg, size_t mlen, struct logmsg *o, char **pbuf, char **mbuf)
{
	size_t pl = strlen(prog);

	*pbuf = xmalloc(pl ? pl : 1);
	memcpy(*pbuf, prog, pl);
	*mbuf = xmalloc(mlen ? mlen : 1);
	memcpy(*mbuf, msg, mlen);
	logmsg_parse(SPAN(*pbuf, pl), SPAN(*mbuf, mlen), o);
}

static void test_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct mcase *c = &cases[i];
		struct logmsg o;
		char *p, *m;

		run(c->prog, c->msg, strlen(c->msg), &o, &p, &m);
		if (o.kind != c->kind) {
			print_error("case %zu (%s): kind %s, want %s\n", i, c->msg, logmsg_kind_name(o.kind),
				    logmsg_kind_name(c->kind));
			fail();
		}
		span_is(o.user, c->user, "user", i);
		span_is(o.src, c->src, "src", i);
		if (c->extra) {
			char port[16];

			switch (o.kind) {
			case LM_AUTH_FAIL:
			case LM_AUTH_OK:
				span_is(o.method, c->extra, "method", i);
				break;
			case LM_FW_BLOCK:
			case LM_FW_ALLOW:
			case LM_FW_LOG:
				snprintf(port, sizeof(port), "%u", (unsigned)o.dport);
				span_is(SPAN(port, strlen(port)), c->extra, "dport", i);
				break;
			default:
				span_is(o.target, c->extra, "target", i);
			}
		}
		if (c->count)
			assert_int_equal(o.count, c->count);
		free(p);
		free(m);
	}
}

/* A line and what the review pairs it as: kind, service, which of an attempt's lines, count, who, from where. */
struct pair_case {
	const char *prog, *msg;
	enum logmsg_kind kind;
	enum logmsg_svc svc;
	enum logmsg_pair pair;
	uint32_t count;
	const char *user, *src;	/* src NULL: default_src */
};

static void check_pair_cases(const struct pair_case *c, size_t n, const char *what, const char *default_src)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct logmsg o;
		char *p, *m;

		run(c[i].prog, c[i].msg, strlen(c[i].msg), &o, &p, &m);
		if (o.kind != c[i].kind || o.svc != c[i].svc || o.pair != c[i].pair || o.count != c[i].count) {
			print_error("%s case %zu: kind %s svc %s pair %d count %u\n", what, i, logmsg_kind_name(o.kind),
				    logmsg_svc_name(o.svc), (int)o.pair, (unsigned)o.count);
			fail();
		}
		span_is(o.user, c[i].user, "user", i);
		span_is(o.src, c[i].src ? c[i].src : default_src, "src", i);
		free(p);
		free(m);
	}
}

/*
 * Lines Dovecot 2.3.19, Postfix 3.7.11 and vsftpd 3.0.3 wrote themselves on loopback
 * (tests/integration/logs_peers.sh), through the parts of the review that pair the lines of one attempt.
 */
static void test_peer_lines(void **state)
{
	static const struct pair_case c[] = {
		{ "imap-login", "Info: Disconnected: Aborted login by logging out (auth failed, 2 attempts in 5 secs): user=<nosuchuser-kyuka>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, secured, session=<FQztq/1hHtB/AAAB>",
		  LM_AUTH_FAIL, LS_DOVECOT, LP_NONE, 2, "nosuchuser-kyuka" },
		{ "imap-login", "Info: Login: user=<kyukap1>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, mpid=20668, secured, session=<MDc+rP1hOtB/AAAB>",
		  LM_AUTH_OK, LS_DOVECOT, LP_NONE, 1, "kyukap1" },
		/* Dovecot's auth worker: its PAM line has the process name "auth" and no pid */
		{ "auth", "pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=kyukap1 rhost=127.0.0.1  user=kyukap1",
		  LM_PAM_FAIL, LS_DOVECOT, LP_PAM, 1, "kyukap1" },
		{ "postfix/smtpd", "warning: unknown[127.0.0.1]: SASL PLAIN authentication failed: (reason unavailable), sasl_username=nosuchuser-kyuka",
		  LM_AUTH_FAIL, LS_POSTFIX, LP_NONE, 1, "nosuchuser-kyuka" },
		{ "postfix/smtpd", "D4F1EA79CA2: client=unknown[127.0.0.1], sasl_method=PLAIN, sasl_username=kyukap1",
		  LM_AUTH_OK, LS_POSTFIX, LP_NONE, 1, "kyukap1" },
		/* vsftpd's own line and its PAM line of one attempt: paired (by source, as neither has the other's pid) */
		/* vsftpd.log: no program name, read as the review reads such lines (logpar.c: the OpenVPN hint) */
		{ "openvpn", "[pid 20031] [kyukap1] FAIL LOGIN: Client \"127.0.0.1\"", LM_AUTH_FAIL, LS_VSFTPD, LP_OWN, 1, "kyukap1" },
		{ "vsftpd", "[pid 20031] [kyukap1] FAIL LOGIN: Client \"127.0.0.1\"", LM_AUTH_FAIL, LS_VSFTPD, LP_OWN, 1, "kyukap1" },
		{ "vsftpd", "pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser=nosuchuser-kyuka rhost=127.0.0.1 ",
		  LM_PAM_FAIL, LS_VSFTPD, LP_PAM, 1, "nosuchuser-kyuka" },
		{ "openvpn", "[pid 20685] [kyukap1] OK LOGIN: Client \"127.0.0.1\"", LM_AUTH_OK, LS_VSFTPD, LP_NONE, 1, "kyukap1" },
	};

	(void)state;
	check_pair_cases(c, sizeof(c) / sizeof(c[0]), "peer", "127.0.0.1");
}

/* Which of one attempt's lines a line is (logmsg_pair), for the lines no pid joins or that two modules write. */
static void test_pair_kinds(void **state)
{
	static const struct pair_case c[] = {
		/* each PAM module's failure line is a kind of its own: pam_unix and pam_sss of one attempt count once */
		{ "sshd", "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.10  user=alice",
		  LM_PAM_FAIL, LS_SSHD, LP_PAM, 1, "alice", "203.0.113.10" },
		{ "sshd", "pam_sss(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.10 user=alice",
		  LM_PAM_FAIL, LS_SSHD, LP_PAM_SSS, 1, "alice", "203.0.113.10" },
		{ "sshd", "pam_ldap(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.10 user=alice",
		  LM_PAM_FAIL, LS_SSHD, LP_PAM_OTHER, 1, "alice", "203.0.113.10" },
		{ "sshd", "PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.10  user=alice",
		  LM_PAM_FAIL, LS_SSHD, LP_PAM, 2, "alice", "203.0.113.10" },
		/* ProFTPD's own failure and its PAM line (mod_auth_pam, the same process) of one attempt */
		{ "proftpd", "pam_unix(proftpd:auth): authentication failure; logname= uid=0 euid=0 tty=/dev/ftpd1300 ruser= rhost=203.0.113.9  user=alice",
		  LM_PAM_FAIL, LS_PROFTPD, LP_PAM, 1, "alice", "203.0.113.9" },
		{ "proftpd", "h.example (203.0.113.9[203.0.113.9]) - USER alice (Login failed): Incorrect password",
		  LM_AUTH_FAIL, LS_PROFTPD, LP_OWN, 1, "alice", "203.0.113.9" },
		/* Webmin's own failure pairs with a PAM line of its process, when that line has an rhost */
		{ "webmin", "pam_unix(webmin:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=203.0.113.5  user=bob",
		  LM_PAM_FAIL, LS_WEBMIN, LP_PAM, 1, "bob", "203.0.113.5" },
		{ "webmin", "Invalid login as bob from 203.0.113.5", LM_AUTH_FAIL, LS_WEBMIN, LP_OWN, 1, "bob", "203.0.113.5" },
	};

	(void)state;
	check_pair_cases(c, sizeof(c) / sizeof(c[0]), "pair", NULL);
}

static void test_root_login(void **state)
{
	struct logmsg o;
	char *p, *m;
	const char *l = "Accepted password for root from 192.0.2.13 port 1 ssh2";

	(void)state;
	run("sshd", l, strlen(l), &o, &p, &m);
	assert_true(o.root_login);
	free(p);
	free(m);
}

static void test_nul_and_crlf(void **state)
{
	static const char l[] = "Failed password for ro\0ot from 203.0.113.9 port 1 ssh2\r";
	struct logmsg o;
	char *p, *m;

	(void)state;
	run("sshd", l, sizeof(l) - 1, &o, &p, &m);
	assert_int_equal(o.kind, LM_AUTH_FAIL);
	assert_int_equal(o.user.len, 5);
	free(p);
	free(m);
}

static void test_huge_line(void **state)
{
	size_t n = (size_t)1 << 20, i;
	char *big = xmalloc(n);
	struct logmsg o;
	static const char *const progs[] = { "sshd", "sudo", "su", "kernel", "openvpn", "charon", "usermod", "gpasswd",
					     "postfix/smtpd", "dovecot", "imapd", "exim", "vsftpd", "proftpd", "smbd",
					     "xrdp-sesman", "webmin", "cockpit-session" };

	(void)state;
	memset(big, 'A', n);
	memcpy(big, "Failed password for ", 20);
	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		logmsg_parse(SPAN(progs[i], strlen(progs[i])), SPAN(big, n), &o);
		assert_int_equal(o.kind, LM_UNKNOWN);
	}
	/* a 1 MB user name: cut to the cap */
	memcpy(big + n - 40, " from 203.0.113.9 port 1 ssh2", 29);
	logmsg_parse(SPAN("sshd", 4), SPAN(big, n - 11), &o);
	assert_int_equal(o.kind, LM_AUTH_FAIL);
	assert_int_equal(o.user.len, LOGMSG_MAX_USER);
	free(big);
}

static void test_is_addr(void **state)
{
	(void)state;
	assert_true(logmsg_is_addr(SPAN("203.0.113.9", 11)));
	assert_true(logmsg_is_addr(SPAN("2001:db8::1", 11)));
	assert_false(logmsg_is_addr(SPAN("host.example", 12)));
	assert_false(logmsg_is_addr(SPAN("1.2.3", 5)));
	assert_false(logmsg_is_addr(SPAN("", 0)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_peer_lines),
		cmocka_unit_test(test_pair_kinds),
		cmocka_unit_test(test_root_login),
		cmocka_unit_test(test_nul_and_crlf),
		cmocka_unit_test(test_huge_line),
		cmocka_unit_test(test_is_addr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
