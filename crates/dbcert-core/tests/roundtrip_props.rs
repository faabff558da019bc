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

/// PEM as other tools lay it out: CRLF or LF, lines of 64 or 76 digits (MIME), prose before,
/// between and after the blocks, RFC 1421 headers with their blank line, text after the BEGIN
/// dashes, trailing white space, a blank line before the END line.
fn reformat(ders: &[Vec<u8>], crlf: bool, width: usize, prose: bool, headers: bool) -> Vec<u8> {
    use std::fmt::Write;
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut s = String::new();
    for (i, der) in ders.iter().enumerate() {
        if prose {
            let _ = write!(s, "Certificate {i}: issued by somebody - see below{eol}");
        }
        let mut block = String::new();
        dbcert_core::formats::pem::encode("CERTIFICATE", der, &mut block);
        let digits: String = block.lines().filter(|l| !l.starts_with("-----")).collect();
        let _ = write!(s, "-----BEGIN CERTIFICATE-----");
        if prose {
            s.push_str(" (from the portal)");
        }
        s.push_str(eol);
        if headers {
            let _ = write!(s, "Comment: entry {i}{eol}{eol}");
        }
        for line in digits.as_bytes().chunks(width) {
            s.push_str(std::str::from_utf8(line).unwrap_or_default());
            s.push_str(if prose { " \t" } else { "" });
            s.push_str(eol);
        }
        if prose {
            // A blank line before the END line.
            s.push_str(eol);
        }
        let _ = write!(s, "-----END CERTIFICATE-----{eol}");
    }
    if prose {
        s.push_str("-- end of bundle --");
    }
    s.into_bytes()
}

proptest! {
    #![proptest_config(Config { cases: 64, failure_persistence: None, ..Config::default() })]

    /// Decode → encode → compare: PEM in any of the layouts above reads as the same DER, and
    /// dbcert's PEM writer gives back the canonical text; P7B and PKCS#12 read and written
    /// again give the same bytes (PKCS#12 with the same seed), with aliases and trust kept.
    #[test]
    fn decode_encode_compare(
        picks in cert_lists(),
        crlf in any::<bool>(),
        wide in any::<bool>(),
        prose in any::<bool>(),
        headers in any::<bool>(),
        seed in any::<[u8; 32]>(),
    ) {
        let ders: Vec<Vec<u8>> = picks.iter().map(|&i| pool()[i].clone()).collect();
        let text = reformat(&ders, crlf, if wide { 76 } else { 64 }, prose, headers);
        prop_assert_eq!(&read_back(&text, None, Format::Pem), &ders);
        let canonical = write(&ders, Target::Pem, None, seed);
        let again = write(&read_back(&text, None, Format::Pem), Target::Pem, None, seed);
        prop_assert_eq!(&again, &canonical);
        for (to, format, password) in [
            (Target::P7b, Format::P7b, None),
            (Target::P7bPem, Format::P7b, None),
            (Target::Pkcs12, Format::Pkcs12, Some("round-trip")),
        ] {
            let first = write(&ders, to, None, seed);
            let b = read(&first, &ReadOptions { password }).unwrap_or_else(|e| panic!("{to:?}: {e}"));
            prop_assert_eq!(b.format, format);
            if to == Target::Pkcs12 {
                // The writer's aliases and Java's trusted-certificate attribute come back.
                prop_assert!(b.certificates.iter().all(|c| c.trusted == Some(true) && c.alias.is_some()));
                let mut o = ConvertOptions::new(to, UnixTime(1_780_000_000));
                o.out_password = Some("round-trip".into());
                o.pkcs12.iterations = 1000;
                o.pkcs12.seed = seed;
                let second = convert(&b, &o).unwrap_or_else(|e| panic!("{to:?}: {e}")).bytes;
                prop_assert_eq!(&second, &first, "{:?}", to);
            } else {
                let ders_back: Vec<Vec<u8>> = b.certificates.into_iter().map(|c| c.der).collect();
                prop_assert_eq!(&write(&ders_back, to, None, seed), &first, "{:?}", to);
            }
        }
    }
}
