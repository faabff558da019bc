//! Unit tests of the probe's pure part: greetings captured from a real MariaDB 10.11 (see
//! `tests/data/probe/README.md`), the SSLRequest, foreign protocols, the hand-built ClientHello,
//! and the evaluation against the chain fixtures of `tests/data/chains`.

use super::mysql::{self, parse_greeting, Flavor, Parsed};
use super::tls_hello::{self, HelloAnswer};
use super::*;
use crate::formats::pem;

const TLS_GREETING: &[u8] = include_bytes!("../../tests/data/probe/greeting-mariadb-tls.bin");
const PLAIN_GREETING: &[u8] = include_bytes!("../../tests/data/probe/greeting-mariadb-plain.bin");

fn greeting(bytes: &[u8]) -> Greeting {
    match parse_greeting(bytes).unwrap() {
        Parsed::Greeting(g) => g,
        Parsed::NeedMore => panic!("incomplete"),
    }
}

#[test]
fn mariadb_tls_greeting() {
    let g = greeting(TLS_GREETING);
    assert_eq!(g.protocol_version, 10);
    assert!(
        g.server_version.starts_with("5.5.5-10.11."),
        "{}",
        g.server_version
    );
    assert!(g.server_version.contains("-MariaDB"));
    assert_eq!(g.flavor, Flavor::Mariadb);
    // The real version, without the 5.5.5- prefix and the distribution suffix.
    let expected = g.server_version["5.5.5-".len()..]
        .split('-')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(g.version, expected);
    assert!(g.tls_offered);
    assert_ne!(g.capabilities & mysql::CLIENT_PROTOCOL_41, 0);
    // MariaDB clears CLIENT_MYSQL (bit 0) to tell MariaDB clients apart.
    assert_eq!(g.capabilities & mysql::CLIENT_LONG_PASSWORD, 0);
    assert_eq!(g.auth_plugin.as_deref(), Some("mysql_native_password"));
    assert!(g.charset.is_some() && g.status.is_some());
    // The connection id is the little-endian u32 after the version's NUL.
    let at = 5 + g.server_version.len() + 1;
    let id = u32::from_le_bytes(TLS_GREETING[at..at + 4].try_into().unwrap());
    assert_eq!(g.connection_id, id);
}

#[test]
fn mariadb_plain_greeting_does_not_offer_tls() {
    let g = greeting(PLAIN_GREETING);
    assert_eq!(g.flavor, Flavor::Mariadb);
    assert!(!g.tls_offered);
    let e = require_tls(&g, "127.0.0.1:3306").unwrap_err();
    assert_eq!(e.code(), ErrorCode::TlsNotOffered);
    assert!(e.message().contains("MariaDB"), "{e}");
    require_tls(&greeting(TLS_GREETING), "x").unwrap();
}

#[test]
fn every_prefix_needs_more_and_extra_bytes_are_not_mysql() {
    for n in 0..TLS_GREETING.len() {
        assert_eq!(
            parse_greeting(&TLS_GREETING[..n]).unwrap(),
            Parsed::NeedMore,
            "{n}"
        );
    }
    let mut more = TLS_GREETING.to_vec();
    more.push(0);
    assert_eq!(
        parse_greeting(&more).unwrap_err().code(),
        ErrorCode::NotMysql
    );
}

#[test]
fn a_broken_greeting_is_not_mysql_and_never_panics() {
    // Every truncation of the payload, with the header's length adjusted.
    for cut in 1..TLS_GREETING.len() - 4 {
        let mut b = TLS_GREETING[..4 + cut].to_vec();
        b[0] = cut as u8;
        let _ = parse_greeting(&b);
    }
    let mut v9 = TLS_GREETING.to_vec();
    v9[4] = 9;
    assert_eq!(
        parse_greeting(&v9).unwrap_err().code(),
        ErrorCode::TlsNotOffered
    );
    let mut v7 = TLS_GREETING.to_vec();
    v7[4] = 7;
    assert_eq!(parse_greeting(&v7).unwrap_err().code(), ErrorCode::NotMysql);
}

