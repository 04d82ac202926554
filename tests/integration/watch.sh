#!/bin/bash
# kyuka watch against a loopback webhook receiver (tests/tools/sinks.py): one alert per new thing since
# the baseline, none on the second run, the daily heartbeat when all is quiet, a failed send retried;
# watch install/uninstall under --root (systemd timer, or cron without systemd) and MON-0080 (issue 16).
. "$(dirname "$0")/lib.sh"

db=$TMP/kyuka.db
cfg=$TMP/kyuka.yaml
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"' EXIT
r=$(root good)

# sink STATUS -> an HTTP receiver answering STATUS; sets $port and $inbox
sink() {
	local n=$RANDOM
	inbox=$TMP/in.$n
	mkdir -p "$inbox"
	$PY "$SRCDIR/tests/tools/sinks.py" http "$TMP/port.$n" "$inbox" "$1" 2>> "$TMP/sinks.log" & pids+=($!)
	for _ in $(seq 100); do [ -s "$TMP/port.$n" ] && break; sleep 0.1; done
	port=$(cat "$TMP/port.$n")
}
config() { printf 'holiday: 2026-12-27..2027-01-04\nalert:\n  channel: webhook\n  url: http://127.0.0.1:%s/hook\n' "$1" > "$cfg"; chmod 600 "$cfg"; }
# watch WHEN [args...]
watch() {
	local when=$1
	shift
	status=0
	"$KYUKA" watch --root "$r" --db "$db" --config "$cfg" --now "$when" "$@" > "$TMP/cmd.txt" 2> "$TMP/err.txt" || status=$?
}
count() { find "$inbox" -type f | wc -l; }

sink 200
config "$port"
"$KYUKA" baseline save --root "$r" --db "$db" --config "$cfg" --now "$NOW" > /dev/null

echo "== no baseline change: the heartbeat"
watch 2026-12-27T09:00:00+09:00
[ "$status" -eq 0 ] && grep -q "heartbeat sent" "$TMP/cmd.txt" && [ "$(count)" = 1 ] \
	&& grep -q "all quiet" "$inbox/1" && ok "quiet: one heartbeat" || fail "heartbeat: exit $status $(cat "$TMP/cmd.txt" "$TMP/err.txt") $(count)"
watch 2026-12-27T15:00:00+09:00
[ "$status" -eq 0 ] && [ "$(count)" = 1 ] && ok "no second heartbeat the same day" || fail "second heartbeat: $(count)"

echo "== new things: one alert each"
echo 'toor:x:0:0::/root:/bin/bash' >> "$r/etc/passwd"
head -1 "$r/home/bob/.ssh/authorized_keys" >> "$r/home/alice/.ssh/authorized_keys"
echo '   3: 00000000:115C 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1010 1 0000000000000000 100 0 0 10 0' >> "$r/proc/net/tcp"
printf '[Timer]\nOnCalendar=*:0/5\n[Install]\nWantedBy=timers.target\n' > "$r/usr/lib/systemd/system/evil.timer"
ln -s /usr/lib/systemd/system/evil.timer "$r/etc/systemd/system/timers.target.wants/evil.timer"
watch 2026-12-28T09:00:00+09:00
[ "$status" -eq 1 ] && ok "new serious things: exit 1" || fail "watch: exit $status $(cat "$TMP/err.txt")"
[ "$(count)" = 5 ] && ok "four alerts" || fail "alerts: $(count) $(cat "$TMP/cmd.txt")"
all=$(cat "$inbox"/[2-5])
for want in "critical, new account toor" "critical, new key alice SHA256:" "high, new listen tcp 0.0.0.0:4444" "high, new timer evil.timer"; do
	grep -qF "$want" <<< "$all" && ok "alert: $want" || fail "no alert '$want': $all"
done
grep -q "heartbeat" "$TMP/cmd.txt" && fail "heartbeat beside alerts" || ok "no heartbeat beside alerts"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM watch_alerts WHERE kind <> '\''watch'\''')" = 4 ] && ok "four recorded" || fail "watch_alerts rows"

echo "== second run: nothing sent again"
watch 2026-12-28T10:00:00+09:00
[ "$(count)" = 5 ] && grep -q "4 new things alerted before" "$TMP/cmd.txt" && ok "no alert on the second run" \
	|| fail "second run: $(count) $(cat "$TMP/cmd.txt")"
