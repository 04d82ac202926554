#!/bin/bash
# The holiday log review (LOG-*): kyuka logs and audit --phase after on generated logs.
. "$(dirname "$0")/lib.sh"

NOW=2027-01-05T09:00:00+09:00
HOL=2026-12-27..2027-01-04

# logroot SCENARIO -> a prepared root with its logs written by tests/tools/mklogs.py
logroot() {
	local d
	d=$(root "logs-$1")
	$PY "$SRCDIR/tests/tools/mklogs.py" "$1" "$d"
	echo "$d"
}

# logs_json ROOT [args...] -> $TMP/out.json, $status
logs_json() {
	local r=$1
	shift
	status=0
	"$KYUKA" logs --root "$r" --now "$NOW" --format json "$@" > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
}

echo "== bad: every finding fires"
b=$(logroot bad)
logs_json "$b" --holiday "$HOL" --no-store
expect_status 1
validate_schema "$TMP/out.json"
expect WARN LOG-0010 "" "2027-01-02 03:00:00 +0900 to 2027-01-02 11:00:00 +0900"
expect WARN LOG-0020 203.0.113.9 "brute force: 30 failed logins"
expect WARN LOG-0020 198.51.100.23 "password spraying"
expect_none WARN LOG-0020 198.51.100.78
# one source over three services, PAM-only sshd lines counted, Dovecot's PAM lines not counted twice
expect WARN LOG-0020 203.0.113.7 "password spraying: 28 failed logins over sshd, postfix, dovecot"
# (maillog is read after auth.log: its 6 failures come after the login in the order read)
expect FAIL LOG-0030 carol@203.0.113.7 "(imap/pop3, dovecot) after 22 failed logins over sshd, dovecot"
expect WARN LOG-0020 203.0.113.60 "scanner: 25 connections to sshd that ended before a failed login"
expect_none FAIL LOG-0030 alice@192.0.2.10
# the planted intrusion: a year-less Dec 31 line in a file last written in January is 2026
expect FAIL LOG-0030 root@203.0.113.9 "2026-12-31 03:20:34 +0900 login by root from 203.0.113.9 (password, sshd) after 30 failed logins"
expect FAIL LOG-0030 root@203.0.113.9 "/var/log/auth.log:175"
expect MANUAL LOG-0040 bob "198.51.100.77 (publickey, sshd)"
expect MANUAL LOG-0040 client2 "203.0.113.99"
expect WARN LOG-0050 198.51.100.77 "login by bob"
expect_none WARN LOG-0050 192.0.2.10
expect FAIL LOG-0060 root "direct root login"
expect WARN LOG-0060 root "su by bob to root"
expect WARN LOG-0060 alice "privileged account logged in"
expect FAIL LOG-0070 mallory "added to the privileged group sudo"
expect WARN LOG-0070 mallory "account created"
expect WARN LOG-0070 mallory "password changed"
expect WARN LOG-0080 203.0.113.99 "at night"
expect_none WARN LOG-0080 203.0.113.5
expect WARN LOG-0080 203.0.113.120 "VPN login of carol@example.com at night (2026-12-30 23:30:00 +0900)"
expect MANUAL LOG-0040 "peer 3" "203.0.113.5 (-, wireguard)"
expect FAIL LOG-0090 "203.0.113.50 -> TCP/445" "accepted inbound to port 445"
expect MANUAL LOG-0090 "blocked traffic" "40 blocked"
expect WARN LOG-0100 /var/log/auth.log "time went backwards"
expect WARN LOG-0100 /var/log/auth.log.3 "missing"
# the user name with an escape sequence arrives intact in JSON (escaped by JSON, not altered)
expect WARN LOG-0020 198.51.100.23 $'\e]0;pwn\a'
$PY - "$TMP/out.json" <<'PYEOF' && ok "timeline" || fail "timeline"
import json, sys
rep = json.load(open(sys.argv[1]))
tl = rep["timeline"]
days = {d["date"]: d["counts"] for d in tl["days"]}
assert tl["zone"] == "Asia/Tokyo", tl["zone"]
assert len(days) == 9 and "2026-12-27" in days and "2027-01-04" in days, days.keys()
assert days["2026-12-31"]["auth_failures"] == 30, days["2026-12-31"]
assert days["2026-12-31"]["account_changes"] == 3
assert days["2027-01-02"]["firewall_allowed"] == 1
PYEOF

