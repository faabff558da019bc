//! Name constraints (RFC 5280 §4.2.1.10): a CA limits the names that certificates below it may
//! carry.
//!
//! ```text
//! NameConstraints ::= SEQUENCE {
//!      permittedSubtrees       [0]     GeneralSubtrees OPTIONAL,
//!      excludedSubtrees        [1]     GeneralSubtrees OPTIONAL }
//! GeneralSubtree ::= SEQUENCE {
//!      base                    GeneralName,
//!      minimum         [0]     BaseDistance DEFAULT 0,
//!      maximum         [1]     BaseDistance OPTIONAL }
//! ```
//!
//! Checked forms: dNSName, iPAddress, rfc822Name, URI, directoryName and otherName (by exact
//! type and value). A name of any other form under a constraint of the same form cannot be
//! evaluated and is rejected, as RFC 5280 requires. Wildcard names are checked defensively
//! (CVE-2025-61727): `*.example.com` is permitted only if every name it can match is, and is
//! excluded if any name it can match is.

use x509_parser::asn1_rs::Oid;
use x509_parser::extensions::{GeneralName, GeneralSubtree, ParsedExtension, X509Extension};

use crate::cert::{Certificate, Name};
use crate::der::{tag, Der};
use crate::oid;

/// A name a certificate presents, as name constraints see it.
#[derive(Clone, Debug)]
pub enum Presented<'a> {
    /// dNSName (or the Common Name used as a host name).
    Dns(&'a str),
    /// iPAddress octets (4 or 16).
    Ip(&'a [u8]),
    /// rfc822Name (or a subject emailAddress).
    Email(&'a str),
    /// uniformResourceIdentifier.
    Uri(&'a str),
    /// directoryName (or the subject).
    Dir(Name<'a>),
    /// otherName: type-id OID and the whole `[0]` value encoding.
    Other(Oid<'a>, &'a [u8]),
    /// x400Address, ediPartyName, registeredID: only the tag is kept.
    Unsupported(u8),
}

impl Presented<'_> {
    fn form(&self) -> u8 {
        match self {
            Self::Other(..) => 0,
            Self::Email(_) => 1,
            Self::Dns(_) => 2,
            Self::Dir(_) => 4,
            Self::Uri(_) => 6,
            Self::Ip(_) => 7,
            Self::Unsupported(t) => t & 0x1f,
        }
    }

    fn describe(&self) -> String {
        match self {
            Self::Dns(d) => format!("DNS:{d}"),
            Self::Ip(ip) => format!("IP:{}", crate::inspect::format_ip(ip)),
            Self::Email(e) => format!("email:{e}"),
            Self::Uri(u) => format!("URI:{u}"),
            Self::Dir(n) => format!("DirName:{}", n.to_rfc4514()),
            Self::Other(t, _) => format!("otherName:{}", oid::name(t.as_bytes())),
            Self::Unsupported(t) => format!("a name of form [{}]", t & 0x1f),
        }
    }
}

/// One GeneralName x509-parser decoded, as constraint matching sees it.
pub fn presented<'a>(n: &GeneralName<'a>) -> Result<Presented<'a>, String> {
    let ia5 = |s: &'a str| {
        if s.is_ascii() {
            Ok(s)
        } else {
            Err("a name is not IA5 (ASCII)".to_owned())
        }
    };
    Ok(match n {
        GeneralName::OtherName(type_id, value) => {
            // x509-parser leaves the `[0] EXPLICIT` value as it is encoded: one TLV.
            let mut r = Der::new(value, 0);
            if r.expect(tag::context(0), "otherName value").is_err() || !r.is_empty() {
                return Err("malformed otherName".into());
            }
            Presented::Other(type_id.clone(), value)
        }
        GeneralName::RFC822Name(e) => Presented::Email(ia5(e)?),
        GeneralName::DNSName(d) => Presented::Dns(ia5(d)?),
        GeneralName::URI(u) => Presented::Uri(ia5(u)?),
        GeneralName::IPAddress(ip) => Presented::Ip(ip),
        GeneralName::DirectoryName(n) => Presented::Dir(Name::new(n.clone())),
        GeneralName::X400Address(_) => Presented::Unsupported(0xa3),
        GeneralName::EDIPartyName(_) => Presented::Unsupported(0xa5),
        GeneralName::RegisteredID(_) => Presented::Unsupported(0x88),
        GeneralName::Invalid(t, _) => {
            return Err(match t.0 {
                1 | 2 | 6 => "a name is not IA5 (ASCII)".to_owned(),
                n => format!("a GeneralName of form [{n}] is malformed"),
            })
        }
    })
}

