//! The checks run on one path (leaf first): validity, basicConstraints and pathLen, keyUsage
//! keyCertSign, extendedKeyUsage serverAuth, unknown critical extensions, name constraints,
//! weak algorithms and keys, X.509 v1; and, for the server certificate, the host name.

use super::hostname;
use super::name_constraints::{self, Presented};
use super::path::Graph;
use super::signature::{check_key, rsa_bits, weak_hash, SignatureError};
use super::{Finding, FindingCode, Node, VerifyOptions};
use crate::cert::ext::{KU_DIGITAL_SIGNATURE, KU_KEY_CERT_SIGN};
use crate::oid;
use x509_parser::extensions::GeneralName;

/// The fix an expired anchor's finding ends with when the input is a chain or a CA file.
const EXPIRED_ANCHOR_FIX: &str = "download the current CA bundle from your provider";

/// What an expired root of a trust store means: clients skip it, and only a server whose chain
/// ends at it is affected.
const EXPIRED_IN_TRUST_STORE: &str = "clients skip an expired root of a trust store, so \
     nothing needs doing unless a server's chain still ends at it (that server then needs a \
     certificate from a current CA); to tidy the store, update it (the OS's ca-certificates \
     package, or the JDK's cacerts) rather than adding roots by hand";

/// keyUsage keyEncipherment (RSA key exchange) and keyAgreement (static (EC)DH) bits.
const KU_KEY_ENCIPHERMENT: u16 = 2;
const KU_KEY_AGREEMENT: u16 = 4;

/// What the checks need besides the path.
pub(crate) struct Ctx<'o> {
    pub options: &'o VerifyOptions<'o>,
    /// The first certificate of the path is a server's certificate (not a CA bundle's bottom).
    pub leaf_mode: bool,
    /// The input is a trust store (many independent roots): an expired root is a root clients
    /// skip, not one to replace.
    pub trust_store: bool,
}

/// Extensions that TLS clients (OpenSSL's list) process, so they may be critical.
const KNOWN_CRITICAL: &[&[u8]] = &[
    oid::BASIC_CONSTRAINTS,
    oid::KEY_USAGE,
    oid::EXT_KEY_USAGE,
    oid::SUBJECT_ALT_NAME,
    oid::NAME_CONSTRAINTS,
    oid::CERTIFICATE_POLICIES,
    oid::POLICY_MAPPINGS,
    oid::POLICY_CONSTRAINTS,
    oid::INHIBIT_ANY_POLICY,
    oid::NETSCAPE_CERT_TYPE,
];

fn day(t: crate::time::UnixTime) -> String {
    t.to_rfc3339()
}

