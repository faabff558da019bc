#!/usr/bin/env python3
"""Real-server proof of `dbcert snippet` (issue 5).

Starts MariaDB twice on loopback (one with TLS and require_secure_transport=ON, one without TLS),
with a test CA -> intermediate -> server chain whose SAN holds localhost and 127.0.0.1, generates
each client's snippet with the built `dbcert snippet ... --json`, runs it as generated (only the
password placeholder filled) inside a tiny runner that prints `SHOW STATUS LIKE 'Ssl_cipher'`,
and checks that every snippet behaves as its mode promises:

  DISABLED         plaintext to the plain server; refused by the TLS-only server
  PREFERRED        TLS to the TLS server; plaintext to the plain server
  REQUIRED         TLS with no CA given; refuses the plain server
  VERIFY_CA        TLS with the CA; fails with an unrelated CA; passes by a name not in the SAN
                   (127.0.0.2); refuses the plain server
  VERIFY_IDENTITY  as VERIFY_CA, but fails by a name not in the SAN

A snippet that says `supported: false` is checked against the mode it implements instead
(`alternative`); with no alternative it is reported "not expressible". Prints a client x mode
matrix and exits 1 on any snippet that does not behave as promised.

Installs what it needs on a fresh Debian machine as root (apt, a venv and npm packages under
target/realserver, Maven Central jars, the Go module proxy), or fails with the command to run.
Stdlib only. Usage: harness.py --root REPO [--dbcert PATH] [--only CLIENT,...]
"""

import argparse
import concurrent.futures
import itertools
import json
import os
import pty
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

PASSWORD = "s3cret-Pw_1"
USER = "dbcert"
DATABASE = "dbcert_test"
CONNECTOR_J = "9.1.0"
MARIADB_J = "3.5.6"
GO_DRIVER = "v1.10.1"
MYSQL2 = "3.24.5"
PY_PACKAGES = ["pymysql==1.2.4", "mysql-connector-python==9.1.0", "mysqlclient==2.2.7", "sqlalchemy==2.0.43"]
PY_OLD = ["pymysql==1.1.2"]
APT = ["mariadb-server", "mariadb-client", "php-cli", "php-mysql", "libmariadb-dev",
       "libmariadb-dev-compat", "pkg-config", "build-essential", "openssl"]
MODES = ["DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"]
RUN_TIMEOUT = 90


def log(*a):
    print(*a, flush=True)


