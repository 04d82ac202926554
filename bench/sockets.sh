#!/bin/bash
# Collecting listening sockets and their owners: kyuka ports vs ss -tulpn, side by side on the same
# host with 5,000 extra listening sockets (2,500 TCP + 2,500 UDP on 127.0.0.1, opened by this script
# and closed at the end). Prints the median of RUNS runs of each and the ratio. Not run in CI.
# Usage: bench/sockets.sh [KYUKA]   (default build/kyuka); RUNS=N to change the number of runs.
set -euo pipefail
cd "$(dirname "$0")/.."
KYUKA=${1:-build/kyuka}
RUNS=${RUNS:-7}
N=5000
[ -x "$KYUKA" ] || { echo "no kyuka binary at $KYUKA (make build)" >&2; exit 1; }
command -v ss >/dev/null || { echo "ss (iproute2) is not installed" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || echo "note: not root; both tools see only the owners they may read"

OUT=$(mktemp -d /tmp/kyuka-bench.XXXXXX)
LPID=
cleanup() { [ -n "$LPID" ] && kill "$LPID" 2>/dev/null || true; rm -rf "$OUT"; }
trap cleanup EXIT

/usr/bin/python3 - "$N" > "$OUT/ready" <<'PYEOF' &
import resource, socket, sys, time
n = int(sys.argv[1])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, n + 1024)), hard))
keep = []
for i in range(n):
    if i % 2 == 0:
        s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
    keep.append(s)
print("ready", flush=True)
time.sleep(3600)
PYEOF
LPID=$!
for _ in $(seq 300); do grep -q ready "$OUT/ready" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$OUT/ready" || { echo "the listeners did not start" >&2; exit 1; }

# median wall time in milliseconds of RUNS runs of a command (output discarded)
median_ms() {
	local i t0 t1
	for i in $(seq "$RUNS"); do
		t0=$(date +%s%N)
		"$@" > /dev/null
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000))
	done | sort -n | awk '{v[NR]=$1} END {printf "%.1f", v[int((NR+1)/2)]/1000}'
}

n_ss=$(ss -Htulpn | wc -l)
n_k=$("$KYUKA" ports --no-firewall --format json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["sockets"]))')
echo "listening sockets: ss $n_ss, kyuka $n_k (with $N opened by this script)"
t_ss=$(median_ms ss -tulpn)
t_k=$(median_ms "$KYUKA" ports --no-firewall)
t_kj=$(median_ms "$KYUKA" ports --no-firewall --format json)
echo "ss -tulpn:                         ${t_ss} ms (median of $RUNS)"
echo "kyuka ports --no-firewall:         ${t_k} ms"
echo "kyuka ports --no-firewall (json):  ${t_kj} ms"
awk -v a="$t_k" -v b="$t_ss" 'BEGIN { printf "ratio kyuka/ss: %.2f (target: at most 1.00)\n", a / b }'