/// Checks one path. `anchor` is the trust anchor node when the path is complete; `self_sig` the
/// result of checking an input anchor's own signature.
pub(crate) fn evaluate(
    g: &Graph<'_>,
    path: &[usize],
    anchor: Option<usize>,
    self_sig: Option<Result<(), SignatureError>>,
    ctx: &Ctx<'_>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let options = ctx.options;
    let last = path.len().saturating_sub(1);
    let complete = anchor.is_some();
    let mut sans: Vec<Vec<Presented<'_>>> = Vec::with_capacity(path.len());
    for (pos, &id) in path.iter().enumerate() {
        let node = &g.nodes[id];
        let is_anchor = complete && pos == last;
        check_node(node, pos, is_anchor, ctx, path, g, &mut out);
        sans.push(match name_constraints::subject_alt_names(&node.cert) {
            Ok(s) => s.unwrap_or_default(),
            Err(why) => {
                out.push(node.finding(
                    FindingCode::BadExtension,
                    format!(
                        "the subjectAltName extension of {} is malformed ({why}); clients \
                         reject it: reissue the certificate",
                        node.label()
                    ),
                ));
                Vec::new()
            }
        });
    }
    // Name constraints of every CA apply to the certificates below it, except self-issued
    // intermediates (RFC 5280 §4.2.1.10, §6.1.4 (b)).
    for (pos, &id) in path.iter().enumerate().skip(1) {
        let ca = &g.nodes[id];
        let Some(ext) = ca.cert.extension(oid::NAME_CONSTRAINTS) else {
            continue;
        };
        let nc = match name_constraints::parse(ext) {
            Ok(nc) => nc,
            Err(why) => {
                out.push(ca.finding(
                    FindingCode::NameConstraints,
                    format!(
                        "the name constraints of {} are malformed ({why}), so nothing it issued \
                         can be trusted; the CA must be reissued",
                        ca.label()
                    ),
                ));
                continue;
            }
        };
        for (below, &bid) in path.iter().enumerate().take(pos) {
            let b = &g.nodes[bid];
            if below > 0 && b.self_issued {
                continue;
            }
            let names =
                name_constraints::names_of(&b.cert, &sans[below], below == 0 && ctx.leaf_mode);
            for v in name_constraints::violations(&names, &nc) {
                out.push(b.finding(
                    FindingCode::NameConstraints,
                    format!(
                        "{}: {v}, which the name constraints of {} forbid; use a certificate \
                         from a CA allowed to issue that name",
                        b.label(),
                        ca.label()
                    ),
                ));
            }
        }
    }
    if let Some(max) = options.max_chain_depth {
        let end = if complete { last } else { path.len() };
        let depth = path
            .get(1..end)
            .unwrap_or_default()
            .iter()
            .filter(|&&id| !g.nodes[id].self_issued)
            .count();
        if depth > max {
            let leaf = &g.nodes[path[0]];
            out.push(leaf.finding(
                FindingCode::PathLenExceeded,
                format!(
                    "the chain of {} has {depth} intermediate CA certificates, more than the \
                     maximum depth of {max} allowed",
                    leaf.label()
                ),
            ));
        }
    }
    if complete {
        // From the certificate the anchor issued down to the leaf.
        let down: Vec<&Node<'_>> = path
            .get(..last)
            .unwrap_or_default()
            .iter()
            .rev()
            .map(|&id| &g.nodes[id])
            .collect();
        if let Some((pos, why)) = super::policy::check(&down) {
            out.push(down[pos].finding(
                FindingCode::CertificatePolicy,
                format!(
                    "Java clients (Connector/J, MariaDB Connector/J: the JDK's PKIX validation) \
                     and Go 1.24+ (go-sql-driver: crypto/x509 checks the policy graph of RFC \
                     9618) refuse this chain: {why}. OpenSSL-based clients (mysql, MariaDB, \
                     PyMySQL, …) do not check certificate policies by default and accept it; \
                     for Java and Go clients, use a chain whose CAs' policies cover the server \
                     certificate"
                ),
            ));
        }
    }
    if let (Some(a), Some(Err(e))) = (anchor, self_sig) {
        let node = &g.nodes[a];
        out.push(match e {
            SignatureError::Bad(why) => node.finding(
                FindingCode::BadSignature,
                format!(
                    "{} is used as a self-signed root, but its own signature does not verify \
                     ({why}): the file was altered; get a fresh copy from the CA",
                    node.label()
                ),
            ),
            SignatureError::Unsupported(why) => node.finding(
                FindingCode::UnsupportedAlgorithm,
                format!(
                    "the self-signature of root {} cannot be verified: {why}",
                    node.label()
                ),
            ),
        });
    }
    out
}

