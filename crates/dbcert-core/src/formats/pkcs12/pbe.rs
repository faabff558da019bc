//! Password-based encryption of PKCS#12 contents: PBES2 (PBKDF2 + AES-CBC or 3DES-CBC, RFC 8018)
//! as Java 9+ keytool, OpenSSL 3 and Windows write it, and the legacy PKCS#12 schemes
//! (RFC 7292 appendix C: SHA-1 with RC2-40, RC2-128, 3-key and 2-key 3DES) that OpenSSL
//! `-legacy`, older Java, Windows, macOS and Firefox write.
//!
//! Decryption only: of SafeContents here, and of PEM `ENCRYPTED PRIVATE KEY` blocks for
//! `keys/` (the same schemes, plus RFC 8018 PBES1, which `openssl pkcs8 -v1 PBE-MD5-DES` and
//! the like still write: PBKDF1 with MD5 or SHA-1, then DES or RC2 in CBC mode).
//!
//! PBES2 runs on the `pkcs5` crate (its parameters decoded by it from the file's DER, PBKDF2 and
//! the CBC cipher run by it); the legacy schemes on the `pkcs12` crate's KDF and the `rc2`, `des`
//! and `cbc` crates. The parameters are read here first, as rules in front of the crates: the
//! iteration count is checked against the limit and the read's budget before any derivation
//! runs, and what is not supported is named with its OID and byte.

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, InnerIvInit, KeyIvInit};
use der::Decode;
use zeroize::Zeroizing;

use super::kdf::{Budget, Hash, Password};
use super::{alg_id, unsupported};
use crate::der::{tag, Tlv};
use crate::error::{Error, ErrorCode, Result};
use crate::oid;

/// Largest PBKDF2 `keyLength` accepted (the longest key any supported scheme needs is 64 bytes;
/// PBMAC1 keys of a few hundred bytes exist in the wild).
const MAX_KEY_LENGTH: u64 = 1024;

/// PBKDF2-params (RFC 8018 A.2).
#[derive(Clone, Debug)]
pub(crate) struct Pbkdf2<'a> {
    pub(crate) salt: &'a [u8],
    pub(crate) iterations: u32,
    pub(crate) key_length: Option<usize>,
    pub(crate) prf: Hash,
    /// Where the iteration count sits, for errors.
    pub(crate) offset: usize,
}

impl<'a> Pbkdf2<'a> {
    /// Parses the AlgorithmIdentifier of a key-derivation function, which must be PBKDF2.
    pub(crate) fn parse_alg(alg: &Tlv<'a>, what: &str) -> Result<Self> {
        let (o, params) = alg_id(alg)?;
        if o.value != oid::PBKDF2 {
            return Err(unsupported(o.value, &format!("{what} key derivation")).at_offset(o.offset));
        }
        let params = params.ok_or_else(|| alg.error("PBKDF2 without parameters"))?;
        Self::parse_params(&params, what)
    }

    /// Parses PBKDF2-params (a SEQUENCE).
    pub(crate) fn parse_params(params: &Tlv<'a>, what: &str) -> Result<Self> {
        if params.tag != tag::SEQUENCE {
            return Err(params.error("PBKDF2 parameters are not a SEQUENCE"));
        }
        let mut r = params.reader()?;
        let salt = match r.peek_tag() {
            Some(tag::OCTET_STRING) => r.read()?.value,
            _ => {
                let at = r.offset();
                return Err(Error::new(
                    ErrorCode::UnsupportedAlgorithm,
                    "PBKDF2 with a salt from another source (otherSource) is not supported",
                )
                .at_offset(at));
            }
        };
        let count = r.expect(tag::INTEGER, "PBKDF2 iteration count")?;
        let iterations = Budget::check(count.small_uint()?, what, Some(count.offset))?;
        let key_length = match r.optional(tag::INTEGER)? {
            Some(k) => {
                let n = k.small_uint()?;
                if n == 0 || n > MAX_KEY_LENGTH {
                    return Err(Error::new(
                        ErrorCode::MalformedKeystore,
                        format!("PBKDF2 key length {n} is out of range"),
                    )
                    .at_offset(k.offset));
                }
                Some(n as usize)
            }
            None => None,
        };
        let prf = match r.optional(tag::SEQUENCE)? {
            Some(p) => {
                let (o, _) = alg_id(&p)?;
                Hash::from_hmac_oid(o.value).ok_or_else(|| {
                    unsupported(o.value, "the PBKDF2 pseudo-random function").at_offset(o.offset)
                })?
            }
            None => Hash::Sha1,
        };
        r.finish("PBKDF2 parameters")?;
        Ok(Self {
            salt,
            iterations,
            key_length,
            prf,
            offset: count.offset,
        })
    }

