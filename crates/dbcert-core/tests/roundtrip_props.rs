//! Property: any list of real certificates (random subsets, in random orders, of the repo's
//! fixtures and the machine's Mozilla bundle) written by every writer (PEM, DER single, P7B DER
//! and PEM, JKS, PKCS#12) reads back as the same DER in the same order, in the format written.

mod common;

use std::sync::OnceLock;

use common::*;
use dbcert_core::convert::{convert, ConvertOptions, Target};
use dbcert_core::time::UnixTime;
use dbcert_core::{read, Bundle, CertEntry, Format, ReadOptions};
use proptest::prelude::*;
use proptest::test_runner::Config;

const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// Every distinct certificate of the fixtures and the system bundle, in a fixed order.
fn pool() -> &'static [Vec<u8>] {
    static POOL: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    POOL.get_or_init(|| {
        let mut files = files_under(&data("chains"));
        files.extend(files_under(&data("pkcs12")));
        files.push(data("bundles/chain.pem"));
        files.push(SYSTEM_BUNDLE.into());
        let mut out: Vec<Vec<u8>> = Vec::new();
        for f in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "pem" || e == "crt"))
        {
            let b = read(&bytes(f), &ReadOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            for c in b.certificates {
                if !out.contains(&c.der) {
                    out.push(c.der);
                }
            }
        }
        assert!(
            out.len() > 100,
            "only {} certificates: is {SYSTEM_BUNDLE} there (apt-get install ca-certificates)?",
            out.len()
        );
        out
    })
}

/// Random non-empty lists of distinct pool certificates, in random order.
fn cert_lists() -> impl Strategy<Value = Vec<usize>> {
    let n = pool().len();
    proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 1..=12).prop_shuffle()
}

fn write(ders: &[Vec<u8>], to: Target, index: Option<usize>, seed: [u8; 32]) -> Vec<u8> {
    let mut bundle = Bundle::new(Format::Pem);
    bundle.certificates = ders.iter().cloned().map(CertEntry::plain).collect();
    let mut o = ConvertOptions::new(to, UnixTime(1_780_000_000));
    o.out_password = Some("round-trip".into());
    o.index = index;
    o.pkcs12.iterations = 1000;
    o.pkcs12.seed = seed;
    let out = convert(&bundle, &o).unwrap_or_else(|e| panic!("{to:?}: {e}"));
    assert_eq!(out.count, if to == Target::Der { 1 } else { ders.len() });
    out.bytes
}

fn read_back(bytes: &[u8], password: Option<&str>, format: Format) -> Vec<Vec<u8>> {
    let b = read(bytes, &ReadOptions { password }).unwrap_or_else(|e| panic!("{format:?}: {e}"));
    assert_eq!(b.format, format);
    b.certificates.into_iter().map(|c| c.der).collect()
}

proptest! {
    #![proptest_config(Config { cases: 128, failure_persistence: None, ..Config::default() })]

    #[test]
    fn every_writer_reads_back_the_same_certificates_in_order(
        picks in cert_lists(),
        index in any::<prop::sample::Index>(),
        seed in any::<[u8; 32]>(),
    ) {
        let ders: Vec<Vec<u8>> = picks.iter().map(|&i| pool()[i].clone()).collect();
        for (to, format, password) in [
            (Target::Pem, Format::Pem, None),
            (Target::P7b, Format::P7b, None),
            (Target::P7bPem, Format::P7b, None),
            (Target::Jks, Format::Jks, Some("round-trip")),
            (Target::Pkcs12, Format::Pkcs12, Some("round-trip")),
        ] {
            let out = write(&ders, to, None, seed);
            prop_assert_eq!(&read_back(&out, password, format), &ders, "{:?}", to);
        }
        let i = index.index(ders.len());
        let one = write(&ders, Target::Der, Some(i), seed);
        prop_assert_eq!(&one, &ders[i]);
        prop_assert_eq!(read_back(&one, None, Format::Der), vec![ders[i].clone()]);
    }
}
