#!/bin/bash
# kyuka passwords audit and check on fixture roots whose /etc/shadow is made in the test through
# libxcrypt (tests/tools/mkhash.c, cheap costs): every scheme, weak passwords found, strong ones not,
# and no password and no hash in any output (terminal, JSON, the store).
. "$(dirname "$0")/lib.sh"
: "${BUILDDIR:?}"
export MKHASH="$BUILDDIR/tests/mkhash"
pw() { status=0; "$KYUKA" passwords "$@" > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?; }
# every secret of the fixtures (passwords of 6 characters or more) and every hash field
secrets=('Alice2026!' 'Winter2026!' 'sakura' 'P@ssw0rd' 'tanaka1' 'tV9#qLr2!mZx' 'Zq8!vR2k'
	'correct horse battery staple 42' 'ExampleCorp1' 'purple-monkey-dishwasher' 'Kq3 plum orbit 88 lantern')
all="$TMP/all-output"
: > "$all"
keep() { cat "$TMP/out.json" "$TMP/err.txt" >> "$all"; }

echo "== weak: every scheme, guessed or not"
w=$(root pw-weak)
snap() { (cd "$1" && find . -printf '%p %m %U %G %s %T@\n' | sort && find . -type f -exec sha256sum {} + | sort); }
snap "$w" > "$TMP/before.txt"
pw audit --root "$w" --now "$NOW" --no-store --format json --budget 120s --threads 2
keep
expect_status 1
validate_schema "$TMP/out.json"
expect FAIL PW-0010 root "yescrypt"
expect FAIL PW-0010 alice "yescrypt"
expect FAIL PW-0010 bob "gost-yescrypt"
expect FAIL PW-0010 carol "sha512crypt"
expect FAIL PW-0010 dave "sha256crypt"
expect FAIL PW-0010 erin "bcrypt"
$PY - "$TMP/out.json" <<'PYEOF' && ok "root's weak password is critical" || fail "root's finding is not critical"
import json, sys
f = [f for f in json.load(open(sys.argv[1]))["findings"] if f["check_id"] == "PW-0010" and f["subject"] == "root"]
sys.exit(0 if f and f[0]["severity"] == "critical" else 1)
PYEOF
for u in frank gina hiro ivan judy; do expect PASS PW-0010 "$u" "guesses"; done
expect_none FAIL PW-0010 kim
expect_none PASS PW-0010 kim
expect_none FAIL PW-0010 daemon
expect FAIL PW-0020 carol "1000 rounds"
expect WARN PW-0020 dave "legacy"
expect WARN PW-0020 erin "cost 4"
expect FAIL PW-0020 frank "md5crypt"
expect FAIL PW-0020 judy "md5crypt"
expect FAIL PW-0020 gina "des hash"
expect FAIL PW-0020 ivan "1000 rounds"
expect_none FAIL PW-0020 hiro
expect_none WARN PW-0020 alice
expect FAIL PW-0030 common-password "neither pam_pwquality nor pam_cracklib"
expect WARN PW-0040 PASS_MAX_DAYS "PASS_MAX_DAYS 7"
expect WARN PW-0040 PASS_MIN_DAYS "PASS_MIN_DAYS 10"
expect WARN PW-0040 PASS_WARN_AGE "PASS_WARN_AGE 0"
expect FAIL PW-0050 chpasswd "des"
expect PASS PW-0050 passwd "sha512crypt"

echo "== site words from the config, a wordlist; the terminal report and the store"
printf 'version: 1\norganisation: Example Corp\n' > "$TMP/k.yaml"
chmod 600 "$TMP/k.yaml"
printf '#!comment: a john-style list\nnot-it\r\npurple-monkey-dishwasher\r\n' > "$TMP/words.lst"
"$KYUKA" passwords audit --root "$w" --now "$NOW" --db "$TMP/k.db" --color always --verbose --config "$TMP/k.yaml" \
	--wordlist "$TMP/words.lst" > "$TMP/term.txt" 2>&1 || true
cat "$TMP/term.txt" >> "$all"
"$KYUKA" runs show 1 --db "$TMP/k.db" >> "$all" 2>&1 || true
sqlite3 "$TMP/k.db" .dump >> "$all" || fail "cannot dump the database"
for u in ivan judy alice; do
	[ "$(sqlite3 "$TMP/k.db" "select status from findings where check_id='PW-0010' and subject='$u'")" = FAIL ] \
		&& ok "stored: $u guessed" || fail "store: no FAIL PW-0010 for $u"
done
[ "$(sqlite3 "$TMP/k.db" "select status from findings where check_id='PW-0010' and subject='hiro'")" = PASS ] \
	&& ok "stored: hiro not guessed" || fail "store: hiro"
grep -q 'PW-0010 \[' "$TMP/term.txt" && fail "progress bar without a terminal" || ok "no progress bar in a pipe"
pw audit --root "$w" --now "$NOW" --no-store --format json --wordlist /nonexistent/list
expect_status 1
expect ERROR PW-0010 "" "/nonexistent/list"

