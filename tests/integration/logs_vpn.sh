#!/bin/bash
# The log review on VPN and firewall appliances' lines as a syslog server keeps them (FortiGate, Cisco
# ASA, Palo Alto GlobalProtect, Pulse/Ivanti Connect Secure, SonicWall, YAMAHA RTX; the line formats are
# those of tests/unit/test_parse_logvpn.c, from the vendors' log references): recognised with no flag,
# one file per device and one mixed file, with and without syslog headers. Failures by source, spraying,
# a login after failures, a VPN login at night from a new source and accepted traffic to 445/3389 from
# outside are found, each naming the vendor and the device; the same from inside or from a known source
# is not; a user name with terminal escapes is escaped in the terminal report.
. "$(dirname "$0")/lib.sh"

D=$TMP/vpn
mkdir -p "$D"
HOL=2026-12-27..2027-01-04
NOW_L=2027-01-10T09:00:00+09:00

$PY - "$D" <<'PYEOF'
import sys
d = sys.argv[1]
def fgt(day, t, rest, host="fw01"):
    return f"Dec {day} {t} {host} date=2026-12-{day} time={t} devname=\"FGT60E\" devid=\"FGT60ETK18000001\" {rest}"
fg = []
# the baseline: alice's VPN from her home address, in the day
fg.append(fgt("01", "10:00:00", 'logid="0101039424" type="event" subtype="vpn" level="information" vd="root" logdesc="SSL VPN tunnel up" action="tunnel-up" tunneltype="ssl-tunnel" tunnelid=1 remip=198.51.100.20 user="alice" group="vpn" msg="SSL tunnel established"'))
# the window: alice again (known source, in the day)
fg.append(fgt("28", "10:00:00", 'logid="0101039424" type="event" subtype="vpn" level="information" vd="root" logdesc="SSL VPN tunnel up" action="tunnel-up" tunneltype="ssl-tunnel" tunnelid=2 remip=198.51.100.20 user="alice" group="vpn" msg="SSL tunnel established"'))
# spraying from 203.0.113.66 at night, then a login from it, then SMB from it
for i, u in enumerate(["\x1b]0;owned\x07\x1b[2Jroot", "admin", "bob", "carol", "dave", "erin", "frank"]):
    fg.append(fgt("30", f"02:0{i}:00", f'logid="0101039426" type="event" subtype="vpn" level="alert" vd="root" logdesc="SSL VPN login fail" action="ssl-login-fail" tunneltype="ssl-web" remip=203.0.113.66 user="{u}" reason="sslvpn_login_permission_denied" msg="SSL user failed to logged in"'))
fg.append(fgt("30", "02:10:00", 'logid="0101039424" type="event" subtype="vpn" level="information" vd="root" logdesc="SSL VPN tunnel up" action="tunnel-up" tunneltype="ssl-tunnel" tunnelid=1234 remip=203.0.113.66 user="frank" group="vpn" msg="SSL tunnel established"'))
fg.append(fgt("30", "02:12:00", 'logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=203.0.113.66 srcport=51000 srcintf="wan1" dstip=192.168.1.10 dstport=445 dstintf="internal" policyid=7 proto=6 action="accept" service="SMB"'))
# inside to 445: not a finding
fg.append(fgt("30", "09:00:00", 'logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=192.168.1.20 srcport=51000 srcintf="internal" dstip=192.168.1.10 dstport=445 dstintf="internal" policyid=8 proto=6 action="close" service="SMB"'))
open(f"{d}/fortigate.log", "w").write("\n".join(fg) + "\n")

m = []
# Cisco ASA: 20 failures from 203.0.113.70 (brute force), then an AnyConnect login from it; its own timestamp
for i in range(20):
    m.append(f"Dec 31 01:{i:02d}:00 asa01 %ASA-4-113015: AAA user authentication Rejected : reason = Invalid password : local database : user = jdoe : user IP = 203.0.113.70")
