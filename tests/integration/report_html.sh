#!/bin/bash
# kyuka audit/logs/vulns/diff/mail/runs diff --format html: one self-contained file (no script, no
# external resource), grouped under the advisory's headings with "do this first" on top, statuses as
# words and symbols, evidence in <details>, lang=ja/en. Hostile strings planted in a user name, log
# lines and a mail subject (<script>, "onload=, </style>, terminal escapes) must stay text: checked in
# the file and in the DOM headless Chromium builds from it (--dump-dom), and printed to PDF with the
# Japanese set in Noto Sans CJK. Renders are kept in $BUILDDIR/test-artifacts/.
. "$(dirname "$0")/lib.sh"

ART=${BUILDDIR:-$TMP}/test-artifacts
mkdir -p "$ART"
XSS='<script>document.title="PWNED"</script>"onload=alert(1) </style><img src=x onerror=alert(1)>'
# plain: the file holds every hostile string as text, nothing as markup
plain() {
	local f=$1 what=$2
	grep -qi '<script' "$f" && fail "$what: raw <script>" || ok "$what: no <script> element"
	grep -q '<img' "$f" && fail "$what: raw <img>" || ok "$what: no <img> element"
	[ "$(grep -c '</style>' "$f")" = 1 ] && ok "$what: one </style> (ours)" || fail "$what: </style> planted"
	grep -q $'\033' "$f" && fail "$what: escape byte" || ok "$what: no escape byte"
	grep -Eq '(src|href)="(https?:)?//' "$f" && fail "$what: external resource" || ok "$what: self-contained"
}

echo "== audit: a user name with <script>, \"onload=, </style> and ESC"
r=$(root bad)
printf '%s\n' "${XSS}"$'\033[31m:x:0:0::/root:/bin/bash' >> "$r/etc/passwd"
for lang in ja en; do
	status=0
	"$KYUKA" audit --root "$r" --now "$NOW" --no-store --lang $lang --format html --output "$TMP/audit-$lang.html" \
		2> "$TMP/err.txt" || status=$?
	[ "$status" = 1 ] && ok "audit html $lang: exit 1" || fail "audit html $lang: exit $status $(cat "$TMP/err.txt")"
done
a=$TMP/audit-ja.html
[ "$(stat -c %a "$a")" = 600 ] && ok "report written 0600" || fail "mode $(stat -c %a "$a")"
plain "$a" "audit ja"
grep -q '<html lang="ja">' "$a" && grep -q '<html lang="en">' "$TMP/audit-en.html" && ok "lang ja/en" || fail "lang attribute"
grep -qF '&lt;script&gt;document.title=&quot;PWNED&quot;&lt;/script&gt;&quot;onload=alert(1) &lt;/style&gt;&lt;img src=x onerror=alert(1)&gt;\x1b[31m' "$a" \
	&& ok "user name escaped as text, ESC made visible" || fail "user name not escaped"
grep -q '最初に行うこと' "$a" && grep -q 'Do this first' "$TMP/audit-en.html" && ok "do this first, translated" || fail "do this first"
[ "$(grep -n 'class="first"' "$a" | cut -d: -f1)" -lt "$(grep -n 'class="heading"' "$a" | head -1 | cut -d: -f1)" ] \
	&& ok "do this first above the findings" || fail "do this first not on top"
grep -q '<h2>アカウント' "$a" || grep -q '<section class="heading">' "$a" && ok "grouped under headings" || fail "headings"
grep -q '<details><summary>' "$a" && ok "evidence folded" || fail "no <details>"
grep -q '✗ 不合格' "$a" && grep -q '✗ FAIL' "$TMP/audit-en.html" && ok "status is a symbol and a word" || fail "status words"
grep -q '@page { size: A4' "$a" && ok "A4 print CSS" || fail "print css"
# the same findings as the JSON report: one row per finding
audit_json "$r"
n_json=$(jq '.findings | length' "$TMP/out.json")
n_html=$(grep -c '^<tr><td><span class="st' "$TMP/audit-en.html")
[ "$n_json" = "$n_html" ] && ok "$n_html findings, as in the JSON" || fail "html rows $n_html, json findings $n_json"

echo "== logs: log lines with the same strings"
l=$(root minimal)
mkdir -p "$l/var/log"
{
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		printf 'Dec 31 03:00:%02d web1 sshd[1]: Failed password for invalid user %s\033[2J from 203.0.113.9 port 1 ssh2\n' "$i" "$XSS"
	done
	printf 'Dec 31 04:00:00 web1 sshd[1]: Accepted password for %s from 203.0.113.9 port 1 ssh2\n' "$XSS"
} > "$l/var/log/auth.log"
touch -d 2027-01-05T00:00:00+09:00 "$l/var/log/auth.log"
status=0
"$KYUKA" logs --root "$l" --now 2027-01-05T09:00:00+09:00 --holiday 2026-12-27..2027-01-04 --tz +09:00 --no-store \
	--lang en --format html --output "$TMP/logs.html" 2> "$TMP/err.txt" || status=$?
