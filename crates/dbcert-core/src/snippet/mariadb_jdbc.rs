//! MariaDB Connector/J (`jdbc:mariadb://`).
//!
//! Sources (shared/research/clients.md §2.5; `mariadb-corporation/mariadb-connector-j
//! src/main/java/org/mariadb/jdbc/export/SslMode.java`, `Configuration.java`, `CHANGELOG.md`):
//! - 3.0+: `sslMode` = `disable` | `trust` | `verify-ca` | `verify-full`; no PREFERRED (with TLS
//!   requested and a server without it the connection fails: "Trying to connect with ssl, but ssl
//!   not enabled in the server").
//! - `serverSslCert`: a path, URL or inline PEM, read with `CertificateFactory.generateCertificates`
//!   (PEM bundles, DER and PKCS#7 all work). `trustStore`/`trustStoreType`/`trustStorePassword`
//!   from 3.5.0 (CONJ-1183).
//! - 2.x: `useSsl`, `trustServerCertificate` (no verification), `disableSslHostnameVerification`.
//! - Client certificate: `keyStore` (a path or URL), `keyStorePassword` (and `keyPassword` for a
//!   JKS key with a password of its own) in 2.x and 3.x (MariaDB "Using TLS/SSL with MariaDB
//!   Connector/J", "Mutual (2-way) authentication":
//!   https://mariadb.com/docs/connectors/mariadb-connector-j/using-tls-ssl-with-mariadb-java-connector);
//!   `keyStoreType` in 3.x (`Configuration.java`). A keystore only: no PEM certificate or key
//!   option (the docs make one with `openssl pkcs12 -export`).
//! - `enabledSslProtocolSuites`, `enabledSslCipherSuites`.
//!
//! Proved against a real server by `tests/realserver/`.

use super::connector_j::file_url;
use super::jdbc::driver_manager_code;
use super::quote::{host_port, url_query, url_userinfo};
use super::{Ctx, Out, SslMode, TruststoreType, Version};
use crate::format::Format;
use std::fmt::Write;

const V: fn(u32, u32, u32) -> Version = Version::new;

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let name = "MariaDB Connector/J";
    let v3 = ctx.client_at_least(V(3, 0, 0));
    let mut mode = ctx.mode();
    if mode == SslMode::Preferred {
        mode = out.unsupported(
            ctx,
            name,
            SslMode::Required,
            "once TLS is requested it fails rather than fall back to plaintext",
        );
    }
    let mut props: Vec<(&str, String)> = Vec::new();
    if v3 {
        let m = match mode {
            SslMode::Disabled => "disable",
            SslMode::Preferred | SslMode::Required => "trust",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyIdentity => "verify-full",
        };
        props.push(("sslMode", m.to_owned()));
    } else {
        props.push(("useSsl", (mode != SslMode::Disabled).to_string()));
        if mode == SslMode::Required {
            props.push(("trustServerCertificate", "true".to_owned()));
        }
    }
    if mode.verifies() {
        let keystore = ctx
            .truststore()
            .map(|t| (t, ctx.o.truststore_type))
            .or_else(|| {
                ctx.ca()
                    .filter(|_| matches!(ctx.ca_format, Some(Format::Jks | Format::Pkcs12)))
                    .map(|c| {
                        let t = match ctx.ca_format {
                            Some(Format::Pkcs12) => Some(TruststoreType::Pkcs12),
                            _ => Some(TruststoreType::Jks),
                        };
                        (c, t)
                    })
            });
        match keystore {
            Some((path, t)) if ctx.client_at_least(V(3, 5, 0)) => {
                let t = t.unwrap_or(if path.to_ascii_lowercase().ends_with(".p12") {
                    TruststoreType::Pkcs12
                } else {
                    TruststoreType::Jks
                });
                props.push(("trustStore", file_url(&path)));
                props.push(("trustStoreType", t.java_name().to_ascii_lowercase()));
                let pw = ctx
                    .o
                    .truststore_password
                    .clone()
                    .unwrap_or_else(|| "<truststore-password>".to_owned());
                props.push(("trustStorePassword", pw));
            }
            _ => {
                // A certificate file; a keystore is converted to PEM first (pem_ca warns).
                let cert = match ctx.ca() {
                    Some(ca)
                        if !matches!(
                            ctx.ca_format,
                            Some(Format::Jks | Format::Jceks | Format::Pkcs12)
                        ) =>
                    {
                        ca
                    }
                    _ => ctx.pem_ca(name, out),
                };
                props.push(("serverSslCert", cert));
            }
        }
        if !v3 && mode == SslMode::VerifyCa {
            props.push(("disableSslHostnameVerification", "true".to_owned()));
        }
    }
    let types = [TruststoreType::Pkcs12, TruststoreType::Jks];
    if let Some(ks) = super::identity::keystore(ctx, out, mode, name, &types) {
        props.push(("keyStore", ks.path));
        if v3 {
            props.push(("keyStoreType", ks.kind.java_name().to_ascii_lowercase()));
        } else {
            out.note(
                "MariaDB Connector/J 2.x has no keyStoreType: the JVM's default type is used \
                 (PKCS12 from Java 9, which reads JKS files too).",
            );
        }
        props.push(("keyStorePassword", ks.password));
    }
    if mode != SslMode::Disabled {
        if !ctx.tls.is_empty() {
            props.push(("enabledSslProtocolSuites", super::tls::mysql_list(&ctx.tls)));
        }
        if let Some(c) = &ctx.cipher {
            props.push(("enabledSslCipherSuites", c.clone()));
        }
    }
    let mut url = format!("jdbc:mariadb://{}/", host_port(&ctx.host, ctx.port));
    if let Some(db) = &ctx.database {
        url.push_str(&url_userinfo(db));
    }
    for (i, (k, v)) in props.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        let _ = write!(url, "{k}={}", url_query(v));
    }
    let maven = match ctx.client_version {
        Some(v) => format!("org.mariadb.jdbc:mariadb-java-client:{v}"),
        None => "org.mariadb.jdbc:mariadb-java-client (3.0 or later)".to_owned(),
    };
    let code = driver_manager_code(ctx, &maven, &url);
    out.code = super::crl::after_imports(&code, &super::crl::jdk_lines(ctx, out, name));
    if mode.verifies() {
        out.note("serverSslCert takes a PEM bundle, a DER certificate or a P7B file, or the PEM text itself.");
    }
}
