#!/bin/bash
# kyuka logs on Windows event logs against libevtx's own reader: the real samples of
# ../shared/data/evtx (EVTX-ATTACK-SAMPLES) copied over and over into one directory (by default
# until it holds 200 MB of .evtx), then `kyuka logs --evtx-dir DIR` (reading every record,
# mapping the known events and producing the findings) and `evtxexport FILE > /dev/null` on every
# file (libevtx turning every record into text: the floor). Both run REPS times (default 3),
# interleaved; the medians count. Prints wall and CPU time, MB/s, peak RSS, the ratio (target:
# kyuka within 2x of evtxexport) and whether kyuka reported the samples' findings (the cleared
# Security log, Guest added to Administrators). Never run in CI.
# Usage: bench/evtx.sh [--one-file] [SIZE_MB]   (default 200)
#   --one-file: one big file instead of copies: the samples' 64 KiB chunks one after the other behind
#   one file header (its chunk count and checksum set), the shape of a large Security.evtx; both
#   tools then read one file (no process started per file for evtxexport).
set -euo pipefail
cd "$(dirname "$0")/.."
ONE=
if [ "${1:-}" = --one-file ]; then ONE=1; shift; fi
SIZE=${1:-200}
KYUKA=${KYUKA:-./build/kyuka}
DATA=${DATA:-../shared/data/evtx}
[ -x "$KYUKA" ] || { echo "build kyuka first (make build)" >&2; exit 1; }
command -v evtxexport >/dev/null || { echo "missing: evtxexport (apt-get install libevtx-utils)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "missing: /usr/bin/time (apt-get install time)" >&2; exit 1; }
ls "$DATA"/*.evtx >/dev/null || { echo "no samples in $DATA" >&2; exit 1; }
tmp=$(mktemp -d /tmp/kyuka-bench-evtx.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
dir=$tmp/Logs
mkdir -p "$dir"
if [ -n "$ONE" ]; then
	echo "joining the samples' chunks into one file of $SIZE MB..."
	/usr/bin/python3 - "$dir/Security.evtx" "$SIZE" "$DATA"/*.evtx <<'PYEOF'
import struct, sys, zlib
out, size, srcs = sys.argv[1], int(sys.argv[2]) << 20, sys.argv[3:]
chunks = []
for s in srcs:
    d = open(s, 'rb').read()
    for off in range(4096, len(d) - 65535, 65536):
        if d[off:off + 8] == b'ElfChnk\0':
            chunks.append(d[off:off + 65536])
hdr = bytearray(open(srcs[0], 'rb').read(4096))
n = min(65535, -(-size // 65536))
struct.pack_into('<Q', hdr, 8, 0)
struct.pack_into('<Q', hdr, 16, n - 1)
struct.pack_into('<H', hdr, 42, n)
hdr[120:124] = b'\0\0\0\0'  # flags: not dirty, not full
struct.pack_into('<I', hdr, 124, zlib.crc32(bytes(hdr[:120])) & 0xffffffff)
with open(out, 'wb') as f:
    f.write(hdr)
    for i in range(n):
        f.write(chunks[i % len(chunks)])
PYEOF
else
	echo "copying the samples into $SIZE MB of .evtx..."
	n=0
	while [ "$(du -sb "$dir" | cut -f1)" -lt $((SIZE << 20)) ]; do
		for f in "$DATA"/*.evtx; do
			cp "$f" "$dir/$(basename "$f" .evtx)-$n.evtx"
		done
		n=$((n + 1))
	done
fi
files=$(ls "$dir" | wc -l)
bytes=$(du -sb "$dir" | cut -f1)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
cat "$dir"/* > /dev/null # warm the page cache for both alike

run() {
	local name=$1 out=$2 t0 t1
	shift 2
	t0=${EPOCHREALTIME/,/.}
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/$name.time" "$@" > "$out" 2> "$tmp/$name.err" || true
	t1=${EPOCHREALTIME/,/.}
	awk -v a="$t0" -v b="$t1" '{ if ($1 ~ /^[0-9.]+$/) $1 = sprintf("%.4f", b - a) } 1' "$tmp/$name.time" > "$tmp/$name.time2" &&
		mv "$tmp/$name.time2" "$tmp/$name.time"
}
secs() { tail -n 1 "$tmp/$1.time" | cut -d' ' -f1; }
cpu() { tail -n 1 "$tmp/$1.time" | awk '{ printf "%.2f", $2 + $3 }'; }
rss() { tail -n 1 "$tmp/$1.time" | awk '{ printf "%.0f", $4 / 1024 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# evtxexport takes one file: one process per file, as a user would run it over a directory
cat > "$tmp/export.sh" <<EOS
#!/bin/bash
for f in "$dir"/*.evtx; do evtxexport "\$f"; done
EOS
chmod +x "$tmp/export.sh"

REPS=${REPS:-3}
: > "$tmp/k.all"
: > "$tmp/e.all"
for i in $(seq 1 "$REPS"); do
	run "kyuka$i" "$tmp/kyuka.json" "$KYUKA" logs --no-store --tz UTC --since 2019-01-01 --until 2020-01-01 \
		--format json --evtx-dir "$dir"
	secs "kyuka$i" >> "$tmp/k.all"
	run "export$i" /dev/null "$tmp/export.sh"
	secs "export$i" >> "$tmp/e.all"
done
k=$(median < "$tmp/k.all")
e=$(median < "$tmp/e.all")
found=no
if jq -e '[.findings[] | select(.check_id == "LOG-0100" and .status == "FAIL")] | length > 0' "$tmp/kyuka.json" >/dev/null &&
	jq -e '[.findings[] | select(.check_id == "LOG-0070" and .status == "FAIL")] | length > 0' "$tmp/kyuka.json" >/dev/null; then
	found=yes
fi
records=$(jq -r '[.findings[] | select(.check_id == "LOG-0110")][0].evidence' "$tmp/kyuka.json" | grep -oE '^no service [^;]* in [0-9,]+' | grep -oE '[0-9,]+$' || echo '?')
echo
echo "$files .evtx files, $mb MB, $records records; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-36s %10s %8s %10s %8s\n' tool "wall s" "CPU s" "MB/s" "RSS MB"
printf '%-36s %10s %8s %10s %8s\n' "kyuka logs --evtx-dir (median of $REPS)" "$k" "$(cpu kyuka1)" \
	"$(awk -v m="$mb" -v s="$k" 'BEGIN { printf "%.1f", m / s }')" "$(rss kyuka1)"
printf '%-36s %10s %8s %10s %8s\n' "evtxexport > /dev/null (median of $REPS)" "$e" "$(cpu export1)" \
	"$(awk -v m="$mb" -v s="$e" 'BEGIN { printf "%.1f", m / s }')" "$(rss export1)"
echo "kyuka's time / evtxexport's: $(awk -v a="$k" -v b="$e" 'BEGIN { printf "%.2fx", a / b }') (target <= 2x)"
echo "kyuka reported the cleared log and the group addition: $found"
echo "all times: kyuka $(tr '\n' ' ' < "$tmp/k.all"); evtxexport $(tr '\n' ' ' < "$tmp/e.all")"
