//! Revocation with CRLs, as the OpenSSL-based MySQL clients check it when given `--ssl-crl` /
//! `--ssl-crlpath`: `X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL`, without extended CRL
//! support and without delta CRLs (OpenSSL's `crypto/x509/x509_vfy.c`: `check_cert_crl`,
//! `get_crl_sk`, `get_crl_score`, `crl_akid_check`, `crl_crldp_check`, `check_crl`, `cert_crl`;
//! docs/revocation.md). Delta CRLs are dropped as OpenSSL drops them since the fix of
//! openssl/openssl#31040 (3.0.22 has it, 3.0.20 not); an OpenSSL without it takes a newer delta
//! CRL as a complete one.
//!
//! For every certificate of the chosen path but a self-signed one (the root), leaf first:
//! 1. every CRL is scored: dropped outright when its issuingDistributionPoint is invalid, when it
//!    is a delta CRL, indirect, or limited to some reasons, when its issuer is not the
//!    certificate's issuer, or when its signer (the certificate's issuer, else a higher
//!    certificate of the same path, with the CRL's issuer name and a matching
//!    authorityKeyIdentifier) is not on the path; otherwise it scores for no unhandled critical
//!    extension, for being valid at the time, and for scope (onlyContainsUserCerts/CACerts and
//!    the distribution points). The best score wins, the newer thisUpdate among equals;
//! 2. none: `crl_missing` (OpenSSL: "unable to get certificate CRL");
//! 3. the chosen CRL is checked in OpenSSL's order, each its own finding: the signer's keyUsage
//!    allows cRLSign (`key_usage`), in scope (`crl_missing`), valid (`crl_not_yet_valid`,
//!    `crl_expired`), its signature (`crl_bad_signature`, or `unsupported_crl` for an algorithm
//!    dbcert cannot verify), no unhandled critical extension (`unsupported_crl`), then the
//!    serial: `revoked`, with the date and reason.
//!
//! A certificate gets at most one revocation finding, the first OpenSSL would stop at.

use x509_parser::extensions::GeneralName;
use x509_parser::prelude::FromDer;
use x509_parser::x509::RelativeDistinguishedName;

use super::path::Graph;
use super::signature::{verify_message, SignatureError};
use super::{Finding, FindingCode, Node, Source, VerifyOptions};
use crate::cert::name::rdn_matches;
use crate::cert::Certificate;
use crate::crl::{reason_name, set_der, Crl, DpName, REMOVE_FROM_CRL};
use crate::oid;
use crate::time::UnixTime;

const SCORE_NOCRITICAL: u32 = 0x100;
const SCORE_SCOPE: u32 = 0x080;
const SCORE_TIME: u32 = 0x040;
const SCORE_ISSUER_NAME: u32 = 0x020;
const SCORE_ISSUER_CERT: u32 = 0x018;
const SCORE_SAME_PATH: u32 = 0x008;
const SCORE_AKID: u32 = 0x004;

/// Every reason (ReasonFlags bits 1 to 8, as x509-parser numbers them: bit n = reason n).
const ALL_REASONS: u16 = 0x1fe;

/// Decodes the CRLs of the options; one that cannot be decoded is reported and left out, and a
/// delta CRL is kept (the scoring drops it) with a `delta_crl_ignored` warning.
pub(crate) fn decode<'a>(ders: &'a [Vec<u8>], out: &mut Vec<Finding>) -> Vec<Crl<'a>> {
    let mut crls = Vec::new();
    for (i, der) in ders.iter().enumerate() {
        match Crl::parse(der) {
            Ok(c) => {
                if let Some(base) = c.delta_base {
                    out.push(delta_ignored(i, base));
                }
                crls.push(c)
            }
            Err(e) => out.push(Finding {
                code: FindingCode::UnsupportedCrl,
                message: format!(
                    "CRL #{} cannot be decoded ({e}); it was left out: get a fresh copy from \
                     the CA",
                    i.saturating_add(1)
                ),
                certificate: None,
                source: Source::Input,
            }),
        }
    }
    crls
}

