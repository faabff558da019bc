//! BENCHMARKS.md and results.tsv from one run of `cargo xtask bench`: the machine, every
//! measurement, the ratios dbcert / fastest peer and each target's pass or miss.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use super::data::Data;
use super::size::{self, Draw, LinkRates, Size, Speed, Start};
use super::{Group, Protocol, Row, JS_PEERS, WORKLOADS};
use crate::root;

/// Everything one run measured.
pub struct Run<'a> {
    /// Every timed (tool, workload).
    pub rows: &'a [Row],
    /// openssl's own signature verification rates.
    pub speed: &'a Speed,
    /// W8.
    pub sizes: &'a [Size],
    /// W8's target: the goal of wasm-pack.toml (`goal-bytes`: wasm + JS glue, gzip -9, bytes).
    pub size_budget: u64,
    /// W9.
    pub snippet: &'a [Size],
    /// W9's target: the goal of wasm-pack.toml's `[snippet]` (`goal-bytes`).
    pub snippet_goal: u64,
    /// W10.
    pub starts: &'a [Start],
    /// W11.
    pub draws: &'a [Draw],
    /// The inputs and references.
    pub data: &'a Data,
    /// A smoke run (a couple of calls: the times mean nothing).
    pub smoke: bool,
    /// The in-process timing protocol (each round).
    pub inproc: Protocol,
    /// In-process rounds, tools in turn.
    pub rounds: usize,
    /// The whole-process timing protocol.
    pub process: Protocol,
    /// Wall time of the run.
    pub seconds: u64,
}

/// One console line for a row.
pub fn line(r: &Row) -> String {
    format!(
        "{:<8} {:<16} {:<10} median {:>10.3} ms  min {:>10.3}  max {:>10.3}  n {:>4}  {:<10} check: {}{}",
        r.workload,
        r.tool,
        if r.group == Group::InProcess { "in-process" } else { "process" },
        r.median,
        r.min,
        r.max,
        r.n,
        r.status,
        r.check,
        if r.note.is_empty() { String::new() } else { format!("  ({})", r.note) }
    )
}

/// The first line a command prints (stdout, else stderr), or `unknown`.
fn version(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .and_then(|o| {
            let text = if o.stdout.is_empty() {
                o.stderr
            } else {
                o.stdout
            };
            String::from_utf8_lossy(&text)
                .lines()
                .next()
                .map(|l| l.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// `(what, value)` lines describing the machine and the software measured.
fn machine() -> Vec<(&'static str, String)> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .and_then(|v| v.split_once(':'))
                .map(|v| v.1.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("PRETTY_NAME=")
                    .map(|v| v.trim_matches('"').to_owned())
            })
        })
        .unwrap_or_else(|| std::env::consts::OS.into());
    let python = root().join("bench/.venv/bin/python");
    vec![
        ("CPU", cpu),
        ("cores", cores.to_string()),
        (
            "memory",
            std::fs::read_to_string("/proc/meminfo")
                .ok()
                .and_then(|m| {
                    m.lines()
                        .next()
                        .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
                })
                .unwrap_or_default(),
        ),
        ("OS", format!("{os}, kernel {}", version("uname", &["-r"]))),
        (
            "load average at the end (1, 5, 15 min)",
            std::fs::read_to_string("/proc/loadavg")
                .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
                .unwrap_or_default(),
        ),
        ("node", version("node", &["--version"])),
        ("python", version(&python.to_string_lossy(), &["--version"])),
        ("openssl", version("openssl", &["version"])),
        ("java", version("java", &["-version"])),
        ("rustc", version("rustc", &["--version"])),
        (
            "dbcert commit",
            format!(
                "{} (plus any uncommitted changes in the working tree)",
                version("git", &["rev-parse", "--short", "HEAD"])
            ),
        ),
        ("date (UTC)", version("date", &["-u", "+%Y-%m-%d %H:%M"])),
    ]
}

fn find<'a>(rows: &'a [Row], workload: &str, tool: &str) -> Option<&'a Row> {
    rows.iter()
        .find(|r| r.workload == workload && r.tool == tool)
}

/// The fastest valid non-dbcert row of a workload in a group, among `only` when given.
fn fastest<'a>(
    rows: &'a [Row],
    workload: &str,
    group: Group,
    only: Option<&[&str]>,
) -> Option<&'a Row> {
    rows.iter()
        .filter(|r| r.workload == workload && r.group == group && !r.is_dbcert() && r.valid())
        .filter(|r| match only {
            Some(o) => o.contains(&r.tool.as_str()),
            None => true,
        })
        .min_by(|a, b| a.median.total_cmp(&b.median))
}

