//! The signature algorithm: its `AlgorithmIdentifier` (RFC 5280 §4.1.1.2) decoded with the
//! `spki` crate, and the rules on its parameters: NULL or absent for RSA PKCS#1 v1.5, absent for
//! ECDSA (RFC 5758) and Ed25519 (RFC 8410), and the `RSASSA-PSS-params` of RFC 4055 §3.1
//! decoded with `der`.

use der::asn1::{AnyRef, ObjectIdentifier, UintRef};
use der::{Decode, Reader, SliceReader, Tag, TagMode, TagNumber, Tagged};
use spki::AlgorithmIdentifierRef;

use super::{Hash, SignatureError};
use crate::cert::AlgorithmIdentifier;
use crate::oid;

/// What an `AlgorithmIdentifier` says, before the key is known (the ECDSA curve is the key's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scheme {
    RsaPkcs1(Hash),
    RsaPss { hash: Hash, mgf1: Hash, salt: usize },
    Ecdsa(Hash),
    Ed25519,
}

const RSA: [(&[u8], Hash); 5] = [
    (oid::SHA1_WITH_RSA, Hash::Sha1),
    (oid::SHA224_WITH_RSA, Hash::Sha224),
    (oid::SHA256_WITH_RSA, Hash::Sha256),
    (oid::SHA384_WITH_RSA, Hash::Sha384),
    (oid::SHA512_WITH_RSA, Hash::Sha512),
];

const ECDSA: [(&[u8], Hash); 5] = [
    (oid::ECDSA_WITH_SHA1, Hash::Sha1),
    (oid::ECDSA_WITH_SHA224, Hash::Sha224),
    (oid::ECDSA_WITH_SHA256, Hash::Sha256),
    (oid::ECDSA_WITH_SHA384, Hash::Sha384),
    (oid::ECDSA_WITH_SHA512, Hash::Sha512),
];

const HASHES: [(&[u8], Hash); 5] = [
    (oid::SHA1, Hash::Sha1),
    (oid::SHA224, Hash::Sha224),
    (oid::SHA256, Hash::Sha256),
    (oid::SHA384, Hash::Sha384),
    (oid::SHA512, Hash::Sha512),
];

fn find(table: &[(&[u8], Hash)], o: &ObjectIdentifier) -> Option<Hash> {
    table
        .iter()
        .find(|(x, _)| *x == o.as_bytes())
        .map(|(_, h)| *h)
}

fn is_null(p: &AnyRef<'_>) -> bool {
    p.tag() == Tag::Null && p.value().is_empty()
}

fn unsupported(alg: &AlgorithmIdentifier<'_>, why: &str) -> SignatureError {
    SignatureError::Unsupported(format!(
        "the signature algorithm {} {why}",
        crate::cert::key::signature_name(alg)
    ))
}

