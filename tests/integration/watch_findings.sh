#!/bin/bash
# kyuka watch beyond the baseline (issue 16): new log findings since the last run, vulnerabilities that
# appear after the first match, and a backup older than its job's max_age_hours, each sent once through
# a loopback webhook receiver (tests/tools/sinks.py) and recorded; nothing sent again on the next run.
. "$(dirname "$0")/lib.sh"
DATA=$SRCDIR/../shared/data
db=$TMP/kyuka.db
cfg=$TMP/kyuka.yaml
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT
r=$(root pkg-bullseye)
cp "$SRCDIR/tests/roots/logs-good/etc/passwd" "$SRCDIR/tests/roots/logs-good/etc/group" "$r/etc/"
mkdir -p "$r/var/log" "$r/backup/copy/etc"
: > "$r/var/log/auth.log"

inbox=$TMP/in
mkdir -p "$inbox"
$PY "$SRCDIR/tests/tools/sinks.py" http "$TMP/port" "$inbox" 200 2>> "$TMP/sinks.log" & pids+=($!)
for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.1; done
cat > "$cfg" <<EOF
alert:
  channel: webhook
  url: http://127.0.0.1:$(cat "$TMP/port")/hook
backup:
  jobs:
    - name: copy
      kind: directory
      repository: /backup/copy
      paths: [/etc]
      max_age_hours: 24