fn ms(v: f64) -> String {
    if v.is_nan() {
        "–".into()
    } else if v < 1.0 {
        format!("{v:.3}")
    } else if v < 100.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.0}")
    }
}

/// `dbcert/peer` time ratio and the speed-up, e.g. `0.25 (4.0× faster)`.
fn ratio(dbcert: f64, peer: f64) -> String {
    let r = dbcert / peer;
    if r <= 1.0 {
        format!("{r:.2} ({:.1}× faster)", 1.0 / r)
    } else {
        format!("{r:.2} ({r:.1}× slower)")
    }
}

fn verdict(pass: bool) -> &'static str {
    if pass {
        "**pass**"
    } else {
        "**MISS**"
    }
}

/// One target line: `(target, measured, verdict)`.
type Target = (String, String, String);

/// W7 / W1 for one surface, and how it was found. W7 ran right after W1 in each round, so the
/// ratio is taken within each round and the median of those is judged; a process runs in one
/// round only: the ratio of its medians.
fn growth(w1: &Row, w7: &Row) -> (f64, String) {
    let detail = format!("{} ms / {} ms", ms(w7.median), ms(w1.median));
    if w1.rounds.len() < 2 || w1.rounds.len() != w7.rounds.len() {
        let g = w7.median / w1.median;
        return (g, format!("{detail} = {g:.2}×"));
    }
    let (g, how) = per_round(
        w1.rounds
            .iter()
            .zip(&w7.rounds)
            .map(|(a, b)| b / a)
            .collect(),
    );
    (g, format!("{detail}; {how}"))
}

/// A ratio taken within each round: the median, which is judged, and the rounds as listed.
fn per_round(ratios: Vec<f64>) -> (f64, String) {
    let listed: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
    let m = size::median(ratios);
    (m, format!("rounds {}: median {m:.2}×", listed.join(" / ")))
}

