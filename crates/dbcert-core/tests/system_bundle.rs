//! The machine's Mozilla bundle and Java's cacerts, read by dbcert and by the real tools.

mod common;

use common::*;
use dbcert_core::{inspect, ReadOptions};

const MOZILLA: &str = "/etc/ssl/certs/ca-certificates.crt";

/// Every certificate of the Mozilla bundle: subject, issuer, serial and fingerprints equal
/// what openssl prints for the same certificate, in the same order.
#[test]
fn mozilla_bundle_matches_openssl() {
    let input = bytes(MOZILLA);
    let report = inspect(&input, &ReadOptions::default()).expect("the system bundle reads");
    // openssl's own split of the file (storeutl reads every certificate of a PEM file).
    let split = tool_ok("openssl", &["storeutl", "-certs", MOZILLA], None);
    let blocks = split_pem_blocks(&split);
    assert_eq!(
        report.certificates.len(),
        blocks.len(),
        "openssl and dbcert count different certificates"
    );
    assert!(
        blocks.len() > 50,
        "the system bundle looks truncated: {} certificates",
        blocks.len()
    );
    for (c, pem) in report.certificates.iter().zip(&blocks) {
        let out = tool_ok(
            "openssl",
            &[
                "x509",
                "-noout",
                "-nameopt",
                "RFC2253,-esc_msb",
                "-subject",
                "-issuer",
                "-serial",
                "-fingerprint",
                "-sha256",
            ],
            Some(pem.as_bytes()),
        );
        let field = |k: &str| {
            out.lines()
                .find_map(|l| l.strip_prefix(k))
                .unwrap_or_else(|| panic!("no {k} in {out}"))
                .to_owned()
        };
        assert_eq!(c.subject, field("subject="), "certificate #{}", c.index + 1);
        assert_eq!(c.issuer, field("issuer="), "certificate #{}", c.index + 1);
        assert_eq!(c.serial, field("serial="), "certificate #{}", c.index + 1);
        assert_eq!(
            c.fingerprint_sha256,
            field("sha256 Fingerprint="),
            "certificate #{}",
            c.index + 1
        );
        let sha1 = tool_ok(
            "openssl",
            &["x509", "-noout", "-fingerprint", "-sha1"],
            Some(pem.as_bytes()),
        );
        assert_eq!(
            format!("sha1 Fingerprint={}", c.fingerprint_sha1),
            sha1.trim()
        );
        let dates = tool_ok(
            "openssl",
            &["x509", "-noout", "-dates", "-dateopt", "iso_8601"],
            Some(pem.as_bytes()),
        );
        let nb = dates
            .lines()
            .find_map(|l| l.strip_prefix("notBefore="))
            .unwrap()
            .replace(' ', "T");
        assert_eq!(c.not_before, nb, "certificate #{}", c.index + 1);
    }
}

/// Key algorithm, size and curve agree with openssl for every Mozilla root.
#[test]
fn mozilla_keys_match_openssl() {
    let input = bytes(MOZILLA);
    let report = inspect(&input, &ReadOptions::default()).unwrap();
    let split = tool_ok("openssl", &["storeutl", "-certs", MOZILLA], None);
    for (c, pem) in report.certificates.iter().zip(split_pem_blocks(&split)) {
        let text = tool_ok(
            "openssl",
            &["x509", "-noout", "-text"],
            Some(pem.as_bytes()),
        );
        let bits_line = text
            .lines()
            .find(|l| l.contains("Public-Key: ("))
            .expect("key size line");
        let bits: u32 = bits_line
            .split('(')
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            c.key_bits,
            Some(bits),
            "certificate #{} {}",
            c.index + 1,
            c.subject
        );
        if text.contains("id-ecPublicKey") {
            assert_eq!(c.key_algorithm, "EC");
            let nist = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("NIST CURVE: "))
                .unwrap();
            assert_eq!(c.curve.as_deref(), Some(nist));
        } else if text.contains("rsaEncryption") {
            assert_eq!(c.key_algorithm, "RSA");
        }
        assert_eq!(
            c.is_ca,
            text.contains("CA:TRUE"),
            "certificate #{}",
            c.index + 1
        );
    }
}

/// The keystore writers' aliases and dates come from `Certificate::common_name_and_not_before`,
/// which finds the subject's CN without x509-parser's decoding of the name: on every certificate
/// of the Mozilla bundle, NIST PKITS, the shared corpus's keystores, P7Bs and malformed files and
/// the tests' own data that the readers accept, it gives what x509-parser's decoding gives.
#[test]
fn keystore_alias_fields_equal_x509_parsers_decoding() {
    use dbcert_core::cert::Certificate;
    let mut files = vec![std::path::PathBuf::from(MOZILLA)];
    for dir in [
        "corpus/pkits",
        "corpus/keystores",
        "corpus/p7b",
        "corpus/malformed",
    ] {
        files.extend(files_under(&shared().join(dir)));
    }
    files.extend(files_under(&repo().join("crates/dbcert-core/tests/data")));
    let (mut certs, mut with_cn) = (0, 0);
    for f in &files {
        let input = bytes(f);
        let passwords = [None, Some("changeit"), Some("password"), Some("")];
        let Some(bundle) = passwords
            .iter()
            .find_map(|p| dbcert_core::read(&input, &ReadOptions { password: *p }).ok())
        else {
            continue;
        };
        for (i, e) in bundle.certificates.iter().enumerate() {
            let fast = Certificate::common_name_and_not_before(&e.der);
            let full = Certificate::subject_and_not_before(&e.der)
                .map(|(name, at)| (name.common_name(), at));
            with_cn += usize::from(full.as_ref().is_ok_and(|(cn, _)| cn.is_some()));
            match (fast, full) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{} certificate #{i}", f.display()),
                (a, b) => assert_eq!(
                    a.err().map(|e| e.to_string()),
                    b.err().map(|e| e.to_string()),
                    "{} certificate #{i}",
                    f.display()
                ),
            }
            certs += 1;
        }
    }
    assert!(
        certs > 1000 && with_cn > 500,
        "{certs} certificates, {with_cn} with a CN"
    );
}
