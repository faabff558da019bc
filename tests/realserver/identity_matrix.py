#!/usr/bin/env python3
"""Client certificates against a real MariaDB (issue 24, part 3): accounts made with REQUIRE X509
and REQUIRE SUBJECT '…' AND ISSUER '…', and every runnable client connecting with the code
`dbcert snippet … --cert FILE --key FILE` (or `--keystore FILE` for the Java drivers) generates for
it, run as generated (VERIFY_IDENTITY to 127.0.0.1, or the verifying mode the snippet names when it
cannot express that one).

The server (harness.Server: require_secure_transport=ON, ssl_ca = the test root CA) gets two
accounts:

  x509user  REQUIRE X509
  subjuser  REQUIRE SUBJECT '<subject>' AND ISSUER '<issuer>', both written by
            `dbcert advise --provider mariadb --client-cert client.pem --json` (the advisor's
            statement, in the form the server compares byte for byte)

The certificates are made with openssl at test time: `client` (issued by the test root, the CA in
the server's ssl_ca), `wrong-subject` (the same root, another subject) and `other-ca` (issued by an
unrelated CA, with the right subject). The clients present what dbcert writes from them: the Java
drivers the PKCS#12 keystore (`dbcert convert CERT KEY --to pkcs12`), the others one PEM file of
the certificate and its key (`--to pem --include-key --no-encrypt-key`), named by both `--cert`
and `--key`, except sqlx (built with rustls and with native-tls, as matrix.py builds it), which is
given openssl's certificate and PKCS#8 key files: native-tls takes only a key file that begins
with its PKCS#8 block (the sqlx snippet's note says so); the printout says so.

Cases, each a separate run of the row's generated code:

  x509 + identity        x509user with the client certificate      connects over TLS
  subject + identity     subjuser with the client certificate      connects over TLS
  x509, no identity      x509user, the snippet without --cert      refused
  x509, other CA         x509user with the other CA's certificate  refused
  subject, wrong subject subjuser with the wrong-subject one       refused

A row whose snippet says the client cannot present a client certificate (option_not_expressible)
is expected to be refused in every case. Prints the client x case matrix (expected vs observed)
and exits 1 on any difference. Usage: identity_matrix.py --root REPO [--dbcert PATH] [--only
ROW,...] [--verbose]   (stdlib only; installs its clients through harness.py)
"""

import concurrent.futures
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import matrix  # noqa: E402

HOST = "127.0.0.1"
KEYSTORE_PASSWORD = "kspass-1"
X509_USER = "x509user"
SUBJECT_USER = "subjuser"
# A subject with several attributes, so that the form the server compares is exercised beyond a
# lone CN.
SUBJECT = "/C=DE/ST=Berlin/O=dbcert test/OU=clients/CN=dbcert client"
WRONG_SUBJECT = "/C=DE/ST=Berlin/O=dbcert test/OU=clients/CN=someone else"

CASES = [
    # (label, user, identity: client | wrong-subject | other-ca | None, expected)
    ("x509 + identity", X509_USER, "client", "tls"),
    ("subject + identity", SUBJECT_USER, "client", "tls"),
    ("x509, no identity", X509_USER, None, "fail"),
    ("x509, other CA", X509_USER, "other-ca", "fail"),
    ("subject, wrong subject", SUBJECT_USER, "wrong-subject", "fail"),
]


