//! The server's certificate against each listed client: when the options give the chain
//! (`chain`, with `ca` and `host`), the advisor asks the verifier for each client's verdict
//! ([`crate::verify::clients`], the same judge `verify` reports) and folds it into the
//! client's [`ClientVerdict`]: a client connects only if it can negotiate TLS *and* accepts the
//! certificate. The mode judged is VERIFY_IDENTITY when a host is given, VERIFY_CA otherwise.
//!
//! A client's version in the advisor (`jdbc@8.0.18`) is its own release; the stack table
//! (`verify::clients::table`) knows versions by what changes the certificate check (`8`, `9`
//! for Connector/J; the Python version for PyMySQL). A table version that is the given one, or
//! a leading part of it (`8` of `8.0.18`), is used; otherwise the client's default, and the
//! verdict says so in its `version`.

use super::{ClientProblem, ClientSpec, ClientStatus, ClientVerdict, Draft, Status};
use crate::api::{read_ca, Bytes};
use crate::error::{Error, ErrorCode, Result};
use crate::formats::{read, ReadOptions};
use crate::snippet::SslMode;
use crate::time::UnixTime;
use crate::verify::clients::profile::Stack;
use crate::verify::clients::table;
use crate::verify::clients::{self as vc, Answer, ClientRef};
use crate::verify::signature::Backend;
use crate::verify::{self, VerifyOptions};

/// What the advisor needs to judge the certificate.
pub(crate) struct ChainInput<'a> {
    /// The server's certificate chain as it sends it (any format `read` takes).
    pub chain: &'a Bytes,
    /// The trust anchors the clients are given (`None`: the chain's own self-signed root).
    pub ca: Option<&'a Bytes>,
    /// The host the clients connect to.
    pub host: Option<&'a str>,
    /// The time to verify at.
    pub at: UnixTime,
    /// The native signature fast path, as for `verify`.
    pub accelerator: Option<&'a dyn Backend>,
}

/// The source cited for a certificate verdict: the documentation of the stack that decided
/// (the rules themselves, each with its source, are in `verify/clients/profile.rs`).
fn stack_source(stack: Option<Stack>) -> &'static str {
    match stack {
        Some(Stack::Openssl) => "https://docs.openssl.org/3.0/man1/openssl-verification-options/",
        Some(Stack::Java) => {
            "https://docs.oracle.com/en/java/javase/21/security/java-pki-programmers-guide.html"
        }
        Some(Stack::Go) => "https://pkg.go.dev/crypto/x509#Certificate.Verify",
        Some(Stack::Rustls) => "https://docs.rs/rustls-webpki/latest/webpki/",
        Some(Stack::Dotnet) | None => {
            "https://learn.microsoft.com/en-us/dotnet/api/system.net.security.sslstream"
        }
    }
}

/// The stack table's version for an advisor client: the given version when the table knows
/// it, else the table version that leads it (`8` of `8.0.18`), else `None` (the default).
fn table_version(c: &ClientSpec) -> Option<&'static str> {
    let given = c.version.as_deref()?;
    let (client, _) = table::find(&c.id, None).ok()?;
    client.versions.iter().map(|v| v.version).find(|v| {
        given == *v
            || given
                .strip_prefix(v)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// Verifies `input` once and returns each listed client's certificate verdict in the mode the
/// host decides, in the order of `clients`.
pub(crate) fn verdicts(
    input: &ChainInput<'_>,
    clients: &[ClientSpec],
) -> Result<Vec<vc::ClientVerdict>> {
    let bundle = read(&input.chain.0, &ReadOptions { password: None })?;
    if bundle.certificates.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            "chain holds no certificate: give the server's certificate chain (PEM, DER or P7B)",
        ));
    }
    let ca = read_ca(input.ca, None)?;
    if clients.is_empty() {
        // Nothing to fold into; `verify` would judge every client instead.
        return Ok(Vec::new());
    }
    let refs: Vec<ClientRef<'_>> = clients
        .iter()
        .map(|c| ClientRef {
            id: &c.id,
            version: table_version(c),
        })
        .collect();
    let mut options = VerifyOptions::new(input.at);
    options.ca = ca.as_ref();
    options.host = input.host;
    options.accelerator = input.accelerator;
    options.clients = &refs;
    let report = verify::verify(&bundle, &options);
    if report.clients.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            "chain holds no server certificate (only CA certificates): give the chain the \
             server sends, its certificate first",
        ));
    }
    let mode = if input.host.is_some() {
        SslMode::VerifyIdentity
    } else {
        SslMode::VerifyCa
    };
    Ok(report
        .clients
        .into_iter()
        .filter(|v| v.mode == mode)
        .collect())
}

