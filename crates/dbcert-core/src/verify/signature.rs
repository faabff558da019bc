//! Certificate signatures, verified in pure Rust: RSA PKCS#1 v1.5 with SHA-1/224/256/384/512
//! and RSASSA-PSS (`super::rsa`), ECDSA on P-256/P-384/P-521 (`super::ec`) and Ed25519
//! (`super::ed25519`).
//!
//! Nothing here panics on input: keys and signatures that do not decode are reported as bad or
//! unsupported, never unwrapped.
//!
//! A native surface may pass an [`Accelerator`] (the CLI and the Node addon pass ring's
//! assembly, `crates/dbcert-ring`): every rule (algorithm, parameters, key encoding and type,
//! ECDSA DER) is still checked here first, and the accelerator can only confirm the arithmetic;
//! when it does not, the pure-Rust code decides. So verdicts do not depend on the surface.

use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

use crate::cert::{AlgorithmIdentifier, Certificate, SubjectPublicKeyInfo};
use crate::der::{tag, Der, Tlv};
use crate::oid;

/// Why a signature did not verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// The signature is wrong for this key (or the key cannot have made it).
    Bad(String),
    /// The algorithm, curve or parameters are not supported.
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
    pub(super) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => Sha1::digest(data).to_vec(),
            Self::Sha224 => Sha224::digest(data).to_vec(),
            Self::Sha256 => Sha256::digest(data).to_vec(),
            Self::Sha384 => Sha384::digest(data).to_vec(),
            Self::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    /// The DER DigestInfo prefix of PKCS#1 v1.5 (RFC 8017 §9.2, note 1).
    pub(super) fn digest_info_prefix(self) -> &'static [u8] {
        match self {
            Self::Sha1 => &[
                0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
                0x14,
            ],
            Self::Sha224 => &[
                0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x04, 0x05, 0x00, 0x04, 0x1c,
            ],
            Self::Sha256 => &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20,
            ],
            Self::Sha384 => &[
                0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x02, 0x05, 0x00, 0x04, 0x30,
            ],
            Self::Sha512 => &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x03, 0x05, 0x00, 0x04, 0x40,
            ],
        }
    }

    pub(super) fn len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 => 28,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    fn from_oid(o: &[u8]) -> Option<Self> {
        Some(match o {
            _ if o == oid::SHA1 => Self::Sha1,
            _ if o == oid::SHA224 => Self::Sha224,
            _ if o == oid::SHA256 => Self::Sha256,
            _ if o == oid::SHA384 => Self::Sha384,
            _ if o == oid::SHA512 => Self::Sha512,
            _ => return None,
        })
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
    /// RSASSA-PKCS1-v1_5 with this hash; the key is an `RSAPublicKey` DER.
    RsaPkcs1(Hash),
    /// RSASSA-PSS with this hash (MGF1 with the same hash, trailer 1) and salt length in bytes.
    RsaPss {
        /// The message and MGF1 hash.
        hash: Hash,
        /// The salt length in bytes.
        salt: usize,
    },
    /// ECDSA with this hash on this curve; the key is a SEC1 point, the signature `r || s`,
    /// each left-padded to the curve's size.
    Ecdsa {
        /// The curve of the key.
        curve: Curve,
        /// The message hash.
        hash: Hash,
    },
}

/// One signature for an [`Accelerator`], already decoded and checked by the core: the algorithm
/// matches the key type, the key decodes (an EC point is on its curve), an ECDSA signature is
/// strict DER with `r` and `s` no longer than the curve's size.
#[derive(Clone, Copy, Debug)]
pub struct Signed<'a> {
    /// The algorithm and its parameters.
    pub algorithm: Algorithm,
    /// The subjectPublicKey bits: `RSAPublicKey` DER or a SEC1 EC point.
    pub key: &'a [u8],
    /// The signed bytes (the TBSCertificate), not hashed.
    pub message: &'a [u8],
    /// The signature: RSA as encoded, ECDSA as fixed-size `r || s`.
    pub signature: &'a [u8],
}

