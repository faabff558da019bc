//! Public keys and signature algorithms, described for people.

use super::{AlgorithmIdentifier, SubjectPublicKeyInfo};
use crate::der::{tag, Der};
use crate::oid;

/// What kind of key a certificate holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    /// `RSA`, `EC`, `Ed25519`, `Ed448`, `DSA`, `RSASSA-PSS`, or the OID's dotted form.
    pub algorithm: String,
    /// Key size in bits (RSA modulus, DSA p, curve order size), when known.
    pub bits: Option<u32>,
    /// The named curve for EC keys (`P-256`, `P-384`, `P-521`, …).
    pub curve: Option<String>,
}

/// Bit length of a big-endian unsigned integer's content octets.
fn int_bits(v: &[u8]) -> u32 {
    let Some(p) = v.iter().position(|b| *b != 0) else {
        return 0;
    };
    let v = v.get(p..).unwrap_or_default();
    let top = v.first().map_or(0, |b| 8 - b.leading_zeros());
    let rest = u32::try_from(v.len().saturating_sub(1)).unwrap_or(u32::MAX / 8);
    rest.saturating_mul(8).saturating_add(top)
}

/// Describes a SubjectPublicKeyInfo.
pub fn describe(spki: &SubjectPublicKeyInfo<'_>) -> KeyInfo {
    let a = spki.algorithm.oid;
    let (algorithm, bits, curve) = if a == oid::RSA_ENCRYPTION || a == oid::RSASSA_PSS {
        let bits = Der::new(spki.key, 0)
            .read()
            .ok()
            .and_then(|seq| seq.reader().ok())
            .and_then(|mut r| r.expect(tag::INTEGER, "modulus").ok())
            .map(|n| int_bits(n.value));
        (
            if a == oid::RSASSA_PSS {
                "RSASSA-PSS"
            } else {
                "RSA"
            }
            .to_owned(),
            bits,
            None,
        )
    } else if a == oid::EC_PUBLIC_KEY {
        let curve_oid = spki
            .algorithm
            .params
            .filter(|p| p.tag == tag::OID)
            .map(|p| p.value);
        let (name, bits) = match curve_oid {
            Some(c) if c == oid::SECP256R1 => ("P-256".to_owned(), Some(256)),
            Some(c) if c == oid::SECP384R1 => ("P-384".to_owned(), Some(384)),
            Some(c) if c == oid::SECP521R1 => ("P-521".to_owned(), Some(521)),
            Some(c) if c == oid::SECP256K1 => ("secp256k1".to_owned(), Some(256)),
            Some(c) => (oid::name(c), None),
            None => ("explicit parameters".to_owned(), None),
        };
        ("EC".to_owned(), bits, Some(name))
    } else if a == oid::ED25519 {
        ("Ed25519".to_owned(), Some(256), None)
    } else if a == oid::ED448 {
        ("Ed448".to_owned(), Some(456), None)
    } else if a == oid::DSA {
        let bits = spki
            .algorithm
            .params
            .and_then(|p| p.reader().ok())
            .and_then(|mut r| r.expect(tag::INTEGER, "p").ok())
            .map(|p| int_bits(p.value));
        ("DSA".to_owned(), bits, None)
    } else {
        (oid::name(a), None, None)
    };
    KeyInfo {
        algorithm,
        bits,
        curve,
    }
}

/// The signature algorithm as Java names it (`SHA256withRSA`, `SHA384withECDSA`, `Ed25519`, …).
pub fn signature_name(alg: &AlgorithmIdentifier<'_>) -> String {
    let o = alg.oid;
    let known: &[(&[u8], &str)] = &[
        (oid::MD2_WITH_RSA, "MD2withRSA"),
        (oid::MD5_WITH_RSA, "MD5withRSA"),
        (oid::SHA1_WITH_RSA, "SHA1withRSA"),
        (oid::SHA224_WITH_RSA, "SHA224withRSA"),
        (oid::SHA256_WITH_RSA, "SHA256withRSA"),
        (oid::SHA384_WITH_RSA, "SHA384withRSA"),
        (oid::SHA512_WITH_RSA, "SHA512withRSA"),
        (oid::RSASSA_PSS, "RSASSA-PSS"),
        (oid::ECDSA_WITH_SHA1, "SHA1withECDSA"),
        (oid::ECDSA_WITH_SHA224, "SHA224withECDSA"),
        (oid::ECDSA_WITH_SHA256, "SHA256withECDSA"),
        (oid::ECDSA_WITH_SHA384, "SHA384withECDSA"),
        (oid::ECDSA_WITH_SHA512, "SHA512withECDSA"),
        (oid::DSA_WITH_SHA1, "SHA1withDSA"),
        (oid::DSA_WITH_SHA256, "SHA256withDSA"),
        (oid::ED25519, "Ed25519"),
        (oid::ED448, "Ed448"),
    ];
    known
        .iter()
        .find(|(k, _)| *k == o)
        .map_or_else(|| oid::name(o), |(_, n)| (*n).to_owned())
}

#[cfg(test)]
mod tests {
    use super::int_bits;

    #[test]
    fn bit_lengths() {
        assert_eq!(int_bits(&[0x00, 0x80, 0, 0]), 24);
        assert_eq!(int_bits(&[0x01]), 1);
        assert_eq!(int_bits(&[0x00]), 0);
    }
}
