//! Encrypted private keys: PKCS#8 `EncryptedPrivateKeyInfo` (its schemes are those of PKCS#12's
//! shrouded key bags: PBES2 on the `pkcs5` crate, PBES1 and the PKCS#12 PBE schemes in
//! `formats::pkcs12::pbe`) and OpenSSL's legacy PEM encryption (`Proc-Type: 4,ENCRYPTED`,
//! `DEK-Info: CIPHER,IV`: the key from `EVP_BytesToKey` with MD5 and one iteration, the cipher
//! run by the `aes`, `des` and `cbc` crates).

use md5::Digest;
use zeroize::Zeroizing;

use crate::der::{tag, Der};
use crate::error::{Error, ErrorCode, Result};
use crate::formats::pkcs12::kdf::{Budget, Password};
use crate::formats::pkcs12::pbe::{cbc_decrypt, Scheme};

/// `EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier,
/// encryptedData OCTET STRING }`.
pub(crate) struct Pkcs8<'a> {
    scheme: Protection<'a>,
    ciphertext: &'a [u8],
}

/// The encryption of a PKCS#8 key: a standard scheme (PKCS#12's readers), or Sun's JKS or
/// JCEKS key protector (`keys/sun.rs`).
enum Protection<'a> {
    Standard(Scheme<'a>),
    Sun(super::sun::Protector<'a>),
}

impl<'a> Pkcs8<'a> {
    /// Splits the structure and reads its scheme (iteration counts checked against the limit).
    pub(crate) fn parse(der: &'a [u8]) -> Result<Self> {
        let outer = Der::new(der, 0).read()?;
        if outer.tag != tag::SEQUENCE {
            return Err(key_error("EncryptedPrivateKeyInfo is not a SEQUENCE", 0));
        }
        let mut r = outer.reader()?;
        let alg = r.expect(tag::SEQUENCE, "the key encryption algorithm")?;
        let data = r.expect(tag::OCTET_STRING, "the encrypted key")?;
        r.finish("EncryptedPrivateKeyInfo")?;
        let scheme = match sun_protector(&alg)? {
            Some(p) => Protection::Sun(p),
            None => Protection::Standard(Scheme::parse(&alg).map_err(as_key_error)?),
        };
        Ok(Self {
            scheme,
            ciphertext: data.value,
        })
    }

    /// How the key is encrypted, e.g. `PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC, 2048 iterations)`.
    pub(crate) fn describe(&self) -> String {
        match &self.scheme {
            Protection::Standard(s) => s.describe(),
            Protection::Sun(p) => p.describe(),
        }
    }

    /// Decrypts with `password`: `Ok(None)` when the padding does not check out (a wrong
    /// password, nearly always).
    /// The derivation's iterations are spent from `budget`, the whole read's (so that many
    /// keys cannot each spend a full one).
    pub(crate) fn decrypt(
        &self,
        password: &Password,
        budget: &mut Budget,
    ) -> Result<Option<Zeroizing<Vec<u8>>>> {
        match &self.scheme {
            Protection::Standard(s) => s
                .decrypt(password, self.ciphertext, budget)
                .map_err(as_key_error),
            Protection::Sun(p) => p.decrypt(password, self.ciphertext, budget),
        }
    }

    /// True for Sun's JKS key protector, whose check digest tells a wrong password (or a
    /// changed key) for certain.
    pub(crate) fn is_jks(&self) -> bool {
        matches!(self.scheme, Protection::Sun(super::sun::Protector::Jks))
    }
}

/// Sun's key protector, when the AlgorithmIdentifier names one.
fn sun_protector<'a>(alg: &crate::der::Tlv<'a>) -> Result<Option<super::sun::Protector<'a>>> {
    let mut r = alg.reader()?;
    let o = r.expect(tag::OID, "the key encryption algorithm's OID")?;
    let params = if r.is_empty() { None } else { Some(r.read()?) };
    r.finish("the key encryption algorithm")?;
    super::sun::Protector::parse(&o, params.as_ref())
}

/// The ciphers of OpenSSL's legacy PEM encryption dbcert reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LegacyCipher {
    Aes128,
    Aes192,
    Aes256,
    DesEde3,
    Des,
}

/// A `DEK-Info` header: the cipher and its IV (whose first 8 bytes are also the salt).
pub(crate) struct Legacy {
    cipher: LegacyCipher,
    name: String,
    iv: Vec<u8>,
}