def make_identities(certs, d, dbcert):
    """Client certificates and keys made with openssl, and what dbcert writes from them: the PKCS#12
    keystore (`dbcert convert CERT KEY --to pkcs12`) and one PEM file of both (`--to pem
    --include-key --no-encrypt-key`)."""
    p = lambda n: os.path.join(d, n)  # noqa: E731
    ext = p("client-ext.cnf")
    with open(ext, "w") as f:
        f.write("[client]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
    for name, subject, ca in [("client", SUBJECT, "root"), ("wrong-subject", WRONG_SUBJECT, "root"),
                              ("other-ca", SUBJECT, "other")]:
        harness.sh(["openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", p(f"{name}.key"),
                    "-out", p(f"{name}.csr"), "-subj", subject])
        harness.sh(["openssl", "x509", "-req", "-in", p(f"{name}.csr"), "-CA", certs(f"{ca}.pem"),
                    "-CAkey", certs(f"{ca}.key"), "-CAcreateserial", "-out", p(f"{name}.pem"), "-days", "30",
                    "-extfile", ext, "-extensions", "client"])
        harness.sh([dbcert, "convert", p(f"{name}.pem"), p(f"{name}.key"), "--to", "pkcs12", "--alias", name,
                    "-o", p(f"{name}.p12"), "--out-password", KEYSTORE_PASSWORD])
        harness.sh([dbcert, "convert", p(f"{name}.pem"), p(f"{name}.key"), "--to", "pem", "--include-key",
                    "--no-encrypt-key", "-o", p(f"{name}.identity.pem")])
    return p


def rows(r, jars, sqlx):
    """(label, client id, extra `dbcert snippet` args, runner, identity form: pem | p12)."""
    cj, mj = jars["connectorj"], jars["mariadbj"]
    mariadb = ["--client-version", "10.11"]
    return [
        # sqlx with native-tls needs the key in a file of its own that begins with the PKCS#8
        # block (its snippet's note): openssl's certificate and key files ("pem-files").
        *[(f"sqlx ({backend})", "sqlx", ["--client-version", "0.8"], matrix.sqlx_runner(exe), "pem-files")
          for backend, exe in sqlx.items()],
        ("mariadb-cli", "mariadb-cli", mariadb, r.shell, "pem"),
        ("my-cnf (mariadb)", "my-cnf", ["--server-flavor", "mariadb", *mariadb], r.my_cnf, "pem"),
        ("pymysql", "pymysql", [], lambda c: r.python(c), "pem"),
        ("pymysql 1.1.2", "pymysql", ["--client-version", "1.1.2"], lambda c: r.python(c, "venv-pymysql11"), "pem"),
        ("mysql-connector-python", "mysql-connector-python", ["--client-version", "9.1.0"], lambda c: r.python(c),
         "pem"),
        ("mysqlclient (MariaDB C)", "mysqlclient", ["--client-library", "mariadb"], lambda c: r.python(c), "pem"),
        ("sqlalchemy", "sqlalchemy", [], lambda c: r.python(c, sqlalchemy=True), "pem"),
        ("mysql2", "mysql2", ["--client-version", harness.MYSQL2], r.node, "pem"),
        ("go-sql-driver", "go-sql-driver", ["--client-version", harness.GO_DRIVER], r.go, "pem"),
        ("php-pdo", "php-pdo", ["--client-version", "8.2"], r.php, "pem"),
        ("jdbc", "jdbc", ["--client-version", harness.CONNECTOR_J], lambda c: r.java(c, cj), "p12"),
        ("jdbc-datasource", "jdbc-datasource", ["--client-version", harness.CONNECTOR_J],
         lambda c: r.java(c, cj), "p12"),
        ("spring-boot", "spring-boot", ["--client-version", harness.CONNECTOR_J], lambda c: r.spring(c, cj), "p12"),
        ("mariadb-jdbc", "mariadb-jdbc", ["--client-version", harness.MARIADB_J], lambda c: r.java(c, mj), "p12"),
    ]


def snippet(dbcert, row, port, user, identity, certs, ids, mode="VERIFY_IDENTITY"):
    """The row's `dbcert snippet --json` for `user` with the identity named (or none), in `mode`,
    or in the verifying mode the snippet names when it cannot express it: (mode, snippet)."""
    _, client, extra, _, form = row
    cmd = [dbcert, "snippet", "--client", client, "--mode", mode, "--host", HOST, "--port", str(port),
           "--user", user, "--database", harness.DATABASE, "--json", *extra]
    if form == "p12":
        cmd += ["--truststore", certs("root.p12"), "--truststore-password", "changeit"]
    else:
        cmd += ["--ca", certs("root.pem")]
    if identity is not None:
        if form == "p12":
            cmd += ["--keystore", ids(f"{identity}.p12"), "--keystore-type", "pkcs12",
                    "--keystore-password", KEYSTORE_PASSWORD]
        elif form == "pem-files":
            cmd += ["--cert", ids(f"{identity}.pem"), "--key", ids(f"{identity}.key")]
        else:
            # The one file dbcert wrote (certificate, then key) for both, as `--ssl-cert` and
            # `--ssl-key` may name the same file.
            cmd += ["--cert", ids(f"{identity}.identity.pem"), "--key", ids(f"{identity}.identity.pem")]
    p = harness.sh(cmd, check=False)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"dbcert snippet failed: {' '.join(cmd)}\n{p.stderr}")
    s = json.loads(p.stdout)
    if not s["supported"]:
        if s["alternative"] in ("VERIFY_CA", "VERIFY_IDENTITY"):
            return s["alternative"], s
        if mode == "VERIFY_IDENTITY":
            # The version cannot enforce TLS (PyMySQL before 1.2.0): its PREFERRED code, which
            # uses TLS with a server that has it, still presents the certificate.
            return snippet(dbcert, row, port, user, identity, certs, ids, "PREFERRED")
        raise RuntimeError(f"{client}: neither VERIFY_IDENTITY nor {mode} is expressible")
    return mode, s


def cannot(s):
    return any(w["code"] == "option_not_expressible" and "cannot present a client certificate" in w["message"]
               for w in s["warnings"])


