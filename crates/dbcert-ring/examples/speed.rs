//! `dbcert speed`, the counterpart of `openssl speed` for `cargo xtask bench` (W6): how many
//! certificate signatures per second dbcert verifies, through the same core function `verify`
//! calls for every link (algorithm, key and signature checks included), with ring's arithmetic
//! (what the CLI and the Node addon use) and with the core's own pure-Rust code (what the
//! WebAssembly build uses, here compiled natively).
//!
//! `cargo run --release -p dbcert-ring --example speed -- CHAIN.pem ROOT.pem SECONDS`: CHAIN holds
//! the leaf then its issuer, ROOT the issuer's issuer. Prints `+DBCERT:ring:<verifies/s>` and
//! `+DBCERT:pure:<verifies/s>`; fails if a link does not verify.

use std::time::{Duration, Instant};

use dbcert_core::cert::Certificate;
use dbcert_core::formats::pem;
use dbcert_core::verify::signature::{verify_signature_with, Accelerator};

fn ders(path: &str) -> Result<Vec<Vec<u8>>, String> {
    let text = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    Ok(pem::parse(&text)
        .map_err(|e| format!("{path}: {e}"))?
        .into_iter()
        .map(|b| b.der)
        .collect())
}

/// Verifications per second over `seconds`, both links in turn.
fn rate(
    links: &[(&Certificate<'_>, &Certificate<'_>)],
    seconds: f64,
    accelerator: Option<&dyn Accelerator>,
) -> Result<f64, String> {
    let run = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < run {
        for (cert, issuer) in links {
            verify_signature_with(cert, &issuer.spki, accelerator)
                .map_err(|e| format!("{}: {e:?}", cert.subject.to_rfc4514()))?;
            n += 1;
        }
    }
    Ok(n as f64 / start.elapsed().as_secs_f64())
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [chain, root, seconds] = args.as_slice() else {
        return Err("usage: speed CHAIN.pem ROOT.pem SECONDS".into());
    };
    let seconds: f64 = seconds.parse().map_err(|_| "SECONDS: a number")?;
    let mut all = ders(chain)?;
    all.extend(ders(root)?);
    let certs = all
        .iter()
        .map(|d| Certificate::parse(d).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let [leaf, int, root] = certs.as_slice() else {
        return Err("CHAIN must hold two certificates and ROOT one".into());
    };
    let links = [(leaf, int), (int, root)];
    // Warm-up, untimed.
    rate(&links, 0.2, Some(&dbcert_ring::RING))?;
    println!(
        "+DBCERT:ring:{:.1}",
        rate(&links, seconds, Some(&dbcert_ring::RING))?
    );
    println!("+DBCERT:pure:{:.1}", rate(&links, seconds, None)?);
    Ok(())
}
