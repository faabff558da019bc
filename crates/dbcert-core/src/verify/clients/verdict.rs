//! One client's verdict from a report's findings and [`StackFacts`]: the report's errors, the
//! profile's rules (`profile.rs`) and its host rule (`host.rs`).

use super::host;
use super::profile::{self, Profile, Scope, Stack, Who};
use super::table::{self, Route};
use super::{Answer, Caveat, CaveatCode, CertFacts, ClientVerdict, Position, StackFacts};
use crate::error::{Error, ErrorCode, Result};
use crate::snippet::SslMode;
use crate::verify::{Finding, FindingCode, Source};

fn in_scope(scope: Scope, p: Position) -> bool {
    match scope {
        Scope::All => true,
        Scope::NotAnchor => !p.anchor,
        Scope::Cas => !p.leaf,
        Scope::Leaf => p.leaf,
    }
}

fn label(c: &CertFacts) -> String {
    match c.source {
        Source::Input => format!("certificate #{}", c.index.saturating_add(1)),
        Source::Ca => format!("CA certificate #{}", c.index.saturating_add(1)),
    }
}

fn applies(who: &[Who], p: &Profile) -> bool {
    who.iter().any(|w| w.applies(p))
}

/// The refusals `profile` adds to the report's errors (code, reason), in path order.
fn stack_refusals(
    profile: &Profile,
    facts: &StackFacts,
    warnings: &[Finding],
) -> Vec<(FindingCode, String)> {
    let mut out = Vec::new();
    let name = profile_words(profile);
    for c in &facts.path {
        if let Some(bits) = c.rsa_bits {
            let floor = profile::KEY_FLOORS
                .iter()
                .filter(|f| f.who.applies(profile) && in_scope(f.scope, c.position))
                .map(|f| f.min_rsa_bits)
                .max();
            if let Some(min) = floor.filter(|&m| bits < m) {
                out.push((
                    FindingCode::WeakKey,
                    format!(
                        "{} has a {bits}-bit RSA key and {name} refuses keys under {min} bits: \
                         reissue it with RSA 2048+ or ECDSA P-256",
                        label(c)
                    ),
                ));
            }
        }
        if !c.position.anchor {
            if let Some(h) = c.weak_hash {
                if profile::HASH_BANS
                    .iter()
                    .any(|b| b.hash == h && b.who.applies(profile))
                {
                    out.push((
                        FindingCode::WeakSignatureAlgorithm,
                        format!(
                            "{} is signed with {h}, which {name} refuses: reissue it with SHA-256",
                            label(c)
                        ),
                    ));
                }
            }
            if c.version != 3 && applies(profile::V1_REFUSED_BY, profile) {
                out.push((
                    FindingCode::V1Certificate,
                    format!(
                        "{} is an X.509 v{} certificate, which {name} refuses: reissue it as v3",
                        label(c),
                        c.version
                    ),
                ));
            }
        }
    }
    let cn = if applies(profile::CN_NAME_CONSTRAINTS, profile) {
        facts.name_constraints_cn.as_ref()
    } else if applies(profile::CN_NAME_CONSTRAINTS_JDK, profile) {
        facts.name_constraints_cn_jdk.as_ref()
    } else {
        None
    };
    if let Some(m) = cn {
        out.push((FindingCode::NameConstraints, m.clone()));
    }
    if let Some(leaf) = facts.path.first().filter(|c| c.position.leaf) {
        if let Some(ku) = facts.leaf_key_usage {
            let short = profile::LEAF_USAGES
                .iter()
                .find(|u| u.who.applies(profile) && ku & u.any_of == 0);
            if short.is_some() {
                out.push((
                    FindingCode::KeyUsage,
                    format!(
                        "the keyUsage of {} does not allow the key use {name} requires of a TLS \
                         server (digitalSignature for ECDHE): reissue it with \
                         keyUsage=digitalSignature,keyEncipherment",
                        label(leaf)
                    ),
                ));
            }
        }
        if facts.leaf_is_ca && applies(profile::LEAF_CA_REFUSED_BY, profile) {
            out.push((
                FindingCode::KeyUsage,
                format!(
                    "{} is a CA certificate (basicConstraints cA=TRUE), which {name} refuses as \
                     the server's certificate: reissue it with cA=FALSE",
                    label(leaf)
                ),
            ));
        }
    }
    if let Some(a) = facts.path.last().filter(|c| c.position.anchor) {
        if !a.self_issued && !profile.partial_chain && !a.position.leaf {
            out.push((
                FindingCode::UnknownIssuer,
                format!(
                    "the path ends at {}, a trusted certificate that is not a root; {name} \
                     without X509_V_FLAG_PARTIAL_CHAIN wants the root itself in the CA file \
                     (\"unable to get issuer certificate\"): add the root to the CA file",
                    label(a)
                ),
            ));
        }
    }
    for c in &facts.path {
        if c.p521 && applies(profile::P521_REFUSED_BY, profile) {
            out.push((
                FindingCode::UnsupportedAlgorithm,
                format!(
                    "{} has a P-521 key, which {name} cannot verify with: reissue the CA with \
                     P-256 or P-384",
                    label(c)
                ),
            ));
        }
        if c.expires_at_the_second && applies(profile::NOT_AFTER_EXCLUSIVE, profile) {
            out.push((
                FindingCode::Expired,
                format!(
                    "{} expires at this very second, which {name} already counts as expired",
                    label(c)
                ),
            ));
        }
        if let Some(ext) = c.critical_beyond_webpki.as_ref().filter(|_| {
            applies(profile::CRITICAL_BEYOND_WEBPKI_REFUSED_BY, profile)
                && !(c.position.anchor
                    && applies(profile::ANCHOR_CRITICAL_EXTENSIONS_IGNORED_BY, profile))
        }) {
            out.push((
                FindingCode::UnsupportedCriticalExtension,
                format!(
                    "{} marks its {ext} extension critical, which {name} does not process and \
                     so refuses (UnsupportedCriticalExtension): reissue it with the extension \
                     non-critical",
                    label(c)
                ),
            ));
        }
        if let Some(gap) = c
            .strict_gap
            .filter(|_| applies(profile::X509_STRICT_REFUSED_BY, profile))
        {
            out.push((
                FindingCode::BadExtension,
                format!(
                    "{}: \"{gap}\", which Python 3.13's VERIFY_X509_STRICT refuses: reissue it \
                     following RFC 5280, or clear the flag (as PyMySQL does)",
                    label(c)
                ),
            ));
        }
    }
    if let Some((_, max)) = profile::MAX_HANDSHAKE_MESSAGE
        .iter()
        .find(|(w, max)| w.applies(profile) && facts.certificate_message_bytes > *max)
    {
        out.push((
            FindingCode::PathBuildingLimit,
            format!(
                "the server's certificates make a {}-byte TLS Certificate message, more than the \
                 {max} bytes {name} reads (jdk.tls.maxHandshakeMessageSize): send fewer or \
                 smaller certificates",
                facts.certificate_message_bytes
            ),
        ));
    }
    if let Some((_, max)) = profile::MAX_CERTIFICATES_SENT
        .iter()
        .find(|(w, max)| w.applies(profile) && facts.sent_certificates > *max)
    {
        out.push((
            FindingCode::PathBuildingLimit,
            format!(
                "the server sends {} certificates, more than the {max} {name} takes in one TLS \
                 Certificate message (jdk.tls.maxCertificateChainLength): send the server \
                 certificate and the intermediates of its path only",
                facts.sent_certificates
            ),
        ));
    }
    if facts.sent_chain_unanchored && profile.path_as_sent {
        out.push((
            FindingCode::UnknownIssuer,
            "Connector/J validates the certificates exactly as the server sends them, and no \
             trusted certificate issued the last of them (\"Path does not chain with any of the \
             trust anchors\"), as when the server sends the trusted intermediate itself: add \
             its issuer, up to the root, to the truststore, or stop sending the trusted \
             certificate"
                .to_owned(),
        ));
    }
    if let Some(i) = facts.sent_out_of_validity.filter(|_| profile.path_as_sent) {
        out.push((
            FindingCode::Expired,
            format!(
                "certificate #{} of those the server sends is outside its validity, and \
                 Connector/J checks the validity of every certificate sent, on the path or not: \
                 stop sending it",
                i.saturating_add(1)
            ),
        ));
    }
    if profile.path_as_sent {
        // Connector/J (`ExportControlled$X509TrustManagerWrapper.checkServerTrusted`): every
        // certificate sent must be within its validity, and a PKIX `CertPathValidator` runs over
        // the chain exactly as sent, so one sent out of order or beside the path fails it.
        if let Some(w) = warnings.iter().find(|w| {
            matches!(
                w.code,
                FindingCode::NotOrdered | FindingCode::UnusedCertificate
            )
        }) {
            out.push((
                w.code,
                format!(
                    "{} validates the certificates exactly as the server sends them, as one \
                     path: {}",
                    "Connector/J", w.message
                ),
            ));
        }
    }
    if let Some(i) = facts
        .sent_empty_subject_noncritical_san
        .filter(|_| applies(profile::EMPTY_SUBJECT_NONCRITICAL_SAN_REFUSED_BY, profile))
    {
        out.push((
            FindingCode::BadExtension,
            format!(
                "certificate #{} has an empty subject and a subjectAltName not marked critical, \
                 which {name} cannot even decode (RFC 5280 wants the subjectAltName critical \
                 then): reissue it with a subject or with the subjectAltName critical",
                i.saturating_add(1)
            ),
        ));
    }
    if let Some((code, why)) = facts
        .self_issued_counted
        .as_ref()
        .filter(|_| applies(profile::SELF_ISSUED_COUNTED_BY, profile))
    {
        out.push((*code, why.clone()));
    }
    if applies(profile::POLICY_REFUSED_BY, profile) {
        if let Some(w) = warnings
            .iter()
            .find(|w| w.code == FindingCode::CertificatePolicy)
        {
            out.push((FindingCode::CertificatePolicy, w.message.clone()));
        }
    }
    out
}

