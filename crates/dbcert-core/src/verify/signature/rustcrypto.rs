//! The RustCrypto backend, on every build: `rsa` (PKCS#1 v1.5 and PSS; PKCS#1 v1.5 and PSS
//! with a distinct MGF1 hash through its public-key operation on [`VerifyingKey`]),
//! `p256`/`p384`/`p521` with `ecdsa`, and `ed25519-dalek`'s `verify_strict`.

use rsa::pss::Pss;
use rsa::BoxedUint;
use sha1::Sha1;
use sha2::{Sha224, Sha256, Sha384, Sha512};

use super::key::{RSA_MAX_BITS, RSA_MIN_BITS};
use super::public_rsa::VerifyingKey;
use super::{pss, Algorithm, Backend, Curve, Hash, Signed};

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
            Algorithm::RsaPss { hash, mgf1, salt } if hash != mgf1 => {
                VerifyingKey::from_der(signed.key).is_some_and(|k| {
                    pss::verify_distinct_mgf1(
                        &k,
                        signed.rsa_bits,
                        hash,
                        mgf1,
                        salt,
                        &hash.digest(msg),
                        sig,
                    )
                })
            }
            Algorithm::RsaPss { hash, salt, .. } => rsa_key(signed.key).is_some_and(|k| {
                let digest = hash.digest(msg);
                let result = match hash {
                    Hash::Sha1 => k.verify(Pss::<Sha1>::new_with_salt(salt), &digest, sig),
                    Hash::Sha224 => k.verify(Pss::<Sha224>::new_with_salt(salt), &digest, sig),
                    Hash::Sha256 => k.verify(Pss::<Sha256>::new_with_salt(salt), &digest, sig),
                    Hash::Sha384 => k.verify(Pss::<Sha384>::new_with_salt(salt), &digest, sig),
                    Hash::Sha512 => k.verify(Pss::<Sha512>::new_with_salt(salt), &digest, sig),
                };
                result.is_ok()
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

/// The crate's key from an `RSAPublicKey` DER the rules have accepted.
fn rsa_key(der: &[u8]) -> Option<rsa::PublicKey> {
    use der::Decode;
    let key = pkcs1::RsaPublicKeyRef::from_der(der).ok()?;
    let n = BoxedUint::from_be_slice_vartime(key.modulus.as_bytes());
    let e = BoxedUint::from_be_slice_vartime(key.public_exponent.as_bytes());
    rsa::PublicKey::new_with_size_limits(n, e, RSA_MIN_BITS..=RSA_MAX_BITS).ok()
}
