#!/bin/bash
# Feeds and vulnerabilities with the real data in ../shared/data: import (idempotent, atomic),
# the acceptance case (webkit2gtk on bullseye -> DSA-5308-1, KEV), the holiday window,
# OSV (JSON and all.zip), the tracker JSON, feeds update from a loopback HTTP server,
# and the PKG/VULN checks on fixture roots.
. "$(dirname "$0")/lib.sh"
DATA=$SRCDIR/../shared/data
DSA=$DATA/debian-security/DSA.list DLA=$DATA/debian-security/DLA.list
KEV=$DATA/cisa-kev/known_exploited_vulnerabilities.json
DB=$TMP/feeds.db
T0=2023-01-05T09:00:00+09:00
k() { status=0; "$KYUKA" --db "$DB" --now "$T0" "$@" > "$TMP/out.txt" 2> "$TMP/err.txt" || status=$?; }
has() { if grep -qF -- "$1" "$TMP/${2:-out.txt}"; then ok "has '$1'"; else fail "missing '$1' in ${2:-out.txt}: $(head -c 400 "$TMP/${2:-out.txt}")"; fi; }
# the feed data, without the times of the feeds table
dump() { sqlite3 "$DB" "SELECT name, source, sha256, as_of, n_records FROM feeds ORDER BY name" \
	".dump advisories" ".dump advisory_cves" ".dump advisory_fixes" ".dump kev" ".dump tracker" | sha256sum; }

echo "== import the real lists and the KEV catalog"
k feeds import "$DSA" "$DLA" "$KEV"
[ "$status" -eq 0 ] && ok "imported" || fail "import: $status $(cat "$TMP/err.txt")"
has "dsa, 5406 records"; has "dla, 3534 records"; has "kev, 1404 records"; has "MB/s"
[ "$(stat -c %a "$DB")" = 600 ] && ok "db mode 600" || fail "db mode $(stat -c %a "$DB")"
before=$(dump)
k feeds import "$DSA" "$KEV"
has "dsa unchanged"; has "kev unchanged"
[ "$(dump)" = "$before" ] && ok "importing twice changes nothing" || fail "second import changed the data"
k feeds status
has "dsa"; has "5406"; has "2023-03-29"
k feeds status --format json
$PY -c 'import json,sys; d={f["name"]: f for f in json.load(open(sys.argv[1]))}; assert d["kev"]["records"]==1404 and d["dsa"]["as_of"]=="2023-03-29" and not d["dsa"]["old"], d' "$TMP/out.txt" \
	&& ok "status json" || fail "status json"

echo "== a truncated or malformed file is an error and leaves the data as it was"
head -c 400000 "$DSA" > "$TMP/DSA-cut.list"
k feeds import --type dsa "$TMP/DSA-cut.list"
[ "$status" -eq 3 ] && ok "truncated list refused" || fail "truncated list: exit $status"
has "truncated" err.txt; has "unchanged" err.txt
{ cat "$DSA"; printf '[01 Apr 2023] DSA-9999-1 x0 - y\n\tgarbage line\n'; } > "$TMP/DSA-bad.list"
k feeds import "$TMP/DSA-bad.list"
[ "$status" -eq 3 ] && ok "malformed list refused" || fail "malformed list: exit $status"
has "line 18138" err.txt
head -c 600000 "$KEV" > "$TMP/kev-cut.json"
k feeds import "$TMP/kev-cut.json"
[ "$status" -eq 3 ] && ok "truncated KEV refused" || fail "truncated KEV: exit $status"
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); d["vulnerabilities"].pop(); json.dump(d, open(sys.argv[2], "w"))' "$KEV" "$TMP/kev-short.json"
k feeds import "$TMP/kev-short.json"
has "count" err.txt
[ "$(dump)" = "$before" ] && ok "data intact after refused imports" || fail "a refused import changed the data"
mkfifo "$TMP/fifo"
timeout 10 "$KYUKA" --db "$DB" feeds import "$TMP/fifo" > /dev/null 2> "$TMP/err.txt" && fail "FIFO imported" || ok "FIFO refused, no hang"
printf 'hello\n' > "$TMP/unknown.txt"
k feeds import "$TMP/unknown.txt"; has "not a feed" err.txt

