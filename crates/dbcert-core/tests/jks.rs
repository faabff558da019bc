//! JKS and JCEKS: reading against keytool's own view (Debian's cacerts, the shared keystore
//! corpus, fixtures made by `tests/data/jks/make.sh`), integrity errors, and writing JKS that
//! keytool reads back.
//!
//! Tests that run keytool fail (they do not skip) when it is missing.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use dbcert_core::formats::jks;
use dbcert_core::{Bundle, CertEntry, ErrorCode, Format, Integrity, KeyEntryKind, ReadOptions};
use sha2::{Digest, Sha256};

const CACERTS: &str = "/etc/ssl/certs/java/cacerts";
const CACERTS_PASSWORD: &str = "changeit";

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/jks")
        .join(name)
}

fn corpus_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/keystores");
    assert!(
        dir.join("MANIFEST.json").is_file(),
        "the shared keystore corpus is missing: expected {}",
        dir.display()
    );
    dir
}

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("jks-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn sha256_colon(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// keytool, or a failure that names the package to install.
fn keytool() -> Command {
    let ok = Command::new("keytool").arg("-help").output().is_ok();
    assert!(
        ok,
        "keytool is not installed; this test needs it: apt-get install openjdk-17-jdk-headless"
    );
    let mut c = Command::new("keytool");
    // English messages, and UTF-8 output whatever the locale (aliases may be non-ASCII).
    c.args([
        "-J-Duser.language=en",
        "-J-Duser.country=US",
        "-J-Dsun.stdout.encoding=UTF-8",
        "-J-Dstdout.encoding=UTF-8",
    ]);
    c
}

/// `keytool -list -v`: (alias, SHA-256 fingerprint) of every certificate, chains included.
fn keytool_list(path: &Path, password: &str) -> Vec<(String, String)> {
    let out = keytool()
        .args(["-list", "-v", "-keystore"])
        .arg(path)
        .args(["-storepass", password])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "keytool -list failed on {}: {}{}",
        path.display(),
        text,
        String::from_utf8_lossy(&out.stderr)
    );
    let mut alias = String::new();
    let mut rows = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(a) = line.strip_prefix("Alias name: ") {
            alias = a.to_owned();
        } else if let Some(fp) = line.strip_prefix("SHA256: ") {
            rows.push((alias.clone(), fp.to_owned()));
        }
    }
    rows
}

/// Debian's cacerts as JKS bytes (if this machine has a PKCS#12 cacerts, a JKS copy made by keytool).
fn cacerts() -> (PathBuf, Vec<u8>) {
    let bytes = std::fs::read(CACERTS)
        .unwrap_or_else(|e| panic!("{CACERTS}: {e}; install it with apt-get install ca-certificates-java openjdk-17-jdk-headless"));
    if bytes.starts_with(&[0xfe, 0xed, 0xfe, 0xed]) {
        return (PathBuf::from(CACERTS), bytes);
    }
    let copy = tmp("cacerts-as.jks");
    let _ = std::fs::remove_file(&copy);
    let st = keytool()
        .args([
            "-importkeystore",
            "-noprompt",
            "-srckeystore",
            CACERTS,
            "-srcstorepass",
            CACERTS_PASSWORD,
        ])
        .args(["-deststoretype", "JKS", "-destkeystore"])
        .arg(&copy)
        .args(["-deststorepass", CACERTS_PASSWORD])
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let bytes = std::fs::read(&copy).unwrap();
    (copy, bytes)
}

fn rows(bundle: &Bundle) -> Vec<(String, String)> {
    bundle
        .certificates
        .iter()
        .map(|c| (c.alias.clone().unwrap_or_default(), sha256_colon(&c.der)))
        .collect()
}

fn sorted<T: Ord + Clone>(v: &[T]) -> Vec<T> {
    let mut v = v.to_vec();
    v.sort();
    v
}

fn read_pw(bytes: &[u8], password: Option<&str>) -> dbcert_core::Result<Bundle> {
    dbcert_core::read(bytes, &ReadOptions { password })
}

