#!/bin/bash
# File-integrity snapshot: kyuka baseline save against `aide --init` (SHA-256 only; also with
# --workers 2) and `find | xargs -P2 sha256sum`, on one generated tree of FILES files and about
# MB megabytes (mostly small files, some large: the shape of /usr), warm cache, in the same run;
# then kyuka's re-snapshot of the unchanged tree with --trust-mtime (three times, the median taken:
# each refers to the first snapshot's files and writes no file row). Prints each one's wall time,
# CPU time (user + system), MB/s and peak memory, the load average, and the ratios of wall and of
# CPU time (targets: kyuka >= 5x AIDE; re-check >= 20x faster than the first snapshot). On a
# loaded machine only the CPU ratios mean something. The re-check costs what stating every entry
# costs (about what find -printf of the same fields costs: printed too), the first snapshot what
# hashing the bytes costs: the ratio grows with the bytes per file. The tree must fit in the page
# cache (8 GB by default: the script refuses when MemAvailable is short; check df). Never run in CI.
# Usage: bench/fim.sh [FILES [MB]] (default 100000 8000); TREE=DIR reuses a tree made before
# (DIR/root/tree, kept), KYUKA_THREADS=N passes --threads N.
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${1:-100000}
MB=${2:-8000}
KYUKA=${KYUKA:-./build/kyuka}
[ -x "$KYUKA" ] || { echo "build kyuka first (make build), or set KYUKA" >&2; exit 1; }
if ! command -v aide >/dev/null; then
	[ "$(id -u)" = 0 ] || { echo "aide is not installed (apt-get install aide)" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends aide >/dev/null
fi
avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
if [ -z "${TREE:-}" ] && [ "$avail" -lt $((MB * 3 / 2)) ]; then
	echo "$MB MB do not stay in the page cache with $avail MB available: pass a smaller MB" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/kyuka-fim.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=${TREE:+$TREE/root}
root=${root:-$tmp/root}
tree=$root/tree

[ -n "${TREE:-}" ] && [ -d "$tree" ] && echo "reusing $tree" || {
echo "generating $FILES files, about $MB MB, in $tree ..."
/usr/bin/python3 - "$tree" "$FILES" "$MB" <<'PYEOF'
import os, random, sys
top, n, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(16)
# /usr's shape: 90% small files (0.5-16 KiB), 9% medium (16-512 KiB), 1% large (the rest of the bytes)
small = [random.randint(512, 16384) for _ in range(int(n * 0.90))]
medium = [random.randint(16384, 524288) for _ in range(int(n * 0.09))]
nl = n - len(small) - len(medium)
rest = max(mb * 1000000 - sum(small) - sum(medium), nl * 524288)
large = [rest // nl] * nl
sizes = small + medium + large
random.shuffle(sizes)
block = os.urandom(1 << 20)
for i, sz in enumerate(sizes):
    d = os.path.join(top, "d%03d" % (i % 997), "s%02d" % (i // 997 % 13))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d" % i), "wb") as f:
        off = (i * 7919) % (len(block) - 64)
        f.write(i.to_bytes(8, "little"))
        left = sz - 8
        while left > 0:
            k = min(left, len(block) - off)
            f.write(block[off:off + k])
            left -= k
            off = 0
PYEOF
}
bytes=$(du -sb "$tree" | cut -f1)
nfiles=$(find "$tree" -type f | wc -l)
echo "tree: $nfiles files, $((bytes / 1000000)) MB"
# warm the cache (twice: the tree must fit in memory for a warm comparison)
find "$tree" -type f -print0 | xargs -0 -P2 cat > /dev/null
find "$tree" -type f -print0 | xargs -0 -P2 cat > /dev/null

# run NAME CMD...: wall time, CPU time (user + system) and peak RSS (KiB) into $t, $cpu and $rss
run() {
	local name=$1 v
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/rss" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" || { echo "$name failed:"; tail -5 "$tmp/$name.err"; }
	v=$(tail -1 "$tmp/rss")
	t=$(awk '{ printf "%.3f", $1 }' <<< "$v")
	cpu=$(awk '{ printf "%.3f", $2 + $3 }' <<< "$v")
	rss=$(awk '{ print $4 }' <<< "$v")
	printf '%-34s %8.2f s %8.2f s CPU %9.1f MB/s %8d MB peak   load %s\n' "$name" "$t" "$cpu" \
		"$(awk -v b="$bytes" -v t="$t" 'BEGIN { print b / 1e6 / t }')" $((rss / 1024)) "$(cut -d' ' -f1-3 /proc/loadavg)"
}
echo "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

cat > "$tmp/aide.conf" <<EOF2
database_out=file:$tmp/aide.db.new
gzip_dbout=no
report_url=stdout
Sha = sha256
$tree Sha
EOF2
mkdir -p "$root/etc"
printf 'baseline:\n  paths: [/tree]\n' > "$tmp/kyuka.yaml"
chmod 600 "$tmp/kyuka.yaml"

echo
run "aide --init (sha256)" aide --init -c "$tmp/aide.conf"
aide_t=$t aide_c=$cpu
rm -f "$tmp/aide.db.new"
run "aide --init --workers 2" aide --init --workers 2 -c "$tmp/aide.conf"
aide2_t=$t aide2_c=$cpu
run "find | xargs -P2 sha256sum" sh -c "find '$tree' -type f -print0 | xargs -0 -P2 -n 64 sha256sum > /dev/null"
xargs_t=$t xargs_c=$cpu
threads=${KYUKA_THREADS:+--threads $KYUKA_THREADS}
# shellcheck disable=SC2086
run "kyuka baseline save" "$KYUKA" baseline save $threads --root "$root" --config "$tmp/kyuka.yaml" --db "$tmp/k.db"
kyuka_t=$t kyuka_c=$cpu
grep -h "saved" "$tmp/kyuka baseline save.out" || true
ts=() cs=()
for _ in 1 2 3; do
	# shellcheck disable=SC2086
	run "kyuka baseline save --trust-mtime" "$KYUKA" baseline save $threads --trust-mtime --root "$root" --config "$tmp/kyuka.yaml" --db "$tmp/k.db"
	ts+=("$t") cs+=("$cpu")
done
trust_t=$(printf '%s\n' "${ts[@]}" | sort -n | sed -n 2p)
trust_c=$(printf '%s\n' "${cs[@]}" | sort -n | sed -n 2p)
grep -h "saved" "$tmp/kyuka baseline save --trust-mtime.out" || true
run "find -printf (the same stats)" sh -c "find '$tree' -printf '%i %s %T@ %C@\n' > /dev/null"

echo
echo "ratios               wall     CPU (user + system)"
awk -v a="$aide_t" -v a2="$aide2_t" -v x="$xargs_t" -v k="$kyuka_t" -v r="$trust_t" \
    -v ac="$aide_c" -v a2c="$aide2_c" -v xc="$xargs_c" -v kc="$kyuka_c" -v rc="$trust_c" 'BEGIN {
	printf "kyuka vs aide --init:             %6.2fx %6.2fx (target >= 5x)\n", a / k, ac / kc
	printf "kyuka vs aide --init --workers 2: %6.2fx %6.2fx\n", a2 / k, a2c / kc
	printf "kyuka vs find | xargs -P2:        %6.2fx %6.2fx\n", x / k, xc / kc
	printf "re-snapshot --trust-mtime:        %6.2fx %6.2fx faster than the first (target >= 20x; median of 3)\n", k / r, kc / rc
}'
