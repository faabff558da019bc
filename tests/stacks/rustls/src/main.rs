//! x509-limbo through rustls-webpki (tests/stacks/limbo_stacks.py runs it).
//!
//! Input: stdin, one JSON testcase per line. Output: `id<TAB>SUCCESS|FAILURE|SKIPPED<TAB>context`.
//!
//! Modes (first argument):
//! - `ref`: upstream x509-limbo's harness/rust-rustls (webpki's `verify_for_usage` with its list
//!   of ring algorithms, CRLs with chain depth and deny-unknown, then the subject name), for the
//!   agreement check with its rustls-webpki 0.103.13 results;
//! - `verifier`: rustls's `WebPkiServerVerifier` built on the ring provider with the testcase's
//!   trusted certificates (`RootCertStore::add_parsable_certificates`), `verify_server_cert` on
//!   the chain as sent, as a rustls client (sqlx with rustls) does in the handshake; no CRLs
//!   (sqlx takes none); with no peer name, sqlx's VERIFY_CA (`NoHostnameTlsVerifier`: exactly a
//!   `NotValidForName` error counts as accepted).

use std::io::{BufRead, Write};
use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::ServerCertVerifier;
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, ServerName, UnixTime};
use rustls::{CertificateError, Error, RootCertStore};
use serde_json::Value;

fn der(pem_text: &str) -> Option<CertificateDer<'static>> {
    pem::parse(pem_text)
        .ok()
        .map(|p| CertificateDer::from(p.into_contents()))
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Seconds since the epoch of an RFC 3339 `YYYY-MM-DDTHH:MM:SS(Z|+00:00)` time.
fn parse_time(s: &str) -> Option<u64> {
    let n = |a: usize, b: usize| s.get(a..b)?.parse::<i64>().ok();
    let (y, m, d, hh, mm, ss) = (
        n(0, 4)?,
        n(5, 7)?,
        n(8, 10)?,
        n(11, 13)?,
        n(14, 16)?,
        n(17, 19)?,
    );
    let (y2, m2) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    u64::try_from(days * 86400 + hh * 3600 + mm * 60 + ss).ok()
}

fn time(tc: &Value) -> UnixTime {
    match tc["validation_time"].as_str().and_then(parse_time) {
        Some(t) => UnixTime::since_unix_epoch(Duration::from_secs(t)),
        None => UnixTime::now(),
    }
}