#[allow(clippy::too_many_lines)]
fn check_node(
    node: &Node<'_>,
    pos: usize,
    is_anchor: bool,
    ctx: &Ctx<'_>,
    path: &[usize],
    g: &Graph<'_>,
    out: &mut Vec<Finding>,
) {
    let c = &node.cert;
    let options = ctx.options;
    let label = node.label();
    // Validity (RFC 5280 §4.1.2.5: both ends inclusive).
    if options.at < c.not_before {
        out.push(node.finding(
            FindingCode::NotYetValid,
            format!(
                "{label} is not valid before {} (checked at {}): wait, or check the clock; if the \
                 date is wrong, reissue the certificate",
                day(c.not_before),
                day(options.at)
            ),
        ));
    } else if options.at > c.not_after {
        out.push(node.finding(
            FindingCode::Expired,
            format!(
                "{label} expired on {} (checked at {}): {}",
                day(c.not_after),
                day(options.at),
                if is_anchor && ctx.trust_store {
                    EXPIRED_IN_TRUST_STORE
                } else if is_anchor {
                    EXPIRED_ANCHOR_FIX
                } else {
                    "renew it and install the new certificate"
                }
            ),
        ));
    } else {
        let left = c.not_after.0 - options.at.0;
        if left <= i64::from(options.expires_soon_days) * 86_400 {
            out.push(node.finding(
                FindingCode::ExpiresSoon,
                format!(
                    "{label} expires on {} ({} days after {}): plan its renewal (or the CA \
                     rotation) now",
                    day(c.not_after),
                    left / 86_400,
                    day(options.at)
                ),
            ));
        }
    }

    // Extensions: unknown critical ones, and the ones clients decode.
    for e in c.extensions() {
        if e.critical && !KNOWN_CRITICAL.contains(&e.oid.as_bytes()) {
            out.push(node.finding(
                FindingCode::UnsupportedCriticalExtension,
                format!(
                    "{label} has the critical extension {} ({}), which TLS clients do not \
                     process, so they reject the certificate; reissue it without that extension \
                     or with it marked non-critical",
                    oid::name(e.oid.as_bytes()),
                    oid::dotted(e.oid.as_bytes()).unwrap_or_default()
                ),
            ));
        }
    }
    let bad_ext = |what: &str, e: crate::Error| {
        node.finding(
            FindingCode::BadExtension,
            format!(
                "the {what} extension of {label} is malformed ({e}); clients reject it: reissue \
                 the certificate"
            ),
        )
    };
    let bc = c.basic_constraints().unwrap_or_else(|e| {
        out.push(bad_ext("basicConstraints", e));
        None
    });
    let ku = c.key_usage().unwrap_or_else(|e| {
        out.push(bad_ext("keyUsage", e));
        None
    });
    let eku = c.ext_key_usage().unwrap_or_else(|e| {
        out.push(bad_ext("extendedKeyUsage", e));
        None
    });
    if let Some(Err(e)) = c.extension(oid::SUBJECT_KEY_ID).map(|_| c.subject_key_id()) {
        out.push(bad_ext("subjectKeyIdentifier", e));
    }
    if let Some(Err(e)) = c
        .extension(oid::AUTHORITY_KEY_ID)
        .map(|_| c.authority_key_id())
    {
        out.push(bad_ext("authorityKeyIdentifier", e));
    }
    if eku.as_ref().is_some_and(Vec::is_empty) {
        out.push(node.finding(
            FindingCode::BadExtension,
            format!(
                "the extendedKeyUsage extension of {label} lists no purpose (RFC 5280 requires \
                 at least one); reissue the certificate with extendedKeyUsage=serverAuth"
            ),
        ));
    }
    let is_ca = bc.is_some_and(|b| b.ca);
    let has_ku = |bit: u16| ku.is_some_and(|k| k & (1 << bit) != 0);

    // Keys and algorithms.
    if let Some(bits) = rsa_bits(&c.spki) {
        if bits < 1024 {
            // Not only weak: its signatures and a leaf's key are refused (an error, see
            // signature::check_key); this warning says so where no signature of it is checked.
            out.push(node.finding(
                FindingCode::WeakKey,
                format!(
                    "{label} has a {bits}-bit RSA key; ring, Go, Java and OpenSSL at security \
                     level 1 and above refuse keys under 1024 bits (only a client set to \
                     OpenSSL's SECLEVEL 0 accepts it): reissue it with RSA 2048+ or ECDSA P-256"
                ),
            ));
        } else if bits < 2048 {
            out.push(node.finding(
                FindingCode::WeakKey,
                format!(
                    "{label} has a {bits}-bit RSA key; Java, OpenSSL at security level 2 \
                     (Debian, Ubuntu, RHEL defaults) and rustls reject keys under 2048 bits: \
                     reissue it with RSA 2048+ or ECDSA P-256"
                ),
            ));
        }
    }
    if !is_anchor {
        if let Some(h) = weak_hash(&c.signature_algorithm) {
            out.push(node.finding(
                FindingCode::WeakSignatureAlgorithm,
                format!(
                    "{label} is signed with {h}, which current clients (Java, OpenSSL 3 at \
                     security level 1+, Go, rustls) reject: reissue it with SHA-256"
                ),
            ));
        }
        if c.version != 3 {
            out.push(node.finding(
                FindingCode::V1Certificate,
                format!(
                    "{label} is an X.509 v{} certificate; rustls-based clients reject non-v3 \
                     certificates: reissue it as v3 (openssl x509 -req … -extfile with \
                     extensions)",
                    c.version
                ),
            ));
        }
    }
    if pos == 0 && ctx.leaf_mode && !is_anchor {
        if let Err(why) = check_key(&c.spki) {
            out.push(node.finding(
                FindingCode::UnsupportedAlgorithm,
                format!("the key of {label} cannot be used by TLS clients: {why}"),
            ));
        }
    }

    // Consistency of keyUsage and basicConstraints (RFC 5280 §4.2.1.3, §4.2.1.9).
    if has_ku(KU_KEY_CERT_SIGN) && !is_ca && c.version == 3 {
        out.push(node.finding(
            FindingCode::KeyUsage,
            format!(
                "{label} allows keyCertSign but is not a CA (basicConstraints cA is not set); \
                 RFC 5280 forbids this: reissue it with consistent extensions"
            ),
        ));
    }

    if pos == 0 {
        if is_ca && ku.is_some() && !has_ku(KU_KEY_CERT_SIGN) && !is_anchor {
            out.push(node.finding(
                FindingCode::KeyUsage,
                format!(
                    "{label} is marked as a CA (basicConstraints cA=TRUE) but its keyUsage \
                     lacks keyCertSign; a server certificate should have cA=FALSE: reissue it"
                ),
            ));
        }
        if ctx.leaf_mode && !is_ca && c.extension(oid::NAME_CONSTRAINTS).is_some() {
            out.push(node.finding(
                FindingCode::NameConstraints,
                format!(
                    "{label} is not a CA but carries nameConstraints, which only CA certificates \
                     may have (RFC 5280 §4.2.1.10): reissue it without them"
                ),
            ));
        }
        if ctx.leaf_mode && options.server_auth && !is_ca && !is_anchor {
            if let Some(k) = ku {
                let tls_bits = [KU_DIGITAL_SIGNATURE, KU_KEY_ENCIPHERMENT, KU_KEY_AGREEMENT];
                if !tls_bits.iter().any(|b| k & (1 << b) != 0) {
                    out.push(node.finding(
                        FindingCode::KeyUsage,
                        format!(
                            "the keyUsage of {label} allows neither digitalSignature nor \
                             keyEncipherment, so it cannot be used for TLS: reissue it with \
                             keyUsage=digitalSignature,keyEncipherment"
                        ),
                    ));
                }
            }
        }
    } else {
        // An issuer: must be a CA allowed to sign certificates.
        match bc {
            Some(b) if b.ca => {}
            None if is_anchor && c.version < 3 => {}
            _ => out.push(node.finding(
                FindingCode::NotACa,
                format!(
                    "{label} issued {} but is not a CA ({}): clients reject the chain; the \
                     issuer must be a CA certificate (basicConstraints critical, CA:TRUE)",
                    g.nodes[path[pos - 1]].label(),
                    if bc.is_some() {
                        "basicConstraints cA is FALSE"
                    } else if c.version < 3 {
                        "an X.509 v1 certificate cannot be an intermediate CA"
                    } else {
                        "it has no basicConstraints extension"
                    }
                ),
            )),
        }
        if ku.is_some() && !has_ku(KU_KEY_CERT_SIGN) {
            out.push(node.finding(
                FindingCode::KeyUsage,
                format!(
                    "{label} issued {} but its keyUsage does not allow keyCertSign: the CA \
                     certificate must be reissued with keyUsage=keyCertSign,cRLSign",
                    g.nodes[path[pos - 1]].label()
                ),
            ));
        }
        if let Some(max) = bc.and_then(|b| b.path_len) {
            let below = path
                .get(1..pos)
                .unwrap_or_default()
                .iter()
                .filter(|&&id| !g.nodes[id].self_issued)
                .count();
            if below as u64 > max {
                out.push(node.finding(
                    FindingCode::PathLenExceeded,
                    format!(
                        "{label} allows {max} intermediate CA certificate{} below it \
                         (pathLenConstraint) but the chain has {below}: use a chain with fewer \
                         intermediates, or a CA certificate with a larger pathLen",
                        if max == 1 { "" } else { "s" }
                    ),
                ));
            }
        }
    }

    // extendedKeyUsage: the server certificate and every intermediate must allow serverAuth
    // when they restrict their purposes (OpenSSL checks the whole chain's purpose).
    if options.server_auth && !is_anchor {
        if let Some(list) = eku.as_ref().filter(|l| !l.is_empty()) {
            if !list.iter().any(|o| o.as_bytes() == oid::KP_SERVER_AUTH) {
                let names: Vec<String> = list.iter().map(|o| oid::name(o.as_bytes())).collect();
                out.push(node.finding(
                    FindingCode::KeyUsage,
                    format!(
                        "the extendedKeyUsage of {label} ({}) does not include serverAuth, so \
                         clients reject it for a server: {}",
                        names.join(", "),
                        if pos == 0 {
                            "reissue it with extendedKeyUsage=serverAuth"
                        } else {
                            "use an intermediate CA issued for TLS servers"
                        }
                    ),
                ));
            }
        }
    }
}

