#!/usr/bin/python3
"""Seeded fixtures of growing size for bench/scale.sh (never committed: they are generated).

    gen_scale.py accounts ROOT N     N local accounts: passwd, shadow, group, gshadow, lastlog,
                                     wtmp, btmp, authorized_keys for one in ten, sudoers rules
                                     naming users, groups, aliases and uids
    gen_scale.py keys ROOT N         N accounts, each with an authorized_keys file of two keys
    gen_scale.py sudoers ROOT N      N sudoers rules (aliases, Defaults, tags, Runas lists) in
                                     /etc/sudoers.d/bench, over 200 accounts
    gen_scale.py units ROOT N        N systemd services, a timer for every other one
    gen_scale.py cron ROOT N         N cron entries in /etc/crontab and /etc/cron.d
    gen_scale.py dpkg ROOT N [LIST]  N installed packages in /var/lib/dpkg/status (sources named
                                     by the DSA/DLA LIST, at versions older than any fix)
    gen_scale.py logs FILE N         an auth.log with N distinct sources (failed passwords)

ROOT starts as a copy of a fixture root (bench/scale.sh prepares tests/roots/good); the files
written here replace its own. Everything is derived from the seed: two runs give the same bytes.
"""
import base64
import os
import random
import struct
import sys

SEED = 20261224
NOW = 1798243200  # 2026-12-26T09:00:00+09:00, bench/scale.sh's --now
DAY = 86400

SYSTEM = [
    ("root", 0, 0, "/root", "/bin/bash"),
    ("daemon", 1, 1, "/usr/sbin", "/usr/sbin/nologin"),
    ("bin", 2, 2, "/bin", "/usr/sbin/nologin"),
    ("sys", 3, 3, "/dev", "/usr/sbin/nologin"),
    ("sync", 4, 65534, "/bin", "/bin/sync"),
    ("www-data", 33, 33, "/var/www", "/usr/sbin/nologin"),
    ("sshd", 105, 65534, "/run/sshd", "/usr/sbin/nologin"),
    ("nobody", 65534, 65534, "/nonexistent", "/usr/sbin/nologin"),
]
SYS_GROUPS = [("root", 0), ("daemon", 1), ("bin", 2), ("sys", 3), ("adm", 4), ("sudo", 27), ("www-data", 33),
              ("shadow", 42), ("docker", 998), ("nogroup", 65534)]


def write(root, path, data, mode=0o644):
    full = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)
    os.chmod(full, mode)


def ssh_string(b):
    return struct.pack(">I", len(b)) + b


def ed25519_key(rnd, comment):
    blob = ssh_string(b"ssh-ed25519") + ssh_string(bytes(rnd.getrandbits(8) for _ in range(32)))
    return "ssh-ed25519 %s %s\n" % (base64.b64encode(blob).decode(), comment)


