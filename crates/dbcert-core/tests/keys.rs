//! Private keys in PEM, made at test time by openssl in every form it writes (PKCS#8, PKCS#1 and
//! SEC 1; encrypted PKCS#8 with PBES2, the PKCS#12 PBE schemes and PBES1; OpenSSL's legacy
//! `Proc-Type: 4,ENCRYPTED` encryption): read to say what they are (openssl's own description
//! of each key is the reference) and which certificate they belong to, with `wrong_password`,
//! `key_encrypted` and `key_mismatch` where they apply, and never shown.

mod common;

use common::*;
use dbcert_core::keys::KeyAlgorithm;
use dbcert_core::{read, ErrorCode, ReadOptions};

const PW: &str = "k3y-pass-phrase";

/// A key made by openssl, its self-signed certificate, and openssl's description of it.
struct Made {
    name: &'static str,
    dir: std::path::PathBuf,
    algorithm: KeyAlgorithm,
    bits: u32,
    curve: Option<String>,
    cert: Vec<u8>,
}

impl Made {
    fn key(&self) -> String {
        self.dir.join("key.pem").display().to_string()
    }
}

fn make(name: &'static str, genpkey: &[&str]) -> Made {
    let dir = scratch(&format!("keys-{name}"));
    let key = dir.join("key.pem").display().to_string();
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
    // openssl's description: "Public-Key: (2048 bit)", "NIST CURVE: P-256", "ED25519 Public-Key:".
    let text = tool_ok(
        "openssl",
        &["pkey", "-in", &key, "-text_pub", "-noout"],
        None,
    );
    let first = text.lines().next().unwrap_or_default();
    let (algorithm, bits) = if first.starts_with("ED25519") {
        (KeyAlgorithm::Ed25519, 256)
    } else {
        let bits: u32 = first
            .split(['(', ' '])
            .find_map(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("{name}: {first}"));
        let alg = if text.contains("NIST CURVE") {
            KeyAlgorithm::Ec
        } else {
            KeyAlgorithm::Rsa
        };
        (alg, bits)
    };
    let curve = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("NIST CURVE: "))
        .map(str::to_owned);
    Made {
        name,
        dir,
        algorithm,
        bits,
        curve,
        cert: cert.into_bytes(),
    }
}

fn keys() -> Vec<Made> {
    vec![
        make(
            "rsa2048",
            &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        ),
        make(
            "rsa3071",
            &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3071"],
        ),
        make(
            "p256",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        ),
        make(
            "p384",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
        ),
        make(
            "p521",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"],
        ),
        make("ed25519", &["-algorithm", "ED25519"]),
    ]
}

const LEGACY: [&str; 4] = ["-provider", "legacy", "-provider", "default"];

