//! What each client does with the identity options, asserted per client (the full text is pinned
//! by `tests/snippet_golden.rs`).

#![allow(clippy::unwrap_used)]

use super::super::{clients, generate, Snippet, SnippetOptions, SslMode, TruststoreType};

fn base(client: &str, mode: SslMode, version: Option<&str>) -> SnippetOptions {
    let mut o = SnippetOptions::new(client, mode);
    o.host = Some("db.example.com".into());
    o.ca = Some("/c/ca.pem".into());
    o.client_version = version.map(str::to_owned);
    o
}

fn pem(client: &str, mode: SslMode, version: Option<&str>) -> Snippet {
    let mut o = base(client, mode, version);
    o.cert = Some("/c/client-cert.pem".into());
    o.key = Some("/c/client-key.pem".into());
    generate(&o).unwrap()
}

fn keystore(client: &str, mode: SslMode, path: &str) -> Snippet {
    let mut o = base(client, mode, None);
    o.keystore = Some(path.into());
    o.keystore_password = Some("kspw".into());
    generate(&o).unwrap()
}

fn codes(s: &Snippet) -> Vec<&str> {
    s.warnings.iter().map(|w| w.code.as_str()).collect()
}

fn cannot(s: &Snippet) -> bool {
    s.warnings.iter().any(|w| {
        w.code == "option_not_expressible" && w.message.contains("cannot present a client")
    })
}

#[test]
fn the_c_clients_take_ssl_cert_and_ssl_key() {
    for client in ["mysql-cli", "mariadb-cli"] {
        let s = pem(client, SslMode::VerifyIdentity, None);
        assert!(
            s.code
                .contains("--ssl-cert=/c/client-cert.pem \\\n  --ssl-key=/c/client-key.pem"),
            "{client}: {}",
            s.code
        );
        let r = pem(client, SslMode::Preferred, None);
        assert!(r.code.contains("--ssl-cert="), "{client}: {}", r.code);
    }
    for mariadb in [false, true] {
        let mut o = base("my-cnf", SslMode::VerifyCa, None);
        o.cert = Some("/c/client-cert.pem".into());
        o.key = Some("/c/client-key.pem".into());
        if mariadb {
            o.server_flavor = Some(super::super::ServerFlavor::Mariadb);
        }
        let s = generate(&o).unwrap();
        assert!(
            s.code
                .contains("\nssl-cert=/c/client-cert.pem\nssl-key=/c/client-key.pem\n"),
            "{}",
            s.code
        );
    }
    let w = pem("workbench", SslMode::VerifyCa, None);
    assert!(w.code.contains("SSL CERT File:     /c/client-cert.pem\n"));
    assert!(w.code.contains("SSL Key File:      /c/client-key.pem\n"));
}

#[test]
fn a_keystore_is_converted_for_a_pem_client() {
    let s = keystore("mysql-cli", SslMode::VerifyCa, "/c/client.p12");
    assert!(codes(&s).contains(&"identity_not_pem"), "{:?}", s.warnings);
    assert!(s
        .warnings
        .iter()
        .any(|w| w.message.contains("dbcert convert /c/client.p12 --password kspw --to pem --include-key --no-encrypt-key -o /c/client.pem")));
    assert!(s
        .code
        .contains("--ssl-cert=/c/client.pem \\\n  --ssl-key=/c/client.pem"));
}

#[test]
fn java_drivers_take_a_keystore_and_say_how_to_make_one() {
    for client in ["jdbc", "jdbc-datasource", "spring-boot"] {
        let s = keystore(client, SslMode::VerifyIdentity, "/c/client.jks");
        let code = s.code.replace("%3A", ":").replace("%2F", "/");
        assert!(
            code.contains("clientCertificateKeyStoreUrl")
                || code.contains("setClientCertificateKeyStoreUrl"),
            "{client}: {}",
            s.code
        );
        assert!(code.contains("file:/c/client.jks"), "{client}: {}", s.code);
        assert!(code.contains("JKS"), "{client}: {}", s.code);
        assert!(code.contains("kspw"), "{client}: {}", s.code);
        let p = pem(client, SslMode::VerifyCa, None);
        assert!(codes(&p).contains(&"keystore_needed"), "{client}");
        assert!(p.warnings.iter().any(|w| w.message.contains(
            "dbcert convert /c/client-cert.pem /c/client-key.pem --to pkcs12 -o /c/client-cert.p12 --out-password '<keystore-password>'"
        )), "{client}: {:?}", p.warnings);
        assert!(p.placeholders.contains(&"<keystore-password>".to_owned()));
    }
    let m = keystore("mariadb-jdbc", SslMode::VerifyCa, "/c/client.p12");
    assert!(m.code.contains("&keyStore=/c/client.p12"), "{}", m.code);
    assert!(m.code.contains("&keyStoreType=pkcs12"), "{}", m.code);
    assert!(m.code.contains("&keyStorePassword=kspw"), "{}", m.code);
    let mut o = base("mariadb-jdbc", SslMode::VerifyCa, Some("2.7.12"));
    o.keystore = Some("/c/client.p12".into());
    let old = generate(&o).unwrap();
    assert!(!old.code.contains("keyStoreType"), "{}", old.code);
    assert!(
        old.code.contains("keyStorePassword=<keystore-password>"),
        "{}",
        old.code
    );
    assert!(old.placeholders.contains(&"<keystore-password>".to_owned()));
}

