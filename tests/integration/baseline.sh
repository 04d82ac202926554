#!/bin/bash
# kyuka baseline save and kyuka diff on a fixture root changed in between: a new UID 0 account, a new
# key, a new listener, a changed binary with and without a matching dpkg md5sum, a new timer; the
# baseline's summary and its tampering; --trust-mtime; diff between two stored baselines (issue 16).
. "$(dirname "$0")/lib.sh"

db=$TMP/kyuka.db
r=$(root good)
run() { status=0; "$KYUKA" "$@" --root "$r" --db "$db" --now "$NOW" > "$TMP/cmd.txt" 2> "$TMP/err.txt" || status=$?; }
# has JQ-FILTER DESCRIPTION: the filter is true on the diff's JSON
has() { if [ -s "$TMP/cmd.txt" ] && jq -e "$1" "$TMP/cmd.txt" > /dev/null; then ok "$2"; else fail "$2: $(head -c 2000 "$TMP/cmd.txt")"; fi; }

# a package whose binary dpkg knows (bar) and a binary no package lists (foo)
mkdir -p "$r/usr/bin" "$r/var/lib/dpkg/info"
printf 'foo v1\n' > "$r/usr/bin/foo"
printf 'bar v1\n' > "$r/usr/bin/bar"
chmod 755 "$r/usr/bin/foo" "$r/usr/bin/bar"
printf 'Package: barutils\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0-1\n\n' > "$r/var/lib/dpkg/status"
echo "$(printf 'bar v1\n' | md5sum | cut -d' ' -f1)  usr/bin/bar" > "$r/var/lib/dpkg/info/barutils.md5sums"
printf 'ext4 1036288 1 - Live 0x0000000000000000\n' > "$r/proc/modules"

echo "== save"
run baseline save
[ "$status" -eq 0 ] && ok "baseline save exits 0" || fail "save: exit $status $(cat "$TMP/err.txt")"
sum=$(sed -n 's/^SHA-256 summary: \([0-9a-f]\{64\}\)$/\1/p' "$TMP/cmd.txt")
[ -n "$sum" ] && ok "the SHA-256 summary is printed" || fail "no summary: $(cat "$TMP/cmd.txt")"
[ "$(sqlite3 "$db" 'PRAGMA user_version')" -ge 6 ] && ok "schema migrated" || fail "user_version"
[ "$(sqlite3 "$db" "SELECT sha256 FROM baselines WHERE id = 1")" = "$sum" ] && ok "summary recorded" || fail "summary row"
for k in account group sudo key listen unit timer cron package file; do
	n=$(sqlite3 "$db" "SELECT count(*) FROM baseline_items WHERE baseline_id = 1 AND kind = '$k'")
	[ "$n" -gt 0 ] && ok "recorded $k ($n)" || fail "no $k items"
done
[ "$(stat -c %a "$db")" = 600 ] && ok "database 0600" || fail "db mode $(stat -c %a "$db")"
# the file walk never follows a link: the timer's link is recorded as a link
sqlite3 "$db" "SELECT value FROM baseline_items WHERE kind='file' AND key='/etc/systemd/system/timers.target.wants/logrotate.timer'" \
	| grep -q '^type=l .* link=/lib/systemd/system/logrotate.timer' && ok "a link is recorded as a link" || fail "link item"

# audit --phase after, CH-0010: as diff, and the database unchanged by the audit
ch() { status=0; "$KYUKA" audit --root "$r" --now "$NOW" --no-store --db "$db" --format json --phase after --only CH-0010 \
	"$@" > "$TMP/out.json" 2> "$TMP/err.txt" || status=$?; }

echo "== no change"
before=$(sha256sum "$db")
ch
expect PASS CH-0010 "" "no unexplained change"
[ "$(sha256sum "$db")" = "$before" ] && ok "the audit wrote nothing to the database" || fail "audit changed the database"
status=0; "$KYUKA" audit --root "$r" --now "$NOW" --no-store --db "$TMP/none.db" --format json --phase after --only CH-0010 \
	> "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
