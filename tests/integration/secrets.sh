#!/bin/bash
# Secrets never reach any output: no password hash, and nothing of a file a user's
# authorized_keys points at (a symlink to /etc/shadow, inside the root or on the host).
. "$(dirname "$0")/lib.sh"

r=$(root bad)
# mallory's authorized_keys -> /etc/shadow (committed symlink); add one to the host's shadow by absolute path,
# and a hard link where the filesystem allows it.
mkdir -p "$r/home/guest/.ssh"
ln -s ../../../../../../../etc/shadow "$r/home/guest/.ssh/authorized_keys"
ln "$r/etc/shadow" "$r/home/eve/.ssh/authorized_keys2" 2>/dev/null || true
mkdir -p "$r/home/frank/.ssh/sub"
ln -s /etc "$r/home/frank/.ssh/evil"
out="$TMP/all-output"
: > "$out"
# every run must reach its end (exit 0 or 1): a crash would leave nothing to leak and pass
for fmt in terminal json; do
	checked "$out" "0 1" audit --root "$r" --now "$NOW" --no-store --format "$fmt" --verbose --color always
done
checked /dev/null "0 1" audit --root "$r" --now "$NOW" --db "$TMP/k.db" --format json
checked "$out" 0 runs --db "$TMP/k.db"
checked "$out" 0 runs show 1 --db "$TMP/k.db"
sqlite3 "$TMP/k.db" .dump >> "$out" 2>/dev/null || fail "cannot dump the database"

# every hash field of the fixture's shadow and gshadow, and the host's own
leak=0
for f in "$r/etc/shadow" "$r/etc/gshadow" /etc/shadow; do
	while IFS=: read -r name hash rest; do
		h=${hash#!}
		[ ${#h} -gt 3 ] || continue
		if grep -qF -- "$h" "$out"; then
			echo "  leaked hash of $name from $f" >&2
			leak=1
		fi
		# the shadow line's tail ("20000:0:99999:7:::") must not appear either
		if grep -qF -- "$name:$hash" "$out"; then leak=1; fi
	done < "$f"
done
[ "$leak" -eq 0 ] && ok "no hash in any output" || fail "a password hash reached the output"
grep -q 'symbolic link' "$out" && ok "the link is reported" || fail "the link is not reported"
grep -q 'hard links' "$out" && ok "the hard link is reported" || echo "note: hard link not possible here"
finish
