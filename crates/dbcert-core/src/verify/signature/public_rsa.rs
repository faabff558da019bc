//! An RSA public key for verification, with its Montgomery parameters set up in variable time,
//! and RSASSA-PKCS1-v1_5 verification on it.
//!
//! The `rsa` crate's `PublicKey` sets up its Montgomery parameters (`R mod n`, `R² mod n`) in
//! constant time, as a private key's primes need: on wasm32 that setup was a fifth of a whole
//! certificate signature check (`node --cpu-prof`, W6-RSA). A modulus is public, so
//! [`VerifyingKey`] sets them up with crypto-bigint's `BoxedMontyParams::new_vartime` and
//! hands them to the crate's own public-key operation (`rsa::hazmat::rsa_encrypt`, through its
//! `PublicKeyParts` trait). The arithmetic stays the crates'; written here are only the
//! encoding steps of RFC 8017 around it (OS2IP/I2OSP and the range check of RSAVP1, and the
//! EMSA-PKCS1-v1_5 comparison), with the `DigestInfo` prefixes the `rsa` crate supplies.

use crypto_bigint::modular::BoxedMontyParams;
use crypto_bigint::{NonZero, Odd};
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::traits::PublicKeyParts;
use rsa::BoxedUint;
use sha1::Sha1;
use sha2::{Sha224, Sha256, Sha384, Sha512};

use super::Hash;

/// The modulus `n`, the exponent `e` and `n`'s Montgomery parameters.
pub(super) struct VerifyingKey {
    n: NonZero<BoxedUint>,
    e: BoxedUint,
    params: BoxedMontyParams,
}

impl PublicKeyParts for VerifyingKey {
    fn n(&self) -> &NonZero<BoxedUint> {
        &self.n
    }

    fn e(&self) -> &BoxedUint {
        &self.e
    }

    fn n_params(&self) -> &BoxedMontyParams {
        &self.params
    }
}

impl VerifyingKey {
    /// The key of an `RSAPublicKey` DER the rules have accepted (`key::decode`: an odd modulus
    /// of 1024 to 16,384 bits, an odd exponent from 3 to 2^33 - 1, so below the modulus);
    /// `None` if it does not decode.
    pub(super) fn from_der(der: &[u8]) -> Option<Self> {
        use der::Decode;
        let key = pkcs1::RsaPublicKeyRef::from_der(der).ok()?;
        let n = BoxedUint::from_be_slice_vartime(key.modulus.as_bytes());
        let e = BoxedUint::from_be_slice_vartime(key.public_exponent.as_bytes());
        if e.cmp(&n).is_ge() {
            return None;
        }
        let params = BoxedMontyParams::new_vartime(Odd::new(n.clone()).into_option()?);
        let n = NonZero::new(n).into_option()?;
        Some(Self { n, e, params })
    }

    /// RSAVP1 (RFC 8017 §5.2.2) with its conversions (§8.1.2 step 2, §8.2.2 step 2):
    /// `I2OSP(OS2IP(sig)^e mod n, k)`, `k` the modulus length in bytes; `None` when the
    /// signature is not `k` bytes or its integer is not below `n`.
    pub(super) fn rsavp1(&self, sig: &[u8]) -> Option<Vec<u8>> {
        let k = self.size();
        if sig.len() != k {
            return None;
        }
        let s = BoxedUint::from_be_slice(sig, self.n_bits_precision()).ok()?;
        if s.cmp(self.n.as_ref()).is_ge() {
            return None;
        }
        let m = rsa::hazmat::rsa_encrypt(self, &s).ok()?.to_be_bytes();
        // m < n, so every byte before the last k is zero.
        let lead = m.len().checked_sub(k)?;
        let (zeros, em) = m.split_at(lead);
        zeros.iter().all(|b| *b == 0).then(|| em.to_vec())
    }

    /// RSASSA-PKCS1-v1_5-VERIFY (RFC 8017 §8.2.2) of `digest`, the message's `hash`:
    /// `EM = 0x00 ‖ 0x01 ‖ PS (0xff, at least 8) ‖ 0x00 ‖ DigestInfo(hash, digest)`.
    pub(super) fn verify_pkcs1v15(&self, hash: Hash, digest: &[u8], sig: &[u8]) -> bool {
        let Some(em) = self.rsavp1(sig) else {
            return false;
        };
        let scheme = match hash {
            Hash::Sha1 => Pkcs1v15Sign::new::<Sha1>(),
            Hash::Sha224 => Pkcs1v15Sign::new::<Sha224>(),
            Hash::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
            Hash::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
            Hash::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
        };
        let t_len = scheme.prefix.len().saturating_add(digest.len());
        // §9.2 step 3: emLen < tLen + 11 is "intended encoded message length too short".
        let Some(ps_len) = em
            .len()
            .checked_sub(t_len.saturating_add(3))
            .filter(|n| *n >= 8)
        else {
            return false;
        };
        let (head, rest) = em.split_at(2);
        let (ps, rest) = rest.split_at(ps_len);
        let (sep, t) = rest.split_at(1);
        let (prefix, h) = t.split_at(scheme.prefix.len());
        head == [0x00, 0x01]
            && ps.iter().all(|b| *b == 0xff)
            && sep == [0x00]
            && prefix == &*scheme.prefix
            && h == digest
    }
}
