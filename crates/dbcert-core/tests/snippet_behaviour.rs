//! The rules the snippets encode: version switches, unsupported modes and compatibility warnings.

use dbcert_core::snippet::{generate, Snippet, SnippetOptions, SslMode};
use dbcert_core::ErrorCode;

fn gen(client: &str, mode: SslMode, f: impl FnOnce(&mut SnippetOptions)) -> Snippet {
    let mut o = SnippetOptions::new(client, mode);
    o.host = Some("db.example.com".into());
    f(&mut o);
    let s = generate(&o);
    assert!(s.is_ok(), "{s:?}");
    s.unwrap_or_else(|_| unreachable!())
}

fn has_warning(s: &Snippet, code: &str) -> bool {
    s.warnings.iter().any(|w| w.code == code)
}

#[test]
fn pymysql_verify_ca_does_not_use_the_ignored_mode_key() {
    let s = gen("pymysql", SslMode::VerifyCa, |o| {
        o.ca = Some("ca.pem".into())
    });
    assert!(s.code.contains("ssl_verify_cert=True"));
    assert!(!s.code.contains("ssl_verify_identity"));
    assert!(!s.code.contains("'mode'"));
    let old = gen("pymysql", SslMode::VerifyCa, |o| {
        o.client_version = Some("1.1.2".into())
    });
    assert!(!old.supported && old.alternative.is_none());
}

#[test]
fn mysql_cli_never_pairs_required_with_a_ca() {
    let s = gen("mysql-cli", SslMode::Required, |o| {
        o.ca = Some("ca.pem".into())
    });
    assert!(!s.code.contains("--ssl-ca"));
    assert!(has_warning(&s, "ca_unused"));
    let v56 = gen("mysql-cli", SslMode::VerifyIdentity, |o| {
        o.client_version = Some("5.6.40".into())
    });
    assert!(
        v56.code.contains("--ssl-mode=REQUIRED") && v56.code.contains("--ssl-verify-server-cert")
    );
    let v5629 = gen("mysql-cli", SslMode::Required, |o| {
        o.client_version = Some("5.6.29".into())
    });
    assert!(!v5629.supported);
}

#[test]
fn mariadb_cli_cannot_express_required_or_verify_ca() {
    for mode in [SslMode::Required, SslMode::VerifyCa] {
        let s = gen("mariadb-cli", mode, |_| {});
        assert!(!s.supported && has_warning(&s, "unsupported_mode"));
        assert_eq!(s.alternative, Some(SslMode::VerifyIdentity));
        assert!(s.code.contains("--ssl-verify-server-cert") && !s.code.contains("--ssl-mode"));
    }
}

#[test]
fn connector_j_properties_follow_the_version() {
    let legacy = gen("jdbc", SslMode::VerifyCa, |o| {
        o.client_version = Some("8.0.12".into())
    });
    assert!(
        legacy.code.contains("useSSL=true") && legacy.code.contains("verifyServerCertificate=true")
    );
    assert!(legacy.code.contains("mysql:mysql-connector-java:8.0.12"));
    let tls = |v: &str| {
        gen("jdbc", SslMode::Required, |o| {
            o.client_version = Some(v.into());
            o.tls_versions = Some(vec!["TLSv1.2".into()]);
        })
    };
    assert!(tls("8.0.27").code.contains("enabledTLSProtocols=TLSv1.2"));
    assert!(tls("8.0.28").code.contains("tlsVersions=TLSv1.2"));
    assert!(tls("8.0.31")
        .code
        .contains("com.mysql:mysql-connector-j:8.0.31"));
    let pem = gen("jdbc", SslMode::VerifyIdentity, |o| {
        o.ca = Some("/etc/ca.pem".into())
    });
    assert!(has_warning(&pem, "truststore_needed"));
    assert!(pem
        .code
        .contains("trustCertificateKeyStoreUrl=file:/etc/ca.p12"));
}

