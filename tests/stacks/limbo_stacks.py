#!/usr/bin/env python3
"""x509-limbo through the real TLS stacks of MySQL clients (issue 23).

Builds each stack harness under target/stacks/ (rebuilt only when its source changes), runs it on
every testcase of ../shared/corpus/x509-limbo/limbo.json.gz, writes one LimboResult JSON per
configuration to target/stacks/results/, and prints:

  1. each harness configured like upstream's reference harness against the reference results in
     x509-limbo/results/ (OpenSSL 3.0.19, Go, rustls-webpki): the agreement, and every case that
     differs (the harness must reproduce the reference before its client configuration is trusted);
  2. cross-checks between two ways of running the same stack (OpenSSL: X509_verify_cert set up as
     libssl does vs a real handshake against tests/stacks/tlsstub.py's flight);
  3. the verdict counts of every client configuration.

Usage: limbo_stacks.py [--root REPO] [--only NAME,...] [--limit N] [--cross-check]   (stdlib only;
needs gcc and libssl-dev, go, cargo, node, java with javac and mvn, and faketime)
"""

import argparse
import base64
import calendar
import concurrent.futures
import gzip
import hashlib
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tlsstub  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def log(*a):
    print(*a, flush=True)


def pem_der(pem):
    body = "".join(l for l in pem.strip().splitlines() if not l.startswith("-----"))
    return base64.b64decode(body)


def unix_time(rfc3339):
    if not rfc3339:
        return None
    s = rfc3339.replace("Z", "+00:00")
    main, _, tz = s.partition("+")
    t = calendar.timegm(time.strptime(main[:19], "%Y-%m-%dT%H:%M:%S"))
    return t


class Cases:
    """The limbo testcases, with what every harness needs precomputed once."""

    def __init__(self, path, limit=None):
        with gzip.open(path, "rt") as f:
            self.limbo = json.load(f)
        self.cases = self.limbo["testcases"][:limit] if limit else self.limbo["testcases"]
        now = time.time()
        for tc in self.cases:
            chain = [pem_der(tc["peer_certificate"])] + [pem_der(p) for p in tc["untrusted_intermediates"]]
            tc["_flight"] = tlsstub.flight(chain)
            tc["_time"] = unix_time(tc.get("validation_time"))
            tc["_time_sensitive"] = tc["_time"] is not None and self._time_sensitive(
                tc["_time"], now, chain + [pem_der(p) for p in tc["trusted_certs"]])

    @staticmethod
    def _time_sensitive(t, now, ders):
        """Whether some certificate of the case is valid at one of the validation time and now
        but not at the other (only then can a verdict taken now differ)."""
        try:
            return any((a <= t <= b) != (a <= now <= b) for a, b in map(tlsstub.validity, ders))
        except (IndexError, ValueError, UnicodeDecodeError):
            return True

    def skip_reason(self, tc):
        """Cases no TLS client meets: a client certificate check, an e-mail peer name."""
        if tc["validation_kind"] != "SERVER":
            return "CLIENT validation: a MySQL client verifies a server"
        peer = tc.get("expected_peer_name")
        if peer and peer["kind"] not in ("DNS", "IP"):
            return f"{peer['kind']} peer name: a MySQL client connects to a host name or an address"
        return None

    def write_jsonl(self, path, cases=None):
        """One testcase per line, the stub's flight in base64 as "flight" (Go, Java, Node)."""
        with open(path, "w") as f:
            for tc in self.cases if cases is None else cases:
                d = {k: v for k, v in tc.items() if not k.startswith("_") and k != "description"}
                d["flight"] = base64.b64encode(tc["_flight"]).decode()
                f.write(json.dumps(d) + "\n")

    def write_java_input(self, path, cases):
        """Tab-separated SERVER testcases for tests/stacks/java: id, peer name, flight, trusted DERs."""
        with open(path, "w") as f:
            for tc in cases:
                if self.skip_reason(tc):
                    continue
                peer = (tc.get("expected_peer_name") or {}).get("value") or "-"
                trusted = ",".join(base64.b64encode(pem_der(p)).decode() for p in tc["trusted_certs"])
                f.write("\t".join([tc["id"], peer, base64.b64encode(tc["_flight"]).decode(), trusted]) + "\n")

    def write_openssl_input(self, path):
        with open(path, "w") as f:
            for tc in self.cases:
                peer = tc.get("expected_peer_name") or {}
                kind = peer.get("kind", "-") if peer.get("kind") in ("DNS", "IP") else "-"
                name = peer.get("value", "-") if kind != "-" else "-"
                if not name or any(c.isspace() for c in name):
                    kind, name = "-", "-"
                crls = tc.get("crls") or []
                f.write(" ".join(["CASE", tc["id"], kind, name, str(tc["_time"]) if tc["_time"] is not None else "-",
                                  str(tc["max_chain_depth"]) if tc.get("max_chain_depth") is not None else "-",
                                  tc["extended_key_usage"][0] if len(tc["extended_key_usage"]) == 1 else "-",
                                  str(len(tc["trusted_certs"])), str(len(tc["untrusted_intermediates"])),
                                  str(len(crls)), tc["_flight"].hex()]) + "\n")
                for p in tc["trusted_certs"] + tc["untrusted_intermediates"] + [tc["peer_certificate"]] + crls:
                    f.write(p.strip() + "\n")


