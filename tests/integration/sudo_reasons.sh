#!/bin/bash
# Issue 24: an account that many sudoers rules name costs a few reasons, not the rules. ACCT-0080
# shows an account's first 5 reasons and counts the rest ("and N more"); an account with 5 or fewer
# keeps them all. A rule for ALL gives every account the same grant (one list shared, not copied):
# SUDO-0010 still names each account once per such rule.
source "$(dirname "$0")/lib.sh"

r=$(root good)
audit_json "$r" --only ACCT-0080,SUDO-0010
why() { # USER -> the reasons of ACCT-0080 for USER, one a line ("; last login" and after cut off)
	jq -r --arg u "$1" '.findings[] | select(.check_id == "ACCT-0080" and .subject == $u) | .evidence' "$TMP/out.json" |
		sed 's/; last login .*//' | sed 's/; /\n/g'
}
before=$(why alice | wc -l)
[ "$before" -ge 1 ] && [ "$before" -le 5 ] && ! why alice | grep -q 'more$' &&
	ok "alice: $before reason(s), all shown" || fail "alice before: $(why alice | tr '\n' '|')"

# 9 more rules for alice (and one for ALL: two accounts with a grant, one shared list)
{
	for i in 1 2 3 4 5 6 7 8 9; do echo "alice ALL=(root) /usr/bin/true $i"; done
	echo "ALL ALL=(root) NOPASSWD: ALL"
} > "$r/etc/sudoers.d/many"
chmod 440 "$r/etc/sudoers.d/many"
audit_json "$r" --only ACCT-0080,SUDO-0010
total=$((before + 10))
shown=$(why alice | grep -vc '^and [0-9]* more$' || true)
last=$(why alice | tail -1)
[ "$shown" = 5 ] && [ "$last" = "and $((total - 5)) more" ] &&
	ok "alice: 5 of $total reasons shown, then '$last'" ||
	fail "alice after: $shown shown, last '$last' (want 5 and 'and $((total - 5)) more')"
why alice | head -1 | grep -qx 'group sudo' && ok "the first reasons stay first" || fail "first reason: $(why alice | head -1)"
# SUDO-0010: the ALL rule names every account of /etc/passwd once
n_pw=$(grep -c . "$r/etc/passwd")
n_all=$(jq '[.findings[] | select(.check_id == "SUDO-0010" and (.evidence | test("many:10: .*rule for ALL")))] | length' "$TMP/out.json")
n_subj=$(jq '[.findings[] | select(.check_id == "SUDO-0010" and (.evidence | test("many:10: .*rule for ALL"))) | .subject] | unique | length' "$TMP/out.json")
[ "$n_all" = "$n_pw" ] && [ "$n_subj" = "$n_pw" ] && ok "rule for ALL: $n_all accounts, each once" ||
	fail "rule for ALL: $n_all findings, $n_subj accounts, want $n_pw"
finish
