//! ECDSA verification on NIST P-256, P-384 and P-521 (SEC 1 v2 §4.1.4, FIPS 186-5 §6.4.2):
//! one small implementation for the three curves, instead of three curve crates (they were a
//! sixth of the WebAssembly code).
//!
//! Field and scalar arithmetic is Montgomery multiplication over fixed arrays of limbs
//! (`limb.rs`: 64-bit, or 32-bit on wasm32); inverses by the binary extended Euclidean
//! algorithm. Points are in Jacobian coordinates with the `a = -3` doubling formula all three
//! curves allow, and mixed addition when one point has `z = 1`. `u1·G + u2·Q` is one joint pass
//! of doublings (Shamir's trick) over the wNAF digits of both scalars: the generator's odd
//! multiples are a per-curve table, the key's are built for each signature. Only public data is
//! handled (keys, signatures, messages), so nothing here needs to run in constant time (the
//! binary GCD and the wNAF take time that depends on their input).

use std::cmp::Ordering;
use std::sync::OnceLock;

use super::limb::{add_in_place, sub_in_place, Limb, Wide, BITS};
use super::signature::Curve as CurveId;

/// Limbs for the largest number handled: 576 bits (P-521 and 64-byte hashes fit).
pub(super) const MAX: usize = 576 / BITS;

/// An unsigned number, little-endian limbs; limbs past the modulus length are zero.
pub(super) type Num = [Limb; MAX];

/// A modulus for Montgomery arithmetic (`R = 2^(BITS·len)`).
pub(super) struct Modulus {
    pub(super) m: Num,
    len: usize,
    /// `-m^-1 mod 2^BITS`.
    m0: Limb,
    /// `R mod m`: one, in Montgomery form.
    pub(super) one: Num,
    /// `R² mod m`: multiplying by it converts into Montgomery form.
    r2: Num,
}

/// A curve `y² = x³ - 3x + b` over the field of `p`, with a generator of prime order `n`.
struct Curve {
    p: Modulus,
    n: Modulus,
    /// `b`, Montgomery form (mod p).
    b: Num,
    /// `G, 3G, 5G, …` (the generator first): the odd multiples the wNAF digits of `u1·G`
    /// select, affine (`z = 1`, Montgomery form).
    g_odd: Vec<Point>,
    /// Field element size in bytes (SEC 1 encoding).
    bytes: usize,
    /// Bits of `n`.
    n_bits: usize,
    /// `(p + 1) / 4`, big-endian: square roots (`p ≡ 3 mod 4` for the three curves).
    sqrt_exp: Vec<u8>,
}

/// Jacobian coordinates, Montgomery form; `z = 0` is the point at infinity.
#[derive(Clone, Copy)]
struct Point {
    x: Num,
    y: Num,
    z: Num,
}

pub(super) fn from_be(bytes: &[u8]) -> Option<Num> {
    let mut n = [0 as Limb; MAX];
    let bytes = match bytes.iter().position(|b| *b != 0) {
        Some(i) => &bytes[i..],
        None => return Some(n),
    };
    if bytes.len() > MAX * BITS / 8 {
        return None;
    }
    for (i, b) in bytes.iter().rev().enumerate() {
        n[i / (BITS / 8)] |= Limb::from(*b) << (8 * (i % (BITS / 8)));
    }
    Some(n)
}

fn to_be(n: &Num, len: usize) -> Vec<u8> {
    (0..len)
        .rev()
        .map(|i| (n[i / (BITS / 8)] >> (8 * (i % (BITS / 8)))) as u8)
        .collect()
}

pub(super) fn hex_num(h: &str) -> Num {
    let bytes: Vec<u8> = (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap_or(0))
        .collect();
    from_be(&bytes).unwrap_or([0; MAX])
}

// The helpers below index arrays in plain loops rather than chaining iterator adaptors (see
// `limb.rs`). `len` limbs are enough where both numbers are below a modulus of `len` limbs.

pub(super) fn cmp(a: &Num, b: &Num) -> Ordering {
    cmp_len(a, b, MAX)
}

/// Compares the low `len` limbs.
fn cmp_len(a: &Num, b: &Num, len: usize) -> Ordering {
    for i in (0..len.min(MAX)).rev() {
        if a[i] != b[i] {
            return a[i].cmp(&b[i]);
        }
    }
    Ordering::Equal
}