    /// Spends what deriving `len` bytes costs from the read's budget (an error, before anything
    /// runs, when it would go over).
    pub(crate) fn spend(&self, len: usize, budget: &mut Budget) -> Result<()> {
        budget.spend(
            self.iterations,
            len,
            self.prf.output_len(),
            Some(self.offset),
        )
    }

    /// Derives `len` bytes from the UTF-8 password.
    pub(crate) fn derive(
        &self,
        password: &[u8],
        len: usize,
        budget: &mut Budget,
    ) -> Result<Zeroizing<Vec<u8>>> {
        self.spend(len, budget)?;
        let mut key = Zeroizing::new(vec![0u8; len]);
        self.prf
            .pbkdf2(password, self.salt, self.iterations, &mut key);
        Ok(key)
    }
}

/// The cipher of a legacy PKCS#12 PBE scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LegacyCipher {
    Rc2_40,
    Rc2_128,
    TripleDes3Key,
    TripleDes2Key,
}

/// The cipher of a PBES2 scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cipher {
    Aes128,
    Aes192,
    Aes256,
    TripleDes,
}

impl Cipher {
    fn key_len(self) -> usize {
        match self {
            Self::Aes128 => 16,
            Self::Aes192 => 24,
            Self::Aes256 => 32,
            Self::TripleDes => 24,
        }
    }

    fn iv_len(self) -> usize {
        match self {
            Self::TripleDes => 8,
            _ => 16,
        }
    }
}

/// The hash of a PBES1 scheme's PBKDF1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pbes1Hash {
    Md5,
    Sha1,
}

/// A parsed content-encryption AlgorithmIdentifier.
#[derive(Clone, Debug)]
pub(crate) enum Scheme<'a> {
    /// RFC 8018 PBES1 (openssl `-v1 PBE-MD5-DES` and the like): key and IV from PBKDF1, DES or
    /// RC2 (64-bit key) in CBC mode. Read for old encrypted PKCS#8 keys only.
    Pbes1 {
        hash: Pbes1Hash,
        rc2: bool,
        salt: &'a [u8],
        iterations: u32,
        offset: usize,
    },
    /// RFC 7292 appendix C: key and IV from the PKCS#12 KDF with SHA-1.
    Legacy {
        cipher: LegacyCipher,
        salt: &'a [u8],
        iterations: u32,
        offset: usize,
    },
    /// RFC 8018 PBES2 with PBKDF2, as the `pkcs5` crate decoded it (`kdf` is the same
    /// PBKDF2 as read here, for the budget).
    Pbes2 {
        kdf: Pbkdf2<'a>,
        cipher: Cipher,
        params: Box<pkcs5::pbes2::Parameters>,
    },
}

