# Shared by the integration tests: set -eu, a scratch dir, fixture roots, assertions on JSON reports.
set -euo pipefail
: "${KYUKA:?KYUKA must point at the kyuka binary}" "${SRCDIR:?}"
PY=/usr/bin/python3
NOW=2026-12-20T09:00:00+09:00
TMP=$(mktemp -d /tmp/kyuka-it.XXXXXX)
chmod 755 "$TMP"
trap 'rm -rf "$TMP"' EXIT
export KYUKA_NO_STORE_WARN=1
fails=0

# root SCENARIO -> prints the path of a fresh copy
root() {
	local d="$TMP/roots/$1.$RANDOM"
	"$SRCDIR/tests/roots/prepare.sh" "$1" "$d" >/dev/null
	echo "$d"
}

# audit_json ROOT [args...] -> writes $TMP/out.json, sets $status (feeds from $TMP/feeds.db, if a test made one)
audit_json() {
	local r=$1
	shift
	status=0
	"$KYUKA" audit --root "$r" --now "$NOW" --no-store --db "$TMP/feeds.db" --format json "$@" > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
}

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

ok() {
	echo "ok: $*"
}

# expect STATUS CHECK SUBJECT [EVIDENCE-SUBSTRING]: a finding with these fields exists in $TMP/out.json
expect() {
	if $PY - "$TMP/out.json" "$@" <<'PYEOF'; then ok "$1 $2 ${3:-}"; else fail "expected $1 $2 '${3:-}' ${4:-}"; fi
import json, sys
rep = json.load(open(sys.argv[1]))
st, cid, subj = sys.argv[2], sys.argv[3], sys.argv[4]
ev = sys.argv[5] if len(sys.argv) > 5 else None
for f in rep["findings"]:
    if f["status"] == st and f["check_id"] == cid and f["subject"] == subj and (ev is None or ev in f["evidence"]):
        sys.exit(0)
    # a grouped finding: the subject is one of its list, the evidence substring in that subject's detail
    if f["status"] == st and f["check_id"] == cid and subj and any(
            x["name"] == subj and (ev is None or ev in x["detail"]) for x in f.get("subjects", [])):
        sys.exit(0)
sys.exit(1)
PYEOF
}

# expect_none STATUS CHECK [SUBJECT]: no such finding
expect_none() {
	if $PY - "$TMP/out.json" "$@" <<'PYEOF'; then ok "no $1 $2 ${3:-}"; else fail "unexpected $1 $2 '${3:-}'"; fi
import json, sys
rep = json.load(open(sys.argv[1]))
st, cid = sys.argv[2], sys.argv[3]
subj = sys.argv[4] if len(sys.argv) > 4 else None
for f in rep["findings"]:
    if f["status"] == st and f["check_id"] == cid and (subj is None or f["subject"] == subj):
        sys.exit(1)
    if f["status"] == st and f["check_id"] == cid and subj and any(x["name"] == subj for x in f.get("subjects", [])):
        sys.exit(1)
sys.exit(0)
PYEOF
}

# only_statuses "PASS MANUAL" ["CHECK-ID ..."]: every finding (but those of the checks named) has one of these
only_statuses() {
	if $PY - "$TMP/out.json" "$1" "${2:-}" <<'PYEOF'; then ok "only $1"; else fail "statuses other than $1"; fi
import json, sys
rep = json.load(open(sys.argv[1]))
allowed = sys.argv[2].split()
ignored = sys.argv[3].split()
bad = [(f["status"], f["check_id"], f["subject"], f["evidence"]) for f in rep["findings"]
       if f["status"] not in allowed and f["check_id"] not in ignored]
for b in bad:
    print("  unexpected:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PYEOF
}

expect_status() {
	if [ "$status" -eq "$1" ]; then ok "exit $1"; else fail "exit $status, expected $1: $(cat "$TMP/err.txt")"; fi
}

validate_schema() {
	if $PY - "$SRCDIR/docs/report-schema.json" "$1" <<'PYEOF'; then ok "schema"; else fail "report does not match docs/report-schema.json"; fi
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.validate(json.load(open(sys.argv[2])), schema, cls=jsonschema.Draft202012Validator)
PYEOF
}

# checked OUT "STATUSES" ARGS...: runs "$KYUKA" ARGS with stdout and stderr appended to OUT (may be
# /dev/null) and fails the test when kyuka exits with a status not in STATUSES (e.g. "0 1"), dies of a
# signal or leaves a sanitizer report on stderr: a test that throws the status away passes a crash.
# Sets $status.
checked() {
	local out=$1 allowed=$2 st
	shift 2
	status=0
	"$KYUKA" "$@" >> "$out" 2> "$TMP/checked.err" || status=$?
	cat "$TMP/checked.err" >> "$out"
	st=" $allowed "
	if [ "$status" -gt 128 ]; then
		fail "kyuka $* died of signal $((status - 128)): $(head -c 300 "$TMP/checked.err")"
	elif [ "${st/ $status /}" = "$st" ]; then
		fail "kyuka $* exited $status, expected one of $allowed: $(head -c 300 "$TMP/checked.err")"
	elif grep -qE 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:' "$TMP/checked.err"; then
		fail "kyuka $*: sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error:' "$TMP/checked.err")"
	fi
}

finish() {
	if [ "$fails" -ne 0 ]; then
		echo "$fails failure(s)" >&2
		exit 1
	fi
	echo "all passed"
}
