//! Private keys in JKS and JCEKS keystores, made at test time by the real keytool (its
//! `-genkeypair` for RSA, EC and Ed25519, and `-importkeystore` of an openssl PKCS#12), and the
//! keystores of the shared corpus: opened with the store password by Sun's key protectors,
//! described and matched with their certificate as PKCS#12 keys are; a wrong password, a key
//! with its own password and a changed key or file each get their own answer.

mod common;

use common::*;
use dbcert_core::keys::KeyAlgorithm;
use dbcert_core::{read, Bundle, ErrorCode, ReadOptions};
use sha1::{Digest, Sha1};

const PW: &str = "store-pw";

fn read_with(bytes: &[u8], password: Option<&str>) -> dbcert_core::Result<Bundle> {
    read(bytes, &ReadOptions { password })
}

/// keytool -genkeypair into a fresh keystore of `storetype`.
fn genkeypair(dir: &std::path::Path, storetype: &str, keyalg: &[&str], keypass: &str) -> Vec<u8> {
    let store = dir
        .join(format!("{}-{storetype}.ks", keyalg.join("-")))
        .display()
        .to_string();
    let mut args = vec![
        "-genkeypair",
        "-alias",
        "client",
        "-dname",
        "CN=client",
        "-validity",
        "2",
        "-storetype",
        storetype,
        "-keystore",
        &store,
        "-storepass",
        PW,
        "-keypass",
        keypass,
    ];
    args.extend_from_slice(keyalg);
    tool_ok("keytool", &args, None);
    bytes(&store)
}

/// The JKS/JCEKS trailing digest for `password`, as Java computes it.
fn store_digest(password: &str, body: &[u8]) -> [u8; 20] {
    let mut h = Sha1::new();
    for unit in password.encode_utf16() {
        h.update(unit.to_be_bytes());
    }
    h.update(b"Mighty Aphrodite");
    h.update(body);
    h.finalize().into()
}

/// Where the first entry's encrypted key starts and how long it is (one private-key entry
/// first, as keytool writes a fresh keystore).
fn first_key(store: &[u8]) -> (usize, usize) {
    let alias_len = usize::from(u16::from_be_bytes([store[16], store[17]]));
    let at = 18 + alias_len + 8;
    let len = i32::from_be_bytes(store[at..at + 4].try_into().unwrap()) as usize;
    (at + 4, len)
}

#[test]
fn keytool_key_pairs_open_with_the_store_password_and_match_their_certificate() {
    let dir = scratch("keystore-keys-genkeypair");
    let algs: [(&[&str], KeyAlgorithm, u32, Option<&str>); 4] = [
        (
            &["-keyalg", "RSA", "-keysize", "2048"],
            KeyAlgorithm::Rsa,
            2048,
            None,
        ),
        (
            &["-keyalg", "EC", "-groupname", "secp256r1"],
            KeyAlgorithm::Ec,
            256,
            Some("P-256"),
        ),
        (
            &["-keyalg", "EC", "-groupname", "secp384r1"],
            KeyAlgorithm::Ec,
            384,
            Some("P-384"),
        ),
        (&["-keyalg", "Ed25519"], KeyAlgorithm::Ed25519, 256, None),
    ];
    let mut checked = 0;
    for storetype in ["JKS", "JCEKS"] {
        for (keyalg, algorithm, bits, curve) in algs {
            let what = format!("{storetype} {keyalg:?}");
            let store = genkeypair(&dir, storetype, keyalg, PW);
            let b = read_with(&store, Some(PW)).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(b.key_entries.len(), 1, "{what}");
            let e = &b.key_entries[0];
            let info = e
                .key
                .as_ref()
                .unwrap_or_else(|| panic!("{what}: key not read: {:?}", b.warnings));
            assert_eq!(
                (info.algorithm, info.bits, info.curve),
                (algorithm, bits, curve),
                "{what}"
            );
            assert_eq!(e.matches, Some(0), "{what}");
            assert_eq!(e.chain_length, 1, "{what}");
            let encryption = e.encryption.as_deref().unwrap_or_default();
            let expected = if storetype == "JKS" {
                "JKS key protector"
            } else {
                "PBEWithMD5AndTripleDES"
            };
            assert!(encryption.starts_with(expected), "{what}: {encryption}");
            assert!(b.warnings.is_empty(), "{what}: {:?}", b.warnings);

            // Without a password the key is described, not opened.
            let b = read_with(&store, None).unwrap();
            let e = &b.key_entries[0];
            assert!(
                e.encryption.is_some() && e.key.is_none() && e.matches.is_none(),
                "{what}"
            );

            // A wrong password is the keystore's wrong_password.
            let err = read_with(&store, Some("not-the-pw")).unwrap_err();
            assert_eq!(err.code(), ErrorCode::WrongPassword, "{what}: {err}");
            checked += 1;
        }
    }
    assert_eq!(checked, 8);
}

