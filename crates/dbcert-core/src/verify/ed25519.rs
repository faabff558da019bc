//! Ed25519 verification (RFC 8032 §5.1.7) on the Montgomery arithmetic of [`super::ec`], instead
//! of ed25519-dalek and curve25519-dalek (about 8 KB of the gzip-compressed WebAssembly).
//!
//! The rules are ed25519-dalek's `verify_strict`, which dbcert used before: `s < L`; `R` and the
//! key `A` must decode (canonical `y < p`, and no `x = 0` with the sign bit set); neither may be
//! of small order (`[8]P` is the identity); and `[s]B` must equal `R + [k]A` without the
//! cofactor, `k = SHA-512(R ‖ A ‖ M) mod L`. Points use extended twisted Edwards coordinates
//! (`a = -1`, RFC 8032 §5.1.4). Only public data is handled, so nothing here needs to run in
//! constant time.

use std::cmp::Ordering;
use std::sync::OnceLock;

use sha2::{Digest, Sha512};

use super::ec::{bit, cmp, from_be, hex_num, is_zero, Modulus, Num, MAX};
use super::limb::BITS;

/// `p = 2^255 - 19`, the field.
const P: &str = "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed";
/// `L = 2^252 + 27742317777372353535851937790883648493`, the order of the base point.
const L: &str = "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed";
/// `d = -121665/121666 mod p`.
const D: &str = "52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3";
/// `sqrt(-1) = 2^((p-1)/4) mod p`.
const SQRT_M1: &str = "2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0";
/// The base point `B`: `y = 4/5`, `x` even.
const BX: &str = "216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a";
const BY: &str = "6666666666666666666666666666666666666666666666666666666666666658";

/// The curve's constants, Montgomery form mod `p`.
struct Curve {
    p: Modulus,
    l: Modulus,
    d: Num,
    d2: Num,
    sqrt_m1: Num,
    b: Point,
    /// `(p - 5) / 8`, big-endian: the exponent of the square root in decoding.
    sqrt_exp: Vec<u8>,
}

/// Extended coordinates `(X : Y : Z : T)`, `x = X/Z`, `y = Y/Z`, `x·y = T/Z`, Montgomery form.
#[derive(Clone, Copy)]
struct Point {
    x: Num,
    y: Num,
    z: Num,
    t: Num,
}

/// An Ed25519 public key: the point `A` and its encoding (hashed into `k`).
pub struct PublicKey {
    a: Point,
    bytes: [u8; 32],
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ed25519 PublicKey({:02x?})", self.bytes)
    }
}

/// A little-endian number of up to 72 bytes.
fn from_le(bytes: &[u8]) -> Num {
    let be: Vec<u8> = bytes.iter().rev().copied().collect();
    from_be(&be).unwrap_or([0; MAX])
}

