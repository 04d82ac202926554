#!/bin/bash
# Japanese and English: --lang, the locale's default, and every check translated.
. "$(dirname "$0")/lib.sh"

b=$(root bad)
a() { "$KYUKA" audit --root "$b" --now "$NOW" --no-store --color never "$@" > "$TMP/out.txt" 2>&1 || true; }
has() { if grep -qF -- "$1" "$TMP/out.txt"; then ok "has '$1'"; else fail "missing '$1'"; fi; }
hasnt() { if grep -qF -- "$1" "$TMP/out.txt"; then fail "unexpected '$1'"; else ok "no '$1'"; fi; }

a --lang ja
has "アクセス制御に関する対策"
has "UID 0 は root のみであること"
hasnt "Only root has UID 0"
a --lang en
has "Access control"
hasnt "アクセス制御"
# the locale decides when --lang is absent; the ja_JP locale need not be generated on the host
LANG=ja_JP.UTF-8 LC_ALL= LANGUAGE= a
has "アクセス制御に関する対策"
LANG=C LC_ALL= LANGUAGE= a
has "Access control"
LANG=C.UTF-8 LC_ALL= LANGUAGE= "$KYUKA" --lang ja explain MFA-0010 > "$TMP/out.txt"
has "多要素"
# every title, explanation and remedy has a Japanese text
"$KYUKA" checks --format json --lang en > "$TMP/en.json"
"$KYUKA" checks --format json --lang ja > "$TMP/ja.json"
if $PY - "$TMP/en.json" "$TMP/ja.json" <<'PYEOF'; then ok "every check title translated"; else fail "untranslated titles"; fi
import json, sys
en = {c["id"]: c["title"] for c in json.load(open(sys.argv[1]))}
ja = {c["id"]: c["title"] for c in json.load(open(sys.argv[2]))}
same = [i for i in en if en[i] == ja[i]]
print("untranslated:", same, file=sys.stderr) if same else None
sys.exit(1 if same else 0)
PYEOF
# the catalogue itself is complete
if msgfmt --check --statistics -o /dev/null "$SRCDIR/po/ja.po" 2>&1 | grep -q untranslated; then
	fail "po/ja.po has untranslated messages (scripts/update-po.sh)"
else
	ok "po/ja.po complete"
fi
# ... and holds every message of the source as it is now (a message changed in the source and not
# merged leaves the old one translated and the new one in English: scripts/update-po.sh merges)
(cd "$SRCDIR" && find src -name '*.c' | sort > "$TMP/POTFILES" &&
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
		--keyword=err_set:3 --keyword=err_prefix:2 --keyword=cfg_err:3 --keyword=cfg_errc:4 \
		-f "$TMP/POTFILES" -o "$TMP/now.pot")
if msgcmp "$SRCDIR/po/ja.po" "$TMP/now.pot" 2> "$TMP/msgcmp.txt"; then
	ok "po/ja.po translates every message of the source"
else
	head -5 "$TMP/msgcmp.txt" >&2
	fail "po/ja.po lacks messages of the source (scripts/update-po.sh, then translate)"
fi
# JSON keeps stable English keys and headings for machines, translated titles for people
"$KYUKA" audit --root "$b" --now "$NOW" --no-store --format json --lang ja > "$TMP/j.json" || true
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); f=[x for x in d["findings"] if x["check_id"]=="ACCT-0010"][0]; assert f["heading"]=="Access control" and f["title"]!="Only root has UID 0"' "$TMP/j.json" \
	&& ok "json heading stable, title translated" || fail "json i18n"
finish
