//! Host name and IP address matching as RFC 6125 and the MySQL clients do it.
//!
//! - subjectAltName first: DNS names against dNSName entries, IP addresses only against
//!   iPAddress entries;
//! - the subject Common Name is used only when the certificate has no subjectAltName at all
//!   (RFC 6125 §6.4.4); callers warn `cn_only` then, because Go 1.15+, Connector/J 8.0.22+ and
//!   rustls-based clients never look at the CN;
//! - a wildcard only as the whole left-most label (`*.example.com`), matching exactly one label,
//!   and never on fewer than two labels (`*.com`, `*`);
//! - case-insensitive, one trailing dot ignored, ASCII only (IDNs in their `xn--` form).

use std::net::IpAddr;

use crate::cert::Certificate;
use crate::inspect::format_ip;
use x509_parser::extensions::GeneralName;

/// The outcome of matching a certificate against a host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostMatch {
    /// The certificate is valid for the host.
    pub matched: bool,
    /// It matched (or would be matched) through the subject Common Name only.
    pub via_common_name: bool,
    /// Why it did not match and what to do (set when `matched` is false).
    pub message: Option<String>,
}

/// A reference identity: what the client connects to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reference {
    /// A DNS name, lower-cased, without a trailing dot.
    Dns(String),
    /// An IP address.
    Ip(IpAddr),
}

/// Parses what a user typed as `--host`: an IPv4 address, an IPv6 address (brackets allowed) or
/// a DNS name. `Err` says why it is neither.
pub fn parse_reference(host: &str) -> Result<Reference, String> {
    let h = host.trim();
    let unbracketed = h
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(h);
    if let Ok(ip) = unbracketed.parse::<IpAddr>() {
        return Ok(Reference::Ip(ip));
    }
    let name = h.strip_suffix('.').unwrap_or(h).to_ascii_lowercase();
    if !name.is_ascii() {
        return Err(format!(
            "\"{h}\" is not an ASCII host name; use its IDNA (xn--) form"
        ));
    }
    if !valid_dns_name(&name, true) {
        return Err(format!("\"{h}\" is not a valid host name"));
    }
    Ok(Reference::Dns(name))
}

/// LDH labels of 1..=63 characters, 253 at most in all; `_` is accepted as OpenSSL, Go and
/// rustls accept it (Docker service names use it).
fn valid_dns_name(name: &str, allow_underscore: bool) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || b == b'-' || (allow_underscore && b == b'_')
                })
        })
}

/// Matches one presented DNS identifier (SAN dNSName or CN) against a reference name.
pub fn dns_matches(presented: &str, reference: &str) -> bool {
    let p = presented.strip_suffix('.').unwrap_or(presented);
    if !p.is_ascii() {
        return false;
    }
    let p = p.to_ascii_lowercase();
    match p.strip_prefix("*.") {
        Some(base) => {
            // The wildcard is the whole left-most label, over at least two labels.
            if !base.contains('.') || !valid_dns_name(base, true) {
                return false;
            }
            match reference.split_once('.') {
                Some((first, rest)) => !first.is_empty() && rest == base,
                None => false,
            }
        }
        None => valid_dns_name(&p, true) && p == reference,
    }
}

