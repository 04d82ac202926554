#!/bin/bash
# kyuka logs on Windows event logs (.evtx): the real samples in ../shared/data/evtx (EVTX-ATTACK-SAMPLES,
# see its README) as FILE operands and through --evtx-dir, damaged and cut copies of them, a link, and
# LOG-0020's range when text logs are named out of time order.
. "$(dirname "$0")/lib.sh"

DATA=$SRCDIR/../shared/data/evtx
if [ ! -f "$DATA/rdp_tunneling_4624.evtx" ]; then
	echo "no samples at $DATA" >&2
	exit 77
fi
RDP=$DATA/rdp_tunneling_4624.evtx
CLR=$DATA/security_log_cleared_1102.evtx
GRP=$DATA/guest_added_to_admins_4732.evtx

logs_json() {
	status=0
	"$KYUKA" logs --now "$NOW" --no-store --tz UTC --format json "$@" > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
	if [ "$status" -gt 2 ] || grep -qE 'Sanitizer|runtime error:' "$TMP/err.txt"; then
		fail "kyuka logs $* exited $status: $(head -c 300 "$TMP/err.txt")"
	fi
}

echo "== the three samples, named out of time order"
logs_json "$GRP" "$RDP" "$CLR"
expect_status 1
validate_schema "$TMP/out.json"
# 1102: the Security log was cleared (record 1 of the file), by whom
expect FAIL LOG-0100 Security "security_log_cleared_1102.evtx record 1: 1102 the Security log was cleared by EXAMPLE"
# 4732: Guest (RID 501, by SID) added to Builtin\Administrators
expect FAIL LOG-0070 S-1-5-21-3461203602-4096304019-2269080069-501 "added to the privileged group Administrators at 2019-09-22 11:23:19"
expect FAIL LOG-0070 S-1-5-21-3461203602-4096304019-2269080069-501 "guest_added_to_admins_4732.evtx record 1"
# 4624 type 10 from 127.0.0.1 (the RDP tunnel) and the interactive logons around it; service logons not listed
expect MANUAL LOG-0040 IEUser "2019-02-13 15:27:53 +0000 from 127.0.0.1 (logon type 10 (remote interactive, RDP), rdp); "
expect MANUAL LOG-0040 IEUser "rdp_tunneling_4624.evtx record 15"
expect MANUAL LOG-0040 "" "3 logins inside the window"
expect_none MANUAL LOG-0040 SYSTEM
expect PASS LOG-0110 "" "in 132 Windows event records"
expect PASS LOG-0010 "" "rdp_tunneling_4624.evtx"
# written time 0 in two exported records: their TimeCreated from the XML (libxml2), never 1601; the second
# 4732 (NETWORK SERVICE added to Administrators) is record 2, one of those
expect FAIL LOG-0070 S-1-5-20 "added to the privileged group Administrators at 2019-09-22 11:23:19 +0000; $GRP record 2"
expect_none WARN LOG-0100
if jq -e '[.findings[] | select(.evidence | test("1601"))] | length == 0' "$TMP/out.json" >/dev/null; then ok "no 1601"; else fail "a time of 1601 shown"; fi

echo "== --evtx-dir: by content, whatever the names; links and other files skipped"
D=$TMP/Logs
mkdir -p "$D"
cp "$RDP" "$D/Security.evtx"
cp "$CLR" "$D/Archive-Security-2019.dat"
cp "$GRP" "$D/Microsoft-Windows-Something%4Operational.evtx"
cp "$DATA/README.md" "$D/not-a-log.evtx"
ln -s "$RDP" "$D/link.evtx"
logs_json --evtx-dir "$D"
expect_status 1
expect FAIL LOG-0100 Security "Archive-Security-2019.dat record 1"
expect FAIL LOG-0070 S-1-5-21-3461203602-4096304019-2269080069-501
expect MANUAL LOG-0040 "" "3 logins inside the window"
expect PASS LOG-0010 "" "from 3 files"
expect_none WARN LOG-0010
# no /var/log and no journal with --evtx-dir
if jq -e '[.findings[] | select(.evidence | test("/var/log|journal"))] | length == 0' "$TMP/out.json" >/dev/null; then ok "only the directory"; else fail "read more than the directory"; fi
status=0
"$KYUKA" logs --no-store --evtx-dir "$TMP/nonexistent" > /dev/null 2>&1 || status=$?
expect_status 3
mkdir -p "$TMP/empty"
status=0
"$KYUKA" logs --no-store --evtx-dir "$TMP/empty" > /dev/null 2> "$TMP/err.txt" || status=$?
expect_status 3
if grep -q "no Windows event log" "$TMP/err.txt"; then ok "empty dir said"; else fail "empty dir: $(cat "$TMP/err.txt")"; fi

