"""One in-process measurement of a Python peer for `cargo xtask bench`.

    python bench/py/run.py --tool T --workload W --data DIR --out FILE \
        --warmup N --min-iters N --min-ms MS --max-ms MS --floor N

Same protocol and output line as the JavaScript runner (bench/js/measure.mjs): up to `warmup`
untimed calls (none started after 2 s), then timed calls (time.perf_counter) until at least
min-iters calls and min-ms have passed, or max-ms has with at least `floor` calls; one
tab-separated RESULT line on stdout; a
conversion's output is written to --out for the harness to read back with openssl/keytool.
"""

import base64
import hashlib
import os
import re
import sys
import time

PASSWORD = "changeit"
PEM_BLOCK = re.compile(rb"-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----")


def fingerprint_digest(fps):
    """Count and SHA-256 over the lowercase hex fingerprints, one a line (as the JS runner)."""
    text = "\n".join(f.hex() for f in fps).encode()
    return {"count": len(fps), "digest": hashlib.sha256(text).hexdigest()}


def pem_of(der):
    """A PEM block for a DER certificate (64-column base64)."""
    b64 = base64.b64encode(der).decode()
    lines = "\n".join(b64[i : i + 64] for i in range(0, len(b64), 64))
    return f"-----BEGIN CERTIFICATE-----\n{lines}\n-----END CERTIFICATE-----\n"


def cryptography_tool():
    """pyca/cryptography (Rust ASN.1 parser, OpenSSL for hashes and signatures)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import pkcs7

    def inspect_w(name):
        def prepare(data):
            raw = read(data, name)

            def run():
                out = []
                for c in x509.load_pem_x509_certificates(raw):
                    key = c.public_key()
                    size = key.key_size if isinstance(key, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey)) else None
                    out.append(
                        (
                            c.subject.rfc4514_string(),
                            c.issuer.rfc4514_string(),
                            c.serial_number,
                            c.not_valid_before_utc,
                            c.not_valid_after_utc,
                            c.fingerprint(hashes.SHA256()),
                            type(key).__name__,
                            size,
                        )
                    )
                return out

            return run, lambda r: fingerprint_digest([c[5] for c in r])

        return prepare

    def w2(data):
        raw = read(data, "bundle.pem")
        run = lambda: pkcs7.serialize_certificates(x509.load_pem_x509_certificates(raw), serialization.Encoding.DER)
        return run, lambda out: {"bytes": out}

    def w3(data):
        raw = read(data, "bundle.p7b")
        run = lambda: b"".join(c.public_bytes(serialization.Encoding.PEM) for c in pkcs7.load_der_pkcs7_certificates(raw))
        return run, lambda out: {"bytes": out}

    def verify_w(kind):
        def prepare(data):
            chain, root = read(data, f"{kind}/chain.pem"), read(data, f"{kind}/root.pem")

            def run():
                leaf, inter = x509.load_pem_x509_certificates(chain)
                anchor = x509.load_pem_x509_certificate(root)
                # Raises on a bad signature or a name mismatch.
                leaf.verify_directly_issued_by(inter)
                inter.verify_directly_issued_by(anchor)
                return True

            return run, lambda ok: {"count": 3, "digest": "valid" if ok else "invalid"}

        return prepare

    return {
        "w1": inspect_w("bundle.pem"),
        "w7": inspect_w("bundle-x10.pem"),
        "w2": w2,
        "w3": w3,
        "w6-rsa": verify_w("rsa"),
        "w6-ec": verify_w("ec"),
    }


def pyjks_tool():
    """pyjks (pure Python JKS/JCEKS reader and writer)."""
    import jks

    def w4(data):
        raw = read(data, "bundle.jks")

        def run():
            ks = jks.KeyStore.loads(raw, PASSWORD)
            return "".join(pem_of(e.cert) for e in ks.certs.values()).encode()

        return run, lambda out: {"bytes": out}

    def w5(data):
        raw = read(data, "bundle.pem")

        def run():
            entries = []
            for i, m in enumerate(PEM_BLOCK.finditer(raw)):
                der = base64.b64decode(m.group(1))
                entries.append(jks.TrustedCertEntry.new(f"cert{i}", der))
            return jks.KeyStore.new("jks", entries).saves(PASSWORD)

        return run, lambda out: {"bytes": out}

    return {"w4": w4, "w5": w5}


TOOLS = {"cryptography": cryptography_tool, "pyjks": pyjks_tool}


def read(data, name):
    with open(os.path.join(data, name), "rb") as f:
        return f.read()


def report(workload, tool, status, samples=(), count=0, digest="-", note=""):
    s = sorted(samples)
    n = len(s)
    med = (s[(n - 1) // 2] + s[n // 2]) / 2 if n else float("nan")
    f = lambda x: "nan" if x != x else f"{x:.4f}"
    fields = ["RESULT", workload, tool, status, str(n), f(med), f(s[0] if n else float("nan")), f(s[-1] if n else float("nan")), str(count), digest, note.replace("\t", " ").replace("\n", " ")]
    sys.stdout.write("\t".join(fields) + "\n")


def main():
    argv = sys.argv[1:]
    a = dict(zip((k[2:] for k in argv[::2]), argv[1::2]))
    workload, tool = a["workload"], a["tool"]
    prepare = TOOLS[tool]().get(workload)
    if prepare is None:
        report(workload, tool, "unsupported")
        return
    try:
        run, check = prepare(a["data"])
        last = run()
    except Exception as e:  # a peer that cannot do the work is reported, not hidden
        report(workload, tool, "error", note=f"{type(e).__name__}: {e}")
        return
    warm = time.perf_counter()
    for _ in range(int(a["warmup"])):
        if time.perf_counter() - warm >= 2:
            break
        last = run()
    samples = []
    start = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        last = run()
        samples.append((time.perf_counter() - t0) * 1000)
        spent = (time.perf_counter() - start) * 1000
        if len(samples) >= int(a["min-iters"]) and spent >= float(a["min-ms"]):
            break
        if spent >= float(a["max-ms"]) and len(samples) >= int(a["floor"]):
            break
    c = check(last)
    if "bytes" in c:
        with open(a["out"], "wb") as f:
            f.write(c["bytes"])
    report(workload, tool, "ok", samples, c.get("count", 0), c.get("digest", "-"))


if __name__ == "__main__":
    main()
