#!/bin/bash
# Antivirus (AV-1, AV-2, ST-4): ClamAV database headers, freshclam, and kyuka scan with real
# libclamav (databases made here with sigtool and by hand) and libyara (rules written here).
. "$(dirname "$0")/lib.sh"

now_s=$(date -d "$NOW" +%s)

# A database header as ClamAV documents it: 512 bytes, "ClamAV-VDB:time:version:sigs:flevel:md5:dsig:builder:stime"
cvd_header() { # FILE VERSION STIME
	printf 'ClamAV-VDB:06 Dec 2026 08-20 +0000:%s:2069:90:X:X:kyuka-test:%s' "$2" "$3" | "$PY" -c 'import sys; sys.stdout.write(sys.stdin.read().ljust(512) + "\0rest")' > "$1"
}

echo "== an empty root: no database is a FAIL, never a PASS"
e=$TMP/empty
mkdir -p "$e"
audit_json "$e" --only antivirus --phase after
expect FAIL AV-0010 /var/lib/clamav "no ClamAV database"
expect FAIL AV-0020 /etc/clamav/freshclam.conf
expect SKIP AV-0030 ""
expect MANUAL AV-0040 ""
expect_none PASS AV-0010
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); f=[x for x in d["findings"] if x["check_id"]=="AV-0010"][0]; assert "before reading mail" in f["remedy"], f' "$TMP/out.json" \
	&& ok "after the holiday: update before reading mail (ST-4)" || fail "no ST-4 remedy"

echo "== fresh definitions, freshclam configured and logging"
f=$TMP/fresh
mkdir -p "$f/etc/clamav" "$f/srv/clamdb" "$f/var/log/clamav"
cvd_header "$f/srv/clamdb/daily.cld" 27479 $((now_s - 7200))
cvd_header "$f/srv/clamdb/main.cvd" 62 1631795571
printf 'DatabaseDirectory /srv/clamdb\nChecks 24\n' > "$f/etc/clamav/freshclam.conf"
logday=$(date -u -d "@$((now_s - 3600))" '+%a %b %e %H:%M:%S %Y')
printf '%s -> daily.cld database is up-to-date (version: 27479, sigs: 2069, f-level: 90, builder: raynman)\n' "$logday" > "$f/var/log/clamav/freshclam.log"
audit_json "$f" --only antivirus --phase before
expect PASS AV-0010 /srv/clamdb/daily.cld "version 27479"
expect PASS AV-0010 /srv/clamdb/main.cvd "version 62"
expect PASS AV-0020 /etc/clamav/freshclam.conf "Checks 24"
expect PASS AV-0020 /var/log/clamav/freshclam.log "up-to-date"

echo "== old definitions, a broken header, the template's Example line, Checks 0"
cvd_header "$f/srv/clamdb/daily.cld" 27400 $((now_s - 3 * 86400))
printf 'not a database' > "$f/srv/clamdb/bytecode.cvd"
printf 'Example\nDatabaseDirectory /srv/clamdb\n' > "$f/etc/clamav/freshclam.conf"
audit_json "$f" --only antivirus --phase after
expect FAIL AV-0010 /srv/clamdb/daily.cld "72 hours ago"
expect WARN AV-0010 /srv/clamdb/bytecode.cvd "not a ClamAV database header"
expect FAIL AV-0020 /etc/clamav/freshclam.conf "Example"
printf 'Checks 0\n' > "$f/etc/clamav/freshclam.conf"
printf 'DatabaseDirectory /var/lib/clamav\n' > "$f/etc/clamav/clamd.conf"
audit_json "$f" --only antivirus --phase after
expect FAIL AV-0020 /etc/clamav/freshclam.conf "Checks 0"
expect SKIP AV-0030 clamav-daemon.service
rm "$f/etc/clamav/clamd.conf"
printf 'DatabaseDirectory /srv/clamdb\n' > "$f/etc/clamav/freshclam.conf"
cat > "$TMP/av.yaml" <<'YAML'
version: 1
av:
  max_age_hours: 100
YAML
audit_json "$f" --only AV-0010 --config "$TMP/av.yaml"
expect PASS AV-0010 /srv/clamdb/daily.cld "72 hours ago (at most 100)"

echo "== Defender for Endpoint: skipped with the reason off the live host"
audit_json "$e" --only AV-0050
expect SKIP AV-0050 "" "not installed"
mkdir -p "$f/opt/microsoft/mdatp"
audit_json "$f" --only AV-0050
expect SKIP AV-0050 mdatp "live host"

