//! Every bundle format made from the same three certificates reads back to the same DER, and
//! the shared third-party P7B files read as their SOURCE.md says.

mod common;

use common::*;
use dbcert_core::{read, ErrorCode, Format, ReadOptions};

fn demo_ders() -> Vec<Vec<u8>> {
    let pem = bytes(repo().join("tests/data/demo/chain.pem"));
    read(&pem, &ReadOptions::default())
        .unwrap()
        .certificates
        .into_iter()
        .map(|c| c.der)
        .collect()
}

fn ders_of(rel: &str, password: Option<&str>) -> (Format, Vec<Vec<u8>>) {
    let b =
        read(&bytes(data(rel)), &ReadOptions { password }).unwrap_or_else(|e| panic!("{rel}: {e}"));
    (
        b.format,
        b.certificates.into_iter().map(|c| c.der).collect(),
    )
}

#[test]
fn every_fixture_format_gives_the_same_certificates() {
    let expected = demo_ders();
    assert_eq!(expected.len(), 3);
    // The DER of the demo chain equals what openssl decodes from the same PEM.
    let root_der = tool(
        "openssl",
        &["x509", "-outform", "DER"],
        Some(&bytes(repo().join("tests/data/demo/root.pem"))),
    )
    .stdout;
    assert_eq!(expected[2], root_der);
    for (rel, format) in [
        ("bundles/chain.pem", Format::Pem),
        ("bundles/chain-crlf.pem", Format::Pem),
        ("bundles/chain-text.pem", Format::Pem),
        ("bundles/chain.p7b", Format::P7b),
        ("bundles/chain-p7b.pem", Format::P7b),
    ] {
        assert_eq!(ders_of(rel, None), (format, expected.clone()), "{rel}");
    }
    assert_eq!(
        ders_of("bundles/root.der", None),
        (Format::Der, vec![expected[2].clone()])
    );
}

#[test]
fn private_key_blocks_are_described_with_a_warning_and_never_echoed() {
    // The fixture's Ed25519 key was made for the file alone: it belongs to neither certificate.
    let input = bytes(data("bundles/with-key.pem"));
    let b = read(&input, &ReadOptions::default()).unwrap();
    assert_eq!(b.certificates.len(), 2);
    let codes: Vec<&str> = b.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["private_key", "key_mismatch"]);
    assert_eq!(b.key_entries.len(), 1);
    let k = &b.key_entries[0];
    assert_eq!(
        k.key.as_ref().map(|i| (i.algorithm, i.bits)),
        Some((dbcert_core::keys::KeyAlgorithm::Ed25519, 256))
    );
    assert_eq!((k.matches, k.encryption.as_deref()), (None, None));
    let text = String::from_utf8_lossy(&input);
    let key_body: Vec<&str> = text
        .split("-----BEGIN PRIVATE KEY-----")
        .nth(1)
        .unwrap()
        .split("-----END")
        .next()
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .collect();
    let report = dbcert_core::inspect::report(&b).unwrap();
    let json = serde_json::to_string(&report).unwrap();
    for line in key_body {
        assert!(!json.contains(line), "key material leaked into the report");
    }
}

#[test]
fn p7b_writer_is_byte_identical_to_openssl_crl2pkcs7() {
    let ders = demo_ders();
    let ours = dbcert_core::formats::p7b::write(ders.iter().map(Vec::as_slice));
    assert_eq!(ours, bytes(data("bundles/chain.p7b")));
    let pem = dbcert_core::formats::p7b::write_pem(ders.iter().map(Vec::as_slice));
    assert_eq!(pem.as_bytes(), bytes(data("bundles/chain-p7b.pem")));
}

