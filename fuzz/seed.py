#!/usr/bin/env python3
"""Makes the seed corpus of every fuzz target in fuzz/corpus/<target>/ (not committed).

Seeds are read at run time from the repository's fixtures and from ../shared/corpus (third-party
data that is never copied into the repository); the snippet seeds are option objects written
here. Each seed is named by the SHA-1 of its content, as libFuzzer names corpus files, so the
committed corpus (fuzz/corpus-min/*.tar.gz) can leave out every input that is a seed.

Usage: fuzz/seed.py [--shared DIR] [--out DIR]. Prints one provenance line per target.
"""

import argparse
import base64
import gzip
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "crates/dbcert-core/tests/data"
MAX_SEED = 64 * 1024  # libFuzzer -max_len used by the runs

# Provenance: (target, where its seeds come from).
SOURCES = {
    "detect": "every fixture in crates/dbcert-core/tests/data/{bundles,jks,pkcs12} and every file of "
    "shared corpus/{keystores,p7b,malformed}",
    "pem": "PEM fixtures (bundles, chains, pkcs12), shared corpus *.pem, limbo chains as PEM bundles",
    "der_cert": "the DER of every chains/*.pem fixture (openssl x509 -outform DER), bundles/root.der, "
    "shared corpus/malformed *.der/*.crt/*.cer, shared corpus/pkits/certs (first 60)",
    "p7b": "bundles/chain.p7b, bundles/chain-p7b.pem, every file of shared corpus/p7b",
    "jks": "tests/data/jks/*.jks, bundles/chain.jks, shared corpus/keystores/**/*.jks",
    "jceks": "tests/data/jks/*.jceks, shared corpus/keystores/**/*.jceks",
    "pkcs12": "tests/data/pkcs12/*.p12, shared corpus/keystores/**/*.p12|*.pfx",
    "verify": "one options byte + PEM bundles: fixture chains (leaf, intermediate, root), the first "
    "150 x509-limbo testcases (peer, intermediates, trusted) and the PKITS policy tests (end "
    "entity, its anchor and every PKITS CA certificate with a policy extension, DER in PEM)",
    "signature": "the signature links of the chain fixtures and of the first 120 PKITS certificates "
    "(each against every certificate named as its issuer): signature AlgorithmIdentifier, issuer "
    "SubjectPublicKeyInfo, signature and TBS, length-prefixed as fuzz_targets/signature.rs reads them",
    "key": "one label byte + the DER of every PRIVATE KEY block of shared corpus/keystores and "
    "bundles/with-key.pem, and keys openssl makes at seed time (RSA 1024, P-256, Ed25519) in "
    "every form: PKCS#8, PKCS#1/SEC 1, encrypted PKCS#8 (PBES2, PKCS#12 PBE, PBES1) with the "
    "password the target tries",
    "crl": "every file of crates/dbcert-core/tests/data/crl but make.sh and README.md (CRLs in PEM, DER "
    "and P7B, certificates), the first 80 CRLs of shared corpus/pkits/crls, the CRLs of x509-limbo's crl::* cases",
    "snippet": "SnippetOptions JSON: every client id x every SSL mode with host, port, user, CA, "
    "truststore, versions, TLS versions and cipher (written by this script)",
}

CLIENTS = [
    "dms", "go-sql-driver", "jdbc", "jdbc-datasource", "mariadb-cli", "mariadb-jdbc", "my-cnf",
    "mysql-cli", "mysql-connector-python", "mysql2", "mysqlclient", "mysqlconnector-net",
    "php-pdo", "prisma", "pymysql", "spring-boot", "sqlalchemy", "sqlx", "workbench",
]
MODES = ["DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"]


def files(root: Path, suffixes=None):
    if not root.exists():
        sys.exit(f"seed.py: {root} is missing (the shared corpus must sit beside the repository)")
    out = []
    for p in sorted(root.rglob("*")):
        if p.is_file() and (suffixes is None or p.suffix.lower() in suffixes):
            if p.name.startswith(("LICENSE", "SOURCE")) or p.suffix == ".md":
                continue
            out.append(p)
    return out


