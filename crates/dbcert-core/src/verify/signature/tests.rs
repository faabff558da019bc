//! The signature rules on openssl-made certificates (tests/data/chains/make.sh) and crafted
//! parameters. `cargo xtask test` also runs these compiled for wasm32-wasip1 (32-bit limbs in
//! the crates, a 32-bit `usize`): the PSS salt regressions hold on both.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::cert::Certificate;
use crate::der::{tag, write_tlv, Der};
use crate::formats::pem;
use crate::oid;

fn der(pem_text: &[u8]) -> Vec<u8> {
    pem::parse(pem_text).unwrap().remove(0).der
}

macro_rules! chain {
    ($name:literal) => {
        der(include_bytes!(concat!(
            "../../../tests/data/chains/",
            $name,
            ".pem"
        )))
    };
}

/// (certificate, issuer) pairs made by openssl, every algorithm family.
fn pairs() -> Vec<(Vec<u8>, Vec<u8>)> {
    vec![
        (chain!("rsa-leaf"), chain!("rsa-int")),
        (chain!("rsa-int"), chain!("rsa-root")),
        (chain!("pss-leaf"), chain!("rsa-int")),
        (chain!("sha1-leaf"), chain!("rsa-int")),
        (chain!("sha224-leaf"), chain!("rsa-int")),
        (chain!("sha384-leaf"), chain!("rsa-int")),
        (chain!("sha512-leaf"), chain!("rsa-int")),
        (chain!("rsa1024-leaf"), chain!("rsa-int")),
        (chain!("ec-leaf"), chain!("ec-int")),
        (chain!("ec-int"), chain!("ec-root")),
        (chain!("p521-leaf"), chain!("p521-root")),
        (chain!("p521-root"), chain!("p521-root")),
        (chain!("p521-sha256-root"), chain!("p521-sha256-root")),
        (chain!("p521-sha384-root"), chain!("p521-sha384-root")),
        (chain!("pss-mgf1-root"), chain!("pss-mgf1-root")),
        (chain!("ed25519-leaf"), chain!("ed25519-root")),
    ]
}

#[test]
fn real_signatures_verify_and_every_tampered_byte_fails() {
    for (leaf, issuer) in pairs() {
        let cert = Certificate::parse(&leaf).unwrap();
        let ca = Certificate::parse(&issuer).unwrap();
        let name = cert.subject.to_rfc4514();
        assert_eq!(verify_signature(&cert, &ca.spki), Ok(()), "{name}");
        // A flipped bit in the signature (first, middle, last byte) or in the signed part fails.
        let sig_at = leaf.len() - cert.signature.len();
        let tbs_at = sig_at - cert.signature_algorithm.raw.len() - 40;
        for i in [
            sig_at,
            sig_at + cert.signature.len() / 2,
            leaf.len() - 1,
            tbs_at,
        ] {
            let mut bad = leaf.clone();
            bad[i] ^= 0x01;
            let Ok(c) = Certificate::parse(&bad) else {
                continue;
            };
            assert!(
                matches!(verify_signature(&c, &ca.spki), Err(SignatureError::Bad(_))),
                "{name}: byte {i}"
            );
        }
    }
}

