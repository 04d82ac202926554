#!/usr/bin/python3
"""Writes var/log/wtmp and var/log/lastlog under ROOT from a text spec.

Spec lines (ROOT/logins.txt):  wtmp|btmp USER LINE HOST TIME   |   lastlog UID LINE HOST TIME
TIME is RFC 3339 (2026-12-01T09:00:00+09:00); HOST '-' means local. Records use the
x86_64 glibc layouts (struct utmp 384 bytes, struct lastlog 292 bytes)."""
import datetime, ipaddress, os, struct, sys

def ts(s):
    return int(datetime.datetime.fromisoformat(s).timestamp())

def utmp(user, line, host, t, kind=7):
    addr = b"\0" * 16
    if host != "-":
        try:
            ip = ipaddress.ip_address(host)
            addr = ip.packed.ljust(16, b"\0")
        except ValueError:
            pass
    h = b"" if host == "-" else host.encode()
    rec = struct.pack("<hxxi32s4s32s256shhiii16s20s", kind, 1234, line.encode(), b"ts/0", user.encode(), h,
                      0, 0, 0, t, 0, addr, b"")
    assert len(rec) == 384
    return rec

def main(root):
    spec = os.path.join(root, "logins.txt")
    if not os.path.exists(spec):
        return
    wtmp, btmp, lastlog = [], [], {}
    for raw in open(spec):
        f = raw.split()
        if not f or f[0].startswith("#"):
            continue
        if f[0] == "wtmp":
            wtmp.append(utmp(f[1], f[2], f[3], ts(f[4])))
        elif f[0] == "btmp":
            btmp.append(utmp(f[1], f[2], f[3], ts(f[4]), kind=6))
        elif f[0] == "lastlog":
            host = b"" if f[3] == "-" else f[3].encode()
            lastlog[int(f[1])] = struct.pack("<i32s256s", ts(f[4]), f[2].encode(), host)
    os.makedirs(os.path.join(root, "var/log"), exist_ok=True)
    with open(os.path.join(root, "var/log/wtmp"), "wb") as w:
        w.write(b"".join(wtmp))
    if btmp:
        with open(os.path.join(root, "var/log/btmp"), "wb") as b:
            b.write(b"".join(btmp))
    if lastlog:
        with open(os.path.join(root, "var/log/lastlog"), "wb") as l:
            for uid in sorted(lastlog):
                l.seek(uid * 292)
                l.write(lastlog[uid])
    os.remove(spec)

main(sys.argv[1])