m.append("Dec 31 2026 01:30:00 asa01 : %ASA-6-113039: Group <GroupPolicy_VPN> User <jdoe> IP <203.0.113.70> AnyConnect parent session started.")
m.append("Dec 31 2026 01:30:01 asa01 : %ASA-6-722051: Group <GroupPolicy_VPN> User <jdoe> IP <203.0.113.70> IPv4 Address <10.20.0.5> IPv6 address <::> assigned to session")
m.append("Dec 31 01:31:00 asa01 %ASA-6-302013: Built inbound TCP connection 11 for outside:203.0.113.70/21647 (203.0.113.70/21647) to inside:10.1.1.2/3389 (198.51.100.5/3389)")
# Palo Alto GlobalProtect (RFC 5424 as received): 5 failures then a connection
for i in range(5):
    m.append(f"<14>1 2027-01-01T03:0{i}:00+09:00 pa01 - - - - 1,2027/01/01 03:0{i}:00,012801000001,GLOBALPROTECT,0,2561,2027/01/01 03:0{i}:00,vsys1,gateway-auth,login,LDAP,,jsmith,JP,,203.0.113.80,0.0.0.0,0.0.0.0,0.0.0.0,,,,,,1,,,\"Authentication failed\",failure,,0,,0,GP-Portal,1,0x0")
m.append("<14>1 2027-01-01T03:10:00+09:00 pa01 - - - - 1,2027/01/01 03:10:00,012801000001,GLOBALPROTECT,0,2561,2027/01/01 03:10:00,vsys1,gateway-connected,connected,,tunnel,jsmith,JP,LAPTOP-1,203.0.113.80,0.0.0.0,10.30.0.9,0.0.0.0,host-1,SN1,6.1.0,Windows,10.0,1,,,\"\",success,Tokyo,0,user-logon,0,GP-Portal,2,0x0")
# Pulse Connect Secure: 5 failures, then a primary authentication
for i in range(5):
    m.append(f"Jan  2 04:0{i}:00 pcs01 PulseSecure: 2027-01-02 04:0{i}:00 - ive - [203.0.113.90] kato(Users)[] - Login failed using auth server AD (Active Directory).  Reason: Failed")
m.append("Jan  2 04:10:00 pcs01 PulseSecure: 2027-01-02 04:10:00 - ive - [203.0.113.90] kato(Users)[Users] - Primary authentication successful for kato/Users from 203.0.113.90")
# SonicWall without a syslog header: 5 failures then a login
for i in range(5):
    m.append(f"<134>id=firewall sn=0017C5000001 time=\"2027-01-03 05:0{i}:00\" fw=192.0.2.9 pri=1 c=32 m=32 msg=\"User login denied due to bad credentials\" usr=\"suzuki\" src=203.0.113.95:5123{i}:X1 dst=192.0.2.9:4433:X1 proto=tcp/4433")
m.append("<134>id=firewall sn=0017C5000001 time=\"2027-01-03 05:10:00\" fw=192.0.2.9 pri=5 c=4 m=1080 msg=\"SSL VPN zone remote user login allowed\" usr=\"suzuki\" src=203.0.113.95:51240:X1 dst=192.0.2.9:4433:X1 proto=tcp/4433")
# YAMAHA RTX: administrator login failures then a login
for i in range(5):
    m.append(f"Jan  3 06:0{i}:00 192.168.100.1 Login failed for TELNET: 203.0.113.99")
m.append("Jan  3 06:10:00 192.168.100.1 Login succeeded for TELNET: 203.0.113.99")
m.append("Jan  3 06:20:00 192.168.100.1 PP[01] Passed at IN(1100) filter: TCP 203.0.113.97:51234 > 192.168.100.5:3389")
open(f"{d}/remote.log", "w").write("\n".join(m) + "\n")
PYEOF
touch -d 2027-01-05T00:00:00 "$D/fortigate.log" "$D/remote.log"

run_logs() {
	checked /dev/null "0 1" logs "$D/fortigate.log" "$D/remote.log" --now "$NOW_L" --holiday "$HOL" --tz +09:00 \
		--no-store "$@"
}