impl Curve {
    fn get() -> &'static Self {
        static CURVE: OnceLock<Curve> = OnceLock::new();
        CURVE.get_or_init(|| {
            let p = Modulus::new(P);
            let d = p.mont(&hex_num(D));
            let x = p.mont(&hex_num(BX));
            let y = p.mont(&hex_num(BY));
            let b = Point {
                x,
                y,
                z: p.one,
                t: p.mul(&x, &y),
            };
            // (p - 5) / 8 = 2^252 - 3.
            let mut sqrt_exp = vec![0xff; 32];
            sqrt_exp[0] = 0x0f;
            sqrt_exp[31] = 0xfd;
            Self {
                l: Modulus::new(L),
                d2: p.add(&d, &d),
                d,
                sqrt_m1: p.mont(&hex_num(SQRT_M1)),
                b,
                sqrt_exp,
                p,
            }
        })
    }

    fn identity(&self) -> Point {
        Point {
            x: [0; MAX],
            y: self.p.one,
            z: self.p.one,
            t: [0; MAX],
        }
    }

    /// RFC 8032 §5.1.3: `None` unless `y < p` and `x` exists (and is not `0` with the sign bit
    /// set).
    fn decode(&self, bytes: &[u8; 32]) -> Option<Point> {
        let f = &self.p;
        let sign = bytes[31] >> 7 == 1;
        let mut y_bytes = *bytes;
        y_bytes[31] &= 0x7f;
        let y = from_le(&y_bytes);
        if cmp(&y, &f.m) != Ordering::Less {
            return None;
        }
        let y = f.mont(&y);
        let yy = f.sqr(&y);
        let u = f.sub(&yy, &f.one);
        let v = f.add(&f.mul(&self.d, &yy), &f.one);
        // x = u·v³·(u·v⁷)^((p-5)/8)
        let v3 = f.mul(&f.sqr(&v), &v);
        let v7 = f.mul(&f.sqr(&v3), &v);
        let mut x = f.mul(&f.mul(&u, &v3), &f.pow(&f.mul(&u, &v7), &self.sqrt_exp));
        let vxx = f.mul(&v, &f.sqr(&x));
        if vxx != u {
            if vxx != f.sub(&[0; MAX], &u) {
                return None;
            }
            x = f.mul(&x, &self.sqrt_m1);
        }
        let plain = f.unmont(&x);
        if is_zero(&plain) && sign {
            return None;
        }
        if bit(&plain, 0) != sign {
            x = f.sub(&[0; MAX], &x);
        }
        Some(Point {
            x,
            y,
            z: f.one,
            t: f.mul(&x, &y),
        })
    }

    /// `a + b` (RFC 8032 §5.1.4; complete: also for doubling and the identity).
    fn add(&self, a: &Point, b: &Point) -> Point {
        let f = &self.p;
        let pa = f.mul(&f.sub(&a.y, &a.x), &f.sub(&b.y, &b.x));
        let pb = f.mul(&f.add(&a.y, &a.x), &f.add(&b.y, &b.x));
        let c = f.mul(&f.mul(&a.t, &self.d2), &b.t);
        let zz = f.mul(&a.z, &b.z);
        let d = f.add(&zz, &zz);
        let (e, ff, g, h) = (
            f.sub(&pb, &pa),
            f.sub(&d, &c),
            f.add(&d, &c),
            f.add(&pb, &pa),
        );
        Point {
            x: f.mul(&e, &ff),
            y: f.mul(&g, &h),
            t: f.mul(&e, &h),
            z: f.mul(&ff, &g),
        }
    }

    /// `2a` (RFC 8032 §5.1.4).
    fn double(&self, a: &Point) -> Point {
        let f = &self.p;
        let pa = f.sqr(&a.x);
        let pb = f.sqr(&a.y);
        let zz = f.sqr(&a.z);
        let c = f.add(&zz, &zz);
        let h = f.add(&pa, &pb);
        let e = f.sub(&h, &f.sqr(&f.add(&a.x, &a.y)));
        let g = f.sub(&pa, &pb);
        let ff = f.add(&c, &g);
        Point {
            x: f.mul(&e, &ff),
            y: f.mul(&g, &h),
            t: f.mul(&e, &h),
            z: f.mul(&ff, &g),
        }
    }

    fn negate(&self, a: &Point) -> Point {
        let zero = [0; MAX];
        Point {
            x: self.p.sub(&zero, &a.x),
            t: self.p.sub(&zero, &a.t),
            ..*a
        }
    }

    fn is_identity(&self, a: &Point) -> bool {
        is_zero(&a.x) && a.y == a.z
    }

    /// Whether `[8]a` is the identity.
    fn is_small_order(&self, a: &Point) -> bool {
        let a8 = self.double(&self.double(&self.double(a)));
        self.is_identity(&a8)
    }

    /// Whether two points are equal (`X1·Z2 = X2·Z1` and `Y1·Z2 = Y2·Z1`).
    fn equal(&self, a: &Point, b: &Point) -> bool {
        let f = &self.p;
        f.mul(&a.x, &b.z) == f.mul(&b.x, &a.z) && f.mul(&a.y, &b.z) == f.mul(&b.y, &a.z)
    }

    /// `[s]B + [k]Q`, one joint double-and-add pass (Shamir's trick); `s, k < L < 2^253`.
    fn double_mul(&self, s: &Num, q: &Point, k: &Num) -> Point {
        let both = self.add(&self.b, q);
        let mut r = self.identity();
        for i in (0..253).rev() {
            r = self.double(&r);
            match (bit(s, i), bit(k, i)) {
                (true, true) => r = self.add(&r, &both),
                (true, false) => r = self.add(&r, &self.b),
                (false, true) => r = self.add(&r, q),
                (false, false) => {}
            }
        }
        r
    }

    /// A 64-byte little-endian number mod `L`: `lo + hi·2^256` as `mont(lo) + mont(mont(hi))`
    /// in Montgomery form (`R = 2^256` for every limb size), then out of it.
    fn reduce_wide(&self, bytes: &[u8; 64]) -> Num {
        let l = &self.l;
        let n = from_le(bytes);
        let half = 256 / BITS;
        let mut lo = [0; MAX];
        let mut hi = [0; MAX];
        lo[..half].copy_from_slice(&n[..half]);
        hi[..half].copy_from_slice(&n[half..2 * half]);
        // mul(a, b) is exact for a < R and b < L, which mont (b = R² mod L) is.
        l.unmont(&l.add(&l.mont(&lo), &l.mont(&l.mont(&hi))))
    }
}