fn targets(run: &Run) -> Vec<Target> {
    let rows = run.rows;
    let mut t: Vec<Target> = Vec::new();
    for w in ["w1", "w2", "w3", "w4", "w5"] {
        for (surface, need, only, peers) in [
            ("dbcert-node", 3.0, None, "fastest peer"),
            (
                "dbcert-wasm",
                1.5,
                Some(JS_PEERS),
                "fastest JavaScript peer",
            ),
        ] {
            let target = format!(
                "{} {surface} ≥ {need}× faster than the {peers}",
                w.to_uppercase()
            );
            let Some(d) = find(rows, w, surface).filter(|d| d.valid()) else {
                t.push((
                    target,
                    "dbcert did not complete it".into(),
                    verdict(false).into(),
                ));
                continue;
            };
            match fastest(rows, w, Group::InProcess, only) {
                Some(p) => t.push((
                    target,
                    format!(
                        "{} ms vs {} {} ms: {}",
                        ms(d.median),
                        p.tool,
                        ms(p.median),
                        ratio(d.median, p.median)
                    ),
                    verdict(p.median / d.median >= need).into(),
                )),
                None => t.push((
                    target,
                    format!(
                        "{} ms; no {} does this workload correctly",
                        ms(d.median),
                        if only.is_some() {
                            "JavaScript peer"
                        } else {
                            "peer"
                        }
                    ),
                    "n/a".into(),
                )),
            }
        }
    }
    for w in ["w6-rsa", "w6-ec"] {
        let per_sig = run.speed.ms_per_signature(w);
        // `openssl speed` and `dbcert speed` ran in turn in each round: the ratio is taken
        // within each round and the median of those is judged, as for W7.
        let judged = |pick: fn(&LinkRates) -> f64| per_round(run.speed.ratios(w, pick));
        // The native surfaces (Node addon, CLI) verify signatures with ring through the core:
        // their cost per signature is `dbcert speed`'s, measured beside `openssl speed`.
        let (native, how) = judged(|d| d.ring);
        t.push((
            format!(
                "{} dbcert-node and CLI: cost per signature ≤ 1.5× openssl's",
                w.to_uppercase()
            ),
            format!(
                "dbcert speed {} ms per signature vs openssl speed {} ms; {how}",
                ms(1000.0 / run.speed.links(w).ring),
                ms(per_sig),
            ),
            verdict(native <= 1.5).into(),
        ));
        // The wasm package's signature checks: the same `dbcert speed` loop compiled to wasm32
        // and run by Node, against jsrsasign (pure JavaScript) on the same links in the same
        // rounds: at least 2× its rate. For reference, the native crypto JavaScript hosts offer
        // (per signature, × openssl speed).
        let (wasm, how) = per_round(run.speed.rate_ratios(w, |d| d.wasm, |d| d.jsrsasign));
        let (vs_openssl, _) = judged(|d| d.wasm);
        let (x509, _) = judged(|d| d.node_x509);
        let (subtle, _) = judged(|d| d.subtle);
        let links = run.speed.links(w);
        t.push((
            format!(
                "{} dbcert-wasm: signature checks ≥ 2× jsrsasign's rate",
                w.to_uppercase()
            ),
            format!(
                "dbcert speed as wasm in Node {:.0} verify/s vs jsrsasign {:.0} verify/s; {how}. Per signature × openssl speed: wasm {vs_openssl:.2}×; the hosts' native crypto, for reference: Node's X509Certificate.verify {x509:.2}×, WebCrypto (the browser's) {subtle:.2}×",
                links.wasm, links.jsrsasign,
            ),
            verdict(wasm >= 2.0).into(),
        ));
    }
    for (surface, group) in [
        ("dbcert-node", Group::InProcess),
        ("dbcert-wasm", Group::InProcess),
        ("dbcert CLI", Group::Process),
    ] {
        let target = format!("W7 {surface}: W7 ≤ 10.5 × W1 (linear)");
        match (find(rows, "w1", surface), find(rows, "w7", surface)) {
            (Some(a), Some(b)) if a.valid() && b.valid() && a.group == group => {
                let (g, detail) = growth(a, b);
                t.push((target, detail, verdict(g <= 10.5).into()));
            }
            _ => t.push((
                target,
                "dbcert did not complete W1 and W7".into(),
                verdict(false).into(),
            )),
        }
    }
    if let Some(total) = run
        .sizes
        .iter()
        .find(|s| s.what.starts_with("wasm + JS glue"))
    {
        // W8's goal in wasm-pack.toml.
        let budget = run.size_budget;
        t.push((
            format!(
                "W8 wasm + JS glue ≤ {} KB gzip ({} bytes)",
                budget / 1000,
                crate::node::thousands(budget as usize)
            ),
            format!("{} bytes gzip ({} raw)", total.gzip, total.raw),
            verdict(total.gzip <= budget).into(),
        ));
    }
    if let Some(total) = run.snippet.iter().find(|s| s.what == size::W9_TOTAL) {
        t.push((
            format!(
                "W9 <dbcert-snippet>: module + glue + scripts a docs page downloads ≤ {} KB gzip ({} bytes)",
                run.snippet_goal / 1000,
                crate::node::thousands(run.snippet_goal as usize)
            ),
            format!("{} bytes gzip ({} raw)", total.gzip, total.raw),
            verdict(total.gzip <= run.snippet_goal).into(),
        ));
    }
    for d in run.draws {
        t.push((
            format!(
                "W11 inspector in {}: the system CA bundle drawn ≤ {} ms after the file is set",
                d.engine,
                size::W11_GOAL_MS
            ),
            format!(
                "{} certificates: median {} ms (min {}, max {}, n {})",
                d.certificates,
                ms(d.median),
                ms(d.min),
                ms(d.max),
                d.n
            ),
            verdict(d.median <= size::W11_GOAL_MS).into(),
        ));
    }
    t
}

