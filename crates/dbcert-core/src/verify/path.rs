//! Path building: from each certificate to verify, up to a trust anchor, trying every candidate
//! issuer (subject/issuer names compared as RFC 5280 §7.1 says, narrowed by authority/subject
//! key identifiers when both are present), depth first, anchors first.
//!
//! Every complete path is checked in full; the first one without errors or weaknesses (SHA-1,
//! short RSA keys, v1 certificates) wins. Otherwise the path with the fewest errors, then the
//! fewest weaknesses (complete paths before dead ends) is reported. The work is
//! bounded: at most [`super::VerifyOptions::path_building_limit`] candidate issuers per
//! certificate and [`MAX_PATH_LEN`] certificates per path.

use std::collections::HashMap;

use super::checks::{self, Ctx};
use super::signature::{verify_signature_with, SignatureError};
use super::{AnchorRef, Finding, FindingCode, Node, Source, VerifyOptions};
use crate::bundle::Bundle;
use crate::cert::name::{decode_string, value_der};
use crate::cert::{Certificate, Name};

/// The longest path considered (leaf and anchor included). Real chains have 2 to 5.
pub const MAX_PATH_LEN: usize = 16;

/// Every decoded certificate and what is known about trust.
pub(crate) struct Graph<'a> {
    pub nodes: Vec<Node<'a>>,
    /// The node of each input certificate (`None`: malformed or a repeat).
    pub input_node: Vec<Option<usize>>,
    /// For each node: the anchor node it is (or stands for), if it is trusted.
    pub anchor_of: Vec<Option<usize>>,
    /// For each `ca` node: the input certificate that is the same certificate, if any.
    pub twin: Vec<Option<usize>>,
    /// Input nodes that are copies of a `ca` anchor (the anchor is used in their place).
    pub shadowed: Vec<bool>,
    /// Whether anchors come from `ca` (else from the input's self-signed certificates).
    pub has_ca: bool,
    by_subject: HashMap<Vec<u8>, Vec<usize>>,
    by_issuer: HashMap<Vec<u8>, Vec<usize>>,
}

/// A canonical key for a name: equal keys ⇔ RFC 5280 §7.1 match (case folding and white-space
/// compression of string values, RDN attributes in any order).
fn name_key(name: &Name<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    for rdn in name.rdns() {
        let attrs = crate::sorted::collect(rdn.iter().map(|a| {
            let mut k = a.attr_type().as_bytes().to_vec();
            k.push(0);
            match decode_string(a.attr_value()) {
                Some(s) => k.extend(
                    s.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                        .into_bytes(),
                ),
                None => k.extend(value_der(a.attr_value())),
            }
            k
        }));
        for a in attrs {
            out.extend_from_slice(&(a.len() as u32).to_be_bytes());
            out.extend(a);
        }
        out.push(0xff);
    }
    out
}

impl<'a> Graph<'a> {
    /// Decodes the input and anchors; reports malformed and repeated certificates.
    pub fn new(input: &'a Bundle, ca: Option<&'a Bundle>, findings: &mut Vec<Finding>) -> Self {
        let mut g = Graph {
            nodes: Vec::new(),
            input_node: Vec::new(),
            anchor_of: Vec::new(),
            twin: Vec::new(),
            shadowed: Vec::new(),
            has_ca: ca.is_some(),
            by_subject: HashMap::new(),
            by_issuer: HashMap::new(),
        };
        let mut seen: HashMap<&[u8], usize> = HashMap::new();
        for (i, entry) in input.certificates.iter().enumerate() {
            if let Some(&first) = seen.get(entry.der.as_slice()) {
                findings.push(Finding {
                    code: FindingCode::DuplicateCertificate,
                    message: format!(
                        "certificate #{} is a repeat of certificate #{}; remove the copy (some \
                         clients and keytool imports trip over repeats)",
                        i + 1,
                        first + 1
                    ),
                    certificate: Some(i),
                    source: Source::Input,
                });
                g.input_node.push(None);
                continue;
            }
            seen.insert(&entry.der, i);
            let id = g.add(Source::Input, i, &entry.der, findings);
            g.input_node.push(id);
        }
        if let Some(ca) = ca {
            let mut seen: HashMap<&[u8], ()> = HashMap::new();
            for (i, entry) in ca.certificates.iter().enumerate() {
                if seen.insert(&entry.der, ()).is_some() {
                    continue;
                }
                g.add(Source::Ca, i, &entry.der, findings);
            }
        }
        let n = g.nodes.len();
        g.anchor_of = vec![None; n];
        g.twin = vec![None; n];
        g.shadowed = vec![false; n];
        for (id, node) in g.nodes.iter().enumerate() {
            g.by_subject
                .entry(name_key(&node.cert.subject))
                .or_default()
                .push(id);
            g.by_issuer
                .entry(name_key(&node.cert.issuer))
                .or_default()
                .push(id);
        }
        for x in 0..n {
            if g.nodes[x].source == Source::Ca {
                g.anchor_of[x] = Some(x);
                continue;
            }
            if g.has_ca {
                let node = &g.nodes[x];
                let twin = g
                    .by_subject
                    .get(&name_key(&node.cert.subject))
                    .and_then(|same_name| {
                        same_name.iter().copied().find(|&a| {
                            g.nodes[a].source == Source::Ca
                                && g.nodes[a].cert.spki.raw == node.cert.spki.raw
                        })
                    });
                if let Some(a) = twin {
                    g.anchor_of[x] = Some(a);
                    g.shadowed[x] = true;
                    if g.twin[a].is_none() {
                        g.twin[a] = Some(g.nodes[x].index);
                    }
                }
            } else if g.nodes[x].self_issued && keys_agree(&g.nodes[x], &g.nodes[x]) {
                g.anchor_of[x] = Some(x);
            }
        }
        g
    }

