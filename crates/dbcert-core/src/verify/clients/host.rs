//! Host matching as each stack does it ([`HostRule`]), over the names of the server
//! certificate ([`LeafNames`]). The report's own `hostname_mismatch` follows RFC 6125
//! (`verify/hostname.rs`); the stacks differ from it on the CN, wildcards and addresses.

use std::net::IpAddr;

use super::profile::HostRule;

/// The names a server certificate presents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeafNames {
    /// subjectAltName dNSName entries, as written.
    pub dns: Vec<String>,
    /// subjectAltName iPAddress entries (4 or 16 bytes; others kept, they match nothing).
    pub ips: Vec<Vec<u8>>,
    /// The subject's Common Names, in order.
    pub cns: Vec<String>,
}

fn ip_of(bytes: &[u8]) -> Option<IpAddr> {
    match bytes.len() {
        4 => <[u8; 4]>::try_from(bytes).ok().map(IpAddr::from),
        16 => <[u8; 16]>::try_from(bytes).ok().map(IpAddr::from),
        _ => None,
    }
}

fn parse_ip(host: &str) -> Option<IpAddr> {
    let h = host
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(host);
    h.parse().ok()
}

fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// OpenSSL's `equal_wildcard` (crypto/x509/v3_utl.c): `*` in the left-most label only, at
/// least two labels after it, not against an `xn--` label; partial wildcards unless refused.
fn openssl_dns(pattern: &str, host: &str, partial: bool) -> bool {
    let p = lower(pattern.strip_suffix('.').unwrap_or(pattern));
    let h = lower(host.strip_suffix('.').unwrap_or(host));
    if p.is_empty() || !p.is_ascii() {
        return false;
    }
    if !p.contains('*') {
        return p == h;
    }
    let Some((first, rest)) = p.split_once('.') else {
        return false;
    };
    if rest.contains('*') || first.matches('*').count() != 1 || !rest.contains('.') {
        return false;
    }
    if !partial && first != "*" {
        return false;
    }
    if first.starts_with("xn--") {
        return false;
    }
    let Some((hfirst, hrest)) = h.split_once('.') else {
        return false;
    };
    if hrest != rest || hfirst.is_empty() || hfirst.starts_with("xn--") {
        return false;
    }
    let (pre, suf) = first.split_once('*').unwrap_or((first, ""));
    between(hfirst, pre, suf).is_some()
}

/// What a wildcard covers in `label` between `pre` and `suf` (which must not overlap).
fn between<'s>(label: &'s str, pre: &str, suf: &str) -> Option<&'s str> {
    label.strip_prefix(pre).and_then(|r| r.strip_suffix(suf))
}

/// OpenSSL's `X509_check_host` with `flags`: dNSName entries, or the CNs when there is none.
fn openssl_host(n: &LeafNames, host: &str, partial: bool) -> bool {
    if n.dns.is_empty() {
        n.cns.iter().any(|c| openssl_dns(c, host, partial))
    } else {
        n.dns.iter().any(|d| openssl_dns(d, host, partial))
    }
}

fn ip_san(n: &LeafNames, ip: IpAddr) -> bool {
    n.ips.iter().any(|b| ip_of(b) == Some(ip))
}

/// Node's `check(hostParts, pattern, wildcards)` (lib/tls.js).
fn node_dns(pattern: &str, host: &str) -> bool {
    let split = |s: &str| -> Vec<String> {
        let s = lower(s);
        let s = s.strip_suffix('.').map(str::to_owned).unwrap_or(s);
        s.split('.').map(str::to_owned).collect()
    };
    let hp = split(host);
    let pp = split(pattern);
    if hp.len() != pp.len() || pp.iter().any(String::is_empty) {
        return false;
    }
    if pp
        .iter()
        .any(|s| s.bytes().any(|b| !(0x21..0x80).contains(&b)))
    {
        return false;
    }
    if (1..hp.len()).any(|i| hp[i] != pp[i]) {
        return false;
    }
    let (hs, ps) = (&hp[0], &pp[0]);
    let parts: Vec<&str> = ps.split('*').collect();
    if parts.len() == 1 || ps.contains("xn--") {
        return hs == ps;
    }
    if parts.len() > 2 || pp.len() <= 2 {
        return false;
    }
    between(hs, parts[0], parts[1]).is_some()
}