/// The warning for the delta CRL at 0-based index `i` of the options (CRL #`i + 1` in the
/// message), on the base CRL numbered `base` (its DER INTEGER's content): what dbcert does with
/// it, what OpenSSL with and without the fix of openssl/openssl#31040 does (measured with Debian
/// 12's OpenSSL 3.0.19, 3.0.20 and 3.0.22 on PKITS 4.15, crl_conformance.rs), and what to give
/// clients. Only 3.0 releases were measured, so the message names the fix, not a version cut.
fn delta_ignored(i: usize, base: &[u8]) -> Finding {
    Finding {
        code: FindingCode::DeltaCrlIgnored,
        message: format!(
            "CRL #{} is a delta CRL (on base CRL number {}): it was ignored, as the clients' \
             OpenSSL ignores it since the fix of openssl/openssl#31040 (3.0.22; the clients set \
             no -use_deltas). An OpenSSL without that fix (3.0.20 and before, in the 3.0 line) \
             takes a delta CRL whose thisUpdate is newer than its base's as a complete CRL, so a \
             client built with one may decide otherwise: give clients complete CRLs",
            i.saturating_add(1),
            crate::crl::info::number(base)
        ),
        certificate: None,
        source: Source::Input,
    }
}

/// One certificate's distribution point, as the scope check needs it.
struct Dp<'a> {
    name: Option<DpName<'a>>,
    /// The name a relative distribution point name is relative to (the cRLIssuer, else the
    /// certificate's issuer), as OpenSSL's `DIST_POINT_set_dpname` takes it.
    base: Vec<RelativeDistinguishedName<'a>>,
    reasons: u16,
    crl_issuer: Option<Vec<GeneralName<'a>>>,
}

fn rdns_match(a: &[RelativeDistinguishedName<'_>], b: &[RelativeDistinguishedName<'_>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| rdn_matches(x, y))
}

fn name_rdns<'a>(n: &x509_parser::x509::X509Name<'a>) -> Vec<RelativeDistinguishedName<'a>> {
    n.iter().cloned().collect()
}

/// `GENERAL_NAME_cmp`: the same kind and the same value (names compared as names).
fn general_names_equal(a: &GeneralName<'_>, b: &GeneralName<'_>) -> bool {
    match (a, b) {
        (GeneralName::URI(x), GeneralName::URI(y))
        | (GeneralName::DNSName(x), GeneralName::DNSName(y))
        | (GeneralName::RFC822Name(x), GeneralName::RFC822Name(y)) => x == y,
        (GeneralName::DirectoryName(x), GeneralName::DirectoryName(y)) => {
            rdns_match(&name_rdns(x), &name_rdns(y))
        }
        (GeneralName::IPAddress(x), GeneralName::IPAddress(y)) => x == y,
        (GeneralName::RegisteredID(x), GeneralName::RegisteredID(y)) => x == y,
        _ => false,
    }
}

/// A relative name made whole: `base` and the RDN.
fn whole<'b>(
    base: &[RelativeDistinguishedName<'b>],
    rdn: &'b [u8],
) -> Option<Vec<RelativeDistinguishedName<'b>>> {
    let mut out = base.to_vec();
    out.push(RelativeDistinguishedName::from_der(rdn).ok()?.1);
    Some(out)
}

/// `idp_check_dp`: a certificate's distribution point name (relative to `a_base`) against the
/// CRL's (relative to the CRL's issuer `b_base`).
fn dp_names_match(
    a: Option<&DpName<'_>>,
    a_base: &[RelativeDistinguishedName<'_>],
    b: Option<&DpName<'_>>,
    b_base: &[RelativeDistinguishedName<'_>],
) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    let dir_in = |rdns: &[RelativeDistinguishedName<'_>], names: &[GeneralName<'_>]| {
        names.iter().any(|g| match g {
            GeneralName::DirectoryName(n) => rdns_match(rdns, &name_rdns(n)),
            _ => false,
        })
    };
    match (a, b) {
        (DpName::Relative(x), DpName::Relative(y)) => {
            let (xs, ys) = (set_der(x), set_der(y));
            match (whole(a_base, &xs), whole(b_base, &ys)) {
                (Some(x), Some(y)) => rdns_match(&x, &y),
                _ => false,
            }
        }
        (DpName::Relative(x), DpName::Full(names)) => {
            let xs = set_der(x);
            whole(a_base, &xs).is_some_and(|x| dir_in(&x, names))
        }
        (DpName::Full(names), DpName::Relative(y)) => {
            let ys = set_der(y);
            whole(b_base, &ys).is_some_and(|y| dir_in(&y, names))
        }
        (DpName::Full(x), DpName::Full(y)) => x
            .iter()
            .any(|g| y.iter().any(|h| general_names_equal(g, h))),
    }
}

/// The certificate's CRL distribution points (none when absent or undecodable).
fn distribution_points<'a>(cert: &Certificate<'a>) -> Vec<Dp<'a>> {
    let Some(e) = cert.extension(oid::CRL_DISTRIBUTION_POINTS) else {
        return Vec::new();
    };
    let Ok(points) = crate::crl::distribution_points(e.value, 0) else {
        return Vec::new();
    };
    points
        .into_iter()
        .map(|p| {
            let base = p
                .crl_issuer
                .as_ref()
                .and_then(|names| {
                    names.iter().find_map(|g| match g {
                        GeneralName::DirectoryName(n) => Some(name_rdns(n)),
                        _ => None,
                    })
                })
                .unwrap_or_else(|| name_rdns(cert.issuer.x509()));
            Dp {
                name: p.name,
                base,
                reasons: p.reasons.map_or(ALL_REASONS, |r| r & ALL_REASONS),
                crl_issuer: p.crl_issuer,
            }
        })
        .collect()
}