fn reference(tc: &Value) -> (&'static str, String) {
    if strs(&tc["features"]).contains(&"max-chain-depth") {
        return (
            "SKIPPED",
            "max-chain-depth testcases are not supported by this API".into(),
        );
    }
    if tc["validation_kind"] != "SERVER" {
        return ("SKIPPED", "non-SERVER testcases not supported yet".into());
    }
    if !strs(&tc["signature_algorithms"]).is_empty() {
        return ("SKIPPED", "signature_algorithms not supported yet".into());
    }
    if !strs(&tc["key_usage"]).is_empty() {
        return ("SKIPPED", "key_usage not supported yet".into());
    }
    let Some(leaf_der) = der(tc["peer_certificate"].as_str().unwrap_or_default()) else {
        return ("FAILURE", "leaf cert: PEM parse failed".into());
    };
    let Ok(leaf) = webpki::EndEntityCert::try_from(&leaf_der) else {
        return ("FAILURE", "leaf cert: X.509 parse failed".into());
    };
    let intermediates: Vec<_> = strs(&tc["untrusted_intermediates"])
        .into_iter()
        .filter_map(der)
        .collect();
    let anchor_ders: Vec<_> = strs(&tc["trusted_certs"])
        .into_iter()
        .filter_map(der)
        .collect();
    let anchors: Vec<_> = anchor_ders
        .iter()
        .filter_map(|d| webpki::anchor_from_trusted_cert(d).ok())
        .collect();
    let algs = &[
        webpki::ring::ECDSA_P256_SHA256,
        webpki::ring::ECDSA_P384_SHA384,
        webpki::ring::RSA_PKCS1_2048_8192_SHA256,
        webpki::ring::RSA_PKCS1_2048_8192_SHA384,
        webpki::ring::RSA_PKCS1_2048_8192_SHA512,
        webpki::ring::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
        webpki::ring::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
        webpki::ring::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
    ];
    let mut crls = Vec::new();
    for p in strs(&tc["crls"]) {
        let Ok(block) = pem::parse(p) else {
            return ("SKIPPED", "CRL PEM".into());
        };
        match webpki::OwnedCertRevocationList::from_der(
            CertificateRevocationListDer::from(block.into_contents()).as_ref(),
        ) {
            Ok(c) => crls.push(webpki::CertRevocationList::from(c)),
            Err(e) => return ("SKIPPED", format!("crl: DER parse failed: {e}")),
        }
    }
    let crl_refs: Vec<_> = crls.iter().collect();
    let revocation = if crl_refs.is_empty() {
        None
    } else {
        let b = webpki::RevocationOptionsBuilder::new(&crl_refs).expect("non-empty");
        // As upstream: the builder's `with_*` calls return a new builder, so these are no-ops
        // and the defaults (end-entity depth, allow unknown) apply.
        let _ = b.with_depth(webpki::RevocationCheckDepth::Chain);
        Some(b.build())
    };
    if let Err(e) = leaf.verify_for_usage(
        algs,
        &anchors,
        &intermediates,
        time(tc),
        webpki::KeyUsage::server_auth(),
        revocation,
        None,
    ) {
        return ("FAILURE", e.to_string());
    }
    let Some(name) = tc["expected_peer_name"]["value"].as_str() else {
        return ("SKIPPED", "implementation requires peer names".into());
    };
    let Ok(name) = ServerName::try_from(name) else {
        return ("SKIPPED", "invalid peer name".into());
    };
    match leaf.verify_is_valid_for_subject_name(&name) {
        Ok(()) => ("SUCCESS", String::new()),
        Err(_) => ("FAILURE", "subject name validation failed".into()),
    }
}

fn verifier(tc: &Value) -> (&'static str, String) {
    let mut roots = RootCertStore::empty();
    let anchors: Vec<_> = strs(&tc["trusted_certs"])
        .into_iter()
        .filter_map(der)
        .collect();
    roots.add_parsable_certificates(anchors);
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let v = match WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider).build() {
        Ok(v) => v,
        Err(e) => return ("FAILURE", format!("no usable trust anchor: {e}")),
    };
    let Some(leaf) = der(tc["peer_certificate"].as_str().unwrap_or_default()) else {
        return ("FAILURE", "leaf PEM".into());
    };
    let intermediates: Vec<_> = strs(&tc["untrusted_intermediates"])
        .into_iter()
        .filter_map(der)
        .collect();
    let (host, verify_ca) = match tc["expected_peer_name"]["value"].as_str() {
        Some(h) => (h.to_string(), false),
        None => ("verify-ca.invalid".to_string(), true),
    };
    let Ok(name) = ServerName::try_from(host) else {
        return ("SKIPPED", "invalid peer name".into());
    };
    match v.verify_server_cert(&leaf, &intermediates, &name, &[], time(tc)) {
        Ok(_) => ("SUCCESS", String::new()),
        // sqlx 0.8.6 (sqlx-core/src/net/tls/tls_rustls.rs) matches this variant only; current
        // rustls reports a name mismatch as `NotValidForNameContext`, which it does not catch:
        // its VERIFY_CA then refuses what VERIFY_IDENTITY refuses (seen in the real-client
        // matrix: cn-only, ip-in-cn, wildcard-*).
        Err(Error::InvalidCertificate(CertificateError::NotValidForName)) if verify_ca => {
            ("SUCCESS", String::new())
        }
        Err(e) => ("FAILURE", e.to_string()),
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "verifier".into());
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let line = line.expect("stdin");
        if line.trim().is_empty() {
            continue;
        }
        let tc: Value = serde_json::from_str(&line).expect("a JSON testcase");
        let (r, ctx) = if mode == "ref" {
            reference(&tc)
        } else {
            verifier(&tc)
        };
        let ctx = ctx.replace(['\t', '\n'], " ");
        writeln!(out, "{}\t{r}\t{ctx}", tc["id"].as_str().unwrap_or_default()).expect("stdout");
    }
}