/// Host name matching and the `cn_only` warning for the server certificate.
pub(crate) fn leaf_identity(
    g: &Graph<'_>,
    leaf: usize,
    options: &VerifyOptions<'_>,
) -> Vec<Finding> {
    let node = &g.nodes[leaf];
    let c = &node.cert;
    let mut out = Vec::new();
    let sans = c.subject_alt_names().unwrap_or_default();
    let has_names = sans
        .iter()
        .any(|n| matches!(n, GeneralName::DNSName(_) | GeneralName::IPAddress(_)));
    let is_ca = c.basic_constraints().ok().flatten().is_some_and(|b| b.ca);
    let cn_only_message = |label: String| {
        format!(
            "{label} has no subjectAltName DNS name or IP address; only its Common Name names \
             the server, which Go 1.15+, Connector/J 8.0.22+ and rustls-based clients ignore, \
             so they fail VERIFY_IDENTITY: reissue it with subjectAltName=DNS:<host>"
        )
    };
    match options.host {
        Some(host) => {
            let m = hostname::check(c, sans, host);
            if !m.matched {
                out.push(
                    node.finding(FindingCode::HostnameMismatch, m.message.unwrap_or_default()),
                );
            }
            if m.via_common_name && !has_names {
                out.push(node.finding(FindingCode::CnOnly, cn_only_message(node.label())));
            }
        }
        None => {
            if !has_names && !is_ca && c.subject.common_name().is_some() {
                out.push(node.finding(FindingCode::CnOnly, cn_only_message(node.label())));
            }
        }
    }
    out
}