#[test]
fn foreign_protocols_are_named() {
    for (bytes, what) in [
        (&b"HTTP/1.0 400 Bad request\r\n"[..], "HTTP"),
        (b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", "SSH"),
        (b"220 mail.example ESMTP\r\n", "SMTP"),
        (b"\x15\x03\x03\x00\x02\x02\x46", "TLS"),
        (b"HTT", "HTTP"),
    ] {
        let e = parse_greeting(bytes).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotMysql);
        assert!(e.message().contains(what), "{e}");
    }
    // Random bytes with a huge "length" are not a packet header.
    let e = parse_greeting(b"\xff\xff\xff\x00abc").unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotMysql);
}

#[test]
fn err_packet_is_a_server_error() {
    // ERR packet layout (protocol docs): 0xff, error code u16 LE, message; no SQLSTATE before
    // the handshake. 1129 is ER_HOST_IS_BLOCKED.
    let msg = b"Host '192.0.2.7' is blocked because of many connection errors";
    let mut p = vec![0xff, 0x69, 0x04];
    p.extend_from_slice(msg);
    let mut b = vec![p.len() as u8, 0, 0, 0];
    b.extend_from_slice(&p);
    let e = parse_greeting(&b).unwrap_err();
    assert_eq!(e.code(), ErrorCode::ServerError);
    assert!(e.message().contains("1129"), "{e}");
    assert!(e.message().contains("is blocked"), "{e}");
}

#[test]
fn ssl_request_carries_capabilities_only() {
    let g = greeting(TLS_GREETING);
    let p = mysql::ssl_request(&g);
    assert_eq!(&p[..4], &[32, 0, 0, 1]);
    let caps = u32::from_le_bytes(p[4..8].try_into().unwrap());
    assert_ne!(caps & mysql::CLIENT_SSL, 0);
    assert_ne!(caps & mysql::CLIENT_PROTOCOL_41, 0);
    // Only what the server offers (MariaDB cleared bit 0), plus SSL and 4.1.
    assert_eq!(
        caps & !(g.capabilities | mysql::CLIENT_SSL | mysql::CLIENT_PROTOCOL_41),
        0
    );
    assert_eq!(u32::from_le_bytes(p[8..12].try_into().unwrap()), 16 << 20);
    // The 23 filler bytes are zero: no user, no password, no database.
    assert!(p[13..].iter().all(|&b| b == 0));
}

#[test]
fn versions_and_flavors() {
    for (s, f, v) in [
        ("8.0.36", Flavor::Mysql, "8.0.36"),
        ("8.0.36-28", Flavor::Mysql, "8.0.36"),
        ("5.7.44-log", Flavor::Mysql, "5.7.44"),
        ("5.5.5-10.6.16-MariaDB-log", Flavor::Mariadb, "10.6.16"),
        ("11.4.2-MariaDB", Flavor::Mariadb, "11.4.2"),
        ("8.0.11-TiDB-v7.5.0", Flavor::Tidb, "7.5.0"),
    ] {
        assert_eq!(mysql::flavor_and_version(s), (f, v.to_owned()), "{s}");
    }
}

#[test]
fn addresses() {
    let ok = |a: &str, h: &str, p: u16| assert_eq!(parse_address(a).unwrap(), (h.to_owned(), p));
    ok("db.example.com", "db.example.com", 3306);
    ok("db.example.com:3307", "db.example.com", 3307);
    ok("127.0.0.1:1", "127.0.0.1", 1);
    ok("[::1]:3306", "::1", 3306);
    ok("[::1]", "::1", 3306);
    ok("::1", "::1", 3306);
    for bad in [
        "", ":3306", "db:0", "db:65536", "db:x", "[::1", "[::1]x", "a b",
    ] {
        assert_eq!(
            parse_address(bad).unwrap_err().code(),
            ErrorCode::InvalidOption,
            "{bad}"
        );
    }
}

