#!/bin/bash
# kyuka audit --audience staff (issue 17): the screen lock of XFCE, MATE, Cinnamon, xscreensaver and
# light-locker read through --root; the take-out register confirmed in the store (ST-1); the pending
# security updates of the laptop (STAFF-0050).
. "$(dirname "$0")/lib.sh"

# desk NAME BIN -> a laptop root with three desktop users (ann, ben, cy) and the desktop's program
desk() {
	local l=$TMP/$1
	mkdir -p "$l/etc" "$l/usr/bin" "$l/home/ann/.config" "$l/home/ben/.config" "$l/home/cy/.config"
	printf 'root:x:0:0:root:/root:/bin/bash\nann:x:1000:1000::/home/ann:/bin/bash\nben:x:1001:1001::/home/ben:/bin/bash\ncy:x:1002:1002::/home/cy:/bin/bash\n' > "$l/etc/passwd"
	touch "$l/usr/bin/$2"
	echo "$l"
}

echo "== XFCE (xfce4-screensaver, xfconf)"
l=$(desk xfce xfce4-screensaver)
x=.config/xfce4/xfconf/xfce-perchannel-xml
mkdir -p "$l/home/ann/$x" "$l/home/ben/$x" "$l/home/cy/.config/autostart"
cat > "$l/home/ann/$x/xfce4-screensaver.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-screensaver" version="1.0">
  <property name="saver" type="empty">
    <property name="enabled" type="bool" value="true"/>
  </property>
  <property name="lock" type="empty">
    <property name="enabled" type="bool" value="false"/>
  </property>
</channel>
EOF
sed 's/value="false"/value="true"/' "$l/home/ann/$x/xfce4-screensaver.xml" > "$l/home/ben/$x/xfce4-screensaver.xml"
printf '[Desktop Entry]\nHidden=true\n' > "$l/home/cy/.config/autostart/xfce4-screensaver.desktop"
audit_json "$l" --audience staff --only STAFF-0020
expect FAIL STAFF-0020 ann "XFCE: ~/.config/xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml turns the lock or the screensaver off"
expect PASS STAFF-0020 ben "XFCE: xfce4-screensaver starts and its lock is on"
expect FAIL STAFF-0020 cy "xfce4-screensaver does not start"

echo "== MATE and Cinnamon (dconf)"
for d in mate:mate-screensaver:org.mate.screensaver cinnamon:cinnamon-screensaver:org.cinnamon.desktop.screensaver; do
	IFS=: read -r name bin schema <<< "$d"
	l=$(desk "$name" "$bin")
	mkdir -p "$l/home/ann/.config/dconf"
	printf 'GVariant...lock-enabled...' > "$l/home/ann/.config/dconf/user"
	audit_json "$l" --audience staff --only STAFF-0020
	expect WARN STAFF-0020 ann "gsettings get $schema lock-enabled"
	expect PASS STAFF-0020 ben "$schema: locks when idle"
	mkdir -p "$l/etc/dconf/db/local.d"
	printf '[%s]\nlock-enabled=false\n' "${schema//.//}" > "$l/etc/dconf/db/local.d/00-lock"
	audit_json "$l" --audience staff --only STAFF-0020
	expect FAIL STAFF-0020 GNOME "00-lock:2 lock-enabled=false"
	expect_none PASS STAFF-0020 ben
done

echo "== xscreensaver (~/.xscreensaver, app-defaults)"
l=$(desk xss xscreensaver)
printf 'timeout:\t0:10:00\nlock:\t\tTrue\n' > "$l/home/ann/.xscreensaver"
printf 'mode:\t\toff\nlock:\t\tTrue\n' > "$l/home/ben/.xscreensaver"
audit_json "$l" --audience staff --only STAFF-0020
expect PASS STAFF-0020 ann "lock: True"
expect FAIL STAFF-0020 ben "mode: off"
expect WARN STAFF-0020 cy "no lock: setting"
mkdir -p "$l/etc/X11/app-defaults"
printf '*timeout:\t0:10:00\n*lock:\t\tFalse\n' > "$l/etc/X11/app-defaults/XScreenSaver"
audit_json "$l" --audience staff --only STAFF-0020
expect FAIL STAFF-0020 cy "lock: False"
expect PASS STAFF-0020 ann "lock: True"

echo "== light-locker"
l=$(desk ll light-locker)
mkdir -p "$l/home/ann/.config/autostart" "$l/home/ben/.config/dconf"
printf '[Desktop Entry]\nHidden=true\n' > "$l/home/ann/.config/autostart/light-locker.desktop"
printf 'GVariant...lock-after-screensaver...' > "$l/home/ben/.config/dconf/user"
audit_json "$l" --audience staff --only STAFF-0020
expect FAIL STAFF-0020 ann "light-locker does not start"
expect WARN STAFF-0020 ben "apps.light-locker"
expect PASS STAFF-0020 cy "light-locker starts"

echo "== no desktop kyuka reads"
l=$(desk none true)
audit_json "$l" --audience staff --only STAFF-0020
expect SKIP STAFF-0020 "" "xscreensaver, light-locker"

echo "== ST-1: the take-out register confirmed in the store"
l=$TMP/none
db=$TMP/st.db
s() { status=0; "$KYUKA" audit --root "$l" --db "$db" --no-store --audience staff --only STAFF-0040 --format json --now "$1" > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?; }
s "$NOW"
expect MANUAL STAFF-0040 "" "kyuka plan confirm ST-1"
"$KYUKA" plan confirm ST-1 --by Ann --note "register line 12, back 2027-01-05" --db "$db" --now "$NOW" > "$TMP/cmd.txt" \
	&& grep -q "ST-1 confirmed" "$TMP/cmd.txt" && ok "plan confirm ST-1" || fail "confirm: $(cat "$TMP/cmd.txt")"
s "$NOW"
expect PASS STAFF-0040 "" "by Ann: register line 12"
s 2027-06-01T09:00:00+09:00
expect MANUAL STAFF-0040 "" "too long before this holiday"
"$KYUKA" plan --db "$db" --now "$NOW" 2>/dev/null | grep -q "ST-1  confirmed" && ok "kyuka plan lists ST-1" || fail "plan show"
status=0; "$KYUKA" plan confirm ST-9 --by a --note b --db "$db" > /dev/null 2> "$TMP/err.txt" || status=$?
[ "$status" -eq 2 ] && grep -q "ST-1" "$TMP/err.txt" && ok "unknown item: exit 2, names ST-1" || fail "ST-9: $status"

echo "== STAFF-0050: the laptop's pending security updates"
r=$(root pkg-bullseye)
audit_json "$r" --audience staff --only STAFF-0050
expect FAIL STAFF-0050 gerbv "2.7.0-2+deb11u2"
audit_json "$r" --audience staff --phase after --only STAFF-0050
expect FAIL STAFF-0050 gerbv
finish
