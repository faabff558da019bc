//! The PFX integrity MAC: HMAC keyed by the PKCS#12 KDF (RFC 7292 appendix B, what OpenSSL, Java,
//! Windows and NSS write) with SHA-1 or a SHA-2 hash, or PBMAC1 (RFC 9579: HMAC keyed by PBKDF2).

use subtle::ConstantTimeEq;

use super::kdf::{Budget, Hash, Password};
use super::pbe::Pbkdf2;
use super::{alg_id, unsupported};
use crate::der::{tag, Tlv};
use crate::error::{Error, ErrorCode, Result};
use crate::oid;

/// How the MAC key is derived.
#[derive(Clone, Debug)]
enum Scheme<'a> {
    /// PKCS#12 KDF (ID 3) over the BMPString password, then HMAC with the same hash.
    Pkcs12Kdf {
        hash: Hash,
        salt: &'a [u8],
        iterations: u32,
    },
    /// PBMAC1: PBKDF2 over the UTF-8 password (salt and count from the PBKDF2 parameters; the
    /// MacData salt and count are ignored, as RFC 9579 says), then HMAC.
    Pbmac1 {
        kdf: Pbkdf2<'a>,
        key_length: usize,
        hmac: Hash,
    },
}

/// A parsed MacData.
#[derive(Clone, Debug)]
pub(crate) struct MacData<'a> {
    scheme: Scheme<'a>,
    digest: &'a [u8],
    offset: usize,
}

impl<'a> MacData<'a> {
    /// Parses `MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }`.
    /// Iteration counts over the limit are refused here, before anything runs.
    pub(crate) fn parse(t: &Tlv<'a>) -> Result<Self> {
        let mut r = t.reader()?;
        let digest_info = r.expect(tag::SEQUENCE, "MAC DigestInfo")?;
        let salt = r.expect(tag::OCTET_STRING, "MAC salt")?.value;
        let count = r.optional(tag::INTEGER)?;
        r.finish("MacData")?;
        let mut d = digest_info.reader()?;
        let alg = d.expect(tag::SEQUENCE, "MAC algorithm")?;
        let digest = d.expect(tag::OCTET_STRING, "MAC value")?;
        d.finish("MAC DigestInfo")?;
        let (o, params) = alg_id(&alg)?;
        let scheme = if o.value == oid::PBMAC1 {
            let params = params.ok_or_else(|| alg.error("PBMAC1 without parameters"))?;
            if params.tag != tag::SEQUENCE {
                return Err(params.error("PBMAC1 parameters are not a SEQUENCE"));
            }
            // PBMAC1-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, messageAuthScheme AlgorithmIdentifier }
            let mut p = params.reader()?;
            let kdf_alg = p.expect(tag::SEQUENCE, "PBMAC1 key derivation function")?;
            let mac_alg = p.expect(tag::SEQUENCE, "PBMAC1 message authentication scheme")?;
            p.finish("PBMAC1 parameters")?;
            let kdf = parse_pbmac1_kdf(&kdf_alg)?;
            let (m, _) = alg_id(&mac_alg)?;
            let hmac = Hash::from_hmac_oid(m.value)
                .ok_or_else(|| unsupported(m.value, "the PBMAC1 MAC").at_offset(m.offset))?;
            // RFC 9579: keyLength is required for PBMAC1.
            let key_length = kdf.key_length.ok_or_else(|| {
                Error::new(
                    ErrorCode::MalformedKeystore,
                    "PBMAC1 key derivation without a key length (RFC 9579 requires one)",
                )
                .at_offset(kdf_alg.offset)
            })?;
            Scheme::Pbmac1 {
                kdf,
                key_length,
                hmac,
            }
        } else {
            let hash = Hash::from_digest_oid(o.value)
                .ok_or_else(|| unsupported(o.value, "the MAC").at_offset(o.offset))?;
            let iterations = match count {
                Some(c) => Budget::check(c.small_uint()?, "the MAC", Some(c.offset))?,
                None => 1,
            };
            Scheme::Pkcs12Kdf {
                hash,
                salt,
                iterations,
            }
        };
        let expected_len = match &scheme {
            Scheme::Pkcs12Kdf { hash, .. } => hash.output_len(),
            Scheme::Pbmac1 { hmac, .. } => hmac.output_len(),
        };
        if digest.value.len() != expected_len {
            return Err(Error::new(
                ErrorCode::MalformedKeystore,
                format!(
                    "the MAC is {} bytes long; {} gives {expected_len}",
                    digest.value.len(),
                    oid::name(o.value)
                ),
            )
            .at_offset(digest.offset));
        }
        Ok(Self {
            scheme,
            digest: digest.value,
            offset: t.offset,
        })
    }

    /// True when the MAC key comes from the UTF-8 password (PBMAC1), false for the BMPString one.
    pub(crate) fn uses_utf8(&self) -> bool {
        matches!(self.scheme, Scheme::Pbmac1 { .. })
    }

    /// Recomputes the MAC over `data` with one password candidate and compares it in constant time.
    pub(crate) fn verify(
        &self,
        password: &Password,
        data: &[u8],
        budget: &mut Budget,
    ) -> Result<bool> {
        let mac = match &self.scheme {
            Scheme::Pkcs12Kdf {
                hash,
                salt,
                iterations,
            } => {
                budget.spend(
                    *iterations,
                    hash.output_len(),
                    hash.output_len(),
                    Some(self.offset),
                )?;
                pkcs12_mac(*hash, &password.bmp, salt, *iterations, data)
            }
            Scheme::Pbmac1 {
                kdf,
                key_length,
                hmac,
            } => {
                let key = kdf.derive(&password.utf8, *key_length, budget)?;
                hmac.hmac(&key, data)
            }
        };
        Ok(bool::from(mac.as_slice().ct_eq(self.digest)))
    }
}

/// PBMAC1's key derivation is PBKDF2; BouncyCastle up to 1.86 wrote the PBES2 OID there with
/// PBKDF2 parameters, which readers accept.
fn parse_pbmac1_kdf<'a>(kdf_alg: &Tlv<'a>) -> Result<Pbkdf2<'a>> {
    let (o, params) = alg_id(kdf_alg)?;
    if o.value == oid::PBES2 {
        let params =
            params.ok_or_else(|| kdf_alg.error("PBMAC1 key derivation without parameters"))?;
        return Pbkdf2::parse_params(&params, "the MAC");
    }
    Pbkdf2::parse_alg(kdf_alg, "the MAC")
}

/// HMAC over `data` with the key from the PKCS#12 KDF (ID 3, key length = hash output length).
pub(crate) fn pkcs12_mac(
    hash: Hash,
    bmp_password: &[u8],
    salt: &[u8],
    iterations: u32,
    data: &[u8],
) -> Vec<u8> {
    let key = hash.pkcs12_kdf(bmp_password, salt, 3, iterations, hash.output_len());
    hash.hmac(&key, data)
}
