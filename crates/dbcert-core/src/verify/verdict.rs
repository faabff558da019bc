//! The answer to the user's real question, by what the input is.
//!
//! [`super::verify`] checks chains; this module says what that means for the file given:
//!
//! - a **server chain** (the input holds a server certificate, or [`super::VerifyOptions::leaf`]
//!   names one): does it pass `VERIFY_CA`, and `VERIFY_IDENTITY` for the host given;
//! - a **CA file** (CA certificates only, with one trust anchor at most: what a provider hands
//!   out, e.g. `ApsaraDB-CA-Chain.pem`): is each CA usable, is the chain complete, when does it
//!   expire. `VERIFY_IDENTITY` cannot be answered from it: only the server's certificate names the
//!   server, so the host is not checked against a CA, and the verdict says how to get that
//!   certificate;
//! - a **trust store** (CA certificates with several independent roots: the system bundle, Java
//!   `cacerts`, a provider's multi-region bundle): a client trusts a server that chains to any of
//!   its roots, so an expired or weak root is a warning about that root, and the headline says
//!   how many usable anchors the store holds.
//!
//! The headline never says "passes" while a warning says that default clients refuse the chain
//! (a short RSA key, a SHA-1 signature, a v1 certificate, a Common-Name-only server certificate
//! under `VERIFY_IDENTITY`, a certificate-policy rule Java enforces): until verdicts per client
//! exist, such a chain "depends on the client", with the list of who refuses ([`Refusal`]).

use serde::Serialize;

use super::clients::profile::Stack;
use super::clients::{Answer, ClientVerdict, OtherPath};
use super::{AnchorRef, Finding, FindingCode, Source, VerifyOptions};
use crate::bundle::Bundle;
use crate::cert::Certificate;

/// What the input of `verify` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A server certificate, with or without its intermediates (and roots).
    ServerChain,
    /// CA certificates only, with at most one self-signed root: a CA chain file.
    CaFile,
    /// CA certificates with several independent self-signed roots.
    TrustStore,
}

/// The headline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every check passed, and no default client is known to refuse it.
    Passes,
    /// No error, but warnings say that some default clients refuse it ([`Verdict::refused_by`]).
    DependsOnClient,
    /// An error: clients refuse it (for a trust store: it holds no usable anchor).
    Fails,
}

/// Whether `VERIFY_IDENTITY` was answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// The server certificate was checked against the host name given.
    Checked,
    /// A server chain without a host name: `VERIFY_CA` only.
    NotChecked,
    /// The input holds no server certificate: only the server's certificate can answer
    /// `VERIFY_IDENTITY` ([`Verdict::server_certificate_how_to`] says how to get it).
    NeedsServerCertificate,
}

/// A warning that some default clients refuse the chain for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Refusal {
    /// The finding's code.
    pub code: FindingCode,
    /// Who refuses, in words (e.g. "Java, OpenSSL at security level 2 (…), rustls").
    pub clients: String,
    /// The certificate the warning is about, if any (0-based, in `source`).
    pub certificate: Option<usize>,
    /// Which list `certificate` indexes.
    pub source: Source,
}

/// The CA certificates of a CA file or trust store, counted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Authorities {
    /// CA certificates in the input (repeats and undecodable ones not counted).
    pub cas: usize,
    /// Of them, those with no error and no weakness a default client refuses.
    pub usable: usize,
    /// Self-signed roots among them (the trust anchors).
    pub roots: usize,
    /// Roots with no error and no weakness: the usable anchors.
    pub usable_roots: usize,
    /// CA certificates past their notAfter.
    pub expired: usize,
    /// CA certificates before their notBefore.
    pub not_yet_valid: usize,
    /// CA certificates with a weakness only (a short key, a weak signature, X.509 v1).
    pub weak: usize,
    /// Every CA certificate reaches a root of the input (no missing issuer).
    pub complete: bool,
}

/// When the first certificate that matters expires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Expiry {
    /// RFC 3339 notAfter.
    pub at: String,
    /// The 0-based input index of that certificate.
    pub certificate: usize,
}

/// One way to get the server's certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HowTo {
    /// What it is, in one sentence.
    pub text: String,
    /// The command to run, if it is one.
    pub command: Option<String>,
}

