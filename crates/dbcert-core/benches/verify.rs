//! Criterion benchmarks of chain building and verification (path building, signatures and every
//! check): the RSA-2048 and ECDSA chains of tests/data/chains, and every certificate of the
//! machine's Mozilla bundle verified against the bundle's own roots.
//! `cargo bench -p dbcert-core --bench verify`.

use criterion::Criterion;
use dbcert_core::time::UnixTime;
use dbcert_core::verify::{verify, VerifyOptions};
use dbcert_core::{read, Bundle, ReadOptions};
use std::hint::black_box;

/// Reads PEM files of tests/data/chains into one bundle.
fn chain(files: &[&str]) -> Bundle {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/chains");
    let mut text = Vec::new();
    for f in files {
        text.extend(std::fs::read(format!("{dir}/{f}")).unwrap_or_else(|e| panic!("{f}: {e}")));
    }
    read(&text, &ReadOptions::default()).expect("fixture chain")
}

fn chains(c: &mut Criterion) {
    // The fixtures are valid 2020..2049; tests/verify.rs verifies at the same time.
    let at = UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").expect("time");
    let mut g = c.benchmark_group("verify");
    for (name, input, root) in [
        (
            "rsa-2048 chain (2 signatures)",
            ["rsa-leaf.pem", "rsa-int.pem"],
            "rsa-root.pem",
        ),
        (
            "ecdsa chain p-256 leaf, p-384 ca (2 signatures)",
            ["ec-leaf.pem", "ec-int.pem"],
            "ec-root.pem",
        ),
    ] {
        let input = chain(&input);
        let ca = chain(&[root]);
        let options = VerifyOptions {
            ca: Some(&ca),
            ..VerifyOptions::new(at)
        };
        let report = verify(&input, &options);
        assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
        g.bench_function(name, |b| b.iter(|| verify(black_box(&input), &options)));
    }
    let path = "/etc/ssl/certs/ca-certificates.crt";
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let bundle = read(&text, &ReadOptions::default()).expect("bundle");
    let now = UnixTime::parse_rfc3339("2026-11-28T00:00:00Z").expect("time");
    g.bench_function("mozilla bundle, every root (self-signed anchors)", |b| {
        b.iter(|| verify(black_box(&bundle), &VerifyOptions::new(now)))
    });
    g.finish();
}

/// Runs the benchmarks with criterion's command-line options (what `criterion_main!` does,
/// without the undocumented public function `criterion_group!` would add).
fn main() {
    let mut c = Criterion::default().configure_from_args();
    chains(&mut c);
    c.final_summary();
}
