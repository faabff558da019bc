//! The signature rules and arithmetic on their own: a fuzzed signature `AlgorithmIdentifier`
//! (RSASSA-PSS parameters included), `SubjectPublicKeyInfo` (RSA, EC and Ed25519 keys), signature
//! and message go through `verify_message` (the rules, then RustCrypto) and, where ring decides,
//! ring must give RustCrypto's verdict. The key checks (`check_key`, `rsa_bits`) and `weak_hash`
//! run on the same input. Nothing may panic.
//!
//! Input: `alg_len (2 bytes, big-endian) alg spki_len (2) spki sig_len (2) sig message…`
//! (fuzz/seed.py writes real certificate links in this shape).
#![no_main]

use dbcert_core::cert::{AlgorithmIdentifier, SubjectPublicKeyInfo};
use dbcert_core::der::Der;
use dbcert_core::verify::signature::{
    check_key, prepare, rsa_bits, verify_message, weak_hash, Backend, RustCrypto,
};
use libfuzzer_sys::fuzz_target;

/// The next length-prefixed field.
fn field<'a>(data: &mut &'a [u8]) -> Option<&'a [u8]> {
    let (len, rest) = data.split_first_chunk::<2>()?;
    let len = usize::from(u16::from_be_bytes(*len));
    let (value, rest) = (rest.get(..len)?, rest.get(len..)?);
    *data = rest;
    Some(value)
}

fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    let (Some(alg), Some(spki), Some(sig)) = (field(&mut rest), field(&mut rest), field(&mut rest))
    else {
        return;
    };
    let msg = rest;
    let (Ok(alg_tlv), Ok(spki_tlv)) = (Der::new(alg, 0).read(), Der::new(spki, 0).read()) else {
        return;
    };
    let (Ok(alg), Ok(spki)) = (
        AlgorithmIdentifier::decode(&alg_tlv),
        SubjectPublicKeyInfo::decode(&spki_tlv),
    ) else {
        return;
    };
    let _ = weak_hash(&alg);
    let key_ok = check_key(&spki).is_ok();
    let _ = rsa_bits(&spki);
    let verdict = verify_message(&alg, &spki, msg, sig, None);
    if let Ok(p) = prepare(&alg, &spki, msg, sig) {
        assert!(key_ok, "a key check_key refuses passed the signature rules");
        let signed = p.signed();
        let rc = RustCrypto.verdict(&signed);
        assert_eq!(rc, verdict.is_ok());
        if let Some(ring) = dbcert_ring::RING.verify(&signed) {
            assert_eq!(ring, rc, "ring and RustCrypto disagree on {:?}", signed.algorithm);
        }
    }
});