/// The scheme of a signature algorithm (read from `alg.raw`), or why it cannot be verified.
pub(super) fn scheme(alg: &AlgorithmIdentifier<'_>) -> Result<Scheme, SignatureError> {
    let ai = AlgorithmIdentifierRef::from_der(alg.raw)
        .map_err(|_| unsupported(alg, "is not a DER AlgorithmIdentifier"))?;
    let o = &ai.oid;
    if let Some(h) = find(&RSA, o) {
        return match ai.parameters {
            None => Ok(Scheme::RsaPkcs1(h)),
            Some(p) if is_null(&p) => Ok(Scheme::RsaPkcs1(h)),
            Some(_) => Err(SignatureError::Bad(
                "the RSA signature algorithm has unexpected parameters".into(),
            )),
        };
    }
    if let Some(h) = find(&ECDSA, o) {
        return match ai.parameters {
            None => Ok(Scheme::Ecdsa(h)),
            Some(_) => Err(SignatureError::Bad(
                "the ECDSA signature algorithm has parameters (RFC 5758 forbids them)".into(),
            )),
        };
    }
    if o.as_bytes() == oid::ED25519 {
        return match ai.parameters {
            None => Ok(Scheme::Ed25519),
            Some(_) => Err(SignatureError::Bad(
                "the Ed25519 signature algorithm has parameters (RFC 8410 forbids them)".into(),
            )),
        };
    }
    if o.as_bytes() == oid::RSASSA_PSS {
        return pss(ai.parameters).map_err(|why| unsupported(alg, why));
    }
    if o.as_bytes() == oid::MD5_WITH_RSA || o.as_bytes() == oid::MD2_WITH_RSA {
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

/// A hash `AlgorithmIdentifier` inside PSS parameters: a known hash, NULL or no parameters.
fn hash_of(ai: &AlgorithmIdentifierRef<'_>) -> Option<Hash> {
    if ai.parameters.as_ref().is_some_and(|p| !is_null(p)) {
        return None;
    }
    find(&HASHES, &ai.oid)
}

/// `RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] DEFAULT sha1, maskGenAlgorithm [1]
/// DEFAULT mgf1SHA1, saltLength [2] INTEGER DEFAULT 20, trailerField [3] INTEGER DEFAULT 1 }`.
/// The salt is any length a `usize` holds here; [`super::pss::check_salt`] bounds it by the
/// modulus once the key is known.
/// `Err` says what is wrong, after "the signature algorithm RSASSA-PSS".
fn pss(p: Option<AnyRef<'_>>) -> Result<Scheme, &'static str> {
    let Some(p) = p.filter(|p| p.tag() == Tag::Sequence) else {
        return Err("has no RSASSA-PSS parameters");
    };
    let malformed = |_| "has malformed RSASSA-PSS parameters";
    let mut r = SliceReader::new(p.value()).map_err(malformed)?;
    let explicit = |n: u32| (TagNumber(n), TagMode::Explicit);
    let (n0, m0) = explicit(0);
    let hash = match r
        .context_specific::<AlgorithmIdentifierRef<'_>>(n0, m0)
        .map_err(malformed)?
    {
        Some(ai) => hash_of(&ai).ok_or("uses an unsupported PSS hash")?,
        None => Hash::Sha1,
    };
    let (n1, m1) = explicit(1);
    let mgf1 = match r
        .context_specific::<AlgorithmIdentifierRef<'_>>(n1, m1)
        .map_err(malformed)?
    {
        Some(mgf) => {
            if mgf.oid.as_bytes() != oid::MGF1 {
                return Err("uses a mask generation function other than MGF1");
            }
            let inner = mgf
                .parameters
                .ok_or("has MGF1 without a hash")?
                .decode_as::<AlgorithmIdentifierRef<'_>>()
                .map_err(malformed)?;
            hash_of(&inner).ok_or("uses an unsupported MGF1 hash")?
        }
        None => Hash::Sha1,
    };
    let (n2, m2) = explicit(2);
    let salt = match r
        .context_specific::<UintRef<'_>>(n2, m2)
        .map_err(malformed)?
    {
        // A salt length past usize (2^32 on wasm32, 2^64 natively) fits no key: it saturates,
        // so that `pss::check_salt` refuses it as a bad signature on every build alike.
        Some(n) => small(n.as_bytes())
            .and_then(|v| usize::try_from(v).ok())
            .unwrap_or(usize::MAX),
        None => 20,
    };
    let (n3, m3) = explicit(3);
    if let Some(t) = r
        .context_specific::<UintRef<'_>>(n3, m3)
        .map_err(malformed)?
    {
        if small(t.as_bytes()) != Some(1) {
            return Err("has a trailer field other than 1");
        }
    }
    r.finish().map_err(malformed)?;
    Ok(Scheme::RsaPss { hash, mgf1, salt })
}

/// A big-endian unsigned integer of at most 8 bytes.
fn small(be: &[u8]) -> Option<u64> {
    (be.len() <= 8).then(|| be.iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b)))
}

/// The weak hash of a signature algorithm's DER, if any.
pub(super) fn weak_hash(raw: &[u8]) -> Option<&'static str> {
    let ai = AlgorithmIdentifierRef::from_der(raw).ok()?;
    let o = ai.oid.as_bytes();
    if o == oid::SHA1_WITH_RSA || o == oid::ECDSA_WITH_SHA1 || o == oid::DSA_WITH_SHA1 {
        Some("SHA-1")
    } else if o == oid::MD5_WITH_RSA {
        Some("MD5")
    } else if o == oid::MD2_WITH_RSA {
        Some("MD2")
    } else if o == oid::RSASSA_PSS {
        match pss(ai.parameters) {
            Ok(Scheme::RsaPss {
                hash: Hash::Sha1, ..
            }) => Some("SHA-1"),
            _ => None,
        }
    } else {
        None
    }
}
