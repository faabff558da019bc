//! RSA signature verification (RFC 8017): the public operation `s^e mod n` with Montgomery
//! multiplication over limbs (`limb.rs`: 64-bit, or 32-bit on wasm32), then EMSA-PKCS1-v1_5 or
//! EMSA-PSS checked on the result.
//!
//! Only public data is handled (the key, the signature, the message), so nothing here needs to
//! run in constant time. The modulus is odd and at most [`MAX_BITS`]; the exponent is odd, at
//! least 3 and below 2^33, as every TLS library requires.

use super::limb::{add_in_place, sub_in_place, Limb, Wide, BITS};
use super::signature::Hash;

/// Largest RSA modulus accepted (bits): 16384 covers every key seen in the wild.
pub const MAX_BITS: usize = 16_384;

/// Largest public exponent accepted (2^33 - 1, as the `rsa` crate).
const MAX_EXPONENT: u64 = (1 << 33) - 1;

/// An RSA public key, ready for the public operation.
#[derive(Clone, Debug)]
pub struct PublicKey {
    /// The modulus, little-endian limbs, the top limb not zero.
    n: Vec<Limb>,
    /// `-n^-1 mod 2^BITS`.
    n0: Limb,
    /// The public exponent.
    e: u64,
    /// Modulus length in bits.
    bits: usize,
}

