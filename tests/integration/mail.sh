#!/bin/bash
# kyuka mail: every reason has a message that triggers it and a clean look-alike that must not (built by
# tests/tools/mkmail.py; the Office documents are oletools' test data in ../shared/data/oletools);
# mbox, Maildir (tmp/ and index files skipped), the holiday window, thread hijack, the plan contact and
# "confirm by phone", JSON and terminal, exit codes, memory bounded on a zip bomb, a 2 GB declared entry
# and 10,000 parts.
. "$SRCDIR/tests/integration/lib.sh"

OLE="$SRCDIR/../shared/data/oletools"
if [ ! -f "$OLE/README.md" ]; then
	echo "SKIP: $OLE is missing (the oletools test documents)"
	exit 77
fi
M="$TMP/mail"
$PY "$SRCDIR/tests/tools/mkmail.py" "$M" "$OLE"
cfg="$TMP/kyuka.yaml"
cat > "$cfg" <<'YAML'
organisation: テスト株式会社
plan:
  vendors:
    - name: Vendor Example
      contact: {phone: 03-0000-1111, mail: support@vendor-example.co.jp}
      off_hours: none
    - name: Partner
      contact: {phone: 06-2222-3333, mail: desk@partner.example}
      off_hours: none
YAML
chmod 600 "$cfg"
mail() { "$KYUKA" mail --config "$cfg" --now "$NOW" "$@"; }