expect SKIP CH-0010 "" "kyuka baseline save"
# a part of the host unreadable now: no PASS, a warning that says what was not read
mv "$r/var/lib/dpkg/status" "$TMP/status"
ch
expect WARN CH-0010 "" "not read: packages"
mv "$TMP/status" "$r/var/lib/dpkg/status"
run diff
[ "$status" -eq 0 ] && grep -q "no changes" "$TMP/cmd.txt" && grep -q "intact" "$TMP/cmd.txt" \
	&& ok "unchanged host: no changes, exit 0" || fail "diff unchanged: exit $status $(cat "$TMP/cmd.txt" "$TMP/err.txt")"
[ "$(sqlite3 "$db" "SELECT count(*) FROM baselines WHERE label = 'now'")" = 0 ] && ok "the diff's snapshot is not kept" || fail "now kept"
before=$(sha256sum "$db")
run diff --trust-mtime
[ "$(sha256sum "$db")" = "$before" ] && ok "diff writes nothing to the database" || fail "diff changed the database"

echo "== the host changes"
echo 'toor:x:0:0::/root:/bin/bash' >> "$r/etc/passwd"
head -1 "$r/home/bob/.ssh/authorized_keys" >> "$r/home/alice/.ssh/authorized_keys"
echo '   3: 00000000:115C 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1010 1 0000000000000000 100 0 0 10 0' >> "$r/proc/net/tcp"
printf 'foo v2 (trojan)\n' > "$r/usr/bin/foo"
printf 'bar v2\n' > "$r/usr/bin/bar"
echo "$(printf 'bar v2\n' | md5sum | cut -d' ' -f1)  usr/bin/bar" > "$r/var/lib/dpkg/info/barutils.md5sums"
sed -i 's/^Version: 1.0-1/Version: 1.0-2/' "$r/var/lib/dpkg/status"
printf '[Timer]\nOnCalendar=*:0/5\n[Install]\nWantedBy=timers.target\n' > "$r/usr/lib/systemd/system/evil.timer"
ln -s /usr/lib/systemd/system/evil.timer "$r/etc/systemd/system/timers.target.wants/evil.timer"

run diff --format json
[ "$status" -eq 1 ] && ok "changes: exit 1" || fail "diff: exit $status $(cat "$TMP/err.txt")"
has '.baseline.intact == true and .baseline.sha256 == "'"$sum"'" and .against == "now"' "baseline intact, against now"
has '.changes[] | select(.kind == "account" and .key == "toor" and .change == "appeared" and .severity == "critical" and .item == "AC-1")' \
	"new UID 0 account: critical, AC-1"
has '.changes[] | select(.kind == "key" and (.key | startswith("alice SHA256:")) and .change == "appeared" and .severity == "critical")' \
	"new key: critical"
has '.changes[] | select(.kind == "listen" and .key == "tcp 0.0.0.0:4444" and .change == "appeared" and .severity == "high" and .item == "AC-5")' \
	"new listener: high, AC-5"
has '.changes[] | select(.kind == "file" and .key == "/usr/bin/foo" and .change == "changed" and .severity == "high" and .explained == false)' \
	"changed /usr/bin file without dpkg md5sum: high"
has '.changes[] | select(.kind == "file" and .key == "/usr/bin/bar" and .explained == true and .severity == "info" and (.why | contains("barutils")))' \
	"changed /usr/bin file matching dpkg md5sums: explained"
has '.changes[] | select(.kind == "package" and .key == "barutils:amd64" and .before == "1.0-1" and .after == "1.0-2" and .explained)' \
	"package upgrade shown as explained"
has '.changes[] | select(.kind == "timer" and .key == "evil.timer" and .change == "appeared" and .severity == "high" and .item == "DV-3")' \
	"new timer: high, DV-3"
has '.counts.critical == 2' "two critical"
has '[.changes[] | select(.kind == "account" and .key == "root")] | length == 0' "unchanged items are not listed"

ch
expect FAIL CH-0010 "account toor" "a new account with UID 0"
expect FAIL CH-0010 "file /usr/bin/foo" "no package lists it"
expect FAIL CH-0010 "timer evil.timer"
expect_none FAIL CH-0010 "file /usr/bin/bar"
[ "$(jq '[.findings[] | select(.check_id == "CH-0010" and .subject == "account toor")][0].severity' "$TMP/out.json")" = '"critical"' ] \
	&& ok "CH-0010: the UID 0 account is critical" || fail "CH-0010 severity"
[ "$status" -eq 1 ] && ok "audit exits 1" || fail "audit exit $status"