#[test]
fn python_clients_take_the_pair() {
    let p = pem("pymysql", SslMode::VerifyIdentity, None);
    assert!(
        p.code
            .contains("    ssl_cert=\"/c/client-cert.pem\",\n    ssl_key=\"/c/client-key.pem\",\n"),
        "{}",
        p.code
    );
    // A context the code builds loads the pair itself.
    let r = pem("pymysql", SslMode::Required, None);
    assert!(r.code.contains(
        "ctx.load_cert_chain(certfile=\"/c/client-cert.pem\", keyfile=\"/c/client-key.pem\")\n"
    ));
    // PREFERRED: from 1.2.0 the certificate makes TLS required.
    let pref = pem("pymysql", SslMode::Preferred, None);
    assert_eq!(pref.alternative, Some(SslMode::Required));
    assert!(pref.code.contains("load_cert_chain"));
    // Before 1.2.0 PREFERRED builds a context that falls back to plaintext, and loads the pair.
    let old = pem("pymysql", SslMode::Preferred, Some("1.1.2"));
    assert!(old.supported, "{:?}", old.warnings);
    assert!(old.code.contains("load_cert_chain"), "{}", old.code);
    let sa = pem("sqlalchemy", SslMode::VerifyCa, None);
    assert!(
        sa.code.contains("\"ssl_cert\": \"/c/client-cert.pem\""),
        "{}",
        sa.code
    );
    let cp = pem("mysql-connector-python", SslMode::VerifyIdentity, None);
    assert!(
        cp.code
            .contains("    ssl_cert=\"/c/client-cert.pem\",\n    ssl_key=\"/c/client-key.pem\",\n"),
        "{}",
        cp.code
    );
    let mc = pem("mysqlclient", SslMode::VerifyIdentity, None);
    assert!(
        mc.code
            .contains("\"cert\": \"/c/client-cert.pem\", \"key\": \"/c/client-key.pem\""),
        "{}",
        mc.code
    );
}

#[test]
fn node_go_php_dotnet_and_sqlx() {
    let n = pem("mysql2", SslMode::Required, None);
    assert!(n.code.contains("      cert: fs.readFileSync(\"/c/client-cert.pem\"),\n      key: fs.readFileSync(\"/c/client-key.pem\"),\n"), "{}", n.code);
    assert!(n.code.starts_with("const fs = require('fs');"));
    for mode in [
        SslMode::Preferred,
        SslMode::Required,
        SslMode::VerifyCa,
        SslMode::VerifyIdentity,
    ] {
        let g = pem("go-sql-driver", mode, None);
        assert!(
            g.code.contains(
                "cert, err := tls.LoadX509KeyPair(\"/c/client-cert.pem\", \"/c/client-key.pem\")"
            ),
            "{mode}: {}",
            g.code
        );
        assert!(g.code.contains("Certificates: []tls.Certificate{cert},"));
        assert!(g.code.contains("cfg.TLSConfig = \"custom\""), "{mode}");
        assert!(g.code.contains("\t\"crypto/tls\"\n"), "{mode}");
    }
    let php = pem("php-pdo", SslMode::VerifyIdentity, None);
    assert!(php.code.contains("PDO::MYSQL_ATTR_SSL_CERT => '/c/client-cert.pem',\n        PDO::MYSQL_ATTR_SSL_KEY => '/c/client-key.pem',"), "{}", php.code);
    let net = pem("mysqlconnector-net", SslMode::VerifyCa, None);
    assert!(
        net.code
            .contains(";SslCert=/c/client-cert.pem;SslKey=/c/client-key.pem"),
        "{}",
        net.code
    );
    let pfx = keystore("mysqlconnector-net", SslMode::VerifyCa, "/c/client.pfx");
    assert!(
        pfx.code
            .contains(";CertificateFile=/c/client.pfx;CertificatePassword=kspw"),
        "{}",
        pfx.code
    );
    let jks = keystore("mysqlconnector-net", SslMode::VerifyCa, "/c/client.jks");
    assert!(codes(&jks).contains(&"identity_not_pem"));
    let sqlx = pem("sqlx", SslMode::VerifyIdentity, None);
    assert!(sqlx.code.contains("    .ssl_client_cert(\"/c/client-cert.pem\")\n    .ssl_client_key(\"/c/client-key.pem\")\n"), "{}", sqlx.code);
    let old = pem("sqlx", SslMode::VerifyIdentity, Some("0.6.3"));
    assert!(cannot(&old));
    assert!(!old.code.contains("ssl_client"));
}

