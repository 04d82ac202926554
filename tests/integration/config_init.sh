#!/bin/bash
# kyuka config init: a commented kyuka.yaml from the schema, valid as written, every key in it,
# this year-end's holiday from the clock, written 0600 atomically and never over a file without --force.
. "$(dirname "$0")/lib.sh"
: "${BUILDDIR:?}"

run() { status=0; "$KYUKA" "$@" > "$TMP/out.txt" 2> "$TMP/err.txt" || status=$?; }

echo "== to standard output, valid as written"
run config init --now 2026-12-06T10:00:00+09:00
[ "$status" -eq 0 ] && ok "config init: exit 0" || fail "config init: exit $status $(cat "$TMP/err.txt")"
cp "$TMP/out.txt" "$TMP/k.yaml"
grep -qx 'holiday: 2026-12-27..2027-01-04' "$TMP/k.yaml" && ok "holiday of this year-end" || fail "holiday: $(grep holiday: "$TMP/k.yaml")"
run config check --config "$TMP/k.yaml"
[ "$status" -eq 0 ] && ok "config check passes on it" || fail "config check: $status $(cat "$TMP/err.txt")"

echo "== every key of the schema is in it, with a description"
"$BUILDDIR/kyuka-gendoc" config-paths > "$TMP/paths.txt" && ok "every key has a description" ||
	fail "keys without a description (src/parse/config/keydoc.c): $(grep missing: "$TMP/paths.txt" | tr '\n' ' ')"
# each path's keys in order, at the indentation the nesting gives (a list element's first key after "- ")
$PY - "$TMP/k.yaml" "$TMP/paths.txt" <<'PYEOF' && ok "every key path in the template" || fail "keys missing from the template"
import re, sys
lines = [l.rstrip("\n") for l in open(sys.argv[1]) if not re.match(r"^\s*# ", l) and l.strip()]
keys = []
for l in lines:
    m = re.match(r"^(\s*)#?(- )?([a-z_]+):", l)
    if m:
        keys.append(m.group(3))
paths = [p.strip() for p in open(sys.argv[2]) if p.strip() and not p.startswith("missing:")]
leaves = [re.sub(r"\[\]", "", p).split(".")[-1] for p in paths]
if keys != leaves:
    for i, (a, b) in enumerate(zip(keys, leaves)):
        if a != b:
            print("first difference at", i, a, b, paths[i], file=sys.stderr)
            break
    print(len(keys), len(leaves), file=sys.stderr)
    sys.exit(1)
PYEOF

echo "== every commented key, uncommented, is valid too (the three password sources but one)"
sed 's/^\( *\)#\([^ ]\)/\1\2/' "$TMP/k.yaml" | grep -v 'password_env:\|password_command:' > "$TMP/all.yaml"
run config check --config "$TMP/all.yaml"
[ "$status" -eq 0 ] && ok "uncommented: valid" || fail "uncommented: $status $(cat "$TMP/err.txt")"

echo "== first use: init, edit, check, audit with it"
sed -e 's/^#organisation: Example Corp$/organisation: Sample KK/' -e 's/^  #dormant_days: 90$/  dormant_days: 30/' \
	"$TMP/k.yaml" > "$TMP/edited.yaml"
grep -q '^organisation: Sample KK' "$TMP/edited.yaml" && grep -q '^  dormant_days: 30' "$TMP/edited.yaml" && ok "edited" || fail "edit"
run config check --config "$TMP/edited.yaml"
[ "$status" -eq 0 ] && ok "edited: valid" || fail "edited: $status $(cat "$TMP/err.txt")"
b=$(root bad)
audit_json "$b" --config "$TMP/edited.yaml"
[ "$status" -le 1 ] && ok "audit with it: exit $status" || fail "audit: $status $(cat "$TMP/err.txt")"
$PY -c 'import json,sys; h=json.load(open(sys.argv[1]))["holiday"]; sys.exit(0 if h and h["start"]=="2026-12-27" and h["end"]=="2027-01-04" else 1)' \
	"$TMP/out.json" && ok "the audit's holiday is the one written" || fail "holiday in the report"

echo "== the coming year-end from the clock"
run config init --now 2027-01-03T10:00:00+09:00
grep -qx 'holiday: 2026-12-27..2027-01-04' "$TMP/out.txt" && ok "on 3 January: the running holiday" || fail "3 Jan: $(grep holiday: "$TMP/out.txt")"
run config init --now 2027-01-05T10:00:00+09:00
grep -qx 'holiday: 2027-12-27..2028-01-04' "$TMP/out.txt" && ok "on 5 January: the next one" || fail "5 Jan: $(grep holiday: "$TMP/out.txt")"
run config init --now yesterday
[ "$status" -eq 2 ] && ok "bad --now: exit 2" || fail "bad --now: $status"

echo "== --output: 0600, not over an existing file without --force"
run config init --now 2026-12-06T10:00:00+09:00 --output "$TMP/new.yaml"
[ "$status" -eq 0 ] && cmp -s "$TMP/new.yaml" "$TMP/k.yaml" && ok "written" || fail "--output: $status"
[ "$(stat -c %a "$TMP/new.yaml")" = 600 ] && ok "mode 0600" || fail "mode $(stat -c %a "$TMP/new.yaml")"
echo "mine" > "$TMP/mine.yaml"
run config init --output "$TMP/mine.yaml"
[ "$status" -eq 3 ] && grep -q "exists" "$TMP/err.txt" && [ "$(cat "$TMP/mine.yaml")" = mine ] && ok "refuses an existing file" ||
	fail "existing file: $status $(cat "$TMP/err.txt")"
ls -a "$TMP" | grep -q '\.tmp$' && fail "a temporary file left" || ok "no temporary file left"
run config init --output "$TMP/mine.yaml" --force
[ "$status" -eq 0 ] && grep -q '^version: 1' "$TMP/mine.yaml" && ok "--force replaces it" || fail "--force: $status"
ln -s "$TMP/target" "$TMP/link.yaml"
run config init --output "$TMP/link.yaml" --force
[ "$status" -eq 3 ] && [ ! -e "$TMP/target" ] && ok "refuses to replace a symlink" || fail "symlink: $status"
run config check --output x
[ "$status" -eq 2 ] && ok "config check --output: exit 2" || fail "config check --output: $status"

echo "== config check still loads the configuration (an invalid one: exit 2)"
printf 'accounts:\n  dormant_dayz: 3\n' > "$TMP/bad.yaml"
run config check --config "$TMP/bad.yaml"
[ "$status" -eq 2 ] && grep -q "unknown key 'dormant_dayz'" "$TMP/err.txt" && ok "invalid: exit 2" || fail "invalid config: $status"
finish