echo "== acceptance: webkit2gtk 2.38.2-1~deb11u1 on bullseye, holiday 2022-12-27..2023-01-04"
r=$(root pkg-bullseye)
k vulns --root "$r" --published 2022-12-27..2023-01-04 --format json --output "$TMP/v.json"
[ "$status" -eq 1 ] && ok "exit 1: vulnerabilities found" || fail "vulns exit $status $(cat "$TMP/err.txt")"
validate_schema_file() {
	if $PY - "$SRCDIR/docs/vulns-schema.json" "$1" <<'PYEOF'; then ok "vulns schema"; else fail "does not match docs/vulns-schema.json"; fi
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])), cls=jsonschema.Draft202012Validator)
PYEOF
}
validate_schema_file "$TMP/v.json"
if $PY - "$TMP/v.json" <<'PYEOF'; then ok "DSA-5308-1 first, known exploited since 2022-12-14"; else fail "acceptance case"; fi
import json, sys
d = json.load(open(sys.argv[1]))
v = d["vulnerabilities"]
w = v[0]
assert w["id"] == "DSA-5308-1" and w["published"] == "2022-12-31" and w["package"] == "webkit2gtk", w
assert w["installed"] == "2.38.2-1~deb11u1" and w["fixed"] == "2.38.3-1~deb11u1", w
assert "CVE-2022-42856" in w["cves"] and w["known_exploited"] and w["kev"]["date_added"] == "2022-12-14", w
assert sorted(w["binaries"]) == ["libjavascriptcoregtk-4.0-18", "libwebkit2gtk-4.0-37"], w
assert [x["id"] for x in v] == ["DSA-5308-1", "DSA-5306-1"], [x["id"] for x in v]
assert d["release"] == "bullseye" and d["published"] == {"start": "2022-12-27", "end": "2023-01-04"}
assert d["summary"]["known_exploited"] == 1, d["summary"]	# timing is bench/vulns.sh's business
PYEOF
[ "$(stat -c %a "$TMP/v.json")" = 600 ] && ok "output mode 600" || fail "output mode"
k vulns --root "$r" --published 2022-12-27..2023-01-04
has "[KEV 2022-12-14] DSA-5308-1 (2022-12-31"; has "CVE-2022-42856"
k vulns --root "$r"
has "DSA-5351-1"; has "DSA-5306-1"

echo "== the window holds DSA-5306-1..DSA-5310-1 (5) and 11 DLAs"
# every source package of every advisory, installed at a version older than any fix
$PY - "$DSA" "$DLA" "$TMP" <<'PYEOF'
import re, sys, os
for rel, f in (("bullseye", sys.argv[1]), ("buster", sys.argv[2])):
    pk = set(re.findall(r"^\s+\[" + rel + r"\] - (\S+) [0-9]", open(f).read(), re.M))
    d = os.path.join(sys.argv[3], "all-" + rel, "var/lib/dpkg")
    os.makedirs(d)
    with open(os.path.join(d, "status"), "w") as o:
        for p in sorted(pk):
            o.write(f"Package: {p}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 0.0.1\n\n")
PYEOF
for rel in bullseye buster; do
	k vulns --root "$TMP/all-$rel" --release $rel --published 2022-12-27..2023-01-04 --format json --output "$TMP/w-$rel.json"
done
$PY - "$TMP/w-bullseye.json" "$TMP/w-buster.json" <<'PYEOF' && ok "5 DSAs and 11 DLAs in the window" || fail "window counts"
import json, sys
dsa = sorted({v["id"] for v in json.load(open(sys.argv[1]))["vulnerabilities"] if v["id"].startswith("DSA-")})
dla = {v["id"] for v in json.load(open(sys.argv[2]))["vulnerabilities"] if v["id"].startswith("DLA-")}
assert dsa == ["DSA-5306-1", "DSA-5307-1", "DSA-5308-1", "DSA-5309-1", "DSA-5310-1"], dsa
assert len(dla) == 11, sorted(dla)
PYEOF

