//! `dbcert speed`, the counterpart of `openssl speed` for `cargo xtask bench` (W6): how many
//! certificate signatures per second dbcert verifies, through the same core function `verify`
//! calls for every link (algorithm, key and signature checks included), with ring as the fast path
//! (what the CLI and the Node addon use) and with RustCrypto alone (what the WebAssembly build
//! uses, here compiled natively; crates/dbcert-core's `speed_pure` example runs it as wasm).
//!
//! `cargo run --release -p dbcert-ring --example speed -- CHAIN.pem ROOT.pem SECONDS`: CHAIN holds
//! the leaf then its issuer, ROOT the issuer's issuer. Prints `+DBCERT:ring:<verifies/s>` and
//! `+DBCERT:pure:<verifies/s>`; fails if a link does not verify.

#[path = "../../dbcert-core/examples/support/speed.rs"]
mod speed;

fn main() -> Result<(), String> {
    let (ders, seconds) = speed::args()?;
    let certs = speed::parse(&ders)?;
    let ring = speed::rate(&certs, seconds, Some(&dbcert_ring::RING))?;
    println!("+DBCERT:ring:{ring:.1}");
    println!("+DBCERT:pure:{:.1}", speed::rate(&certs, seconds, None)?);
    Ok(())
}