/// The decoded subjectAltName of a certificate; `Err` if the extension is malformed.
pub fn subject_alt_names<'a>(cert: &Certificate<'a>) -> Result<Option<Vec<Presented<'a>>>, String> {
    let parsed = cert
        .parsed_extension(oid::SUBJECT_ALT_NAME)
        .map_err(|e| e.to_string())?;
    let names = match parsed {
        None => return Ok(None),
        Some(ParsedExtension::SubjectAlternativeName(san)) => &san.general_names,
        Some(_) => return Err("subjectAltName is not a SEQUENCE of GeneralName".into()),
    };
    if let Some(ext) = cert.extension(oid::SUBJECT_ALT_NAME) {
        san_forms(ext.value)?;
    }
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        let name = presented(n)?;
        if let Presented::Ip(ip) = name {
            if ip.len() != 4 && ip.len() != 16 {
                return Err(format!(
                    "an iPAddress entry is {} bytes, not 4 (IPv4) or 16 (IPv6)",
                    ip.len()
                ));
            }
        }
        out.push(name);
    }
    if out.is_empty() {
        return Err("subjectAltName is empty (RFC 5280 requires at least one name)".into());
    }
    Ok(Some(out))
}

/// Whether OpenSSL's `GENERAL_NAMES` template decodes the subjectAltName of `cert` although
/// [`subject_alt_names`] refuses it: the only faults are an iPAddress that is neither 4 nor 16
/// bytes (an `ASN1_OCTET_STRING` of any length) or a dNSName, rfc822Name or URI that is not
/// ASCII (an `ASN1_IA5STRING` whose bytes the decoder does not check). OpenSSL reads the entries
/// only to match a host or a name constraint, and such an entry matches no host (crypto/x509/
/// v3_utl.c `do_x509_check`); under a CA's iPAddress constraint (permitted or excluded) an
/// iPAddress of another length fails ("unsupported or invalid name syntax", v3_ncons.c
/// `nc_ip`). Measured on x509-limbo's bettertls `nameconstraints` cases with an iPAddress of 14
/// or 31 bytes and `webpki::san::unicode-emoji-san`, which OpenSSL 3.0 accepts in VERIFY_CA,
/// and `rfc5280::nc::nc-permits-invalid-ip-san`, which it refuses.
///
/// `Some(odd_ip)` when OpenSSL decodes it (`odd_ip`: with an iPAddress of another length),
/// `None` otherwise.
pub fn san_decodes_in_openssl(cert: &Certificate<'_>) -> Option<bool> {
    let ext = cert.extension(oid::SUBJECT_ALT_NAME)?;
    san_forms(ext.value).ok()?;
    let Ok(Some(ParsedExtension::SubjectAlternativeName(san))) =
        cert.parsed_extension(oid::SUBJECT_ALT_NAME)
    else {
        // x509-parser refuses a whole extension with a string that is not ASCII: read it here
        // when every entry is one of the primitive forms OpenSSL takes as they are.
        return primitive_names(ext.value);
    };
    let decodes = san.general_names.iter().all(|n| match n {
        GeneralName::Invalid(t, _) => matches!(t.0, 1 | 2 | 6),
        GeneralName::RFC822Name(_)
        | GeneralName::DNSName(_)
        | GeneralName::URI(_)
        | GeneralName::IPAddress(_) => true,
        other => presented(other).is_ok(),
    });
    let odd_ip = san
        .general_names
        .iter()
        .any(|n| matches!(n, GeneralName::IPAddress(ip) if ip.len() != 4 && ip.len() != 16));
    decodes.then_some(odd_ip)
}

