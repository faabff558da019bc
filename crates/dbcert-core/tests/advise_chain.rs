//! The advisor with the server's certificate chain: each listed client's certificate verdict
//! is the one `verify` reports for it (`verify::clients`), folded into its advisor verdict, on
//! the chains made to split the stacks (`tests/data/stack-chains`).

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use dbcert_core::advise::{advise, advise_at, Advice, AdviseOptions, ClientStatus, ClientVerdict};
use dbcert_core::api::{self, Bytes, VerifyRequest};
use dbcert_core::error::ErrorCode;
use dbcert_core::snippet::SslMode;
use dbcert_core::time::UnixTime;
use dbcert_core::verify::clients::Answer;

const AT: &str = "2030-01-01T00:00:00Z";

fn file(name: &str) -> Bytes {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/stack-chains");
    Bytes(std::fs::read(dir.join(name)).unwrap())
}

/// Self-managed MySQL 8.0.36 with `clients`, the chain `name` and its CA, at 2030.
fn opts(name: &str, clients: &[&str], host: Option<&str>) -> AdviseOptions {
    AdviseOptions {
        provider: "mysql".to_owned(),
        server_version: "8.0.36".to_owned(),
        clients: clients.iter().map(|c| (*c).to_owned()).collect(),
        chain: Some(file(&format!("{name}.chain.pem"))),
        ca: Some(file(&format!("{name}.ca.pem"))),
        host: host.map(str::to_owned),
        at: Some(AT.to_owned()),
        ..AdviseOptions::default()
    }
}

fn run(o: &AdviseOptions) -> Advice {
    advise_at(o, None, None).unwrap_or_else(|e| panic!("{e}"))
}

fn client<'a>(a: &'a Advice, spec: &str) -> &'a ClientVerdict {
    a.clients.iter().find(|c| c.spec == spec).unwrap()
}

#[test]
fn a_cn_only_leaf_breaks_go_and_not_the_mysql_cli_in_verify_identity() {
    let a = run(&opts(
        "cn-only",
        &["go-sql-driver", "mysql-cli@8.0.36"],
        Some("db.dbcert.test"),
    ));
    let go = client(&a, "go-sql-driver");
    let cert = go.certificate.as_ref().unwrap();
    assert_eq!(cert.mode, SslMode::VerifyIdentity);
    assert_eq!(cert.verdict, Answer::Refuses);
    assert_eq!(go.status, ClientStatus::Breaks);
    assert_eq!(go.after_recommendations, ClientStatus::Breaks);
    let p = go.problems.iter().find(|p| p.code == "cn_only").unwrap();
    assert!(
        p.text
            .starts_with("In VERIFY_IDENTITY, go-sql-driver@1.27 refuses"),
        "{}",
        p.text
    );
    assert!(p.text.contains("Common Name only"), "{}", p.text);
    assert_eq!(p.fix, "Reissue it with subjectAltName=DNS:db.dbcert.test.");
    assert!(p.source.starts_with("https://"));
    // The CLI connects: its TLS verdict stands, and it has no problem.
    let cli = client(&a, "mysql-cli@8.0.36");
    let cert = cli.certificate.as_ref().unwrap();
    assert_eq!(
        (cert.verdict, cert.version.as_str()),
        (Answer::Connects, "8")
    );
    assert_eq!(cli.status, ClientStatus::Ok);
    assert!(cli.problems.is_empty(), "{:?}", cli.problems);
    // Forcing SSL names the refusing client.
    assert!(
        a.supported
            .forced_ssl
            .text
            .contains("go-sql-driver refuses it in VERIFY_IDENTITY"),
        "{}",
        a.supported.forced_ssl.text
    );
}

#[test]
fn the_verdicts_are_the_ones_verify_reports() {
    let clients = [
        "go-sql-driver",
        "mysql-cli",
        "jdbc@8.0.18",
        "sqlx",
        "pymysql",
    ];
    for (chain, host) in [
        ("cn-only", Some("db.dbcert.test")),
        ("cn-only", None),
        ("sha1-intermediate", Some("db.dbcert.test")),
        ("rsa1024-leaf", None),
        ("v1-intermediate", Some("db.dbcert.test")),
    ] {
        let a = run(&opts(chain, &clients, host));
        let mut request = VerifyRequest::default();
        request.ca = Some(file(&format!("{chain}.ca.pem")));
        request.host = host.map(str::to_owned);
        request.at = Some(AT.to_owned());
        request.clients = ["go-sql-driver", "mysql-cli", "jdbc@8", "sqlx", "pymysql"]
            .map(str::to_owned)
            .to_vec();
        let input = file(&format!("{chain}.chain.pem"));
        let report = api::verify(&input.0, &request, UnixTime(0), None).unwrap();
        let mode = if host.is_some() {
            SslMode::VerifyIdentity
        } else {
            SslMode::VerifyCa
        };
        let expected: Vec<_> = report.clients.iter().filter(|v| v.mode == mode).collect();
        let got: Vec<_> = a
            .clients
            .iter()
            .map(|c| c.certificate.as_ref().unwrap())
            .collect();
        assert_eq!(got, expected, "{chain} {host:?}");
        for c in &a.clients {
            if c.certificate.as_ref().unwrap().verdict == Answer::Refuses {
                assert_eq!(c.status, ClientStatus::Breaks, "{chain} {}", c.spec);
                assert_eq!(c.after_recommendations, ClientStatus::Breaks);
            }
        }
    }
}

