//! `probe`: what a live MySQL server's TLS setup is, the pure part (the sockets are in the
//! `dbcert-probe` crate).
//!
//! - [`mysql`]: the server's greeting, the SSLRequest packet (never credentials), and bytes that
//!   are not MySQL;
//! - [`tls_hello`]: TLS versions, and a hand-built ClientHello for TLS 1.0/1.1 (which rustls does
//!   not speak) with the reading of the server's answer;
//! - here: the options ([`ProbeRequest`]), the evidence the I/O part gathers ([`Evidence`]), and
//!   [`evaluate`], which inspects the chain the server sent, runs [`crate::verify`] for
//!   `VERIFY_CA` and `VERIFY_IDENTITY`, and says which of the five SSL modes will connect.

pub mod mysql;
pub mod tls_hello;

use serde::{Deserialize, Serialize};

use crate::api::Bytes;
use crate::bundle::{Bundle, CertEntry};
use crate::error::{Error, ErrorCode, Result};
use crate::format::Format;
use crate::formats::pem;
use crate::inspect::{describe, CertificateInfo};
use crate::snippet::{SslMode, TlsVersion};
use crate::time::UnixTime;
use crate::verify::{verify, VerifyOptions, VerifyReport};

pub use mysql::{Flavor, Greeting};

/// The MySQL port used when the address names none.
pub const DEFAULT_PORT: u16 = 3306;

/// The timeout used when none is given, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u64 = 10_000;

/// Options of `probe(options)` (Node) and `dbcert probe` (CLI), serde camelCase.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProbeRequest {
    /// `HOST[:PORT]` (`[::1]:3306` for IPv6); the port defaults to 3306.
    pub address: String,
    /// The host name clients use, checked for `VERIFY_IDENTITY` and sent as SNI (default: the
    /// host of `address`).
    pub host: Option<String>,
    /// The CA bundle clients trust (any format `read` takes), for `VERIFY_CA` and
    /// `VERIFY_IDENTITY`.
    pub ca: Option<Bytes>,
    /// Password of `ca` when it is a keystore.
    pub ca_password: Option<String>,
    /// The versions to probe (`["TLSv1.2", "TLSv1.3"]`); default all four.
    pub tls_versions: Option<Vec<String>>,
    /// Connect and read timeout in milliseconds (default 10000).
    pub timeout_ms: Option<u64>,
    /// RFC 3339 time to verify the chain at (default: now).
    pub at: Option<String>,
}

/// Splits `HOST[:PORT]` (`[v6]:PORT`, or a bare IPv6 address) into host and port.
pub fn parse_address(address: &str) -> Result<(String, u16)> {
    let a = address.trim();
    let bad = |why: &str| {
        Error::new(
            ErrorCode::InvalidOption,
            format!("address \"{address}\": {why} (expected HOST or HOST:PORT)"),
        )
    };
    let port = |p: &str| -> Result<u16> {
        p.parse::<u16>()
            .ok()
            .filter(|&n| n != 0)
            .ok_or_else(|| bad("the port is not a number from 1 to 65535"))
    };
    let (host, port) = if let Some(rest) = a.strip_prefix('[') {
        let (h, tail) = rest.split_once(']').ok_or_else(|| bad("no closing ]"))?;
        match tail {
            "" => (h, DEFAULT_PORT),
            t => (
                h,
                port(t.strip_prefix(':').ok_or_else(|| bad("junk after ]"))?)?,
            ),
        }
    } else if a.matches(':').count() > 1 {
        (a, DEFAULT_PORT)
    } else if let Some((h, p)) = a.split_once(':') {
        (h, port(p)?)
    } else {
        (a, DEFAULT_PORT)
    };
    if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '/') {
        return Err(bad("no host name"));
    }
    Ok((host.to_owned(), port))
}

/// How one TLS version was probed and what the server said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionProbe {
    /// The version offered (alone), as MySQL names it (`TLSv1.2`).
    #[serde(serialize_with = "tls_hello::serialize_version")]
    pub version: TlsVersion,
    /// Whether the server accepted it.
    pub accepted: bool,
    /// `"handshake"`: a full rustls handshake (TLS 1.2, 1.3); `"clientHello"`: a hand-built
    /// ClientHello and the server's first answer (TLS 1.0, 1.1, which rustls does not speak).
    pub method: ProbeMethod,
    /// The cipher suite the server chose, when accepted.
    pub cipher_suite: Option<String>,
    /// The TLS alert the server sent, when it refused (e.g. `protocol_version`).
    pub alert: Option<String>,
    /// What happened, in words, when not accepted without an alert (or a note when accepted).
    pub detail: Option<String>,
}

