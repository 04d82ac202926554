#!/bin/bash
# What the log review reports from lines a reviewer wrote to break it (issue 25): a PASS that
# reads as its status, ::ffff: in sshd's lines, NUL bytes and invisible characters in names,
# names with commas, names of no account that may be passwords, the services a scanner probed, attempts that share a pairing slot, vsftpd's
# two files named in any order, root logins and time going backwards as one finding each, and
# links named on the command line.
. "$(dirname "$0")/lib.sh"

NOW=2027-01-10T09:00:00+09:00
HOL=2026-12-27..2027-01-04

# fresh: a root with an empty /var/log; its auth.log is $log
fresh() {
	r=$(root minimal)
	mkdir -p "$r/var/log"
	rm -f "$r"/var/log/*
	log=$r/var/log/auth.log
	: > "$log"
}

# review [args...] -> $TMP/out.json (the files touched to after the window)
review() {
	find "$r/var/log" -type f -exec touch -d 2027-01-10T00:00:00+09:00 {} +
	status=0
	"$KYUKA" logs --root "$r" --now "$NOW" --holiday "$HOL" --tz Asia/Tokyo --no-store --format json "$@" \
		> "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
}

# count STATUS CHECK: findings of that status and check (grouped ones by their subjects)
count() {
	jq --arg s "$1" --arg c "$2" '[.findings[] | select(.status == $s and .check_id == $c) |
		(if (.subjects // []) | length > 0 then (.subjects | length) else 1 end)] | add // 0' "$TMP/out.json"
}

echo "== probes only: the PASS does not say that sources failed"
fresh
for i in 1 2 3; do
	echo "Dec 30 10:00:0$i srv sshd[7$i]: Did not receive identification string from 203.0.113.4$i port 5" >> "$log"
	echo "Dec 30 10:10:0$i srv dovecot: imap-login: Disconnected (no auth attempts in 0 secs): user=<>, rip=203.0.113.5$i, lip=192.0.2.1, session=<x>" >> "$log"
done
review
expect PASS LOG-0020 "" "no failed login from any source in the window"
expect_none PASS LOG-0020 "sources failed"

echo "== sshd's 'from ::ffff:ADDR' is the source ADDR: a login after Dovecot's failures is LOG-0030"
fresh
for i in 1 2 3 4 5 6; do
	echo "Dec 30 10:0$i:01 srv dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<bob>, method=PLAIN, rip=::ffff:203.0.113.80, lip=192.0.2.1, session=<s$i>" >> "$log"
done
echo "Dec 30 11:00:01 srv sshd[900]: Accepted password for bob from ::ffff:203.0.113.80 port 5 ssh2" >> "$log"
review
expect FAIL LOG-0030 bob@203.0.113.80 "after 6 failed logins over dovecot"

echo "== a NUL byte in a name shows, and the rest of the name with it"
fresh
printf 'Dec 30 10:00:01 srv miniserv.pl[80]: Successful login as admin\0-not-really from 203.0.113.50\n' >> "$log"
review
expect MANUAL LOG-0040 "admin␀-not-really"

echo "== user names: one with a comma in quotes, a long one cut, more than the list holds"
fresh
for i in $(seq -w 1 20); do
	echo "Dec 30 10:$i:01 srv dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<admin, root>, method=PLAIN, rip=203.0.113.70, lip=192.0.2.1, session=<a$i>" >> "$log"
	echo "Dec 30 11:$i:01 srv dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<$(printf 'x%.0s' $(seq 250))>, method=PLAIN, rip=203.0.113.71, lip=192.0.2.1, session=<b$i>" >> "$log"
	echo "Dec 30 12:$i:01 srv dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<user$i>, method=PLAIN, rip=203.0.113.72, lip=192.0.2.1, session=<c$i>" >> "$log"
done
review
expect WARN LOG-0020 203.0.113.70 '1 user name(s) tried ("admin, root")'
expect WARN LOG-0020 203.0.113.71 "1 user name(s) tried (xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…)"
expect WARN LOG-0020 203.0.113.72 "20 user name(s) tried (user01, user02, user03, user04, user05, …)"

echo "== a name of no account that may be a password typed at the prompt is hidden"
fresh
for i in $(seq -w 1 20); do
	case $((10#$i % 5)) in
	0) u='Summer2026!' ;; 1) u='P@ssw0rd-Tokyo' ;; 2) u=admin ;; 3) u=Administrator ;; 4) u=taro.yamada ;;
	esac
	echo "Dec 30 10:$i:01 srv sshd[5$i]: Failed password for invalid user $u from 203.0.113.90 port 4$i ssh2" >> "$log"
	# an account that exists: its name is shown as it is, whatever its shape
	echo "Dec 30 11:$i:01 srv sshd[6$i]: Failed password for Oper.Admin from 203.0.113.91 port 4$i ssh2" >> "$log"
	# names of no account, in the forms credential stuffing uses: shown, but upper case and digits at once
	case $((10#$i % 4)) in
	0) u=j.smith@example.com ;; 1) u='CORP\jsmith' ;; 2) u=JSmith ;; 3) u=Autumn2026 ;;
	esac
	echo "Dec 30 12:$i:01 srv sshd[7$i]: Failed password for invalid user $u from 203.0.113.92 port 4$i ssh2" >> "$log"
done
review
expect WARN LOG-0020 203.0.113.90 "5 user name(s) tried (********, admin, Administrator, taro.yamada, ********)"
expect WARN LOG-0020 203.0.113.91 "1 user name(s) tried (Oper.Admin)"
expect WARN LOG-0020 203.0.113.92 '4 user name(s) tried (CORP\jsmith, JSmith, ********, j.smith@example.com)'
if grep -q -e 'Summer2026' -e 'P@ssw0rd' -e 'Autumn2026' "$TMP/out.json"; then fail "a password-like name in the JSON report"; else ok "no password-like name in the JSON report"; fi
"$KYUKA" logs --root "$r" --now "$NOW" --holiday "$HOL" --tz Asia/Tokyo --no-store > "$TMP/out.txt" 2>&1 || true
if grep -q -e 'Summer2026' -e 'P@ssw0rd' -e 'Autumn2026' "$TMP/out.txt"; then fail "a password-like name in the terminal report"; else ok "no password-like name in the terminal report"; fi

echo "== a scanner's finding names the services it probed"
fresh
for i in $(seq -w 10 21); do
	echo "Dec 30 10:$i:01 srv sshd[3$i]: Did not receive identification string from 203.0.113.30 port 5$i" >> "$log"
	echo "Dec 30 11:$i:01 srv dovecot: imap-login: Disconnected (no auth attempts in 0 secs): user=<>, rip=203.0.113.30, lip=192.0.2.1, session=<p$i>" >> "$log"
done
review
expect WARN LOG-0020 203.0.113.30 "scanner: 24 connections to sshd, dovecot that ended before a failed login"

echo "== two sources whose attempts fell in one pairing slot count once each"
fresh
# 198.51.0.21 and 198.51.0.75 took one slot of the pairing table when it had one slot a key
for i in 0 1 2 3 4 5 6 7 8 9; do
	for a in 21:300 75:400; do
		echo "Dec 30 10:00:0$i srv sshd[${a#*:}$i]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.0.${a%:*}  user=root" >> "$log"
	done
	for a in 21:300 75:400; do
		echo "Dec 30 10:00:0$i srv sshd[${a#*:}$i]: Failed password for root from 198.51.0.${a%:*} port 4$i ssh2" >> "$log"
	done
done
echo "Dec 30 10:01:00 srv sshd[5000]: Accepted password for root from 198.51.0.21 port 6000 ssh2" >> "$log"
review
expect FAIL LOG-0030 root@198.51.0.21 "after 10 failed logins over sshd"
expect_none WARN LOG-0020 198.51.0.21
[ "$(jq '[.timeline.days[] | .counts.auth_failures] | add' "$TMP/out.json")" = 20 ] &&
	ok "20 failures on the timeline" || fail "timeline: $(jq -c '[.timeline.days[] | .counts.auth_failures]' "$TMP/out.json")"

echo "== vsftpd's own file from another time, named first, takes nothing from the window's attempts"
fresh
for i in $(seq -w 0 19); do
	echo "Dec 30 10:00:$i web1 vsftpd[2$i]: pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser=bob rhost=203.0.113.61  user=bob" >> "$log"
	echo "Mon Dec 20 10:00:$i 2026 [pid 1$i] [bob] FAIL LOGIN: Client \"203.0.113.61\"" >> "$r/var/log/vsftpd.log.1"
done
for order in "/var/log/vsftpd.log.1 /var/log/auth.log" "/var/log/auth.log /var/log/vsftpd.log.1"; do
	# shellcheck disable=SC2086
	review $order
	expect WARN LOG-0020 203.0.113.61 "brute force: 20 failed logins over vsftpd"
done

echo "== direct root logins over four services: one finding that lists them"
fresh
echo "Dec 30 12:00:01 srv sshd[51]: Accepted publickey for root from 203.0.113.31 port 5 ssh2: ED25519 SHA256:x" >> "$log"
echo "Dec 30 12:05:01 srv miniserv.pl[80]: Successful login as root from 203.0.113.34" >> "$log"
echo "Dec 30 12:06:01 srv sshd[52]: Accepted password for root from 203.0.113.35 port 6 ssh2" >> "$log"
review
[ "$(count FAIL LOG-0060)" = 1 ] && ok "one LOG-0060 finding" || fail "LOG-0060 findings: $(count FAIL LOG-0060)"
expect FAIL LOG-0060 root "direct root logins, 3 times: at 2026-12-30 12:00:01 +0900 from 203.0.113.31 (publickey, sshd;"

echo "== time going backwards 5 times in one file: one finding"
fresh
for i in 1 2 3 4 5; do
	echo "Dec 30 1$i:00:01 srv CRON[1]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)" >> "$log"
	echo "Dec 30 0$i:00:01 srv CRON[1]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)" >> "$log"
done
review
[ "$(count WARN LOG-0100)" = 1 ] && ok "one LOG-0100 finding" || fail "LOG-0100 findings: $(count WARN LOG-0100)"
expect WARN LOG-0100 /var/log/auth.log "time went backwards 5 times in this file"

echo "== a link named on the command line is not followed"
fresh
echo "Dec 30 10:00:01 srv sshd[1]: Accepted password for secretuser from 192.0.2.66 port 5 ssh2" >> "$r/var/log/other.log"
ln -s other.log "$r/var/log/linked.log"
review /var/log/linked.log
expect WARN LOG-0010 /var/log/linked.log "refusing to follow a symbolic link at '/var/log/linked.log'"
! grep -q secretuser "$TMP/out.json" && ok "its target is not read" || fail "the link's target was read"

finish