/// `X509_check_akid`: the CRL's authorityKeyIdentifier fits this certificate.
fn akid_matches(crl: &Crl<'_>, signer: &Node<'_>) -> bool {
    let Some(akid) = &crl.authority_key_id else {
        return true;
    };
    if let (Some(k), Some(s)) = (akid.key_id, signer.ski) {
        if k != s {
            return false;
        }
    }
    if let Some(serial) = akid.serial {
        if serial != signer.cert.serial {
            return false;
        }
    }
    if let Some(names) = &akid.issuer {
        let issuer = name_rdns(signer.cert.issuer.x509());
        let found = names.iter().any(|g| match g {
            GeneralName::DirectoryName(n) => rdns_match(&name_rdns(n), &issuer),
            _ => false,
        });
        if !found {
            return false;
        }
    }
    true
}

/// The certificate being checked, with what scoring needs.
struct Subject<'g, 'a> {
    node: &'g Node<'a>,
    is_ca: bool,
    dps: Vec<Dp<'a>>,
}

/// A scored CRL.
#[derive(Clone, Copy)]
struct Scored {
    crl: usize,
    score: u32,
    signer: usize,
    reasons: u16,
}

fn time_ok(crl: &Crl<'_>, at: UnixTime) -> bool {
    crl.this_update.0 <= at.0 && crl.next_update.map_or(true, |n| at.0 <= n.0)
}

/// `get_crl_score` for the certificate at `depth` of `path`.
fn score(
    g: &Graph<'_>,
    path: &[usize],
    depth: usize,
    x: &Subject<'_, '_>,
    crl: &Crl<'_>,
    at: UnixTime,
    reasons_so_far: u16,
) -> Option<(u32, usize, u16)> {
    if crl.idp.as_ref().is_some_and(|p| p.is_invalid()) || crl.delta_base.is_some() {
        return None;
    }
    if crl
        .idp
        .as_ref()
        .is_some_and(|p| p.indirect || p.only_some_reasons.is_some())
    {
        return None;
    }
    if !x.node.cert.issuer.matches(&crl.issuer) {
        return None;
    }
    let mut s = SCORE_ISSUER_NAME;
    if crl.unhandled_critical.is_none() {
        s |= SCORE_NOCRITICAL;
    }
    if time_ok(crl, at) {
        s |= SCORE_TIME;
    }
    // crl_akid_check: the next certificate of the path, else a higher one.
    let last = path.len().saturating_sub(1);
    let first = if depth != last { depth + 1 } else { depth };
    let crl_name = name_rdns(crl.issuer.x509());
    let fits = |k: usize| {
        let n = &g.nodes[path[k]];
        rdns_match(&name_rdns(n.cert.subject.x509()), &crl_name) && akid_matches(crl, n)
    };
    let signer = if fits(first) {
        s |= SCORE_AKID | SCORE_ISSUER_CERT;
        first
    } else {
        let k = (first.saturating_add(1)..path.len()).find(|&k| fits(k))?;
        s |= SCORE_AKID | SCORE_SAME_PATH;
        k
    };
    // crl_crldp_check.
    let mut reasons = reasons_so_far;
    if let Some(crl_reasons) = scope(x, crl, s) {
        if crl_reasons & !reasons_so_far == 0 {
            return None;
        }
        reasons |= crl_reasons;
        s |= SCORE_SCOPE;
    }
    Some((s, signer, reasons))
}

