#!/bin/bash
# The contact sheet and the staff notice, in Japanese and English, rendered by a real headless
# Chromium: printed to PDF (one page for the sheet, Japanese set in Noto Sans CJK) and screenshotted
# (not blank; Japanese glyphs drawn). Screenshots are kept in $BUILDDIR/test-artifacts/.
. "$(dirname "$0")/lib.sh"

CHROMIUM=$(command -v chromium || true)
[ -n "$CHROMIUM" ] || { fail "chromium is not installed (scripts/install-deps.sh test)"; finish; }
ART=${BUILDDIR:-$TMP}/test-artifacts
mkdir -p "$ART"
n=0
# chrome URL-OR-FILE --flag... : a fresh profile each time, no network, only file:// URLs
chrome() {
	local url=$1
	n=$((n + 1))
	shift
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync --disable-extensions \
		--user-data-dir="$TMP/profile.$n" "$@" "file://$url" > "$TMP/chrome.log" 2>&1
}

cfg=$TMP/kyuka.yaml
cat > "$cfg" <<'YAML'
organisation: 株式会社サンプル
holiday: 2026-12-27..2027-01-04
plan:
  procedure: {document: /srv/bcp/incident.md, reviewed: 2026-12-01}
  reporting: {phone: 03-1234-5678, mail: soc@example.jp, hours: 毎日 9:00-21:00, note: "<b>夜間</b> は携帯へ"}
  roles:
    - role: 意思決定者
      primary: {name: 山田 太郎, phone: 090-1234-5678, mail: yamada@example.jp, verified: 2026-12-01}
      backup: {name: "<script>alert(1)</script>", phone: "080-2345-6789\" onmouseover=\"x", mail: sato@example.jp}
  vendors:
    - name: 回線キャリア & Co
      holiday_hours: 12/29-1/3 休業
      contact: {phone: 0570-000-111}
      off_hours: none
      contract_id: K-99
YAML
chmod 600 "$cfg"
doc() { "$KYUKA" plan "$1" --config "$cfg" --now "$NOW" --lang "$2" "${@:3}"; }

echo "== HTML: every plan string escaped, the language set"
for lang in ja en; do
	doc sheet $lang --output "$TMP/sheet-$lang.html"
	doc notice $lang --output "$TMP/notice-$lang.html"
done
doc notice ja --format text > "$TMP/notice-ja.txt"
grep -q '<html lang="ja">' "$TMP/sheet-ja.html" && ok "lang=ja" || fail "lang attribute"
grep -q '<html lang="en">' "$TMP/notice-en.html" && ok "lang=en" || fail "lang attribute (en)"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$TMP/sheet-ja.html" && ok "script escaped" || fail "script not escaped"
grep -q '<script' "$TMP/sheet-ja.html" && fail "raw <script> in the sheet" || ok "no raw <script>"
grep -q 'onmouseover="x' "$TMP/sheet-ja.html" && fail "attribute injection" || ok "no attribute injection"
grep -q 'href="tel:080-2345-6789"' "$TMP/sheet-ja.html" && ok "tel: link keeps only digits" || fail "tel link"
grep -q '回線キャリア &amp; Co' "$TMP/sheet-ja.html" && ok "ampersand escaped" || fail "ampersand"
grep -q '&lt;b&gt;夜間&lt;/b&gt;' "$TMP/notice-ja.html" && ok "notice escapes the window note" || fail "notice note"
grep -q '緊急連絡先一覧' "$TMP/sheet-ja.html" && grep -q 'Incident contact sheet' "$TMP/sheet-en.html" && ok "sheet in both languages" \
	|| fail "sheet language"
grep -q '長期休暇の前後に職員の皆さんにお願いすること' "$TMP/notice-ja.html" && ok "notice in Japanese" || fail "notice not in Japanese"
[ "$(grep -c '<li>' "$TMP/notice-en.html")" = 6 ] && ok "six staff measures (ST-1..ST-6)" || fail "staff measures"
grep -q "03-1234-5678" "$TMP/notice-ja.txt" && grep -q "毎日 9:00-21:00" "$TMP/notice-ja.txt" && ok "text notice has the window" \
	|| fail "text notice"
grep -q $'\033' "$TMP/notice-ja.txt" && fail "escape byte in the text notice" || ok "text notice clean"