def sha(paths):
    h = hashlib.sha256()
    for p in paths:
        h.update(open(p, "rb").read())
    return h.hexdigest()[:16]


def build_openssl(work):
    src = os.path.join(HERE, "openssl", "limbo_openssl.c")
    out = os.path.join(work, "bin", "limbo_openssl-" + sha([src]))
    if not os.path.exists(out):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        log(f"building {out}")
        subprocess.run(["gcc", "-O2", "-Wall", "-o", out, src, "-lssl", "-lcrypto"], check=True)
    return out


GO_VERSIONS = ["installed", "go1.27.3"]  # go1.27.3: the reference results' Go, via GOTOOLCHAIN


def build_go(work, version, lang=None):
    """The Go harness built by the installed Go or by GOTOOLCHAIN=version (the module proxy's
    golang.org/toolchain); its go.mod names the same language version, so that the GODEBUG
    defaults (x509sha1, x509negativeserial, rsa1024min, ...) are that release's own, or `lang`
    (upstream's harness says `go 1.20`, so its results allow negative serials)."""
    src = os.path.join(HERE, "go", "main.go")
    env = dict(os.environ)
    if version != "installed":
        env["GOTOOLCHAIN"] = version
    v = subprocess.run(["go", "env", "GOVERSION"], capture_output=True, text=True, env=env, check=True).stdout.strip()
    lang = lang or ".".join(v.removeprefix("go").split(".")[:2])
    out = os.path.join(work, "bin", f"limbo_go-{v}-lang{lang}-" + sha([src]))
    if not os.path.exists(out):
        d = os.path.join(work, f"go-{v}-lang{lang}")
        os.makedirs(d, exist_ok=True)
        open(os.path.join(d, "go.mod"), "w").write(f"module limbostacks\n\ngo {lang}\n")
        open(os.path.join(d, "main.go"), "w").write(open(src).read())
        log(f"building {out} with {v}")
        subprocess.run(["go", "build", "-o", out, "."], cwd=d, env=env, check=True)
    return out, v


def run_lines(cmd, stdin_path, env=None, cwd=None, prefixed=False):
    """Runs a harness that prints id<TAB>RESULT<TAB>context lines; returns {id: (result, context)}
    (prefixed: config<TAB>id<TAB>..., returned as {(config, id): ...})."""
    with open(stdin_path, "rb") as f:
        p = subprocess.run(cmd, stdin=f, capture_output=True, text=True, env=env, cwd=cwd)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr[-2000:]}")
    out = {}
    for line in p.stdout.splitlines():
        parts = line.split("\t")
        if prefixed:
            parts = [(parts[0], parts[1])] + parts[2:]
        if len(parts) >= 2:
            out[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "")
    return out


def limbo_result(name, cases, got, skip=None):
    results = []
    for tc in cases.cases:
        reason = skip(tc) if skip else None
        if reason:
            results.append({"id": tc["id"], "actual_result": "SKIPPED", "context": reason})
        elif tc["id"] in got:
            r, c = got[tc["id"]]
            results.append({"id": tc["id"], "actual_result": r, "context": c or None})
        else:
            results.append({"id": tc["id"], "actual_result": "SKIPPED", "context": "harness gave no result"})
    return {"version": 1, "harness": name, "results": results}


def load_result(path):
    with gzip.open(path, "rt") if path.endswith(".gz") else open(path) as f:
        return {r["id"]: r for r in json.load(f)["results"]}


def agreement(a, b):
    """(agree, compared, differing ids) over the cases both evaluated."""
    agree, compared, diff = 0, 0, []
    for i, ra in a.items():
        rb = b.get(i)
        if not rb or "SKIPPED" in (ra["actual_result"], rb["actual_result"]):
            continue
        compared += 1
        if ra["actual_result"] == rb["actual_result"]:
            agree += 1
        else:
            diff.append(i)
    return agree, compared, diff