impl<'a> Scheme<'a> {
    /// Parses a contentEncryptionAlgorithm. Iteration counts over the limit are refused here,
    /// before any derivation runs.
    pub(crate) fn parse(alg: &Tlv<'a>) -> Result<Self> {
        let (o, params) = alg_id(alg)?;
        let legacy = match o.value {
            x if x == oid::PBE_SHA1_RC2_40 => Some(LegacyCipher::Rc2_40),
            x if x == oid::PBE_SHA1_RC2_128 => Some(LegacyCipher::Rc2_128),
            x if x == oid::PBE_SHA1_3DES => Some(LegacyCipher::TripleDes3Key),
            x if x == oid::PBE_SHA1_2DES => Some(LegacyCipher::TripleDes2Key),
            _ => None,
        };
        let pbes1 = match o.value {
            x if x == oid::PBE_MD5_DES => Some((Pbes1Hash::Md5, false)),
            x if x == oid::PBE_MD5_RC2 => Some((Pbes1Hash::Md5, true)),
            x if x == oid::PBE_SHA1_DES => Some((Pbes1Hash::Sha1, false)),
            x if x == oid::PBE_SHA1_RC2 => Some((Pbes1Hash::Sha1, true)),
            _ => None,
        };
        let params = params.ok_or_else(|| alg.error("encryption algorithm without parameters"))?;
        if legacy.is_some() || pbes1.is_some() {
            // pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
            if params.tag != tag::SEQUENCE {
                return Err(params.error("PBE parameters are not a SEQUENCE"));
            }
            let mut r = params.reader()?;
            let salt = r.expect(tag::OCTET_STRING, "PBE salt")?.value;
            let count = r.expect(tag::INTEGER, "PBE iteration count")?;
            let iterations = Budget::check(
                count.small_uint()?,
                "the content encryption",
                Some(count.offset),
            )?;
            r.finish("PBE parameters")?;
            if let Some((hash, rc2)) = pbes1 {
                // PBEParameter: the salt is exactly 8 octets (RFC 8018 A.3).
                if salt.len() != 8 {
                    return Err(params.error("a PBES1 salt is not 8 bytes"));
                }
                return Ok(Self::Pbes1 {
                    hash,
                    rc2,
                    salt,
                    iterations,
                    offset: count.offset,
                });
            }
            if let Some(cipher) = legacy {
                return Ok(Self::Legacy {
                    cipher,
                    salt,
                    iterations,
                    offset: count.offset,
                });
            }
        }
        if o.value != oid::PBES2 {
            return Err(unsupported(o.value, "content encryption").at_offset(o.offset));
        }
        // PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier }
        if params.tag != tag::SEQUENCE {
            return Err(params.error("PBES2 parameters are not a SEQUENCE"));
        }
        let mut r = params.reader()?;
        let kdf_alg = r.expect(tag::SEQUENCE, "PBES2 key derivation function")?;
        let enc_alg = r.expect(tag::SEQUENCE, "PBES2 encryption scheme")?;
        r.finish("PBES2 parameters")?;
        let kdf = Pbkdf2::parse_alg(&kdf_alg, "the content encryption")?;
        let (eo, iv) = alg_id(&enc_alg)?;
        let cipher = match eo.value {
            x if x == oid::AES128_CBC => Cipher::Aes128,
            x if x == oid::AES192_CBC => Cipher::Aes192,
            x if x == oid::AES256_CBC => Cipher::Aes256,
            x if x == oid::DES_EDE3_CBC => Cipher::TripleDes,
            _ => return Err(unsupported(eo.value, "PBES2 encryption").at_offset(eo.offset)),
        };
        match iv {
            Some(t) if t.tag == tag::OCTET_STRING && t.value.len() == cipher.iv_len() => {}
            _ => {
                return Err(enc_alg.error(format!(
                    "{} needs a {}-byte IV",
                    oid::name(eo.value),
                    cipher.iv_len()
                )))
            }
        }
        if let Some(n) = kdf.key_length {
            if n != cipher.key_len() {
                return Err(Error::new(
                    ErrorCode::MalformedKeystore,
                    format!(
                        "PBKDF2 key length {n} does not fit {} ({} bytes)",
                        oid::name(eo.value),
                        cipher.key_len()
                    ),
                )
                .at_offset(kdf.offset));
            }
        }
        // The rules above passed: the crate decodes the same parameters for its own use.
        let crate_params = pkcs5::pbes2::Parameters::from_der(params.raw).map_err(|e| {
            Error::new(
                ErrorCode::UnsupportedAlgorithm,
                format!(
                    "PBES2 parameters dbcert does not implement (PBKDF2 with {}, a salt of {} bytes: {e})",
                    kdf.prf.name(),
                    kdf.salt.len()
                ),
            )
            .at_offset(params.offset)
        })?;
        Ok(Self::Pbes2 {
            kdf,
            cipher,
            params: Box::new(crate_params),
        })
    }

