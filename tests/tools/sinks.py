#!/usr/bin/python3
"""Local receivers for kyuka alert test, bound to loopback only, each stopping by itself.

  sinks.py smtp PORTFILE OUTDIR [CERT KEY]   aiosmtpd; STARTTLS offered and required when CERT/KEY are given
  sinks.py http PORTFILE OUTDIR STATUS       one POST per request, answered with STATUS
  sinks.py unix SOCKETPATH OUTDIR            a datagram socket like /dev/log

Each message is written to OUTDIR/N. The receiver exits after LIFETIME seconds.
"""
import http.server
import os
import socket
import ssl
import sys
import threading
import time

LIFETIME = 60
out = sys.argv[3]
count = [0]


def save(data: bytes):
    count[0] += 1
    with open(os.path.join(out, str(count[0])), "wb") as f:
        f.write(data)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def ready(portfile, value):
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(value))
    os.rename(tmp, portfile)


mode = sys.argv[1]
if mode == "smtp":
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            save(b"MAIL FROM: " + envelope.mail_from.encode() + b"\nRCPT TO: " +
                 ",".join(envelope.rcpt_tos).encode() + b"\nTLS: " +
                 (b"yes" if session.ssl else b"no") + b"\n\n" + envelope.original_content)
            return "250 Message accepted for delivery"

    tls = None
    if len(sys.argv) > 5:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(sys.argv[4], sys.argv[5])
    port = free_port()
    c = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=tls, require_starttls=tls is not None)
    c.start()
    ready(sys.argv[2], port)
    time.sleep(LIFETIME)
    c.stop()
elif mode == "http":
    status = int(sys.argv[4])

    class H(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(min(n, 1 << 20))
            save(("%s %s\n%s\n" % (self.command, self.path, self.headers.get("Content-Type"))).encode() + body)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    srv = http.server.HTTPServer(("127.0.0.1", 0), H)
    threading.Timer(LIFETIME, srv.shutdown).start()
    ready(sys.argv[2], srv.server_address[1])
    srv.serve_forever()
elif mode == "unix":
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(sys.argv[2])
    s.settimeout(LIFETIME)
    try:
        while True:
            save(s.recv(65536))
    except socket.timeout:
        pass