/// `crl_crldp_check`: the reasons the CRL covers for this certificate, if it is in scope.
fn scope(x: &Subject<'_, '_>, crl: &Crl<'_>, s: u32) -> Option<u16> {
    let idp_dp = crl.idp.as_ref().and_then(|p| p.distribution_point.as_ref());
    let crl_base = name_rdns(crl.issuer.x509());
    if let Some(p) = &crl.idp {
        if p.only_attribute || (x.is_ca && p.only_user) || (!x.is_ca && p.only_ca) {
            return None;
        }
    }
    let issuer_name = s & SCORE_ISSUER_NAME != 0;
    let crl_issuer = name_rdns(crl.issuer.x509());
    for dp in &x.dps {
        let issuer_ok = match &dp.crl_issuer {
            None => issuer_name,
            Some(names) => names.iter().any(|g| match g {
                GeneralName::DirectoryName(n) => rdns_match(&name_rdns(n), &crl_issuer),
                _ => false,
            }),
        };
        if issuer_ok
            && (crl.idp.is_none() || dp_names_match(dp.name.as_ref(), &dp.base, idp_dp, &crl_base))
        {
            return Some(ALL_REASONS & dp.reasons);
        }
    }
    (idp_dp.is_none() && issuer_name).then_some(ALL_REASONS)
}

/// The certificate is self-signed as OpenSSL decides it (`EXFLAG_SS`): its names match and its
/// authority key identifier, if any, is its own key's.
fn self_signed(n: &Node<'_>) -> bool {
    n.self_issued
        && match (n.aki, n.ski) {
            (Some(a), Some(s)) => a == s,
            _ => true,
        }
}