    /// True when the key comes from the UTF-8 password (PBES1, PBES2), false for the BMPString one.
    pub(crate) fn uses_utf8(&self) -> bool {
        !matches!(self, Self::Legacy { .. })
    }

    /// The scheme as a person reads it, e.g. `PBES2 (PBKDF2 with HMAC-SHA-256, AES-256-CBC,
    /// 2048 iterations)`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Pbes1 {
                hash,
                rc2,
                iterations,
                ..
            } => format!(
                "PBES1 ({}, {}-CBC, {iterations} iterations)",
                if *hash == Pbes1Hash::Md5 {
                    "MD5"
                } else {
                    "SHA-1"
                },
                if *rc2 { "RC2" } else { "DES" }
            ),
            Self::Legacy {
                cipher, iterations, ..
            } => format!(
                "PKCS#12 PBE ({}, {iterations} iterations)",
                match cipher {
                    LegacyCipher::Rc2_40 => "SHA-1 and RC2-40",
                    LegacyCipher::Rc2_128 => "SHA-1 and RC2-128",
                    LegacyCipher::TripleDes3Key => "SHA-1 and 3-key 3DES",
                    LegacyCipher::TripleDes2Key => "SHA-1 and 2-key 3DES",
                }
            ),
            Self::Pbes2 { kdf, cipher, .. } => format!(
                "PBES2 (PBKDF2 with {}, {}, {} iterations)",
                kdf.prf.name(),
                match cipher {
                    Cipher::Aes128 => "AES-128-CBC",
                    Cipher::Aes192 => "AES-192-CBC",
                    Cipher::Aes256 => "AES-256-CBC",
                    Cipher::TripleDes => "DES-EDE3-CBC",
                },
                kdf.iterations
            ),
        }
    }

    /// Decrypts `ciphertext` with one password candidate. `Ok(None)` means the padding did not
    /// check out (wrong password or damaged data).
    pub(crate) fn decrypt(
        &self,
        password: &Password,
        ciphertext: &[u8],
        budget: &mut Budget,
    ) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let plain = match self {
            Self::Pbes1 {
                hash,
                rc2,
                salt,
                iterations,
                offset,
            } => {
                // PBKDF1 (RFC 8018 5.1): T_1 = H(P || S), T_i = H(T_{i-1}); DK = T_c[..16]:
                // the key is its first 8 octets, the IV the last 8.
                budget.spend(*iterations, 16, 16, Some(*offset))?;
                let dk = pbkdf1(*hash, &password.utf8, salt, *iterations);
                let (key, iv) = dk.split_at(8);
                if *rc2 {
                    rc2_decrypt(key, 64, iv, ciphertext)
                } else {
                    cbc_decrypt::<des::Des>(key, iv, ciphertext)
                }
            }
            Self::Legacy {
                cipher,
                salt,
                iterations,
                offset,
            } => {
                let key_len = match cipher {
                    LegacyCipher::Rc2_40 => 5,
                    LegacyCipher::Rc2_128 | LegacyCipher::TripleDes2Key => 16,
                    LegacyCipher::TripleDes3Key => 24,
                };
                // Two derivations (key and IV) with SHA-1 (20-byte blocks).
                budget.spend(*iterations, key_len, 20, Some(*offset))?;
                budget.spend(*iterations, 8, 20, Some(*offset))?;
                let key = Hash::Sha1.pkcs12_kdf(&password.bmp, salt, 1, *iterations, key_len);
                let iv = Hash::Sha1.pkcs12_kdf(&password.bmp, salt, 2, *iterations, 8);
                match cipher {
                    LegacyCipher::Rc2_40 => rc2_decrypt(&key, 40, &iv, ciphertext),
                    LegacyCipher::Rc2_128 => rc2_decrypt(&key, 128, &iv, ciphertext),
                    LegacyCipher::TripleDes3Key => {
                        cbc_decrypt::<des::TdesEde3>(&key, &iv, ciphertext)
                    }
                    LegacyCipher::TripleDes2Key => {
                        cbc_decrypt::<des::TdesEde2>(&key, &iv, ciphertext)
                    }
                }
            }
            Self::Pbes2 {
                kdf,
                cipher,
                params,
            } => {
                kdf.spend(cipher.key_len(), budget)?;
                // An error is a padding that does not check out (or a ciphertext that is not
                // whole blocks): a wrong password or damaged data.
                params
                    .decrypt(&*password.utf8, ciphertext)
                    .ok()
                    .map(Zeroizing::new)
            }
        };
        Ok(plain)
    }
}

