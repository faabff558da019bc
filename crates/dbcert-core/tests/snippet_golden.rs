//! Golden files: every client in every mode with one set of options, compared byte for byte
//! with `tests/data/snippets/<client>.json`. Regenerate with `DBCERT_UPDATE_GOLDENS=1 cargo test
//! -p dbcert-core --test snippet_golden` and review the diff.
//!
//! The clients that `tests/realserver/` runs against a real server are proved there; for the
//! others the golden files were checked by hand against their documentation:
//! - mysql-cli: MySQL 8.4 reference manual, "Command Options for Encrypted Connections"
//!   (--ssl-mode, --ssl-ca, --tls-version, --tls-ciphersuites) and 5.6 "--ssl-mode=REQUIRED"
//!   (5.6.30 release notes).
//! - workbench: MySQL Workbench manual, "Standard TCP/IP Connection Method" SSL tab (Use SSL:
//!   No / If available / Require / Require and Verify CA / Require and Verify Identity, SSL CA
//!   File).
//! - dms: AWS DMS user guide "Using SSL with AWS Database Migration Service" (none, require,
//!   verify-ca, verify-full; PEM certificates only) and `aws dms create-endpoint --ssl-mode
//!   --certificate-arn`, `aws dms import-certificate --certificate-pem`.
//! - mysqlconnector-net: https://mysqlconnector.net/connection-options/ (SslMode None,
//!   Preferred, Required, VerifyCA, VerifyFull; SslCa; TlsVersion; TlsCipherSuites).
//! - sqlx: docs.rs sqlx::mysql::MySqlConnectOptions (`ssl_mode`, `ssl_ca`) and `MySqlSslMode`.
//! - prisma: Prisma docs "MySQL" connector (sslcert relative to schema.prisma, sslaccept=strict |
//!   accept_invalid_certs).

use dbcert_core::snippet::{clients, generate, SnippetOptions, SslMode};

fn options(client: &str, mode: SslMode) -> SnippetOptions {
    let mut o = SnippetOptions::new(client, mode);
    o.host = Some("db.example.com".into());
    o.port = Some(3306);
    o.user = Some("app".into());
    o.database = Some("shop".into());
    o.ca = Some("/etc/ssl/certs/db-ca.pem".into());
    o.truststore_password = Some("changeit".into());
    o
}

/// Generates, for every client, the snippets of `per_mode(client, mode)` in every mode and
/// compares their JSON with `<dir>/<client>.json` (written instead with
/// `DBCERT_UPDATE_GOLDENS`); `what` names the set in the failure.
fn check_goldens(dir: &str, what: &str, per_mode: impl Fn(&str, SslMode) -> Vec<SnippetOptions>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let update = std::env::var_os("DBCERT_UPDATE_GOLDENS").is_some();
    if update {
        assert!(std::fs::create_dir_all(&dir).is_ok());
    }
    let mut mismatches = Vec::new();
    for c in clients() {
        let mut all = Vec::new();
        for mode in SslMode::ALL {
            for o in per_mode(&c.id, mode) {
                let s = generate(&o);
                assert!(s.is_ok(), "{} {mode}: {s:?}", c.id);
                all.extend(s.ok());
            }
        }
        let text = serde_json::to_string_pretty(&all).unwrap_or_default() + "\n";
        let path = dir.join(format!("{}.json", c.id));
        if update {
            assert!(
                std::fs::write(&path, &text).is_ok(),
                "writing {}",
                path.display()
            );
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != text {
            mismatches.push(c.id.clone());
        }
    }
    assert!(
        mismatches.is_empty(),
        "{what} differ for {mismatches:?}; rerun with DBCERT_UPDATE_GOLDENS=1 and review the diff"
    );
}

#[test]
fn every_client_matches_its_golden_file() {
    check_goldens("tests/data/snippets", "golden files", |client, mode| {
        vec![options(client, mode)]
    });
}

/// The client identity golden files: every client in every mode with the options above and a
/// client certificate, once as a PEM pair (`--cert`, `--key`) and once as a PKCS#12 keystore
/// (`--keystore`), compared with `tests/data/snippets/identity/<client>.json` (regenerated as
/// above). Each client's output is checked by hand against the sources its module cites; the
/// runnable clients are proved by `tests/realserver/identity_matrix.py`.
#[test]
fn every_client_with_a_client_certificate_matches_its_golden_file() {
    check_goldens(
        "tests/data/snippets/identity",
        "identity golden files",
        |client, mode| {
            let mut pem = options(client, mode);
            pem.cert = Some("/etc/mysql/client-cert.pem".into());
            pem.key = Some("/etc/mysql/client-key.pem".into());
            let mut p12 = options(client, mode);
            p12.keystore = Some("/etc/mysql/client.p12".into());
            p12.keystore_password = Some("s3cret".into());
            vec![pem, p12]
        },
    );
}