/// Every form openssl writes the key in: (form, PEM, encrypted with PW, scheme words).
fn forms(k: &Made) -> Vec<(String, String, bool, &'static str)> {
    let key = k.key();
    let mut out = vec![(
        "pkcs8".to_owned(),
        String::from_utf8(bytes(&key)).unwrap(),
        false,
        "",
    )];
    let pass = format!("pass:{PW}");
    // (the encryption options, what dbcert says of it, whether openssl needs its legacy provider)
    let topk8: [(&[&str], &str, bool); 10] = [
        (
            &["-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256"],
            "PBES2 (PBKDF2 with HMAC-SHA-256, AES-256-CBC",
            false,
        ),
        (
            &["-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA1"],
            "PBES2 (PBKDF2 with HMAC-SHA-1, AES-128-CBC",
            false,
        ),
        (
            &["-v2", "aes-192-cbc", "-v2prf", "hmacWithSHA512"],
            "PBES2 (PBKDF2 with HMAC-SHA-512, AES-192-CBC",
            false,
        ),
        (&["-v2", "des3"], "DES-EDE3-CBC", false),
        (
            &["-v1", "PBE-SHA1-3DES"],
            "PKCS#12 PBE (SHA-1 and 3-key 3DES",
            false,
        ),
        (
            &["-v1", "PBE-SHA1-2DES"],
            "PKCS#12 PBE (SHA-1 and 2-key 3DES",
            false,
        ),
        (&["-v1", "PBE-MD5-DES"], "PBES1 (MD5, DES-CBC", true),
        (&["-v1", "PBE-SHA1-DES"], "PBES1 (SHA-1, DES-CBC", true),
        (&["-v1", "PBE-SHA1-RC2-64"], "PBES1 (SHA-1, RC2-CBC", true),
        (
            &["-v1", "PBE-SHA1-RC2-40"],
            "PKCS#12 PBE (SHA-1 and RC2-40",
            true,
        ),
    ];
    for (extra, words, legacy) in topk8 {
        let mut args = vec!["pkcs8", "-topk8", "-in", &key, "-passout", &pass];
        args.extend_from_slice(extra);
        if legacy {
            args.extend_from_slice(&LEGACY);
        }
        out.push((
            format!("pkcs8 {extra:?}"),
            tool_ok("openssl", &args, None),
            true,
            words,
        ));
    }
    if k.algorithm != KeyAlgorithm::Ed25519 {
        out.push((
            "traditional".to_owned(),
            tool_ok("openssl", &["pkey", "-in", &key, "-traditional"], None),
            false,
            "",
        ));
        for (cipher, words, legacy) in [
            ("-aes128", "AES-128-CBC", false),
            ("-aes192", "AES-192-CBC", false),
            ("-aes256", "AES-256-CBC", false),
            ("-des3", "DES-EDE3-CBC", false),
            ("-des", "DES-CBC", true),
        ] {
            let mut args = vec![
                "pkey",
                "-in",
                &key,
                "-traditional",
                cipher,
                "-passout",
                &pass,
            ];
            if legacy {
                args.extend_from_slice(&LEGACY);
            }
            let pem = tool_ok("openssl", &args, None);
            assert!(pem.contains("Proc-Type: 4,ENCRYPTED"), "{}: {pem}", k.name);
            out.push((format!("traditional {cipher}"), pem, true, words));
        }
    }
    out
}

fn with_cert(cert: &[u8], key: &str) -> Vec<u8> {
    let mut input = cert.to_vec();
    input.extend_from_slice(key.as_bytes());
    input
}

#[test]
fn every_form_openssl_writes_is_described_and_matched_with_its_certificate() {
    let made = keys();
    let mut checked = 0;
    for (i, k) in made.iter().enumerate() {
        let other = &made[(i + 1) % made.len()];
        for (form, pem, encrypted, words) in forms(k) {
            let what = format!("{} {form}", k.name);
            let input = with_cert(&k.cert, &pem);
            let password = encrypted.then_some(PW);
            let b =
                read(&input, &ReadOptions { password }).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(b.certificates.len(), 1, "{what}");
            assert_eq!(b.key_entries.len(), 1, "{what}");
            let entry = &b.key_entries[0];
            let info = entry
                .key
                .as_ref()
                .unwrap_or_else(|| panic!("{what}: not read"));
            assert_eq!(
                (info.algorithm, info.bits, info.curve.map(str::to_owned)),
                (k.algorithm, k.bits, k.curve.clone()),
                "{what}: as openssl describes the key"
            );
            assert_eq!(entry.matches, Some(0), "{what}");
            assert_eq!(entry.encryption.is_some(), encrypted, "{what}");
            if encrypted {
                let e = entry.encryption.as_deref().unwrap_or_default();
                assert!(e.contains(words), "{what}: {e:?} should say {words:?}");
                // Without the password: described as encrypted, not read, and said so.
                let b = read(&input, &ReadOptions::default()).unwrap();
                assert!(b.key_entries[0].key.is_none(), "{what}");
                assert!(
                    b.warnings.iter().any(|w| w.code == "key_encrypted"),
                    "{what}"
                );
                // A wrong password: wrong_password, at the block.
                let e = read(
                    &input,
                    &ReadOptions {
                        password: Some("not-it"),
                    },
                )
                .unwrap_err();
                assert_eq!(e.code(), ErrorCode::WrongPassword, "{what}: {e}");
                assert_eq!(e.offset(), Some(k.cert.len()), "{what}: {e}");
            }
            // Beside another key's certificate: no match, and a key_mismatch warning.
            let b = read(&with_cert(&other.cert, &pem), &ReadOptions { password }).unwrap();
            assert_eq!(b.key_entries[0].matches, None, "{what}");
            assert!(
                b.warnings.iter().any(|w| w.code == "key_mismatch"),
                "{what}"
            );
            checked += 1;
        }
    }
    // 6 keys × 11 PKCS#8 forms + 4 RSA/EC keys... (5 non-Ed25519 keys × 6 traditional forms).
    assert_eq!(checked, 6 * 11 + 5 * 6);
}

