#!/bin/bash
# kyuka's full audit of this host against `lynis audit system --quick` and against `apt list --upgradable`
# alone (what PKG-0010/0020 answer), on the same machine. Prints each one's wall time (median of N runs
# for kyuka and apt, one run for lynis: it takes minutes), the ratios, and where kyuka took the pending
# updates from (apt's lists, or apt-get -s as the fallback). Never run in CI. Usage: bench/audit.sh [N]
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
pkg_source=$(/usr/bin/python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if f.get("check_id") == "PKG-0010":
        e = f.get("evidence", "")
        print("apt-get -s" if "apt-get -s" in e else ("apt lists" if "apt\x27s lists" in e else "?")); break
else:
    print("?")' "$tmp/kyuka.json")

times=()
for i in $(seq "$N"); do
	t0=$(now)
	apt list --upgradable > "$tmp/apt.out" 2>/dev/null || true
	t1=$(now)
	times+=("$(secs "$t0" "$t1")")
done
apt_s=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
apt_n=$(grep -c upgradable "$tmp/apt.out" || true)

t0=$(now)
lynis audit system --quick --no-colors --no-log --logfile "$tmp/lynis.log" --report-file "$tmp/lynis.dat" \
	> "$tmp/lynis.out" 2>&1 || true
t1=$(now)
lynis_s=$(secs "$t0" "$t1")
lynis_tests=$(grep -c '^tests_executed\|^test=' "$tmp/lynis.dat" 2>/dev/null || true)

printf '%-28s %10s  %s\n' tool seconds notes
printf '%-28s %10s  %s\n' "kyuka audit (median of $N)" "$kyuka_s" "$findings findings; pending updates from $pkg_source"
printf '%-28s %10s  %s\n' "apt list --upgradable ($N)" "$apt_s" "$apt_n upgradable"
printf '%-28s %10s  %s\n' "lynis audit system --quick" "$lynis_s" "one run"
awk -v k="$kyuka_s" -v l="$lynis_s" 'BEGIN { if (k > 0) printf "ratio: kyuka is %.0fx faster than lynis (%.3f s vs %.1f s)\n", l / k, k, l }'
awk -v k="$kyuka_s" -v a="$apt_s" 'BEGIN { if (k > 0) printf "ratio: the full audit takes %.2fx the time of apt list --upgradable alone (%.3f s vs %.3f s)\n", k / a, k, a }'
awk -v k="$kyuka_s" 'BEGIN { exit !(k < 1.0) }' && echo "target met: full audit under one second" \
	|| echo "target missed: full audit took ${kyuka_s}s (target < 1 s)"
