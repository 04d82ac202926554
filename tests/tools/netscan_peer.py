#!/usr/bin/python3
"""Peers for kyuka netscan's tests (tests/integration/netscan.sh), run inside a test's namespace.

Each argument is KIND:PORT. TCP: rdp-nla, rdp-open (an RDP server that does not require NLA),
ssh, ftp, vnc, telnet, http, smb (answers SMB negotiate as Samba would, when smbd cannot run),
plain (accepts and says nothing). UDP: nbns (node status), snmp (v2c sysDescr with community
public; snmp1: SNMPv1 only), ssdp (an M-SEARCH answer), mdns (one PTR record), silent (reads and never answers).
"""
import select
import socket
import struct
import sys

NAME = b"KYNSHOST"


def rdp_answer(req, nla):
    requested = struct.unpack("<I", req[15:19])[0] if len(req) >= 19 else 0
    if nla:
        neg = struct.pack("<BBHI", 3, 0, 8, 5)           # HYBRID_REQUIRED_BY_SERVER
    elif requested & 1:
        neg = struct.pack("<BBHI", 2, 0, 8, 1)           # selects TLS
    else:
        neg = struct.pack("<BBHI", 2, 0, 8, 0)           # selects standard RDP security
    x224 = bytes([6 + len(neg), 0xD0, 0, 0, 0x12, 0x34, 0]) + neg
    return struct.pack(">BBH", 3, 0, 4 + len(x224)) + x224


def smb_answer(req):
    p = req[4:]
    if p[:4] == b"\xffSMB":
        # SMBv1 refused, as a modern Samba does: the connection is closed
        return None
    body = struct.pack("<HHHH", 65, 0x03, 0x0302, 0) + b"\0" * 16 + struct.pack("<IIIIQQHHI", 7, 65536, 65536, 65536, 0, 0, 128, 0, 0)
    hdr = b"\xfeSMB" + struct.pack("<HHIHHIIQIIQ", 64, 0, 0, 0, 1, 1, 0, 0, 0xfeff, 0, 0) + b"\0" * 16
    msg = hdr + body
    return struct.pack(">I", len(msg)) + msg


def nbns_answer(q):
    tid = q[:2]
    names = [(NAME, 0x00, 0x0400), (NAME, 0x20, 0x0400), (b"KYNSGROUP", 0x00, 0x8400)]
    rd = bytes([len(names)])
    for n, suf, fl in names:
        rd += n.ljust(15, b" ") + bytes([suf]) + struct.pack(">H", fl)
    rd += bytes([0x02, 0x00, 0x5e, 0x10, 0x20, 0x30]) + b"\0" * 40
    qname = q[12:12 + 34]
    return tid + b"\x84\x00\x00\x00\x00\x01\x00\x00\x00\x00" + qname + struct.pack(">HHIH", 0x21, 1, 0, len(rd)) + rd


def ber(tag, content):
    n = len(content)
    if n < 128:
        return bytes([tag, n]) + content
    return bytes([tag, 0x82, n >> 8, n & 0xff]) + content


def snmp_answer(q, v1_only=False):
    # echo the request id; answer only the community public (snmp1: only SNMPv1 requests, as old printers)
    if b"public" not in q:
        return None
    version = q[4]
    if v1_only and version != 0:
        return None
    i = q.index(b"\xa0")
    pdu = q[i + 2:]
    reqid = pdu[:6]
    descr = b"KyNS test device, firmware 1.0"
    vb = ber(0x30, ber(0x30, bytes.fromhex("06082b06010201010100") + ber(0x04, descr)))
    body = reqid + bytes.fromhex("020100020100") + vb
    return ber(0x30, bytes([2, 1, version]) + ber(0x04, b"public") + ber(0xa2, body))


def ssdp_answer(q):
    if not q.startswith(b"M-SEARCH * HTTP/1.1\r\n"):
        return None
    return (b"HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
            b"LOCATION: http://10.218.1.2:49152/rootDesc.xml\r\nSERVER: KyNS/1.0 UPnP/1.0 MiniUPnPd/2.3\r\n"
            b"ST: upnp:rootdevice\r\n\r\n")


def mdns_answer(q):
    # one PTR record answering the query: _kyns._tcp.local
    if len(q) < 12:
        return None
    qd = q[12:]
    rdata = b"\x05_kyns\x04_tcp\x05local\x00"
    return (q[:2] + b"\x84\x00\x00\x01\x00\x01\x00\x00\x00\x00" + qd +
            b"\xc0\x0c\x00\x0c\x00\x01\x00\x00\x00\x0a" + struct.pack(">H", len(rdata)) + rdata)


def main():
    socks = {}
    for arg in sys.argv[1:]:
        kind, port = arg.rsplit(":", 1)
        udp = kind in ("nbns", "snmp", "snmp1", "ssdp", "mdns", "silent")
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if udp else socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", int(port)))
        if not udp:
            s.listen(512)
        socks[s.fileno()] = (s, kind, udp)
    print("ready", flush=True)
    conns = {}
    while True:
        r, _, _ = select.select([*socks, *conns], [], [], 1)
        for fd in r:
            if fd in conns:
                c, kind = conns[fd]
                try:
                    data = c.recv(4096)
                except OSError:
                    data = b""
                out = None
                if data and kind.startswith("rdp"):
                    out = rdp_answer(data, kind == "rdp-nla")
                elif data and kind == "smb":
                    out = smb_answer(data)
                elif data and kind == "http":
                    out = (b"HTTP/1.0 200 OK\r\nServer: KyNS-httpd/1.0\r\nContent-Type: text/html\r\n\r\n"
                           b"<html><head><title>Camera \x1b[31madmin</title></head><body>login</body></html>")
                if out is not None:
                    c.sendall(out)
                if not data or out is None or kind == "http":
                    del conns[fd]
                    c.close()
                continue
            s, kind, udp = socks[fd]
            if udp:
                q, peer = s.recvfrom(4096)
                out = (nbns_answer(q) if kind == "nbns" else snmp_answer(q) if kind == "snmp"
                       else snmp_answer(q, v1_only=True) if kind == "snmp1"
                       else ssdp_answer(q) if kind == "ssdp" else mdns_answer(q) if kind == "mdns" else None)
                if out:
                    s.sendto(out, peer)
                continue
            c, _ = s.accept()
            greet = {"ssh": b"SSH-2.0-OpenSSH_9.2p1 KyNS\r\n", "ftp": b"220 KyNS FTP ready\r\n",
                     "vnc": b"RFB 003.008\n", "telnet": b"\xff\xfd\x18\xff\xfd\x20\xff\xfb\x01login: "}.get(kind)
            if greet:
                try:
                    c.sendall(greet)
                except OSError:
                    pass
            conns[c.fileno()] = (c, kind)


main()