echo "== bad: the terminal report escapes log text"
status=0
"$KYUKA" logs --root "$b" --now "$NOW" --holiday "$HOL" --no-store --color never > "$TMP/out.txt" 2>&1 || status=$?
expect_status 1
if grep -q $'\e' "$TMP/out.txt"; then fail "raw ESC in the terminal report"; else ok "no raw ESC"; fi
grep -q '\\x1b]0;pwn\\x07' "$TMP/out.txt" && ok "escaped user name shown" || fail "escaped user name"
grep -q "Timeline of the window (Asia/Tokyo)" "$TMP/out.txt" && ok "timeline shown" || fail "timeline"

echo "== good: nothing but PASS and the logins to confirm"
g=$(logroot good)
logs_json "$g" --holiday "$HOL" --no-store
expect_status 0
validate_schema "$TMP/out.json"
# LOG-0100 cannot tell a shrunk file without an earlier run: SKIP, not PASS
only_statuses "PASS MANUAL" "LOG-0100 LOG-0110"
expect SKIP LOG-0100 "" "not compared with an earlier run"
expect PASS LOG-0010 "" "/var/log/auth.log.2.gz"
expect MANUAL LOG-0040 alice "2026-12-29 10:06:00 +0900 from 192.0.2.10 (password, sshd)"
expect_none FAIL LOG-0030

echo "== audit --phase after runs the same checks; no window: SKIP, never PASS"
audit_json "$b" --phase after --holiday "$HOL" --only LG-1 --now "$NOW"
expect_status 1
validate_schema "$TMP/out.json"
expect FAIL LOG-0030 root@203.0.113.9
audit_json "$b" --phase after --only logs --now "$NOW"
expect SKIP LOG-0030 "" "no holiday window"
expect_none PASS LOG-0030

echo "== the journal (sd-journal): under the root, and a copied directory"
j=$(logroot journal)
logs_json "$j" --holiday "$HOL" --no-store
expect_status 1
validate_schema "$TMP/out.json"
expect FAIL LOG-0030 root@203.0.113.9 "journal s="
expect WARN LOG-0070 mallory "account created"
expect PASS LOG-0010 "" "journal"
expect_none WARN LOG-0100
# journald sets a damaged file aside as *.journal~
head -c 8192 /dev/urandom > "$j/var/log/journal/0123456789abcdef0123456789abcdef/system@0001-0002.journal~"
logs_json "$j" --holiday "$HOL" --no-store
expect WARN LOG-0100 journal "1 corrupt files"
expect FAIL LOG-0030 root@203.0.113.9
cp -r "$j/var/log/journal/0123456789abcdef0123456789abcdef" "$TMP/copied-journal"
m=$(root minimal)
logs_json "$m" --holiday "$HOL" --no-store --journal-dir "$TMP/copied-journal" --tz Asia/Tokyo
expect FAIL LOG-0030 root@203.0.113.9 "2026-12-31 03:20:39 +0900"
logs_json "$m" --holiday "$HOL" --no-store --no-journal
expect SKIP LOG-0030 "" "no logs were found"
expect WARN LOG-0010 "" "no auth log"

