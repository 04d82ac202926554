#!/bin/bash
# Backups (BAK-*) with the real tools: data in a root, backed up with restic, borg, tar and a copy,
# then every check PASSes, and FAILs after a stale clock, an edited live file, a deleted newest
# snapshot, a damaged pack/segment/archive and a writable mounted target. The password never
# reaches output, argv or the database. Ctrl-C during a drill removes its temporary directory.
. "$(dirname "$0")/lib.sh"

for t in restic borg tar; do
	command -v $t > /dev/null || { echo "$t is not installed (scripts/install-deps.sh test)" >&2; exit 1; }
done
export HOME="$TMP/home" TMPDIR="$TMP/tmp"
mkdir -p "$HOME" "$TMPDIR"
PW="kyuka-test-pw-$RANDOM$RANDOM-secret"
export KYUKA_T_PW="$PW"
R="$TMP/root"
mkdir -p "$R/etc/app" "$R/srv/data" "$R/backup/tar" "$R/proc/self" "$TMP/secret"
for i in 1 2 3 4 5 6; do
	echo "setting_$i = value $i" > "$R/etc/app/c$i.conf"
	head -c $((3000 * i)) /dev/urandom > "$R/srv/data/d$i.bin"
done
printf '%s\n' "$PW" > "$R/etc/backup.pw"
chmod 600 "$R/etc/backup.pw"
# the mount table this root shows: /backup on its own writable disk, /backup-ro read-only
cat > "$R/proc/self/mountinfo" <<'EOF'
21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 21 8:17 / /backup rw,relatime shared:20 - ext4 /dev/sdb1 rw
41 21 8:33 / /backup-ro ro,relatime shared:21 - ext4 /dev/sdc1 ro
42 21 0:50 / /mnt/nas rw,relatime shared:22 - nfs4 nas:/export rw,vers=4.2
EOF

old=$(date -u -d '-10 days' '+%Y-%m-%d %H:%M:%S')
(
	export RESTIC_PASSWORD="$PW" BORG_PASSPHRASE="$PW"
	restic -q init -r "$R/backup/restic"
	restic -q -r "$R/backup/restic" backup --time "$old" "$R/etc" "$R/srv" > /dev/null
	restic -q -r "$R/backup/restic" backup "$R/etc" "$R/srv" > /dev/null
	borg init -e repokey "$R/backup/borg" 2> /dev/null
	borg create --timestamp "${old/ /T}" "$R/backup/borg::old" "$R/etc" "$R/srv"
	borg create "$R/backup/borg::new" "$R/etc" "$R/srv"
	tar -C / -czf "$R/backup/tar/root-$(date +%F).tar.gz" "${R#/}/etc" "${R#/}/srv"
	mkdir -p "$R/backup/copy"
	cp -a "$R/etc" "$R/srv" "$R/backup/copy/"
)
chmod 644 "$R/proc/self/mountinfo"

cfg="$TMP/kyuka.yaml"
cat > "$cfg" <<EOF
backup:
  important: [/srv/data]
  config: [/etc/app]
  jobs:
    - name: r
      kind: restic
      repository: /backup/restic
      password_file: /etc/backup.pw
      paths: [/etc, /srv]
      sample: 100%
      check_percent: 100
    - name: b
      kind: borg
      repository: /backup/borg
      password_env: KYUKA_T_PW
      paths: [/etc, /srv]
      sample: 4
    - name: t
      kind: archive
      repository: /backup/tar
      paths: [/etc, /srv]
      sample: 100%
    - name: d
      kind: directory
      repository: /backup/copy
      paths: [/etc/app]
EOF
chmod 600 "$cfg"
db="$TMP/k.db"
LATER=$(date -u -d '+1 hour' '+%Y-%m-%dT%H:%M:%SZ')
out="$TMP/all-output"
: > "$out"

K() { "$KYUKA" --config "$cfg" --root "$R" --db "$db" "$@"; }
# bk_audit [args]: audit of the backup checks into $TMP/out.json, output appended to $out
bk_audit() {
	status=0
	K audit --only backup --no-store --format json --now "$LATER" "$@" > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
	cat "$TMP/out.json" "$TMP/err.txt" >> "$out"
}
verify() {
	vstatus=0
	K backup verify "$@" > "$TMP/verify.txt" 2>&1 || vstatus=$?
	cat "$TMP/verify.txt" >> "$out"
}

echo "== config"
"$KYUKA" config check --config "$cfg" > /dev/null && ok "config valid" || fail "config check"