pub(super) fn is_zero(a: &Num) -> bool {
    let mut any = 0;
    for limb in a {
        any |= limb;
    }
    any == 0
}

pub(super) fn bit(a: &Num, i: usize) -> bool {
    a[i / BITS] >> (i % BITS) & 1 == 1
}

fn is_one(a: &Num) -> bool {
    let mut rest = a[0] ^ 1;
    for limb in &a[1..] {
        rest |= limb;
    }
    rest == 0
}

/// The low `len` limbs shifted right by one, `top` shifted in as their highest bit.
fn shr1(a: &mut Num, len: usize, top: bool) {
    let mut high = Limb::from(top);
    for i in (0..len).rev() {
        let low = a[i] & 1;
        a[i] = a[i] >> 1 | high << (BITS - 1);
        high = low;
    }
}

fn bit_len(a: &Num) -> usize {
    (0..MAX)
        .rev()
        .find(|&i| a[i] != 0)
        .map_or(0, |i| i * BITS + BITS - a[i].leading_zeros() as usize)
}

impl Modulus {
    pub(super) fn new(hex: &str) -> Self {
        let m = hex_num(hex);
        let len = bit_len(&m).div_ceil(BITS);
        // Newton's iteration for m^-1 mod 2^BITS (m is odd): each step doubles the good bits.
        let mut inv: Limb = 1;
        for _ in 0..7 {
            inv = inv.wrapping_mul((2 as Limb).wrapping_sub(m[0].wrapping_mul(inv)));
        }
        let mut k = Self {
            m,
            len,
            m0: inv.wrapping_neg(),
            one: [0; MAX],
            r2: [0; MAX],
        };
        // R mod m and R² mod m, by doubling 1 modulo m.
        let mut x = [0 as Limb; MAX];
        x[0] = 1;
        for i in 0..2 * BITS * len {
            if i == BITS * len {
                k.one = x;
            }
            x = k.add(&x, &x);
        }
        k.r2 = x;
        k
    }

    pub(super) fn add(&self, a: &Num, b: &Num) -> Num {
        let mut s = *a;
        let carry = add_in_place(&mut s, b, self.len);
        if carry || cmp_len(&s, &self.m, self.len) != Ordering::Less {
            sub_in_place(&mut s, &self.m, self.len);
        }
        s
    }

    pub(super) fn sub(&self, a: &Num, b: &Num) -> Num {
        let mut d = *a;
        if sub_in_place(&mut d, b, self.len) {
            add_in_place(&mut d, &self.m, self.len);
        }
        d
    }

    /// Montgomery product `a·b·R^-1 mod m` (CIOS), for `a, b < m`.
    pub(super) fn mul(&self, a: &Num, b: &Num) -> Num {
        // `min` tells the compiler the indexes below are in bounds: no check in the loops.
        let n = self.len.min(MAX);
        let mut t = [0 as Limb; MAX + 2];
        for &bi in b.iter().take(n) {
            let mut c: Wide = 0;
            for j in 0..n {
                let x = Wide::from(t[j]) + Wide::from(a[j]) * Wide::from(bi) + c;
                t[j] = x as Limb;
                c = x >> BITS;
            }
            let x = Wide::from(t[n]) + c;
            t[n] = x as Limb;
            t[n + 1] = (x >> BITS) as Limb;
            let u = t[0].wrapping_mul(self.m0);
            let x = Wide::from(t[0]) + Wide::from(u) * Wide::from(self.m[0]);
            let mut c = x >> BITS;
            for j in 1..n {
                let x = Wide::from(t[j]) + Wide::from(u) * Wide::from(self.m[j]) + c;
                t[j - 1] = x as Limb;
                c = x >> BITS;
            }
            let x = Wide::from(t[n]) + c;
            t[n - 1] = x as Limb;
            t[n] = t[n + 1] + (x >> BITS) as Limb;
        }
        let mut r = [0 as Limb; MAX];
        #[allow(clippy::manual_memcpy)] // copy_from_slice: a call the wasm build does not inline
        for j in 0..n {
            r[j] = t[j];
        }
        if t[n] != 0 || cmp_len(&r, &self.m, n) != Ordering::Less {
            // The true value is below 2m: the borrow out of limb n-1 cancels t[n].
            sub_in_place(&mut r, &self.m, n);
        }
        r
    }

