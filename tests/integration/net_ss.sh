#!/bin/bash
# The /proc/net parser and the owner walk against ss(8): the same listening sockets, the same
# processes. First in a network namespace this test makes (exact), then on the live machine
# (other programs may open and close sockets meanwhile: ss runs before and after kyuka, and only
# what both ss runs agree on must match).
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v ss >/dev/null || ! command -v ip >/dev/null; then
	echo "skipped: needs root, ss and ip (iproute2)"
	exit 77
fi

NS=kyuka-ss-$$ PIDS=()
cleanup() {
	# every process in the namespace is one this test started (listeners and their children)
	for p in "${PIDS[@]}" $(ip netns pids "$NS" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
	ip netns del "$NS" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT

# compare SS-BEFORE SS-AFTER KYUKA-JSON LABEL
compare() {
	if $PY - "$@" <<'PYEOF'; then ok "$4: same sockets, same owners"; else fail "$4: kyuka and ss disagree"; fi
import json, re, sys

def ss_sockets(path):
    out = {}
    for line in open(path):
        f = line.split()
        if len(f) < 5:
            continue
        proto, local = f[0], f[4]
        addr, port = local.rsplit(":", 1)
        addr = re.sub(r"%[^\]]*$", "", addr)        # 127.0.0.53%lo -> 127.0.0.53
        if addr == "*":
            addr = "::"
        addr = addr.strip("[]")
        addr = re.sub(r"%.*$", "", addr)
        pids = frozenset(int(p) for p in re.findall(r"pid=(\d+)", line))
        key = (proto, addr, int(port))
        out[key] = out.get(key, frozenset()) | pids
    return out

before, after = ss_sockets(sys.argv[1]), ss_sockets(sys.argv[2])
k = {}
for s in json.load(open(sys.argv[3]))["sockets"]:
    key = (s["proto"], s["address"], s["port"])
    k[key] = k.get(key, frozenset()) | frozenset(o["pid"] for o in s["owners"])
stable = set(before) & set(after)
bad = 0
for key in sorted(stable):
    if key not in k:
        print("  missing in kyuka:", key, file=sys.stderr); bad += 1
    elif before[key] == after[key] and k[key] != before[key]:
        print("  owners differ:", key, "ss", sorted(before[key]), "kyuka", sorted(k[key]), file=sys.stderr); bad += 1
for key in sorted(set(k) - set(before) - set(after)):
    print("  only in kyuka:", key, file=sys.stderr); bad += 1
print("  compared %d sockets" % len(stable))
sys.exit(1 if bad else 0)
PYEOF
}

# ss -H without -t/-u prints no Netid column: mark each table's lines with its protocol
snapshot() {
	{ ss -Htlnp | sed 's/^/tcp /'; ss -Hulnp | sed 's/^/udp /'; } > "$1"
}

echo "== a namespace with known listeners"
ip netns add "$NS"
ip -n "$NS" link set lo up
ip netns exec "$NS" /usr/bin/python3 "$SRCDIR/tests/tools/listen.py" tcp:0.0.0.0:445 'tcp:[::]:3389' \
	udp:0.0.0.0:137 'udp:[::1]:5353' tcp:127.0.0.1:0 > "$TMP/l1.out" 2>&1 &
PIDS+=($!)
# a second process sharing its listening socket with a child (like a pre-forking server)
ip netns exec "$NS" /usr/bin/python3 -c '
import os, socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 8080)); s.listen(4)
if os.fork() == 0:
    time.sleep(3600)
print("ready", flush=True); time.sleep(3600)' > "$TMP/l2.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do grep -q ready "$TMP/l1.out" "$TMP/l2.out" 2>/dev/null && [ "$(cat "$TMP/l1.out" "$TMP/l2.out" | grep -c ready)" = 2 ] && break; sleep 0.1; done
ip netns exec "$NS" bash -c "$(declare -f snapshot); snapshot '$TMP/ss1'"
ip netns exec "$NS" "$KYUKA" ports --no-firewall --format json > "$TMP/k.json"
ip netns exec "$NS" bash -c "$(declare -f snapshot); snapshot '$TMP/ss2'"
compare "$TMP/ss1" "$TMP/ss2" "$TMP/k.json" namespace
[ "$(wc -l < "$TMP/ss1")" -ge 6 ] && ok "ss saw the listeners" || fail "ss saw $(wc -l < "$TMP/ss1") sockets"
$PY - "$TMP/k.json" <<'PYEOF' && ok "two owners of the shared socket" || fail "shared socket owners"
import json, sys
for s in json.load(open(sys.argv[1]))["sockets"]:
    if s["port"] == 8080:
        sys.exit(0 if len(s["owners"]) == 2 and all(o["comm"] == "python3" for o in s["owners"]) else 1)
sys.exit(1)
PYEOF

echo "== the live machine"
snapshot "$TMP/ss1"
"$KYUKA" ports --no-firewall --format json > "$TMP/k.json"
snapshot "$TMP/ss2"
compare "$TMP/ss1" "$TMP/ss2" "$TMP/k.json" host

finish
