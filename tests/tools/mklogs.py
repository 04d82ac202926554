#!/usr/bin/python3
"""Writes the log fixtures of the logs-* scenarios into a prepared root.

    mklogs.py SCENARIO ROOT

The holiday is 2026-12-27..2027-01-04 in Asia/Tokyo; the baseline is the 30 days
before it. Every host logs a cron line each hour (a steady host), so gaps show.
Files get the mtimes logrotate would leave, which is where year-less times take
their year from. The journal scenario writes journal export format and turns it
into a real journal file with systemd-journal-remote.
"""
import gzip
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

JST = timezone(timedelta(hours=9))
START = datetime(2026, 11, 20, 0, 0, 5, tzinfo=JST)
ROTATE = datetime(2026, 12, 27, 6, 25, 0, tzinfo=JST)
OLD_ROTATE = datetime(2026, 12, 10, 6, 25, 0, tzinfo=JST)
END = datetime(2027, 1, 5, 8, 0, 0, tzinfo=JST)


def stamp(t):
    return t.strftime("%b ") + ("%2d" % t.day) + t.strftime(" %H:%M:%S")


class Log:
    def __init__(self):
        self.lines = []

    def add(self, t, prog, msg, pid=1000):
        tag = f"{prog}[{pid}]" if pid else prog
        self.lines.append((t, f"{stamp(t)} web1 {tag}: {msg}"))

    def between(self, a, b):
        return [l for t, l in sorted(self.lines, key=lambda x: x[0]) if a <= t < b]


def hourly(log, a, b, skip=None):
    t = a
    while t < b:
        if not skip or not (skip[0] <= t < skip[1]):
            log.add(t, "CRON", "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)")
        t += timedelta(hours=1)


def daily_logins(log, a, b, user, src, hour=9):
    d = a.replace(hour=hour, minute=12, second=0)
    while d < b:
        if d.weekday() < 5:
            log.add(d, "sshd", f"Accepted publickey for {user} from {src} port 50022 ssh2: ED25519 SHA256:abc")
        d += timedelta(days=1)


def write(path, lines, mtime, gz=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = ("\n".join(lines) + "\n").encode() if lines else b""
    if gz:
        with gzip.open(path, "wb") as f:
            f.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)
    os.utime(path, (mtime.timestamp(), mtime.timestamp()))


def at(y, mo, d, h, mi=0, s=0):
    return datetime(y, mo, d, h, mi, s, tzinfo=JST)


def good(root):
    log = Log()
    hourly(log, START, END)
    daily_logins(log, START, END, "alice", "192.0.2.10")
    log.add(at(2026, 12, 29, 10, 5), "sshd", "Failed password for alice from 192.0.2.10 port 50022 ssh2")
    log.add(at(2026, 12, 29, 10, 6), "sshd", "Accepted password for alice from 192.0.2.10 port 50022 ssh2")
    log.add(at(2026, 12, 29, 10, 7), "sudo", "   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update", 0)
    write(f"{root}/var/log/auth.log.2.gz", log.between(START, OLD_ROTATE), OLD_ROTATE, gz=True)
    write(f"{root}/var/log/auth.log.1", log.between(OLD_ROTATE, ROTATE), ROTATE)
    write(f"{root}/var/log/auth.log", log.between(ROTATE, END), END)
    fw = Log()
    fw.add(at(2026, 12, 30, 4, 0), "kernel", "[12345.678901] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56 SRC=203.0.113.77 DST=192.0.2.1 LEN=60 PROTO=TCP SPT=40000 DPT=23 WINDOW=64240 SYN URGP=0", 0)
    write(f"{root}/var/log/ufw.log", fw.between(START, END), END)