/// PBKDF1 with MD5 or SHA-1: the first 16 octets of the `iterations`-fold hash of
/// `password || salt`.
fn pbkdf1(hash: Pbes1Hash, password: &[u8], salt: &[u8], iterations: u32) -> Zeroizing<[u8; 16]> {
    use sha1::Digest;
    let mut t: Zeroizing<Vec<u8>> = Zeroizing::new(match hash {
        Pbes1Hash::Md5 => md5::Md5::new()
            .chain_update(password)
            .chain_update(salt)
            .finalize()
            .to_vec(),
        Pbes1Hash::Sha1 => sha1::Sha1::new()
            .chain_update(password)
            .chain_update(salt)
            .finalize()
            .to_vec(),
    });
    for _ in 1..iterations {
        let next = match hash {
            Pbes1Hash::Md5 => md5::Md5::digest(&*t).to_vec(),
            Pbes1Hash::Sha1 => sha1::Sha1::digest(&*t).to_vec(),
        };
        t = Zeroizing::new(next);
    }
    let mut dk = Zeroizing::new([0u8; 16]);
    dk.copy_from_slice(t.get(..16).unwrap_or(&[0; 16]));
    dk
}

/// CBC decryption with PKCS#7 padding; `None` when the padding does not check out.
pub(crate) fn cbc_decrypt<C>(key: &[u8], iv: &[u8], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>>
where
    C: cbc::cipher::BlockCipherDecrypt + cbc::cipher::KeyInit,
{
    let dec = cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?;
    dec.decrypt_padded_vec::<Pkcs7>(ciphertext)
        .ok()
        .map(Zeroizing::new)
}

fn rc2_decrypt(
    key: &[u8],
    effective_bits: usize,
    iv: &[u8],
    ciphertext: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let cipher = rc2::Rc2::new_with_eff_key_len(key, effective_bits);
    let dec = cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(cipher, iv).ok()?;
    dec.decrypt_padded_vec::<Pkcs7>(ciphertext)
        .ok()
        .map(Zeroizing::new)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cbc_bad_inputs_do_not_panic() {
        let (key, iv) = ([7u8; 24], [9u8; 8]);
        assert!(cbc_decrypt::<des::TdesEde3>(&key, &iv, &[0; 15]).is_none());
        assert!(cbc_decrypt::<des::TdesEde3>(&key, &iv, &[]).is_none());
        assert!(cbc_decrypt::<des::TdesEde3>(&key[..5], &iv, &[0; 8]).is_none());
        assert!(cbc_decrypt::<des::TdesEde3>(&key, &iv[..7], &[0; 8]).is_none());
    }

    #[test]
    fn rc2_odd_inputs_do_not_panic() {
        assert!(rc2_decrypt(&[1, 2, 3, 4, 5], 40, &[0; 8], &[0; 7]).is_none());
        assert!(rc2_decrypt(&[1, 2, 3, 4, 5], 40, &[0; 7], &[0; 8]).is_none());
        let _ = rc2_decrypt(&[1, 2, 3, 4, 5], 40, &[0; 8], &[0; 8]);
    }
}