def pct(a, n):
    return f"{100.0 * a / n:.2f}%" if n else "n/a"


# Every configuration: name -> (harness, args, reference file or None, cross-check partner or None)
def openssl_configs():
    c = {"openssl-ref": ("openssl", ["--config", "ref"], "openssl-3.0.19.json.gz", None)}
    for lib in ("libmysqlclient", "mariadb-cc"):
        for lvl in (2, 1, 0):
            c[f"openssl-{lib}-sec{lvl}"] = ("openssl", ["--config", lib, "--seclevel", str(lvl), "--mode", "handshake"],
                                           None, None)
            c[f"openssl-{lib}-sec{lvl}-emulated"] = ("openssl", ["--config", lib, "--seclevel", str(lvl)], None,
                                                    f"openssl-{lib}-sec{lvl}")
    for prof, flags in (("default", ""), ("py313", "strict,partial"), ("py313-pymysql", "partial")):
        c[f"openssl-as-python-{prof}"] = ("openssl", ["--config", "python", "--flags", flags or "none", "--mode",
                                                      "handshake"], None, f"python-{prof}")
    # VERIFY_CA of libmysqlclient (no host), the baseline the other VERIFY_CA configurations are compared with.
    c["openssl-libmysqlclient-ca-sec2"] = ("openssl", ["--config", "libmysqlclient", "--no-host", "--seclevel", "2",
                                                      "--mode", "handshake"], None, None)
    for lvl in (1, 2):
        c[f"openssl-as-node-ca-sec{lvl}"] = ("openssl", ["--config", "python", "--no-host", "--seclevel", str(lvl),
                                                         "--mode", "handshake"], None, "node-mysql2-ca")
    return c


def go_configs():
    c = {}
    for v in GO_VERSIONS:
        tag = "" if v == "installed" else "-" + v
        c[f"go-ref{tag}"] = ("go", ["ref"], "gocryptox509-go1.27.3.json.gz" if v == "go1.27.3" else None, None, v)
        c[f"go-tls{tag}"] = ("go", ["handshake"], None, None, v)
        c[f"go-tls{tag}-verify"] = ("go", ["verify"], None, f"go-tls{tag}", v)
    return c


def python_configs():
    return {f"python-{p}": ("python", ["--profile", p], None, None, None)
            for p in ("default", "py313", "py313-pymysql")}


def node_configs():
    return {f"node-mysql2-{m}": ("node", [m], None, None, None) for m in ("identity", "ca")}


FAKETIME_LIB = next(iter(sorted(__import__("glob").glob("/usr/lib/*/faketime/libfaketime.so.1"))),
                    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


def run_by_time(cmd, cases, work, tag, writer=None, prefixed=False):
    """Runs a harness that cannot set the verification time: the cases whose certificates are
    valid or not alike at their validation time and now in one process, the few others (35)
    one process per validation_time with the clock set there by libfaketime (the "@" form:
    starts at that time and runs on)."""
    if not os.path.exists(FAKETIME_LIB):
        raise RuntimeError(f"{FAKETIME_LIB} missing: apt-get install -y faketime")
    groups = {}
    for tc in cases.cases:
        groups.setdefault(tc.get("validation_time") if tc["_time_sensitive"] else None, []).append(tc)
    got = {}
    for i, (t, tcs) in enumerate(sorted(groups.items(), key=lambda kv: kv[0] or "")):
        path = os.path.join(work, f"cases-{tag}-{i}.jsonl")
        (writer or cases.write_jsonl)(path, tcs)
        env = dict(os.environ)
        if t:
            env["LD_PRELOAD"] = FAKETIME_LIB
            env["FAKETIME"] = "@" + time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(unix_time(t)))
            env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
        got.update(run_lines(cmd, path, env=env, prefixed=prefixed))
        os.remove(path)
    return got


def build_rustls(work):
    """The rustls harness: its own cargo project (tests/stacks/rustls, its own workspace and lock
    file), built into target/stacks/rustls-target."""
    d = os.path.join(HERE, "rustls")
    target = os.path.join(work, "rustls-target")
    exe = os.path.join(target, "release", "dbcert-limbo-rustls")
    stamp = os.path.join(work, "bin", "rustls-" + sha([os.path.join(d, "Cargo.toml"), os.path.join(d, "Cargo.lock"),
                                                       os.path.join(d, "src", "main.rs")]))
    if not (os.path.exists(exe) and os.path.exists(stamp)):
        log(f"building {exe}")
        subprocess.run(["cargo", "build", "--release", "--locked", "--manifest-path", os.path.join(d, "Cargo.toml")],
                       env={**os.environ, "CARGO_TARGET_DIR": target}, check=True)
        os.makedirs(os.path.dirname(stamp), exist_ok=True)
        open(stamp, "w").write("")
    return exe