impl PublicKey {
    /// The key from the big-endian unsigned modulus and exponent (no sign byte); `None` for a
    /// key that cannot be a valid RSA public key (even or tiny modulus, bad exponent, too big).
    pub fn new(n: &[u8], e: &[u8]) -> Option<Self> {
        let n = limbs(strip(n));
        let bits = n
            .last()
            .map_or(0, |top| n.len() * BITS - top.leading_zeros() as usize);
        if !(64..=MAX_BITS).contains(&bits) || n[0] & 1 == 0 {
            return None;
        }
        let e = strip(e);
        if e.len() > 8 {
            return None;
        }
        let e = e.iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b));
        if !(3..=MAX_EXPONENT).contains(&e) || e & 1 == 0 {
            return None;
        }
        // Newton's iteration for n^-1 mod 2^BITS (n is odd): each step doubles the correct bits.
        let mut inv: Limb = 1;
        for _ in 0..6 {
            inv = inv.wrapping_mul((2 as Limb).wrapping_sub(n[0].wrapping_mul(inv)));
        }
        Some(Self {
            n0: inv.wrapping_neg(),
            n,
            e,
            bits,
        })
    }

    /// Modulus length in bytes (`k` in RFC 8017).
    fn len(&self) -> usize {
        self.bits.div_ceil(8)
    }

    /// RSAVP1: `sig^e mod n` as `k` big-endian bytes, or `None` if the signature is not `k`
    /// bytes or not below `n`.
    fn public_op(&self, sig: &[u8]) -> Option<Vec<u8>> {
        if sig.len() != self.len() {
            return None;
        }
        let s = limbs(sig);
        let mut s = pad(s, self.n.len());
        if !less(&s, &self.n) {
            return None;
        }
        s = self.mul(&s, &self.r2_mod_n());
        let x = self.pow(&s, self.e);
        let mut one = vec![0 as Limb; self.n.len()];
        one[0] = 1;
        let out = self.mul(&x, &one);
        Some(to_bytes(&out, self.len()))
    }

    /// `R mod n` with `R = 2^(BITS·len)`: `2^bits - n` (which is below `n`), doubled up to `R`.
    fn r_mod_n(&self) -> Vec<Limb> {
        let len = self.n.len();
        let mut x = vec![0 as Limb; len];
        // 2^bits - n, in len limbs: the two's complement of n, masked to `bits` bits.
        sub_in_place(&mut x, &self.n, len);
        let top_bits = self.bits - BITS * (len - 1);
        if top_bits < BITS {
            x[len - 1] &= (1 << top_bits) - 1;
        }
        for _ in self.bits..BITS * len {
            x = self.add_mod(&x, &x);
        }
        x
    }

    /// `R² mod n`, the factor into Montgomery form, is `2^t` in Montgomery form (`R = 2^t`):
    /// from `R mod n` (`2^0`), doublings (cheap additions) up to the top 7 bits of `t`, then
    /// one Montgomery squaring per further bit (it doubles the exponent), plus a doubling
    /// where the bit is set. For 2048 bits: 5 products where square-and-multiply takes 13.
    fn r2_mod_n(&self) -> Vec<Limb> {
        let t = BITS * self.n.len();
        let shift = (usize::BITS - t.leading_zeros()).saturating_sub(7);
        let mut x = self.r_mod_n();
        for _ in 0..t >> shift {
            x = self.add_mod(&x, &x);
        }
        for bit in (0..shift).rev() {
            x = self.mul(&x, &x);
            if t >> bit & 1 == 1 {
                x = self.add_mod(&x, &x);
            }
        }
        x
    }

    /// `(a + b) mod n` for `a, b < n`.
    fn add_mod(&self, a: &[Limb], b: &[Limb]) -> Vec<Limb> {
        let mut out = a.to_vec();
        let carry = add_in_place(&mut out, b, a.len());
        if carry || !less(&out, &self.n) {
            sub_in_place(&mut out, &self.n, self.n.len());
        }
        out
    }

    /// `base^exp` in the Montgomery domain (`exp ≥ 1`), left to right from below the top bit.
    fn pow(&self, base: &[Limb], exp: u64) -> Vec<Limb> {
        let mut acc = base.to_vec();
        for bit in (0..63 - exp.leading_zeros()).rev() {
            acc = self.mul(&acc, &acc);
            if exp >> bit & 1 == 1 {
                acc = self.mul(&acc, base);
            }
        }
        acc
    }

    /// Montgomery product `a·b·R^-1 mod n` (CIOS), for `a, b < n`.
    fn mul(&self, a: &[Limb], b: &[Limb]) -> Vec<Limb> {
        // Slices, not `Vec`s, inside the loops: indexing a `Vec` is a call where the wasm build
        // (opt-level "z") does not inline it.
        let n: &[Limb] = &self.n;
        let len = n.len();
        let mut out = vec![0 as Limb; len + 2];
        let t: &mut [Limb] = &mut out;
        for &ai in a {
            let mut carry: Wide = 0;
            for j in 0..len {
                let v = Wide::from(t[j]) + Wide::from(ai) * Wide::from(b[j]) + carry;
                t[j] = v as Limb;
                carry = v >> BITS;
            }
            let v = Wide::from(t[len]) + carry;
            t[len] = v as Limb;
            t[len + 1] = (v >> BITS) as Limb;
            let m = t[0].wrapping_mul(self.n0);
            let mut carry = (Wide::from(t[0]) + Wide::from(m) * Wide::from(n[0])) >> BITS;
            for j in 1..len {
                let v = Wide::from(t[j]) + Wide::from(m) * Wide::from(n[j]) + carry;
                t[j - 1] = v as Limb;
                carry = v >> BITS;
            }
            let v = Wide::from(t[len]) + carry;
            t[len - 1] = v as Limb;
            t[len] = t[len + 1] + (v >> BITS) as Limb;
        }
        let over = out[len] != 0;
        out.truncate(len);
        if over || !less(&out, n) {
            sub_in_place(&mut out, n, len);
        }
        out
    }

    /// RSASSA-PKCS1-v1_5-VERIFY (RFC 8017 §8.2.2): the encoded message must equal
    /// `00 01 FF…FF 00 DigestInfo(hash)` exactly.
    pub fn verify_pkcs1(&self, hash: Hash, digest: &[u8], sig: &[u8]) -> bool {
        let Some(em) = self.public_op(sig) else {
            return false;
        };
        let prefix = hash.digest_info_prefix();
        let t_len = prefix.len() + digest.len();
        if em.len() < t_len + 11 {
            return false;
        }
        let ps = em.len() - t_len - 3;
        em[0] == 0
            && em[1] == 1
            && em[2..2 + ps].iter().all(|b| *b == 0xff)
            && em[2 + ps] == 0
            && &em[3 + ps..3 + ps + prefix.len()] == prefix
            && &em[3 + ps + prefix.len()..] == digest
    }

    /// RSASSA-PSS-VERIFY (RFC 8017 §8.1.2, EMSA-PSS-VERIFY §9.1.2) with MGF1 over `hash` and
    /// the exact salt length `salt`.
    pub fn verify_pss(&self, hash: Hash, digest: &[u8], salt: usize, sig: &[u8]) -> bool {
        let Some(k_bytes) = self.public_op(sig) else {
            return false;
        };
        let em_bits = self.bits - 1;
        let em_len = em_bits.div_ceil(8);
        // EM is the last em_len bytes; a k-byte result longer than that must start with zero.
        let (lead, em) = k_bytes.split_at(k_bytes.len() - em_len);
        let h_len = hash.len();
        if lead.iter().any(|b| *b != 0) || em_len < h_len + salt + 2 || em[em_len - 1] != 0xbc {
            return false;
        }
        let (masked_db, rest) = em.split_at(em_len - h_len - 1);
        let h = &rest[..h_len];
        let unused_bits = 8 * em_len - em_bits;
        if unused_bits > 0 && masked_db[0] >> (8 - unused_bits) != 0 {
            return false;
        }
        let mut db = mgf1(hash, h, masked_db.len());
        for (d, m) in db.iter_mut().zip(masked_db) {
            *d ^= m;
        }
        db[0] &= 0xff >> unused_bits;
        let ps_len = em_len - h_len - salt - 2;
        if db[..ps_len].iter().any(|b| *b != 0) || db[ps_len] != 1 {
            return false;
        }
        let mut m_prime = vec![0u8; 8];
        m_prime.extend_from_slice(digest);
        m_prime.extend_from_slice(&db[db.len() - salt..]);
        hash.digest(&m_prime) == h
    }
}

