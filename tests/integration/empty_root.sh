#!/bin/bash
# No PASS without evidence (issue 14, section 1): every command that reads the host, run on a root
# that holds nothing (an empty directory) and on one that holds only Debian 12's /etc/os-release.
# Nothing there shows that a measure is met, so no check may PASS, every check of the phase must
# still report (SKIP, WARN, FAIL, ERROR or MANUAL, with a reason), and the binary must not crash.
# The exceptions are checks that decide from what the user gave (the configuration, --holiday):
# they may PASS, and their evidence must then name where it read that.
. "$(dirname "$0")/lib.sh"
export MKHASH="$BUILDDIR/tests/mkhash"

# Exceptions by check ID (none: every check SKIPs or warns on these roots, or names what it read).
OWNED_ELSEWHERE=""
OWNED_ELSEWHERE_NO_EVIDENCE=""

e=$TMP/empty
mkdir -p "$e"
o=$TMP/osrelease
mkdir -p "$o/etc"
# Debian 12's /etc/os-release (base-files), as shipped
cat > "$o/etc/os-release" <<'EOF'
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
EOF

# A realistic configuration (docs/config.md, docs/plan.md, docs/backup.md): the plan and backup checks
# decide from it, so they are the checks that may PASS here, naming this file.
cfg=$TMP/kyuka.yaml
cat > "$cfg" <<'EOF'
version: 1
organisation: Example Corp
accounts:
  dormant_days: 90
services:
  allow: [ssh, nginx]
plan:
  verify_days: 90
  procedure:
    document: /srv/bcp/incident.md
    reviewed: 2026-12-01
  reporting:
    phone: 03-1234-5678
    mail: soc@example.jp
    hours: 毎日 9:00-21:00
  roles:
    - role: 意思決定者
      primary: {name: 山田 太郎, phone: 090-1234-5678, mail: yamada@example.jp, verified: 2026-12-01}
      backup:  {name: 佐藤 花子, phone: 080-2345-6789, mail: sato@example.jp, verified: 2026-11-20}
  vendors:
    - name: Example Cloud
      holiday_hours: 24/7
      contact: {phone: 0120-123-456, mail: support@cloud.example.com}
      off_hours: {phone: "+1 202 555 0100"}
      contract_id: C-12345
      verified: 2026-12-02
alert:
  channel: syslog
  socket: /dev/log
backup:
  important: [/srv/data]
  jobs:
    - name: nightly
      kind: restic
      repository: /mnt/backup/restic
      password_file: /root/.restic-password
      paths: [/etc, /srv/data]
      offline: true
    - name: copy
      kind: directory
      repository: /backup/copy
      paths: [/etc]
EOF
# the same with the holiday in the file instead of on the command line
cfgh=$TMP/kyuka-holiday.yaml
{ echo "holiday: 2026-12-27..2027-01-04"; cat "$cfg"; } > "$cfgh"

"$KYUKA" checks --format json > "$TMP/checks.json"

# check_report REPORT PHASE SOURCES: every check of the phase reports; no PASS but the allowed ones.
# SOURCES: what a legitimate PASS must name ("--holiday", the configuration's path), "" for none.
cat > "$TMP/check.py" <<'PYEOF'
import json, sys
checks = json.load(open(sys.argv[1])) if sys.argv[1] != "-" else []  # "-": a command that runs a part of the checks
rep = json.load(open(sys.argv[2]))
phase, sources = sys.argv[3], [s for s in sys.argv[4].split("|") if s]
owned = set(sys.argv[5].split())
seen_owned = open(sys.argv[6], "a")
# Checks that decide from what the user gave, not from the host: with a configuration (or --holiday)
# they PASS on any root, and their evidence must name the file (or the option) it came from.
#  PLAN-0010       the holiday is set and ahead (holiday: in the config, or --holiday)
#  PLAN-0020..0070 the plan: section (roles, contacts, verification dates, vendors, reporting)
#  BAK-0010        the important paths are inside a backup job's paths (backup.jobs)
from_user = {"PLAN-0010", "PLAN-0020", "PLAN-0030", "PLAN-0040", "PLAN-0050", "PLAN-0060", "PLAN-0070", "BAK-0010"}
bad = []
ids = {f["check_id"] for f in rep["findings"]}
for c in checks:
    if phase in c["phase"].split(",") and c["id"] not in ids:
        bad.append("%s (%s) did not report" % (c["id"], c["phase"]))
for f in rep["findings"]:
    if f["status"] not in ("PASS", "FAIL", "WARN", "SKIP", "ERROR", "MANUAL"):
        bad.append("%s: unknown status %s" % (f["check_id"], f["status"]))
    if f["status"] != "PASS" and not f["evidence"].strip():
        bad.append("%s %s without a reason" % (f["check_id"], f["status"]))
    if f["status"] != "PASS":
        continue
    if f["check_id"] in owned:
        print(f["check_id"], file=seen_owned)
        continue
    if f["check_id"] in from_user and any(s in f["evidence"] for s in sources):
        continue
    bad.append("PASS %s %r: %r" % (f["check_id"], f["subject"], f["evidence"]))
