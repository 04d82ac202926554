#!/bin/bash
# kyuka netscan --ports all vs nmap -sT -p- -T4 (with -sU on 137,138,161) and masscan, on three hosts
# in network namespaces this script makes (tests/tools/netscan_ns.sh): host a with listeners (the
# test peers, plus nmbd and snmpd when they run), host b dropping everything, host c rejecting
# everything. 65,535 TCP ports each plus UDP 137/138/161. Prints the wall time of each (median of
# RUNS), the ratios, and whether the open sets agree. Needs root; sends only into its namespaces.
# nmap runs with its host discovery (no -Pn) but without ARP ping (host b answers ARP: its nftables
# table drops IP only, and nmap would then probe all its 65,535 ports into the void, for minutes),
# as kyuka, which sees no ARP, stops at its discovery ports: both skip host b.
# Usage: bench/netscan.sh [KYUKA]   (default build/kyuka); RUNS=N (default 1, the median of N).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
KYUKA=$(realpath "${1:-build/kyuka}")
RUNS=${RUNS:-1}
[ -x "$KYUKA" ] || { echo "no kyuka binary at $KYUKA (make build)" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "needs root (network namespaces)" >&2; exit 1; }
command -v nmap >/dev/null || { echo "nmap is not installed" >&2; exit 1; }

NSP=kyns-netscan-bench$$
. tests/tools/netscan_ns.sh
OUT=$(mktemp -d /tmp/kyuka-bench.XXXXXX)
chmod 755 "$OUT"
cleanup() { ns_cleanup; rm -rf "$OUT"; }
trap cleanup EXIT
ns_setup
A=10.218.1.2 B=10.218.2.2 C=10.218.3.2
inns() { local n=$1; shift; ip netns exec "$NSP-$n" "$@"; }

# the listeners of host a
mkdir -p "$OUT/d"/{lock,state,cache,pid,private,log,ncalrpc,snmp}
cat > "$OUT/d/smb.conf" <<SMB
[global]
  workgroup = KYNSWG
  netbios name = KYNSBENCH
  interfaces = $A/24
  bind interfaces only = yes
  lock directory = $OUT/d/lock
  state directory = $OUT/d/state
  cache directory = $OUT/d/cache
  pid directory = $OUT/d/pid
  private dir = $OUT/d/private
  ncalrpc dir = $OUT/d/ncalrpc
  log file = $OUT/d/log/%m.log
  load printers = no
  disable spoolss = yes
SMB
inns a nmbd -D -s "$OUT/d/smb.conf" 2>/dev/null || inns a python3 tests/tools/netscan_peer.py nbns:137 > /dev/null 2>&1 &
printf 'rocommunity public\n' > "$OUT/d/snmpd.conf"
inns a env SNMP_PERSISTENT_DIR="$OUT/d/snmp" snmpd -Lf /dev/null -C -c "$OUT/d/snmpd.conf" -p "$OUT/d/pid/snmpd.pid" \
	"udp:$A:161" 2>/dev/null || inns a python3 tests/tools/netscan_peer.py snmp:161 > /dev/null 2>&1 &
inns a python3 tests/tools/netscan_peer.py rdp-nla:3389 ssh:22 ftp:21 http:80 vnc:5900 smb:445 plain:139 \
	plain:9100 plain:12345 plain:40000 plain:65535 > "$OUT/peer.out" 2>&1 &
for _ in $(seq 100); do grep -q ready "$OUT/peer.out" 2>/dev/null && break; sleep 0.1; done
sleep 1

