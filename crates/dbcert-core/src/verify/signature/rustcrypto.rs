//! The RustCrypto backend, on every build: `rsa`'s public-key operation (on [`VerifyingKey`],
//! for PKCS#1 v1.5 and PSS), `p256`/`p384`/`p521` with `ecdsa`, and `ed25519-dalek`'s
//! `verify_strict`.

use super::public_rsa::VerifyingKey;
use super::{pss, Algorithm, Backend, Curve, Signed};

/// The RustCrypto crates as a [`Backend`]: it decides every [`Signed`].
#[derive(Clone, Copy, Debug, Default)]
pub struct RustCrypto;

impl Backend for RustCrypto {
    fn verify(&self, signed: &Signed<'_>) -> Option<bool> {
        Some(self.verdict(signed))
    }
}

impl RustCrypto {
    /// True when `signed` is a valid signature.
    pub fn verdict(self, signed: &Signed<'_>) -> bool {
        let msg = signed.message;
        let sig = signed.signature;
        match signed.algorithm {
            Algorithm::RsaPkcs1(hash) => VerifyingKey::from_der(signed.key)
                .is_some_and(|k| k.verify_pkcs1v15(hash, &hash.digest(msg), sig)),
            Algorithm::RsaPss { hash, mgf1, salt } => VerifyingKey::from_der(signed.key)
                .is_some_and(|k| {
                    pss::verify(
                        &k,
                        signed.rsa_bits,
                        hash,
                        mgf1,
                        salt,
                        &hash.digest(msg),
                        sig,
                    )
                }),
            Algorithm::Ecdsa { curve, hash } => {
                let digest = hash.digest(msg);
                // The hash as it is, never left-padded: bits2int of a hash shorter than the
                // order (SHA-256 or SHA-384 on P-521) is the hash itself.
                macro_rules! ecdsa {
                    ($c:ident) => {{
                        use $c::ecdsa::signature::hazmat::PrehashVerifier;
                        let key = $c::ecdsa::VerifyingKey::from_sec1_bytes(signed.key);
                        let der = $c::ecdsa::DerSignature::from_bytes(sig);
                        match (key, der) {
                            (Ok(key), Ok(der)) => $c::ecdsa::Signature::try_from(der)
                                .is_ok_and(|s| key.verify_prehash(&digest, &s).is_ok()),
                            _ => false,
                        }
                    }};
                }
                match curve {
                    Curve::P256 => ecdsa!(p256),
                    Curve::P384 => ecdsa!(p384),
                    Curve::P521 => ecdsa!(p521),
                }
            }
            Algorithm::Ed25519 => {
                let (Ok(key), Ok(sig)) = (
                    <&[u8; 32]>::try_from(signed.key),
                    ed25519_dalek::Signature::from_slice(sig),
                ) else {
                    return false;
                };
                ed25519_dalek::VerifyingKey::from_bytes(key)
                    .is_ok_and(|k| k.verify_strict(msg, &sig).is_ok())
            }
        }
    }
}