/// Go's `matchHostnames` with `validHostnamePattern` (crypto/x509/verify.go).
fn go_dns(pattern: &str, host: &str) -> bool {
    let p = lower(pattern.strip_suffix('.').unwrap_or(pattern));
    let h = lower(host.strip_suffix('.').unwrap_or(host));
    if p.is_empty() || h.is_empty() {
        return false;
    }
    let valid = p.split('.').enumerate().all(|(i, l)| {
        !l.is_empty()
            && ((i == 0 && l == "*")
                || l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':')))
    });
    if !valid {
        return false;
    }
    let pp: Vec<&str> = p.split('.').collect();
    let hp: Vec<&str> = h.split('.').collect();
    pp.len() == hp.len()
        && pp
            .iter()
            .zip(&hp)
            .enumerate()
            .all(|(i, (a, b))| (i == 0 && *a == "*") || a == b)
}

/// Connector/J's `verifyHostName`: a `*` before the first dot, partial, not spanning a dot.
fn connectorj_dns(pattern: &str, host: &str) -> bool {
    let p = lower(pattern);
    let h = lower(host);
    match p.split_once('*') {
        Some((head, tail)) if !head.contains('.') && tail.contains('.') => {
            between(&h, head, tail).is_some_and(|mid| !mid.contains('.'))
        }
        _ => h == p,
    }
}

/// MariaDB Connector/J's `matchDns` / `matchWildCards`; `None` when it throws (a wildcard
/// against an address).
fn mariadbj_dns(pattern: &str, host: &str, host_is_ip: bool) -> Option<bool> {
    let h = lower(host);
    let p = lower(pattern);
    let ht: Vec<&str> = h.split('.').filter(|t| !t.is_empty()).collect();
    let pt: Vec<&str> = p.split('.').filter(|t| !t.is_empty()).collect();
    if ht.len() != pt.len() {
        return Some(false);
    }
    for (hn, pn) in ht.iter().zip(&pt) {
        if !pn.contains('*') {
            if hn != pn {
                return Some(false);
            }
            continue;
        }
        if host_is_ip {
            return None;
        }
        let mut token: &str = hn;
        let mut after: &str = pn;
        let mut first = true;
        while let Some((before, rest)) = after.split_once('*') {
            after = rest;
            match token.find(before) {
                Some(i) if !first || i == 0 => {
                    token = token
                        .get(i..)
                        .and_then(|t| t.strip_prefix(before))
                        .unwrap_or_default();
                }
                _ => return Some(false),
            }
            first = false;
        }
        if !token.ends_with(after) {
            return Some(false);
        }
    }
    Some(true)
}

