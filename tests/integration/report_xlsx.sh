#!/bin/bash
# kyuka audit --format xlsx: the checklist workbook, opened back with openpyxl. A summary sheet (the
# counts per heading and status equal the JSON's), then one sheet per advisory heading whose rows hold
# what the JSON report holds (item, measure, check, status, evidence, remedy) and empty owner /
# confirmed by / date columns. Hostile strings (a formula, <script>, ESC) stay text cells, with the
# controls made visible as in the terminal. Written atomically with mode 0600; --output is required.
. "$(dirname "$0")/lib.sh"

$PY -c 'import openpyxl' 2>/dev/null || { echo "SKIP: python3-openpyxl is missing"; exit 77; }
r=$(root bad)
printf '%s\n' $'=cmd|\' /C calc\'!A0<script>x</script>\033[31m:x:0:0::/root:/bin/sh' >> "$r/etc/passwd"
for lang in en ja; do
	status=0
	"$KYUKA" audit --root "$r" --now "$NOW" --no-store --db "$TMP/feeds.db" --lang $lang --format xlsx --output "$TMP/c-$lang.xlsx" \
		2> "$TMP/err.txt" || status=$?
	[ "$status" = 1 ] && ok "xlsx $lang: exit 1" || fail "xlsx $lang: exit $status $(cat "$TMP/err.txt")"
done
[ "$(stat -c %a "$TMP/c-en.xlsx")" = 600 ] && ok "0600" || fail "mode $(stat -c %a "$TMP/c-en.xlsx")"
ls -a "$TMP" | grep -q '^\.kyuka\.' && fail "temporary left behind" || ok "no temporary left"
audit_json "$r" --lang en
if $PY - "$TMP/c-en.xlsx" "$TMP/out.json" <<'PYEOF'; then ok "cells hold what the JSON holds"; else fail "cells differ from the JSON"; fi
import json, sys, re, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
rep = json.load(open(sys.argv[2]))
def esc(s):
    # the terminal rule of src/report/escape.h, as the workbook applies it
    if s is None: return ""
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\\": out.append("\\\\")
        elif o < 0x20 or o == 0x7f: out.append("\\x%02x" % o)
        elif 0x80 <= o <= 0x9f: out.append("\\u%04x" % o)
        elif o in (0x61c, 0x200e, 0x200f, 0x2028, 0x2029) or 0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069: out.append("\\u%04x" % o)
        else: out.append(ch)
    return "".join(out)
names = wb.sheetnames
assert names[0] == "Summary", names
# the findings of each heading, in the JSON's order (the report's)
heads = []
for f in rep["findings"]:
    if not heads or heads[-1][0] != f["heading"]: heads.append((f["heading"], []))
    heads[-1][1].append(f)
assert len(names) == 1 + len(heads), (names, [h for h, _ in heads])
bad = 0
for i, (h, fs) in enumerate(heads):
    ws = wb[names[i + 1]]
    assert names[i + 1].startswith(f"{i + 1} "), names[i + 1]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Advisory item", "Measure", "Check", "Status", "Severity", "Target", "Evidence", "Remedy",
                       "Owner", "Confirmed by", "Date"), rows[0]
    assert len(rows) == 1 + len(fs), (h, len(rows), len(fs))
    for row, f in zip(rows[1:], fs):
        want_ev = esc(f["evidence"])
        got = dict(item=row[0], title=row[1], check=row[2], status=row[3], sev=row[4], subj=row[5] or "", ev=row[6] or "", rem=row[7] or "")
        want = dict(item=",".join(f["items"]), title=f["title"], check=f["check_id"], status=f["status"], sev=f["severity"],
                    subj=esc(f["subject"]), ev=want_ev, rem=esc(f["remedy"]) if f["status"] != "PASS" else "")
        if got["status"].split(" ", 1)[-1] == want["status"]: got["status"] = want["status"]
        if f["subjects"]:
            lines = got["ev"].split("\n")
            got["ev"] = lines[0]
            sub = [esc(s["name"] + (": " + s["detail"] if s["detail"] else "")) for s in f["subjects"]]
            if lines[1:] != sub: print("subjects", f["check_id"], lines[1:], sub); bad += 1
        for k in want:
            if got[k] != want[k]:
                print(f"{h} {f['check_id']} {k}: cell {got[k]!r} json {want[k]!r}"); bad += 1
        if row[8:] != (None, None, None): print("owner columns not empty", row); bad += 1
# the summary sheet: per heading and status, and the totals
s = list(wb["Summary"].iter_rows(values_only=True))
top = [r for r in s if r[0] == "Sheet"][0]
order = [c.split(" ", 1)[1] for c in top[2:8]]
assert order == ["FAIL", "ERROR", "WARN", "MANUAL", "SKIP", "PASS"], order
start = s.index(top) + 1
for i, (h, fs) in enumerate(heads):
    r = s[start + i]
    assert r[1] == h, (r, h)
    want = [sum(1 for f in fs if f["status"] == st) for st in order]
    if list(r[2:8]) != want: print("summary", h, r[2:8], want); bad += 1
tot = s[start + len(heads)]
want = [rep["summary"][st.lower()] for st in order]
if list(tot[2:8]) != want: print("totals", tot, want); bad += 1
sys.exit(1 if bad else 0)
PYEOF
if $PY - "$TMP/c-en.xlsx" <<'PYEOF'; then ok "hostile name: a text cell, ESC visible, no formula"; else fail "hostile name"; fi
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
hit = 0
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and "calc" in c.value:
                assert c.data_type == "s", (c.coordinate, c.data_type)
                assert "\x1b" not in c.value and "\\x1b[31m" in c.value, repr(c.value)
                hit += 1
assert hit >= 2, hit
PYEOF
$PY - "$TMP/c-ja.xlsx" <<'PYEOF' && ok "Japanese workbook" || fail "Japanese workbook"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames[0] == "集計", wb.sheetnames
assert any("アクセス制御" in n for n in wb.sheetnames), wb.sheetnames
assert all(len(n) <= 31 for n in wb.sheetnames)
PYEOF
status=0; "$KYUKA" audit --root "$r" --now "$NOW" --no-store --format xlsx > /dev/null 2> "$TMP/err.txt" || status=$?
[ "$status" = 2 ] && grep -q 'needs --output' "$TMP/err.txt" && ok "xlsx without --output: exit 2" || fail "no --output: $status"
status=0; "$KYUKA" logs --root "$r" --now "$NOW" --no-store --format xlsx --output "$TMP/x.xlsx" > /dev/null 2>&1 || status=$?
[ "$status" = 2 ] && ok "logs --format xlsx: exit 2" || fail "logs xlsx: $status"
# an existing file is replaced whole, a directory refused
echo old > "$TMP/keep.xlsx"; chmod 644 "$TMP/keep.xlsx"
"$KYUKA" audit --root "$r" --now "$NOW" --no-store --format xlsx --output "$TMP/keep.xlsx" > /dev/null 2>&1 || true
[ "$(stat -c %a "$TMP/keep.xlsx")" = 600 ] && [ "$(head -c 2 "$TMP/keep.xlsx")" = PK ] && ok "replaced, 0600" || fail "replace"
mkdir "$TMP/dir.xlsx"
status=0; "$KYUKA" audit --root "$r" --now "$NOW" --no-store --format xlsx --output "$TMP/dir.xlsx" > /dev/null 2>&1 || status=$?
[ "$status" = 3 ] && ok "a directory: exit 3" || fail "directory: exit $status"
finish
