#!/bin/bash
# The exposure checks (network, services, devices) on fixture roots: each check PASS on the
# good root and WARN/FAIL on the net-bad / svc-bad / dev-bad roots, with the evidence.
. "$(dirname "$0")/lib.sh"

g=$(root good)
m=$(root minimal)
echo "== good: sshd on any address (not risky), PostgreSQL on loopback, nftables policy drop"
audit_json "$g" --only AC-5
expect_status 0
only_statuses "PASS MANUAL"
expect PASS NET-0010 "tcp 127.0.0.1:5432" "postgres (pid 600, postgresql@15-main.service)"
expect PASS NET-0020 tcp "inet filter input: policy drop"
expect PASS NET-0020 tcp "(ruleset read from /var/lib/kyuka/saved/nft-ruleset.json)"
expect PASS NET-0020 udp

echo "== good: services, timers, cron, wake-up and firmware"
audit_json "$g" --only DV-1,DV-3,DV-4 --holiday 2026-12-27..2027-01-04
expect_status 0
only_statuses "PASS MANUAL"
expect MANUAL SVC-0010 ssh.service "listens on tcp 0.0.0.0:22, tcp6 [::]:22 (sshd (pid 500, ssh.service))"
expect PASS SVC-0020 "" "1 units start at boot"
expect PASS SVC-0030 logrotate.timer "next on 2026-12-27 (OnCalendar=daily); part of the base system"
expect PASS SVC-0040 /etc/crontab:9 "Debian maintenance job"
expect PASS DEV-0010 rtc0 "no wake alarm"
expect PASS DEV-0020 eth0 "disabled"
expect PASS DEV-0030 "" "none of 1 enabled timers"
expect PASS DEV-0040 "" "no pending firmware update"
expect MANUAL DEV-0050 BIOS "BIOS Dell Inc. 2.21.2 (05/14/2026); system Dell Inc. PowerEdge R650"
expect MANUAL DEV-0050 fwupd "PERC H755 Front 52.21.0-4606"
cat > "$TMP/svc.yaml" <<'YAML'
services:
  allow: [ssh]
YAML
chmod 600 "$TMP/svc.yaml"
audit_json "$g" --only SVC-0010 --config "$TMP/svc.yaml"
expect PASS SVC-0010 ssh.service "listed in services.allow"

echo "== svc-bad: extra services at boot, timers and cron jobs during the holiday"
v=$(root svc-bad)
audit_json "$v" --only DV-3,DV-4 --holiday 2026-12-27..2027-01-04
validate_schema "$TMP/out.json"
expect WARN SVC-0020 xrdp.service "wanted by multi-user.target"
expect WARN SVC-0020 backup-agent.service
expect_none WARN SVC-0020 smbd.service
expect_none WARN SVC-0020 ssh.service
# one WARN for the units, which it lists (one remedy: disable them or list them)
expect WARN SVC-0020 "" "units start at boot that are neither part of the base system"
[ "$(jq '[.findings[] | select(.check_id == "SVC-0020" and .status == "WARN")] | length' "$TMP/out.json")" = 1 ] \
	&& ok "SVC-0020 one finding" || fail "SVC-0020 not grouped"
expect WARN SVC-0030 nightly-sync.timer "next on 2026-12-28 (OnCalendar=Mon..Fri"
expect WARN SVC-0030 cache-refresh.timer "repeats every 21600 seconds"
expect_none WARN SVC-0030 summer-report.timer
expect PASS SVC-0030 logrotate.timer
expect WARN SVC-0040 /etc/cron.d/backup:3 "first on 2026-12-27, 30 1 * * * as root): /usr/local/bin/backup.sh --to nas"
expect WARN SVC-0040 /etc/cron.d/startup:1 "@reboot"
expect WARN SVC-0040 "/var/spool/cron/crontabs/alice:2 (alice)" "first on 2026-12-28"
expect WARN SVC-0040 /etc/cron.d/broken "bad minute"
expect_none WARN SVC-0040 /etc/cron.d/summer:1
expect_none WARN SVC-0040 /etc/cron.d/old.dpkg-old:2
expect WARN DEV-0030 nightly-sync.timer "WakeSystem=yes"
expect MANUAL SVC-0010 xrdp.service "tcp 0.0.0.0:3389"
# socket activation: a socket only systemd holds is named by its .socket unit; one the service holds too, by the service
expect MANUAL SVC-0010 rpcbind.socket "listens on tcp 0.0.0.0:111 (systemd (pid 1, init.scope))"
expect MANUAL SVC-0010 rpcbind.service "udp 0.0.0.0:111 (rpcbind (pid 760, rpcbind.service) and 1 more)"
expect WARN SVC-0020 rpcbind.socket "wanted by sockets.target"
cat > "$TMP/svc.yaml" <<'YAML'
services:
  allow: [ssh, xrdp.service, nightly-sync.timer]
