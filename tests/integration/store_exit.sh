#!/bin/bash
# Exit status and files (issue 14): 0/1/2/3 as documented, --db never creates other directories,
# a run that could not be recorded exits 3 after the report, a lock held by a feed import is waited
# for, a read-only database is never chmodded or written, and the read-only commands work on it.
. "$(dirname "$0")/lib.sh"

g=$(root good)
A=(audit --root "$g" --now "$NOW" --only accounts,sudo,ssh)
run() { status=0; "$KYUKA" "$@" > "$TMP/o.txt" 2> "$TMP/err.txt" || status=$?; }
printed() { if grep -q Summary "$TMP/o.txt"; then ok "report printed: $1"; else fail "no report: $1"; fi; }
errsays() { if grep -q -- "$1" "$TMP/err.txt"; then ok "message: $1"; else fail "message lacks '$1': $(cat "$TMP/err.txt")"; fi; }

# --- exit status --------------------------------------------------------------------------
printf 'holiday: [\n' > "$TMP/bad.yaml"
run config check --config "$TMP/bad.yaml"
expect_status 2
errsays "bad.yaml"
run "${A[@]}" --config "$TMP/bad.yaml" --no-store
expect_status 2
run "${A[@]}" --phase during --no-store
expect_status 2
errsays "before and after"
[ ! -s "$TMP/o.txt" ] && ok "--phase during runs nothing" || fail "--phase during printed a report"
run checks --phase bogus
expect_status 2

# --- --db: directories ----------------------------------------------------------------------
run "${A[@]}" --db "$TMP/new/sub/k.db"
expect_status 3
printed "missing --db directory"
errsays "$TMP/new/sub/k.db"
[ ! -e "$TMP/new" ] && ok "no directory created for --db" || fail "created $(find "$TMP/new")"
mkdir "$TMP/dbdir"
run "${A[@]}" --db "$TMP/dbdir"
expect_status 2
errsays "'$TMP/dbdir' is a directory"
run runs --db "$TMP/dbdir"
expect_status 3
errsays "$TMP/dbdir"
# the default database's own directory is still created (0700) under XDG_DATA_HOME
status=0; XDG_DATA_HOME="$TMP/xdg" setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null || status=$?
if [ "$status" -eq 0 ]; then
	mkdir -m 777 "$TMP/xdg"
	status=0; XDG_DATA_HOME="$TMP/xdg" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$KYUKA" "${A[@]}" > /dev/null 2> "$TMP/err.txt" || status=$?
	expect_status 0
	[ "$(stat -c %a "$TMP/xdg/kyuka" 2>/dev/null)" = 700 ] && [ -f "$TMP/xdg/kyuka/kyuka.db" ] &&
		ok "default directory created 0700" || fail "default directory: $(ls -la "$TMP/xdg" 2>&1)"
fi

# --- --no-store: nothing created, nothing opened for writing ---------------------------------
run "${A[@]}" --no-store --db /proc/kyuka.db
expect_status 0
[ ! -s "$TMP/err.txt" ] && ok "--no-store with an unwritable --db: no warning" || fail "--no-store: $(cat "$TMP/err.txt")"
if command -v strace > /dev/null; then
	db="$TMP/ns.db"
	"$KYUKA" "${A[@]}" --db "$db" > /dev/null
	rm -f "$db-wal" "$db-shm"
	strace -f -qq -e trace=openat,open,creat,mkdir,chmod,fchmod,unlink -o "$TMP/strace.txt" \
		"$KYUKA" "${A[@]}" --no-store --db "$db" > /dev/null 2>&1 || true
	# (SQLite itself may make the -wal and -shm files of a WAL database it reads, when it can)
	if grep "$db\"" "$TMP/strace.txt" | grep -q -E 'O_RDWR|O_WRONLY|O_CREAT|mkdir|chmod|unlink'; then
		fail "--no-store opened the database for writing: $(grep "$db" "$TMP/strace.txt")"
	else
		ok "--no-store opens the database only for reading"
	fi
	rm -f "$db"
	strace -f -qq -e trace=openat,open,creat,mkdir -o "$TMP/strace.txt" \
		"$KYUKA" "${A[@]}" --no-store --db "$db" > /dev/null 2>&1 || true
	if grep "$db" "$TMP/strace.txt" | grep -v -q ENOENT || [ -e "$db" ]; then
		fail "--no-store opened or made a database: $(grep "$db" "$TMP/strace.txt")"
	else
		ok "--no-store opens no database when there is none"
	fi
	# without --db, the default database (/var/lib/kyuka/kyuka.db as root) is not even looked at
	strace -f -qq -e trace=openat,open,creat,mkdir,stat,newfstatat,access -o "$TMP/strace.txt" \
		"$KYUKA" "${A[@]}" --no-store > "$TMP/nsdef.json" 2>&1 || true
	if grep -q "kyuka.db" "$TMP/strace.txt"; then
		fail "--no-store without --db touched the default database: $(grep kyuka.db "$TMP/strace.txt" | head -3)"
	else
		ok "--no-store without --db opens no database at all"
	fi