/// The third-party P7B files, with the expectations their SOURCE.md gives.
#[test]
fn shared_p7b_corpus() {
    let dir = shared().join("corpus/p7b");
    let expect_certs = [
        ("pyca/amazon-roots.der", 2),
        ("pyca/amazon-roots.p7b", 2),
        ("pyca/isrg.pem", 1),
        ("pyca/authenticode.der", 1),
        ("rustcrypto-cms/pkits.p7b", 2),
        ("rustcrypto-cms/pkits_ee.p7b", 1),
        ("rustcrypto-cms/cms_der.bin", 1),
        ("rustcrypto-cms/cms_ber.bin", 1),
        ("rustcrypto-cms/sd.cms", 1),
        ("rustcrypto-cms/authroot.stl", 2),
        ("keystore-explorer/cert.p7", 1),
        ("keystore-explorer/cert.p7b", 2),
        ("keystore-explorer/cert.spc", 1),
    ];
    for (rel, n) in expect_certs {
        let b = read(&bytes(dir.join(rel)), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(b.format, Format::P7b, "{rel}");
        assert_eq!(b.certificates.len(), n, "{rel}");
        // Each certificate equals openssl's view of the same file.
        let inform = if bytes(dir.join(rel)).starts_with(b"-----") {
            "PEM"
        } else {
            "DER"
        };
        let out = tool(
            "openssl",
            &[
                "pkcs7",
                "-print_certs",
                "-inform",
                inform,
                "-in",
                &dir.join(rel).to_string_lossy(),
            ],
            None,
        );
        if out.status.success() {
            let theirs = split_pem_blocks(&String::from_utf8_lossy(&out.stdout));
            assert_eq!(theirs.len(), n, "{rel}: openssl count");
            for (ours, pem) in b.certificates.iter().zip(theirs) {
                let der = tool(
                    "openssl",
                    &["x509", "-outform", "DER"],
                    Some(pem.as_bytes()),
                )
                .stdout;
                assert_eq!(ours.der, der, "{rel}");
            }
        }
    }
    // EnvelopedData is not a certificate bundle; an absent certificate set is not either.
    for rel in [
        "pyca/enveloped.pem",
        "pyca/enveloped-no-content.der",
        "rustcrypto-cms/apple_mdm_signature_der.bin",
    ] {
        let err = read(&bytes(dir.join(rel)), &ReadOptions::default()).unwrap_err();
        assert!(
            matches!(
                err.code(),
                ErrorCode::UnknownFormat | ErrorCode::NoCertificates
            ),
            "{rel}: {err}"
        );
    }
}

/// Every malformed file in the shared corpus gives a result or an error with a code; never a
/// panic. Each truncation of the demo chain's DER does the same.
#[test]
fn malformed_corpus_never_panics() {
    let mut errors = 0;
    let mut ok = 0;
    for path in files_under(&shared().join("corpus/malformed")) {
        let input = bytes(&path);
        match std::panic::catch_unwind(|| read(&input, &ReadOptions::default())) {
            Ok(Ok(b)) => {
                ok += 1;
                let _ = dbcert_core::inspect::report(&b);
            }
            Ok(Err(e)) => {
                errors += 1;
                assert!(!e.message().is_empty());
            }
            Err(_) => panic!("{} panicked", path.display()),
        }
    }
    assert!(ok + errors > 50, "the malformed corpus looks empty");
    eprintln!("malformed corpus: {ok} read, {errors} refused with an error code");
}

#[test]
fn truncations_and_bit_flips_never_panic() {
    for rel in ["bundles/root.der", "bundles/chain.p7b"] {
        let input = bytes(data(rel));
        for n in 0..input.len() {
            let _ = read(&input[..n], &ReadOptions::default());
        }
        for i in 0..input.len() {
            let mut flipped = input.clone();
            flipped[i] ^= 0x41;
            if let Ok(b) = read(&flipped, &ReadOptions::default()) {
                let _ = dbcert_core::inspect::report(&b);
            }
        }
    }
}

#[test]
fn errors_name_the_certificate_and_the_byte() {
    let mut pem = String::from_utf8(bytes(data("bundles/chain.pem"))).unwrap();
    // Break the second certificate: replace its DER with a truncated copy.
    let root = bytes(data("bundles/root.der"));
    let mut broken = String::new();
    dbcert_core::formats::pem::encode("CERTIFICATE", &root[..root.len() - 10], &mut broken);
    let blocks: Vec<&str> = pem.split_inclusive("-----END CERTIFICATE-----\n").collect();
    pem = format!("{}{}{}", blocks[0], broken, blocks[2]);
    let err = read(pem.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::MalformedDer);
    assert_eq!(err.certificate(), Some(1));
    assert_eq!(err.offset(), Some(0));
    assert!(err.to_string().contains("certificate #2, byte 0"), "{err}");
}

#[test]
fn input_errors_have_their_codes() {
    let code = |input: &[u8]| read(input, &ReadOptions::default()).unwrap_err().code();
    assert_eq!(code(b""), ErrorCode::EmptyInput);
    assert_eq!(code(b"  \n"), ErrorCode::EmptyInput);
    assert_eq!(
        code(b"<!DOCTYPE html><html>403 Forbidden</html>"),
        ErrorCode::UnknownFormat
    );
    assert_eq!(
        code(b"-----BEGIN CERTIFICATE-----\nMIIB\n"),
        ErrorCode::MalformedPem
    );
    // A key block is read (to describe the key): a truncated one is listed unread, with a
    // malformed_key warning, and is no error of the input.
    let cut = read(
        b"-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n",
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(cut.key_entries.len(), 1);
    assert!(cut.key_entries[0].key.is_none());
    assert!(cut.warnings.iter().any(|w| w.code == "malformed_key"));
    let big = vec![b' '; dbcert_core::limits::MAX_INPUT_BYTES + 1];
    assert_eq!(code(&big), ErrorCode::InputTooLarge);
}

/// A conversion copies certificates byte for byte, as `openssl crl2pkcs7` does: pyca's
/// `badasn1time.pem`, whose notBefore is not a valid time but whose DER structure is sound,
/// converts to the P7B openssl writes from it, while inspect names the broken field.
#[test]
fn convert_keeps_a_certificate_whose_content_only_inspect_refuses() {
    let path = shared().join("corpus/malformed/pyca-x509/badasn1time.pem");
    let input = bytes(&path);
    let bundle = read(&input, &ReadOptions::default()).unwrap();
    let ours =
        dbcert_core::formats::p7b::write(bundle.certificates.iter().map(|c| c.der.as_slice()));
    let out = tool(
        "openssl",
        &[
            "crl2pkcs7",
            "-nocrl",
            "-certfile",
            path.to_str().unwrap(),
            "-outform",
            "DER",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ours, out.stdout);
    let err = dbcert_core::inspect::report(&bundle).unwrap_err();
    assert_eq!(err.certificate(), Some(0), "{err}");
    assert!(err.to_string().contains("validity"), "{err}");
}
