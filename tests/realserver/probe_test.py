#!/usr/bin/env python3
"""Real-server proof of `dbcert probe` (issue 11) and of the Node addon's probe/probeAsync.

Starts MariaDB with the harness's test chain (root -> intermediate -> server, SAN localhost and
127.0.0.1), runs the built `dbcert probe --json` and, with --addon, the Node addon's `probe` and
`probeAsync`, and checks:

  - the chain reported equals the server's configured server-chain.pem (DER, in order) and what
    `openssl s_client -starttls mysql -showcerts` prints for the same server;
  - VERIFY_CA passes with root.pem and fails with an unrelated CA; VERIFY_IDENTITY passes with
    localhost / 127.0.0.1 and fails with a name not in the SAN;
  - the versions accepted equal the server's @@tls_version, with its default and restarted with
    --tls-version=TLSv1.2, with --tls-version=TLSv1.3 and with all four (TLS 1.0/1.1 at OpenSSL
    SECLEVEL=0), and agree with openssl s_client -tls1 / -tls1_1 / -tls1_2 / -tls1_3;
  - a server without TLS -> tls_not_offered; a closed port -> connection_refused; a plain HTTP
    server -> not_mysql; a socket that accepts and never writes, --timeout 1 -> timeout.

Prints one line per check and 'N passed, N failed'; exits 1 on any failure. Never skips: a
missing tool or addon is a failure. Usage:
  probe_test.py --root REPO [--dbcert PATH] [--addon PATH/dbcert.<platform>.node]
"""

import argparse
import base64
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, free_port, make_certs, sh  # noqa: E402

RESULTS = []


def check(name, ok, detail=""):
    RESULTS.append(bool(ok))
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + ("" if ok else f"\n     {detail}"), flush=True)


def pem_ders(text):
    """The DER of every CERTIFICATE block in text, in order."""
    return [base64.b64decode("".join(b.split()))
            for b in re.findall(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.S)]


def probe_cli(dbcert, address, *args, timeout=60):
    p = subprocess.run([dbcert, "probe", address, "--json", *args], capture_output=True, text=True,
                       timeout=timeout)
    try:
        out = json.loads(p.stdout)
    except json.JSONDecodeError:
        out = {"unparsed": p.stdout, "stderr": p.stderr}
    return p.returncode, out, p.stderr


NODE_SCRIPT = r"""
const addon = require(process.argv[1]);
const opts = JSON.parse(process.argv[2]);
if (opts.caFile) { opts.ca = require('fs').readFileSync(opts.caFile); delete opts.caFile; }
const out = {};
try { out.sync = addon.probe(opts); } catch (e) { out.sync = {error: {code: e.code, message: e.message}}; }
addon.probeAsync(opts).then(
  (r) => { out.async = r; },
  (e) => { out.async = {error: {code: e.code, message: e.message}}; },
).then(() => { console.log(JSON.stringify(out)); });
"""


def probe_node(addon, options):
    p = subprocess.run(["node", "-e", NODE_SCRIPT, addon, json.dumps(options)], capture_output=True,
                       text=True, timeout=120)
    if p.returncode != 0:
        return {"sync": {"error": {"code": "node_failed", "message": p.stderr[-800:]}},
                "async": {"error": {"code": "node_failed", "message": p.stderr[-800:]}}}
    return json.loads(p.stdout)


def openssl_chain(port):
    p = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-starttls", "mysql",
                        "-showcerts"], input="", capture_output=True, text=True, timeout=60)
    return pem_ders(p.stdout)


OPENSSL_FLAGS = {"TLSv1": "-tls1", "TLSv1.1": "-tls1_1", "TLSv1.2": "-tls1_2", "TLSv1.3": "-tls1_3"}


def openssl_accepts(port, flag):
    # SECLEVEL=0 on the client side, so that OpenSSL 3 itself does not refuse TLS 1.0/1.1.
    p = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-starttls", "mysql", flag,
                        "-cipher", "DEFAULT:@SECLEVEL=0"], input="", capture_output=True, text=True, timeout=60)
    return p.returncode == 0 and "Cipher is (NONE)" not in p.stdout and "New, " in p.stdout