echo "== --evtx-dir inside --root (a mounted image): resolved in the root, a link out of it not followed"
R=$TMP/img
L=$R/Windows/System32/winevt/Logs
mkdir -p "$L" "$R/etc"
cp "$CLR" "$L/Security.evtx"
ln -s /etc/passwd "$L/System.evtx"
ln -s ../../../../../../.. "$L/up"
logs_json --root "$R" --evtx-dir /Windows/System32/winevt/Logs
expect_status 1
expect FAIL LOG-0100 Security "/Windows/System32/winevt/Logs/Security.evtx record 1"
expect PASS LOG-0010 "" "from 1 file"

echo "== a holiday window: the logons of 13 February 2019 only"
logs_json "$RDP" "$CLR" "$GRP" --holiday 2019-02-13..2019-02-13
expect MANUAL LOG-0040 "" "3 logins inside the window"
expect_none FAIL LOG-0070
expect_none FAIL LOG-0100 Security
expect SKIP LOG-0050 "" "no log lines in the 30 days before the window"

echo "== damaged: a chunk with bytes changed, a file cut inside its first chunk, a bad header, a link"
$PY - "$CLR" "$TMP" <<'PYEOF'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
for i in range(4096 + 512 + 3000, 4096 + 512 + 3400):
    d[i] ^= 0x5a
open(sys.argv[2] + '/damaged.evtx', 'wb').write(d)
open(sys.argv[2] + '/cut.evtx', 'wb').write(bytes(d[:4096 + 30000]))
open(sys.argv[2] + '/header.evtx', 'wb').write(b'ElfFile\0' + b'\xff' * 100)
PYEOF
ln -s "$RDP" "$TMP/link.evtx"
logs_json "$TMP/damaged.evtx" "$TMP/cut.evtx" "$TMP/header.evtx" "$TMP/link.evtx" "$GRP"
expect_status 1
expect WARN LOG-0100 "$TMP/damaged.evtx" "libevtx could not read 1 of 112 records (skipped), and it marked the file corrupted"
expect WARN LOG-0100 "$TMP/cut.evtx" "marked the file corrupted"
# the records after the damaged one are still read: the 1102 before it and the review goes on
expect FAIL LOG-0100 Security "damaged.evtx record 1"
expect WARN LOG-0010 "$TMP/header.evtx" "cannot read the Windows event log"
expect WARN LOG-0010 "$TMP/link.evtx" "refusing to follow a symbolic link"
expect FAIL LOG-0070 S-1-5-21-3461203602-4096304019-2269080069-501

echo "== one file of the samples' chunks repeated: 1102 after hundreds of times going backwards is still a FAIL"
# (the integrity events are capped at 200: the cleared logs are kept apart from them)
mkdir -p "$TMP/one"
$PY - "$TMP/one/Security.evtx" 420 "$GRP" "$RDP" "$CLR" <<'PYEOF'
import struct, sys, zlib
out, n, srcs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
chunks = []
for s in srcs:
    d = open(s, 'rb').read()
    for off in range(4096, len(d) - 65535, 65536):
        if d[off:off + 8] == b'ElfChnk\0':
            chunks.append(d[off:off + 65536])
hdr = bytearray(open(srcs[0], 'rb').read(4096))
struct.pack_into('<Q', hdr, 8, 0)
struct.pack_into('<Q', hdr, 16, n - 1)
struct.pack_into('<H', hdr, 42, n)
hdr[120:124] = bytes(4)
struct.pack_into('<I', hdr, 124, zlib.crc32(bytes(hdr[:120])) & 0xffffffff)
with open(out, 'wb') as f:
    f.write(hdr)
    for i in range(n):
        f.write(chunks[i % len(chunks)])
PYEOF
logs_json --evtx-dir "$TMP/one" --since 2019-01-01 --until 2020-01-01
expect WARN LOG-0100 "$TMP/one/Security.evtx" "time went backwards"
expect FAIL LOG-0100 Security "$TMP/one/Security.evtx record 1: 1102 the Security log was cleared"

echo "== LOG-0020: the range is the earliest to the latest failure, whatever order the files are named in"
for d in 28 30; do
	for i in $(seq 1 25); do
		printf '2026-12-%sT03:%02d:00+09:00 web sshd[%d]: Failed password for root from 203.0.113.9 port %d ssh2\n' \
			"$d" "$i" "$((1000 + i))" "$((40000 + i))"
	done > "$TMP/auth-$d.log"
done
status=0
"$KYUKA" logs --now 2027-01-10T09:00:00+09:00 --no-store --tz Asia/Tokyo --format json --holiday 2026-12-27..2026-12-31 \
	"$TMP/auth-30.log" "$TMP/auth-28.log" > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
expect WARN LOG-0020 203.0.113.9 "50 failed logins over sshd from 2026-12-28 03:01:00 +0900 to 2026-12-30 03:25:00 +0900"
expect WARN LOG-0020 203.0.113.9 "first at $TMP/auth-28.log:1"

finish