/// Signature arithmetic from outside the core, for speed (the native surfaces use ring's
/// assembly). It can only confirm: `true` means the signature is valid; `false` means "not
/// confirmed" (unsupported parameters, or invalid) and dbcert's own code decides. An
/// implementation must never return `true` for a signature that is not valid.
pub trait Accelerator: Sync + std::fmt::Debug {
    /// True when `signed` is a valid signature.
    fn confirms(&self, signed: &Signed<'_>) -> bool;
}

/// A signature algorithm dbcert can verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    RsaPkcs1(Hash),
    RsaPss { hash: Hash, salt: usize },
    Ecdsa(Hash),
    Ed25519,
}

/// The weak hash a signature algorithm uses (`"SHA-1"`, `"MD5"`, `"MD2"`), if any.
pub fn weak_hash(alg: &AlgorithmIdentifier<'_>) -> Option<&'static str> {
    let o = alg.oid;
    if o == oid::SHA1_WITH_RSA || o == oid::ECDSA_WITH_SHA1 || o == oid::DSA_WITH_SHA1 {
        Some("SHA-1")
    } else if o == oid::MD5_WITH_RSA {
        Some("MD5")
    } else if o == oid::MD2_WITH_RSA {
        Some("MD2")
    } else if o == oid::RSASSA_PSS {
        match scheme(alg) {
            Ok(Scheme::RsaPss {
                hash: Hash::Sha1, ..
            }) => Some("SHA-1"),
            _ => None,
        }
    } else {
        None
    }
}

fn absent_or_null(p: &Option<Tlv<'_>>) -> bool {
    match p {
        None => true,
        Some(t) => t.tag == tag::NULL && t.value.is_empty(),
    }
}

fn unsupported(alg: &AlgorithmIdentifier<'_>, why: &str) -> SignatureError {
    SignatureError::Unsupported(format!(
        "the signature algorithm {} {why}",
        crate::cert::key::signature_name(alg)
    ))
}

fn scheme(alg: &AlgorithmIdentifier<'_>) -> Result<Scheme, SignatureError> {
    let o = alg.oid;
    let rsa = [
        (oid::SHA1_WITH_RSA, Hash::Sha1),
        (oid::SHA224_WITH_RSA, Hash::Sha224),
        (oid::SHA256_WITH_RSA, Hash::Sha256),
        (oid::SHA384_WITH_RSA, Hash::Sha384),
        (oid::SHA512_WITH_RSA, Hash::Sha512),
    ];
    if let Some((_, h)) = rsa.iter().find(|(x, _)| *x == o) {
        return if absent_or_null(&alg.params) {
            Ok(Scheme::RsaPkcs1(*h))
        } else {
            Err(SignatureError::Bad(
                "the RSA signature algorithm has unexpected parameters".into(),
            ))
        };
    }
    let ec = [
        (oid::ECDSA_WITH_SHA1, Hash::Sha1),
        (oid::ECDSA_WITH_SHA224, Hash::Sha224),
        (oid::ECDSA_WITH_SHA256, Hash::Sha256),
        (oid::ECDSA_WITH_SHA384, Hash::Sha384),
        (oid::ECDSA_WITH_SHA512, Hash::Sha512),
    ];
    if let Some((_, h)) = ec.iter().find(|(x, _)| *x == o) {
        return if alg.params.is_none() {
            Ok(Scheme::Ecdsa(*h))
        } else {
            Err(SignatureError::Bad(
                "the ECDSA signature algorithm has parameters (RFC 5758 forbids them)".into(),
            ))
        };
    }
    if o == oid::ED25519 {
        return if alg.params.is_none() {
            Ok(Scheme::Ed25519)
        } else {
            Err(SignatureError::Bad(
                "the Ed25519 signature algorithm has parameters (RFC 8410 forbids them)".into(),
            ))
        };
    }
    if o == oid::RSASSA_PSS {
        return pss_params(alg);
    }
    if o == oid::MD5_WITH_RSA || o == oid::MD2_WITH_RSA {
        return Err(unsupported(
            alg,
            "is broken and no current client accepts it; reissue the certificate with SHA-256",
        ));
    }
    Err(unsupported(
        alg,
        "is not supported (dbcert verifies RSA, RSA-PSS, ECDSA P-256/P-384/P-521 and Ed25519)",
    ))
}

/// RSASSA-PSS-params (RFC 4055 §3.1): hash, MGF1 with the same hash, salt length, trailer 1.
fn pss_params(alg: &AlgorithmIdentifier<'_>) -> Result<Scheme, SignatureError> {
    let bad = |why: &str| unsupported(alg, why);
    let Some(p) = alg.params.filter(|p| p.tag == tag::SEQUENCE) else {
        return Err(bad("has no RSASSA-PSS parameters"));
    };
    let malformed = |_| bad("has malformed RSASSA-PSS parameters");
    let mut r = p.reader().map_err(malformed)?;
    let mut hash = Hash::Sha1;
    let mut mgf_hash = Hash::Sha1;
    let mut salt = 20usize;
    if let Some(h) = r.optional(tag::context(0)).map_err(malformed)? {
        let mut hr = h.reader().map_err(malformed)?;
        let ai = AlgorithmIdentifier::decode(&hr.read().map_err(malformed)?).map_err(malformed)?;
        hash = Hash::from_oid(ai.oid).ok_or_else(|| bad("uses an unsupported PSS hash"))?;
    }
    if let Some(m) = r.optional(tag::context(1)).map_err(malformed)? {
        let mut mr = m.reader().map_err(malformed)?;
        let ai = AlgorithmIdentifier::decode(&mr.read().map_err(malformed)?).map_err(malformed)?;
        if ai.oid != oid::MGF1 {
            return Err(bad("uses a mask generation function other than MGF1"));
        }
        let inner = ai
            .params
            .ok_or_else(|| bad("has MGF1 without a hash"))
            .and_then(|t| AlgorithmIdentifier::decode(&t).map_err(malformed))?;
        mgf_hash = Hash::from_oid(inner.oid).ok_or_else(|| bad("uses an unsupported MGF1 hash"))?;
    }
    if let Some(s) = r.optional(tag::context(2)).map_err(malformed)? {
        let mut sr = s.reader().map_err(malformed)?;
        let n = sr.read().and_then(|t| t.small_uint()).map_err(malformed)?;
        salt = usize::try_from(n).map_err(|_| bad("has an impossible salt length"))?;
    }
    if let Some(t) = r.optional(tag::context(3)).map_err(malformed)? {
        let mut tr = t.reader().map_err(malformed)?;
        if tr.read().and_then(|t| t.small_uint()).map_err(malformed)? != 1 {
            return Err(bad("has a trailer field other than 1"));
        }
    }
    if !r.is_empty() {
        return Err(bad("has malformed RSASSA-PSS parameters"));
    }
    if mgf_hash != hash {
        return Err(bad("uses different hashes for the message and MGF1"));
    }
    Ok(Scheme::RsaPss { hash, salt })
}

/// The key types dbcert can verify with.
enum Key {
    Rsa(super::rsa::PublicKey),
    Ec(Curve, super::ec::PublicKey),
    Ed25519(super::ed25519::PublicKey),
}

fn rsa_key(key: &[u8]) -> Option<super::rsa::PublicKey> {
    let mut top = Der::new(key, 0);
    let seq = top.expect(tag::SEQUENCE, "RSAPublicKey").ok()?;
    if !top.is_empty() {
        return None;
    }
    let mut r = seq.reader().ok()?;
    let n = r.expect(tag::INTEGER, "modulus").ok()?;
    let e = r.expect(tag::INTEGER, "publicExponent").ok()?;
    if !r.is_empty() || n.value.first().map_or(true, |b| b & 0x80 != 0) {
        return None;
    }
    if e.value.first().map_or(true, |b| b & 0x80 != 0) {
        return None;
    }
    super::rsa::PublicKey::new(n.value, e.value)
}

/// Decodes a SubjectPublicKeyInfo into a key dbcert can verify with, or says why not.
fn decode_key(spki: &SubjectPublicKeyInfo<'_>) -> Result<Key, String> {
    let a = spki.algorithm.oid;
    if a == oid::RSA_ENCRYPTION || a == oid::RSASSA_PSS {
        return rsa_key(spki.key)
            .map(Key::Rsa)
            .ok_or_else(|| "the RSA public key cannot be decoded".to_owned());
    }
    if a == oid::EC_PUBLIC_KEY {
        let curve = match spki.algorithm.params {
            Some(p) if p.tag == tag::OID => p.value,
            Some(p) if p.tag == tag::SEQUENCE => {
                return Err(
                    "the EC key uses explicit curve parameters, which TLS clients \
                            reject; use a named curve (P-256 or P-384)"
                        .to_owned(),
                )
            }
            _ => return Err("the EC key names no curve".to_owned()),
        };
        let id = if curve == oid::SECP256R1 {
            Curve::P256
        } else if curve == oid::SECP384R1 {
            Curve::P384
        } else if curve == oid::SECP521R1 {
            Curve::P521
        } else {
            return Err(format!(
                "the EC curve {} is not supported by TLS clients (use P-256, P-384 or P-521)",
                curve_name(curve)
            ));
        };
        return super::ec::PublicKey::from_sec1(id, spki.key)
            .map(|k| Key::Ec(id, k))
            .ok_or_else(|| "the EC public key is not a valid point on its curve".to_owned());
    }
    if a == oid::ED25519 {
        if spki.algorithm.params.is_some() {
            return Err("the Ed25519 key has parameters (RFC 8410 forbids them)".to_owned());
        }
        let bytes: [u8; 32] = spki
            .key
            .try_into()
            .map_err(|_| "the Ed25519 key is not 32 bytes".to_owned())?;
        return super::ed25519::PublicKey::from_bytes(&bytes)
            .map(Key::Ed25519)
            .ok_or_else(|| "the Ed25519 key is not a valid point".to_owned());
    }
    Err(format!(
        "the key algorithm {} is not supported (dbcert and current TLS clients use RSA, EC \
         P-256/P-384/P-521 and Ed25519)",
        oid::name(a)
    ))
}

fn curve_name(c: &[u8]) -> String {
    // P-192 (1.2.840.10045.3.1.1) is common enough in old test suites to name it.
    if c == [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x01] {
        "P-192".to_owned()
    } else {
        oid::name(c)
    }
}

/// Checks that a certificate's public key is one TLS clients can use; `Err` says why not.
pub fn check_key(spki: &SubjectPublicKeyInfo<'_>) -> Result<(), String> {
    decode_key(spki).map(|_| ())
}

/// The RSA modulus size in bits, for RSA keys.
pub fn rsa_bits(spki: &SubjectPublicKeyInfo<'_>) -> Option<usize> {
    let a = spki.algorithm.oid;
    if a != oid::RSA_ENCRYPTION && a != oid::RSASSA_PSS {
        return None;
    }
    crate::cert::key::describe(spki)
        .bits
        .and_then(|b| usize::try_from(b).ok())
}

/// Verifies `cert`'s signature with `issuer`'s public key, in pure Rust.
pub fn verify_signature(
    cert: &Certificate<'_>,
    issuer: &SubjectPublicKeyInfo<'_>,
) -> Result<(), SignatureError> {
    verify_signature_with(cert, issuer, None)
}

/// [`verify_signature`], with the arithmetic first offered to `accelerator` once every rule
/// is checked; the result is the same with or without it.
pub fn verify_signature_with(
    cert: &Certificate<'_>,
    issuer: &SubjectPublicKeyInfo<'_>,
    accelerator: Option<&dyn Accelerator>,
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
        accelerator,
    )
}