/// `public_rsa`'s PKCS#1 v1.5 path (the crate's arithmetic on Montgomery parameters set up in
/// variable time, the encoding compared here) against the `rsa` crate's own verifier, on every
/// openssl-made PKCS#1 v1.5 signature and on each of them with any one byte changed.
#[test]
fn pkcs1v15_on_the_variable_time_key_agrees_with_the_crates_verifier() {
    use der::Decode;
    use rsa::pkcs1v15::Pkcs1v15Sign;
    let mut checked = 0;
    for (leaf, issuer) in pairs() {
        let cert = Certificate::parse(&leaf).unwrap();
        let ca = Certificate::parse(&issuer).unwrap();
        let Ok(prepared) = prepare(
            &cert.signature_algorithm,
            &ca.spki,
            cert.tbs,
            cert.signature,
        ) else {
            continue;
        };
        let signed = prepared.signed();
        let Algorithm::RsaPkcs1(hash) = signed.algorithm else {
            continue;
        };
        let ours = public_rsa::VerifyingKey::from_der(signed.key).unwrap();
        let key = pkcs1::RsaPublicKeyRef::from_der(signed.key).unwrap();
        let crates = rsa::PublicKey::new_with_size_limits(
            rsa::BoxedUint::from_be_slice_vartime(key.modulus.as_bytes()),
            rsa::BoxedUint::from_be_slice_vartime(key.public_exponent.as_bytes()),
            1024..=16_384,
        )
        .unwrap();
        let scheme = || match hash {
            Hash::Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
            Hash::Sha224 => Pkcs1v15Sign::new::<sha2::Sha224>(),
            Hash::Sha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
            Hash::Sha384 => Pkcs1v15Sign::new::<sha2::Sha384>(),
            Hash::Sha512 => Pkcs1v15Sign::new::<sha2::Sha512>(),
        };
        let digest = hash.digest(signed.message);
        let sig = signed.signature.to_vec();
        assert!(ours.verify_pkcs1v15(hash, &digest, &sig));
        for i in 0..sig.len() {
            let mut bad = sig.clone();
            bad[i] ^= 0x80 >> (i % 8);
            assert_eq!(
                ours.verify_pkcs1v15(hash, &digest, &bad),
                crates.verify(scheme(), &digest, &bad).is_ok(),
                "byte {i}"
            );
        }
        for cut in [&sig[1..], &sig[..sig.len() - 1]] {
            assert!(!ours.verify_pkcs1v15(hash, &digest, cut));
        }
        checked += 1;
    }
    assert_eq!(checked, 7);
}

#[test]
fn p521_with_a_short_hash_is_the_hash_itself() {
    // openssl-made P-521 signatures with SHA-256 and SHA-384 (OpenSSL and Go accept them):
    // bits2int of a hash shorter than the order is the hash, not a shifted left-padded copy.
    for pem_der in [chain!("p521-sha256-root"), chain!("p521-sha384-root")] {
        let c = Certificate::parse(&pem_der).unwrap();
        let p = prepare(&c.signature_algorithm, &c.spki, c.tbs, c.signature).unwrap();
        assert!(matches!(
            p.signed().algorithm,
            Algorithm::Ecdsa {
                curve: Curve::P521,
                hash: Hash::Sha256 | Hash::Sha384
            }
        ));
        assert_eq!(p.verify_with(None), Ok(()));
    }
}

#[test]
fn pss_with_another_mgf1_hash_verifies() {
    let c_der = chain!("pss-mgf1-root");
    let c = Certificate::parse(&c_der).unwrap();
    let p = prepare(&c.signature_algorithm, &c.spki, c.tbs, c.signature).unwrap();
    assert_eq!(
        p.signed().algorithm,
        Algorithm::RsaPss {
            hash: Hash::Sha256,
            mgf1: Hash::Sha1,
            salt: 32
        }
    );
    assert_eq!(p.verify_with(None), Ok(()));
    // With the MGF1 hash said to be SHA-256 instead, it no longer verifies.
    let alg = pss_alg(Some(oid::SHA256), Some(oid::SHA256), Some(&[32]));
    let alg = decode_alg(&alg);
    assert!(verify_message(&alg, &c.spki, c.tbs, c.signature, None).is_err());
}

#[test]
fn rsa_keys_under_1024_bits_are_refused_with_what_seclevel_0_does() {
    let c_der = chain!("rsa512-root");
    let c = Certificate::parse(&c_der).unwrap();
    assert_eq!(rsa_bits(&c.spki), Some(512));
    let Err(SignatureError::Unsupported(why)) = verify_signature(&c, &c.spki) else {
        panic!("a 512-bit RSA signature was not refused as unsupported")
    };
    assert!(
        why.contains("512 bits") && why.contains("SECLEVEL=0"),
        "{why}"
    );
    let why = check_key(&c.spki).unwrap_err();
    assert!(why.contains("under 1024 bits"), "{why}");
    // 1024 bits is still verified (a weak_key warning, not an error).
    let leaf_der = chain!("rsa1024-leaf");
    let leaf = Certificate::parse(&leaf_der).unwrap();
    assert_eq!(check_key(&leaf.spki), Ok(()));
}

