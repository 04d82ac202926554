#!/bin/bash
# The incident plan (PLAN-*): configs that pass and fail every check, manual confirmations in the store,
# kyuka plan show, and YAML errors that name file, line and key.
. "$(dirname "$0")/lib.sh"

r=$(root minimal)
mkdir -p "$r/srv/bcp"
echo "procedure" > "$r/srv/bcp/incident.md"
db=$TMP/kyuka.db
good=$TMP/good.yaml
cat > "$good" <<'YAML'
version: 1
organisation: 株式会社サンプル
holiday: 2026-12-27..2027-01-04
plan:
  verify_days: 60
  procedure:
    document: /srv/bcp/incident.md
    reviewed: 2026-12-01
  reporting:
    phone: 03-1234-5678
    mail: soc@example.jp
    hours: 毎日 9:00-21:00
  roles:
    - role: 意思決定者
      primary: {name: 山田 太郎, phone: 090-1234-5678, mail: yamada@example.jp, verified: 2026-12-01}
      backup: {name: 佐藤 花子, phone: 080-2345-6789, mail: sato@example.jp, verified: 2026-11-20}
    - role: responder
      primary: {name: Suzuki Ichiro, phone: "+81 (0)3 1111 2222", mail: suzuki@example.jp, verified: 2026-11-15}
      backup: {name: Tanaka Jiro, phone: 050-1234-5678, mail: tanaka@example.jp, verified: 2026-11-15}
  vendors:
    - name: Example Cloud
      kind: cloud
      holiday_hours: 24/7
      contact: {phone: 0120-123-456, mail: support@cloud.example.com}
      off_hours: {phone: "+1 202 555 0100"}
      contract_id: C-12345
      verified: 2026-12-02
    - name: 回線キャリア
      kind: carrier
      holiday_hours: 12/29-1/3 休業
      contact: {phone: 0570-000-111}
      off_hours: none
      contract_id: K-99
      verified: 2026-12-02
YAML
chmod 600 "$good"
plan() { audit_json "$r" --only plan --config "$1" --db "$db" "${@:2}"; }

echo "== a good plan: every automatic check passes, the manual ones wait for a person"
plan "$good"
validate_schema "$TMP/out.json"
only_statuses "PASS MANUAL"
expect PASS PLAN-0010 holiday "starts in 7 day(s)"
expect PASS PLAN-0020 意思決定者 "primary 山田 太郎, backup 佐藤 花子"
expect PASS PLAN-0030 responder "well-formed"
expect PASS PLAN-0040 responder "Suzuki Ichiro: verified on 2026-11-15"
expect PASS PLAN-0050 回線キャリア "states there is no off-hours contact"
expect PASS PLAN-0050 "Example Cloud" "off-hours +1 202 555 0100"
expect PASS PLAN-0060 /srv/bcp/incident.md "reviewed on 2026-12-01"
expect PASS PLAN-0070 plan.reporting "03-1234-5678, soc@example.jp"
for id in PLAN-0080:IR-2 PLAN-0090:IR-5 PLAN-0100:AW-1 PLAN-0110:VU-3; do
	expect MANUAL "${id%%:*}" "${id##*:}" "kyuka plan confirm ${id##*:}"
done
[ -e "$db" ] && fail "reading confirmations created the database" || ok "no database yet"

echo "== confirming the manual items"
run() { status=0; "$KYUKA" "$@" > "$TMP/cmd.txt" 2> "$TMP/err.txt" || status=$?; }
run plan confirm IR-2 --by "山田 太郎" --note "BCP v3 を再読" --config "$good" --db "$db" --now 2026-12-18T10:00:00+09:00
[ "$status" -eq 0 ] && grep -q "IR-2 confirmed" "$TMP/cmd.txt" && ok "IR-2 confirmed" || fail "confirm IR-2: $status $(cat "$TMP/err.txt")"
[ "$(stat -c %a "$db")" = 600 ] && ok "database 0600" || fail "database mode $(stat -c %a "$db")"
run plan confirm aw-1 --by ops --note "notice mailed to all-staff@" --config "$good" --db "$db" --now 2026-12-18T11:00:00+09:00
[ "$status" -eq 0 ] && ok "aw-1 (any case) confirmed" || fail "confirm aw-1"
# an old confirmation (before the verify window of this holiday) does not count
run plan confirm VU-3 --by ops --note "last year" --config "$good" --db "$db" --now 2025-12-20T10:00:00+09:00
for bad in "AC-1 --by x --note y" "IR-2 --note y" "IR-2 --by x" "IR-2 --by $(printf 'a\033[31m') --note y" "IR-2 extra --by x --note y"; do
	run plan confirm $bad --config "$good" --db "$db"
	[ "$status" -eq 2 ] && ok "refused: confirm $bad" || fail "confirm $bad: exit $status"
