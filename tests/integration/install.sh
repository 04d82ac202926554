#!/bin/bash
# make install DESTDIR=...: what lands where (the binary, the mail module, the ja catalogue, the man
# pages, the bash completion, the example configuration, the watch job's units, /var/lib/kyuka 0700),
# and the installed binary runs: --version, an audit of a fixture root, Japanese from the installed
# catalogue, config check on the installed example.
. "$(dirname "$0")/lib.sh"
: "${BUILDDIR:?}"

prefix=$(meson introspect --buildoptions "$BUILDDIR" | $PY -c \
	'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
libdir=$(meson introspect --buildoptions "$BUILDDIR" | $PY -c \
	'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "libdir"))')
D=$TMP/dest
# the build is this test's own (already built: ninja has nothing to do); PREFIX as configured
if make -s -C "$SRCDIR" install BUILD="$BUILDDIR" PREFIX="$prefix" DESTDIR="$D" > "$TMP/install.log" 2>&1; then
	ok "make install DESTDIR=$D"
else
	tail -20 "$TMP/install.log" >&2
	fail "make install failed"
	finish
fi
P=$D$prefix
have() { if [ -e "$1" ]; then ok "${1#$D}"; else fail "missing ${1#$D}"; fi; }
have "$P/bin/kyuka"
have "$P/$libdir/kyuka/kyuka-mail.so"
have "$P/share/locale/ja/LC_MESSAGES/kyuka.mo"
have "$P/share/bash-completion/completions/kyuka"
have "$P/share/doc/kyuka/examples/kyuka.yaml"
have "$P/lib/systemd/system/kyuka-watch.service"
have "$P/lib/systemd/system/kyuka-watch.timer"
if command -v scdoc > /dev/null; then
	have "$P/share/man/man1/kyuka.1"
	have "$P/share/man/man5/kyuka.yaml.5"
	"$BUILDDIR/kyuka-gendoc" commands | while read -r c; do
		[ -e "$P/share/man/man1/kyuka-$c.1" ] || echo "$c"
	done > "$TMP/noman.txt"
	[ -s "$TMP/noman.txt" ] && fail "commands without an installed page: $(tr '\n' ' ' < "$TMP/noman.txt")" || ok "a page for every command"
fi
[ "$(stat -c %a "$D/var/lib/kyuka")" = 700 ] && ok "/var/lib/kyuka 0700" || fail "/var/lib/kyuka mode $(stat -c %a "$D/var/lib/kyuka")"
find "$D" -path '*wants*' | grep -q . && fail "the watch timer is enabled" || ok "the watch timer is not enabled"
grep -q "^ExecStart=$prefix/bin/kyuka watch " "$P/lib/systemd/system/kyuka-watch.service" && ok "the unit runs the installed binary" ||
	fail "ExecStart: $(grep ExecStart "$P/lib/systemd/system/kyuka-watch.service")"
grep -q '^OnCalendar=hourly' "$P/lib/systemd/system/kyuka-watch.timer" && ok "hourly timer" || fail "timer"
if command -v systemd-analyze > /dev/null; then
	systemd-analyze verify --man=no "$P/lib/systemd/system/kyuka-watch.timer" "$P/lib/systemd/system/kyuka-watch.service" \
		> "$TMP/verify.txt" 2>&1 || true
	grep -v 'Failed to prepare filename\|not executable\|No such file' "$TMP/verify.txt" | grep -qi 'unknown\|invalid\|error' &&
		fail "systemd-analyze verify: $(head -3 "$TMP/verify.txt")" || ok "units verify"
fi

echo "== the installed binary"
K=$P/bin/kyuka
"$K" --version | grep -q '^kyuka ' && ok "installed kyuka --version" || fail "--version"
b=$(root bad)
status=0
"$K" audit --root "$b" --now "$NOW" --no-store --format json > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
[ "$status" -le 1 ] && ok "installed audit: exit $status" || fail "installed audit: exit $status $(cat "$TMP/err.txt")"
expect FAIL ACCT-0010 toor
KYUKA_LOCALEDIR=$P/share/locale "$K" --lang ja audit --root "$b" --now "$NOW" --no-store --color never > "$TMP/ja.txt" 2>&1 || true
grep -q 'アクセス制御に関する対策' "$TMP/ja.txt" && ok "Japanese from the installed catalogue" || fail "installed catalogue"
"$K" config check --config "$P/share/doc/kyuka/examples/kyuka.yaml" > /dev/null && ok "the example configuration is valid" ||
	fail "example config"
bash -n "$P/share/bash-completion/completions/kyuka" && ok "completion parses" || fail "completion"
finish
