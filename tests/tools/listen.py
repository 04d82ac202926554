#!/usr/bin/python3
"""Opens listening sockets and waits: listen.py [--count N] SPEC... where SPEC is
tcp:ADDR:PORT or udp:ADDR:PORT (ADDR may be an IPv6 address in brackets; PORT 0
picks a free port). Prints "ready" once every socket is open, then sleeps until killed."""
import socket, sys, time

def open_one(spec):
    proto, rest = spec.split(":", 1)
    addr, port = rest.rsplit(":", 1)
    fam = socket.AF_INET
    if addr.startswith("["):
        addr, fam = addr[1:-1], socket.AF_INET6
    s = socket.socket(fam, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, int(port)))
    if proto == "tcp":
        s.listen(16)
    return s

args = sys.argv[1:]
count = 1
if args and args[0] == "--count":
    count, args = int(args[1]), args[2:]
keep = []
for spec in args:
    for _ in range(count):
        keep.append(open_one(spec))
print("ready", flush=True)
while True:
    time.sleep(3600)
