#!/bin/bash
# A report a person can act on (issue 14, part 2): a finding's line says what was found, never
# the check's title as if it were the result; "Do this first" after the summary; grouped findings.
. "$(dirname "$0")/lib.sh"

b=$(root bad)
"$KYUKA" checks --format json --lang en > "$TMP/checks.json"
for lang in en ja; do
	"$KYUKA" checks --format json --lang "$lang" > "$TMP/checks-$lang.json"
	"$KYUKA" audit --root "$b" --now "$NOW" --no-store --db "$TMP/none.db" --lang "$lang" --color never \
		> "$TMP/out-$lang.txt" || true
	# no WARN, FAIL, ERROR, SKIP or MANUAL line shows a check's title (it names the state the check wants)
	if $PY - "$TMP/checks-$lang.json" "$TMP/out-$lang.txt" <<'PYEOF'; then ok "$lang: lines say what was found"; else fail "$lang: a title on a finding's line"; fi
import json, re, sys
titles = [c["title"] for c in json.load(open(sys.argv[1]))]
bad = []
for line in open(sys.argv[2], encoding="utf-8"):
    if re.match(r"  (WARN|FAIL|ERROR|SKIP|MANUAL) ", line) and any(t in line for t in titles):
        bad.append(line.rstrip())
for b in bad:
    print("  title on the line:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PYEOF
	grep -q "(confirmed)\|(確認済み)" "$TMP/out-$lang.txt" && fail "$lang: '(confirmed)' above 'not confirmed yet'" \
		|| ok "$lang: no '(confirmed)' in MANUAL titles"
done
t=$TMP/out-en.txt
# the check's name is still there, labelled
grep -qF "         check: Only root has UID 0" "$t" && ok "title labelled as the check's name" || fail "no 'check:' line"
# "Do this first" comes after the summary: at most 5 actions, each with its remedy
if $PY - "$t" <<'PYEOF'; then ok "Do this first after the summary, 5 actions with remedies"; else fail "Do this first"; fi
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
s, d = text.index("\nSummary: "), text.index("\nDo this first:\n")
assert s < d, "not after the summary"
lines = text[d:].strip().split("\n")[1:]
acts = [l for l in lines if re.match(r"  [0-9]\. ", l)]
assert len(acts) == 5, acts
assert acts[0].startswith("  1. FAIL   critical  ACCT-00"), acts[0]
for i, l in enumerate(lines):
    if re.match(r"  [0-9]\. ", l):
        assert lines[i + 1].startswith("     \u2192 "), (l, lines[i + 1])
PYEOF
grep -qF "最初に行うこと:" "$TMP/out-ja.txt" && ok "ja: Do this first translated" || fail "ja: no 最初に行うこと"
# JSON: do_first ranked by severity, one per check, each with a remedy; grouped findings list subjects
audit_json "$b"
validate_schema "$TMP/out.json"
if $PY - "$TMP/out.json" <<'PYEOF'; then ok "json do_first"; else fail "json do_first"; fi
import json, sys
rep = json.load(open(sys.argv[1]))
d = rep["do_first"]
order = ["info", "low", "medium", "high", "critical"]
assert 1 <= len(d) <= 5, d
assert [a["rank"] for a in d] == list(range(1, len(d) + 1)), d
assert all(order.index(a["severity"]) >= order.index(b["severity"]) for a, b in zip(d, d[1:])), d
assert len({a["check_id"] for a in d}) == len(d), d
assert all(a["remedy"] and a["status"] in ("FAIL", "WARN") for a in d), d
sudo = [a for a in d if a["check_id"] == "SUDO-0010"]
assert not sudo or sudo[0]["findings"] == 5 and "deploy" in sudo[0]["subjects"], sudo
g = [f for f in rep["findings"] if f["check_id"] == "ACCT-0040" and f["status"] == "WARN"]
assert len(g) == 1 and [s["name"] for s in g[0]["subjects"]] == ["dave", "evil\x1b[31m", "games", "mallory"], g
assert g[0]["subject"] == "" and g[0]["evidence"].startswith("4 accounts"), g
assert all(f["subjects"] == [] for f in rep["findings"] if f["subject"]), "a single-subject finding with a list"
PYEOF
finish