    fn add(
        &mut self,
        source: Source,
        index: usize,
        der: &'a [u8],
        findings: &mut Vec<Finding>,
    ) -> Option<usize> {
        match Certificate::parse(der) {
            Ok(cert) => {
                for lax in &cert.lax {
                    findings.push(Finding {
                        code: FindingCode::NotDer,
                        message: format!("{}: {}", label(source, index), lax.message()),
                        certificate: Some(index),
                        source,
                    });
                }
                let ski = cert.subject_key_id().ok().flatten();
                let aki = cert
                    .authority_key_id()
                    .ok()
                    .flatten()
                    .and_then(|a| a.key_id);
                let self_issued = cert.is_self_issued();
                self.nodes.push(Node {
                    source,
                    index,
                    cert,
                    ski,
                    aki,
                    self_issued,
                });
                Some(self.nodes.len() - 1)
            }
            Err(e) => {
                let what = label(source, index);
                findings.push(Finding {
                    code: FindingCode::MalformedCertificate,
                    message: format!(
                        "{what} cannot be decoded ({e}); it was left out: replace the file with \
                         a fresh copy from the issuer"
                    ),
                    certificate: Some(index),
                    source,
                });
                None
            }
        }
    }

    /// Candidate issuers of `x`, anchors first, then in input order.
    fn issuers(&self, x: usize) -> Vec<usize> {
        let child = &self.nodes[x];
        let candidates: Vec<usize> = self
            .by_subject
            .get(&name_key(&child.cert.issuer))
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|&y| {
                        y != x
                            && !self.shadowed[y]
                            && !self.nodes[y].cert.subject.is_empty()
                            && keys_agree(child, &self.nodes[y])
                    })
                    .collect()
            })
            .unwrap_or_default();
        // `by_subject` lists nodes in input order: a stable partition puts the anchors first.
        let (mut out, rest): (Vec<usize>, Vec<usize>) = candidates
            .into_iter()
            .partition(|&y| self.anchor_of[y] == Some(y));
        out.extend(rest);
        out
    }

    /// Whether input node `x` issued another input certificate (self-issued ones, such as a
    /// root re-issued with new dates, do not count).
    fn issued_another(&self, x: usize) -> bool {
        let Some(children) = self.by_issuer.get(&name_key(&self.nodes[x].cert.subject)) else {
            return false;
        };
        children.iter().any(|&y| {
            let n = &self.nodes[y];
            y != x
                && n.source == Source::Input
                && !n.self_issued
                && !self.shadowed[y]
                && keys_agree(n, &self.nodes[x])
        })
    }

    /// The input index a node appears at in the report's chain, if any.
    fn chain_index(&self, id: usize) -> Option<usize> {
        let n = &self.nodes[id];
        match n.source {
            Source::Input => Some(n.index),
            Source::Ca => self.twin[id],
        }
    }

    fn anchor_ref(&self, id: usize) -> AnchorRef {
        let n = &self.nodes[id];
        AnchorRef {
            source: n.source,
            index: n.index,
        }
    }
}

/// `certificate #2` or `CA certificate #1`, for messages about a certificate not decoded yet.
fn label(source: Source, index: usize) -> String {
    match source {
        Source::Input => format!("certificate #{}", index.saturating_add(1)),
        Source::Ca => format!("CA certificate #{}", index.saturating_add(1)),
    }
}