/// The stack as people name it in a reason.
fn profile_words(p: &Profile) -> String {
    match p.stack {
        Stack::Openssl | Stack::Dotnet => {
            format!("OpenSSL at security level {}", p.security_level)
        }
        Stack::Java => "the JDK's PKIX validation".to_owned(),
        Stack::Go => "Go's crypto/x509".to_owned(),
        Stack::Rustls => "rustls (webpki, ring)".to_owned(),
    }
}

/// Whether finding `f` is about certificate `c`.
fn is_cert(f: &Finding, c: Option<&CertFacts>) -> bool {
    c.is_some_and(|c| f.certificate == Some(c.index) && f.source == c.source)
}

/// Why `profile` refuses the server certificate's `names` for host `h`, if it does.
fn host_refusal(
    profile: &Profile,
    names: &host::LeafNames,
    h: &str,
    errors: &[Finding],
) -> Option<(FindingCode, String)> {
    if host::matches(profile.host, names, h) {
        return None;
    }
    let no_san = names.dns.is_empty() && names.ips.is_empty();
    let cn_ignored = matches!(
        profile.host,
        profile::HostRule::Go | profile::HostRule::Webpki
    );
    if no_san && cn_ignored {
        return Some((
            FindingCode::CnOnly,
            format!(
                "the server certificate names the server in its Common Name only, which {} \
                 ignores: reissue it with subjectAltName=DNS:{h}",
                profile_words(profile)
            ),
        ));
    }
    let message = errors
        .iter()
        .find(|e| e.code == FindingCode::HostnameMismatch)
        .map(|e| e.message.clone())
        .unwrap_or_else(|| {
            format!(
                "{} does not accept the server certificate's names for \"{h}\" (its own \
                 matching rules); reissue it with subjectAltName=DNS:{h}",
                profile_words(profile)
            )
        });
    Some((FindingCode::HostnameMismatch, message))
}

