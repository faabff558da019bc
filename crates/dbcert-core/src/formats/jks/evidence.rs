//! Signs of alteration inside certificates, used only after a keystore digest mismatch to tell
//! "the file was changed" from "the password is wrong" (see the module docs of `jks`).
//!
//! A change that keeps DER valid (a byte of a key, a signature, a name or a date: most of a
//! certificate's bytes) is invisible to a parser, but not to the certificate's own
//! cryptography:
//!
//! * its signature over the TBSCertificate verifies against the issuer's key when that issuer
//!   is in the keystore (always, for a self-signed root), and a change to the signed bytes or to
//!   the signature breaks it ([`crate::verify::signature`]: RSA PKCS#1 v1.5 and PSS, ECDSA on
//!   P-256/P-384/P-521, Ed25519);
//! * a changed name hides the issuer (a self-signed root whose subject changed no longer looks
//!   self-issued), so a name one byte away from a matching one is put back and the signature
//!   tried again: if it then verifies, that is proof of the change;
//! * a genuine RSA modulus is the product of two large primes, so it is odd and has no small
//!   prime factor, while a changed one has one about 85% of the time (primes below 1000), and a
//!   genuine EC public key is a point on its curve, a changed one almost never;
//! * the signature algorithm is written twice (inside and outside the signed part), equal.
//!
//! This is evidence, not validation: a signature that cannot be checked (DSA, MD5, an issuer
//! that is not in the file) counts for nothing either way. It runs only on the error path.

use crate::cert::Certificate;
use crate::der::{tag, Der};
use crate::oid;
use crate::verify::signature::{verify_signature, SignatureError};

/// What the certificates say about the file.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Outcome {
    /// A certificate shows damage no genuine certificate has.
    Altered {
        /// 0-based index of that certificate.
        index: usize,
        /// What is wrong, for the message.
        reason: String,
    },
    /// Nothing found; `verified` signatures were checked and are good.
    Intact {
        /// How many certificates' signatures verified.
        verified: usize,
    },
}

