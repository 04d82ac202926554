#!/bin/bash
# The Debian package: dpkg-buildpackage -us -uc -b on a copy of the tree (no LTO, no tests: a few
# minutes), lintian without errors, installed with dpkg -i into a throwaway root (dpkg --root, its
# own database; the libraries it depends on are the machine's), the installed kyuka run (--version,
# an audit of a fixture root, Japanese from the packaged catalogue), then removed with dpkg -r.
# Skipped in the sanitizer build (the package is the same; once is enough).
. "$(dirname "$0")/lib.sh"
: "${BUILDDIR:?}"

san=$(meson introspect --buildoptions "$BUILDDIR" | $PY -c \
	'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "b_sanitize"))')
if [ "$san" != none ]; then
	echo "skipped: sanitizer build ($san)"
	exit 77
fi
for p in dpkg-buildpackage dh lintian; do
	command -v $p > /dev/null || { fail "$p is not installed (scripts/install-deps.sh test)"; finish; }
done

echo "== dpkg-buildpackage -us -uc -b"
S=$TMP/src/kyuka
mkdir -p "$S"
if git -C "$SRCDIR" rev-parse --git-dir > /dev/null 2>&1; then
	git -C "$SRCDIR" ls-files -co --exclude-standard -z | tar -C "$SRCDIR" --null -T - -cf - | tar -xf - -C "$S"
else
	tar -C "$SRCDIR" --exclude='./build*' --exclude='./obj-*' -cf - . | tar -xf - -C "$S"
fi
t0=$(date +%s)
if (cd "$S" && DEB_BUILD_OPTIONS="nocheck noautodbgsym parallel=2" nice dpkg-buildpackage -us -uc -b) > "$TMP/build.log" 2>&1; then
	ok "built in $(($(date +%s) - t0)) s"
else
	tail -30 "$TMP/build.log" >&2
	fail "dpkg-buildpackage failed"
	finish
fi
deb=$(ls "$TMP"/src/kyuka_*.deb)
dpkg-deb -c "$deb" > "$TMP/contents.txt"
for f in ./usr/bin/kyuka ./usr/share/locale/ja/LC_MESSAGES/kyuka.mo ./usr/share/man/man1/kyuka.1.gz \
	./usr/share/man/man5/kyuka.yaml.5.gz ./usr/share/man/man1/kyuka-audit.1.gz ./usr/share/bash-completion/completions/kyuka \
	./usr/share/doc/kyuka/examples/kyuka.yaml ./lib/systemd/system/kyuka-watch.service ./lib/systemd/system/kyuka-watch.timer \
	./var/lib/kyuka/; do
	grep -q " $f\$" "$TMP/contents.txt" && ok "packaged $f" || fail "not packaged: $f"
done
grep -q '/kyuka/kyuka-mail.so$' "$TMP/contents.txt" && ok "packaged the mail module" || fail "mail module"
grep -q '^drwx------ .* ./var/lib/kyuka/$' "$TMP/contents.txt" && ok "/var/lib/kyuka 0700" || fail "$(grep var/lib/kyuka "$TMP/contents.txt")"

echo "== lintian"
if lintian --fail-on error "$deb" > "$TMP/lintian.txt" 2>&1; then
	ok "lintian: no errors ($(grep -c '^W:' "$TMP/lintian.txt") warnings)"
else
	cat "$TMP/lintian.txt" >&2
	fail "lintian reports errors"
fi

echo "== dpkg -i into a throwaway root"
R=$TMP/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/var/lib/dpkg/triggers"
touch "$R/var/lib/dpkg/status" "$R/var/lib/dpkg/available"
# the root has no libraries: the package's dependencies are the machine's (checked below)
if dpkg --root="$R" --log=/dev/null --force-depends -i "$deb" > "$TMP/dpkg.log" 2>&1; then
	ok "dpkg -i"
else
	cat "$TMP/dpkg.log" >&2
	fail "dpkg -i failed"
	finish
fi
dpkg --root="$R" -s kyuka | grep -q '^Status: install ok installed' && ok "installed" || fail "dpkg -s"
missing=
for d in $(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*//; s/|.*//; s/ //g'); do
	dpkg-query -W -f='${Status}' "$d" 2> /dev/null | grep -q 'install ok installed' || missing="$missing $d"
done
[ -z "$missing" ] && ok "every dependency is a package of this machine" || fail "dependencies not installed here: $missing"
K=$R/usr/bin/kyuka
"$K" --version | grep -q "^kyuka $(dpkg-deb -f "$deb" Version)" && ok "installed kyuka --version" || fail "--version: $("$K" --version)"
b=$(root bad)
status=0
"$K" audit --root "$b" --now "$NOW" --no-store --format json > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
[ "$status" -le 1 ] && ok "installed audit: exit $status" || fail "installed audit: exit $status $(cat "$TMP/err.txt")"
expect FAIL ACCT-0010 toor
KYUKA_LOCALEDIR=$R/usr/share/locale "$K" --lang ja checks > "$TMP/ja.txt" 2>&1
grep -q 'UID 0 は root のみであること' "$TMP/ja.txt" && ok "Japanese from the packaged catalogue" || fail "packaged catalogue"
"$K" config check --config "$R/usr/share/doc/kyuka/examples/kyuka.yaml" > /dev/null && ok "packaged example is valid" || fail "example"
MANWIDTH=100 man -l "$R/usr/share/man/man5/kyuka.yaml.5.gz" 2> /dev/null | grep -q 'dormant_days' && ok "kyuka.yaml(5) reads" ||
	fail "kyuka.yaml(5)"

echo "== dpkg -r"
dpkg --root="$R" --log=/dev/null -r kyuka > "$TMP/dpkg.log" 2>&1 && ok "dpkg -r" || { cat "$TMP/dpkg.log" >&2; fail "dpkg -r"; }
[ ! -e "$K" ] && [ ! -e "$R/var/lib/kyuka" ] && [ ! -e "$R/usr/share/man/man1/kyuka.1.gz" ] && ok "removed" ||
	fail "files left: $(find "$R" -path "$R/var/lib/dpkg" -prune -o -type f -print | head -5)"
finish