#[test]
fn cacerts_entries_equal_keytool() {
    let (path, bytes) = cacerts();
    let bundle = read_pw(&bytes, Some(CACERTS_PASSWORD)).unwrap();
    assert_eq!(bundle.format, Format::Jks);
    assert_eq!(bundle.integrity, Integrity::Verified);
    assert!(bundle.key_entries.is_empty());
    assert!(bundle.warnings.is_empty(), "{:?}", bundle.warnings);
    let ours = rows(&bundle);
    let theirs = keytool_list(&path, CACERTS_PASSWORD);
    assert!(!theirs.is_empty(), "keytool listed nothing");
    assert_eq!(ours.len(), theirs.len());
    // keytool prints JKS entries in hash-table order; compare as sets of (alias, fingerprint).
    assert_eq!(sorted(&ours), sorted(&theirs));
    assert!(bundle
        .certificates
        .iter()
        .all(|c| c.created_ms.is_some() && c.trusted.is_none()));
    eprintln!(
        "cacerts: {} entries equal to keytool -list -v (alias and SHA-256)",
        ours.len()
    );
}

#[test]
fn cacerts_without_password_reads_and_warns() {
    let (_, bytes) = cacerts();
    let checked = read_pw(&bytes, Some(CACERTS_PASSWORD)).unwrap();
    let bundle = read_pw(&bytes, None).unwrap();
    assert_eq!(bundle.integrity, Integrity::NotChecked);
    assert_eq!(bundle.certificates, checked.certificates);
    assert_eq!(bundle.warnings.len(), 1);
    assert_eq!(bundle.warnings[0].code, "integrity_not_checked");
    assert!(
        bundle.warnings[0].message.contains("no password given"),
        "{}",
        bundle.warnings[0].message
    );
}

#[test]
fn cacerts_wrong_password_is_wrong_password() {
    let (_, bytes) = cacerts();
    let err = read_pw(&bytes, Some("changeme")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassword, "{err}");
    assert!(err.message().contains("looks intact"), "{err}");
    let err = read_pw(&bytes, Some("")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassword, "{err}");
}

/// Offsets of each certificate's DER in the file, found by search (the DER is stored verbatim).
fn der_offsets(file: &[u8], bundle: &Bundle) -> Vec<usize> {
    let mut from = 0;
    bundle
        .certificates
        .iter()
        .map(|c| {
            let at = from
                + file[from..]
                    .windows(c.der.len())
                    .position(|w| w == c.der.as_slice())
                    .unwrap();
            from = at + c.der.len();
            at
        })
        .collect()
}

#[test]
fn cacerts_flipped_byte_in_a_certificate_is_not_wrong_password() {
    let (_, bytes) = cacerts();
    let bundle = read_pw(&bytes, Some(CACERTS_PASSWORD)).unwrap();
    let offsets = der_offsets(&bytes, &bundle);
    let n = bundle.certificates.len();
    // The middle byte of a spread of certificates (first, last and every 12th).
    let mut picks: Vec<usize> = (0..n).step_by(12).collect();
    picks.push(n - 1);
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in &picks {
        let at = offsets[i] + bundle.certificates[i].der.len() / 2;
        let mut bad = bytes.clone();
        bad[at] ^= 0x01;
        let err = read_pw(&bad, Some(CACERTS_PASSWORD)).unwrap_err();
        assert_ne!(
            err.code(),
            ErrorCode::WrongPassword,
            "certificate #{} flipped at byte {at}: {err}",
            i + 1
        );
        assert_eq!(
            err.certificate(),
            Some(i),
            "certificate #{} flipped at byte {at}: {err}",
            i + 1
        );
        *codes.entry(err.code().as_str()).or_default() += 1;
    }
    eprintln!(
        "cacerts: middle byte flipped in {} of {n} certificates: {codes:?}",
        picks.len()
    );
}

/// One entry of MANIFEST.json, as far as these tests use it.
struct Expected {
    file: String,
    password: Option<String>,
    entries: Vec<(String, String, usize)>,
    bad: bool,
}

