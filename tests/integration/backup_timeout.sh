#!/bin/bash
# Listing a restic or borg repository (backup list, the BAK checks) honours the job's
# timeout_minutes (issue 14: it was a fixed 300 s). A restic that hangs, put over /usr/bin/restic
# in a private mount namespace, is cut after the job's 1 minute, not after 5.
. "$(dirname "$0")/lib.sh"

if ! unshare -m true 2> /dev/null || [ ! -e /usr/bin/restic ]; then
	echo "skipped: needs a mount namespace (unshare -m) and /usr/bin/restic"
	exit 77
fi
R="$TMP/root"
mkdir -p "$R/backup/restic" "$R/etc" "$R/proc/self"
printf 'pw\n' > "$R/etc/backup.pw"
chmod 600 "$R/etc/backup.pw"
printf '21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n' > "$R/proc/self/mountinfo"
printf '#!/bin/sh\nexec sleep 400\n' > "$TMP/restic"
chmod 755 "$TMP/restic"
cfg="$TMP/kyuka.yaml"
cat > "$cfg" <<CFG
backup:
  jobs:
    - name: r
      kind: restic
      repository: /backup/restic
      password_file: /etc/backup.pw
      paths: [/etc]
      timeout_minutes: 1
CFG
chmod 600 "$cfg"
cat > "$TMP/run.sh" <<SH
mount --bind "$TMP/restic" /usr/bin/restic || exit 99
s=0; timeout 200 "$KYUKA" --config "$cfg" --root "$R" --db "$TMP/k.db" --now "$NOW" backup list > "$TMP/list.txt" 2>&1 || s=\$?
echo "exit \$s"
SH
start=$(date +%s)
st=0; unshare -m bash "$TMP/run.sh" > "$TMP/run.txt" 2>&1 || st=$?
took=$(( $(date +%s) - start ))
[ "$st" -eq 99 ] && { echo "skipped: cannot bind-mount over /usr/bin/restic"; exit 77; }
cat "$TMP/run.txt" "$TMP/list.txt"
grep -q '^exit 124$' "$TMP/run.txt" && fail "backup list ran into the test's own 200 s limit"
[ "$took" -ge 55 ] && [ "$took" -lt 150 ] && ok "listing cut after the job's 1 min (took ${took} s)" ||
	fail "listing took ${took} s, expected about 60"
grep -q 'did not finish within 60 s' "$TMP/list.txt" && ok "the timeout is named" || fail "no timeout named: $(cat "$TMP/list.txt")"
finish
