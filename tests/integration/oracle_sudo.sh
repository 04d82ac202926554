#!/bin/bash
# sudo is the oracle (issue 23): for the fixture roots' sudoers and a seeded set of generated ones
# (aliases, groups, negations, Runas lists, NOPASSWD/PASSWD tags, Defaults !authenticate bound to
# users, groups, aliases and Runas), kyuka's grants per user (tests/tools/sudo_grants) must equal
# what sudo itself does: "sudo -l -U USER -u root /usr/bin/true" (may run any command as root) and
# USER running "sudo -n -u root /usr/bin/true" (without a password); visudo -c refusing a case must
# match kyuka counting lines it does not understand. The case's sudoers, passwd, group and shadow
# are bind-mounted over the real ones in a private mount namespace (unshare -m); nothing is
# installed. Needs sudo (scripts/install-deps.sh test), root and setpriv.
. "$(dirname "$0")/lib.sh"

if ! command -v sudo > /dev/null || ! command -v visudo > /dev/null; then
	fail "sudo is missing: install sudo (scripts/install-deps.sh test)"
	finish
fi
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2> /dev/null || ! command -v setpriv > /dev/null; then
	echo "skipped: needs root, setpriv and a mount namespace (unshare -m) to run sudo on the cases"
	exit 77
fi
roots=()
for d in "$SRCDIR"/tests/roots/*/; do
	[ -f "$d/etc/sudoers" ] || continue
	# inc-loop: sudoers.d files that include sudoers and the directory again. sudo follows the branching
	# loop level by level (it checks its depth only every 16 levels) and does not finish in minutes, so it
	# cannot answer; kyuka's include walk stops at the loop (tests/integration/includes.sh covers it).
	[ "$(basename "$d")" = inc-loop ] && continue
	roots+=("$(root "$(basename "$d")")")
done
mkdir -p "$TMP/work"
st=0
unshare -m "$PY" "$SRCDIR/tests/tools/oracle_sudo.py" --tool "${BUILDDIR:?}/tests/sudo_grants" --work "$TMP/work" \
	--seed "${ORACLE_SEED:-23}" --count "${ORACLE_SUDO_COUNT:-200}" \
	--cases "$SRCDIR/tests/data/oracle-sudo-cases.txt" "${roots[@]}" > "$TMP/oracle.txt" 2>&1 || st=$?
cat "$TMP/oracle.txt"
summary=$(tail -n 1 "$TMP/oracle.txt")
case "$summary" in
*" 0 disagreements") ok "sudo agrees: $summary" ;;
*) fail "sudo disagrees with kyuka (exit $st): $summary" ;;
esac
finish
