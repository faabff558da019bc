//! PKCS#12 reader and writer, checked against third-party files (../shared/corpus/keystores and
//! its MANIFEST.json), fixtures made by OpenSSL 3 and keytool 17 (tests/data/pkcs12/make.sh),
//! the RFC 9579 PBMAC1 vectors, and the real tools reading what the writer produces.
//!
//! Tests that run `openssl` or `keytool` fail (never skip) when the tool is missing.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use dbcert_core::der::{constructed, tag, tlv, uint, Der};
use dbcert_core::formats::pkcs12::{self, WriteOptions};
use dbcert_core::{oid, Bundle, CertEntry, ErrorCode, Integrity, KeyEntryKind, ReadOptions};
use sha2::{Digest, Sha256};

const PW: &str = "dbcert-test";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pkcs12")
}

fn fixture(name: &str) -> Vec<u8> {
    let p = fixtures().join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/keystores")
}

/// The DER of every certificate in a PEM file, in order.
fn pem_certs(text: &[u8]) -> Vec<Vec<u8>> {
    dbcert_core::formats::pem::parse(text)
        .expect("PEM parses")
        .into_iter()
        .filter(|b| b.label == "CERTIFICATE")
        .map(|b| b.der)
        .collect()
}

fn fixture_pem(name: &str) -> Vec<u8> {
    let mut certs = pem_certs(&fixture(name));
    assert_eq!(certs.len(), 1, "{name}");
    certs.remove(0)
}

