//! MySQL Connector/J connection properties, shared by the `jdbc`, `jdbc-datasource` and
//! `spring-boot` snippets.
//!
//! Sources (shared/research/clients.md §2.4; `mysql/mysql-connector-j
//! src/main/core-api/java/com/mysql/cj/conf/PropertyDefinitions.java`, `CHANGES`,
//! `ExportControlled.java`):
//! - `sslMode` DISABLED/PREFERRED/REQUIRED/VERIFY_CA/VERIFY_IDENTITY from 8.0.13; before it
//!   `useSSL`, `requireSSL`, `verifyServerCertificate` (no combination checks the host name).
//! - `trustCertificateKeyStoreUrl` is opened with `new URL(...)`: it must be a URL (`file:/…`);
//!   `trustCertificateKeyStoreType` JKS (default) or PKCS12; `trustCertificateKeyStorePassword`.
//! - `tlsVersions` / `tlsCiphersuites` from 8.0.28; before that `enabledTLSProtocols` /
//!   `enabledSSLCipherSuites` (still accepted as aliases).
//! - `clientCertificateKeyStoreUrl` (a URL too), `clientCertificateKeyStoreType` (JKS default,
//!   PKCS12), `clientCertificateKeyStorePassword`: the client certificate and key, since 5.1.0
//!   (clients.md §2.4; MySQL Connector/J manual "Setting up Client Authentication":
//!   https://dev.mysql.com/doc/connector-j/en/connector-j-client-authentication.html). PEM
//!   files are not read: the snippet says how to make a keystore of them.
//! - Maven: `mysql:mysql-connector-java` up to 8.0.30, `com.mysql:mysql-connector-j` from 8.0.31.
//!
//! Proved against MariaDB 10.11 with JKS and PKCS#12 truststores by `tests/realserver/`.

use super::quote::{url_query, url_userinfo};
use super::{identity, with_extension, Ctx, Out, SslMode, TruststoreType, Version};
use crate::format::Format;

const V: fn(u32, u32, u32) -> Version = Version::new;

