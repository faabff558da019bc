//! The path OpenSSL 3.0 builds, which is not always the one dbcert's path search reports.
//!
//! dbcert's search (`path.rs`) tries every candidate issuer, checks each signature, and backs
//! out of a path that fails. OpenSSL's `build_chain()` (openssl/openssl
//! `crypto/x509/x509_vfy.c`, 3.0 branch) picks one issuer per certificate and never goes back:
//!
//! - with `X509_V_FLAG_TRUSTED_FIRST`, set by default (`crypto/x509/x509_vpm.c`, the "default"
//!   parameters), it first asks the trust store for an issuer (`get1_trusted_issuer` →
//!   `X509_STORE_CTX_get1_issuer`), then the certificates the server sent (`find_issuer` over
//!   the untrusted stack, without those already on the chain); once a trusted certificate is on
//!   the chain, only the store is asked;
//! - an issuer is a certificate that `check_issued` accepts (`ossl_x509_likely_issued`,
//!   `crypto/x509/v3_purp.c`): its subject is the child's issuer name, the child's
//!   authorityKeyIdentifier agrees with it (`X509_check_akid`: keyIdentifier against its
//!   subjectKeyIdentifier, authorityCertSerialNumber against its serial, the authorityCertIssuer
//!   directory name against its issuer), and its key type fits the child's signature algorithm
//!   (`check_sig_alg_match`). Signatures are not checked while building: `internal_verify`
//!   checks them afterwards on the one chain built, and a bad one fails it;
//! - among several such issuers, the first valid at the verification time wins, else the one
//!   that expires last (`find_issuer`, and the store's `X509_STORE_CTX_get1_issuer`);
//! - a certificate that is "self-signed" in that sense (`X509_self_signed(x, 0)`: it is its own
//!   likely issuer) ends the untrusted search; as the server's certificate it must be in the
//!   store itself (`X509_cmp`).
//!
//! The "alternative chains" retry (`S_DOALTERNATE`) runs only without trusted-first
//! (`may_alternate` is set only when `X509_V_FLAG_TRUSTED_FIRST` is not), so a default client
//! never rebuilds. [`build`] follows these steps over dbcert's certificate graph and stops at the
//! first trusted certificate (the profiles judge a trusted certificate that is not a root with
//! `X509_V_FLAG_PARTIAL_CHAIN`, `clients/verdict.rs`). Measured against OpenSSL 3.0.19 by
//! `cargo xtask limbo --stacks` (`bettertls::pathbuilding::*`, where the server sends two
//! intermediates of the same name and key and OpenSSL takes the first).

use super::path::{Graph, MAX_PATH_LEN};
use super::Source;
use crate::cert::Certificate;
use crate::oid;
use crate::time::UnixTime;
use x509_parser::extensions::{GeneralName, ParsedExtension};

/// The key type a signature algorithm needs (OpenSSL's `OBJ_find_sigid_algs` pkey nid).
#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyType {
    Rsa,
    Ec,
    Dsa,
    Ed25519,
    Ed448,
}

/// The key type `oid` signs with; `None` for an algorithm OpenSSL does not know as a signature.
fn signature_key(alg: &[u8]) -> Option<KeyType> {
    const RSA_SIGS: &[&[u8]] = &[
        oid::MD2_WITH_RSA,
        oid::MD5_WITH_RSA,
        oid::SHA1_WITH_RSA,
        oid::SHA224_WITH_RSA,
        oid::SHA256_WITH_RSA,
        oid::SHA384_WITH_RSA,
        oid::SHA512_WITH_RSA,
        oid::RSASSA_PSS,
    ];
    const EC_SIGS: &[&[u8]] = &[
        oid::ECDSA_WITH_SHA1,
        oid::ECDSA_WITH_SHA224,
        oid::ECDSA_WITH_SHA256,
        oid::ECDSA_WITH_SHA384,
        oid::ECDSA_WITH_SHA512,
    ];
    if RSA_SIGS.contains(&alg) {
        Some(KeyType::Rsa)
    } else if EC_SIGS.contains(&alg) {
        Some(KeyType::Ec)
    } else if alg == oid::DSA_WITH_SHA1 || alg == oid::DSA_WITH_SHA256 {
        Some(KeyType::Dsa)
    } else {
        // EdDSA's signature algorithm is its key's OID.
        key_type(alg).filter(|k| matches!(k, KeyType::Ed25519 | KeyType::Ed448))
    }
}

/// The type of a subject public key (an RSASSA-PSS key counts as RSA, as OpenSSL's
/// `check_sig_alg_match` lets an RSA key verify PSS).
fn key_type(alg: &[u8]) -> Option<KeyType> {
    if alg == oid::RSA_ENCRYPTION || alg == oid::RSASSA_PSS {
        Some(KeyType::Rsa)
    } else if alg == oid::EC_PUBLIC_KEY {
        Some(KeyType::Ec)
    } else if alg == oid::DSA {
        Some(KeyType::Dsa)
    } else if alg == oid::ED25519 {
        Some(KeyType::Ed25519)
    } else if alg == oid::ED448 {
        Some(KeyType::Ed448)
    } else {
        None
    }
}