[ "$status" = 1 ] && ok "logs html: exit 1" || fail "logs html: exit $status $(cat "$TMP/err.txt")"
plain "$TMP/logs.html" "logs"
grep -qF 'login by &lt;script&gt;document.title=&quot;PWNED&quot;' "$TMP/logs.html" && ok "log user escaped" || fail "log user"
grep -q '<table class="timeline">' "$TMP/logs.html" && ok "timeline table" || fail "timeline"

echo "== diff: a file name with the same strings"
b=$(root bad)
"$KYUKA" baseline save --root "$b" --db "$TMP/b.db" --now "$NOW" > /dev/null 2>&1 || fail "baseline save"
mkdir -p "$b/etc/cron.d"
echo '* * * * * root true' > "$b/etc/cron.d/$(printf '%s' "$XSS" | tr '/' '_')"
status=0
"$KYUKA" diff --root "$b" --db "$TMP/b.db" --now "$NOW" --lang ja --format html --output "$TMP/diff.html" 2> "$TMP/err.txt" \
	|| status=$?
[ "$status" -le 1 ] && ok "diff html: exit $status" || fail "diff html: exit $status $(cat "$TMP/err.txt")"
plain "$TMP/diff.html" "diff"
grep -qF '&lt;script&gt;document.title=&quot;PWNED&quot;&lt;_script&gt;' "$TMP/diff.html" && ok "diff: file name escaped" \
	|| fail "diff: file name"
"$KYUKA" diff --root "$b" --db "$TMP/b.db" --now "$NOW" --format json > "$TMP/diff.json" 2>/dev/null || true
n_json=$(jq '.changes | length' "$TMP/diff.json")
n_html=$(grep -c '^<tr><td class="nw">' "$TMP/diff.html" || true)
[ "$n_json" = "$n_html" ] && [ "$n_json" -gt 0 ] && ok "diff: $n_html changes, as in the JSON" || fail "diff rows $n_html, json $n_json"

echo "== mail: a subject and sender with the same strings"
mkdir -p "$TMP/m"
{
	printf 'From: "%s" <billing@examp1e.co.jp>\nTo: staff@example.jp\n' "$XSS"
	printf 'Subject: =?UTF-8?B?6KuL5rGC5pu4?= %s\033[2J\n' "$XSS"
	printf 'Date: Mon, 28 Dec 2026 10:00:00 +0900\nMessage-ID: <1@examp1e.co.jp>\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\nsee attached\n'
	printf -- '--b\nContent-Type: application/octet-stream; name="invoice.pdf.lnk"\n'
	printf 'Content-Disposition: attachment; filename="invoice.pdf.lnk"\nContent-Transfer-Encoding: base64\n\n'
	printf 'TAAAAAEUAgAAAAAAwAAAAAAAAEY=\n--b--\n'
} > "$TMP/m/a.eml"
status=0
"$KYUKA" mail --now "$NOW" --lang ja --format html --output "$TMP/mail.html" "$TMP/m/a.eml" 2> "$TMP/err.txt" || status=$?
[ "$status" = 1 ] && ok "mail html: exit 1 (suspicious)" || fail "mail html: exit $status $(cat "$TMP/err.txt")"
plain "$TMP/mail.html" "mail"
grep -qF '請求書 &lt;script&gt;document.title=&quot;PWNED&quot;&lt;/script&gt;&quot;onload=alert(1) &lt;/style&gt;' "$TMP/mail.html" \
	&& ok "mail: subject decoded and escaped" || fail "mail: subject"
grep -q '✗ 不審' "$TMP/mail.html" && grep -q 'class="action"' "$TMP/mail.html" && ok "mail: verdict and what to do" || fail "mail verdict"

echo "== vulns: an advisory title with the same strings"
printf '[01 Dec 2026] DSA-9999-1 base-files - %s\n\t{CVE-2026-0001}\n\t[bookworm] - base-files 12.4+deb12u9\n' "$XSS" > "$TMP/dsa.list"
"$KYUKA" --db "$TMP/v.db" --now "$NOW" feeds import --type dsa "$TMP/dsa.list" > /dev/null 2>&1 || fail "feeds import"
status=0
"$KYUKA" vulns --root "$SRCDIR/tests/roots/pkg-bookworm" --db "$TMP/v.db" --now "$NOW" --lang en --format html \
	--output "$TMP/vulns.html" 2> "$TMP/err.txt" || status=$?
[ "$status" = 1 ] && ok "vulns html: exit 1" || fail "vulns html: exit $status $(cat "$TMP/err.txt")"
plain "$TMP/vulns.html" "vulns"
grep -q 'DSA-9999-1 base-files 12.4+deb12u5 → 12.4+deb12u9' "$TMP/vulns.html" && ok "vulns: the advisory" || fail "vulns row"

