//! The verdict by what the input is (`verify::verdict`): a server chain, a CA file, a trust
//! store. Fixtures of `tests/data/chains` at 2030-01-01, the machine's Mozilla bundle and Java's
//! cacerts at the real time of the run (what they hold is counted here, never written down).

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use dbcert_core::bundle::{Bundle, CertEntry};
use dbcert_core::cert::Certificate;
use dbcert_core::format::Format;
use dbcert_core::formats::pem;
use dbcert_core::time::UnixTime;
use dbcert_core::verify::verdict::{Identity, InputKind, Status};
use dbcert_core::verify::{verify, FindingCode, VerifyOptions, VerifyReport};
use dbcert_core::{read, ReadOptions};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/chains")
}

fn bundle(names: &[&str]) -> Bundle {
    let mut b = Bundle::new(Format::Pem);
    for n in names {
        let text = std::fs::read(dir().join(format!("{n}.pem"))).unwrap();
        b.certificates
            .push(CertEntry::plain(pem::parse(&text).unwrap().remove(0).der));
    }
    b
}

fn at(t: &str) -> UnixTime {
    UnixTime::parse_rfc3339(t).unwrap()
}

fn check(input: &[&str], ca: Option<&[&str]>, host: Option<&str>) -> VerifyReport {
    let input = bundle(input);
    let ca = ca.map(bundle);
    let mut o = VerifyOptions::new(at("2030-01-01T00:00:00Z"));
    o.ca = ca.as_ref();
    o.host = host;
    verify(&input, &o)
}

fn codes(list: &[dbcert_core::verify::Finding]) -> Vec<FindingCode> {
    list.iter().map(|f| f.code).collect()
}

/// A CA chain file with a host name: the host is not checked against a CA (no
/// hostname_mismatch, no cn_only); VERIFY_IDENTITY needs the server's certificate, and the
/// verdict says how to get it, for that host.
#[test]
fn ca_file_with_a_host_needs_the_server_certificate() {
    let r = check(&["rsa-int", "rsa-root"], None, Some("db.example.com"));
    let v = &r.verdict;
    assert_eq!(v.input, InputKind::CaFile);
    assert_eq!(v.status, Status::Passes, "{r:#?}");
    assert_eq!(v.identity, Identity::NeedsServerCertificate);
    assert_eq!(v.mode, "VERIFY_CA");
    assert_eq!(v.host.as_deref(), Some("db.example.com"));
    assert!(
        r.valid && r.errors.is_empty() && r.warnings.is_empty(),
        "{r:#?}"
    );
    let a = v.authorities.as_ref().unwrap();
    assert_eq!((a.cas, a.usable, a.roots, a.usable_roots), (2, 2, 1, 1));
    assert!(a.complete);
    assert!(
        v.headline.starts_with("Usable CA file: 2 CA certificates"),
        "{}",
        v.headline
    );
    assert!(v
        .headline
        .contains("VERIFY_IDENTITY needs the server's certificate"));
    let commands: Vec<&str> = v
        .server_certificate_how_to
        .iter()
        .filter_map(|h| h.command.as_deref())
        .collect();
    assert_eq!(
        commands,
        [
            "dbcert probe db.example.com:3306 --ca <CA file>",
            "openssl s_client -starttls mysql -connect db.example.com:3306 -showcerts </dev/null"
        ]
    );
    assert!(v.server_certificate_how_to[2].text.contains("ssl_cert"));
    // The first expiry is the earliest notAfter of the two.
    let input = bundle(&["rsa-int", "rsa-root"]);
    let earliest = input
        .certificates
        .iter()
        .map(|e| Certificate::parse(&e.der).unwrap().not_after)
        .min()
        .unwrap();
    assert_eq!(v.expires.as_ref().unwrap().at, earliest.to_rfc3339());
}

/// A CA file whose root is missing: not usable, the chain incomplete.
#[test]
fn ca_file_without_its_root_fails_incomplete() {
    let r = check(&["rsa-int"], None, None);
    assert_eq!(r.verdict.input, InputKind::CaFile);
    assert_eq!(r.verdict.status, Status::Fails);
    assert_eq!(codes(&r.errors), [FindingCode::UnknownIssuer]);
    assert!(!r.verdict.authorities.as_ref().unwrap().complete);
    assert!(
        r.verdict
            .headline
            .starts_with("Not usable as a CA file (1 CA certificate): unknown_issuer"),
        "{}",
        r.verdict.headline
    );
}

/// Two independent roots make a trust store: both usable anchors.
#[test]
fn two_roots_are_a_trust_store() {
    let r = check(&["rsa-root", "ec-root"], None, Some("db.example.com"));
    let v = &r.verdict;
    assert_eq!(v.input, InputKind::TrustStore);
    assert_eq!(v.status, Status::Passes);
    assert_eq!(v.identity, Identity::NeedsServerCertificate);
    assert_eq!(v.authorities.as_ref().unwrap().usable_roots, 2);
    assert_eq!(v.headline, "Trust store with 2 usable anchors of 2 roots");
}