/// Authority and subject key identifiers, when both are present, must agree.
fn keys_agree(child: &Node<'_>, issuer: &Node<'_>) -> bool {
    match (child.aki, issuer.ski) {
        (Some(a), Some(s)) => a == s,
        _ => true,
    }
}

/// The chosen result of path building.
pub(crate) struct Outcome {
    pub chain: Vec<usize>,
    /// The reported path of the first certificate verified, as nodes of the graph.
    pub nodes: Vec<usize>,
    pub anchor: Option<AnchorRef>,
    pub unused: Vec<usize>,
}

/// One path tried, with everything found on it.
struct Tried {
    path: Vec<usize>,
    complete: bool,
    findings: Vec<Finding>,
}

/// Warnings that make a path worse than another one without them (a client that builds paths
/// itself, like Go or rustls, would pick the other one).
const QUALITY: &[FindingCode] = &[
    FindingCode::WeakSignatureAlgorithm,
    FindingCode::WeakKey,
    FindingCode::V1Certificate,
];

impl Tried {
    fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.code.is_error()).count()
    }

    fn weaknesses(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| QUALITY.contains(&f.code))
            .count()
    }
}

struct Search<'g, 'a, 'o> {
    graph: &'g Graph<'a>,
    ctx: Ctx<'o>,
    sigs: &'g mut HashMap<(usize, usize), Result<(), SignatureError>>,
    budget: usize,
    limit_hit: bool,
    tried: Vec<Tried>,
    /// Only this path is followed (its issuer at each step), not every candidate: the path
    /// another stack builds ([`super::openssl_chain`]), judged as dbcert judges its own.
    pinned: Option<&'g [usize]>,
}