/// MGF1 (RFC 8017 appendix B.2.1): `len` bytes from `seed`.
fn mgf1(hash: Hash, seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + hash.len());
    let mut block = seed.to_vec();
    block.extend_from_slice(&[0; 4]);
    let mut counter = 0u32;
    while out.len() < len {
        let at = block.len() - 4;
        block[at..].copy_from_slice(&counter.to_be_bytes());
        out.extend_from_slice(&hash.digest(&block));
        counter += 1;
    }
    out.truncate(len);
    out
}

/// Leading zero bytes removed.
fn strip(b: &[u8]) -> &[u8] {
    let first = b.iter().position(|x| *x != 0).unwrap_or(b.len());
    &b[first..]
}

/// Big-endian bytes as little-endian limbs (no zero top limb unless the value is zero).
fn limbs(be: &[u8]) -> Vec<Limb> {
    let be = strip(be);
    be.rchunks(BITS / 8)
        .map(|c| c.iter().fold(0, |acc, b| acc << 8 | Limb::from(*b)))
        .collect()
}

/// `v` with zero limbs added up to `len`.
fn pad(mut v: Vec<Limb>, len: usize) -> Vec<Limb> {
    v.resize(len.max(v.len()), 0);
    v
}

/// `a < b` for equal-length limb vectors (or `a` longer only with zero limbs).
fn less(a: &[Limb], b: &[Limb]) -> bool {
    if a.len() > b.len() && a[b.len()..].iter().any(|x| *x != 0) {
        return false;
    }
    for i in (0..b.len()).rev() {
        let x = a.get(i).copied().unwrap_or(0);
        if x != b[i] {
            return x < b[i];
        }
    }
    false
}

