//! Chain validation with findings people can act on.
//!
//! [`verify`] answers "will this chain pass `VERIFY_CA` / `VERIFY_IDENTITY`, and if not, exactly
//! why and what to do", for a CA bundle alone or for a server certificate against a CA bundle.
//! It never fails fast: every problem found is a [`Finding`] with a stable snake_case code, a
//! message that says what to do, and the certificate it concerns.
//!
//! How it works:
//! 1. Every certificate of the input (and of `ca`) is decoded; one that cannot be is reported
//!    (`malformed_certificate`) and left out. Byte-identical repeats are reported
//!    (`duplicate_certificate`) and left out.
//! 2. The certificates to verify are chosen ([`VerifyOptions::leaf`], else the server
//!    certificate found in the input, else every certificate at the bottom of a CA bundle).
//! 3. Paths are built from each one up to a trust anchor (`path`): every candidate issuer
//!    (issuer/subject names, authority/subject key identifiers) is tried, so cross-signed roots,
//!    duplicates and several roots are handled; the work is bounded.
//! 4. Each path is checked (`checks`, [`signature`], [`name_constraints`], [`hostname`]); the
//!    first path without errors or weaknesses wins, else the path with the fewest errors is
//!    reported.
//!
//! What counts as an error follows what OpenSSL-based MySQL clients (libmysqlclient, PyMySQL,
//! mysql2) reject; what only stricter clients reject (Go, Connector/J, rustls) is a warning that
//! names them.

mod checks;
pub mod clients;
pub mod hostname;
pub mod name_constraints;
mod openssl_chain;
mod path;
mod policy;
mod revocation;
pub mod signature;
pub mod verdict;

use std::fmt;

use serde::{Serialize, Serializer};

use crate::bundle::Bundle;
use crate::cert::Certificate;
use crate::time::UnixTime;

/// How to verify: trust anchors, host name, time and limits.
#[derive(Clone, Debug)]
pub struct VerifyOptions<'a> {
    /// Trust anchors (`--ca`). `None`: the self-signed certificates of the input are the anchors
    /// (how a downloaded CA chain file such as `ApsaraDB-CA-Chain.pem` is checked on its own).
    pub ca: Option<&'a Bundle>,
    /// The host name or IP address the client connects to (`VERIFY_IDENTITY`); `None` checks the
    /// chain only (`VERIFY_CA`).
    pub host: Option<&'a str>,
    /// The time to verify at (the core has no clock).
    pub at: UnixTime,
    /// A certificate that expires within this many days of `at` gets an `expires_soon` warning.
    pub expires_soon_days: u32,
    /// The index of the input certificate to verify as the server's certificate. `None`: the
    /// end-entity certificate of the input (the one that issued nothing), or, for a bundle of CA
    /// certificates only, every certificate at the bottom of the bundle.
    pub leaf: Option<usize>,
    /// Require the extendedKeyUsage `serverAuth` purpose (when the extension is present), as
    /// every TLS client does for a server. Default `true`.
    pub server_auth: bool,
    /// The most intermediate CA certificates allowed between the leaf and the anchor
    /// (self-issued ones not counted), like OpenSSL's `-verify_depth`. `None`: no limit.
    pub max_chain_depth: Option<usize>,
    /// The most candidate issuers tried while building paths for one certificate before giving
    /// up with a `path_building_limit` error. Default [`DEFAULT_PATH_BUILDING_LIMIT`].
    pub path_building_limit: usize,
    /// Check the own signature of a self-signed root of the input used as a trust anchor (a
    /// tampered root is then reported). Default `true`; [`verify`] turns it off for a trust
    /// store, whose roots clients (OpenSSL, the JDK, Go) use without checking their
    /// self-signatures: 144 of them took most of the time of verifying the system bundle.
    pub anchor_self_signatures: bool,
    /// The native fast path for signature arithmetic (the CLI and the Node addon pass ring's,
    /// `dbcert_ring::RING`): it decides the signatures it supports, after every rule has been
    /// checked; RustCrypto decides the others. `None`: RustCrypto for everything (the
    /// WebAssembly build). A differential test holds the two to the same verdicts (see
    /// [`signature::Backend`]).
    pub accelerator: Option<&'a dyn signature::Backend>,
    /// The clients whose verdicts the report gives (`clients::ClientRef`); empty: every snippet
    /// client at its default version.
    pub clients: &'a [clients::ClientRef<'a>],
    /// Certificate revocation lists (DER, e.g. from [`crate::crl::read::read`]). Empty: no
    /// revocation checking, as a client without `--ssl-crl`. Otherwise every certificate of the
    /// chain but the self-signed root needs a CRL from its issuer and must not be on it, as
    /// OpenSSL-based clients check it with `--ssl-crl` (CRL_CHECK | CRL_CHECK_ALL; delta,
    /// indirect and reason-partitioned CRLs are not used: see `revocation`).
    pub crls: &'a [Vec<u8>],
}