/// The server's certificate with the CA file: the full verdict, VERIFY_IDENTITY answered.
#[test]
fn server_certificate_with_a_ca_file() {
    let r = check(
        &["rsa-leaf", "rsa-int"],
        Some(&["rsa-root"]),
        Some("db.example.com"),
    );
    let v = &r.verdict;
    assert_eq!(
        (v.input, v.status, v.identity, v.mode),
        (
            InputKind::ServerChain,
            Status::Passes,
            Identity::Checked,
            "VERIFY_IDENTITY"
        )
    );
    assert_eq!(v.headline, "Passes VERIFY_IDENTITY for db.example.com");
    assert!(v.server_certificate_how_to.is_empty() && v.authorities.is_none());

    let r = check(
        &["rsa-leaf", "rsa-int"],
        Some(&["rsa-root"]),
        Some("wrong.example"),
    );
    assert_eq!(r.verdict.status, Status::Fails);
    assert_eq!(
        r.verdict.headline,
        "Fails VERIFY_IDENTITY for wrong.example: hostname_mismatch"
    );

    let r = check(&["rsa-leaf", "rsa-int"], Some(&["rsa-root"]), None);
    assert_eq!(r.verdict.identity, Identity::NotChecked);
    assert!(r
        .verdict
        .headline
        .starts_with("Passes VERIFY_CA; give the host name"));
}

/// A weak chain is never a plain pass: no error, but default clients refuse it.
#[test]
fn weak_chains_depend_on_the_client() {
    for (leaf, code) in [
        ("rsa1024-leaf", FindingCode::WeakKey),
        ("sha1-leaf", FindingCode::WeakSignatureAlgorithm),
    ] {
        let r = check(&[leaf, "rsa-int", "rsa-root"], None, Some("db.example.com"));
        assert!(r.valid, "{leaf}: {r:#?}");
        let v = &r.verdict;
        assert_eq!(v.status, Status::DependsOnClient, "{leaf}");
        assert_eq!(v.refused_by.len(), 1, "{leaf}");
        assert_eq!(v.refused_by[0].code, code);
        assert_eq!(v.refused_by[0].certificate, Some(0));
        assert!(v.refused_by[0].clients.contains("Java"), "{leaf}");
        assert!(
            v.headline.starts_with("Depends on the client"),
            "{}",
            v.headline
        );
        assert!(v.headline.contains(code.as_str()), "{}", v.headline);
    }
    // Java's certificate-policy rules: Java clients refuse, OpenSSL-based ones accept.
    let r = check(&["policy-leaf", "policy-int", "policy-root"], None, None);
    assert_eq!(r.verdict.status, Status::DependsOnClient);
    assert_eq!(r.verdict.refused_by[0].code, FindingCode::CertificatePolicy);
}

/// cn_only is a refusal only where the host is checked (VERIFY_IDENTITY).
#[test]
fn cn_only_matters_for_verify_identity() {
    let r = check(&["cn-only-leaf", "rsa-int"], Some(&["rsa-root"]), None);
    assert_eq!(r.verdict.status, Status::Passes, "{r:#?}");
    let host = cn_of("cn-only-leaf");
    let r = check(
        &["cn-only-leaf", "rsa-int"],
        Some(&["rsa-root"]),
        Some(&host),
    );
    assert_eq!(r.verdict.status, Status::DependsOnClient, "{r:#?}");
    assert_eq!(r.verdict.refused_by[0].code, FindingCode::CnOnly);
}

fn cn_of(name: &str) -> String {
    let b = bundle(&[name]);
    Certificate::parse(&b.certificates[0].der)
        .unwrap()
        .subject
        .common_name()
        .unwrap()
}

/// `leaf` names the certificate to verify as the server's: a server chain, whatever it is.
#[test]
fn leaf_option_makes_a_server_chain() {
    let input = bundle(&["rsa-int", "rsa-root"]);
    let mut o = VerifyOptions::new(at("2030-01-01T00:00:00Z"));
    o.leaf = Some(0);
    o.host = Some("db.example.com");
    let r = verify(&input, &o);
    assert_eq!(r.verdict.input, InputKind::ServerChain);
    assert_eq!(r.verdict.identity, Identity::Checked);
}

fn now() -> UnixTime {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    UnixTime::from_millis(i64::try_from(ms).unwrap())
}

/// Counts the self-signed roots of `b` that are valid at `t` and that have expired.
fn roots_at(b: &Bundle, t: UnixTime) -> (usize, usize) {
    let mut seen = std::collections::HashSet::new();
    let (mut valid, mut expired) = (0, 0);
    for e in &b.certificates {
        if !seen.insert(e.der.clone()) {
            continue;
        }
        let c = Certificate::parse(&e.der).unwrap();
        if !c.is_self_issued() {
            continue;
        }
        if c.not_after < t {
            expired += 1;
        } else if c.not_before <= t {
            valid += 1;
        }
    }
    (valid, expired)
}

