//! Per-client verdicts (`verify::clients`) on the chains made to split the stacks
//! (`tests/data/stack-chains`, what `tests/realserver/matrix.py` serves to the real clients):
//! each rule on which the stacks differ, checked on a chain that exercises it.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use dbcert_core::bundle::{Bundle, CertEntry};
use dbcert_core::format::Format;
use dbcert_core::formats::pem;
use dbcert_core::snippet::SslMode;
use dbcert_core::time::UnixTime;
use dbcert_core::verify::clients::{verdicts, Answer, ClientRef, ClientVerdict};
use dbcert_core::verify::{verify, FindingCode, VerifyOptions, VerifyReport};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/stack-chains")
}

fn bundle(file: &str) -> Bundle {
    let text = std::fs::read(dir().join(file)).unwrap();
    let mut b = Bundle::new(Format::Pem);
    b.certificates = pem::parse(&text)
        .unwrap()
        .into_iter()
        .map(|p| CertEntry::plain(p.der))
        .collect();
    b
}

/// `chain` verified against its CA file for its host (`chains.txt`), at 2030-01-01.
fn report(chain: &str, host: Option<&str>) -> VerifyReport {
    let input = bundle(&format!("{chain}.chain.pem"));
    let ca = bundle(&format!("{chain}.ca.pem"));
    let mut o = VerifyOptions::new(UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap());
    o.ca = Some(&ca);
    o.host = host;
    verify(&input, &o)
}

fn host_of(chain: &str) -> String {
    let list = std::fs::read_to_string(dir().join("chains.txt")).unwrap();
    list.lines()
        .find_map(|l| l.strip_prefix(chain).and_then(|r| r.strip_prefix(' ')))
        .unwrap()
        .trim()
        .to_owned()
}

/// The verdict of `client` (`ID` or `ID@VERSION`) in `mode` on `chain`.
fn one(chain: &str, client: &str, mode: SslMode) -> ClientVerdict {
    let host = host_of(chain);
    let r = report(chain, Some(&host));
    let v = verdicts(
        &[ClientRef::parse(client)],
        &r.errors,
        &r.warnings,
        &r.stack_facts,
    );
    v.into_iter().find(|v| v.mode == mode).unwrap()
}

fn assert_verdict(
    chain: &str,
    client: &str,
    mode: SslMode,
    want: Answer,
    code: Option<FindingCode>,
) {
    let v = one(chain, client, mode);
    assert_eq!(v.verdict, want, "{chain} {client} {mode:?}: {v:#?}");
    if let Some(c) = code {
        assert!(v.codes.contains(&c), "{chain} {client} {mode:?}: {v:#?}");
    }
    assert!(!v.reason.is_empty());
}

use Answer::{Connects, Refuses, Unknown};
use SslMode::{VerifyCa, VerifyIdentity};

#[test]
fn baseline_connects_everywhere_it_can_be_told() {
    let host = host_of("baseline");
    let r = report("baseline", Some(&host));
    assert!(r.valid);
    // Every snippet client, both modes, by default.
    assert_eq!(r.clients.len(), 2 * dbcert_core::snippet::clients().len());
    for v in &r.clients {
        let expect = matches!(v.client.as_str(), "dms" | "prisma");
        assert_eq!(v.verdict == Unknown, expect, "{v:#?}");
        if !expect {
            assert_eq!(v.verdict, Connects, "{v:#?}");
        }
    }
}

#[test]
fn cn_only_go_and_rustls_ignore_the_cn() {
    assert_verdict(
        "cn-only",
        "go-sql-driver",
        VerifyIdentity,
        Refuses,
        Some(FindingCode::CnOnly),
    );
    assert_verdict(
        "cn-only",
        "sqlx",
        VerifyIdentity,
        Refuses,
        Some(FindingCode::CnOnly),
    );
    assert_verdict("cn-only", "go-sql-driver", VerifyCa, Connects, None);
    // sqlx 0.8.6's VERIFY_CA does not swallow rustls 0.23's NotValidForNameContext.
    assert_verdict(
        "cn-only",
        "sqlx",
        VerifyCa,
        Refuses,
        Some(FindingCode::CnOnly),
    );
    for c in [
        "mysql-cli",
        "mariadb-cli",
        "pymysql",
        "mysql2",
        "jdbc",
        "mariadb-jdbc",
        "php-pdo",
    ] {
        assert_verdict("cn-only", c, VerifyIdentity, Connects, None);
    }
}

#[test]
fn sha1_intermediate_by_stack() {
    for c in ["mysql-cli", "mysql2", "go-sql-driver", "sqlx", "pymysql"] {
        assert_verdict(
            "sha1-intermediate",
            c,
            VerifyCa,
            Refuses,
            Some(FindingCode::WeakSignatureAlgorithm),
        );
    }
    for c in ["jdbc", "mariadb-jdbc"] {
        assert_verdict("sha1-intermediate", c, VerifyCa, Connects, None);
    }
}

