//! Versions rustls does not speak (TLS 1.0, 1.1), and TLS 1.2 with cipher suites rustls does
//! not implement: a hand-built ClientHello offering only that version (built by the core), and
//! the server's first answer: a ServerHello of that version (accepted) or an alert (refused).
//! The handshake is not completed; the report says so (`method: "clientHello"`).

use std::io::{ErrorKind, Read, Write};

use dbcert_core::probe::tls_hello::{self, HelloAnswer};
use dbcert_core::probe::{ProbeMethod, VersionProbe};
use dbcert_core::snippet::TlsVersion;
use dbcert_core::{Error, ErrorCode, Result};

use crate::net::Target;

/// Offers only `version` in a hand-built ClientHello and reads the server's answer.
pub fn hello(target: &Target, version: TlsVersion, sni: &str) -> Result<VersionProbe> {
    let mut random = [0u8; 32];
    getrandom::getrandom(&mut random).map_err(|e| {
        Error::new(
            ErrorCode::TlsHandshakeFailed,
            format!("no OS randomness for the ClientHello: {e}"),
        )
    })?;
    let (mut sock, _) = target.start_tls()?;
    sock.write_all(&tls_hello::client_hello(version, Some(sni), &random))
        .map_err(|e| target.io(e))?;
    let mut probe = VersionProbe {
        version,
        accepted: false,
        method: ProbeMethod::ClientHello,
        cipher_suite: None,
        alert: None,
        detail: None,
    };
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match tls_hello::read_answer(&buf)? {
            HelloAnswer::ServerHello { version: v, suite } => {
                if v == tls_hello::wire(version) {
                    probe.accepted = true;
                    probe.cipher_suite = Some(tls_hello::suite_name(suite));
                    probe.detail = Some("the server answered with a ServerHello of this version (handshake not completed)".into());
                } else {
                    let chose = tls_hello::from_wire(v)
                        .map_or_else(|| format!("0x{v:04x}"), |t| t.mysql_name().to_owned());
                    probe.detail = Some(format!("the server chose {chose} instead"));
                }
                return Ok(probe);
            }
            HelloAnswer::Alert(d) => {
                probe.alert = Some(tls_hello::alert_name(d));
                return Ok(probe);
            }
            HelloAnswer::NeedMore => {}
        }
        match sock.read(&mut chunk) {
            Ok(0) => {
                probe.detail = Some("the server closed the connection without answering".into());
                return Ok(probe);
            }
            Ok(n) if buf.len() + n > 64 * 1024 => {
                return Err(Error::new(
                    ErrorCode::TlsHandshakeFailed,
                    "the server's answer to the ClientHello is not a TLS record",
                ))
            }
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if e.kind() == ErrorKind::ConnectionReset => {
                probe.detail = Some("the server reset the connection".into());
                return Ok(probe);
            }
            Err(e) => return Err(target.io(e)),
        }
    }
}