run diff
[ "$status" -eq 1 ] && grep -q "critical appeared account toor" "$TMP/cmd.txt" && grep -q "explained" "$TMP/cmd.txt" \
	&& ok "terminal output" || fail "terminal: $(cat "$TMP/cmd.txt")"

echo "== the changed binary without dpkg's word, the md5sum wrong"
echo "0123456789abcdef0123456789abcdef  usr/bin/bar" > "$r/var/lib/dpkg/info/barutils.md5sums"
run diff --format json
has '.changes[] | select(.key == "/usr/bin/bar" and .explained == false and .severity == "high" and (.why | contains("differs from dpkg")))' \
	"a binary that differs from its md5sum: high"

echo "== two stored baselines, --trust-mtime"
run baseline save --trust-mtime
[ "$status" -eq 0 ] && grep -Eq '; [1-9][0-9]* unchanged by size' "$TMP/cmd.txt" && ok "--trust-mtime reuses digests" \
	|| fail "trust-mtime: $(cat "$TMP/cmd.txt" "$TMP/err.txt")"
b2=$(sed -n 's/^baseline \([0-9]*\) saved.*/\1/p' "$TMP/cmd.txt")
run diff 1 --against "$b2" --format json
[ "$status" -eq 1 ] && ok "diff 1 --against 2: exit 1" || fail "diff 1 2: exit $status $(cat "$TMP/err.txt")"
has '.against.id == '"$b2"' and (.changes[] | select(.key == "toor" and .severity == "critical"))' "stored against stored"
run diff "$b2" --format json
[ "$status" -eq 1 ] || true
has '[.changes[] | select(.kind != "unread" and .kind != "file" and .kind != "setuid")] | length == 0' \
	"newest baseline against now: nothing but the md5sums file"
# a touched file with unchanged content: its inode, mtime and ctime are not compared
touch -d '2020-01-01' "$r/usr/bin/foo"
run diff "$b2" --format json --trust-mtime
has '[.changes[] | select(.key == "/usr/bin/foo")] | length == 0' "a touched file with the same content is no change"

echo "== the stored baseline altered"
sqlite3 "$db" "UPDATE baseline_items SET value = 'uid=1000 gid=1000 home=/root shell=/bin/bash' WHERE baseline_id = 1 AND kind = 'account' AND key = 'toor'" || true
sqlite3 "$db" "INSERT INTO baseline_items VALUES (1, 'account', 'toor', 'uid=1000 gid=1000 home=/root shell=/bin/bash', '')"
run diff 1
[ "$status" -eq 1 ] && grep -q "NO LONGER MATCHES" "$TMP/cmd.txt" && grep -q "no longer matches its summary $sum" "$TMP/err.txt" \
	&& ok "altered baseline is reported" || fail "tamper: exit $status $(cat "$TMP/cmd.txt" "$TMP/err.txt")"
run diff 1 --format json
has '.baseline.intact == false' "JSON: intact false"
sqlite3 "$db" "DELETE FROM baselines WHERE id > 1"
ch
expect FAIL CH-0010 "" "no longer matches the summary"

echo "== the end of a whole audit --phase before with a holiday saves one"
a=$(root good)
adb=$TMP/auto.db
status=0; "$KYUKA" audit --root "$a" --db "$adb" --now "$NOW" --holiday 2026-12-27..2027-01-04 --format json \
	> "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
grep -q "^kyuka: baseline 1 saved .*SHA-256 summary: [0-9a-f]\{64\}$" "$TMP/err.txt" && jq -e .findings "$TMP/out.json" > /dev/null \
	&& ok "audit before: baseline saved, summary on stderr, JSON intact" || fail "auto baseline: $(cat "$TMP/err.txt")"
for args in "--no-baseline" "--only AC-3" "--no-store" "--phase after"; do
	# shellcheck disable=SC2086
	"$KYUKA" audit --root "$a" --db "$adb" --now "$NOW" --holiday 2026-12-27..2027-01-04 $args > /dev/null 2>&1 || true
done
"$KYUKA" audit --root "$a" --db "$adb" --now "$NOW" > /dev/null 2>&1 || true
[ "$(sqlite3 "$adb" "SELECT count(*) FROM baselines WHERE label = 'baseline'")" = 1 ] \
	&& ok "not with --no-baseline, --only, --no-store, --phase after or without a holiday" || fail "auto baselines: $(sqlite3 "$adb" 'SELECT count(*) FROM baselines')"

