//! Hash functions, HMAC, PBKDF2 and the PKCS#12 key-derivation function (RFC 7292 appendix B.2),
//! plus password encodings and the per-read key-derivation work budget.
//!
//! The arithmetic is RustCrypto's: `hmac`, `pbkdf2`, and the `pkcs12` crate's `kdf` for the
//! PKCS#12 KDF. What is ours is the choice of hash from the file's OIDs, the password encodings
//! the writers of the world use, and the budget that refuses a derivation before it runs.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Digest;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, Result};
use crate::limits::MAX_KDF_ITERATIONS;
use crate::oid;

/// A hash function usable for the PKCS#12 MAC, PBKDF2's PRF and PBMAC1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hash {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Sha512_224,
    Sha512_256,
}

/// Runs `$body` with `$d` bound to the concrete digest type of `$hash`.
macro_rules! with_digest {
    ($hash:expr, $d:ident => $body:expr) => {
        match $hash {
            Hash::Sha1 => {
                type $d = sha1::Sha1;
                $body
            }
            Hash::Sha224 => {
                type $d = sha2::Sha224;
                $body
            }
            Hash::Sha256 => {
                type $d = sha2::Sha256;
                $body
            }
            Hash::Sha384 => {
                type $d = sha2::Sha384;
                $body
            }
            Hash::Sha512 => {
                type $d = sha2::Sha512;
                $body
            }
            Hash::Sha512_224 => {
                type $d = sha2::Sha512_224;
                $body
            }
            Hash::Sha512_256 => {
                type $d = sha2::Sha512_256;
                $body
            }
        }
    };
}

impl Hash {
    /// The hash named by a digest algorithm OID (as in the PKCS#12 MacData DigestInfo).
    pub(crate) fn from_digest_oid(o: &[u8]) -> Option<Self> {
        Some(match o {
            x if x == oid::SHA1 => Self::Sha1,
            x if x == oid::SHA224 => Self::Sha224,
            x if x == oid::SHA256 => Self::Sha256,
            x if x == oid::SHA384 => Self::Sha384,
            x if x == oid::SHA512 => Self::Sha512,
            x if x == oid::SHA512_224 => Self::Sha512_224,
            x if x == oid::SHA512_256 => Self::Sha512_256,
            _ => return None,
        })
    }

    /// The hash of an HMAC algorithm OID (PBKDF2 PRF, PBMAC1 message authentication scheme).
    pub(crate) fn from_hmac_oid(o: &[u8]) -> Option<Self> {
        Some(match o {
            x if x == oid::HMAC_SHA1 => Self::Sha1,
            x if x == oid::HMAC_SHA224 => Self::Sha224,
            x if x == oid::HMAC_SHA256 => Self::Sha256,
            x if x == oid::HMAC_SHA384 => Self::Sha384,
            x if x == oid::HMAC_SHA512 => Self::Sha512,
            x if x == oid::HMAC_SHA512_224 => Self::Sha512_224,
            x if x == oid::HMAC_SHA512_256 => Self::Sha512_256,
            _ => return None,
        })
    }

    /// The HMAC name, for messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "HMAC-SHA-1",
            Self::Sha224 => "HMAC-SHA-224",
            Self::Sha256 => "HMAC-SHA-256",
            Self::Sha384 => "HMAC-SHA-384",
            Self::Sha512 => "HMAC-SHA-512",
            Self::Sha512_224 => "HMAC-SHA-512/224",
            Self::Sha512_256 => "HMAC-SHA-512/256",
        }
    }

    /// Output length in bytes.
    pub(crate) fn output_len(self) -> usize {
        with_digest!(self, D => <D as Digest>::output_size())
    }

    /// HMAC of `data` under `key`.
    pub(crate) fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        with_digest!(self, D => {
            // HMAC takes keys of any length, so this constructor cannot fail.
            match <Hmac<D> as KeyInit>::new_from_slice(key) {
                Ok(mut m) => {
                    m.update(data);
                    m.finalize().into_bytes().to_vec()
                }
                Err(_) => Vec::new(),
            }
        })
    }

    /// PBKDF2 with HMAC over this hash (RFC 8018 section 5.2).
    pub(crate) fn pbkdf2(self, password: &[u8], salt: &[u8], rounds: u32, out: &mut [u8]) {
        with_digest!(self, D => pbkdf2::pbkdf2_hmac::<D>(password, salt, rounds, out))
    }

    /// The PKCS#12 KDF (RFC 7292 B.2): `n` bytes of key material for purpose `id`
    /// (1 = encryption key, 2 = IV, 3 = MAC key) from a BMPString-encoded password.
    pub(crate) fn pkcs12_kdf(
        self,
        bmp_password: &[u8],
        salt: &[u8],
        id: u8,
        rounds: u32,
        n: usize,
    ) -> Zeroizing<Vec<u8>> {
        let id = match id {
            1 => pkcs12::kdf::Pkcs12KeyType::EncryptionKey,
            2 => pkcs12::kdf::Pkcs12KeyType::Iv,
            _ => pkcs12::kdf::Pkcs12KeyType::Mac,
        };
        // Counts are at most MAX_KDF_ITERATIONS (checked by `Budget::check`), so they fit an i32.
        let rounds = i32::try_from(rounds).unwrap_or(i32::MAX);
        Zeroizing::new(with_digest!(self, D => {
            pkcs12::kdf::derive_key::<D>(bmp_password, salt, id, rounds, n)
        }))
    }
}

