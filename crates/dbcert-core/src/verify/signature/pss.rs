//! RSASSA-PSS verification: the salt bound, and the encoding check around the `rsa` crate's
//! public-key operation.
//!
//! * [`check_salt`]: the salt length from the parameters is bounded by the modulus before
//!   anything else uses it (`emLen ≥ hLen + sLen + 2`, RFC 8017 §9.1.2 step 3), with checked
//!   arithmetic: a `saltLength` near 2^64 (or 2^32 on wasm32) is an invalid signature, not a
//!   crash.
//! * [`verify`]: RSASSA-PSS-VERIFY (RFC 8017 §8.1.2, EMSA-PSS-VERIFY §9.1.2) for any message
//!   hash and MGF1 hash. The RSA public operation is the crate's own
//!   (`rsa::hazmat::rsa_encrypt`, [`VerifyingKey::rsavp1`]); only the encoding check is
//!   written here, step by step. The crate's PSS verifier takes one digest type for both
//!   hashes (OpenSSL accepts an MGF1 hash that differs) and its `PublicKey` sets up the
//!   modulus in constant time (`public_rsa`); and its five per-hash copies cost the wasm
//!   package more than this one (ARCHITECTURE.md, "Written here, and why").

use super::public_rsa::VerifyingKey;
use super::{Hash, SignatureError};

/// `emLen` of RFC 8017 for a modulus of `bits` bits: `ceil((bits - 1) / 8)`.
fn em_len(bits: usize) -> usize {
    bits.saturating_sub(1).div_ceil(8)
}

/// The salt of a PSS signature must fit the encoded message of the key.
pub(super) fn check_salt(hash: Hash, salt: usize, bits: usize) -> Result<(), SignatureError> {
    let fits = hash
        .output_len()
        .checked_add(salt)
        .and_then(|n| n.checked_add(2))
        .is_some_and(|need| need <= em_len(bits));
    if fits {
        Ok(())
    } else {
        Err(SignatureError::Bad(format!(
            "the RSASSA-PSS salt length {salt} does not fit a {bits}-bit key with {} \
             (RFC 8017 §9.1.2 needs {} + salt + 2 bytes at most {}): no signature can be valid",
            hash_name(hash),
            hash.output_len(),
            em_len(bits)
        )))
    }
}

fn hash_name(h: Hash) -> &'static str {
    match h {
        Hash::Sha1 => "SHA-1",
        Hash::Sha224 => "SHA-224",
        Hash::Sha256 => "SHA-256",
        Hash::Sha384 => "SHA-384",
        Hash::Sha512 => "SHA-512",
    }
}

/// MGF1 (RFC 8017 appendix B.2.1): `len` bytes of mask from `seed`.
fn mgf1(hash: Hash, seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len.saturating_add(hash.output_len()));
    let mut block = seed.to_vec();
    let mut counter = 0u32;
    while out.len() < len {
        block.truncate(seed.len());
        block.extend_from_slice(&counter.to_be_bytes());
        out.extend_from_slice(&hash.digest(&block));
        counter = counter.wrapping_add(1);
    }
    out.truncate(len);
    out
}

/// RSASSA-PSS-VERIFY for `key` of `bits` bits with the message hash `hash` (of which `digest`
/// is the message's), MGF1 over `mgf`, and exactly `salt` bytes of salt ([`check_salt`] has
/// passed).
pub(super) fn verify(
    key: &VerifyingKey,
    bits: usize,
    hash: Hash,
    mgf: Hash,
    salt: usize,
    digest: &[u8],
    sig: &[u8],
) -> bool {
    // RSAVP1 (§8.1.2 step 2): s = OS2IP(S) < n, m = s^e mod n (the crate's arithmetic),
    // I2OSP(m, k).
    let Some(m) = key.rsavp1(sig) else {
        return false;
    };
    let em_bits = bits.saturating_sub(1);
    let em_len = em_len(bits);
    // EM = I2OSP(m, emLen): the bytes before the last emLen must be zero (when the modulus is
    // 1 mod 8 bits, emLen is one less than the modulus length and that leading byte counts).
    let Some(lead) = m.len().checked_sub(em_len) else {
        return false;
    };
    let (zeros, em) = m.split_at(lead);
    let h_len = hash.output_len();
    let Some(need) = h_len.checked_add(salt).and_then(|n| n.checked_add(2)) else {
        return false;
    };
    if zeros.iter().any(|b| *b != 0) || em_len < need || em.last() != Some(&0xbc) {
        return false;
    }
    // maskedDB ‖ H ‖ 0xbc (steps 5-6): the unused top bits of maskedDB must be zero.
    // guard: `em_len >= h_len + salt + 2` was checked just above.
    let db_len = em_len - h_len - 1;
    let (masked_db, rest) = em.split_at(db_len);
    let Some(h) = rest.get(..h_len) else {
        return false;
    };
    // guard: `em_len` is `ceil(em_bits / 8)` of a key of at most 16,384 bits.
    let unused = 8 * em_len - em_bits;
    if unused > 0 && masked_db.first().is_some_and(|b| b >> (8 - unused) != 0) {
        return false;
    }
    // DB = maskedDB ⊕ MGF1(H) (steps 7-9), then PS ‖ 0x01 ‖ salt (step 10).
    let mut db = mgf1(mgf, h, db_len);
    for (d, m) in db.iter_mut().zip(masked_db) {
        *d ^= m;
    }
    if let Some(first) = db.first_mut() {
        *first &= 0xff >> unused;
    }
    // DB is PS (em_len - need zero bytes) ‖ 0x01 ‖ salt (salt bytes): db_len = need - h_len - 1.
    let (ps, rest) = db.split_at(em_len - need);
    let Some((&1, salt_bytes)) = rest.split_first() else {
        return false;
    };
    if ps.iter().any(|b| *b != 0) || salt_bytes.len() != salt {
        return false;
    }
    // H' = Hash(0^8 ‖ mHash ‖ salt) must equal H (steps 11-14).
    let mut m_prime = vec![0u8; 8];
    m_prime.extend_from_slice(digest);
    m_prime.extend_from_slice(salt_bytes);
    hash.digest(&m_prime) == h
}
