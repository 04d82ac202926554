#!/bin/bash
# kyuka runs, runs show and runs diff: every status count in the list, the header of show, and the
# comparison of two recorded runs (default: the newest --phase after run with a holiday and the newest
# --phase before run of the same holiday and host), per check and subject: worse, appeared, better,
# gone; checks that ran in one run only are not compared. Terminal, JSON (against
# docs/runs-diff-schema.json) and HTML; hostile user names stay escaped.
. "$(dirname "$0")/lib.sh"

db=$TMP/k.db
r=$(root bad)
H=2026-12-27..2027-01-04
au() { "$KYUKA" audit --root "$r" --db "$db" --no-baseline "$@" > /dev/null 2>&1 || true; }
au --now 2026-12-20T09:00:00+09:00 --holiday $H                  # 1: before
# the holiday: toor is gone, a new uid 0 account with a hostile name, guest locked
sed -i '/^toor:/d' "$r/etc/passwd"
printf '%s\n' $'<script>x</script>"onload=\033[31m:x:0:0::/root:/bin/sh' >> "$r/etc/passwd"
sed -i 's/^guest::/guest:!:/' "$r/etc/shadow"
au --now 2027-01-05T09:00:00+09:00 --holiday $H --phase after    # 2: after
au --now 2027-01-05T10:00:00+09:00                               # 3: before again, no holiday

echo "== runs: every status count, the holiday"
"$KYUKA" runs --db "$db" --lang en > "$TMP/runs.txt"
head -1 "$TMP/runs.txt" | grep -q 'FAIL.*ERROR.*WARN.*MANUAL.*SKIP.*PASS' && ok "all six counts" || fail "header: $(head -1 "$TMP/runs.txt")"
grep -E '^1 .*before +2026-12-27\.\.2027-01-04 +26 +0 +14 +16 +28 +3 ' "$TMP/runs.txt" > /dev/null \
	&& ok "run 1: holiday and counts" || fail "run 1 row: $(grep '^1 ' "$TMP/runs.txt")"
"$KYUKA" runs show 2 --db "$db" --lang en > "$TMP/show.txt"
grep -q '^Phase: after' "$TMP/show.txt" && grep -q '^Holiday: 2026-12-27 – 2027-01-04' "$TMP/show.txt" \
	&& grep -q '^Time: 2027-01-05T00:00:00Z' "$TMP/show.txt" && ok "runs show: header" || fail "show header: $(head -6 "$TMP/show.txt")"

echo "== runs diff: the default pair"
status=0
"$KYUKA" runs diff --db "$db" --format json --now 2027-01-06T00:00:00Z > "$TMP/d.json" || status=$?
[ "$status" -le 1 ] && ok "exit $status" || fail "exit $status"
jq -e '.a.id == 1 and .b.id == 2 and .a.phase == "before" and .b.phase == "after"' "$TMP/d.json" > /dev/null \
	&& ok "before run 1 against after run 2 of the same holiday" || fail "pair $(jq -c '[.a.id,.b.id]' "$TMP/d.json")"
jq -e '.not_compared.only_a | index("ACCT-0010")' "$TMP/d.json" > /dev/null && ok "before-only checks not compared" \
	|| fail "not_compared"
jq -e '.generated_at == "2027-01-06T00:00:00Z"' "$TMP/d.json" > /dev/null && ok "--now" || fail "generated_at"
sch() {
	$PY - "$SRCDIR/docs/runs-diff-schema.json" "$1" <<'PYEOF' && ok "valid against docs/runs-diff-schema.json" || fail "schema: $1"
import json, sys, jsonschema
s = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(s)
errs = list(jsonschema.Draft202012Validator(s).iter_errors(json.load(open(sys.argv[2]))))
for e in errs: print(e.message, list(e.path), file=sys.stderr)
sys.exit(1 if errs else 0)
PYEOF
}
sch "$TMP/d.json"

echo "== runs diff 1 3: the same phase, per check and subject"
status=0
"$KYUKA" runs diff 1 3 --db "$db" --format json > "$TMP/d13.json" || status=$?
[ "$status" = 1 ] && ok "exit 1: something got worse" || fail "exit $status"
sch "$TMP/d13.json"
has() { jq -e --arg k "$1" --arg c "$2" --arg s "$3" '.changes[] | select(.change == $k and .check_id == $c and .subject == $s)' \
	"$TMP/d13.json" > /dev/null && ok "$1 $2 '$3'" || fail "no $1 $2 '$3'"; }
