//! "Will my client connect?": a verdict per MySQL client, VERIFY_CA and VERIFY_IDENTITY.
//!
//! One verification ([`super::verify`]) finds the path and every finding; it also records the
//! facts on which the clients' TLS stacks differ ([`StackFacts`]: each certificate's RSA size,
//! signature hash and version, the server certificate's names, the host). Each client is then
//! judged from the report alone, by its stack's [`profile::Profile`]: the report's errors refuse
//! everywhere (what every stack refuses alike), and the profile's rules (`profile.rs`, each
//! with its source) add what only some stacks refuse; the host is matched by each stack's own
//! rule (`host.rs`). No client re-verifies: every stack that builds paths itself (Go, rustls,
//! the JDK) would pick the path the verifier reports, which prefers a path without errors or
//! weaknesses.
//!
//! The report's `valid` stays what OpenSSL-based clients do. Proved against the real stacks on
//! x509-limbo by `cargo xtask limbo --stacks` (`tests/stacks/README.md`).

pub mod host;
pub mod profile;
pub mod table;
mod verdict;

pub use verdict::{judge, verdicts, ClientRef};

use serde::Serialize;

use super::path::Graph;
use super::signature::{rsa_bits, weak_hash};
use super::{AnchorRef, FindingCode, Source};
use crate::oid;
use crate::snippet::SslMode;
use host::LeafNames;
use profile::Stack;
use x509_parser::extensions::GeneralName;

/// A client's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// The client completes the TLS handshake with this chain.
    Connects,
    /// The client refuses the certificate.
    Refuses,
    /// dbcert cannot tell (the reason says why).
    Unknown,
}

impl Answer {
    /// The answer as the report's JSON spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Connects => "connects",
            Answer::Refuses => "refuses",
            Answer::Unknown => "unknown",
        }
    }
}

/// One client's verdict in one mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientVerdict {
    /// The snippet id (`snippet::clients()`).
    pub client: String,
    /// The version (or build) judged.
    pub version: String,
    /// The TLS stack that validates (`None` when dbcert cannot tell which).
    pub stack: Option<Stack>,
    /// The stack profile that decided (`profile::PROFILES`); empty when unknown.
    pub profile: String,
    /// `VERIFY_CA` or `VERIFY_IDENTITY`.
    pub mode: SslMode,
    /// The answer.
    pub verdict: Answer,
    /// The finding codes that make this client refuse.
    pub codes: Vec<FindingCode>,
    /// Why, in words: the first refusal and its fix, or why dbcert cannot tell.
    pub reason: String,
    /// What a connecting client does not check that the report found: it connects only because
    /// it does not see these (empty otherwise).
    pub caveats: Vec<Caveat>,
}

/// What a client does not check, among what the report found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaveatCode {
    /// The CRLs were given but the client's settings take none: it does not see a revocation
    /// finding (`revoked`, `crl_missing`, …).
    RevocationNotChecked,
}

impl CaveatCode {
    /// The code as the report's JSON spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            CaveatCode::RevocationNotChecked => "revocation_not_checked",
        }
    }
}

/// A caveat on a connecting verdict: the client connects only because it does not check
/// something the report found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Caveat {
    /// What the client does not check.
    pub code: CaveatCode,
    /// The report's finding codes the client does not see.
    pub unseen: Vec<FindingCode>,
    /// In words: what it does not check, and the first finding it does not see.
    pub message: String,
}

/// Where a certificate sits in the chosen path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// The server certificate.
    pub leaf: bool,
    /// The trust anchor.
    pub anchor: bool,
}