/// What each tool does, for the report.
const TOOLS: &str = "\
- **dbcert-node**: the Node addon (`npm/dbcert`, built by `cargo xtask node`, release), loaded through the package's loader and checked to be the native binding. W1/W7 `inspect(bytes)`: the whole inspect model of every certificate (subject and issuer in RFC 4514, serial, validity, SHA-256 and SHA-1 fingerprints, key algorithm/size/curve, signature algorithm, basic constraints, SANs, key usages, key ids, every extension) as JS objects. W2–W5 `convert(bytes, {to})`, W4 with the password (JKS integrity checked), W5 with an output password. W6 `verify(chain, {ca: root})`: path building, both signatures (arithmetic by ring, crates/dbcert-ring, as in the CLI), validity, constraints, key usage, every check `verify` does.
- **dbcert-wasm**: the same calls on the wasm package in Node (`npm/dbcert-wasm/index.cjs`, built by `cargo xtask wasm`).
- **dbcert CLI** (process): `target/release/dbcert inspect FILE --json`, `convert FILE --to … -o OUT`, `verify chain.pem --ca root.pem`.
- **node:crypto**: Node's `crypto.X509Certificate` (OpenSSL inside Node). W1/W7: split the PEM text into blocks (regex), `new X509Certificate(block)` each, read subject, issuer, serialNumber, validFrom, validTo, fingerprint256, publicKey type and size/curve. W6: parse the three certificates, `checkIssued` + `verify(issuer.publicKey)` for both links. No format conversions.
- **node-forge** (pure JS): W1/W7: split into blocks, `pem.decode` + `asn1.fromDer` + `pki.certificateFromAsn1`, read subject, issuer, serial, validity, SHA-256 of the DER, RSA modulus size. It reads RSA keys only: every other certificate throws `Cannot read public key. OID is not RSA.`; it is timed over the whole bundle with the failures caught and counted, and reported as `incomplete` (not eligible as the fastest peer). W2 `pkcs7.createSignedData` + `addCertificate` for each readable certificate; W3 `pkcs7.messageFromAsn1` (throws on the first EC certificate); W6 `pki.verifyCertificateChain` (RSA only).
- **@peculiar/x509** (asn1js + WebCrypto, with the `reflect-metadata` polyfill it requires): W1/W7 `new X509Certificate(block)` each, subject, issuer, serialNumber, notBefore, notAfter, `await getThumbprint('SHA-256')` (WebCrypto), public key algorithm and size/curve. W2 `new X509Certificates([...]).export('raw')` (PKCS#7); W3 `new X509Certificates(p7b).export('pem')`; W6 `await cert.verify({publicKey: issuer.publicKey, signatureOnly: true})` for both links.
- **jks-js** (JS, node-forge inside): W4 `toPem(bytes, password)`, the `ca` PEM of every entry joined.
- **cryptography** (Python, pyca; Rust ASN.1, OpenSSL crypto): W1/W7 `x509.load_pem_x509_certificates(bytes)` then per certificate `subject.rfc4514_string()`, `issuer.rfc4514_string()`, `serial_number`, `not_valid_before_utc`, `not_valid_after_utc`, `fingerprint(SHA256())`, `public_key()` type and `key_size`. W2 `pkcs7.serialize_certificates(load_pem_x509_certificates(bytes), DER)`; W3 `pkcs7.load_der_pkcs7_certificates` + `public_bytes(PEM)`; W6 `load_pem_x509_certificates` + `verify_directly_issued_by` for both links.
- **pyjks** (pure Python): W4 `KeyStore.loads(bytes, password)` (integrity checked) and a PEM block per certificate; W5 PEM blocks decoded, `TrustedCertEntry.new` each, `KeyStore.new('jks', entries).saves(password)`.
- **openssl** (process): W1/W7 `openssl storeutl -certs -noout -text FILE` (parses and prints every certificate; no fingerprints); W2 `openssl crl2pkcs7 -nocrl -certfile … -outform DER`; W3 `openssl pkcs7 -inform DER -print_certs`; W6 `openssl verify -CAfile root.pem -untrusted inter.pem leaf.pem`.
- **keytool** (process, JDK): W1/W7 `keytool -printcert -file FILE` (every certificate with fingerprints); W3 `keytool -printcert -rfc -file bundle.p7b`; W4 `keytool -list -rfc -keystore bundle.jks -storepass …`. keytool imports one certificate per run, so it has no W5.
- **java KeyStore** (process): W5 with bench/java/PemToJks.java (`CertificateFactory.generateCertificates` + `KeyStore(\"JKS\").store`, the code keytool uses), run as `java -cp … PemToJks` (JVM start-up included).
- **openssl speed**: `openssl speed -mr rsa2048 ecdsap256`: OpenSSL's own in-process verifications per second, the reference cost per signature for W6.
- **dbcert speed**: `target/release/examples/speed CHAIN ROOT SECONDS` (crates/dbcert-ring/examples/speed.rs): dbcert's verifications per second of the two links of each W6 chain, through the core's `verify_signature_with`, with ring as the fast path (the addon and the CLI) and with RustCrypto alone; then the same loop with RustCrypto as wasm (crates/dbcert-core/examples/speed_pure.rs built for wasm32-wasip1 with the wasm package's profile, run by `node bench/js/wasi-speed.mjs`).
- **node speed** (W6): `node bench/js/node-speed.mjs DIR SECONDS`: the same two links per W6 chain, checked in turn by jsrsasign's `X509.verifySignature(issuerKey)` (the wasm package's peer), and, for reference, by Node's `X509Certificate.verify(issuerKey)` and by WebCrypto's `crypto.subtle.verify` (RSASSA-PKCS1-v1_5 or ECDSA P-256 with SHA-256 over the TBS bytes, awaited one at a time), certificates and keys made once.
- **jsrsasign** (pure JavaScript; npm, pinned in bench/package.json): W6 `new X509()` + `readCertPEM` for the three certificates, `verifySignature(issuer.getPublicKey())` for both links.
";

/// Writes BENCHMARKS.md and the TSV.
pub fn write(run: &Run, md_path: &Path, tsv_path: &Path) -> Result<(), String> {
    let command = if run.smoke {
        "cargo xtask bench --smoke"
    } else {
        "cargo xtask bench"
    };
    let mut md = String::new();
    let _ = writeln!(md, "# Benchmarks\n");
    let _ = writeln!(
        md,
        "Generated by `{command}` (crates/xtask/src/bench.rs) from one run ({} s of wall time); do not edit by hand, run it again. The TSV of the same run is `{}`.{}\n",
        run.seconds,
        tsv_path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
        if run.smoke { " **Smoke run: a couple of calls per workload, the times mean nothing.**" } else { "" }
    );
    let _ = writeln!(
        md,
        "Input: `{}` ({} certificates as openssl reads them), the same bundle ×10 for W7, a P7B made from it by `openssl crl2pkcs7`, a JKS made from it by the JDK's KeyStore (bench/java/PemToJks.java, password `changeit`), and two 3-certificate chains (RSA-2048 and ECDSA P-256, SHA-256 signatures) made by openssl at bench time. Every tool reads the same bytes.\n",
        super::data::BUNDLE,
        run.data.count
    );
    let _ = writeln!(
        md,
        "How: in-process tools are timed inside their runtime (Node `performance.now()`, Python `time.perf_counter()`), one sample per call. A workload's in-process tools run in {} rounds, each tool once per round in turn (a fresh process each time), so that a stretch of load from the machine's other work falls on all of them alike; a round is one untimed call and up to {} untimed warm-up calls (none started after 2 s), then at least {} calls and {} ms (or until {} ms with at least {} calls). The median reported is the median of the round medians; min, max and n are over all rounds. W7 is measured in W1's rounds (each tool runs W1, then W7, in turn; processes too), so that the W7 / W1 ratio compares times taken seconds apart: it is taken in each round, and the median of the rounds' ratios is judged. `openssl speed`, `dbcert speed` and the JavaScript hosts' reference loops (W6, bench/js/node-speed.mjs) also run in turn, once each per round, and W6's ratios too are taken per round and their medians judged. Processes are timed from spawn to exit (start-up included) after up to {} warm-up runs, for at least {} runs and {} ms (or until {} ms with at least {} runs). Medians, min and max in milliseconds. In-process and process results are compared only within their group. Every result is checked: certificates read must match openssl's count and SHA-256 fingerprints in order; conversion outputs are read back by openssl (P7B) or keytool (JKS) and must hold exactly the bundle's certificates; chains must verify. A tool that fails is reported with its error and is not eligible as the fastest peer.\n",
        run.rounds, run.inproc.warmup, run.inproc.min_iters, run.inproc.min_ms, run.inproc.max_ms, run.inproc.floor,
        run.process.warmup, run.process.min_iters, run.process.min_ms, run.process.max_ms, run.process.floor
    );
    let _ = writeln!(md, "## Machine\n\n| | |\n| --- | --- |");
    for (k, v) in machine() {
        let _ = writeln!(md, "| {k} | {} |", v.replace('|', "/"));
    }
    let _ = writeln!(md, "\nThe machine has 2 cores shared with other work; the bench runs one measurement at a time.\n");
    let _ = writeln!(
        md,
        "## Targets\n\n| target | measured | result |\n| --- | --- | --- |"
    );
    for (t, m, v) in targets(run) {
        let _ = writeln!(md, "| {t} | {m} | {v} |");
    }
    let _ = writeln!(
        md,
        "\n## Ratios: dbcert / fastest peer (time ratio; below 1 is faster)\n"
    );
    let _ = writeln!(md, "| workload | fastest peer (in-process) | dbcert-node | ratio | fastest JS peer | dbcert-wasm | ratio | fastest process peer | dbcert CLI | ratio |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for w in WORKLOADS {
        let cell = |p: Option<&Row>| {
            p.map_or("none".to_owned(), |p| {
                format!("{} {} ms", p.tool, ms(p.median))
            })
        };
        let d = |tool: &str| find(run.rows, w.id, tool).filter(|r| r.valid());
        let r = |d: Option<&Row>, p: Option<&Row>| match (d, p) {
            (Some(d), Some(p)) => ratio(d.median, p.median),
            _ => "–".into(),
        };
        let (pi, pj, pp) = (
            fastest(run.rows, w.id, Group::InProcess, None),
            fastest(run.rows, w.id, Group::InProcess, Some(JS_PEERS)),
            fastest(run.rows, w.id, Group::Process, None),
        );
        let (dn, dw, dc) = (d("dbcert-node"), d("dbcert-wasm"), d("dbcert CLI"));
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            w.title,
            cell(pi),
            dn.map_or("–".into(), |d| format!("{} ms", ms(d.median))),
            r(dn, pi),
            cell(pj),
            dw.map_or("–".into(), |d| format!("{} ms", ms(d.median))),
            r(dw, pj),
            cell(pp),
            dc.map_or("–".into(), |d| format!("{} ms", ms(d.median))),
            r(dc, pp),
        );
    }
    for (title, group) in [
        ("In-process results (ms)", Group::InProcess),
        (
            "Process results (ms, whole process: start-up included)",
            Group::Process,
        ),
    ] {
        let _ = writeln!(md, "\n## {title}\n\n| workload | tool | median | min | max | n | status | check | note |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for w in WORKLOADS {
            for r in run
                .rows
                .iter()
                .filter(|r| r.workload == w.id && r.group == group)
            {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    w.id,
                    r.tool,
                    ms(r.median),
                    ms(r.min),
                    ms(r.max),
                    r.n,
                    r.status,
                    r.check,
                    r.note.replace('|', "/")
                );
            }
        }
    }
    let _ = writeln!(md, "\n## W6: cost per signature\n\nA 3-certificate chain has two signatures to check (leaf by intermediate, intermediate by root). `openssl speed` ({} s each) is OpenSSL's own verify loop: RSA-2048 {:.0} verify/s = {} ms, P-256 {:.0} verify/s = {} ms per signature (medians of {} rounds). `dbcert speed` (`crates/dbcert-ring/examples/speed.rs`, as long, right after it in each round) verifies the two links of the same chains in turn through the core's `verify_signature_with`, the function `verify` calls for every link (algorithm, key and signature checks included): with ring as the fast path, as the Node addon and the CLI do, and with RustCrypto alone, compiled natively and, for the wasm package, compiled to wasm32 in the package's profile (`crates/dbcert-core/examples/speed_pure.rs` for wasm32-wasip1, run by Node's WASI: bench/js/wasi-speed.mjs). bench/js/node-speed.mjs then checks the same links, as long, with jsrsasign's `X509.verifySignature` (pure JavaScript, the peer of the wasm package's target: at least 2× its rate) and, for reference, with the native crypto a JavaScript host offers: Node's `X509Certificate.verify(issuerKey)` (OpenSSL inside Node, the fastest a JavaScript program in Node can check a certificate signature) and WebCrypto's `crypto.subtle.verify` over the TBS bytes, awaited (the only native crypto a browser page has, asynchronous), certificates and keys made once. The chain rows below put the whole `verify` call on the two signatures (chain median / 2): parsing, path building, every check, the report and, in process, the JS boundary included.\n", run.speed.seconds, 1000.0 / run.speed.ms_per_signature("w6-rsa"), ms(run.speed.ms_per_signature("w6-rsa")), 1000.0 / run.speed.ms_per_signature("w6-ec"), ms(run.speed.ms_per_signature("w6-ec")), run.speed.rounds.len());
    let _ = writeln!(md, "| variant | tool | group | chain median | per signature | × openssl speed |\n| --- | --- | --- | --- | --- | --- |");
    for w in ["w6-rsa", "w6-ec"] {
        let openssl = run.speed.ms_per_signature(w);
        let d = run.speed.links(w);
        for (engine, rate) in [
            ("dbcert speed, ring (addon, CLI)", d.ring),
            ("dbcert speed, pure Rust (native)", d.pure),
            (
                "dbcert speed, pure Rust as wasm in Node (wasm package)",
                d.wasm,
            ),
            (
                "reference: node:crypto X509Certificate.verify (OpenSSL in Node)",
                d.node_x509,
            ),
            (
                "reference: WebCrypto subtle.verify in Node, awaited",
                d.subtle,
            ),
            (
                "peer: jsrsasign X509.verifySignature (pure JavaScript)",
                d.jsrsasign,
            ),
        ] {
            let per = 1000.0 / rate;
            let _ = writeln!(
                md,
                "| {w} | {engine} | signature only | – | {} | {:.2} |",
                ms(per),
                per / openssl
            );
        }
        for r in run.rows.iter().filter(|r| r.workload == w && r.valid()) {
            let per = r.median / 2.0;
            let _ = writeln!(
                md,
                "| {w} | {} | {} | {} | {} | {:.1} |",
                r.tool,
                if r.group == Group::InProcess {
                    "in-process"
                } else {
                    "process"
                },
                ms(r.median),
                ms(per),
                per / openssl
            );
        }
    }
    let _ = writeln!(md, "\n## W8: package size (bytes)\n\nThe wasm package's web build as `cargo xtask wasm` makes it (every feature), and each JavaScript peer bundled for the browser with esbuild `--bundle --minify --platform=browser --format=esm` from a one-line entry that keeps the whole library (`globalThis.x = lib`). jks-js needs Node built-ins: `crypto`, `constants`, `stream` are aliased to crypto-browserify, constants-browserify and stream-browserify, `Buffer` and `process` are injected (bench/w8/node-globals.mjs), `assert` and `events` resolve to their npm packages; @peculiar/x509 includes its `reflect-metadata` polyfill and every dependency. gzip is `gzip -9`.\n\n| package | what | raw | gzip | dbcert wasm + glue gzip / this |\n| --- | --- | --- | --- | --- |");
    let total = run
        .sizes
        .iter()
        .find(|s| s.what.starts_with("wasm + JS glue"))
        .map_or(0, |s| s.gzip);
    for s in run.sizes {
        let versus = if s.tool.starts_with("dbcert") {
            "–".to_owned()
        } else {
            format!("{:.2}", total as f64 / s.gzip as f64)
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {versus} |",
            s.tool,
            s.what.replace('|', "/"),
            s.raw,
            s.gzip
        );
    }
    let _ = writeln!(md, "\n## W9: what a docs page downloads for `<dbcert-snippet>` (bytes)\n\nnpm/dbcert-snippet as `cargo xtask wasm` builds it (wasm-pack.toml `[snippet]`): the snippet generator alone (crates/dbcert-snippet-wasm over dbcert-core without its default features), its wasm-bindgen glue, the element and the module's JS side; one page with any number of elements downloads each once. gzip is `gzip -9`, each file on its own. The full package of W8 holds every function.\n\n| what | raw | gzip |\n| --- | --- | --- |");
    for s in run.snippet {
        let _ = writeln!(md, "| {} | {} | {} |", s.what, s.raw, s.gzip);
    }
    let _ = writeln!(md, "\n## W10: wasm instantiate time (ms)\n\nFresh Node processes (bench/js/instantiate.mjs): `require` of the Node entry (read, compile and instantiate synchronously), and `initSync` of the web build on its bytes. Fresh browser contexts in headless Chromium (Debian's, driven by playwright-core) loading a page from 127.0.0.1: the import of the web entry (the JS glue) and `await init()` (fetch of the .wasm, compile, instantiate), timed apart.\n\n| what | n | median | min | max |\n| --- | --- | --- | --- | --- |");
    for s in run.starts {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            s.what,
            s.n,
            ms(s.median),
            ms(s.min),
            ms(s.max)
        );
    }
    let _ = writeln!(md, "\n## W11: the inspector's draw time (ms)\n\nThe page (www/, served on 127.0.0.1 by this process) in each engine the browser suite runs in, all Debian's (tests/browser/engines.mjs): Chromium, Firefox ESR, WebKitGTK's MiniBrowser under Xvfb. bench/js/draw.mjs sets the machine's CA bundle (/etc/ssl/certs/ca-certificates.crt) on the CA file input once to warm up, then n times under new names, each timed from the file set on the input to the frame after its report was drawn (tests/browser/draw.mjs, which the browser suite also prints).\n\n| engine | certificates | n | median | min | max |\n| --- | --- | --- | --- | --- | --- |");
    for d in run.draws {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |",
            d.engine,
            d.certificates,
            d.n,
            ms(d.median),
            ms(d.min),
            ms(d.max)
        );
    }
    let _ = writeln!(md, "\n## What each tool does\n\n{TOOLS}");
    let _ = writeln!(md, "Peers are pinned: bench/package-lock.json (npm, installed by the bench with `npm ci` into bench/node_modules) and bench/requirements.txt (PyPI, installed into bench/.venv); openssl, keytool and java are Debian's (versions above).");
    std::fs::write(md_path, md).map_err(|e| format!("{}: {e}", md_path.display()))?;

    let mut tsv = String::from(
        "group\tworkload\ttool\twhat\tunit\tn\tmedian\tmin\tmax\tstatus\tcheck\tnote\n",
    );
    for r in run.rows {
        let g = if r.group == Group::InProcess {
            "in-process"
        } else {
            "process"
        };
        let _ = writeln!(
            tsv,
            "{g}\t{}\t{}\t-\tms\t{}\t{:.4}\t{:.4}\t{:.4}\t{}\t{}\t{}",
            r.workload, r.tool, r.n, r.median, r.min, r.max, r.status, r.check, r.note
        );
    }
    for w in ["w6-rsa", "w6-ec"] {
        let _ = writeln!(tsv, "in-process\t{w}\topenssl speed\tone signature verification\tms\t-\t{:.4}\t-\t-\tok\t-\t{} s run", run.speed.ms_per_signature(w), run.speed.seconds);
        let d = run.speed.links(w);
        for (engine, rate) in [
            ("dbcert speed ring", d.ring),
            ("dbcert speed pure", d.pure),
            ("dbcert speed wasm", d.wasm),
            ("node:crypto X509Certificate.verify", d.node_x509),
            ("WebCrypto subtle.verify", d.subtle),
            ("jsrsasign X509.verifySignature", d.jsrsasign),
        ] {
            let _ = writeln!(tsv, "in-process\t{w}\t{engine}\tone signature verification\tms\t-\t{:.4}\t-\t-\tok\t-\t{} s run", 1000.0 / rate, run.speed.seconds);
        }
    }
    for s in run.sizes {
        for (unit, v) in [("bytes", s.raw), ("bytes gzip -9", s.gzip)] {
            let _ = writeln!(
                tsv,
                "size\tw8\t{}\t{}\t{unit}\t1\t{v}\t{v}\t{v}\tok\t-\t",
                s.tool, s.what
            );
        }
    }
    for s in run.snippet {
        for (unit, v) in [("bytes", s.raw), ("bytes gzip -9", s.gzip)] {
            let _ = writeln!(
                tsv,
                "size\tw9\t{}\t{}\t{unit}\t1\t{v}\t{v}\t{v}\tok\t-\t",
                s.tool, s.what
            );
        }
    }
    for s in run.starts {
        let _ = writeln!(
            tsv,
            "instantiate\tw10\tdbcert-wasm\t{}\tms\t{}\t{:.4}\t{:.4}\t{:.4}\tok\t-\t",
            s.what, s.n, s.median, s.min, s.max
        );
    }
    for d in run.draws {
        let _ = writeln!(
            tsv,
            "draw\tw11\tdbcert-wasm\t{} ({} certificates)\tms\t{}\t{:.4}\t{:.4}\t{:.4}\tok\t-\t",
            d.engine, d.certificates, d.n, d.median, d.min, d.max
        );
    }
    std::fs::write(tsv_path, tsv).map_err(|e| format!("{}: {e}", tsv_path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::Group;

    fn row(median: f64, rounds: &[f64]) -> Row {
        Row {
            workload: "w".into(),
            tool: "t".into(),
            group: Group::InProcess,
            status: "ok".into(),
            n: 1,
            median,
            min: median,
            max: median,
            check: "pass".into(),
            note: String::new(),
            rounds: rounds.to_vec(),
        }
    }

    /// The W7 / W1 growth is judged per round: a slow round of W7 paired with a fast round of
    /// W1 (medians taken from different rounds) must not decide it.
    #[test]
    fn growth_is_the_median_of_per_round_ratios() {
        let w1 = row(9.0, &[11.0, 8.0, 9.0]);
        let w7 = row(109.0, &[111.0, 109.0, 84.0]);
        let (g, detail) = growth(&w1, &w7);
        assert!((g - 111.0 / 11.0).abs() < 1e-9, "{g}");
        assert!(detail.contains("rounds 10.09 / 13.62 / 9.33"), "{detail}");
        // A process has no rounds: the ratio of medians.
        let (g, _) = growth(&row(5.0, &[]), &row(40.0, &[]));
        assert_eq!(g, 8.0);
    }
}