echo "== Chromium: PDF"
for f in sheet-ja sheet-en notice-ja; do
	chrome "$TMP/$f.html" --no-pdf-header-footer --print-to-pdf="$TMP/$f.pdf"
	[ "$(head -c 5 "$TMP/$f.pdf" 2>/dev/null)" = "%PDF-" ] && ok "$f.pdf printed" || fail "$f.pdf: $(tail -3 "$TMP/chrome.log")"
	cp "$TMP/$f.pdf" "$ART/" 2>/dev/null || true
done
pages() { $PY -c 'import re,sys; print(len(re.findall(rb"/Type\s*/Page[^s]", open(sys.argv[1],"rb").read())))' "$1"; }
[ "$(pages "$TMP/sheet-ja.pdf")" = 1 ] && ok "the sheet is one page" || fail "sheet has $(pages "$TMP/sheet-ja.pdf") pages"
grep -aq 'NotoSansCJK' "$TMP/sheet-ja.pdf" && ok "Japanese set in Noto Sans CJK" || fail "no CJK font in the PDF (fonts-noto-cjk)"
grep -aq 'NotoSansCJK' "$TMP/notice-ja.pdf" && ok "notice: CJK font" || fail "notice: no CJK font"

echo "== Chromium: screenshots, against a blank render"
shot() { chrome "$1" --window-size=1240,1754 --hide-scrollbars --screenshot="$2"; [ -s "$2" ] || fail "no screenshot $2: $(tail -3 "$TMP/chrome.log")"; }
sed 's|</style>|body { visibility: hidden; }</style>|' "$TMP/sheet-ja.html" > "$TMP/blank.html"
for f in sheet-ja notice-ja sheet-en blank; do shot "$TMP/$f.html" "$TMP/$f.png"; done
# Japanese glyphs: the organisation's name drawn large, against the same count of private-use
# characters (no font has them: empty boxes or nothing)
printf '<!DOCTYPE html><meta charset="utf-8"><body style="margin:0;font:64px sans-serif">株式会社サンプル</body>' > "$TMP/probe-ja.html"
printf '<!DOCTYPE html><meta charset="utf-8"><body style="margin:0;font:64px sans-serif">\xee\x80\x80\xee\x80\x80\xee\x80\x80\xee\x80\x80\xee\x80\x80\xee\x80\x80\xee\x80\x80\xee\x80\x80</body>' > "$TMP/probe-pua.html"
shot "$TMP/probe-ja.html" "$TMP/probe-ja.png"
shot "$TMP/probe-pua.html" "$TMP/probe-pua.png"
cp "$TMP"/sheet-ja.png "$TMP"/notice-ja.png "$TMP"/sheet-en.png "$TMP"/probe-ja.png "$ART/" 2>/dev/null || true
if $PY - "$TMP" <<'PYEOF'; then ok "screenshots: documents drawn, Japanese glyphs rendered"; else fail "screenshot check"; fi
import sys
from PIL import Image, ImageChops
d = sys.argv[1]
def dark(name, box=None):
    im = Image.open(f"{d}/{name}.png").convert("L")
    if box:
        im = im.crop(box)
    return sum(1 for p in im.getdata() if p < 128), im
blank_n, blank = dark("blank")
assert blank_n == 0, f"the blank render is not blank: {blank_n}"
for name in ("sheet-ja", "notice-ja", "sheet-en"):
    n, im = dark(name)
    assert n > 5000, f"{name}: only {n} dark pixels"
    assert ImageChops.difference(im, blank).getbbox() is not None, f"{name} looks blank"
# the title line of the Japanese sheet holds the organisation's name: more ink than the English one's start
ja_n, ja = dark("probe-ja", (0, 0, 700, 100))
pua_n, pua = dark("probe-pua", (0, 0, 700, 100))
assert ja_n > 3000, f"Japanese probe: only {ja_n} dark pixels"
assert ImageChops.difference(ja, pua).getbbox() is not None, "Japanese text renders like unknown glyphs"
# missing glyphs would be drawn as the same boxes as the private-use characters: most ink must differ
diff_n = sum(1 for p in ImageChops.difference(ja, pua).getdata() if p > 127)
assert diff_n > ja_n // 2, f"Japanese and unknown glyphs differ in only {diff_n} of {ja_n} pixels"
print(f"sheet/notice drawn; Japanese probe {ja_n} dark pixels vs {pua_n} for unknown glyphs")
PYEOF
finish
