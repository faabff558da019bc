//! What each fuzz target runs on one input, and what must hold beyond "no panic". One source
//! for the libFuzzer targets beside this file and for `cargo test`'s replay of the committed
//! corpus and the crash regressions (crates/dbcert-core/tests/fuzz_regressions.rs includes this
//! file by path).
#![allow(dead_code)] // each fuzz target uses one entry

// Fuzzing without debug assertions would let overflows and `debug_assert!`s pass silently:
// `cargo xtask fuzz` builds with `-a` (and fuzz/Cargo.toml turns overflow checks on).
#[cfg(all(fuzzing, not(debug_assertions)))]
compile_error!("build the fuzz targets with debug assertions: cargo fuzz build -s none -a");

use dbcert_core::cert::Certificate;
use dbcert_core::formats::{p7b, pem, pkcs12};
use dbcert_core::snippet::{generate, parse_version, SnippetOptions};
use dbcert_core::time::UnixTime;
use dbcert_core::verify::{verify, VerifyOptions};
use dbcert_core::{
    detect, detect_format, read, Bundle, CertEntry, Detected, Error, ErrorCode, Format, ReadOptions,
};

/// Every target, in the order `cargo xtask fuzz` runs them.
pub const TARGETS: &[&str] = &[
    "detect", "pem", "der_cert", "p7b", "jks", "jceks", "pkcs12", "verify", "snippet", "crl", "key",
];

/// Runs the entry of `target` on `data`.
pub fn run(target: &str, data: &[u8]) {
    match target {
        "detect" => detect_target(data),
        "pem" => pem_target(data),
        "der_cert" => der_cert(data),
        "p7b" => p7b_target(data),
        "jks" => keystore(data, Format::Jks),
        "jceks" => keystore(data, Format::Jceks),
        "pkcs12" => pkcs12_target(data),
        "verify" => verify_target(data),
        "snippet" => snippet(data),
        "crl" => crl_target(data),
        "key" => key_target(data),
        other => panic!("unknown fuzz target {other}"),
    }
}

/// The private-key decoders (PKCS#8, encrypted PKCS#8 with every scheme, PKCS#1, SEC 1, OpenSSL's
/// legacy PEM encryption) through the PEM reader. The first byte chooses the block's label, and
/// for the traditional labels a DEK-Info header (cipher and IV taken from the input); the rest
/// is the block's DER, read with and without a password beside a fixture certificate. Beyond no
/// panic: a key that is read belongs to that certificate or to none, the report serialises and
/// no key bytes appear in it.
pub fn key_target(data: &[u8]) {
    const CERT: &[u8] = include_bytes!("../../crates/dbcert-core/tests/data/crl/rsa-good.pem");
    let Some((&choice, der)) = data.split_first() else {
        return;
    };
    let labels = [
        "PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
    ];
    let label = labels[usize::from(choice & 3)];
    let mut block = String::new();
    pem::encode(label, der, &mut block);
    if choice & 4 != 0 && (label == "RSA PRIVATE KEY" || label == "EC PRIVATE KEY") {
        let ciphers = [
            "AES-128-CBC",
            "AES-256-CBC",
            "DES-EDE3-CBC",
            "DES-CBC",
            "AES-192-CBC",
            "BF-CBC",
        ];
        let cipher = ciphers[usize::from(choice >> 3) % ciphers.len()];
        let iv: String = der.iter().take(16).map(|b| format!("{b:02X}")).collect();
        let header = format!("Proc-Type: 4,ENCRYPTED\nDEK-Info: {cipher},{iv}\n\n");
        block = block.replacen("-----\n", &format!("-----\n{header}"), 1);
    }
    let mut input = CERT.to_vec();
    input.extend_from_slice(block.as_bytes());
    for password in [None, Some("pass"), Some("")] {
        match read(&input, &ReadOptions { password }) {
            Ok(b) => {
                check_bundle(&b);
                for k in &b.key_entries {
                    assert!(
                        k.matches.is_none() || k.matches == Some(0),
                        "matches a certificate that is not there"
                    );
                    assert!(k.key.is_none() || k.offset.is_some());
                }
                let json =
                    dbcert_core::inspect::json::report_json(&b).expect("the report serialises");
                if der.len() >= 24 {
                    let hex: String = der[8..24].iter().map(|b| format!("{b:02x}")).collect();
                    assert!(
                        !json.to_lowercase().contains(&hex),
                        "key bytes in the report"
                    );
                }
            }
            Err(e) => check_error(&e),
        }
    }
}

