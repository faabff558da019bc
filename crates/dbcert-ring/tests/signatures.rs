//! ring, natively, decides the same as RustCrypto: every certificate of the chain fixtures and of
//! the machine's CA bundle, checked against every certificate whose subject is its issuer, gives
//! the same result with ring as the fast path and with RustCrypto alone, and ring decides most of
//! them; with a byte of the signature or of the signed part changed, neither accepts.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use dbcert_core::cert::Certificate;
use dbcert_core::formats::pem;
use dbcert_core::verify::signature::{
    verify_signature, verify_signature_with, Algorithm, Backend, Signed,
};
use dbcert_ring::RING;

/// RING, counting the valid signatures it decides, per algorithm family.
#[derive(Debug, Default)]
struct Counting {
    asked: AtomicUsize,
    decided: AtomicUsize,
    rsa: AtomicUsize,
    pss: AtomicUsize,
    ecdsa: AtomicUsize,
    ed25519: AtomicUsize,
}

impl Backend for Counting {
    fn verify(&self, s: &Signed<'_>) -> Option<bool> {
        self.asked.fetch_add(1, Ordering::Relaxed);
        let verdict = RING.verify(s);
        self.decided
            .fetch_add(usize::from(verdict.is_some()), Ordering::Relaxed);
        if verdict == Some(true) {
            let family = match s.algorithm {
                Algorithm::RsaPkcs1(_) => &self.rsa,
                Algorithm::RsaPss { .. } => &self.pss,
                Algorithm::Ecdsa { .. } => &self.ecdsa,
                Algorithm::Ed25519 => &self.ed25519,
            };
            family.fetch_add(1, Ordering::Relaxed);
        }
        verdict
    }
}

impl Counting {
    fn confirmed(&self) -> usize {
        self.rsa.load(Ordering::Relaxed)
            + self.pss.load(Ordering::Relaxed)
            + self.ecdsa.load(Ordering::Relaxed)
            + self.ed25519.load(Ordering::Relaxed)
    }
}

fn ders() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let chains = root.join("crates/dbcert-core/tests/data/chains");
    let mut files: Vec<_> = std::fs::read_dir(&chains)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pem"))
        .collect();
    files.sort();
    files.push("/etc/ssl/certs/ca-certificates.crt".into());
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for block in pem::parse(&text).unwrap() {
            if block.label == "CERTIFICATE" {
                out.push(block.der);
            }
        }
    }
    out
}

/// Every (certificate, candidate issuer) pair of the pool whose names match.
fn pairs<'a>(certs: &'a [Certificate<'a>]) -> Vec<(&'a Certificate<'a>, &'a Certificate<'a>)> {
    let mut out = Vec::new();
    for c in certs {
        for i in certs {
            if i.subject.matches(&c.issuer) {
                out.push((c, i));
            }
        }
    }
    out
}

#[test]
fn same_results_as_rustcrypto_and_ring_does_the_work() {
    let ders = ders();
    let certs: Vec<Certificate<'_>> = ders
        .iter()
        .map(|d| Certificate::parse(d).unwrap())
        .collect();
    let counting = Counting::default();
    let mut valid = 0;
    for (c, i) in pairs(&certs) {
        let pure = verify_signature(c, &i.spki);
        let fast = verify_signature_with(c, &i.spki, Some(&counting));
        assert_eq!(fast, pure, "{}", c.subject.to_rfc4514());
        valid += usize::from(pure.is_ok());
    }
    let confirmed = counting.confirmed();
    eprintln!(
        "{valid} valid signatures, ring decided {confirmed} of them (RSA PKCS#1 {}, PSS {}, ECDSA {}, Ed25519 {}), asked {}",
        counting.rsa.load(Ordering::Relaxed),
        counting.pss.load(Ordering::Relaxed),
        counting.ecdsa.load(Ordering::Relaxed),
        counting.ed25519.load(Ordering::Relaxed),
        counting.asked.load(Ordering::Relaxed),
    );
    // ring takes every family it supports: the fixtures hold PKCS#1 (SHA-1/256/384/512), PSS
    // and P-256/P-384 ECDSA signatures; SHA-224, RSA-1024 with SHA-384 and P-521 are left to
    // RustCrypto.
    assert!(counting.rsa.load(Ordering::Relaxed) > 100);
    assert!(counting.pss.load(Ordering::Relaxed) >= 1);
    assert!(counting.ecdsa.load(Ordering::Relaxed) >= 10);
    assert!(
        confirmed <= valid && confirmed * 10 >= valid * 9,
        "{confirmed} of {valid}"
    );
}

#[test]
fn a_changed_byte_is_never_accepted() {
    let ders = ders();
    let certs: Vec<Certificate<'_>> = ders
        .iter()
        .map(|d| Certificate::parse(d).unwrap())
        .collect();
    let counting = Counting::default();
    let mut checked = 0;
    for (c, i) in pairs(&certs) {
        if verify_signature(c, &i.spki).is_err() {
            continue;
        }
        // The last byte of the signature, then a byte in the middle of the signed part.
        let sig_at = c.raw.len() - 1;
        let tbs_at = c.raw.len() - c.signature.len() - c.tbs.len() / 2 - 20;
        for at in [sig_at, tbs_at] {
            let mut der = c.raw.to_vec();
            der[at] ^= 0x01;
            let Ok(changed) = Certificate::parse(&der) else {
                continue;
            };
            let pure = verify_signature(&changed, &i.spki);
            let fast = verify_signature_with(&changed, &i.spki, Some(&counting));
            assert!(pure.is_err(), "{} at byte {at}", c.subject.to_rfc4514());
            assert_eq!(fast, pure);
            checked += 1;
        }
    }
    assert!(checked > 200, "{checked}");
    assert!(counting.asked.load(Ordering::Relaxed) > 200);
    assert!(counting.decided.load(Ordering::Relaxed) > 200);
    assert_eq!(
        counting.confirmed(),
        0,
        "ring accepted a changed certificate"
    );
}
