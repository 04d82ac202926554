#!/bin/bash
# kyuka netscan against hosts this test makes: a scanner namespace and three hosts on veth pairs
# (tests/tools/netscan_ns.sh), plus the scanner's loopback. Host a runs Samba's smbd and nmbd with a
# private smb.conf (SMBv1 on, signing mandatory), Debian's snmpd with community public, and the
# test's peers (RDP requiring NLA, SSH/FTP/telnet/VNC banners, an HTTP admin page, a silent port);
# host b drops everything, host c rejects everything; the loopback has an RDP peer without NLA.
# nmap -sT on the same namespaces must see the same open TCP ports; nmblookup -A the same names.
# Traffic goes only to these namespaces and their loopbacks.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null || ! ip netns list >/dev/null 2>&1; then
	echo "skipped: needs root and ip (iproute2) with network namespaces"
	exit 77
fi

NSP=kyns-netscan-$$
. "$SRCDIR/tests/tools/netscan_ns.sh"
cleanup() {
	ns_cleanup
	rm -rf "$TMP"
}
trap cleanup EXIT
ns_setup
A=10.218.1.2 B=10.218.2.2 C=10.218.3.2
PEER="$SRCDIR/tests/tools/netscan_peer.py"
inns() { local n=$1; shift; ip netns exec "$NSP-$n" "$@"; }
scan() { status=0; inns s "$KYUKA" netscan --db "$TMP/ns.db" "$@" > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?; }