#[test]
fn a_key_alone_is_read_and_the_key_never_shows_in_the_report() {
    let k = make(
        "alone",
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    );
    let pem = String::from_utf8(bytes(k.key())).unwrap();
    let der = tool(
        "openssl",
        &["pkey", "-in", &k.key(), "-outform", "DER"],
        None,
    )
    .stdout;
    let b = read(pem.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(b.key_entries.len(), 1);
    assert_eq!(b.key_entries[0].matches, None);
    assert!(
        !b.warnings.iter().any(|w| w.code == "key_mismatch"),
        "no certificate to match"
    );
    let json = dbcert_core::inspect::json::report_json(&b).unwrap();
    let hex = dbcert_core::cert::hex(&der).to_lowercase();
    for line in pem.lines().filter(|l| !l.starts_with("-----")) {
        assert!(
            !json.contains(line),
            "a base64 line of the key in the report"
        );
    }
    for w in der.windows(16).step_by(8) {
        let h = dbcert_core::cert::hex(w).to_lowercase();
        assert!(!json.to_lowercase().contains(&h) && !hex.is_empty());
    }
    assert!(json.contains("\"keyEntries\":[{"), "{json}");
}

#[test]
fn keys_that_do_not_decode_are_listed_unread_and_the_certificates_still_read() {
    let k = make(
        "broken",
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    );
    let warned = |input: &[u8], password: Option<&str>| {
        let b = read(input, &ReadOptions { password }).unwrap();
        assert_eq!(b.certificates.len(), 1);
        assert!(b.key_entries[0].key.is_none());
        let codes: Vec<String> = b.warnings.iter().map(|w| w.code.clone()).collect();
        codes
    };
    // A PRIVATE KEY block whose content is a certificate.
    let cert_der = tool("openssl", &["x509", "-outform", "DER"], Some(&k.cert)).stdout;
    let mut pem = String::new();
    dbcert_core::formats::pem::encode("PRIVATE KEY", &cert_der, &mut pem);
    assert!(warned(&with_cert(&k.cert, &pem), None).contains(&"malformed_key".to_owned()));
    // Base64 that is not base64.
    let bad = "-----BEGIN PRIVATE KEY-----\nMIIB!!\n-----END PRIVATE KEY-----\n";
    assert!(warned(&with_cert(&k.cert, bad), None).contains(&"malformed_pem".to_owned()));
    // An encrypted key whose DEK-Info names a cipher dbcert does not implement.
    let camellia = tool_ok(
        "openssl",
        &[
            "pkey",
            "-in",
            &k.key(),
            "-traditional",
            "-camellia128",
            "-passout",
            &format!("pass:{PW}"),
        ],
        None,
    );
    assert!(warned(&with_cert(&k.cert, &camellia), Some(PW))
        .contains(&"unsupported_algorithm".to_owned()));
    // A DSA key (openssl-made): a type MySQL clients do not use.
    let dsa = scratch("keys-dsa").join("dsa.pem").display().to_string();
    tool_ok(
        "openssl",
        &[
            "genpkey",
            "-genparam",
            "-algorithm",
            "DSA",
            "-pkeyopt",
            "dsa_paramgen_bits:1024",
            "-out",
            &dsa,
        ],
        None,
    );
    let dsa_key = tool_ok("openssl", &["genpkey", "-paramfile", &dsa], None);
    assert!(
        warned(&with_cert(&k.cert, &dsa_key), None).contains(&"unsupported_algorithm".to_owned())
    );
}

/// The keys of the shared corpus (jks-js, keystore-go, RustCrypto's PKCS#12 test data, pyca's
/// malformed set): each is described as openssl describes it, or listed unread with the reason.
#[test]
fn third_party_keys_are_described_as_openssl_describes_them() {
    let mut seen = 0;
    for path in files_under(&shared().join("corpus")) {
        let input = bytes(&path);
        let text = String::from_utf8_lossy(&input);
        if !text.contains("PRIVATE KEY-----")
            || path.extension().is_some_and(|e| e == "json" || e == "md")
        {
            continue;
        }
        let what = path.display().to_string();
        let reference = tool(
            "openssl",
            &["pkey", "-text_pub", "-noout", "-passin", "pass:"],
            Some(&input),
        );
        let b = match read(&input, &ReadOptions::default()) {
            Ok(b) => b,
            // A file whose PEM framing is refused (keystore-explorer's keystore.pem has a block
            // with no END line; openssl reads the blocks before it and stops): framing is
            // decided before any key is read.
            Err(e) => {
                assert_eq!(e.code(), ErrorCode::MalformedPem, "{what}: {e}");
                seen += 1;
                continue;
            }
        };
        let described = String::from_utf8_lossy(&reference.stdout).into_owned();
        let first = b
            .key_entries
            .iter()
            .find(|k| k.offset.is_some())
            .expect("a PEM key entry");
        match &first.key {
            Some(info) if reference.status.success() => {
                let bits = described.lines().next().unwrap_or_default();
                assert!(
                    bits.contains(&format!("({} bit)", info.bits))
                        || info.algorithm == KeyAlgorithm::Ed25519,
                    "{what}: {bits} vs {info:?}"
                );
            }
            Some(info) => panic!("{what}: read as {info:?}, but openssl cannot read it"),
            None => assert!(
                b.warnings.iter().any(|w| [
                    "malformed_key",
                    "unsupported_algorithm",
                    "key_encrypted",
                    "malformed_pem"
                ]
                .contains(&w.code.as_str())),
                "{what}: unread without a reason"
            ),
        }
        seen += 1;
    }
    assert!(
        seen >= 19,
        "the shared corpus holds 19 files with private keys, found {seen}"
    );
}

/// PKCS#12 client identities as openssl (PBES2, and `-legacy` 3DES) and keytool write them: the
/// shrouded key is decrypted with the password the MAC accepted, described as openssl describes
/// it, and matched with its certificate.
#[test]
fn pkcs12_keys_are_read_with_the_keystore_password_and_matched() {
    let mut checked = 0;
    for k in [
        make(
            "p12-rsa",
            &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        ),
        make(
            "p12-p384",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
        ),
    ] {
        let cert = k.dir.join("cert.pem");
        std::fs::write(&cert, &k.cert).unwrap();
        for extra in [&[][..], &["-legacy"][..]] {
            let out = k.dir.join("id.p12").display().to_string();
            let key = k.key();
            let mut args = vec![
                "pkcs12",
                "-export",
                "-inkey",
                &key,
                "-in",
                cert.to_str().unwrap(),
                "-name",
                "client",
                "-passout",
                "pass:store-pw",
                "-out",
                &out,
            ];
            args.extend_from_slice(extra);
            tool_ok("openssl", &args, None);
            let p12 = bytes(&out);
            let what = format!("{} {extra:?}", k.name);
            let b = read(
                &p12,
                &ReadOptions {
                    password: Some("store-pw"),
                },
            )
            .unwrap();
            assert_eq!(b.key_entries.len(), 1, "{what}");
            let e = &b.key_entries[0];
            let info = e
                .key
                .as_ref()
                .unwrap_or_else(|| panic!("{what}: key not read: {:?}", b.warnings));
            assert_eq!((info.algorithm, info.bits), (k.algorithm, k.bits), "{what}");
            assert_eq!(e.matches, Some(0), "{what}");
            assert!(e.encryption.is_some(), "{what}");
            // A wrong password is the keystore's wrong_password, as before.
            let e = read(
                &p12,
                &ReadOptions {
                    password: Some("not-it"),
                },
            )
            .unwrap_err();
            assert_eq!(e.code(), ErrorCode::WrongPassword, "{what}");
            checked += 1;
        }
    }
    // keytool: a key pair made by Java, in a PKCS#12 keystore.
    let dir = scratch("keys-keytool");
    let store = dir.join("client.p12").display().to_string();
    tool_ok(
        "keytool",
        &[
            "-genkeypair",
            "-alias",
            "app",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=app",
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            &store,
            "-storepass",
            "store-pw",
            "-keypass",
            "store-pw",
        ],
        None,
    );
    let b = read(
        &bytes(&store),
        &ReadOptions {
            password: Some("store-pw"),
        },
    )
    .unwrap();
    let e = &b.key_entries[0];
    assert_eq!(e.alias.as_deref(), Some("app"));
    assert_eq!(
        e.key.as_ref().map(|i| (i.algorithm, i.bits)),
        Some((KeyAlgorithm::Ec, 256)),
        "{:?}",
        b.warnings
    );
    assert_eq!(e.matches, Some(0));
    checked += 1;
    assert_eq!(checked, 5);
}
