#!/bin/bash
# Command line: usage errors, selection, config, output files, exit codes.
. "$(dirname "$0")/lib.sh"

run() { status=0; "$KYUKA" "$@" > "$TMP/out.txt" 2> "$TMP/err.txt" || status=$?; }
has() { if grep -qF -- "$1" "$TMP/${2:-out.txt}"; then ok "has '$1'"; else fail "missing '$1' in ${2:-out.txt}"; fi; }

echo "== usage errors exit 2"
for args in "frobnicate" "audit --phase sometime" "audit --only NOPE-9999" "audit --skip nothing" \
	"audit --now yesterday" "audit --format xml" "audit --fail-on severe" "audit --holiday 2027-01-04..2026-12-27" \
	"audit --lang fr" "explain NOPE-0001" "audit extra-argument" "config" "runs show x" \
	"netscan --ports 70000 127.0.0.1" "netscan --rate x 127.0.0.1" "netscan 8.8.8.8" "netscan 10.0.0.0/8" "netscan"; do
	run $args
	[ "$status" -eq 2 ] && ok "exit 2: $args" || fail "exit $status for: $args"
done

echo "== help and version"
run --help; [ "$status" -eq 0 ] && has "audit"
run version; has "kyuka 0.1.0"
run audit --help; has "--phase"

echo "== every command: --help, -h, an unknown option, global options before and after"
for c in alert audit backup checks config explain feeds fleet logs netscan passwords plan ports runs vulns; do
	run "$c" --help; [ "$status" -eq 0 ] && has "usage: kyuka $c"
	run --lang ja "$c" -h; [ "$status" -eq 0 ] || fail "$c -h: exit $status"
	run "$c" --no-such-option; [ "$status" -eq 2 ] && has "unrecognized option" err.txt || fail "$c --no-such-option: exit $status"
	run "$c" --lang fr; [ "$status" -eq 2 ] && ok "$c --lang fr: exit 2" || fail "$c --lang fr: exit $status"
done
run audit --help; has "--root DIR"	# the global options are listed
run ports --raw --help --bogus; [ "$status" -eq 0 ] && ok "help before a later bad option" || fail "ports --help: $status"
run ports --bogus --help; [ "$status" -eq 2 ] && ok "a bad option before --help" || fail "ports --bogus --help: $status"
p=$(root net-bad)
run --root "$p" --now "$NOW" ports --format json; a=$(cat "$TMP/out.txt")
run ports --format json --now "$NOW" --root "$p"; [ "$a" = "$(cat "$TMP/out.txt")" ] && ok "global options before or after the command" || fail "global options: before and after differ"
run audit --h; [ "$status" -eq 2 ] && has "ambiguous" err.txt
run logs --root "$p" --now "$NOW" --no-store --no-journal --format json --holiday 2026-12-27..2027-01-04; [ "$status" -le 1 ] && ok "a flag takes no value" || fail "logs --no-journal: $status $(cat "$TMP/err.txt")"
run logs --threads 0; [ "$status" -eq 2 ] && has "invalid --threads" err.txt
run checks --format xml; [ "$status" -eq 2 ] && has "invalid --format" err.txt
run fleet; [ "$status" -eq 2 ] && has "usage: kyuka fleet" err.txt
run fleet ingest; [ "$status" -eq 2 ] && has "at least one REPORT.json" err.txt
run fleet status --holiday 2027-01-04..2026-12-27; [ "$status" -eq 2 ] && has "invalid --holiday" err.txt
run fleet ingest --host 'a b' x.json; [ "$status" -eq 2 ] && has "invalid --host" err.txt

echo "== checks lists every check with its items"
run checks
for id in ACCT-0010 ACCT-0020 ACCT-0030 ACCT-0040 ACCT-0050 ACCT-0060 ACCT-0070 ACCT-0080 ACCT-0090 ACCT-0100 \
	MFA-0010 MFA-0020 MFA-0030 SSH-0010 SSH-0020 SSH-0030 SSH-0040 SSH-0050 SUDO-0010 SUDO-0020 SUDO-0030 SUDO-0040; do
	has "$id"
done
run checks --format json
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)>=22 and all(c["items"] for c in d)' "$TMP/out.txt" \
	&& ok "checks json" || fail "checks json"
run checks --phase after
grep -q ACCT- "$TMP/out.txt" && fail "after-phase list shows before checks" || ok "phase filter"

echo "== explain"
run explain ACCT-0010; has "Only root has UID 0"; has "AC-3"; has "usermod"
run explain ac-2; has "MFA-0010"; has "MFA-0030"
run explain LG-1; has "LOG-0030"
run explain DV-2; has "DEV-0060"
run explain ST-3; has "none yet"
run explain ST-1; has "STAFF-0040"
run explain AV-2; has "AV-0040"

echo "== selection"
b=$(root bad)
audit_json "$b" --only AC-2
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); ids={f["check_id"] for f in d["findings"]}; assert ids and all("AC-2" in f["items"] for f in d["findings"]), ids' "$TMP/out.json" \
	&& ok "--only AC-2" || fail "--only AC-2"