/// Judges one profile in one mode from a report's findings and facts: the answer, the codes
/// that refuse, and the reason. An OpenSSL-based profile is judged on the path OpenSSL builds
/// ([`StackFacts::openssl_path`]) when it is not the reported one.
pub fn judge(
    profile: &Profile,
    mode: SslMode,
    errors: &[Finding],
    warnings: &[Finding],
    facts: &StackFacts,
) -> (Answer, Vec<FindingCode>, String) {
    judge_path(profile, mode, errors, warnings, facts, false)
}

/// [`judge`]; `without_crl`: the client does not check CRLs (`errors` come without the
/// revocation findings, and so must those of OpenSSL's own path).
fn judge_path(
    profile: &Profile,
    mode: SslMode,
    errors: &[Finding],
    warnings: &[Finding],
    facts: &StackFacts,
    without_crl: bool,
) -> (Answer, Vec<FindingCode>, String) {
    let Some(other) = facts
        .openssl_path
        .as_deref()
        .filter(|_| matches!(profile.stack, Stack::Openssl | Stack::Dotnet))
    else {
        return judge_facts(profile, mode, errors, warnings, facts);
    };
    let kept: Vec<Finding>;
    let other_errors = if without_crl {
        kept = other
            .errors
            .iter()
            .filter(|e| !is_revocation(e.code))
            .cloned()
            .collect();
        &kept
    } else {
        &other.errors
    };
    let (answer, codes, reason) =
        judge_facts(profile, mode, other_errors, &other.warnings, &other.facts);
    if answer != Answer::Refuses {
        return (answer, codes, reason);
    }
    let mut steps: Vec<String> = other
        .chain
        .iter()
        .map(|i| format!("#{}", i.saturating_add(1)))
        .collect();
    if let Some(a) = other.anchor.filter(|a| a.source == Source::Ca) {
        steps.push(format!("CA certificate #{}", a.index.saturating_add(1)));
    }
    let reason = format!(
        "OpenSSL builds the path {} (for each certificate it takes the first issuer whose name \
         and key identifier fit, the trusted certificates first, and does not try another): \
         {reason}",
        steps.join(" → ")
    );
    (answer, codes, reason)
}