impl Legacy {
    /// Reads the RFC 1421 headers of a block: `Ok(None)` when it is not encrypted.
    pub(crate) fn parse(headers: &str) -> Result<Option<Self>> {
        let mut encrypted = false;
        let mut dek = None;
        for line in headers.lines() {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            match name.trim() {
                "Proc-Type" => encrypted = value.trim() == "4,ENCRYPTED",
                "DEK-Info" => dek = Some(value.trim()),
                _ => {}
            }
        }
        if !encrypted {
            return Ok(None);
        }
        let dek = dek.ok_or_else(|| {
            key_error(
                "Proc-Type says ENCRYPTED but there is no DEK-Info header",
                0,
            )
        })?;
        let (name, iv_hex) = dek
            .split_once(',')
            .ok_or_else(|| key_error("DEK-Info is not CIPHER,IV", 0))?;
        let (cipher, iv_len) = match name {
            "AES-128-CBC" => (LegacyCipher::Aes128, 16),
            "AES-192-CBC" => (LegacyCipher::Aes192, 16),
            "AES-256-CBC" => (LegacyCipher::Aes256, 16),
            "DES-EDE3-CBC" => (LegacyCipher::DesEde3, 8),
            "DES-CBC" => (LegacyCipher::Des, 8),
            other => {
                return Err(Error::new(
                    ErrorCode::UnsupportedAlgorithm,
                    format!(
                        "the key is encrypted with {other}, which dbcert does not implement \
                         (it reads AES-128/192/256-CBC, DES-EDE3-CBC and DES-CBC); re-encrypt it \
                         with `openssl pkey -in KEY -aes256 -out NEW`"
                    ),
                ))
            }
        };
        let mut iv = vec![0u8; iv_len];
        let decoded = base16ct::mixed::decode(iv_hex.trim(), &mut iv).map(<[u8]>::len);
        if decoded != Ok(iv_len) {
            return Err(key_error(
                format!("the DEK-Info IV is not {iv_len} bytes of hex"),
                0,
            ));
        }
        Ok(Some(Self {
            cipher,
            name: name.to_owned(),
            iv,
        }))
    }

    /// How the key is encrypted.
    pub(crate) fn describe(&self) -> String {
        format!(
            "OpenSSL legacy PEM encryption ({}, key from EVP_BytesToKey with MD5)",
            self.name
        )
    }

    /// Decrypts the block's bytes; `None` when the padding does not check out.
    pub(crate) fn decrypt(&self, password: &[u8], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let key_len = match self.cipher {
            LegacyCipher::Aes128 => 16,
            LegacyCipher::Aes192 | LegacyCipher::DesEde3 => 24,
            LegacyCipher::Aes256 => 32,
            LegacyCipher::Des => 8,
        };
        let salt = self.iv.get(..8)?;
        let key = evp_bytes_to_key(password, salt, key_len);
        let iv = &self.iv;
        match self.cipher {
            LegacyCipher::Aes128 => cbc_decrypt::<aes::Aes128>(&key, iv, ciphertext),
            LegacyCipher::Aes192 => cbc_decrypt::<aes::Aes192>(&key, iv, ciphertext),
            LegacyCipher::Aes256 => cbc_decrypt::<aes::Aes256>(&key, iv, ciphertext),
            LegacyCipher::DesEde3 => cbc_decrypt::<des::TdesEde3>(&key, iv, ciphertext),
            LegacyCipher::Des => cbc_decrypt::<des::Des>(&key, iv, ciphertext),
        }
    }
}

/// OpenSSL's `EVP_BytesToKey` with MD5 and one iteration, as `PEM_do_header` calls it:
/// `D_1 = MD5(password || salt)`, `D_i = MD5(D_{i-1} || password || salt)`, concatenated.
fn evp_bytes_to_key(password: &[u8], salt: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(len + 16));
    let mut previous: Option<Zeroizing<[u8; 16]>> = None;
    while out.len() < len {
        let mut h = md5::Md5::new();
        if let Some(p) = &previous {
            h.update(p.as_slice());
        }
        h.update(password);
        h.update(salt);
        let d: Zeroizing<[u8; 16]> = Zeroizing::new(h.finalize().into());
        out.extend_from_slice(d.as_slice());
        previous = Some(d);
    }
    out.truncate(len);
    out
}

fn key_error(message: impl Into<String>, offset: usize) -> Error {
    Error::new(ErrorCode::MalformedKey, message).at_offset(offset)
}

/// The PKCS#12 scheme reader names keystores; here the structure is a key's.
fn as_key_error(e: Error) -> Error {
    if e.code() == ErrorCode::MalformedKeystore || e.code() == ErrorCode::MalformedDer {
        let mut out = Error::new(ErrorCode::MalformedKey, e.message());
        if let Some(o) = e.offset() {
            out = out.at_offset(o);
        }
        out
    } else {
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first block is MD5(password || salt); OpenSSL's own output is compared in
    /// tests/keys.rs, where `openssl` encrypts keys this way.
    #[test]
    fn evp_bytes_to_key_lengths() {
        let k = evp_bytes_to_key(b"password", &[1, 2, 3, 4, 5, 6, 7, 8], 40);
        assert_eq!(k.len(), 40);
        assert_eq!(
            &k[..16],
            md5::Md5::digest([b"password".as_slice(), &[1, 2, 3, 4, 5, 6, 7, 8]].concat())
                .as_slice()
        );
    }

    #[test]
    fn dek_info_forms() {
        assert!(Legacy::parse("").unwrap().is_none());
        let l = Legacy::parse(
            "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,000102030405060708090A0B0C0D0E0F\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!(l.cipher, LegacyCipher::Aes128);
        for bad in [
            "Proc-Type: 4,ENCRYPTED\n",
            "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n",
            "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC\n",
            "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,zz0102030405060708090A0B0C0D0E0F\n",
        ] {
            assert_eq!(
                Legacy::parse(bad).err().unwrap().code(),
                ErrorCode::MalformedKey,
                "{bad}"
            );
        }
        let e = Legacy::parse(
            "Proc-Type: 4,ENCRYPTED\nDEK-Info: CAMELLIA-128-CBC,000102030405060708090A0B0C0D0E0F\n",
        )
        .err()
        .unwrap();
        assert_eq!(e.code(), ErrorCode::UnsupportedAlgorithm);
    }
}