echo "== runs diff: a user name with the same strings appeared"
c=$(root bad)
"$KYUKA" audit --root "$c" --db "$TMP/r.db" --now "$NOW" --no-baseline > /dev/null 2>&1 || true
"$KYUKA" audit --root "$r" --db "$TMP/r.db" --now "$NOW" --no-baseline > /dev/null 2>&1 || true
status=0
"$KYUKA" runs diff 1 2 --db "$TMP/r.db" --now "$NOW" --lang ja --format html --output "$TMP/runs.html" 2> "$TMP/err.txt" || status=$?
[ "$status" = 1 ] && ok "runs diff html: exit 1" || fail "runs diff html: exit $status $(cat "$TMP/err.txt")"
plain "$TMP/runs.html" "runs diff"

CHROMIUM=$(command -v chromium || true)
if [ -z "$CHROMIUM" ]; then
	fail "chromium is not installed (scripts/install-deps.sh test)"
	finish
fi
n=0
chrome() {
	local url=$1
	n=$((n + 1))
	shift
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync --disable-extensions \
		--user-data-dir="$TMP/profile.$n" "$@" "file://$url" 2> "$TMP/chrome.log"
}
# dom FILE WHAT: the DOM Chromium built holds the strings as text, no script ran, no element was planted
dom() {
	chrome "$1" --dump-dom > "$TMP/dom.html" || true
	$PY - "$TMP/dom.html" "$2" <<'PYEOF' && ok "$2: chromium DOM holds the strings as text, no script ran" || fail "$2: DOM"
import sys
from html.parser import HTMLParser
src = open(sys.argv[1], encoding="utf-8").read()
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.tags = []; self.text = []; self.title = None; self._t = False
    def handle_starttag(self, t, a):
        self.tags.append(t); self._t = t == "title"
        for k, v in a:
            assert not k.startswith("on"), f"event attribute {k} on <{t}>"
    def handle_endtag(self, t): self._t = False
    def handle_data(self, d):
        self.text.append(d)
        if self._t: self.title = (self.title or "") + d
p = P(); p.feed(src)
assert len(src) > 2000, "empty DOM"
assert "script" not in p.tags and "img" not in p.tags, sorted(set(p.tags))
assert p.tags.count("style") == 1, "a second style element"
assert p.title and "PWNED" not in p.title, f"title {p.title!r}: a script ran"
text = "".join(p.text)
assert '<script>document.title="PWNED"</script>"onload=alert(1) </style>' in text, "the planted string is not shown as text"
PYEOF
}
echo "== chromium: DOM, PDF, screenshot"
dom "$a" "audit"
dom "$TMP/logs.html" "logs"
dom "$TMP/mail.html" "mail"
dom "$TMP/vulns.html" "vulns"
dom "$TMP/runs.html" "runs diff"
chrome "$a" --no-pdf-header-footer --print-to-pdf="$TMP/audit-ja.pdf" > /dev/null || true
[ "$(head -c 5 "$TMP/audit-ja.pdf" 2>/dev/null)" = "%PDF-" ] && ok "audit printed to PDF" || fail "PDF: $(tail -3 "$TMP/chrome.log")"
grep -aq 'NotoSansCJK' "$TMP/audit-ja.pdf" && ok "Japanese set in Noto Sans CJK" || fail "no CJK font in the PDF"
# printed, the folded evidence is open: the same report without that rule prints fewer pages
sed 's/details::details-content { content-visibility: visible; display: block; }//' "$a" > "$TMP/folded.html"
chrome "$TMP/folded.html" --no-pdf-header-footer --print-to-pdf="$TMP/folded.pdf" > /dev/null || true
pages() { $PY -c 'import re,sys; print(len(re.findall(rb"/Type\s*/Page[^s]", open(sys.argv[1],"rb").read())))' "$1"; }
[ "$(pages "$TMP/audit-ja.pdf")" -gt "$(pages "$TMP/folded.pdf")" ] && ok "evidence printed open ($(pages "$TMP/audit-ja.pdf") pages)" \
	|| fail "evidence not printed: $(pages "$TMP/audit-ja.pdf") vs $(pages "$TMP/folded.pdf") pages"
chrome "$a" --window-size=1240,1754 --hide-scrollbars --screenshot="$TMP/audit-ja.png" > /dev/null || true
if $PY - "$TMP/audit-ja.png" <<'PYEOF'; then ok "screenshot drawn"; else fail "screenshot blank"; fi
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("L")
dark = sum(1 for p in im.getdata() if p < 128)
assert dark > 20000, dark
PYEOF
cp "$TMP"/audit-ja.pdf "$TMP"/audit-ja.png "$TMP"/audit-ja.html "$ART/" 2>/dev/null || true
finish