/// An openssl PKCS#12 identity (key, leaf, and the CA that issued it), read as openssl wrote it
/// and imported by keytool into JKS, JCEKS and PKCS#12: the key is openssl's, and matches the
/// leaf, certificate 0 of a chain of 2, the chain `keytool -list -v` shows for each file
/// (openssl gives only the leaf the key's localKeyId; Java builds the chain by issuer).
#[test]
fn keys_imported_by_keytool_from_an_openssl_pkcs12_are_read() {
    let dir = scratch("keystore-keys-import");
    let p = |n: &str| dir.join(n).display().to_string();
    tool_ok(
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &p("ca.key"),
            "-out",
            &p("ca.pem"),
            "-subj",
            "/CN=Test CA",
            "-days",
            "2",
        ],
        None,
    );
    tool_ok(
        "openssl",
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:3072",
            "-out",
            &p("leaf.key"),
        ],
        None,
    );
    tool_ok(
        "openssl",
        &[
            "req",
            "-new",
            "-key",
            &p("leaf.key"),
            "-subj",
            "/CN=client",
            "-out",
            &p("leaf.csr"),
        ],
        None,
    );
    tool_ok(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            &p("leaf.csr"),
            "-CA",
            &p("ca.pem"),
            "-CAkey",
            &p("ca.key"),
            "-days",
            "2",
            "-out",
            &p("leaf.pem"),
        ],
        None,
    );
    tool_ok(
        "openssl",
        &[
            "pkcs12",
            "-export",
            "-inkey",
            &p("leaf.key"),
            "-in",
            &p("leaf.pem"),
            "-certfile",
            &p("ca.pem"),
            "-name",
            "client",
            "-passout",
            &format!("pass:{PW}"),
            "-out",
            &p("id.p12"),
        ],
        None,
    );
    let keytool_chain = |file: &str, storetype: &str| -> usize {
        let list = tool_ok(
            "keytool",
            &[
                "-list",
                "-v",
                "-keystore",
                file,
                "-storetype",
                storetype,
                "-storepass",
                PW,
            ],
            None,
        );
        let line = list
            .lines()
            .find_map(|l| l.strip_prefix("Certificate chain length: "))
            .unwrap_or_else(|| panic!("{file}: no chain length in keytool's list:\n{list}"));
        line.trim().parse().unwrap()
    };
    let b = read_with(&bytes(p("id.p12")), Some(PW)).unwrap();
    let e = &b.key_entries[0];
    assert_eq!(
        (e.matches, e.chain_length),
        (Some(0), 2),
        "openssl's PKCS#12"
    );
    assert_eq!(
        keytool_chain(&p("id.p12"), "PKCS12"),
        2,
        "keytool on openssl's PKCS#12"
    );
    for storetype in ["JKS", "JCEKS", "PKCS12"] {
        let out = p(&format!("id.{storetype}"));
        tool_ok(
            "keytool",
            &[
                "-importkeystore",
                "-srckeystore",
                &p("id.p12"),
                "-srcstoretype",
                "PKCS12",
                "-srcstorepass",
                PW,
                "-destkeystore",
                &out,
                "-deststoretype",
                storetype,
                "-deststorepass",
                PW,
                "-destkeypass",
                PW,
                "-noprompt",
            ],
            None,
        );
        let b = read_with(&bytes(&out), Some(PW)).unwrap();
        let e = &b.key_entries[0];
        let info = e
            .key
            .as_ref()
            .unwrap_or_else(|| panic!("{storetype}: {:?}", b.warnings));
        assert_eq!(
            (info.algorithm, info.bits),
            (KeyAlgorithm::Rsa, 3072),
            "{storetype}"
        );
        assert_eq!((e.matches, e.chain_length), (Some(0), 2), "{storetype}");
        assert_eq!(keytool_chain(&out, storetype), 2, "keytool on {storetype}");
        assert_eq!(b.certificates.len(), 2, "{storetype}");
    }
}