/// Walks the ClientHello record: returns (record version, hello version, suites, extension ids).
fn walk_hello(r: &[u8]) -> (u16, u16, Vec<u16>, Vec<u16>) {
    assert_eq!(r[0], 0x16);
    let rec_len = u16::from_be_bytes([r[3], r[4]]) as usize;
    assert_eq!(r.len(), 5 + rec_len);
    let h = &r[5..];
    assert_eq!(h[0], 1);
    let hs_len = (h[1] as usize) << 16 | (h[2] as usize) << 8 | h[3] as usize;
    assert_eq!(hs_len, rec_len - 4);
    let b = &h[4..];
    let version = u16::from_be_bytes([b[0], b[1]]);
    let mut at = 2 + 32;
    let sid = b[at] as usize;
    at += 1 + sid;
    let n = u16::from_be_bytes([b[at], b[at + 1]]) as usize;
    let suites = b[at + 2..at + 2 + n]
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    at += 2 + n;
    let comp = b[at] as usize;
    at += 1 + comp;
    let ext_len = u16::from_be_bytes([b[at], b[at + 1]]) as usize;
    at += 2;
    assert_eq!(at + ext_len, b.len());
    let mut exts = Vec::new();
    while at < b.len() {
        exts.push(u16::from_be_bytes([b[at], b[at + 1]]));
        let l = u16::from_be_bytes([b[at + 2], b[at + 3]]) as usize;
        at += 4 + l;
    }
    assert_eq!(at, b.len());
    (u16::from_be_bytes([r[1], r[2]]), version, suites, exts)
}

#[test]
fn client_hello_offers_one_version() {
    let random = [7u8; 32];
    for v in TlsVersion::ALL {
        if v == TlsVersion::Tls13 {
            continue;
        }
        let r = tls_hello::client_hello(v, Some("db.example.com"), &random);
        let (rec, hello, suites, exts) = walk_hello(&r);
        assert_eq!(rec, 0x0301);
        assert_eq!(hello, tls_hello::wire(v));
        assert_eq!(suites.len(), tls_hello::LEGACY_SUITES.len());
        assert!(exts.contains(&0x0000), "SNI");
        // No supported_versions: the legacy version field is the only offer.
        assert!(!exts.contains(&0x002b));
        assert_eq!(exts.contains(&0x000d), v == TlsVersion::Tls12);
    }
    // No SNI for an IP address.
    let r = tls_hello::client_hello(TlsVersion::Tls11, Some("127.0.0.1"), &random);
    assert!(!walk_hello(&r).3.contains(&0x0000));
}

#[test]
fn answers_to_the_client_hello() {
    let alert = [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 70];
    assert_eq!(
        tls_hello::read_answer(&alert).unwrap(),
        HelloAnswer::Alert(70)
    );
    assert_eq!(tls_hello::alert_name(70), "protocol_version");
    assert_eq!(
        tls_hello::read_answer(&alert[..6]).unwrap(),
        HelloAnswer::NeedMore
    );
    // A ServerHello (TLS 1.1, empty session id, suite 0xc013) as RFC 4346 lays it out.
    let mut body = vec![2, 0, 0, 38, 0x03, 0x02];
    body.extend_from_slice(&[9u8; 32]);
    body.extend_from_slice(&[0, 0xc0, 0x13, 0]);
    let mut rec = vec![0x16, 0x03, 0x02, 0, body.len() as u8];
    rec.extend_from_slice(&body);
    assert_eq!(
        tls_hello::read_answer(&rec).unwrap(),
        HelloAnswer::ServerHello {
            version: 0x0302,
            suite: 0xc013
        }
    );
    assert_eq!(
        tls_hello::suite_name(0xc013),
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"
    );
    let e = tls_hello::read_answer(b"HTTP/1.1 400").unwrap_err();
    assert_eq!(e.code(), ErrorCode::TlsHandshakeFailed);
}

/// The openssl-made test chains (tests/data/chains), compiled in: the core reads no files.
fn chain_der(names: &[&str]) -> Vec<Vec<u8>> {
    names
        .iter()
        .map(|n| {
            let pem: &[u8] = match *n {
                "rsa-root" => include_bytes!("../../tests/data/chains/rsa-root.pem"),
                "rsa-int" => include_bytes!("../../tests/data/chains/rsa-int.pem"),
                "rsa-leaf" => include_bytes!("../../tests/data/chains/rsa-leaf.pem"),
                "ec-root" => include_bytes!("../../tests/data/chains/ec-root.pem"),
                other => panic!("no test chain {other}"),
            };
            pem::parse(pem).unwrap().remove(0).der
        })
        .collect()
}

