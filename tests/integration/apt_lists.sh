#!/bin/bash
# PKG-0010/0020 computed from apt's lists (collect/apt_lists.c, parse/apt_policy.c) against apt itself:
# on fixture roots with pins (apt run on the root: apt-get -s -o Dir=ROOT, KYUKA_APT=apt-get) and, when
# this machine has apt's lists, on the host: the same packages, versions, origins and verdicts; only the
# evidence's "(source)" differs. Also: the evidence says which source was used.
. "$(dirname "$0")/lib.sh"

command -v apt-get >/dev/null || { echo "apt-get missing: skipped"; exit 77; }

# pkg_findings ROOT-ARGS... -> PKG-0010/0020 findings, evidence without its source, on stdout
pkg_findings() {
	"$KYUKA" audit "$@" --now "$NOW" --no-store --db "$TMP/feeds.db" --format json --only PKG-0010,PKG-0020 \
		2>/dev/null | $PY -c '
import json, re, sys
for f in json.load(sys.stdin)["findings"]:
    f["evidence"] = re.sub(r"(apt-get -s dist-upgrade.*|apt.s lists in /var/lib/apt/lists)\)$", "SRC)", f["evidence"])
    print(json.dumps(f, sort_keys=True))' || true
}

same() {	# NAME ROOT-ARGS...
	local name=$1
	shift
	pkg_findings "$@" > "$TMP/lists.txt"
	KYUKA_APT=apt-get pkg_findings "$@" > "$TMP/aptget.txt"
	if [ ! -s "$TMP/lists.txt" ]; then
		fail "$name: no findings"
	elif cmp -s "$TMP/lists.txt" "$TMP/aptget.txt"; then
		ok "$name: lists and apt-get -s agree ($(grep -o 'binary packages: [0-9]*' "$TMP/lists.txt" | tr '\n' ' '))"
	else
		fail "$name: lists and apt-get -s differ"
		$PY - "$TMP/aptget.txt" "$TMP/lists.txt" >&2 <<'PYEOF' || true
import json, sys
def load(p):
    out = {}
    for line in open(p):
        f = json.loads(line)
        out[(f["check_id"], "")] = f["status"] + " " + f["evidence"]
        for s in f.get("subjects", []):
            out[(f["check_id"], s["name"])] = s["detail"]
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
for k in sorted(set(a) | set(b)):
    if a.get(k) != b.get(k):
        print(" ", k, "\n    apt-get -s:", a.get(k), "\n    lists:     ", b.get(k))
PYEOF
	fi
}

r=$(root pkg-bullseye)
mkdir -p "$r/etc/apt/preferences.d"
same "no pins" --root "$r"
audit_json "$r" --only PKG-0010
expect FAIL PKG-0010 gerbv
if grep -q "apt's lists in /var/lib/apt/lists" "$TMP/out.json"; then ok "evidence names apt's lists"; else fail "evidence does not name apt's lists"; fi
KYUKA_APT=apt-get audit_json "$r" --only PKG-0010
if grep -q "apt-get -s dist-upgrade; apt's lists not used: KYUKA_APT=apt-get" "$TMP/out.json"; then ok "KYUKA_APT=apt-get falls back"; else fail "no fallback with KYUKA_APT=apt-get"; fi

pin() {	# NAME FILE-CONTENT
	printf '%b' "$2" > "$r/etc/apt/preferences.d/test"
	same "$1" --root "$r"
	rm -f "$r/etc/apt/preferences.d/test"
}
pin "version pin on the installed version" 'Package: gerbv\nPin: version 2.7.0-2+deb11u1\nPin-Priority: 1001\n'
pin "origin pin -1" 'Package: libwebkit2gtk-4.0-37\nPin: origin security.debian.org\nPin-Priority: -1\n'
pin "generic release pin 50" 'Package: *\nPin: release l=Debian-Security\nPin-Priority: 50\n'
pin "glob, release keys, 990" 'Package: lib*\nPin: release a=oldstable-security,n=bullseye-security,c=main,b=amd64\nPin-Priority: 990\n'
pin "release pin on the main archive 1001" 'Package: *\nPin: release n=bullseye\nPin-Priority: 1001\n'
pin "version glob, two stanzas" 'Explanation: hold webkit\nPackage: libjavascriptcoregtk-4.0-18 libwebkit2gtk-4.0-37\nPin: version 2.38.2*\nPin-Priority: 700\n\nPackage: gerbv\nPin: release o=Debian\nPin-Priority: 600\n'
pin "origin pin on the main archive" 'Package: *\nPin: origin deb.debian.org\nPin-Priority: 600\n'

# NotAutomatic / ButAutomaticUpgrades on the security archive
rel="$r/var/lib/apt/lists/security.debian.org_debian-security_dists_bullseye-security_Release"
cp "$rel" "$TMP/rel.orig"
printf 'NotAutomatic: yes\n' >> "$rel"
same "NotAutomatic" --root "$r"
printf 'ButAutomaticUpgrades: yes\n' >> "$rel"
same "NotAutomatic, ButAutomaticUpgrades" --root "$r"
cp "$TMP/rel.orig" "$rel"

