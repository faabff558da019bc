#!/usr/bin/env python3
"""The real-client matrix of issue 23, observed side: each chain of tests/data/stack-chains served
in turn by a real MariaDB, every runnable client of harness.py connecting with its generated
snippet (`dbcert snippet ... --json`, run as generated) in VERIFY_CA and VERIFY_IDENTITY.

Beside each observed cell it sets dbcert's prediction for that client at the version installed here
(predict.py: `dbcert verify CHAIN --ca CA --host HOST --json --client ID@VERSION`), prints the
chain x client matrix per mode, predicted vs observed, writes every cell (prediction, connected or
the client's own error text) to target/realserver/matrix.json, and exits 1 on any cell where the
prediction (connects / refuses / unknown) is not what the client did.

The chains name db.dbcert.test and dbcert.test: the run re-executes itself in a private mount
namespace (`unshare -m`) where /etc/hosts is a bind-mounted copy that also maps those names to
127.0.0.1; nothing outside the run sees them. One MariaDB serves every chain: the chain and key
files are replaced and `FLUSH SSL` reloads them (checked with `openssl s_client -starttls mysql`).
The server runs at OpenSSL security level 0 (`--ssl-cipher=DEFAULT:@SECLEVEL=0`) so that it can
serve a 1024-bit key and a SHA-1 chain at all; the clients keep their own settings.

Usage: matrix.py --root REPO [--dbcert PATH] [--only CLIENT,...] [--chains NAME,...]   (stdlib only)
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import predict  # noqa: E402

MODES = ["VERIFY_CA", "VERIFY_IDENTITY"]
NAMES = ["db.dbcert.test", "dbcert.test"]
NS_ENV = "DBCERT_MATRIX_NAMESPACE"


def enter_namespace():
    """Re-runs this script under `unshare -m` with the test names in a private /etc/hosts."""
    if os.environ.get(NS_ENV) == "1":
        return
    if not shutil.which("unshare"):
        raise SystemExit("unshare (util-linux) is missing: apt-get install -y util-linux")
    os.execvp("unshare", ["unshare", "-m", "--", "env", f"{NS_ENV}=1", sys.executable, *sys.argv])


def bind_hosts(tmp):
    hosts = os.path.join(tmp, "hosts")
    with open("/etc/hosts") as f:
        text = f.read()
    with open(hosts, "w") as f:
        f.write(text.rstrip("\n") + "\n" + "".join(f"127.0.0.1 {n}\n" for n in NAMES))
    r = subprocess.run(["mount", "--bind", hosts, "/etc/hosts"], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"could not bind-mount a private /etc/hosts (run as root): {r.stderr.strip()}")


def served_fingerprint(port):
    """SHA-256 fingerprint of the leaf the server sends, via openssl s_client -starttls mysql."""
    p = subprocess.run(["openssl", "s_client", "-starttls", "mysql", "-connect", f"127.0.0.1:{port}"],
                       input="", capture_output=True, text=True, timeout=30)
    pem = p.stdout[p.stdout.find("-----BEGIN CERTIFICATE-----"):p.stdout.find("-----END CERTIFICATE-----") + 25]
    f = subprocess.run(["openssl", "x509", "-noout", "-fingerprint", "-sha256"], input=pem, capture_output=True,
                       text=True)
    return f.stdout.strip().split("=")[-1]


def leaf_fingerprint(path):
    f = subprocess.run(["openssl", "x509", "-in", path, "-noout", "-fingerprint", "-sha256"], capture_output=True,
                       text=True, check=True)
    return f.stdout.strip().split("=")[-1]


def short(err):
    """The client's own error on one line: Java's last `Caused by:`, PHP's uncaught exception, else
    the last line that names an error (a traceback's frames and a runner's noise left out)."""
    import re
    lines = [l.strip() for l in err.strip().splitlines() if l.strip()]
    keep = [l for l in lines if not re.match(r"(at |File |#\d|\.\.\. \d+ more|raise |Enter password:|\^)", l)]
    for pattern in (r"^Caused by: ", r"Uncaught \w+Exception", r"(?i)error|exception|failed|refused|x509:"):
        hits = [l for l in keep if re.search(pattern, l)]
        if hits:
            return hits[-1][-300:]
    return (keep or lines or [""])[-1][-300:]


SQLX_BACKENDS = ("rustls", "native-tls")


def build_sqlx(root, work):
    """tests/realserver/sqlx built once per TLS backend, in one target directory (so that tokio and
    the rest are compiled once); returns {backend: executable}."""
    src = os.path.join(root, "tests", "realserver", "sqlx")
    target = os.path.join(work, "sqlx-target")
    out = {}
    for backend in SQLX_BACKENDS:
        exe = os.path.join(work, f"dbcert-sqlx-runner-{backend}")
        harness.log(f"cargo build sqlx runner ({backend})")
        harness.sh(["cargo", "build", "--release", "--locked", "--features", backend, "--manifest-path",
                    os.path.join(src, "Cargo.toml")], timeout=3600, env={**os.environ, "CARGO_TARGET_DIR": target})
        shutil.copy(os.path.join(target, "release", "dbcert-sqlx-runner"), exe)
        out[backend] = exe
    return out


def sqlx_runner(exe):
    """Runs dbcert's sqlx snippet: its builder calls' values, given to the prebuilt program."""
    import re

    def run(code):
        def arg(method):
            m = re.search(r"\." + method + r"\(([^)]*)\)", code)
            return m.group(1).strip().strip('"') if m else None
        mode = re.search(r"MySqlSslMode::(\w+)", code)
        argv = [exe, arg("host"), arg("port"), arg("username"), arg("password"), arg("database"),
                mode.group(1) if mode else "Preferred"]
        if arg("ssl_ca") or arg("ssl_client_cert"):
            argv.append(arg("ssl_ca") or "")
        if arg("ssl_client_cert"):
            argv += [arg("ssl_client_cert"), arg("ssl_client_key")]
        return harness.run_proc(argv)
    return run


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.getcwd())
    ap.add_argument("--dbcert")
    ap.add_argument("--only", help="comma-separated row names or client ids")
    ap.add_argument("--chains", help="comma-separated chain names")
    a = ap.parse_args()
    enter_namespace()
    root = os.path.abspath(a.root)
    dbcert = a.dbcert or os.path.join(root, "target", "debug", "dbcert")
    work = os.path.join(root, "target", "realserver")
    os.makedirs(work, exist_ok=True)
    started = time.time()
    jars = harness.ensure_tools(work)
    tmp = tempfile.mkdtemp(prefix="dbcert-matrix-")
    bind_hosts(tmp)
    server = None
    try:
        chains_dir = os.path.join(tmp, "chains")
        subprocess.run([os.path.join(root, "tests", "data", "stack-chains", "make.sh"), chains_dir], check=True)
        chains = [l.split() for l in open(os.path.join(chains_dir, "chains.txt")) if l.strip()]
        if a.chains:
            chains = [c for c in chains if c[0] in a.chains.split(",")]
        srv_dir = os.path.join(tmp, "served")
        os.makedirs(srv_dir)
        # The server starts with the baseline chain; each chain then replaces these two files.
        shutil.copy(os.path.join(chains_dir, "baseline.chain.pem"), os.path.join(srv_dir, "server-chain.pem"))
        shutil.copy(os.path.join(chains_dir, "baseline.key"), os.path.join(srv_dir, "server.key"))
        shutil.copy(os.path.join(chains_dir, "baseline.ca.pem"), os.path.join(srv_dir, "root.pem"))
        server = harness.Server(tmp, "tls", True, lambda n: os.path.join(srv_dir, n),
                                extra_args=["--ssl-cipher=DEFAULT:@SECLEVEL=0"])
        server.start()
        r = harness.Runners(work, tmp, jars)
        rows = harness.clients(r, jars)
        if not a.only or any(w.startswith("sqlx") for w in a.only.split(",")):
            for backend, exe in build_sqlx(root, work).items():
                rows.append((f"sqlx ({backend})", "sqlx", [], sqlx_runner(exe), "pem"))
        if a.only:
            want = set(a.only.split(","))
            rows = [x for x in rows if x[0] in want or x[1] in want]
        versions = predict.installed(work, root)
        refs = {row[0]: predict.ref(row[0], versions) for row in rows}
        harness.log("predicted as " + ", ".join(f"{k} = {v}" for k, v in refs.items()))
        cells, predicted = {}, {}

        def compared(name, label, mode):
            """The prediction a cell is held to: the mode its snippet implements (a client that
            cannot express the mode gets the nearest safe one, which is what runs)."""
            ran = cells[(name, label, mode)]["snippet_mode"]
            return (name, label, ran if ran in MODES else mode)
        for name, host in chains:
            t0 = time.time()
            shutil.copy(os.path.join(chains_dir, f"{name}.chain.pem"), os.path.join(srv_dir, "server-chain.pem"))
            shutil.copy(os.path.join(chains_dir, f"{name}.key"), os.path.join(srv_dir, "server.key"))
            harness.sh(["mariadb", "--no-defaults", "-S", server.sock, "-uroot", "-e", "FLUSH SSL"])
            want_fp = leaf_fingerprint(os.path.join(chains_dir, f"{name}.chain.pem"))
            got_fp = served_fingerprint(server.port)
            if got_fp != want_fp:
                raise RuntimeError(f"{name}: the server sends {got_fp or 'nothing'}, not the chain's leaf {want_fp}")
            cadir = os.path.join(tmp, "ca-" + name)
            os.makedirs(cadir)
            shutil.copy(os.path.join(chains_dir, f"{name}.ca.pem"), os.path.join(cadir, "ca.pem"))
            for kind, ext in (("jks", "jks"), ("pkcs12", "p12")):
                harness.sh([dbcert, "convert", os.path.join(cadir, "ca.pem"), "--to", kind, "-o",
                            os.path.join(cadir, f"ca.{ext}"), "--out-password", "changeit"])
            certs = lambda n, d=cadir: os.path.join(d, n)  # noqa: E731
            verdicts = predict.predict(dbcert, os.path.join(chains_dir, f"{name}.chain.pem"),
                                       os.path.join(cadir, "ca.pem"), host, list(refs.values()))
            for label, r in refs.items():
                for mode in MODES:
                    predicted[(name, label, mode)] = verdicts[(r, mode)]

            def run_row(row, host=host, certs=certs):
                label, client, extra, runner, ca_kind = row
                out = {}
                for mode in MODES:
                    s = harness.generate(dbcert, client, mode, host, server.port, extra, ca_kind, "ca", certs)
                    effective = mode if s["supported"] else s["alternative"]
                    if effective is None and s.get("code"):
                        # The mode cannot be enforced (e.g. PyMySQL < 1.2 falls back to plaintext
                        # when the server has no TLS), but the code still checks a TLS server's chain.
                        effective = mode
                    if effective not in MODES:
                        out[mode] = {"snippet_mode": effective, "connected": None, "error": "not expressible"}
                        continue
                    if effective != mode:
                        s = harness.generate(dbcert, client, effective, host, server.port, extra, ca_kind, "ca", certs)
                    ok, info = runner(s["code"].replace("<password>", harness.PASSWORD))
                    out[mode] = {"snippet_mode": effective, "connected": bool(ok and info),
                                 "error": None if ok and info else short(info)}
                return label, out

            with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
                for label, out in pool.map(run_row, rows):
                    for mode, cell in out.items():
                        cells[(name, label, mode)] = cell
            off = [k for k in cells if k[0] == name and not predict.agrees(predicted[compared(*k)], cells[k])]
            harness.log(f"{name} ({host}): {len(rows)} clients x {len(MODES)} modes in {time.time() - t0:.0f}s, "
                        f"{len(off)} not as predicted" + "".join(f"\n  {k[1]} {k[2]}" for k in off))
        labels = [row[0] for row in rows]
        w = max(len(c[0]) for c in chains)
        for mode in MODES:
            harness.log(f"\n== {mode}, predicted vs observed (ok = connects; x = refuses; ? = unknown; "
                        f"- = not run; PRED/OBS! = they differ; * = the snippet implements the other mode, "
                        f"whose prediction the cell is held to)")
            harness.log(" " * w + " | " + " | ".join(labels))
            for name, _ in chains:
                row = []
                for label in labels:
                    obs = cells[(name, label, mode)]
                    mark = predict.cell(predicted[compared(name, label, mode)], obs)
                    if obs["snippet_mode"] != mode:
                        mark += "*"
                    row.append(mark.ljust(len(label)))
                harness.log(name.ljust(w) + " | " + " | ".join(row))
        refusals = [(k, v) for k, v in cells.items() if v["connected"] is False]
        harness.log("\n== each refusal's own error")
        for (name, label, mode), v in refusals:
            harness.log(f"{name} / {label} / {mode}: {v['error']}")
        differ = [k for k in cells if not predict.agrees(predicted[compared(*k)], cells[k])]
        harness.log(f"\n== cells where the prediction differs: {len(differ)}")
        for k in differ:
            p, o = predicted[compared(*k)], cells[k]
            harness.log(f"{' / '.join(k)}: predicted {p['verdict']} ({refs[k[1]]}, {p['profile'] or '-'}: "
                        f"{p['reason']}); observed {'connected' if o['connected'] else o['error']}")
        doc = [{"chain": n, "host": h, "client": label, "as": refs[label], "mode": m,
                "predicted": {k: predicted[compared(n, label, m)][k] for k in ("verdict", "profile", "codes", "reason")},
                **cells[(n, label, m)]}
               for n, h in chains for label in labels for m in MODES]
        path = os.path.join(work, "matrix.json")
        json.dump(doc, open(path, "w"), indent=1)
        harness.log(f"\n{len(doc) - len(differ)} of {len(doc)} cells ({len(chains)} chains x {len(labels)} clients "
                    f"x {len(MODES)} modes) as predicted -> {os.path.relpath(path, root)}; matrix run took "
                    f"{time.time() - started:.0f}s")
    finally:
        if server:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