/// Default for [`VerifyOptions::path_building_limit`]: far above any real chain, low enough that
/// a hostile bundle cannot make verification slow.
pub const DEFAULT_PATH_BUILDING_LIMIT: usize = 256;

/// Default for [`VerifyOptions::expires_soon_days`].
pub const DEFAULT_EXPIRES_SOON_DAYS: u32 = 30;

impl<'a> VerifyOptions<'a> {
    /// Options with the defaults: no `ca` (input self-signed certificates are the anchors), no
    /// host, `expires_soon` at 30 days, `serverAuth` required, no depth limit.
    pub fn new(at: UnixTime) -> Self {
        Self {
            ca: None,
            host: None,
            at,
            expires_soon_days: DEFAULT_EXPIRES_SOON_DAYS,
            leaf: None,
            server_auth: true,
            max_chain_depth: None,
            path_building_limit: DEFAULT_PATH_BUILDING_LIMIT,
            anchor_self_signatures: true,
            accelerator: None,
            clients: &[],
            crls: &[],
        }
    }
}

/// Where a certificate comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The input being verified.
    Input,
    /// The trust anchors given as `ca`.
    Ca,
}

/// The trust anchor a chain ends at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnchorRef {
    /// `"input"` (a self-signed certificate of the input, when no `ca` is given) or `"ca"`.
    pub source: Source,
    /// 0-based index in that source.
    pub index: usize,
}