/// The answer for the input as a whole; part of [`VerifyReport`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// What the input is.
    pub input: InputKind,
    /// The headline status.
    pub status: Status,
    /// `VERIFY_IDENTITY` when the server certificate was checked against a host, else
    /// `VERIFY_CA`: the strongest mode the status answers for.
    pub mode: &'static str,
    /// The answer in one sentence.
    pub headline: String,
    /// Whether `VERIFY_IDENTITY` was answered.
    pub identity: Identity,
    /// The host the caller asked about (kept when it could not be checked).
    pub host: Option<String>,
    /// Warnings that some default clients refuse the chain for (none in a trust store, where
    /// they concern single roots).
    pub refused_by: Vec<Refusal>,
    /// CA files and trust stores: the CA certificates counted.
    pub authorities: Option<Authorities>,
    /// The first expiry that matters: of the server chain, the CA file, or the trust store's
    /// usable anchors.
    pub expires: Option<Expiry>,
    /// When [`Identity::NeedsServerCertificate`]: how to get the server's certificate.
    pub server_certificate_how_to: Vec<HowTo>,
    /// A server chain for which the OpenSSL-based clients build another path than the reported
    /// one, with another outcome (the report's `valid` is dbcert's RFC 5280 verdict on the
    /// reported path): the headline says so.
    pub other_path: Option<StackPath>,
}

/// The path a TLS stack builds its own way when dbcert's verdict on it differs from the
/// report's: OpenSSL 3.0's `build_chain` takes, for each certificate, the first acceptable
/// issuer (the trusted certificates first) and never backtracks (`verify::openssl_chain`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StackPath {
    /// The stack that builds it.
    pub stack: Stack,
    /// The clients of the report that validate with that stack (snippet ids, each once; empty
    /// when none of them was asked for).
    pub clients: Vec<String>,
    /// The path, as input indexes (as the report's `chain`).
    pub chain: Vec<usize>,
    /// The trust anchor it ends at, if it reaches one.
    pub anchor: Option<AnchorRef>,
    /// Whether that path passes (no error): the opposite of the report's `valid`.
    pub valid: bool,
    /// In words: who builds which path, and its outcome (with its first error when it fails).
    pub message: String,
}

/// The path `chain` (input indexes) up to `anchor`, as `#1 → #3 → CA certificate #1`.
fn path_text(chain: &[usize], anchor: Option<AnchorRef>) -> String {
    let mut steps: Vec<String> = chain
        .iter()
        .map(|i| format!("#{}", i.saturating_add(1)))
        .collect();
    if let Some(a) = anchor.filter(|a| a.source == Source::Ca) {
        steps.push(format!("CA certificate #{}", a.index.saturating_add(1)));
    }
    if steps.is_empty() {
        "(no path)".to_owned()
    } else {
        steps.join(" → ")
    }
}

/// Says in `verdict` (its [`Verdict::other_path`], status and headline) that the OpenSSL-based
/// clients build `other` instead of the reported path (`chain`, `anchor`, `valid`) when dbcert's
/// verdict on it differs: the clients then differ, so the status is "depends on the client".
pub(crate) fn note_other_path(
    verdict: &mut Verdict,
    (chain, anchor, valid): (&[usize], Option<AnchorRef>, bool),
    other: &OtherPath,
    clients: &[ClientVerdict],
) {
    let other_valid = other.errors.is_empty();
    if other_valid == valid || verdict.input != InputKind::ServerChain {
        return;
    }
    let mut ids: Vec<String> = Vec::new();
    for c in clients.iter().filter(|c| {
        matches!(c.stack, Some(Stack::Openssl | Stack::Dotnet)) && c.verdict != Answer::Unknown
    }) {
        if !ids.contains(&c.client) {
            ids.push(c.client.clone());
        }
    }
    let who = if ids.is_empty() {
        "OpenSSL-based clients".to_owned()
    } else {
        format!("OpenSSL-based clients ({})", ids.join(", "))
    };
    let theirs = path_text(&other.chain, other.anchor);
    let ours = path_text(chain, anchor);
    let message = if other_valid {
        format!(
            "{who} build another path, {theirs} (the first issuer that fits, the trusted \
             certificates first, never another), and it passes: they connect"
        )
    } else {
        let first = other
            .errors
            .first()
            .map(|e| e.message.as_str())
            .unwrap_or_default();
        format!(
            "{who} build another path, {theirs} (the first issuer that fits, the trusted \
             certificates first, never another), and refuse it: {first}"
        )
    };
    verdict.headline = match verdict.status {
        Status::Passes => format!(
            "Depends on the client: passes {}{} on the path {ours}, but {message}",
            verdict.mode,
            verdict
                .host
                .as_deref()
                .map(|h| format!(" for {h}"))
                .unwrap_or_default()
        ),
        _ => format!("{}; {message}", verdict.headline),
    };
    verdict.status = Status::DependsOnClient;
    verdict.other_path = Some(StackPath {
        stack: Stack::Openssl,
        clients: ids,
        chain: other.chain.clone(),
        anchor: other.anchor,
        valid: other_valid,
        message,
    });
}

