#!/bin/bash
# kyuka's dpkg version comparator against `dpkg --compare-versions` itself, on real version
# pairs from this machine's dpkg database and apt lists: every pair is given to dpkg (one
# process per comparison), then to kyuka (one process for all), and the answers must agree.
# Prints both times and the ratio. With --update, the pairs and dpkg's answers are written
# to tests/data/dpkg-version-pairs.txt.gz, which tests/integration/dpkg_versions.sh replays
# (running dpkg on every pair takes minutes: too long for the test suite).
# Never run in CI. Usage: bench/dpkg_versions.sh [--update] [N]   (N pairs, default 24000)
set -euo pipefail
cd "$(dirname "$0")/.."
update=false
[ "${1:-}" = --update ] && { update=true; shift; }
N=${1:-24000}
VERCMP=${VERCMP:-./build/tests/vercmp}
[ -x "$VERCMP" ] || { echo "build first (make build)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }

tests/tools/machine_versions.sh > "$tmp/versions"
/usr/bin/python3 tests/tools/version_pairs.py "$N" < "$tmp/versions" > "$tmp/pairs"
n=$(wc -l < "$tmp/pairs")

t0=$(now)
while read -r a b; do
	if dpkg --compare-versions "$a" lt "$b"; then echo "$a $b <"
	elif dpkg --compare-versions "$a" eq "$b"; then echo "$a $b ="
	else echo "$a $b >"; fi
done < "$tmp/pairs" > "$tmp/dpkg"
t1=$(now)
"$VERCMP" < "$tmp/pairs" > "$tmp/kyuka"
t2=$(now)
paste -d' ' "$tmp/pairs" "$tmp/kyuka" > "$tmp/kyuka3"
"$VERCMP" --check < "$tmp/dpkg" | tail -n 5
if ! cmp -s "$tmp/dpkg" "$tmp/kyuka3"; then
	echo "DISAGREEMENT with dpkg" >&2
	exit 1
fi
dpkg_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
kyuka_s=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.3f", b - a }')
printf '%-40s %10s\n' "comparator ($n pairs)" seconds
printf '%-40s %10s\n' "dpkg --compare-versions (per pair)" "$dpkg_s"
printf '%-40s %10s\n' "kyuka (one process, all pairs)" "$kyuka_s"
awk -v k="$kyuka_s" -v d="$dpkg_s" 'BEGIN { if (k > 0) printf "ratio: %.0fx (dpkg %.1f s, kyuka %.3f s)\n", d / k, d, k }'
if $update; then
	gzip -9n < "$tmp/dpkg" > tests/data/dpkg-version-pairs.txt.gz
	echo "wrote tests/data/dpkg-version-pairs.txt.gz ($n pairs, dpkg $(dpkg-query -W -f='${Version}' dpkg))"
fi
