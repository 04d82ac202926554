#!/bin/bash
# shadow-utils is the oracle for login.defs (issue 23): for the fixture roots' login.defs, the fixed
# cases of tests/data/oracle-logindefs-cases.txt and a seeded set of generated ones, the ageing that
# useradd --prefix writes for a new account (shadow's min, max, warn fields) must be what kyuka reads
# (tests/tools/logindefs_get: the values the PW checks use). useradd works on a scratch root only.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v useradd > /dev/null; then
	echo "skipped: needs root and useradd (passwd package) to create accounts in a scratch root"
	exit 77
fi
roots=()
for d in "$SRCDIR"/tests/roots/*/; do
	[ -f "$d/etc/login.defs" ] && roots+=("$d")
done
mkdir -p "$TMP/work"
st=0
"$PY" "$SRCDIR/tests/tools/oracle_logindefs.py" --tool "${BUILDDIR:?}/tests/logindefs_get" --work "$TMP/work" \
	--seed "${ORACLE_SEED:-23}" --count "${ORACLE_LOGINDEFS_COUNT:-150}" \
	--cases "$SRCDIR/tests/data/oracle-logindefs-cases.txt" "${roots[@]}" > "$TMP/oracle.txt" 2>&1 || st=$?
cat "$TMP/oracle.txt"
summary=$(tail -n 1 "$TMP/oracle.txt")
case "$summary" in
*" 0 disagreements") ok "useradd agrees: $summary" ;;
*) fail "useradd disagrees with kyuka (exit $st): $summary" ;;
esac
finish