EOF
chmod 600 "$cfg"
k() { status=0; "$KYUKA" --root "$r" --db "$db" --config "$cfg" "$@" > "$TMP/cmd.txt" 2> "$TMP/err.txt" || status=$?; }
count() { find "$inbox" -type f | wc -l; }
alerts() { cat "$inbox"/* 2>/dev/null; }
# the subjects of the alerts (the webhook's JSON), one a line
subjects() { for f in "$inbox"/*; do $PY -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().split("\n", 2)[2])["text"])' "$f"; done; }

T1=2022-12-20T09:00:00+09:00
echo "ok" > "$r/backup/copy/etc/hostname"
touch -d 2022-12-28T08:00:00+09:00 "$r/backup/copy/etc/hostname" "$r/backup/copy/etc" "$r/backup/copy"
k feeds import "$DATA/debian-security/DSA.list" "$DATA/cisa-kev/known_exploited_vulnerabilities.json" --now "$T1"
[ "$status" -eq 0 ] || fail "feeds import: $(cat "$TMP/err.txt")"
k baseline save --now "$T1"
[ "$status" -eq 0 ] || fail "baseline: $(cat "$TMP/err.txt")"

echo "== first run: the vulnerabilities known now are the start, not news"
# gerbv 2.7.0-2+deb11u1 is vulnerable to DSA-5306-1 (2022-12-27) and webkit2gtk to DSA-5308-1 (2022-12-31):
# at 2022-12-28 the first is known (the start), the second comes later
k watch --now 2022-12-28T10:00:00+09:00
[ "$status" -eq 0 ] && grep -q "1 known vulnerabilities recorded as the starting point" "$TMP/cmd.txt" \
	&& ok "first match recorded without an alert" || fail "first run: exit $status $(cat "$TMP/cmd.txt" "$TMP/err.txt")"
[ "$(count)" = 1 ] && grep -q "all quiet" "$inbox/1" && ok "only the heartbeat" || fail "first run sent $(count): $(subjects)"
primed=$(sqlite3 "$db" "SELECT count(*) FROM watch_alerts WHERE kind = 'VULN-0010'")
[ "$primed" = 1 ] && ok "DSA-5306-1 recorded" || fail "recorded $primed"

echo "== new log findings, new vulnerabilities, a stale backup: one alert each"
{
	for i in $(seq 1 30); do printf 'Dec 29 02:%02d:00 web1 sshd[7]: Failed password for root from 203.0.113.9 port 4000 ssh2\n' "$i"; done
	printf 'Dec 29 02:40:00 web1 sshd[8]: Accepted password for root from 203.0.113.9 port 4001 ssh2\n'
} >> "$r/var/log/auth.log"
touch -d 2022-12-29T03:00:00+09:00 "$r/var/log/auth.log"	# the year of year-less lines
# published after the first run: visible now (advisories dated after --now are left out)
T2=2023-01-05T09:00:00+09:00
k audit --only VULN-0010 --now "$T2" --format json --output "$TMP/v.json" --no-store
want_vulns=$($PY - "$TMP/v.json" "$db" <<'PYEOF'
import json, sqlite3, sys
d = json.load(open(sys.argv[1]))
known = {r[0] for r in sqlite3.connect(sys.argv[2]).execute("SELECT key FROM watch_alerts WHERE kind = 'VULN-0010'")}
subj = set()
for f in d["findings"]:
    if f["check_id"] != "VULN-0010" or f["status"] not in ("FAIL", "WARN") or f["severity"] not in ("high", "critical"):
        continue
    for s in f.get("subjects") or [{"name": f.get("subject", "")}]:
        subj.add(s["name"])
print(len(subj - known))
PYEOF
)
[ "$want_vulns" -gt 0 ] || fail "the fixture has no vulnerability published between the runs"
k watch --now "$T2"
[ "$status" -eq 1 ] && ok "serious new things: exit 1" || fail "second run: exit $status $(cat "$TMP/err.txt")"
subjects > "$TMP/subj1.txt"
n_vuln=$(grep -c ", vulnerability VULN-0010 " "$TMP/subj1.txt" || true)
[ "$n_vuln" = "$want_vulns" ] && ok "one alert per new vulnerability ($n_vuln)" || fail "vulnerability alerts $n_vuln, want $want_vulns"
grep -q "VULN-0010 DSA-5308-1 webkit2gtk" "$TMP/subj1.txt" && ok "alert: DSA-5308-1 webkit2gtk" \
	|| fail "no DSA-5308-1 alert: $(grep VULN "$TMP/subj1.txt" | head -3)"
grep -q "critical, vulnerability VULN-0010 DSA-5308-1" "$TMP/subj1.txt" && ok "known-exploited: critical" || fail "DSA-5308-1 not critical"
grep -q "log finding LOG-0020 203.0.113.9" "$TMP/subj1.txt" && ok "alert: brute force from 203.0.113.9" \
	|| fail "no brute-force alert: $(grep LOG "$TMP/subj1.txt")"
grep -q "critical, log finding LOG-0030" "$TMP/subj1.txt" && ok "alert: login after failures" || fail "no LOG-0030 alert"
grep -q "log finding LOG-0060" "$TMP/subj1.txt" && ok "alert: direct root login" || fail "no LOG-0060 alert"
grep -q "backup BAK-0020 copy" "$TMP/subj1.txt" && ok "alert: stale backup copy" || fail "no backup alert: $(cat "$TMP/subj1.txt")"
grep -q "LOG-0010" "$TMP/subj1.txt" && fail "coverage alerted" || ok "log coverage is not alerted"
[ "$(sort "$TMP/subj1.txt" | uniq -d | wc -l)" = 0 ] && ok "no alert twice" || fail "duplicates: $(sort "$TMP/subj1.txt" | uniq -d)"
sent=$(grep -c "^sent:" "$TMP/cmd.txt")
[ "$sent" = "$(($(count) - 1))" ] && ok "every alert printed" || fail "printed $sent, received $(($(count) - 1))"
rows=$(sqlite3 "$db" "SELECT count(*) FROM watch_alerts WHERE kind <> 'watch'")
n_test=$(for f in "$inbox"/*; do $PY -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().split("\n", 2)[2])["test"])' "$f"; done | grep -c True || true)
[ "$n_test" = 0 ] && ok "watch's alerts are not marked as tests" || fail "$n_test alerts with test: true"
grep -q "DSA-5306-1" "$TMP/subj1.txt" && fail "DSA-5306-1 alerted after the start" || ok "the start not alerted" 
[ "$rows" = "$((primed + sent))" ] && ok "each recorded" || fail "recorded $rows, want $((primed + sent))"

echo "== third run: nothing new, nothing sent"
before=$(count)
echo 'Dec 30 03:00:00 web1 CRON[9]: pam_unix(cron:session): session opened for user root by (uid=0)' >> "$r/var/log/auth.log"
touch -d 2022-12-30T03:00:00+09:00 "$r/var/log/auth.log"
k watch --now 2023-01-05T10:00:00+09:00
[ "$(count)" = "$before" ] && ok "no alert on the next run" || fail "next run sent: $(grep '^sent:' "$TMP/cmd.txt")"
grep -q "alerted before, not sent again" "$TMP/cmd.txt" && ok "says they were alerted before" || fail "$(cat "$TMP/cmd.txt")"

echo "== the backup fresh again, then stale again: alerted again"
touch -d 2023-01-05T10:30:00+09:00 "$r/backup/copy/etc/hostname"
k watch --now 2023-01-05T11:00:00+09:00
[ "$(count)" = "$before" ] && ok "fresh backup: nothing sent" || fail "fresh: $(grep '^sent:' "$TMP/cmd.txt")"
k watch --now 2023-01-07T11:00:00+09:00
grep -q "^sent:.*backup BAK-0020 copy" "$TMP/cmd.txt" && ok "stale again: alerted again" || fail "stale again: $(cat "$TMP/cmd.txt")"

echo "== baseline.watch_feeds_update runs kyuka feeds update (loopback server)"
mkdir -p "$TMP/www"
cp "$DATA/cisa-kev/known_exploited_vulnerabilities.json" "$TMP/www/kev.json"
hp=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
$PY -m http.server --bind 127.0.0.1 --directory "$TMP/www" "$hp" > "$TMP/http.log" 2>&1 & pids+=($!)
for _ in $(seq 50); do $PY -c "import socket; socket.create_connection(('127.0.0.1', $hp), 0.2)" 2>/dev/null && break; sleep 0.1; done
cat >> "$cfg" <<EOF
baseline:
  watch_feeds_update: true
feeds:
  dsa: none
  dla: none
  osv: none
  tracker: none
  kev: http://127.0.0.1:$hp/kev.json
EOF
k watch --now 2023-01-07T12:00:00+09:00
grep -q "updating the vulnerability feeds" "$TMP/cmd.txt" && grep -q "kev" "$TMP/cmd.txt" && grep -q "GET /kev.json" "$TMP/http.log" \
	&& ok "feeds updated from watch" || fail "feeds update: $(cat "$TMP/cmd.txt" "$TMP/err.txt")"
finish