/// What the stacks differ on, for one certificate of the path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertFacts {
    /// Where it sits.
    pub position: Position,
    /// Which list `index` points into.
    pub source: Source,
    /// Its index there.
    pub index: usize,
    /// Its RSA modulus size, for an RSA key.
    pub rsa_bits: Option<usize>,
    /// `SHA-1` or `MD5` when signed with one.
    pub weak_hash: Option<&'static str>,
    /// 1, 2 or 3.
    pub version: u8,
    /// Its key is on NIST P-521.
    pub p521: bool,
    /// It is self-signed as OpenSSL sees it (`verify::openssl_chain::self_signed`: its own
    /// name, key identifiers and key type as its issuer's), or, as the anchor, a certificate
    /// named as its issuer was given too (OpenSSL goes on to it): a path OpenSSL ends without
    /// PARTIAL_CHAIN.
    pub self_issued: bool,
    /// Its notAfter is the verification time itself (RFC 5280: still valid).
    pub expires_at_the_second: bool,
    /// It is expired at the verification time (the report's `expired`).
    pub expired: bool,
    /// The first RFC 5280 profile rule it breaks that OpenSSL's `X509_V_FLAG_X509_STRICT`
    /// checks (`profile::X509_STRICT_REFUSED_BY`), if any.
    pub strict_gap: Option<&'static str>,
    /// The first extension marked critical that rustls-webpki does not process
    /// (`profile::WEBPKI_EXTENSIONS`), by name, if any.
    pub critical_beyond_webpki: Option<String>,
    /// A CA below the anchor whose only key-usage problem is an extendedKeyUsage without
    /// serverAuth (its keyUsage allows keyCertSign and agrees with its basicConstraints): the
    /// report's `key_usage` on it is then about the extendedKeyUsage alone
    /// (`profile::CA_EKU_IGNORED_BY`).
    pub ca_usage_gap_is_eku_only: bool,
}