/// Verifies `sig` over `msg` under the signature algorithm `alg` with the key of `key`: the
/// rules and arithmetic of [`verify_signature_with`] for any signed message.
pub fn verify_message(
    alg: &AlgorithmIdentifier<'_>,
    key: &SubjectPublicKeyInfo<'_>,
    msg: &[u8],
    sig: &[u8],
    accelerator: Option<&dyn Accelerator>,
) -> Result<(), SignatureError> {
    let issuer = key;
    let scheme = scheme(alg)?;
    let key = decode_key(issuer).map_err(SignatureError::Unsupported)?;
    let confirmed = |algorithm: Algorithm, signature: &[u8]| {
        accelerator.is_some_and(|a| {
            a.confirms(&Signed {
                algorithm,
                key: issuer.key,
                message: msg,
                signature,
            })
        })
    };
    let wrong =
        || SignatureError::Bad("the signature does not verify with the issuer's key".into());
    let mismatch = || {
        SignatureError::Bad(format!(
            "the issuer's key type cannot have made a {} signature",
            crate::cert::key::signature_name(alg)
        ))
    };
    match (scheme, key) {
        (Scheme::RsaPkcs1(h), Key::Rsa(k)) => {
            if issuer.algorithm.oid != oid::RSA_ENCRYPTION {
                return Err(mismatch());
            }
            if confirmed(Algorithm::RsaPkcs1(h), sig) {
                return Ok(());
            }
            k.verify_pkcs1(h, &h.digest(msg), sig)
                .then_some(())
                .ok_or_else(wrong)
        }
        (Scheme::RsaPss { hash, salt }, Key::Rsa(k)) => {
            if confirmed(Algorithm::RsaPss { hash, salt }, sig) {
                return Ok(());
            }
            k.verify_pss(hash, &hash.digest(msg), salt, sig)
                .then_some(())
                .ok_or_else(wrong)
        }
        (Scheme::Ecdsa(h), Key::Ec(curve, k)) => {
            if curve == Curve::P521 && h.len() < 33 {
                return Err(unsupported(alg, "is too short a hash for a P-521 key"));
            }
            let rs = match curve {
                Curve::P256 => ecdsa_sig::<32>(sig),
                Curve::P384 => ecdsa_sig::<48>(sig),
                Curve::P521 => ecdsa_sig::<66>(sig),
            }
            .ok_or_else(wrong)?;
            if confirmed(Algorithm::Ecdsa { curve, hash: h }, &rs) {
                return Ok(());
            }
            k.verify(&h.digest(msg), &rs)
                .then_some(())
                .ok_or_else(wrong)
        }
        (Scheme::Ed25519, Key::Ed25519(k)) => k.verify(msg, sig).then_some(()).ok_or_else(wrong),
        _ => Err(mismatch()),
    }
}