/// A key with its own password (keytool -keypass), a changed encrypted key under a digest made
/// again (so that the store opens), and a changed entry date under the old digest.
#[test]
fn distinct_key_passwords_and_changed_bytes_are_told_apart() {
    let dir = scratch("keystore-keys-changed");
    for storetype in ["JKS", "JCEKS"] {
        let rsa = ["-keyalg", "RSA", "-keysize", "2048"];
        // Its own key password: the store opens, the key does not.
        let store = genkeypair(&dir, storetype, &rsa, "key-only-pw");
        let b = read_with(&store, Some(PW)).unwrap();
        let e = &b.key_entries[0];
        assert!(e.key.is_none() && e.encryption.is_some(), "{storetype}");
        assert!(
            b.warnings.iter().any(|w| w.code == "key_not_decrypted"),
            "{storetype}: {:?}",
            b.warnings
        );

        let store = genkeypair(&dir, storetype, &["-keyalg", "EC"], PW);
        let (key_at, key_len) = first_key(&store);
        let body_end = store.len() - 20;
        // A byte inside the encrypted key changed, the store digest made again: the store
        // opens, the key does not (JKS: its check digest; JCEKS: the padding or the decoding).
        // JKS: a byte of the encrypted key before the check digest; JCEKS: the last byte of
        // the next-to-last CBC block, which flips the padding.
        let back = if storetype == "JKS" { 21 } else { 9 };
        let mut changed = store.clone();
        changed[key_at + key_len - back] ^= 0x01;
        let digest = store_digest(PW, &changed[..body_end]);
        changed[body_end..].copy_from_slice(&digest);
        let b = read_with(&changed, Some(PW)).unwrap();
        assert!(b.key_entries[0].key.is_none(), "{storetype}");
        assert!(
            b.warnings.iter().any(|w| w.code == "key_not_decrypted"),
            "{storetype}: {:?}",
            b.warnings
        );

        // The entry date changed under the old digest: the digest fails, but the password
        // opens the key, so the file was altered (not a wrong password).
        let mut changed = store.clone();
        changed[key_at - 5] ^= 0x01;
        let err = read_with(&changed, Some(PW)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::IntegrityFailed, "{storetype}: {err}");
        assert!(err.message().contains("password is right"), "{err}");
        // With another password it is still a wrong password.
        let err = read_with(&changed, Some("not-the-pw")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::WrongPassword, "{storetype}: {err}");
    }
}

/// A corpus keystore: file, store password, the key (or the warning when it is not read), and
/// the chain length.
type Case = (
    &'static str,
    &'static str,
    Result<(KeyAlgorithm, u32), &'static str>,
    usize,
);