echo "== explicit files, --since/--until and --tz"
logs_json "$b" --since 2026-12-30T00:00:00+09:00 --until 2027-01-01T00:00:00+09:00 --no-store /var/log/ufw.log
expect PASS LOG-0030 ""
expect MANUAL LOG-0090 "blocked traffic"
expect_none FAIL LOG-0090
logs_json "$b" --since 2026-12-31T00:00:00+09:00 --until 2027-01-01T00:00:00+09:00 --no-store /var/log/auth.log
expect FAIL LOG-0030 root@203.0.113.9
# read as UTC, the same year-less line is nine hours later
logs_json "$b" --holiday "$HOL" --tz UTC --no-store /var/log/auth.log
expect FAIL LOG-0030 root@203.0.113.9 "2026-12-31 03:20:34 +0000"
logs_json "$b" --holiday "$HOL" --tz Mars/Olympus --no-store
expect_status 2
grep -q "unknown time zone 'Mars/Olympus'" "$TMP/err.txt" && ok "unknown zone refused" || fail "unknown zone"
# a zone in the config is checked by the review itself: the checks say ERROR, never PASS
printf 'logs:\n  timezone: Mars/Olympus\n' > "$TMP/tz.yaml"
logs_json "$b" --holiday "$HOL" --no-store --config "$TMP/tz.yaml"
expect ERROR LOG-0010 "" "unknown time zone"
expect_none PASS LOG-0030
status=0
"$KYUKA" logs --root "$b" --now "$NOW" --since 2027-01-02 --until 2027-01-01 > /dev/null 2> "$TMP/err.txt" || status=$?
expect_status 2

echo "== the store: login records and logs that shrink between runs"
db="$TMP/logs.db"
logs_json "$b" --holiday "$HOL" --db "$db"
expect_none FAIL LOG-0100 /var/log/wtmp
[ "$(sqlite3 "$db" 'SELECT count(*) FROM log_files')" -ge 5 ] && ok "log state recorded" || fail "log state"
[ "$(stat -c %a "$db")" = 600 ] && ok "db 0600" || fail "db mode"
truncate -s 384 "$b/var/log/wtmp"
truncate -s 1000 "$b/var/log/auth.log"
logs_json "$b" --holiday "$HOL" --db "$db"
expect FAIL LOG-0100 /var/log/wtmp "shrank from 3840 to 384 bytes"
expect FAIL LOG-0100 /var/log/auth.log "shrank in place"
# a rotation is not a truncation: wtmp moved to wtmp.1 and a new one started
mv "$b/var/log/wtmp" "$b/var/log/wtmp.1"
: > "$b/var/log/wtmp"
logs_json "$b" --holiday "$HOL" --db "$db"
expect_none FAIL LOG-0100 /var/log/wtmp
rm "$b/var/log/wtmp"
logs_json "$b" --holiday "$HOL" --db "$db"
expect FAIL LOG-0100 /var/log/wtmp "removed"

echo "== hostile logs: NUL bytes, invalid UTF-8, a 1 MB line, a FIFO; no hang"
h=$(root minimal)
mkdir -p "$h/var/log"
{
	printf 'Dec 20 00:00:00 web1 CRON[1]: (root) CMD (true)\n'
	printf 'Dec 31 03:00:00 web1 sshd[1]: Failed password for ro\0ot from 203.0.113.9 port 1 ssh2\n'
	printf 'Dec 31 03:00:01 web1 sshd[1]: Failed password for \xff\xfe from 203.0.113.9 port 1 ssh2\r\n'
	printf 'Dec 31 03:00:02 web1 sshd[1]: Accepted password for '
	head -c 1048576 /dev/zero | tr '\0' 'a'
	printf ' from 203.0.113.9 port 1 ssh2\n'
	printf 'not a log line at all\n'
	printf 'Dec 31 03:00:03 web1 sshd[1]: Failed password for x from 203.0.113.9 port 1 ssh2'
} > "$h/var/log/auth.log"
touch -d 2027-01-05T00:00:00+09:00 "$h/var/log/auth.log"
mkfifo "$h/var/log/syslog"
status=0
timeout 20 "$KYUKA" logs --root "$h" --now "$NOW" --holiday "$HOL" --tz +09:00 --no-store --format json \
	> "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
[ "$status" -ne 124 ] && ok "no hang" || fail "hung"
validate_schema "$TMP/out.json"
expect PASS LOG-0010 "" "1 cut"
expect PASS LOG-0010 "" "2 not recognised"
$PY - "$TMP/out.json" <<'PYEOF' && ok "failures counted" || fail "failures counted"
import json, sys
rep = json.load(open(sys.argv[1]))
d = [x for x in rep["timeline"]["days"] if x["date"] == "2026-12-31"][0]
assert d["counts"]["auth_failures"] == 3, d
PYEOF