/// Format detection and the dispatching reader: `detect`, `detect_format`, `read` and the
/// inspect model of whatever was read.
pub fn detect_target(data: &[u8]) {
    let detected = detect(data);
    match detect_format(data) {
        Ok(f) => assert_eq!(detected, Detected::Known(f)),
        Err(e) => check_error(&e),
    }
    let _ = dbcert_core::formats::pem::labels(data);
    match read(data, &ReadOptions::default()) {
        Ok(b) => {
            // The reader follows detection (PEM text may be labelled P7B when its blocks turn out
            // to be PKCS7 only, and the other way round).
            let text = |f| matches!(f, Format::Pem | Format::P7b);
            match detected {
                Detected::Known(f) if text(f) && text(b.format) => {}
                d => assert_eq!(d, Detected::Known(b.format), "reader and detector disagree"),
            }
            check_bundle(&b);
        }
        Err(e) => check_error(&e),
    }
}

/// The PEM decoder: `pem::parse` and PEM bundles through `read`; what reads back survives
/// re-encoding (PEM writer → reader gives the same DER in the same order).
pub fn pem_target(data: &[u8]) {
    match pem::parse(data) {
        Ok(blocks) => {
            for b in blocks.iter().filter(|b| pem::is_certificate_label(b.label)) {
                let mut text = String::new();
                pem::encode("CERTIFICATE", &b.der, &mut text);
                let again = pem::parse(text.as_bytes()).expect("re-encoded PEM block parses");
                assert_eq!(again.len(), 1);
                assert_eq!(again[0].der, b.der, "PEM round trip changed the bytes");
            }
        }
        Err(e) => check_error(&e),
    }
    match read(data, &ReadOptions::default()) {
        Ok(b) => {
            check_bundle(&b);
            if matches!(b.format, Format::Pem | Format::P7b) && !b.certificates.is_empty() {
                let mut text = String::new();
                for c in &b.certificates {
                    pem::encode("CERTIFICATE", &c.der, &mut text);
                }
                check_read_back(text.as_bytes(), None, &ders(&b), "PEM");
            }
        }
        Err(e) => check_error(&e),
    }
}

/// The X.509 decoder and everything built on one certificate: the inspect description and a
/// one-certificate verification.
pub fn der_cert(data: &[u8]) {
    let cert = match Certificate::parse(data) {
        Ok(c) => c,
        Err(e) => {
            // Every decoding error says where: a byte offset inside the input.
            assert!(
                e.offset().is_some_and(|o| o <= data.len()),
                "no offset in the input for: {e}"
            );
            return check_error(&e);
        }
    };
    for lax in &cert.lax {
        assert!(lax.offset < data.len() && !lax.refused_by_all(), "{lax:?}");
        let _ = lax.message();
    }
    let _ = cert.is_self_issued();
    let _ = cert.subject.to_rfc4514();
    let _ = cert.issuer.to_rfc4514();
    let mut b = Bundle::new(Format::Der);
    b.certificates.push(CertEntry::plain(data.to_vec()));
    check_bundle(&b);
    let mut o = VerifyOptions::new(UnixTime(1_780_000_000));
    o.host = Some("db.example.com");
    let r = verify(&b, &o);
    serde_json::to_string(&r).expect("the verify report serialises");
}

