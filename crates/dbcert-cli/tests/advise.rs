//! `dbcert advise` end to end: readable output with numbered sources, JSON, errors, and the cloud
//! CA note in `dbcert inspect`.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;

#[test]
fn the_issue_example_names_the_breaking_client_with_the_fix_and_sources() {
    let o = dbcert(&[
        "advise",
        "--provider",
        "alibaba-rds",
        "--server-version",
        "5.7",
        "--minor-version",
        "20240101",
        "--ssl-cipher",
        "",
        "--clients",
        "jdbc@8.0.18,pymysql",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    for want in [
        "ApsaraDB RDS for MySQL: MySQL 5.7, minor 20240101, ssl_cipher \"\"",
        "Forced SSL  no",
        "TLSv1.1     no",
        "jdbc@8.0.18: now BREAKS",
        "enabledTLSProtocols=TLSv1.2",
        "pymysql: now ok",
        "Enable SSL: restart yes, switchover yes",
        "SHOW STATUS LIKE 'Ssl_cipher';",
        "SHOW STATUS LIKE 'Ssl_version';",
        "ALTER USER 'user'@'%' REQUIRE SSL;",
        "openssl x509 -in ca.pem -text -noout",
        "\nSources\n",
        "https://help.aliyun.com/knowledge_detail/148431.html",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    // Every cited number is listed under Sources, and every listed source is cited.
    let (body, sources) = text.split_once("\nSources\n").expect("sources section");
    let listed = sources
        .lines()
        .filter(|l| l.trim_start().starts_with('['))
        .count();
    assert!(listed >= 5, "{sources}");
    for n in 1..=listed {
        assert!(body.contains(&format!("[{n}]")), "[{n}] never cited");
        assert!(
            sources.contains(&format!("[{n}] https://")),
            "[{n}] not a URL"
        );
    }
    assert!(!body.contains(&format!("[{}]", listed + 1)));
}

#[test]
fn json_is_the_core_model() {
    let o = dbcert(&[
        "advise",
        "--json",
        "--provider",
        "mysql",
        "--server-version",
        "5.7.44",
        "--clients",
        "jdbc@8.0.18",
        "--clients",
        "mysql-cli@8.0.36",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["provider"], "self-managed");
    assert_eq!(v["server"]["product"], "mysql");
    assert_eq!(v["supported"]["forcedSsl"]["status"], "yes");
    assert_eq!(v["clients"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["clients"][0]["status"], "warning");
    assert_eq!(v["clients"][0]["afterRecommendations"], "breaks");
    assert_eq!(
        v["clients"][0]["problems"][0]["code"],
        "connectorj_tls_downgrade"
    );
    assert!(v["clients"][0]["problems"][0]["source"]
        .as_str()
        .is_some_and(|s| s.starts_with("https://")));
    let rec = v["recommendations"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["id"] == "tls_versions"))
        .expect("tls_versions recommendation");
    assert_eq!(rec["setting"]["name"], "tls_version");
    assert_eq!(rec["setting"]["value"], "TLSv1.2");
}

#[test]
fn empty_ssl_cipher_is_kept() {
    let o = dbcert(&[
        "advise",
        "--json",
        "--provider",
        "alibaba-rds",
        "--server-version",
        "8.0",
        "--minor-version",
        "20241130",
        "--ssl-cipher",
        "''",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["server"]["sslCipher"], "");
    assert_eq!(v["supported"]["tlsVersions"][0]["status"], "no");
    assert_eq!(v["supported"]["forcedSsl"]["status"], "yes");
}

#[test]
fn bad_options_exit_2_with_one_line() {
    for args in [
        &["advise", "--provider", "oracle", "--server-version", "8.0"][..],
        &[
            "advise",
            "--provider",
            "aws-rds",
            "--server-version",
            "8.0",
            "--edition",
            "basic",
        ],
        &[
            "advise",
            "--provider",
            "alibaba-rds",
            "--server-version",
            "8.0",
            "--minor-version",
            "2024",
        ],
        &[
            "advise",
            "--provider",
            "mysql",
            "--server-version",
            "8.0",
            "--clients",
            "nosuch@1",
        ],
    ] {
        let o = dbcert(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("[invalid_option]"), "{err}");
    }
    let o = dbcert(&["advise", "--provider", "mysql"]);
    assert_eq!(o.status.code(), Some(2), "--server-version is required");
}

#[test]
fn inspect_names_the_cloud_of_a_known_root() {
    let o = dbcert(&["inspect", "/etc/ssl/certs/ca-certificates.crt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("provider: Azure Database for MySQL flexible server CA, current root (expires 2038-01-15)"),
        "DigiCert Global Root G2 not named"
    );
    let o = dbcert(&[
        "inspect",
        "--json",
        s(&repo().join("tests/data/demo/chain.pem")),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(v.get("providers").is_none());
}

#[test]
fn client_certificates_section_with_the_names_of_the_certificate_given() {
    let leaf = repo().join("crates/dbcert-core/tests/data/chains/client-leaf.pem");
    let leaf = leaf.to_str().unwrap();
    let o = dbcert(&[
        "advise",
        "--provider",
        "mariadb",
        "--server-version",
        "10.11.6",
        "--client-cert",
        leaf,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    for want in [
        "\nClient certificates\n  Verified    yes",
        "ssl_ca=/etc/mysql/ca-bundle.pem",
        "FLUSH SSL;",
        "ALTER USER '<user>'@'%' REQUIRE X509;",
        "ALTER USER '<user>'@'%' REQUIRE SUBJECT '/O=dbcert test/CN=db.example.com' AND ISSUER '/O=dbcert test/CN=dbcert RSA Intermediate';",
        "https://mariadb.com/kb/en/create-user/#tls-options",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    let json = dbcert(&[
        "advise",
        "--provider",
        "aws-rds",
        "--server-version",
        "8.0",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["clientCertificates"]["verified"]["status"], "no");
    assert_eq!(v["clientCertificates"]["steps"], serde_json::json!([]));
    // Not a certificate: exit 2, the file named.
    let readme = repo().join("README.md");
    let bad = dbcert(&[
        "advise",
        "--provider",
        "mysql",
        "--server-version",
        "8.0.36",
        "--client-cert",
        readme.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("README.md: ["), "{}", stderr(&bad));
}