/// A password in the encodings PKCS#12 uses.
pub(crate) struct Password {
    /// For the PKCS#12 KDF (MAC and legacy PBE): BMPString, UTF-16BE, normally with a two-byte
    /// zero terminator.
    pub(crate) bmp: Zeroizing<Vec<u8>>,
    /// For PBES2 / PBKDF2 / PBMAC1: the UTF-8 bytes.
    pub(crate) utf8: Zeroizing<Vec<u8>>,
}

impl Password {
    /// The RFC 7292 encoding: UTF-16BE with a trailing 0x0000.
    pub(crate) fn new(password: &str) -> Self {
        let mut bmp = Zeroizing::new(Vec::with_capacity(
            password.len().saturating_mul(2).saturating_add(2),
        ));
        for unit in password.encode_utf16() {
            bmp.extend_from_slice(&unit.to_be_bytes());
        }
        bmp.extend_from_slice(&[0, 0]);
        Self {
            bmp,
            utf8: Zeroizing::new(password.as_bytes().to_vec()),
        }
    }

    /// The passwords to try, in order. With no password: the empty password, first as an empty
    /// BMPString with its terminator, then as zero bytes (OpenSSL tries both). A non-ASCII password
    /// is also tried the way OpenSSL before 1.1.0 encoded it (each UTF-8 byte widened to 16 bits).
    pub(crate) fn candidates(password: Option<&str>) -> Vec<Self> {
        let given = password.unwrap_or("");
        let mut out = vec![Self::new(given)];
        if given.is_empty() {
            out.push(Self {
                bmp: Zeroizing::new(Vec::new()),
                utf8: Zeroizing::new(Vec::new()),
            });
        } else if !given.is_ascii() {
            let mut bmp = Zeroizing::new(Vec::with_capacity(
                given.len().saturating_mul(2).saturating_add(2),
            ));
            for b in given.bytes() {
                bmp.extend_from_slice(&[0, b]);
            }
            bmp.extend_from_slice(&[0, 0]);
            out.push(Self {
                bmp,
                utf8: Zeroizing::new(given.as_bytes().to_vec()),
            });
        }
        out
    }
}

/// Key-derivation work allowed for one read, so that a file cannot chain many expensive
/// derivations (several encrypted parts, each at the per-derivation limit) or ask for long keys
/// (each output block of PBKDF2 or the PKCS#12 KDF costs the full iteration count).
pub(crate) struct Budget {
    left: u64,
}

impl Budget {
    /// Total iterations (iterations times output blocks) allowed for one read: eight blocks at
    /// the per-derivation limit, enough for the worst honest case (no password given, so two MAC
    /// attempts, then a 3-key 3DES part tried with two password encodings: 2 + 2 × 3 blocks).
    pub(crate) const TOTAL: u64 = 8 * MAX_KDF_ITERATIONS;

    pub(crate) fn new() -> Self {
        Self { left: Self::TOTAL }
    }

    /// Checks an iteration count read from the file (before anything is run) and returns it.
    pub(crate) fn check(iterations: u64, what: &str, offset: Option<usize>) -> Result<u32> {
        let err = |e: Error| match offset {
            Some(o) => e.at_offset(o),
            None => e,
        };
        if iterations == 0 {
            return Err(err(Error::new(
                ErrorCode::MalformedKeystore,
                format!("{what}: iteration count is 0"),
            )));
        }
        if iterations > MAX_KDF_ITERATIONS {
            return Err(err(Error::new(
                ErrorCode::LimitExceeded,
                format!(
                    "{what} asks for {iterations} iterations; the limit is {MAX_KDF_ITERATIONS}"
                ),
            )));
        }
        u32::try_from(iterations).map_err(|_| {
            err(Error::new(
                ErrorCode::LimitExceeded,
                format!("{what}: iteration count too large"),
            ))
        })
    }