def rsa_key(rnd, bits, comment):
    n = rnd.getrandbits(bits) | (1 << (bits - 1)) | 1
    nb = n.to_bytes(bits // 8, "big")
    blob = ssh_string(b"ssh-rsa") + ssh_string(b"\x01\x00\x01") + ssh_string(b"\x00" + nb)
    return "ssh-rsa %s %s\n" % (base64.b64encode(blob).decode(), comment)


def hash_of(rnd):
    salt = "".join(rnd.choice("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") for _ in range(22))
    return "$y$j9T$%s$%s" % (salt, "H" * 43)


def utmp(user, line, host, t, kind=7):
    rec = struct.pack("<hxxi32s4s32s256shhiii16s20s", kind, 1234, line.encode(), b"ts/0", user.encode(),
                      host.encode(), 0, 0, 0, t, 0, b"\0" * 16, b"")
    assert len(rec) == 384
    return rec


def accounts(root, n, keyed_every=10, sudo_rules=True):
    """n people accounts (uid 10000..) plus the system ones, with every join the checks make."""
    rnd = random.Random(SEED + n)
    users = [("u%07d" % i, 10000 + i) for i in range(n)]
    pw = ["%s:x:%d:%d:%s:%s:%s\n" % (nm, uid, gid, nm, d, sh) for nm, uid, gid, d, sh in SYSTEM]
    pw.append("games:x:5:60:games:/usr/games:/bin/sh\n")  # a system account with a shell and a password
    sh = ["root:%s:20000:0:99999:7:::\n" % hash_of(rnd)]
    sh += ["%s:*:20000:0:99999:7:::\n" % s[0] for s in SYSTEM[1:]]
    sh.append("games:%s:20000:0:99999:7:::\n" % hash_of(rnd))
    lastlog = {}
    wtmp, btmp = [], []
    keyed = []
    for i, (nm, uid) in enumerate(users):
        home = "/home/%s" % nm
        shell = "/usr/sbin/nologin" if i % 20 == 1 else "/bin/bash"
        pw.append("%s:x:%d:%d:User %d,,,:%s:%s\n" % (nm, uid, uid, i, home, shell))
        h = hash_of(rnd)
        kind = i % 10
        # locked (some of them with keys), key-only, usable; some expired (with keys too)
        field = ("!" + h) if kind == 3 or i % 60 == 0 else ("*" if kind == 7 else h)
        expire = str(NOW // DAY - 30) if i % 50 in (0, 5) else ""
        sh.append("%s:%s:%d:0:99999:7::%s:\n" % (nm, field, 19000 + rnd.randrange(1500), expire))
        seen = rnd.random()
        if seen < 0.7:
            t = NOW - rnd.randrange(400) * DAY - rnd.randrange(DAY)
            if seen < 0.5:
                lastlog[uid] = struct.pack("<i32s256s", t, b"pts/0", b"192.0.2.%d" % (i % 250 + 1))
            else:
                wtmp.append(utmp(nm, "pts/%d" % (i % 9), "198.51.100.%d" % (i % 250 + 1), t))
        if i % 97 == 0:
            btmp.append(utmp(nm, "ssh:notty", "203.0.113.9", NOW - rnd.randrange(30) * DAY, kind=6))
        if keyed_every and i % keyed_every == 0:
            keyed.append((nm, uid, home))
    # wtmp in time order, as login(1) appends it
    write(root, "/etc/passwd", "".join(pw))
    write(root, "/etc/shadow", "".join(sh), 0o640)
    gr = []
    gs = []
    sudo_members = [nm for nm, _ in users[::100]]
    docker_members = [nm for nm, _ in users[3::250]]
    for g, gid in SYS_GROUPS:
        members = {"sudo": sudo_members, "docker": docker_members, "adm": sudo_members[:5]}.get(g, [])
        gr.append("%s:x:%d:%s\n" % (g, gid, ",".join(members)))
        gs.append("%s:*::%s\n" % (g, ",".join(members)))
    for nm, uid in users:
        gr.append("%s:x:%d:\n" % (nm, uid))
        gs.append("%s:!::\n" % nm)
    # course groups of 40 members each: every account is in one
    for c in range(0, n, 40):
        members = ",".join(nm for nm, _ in users[c:c + 40])
        gr.append("course%05d:x:%d:%s\n" % (c // 40, 200000 + c // 40, members))
        gs.append("course%05d:!::%s\n" % (c // 40, members))
    write(root, "/etc/group", "".join(gr))
    write(root, "/etc/gshadow", "".join(gs), 0o640)
    os.makedirs(os.path.join(root, "var/log"), exist_ok=True)
    with open(os.path.join(root, "var/log/lastlog"), "wb") as f:
        for uid in sorted(lastlog):
            f.seek(uid * 292)
            f.write(lastlog[uid])
    wtmp.sort(key=lambda r: struct.unpack_from("<i", r, 340)[0])
    write(root, "/var/log/wtmp", b"".join(wtmp))
    write(root, "/var/log/btmp", b"".join(btmp), 0o600)
    for j, (nm, uid, home) in enumerate(keyed):
        keys = ed25519_key(rnd, "%s@laptop" % nm)
        if j % 7 == 0:
            keys += rsa_key(rnd, 1024 if j % 21 == 0 else 2048, "%s@old" % nm)
        d = os.path.join(root, home.lstrip("/"), ".ssh")
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, "authorized_keys")
        with open(p, "w") as f:
            f.write(keys)
        os.chmod(p, 0o600)
        os.chown(p, uid, uid) if os.geteuid() == 0 else None
    if sudo_rules:
        alias = ", ".join(nm for nm, _ in users[1:2000:40])
        rules = ["User_Alias TEACHERS = %s\n" % (alias or "root"),
                 "TEACHERS ALL=(root) /usr/bin/systemctl restart apache2\n",
                 "%course00000 ALL=(ALL) NOPASSWD: ALL\n",
                 "%%#%d ALL=(root) /usr/bin/apt-get update\n" % (200001),
                 "#%d ALL=(ALL:ALL) ALL\n" % (10000 + n // 2),
                 "%s ALL=(ALL) NOPASSWD: /bin/bash\n" % users[n // 3][0] if n else "",
                 "Defaults:%s !authenticate\n" % users[n // 4][0] if n else ""]
        write(root, "/etc/sudoers.d/bench", "".join(rules), 0o440)


def keys(root, n):
    accounts(root, n, keyed_every=1, sudo_rules=False)


def sudoers(root, n):
    """n rules over 200 accounts, in the shapes real sudoers files take."""
    rnd = random.Random(SEED + n)
    accounts(root, 200, keyed_every=0, sudo_rules=False)
    users = ["u%07d" % i for i in range(200)]
    cmds = ["/usr/bin/systemctl restart %s", "/usr/bin/journalctl -u %s", "/usr/sbin/service %s reload",
            "/usr/bin/apt-get install %s", "/bin/cat /var/log/%s.log", "/usr/bin/tail -f /var/log/%s/*"]
    out = ["# generated: %d rules\n" % n, "Defaults env_reset, use_pty\n",
           "Host_Alias SERVERS = web1, web2, db1, 192.0.2.0/24\n",
           "Runas_Alias OPS = root, www-data, postgres\n"]
    naliases = max(1, n // 50)
    for a in range(naliases):
        out.append("User_Alias TEAM%d = %s\n" % (a, ", ".join(rnd.sample(users, 5))))
        out.append("Cmnd_Alias SVC%d = %s\n" % (a, ", ".join(c % ("svc%d" % a) for c in rnd.sample(cmds, 3))))
    for r in range(n):
        k = r % 8
        u = users[r % 200]
        svc = "svc%d" % (r % 997)
        if k == 0:
            out.append("%s ALL=(root) %s\n" % (u, cmds[r % 6] % svc))
        elif k == 1:
            out.append("%%course%05d SERVERS=(OPS) NOPASSWD: %s, %s\n" % (r % 5, cmds[r % 6] % svc,
                                                                     cmds[(r + 1) % 6] % svc))
        elif k == 2:
            out.append("TEAM%d ALL=(ALL:ALL) SVC%d\n" % (r % naliases, r % naliases))
        elif k == 3:
            out.append("%s, %s ALL=(root) NOEXEC: /usr/bin/less /var/log/%s\n" % (u, users[(r + 7) % 200], svc))
        elif k == 4:
            out.append("Defaults:%s timestamp_timeout=%d\n" % (u, r % 30))
        elif k == 5:
            out.append("%s web1=(www-data) NOPASSWD: SETENV: /usr/bin/php /srv/%s/artisan *, !/usr/bin/php -r *\n"
                       % (u, svc))
        elif k == 6:
            out.append("#%d ALL=(root) sha256:%s /usr/local/bin/%s\n" % (10000 + r % 200, "%064x" % r, svc))
        else:
            out.append("%s ALL=(ALL) ALL, !/usr/bin/passwd root \\\n\t, !/usr/bin/su\n" % u)
    write(root, "/etc/sudoers.d/bench", "".join(out), 0o440)


def units(root, n):
    base = os.path.join(root, "etc/systemd/system")
    wants = os.path.join(base, "multi-user.target.wants")
    twants = os.path.join(base, "timers.target.wants")
    os.makedirs(wants, exist_ok=True)
    os.makedirs(twants, exist_ok=True)
    for i in range(n):
        name = "bench%06d" % i
        user = "" if i % 3 == 0 else "User=nobody\n"
        hard = "" if i % 4 else "NoNewPrivileges=yes\nProtectSystem=strict\nPrivateTmp=yes\n"
        with open(os.path.join(base, name + ".service"), "w") as f:
            f.write("[Unit]\nDescription=bench service %d\nAfter=network.target\n\n[Service]\nType=simple\n"
                    "ExecStart=/usr/local/bin/%s --serve %d\n%s%sRestart=on-failure\n\n[Install]\n"
                    "WantedBy=multi-user.target\n" % (i, name, i, user, hard))
        if i % 2:
            with open(os.path.join(base, name + ".timer"), "w") as f:
                f.write("[Unit]\nDescription=bench timer %d\n\n[Timer]\nOnCalendar=*-*-* %02d:%02d:00\n"
                        "Persistent=true\n\n[Install]\nWantedBy=timers.target\n" % (i, i % 24, i % 60))
            os.symlink("../%s.timer" % name, os.path.join(twants, name + ".timer"))
        else:
            os.symlink("../%s.service" % name, os.path.join(wants, name + ".service"))


def cron(root, n):
    rnd = random.Random(SEED + n)
    tab = ["SHELL=/bin/sh\n", "PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin\n"]
    per_file = 500
    files = {}
    for i in range(n):
        line = "%d %d * * %d %s /usr/local/bin/job%06d --quiet >/dev/null 2>&1\n" % (
            rnd.randrange(60), rnd.randrange(24), i % 7, "root" if i % 3 else "www-data", i)
        if i < per_file:
            tab.append(line)
        else:
            files.setdefault(i // per_file, []).append(line)
    write(root, "/etc/crontab", "".join(tab))
    for k, lines in files.items():
        write(root, "/etc/cron.d/bench%04d" % k, "".join(lines))


def dpkg(root, n, feed=None):
    """n installed packages; with a DSA/DLA list, their sources are the ones it names (old versions: all match)."""
    rnd = random.Random(SEED + n)
    names = []
    if feed:
        for line in open(feed, errors="replace"):
            if line.startswith("[") and "] D" in line:
                f = line.split()
                if len(f) > 4:
                    names.append(f[4])
        names = sorted(set(names))
    path = os.path.join(root, "var/lib/dpkg/status")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    out = []
    for i in range(n):
        src = names[i % len(names)] if names else "bench-src%04d" % (i // 3)
        out.append("Package: bench-pkg%05d\nStatus: install ok installed\nPriority: optional\nSection: misc\n"
                   "Installed-Size: %d\nMaintainer: Bench <bench@example.org>\nArchitecture: amd64\n"
                   "Source: %s (0.%d-1)\nVersion: 0.%d-1\nDepends: libc6 (>= 2.34)\n"
                   "Description: generated package %d\n bench fixture\n\n"
                   % (i, rnd.randrange(10, 9000), src, i % 7, i % 7, i))
    with open(path, "w") as f:
        f.write("".join(out))


def logs(path, n):
    """n distinct sources, each failing a password two times; sshd lines in RFC 3164 form."""
    rnd = random.Random(SEED + n)
    users = ["root", "admin", "test", "oracle", "ubuntu", "pi", "git", "postgres"]
    with open(path, "w") as f:
        buf = []
        for i in range(n):
            ip = "10.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255) if i < 1 << 24 else \
                "11.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)
            s = i * 2000000 // max(n, 1)  # spread over about 23 days of December
            day, rest = 1 + s // DAY, s % DAY
            stamp = "Dec %2d %02d:%02d:%02d" % (day, rest // 3600, rest // 60 % 60, rest % 60)
            u = users[i % 8]
            port = 30000 + rnd.randrange(30000)
            buf.append("%s host sshd[%d]: Failed password for %s from %s port %d ssh2\n"
                       "%s host sshd[%d]: Failed password for invalid user x%s from %s port %d ssh2\n"
                       % (stamp, 1000 + i % 60000, u, ip, port, stamp, 1000 + i % 60000, u, ip, port + 1))
            if len(buf) >= 10000:
                f.write("".join(buf))
                buf = []
        f.write("".join(buf))


def main():
    kind, target, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if kind == "dpkg":
        dpkg(target, n, sys.argv[4] if len(sys.argv) > 4 else None)
        return
    {"accounts": accounts, "keys": keys, "sudoers": sudoers, "units": units, "cron": cron,
     "logs": logs}[kind](target, n)


main()