/// A subjectAltName `value` whose every entry is a primitive rfc822Name `[1]`, dNSName `[2]`,
/// URI `[6]` or iPAddress `[7]`: `Some(odd_ip)` (an iPAddress neither 4 nor 16 bytes long).
fn primitive_names(value: &[u8]) -> Option<bool> {
    let mut top = Der::new(value, 0);
    let seq = top.expect(tag::SEQUENCE, "subjectAltName").ok()?;
    let mut r = seq.reader().ok()?;
    let mut odd_ip = false;
    while !r.is_empty() {
        let t = r.read().ok()?;
        match t.tag {
            0x81 | 0x82 | 0x86 => {}
            0x87 => odd_ip |= t.value.len() != 4 && t.value.len() != 16,
            _ => return None,
        }
    }
    Some(odd_ip)
}

/// Whether the nameConstraints `ext` has an iPAddress subtree, permitted or excluded (or does
/// not decode).
pub fn constrains_ips(ext: &X509Extension<'_>) -> bool {
    parse(ext).map_or(true, |c| {
        c.permitted
            .iter()
            .chain(&c.excluded)
            .any(|b| matches!(b, Presented::Ip(_)))
    })
}

/// The GeneralName forms whose type is a SEQUENCE (otherName, x400Address ORAddress,
/// ediPartyName, implicitly tagged) or a CHOICE (directoryName, explicitly tagged): their tag
/// must be constructed. x509-parser reads the tag number alone and so takes a primitive `[3]`
/// or `[5]` as a name; OpenSSL's `GENERAL_NAME` template does not decode it, and marks the
/// certificate invalid (`EXFLAG_INVALID`, "invalid or inconsistent certificate extension"
/// from `X509_verify_cert`, crypto/x509/v3_purp.c `ossl_x509v3_cache_extensions`), with or
/// without a host to check: measured on x509-limbo's bettertls `nameconstraints` cases whose
/// leaf has `[3]` or `[5]` primitive (`cargo xtask limbo --stacks`, VERIFY_CA configurations).
const CONSTRUCTED_FORMS: [u8; 4] = [0, 3, 4, 5];

/// Checks the tag form of each GeneralName in the subjectAltName `value`.
fn san_forms(value: &[u8]) -> Result<(), String> {
    let err = |e: crate::Error| e.message().to_owned();
    let mut top = Der::new(value, 0);
    let seq = top.expect(tag::SEQUENCE, "subjectAltName").map_err(err)?;
    let mut r = seq.reader().map_err(err)?;
    while !r.is_empty() {
        let t = r.read().map_err(err)?.tag;
        let n = t & 0x1f;
        if t & 0xc0 == 0x80 && CONSTRUCTED_FORMS.contains(&n) && t & 0x20 == 0 {
            return Err(format!(
                "a GeneralName of form [{n}] is primitive, but its type is constructed"
            ));
        }
    }
    Ok(())
}

/// Decoded name constraints of one CA.
#[derive(Clone, Debug, Default)]
pub struct Constraints<'a> {
    /// permittedSubtrees bases.
    pub permitted: Vec<Presented<'a>>,
    /// excludedSubtrees bases.
    pub excluded: Vec<Presented<'a>>,
}

