#!/usr/bin/python3
"""A realistic, seeded Debian auth.log for bench/logs.sh (never committed: it is generated).

    gen_authlog.py OUT SIZE_MB [SEED] [--mixed]

1 December 2026 to 10 January 2027, Asia/Tokyo, RFC 3164 times. Thousands of sources
try passwords in bursts (sshd's Failed/Invalid/pam_unix/disconnect lines), cron and
sudo add the everyday noise, alice logs in on weekdays, and one intrusion is planted on
31 December: 203.0.113.9 fails 40 times, then logs in as root with a password, creates
the account 'mallory' and adds it to the sudo group.

With --mixed a third of the attack lines are other services' (issue 25): pam_unix lines of
sshd alone, Dovecot, Postfix SASL, vsftpd's PAM, Samba's audit, xrdp, in one auth.log (a
host whose syslog writes them all there; the sources try several services each).
"""
import random
import sys
from datetime import datetime, timedelta, timezone

JST = timezone(timedelta(hours=9))
START = datetime(2026, 12, 1, 0, 0, 0, tzinfo=JST)
END = datetime(2027, 1, 10, 0, 0, 0, tzinfo=JST)
PLANT = datetime(2026, 12, 31, 3, 0, 0, tzinfo=JST)
USERS = ["root", "admin", "test", "user", "oracle", "postgres", "ubuntu", "pi", "git", "ftp", "guest", "support",
         "deploy", "jenkins", "hadoop", "mysql", "www", "nagios", "backup", "alice"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def stamp(t):
    return "%s %2d %02d:%02d:%02d" % (MONTHS[t.month - 1], t.day, t.hour, t.minute, t.second)


def other_service(rnd, s, pid, src, u, port):
    """One failed login of another service than sshd (real formats, as in tests/unit/test_parse_logmsg.c)."""
    k = rnd.randrange(6)
    if k == 0:
        return f"{s} web1 sshd[{pid}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={src}  user={u}\n"
    if k == 1:
        return (f"{s} web1 dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<{u}>, "
                f"method=PLAIN, rip={src}, lip=192.0.2.1, TLS, session=<{pid:x}>\n")
    if k == 2:
        return f"{s} web1 postfix/submission/smtpd[{pid}]: warning: unknown[{src}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
    if k == 3:
        return f"{s} web1 vsftpd[{pid}]: pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser={u} rhost={src}  user={u}\n"
    if k == 4:
        return (f"{s} web1 smbd[{pid}]:   Auth: [SMB2,(null)] user [WORKGROUP]\\[{u}] at [Thu, 31 Dec 2026 03:00:00.000000 JST] "
                f"with [NTLMv2] status [NT_STATUS_WRONG_PASSWORD] workstation [WIN] remote host [ipv4:{src}:{port}] "
                f"mapped to [WORKGROUP]\\[{u}]. local host [ipv4:192.0.2.1:445] \n")
    return f"{s} web1 xrdp-sesman[{pid}]: [INFO ] AUTHFAIL: user={u} ip=::ffff:{src} time=1798650000\n"


def main():
    args = [a for a in sys.argv[1:] if a != "--mixed"]
    mixed = len(args) != len(sys.argv) - 1
    out, size_mb = args[0], float(args[1])
    rnd = random.Random(int(args[2]) if len(args) > 2 else 20261231)
    target = int(size_mb * 1024 * 1024)
    # ~100 bytes a line on average
    n_lines = target // 98
    step = (END - START).total_seconds() / n_lines
    sources = ["198.%d.%d.%d" % (18 + rnd.randrange(2), rnd.randrange(256), rnd.randrange(1, 255)) for _ in range(6000)]
    written = 0
    t = START
    pid = 10000
    burst_src, burst_left = None, 0
    planted = False
    buf = []
    with open(out, "w") as f:
        while written < target:
            t += timedelta(seconds=step * rnd.uniform(0.5, 1.5))
            if t >= END:
                t = END - timedelta(seconds=1)
            s = stamp(t)
            pid = pid + 1 if pid < 60000 else 10000
            if not planted and t >= PLANT:
                planted = True
                for i in range(40):
                    u = ["root", "admin", "root", "oracle"][i % 4]
                    inv = "invalid user " if u in ("admin", "oracle") else ""
                    buf.append(f"{s} web1 sshd[{pid}]: Failed password for {inv}{u} from 203.0.113.9 port {40000 + i} ssh2\n")
                buf.append(f"{s} web1 sshd[{pid}]: Accepted password for root from 203.0.113.9 port 40100 ssh2\n")
                buf.append(f"{s} web1 sshd[{pid}]: pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)\n")
                buf.append(f"{s} web1 systemd-logind[412]: New session 999 of user root.\n")
                buf.append(f"{s} web1 useradd[{pid + 1}]: new group: name=mallory, GID=1001\n")
                buf.append(f"{s} web1 useradd[{pid + 1}]: new user: name=mallory, UID=1001, GID=1001, home=/home/mallory, shell=/bin/bash, from=/dev/pts/0\n")
                buf.append(f"{s} web1 usermod[{pid + 2}]: add 'mallory' to group 'sudo'\n")
                buf.append(f"{s} web1 usermod[{pid + 2}]: add 'mallory' to shadow group 'sudo'\n")
            r = rnd.random()
            if r < 0.82:
                if burst_left <= 0:
                    burst_src = rnd.choice(sources)
                    burst_left = rnd.randrange(20, 600)
                burst_left -= 1
                u = rnd.choice(USERS)
                port = rnd.randrange(1024, 65535)
                k = rnd.random()
                if mixed and rnd.random() < 0.33:
                    buf.append(other_service(rnd, s, pid, burst_src, u, port))
                elif u == "root" or u == "alice":
                    if k < 0.5:
                        buf.append(f"{s} web1 sshd[{pid}]: Failed password for {u} from {burst_src} port {port} ssh2\n")
                    elif k < 0.8:
                        buf.append(f"{s} web1 sshd[{pid}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={burst_src}  user={u}\n")
                    else:
                        buf.append(f"{s} web1 sshd[{pid}]: Connection closed by authenticating user {u} {burst_src} port {port} [preauth]\n")
                else:
                    if k < 0.3:
                        buf.append(f"{s} web1 sshd[{pid}]: Invalid user {u} from {burst_src} port {port}\n")
                    elif k < 0.7:
                        buf.append(f"{s} web1 sshd[{pid}]: Failed password for invalid user {u} from {burst_src} port {port} ssh2\n")
                    elif k < 0.85:
                        buf.append(f"{s} web1 sshd[{pid}]: Disconnected from invalid user {u} {burst_src} port {port} [preauth]\n")
                    else:
                        buf.append(f"{s} web1 sshd[{pid}]: Received disconnect from {burst_src} port {port}:11: Bye Bye [preauth]\n")
            elif r < 0.95:
                buf.append(f"{s} web1 CRON[{pid}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)\n")
            elif r < 0.975:
                buf.append(f"{s} web1 sshd[{pid}]: Accepted publickey for alice from 192.0.2.10 port {rnd.randrange(1024, 65535)} ssh2: ED25519 SHA256:Zm9vYmFyYmF6\n")
            elif r < 0.99:
                buf.append(f"{s} web1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl status nginx\n")
            else:
                buf.append(f"{s} web1 systemd-logind[412]: New session {pid} of user alice.\n")
            if len(buf) >= 4096:
                chunk = "".join(buf)
                f.write(chunk)
                written += len(chunk)
                buf = []
        f.write("".join(buf))


if __name__ == "__main__":
    main()