/// Who refuses a chain for a warning, or `None` when no default client does.
pub fn refused_by(code: FindingCode, identity_checked: bool) -> Option<&'static str> {
    Some(match code {
        FindingCode::WeakKey => {
            "OpenSSL at security level 2 (the default on Debian, Ubuntu and RHEL: mysql, MariaDB, \
             PHP, Python), Java and rustls"
        }
        FindingCode::WeakSignatureAlgorithm => {
            "OpenSSL 3 at security level 1 and up (mysql, MariaDB, PHP, Python), Java, Go 1.18+ \
             and rustls"
        }
        FindingCode::V1Certificate => "rustls-based clients (sqlx and other Rust drivers)",
        FindingCode::CertificatePolicy => {
            "Java clients (Connector/J, MariaDB Connector/J: the JDK's PKIX validation) and Go \
             1.24+ (go-sql-driver)"
        }
        FindingCode::CnOnly if identity_checked => {
            "Go 1.15+, Connector/J 8.0.22+ and rustls-based clients (under VERIFY_IDENTITY)"
        }
        _ => return None,
    })
}

/// What is known of one input certificate, for the classification.
struct Entry<'a> {
    cert: Certificate<'a>,
    is_ca: bool,
    root: bool,
}

fn entries(input: &Bundle) -> Vec<(usize, Entry<'_>)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, e) in input.certificates.iter().enumerate() {
        if !seen.insert(e.der.as_slice()) {
            continue;
        }
        let Ok(cert) = Certificate::parse(&e.der) else {
            continue;
        };
        let bc = cert.basic_constraints().ok().flatten();
        let self_issued = cert.is_self_issued();
        // A v1 certificate has no basicConstraints: it is a CA when it is a root.
        let is_ca = bc.is_some_and(|b| b.ca) || (bc.is_none() && self_issued && cert.version < 3);
        out.push((
            i,
            Entry {
                root: self_issued && is_ca,
                is_ca,
                cert,
            },
        ));
    }
    out
}

/// What the input is (see the module documentation).
pub fn classify(input: &Bundle, options: &VerifyOptions<'_>) -> InputKind {
    let list = entries(input);
    if options.leaf.is_some() || list.is_empty() || list.iter().any(|(_, e)| !e.is_ca) {
        return InputKind::ServerChain;
    }
    let mut roots: Vec<(&[u8], &[u8])> = list
        .iter()
        .filter(|(_, e)| e.root)
        .map(|(_, e)| (e.cert.subject.raw, e.cert.spki.raw))
        .collect();
    roots.sort_unstable();
    roots.dedup();
    if roots.len() >= 2 {
        InputKind::TrustStore
    } else {
        InputKind::CaFile
    }
}

/// The short name of input certificate `i` for headlines: `#2 CN=…`.
fn label(input: &Bundle, i: usize) -> String {
    let who = input
        .certificates
        .get(i)
        .and_then(|e| Certificate::parse(&e.der).ok())
        .map(|c| {
            c.subject
                .common_name()
                .map_or_else(|| c.subject.to_rfc4514(), |cn| format!("CN={cn}"))
        })
        .unwrap_or_default();
    format!("#{} {who}", i + 1)
}

/// Finding codes that make a certificate weak rather than broken.
const WEAKNESS: &[FindingCode] = &[
    FindingCode::WeakKey,
    FindingCode::WeakSignatureAlgorithm,
    FindingCode::V1Certificate,
];

