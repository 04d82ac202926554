#!/bin/bash
# kyuka alert test through each channel against real local receivers on loopback (aiosmtpd with and
# without STARTTLS, an HTTP listener, a datagram socket), the results in the store, and MON-0070.
. "$(dirname "$0")/lib.sh"

db=$TMP/kyuka.db
cfg=$TMP/kyuka.yaml
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"' EXIT

# sink MODE ARGS... -> starts a receiver, waits until it is ready; sets $port (or nothing for unix)
sink() {
	local mode=$1 n=$RANDOM
	mkdir -p "$TMP/in.$n"
	inbox=$TMP/in.$n
	if [ "$mode" = unix ]; then
		$PY "$SRCDIR/tests/tools/sinks.py" unix "$2" "$inbox" 2>> "$TMP/sinks.log" & pids+=($!)
		for _ in $(seq 100); do [ -S "$2" ] && break; sleep 0.1; done
		return
	fi
	$PY "$SRCDIR/tests/tools/sinks.py" "$mode" "$TMP/port.$n" "$inbox" "${@:2}" 2>> "$TMP/sinks.log" & pids+=($!)
	for _ in $(seq 100); do [ -s "$TMP/port.$n" ] && break; sleep 0.1; done
	port=$(cat "$TMP/port.$n")
}
config() { printf 'holiday: 2026-12-27..2027-01-04\nalert:\n%b' "$1" > "$cfg"; chmod 600 "$cfg"; }
alert() { status=0; "$KYUKA" alert test --config "$cfg" --db "$db" --now "$NOW" "$@" > "$TMP/cmd.txt" 2> "$TMP/err.txt" || status=$?; }
mon() { audit_json "$(root minimal)" --only MON-0070 --config "$cfg" --db "$db"; }

echo "== no channel configured"
printf 'holiday: 2026-12-27..2027-01-04\n' > "$cfg"; chmod 600 "$cfg"
mon
expect FAIL MON-0070 alert "no alert channel"
alert
[ "$status" -eq 2 ] && ok "alert test without a channel is a usage error" || fail "exit $status"

echo "== SMTP, plain"
sink smtp
config "  channel: smtp\n  url: smtp://127.0.0.1:$port\n  from: kyuka@example.jp\n  to: [soc@example.jp, backup@example.jp]\n"
mon
expect FAIL MON-0070 "smtp://127.0.0.1:$port to soc@example.jp,backup@example.jp" "never tested"
alert
[ "$status" -eq 0 ] && ok "sent" || fail "smtp: exit $status $(cat "$TMP/err.txt")"
m=$inbox/1
if [ -f "$m" ] && grep -q "RCPT TO: soc@example.jp,backup@example.jp" "$m" && grep -q "MAIL FROM: kyuka@example.jp" "$m" \
	&& $PY - "$m" <<'PYEOF'; then ok "the message arrived, subject and body decode"; else fail "message: $(head -c 600 "$m" 2>/dev/null)"; fi
import email, email.header, sys
raw = open(sys.argv[1], "rb").read().split(b"\n\n", 1)[1]
msg = email.message_from_bytes(raw)
subj = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
body = msg.get_payload(decode=True).decode("utf-8")
assert subj.startswith("kyuka test alert from"), subj
assert "alerts during the holiday reach you" in body, body
assert msg["Auto-Submitted"] == "auto-generated"
PYEOF
mon
expect PASS MON-0070 "smtp://127.0.0.1:$port to soc@example.jp,backup@example.jp" "tested on 2026-12-20"
[ "$(sqlite3 "$db" 'SELECT ok FROM alert_tests ORDER BY id DESC LIMIT 1')" = 1 ] && ok "recorded ok" || fail "alert_tests row"
# a result that cannot be recorded: sent, said, exit 3 (MON-0070 would not see it; issue 14)
status=0; "$KYUKA" alert test --config "$cfg" --db "$TMP/nodir/k.db" --now "$NOW" > "$TMP/cmd.txt" 2> "$TMP/err.txt" || status=$?
[ "$status" -eq 3 ] && grep -q "not recorded" "$TMP/err.txt" && grep -q "sent" "$TMP/cmd.txt" && ok "unrecorded alert test exits 3" ||
	fail "unrecorded alert test: $status $(cat "$TMP/err.txt")"

echo "== SMTP with STARTTLS required, verified against our CA"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
	-keyout "$TMP/key.pem" -out "$TMP/cert.pem" 2> /dev/null