/// Limbs as `len` big-endian bytes.
fn to_bytes(v: &[Limb], len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    for (i, limb) in v.iter().enumerate() {
        for (j, byte) in limb.to_le_bytes().iter().enumerate() {
            let pos = BITS / 8 * i + j;
            if pos < len {
                out[len - 1 - pos] = *byte;
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::cert::Certificate;
    use crate::formats::pem;
    use crate::verify::signature::{verify_signature, SignatureError};

    fn der(pem_text: &[u8]) -> Vec<u8> {
        pem::parse(pem_text).unwrap().remove(0).der
    }

    /// openssl-made pairs (tests/data/chains/make.sh): PKCS#1 v1.5 SHA-256 (2048-bit issuer),
    /// RSA-PSS (salt 32), SHA-1 and a 1024-bit leaf key signed by the 2048-bit intermediate.
    const PAIRS: &[(&[u8], &[u8])] = &[
        (
            include_bytes!("../../tests/data/chains/rsa-leaf.pem"),
            include_bytes!("../../tests/data/chains/rsa-int.pem"),
        ),
        (
            include_bytes!("../../tests/data/chains/rsa-int.pem"),
            include_bytes!("../../tests/data/chains/rsa-root.pem"),
        ),
        (
            include_bytes!("../../tests/data/chains/pss-leaf.pem"),
            include_bytes!("../../tests/data/chains/rsa-int.pem"),
        ),
        (
            include_bytes!("../../tests/data/chains/sha1-leaf.pem"),
            include_bytes!("../../tests/data/chains/rsa-int.pem"),
        ),
        (
            include_bytes!("../../tests/data/chains/rsa1024-leaf.pem"),
            include_bytes!("../../tests/data/chains/rsa-int.pem"),
        ),
    ];

    #[test]
    fn real_signatures_verify_and_every_tampered_byte_fails() {
        for (leaf, issuer) in PAIRS {
            let (leaf, issuer) = (der(leaf), der(issuer));
            let cert = Certificate::parse(&leaf).unwrap();
            let ca = Certificate::parse(&issuer).unwrap();
            assert_eq!(verify_signature(&cert, &ca.spki), Ok(()));
            // A flipped bit anywhere in the signature (first, middle, last byte) must fail.
            let at = leaf.len() - cert.signature.len();
            for i in [at, at + cert.signature.len() / 2, leaf.len() - 1] {
                let mut bad = leaf.clone();
                bad[i] ^= 0x01;
                let c = Certificate::parse(&bad).unwrap();
                assert!(matches!(
                    verify_signature(&c, &ca.spki),
                    Err(SignatureError::Bad(_))
                ));
            }
        }
    }

    #[test]
    fn signature_of_the_wrong_length_or_not_below_n_fails() {
        let leaf = der(include_bytes!("../../tests/data/chains/rsa-leaf.pem"));
        let issuer = der(include_bytes!("../../tests/data/chains/rsa-int.pem"));
        let ca = Certificate::parse(&issuer).unwrap();
        let mut r = crate::der::Der::new(ca.spki.key, 0);
        let seq = r.read().unwrap();
        let mut k = seq.reader().unwrap();
        let n = k.read().unwrap().value;
        let e = k.read().unwrap().value;
        let key = super::PublicKey::new(n, e).unwrap();
        let cert = Certificate::parse(&leaf).unwrap();
        let sig = cert.signature;
        assert!(key.public_op(sig).is_some());
        assert!(key.public_op(&sig[1..]).is_none(), "one byte short");
        let n_bytes = super::strip(n);
        assert!(key.public_op(n_bytes).is_none(), "s = n");
        assert!(key.public_op(&vec![0xff; sig.len()]).is_none(), "s > n");
        // Even moduli, tiny or huge moduli and bad exponents are not keys.
        assert!(super::PublicKey::new(&[0x80, 0, 0, 0, 0, 0, 0, 0, 2], e).is_none());
        assert!(super::PublicKey::new(n, &[2]).is_none());
        assert!(super::PublicKey::new(n, &[1]).is_none());
        assert!(super::PublicKey::new(n, &[2, 0, 0, 0, 1]).is_none());
        assert!(super::PublicKey::new(&vec![0xff; 2049], e).is_none());
    }
}