fn run(tool: &str, package: &str, args: &[&str]) -> Output {
    Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{tool}` ({e}); install it: apt-get install {package}")
    })
}

fn openssl(args: &[&str]) -> Output {
    run("openssl", "openssl", args)
}

fn keytool(args: &[&str]) -> Output {
    run("keytool", "openjdk-17-jdk-headless", args)
}

fn sha256_hex(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn ders(b: &Bundle) -> Vec<Vec<u8>> {
    b.certificates.iter().map(|c| c.der.clone()).collect()
}

fn aliases(b: &Bundle) -> Vec<Option<String>> {
    b.certificates.iter().map(|c| c.alias.clone()).collect()
}

fn code(r: Result<Bundle, dbcert_core::Error>) -> ErrorCode {
    match r {
        Ok(b) => panic!(
            "expected an error, got {} certificates",
            b.certificates.len()
        ),
        Err(e) => e.code(),
    }
}

/// Every file below a directory, sorted.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------
// Third-party corpus
// ---------------------------------------------------------------------------------------------

struct ManifestEntry {
    file: String,
    password: String,
    structure: Vec<String>,
    keytool_private: Option<BTreeSet<String>>,
    keytool_trusted: Option<BTreeSet<String>>,
}

fn manifest_pkcs12() -> Vec<ManifestEntry> {
    let text = std::fs::read_to_string(corpus().join("MANIFEST.json")).expect("MANIFEST.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("MANIFEST.json parses");
    let mut out = Vec::new();
    for e in json.as_array().expect("array") {
        if e["store_type"] != "PKCS12" {
            continue;
        }
        let kt = &e["keytool"];
        let set = |kind: &str| -> Option<BTreeSet<String>> {
            kt["count"].as_u64()?;
            Some(
                kt["entries"]
                    .as_array()?
                    .iter()
                    .filter(|x| x["type"] == kind)
                    .map(|x| x["alias"].as_str().unwrap_or_default().to_owned())
                    .collect(),
            )
        };
        out.push(ManifestEntry {
            file: e["file"].as_str().expect("file").to_owned(),
            password: e["store_password"].as_str().expect("password").to_owned(),
            structure: e["pkcs12_structure"]
                .as_array()
                .expect("structure")
                .iter()
                .map(|s| s.as_str().unwrap_or_default().to_owned())
                .collect(),
            keytool_private: set("PrivateKeyEntry"),
            keytool_trusted: set("trustedCertEntry"),
        });
    }
    out
}

/// Certificates as `openssl pkcs12 -nokeys` prints them (file order).
fn openssl_certs(path: &Path, password: &str) -> Vec<Vec<u8>> {
    let out = openssl(&[
        "pkcs12",
        "-in",
        path.to_str().expect("utf-8 path"),
        "-nokeys",
        "-legacy",
        "-passin",
        &format!("pass:{password}"),
    ]);
    assert!(
        out.status.success(),
        "openssl pkcs12 {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    pem_certs(&out.stdout)
}

#[test]
fn corpus_pkcs12_files_read_like_openssl_and_keytool() {
    let entries = manifest_pkcs12();
    assert!(
        entries.len() >= 50,
        "MANIFEST lists {} PKCS#12 files",
        entries.len()
    );
    let (mut read_ok, mut certs_total, mut keys_total, mut unsupported) = (0, 0, 0, 0);
    for m in &entries {
        let path = corpus().join(&m.file);
        let bytes = std::fs::read(&path).expect("corpus file");
        let result = pkcs12::read(&bytes, Some(&m.password));
        if m.structure.iter().any(|s| s.starts_with("MAC: blake2b512")) {
            let e = result.expect_err("BLAKE2b MAC is not implemented");
            assert_eq!(e.code(), ErrorCode::UnsupportedAlgorithm, "{}", m.file);
            assert!(
                e.message().contains("1.3.6.1.4.1.1722.12.2.1.16"),
                "{}: {e}",
                m.file
            );
            unsupported += 1;
            continue;
        }
        let b = result.unwrap_or_else(|e| panic!("{}: {e} ({:?})", m.file, e.code()));
        read_ok += 1;
        let count = |what: &str| m.structure.iter().filter(|s| s.starts_with(what)).count();
        assert_eq!(
            b.certificates.len(),
            count("Certificate bag"),
            "{}: certificates",
            m.file
        );
        let shrouded = count("Shrouded Keybag");
        assert_eq!(
            b.key_entries.len(),
            shrouded + count("Key bag"),
            "{}: key entries",
            m.file
        );
        assert!(
            b.key_entries
                .iter()
                .all(|k| k.kind == KeyEntryKind::PrivateKey),
            "{}",
            m.file
        );
        if m.structure.iter().any(|s| s.contains("MAC is absent")) {
            assert_eq!(b.integrity, Integrity::NotApplicable, "{}", m.file);
            assert!(b.warnings.iter().any(|w| w.code == "no_mac"), "{}", m.file);
        } else {
            assert_eq!(b.integrity, Integrity::Verified, "{}", m.file);
        }
        // Same certificates, same order as OpenSSL.
        assert_eq!(
            ders(&b),
            openssl_certs(&path, &m.password),
            "{}: certificates differ from openssl's",
            m.file
        );
        // Java: shrouded keys are PrivateKeyEntry (plain keyBags are not loaded by Java); certificates
        // with the trusted attribute are trustedCertEntry. Aliases match where the file names them
        // (Java lower-cases them and makes up numbers for unnamed entries).
        if let (Some(private), Some(trusted)) = (&m.keytool_private, &m.keytool_trusted) {
            assert_eq!(
                private.len(),
                shrouded,
                "{}: keytool PrivateKeyEntry count",
                m.file
            );
            let ours_trusted: Vec<_> = b
                .certificates
                .iter()
                .filter(|c| c.trusted == Some(true))
                .collect();
            assert_eq!(
                ours_trusted.len(),
                trusted.len(),
                "{}: trusted certificates",
                m.file
            );
            for c in ours_trusted {
                if let Some(a) = &c.alias {
                    assert!(
                        trusted.contains(&a.to_lowercase()),
                        "{}: trusted alias {a:?} not in {trusted:?}",
                        m.file
                    );
                }
            }
            // (Only when every key is shrouded: Java skips plain keyBags.)
            for k in b.key_entries.iter().filter(|_| count("Key bag") == 0) {
                if let Some(a) = &k.alias {
                    assert!(
                        private.contains(&a.to_lowercase()),
                        "{}: key alias {a:?} not in {private:?}",
                        m.file
                    );
                }
            }
        }
        certs_total += b.certificates.len();
        keys_total += b.key_entries.len();

        // No password: fine for files with the empty password, else password_required.
        let none = pkcs12::read(&bytes, None);
        if m.password.is_empty() {
            assert_eq!(
                ders(&none.expect("empty password tried by default")),
                ders(&b),
                "{}",
                m.file
            );
        } else {
            assert_eq!(code(none), ErrorCode::PasswordRequired, "{}", m.file);
        }
        // A wrong password.
        assert_eq!(
            code(pkcs12::read(&bytes, Some("not-the-password"))),
            ErrorCode::WrongPassword,
            "{}",
            m.file
        );
    }
    println!(
        "corpus: {} PKCS#12 files, {read_ok} read ({certs_total} certificates, {keys_total} key entries), {unsupported} unsupported MAC",
        entries.len()
    );
    assert_eq!(
        unsupported, 1,
        "only example11 (BLAKE2b MAC) is unsupported"
    );
}

#[test]
fn corpus_aliases_and_trust_flags() {
    let read = |f: &str, pw: &str| {
        pkcs12::read(
            &std::fs::read(corpus().join(f)).expect("corpus file"),
            Some(pw),
        )
        .expect(f)
    };
    // Java trust store written by pyca: two certificates marked trusted.
    let b = read("pyca-pkcs12/java-truststore.p12", "");
    assert_eq!(
        b.certificates.iter().map(|c| c.trusted).collect::<Vec<_>>(),
        [Some(true), Some(true)]
    );
    // The second bag has no friendlyName (keytool invents "1" for it).
    assert_eq!(aliases(&b), [Some("cert1".to_owned()), None]);
    // Java 11 keytool trust store with the RC2-40 legacy cipher, inside a ".jks".
    let b = read("jks-js/java11/keystore/RSA_2048_truststore.jks", "password");
    assert_eq!(
        (b.certificates.len(), b.certificates[0].trusted),
        (1, Some(true))
    );
    assert_eq!(b.certificates[0].alias.as_deref(), Some("jks-js"));
    // Key store: the key's certificate shares its localKeyID, it is not a trusted entry.
    let b = read("jks-js/java11/keystore/RSA_2048_keystore.jks", "password");
    assert_eq!(b.certificates[0].trusted, Some(false));
    assert_eq!(b.key_entries.len(), 1);
    assert_eq!(
        (
            b.key_entries[0].alias.as_deref(),
            b.key_entries[0].chain_length
        ),
        (Some("jks-js"), 1)
    );
    assert_eq!(
        b.certificates[0].der,
        pem_certs(
            &std::fs::read(corpus().join("jks-js/java11/pem/RSA_2048_keystore.pem")).unwrap()
        )[0]
    );
    // KeyStore Explorer: two private keys, certificates RC2-40 encrypted.
    let b = read("keystore-explorer/keystore.p12", "123456");
    let mut names: Vec<_> = b
        .key_entries
        .iter()
        .map(|k| k.alias.clone().unwrap_or_default())
        .collect();
    names.sort();
    assert_eq!(names, ["ec", "test"]);
    // Non-ASCII friendlyName.
    let b = read("pyca-pkcs12/name-unicode-pwd.p12", "password");
    assert!(
        b.key_entries
            .iter()
            .any(|k| k.alias.as_deref() == Some("☺")),
        "{:?}",
        b.key_entries
    );
    // Firefox export: BER with indefinite lengths, MAC 600,000 iterations.
    let b = read(
        "rustcrypto-pkcs12/ValidCertificatePathTest1EE_firefox.p12",
        "password",
    );
    let expected = pem_certs(
        &std::fs::read(corpus().join("rustcrypto-pkcs12/ValidCertificatePathTest1EE.pem")).unwrap(),
    );
    assert!(expected.contains(&b.certificates[0].der));
    // Plain keyBag: listed as a private key and flagged, never read.
    let b = read("rustcrypto-pkcs12/example7.pfx", "1234");
    assert!(b
        .warnings
        .iter()
        .any(|w| w.code == "unencrypted_private_key"));
}

#[test]
fn every_keystore_corpus_file_without_panic() {
    // Passwords from the MANIFEST where it has one, so that the password path runs too.
    let text = std::fs::read_to_string(corpus().join("MANIFEST.json")).expect("MANIFEST.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("MANIFEST.json parses");
    let password_of = |path: &Path| -> String {
        json.as_array()
            .expect("array")
            .iter()
            .find(|e| corpus().join(e["file"].as_str().unwrap_or_default()) == path)
            .and_then(|e| e["store_password"].as_str())
            .unwrap_or("password")
            .to_owned()
    };
    let files = walk(&corpus());
    let (mut ok, mut err) = (0, 0);
    for path in &files {
        let bytes = std::fs::read(path).expect("read");
        let given = password_of(path);
        for password in [None, Some(given.as_str())] {
            let started = Instant::now();
            let direct = catch_unwind(AssertUnwindSafe(|| pkcs12::read(&bytes, password)));
            let via_detect = catch_unwind(AssertUnwindSafe(|| {
                dbcert_core::read(&bytes, &ReadOptions { password })
            }));
            assert!(
                direct.is_ok(),
                "pkcs12::read panicked on {}",
                path.display()
            );
            assert!(
                via_detect.is_ok(),
                "dbcert_core::read panicked on {}",
                path.display()
            );
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "{} took {:?}",
                path.display(),
                started.elapsed()
            );
            match direct {
                Ok(Ok(_)) => ok += 1,
                _ => err += 1,
            }
        }
    }
    println!(
        "{} files x 2 (no password, MANIFEST password): {ok} read as PKCS#12, {err} errors, no panic",
        files.len()
    );
    assert!(files.len() > 150);
}

#[test]
fn detection_sends_every_pkcs12_corpus_file_to_this_reader() {
    for m in manifest_pkcs12() {
        let bytes = std::fs::read(corpus().join(&m.file)).expect("corpus file");
        assert!(pkcs12::looks_like_pfx(&bytes), "{}", m.file);
        assert_eq!(
            dbcert_core::detect_format(&bytes).ok(),
            Some(dbcert_core::Format::Pkcs12),
            "{} is not detected as PKCS#12 (format.rs: BER PFX starts 30 80 02 01 03; pkcs12::looks_like_pfx handles it)",
            m.file
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures made by make.sh
// ---------------------------------------------------------------------------------------------

#[test]
fn openssl_exports_with_and_without_legacy() {
    let leaf = fixture_pem("leaf.pem");
    let chain = pem_certs(&fixture("chain.pem"));
    let expected = [vec![leaf.clone()], chain.clone()].concat();
    for (file, password) in [
        ("openssl-aes.p12", PW),
        ("openssl-legacy.p12", PW),
        ("openssl-rc2-128-2des-sha512.p12", PW),
        ("openssl-aes128-sha384.p12", PW),
        ("openssl-empty-password.p12", ""),
        ("openssl-nonascii.p12", "pässwörd"),
        ("openssl-nonascii-legacy.p12", "pässwörd"),
    ] {
        let b =
            pkcs12::read(&fixture(file), Some(password)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(ders(&b), expected, "{file}");
        assert_eq!(
            aliases(&b),
            [Some("db-server".to_owned()), None, None],
            "{file}"
        );
        assert!(
            b.certificates
                .iter()
                .all(|c| c.trusted == Some(false) && c.created_ms.is_none()),
            "{file}"
        );
        assert_eq!(b.key_entries.len(), 1, "{file}");
        let k = &b.key_entries[0];
        // The chain keytool lists: the leaf (the key's localKeyId), then its issuers by name.
        assert_eq!(
            (k.alias.as_deref(), k.kind, k.chain_length),
            (Some("db-server"), KeyEntryKind::PrivateKey, 3),
            "{file}"
        );
        assert_eq!(b.integrity, Integrity::Verified, "{file}");
        // The same through format detection.
        let via = dbcert_core::read(
            &fixture(file),
            &ReadOptions {
                password: Some(password),
            },
        )
        .expect(file);
        assert_eq!(via.format, dbcert_core::Format::Pkcs12);
        assert_eq!(ders(&via), expected, "{file}");
    }
    // The empty password is also what "no password" means.
    assert_eq!(
        ders(&pkcs12::read(&fixture("openssl-empty-password.p12"), None).unwrap()),
        expected
    );
    // OpenSSL 1.0-style encoding of a non-ASCII password is not what OpenSSL 3 wrote: the right
    // password matches on the first try, a near miss is still wrong.
    assert_eq!(
        code(pkcs12::read(
            &fixture("openssl-nonascii.p12"),
            Some("passwörd")
        )),
        ErrorCode::WrongPassword
    );
}

#[test]
fn openssl_nokeys_certificates_are_not_java_trusted() {
    let chain = pem_certs(&fixture("chain.pem"));
    for file in ["openssl-nokeys.p12", "openssl-nokeys-legacy.p12"] {
        let b = pkcs12::read(&fixture(file), Some(PW)).expect(file);
        assert_eq!(ders(&b), chain, "{file}");
        assert!(
            b.certificates
                .iter()
                .all(|c| c.trusted == Some(false) && c.alias.is_none()),
            "{file}"
        );
        assert!(b.key_entries.is_empty());
    }
}

#[test]
fn keytool_truststores_and_keystore() {
    let root = fixture_pem("root.pem");
    let intermediate = fixture_pem("intermediate.pem");
    let b = pkcs12::read(&fixture("keytool-truststore.p12"), Some(PW)).unwrap();
    assert_eq!(ders(&b), [root.clone(), intermediate]);
    assert_eq!(
        aliases(&b),
        [Some("root".to_owned()), Some("intermediate".to_owned())]
    );
    assert!(b.certificates.iter().all(|c| c.trusted == Some(true)));
    assert_eq!(b.integrity, Integrity::Verified);

    let b = pkcs12::read(&fixture("keytool-truststore-legacy.p12"), Some(PW)).unwrap();
    assert_eq!(
        (ders(&b), b.certificates[0].trusted),
        (vec![root.clone()], Some(true))
    );

    let b = pkcs12::read(&fixture("keytool-keystore.p12"), Some(PW)).unwrap();
    assert_eq!(
        aliases(&b),
        [Some("server".to_owned()), Some("root".to_owned())]
    );
    assert_eq!(
        b.certificates.iter().map(|c| c.trusted).collect::<Vec<_>>(),
        [Some(false), Some(true)]
    );
    assert_eq!(b.certificates[1].der, root);
    assert_eq!(b.key_entries.len(), 1);
    assert_eq!(
        (
            b.key_entries[0].alias.as_deref(),
            b.key_entries[0].chain_length
        ),
        (Some("server"), 1)
    );
}

#[test]
fn password_errors() {
    for file in [
        "openssl-aes.p12",
        "openssl-legacy.p12",
        "keytool-truststore.p12",
        "keytool-keystore.p12",
    ] {
        let bytes = fixture(file);
        assert_eq!(
            code(pkcs12::read(&bytes, Some("wrong"))),
            ErrorCode::WrongPassword,
            "{file}"
        );
        assert_eq!(
            code(pkcs12::read(&bytes, None)),
            ErrorCode::PasswordRequired,
            "{file}"
        );
        assert_eq!(
            code(pkcs12::read(&bytes, Some(""))),
            ErrorCode::WrongPassword,
            "{file}"
        );
        let e = dbcert_core::read(&bytes, &ReadOptions { password: None }).unwrap_err();
        assert_eq!(e.code(), ErrorCode::PasswordRequired, "{file}");
    }
    // No MAC: the password is checked by decrypting.
    let nomac = fixture("openssl-nomac.p12");
    let b = pkcs12::read(&nomac, Some(PW)).unwrap();
    assert_eq!(ders(&b), pem_certs(&fixture("chain.pem")));
    assert_eq!(b.integrity, Integrity::NotApplicable);
    assert!(b.warnings.iter().any(|w| w.code == "no_mac"));
    assert_eq!(
        code(pkcs12::read(&nomac, None)),
        ErrorCode::PasswordRequired
    );
    assert_eq!(
        code(pkcs12::read(&nomac, Some("wrong"))),
        ErrorCode::WrongPassword
    );
}

/// The offset of the MacData (the PFX's last element) and of the authSafe OCTET STRING content.
fn pfx_layout(pfx: &[u8]) -> (usize, usize) {
    let mut d = Der::new(pfx, 0);
    let outer = d.read().unwrap();
    let mut r = outer.reader().unwrap();
    r.read().unwrap(); // version
    let auth = r.read().unwrap();
    let mac = r.read().unwrap();
    let mut a = auth.reader().unwrap();
    a.read().unwrap(); // OID data
    let wrapper = a.read().unwrap();
    let octets = wrapper.reader().unwrap().read().unwrap();
    (mac.offset, octets.value_offset)
}

#[test]
fn altered_file_is_integrity_failed_not_wrong_password() {
    // Flip the last byte of the authenticated contents (inside the key bag's attributes, after the
    // encrypted certificates): the MAC fails, but the password still decrypts the certificates.
    let mut bytes = fixture("openssl-aes.p12");
    let (mac_offset, _) = pfx_layout(&bytes);
    bytes[mac_offset - 1] ^= 0x01;
    let e = pkcs12::read(&bytes, Some(PW)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::IntegrityFailed, "{e}");
    assert_eq!(
        code(pkcs12::read(&bytes, Some("wrong"))),
        ErrorCode::WrongPassword
    );
}

#[test]
fn truncated_and_damaged_files_give_errors_with_offsets() {
    let bytes = fixture("openssl-legacy.p12");
    let e = pkcs12::read(&bytes[..bytes.len() - 10], Some(PW)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MalformedDer);
    assert_eq!(e.offset(), Some(0), "{e}");
    // Every truncation and a sweep of single-byte changes: an error or a result, never a panic.
    let mut errors = 0;
    for cut in (0..bytes.len()).step_by(37) {
        errors += usize::from(pkcs12::read(&bytes[..cut], Some(PW)).is_err());
    }
    let nomac = fixture("openssl-nomac.p12");
    for i in (0..nomac.len()).step_by(7) {
        let mut m = nomac.clone();
        m[i] ^= 0x5a;
        let _ = pkcs12::read(&m, Some(PW));
        let _ = pkcs12::read(&m, None);
    }
    assert_eq!(errors, bytes.len().div_ceil(37));
}

// ---------------------------------------------------------------------------------------------
// Crafted files: limits, unsupported algorithms
// ---------------------------------------------------------------------------------------------

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    constructed(tag::SEQUENCE, parts)
}

fn oid_tlv(o: &[u8]) -> Vec<u8> {
    tlv(tag::OID, o)
}

fn explicit0(inner: &[u8]) -> Vec<u8> {
    tlv(tag::context(0), inner)
}

/// A PFX whose AuthenticatedSafe holds `contents` (ContentInfos), with an optional MacData.
fn pfx(contents: &[Vec<u8>], mac_data: Option<Vec<u8>>) -> Vec<u8> {
    let refs: Vec<&[u8]> = contents.iter().map(Vec::as_slice).collect();
    let auth = seq(&refs);
    let auth_safe = seq(&[
        &oid_tlv(oid::DATA),
        &explicit0(&tlv(tag::OCTET_STRING, &auth)),
    ]);
    match mac_data {
        Some(m) => seq(&[&uint(3), &auth_safe, &m]),
        None => seq(&[&uint(3), &auth_safe]),
    }
}

fn encrypted_content(alg: &[u8]) -> Vec<u8> {
    let eci = seq(&[
        &oid_tlv(oid::DATA),
        alg,
        &tlv(tag::context_primitive(0), &[0u8; 32]),
    ]);
    seq(&[
        &oid_tlv(oid::ENCRYPTED_DATA),
        &explicit0(&seq(&[&uint(0), &eci])),
    ])
}

fn pbes2(iterations: u64, prf: &[u8], cipher: &[u8]) -> Vec<u8> {
    let kdf = seq(&[
        &oid_tlv(oid::PBKDF2),
        &seq(&[
            &tlv(tag::OCTET_STRING, &[1; 8]),
            &uint(iterations),
            &seq(&[&oid_tlv(prf), &[5, 0]]),
        ]),
    ]);
    let enc = seq(&[&oid_tlv(cipher), &tlv(tag::OCTET_STRING, &[2; 16])]);
    seq(&[&oid_tlv(oid::PBES2), &seq(&[&kdf, &enc])])
}

fn assert_fast_limit(bytes: &[u8], what: &str) {
    let started = Instant::now();
    for password in [Some("x"), None] {
        let e = pkcs12::read(bytes, password).unwrap_err();
        assert_eq!(e.code(), ErrorCode::LimitExceeded, "{what}: {e}");
        assert!(e.message().contains("1000000000"), "{what}: {e}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{what} took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_billion_iterations_is_refused_before_running() {
    let data_ci = seq(&[
        &oid_tlv(oid::DATA),
        &explicit0(&tlv(tag::OCTET_STRING, &seq(&[]))),
    ]);
    // MAC with 1e9 iterations.
    let mac = seq(&[
        &seq(&[
            &seq(&[&oid_tlv(oid::SHA1), &[5, 0]]),
            &tlv(tag::OCTET_STRING, &[0; 20]),
        ]),
        &tlv(tag::OCTET_STRING, &[7; 8]),
        &uint(1_000_000_000),
    ]);
    let file = pfx(std::slice::from_ref(&data_ci), Some(mac));
    assert_fast_limit(&file, "MAC");
    // PBES2 / PBKDF2 with 1e9 iterations (no MAC, so decryption is attempted).
    assert_fast_limit(
        &pfx(
            &[encrypted_content(&pbes2(
                1_000_000_000,
                oid::HMAC_SHA256,
                oid::AES256_CBC,
            ))],
            None,
        ),
        "PBKDF2",
    );
    // Legacy PBE with 1e9 iterations.
    let legacy = seq(&[
        &oid_tlv(oid::PBE_SHA1_3DES),
        &seq(&[&tlv(tag::OCTET_STRING, &[3; 8]), &uint(1_000_000_000)]),
    ]);
    assert_fast_limit(&pfx(&[encrypted_content(&legacy)], None), "legacy PBE");
    // PBMAC1 with 1e9 PBKDF2 iterations.
    let pbmac1 = seq(&[
        &oid_tlv(oid::PBMAC1),
        &seq(&[
            &seq(&[
                &oid_tlv(oid::PBKDF2),
                &seq(&[
                    &tlv(tag::OCTET_STRING, &[1; 8]),
                    &uint(1_000_000_000),
                    &uint(32),
                    &seq(&[&oid_tlv(oid::HMAC_SHA256), &[5, 0]]),
                ]),
            ]),
            &seq(&[&oid_tlv(oid::HMAC_SHA256), &[5, 0]]),
        ]),
    ]);
    let mac = seq(&[
        &seq(&[&pbmac1, &tlv(tag::OCTET_STRING, &[0; 32])]),
        &tlv(tag::OCTET_STRING, b"NOT USED"),
        &uint(1),
    ]);
    assert_fast_limit(&pfx(&[data_ci], Some(mac)), "PBMAC1");
    // (The per-read budget over several derivations is unit-tested in formats::pkcs12::kdf.)
    // A long PBMAC1 key at a count under the limit: each PBKDF2 output block costs the full count,
    // so 1024 bytes of HMAC-SHA1 at 2,000,000 iterations (104 million) is over the read budget.
    let long_key = seq(&[
        &oid_tlv(oid::PBMAC1),
        &seq(&[
            &seq(&[
                &oid_tlv(oid::PBKDF2),
                &seq(&[
                    &tlv(tag::OCTET_STRING, &[1; 8]),
                    &uint(2_000_000),
                    &uint(1024),
                    &seq(&[&oid_tlv(oid::HMAC_SHA1), &[5, 0]]),
                ]),
            ]),
            &seq(&[&oid_tlv(oid::HMAC_SHA1), &[5, 0]]),
        ]),
    ]);
    let mac = seq(&[
        &seq(&[&long_key, &tlv(tag::OCTET_STRING, &[0; 20])]),
        &tlv(tag::OCTET_STRING, b"NOT USED"),
        &uint(1),
    ]);
    let data_ci = seq(&[
        &oid_tlv(oid::DATA),
        &explicit0(&tlv(tag::OCTET_STRING, &seq(&[]))),
    ]);
    let started = Instant::now();
    let e = pkcs12::read(&pfx(&[data_ci], Some(mac)), Some("x")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LimitExceeded, "{e}");
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn unsupported_algorithms_are_named() {
    let blowfish = [0x2b, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x02];
    let e = pkcs12::read(
        &pfx(
            &[encrypted_content(&pbes2(1, oid::HMAC_SHA256, &blowfish))],
            None,
        ),
        Some("x"),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::UnsupportedAlgorithm);
    assert!(e.message().contains("1.3.6.1.4.1.3029.1.2"), "{e}");
    let rc4 = seq(&[
        &oid_tlv(oid::PBE_SHA1_RC4_128),
        &seq(&[&tlv(tag::OCTET_STRING, &[3; 8]), &uint(1)]),
    ]);
    let e = pkcs12::read(&pfx(&[encrypted_content(&rc4)], None), Some("x")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::UnsupportedAlgorithm);
    assert!(e.message().contains("pbeWithSHAAnd128BitRC4"), "{e}");
    assert!(e.offset().is_some(), "{e}");
    let enveloped = seq(&[&oid_tlv(oid::ENVELOPED_DATA), &explicit0(&seq(&[]))]);
    assert_eq!(
        code(pkcs12::read(&pfx(&[enveloped], None), None)),
        ErrorCode::UnsupportedAlgorithm
    );
    // Version other than 3.
    let mut v2 = pfx(&[], None);
    v2[4] = 2;
    assert_eq!(code(pkcs12::read(&v2, None)), ErrorCode::MalformedKeystore);
}

#[test]
fn nested_safe_contents_bags_and_odd_bags() {
    let root = fixture_pem("root.pem");
    let cert_bag = seq(&[
        &oid_tlv(oid::PKCS12_CERT_BAG),
        &explicit0(&seq(&[
            &oid_tlv(oid::X509_CERTIFICATE),
            &explicit0(&tlv(tag::OCTET_STRING, &root)),
        ])),
    ]);
    let crl_bag = seq(&[
        &oid_tlv(oid::PKCS12_CRL_BAG),
        &explicit0(&seq(&[
            &oid_tlv(oid::X509_CRL),
            &explicit0(&tlv(tag::OCTET_STRING, &[0x30, 0])),
        ])),
    ]);
    let secret_bag = seq(&[
        &oid_tlv(oid::PKCS12_SECRET_BAG),
        &explicit0(&seq(&[
            &oid_tlv(oid::DATA),
            &explicit0(&tlv(tag::OCTET_STRING, &[1])),
        ])),
    ]);
    let inner = seq(&[&cert_bag, &crl_bag]);
    let nested = seq(&[
        &oid_tlv(oid::PKCS12_SAFE_CONTENTS_BAG),
        &explicit0(&seq(&[&seq(&[
            &oid_tlv(oid::PKCS12_SAFE_CONTENTS_BAG),
            &explicit0(&inner),
        ])])),
    ]);
    let safe = seq(&[&nested, &secret_bag, &cert_bag]);
    let data_ci = seq(&[
        &oid_tlv(oid::DATA),
        &explicit0(&tlv(tag::OCTET_STRING, &safe)),
    ]);
    let b = pkcs12::read(&pfx(&[data_ci], None), None).unwrap();
    assert_eq!(ders(&b), [root.clone(), root.clone()]);
    assert_eq!(b.key_entries.len(), 1);
    assert_eq!(b.key_entries[0].kind, KeyEntryKind::SecretKey);
    assert!(b.warnings.iter().any(|w| w.code == "crl_skipped"));

    // A certificate that does not parse is an error naming its index and its offset in the file.
    let mut broken = root.clone();
    broken.truncate(root.len() - 1);
    let bad_bag = seq(&[
        &oid_tlv(oid::PKCS12_CERT_BAG),
        &explicit0(&seq(&[
            &oid_tlv(oid::X509_CERTIFICATE),
            &explicit0(&tlv(tag::OCTET_STRING, &broken)),
        ])),
    ]);
    let data_ci = seq(&[
        &oid_tlv(oid::DATA),
        &explicit0(&tlv(tag::OCTET_STRING, &seq(&[&cert_bag, &bad_bag]))),
    ]);
    let file = pfx(&[data_ci], None);
    let e = pkcs12::read(&file, None).unwrap_err();
    assert_eq!(e.certificate(), Some(1), "{e}");
    let at = e.offset().expect("offset");
    assert!(at > root.len() && at < file.len(), "{e}");
}

#[test]
fn rfc9579_pbmac1_vectors() {
    for file in ["rfc9579-a1.p12", "rfc9579-a3.p12"] {
        let b =
            pkcs12::read(&fixture(file), Some("1234")).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(b.integrity, Integrity::Verified, "{file}");
        assert_eq!(
            (b.certificates.len(), b.key_entries.len()),
            (1, 1),
            "{file}"
        );
        assert_eq!(
            code(pkcs12::read(&fixture(file), Some("4321"))),
            ErrorCode::WrongPassword,
            "{file}"
        );
    }
    // A.4: iteration count changed, A.5: salt changed -> the MAC fails though "1234" decrypts.
    for file in ["rfc9579-a4.p12", "rfc9579-a5.p12"] {
        assert_eq!(
            code(pkcs12::read(&fixture(file), Some("1234"))),
            ErrorCode::IntegrityFailed,
            "{file}"
        );
    }
    // A.6: no key length.
    assert_eq!(
        code(pkcs12::read(&fixture("rfc9579-a6.p12"), Some("1234"))),
        ErrorCode::MalformedKeystore
    );
}

// ---------------------------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------------------------

fn mozilla_bundle() -> Vec<CertEntry> {
    let text = std::fs::read("/etc/ssl/certs/ca-certificates.crt")
        .expect("/etc/ssl/certs/ca-certificates.crt (apt-get install ca-certificates)");
    pem_certs(&text)
        .into_iter()
        .enumerate()
        .map(|(i, der)| CertEntry {
            alias: Some(format!("mozilla-{i:03}")),
            ..CertEntry::plain(der)
        })
        .collect()
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let p = std::env::temp_dir().join(format!("dbcert-pkcs12-test-{}-{name}", std::process::id()));
    std::fs::write(&p, bytes).expect("write temp file");
    p
}

/// `(alias, entry type, SHA-256)` for every entry of `keytool -list -v`.
fn keytool_list(path: &Path, password: &str) -> Vec<(String, String, String)> {
    let out = keytool(&[
        "-list",
        "-v",
        "-storetype",
        "PKCS12",
        "-keystore",
        path.to_str().unwrap(),
        "-storepass",
        password,
    ]);
    assert!(
        out.status.success(),
        "keytool -list: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut entries = Vec::new();
    let (mut alias, mut kind) = (String::new(), String::new());
    for line in text.lines() {
        let line = line.trim();
        if let Some(a) = line.strip_prefix("Alias name: ") {
            alias = a.to_owned();
        } else if let Some(k) = line.strip_prefix("Entry type: ") {
            kind = k.to_owned();
        } else if let Some(f) = line.strip_prefix("SHA256: ") {
            entries.push((alias.clone(), kind.clone(), f.to_owned()));
        }
    }
    entries
}

#[test]
fn writer_output_is_read_by_keytool_openssl_and_us() {
    let input = mozilla_bundle();
    assert!(
        input.len() > 100,
        "the Mozilla bundle has {} certificates",
        input.len()
    );
    let options = WriteOptions {
        seed: [42; 32],
        ..WriteOptions::default()
    };
    let bytes = pkcs12::write(&input, "changeit-123", &options).expect("write");
    let path = temp_file("mozilla.p12", &bytes);

    // keytool: every certificate a trustedCertEntry under its alias, same fingerprints, same order.
    let listed = keytool_list(&path, "changeit-123");
    let mut expected: Vec<(String, String, String)> = input
        .iter()
        .map(|c| {
            (
                c.alias.clone().unwrap(),
                "trustedCertEntry".to_owned(),
                sha256_hex(&c.der),
            )
        })
        .collect();
    let mut got = listed.clone();
    expected.sort();
    got.sort();
    assert_eq!(got, expected, "keytool -list -v");
    let wrong = keytool(&[
        "-list",
        "-storetype",
        "PKCS12",
        "-keystore",
        path.to_str().unwrap(),
        "-storepass",
        "changeit-124",
    ]);
    assert!(!wrong.status.success(), "keytool accepted a wrong password");
    assert!(
        String::from_utf8_lossy(&wrong.stdout).contains("password was incorrect"),
        "{}",
        String::from_utf8_lossy(&wrong.stdout)
    );

    // openssl: the same certificates in the same order.
    let certs = openssl_certs(&path, "changeit-123");
    assert_eq!(
        certs,
        input.iter().map(|c| c.der.clone()).collect::<Vec<_>>(),
        "openssl pkcs12 -nokeys"
    );

    // Our reader.
    let b = pkcs12::read(&bytes, Some("changeit-123")).expect("read back");
    assert_eq!(b.integrity, Integrity::Verified);
    assert_eq!(b.certificates.len(), input.len());
    for (got, want) in b.certificates.iter().zip(&input) {
        assert_eq!(
            (&got.der, &got.alias, got.trusted),
            (&want.der, &want.alias, Some(true))
        );
    }
    assert_eq!(
        code(pkcs12::read(&bytes, Some("changeit-124"))),
        ErrorCode::WrongPassword
    );
    assert_eq!(
        code(pkcs12::read(&bytes, None)),
        ErrorCode::PasswordRequired
    );
    println!(
        "writer: {} Mozilla certificates -> {} bytes; keytool listed {}",
        input.len(),
        bytes.len(),
        listed.len()
    );
    let _ = std::fs::remove_file(path);
}

#[test]
fn writer_matches_keytool_layout() {
    // The structure OpenSSL reports for our file equals what it reports for keytool's own trust store.
    let summary = |path: &Path| -> Vec<String> {
        let out = openssl(&[
            "pkcs12",
            "-info",
            "-nokeys",
            "-nocerts",
            "-in",
            path.to_str().unwrap(),
            "-passin",
            &format!("pass:{PW}"),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .chain(String::from_utf8_lossy(&out.stdout).lines())
            .map(str::to_owned)
            .collect()
    };
    let entries = vec![
        CertEntry {
            alias: Some("root".to_owned()),
            ..CertEntry::plain(fixture_pem("root.pem"))
        },
        CertEntry {
            alias: Some("intermediate".to_owned()),
            ..CertEntry::plain(fixture_pem("intermediate.pem"))
        },
    ];
    let ours = temp_file(
        "layout.p12",
        &pkcs12::write(&entries, PW, &WriteOptions::default()).unwrap(),
    );
    let mut a = summary(&ours);
    let mut b = summary(&fixtures().join("keytool-truststore.p12"));
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert!(
        a.iter()
            .any(|l| l.contains("PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256")),
        "{a:?}"
    );
    // Bag attributes as keytool writes them.
    let out = openssl(&[
        "pkcs12",
        "-nokeys",
        "-in",
        ours.to_str().unwrap(),
        "-passin",
        &format!("pass:{PW}"),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("friendlyName: root") && text.contains("2.16.840.1.113894.746875.1.1"),
        "{text}"
    );
    let _ = std::fs::remove_file(ours);
}

#[test]
fn writer_is_deterministic_per_seed() {
    let entries = vec![CertEntry {
        alias: Some("root".to_owned()),
        ..CertEntry::plain(fixture_pem("root.pem"))
    }];
    let opts = |seed: u8| WriteOptions {
        iterations: 2048,
        seed: [seed; 32],
    };
    let a = pkcs12::write(&entries, PW, &opts(1)).unwrap();
    assert_eq!(a, pkcs12::write(&entries, PW, &opts(1)).unwrap());
    assert_ne!(a, pkcs12::write(&entries, PW, &opts(2)).unwrap());
    let b = pkcs12::read(&a, Some(PW)).unwrap();
    assert_eq!(ders(&b), [fixture_pem("root.pem")]);
}

#[test]
fn writer_rejects_bad_options() {
    let root = fixture_pem("root.pem");
    let named = |a: &str| CertEntry {
        alias: Some(a.to_owned()),
        ..CertEntry::plain(root.clone())
    };
    let opts = WriteOptions::default();
    assert_eq!(
        pkcs12::write(&[named("a")], "", &opts).unwrap_err().code(),
        ErrorCode::InvalidOption
    );
    let e = pkcs12::write(&[named("a"), CertEntry::plain(root.clone())], PW, &opts).unwrap_err();
    assert_eq!(
        (e.code(), e.certificate()),
        (ErrorCode::InvalidOption, Some(1))
    );
    let e = pkcs12::write(&[named("ca"), named("CA")], PW, &opts).unwrap_err();
    assert_eq!(
        (e.code(), e.certificate()),
        (ErrorCode::InvalidOption, Some(1))
    );
    let e = pkcs12::write(
        &[
            named("x"),
            CertEntry {
                der: vec![0x30, 0x03, 1, 2, 3],
                ..named("y")
            },
        ],
        PW,
        &opts,
    )
    .unwrap_err();
    assert_eq!(e.certificate(), Some(1));
    let too_many = WriteOptions {
        iterations: 10_000_001,
        ..opts
    };
    assert_eq!(
        pkcs12::write(&[named("a")], PW, &too_many)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidOption
    );
}
