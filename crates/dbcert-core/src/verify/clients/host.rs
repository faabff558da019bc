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

/// Connector/J's `HostnameChecker.verifyHostName`: a `*` before the first dot, partial, not
/// spanning a dot; otherwise the whole pattern, ignoring case.
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

/// The text the JDK gives a subjectAltName iPAddress entry
/// (`X509Certificate.getSubjectAlternativeNames`, from `sun.security.x509.IPAddressName`):
/// `InetAddress.getByAddress(bytes).getHostAddress()`, dotted decimal for 4 bytes (and for a
/// 16-byte IPv4-mapped address, which `getByAddress` turns into an `Inet4Address`), else eight
/// lowercase hexadecimal groups without leading zeros and without `::` compression
/// (`Inet6Address.numericToTextFormat`: `0:0:0:0:0:0:0:1`, never `::1`). `None` for another
/// length, which the JDK does not decode.
pub fn jdk_ip_text(bytes: &[u8]) -> Option<String> {
    match ip_of(bytes)? {
        IpAddr::V4(a) => Some(a.to_string()),
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => Some(v4.to_string()),
            None => Some(
                a.segments()
                    .iter()
                    .map(|g| format!("{g:x}"))
                    .collect::<Vec<_>>()
                    .join(":"),
            ),
        },
    }
}

/// The names the JDK's `X509Certificate.getSubjectAlternativeNames` gives once its PKIX
/// validation has checked a CA's nameConstraints against a server certificate that has a
/// subjectAltName extension: `sun.security.x509.NameConstraintsExtension.verify(X509Certificate)`
/// adds the most specific (last) CN to the extension's own `GeneralNames` (not to a copy), as an
/// iPAddress when it is an address literal and the certificate has no iPAddress entry, else as a
/// dNSName when it has no dNSName entry and the CN is a valid `DNSName` (letters, digits and
/// hyphens in non-empty labels, none starting with a hyphen); the host checkers that run after
/// the handshake (Connector/J's) then see it. `None` when nothing is added. Measured: limbo's
/// `bettertls::nameconstraints` cases with the host in the CN beside a subjectAltName of the
/// other type (`tc819`, `tc7542`: an intermediate with nameConstraints, Connector/J connects;
/// `tc817`, `tc7540`: none, it refuses).
pub fn jdk_names_after_name_constraints(n: &LeafNames) -> Option<LeafNames> {
    let cn = n.cns.last()?;
    let mut out = n.clone();
    if let Ok(ip) = cn.parse::<IpAddr>() {
        if !n.ips.is_empty() {
            return None;
        }
        out.ips.push(match ip {
            IpAddr::V4(a) => a.octets().to_vec(),
            IpAddr::V6(a) => a.octets().to_vec(),
        });
        return Some(out);
    }
    let valid_dns = !cn.is_empty()
        && cn.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if !n.dns.is_empty() || !valid_dns {
        return None;
    }
    out.dns.push(cn.clone());
    Some(out)
}