echo "== every case: verdict, the reason it must give, the reason it must not"
status=0
mail --format json "$M"/*.eml > "$TMP/all.json" || status=$?
[ "$status" = 1 ] && ok "exit 1 with suspicious mail" || fail "exit $status with suspicious mail"
$PY - "$TMP/all.json" "$M/expected.json" <<'PYEOF' || fail "cases above"
import json, sys
rep, exp = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
by = {m['source'].rsplit('/', 1)[-1][:-4]: m for m in rep['messages']}
bad = 0
for k, (verdict, must, mustnot) in exp.items():
    m = by.get(k)
    if m is None:
        print('FAIL: %s: no result' % k); bad += 1; continue
    ids = [r['id'] for r in m['reasons']]
    why = []
    if verdict != '*' and m['verdict'] != verdict: why.append('verdict %s, expected %s' % (m['verdict'], verdict))
    if must and must not in ids: why.append('no reason %s' % must)
    if mustnot and mustnot in ids: why.append('reason %s given' % mustnot)
    if m['verdict'] == 'suspicious' and not m['confirm_by_phone']: why.append('no confirm_by_phone')
    lv = [r['level'] for r in m['reasons']]
    if lv != sorted(lv, key=lambda l: l != 'suspicious'): why.append('reasons not most serious first')
    print(('FAIL: %s: %s %s' % (k, '; '.join(why), ids)) if why else 'ok: %s %s %s' % (k, m['verdict'], ids))
    bad += bool(why)
sys.exit(1 if bad else 0)
PYEOF

jq -e '.messages[] | select(.source | endswith("x_uuencode_2047.eml")) | .reasons[0].evidence | contains("請求書.pdf")' \
	"$TMP/all.json" > /dev/null && ok "RFC 2047 name decoded in the evidence" || fail "RFC 2047 name"

echo "== plan contact and phone for a suspicious message from a vendor's domain"
mail "$M/vendor_exe.eml" > "$TMP/v.txt" || true
grep -q "Confirm with the sender by phone before opening" "$TMP/v.txt" && ok "confirm by phone" || fail "no phone advice"
grep -q "Vendor Example, 03-0000-1111" "$TMP/v.txt" && ok "plan contact named" || fail "plan contact missing"
mail --lang ja "$M/vendor_exe.eml" > "$TMP/vja.txt" || true
grep -q "電話" "$TMP/vja.txt" && ok "ja: phone advice" || fail "ja: phone advice"
status=0
mail "$M/link_page.eml" "$M/png.eml" > /dev/null || status=$?
[ "$status" = 0 ] && ok "exit 0 with clean mail" || fail "exit $status with clean mail"

echo "== mbox, Maildir, thread, window"
status=0
mail --format json --holiday 2026-12-26..2027-01-03 "$M/mbox" "$M/Maildir" "$M/thread" > "$TMP/w.json" || status=$?
jq -e '.summary.messages == 5 and .summary.outside_window == 3 and .summary.skipped_files == 1' "$TMP/w.json" \
	> /dev/null && ok "5 in the window, 3 outside, the index file skipped" || fail "window: $(jq -c .summary "$TMP/w.json")"
jq -e '[.messages[].source] | any(test("Maildir/tmp/")) | not' "$TMP/w.json" > /dev/null && ok "Maildir tmp/ not read" \
	|| fail "tmp/ read"
jq -e '.messages[] | select(.source | endswith("mbox#2")) | .reasons[0].id == "shortcut"' "$TMP/w.json" > /dev/null \
	&& ok "mbox message 2 found" || fail "mbox"
jq -e '.messages[] | select(.source | endswith("hijack.eml")) | [.reasons[].id] | index("thread-hijack")' \
	"$TMP/w.json" > /dev/null && ok "hijacked thread (its first message before the window)" || fail "thread hijack missed"
jq -e '.messages[] | select(.source | endswith("good.eml")) | .verdict == "nothing found"' "$TMP/w.json" \
	> /dev/null && ok "a reply from the thread is fine" || fail "good reply flagged"
status=0
mail --since 2027-01-01 --until 2027-01-02 "$M/mbox" > /dev/null || status=$?
[ "$status" = 0 ] && ok "window without the suspicious message: exit 0" || fail "exit $status"

echo "== bounds: memory and time"
# (a sanitizer build reserves terabytes of address space: there the limit is left off)
limit=1000000
grep -aq __asan_init "$KYUKA" && limit=unlimited
for f in zip_bomb zip_declared_2g parts_10000; do
	status=0
	( ulimit -v $limit; mail "$M/$f.eml" > /dev/null ) || status=$?
	[ "$status" -le 1 ] && ok "$f within $limit KB of address space" || fail "$f: exit $status"
done

# an mbox of 10,000 small messages: what is kept of each is its summary (sender, references, reasons found),
# not its parts; before the reasons were grown as found this took 37 MiB resident, now about 17
if [ "$limit" != unlimited ]; then
	mkdir -p "$TMP/big"
	$PY - "$TMP/big/10k.mbox" <<'PYEOF'
import sys
with open(sys.argv[1], 'w') as f:
    for i in range(10000):
        f.write('From a@partner.example Mon Dec 28 10:00:00 2026\nFrom: A <a@partner.example>\nTo: b@kyuka-corp.example\n'
                'Subject: r %d\nDate: Mon, 28 Dec 2026 10:00:00 +0900\nMessage-ID: <%d@partner.example>\n\nhello\n\n' % (i, i))
PYEOF
	/usr/bin/time -f '%M' -o "$TMP/big/rss" "$KYUKA" mail --config "$cfg" --now "$NOW" "$TMP/big/10k.mbox" > "$TMP/big/10k.txt"
	rss=$(tail -1 "$TMP/big/rss")
	grep -q "10000 message(s) read" "$TMP/big/10k.txt" && [ "$rss" -lt 28000 ] && ok "10,000 messages in $rss KiB" \
		|| fail "10,000 messages: $rss KiB, $(tail -1 "$TMP/big/10k.txt")"
fi

echo "== never writes: the mail folder is unchanged"
before=$(find "$M" -type f -printf '%p %s %T@\n' | sort | md5sum)
mail "$M" > /dev/null || true
after=$(find "$M" -type f -printf '%p %s %T@\n' | sort | md5sum)
[ "$before" = "$after" ] && [ -z "$(find "$TMP" -newer "$M/expected.json" -type f ! -path "$M/*" ! -path "$TMP/big/*" ! -name '*.json' ! -name '*.txt' ! -name kyuka.yaml)" ] \
	&& ok "nothing written" || fail "files changed"

echo "== the staff notice tells how to tell (ja, en)"
"$KYUKA" plan notice --config "$cfg" --now "$NOW" --lang en --format text > "$TMP/n-en.txt"
"$KYUKA" plan notice --config "$cfg" --now "$NOW" --lang ja --format html > "$TMP/n-ja.html"
grep -q "How to tell a dangerous mail" "$TMP/n-en.txt" && grep -q "invoice.pdf.exe" "$TMP/n-en.txt" && ok "notice (en)" \
	|| fail "notice (en) has no how-to-tell section"
grep -q "危険なメールの見分け方" "$TMP/n-ja.html" && [ "$(grep -c '<li class="tell">' "$TMP/n-ja.html")" = 6 ] \
	&& ok "notice (ja): six signs" || fail "notice (ja)"

echo "== usage"
status=0; mail > /dev/null 2>&1 || status=$?
[ "$status" = 2 ] && ok "no PATH: usage error" || fail "no PATH: exit $status"
status=0; mail "$TMP/nonexistent" > /dev/null 2>&1 || status=$?
[ "$status" = 3 ] && ok "unreadable PATH: runtime error" || fail "unreadable: exit $status"
status=0; mail --format xml "$M/png.eml" > /dev/null 2>&1 || status=$?
[ "$status" = 2 ] && ok "bad --format" || fail "bad --format: exit $status"

finish