def sh(cmd, timeout=600, check=True, **kw):
    """Runs a command (list), bounded in time; returns CompletedProcess."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"timed out after {timeout}s: {' '.join(cmd)}")
    if check and p.returncode != 0:
        raise RuntimeError(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return p


# ---------------------------------------------------------------------------------------------
# Installation


def ensure_tools(work):
    missing = [t for t in ["mariadbd", "mariadb-install-db", "mariadb", "php", "openssl", "java",
                           "mvn", "go", "node", "npm", "mariadb_config"] if not shutil.which(t)]
    php_ok = shutil.which("php") and "pdo_mysql" in sh(["php", "-m"], check=False).stdout
    apt_needed = [t for t in missing if t not in ("java", "mvn", "go", "node", "npm")] or not php_ok
    if apt_needed:
        cmd = f"apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y {' '.join(APT)}"
        if os.geteuid() != 0:
            raise RuntimeError(f"missing {missing or ['php pdo_mysql']}; run as root: {cmd}")
        log(f"installing with apt: {' '.join(APT)}")
        sh(["bash", "-c", cmd], timeout=1200)
    for t in ["java", "mvn", "go", "node", "npm"]:
        if not shutil.which(t):
            raise RuntimeError(
                f"{t} is missing: install it (apt-get install -y default-jdk-headless maven golang nodejs npm)")
    # Python venvs.
    for name, pkgs in [("venv", PY_PACKAGES), ("venv-pymysql11", PY_OLD)]:
        venv = os.path.join(work, name)
        stamp = os.path.join(venv, "installed.txt")
        if not (os.path.exists(stamp) and open(stamp).read() == " ".join(pkgs)):
            log(f"pip install into {venv}: {' '.join(pkgs)}")
            sh([sys.executable, "-m", "venv", "--clear", venv])
            sh([os.path.join(venv, "bin", "pip"), "install", "-q", *pkgs], timeout=1200)
            open(stamp, "w").write(" ".join(pkgs))
    # Node.
    node = os.path.join(work, "node")
    os.makedirs(node, exist_ok=True)
    if not os.path.exists(os.path.join(node, "node_modules", "mysql2", "package.json")):
        log(f"npm install mysql2@{MYSQL2}")
        open(os.path.join(node, "package.json"), "w").write('{"name":"dbcert-realserver","private":true}\n')
        sh(["npm", "install", "--no-audit", "--no-fund", "--silent", f"mysql2@{MYSQL2}"], cwd=node, timeout=900)
    # Java jars from Maven Central.
    jars = {}
    m2 = os.path.expanduser("~/.m2/repository")
    for key, (g, a, v) in {"connectorj": ("com.mysql", "mysql-connector-j", CONNECTOR_J),
                           "mariadbj": ("org.mariadb.jdbc", "mariadb-java-client", MARIADB_J)}.items():
        jar = os.path.join(m2, *g.split("."), a, v, f"{a}-{v}.jar")
        if not os.path.exists(jar):
            log(f"mvn dependency:get {g}:{a}:{v}")
            sh(["mvn", "-q", "-B", "dependency:get", f"-Dartifact={g}:{a}:{v}", "-Dtransitive=false"], timeout=900)
        jars[key] = jar
    # Go module. Its go.mod names the installed Go's own language version, so that the
    # GODEBUG defaults of that release apply (rsa1024min, x509sha1, …), as in an application
    # built with it today (go.dev/doc/godebug: the defaults follow the main module's go line).
    godir = os.path.join(work, "go")
    os.makedirs(godir, exist_ok=True)
    goversion = sh(["go", "env", "GOVERSION"]).stdout.strip()
    gomod = "module dbcertrunner\n\ngo {}\n".format(".".join(goversion.removeprefix("go").split(".")[:2]))
    gomod_path = os.path.join(godir, "go.mod")
    current = open(gomod_path).read() if os.path.exists(gomod_path) else ""
    if not os.path.exists(os.path.join(godir, "go.sum")) or not current.startswith(gomod):
        log(f"go get github.com/go-sql-driver/mysql@{GO_DRIVER} ({goversion})")
        open(gomod_path, "w").write(gomod)
        sh(["go", "get", f"github.com/go-sql-driver/mysql@{GO_DRIVER}"], cwd=godir, timeout=900)
        # Warm the build cache so that each snippet builds in a second or two.
        sh(["go", "build", "github.com/go-sql-driver/mysql"], cwd=godir, timeout=900)
    return jars


# ---------------------------------------------------------------------------------------------
# Certificates


def make_certs(d, dbcert):
    def ossl(*args):
        sh(["openssl", *args])

    ext = os.path.join(d, "ext.cnf")
    open(ext, "w").write(
        "[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
        "[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n"
        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
    p = lambda n: os.path.join(d, n)  # noqa: E731
    for name, subj in [("root", "/CN=dbcert test root CA"), ("other", "/CN=dbcert unrelated CA")]:
        ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", p(f"{name}.key"), "-out", p(f"{name}.pem"),
             "-days", "30", "-subj", subj, "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    ossl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", p("int.key"), "-out", p("int.csr"),
         "-subj", "/CN=dbcert test intermediate CA")
    ossl("x509", "-req", "-in", p("int.csr"), "-CA", p("root.pem"), "-CAkey", p("root.key"), "-CAcreateserial",
         "-out", p("int.pem"), "-days", "30", "-extfile", ext, "-extensions", "ca")
    ossl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", p("server.key"), "-out", p("server.csr"),
         "-subj", "/CN=dbcert test server")
    ossl("x509", "-req", "-in", p("server.csr"), "-CA", p("int.pem"), "-CAkey", p("int.key"), "-CAcreateserial",
         "-out", p("server.pem"), "-days", "30", "-extfile", ext, "-extensions", "leaf")
    # The server sends its certificate and the intermediate; clients trust the root only.
    with open(p("server-chain.pem"), "w") as f:
        f.write(open(p("server.pem")).read() + open(p("int.pem")).read())
    # Java truststores, made by dbcert convert (issue 3). keytool -importcert is the fallback only
    # when the convert command is not in this build.
    for name in ["root", "other"]:
        for kind, ext_ in [("jks", "jks"), ("pkcs12", "p12")]:
            out = p(f"{name}.{ext_}")
            r = sh([dbcert, "convert", p(f"{name}.pem"), "--to", kind, "-o", out, "--out-password", "changeit"],
                   check=False)
            if r.returncode != 0:
                log(f"dbcert convert failed ({r.stderr.strip()}); using keytool for {out}")
                sh(["keytool", "-importcert", "-noprompt", "-alias", name, "-file", p(f"{name}.pem"),
                    "-keystore", out, "-storetype", kind.upper(), "-storepass", "changeit"])
    return p


# ---------------------------------------------------------------------------------------------
# Servers


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, base, name, tls, certs, extra_args=None):
        self.dir = os.path.join(base, name)
        self.extra_args = list(extra_args or [])
        self.port = free_port()
        self.sock = os.path.join(self.dir, "mysqld.sock")
        self.tls = tls
        self.certs = certs
        self.proc = None

    def start(self):
        data = os.path.join(self.dir, "data")
        os.makedirs(data)
        sh(["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--user=root",
            "--auth-root-authentication-method=socket", "--skip-test-db"], timeout=300)
        args = ["mariadbd", "--no-defaults", f"--datadir={data}", "--user=root", f"--port={self.port}",
                f"--socket={self.sock}", "--bind-address=127.0.0.1,127.0.0.2", f"--pid-file={self.dir}/pid",
                "--skip-name-resolve", "--innodb-buffer-pool-size=16M", "--max-connections=50",
                f"--log-error={self.dir}/error.log"]
        if self.tls:
            args += ["--require-secure-transport=ON", f"--ssl-ca={self.certs('root.pem')}",
                     f"--ssl-cert={self.certs('server-chain.pem')}", f"--ssl-key={self.certs('server.key')}"]
        else:
            args += ["--skip-ssl"]
        args += self.extra_args
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mariadbd exited: {open(self.dir + '/error.log').read()[-3000:]}")
            r = sh(["mariadb", "--no-defaults", "-S", self.sock, "-uroot", "-e", "SELECT 1"], check=False, timeout=10)
            if r.returncode == 0:
                break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"mariadbd did not start in 60s: {open(self.dir + '/error.log').read()[-3000:]}")
        sh(["mariadb", "--no-defaults", "-S", self.sock, "-uroot", "-e",
            f"CREATE USER '{USER}'@'%' IDENTIFIED BY '{PASSWORD}'; CREATE DATABASE {DATABASE}; "
            f"GRANT ALL ON {DATABASE}.* TO '{USER}'@'%';"])
        version = sh(["mariadb", "--no-defaults", "-S", self.sock, "-uroot", "-N", "-e", "SELECT VERSION()"]).stdout
        log(f"started MariaDB {version.strip()} on 127.0.0.1:{self.port} ({'TLS required' if self.tls else 'no TLS'})")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


# ---------------------------------------------------------------------------------------------
# Runners: each takes the snippet code (placeholders filled) and returns (ok, cipher or error).


def parse_cipher(out):
    for line in out.splitlines():
        if line.startswith("CIPHER="):
            return line[len("CIPHER="):].strip()
        if line.startswith("Ssl_cipher"):
            parts = line.split("\t")
            return parts[1].strip() if len(parts) > 1 else ""
    return None


def run_proc(cmd, cwd=None, env=None):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT, cwd=cwd, env=env)
    except subprocess.TimeoutExpired:
        return False, f"timed out after {RUN_TIMEOUT}s"
    c = parse_cipher(p.stdout)
    if p.returncode == 0 and c is not None:
        return True, c
    text = p.stderr.strip() or p.stdout.strip()
    if len(text) > 600:
        # A Java stack trace ends in frames: keep its exception and causes before the tail.
        causes = [l for l in text.splitlines() if l.startswith(("Exception in thread", "Caused by:"))]
        text = "\n".join([*(c[:300] for c in causes[-3:]), text[-600:]])
    return False, text


def run_pty(command, password):
    """Runs a shell command in a pseudo-terminal, typing the password at the prompt."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp("bash", ["bash", "-c", command])
    buf, sent, deadline = b"", False, time.time() + RUN_TIMEOUT
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            buf += data
            if not sent and b"password" in buf.lower():
                os.write(fd, (password + "\n").encode())
                sent = True
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    out = buf.decode(errors="replace").replace("\r", "")
    c = parse_cipher(out)
    if os.waitstatus_to_exitcode(status) == 0 and c is not None:
        return True, c
    return False, out.strip()[-600:]


