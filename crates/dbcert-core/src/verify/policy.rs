//! Certificate policies (RFC 5280 §6.1, with the policy graph of RFC 9618), as Java's PKIX
//! validator applies them with its defaults: any initial policy, no explicit policy required,
//! policy mapping and anyPolicy not inhibited. Java enforces what the CA certificates ask for
//! (requireExplicitPolicy, inhibitPolicyMapping, inhibitAnyPolicy, policyMappings); OpenSSL
//! does only with `X509_V_FLAG_POLICY_CHECK`, which MySQL's C clients do not set; Go 1.24+
//! validates the policy graph too (`clients::profile::POLICY_REFUSED_BY`). So a chain that
//! fails here is one Java clients (Connector/J) and Go refuse and the OpenSSL-based ones
//! accept: `verify` reports it as a warning.
//!
//! With anyPolicy as the initial policy set, the outcome depends only on the deepest level of
//! the graph and on whether the graph is empty (an empty level prunes it all), so that level is
//! all that is kept: pairs of a valid policy and one policy it expects in the next certificate.

use x509_parser::extensions::ParsedExtension;

use super::Node;
use crate::oid::{self, ANY_POLICY as ANY};
use crate::Result;

/// The most policies or mappings read from one certificate: far above real CAs, and a bound on
/// the work a hostile chain can cause.
const MAX: usize = 64;

/// Why a path fails policy processing.
enum Broken {
    /// A policy extension could not be read.
    Malformed(crate::Error),
    /// policyMappings maps from or to anyPolicy.
    MapsAny,
    /// No valid policy is left and the certificate at this position requires one.
    NoPolicy(usize),
}

/// Why the path fails policy processing, and the position (in `path`) of the certificate it
/// concerns; `None` when it passes. `path` runs from the certificate the anchor issued down to
/// the end entity (the anchor itself is not processed).
pub(crate) fn check(path: &[&Node<'_>]) -> Option<(usize, String)> {
    let (pos, broken) = walk(path)?;
    let who = path[pos].label();
    Some((
        pos,
        match broken {
            Broken::Malformed(e) => format!("a policy extension of {who} is malformed ({e})"),
            Broken::MapsAny => {
                format!("{who} maps anyPolicy in its policyMappings, which RFC 5280 forbids")
            }
            Broken::NoPolicy(by) => format!(
                "no certificate policy is valid from the root down to {who}, and the \
                 policyConstraints of {} require one (requireExplicitPolicy)",
                path[by].label()
            ),
        },
    ))
}

/// The policy extensions of one certificate.
#[derive(Default)]
struct Extensions<'a> {
    /// certificatePolicies, if present.
    policies: Option<Vec<&'a [u8]>>,
    /// policyMappings, flattened: issuer domain policy, subject domain policy, …
    mappings: Vec<&'a [u8]>,
    /// policyConstraints: requireExplicitPolicy, inhibitPolicyMapping.
    require: Option<u64>,
    inhibit_mapping: Option<u64>,
    /// inhibitAnyPolicy.
    inhibit_any: Option<u64>,
}

/// The policy extensions of a certificate, from x509-parser's decoded values.
fn extensions<'n>(node: &'n Node<'_>) -> Result<Extensions<'n>> {
    let c = &node.cert;
    let mut out = Extensions::default();
    if let Some(ParsedExtension::CertificatePolicies(p)) =
        c.parsed_extension(oid::CERTIFICATE_POLICIES)?
    {
        out.policies = Some(p.iter().map(|i| i.policy_id.as_bytes()).collect());
    }
    if let Some(ParsedExtension::PolicyMappings(m)) = c.parsed_extension(oid::POLICY_MAPPINGS)? {
        for pair in &m.mappings {
            out.mappings.push(pair.issuer_domain_policy.as_bytes());
            out.mappings.push(pair.subject_domain_policy.as_bytes());
        }
    }
    if let Some(ParsedExtension::InhibitAnyPolicy(i)) =
        c.parsed_extension(oid::INHIBIT_ANY_POLICY)?
    {
        out.inhibit_any = Some(u64::from(i.skip_certs));
    }
    if let Some(ParsedExtension::PolicyConstraints(p)) =
        c.parsed_extension(oid::POLICY_CONSTRAINTS)?
    {
        out.require = p.require_explicit_policy.map(u64::from);
        out.inhibit_mapping = p.inhibit_policy_mapping.map(u64::from);
    }
    let too_many = |n: usize, per: usize| n > MAX * per;
    if out.policies.as_ref().is_some_and(|p| too_many(p.len(), 1))
        || too_many(out.mappings.len(), 2)
    {
        let e = c
            .extension(oid::CERTIFICATE_POLICIES)
            .or_else(|| c.extension(oid::POLICY_MAPPINGS));
        return Err(match e {
            Some(e) => c.extension_error(e, "more than 64 policies"),
            None => crate::Error::new(crate::ErrorCode::MalformedDer, "more than 64 policies"),
        });
    }
    Ok(out)
}