echo "== the file walk: path order, threads, --trust-mtime stepping through the previous snapshot"
t=$(root minimal)
tdb=$TMP/walk.db
mkdir -p "$t/tree/a/x" "$t/tree/a-b" "$t/tree/a.c/y" "$t/tree/a b" "$t/tree/z" "$t/tree/$(printf '\xff')"
for d in "$t/tree/a/x" "$t/tree/a-b" "$t/tree/a.c/y" "$t/tree/a b" "$t/tree/z" "$t/tree/$(printf '\xff')"; do
	for i in 1 2 3; do printf 'file %s %s\n' "$d" "$i" > "$d/f$i"; done
done
printf 'a' > "$t/tree/a0"; printf 'b' > "$t/tree/a/x/a-"; ln -s a "$t/tree/a/link"
printf 'baseline:\n  paths: [/tree]\n' > "$TMP/walk.yaml"; chmod 600 "$TMP/walk.yaml"
tk() { status=0; "$KYUKA" baseline save --root "$t" --db "$tdb" --config "$TMP/walk.yaml" --now "$NOW" "$@" > "$TMP/cmd.txt" 2> "$TMP/err.txt" || status=$?; }
tk --threads 1
s1=$(sed -n 's/^SHA-256 summary: //p' "$TMP/cmd.txt")
tk --threads 3
grep -q "hashed on 3 threads" "$TMP/cmd.txt" && [ "$(sed -n 's/^SHA-256 summary: //p' "$TMP/cmd.txt")" = "$s1" ] \
	&& ok "the same summary hashed on 1 and 3 threads" || fail "threads: $(cat "$TMP/cmd.txt" "$TMP/err.txt")"
sqlite3 "$tdb" "SELECT hex(key), value FROM baseline_items WHERE baseline_id = 2 AND kind = 'file' ORDER BY key" > "$TMP/files2"
[ "$(grep -c 'sha256=[0-9a-f]\{64\}' "$TMP/files2")" = 20 ] && ok "every file hashed once" || fail "hashed: $(cat "$TMP/files2")"
tk --trust-mtime
n=$(sed -n 's/.*(0 hashed on [0-9]* threads, 0.0 MB; \([0-9]*\) unchanged.*/\1/p' "$TMP/cmd.txt")
[ "$n" = "$(sqlite3 "$tdb" "SELECT count(*) FROM baseline_items WHERE baseline_id = 2 AND kind = 'file'")" ] \
	&& [ "$(sed -n 's/^SHA-256 summary: //p' "$TMP/cmd.txt")" = "$s1" ] \
	&& ok "--trust-mtime: all $n entries found in path order ('a', 'a b', 'a-b', 'a.c', 'a/...', 0xff)" \
	|| fail "trust: $(cat "$TMP/cmd.txt" "$TMP/err.txt")"
# the re-check refers to the files of the baseline it trusted instead of rewriting them
[ "$(sqlite3 "$tdb" "SELECT parent FROM baselines WHERE id = 3")" = 2 ] \
	&& [ "$(sqlite3 "$tdb" "SELECT count(*) FROM baseline_items WHERE baseline_id = 3 AND kind = 'file'")" = 0 ] \
	&& [ "$(sqlite3 "$tdb" "SELECT n_items FROM baselines WHERE id = 3")" = "$(sqlite3 "$tdb" "SELECT n_items FROM baselines WHERE id = 2")" ] \
	&& ok "--trust-mtime, nothing changed: no file row written, the parent's counted" \
	|| fail "delta: $(sqlite3 "$tdb" "SELECT id, parent, n_items FROM baselines")"
printf 'changed\n' > "$t/tree/a-b/f2"
tk --trust-mtime
grep -q "(1 hashed on" "$TMP/cmd.txt" && [ "$(sed -n 's/^SHA-256 summary: //p' "$TMP/cmd.txt")" != "$s1" ] \
	&& ok "--trust-mtime: only the changed file hashed" || fail "changed: $(cat "$TMP/cmd.txt")"