# median wall milliseconds of RUNS runs of "$@" (the last run's output kept in $OUT/last)
median_ms() {
	local i t0 t1 ts=()
	for i in $(seq "$RUNS"); do
		t0=$(date +%s%N)
		"$@" > "$OUT/last" 2> "$OUT/last.err" || true
		t1=$(date +%s%N)
		ts+=($(( (t1 - t0) / 1000000 )))
	done
	printf '%s\n' "${ts[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
k_ms=$(median_ms inns s "$KYUKA" netscan --no-store --db "$OUT/k.db" --ports all --format json $A $B $C)
cp "$OUT/last" "$OUT/kyuka.json"
n_ms=$(median_ms inns s nmap -n --disable-arp-ping -sT -sU -p T:1-65535,U:137,138,161 -T4 -oG "$OUT/nmap.txt" $A $B $C)
m_ms=
if command -v masscan >/dev/null; then
	# masscan sends raw frames on one interface to one router MAC: one masscan per host, side by side
	masscan_all() {
		local n pids=() mac
		for n in 1 2 3; do
			mac=$(inns "$(echo _ a b c | cut -d' ' -f$((n + 1)))" cat /sys/class/net/eth0/address)
			inns s masscan -p1-65535,U:137,U:138,U:161 --rate 100000 --wait 2 --adapter "kns$$$n" \
				--adapter-ip "10.218.$n.1" --router-mac "$mac" -oL "$OUT/masscan.$n" "10.218.$n.2" \
				> /dev/null 2>&1 &
			pids+=($!)
		done
		wait "${pids[@]}"
	}
	m_ms=$(median_ms masscan_all)
fi

python3 - "$OUT" "$k_ms" "$n_ms" "${m_ms:-}" <<'PYEOF'
import json, re, sys, os
out, k_ms, n_ms, m_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
k = json.load(open(os.path.join(out, "kyuka.json")))
kt = {h["address"]: {p["port"] for p in h["ports"] if p["proto"] == "tcp" and p["state"] == "open"} for h in k["hosts"]}
ku = {h["address"]: {p["port"]: p["state"] for p in h["ports"] if p["proto"] == "udp" and p["port"] in (137, 138, 161)}
      for h in k["hosts"]}
nt, nu = {}, {}
for line in open(os.path.join(out, "nmap.txt")):
    m = re.match(r"Host: (\S+) .*Ports: ([^\t]*)", line)
    if not m:
        continue
    a = m.group(1)
    for p in m.group(2).split(", "):
        f = p.split("/")
        if len(f) < 3:
            continue
        if f[2] == "tcp" and f[1] == "open":
            nt.setdefault(a, set()).add(int(f[0]))
        if f[2] == "udp":
            nu.setdefault(a, {})[int(f[0])] = f[1]
mt, mu = {}, {}
for n in (1, 2, 3):
    path = os.path.join(out, "masscan.%d" % n)
    if os.path.exists(path):
        for line in open(path):
            f = line.split()
            if len(f) >= 4 and f[0] == "open":
                (mt if f[1] == "tcp" else mu).setdefault(f[3], set()).add(int(f[2]))
hosts = sorted(kt)
print("%-12s %-40s %-40s %s" % ("host", "kyuka open TCP", "nmap open TCP", "masscan open TCP"))
for a in hosts:
    print("%-12s %-40s %-40s %s" % (a, sorted(kt[a]), sorted(nt.get(a, set())), sorted(mt.get(a, set())) if m_ms else "-"))
print("UDP 137/138/161 (kyuka | nmap -sU | masscan answered):")
for a in hosts:
    print("  %-12s %s | %s | %s" % (a, ku.get(a), nu.get(a, {}), sorted(mu.get(a, set())) if m_ms else "-"))
same_nmap = all(kt[a] == nt.get(a, set()) for a in hosts)
same_masscan = m_ms and all(kt[a] == mt.get(a, set()) for a in hosts)
print()
print("kyuka netscan --ports all : %6d ms" % k_ms)
print("nmap -sT -sU -p- -T4      : %6d ms  (%.1fx kyuka)" % (n_ms, n_ms / max(k_ms, 1)))
if m_ms:
    print("masscan (3 in parallel)   : %6d ms  (%.1fx kyuka)" % (int(m_ms), int(m_ms) / max(k_ms, 1)))
print("open TCP sets: %s nmap's; %s masscan's" % ("equal to" if same_nmap else "DIFFERENT from",
      "equal to" if same_masscan else ("DIFFERENT from" if m_ms else "no")))
PYEOF
