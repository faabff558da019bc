#!/usr/bin/env python3
"""Revocation against a real MariaDB (issue 25): the server serves a revoked or a good certificate
in turn, and every runnable client connects with the code `dbcert snippet --crl FILE` (or
`--crl-path DIR`) generates for it, run as generated (VERIFY_IDENTITY to 127.0.0.1): the CRL
options of the clients that have them, the revocation code of those that need code (Go), the JDK
properties of the Java drivers, and the ordinary verifying settings of the clients whose snippet
says they cannot check a CRL.

Scenarios (certificates and CRLs made by crates/dbcert-core/tests/data/crl/make.sh OUTDIR, with the
CRLs dated around now and the certificates' CRL distribution points on a local HTTP server):

  good                     a leaf on no CRL; every CA's CRL given
  revoked-leaf             the leaf is on its CA's CRL (keyCompromise)
  revoked-intermediate     the intermediate is on the root's CRL (cACompromise)
  no-crl-for-intermediate  only the leaf's CRL is given: OpenSSL's CRL_CHECK_ALL wants one per CA
  expired-crl              the leaf's CA's only CRL is past its nextUpdate
  ec-good                  an EC hierarchy, no certificate revoked; the root's CRL is v1
  ec-revoked               the same, the leaf revoked on an ECDSA-signed CRL
  root-in-crl-file         the CA file names an unrelated CA and the CRL file holds the real root
                           with the CRLs: the C clients load the CRL file into their trust store
                           (X509_STORE_load_locations), so its certificate is trusted

The reference is real OpenSSL, in the two ways clients hold CRLs:

  store     `openssl verify -CAfile <CA file + CRL file> -crl_check_all`: one X509_STORE holding
            both files, with the flags the mysql and MariaDB clients set for --ssl-crl (and
            Python's ssl for load_verify_locations + VERIFY_CRL_CHECK_CHAIN)
  separate  `openssl verify -CAfile <CA file> -CRLfile <CRL file> -crl_check_all`: the CRLs are
            only CRLs (the Go code, and the JDK fetching each certificate's distribution point,
            served here over HTTP with the scenario's CRLs)
  none      `openssl verify -CAfile <CA file>`: the clients that cannot check a CRL

Each client row is one of those kinds and must connect exactly when its reference says OK, and
exactly when dbcert's prediction for that kind says the chain is valid: `dbcert verify CHAIN --host
127.0.0.1` with the store's files as `--ca` and `--crl` (store), `--ca CA --crl CRL` (separate),
or `--ca CA` alone (none). A "none" row's snippet must carry the warning that the client cannot
check a CRL, and the other rows' must not.

Prints a scenario x client matrix and writes every cell to target/realserver/crl-matrix.json.
Exits 1 on any cell that differs from OpenSSL or from dbcert, but for the known differences
(KNOWN, each refused with its stated error). Usage: crl_matrix.py --root REPO [--dbcert PATH]
[--only ROW,...]   (stdlib only; installs its clients through harness.py)
"""

import argparse
import concurrent.futures
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

HOST = "127.0.0.1"

# name, the CA file's certificate, leaf, intermediate, the CRL file's parts (make.sh names).
SCENARIOS = [
    ("good", "rsa-root", "rsa-good", "rsa-int", ["rsa-root.crl.pem", "rsa-int.crl.pem"]),
    ("revoked-leaf", "rsa-root", "rsa-revoked", "rsa-int", ["rsa-root.crl.pem", "rsa-int.crl.pem"]),
    ("revoked-intermediate", "rsa-root", "rsa-under-revoked-int", "rsa-revoked-int",
     ["rsa-root.crl.pem", "rsa-revoked-int.crl.pem"]),
    ("no-crl-for-intermediate", "rsa-root", "rsa-good", "rsa-int", ["rsa-int.crl.pem"]),
    ("expired-crl", "rsa-root", "rsa-good", "rsa-int", ["rsa-root.crl.pem", "rsa-int-expired.crl.pem"]),
    ("ec-good", "ec-root", "ec-good", "ec-int", ["ec-root.crl.pem", "ec-int.crl.pem"]),
    ("ec-revoked", "ec-root", "ec-revoked", "ec-int", ["ec-root.crl.pem", "ec-int.crl.pem"]),
    ("root-in-crl-file", "ec-root", "rsa-good", "rsa-int", ["rsa-root.pem", "rsa-root.crl.pem", "rsa-int.crl.pem"]),
]