run_logs --format json --output "$TMP/out.json"
expect WARN LOG-0020 203.0.113.66 "password spraying"
expect WARN LOG-0020 203.0.113.66 "(FortiGate fw01)"
expect FAIL LOG-0030 frank@203.0.113.66 "(FortiGate fw01)"
expect WARN LOG-0080 203.0.113.66 "at night"
expect FAIL LOG-0090 "203.0.113.66 -> TCP/445" "(FortiGate fw01)"
expect_none FAIL LOG-0090 "192.168.1.20 -> TCP/445"
expect_none WARN LOG-0080 198.51.100.20
expect WARN LOG-0020 203.0.113.70 "brute force"
expect FAIL LOG-0030 jdoe@203.0.113.70 "(Cisco ASA asa01)"
expect FAIL LOG-0090 "203.0.113.70 -> TCP/3389" "(Cisco ASA asa01)"
expect FAIL LOG-0030 jsmith@203.0.113.80 "(Palo Alto GlobalProtect pa01)"
expect FAIL LOG-0030 kato@203.0.113.90 "(Ivanti Connect Secure pcs01)"
expect FAIL LOG-0030 suzuki@203.0.113.95 "(SonicWall "
expect FAIL LOG-0030 @203.0.113.99 "(YAMAHA RTX 192.168.100.1)"
expect FAIL LOG-0090 "203.0.113.97 -> TCP/3389" "(YAMAHA RTX 192.168.100.1)"
# one AnyConnect login (113039 and 722051 of one session) is listed once
n=$($PY -c 'import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))["findings"] if f["check_id"]=="LOG-0030" and f["subject"].startswith("jdoe@")))' "$TMP/out.json")
[ "$n" = 1 ] && ok "one AnyConnect session, one login" || fail "jdoe's login found $n times"
# every line was recognised
unk=$($PY -c 'import json,sys; r=json.load(open(sys.argv[1])); print([f["evidence"] for f in r["findings"] if f["check_id"]=="LOG-0010" and f["status"]=="PASS"])' "$TMP/out.json")
case "$unk" in
*" 0 not recognised"* | *"not recognised: 0"*) ok "all lines recognised" ;;
*) fail "lines not recognised: $unk" ;;
esac
validate_schema "$TMP/out.json"

# the terminal report escapes the user name's terminal sequences
: > "$TMP/term.txt"
checked "$TMP/term.txt" "0 1" logs "$D/fortigate.log" --now "$NOW_L" --holiday "$HOL" --tz +09:00 --no-store --color never
if grep -q $'\x1b' "$TMP/term.txt"; then fail "a raw ESC reached the terminal report"; else ok "no raw ESC in the terminal report"; fi
grep -q 'owned' "$TMP/term.txt" && ok "the hostile name is shown, escaped" || fail "the hostile name is missing"

# no window given: the span of the files, found in the lines' own fields when they have no syslog header
grep '^<134>id=firewall' "$D/remote.log" > "$D/sonicwall.log"
touch -d 2027-01-05T00:00:00 "$D/sonicwall.log"
checked /dev/null "0 1" logs "$D/sonicwall.log" --now "$NOW_L" --tz +09:00 --no-store --format json --output "$TMP/out.json"
w=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["log_window"])' "$TMP/out.json")
case "$w" in
"2027-01-03 05:00:00 +0900..2027-01-03 05:10:01 +0900"*) ok "the window is the span of the header-less lines" ;;
*) fail "window '$w'" ;;
esac
expect FAIL LOG-0030 suzuki@203.0.113.95 "(SonicWall "

# logs.inside_networks: the office's own public range is not outside
printf 'logs:\n  inside_networks: [203.0.113.64/30, "2001:db8::/48"]\n' > "$TMP/inside.yaml"
run_logs --config "$TMP/inside.yaml" --format json --output "$TMP/out.json"
expect_none FAIL LOG-0090 "203.0.113.66 -> TCP/445"
expect FAIL LOG-0090 "203.0.113.70 -> TCP/3389" "(Cisco ASA asa01)"
printf 'logs:\n  inside_networks: [203.0.113.0/33]\n' > "$TMP/bad.yaml"
status=0
"$KYUKA" logs "$D/fortigate.log" --config "$TMP/bad.yaml" --now "$NOW_L" --no-store > /dev/null 2> "$TMP/err.txt" || status=$?
if [ "$status" -ne 0 ] && grep -q "inside_networks\[0\]: '203.0.113.0/33' is not an address or a network" "$TMP/err.txt"; then
	ok "a bad network is a configuration error (exit $status)"
else
	fail "bad logs.inside_networks: exit $status: $(cat "$TMP/err.txt")"
fi

finish