#[test]
fn prisma_takes_a_pkcs12_identity() {
    let p = keystore("prisma", SslMode::VerifyIdentity, "/c/client.p12");
    assert!(
        p.code
            .contains("&sslidentity=/c/client.p12&sslpassword=kspw"),
        "{}",
        p.code
    );
    let from_pem = pem("prisma", SslMode::Required, None);
    assert!(codes(&from_pem).contains(&"keystore_needed"));
    assert!(from_pem
        .code
        .contains("?sslaccept=accept_invalid_certs&sslidentity=/c/client-cert.p12"));
    let jks = keystore("prisma", SslMode::Required, "/c/client.jks");
    assert!(jks
        .warnings
        .iter()
        .any(|w| w.message.contains("keytool -importkeystore")));
}

#[test]
fn dms_cannot_and_keeps_its_code() {
    let s = pem("dms", SslMode::VerifyIdentity, None);
    assert!(cannot(&s), "{:?}", s.warnings);
    let plain = generate(&base("dms", SslMode::VerifyIdentity, None)).unwrap();
    assert_eq!(plain.code, s.code);
}

#[test]
fn half_a_pair_gets_a_placeholder() {
    let mut o = base("mysql-cli", SslMode::VerifyCa, None);
    o.cert = Some("/c/client-cert.pem".into());
    let s = generate(&o).unwrap();
    assert!(codes(&s).contains(&"identity_incomplete"));
    assert!(s.code.contains("--ssl-key=/path/to/client-key.pem"));
    assert!(s
        .placeholders
        .contains(&"/path/to/client-key.pem".to_owned()));
}

#[test]
fn every_client_uses_the_identity_or_says_why_not() {
    for c in clients() {
        for mode in SslMode::ALL {
            let s = pem(&c.id, mode, None);
            let plain = generate(&base(&c.id, mode, None)).unwrap();
            let effective = s.alternative.unwrap_or(mode);
            if effective == SslMode::Disabled {
                assert!(codes(&s).contains(&"identity_unused"), "{} {mode}", c.id);
                assert_eq!(s.code, plain.code, "{} {mode}", c.id);
                continue;
            }
            // Either the code presents it (a Java client through a keystore made of it), or the
            // snippet says the client cannot.
            let uses = s.code.contains("client-cert") || s.code.contains("client-key");
            assert!(uses != cannot(&s), "{} {mode}: {}", c.id, s.code);
            // Never unused, never both halves missing.
            assert!(!codes(&s).contains(&"identity_unused"), "{} {mode}", c.id);
            assert!(
                !codes(&s).contains(&"identity_incomplete"),
                "{} {mode}",
                c.id
            );
        }
        // Without identity options nothing changes and nothing is said about one.
        let plain = generate(&base(&c.id, SslMode::VerifyCa, None)).unwrap();
        assert!(!plain.code.contains("client-cert"), "{}", c.id);
        assert!(!plain
            .warnings
            .iter()
            .any(|w| w.message.contains("client certificate")));
    }
}

#[test]
fn the_keystore_type_is_taken_or_guessed() {
    let mut o = base("jdbc", SslMode::VerifyCa, None);
    o.keystore = Some("/c/identity.bin".into());
    o.keystore_type = Some(TruststoreType::Pkcs12);
    let s = generate(&o).unwrap();
    assert!(
        s.code.contains("clientCertificateKeyStoreType=PKCS12"),
        "{}",
        s.code
    );
    o.keystore_type = None;
    let s = generate(&o).unwrap();
    assert!(
        s.code.contains("clientCertificateKeyStoreType=JKS"),
        "{}",
        s.code
    );
}