class Runners:
    def __init__(self, work, tmp, jars):
        self.work, self.tmp, self.jars = work, tmp, jars
        self.counter = itertools.count()  # thread-safe: rows run in parallel

    def dir(self, under=None):
        d = os.path.join(under or self.tmp, f"run{next(self.counter):04d}")
        os.makedirs(d)
        return d

    def file(self, name, text):
        path = os.path.join(self.dir(), name)
        open(path, "w").write(text)
        return path

    def shell(self, code):
        q = "SHOW STATUS LIKE 'Ssl_cipher'"
        return run_pty(code.strip() + f' --batch --skip-column-names -e "{q}"', PASSWORD)

    def my_cnf(self, code):
        f = self.file("my.cnf", code)
        return run_proc(["mariadb", f"--defaults-file={f}", "--batch", "--skip-column-names",
                         "-e", "SHOW STATUS LIKE 'Ssl_cipher'"])

    def python(self, code, venv="venv", sqlalchemy=False):
        if sqlalchemy:
            tail = ("\nwith engine.connect() as c:\n"
                    "    row = c.exec_driver_sql(\"SHOW STATUS LIKE 'Ssl_cipher'\").fetchone()\n")
        else:
            tail = "\ncur = conn.cursor()\ncur.execute(\"SHOW STATUS LIKE 'Ssl_cipher'\")\nrow = cur.fetchone()\n"
        tail += "v = row[1]\nprint('CIPHER=' + (v.decode() if isinstance(v, bytes) else v))\n"
        f = self.file("snippet.py", code + tail)
        return run_proc([os.path.join(self.work, venv, "bin", "python"), f])

    def node(self, code):
        tail = ("\nconnect().then(async (c) => {\n  const [rows] = await c.query(\"SHOW STATUS LIKE 'Ssl_cipher'\");\n"
                "  console.log('CIPHER=' + rows[0].Value);\n  await c.end();\n"
                "}).catch((e) => { console.error(e.code + ': ' + e.message); process.exit(3); });\n")
        # A folder under node/ so that require() finds node/node_modules/mysql2.
        d = self.dir(os.path.join(self.work, "node", "runs"))
        f = os.path.join(d, "snippet.js")
        open(f, "w").write(code + tail)
        try:
            return run_proc(["node", f], cwd=d)
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def go(self, code):
        d = self.dir()
        for f in ("go.mod", "go.sum"):
            shutil.copy(os.path.join(self.work, "go", f), d)
        open(os.path.join(d, "snippet.go"), "w").write(code)
        open(os.path.join(d, "main.go"), "w").write(
            'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tdb, err := openDB()\n'
            '\tif err != nil {\n\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(3)\n\t}\n\tvar name, value string\n'
            '\tif err := db.QueryRow("SHOW STATUS LIKE \'Ssl_cipher\'").Scan(&name, &value); err != nil {\n'
            '\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(3)\n\t}\n\tfmt.Println("CIPHER=" + value)\n}\n')
        return run_proc(["go", "run", "."], cwd=d, env={**os.environ, "GOFLAGS": "-mod=mod"})

    def php(self, code):
        tail = ("\n$r = $pdo->query(\"SHOW STATUS LIKE 'Ssl_cipher'\")->fetch(PDO::FETCH_NUM);\n"
                "echo 'CIPHER=' . $r[1] . \"\\n\";\n")
        f = self.file("snippet.php", code + tail)
        return run_proc(["php", f])

    def java(self, code, jar):
        imports = [l for l in code.splitlines() if l.startswith("import ")]
        body = [l for l in code.splitlines() if not l.startswith("import ")]
        src = ("import java.sql.*;\n" + "\n".join(imports) + "\n\npublic class Snippet {\n"
               "  public static void main(String[] args) throws Exception {\n" + "\n".join(body) +
               "\n    try (Statement st = conn.createStatement();"
               " ResultSet rs = st.executeQuery(\"SHOW STATUS LIKE 'Ssl_cipher'\")) {\n"
               "      rs.next();\n      System.out.println(\"CIPHER=\" + rs.getString(2));\n    }\n"
               "    conn.close();\n  }\n}\n")
        f = os.path.join(self.dir(), "Snippet.java")
        open(f, "w").write(src)
        return run_proc(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", jar, f])

    def spring(self, code, jar):
        props = dict(l.split("=", 1) for l in code.splitlines() if "=" in l and not l.startswith("#"))
        url = props["spring.datasource.url"].replace("\\\\", "\\")
        java = ("import java.sql.Connection;\nimport java.sql.DriverManager;\n"
                f"Connection conn = DriverManager.getConnection({json.dumps(url)}, "
                f"{json.dumps(props['spring.datasource.username'])}, "
                f"{json.dumps(props['spring.datasource.password'])});\n")
        return self.java(java, jar)


# ---------------------------------------------------------------------------------------------
# The matrix


def clients(r, jars):
    """(row name, client id, extra CLI args, runner, CA kind) for every client that runs here."""
    cj, mj = jars["connectorj"], jars["mariadbj"]
    return [
        ("mariadb-cli", "mariadb-cli", ["--client-version", "10.11"], r.shell, "pem"),
        ("my-cnf (mariadb)", "my-cnf", ["--server-flavor", "mariadb", "--client-version", "10.11"], r.my_cnf, "pem"),
        ("pymysql", "pymysql", [], lambda c: r.python(c), "pem"),
        ("pymysql 1.1.2", "pymysql", ["--client-version", "1.1.2"], lambda c: r.python(c, "venv-pymysql11"), "pem"),
        ("mysql-connector-python", "mysql-connector-python", ["--client-version", "9.1.0"], lambda c: r.python(c), "pem"),
        ("mysqlclient (MariaDB C)", "mysqlclient", ["--client-library", "mariadb"], lambda c: r.python(c), "pem"),
        ("sqlalchemy", "sqlalchemy", [], lambda c: r.python(c, sqlalchemy=True), "pem"),
        ("mysql2", "mysql2", ["--client-version", MYSQL2], r.node, "pem"),
        ("go-sql-driver", "go-sql-driver", ["--client-version", GO_DRIVER], r.go, "pem"),
        ("php-pdo", "php-pdo", ["--client-version", "8.2"], r.php, "pem"),
        ("jdbc (JKS)", "jdbc", ["--client-version", CONNECTOR_J], lambda c: r.java(c, cj), "jks"),
        ("jdbc (PKCS#12)", "jdbc", ["--client-version", CONNECTOR_J], lambda c: r.java(c, cj), "p12"),
        ("jdbc-datasource", "jdbc-datasource", ["--client-version", CONNECTOR_J], lambda c: r.java(c, cj), "p12"),
        ("spring-boot", "spring-boot", ["--client-version", CONNECTOR_J], lambda c: r.spring(c, cj), "p12"),
        ("mariadb-jdbc", "mariadb-jdbc", ["--client-version", MARIADB_J], lambda c: r.java(c, mj), "pem"),
    ]


def generate(dbcert, client, mode, host, port, extra, ca_kind=None, ca_name=None, certs=None):
    cmd = [dbcert, "snippet", "--client", client, "--mode", mode, "--host", host, "--port", str(port),
           "--user", USER, "--database", DATABASE, "--json", *extra]
    if ca_name:
        if ca_kind == "pem":
            cmd += ["--ca", certs(f"{ca_name}.pem")]
        else:
            ext = {"jks": "jks", "p12": "p12"}[ca_kind]
            cmd += ["--truststore", certs(f"{ca_name}.{ext}"), "--truststore-password", "changeit"]
    p = sh(cmd, check=False)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"dbcert snippet failed: {' '.join(cmd)}\n{p.stderr}")
    s = json.loads(p.stdout)
    if (p.returncode == 0) != s["supported"]:
        raise RuntimeError(f"exit code {p.returncode} disagrees with supported={s['supported']}: {' '.join(cmd)}")
    return s


