//! Sun's key protectors: how JKS and JCEKS keystores encrypt a PrivateKeyEntry's PKCS#8 key.
//!
//! Both store an `EncryptedPrivateKeyInfo` whose algorithm is Sun's own:
//!
//! - **JKS** (`sun.security.provider.KeyProtector`, OID 1.3.6.1.4.1.42.2.17.1.1, NULL
//!   parameters): the data is `salt (20) ‖ key XOR keystream ‖ check (20)`. The keystream is
//!   `D_1 ‖ D_2 ‖ …` with `D_1 = SHA-1(P ‖ salt)`, `D_i = SHA-1(P ‖ D_{i-1})`, `P` the password
//!   as UTF-16BE; the check is `SHA-1(P ‖ plaintext key)`, so a wrong password is known for
//!   certain (no padding guess).
//! - **JCEKS** (`com.sun.crypto.provider.KeyProtector`, PBEWithMD5AndTripleDES, OID
//!   1.3.6.1.4.1.42.2.19.1, parameters `PBEParameter { salt (8), iterationCount }`): 3DES-CBC
//!   with PKCS#5 padding; key and IV from `PBES1Core.deriveCipherKey`: when the salt's two
//!   4-byte halves are equal the first half is reversed, then each half is hashed
//!   `iterationCount` times as `H_j = MD5(H_{j-1} ‖ P)` (`H_0` the half, `P` the password's
//!   ASCII bytes: Java refuses any other character), and `H(half 1) ‖ H(half 2)` is the 24-byte
//!   key and the 8-byte IV.
//!
//! No maintained crate implements either (the `jks` crate has the first only and sits on an
//! older digest generation; see ARCHITECTURE.md); the hashes and the cipher are RustCrypto's
//! `sha1`, `md-5`, `des` and `cbc`.

use md5::Digest;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::der::{constructed, tag, tlv, Tlv};
use crate::error::{Error, ErrorCode, Result};
use crate::formats::pkcs12::kdf::{Budget, Password};
use crate::formats::pkcs12::pbe::cbc_decrypt;
use crate::oid;

/// SHA-1 output length: the JKS salt, keystream block and check digest.
const SHA1_LEN: usize = 20;

/// One of Sun's key protection schemes, read from an `EncryptedPrivateKeyInfo`'s algorithm.
#[derive(Clone, Debug)]
pub(crate) enum Protector<'a> {
    /// JKS: SHA-1 keystream and check digest.
    Jks,
    /// JCEKS: PBEWithMD5AndTripleDES.
    Jceks {
        salt: &'a [u8],
        iterations: u32,
        /// Where the iteration count sits, for errors and the budget.
        offset: usize,
    },
}

impl<'a> Protector<'a> {
    /// Reads the scheme from the algorithm's OID and parameters: `Ok(None)` when the OID is
    /// not one of Sun's.
    pub(crate) fn parse(o: &Tlv<'a>, params: Option<&Tlv<'a>>) -> Result<Option<Self>> {
        if o.value == oid::SUN_JKS_KEY_PROTECTOR {
            return match params {
                None => Ok(Some(Self::Jks)),
                Some(p) if p.tag == tag::NULL && p.value.is_empty() => Ok(Some(Self::Jks)),
                Some(p) => Err(key_error(
                    "the JKS key protector takes no parameters (NULL or none)",
                    p.offset,
                )),
            };
        }
        if o.value != oid::SUN_PBE_MD5_3DES {
            return Ok(None);
        }
        let params = params.ok_or_else(|| {
            key_error(
                "PBEWithMD5AndTripleDES without its salt and iteration count",
                o.offset,
            )
        })?;
        if params.tag != tag::SEQUENCE {
            return Err(key_error(
                "PBEWithMD5AndTripleDES parameters are not a SEQUENCE",
                params.offset,
            ));
        }
        let mut r = params.reader()?;
        let salt = r.expect(tag::OCTET_STRING, "the PBE salt")?;
        let count = r.expect(tag::INTEGER, "the PBE iteration count")?;
        r.finish("PBEWithMD5AndTripleDES parameters")?;
        // PBES1Core refuses any other salt length ("Salt must be 8 bytes long").
        if salt.value.len() != 8 {
            return Err(key_error(
                format!(
                    "a PBEWithMD5AndTripleDES salt is 8 bytes, this one {}",
                    salt.value.len()
                ),
                salt.offset,
            ));
        }
        let iterations = Budget::check(
            count.small_uint()?,
            "the private key's encryption",
            Some(count.offset),
        )?;
        Ok(Some(Self::Jceks {
            salt: salt.value,
            iterations,
            offset: count.offset,
        }))
    }