/// Looks for a certificate that cannot be what its issuer signed.
pub(super) fn check(certs: &[Certificate<'_>]) -> Outcome {
    let mut verified = 0;
    for (i, cert) in certs.iter().enumerate() {
        let n = i + 1;
        let altered = |reason: String| Outcome::Altered { index: i, reason };
        if cert.tbs_signature.raw != cert.signature_algorithm.raw {
            return altered(format!(
                "the two copies of the signature algorithm in certificate #{n} differ (they are written equal)"
            ));
        }
        if let Some(why) = damaged_key(cert) {
            return altered(format!(
                "the public key of certificate #{n} {why} (a byte of it was changed)"
            ));
        }
        // Candidate issuers: the certificate itself when self-issued, and every certificate
        // in the file whose subject is this certificate's issuer.
        let mut failed = None;
        let mut good = false;
        for (j, issuer) in certs.iter().enumerate() {
            let candidate = if j == i {
                cert.is_self_issued()
            } else {
                issuer.subject.matches(&cert.issuer)
            };
            if !candidate {
                continue;
            }
            match verify_signature(cert, &issuer.spki) {
                Ok(()) => {
                    good = true;
                    break;
                }
                Err(SignatureError::Bad(_)) => failed = failed.or(Some(j)),
                Err(SignatureError::Unsupported(_)) => {}
            }
        }
        if good {
            verified += 1;
        } else if let Some(j) = failed {
            let whose = if j == i {
                "its own key (it is self-signed)".to_owned()
            } else {
                format!("the key of certificate #{}, its issuer", j + 1)
            };
            return altered(format!(
                "the signature of certificate #{n} no longer verifies against {whose}"
            ));
        } else if let Some(reason) = changed_name(certs, i) {
            return altered(reason);
        }
    }
    Outcome::Intact { verified }
}

/// A name changed by one byte hides a certificate's issuer (a flipped byte in the subject of a
/// self-signed root makes it look issued by someone else). For certificate `i`, whose
/// signature nothing in the file could check: if its subject is one byte away from its own
/// issuer name, or its issuer name one byte away from the subject of a certificate of the file
/// (itself included), put the other name's bytes back and verify. Success is proof the name
/// was changed; failure proves nothing.
fn changed_name(certs: &[Certificate<'_>], i: usize) -> Option<String> {
    let cert = certs.get(i)?;
    let raw = cert.raw;
    let tbs_at = find(raw, cert.tbs, 0)?;
    let issuer_at = find(raw, cert.issuer.raw, tbs_at)?;
    let subject_at = find(
        raw,
        cert.subject.raw,
        issuer_at.saturating_add(cert.issuer.raw.len()),
    )?;
    let n = i + 1;
    let one_off = |a: &[u8], b: &[u8]| {
        a.len() == b.len() && a.iter().zip(b).filter(|(x, y)| x != y).count() == 1
    };
    // Verifies `cert` with one name replaced by `with` (same length, so the DER stays valid).
    let verifies_patched = |at: usize, with: &[u8], issuer: &Certificate<'_>| -> bool {
        let mut patched = raw.to_vec();
        match patched.get_mut(at..at.saturating_add(with.len())) {
            Some(dst) => dst.copy_from_slice(with),
            None => return false,
        }
        Certificate::parse(&patched).is_ok_and(|c| verify_signature(&c, &issuer.spki).is_ok())
    };
    if one_off(cert.subject.raw, cert.issuer.raw)
        && verifies_patched(subject_at, cert.issuer.raw, cert)
    {
        return Some(format!(
            "the subject name of certificate #{n} was changed (with it restored, its self-signature verifies)"
        ));
    }
    for (j, issuer) in certs.iter().enumerate() {
        if one_off(cert.issuer.raw, issuer.subject.raw)
            && verifies_patched(issuer_at, issuer.subject.raw, issuer)
        {
            let whose = if j == i {
                "its own key".to_owned()
            } else {
                format!("the key of certificate #{}", j + 1)
            };
            return Some(format!(
                "the issuer name of certificate #{n} was changed (with it restored, its signature verifies with {whose})"
            ));
        }
    }
    None
}

/// The position of `needle` in `hay` at or after `from`.
fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Says how a public key is damaged beyond what any genuine key can be, if it is: an RSA key
/// that does not decode or whose modulus has a small factor, an EC key whose parameters are
/// not a curve or whose point on a known curve does not decode (off the curve, bad prefix or
/// length). Unknown algorithms and curves say nothing.
fn damaged_key(cert: &Certificate<'_>) -> Option<String> {
    let alg = cert.spki.algorithm.oid;
    if alg == oid::RSA_ENCRYPTION {
        let Some(modulus) = rsa_modulus(cert.spki.key) else {
            return Some("does not decode as an RSA key".to_owned());
        };
        return small_factor(modulus)
            .map(|p| format!("is divisible by {p}, which no real RSA key is"));
    }
    if alg == oid::EC_PUBLIC_KEY {
        let params = cert.spki.algorithm.params?;
        if ![tag::OID, tag::NULL, tag::SEQUENCE].contains(&params.tag) {
            return Some("has EC parameters that are not a curve".to_owned());
        }
        let curve = params.value;
        let key = cert.spki.key;
        use crate::verify::signature::Curve;
        let id = if params.tag != tag::OID {
            return None;
        } else if curve == oid::SECP256R1 {
            Curve::P256
        } else if curve == oid::SECP384R1 {
            Curve::P384
        } else if curve == oid::SECP521R1 {
            Curve::P521
        } else {
            return None;
        };
        let valid = crate::verify::signature::ec_point_is_valid(id, key);
        return (!valid).then(|| "is not a valid point on its curve".to_owned());
    }
    None
}

/// The modulus of `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`, if
/// the key decodes exactly (positive integers, nothing after them).
fn rsa_modulus(key: &[u8]) -> Option<&[u8]> {
    let mut outer = Der::new(key, 0);
    let mut seq = outer.sequence("RSAPublicKey").ok()?;
    let modulus = seq.expect(tag::INTEGER, "modulus").ok()?.value;
    let exponent = seq.expect(tag::INTEGER, "publicExponent").ok()?.value;
    seq.finish("RSAPublicKey").ok()?;
    outer.finish("RSAPublicKey").ok()?;
    let positive = |v: &[u8]| v.first().is_some_and(|b| b & 0x80 == 0) && v.iter().any(|&b| b != 0);
    (positive(modulus) && positive(exponent)).then_some(modulus)
}

/// The odd primes below 1000.
fn small_primes() -> impl Iterator<Item = u32> {
    (3u32..1000).step_by(2).filter(|&p| {
        (3u32..)
            .step_by(2)
            .take_while(|d| d * d <= p)
            .all(|d| p % d != 0)
    })
}

/// A small prime factor of a large RSA modulus (2 for an even one), if any.
fn small_factor(modulus: &[u8]) -> Option<u32> {
    let modulus = modulus.strip_prefix(&[0]).unwrap_or(modulus);
    if modulus.len() < 64 {
        return None; // below 512 bits: too small to reason about
    }
    if modulus.last().is_some_and(|b| b & 1 == 0) {
        return Some(2);
    }
    small_primes().find(|&p| {
        modulus
            .iter()
            .fold(0u32, |r, &b| ((r << 8) | u32::from(b)) % p)
            == 0
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn small_factors() {
        let mut n = vec![0xffu8; 64];
        assert_eq!(small_factor(&n), Some(3)); // 2^512 − 1 is divisible by 3
        n[63] = 0xfe;
        assert_eq!(small_factor(&n), Some(2));
        assert_eq!(small_factor(&n[1..]), None);
        assert_eq!(small_primes().count(), 167);
    }
}
