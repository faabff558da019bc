//! Criterion benchmarks of each writer, through `convert` (selection, order, aliases, then the
//! writer) on the machine's Mozilla bundle: PEM, DER (one certificate), P7B, P7B-PEM, JKS and
//! PKCS#12 (10,000 PBKDF2 iterations, as keytool). `cargo bench -p dbcert-core --bench write`.

use criterion::Criterion;
use dbcert_core::convert::{convert, ConvertOptions, Target};
use dbcert_core::time::UnixTime;
use dbcert_core::{read, ReadOptions};
use std::hint::black_box;

fn writers(c: &mut Criterion) {
    let path = "/etc/ssl/certs/ca-certificates.crt";
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let bundle = read(&text, &ReadOptions::default()).expect("bundle");
    let at = UnixTime::parse_rfc3339("2026-11-28T00:00:00Z").expect("time");
    let mut g = c.benchmark_group("write");
    for target in [
        Target::Pem,
        Target::Der,
        Target::P7b,
        Target::P7bPem,
        Target::Jks,
        Target::Pkcs12,
    ] {
        let mut options = ConvertOptions::new(target, at);
        if matches!(target, Target::Jks | Target::Pkcs12) {
            options.out_password = Some("changeit".into());
        }
        if target == Target::Der {
            options.index = Some(0);
        }
        let out = convert(&bundle, &options).expect("convert");
        let expected = if target == Target::Der {
            1
        } else {
            bundle.certificates.len()
        };
        assert_eq!(out.count, expected, "{target:?}");
        g.bench_function(format!("{target:?}"), |b| {
            b.iter(|| convert(black_box(&bundle), &options))
        });
    }
    g.finish();
}

/// Runs the benchmarks with criterion's command-line options (what `criterion_main!` does,
/// without the undocumented public function `criterion_group!` would add).
fn main() {
    let mut c = Criterion::default().configure_from_args();
    writers(&mut c);
    c.final_summary();
}
