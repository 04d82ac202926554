#!/bin/bash
# kyuka scan against clamscan -r and clamdscan --multiscan (clamd started here) on the same tree and
# the same database. Prints wall time, files/s, the ratios and each tool's detections.
# Never run in CI. Usage: bench/scan.sh [SIZE_MB] [FILES]   (default 1100 MB in 20000 files)
# The database: /var/lib/clamav when it holds one (freshclam), else a small one made here (EICAR and
# a marker signature), so the numbers then measure the walk, the parsers and the I/O, not matching.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-1100}
FILES=${2:-20000}
KYUKA=${KYUKA:-./build/kyuka}
[ -x "$KYUKA" ] || { echo "build kyuka first (make build)" >&2; exit 1; }
for p in clamscan:clamav clamdscan:clamav-daemon clamd:clamav-daemon sigtool:clamav; do
	if ! command -v "${p%%:*}" >/dev/null && [ ! -x "/usr/sbin/${p%%:*}" ]; then
		[ "$(id -u)" = 0 ] || { echo "${p%%:*} is missing (apt-get install ${p#*:})" >&2; exit 1; }
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${p#*:}" >/dev/null
	fi
done
CLAMD=$(command -v clamd || echo /usr/sbin/clamd)
tmp=$(mktemp -d /tmp/kyuka-bench-scan.XXXXXX)
clamd_pid=
cleanup() {
	[ -n "$clamd_pid" ] && kill "$clamd_pid" 2>/dev/null && wait "$clamd_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

echo "making the tree ($SIZE_MB MB in $FILES files) in $tmp/tree" >&2
/usr/bin/python3 - "$tmp/tree" "$SIZE_MB" "$FILES" <<'PYEOF'
import gzip, io, os, random, sys, zipfile
root, size_mb, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(42)
elfs = [os.path.join("/usr/bin", n) for n in sorted(os.listdir("/usr/bin"))]
elfs = [p for p in elfs if os.path.isfile(p) and not os.path.islink(p) and os.path.getsize(p) < 4 << 20][:400]
words = b"holiday advisory backup password update firewall mail server laptop report ".split()
eicar = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
avg = size_mb * (1 << 20) // files
for i in range(files):
    d = os.path.join(root, "d%03d" % (i % 200), "s%02d" % (i % 7))
    os.makedirs(d, exist_ok=True)
    kind = i % 10
    n = max(64, int(rng.expovariate(1 / avg)))
    if kind < 3:
        data = b" ".join(rng.choice(words) for _ in range(n // 8))[:n]
        name = "doc%d.txt" % i
    elif kind < 5:
        data = rng.randbytes(n)
        name = "blob%d.bin" % i
    elif kind < 7 and elfs:
        data = open(elfs[i % len(elfs)], "rb").read()
        name = "prog%d" % i
    elif kind < 8:
        b = io.BytesIO()
        with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("a.txt", b" ".join(rng.choice(words) for _ in range(n // 8)))
            z.writestr("b.bin", rng.randbytes(min(n, 1 << 20)))
        data = b.getvalue()
        name = "arch%d.zip" % i
    elif kind < 9:
        data = gzip.compress(b" ".join(rng.choice(words) for _ in range(n // 8)), 1)
        name = "log%d.gz" % i
    else:
        data = rng.randbytes(n // 2) + (eicar if i % 1000 == 9 else b"")
        name = "misc%d.dat" % i
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    if i % 1000 == 9:
        with open(os.path.join(d, "eicar%d.com" % i), "wb") as f:
            f.write(eicar)
PYEOF
bytes=$(du -sb "$tmp/tree" | cut -f1)
nfiles=$(find "$tmp/tree" -type f | wc -l)

if ls /var/lib/clamav/daily.c[vl]d >/dev/null 2>&1; then
	db=/var/lib/clamav
else
	db=$tmp/db
	mkdir -p "$db"
	printf 'X5O!P%%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*' > "$tmp/eicar.com"
	(cd "$tmp" && sigtool --md5 eicar.com) > "$db/bench.hdb"
	printf 'Bench.Marker:0:*:4b59554b412d42454e43482d4d41524b4552\n' > "$db/bench.ndb"
fi
# the same limits for every tool (kyuka's: src/engines/scan.h)
cat > "$tmp/clamd.conf" <<CONF
LocalSocket $tmp/clamd.sock
DatabaseDirectory $db
Foreground yes
MaxThreads $(nproc)
MaxFileSize 200M
MaxScanSize 400M
MaxRecursion 17
MaxFiles 10000
HeuristicAlerts yes
AlertOLE2Macros yes
AlertEncrypted yes
AlertBrokenExecutables yes
CONF
limits=(--max-filesize=200M --max-scansize=400M --max-recursion=17 --max-files=10000
	--heuristic-alerts=yes --alert-macros=yes --alert-encrypted=yes --alert-broken=yes)

sync
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# warm the page cache once so every tool reads from memory
cat $(find "$tmp/tree" -type f) > /dev/null 2>&1 || true

# CPU seconds too: on a loaded machine the wall time says little (clamd's are read from /proc)
cpu_of() { /usr/bin/time -f '%U %S' -o "$tmp/cpu" "$@" > /dev/null 2>&1 || true; tail -n 1 "$tmp/cpu" | awk '{ printf "%.2f", $1 + $2 }'; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

t0=$(now)
clamscan_cpu=$(cpu_of clamscan -r -i --no-summary -d "$db" "${limits[@]}" "$tmp/tree" -l "$tmp/clamscan.out")
t1=$(now)
clamscan_s=$(secs "$t0" "$t1")

"$CLAMD" -c "$tmp/clamd.conf" > "$tmp/clamd.log" 2>&1 &
clamd_pid=$!
for _ in $(seq 600); do [ -S "$tmp/clamd.sock" ] && break; sleep 0.1; done
[ -S "$tmp/clamd.sock" ] || { cat "$tmp/clamd.log" >&2; echo "clamd did not start" >&2; exit 1; }
k0=$(ticks "$clamd_pid")
t0=$(now)
clamdscan -c "$tmp/clamd.conf" --multiscan --fdpass -i --no-summary "$tmp/tree" > "$tmp/clamdscan.out" 2>&1 || true
t1=$(now)
clamdscan_s=$(secs "$t0" "$t1")
clamdscan_cpu=$(awk -v a="$k0" -v b="$(ticks "$clamd_pid")" -v hz="$hz" 'BEGIN { printf "%.2f", (b - a) / hz }')
kill "$clamd_pid" && wait "$clamd_pid" 2>/dev/null || true
clamd_pid=

t0=$(now)
/usr/bin/time -f '%U %S' -o "$tmp/cpu" "$KYUKA" scan --root "$tmp/tree" --no-store --database "$db" --format json / \
	> "$tmp/kyuka.json" 2> "$tmp/kyuka.err" || true
kyuka_cpu=$(tail -n 1 "$tmp/cpu" | awk '{ printf "%.2f", $1 + $2 }')
t1=$(now)
kyuka_s=$(secs "$t0" "$t1")

det_clamscan=$(grep -c 'FOUND$' "$tmp/clamscan.out" || true)
det_clamdscan=$(grep -c 'FOUND$' "$tmp/clamdscan.out" || true)
det_kyuka=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["detections"]))' "$tmp/kyuka.json")
scanned=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["files"])' "$tmp/kyuka.json")

echo "tree: $nfiles files, $((bytes >> 20)) MiB; database: $db; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %9s %9s %9s %11s\n' tool seconds cpu-s files/s detections
rate() { awk -v n="$nfiles" -v s="$1" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
printf '%-34s %9s %9s %9s %11s\n' "clamscan -r" "$clamscan_s" "$clamscan_cpu" "$(rate "$clamscan_s")" "$det_clamscan"
printf '%-34s %9s %9s %9s %11s\n' "clamdscan --multiscan --fdpass" "$clamdscan_s" "$clamdscan_cpu" "$(rate "$clamdscan_s")" "$det_clamdscan"
printf '%-34s %9s %9s %9s %11s\n' "kyuka scan ($scanned files)" "$kyuka_s" "$kyuka_cpu" "$(rate "$kyuka_s")" "$det_kyuka"
awk -v k="$kyuka_s" -v c="$clamscan_s" -v d="$clamdscan_s" \
	'BEGIN { if (k > 0) printf "ratio: kyuka %.2fx clamscan, %.2fx clamdscan --multiscan (>1: kyuka faster)\n", c / k, d / k }'