echo "== before any drill"
bk_audit
expect PASS BAK-0010 /etc "r (restic), b (borg), t (archive)"
expect PASS BAK-0010 /etc/app "d (directory)"
expect PASS BAK-0010 /srv/data "r (restic)"
for j in r b t d; do expect PASS BAK-0020 $j; expect FAIL BAK-0030 $j "no restore drill"; done
expect PASS BAK-0020 b "in all"
expect WARN BAK-0040 r "writable from this host"
expect WARN BAK-0040 r "mounted read-write at /backup (ext4 from /dev/sdb1)"

echo "== list"
K backup list > "$TMP/list.txt" 2>&1 || fail "backup list: $(cat "$TMP/list.txt")"
cat "$TMP/list.txt" >> "$out"
grep -q "^r  *restic .* 2 *never" "$TMP/list.txt" && ok "list shows restic with 2 snapshots" || fail "list: $(cat "$TMP/list.txt")"

echo "== drills pass"
ps_log="$TMP/ps.log"
( while :; do ps -eo args >> "$ps_log" 2>/dev/null; sleep 0.05; done ) &
pspid=$!
verify
kill "$pspid"; wait "$pspid" 2>/dev/null || true
[ "$vstatus" -eq 0 ] && ok "verify exit 0" || fail "verify exit $vstatus: $(cat "$TMP/verify.txt")"
for j in "r (restic)" "b (borg)" "t (archive)" "d (directory)"; do
	grep -q "^PASS $j" "$TMP/verify.txt" && ok "drill $j" || fail "drill $j: $(cat "$TMP/verify.txt")"
done
# 13 files: 6 data, 6 app configs and the password file, all under a configuration path or sampled
grep -q "restored 13 file(s) (7 configuration)" "$TMP/verify.txt" && ok "restic: every file, configuration included" || fail "restic sample"
grep -q "13 identical" "$TMP/verify.txt" && ok "restored files equal the live ones" || fail "identical count"
grep -q "estimated full restore" "$TMP/verify.txt" && ok "RTO estimate" || fail "no RTO"
grep -q "(7 configuration)" <(grep -A3 "^PASS b" "$TMP/verify.txt") && ok "borg: small config files always sampled" || fail "borg config sample"
grep -q "$PW" "$ps_log" && fail "the password appeared in a process's arguments" || ok "password not in any argv ($(grep -c restic "$ps_log") restic lines seen)"
[ -z "$(ls -A "$TMPDIR")" ] && ok "temporary directories removed" || fail "left in TMPDIR: $(ls "$TMPDIR")"
bk_audit
for j in r b t d; do expect PASS BAK-0030 $j "last successful drill"; done
expect PASS BAK-0030 r "13 identical"
# the drills are read from a read-only database (mode 0400) too, which stays unchanged (issue 14)
chmod 400 "$db"; sum=$(sha256sum < "$db")
bk_audit
expect PASS BAK-0030 d "last successful drill"
[ "$(stat -c %a "$db")" = 400 ] && [ "$(sha256sum < "$db")" = "$sum" ] && ok "0400 database read, unchanged" || fail "0400 database changed"
chmod 600 "$db"
# a drill that cannot be recorded: the result is printed, exit 3 (BAK-0030 would not see it)
vstatus=0; "$KYUKA" --config "$cfg" --root "$R" --db "$TMP/nodir/k.db" backup verify d > "$TMP/verify.txt" 2>&1 || vstatus=$?
[ "$vstatus" -eq 3 ] && grep -q "^PASS d" "$TMP/verify.txt" && ok "unrecorded drill: printed, exit 3" || fail "unrecorded drill: $vstatus $(cat "$TMP/verify.txt")"

echo "== Ctrl-C during a drill removes the temporary directory"
caught=0
for try in 1 2 3 4 5; do
	"$KYUKA" --config "$cfg" --root "$R" --db "$db" backup verify r --sample 100% --no-store > "$TMP/int.txt" 2>&1 &
	vp=$!
	for _ in $(seq 1 400); do
		compgen -G "$TMPDIR/kyuka-drill.*" > /dev/null && { kill -INT "$vp"; caught=1; break; }
		sleep 0.005
	done
	st=0; wait "$vp" || st=$?
	[ "$caught" = 1 ] && break
