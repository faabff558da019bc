//! `dbcert speed` with RustCrypto alone (the `rsa`, `p256`/`p384`/`p521` and `ed25519-dalek`
//! crates behind the core's rules), for `cargo xtask bench` (W6): how many certificate
//! signatures per second the core verifies. `cargo xtask bench` runs it compiled to
//! wasm32-wasip1 under Node's WASI, which is the code and the engine of the wasm package,
//! signatures only (crates/dbcert-ring's `speed` measures ring as the fast path, and this code
//! compiled natively).
//!
//! `speed_pure CHAIN.pem ROOT.pem SECONDS`: CHAIN holds the leaf then its issuer, ROOT the issuer's
//! issuer. Prints `+DBCERT:pure:<verifies/s>`; fails if a link does not verify.

mod support {
    pub mod speed;
}

use support::speed;

fn main() -> Result<(), String> {
    let (ders, seconds) = speed::args()?;
    let certs = speed::parse(&ders)?;
    println!("+DBCERT:pure:{:.1}", speed::rate(&certs, seconds, None)?);
    Ok(())
}
