#!/bin/bash
# Linux-PAM is the oracle for the MFA checks (issue 23): for the sshd, sudo and login stacks of the
# fixture roots, the fixed cases of tests/data/oracle-pam-cases.txt and a seeded set of generated
# stacks (include, @include, substack; required, requisite, sufficient, optional and [value=action]
# controls with jumps, reset, done and die; pam_unix, pam_deny, pam_permit and second-factor modules),
# kyuka's "this stack asks for a second factor" (tests/tools/pam_mfa: pam_find_mfa, MFA-0010/0020/0030)
# must be what pamtester finds with the second-factor module replaced by a stand-in: authentication
# with the right password fails while the stand-in fails, and succeeds while it succeeds. The stacks,
# passwd and shadow (a test user with a known password) are bound over the real ones in a private
# mount namespace (unshare -m). Needs pamtester (scripts/install-deps.sh test) and root.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2> /dev/null; then
	echo "skipped: needs root and a mount namespace (unshare -m) to bind the stacks over /etc/pam.d"
	exit 77
fi
if ! command -v pamtester > /dev/null; then
	echo "skipped: pamtester is missing (scripts/install-deps.sh test installs it)"
	exit 77
fi
roots=()
for d in "$SRCDIR"/tests/roots/*/; do
	[ -d "$d/etc/pam.d" ] && roots+=("$d")
done
mkdir -p "$TMP/work"
st=0
unshare -m "$PY" "$SRCDIR/tests/tools/oracle_pam.py" --tool "${BUILDDIR:?}/tests/pam_mfa" \
	--mkhash "$BUILDDIR/tests/mkhash" --work "$TMP/work" \
	--seed "${ORACLE_SEED:-23}" --count "${ORACLE_PAM_COUNT:-300}" \
	--cases "$SRCDIR/tests/data/oracle-pam-cases.txt" "${roots[@]}" > "$TMP/oracle.txt" 2>&1 || st=$?
cat "$TMP/oracle.txt"
summary=$(tail -n 1 "$TMP/oracle.txt")
case "$summary" in
*" 0 disagreements") ok "pamtester agrees: $summary" ;;
*) fail "pamtester disagrees with kyuka (exit $st): $summary" ;;
esac
finish