/// Everything a profile needs beyond the report's findings, recorded by one verification.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StackFacts {
    /// The reported path, leaf first, the trust anchor last when one was reached.
    pub path: Vec<CertFacts>,
    /// The server certificate's names (`None` when no server certificate was verified).
    pub leaf_names: Option<LeafNames>,
    /// The server certificate's names as the JDK's `X509Certificate.getSubjectAlternativeNames`
    /// gives them after the path validation, when that differs from [`Self::leaf_names`]
    /// ([`host::jdk_names_after_name_constraints`]).
    pub leaf_names_jdk: Option<LeafNames>,
    /// The host the report checked (`--host`).
    pub host: Option<String>,
    /// How the server certificate breaks a CA's name constraints through its Common Name read as
    /// OpenSSL reads it (a DNS name while it has no dNSName, `profile::CN_NAME_CONSTRAINTS`), when
    /// the report itself finds no such violation: the message.
    pub name_constraints_cn: Option<String>,
    /// The same as the JDK reads the CN (`profile::CN_NAME_CONSTRAINTS_JDK`).
    pub name_constraints_cn_jdk: Option<String>,
    /// Every name-constraints violation on the path comes from the trust anchor's own
    /// nameConstraints (`profile::ANCHOR_NAME_CONSTRAINTS_IGNORED_BY`).
    pub name_constraints_anchor_only: bool,
    /// The server certificate is not a CA but carries nameConstraints, and its names break no
    /// CA's constraints (`profile::LEAF_NAME_CONSTRAINTS_IGNORED_BY`).
    pub leaf_carries_name_constraints: bool,
    /// The first certificate sent (input index) that is outside its validity at the
    /// verification time, on the path or not (Connector/J's `checkValidity` of each).
    pub sent_out_of_validity: Option<usize>,
    /// No trusted certificate is named as the issuer of the last certificate the server sends:
    /// a PKIX validation of the chain exactly as sent finds no trust anchor for it (Connector/J's
    /// `CertPathValidator`, "Path does not chain with any of the trust anchors"), e.g. when the
    /// server sends an intermediate that is itself the trusted certificate.
    pub sent_chain_unanchored: bool,
    /// The size of the TLS Certificate message that carries the chain as sent (each
    /// certificate with its 3-byte length, and the list's own), in bytes.
    pub certificate_message_bytes: usize,
    /// The first certificate the server sends is its certificate and is itself trusted: a CA
    /// certificate given is the same certificate, or has its subject and public key
    /// (`profile::TRUSTED_LEAF_UNCHECKED_BY`).
    pub leaf_trusted: bool,
    /// How many certificates the server sends (`profile::MAX_CERTIFICATES_SENT`).
    pub sent_certificates: usize,
    /// The server certificate's keyUsage bits (`cert::ext::KU_*`), when it has the extension.
    pub leaf_key_usage: Option<u16>,
    /// The server certificate says basicConstraints cA=TRUE.
    pub leaf_is_ca: bool,
    /// The server certificate's keyUsage (if any) allows a TLS server key (digitalSignature,
    /// keyEncipherment or keyAgreement) and its extendedKeyUsage (if any) serverAuth: the
    /// report's `key_usage` on it can then only be about keyCertSign and cA agreeing.
    pub leaf_usage_fits_tls: bool,
    /// The server certificate's subjectAltName does not decode (the report's `bad_extension`
    /// on it; `profile::UNDECODED_SAN_ACCEPTED_BY`).
    pub leaf_san_undecodable: bool,
    /// The first CRL given (its index) that is a v1 CRL (`profile::V1_CRL_REFUSED_BY`).
    pub v1_crl: Option<usize>,
    /// The trust anchor has no basicConstraints but OpenSSL's `check_ca` takes it as a CA: its
    /// keyUsage allows keyCertSign, or it is an X.509 v1 self-issued certificate
    /// (`profile::ANCHOR_WITHOUT_BASIC_CONSTRAINTS_ACCEPTED_BY`).
    pub anchor_ca_without_basic_constraints: bool,
    /// A certificate the server sends has an empty subject and a subjectAltName not marked
    /// critical (`profile::EMPTY_SUBJECT_NONCRITICAL_SAN_REFUSED_BY`): its input index.
    pub sent_empty_subject_noncritical_san: Option<usize>,
    /// The server certificate's extendedKeyUsage is an empty list
    /// (`profile::EMPTY_EKU_ACCEPTED_BY`).
    pub leaf_eku_empty: bool,
    /// A self-issued intermediate of the path that a stack counting it would refuse (a
    /// pathLenConstraint exceeded, or its names outside a CA's constraints above it), when the
    /// report does not refuse the path for that already (`profile::SELF_ISSUED_COUNTED_BY`).
    pub self_issued_counted: Option<(FindingCode, String)>,
    /// The server certificate's subjectAltName does not decode, but only for entries OpenSSL's
    /// decoder takes (`name_constraints::san_decodes_in_openssl`,
    /// `profile::LENIENT_SAN_ACCEPTED_BY`).
    pub leaf_san_lenient: bool,
    /// The path OpenSSL builds (`verify::openssl_chain`), judged, when it is not the reported
    /// path: the OpenSSL-based profiles are judged on it.
    pub openssl_path: Option<Box<OtherPath>>,
}

/// Another path for the same server certificate, as dbcert judges it: what a stack that builds
/// its own path meets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherPath {
    /// The path, as input indexes (as the report's `chain`).
    pub chain: Vec<usize>,
    /// The trust anchor it ends at, if it reaches one.
    pub anchor: Option<AnchorRef>,
    /// The errors on that path (with the report's other errors, such as the host name).
    pub errors: Vec<crate::verify::Finding>,
    /// The warnings on that path.
    pub warnings: Vec<crate::verify::Finding>,
    /// The facts of that path ([`StackFacts::openssl_path`] is `None` there).
    pub facts: StackFacts,
}