    /// Spends what a derivation of `out_len` bytes from a hash with `hash_len`-byte output costs,
    /// or errors (before anything runs) when the read would go over its budget.
    pub(crate) fn spend(
        &mut self,
        iterations: u32,
        out_len: usize,
        hash_len: usize,
        offset: Option<usize>,
    ) -> Result<()> {
        let blocks = out_len.div_ceil(hash_len.max(1)).max(1) as u64;
        let cost = u64::from(iterations).saturating_mul(blocks);
        if cost > self.left {
            let e = Error::new(
                ErrorCode::LimitExceeded,
                format!(
                    "the file asks for more than {} key-derivation iterations in total",
                    Self::TOTAL
                ),
            );
            return Err(match offset {
                Some(o) => e.at_offset(o),
                None => e,
            });
        }
        self.left -= cost;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    // Expected values computed with OpenSSL 3.0 (`openssl kdf -kdfopt hexpass:<BMPString>
    // -kdfopt hexsalt:… -kdfopt iter:… -kdfopt id:… PKCS12KDF`); the first and third are also the
    // classic BouncyCastle PKCS12Test vectors.
    #[test]
    fn pkcs12_kdf_known_vectors() {
        let smeg = Password::new("smeg");
        let key = Hash::Sha1.pkcs12_kdf(
            &smeg.bmp,
            &[0x0a, 0x58, 0xcf, 0x64, 0x53, 0x0d, 0x82, 0x3f],
            1,
            1,
            24,
        );
        assert_eq!(
            hex(&key),
            "8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3"
        );
        let iv = Hash::Sha1.pkcs12_kdf(
            &smeg.bmp,
            &[0x64, 0x07, 0x6b, 0x70, 0x35, 0x98, 0x19, 0x6a],
            2,
            1,
            8,
        );
        assert_eq!(hex(&iv), "2a9ff5cfc3874c53");
        let queeg = Password::new("queeg");
        let salt = [0x16, 0x82, 0xc0, 0xfc, 0x5b, 0x3f, 0x7e, 0xc5];
        let key = Hash::Sha1.pkcs12_kdf(&queeg.bmp, &salt, 1, 1000, 24);
        assert_eq!(
            hex(&key),
            "483dd6e919d7de2e8e648ba8f862f3fbfbdc2bcb2c02957f"
        );
    }

    #[test]
    fn pkcs12_kdf_several_blocks() {
        // 100 bytes from SHA-512 (two output blocks, so the I_j update runs), 9-byte salt.
        let queeg = Password::new("queeg");
        let salt = [0x16, 0x82, 0xc0, 0xfc, 0x5b, 0x3f, 0x7e, 0xc5, 0xaa];
        let out = Hash::Sha512.pkcs12_kdf(&queeg.bmp, &salt, 3, 3, 100);
        assert_eq!(
            hex(&out),
            "a5fa91b5654edb83f46b13efdb561a6ba0f9b651d8550844120afa9dd46b717523279dc040be4e57f7ba8f5f55b55a789e10dedbdcfac7fd4cd047ca58dbe2b23515dbec481ed1ad0e3a50b2563b39c523fab94342ca20843ac8b027744f01e518fcc893"
        );
    }

    #[test]
    fn passwords() {
        let p = Password::new("ab");
        assert_eq!(&*p.bmp, &[0, b'a', 0, b'b', 0, 0]);
        assert_eq!(&*p.utf8, b"ab");
        let none = Password::candidates(None);
        assert_eq!(none.len(), 2);
        assert_eq!(&*none[0].bmp, &[0, 0]);
        assert!(none[1].bmp.is_empty());
        assert_eq!(Password::candidates(Some("x")).len(), 1);
        assert_eq!(Password::candidates(Some("é")).len(), 2);
        // Outside the BMP: a surrogate pair, as Java and OpenSSL 1.1+ write it.
        assert_eq!(&*Password::new("😀").bmp, &[0xd8, 0x3d, 0xde, 0x00, 0, 0]);
    }

    #[test]
    fn budget_refuses_before_running() {
        assert_eq!(
            Budget::check(1_000_000_000, "MAC", Some(3))
                .unwrap_err()
                .code(),
            ErrorCode::LimitExceeded
        );
        assert_eq!(
            Budget::check(0, "MAC", None).unwrap_err().code(),
            ErrorCode::MalformedKeystore
        );
        let mut b = Budget::new();
        let max = Budget::check(MAX_KDF_ITERATIONS, "x", None).unwrap();
        for _ in 0..4 {
            b.spend(max, 20, 20, None).unwrap();
        }
        b.spend(max, 24, 20, None).unwrap(); // two blocks
        b.spend(max, 64, 32, None).unwrap(); // two blocks
        assert_eq!(
            b.spend(1, 1, 20, None).unwrap_err().code(),
            ErrorCode::LimitExceeded
        );
        // A long key at a modest count: 52 blocks of HMAC-SHA1 at 2M iterations is over budget.
        assert_eq!(
            Budget::new()
                .spend(2_000_000, 1024, 20, None)
                .unwrap_err()
                .code(),
            ErrorCode::LimitExceeded
        );
    }
}