def crl_issuer(path):
    """The certificate name (make.sh's) of a CRL's issuer, from its file name."""
    base = os.path.basename(path).split(".")[0]
    for suffix in ("-expired", "-notyet", "-idp", "-badsig", "-delta"):
        base = base.removesuffix(suffix)
    return base


class CrlServer:
    """Serves the current scenario's CRLs (DER) at /<issuer>.crl on 127.0.0.1, as the
    certificates' CRL distribution points say."""

    def __init__(self, port):
        self.dir = tempfile.mkdtemp(prefix="dbcert-crldp-")
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=self.dir)
        self.httpd = http.server.ThreadingHTTPServer((HOST, port), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def publish(self, crl_paths):
        for f in os.listdir(self.dir):
            os.remove(os.path.join(self.dir, f))
        for p in crl_paths:
            if not p.endswith(".crl.pem"):
                continue
            harness.sh(["openssl", "crl", "-in", p, "-outform", "DER", "-out",
                        os.path.join(self.dir, crl_issuer(p) + ".crl")])

    def stop(self):
        self.httpd.shutdown()
        shutil.rmtree(self.dir, ignore_errors=True)


def openssl_reference(kind, sd, d, leaf, inter):
    """`openssl verify` for a row kind (see the module's doc): (ok, error text)."""
    ca, crl = os.path.join(sd, "ca.pem"), os.path.join(sd, "crls.pem")
    args = ["openssl", "verify", "-untrusted", os.path.join(d, f"{inter}.pem"), "-purpose", "sslserver"]
    if kind == "store":
        args += ["-CAfile", os.path.join(sd, "store.pem"), "-crl_check_all"]
    elif kind == "separate":
        args += ["-CAfile", ca, "-CRLfile", crl, "-crl_check_all"]
    else:
        args += ["-CAfile", ca]
    p = subprocess.run(args + [os.path.join(d, f"{leaf}.pem")], capture_output=True, text=True)
    errors = [l for l in p.stderr.splitlines() if l.startswith("error ") and " depth lookup" in l]
    return p.returncode == 0, (errors[-1] if errors else p.stderr.strip()[-200:])


KINDS = ("store", "separate", "none")

# Cells known to differ from their kind's reference, each with the error that must explain it:
# Go's x509.ParseRevocationList reads v2 CRLs only, and make.sh's EC root CRL is v1 (the Go
# snippet warns `crl_v1_unreadable`).
KNOWN = {(scenario, row): "x509: unsupported crl version"
         for scenario in ("ec-good", "ec-revoked")
         for row in ("go-sql-driver VerifyConnection", "go-sql-driver VerifyConnection dir")}


def dbcert_prediction(dbcert, kind, sd, chain):
    """dbcert's verdict for a row kind (see the module's doc): `dbcert verify CHAIN --host
    127.0.0.1 --json` with `--ca` and `--crl` given as the client holds them: the CA file and the
    CRL file in one store (store), the CA file and the CRLs (separate), the CA file alone (none).
    Returns (valid, error codes)."""
    ca, crl = os.path.join(sd, "ca.pem"), os.path.join(sd, "crls.pem")
    args = [dbcert, "verify", chain, "--host", HOST, "--json"]
    if kind == "store":
        args += ["--ca", os.path.join(sd, "store.pem"), "--crl", crl]
    elif kind == "separate":
        args += ["--ca", ca, "--crl", crl]
    else:
        args += ["--ca", ca]
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode not in (0, 1, 3):
        raise RuntimeError(f"{' '.join(args)}: exit {p.returncode}: {p.stderr.strip()}")
    report = json.loads(p.stdout)
    return report["valid"], sorted({f["code"] for f in report.get("errors", [])})


# ---------------------------------------------------------------------------------------------
# Client rows: (label, client id, extra `dbcert snippet` args, runner, kind, CRL form, CA form).
# Every row runs the code `dbcert snippet --crl FILE` (or `--crl-path DIR`) generates for it, as
# generated; kind (KINDS) is how the client holds CRLs, and a "none" row's snippet must say that
# the client cannot check one.


def rows(r, jars):
    cj, mj = jars["connectorj"], jars["mariadbj"]
    mariadb = ["--client-version", "10.11"]
    return [
        ("mariadb-cli --ssl-crl", "mariadb-cli", mariadb, r.shell, "store", "file", "pem"),
        ("mariadb-cli --ssl-crlpath", "mariadb-cli", mariadb, r.shell, "store", "dir", "pem"),
        ("my.cnf ssl-crl (mariadb)", "my-cnf", ["--server-flavor", "mariadb", *mariadb], r.my_cnf, "store",
         "file", "pem"),
        ("mysqlclient (MariaDB C) read_default_file", "mysqlclient", ["--client-library", "mariadb"],
         lambda c: r.python(with_option_file(c)), "store", "file", "pem"),
        ("pymysql ssl=SSLContext", "pymysql", [], lambda c: r.python(c), "store", "file", "pem"),
        ("pymysql ssl=SSLContext capath", "pymysql", [], lambda c: r.python(c), "store", "dir", "pem"),
        ("sqlalchemy+pymysql SSLContext", "sqlalchemy", [], lambda c: r.python(c, sqlalchemy=True), "store",
         "file", "pem"),
        ("go-sql-driver VerifyConnection", "go-sql-driver", ["--client-version", harness.GO_DRIVER], r.go,
         "separate", "file", "pem"),
        ("go-sql-driver VerifyConnection dir", "go-sql-driver", ["--client-version", harness.GO_DRIVER], r.go,
         "separate", "dir", "pem"),
        ("jdbc (Connector/J) CRLDP", "jdbc", ["--client-version", harness.CONNECTOR_J], lambda c: r.java(c, cj),
         "separate", "file", "p12"),
        ("mariadb-jdbc CRLDP", "mariadb-jdbc", ["--client-version", harness.MARIADB_J], lambda c: r.java(c, mj),
         "separate", "file", "pem"),
        ("mysql2 (no CRL option)", "mysql2", ["--client-version", harness.MYSQL2], r.node, "none", "file", "pem"),
        ("mysql-connector-python (no CRL option)", "mysql-connector-python", ["--client-version", "9.1.0"],
         lambda c: r.python(c), "none", "file", "pem"),
        ("php-pdo (no CRL option)", "php-pdo", ["--client-version", "8.2"], r.php, "none", "file", "pem"),
    ]


def with_option_file(code):
    """mysqlclient's snippet names an option file in comments (`# PATH:` then `#   [client]`,
    `#   ssl-crl=…`): writes it as told, and returns the code."""
    lines = code.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("# ") and line.endswith(".cnf:"):
            body = []
            for l in lines[i + 1:]:
                if not l.startswith("#   "):
                    break
                body.append(l[4:])
            with open(line[2:-1], "w") as f:
                f.write("\n".join(body) + "\n")
    return code


def snippet(dbcert, row, port, files):
    """The row's `dbcert snippet --json` with the scenario's CA and CRL files."""
    _, client, extra, _, kind, crl_form, ca_form = row
    args = [*extra, "--crl" if crl_form == "file" else "--crl-path", files["crl" if crl_form == "file" else "crl_dir"]]
    if ca_form == "p12":
        args += ["--truststore", files["ca_p12"], "--truststore-password", "changeit"]
    s = harness.generate(dbcert, client, "VERIFY_IDENTITY", HOST, port, args, "pem" if ca_form == "pem" else None,
                         "ca" if ca_form == "pem" else None, lambda n: files["ca"])
    says_no = any(w["code"] == "option_not_expressible" and "cannot check a certificate revocation list" in w["message"]
                  for w in s["warnings"])
    if says_no != (kind == "none"):
        raise RuntimeError(f"{client}: the snippet {'says' if says_no else 'does not say'} it cannot check a CRL, "
                           f"but the row is of kind {kind}")
    return s


# ---------------------------------------------------------------------------------------------


def served_fingerprint(port):
    """SHA-256 fingerprint of the leaf the server sends (openssl s_client -starttls mysql)."""
    p = subprocess.run(["openssl", "s_client", "-starttls", "mysql", "-connect", f"{HOST}:{port}"],
                       input="", capture_output=True, text=True, timeout=30)
    start = p.stdout.find("-----BEGIN CERTIFICATE-----")
    end = p.stdout.find("-----END CERTIFICATE-----") + 25
    f = subprocess.run(["openssl", "x509", "-noout", "-fingerprint", "-sha256"], input=p.stdout[start:end],
                       capture_output=True, text=True)
    return f.stdout.strip()


def short(err):
    """The client's own error on one line: the deepest cause, without runner noise."""
    import re
    noise = re.compile(r"(at |\.\.\. \d+ more|exit status \d+|\(Background on this error|Traceback|File \"|thrown in )")
    lines = [l.strip() for l in err.strip().splitlines() if l.strip() and not noise.match(l.strip())]
    hits = [l for l in lines if re.search(r"(?i)error|exception|revoked|crl|x509", l)]
    return ((hits or lines or [""])[-1])[-240:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.getcwd())
    ap.add_argument("--dbcert")
    ap.add_argument("--only", help="comma-separated row labels (prefixes)")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    dbcert = a.dbcert or os.path.join(root, "target", "debug", "dbcert")
    work = os.path.join(root, "target", "realserver")
    os.makedirs(work, exist_ok=True)
    started = time.time()
    jars = harness.ensure_tools(work)
    tmp = tempfile.mkdtemp(prefix="dbcert-crl-matrix-")
    server = crl_server = None
    failures = []
    try:
        crl_port = harness.free_port()
        crl_server = CrlServer(crl_port)
        d = os.path.join(tmp, "crl")
        harness.sh([os.path.join(root, "crates/dbcert-core/tests/data/crl/make.sh"), d],
                   env={**os.environ, "CRL_URL_BASE": f"http://{HOST}:{crl_port}"})
        srv = os.path.join(tmp, "served")
        os.makedirs(srv)

        def serve(leaf, inter, root_name):
            with open(os.path.join(srv, "server-chain.pem"), "w") as f:
                f.write(open(os.path.join(d, f"{leaf}.pem")).read() + open(os.path.join(d, f"{inter}.pem")).read())
            shutil.copy(os.path.join(d, f"{leaf}.key"), os.path.join(srv, "server.key"))
            shutil.copy(os.path.join(d, f"{root_name}.pem"), os.path.join(srv, "root.pem"))

        serve("rsa-good", "rsa-int", "rsa-root")
        server = harness.Server(tmp, "tls", True, lambda n: os.path.join(srv, n))
        server.start()
        r = harness.Runners(work, tmp, jars)
        all_rows = rows(r, jars)
        if a.only:
            want = a.only.split(",")
            all_rows = [x for x in all_rows if any(x[0].startswith(w) for w in want)]
        cells = []
        for name, ca_name, leaf, inter, crls in SCENARIOS:
            t0 = time.time()
            root_name = "ec-root" if leaf.startswith("ec-") else "rsa-root"
            serve(leaf, inter, root_name)
            harness.sh(["mariadb", "--no-defaults", "-S", server.sock, "-uroot", "-e", "FLUSH SSL"])
            want_fp = subprocess.run(["openssl", "x509", "-in", os.path.join(d, f"{leaf}.pem"), "-noout",
                                      "-fingerprint", "-sha256"], capture_output=True, text=True).stdout.strip()
            if served_fingerprint(server.port) != want_fp:
                raise RuntimeError(f"{name}: the server does not send {leaf}")
            sd = os.path.join(tmp, "scenario-" + name)
            crl_dir = os.path.join(sd, "crls")
            os.makedirs(crl_dir)
            crl_file = os.path.join(sd, "crls.pem")
            with open(crl_file, "w") as out:
                for c in crls:
                    out.write(open(os.path.join(d, c)).read())
                    shutil.copy(os.path.join(d, c), crl_dir)
            harness.sh(["openssl", "rehash", crl_dir])
            ca = os.path.join(sd, "ca.pem")
            shutil.copy(os.path.join(d, f"{ca_name}.pem"), ca)
            ca_p12 = os.path.join(sd, "ca.p12")
            harness.sh([dbcert, "convert", ca, "--to", "pkcs12", "-o", ca_p12, "--out-password", "changeit"])
            chain = os.path.join(srv, "server-chain.pem")
            chain_copy = os.path.join(sd, "chain.pem")
            shutil.copy(chain, chain_copy)
            crl_server.publish([os.path.join(d, c) for c in crls])
            with open(os.path.join(sd, "store.pem"), "w") as f:
                f.write(open(ca).read() + open(crl_file).read())
            refs = {k: openssl_reference(k, sd, d, leaf, inter) for k in KINDS}
            predictions = {k: dbcert_prediction(dbcert, k, sd, chain_copy) for k in KINDS}
            harness.log(f"\n== {name}: " + "; ".join(
                f"{k}: openssl {'OK' if ok else err}, dbcert {'OK' if predictions[k][0] else predictions[k][1]}"
                for k, (ok, err) in refs.items()))
            files = {"ca": ca, "ca_p12": ca_p12, "crl": crl_file, "crl_dir": crl_dir, "port": server.port}

            def run(row, files=files):
                s = snippet(dbcert, row, server.port, files)
                ok, info = row[3](s["code"].replace("<password>", harness.PASSWORD))
                return row[0], row[4], bool(ok and info), None if ok and info else short(info)

            with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
                for label, kind, connected, error in pool.map(run, all_rows):
                    expected, ref_err = refs[kind]
                    predicted, codes = predictions[kind]
                    wrong = [who for who, v in (("openssl", expected), ("dbcert", predicted)) if v != connected]
                    known = KNOWN.get((name, label))
                    if known is not None:
                        # A known difference: refused, for the known reason (and nothing else).
                        wrong = [] if not connected and known in (error or "") else [f"the known difference ({known})"]
                    harness.log(f"  {label:<45} {'connected' if connected else 'refused'}"
                                f"{'  <-- WRONG, not what ' + ' and '.join(wrong) + ' say' if wrong else ''}"
                                f"{'' if connected else ': ' + (error or '')}")
                    cells.append({"scenario": name, "client": label, "kind": kind, "connected": connected,
                                  "error": error, "openssl": expected,
                                  "openssl_error": None if expected else ref_err,
                                  "dbcert": predicted, "dbcert_errors": codes})
                    if wrong:
                        failures.append(f"{name} / {label} ({' and '.join(wrong)})")
            harness.log(f"  ({time.time() - t0:.0f}s)")
        labels = [x[0] for x in all_rows]
        w = max(len(s[0]) for s in SCENARIOS)
        harness.log("\n== observed (ok = connected, x = refused; ! = not what openssl or dbcert says for the "
                    "row's kind)")
        harness.log(" " * w + " | " + " | ".join(f"{x[0]} [{x[4]}]" for x in all_rows))
        for name, *_ in SCENARIOS:
            row = [c for c in cells if c["scenario"] == name]
            marks = [("ok" if c["connected"] else "x") +
                     (" (known)" if (name, c["client"]) in KNOWN else
                      "" if c["connected"] == c["openssl"] == c["dbcert"] else " !") for c in row]
            harness.log(name.ljust(w) + " | " + " | ".join(
                m.ljust(len(x[0]) + len(x[4]) + 3) for m, x in zip(marks, all_rows)))
        path = os.path.join(work, "crl-matrix.json")
        json.dump(cells, open(path, "w"), indent=1)
        harness.log(f"\n{len(cells) - len(failures)} of {len(cells)} cells as expected -> "
                    f"{os.path.relpath(path, root)}; took {time.time() - started:.0f}s")
        if failures:
            harness.log("wrong: " + ", ".join(failures))
    finally:
        if server:
            server.stop()
        if crl_server:
            crl_server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