/// The [`Verdict`] on `verify`'s findings. For a trust store, the errors about single
/// certificates move to the warnings (their codes unchanged): they leave the other roots usable.
pub(crate) fn judge(
    input: &Bundle,
    kind: InputKind,
    host: Option<&str>,
    errors: &mut Vec<Finding>,
    warnings: &mut Vec<Finding>,
    chain: &[usize],
) -> Verdict {
    let list = entries(input);
    let about = |f: &Finding, i: usize| f.source == Source::Input && f.certificate == Some(i);
    if kind == InputKind::TrustStore {
        let (single, whole): (Vec<Finding>, Vec<Finding>) = std::mem::take(errors)
            .into_iter()
            .partition(|f| f.source == Source::Input && f.certificate.is_some());
        *errors = whole;
        warnings.splice(0..0, single);
    }
    let (errors, warnings) = (&*errors, &*warnings);
    let all: Vec<&Finding> = errors.iter().chain(warnings).collect();
    let has = |i: usize, pred: &dyn Fn(FindingCode) -> bool| {
        all.iter().any(|f| about(f, i) && pred(f.code))
    };
    let broken = |i: usize| has(i, &|c| c.is_error());
    let weak = |i: usize| has(i, &|c| WEAKNESS.contains(&c));

    let authorities = (kind != InputKind::ServerChain).then(|| {
        let mut a = Authorities {
            complete: !all
                .iter()
                .any(|f| f.code == FindingCode::UnknownIssuer && f.source == Source::Input),
            ..Authorities::default()
        };
        for (i, e) in &list {
            let i = *i;
            a.cas += 1;
            a.roots += usize::from(e.root);
            let ok = !broken(i) && !weak(i);
            a.usable += usize::from(ok);
            a.usable_roots += usize::from(ok && e.root);
            if has(i, &|c| c == FindingCode::Expired) {
                a.expired += 1;
            } else if has(i, &|c| c == FindingCode::NotYetValid) {
                a.not_yet_valid += 1;
            } else if weak(i) && !broken(i) {
                a.weak += 1;
            }
        }
        a
    });

    let identity = match (kind, host) {
        (InputKind::ServerChain, Some(_)) => Identity::Checked,
        (InputKind::ServerChain, None) => Identity::NotChecked,
        _ => Identity::NeedsServerCertificate,
    };
    let checked = identity == Identity::Checked;
    let refusals: Vec<Refusal> = if kind == InputKind::TrustStore {
        Vec::new()
    } else {
        warnings
            .iter()
            .filter_map(|f| {
                refused_by(f.code, checked).map(|clients| Refusal {
                    code: f.code,
                    clients: clients.to_owned(),
                    certificate: f.certificate,
                    source: f.source,
                })
            })
            .collect()
    };

    // The first expiry that matters: every certificate of a server chain or CA file; the usable
    // anchors of a trust store.
    let expires = list
        .iter()
        .filter(|(i, e)| match kind {
            InputKind::ServerChain => chain.contains(i),
            InputKind::CaFile => true,
            InputKind::TrustStore => e.root && !broken(*i) && !weak(*i),
        })
        .min_by_key(|(_, e)| e.cert.not_after)
        .map(|(i, e)| Expiry {
            at: e.cert.not_after.to_rfc3339(),
            certificate: *i,
        });

    let mode = if checked {
        "VERIFY_IDENTITY"
    } else {
        "VERIFY_CA"
    };
    let codes = |list: &[Finding]| {
        let mut unique: Vec<&str> = Vec::new();
        for f in list {
            if !unique.contains(&f.code.as_str()) {
                unique.push(f.code.as_str());
            }
        }
        unique.join(", ")
    };
    let refusal_text = || {
        let mut who: Vec<String> = Vec::new();
        for r in &refusals {
            let at = r
                .certificate
                .filter(|_| r.source == Source::Input)
                .map(|i| format!(" on {}", label(input, i)))
                .unwrap_or_default();
            let line = format!("{}{at} is refused by {}", r.code, r.clients);
            if !who.contains(&line) {
                who.push(line);
            }
        }
        who.join("; ")
    };
    let until = expires
        .as_ref()
        .map(|e| {
            format!(
                "; the first expiry is {}, {}",
                e.at.get(..10).unwrap_or(&e.at),
                label(input, e.certificate)
            )
        })
        .unwrap_or_default();

    let status = match kind {
        InputKind::TrustStore => {
            let a = authorities.clone().unwrap_or_default();
            if !errors.is_empty() {
                Status::Fails
            } else if a.usable_roots > 0 {
                Status::Passes
            } else if a.roots > a.expired + a.not_yet_valid && a.weak > 0 {
                Status::DependsOnClient
            } else {
                Status::Fails
            }
        }
        _ if !errors.is_empty() => Status::Fails,
        _ if !refusals.is_empty() => Status::DependsOnClient,
        _ => Status::Passes,
    };

    let host_text = host.map(|h| format!(" for {h}")).unwrap_or_default();
    let headline = match (kind, status) {
        (InputKind::ServerChain, Status::Passes) => format!(
            "Passes {mode}{host_text}{}",
            if checked {
                String::new()
            } else {
                "; give the host name clients connect to, to check VERIFY_IDENTITY too".into()
            }
        ),
        (InputKind::ServerChain, Status::Fails) => {
            format!("Fails {mode}{host_text}: {}", codes(errors))
        }
        (InputKind::ServerChain, Status::DependsOnClient) => format!(
            "Depends on the client: no error under {mode}{host_text}, but {}",
            refusal_text()
        ),
        (InputKind::CaFile, status) => {
            let a = authorities.clone().unwrap_or_default();
            let cas = format!(
                "{} CA certificate{}",
                a.cas,
                if a.cas == 1 { "" } else { "s" }
            );
            match status {
                Status::Passes => format!(
                    "Usable CA file: {cas}, each usable, the chain complete{until}. \
                     VERIFY_IDENTITY needs the server's certificate"
                ),
                Status::DependsOnClient => format!(
                    "Depends on the client: a CA file of {cas} without errors, but {}",
                    refusal_text()
                ),
                Status::Fails => format!("Not usable as a CA file ({cas}): {}", codes(errors)),
            }
        }
        (InputKind::TrustStore, status) => {
            let a = authorities.clone().unwrap_or_default();
            let mut left_out = Vec::new();
            if a.expired > 0 {
                left_out.push(format!("{} expired", a.expired));
            }
            if a.not_yet_valid > 0 {
                left_out.push(format!("{} not yet valid", a.not_yet_valid));
            }
            if a.weak > 0 {
                left_out.push(format!("{} weak", a.weak));
            }
            let other = a
                .cas
                .saturating_sub(a.usable + a.expired + a.not_yet_valid + a.weak);
            if other > 0 {
                left_out.push(format!("{other} with other problems"));
            }
            let left_out = if left_out.is_empty() {
                String::new()
            } else {
                format!(
                    " ({} CA certificates left out: {})",
                    a.cas.saturating_sub(a.usable),
                    left_out.join(", ")
                )
            };
            match status {
                Status::Fails if errors.is_empty() => format!(
                    "Trust store without a usable anchor: none of its {} roots can be used{left_out}",
                    a.roots
                ),
                Status::Fails => format!("Trust store: {}", codes(errors)),
                Status::DependsOnClient => format!(
                    "Depends on the client: every usable root of this trust store of {} roots \
                     is weak{left_out}",
                    a.roots
                ),
                Status::Passes => format!(
                    "Trust store with {} usable anchor{} of {} roots{left_out}",
                    a.usable_roots,
                    if a.usable_roots == 1 { "" } else { "s" },
                    a.roots
                ),
            }
        }
    };

    let server_certificate_how_to = if identity == Identity::NeedsServerCertificate {
        how_to(host)
    } else {
        Vec::new()
    };
    Verdict {
        input: kind,
        status,
        mode,
        headline,
        identity,
        host: host.map(str::to_owned),
        refused_by: refusals,
        authorities,
        expires,
        server_certificate_how_to,
        other_path: None,
    }
}

/// How to get the server's certificate, to check `VERIFY_IDENTITY` with it.
pub fn how_to(host: Option<&str>) -> Vec<HowTo> {
    let target = host.unwrap_or("<host>");
    vec![
        HowTo {
            text: "Ask the server with dbcert: it shows the chain the server sends and checks \
                   every SSL mode against the CA file"
                .into(),
            command: Some(format!("dbcert probe {target}:3306 --ca <CA file>")),
        },
        HowTo {
            text: "Or with OpenSSL 1.1.1+: save the certificates it prints (the first is the \
                   server's) as a PEM file"
                .into(),
            command: Some(format!(
                "openssl s_client -starttls mysql -connect {target}:3306 -showcerts </dev/null"
            )),
        },
        HowTo {
            text: "Or, on a server you run, the file its ssl_cert variable names (SHOW VARIABLES \
                   LIKE 'ssl_cert')"
                .into(),
            command: None,
        },
    ]
}