/// `RSASSA-PSS` `AlgorithmIdentifier` DER with the given hash and MGF1 hash OIDs and salt
/// INTEGER content (each omitted when `None`).
fn pss_alg(hash: Option<&[u8]>, mgf1: Option<&[u8]>, salt: Option<&[u8]>) -> Vec<u8> {
    let alg_of = |o: &[u8]| {
        let mut inner = Vec::new();
        write_tlv(&mut inner, tag::OID, o);
        write_tlv(&mut inner, tag::NULL, &[]);
        let mut out = Vec::new();
        write_tlv(&mut out, tag::SEQUENCE, &inner);
        out
    };
    let mut params = Vec::new();
    if let Some(h) = hash {
        write_tlv(&mut params, tag::context(0), &alg_of(h));
    }
    if let Some(m) = mgf1 {
        let mut inner = Vec::new();
        write_tlv(&mut inner, tag::OID, oid::MGF1);
        inner.extend(alg_of(m));
        let mut mgf = Vec::new();
        write_tlv(&mut mgf, tag::SEQUENCE, &inner);
        write_tlv(&mut params, tag::context(1), &mgf);
    }
    if let Some(s) = salt {
        let mut int = Vec::new();
        write_tlv(&mut int, tag::INTEGER, s);
        write_tlv(&mut params, tag::context(2), &int);
    }
    let mut inner = Vec::new();
    write_tlv(&mut inner, tag::OID, oid::RSASSA_PSS);
    write_tlv(&mut inner, tag::SEQUENCE, &params);
    let mut out = Vec::new();
    write_tlv(&mut out, tag::SEQUENCE, &inner);
    out
}

fn decode_alg(der: &[u8]) -> AlgorithmIdentifier<'_> {
    AlgorithmIdentifier::decode(&Der::new(der, 0).read().unwrap()).unwrap()
}