/// The first rule of OpenSSL 3.0's `X509_V_FLAG_X509_STRICT` profile checks
/// (crypto/x509/x509_vfy.c `check_extensions`, v3 certificates) that `n` breaks; `last`: it
/// ends the path (no authorityKeyIdentifier needed there).
fn strict_gap(n: &super::Node<'_>, leaf: bool, last: bool) -> Option<&'static str> {
    let c = &n.cert;
    // RFC 5280 §4.1.2.4 and §4.1.2.6, checked whatever the version.
    if c.issuer.is_empty() {
        return Some("Issuer name empty");
    }
    let is_ca_or_crl_signer = c.basic_constraints().ok().flatten().is_some_and(|b| b.ca)
        || c.key_usage()
            .ok()
            .flatten()
            .is_some_and(|k| k & (1 << 6) != 0);
    if c.subject.is_empty() && (is_ca_or_crl_signer || c.extension(oid::SUBJECT_ALT_NAME).is_none())
    {
        return Some("Subject name empty");
    }
    if c.version != 3 {
        return None;
    }
    let bc = c.extension(oid::BASIC_CONSTRAINTS);
    let is_ca = c.basic_constraints().ok().flatten().is_some_and(|b| b.ca);
    if is_ca && bc.is_some_and(|e| !e.critical) {
        return Some("Basic Constraints of CA cert not marked critical");
    }
    if is_ca && c.extension(oid::SUBJECT_KEY_ID).is_none() {
        return Some("Missing Subject Key Identifier");
    }
    let cert_sign = c
        .key_usage()
        .ok()
        .flatten()
        .is_some_and(|k| k & (1 << crate::cert::ext::KU_KEY_CERT_SIGN) != 0);
    if !is_ca && cert_sign {
        return Some("Key usage keyCertSign invalid for non-CA cert");
    }
    if !last && c.extension(oid::AUTHORITY_KEY_ID).is_none() {
        return Some("Missing Authority Key Identifier");
    }
    if leaf
        && c.subject.is_empty()
        && c.extension(oid::SUBJECT_ALT_NAME)
            .is_some_and(|e| !e.critical)
    {
        return Some("Subject empty and Subject Alt Name extension not critical");
    }
    None
}

/// Whether the leaf (`ids[0]`) breaks a CA's name constraints with its own names.
fn leaf_names_break_constraints(g: &Graph<'_>, ids: &[usize]) -> bool {
    use super::name_constraints as nc;
    let Some(leaf) = ids.first().and_then(|&id| g.nodes.get(id)) else {
        return false;
    };
    let Ok(sans) = nc::subject_alt_names(&leaf.cert) else {
        return true;
    };
    let names = nc::names_of(&leaf.cert, &sans.unwrap_or_default(), true);
    ids.iter()
        .skip(1)
        .filter_map(|&id| g.nodes.get(id))
        .any(|n| {
            n.cert.extension(oid::NAME_CONSTRAINTS).is_some_and(|e| {
                nc::parse(e).map_or(true, |c| !nc::violations(&names, &c).is_empty())
            })
        })
}

/// Whether the leaf's (`ids[0]`) subjectAltName fails to decode only for entries OpenSSL takes,
/// and no CA above it constrains an iPAddress it holds of another length than 4 or 16 bytes
/// (`name_constraints::san_decodes_in_openssl`).
fn san_lenient(g: &Graph<'_>, ids: &[usize]) -> bool {
    use super::name_constraints as nc;
    let Some(leaf) = ids.first().and_then(|&id| g.nodes.get(id)) else {
        return false;
    };
    if nc::subject_alt_names(&leaf.cert).is_ok() {
        return false;
    }
    match nc::san_decodes_in_openssl(&leaf.cert) {
        None => false,
        Some(false) => true,
        Some(true) => !ids
            .iter()
            .skip(1)
            .filter_map(|&id| g.nodes.get(id))
            .any(|n| {
                n.cert
                    .extension(oid::NAME_CONSTRAINTS)
                    .is_some_and(nc::constrains_ips)
            }),
    }
}

/// What a stack that counts self-issued intermediates (`profile::SELF_ISSUED_COUNTED_BY`) finds
/// on the path `ids` (leaf first) that RFC 5280's exemption hides: a CA's pathLenConstraint
/// exceeded by the intermediates below it, or a self-issued intermediate's names outside a
/// constrained CA above it.
fn self_issued_counted(g: &Graph<'_>, ids: &[usize]) -> Option<(FindingCode, String)> {
    use super::name_constraints as nc;
    let nodes: Vec<&super::Node<'_>> = ids.iter().filter_map(|&id| g.nodes.get(id)).collect();
    if !nodes.iter().skip(1).any(|n| n.self_issued) {
        return None;
    }
    for (pos, n) in nodes.iter().enumerate().skip(1) {
        let below = pos.saturating_sub(1);
        if let Some(max) = n
            .cert
            .basic_constraints()
            .ok()
            .flatten()
            .and_then(|b| b.path_len)
        {
            if below as u64 > max {
                return Some((
                    FindingCode::PathLenExceeded,
                    format!(
                        "{} allows {max} intermediate certificates below it                          (pathLenConstraint) and the path has {below}, counting the                          self-issued ones, as this client does: reissue the path without the                          self-issued intermediate",
                        n.label()
                    ),
                ));
            }
        }
    }
    let last = nodes.len().saturating_sub(1);
    for (pos, n) in nodes
        .iter()
        .enumerate()
        .skip(1)
        .take(last.saturating_sub(1))
    {
        if !n.self_issued {
            continue;
        }
        let sans = nc::subject_alt_names(&n.cert).ok()?.unwrap_or_default();
        let names = nc::names_of(&n.cert, &sans, false);
        for ca in nodes.iter().skip(pos.saturating_add(1)) {
            let Some(ext) = ca.cert.extension(oid::NAME_CONSTRAINTS) else {
                continue;
            };
            let c = nc::parse(ext).ok()?;
            if let Some(v) = nc::violations(&names, &c).into_iter().next() {
                return Some((
                    FindingCode::NameConstraints,
                    format!(
                        "{}, a self-issued intermediate: {v}, which the name constraints of {}                          forbid; this client applies them to self-issued certificates too",
                        n.label(),
                        ca.label()
                    ),
                ));
            }
        }
    }
    None
}

/// Whether `c`'s keyUsage (if any) allows a TLS server key and its extendedKeyUsage (if any)
/// serverAuth; `false` when either does not decode.
fn usage_fits_tls(c: &crate::cert::Certificate<'_>) -> bool {
    // digitalSignature (bit 0), keyEncipherment (2), keyAgreement (4).
    let ku_ok = match c.key_usage() {
        Ok(None) => true,
        Ok(Some(k)) => k & 0b1_0101 != 0,
        Err(_) => false,
    };
    let eku_ok = match c.ext_key_usage() {
        Ok(None) => true,
        Ok(Some(list)) => list.iter().any(|o| {
            o.as_bytes() == oid::KP_SERVER_AUTH || o.as_bytes() == oid::ANY_EXTENDED_KEY_USAGE
        }),
        Err(_) => false,
    };
    ku_ok && eku_ok
}

/// Whether CA certificate `c`'s extendedKeyUsage lists purposes without serverAuth while its
/// keyUsage (if any) allows keyCertSign and agrees with its basicConstraints: its only
/// key-usage finding (`verify::checks`) is then the extendedKeyUsage one.
fn ca_usage_gap_is_eku_only(c: &crate::cert::Certificate<'_>) -> bool {
    let eku_gap = c.ext_key_usage().ok().flatten().is_some_and(|list| {
        !list.is_empty() && !list.iter().any(|o| o.as_bytes() == oid::KP_SERVER_AUTH)
    });
    let is_ca = c.basic_constraints().ok().flatten().is_some_and(|b| b.ca);
    let ku_ok = match c.key_usage() {
        Ok(None) => true,
        Ok(Some(k)) => k & (1 << crate::cert::ext::KU_KEY_CERT_SIGN) != 0 && is_ca,
        Err(_) => false,
    };
    eku_gap && ku_ok
}

/// Whether the path's name-constraint problems all come from the anchor (the last of `ids`):
/// its constraints are malformed or broken, and no other CA's constraints are.
fn nc_from_anchor_only(g: &Graph<'_>, ids: &[usize], anchored: bool) -> bool {
    use super::name_constraints as nc;
    let Some((&anchor, below)) = ids.split_last().filter(|_| anchored) else {
        return false;
    };
    let Some(anchor_ext) = g
        .nodes
        .get(anchor)
        .and_then(|n| n.cert.extension(oid::NAME_CONSTRAINTS))
    else {
        return false;
    };
    let names: Vec<Vec<nc::Presented<'_>>> = below
        .iter()
        .enumerate()
        .filter_map(|(pos, &id)| {
            let n = g.nodes.get(id)?;
            let sans = nc::subject_alt_names(&n.cert).ok()?.unwrap_or_default();
            if pos > 0 && n.self_issued {
                return Some(Vec::new());
            }
            Some(nc::names_of(&n.cert, &sans, pos == 0))
        })
        .collect();
    if names.len() != below.len() {
        return false;
    }
    for (pos, &id) in below.iter().enumerate().skip(1) {
        let Some(ext) = g
            .nodes
            .get(id)
            .and_then(|n| n.cert.extension(oid::NAME_CONSTRAINTS))
        else {
            continue;
        };
        let Ok(c) = nc::parse(ext) else {
            return false;
        };
        if names
            .iter()
            .take(pos)
            .any(|n| !nc::violations(n, &c).is_empty())
        {
            return false;
        }
    }
    match nc::parse(anchor_ext) {
        Err(_) => true,
        Ok(c) => names.iter().any(|n| !nc::violations(n, &c).is_empty()),
    }
}

/// How the leaf (`ids[0]`) breaks a CA's name constraints when its CN is read as OpenSSL reads
/// it ([`super::name_constraints::cn_dns_ids`]), or with `jdk` as the JDK does (an address in
/// the CN is also an iPAddress when the certificate has none), if it does and the report's own
/// reading of its names does not: the finding's message.
fn nc_through_cn(g: &Graph<'_>, ids: &[usize], jdk: bool) -> Option<String> {
    use super::name_constraints as nc;
    let leaf = ids.first().and_then(|&id| g.nodes.get(id))?;
    let sans = nc::subject_alt_names(&leaf.cert).ok()?.unwrap_or_default();
    let mut cns = nc::cn_dns_ids(&leaf.cert, &sans);
    // The JDK reads an address-looking CN as an address only.
    let ip = leaf
        .cert
        .subject
        .common_name()
        .and_then(|cn| cn.parse::<std::net::IpAddr>().ok())
        .filter(|_| jdk);
    let octets: Option<Vec<u8>> = ip
        .map(|ip| match ip {
            std::net::IpAddr::V4(a) => a.octets().to_vec(),
            std::net::IpAddr::V6(a) => a.octets().to_vec(),
        })
        .filter(|_| !sans.iter().any(|n| matches!(n, nc::Presented::Ip(_))));
    if jdk {
        cns.retain(
            |n| !matches!(n, nc::Presented::Dns(d) if d.parse::<std::net::IpAddr>().is_ok()),
        );
    }
    if let Some(o) = &octets {
        cns.push(nc::Presented::Ip(o));
    }
    if cns.is_empty() {
        return None;
    }
    let reported = nc::names_of(&leaf.cert, &sans, true);
    for n in ids.iter().skip(1).filter_map(|&id| g.nodes.get(id)) {
        let Some(ext) = n.cert.extension(oid::NAME_CONSTRAINTS) else {
            continue;
        };
        let c = nc::parse(ext).ok()?;
        if !nc::violations(&reported, &c).is_empty() {
            return None;
        }
        if let Some(v) = nc::violations(&cns, &c).into_iter().next() {
            return Some(format!(
                "{}: its Common Name read as a host name, {v}, which the name constraints of {} \
                 forbid; reissue it with subjectAltName=DNS:<a permitted name>",
                leaf.label(),
                n.label()
            ));
        }
    }
    None
}

fn node_of(g: &Graph<'_>, source: Source, index: usize) -> Option<usize> {
    match source {
        Source::Input => g.input_node.get(index).copied().flatten(),
        Source::Ca => g
            .nodes
            .iter()
            .position(|n| n.source == Source::Ca && n.index == index),
    }
}

/// Records the facts of the reported path (`chain`: input indexes, `anchor`) for the profiles.
pub(crate) fn facts(
    sent: &crate::bundle::Bundle,
    g: &Graph<'_>,
    chain: &[usize],
    anchor: Option<AnchorRef>,
    host: Option<&str>,
    at: crate::time::UnixTime,
    server_chain: bool,
) -> StackFacts {
    let mut ids: Vec<usize> = chain
        .iter()
        .filter_map(|&i| node_of(g, Source::Input, i))
        .collect();
    let anchor_node = anchor.and_then(|a| node_of(g, a.source, a.index));
    if let Some(a) = anchor_node {
        // The input copy standing for a trusted anchor (its twin) gives way to the anchor
        // itself: clients judge the certificate they trust, not the copy the server sent.
        let twin = g
            .twin
            .get(a)
            .copied()
            .flatten()
            .and_then(|t| node_of(g, Source::Input, t));
        if ids.last().is_some_and(|&l| Some(l) == twin) {
            ids.pop();
        }
        if !ids.contains(&a) {
            ids.push(a);
        }
    }
    let last = ids.len().saturating_sub(1);
    let path = ids
        .iter()
        .enumerate()
        .filter_map(|(pos, &id)| {
            let n = g.nodes.get(id)?;
            Some(CertFacts {
                position: Position {
                    leaf: pos == 0 && server_chain,
                    anchor: anchor_node.is_some() && pos == last,
                },
                source: n.source,
                index: n.index,
                rsa_bits: rsa_bits(&n.cert.spki),
                weak_hash: weak_hash(&n.cert.signature_algorithm),
                version: n.cert.version,
                p521: n
                    .cert
                    .spki
                    .algorithm
                    .params
                    .is_some_and(|p| p.value == oid::SECP521R1),
                self_issued: super::openssl_chain::self_signed(g, id)
                    || (anchor_node == Some(id)
                        && g.nodes.iter().enumerate().any(|(j, m)| {
                            j != id
                                && m.source == Source::Ca
                                && m.cert.subject.matches(&n.cert.issuer)
                        })),
                expires_at_the_second: n.cert.not_after == at,
                expired: n.cert.not_after < at,
                strict_gap: strict_gap(n, pos == 0 && server_chain, pos == last),
                critical_beyond_webpki: n
                    .cert
                    .extensions()
                    .iter()
                    .find(|e| e.critical && !profile::WEBPKI_EXTENSIONS.contains(&e.oid.as_bytes()))
                    .map(|e| oid::name(e.oid.as_bytes())),
                ca_usage_gap_is_eku_only: pos > 0
                    && !(anchor_node.is_some() && pos == last)
                    && ca_usage_gap_is_eku_only(&n.cert),
            })
        })
        .collect();
    let leaf_names = ids
        .first()
        .and_then(|&id| g.nodes.get(id))
        .filter(|_| server_chain)
        .map(|n| {
            let mut names = LeafNames {
                cns: n.cert.subject.values(oid::CN),
                ..LeafNames::default()
            };
            for gn in n.cert.subject_alt_names().unwrap_or_default() {
                match gn {
                    GeneralName::DNSName(d) => names.dns.push((*d).to_owned()),
                    GeneralName::IPAddress(b) => names.ips.push(b.to_vec()),
                    _ => {}
                }
            }
            names
        });
    let leaf_cert = ids
        .first()
        .and_then(|&id| g.nodes.get(id))
        .filter(|_| server_chain)
        .map(|n| &n.cert);
    // A CA between the leaf and the anchor with nameConstraints: the JDK's name-constraint
    // check then runs on the leaf (the anchor's own constraints are never applied).
    let constrained_below_anchor = ids
        .iter()
        .enumerate()
        .skip(1)
        .filter(|&(pos, _)| !(anchor_node.is_some() && pos == last))
        .filter_map(|(_, &id)| g.nodes.get(id))
        .any(|n| n.cert.extension(oid::NAME_CONSTRAINTS).is_some());
    let leaf_names_jdk = match (&leaf_names, leaf_cert) {
        (Some(names), Some(c))
            if constrained_below_anchor && c.extension(oid::SUBJECT_ALT_NAME).is_some() =>
        {
            host::jdk_names_after_name_constraints(names)
        }
        _ => None,
    };
    StackFacts {
        path,
        leaf_names,
        leaf_names_jdk,
        host: host.map(str::to_owned),
        name_constraints_anchor_only: nc_from_anchor_only(g, &ids, anchor_node.is_some()),
        sent_out_of_validity: g
            .input_node
            .iter()
            .enumerate()
            .find(|(_, n)| {
                n.and_then(|n| g.nodes.get(n))
                    .is_some_and(|n| n.cert.not_after < at || n.cert.not_before > at)
            })
            .map(|(i, _)| i),
        sent_chain_unanchored: g
            .input_node
            .last()
            .copied()
            .flatten()
            .and_then(|id| g.nodes.get(id))
            .is_some_and(|last| {
                !g.nodes
                    .iter()
                    .any(|n| n.source == Source::Ca && n.cert.subject.matches(&last.cert.issuer))
            }),
        certificate_message_bytes: sent.certificates.iter().fold(3usize, |n, c| {
            n.saturating_add(c.der.len()).saturating_add(3)
        }),
        sent_certificates: sent.certificates.len(),
        leaf_trusted: server_chain
            && chain.first() == Some(&0)
            && node_of(g, Source::Input, 0)
                .and_then(|id| g.nodes.get(id))
                .is_some_and(|leaf| {
                    g.nodes.iter().any(|n| {
                        n.source == Source::Ca
                            && (n.cert.raw == leaf.cert.raw
                                || (n.cert.subject.matches(&leaf.cert.subject)
                                    && n.cert.spki.raw == leaf.cert.spki.raw))
                    })
                }),
        leaf_carries_name_constraints: leaf_cert.is_some_and(|c| {
            c.extension(oid::NAME_CONSTRAINTS).is_some()
                && !c.basic_constraints().ok().flatten().is_some_and(|b| b.ca)
        }) && !leaf_names_break_constraints(g, &ids),
        leaf_key_usage: leaf_cert.and_then(|c| c.key_usage().ok().flatten()),
        leaf_is_ca: leaf_cert
            .is_some_and(|c| c.basic_constraints().ok().flatten().is_some_and(|b| b.ca)),
        leaf_usage_fits_tls: leaf_cert.is_some_and(usage_fits_tls),
        v1_crl: None,
        leaf_san_undecodable: server_chain
            && ids
                .first()
                .and_then(|&id| g.nodes.get(id))
                .is_some_and(|n| super::name_constraints::subject_alt_names(&n.cert).is_err()),
        leaf_san_lenient: server_chain && san_lenient(g, &ids),
        anchor_ca_without_basic_constraints: anchor_node.and_then(|a| g.nodes.get(a)).is_some_and(
            |n| {
                n.cert.extension(oid::BASIC_CONSTRAINTS).is_none()
                    && (n
                        .cert
                        .key_usage()
                        .ok()
                        .flatten()
                        .is_some_and(|k| k & (1 << crate::cert::ext::KU_KEY_CERT_SIGN) != 0)
                        || (n.cert.version == 1 && n.self_issued))
            },
        ),
        sent_empty_subject_noncritical_san: g
            .input_node
            .iter()
            .enumerate()
            .find(|(_, n)| {
                n.and_then(|n| g.nodes.get(n)).is_some_and(|n| {
                    n.cert.subject.is_empty()
                        && n.cert
                            .extension(oid::SUBJECT_ALT_NAME)
                            .is_some_and(|e| !e.critical)
                })
            })
            .map(|(i, _)| i),
        leaf_eku_empty: leaf_cert.is_some_and(|c| {
            c.extension(oid::EXT_KEY_USAGE)
                .is_some_and(|e| e.value == [0x30, 0x00])
        }),
        self_issued_counted: if server_chain {
            self_issued_counted(g, &ids)
        } else {
            None
        },
        openssl_path: None,
        name_constraints_cn: if server_chain {
            nc_through_cn(g, &ids, false)
        } else {
            None
        },
        name_constraints_cn_jdk: if server_chain {
            nc_through_cn(g, &ids, true)
        } else {
            None
        },
    }
}