[ "$status" -eq 1 ] && ok "still exit 1 (the new things are still there)" || fail "second run exit $status"

echo "== a day later: the heartbeat again (nothing new)"
watch 2026-12-29T10:00:00+09:00
[ "$(count)" = 6 ] && grep -q "all quiet" "$inbox/6" && grep -q "4 new things were alerted before" "$inbox/6" \
	&& ok "daily heartbeat" || fail "daily heartbeat: $(count) $(cat "$TMP/cmd.txt")"

echo "== a failed send is tried again"
echo 'mallory:x:1005:1005::/home/mallory:/bin/bash' >> "$r/etc/passwd"
sink 500
config "$port"
watch 2026-12-29T11:00:00+09:00
[ "$status" -eq 3 ] && grep -q "tried again" "$TMP/err.txt" && ok "send failure: exit 3" || fail "failure: exit $status $(cat "$TMP/err.txt")"
sink 200
config "$port"
watch 2026-12-29T12:00:00+09:00
[ "$(count)" = 1 ] && grep -q "new account mallory" "$inbox/1" && ok "retried on the next run" || fail "retry: $(count)"

echo "== usage"
watch "$NOW" --every 7m
[ "$status" -eq 2 ] && ok "--every without install: exit 2" || fail "every: $status"
watch "$NOW" install --every 7m
[ "$status" -eq 2 ] && ok "--every 7m: exit 2" || fail "7m: $status"
printf 'holiday: 2026-12-27..2027-01-04\n' > "$cfg"
watch "$NOW"
[ "$status" -eq 2 ] && ok "no alert channel: exit 2" || fail "no channel: $status"

echo "== install and uninstall (systemd)"
watch "$NOW" install --every 30m
[ "$status" -eq 0 ] && ok "install: exit 0" || fail "install: exit $status $(cat "$TMP/err.txt")"
grep -q "wrote /etc/systemd/system/kyuka-watch.timer" "$TMP/cmd.txt" && grep -q "OnCalendar=\*:0/30" "$TMP/cmd.txt" \
	&& ok "shows what it wrote" || fail "install output: $(cat "$TMP/cmd.txt")"
grep -q "^ExecStart=.*kyuka watch --config $cfg --db $db$" "$r/etc/systemd/system/kyuka-watch.service" \
	&& ok "service runs kyuka watch with the paths" || fail "service: $(cat "$r/etc/systemd/system/kyuka-watch.service")"
[ "$(readlink "$r/etc/systemd/system/timers.target.wants/kyuka-watch.timer")" = /etc/systemd/system/kyuka-watch.timer ] \
	&& ok "timer enabled" || fail "timer link"
audit_json "$r" --only MON-0080
expect PASS MON-0080 kyuka-watch.timer "kyuka watch"
watch "$NOW" uninstall
[ ! -e "$r/etc/systemd/system/kyuka-watch.timer" ] && [ ! -L "$r/etc/systemd/system/timers.target.wants/kyuka-watch.timer" ] \
	&& [ ! -e "$r/etc/systemd/system/kyuka-watch.service" ] && ok "uninstall removed them" || fail "uninstall"
watch "$NOW" uninstall
grep -q "nothing to remove" "$TMP/cmd.txt" && ok "uninstall twice" || fail "uninstall twice"

echo "== install without systemd: cron"
c=$(root minimal)
mkdir -p "$c/etc/cron.d"
rm -rf "$c/etc/systemd/system"
status=0; "$KYUKA" watch install --root "$c" --db "$db" --config "$cfg" > "$TMP/cmd.txt" 2> "$TMP/err.txt" || status=$?
[ "$status" -eq 0 ] && grep -q "^0 \* \* \* \* root .*kyuka watch --config" "$c/etc/cron.d/kyuka-watch" \
	&& ok "cron file written" || fail "cron: exit $status $(cat "$TMP/err.txt")"
"$KYUKA" watch uninstall --root "$c" > /dev/null
[ ! -e "$c/etc/cron.d/kyuka-watch" ] && ok "cron file removed" || fail "cron uninstall"

finish
