#!/bin/bash
# What the log review reports from lines a reviewer wrote to break it (issue 25): links named on
# the command line.
. "$(dirname "$0")/lib.sh"

NOW=2027-01-10T09:00:00+09:00
HOL=2026-12-27..2027-01-04

# fresh: a root with an empty /var/log; its auth.log is $log
fresh() {
	r=$(root minimal)
	mkdir -p "$r/var/log"
	rm -f "$r"/var/log/*
	log=$r/var/log/auth.log
	: > "$log"
}

# review [args...] -> $TMP/out.json (the files touched to after the window)
review() {
	find "$r/var/log" -type f -exec touch -d 2027-01-10T00:00:00+09:00 {} +
	status=0
	"$KYUKA" logs --root "$r" --now "$NOW" --holiday "$HOL" --tz Asia/Tokyo --no-store --format json "$@" \
		> "$TMP/out.json" 2> "$TMP/err.txt" || status=$?
}

# count STATUS CHECK: findings of that status and check (grouped ones by their subjects)
count() {
	jq --arg s "$1" --arg c "$2" '[.findings[] | select(.status == $s and .check_id == $c) |
		(if (.subjects // []) | length > 0 then (.subjects | length) else 1 end)] | add // 0' "$TMP/out.json"
}

echo "== a link named on the command line is not followed"
fresh
echo "Dec 30 10:00:01 srv sshd[1]: Accepted password for secretuser from 192.0.2.66 port 5 ssh2" >> "$r/var/log/other.log"
ln -s other.log "$r/var/log/linked.log"
review /var/log/linked.log
expect WARN LOG-0010 /var/log/linked.log "refusing to follow a symbolic link at '/var/log/linked.log'"
! grep -q secretuser "$TMP/out.json" && ok "its target is not read" || fail "the link's target was read"

finish