#[test]
fn rsa1024_leaf_by_security_level() {
    assert_verdict(
        "rsa1024-leaf",
        "mysql-cli",
        VerifyIdentity,
        Refuses,
        Some(FindingCode::WeakKey),
    );
    assert_verdict(
        "rsa1024-leaf",
        "sqlx",
        VerifyIdentity,
        Refuses,
        Some(FindingCode::WeakKey),
    );
    // Node's bundled OpenSSL runs at level 1; Go and the JDK take RSA 1024.
    for c in ["mysql2", "go-sql-driver", "jdbc", "mariadb-jdbc"] {
        assert_verdict("rsa1024-leaf", c, VerifyIdentity, Connects, None);
    }
}

#[test]
fn v1_leaf_only_rustls_refuses_the_version() {
    let v = one("v1-leaf", "sqlx", VerifyIdentity);
    assert!(v.codes.contains(&FindingCode::V1Certificate), "{v:#?}");
    assert_verdict("v1-leaf", "mysql-cli", VerifyIdentity, Connects, None);
}

#[test]
fn policy_constraint_java_and_go_enforce() {
    assert_verdict(
        "policy-constraint",
        "jdbc",
        VerifyCa,
        Refuses,
        Some(FindingCode::CertificatePolicy),
    );
    assert_verdict(
        "policy-constraint",
        "mariadb-jdbc",
        VerifyCa,
        Refuses,
        Some(FindingCode::CertificatePolicy),
    );
    assert_verdict("policy-constraint", "mysql-cli", VerifyCa, Connects, None);
    // Go 1.24+ validates the policy graph (RFC 9618).
    assert_verdict(
        "policy-constraint",
        "go-sql-driver",
        VerifyCa,
        Refuses,
        Some(FindingCode::CertificatePolicy),
    );
    // webpki refuses the critical policyConstraints it does not process.
    assert_verdict(
        "policy-constraint",
        "sqlx",
        VerifyCa,
        Refuses,
        Some(FindingCode::UnsupportedCriticalExtension),
    );
    assert_verdict(
        "policy-constraint",
        "sqlx@0.8-native-tls",
        VerifyIdentity,
        Connects,
        None,
    );
}

#[test]
fn ip_in_cn_is_text_for_some_clients() {
    for c in ["mariadb-cli", "jdbc", "mariadb-jdbc", "mysqlclient"] {
        assert_verdict("ip-in-cn", c, VerifyIdentity, Connects, None);
    }
    for c in ["mysql-cli", "pymysql", "mysql2", "go-sql-driver", "sqlx"] {
        assert_verdict("ip-in-cn", c, VerifyIdentity, Refuses, None);
    }
}

#[test]
fn partial_wildcard_and_wildcard_beside_the_cn() {
    assert_verdict(
        "wildcard-partial",
        "mysql-cli",
        VerifyIdentity,
        Connects,
        None,
    );
    assert_verdict(
        "wildcard-partial",
        "pymysql",
        VerifyIdentity,
        Refuses,
        Some(FindingCode::HostnameMismatch),
    );
    assert_verdict(
        "wildcard-partial",
        "go-sql-driver",
        VerifyIdentity,
        Refuses,
        None,
    );
    assert_verdict(
        "wildcard-cn",
        "mariadb-jdbc",
        VerifyIdentity,
        Connects,
        None,
    );
    assert_verdict("wildcard-cn", "jdbc", VerifyIdentity, Refuses, None);
    assert_verdict("wildcard-cn", "mysql-cli", VerifyIdentity, Refuses, None);
    // PHP no longer reads the CN beside a subjectAltName (GHSA-xr7j-rvgx-xq5p).
    assert_verdict(
        "wildcard-cn",
        "php-pdo",
        VerifyIdentity,
        Refuses,
        Some(FindingCode::HostnameMismatch),
    );
}

#[test]
fn versions_and_unknowns() {
    // mysql-connector-python: VERIFY_CA through Python's ssl, VERIFY_IDENTITY through libmysqlclient.
    let v = one("baseline", "mysql-connector-python@3.13", VerifyCa);
    assert_eq!(v.profile, "python-py313");
    let v = one("baseline", "mysql-connector-python@3.13", VerifyIdentity);
    assert_eq!(v.profile, "openssl-libmysqlclient-sec2");
    let v = one("baseline", "mysqlconnector-net@windows", VerifyIdentity);
    assert_eq!(v.verdict, Unknown);
    assert!(v.reason.contains("SChannel"), "{v:#?}");
    let v = one("baseline", "nosuch", VerifyCa);
    assert_eq!(v.verdict, Unknown);
    assert!(v.reason.contains("unknown client"), "{v:#?}");
    let v = one("baseline", "jdbc@7", VerifyCa);
    assert!(v.reason.contains("unknown version"), "{v:#?}");
    // Without a host, VERIFY_IDENTITY cannot be told, VERIFY_CA can.
    let r = report("baseline", None);
    let v = verdicts(
        &[ClientRef::parse("mysql-cli")],
        &r.errors,
        &r.warnings,
        &r.stack_facts,
    );
    assert_eq!(v[0].verdict, Connects);
    assert_eq!(v[1].verdict, Unknown);
}