/// [`judge`] on the given findings and facts alone.
fn judge_facts(
    profile: &Profile,
    mode: SslMode,
    errors: &[Finding],
    warnings: &[Finding],
    facts: &StackFacts,
) -> (Answer, Vec<FindingCode>, String) {
    if let Some(why) = profile.unknown {
        return (Answer::Unknown, Vec::new(), why.to_owned());
    }
    let skip_anchor_nc = facts.name_constraints_anchor_only
        && applies(profile::ANCHOR_NAME_CONSTRAINTS_IGNORED_BY, profile);
    let leaf = facts.path.first().filter(|c| c.position.leaf);
    let leaf_bad = errors
        .iter()
        .filter(|e| e.code == FindingCode::BadExtension && is_cert(e, leaf))
        .count();
    let skip_leaf_san = leaf_bad == 1
        && ((facts.leaf_san_undecodable && applies(profile::UNDECODED_SAN_ACCEPTED_BY, profile))
            || (facts.leaf_san_lenient && applies(profile::LENIENT_SAN_ACCEPTED_BY, profile)));
    let skip_leaf_ku =
        facts.leaf_usage_fits_tls && applies(profile::LEAF_USAGE_AGREEMENT_IGNORED_BY, profile);
    let skip_leaf_nc = facts.leaf_carries_name_constraints
        && applies(profile::LEAF_NAME_CONSTRAINTS_IGNORED_BY, profile);
    let anchor = facts.path.last().filter(|c| c.position.anchor);
    let skip_anchor_expiry =
        applies(profile::EXPIRED_ANCHOR_IGNORED_BY, profile) && !profile.path_as_sent;
    let skip_anchor_ku = applies(profile::ANCHOR_KEY_USAGE_IGNORED_BY, profile)
        || (facts.anchor_ca_without_basic_constraints
            && !profile.x509_strict
            && applies(
                profile::ANCHOR_WITHOUT_BASIC_CONSTRAINTS_ACCEPTED_BY,
                profile,
            ));
    let skip_anchor_ca = facts.anchor_ca_without_basic_constraints
        && !profile.x509_strict
        && applies(
            profile::ANCHOR_WITHOUT_BASIC_CONSTRAINTS_ACCEPTED_BY,
            profile,
        );
    let skip_anchor_critical = applies(profile::ANCHOR_CRITICAL_EXTENSIONS_IGNORED_BY, profile);
    let skip_leaf_eku = facts.leaf_eku_empty && applies(profile::EMPTY_EKU_ACCEPTED_BY, profile);
    let skip_ca_eku = applies(profile::CA_EKU_IGNORED_BY, profile);
    let eku_only = |e: &Finding| {
        facts
            .path
            .iter()
            .any(|c| c.ca_usage_gap_is_eku_only && is_cert(e, Some(c)))
    };
    let mut refusals: Vec<(FindingCode, String)> = errors
        .iter()
        .filter(|e| e.code != FindingCode::HostnameMismatch)
        .filter(|e| !(skip_leaf_nc && e.code == FindingCode::NameConstraints && is_cert(e, leaf)))
        .filter(|e| !(skip_anchor_expiry && e.code == FindingCode::Expired && is_cert(e, anchor)))
        .filter(|e| !(skip_leaf_ku && e.code == FindingCode::KeyUsage && is_cert(e, leaf)))
        .filter(|e| !(skip_anchor_nc && e.code == FindingCode::NameConstraints))
        .filter(|e| !(skip_leaf_san && e.code == FindingCode::BadExtension && is_cert(e, leaf)))
        .filter(|e| !(skip_leaf_eku && e.code == FindingCode::BadExtension && is_cert(e, leaf)))
        .filter(|e| !(skip_anchor_ku && e.code == FindingCode::KeyUsage && is_cert(e, anchor)))
        .filter(|e| !(skip_ca_eku && e.code == FindingCode::KeyUsage && eku_only(e)))
        .filter(|e| !(skip_anchor_ca && e.code == FindingCode::NotACa && is_cert(e, anchor)))
        .filter(|e| {
            !(skip_anchor_critical
                && e.code == FindingCode::UnsupportedCriticalExtension
                && is_cert(e, anchor))
        })
        .map(|e| (e.code, e.message.clone()))
        .collect();
    refusals.extend(stack_refusals(profile, facts, warnings));
    if facts.leaf_trusted
        && !profile.path_as_sent
        && applies(profile::TRUSTED_LEAF_UNCHECKED_BY, profile)
    {
        // Only what JSSE meets before its trust manager remains: a certificate or extension
        // it cannot decode (kept, as the JDK's parser refuses a critical one), the Certificate
        // message's limits.
        refusals.retain(|(c, _)| {
            matches!(
                c,
                FindingCode::MalformedCertificate
                    | FindingCode::PathBuildingLimit
                    | FindingCode::BadExtension
            )
        });
    }
    let checks_host = mode == SslMode::VerifyIdentity || profile.ca_mode_checks_host;
    let mut unknown = None;
    if checks_host {
        let names = facts
            .leaf_names_jdk
            .as_ref()
            .filter(|_| profile.stack == Stack::Java)
            .or(facts.leaf_names.as_ref());
        match (&facts.host, names) {
            (Some(h), Some(names)) => {
                refusals.extend(host_refusal(profile, names, h, errors));
            }
            (None, Some(_)) => {
                unknown = Some(if mode == SslMode::VerifyIdentity {
                    "no host given: VERIFY_IDENTITY compares the certificate with the host the \
                     client connects to (--host)"
                        .to_owned()
                } else {
                    "this client checks the host name in VERIFY_CA too; give the host it connects \
                     to (--host)"
                        .to_owned()
                });
            }
            _ => {}
        }
    }
    if refusals.is_empty() {
        if let Some(why) = unknown {
            return (Answer::Unknown, Vec::new(), why);
        }
        let what = if checks_host {
            "the chain and the host name"
        } else {
            "the chain"
        };
        return (
            Answer::Connects,
            Vec::new(),
            format!("{} accepts {what}", profile_words(profile)),
        );
    }
    let mut codes: Vec<FindingCode> = Vec::new();
    for (c, _) in &refusals {
        if !codes.contains(c) {
            codes.push(*c);
        }
    }
    let reason = refusals
        .into_iter()
        .next()
        .map(|(_, r)| r)
        .unwrap_or_default();
    (Answer::Refuses, codes, reason)
}