/// The PKCS#7 / CMS certificate-bundle decoder (DER and BER); what reads back survives the P7B
/// writers (DER and PEM) with the same certificates in the same order.
pub fn p7b_target(data: &[u8]) {
    match p7b::read(data) {
        Ok(b) => {
            check_bundle(&b);
            let ders = ders(&b);
            if !ders.is_empty() {
                let out = p7b::write(ders.iter().map(Vec::as_slice));
                check_read_back(&out, None, &ders, "P7B");
                let pem = p7b::write_pem(ders.iter().map(Vec::as_slice));
                check_read_back(pem.as_bytes(), None, &ders, "P7B PEM");
            }
        }
        Err(e) => check_error(&e),
    }
}

/// The PKCS#12 decoder (BER, PBES2 / legacy PBE decryption, MAC and PBMAC1, bag attributes).
/// Inputs of even length are read with the fixtures' password `dbcert-test`, odd ones with
/// none (the empty password is tried): one read per input, since a file may legitimately ask
/// for up to `MAX_KDF_ITERATIONS` KDF rounds.
pub fn pkcs12_target(data: &[u8]) {
    let password = (data.len() & 1 == 0).then_some("dbcert-test");
    match pkcs12::read(data, password) {
        Ok(b) => check_bundle(&b),
        Err(e) => check_error(&e),
    }
}

/// Chain verification of any bundle. The first byte chooses the options (host name or IP,
/// the input as its own `ca`, a leaf index, a depth limit); the rest is read as any format.
/// The report must serialise and name only certificates that exist.
pub fn verify_target(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let bundle = match read(rest, &ReadOptions::default()) {
        Ok(b) => b,
        Err(e) => return check_error(&e),
    };
    let mut o = VerifyOptions::new(UnixTime(1_780_000_000));
    o.host = match flags & 3 {
        0 => None,
        1 => Some("db.example.com"),
        2 => Some("192.0.2.7"),
        _ => Some("*.example.com"),
    };
    if flags & 4 != 0 {
        o.ca = Some(&bundle);
    }
    if flags & 8 != 0 {
        o.leaf = Some(usize::from(flags >> 5));
    }
    if flags & 16 != 0 {
        o.max_chain_depth = Some(usize::from(flags >> 6));
    }
    let r = verify(&bundle, &o);
    let n = bundle.certificates.len();
    for i in r.chain.iter().chain(&r.unused) {
        assert!(*i < n, "report names certificate #{i} of {n}");
    }
    for f in r.errors.iter().chain(&r.warnings) {
        assert!(!f.message.is_empty());
    }
    serde_json::to_string(&r).expect("the verify report serialises");
}

/// The snippet generator's options: any JSON that deserialises into `SnippetOptions` (the
/// object every facade passes in) gives a snippet or a coded error.
pub fn snippet(data: &[u8]) {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = parse_version(s);
    }
    let Ok(options) = serde_json::from_slice::<SnippetOptions>(data) else {
        return;
    };
    match generate(&options) {
        Ok(s) => {
            serde_json::to_string(&s).expect("the snippet serialises");
        }
        Err(e) => check_error(&e),
    }
}

