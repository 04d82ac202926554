#!/bin/bash
# The log review says PASS only on evidence: what was read, inside which window (issue 14).
# Logs outside the window, empty logs, a window not begun, logging that stops, a source
# that goes silent, the first run of LOG-0100, a missing FILE or journal directory.
. "$(dirname "$0")/lib.sh"

NOW=2027-01-05T09:00:00+09:00
HOL=2026-12-27..2027-01-04

# gen FILE FROM TO [SKIP_FROM SKIP_TO]: a cron line every hour in [FROM, TO) (RFC 3339, +09:00), none in the skip
gen() {
	mkdir -p "$(dirname "$1")"
	$PY - "$@" <<'PYEOF'
import sys
from datetime import datetime, timedelta
path, a, b = sys.argv[1], datetime.fromisoformat(sys.argv[2]), datetime.fromisoformat(sys.argv[3])
skip = (datetime.fromisoformat(sys.argv[4]), datetime.fromisoformat(sys.argv[5])) if len(sys.argv) > 5 else None
with open(path, "a") as f:
    t = a
    while t < b:
        if not skip or not (skip[0] <= t < skip[1]):
            f.write(t.isoformat() + " web1 CRON[1]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)\n")
        t += timedelta(hours=1)
PYEOF
}

# login FILE TIME USER SRC: an accepted SSH login, in time order
login() {
	echo "$2 web1 sshd[2]: Accepted publickey for $3 from $4 port 50022 ssh2: ED25519 SHA256:abc" >> "$1"
	LC_ALL=C sort -o "$1" "$1"
}

# logs_json ROOT [args...] -> $TMP/out.json, $status
logs_json() {
	local r=$1
	shift
	status=0
	"$KYUKA" logs --root "$r" --now "$NOW" --tz Asia/Tokyo --format json "$@" > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
}

# no_pass: no LOG check PASSes in $TMP/out.json
no_pass() {
	if jq -e '[.findings[] | select(.check_id | startswith("LOG-")) | select(.status == "PASS")] | length == 0' \
		"$TMP/out.json" > /dev/null; then ok "no LOG PASS ($1)"; else
		fail "a LOG check PASSes ($1): $(jq -c '[.findings[] | select(.status == "PASS") | .check_id]' "$TMP/out.json")"
	fi
}

r=$(root minimal)

echo "== a FILE whose lines all lie outside the window"
gen "$r/logs/old.log" 2026-11-01T00:00:00+09:00 2026-11-05T00:00:00+09:00
logs_json "$r" --holiday "$HOL" --no-store /logs/old.log
validate_schema "$TMP/out.json"
no_pass "outside the window"
expect WARN LOG-0010 "" "0 of 96 lines lie inside the window 2026-12-27..2027-01-04"
expect WARN LOG-0010 "" "give a window the logs cover"
for c in LOG-0020 LOG-0030 LOG-0040 LOG-0050 LOG-0060 LOG-0070 LOG-0080 LOG-0090; do
	expect SKIP $c "" "0 of 96 lines lie inside the window"
done
expect SKIP LOG-0100 "" "not compared with an earlier run"

echo "== an empty FILE"
: > "$r/logs/empty.log"
logs_json "$r" --holiday "$HOL" --no-store /logs/empty.log
no_pass "empty file"
expect WARN LOG-0010 "" "holds no line"
expect SKIP LOG-0030 "" "holds no line"

echo "== a missing FILE: one error naming it"
logs_json "$r" --holiday "$HOL" --no-store /logs/nope.log
expect_status 3
grep -q "/logs/nope.log" "$TMP/err.txt" && ok "path named" || fail "path not named: $(cat "$TMP/err.txt")"
[ "$(wc -l < "$TMP/err.txt")" -eq 1 ] && ok "one line" || fail "more than one error line"
[ -s "$TMP/out.json" ] && fail "a report was written" || ok "no report"

echo "== --journal-dir of a directory that does not exist"
logs_json "$r" --holiday "$HOL" --no-store --journal-dir "$TMP/no-such-journal"
expect_status 3
grep -q "$TMP/no-such-journal" "$TMP/err.txt" && ok "journal dir named" || fail "journal dir: $(cat "$TMP/err.txt")"