def pem_to_der(pem: bytes) -> bytes:
    return subprocess.run(
        ["openssl", "x509", "-outform", "DER"], input=pem, capture_output=True, check=True
    ).stdout


def der_to_pem(der: bytes) -> bytes:
    b64 = base64.b64encode(der).decode()
    lines = "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64))
    return f"-----BEGIN CERTIFICATE-----\n{lines}\n-----END CERTIFICATE-----\n".encode()


def limbo_bundles(shared: Path, n: int):
    path = shared / "corpus/x509-limbo/limbo.json.gz"
    with gzip.open(path, "rt") as f:
        cases = json.load(f)["testcases"]
    for case in cases[:n]:
        parts = [case["peer_certificate"]] + case["untrusted_intermediates"] + case["trusted_certs"]
        yield "".join(parts).encode()


def limbo_crls(shared: Path):
    """The CRLs of x509-limbo's testcases that have any, one PEM text per testcase."""
    path = shared / "corpus/x509-limbo/limbo.json.gz"
    with gzip.open(path, "rt") as f:
        cases = json.load(f)["testcases"]
    for case in cases:
        if case.get("crls"):
            yield "".join(case["crls"]).encode()


def pkits_policy_bundles(shared: Path):
    """Each PKITS end entity of a certificate-policy test, with the anchor and the CA
    certificates of the suite that name policies in their file names, as one PEM bundle."""
    certs = shared / "corpus/pkits/certs"
    if not certs.is_dir():
        sys.exit(f"seed.py: {certs} is missing (the shared corpus must sit beside the repository)")
    pem = lambda p: der_to_pem(p.read_bytes())
    keys = ("olic", "Mapping", "inhibit", "requireExplicit")
    cas = [p for p in sorted(certs.glob("*.crt"))
           if not p.name.endswith("EE.crt") and any(k in p.name for k in keys)]
    anchor = pem(certs / "TrustAnchorRootCertificate.crt")
    for ee in sorted(certs.glob("*EE.crt")):
        if any(k in ee.name for k in keys):
            yield pem(ee) + b"".join(pem(p) for p in cas) + anchor


def tlv(b: bytes, at: int = 0):
    """One DER TLV at `at` (short or long length): (tag, value start, end)."""
    tag, n = b[at], b[at + 1]
    start = at + 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(b[start : start + k], "big")
        start += k
    return tag, start, start + n


def children(b: bytes, start: int, end: int):
    """The TLVs from `start` to `end`: (tag, whole bytes)."""
    out = []
    while start < end:
        tag, vs, ve = tlv(b, start)
        out.append((tag, b[start:ve]))
        start = ve
    return out


def cert_parts(der: bytes):
    """(TBS, signature AlgorithmIdentifier, signature bits, issuer, subject, SPKI) of a certificate."""
    _, s, e = tlv(der)
    tbs, alg, sig = children(der, s, e)[:3]
    _, ts, te = tlv(tbs[1])
    fields = children(tbs[1], ts, te)
    if fields[0][0] == 0xA0:
        fields = fields[1:]
    issuer, subject, spki = fields[2][1], fields[4][1], fields[5][1]
    _, bs, be = tlv(sig[1])
    return tbs[1], alg[1], sig[1][bs + 1 : be], issuer, subject, spki


def signature_links(ders):
    """Every (certificate, issuer) link whose names match, as the signature target's input."""
    parts = []
    for d in ders:
        try:
            parts.append(cert_parts(d))
        except (IndexError, ValueError):
            continue
    for tbs, alg, sig, issuer, _, _ in parts:
        for _, _, _, _, subject, spki in parts:
            if subject == issuer:
                f = lambda x: len(x).to_bytes(2, "big") + x
                yield f(alg) + f(spki) + f(sig) + tbs