def bad(root):
    log = Log()
    # a steady host, silent for 10 hours on 2 January
    hourly(log, START, END, skip=(at(2027, 1, 2, 1), at(2027, 1, 2, 11)))
    daily_logins(log, START, END, "alice", "192.0.2.10")
    # brute force from 203.0.113.9 on 31 December, then a password success: the planted intrusion
    t = at(2026, 12, 31, 3, 0)
    for i in range(30):
        user = ["root", "admin", "root", "oracle"][i % 4]
        inv = "invalid user " if user in ("admin", "oracle") else ""
        log.add(t + timedelta(seconds=20 * i), "sshd", f"Failed password for {inv}{user} from 203.0.113.9 port {40000 + i} ssh2")
    log.add(at(2026, 12, 31, 3, 20, 34), "sshd", "Accepted password for root from 203.0.113.9 port 40100 ssh2")
    log.add(at(2026, 12, 31, 3, 21), "useradd", "new user: name=mallory, UID=1001, GID=1001, home=/home/mallory, shell=/bin/bash, from=/dev/pts/0")
    log.add(at(2026, 12, 31, 3, 21, 30), "usermod", "add 'mallory' to group 'sudo'")
    log.add(at(2026, 12, 31, 3, 21, 31), "usermod", "add 'mallory' to shadow group 'sudo'")
    log.add(at(2026, 12, 31, 3, 22), "passwd", "pam_unix(passwd:chauthtok): password changed for mallory")
    # one source over three services (issue 25), then a mail login: 12 sshd attempts that only
    # pam_unix logged (each its own sshd pid), 2 x 5 Dovecot attempts, 6 Postfix SASL failures
    t = at(2026, 12, 29, 4, 0)
    for i in range(12):
        log.add(t + timedelta(seconds=10 * i), "sshd", "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.7  user=root", 7000 + i)
    for i in range(5):
        log.add(t + timedelta(minutes=3, seconds=10 * i), "dovecot", f"imap-login: Disconnected (auth failed, 2 attempts in 4 secs): user=<carol{i}>, method=PLAIN, rip=203.0.113.7, lip=192.0.2.1, TLS, session=<s{i}>", 0)
        log.add(t + timedelta(minutes=3, seconds=10 * i + 1), "dovecot-auth", f"pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=carol{i} rhost=203.0.113.7  user=carol{i}", 0)
    # Postfix's lines in maillog (Red Hat's syslog keeps mail out of messages): read after auth.log
    mail = Log()
    for i in range(6):
        mail.add(t + timedelta(minutes=5, seconds=10 * i), "postfix/submission/smtpd", "warning: unknown[203.0.113.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6", 7100 + i)
    write(f"{root}/var/log/maillog", mail.between(START, END), END)
    log.add(t + timedelta(minutes=9), "dovecot", "imap-login: Login: user=<carol>, method=PLAIN, rip=203.0.113.7, lip=192.0.2.1, mpid=7200, TLS, session=<ok>", 0)
    # a scanner: connections that try no password
    for i in range(25):
        log.add(at(2026, 12, 30, 2, 0, i), "sshd", f"Did not receive identification string from 203.0.113.60 port {6000 + i}", 7300 + i)
    # password spraying: one try for each of eight users (the first an account whose name holds an
    # escape sequence: an account's name is shown, escaped; a name of no account of that shape is hidden)
    for i, u in enumerate(["\x1b]0;pwn\x07", "ben", "cat", "dan", "eve", "fay", "gus", "hal"]):
        inv = "" if i == 0 else "invalid user "
        log.add(at(2027, 1, 1, 14, 0, i), "sshd", f"Failed password for {inv}{u} from 198.51.100.23 port {5000 + i} ssh2")
    # a login from a source never seen before, by a user with an escape sequence in the log
    log.add(at(2027, 1, 3, 11, 0), "sshd", "Accepted publickey for bob from 198.51.100.77 port 40000 ssh2: RSA SHA256:x")
    log.add(at(2027, 1, 3, 11, 5), "sshd", "Failed password for invalid user \x1b[31mx\x1b[0m from 198.51.100.78 port 1 ssh2")
    log.add(at(2027, 1, 3, 11, 6), "su", "(to root) bob on pts/1", 0)
    log.add(at(2027, 1, 3, 12, 0), "sshd", "Connection closed by 198.51.100.77 port 40000 [preauth]")
    log.add(at(2027, 1, 3, 12, 1), "sshd", "X" * 3000)
    lines = log.between(ROTATE, END)
    # the clock stepped back an hour
    lines.insert(len(lines) - 5, f"{stamp(at(2027, 1, 5, 1, 0))} web1 sshd[9]: Server listening on 0.0.0.0 port 22.")
    write(f"{root}/var/log/auth.log.2.gz", log.between(START, OLD_ROTATE), OLD_ROTATE, gz=True)
    write(f"{root}/var/log/auth.log.4.gz", [], OLD_ROTATE - timedelta(days=30), gz=True)  # .3 is missing
    write(f"{root}/var/log/auth.log.1", log.between(OLD_ROTATE, ROTATE), ROTATE)
    write(f"{root}/var/log/auth.log", lines, END)
    fw = Log()
    for i in range(40):
        fw.add(at(2026, 12, 30, 4, 0, i), "kernel", f"[12345.678901] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56 SRC=203.0.113.{80 + i % 3} DST=192.0.2.1 LEN=60 PROTO=TCP SPT=40000 DPT={[22, 3389, 23][i % 3]} WINDOW=64240 SYN URGP=0", 0)
    fw.add(at(2027, 1, 2, 2, 0), "kernel", "[22345.678901] [UFW ALLOW] IN=eth0 OUT= MAC=52:54:00:12:34:56 SRC=203.0.113.50 DST=192.0.2.1 LEN=52 PROTO=TCP SPT=50000 DPT=445 WINDOW=64240 SYN URGP=0", 0)
    write(f"{root}/var/log/ufw.log", fw.between(START, END), END)
    vpn = [
        "2026-12-01 10:00:00 203.0.113.5:51234 [client1] Peer Connection Initiated with [AF_INET]203.0.113.5:51234",
        "2026-12-30 10:00:00 203.0.113.5:51234 [client1] Peer Connection Initiated with [AF_INET]203.0.113.5:51234",
        "2027-01-02 02:30:00 203.0.113.99:40000 [client2] Peer Connection Initiated with [AF_INET]203.0.113.99:40000",
        "2027-01-02 02:31:00 203.0.113.66:40001 TLS Auth Error: Auth Username/Password verification failed for peer",
    ]
    write(f"{root}/var/log/openvpn/openvpn.log", vpn, END)
    # rsyslog's RFC 3339 format: strongSwan at night from a new source, WireGuard from a known one
    syslog = [
        "2026-12-30T23:30:00.123456+09:00 web1 charon[900]: 14[IKE] IKE_SA ikev2-vpn[3] established between 192.0.2.1[vpn]...203.0.113.120[carol@example.com]",
        "2027-01-01T12:00:00+09:00 web1 kernel: [100.000001] wireguard: wg0: Receiving handshake initiation from peer 3 (203.0.113.5:51820)",
    ]
    write(f"{root}/var/log/syslog", syslog, END)


