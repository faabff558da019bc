//! Certificate signatures: every rule checked here, the arithmetic done by reviewed crates.
//!
//! Supported: RSA PKCS#1 v1.5 with SHA-1/224/256/384/512, RSASSA-PSS (any of those hashes for
//! the message and for MGF1, any salt the modulus allows), ECDSA on P-256/P-384/P-521 with any
//! of those hashes, and Ed25519.
//!
//! Two layers:
//! 1. **Rules** ([`prepare`]): the algorithm identifier and its parameters (`params`), the
//!    key's encoding and type (`key`: RSA 1024 to 16,384 bits with an odd exponent from 3 to
//!    2^33 - 1, EC points on a named curve, Ed25519 keys not of small order), the match
//!    between the two, and the signature's own encoding (strict DER for ECDSA, a PSS salt the
//!    modulus can hold, an Ed25519 `R` that is a point not of small order). ASN.1 is decoded
//!    with the RustCrypto `der`, `spki` and `pkcs1` crates.
//! 2. **Arithmetic** by a [`Backend`]: [`RustCrypto`] on every build (`rsa`, `p256`/`p384`/
//!    `p521` with `ecdsa`, `ed25519-dalek`'s `verify_strict`); natively the CLI and the Node
//!    addon pass ring (`crates/dbcert-ring`), which decides what it supports and leaves the rest
//!    to RustCrypto. A differential test (crates/dbcert-ring/tests/differential.rs) holds the two
//!    to the same verdict.
//!
//! Nothing here panics on input: keys and signatures that do not decode are reported as bad or
//! unsupported, never unwrapped, and lengths from the input are only used through checked
//! arithmetic.

pub(crate) mod key;
mod params;
mod pss;
mod public_rsa;
mod rustcrypto;
#[cfg(test)]
mod tests;

use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

use crate::cert::{AlgorithmIdentifier, Certificate, SubjectPublicKeyInfo};

pub use rustcrypto::RustCrypto;

/// Why a signature did not verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// The signature is wrong for this key (or the key cannot have made it).
    Bad(String),
    /// The algorithm, curve, key or parameters are not supported.
    Unsupported(String),
}

/// The hash functions used by certificate signatures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hash {
    /// SHA-1 (weak).
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl Hash {
    /// The hash of `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => Sha1::digest(data).to_vec(),
            Self::Sha224 => Sha224::digest(data).to_vec(),
            Self::Sha256 => Sha256::digest(data).to_vec(),
            Self::Sha384 => Sha384::digest(data).to_vec(),
            Self::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    /// The output length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 => 28,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }
}

/// The elliptic curves of ECDSA certificate signatures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    /// NIST P-256 (secp256r1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
    /// NIST P-521 (secp521r1).
    P521,
}

/// A signature algorithm dbcert can verify, with its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with this hash.
    RsaPkcs1(Hash),
    /// RSASSA-PSS (trailer field 1).
    RsaPss {
        /// The message hash.
        hash: Hash,
        /// The hash of the MGF1 mask generation function.
        mgf1: Hash,
        /// The salt length in bytes; [`prepare`] has checked that the modulus can hold it.
        salt: usize,
    },
    /// ECDSA with this hash on this curve.
    Ecdsa {
        /// The curve of the key.
        curve: Curve,
        /// The message hash.
        hash: Hash,
    },
    /// Ed25519 (RFC 8032, pure: over the message itself).
    Ed25519,
}

/// One signature for a [`Backend`], after every rule: the algorithm matches the key type, the
/// key decodes (an EC point is on its curve, an Ed25519 key is not of small order), an RSA
/// modulus is 1024 to 16,384 bits, an ECDSA signature is strict DER, an Ed25519 `R` is a point
/// not of small order, a PSS salt fits the modulus.
#[derive(Clone, Copy, Debug)]
pub struct Signed<'a> {
    /// The algorithm and its parameters.
    pub algorithm: Algorithm,
    /// The key: RSA as the `RSAPublicKey` DER, EC as the uncompressed SEC1 point
    /// (`04 x y`), Ed25519 as its 32 bytes.
    pub key: &'a [u8],
    /// The RSA modulus size in bits (0 for other keys).
    pub rsa_bits: usize,
    /// The signed bytes (the TBSCertificate), not hashed.
    pub message: &'a [u8],
    /// The signature: RSA as encoded, ECDSA as the DER `ECDSA-Sig-Value`, Ed25519 as `R ‖ S`.
    pub signature: &'a [u8],
}

/// Signature arithmetic. [`RustCrypto`] handles every [`Signed`]; a native surface passes a
/// faster one (ring's assembly, `crates/dbcert-ring`) as [`super::VerifyOptions::accelerator`],
/// which decides the signatures it supports and leaves the others to RustCrypto.
pub trait Backend: Sync + std::fmt::Debug {
    /// The verdict on `signed`: `Some(true)` valid, `Some(false)` invalid, `None` when this
    /// backend does not handle these parameters (RustCrypto then decides).
    fn verify(&self, signed: &Signed<'_>) -> Option<bool>;
}

/// A signature that has passed every rule (see [`prepare`]), owning what the rules rebuilt
/// (an EC key re-encoded uncompressed).
#[derive(Clone, Debug)]
pub struct Prepared<'a> {
    algorithm: Algorithm,
    key: std::borrow::Cow<'a, [u8]>,
    rsa_bits: usize,
    message: &'a [u8],
    signature: &'a [u8],
}