#[test]
fn pss_salt_lengths_past_the_modulus_are_an_error_not_a_crash() {
    // The crash: a saltLength near 2^64 (or 2^32, a 32-bit usize) sliced out of range.
    // Only the public key is needed to craft one.
    let leaf = chain!("pss-leaf");
    let ca_der = chain!("rsa-int");
    let ca = Certificate::parse(&ca_der).unwrap();
    let cert = Certificate::parse(&leaf).unwrap();
    let salts: &[&[u8]] = &[
        &[0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // 2^64 - 1
        &[0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],       // 2^63 - 1
        &[0x00, 0xff, 0xff, 0xff, 0xe0],                         // 2^32 - 32
        &[0x00, 0xff, 0xff, 0xff, 0xff],                         // 2^32 - 1
        &[0x01, 0x00, 0x00, 0x00, 0x00],                         // 2^32
        &[0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], // 2^64
        &[0x00, 0xdf],                                           // 223: one more than fits
        &[0x01, 0x00],                                           // 256
    ];
    for salt in salts {
        let alg_der = pss_alg(Some(oid::SHA256), Some(oid::SHA256), Some(salt));
        let alg = decode_alg(&alg_der);
        let got = verify_message(&alg, &ca.spki, cert.tbs, cert.signature, None);
        // The same verdict on 32- and 64-bit builds: a bad signature, never "unsupported".
        match got {
            Err(SignatureError::Bad(why)) => assert!(why.contains("salt length"), "{why}"),
            other => panic!("salt {salt:02x?}: {other:?}"),
        }
    }
    // The largest salt a 2048-bit key holds with SHA-256 (emLen 256 - 32 - 2 = 222 bytes) is a
    // clean "does not verify".
    let alg_der = pss_alg(Some(oid::SHA256), Some(oid::SHA256), Some(&[0x00, 0xde]));
    let alg = decode_alg(&alg_der);
    assert_eq!(
        verify_message(&alg, &ca.spki, cert.tbs, cert.signature, None),
        Err(SignatureError::Bad(
            "the signature does not verify with the issuer's key".into()
        ))
    );
    // And the real parameters, re-encoded by this test, verify.
    let alg_der = pss_alg(Some(oid::SHA256), Some(oid::SHA256), Some(&[32]));
    let alg = decode_alg(&alg_der);
    assert_eq!(
        verify_message(&alg, &ca.spki, cert.tbs, cert.signature, None),
        Ok(())
    );
}

#[test]
fn pss_parameter_rules() {
    let ca_der = chain!("rsa-int");
    let ca = Certificate::parse(&ca_der).unwrap();
    let cert_der = chain!("pss-leaf");
    let cert = Certificate::parse(&cert_der).unwrap();
    let unsupported = |alg_der: &[u8]| {
        let alg = decode_alg(alg_der);
        matches!(
            verify_message(&alg, &ca.spki, cert.tbs, cert.signature, None),
            Err(SignatureError::Unsupported(_))
        )
    };
    // A negative salt, an unknown hash, a trailer other than 1.
    assert!(unsupported(&pss_alg(
        Some(oid::SHA256),
        None,
        Some(&[0xff])
    )));
    assert!(unsupported(&pss_alg(Some(&[0x2a, 0x03]), None, None)));
    let mut trailer = pss_alg(Some(oid::SHA256), None, None);
    // SEQUENCE { OID, SEQUENCE { [0] … } }: append [3] { INTEGER 2 } to the parameters.
    let extra = [0xa3, 0x03, 0x02, 0x01, 0x02];
    trailer[1] += extra.len() as u8;
    let params_at = 2 + 2 + oid::RSASSA_PSS.len();
    trailer[params_at + 1] += extra.len() as u8;
    trailer.extend_from_slice(&extra);
    assert!(unsupported(&trailer));
    // No parameters at all.
    let mut inner = Vec::new();
    write_tlv(&mut inner, tag::OID, oid::RSASSA_PSS);
    let mut none = Vec::new();
    write_tlv(&mut none, tag::SEQUENCE, &inner);
    assert!(unsupported(&none));
}

#[test]
fn ecdsa_signatures_must_be_strict_der() {
    let ca_der = chain!("ec-int");
    let ca = Certificate::parse(&ca_der).unwrap();
    let cert_der = chain!("ec-leaf");
    let cert = Certificate::parse(&cert_der).unwrap();
    let sig = cert.signature;
    assert_eq!(
        verify_message(&cert.signature_algorithm, &ca.spki, cert.tbs, sig, None),
        Ok(())
    );
    // A long-form length, trailing data, a zero-padded integer: not DER, refused.
    let mut long = vec![0x30, 0x81];
    long.extend_from_slice(&sig[1..]);
    let trailing = [sig, &[0]].concat();
    let body = &sig[2..];
    let r_len = usize::from(body[1]);
    let mut padded_body = vec![0x02, body[1] + 1, 0x00];
    padded_body.extend_from_slice(&body[2..2 + r_len]);
    padded_body.extend_from_slice(&body[2 + r_len..]);
    let mut padded = vec![0x30, padded_body.len() as u8];
    padded.extend(padded_body);
    for bad in [long, trailing, padded] {
        assert!(matches!(
            verify_message(&cert.signature_algorithm, &ca.spki, cert.tbs, &bad, None),
            Err(SignatureError::Bad(_))
        ));
    }
}

#[test]
fn weak_hashes_and_key_mismatches() {
    let sha1_der = chain!("sha1-leaf");
    let sha1 = Certificate::parse(&sha1_der).unwrap();
    assert_eq!(weak_hash(&sha1.signature_algorithm), Some("SHA-1"));
    let ec_der = chain!("ec-leaf");
    let ec = Certificate::parse(&ec_der).unwrap();
    assert_eq!(weak_hash(&ec.signature_algorithm), None);
    assert_eq!(rsa_bits(&ec.spki), None);
    // An RSA signature checked with an EC key: the key type cannot have made it.
    let rsa_der = chain!("rsa-leaf");
    let rsa = Certificate::parse(&rsa_der).unwrap();
    assert!(matches!(
        verify_signature(&rsa, &ec.spki),
        Err(SignatureError::Bad(why)) if why.contains("key type")
    ));
    // Ed448 is not supported.
    let ed448_der = chain!("ed448-root");
    let ed448 = Certificate::parse(&ed448_der).unwrap();
    assert!(matches!(
        verify_signature(&ed448, &ed448.spki),
        Err(SignatureError::Unsupported(_))
    ));
}