    pub(super) fn sqr(&self, a: &Num) -> Num {
        self.mul(a, a)
    }

    /// Into Montgomery form (`a < m`).
    pub(super) fn mont(&self, a: &Num) -> Num {
        self.mul(a, &self.r2)
    }

    /// Out of Montgomery form.
    pub(super) fn unmont(&self, a: &Num) -> Num {
        let mut one = [0 as Limb; MAX];
        one[0] = 1;
        self.mul(a, &one)
    }

    /// `a^e` for `a` in Montgomery form and a big-endian exponent.
    pub(super) fn pow(&self, a: &Num, e: &[u8]) -> Num {
        let mut r = self.one;
        for byte in e {
            for i in (0..8).rev() {
                r = self.sqr(&r);
                if byte >> i & 1 == 1 {
                    r = self.mul(&r, a);
                }
            }
        }
        r
    }

    /// `a^-1 mod m` for `0 < a < m`, both in normal form (not Montgomery), by the binary
    /// extended Euclidean algorithm: variable time, which is fine for public data, and a few
    /// multiplications' worth of work where Fermat's `a^(m-2)` costs hundreds. `m` is prime.
    fn inverse(&self, a: &Num) -> Num {
        let len = self.len;
        let (mut u, mut v) = (*a, self.m);
        let (mut x1, mut x2) = ([0 as Limb; MAX], [0 as Limb; MAX]);
        x1[0] = 1;
        // Invariants: x1·a ≡ u and x2·a ≡ v (mod m); gcd(u, v) = 1 throughout.
        let halve = |u: &mut Num, x: &mut Num| {
            while u[0] & 1 == 0 {
                shr1(u, len, false);
                let carry = x[0] & 1 == 1 && add_in_place(x, &self.m, len);
                shr1(x, len, carry);
            }
        };
        loop {
            if is_zero(&u) || is_zero(&v) {
                return [0; MAX]; // not reached for 0 < a < m with m prime
            }
            halve(&mut u, &mut x1);
            halve(&mut v, &mut x2);
            if cmp_len(&u, &v, len) == Ordering::Less {
                sub_in_place(&mut v, &u, len);
                x2 = self.sub(&x2, &x1);
            } else {
                sub_in_place(&mut u, &v, len);
                x1 = self.sub(&x1, &x2);
            }
            if is_one(&u) {
                return x1;
            }
            if is_one(&v) {
                return x2;
            }
        }
    }
}

impl Curve {
    fn new(p: &str, n: &str, b: &str, gx: &str, gy: &str) -> Self {
        let p = Modulus::new(p);
        let n = Modulus::new(n);
        let bytes = bit_len(&p.m).div_ceil(8);
        let n_bits = bit_len(&n.m);
        let mut e = p.m;
        let mut one = [0 as Limb; MAX];
        one[0] = 1;
        add_in_place(&mut e, &one, MAX);
        // (p + 1) / 4: a right shift by two.
        let mut q = [0 as Limb; MAX];
        for i in 0..MAX {
            q[i] = e[i] >> 2 | e.get(i + 1).map_or(0, |h| h << (BITS - 2));
        }
        let g = Point {
            x: p.mont(&hex_num(gx)),
            y: p.mont(&hex_num(gy)),
            z: p.one,
        };
        let mut c = Self {
            b: p.mont(&hex_num(b)),
            sqrt_exp: to_be(&q, bytes),
            g_odd: Vec::new(),
            bytes,
            n_bits,
            p,
            n,
        };
        // Affine, so that adding one takes the cheaper mixed addition; built once per curve.
        c.g_odd = c
            .odd_multiples(&g, W_G)
            .iter()
            .map(|pt| c.affine(pt))
            .collect();
        c
    }

    /// `P, 3P, 5P, …, (2^(w-1) - 1)P`: the points wNAF digits of width `w` select.
    fn odd_multiples(&self, pt: &Point, w: usize) -> Vec<Point> {
        let two = self.double(pt);
        let mut out = vec![*pt];
        for i in 1..1 << (w - 2) {
            out.push(self.add(&out[i - 1], &two));
        }
        out
    }