/// A verifier reason, written "what is wrong: what to do", split at its last `": "` into the
/// two, the fix with its first letter raised; `None` when the reason has no such clause.
fn split_fix(reason: &str) -> Option<(&str, String)> {
    let (what, fix) = reason.rsplit_once(": ")?;
    let mut chars = fix.chars();
    let first = chars.next().filter(char::is_ascii_lowercase)?;
    Some((
        what,
        format!("{}{}.", first.to_ascii_uppercase(), chars.as_str()),
    ))
}

/// Folds each certificate verdict into its client's verdict: a refusal breaks the client now
/// and after the TLS recommendations (they do not change the certificate), an unknown makes it
/// a warning; each adds a problem with the refusal's code, reason and fix.
pub(crate) fn fold(verdicts: &mut [ClientVerdict], certs: Vec<vc::ClientVerdict>) {
    for (v, cert) in verdicts.iter_mut().zip(certs) {
        let mode = cert.mode.as_str();
        let source = stack_source(cert.stack).to_owned();
        match cert.verdict {
            Answer::Connects => {}
            Answer::Refuses => {
                v.status = ClientStatus::Breaks;
                v.after_recommendations = ClientStatus::Breaks;
                let (what, fix) = split_fix(&cert.reason).unwrap_or_else(|| {
                    (
                        cert.reason.as_str(),
                        "Reissue or re-chain the server certificate so that this client \
                         accepts it (dbcert verify shows every finding)."
                            .to_owned(),
                    )
                });
                v.problems.push(ClientProblem {
                    code: cert
                        .codes
                        .first()
                        .map_or("certificate_refused", |c| c.as_str())
                        .to_owned(),
                    text: format!(
                        "In {mode}, {}@{} refuses the server certificate: {what}.",
                        cert.client, cert.version
                    ),
                    fix,
                    source,
                });
            }
            Answer::Unknown => {
                v.status = v.status.max(ClientStatus::Warning);
                v.after_recommendations = v.after_recommendations.max(ClientStatus::Warning);
                v.problems.push(ClientProblem {
                    code: "certificate_unknown".to_owned(),
                    text: format!(
                        "In {mode}, dbcert cannot tell whether {}@{} accepts the server \
                         certificate: {}",
                        cert.client, cert.version, cert.reason
                    ),
                    fix: "Try the connection with this client before relying on it.".to_owned(),
                    source,
                });
            }
        }
        v.certificate = Some(cert);
    }
}

/// Adds to the forced-SSL verdict which listed clients refuse the server certificate: forcing
/// SSL leaves them no way in with the mode judged.
pub(crate) fn annotate(verdicts: &[ClientVerdict], d: &mut Draft) {
    let refusing: Vec<&str> = verdicts
        .iter()
        .filter(|v| {
            v.certificate
                .as_ref()
                .is_some_and(|c| c.verdict == Answer::Refuses)
        })
        .map(|v| v.spec.as_str())
        .collect();
    let Some(mode) = verdicts
        .iter()
        .find_map(|v| v.certificate.as_ref().map(|c| c.mode.as_str()))
    else {
        return;
    };
    if refusing.is_empty() || d.forced_ssl.status == Status::No {
        return;
    }
    let sep = if d.forced_ssl.text.ends_with('.') {
        " "
    } else {
        ". "
    };
    d.forced_ssl.text = format!(
        "{}{sep}With the server certificate given, {} refuse{} it in {mode}: fix the certificate \
         (see the client verdicts) before these clients connect with {mode}.",
        d.forced_ssl.text,
        refusing.join(", "),
        if refusing.len() == 1 { "s" } else { "" }
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(id: &str, version: Option<&str>) -> ClientSpec {
        ClientSpec {
            spec: id.to_owned(),
            id: id.to_owned(),
            version: version.map(str::to_owned),
        }
    }

    #[test]
    fn table_versions_lead_the_given_ones() {
        assert_eq!(table_version(&spec("jdbc", Some("8.0.18"))), Some("8"));
        assert_eq!(table_version(&spec("jdbc", Some("9"))), Some("9"));
        assert_eq!(
            table_version(&spec("mariadb-cli", Some("10.11.6"))),
            Some("10.11")
        );
        // 8.0 does not lead 80, and a version the table does not know is the default.
        assert_eq!(table_version(&spec("jdbc", Some("80"))), None);
        assert_eq!(table_version(&spec("go-sql-driver", Some("1.8.1"))), None);
        assert_eq!(table_version(&spec("jdbc", None)), None);
    }

    #[test]
    fn fixes_are_the_clause_after_the_last_colon() {
        assert_eq!(
            split_fix("certificate #1: \"x\", which Go refuses: reissue it as v3"),
            Some((
                "certificate #1: \"x\", which Go refuses",
                "Reissue it as v3.".to_owned()
            ))
        );
        assert_eq!(split_fix("no clause here"), None);
        assert_eq!(split_fix("ends with: A capital"), None);
    }
}
