//! # dbcert-probe
//!
//! `probe`: connects to a MySQL or MariaDB server, reads its greeting (version, whether it
//! offers TLS), sends the SSLRequest packet (capabilities only: never a user name or password),
//! completes a TLS handshake per version, and hands what it saw to
//! [`dbcert_core::probe::evaluate`], which inspects the chain, verifies it for `VERIFY_CA` and
//! `VERIFY_IDENTITY` and says which SSL modes will connect.
//!
//! - [`net`]: sockets, timeouts, the greeting;
//! - [`tls`]: full handshakes with rustls (TLS 1.2, 1.3);
//! - [`legacy`]: a hand-built ClientHello for TLS 1.0 and 1.1 (which rustls does not speak), and
//!   for TLS 1.2 when the server refuses every suite rustls offers.
//!
//! Native only (the CLI and the Node addon): a browser cannot open a raw socket.

pub mod legacy;
pub mod net;
pub mod tls;

use std::time::Duration;

use dbcert_core::probe::{
    self, parse_address, Evidence, ProbeReport, ProbeRequest, VersionProbe, DEFAULT_TIMEOUT_MS,
};
use dbcert_core::snippet::{parse_tls_versions, TlsVersion};
use dbcert_core::time::UnixTime;
use dbcert_core::{Error, ErrorCode, Result};

pub use net::Target;

/// The longest timeout accepted (10 minutes).
pub const MAX_TIMEOUT_MS: u64 = 600_000;

/// Probes the server `request.address` at the caller's `now` (used unless `request.at` is
/// given): the whole report, or an error with its code (`connection_refused`, `timeout`,
/// `not_mysql`, `tls_not_offered`, `tls_handshake_failed`, `server_error`, …).
pub fn probe(request: &ProbeRequest, now: UnixTime) -> Result<ProbeReport> {
    let (host, port) = parse_address(&request.address)?;
    let timeout_ms = request.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
    if timeout_ms == 0 || timeout_ms > MAX_TIMEOUT_MS {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            format!("timeout {timeout_ms} ms: expected 1 to {MAX_TIMEOUT_MS} ms"),
        ));
    }
    let versions = match &request.tls_versions {
        Some(v) => parse_tls_versions(v)?,
        None => TlsVersion::ALL.to_vec(),
    };
    let at = match &request.at {
        Some(t) => UnixTime::parse_rfc3339(t)?,
        None => now,
    };
    let ca = dbcert_core::api::read_ca(request.ca.as_ref(), request.ca_password.as_deref())?;
    let name = request.host.clone().unwrap_or_else(|| host.clone());
    let target = Target {
        host,
        port,
        timeout: Duration::from_millis(timeout_ms),
    };
    let evidence = gather(&target, &versions, &name)?;
    probe::evaluate(&target.address(), evidence, ca.as_ref(), &name, at)
}

/// Talks to the server: the greeting first (on its own connection), then one connection per
/// version, newest first; `sni` is the name sent in the ClientHello (none for an IP address).
pub fn gather(target: &Target, versions: &[TlsVersion], sni: &str) -> Result<Evidence> {
    let greeting = {
        let mut s = target.connect()?;
        let (g, _nudged) = target.greet(&mut s, true)?;
        g
    };
    probe::require_tls(&greeting, &target.address())?;
    let mut results: Vec<VersionProbe> = Vec::new();
    let mut done: Option<tls::Done> = None;
    for &version in versions.iter().rev() {
        let result = match version {
            TlsVersion::Tls13 | TlsVersion::Tls12 => match tls::handshake(target, version, sni)? {
                tls::Outcome::Done(d) => {
                    let r = VersionProbe {
                        version,
                        accepted: true,
                        method: probe::ProbeMethod::Handshake,
                        cipher_suite: Some(d.negotiated.cipher_suite.clone()),
                        alert: None,
                        detail: None,
                    };
                    done.get_or_insert(d);
                    r
                }
                tls::Outcome::Refused(r) if version == TlsVersion::Tls12 && suites_refused(&r) => {
                    // Maybe TLS 1.2 with suites rustls lacks (CBC, DHE): ask with all of them.
                    let mut h = legacy::hello(target, version, sni)?;
                    if h.accepted {
                        h.detail = Some(format!(
                            "accepted only with cipher suites rustls does not implement: \
                             rustls was refused ({}), a ClientHello with OpenSSL's suites got {}",
                            r.alert.as_deref().unwrap_or("no alert"),
                            h.cipher_suite.as_deref().unwrap_or("a ServerHello")
                        ));
                        h
                    } else {
                        r
                    }
                }
                tls::Outcome::Refused(r) => r,
            },
            TlsVersion::Tls10 | TlsVersion::Tls11 => legacy::hello(target, version, sni)?,
        };
        results.push(result);
    }
    results.reverse();
    let (negotiated, chain) = match done {
        Some(d) => (Some(d.negotiated), d.chain),
        None => (None, Vec::new()),
    };
    Ok(Evidence {
        greeting,
        versions: results,
        negotiated,
        chain,
    })
}

fn suites_refused(r: &VersionProbe) -> bool {
    matches!(
        r.alert.as_deref(),
        Some("handshake_failure" | "insufficient_security")
    )
}