/// Whether a pair of the level has this policy (`expected`: as its expected policy).
#[inline(never)]
fn has(level: &[(&[u8], &[u8])], policy: &[u8], expected: bool) -> bool {
    level
        .iter()
        .any(|(p, e)| if expected { *e == policy } else { *p == policy })
}

fn walk(path: &[&Node<'_>]) -> Option<(usize, Broken)> {
    let n = u64::try_from(path.len()).unwrap_or(u64::MAX);
    let first = n.saturating_add(1);
    let (mut explicit, mut mapping, mut inhibit_any) = (first, first, first);
    // The certificate whose requireExplicitPolicy set `explicit` (reaching 0 needs one).
    let mut required_by = 0;
    let mut level: Vec<(&[u8], &[u8])> = vec![(ANY, ANY)];
    for (pos, node) in path.iter().enumerate() {
        let last = pos.saturating_add(1) == path.len();
        let ext = match extensions(node) {
            Ok(ext) => ext,
            Err(e) => return Some((pos, Broken::Malformed(e))),
        };
        // 6.1.3 (d), (e): the valid policies of this certificate.
        let prev = std::mem::take(&mut level);
        if let Some(policies) = &ext.policies {
            let prev_any = has(&prev, ANY, false);
            for &p in policies {
                if p != ANY && (prev_any || has(&prev, p, true)) && !has(&level, p, false) {
                    level.push((p, p));
                }
            }
            if policies.contains(&ANY) && (inhibit_any > 0 || (!last && node.self_issued)) {
                for &(_, e) in &prev {
                    if !has(&level, e, false) {
                        level.push((e, e));
                    }
                }
            }
        }
        if last {
            // 6.1.5 (a), (b); then (f) and the outcome: (g) keeps the graph for anyPolicy.
            explicit = explicit.saturating_sub(1);
            if ext.require == Some(0) {
                (explicit, required_by) = (0, pos);
            }
        }
        // 6.1.3 (f).
        if explicit == 0 && level.is_empty() {
            return Some((pos, Broken::NoPolicy(required_by)));
        }
        if last {
            break;
        }
        // 6.1.4 (a), (b): policy mappings.
        let pairs = ext.mappings.chunks_exact(2);
        if ext.mappings.contains(&ANY) {
            return Some((pos, Broken::MapsAny));
        }
        let had_any = has(&level, ANY, false);
        for (i, m) in pairs.clone().enumerate() {
            let from = m[0];
            let earlier = ext.mappings.get(..i.saturating_mul(2)).unwrap_or_default();
            if earlier.chunks_exact(2).any(|d| d[0] == from) {
                continue; // this issuer domain policy is done
            }
            let present = has(&level, from, false);
            level.retain(|(p, _)| *p != from);
            if mapping > 0 && (present || had_any) {
                for to in pairs.clone().filter(|d| d[0] == from) {
                    level.push((from, to[1]));
                }
            }
        }
        // 6.1.4 (h), (i), (j).
        if !node.self_issued {
            explicit = explicit.saturating_sub(1);
            mapping = mapping.saturating_sub(1);
            inhibit_any = inhibit_any.saturating_sub(1);
        }
        if let Some(r) = ext.require.filter(|r| *r < explicit) {
            (explicit, required_by) = (r, pos);
        }
        mapping = mapping.min(ext.inhibit_mapping.unwrap_or(u64::MAX));
        inhibit_any = inhibit_any.min(ext.inhibit_any.unwrap_or(u64::MAX));
    }
    None
}