for b in bad:
    print("  ", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PYEOF
: > "$TMP/owned-seen"
: > "$TMP/owned-seen-fixture"

# no_crash NAME: exit 0/1 (or what $2 allows), no sanitizer report on stderr
no_crash() {
	local allowed=${2:-"0 1"}
	case " $allowed " in
	*" $status "*) ;;
	*) fail "$1: exit $status: $(head -c 300 "$TMP/err.txt")"; return ;;
	esac
	if grep -qE 'Sanitizer|runtime error:|LeakSanitizer' "$TMP/err.txt"; then
		fail "$1: sanitizer report: $(head -5 "$TMP/err.txt")"
	fi
}

for r in "$e" "$o"; do
	rn=$(basename "$r")
	for phase in before after; do
		# with and without a holiday (on the command line, from the configuration), with and without a configuration
		for variant in plain holiday config config-holiday; do
			case $variant in
			plain) gargs=() args=() sources="" ;;
			holiday) gargs=() args=(--holiday 2026-12-27..2027-01-04) sources="(from --holiday)" ;;
			config) gargs=(--config "$cfg") args=() sources="$cfg" ;;
			config-holiday) gargs=(--config "$cfgh") args=() sources="$cfgh" ;;
			esac
			# --no-store, then a stored run: a second run must not PASS on what the first recorded
			for store in --no-store --db; do
				name="$rn --phase $phase $variant $store"
				status=0
				if [ "$store" = --no-store ]; then
					set -- --no-store --db "$TMP/none.db"
				else
					set -- --db "$TMP/store.db"
				fi
				"$KYUKA" "${gargs[@]}" audit --audience all "${args[@]}" --root "$r" --now "$NOW" "$@" --phase "$phase" \
					--format json > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
				no_crash "$name"
				if $PY "$TMP/check.py" "$TMP/checks.json" "$TMP/out.json" "$phase" "$sources" "$OWNED_ELSEWHERE" \
					"$TMP/owned-seen"; then
					ok "$name: every check reports, no PASS without evidence"
				else
					fail "$name: see above"
				fi
				validate_schema "$TMP/out.json"
			done
			# the terminal report and a stored run: the same verdicts, no crash
			status=0
			"$KYUKA" "${gargs[@]}" audit --audience all "${args[@]}" --root "$r" --now "$NOW" --db "$TMP/store.db" --phase "$phase" --lang en \
				--color never --verbose > "$TMP/out.txt" 2> "$TMP/err.txt" || status=$?
			no_crash "$name (terminal, stored)"
			n_json=$(jq '[.findings[] | select(.status == "PASS")] | length' "$TMP/out.json")
			n_txt=$(sed -n 's/^Summary: .*, \([0-9]*\) PASS$/\1/p' "$TMP/out.txt")
			[ "$n_json" = "$n_txt" ] && ok "$name: terminal shows the same $n_txt PASS" ||
				fail "$name: $n_json PASS in JSON, '$n_txt' in the terminal"
		done
	done
done

# Every check has run on an empty root in one phase or the other.
"$KYUKA" audit --audience all --root "$e" --now "$NOW" --no-store --db "$TMP/none.db" --phase before --format json > "$TMP/b.json" 2>/dev/null || true
"$KYUKA" audit --audience all --root "$e" --now "$NOW" --no-store --db "$TMP/none.db" --phase after --format json > "$TMP/a.json" 2>/dev/null || true
missing=$(jq -r -s '(.[0] | map(.id)) - ([.[1].findings[].check_id, .[2].findings[].check_id] | unique) | .[]' \
	"$TMP/checks.json" "$TMP/b.json" "$TMP/a.json")
[ -z "$missing" ] && ok "every check of kyuka checks ran on the empty root" || fail "never ran on the empty root: $missing"

# The cases of the issue in the areas fixed here, one by one (each PASSed on an empty root before).
audit_json "$e" --holiday 2026-12-27..2027-01-04
expect SKIP ACCT-0100 "" "none of the account files exists"
# no /etc/passwd: the account checks read nothing, they SKIP and say what to look at (was ERROR)
expect SKIP ACCT-0010 "" "is --root the root of a whole installed system?"
expect SKIP PW-0020 "" "cannot open '/etc/passwd'"
expect SKIP PW-0040 login.defs "/etc/login.defs is absent"
expect SKIP SVC-0040 "" "no crontab was read"
# account files that exist but are empty: no account was read, so nothing PASSes on "0 accounts"
z=$TMP/emptyfiles
mkdir -p "$z/etc"
for f in passwd group shadow gshadow; do : > "$z/etc/$f"; done
chmod 640 "$z/etc/shadow" "$z/etc/gshadow"
audit_json "$z" --only accounts,passwords
expect SKIP ACCT-0010 "" "/etc/passwd holds no accounts"
expect SKIP ACCT-0050 "" "/etc/passwd holds no accounts"
expect SKIP PW-0020 "" "/etc/passwd holds no accounts"
expect_none PASS ACCT-0010
expect_none PASS ACCT-0080
expect_none PASS PW-0020
audit_json "$e" --config "$cfg" --holiday 2026-12-27..2027-01-04
expect SKIP BAK-0040 nightly "is not in the root"
expect PASS PLAN-0020 意思決定者 "$cfg:"
audit_json "$e" --holiday 2026-12-27..2027-01-04
expect PASS PLAN-0010 holiday "(from --holiday), starts in 7 day(s)"

