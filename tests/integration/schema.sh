#!/bin/bash
# The JSON kyuka writes matches its documented schemas (JSON Schema draft 2020-12, Debian's
# python3-jsonschema): freshly produced audit reports of every fixture root in both phases (and in
# Japanese), kyuka logs, kyuka vulns and feeds, kyuka runs diff, against docs/report-schema.json,
# docs/vulns-schema.json and docs/runs-diff-schema.json; and the committed golden report. Every run must exit 0 or 1: a crash, a
# signal or a sanitizer report fails the test (output that was never written validates nothing).
#
#   schema.sh            the test (KYUKA, SRCDIR and BUILDDIR as meson sets them)
#   schema.sh FILE       only validate FILE against docs/report-schema.json: exit 0 valid,
#                        1 invalid (every error printed), 2 unreadable
#
# Exit status 77 (meson's "skipped") when python3-jsonschema is missing.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
srcdir=${SRCDIR:-$(cd "$here/../.." && pwd)}
# Not the pyenv python3 that may come first in PATH: Debian's, which has the module.
py=/usr/bin/python3

if [ $# -gt 1 ]; then
	echo "usage: schema.sh [FILE]" >&2
	exit 2
fi
if ! "$py" -c 'import jsonschema' 2>/dev/null; then
	echo "schema.sh: $py has no jsonschema module (apt install python3-jsonschema); skipped" >&2
	exit 77
fi

# validate SCHEMA FILE...: prints every error; 0 all valid, 1 an invalid one, 2 unreadable
validate() {
	"$py" - "$@" <<'PYEOF'
import json
import sys

import jsonschema

schema_path, docs = sys.argv[1], sys.argv[2:]
try:
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
except (OSError, ValueError) as e:
    print(f"schema.sh: {e}", file=sys.stderr)
    sys.exit(2)
cls = jsonschema.Draft202012Validator
try:
    cls.check_schema(schema)
except jsonschema.exceptions.SchemaError as e:
    print(f"schema.sh: {schema_path} is not a valid schema: {e.message}", file=sys.stderr)
    sys.exit(2)
rc = 0
for doc_path in docs:
    try:
        with open(doc_path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"schema.sh: {doc_path}: {e}", file=sys.stderr)
        rc = 2
        continue
    errors = sorted(cls(schema).iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    for e in errors:
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        print(f"{doc_path}: {where}: {e.message}", file=sys.stderr)
    if errors:
        print(f"{doc_path}: {len(errors)} error(s) against {schema_path}", file=sys.stderr)
        rc = max(rc, 1)
    else:
        print(f"{doc_path}: valid")
sys.exit(rc)
PYEOF
}

if [ $# -eq 1 ]; then
	validate "$srcdir/docs/report-schema.json" "$1"
	exit
fi

. "$here/lib.sh"
export MKHASH=${MKHASH:-$BUILDDIR/tests/mkhash}	# the pw-* roots hash their passwords at preparation
HOL=2026-12-27..2027-01-04 AFTER=2027-01-05T09:00:00+09:00
# a JSON file must exist and be non-empty before it is validated
fresh() {
	[ -s "$1" ] && echo "$1" >> "$TMP/$2.list" || fail "no JSON written to $1"
}
: > "$TMP/report.list"
: > "$TMP/vulns.list"
: > "$TMP/runsdiff.list"

echo "== audit: every fixture root, both phases"
for d in "$SRCDIR"/tests/roots/*/; do
	s=$(basename "$d")
	r=$(root "$s")
	case $s in logs-*) $PY "$SRCDIR/tests/tools/mklogs.py" "${s#logs-}" "$r" 2>/dev/null || true ;; esac
	o=$TMP/audit-$s-before.json
	checked /dev/null "0 1" audit --root "$r" --now "$NOW" --no-store --db "$TMP/none.db" --format json --output "$o"
	fresh "$o" report
	o=$TMP/audit-$s-after.json
	checked /dev/null "0 1" audit --root "$r" --now "$AFTER" --holiday "$HOL" --phase after --no-store \
		--db "$TMP/none.db" --format json --output "$o"
	fresh "$o" report
done
r=$(root bad)
checked "$TMP/audit-bad-ja.json" "0 1" audit --root "$r" --now "$NOW" --no-store --db "$TMP/none.db" --lang ja --format json
fresh "$TMP/audit-bad-ja.json" report

echo "== logs"
for s in bad good; do
	r=$(root "logs-$s")
	$PY "$SRCDIR/tests/tools/mklogs.py" "$s" "$r"
	checked "$TMP/logs-$s.json" "0 1" logs --root "$r" --now "$AFTER" --holiday "$HOL" --no-store --format json
	fresh "$TMP/logs-$s.json" report
done

echo "== vulns and feeds"
DATA=$SRCDIR/../shared/data
T0=2023-01-05T09:00:00+09:00
if [ -r "$DATA/debian-security/DSA.list" ]; then
	checked /dev/null 0 --db "$TMP/feeds.db" --now "$T0" feeds import "$DATA/debian-security/DSA.list" \
		"$DATA/debian-security/DLA.list" "$DATA/cisa-kev/known_exploited_vulnerabilities.json"
	for s in pkg-bullseye; do	# the lists hold no bookworm records: vulns on it exits 3
		r=$(root "$s")
		checked /dev/null "0 1" --db "$TMP/feeds.db" --now "$T0" vulns --root "$r" --format json --output "$TMP/vulns-$s.json"
		fresh "$TMP/vulns-$s.json" vulns
		checked /dev/null "0 1" --db "$TMP/feeds.db" --now "$T0" vulns --root "$r" --published 2022-12-27..2023-01-04 \
			--format json --output "$TMP/vulns-$s-window.json"
		fresh "$TMP/vulns-$s-window.json" vulns
	done
	# the audit's VULN checks with the feeds in place
	r=$(root pkg-bullseye)
	checked "$TMP/audit-vulns.json" "0 1" audit --root "$r" --now "$T0" --no-store --db "$TMP/feeds.db" --format json
	fresh "$TMP/audit-vulns.json" report
else
	fail "no feed data in $DATA (the vulns JSON cannot be produced)"
fi

echo "== runs diff: a before and an after run of the bad root, and two before runs"
r=$(root bad)
checked /dev/null "0 1" audit --root "$r" --now "$NOW" --holiday "$HOL" --no-baseline --db "$TMP/runs.db" --format json
sed -i '/^toor:/d' "$r/etc/passwd"
checked /dev/null "0 1" audit --root "$r" --now "$AFTER" --holiday "$HOL" --phase after --db "$TMP/runs.db" --format json
checked /dev/null "0 1" audit --root "$r" --now "$AFTER" --holiday "$HOL" --no-baseline --db "$TMP/runs.db" --format json
checked "$TMP/runsdiff-default.json" "0 1" runs diff --db "$TMP/runs.db" --format json
fresh "$TMP/runsdiff-default.json" runsdiff
checked "$TMP/runsdiff-13.json" "0 1" runs diff 1 3 --db "$TMP/runs.db" --format json
fresh "$TMP/runsdiff-13.json" runsdiff

echo "== against the schemas"
echo "$SRCDIR/tests/golden/report.json" >> "$TMP/report.list"
mapfile -t reports < "$TMP/report.list"
mapfile -t vulns < "$TMP/vulns.list"
mapfile -t runsdiff < "$TMP/runsdiff.list"
if validate "$SRCDIR/docs/runs-diff-schema.json" "${runsdiff[@]}" > "$TMP/valid.txt"; then
	ok "${#runsdiff[@]} runs diff documents match docs/runs-diff-schema.json"
else
	fail "a runs diff document does not match docs/runs-diff-schema.json"
fi
if validate "$SRCDIR/docs/report-schema.json" "${reports[@]}" > "$TMP/valid.txt"; then
	ok "${#reports[@]} reports match docs/report-schema.json"
else
	fail "a report does not match docs/report-schema.json"
fi
if [ ${#vulns[@]} -gt 0 ]; then
	if validate "$SRCDIR/docs/vulns-schema.json" "${vulns[@]}" > "$TMP/valid.txt"; then
		ok "${#vulns[@]} vulns documents match docs/vulns-schema.json"
	else
		fail "a vulns document does not match docs/vulns-schema.json"
	fi
fi
finish
