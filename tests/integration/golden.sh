#!/bin/bash
# The whole report for the bad fixture root, terminal and JSON, compared byte for byte
# (the temporary root path is replaced by ROOT). KYUKA_UPDATE_GOLDEN=1 rewrites the files.
. "$(dirname "$0")/lib.sh"

r=$(root bad)
for fmt in terminal json; do
	ext=$([ "$fmt" = json ] && echo json || echo txt)
	want="$SRCDIR/tests/golden/audit-bad.$ext"
	"$KYUKA" audit --root "$r" --now "$NOW" --no-store --db "$TMP/none.db" --lang en --color never --format "$fmt" \
		| sed "s#$r#ROOT#g" > "$TMP/got.$ext" || true
	if [ "${KYUKA_UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$TMP/got.$ext" "$want"
		ok "updated $want"
	elif diff -u "$want" "$TMP/got.$ext" > "$TMP/diff"; then
		ok "$fmt matches"
	else
		head -40 "$TMP/diff" >&2
		fail "$fmt report differs from $want"
	fi
done
# colour only when asked (or on a TTY): the golden run has none, --color always has SGR codes only
"$KYUKA" audit --root "$r" --now "$NOW" --no-store --lang en --color always > "$TMP/col.txt" || true
grep -q $'\033\[' "$TMP/col.txt" && ok "colour on request" || fail "no colour with --color always"
grep -q $'\033\[31m' "$TMP/got.txt" && fail "colour without a TTY" || ok "no colour in a pipe"
# the user name with an escape sequence is shown escaped, never raw
grep -q 'evil\\x1b\[31m' "$TMP/col.txt" && ok "hostile name escaped" || fail "hostile name not escaped"
[ "$(grep -c $'\033\]0;' "$TMP/col.txt")" = 0 ] && ok "no OSC from GECOS" || fail "raw OSC sequence in output"
finish