def snippet_options():
    for client in CLIENTS:
        for mode in MODES:
            yield json.dumps({"client": client, "mode": mode}).encode()
            yield json.dumps({
                "client": client, "mode": mode, "host": "db.example.com", "port": 3307,
                "user": "app", "database": "shop", "ca": "/etc/mysql/ca.pem", "caFormat": "pem",
                "truststore": "truststore.p12", "truststoreType": "pkcs12",
                "truststorePassword": "changeit", "clientVersion": "8.0.18",
                "serverVersion": "10.11.6-MariaDB", "tlsVersions": ["TLSv1.2", "TLSv1.3"],
                "cipher": "ECDHE-RSA-AES128-GCM-SHA256",
            }).encode()
        yield json.dumps({
            "client": client, "mode": "VERIFY_IDENTITY", "ca": "bundle.p7b",
            "clientLibrary": "mariadb", "serverFlavor": "mysql", "serverVersion": "5.7.44-log",
            "clientVersion": "2.0.0", "passwordPlaceholder": "$DB_PASSWORD",
        }).encode()


KEY_LABELS = ["PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]


def key_blocks(pem: bytes):
    """(label, DER) of each private-key block of PEM text."""
    text = pem.decode("latin-1")
    for label in KEY_LABELS:
        begin, end = f"-----BEGIN {label}-----", f"-----END {label}-----"
        at = 0
        while (i := text.find(begin, at)) >= 0 and (j := text.find(end, i)) >= 0:
            body = [l for l in text[i + len(begin):j].splitlines() if l and ":" not in l]
            try:
                yield label, base64.b64decode("".join(body))
            except ValueError:
                pass
            at = j


def key_seeds(corpus: Path):
    """The key target's inputs: a label byte (fuzz_targets/checks.rs key_target) and the DER."""
    pems = [DATA / "bundles/with-key.pem"] + [
        p for p in files(corpus / "keystores") if p.suffix in (".pem", ".key")
    ]
    for p in pems:
        for label, der in key_blocks(p.read_bytes()):
            yield bytes([KEY_LABELS.index(label)]) + der
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / "dbcert-key-seeds"
    tmp.mkdir(parents=True, exist_ok=True)
    legacy = ["-provider", "legacy", "-provider", "default"]
    for name, gen in [
        ("rsa", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"]),
        ("ec", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]),
        ("ed", ["-algorithm", "ED25519"]),
    ]:
        key = tmp / f"{name}.pem"
        run = lambda *a: subprocess.run(["openssl", *a], check=True, capture_output=True).stdout
        run("genpkey", *gen, "-out", str(key))
        forms = [run("pkey", "-in", str(key))]
        for v in (["-v2", "aes-256-cbc"], ["-v2", "des3"], ["-v1", "PBE-SHA1-3DES"],
                  ["-v1", "PBE-MD5-DES", *legacy], ["-v1", "PBE-SHA1-RC2-64", *legacy]):
            forms.append(run("pkcs8", "-topk8", "-in", str(key), "-passout", "pass:pass", *v))
        if name != "ed":
            forms.append(run("pkey", "-in", str(key), "-traditional"))
        for pem in forms:
            for label, der in key_blocks(pem):
                yield bytes([KEY_LABELS.index(label)]) + der


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--out", default=str(REPO / "fuzz/corpus"))
    args = ap.parse_args()
    shared, out = Path(args.shared), Path(args.out)
    corpus = shared / "corpus"
    seeds = {t: [] for t in SOURCES}

    def add(target, blob: bytes):
        if 0 < len(blob) <= MAX_SEED:
            seeds[target].append(blob)

    for p in files(DATA / "bundles") + files(DATA / "jks") + files(DATA / "pkcs12"):
        if p.name not in ("make.sh", "README.md"):
            add("detect", p.read_bytes())
    for sub in ("keystores", "p7b", "malformed"):
        for p in files(corpus / sub):
            add("detect", p.read_bytes())

    for p in files(DATA / "bundles", {".pem"}) + files(DATA / "chains", {".pem"}) + files(
        DATA / "pkcs12", {".pem"}
    ):
        add("pem", p.read_bytes())
    for p in files(corpus, {".pem"}):
        add("pem", p.read_bytes())
    for b in limbo_bundles(shared, 60):
        add("pem", b)

    for p in files(DATA / "chains", {".pem"}):
        add("der_cert", pem_to_der(p.read_bytes()))
    add("der_cert", (DATA / "bundles/root.der").read_bytes())
    for p in files(corpus / "malformed", {".der", ".crt", ".cer"}):
        add("der_cert", p.read_bytes())
    for p in files(corpus / "pkits/certs")[:60]:
        add("der_cert", p.read_bytes())

    for p in files(DATA / "crl"):
        if p.name not in ("make.sh", "README.md"):
            add("crl", p.read_bytes())
    for p in files(corpus / "pkits/crls")[:80]:
        add("crl", p.read_bytes())
    for b in limbo_crls(shared):
        add("crl", b)

    add("p7b", (DATA / "bundles/chain.p7b").read_bytes())
    add("p7b", (DATA / "bundles/chain-p7b.pem").read_bytes())
    for p in files(corpus / "p7b"):
        add("p7b", p.read_bytes())

    for p in files(DATA / "jks", {".jks"}) + [DATA / "bundles/chain.jks"]:
        add("jks", p.read_bytes())
    for p in files(corpus / "keystores", {".jks"}):
        add("jks", p.read_bytes())
    for p in files(DATA / "jks", {".jceks"}) + files(corpus / "keystores", {".jceks"}):
        add("jceks", p.read_bytes())
    for p in files(DATA / "pkcs12", {".p12"}) + files(corpus / "keystores", {".p12", ".pfx"}):
        add("pkcs12", p.read_bytes())

    chain = lambda *names: b"".join((DATA / "chains" / f"{n}.pem").read_bytes() for n in names)
    fixture_chains = [
        chain("rsa-leaf", "rsa-int", "rsa-root"),
        chain("ec-leaf", "ec-int", "ec-root"),
        chain("cross-leaf", "cross-int", "cross-new-by-old", "cross-new-root", "cross-old-root"),
        chain("nc-leaf-bad", "nc-int", "rsa-root"),
        chain("pathlen-leaf", "pathlen-sub-int", "pathlen0-int", "rsa-root"),
        chain("wildcard-leaf", "rsa-int", "rsa-root"),
        chain("ed25519-leaf", "ed25519-root"),
        chain("p521-leaf", "p521-root"),
        chain("pss-leaf", "rsa-int", "rsa-root"),
        chain("cn-only-leaf", "rsa-int", "rsa-root"),
        chain("policy-leaf", "policy-int", "policy-root"),
    ]
    for i, b in enumerate(fixture_chains):
        for flags in (0x00, 0x01, 0x06, 0x0D, 0x13):
            add("verify", bytes([flags ^ (i & 0x20)]) + b)
    for i, b in enumerate(limbo_bundles(shared, 150)):
        add("verify", bytes([i & 0xFF]) + b)
    for b in pkits_policy_bundles(shared):
        add("verify", bytes([0x04]) + b)

    link_ders = [pem_to_der(p.read_bytes()) for p in files(DATA / "chains", {".pem"})]
    link_ders += [p.read_bytes() for p in files(corpus / "pkits/certs")[:120]]
    for b in signature_links(link_ders):
        add("signature", b)

    for b in snippet_options():
        add("snippet", b)

    for blob in key_seeds(corpus):
        add("key", blob)

    for target, blobs in seeds.items():
        d = out / target
        d.mkdir(parents=True, exist_ok=True)
        names = set()
        for blob in blobs:
            name = hashlib.sha1(blob).hexdigest()
            names.add(name)
            (d / name).write_bytes(blob)
        print(f"seed {target}: {len(names)} files from {SOURCES[target]}")
        (d.parent / f"{target}.seeds").write_text("".join(f"{n}\n" for n in sorted(names)))


if __name__ == "__main__":
    os.umask(0o022)
    main()