done
if [ "$caught" = 1 ]; then
	[ -z "$(ls -A "$TMPDIR")" ] && ok "interrupted drill left nothing" || fail "interrupted drill left: $(ls "$TMPDIR")"
	[ "$st" -eq 130 ] && grep -q "interrupted" "$TMP/int.txt" && ok "exit 130 after SIGINT" || fail "after SIGINT: exit $st $(cat "$TMP/int.txt")"
else
	echo "note: the drill finished before it could be interrupted"
fi

echo "== stale: the clock a month later"
bk_audit --now "$(date -u -d '+31 days' '+%Y-%m-%dT%H:%M:%SZ')"
for j in r b t d; do expect FAIL BAK-0020 $j "more than 26 h"; expect WARN BAK-0030 $j "more than 30 days"; done

echo "== a live file edited behind the backup's back (same mtime)"
f="$R/etc/app/c3.conf"
m=$(stat -c %Y "$f")
echo "tampered" > "$f"
touch -d "@$m" "$f"
verify t
[ "$vstatus" -eq 1 ] && ok "verify exit 1" || fail "verify t exit $vstatus"
grep -q "DIFFERENT /etc/app/c3.conf" "$TMP/verify.txt" && ok "difference reported" || fail "no DIFFERENT: $(cat "$TMP/verify.txt")"
bk_audit
expect FAIL BAK-0030 t "1 different"
echo "setting_3 = value 3" > "$f"; touch -d "@$m" "$f"
# an ordinary edit (new mtime) is reported as changed, never as a difference
echo "# edited" >> "$R/etc/app/c4.conf"
verify t
[ "$vstatus" -eq 0 ] && grep -q "1 changed since the backup" "$TMP/verify.txt" && ok "changed file not compared" || fail "changed: $(cat "$TMP/verify.txt")"

