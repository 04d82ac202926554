#!/bin/bash
# No vulnerability verdict without feeds that cover the host (issue 14): VULN-0010/0030 SKIP
# without feeds for the release and name what they compared when they PASS; kyuka vulns without
# feeds is an error (exit 3); VULN-0020 and feeds status count a feed's age from its newest
# entry; VULN-0030 waits for the holiday and for feeds that reach into it; feeds status and
# vulns work on a read-only file system. Real data from ../shared/data.
. "$(dirname "$0")/lib.sh"
DATA=$SRCDIR/../shared/data
DSA=$DATA/debian-security/DSA.list DLA=$DATA/debian-security/DLA.list
KEV=$DATA/cisa-kev/known_exploited_vulnerabilities.json
T0=2023-01-05T09:00:00+09:00
k() { status=0; "$KYUKA" --now "$T0" "$@" > "$TMP/out.txt" 2> "$TMP/err.txt" || status=$?; }
has() { if grep -qF -- "$1" "$TMP/${2:-out.txt}"; then ok "has '$1'"; else fail "missing '$1' in ${2:-out.txt}: $(head -c 400 "$TMP/${2:-out.txt}")"; fi; }
# audit ROOT DB [args...] -> $TMP/out.json (recording the run, as a user's audit does)
audit() {
	local r=$1 db=$2
	shift 2
	status=0
	"$KYUKA" audit --root "$r" --db "$db" --format json "$@" > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
}
r=$(root pkg-bullseye)
# a bullseye host whose packages are newer than every fix in the lists
up=$TMP/uptodate
mkdir -p "$up/etc" "$up/var/lib/dpkg"
cp "$r/etc/os-release" "$up/etc/os-release"
cat > "$up/var/lib/dpkg/status" <<'EOF'
Package: libwebkit2gtk-4.0-37
Status: install ok installed
Architecture: amd64
Source: webkit2gtk
Version: 2.99.0-1~deb11u1

Package: libjavascriptcoregtk-4.0-18
Status: install ok installed
Architecture: amd64
Source: webkit2gtk
Version: 2.99.0-1~deb11u1

Package: gerbv
Status: install ok installed
Architecture: amd64
Version: 2.99.0-1

EOF

echo "== VULN-0010 on the second run with no feed imported: SKIP, not PASS"
DB=$TMP/empty.db
audit "$up" "$DB" --only vulns --now "$NOW"
expect SKIP VULN-0010 "" "no vulnerability feeds imported"
[ -f "$DB" ] && ok "the first run was recorded" || fail "no database after the first run: $(cat "$TMP/err.txt")"
audit "$up" "$DB" --only vulns --now "$NOW"
expect SKIP VULN-0010 "" "kyuka feeds import FILE... or kyuka feeds update"
expect_none PASS VULN-0010
audit "$up" "$DB" --only VULN-0030 --phase after --holiday 2026-12-01..2026-12-10 --now "$NOW"
expect SKIP VULN-0030 "" "no vulnerability feeds imported"

echo "== kyuka vulns with no feeds: exit 3 and what to do"
k --db "$DB" vulns --root "$up"
expect_status 3
has "no feeds imported yet (kyuka feeds import FILE... or kyuka feeds update)" err.txt
grep -q "0 vulnerabilities" "$TMP/out.txt" && fail "'0 vulnerabilities' without feeds" || ok "no '0 vulnerabilities'"
k --db "$TMP/none.db" vulns --root "$up"
expect_status 3
[ -e "$TMP/none.db" ] && fail "vulns created a database" || ok "vulns created no database"

echo "== feeds of another release only (the DLA list holds buster): SKIP / exit 3"
DB=$TMP/dla.db
k --db "$DB" feeds import "$DLA"
audit "$up" "$DB" --only VULN-0010 --no-store --now "$NOW"
expect SKIP VULN-0010 "" "no imported feed holds records for bullseye (imported: DLA list)"
k --db "$DB" vulns --root "$up"
expect_status 3
has "no imported feed holds records for bullseye" err.txt

echo "== PASS names what was compared"
DB=$TMP/feeds.db
k --db "$DB" feeds import "$DSA" "$DLA" "$KEV"
audit "$up" "$DB" --only VULN-0010 --no-store --now "$T0"
expect PASS VULN-0010 "" "the 3 installed packages (2 source, bullseye), compared against 2 feeds: DSA list (newest 2023-03-29), KEV (newest 2025-08-25)"
k --db "$DB" vulns --root "$up"
expect_status 0
has "3 installed packages (2 source) compared against 2 feeds: DSA list (newest 2023-03-29), KEV (newest 2025-08-25)"
k --db "$DB" vulns --root "$up" --published 2023-12-27..2024-01-04
expect_status 3
has "the feeds for bullseye end on 2023-03-29, before 2023-12-27" err.txt