# changes at the same and other paths, each re-check's summary against a whole save of the same tree
sum() { sed -n 's/^SHA-256 summary: //p' "$TMP/cmd.txt"; }
# reread DB ROOT CONFIG: the summary printed by the last save (built as the files passed) is the one
# recomputed from the stored rows (diff says the baseline is intact)
reread() {
	local id s=0
	id=$(sed -n 's/^baseline \([0-9]*\) saved.*/\1/p' "$TMP/cmd.txt")
	"$KYUKA" diff "$id" --against "$id" --db "$1" --root "$2" --config "$3" --now "$NOW" --format json > "$TMP/re.json" \
		2> "$TMP/re.err" || s=$?
	[ -n "$id" ] && [ "$s" -eq 0 ] && jq -e --arg s "$(sum)" '.baseline.intact == true and .baseline.sha256 == $s' "$TMP/re.json" > /dev/null
}
same_as_whole() {
	local d
	tk --trust-mtime
	d=$(sum)
	reread "$tdb" "$t" "$TMP/walk.yaml" && ok "$1: the re-check's summary is the stored rows' one" \
		|| fail "$1: re-read $(cat "$TMP/re.json" "$TMP/re.err")"
	tk --threads 1
	[ "$status" -eq 0 ] && [ -n "$d" ] && [ "$d" = "$(sum)" ] && ok "$1: the summary of a whole save" \
		|| fail "$1: $d against $(sum) $(cat "$TMP/err.txt")"
	tk --trust-mtime	# the next one refers to a whole baseline again, then to a child
}
printf 'again\n' > "$t/tree/a-b/f2"
same_as_whole "the same file changed again"
rm "$t/tree/a/x/f1"; printf 'new\n' > "$t/tree/a/x/f9"; rm -r "$t/tree/a.c"
same_as_whole "files gone, a directory gone, a new file"
printf 'new\n' > "$t/tree/a.c"; chmod 600 "$t/tree/z/f3"
same_as_whole "a directory replaced by a file, a mode changed"
# a child trusting a child: the file changed in the first is trusted in the second, written again
printf 'once more\n' > "$t/tree/a/x/f2"
tk --trust-mtime
same_as_whole "a file changed in the trusted child, unchanged since"
printf 'baseline:\n  paths: [/tree/a, /tree/z]\n' > "$TMP/walk.yaml"
same_as_whole "fewer paths configured"
printf 'baseline:\n  paths: [/tree/z, /tree]\n' > "$TMP/walk.yaml"
same_as_whole "paths out of order, one inside another"
printf 'baseline:\n  paths: [/tree/z, /tree/a, /tree/z]\n' > "$TMP/walk.yaml"
same_as_whole "paths out of order, one twice"
printf 'baseline:\n  paths: [/tree]\n' > "$TMP/walk.yaml"
tk --trust-mtime
last=$(sed -n 's/^baseline \([0-9]*\) saved.*/\1/p' "$TMP/cmd.txt")
p=$(sqlite3 "$tdb" "SELECT parent FROM baselines WHERE id = $last")
[ -n "$p" ] && [ "$(sqlite3 "$tdb" "SELECT count(*) FROM baselines WHERE parent IS NOT NULL AND parent IN (SELECT id FROM baselines WHERE parent IS NOT NULL)")" = 0 ] \
	&& ok "a child of a child refers to the whole one (no chains)" || fail "chain: $(sqlite3 "$tdb" "SELECT id, parent FROM baselines")"
rm "$t/tree/z/f2"
status=0; "$KYUKA" diff "$last" --root "$t" --db "$tdb" --config "$TMP/walk.yaml" --now "$NOW" --trust-mtime --format json \
	> "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
jq -e '.baseline.intact == true and ([.changes[] | select(.kind == "file")] | length == 1) and
	(.changes[] | select(.kind == "file") | .key == "/tree/z/f2" and .change == "vanished")' "$TMP/out.json" > /dev/null \
	&& ok "diff of a child baseline against now: intact, one file vanished" || fail "child diff: $(cat "$TMP/out.json" "$TMP/err.txt")"
tk --threads 0
[ "$status" -eq 2 ] && ok "--threads 0: exit 2" || fail "--threads 0: exit $status"

