#!/bin/bash
# kyuka vulns against debsecan (Debian's own vulnerability lister), on the same package list and
# the same advisories: the real DSA list in ../shared/data, given to kyuka as imported and to
# debsecan as an equivalent local feed in its own format (debsecan/release/1/SUITE, zlib text),
# built here and read with --source file://... (no network). Two package lists: this machine's
# dpkg database, and every source package the DSA list names for bullseye, installed at a version
# older than any fix. The matches must agree; wall times (median of N) and the ratio are printed,
# with kyuka's own matching time and its import throughput (lists, KEV, a generated tracker
# JSON). Never run in CI. Usage: bench/vulns.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5}
KYUKA=${KYUKA:-./build/kyuka}
DATA=../shared/data
[ -x "$KYUKA" ] || { echo "build kyuka first (make build)" >&2; exit 1; }
if ! command -v debsecan > /dev/null; then
	[ "$(id -u)" = 0 ] || { echo "debsecan is not installed (apt-get install debsecan)" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debsecan > /dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
db=$tmp/kyuka.db

echo "== import throughput"
"$KYUKA" --db "$db" feeds import "$DATA/debian-security/DSA.list" "$DATA/debian-security/DLA.list" \
	"$DATA/cisa-kev/known_exploited_vulnerabilities.json"
/usr/bin/python3 - "$tmp/tracker.json" <<'PY'
import json, sys, random
# a tracker JSON of the real file's shape and size class: 20,000 packages x 5 CVEs x 4 releases
rng = random.Random(4)
with open(sys.argv[1], "w") as f:
    f.write("{")
    for p in range(20000):
        cves = {}
        for c in range(5):
            rel = {}
            for r in ("buster", "bullseye", "bookworm", "trixie"):
                rel[r] = {"status": rng.choice(["resolved", "open"]), "repositories": {r: "1.%d-1" % c},
                          "fixed_version": "1.%d-%d" % (c, rng.randint(1, 9)), "urgency": rng.choice(["low", "medium", "high", "not yet assigned"])}
            cves["CVE-20%02d-%05d" % (10 + c, p)] = {"description": "x" * 80, "scope": "remote", "releases": rel}
        f.write(("" if p == 0 else ", ") + json.dumps("pkg%d" % p) + ": " + json.dumps(cves))
    f.write("}")
PY
"$KYUKA" --db "$db" feeds import "$tmp/tracker.json"
# the tracker is left out of the matching comparison below (debsecan's feed here is the DSA list only)
sqlite3 "$db" "DELETE FROM tracker; DELETE FROM feeds WHERE name = 'tracker'"

echo "== the equivalent debsecan feed (DSA list, bullseye)"
mkdir -p "$tmp/feed"
/usr/bin/python3 - "$DATA/debian-security/DSA.list" "$tmp/feed/bullseye" "$tmp/all-status" <<'PY'
import re, sys, zlib
names, vulns, pkgs = [], [], set()
cur = None
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"^\[(\d\d \w\w\w \d{4})\] (\S+) ", line)
    if m:
        cur = m.group(2)
        continue
    m = re.match(r"^\s+\[bullseye\] - (\S+) ([^<\s]\S*)", line)
    if m and cur:
        names.append("%s,,%s" % (cur, cur))
        vulns.append("%s,%d,S ?F,%s," % (m.group(1), len(names) - 1, m.group(2)))
        pkgs.add(m.group(1))
text = "VERSION 1\n" + "\n".join(names) + "\n\n" + "\n".join(vulns) + "\n\n\n"
open(sys.argv[2], "wb").write(zlib.compress(text.encode()))
with open(sys.argv[3], "w") as o:
    for p in sorted(pkgs):
        o.write("Package: %s\nStatus: install ok installed\nArchitecture: amd64\nVersion: 0.0.1\n\n" % p)
print("%d advisory fix lines for %d source packages" % (len(vulns), len(pkgs)))
PY

run_case() {
	local label=$1 status=$2
	mkdir -p "$tmp/root-$label/var/lib/dpkg"
	cp "$status" "$tmp/root-$label/var/lib/dpkg/status"
	local kt=() dt=() t0 t1 i
	for i in $(seq "$N"); do
		t0=$(now)
		"$KYUKA" --db "$db" vulns --root "$tmp/root-$label" --release bullseye --format json > "$tmp/k.json" || true
		t1=$(now)
		kt+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')")
		t0=$(now)
		debsecan --suite bullseye --source "file://$tmp/feed/" --status "$status" --history "$tmp/hist" \
			--format detail > "$tmp/d.txt" 2> "$tmp/d.err" || true
		t1=$(now)
		dt+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')")
	done
	local ks ds ms nk nd
	ks=$(printf '%s\n' "${kt[@]}" | median)
	ds=$(printf '%s\n' "${dt[@]}" | median)
	ms=$(/usr/bin/python3 -c 'import json,sys; print("%.1f" % json.load(open(sys.argv[1]))["summary"]["match_ms"])' "$tmp/k.json")
	# (advisory, source package) pairs found by each
	/usr/bin/python3 -c 'import json,sys; [print(v["id"], v["package"]) for v in json.load(open(sys.argv[1]))["vulnerabilities"]]' "$tmp/k.json" | sort -u > "$tmp/k.pairs"
	/usr/bin/python3 - "$tmp/d.txt" <<'PY' | sort -u > "$tmp/d.pairs"
import re, sys
# detail format: "DSA-5051-1 (fixed)", then "  installed: BIN VERSION", "             (built from SRC VERSION)"
vid = None
for line in open(sys.argv[1]):
    m = re.match(r"^(\S+) \(", line)
    if m:
        vid = m.group(1)
    m = re.match(r"^\s+\(built from (\S+) ", line)
    if m and vid:
        print(vid, m.group(1))
PY
	nk=$(wc -l < "$tmp/k.pairs")
	nd=$(wc -l < "$tmp/d.pairs")
	printf '%-34s %9s %9s %12s %8s %8s\n' "$label ($(grep -c '^Package:' "$status") packages)" "$ks" "$ds" "$ms" "$nk" "$nd"
	if ! cmp -s "$tmp/k.pairs" "$tmp/d.pairs"; then
		echo "  matches differ (kyuka < >debsecan):"; diff "$tmp/k.pairs" "$tmp/d.pairs" | head -5
	fi
	awk -v k="$ks" -v d="$ds" -v m="$ms" 'BEGIN { if (k > 0) printf "  ratio: kyuka vulns is %.1fx faster than debsecan (%.3f s vs %.3f s); matching itself %s ms (target < 100 ms: %s)\n", d / k, k, d, m, (m < 100 ? "met" : "MISSED") }'
}

echo "== matching (median of $N runs)"
printf '%-34s %9s %9s %12s %8s %8s\n' "package list" "kyuka s" "debsecan s" "kyuka match ms" "kyuka" "debsecan"
run_case this-machine /var/lib/dpkg/status
run_case all-dsa-sources "$tmp/all-status"
