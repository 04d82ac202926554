#!/bin/bash
# The log review on lines the mail and file servers write themselves: Dovecot (IMAP), Postfix (SMTP AUTH
# through Dovecot's SASL) and vsftpd run on 127.0.0.1 with their configs in the scratch dir, take failed
# and successful logins from python3, and kyuka logs reads what they wrote (their own files, and the PAM
# lines of the same attempts, caught on a /dev/log of the test's own in a private mount namespace).
# Installs nothing: scripts/install-deps.sh test brings dovecot-imapd, postfix and vsftpd.
. "$(dirname "$0")/lib.sh"

skip() {
	echo "SKIP: $*"
	exit 77
}

[ "$(id -u)" -eq 0 ] || skip "needs root: the daemons bind, change user and read /etc/shadow through PAM"
for p in /usr/sbin/dovecot /usr/sbin/vsftpd /usr/sbin/postfix /usr/sbin/useradd /usr/sbin/userdel; do
	[ -x "$p" ] || skip "$p is not installed (scripts/install-deps.sh test installs dovecot-imapd, postfix, vsftpd)"
done
if ! getent passwd dovenull > /dev/null || ! getent passwd postfix > /dev/null; then
	skip "the dovenull or postfix user is missing (the packages create them)"
fi

export TZ=UTC
T=$TMP/peers
mkdir -p "$T"
chmod 755 "$T"
USR=kyukap$$
PASS=Right-Pass-$$
ADDED_USER=
NS_PID=