/// How a version was probed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ProbeMethod {
    /// A full TLS handshake with rustls.
    Handshake,
    /// A hand-built ClientHello; the server's first answer.
    ClientHello,
}

/// The full handshake the report describes (the newest version accepted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Negotiated {
    /// The protocol version, as MySQL names it (`TLSv1.3`).
    #[serde(serialize_with = "tls_hello::serialize_version")]
    pub version: TlsVersion,
    /// The IANA cipher suite name, e.g. `TLS13_AES_256_GCM_SHA384`.
    pub cipher_suite: String,
    /// The key exchange group, e.g. `X25519`, when known.
    pub key_exchange: Option<String>,
}

/// What the I/O part found: the greeting, each version's outcome, and the full handshake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// The server's greeting.
    pub greeting: Greeting,
    /// One entry per version probed, oldest first.
    pub versions: Vec<VersionProbe>,
    /// The newest full handshake, if any succeeded.
    pub negotiated: Option<Negotiated>,
    /// The certificates the server sent in that handshake, DER, in the order sent.
    pub chain: Vec<Vec<u8>>,
}

/// One certificate the server sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerCertificate {
    /// The certificate as PEM, exactly the bytes sent.
    pub pem: String,
    /// The inspect model (absent when the certificate cannot be decoded).
    #[serde(flatten)]
    pub info: Option<CertificateInfo>,
}

/// Whether a mode will connect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// It will connect.
    Works,
    /// It will not.
    Fails,
    /// The probe cannot tell (the reason says why and what would tell).
    Unknown,
}

/// One SSL mode's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModeVerdict {
    /// The mode.
    pub mode: SslMode,
    /// Whether it will connect.
    pub verdict: Verdict,
    /// Why, in words a person can act on.
    pub reason: String,
}

/// The result of a probe, serde camelCase (the CLI's `--json`, Node's `probe`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbeReport {
    /// The address probed, `host:port`.
    pub address: String,
    /// The host name checked for `VERIFY_IDENTITY`.
    pub host: String,
    /// What the server's greeting says.
    pub server: Greeting,
    /// One entry per version probed, oldest first.
    pub tls_versions: Vec<VersionProbe>,
    /// The newest handshake that succeeded.
    pub negotiated: Negotiated,
    /// The certificates the server sent, in the order sent (leaf first, normally).
    pub chain: Vec<ServerCertificate>,
    /// Whether a CA bundle was given (without one, the VERIFY modes are `unknown`).
    pub ca_given: bool,
    /// The chain verified against the CA without a host name (`VERIFY_CA`); absent without a CA.
    pub verify_ca: Option<VerifyReport>,
    /// The chain verified against the CA with [`ProbeReport::host`] (`VERIFY_IDENTITY`).
    pub verify_identity: Option<VerifyReport>,
    /// The five SSL modes, weakest first, each with its verdict.
    pub modes: Vec<ModeVerdict>,
}

impl ProbeReport {
    /// The verdict for one mode.
    pub fn verdict(&self, mode: SslMode) -> Verdict {
        self.modes
            .iter()
            .find(|m| m.mode == mode)
            .map_or(Verdict::Unknown, |m| m.verdict)
    }
}

/// The `tls_not_offered` error for a greeting without `CLIENT_SSL`, or `Ok`.
pub fn require_tls(greeting: &Greeting, address: &str) -> Result<()> {
    if greeting.tls_offered {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::TlsNotOffered,
        format!(
            "{} {} at {address} does not offer TLS (no CLIENT_SSL in its greeting): it runs without \
             ssl-cert/ssl-key or with skip-ssl, so only DISABLED and PREFERRED (in plaintext) connect",
            flavor_name(greeting.flavor),
            greeting.version
        ),
    ))
}

/// The family's display name.
pub fn flavor_name(f: Flavor) -> &'static str {
    match f {
        Flavor::Mysql => "MySQL",
        Flavor::Mariadb => "MariaDB",
        Flavor::Tidb => "TiDB",
    }
}