/// The stable code of a [`Finding`].
///
/// Part of the public contract (CLI, JSON, wasm, Node); codes are never renamed. Errors make a
/// chain invalid; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FindingCode {
    /// Error: the certificate's notAfter is before the verification time.
    Expired,
    /// Error: the certificate's notBefore is after the verification time.
    NotYetValid,
    /// Error: a signature does not verify with the issuer's key (or the certificate's two
    /// signature algorithm fields disagree).
    BadSignature,
    /// Error: no issuer for a certificate was found among the input and trust anchors.
    UnknownIssuer,
    /// Error: a certificate that issued another one is not a CA (basicConstraints).
    NotACa,
    /// Error: a pathLenConstraint (or the maximum chain depth) is exceeded.
    PathLenExceeded,
    /// Error: keyUsage or extendedKeyUsage does not allow the use (keyCertSign, serverAuth).
    KeyUsage,
    /// Error: the server certificate does not match the host name or IP address.
    HostnameMismatch,
    /// Error: a name is outside a CA's name constraints (or the constraints are malformed).
    NameConstraints,
    /// Error: a critical extension that clients do not process.
    UnsupportedCriticalExtension,
    /// Error: a signature or key algorithm that clients (and dbcert) cannot verify.
    UnsupportedAlgorithm,
    /// Error: a certificate that cannot be decoded at all.
    MalformedCertificate,
    /// Error: an extension that clients process is malformed.
    BadExtension,
    /// Error: path building gave up after trying too many candidate issuers.
    PathBuildingLimit,
    /// Error: a certificate of the chain is on its issuer's CRL (the message has the date and
    /// reason).
    Revoked,
    /// Error: no usable CRL from a certificate's issuer covers it (OpenSSL: unable to get
    /// certificate CRL, or a different CRL scope).
    CrlMissing,
    /// Error: the CRL for a certificate is past its nextUpdate.
    CrlExpired,
    /// Error: the CRL for a certificate has a thisUpdate after the verification time.
    CrlNotYetValid,
    /// Error: a CRL's signature does not verify with its issuer's key.
    CrlBadSignature,
    /// Error: a CRL that clients cannot use: an unhandled critical extension, an algorithm that
    /// cannot be verified, or it cannot be decoded.
    UnsupportedCrl,
    /// Warning: the certificate expires within the configured number of days.
    ExpiresSoon,
    /// Warning: signed with SHA-1 or MD5.
    WeakSignatureAlgorithm,
    /// Warning: an RSA key shorter than 2048 bits.
    WeakKey,
    /// Warning: the same certificate appears more than once in the input.
    DuplicateCertificate,
    /// Warning: the input is not in leaf → root order.
    NotOrdered,
    /// Warning: an input certificate is not part of any chain.
    UnusedCertificate,
    /// Warning: an X.509 v1 (or v2) certificate where clients want v3.
    V1Certificate,
    /// Warning: the server certificate has no subjectAltName; only its Common Name names it.
    CnOnly,
    /// Warning: the chain breaks a certificate-policy rule its CAs set (RFC 5280 §6.1):
    /// Java clients and Go 1.24+ refuse it, OpenSSL-based clients (which do not check policies)
    /// accept it.
    CertificatePolicy,
    /// Warning: a certificate is not DER; some clients accept the BER form it carries, others
    /// refuse it (the message names both; see `cert::encoding`).
    NotDer,
    /// Warning: a delta CRL was given. It is ignored, as the clients' OpenSSL ignores it since
    /// the fix of openssl/openssl#31040; an OpenSSL without it takes a delta CRL newer than its
    /// base as a complete CRL, so a client built with one may decide otherwise.
    DeltaCrlIgnored,
}

impl FindingCode {
    /// The stable snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::BadSignature => "bad_signature",
            Self::UnknownIssuer => "unknown_issuer",
            Self::NotACa => "not_a_ca",
            Self::PathLenExceeded => "path_len_exceeded",
            Self::KeyUsage => "key_usage",
            Self::HostnameMismatch => "hostname_mismatch",
            Self::NameConstraints => "name_constraints",
            Self::UnsupportedCriticalExtension => "unsupported_critical_extension",
            Self::UnsupportedAlgorithm => "unsupported_algorithm",
            Self::MalformedCertificate => "malformed_certificate",
            Self::BadExtension => "bad_extension",
            Self::PathBuildingLimit => "path_building_limit",
            Self::Revoked => "revoked",
            Self::CrlMissing => "crl_missing",
            Self::CrlExpired => "crl_expired",
            Self::CrlNotYetValid => "crl_not_yet_valid",
            Self::CrlBadSignature => "crl_bad_signature",
            Self::UnsupportedCrl => "unsupported_crl",
            Self::ExpiresSoon => "expires_soon",
            Self::WeakSignatureAlgorithm => "weak_signature_algorithm",
            Self::WeakKey => "weak_key",
            Self::DuplicateCertificate => "duplicate_certificate",
            Self::NotOrdered => "not_ordered",
            Self::UnusedCertificate => "unused_certificate",
            Self::V1Certificate => "v1_certificate",
            Self::CnOnly => "cn_only",
            Self::CertificatePolicy => "certificate_policy",
            Self::NotDer => "not_der",
            Self::DeltaCrlIgnored => "delta_crl_ignored",
        }
    }

    /// True for codes that make a chain invalid.
    pub fn is_error(self) -> bool {
        !matches!(
            self,
            Self::ExpiresSoon
                | Self::WeakSignatureAlgorithm
                | Self::WeakKey
                | Self::DuplicateCertificate
                | Self::NotOrdered
                | Self::UnusedCertificate
                | Self::V1Certificate
                | Self::CnOnly
                | Self::CertificatePolicy
                | Self::NotDer
                | Self::DeltaCrlIgnored
        )
    }

    /// Every code, errors first, for documentation and contract tests.
    pub const ALL: &'static [FindingCode] = &[
        Self::Expired,
        Self::NotYetValid,
        Self::BadSignature,
        Self::UnknownIssuer,
        Self::NotACa,
        Self::PathLenExceeded,
        Self::KeyUsage,
        Self::HostnameMismatch,
        Self::NameConstraints,
        Self::UnsupportedCriticalExtension,
        Self::UnsupportedAlgorithm,
        Self::MalformedCertificate,
        Self::BadExtension,
        Self::PathBuildingLimit,
        Self::Revoked,
        Self::CrlMissing,
        Self::CrlExpired,
        Self::CrlNotYetValid,
        Self::CrlBadSignature,
        Self::UnsupportedCrl,
        Self::ExpiresSoon,
        Self::WeakSignatureAlgorithm,
        Self::WeakKey,
        Self::DuplicateCertificate,
        Self::NotOrdered,
        Self::UnusedCertificate,
        Self::V1Certificate,
        Self::CnOnly,
        Self::CertificatePolicy,
        Self::NotDer,
        Self::DeltaCrlIgnored,
    ];
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FindingCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem (error) or caution (warning).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The stable code.
    pub code: FindingCode,
    /// What is wrong and what to do about it.
    pub message: String,
    /// The 0-based index of the certificate it concerns (in `source`), if any.
    pub certificate: Option<usize>,
    /// Which list `certificate` indexes: the input or the trust anchors (`ca`).
    pub source: Source,
}