/// The shared corpus's JKS and JCEKS private keys (pyjks, jks-js, keystore-go,
/// keystore-explorer; store passwords from their SOURCE.md): each opens and matches the first
/// certificate of its chain, or gets the reason it does not. Key sizes as `keytool -list -v`
/// prints them.
#[test]
fn corpus_keystore_keys_are_opened_or_explained() {
    let corpus = shared().join("corpus/keystores");
    // (file, store password, what the key is, or the warning when it is not read)
    let cases: [Case; 14] = [
        (
            "pyjks/jks/RSA1024.jks",
            "12345678",
            Ok((KeyAlgorithm::Rsa, 1024)),
            1,
        ),
        (
            "pyjks/jceks/RSA1024.jceks",
            "12345678",
            Ok((KeyAlgorithm::Rsa, 1024)),
            1,
        ),
        (
            "pyjks/jks/RSA2048_3certs.jks",
            "12345678",
            Ok((KeyAlgorithm::Rsa, 2048)),
            3,
        ),
        (
            "pyjks/jceks/RSA2048_3certs.jceks",
            "12345678",
            Ok((KeyAlgorithm::Rsa, 2048)),
            3,
        ),
        (
            "pyjks/jks/non_ascii_password.jks",
            "\u{10da}(\u{ca0}\u{76ca}\u{ca0}\u{10da})",
            Ok((KeyAlgorithm::Rsa, 2048)),
            1,
        ),
        (
            "pyjks/jks/custom_entry_passwords.jks",
            "store_password",
            Err("key_not_decrypted"),
            1,
        ),
        (
            "pyjks/jceks/custom_entry_passwords.jceks",
            "store_password",
            Err("key_not_decrypted"),
            1,
        ),
        (
            "pyjks/jks/DSA2048.jks",
            "12345678",
            Err("unsupported_algorithm"),
            1,
        ),
        (
            "jks-js/keystore/RSA_2048_keystore.jks",
            "password",
            Ok((KeyAlgorithm::Rsa, 2048)),
            1,
        ),
        (
            "jks-js/keystore/EC_256_keystore.jks",
            "password",
            Ok((KeyAlgorithm::Ec, 256)),
            1,
        ),
        (
            "jks-js/keystore/diff_pass.jks",
            "password1",
            Err("key_not_decrypted"),
            1,
        ),
        (
            "keystore-go/testdata/keystore_keypass.jks",
            "password",
            Err("key_not_decrypted"),
            1,
        ),
        (
            "keystore-explorer/keystore.jks",
            "123456",
            Ok((KeyAlgorithm::Rsa, 2048)),
            1,
        ),
        (
            "keystore-explorer/keystore.jceks",
            "123456",
            Ok((KeyAlgorithm::Rsa, 2048)),
            1,
        ),
    ];
    for (file, password, expected, chain) in cases {
        let b = read_with(&bytes(corpus.join(file)), Some(password))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let e = b
            .key_entries
            .iter()
            .find(|k| k.kind == dbcert_core::KeyEntryKind::PrivateKey)
            .unwrap_or_else(|| panic!("{file}: no private key entry"));
        assert_eq!(e.chain_length, chain, "{file}");
        assert!(e.encryption.is_some(), "{file}");
        match expected {
            Ok((algorithm, bits)) => {
                let info = e
                    .key
                    .as_ref()
                    .unwrap_or_else(|| panic!("{file}: {:?}", b.warnings));
                assert_eq!((info.algorithm, info.bits), (algorithm, bits), "{file}");
                // The key is its chain's first certificate's.
                let first = b
                    .certificates
                    .iter()
                    .position(|c| c.alias == e.alias)
                    .unwrap();
                assert_eq!(e.matches, Some(first), "{file}");
            }
            Err(code) => {
                assert!(e.key.is_none(), "{file}");
                assert!(
                    b.warnings.iter().any(|w| w.code == code),
                    "{file}: {:?}",
                    b.warnings
                );
            }
        }
    }
}

/// The PKCS#8 block of a plain-key PEM identity written from `b` (the key as dbcert holds it).
fn plain_key_pem(b: &Bundle) -> String {
    use dbcert_core::convert::{convert, ConvertOptions, Target};
    let mut o = ConvertOptions::new(Target::Pem, dbcert_core::time::UnixTime(0));
    o.include_key = true;
    o.encrypt_key = false;
    let out = String::from_utf8(convert(b, &o).unwrap().bytes).unwrap();
    let start = out
        .find("-----BEGIN PRIVATE KEY-----")
        .expect("a key block");
    out[start..].to_owned()
}