#[test]
fn compatibility_warnings() {
    let downgrade = gen("jdbc", SslMode::Required, |o| {
        o.client_version = Some("8.0.18".into());
        o.server_version = Some("5.7.30-log".into());
    });
    assert!(has_warning(&downgrade, "connectorj_tls_downgrade"));
    let none = gen("jdbc", SslMode::Required, |o| {
        o.client_version = Some("8.0.28".into());
        o.server_version = Some("5.6.40".into());
    });
    assert!(has_warning(&none, "no_common_tls_version"));
    assert!(has_warning(&none, "jdk_dh_constraints"));
    let server = gen("mysql-cli", SslMode::Required, |o| {
        o.server_version = Some("5.7.40".into());
        o.tls_versions = Some(vec!["TLSv1.2,TLSv1.3".into()]);
    });
    assert!(has_warning(&server, "tls_version_unsupported_by_server"));
    let p7b = gen("mysql2", SslMode::VerifyCa, |o| {
        o.ca = Some("global-bundle.p7b".into())
    });
    assert!(has_warning(&p7b, "ca_not_pem") && p7b.code.contains("global-bundle.pem"));
    let jks = gen("pymysql", SslMode::VerifyCa, |o| {
        o.ca = Some("ApsaraDB-CA-Chain.jks".into())
    });
    assert!(has_warning(&jks, "ca_is_keystore"));
    assert!(has_warning(
        &gen("php-pdo", SslMode::Disabled, |_| {}),
        "forced_ssl"
    ));
}

#[test]
fn found_against_the_real_server() {
    // mysql2 checks an IP host against "localhost": VERIFY_IDENTITY needs a DNS name.
    let ip = gen("mysql2", SslMode::VerifyIdentity, |o| {
        o.host = Some("10.0.0.5".into())
    });
    assert_eq!(
        (ip.supported, ip.alternative),
        (false, Some(SslMode::VerifyCa))
    );
    assert!(gen("mysql2", SslMode::VerifyIdentity, |_| {}).supported);
    // Connector/Python's C extension falls back to plaintext under VERIFY_CA.
    assert!(gen("mysql-connector-python", SslMode::VerifyCa, |_| {})
        .code
        .contains("use_pure=True"));
    // go-sql-driver has no VERIFY_CA: the snippet verifies the chain itself.
    assert!(gen("go-sql-driver", SslMode::VerifyCa, |_| {})
        .code
        .contains("VerifyConnection"));
}

#[test]
fn bad_options_are_invalid_option_errors() {
    let err = |o: SnippetOptions| generate(&o).err().map(|e| e.code());
    assert_eq!(
        err(SnippetOptions::new("odbc", SslMode::Required)),
        Some(ErrorCode::InvalidOption)
    );
    let mut o = SnippetOptions::new("jdbc", SslMode::Required);
    o.client_version = Some("eight".into());
    assert_eq!(err(o), Some(ErrorCode::InvalidOption));
    let mut o = SnippetOptions::new("jdbc", SslMode::Required);
    o.tls_versions = Some(vec!["SSLv3".into()]);
    assert_eq!(err(o), Some(ErrorCode::InvalidOption));
}

#[test]
fn json_model_is_camel_case() {
    let o: Result<SnippetOptions, _> = serde_json::from_str(
        r#"{"client":"jdbc","mode":"verify_ca","truststorePassword":"x","clientVersion":"8.0.33"}"#,
    );
    assert!(
        o.as_ref().is_ok_and(|o| o.mode == SslMode::VerifyCa),
        "{o:?}"
    );
    let unknown: Result<SnippetOptions, _> =
        serde_json::from_str(r#"{"client":"jdbc","mode":"required","sslMode":"x"}"#);
    assert!(unknown.is_err());
    let s = gen("jdbc", SslMode::Required, |_| {});
    let v = serde_json::to_value(&s).unwrap_or_default();
    assert_eq!(v["mode"], "REQUIRED");
    assert!(v.get("alternative").is_some() && v.get("supported").is_some());
}