echo "== a holiday that has not begun"
gen "$r/logs/now.log" 2026-12-10T00:00:00+09:00 2026-12-20T00:00:00+09:00
NOW=2026-12-20T09:00:00+09:00 logs_json "$r" --holiday "$HOL" --no-store /logs/now.log
no_pass "holiday not begun"
expect SKIP LOG-0010 "" "the holiday begins on 2026-12-27"
expect SKIP LOG-0100 "" "the holiday begins on 2026-12-27"
gen "$r/var/log/auth.log" 2026-12-10T00:00:00+09:00 2026-12-20T00:00:00+09:00
status=0
"$KYUKA" audit --root "$r" --now 2026-12-20T09:00:00+09:00 --no-store --format json --phase after \
	--holiday "$HOL" --only logs > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
no_pass "audit --phase after before the holiday"
expect SKIP LOG-0030 "" "the holiday begins on 2026-12-27"
NOW=2026-12-20T09:00:00+09:00 logs_json "$r" --since 2026-12-27 --until 2026-12-28 --no-store /logs/now.log
no_pass "window ahead"
expect SKIP LOG-0020 "" "the window begins at 2026-12-27"
echo "   --since in the future with no --until"
NOW=2026-12-20T09:00:00+09:00 logs_json "$r" --since 2026-12-27 --no-store /logs/now.log
expect_status 2
grep -q "the window has not begun" "$TMP/err.txt" && ok "future --since explained" || fail "future --since: $(cat "$TMP/err.txt")"

echo "== logging that stops part-way, no baseline before it"
gen "$r/logs/stops.log" 2026-12-27T00:00:00+09:00 2026-12-29T12:00:00+09:00
logs_json "$r" --holiday "$HOL" --no-store /logs/stops.log
expect WARN LOG-0010 "" "no log line from 2026-12-29 12:00:00 +0900 to 2027-01-05 00:00:00 +0900"
expect_none PASS LOG-0010

echo "== one source goes silent while the others log on"
s=$(root minimal)
gen "$s/var/log/auth.log" 2026-11-20T00:00:00+09:00 2027-01-05T06:00:00+09:00
gen "$s/var/log/syslog" 2026-11-20T00:00:00+09:00 2027-01-05T06:00:00+09:00 2026-12-30T02:00:00+09:00 2026-12-30T12:00:00+09:00
login "$s/var/log/auth.log" 2026-12-29T10:00:00+09:00 alice 192.0.2.10
login "$s/var/log/auth.log" 2026-12-02T10:00:00+09:00 alice 192.0.2.10
logs_json "$s" --holiday "$HOL" --no-store
expect WARN LOG-0010 /var/log/syslog "no line from 2026-12-30 02:00:00 +0900 to 2026-12-30 12:00:00 +0900 (10 hours) while the other logs went on"
expect_none WARN LOG-0010 ""
expect_none WARN LOG-0010 /var/log/auth.log

echo "== PASS evidence names what was read; LOG-0040 lists, never confirms"
expect PASS LOG-0030 "" "423 lines inside 2026-12-27..2027-01-04 from 2 files"
expect PASS LOG-0050 "" "no login from a source with no login in the 30 days before the window (1 login)"
expect MANUAL LOG-0040 "" "1 login inside the window to confirm"
expect MANUAL LOG-0040 alice "192.0.2.10 (publickey, sshd)"
expect SKIP LOG-0090 "" "no firewall log line inside the window"
jq -r '.findings[] | select(.check_id == "LOG-0040") | .evidence' "$TMP/out.json" | grep -qi confirmed \
	&& fail "LOG-0040 claims a confirmation" || ok "LOG-0040 claims no confirmation"
jq -e '[.findings[] | select(.status == "PASS" and (.check_id | startswith("LOG-"))) | select(.evidence | test("lines inside 2026-12-27..2027-01-04 from 2 files") | not)] | length == 0' \
	"$TMP/out.json" > /dev/null && ok "every LOG PASS names the lines read" || fail "a LOG PASS without what it read"