echo "== the newest snapshot deleted"
newest=$(RESTIC_PASSWORD="$PW" restic -r "$R/backup/restic" snapshots --json latest | $PY -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
RESTIC_PASSWORD="$PW" restic -q -r "$R/backup/restic" forget "$newest" > /dev/null
BORG_PASSPHRASE="$PW" borg delete "$R/backup/borg::new"
bk_audit
expect FAIL BAK-0020 r "is gone"
expect FAIL BAK-0020 b "is gone"
expect PASS BAK-0020 t
# the drill takes the newest snapshot there is now (restic: listed by "ls latest")
older=$(RESTIC_PASSWORD="$PW" restic -r "$R/backup/restic" snapshots --json latest | $PY -c 'import json,sys; print(json.load(sys.stdin)[0]["short_id"])')
verify r
[ "$vstatus" -eq 0 ] && grep -q "^PASS r (restic): snapshot $older" "$TMP/verify.txt" \
	&& ok "drill of the older snapshot $older" || fail "older snapshot: $(cat "$TMP/verify.txt")"
grep -q "${newest:0:8}" "$TMP/verify.txt" && fail "the deleted snapshot was drilled" || ok "deleted snapshot not drilled"

echo "== damaged repositories and archive"
pack=$(find "$R/backup/restic/data" -type f | head -1)
printf 'garbage-garbage-garbage' | dd of="$pack" bs=1 seek=40 conv=notrunc status=none
seg=$(find "$R/backup/borg/data" -type f -name '[0-9]*' -size +1k | sort -V | head -1)
printf 'garbage-garbage-garbage' | dd of="$seg" bs=1 seek=200 conv=notrunc status=none
arch=$(ls "$R"/backup/tar/*.tar.gz)
sz=$(stat -c %s "$arch"); truncate -s $((sz / 2)) "$arch"; touch -d '-1 min' "$arch"
verify r b t
[ "$vstatus" -eq 1 ] && ok "verify exit 1" || fail "verify exit $vstatus"
for j in "r (restic)" "b (borg)" "t (archive)"; do
	grep -q "^FAIL $j" "$TMP/verify.txt" && ok "drill $j fails" || fail "drill $j: $(cat "$TMP/verify.txt")"
done
grep -A1 "^FAIL r" "$TMP/verify.txt" | grep -q "integrity: FAILED" && ok "restic check caught the damage" || fail "restic integrity"
grep -A1 "^FAIL b" "$TMP/verify.txt" | grep -q "integrity: FAILED" && ok "borg check caught the damage" || fail "borg integrity"
bk_audit
for j in r b t; do expect FAIL BAK-0030 $j "the last restore drill failed"; done
expect FAIL BAK-0030 r "last successful drill: 20"
[ -z "$(ls -A "$TMPDIR")" ] && ok "temporary directories removed after failures" || fail "left: $(ls "$TMPDIR")"

echo "== isolation in this root's mount table"
sed -i 's#/backup/tar#/backup-ro#; s#/backup/copy#/mnt/nas/copy#' "$cfg"
mkdir -p "$R/backup-ro" "$R/mnt/nas/copy"
bk_audit --only BAK-0040
expect PASS BAK-0040 t "mounted read-only at /backup-ro"
expect WARN BAK-0040 d "a network filesystem"

echo "== a wrong password is an ERROR, never a PASS"
sed -i "s#password_env: KYUKA_T_PW#password_env: KYUKA_T_WRONG#" "$cfg"
KYUKA_T_WRONG=nope bk_audit --only BAK-0020
expect ERROR BAK-0020 b "passphrase"

echo "== no password anywhere"
sqlite3 "$db" .dump >> "$out"
K runs >> "$out" 2>&1 || true
grep -qF -- "$PW" "$out" && fail "the password reached output or the database" || ok "password in no output and not in the database"
[ "$(stat -c %a "$db")" = 600 ] && ok "database mode 600" || fail "db mode"


echo "== a real mount: writable, then read-only, then immutable, then borg append-only"
M="$TMP/mnt"
mkdir -p "$M"
if mount -t tmpfs -o size=16m kyuka-test "$M" 2> /dev/null; then
	trap 'umount "$M" 2>/dev/null; rm -rf "$TMP"' EXIT
	mkdir "$M/repo"
	cat > "$TMP/host.yaml" <<EOF
backup:
  jobs:
    - name: m
      kind: directory
      repository: $M/repo
      paths: [/etc]
      offline: true
EOF
	chmod 600 "$TMP/host.yaml"
	hk() { status=0; "$KYUKA" --config "$TMP/host.yaml" audit --only BAK-0040 --no-store --format json > "$TMP/out.json" 2>&1 || status=$?; }
	hk
	expect FAIL BAK-0040 m "mounted read-write at $M (tmpfs from kyuka-test)"
	mount -o remount,ro "$M"
	hk
	expect PASS BAK-0040 m "mounted read-only at $M"
	umount "$M"
	trap 'rm -rf "$TMP"' EXIT
	hk
	expect PASS BAK-0040 m "is not connected to this host now"
	mkdir -p "$M/repo"
	hk
	expect FAIL BAK-0040 m "writable from this host"
else
	echo "note: cannot mount tmpfs here; the fixture mount table above covers the mount cases"
fi
mkdir -p "$M/repo"
if chattr +i "$M/repo" 2> /dev/null; then
	"$KYUKA" --config "$TMP/host.yaml" audit --only BAK-0040 --no-store --format json > "$TMP/out.json" 2>&1 || true
	expect PASS BAK-0040 m "immutable"
	chattr -i "$M/repo"
fi
BORG_PASSPHRASE="$PW" borg init -e repokey "$TMP/ab" 2> /dev/null
cat > "$TMP/borg.yaml" <<EOF
backup:
  jobs:
    - name: ab
      kind: borg
      repository: $TMP/ab
      password_env: KYUKA_T_PW
      paths: [/etc]
EOF
chmod 600 "$TMP/borg.yaml"
"$KYUKA" --config "$TMP/borg.yaml" audit --only BAK-0040 --no-store --format json > "$TMP/out.json" 2>&1 || true
expect WARN BAK-0040 ab "borg append_only is off"
BORG_PASSPHRASE="$PW" borg config "$TMP/ab" append_only 1
"$KYUKA" --config "$TMP/borg.yaml" audit --only BAK-0040 --no-store --format json > "$TMP/out.json" 2>&1 || true
expect PASS BAK-0040 ab "append-only mode"

echo "== a restic repository without snapshots"
RESTIC_PASSWORD="$PW" restic -q -r "$R/backup/restic" forget $(RESTIC_PASSWORD="$PW" restic -r "$R/backup/restic" snapshots --json | $PY -c 'import json,sys; print(" ".join(s["id"] for s in json.load(sys.stdin)))') > /dev/null
verify r
[ "$vstatus" -eq 1 ] && grep -q "there is no backup to verify" "$TMP/verify.txt" \
	&& ok "no snapshot: nothing to verify" || fail "empty repository: $vstatus $(cat "$TMP/verify.txt")"
[ -z "$(ls -A "$TMPDIR")" ] && ok "nothing left in TMPDIR" || fail "left: $(ls "$TMPDIR")"
finish