fn manifest() -> Vec<Expected> {
    let text = std::fs::read_to_string(corpus_dir().join("MANIFEST.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|e| matches!(e["magic"].as_str(), Some("JKS" | "JCEKS")))
        .map(|e| Expected {
            file: e["file"].as_str().unwrap().to_owned(),
            password: e["store_password"].as_str().map(str::to_owned),
            entries: e["entries"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| {
                            (
                                x["alias"].as_str().unwrap().to_owned(),
                                x["type"].as_str().unwrap().to_owned(),
                                x["chain_len"].as_u64().unwrap_or(0) as usize,
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            bad: e.get("pyjks_errors").is_some(),
        })
        .collect()
}

fn format_of(bytes: &[u8]) -> Format {
    if bytes.starts_with(&[0xce; 4]) {
        Format::Jceks
    } else {
        Format::Jks
    }
}

#[test]
fn corpus_keystores_match_the_manifest() {
    let dir = corpus_dir();
    let (mut good, mut bad) = (0, 0);
    for e in manifest() {
        let bytes = std::fs::read(dir.join(&e.file)).unwrap();
        let format = format_of(&bytes);
        if e.bad {
            bad += 1;
            match e.file.as_str() {
                // Java accepts these (the last entry of the alias wins): read both, warn.
                f if f.contains("duplicate_aliases") => {
                    let b = jks::read(&bytes, format, Some("12345678")).unwrap();
                    assert_eq!(b.integrity, Integrity::Verified, "{f}");
                    assert!(
                        b.warnings.iter().any(|w| w.code == "duplicate_alias"),
                        "{f}: {:?}",
                        b.warnings
                    );
                }
                f => {
                    let with = jks::read(&bytes, format, Some("12345678"));
                    let without = jks::read(&bytes, format, None);
                    assert!(with.is_err(), "{f} read with a password");
                    // A bad digest cannot be seen without the password, as with keytool.
                    if !f.contains("bad-digest") && !f.contains("bitflip") {
                        assert!(without.is_err(), "{f} read without a password");
                    }
                    eprintln!("{f}: {}", with.unwrap_err());
                }
            }
            continue;
        }
        good += 1;
        let pw = e.password.as_deref().unwrap();
        let b =
            jks::read(&bytes, format, Some(pw)).unwrap_or_else(|err| panic!("{}: {err}", e.file));
        assert_eq!(b.integrity, Integrity::Verified, "{}", e.file);
        // Certificates in file order: trusted entries and the chains of private-key entries.
        let mut certs = Vec::new();
        let mut keys = Vec::new();
        for (alias, kind, chain) in &e.entries {
            match kind.as_str() {
                "TrustedCertEntry" => certs.push(alias.clone()),
                "PrivateKeyEntry" => {
                    certs.extend(std::iter::repeat(alias.clone()).take(*chain));
                    keys.push((alias.clone(), KeyEntryKind::PrivateKey, *chain));
                }
                "SecretKeyEntry" => keys.push((alias.clone(), KeyEntryKind::SecretKey, 0)),
                other => panic!("{}: unexpected entry type {other}", e.file),
            }
        }
        let got_certs: Vec<String> = b
            .certificates
            .iter()
            .map(|c| c.alias.clone().unwrap())
            .collect();
        let got_keys: Vec<(String, KeyEntryKind, usize)> = b
            .key_entries
            .iter()
            .map(|k| (k.alias.clone().unwrap(), k.kind, k.chain_length))
            .collect();
        assert_eq!(got_certs, certs, "{}", e.file);
        assert_eq!(got_keys, keys, "{}", e.file);
        // A wrong password is an error (never a panic, never a silent success).
        let err = jks::read(&bytes, format, Some("not the password")).unwrap_err();
        assert!(
            matches!(
                err.code(),
                ErrorCode::WrongPassword | ErrorCode::IntegrityFailed
            ),
            "{}: {err}",
            e.file
        );
    }
    eprintln!("corpus: {good} JKS/JCEKS keystores equal to the manifest, {bad} corrupt ones rejected as expected");
    assert!(
        good >= 30 && bad >= 10,
        "corpus smaller than expected: {good} good, {bad} bad"
    );
}

#[test]
fn corpus_wrong_password_on_intact_files() {
    let dir = corpus_dir();
    for (file, wrong) in [
        ("jks-js/keystore/diff_pass.jks", "password"),
        ("pyjks/jks/3certs.jks", "87654321"),
        ("pyjks/jceks/3certs.jceks", "x"),
    ] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let err = jks::read(&bytes, format_of(&bytes), Some(wrong)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::WrongPassword, "{file}: {err}");
    }
    // pyjks' 3certs.jks with one bit flipped inside the second certificate's RSA signature or
    // key: the chain in the file shows it.
    let bytes = std::fs::read(dir.join("pyjks/derived-bad/3certs-bitflip-middle.jks")).unwrap();
    let err = jks::read(&bytes, Format::Jks, Some("12345678")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::IntegrityFailed, "{err}");
    // Trailing bytes after the digest are ignored (as Java does), with a warning.
    let bytes =
        std::fs::read(dir.join("pyjks/derived-bad/RSA1024-trailing-1000-zeros.jks")).unwrap();
    let b = jks::read(&bytes, Format::Jks, Some("12345678")).unwrap();
    assert_eq!(b.warnings[0].code, "trailing_data");
    let err = jks::read(&bytes, Format::Jks, Some("wrong!")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::IntegrityFailed, "{err}");
}

#[test]
fn every_corpus_file_reads_or_errors_without_panic() {
    let mut files = Vec::new();
    let mut stack = vec![corpus_dir()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    let passwords: Vec<Option<String>> = manifest().into_iter().map(|e| e.password).collect();
    let mut keystores = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        for format in [Format::Jks, Format::Jceks] {
            for pw in [None, Some("12345678"), Some("")] {
                let _ = jks::read(&bytes, format, pw);
            }
        }
        if matches!(
            dbcert_core::detect(&bytes),
            dbcert_core::Detected::Known(Format::Jks | Format::Jceks)
        ) {
            keystores += 1;
            for pw in &passwords {
                let _ = read_pw(&bytes, pw.as_deref());
            }
            let _ = read_pw(&bytes, None);
        }
    }
    eprintln!(
        "corpus: {} files read without a panic ({keystores} JKS/JCEKS)",
        files.len()
    );
}

#[test]
fn fixtures_read_as_keytool_made_them() {
    let pw = Some("changeit");
    // truststore.jks: two trusted certificates; keytool lower-cased "RSA-CA".
    let path = data("truststore.jks");
    let b = jks::read(&std::fs::read(&path).unwrap(), Format::Jks, pw).unwrap();
    assert_eq!(b.integrity, Integrity::Verified);
    assert_eq!(sorted(&rows(&b)), sorted(&keytool_list(&path, "changeit")));
    assert_eq!(
        sorted(
            &b.certificates
                .iter()
                .map(|c| c.alias.clone().unwrap())
                .collect::<Vec<_>>()
        ),
        ["ec-ca", "rsa-ca"]
    );
    assert!(b.key_entries.is_empty());

    // keystore.jks: a private key with a chain of 2, and a trusted certificate.
    let path = data("keystore.jks");
    let b = jks::read(&std::fs::read(&path).unwrap(), Format::Jks, pw).unwrap();
    assert_eq!(sorted(&rows(&b)), sorted(&keytool_list(&path, "changeit")));
    assert_eq!(b.key_entries.len(), 1);
    assert_eq!(b.key_entries[0].alias.as_deref(), Some("server"));
    assert_eq!(b.key_entries[0].kind, KeyEntryKind::PrivateKey);
    assert_eq!(b.key_entries[0].chain_length, 2);
    assert_eq!(
        b.certificates
            .iter()
            .filter(|c| c.alias.as_deref() == Some("server"))
            .count(),
        2
    );

    // mixed.jceks: secret key, private key (chain of 1), trusted certificate.
    let path = data("mixed.jceks");
    let bytes = std::fs::read(&path).unwrap();
    let b = read_pw(&bytes, pw).unwrap();
    assert_eq!(b.format, Format::Jceks);
    assert_eq!(b.integrity, Integrity::Verified);
    assert_eq!(sorted(&rows(&b)), sorted(&keytool_list(&path, "changeit")));
    let mut keys: Vec<_> = b
        .key_entries
        .iter()
        .map(|k| (k.alias.clone().unwrap(), k.kind, k.chain_length))
        .collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        keys,
        [
            ("aeskey".to_owned(), KeyEntryKind::SecretKey, 0),
            ("eckey".to_owned(), KeyEntryKind::PrivateKey, 1)
        ]
    );
    assert_eq!(
        read_pw(&bytes, Some("changeme")).unwrap_err().code(),
        ErrorCode::WrongPassword
    );
}

#[test]
fn round_trip_cacerts_through_write_and_keytool() {
    let (_, bytes) = cacerts();
    let input = read_pw(&bytes, Some(CACERTS_PASSWORD)).unwrap();
    let password = "s3cret-PW";
    let out = jks::write(&input.certificates, password).unwrap();
    assert_eq!(
        out,
        jks::write(&input.certificates, password).unwrap(),
        "writing twice must give identical bytes"
    );
    let back = read_pw(&out, Some(password)).unwrap();
    assert_eq!(back.integrity, Integrity::Verified);
    assert_eq!(back.certificates.len(), input.certificates.len());
    for (a, b) in input.certificates.iter().zip(&back.certificates) {
        assert_eq!(b.der, a.der);
        assert_eq!(b.alias, a.alias.as_ref().map(|s| s.to_lowercase()));
        assert_eq!(b.created_ms, a.created_ms);
    }
    // What dbcert wrote, read and written again, gives the same bytes.
    assert_eq!(jks::write(&back.certificates, password).unwrap(), out);

    let path = tmp("cacerts-roundtrip.jks");
    std::fs::write(&path, &out).unwrap();
    let listed = keytool_list(&path, password);
    assert_eq!(sorted(&listed), sorted(&rows(&input)));
    let refused = keytool()
        .args(["-list", "-keystore"])
        .arg(&path)
        .args(["-storepass", "wrong-password"])
        .output()
        .unwrap();
    assert!(
        !refused.status.success(),
        "keytool accepted a wrong password"
    );
    let said = String::from_utf8_lossy(&refused.stdout).to_string()
        + &String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("password was incorrect"), "{said}");
    eprintln!("round trip: {} cacerts entries written, read back and listed by keytool with equal SHA-256", listed.len());
}

/// Certificates with the given aliases (taken from the truststore fixture).
fn two_certs(aliases: [&str; 2]) -> Vec<CertEntry> {
    let b = jks::read(
        &std::fs::read(data("truststore.jks")).unwrap(),
        Format::Jks,
        None,
    )
    .unwrap();
    b.certificates
        .into_iter()
        .zip(aliases)
        .map(|(c, a)| CertEntry {
            der: c.der,
            alias: Some(a.to_owned()),
            trusted: None,
            created_ms: Some(1_700_000_000_000),
        })
        .collect()
}

#[test]
fn written_jks_is_read_by_keytool_with_aliases_lowercased() {
    let entries = two_certs(["Zürich Root CA", "MySQL-CA"]);
    let out = jks::write(&entries, "123456").unwrap();
    let path = tmp("two.jks");
    std::fs::write(&path, &out).unwrap();
    let listed = keytool_list(&path, "123456");
    let want: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            (
                e.alias.as_deref().unwrap().to_lowercase(),
                sha256_colon(&e.der),
            )
        })
        .collect();
    assert_eq!(sorted(&listed), sorted(&want));
    let back = jks::read(&out, Format::Jks, Some("123456")).unwrap();
    assert_eq!(
        back.certificates[0].alias.as_deref(),
        Some("zürich root ca")
    );
    assert_eq!(back.certificates[1].alias.as_deref(), Some("mysql-ca"));
    assert_eq!(back.certificates[0].created_ms, Some(1_700_000_000_000));
}