audit_json "$b" --only SSH-0010,sudo
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); ids={f["check_id"] for f in d["findings"]}; assert ids=={"SSH-0010","SUDO-0010","SUDO-0020","SUDO-0030","SUDO-0040"}, ids' "$TMP/out.json" \
	&& ok "--only ID,area" || fail "--only ID,area"
audit_json "$b" --skip ACCT-0010 --only accounts
expect SKIP ACCT-0010 "" "skipped on request"
expect_none FAIL ACCT-0010
# (the antivirus checks of the after phase fail on a root without ClamAV: not what this part tests)
audit_json "$b" --phase after --skip antivirus
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all("after" in f["phase"] for f in d["findings"]), d' "$TMP/out.json" \
	&& ok "only after-phase checks" || fail "after phase ran before checks"
expect_status 0

echo "== exit status follows --fail-on"
g=$(root good)
audit_json "$b" --only ACCT-0030; expect_status 0
audit_json "$b" --only ACCT-0030 --fail-on medium; expect_status 1
audit_json "$b" --only ACCT-0010 --fail-on critical; expect_status 1

echo "== holiday window in the report"
audit_json "$g" --phase after --holiday 2026-12-27..2027-01-04
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["holiday"]=={"start":"2026-12-27","end":"2027-01-04"} and d["phase"]=="after", d["holiday"]' "$TMP/out.json" \
	&& ok "holiday" || fail "holiday"

echo "== config"
mkdir -p "$TMP/cfg"
cat > "$TMP/cfg/ok.yaml" <<'YAML'
version: 1
organisation: Example Corp
holiday: 2026-12-27..2027-01-04
audit:
  fail_on: critical
  skip: [MFA-0030]
accounts:
  dormant_days: 365
allow:
  - check: SUDO-0010
    subject: deploy
    reason: CI deploy user, key only
    expires: 2027-03-31
  - check: SSH-0020
    subject: dave
    reason: old appliance
    expires: 2026-01-31
YAML
chmod 600 "$TMP/cfg/ok.yaml"
run config check --config "$TMP/cfg/ok.yaml"; [ "$status" -eq 0 ] && has "valid"
audit_json "$b" --config "$TMP/cfg/ok.yaml"
expect_status 1
expect_none WARN ACCT-0030 carol
expect SKIP MFA-0030 "" "skipped on request"
expect PASS SUDO-0010 deploy "accepted: CI deploy user, key only (until 2027-03-31)"
expect FAIL SUDO-0010 carol
expect FAIL SSH-0020 dave "expired on 2026-01-31"
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["holiday"]["start"]=="2026-12-27" and d["fail_on"]=="critical"' "$TMP/out.json" \
	&& ok "config holiday and fail_on" || fail "config holiday and fail_on"

printf 'version: 1\naccounts:\n  dormant_dayz: 30\n' > "$TMP/cfg/typo.yaml"; chmod 600 "$TMP/cfg/typo.yaml"
run config check --config "$TMP/cfg/typo.yaml"
[ "$status" -eq 2 ] && ok "invalid config exits 2 (a usage error, as documented)" || fail "invalid config exit $status"
has "typo.yaml:3" err.txt; has "dormant_dayz" err.txt
run audit --root "$g" --no-store --config "$TMP/cfg/typo.yaml"; [ "$status" -eq 2 ] && ok "audit refuses a bad config" || fail "audit with bad config: $status"
printf 'accounts:\n  dormant_days: many\n' > "$TMP/cfg/type.yaml"; chmod 600 "$TMP/cfg/type.yaml"
run config check --config "$TMP/cfg/type.yaml"; has "type.yaml:2" err.txt
cp "$TMP/cfg/ok.yaml" "$TMP/cfg/open.yaml"; chmod 666 "$TMP/cfg/open.yaml"
run config check --config "$TMP/cfg/open.yaml"; has "writable by group or others" err.txt
run config check --config "$TMP/cfg/none.yaml"; [ "$status" -ne 0 ] && ok "a named missing config is an error" || fail "missing --config accepted"

echo "== --output: 0600, atomic, and nothing on stdout"
run audit --root "$g" --now "$NOW" --no-store --format json --output "$TMP/report.json"
[ ! -s "$TMP/out.txt" ] && ok "stdout empty" || fail "stdout not empty"
[ "$(stat -c %a "$TMP/report.json")" = 600 ] && ok "mode 600" || fail "mode $(stat -c %a "$TMP/report.json")"
ls -a "$TMP" | grep -q '\.tmp$' && fail "temporary file left" || ok "no temporary file left"
validate_schema "$TMP/report.json"
ln -s /etc/passwd "$TMP/link.json"
run audit --root "$g" --now "$NOW" --no-store --output "$TMP/link.json"
[ "$status" -eq 3 ] && ok "refuses to replace a symlink" || fail "wrote through a symlink ($status)"

finish