/// The result of [`verify`]: one serde model (camelCase) for the CLI's JSON, wasm and Node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyReport {
    /// True when no error was found.
    pub valid: bool,
    /// The chain found, leaf first, as input indexes. When the anchor comes from `ca` and the
    /// input does not hold a copy of it, the chain stops at the last input certificate and
    /// `anchor` names the trusted one. Empty when nothing could be verified.
    pub chain: Vec<usize>,
    /// The trust anchor the chain ends at; `None` when no chain reached one.
    pub anchor: Option<AnchorRef>,
    /// Problems that make the chain fail verification.
    pub errors: Vec<Finding>,
    /// Cautions that do not (expiring soon, weak algorithms, clients that are stricter).
    pub warnings: Vec<Finding>,
    /// Input certificates that are part of no chain.
    pub unused: Vec<usize>,
    /// The answer for the input as a whole, by what it is (server chain, CA file, trust store).
    pub verdict: verdict::Verdict,
    /// For a server chain: each client's verdict in VERIFY_CA and VERIFY_IDENTITY
    /// ([`clients`]); empty for a CA file or trust store.
    pub clients: Vec<clients::ClientVerdict>,
    /// What the clients' stacks differ on, recorded by this verification, so that other clients
    /// can be judged from the report ([`clients::verdicts`]) without verifying again.
    #[serde(skip)]
    pub stack_facts: clients::StackFacts,
}