/// The CRL decoder and revocation checking: `crl::read::read` (PEM, DER, P7B), `Crl::parse`
/// and the inspect description of every CRL it returns, then a fixture chain (the CRL
/// fixtures' RSA root, intermediate and good leaf) verified at 2030-01-01 against those CRLs:
/// the report serialises and every revocation finding names a certificate of the chain.
pub fn crl_target(data: &[u8]) {
    use dbcert_core::crl::{info, read::read as read_crls, Crl};
    if let Err(e) = Crl::parse(data) {
        check_error(&e);
    }
    let crls = match read_crls(data) {
        Ok(c) => c,
        Err(e) => return check_error(&e),
    };
    for (i, der) in crls.iter().enumerate() {
        if let Err(e) = Crl::parse(der) {
            panic!("CRL #{i} was returned by the reader but does not decode: {e}");
        }
        let d = info::describe(i, der).expect("a CRL the reader returned is described");
        serde_json::to_string(&d).expect("the CRL description serialises");
    }
    const CHAIN: &[u8] = concat!(
        include_str!("../../crates/dbcert-core/tests/data/crl/rsa-good.pem"),
        include_str!("../../crates/dbcert-core/tests/data/crl/rsa-int.pem")
    )
    .as_bytes();
    const ROOT: &[u8] = include_bytes!("../../crates/dbcert-core/tests/data/crl/rsa-root.pem");
    let input = read(CHAIN, &ReadOptions::default()).expect("the fixture chain reads");
    let ca = read(ROOT, &ReadOptions::default()).expect("the fixture root reads");
    let mut o = VerifyOptions::new(UnixTime(1_893_456_000));
    o.ca = Some(&ca);
    o.crls = &crls;
    let r = verify(&input, &o);
    serde_json::to_string(&r).expect("the verify report serialises");
    for f in r.errors.iter().chain(&r.warnings) {
        if let Some(i) = f.certificate {
            assert!(i < input.certificates.len(), "finding names #{i}: {f:?}");
        }
    }
}

/// An error must carry one of the documented codes and a message a person can act on.
pub fn check_error(e: &Error) {
    assert!(
        ErrorCode::ALL.contains(&e.code()),
        "undocumented code {:?}",
        e.code()
    );
    assert!(!e.message().is_empty(), "empty message for {}", e.code());
}

/// A bundle a reader returned: every certificate's structure checks again (the readers check
/// each one), its content decodes or gives a documented error (the readers leave the content to
/// whoever reads it, as `openssl crl2pkcs7` does with pyca's `badasn1time.pem`), and the
/// inspect model builds and serialises.
pub fn check_bundle(b: &Bundle) {
    for (i, c) in b.certificates.iter().enumerate() {
        if let Err(e) = Certificate::check_structure(&c.der) {
            panic!("certificate #{i} was returned by a reader but its structure is refused: {e}");
        }
        if let Err(e) = Certificate::parse(&c.der) {
            check_error(&e);
        }
    }
    match dbcert_core::inspect::report(b) {
        Ok(r) => {
            serde_json::to_string(&r).expect("the inspect report serialises");
        }
        Err(e) => check_error(&e),
    }
}

/// The DER of every certificate, in order.
pub fn ders(b: &Bundle) -> Vec<Vec<u8>> {
    b.certificates.iter().map(|c| c.der.clone()).collect()
}

/// Reads back `bytes` written by a dbcert writer and checks the certificates are `expected`.
pub fn check_read_back(bytes: &[u8], password: Option<&str>, expected: &[Vec<u8>], what: &str) {
    let back = read(bytes, &ReadOptions { password })
        .unwrap_or_else(|e| panic!("{what} written by dbcert does not read back: {e}"));
    assert_eq!(
        ders(&back),
        expected,
        "{what} round trip changed the certificates"
    );
}

/// Reads a JKS or JCEKS keystore without and with the fixtures' password; a keystore that
/// reads is rewritten as JKS and must read back with the same certificates.
pub fn keystore(data: &[u8], format: dbcert_core::Format) {
    use dbcert_core::formats::jks;
    for password in [None, Some("changeit")] {
        match jks::read(data, format, password) {
            Ok(b) => {
                check_bundle(&b);
                if password.is_some() {
                    assert_eq!(b.integrity, dbcert_core::Integrity::Verified);
                }
                let mut entries = b.certificates.clone();
                for (i, e) in entries.iter_mut().enumerate() {
                    e.alias = Some(format!("c{i}"));
                    e.created_ms.get_or_insert(0);
                }
                if !entries.is_empty() {
                    let out = jks::write(&entries, "changeit").expect("JKS writer");
                    check_read_back(&out, Some("changeit"), &ders(&b), "JKS");
                }
            }
            Err(e) => check_error(&e),
        }
    }
}