/// A client to judge: a snippet id and, optionally, its version (`ID@VERSION`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientRef<'a> {
    /// The snippet id.
    pub id: &'a str,
    /// The version; `None` for the client's default.
    pub version: Option<&'a str>,
}

impl<'a> ClientRef<'a> {
    /// Parses `ID` or `ID@VERSION`.
    pub fn parse(s: &'a str) -> Self {
        match s.split_once('@') {
            Some((id, v)) => Self {
                id: id.trim(),
                version: Some(v.trim()),
            },
            None => Self {
                id: s.trim(),
                version: None,
            },
        }
    }
}

impl<'a> ClientRef<'a> {
    /// Parses `ID` or `ID@VERSION` as [`ClientRef::parse`] does and checks both against the
    /// table ([`table::find`]): an [`ErrorCode::InvalidOption`] error names the known ids, or
    /// the client's known versions. What `--client` and the JS `clients` option take.
    pub fn checked(s: &'a str) -> Result<Self> {
        let r = Self::parse(s);
        table::find(r.id, r.version).map_err(|why| Error::new(ErrorCode::InvalidOption, why))?;
        Ok(r)
    }
}

/// The findings of revocation checking (given CRLs): they count only for the clients that check
/// a CRL at all.
fn is_revocation(code: FindingCode) -> bool {
    matches!(
        code,
        FindingCode::Revoked
            | FindingCode::CrlMissing
            | FindingCode::CrlExpired
            | FindingCode::CrlNotYetValid
            | FindingCode::CrlBadSignature
            | FindingCode::UnsupportedCrl
    )
}

