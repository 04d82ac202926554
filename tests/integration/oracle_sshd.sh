#!/bin/bash
# sshd is the oracle (issue 23): for every fixture root with an sshd_config, the fixed cases of
# tests/data/oracle-sshd-cases.txt and a seeded set of generated configurations (global and Match
# blocks of every criterion, Include before/after/inside Match, case, '=' forms, quotes), kyuka's
# per-connection settings (tests/tools/sshd_conn) must equal what "sshd -T -C" prints, and a
# configuration sshd refuses must be one kyuka says it refuses. Needs openssh-server (installed by
# scripts/install-deps.sh test), root and a mount namespace: the case's /etc/ssh, passwd and group
# are bind-mounted over the real ones in a private namespace (unshare -m); nothing is installed.
# ORACLE_SEED and ORACLE_COUNT change the generated set (docs/oracles.md).
. "$(dirname "$0")/lib.sh"

SSHD=/usr/sbin/sshd
if [ ! -x "$SSHD" ]; then
	fail "$SSHD is missing: install openssh-server (scripts/install-deps.sh test)"
	finish
fi
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2> /dev/null; then
	echo "skipped: needs root and a mount namespace (unshare -m) to run sshd -T on the cases"
	exit 77
fi
TOOL="${BUILDDIR:?}/tests/sshd_conn"
ssh-keygen -q -t ed25519 -N '' -C oracle -f "$TMP/hostkey"
mkdir -p "$TMP/work" /run/sshd

roots=()
for d in "$SRCDIR"/tests/roots/*/; do
	[ -f "$d/etc/ssh/sshd_config" ] || continue
	n=$(basename "$d")
	roots+=("$(root "$n")")
done

st=0
unshare -m "$PY" "$SRCDIR/tests/tools/oracle_sshd.py" --tool "$TOOL" --work "$TMP/work" \
	--hostkey "$TMP/hostkey" --seed "${ORACLE_SEED:-23}" --count "${ORACLE_COUNT:-400}" \
	--cases "$SRCDIR/tests/data/oracle-sshd-cases.txt" "${roots[@]}" > "$TMP/oracle.txt" 2>&1 || st=$?
cat "$TMP/oracle.txt"
summary=$(tail -n 1 "$TMP/oracle.txt")
case "$summary" in
*" 0 disagreements") ok "sshd -T agrees: $summary" ;;
*) fail "sshd -T disagrees with kyuka (exit $st): $summary" ;;
esac
grep -q "connections compared" <<< "$summary" && [ "$(sed -E 's/.* ([0-9]+) connections compared.*/\1/' <<< "$summary")" -gt 1000 ] ||
	fail "too few connections compared: $summary"
finish