/// Decodes (x509-parser) and validates a nameConstraints extension; `Err` says what is
/// malformed.
pub fn parse<'a>(ext: &X509Extension<'a>) -> Result<Constraints<'a>, String> {
    let nc = match ext.parsed_extension() {
        ParsedExtension::NameConstraints(nc) => nc,
        ParsedExtension::ParseError { error } => return Err(error.to_string()),
        _ => return Err("nameConstraints is not a SEQUENCE".into()),
    };
    if nc.permitted_subtrees.is_none() && nc.excluded_subtrees.is_none() {
        return Err("nameConstraints has neither permitted nor excluded subtrees".into());
    }
    subtree_bounds(ext.value)?;
    let mut out = Constraints::default();
    for (list, excluded) in [
        (&nc.permitted_subtrees, false),
        (&nc.excluded_subtrees, true),
    ] {
        let Some(list) = list else { continue };
        if list.is_empty() {
            return Err(format!(
                "the {} subtrees are an empty list (RFC 5280 forbids it)",
                if excluded { "excluded" } else { "permitted" }
            ));
        }
        for GeneralSubtree { base } in list {
            let base = presented(base)?;
            validate_base(&base)?;
            if excluded {
                out.excluded.push(base);
            } else {
                out.permitted.push(base);
            }
        }
    }
    Ok(out)
}

/// x509-parser keeps only each GeneralSubtree's base: its `minimum` and `maximum`, which RFC
/// 5280 forbids (`minimum` other than 0, any `maximum`), are checked here on the encoding, as
/// is what x509-parser leaves unread after the subtrees.
fn subtree_bounds(value: &[u8]) -> Result<(), String> {
    let err = |e: crate::Error| e.message().to_owned();
    let mut top = Der::new(value, 0);
    let seq = top.expect(tag::SEQUENCE, "NameConstraints").map_err(err)?;
    top.finish("nameConstraints").map_err(err)?;
    let mut r = seq.reader().map_err(err)?;
    for n in [0u8, 1] {
        let Some(subtrees) = r.optional(tag::context(n)).map_err(err)? else {
            continue;
        };
        let mut sr = subtrees.reader().map_err(err)?;
        while !sr.is_empty() {
            let st = sr.expect(tag::SEQUENCE, "GeneralSubtree").map_err(err)?;
            let mut str_ = st.reader().map_err(err)?;
            str_.read().map_err(err)?;
            if let Some(min) = str_.optional(tag::context_primitive(0)).map_err(err)? {
                if min.value.iter().any(|b| *b != 0) {
                    return Err("a subtree has a minimum other than 0 (RFC 5280 forbids it)".into());
                }
            }
            if str_
                .optional(tag::context_primitive(1))
                .map_err(err)?
                .is_some()
            {
                return Err("a subtree has a maximum (RFC 5280 forbids it)".into());
            }
            if !str_.is_empty() {
                return Err("malformed GeneralSubtree".into());
            }
        }
    }
    if !r.is_empty() {
        return Err("unexpected data in nameConstraints".into());
    }
    Ok(())
}

/// OpenSSL's `cn2dnsid` (crypto/x509/v3_ncons.c): a CN is checked as a DNS name when it has a
/// dot and only letters, digits, `_`, and `-` or `.` inside (never first or last, a dot never
/// next to another dot or a hyphen); an address in the CN (`127.0.0.1`) is one too.
fn cn_is_dns_id(cn: &str) -> bool {
    let b = cn.as_bytes();
    let mut dotted = false;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_alphanumeric() || c == b'_' {
            continue;
        }
        let inner = i > 0 && i + 1 < b.len();
        if inner && c == b'-' {
            continue;
        }
        if inner && c == b'.' && !matches!(b[i + 1], b'.' | b'-') && b[i - 1] != b'-' {
            dotted = true;
            continue;
        }
        return false;
    }
    dotted
}