fi

# --- --output names the user's path ----------------------------------------------------------
run "${A[@]}" --no-store --output "$TMP/nodir/report.txt"
expect_status 3
errsays "'$TMP/nodir/report.txt'"
if grep -q '\.tmp' "$TMP/err.txt"; then fail "temp file named: $(cat "$TMP/err.txt")"; else ok "no temp file named"; fi

# --- a run that cannot be recorded: exit 3, the report first --------------------------------
run "${A[@]}" --db /proc/kyuka.db
expect_status 3
printed "unwritable database"
errsays "not recorded"

# mode 0400: refused, never chmodded, never written
db="$TMP/ro.db"
"$KYUKA" "${A[@]}" --db "$db" > /dev/null
chmod 400 "$db"
sum=$(sha256sum < "$db")
run "${A[@]}" --db "$db"
expect_status 3
printed "database of mode 0400"
errsays "read-only (mode 0400)"
[ "$(stat -c %a "$db")" = 400 ] && ok "mode 0400 kept" || fail "mode changed to $(stat -c %a "$db")"
[ "$(sha256sum < "$db")" = "$sum" ] && ok "0400 database unchanged" || fail "0400 database written"
# the read-only commands read it and create nothing
run runs --db "$db"
expect_status 0
grep -q good-host "$TMP/o.txt" && ok "runs reads a 0400 database" || fail "runs: $(cat "$TMP/o.txt" "$TMP/err.txt")"
run runs show 1 --db "$db"
expect_status 0
run feeds status --db "$db"
[ "$status" -ne 2 ] && ! grep -q -i 'cannot open\|readonly\|read-only' "$TMP/err.txt" && ok "feeds status reads a 0400 database" ||
	fail "feeds status: $status $(cat "$TMP/err.txt")"
[ ! -e "$db-wal" ] && [ ! -e "$db-shm" ] && [ ! -e "$db-journal" ] && ok "no sidecar files made" || fail "made $(ls "$db"*)"
[ "$(sha256sum < "$db")" = "$sum" ] && ok "still unchanged" || fail "read-only commands wrote the database"
# and as a user without root's override: the same
chmod 755 "$TMP"
if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	mkdir -m 777 "$TMP/nobody"
	ndb="$TMP/nobody/k.db"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$KYUKA" "${A[@]}" --db "$ndb" > /dev/null
	chmod 400 "$ndb" 2>/dev/null || setpriv --reuid=65534 --regid=65534 --clear-groups chmod 400 "$ndb"
	status=0; setpriv --reuid=65534 --regid=65534 --clear-groups "$KYUKA" "${A[@]}" --db "$ndb" > "$TMP/o.txt" 2> "$TMP/err.txt" || status=$?
	expect_status 3
	[ "$(stat -c %a "$ndb")" = 400 ] && ok "nobody: mode 0400 kept" || fail "nobody: mode $(stat -c %a "$ndb")"
	chmod 555 "$TMP/nobody"	# the directory too: no -wal or -shm could be made
	status=0; setpriv --reuid=65534 --regid=65534 --clear-groups "$KYUKA" runs --db "$ndb" > "$TMP/o.txt" 2> "$TMP/err.txt" || status=$?
	expect_status 0
	grep -q good-host "$TMP/o.txt" && ok "nobody: runs on a read-only directory" || fail "nobody runs: $(cat "$TMP/err.txt")"
fi