impl Prepared<'_> {
    /// What a [`Backend`] is given.
    pub fn signed(&self) -> Signed<'_> {
        Signed {
            algorithm: self.algorithm,
            key: &self.key,
            rsa_bits: self.rsa_bits,
            message: self.message,
            signature: self.signature,
        }
    }

    /// The verdict of `backend` if it decides, else RustCrypto's.
    pub fn verify_with(&self, backend: Option<&dyn Backend>) -> Result<(), SignatureError> {
        let signed = self.signed();
        let valid = backend
            .and_then(|b| b.verify(&signed))
            .unwrap_or_else(|| RustCrypto.verdict(&signed));
        if valid {
            Ok(())
        } else {
            Err(wrong())
        }
    }
}

fn wrong() -> SignatureError {
    SignatureError::Bad("the signature does not verify with the issuer's key".into())
}

/// The weak hash a signature algorithm uses (`"SHA-1"`, `"MD5"`, `"MD2"`), if any.
pub fn weak_hash(alg: &AlgorithmIdentifier<'_>) -> Option<&'static str> {
    params::weak_hash(alg.raw)
}

/// Checks that a certificate's public key is one TLS clients can use; `Err` says why not.
pub fn check_key(spki: &SubjectPublicKeyInfo<'_>) -> Result<(), String> {
    key::decode(spki.raw).map(|_| ())
}

/// The RSA modulus size in bits, for RSA keys (whatever their size).
pub fn rsa_bits(spki: &SubjectPublicKeyInfo<'_>) -> Option<usize> {
    key::rsa_bits(spki.raw)
}

/// Whether `point` is a valid SEC1 encoding of a point on `curve` (for the keystore tamper
/// check, which tells a changed EC key from a genuine one).
pub(crate) fn ec_point_is_valid(curve: Curve, point: &[u8]) -> bool {
    key::ec_point(curve, point).is_ok()
}

/// Verifies `cert`'s signature with `issuer`'s public key, on RustCrypto.
pub fn verify_signature(
    cert: &Certificate<'_>,
    issuer: &SubjectPublicKeyInfo<'_>,
) -> Result<(), SignatureError> {
    verify_signature_with(cert, issuer, None)
}

/// [`verify_signature`], with the arithmetic first offered to `backend` once every rule is
/// checked (natively: ring); RustCrypto decides what the backend leaves.
pub fn verify_signature_with(
    cert: &Certificate<'_>,
    issuer: &SubjectPublicKeyInfo<'_>,
    backend: Option<&dyn Backend>,
) -> Result<(), SignatureError> {
    if cert.tbs_signature.raw != cert.signature_algorithm.raw {
        return Err(SignatureError::Bad(
            "the signature algorithm inside the certificate differs from the one outside it \
             (RFC 5280 §4.1.1.2), so the signature cannot be trusted"
                .into(),
        ));
    }
    verify_message(
        &cert.signature_algorithm,
        issuer,
        cert.tbs,
        cert.signature,
        backend,
    )
}

/// Verifies `sig` over `msg` under the signature algorithm `alg` with the key of `key`: the
/// rules and arithmetic of [`verify_signature_with`] for any signed message.
pub fn verify_message(
    alg: &AlgorithmIdentifier<'_>,
    key: &SubjectPublicKeyInfo<'_>,
    msg: &[u8],
    sig: &[u8],
    backend: Option<&dyn Backend>,
) -> Result<(), SignatureError> {
    prepare(alg, key, msg, sig)?.verify_with(backend)
}

/// Every rule in front of the arithmetic, for `sig` over `msg` under `alg` with the key of
/// `key` (read from their `.raw` DER): the result goes to a [`Backend`].
pub fn prepare<'a>(
    alg: &AlgorithmIdentifier<'_>,
    key: &SubjectPublicKeyInfo<'a>,
    msg: &'a [u8],
    sig: &'a [u8],
) -> Result<Prepared<'a>, SignatureError> {
    let scheme = params::scheme(alg)?;
    let decoded = key::decode(key.raw).map_err(SignatureError::Unsupported)?;
    let mismatch = || {
        SignatureError::Bad(format!(
            "the issuer's key type cannot have made a {} signature",
            crate::cert::key::signature_name(alg)
        ))
    };
    let (algorithm, key_bytes, rsa_bits) = match (scheme, decoded) {
        (
            params::Scheme::RsaPkcs1(hash),
            key::Key::Rsa {
                der,
                bits,
                pss_only,
            },
        ) => {
            if pss_only {
                return Err(mismatch());
            }
            (Algorithm::RsaPkcs1(hash), der.into(), bits)
        }
        (params::Scheme::RsaPss { hash, mgf1, salt }, key::Key::Rsa { der, bits, .. }) => {
            pss::check_salt(hash, salt, bits)?;
            (Algorithm::RsaPss { hash, mgf1, salt }, der.into(), bits)
        }
        (params::Scheme::Ecdsa(hash), key::Key::Ec { curve, point }) => {
            key::check_ecdsa_der(curve, sig).ok_or_else(wrong)?;
            (Algorithm::Ecdsa { curve, hash }, point.into(), 0)
        }
        (params::Scheme::Ed25519, key::Key::Ed25519(bytes)) => {
            key::check_ed25519_r(sig).ok_or_else(wrong)?;
            (Algorithm::Ed25519, bytes.to_vec().into(), 0)
        }
        _ => return Err(mismatch()),
    };
    Ok(Prepared {
        algorithm,
        key: key_bytes,
        rsa_bits,
        message: msg,
        signature: sig,
    })
}