echo "== kyuka scan: a tree with EICAR, a FIFO, links out of the root, a 2 GB sparse file, a zip bomb"
s=$TMP/scan
u="$s/Users/alice"
mkdir -p "$u/Documents" "$s/ProgramData/Microsoft/Windows/Start Menu/Programs/StartUp" "$s/Windows/System32/Tasks" "$TMP/outside" "$TMP/db" "$TMP/yara" "$TMP/nodb"
printf 'X5O!P%%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*' > "$TMP/eicar.com"
cp "$TMP/eicar.com" "$u/Documents/eicar.com"
cp "$TMP/eicar.com" "$TMP/outside/eicar.com"
(cd "$TMP" && sigtool --md5 eicar.com) > "$TMP/db/test.hdb"
printf 'Kyuka.Test.Marker:0:*:%s\n' "$(printf 'KYUKA-EVIL-MARKER' | od -An -tx1 | tr -d ' \n')" > "$TMP/db/test.ndb"
echo 'some KYUKA-EVIL-MARKER text' > "$u/Documents/note.txt"
echo 'a letter with the secret phrase kyuka-yara-phrase inside' > "$u/Documents/letter.txt"
echo 'clean' > "$u/Documents/clean.txt"
cat > "$TMP/yara/t.yar" <<'YAR'
rule kyuka_phrase { strings: $p = "kyuka-yara-phrase" condition: $p }
YAR
mkfifo "$u/fifo"
ln -s /etc/shadow "$u/shadow"
ln -s "$TMP/outside/eicar.com" "$u/outside-eicar"
ln -s "$TMP/outside" "$u/outside-dir"
truncate -s 2G "$u/sparse.bin"
"$PY" - "$u/bomb.zip" <<'PYEOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("zeros.bin", "w", force_zip64=True) as w:
        chunk = bytes(1 << 20)
        for _ in range(600):
            w.write(chunk)
PYEOF
echo 'startup' > "$s/ProgramData/Microsoft/Windows/Start Menu/Programs/StartUp/evil.lnk"
echo '<Task/>' > "$s/Windows/System32/Tasks/Updater"
st=0
timeout 120 /usr/bin/time -f '%M' -o "$TMP/rss" "$KYUKA" scan --root "$s" --now "$NOW" --db "$TMP/k.db" --database "$TMP/db" \
	--yara "$TMP/yara" --format json /Users /ProgramData /Windows > "$TMP/scan.json" 2> "$TMP/scan.err" || st=$?
[ "$st" = 1 ] && ok "infected: exit 1" || { cat "$TMP/scan.err" >&2; fail "scan exit $st, expected 1"; }
rss=$(tail -1 "$TMP/rss")
[ "$rss" -lt 600000 ] && ok "bounded memory ($rss KiB)" || fail "scan used $rss KiB"
"$PY" - "$TMP/scan.json" <<'PYEOF' && ok "scan report" || fail "scan report"
import json, sys
d = json.load(open(sys.argv[1]))
hits = {(h["path"], h["engine"]): h for h in d["detections"]}
assert ("/Users/alice/Documents/eicar.com", "clamav") in hits, hits
assert ("/Users/alice/Documents/note.txt", "clamav") in hits and "Kyuka.Test.Marker" in hits[("/Users/alice/Documents/note.txt", "clamav")]["name"]
y = hits[("/Users/alice/Documents/letter.txt", "yara")]
assert y["name"] == "kyuka_phrase" and "$p at 0x20" in y["detail"], y
assert not any("clean" in h["path"] or "outside" in h["path"] or "shadow" in h["path"] for h in d["detections"]), d["detections"]
assert "kyuka-yara-phrase" not in json.dumps(d), "matched bytes in the report"
skips = {s["path"]: s["reason"] for s in d["skipped_list"]}
assert "not a regular file" in skips["/Users/alice/fifo"]
assert "symbolic link" in skips["/Users/alice/shadow"] and "symbolic link" in skips["/Users/alice/outside-eicar"]
assert "symbolic link" in skips["/Users/alice/outside-dir"]
assert "larger" in skips["/Users/alice/sparse.bin"]
assert d["infected"] == 3 and d["signatures"] == 2 and d["yara_rules"] == 1, d
assert sorted(d["autostart"]) == ["/ProgramData/Microsoft/Windows/Start Menu/Programs/StartUp/evil.lnk", "/Windows/System32/Tasks/Updater"], d["autostart"]
PYEOF

echo "== started with no standard streams: the scan ends, and nothing of the parent's reaches its processes"
st=0
timeout 60 "$KYUKA" scan --root "$s" --no-store --threads 2 --database "$TMP/db" /Users/alice/Documents <&- >&- 2>&- || st=$?
[ "$st" = 1 ] && ok "closed standard streams: exit 1, no hang" || fail "closed standard streams: exit $st, expected 1"

echo "== the clamav-testfiles samples (clam.exe packed, archived, mailed): found inside every container"
if [ -d /usr/share/clamav-testfiles ]; then
	t=$TMP/testfiles
	mkdir -p "$t/root/samples" "$t/db"
	cp /usr/share/clamav-testfiles/clam* "$t/root/samples/"
	(cd "$t/root/samples" && sigtool --md5 clam.exe) > "$t/db/clam.hdb"
	"$KYUKA" scan --root "$t/root" --no-store --database "$t/db" --format json /samples > "$t/o.json" || true
	clamscan -r -i --no-summary -d "$t/db" "$t/root/samples" 2>/dev/null | sed -n "s#^$t/root\\(/samples/[^:]*\\): .* FOUND\$#\\1#p" | sort > "$t/clamscan.txt" || true
	"$PY" - "$t/o.json" "$t/clamscan.txt" <<'PYEOF' && ok "testfiles: every sample found, as clamscan finds them" || fail "testfiles detections"
