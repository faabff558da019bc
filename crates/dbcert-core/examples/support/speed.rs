//! What the `speed_pure` example (RustCrypto, also compiled to wasm32-wasip1) and
//! crates/dbcert-ring's `speed` (ring as the fast path too) share: the W6 chain's links, and
//! verifications per second through the core's `verify_signature_with`, the function `verify`
//! calls for every link (algorithm, key and signature checks included).

use std::time::{Duration, Instant};

use dbcert_core::cert::Certificate;
use dbcert_core::formats::pem;
use dbcert_core::verify::signature::{verify_signature_with, Backend};

/// The DER of every certificate in CHAIN (the leaf, then its issuer) and ROOT (the issuer's
/// issuer), from the command line `CHAIN ROOT SECONDS`; and the seconds.
pub fn args() -> Result<(Vec<Vec<u8>>, f64), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [chain, root, seconds] = args.as_slice() else {
        return Err("usage: speed CHAIN.pem ROOT.pem SECONDS".into());
    };
    let seconds: f64 = seconds.parse().map_err(|_| "SECONDS: a number")?;
    let mut all = Vec::new();
    for path in [chain, root] {
        let text = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        let blocks = pem::parse(&text).map_err(|e| format!("{path}: {e}"))?;
        all.extend(blocks.into_iter().map(|b| b.der));
    }
    if all.len() != 3 {
        return Err("CHAIN must hold two certificates and ROOT one".into());
    }
    Ok((all, seconds))
}

/// The certificates of `args`, parsed: leaf, intermediate, root.
pub fn parse(ders: &[Vec<u8>]) -> Result<Vec<Certificate<'_>>, String> {
    ders.iter()
        .map(|d| Certificate::parse(d).map_err(|e| e.to_string()))
        .collect()
}

/// Verifications per second over `seconds`, the two links (leaf by intermediate, intermediate
/// by root) in turn, after an untimed warm-up of a fifth of a second.
pub fn rate(
    certs: &[Certificate<'_>],
    seconds: f64,
    backend: Option<&dyn Backend>,
) -> Result<f64, String> {
    let links = [(&certs[0], &certs[1]), (&certs[1], &certs[2])];
    let run = |seconds: f64| -> Result<f64, String> {
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed() < Duration::from_secs_f64(seconds) {
            for (cert, issuer) in links {
                verify_signature_with(cert, &issuer.spki, backend)
                    .map_err(|e| format!("{}: {e:?}", cert.subject.to_rfc4514()))?;
                n += 1;
            }
        }
        Ok(n as f64 / start.elapsed().as_secs_f64())
    };
    run(0.2)?;
    run(seconds)
}