/// Decodes `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` into `r || s`, each
/// left-padded to `N` bytes. `None` if malformed, out of range or not DER (a BER length or a
/// padded integer: the bytes must be the one encoding of the two numbers).
fn ecdsa_sig<const N: usize>(der: &[u8]) -> Option<Vec<u8>> {
    let mut top = Der::new(der, 0);
    let seq = top.expect(tag::SEQUENCE, "ECDSA-Sig-Value").ok()?;
    if !top.is_empty() {
        return None;
    }
    let mut r = seq.reader().ok()?;
    let mut out = Vec::with_capacity(2 * N);
    let mut canonical = Vec::with_capacity(der.len());
    for _ in 0..2 {
        let int = r.expect(tag::INTEGER, "r or s").ok()?;
        let v = int.value;
        if v.first().map_or(true, |b| b & 0x80 != 0) {
            return None;
        }
        // DER: a leading zero only before a byte with the high bit set.
        let v = match v {
            [0, rest @ ..] if rest.first().is_some_and(|b| b & 0x80 != 0) => rest,
            [0, ..] if v.len() > 1 => return None,
            _ => v,
        };
        if v.len() > N {
            return None;
        }
        out.resize(out.len() + (N - v.len()), 0);
        out.extend_from_slice(v);
        crate::der::write_tlv(&mut canonical, tag::INTEGER, int.value);
    }
    let mut whole = Vec::with_capacity(der.len());
    crate::der::write_tlv(&mut whole, tag::SEQUENCE, &canonical);
    (r.is_empty() && whole == der).then_some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ecdsa_sig_pads_and_rejects() {
        // SEQUENCE { INTEGER 1, INTEGER 0x80 (encoded 00 80) }
        let der = [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80];
        let rs = ecdsa_sig::<4>(&der).unwrap();
        assert_eq!(rs, [0, 0, 0, 1, 0, 0, 0, 0x80]);
        // negative r
        assert!(ecdsa_sig::<4>(&[0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01]).is_none());
        // too long
        assert!(ecdsa_sig::<1>(&[0x30, 0x07, 0x02, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]).is_none());
        // trailing garbage
        assert!(ecdsa_sig::<4>(&[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00]).is_none());
    }
}