import json, sys
d = json.load(open(sys.argv[1]))
got = sorted(h["path"] for h in d["detections"])
want = [l.strip() for l in open(sys.argv[2]) if l.strip()]
assert got == want, (got, want)
for s in ("clam.exe", "clam.zip", "clam.7z", "clam.tar.gz", "clam.cab", "clam-upx.exe", "clam.pdf", "clam.ole.doc", "clam.mail"):
    assert "/samples/" + s in got, s
assert d["errors"] == 0, d["errors_list"]
PYEOF
else
	ok "clamav-testfiles is not installed (scripts/install-deps.sh test): samples skipped"
fi

echo "== a start path that leaves the root is resolved inside it"
ln -s "$TMP/outside" "$s/escape"
st=0
"$KYUKA" scan --root "$s" --no-store --database "$TMP/db" --format json /escape > "$TMP/esc.json" 2>/dev/null || st=$?
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["infected"]==0 and d["files"]==0 and d["errors"]==1, d' "$TMP/esc.json" \
	&& ok "nothing outside the root scanned" || fail "scan followed a link out of the root"
[ "$st" = 3 ] && ok "incomplete: exit 3" || fail "exit $st for an unreadable path"

echo "== no database: a clear error, never clean"
st=0
"$KYUKA" scan --root "$s" --no-store --database "$TMP/nodb" /Users > "$TMP/o.txt" 2> "$TMP/e.txt" || st=$?
[ "$st" = 3 ] && grep -q freshclam "$TMP/e.txt" && ! grep -qi 'no malware' "$TMP/o.txt" \
	&& ok "no database: exit 3, says freshclam" || fail "no database: exit $st: $(cat "$TMP/e.txt")"

echo "== AV-0040 follows the recorded scans"
"$KYUKA" audit --root "$e" --now "$NOW" --db "$TMP/k.db" --no-store --format json --phase after --only AV-0040 > "$TMP/out.json" || true
expect FAIL AV-0040 "/Users /ProgramData /Windows" "3 infected"
rm "$u/Documents/eicar.com" "$u/Documents/note.txt" "$u/Documents/letter.txt"
"$KYUKA" scan --root "$s" --now "$NOW" --db "$TMP/k.db" --database "$TMP/db" /Users/alice/Documents > /dev/null 2>&1 \
	&& ok "clean scan: exit 0" || fail "clean scan exit"
"$KYUKA" audit --root "$e" --now "$NOW" --db "$TMP/k.db" --no-store --format json --phase after --only AV-0040 > "$TMP/out.json" || true
expect PASS AV-0040 /Users/alice/Documents "none infected"
"$KYUKA" audit --root "$e" --now "$NOW" --db "$TMP/none.db" --no-store --format json --phase after --only AV-0040 > "$TMP/out.json" || true
expect MANUAL AV-0040 ""


echo "== staff laptop (--audience staff): screen lock, disk encryption off the live host, the register"
l=$TMP/laptop
mkdir -p "$l/etc" "$l/usr/bin" "$l/home/ann/.config/dconf" "$l/home/ben/.config" "$l/home/cy" "$l/etc/dconf/db/local.d"
printf 'root:x:0:0:root:/root:/bin/bash\nann:x:1000:1000::/home/ann:/bin/bash\nben:x:1001:1001::/home/ben:/bin/bash\ncy:x:1002:1002::/home/cy:/bin/bash\nsvc:x:1003:1003::/home/cy:/usr/sbin/nologin\n' > "$l/etc/passwd"
touch "$l/usr/bin/gnome-shell" "$l/usr/bin/plasmashell"
printf 'GVariant...lock-enabled...' > "$l/home/ann/.config/dconf/user"
printf '[Daemon]\nAutolock=false\n' > "$l/home/ben/.config/kscreenlockerrc"
printf 'x' > "$l/etc/crypttab"
audit_json "$l" --audience staff
expect WARN STAFF-0020 ann "changed the screen lock"
expect FAIL STAFF-0020 ben "Autolock=false"
expect PASS STAFF-0020 cy "defaults"
expect SKIP STAFF-0010 /etc/crypttab "not the live host"
expect FAIL STAFF-0030 /var/lib/clamav
expect MANUAL STAFF-0040 ""
expect_none FAIL AV-0010
printf '[org/gnome/desktop/screensaver]\nlock-enabled=false\n' > "$l/etc/dconf/db/local.d/00-lock"
audit_json "$l" --audience staff --only STAFF-0020
expect FAIL STAFF-0020 GNOME "00-lock:2 lock-enabled=false"
expect_none PASS STAFF-0020 cy
audit_json "$l"
expect_none MANUAL STAFF-0040 ""
audit_json "$l" --audience all --only STAFF-0040,AV-0010
expect MANUAL STAFF-0040 ""
expect FAIL AV-0010 /var/lib/clamav

finish