    /// The scheme as a person reads it.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Jks => "JKS key protector (Sun's SHA-1 keystream)".to_owned(),
            Self::Jceks { iterations, .. } => {
                format!("PBEWithMD5AndTripleDES (JCEKS, {iterations} iterations)")
            }
        }
    }

    /// Decrypts `data` (the `encryptedData` octets): `Ok(None)` when the password does not
    /// open it (the JKS check digest differs; the JCEKS padding does not check out).
    pub(crate) fn decrypt(
        &self,
        password: &Password,
        data: &[u8],
        budget: &mut Budget,
    ) -> Result<Option<Zeroizing<Vec<u8>>>> {
        match self {
            Self::Jks => jks_decrypt(&utf16_be(password), data),
            Self::Jceks {
                salt,
                iterations,
                offset,
            } => {
                // Java's PBEKey takes printable ASCII only; no other password made this key.
                if !password.utf8.iter().all(|b| (0x20..=0x7e).contains(b)) {
                    return Ok(None);
                }
                // Two MD5 chains of `iterations` each.
                budget.spend(*iterations, 32, 16, Some(*offset))?;
                let derived = jceks_derive(&password.utf8, salt, *iterations);
                let (key, iv) = derived.split_at(24);
                Ok(cbc_decrypt::<des::TdesEde3>(key, iv, data))
            }
        }
    }
}

/// The password as JKS hashes it: each UTF-16 code unit, big-endian, no terminator.
fn utf16_be(password: &Password) -> Zeroizing<Vec<u8>> {
    let text = String::from_utf8_lossy(&password.utf8);
    let mut out = Zeroizing::new(Vec::with_capacity(text.len().saturating_mul(2)));
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

/// XORs `data` with the JKS keystream that starts from `salt`.
fn jks_xor(password: &[u8], salt: &[u8], data: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(data.to_vec());
    let mut digest: Zeroizing<Vec<u8>> = Zeroizing::new(salt.to_vec());
    for block in out.chunks_mut(SHA1_LEN) {
        let next: Zeroizing<[u8; SHA1_LEN]> = Zeroizing::new(
            sha1::Sha1::new()
                .chain_update(password)
                .chain_update(&*digest)
                .finalize()
                .into(),
        );
        for (b, k) in block.iter_mut().zip(next.iter()) {
            *b ^= k;
        }
        digest = Zeroizing::new(next.to_vec());
    }
    out
}

/// SHA-1(password ‖ plaintext), the JKS check digest.
fn jks_check(password: &[u8], plain: &[u8]) -> [u8; SHA1_LEN] {
    sha1::Sha1::new()
        .chain_update(password)
        .chain_update(plain)
        .finalize()
        .into()
}

fn jks_decrypt(password: &[u8], data: &[u8]) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let Some(body_len) = data.len().checked_sub(2 * SHA1_LEN) else {
        return Err(Error::new(
            ErrorCode::MalformedKey,
            format!(
                "a JKS-protected key holds a {SHA1_LEN}-byte salt and a {SHA1_LEN}-byte check; \
                 this one is {} bytes",
                data.len()
            ),
        ));
    };
    let (salt, rest) = data.split_at(SHA1_LEN);
    let (encrypted, check) = rest.split_at(body_len);
    let plain = jks_xor(password, salt, encrypted);
    if bool::from(jks_check(password, &plain).ct_eq(check)) {
        Ok(Some(plain))
    } else {
        Ok(None)
    }
}

