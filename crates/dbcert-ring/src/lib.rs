//! ring's RSA and ECDSA verification (assembly on x86-64 and aarch64) behind
//! [`dbcert_core::verify::signature::Accelerator`], for the native surfaces (the CLI and the Node
//! addon). The WebAssembly build does not use it: ring needs a C toolchain for wasm32, and the
//! core's own pure-Rust code gives the same verdicts.
//!
//! The core has checked every rule before it asks (algorithm and parameters, key type and
//! encoding, ECDSA DER); this crate only does arithmetic ring supports and answers `false` for
//! anything else, so the core's own code decides those (RSA with SHA-224 or keys under 1024
//! bits, PSS with a salt other than the hash length, P-521, ECDSA with a hash other than the
//! curve's own: SHA-256 on P-256, SHA-384 on P-384).

use dbcert_core::der::{tag, Der};
use dbcert_core::verify::signature::{Accelerator, Algorithm, Curve, Hash, Signed};
use ring::signature::{self as sig, VerificationAlgorithm};

/// The accelerator: pass `Some(&dbcert_ring::RING)` as `VerifyOptions::accelerator`.
pub static RING: Ring = Ring;

/// ring as a dbcert signature accelerator (see the crate docs).
#[derive(Debug)]
pub struct Ring;

/// The bits of an RSA modulus, from an `RSAPublicKey` DER the core has already decoded
/// (read with the core's DER reader).
fn rsa_modulus_bits(key: &[u8]) -> Option<usize> {
    // SEQUENCE { INTEGER n, INTEGER e }
    let seq = Der::new(key, 0)
        .expect(tag::SEQUENCE, "RSAPublicKey")
        .ok()?;
    let n = seq
        .reader()
        .ok()?
        .expect(tag::INTEGER, "modulus")
        .ok()?
        .value;
    let n = match n {
        [0, tail @ ..] => tail,
        n => n,
    };
    let top = n.first()?;
    Some(n.len() * 8 - top.leading_zeros() as usize)
}

/// The ring algorithm for a signature, when ring has one with exactly these parameters.
fn algorithm(signed: &Signed<'_>) -> Option<&'static dyn VerificationAlgorithm> {
    Some(match signed.algorithm {
        Algorithm::RsaPkcs1(hash) => {
            let bits = rsa_modulus_bits(signed.key)?;
            match (hash, bits >= 2048) {
                (Hash::Sha1, _) => &sig::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
                (Hash::Sha256, true) => &sig::RSA_PKCS1_2048_8192_SHA256,
                (Hash::Sha256, false) => &sig::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                (Hash::Sha384, true) => &sig::RSA_PKCS1_2048_8192_SHA384,
                (Hash::Sha512, true) => &sig::RSA_PKCS1_2048_8192_SHA512,
                (Hash::Sha512, false) => &sig::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
                _ => return None,
            }
        }
        // ring's PSS verification expects a salt as long as the hash.
        Algorithm::RsaPss { hash, salt } => match hash {
            Hash::Sha256 if salt == 32 => &sig::RSA_PSS_2048_8192_SHA256,
            Hash::Sha384 if salt == 48 => &sig::RSA_PSS_2048_8192_SHA384,
            Hash::Sha512 if salt == 64 => &sig::RSA_PSS_2048_8192_SHA512,
            _ => return None,
        },
        Algorithm::Ecdsa { curve, hash } => match (curve, hash) {
            (Curve::P256, Hash::Sha256) => &sig::ECDSA_P256_SHA256_FIXED,
            (Curve::P384, Hash::Sha384) => &sig::ECDSA_P384_SHA384_FIXED,
            _ => return None,
        },
    })
}

impl Accelerator for Ring {
    fn confirms(&self, signed: &Signed<'_>) -> bool {
        algorithm(signed).is_some_and(|alg| {
            alg.verify(
                signed.key.into(),
                signed.message.into(),
                signed.signature.into(),
            )
            .is_ok()
        })
    }
}