impl Search<'_, '_, '_> {
    fn signature(&mut self, child: usize, issuer: usize) -> Result<(), SignatureError> {
        let g = self.graph;
        self.sigs
            .entry((child, issuer))
            .or_insert_with(|| {
                verify_signature_with(
                    &g.nodes[child].cert,
                    &g.nodes[issuer].cert.spki,
                    self.ctx.options.accelerator,
                )
            })
            .clone()
    }

    fn record(&mut self, path: &[usize], complete: bool, mut extra: Vec<Finding>) -> bool {
        let anchor = if complete {
            path.last().and_then(|&t| self.graph.anchor_of[t])
        } else {
            None
        };
        let self_sig = match anchor {
            Some(a)
                if self.graph.nodes[a].source == Source::Input
                    && self.ctx.options.anchor_self_signatures =>
            {
                Some(self.signature(a, a))
            }
            _ => None,
        };
        let mut findings = checks::evaluate(self.graph, path, anchor, self_sig, &self.ctx);
        findings.append(&mut extra);
        // A path without errors or weaknesses ends the search; one with weaknesses only is
        // kept while other paths are tried.
        let valid = complete
            && !findings
                .iter()
                .any(|f| f.code.is_error() || QUALITY.contains(&f.code));
        self.tried.push(Tried {
            path: path.to_vec(),
            complete,
            findings,
        });
        valid
    }

    /// Depth-first search; true when a valid path was found (and recorded last).
    fn dfs(&mut self, path: &mut Vec<usize>) -> bool {
        let Some(&top) = path.last() else {
            return false;
        };
        let g = self.graph;
        if g.anchor_of[top].is_some() {
            return self.record(path, true, Vec::new());
        }
        let node = &g.nodes[top];
        if path.len() >= MAX_PATH_LEN {
            let f = node.finding(
                FindingCode::PathBuildingLimit,
                format!(
                    "the chain above {} is longer than {MAX_PATH_LEN} certificates; path \
                     building stopped there: remove unrelated certificates from the bundle",
                    node.label()
                ),
            );
            return self.record(path, false, vec![f]);
        }
        let mut failures: Vec<(usize, SignatureError)> = Vec::new();
        let mut extended = false;
        let candidates = match self.pinned {
            Some(p) => p.get(path.len()).copied().into_iter().collect(),
            None => g.issuers(top),
        };
        for y in candidates {
            let cand = &g.nodes[y];
            // Loops: the same certificate, or the same subject and key, twice on a path (a
            // pinned path may hold the same subject and key twice, as OpenSSL builds it).
            if path.iter().any(|&p| {
                p == y
                    || (self.pinned.is_none()
                        && g.nodes[p].cert.spki.raw == cand.cert.spki.raw
                        && g.nodes[p].cert.subject.matches(&cand.cert.subject))
            }) {
                continue;
            }
            if self.budget == 0 {
                self.limit_hit = true;
                break;
            }
            self.budget -= 1;
            match self.signature(top, y) {
                Ok(()) => {
                    extended = true;
                    path.push(y);
                    if self.dfs(path) {
                        return true;
                    }
                    path.pop();
                }
                Err(e) => failures.push((y, e)),
            }
        }
        if extended {
            return false;
        }
        let end = self.dead_end(top, &failures);
        self.record(path, false, vec![end])
    }

    fn dead_end(&self, top: usize, failures: &[(usize, SignatureError)]) -> Finding {
        let g = self.graph;
        let node = &g.nodes[top];
        if let Some((y, e)) = failures
            .iter()
            .find(|(_, e)| matches!(e, SignatureError::Unsupported(_)))
            .or_else(|| failures.first())
        {
            let issuer = g.nodes[*y].label();
            return match e {
                SignatureError::Unsupported(why) => node.finding(
                    FindingCode::UnsupportedAlgorithm,
                    format!(
                        "the signature of {} by {issuer} cannot be verified: {why}; reissue the \
                         certificate with RSA (SHA-256) or ECDSA P-256/P-384",
                        node.label()
                    ),
                ),
                SignatureError::Bad(why) => node.finding(
                    FindingCode::BadSignature,
                    format!(
                        "the signature of {} does not verify with the key of {issuer} ({why}): \
                         the certificate was altered or was issued by a different key with the \
                         same name; get a fresh copy of both from the issuer",
                        node.label()
                    ),
                ),
            };
        }
        if self.limit_hit {
            return node.finding(
                FindingCode::PathBuildingLimit,
                format!(
                    "path building tried {} candidate issuers and gave up above {}: the bundle \
                     holds too many certificates with the same names; remove unrelated ones",
                    self.ctx.options.path_building_limit,
                    node.label()
                ),
            );
        }
        let issuer_name = node.cert.issuer.to_rfc4514();
        let message = if node.cert.issuer.is_empty() {
            format!(
                "{} has an empty issuer name, so no CA certificate can be matched to it; reissue \
                 it from a CA",
                node.label()
            )
        } else if node.self_issued {
            if g.has_ca {
                format!(
                    "the chain ends at {}, a self-signed root that is not among the trusted CA \
                     certificates (--ca): add it to the CA file if you trust it, or use the CA \
                     file your provider publishes",
                    node.label()
                )
            } else {
                format!(
                    "{} names itself as its issuer but its authority key identifier does not \
                     match its own key, so it is not a self-signed root; add the CA certificate \
                     that issued it",
                    node.label()
                )
            }
        } else if g.has_ca {
            format!(
                "{} was issued by \"{issuer_name}\", which is neither in the input nor among \
                 the trusted CA certificates (--ca): add the missing intermediate certificate to \
                 the server's chain, or the root to the CA file",
                node.label()
            )
        } else {
            format!(
                "{} was issued by \"{issuer_name}\", which is not in the input: add the missing \
                 intermediate or root certificate (or pass the CA file with --ca)",
                node.label()
            )
        };
        node.finding(FindingCode::UnknownIssuer, message)
    }
}

