//! Criterion benchmarks of the reading hot paths on the machine's Mozilla CA bundle
//! (`/etc/ssl/certs/ca-certificates.crt`): PEM split (with base64), DER walk (full X.509
//! decode), SHA-256 fingerprint, and the whole `inspect` model. `cargo bench -p dbcert-core
//! --bench read`; `cargo xtask bench` compares the surfaces with other libraries.

use criterion::{Criterion, Throughput};
use dbcert_core::cert::{colon_hex, Certificate};
use dbcert_core::formats::pem;
use dbcert_core::ReadOptions;
use sha2::{Digest, Sha256};
use std::hint::black_box;

/// The machine's CA bundle; a missing one is a setup error, named.
fn bundle() -> Vec<u8> {
    let path = "/etc/ssl/certs/ca-certificates.crt";
    std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e} (apt-get install ca-certificates)"))
}

fn read(c: &mut Criterion) {
    let text = bundle();
    let blocks = pem::parse(&text).expect("the bundle is PEM");
    let ders: Vec<&[u8]> = blocks.iter().map(|b| b.der.as_slice()).collect();
    let bytes: u64 = ders.iter().map(|d| d.len() as u64).sum();
    let mut g = c.benchmark_group("bundle");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("pem split + base64", |b| {
        b.iter(|| pem::parse(black_box(&text)))
    });
    // The `pem` crate's parser over the whole text: what dbcert's reading replaced
    // (ARCHITECTURE.md, "Written here, and why").
    g.bench_function("pem crate parse_many alone", |b| {
        b.iter(|| ::pem::parse_many(black_box(&text)))
    });
    // The multi-megabyte case (W7's input): the bundle ten times.
    let ten = text.repeat(10);
    g.throughput(Throughput::Bytes(ten.len() as u64));
    g.bench_function("pem split + base64, bundle x10", |b| {
        b.iter(|| pem::parse(black_box(&ten)))
    });
    g.bench_function("pem crate parse_many alone, bundle x10", |b| {
        b.iter(|| ::pem::parse_many(black_box(&ten)))
    });
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function(
        "structure check (Certificate::check_structure each, as read)",
        |b| {
            b.iter(|| {
                for d in &ders {
                    Certificate::check_structure(black_box(d)).expect("certificate");
                }
            })
        },
    );
    g.bench_function("der walk (Certificate::parse each)", |b| {
        b.iter(|| {
            for d in &ders {
                black_box(Certificate::parse(black_box(d)).expect("certificate"));
            }
        })
    });
    g.bench_function("fingerprint sha-256 each", |b| {
        b.iter(|| {
            for d in &ders {
                black_box(colon_hex(&Sha256::digest(black_box(d))));
            }
        })
    });
    g.throughput(Throughput::Elements(ders.len() as u64));
    g.bench_function("read (format detect + pem + parse)", |b| {
        b.iter(|| dbcert_core::read(black_box(&text), &ReadOptions::default()))
    });
    g.bench_function("inspect (the whole model)", |b| {
        b.iter(|| dbcert_core::inspect(black_box(&text), &ReadOptions::default()))
    });
    g.finish();
}

/// Runs the benchmarks with criterion's command-line options (what `criterion_main!` does,
/// without the undocumented public function `criterion_group!` would add).
fn main() {
    let mut c = Criterion::default().configure_from_args();
    read(&mut c);
    c.final_summary();
}