/// Decode → encode → compare: openssl's PKCS#8 keys (RSA, EC P-256 and P-384, Ed25519) with
/// their certificate, written by dbcert as JKS and PKCS#12 identities, read back by dbcert,
/// written again as a plain PEM key: byte for byte openssl's key, and the same description.
#[test]
fn identities_round_trip_through_jks_and_pkcs12_byte_for_byte() {
    use dbcert_core::convert::{convert, ConvertOptions, Target};
    let dir = scratch("keystore-keys-roundtrip");
    let mut checked = 0;
    for (name, genpkey) in [
        (
            "rsa",
            &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"][..],
        ),
        (
            "p256",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"][..],
        ),
        (
            "p384",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"][..],
        ),
        ("ed25519", &["-algorithm", "ED25519"][..]),
    ] {
        let key = dir.join(format!("{name}.key")).display().to_string();
        let mut args = vec!["genpkey"];
        args.extend_from_slice(genpkey);
        args.extend_from_slice(&["-out", &key]);
        tool_ok("openssl", &args, None);
        let cert = tool_ok(
            "openssl",
            &[
                "req",
                "-x509",
                "-new",
                "-key",
                &key,
                "-subj",
                &format!("/CN={name}"),
                "-days",
                "2",
            ],
            None,
        );
        let key_pem = String::from_utf8(bytes(&key)).unwrap();
        let input = [cert.as_bytes(), key_pem.as_bytes()].concat();
        let original = read_with(&input, None).unwrap();
        assert_eq!(plain_key_pem(&original), key_pem, "{name}: PEM → PEM");
        for to in [Target::Jks, Target::Pkcs12] {
            let mut o = ConvertOptions::new(to, dbcert_core::time::UnixTime(0));
            o.out_password = Some(PW.to_owned());
            o.pkcs12.seed = [7; 32];
            let written = convert(&original, &o).unwrap();
            assert_eq!(written.count, 1, "{name} {to:?}");
            let back = read_with(&written.bytes, Some(PW)).unwrap();
            assert_eq!(back.key_entries.len(), 1, "{name} {to:?}");
            let (a, b) = (&original.key_entries[0], &back.key_entries[0]);
            assert_eq!((&a.key, a.matches), (&b.key, b.matches), "{name} {to:?}");
            assert_eq!(b.alias.as_deref(), Some(name), "{name} {to:?}");
            assert_eq!(back.certificates[0].der, original.certificates[0].der);
            assert_eq!(
                plain_key_pem(&back),
                key_pem,
                "{name} {to:?}: the key changed"
            );
            // The same seed gives the same bytes; another seed other salts.
            assert_eq!(convert(&original, &o).unwrap().bytes, written.bytes);
            o.pkcs12.seed = [8; 32];
            assert_ne!(convert(&original, &o).unwrap().bytes, written.bytes);
            checked += 1;
        }
    }
    assert_eq!(checked, 8);
}

/// PKCS#1 and SEC 1 keys (openssl's `-traditional` form) are written as PKCS#8: an RSA key
/// byte for byte as `openssl pkcs8 -topk8 -nocrypt` wraps it, an EC key as the same key
/// (openssl derives the same public key from it; its wrapping drops the inner curve, dbcert's
/// keeps it).
#[test]
fn traditional_keys_are_written_as_pkcs8() {
    let dir = scratch("keystore-keys-traditional");
    for (name, genpkey) in [
        (
            "rsa",
            &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"][..],
        ),
        (
            "p256",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"][..],
        ),
    ] {
        let key = dir.join(format!("{name}.key")).display().to_string();
        let mut args = vec!["genpkey"];
        args.extend_from_slice(genpkey);
        args.extend_from_slice(&["-out", &key]);
        tool_ok("openssl", &args, None);
        let cert = tool_ok(
            "openssl",
            &[
                "req", "-x509", "-new", "-key", &key, "-subj", "/CN=t", "-days", "2",
            ],
            None,
        );
        let traditional = tool_ok("openssl", &["pkey", "-in", &key, "-traditional"], None);
        assert!(!traditional.contains("BEGIN PRIVATE KEY"), "{traditional}");
        let b = read_with(&[cert.as_bytes(), traditional.as_bytes()].concat(), None).unwrap();
        let written = plain_key_pem(&b);
        let pkcs8 = tool_ok(
            "openssl",
            &["pkcs8", "-topk8", "-nocrypt", "-in", &key],
            None,
        );
        if name == "rsa" {
            assert_eq!(written, pkcs8, "{name}");
        }
        let public = |pem: &str| tool_ok("openssl", &["pkey", "-pubout"], Some(pem.as_bytes()));
        assert_eq!(public(&written), public(&pkcs8), "{name}");
    }
}