echo "== VULN-0020: the age of a feed is that of its newest entry, not of the import"
DB=$TMP/age.db
"$KYUKA" --db "$DB" --now 2023-06-01T09:00:00+09:00 feeds import "$DSA" "$KEV" > /dev/null
audit "$up" "$DB" --only VULN-0020 --no-store --now 2023-06-02T09:00:00+09:00
expect WARN VULN-0020 dsa "newest entry 2023-03-29, 65 days old (more than vulns.max_feed_age_days, 7); last refreshed on 2023-06-01"
expect PASS VULN-0020 kev "newest entry 2025-08-25, after the audit's time (2023-06-02)"
audit "$up" "$DB" --only VULN-0020 --no-store --now 2025-08-28T09:00:00+09:00
expect PASS VULN-0020 kev "newest entry 2025-08-25, 3 days old; last refreshed on 2023-06-01; 1404 records"
"$KYUKA" --db "$DB" --now 2023-06-02T09:00:00+09:00 feeds status --format json > "$TMP/st.json"
jq -e '.[] | select(.name == "dsa") | .age_days == 65 and .old' "$TMP/st.json" > /dev/null \
	&& ok "feeds status: dsa 65 days old" || fail "feeds status age: $(cat "$TMP/st.json")"
# the tracker JSON carries no dates: say so
printf '{"gerbv": {"CVE-2023-9999": {"releases": {"bullseye": {"status": "resolved", "fixed_version": "2.7.0-2+deb11u2", "urgency": "high"}}}}}\n' > "$TMP/tracker.json"
touch -d 2023-05-01T00:00:00Z "$TMP/tracker.json"
"$KYUKA" --db "$DB" --now 2023-06-01T09:00:00+09:00 feeds import "$TMP/tracker.json" > /dev/null
audit "$up" "$DB" --only VULN-0020 --no-store --now 2023-06-02T09:00:00+09:00
expect WARN VULN-0020 tracker "carries no dates: counted from 2023-05-01, 32 days ago"

echo "== VULN-0030: not before the holiday has begun, not with feeds that end before it"
DB=$TMP/feeds.db
audit "$r" "$DB" --only VULN-0030 --no-store --phase after --holiday 2022-12-27..2023-01-04 --now 2022-12-20T09:00:00+09:00
expect SKIP VULN-0030 "" "the holiday begins on 2022-12-27"
expect_none PASS VULN-0030
audit "$up" "$DB" --only VULN-0030 --no-store --phase after --holiday 2023-12-27..2024-01-04 --now 2024-01-10T09:00:00+09:00
expect SKIP VULN-0030 "" "the feeds end on 2023-03-29, before the holiday began on 2023-12-27"
expect_none PASS VULN-0030
audit "$up" "$DB" --only VULN-0030 --no-store --phase after --holiday 2022-12-27..2023-01-04 --now 2023-01-10T09:00:00+09:00
expect PASS VULN-0030 "" "nothing published 2022-12-27..2023-01-04 affects the 3 installed packages (2 source, bullseye), compared against 2 feeds: DSA list (newest 2023-03-29)"
audit "$r" "$DB" --only VULN-0030 --no-store --phase after --holiday 2022-12-27..2023-01-04 --now 2023-01-10T09:00:00+09:00
expect FAIL VULN-0030 "DSA-5308-1 webkit2gtk" "published 2022-12-31"

echo "== feeds status creates nothing; feeds status and vulns on a read-only file system"
k --db "$TMP/nothing/k.db" feeds status
expect_status 0
has "no feeds imported yet"
[ -e "$TMP/nothing" ] && fail "feeds status created '$TMP/nothing'" || ok "feeds status created nothing"
mkdir "$TMP/ro"
cp "$TMP/feeds.db" "$TMP/ro/k.db"
chmod 600 "$TMP/ro/k.db"
if unshare -m true 2> /dev/null; then
	unshare -m bash -c '
		mount --bind "$1/ro" "$1/ro" && mount -o remount,bind,ro "$1/ro" || exit 9
		"$KYUKA" --db "$1/ro/k.db" --now "$2" feeds status > "$1/ro-status.txt" 2>&1; echo $? > "$1/ro-status.rc"
		"$KYUKA" --db "$1/ro/k.db" --now "$2" vulns --root "$3" > "$1/ro-vulns.txt" 2>&1; echo $? > "$1/ro-vulns.rc"
		"$KYUKA" --db "$1/ro/k.db" --now "$2" audit --root "$3" --only VULN-0010 --no-store --format json > "$1/ro-audit.json" 2>&1 || true
	' x "$TMP" "$T0" "$up"
	[ "$(cat "$TMP/ro-status.rc")" = 0 ] && grep -q "^dsa *5406" "$TMP/ro-status.txt" && ok "feeds status on a read-only file system" \
		|| fail "feeds status read-only: $(cat "$TMP/ro-status.txt")"
	[ "$(cat "$TMP/ro-vulns.rc")" = 0 ] && grep -q "compared against 2 feeds" "$TMP/ro-vulns.txt" && ok "vulns on a read-only file system" \
		|| fail "vulns read-only: $(cat "$TMP/ro-vulns.txt")"
	cp "$TMP/ro-audit.json" "$TMP/out.json"
	expect PASS VULN-0010 "" "compared against 2 feeds"
else
	echo "skipped: no mount namespace for a read-only file system (needs root)"
fi
finish