fn crl_label(crls: &[Crl<'_>], i: usize) -> String {
    let c = &crls[i];
    format!(
        "CRL #{} (issuer \"{}\", thisUpdate {})",
        i + 1,
        c.issuer.to_rfc4514(),
        c.this_update.to_rfc3339()
    )
}

/// Checks the revocation of every certificate of `path` (node ids, leaf first, anchor last)
/// against `crls`; findings go to `out`.
pub(crate) fn check(
    g: &Graph<'_>,
    path: &[usize],
    crls: &[Crl<'_>],
    options: &VerifyOptions<'_>,
    out: &mut Vec<Finding>,
) {
    for depth in 0..path.len() {
        let node = &g.nodes[path[depth]];
        if self_signed(node) {
            continue;
        }
        let x = Subject {
            node,
            is_ca: node
                .cert
                .basic_constraints()
                .ok()
                .flatten()
                .is_some_and(|b| b.ca),
            dps: distribution_points(&node.cert),
        };
        if let Some(f) = check_one(g, path, depth, &x, crls, options) {
            out.push(f);
        }
    }
}

/// `check_cert_crl` for one certificate: the first finding, if any.
fn check_one(
    g: &Graph<'_>,
    path: &[usize],
    depth: usize,
    x: &Subject<'_, '_>,
    crls: &[Crl<'_>],
    options: &VerifyOptions<'_>,
) -> Option<Finding> {
    let node = x.node;
    let at = options.at;
    let missing = || {
        node.finding(
            FindingCode::CrlMissing,
            format!(
                "no CRL from the issuer of {} (\"{}\") among the CRLs given: clients that \
                 check CRLs (--ssl-crl, CRL_CHECK_ALL) refuse the chain (unable to get \
                 certificate CRL); add the current CRL of every CA on the path to the CRL file",
                node.label(),
                node.cert.issuer.to_rfc4514()
            ),
        )
    };
    let mut reasons: u16 = 0;
    // Bounded: each round must cover a new reason (at most 8).
    while reasons != ALL_REASONS {
        let mut best: Option<Scored> = None;
        for (i, crl) in crls.iter().enumerate() {
            let Some((s, signer, r)) = score(g, path, depth, x, crl, at, reasons) else {
                continue;
            };
            if let Some(b) = best {
                if s < b.score || (s == b.score && crl.this_update.0 <= crls[b.crl].this_update.0) {
                    continue;
                }
            }
            best = Some(Scored {
                crl: i,
                score: s,
                signer,
                reasons: r,
            });
        }
        let Some(chosen) = best else {
            return Some(missing());
        };
        if let Some(f) = check_crl(g, path, x, crls, chosen, at, options) {
            return Some(f);
        }
        if chosen.reasons == reasons {
            return Some(missing());
        }
        reasons = chosen.reasons;
    }
    None
}

/// `check_crl` then `cert_crl` on the chosen CRL.
fn check_crl(
    g: &Graph<'_>,
    path: &[usize],
    x: &Subject<'_, '_>,
    crls: &[Crl<'_>],
    chosen: Scored,
    at: UnixTime,
    options: &VerifyOptions<'_>,
) -> Option<Finding> {
    let node = x.node;
    let crl = &crls[chosen.crl];
    let what = crl_label(crls, chosen.crl);
    let signer = &g.nodes[path[chosen.signer]];
    let f = |code: FindingCode, message: String| Some(node.finding(code, message));
    if let Ok(Some(ku)) = signer.cert.key_usage() {
        // cRLSign is bit 6 of KeyUsage.
        if ku & (1 << 6) == 0 {
            return f(
                FindingCode::KeyUsage,
                format!(
                    "{what}, which covers {}, is signed by {}, whose keyUsage does not allow \
                     cRLSign: clients that check CRLs refuse the chain; the CA must sign its CRLs \
                     with a key whose certificate allows cRLSign",
                    node.label(),
                    signer.label()
                ),
            );
        }
    }
    if chosen.score & SCORE_SCOPE == 0 {
        return f(
            FindingCode::CrlMissing,
            format!(
                "{what} does not cover {} (its issuingDistributionPoint or the certificate's \
                 distribution points exclude it; OpenSSL: different CRL scope), and no other CRL \
                 given does: clients that check CRLs refuse the chain; add the CRL that covers it",
                node.label()
            ),
        );
    }
    if chosen.score & SCORE_TIME == 0 {
        if crl.this_update.0 > at.0 {
            return f(
                FindingCode::CrlNotYetValid,
                format!(
                    "{what}, the CRL for {}, is not valid until {}: clients that check CRLs \
                     refuse the chain until then (check the clocks, or use the CA's current CRL)",
                    node.label(),
                    crl.this_update.to_rfc3339()
                ),
            );
        }
        if let Some(next) = crl.next_update {
            return f(
                FindingCode::CrlExpired,
                format!(
                    "{what}, the CRL for {}, expired at its nextUpdate {}: clients that check \
                     CRLs refuse the chain; download the CA's current CRL",
                    node.label(),
                    next.to_rfc3339()
                ),
            );
        }
    }
    match verify_message(
        &crl.signature_algorithm,
        &signer.cert.spki,
        crl.tbs,
        crl.signature,
        options.accelerator,
    ) {
        Ok(()) => {}
        Err(SignatureError::Bad(why)) => {
            return f(
                FindingCode::CrlBadSignature,
                format!(
                    "the signature of {what}, the CRL for {}, does not verify with the key of {} \
                     ({why}): clients that check CRLs refuse the chain; get a fresh copy of the \
                     CRL from the CA",
                    node.label(),
                    signer.label()
                ),
            )
        }
        Err(SignatureError::Unsupported(why)) => {
            return f(
                FindingCode::UnsupportedCrl,
                format!(
                    "the signature of {what}, the CRL for {}, cannot be verified: {why}",
                    node.label()
                ),
            )
        }
    }
    if let Some(ext) = &crl.unhandled_critical {
        return f(
            FindingCode::UnsupportedCrl,
            format!(
                "{what}, the CRL for {}, has {ext} marked critical, which OpenSSL does not \
                 process: clients that check CRLs refuse the chain (unhandled critical CRL \
                 extension)",
                node.label()
            ),
        );
    }
    if let Some(e) = crl.entry_for(node.cert.serial, &node.cert.issuer) {
        if e.reason == Some(REMOVE_FROM_CRL) {
            return None;
        }
        let reason = e
            .reason
            .map(|r| reason_name(r).map_or_else(|| format!("reason {r}"), str::to_owned))
            .unwrap_or_else(|| "no reason given".to_owned());
        let invalid = e
            .invalidity_date
            .map(|t| format!(", invalid since {}", t.to_rfc3339()))
            .unwrap_or_default();
        return f(
            FindingCode::Revoked,
            format!(
                "{} is revoked: {what} lists serial {} as revoked on {} ({reason}{invalid}); \
                 clients that check CRLs refuse it: replace the certificate",
                node.label(),
                crate::cert::hex(node.cert.serial).to_ascii_uppercase(),
                e.revocation_date.to_rfc3339()
            ),
        );
    }
    None
}