    /// The same point with `z = 1` (Montgomery form); the point at infinity unchanged.
    fn affine(&self, pt: &Point) -> Point {
        let f = &self.p;
        if is_zero(&pt.z) {
            return *pt;
        }
        let zinv = f.mont(&f.inverse(&f.unmont(&pt.z)));
        let zinv2 = f.sqr(&zinv);
        Point {
            x: f.mul(&pt.x, &zinv2),
            y: f.mul(&pt.y, &f.mul(&zinv2, &zinv)),
            z: f.one,
        }
    }

    /// `T[|d| / 2]` for an odd wNAF digit `d`, negated when `d < 0`.
    fn select(&self, odd: &[Point], d: i8) -> Point {
        let mut pt = odd[usize::from(d.unsigned_abs() / 2)];
        if d < 0 {
            pt.y = self.p.sub(&[0; MAX], &pt.y);
        }
        pt
    }

    fn get(id: CurveId) -> &'static Self {
        static P256: OnceLock<Curve> = OnceLock::new();
        static P384: OnceLock<Curve> = OnceLock::new();
        static P521: OnceLock<Curve> = OnceLock::new();
        // Parameters as `openssl ecparam -param_enc explicit` prints them (tests compare).
        match id {
            CurveId::P256 => P256.get_or_init(|| {
                Self::new(
                    "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
                    "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
                    "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
                    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
                    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
                )
            }),
            CurveId::P384 => P384.get_or_init(|| {
                Self::new(
                    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
                    "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
                    "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
                    "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
                    "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
                )
            }),
            CurveId::P521 => P521.get_or_init(|| {
                Self::new(
                    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                    "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
                    "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
                    "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
                    "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
                )
            }),
        }
    }

    /// `x³ - 3x + b`, Montgomery form.
    fn rhs(&self, x: &Num) -> Num {
        let f = &self.p;
        let x3 = f.mul(&f.sqr(x), x);
        let three_x = f.add(&f.add(x, x), x);
        f.add(&f.sub(&x3, &three_x), &self.b)
    }

    /// 2P (dbl-2001-b, a = -3).
    fn double(&self, pt: &Point) -> Point {
        let f = &self.p;
        if is_zero(&pt.z) {
            return *pt;
        }
        let delta = f.sqr(&pt.z);
        let gamma = f.sqr(&pt.y);
        let beta = f.mul(&pt.x, &gamma);
        let alpha = f.mul(&f.sub(&pt.x, &delta), &f.add(&pt.x, &delta));
        let alpha = f.add(&f.add(&alpha, &alpha), &alpha);
        let beta4 = f.add(&f.add(&beta, &beta), &f.add(&beta, &beta));
        let x = f.sub(&f.sqr(&alpha), &f.add(&beta4, &beta4));
        let z = f.sub(&f.sub(&f.sqr(&f.add(&pt.y, &pt.z)), &gamma), &delta);
        let gamma2 = f.sqr(&gamma);
        let gamma8 = {
            let g2 = f.add(&gamma2, &gamma2);
            let g4 = f.add(&g2, &g2);
            f.add(&g4, &g4)
        };
        let y = f.sub(&f.mul(&alpha, &f.sub(&beta4, &x)), &gamma8);
        Point { x, y, z }
    }

    /// P + Q (add-2007-bl), with the infinity and equal-point cases.
    fn add(&self, a: &Point, b: &Point) -> Point {
        let f = &self.p;
        if is_zero(&a.z) {
            return *b;
        }
        if is_zero(&b.z) {
            return *a;
        }
        // `b` with z = 1 (an affine table entry or key) is the mixed addition: 5 fewer products.
        let mixed = b.z == f.one;
        let z1z1 = f.sqr(&a.z);
        let z2z2 = if mixed { f.one } else { f.sqr(&b.z) };
        let (u1, s1) = if mixed {
            (a.x, a.y)
        } else {
            (f.mul(&a.x, &z2z2), f.mul(&f.mul(&a.y, &b.z), &z2z2))
        };
        let u2 = f.mul(&b.x, &z1z1);
        let s2 = f.mul(&f.mul(&b.y, &a.z), &z1z1);
        let h = f.sub(&u2, &u1);
        let r = f.sub(&s2, &s1);
        if is_zero(&h) {
            return if is_zero(&r) {
                self.double(a)
            } else {
                Point {
                    x: f.one,
                    y: f.one,
                    z: [0; MAX],
                }
            };
        }
        let r = f.add(&r, &r);
        let h2 = f.add(&h, &h);
        let i = f.sqr(&h2);
        let j = f.mul(&h, &i);
        let v = f.mul(&u1, &i);
        let x = f.sub(&f.sub(&f.sqr(&r), &j), &f.add(&v, &v));
        let s1j = f.mul(&s1, &j);
        let y = f.sub(&f.mul(&r, &f.sub(&v, &x)), &f.add(&s1j, &s1j));
        // 2·z1·z2·h: ((z1 + z2)² - z1² - z2²)·h, or (z1 + z1)·h when z2 = 1.
        let z1z2 = if mixed {
            f.add(&a.z, &a.z)
        } else {
            f.sub(&f.sub(&f.sqr(&f.add(&a.z, &b.z)), &z1z1), &z2z2)
        };
        let z = f.mul(&z1z2, &h);
        Point { x, y, z }
    }
}