#[test]
fn debian_12_versions_of_the_real_client_matrix() {
    // The MariaDB 10.11 client links Connector/C 3.3: an address matched as text against the CN.
    let v = one("ip-in-cn", "mariadb-cli@10.11", VerifyIdentity);
    assert_eq!(
        (v.profile.as_str(), v.verdict),
        ("openssl-mariadb-cc-sec2", Connects)
    );
    // Python 3.11 keeps 3.12's flags: no partial wildcard, no PARTIAL_CHAIN.
    for client in [
        "pymysql@3.11",
        "sqlalchemy@3.11",
        "mysql-connector-python@3.11",
    ] {
        let v = one("wildcard-partial", client, VerifyIdentity);
        assert_eq!(v.version, "3.11");
        let want = if client.starts_with("mysql-connector") {
            Connects // the C extension's libmysqlclient allows d*.dbcert.test
        } else {
            Refuses
        };
        assert_eq!(v.verdict, want, "{v:#?}");
        assert_verdict(
            "int-anchor",
            client,
            VerifyCa,
            Refuses,
            Some(FindingCode::UnknownIssuer),
        );
    }
}

#[test]
fn json_carries_clients_in_camel_case() {
    let host = host_of("cn-only");
    let r = report("cn-only", Some(&host));
    let json = serde_json::to_value(&r).unwrap();
    let go = json["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"] == "go-sql-driver" && c["mode"] == "VERIFY_IDENTITY")
        .unwrap();
    assert_eq!(go["verdict"], "refuses");
    assert_eq!(go["stack"], "go");
    assert_eq!(go["codes"][0], "cn_only");
    assert!(json.get("stackFacts").is_none());
}

#[test]
fn a_trusted_intermediate_needs_partial_chain() {
    assert_verdict(
        "int-anchor",
        "mysql-cli",
        VerifyCa,
        Refuses,
        Some(FindingCode::UnknownIssuer),
    );
    assert_verdict(
        "int-anchor",
        "pymysql",
        VerifyCa,
        Refuses,
        Some(FindingCode::UnknownIssuer),
    );
    // Python 3.13 sets VERIFY_X509_PARTIAL_CHAIN; Go, the JDK and rustls take any trusted
    // certificate as the anchor.
    for c in ["pymysql@3.13", "go-sql-driver", "mariadb-jdbc", "sqlx"] {
        assert_verdict("int-anchor", c, VerifyIdentity, Connects, None);
    }
    // Connector/J's own PKIX validation of the chain as sent wants an anchor that issued the
    // last certificate sent, and the server sends the trusted intermediate itself.
    assert_verdict(
        "int-anchor",
        "jdbc",
        VerifyCa,
        Refuses,
        Some(FindingCode::UnknownIssuer),
    );
}

#[test]
fn p521_only_ring_lacks_it() {
    assert_verdict(
        "p521-sha256",
        "sqlx",
        VerifyIdentity,
        Refuses,
        Some(FindingCode::UnsupportedAlgorithm),
    );
    for c in ["mysql-cli", "go-sql-driver", "jdbc", "mysql2"] {
        assert_verdict("p521-sha256", c, VerifyIdentity, Connects, None);
    }
}

#[test]
fn connector_j_checks_every_certificate_sent() {
    assert_verdict(
        "expired-cross",
        "jdbc",
        VerifyCa,
        Refuses,
        Some(FindingCode::Expired),
    );
    for c in ["mariadb-jdbc", "mysql-cli", "go-sql-driver"] {
        assert_verdict("expired-cross", c, VerifyCa, Connects, None);
    }
}

#[test]
fn a_mode_the_snippet_cannot_express_is_judged_as_the_mode_it_runs() {
    // MariaDB's client has no CA-only check (`--ssl-verify-server-cert` checks the host name
    // too), nor has an option file MariaDB's tools read: their VERIFY_CA snippet runs
    // VERIFY_IDENTITY, and wildcard-cn's `*.dbcert.test` does not cover `dbcert.test`
    // (the real-client matrix: "Validation of SSL server certificate failed" in both modes).
    for client in ["mariadb-cli", "mariadb-cli@10.11", "my-cnf@mariadb"] {
        let v = one("wildcard-cn", client, VerifyCa);
        assert_eq!(v.verdict, Refuses, "{client}: {v:#?}");
        assert_eq!(v.codes, [FindingCode::HostnameMismatch], "{client}");
        assert!(
            v.reason
                .contains("its VERIFY_CA snippet runs VERIFY_IDENTITY"),
            "{}",
            v.reason
        );
    }
    // Oracle's tools have VERIFY_CA: the chain alone decides.
    for client in ["mysql-cli", "my-cnf@mysql"] {
        assert_verdict("wildcard-cn", client, VerifyCa, Connects, None);
    }
}