# ports nobody listens on now
read -r P_IMAP P_SMTP P_FTP < <($PY -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')

stop_pid() {	# PID: TERM, then KILL after 5 s
	local pid=$1 _
	[ -n "$pid" ] || return 0
	kill "$pid" 2> /dev/null || return 0
	for _ in $(seq 50); do
		kill -0 "$pid" 2> /dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2> /dev/null || true
}

stop_all() {
	[ -f "$T/pf/main.cf" ] && timeout 10 /usr/sbin/postfix -c "$T/pf" stop > /dev/null 2>&1 || true
	stop_pid "$(cat "$T/postfix.pid" 2> /dev/null)"
	stop_pid "$(cat "$T/dovecot.pid" 2> /dev/null)"
	stop_pid "$(cat "$T/vsftpd.pid" 2> /dev/null)"
	stop_pid "$(cat "$T/syslogd.pid" 2> /dev/null)"
	stop_pid "$NS_PID"
	rm -f "$T"/*.pid
}

cleanup() {
	stop_all
	[ -n "$ADDED_USER" ] && /usr/sbin/userdel "$ADDED_USER" > /dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT

# the test user: a system account, as PAM (vsftpd, Dovecot's passdb) needs one; removed at exit
getent passwd "$USR" > /dev/null && skip "user $USR exists already"
/usr/sbin/useradd -M -d "$T/home" -s /bin/bash "$USR" || skip "useradd failed"
ADDED_USER=$USR
echo "$USR:$PASS" | /usr/sbin/chpasswd
grep -qx /bin/bash /etc/shells || skip "/bin/bash is not in /etc/shells (vsftpd's PAM stack requires a listed shell)"

# ---------------------------------------------------------------- configs
mkdir -p "$T/dv/run" "$T/dv/state" "$T/home" "$T/ftp-empty" "$T/pf/queue" "$T/pf/data"
chmod 777 "$T/home"
chown postfix "$T/pf/data"

cat > "$T/dv/dovecot.conf" <<EOF
base_dir = $T/dv/run
state_dir = $T/dv/state
log_path = $T/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
auth_failure_delay = 0
mail_location = maildir:$T/home/%u/Maildir
first_valid_uid = 1
passdb {
  driver = pam
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=$T/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $P_IMAP
  }
  inet_listener imaps {
    port = 0
  }
}
service auth {
  unix_listener $T/dv/auth-client {
    mode = 0666
  }
}
# no growing delay for the failures of one address (anvil's auth penalty)
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
EOF

cat > "$T/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$P_FTP
background=NO
anonymous_enable=NO
local_enable=YES
pam_service_name=vsftpd
secure_chroot_dir=$T/ftp-empty
syslog_enable=NO
xferlog_enable=YES
vsftpd_log_file=$T/vsftpd.log
delay_failed_login=0
pasv_enable=NO
seccomp_sandbox=NO
EOF

cat > "$T/pf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $T/pf/queue
data_directory = $T/pf/data
mail_owner = postfix
setgid_group = postdrop
myhostname = kyuka-test.invalid
mydomain = invalid
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
maillog_file_prefixes = $TMP
maillog_file = $T/maillog
mydestination =
alias_maps =
alias_database =
local_recipient_maps =
smtpd_peername_lookup = no
default_transport = discard:the test delivers nothing
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $T/dv/auth-client
smtpd_tls_security_level = none
smtpd_relay_restrictions = permit_sasl_authenticated, reject
EOF
cat > "$T/pf/master.cf" <<EOF
127.0.0.1:$P_SMTP inet n - n - - smtpd
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
error unix - - n - - error
discard unix - - n - - discard
proxymap unix - - n - - proxymap
postlog unix-dgram n - n - 1 postlogd
EOF

# /dev/log of the namespace: datagrams of syslog(3) ("<PRI>Mmm dd hh:mm:ss tag: msg") written as rsyslog does
cat > "$T/syslogd.py" <<'EOF'
import os, socket, sys
path, out, pidfile = sys.argv[1:4]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
os.chmod(path, 0o666)
f = open(out, "ab", buffering=0)
with open(pidfile + ".tmp", "w") as p:
    p.write(str(os.getpid()))
os.rename(pidfile + ".tmp", pidfile)
while True:
    d = s.recv(65536)
    if d.startswith(b"<") and b">" in d[:5]:
        d = d[d.index(b">") + 1:]
    d = d.rstrip(b"\n\0")
    f.write(d[:16] + b"kyuka-test " + d[16:] + b"\n")
EOF

# the daemons that log through PAM run in a mount namespace whose /dev holds the test's /dev/log
cat > "$T/ns.sh" <<'EOF'
T=$1
if [ "${2:-}" = ns ]; then
	mkdir -p "$T/hostdev"
	if mount --bind /dev "$T/hostdev" && mount -t tmpfs -o mode=755,size=1m kyuka-dev /dev; then
		for n in null zero full random urandom tty; do
			touch "/dev/$n" && mount --bind "$T/hostdev/$n" "/dev/$n"
		done
		ln -s /proc/self/fd /dev/fd
		/usr/bin/python3 "$T/syslogd.py" /dev/log "$T/syslog" "$T/syslogd.pid" &
	else
		echo "no private /dev: $(mount -t tmpfs kyuka-dev /dev 2>&1)" > "$T/no-pam-log"
	fi
fi
/usr/sbin/dovecot -F -c "$T/dv/dovecot.conf" > "$T/dovecot.out" 2>&1 &
echo $! > "$T/dovecot.pid"
/usr/sbin/vsftpd "$T/vsftpd.conf" > "$T/vsftpd.out" 2>&1 &
echo $! > "$T/vsftpd.pid"
wait
EOF

# ---------------------------------------------------------------- start
if unshare -m --propagation private true 2> /dev/null; then
	unshare -m --propagation private bash "$T/ns.sh" "$T" ns &
else
	echo "no mount namespace (unshare -m fails): PAM's lines are not caught" > "$T/no-pam-log"
	bash "$T/ns.sh" "$T" &
fi
NS_PID=$!
/usr/sbin/postfix -c "$T/pf" check > "$T/postfix.out" 2>&1 || true
/usr/sbin/postfix -c "$T/pf" start-fg >> "$T/postfix.out" 2>&1 &
echo $! > "$T/postfix.pid"

$PY - "$P_IMAP" "$P_SMTP" "$P_FTP" <<'EOF' || { cat "$T"/*.out "$T/maillog" "$T/dovecot.log" 2> /dev/null >&2; fail "the daemons did not start"; finish; }
import socket, sys, time
end = time.time() + 15
for port in map(int, sys.argv[1:]):
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.time() > end:
                sys.exit("port %d not listening" % port)
            time.sleep(0.1)
EOF
ok "dovecot, postfix and vsftpd listen on 127.0.0.1:$P_IMAP, $P_SMTP, $P_FTP"
[ -f "$T/no-pam-log" ] && echo "note: $(cat "$T/no-pam-log")"

SINCE=$(date -u -d '-1 min' +%Y-%m-%dT%H:%M:%SZ)

# ---------------------------------------------------------------- logins
# per service 4 failed attempts (3 wrong passwords of the user, 1 unknown user) at once (PAM waits 2 s
# after each failure), then the right password; Dovecot's last connection tries twice (one line, 2 attempts)
$PY - "$P_IMAP" "$P_SMTP" "$P_FTP" "$USR" "$PASS" <<'EOF' || fail "the logins did not go as planned"
import base64, ftplib, imaplib, smtplib, sys, threading
p_imap, p_smtp, p_ftp = map(int, sys.argv[1:4])
user, good = sys.argv[4], sys.argv[5]
bad = [(user, "wrong-1"), (user, "wrong-2"), (user, "wrong-3"), ("nosuchuser-kyuka", "wrong-4")]
errors = []

def imap(pairs):
    m = imaplib.IMAP4("127.0.0.1", p_imap, timeout=20)
    for u, pw in pairs:
        try:
            m.login(u, pw)
            errors.append("imap login of %s succeeded" % u)
        except imaplib.IMAP4.error:
            pass
    m.logout()

def smtp(u, pw):
    s = smtplib.SMTP("127.0.0.1", p_smtp, timeout=20)
    s.ehlo("client.invalid")
    code, _ = s.docmd("AUTH", "PLAIN " + base64.b64encode(b"\0" + u.encode() + b"\0" + pw.encode()).decode())
    if code != 535:
        errors.append("smtp AUTH of %s gave %d" % (u, code))
    s.quit()

def ftp(u, pw):
    f = ftplib.FTP()
    f.connect("127.0.0.1", p_ftp, timeout=20)
    try:
        f.login(u, pw)
        errors.append("ftp login of %s succeeded" % u)
    except ftplib.error_perm:
        pass
    f.close()

def run(fn, *a):
    try:
        fn(*a)
    except Exception as e:
        errors.append("%s: %r" % (fn.__name__, e))

ts = [threading.Thread(target=run, args=(imap, [p])) for p in bad[:2]]
ts.append(threading.Thread(target=run, args=(imap, bad[2:])))
ts += [threading.Thread(target=run, args=(smtp,) + p) for p in bad]
ts += [threading.Thread(target=run, args=(ftp,) + p) for p in bad]
for t in ts:
    t.start()
for t in ts:
    t.join()

# the successes, after every failure
m = imaplib.IMAP4("127.0.0.1", p_imap, timeout=20)
m.login(user, good)
m.logout()
s = smtplib.SMTP("127.0.0.1", p_smtp, timeout=20)
s.ehlo("client.invalid")
s.login(user, good)
s.mail(user + "@kyuka-test.invalid")
s.rcpt("someone@example.invalid")	# Postfix names the SASL user once a queue file is opened
s.rset()
s.quit()
f = ftplib.FTP()
f.connect("127.0.0.1", p_ftp, timeout=20)
f.login(user, good)
f.quit()
if errors:
    sys.exit("; ".join(errors))
EOF
sleep 0.5
stop_all
UNTIL=$(date -u -d '+1 min' +%Y-%m-%dT%H:%M:%SZ)
NOW_RUN=$(date -u +%Y-%m-%dT%H:%M:%SZ)

for f in dovecot.log maillog vsftpd.log syslog; do
	if [ -s "$T/$f" ]; then
		echo "--- $f (as written)"
		grep -v -e 'postfix-script' -e 'Dovecot v' "$T/$f" | sed 's/^/  /'
	fi
done

printf 'logs:\n  brute_force_failures: 3\n  success_after_failures: 3\n' > "$T/kyuka.yaml"

# review FILE...: kyuka logs on these files -> $TMP/out.json
review() {
	local args=() f
	for f in "$@"; do args+=("$T/$f"); done
	checked "$TMP/review.txt" "0 1" logs --config "$T/kyuka.yaml" --no-store --tz UTC --now "$NOW_RUN" \
		--since "$SINCE" --until "$UNTIL" --format json --output "$TMP/out.json" "${args[@]}"
}

brute() {	# N "svc, svc": the LOG-0020 evidence of 127.0.0.1 counts N failures over exactly these services
	local n=$1 svcs=$2 got got_n got_s want_s
	got=$(jq -r '.findings[] | select(.check_id == "LOG-0020" and .subject == "127.0.0.1") | .evidence' "$TMP/out.json")
	got_n=$(sed -n 's/^[a-z -]*: \([0-9]*\) failed logins over \([a-z0-9, ]*\) from .*/\1/p' <<< "$got")
	got_s=$(sed -n 's/^[a-z -]*: \([0-9]*\) failed logins over \([a-z0-9, ]*\) from .*/\2/p' <<< "$got" | tr -d ' ' | tr , '\n' | sort | paste -sd,)
	want_s=$(tr -d ' ' <<< "$svcs" | tr , '\n' | sort | paste -sd,)
	if [ "$got_n" = "$n" ] && [ "$got_s" = "$want_s" ]; then
		ok "127.0.0.1: $n failures over $svcs"
	else
		fail "127.0.0.1: expected $n failures over $svcs, got: ${got:-no LOG-0020 finding}"
	fi
}

# LOG-0030 FAIL for the user from 127.0.0.1 by this service after N failures
after() {	# SERVICE N
	if jq -e --arg s "$USR@127.0.0.1" --arg svc ", $1) after $2 failed logins" \
		'[.findings[] | select(.check_id == "LOG-0030" and .status == "FAIL" and .subject == $s and (.evidence | contains($svc)))] | length > 0' \
		"$TMP/out.json" > /dev/null; then
		ok "LOG-0030 FAIL: login by $1 after $2 failures"
	else
		fail "no LOG-0030 FAIL for a $1 login after $2 failures: $(jq -c '[.findings[] | select(.check_id == "LOG-0030") | .evidence]' "$TMP/out.json")"
	fi
}

echo "== each program's own log: its failures, by service"
review dovecot.log
brute 4 dovecot
after dovecot 4
review maillog
brute 4 postfix
after postfix 4
review vsftpd.log
brute 4 vsftpd
after vsftpd 4

echo "== all the files at once: one source, three services, each attempt once"
review dovecot.log maillog vsftpd.log
brute 12 "dovecot, postfix, vsftpd"
jq -e '[.findings[] | select(.check_id == "LOG-0030" and .status == "FAIL")] | length == 3' "$TMP/out.json" > /dev/null &&
	ok "three LOG-0030 FAILs (one login per service)" || fail "expected three LOG-0030 FAILs"

if [ -s "$T/syslog" ]; then
	echo "== with PAM's lines of the same attempts (syslog): still counted once"
	grep -q 'pam_unix(vsftpd:auth): authentication failure' "$T/syslog" && ok "vsftpd's PAM lines caught" ||
		fail "no pam_unix(vsftpd:auth) line in the syslog"
	grep -q 'pam_unix(dovecot:auth): authentication failure' "$T/syslog" && ok "Dovecot's PAM lines caught" ||
		fail "no pam_unix(dovecot:auth) line in the syslog"
	review dovecot.log maillog vsftpd.log syslog
	brute 12 "dovecot, postfix, vsftpd"
	# PAM alone (the default review reads auth.log, not vsftpd.log): vsftpd's failures from its PAM lines
	review syslog
	brute 4 vsftpd
else
	echo "note: PAM's lines not caught ($(cat "$T/no-pam-log" 2> /dev/null)): the one-attempt rule across PAM is not tested"
fi

echo "== the same lines as a syslog daemon writes them (Debian's default: dovecot and vsftpd to syslog)"
# Dovecot to syslog: "dovecot: imap-login: ..." without the "Info: " of its own file; vsftpd: tag and "[pid N]"
$PY - "$T/dovecot.log" "$T/vsftpd.log" > "$T/wrapped.log" <<'EOF'
import re, sys
dv, ftp = sys.argv[1:3]
for line in open(dv):
    m = re.match(r"(\w{3} \d\d \d\d:\d\d:\d\d) ([^:]+): (?:Info: )?(.*)", line.rstrip("\n"))
    if m:
        print("%s kyuka-test dovecot: %s: %s" % m.groups())
for line in open(ftp):
    m = re.match(r"\w{3} (\w{3} [ \d]\d \d\d:\d\d:\d\d) \d{4} \[pid (\d+)\] (.*)", line.rstrip("\n"))
    if m:
        print("%s kyuka-test vsftpd[%s]: [pid %s] %s" % (m.group(1), m.group(2), m.group(2), m.group(3)))
EOF
review wrapped.log maillog
brute 12 "dovecot, postfix, vsftpd"
after dovecot 4
if [ -s "$T/syslog" ]; then
	# vsftpd's own lines with a pid of their own, its PAM lines without: still once
	review wrapped.log maillog syslog
	brute 12 "dovecot, postfix, vsftpd"
fi

finish
