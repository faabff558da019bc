//! Stack profiles on x509-limbo testcases, by id: each case is a rule of `verify::clients` that
//! `cargo xtask limbo --stacks` measured against the real stack (the expected answers are the
//! harnesses' results in `target/stacks/results/`, `tests/stacks/README.md`). The case is
//! verified as the `limbo_stacks` example verifies it (the peer, then the untrusted
//! intermediates as sent; the trusted certificates as the CA file; the peer name as the host).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use dbcert_core::bundle::{Bundle, CertEntry};
use dbcert_core::format::Format;
use dbcert_core::formats::pem;
use dbcert_core::snippet::SslMode;
use dbcert_core::time::UnixTime;
use dbcert_core::verify::clients::profile::{self, Profile};
use dbcert_core::verify::clients::{judge, Answer};
use dbcert_core::verify::{verify, FindingCode, VerifyOptions, VerifyReport};
use serde_json::Value;

use Answer::{Connects, Refuses};
use SslMode::{VerifyCa, VerifyIdentity};

fn cases() -> &'static HashMap<String, Value> {
    static CASES: OnceLock<HashMap<String, Value>> = OnceLock::new();
    CASES.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/corpus/x509-limbo/limbo.json.gz");
        let raw = std::fs::read(&path).expect("x509-limbo at ../shared/corpus/x509-limbo");
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut json)
            .expect("gzip");
        let suite: Value = serde_json::from_slice(&json).expect("limbo JSON");
        suite["testcases"]
            .as_array()
            .expect("testcases")
            .iter()
            .map(|tc| (tc["id"].as_str().unwrap_or_default().to_owned(), tc.clone()))
            .collect()
    })
}