fn evidence(chain: Vec<Vec<u8>>, negotiated: bool) -> Evidence {
    Evidence {
        greeting: greeting(TLS_GREETING),
        versions: vec![VersionProbe {
            version: TlsVersion::Tls13,
            accepted: negotiated,
            method: ProbeMethod::Handshake,
            cipher_suite: negotiated.then(|| "TLS13_AES_256_GCM_SHA384".into()),
            alert: (!negotiated).then(|| "protocol_version".into()),
            detail: None,
        }],
        negotiated: negotiated.then(|| Negotiated {
            version: TlsVersion::Tls13,
            cipher_suite: "TLS13_AES_256_GCM_SHA384".into(),
            key_exchange: Some("X25519".into()),
        }),
        chain,
    }
}

#[test]
fn evaluation_gives_each_mode_its_verdict() {
    let at = UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap();
    let mut root = Bundle::new(Format::Pem);
    root.certificates = chain_der(&["rsa-root"])
        .into_iter()
        .map(CertEntry::plain)
        .collect();
    let sent = chain_der(&["rsa-leaf", "rsa-int"]);

    let r = evaluate(
        "db:3306",
        evidence(sent.clone(), true),
        Some(&root),
        "db.example.com",
        at,
    )
    .unwrap();
    assert_eq!(r.chain.len(), 2);
    assert_eq!(
        pem::parse(r.chain[0].pem.as_bytes()).unwrap()[0].der,
        sent[0]
    );
    assert!(r.chain[0]
        .info
        .as_ref()
        .unwrap()
        .dns_names
        .contains(&"db.example.com".to_owned()));
    assert_eq!(r.verdict(SslMode::Preferred), Verdict::Works);
    assert_eq!(r.verdict(SslMode::VerifyCa), Verdict::Works);
    assert_eq!(r.verdict(SslMode::VerifyIdentity), Verdict::Works);
    assert_eq!(r.verdict(SslMode::Disabled), Verdict::Unknown);

    let r = evaluate(
        "db:3306",
        evidence(sent.clone(), true),
        Some(&root),
        "other.example",
        at,
    )
    .unwrap();
    assert_eq!(r.verdict(SslMode::VerifyCa), Verdict::Works);
    assert_eq!(r.verdict(SslMode::VerifyIdentity), Verdict::Fails);
    let m = &r.modes[4];
    assert!(m.reason.contains("hostname_mismatch"), "{}", m.reason);

    let mut other = Bundle::new(Format::Pem);
    other.certificates = chain_der(&["ec-root"])
        .into_iter()
        .map(CertEntry::plain)
        .collect();
    let r = evaluate(
        "db:3306",
        evidence(sent.clone(), true),
        Some(&other),
        "db.example.com",
        at,
    )
    .unwrap();
    assert_eq!(r.verdict(SslMode::VerifyCa), Verdict::Fails);
    assert!(
        r.modes[3].reason.contains("unknown_issuer"),
        "{}",
        r.modes[3].reason
    );

    let r = evaluate(
        "db:3306",
        evidence(sent.clone(), true),
        None,
        "db.example.com",
        at,
    )
    .unwrap();
    assert_eq!(r.verdict(SslMode::VerifyCa), Verdict::Unknown);
    assert!(r.verify_ca.is_none() && !r.ca_given);

    let e = evaluate("db:3306", evidence(sent, false), Some(&root), "db", at).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TlsHandshakeFailed);
    assert!(
        e.message()
            .contains("TLSv1.3: refused (alert protocol_version)"),
        "{e}"
    );
}

#[test]
fn report_json_is_camel_case() {
    let at = UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap();
    let r = evaluate(
        "db:3306",
        evidence(chain_der(&["rsa-leaf"]), true),
        None,
        "db",
        at,
    )
    .unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["tlsVersions"][0]["version"], "TLSv1.3");
    assert_eq!(v["tlsVersions"][0]["method"], "handshake");
    assert_eq!(v["negotiated"]["cipherSuite"], "TLS13_AES_256_GCM_SHA384");
    assert_eq!(v["server"]["flavor"], "mariadb");
    assert_eq!(v["server"]["tlsOffered"], true);
    assert_eq!(v["modes"][3]["mode"], "VERIFY_CA");
    assert_eq!(v["modes"][3]["verdict"], "unknown");
    assert!(v["chain"][0]["pem"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN CERTIFICATE-----"));
    assert!(v["chain"][0]["fingerprintSha256"].is_string());
}