/// Connector/J's `ExportControlled$HostnameChecker.match` (mysql/mysql-connector-j
/// `src/main/core-impl/java/com/mysql/cj/protocol/ExportControlled.java`; the 9.1.0 jar's
/// bytecode read with `javap -c`): the subjectAltName entries in order, whatever the host is, a
/// dNSName through `verifyHostName` (so `DNS:127.0.0.1` matches the host `127.0.0.1`), an
/// iPAddress by `hostname.equalsIgnoreCase` of the JDK's text of it ([`jdk_ip_text`], so the
/// host `::1` never matches `0:0:0:0:0:0:0:1`); when the certificate has any dNSName or
/// iPAddress and none matches, it fails ("None of the certificate's DNS or IP Subject
/// Alternative Name entries matched"), else the first CN through `verifyHostName`.
fn connectorj_host(n: &LeafNames, host: &str) -> bool {
    if n.dns.is_empty() && n.ips.is_empty() {
        return n.cns.first().is_some_and(|c| connectorj_dns(c, host));
    }
    n.dns.iter().any(|d| connectorj_dns(d, host))
        || n.ips
            .iter()
            .any(|b| jdk_ip_text(b).is_some_and(|t| t.eq_ignore_ascii_case(host)))
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
        HostRule::ConnectorJ => connectorj_host(names, host),
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

    fn v6(text: &str) -> Vec<u8> {
        text.parse::<std::net::Ipv6Addr>()
            .map(|a| a.octets().to_vec())
            .unwrap_or_default()
    }

    #[test]
    fn the_jdk_writes_addresses_its_own_way() {
        assert_eq!(jdk_ip_text(&[1, 1, 1, 1]).as_deref(), Some("1.1.1.1"));
        assert_eq!(jdk_ip_text(&v6("::1")).as_deref(), Some("0:0:0:0:0:0:0:1"));
        assert_eq!(
            jdk_ip_text(&v6("2001:DB8::8A2E:370:7334")).as_deref(),
            Some("2001:db8:0:0:0:8a2e:370:7334")
        );
        assert_eq!(
            jdk_ip_text(&v6("::ffff:10.0.0.1")).as_deref(),
            Some("10.0.0.1")
        );
        assert_eq!(jdk_ip_text(&[1, 2, 3]), None);
    }

    #[test]
    fn connectorj_compares_an_address_as_the_jdk_writes_it() {
        // limbo `rfc5280::nc::permitted-ipv6-match`, `webpki::cn::ipv6-*`: the host as the
        // user writes it is compared with the JDK's uncompressed text.
        let leaf = LeafNames {
            ips: vec![v6("::1")],
            cns: vec!["example.com".into()],
            ..LeafNames::default()
        };
        assert!(!matches(HostRule::ConnectorJ, &leaf, "::1"));
        assert!(matches(HostRule::ConnectorJ, &leaf, "0:0:0:0:0:0:0:1"));
        for rule in [LIBMYSQL, HostRule::Go, HostRule::MariadbJ] {
            assert!(matches(rule, &leaf, "::1"), "{rule:?}");
        }
        let upper = LeafNames {
            ips: vec![v6("2001:db8::8a2e:370:7334")],
            ..LeafNames::default()
        };
        assert!(matches(
            HostRule::ConnectorJ,
            &upper,
            "2001:DB8:0:0:0:8A2E:370:7334"
        ));
    }

    #[test]
    fn connectorj_reads_every_entry_and_the_cn_only_without_any() {
        // bettertls nameconstraints tc8795: `IP:1.1.1.1, DNS:127.0.0.1`, host 127.0.0.1; and
        // `rfc5280::san::ip-in-dns`: a dNSName matches an address host as text.
        let dns_ip = names(&["127.0.0.1"], &[[1, 1, 1, 1]], &[]);
        assert!(matches(HostRule::ConnectorJ, &dns_ip, "127.0.0.1"));
        assert!(!matches(LIBMYSQL, &dns_ip, "127.0.0.1"));
        // tc7540: `CN=127.0.0.1` beside `DNS:test.localhost`; tc817: `CN=test.localhost`
        // beside `IP:127.0.0.1`: a subjectAltName of either type rules the CN out.
        let cn_beside_dns = names(&["test.localhost"], &[], &["127.0.0.1"]);
        assert!(!matches(HostRule::ConnectorJ, &cn_beside_dns, "127.0.0.1"));
        let cn_beside_ip = names(&[], &[[127, 0, 0, 1]], &["test.localhost"]);
        assert!(!matches(
            HostRule::ConnectorJ,
            &cn_beside_ip,
            "test.localhost"
        ));
        // MariaDB Connector/J reads the CN after the subjectAltName whatever it holds.
        assert!(matches(HostRule::MariadbJ, &cn_beside_ip, "test.localhost"));
        // No dNSName or iPAddress: the first CN decides.
        let cns = names(&[], &[], &["db.example.com", "other.example.com"]);
        assert!(matches(HostRule::ConnectorJ, &cns, "db.example.com"));
        assert!(!matches(HostRule::ConnectorJ, &cns, "other.example.com"));
    }

    #[test]
    fn the_jdk_adds_the_cn_to_the_names_when_it_checks_name_constraints() {
        // bettertls tc819: `CN=test.localhost` beside `IP:127.0.0.1`, under an intermediate
        // with nameConstraints: Connector/J then sees `DNS:test.localhost` too.
        let leaf = names(&[], &[[127, 0, 0, 1]], &["test.localhost"]);
        let seen = jdk_names_after_name_constraints(&leaf).expect("the CN added");
        assert_eq!(seen.dns, ["test.localhost"]);
        assert!(!matches(HostRule::ConnectorJ, &leaf, "test.localhost"));
        assert!(matches(HostRule::ConnectorJ, &seen, "test.localhost"));
        // tc7542: `CN=127.0.0.1` beside `DNS:test.localhost`: added as an address.
        let leaf = names(&["test.localhost"], &[], &["127.0.0.1"]);
        let seen = jdk_names_after_name_constraints(&leaf).expect("the CN added");
        assert_eq!(seen.ips, [vec![127, 0, 0, 1]]);
        assert!(matches(HostRule::ConnectorJ, &seen, "127.0.0.1"));
        // Nothing is added beside an entry of the CN's own type, nor for a wildcard CN.
        assert_eq!(
            jdk_names_after_name_constraints(&names(&["a.example"], &[], &["b.example"])),
            None
        );
        assert_eq!(
            jdk_names_after_name_constraints(&names(&[], &[[1, 1, 1, 1]], &["*.example"])),
            None
        );
    }
}