/// Verifies the chain(s) of `input` against `options.ca` (or the input's own self-signed
/// certificates) at `options.at`. Never panics and never stops at the first problem.
///
/// What the input is decides the question answered ([`verdict`]): a host name is checked only
/// against a server certificate, never against a CA of a CA file or trust store.
pub fn verify(input: &Bundle, options: &VerifyOptions<'_>) -> VerifyReport {
    let kind = verdict::classify(input, options);
    let host = options.host;
    let mut options = options.clone();
    if kind != verdict::InputKind::ServerChain {
        options.host = None;
    }
    if kind == verdict::InputKind::TrustStore {
        options.anchor_self_signatures = false;
    }
    let options = &options;
    let mut graph_findings = Vec::new();
    let graph = path::Graph::new(input, options.ca, &mut graph_findings);
    let trust_store = kind == verdict::InputKind::TrustStore;
    let mut findings = graph_findings.clone();
    let outcome = path::run(&graph, options, trust_store, None, &mut findings);
    let (mut errors, mut warnings) = split(findings);
    let server_chain = kind == verdict::InputKind::ServerChain;
    let mut stack_facts = clients::facts(
        input,
        &graph,
        &outcome.chain,
        outcome.anchor,
        options.host,
        options.at,
        server_chain,
    );
    stack_facts.v1_crl = options
        .crls
        .iter()
        .position(|d| crate::crl::Crl::parse(d).is_ok_and(|c| c.version == 1));
    let verdict = verdict::judge(
        input,
        kind,
        host,
        &mut errors,
        &mut warnings,
        &outcome.chain,
    );
    // OpenSSL builds one path its own way (`openssl_chain`): when it is not the reported one,
    // that path is judged too, for the OpenSSL-based clients.
    if let Some(&target) = outcome.nodes.first().filter(|_| server_chain) {
        let built = openssl_chain::build(&graph, target, options.at);
        if built != outcome.nodes {
            let mut findings = graph_findings;
            let alt = path::run(&graph, options, trust_store, Some(&built), &mut findings);
            let (mut alt_errors, mut alt_warnings) = split(findings);
            let facts = clients::facts(
                input,
                &graph,
                &alt.chain,
                alt.anchor,
                options.host,
                options.at,
                server_chain,
            );
            verdict::judge(
                input,
                kind,
                host,
                &mut alt_errors,
                &mut alt_warnings,
                &alt.chain,
            );
            stack_facts.openssl_path = Some(Box::new(clients::OtherPath {
                chain: alt.chain,
                anchor: alt.anchor,
                errors: alt_errors,
                warnings: alt_warnings,
                facts,
            }));
        }
    }
    let clients = if server_chain {
        clients::verdicts(options.clients, &errors, &warnings, &stack_facts)
    } else {
        Vec::new()
    };
    let mut verdict = verdict;
    if let Some(other) = stack_facts.openssl_path.as_deref() {
        verdict::note_other_path(
            &mut verdict,
            (&outcome.chain, outcome.anchor, errors.is_empty()),
            other,
            &clients,
        );
    }
    VerifyReport {
        valid: errors.is_empty(),
        clients,
        stack_facts,
        chain: outcome.chain,
        anchor: outcome.anchor,
        errors,
        warnings,
        unused: outcome.unused,
        verdict,
    }
}

/// Findings sorted into errors and warnings, without repeats.
fn split(findings: Vec<Finding>) -> (Vec<Finding>, Vec<Finding>) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for f in findings {
        let list = if f.code.is_error() {
            &mut errors
        } else {
            &mut warnings
        };
        if !list.contains(&f) {
            list.push(f);
        }
    }
    (errors, warnings)
}

/// A decoded certificate of the input or of the anchors, with what path building needs.
#[derive(Debug)]
pub(crate) struct Node<'a> {
    pub source: Source,
    pub index: usize,
    pub cert: Certificate<'a>,
    /// subjectKeyIdentifier, if present and well-formed.
    pub ski: Option<&'a [u8]>,
    /// authorityKeyIdentifier keyIdentifier, if present and well-formed.
    pub aki: Option<&'a [u8]>,
    /// Subject and issuer names match.
    pub self_issued: bool,
}

impl Node<'_> {
    /// A finding about this certificate.
    pub fn finding(&self, code: FindingCode, message: impl Into<String>) -> Finding {
        Finding {
            code,
            message: message.into(),
            certificate: Some(self.index),
            source: self.source,
        }
    }

    /// `#2 (CN=Example CA)` or `ca #1 (CN=Root)`, for messages.
    pub fn label(&self) -> String {
        let who = self
            .cert
            .subject
            .common_name()
            .map(|cn| format!("CN={cn}"))
            .unwrap_or_else(|| {
                let s = self.cert.subject.to_rfc4514();
                if s.is_empty() {
                    "empty subject".to_owned()
                } else {
                    s
                }
            });
        match self.source {
            Source::Input => format!("certificate #{} ({who})", self.index.saturating_add(1)),
            Source::Ca => format!("CA certificate #{} ({who})", self.index.saturating_add(1)),
        }
    }
}