sink smtp "$TMP/cert.pem" "$TMP/key.pem"
config "  channel: smtp\n  url: smtp://127.0.0.1:$port\n  from: kyuka@example.jp\n  to: [soc@example.jp]\n  starttls: required\n  ca_file: $TMP/cert.pem\n"
alert
[ "$status" -eq 0 ] && grep -q "TLS: yes" "$inbox/1" && ok "delivered over STARTTLS" || fail "starttls: $status $(cat "$TMP/err.txt")"
echo "== STARTTLS offered but the certificate is not trusted: a failed test, recorded"
config "  channel: smtp\n  url: smtp://127.0.0.1:$port\n  from: kyuka@example.jp\n  to: [soc@example.jp]\n"
alert
[ "$status" -eq 3 ] && ok "refused an untrusted certificate" || fail "untrusted certificate: exit $status"
mon
expect FAIL MON-0070 "smtp://127.0.0.1:$port to soc@example.jp" "the last test on 2026-12-20 failed"
echo "== nothing listening"
config "  channel: smtp\n  url: smtp://127.0.0.1:9\n  from: kyuka@example.jp\n  to: [soc@example.jp]\n  timeout: 5\n"
alert
[ "$status" -eq 3 ] && ok "connection refused is a failure" || fail "closed port: exit $status"
echo "== a password file others can read is refused, and never printed"
printf 's3cret-pass\n' > "$TMP/pass"; chmod 644 "$TMP/pass"
config "  channel: smtp\n  url: smtp://127.0.0.1:9\n  from: kyuka@example.jp\n  to: [soc@example.jp]\n  username: kyuka\n  password_file: $TMP/pass\n"
alert
[ "$status" -eq 3 ] && grep -q "readable or writable by group or others" "$TMP/err.txt" && ok "loose password file refused" || fail "password file: $status"
grep -rq s3cret-pass "$TMP/cmd.txt" "$TMP/err.txt" && fail "password printed" || ok "password not printed"

echo "== webhook: JSON POST; the token in the path is never shown"
sink http 204
config "  channel: webhook\n  url: http://127.0.0.1:$port/hooks/T0KEN-SECRET\n"
alert
[ "$status" -eq 0 ] && ok "webhook accepted" || fail "webhook: $status $(cat "$TMP/err.txt")"
if $PY - "$inbox/1" <<'PYEOF'; then ok "JSON body"; else fail "webhook body: $(cat "$inbox/1")"; fi
import json, sys
head, body = open(sys.argv[1]).read().split("\n", 2)[:2], open(sys.argv[1]).read().split("\n", 2)[2]
assert head[0] == "POST /hooks/T0KEN-SECRET", head
assert head[1].startswith("application/json"), head
d = json.loads(body)
assert d["test"] is True and d["source"] == "kyuka" and d["text"].startswith("kyuka test alert") and d["time"] == "2026-12-20T00:00:00Z", d
PYEOF
grep -q "http://127.0.0.1:$port/\.\.\." "$TMP/cmd.txt" && ok "target shown without its path" || fail "target: $(cat "$TMP/cmd.txt")"
mon
expect PASS MON-0070 "http://127.0.0.1:$port/..." "HTTP 204"
grep -q T0KEN "$TMP/cmd.txt" "$TMP/out.json" && fail "webhook token in the output" || ok "token not in the output"
sink http 500
config "  channel: webhook\n  url: http://127.0.0.1:$port/x\n"
alert
[ "$status" -eq 3 ] && grep -q "HTTP 500" "$TMP/err.txt" && ok "HTTP 500 is a failure" || fail "webhook 500: $status"

echo "== syslog: a datagram to the socket"
sink unix "$TMP/log.sock"
config "  channel: syslog\n  socket: $TMP/log.sock\n"
alert
[ "$status" -eq 0 ] && ok "syslog sent" || fail "syslog: $status $(cat "$TMP/err.txt")"
for _ in $(seq 50); do [ -f "$inbox/1" ] && break; sleep 0.1; done
grep -q '^<9>Dec 20 00:00:00 .* kyuka\[[0-9]*\]: kyuka test alert from' "$inbox/1" && ok "RFC 3164 line" || fail "syslog line: $(cat "$inbox/1")"
mon
expect PASS MON-0070 "syslog $TMP/log.sock" "sent to"
config "  channel: syslog\n  socket: $TMP/missing.sock\n"
alert
[ "$status" -eq 3 ] && ok "a missing socket is a failure" || fail "missing socket: $status"
finish