/// The end of an expired trust-store root's finding (the words, not the constant: a test of
/// what users read).
fn expired_root_advice_end() -> &'static str {
    "update it (the OS's ca-certificates package, or the JDK's cacerts) rather than adding roots by hand"
}

/// The machine's bundle and Java's cacerts: trust stores. Expired roots are warnings about
/// those roots; the headline counts the usable anchors; nothing is checked against a host.
#[test]
fn system_trust_stores() {
    let stores = [
        ("/etc/ssl/certs/ca-certificates.crt", None),
        ("/etc/ssl/certs/java/cacerts", Some("changeit")),
    ];
    for (path, password) in stores {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let input = read(&bytes, &ReadOptions { password }).unwrap();
        let t = now();
        let mut o = VerifyOptions::new(t);
        o.host = Some("db.example.com");
        let r = verify(&input, &o);
        let v = &r.verdict;
        assert_eq!(v.input, InputKind::TrustStore, "{path}");
        assert_eq!(v.status, Status::Passes, "{path}: {}", v.headline);
        assert_eq!(v.identity, Identity::NeedsServerCertificate);
        assert!(r.valid && r.errors.is_empty(), "{path}: {:?}", r.errors);
        assert!(
            !codes(&r.warnings).contains(&FindingCode::HostnameMismatch)
                && !codes(&r.warnings).contains(&FindingCode::CnOnly)
        );
        let (valid, expired) = roots_at(&input, t);
        let a = v.authorities.as_ref().unwrap();
        assert_eq!(a.expired, expired, "{path}");
        assert!(
            a.usable_roots > 0 && a.usable_roots <= valid,
            "{path}: {a:?}"
        );
        let expired_warnings = r
            .warnings
            .iter()
            .filter(|f| f.code == FindingCode::Expired)
            .count();
        assert_eq!(expired_warnings, expired, "{path}");
        // An expired root of a trust store is skipped by clients: no "download a bundle" fix.
        for f in r.warnings.iter().filter(|f| f.code == FindingCode::Expired) {
            assert!(
                f.message
                    .contains("clients skip an expired root of a trust store")
                    && !f.message.contains("download the current CA bundle"),
                "{path}: {}",
                f.message
            );
        }
        assert!(
            v.headline.starts_with(&format!(
                "Trust store with {} usable anchors of {} roots",
                a.usable_roots, a.roots
            )),
            "{path}: {}",
            v.headline
        );
        if expired > 0 {
            assert!(
                v.headline.contains(&format!("{expired} expired")),
                "{}",
                v.headline
            );
        }

        // Long after every root has expired, no anchor is left.
        let r = verify(&input, &VerifyOptions::new(at("2200-01-01T00:00:00Z")));
        assert_eq!(r.verdict.status, Status::Fails, "{path}");
        assert_eq!(r.verdict.authorities.as_ref().unwrap().usable_roots, 0);
        assert!(r
            .verdict
            .headline
            .starts_with("Trust store without a usable anchor"));
        let expired: Vec<&str> = r
            .warnings
            .iter()
            .filter(|f| f.code == FindingCode::Expired)
            .map(|f| f.message.as_str())
            .collect();
        assert!(!expired.is_empty(), "{path}");
        for m in expired {
            assert!(m.ends_with(expired_root_advice_end()), "{path}: {m}");
        }
    }
}

/// A root whose bytes were altered (a flipped bit in its signature): in a CA file, an error
/// that says so; in a trust store its self-signature is not checked, as clients do not.
#[test]
fn tampered_root_in_a_ca_file_and_in_a_trust_store() {
    let mut ca_file = bundle(&["rsa-int", "rsa-root"]);
    let last = ca_file.certificates[1].der.len() - 10;
    ca_file.certificates[1].der[last] ^= 1;
    let r = verify(&ca_file, &VerifyOptions::new(at("2030-01-01T00:00:00Z")));
    assert_eq!(r.verdict.input, InputKind::CaFile);
    assert_eq!(r.verdict.status, Status::Fails);
    let bad = r
        .errors
        .iter()
        .find(|f| f.code == FindingCode::BadSignature)
        .unwrap();
    assert!(
        bad.message.contains("its own signature does not verify"),
        "{}",
        bad.message
    );

    let mut store = bundle(&["rsa-root", "ec-root"]);
    store.certificates[0].der[last] ^= 1;
    let r = verify(&store, &VerifyOptions::new(at("2030-01-01T00:00:00Z")));
    assert_eq!(r.verdict.input, InputKind::TrustStore);
    assert_eq!(r.verdict.status, Status::Passes);
    assert!(r.warnings.is_empty() && r.errors.is_empty(), "{r:#?}");
}