echo "== the same review on one thread and on several"
# a generated 3 MB auth.log (bench's seeded generator): many batches and slices, the planted intrusion
P="$TMP/par"
mkdir -p "$P/var/log" "$P/etc"
echo Asia/Tokyo > "$P/etc/timezone"
$PY "$SRCDIR/bench/gen_authlog.py" "$P/var/log/auth.log" 3 > /dev/null
gzip -c "$P/var/log/auth.log" > "$P/var/log/auth.log.1.gz"	# a rotation, read through zlib
# a hostile line longer than two mapped windows, then lines again: cut once, the rest read on
$PY -c 'import sys; sys.stdout.write("Jan  9 10:00:00 web1 sshd[1]: Failed password for " + "x" * (9 << 20) + " from 192.0.2.7 port 22 ssh2\nJan  9 10:00:01 web1 sshd[2]: Failed password for root from 192.0.2.8 port 22 ssh2\n")' >> "$P/var/log/auth.log"
touch -d 2027-01-10T00:00:00+09:00 "$P/var/log/auth.log" "$P/var/log/auth.log.1.gz"
for t in 1 2 5; do
	"$KYUKA" logs --root "$P" --now 2027-01-10T09:00:00+09:00 --holiday 2026-12-27..2027-01-04 --no-store \
		--format json --threads $t > "$TMP/par-$t.json" 2> "$TMP/err.txt" || true
done
if $PY - "$TMP/par-1.json" "$TMP/par-2.json" "$TMP/par-5.json" <<'PYEOF'; then ok "same report on 1, 2 and 5 threads"; else fail "threads change the report"; fi
import json, sys
def load(p):
    r = json.load(open(p))
    for k in ("generated_at", "duration_ms", "run"):
        r.pop(k, None)
    return r
a = load(sys.argv[1])
assert any(f["check_id"] == "LOG-0030" and f["status"] == "FAIL" and "203.0.113.9" in f["subject"] for f in a["findings"]), "intrusion"
ev = [f["evidence"] for f in a["findings"] if f["check_id"] == "LOG-0010"][0]
import re
assert int(re.search(r"\(([0-9,]+) read", ev).group(1).replace(",", "")) > 50000 and "auth.log.1.gz" in ev, ev
for p in sys.argv[2:]:
    assert load(p) == a, p
PYEOF
"$KYUKA" logs --threads 0 > /dev/null 2>&1 && fail "--threads 0 accepted" || ok "--threads 0 refused"

echo "== files without program names: Samba's log.smbd, exim's mainlog with +pid"
F="$TMP/files"
mkdir -p "$F/var/log/samba" "$F/var/log/exim4" "$F/etc"
echo Asia/Tokyo > "$F/etc/timezone"
# log.smbd (log level = 1 auth_audit:3): records of a header and the audit line with its own time
for i in 0 1 2 3 4 5; do
	printf '[2026/12/30 10:00:0%d.123456,  2] ../../auth/auth_log.c:876(log_authentication_event_human_readable)\n' $i
	printf '  Auth: [SMB2,(null)] user [WORKGROUP]\\[user%d] at [Wed, 30 Dec 2026 10:00:0%d.123456 JST] with [NTLMv2] status [NT_STATUS_WRONG_PASSWORD] workstation [KALI] remote host [ipv4:203.0.113.11:5011%d] mapped to [WORKGROUP]\\[user%d]. local host [ipv4:192.0.2.1:445] \n' $i $i $i $i
done > "$F/var/log/samba/log.smbd"
cat >> "$F/var/log/samba/log.smbd" <<'SMBEOF'
[2026/12/30 10:01:00.000001,  2] ../../auth/auth_log.c:876(log_authentication_event_human_readable)
  Auth: [SMB2,(null)] user [WORKGROUP]\[user5] at [Wed, 30 Dec 2026 10:01:00.000001 JST] with [NTLMv2] status [NT_STATUS_OK] workstation [KALI] remote host [ipv4:203.0.113.11:50200] mapped to [WORKGROUP]\[user5]. local host [ipv4:192.0.2.1:445] 