def rustls_configs():
    return {"rustls-ref": ("rustls", ["ref"], "rustls-webpki-0.103.13.json.gz", None, None),
            "rustls-verifier": ("rustls", ["verifier"], None, None, None)}


CONNECTOR_J = "9.1.0"  # the versions tests/realserver/harness.py runs
MARIADB_J = "3.5.6"
JAVA_CONFIGS = ["jdk", "mariadbj-identity", "connectorj", "connectorj-identity"]


def build_java(work):
    """Compiles tests/stacks/java against Connector/J and MariaDB Connector/J from Maven Central."""
    jars = []
    for g, a, v in (("com.mysql", "mysql-connector-j", CONNECTOR_J), ("org.mariadb.jdbc", "mariadb-java-client", MARIADB_J)):
        jar = os.path.expanduser(os.path.join("~/.m2/repository", *g.split("."), a, v, f"{a}-{v}.jar"))
        if not os.path.exists(jar):
            log(f"mvn dependency:get {g}:{a}:{v}")
            subprocess.run(["mvn", "-q", "-B", "dependency:get", f"-Dartifact={g}:{a}:{v}", "-Dtransitive=false"],
                           check=True)
        jars.append(jar)
    src = os.path.join(HERE, "java", "LimboJava.java")
    classes = os.path.join(work, "bin", "java-" + sha([src]))
    if not os.path.exists(os.path.join(classes, "LimboJava.class")):
        os.makedirs(classes, exist_ok=True)
        log(f"javac {src}")
        subprocess.run(["javac", "-cp", ":".join(jars), "-d", classes, src], check=True)
    return ["java", "-XX:+UseSerialGC", "-cp", ":".join([classes, *jars]), "LimboJava"]


JAVA_NAMES = {"jdk": "java-mariadbj-ca", "mariadbj-identity": "java-mariadbj-identity",
              "connectorj": "java-connectorj-ca", "connectorj-identity": "java-connectorj-identity"}


