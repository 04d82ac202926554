#!/bin/bash
# Runs are recorded in the database (0600) and can be listed and shown.
. "$(dirname "$0")/lib.sh"

g=$(root good)
b=$(root bad)
mkdir -p "$TMP/sub/dir"	# --db names an existing directory (only the default one is created: store_exit.sh)
db="$TMP/sub/dir/kyuka.db"
"$KYUKA" audit --root "$g" --now "$NOW" --db "$db" --only accounts,sudo,ssh,mfa > /dev/null
"$KYUKA" audit --root "$b" --now "$NOW" --db "$db" > /dev/null || true
[ "$(stat -c %a "$db")" = 600 ] && ok "db mode 600" || fail "db mode $(stat -c %a "$db")"
"$KYUKA" runs --db "$db" > "$TMP/runs.txt"
grep -q good-host "$TMP/runs.txt" && grep -q bad-host "$TMP/runs.txt" && ok "runs listed" || fail "runs: $(cat "$TMP/runs.txt")"
[ "$(sed -n 2p "$TMP/runs.txt" | awk '{print $1}')" = 2 ] && ok "newest first" || fail "order"
"$KYUKA" runs show 2 --db "$db" > "$TMP/show.txt"
grep -q 'FAIL.*ACCT-0010.*toor' "$TMP/show.txt" && ok "findings shown" || fail "runs show: $(head -3 "$TMP/show.txt")"
[ "$(sqlite3 "$db" 'PRAGMA user_version')" -ge 1 ] && ok "schema version set" || fail "user_version"
n=$(sqlite3 "$db" "SELECT count(*) FROM findings WHERE run_id=2 AND status='FAIL'")
[ "$n" -gt 10 ] && ok "$n FAIL findings stored" || fail "stored FAIL findings: $n"
status=0; "$KYUKA" runs show 99 --db "$db" > /dev/null 2>&1 || status=$?
[ "$status" -eq 3 ] && ok "unknown run is an error" || fail "runs show 99: $status"
# an unwritable database does not lose the report: it is printed, then the error (exit 3)
status=0; "$KYUKA" audit --root "$g" --now "$NOW" --db /proc/kyuka.db --only accounts,sudo,ssh,mfa > "$TMP/o.txt" 2> "$TMP/e.txt" || status=$?
[ "$status" -eq 3 ] && grep -q 'not recorded' "$TMP/e.txt" && grep -q Summary "$TMP/o.txt" && ok "report survives a bad db" || fail "bad db: $status $(cat "$TMP/e.txt")"
finish
