//! ring's signature verification (assembly on x86-64 and aarch64) as the native fast path behind
//! [`dbcert_core::verify::signature::Backend`], for the CLI and the Node addon. The WebAssembly
//! build does not use it (ring needs a C toolchain for wasm32): there RustCrypto decides
//! everything.
//!
//! The core has checked every rule before it asks (algorithm and parameters, key type and
//! encoding, RSA size 1024 to 16,384 bits, strict DER for ECDSA, Ed25519 keys and `R` not of
//! small order, a PSS salt the modulus holds). ring then **decides** what it supports, valid or
//! invalid; for the rest it answers `None` and RustCrypto decides: RSA with SHA-224, SHA-384 on
//! keys under 2048 bits, keys over 8192 bits, PSS with SHA-1 or SHA-224, a salt other than the
//! hash length, an MGF1 hash other than the message hash or a key under 2048 bits, ECDSA on P-521,
//! and ECDSA with SHA-1, SHA-224 or SHA-512. The differential test (tests/differential.rs) holds
//! ring and RustCrypto to the same verdict on every signature ring decides.

use dbcert_core::verify::signature::{Algorithm, Backend, Curve, Hash, Signed};
use ring::signature::{self as sig, VerificationAlgorithm};

/// The backend: pass `Some(&dbcert_ring::RING)` as `VerifyOptions::accelerator`.
pub static RING: Ring = Ring;

/// ring as a dbcert signature backend (see the crate docs).
#[derive(Debug)]
pub struct Ring;

/// The ring algorithm for a signature, when ring has one with exactly these parameters.
pub fn algorithm(signed: &Signed<'_>) -> Option<&'static dyn VerificationAlgorithm> {
    let bits = signed.rsa_bits;
    let rsa = (1024..=8192).contains(&bits);
    let rsa2048 = (2048..=8192).contains(&bits);
    Some(match signed.algorithm {
        Algorithm::RsaPkcs1(hash) => match hash {
            Hash::Sha1 if rsa => &sig::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
            Hash::Sha256 if rsa => &sig::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
            Hash::Sha384 if rsa2048 => &sig::RSA_PKCS1_2048_8192_SHA384,
            Hash::Sha512 if rsa => &sig::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
            _ => return None,
        },
        // ring's PSS verification takes a salt as long as the hash, and MGF1 with the same hash.
        Algorithm::RsaPss { hash, mgf1, salt }
            if mgf1 == hash && salt == hash.output_len() && rsa2048 =>
        {
            match hash {
                Hash::Sha256 => &sig::RSA_PSS_2048_8192_SHA256,
                Hash::Sha384 => &sig::RSA_PSS_2048_8192_SHA384,
                Hash::Sha512 => &sig::RSA_PSS_2048_8192_SHA512,
                _ => return None,
            }
        }
        Algorithm::RsaPss { .. } => return None,
        Algorithm::Ecdsa { curve, hash } => match (curve, hash) {
            (Curve::P256, Hash::Sha256) => &sig::ECDSA_P256_SHA256_ASN1,
            (Curve::P256, Hash::Sha384) => &sig::ECDSA_P256_SHA384_ASN1,
            (Curve::P384, Hash::Sha256) => &sig::ECDSA_P384_SHA256_ASN1,
            (Curve::P384, Hash::Sha384) => &sig::ECDSA_P384_SHA384_ASN1,
            _ => return None,
        },
        Algorithm::Ed25519 => &sig::ED25519,
    })
}

impl Backend for Ring {
    fn verify(&self, signed: &Signed<'_>) -> Option<bool> {
        let alg = algorithm(signed)?;
        Some(
            alg.verify(
                signed.key.into(),
                signed.message.into(),
                signed.signature.into(),
            )
            .is_ok(),
        )
    }
}