# compressed lists, as apt keeps them (Acquire::GzipIndexes, APT::Compressor): lz4, xz, gz
for z in lz4 xz gzip; do
	cp -a "$r/var/lib/apt/lists" "$TMP/lists.orig"
	for f in "$r"/var/lib/apt/lists/*_Packages; do
		if [ $z = lz4 ]; then lz4 -q "$f" "$f.lz4" && rm "$f"; else $z "$f"; fi
	done
	same "lists compressed with $z" --root "$r"
	audit_json "$r" --only PKG-0010
	if grep -q "apt's lists in /var/lib/apt/lists" "$TMP/out.json"; then ok "$z: read from the lists"; else fail "$z: not read from the lists"; fi
	rm -rf "$r/var/lib/apt/lists"
	mv "$TMP/lists.orig" "$r/var/lib/apt/lists"
done

# an InRelease file (clearsigned) instead of Release
rel="$r/var/lib/apt/lists/deb.debian.org_debian_dists_bullseye_Release"
{ printf -- '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n'; cat "$rel";
  printf -- '-----BEGIN PGP SIGNATURE-----\n\niQ==\n-----END PGP SIGNATURE-----\n'; } > "${rel%Release}InRelease"
mv "$rel" "$TMP/Release.main"
KYUKA_APT=apt-get pkg_findings --root "$r" > /dev/null	# (apt refuses an unverifiable InRelease: compare with the Release result)
pkg_findings --root "$r" > "$TMP/inrelease.txt"
rm "${rel%Release}InRelease"
mv "$TMP/Release.main" "$rel"
pkg_findings --root "$r" > "$TMP/release.txt"
if cmp -s "$TMP/inrelease.txt" "$TMP/release.txt"; then ok "InRelease read as its Release"; else fail "InRelease and Release differ"; fi

# a held package is kept back
sed -i '0,/^Status: install ok installed/{/^Package: gerbv/,/^Status/s/^Status: install ok installed/Status: hold ok installed/}' "$r/var/lib/dpkg/status"
same "a hold" --root "$r"

# the host itself, when apt update ran here
if ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1 && [ -r /var/lib/dpkg/status ]; then
	same "this host" --root /
	# apt list --upgradable: the same binary packages and versions as the findings list
	{ apt list --upgradable 2>/dev/null || true; } | sed -n 's|^\([^/]*\)/[^ ]* \([^ ]*\) .*|\1 \2|p' | sort > "$TMP/apt-list.txt"
	{ "$KYUKA" audit --now "$NOW" --no-store --format json --only PKG-0010,PKG-0020 2>/dev/null || true; } | $PY -c '
import json, re, sys
for f in json.load(sys.stdin)["findings"]:
    for s in f.get("subjects", []):
        for part in s["detail"].split("; from ")[0].split(", "):
            m = re.match(r"(\S+) (?:\(new\) )?(?:\S+ \u2192 )?(\S+)$", part)
            if m: print(m.group(1), m.group(2))' | sort > "$TMP/kyuka-list.txt"
	if cmp -s "$TMP/apt-list.txt" "$TMP/kyuka-list.txt"; then
		ok "this host: apt list --upgradable agrees ($(wc -l < "$TMP/apt-list.txt") packages)"
	else
		fail "this host: apt list --upgradable differs"
		diff "$TMP/apt-list.txt" "$TMP/kyuka-list.txt" | head -20 >&2 || true
	fi
	# the host's lists and status in a root, with pins
	h="$TMP/hostroot"
	mkdir -p "$h/etc/apt/preferences.d" "$h/etc/apt/sources.list.d" "$h/var/lib/apt/lists" "$h/var/lib/dpkg"
	cp /var/lib/dpkg/status "$h/var/lib/dpkg/status"
	[ ! -f /etc/apt/sources.list ] || cp /etc/apt/sources.list "$h/etc/apt/"
	find /etc/apt/sources.list.d -maxdepth 1 -type f \( -name '*.list' -o -name '*.sources' \) -exec cp {} "$h/etc/apt/sources.list.d/" \;
	find /var/lib/apt/lists -maxdepth 1 -type f \( -name '*Release' -o -name '*_Packages*' \) -exec cp {} "$h/var/lib/apt/lists/" \;
	printf 'Package: *\nPin: release a=*-security\nPin-Priority: -1\n\nPackage: bash dpkg*\nPin: release n=bookworm\nPin-Priority: 90\n' \
		> "$h/etc/apt/preferences.d/test"
	same "this host's lists with pins in a root (a package kept back for its dependants)" --root "$h"
	printf 'Package: *\nPin: origin deb.debian.org\nPin-Priority: 100\n\nPackage: *\nPin: release l=Debian-Security\nPin-Priority: 990\n' \
		> "$h/etc/apt/preferences.d/test"
	same "this host's lists with origin and release pins in a root" --root "$h"
	sed -i '/^Package: libgnutls30$/,/^$/s/^Status: install ok installed/Status: hold ok installed/' "$h/var/lib/dpkg/status"
	rm "$h/etc/apt/preferences.d/test"
	same "this host's lists with a hold in a root" --root "$h"
else
	echo "no apt lists on this machine: the host comparison is skipped"
fi
finish