/// Encrypts a PKCS#8 `PrivateKeyInfo` as JKS stores it (`keytool` and `KeyStore.setKeyEntry`
/// on a JKS): the whole `EncryptedPrivateKeyInfo` DER, with the key protector's OID and NULL
/// parameters, as Java 17 writes it. `salt` must be fresh randomness for each key.
pub(crate) fn jks_protect(password: &str, salt: &[u8; SHA1_LEN], plain: &[u8]) -> Vec<u8> {
    let mut p = Zeroizing::new(Vec::with_capacity(password.len().saturating_mul(2)));
    for unit in password.encode_utf16() {
        p.extend_from_slice(&unit.to_be_bytes());
    }
    let encrypted = jks_xor(&p, salt, plain);
    let check = jks_check(&p, plain);
    let mut data = Vec::with_capacity(plain.len() + 2 * SHA1_LEN);
    data.extend_from_slice(salt);
    data.extend_from_slice(&encrypted);
    data.extend_from_slice(&check);
    let algorithm = constructed(
        tag::SEQUENCE,
        &[&tlv(tag::OID, oid::SUN_JKS_KEY_PROTECTOR), &[tag::NULL, 0]],
    );
    constructed(tag::SEQUENCE, &[&algorithm, &tlv(tag::OCTET_STRING, &data)])
}

/// `PBES1Core.deriveCipherKey` for DESede: 24 key bytes then 8 IV bytes.
fn jceks_derive(password: &[u8], salt: &[u8], iterations: u32) -> Zeroizing<[u8; 32]> {
    let mut salt: [u8; 8] = salt.try_into().unwrap_or([0; 8]);
    if salt[..4] == salt[4..] {
        salt[..4].reverse();
    }
    let mut out = Zeroizing::new([0u8; 32]);
    for (half, slot) in salt.chunks(4).zip(out.chunks_mut(16)) {
        let mut h: Zeroizing<Vec<u8>> = Zeroizing::new(half.to_vec());
        for _ in 0..iterations {
            h = Zeroizing::new(
                md5::Md5::new()
                    .chain_update(&*h)
                    .chain_update(password)
                    .finalize()
                    .to_vec(),
            );
        }
        slot.copy_from_slice(&h);
    }
    out
}

fn key_error(message: impl Into<String>, offset: usize) -> Error {
    Error::new(ErrorCode::MalformedKey, message).at_offset(offset)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The protector's encryption and decryption are inverse, and any other password or any
    /// changed byte is caught by the check digest. keytool's own keys are read in tests/keys.rs.
    #[test]
    fn jks_protect_round_trips_and_the_check_catches_changes() {
        let plain = b"a PKCS#8 stand-in, longer than one 20-byte block".to_vec();
        let der = jks_protect("store-pw", &[7; 20], &plain);
        let outer = crate::der::Der::new(&der, 0).read().unwrap();
        let mut r = outer.reader().unwrap();
        let _alg = r.read().unwrap();
        let data = r.read().unwrap().value;
        let pw = Password::new("store-pw");
        assert_eq!(
            jks_decrypt(&utf16_be(&pw), data).unwrap().as_deref(),
            Some(&plain)
        );
        let other = Password::new("store-pX");
        assert!(jks_decrypt(&utf16_be(&other), data).unwrap().is_none());
        for i in 0..data.len() {
            let mut bad = data.to_vec();
            bad[i] ^= 1;
            assert!(jks_decrypt(&utf16_be(&pw), &bad).unwrap().is_none(), "{i}");
        }
        assert!(jks_decrypt(&utf16_be(&pw), &[0; 39]).is_err());
    }

    /// Equal salt halves: the first half reversed, so the two derivations differ.
    #[test]
    fn jceks_equal_salt_halves_are_not_derived_alike() {
        let k = jceks_derive(b"pw", &[1, 2, 3, 4, 1, 2, 3, 4], 3);
        assert_ne!(k[..16], k[16..]);
        assert_eq!(*k, *jceks_derive(b"pw", &[4, 3, 2, 1, 1, 2, 3, 4], 3));
    }
}