def run_row(dbcert, row, port, certs, ids, verbose):
    label, _, _, runner, _ = row
    cells, lines, failures = [], [], []
    for case, user, identity, expect in CASES:
        try:
            mode, s = snippet(dbcert, row, port, user, identity, certs, ids)
        except Exception as e:  # a harness error fails that cell, not the run
            cells.append("ERROR")
            failures.append(f"{label} / {case}")
            lines.append(f"  {label} / {case}: ERROR {e}")
            continue
        code = s["code"].replace("<password>", harness.PASSWORD)
        unused = [w["code"] for w in s["warnings"] if w["code"] in ("identity_unused", "identity_incomplete",
                                                                     "identity_not_pem", "keystore_needed")]
        says_no = cannot(s)
        if says_no:
            expect = "fail"
        ok, info = runner(code)
        observed = "tls" if ok and info else "plain" if ok else "fail"
        good = observed == expect and not (identity is not None and unused)
        mark = "ok" if observed == "tls" else "x" if observed == "fail" else "PLAIN"
        cells.append(f"{mark}{'' if good else ' WRONG'}")
        line = f"  {label} / {case} ({mode}): expected {expect}, observed {observed}"
        if unused and identity is not None:
            line += f"; unexpected warnings {unused}"
        if says_no:
            line += "; the snippet says the client cannot present a client certificate"
        if not good:
            failures.append(f"{label} / {case}")
            line += "  <-- WRONG"
        if not ok and (verbose or not good):
            line += "\n      " + info.replace("\n", "\n      ")[:500]
        lines.append(line)
    harness.log("\n".join(lines))
    return label, cells, failures


def main():
    a, root, dbcert, work = harness.matrix_args("comma-separated row labels (prefixes)")
    started = time.time()
    jars = harness.ensure_tools(work)
    tmp = tempfile.mkdtemp(prefix="dbcert-identity-matrix-")
    server = None
    failures = []
    try:
        certs = harness.make_certs(tmp, dbcert)
        ids_dir = os.path.join(tmp, "ids")
        os.makedirs(ids_dir)
        ids = make_identities(certs, ids_dir, dbcert)
        # The advisor writes the REQUIRE SUBJECT … AND ISSUER … statement from the certificate.
        advice = json.loads(harness.sh([dbcert, "advise", "--provider", "mariadb", "--server-version", "10.11",
                                        "--client-cert", ids("client.pem"), "--json"]).stdout)
        cc = advice["clientCertificates"]
        statement = next(s["command"] for s in cc["steps"] if s["id"] == "require_subject")
        harness.log(f"dbcert advise: subject {cc['subject']!r}, issuer {cc['issuer']!r}")
        openssl = harness.sh(["openssl", "x509", "-in", ids("client.pem"), "-noout", "-subject", "-issuer",
                              "-nameopt", "compat"]).stdout.split("\n")
        harness.log("openssl x509 -nameopt compat: " + "; ".join(l for l in openssl if l))
        server = harness.Server(tmp, "tls", True, certs)
        server.start()
        account = statement.replace("'<user>'@'%'", f"'{SUBJECT_USER}'@'%'")
        harness.sh(["mariadb", "--no-defaults", "-S", server.sock, "-uroot", "-e",
                    f"CREATE USER '{X509_USER}'@'%' IDENTIFIED BY '{harness.PASSWORD}' REQUIRE X509; "
                    f"CREATE USER '{SUBJECT_USER}'@'%' IDENTIFIED BY '{harness.PASSWORD}'; "
                    f"{account} "
                    f"GRANT ALL ON {harness.DATABASE}.* TO '{X509_USER}'@'%'; "
                    f"GRANT ALL ON {harness.DATABASE}.* TO '{SUBJECT_USER}'@'%';"])
        harness.log(f"accounts: {X509_USER} REQUIRE X509; {account}")
        harness.log("Java rows present the PKCS#12 keystore `dbcert convert CERT KEY --to pkcs12` wrote, sqlx "
                    "openssl's certificate and PKCS#8 key files, the others the PEM file `dbcert convert CERT KEY "
                    "--to pem --include-key --no-encrypt-key` wrote")
        r = harness.Runners(work, tmp, jars)
        # sqlx is a crate: tests/realserver/sqlx built with each TLS backend (as matrix.py does).
        wants_sqlx = not a.only or any(w.startswith("sqlx") for w in a.only.split(","))
        all_rows = rows(r, jars, matrix.build_sqlx(root, work) if wants_sqlx else {})
        if a.only:
            want = a.only.split(",")
            all_rows = [x for x in all_rows if any(x[0].startswith(w) for w in want)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            done = list(pool.map(lambda row: run_row(dbcert, row, server.port, certs, ids, a.verbose), all_rows))
        labels = [c[0] for c in CASES]
        w0 = max(len(d[0]) for d in done) if done else 10
        widths = [max(len(l), *(len(d[1][i]) for d in done)) for i, l in enumerate(labels)]
        harness.log("\nclient x case (ok = connected over TLS; x = refused; expected: the first two connect, "
                    "the others are refused; WRONG = not as expected)")
        harness.log(" | ".join([" " * w0] + [l.ljust(w) for l, w in zip(labels, widths)]))
        for label, cells, f in done:
            harness.log(" | ".join([label.ljust(w0)] + [c.ljust(w) for c, w in zip(cells, widths)]))
            failures += f
        total = len(done) * len(CASES)
        harness.log(f"\n{total - len(failures)} of {total} cells as expected; took {time.time() - started:.0f}s")
        if failures:
            harness.log("wrong: " + ", ".join(failures))
    finally:
        if server:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