done
plan "$good"
expect PASS PLAN-0080 IR-2 "confirmed on 2026-12-18 by 山田 太郎: BCP v3 を再読"
expect PASS PLAN-0100 AW-1 "by ops: notice mailed"
expect MANUAL PLAN-0090 IR-5 "not confirmed yet"
expect MANUAL PLAN-0110 VU-3 "last confirmed on 2025-12-20 by ops, too long before"
run plan --config "$good" --db "$db" --lang en
grep -q "IR-2  confirmed 2026-12-18 01:00 UTC by 山田 太郎: BCP v3 を再読" "$TMP/cmd.txt" && ok "plan show lists confirmations" || fail "plan show: $(cat "$TMP/cmd.txt")"
grep -q "Primary: 山田 太郎, 090-1234-5678, yamada@example.jp (verified 2026-12-01)" "$TMP/cmd.txt" && ok "plan show lists roles" || fail "plan show roles"
grep -q "Off-hours: none" "$TMP/cmd.txt" && ok "plan show: off-hours none" || fail "plan show off-hours"

echo "== a bad plan: each check fails for its reason"
bad=$TMP/bad.yaml
cat > "$bad" <<'YAML'
holiday: 2026-12-01..2026-12-10
plan:
  procedure:
    document: /srv/bcp/missing.md
    reviewed: 2026-01-01
  reporting:
    mail: soc@@example.jp
  roles:
    - role: decision
      primary: {name: Yamada, phone: 090-1234-5678, mail: yamada@example.jp, verified: 2026-12-01}
      backup: {name: " yamada ", phone: 090-9999-0000, mail: y2@example.jp, verified: 2026-12-01}
    - role: responder
      primary: {name: Suzuki, phone: 03-1234-567, mail: suzuki@localhost, verified: 2026-01-02}
    - role: window
      primary: {name: Ito, mail: ito@example.jp, verified: 2027-01-30}
      backup: {name: Kato, phone: "+81 090-1111-2222", mail: kato@example.jp}
  vendors:
    - name: NoHours
      contact: {mail: a@example.jp}
      off_hours: {phone: "03-1234-5678"}
      contract_id: X
      verified: 2026-12-01
    - name: NoOffHours
      holiday_hours: closed
      contact: {phone: 0120-123-456}
      verified: 2026-12-01
    - name: EmptyOffHours
      holiday_hours: closed
      contact: {phone: 0120-123-456}
      off_hours: {}
      verified: 2026-12-01
    - name: NoContract
      holiday_hours: closed
      contact: {url: https://support.example.jp}
      off_hours: none
      verified: 2026-12-01
YAML
chmod 600 "$bad"
plan "$bad"
expect_status 1
expect FAIL PLAN-0010 holiday "is over"
expect FAIL PLAN-0020 decision "the same person as the primary"
expect FAIL PLAN-0020 responder "no backup person"
expect FAIL PLAN-0030 responder "'03-1234-567' is not a phone number: too few digits"
expect FAIL PLAN-0030 responder "'suzuki@localhost' is not a mail address"
expect FAIL PLAN-0030 window "Ito has no phone number"
expect FAIL PLAN-0030 window "after +81 the number is written without its leading 0"
expect FAIL PLAN-0040 responder "verified on 2026-01-02"
expect WARN PLAN-0040 window "is in the future"
expect FAIL PLAN-0040 window "Kato: no verified: date"
expect FAIL PLAN-0050 NoHours "no holiday_hours"
expect FAIL PLAN-0050 NoOffHours "off_hours: none if there is none"
expect FAIL PLAN-0050 EmptyOffHours "names no phone, mail or url"
expect WARN PLAN-0050 NoContract "no contract_id"
expect FAIL PLAN-0060 /srv/bcp/missing.md "does not exist"
expect FAIL PLAN-0070 plan.reporting "'soc@@example.jp' is not a mail address"
grep -q "bad.yaml:11: the backup is the same person" "$TMP/out.json" && ok "findings point at the config line" || fail "no file:line in the evidence"

echo "== edge cases: a started holiday, an old review, a URL document, no reporting window, no vendors"
cat > "$TMP/edge.yaml" <<'YAML'
holiday: 2026-12-19..2027-01-04
plan:
  verify_days: 30
  procedure: {document: "https://intra.example.jp/bcp.pdf", reviewed: 2026-10-01}
  roles:
    - role: r
      primary: {name: A, phone: 03-1234-5678, mail: a@example.jp, verified: 2026-12-01}
      backup: {name: B, phone: 03-1234-5678, mail: b@example.jp, verified: 2026-12-01}
YAML
chmod 600 "$TMP/edge.yaml"
plan "$TMP/edge.yaml"
expect WARN PLAN-0010 holiday "has already begun"
expect FAIL PLAN-0020 r "the same person"
expect FAIL PLAN-0060 https://intra.example.jp/bcp.pdf "last reviewed on 2026-10-01, 79 days before the holiday (more than 30)"
expect FAIL PLAN-0070 plan.reporting "no reporting window"
expect WARN PLAN-0050 plan.vendors "no vendors listed"
cat > "$TMP/rel.yaml" <<'YAML'
plan:
  procedure: {document: docs/bcp.md}
  reporting: {phone: 03-1234-5678}
YAML
chmod 600 "$TMP/rel.yaml"
plan "$TMP/rel.yaml"
expect FAIL PLAN-0010 holiday "no holiday window"
expect FAIL PLAN-0060 docs/bcp.md "absolute path"
expect WARN PLAN-0070 plan.reporting "no hours"
expect FAIL PLAN-0020 plan.roles "names no roles"

echo "== no plan at all"
: > "$TMP/empty.yaml"
chmod 600 "$TMP/empty.yaml"
plan "$TMP/empty.yaml"
expect FAIL PLAN-0020 plan.roles "no plan: section"
for id in PLAN-0030 PLAN-0040 PLAN-0050 PLAN-0060 PLAN-0070; do expect SKIP $id "" "no plan: section"; done
expect_none PASS PLAN-0030

echo "== YAML errors name file, line and key"
cfgerr() {
	printf '%b' "$1" > "$TMP/e.yaml"; chmod 600 "$TMP/e.yaml"
	status=0; "$KYUKA" config check --config "$TMP/e.yaml" > /dev/null 2> "$TMP/err.txt" || status=$?
	if [ "$status" -eq 2 ] && grep -qF -- "$2" "$TMP/err.txt"; then ok "error: $2"; else fail "expected '$2', got: $(cat "$TMP/err.txt")"; fi
}
cfgerr 'plan:\n  roles:\n    - role: x\n      primary: {name: a, phon: 1}\n' "e.yaml:4: unknown key 'phon' in 'plan.roles[0].primary'"
cfgerr 'plan:\n  roles:\n    - primary: {name: a}\n' "e.yaml:3: plan.roles[0]: missing 'role'"
cfgerr 'plan:\n  vendors:\n    - name: v\n      off_hours: never\n' "e.yaml:4: plan.vendors[0].off_hours: expected a mapping or the word none"
cfgerr 'plan:\n  verify_days: 0\n' "e.yaml:2: plan.verify_days must be between 1 and 3650"
cfgerr 'plan:\n  procedure:\n    document: x\n    reviewed: 2026-02-30\n' "e.yaml:4: plan.procedure.reviewed: invalid date '2026-02-30'"
cfgerr 'alert:\n  channel: pager\n' "e.yaml:2: alert.channel: expected one of smtp, webhook, syslog, got 'pager'"
cfgerr 'alert:\n  url: smtp://x\n' "e.yaml:2: alert: missing 'channel'"
cfgerr 'monitoring:\n  margin_days: -1\n' "e.yaml:2: monitoring.margin_days must be between 0 and 3650"
cfgerr 'plan:\n  reporting:\n    hours: "a\\\\x1b[31m"\n    hours: b\n' "e.yaml:4: duplicate key 'plan.reporting.hours'"
finish
