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
exactly when dbcert's verdict for that client says it connects: `dbcert verify CHAIN --host
127.0.0.1 --crl CRL --json --client ID@VERSION ...` (predict.py: the client and version of the
core's table each row runs), in the mode its snippet runs (VERIFY_IDENTITY, or the alternative
the snippet names when it cannot: mysql2 to an IP address runs VERIFY_CA). The CA is given as
the client holds it: the CA file and the CRL file together (store rows; their certificates are
trusted) or the CA file alone; the CRLs are always given, and the verdict of a client that
cannot check them says so (it connects, with a `revocation_not_checked` caveat, on a revoked
chain). A "none" row's snippet must carry the warning that the client cannot check a CRL, and the
other rows' must not.

Prints the scenario x client matrix, predicted vs observed, and writes every cell to
target/realserver/crl-matrix.json. Exits 1 on any cell whose observation differs from dbcert's
verdict (an `unknown` verdict counts as a difference) or from OpenSSL, but for the known
differences from OpenSSL (KNOWN, each refused with its stated error). Usage: crl_matrix.py --root REPO [--dbcert PATH]
[--only ROW,...]   (stdlib only; installs its clients through harness.py)
"""

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
import predict  # noqa: E402

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

# Cells known to differ from their kind's OpenSSL reference, each with the error that must explain
# it: Go's x509.ParseRevocationList reads v2 CRLs only, and make.sh's EC root CRL is v1 (the Go
# snippet warns `crl_v1_unreadable`, and dbcert's verdict for go-sql-driver refuses,
# `profile::V1_CRL_REFUSED_BY`).
KNOWN = {(scenario, row): "x509: unsupported crl version"
         for scenario in ("ec-good", "ec-revoked")
         for row in ("go-sql-driver VerifyConnection", "go-sql-driver VerifyConnection dir")}


def predictions(dbcert, sd, chain, refs):
    """dbcert's verdicts for every client of the table the rows run (`refs`, `ID@VERSION`), with the
    scenario's CRLs, for both ways a client holds its CA: {"store": …, "ca": …}, each
    {(ref, mode): verdict} (predict.predict)."""
    crl = ["--crl", os.path.join(sd, "crls.pem")]
    return {held: predict.predict(dbcert, chain, os.path.join(sd, f"{held}.pem"), HOST, refs, crl)
            for held in ("store", "ca")}


# ---------------------------------------------------------------------------------------------
# Client rows: (label, client id, extra `dbcert snippet` args, runner, kind, CRL form, CA form,
# predict.py's row: which client and version of the core's table it is).
# Every row runs the code `dbcert snippet --crl FILE` (or `--crl-path DIR`) generates for it, as
# generated; kind (KINDS) is how the client holds CRLs, and a "none" row's snippet must say that
# the client cannot check one.


def rows(r, jars):
    cj, mj = jars["connectorj"], jars["mariadbj"]
    mariadb = ["--client-version", "10.11"]
    return [
        ("mariadb-cli --ssl-crl", "mariadb-cli", mariadb, r.shell, "store", "file", "pem", "mariadb-cli"),
        ("mariadb-cli --ssl-crlpath", "mariadb-cli", mariadb, r.shell, "store", "dir", "pem", "mariadb-cli"),
        ("my.cnf ssl-crl (mariadb)", "my-cnf", ["--server-flavor", "mariadb", *mariadb], r.my_cnf, "store",
         "file", "pem", "my-cnf (mariadb)"),
        ("mysqlclient (MariaDB C) read_default_file", "mysqlclient", ["--client-library", "mariadb"],
         lambda c: r.python(with_option_file(c)), "store", "file", "pem", "mysqlclient (MariaDB C)"),
        ("pymysql ssl=SSLContext", "pymysql", [], lambda c: r.python(c), "store", "file", "pem", "pymysql"),
        ("pymysql ssl=SSLContext capath", "pymysql", [], lambda c: r.python(c), "store", "dir", "pem",
         "pymysql"),
        ("sqlalchemy+pymysql SSLContext", "sqlalchemy", [], lambda c: r.python(c, sqlalchemy=True), "store",
         "file", "pem", "sqlalchemy"),
        ("go-sql-driver VerifyConnection", "go-sql-driver", ["--client-version", harness.GO_DRIVER], r.go,
         "separate", "file", "pem", "go-sql-driver"),
        ("go-sql-driver VerifyConnection dir", "go-sql-driver", ["--client-version", harness.GO_DRIVER], r.go,
         "separate", "dir", "pem", "go-sql-driver"),
        ("jdbc (Connector/J) CRLDP", "jdbc", ["--client-version", harness.CONNECTOR_J], lambda c: r.java(c, cj),
         "separate", "file", "p12", "jdbc (PKCS#12)"),
        ("mariadb-jdbc CRLDP", "mariadb-jdbc", ["--client-version", harness.MARIADB_J], lambda c: r.java(c, mj),
         "separate", "file", "pem", "mariadb-jdbc"),
        ("mysql2 (no CRL option)", "mysql2", ["--client-version", harness.MYSQL2], r.node, "none", "file", "pem", "mysql2"),
        ("mysql-connector-python (no CRL option)", "mysql-connector-python", ["--client-version", "9.1.0"],
         lambda c: r.python(c), "none", "file", "pem", "mysql-connector-python"),
        ("php-pdo (no CRL option)", "php-pdo", ["--client-version", "8.2"], r.php, "none", "file", "pem", "php-pdo"),
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


def snippet(dbcert, row, port, files, mode="VERIFY_IDENTITY"):
    """The row's `dbcert snippet --json` with the scenario's CA and CRL files, in `mode`, or in the
    alternative the snippet names when it cannot express `mode` (what runs): (mode, snippet)."""
    _, client, extra, _, kind, crl_form, ca_form, _ = row
    args = [*extra, "--crl" if crl_form == "file" else "--crl-path", files["crl" if crl_form == "file" else "crl_dir"]]
    if ca_form == "p12":
        args += ["--truststore", files["ca_p12"], "--truststore-password", "changeit"]
    s = harness.generate(dbcert, client, mode, HOST, port, args, "pem" if ca_form == "pem" else None,
                         "ca" if ca_form == "pem" else None, lambda n: files["ca"])
    if not s["supported"]:
        if s["alternative"] not in ("VERIFY_CA", "VERIFY_IDENTITY"):
            raise RuntimeError(f"{client}: {mode} is not expressible and the snippet names no verifying mode")
        return snippet(dbcert, row, port, files, s["alternative"])
    says_no = any(w["code"] == "option_not_expressible" and "cannot check a certificate revocation list" in w["message"]
                  for w in s["warnings"])
    if says_no != (kind == "none"):
        raise RuntimeError(f"{client}: the snippet {'says' if says_no else 'does not say'} it cannot check a CRL, "
                           f"but the row is of kind {kind}")
    return mode, s


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
    """The client's own error on one line: Java's last `Caused by:`, else the deepest cause,
    without runner noise."""
    import re
    causes = [l.strip() for l in err.splitlines() if l.startswith("Caused by: ")]
    if causes:
        return causes[-1][-240:]
    noise = re.compile(r"(at |\.\.\. \d+ more|exit status \d+|\(Background on this error|Traceback|File \"|thrown in )")
    lines = [l.strip() for l in err.strip().splitlines() if l.strip() and not noise.match(l.strip())]
    hits = [l for l in lines if re.search(r"(?i)error|exception|revoked|crl|x509", l)]
    return ((hits or lines or [""])[-1])[-240:]


def main():
    a, root, dbcert, work = harness.matrix_args("comma-separated row labels (prefixes)", verbose=False)
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
        versions = predict.installed(work, root)
        refs = {row[0]: predict.ref(row[7], versions) for row in all_rows}
        harness.log("predicted as " + ", ".join(f"{k} = {v}" for k, v in refs.items()))
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
            openssl = {k: openssl_reference(k, sd, d, leaf, inter) for k in KINDS}
            verdicts = predictions(dbcert, sd, chain_copy, list(refs.values()))
            harness.log(f"\n== {name}: openssl " + "; ".join(
                f"{k}: {'OK' if ok else err}" for k, (ok, err) in openssl.items()))
            files = {"ca": ca, "ca_p12": ca_p12, "crl": crl_file, "crl_dir": crl_dir, "port": server.port}

            def run(row, files=files):
                mode, s = snippet(dbcert, row, server.port, files)
                ok, info = row[3](s["code"].replace("<password>", harness.PASSWORD))
                return row, mode, bool(ok and info), None if ok and info else short(info)

            with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
                for row, mode, connected, error in pool.map(run, all_rows):
                    label, kind = row[0], row[4]
                    pred = verdicts["store" if kind == "store" else "ca"][(refs[label], mode)]
                    expected, ref_err = openssl[kind]
                    wrong = []
                    if not predict.agrees(pred, {"connected": connected}):
                        wrong.append(f"dbcert's verdict for {refs[label]} in {mode} ({pred['verdict']}: "
                                     f"{pred['reason']})")
                    known = KNOWN.get((name, label))
                    if known is not None:
                        # A known difference from OpenSSL: refused, for the known reason.
                        if connected or known not in (error or ""):
                            wrong.append(f"the known difference from openssl ({known})")
                    elif expected != connected:
                        wrong.append(f"openssl's reference for a {kind} row")
                    caveats = [c["code"] for c in pred.get("caveats", [])]
                    harness.log(f"  {label:<45} {mode:<15} predicted {pred['verdict']}"
                                f"{' (' + ', '.join(caveats) + ')' if caveats else ''}, "
                                f"{'connected' if connected else 'refused: ' + (error or '')}"
                                f"{'  <-- WRONG, not what ' + ' and '.join(wrong) + ' says' if wrong else ''}")
                    cells.append({"scenario": name, "client": label, "kind": kind, "as": refs[label], "mode": mode,
                                  "connected": connected, "error": error,
                                  "predicted": {k: pred[k] for k in ("verdict", "profile", "codes", "reason", "caveats")},
                                  "openssl": expected, "openssl_error": None if expected else ref_err})
                    if wrong:
                        failures.append(f"{name} / {label} ({' and '.join(wrong)})")
            harness.log(f"  ({time.time() - t0:.0f}s)")
        w = max(len(sc[0]) for sc in SCENARIOS)
        harness.log("\n== predicted vs observed (ok = connects; x = refuses; ? = unknown; PRED/OBS! = they "
                    "differ; ^ = connects with a caveat; * = run in VERIFY_CA, the mode the snippet names; "
                    "(known) = a known difference from openssl; !openssl = differs from openssl)")
        harness.log(" " * w + " | " + " | ".join(f"{x[0]} [{x[4]}]" for x in all_rows))
        for name, *_ in SCENARIOS:
            marks = []
            for c, x in zip([c for c in cells if c["scenario"] == name], all_rows):
                m = predict.cell(c["predicted"], c)
                if c["predicted"]["caveats"]:
                    m += "^"
                if c["mode"] != "VERIFY_IDENTITY":
                    m += "*"
                if (name, c["client"]) in KNOWN:
                    m += " (known)"
                elif c["connected"] != c["openssl"]:
                    m += " !openssl"
                marks.append(m.ljust(len(x[0]) + len(x[4]) + 3))
            harness.log(name.ljust(w) + " | " + " | ".join(marks))
        path = os.path.join(work, "crl-matrix.json")
        json.dump(cells, open(path, "w"), indent=1)
        harness.log(f"\n{len(cells) - len(failures)} of {len(cells)} cells as dbcert predicts for each client (and "
                    f"as openssl says for the row's kind) -> "
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
