#!/usr/bin/env python3
"""Captures the first packet MariaDB sends, byte for byte, for the probe parser's unit tests.

Starts MariaDB (the real-server harness's Server class: one with TLS, one with --skip-ssl), and
for each reads exactly one MySQL packet from a fresh TCP connection (the greeting; nothing is
sent). Writes the .bin files into this directory. Usage: capture.py --root REPO [--dbcert PATH]
"""

import argparse
import os
import shutil
import socket
import sys
import tempfile


def read_packet(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    buf = b""
    while len(buf) < 4 or len(buf) < 4 + int.from_bytes(buf[:3], "little"):
        chunk = s.recv(4096)
        if not chunk:
            break
        buf += chunk
    return s, buf


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--dbcert")
    a = ap.parse_args()
    sys.path.insert(0, os.path.join(a.root, "tests", "realserver"))
    import harness  # noqa: E402

    here = os.path.dirname(os.path.abspath(__file__))
    dbcert = a.dbcert or os.path.join(a.root, "target", "debug", "dbcert")
    tmp = tempfile.mkdtemp(prefix="dbcert-probe-capture-")
    servers = []
    try:
        certs = harness.make_certs(tmp, dbcert)
        tls = harness.Server(tmp, "tls", True, certs)
        plain = harness.Server(tmp, "plain", False, certs)
        servers += [tls, plain]
        for s in servers:
            s.start()
        for name, srv in [("greeting-mariadb-tls.bin", tls), ("greeting-mariadb-plain.bin", plain)]:
            sock, data = read_packet(srv.port)
            sock.close()
            open(os.path.join(here, name), "wb").write(data)
            print(f"{name}: {len(data)} bytes")
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