def java_configs():
    return {JAVA_NAMES[c]: ("java", [c], None, None, None) for c in JAVA_CONFIGS}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(HERE)))
    ap.add_argument("--only", help="comma-separated configuration names or prefixes")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--cross-check", action="store_true",
                    help="also run each stack a second way (OpenSSL emulated, OpenSSL set up as Python and as Node, "
                         "Go's verifyServerCertificate) and compare")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    corpus = os.path.join(os.path.dirname(root), "shared", "corpus", "x509-limbo")
    if not os.path.exists(corpus):
        corpus = os.path.join(root, "..", "shared", "corpus", "x509-limbo")
    work = os.path.join(root, "target", "stacks")
    os.makedirs(os.path.join(work, "results"), exist_ok=True)
    t0 = time.time()
    cases = Cases(os.path.join(corpus, "limbo.json.gz"), a.limit)
    log(f"limbo: {len(cases.cases)} testcases read in {time.time() - t0:.1f}s")
    configs = {k: (*v, None) for k, v in openssl_configs().items()}
    configs.update(go_configs())
    configs.update(python_configs())
    configs.update(node_configs())
    configs.update(rustls_configs())
    configs.update(java_configs())
    if a.only:
        want = a.only.split(",")
        configs = {k: v for k, v in configs.items() if any(k == w or k.startswith(w) for w in want)}
    if not a.cross_check:
        configs = {k: v for k, v in configs.items() if v[3] is None or v[3] not in configs}
    # Inputs and builds first (serially), then the runs, two at a time (the machine has two cores).
    inputs = {}
    if any(v[0] == "openssl" for v in configs.values()):
        inputs["openssl"] = os.path.join(work, "cases-openssl.txt")
        cases.write_openssl_input(inputs["openssl"])
        inputs["openssl-exe"] = build_openssl(work)
    if any(v[0] in ("go", "python", "rustls") for v in configs.values()):
        inputs["jsonl"] = os.path.join(work, "cases.jsonl")
        cases.write_jsonl(inputs["jsonl"])
    for name, (harness, args, _, _, extra) in configs.items():
        if harness == "go":
            inputs[name] = build_go(work, extra, "1.20" if args == ["ref"] else None)[0]
        elif harness == "rustls":
            inputs["rustls"] = build_rustls(work)
        elif harness == "java" and "java-cmd" not in inputs:
            inputs["java-cmd"] = build_java(work)

    def run(name):
        harness, args, _, _, _ = configs[name]
        t1 = time.time()
        if harness == "openssl":
            got = run_lines([inputs["openssl-exe"], *args], inputs["openssl"])
        elif harness == "go":
            got = run_lines([inputs[name], *args], inputs["jsonl"])
        elif harness == "python":
            got = run_lines([sys.executable, os.path.join(HERE, "python", "limbo_python.py"), *args], inputs["jsonl"])
        elif harness == "node":
            got = run_by_time(["node", os.path.join(HERE, "node", "limbo_node.mjs"), *args], cases, work, name)
        elif harness == "rustls":
            got = run_lines([inputs["rustls"], *args], inputs["jsonl"])
        elif harness == "java":  # one JVM runs every Java configuration
            java = [n for n, v in configs.items() if v[0] == "java"]
            both = run_by_time(inputs["java-cmd"] + [configs[n][1][0] for n in java], cases, work, "java",
                               cases.write_java_input, prefixed=True)
            return {n: ({i: v for (c, i), v in both.items() if c == configs[n][1][0]}, time.time() - t1)
                    for n in java}
        return {name: (got, time.time() - t1)}

    names = [n for n in configs if configs[n][0] != "java"]
    if any(v[0] == "java" for v in configs.values()):
        names.insert(0, next(n for n in configs if configs[n][0] == "java"))
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for done in pool.map(run, names):
            for name, (got, secs) in done.items():
                harness, args, _, _, _ = configs[name]
                skip = cases.skip_reason
                if name == "openssl-ref":
                    skip = lambda tc: ("non-SERVER testcases not supported yet" if tc["validation_kind"] != "SERVER"  # noqa: E731
                                       else "multiple extended key usage values not yet supported"
                                       if len(tc["extended_key_usage"]) > 1 else None)
                elif args == ["ref"]:
                    skip = None
                doc = limbo_result(name, cases, got, skip)
                path = os.path.join(work, "results", name + ".json")
                json.dump(doc, open(path, "w"), indent=1)
                results[name] = {r["id"]: r for r in doc["results"]}
                n = {k: sum(1 for r in doc["results"] if r["actual_result"] == k) for k in ("SUCCESS", "FAILURE", "SKIPPED")}
                log(f"{name}: {n['SUCCESS']} SUCCESS, {n['FAILURE']} FAILURE, {n['SKIPPED']} SKIPPED "
                    f"({secs:.1f}s) -> {os.path.relpath(path, root)}")
    log("\n== harnesses configured like the reference harness, against its results")
    failed = False
    for name, (_, _, ref, _, _) in configs.items():
        if not ref:
            continue
        agree, n, diff = agreement(results[name], load_result(os.path.join(corpus, "results", ref)))
        log(f"{name} vs {ref}: {agree}/{n} agree ({pct(agree, n)})")
        for i in diff[:40]:
            log(f"   differs: {i}: ours {results[name][i]['actual_result']} ({results[name][i]['context']})")
        failed |= agree != n
    log("\n== cross-checks: the same stack run two ways")
    for name, (_, _, _, partner, _) in configs.items():
        if partner and partner in results:
            agree, n, diff = agreement(results[name], results[partner])
            log(f"{name} vs {partner}: {agree}/{n} agree ({pct(agree, n)})")
            for i in diff[:20]:
                log(f"   differs: {i}: {results[name][i]['actual_result']} ({results[name][i]['context']}) vs "
                    f"{results[partner][i]['actual_result']} ({results[partner][i]['context']})")
    bases = {"identity": "openssl-libmysqlclient-sec2", "ca": "openssl-libmysqlclient-ca-sec2"}
    if all(b in results for b in bases.values()):
        log("\n== client configurations: verdicts, and the cases on which each differs from libmysqlclient at level 2"
            " in the same mode (VERIFY_CA configurations are named -ca)")
        for name in sorted(results):
            if configs[name][2] or configs[name][3] or "-ref" in name:
                continue  # reference and cross-check runs
            base = bases["ca" if "-ca" in name else "identity"]
            rs = results[name]
            ok = sum(1 for r in rs.values() if r["actual_result"] == "SUCCESS")
            bad = sum(1 for r in rs.values() if r["actual_result"] == "FAILURE")
            agree, n, diff = agreement(rs, results[base])
            log(f"{name:34} {ok:5} SUCCESS {bad:5} FAILURE   differs from {base} on {len(diff):4} of {n}")
    log(f"\nlimbo stacks took {time.time() - t0:.0f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