/// Whether `rule` accepts `names` for `host`.
pub fn matches(rule: HostRule, names: &LeafNames, host: &str) -> bool {
    let ip = parse_ip(host);
    match rule {
        HostRule::Openssl { partial_wildcards } => match ip {
            Some(ip) => ip_san(names, ip),
            None => openssl_host(names, host, partial_wildcards),
        },
        HostRule::MariadbCc => {
            openssl_host(names, host, true) || ip.is_some_and(|ip| ip_san(names, ip))
        }
        HostRule::Node => match ip {
            Some(ip) => ip_san(names, ip),
            None if names.dns.is_empty() => names.cns.iter().any(|c| node_dns(c, host)),
            None => names.dns.iter().any(|d| node_dns(d, host)),
        },
        HostRule::Go => match ip {
            Some(ip) => ip_san(names, ip),
            None => names.dns.iter().any(|d| go_dns(d, host)),
        },
        HostRule::Webpki => match ip {
            Some(ip) => ip_san(names, ip),
            None => names
                .dns
                .iter()
                .any(|d| super::super::hostname::dns_matches(d, &lower(host))),
        },
        HostRule::ConnectorJ => {
            // The entries of the host's own type decide when there are any; else the first CN.
            let typed = match ip {
                Some(ip) => (!names.ips.is_empty()).then(|| ip_san(names, ip)),
                None => (!names.dns.is_empty())
                    .then(|| names.dns.iter().any(|d| connectorj_dns(d, host))),
            };
            typed.unwrap_or_else(|| names.cns.first().is_some_and(|c| connectorj_dns(c, host)))
        }
        HostRule::MariadbJ => {
            if let Some(ip) = ip {
                if ip_san(names, ip) {
                    return true;
                }
            } else if names
                .dns
                .iter()
                .any(|d| mariadbj_dns(d, host, false) == Some(true))
            {
                return true;
            }
            names
                .cns
                .first()
                .is_some_and(|c| mariadbj_dns(c, host, ip.is_some()) == Some(true))
        }
        HostRule::Php => {
            if names.dns.is_empty() && names.ips.is_empty() {
                return names.cns.iter().any(|c| openssl_dns(c, host, true));
            }
            match ip {
                Some(ip) => ip_san(names, ip),
                None => names.dns.iter().any(|d| openssl_dns(d, host, true)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dns: &[&str], ips: &[[u8; 4]], cns: &[&str]) -> LeafNames {
        LeafNames {
            dns: dns.iter().map(|s| (*s).to_owned()).collect(),
            ips: ips.iter().map(|b| b.to_vec()).collect(),
            cns: cns.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    const LIBMYSQL: HostRule = HostRule::Openssl {
        partial_wildcards: true,
    };
    const PYTHON: HostRule = HostRule::Openssl {
        partial_wildcards: false,
    };

    #[test]
    fn cn_fallback_differs_between_stacks() {
        let cn_only = names(&[], &[], &["db.example.com"]);
        for rule in [
            LIBMYSQL,
            PYTHON,
            HostRule::MariadbCc,
            HostRule::Node,
            HostRule::ConnectorJ,
            HostRule::MariadbJ,
            HostRule::Php,
        ] {
            assert!(matches(rule, &cn_only, "db.example.com"), "{rule:?}");
        }
        for rule in [HostRule::Go, HostRule::Webpki] {
            assert!(!matches(rule, &cn_only, "db.example.com"), "{rule:?}");
        }
    }

    #[test]
    fn mariadbj_reads_the_cn_even_beside_a_san() {
        let both = names(&["other.example.com"], &[], &["db.example.com"]);
        assert!(matches(HostRule::MariadbJ, &both, "db.example.com"));
        // PHP read it too until GHSA-xr7j-rvgx-xq5p (php-src `san_no_cn_fallback.phpt`);
        // Debian 12's PHP 8.2 refuses it (real-client matrix, wildcard-cn).
        let rules = [
            LIBMYSQL,
            HostRule::Node,
            HostRule::ConnectorJ,
            HostRule::Go,
            HostRule::Php,
        ];
        for rule in rules {
            assert!(!matches(rule, &both, "db.example.com"), "{rule:?}");
        }
    }

    #[test]
    fn partial_wildcards() {
        let partial = names(&["d*.example.com"], &[], &[]);
        assert!(matches(LIBMYSQL, &partial, "db.example.com"));
        assert!(matches(HostRule::Node, &partial, "db.example.com"));
        assert!(matches(HostRule::ConnectorJ, &partial, "db.example.com"));
        assert!(!matches(PYTHON, &partial, "db.example.com"));
        assert!(!matches(HostRule::Go, &partial, "db.example.com"));
        assert!(!matches(HostRule::Webpki, &partial, "db.example.com"));
    }

    #[test]
    fn an_address_in_the_cn_or_a_dns_name() {
        let cn_ip = names(&[], &[], &["10.0.0.1"]);
        assert!(matches(HostRule::MariadbCc, &cn_ip, "10.0.0.1"));
        assert!(matches(HostRule::ConnectorJ, &cn_ip, "10.0.0.1"));
        assert!(matches(HostRule::MariadbJ, &cn_ip, "10.0.0.1"));
        assert!(!matches(LIBMYSQL, &cn_ip, "10.0.0.1"));
        assert!(!matches(HostRule::Node, &cn_ip, "10.0.0.1"));
        let ip_san = names(&[], &[[10, 0, 0, 1]], &[]);
        for rule in [LIBMYSQL, HostRule::Go, HostRule::Webpki, HostRule::MariadbJ] {
            assert!(matches(rule, &ip_san, "10.0.0.1"), "{rule:?}");
            assert!(!matches(rule, &ip_san, "10.0.0.2"), "{rule:?}");
        }
    }

    #[test]
    fn public_suffix_and_multi_label_wildcards() {
        let tld = names(&["*.com"], &[], &[]);
        assert!(matches(HostRule::Go, &tld, "example.com"));
        assert!(!matches(LIBMYSQL, &tld, "example.com"));
        assert!(!matches(HostRule::Webpki, &tld, "example.com"));
        assert!(!matches(HostRule::Node, &tld, "example.com"));
        let inner = names(&["db.*.example.com"], &[], &[]);
        assert!(matches(HostRule::MariadbJ, &inner, "db.eu.example.com"));
        assert!(!matches(LIBMYSQL, &inner, "db.eu.example.com"));
        assert!(!matches(HostRule::ConnectorJ, &inner, "db.eu.example.com"));
    }
}