def run_mode(dbcert, row, mode, tls_srv, plain_srv, certs, verbose):
    name, client, extra, runner, ca_kind = row
    details, results = [], []

    def gen(host, port, ca):
        return generate(dbcert, client, mode, host, port, extra, ca_kind, ca, certs)

    def attempt(label, snippet, expect):
        code = snippet["code"].replace("<password>", PASSWORD)
        ok, info = runner(code)
        good = (ok and info != "") if expect == "tls" else (ok and info == "") if expect == "plain" else not ok
        results.append(good)
        got = f"cipher {info!r}" if ok else "error"
        line = f"    {label}: expected {expect}, got {got} -> {'ok' if good else 'WRONG'}"
        if not ok and (verbose or not good):
            line += "\n      " + info.replace("\n", "\n      ")[:500]
        details.append(line)

    base = gen("127.0.0.1", tls_srv.port, None)
    effective = mode if base["supported"] else base["alternative"]
    if effective is None:
        details.append(f"    not expressible: {base['warnings'][0]['message'] if base['warnings'] else ''}")
        return "not expressible", True, details
    needs_ca = effective in ("VERIFY_CA", "VERIFY_IDENTITY")
    good_ca = "root" if needs_ca else None
    s = gen("127.0.0.1", tls_srv.port, good_ca)
    if effective == "DISABLED":
        attempt("TLS-only server", s, "fail")
        attempt("plain server", gen("127.0.0.1", plain_srv.port, None), "plain")
    elif effective == "PREFERRED":
        attempt("TLS server", s, "tls")
        attempt("plain server", gen("127.0.0.1", plain_srv.port, None), "plain")
    elif effective == "REQUIRED":
        attempt("TLS server, no CA", s, "tls")
        attempt("plain server", gen("127.0.0.1", plain_srv.port, None), "fail")
    else:
        attempt("CA, 127.0.0.1 (in SAN)", s, "tls")
        attempt("unrelated CA", gen("127.0.0.1", tls_srv.port, "other"), "fail")
        attempt("127.0.0.2 (not in SAN)", gen("127.0.0.2", tls_srv.port, "root"),
                "tls" if effective == "VERIFY_CA" else "fail")
        attempt("plain server", gen("127.0.0.1", plain_srv.port, "root"), "fail")
    ok = all(results)
    if base["supported"]:
        cell = "passed" if ok else "FAILED"
    else:
        cell = f"n/e -> {effective} {'passed' if ok else 'FAILED'}"
    return cell, ok, details


