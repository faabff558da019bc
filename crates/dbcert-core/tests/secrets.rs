//! Secrets: passwords never show up in `Debug` output, error messages, reports or warnings;
//! private keys are never printed, never written in the clear unless asked (`include_key` with
//! `encrypt_key` off), and written into JKS and PKCS#12 outputs only encrypted; the JKS and
//! PKCS#12 integrity checks compare in constant time.

mod common;

use common::*;
use dbcert_core::api::{ConvertRequest, InspectOptions, VerifyRequest};
use dbcert_core::convert::{convert, ConvertOptions, Target};
use dbcert_core::time::UnixTime;
use dbcert_core::{read, ErrorCode, ReadOptions};

const SECRET: &str = "Tr0ub4dor&3-not-the-password";

#[test]
fn debug_output_never_shows_a_password() {
    let inspect: InspectOptions =
        serde_json::from_str(&format!(r#"{{"password":"{SECRET}"}}"#)).unwrap();
    let convert_req: ConvertRequest = serde_json::from_str(&format!(
        r#"{{"to":"jks","password":"{SECRET}","outPassword":"{SECRET}","alias":"a"}}"#
    ))
    .unwrap();
    let verify_req: VerifyRequest = serde_json::from_str(&format!(
        r#"{{"host":"db.example.com","password":"{SECRET}","caPassword":"{SECRET}"}}"#
    ))
    .unwrap();
    let mut options = ConvertOptions::new(Target::Pkcs12, UnixTime(0));
    options.out_password = Some(SECRET.into());
    let read_options = ReadOptions {
        password: Some(SECRET),
    };
    for shown in [
        format!("{inspect:?}"),
        format!("{convert_req:?}"),
        format!("{verify_req:?}"),
        format!("{options:?}"),
        format!("{read_options:?}"),
        format!("{read_options:#?}"),
    ] {
        assert!(!shown.contains(SECRET), "password in Debug output: {shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
    // The other fields still show (the redaction is per field, not the whole struct).
    assert!(format!("{verify_req:?}").contains("db.example.com"));
    assert!(format!("{convert_req:?}").contains("jks"));
}

#[test]
fn wrong_password_errors_and_reports_never_echo_the_password() {
    for (rel, right) in [
        ("jks/keystore.jks", "changeit"),
        ("jks/mixed.jceks", "changeit"),
        ("pkcs12/openssl-aes.p12", "dbcert-test"),
        ("pkcs12/openssl-legacy.p12", "dbcert-test"),
    ] {
        let input = bytes(data(rel));
        let e = read(
            &input,
            &ReadOptions {
                password: Some(SECRET),
            },
        )
        .unwrap_err();
        assert!(
            matches!(
                e.code(),
                ErrorCode::WrongPassword | ErrorCode::IntegrityFailed
            ),
            "{rel}: {e}"
        );
        assert!(!e.to_string().contains(SECRET), "{rel}: {e}");
        // With the right password: the report, its warnings and key entries name no password.
        let report = dbcert_core::inspect(
            &input,
            &ReadOptions {
                password: Some(right),
            },
        )
        .unwrap();
        let json = serde_json::to_string(&report).unwrap();
        assert!(!json.contains(right), "{rel}: password in the report");
        assert!(
            !report.key_entries.is_empty(),
            "{rel}: the fixture has a key entry"
        );
    }
}

/// The private scalar of the EC key in a PKCS#12 fixture, as openssl decrypts it (the OCTET
/// STRING after `version 1` in the PKCS#8 ECPrivateKey; the rest of the key, the public point,
/// is in the certificate too).
fn openssl_private_key(rel: &str, password: &str) -> Vec<u8> {
    let pem = tool_ok(
        "openssl",
        &[
            "pkcs12",
            "-in",
            &data(rel).to_string_lossy(),
            "-nocerts",
            "-nodes",
            "-passin",
            &format!("pass:{password}"),
        ],
        None,
    );
    let out = tool(
        "openssl",
        &["pkey", "-outform", "DER"],
        Some(pem.as_bytes()),
    );
    assert!(out.status.success());
    let der = out.stdout;
    let at = der
        .windows(5)
        .position(|w| w == [0x02, 0x01, 0x01, 0x04, 0x20])
        .expect("an EC private key");
    der[at + 5..at + 5 + 32].to_vec()
}

#[test]
fn private_keys_are_never_printed_or_converted() {
    let rel = "pkcs12/openssl-aes.p12";
    let input = bytes(data(rel));
    let key = openssl_private_key(rel, "dbcert-test");
    let key_hex = dbcert_core::cert::hex(&key);
    let opened = ReadOptions {
        password: Some("dbcert-test"),
    };
    let bundle = read(&input, &opened).unwrap();
    assert_eq!(bundle.key_entries.len(), 1);
    let report = dbcert_core::inspect(&input, &opened).unwrap();
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.to_lowercase().contains(&key_hex.to_lowercase()));
    for to in [
        Target::Pem,
        Target::P7b,
        Target::P7bPem,
        Target::Jks,
        Target::Pkcs12,
    ] {
        let mut o = ConvertOptions::new(to, UnixTime(1_780_000_000));
        o.out_password = Some("changeit".into());
        let out = convert(&bundle, &o).unwrap();
        let keystore = matches!(to, Target::Jks | Target::Pkcs12);
        if !keystore {
            assert_eq!(out.count, bundle.certificates.len());
        }
        let text = String::from_utf8_lossy(&out.bytes);
        assert!(!text.contains("PRIVATE KEY"), "{to:?}");
        assert!(
            !out.bytes.windows(32).any(|w| w == key.as_slice()),
            "{to:?}: key bytes in the output"
        );
        let back = read(
            &out.bytes,
            &ReadOptions {
                password: Some("changeit"),
            },
        )
        .unwrap();
        if keystore {
            // A client keystore: the key, encrypted under the output password, and its
            // certificate.
            assert_eq!(back.key_entries.len(), 1, "{to:?}");
            assert!(back.key_entries[0].encryption.is_some(), "{to:?}");
            assert_eq!(back.key_entries[0].matches, Some(0), "{to:?}");
        } else {
            assert!(
                back.key_entries.is_empty(),
                "{to:?}: a key entry was written"
            );
        }
    }
    // The same for a JKS PrivateKeyEntry: written back encrypted, only into a keystore.
    let jks = read(
        &bytes(data("jks/keystore.jks")),
        &ReadOptions {
            password: Some("changeit"),
        },
    )
    .unwrap();
    assert_eq!(jks.key_entries.len(), 1);
    let mut o = ConvertOptions::new(Target::Jks, UnixTime(1_780_000_000));
    o.out_password = Some("changeit".into());
    let back = read(
        &convert(&jks, &o).unwrap().bytes,
        &ReadOptions {
            password: Some("changeit"),
        },
    )
    .unwrap();
    assert_eq!(back.key_entries.len(), 1);
    assert_eq!(back.key_entries[0].matches, Some(0));
    let mut o = ConvertOptions::new(Target::Pem, UnixTime(1_780_000_000));
    o.out_password = Some("changeit".into());
    let pem = convert(&jks, &o).unwrap().bytes;
    assert!(!String::from_utf8_lossy(&pem).contains("PRIVATE KEY"));
}

/// The integrity comparisons go through `subtle::ConstantTimeEq` (a source check: timing
/// cannot be measured reliably in a test), and no digest is compared with `==`.
#[test]
fn integrity_comparisons_are_constant_time() {
    let src = repo().join("crates/dbcert-core/src/formats");
    for (file, needle) in [
        ("jks/read.rs", "keyed_digest(&password, body).ct_eq(stored)"),
        ("pkcs12/mac.rs", "mac.as_slice().ct_eq(self.digest)"),
    ] {
        let text = String::from_utf8(bytes(src.join(file))).unwrap();
        assert!(text.contains("use subtle::ConstantTimeEq;"), "{file}");
        assert!(text.contains(needle), "{file}: {needle}");
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            let l = line.replace(' ', "");
            assert!(
                !(l.contains("==stored") || l.contains("stored==") || l.contains("==self.digest")),
                "{file}: non-constant-time comparison: {line}"
            );
        }
    }
}