# an immutable file (chattr +i, where the file system has it)
db="$TMP/imm.db"
"$KYUKA" "${A[@]}" --db "$db" > /dev/null
if chattr +i "$db" 2>/dev/null; then
	run "${A[@]}" --db "$db"
	expect_status 3
	printed "immutable database"
	run runs --db "$db"
	expect_status 0
	chattr -i "$db"
fi

# a read-only file system (a read-only bind mount, where mount namespaces are allowed)
pk=$(root pkg-bookworm)
mkdir "$TMP/rofs"
db="$TMP/rofs/k.db"
"$KYUKA" "${A[@]}" --db "$db" > /dev/null
if unshare -m true 2>/dev/null; then
	cat > "$TMP/rofs.sh" <<EOF
set -u
mount --bind "$TMP/rofs" "$TMP/rofs" && mount -o remount,ro,bind "$TMP/rofs" || exit 99
s=0; "$KYUKA" ${A[*]} --db "$db" > "$TMP/o.txt" 2> "$TMP/audit-err.txt" || s=\$?; echo "audit \$s"
: > "$TMP/err.txt"
s=0; "$KYUKA" runs --db "$db" > "$TMP/runs.txt" 2>> "$TMP/err.txt" || s=\$?; echo "runs \$s"
s=0; "$KYUKA" feeds status --db "$db" > /dev/null 2>> "$TMP/err.txt" || s=\$?; echo "feeds \$s"
s=0; "$KYUKA" vulns --root "$pk" --db "$db" > /dev/null 2>> "$TMP/err.txt" || s=\$?; echo "vulns \$s"
EOF
	st=0; unshare -m bash "$TMP/rofs.sh" > "$TMP/rofs.txt" 2>&1 || st=$?
	if [ "$st" -ne 99 ]; then
		grep -q '^audit 3$' "$TMP/rofs.txt" && ok "read-only fs: audit exits 3" || fail "read-only fs: $(cat "$TMP/rofs.txt")"
		grep -q '^runs 0$' "$TMP/rofs.txt" && grep -q good-host "$TMP/runs.txt" && ok "read-only fs: runs works" ||
			fail "read-only fs runs: $(cat "$TMP/rofs.txt" "$TMP/err.txt")"
		if grep -q -i 'unable to open\|readonly database\|cannot open' "$TMP/err.txt"; then
			fail "read-only fs: $(cat "$TMP/err.txt")"
		else
			ok "read-only fs: feeds status and vulns open the database"
		fi
	fi
fi

# a full disk (a small tmpfs, where mount namespaces are allowed)
if unshare -m true 2>/dev/null; then
	mkdir "$TMP/full"
	bad=$(root bad)
	cat > "$TMP/full.sh" <<EOF
set -u
mount -t tmpfs -o size=400k tmpfs "$TMP/full" || exit 99
"$KYUKA" audit --root "$g" --now "$NOW" --only accounts --db "$TMP/full/k.db" > /dev/null 2>&1
dd if=/dev/zero of="$TMP/full/filler" bs=4k 2> /dev/null
s=0; "$KYUKA" audit --root "$bad" --now "$NOW" --db "$TMP/full/k.db" > "$TMP/o.txt" 2> "$TMP/err.txt" || s=\$?; echo "audit \$s"
EOF
	st=0; unshare -m bash "$TMP/full.sh" > "$TMP/full.txt" 2>&1 || st=$?
	if [ "$st" -ne 99 ]; then
		grep -q '^audit 3$' "$TMP/full.txt" && ok "full disk: exit 3" || fail "full disk: $(cat "$TMP/full.txt" "$TMP/err.txt")"
		printed "full disk"
		errsays "not recorded"
	fi
fi

# --- a feed import holding the write lock longer than the busy timeout ------------------------
db="$TMP/lock.db"
"$KYUKA" "${A[@]}" --db "$db" > /dev/null
printf 'BEGIN EXCLUSIVE;\nINSERT INTO feeds (name, imported_at, checked_at, n_records) VALUES (%s, 1, 1, 0);\n.shell sleep 8\nCOMMIT;\n' \
	"'lockheld'" | sqlite3 "$db" &
lock=$!
sleep 1
run "${A[@]}" --db "$db"
wait "$lock"
expect_status 0
errsays "locked by another process"
printed "lock held"
n=$(sqlite3 "$db" 'SELECT count(*) FROM runs')
[ "$n" = 2 ] && ok "run recorded after the lock was released" || fail "runs recorded: $n"
finish