fn bundle(pems: &[&str]) -> Bundle {
    let mut b = Bundle::new(Format::Pem);
    for p in pems {
        for block in pem::parse(p.as_bytes()).expect("PEM") {
            b.certificates.push(CertEntry::plain(block.der));
        }
    }
    b
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The report of limbo testcase `id`, verified as `examples/limbo_stacks.rs` does.
fn report(id: &str) -> VerifyReport {
    let tc = cases()
        .get(id)
        .unwrap_or_else(|| panic!("no limbo case {id}"));
    let mut input = vec![tc["peer_certificate"].as_str().expect("peer")];
    input.extend(strs(&tc["untrusted_intermediates"]));
    let ca = bundle(&strs(&tc["trusted_certs"]));
    let input = bundle(&input);
    let at = UnixTime::parse_rfc3339(
        tc["validation_time"]
            .as_str()
            .unwrap_or("2026-11-28T00:00:00Z"),
    )
    .expect("time");
    let mut options = VerifyOptions::new(at);
    options.ca = Some(&ca);
    options.host = tc["expected_peer_name"]["value"].as_str();
    options.leaf = Some(0);
    verify(&input, &options)
}

fn judged(r: &VerifyReport, p: &Profile, mode: SslMode) -> (Answer, Vec<FindingCode>, String) {
    judge(p, mode, &r.errors, &r.warnings, &r.stack_facts)
}

#[test]
fn openssl_takes_the_first_issuer_sent_and_does_not_backtrack() {
    // The server sends two intermediates of the same name and key: the first is issued by a
    // root that is not trusted, the second by the trusted one. dbcert's path search (and Go,
    // rustls, the JDK) find the second; OpenSSL 3.0 takes the first and fails (measured:
    // every OpenSSL configuration says FAILURE, Go and rustls SUCCESS).
    let r = report("bettertls::pathbuilding::tc2");
    assert!(r.valid, "{:?}", r.errors);
    for p in [
        &profile::LIBMYSQLCLIENT_SEC2,
        &profile::PYTHON_313,
        &profile::NODE_MYSQL2,
    ] {
        for mode in [VerifyCa, VerifyIdentity] {
            let (a, codes, reason) = judged(&r, p, mode);
            assert_eq!(a, Refuses, "{} {mode:?}", p.id);
            assert_eq!(codes, [FindingCode::UnknownIssuer], "{}", p.id);
            assert!(
                reason.starts_with("OpenSSL builds the path #1 → #2 "),
                "{reason}"
            );
        }
    }
    for p in [&profile::GO, &profile::RUSTLS_SQLX, &profile::MARIADB_J] {
        assert_eq!(judged(&r, p, VerifyIdentity).0, Connects, "{}", p.id);
    }
}

#[test]
fn openssl_s_path_may_hold_a_subject_and_key_twice() {
    // EE → B (by C) → C (by A) → A (by C) → C (by the root): OpenSSL builds this loop-shaped
    // path (it only skips the very certificates already on it) and accepts it.
    let r = report("bettertls::pathbuilding::tc48");
    let openssl = r.stack_facts.openssl_path.as_deref().expect("another path");
    assert_eq!(openssl.chain, [0, 1, 4, 3, 5], "{openssl:?}");
    assert_eq!(
        judged(&r, &profile::LIBMYSQLCLIENT_SEC2, VerifyIdentity).0,
        Connects
    );
}

#[test]
fn openssl_decodes_an_odd_address_or_a_non_ascii_name_in_the_subject_alt_name() {
    // A 14-byte iPAddress beside the DNS name: OpenSSL's decoder takes it, so VERIFY_CA
    // connects; with a host, the name decides. The report refuses the malformed extension.
    let r = report("bettertls::nameconstraints::tc8853");
    assert!(!r.valid);
    assert!(r.stack_facts.leaf_san_lenient);
    let (a, _, _) = judged(&r, &profile::LIBMYSQLCLIENT_SEC2, VerifyCa);
    assert_eq!(a, Connects);
    assert_eq!(judged(&r, &profile::NODE_MYSQL2, VerifyCa).0, Connects);
    let (a, codes, _) = judged(&r, &profile::LIBMYSQLCLIENT_SEC2, VerifyIdentity);
    assert_eq!((a, codes), (Refuses, vec![FindingCode::HostnameMismatch]));
    assert_eq!(judged(&r, &profile::GO, VerifyCa).0, Refuses);
    // A dNSName that is not ASCII, the same way.
    let r = report("webpki::san::unicode-emoji-san");
    assert_eq!(
        judged(&r, &profile::LIBMYSQLCLIENT_SEC2, VerifyCa).0,
        Connects
    );
    // Under an iPAddress name constraint the odd address fails ("unsupported or invalid name
    // syntax").
    let r = report("rfc5280::nc::nc-permits-invalid-ip-san");
    assert!(!r.stack_facts.leaf_san_lenient);
    assert_eq!(
        judged(&r, &profile::LIBMYSQLCLIENT_SEC2, VerifyCa).0,
        Refuses
    );
}

#[test]
fn a_root_whose_authority_key_id_is_another_s_is_no_openssl_root() {
    // The trusted root's authorityKeyIdentifier names another serial and issuer: OpenSSL does
    // not count it as self-signed, so without PARTIAL_CHAIN it wants the root's issuer
    // ("unable to get issuer certificate"); Python 3.13's PARTIAL_CHAIN, Go and rustls accept.
    let r = report("webpki::aki::root-with-aki-all-fields");
    let (a, codes, _) = judged(&r, &profile::LIBMYSQLCLIENT_SEC2, VerifyIdentity);
    assert_eq!((a, codes), (Refuses, vec![FindingCode::UnknownIssuer]));
    for p in [&profile::PYTHON_313, &profile::GO, &profile::RUSTLS_SQLX] {
        assert_eq!(judged(&r, p, VerifyIdentity).0, Connects, "{}", p.id);
    }
}

#[test]
fn x509_strict_wants_an_issuer_name() {
    // The CA has an empty subject, so the leaf an empty issuer: OpenSSL finds the CA by that
    // empty name, and VERIFY_X509_STRICT refuses "Issuer name empty" (Python 3.13); Go and
    // rustls accept the chain.
    let r = report("rfc5280::ca-empty-subject");
    let (a, codes, reason) = judged(&r, &profile::PYTHON_313, VerifyIdentity);
    assert_eq!(a, Refuses);
    assert!(codes.contains(&FindingCode::BadExtension), "{codes:?}");
    assert!(reason.contains("Issuer name empty"), "{reason}");
}

#[test]
fn go_and_rustls_do_not_read_the_anchor_s_usage() {
    // An empty keyUsage on the root: OpenSSL refuses (keyCertSign), Go and rustls never look.
    let r = report("rfc5280::root-inconsistent-ca-extensions");
    assert_eq!(judged(&r, &profile::GO, VerifyIdentity).0, Connects);
    assert_eq!(
        judged(&r, &profile::RUSTLS_SQLX, VerifyIdentity).0,
        Connects
    );
    assert_eq!(
        judged(&r, &profile::LIBMYSQLCLIENT_SEC2, VerifyIdentity).0,
        Refuses
    );
    // A root without basicConstraints whose keyUsage allows keyCertSign: OpenSSL's check_ca
    // takes it unless VERIFY_X509_STRICT; rustls keeps no extension of an anchor; Go refuses.
    let r = report("rfc5280::root-missing-basic-constraints");
    for p in [
        &profile::LIBMYSQLCLIENT_SEC2,
        &profile::NODE_MYSQL2,
        &profile::RUSTLS_SQLX,
    ] {
        assert_eq!(judged(&r, p, VerifyIdentity).0, Connects, "{}", p.id);
    }
    for p in [&profile::PYTHON_313, &profile::GO] {
        assert_eq!(judged(&r, p, VerifyIdentity).0, Refuses, "{}", p.id);
    }
    // An unknown critical extension on the root: only rustls parses anchors ignoring it.
    let r = report("rfc5280::unknown-critical-extension-root");
    assert_eq!(
        judged(&r, &profile::RUSTLS_SQLX, VerifyIdentity).0,
        Connects
    );
    assert_eq!(judged(&r, &profile::GO, VerifyIdentity).0, Refuses);
}

#[test]
fn go_and_rustls_count_self_issued_intermediates() {
    // pathLen 0 above a self-issued intermediate: RFC 5280 does not count it, Go and rustls do.
    let r = report("pathlen::self-issued-certs-pathlen");
    assert!(r.valid, "{:?}", r.errors);
    for p in [&profile::GO, &profile::RUSTLS_SQLX] {
        let (a, codes, _) = judged(&r, p, VerifyIdentity);
        assert_eq!((a, codes), (Refuses, vec![FindingCode::PathLenExceeded]));
    }
    assert_eq!(
        judged(&r, &profile::LIBMYSQLCLIENT_SEC2, VerifyIdentity).0,
        Connects
    );
    // The root's constraint permits example.com; the self-issued intermediate is named
    // not-example.com: exempt by RFC 5280, refused by Go and rustls.
    let r = report("rfc5280::nc::permitted-self-issued");
    for p in [&profile::GO, &profile::RUSTLS_SQLX] {
        let (a, codes, _) = judged(&r, p, VerifyIdentity);
        assert_eq!((a, codes), (Refuses, vec![FindingCode::NameConstraints]));
    }
}

#[test]
fn go_takes_an_empty_extended_key_usage_as_no_restriction() {
    let r = report("rfc5280::eku::ee-eku-empty");
    assert_eq!(judged(&r, &profile::GO, VerifyIdentity).0, Connects);
    for p in [&profile::LIBMYSQLCLIENT_SEC2, &profile::RUSTLS_SQLX] {
        assert_eq!(judged(&r, p, VerifyIdentity).0, Refuses, "{}", p.id);
    }
}

#[test]
fn the_jdk_and_connector_j_on_the_anchor_and_the_subject() {
    // The JDK validates the CertPath, not the TrustAnchor's own certificate: its critical
    // extensions are not looked at; Connector/J's wrapper checks the anchor's dates itself.
    for id in [
        "rfc5280::unknown-critical-extension-root",
        "rfc5280::aki::critical-aki",
    ] {
        let r = report(id);
        for p in [&profile::CONNECTOR_J, &profile::MARIADB_J] {
            assert_eq!(judged(&r, p, VerifyCa).0, Connects, "{id} {}", p.id);
        }
    }
    let r = report("rfc5280::validity::expired-root");
    assert_eq!(judged(&r, &profile::MARIADB_J, VerifyCa).0, Connects);
    let (a, codes, _) = judged(&r, &profile::CONNECTOR_J, VerifyCa);
    assert_eq!((a, codes), (Refuses, vec![FindingCode::Expired]));
    // An empty subject beside a non-critical subjectAltName: the JDK cannot parse it.
    let r = report("rfc5280::san::noncritical-with-empty-subject");
    for p in [&profile::CONNECTOR_J, &profile::MARIADB_J] {
        let (a, codes, _) = judged(&r, p, VerifyCa);
        assert_eq!(a, Refuses, "{}", p.id);
        assert!(codes.contains(&FindingCode::BadExtension), "{codes:?}");
    }
}

#[test]
fn the_jdk_does_not_read_an_intermediate_s_extended_key_usage() {
    // An intermediate restricted to emailProtection: OpenSSL, Go and rustls want serverAuth in
    // every CA that restricts its purposes; the JDK checks the server certificate's only
    // (measured: both Java configurations connect in VERIFY_CA). In `tc44` dbcert reports the
    // other path (through an intermediate no trusted certificate issued), which the JDK's path
    // builder passes over: a difference that stays listed.
    for id in [
        "bettertls::pathbuilding::tc5",
        "bettertls::pathbuilding::tc12",
        "bettertls::pathbuilding::tc38",
    ] {
        let r = report(id);
        assert!(
            r.errors.iter().any(|e| e.code == FindingCode::KeyUsage),
            "{id}: {:?}",
            r.errors
        );
        assert_eq!(
            judged(&r, &profile::MARIADB_J, VerifyCa).0,
            Connects,
            "{id}"
        );
        for p in [&profile::LIBMYSQLCLIENT_SEC2, &profile::GO] {
            let (a, codes, _) = judged(&r, p, VerifyCa);
            assert_eq!(a, Refuses, "{id} {}", p.id);
            assert!(codes.contains(&FindingCode::KeyUsage), "{id} {codes:?}");
        }
    }
    // Only the intermediate's extendedKeyUsage is passed over, not its keyUsage (the JDK's
    // `KeyChecker` wants keyCertSign): the fact names that intermediate alone.
    let r = report("bettertls::pathbuilding::tc5");
    let gaps: Vec<bool> = r
        .stack_facts
        .path
        .iter()
        .map(|c| c.ca_usage_gap_is_eku_only)
        .collect();
    assert_eq!(gaps, [false, true, false]);
}

#[test]
fn the_jdk_takes_at_most_ten_certificates_from_the_server() {
    // 36 certificates sent: "The certificate chain length (11) exceeds the maximum allowed
    // length (10)" (jdk.tls.maxCertificateChainLength), before any validation.
    let r = report("bettertls::pathbuilding::tc61");
    assert_eq!(r.stack_facts.sent_certificates, 36);
    for p in [&profile::CONNECTOR_J, &profile::MARIADB_J] {
        let (a, codes, reason) = judged(&r, p, VerifyCa);
        assert_eq!(a, Refuses, "{}", p.id);
        assert!(codes.contains(&FindingCode::PathBuildingLimit), "{codes:?}");
        assert!(
            reason.contains("jdk.tls.maxCertificateChainLength"),
            "{reason}"
        );
    }
    let small = report("bettertls::pathbuilding::tc5");
    assert!(small.stack_facts.sent_certificates <= 10);
}

#[test]
fn the_jdk_takes_a_trusted_server_certificate_unchecked() {
    // The server's certificate (a negative serial, a critical cRLDistributionPoints, CA:TRUE)
    // is itself the trusted one: PKIXValidator returns at once, MariaDB Connector/J connects;
    // Connector/J's own wrapper validates the path as sent and refuses, and so does OpenSSL.
    let r = report("rfc5280::serial::negative");
    assert!(!r.valid);
    assert!(r.stack_facts.leaf_trusted);
    assert_eq!(judged(&r, &profile::MARIADB_J, VerifyCa).0, Connects);
    assert_eq!(judged(&r, &profile::CONNECTOR_J, VerifyCa).0, Refuses);
    assert_eq!(
        judged(&r, &profile::LIBMYSQLCLIENT_SEC2, VerifyCa).0,
        Refuses
    );
    // A chain whose leaf is not trusted itself is judged as before.
    assert!(
        !report("bettertls::pathbuilding::tc5")
            .stack_facts
            .leaf_trusted
    );
}

#[test]
fn connector_j_matches_the_host_as_its_hostname_checker_does() {
    // `DNS:127.0.0.1` beside `IP:1.1.1.1` matches the address host as text.
    let r = report("bettertls::nameconstraints::tc8795");
    let (a, codes, _) = judged(&r, &profile::CONNECTOR_J, VerifyIdentity);
    assert!(
        !codes.contains(&FindingCode::HostnameMismatch),
        "{a:?} {codes:?}"
    );
    // The host `2001:db8::8a2e:370:7334` against the JDK's `2001:db8:0:0:0:8a2e:370:7334`.
    let r = report("webpki::cn::ipv6-uppercase-mismatch");
    let (a, codes, _) = judged(&r, &profile::CONNECTOR_J, VerifyIdentity);
    assert_eq!((a, codes), (Refuses, vec![FindingCode::HostnameMismatch]));
    assert_eq!(judged(&r, &profile::CONNECTOR_J, VerifyCa).0, Connects);
    // `CN=127.0.0.1` beside `DNS:test.localhost`: the subjectAltName decides.
    let r = report("bettertls::nameconstraints::tc7540");
    let (_, codes, _) = judged(&r, &profile::CONNECTOR_J, VerifyIdentity);
    assert!(codes.contains(&FindingCode::HostnameMismatch), "{codes:?}");
}

#[test]
fn the_headline_names_the_clients_whose_stack_builds_another_path() {
    // bettertls::pathbuilding::tc2: dbcert's path passes, OpenSSL's first-issuer path does
    // not; the verdict says so instead of a "passes" over a table of refusals.
    let r = report("bettertls::pathbuilding::tc2");
    assert!(r.valid);
    let v = &r.verdict;
    assert_eq!(
        v.status,
        dbcert_core::verify::verdict::Status::DependsOnClient
    );
    let other = v.other_path.as_ref().expect("otherPath");
    assert!(!other.valid);
    assert_eq!(other.chain, [0, 1]);
    assert!(other.clients.iter().any(|c| c == "mysql-cli"), "{other:?}");
    assert!(
        !other.clients.iter().any(|c| c == "go-sql-driver"),
        "{other:?}"
    );
    assert!(
        v.headline
            .starts_with("Depends on the client: passes VERIFY_IDENTITY for "),
        "{}",
        v.headline
    );
    assert!(
        v.headline.contains("OpenSSL-based clients (mysql-cli, ")
            && v.headline.contains("build another path, #1 → #2"),
        "{}",
        v.headline
    );
    // A chain on which OpenSSL's path is the reported one has no such note.
    assert!(report("bettertls::pathbuilding::tc5")
        .verdict
        .other_path
        .is_none());
}
