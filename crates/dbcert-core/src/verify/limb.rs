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