/// An EC public key checked to be a point of its curve (not infinity).
#[derive(Clone, Copy)]
pub struct PublicKey {
    curve: CurveId,
    q: Point,
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ec::PublicKey({:?})", self.curve)
    }
}

impl PublicKey {
    /// Decodes a SEC 1 point (uncompressed `04 x y` or compressed `02/03 x`), checking that the
    /// coordinates are below `p` and the point is on the curve.
    pub fn from_sec1(curve: CurveId, bytes: &[u8]) -> Option<Self> {
        let c = Curve::get(curve);
        let f = &c.p;
        let (&tag, rest) = bytes.split_first()?;
        let coordinate = |b: &[u8]| {
            let v = from_be(b)?;
            (cmp(&v, &f.m) == Ordering::Less).then(|| f.mont(&v))
        };
        let (x, y) = match tag {
            4 if rest.len() == 2 * c.bytes => {
                let x = coordinate(&rest[..c.bytes])?;
                let y = coordinate(&rest[c.bytes..])?;
                if f.sqr(&y) != c.rhs(&x) {
                    return None;
                }
                (x, y)
            }
            2 | 3 if rest.len() == c.bytes => {
                let x = coordinate(rest)?;
                let rhs = c.rhs(&x);
                let mut y = f.pow(&rhs, &c.sqrt_exp);
                if f.sqr(&y) != rhs {
                    return None;
                }
                if bit(&f.unmont(&y), 0) != (tag == 3) {
                    y = f.sub(&[0; MAX], &y);
                }
                (x, y)
            }
            _ => return None,
        };
        Some(Self {
            curve,
            q: Point { x, y, z: f.one },
        })
    }

    /// Verifies `r || s` (each the field size, big-endian) over a message hash.
    pub fn verify(&self, digest: &[u8], rs: &[u8]) -> bool {
        let c = Curve::get(self.curve);
        let (n, p) = (&c.n, &c.p);
        if rs.len() != 2 * c.bytes {
            return false;
        }
        let (Some(r), Some(s)) = (from_be(&rs[..c.bytes]), from_be(&rs[c.bytes..])) else {
            return false;
        };
        let in_range = |v: &Num| !is_zero(v) && cmp(v, &n.m) == Ordering::Less;
        if !in_range(&r) || !in_range(&s) {
            return false;
        }
        // The leftmost n_bits of the hash, reduced mod n (one subtraction: z < 2^n_bits < 2n).
        let Some(mut z) = from_be(digest) else {
            return false;
        };
        let excess = (8 * digest.len()).saturating_sub(c.n_bits);
        if excess > 0 {
            let (limbs, bits) = (excess / BITS, excess % BITS);
            for i in 0..MAX {
                let lo = z.get(i + limbs).copied().unwrap_or(0);
                let hi = z.get(i + limbs + 1).copied().unwrap_or(0);
                z[i] = if bits == 0 {
                    lo
                } else {
                    lo >> bits | hi << (BITS - bits)
                };
            }
        }
        if cmp(&z, &n.m) != Ordering::Less {
            sub_in_place(&mut z, &n.m, MAX);
        }
        // w = s^-1, into Montgomery form; u = v·w comes out of the product in normal form.
        let w = n.mont(&n.inverse(&s));
        let u1 = n.mul(&z, &w);
        let u2 = n.mul(&r, &w);
        // u1·G + u2·Q in one pass of doublings (Shamir's trick), each scalar as a wNAF: an
        // addition for about one bit in W + 1 instead of one for every other bit.
        let (d1, d2) = (wnaf(&u1, W_G), wnaf(&u2, W_Q));
        let q_odd = c.odd_multiples(&self.q, W_Q);
        let mut acc = Point {
            x: p.one,
            y: p.one,
            z: [0; MAX],
        };
        for i in (0..d1.len().max(d2.len())).rev() {
            acc = c.double(&acc);
            for (digits, odd) in [(&d1, &c.g_odd), (&d2, &q_odd)] {
                match digits.get(i) {
                    Some(&d) if d != 0 => acc = c.add(&acc, &c.select(odd, d)),
                    _ => {}
                }
            }
        }
        if is_zero(&acc.z) {
            return false;
        }
        // The affine x is X / Z²; instead of inverting Z, check X = x'·Z² for the candidates
        // x' ≡ r (mod n) below p: r itself, and r + n when that is still below p.
        let z2 = p.sqr(&acc.z);
        let mut candidate = r;
        loop {
            if p.mul(&p.mont(&candidate), &z2) == acc.x {
                return true;
            }
            if add_in_place(&mut candidate, &n.m, MAX) || cmp(&candidate, &p.m) != Ordering::Less {
                return false;
            }
        }
    }
}