def journal(root):
    """No auth.log: the journal is the source (Debian 12 without rsyslog)."""
    out = []
    seq = [0]

    def entry(t, prog, msg):
        seq[0] += 1
        us = int(t.timestamp() * 1000000)
        out.append(f"__REALTIME_TIMESTAMP={us}\n__MONOTONIC_TIMESTAMP={seq[0]}\n"
                   f"_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=web1\n_TRANSPORT=syslog\n"
                   f"SYSLOG_IDENTIFIER={prog}\nPRIORITY=5\nMESSAGE={msg}\n\n")

    t = START
    while t < END:
        entry(t, "CRON", "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)")
        if t.hour == 9 and t.weekday() < 5:
            entry(t + timedelta(minutes=12), "sshd", "Accepted publickey for alice from 192.0.2.10 port 50022 ssh2: ED25519 SHA256:abc")
        if (t.date(), t.hour) == (at(2026, 12, 31, 3).date(), 3):
            for i in range(25):
                entry(t + timedelta(seconds=10 * i), "sshd", f"Failed password for root from 203.0.113.9 port {40000 + i} ssh2")
            entry(t + timedelta(minutes=20, seconds=34), "sshd", "Accepted password for root from 203.0.113.9 port 40100 ssh2")
            entry(t + timedelta(minutes=21), "useradd", "new user: name=mallory, UID=1001, GID=1001, home=/home/mallory, shell=/bin/bash, from=/dev/pts/0")
        t += timedelta(hours=1)
    d = f"{root}/var/log/journal/0123456789abcdef0123456789abcdef"
    os.makedirs(d, exist_ok=True)
    subprocess.run(["/lib/systemd/systemd-journal-remote", f"--output={d}/system.journal", "-"],
                   input="".join(out).encode(), check=True, stderr=subprocess.DEVNULL)


def main():
    scenario, root = sys.argv[1], sys.argv[2]
    os.makedirs(f"{root}/etc", exist_ok=True)
    with open(f"{root}/etc/timezone", "w") as f:
        f.write("Asia/Tokyo\n")
    {"good": good, "bad": bad, "journal": journal}[scenario](root)


if __name__ == "__main__":
    main()