#[test]
fn write_refuses_what_keytool_would_not_accept() {
    let entries = two_certs(["a", "b"]);
    let code = |r: dbcert_core::Result<Vec<u8>>| r.unwrap_err().code();
    assert_eq!(code(jks::write(&entries, "")), ErrorCode::InvalidOption);
    assert_eq!(
        code(jks::write(&entries, "12345")),
        ErrorCode::InvalidOption
    );
    assert!(jks::write(&entries, "123456").is_ok());
    // Same alias once lower-cased.
    let dup = two_certs(["MySQL", "mysql"]);
    let err = jks::write(&dup, "123456").unwrap_err();
    assert_eq!(
        (err.code(), err.certificate()),
        (ErrorCode::InvalidOption, Some(1))
    );
    // Missing alias, missing date, broken certificate.
    let mut e = two_certs(["a", "b"]);
    e[1].alias = None;
    assert_eq!(jks::write(&e, "123456").unwrap_err().certificate(), Some(1));
    let mut e = two_certs(["a", "b"]);
    e[0].created_ms = None;
    assert_eq!(code(jks::write(&e, "123456")), ErrorCode::InvalidOption);
    let mut e = two_certs(["a", "b"]);
    e[0].der.truncate(100);
    assert_ne!(code(jks::write(&e, "123456")), ErrorCode::InvalidOption);
    // Nothing to write is a valid, empty keystore.
    let empty = jks::write(&[], "123456").unwrap();
    assert!(jks::read(&empty, Format::Jks, Some("123456"))
        .unwrap()
        .certificates
        .is_empty());
}

