#!/bin/bash
# The fleet (issue 22), with real parts the test starts: PostgreSQL (initdb + pg_ctl as nobody in
# a temporary directory, Unix socket, random port), four hosts as network namespaces each with its
# own sshd, address, host key and fixture root, and ansible-playbook running contrib/ansible's role
# against them from the root namespace. The reports land in PostgreSQL and in SQLite; fleet status
# is asserted with jq. Then hostile reports: clear results, nothing stored from a rejected one.
. "$(dirname "$0")/lib.sh"

PGBIN=/usr/lib/postgresql/15/bin
for t in ip /usr/sbin/sshd ssh-keygen ansible-playbook jq sqlite3 runuser "$PGBIN/initdb" "$PGBIN/pg_ctl"; do
	if [ "$(id -u)" -ne 0 ] || ! command -v "$t" >/dev/null; then
		echo "skipped: needs root and $t"
		exit 77
	fi
done

HOSTS=(web1 web2 web3 web4)
NS=kyns-fleet-$$
PG="$TMP/pg"
cleanup() {
	local i
	set +e	# every step, whatever failed before (a veth dies with its namespace)
	for i in 1 2 3 4; do
		[ -S "$TMP/cp-10.219.$i.2" ] && ssh -o ControlPath="$TMP/cp-10.219.$i.2" -O exit "10.219.$i.2" 2>/dev/null
		[ -f "$TMP/h$i/sshd.pid" ] && kill "$(cat "$TMP/h$i/sshd.pid")" 2>/dev/null
		ip link del "kyfl$$-$i" 2>/dev/null
		ip netns del "$NS-$i" 2>/dev/null
	done
	[ -d "$PG/data" ] && runuser -u nobody -- "$PGBIN/pg_ctl" -D "$PG/data" -m immediate stop >/dev/null 2>&1
	[ -n "${KEEP_FLEET_LOGS:-}" ] && cp "$TMP"/play.*.log "$KEEP_FLEET_LOGS"/ 2>/dev/null
	rm -rf "$TMP"
	return 0
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# ---------------------------------------------------------------- PostgreSQL
mkdir -p "$PG"
chown nobody:nogroup "$PG"
PORT=$((20000 + RANDOM % 20000))
runuser -u nobody -- "$PGBIN/initdb" -D "$PG/data" -U kyuka --auth=trust -E UTF8 --no-locale >"$TMP/initdb.log" 2>&1 ||
	{ cat "$TMP/initdb.log"; exit 1; }
runuser -u nobody -- "$PGBIN/pg_ctl" -D "$PG/data" -l "$PG/log" -w -t 60 \
	-o "-k $PG -p $PORT -c listen_addresses='' -c fsync=off" start >/dev/null || { cat "$PG/log"; exit 1; }
echo "host=$PG port=$PORT user=kyuka dbname=postgres" > "$TMP/conninfo"
chmod 600 "$TMP/conninfo"
ok "postgresql on $PG port $PORT"

# ---------------------------------------------------------------- hosts
ssh-keygen -q -t ed25519 -N '' -f "$TMP/id" -C fleet-test
: > "$TMP/known_hosts"
for i in 1 2 3 4; do
	h=${HOSTS[$((i - 1))]}
	d="$TMP/h$i"
	mkdir -p "$d"
	"$SRCDIR/tests/roots/prepare.sh" good "$d/root" >/dev/null
	echo "$h" > "$d/root/etc/hostname"
	ssh-keygen -q -t ed25519 -N '' -f "$d/hostkey" -C "$h"
	cat > "$d/sshd_config" <<EOF
ListenAddress 10.219.$i.2
Port 22
HostKey $d/hostkey
PidFile $d/sshd.pid
AuthorizedKeysFile $TMP/id.pub
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
EOF
	ip netns add "$NS-$i"
	ip link add "kyfl$$-$i" type veth peer name eth0 netns "$NS-$i"
	ip addr add "10.219.$i.1/30" dev "kyfl$$-$i"
	ip link set "kyfl$$-$i" up
	ip -n "$NS-$i" addr add "10.219.$i.2/30" dev eth0
	ip -n "$NS-$i" link set eth0 up
	ip -n "$NS-$i" link set lo up
	ip netns exec "$NS-$i" /usr/sbin/sshd -f "$d/sshd_config" -E "$d/sshd.log"
	echo "10.219.$i.2 $(cut -d' ' -f1,2 "$d/hostkey.pub")" >> "$TMP/known_hosts"
done
# the planted fault: web2 has a second account of UID 0 (ACCT-0010, critical)
echo 'toor:x:0:0:backdoor:/root:/bin/bash' >> "$TMP/h2/root/etc/passwd"
# web4 is down: its sshd stopped
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$TMP/h4/sshd.pid" ] && break; sleep 0.2; done
kill "$(cat "$TMP/h4/sshd.pid")"
rm -f "$TMP/h4/sshd.pid"

{
	echo "[kyuka_hosts]"
	for i in 1 2 3 4; do
		d="$TMP/h$i"
		echo "${HOSTS[$((i - 1))]} ansible_host=10.219.$i.2 kyuka_root=$d/root kyuka_config_path=$d/kyuka.yaml" \
			"kyuka_prefix=$d/prefix kyuka_report_dir=$d/reports kyuka_db=$d/kyuka.db"
	done
} > "$TMP/inventory.ini"
mkdir -p "$TMP/group_vars"
cat > "$TMP/group_vars/kyuka_hosts.yml" <<EOF
ansible_user: root
ansible_ssh_private_key_file: $TMP/id
ansible_ssh_common_args: -o UserKnownHostsFile=$TMP/known_hosts -o StrictHostKeyChecking=yes -o ConnectTimeout=5 -o ControlMaster=auto -o ControlPersist=120 -o ControlPath=$TMP/cp-%h
ansible_python_interpreter: /usr/bin/python3
kyuka_binary: $KYUKA
kyuka_controller_kyuka: $KYUKA
kyuka_now: "$NOW"
kyuka_fetch_dir: $TMP/reports
kyuka_config:
  holiday: 2026-12-27..2027-01-04
  audit:
    fail_on: critical
EOF
cp "$TMP/group_vars/kyuka_hosts.yml" "$TMP/vars.yml"
playbook() {
	ANSIBLE_CONFIG="$SRCDIR/contrib/ansible/ansible.cfg" ANSIBLE_ROLES_PATH="$SRCDIR/contrib/ansible/roles" \
		ANSIBLE_LOCAL_TEMP="$TMP/ansible-local" ANSIBLE_REMOTE_TEMP="$TMP/ansible-remote" ANSIBLE_NOCOLOR=1 \
		ANSIBLE_HOME="$TMP/ansible-home" ANSIBLE_RETRY_FILES_ENABLED=0 \
		ansible-playbook -i "$TMP/inventory.ini" -e "@$TMP/vars.yml" -f 10 "$@" \
		"$SRCDIR/contrib/ansible/playbook.yml" > "$TMP/play.log" 2>&1
	local rc=$?
	cp "$TMP/play.log" "$TMP/play.$((++plays)).log"
	return $rc
}
plays=0
# every task timed, for a slow run
export ANSIBLE_CALLBACKS_ENABLED=ansible.posix.profile_tasks
recap() { grep -E "^$1 +:" "$TMP/play.log" | head -1; }

# ---------------------------------------------------------------- the role: PostgreSQL
rc=0
playbook -e "kyuka_fleet_conninfo=$TMP/conninfo" || rc=$?
# 4: a host was unreachable (web4), which is the point
if [ "$rc" -eq 4 ] && recap web4 | grep -q "unreachable=1"; then ok "playbook ran, web4 unreachable"; else
	fail "playbook exit $rc"; tail -40 "$TMP/play.log"; fi
for h in web1 web2 web3; do
	if recap "$h" | grep -q "failed=0"; then ok "$h: no failed task"; else fail "$h: $(recap "$h")"; fi
	[ -s "$TMP/reports/$h/before.json" ] && ok "$h: report fetched" || fail "$h: no report fetched"
done
for h in web1 web2 web3; do
	[ -x "$TMP/h${h#web}/prefix/bin/kyuka" ] && ok "$h: kyuka installed under its prefix" || fail "$h: not installed"
done

status_json() { "$KYUKA" --now "$NOW" fleet status --format json "$@" > "$TMP/status.json" || true; }
st() { jq -r --arg h "$1" '.hosts[] | select(.name == $h) | .status' "$TMP/status.json"; }
assert_fleet() {
	local what=$1
	[ "$(jq .counts.hosts "$TMP/status.json")" = 4 ] && ok "$what: 4 hosts" || fail "$what: hosts $(jq -c .counts "$TMP/status.json")"
	[ "$(st web1)" = ready ] && ok "$what: web1 ready" || fail "$what: web1 $(st web1)"
	[ "$(st web3)" = ready ] && ok "$what: web3 ready" || fail "$what: web3 $(st web3)"
	[ "$(st web2)" = not_ready ] && ok "$what: web2 (planted fault) not ready" || fail "$what: web2 $(st web2)"
	[ "$(st web4)" = not_reported ] && ok "$what: web4 (sshd stopped) not reported" || fail "$what: web4 $(st web4)"
	[ "$(jq -r '.do_first[0].check_id' "$TMP/status.json")" = ACCT-0010 ] && ok "$what: do first ACCT-0010" ||
		fail "$what: do first $(jq -c '.do_first[0]' "$TMP/status.json")"
	[ "$(jq '[.checks[] | select(.check_id == "ACCT-0010")][0].hosts' "$TMP/status.json")" = 1 ] &&
		ok "$what: ACCT-0010 on 1 host" || fail "$what: ACCT-0010 hosts"
	[ "$(jq -r '.hosts[] | select(.name == "web4") | .reported_at' "$TMP/status.json")" = null ] &&
		ok "$what: web4 never reported" || fail "$what: web4 reported_at"
}
status_json --fleet-conninfo "$TMP/conninfo"
assert_fleet postgresql
status_json --fleet-conninfo "$TMP/conninfo" --holiday 2026-12-27..2027-01-04
[ "$(st web1)" = ready ] && ok "postgresql: holiday selection" || fail "postgresql: holiday selection: web1 $(st web1)"
status_json --fleet-conninfo "$TMP/conninfo" --holiday 2025-12-27..2026-01-04
[ "$(st web1)" = not_reported ] && ok "postgresql: another holiday: not reported" || fail "postgresql: other holiday $(st web1)"

# ---------------------------------------------------------------- the role again: SQLite, idempotent
rc=0
playbook -e "kyuka_fleet_db=$TMP/fleet.db" || rc=$?
[ "$rc" -eq 4 ] && ok "second run" || { fail "second run exit $rc"; tail -30 "$TMP/play.log"; }
# idempotent: the second run installs and configures nothing; only a report whose content changed
# (the host's own database now exists, so VULN-0010 says something else) is fetched, and ingested
changed_tasks=$(awk '/^TASK \[/ { t = $0 } /^changed:/ { print t }' "$TMP/play.log" | sort -u |
	grep -v -e 'Fetch the report' -e 'Ingest the fetched reports' || true)
[ -z "$changed_tasks" ] && ok "second run: install and configuration unchanged" || fail "second run changed: $changed_tasks"
status_json --fleet-db "$TMP/fleet.db"
assert_fleet sqlite
[ "$(stat -c %a "$TMP/fleet.db")" = 600 ] && ok "fleet.db is 0600" || fail "fleet.db mode $(stat -c %a "$TMP/fleet.db")"

# check mode: nothing changes, nothing is ingested
rm -rf "$TMP/h3/prefix"
rc=0
playbook --check --limit web3 -e "kyuka_fleet_db=$TMP/fleet.db" || rc=$?
[ ! -e "$TMP/h3/prefix/bin/kyuka" ] && ok "check mode installed nothing" || fail "check mode installed kyuka"
grep -q "Ingest the fetched reports.*" "$TMP/play.log" && ok "check mode ran" || fail "check mode: $(tail -5 "$TMP/play.log")"

# ---------------------------------------------------------------- hostile reports
runs() { sqlite3 "$TMP/fleet.db" "SELECT count(*) FROM fleet_runs"; }
findings() { sqlite3 "$TMP/fleet.db" "SELECT count(*) FROM fleet_findings"; }
ingest() { rc=0; "$KYUKA" --now "$NOW" fleet ingest --fleet-db "$TMP/fleet.db" "$@" > "$TMP/ing.out" 2> "$TMP/ing.err" || rc=$?; }
before_runs=$(runs)
before_findings=$(findings)
printf '{"schema": "https://kyuka.invalid/schemas/report-v2.json", "schema_version": 2,' > "$TMP/bad.json"
ingest --host web1 "$TMP/bad.json"
[ "$rc" = 1 ] && grep -q "rejected.*truncated JSON" "$TMP/ing.err" && ok "invalid JSON rejected" || fail "invalid JSON: rc $rc $(cat "$TMP/ing.err")"
truncate -s 100M "$TMP/big.json"
ingest --host web1 "$TMP/big.json"
[ "$rc" = 1 ] && grep -q "rejected.*larger than 16777216 bytes" "$TMP/ing.err" && ok "100 MB report rejected" ||
	fail "100 MB: rc $rc $(cat "$TMP/ing.err")"
jq '.findings[0].status = "OK"' "$TMP/reports/web1/before.json" > "$TMP/badstatus.json"
ingest --host web1 "$TMP/badstatus.json"
grep -q "findings\[0\].status: unknown status 'OK'" "$TMP/ing.err" && ok "unknown status rejected" || fail "unknown status: $(cat "$TMP/ing.err")"
jq '.summary.fail = 0' "$TMP/reports/web2/before.json" > "$TMP/badsum.json"
ingest --host web2 "$TMP/badsum.json"
grep -q "summary.fail" "$TMP/ing.err" && ok "a summary that lies is rejected" || fail "summary: $(cat "$TMP/ing.err")"
# dated in the future, it would stay the host's newest report: refused
jq '.generated_at = "2099-01-01T00:00:00Z"' "$TMP/reports/web2/before.json" > "$TMP/future.json"
ingest --host web2 "$TMP/future.json"
grep -q "more than a day after" "$TMP/ing.err" && ok "a report from the future rejected" || fail "future: $(cat "$TMP/ing.err")"
[ "$(runs)" = "$before_runs" ] && [ "$(findings)" = "$before_findings" ] && ok "nothing stored from rejected reports" ||
	fail "rejected reports stored something"
# a host name with terminal escapes and HTML: without --host it is refused; with one, a name mismatch
jq '.host.hostname = "\u001b]0;owned\u0007\u001b[2J<script>alert(1)</script>"' "$TMP/reports/web3/before.json" > "$TMP/esc.json"
ingest "$TMP/esc.json"
[ "$rc" = 1 ] && grep -q "not a host name" "$TMP/ing.err" && ok "escape-laden host name refused" || fail "escapes: $(cat "$TMP/ing.err")"
if grep -qP '\x1b' "$TMP/ing.err"; then fail "raw ESC in the error"; else ok "error message escaped"; fi
ingest --host web3 "$TMP/esc.json"
[ "$rc" = 1 ] && grep -q "name mismatch" "$TMP/ing.err" && ok "escape-laden name: a mismatch" || fail "mismatch: $(cat "$TMP/ing.err")"
"$KYUKA" --now "$NOW" fleet status --fleet-db "$TMP/fleet.db" > "$TMP/status.txt" || true
if grep -qP '\x1b|\x07' "$TMP/status.txt"; then fail "raw control bytes in fleet status"; else ok "fleet status escaped"; fi
grep -qF '\x1b]0;owned\x07' "$TMP/status.txt" && ok "claimed name shown escaped" || fail "claimed name: $(grep web3 "$TMP/status.txt")"
# the same in the HTML page: the claimed name is text, no element, no raw control byte
"$KYUKA" --now "$NOW" fleet status --fleet-db "$TMP/fleet.db" --format html > "$TMP/status.html" || true
grep -q '<!DOCTYPE html>' "$TMP/status.html" && ! grep -q '<script>' "$TMP/status.html" &&
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$TMP/status.html" && ! grep -qP '\x1b|\x07' "$TMP/status.html" \
	&& ok "fleet status --format html escapes the hosts' strings" || fail "fleet status html: $(grep -c script "$TMP/status.html")"
rc=0; "$KYUKA" --now "$NOW" fleet host web3 --fleet-db "$TMP/fleet.db" --format html > /dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] && ok "fleet host has no html" || fail "fleet host --format html: exit $rc"
status_json --fleet-db "$TMP/fleet.db"
[ "$(st web3)" = mismatch ] && ok "web3 now a name mismatch" || fail "web3 $(st web3)"
jq -e '.hosts[] | select(.name == "web3") | .claimed_host | startswith("\u001b]0;owned")' "$TMP/status.json" >/dev/null &&
	ok "JSON keeps the claimed name as data" || fail "claimed_host in JSON"