/// Connector/J's connection properties for the options, in URL order.
pub(crate) struct Props {
    /// `(name, value)` pairs, values unencoded.
    pub props: Vec<(&'static str, String)>,
    /// `groupId:artifactId[:version]`.
    pub maven: String,
    /// The JDBC driver class.
    pub driver: &'static str,
    /// Whether this is Connector/J 5.1 (different DataSource class).
    pub v5: bool,
}

/// `path` as the URL Connector/J's `new URL(...)` needs: `file:/abs`, `file:///C:/…`, or as given
/// when it already is a URL.
pub(crate) fn file_url(path: &str) -> String {
    let lower = path.to_ascii_lowercase();
    if ["file:", "http:", "https:", "classpath:", "jar:"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return path.to_owned();
    }
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if drive {
        return format!("file:///{}", path.replace('\\', "/"));
    }
    format!("file:{path}")
}

/// The truststore to use: (path, type, password), with warnings when it had to be derived.
fn truststore(ctx: &Ctx, out: &mut Out) -> (String, TruststoreType, String) {
    let pw_given = ctx.o.truststore_password.clone();
    let type_of = |path: &str, fmt: Option<Format>| match (ctx.o.truststore_type, fmt) {
        (Some(t), _) => t,
        (None, Some(Format::Pkcs12)) => TruststoreType::Pkcs12,
        (None, Some(Format::Jks)) => TruststoreType::Jks,
        (None, _) => {
            let l = path.to_ascii_lowercase();
            if l.ends_with(".p12") || l.ends_with(".pfx") {
                TruststoreType::Pkcs12
            } else {
                TruststoreType::Jks
            }
        }
    };
    if let Some(ts) = ctx.truststore() {
        let t = type_of(&ts, None);
        let pw = pw_given.unwrap_or_else(|| "<truststore-password>".to_owned());
        return (ts, t, pw);
    }
    if let Some(ca) = ctx.ca() {
        if matches!(ctx.ca_format, Some(Format::Jks | Format::Pkcs12)) {
            let t = type_of(&ca, ctx.ca_format);
            let pw = pw_given.unwrap_or_else(|| "<truststore-password>".to_owned());
            return (ca, t, pw);
        }
        let mut p12 = with_extension(&ca, "p12");
        if p12 == ca {
            p12 = with_extension(&ca, "truststore.p12");
        }
        let pw = pw_given.unwrap_or_else(|| "changeit".to_owned());
        out.warn(
            "truststore_needed",
            format!(
                "Connector/J reads CA certificates only from a Java truststore, not from {ca}. Make one \
                 holding every certificate of the bundle (keytool -importcert would keep only the first) \
                 with `dbcert convert {} --to pkcs12 -o {} --out-password {}`; the snippet uses it.",
                super::quote::shell(&ca),
                super::quote::shell(&p12),
                super::quote::shell(&pw)
            ),
        );
        return (p12, TruststoreType::Pkcs12, pw);
    }
    out.note(
        "Replace /path/to/truststore.p12 with a truststore holding the CA (dbcert convert CA.pem \
         --to pkcs12 -o truststore.p12 --out-password PASSWORD).",
    );
    (
        "/path/to/truststore.p12".to_owned(),
        TruststoreType::Pkcs12,
        pw_given.unwrap_or_else(|| "<truststore-password>".to_owned()),
    )
}

pub(crate) fn props(ctx: &Ctx, out: &mut Out, name: &str) -> Props {
    let v5 = ctx.client_before(V(8, 0, 0));
    let mut props: Vec<(&'static str, String)> = Vec::new();
    let mode = ctx.mode();
    if ctx.client_at_least(V(8, 0, 13)) {
        props.push(("sslMode", mode.as_str().to_owned()));
    } else {
        if mode == SslMode::VerifyIdentity {
            out.needs_version(
                ctx,
                name,
                "8.0.13",
                "before 8.0.13 (sslMode) Connector/J never checks the host name; the best it can do is \
                 VERIFY_CA with useSSL=true&requireSSL=true&verifyServerCertificate=true",
            );
            props.push(("sslMode", mode.as_str().to_owned()));
        } else {
            let (use_ssl, require, verify) = match mode {
                SslMode::Disabled => ("false", None, None),
                SslMode::Preferred => ("true", Some("false"), Some("false")),
                SslMode::Required => ("true", Some("true"), Some("false")),
                _ => ("true", Some("true"), Some("true")),
            };
            props.push(("useSSL", use_ssl.to_owned()));
            if let Some(r) = require {
                props.push(("requireSSL", r.to_owned()));
            }
            if let Some(v) = verify {
                props.push(("verifyServerCertificate", v.to_owned()));
            }
        }
    }
    if mode.verifies() {
        let (path, t, pw) = truststore(ctx, out);
        props.push(("trustCertificateKeyStoreUrl", file_url(&path)));
        props.push(("trustCertificateKeyStoreType", t.java_name().to_owned()));
        props.push(("trustCertificateKeyStorePassword", pw));
        if !path.starts_with('/') && !path.as_bytes().contains(&b':') {
            out.note("A relative truststore path is resolved against the JVM's working directory; an absolute path is safer.");
        }
    }
    let types = [TruststoreType::Pkcs12, TruststoreType::Jks];
    if let Some(ks) = identity::keystore(ctx, out, mode, name, &types) {
        props.push(("clientCertificateKeyStoreUrl", file_url(&ks.path)));
        props.push((
            "clientCertificateKeyStoreType",
            ks.kind.java_name().to_owned(),
        ));
        props.push(("clientCertificateKeyStorePassword", ks.password));
    }
    if mode != SslMode::Disabled {
        let modern_names = ctx.client_at_least(V(8, 0, 28));
        if !ctx.tls.is_empty() {
            let key = if modern_names {
                "tlsVersions"
            } else {
                "enabledTLSProtocols"
            };
            props.push((key, super::tls::mysql_list(&ctx.tls)));
        }
        if let Some(c) = &ctx.cipher {
            let key = if modern_names {
                "tlsCiphersuites"
            } else {
                "enabledSSLCipherSuites"
            };
            props.push((key, c.clone()));
        }
    }
    let maven = match ctx.client_version {
        Some(v) if v >= V(8, 0, 31) => format!("com.mysql:mysql-connector-j:{v}"),
        Some(v) => format!("mysql:mysql-connector-java:{v}"),
        None => "com.mysql:mysql-connector-j (8.0.31 or later)".to_owned(),
    };
    if mode == SslMode::VerifyIdentity && ctx.client_at_least(V(8, 0, 22)) {
        out.note("Connector/J 8.0.22+ matches the host name against the certificate's subjectAltName only, not the CN.");
    }
    Props {
        props,
        maven,
        driver: if v5 {
            "com.mysql.jdbc.Driver"
        } else {
            "com.mysql.cj.jdbc.Driver"
        },
        v5,
    }
}

/// `jdbc:mysql://host:port/db?k=v&…`, every value percent-encoded.
pub(crate) fn url(ctx: &Ctx, p: &Props) -> String {
    let mut u = format!(
        "jdbc:mysql://{}/",
        super::quote::host_port(&ctx.host, ctx.port)
    );
    if let Some(db) = &ctx.database {
        u.push_str(&url_userinfo(db));
    }
    for (i, (k, v)) in p.props.iter().enumerate() {
        u.push(if i == 0 { '?' } else { '&' });
        u.push_str(k);
        u.push('=');
        u.push_str(&url_query(v));
    }
    u
}