/// Chooses what to verify, builds and checks paths, and collects every finding.
/// `pinned`: judge this path (graph nodes, from the first certificate verified) instead of
/// searching.
pub(crate) fn run(
    g: &Graph<'_>,
    options: &VerifyOptions<'_>,
    trust_store: bool,
    pinned: Option<&[usize]>,
    out: &mut Vec<Finding>,
) -> Outcome {
    let input_nodes: Vec<usize> = g.input_node.iter().flatten().copied().collect();
    let is_end_entity = |x: usize| {
        let n = &g.nodes[x];
        !n.self_issued
            && !n
                .cert
                .basic_constraints()
                .ok()
                .flatten()
                .is_some_and(|b| b.ca)
    };
    let chosen = options
        .leaf
        .and_then(|i| g.input_node.get(i).copied().flatten());
    let (targets, leaf_mode) = if let Some(x) = chosen {
        (vec![x], true)
    } else {
        let bottoms: Vec<usize> = input_nodes
            .iter()
            .copied()
            .filter(|&x| !g.issued_another(x))
            .collect();
        if let Some(&ee) = bottoms.iter().find(|&&x| is_end_entity(x)) {
            (vec![ee], true)
        } else if !bottoms.is_empty() {
            if options.host.is_some() {
                (vec![bottoms[0]], true)
            } else {
                (bottoms, false)
            }
        } else if let Some(&first) = input_nodes.first() {
            (vec![first], options.host.is_some())
        } else {
            if g.input_node.is_empty() {
                out.push(Finding {
                    code: FindingCode::MalformedCertificate,
                    message: "the input holds no certificate to verify".into(),
                    certificate: None,
                    source: Source::Input,
                });
            }
            return Outcome {
                chain: Vec::new(),
                nodes: Vec::new(),
                anchor: None,
                unused: Vec::new(),
            };
        }
    };

    let crls = super::revocation::decode(options.crls, out);
    let mut sigs = HashMap::new();
    let mut used = vec![false; g.nodes.len()];
    let mut first: Option<(Vec<usize>, Vec<usize>, Option<AnchorRef>)> = None;
    for (t, &target) in targets.iter().enumerate() {
        let ctx = Ctx {
            options,
            leaf_mode,
            trust_store,
        };
        let mut search = Search {
            graph: g,
            ctx,
            sigs: &mut sigs,
            budget: options.path_building_limit,
            limit_hit: false,
            tried: Vec::new(),
            pinned: pinned.filter(|p| t == 0 && p.first() == Some(&target)),
        };
        let mut path = vec![target];
        let found = search.dfs(&mut path);
        let limit_hit = search.limit_hit;
        let tried = std::mem::take(&mut search.tried);
        let best = if found {
            tried.into_iter().last()
        } else {
            tried
                .into_iter()
                .enumerate()
                .min_by_key(|(i, t)| (!t.complete, t.errors(), t.weaknesses(), *i))
                .map(|(_, t)| t)
        };
        let Some(best) = best else { continue };
        for &id in &best.path {
            used[id] = true;
            if let Some(twin) = g
                .chain_index(id)
                .and_then(|i| g.input_node.get(i).copied().flatten())
            {
                used[twin] = true;
            }
        }
        let reported = best
            .findings
            .iter()
            .any(|f| f.code == FindingCode::PathBuildingLimit);
        out.extend(best.findings);
        // Revocation, on the chain found, as OpenSSL checks it after building the chain.
        if best.complete && !options.crls.is_empty() {
            super::revocation::check(g, &best.path, &crls, options, out);
        }
        // The budget ran out before every candidate was tried: the best dead end found so far
        // may not be the whole story, so the limit is reported with it.
        if !found && limit_hit && !reported {
            let node = &g.nodes[target];
            out.push(node.finding(
                FindingCode::PathBuildingLimit,
                format!(
                    "path building tried {} candidate issuers for {} and gave up: the bundle \
                     holds too many certificates with the same names; remove unrelated ones",
                    options.path_building_limit,
                    node.label()
                ),
            ));
        }
        if leaf_mode && t == 0 {
            out.extend(checks::leaf_identity(g, target, options));
        }
        if first.is_none() {
            let anchor = if best.complete {
                best.path
                    .last()
                    .and_then(|&top| g.anchor_of[top])
                    .map(|a| g.anchor_ref(a))
            } else {
                None
            };
            let chain: Vec<usize> = best
                .path
                .iter()
                .filter_map(|&id| g.chain_index(id))
                .collect();
            first = Some((chain, best.path.clone(), anchor));
        }
    }
    let (chain, nodes, anchor) = first.unwrap_or_default();

    let mut unused = Vec::new();
    for &x in &input_nodes {
        if !used[x] {
            let n = &g.nodes[x];
            unused.push(n.index);
            let why = if leaf_mode {
                format!(
                    "is not part of the chain of certificate #{}",
                    chain.first().map_or(1, |i| i + 1)
                )
            } else {
                "is not part of any chain".to_owned()
            };
            out.push(n.finding(
                FindingCode::UnusedCertificate,
                format!(
                    "{} {why}: remove it, or check that it belongs in this file",
                    n.label()
                ),
            ));
        }
    }
    if leaf_mode {
        let min = input_nodes.iter().map(|&x| g.nodes[x].index).min();
        let increasing = chain.windows(2).all(|w| w[0] < w[1]);
        if !chain.is_empty() && (!increasing || chain.first().copied() != min) {
            let order: Vec<String> = chain.iter().map(|i| format!("#{}", i + 1)).collect();
            out.push(Finding {
                code: FindingCode::NotOrdered,
                message: format!(
                    "the certificates are not in leaf-to-root order; put them in the order {} \
                     (servers send the file as it is, and some clients want that order)",
                    order.join(", ")
                ),
                certificate: chain.first().copied(),
                source: Source::Input,
            });
        }
    }
    Outcome {
        chain,
        nodes,
        anchor,
        unused,
    }
}