#[test]
fn without_a_host_the_certificate_is_judged_in_verify_ca() {
    let a = run(&opts("cn-only", &["go-sql-driver"], None));
    let go = client(&a, "go-sql-driver");
    let cert = go.certificate.as_ref().unwrap();
    assert_eq!(
        (cert.mode, cert.verdict),
        (SslMode::VerifyCa, Answer::Connects)
    );
    assert_eq!(go.status, ClientStatus::Ok);
}

#[test]
fn a_client_dbcert_cannot_judge_is_a_warning_with_its_reason() {
    let a = run(&opts("baseline", &["dms"], Some("db.dbcert.test")));
    let dms = client(&a, "dms");
    assert_eq!(dms.certificate.as_ref().unwrap().verdict, Answer::Unknown);
    assert_eq!(dms.status, ClientStatus::Warning);
    let p = dms
        .problems
        .iter()
        .find(|p| p.code == "certificate_unknown")
        .unwrap();
    assert!(p.text.contains("AWS DMS"), "{}", p.text);
}

#[test]
fn without_a_chain_nothing_changes_and_its_options_need_one() {
    let mut o = opts("cn-only", &["go-sql-driver"], Some("db.dbcert.test"));
    o.chain = None;
    o.ca = None;
    o.host = None;
    o.at = None;
    let a = advise(&o).unwrap();
    assert!(a.clients[0].certificate.is_none());
    let json = serde_json::to_value(&a).unwrap();
    assert!(json["clients"][0].get("certificate").is_none());
    let with = |name: &str| -> AdviseOptions {
        let mut bad = o.clone();
        match name {
            "ca" => bad.ca = Some(file("cn-only.ca.pem")),
            "host" => bad.host = Some("db.dbcert.test".into()),
            _ => bad.at = Some(AT.into()),
        }
        bad
    };
    for name in ["ca", "host", "at"] {
        let e = advise(&with(name)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidOption, "{name}");
        assert!(e.to_string().starts_with(name), "{e}");
    }
    // A chain needs a time: `at`, or the caller's clock.
    let mut no_time = opts("cn-only", &["go-sql-driver"], None);
    no_time.at = None;
    assert_eq!(
        advise(&no_time).unwrap_err().code(),
        ErrorCode::InvalidOption
    );
    assert!(advise_at(&no_time, Some(UnixTime::parse_rfc3339(AT).unwrap()), None).is_ok());
    // A chain without clients is still read, and the advice says no client was judged.
    let none = run(&opts("cn-only", &[], Some("db.dbcert.test")));
    assert!(none.clients.is_empty());
    assert!(none
        .assumptions
        .iter()
        .any(|a| a.contains("without clients")));
    let mut junk = opts("cn-only", &[], None);
    junk.chain = Some(Bytes(b"junk".to_vec()));
    assert_eq!(
        advise_at(&junk, None, None).unwrap_err().code(),
        ErrorCode::UnknownFormat
    );
    // A chain of CA certificates only has no server certificate to judge.
    let mut cas = opts("cn-only", &["go-sql-driver"], None);
    cas.chain = Some(file("cn-only.ca.pem"));
    assert_eq!(
        advise_at(&cas, None, None).unwrap_err().code(),
        ErrorCode::InvalidOption
    );
}

#[test]
fn json_options_take_the_chain_as_text_or_bytes() {
    let pem = String::from_utf8(file("cn-only.chain.pem").0).unwrap();
    let text = serde_json::json!({
        "provider": "mysql", "serverVersion": "8.0.36", "clients": ["go-sql-driver"],
        "chain": pem, "host": "db.dbcert.test", "at": AT,
    });
    let o: AdviseOptions = serde_json::from_value(text).unwrap();
    let bytes = serde_json::json!({
        "provider": "mysql", "serverVersion": "8.0.36", "clients": ["go-sql-driver"],
        "chain": pem.as_bytes(), "host": "db.dbcert.test", "at": AT,
    });
    let o2: AdviseOptions = serde_json::from_value(bytes).unwrap();
    assert_eq!(o, o2);
    // Written back as bytes, read back the same.
    let again: AdviseOptions = serde_json::from_value(serde_json::to_value(&o).unwrap()).unwrap();
    assert_eq!(again, o);
}
