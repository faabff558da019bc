//! The limb of the big-number arithmetic in `rsa.rs`, `ec.rs` and `ed25519.rs`: 64 bits with
//! 128-bit products on 64-bit targets; 32 bits with 64-bit products on wasm32, where a 64-bit
//! product is one instruction and a 128-bit one a call to `__multi3` (measured in Node: with
//! 64-bit limbs, `__multi3` was a quarter of an RSA verify and the loops around it the rest).
//!
//! `--cfg dbcert_limb32` builds the 32-bit limbs on a 64-bit machine: `cargo xtask test` runs
//! the unit tests and the Wycheproof vectors that way too, so the wasm32 code path is tested.

/// One digit of a big number.
#[cfg(all(target_pointer_width = "64", not(dbcert_limb32)))]
pub(super) type Limb = u64;
/// Twice a limb: products and carries.
#[cfg(all(target_pointer_width = "64", not(dbcert_limb32)))]
pub(super) type Wide = u128;
/// One digit of a big number.
#[cfg(any(not(target_pointer_width = "64"), dbcert_limb32))]
pub(super) type Limb = u32;
/// Twice a limb: products and carries.
#[cfg(any(not(target_pointer_width = "64"), dbcert_limb32))]
pub(super) type Wide = u64;

/// Bits in a limb.
pub(super) const BITS: usize = Limb::BITS as usize;

// The carry chains index in plain loops, not iterator adaptors: the wasm build (opt-level "z")
// does not inline the adaptors, and these run in every field operation. `min` bounds the
// indexes by both lengths, so the loops carry no bounds checks.

/// `a - b` in place over the low `len` limbs; returns the borrow.
pub(super) fn sub_in_place(a: &mut [Limb], b: &[Limb], len: usize) -> bool {
    let len = len.min(a.len()).min(b.len());
    let mut borrow = false;
    for i in 0..len {
        let (d, b1) = a[i].overflowing_sub(b[i]);
        let (d, b2) = d.overflowing_sub(Limb::from(borrow));
        a[i] = d;
        borrow = b1 | b2;
    }
    borrow
}

/// `a + b` in place over the low `len` limbs; returns the carry.
pub(super) fn add_in_place(a: &mut [Limb], b: &[Limb], len: usize) -> bool {
    let len = len.min(a.len()).min(b.len());
    let mut carry = false;
    for i in 0..len {
        let (s, c1) = a[i].overflowing_add(b[i]);
        let (s, c2) = s.overflowing_add(Limb::from(carry));
        a[i] = s;
        carry = c1 | c2;
    }
    carry
}
