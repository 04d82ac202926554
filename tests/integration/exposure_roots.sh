#!/bin/bash
# The exposure checks (network, services, devices) on fixture roots: each check PASS on the
# good root and WARN/FAIL on the net-bad / svc-bad / dev-bad roots, with the evidence.
. "$(dirname "$0")/lib.sh"

echo "== good: sshd on any address (not risky), PostgreSQL on loopback, nftables policy drop"
g=$(root good)
audit_json "$g" --only AC-5
expect_status 0
only_statuses "PASS"
expect PASS NET-0010 "tcp 127.0.0.1:5432" "postgres (pid 600, postgresql@15-main.service)"
expect PASS NET-0020 tcp "inet filter input: policy drop"
expect PASS NET-0020 udp

echo "== net-bad: SMB filtered, RDP open, VNC only from the LAN, NetBIOS dropped by legacy iptables"
b=$(root net-bad)
audit_json "$b" --only AC-5
expect_status 1
validate_schema "$TMP/out.json"
expect FAIL NET-0010 "tcp 0.0.0.0:3389" "process xrdp (pid 710, xrdp.service); firewall accepts it: inet filter input: policy accept"
expect WARN NET-0010 "tcp 0.0.0.0:445" "smbd (pid 700, smbd.service) and 1 more; firewall drops it: inet filter input: tcp dport 445 drop"
expect WARN NET-0010 "tcp6 [::]:445" "tcp dport 445 drop"
expect WARN NET-0010 "tcp 0.0.0.0:5900" "lets some sources in (inet filter input: ip saddr 192.168.0.0/16 tcp dport 5900 accept)"
expect WARN NET-0010 "udp 0.0.0.0:137" "iptables-legacy filter INPUT: -A INPUT -p udp -m udp --dport 137 -j DROP"
expect WARN NET-0010 "udp 192.168.1.10:137" "bound to 192.168.1.10 (private)"
expect PASS NET-0010 "tcp 127.0.0.1:3306" "mariadbd"
expect_none FAIL NET-0010 "tcp 0.0.0.0:22"
expect WARN NET-0020 tcp "no default deny"

echo "== net-bad with ports.allow: an accepted exception passes, an expired one does not"
cat > "$TMP/kyuka.yaml" <<'YAML'
ports:
  allow:
    - port: 3389
      proto: tcp
      process: xrdp.service
      reason: remote support contract, see ticket 42
      expires: 2027-01-31
    - port: 445
      bind: any
      process: smbd
      reason: old exception
      expires: 2026-06-30
YAML
chmod 600 "$TMP/kyuka.yaml"
audit_json "$b" --only AC-5 --config "$TMP/kyuka.yaml"
expect PASS NET-0010 "tcp 0.0.0.0:3389" "accepted: remote support contract, see ticket 42 (until 2027-01-31)"
expect WARN NET-0010 "tcp 0.0.0.0:445" "accepted exception expired on 2026-06-30"

echo "== a root without /proc copies or saved rulesets: SKIP with the reason, never PASS"
m=$(root minimal)
audit_json "$m" --only AC-5
expect SKIP NET-0010 "" "/proc/net/tcp is missing"
expect SKIP NET-0020 "" "no saved firewall ruleset"
expect_none PASS NET-0010

echo "== kyuka ports on the fixture"
"$KYUKA" ports --root "$b" --format json > "$TMP/ports.json"
$PY - "$TMP/ports.json" <<'PYEOF' && ok "ports json" || fail "ports json"
import json, sys
d = json.load(open(sys.argv[1]))
s = {(x["proto"], x["address"], x["port"]): x for x in d["sockets"]}
assert s[("tcp", "0.0.0.0", 3389)]["firewall"]["result"] == "open"
assert s[("tcp", "0.0.0.0", 445)]["firewall"]["result"] == "filtered"
assert s[("tcp", "0.0.0.0", 5900)]["firewall"]["result"] == "restricted"
assert [o["pid"] for o in s[("tcp", "0.0.0.0", 445)]["owners"]] == [700, 701]
assert s[("tcp", "0.0.0.0", 445)]["owners"][0]["exe"] == "/usr/sbin/smbd"
assert s[("tcp", "127.0.0.1", 3306)]["firewall"]["result"] == "loopback"
PYEOF
"$KYUKA" ports --root "$b" > "$TMP/ports.txt"
grep -q "0.0.0.0:3389 .*xrdp (pid 710, xrdp.service) .*RDP" "$TMP/ports.txt" && ok "ports table" || fail "ports table: $(cat "$TMP/ports.txt")"

finish