allow:
  - check: SVC-0040
    subject: /etc/cron.d/backup:3
    reason: nightly backup must run during the holiday
YAML
chmod 600 "$TMP/svc.yaml"
audit_json "$v" --only DV-3,DV-4 --holiday 2026-12-27..2027-01-04 --config "$TMP/svc.yaml"
expect PASS SVC-0020 xrdp.service "listed in services.allow"
expect PASS SVC-0030 nightly-sync.timer "listed in services.allow"
expect PASS SVC-0040 /etc/cron.d/backup:3 "accepted: nightly backup must run during the holiday"
expect WARN SVC-0010 smbd.service "not listed in services.allow"
expect PASS SVC-0010 ssh.service
echo "-- without a holiday, the holiday checks say so"
audit_json "$v" --only SVC-0030,SVC-0040
expect SKIP SVC-0030 "" "no holiday set"
expect SKIP SVC-0040 "" "no holiday set"

echo "== dev-bad: wake alarm, Wake-on-LAN, pending firmware"
d=$(root dev-bad)
audit_json "$d" --only DV-1,DV-3 --holiday 2026-12-27..2027-01-04
expect_status 1
expect WARN DEV-0010 rtc0 "powers on at 2026-12-31T00:30:00Z, during the holiday"
expect WARN DEV-0020 eth0 "device/power/wakeup is enabled"
expect PASS DEV-0020 wlan0
expect WARN DEV-0020 /etc/systemd/network/10-eth0.link "line 6 turns Wake-on-LAN on at boot: WakeOnLan=magic"
expect WARN DEV-0020 /etc/NetworkManager/system-connections/office.nmconnection "wake-on-lan=64"
expect WARN DEV-0020 /etc/network/interfaces "line 6 turns Wake-on-LAN on at boot: ethernet-wol g"
expect WARN DEV-0020 /etc/network/interfaces "post-up /sbin/ethtool -s eth0 wol g"
expect FAIL DEV-0040 "System Firmware" "firmware 2.90 installed, 2.91 available; urgency high"
expect_none FAIL DEV-0040 MZVLB256HBHQ-000H1
expect MANUAL DEV-0050 BIOS "P62 v02.90 (01/16/2023)"
echo "-- the same machine as a virtual machine: firmware is the hypervisor's"
echo "QEMU" > "$d/sys/class/dmi/id/sys_vendor"
echo "Standard PC (Q35 + ICH9, 2009)" > "$d/sys/class/dmi/id/product_name"
audit_json "$d" --only DEV-0040
expect SKIP DEV-0040 "" "virtual machine (QEMU Standard PC (Q35 + ICH9, 2009))"
echo "-- this host: SKIP with a reason, PASS or FAIL, never ERROR"
status=0
"$KYUKA" audit --only DV-1,DV-3 --holiday 2026-12-27..2027-01-04 --no-store --format json > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
[ "$status" -le 1 ] && ok "host audit ran" || fail "host audit exit $status: $(cat "$TMP/err.txt")"
expect_none ERROR DEV-0040
expect_none ERROR DEV-0010
expect_none ERROR DEV-0020
echo "-- a root without /sys or fwupd output: SKIP with the reason"
audit_json "$m" --only DV-1,DV-3 --holiday 2026-12-27..2027-01-04
expect SKIP DEV-0010 "" "no /sys/class/rtc in the root"
expect SKIP DEV-0020 "" "no /sys/class/net in the root"
expect SKIP DEV-0040 "" "no saved fwupd output"
expect SKIP DEV-0050 "" "no DMI facts"

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