/// `X509_check_akid(issuer, child's akid) == X509_V_OK`.
fn akid_agrees(issuer: &Certificate<'_>, child: &Certificate<'_>) -> bool {
    let Ok(Some(ParsedExtension::AuthorityKeyIdentifier(akid))) =
        child.parsed_extension(oid::AUTHORITY_KEY_ID)
    else {
        // No (or an undecodable) authorityKeyIdentifier: OpenSSL has no akid to compare.
        return true;
    };
    if let (Some(k), Ok(Some(ski))) = (&akid.key_identifier, issuer.subject_key_id()) {
        if k.0 != ski {
            return false;
        }
    }
    if let Some(serial) = akid.authority_cert_serial {
        if strip_int(serial) != strip_int(issuer.serial) {
            return false;
        }
    }
    let dir = akid.authority_cert_issuer.as_ref().and_then(|names| {
        names.iter().find_map(|n| match n {
            GeneralName::DirectoryName(d) => Some(d),
            _ => None,
        })
    });
    dir.map_or(true, |d| {
        crate::cert::Name::new(d.clone()).matches(&issuer.issuer)
    })
}

/// An INTEGER's content without its sign-padding zero, for `ASN1_INTEGER_cmp`.
fn strip_int(b: &[u8]) -> &[u8] {
    match b {
        [0, rest @ ..] if !rest.is_empty() && rest[0] & 0x80 != 0 => rest,
        _ => b,
    }
}

/// `ossl_x509_likely_issued(issuer, child) == X509_V_OK`.
fn likely_issued(g: &Graph<'_>, issuer: usize, child: usize) -> bool {
    let (i, c) = (&g.nodes[issuer].cert, &g.nodes[child].cert);
    i.subject.matches(&c.issuer)
        && akid_agrees(i, c)
        && signature_key(c.signature_algorithm.oid)
            .is_some_and(|k| key_type(i.spki.algorithm.oid) == Some(k))
}

/// `X509_self_signed(x, 0)`: `x` is its own likely issuer (no signature check). Also what
/// makes a trusted certificate a trust anchor without `X509_V_FLAG_PARTIAL_CHAIN`
/// (`EXFLAG_SS`, `crypto/x509/v3_purp.c` `ossl_x509v3_cache_extensions`, read by
/// `X509_check_trust`'s `trust_compat`): a root whose authorityKeyIdentifier names another key,
/// serial or issuer is not one ("unable to get issuer certificate").
pub(crate) fn self_signed(g: &Graph<'_>, x: usize) -> bool {
    likely_issued(g, x, x)
}

/// `ossl_x509_check_cert_time(ctx, x, -1)`: notBefore at or before `at` and notAfter after
/// it (`X509_cmp_time` counts a notAfter equal to the time as passed).
fn time_ok(c: &Certificate<'_>, at: UnixTime) -> bool {
    c.not_before <= at && at < c.not_after
}

/// `find_issuer` / `X509_STORE_CTX_get1_issuer`: the first of `candidates` valid at `at`, else
/// the first of those expiring last.
fn best(g: &Graph<'_>, candidates: impl Iterator<Item = usize>, at: UnixTime) -> Option<usize> {
    let mut latest: Option<usize> = None;
    for y in candidates {
        let c = &g.nodes[y].cert;
        if time_ok(c, at) {
            return Some(y);
        }
        if latest.map_or(true, |l| c.not_after > g.nodes[l].cert.not_after) {
            latest = Some(y);
        }
    }
    latest
}

/// The path OpenSSL 3.0's `build_chain()` builds from `target` (a node of `g`), as node ids,
/// ending at the first trusted certificate when it reaches one.
pub(crate) fn build(g: &Graph<'_>, target: usize, at: UnixTime) -> Vec<usize> {
    let mut path = vec![target];
    let mut untrusted = true;
    while path.len() < MAX_PATH_LEN {
        let Some(&top) = path.last() else { break };
        let top_ss = self_signed(g, top);
        // The store, first (trusted-first), even for a self-signed certificate.
        let trusted = best(
            g,
            (0..g.nodes.len())
                .filter(|&y| g.nodes[y].source == Source::Ca && likely_issued(g, y, top)),
            at,
        );
        if let Some(t) = trusted {
            if !top_ss {
                path.push(t);
                break;
            }
            // A self-signed certificate is replaced by its exact copy in the store; one that
            // only shares the name ("self-signed untrusted mimic") is not trusted.
            if g.nodes[t].cert.raw == g.nodes[top].cert.raw {
                if let Some(last) = path.last_mut() {
                    *last = t;
                }
            }
            break;
        }
        if !untrusted || top_ss {
            break;
        }
        let sent = g.input_node.iter().flatten().copied().filter(|&y| {
            let allowed = (g.nodes[top].self_issued && path.len() == 1)
                || !path
                    .iter()
                    .any(|&p| g.nodes[p].cert.raw == g.nodes[y].cert.raw);
            allowed && likely_issued(g, y, top)
        });
        match best(g, sent, at) {
            Some(u) => path.push(u),
            None => untrusted = false,
        }
    }
    // An input certificate that is a copy of a trusted one stands for it (`Graph::anchor_of`).
    for id in &mut path {
        if let Some(a) = g.anchor_of[*id].filter(|&a| a != *id && g.shadowed[*id]) {
            *id = a;
        }
    }
    path
}