impl PublicKey {
    /// Decodes a 32-byte public key; `None` if it is not a point of the curve (small-order points
    /// decode, and are refused by [`PublicKey::verify`]).
    pub fn from_bytes(bytes: &[u8; 32]) -> Option<Self> {
        Some(Self {
            a: Curve::get().decode(bytes)?,
            bytes: *bytes,
        })
    }

    /// Whether `sig` (64 bytes, `R ‖ s`) is a valid signature of `msg`.
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let c = Curve::get();
        let Ok(sig) = <&[u8; 64]>::try_from(sig) else {
            return false;
        };
        let (r_bytes, s_bytes) = sig.split_at(32);
        let s = from_le(s_bytes);
        if cmp(&s, &c.l.m) != Ordering::Less {
            return false;
        }
        let Some(r) = <&[u8; 32]>::try_from(r_bytes)
            .ok()
            .and_then(|b| c.decode(b))
        else {
            return false;
        };
        if c.is_small_order(&r) || c.is_small_order(&self.a) {
            return false;
        }
        let mut h = Sha512::new();
        h.update(r_bytes);
        h.update(self.bytes);
        h.update(msg);
        let k = c.reduce_wide(&h.finalize().into());
        let expected = c.double_mul(&s, &c.negate(&self.a), &k);
        c.equal(&expected, &r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_point_is_on_the_curve_and_has_order_l() {
        let c = Curve::get();
        let f = &c.p;
        // -x² + y² = 1 + d·x²·y²
        let (xx, yy) = (f.sqr(&c.b.x), f.sqr(&c.b.y));
        let lhs = f.sub(&yy, &xx);
        let rhs = f.add(&f.one, &f.mul(&c.d, &f.mul(&xx, &yy)));
        assert!(lhs == rhs);
        assert!(f.sqr(&c.sqrt_m1) == f.sub(&[0; MAX], &f.one));
        // [L]B = identity: [L-1]B + B, with L-1 as the joint scalar and k = 0.
        let mut l1 = c.l.m;
        l1[0] -= 1;
        let lb = c.add(&c.double_mul(&l1, &c.identity(), &[0; MAX]), &c.b);
        assert!(c.is_identity(&lb));
        assert!(!c.is_small_order(&c.b));
    }

    #[test]
    fn rfc8032_test_1_and_a_changed_byte() {
        let hex = |s: &str| -> Vec<u8> {
            (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect()
        };
        // RFC 8032 §7.1, TEST 1 (empty message).
        let key: [u8; 32] = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
            .try_into()
            .unwrap();
        let sig = hex(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        );
        let k = PublicKey::from_bytes(&key).unwrap();
        assert!(k.verify(b"", &sig));
        assert!(!k.verify(b"x", &sig));
        for i in [0, 31, 32, 63] {
            let mut bad = sig.clone();
            bad[i] ^= 1;
            assert!(!k.verify(b"", &bad), "byte {i}");
        }
        // A non-canonical y (y = p + 1 encodes y = 1) does not decode.
        let mut y = hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assert!(PublicKey::from_bytes(&y.clone().try_into().unwrap()).is_none());
        y[0] = 0x01;
        y[31] = 0x00;
        // y = 1: the identity decodes, and is refused as a key of small order.
        let id = PublicKey::from_bytes(&y.try_into().unwrap()).unwrap();
        assert!(!id.verify(b"", &sig));
    }
}
