//! Public keys and signature encodings: the rules in front of the arithmetic. A
//! `SubjectPublicKeyInfo` is decoded with `spki`, an `RSAPublicKey` with `pkcs1`, an EC point
//! with the curve crates (SEC 1 encoding, on the curve, not the identity), an Ed25519 key with
//! `ed25519-dalek`, an `ECDSA-Sig-Value` with `ecdsa`'s strict DER decoder.

use curve25519_dalek::edwards::CompressedEdwardsY;
use der::asn1::AnyRef;
use der::{Decode, Tag, Tagged};
use spki::SubjectPublicKeyInfoRef;

use super::Curve;
use crate::oid;

/// The smallest RSA modulus accepted (bits): what ring, Go and OpenSSL at security level 1 and
/// above accept.
const RSA_MIN_BITS: usize = 1024;

/// The largest RSA modulus accepted (bits): OpenSSL's limit (`OPENSSL_RSA_MAX_MODULUS_BITS`).
const RSA_MAX_BITS: usize = 16_384;

/// The largest public exponent accepted: 2^33 - 1, as ring and the `rsa` crate.
const RSA_MAX_EXPONENT: u64 = (1 << 33) - 1;

/// A public key that passed every rule.
pub(super) enum Key<'a> {
    /// The `RSAPublicKey` DER, the modulus size, and whether the key is `id-RSASSA-PSS` (for
    /// PSS signatures only).
    Rsa {
        der: &'a [u8],
        bits: usize,
        pss_only: bool,
    },
    /// A point on a named curve, re-encoded uncompressed.
    Ec { curve: Curve, point: Vec<u8> },
    /// An Ed25519 key, not of small order.
    Ed25519([u8; 32]),
}

/// The key octets of the BIT STRING. A BIT STRING that claims unused bits is read as its whole
/// octets, as OpenSSL and Java do (Go refuses it): `cert/encoding.rs` reports the form as a
/// `not_der` warning that names who accepts it (`tests/der_strictness.rs`).
fn key_bits<'a>(spki: &SubjectPublicKeyInfoRef<'a>) -> Result<&'a [u8], String> {
    Ok(spki.subject_public_key.raw_bytes())
}

/// Decodes a `SubjectPublicKeyInfo` DER into a key dbcert can verify with, or says why not.
pub(super) fn decode(raw: &[u8]) -> Result<Key<'_>, String> {
    let spki = SubjectPublicKeyInfoRef::from_der(raw)
        .map_err(|_| "the public key is not a DER SubjectPublicKeyInfo".to_owned())?;
    let a = spki.algorithm.oid.as_bytes();
    if a == oid::RSA_ENCRYPTION || a == oid::RSASSA_PSS {
        let der = key_bits(&spki)?;
        let bits = rsa(der)?;
        return Ok(Key::Rsa {
            der,
            bits,
            pss_only: a == oid::RSASSA_PSS,
        });
    }
    if a == oid::EC_PUBLIC_KEY {
        let curve = named_curve(spki.algorithm.parameters)?;
        let point = ec_point(curve, key_bits(&spki)?)
            .map_err(|()| "the EC public key is not a valid point on its curve".to_owned())?;
        return Ok(Key::Ec { curve, point });
    }
    if a == oid::ED25519 {
        if spki.algorithm.parameters.is_some() {
            return Err("the Ed25519 key has parameters (RFC 8410 forbids them)".to_owned());
        }
        let bytes: [u8; 32] = key_bits(&spki)?
            .try_into()
            .map_err(|_| "the Ed25519 key is not 32 bytes".to_owned())?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map_err(|_| "the Ed25519 key is not a valid point".to_owned())?;
        if key.is_weak() {
            return Err(
                "the Ed25519 key is a point of small order, which can sign anything \
                 (RFC 8032 strict verification refuses it)"
                    .to_owned(),
            );
        }
        return Ok(Key::Ed25519(bytes));
    }
    Err(format!(
        "the key algorithm {} is not supported (dbcert and current TLS clients use RSA, EC \
         P-256/P-384/P-521 and Ed25519)",
        oid::name(a)
    ))
}

/// The curve named by ecPublicKey parameters.
pub(crate) fn named_curve(params: Option<AnyRef<'_>>) -> Result<Curve, String> {
    let curve = match params {
        Some(p) if p.tag() == Tag::ObjectIdentifier => p.value(),
        Some(p) if p.tag() == Tag::Sequence => {
            return Err(
                "the EC key uses explicit curve parameters, which TLS clients reject; \
                 use a named curve (P-256 or P-384)"
                    .to_owned(),
            )
        }
        _ => return Err("the EC key names no curve".to_owned()),
    };
    curve_by_oid(curve)
}