/// wNAF window of the generator (its 2^(W_G-2) odd multiples are built once per curve) and of
/// the key (built for every signature, so a smaller table pays off).
const W_G: usize = 7;
const W_Q: usize = 5;

/// The width-`w` non-adjacent form of `k`, least significant digit first: odd digits below
/// 2^(w-1) in absolute value, at least `w - 1` zeros after each.
fn wnaf(k: &Num, w: usize) -> Vec<i8> {
    let mut k = *k;
    let mut out = Vec::with_capacity(MAX * BITS + 1);
    let window = 1 << w;
    while !is_zero(&k) {
        let mut d = 0;
        if k[0] & 1 == 1 {
            d = (k[0] % window) as i16;
            let mut small = [0 as Limb; MAX];
            if d >= window as i16 / 2 {
                d -= window as i16;
                small[0] = d.unsigned_abs() as Limb;
                add_in_place(&mut k, &small, MAX);
            } else {
                small[0] = d as Limb;
                sub_in_place(&mut k, &small, MAX);
            }
        }
        out.push(d as i8);
        shr1(&mut k, MAX, false);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// n·G is the point at infinity and (n-1)·G is -G, on every curve.
    #[test]
    fn generator_has_order_n() {
        for id in [CurveId::P256, CurveId::P384, CurveId::P521] {
            let c = Curve::get(id);
            let g = c.g_odd[0];
            assert_eq!(c.p.sqr(&g.y), c.rhs(&g.x), "{id:?}: G on the curve");
            let mut acc = Point {
                x: c.p.one,
                y: c.p.one,
                z: [0; MAX],
            };
            let mut n_minus_1 = c.n.m;
            let mut one = [0 as Limb; MAX];
            one[0] = 1;
            sub_in_place(&mut n_minus_1, &one, MAX);
            for i in (0..c.n_bits).rev() {
                acc = c.double(&acc);
                if bit(&n_minus_1, i) {
                    acc = c.add(&acc, &g);
                }
            }
            // (n-1)·G + G = infinity.
            assert!(is_zero(&c.add(&acc, &g).z), "{id:?}");
            let minus_g = c.affine(&acc);
            assert_eq!(minus_g.x, g.x, "{id:?}: (n-1)·G has G's x");
            assert_eq!(minus_g.y, c.p.sub(&[0; MAX], &g.y), "{id:?}: and -y");
            // The table: (2i+1)·G by repeated addition of G, against odd_multiples + affine.
            let mut k = g;
            for (i, t) in c.g_odd.iter().enumerate() {
                let k_affine = c.affine(&k);
                assert_eq!(
                    (t.x, t.y, t.z),
                    (k_affine.x, k_affine.y, c.p.one),
                    "{id:?} {i}"
                );
                k = c.add(&c.add(&k, &g), &g);
            }
        }
    }

    /// wNAF digits add back up to the scalar (Horner, modulo n), are odd and below 2^(w-1) in
    /// absolute value, and any two non-zero digits are at least w positions apart.
    #[test]
    fn wnaf_digits_rebuild_the_scalar() {
        let c = Curve::get(CurveId::P256);
        let n = &c.n;
        let mut one = [0 as Limb; MAX];
        one[0] = 1;
        let mut n_minus_1 = n.m;
        sub_in_place(&mut n_minus_1, &one, MAX);
        let mut k = hex_num("7fffffffffffffff00000000000000005555555555555555aaaaaaaaaaaaaaab");
        for _ in 0..30 {
            for (scalar, w) in [(k, W_G), (k, W_Q), (one, W_G), (n_minus_1, W_Q)] {
                let digits = wnaf(&scalar, w);
                // Σ d·2^i, from the top digit down: acc = 2·acc + d (mod n), in normal form.
                let mut acc = [0 as Limb; MAX];
                for (i, &d) in digits.iter().enumerate().rev() {
                    acc = n.add(&acc, &acc);
                    let mut small = [0 as Limb; MAX];
                    small[0] = Limb::from(d.unsigned_abs());
                    acc = if d < 0 {
                        n.sub(&acc, &small)
                    } else {
                        n.add(&acc, &small)
                    };
                    if d != 0 {
                        assert!(d % 2 != 0 && i32::from(d).abs() < 1 << (w - 1), "{d}");
                        let below = &digits[i.saturating_sub(w - 1)..i];
                        assert!(below.iter().all(|z| *z == 0), "zeros below {d}");
                    }
                }
                assert_eq!(acc, scalar);
            }
            k = n.unmont(&n.sqr(&n.mont(&k)));
        }
    }

    /// a·a^-1 = 1 for both moduli of every curve, at the edges (1, 2, m - 1) and for a spread
    /// of values (Fermat's a^(m-2) as the second opinion).
    #[test]
    fn binary_inverse_matches_fermat() {
        for id in [CurveId::P256, CurveId::P384, CurveId::P521] {
            let c = Curve::get(id);
            for m in [&c.p, &c.n] {
                let mut one = [0 as Limb; MAX];
                one[0] = 1;
                let mut m_minus_1 = m.m;
                sub_in_place(&mut m_minus_1, &one, MAX);
                let mut m_minus_2 = m_minus_1;
                sub_in_place(&mut m_minus_2, &one, MAX);
                let exp = to_be(&m_minus_2, MAX * BITS / 8);
                let mut a = one;
                let mut values = vec![one, m_minus_1, m.add(&one, &one)];
                for _ in 0..20 {
                    // a ← (a - 2)²: any walk through the field will do.
                    a = m.unmont(&m.sqr(&m.add(&m.mont(&a), &m.mont(&m_minus_2))));
                    values.push(a);
                }
                for v in values {
                    let inv = m.inverse(&v);
                    assert_eq!(m.unmont(&m.mul(&m.mont(&v), &m.mont(&inv))), one, "{id:?}");
                    assert_eq!(m.mont(&inv), m.pow(&m.mont(&v), &exp), "{id:?}");
                }
            }
        }
    }

    #[test]
    fn compressed_and_uncompressed_points_agree() {
        let c = Curve::get(CurveId::P256);
        let x = to_be(&c.p.unmont(&c.g_odd[0].x), 32);
        let y = to_be(&c.p.unmont(&c.g_odd[0].y), 32);
        let mut unc = vec![4];
        unc.extend_from_slice(&x);
        unc.extend_from_slice(&y);
        let a = PublicKey::from_sec1(CurveId::P256, &unc).unwrap();
        let mut comp = vec![2 + (y[31] & 1)];
        comp.extend_from_slice(&x);
        let b = PublicKey::from_sec1(CurveId::P256, &comp).unwrap();
        assert_eq!((a.q.x, a.q.y), (b.q.x, b.q.y));
        // The other parity is the other point; a changed y is off the curve.
        comp[0] ^= 1;
        assert_ne!(
            PublicKey::from_sec1(CurveId::P256, &comp).unwrap().q.y,
            a.q.y
        );
        unc[64] ^= 1;
        assert!(PublicKey::from_sec1(CurveId::P256, &unc).is_none());
        assert!(PublicKey::from_sec1(CurveId::P256, &unc[..64]).is_none());
        assert!(PublicKey::from_sec1(CurveId::P256, &[0]).is_none());
    }
}