/// The caveat of a client that connects without checking the CRLs given, when the report has
/// revocation findings (`unseen`, in report order): none without them.
fn revocation_caveat(unseen: &[&Finding]) -> Vec<Caveat> {
    let Some(first) = unseen.first() else {
        return Vec::new();
    };
    let mut codes: Vec<FindingCode> = Vec::new();
    for f in unseen {
        if !codes.contains(&f.code) {
            codes.push(f.code);
        }
    }
    vec![Caveat {
        code: CaveatCode::RevocationNotChecked,
        unseen: codes,
        message: format!(
            "it connects only because it does not check the CRLs (its settings take none): {}",
            first.message
        ),
    }]
}

/// Whether `client` checks the CRLs it is given in `mode`: asked of the snippet generator, whose
/// client modules say (with their sources) which clients cannot (`snippet/crl.rs`), as the
/// advisor asks it for the clients' TLS versions. The Java drivers count as checking: the JDK
/// checks each certificate against the CRL its distribution point names.
#[cfg(feature = "snippet-crl")]
fn checks_crl(client: &str, mode: SslMode) -> bool {
    let mut o = crate::snippet::SnippetOptions::new(client, mode);
    o.host = Some("db.example.com".into());
    o.ca = Some("ca.pem".into());
    o.crl = Some("crl.pem".into());
    crate::snippet::generate(&o).map_or(true, |s| !crate::snippet::crl_ignored(&s))
}

/// Without the snippets' CRL options, every client counts as checking the CRLs it is given.
#[cfg(not(feature = "snippet-crl"))]
fn checks_crl(_: &str, _: SslMode) -> bool {
    true
}

/// The mode `client`'s snippet (at the table's `version`) runs when asked for `mode`: one that
/// cannot express VERIFY_CA gets VERIFY_IDENTITY (the snippet's `unsupported_mode` warning and
/// `alternative`, e.g. mariadb-cli, whose `--ssl-verify-server-cert` checks the host name as
/// well, or an option file read by MariaDB's tools), and that is the mode whose verdict the
/// client meets.
fn snippet_runs(client: &str, version: &str, mode: SslMode) -> SslMode {
    if mode != SslMode::VerifyCa {
        return mode;
    }
    let mut o = crate::snippet::SnippetOptions::new(client, mode);
    o.host = Some("db.example.com".into());
    o.ca = Some("ca.pem".into());
    if version == "mariadb" && client == "my-cnf" {
        o.server_flavor = Some(crate::snippet::ServerFlavor::Mariadb);
    }
    let mut at_version = o.clone();
    at_version.client_version = Some(version.to_owned());
    match crate::snippet::generate(&at_version).or_else(|_| crate::snippet::generate(&o)) {
        Ok(s) if !s.supported && s.alternative == Some(SslMode::VerifyIdentity) => {
            SslMode::VerifyIdentity
        }
        _ => mode,
    }
}