def server_tls_versions(srv):
    out = sh(["mariadb", "--no-defaults", "-S", srv.sock, "-uroot", "-N", "-e", "SELECT @@tls_version"]).stdout
    # MariaDB says TLSv1.0 where MySQL (and dbcert) say TLSv1.
    return sorted(v.strip().replace("TLSv1.0", "TLSv1") for v in out.strip().split(",") if v.strip())


def accepted(report):
    return sorted(v["version"] for v in report.get("tlsVersions", []) if v["accepted"])


def error_code(out):
    return (out.get("error") or {}).get("code")


def modes(report):
    return {m["mode"]: m["verdict"] for m in report.get("modes", [])}


def check_tls_server(dbcert, addon, srv, certs, label):
    port = srv.port
    addr = f"127.0.0.1:{port}"
    configured = pem_ders(open(certs("server-chain.pem")).read())
    want_versions = server_tls_versions(srv)
    print(f"-- {label}: @@tls_version = {','.join(want_versions)}", flush=True)

    code, r, err = probe_cli(dbcert, addr, "--ca", certs("root.pem"))
    check(f"{label}: probe --ca root.pem exits 0", code == 0, f"exit {code}: {err} {r}")
    sent = [pem_ders(c["pem"])[0] for c in r.get("chain", [])]
    check(f"{label}: chain == configured server-chain.pem (DER, in order)", sent == configured,
          f"{len(sent)} sent vs {len(configured)} configured")
    ossl = openssl_chain(port)
    check(f"{label}: chain == openssl s_client -starttls mysql -showcerts", sent == ossl and len(ossl) == 2,
          f"{len(sent)} vs {len(ossl)} from openssl")
    check(f"{label}: versions accepted == @@tls_version", accepted(r) == want_versions,
          f"probe {accepted(r)} vs server {want_versions}")
    for v, flag in OPENSSL_FLAGS.items():
        got = v in accepted(r)
        check(f"{label}: {v} accepted={got} agrees with openssl s_client {flag}", got == openssl_accepts(port, flag))
    refused = [v for v in r.get("tlsVersions", []) if not v["accepted"]]
    check(f"{label}: every refused version names the server's alert",
          all(v.get("alert") == "protocol_version" for v in refused),
          json.dumps(refused))
    check(f"{label}: negotiated is the newest accepted",
          r.get("negotiated", {}).get("version") == (want_versions[-1] if want_versions else None),
          json.dumps(r.get("negotiated")))
    server = r.get("server", {})
    check(f"{label}: server flavour and version", server.get("flavor") == "mariadb"
          and server.get("version", "").startswith("10.") and server.get("tlsOffered") is True, json.dumps(server))
    m = modes(r)
    check(f"{label}: with root.pem VERIFY_CA and VERIFY_IDENTITY work",
          m.get("VERIFY_CA") == "works" and m.get("VERIFY_IDENTITY") == "works"
          and m.get("REQUIRED") == "works", json.dumps(r.get("modes")))
    return r, want_versions


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.getcwd())
    ap.add_argument("--dbcert")
    ap.add_argument("--addon", help="the built Node addon (.node); without it the Node checks fail")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    dbcert = a.dbcert or os.path.join(root, "target", "debug", "dbcert")
    if a.addon:
        a.addon = os.path.abspath(a.addon)  # for require()
    for tool in ["mariadbd", "mariadb-install-db", "mariadb", "openssl", "node"]:
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install -y mariadb-server mariadb-client openssl nodejs")
    if not os.path.exists(dbcert):
        raise SystemExit(f"{dbcert} not found: run `cargo build -p dbcert-cli` first")
    started = time.time()
    tmp = tempfile.mkdtemp(prefix="dbcert-probe-")
    servers = []

    def start(name, tls, extra=None):
        s = Server(tmp, name, tls, certs, extra)
        servers.append(s)
        s.start()
        return s

    try:
        certs = make_certs(tmp, dbcert)
        srv = start("tls", True)
        r, default_versions = check_tls_server(dbcert, a.addon, srv, certs, "default")
        addr = f"127.0.0.1:{srv.port}"

        code, r2, _ = probe_cli(dbcert, addr, "--ca", certs("other.pem"))
        m = modes(r2)
        check("unrelated CA: VERIFY_CA and VERIFY_IDENTITY fail, exit 1",
              code == 1 and m.get("VERIFY_CA") == "fails" and m.get("VERIFY_IDENTITY") == "fails"
              and "unknown_issuer" in json.dumps(r2.get("verifyCa")), f"exit {code} {m}")
        code, r3, _ = probe_cli(dbcert, addr, "--ca", certs("root.pem"), "--host", "localhost")
        check("--host localhost (in SAN): VERIFY_IDENTITY works", code == 0 and modes(r3).get("VERIFY_IDENTITY") == "works",
              f"exit {code} {modes(r3)}")
        code, r4, _ = probe_cli(dbcert, addr, "--ca", certs("root.pem"), "--host", "db.not-in-san.example")
        m = modes(r4)
        check("--host not in SAN: VERIFY_CA works, VERIFY_IDENTITY fails (hostname_mismatch), exit 1",
              code == 1 and m.get("VERIFY_CA") == "works" and m.get("VERIFY_IDENTITY") == "fails"
              and "hostname_mismatch" in json.dumps(r4.get("verifyIdentity")), f"exit {code} {m}")
        code, r5, _ = probe_cli(dbcert, addr)
        check("no --ca: VERIFY modes unknown, exit 0",
              code == 0 and modes(r5).get("VERIFY_CA") == "unknown" and r5.get("caGiven") is False, f"exit {code}")
        code, r6, _ = probe_cli(dbcert, addr, "--tls-versions", "TLSv1.3")
        check("--tls-versions TLSv1.3 probes only that version",
              [v["version"] for v in r6.get("tlsVersions", [])] == ["TLSv1.3"], json.dumps(r6.get("tlsVersions")))
        text = subprocess.run([dbcert, "probe", addr, "--ca", certs("root.pem")], capture_output=True, text=True,
                              timeout=60).stdout
        check("text output names version, chain and modes",
              "MariaDB 10." in text and "CN=dbcert test server" in text and "VERIFY_IDENTITY  works" in text, text)

        # Node addon: the same report as the CLI, sync and async.
        if not a.addon or not os.path.exists(a.addon):
            check("Node addon present", False, f"--addon {a.addon!r}: build it with `cargo xtask node`")
        else:
            n = probe_node(a.addon, {"address": addr, "caFile": certs("root.pem"), "host": "localhost"})
            for kind in ["sync", "async"]:
                rep = n.get(kind, {})
                sent = [pem_ders(c["pem"])[0] for c in rep.get("chain", [])]
                check(f"node {kind}: chain == server-chain.pem, versions == @@tls_version, VERIFY_IDENTITY works",
                      sent == pem_ders(open(certs("server-chain.pem")).read())
                      and accepted(rep) == default_versions and modes(rep).get("VERIFY_IDENTITY") == "works",
                      json.dumps(rep)[:800])
            cli = probe_cli(dbcert, addr, "--ca", certs("root.pem"), "--host", "localhost")[1]
            same = {k: v for k, v in n.get("sync", {}).items() if k != "server"}
            cli_same = {k: v for k, v in cli.items() if k != "server"}
            for rep in (same, cli_same):
                for vr in (rep.get("verifyCa") or {}, rep.get("verifyIdentity") or {}):
                    vr.pop("warnings", None)  # "N days after <now>" differs by the second
            check("node probe == CLI --json (but the connection id and warnings' clock)", same == cli_same,
                  f"node keys {sorted(same)} cli keys {sorted(cli_same)}")
            plain_port = free_port()
            n = probe_node(a.addon, {"address": f"127.0.0.1:{plain_port}", "timeoutMs": 2000})
            check("node: closed port rejects/throws connection_refused",
                  error_code(n["sync"]) == "connection_refused" and error_code(n["async"]) == "connection_refused",
                  json.dumps(n))
            n = probe_node(a.addon, {"address": addr, "tlsVersions": ["TLSv9"]})
            check("node: bad tlsVersions is invalid_option",
                  error_code(n["sync"]) == "invalid_option" and error_code(n["async"]) == "invalid_option",
                  json.dumps(n))
            # The npm loader (npm/dbcert/index.js) exports the addon's probe.
            n = probe_node(os.path.join(root, "npm", "dbcert"), {"address": addr, "tlsVersions": ["TLSv1.3"]})
            check("npm/dbcert loader: probe and probeAsync work",
                  [v["version"] for v in n["sync"].get("tlsVersions", [])] == ["TLSv1.3"]
                  and n["async"].get("negotiated", {}).get("version") == "TLSv1.3", json.dumps(n)[:800])
            # The wasm package cannot open sockets: a coded error, thrown and rejected.
            n = probe_node(os.path.join(root, "npm", "dbcert-wasm"), {"address": addr})
            check("dbcert-wasm: probe throws and probeAsync rejects unsupported_platform",
                  error_code(n["sync"]) == "unsupported_platform" and error_code(n["async"]) == "unsupported_platform",
                  json.dumps(n))
        srv.stop()

        for only in ["TLSv1.2", "TLSv1.3"]:
            s = start(f"only-{only}", True, [f"--tls-version={only}"])
            rr, versions = check_tls_server(dbcert, a.addon, s, certs, f"--tls-version={only}")
            check(f"--tls-version={only}: @@tls_version is {only} and only it is accepted",
                  versions == [only] and accepted(rr) == [only], f"{versions} {accepted(rr)}")
            s.stop()

        # TLS 1.0 and 1.1 (probed with a hand-built ClientHello): enabled, and OpenSSL 3's security
        # level lowered so that the server can actually negotiate them.
        legacy = ["--tls-version=TLSv1.0,TLSv1.1,TLSv1.2,TLSv1.3", "--ssl-cipher=DEFAULT:@SECLEVEL=0"]
        s = start("legacy", True, legacy)
        rr, versions = check_tls_server(dbcert, a.addon, s, certs, "TLSv1.0-1.3 at SECLEVEL=0")
        old = [v for v in rr.get("tlsVersions", []) if v["version"] in ("TLSv1", "TLSv1.1")]
        check("TLSv1.0-1.3: TLS 1.0 and 1.1 accepted through the ClientHello, with a cipher suite",
              len(old) == 2 and all(v["accepted"] and v["method"] == "clientHello" and v["cipherSuite"] for v in old),
              json.dumps(old))
        s.stop()

        plain = start("plain", False)
        code, r, err = probe_cli(dbcert, f"127.0.0.1:{plain.port}")
        check("server without TLS: tls_not_offered, exit 1", code == 1 and error_code(r) == "tls_not_offered"
              and "[tls_not_offered]" in err, f"exit {code} {r}")
        plain.stop()

        closed = free_port()
        code, r, err = probe_cli(dbcert, f"127.0.0.1:{closed}")
        check("closed port: connection_refused, exit 1", code == 1 and error_code(r) == "connection_refused",
              f"exit {code} {r}")

        class Quiet(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"hello\n")

            def log_message(self, *args):
                pass

        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        t0 = time.time()
        code, r, err = probe_cli(dbcert, f"127.0.0.1:{httpd.server_address[1]}", "--timeout", "2")
        check("plain HTTP server: not_mysql naming HTTP, exit 1",
              code == 1 and error_code(r) == "not_mysql" and "HTTP" in r["error"]["message"],
              f"exit {code} {r} after {time.time() - t0:.1f}s")
        httpd.shutdown()

        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        held = []
        threading.Thread(target=lambda: [held.append(silent.accept()) for _ in range(8)], daemon=True).start()
        t0 = time.time()
        code, r, err = probe_cli(dbcert, f"127.0.0.1:{silent.getsockname()[1]}", "--timeout", "1")
        took = time.time() - t0
        check(f"silent socket, --timeout 1: timeout after {took:.1f}s, exit 1",
              code == 1 and error_code(r) == "timeout" and 0.9 <= took < 5, f"exit {code} {r} after {took:.1f}s")
        silent.close()
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    failed = RESULTS.count(False)
    print(f"\nprobe real-server run took {time.time() - started:.0f}s")
    print(f"{RESULTS.count(True)} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