echo "== the budget: an expensive hash is cut off, never passed"
s=$(root pw-good)
echo "slow:x:1001:1001::/home/slow:/bin/bash" >> "$s/etc/passwd"
echo "slow:$("$MKHASH" yescrypt 'Kq3 plum orbit 88 lantern' 5):20000:0:99999:7:::" >> "$s/etc/shadow"
pw audit --root "$s" --now "$NOW" --no-store --format json --budget 1s
keep
expect SKIP PW-0010 slow "ran out"
expect_none PASS PW-0010 slow
script -qec "$KYUKA passwords audit --root $s --now $NOW --no-store --budget 2s --lang en" /dev/null > "$TMP/tty.txt" 2>&1 || true
cat "$TMP/tty.txt" >> "$all"
grep -q 'PW-0010 \[#' "$TMP/tty.txt" && ok "progress bar on a terminal" || fail "no progress bar on a terminal"

echo "== good: a strong password and a sound policy"
g=$(root pw-good)
pw audit --root "$g" --now "$NOW" --no-store --format json
keep
expect_status 0
only_statuses "PASS"
expect PASS PW-0010 alice "guesses"
expect PASS PW-0030 common-password "minlen 12, minclass 2, dictcheck on"
expect PASS PW-0040 login.defs "PASS_MAX_DAYS 99999"
expect PASS PW-0050 passwd "yescrypt"

echo "== lax policy"
l=$(root pw-lax)
pw audit --root "$l" --now "$NOW" --no-store --format json
expect FAIL PW-0030 common-password "optional"
expect FAIL PW-0030 minlen "minlen 6"
expect WARN PW-0030 dictcheck "dictcheck = 0"
expect WARN PW-0030 pwquality "unknown setting 'minlenn=9'"

echo "== kyuka audit: guessing only when configured"
audit_json "$w"
keep
expect SKIP PW-0010 "" "kyuka passwords audit"
expect FAIL PW-0020 frank
printf 'version: 1\npasswords:\n  audit_budget: 60\n' > "$TMP/a.yaml"
chmod 600 "$TMP/a.yaml"
audit_json "$g" --only PW-0010 --config "$TMP/a.yaml"
keep
expect PASS PW-0010 alice "guesses"

echo "== not root: SKIP, never PASS"
status=0
setpriv --reuid=65534 --regid=65534 --clear-groups "$KYUKA" passwords audit --root "$g" --now "$NOW" --no-store \
	--format json > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
expect SKIP PW-0010 "" "run kyuka as root"
expect_none PASS PW-0010

echo "== passwords check"
chk() { status=0; printf '%s\n' "$1" | "$KYUKA" passwords check --root "$w" --lang en "${@:2}" > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?; keep; }
chk 'Winter2026!' --user bob
expect_status 1
grep -q "WEAK" "$TMP/out.json" && ok "a season and year is weak" || fail "Winter2026! not weak"
chk 'Alice2026!' --user alice
expect_status 1
grep -q "your user name or your name" "$TMP/out.json" && ok "name-based" || fail "Alice2026! not name-based"
chk 'sakura123!' --user hiro
expect_status 1
grep -q "digits or symbols added" "$TMP/out.json" && ok "common word with digits" || fail "sakura123! not common"
chk 'abc' --user hiro
expect_status 1
grep -q "too short" "$TMP/out.json" && ok "libpwquality: too short" || fail "abc not too short: $(cat "$TMP/out.json")"
chk 'Kq3 plum orbit 88 lantern' --user hiro
expect_status 0
grep -q "Result: OK" "$TMP/out.json" && ok "a long passphrase is fine" || fail "passphrase refused: $(cat "$TMP/out.json")"
chk 'Winter2026!' --user bob --lang ja
expect_status 1
(sleep 1; printf 'Winter2026!\n') | script -qec "$KYUKA passwords check --root $w --user bob --lang en" /dev/null \
	> "$TMP/tty.txt" 2>&1 || true
cat "$TMP/tty.txt" >> "$all"
grep -q "Password (not shown)" "$TMP/tty.txt" && grep -q "WEAK" "$TMP/tty.txt" && ok "reads from the terminal" \
	|| fail "no prompt or verdict on a terminal: $(cat "$TMP/tty.txt")"

echo "== read-only: the audited root is unchanged"
snap "$w" > "$TMP/after.txt"
cmp -s "$TMP/before.txt" "$TMP/after.txt" && ok "nothing under the root changed" || fail "the root changed: $(diff "$TMP/before.txt" "$TMP/after.txt" | head -5)"

echo "== no password and no hash in any output"
leak=0
for s in "${secrets[@]}"; do
	if grep -qF -- "$s" "$all"; then echo "  leaked password: $s" >&2; leak=1; fi
done
for f in "$w/etc/shadow" "$g/etc/shadow"; do
	while IFS=: read -r name hash rest; do
		h=${hash#!}
		[ ${#h} -gt 3 ] || continue
		parts=("$h")
		[ ${#h} -gt 30 ] && parts+=("${h: -22}")	# the checksum alone
		for part in "${parts[@]}"; do
			if grep -qF -- "$part" "$all"; then
				echo "  leaked hash of $name: $(grep -F -- "$part" "$all" | head -2)" >&2
				leak=1
			fi
		done
	done < "$f"
done
[ "$leak" -eq 0 ] && ok "no password or hash in $(wc -c < "$all") bytes of output" || fail "a secret reached the output"
finish