jq -e '.log_window == "2026-12-27..2027-01-04 (Asia/Tokyo)"' "$TMP/out.json" > /dev/null && ok "log_window" \
	|| fail "log_window: $(jq .log_window "$TMP/out.json")"
# no login inside the window: PASS saying so, with what was read
q=$(root minimal)
gen "$q/var/log/auth.log" 2026-12-20T00:00:00+09:00 2027-01-05T06:00:00+09:00
logs_json "$q" --holiday "$HOL" --no-store
expect PASS LOG-0040 "" "no login inside the window; "

echo "== LOG-0100: the first run records, the second compares"
logs_json "$s" --holiday "$HOL" --db "$TMP/state.db"
expect SKIP LOG-0100 "" "first run: no earlier state of the log files to compare with"
expect_none PASS LOG-0100
logs_json "$s" --holiday "$HOL" --db "$TMP/state.db"
expect PASS LOG-0100 "" "no log file or login record shrank since the run of"

echo "== FILEs and no window: all they hold, named in the header"
logs_json "$r" --no-store /logs/now.log
validate_schema "$TMP/out.json"
jq -e '.log_window | test("^2026-12-10 00:00:00 \\+0900\\.\\.2026-12-19 23:00:01 \\+0900 \\(Asia/Tokyo\\), all that the files hold$")' \
	"$TMP/out.json" > /dev/null && ok "whole span reviewed" || fail "log_window: $(jq .log_window "$TMP/out.json")"
expect PASS LOG-0010 "" "240 lines inside 2026-12-10 00:00:00 +0900..2026-12-19 23:00:01 +0900 from 1 file"
expect SKIP LOG-0050 "" "no log lines in the 30 days before the window"
status=0
"$KYUKA" logs --root "$r" --now "$NOW" --tz Asia/Tokyo --no-store --color never --lang en /logs/now.log > "$TMP/out.txt" 2>&1 || status=$?
grep -q "^Logs reviewed: 2026-12-10 00:00:00 +0900..2026-12-19 23:00:01 +0900 (Asia/Tokyo), all that the files hold" "$TMP/out.txt" \
	&& ok "terminal header names the window" || fail "terminal header: $(head -8 "$TMP/out.txt")"
grep -q "Holiday: not set" "$TMP/out.txt" && fail "header says Holiday: not set" || ok "no 'Holiday: not set'"

echo "== logs --verbose lists passed checks like audit --verbose"
"$KYUKA" logs --root "$q" --now "$NOW" --tz Asia/Tokyo --holiday "$HOL" --no-store --color never --lang en > "$TMP/plain.txt" 2>&1 || true
"$KYUKA" logs --root "$q" --now "$NOW" --tz Asia/Tokyo --holiday "$HOL" --no-store --color never --lang en --verbose > "$TMP/verbose.txt" 2>&1 || true
grep -q "no account or group created, changed or deleted; " "$TMP/verbose.txt" && ok "--verbose shows PASS evidence" \
	|| fail "--verbose: $(head -30 "$TMP/verbose.txt")"
grep -q "no account or group created" "$TMP/plain.txt" && fail "PASS evidence shown without --verbose" || ok "PASS folded by default"

echo "== logs in a form kyuka does not recognise (an application's own format): LOG-0020/0030 cannot PASS"
u=$(root minimal)
mkdir -p "$u/logs"
for h in 00 06 12 18; do
	for d in 27 28 29 30 31; do echo "2026-12-${d}T$h:00:00+09:00 web1 myapp[7]: request served in 12 ms"; done
done | LC_ALL=C sort > "$u/logs/app.log"
logs_json "$u" --holiday "$HOL" --no-store /logs/app.log
expect SKIP LOG-0020 "" "is in a form kyuka recognises"
expect SKIP LOG-0030 "" "is in a form kyuka recognises"
# LOG-0010 may PASS: the lines have times, so the logs do cover the window
for c in LOG-0020 LOG-0030 LOG-0040 LOG-0050 LOG-0060 LOG-0070 LOG-0080 LOG-0090; do expect_none PASS $c; done

finish