# The other read commands on the empty root: a clear message or a report without PASS, no crash.
for r in "$e" "$o"; do
	rn=$(basename "$r")
	status=0
	"$KYUKA" ports --root "$r" --now "$NOW" > "$TMP/out.txt" 2> "$TMP/err.txt" || status=$?
	no_crash "$rn ports" "0 3"
	grep -q "/proc/net/tcp" "$TMP/err.txt" && ok "$rn ports: names /proc/net/tcp" || fail "$rn ports: $(cat "$TMP/err.txt")"

	status=0
	"$KYUKA" backup list --root "$r" --now "$NOW" --db "$TMP/none.db" > "$TMP/out.txt" 2> "$TMP/err.txt" || status=$?
	no_crash "$rn backup list"
	grep -q "no backup jobs are configured" "$TMP/out.txt" && ok "$rn backup list: no jobs" ||
		fail "$rn backup list: $(cat "$TMP/out.txt" "$TMP/err.txt")"
	status=0
	"$KYUKA" --config "$cfg" backup list --root "$r" --now "$NOW" --db "$TMP/none.db" > "$TMP/out.txt" 2> "$TMP/err.txt" || status=$?
	no_crash "$rn backup list (jobs)" "0 1 3"
	grep -q "cannot open '/mnt/backup/restic'" "$TMP/out.txt" && ok "$rn backup list: names the missing repository" ||
		fail "$rn backup list (jobs): $(cat "$TMP/out.txt" "$TMP/err.txt")"

	status=0
	"$KYUKA" plan --root "$r" --now "$NOW" --db "$TMP/none.db" > "$TMP/out.txt" 2> "$TMP/err.txt" || status=$?
	no_crash "$rn plan"
	grep -q "no plan: section" "$TMP/out.txt" && ok "$rn plan: no plan" || fail "$rn plan: $(cat "$TMP/out.txt")"

	status=0
	"$KYUKA" vulns --root "$r" --now "$NOW" --db "$TMP/none.db" > "$TMP/out.txt" 2> "$TMP/err.txt" || status=$?
	no_crash "$rn vulns" "0 1 3"
	if [ "$status" = 3 ] && grep -qE "Debian release|/var/lib/dpkg/status" "$TMP/err.txt"; then
		ok "$rn vulns: says what is missing"
	else
		fail "$rn vulns: exit $status: $(cat "$TMP/out.txt" "$TMP/err.txt" | head -5)"
	fi

	for cmd in "logs" "logs --holiday 2026-12-27..2027-01-04" "passwords audit"; do
			status=0
			# shellcheck disable=SC2086
			"$KYUKA" $cmd --root "$r" --now "$NOW" --no-store --db "$TMP/none.db" --format json \
				> "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
			no_crash "$rn $cmd"
			if $PY "$TMP/check.py" - "$TMP/out.json" "" "" "$OWNED_ELSEWHERE" "$TMP/owned-seen"; then
				ok "$rn $cmd: no PASS without evidence"
			else
				fail "$rn $cmd: see above"
			fi
	done
done

# On the fixture roots where checks do PASS, each PASS says what it read: a path, a count or the
# command whose output it read (PKG-0010/0020: apt-get -s dist-upgrade).
for s in good mon-good pkg-bookworm pw-good; do
	g=$(root "$s")
	for phase in before after; do
		audit_json "$g" --config "$cfgh" --phase "$phase"
		if $PY - "$TMP/out.json" "$OWNED_ELSEWHERE_NO_EVIDENCE" "$TMP/owned-seen-fixture" <<'PYEOF'; then ok "$s $phase: PASS evidence names what was read"; else fail "$s $phase: PASS without evidence"; fi
import json, re, sys
rep = json.load(open(sys.argv[1]))
owned = set(sys.argv[2].split())
seen = open(sys.argv[3], "a")
bad = []
for f in rep["findings"]:
    if f["status"] != "PASS" or re.search(r"[/0-9]|apt-get", f["evidence"]):
        continue
    if f["check_id"] in owned:
        print(f["check_id"], file=seen)
    else:
        bad.append((f["check_id"], f["subject"], f["evidence"]))
for b in bad:
    print("   PASS", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PYEOF
	done
done

finish