def matrix_args(only_help, verbose=True):
    """The arguments of the matrix scripts (--root, --dbcert, --only, --verbose), read and
    checked: (args, root, dbcert, work), work being target/realserver (created)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.getcwd())
    ap.add_argument("--dbcert")
    ap.add_argument("--only", help=only_help)
    if verbose:
        ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    dbcert = a.dbcert or os.path.join(root, "target", "debug", "dbcert")
    if not os.path.exists(dbcert):
        raise SystemExit(f"{dbcert} not found: run `cargo build -p dbcert-cli` first")
    work = os.path.join(root, "target", "realserver")
    os.makedirs(work, exist_ok=True)
    return a, root, dbcert, work


def main():
    a, root, dbcert, work = matrix_args("comma-separated row names or client ids")
    started = time.time()
    jars = ensure_tools(work)
    log(f"tools ready in {time.time() - started:.0f}s")
    tmp = tempfile.mkdtemp(prefix="dbcert-realserver-")
    servers = []
    failures = 0
    try:
        certs = make_certs(tmp, dbcert)
        tls_srv = Server(tmp, "tls", True, certs)
        plain_srv = Server(tmp, "plain", False, certs)
        servers += [tls_srv, plain_srv]
        tls_srv.start()
        plain_srv.start()
        r = Runners(work, tmp, jars)
        rows = clients(r, jars)
        if a.only:
            want = set(a.only.split(","))
            rows = [x for x in rows if x[0] in want or x[1] in want]
        def run_row(row):
            lines, cells, failed = [], [], 0
            for mode in MODES:
                t0 = time.time()
                try:
                    cell, ok, details = run_mode(dbcert, row, mode, tls_srv, plain_srv, certs, a.verbose)
                except Exception as e:  # a harness error fails that cell, not the run
                    cell, ok, details = "ERROR", False, [f"    {e}", traceback.format_exc()]
                failed += 0 if ok else 1
                cells.append(cell)
                lines.append(f"{row[0]} {mode}: {cell} ({time.time() - t0:.1f}s)")
                if a.verbose or not ok:
                    lines += details
            log("\n".join(lines))
            return (row[0], cells), failed

        # Two workers: the machine has two cores and each run is mostly a process start.
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            done = list(pool.map(run_row, rows))
        matrix = [m for m, _ in done]
        failures = sum(f for _, f in done)
        w0 = max(len(n) for n, _ in matrix) if matrix else 10
        widths = [max(len(m), *(len(c[i]) for _, c in matrix)) for i, m in enumerate(MODES)]
        log("\nclient x mode (n/e = not expressible; the code then implements the named safer mode)")
        log(" | ".join([" " * w0] + [m.ljust(w) for m, w in zip(MODES, widths)]))
        for n, cells in matrix:
            log(" | ".join([n.ljust(w0)] + [c.ljust(w) for c, w in zip(cells, widths)]))
        total = len(matrix) * len(MODES)
        log(f"\n{total - failures} passed, {failures} failed")
        log(f"real-server run took {time.time() - started:.0f}s")
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