echo "== OSV: a record, an all.zip, a damaged zip"
cat > "$TMP/DSA-5308-1.json" <<'JSON'
{"id": "DSA-5308-1", "published": "2022-12-31T00:00:00Z", "modified": "2023-01-02T00:00:00Z",
 "summary": "webkit2gtk - security update", "upstream": ["CVE-2022-42856"],
 "affected": [{"package": {"ecosystem": "Debian:11", "name": "webkit2gtk"},
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.38.3-1~deb11u1"}]}]}]}
JSON
cat > "$TMP/OSV-KSBA.json" <<'JSON'
{"id": "DEBIAN-CVE-2022-47629", "published": "2022-12-28T00:00:00Z", "modified": "2023-01-03T00:00:00Z",
 "aliases": ["CVE-2022-47629"], "summary": "libksba integer overflow",
 "affected": [{"package": {"ecosystem": "Debian:11", "name": "libksba"},
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.5.0-3+deb11u2"}]}]},
  {"package": {"ecosystem": "Debian:11", "name": "gerbv"},
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.7.0-2+deb11u1"}]}]}]}
JSON
$PY - "$TMP" <<'PYEOF'
import sys, zipfile
t = sys.argv[1]
with zipfile.ZipFile(t + "/all.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write(t + "/DSA-5308-1.json", "DSA-5308-1.json")
    z.write(t + "/OSV-KSBA.json", "DEBIAN-CVE-2022-47629.json")
    z.writestr("README.txt", "not a record")
    z.writestr("bad.json", "{\"id\": 3}")
data = open(t + "/all.zip", "rb").read()
open(t + "/cut.zip", "wb").write(data[: len(data) - 60])
PYEOF
before=$(dump)
k feeds import "$TMP/cut.zip"
[ "$status" -eq 3 ] && ok "damaged zip refused" || fail "damaged zip: exit $status"
[ "$(dump)" = "$before" ] && ok "data intact" || fail "damaged zip changed the data"
k feeds import "$TMP/all.zip"
has "osv, 2 records"; has "1 entries were not valid OSV"
k feeds import "$TMP/DSA-5308-1.json"; has "osv unchanged"
k vulns --root "$r" --published 2022-12-27..2023-01-04 --format json --output "$TMP/v.json"
$PY - "$TMP/v.json" <<'PYEOF' && ok "OSV: DSA-5308-1 once (from the DSA list), an open OSV range, an unaffected version" || fail "OSV matching"
import json, sys
v = json.load(open(sys.argv[1]))["vulnerabilities"]
ids = [(x["id"], x["feed"], x["package"]) for x in v]
assert ids.count(("DSA-5308-1", "dsa", "webkit2gtk")) == 1 and not [i for i in ids if i[0] == "DSA-5308-1" and i[1] == "osv"], ids
g = [x for x in v if x["id"] == "DEBIAN-CVE-2022-47629"]
assert len(g) == 1 and g[0]["package"] == "gerbv" and g[0]["fixed"] is None, g
PYEOF

echo "== tracker JSON (streamed): urgency and open issues"
cat > "$TMP/tracker.json" <<'JSON'
{"webkit2gtk": {"CVE-2022-42856": {"scope": "remote", "releases": {
   "bullseye": {"status": "resolved", "repositories": {"bullseye": "2.38.6-1~deb11u1"}, "fixed_version": "2.38.3-1~deb11u1", "urgency": "high"},
   "bookworm": {"status": "resolved", "fixed_version": "2.38.3-1", "urgency": "not yet assigned"}}},
  "TEMP-0000000-ABCDEF": {"releases": {"bullseye": {"status": "open", "urgency": "unimportant"}}}},
 "gerbv": {"CVE-2023-9999": {"releases": {"bullseye": {"status": "open", "urgency": "high"}}},
           "CVE-2023-9998": {"releases": {"bullseye": {"status": "open", "urgency": "unimportant"}}}},
 "libksba": {"CVE-2022-47629": {"releases": {"bullseye": {"status": "resolved", "fixed_version": "1.5.0-3+deb11u2", "urgency": "medium"}}}}}
JSON
head -c 300 "$TMP/tracker.json" > "$TMP/tracker-cut.json"
k feeds import --type tracker "$TMP/tracker-cut.json"
[ "$status" -eq 3 ] && ok "truncated tracker JSON refused" || fail "truncated tracker: exit $status"
has "truncated" err.txt
k feeds import "$TMP/tracker.json"
has "tracker, 5 records"
k vulns --root "$r" --format json --output "$TMP/v.json"
$PY - "$TMP/v.json" <<'PYEOF' && ok "urgency from the tracker, open CVEs without a fix" || fail "tracker matching"
import json, sys
v = {x["id"]: x for x in json.load(open(sys.argv[1]))["vulnerabilities"]}
assert v["DSA-5308-1"]["urgency"] == "high", v["DSA-5308-1"]
assert v["CVE-2023-9999"]["fixed"] is None and v["CVE-2023-9999"]["feed"] == "tracker" and v["CVE-2023-9999"]["urgency"] == "high"
assert "CVE-2022-42856" not in v and "CVE-2022-47629" not in v
PYEOF

echo "== the checks, before and after the holiday"
audit_json "$r" --only packages,vulns --now "$T0"
expect_status 1
validate_schema "$TMP/out.json"
# one finding per check, its subjects the source packages (each with its binary packages and versions)
expect FAIL PKG-0010 "" "2 source packages have security updates pending (binary packages: 3;"
expect WARN PKG-0020 "" "1 source package has other updates pending"
$PY - "$TMP/out.json" <<'PYEOF' && ok "updates grouped by source package" || fail "PKG-0010/0020 subjects"
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
pkg = [f for f in fs if f["check_id"] == "PKG-0010"]
assert len(pkg) == 1, pkg
s = {x["name"]: x["detail"] for x in pkg[0]["subjects"]}
assert sorted(s) == ["gerbv", "webkit2gtk"], s
assert "libwebkit2gtk-4.0-37 2.38.2-1~deb11u1 \u2192 2.38.3-1~deb11u1" in s["webkit2gtk"], s
assert "libjavascriptcoregtk-4.0-18" in s["webkit2gtk"] and "Debian-Security:11/oldstable-security" in s["webkit2gtk"], s
other = [f for f in fs if f["check_id"] == "PKG-0020"]
assert len(other) == 1 and [x["name"] for x in other[0]["subjects"]] == ["base-files"], other
assert "11.1+deb11u6" in other[0]["subjects"][0]["detail"] and "libksba8" not in json.dumps(other), other
PYEOF
expect FAIL PKG-0030 /run/reboot-required "linux-image-5.10.0-20-amd64"
expect FAIL PKG-0030 5.10.0-19-amd64 "linux-image-5.10.0-20-amd64 5.10.158-2"
expect WARN PKG-0040 "4242 nginx" "libssl.so.1.1 and 1 more"
expect_none WARN PKG-0040 "4343 tmpjob"
expect_none WARN PKG-0040 "1 systemd"
expect FAIL VULN-0010 "DSA-5308-1 webkit2gtk" "KNOWN EXPLOITED (CISA KEV since 2022-12-14"
expect FAIL VULN-0010 "DSA-5306-1 gerbv" "fixed in 2.7.0-2+deb11u2"
expect WARN VULN-0010 "CVE-2023-9999 gerbv" "no fix yet"
expect_none FAIL VULN-0010 "DSA-5351-1 webkit2gtk"	# published after --now
expect PASS VULN-0020 dsa
$PY -c 'import json,sys; f=[f for f in json.load(open(sys.argv[1]))["findings"] if f["subject"]=="DSA-5308-1 webkit2gtk"][0]; assert f["severity"]=="critical", f' "$TMP/out.json" \
	&& ok "known exploited is critical" || fail "KEV severity"
# an accepted exception names one source package: that one stands alone (and PASSes), the rest stay grouped
printf 'allow:\n  - check: PKG-0010\n    subject: gerbv\n    reason: fixed by hand\n' > "$TMP/allow.yaml"
audit_json "$r" --only PKG-0010 --now "$T0" --config "$TMP/allow.yaml"
expect PASS PKG-0010 gerbv "accepted: fixed by hand"
expect FAIL PKG-0010 "" "1 source package has security updates pending (binary packages: 2;"
audit_json "$r" --only vulns --phase after --holiday 2022-12-27..2023-01-04 --now 2023-01-10T09:00:00+09:00
expect FAIL VULN-0030 "DSA-5308-1 webkit2gtk" "published 2022-12-31"
expect FAIL VULN-0030 "DSA-5306-1 gerbv"
expect_none FAIL VULN-0030 "DSA-5340-1 webkit2gtk"
audit_json "$r" --only VULN-0030 --phase after
expect SKIP VULN-0030 "" "no holiday window"
audit_json "$r" --only VULN-0020 --now 2025-10-01T09:00:00+09:00	# the age of the newest entry (KEV: 2025-08-25)
expect WARN VULN-0020 kev "newest entry 2025-08-25, 37 days old (more than vulns.max_feed_age_days, 7)"
audit_json "$r" --only vulns --db "$TMP/none.db"
expect SKIP VULN-0010 "" "no vulnerability feeds imported"
b=$(root pkg-bookworm)
audit_json "$b" --only packages,vulns --now "$T0"
expect_status 0
only_statuses "PASS"
expect PASS PKG-0030 6.1.0-18-amd64 "is the newest installed"
m=$(root minimal)
audit_json "$m" --only packages,vulns
expect SKIP PKG-0010 "" "no dpkg database"
expect SKIP PKG-0030 "" "running kernel is unknown"
expect SKIP PKG-0040 "" "no processes"
expect SKIP VULN-0010 "" "/var/lib/dpkg/status"

echo "== feeds update from a loopback HTTP server"
mkdir -p "$TMP/www"
cp "$DSA" "$TMP/www/DSA.list"
cp "$KEV" "$TMP/www/kev.json"
port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
$PY -m http.server --bind 127.0.0.1 --directory "$TMP/www" "$port" > "$TMP/http.log" 2>&1 &
httpd=$!
trap 'kill $httpd 2>/dev/null || true; rm -rf "$TMP"' EXIT
for i in $(seq 50); do $PY -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break; sleep 0.1; done
cat > "$TMP/up.yaml" <<YAML
feeds:
  dsa: http://127.0.0.1:$port/DSA.list
  dla: none
  kev: http://127.0.0.1:$port/kev.json
  tracker: http://127.0.0.1:$port/missing.json
  osv: none
YAML
chmod 600 "$TMP/up.yaml"
DB=$TMP/update.db
k --config "$TMP/up.yaml" feeds update
[ "$status" -eq 3 ] && ok "a failed download is an error" || fail "update exit $status"
has "dsa, 5406 records"; has "kev, 1404 records"; has "404" err.txt
k --config "$TMP/up.yaml" feeds update --only kev
has "kev unchanged"
ls /tmp/kyuka-feed.* > /dev/null 2>&1 && fail "temporary download left behind" || ok "no temporary file left"
printf 'feeds:\n  kev: file:///etc/passwd\n' > "$TMP/file.yaml"; chmod 600 "$TMP/file.yaml"
k --config "$TMP/file.yaml" feeds update --only kev
has "only http and https" err.txt
kill $httpd 2>/dev/null || true
finish