fn ldh(name: &str) -> bool {
    name.split('.').all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

fn validate_base(b: &Presented<'_>) -> Result<(), String> {
    match b {
        Presented::Dns(d) if !d.is_empty() && !ldh(d) => Err(format!(
            "the dNSName constraint \"{d}\" is not a valid domain name (no wildcards or leading \
             periods; RFC 5280 §4.2.1.10)"
        )),
        Presented::Ip(ip) if ip.len() != 8 && ip.len() != 32 => Err(format!(
            "an iPAddress constraint is {} bytes, not an address and mask of 8 or 32",
            ip.len()
        )),
        Presented::Ip(ip) => {
            let mask = ip.get(ip.len() / 2..).unwrap_or_default();
            let bits: Vec<bool> = mask
                .iter()
                .flat_map(|b| (0..8).map(move |i| b & (0x80 >> i) != 0))
                .collect();
            if bits.windows(2).any(|w| !w[0] && w[1]) {
                Err("an iPAddress constraint has a non-contiguous mask".into())
            } else {
                Ok(())
            }
        }
        Presented::Email(e) => {
            let domain = match e.rsplit_once('@') {
                Some((local, d)) if !local.is_empty() => d,
                Some(_) => return Err(format!("the rfc822Name constraint \"{e}\" is malformed")),
                None => e.strip_prefix('.').unwrap_or(e),
            };
            if ldh(domain) {
                Ok(())
            } else {
                Err(format!("the rfc822Name constraint \"{e}\" is malformed"))
            }
        }
        _ => Ok(()),
    }
}

fn dns_within(name: &str, constraint: &str) -> bool {
    let c = constraint.strip_suffix('.').unwrap_or(constraint);
    if c.is_empty() {
        return true;
    }
    let n = name.strip_suffix('.').unwrap_or(name);
    let (n, c) = (n.to_ascii_lowercase(), c.to_ascii_lowercase());
    n == c || (n.len() > c.len() && n.ends_with(&c) && n.as_bytes()[n.len() - c.len() - 1] == b'.')
}

/// Whether a DNS name (maybe a wildcard) falls in a dNSName subtree: for permitted subtrees,
/// every name a wildcard can match must be inside; for excluded ones, any.
fn dns_matches(name: &str, constraint: &str, excluded: bool) -> bool {
    if !name.is_ascii() || !ldh(name.strip_prefix("*.").unwrap_or(name)) {
        // An invalid name can never be permitted; treat it as excluded too (defensive).
        return excluded;
    }
    match name.strip_prefix("*.") {
        None => dns_within(name, constraint),
        Some(base) => {
            if dns_within(base, constraint) {
                return true;
            }
            excluded
                && constraint
                    .to_ascii_lowercase()
                    .split_once('.')
                    .is_some_and(|(l, rest)| !l.is_empty() && rest == base.to_ascii_lowercase())
        }
    }
}

fn ip_matches(ip: &[u8], constraint: &[u8]) -> bool {
    let Some((addr, mask)) = constraint.split_at_checked(constraint.len() / 2) else {
        return false;
    };
    ip.len() == addr.len()
        && ip
            .iter()
            .zip(addr)
            .zip(mask)
            .all(|((a, c), m)| a & m == c & m)
}

fn email_matches(email: &str, constraint: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    if local.is_empty() || !ldh(domain) {
        return false;
    }
    match constraint.rsplit_once('@') {
        Some((cl, cd)) => cl == local && cd.eq_ignore_ascii_case(domain),
        None => match constraint.strip_prefix('.') {
            Some(_) => {
                let d = domain.to_ascii_lowercase();
                let c = constraint.to_ascii_lowercase();
                d.len() > c.len() && d.ends_with(&c)
            }
            None => domain.eq_ignore_ascii_case(constraint),
        },
    }
}

fn uri_host(uri: &str) -> Option<&str> {
    let (_, rest) = uri.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().and_then(|h| h.get(1..))?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

fn uri_matches(uri: &str, constraint: &str) -> bool {
    let Some(host) = uri_host(uri) else {
        return false;
    };
    match constraint.strip_prefix('.') {
        Some(_) => {
            let h = host.to_ascii_lowercase();
            let c = constraint.to_ascii_lowercase();
            h.len() > c.len() && h.ends_with(&c)
        }
        None => host.eq_ignore_ascii_case(constraint),
    }
}

/// A directory name is within a subtree when the subtree's RDNs are its first RDNs.
fn dir_matches(name: &Name<'_>, constraint: &Name<'_>) -> bool {
    constraint.rdns().count() <= name.rdns().count()
        && constraint
            .rdns()
            .zip(name.rdns())
            .all(|(c, n)| crate::cert::name::rdn_matches(c, n))
}

/// `Some(matches)` when the constraint applies to the name's form, `None` when it does not.
fn matches(name: &Presented<'_>, c: &Presented<'_>, excluded: bool) -> Option<bool> {
    Some(match (name, c) {
        (Presented::Dns(n), Presented::Dns(c)) => dns_matches(n, c, excluded),
        (Presented::Ip(n), Presented::Ip(c)) => {
            // IPv4 constraints apply to IPv4 addresses only, IPv6 to IPv6.
            if n.len().checked_mul(2) != Some(c.len()) {
                return None;
            }
            ip_matches(n, c)
        }
        (Presented::Email(n), Presented::Email(c)) => email_matches(n, c),
        (Presented::Uri(n), Presented::Uri(c)) => uri_matches(n, c),
        (Presented::Dir(n), Presented::Dir(c)) => dir_matches(n, c),
        (Presented::Other(nt, nv), Presented::Other(ct, cv)) => {
            if nt != ct {
                return None;
            }
            nv == cv
        }
        (Presented::Unsupported(a), Presented::Unsupported(b)) if a == b => excluded,
        _ => return None,
    })
}

/// The names of `cert` that constraints apply to: the subject (if not empty), its emailAddress
/// attributes, every subjectAltName entry, and, for a server certificate without any
/// subjectAltName, the Common Names that look like host names (clients fall back to them).
pub fn names_of<'a>(
    cert: &Certificate<'a>,
    sans: &[Presented<'a>],
    is_leaf: bool,
) -> Vec<Presented<'a>> {
    let mut out: Vec<Presented<'a>> = Vec::new();
    if !cert.subject.is_empty() {
        out.push(Presented::Dir(cert.subject.clone()));
    }
    let has_email = sans.iter().any(|n| matches!(n, Presented::Email(_)));
    let has_san = cert.extension(oid::SUBJECT_ALT_NAME).is_some();
    for a in cert.subject.x509().iter_attributes() {
        let text = std::str::from_utf8(a.attr_value().data).ok();
        let type_oid = a.attr_type().as_bytes();
        if type_oid == oid::EMAIL_ADDRESS && !has_email {
            if let Some(t) = text {
                out.push(Presented::Email(t));
            }
        } else if type_oid == oid::CN && is_leaf && !has_san {
            if let Some(t) = text.filter(|t| {
                t.parse::<std::net::IpAddr>().is_err()
                    && t.contains('.')
                    && ldh(t.trim_start_matches("*."))
            }) {
                out.push(Presented::Dns(t));
            }
        }
    }
    out.extend(sans.iter().cloned());
    out
}

/// The server certificate's CNs as OpenSSL reads them under name constraints: as DNS names
/// ([`cn_is_dns_id`]) when it has no dNSName, whatever other subjectAltName entries it has
/// (`has_san_id(x, GEN_DNS)` in crypto/x509/x509_vfy.c `check_name_constraints`). [`names_of`]
/// reads the CN only without any subjectAltName, as RFC 5280 and the limbo expectations do;
/// the client profiles (`verify::clients`) use this for the stacks that read it so.
pub fn cn_dns_ids<'a>(cert: &Certificate<'a>, sans: &[Presented<'a>]) -> Vec<Presented<'a>> {
    if sans.iter().any(|n| matches!(n, Presented::Dns(_))) {
        return Vec::new();
    }
    cert.subject
        .x509()
        .iter_attributes()
        .filter(|a| a.attr_type().as_bytes() == oid::CN)
        .filter_map(|a| std::str::from_utf8(a.attr_value().data).ok())
        .filter(|t| cn_is_dns_id(t))
        .map(Presented::Dns)
        .collect()
}

/// The most name × constraint comparisons done for one CA (OpenSSL's `NAME_CHECK_MAX`): more
/// is a denial-of-service pattern, and the chain is rejected.
pub const MAX_COMPARISONS: usize = 1 << 20;

/// Checks names against one CA's constraints; each violation is described.
pub fn violations(names: &[Presented<'_>], nc: &Constraints<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let work = names
        .len()
        .saturating_mul(nc.permitted.len().saturating_add(nc.excluded.len()));
    if work > MAX_COMPARISONS {
        out.push(format!(
            "{} names against {} constraints is more than the {MAX_COMPARISONS} comparisons \
             clients allow (OpenSSL rejects such chains as a denial-of-service pattern)",
            names.len(),
            nc.permitted.len().saturating_add(nc.excluded.len())
        ));
        return out;
    }
    for n in names {
        if let Some(c) = nc
            .excluded
            .iter()
            .find(|c| matches(n, c, true) == Some(true))
        {
            out.push(format!(
                "{} is inside the excluded subtree {}",
                n.describe(),
                c.describe()
            ));
            continue;
        }
        let mut applicable = nc
            .permitted
            .iter()
            .filter_map(|c| matches(n, c, false))
            .peekable();
        if applicable.peek().is_some() && !applicable.any(|m| m) {
            out.push(format!(
                "{} is outside the permitted subtrees ({})",
                n.describe(),
                nc.permitted
                    .iter()
                    .filter(|c| c.form() == n.form())
                    .map(Presented::describe)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dns_subtrees() {
        assert!(dns_matches("db.example.com", "example.com", false));
        assert!(dns_matches("example.com", "example.com", false));
        assert!(!dns_matches("badexample.com", "example.com", false));
        assert!(dns_matches("anything.org", "", false));
        // Wildcards: permitted only if all expansions are inside; excluded if any is.
        assert!(dns_matches("*.example.com", "example.com", false));
        assert!(!dns_matches("*.example.com", "foo.example.com", false));
        assert!(dns_matches("*.example.com", "bar.example.com", true));
        assert!(!dns_matches("*.example.com", "x.bar.example.com", true));
    }

    #[test]
    fn ip_and_email() {
        assert!(ip_matches(
            &[192, 0, 2, 7],
            &[192, 0, 2, 0, 255, 255, 255, 0]
        ));
        assert!(!ip_matches(
            &[192, 0, 3, 7],
            &[192, 0, 2, 0, 255, 255, 255, 0]
        ));
        assert!(email_matches("a@example.com", "example.com"));
        assert!(email_matches("a@mail.example.com", ".example.com"));
        assert!(!email_matches("a@example.com", ".example.com"));
        assert!(email_matches("a@example.com", "a@EXAMPLE.com"));
        assert!(!email_matches("b@example.com", "a@example.com"));
        assert_eq!(
            uri_host("https://u@Host.example:8443/x"),
            Some("Host.example")
        );
        assert_eq!(uri_host("urn:isbn:1"), None);
    }

    #[test]
    fn san_forms_want_constructed_sequences() {
        // DNS:a.example plus a primitive [3] / [5]: OpenSSL does not decode it.
        let dns = crate::der::tlv(0x82, b"a.example");
        for t in [0x83u8, 0x85, 0x80, 0x84] {
            let bad = crate::der::constructed(tag::SEQUENCE, &[&dns, &crate::der::tlv(t, b"x.y")]);
            let e = san_forms(&bad).unwrap_err();
            assert!(e.contains("primitive"), "{e}");
        }
        // The constructed forms, and every primitive string form, pass.
        let x400 = crate::der::constructed(0xa3, &[&crate::der::tlv(tag::SEQUENCE, b"")]);
        let ip = crate::der::tlv(0x87, &[127, 0, 0, 1]);
        let ok = crate::der::constructed(tag::SEQUENCE, &[&dns, &x400, &ip]);
        assert_eq!(san_forms(&ok), Ok(()));
    }
}