#[test]
fn every_truncation_is_an_error() {
    for name in ["truststore.jks", "mixed.jceks"] {
        let bytes = std::fs::read(data(name)).unwrap();
        let format = format_of(&bytes);
        for len in 0..bytes.len() {
            let cut = &bytes[..len];
            for pw in [None, Some("changeit"), Some("wrong-pw")] {
                assert!(
                    jks::read(cut, format, pw).is_err(),
                    "{name} cut to {len} bytes read with {pw:?}"
                );
            }
            assert!(read_pw(cut, Some("changeit")).is_err());
        }
    }
}

/// Each byte of a two-certificate truststore (RSA and EC roots) flipped in turn: always an
/// error, and `wrong_password` only where no check can see a change (aliases, dates, the digest
/// itself, the key algorithm identifiers).
#[test]
fn every_flipped_byte_is_an_error_and_wrong_password_only_where_undetectable() {
    let bytes = std::fs::read(data("truststore.jks")).unwrap();
    let bundle = jks::read(&bytes, Format::Jks, Some("changeit")).unwrap();
    let offsets = der_offsets(&bytes, &bundle);
    // The key AlgorithmIdentifier of each certificate, as absolute byte ranges.
    let key_alg: Vec<std::ops::Range<usize>> = bundle
        .certificates
        .iter()
        .zip(&offsets)
        .map(|(c, &at)| {
            let cert = dbcert_core::cert::Certificate::parse(&c.der).unwrap();
            let raw = cert.spki.algorithm.raw;
            let pos = c.der.windows(raw.len()).position(|w| w == raw).unwrap();
            at + pos..at + pos + raw.len()
        })
        .collect();
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut outside = 0;
    for at in 0..bytes.len() {
        let mut bad = bytes.clone();
        bad[at] ^= 0x10;
        let err = jks::read(&bad, Format::Jks, Some("changeit")).unwrap_err();
        *codes.entry(err.code().as_str()).or_default() += 1;
        if err.code() == ErrorCode::WrongPassword {
            let in_cert = offsets
                .iter()
                .zip(&bundle.certificates)
                .any(|(&o, c)| (o..o + c.der.len()).contains(&at));
            if in_cert {
                assert!(
                    key_alg.iter().any(|r| r.contains(&at)),
                    "byte {at} flipped inside a certificate: {err}"
                );
            } else {
                outside += 1;
            }
        }
    }
    // Outside certificates: per entry the alias and the 8-byte date, and the 20-byte digest.
    let aliases: usize = bundle
        .certificates
        .iter()
        .map(|c| c.alias.as_ref().unwrap().len())
        .sum();
    assert!(
        outside <= aliases + 8 * bundle.certificates.len() + 20,
        "{outside} undetected flips outside certificates"
    );
    eprintln!(
        "truststore.jks: each of {} bytes flipped: {codes:?}",
        bytes.len()
    );
}

#[test]
fn rejects_other_formats_and_bad_headers() {
    let mut b = std::fs::read(data("truststore.jks")).unwrap();
    assert_eq!(
        jks::read(&b, Format::Jceks, None).unwrap_err().code(),
        ErrorCode::MalformedKeystore
    );
    assert_eq!(
        jks::read(&b, Format::Pem, None).unwrap_err().code(),
        ErrorCode::InvalidOption
    );
    b[7] = 3; // version 3
    let err = jks::read(&b, Format::Jks, None).unwrap_err();
    assert_eq!(
        (err.code(), err.offset()),
        (ErrorCode::MalformedKeystore, Some(4))
    );
}