/// The verdicts of `clients` (every snippet client at its default version when empty) in
/// VERIFY_CA and VERIFY_IDENTITY, from a report's findings and facts. An unknown client or
/// version gives `unknown` verdicts that say what is known.
pub fn verdicts(
    clients: &[ClientRef<'_>],
    errors: &[Finding],
    warnings: &[Finding],
    facts: &StackFacts,
) -> Vec<ClientVerdict> {
    let all: Vec<ClientRef<'_>> = if clients.is_empty() {
        table::CLIENTS
            .iter()
            .map(|c| ClientRef {
                id: c.id,
                version: None,
            })
            .collect()
    } else {
        clients.to_vec()
    };
    // What a client that does not check CRLs sees: the findings without the revocation ones,
    // made once per report and only when they differ.
    let unseen: Vec<&Finding> = errors.iter().filter(|e| is_revocation(e.code)).collect();
    let kept: Option<Vec<Finding>> = (!unseen.is_empty()).then(|| {
        errors
            .iter()
            .filter(|e| !is_revocation(e.code))
            .cloned()
            .collect()
    });
    let mut out = Vec::with_capacity(all.len().saturating_mul(2));
    for r in all {
        let found = table::find(r.id, r.version);
        for mode in [SslMode::VerifyCa, SslMode::VerifyIdentity] {
            let v = match &found {
                Err(why) => ClientVerdict {
                    client: r.id.to_owned(),
                    version: r.version.unwrap_or_default().to_owned(),
                    stack: None,
                    profile: String::new(),
                    mode,
                    verdict: Answer::Unknown,
                    codes: Vec::new(),
                    reason: why.clone(),
                    caveats: Vec::new(),
                },
                Ok((client, version)) => {
                    let route = if mode == SslMode::VerifyCa {
                        version.ca
                    } else {
                        version.identity
                    };
                    match route {
                        Route::Unknown(why) => ClientVerdict {
                            client: client.id.to_owned(),
                            version: version.version.to_owned(),
                            stack: None,
                            profile: String::new(),
                            mode,
                            verdict: Answer::Unknown,
                            codes: Vec::new(),
                            reason: why.to_owned(),
                            caveats: Vec::new(),
                        },
                        Route::Profile(p) => {
                            let runs = snippet_runs(client.id, version.version, mode);
                            let blind = kept.is_some() && !checks_crl(client.id, mode);
                            let seen = if blind { kept.as_deref() } else { None };
                            let (mut verdict, mut codes, mut reason) =
                                judge_path(p, runs, seen.unwrap_or(errors), warnings, facts, blind);
                            if let Some(i) = facts.v1_crl.filter(|_| {
                                applies(profile::V1_CRL_REFUSED_BY, p)
                                    && checks_crl(client.id, mode)
                            }) {
                                if verdict != Answer::Refuses {
                                    verdict = Answer::Refuses;
                                    reason = format!(
                                        "CRL #{} is a v1 CRL, which {} cannot read (\"x509: \
                                         unsupported crl version\"): have it reissued as v2",
                                        i.saturating_add(1),
                                        profile_words(p)
                                    );
                                }
                                if !codes.contains(&FindingCode::UnsupportedCrl) {
                                    codes.push(FindingCode::UnsupportedCrl);
                                }
                            }
                            let caveats = if blind && verdict == Answer::Connects {
                                revocation_caveat(&unseen)
                            } else {
                                Vec::new()
                            };
                            if runs != mode {
                                reason = format!(
                                    "this client cannot check the CA without the host name, so \
                                     its VERIFY_CA snippet runs VERIFY_IDENTITY: {reason}"
                                );
                            }
                            ClientVerdict {
                                client: client.id.to_owned(),
                                version: version.version.to_owned(),
                                stack: Some(p.stack),
                                profile: p.id.to_owned(),
                                mode,
                                verdict,
                                codes,
                                reason,
                                caveats,
                            }
                        }
                    }
                }
            };
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_takes_the_table_s_ids_and_versions_and_names_them_otherwise() {
        for c in table::CLIENTS {
            assert_eq!(ClientRef::checked(c.id).map(|r| r.version), Ok(None));
            for v in c.versions {
                let spec = format!("{}@{}", c.id, v.version);
                assert_eq!(
                    ClientRef::checked(&spec).map(|r| r.version),
                    Ok(Some(v.version))
                );
            }
        }
        let e = ClientRef::checked("go-sql-driver@0.1").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidOption);
        assert!(e
            .to_string()
            .starts_with("unknown version \"0.1\" of go-sql-driver; expected one of "));
        let e = ClientRef::checked("golang").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidOption);
        let ids: Vec<&str> = table::CLIENTS.iter().map(|c| c.id).collect();
        assert!(e.to_string().ends_with(&ids.join(", ")), "{e}");
        assert!(ClientRef::checked("mysql-cli@").is_err());
    }
}
