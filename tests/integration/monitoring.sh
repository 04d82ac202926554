#!/bin/bash
# Monitoring posture (MON-*) on fixture roots: each check PASS on mon-good / mon-journal, FAIL or WARN on mon-bad.
. "$(dirname "$0")/lib.sh"

cfg=$TMP/kyuka.yaml
printf 'holiday: 2026-12-27..2027-01-04\nmonitoring:\n  margin_days: 7\n' > "$cfg"
chmod 600 "$cfg"
mon() { audit_json "$1" --only monitoring --config "$cfg" --db "$TMP/none.db" "${@:2}"; }

echo "== mon-good"
r=$(root mon-good)
mon "$r"
validate_schema "$TMP/out.json"
expect PASS MON-0010 journald "Storage=persistent at /etc/systemd/journald.conf:2"
expect PASS MON-0010 rsyslog "enabled"
expect PASS MON-0020 logs.example.jp "(tcp) from /etc/rsyslog.d/50-forward.conf:2"
expect PASS MON-0030 auditd "4 rule(s)"
expect PASS MON-0040 systemd-timesyncd.service "enabled"
expect PASS MON-0050 journald "keeps 91.3 days, needs 16"
expect PASS MON-0050 "/var/log/syslog /var/log/auth.log" "keeps 30.0 days, needs 16"
expect PASS MON-0050 /var/log/apt/term.log "keeps 336.0 days"
expect SKIP MON-0060 /var/log "foreign root"
expect FAIL MON-0070 alert "no alert channel"
expect PASS MON-0080 kyuka-watch.timer "/usr/bin/kyuka audit"
[ -e "$TMP/none.db" ] && fail "the audit created a database to read" || ok "no database created by reading"

echo "== mon-bad"
r=$(root mon-bad)
mon "$r"
expect FAIL MON-0010 journald "Storage=volatile"
expect FAIL MON-0010 rsyslog "not enabled"
expect FAIL MON-0020 logs.example.jp:514 "rsyslog is not enabled"
expect FAIL MON-0030 auditd "without rules"
expect FAIL MON-0040 "" "systemd-timesyncd.service masked"
expect FAIL MON-0050 /var/log/syslog "keeps 7.0 days (rotate 1), needs 16"
expect FAIL MON-0050 /var/log/auth.log "keeps 3.0 days"
expect WARN MON-0050 /var/log/big.log "rotated by size"
expect WARN MON-0080 /etc/cron.d/kyuka:2 "not enabled"

echo "== mon-journal: drop-ins, syslog-ng, journal-upload, a small journal cap"
r=$(root mon-journal)
mon "$r"
expect FAIL MON-0050 journald "keeps 5.0 days, needs 16"
expect FAIL MON-0050 journald "50-small.conf"
expect PASS MON-0020 siem.example.jp "conf.d/remote.conf:2"
expect PASS MON-0020 https://journal.example.jp:19532 "systemd-journal-upload"
expect PASS MON-0010 syslog-ng "enabled"
expect PASS MON-0030 auditd "locked (-e 2)"
expect PASS MON-0040 chrony.service
expect WARN MON-0080 "" "no cron entry or systemd timer"
# a longer margin turns a pass into a failure
printf 'holiday: 2026-12-27..2027-01-04\nmonitoring:\n  margin_days: 30\n' > "$cfg"
r=$(root mon-good)
mon "$r"
expect FAIL MON-0050 "/var/log/syslog /var/log/auth.log" "needs 39 (holiday 9 days + margin 30)"

echo "== no holiday: retention and disk room cannot be judged"
: > "$cfg"
mon "$r"
expect SKIP MON-0050 "" "no holiday window"
expect SKIP MON-0060 "" "no holiday window"

echo "== the live host: disk room is measured (statvfs), never SKIP"
printf 'holiday: 2026-12-27..2027-01-04\n' > "$cfg"
audit_json / --only MON-0060 --config "$cfg" --db "$TMP/none.db"
if $PY -c 'import json,sys; f=json.load(open(sys.argv[1]))["findings"]; assert len(f)==1 and f[0]["status"] in ("PASS","WARN","FAIL") and "MiB free" in f[0]["evidence"], f' "$TMP/out.json"; then
	ok "MON-0060 measured on /"
else
	fail "MON-0060 on the live host"
fi

echo "== the live host with no log daemon running (kyuka alone in a PID namespace): no measure, no PASS (issue 14)"
if unshare -pf --mount-proc true 2>/dev/null; then
	status=0
	unshare -pf --mount-proc "$KYUKA" audit --root / --now "$NOW" --no-store --db "$TMP/none.db" --format json \
		--only MON-0060 --config "$cfg" > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
	expect WARN MON-0060 /var/log "no log daemon is running (see MON-0010): nothing is logging"
	expect_none PASS MON-0060
else
	echo "no PID namespace here (needs root): case not run"
fi
finish