echo "== the re-check walked ahead on a second thread: the same as on one"
# more entries than one batch of the walk ahead (1,024) and more directories than one batch closes (64)
big=$TMP/big
mkdir -p "$big/etc"
for i in $(seq 1 150); do mkdir -p "$big/tree/d$i/s"; for j in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "$i $j" > "$big/tree/d$i/s/f$j"; done; done
ln -s ../d2 "$big/tree/d1/link"
printf 'baseline:\n  paths: [/tree]\n' > "$TMP/big.yaml"; chmod 600 "$TMP/big.yaml"
bk() { status=0; "$KYUKA" baseline save --root "$big" --db "$1" --config "$TMP/big.yaml" --now "$NOW" "${@:2}" > "$TMP/cmd.txt" 2> "$TMP/err.txt" || status=$?; }
bk "$TMP/big1.db" --threads 1
echo changed > "$big/tree/d7/s/f3"; rm "$big/tree/d140/s/f12"; rm -r "$big/tree/d99"; echo new > "$big/tree/d150/s/f0"
mkdir "$big/tree/d3/new"; echo x > "$big/tree/d3/new/g"; chmod 600 "$big/tree/d50/s/f1"
cp "$TMP/big1.db" "$TMP/big2.db"
bk "$TMP/big1.db" --trust-mtime --threads 1
one=$(sum); grep -q "(4 hashed on 1 thread" "$TMP/cmd.txt" || fail "one thread: $(cat "$TMP/cmd.txt" "$TMP/err.txt")"
bk "$TMP/big2.db" --trust-mtime --threads 2
two=$(sum); grep -q "(4 hashed on 2 threads" "$TMP/cmd.txt" || fail "two threads: $(cat "$TMP/cmd.txt" "$TMP/err.txt")"
bk "$TMP/big3.db" --threads 1
rows() { sqlite3 "$1" "SELECT kind, hex(key), value FROM baseline_items WHERE baseline_id = 2 ORDER BY kind, key"; }
[ -n "$one" ] && [ "$one" = "$two" ] && [ "$two" = "$(sum)" ] && [ "$(rows "$TMP/big1.db")" = "$(rows "$TMP/big2.db")" ] \
	&& [ "$(rows "$TMP/big2.db" | grep -c '^file|')" = 24 ] \
	&& ok "a re-check of $(find "$big/tree" | wc -l) entries with changes: on two threads the same rows and summary as on one and as a whole save" \
	|| fail "walk ahead: $one $two $(sum) $(rows "$TMP/big2.db" | grep -c '^file|')"

echo "== a re-check's summary built as the files pass, files queued behind one being hashed"
# the changed file first, then more unchanged ones than wait behind it (4,096) before the pool is drained
q=$TMP/queue
mkdir -p "$q/etc" "$q/tree/a" "$q/tree/b"
echo one > "$q/tree/a/0"
(cd "$q/tree/b" && for i in $(seq 1000 5300); do echo "$i" > "f$i"; done)
qk() { status=0; "$KYUKA" baseline save --root "$q" --db "$TMP/q.db" --config "$TMP/big.yaml" --now "$NOW" "$@" > "$TMP/cmd.txt" 2> "$TMP/err.txt" || status=$?; }
qk --threads 2
echo two > "$q/tree/a/0"; rm "$q/tree/b/f1000"; echo new > "$q/tree/b/f9999"
qk --trust-mtime --threads 2
grep -q "(2 hashed on 2 threads" "$TMP/cmd.txt" && reread "$TMP/q.db" "$q" "$TMP/big.yaml" && d=$(sum) && qk --threads 1 \
	&& [ "$d" = "$(sum)" ] && ok "4,300 files behind a changed one: the re-check's summary is the stored rows' and a whole save's" \
	|| fail "queue: $d $(sum) $(cat "$TMP/cmd.txt" "$TMP/err.txt" "$TMP/re.json" "$TMP/re.err")"

echo "== usage"
run diff x
[ "$status" -eq 2 ] && ok "bad baseline number: exit 2" || fail "diff x: exit $status"
run diff --against yesterday
[ "$status" -eq 2 ] && ok "bad --against: exit 2" || fail "--against: exit $status"
run baseline
[ "$status" -eq 2 ] && ok "baseline without save: exit 2" || fail "baseline: exit $status"
status=0; "$KYUKA" diff --root "$r" --db "$TMP/none.db" --now "$NOW" > /dev/null 2> "$TMP/err.txt" || status=$?
[ "$status" -eq 3 ] && grep -q "baseline save" "$TMP/err.txt" && ok "no baseline: exit 3, says what to do" || fail "no db: exit $status"

finish