/// Builds the report: inspects the chain, verifies it against `ca` for `VERIFY_CA` and, with
/// `host`, for `VERIFY_IDENTITY`, and gives each SSL mode its verdict. Fails with
/// `tls_handshake_failed` (naming each version's outcome) when no handshake succeeded.
pub fn evaluate(
    address: &str,
    evidence: Evidence,
    ca: Option<&Bundle>,
    host: &str,
    at: UnixTime,
) -> Result<ProbeReport> {
    let Some(negotiated) = evidence.negotiated else {
        let outcomes: Vec<String> = evidence
            .versions
            .iter()
            .map(|v| {
                let why = v
                    .alert
                    .as_ref()
                    .map(|a| format!("alert {a}"))
                    .or_else(|| v.detail.clone())
                    .unwrap_or_else(|| "refused".to_owned());
                let how = if v.accepted { "accepted" } else { "refused" };
                format!("{}: {how} ({why})", v.version)
            })
            .collect();
        return Err(Error::new(
            ErrorCode::TlsHandshakeFailed,
            format!(
                "no TLS handshake with {address} succeeded: {}",
                outcomes.join("; ")
            ),
        ));
    };
    let mut bundle = Bundle::new(Format::Pem);
    bundle.certificates = evidence.chain.into_iter().map(CertEntry::plain).collect();
    let mut notes = Vec::new();
    let chain = bundle
        .certificates
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut text = String::new();
            pem::encode("CERTIFICATE", &e.der, &mut text);
            ServerCertificate {
                pem: text,
                info: describe(i, e, &mut notes).ok(),
            }
        })
        .collect();
    let run = |host: Option<&str>| {
        let mut o = VerifyOptions::new(at);
        o.ca = ca;
        o.host = host;
        o.leaf = Some(0);
        verify(&bundle, &o)
    };
    let (verify_ca, verify_identity) = match ca {
        Some(_) if !bundle.certificates.is_empty() => (Some(run(None)), Some(run(Some(host)))),
        _ => (None, None),
    };
    let modes = verdicts(
        &negotiated,
        ca.is_some(),
        bundle.certificates.is_empty(),
        verify_ca.as_ref(),
        verify_identity.as_ref(),
        host,
    );
    Ok(ProbeReport {
        address: address.to_owned(),
        host: host.to_owned(),
        server: evidence.greeting,
        tls_versions: evidence.versions,
        negotiated,
        chain,
        ca_given: ca.is_some(),
        verify_ca,
        verify_identity,
        modes,
    })
}

fn verdicts(
    n: &Negotiated,
    ca_given: bool,
    no_chain: bool,
    verify_ca: Option<&VerifyReport>,
    verify_identity: Option<&VerifyReport>,
    host: &str,
) -> Vec<ModeVerdict> {
    let tls = format!("TLS ({}, {})", n.version, n.cipher_suite);
    let from = |r: Option<&VerifyReport>, what: &str| -> (Verdict, String) {
        match r {
            _ if no_chain => (Verdict::Fails, "the server sent no certificate".to_owned()),
            None if !ca_given => (
                Verdict::Unknown,
                "no CA given: pass the CA bundle your clients use (--ca) to check it".to_owned(),
            ),
            Some(r) if r.valid => (Verdict::Works, format!("{tls}; {what}")),
            Some(r) => (
                Verdict::Fails,
                r.errors
                    .iter()
                    .map(|f| format!("[{}] {}", f.code, f.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            None => (Verdict::Unknown, "not verified".to_owned()),
        }
    };
    let (ca_v, ca_r) = from(verify_ca, "the chain verifies against the CA");
    let (id_v, id_r) = from(
        verify_identity,
        &format!("the chain verifies and the certificate names {host}"),
    );
    vec![
        ModeVerdict {
            mode: SslMode::Disabled,
            verdict: Verdict::Unknown,
            reason: "the server offers TLS; whether it also takes plaintext \
                     (require_secure_transport=OFF) shows only at login, which the probe never attempts"
                .to_owned(),
        },
        ModeVerdict {
            mode: SslMode::Preferred,
            verdict: Verdict::Works,
            reason: format!("{tls}, the certificate not checked"),
        },
        ModeVerdict {
            mode: SslMode::Required,
            verdict: Verdict::Works,
            reason: format!("{tls}, the certificate not checked"),
        },
        ModeVerdict {
            mode: SslMode::VerifyCa,
            verdict: ca_v,
            reason: ca_r,
        },
        ModeVerdict {
            mode: SslMode::VerifyIdentity,
            verdict: id_v,
            reason: id_r,
        },
    ]
}

#[cfg(test)]
mod tests;