# wait_port NS PROTO PORT: until something listens there (at most 10 s)
wait_port() {
	local i
	for i in $(seq 100); do
		inns "$1" ss -Hln"${2:0:1}" "sport = :$3" 2>/dev/null | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

echo "== the peers"
D=$TMP/samba
mkdir -p "$D"/{lock,state,cache,pid,private,log,share,ncalrpc,snmp}
cat > "$D/smb.conf" <<SMB
[global]
  workgroup = KYNSWG
  netbios name = KYNSSMB
  server role = standalone server
  interfaces = $A/24
  bind interfaces only = yes
  lock directory = $D/lock
  state directory = $D/state
  cache directory = $D/cache
  pid directory = $D/pid
  private dir = $D/private
  ncalrpc dir = $D/ncalrpc
  log file = $D/log/%m.log
  server min protocol = NT1
  server signing = mandatory
  load printers = no
  printcap name = /dev/null
  disable spoolss = yes
  smb ports = 445 139
[share]
  path = $D/share
SMB
samba=no nmbd=no snmpd=no
if command -v smbd >/dev/null && inns a smbd -D -s "$D/smb.conf" 2>/dev/null && wait_port a t 445; then
	samba=yes
else
	inns a "$PY" "$PEER" smb:445 > "$TMP/smbpeer.out" 2>&1 &
fi
if command -v nmbd >/dev/null && inns a nmbd -D -s "$D/smb.conf" 2>/dev/null && wait_port a u 137; then
	nmbd=yes
else
	inns a "$PY" "$PEER" nbns:137 > "$TMP/nbpeer.out" 2>&1 &
fi
printf 'rocommunity public\nsysDescr KyNS snmpd test device\n' > "$D/snmpd.conf"
if command -v snmpd >/dev/null; then
	inns a env SNMP_PERSISTENT_DIR="$D/snmp" snmpd -f -Lf "$D/log/snmpd.log" -C -c "$D/snmpd.conf" \
		-p "$D/pid/snmpd.pid" "udp:$A:161" > /dev/null 2>&1 &
	wait_port a u 161 && snmpd=yes
fi
[ "$snmpd" = yes ] || inns a "$PY" "$PEER" snmp:161 > "$TMP/snmppeer.out" 2>&1 &
inns a "$PY" "$PEER" rdp-nla:3389 ssh:22 ftp:21 http:80 vnc:5900 telnet:23 plain:9100 plain:40000 ssdp:1900 mdns:5353 \
	> "$TMP/peer.out" 2>&1 &
ip netns exec "$NSP-a" "$PY" "$PEER" plain:8080 > "$TMP/peer8080.out" 2>&1 &
P8080=$!
inns s "$PY" "$PEER" rdp-open:3389 snmp1:161 > "$TMP/peerlo.out" 2>&1 &
wait_port a t 40000 && wait_port a t 8080 && wait_port s t 3389 && wait_port a t 445 && wait_port a u 161 \
	|| fail "the peers did not start"
echo "samba: $samba, nmbd: $nmbd, snmpd: $snmpd"

echo "== refused before any packet"
scan 8.8.8.8
[ "$status" = 2 ] && grep -q "public address" "$TMP/err.txt" && ok "a public address is refused" \
	|| fail "public address: exit $status $(cat "$TMP/err.txt")"
scan 10.0.0.0/8
[ "$status" = 2 ] && grep -q "larger than a /16" "$TMP/err.txt" && ok "a /8 is refused" || fail "/8: exit $status"
scan 224.0.0.1
[ "$status" = 2 ] && ok "multicast is refused" || fail "multicast: exit $status"

echo "== default ports, three hosts and the loopback"
scan --format json --retries 2 $A $B $C 127.0.0.1
[ "$status" = 1 ] && ok "exit 1 (findings)" || fail "exit $status: $(cat "$TMP/err.txt")"
cp "$TMP/out.json" "$TMP/first.json"
inns s nmap -sT -Pn -n -T4 -p "21,22,23,25,53,80,81,88,110,111,135,137,138,139,143,161,389,443,445,502,515,554,631,873,1433,1521,1723,1883,1900,2049,2323,2375,2376,3306,3389,4840,5000,5432,5900,5901,5985,5986,6379,7547,8000,8008,8080,8081,8443,8888,9000,9100,9200,10000,10250,11211,27017,37777,49152" \
	-oG "$TMP/nmap.txt" $A $B $C 127.0.0.1 > /dev/null 2>&1 || fail "nmap failed"
$PY - "$TMP/out.json" "$TMP/nmap.txt" <<'PYEOF' && ok "default ports: the open TCP sets equal nmap's" || fail "default ports: nmap disagrees"
import json, re, sys
k = {h["address"]: {p["port"] for p in h["ports"] if p["proto"] == "tcp" and p["state"] == "open"}
     for h in json.load(open(sys.argv[1]))["hosts"]}
n = {}
for line in open(sys.argv[2]):
    m = re.match(r"Host: (\S+) .*Ports: ([^\t]*)", line)
    if m:
        n[m.group(1)] = {int(p.split("/")[0]) for p in m.group(2).split(", ") if p.count("/") > 1 and p.split("/")[1] == "open"}
bad = 0
for a in sorted(set(k) | set(n)):
    if k.get(a, set()) != n.get(a, set()):
        print("  %s kyuka %s nmap %s" % (a, sorted(k.get(a, set())), sorted(n.get(a, set()))), file=sys.stderr)
        bad = 1
print("  open:", {a: sorted(v) for a, v in k.items()})
sys.exit(bad)
PYEOF

$PY - "$TMP/out.json" "$samba" <<'PYEOF' && ok "services confirmed" || fail "services"
import json, sys
rep = json.load(open(sys.argv[1]))
samba = sys.argv[2] == "yes"
h = {x["address"]: x for x in rep["hosts"]}
def port(a, proto, n):
    for p in h[a]["ports"]:
        if p["proto"] == proto and p["port"] == n:
            return p
    raise SystemExit("no %s/%d on %s" % (proto, n, a))
bad = []
def want(cond, what):
    if not cond:
        bad.append(what)
a = "10.218.1.2"
s445 = port(a, "tcp", 445)
want(s445["status"] == "FAIL" and s445["item"] == "AC-5", "445 FAIL AC-5")
want(s445["smb_signing_required"] is True, "445 signing required")
want(s445["smb1_accepted"] is (True if samba else False), "445 SMBv1 %s" % ("accepted" if samba else "refused"))
if samba:
    want(port(a, "tcp", 139)["smb1_accepted"] is True, "139 SMBv1 accepted through a NetBIOS session")
want(port(a, "tcp", 3389)["rdp_nla_required"] is True, "3389 NLA required")
want(port("127.0.0.1", "tcp", 3389)["rdp_nla_required"] is False, "loopback 3389 without NLA")
want(port("127.0.0.1", "udp", 161)["snmp_public"] is True, "an SNMPv1-only agent answering public")
want(port(a, "tcp", 22)["banner"].startswith("SSH-2.0-OpenSSH_9.2p1"), "ssh banner")
want(port(a, "tcp", 21)["banner"] == "220 KyNS FTP ready", "ftp banner")
want(port(a, "tcp", 5900)["banner"] == "RFB 003.008", "vnc banner")
want(port(a, "tcp", 23)["status"] == "FAIL", "telnet FAIL")
p80 = port(a, "tcp", 80)
want(p80["http_server"] == "KyNS-httpd/1.0" and p80["http_title"].startswith("Camera"), "http title and server")
want("\x1b" not in json.dumps(rep) and "\\u001b" not in json.dumps(rep), "no escape character in the JSON")
snmp = port(a, "udp", 161)
want(snmp["status"] == "FAIL" and snmp["snmp_public"] is True and "KyNS" in snmp["snmp_sysdescr"], "snmp public FAIL")
nb = port(a, "udp", 137)
want(nb["state"] == "open" and nb["status"] == "FAIL" and "KYNS" in (nb["netbios_names"] or ""), "nbns names")
ssdp = port(a, "udp", 1900)
want(ssdp["state"] == "open" and ssdp["http_server"].startswith("KyNS/1.0") and "rootDesc.xml" in ssdp["evidence"], "ssdp server and location")
want(port(a, "udp", 5353)["state"] == "open" and "1 records" in port(a, "udp", 5353)["evidence"], "mdns answered")
b, c = h["10.218.2.2"], h["10.218.3.2"]
want(not b["answered"] and b["tcp_open"] == 0 and b["tcp_closed"] == 0 and b["tcp_filtered"] == b["tcp_scanned"], "b silent, all filtered")
want(all(p["state"] == "open|filtered" for p in b["ports"]), "b udp open|filtered")
want(c["answered"] and c["tcp_open"] == 0 and c["tcp_closed"] == c["tcp_scanned"], "c rejects: all closed")
want(all(p["state"] == "closed" for p in c["ports"] if p["proto"] == "udp"), "c udp closed (ICMP)")
want(rep["previous_scan"] is None, "a first scan has nothing to compare")
for x in bad:
    print("  missing:", x, file=sys.stderr)
sys.exit(1 if bad else 0)
PYEOF

if [ "$nmbd" = yes ] && command -v nmblookup >/dev/null; then
	inns s timeout 10 nmblookup -A $A > "$TMP/nmb1.txt" 2>&1 || true
	scan --format json --no-store --retries 2 $A
	inns s timeout 10 nmblookup -A $A > "$TMP/nmb2.txt" 2>&1 || true
	$PY - "$TMP/out.json" "$TMP/nmb1.txt" "$TMP/nmb2.txt" <<'PYEOF' && ok "NetBIOS names as nmblookup -A" || fail "nmblookup disagrees"
import json, re, sys
def norm(s):
    return "".join(ch if 32 < ord(ch) < 127 else "." for ch in s)
def nmb(path):
    out = set()
    for line in open(path, errors="replace"):
        m = re.match(r"\t(.{15}) <([0-9a-f]{2})>", line)
        if m:
            out.add("%s<%s>" % (norm(m.group(1).rstrip()), m.group(2)))
    return out
rep = json.load(open(sys.argv[1]))
names = next(p["netbios_names"] for p in rep["hosts"][0]["ports"] if p["proto"] == "udp" and p["port"] == 137)
k = {norm(re.sub(r"\(group\)$", "", n)) for n in names.split(" ")}
b, a = nmb(sys.argv[2]), nmb(sys.argv[3])
print("  kyuka", sorted(k), "nmblookup", sorted(b | a))
sys.exit(0 if (b & a) <= k <= (b | a) and k else 1)
PYEOF
fi

echo "== every port of host a and c, against nmap -sT -p-"
scan --format json --ports all --no-udp --no-store $A $C
[ "$status" = 1 ] || fail "--ports all: exit $status: $(cat "$TMP/err.txt")"
inns s nmap -sT -Pn -n -T4 -p- -oG "$TMP/nmapall.txt" $A $C > /dev/null 2>&1 || fail "nmap -p- failed"
$PY - "$TMP/out.json" "$TMP/nmapall.txt" <<'PYEOF' && ok "all ports: the open TCP sets equal nmap's" || fail "all ports: nmap disagrees"
import json, re, sys
rep = json.load(open(sys.argv[1]))
k = {h["address"]: {p["port"] for p in h["ports"] if p["proto"] == "tcp" and p["state"] == "open"} for h in rep["hosts"]}
n = {}
for line in open(sys.argv[2]):
    m = re.match(r"Host: (\S+) .*Ports: ([^\t]*)", line)
    if m:
        n[m.group(1)] = {int(p.split("/")[0]) for p in m.group(2).split(", ") if p.count("/") > 1 and p.split("/")[1] == "open"}
for a in k:
    n.setdefault(a, set())
print("  kyuka", {a: sorted(v) for a, v in k.items()}, "scanned", [h["tcp_scanned"] for h in rep["hosts"]])
ok = k == n and 40000 in k["10.218.1.2"] and all(h["tcp_scanned"] == 65535 for h in rep["hosts"])
if not ok:
    print("  nmap", {a: sorted(v) for a, v in n.items()}, file=sys.stderr)
sys.exit(0 if ok else 1)
PYEOF
scan --format json --ports all --no-udp --no-store $B
$PY - "$TMP/out.json" <<'PYEOF' && ok "a silent host stops after the discovery ports" || fail "discovery"
import json, sys
h = json.load(open(sys.argv[1]))["hosts"][0]
sys.exit(0 if h["discovery_stop"] and not h["answered"] and h["tcp_scanned"] < 100 else 1)
PYEOF

echo "== the rate limit"
scan --format json --no-store --no-udp --no-confirm --ports 1-3000 --rate 2000 127.0.0.1
$PY - "$TMP/out.json" <<'PYEOF' && ok "--rate 2000: 3,000 probes take 1.4 s or more" || fail "the rate limit"
import json, sys
d = json.load(open(sys.argv[1]))
print("  %d probes in %d ms" % (d["probes"], d["elapsed_ms"]))
sys.exit(0 if d["probes"] >= 3000 and d["elapsed_ms"] >= 1400 and d["hosts"][0]["tcp_scanned"] == 3000 else 1)
PYEOF

echo "== the next scan: what appeared and vanished"
kill "$P8080"
inns a "$PY" "$PEER" plain:8000 > "$TMP/peer8000.out" 2>&1 &
wait_port a t 8000 || fail "peer 8000"
for _ in $(seq 50); do inns a ss -Hlnt "sport = :8080" | grep -q . || break; sleep 0.1; done
scan --format json $A
$PY - "$TMP/out.json" <<'PYEOF' && ok "8000 appeared, 8080 vanished" || fail "appeared/vanished"
import json, sys
rep = json.load(open(sys.argv[1]))
h = rep["hosts"][0]
new = sorted(p["port"] for p in h["ports"] if p["appeared"])
print("  appeared", new, "vanished", h["vanished"])
sys.exit(0 if rep["previous_scan"] and new == [8000] and h["vanished"] == ["tcp/8080"] else 1)
PYEOF

echo "== the inventory (DV-2)"
cat > "$TMP/kyuka.yaml" <<YAML
version: 1
netscan:
  targets: [127.0.0.1]
inventory:
  devices:
    - name: nas-a
      address: $A
      kind: nas
      owner: IT desk
      holiday: on
      allow:
        - port: 22
          reason: admins log in from the admin VLAN
    - name: camera-b
      address: $B
      kind: camera
      holiday: off
    - name: nvr-gone
      address: 10.218.2.9
      kind: recorder
      holiday: on
    - name: printer-c
      address: $C
      kind: printer
      holiday: off
YAML
# a fresh neighbour table: what answers address resolution now, not what did a minute ago
inns s ip neigh flush all
status=0
inns s "$KYUKA" --config "$TMP/kyuka.yaml" netscan --db "$TMP/ns.db" --no-store --format json > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
$PY - "$TMP/out.json" <<'PYEOF' && ok "DV-2: off answering (ports, or ARP only) FAIL, on silent WARN, on answering PASS; allowed port INFO" || fail "DV-2 $(cat "$TMP/err.txt")"
import json, sys
h = {x["address"]: x for x in json.load(open(sys.argv[1]))["hosts"]}
d = {a: (x["device"] or {}).get("status") for a, x in h.items()}
p22 = next(p for p in h["10.218.1.2"]["ports"] if p["port"] == 22 and p["proto"] == "tcp")
b = h["10.218.2.2"]
print("  ", d, p22["status"], p22["evidence"][-60:], "b:", b["answered"], b["link_answered"], b["mac"])
sys.exit(0 if d == {"127.0.0.1": None, "10.218.1.2": "PASS", "10.218.2.2": "FAIL", "10.218.2.9": "WARN",
                    "10.218.3.2": "FAIL"}
         and not b["answered"] and b["link_answered"] and "ARP" in b["device"]["evidence"]
         and not h["10.218.2.9"]["link_answered"]
         and p22["status"] == "INFO" and "admin VLAN" in p22["evidence"] else 1)
PYEOF

echo "== audit --phase before: DEV-0060 (DV-2)"
# a device kyuka may not probe is an ERROR of its own (the command refuses the whole scan, exit 2)
cat >> "$TMP/kyuka.yaml" <<YAML
    - name: cloud-vm
      address: 8.8.8.8
      holiday: off
YAML
status=0
inns s "$KYUKA" --config "$TMP/kyuka.yaml" netscan --db "$TMP/ns.db" --no-store > /dev/null 2> "$TMP/err.txt" || status=$?
[ "$status" = 2 ] && grep -q "public address" "$TMP/err.txt" && ok "netscan refuses a public inventory address" \
	|| fail "netscan with a public inventory address: exit $status"
inns s ip neigh flush all
status=0
inns s "$KYUKA" --config "$TMP/kyuka.yaml" audit --root "$(root minimal)" --now "$NOW" --no-store --db "$TMP/none.db" \
	--phase before --only DEV-0060 --format json > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
expect FAIL DEV-0060 printer-c "answered at 10.218.3.2"
expect FAIL DEV-0060 camera-b "address resolution (ARP/NDP) at 10.218.2.2"
expect WARN DEV-0060 nvr-gone "no answer at 10.218.2.9"
expect PASS DEV-0060 nas-a "answered at 10.218.1.2"
expect ERROR DEV-0060 cloud-vm "public address"
audit_json "$(root minimal)" --phase before --only DEV-0060
expect SKIP DEV-0060 "" "inventory.devices and netscan.targets"

echo "== terminal output"
status=0
inns s "$KYUKA" netscan --db "$TMP/ns.db" --no-store --no-udp $A > "$TMP/out.txt" 2>&1 || status=$?
grep -q "445/tcp" "$TMP/out.txt" && ! grep -q $'\x1b' "$TMP/out.txt" && ok "terminal: rows, no escape character" \
	|| fail "terminal output"
finish
