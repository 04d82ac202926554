#!/bin/bash
# How kyuka's cost grows with the host (issue 24): for each dimension, seeded fixtures of growing
# size (bench/gen_scale.py, in a temp dir), the kyuka command that reads them, and per size the
# wall time, the CPU time (user + system: steadier than wall on a shared machine), the peak RSS and
# its ratio to the input's bytes; then the growth of the CPU time per tenfold input (the target is
# at most 12x; sizes that are not ten apart are normalised: 500 -> 10k counts as 1.3 tenfolds).
# The biggest size of each dimension runs REPS times (default 3) and its median counts.
#   local accounts   1k 10k 100k      audit --only accounts,ssh,sudo,mfa (target: 100k under 1 s), and
#                                     the biggest again with --format json
#   authorized_keys  1k 10k (100k)    audit --only ssh (a file of one or two keys per account)
#   sudoers rules    1k 10k 100k      audit --only sudo (aliases, Defaults, tags, Runas; 200 accounts)
#   systemd units    1k 10k           audit --only services (a timer for every other service)
#   cron entries     1k 10k 100k      audit --only SVC-0040 (/etc/crontab and /etc/cron.d)
#   dpkg packages    500 10k          vulns, with the DSA and DLA lists imported (every package matches)
#   log sources      10k 1M (10M)     logs FILE (two failed passwords per distinct source)
# Needs only python3 (it generates the inputs and measures: getrusage of the child). Never run in CI.
# Usage: bench/scale.sh [DIMENSION...]   (accounts keys sudoers units cron dpkg logs; default all)
#   BIG=1 adds keys 100k and logs 10M (about 2 GB of log, minutes); REPS=N; KYUKA=path/to/kyuka
set -euo pipefail
cd "$(dirname "$0")/.."
KYUKA=${KYUKA:-./build/kyuka}
REPS=${REPS:-3}
BIG=${BIG:-0}
NOW=2026-12-26T09:00:00+09:00
FEEDS=${FEEDS:-../shared/data/debian-security}
[ -x "$KYUKA" ] || { echo "build kyuka first (make build)" >&2; exit 1; }
KYUKA=$(realpath "$KYUKA")
tmp=$(mktemp -d /tmp/kyuka-bench-scale.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
dims=("$@")
[ ${#dims[@]} -gt 0 ] || dims=(accounts keys sudoers units cron dpkg logs)

# A fresh root from the "good" fixture (or another scenario) with the generator's files on top.
mkroot() { # SCENARIO DEST
	bash tests/roots/prepare.sh "$1" "$2" >/dev/null
}

# Bytes of the input a run reads: the files the generator wrote (lastlog without its holes).
input_bytes() { # PATH...
	du -cb --apparent-size "$@" 2>/dev/null | tail -1 | cut -f1
}

# measure CMD...: "cpu wall rss_MB" of one run. getrusage of the child: CPU time to the
# microsecond (time(1) prints hundredths, too coarse for the small sizes) and its peak RSS.
# kyuka's exit status 1 (findings) is normal; 2 and 3 are failures.
measure() {
	/usr/bin/python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.monotonic() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %.3f %.1f" % (u.ru_utime + u.ru_stime, wall, u.ru_maxrss / 1024))
sys.exit(0 if r.returncode in (0, 1) else 1)
PY
}

# run DIM SIZE INPUT_BYTES REPS CMD...: one row; the median of REPS runs (by CPU time).
human() { awk -v n="$1" 'BEGIN { if (n >= 1000000) printf "%gM", n / 1000000; else if (n >= 1000) printf "%gk", n / 1000; else print n }'; }

prev_dim="" prev_size=0 prev_cpu=0
run() {
	local dim=$1 size=$2 bytes=$3 reps=$4 i rows
	shift 4
	rows=()
	for ((i = 0; i < reps; i++)); do
		measure "$@" > "$tmp/time" 2> "$tmp/err" || {
			echo "  $dim $size: the run failed: $(tail -3 "$tmp/err")" >&2
			return 0
		}
		rows+=("$(cat "$tmp/time")")
	done
	printf '%s\n' "${rows[@]}" | sort -n | awk -v n="${#rows[@]}" 'NR == int((n + 1) / 2)' > "$tmp/med"
	read -r cpu wall rss < "$tmp/med"
	local growth="" ratio
	ratio=$(awk -v r="$rss" -v b="$bytes" 'BEGIN { printf "%.1f", (b > 0 ? r * 1048576 / b : 0) }')
	if [ "$dim" = "$prev_dim" ] && awk -v a="$prev_cpu" 'BEGIN { exit !(a > 0) }'; then
		growth=$(awk -v a="$prev_cpu" -v b="$cpu" -v s1="$prev_size" -v s2="$size" \
			'BEGIN { t = log(s2 / s1) / log(10); g = (b > 0 ? b : 0.001) / a; printf "%.1fx", exp(log(g) / t) }')
	fi
	printf '%-16s %8s %9.1f %8.3f %8.3f %9.1f %7s %10s%s\n' "$dim" "$(human "$size")" \
		"$(awk -v b="$bytes" 'BEGIN { print b / 1048576 }')" "$wall" "$cpu" "$rss" "$ratio" "$growth" \
		"$([ "$reps" -gt 1 ] && echo "  (median of $reps)")"
	prev_dim=$dim prev_size=$size prev_cpu=$cpu
}

printf '%-16s %8s %9s %8s %8s %9s %7s %10s\n' dimension size "input MB" "wall s" "cpu s" "peak MB" "RSS/in" "cpu/10x"
for dim in "${dims[@]}"; do
	case $dim in
	accounts) sizes=(1000 10000 100000) ;;
	keys) sizes=(1000 10000); [ "$BIG" = 1 ] && sizes+=(100000) ;;
	sudoers) sizes=(1000 10000 100000) ;;
	units) sizes=(1000 10000) ;;
	cron) sizes=(1000 10000 100000) ;;
	dpkg) sizes=(500 10000) ;;
	logs) sizes=(10000 1000000); [ "$BIG" = 1 ] && sizes+=(10000000) ;;
	*) echo "unknown dimension $dim" >&2; exit 2 ;;
	esac
	prev_dim=""
	last=${sizes[${#sizes[@]}-1]}
	for n in "${sizes[@]}"; do
		reps=1
		[ "$n" = "$last" ] && reps=$REPS
		r=$tmp/$dim-$n
		case $dim in
		accounts | keys)
			mkroot good "$r"
			/usr/bin/python3 bench/gen_scale.py "$dim" "$r" "$n"
			bytes=$(( $(input_bytes "$r"/etc/{passwd,shadow,group,gshadow} "$r"/var/log/{wtmp,btmp} \
				"$r"/etc/sudoers.d/*) \
				+ $(find "$r/home" -name authorized_keys -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }') ))
			# lastlog: only the records written count (the file is sparse, indexed by uid)
			bytes=$((bytes + $(du -B1 "$r/var/log/lastlog" | cut -f1)))
			only=accounts,ssh,sudo,mfa
			[ "$dim" = keys ] && only=ssh
			run "$dim" "$n" "$bytes" "$reps" "$KYUKA" audit --root "$r" --now "$NOW" --no-store --only "$only"
			# the JSON report of the same run (one finding per account: the renderer's share shows here)
			[ "$dim" = accounts ] && [ "$n" = "$last" ] && run "$dim/json" "$n" "$bytes" "$reps" "$KYUKA" audit --root "$r" --now "$NOW" \
				--no-store --only "$only" --format json
			;;
		sudoers)
			mkroot good "$r"
			/usr/bin/python3 bench/gen_scale.py sudoers "$r" "$n"
			run "$dim" "$n" "$(input_bytes "$r"/etc/sudoers "$r"/etc/sudoers.d/*)" "$reps" \
				"$KYUKA" audit --root "$r" --now "$NOW" --no-store --only sudo --format json
			;;
		units)
			mkroot good "$r"
			/usr/bin/python3 bench/gen_scale.py units "$r" "$n"
			run "$dim" "$n" "$(du -cb --apparent-size "$r/etc/systemd/system" | tail -1 | cut -f1)" \
				"$reps" "$KYUKA" audit --root "$r" --now "$NOW" --no-store --only services --format json
			;;
		cron)
			mkroot good "$r"
			/usr/bin/python3 bench/gen_scale.py cron "$r" "$n"
			run "$dim" "$n" "$(du -cb --apparent-size "$r/etc/crontab" "$r/etc/cron.d" | tail -1 | cut -f1)" \
				"$reps" "$KYUKA" audit --root "$r" --now "$NOW" --no-store --only SVC-0040 --format json
			;;
		dpkg)
			[ -f "$FEEDS/DSA.list" ] || { echo "  dpkg: no DSA list at $FEEDS (set FEEDS=)" >&2; break; }
			[ -f "$tmp/feeds.db" ] || "$KYUKA" --db "$tmp/feeds.db" feeds import "$FEEDS/DSA.list" \
				"$FEEDS/DLA.list" > /dev/null
			mkroot pkg-bullseye "$r"
			/usr/bin/python3 bench/gen_scale.py dpkg "$r" "$n" "$FEEDS/DSA.list"
			run "$dim" "$n" "$(input_bytes "$r/var/lib/dpkg/status")" "$reps" \
				"$KYUKA" --db "$tmp/feeds.db" --root "$r" --now "$NOW" vulns --format json
			;;
		logs)
			/usr/bin/python3 bench/gen_scale.py logs "$r.log" "$n"
			cat "$r.log" > /dev/null # the page cache, for every size alike
			run "$dim" "$n" "$(input_bytes "$r.log")" "$reps" \
				"$KYUKA" --now "$NOW" logs --no-store --tz Asia/Tokyo --format json "$r.log"
			rm -f "$r.log"
			;;
		esac
		rm -rf "$r"
	done
done
echo "cpu/10x: growth of the CPU time per tenfold input (target at most 12x); RSS/in: peak RSS over the input's bytes"
echo "(target at most 4x plus a constant: the constant dominates small inputs). Wall times are noisy on a shared machine."
