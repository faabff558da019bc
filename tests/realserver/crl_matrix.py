#!/usr/bin/env python3
"""Revocation against a real MariaDB (issue 25), observed side: the server serves a revoked or a
good certificate in turn, and every runnable client connects with its CRL options (or, for the
clients that have none, with its ordinary verifying settings) and is refused or connects.

Scenarios (certificates and CRLs made by crates/dbcert-core/tests/data/crl/make.sh OUTDIR, with the
CRLs dated around now and the certificates' CRL distribution points on a local HTTP server):

  good                     a leaf on no CRL; every CA's CRL given
  revoked-leaf             the leaf is on its CA's CRL (keyCompromise)
  revoked-intermediate     the intermediate is on the root's CRL (cACompromise)
  no-crl-for-intermediate  only the leaf's CRL is given: OpenSSL's CRL_CHECK_ALL wants one per CA
  expired-crl              the leaf's CA's only CRL is past its nextUpdate
  ec-revoked               an EC hierarchy, the leaf revoked on an ECDSA-signed CRL
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

Each client row is one of those kinds and must connect exactly when its reference says OK.

`dbcert verify --crl` (the prediction) is run on each scenario when the build has it, and its
verdict printed beside OpenSSL's.

Prints a scenario x client matrix and writes every cell to target/realserver/crl-matrix.json.
Exits 1 on any cell that breaks its row's rule. Usage: crl_matrix.py --root REPO [--dbcert PATH]
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
        store = os.path.join(sd, "store.pem")
        with open(store, "w") as f:
            f.write(open(ca).read() + open(crl).read())
        args += ["-CAfile", store, "-crl_check_all"]
    elif kind == "separate":
        args += ["-CAfile", ca, "-CRLfile", crl, "-crl_check_all"]
    else:
        args += ["-CAfile", ca]
    p = subprocess.run(args + [os.path.join(d, f"{leaf}.pem")], capture_output=True, text=True)
    errors = [l for l in p.stderr.splitlines() if l.startswith("error ") and " depth lookup" in l]
    return p.returncode == 0, (errors[-1] if errors else p.stderr.strip()[-200:])


KINDS = ("store", "separate", "none")


def dbcert_prediction(dbcert, chain, ca, crl):
    """`dbcert verify CHAIN --ca CA --crl CRL --host 127.0.0.1 --json`: (valid, codes), or None when
    this build has no --crl."""
    p = subprocess.run([dbcert, "verify", chain, "--ca", ca, "--crl", crl, "--host", HOST, "--json"],
                       capture_output=True, text=True)
    if p.returncode == 2 and "--crl" in p.stderr:
        return None
    report = json.loads(p.stdout)
    return report["valid"], sorted({f["code"] for f in report.get("errors", [])})


# ---------------------------------------------------------------------------------------------
# Client rows: (label, kind, function(files) -> (ok, info)); kind: how the client holds CRLs
# (KINDS). `files` has ca, ca_p12, crl (PEM file), crl_dir (hashed directory) and port.


def py_ctx(ca, crl):
    """Python ssl, set up as the C clients set OpenSSL up with --ssl-crl."""
    return ("import ssl\n"
            f"ctx = ssl.create_default_context(cafile={ca!r})\n"
            f"ctx.load_verify_locations(cafile={crl!r})\n"
            "ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_CHAIN\n")


def rows(r, jars):
    pw, user, db = harness.PASSWORD, harness.USER, harness.DATABASE
    cj, mj = jars["connectorj"], jars["mariadbj"]

    def cli(option):
        def run(f):
            return r.shell(f"mariadb --no-defaults -h {HOST} -P {f['port']} -u {user} -p "
                           f"--ssl-ca={f['ca']} {option(f)} --ssl-verify-server-cert {db}")
        return run

    def my_cnf(f):
        return r.my_cnf(f"[client]\nhost={HOST}\nport={f['port']}\nuser={user}\npassword={pw}\n"
                        f"database={db}\nssl-ca={f['ca']}\nssl-crl={f['crl']}\nssl-verify-server-cert\n")

    def mysqlclient(f):
        cnf = r.file("crl.cnf", f"[client]\nssl-crl={f['crl']}\n")
        return r.python("import MySQLdb\n"
                        f"conn = MySQLdb.connect(host={HOST!r}, port={f['port']}, user={user!r}, "
                        f"password={pw!r}, database={db!r}, ssl_mode='VERIFY_IDENTITY', "
                        f"ssl={{'ca': {f['ca']!r}}}, read_default_file={cnf!r})\n")

    def pymysql(f):
        return r.python("import pymysql\n" + py_ctx(f["ca"], f["crl"]) +
                        f"conn = pymysql.connect(host={HOST!r}, port={f['port']}, user={user!r}, "
                        f"password={pw!r}, database={db!r}, ssl=ctx)\n")

    def sqlalchemy(f):
        return r.python("from sqlalchemy import create_engine\nfrom sqlalchemy.engine import URL\n" +
                        py_ctx(f["ca"], f["crl"]) +
                        f"url = URL.create('mysql+pymysql', username={user!r}, password={pw!r}, "
                        f"host={HOST!r}, port={f['port']}, database={db!r})\n"
                        "engine = create_engine(url, connect_args={'ssl': ctx})\n", sqlalchemy=True)

    def connector_python(f):
        return r.python("import mysql.connector\n"
                        f"conn = mysql.connector.connect(host={HOST!r}, port={f['port']}, user={user!r}, "
                        f"password={pw!r}, database={db!r}, ssl_ca={f['ca']!r}, ssl_verify_cert=True, "
                        "ssl_verify_identity=True)\n")

    def mysql2(f):
        return r.node("const fs = require('fs');\nconst mysql = require('mysql2/promise');\n"
                      f"function connect() {{ return mysql.createConnection({{ host: {json.dumps(HOST)}, "
                      f"port: {f['port']}, user: {json.dumps(user)}, password: {json.dumps(pw)}, "
                      f"database: {json.dumps(db)}, ssl: {{ ca: fs.readFileSync({json.dumps(f['ca'])}), "
                      f"crl: fs.readFileSync({json.dumps(f['crl'])}, 'utf8'), verifyIdentity: true }} }}); }}\n")

    def php(f):
        return r.php(f"<?php\n$pdo = new PDO('mysql:host={HOST};port={f['port']};dbname={db}', '{user}', "
                     f"'{pw}', [PDO::MYSQL_ATTR_SSL_CA => '{f['ca']}']);\n")

    def go(f):
        return r.go(GO_TEMPLATE.replace("@CA@", f["ca"]).replace("@CRL@", f["crl"])
                    .replace("@DSN@", f"{user}:{pw}@tcp({HOST}:{f['port']})/{db}?tls=crl"))

    jvm = ["-Dcom.sun.net.ssl.checkRevocation=true", "-Dcom.sun.security.enableCRLDP=true"]

    def jdbc(f):
        url = (f"jdbc:mysql://{HOST}:{f['port']}/{db}?sslMode=VERIFY_IDENTITY"
               f"&trustCertificateKeyStoreUrl=file:{f['ca_p12']}&trustCertificateKeyStoreType=PKCS12"
               "&trustCertificateKeyStorePassword=changeit")
        return java(r, url, cj, jvm)

    def mariadb_jdbc(f):
        url = f"jdbc:mariadb://{HOST}:{f['port']}/{db}?sslMode=verify-full&serverSslCert={f['ca']}"
        return java(r, url, mj, jvm)

    return [
        ("mariadb-cli --ssl-crl", "store", cli(lambda f: f"--ssl-crl={f['crl']}")),
        ("mariadb-cli --ssl-crlpath", "store", cli(lambda f: f"--ssl-crlpath={f['crl_dir']}")),
        ("my.cnf ssl-crl (mariadb)", "store", my_cnf),
        ("mysqlclient (MariaDB C) read_default_file", "store", mysqlclient),
        ("pymysql ssl=SSLContext", "store", pymysql),
        ("sqlalchemy+pymysql SSLContext", "store", sqlalchemy),
        ("go-sql-driver VerifyConnection", "separate", go),
        ("jdbc (Connector/J) CRLDP", "separate", jdbc),
        ("mariadb-jdbc CRLDP", "separate", mariadb_jdbc),
        ("mysql2 ssl.crl (ignored)", "none", mysql2),
        ("mysql-connector-python", "none", connector_python),
        ("php-pdo", "none", php),
    ]


def java(r, url, jar, jvm_flags):
    src = ("import java.sql.*;\n\npublic class Snippet {\n"
           "  public static void main(String[] args) {\n"
           f"    try (Connection conn = DriverManager.getConnection({json.dumps(url)}, "
           f"{json.dumps(harness.USER)}, {json.dumps(harness.PASSWORD)});\n"
           "         Statement st = conn.createStatement();\n"
           "         ResultSet rs = st.executeQuery(\"SHOW STATUS LIKE 'Ssl_cipher'\")) {\n"
           "      rs.next();\n      System.out.println(\"CIPHER=\" + rs.getString(2));\n"
           "    } catch (Exception e) {\n"
           "      for (Throwable t = e; t != null; t = t.getCause()) System.err.println(\"ERROR: \" + t);\n"
           "      System.exit(3);\n    }\n  }\n}\n")
    f = os.path.join(r.dir(), "Snippet.java")
    open(f, "w").write(src)
    return harness.run_proc(["java", *jvm_flags, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", jar, f])


# Go: crypto/tls has no CRL setting; the check is code, run by VerifyConnection after Go's own
# chain verification: every certificate of the verified chain but the root needs a CRL from its
# issuer that is signed by it and current, and must not be on it (OpenSSL's CRL_CHECK_ALL).
GO_TEMPLATE = r'''package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/go-sql-driver/mysql"
)

func loadCRLs(path string) ([]*x509.RevocationList, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var crls []*x509.RevocationList
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "X509 CRL" {
			continue
		}
		crl, err := x509.ParseRevocationList(block.Bytes)
		if err != nil {
			return nil, err
		}
		crls = append(crls, crl)
	}
	return crls, nil
}

func checkRevocation(chain []*x509.Certificate, crls []*x509.RevocationList) error {
	now := time.Now()
	for i := 0; i+1 < len(chain); i++ {
		cert, issuer := chain[i], chain[i+1]
		found := false
		for _, crl := range crls {
			if !bytes.Equal(crl.RawIssuer, issuer.RawSubject) || crl.CheckSignatureFrom(issuer) != nil {
				continue
			}
			if now.Before(crl.ThisUpdate) || (!crl.NextUpdate.IsZero() && now.After(crl.NextUpdate)) {
				return fmt.Errorf("the CRL of %s is not current", issuer.Subject)
			}
			found = true
			for _, entry := range crl.RevokedCertificateEntries {
				if entry.SerialNumber.Cmp(cert.SerialNumber) == 0 {
					return fmt.Errorf("certificate %s is revoked", cert.Subject)
				}
			}
		}
		if !found {
			return fmt.Errorf("no CRL from %s", issuer.Subject)
		}
	}
	return nil
}

func openDB() (*sql.DB, error) {
	pool := x509.NewCertPool()
	ca, err := os.ReadFile("@CA@")
	if err != nil {
		return nil, err
	}
	if !pool.AppendCertsFromPEM(ca) {
		return nil, errors.New("no CA certificate")
	}
	crls, err := loadCRLs("@CRL@")
	if err != nil {
		return nil, err
	}
	err = mysql.RegisterTLSConfig("crl", &tls.Config{
		RootCAs: pool,
		VerifyConnection: func(cs tls.ConnectionState) error {
			for _, chain := range cs.VerifiedChains {
				if err := checkRevocation(chain, crls); err != nil {
					return err
				}
			}
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	return sql.Open("mysql", "@DSN@")
}
'''


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
            refs = {k: openssl_reference(k, sd, d, leaf, inter) for k in KINDS}
            prediction = dbcert_prediction(dbcert, chain_copy, ca, crl_file)
            harness.log(f"\n== {name}: " + "; ".join(f"openssl ({k}): {'OK' if ok else err}"
                                                     for k, (ok, err) in refs.items()) +
                        f"; dbcert: {'(no --crl in this build)' if prediction is None else prediction}")
            files = {"ca": ca, "ca_p12": ca_p12, "crl": crl_file, "crl_dir": crl_dir, "port": server.port}

            def run(row, files=files):
                label, kind, fn = row
                ok, info = fn(files)
                return label, kind, bool(ok and info), None if ok and info else short(info)

            with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
                for label, kind, connected, error in pool.map(run, all_rows):
                    expected, ref_err = refs[kind]
                    good = connected == expected
                    harness.log(f"  {label:<45} {'connected' if connected else 'refused'}"
                                f"{'' if good else '  <-- WRONG, expected ' + ('connected' if expected else 'refused')}"
                                f"{'' if connected else ': ' + (error or '')}")
                    cells.append({"scenario": name, "client": label, "kind": kind, "connected": connected,
                                  "error": error, "openssl": expected,
                                  "openssl_error": None if expected else ref_err, "dbcert": prediction})
                    if not good:
                        failures.append(f"{name} / {label}")
            harness.log(f"  ({time.time() - t0:.0f}s)")
        labels = [x[0] for x in all_rows]
        w = max(len(s[0]) for s in SCENARIOS)
        harness.log("\n== observed (ok = connected, x = refused; ! = not what openssl says for the row's kind)")
        harness.log(" " * w + " | " + " | ".join(f"{label} [{kind}]" for label, kind, _ in all_rows))
        for name, *_ in SCENARIOS:
            row = [c for c in cells if c["scenario"] == name]
            marks = [("ok" if c["connected"] else "x") + ("" if c["connected"] == c["openssl"] else " !")
                     for c in row]
            harness.log(name.ljust(w) + " | " + " | ".join(
                m.ljust(len(label) + len(kind) + 3) for m, (label, kind, _) in zip(marks, all_rows)))
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