# a report claiming another host's name: recorded as a mismatch of the inventory host, its findings not stored
f0=$(findings)
ingest --host web1 "$TMP/reports/web2/before.json"
[ "$rc" = 1 ] && grep -q "claims host 'web2', not 'web1'" "$TMP/ing.err" && ok "web2's report as web1: mismatch" ||
	fail "other host: $(cat "$TMP/ing.err")"
[ "$(findings)" = "$f0" ] && ok "its findings not stored" || fail "findings stored from a mismatched report"
"$KYUKA" fleet host web1 --fleet-db "$TMP/fleet.db" --format json > "$TMP/host.json" || true
[ "$(jq -r '.runs[0].status' "$TMP/host.json")" = mismatch ] && [ "$(jq -r '.runs[0].claimed_host' "$TMP/host.json")" = web2 ] &&
	ok "fleet host web1 shows the mismatch" || fail "fleet host: $(head -c 300 "$TMP/host.json")"
# duplicates
ingest --host web2 "$TMP/reports/web2/before.json"
grep -q "1 duplicates" "$TMP/ing.out" && ok "the same report again is a duplicate" || fail "duplicate: $(cat "$TMP/ing.out")"

# the connection string: a file of mode 0600, never a password on the command line
chmod 644 "$TMP/conninfo"
rc=0; "$KYUKA" fleet status --fleet-conninfo "$TMP/conninfo" >/dev/null 2>"$TMP/e" || rc=$?
[ "$rc" = 2 ] && grep -q "mode 0600" "$TMP/e" && ok "conninfo of mode 0644 refused" || fail "conninfo 0644: $rc $(cat "$TMP/e")"
rc=0; "$KYUKA" fleet status --fleet-db "postgresql://kyuka:hunter2@/postgres?host=$PG&port=$PORT" >/dev/null 2>"$TMP/e" || rc=$?
[ "$rc" = 2 ] && grep -q "password" "$TMP/e" && ! grep -q hunter2 "$TMP/e" && ok "a password in --fleet-db refused" ||
	fail "password URI: $rc $(cat "$TMP/e")"
rc=0; "$KYUKA" fleet status --fleet-db "postgresql:///postgres?host=$PG&port=$PORT&user=kyuka" --format json > "$TMP/status.json" || rc=$?
[ "$(jq .counts.hosts "$TMP/status.json")" = 4 ] && ok "a URI without a password works" || fail "URI: rc $rc"
finish