fn describe_names(sans: &[GeneralName<'_>]) -> Vec<String> {
    sans.iter()
        .filter_map(|n| match n {
            GeneralName::DNSName(d) => Some(format!("DNS:{d}")),
            GeneralName::IPAddress(ip) => Some(format!("IP:{}", format_ip(ip))),
            _ => None,
        })
        .collect()
}

/// Matches `cert` (with its decoded subjectAltName entries) against `host`.
pub fn check(cert: &Certificate<'_>, sans: &[GeneralName<'_>], host: &str) -> HostMatch {
    let no = |via_cn: bool, message: String| HostMatch {
        matched: false,
        via_common_name: via_cn,
        message: Some(message),
    };
    let reference = match parse_reference(host) {
        Ok(r) => r,
        Err(why) => return no(false, why),
    };
    let has_san = cert.extension(crate::oid::SUBJECT_ALT_NAME).is_some();
    let names = describe_names(sans);
    let cns = cert.subject.values(crate::oid::CN);
    match &reference {
        Reference::Ip(ip) => {
            let octets: Vec<u8> = match ip {
                IpAddr::V4(v4) => v4.octets().to_vec(),
                IpAddr::V6(v6) => v6.octets().to_vec(),
            };
            if sans
                .iter()
                .any(|n| matches!(n, GeneralName::IPAddress(b) if *b == octets.as_slice()))
            {
                return HostMatch {
                    matched: true,
                    via_common_name: false,
                    message: None,
                };
            }
            let hint = if cns.iter().any(|cn| cn.trim() == ip.to_string()) {
                " (the address appears only in the Common Name, which clients do not use for \
                 IP addresses)"
            } else {
                ""
            };
            no(
                false,
                format!(
                    "the server certificate is not valid for the IP address {ip}{hint}: it names {}; \
                     connect with one of those names, or reissue the certificate with \
                     subjectAltName=IP:{ip}",
                    listing(&names, &cns)
                ),
            )
        }
        Reference::Dns(name) => {
            if has_san {
                if sans
                    .iter()
                    .any(|n| matches!(n, GeneralName::DNSName(d) if dns_matches(d, name)))
                {
                    return HostMatch {
                        matched: true,
                        via_common_name: false,
                        message: None,
                    };
                }
                return no(
                    false,
                    format!(
                        "the server certificate is not valid for \"{name}\": it names {}; connect \
                         with one of those names, or reissue the certificate with \
                         subjectAltName=DNS:{name}",
                        listing(&names, &[])
                    ),
                );
            }
            if cns.iter().any(|cn| dns_matches(cn, name)) {
                return HostMatch {
                    matched: true,
                    via_common_name: true,
                    message: None,
                };
            }
            no(
                !cns.is_empty(),
                format!(
                    "the server certificate is not valid for \"{name}\": it names {}; connect \
                     with one of those names, or reissue the certificate with \
                     subjectAltName=DNS:{name}",
                    listing(&names, &cns)
                ),
            )
        }
    }
}

fn listing(names: &[String], cns: &[String]) -> String {
    let mut all: Vec<String> = names.to_vec();
    all.extend(cns.iter().map(|c| format!("CN={c}")));
    if all.is_empty() {
        "no host name at all".to_owned()
    } else {
        all.join(", ")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_rules() {
        assert!(dns_matches("*.example.com", "db.example.com"));
        assert!(dns_matches("*.Example.COM.", "db.example.com"));
        assert!(!dns_matches("*.example.com", "a.b.example.com"));
        assert!(!dns_matches("*.example.com", "example.com"));
        assert!(!dns_matches("*.com", "example.com"));
        assert!(!dns_matches("*", "com"));
        assert!(!dns_matches("d*.example.com", "db.example.com"));
        assert!(!dns_matches("db.*.com", "db.example.com"));
        assert!(!dns_matches("*.ex*.com", "db.example.com"));
        assert!(dns_matches("DB.example.com", "db.example.com"));
        assert!(!dns_matches("dé.example.com", "de.example.com"));
    }

    #[test]
    fn references() {
        assert_eq!(
            parse_reference("[::1]").unwrap(),
            Reference::Ip("::1".parse().unwrap())
        );
        assert_eq!(
            parse_reference("DB.Example.com.").unwrap(),
            Reference::Dns("db.example.com".into())
        );
        assert_eq!(
            parse_reference("my_db").unwrap(),
            Reference::Dns("my_db".into())
        );
        assert!(parse_reference("bad host").is_err());
        assert!(parse_reference("münchen.de").is_err());
    }
}
