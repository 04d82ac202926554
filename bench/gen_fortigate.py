#!/usr/bin/python3
"""A seeded FortiGate log as a syslog server keeps it, for bench/logs.sh --fortigate (generated, never committed).

    gen_fortigate.py OUT SIZE_MB [SEED]

20 December 2026 to 5 January 2027, Asia/Tokyo, RFC 3164 headers from rsyslog ("Dec 31 02:00:01 fw01 ")
before FortiOS's key=value lines (the fields of the FortiOS Log Message Reference: traffic logs,
SSL VPN tunnel up 39424 and login fail 39426, admin login 32001/32002). Mostly forward traffic
(inside to outside, accepted; outside to the firewall, denied, including 445 and 3389), staff VPN
logins from their usual addresses in the day, scattered SSL VPN login failures from many sources,
and one intrusion planted on 31 December: 203.0.113.66 tries 30 user names over SSL VPN
(spraying), then logs in as 'frank', then reaches 192.168.1.10 on 445 through the tunnel policy.
"""
import random
import sys
from datetime import datetime, timedelta, timezone

JST = timezone(timedelta(hours=9))
START = datetime(2026, 12, 20, 0, 0, 0, tzinfo=JST)
END = datetime(2027, 1, 5, 0, 0, 0, tzinfo=JST)
PLANT = datetime(2026, 12, 31, 2, 0, 0, tzinfo=JST)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
STAFF = [("alice", "198.51.100.20"), ("bob", "198.51.100.21"), ("carol", "198.51.100.22"), ("dave", "198.51.100.23")]
NAMES = ["admin", "administrator", "test", "user", "guest", "vpn", "support", "sales", "info", "backup", "frank",
         "erin", "oscar", "sysadmin", "root", "scan", "temp", "staff", "office", "manager", "it", "helpdesk",
         "web", "mail", "ftp", "operator", "demo", "training", "service", "remote"]
DEV = 'devname="FGT60E" devid="FGT60ETK18000001"'


def head(t):
    return "%s %2d %02d:%02d:%02d fw01 date=%04d-%02d-%02d time=%02d:%02d:%02d %s eventtime=%d%09d tz=\"+0900\" " % (
        MONTHS[t.month - 1], t.day, t.hour, t.minute, t.second, t.year, t.month, t.day, t.hour, t.minute, t.second,
        DEV, int(t.timestamp()), 0)


def traffic(t, src, sport, dst, dport, action, intf_in, intf_out, policy, service, rnd):
    return (head(t) + f'logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" '
            f'srcip={src} srcport={sport} srcintf="{intf_in}" srcintfrole="lan" dstip={dst} dstport={dport} '
            f'dstintf="{intf_out}" dstintfrole="wan" sessionid={rnd.randrange(1, 1 << 30)} proto=6 '
            f'action="{action}" policyid={policy} policytype="policy" service="{service}" dstcountry="Japan" '
            f'srccountry="Reserved" trandisp="snat" transip=192.0.2.1 transport={sport} duration={rnd.randrange(1, 300)} '
            f'sentbyte={rnd.randrange(40, 100000)} rcvdbyte={rnd.randrange(40, 1000000)} sentpkt={rnd.randrange(1, 90)} '
            f'rcvdpkt={rnd.randrange(1, 900)} appcat="unscanned"\n')


def vpn_fail(t, src, user):
    return (head(t) + f'logid="0101039426" type="event" subtype="vpn" level="alert" vd="root" logdesc="SSL VPN login fail" '
            f'action="ssl-login-fail" tunneltype="ssl-web" tunnelid=0 remip={src} user="{user}" group="N/A" '
            f'dst_host="N/A" reason="sslvpn_login_permission_denied" msg="SSL user failed to logged in"\n')


def vpn_up(t, src, user, tid):
    return (head(t) + f'logid="0101039424" type="event" subtype="vpn" level="information" vd="root" '
            f'logdesc="SSL VPN tunnel up" action="tunnel-up" tunneltype="ssl-tunnel" tunnelid={tid} remip={src} '
            f'tunnelip=10.212.134.{tid % 200 + 10} user="{user}" group="vpn-users" dst_host="N/A" reason="tunnel established" '
            f'msg="SSL tunnel established"\n')


def main():
    out, size_mb = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 19)
    target = size_mb * 1048576
    span = (END - START).total_seconds()
    # lines come in time order: a step of the clock per line, so the size is reached at END
    per_line = 480
    n_lines = target // per_line
    step = span / n_lines
    attackers = [f"203.0.{rnd.randrange(0, 256)}.{rnd.randrange(1, 255)}" for _ in range(3000)]
    planted = False
    written = 0
    t = START
    tid = 1
    with open(out, "w") as f:
        buf = []
        while written < target:
            t += timedelta(seconds=step)
            if not planted and t >= PLANT:
                planted = True
                p = PLANT
                for i, u in enumerate(NAMES):
                    buf.append(vpn_fail(p + timedelta(seconds=20 * i), "203.0.113.66", u))
                buf.append(vpn_up(p + timedelta(minutes=30), "203.0.113.66", "frank", 4242))
                buf.append(traffic(p + timedelta(minutes=35), "203.0.113.66", 51000, "192.168.1.10", 445, "accept",
                                   "ssl.root", "internal", 12, "SMB", rnd))
            k = rnd.random()
            if k < 0.80:
                # inside to outside
                line = traffic(t, f"192.168.1.{rnd.randrange(10, 250)}", rnd.randrange(1024, 65536),
                               f"{rnd.randrange(1, 224)}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}",
                               rnd.choice((443, 443, 443, 80, 53, 123)), rnd.choice(("close", "accept", "timeout")),
                               "internal", "wan1", 1, "HTTPS", rnd)
            elif k < 0.97:
                # outside to the firewall: denied (445 and 3389 among them)
                line = traffic(t, rnd.choice(attackers), rnd.randrange(1024, 65536), "192.0.2.1",
                               rnd.choice((445, 3389, 22, 23, 1433, 8080)), "deny", "wan1", "root", 0, "tcp", rnd)
            elif k < 0.995:
                line = vpn_fail(t, rnd.choice(attackers), rnd.choice(NAMES[:20]))
            else:
                u, src = STAFF[rnd.randrange(len(STAFF))]
                if 8 <= t.hour < 19:
                    tid += 1
                    line = vpn_up(t, src, u, tid)
                else:
                    line = traffic(t, "192.168.1.30", 50000, "192.0.2.80", 443, "close", "internal", "wan1", 1, "HTTPS", rnd)
            buf.append(line)
            if len(buf) >= 4096:
                s = "".join(buf)
                f.write(s)
                written += len(s)
                buf = []
        s = "".join(buf)
        f.write(s)


if __name__ == "__main__":
    main()
