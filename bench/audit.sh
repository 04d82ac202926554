#!/bin/bash
# kyuka's full audit of this host against `lynis audit system --quick`, in one run, on the same machine.
# Prints each tool's wall time (median of N runs for kyuka, one run for lynis: it takes minutes)
# and the ratio. Never run in CI. Usage: bench/audit.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5}
KYUKA=${KYUKA:-./build/kyuka}
[ -x "$KYUKA" ] || { echo "build kyuka first (make build)" >&2; exit 1; }
if ! command -v lynis >/dev/null; then
	[ "$(id -u)" = 0 ] || { echo "lynis is not installed (apt-get install lynis)" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lynis >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

times=()
for i in $(seq "$N"); do
	t0=$(now)
	"$KYUKA" audit --no-store --format json > "$tmp/kyuka.json" || true
	t1=$(now)
	times+=("$(secs "$t0" "$t1")")
done
kyuka_s=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
findings=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/kyuka.json")

t0=$(now)
lynis audit system --quick --no-colors --no-log --logfile "$tmp/lynis.log" --report-file "$tmp/lynis.dat" \
	> "$tmp/lynis.out" 2>&1 || true
t1=$(now)
lynis_s=$(secs "$t0" "$t1")
lynis_tests=$(grep -c '^tests_executed\|^test=' "$tmp/lynis.dat" 2>/dev/null || true)

printf '%-28s %10s  %s\n' tool seconds notes
printf '%-28s %10s  %s\n' "kyuka audit (median of $N)" "$kyuka_s" "$findings findings"
printf '%-28s %10s  %s\n' "lynis audit system --quick" "$lynis_s" "one run"
awk -v k="$kyuka_s" -v l="$lynis_s" 'BEGIN { if (k > 0) printf "ratio: kyuka is %.0fx faster than lynis (%.3f s vs %.1f s)\n", l / k, k, l }'
awk -v k="$kyuka_s" 'BEGIN { exit !(k < 1.0) }' && echo "target met: full audit under one second" \
	|| echo "target missed: full audit took ${kyuka_s}s (target < 1 s)"
