#!/bin/bash
# Include walks of sshd, sudoers and PAM (issue 14): loops and many drop-ins do not crash the audit,
# includes are followed as deep as each program reads them, and what could not be read keeps the
# main checks (SSH-0010, SUDO-0010, SUDO-0020, MFA-*) from PASS.
. "$(dirname "$0")/lib.sh"

# no_pass CHECK...: the checks named have no PASS finding
no_pass() {
	local c
	for c in "$@"; do expect_none PASS "$c"; done
}

echo "== inc-loop (sshd_config included back from a drop-in, the glob again, eight plain drop-ins)"
r=$(root inc-loop)
audit_json "$r" --only ssh,sudo,mfa
# a crash (exit 139 before the fix) or a sanitizer report is not a verdict
if [ "$status" -eq 0 ] || [ "$status" -eq 1 ]; then ok "audit finished (exit $status)"; else fail "exit $status: $(head -c 600 "$TMP/err.txt")"; fi
validate_schema "$TMP/out.json"
expect WARN SSH-0050 sshd_config "include loop: '/etc/ssh/sshd_config' includes itself through '/etc/ssh/sshd_config.d/10-back.conf'"
expect WARN SSH-0050 sshd_config "include loop: '/etc/ssh/sshd_config.d/20-again.conf' includes itself"
expect WARN SSH-0010 PermitRootLogin "could not be read completely"
expect WARN MFA-0010 sshd "could not be read completely"
expect FAIL SUDO-0010 alice "/etc/sudoers.d/ops:1"
# ops is read twice (from sudoers and from 'again'): one finding, not two
n=$(jq '[.findings[] | select(.check_id == "SUDO-0010" and .subject == "alice")] | length' "$TMP/out.json")
[ "$n" = 1 ] && ok "one SUDO-0010 finding for alice" || fail "$n SUDO-0010 findings for alice"
audit_json "$r" --only ACCT-0080
n=$(jq -r '.findings[] | select(.check_id == "ACCT-0080" and .subject == "alice") | .evidence' "$TMP/out.json" | grep -o 'sudoers.d/ops:1' | wc -l)
[ "$n" = 1 ] && ok "alice's grant listed once in ACCT-0080" || fail "alice's grant listed $n times in ACCT-0080"
audit_json "$r" --only ssh,sudo,mfa
expect WARN SUDO-0040 sudoers "include loop: '/etc/sudoers' includes itself through '/etc/sudoers.d/again'"
expect WARN SUDO-0040 sudoers "include loop: '/etc/sudoers.d/again' includes itself"
expect WARN SUDO-0020 sudoers "sudoers could not be read completely"
expect WARN MFA-0020 sudo "include loop: '/etc/pam.d/sudo'"
no_pass SSH-0010 MFA-0010 SUDO-0010 SUDO-0020 MFA-0020
# every plain drop-in was read once at least (their permissions are reviewed)
n=$(jq '[.findings[] | select(.check_id == "SSH-0050")] | length' "$TMP/out.json")
[ "$n" -le 32 ] && ok "$n SSH-0050 messages (capped)" || fail "$n SSH-0050 messages"

echo "== inc-deep (a chain as deep as each program reads: sshd 16, sudo 144, PAM 15)"
r=$(root inc-deep)
audit_json "$r" --only ssh,sudo,mfa
expect_status 1
expect FAIL SSH-0010 PermitRootLogin "/etc/ssh/deep/d10.conf:2"
# d10's global PermitRootLogin yes comes first and wins for every connection (sshd -T agrees): the
# Match User carol block at depth 16 was read (or SSH-0050 would warn) and changes nothing for root
n=$(jq '[.findings[] | select(.check_id == "SSH-0010" and .status == "FAIL")] | length' "$TMP/out.json")
[ "$n" = 1 ] && ok "one SSH-0010 FAIL, the line that decides" || fail "$n SSH-0010 FAILs"
expect FAIL SUDO-0010 bob "/etc/sudoers.deep/s10:2"
expect FAIL SUDO-0010 carol "/etc/sudoers.deep/s144:1"
expect PASS MFA-0020 sudo "pam_u2f.so (/etc/pam.d/p15:1)"
expect_none WARN SSH-0050
expect_none WARN SUDO-0040
expect_none WARN SUDO-0010
expect_none WARN SSH-0010

echo "== inc-toodeep (one level deeper: not read, and nothing PASSes on the rest)"
r=$(root inc-toodeep)
audit_json "$r" --only ssh,sudo,mfa
expect WARN SSH-0050 sshd_config "includes nested deeper than 16 at '/etc/ssh/deep/d17.conf' (the limit of sshd)"
expect WARN SSH-0010 PermitRootLogin "could not be read completely (see SSH-0050)"
expect WARN SUDO-0040 sudoers "includes nested deeper than 144 at '/etc/sudoers.deep/s145' (the limit of sudo)"
expect WARN SUDO-0010 sudoers "sudoers could not be read completely (see SUDO-0040)"
expect WARN MFA-0020 sudo "includes nested deeper than 15 at '/etc/pam.d/p16' (the limit of PAM)"
no_pass SSH-0010 SUDO-0010 SUDO-0020 MFA-0020
# nothing read sets PasswordAuthentication: OpenSSH's default is no verdict when the rest is unread
expect WARN MFA-0010 sshd "could not be read completely"
expect_none FAIL MFA-0010
expect PASS SSH-0040 "" "no authorized_keys file in the home directories of 5 account(s)"
# the remedy of an incomplete review says what to fix first, not the setting
jq -e '[.findings[] | select(.check_id == "SUDO-0010" and .status == "WARN")][0].remedy | test("SUDO-0040")' \
	"$TMP/out.json" >/dev/null && ok "remedy names SUDO-0040" || fail "SUDO-0010 remedy does not name SUDO-0040"

finish