/// The curve of a namedCurve OID (its content octets).
pub(crate) fn curve_by_oid(curve: &[u8]) -> Result<Curve, String> {
    if curve == oid::SECP256R1 {
        Ok(Curve::P256)
    } else if curve == oid::SECP384R1 {
        Ok(Curve::P384)
    } else if curve == oid::SECP521R1 {
        Ok(Curve::P521)
    } else {
        // P-192 (1.2.840.10045.3.1.1) is common enough in old test suites to name it.
        let name = if curve == [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x01] {
            "P-192".to_owned()
        } else {
            oid::name(curve)
        };
        Err(format!(
            "the EC curve {name} is not supported by TLS clients (use P-256, P-384 or P-521)"
        ))
    }
}

/// A SEC 1 point (compressed or uncompressed) on `curve`, re-encoded uncompressed; `Err` if it
/// does not decode, is not on the curve or is the identity.
pub(crate) fn ec_point(curve: Curve, bytes: &[u8]) -> Result<Vec<u8>, ()> {
    macro_rules! point {
        ($c:ident) => {{
            use $c::elliptic_curve::sec1::ToSec1Point;
            $c::PublicKey::from_sec1_bytes(bytes)
                .map(|k| k.to_sec1_point(false).as_bytes().to_vec())
                .map_err(|_| ())
        }};
    }
    match curve {
        Curve::P256 => point!(p256),
        Curve::P384 => point!(p384),
        Curve::P521 => point!(p521),
    }
}

/// The unsigned big-endian value of a DER INTEGER's content (leading zero removed by `pkcs1`).
pub(crate) fn bit_len(be: &[u8]) -> usize {
    match be.iter().position(|b| *b != 0) {
        Some(i) => (be.len() - i) * 8 - be[i].leading_zeros() as usize,
        None => 0,
    }
}

/// The rules of an `RSAPublicKey` DER; returns the modulus size in bits.
fn rsa(der: &[u8]) -> Result<usize, String> {
    let key = pkcs1::RsaPublicKeyRef::from_der(der)
        .map_err(|_| "the RSA public key cannot be decoded".to_owned())?;
    let n = key.modulus.as_bytes();
    let bits = bit_len(n);
    if n.last().map_or(true, |b| b & 1 == 0) {
        return Err("the RSA modulus is even, which no RSA key is".to_owned());
    }
    if bits < RSA_MIN_BITS {
        return Err(format!(
            "the RSA key is {bits} bits: ring, Go, Java and OpenSSL at security level 1 and \
             above (every current default) refuse keys under 1024 bits; only a client set to \
             OpenSSL's security level 0 (`@SECLEVEL=0` in its cipher list) still accepts it. \
             Reissue the certificate with RSA 2048+ or ECDSA P-256"
        ));
    }
    if bits > RSA_MAX_BITS {
        return Err(format!(
            "the RSA key is {bits} bits, more than the 16,384 bits OpenSSL accepts"
        ));
    }
    let e = key.public_exponent.as_bytes();
    let e = (e.len() <= 8).then(|| e.iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b)));
    match e {
        Some(e) if e & 1 == 1 && (3..=RSA_MAX_EXPONENT).contains(&e) => Ok(bits),
        _ => Err(
            "the RSA public exponent is not an odd number from 3 to 2^33 - 1 (what ring and \
             the rsa crate accept)"
                .to_owned(),
        ),
    }
}

/// The RSA modulus size of a `SubjectPublicKeyInfo` DER holding an RSA key, whatever its size.
pub(super) fn rsa_bits(raw: &[u8]) -> Option<usize> {
    let spki = SubjectPublicKeyInfoRef::from_der(raw).ok()?;
    let a = spki.algorithm.oid.as_bytes();
    if a != oid::RSA_ENCRYPTION && a != oid::RSASSA_PSS {
        return None;
    }
    let key = pkcs1::RsaPublicKeyRef::from_der(spki.subject_public_key.as_bytes()?).ok()?;
    Some(bit_len(key.modulus.as_bytes()))
}

/// `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` in strict DER (minimal lengths and
/// integers, nothing after), `r` and `s` no longer than the curve's field: `None` otherwise.
pub(super) fn check_ecdsa_der(curve: Curve, sig: &[u8]) -> Option<()> {
    let ok = match curve {
        Curve::P256 => p256::ecdsa::DerSignature::from_bytes(sig).is_ok(),
        Curve::P384 => p384::ecdsa::DerSignature::from_bytes(sig).is_ok(),
        Curve::P521 => p521::ecdsa::DerSignature::from_bytes(sig).is_ok(),
    };
    ok.then_some(())
}

/// An Ed25519 signature is 64 bytes whose `R` (the first 32) is a point not of small order
/// (RFC 8032 strict verification, `ed25519-dalek`'s `verify_strict`): `None` otherwise.
pub(super) fn check_ed25519_r(sig: &[u8]) -> Option<()> {
    let r: [u8; 32] = sig.get(..32)?.try_into().ok()?;
    if sig.len() != 64 {
        return None;
    }
    let point = CompressedEdwardsY(r).decompress()?;
    (!point.is_small_order()).then_some(())
}