[2026/12/30 10:01:00.000002,  3] ../../auth/auth_log.c:635(log_successful_authz_event_human_readable)
  Successful AuthZ: [SMB2,NTLMSSP] user [WORKGROUP]\[user5] [S-1-5-21-1-2-3-1000] at [Wed, 30 Dec 2026 10:01:00.000002 JST] Remote host [ipv4:203.0.113.11:50200] local host [ipv4:192.0.2.1:445]
SMBEOF
cat > "$F/var/log/exim4/mainlog" <<'EXIMEOF'
2026-12-30 11:00:01 [12345] dovecot_login authenticator failed for H=(User) [203.0.113.12]:52144 I=[192.0.2.1]:587: 535 Incorrect authentication data (set_id=bob)
2026-12-30 11:00:02 [12346] dovecot_login authenticator failed for H=(User) [203.0.113.12]:52145 I=[192.0.2.1]:587: 535 Incorrect authentication data (set_id=carol)
2026-12-30 11:00:03 [12347] plain authenticator failed for ([203.0.113.12]) [203.0.113.12]:52146 I=[192.0.2.1]:587: 535 Incorrect authentication data (set_id=dave)
2026-12-30 11:00:04 [12348] plain authenticator failed for ([203.0.113.12]) [203.0.113.12]:52147 I=[192.0.2.1]:587: 535 Incorrect authentication data (set_id=erin)
2026-12-30 11:00:05 [12349] login authenticator failed for mail.example.com [203.0.113.12]:52148 I=[192.0.2.1]:587: 535 Incorrect authentication data (set_id=frank)
EXIMEOF
# ProFTPD's own SystemLog: 1.3.5b and later ("YYYY-MM-DD HH:MM:SS,mmm"), and before (a syslog time)
mkdir -p "$F/var/log/proftpd"
for i in 1 2 3; do
	echo "2026-12-30 12:00:0$i,464 ftp1 proftpd[2000$i] ftp1.example (203.0.113.21[203.0.113.21]): USER user$i (Login failed): Incorrect password"
done > "$F/var/log/proftpd/proftpd.log"
for i in 4 5 6; do
	echo "Dec 30 12:01:0$i ftp1 proftpd[2000$i] ftp1.example (203.0.113.21[203.0.113.21]): USER user$i: no such user found from 203.0.113.21 [203.0.113.21] to 192.0.2.1:21"
done > "$F/var/log/proftpd/proftpd.log.old"
touch -d 2027-01-05T00:00:00+09:00 "$F/var/log/samba/log.smbd" "$F/var/log/exim4/mainlog" "$F/var/log/proftpd/proftpd.log" \
	"$F/var/log/proftpd/proftpd.log.old"
logs_json "$F" --holiday "$HOL" --no-store /var/log/samba/log.smbd /var/log/exim4/mainlog /var/log/proftpd/proftpd.log \
	/var/log/proftpd/proftpd.log.old
expect_status 1
expect WARN LOG-0020 203.0.113.11 "password spraying: 6 failed logins over samba"
expect FAIL LOG-0030 user5@203.0.113.11 "after 6 failed logins over samba"
expect WARN LOG-0020 203.0.113.12 "password spraying: 5 failed logins over exim"
expect WARN LOG-0020 203.0.113.21 "password spraying: 6 failed logins over proftpd"

echo "== lock-outs: the account, not a source"
L="$TMP/lockout"
mkdir -p "$L/var/log" "$L/etc"
echo Asia/Tokyo > "$L/etc/timezone"
cat > "$L/var/log/auth.log" <<'LOCKEOF'
Dec 30 10:00:00 h sshd[1600]: pam_faillock(sshd:auth): Consecutive login failures for user root account temporarily locked
Dec 30 10:00:01 h sshd[1601]: pam_tally2(sshd:auth): user root (0) tally 73, deny 5
Dec 30 10:00:02 h login[1602]: pam_faillock(login:auth): Consecutive login failures for user alice account temporarily locked
LOCKEOF
touch -d 2027-01-05T00:00:00+09:00 "$L/var/log/auth.log"
logs_json "$L" --holiday "$HOL" --no-store
expect WARN LOG-0020 root "account locked out by PAM 2 times (pam_faillock or pam_tally2), first at 2026-12-30 10:00:00 +0900"
expect WARN LOG-0020 alice "account locked out by PAM 1 time"

finish
