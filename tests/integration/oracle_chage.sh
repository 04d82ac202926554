#!/bin/bash
# chage is the oracle for /etc/shadow ageing (issue 23): for the fixture roots' shadow files, the
# fixed cases of tests/data/oracle-chage-cases.txt and a seeded set of generated ones (numbers with
# signs, white space, leading zeros, beyond int and beyond 2^32, trailing characters; 5 to 10
# fields), "chage -i -l -R ROOT USER" (glibc's getspnam inside ROOT) must show for every account
# what kyuka's shadow parser reads (tests/tools/shadow_ageing, turned into chage's seven lines).
# chage only reads; the cases live in a scratch root.
. "$(dirname "$0")/lib.sh"

if ! command -v chage > /dev/null; then
	fail "chage is missing: install passwd (scripts/install-deps.sh test)"
	finish
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: needs root (chage -R chroots into the case's root)"
	exit 77
fi
roots=()
for d in "$SRCDIR"/tests/roots/*/; do
	[ -f "$d/etc/shadow" ] && roots+=("$d")
done
mkdir -p "$TMP/work"
st=0
"$PY" "$SRCDIR/tests/tools/oracle_chage.py" --tool "${BUILDDIR:?}/tests/shadow_ageing" --work "$TMP/work" \
	--seed "${ORACLE_SEED:-23}" --count "${ORACLE_CHAGE_COUNT:-300}" \
	--cases "$SRCDIR/tests/data/oracle-chage-cases.txt" "${roots[@]}" > "$TMP/oracle.txt" 2>&1 || st=$?
cat "$TMP/oracle.txt"
summary=$(tail -n 1 "$TMP/oracle.txt")
case "$summary" in
*" 0 disagreements") ok "chage agrees: $summary" ;;
*) fail "chage disagrees with kyuka (exit $st): $summary" ;;
esac
finish