has worse PLAN-0010 holiday
has gone ACCT-0010 toor
has appeared ACCT-0010 $'<script>x</script>"onload=\u001b[31m'
has better ACCT-0020 guest
jq -e '.changes[] | select(.check_id == "ACCT-0020") | .a.status == "FAIL" and .b.status == "PASS"' "$TMP/d13.json" > /dev/null \
	&& ok "better: FAIL -> the check's PASS" || fail "ACCT-0020 sides"
jq -e '[.changes[].change] | . == (sort_by({"worse":0,"appeared":1,"better":2,"gone":3}[.]))' "$TMP/d13.json" > /dev/null \
	&& ok "worse first" || fail "order"
jq -e '[.changes[] | select(.check_id == "SSH-0010")] | length == 0' "$TMP/d13.json" > /dev/null \
	&& ok "a subject reported twice is matched by its evidence" || fail "SSH-0010 twice"
"$KYUKA" runs diff 1 3 --db "$db" --lang en --color never > "$TMP/d13.txt" || true
grep -q '^Worse (1)' "$TMP/d13.txt" && grep -q 'PLAN-0010  holiday  PASS → FAIL (medium)' "$TMP/d13.txt" && ok "terminal" \
	|| fail "terminal: $(head -8 "$TMP/d13.txt")"
grep -q $'\033\\[31m:' "$TMP/d13.txt" && fail "the name's ESC reached the terminal" || ok "terminal: name escaped"
grep -qF '<script>x</script>"onload=\x1b[31m' "$TMP/d13.txt" && ok "terminal: ESC made visible" || fail "terminal name"
"$KYUKA" runs diff 1 3 --db "$db" --lang ja --format html --output "$TMP/d13.html" || true
[ "$(stat -c %a "$TMP/d13.html")" = 600 ] && ok "html 0600" || fail "html mode"
grep -qF '&lt;script&gt;x&lt;/script&gt;&quot;onload=\x1b[31m' "$TMP/d13.html" && ok "html: name escaped" || fail "html name"
grep -qi '<script' "$TMP/d13.html" && fail "html: raw script" || ok "html: no script element"
grep -q '<html lang="ja">' "$TMP/d13.html" && grep -q '悪化 (1)' "$TMP/d13.html" && ok "html: Japanese" || fail "html ja"

echo "== errors"
"$KYUKA" runs diff 2 --db "$db" --format json > "$TMP/d2.json" || true
jq -e '.a.id == 2 and .b.id == 3' "$TMP/d2.json" > /dev/null && ok "diff A alone: against the newest other run" || fail "diff 2"
"$KYUKA" runs diff 1 3 --db "$db" --lang en --color always > "$TMP/c.txt" || true
grep -q $'\033\\[1;31mWorse' "$TMP/c.txt" && ok "--color always" || fail "colour"
rm -f "$TMP/k2.db"
au2() { "$KYUKA" audit --root "$r" --db "$TMP/k2.db" --no-baseline "$@" > /dev/null 2>&1 || true; }
au2 --now 2027-01-05T11:00:00+09:00 --holiday 2027-04-29..2027-05-06 --phase after
status=0; "$KYUKA" runs diff --db "$TMP/k2.db" 2> "$TMP/err.txt" || status=$?
[ "$status" = 3 ] && grep -q 'no recorded run of --phase before for the holiday 2027-04-29..2027-05-06' "$TMP/err.txt" \
	&& ok "no before run: exit 3, says which holiday" || fail "exit $status $(cat "$TMP/err.txt")"
for bad in "runs diff x" "runs diff 1 2 3" "runs --format json" "runs diff --format pdf"; do
	status=0; "$KYUKA" $bad --db "$db" > /dev/null 2>&1 || status=$?
	[ "$status" = 2 ] && ok "'$bad': exit 2" || fail "'$bad': exit $status"
done
status=0; "$KYUKA" runs diff 1 99 --db "$db" > /dev/null 2> "$TMP/err.txt" || status=$?
[ "$status" = 3 ] && grep -q 'no run 99' "$TMP/err.txt" && ok "missing run: exit 3" || fail "missing run: $status"
finish
