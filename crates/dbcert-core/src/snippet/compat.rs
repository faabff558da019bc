//! Compatibility warnings that do not belong to one client: what the mode really protects, CA
//! files the mode ignores, TLS versions the server or the client cannot speak, and the Java-side
//! traps (Connector/J's TLS downgrade, the JDK's refusal of weak DH parameters).
//!
//! Facts and sources: `shared/research/clients.md` §2.1 (server TLS versions: MySQL reference
//! manual "encrypted-connection-protocols-ciphers" for 5.6, 5.7, 8.0, 8.4) and §2.4 (Connector/J
//! `ExportControlled.getAllowedProtocols` at 8.0.18/8.0.19, WL#14805 in 8.0.28, the JDK DH
//! error seen in ControlSystemStudio/cs-studio#1296).

use super::tls::{mysql_list, TlsVersion};
use super::{Ctx, Out, ServerFlavor, SslMode, Version};

const V: fn(u32, u32, u32) -> Version = Version::new;

/// Runs every check and appends its warnings and notes.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let effective = out.alternative.unwrap_or(ctx.mode());
    mode(ctx, effective, out);
    if effective != SslMode::Disabled {
        tls_versions(ctx, out);
        connector_j(ctx, out);
        jdk_dh(ctx, out);
    }
}

fn mode(ctx: &Ctx, effective: SslMode, out: &mut Out) {
    match effective {
        SslMode::Disabled => out.warn(
            "forced_ssl",
            "DISABLED sends everything, the login included, in plaintext. A server that forces SSL \
             (require_secure_transport=ON, or a cloud's forced SSL setting) refuses this connection: \
             it needs REQUIRED or stricter.",
        ),
        SslMode::Preferred => out.warn(
            "plaintext_fallback",
            "PREFERRED verifies nothing and silently falls back to plaintext when the server, or a man \
             in the middle, offers no TLS. Where the server forces SSL use REQUIRED or stricter; use \
             VERIFY_CA or VERIFY_IDENTITY to be safe from impersonation.",
        ),
        SslMode::Required => out.note(
            "REQUIRED encrypts but does not check who the server is; VERIFY_CA or VERIFY_IDENTITY also \
             protect against impersonation.",
        ),
        SslMode::VerifyCa => out.note(
            "VERIFY_CA checks that the certificate chains to the CA but not the host name: any \
             certificate from that CA is accepted, which is what you want behind a proxy, an IP \
             address or a second endpoint that the certificate does not name.",
        ),
        SslMode::VerifyIdentity => {}
    }
    if !effective.verifies() {
        let file = ctx.ca().or_else(|| ctx.truststore());
        if let Some(file) = file {
            out.warn(
                "ca_unused",
                format!(
                    "{effective} does not verify the server certificate, so {file} is not used (the \
                     mysql client even drops --ssl-ca under --ssl-mode=REQUIRED, printing only a \
                     warning). Use VERIFY_CA or VERIFY_IDENTITY to check it."
                ),
            );
        }
    }
}

/// The TLS versions a MySQL server version can speak, and why (None: unknown or not MySQL).
pub(crate) fn mysql_server_tls(ctx: &Ctx) -> Option<(&'static [TlsVersion], &'static str)> {
    use TlsVersion::*;
    if ctx.server_flavor == Some(ServerFlavor::Mariadb) {
        return None;
    }
    let v = ctx.server_version?;
    Some(if v < V(5, 6, 46) {
        (
            &[Tls10, Tls11],
            "MySQL before 5.6.46 (community builds, yaSSL) speaks TLS 1.0 and 1.1 only",
        )
    } else if v >= V(5, 7, 0) && v < V(5, 7, 28) {
        (
            &[Tls10, Tls11],
            "MySQL 5.7 before 5.7.28 (community builds, yaSSL) speaks TLS 1.0 and 1.1 only",
        )
    } else if v < V(8, 0, 16) {
        (
            &[Tls10, Tls11, Tls12],
            "MySQL before 8.0.16 speaks up to TLS 1.2",
        )
    } else if v < V(8, 0, 28) {
        (
            &[Tls10, Tls11, Tls12, Tls13],
            "MySQL 8.0.16 to 8.0.27 speaks TLS 1.0 to 1.3",
        )
    } else if v < V(8, 4, 0) {
        (
            &[Tls12, Tls13],
            "MySQL 8.0.28 and later speak TLS 1.2 and 1.3 only",
        )
    } else {
        (
            &[Tls12, Tls13],
            "MySQL 8.4 and later speak TLS 1.2 and 1.3 only",
        )
    })
}

/// The TLS versions a client version can speak, when it limits them itself.
fn client_tls(ctx: &Ctx) -> Option<(&'static [TlsVersion], String)> {
    use TlsVersion::*;
    let id = ctx.o.client.trim();
    let cv = ctx.client_version;
    let name = |n: &str| match cv {
        Some(v) => format!("{n} {v}"),
        None => format!("{n} (latest)"),
    };
    match id {
        "jdbc" | "jdbc-datasource" | "spring-boot" => {
            if ctx.client_at_least(V(8, 0, 28)) {
                Some((
                    &[Tls12, Tls13],
                    format!(
                        "{} speaks TLS 1.2 and 1.3 only (8.0.28 removed 1.0 and 1.1)",
                        name("Connector/J")
                    ),
                ))
            } else if ctx.client_before(V(8, 0, 19)) {
                Some((
                    &[Tls10, Tls11, Tls12],
                    format!("{} has no TLS 1.3 (added in 8.0.19)", name("Connector/J")),
                ))
            } else {
                None
            }
        }
        "mysql-connector-python" if ctx.client_at_least(V(8, 0, 28)) => Some((
            &[Tls12, Tls13],
            format!(
                "{} speaks TLS 1.2 and 1.3 only (8.0.28 removed 1.0 and 1.1)",
                name("Connector/Python")
            ),
        )),
        "mysql-cli" if ctx.client_at_least(V(8, 0, 28)) => Some((
            &[Tls12, Tls13],
            format!(
                "{} speaks TLS 1.2 and 1.3 only (8.0.28 removed 1.0 and 1.1)",
                name("mysql")
            ),
        )),
        _ => None,
    }
}

fn tls_versions(ctx: &Ctx, out: &mut Out) {
    let server = mysql_server_tls(ctx);
    let client = client_tls(ctx);
    if !ctx.tls.is_empty() {
        for (allowed, why, code) in [
            server.map(|(a, w)| (a, w.to_owned(), "tls_version_unsupported_by_server")),
            client
                .clone()
                .map(|(a, w)| (a, w, "tls_version_unsupported_by_client")),
        ]
        .into_iter()
        .flatten()
        {
            let missing: Vec<TlsVersion> = ctx
                .tls
                .iter()
                .copied()
                .filter(|t| !allowed.contains(t))
                .collect();
            if missing.len() == ctx.tls.len() {
                out.warn(
                    "no_common_tls_version",
                    format!("None of {} can be used: {why}.", mysql_list(&ctx.tls)),
                );
            } else if !missing.is_empty() {
                out.warn(
                    code,
                    format!("{} will not be used: {why}.", mysql_list(&missing)),
                );
            }
        }
    }
    if let (Some((s, sw)), Some((c, cw))) = (server, client) {
        if !s.iter().any(|t| c.contains(t)) {
            out.warn(
                "no_common_tls_version",
                format!("The client and the server share no TLS version: {sw}, and {cw}."),
            );
        }
    }
}

/// Connector/J before 8.0.28 decides by the server's reported version whether to offer TLS 1.2.
fn connector_j(ctx: &Ctx, out: &mut Out) {
    if !matches!(
        ctx.o.client.trim(),
        "jdbc" | "jdbc-datasource" | "spring-boot"
    ) || !ctx.tls.is_empty()
    {
        return;
    }
    let Some(cv) = ctx.client_version else { return };
    let mariadb = ctx.server_flavor == Some(ServerFlavor::Mariadb);
    let sv = ctx.server_version;
    let server = match (mariadb, sv) {
        (true, _) => "a MariaDB server (it reports itself as 5.5.5)".to_owned(),
        (false, Some(v)) => format!("MySQL {v}"),
        (false, None) => "a server of unknown version".to_owned(),
    };
    let property = "enabledTLSProtocols=TLSv1.2 (dbcert snippet --tls-versions TLSv1.2)";
    if cv < V(8, 0, 19) {
        let ok = !mariadb && sv.is_some_and(|v| v >= V(8, 0, 4));
        if !ok {
            out.warn(
                "connectorj_tls_downgrade",
                format!(
                    "Connector/J {cv} (8.0.18 and older) offers TLS 1.2 only to MySQL 8.0.4+ and \
                     Enterprise 5.6+; to {server} it offers only TLSv1.1 and TLSv1, which servers and \
                     JDKs that require TLS 1.2 refuse. Fix: Connector/J 8.0.19+ (which also offers \
                     TLS 1.2 to 5.6.46+ and 5.7.28+), or set {property}."
                ),
            );
        }
    } else if cv < V(8, 0, 28) {
        let old =
            mariadb || sv.is_some_and(|v| v < V(5, 6, 46) || (v >= V(5, 7, 0) && v < V(5, 7, 28)));
        if old {
            out.warn(
                "connectorj_tls_downgrade",
                format!(
                    "Connector/J {cv} offers TLS 1.2 only to MySQL 5.6.46+, 5.7.28+ and 8.0.4+; to \
                     {server} it offers only TLSv1.1 and TLSv1. If the server speaks TLS 1.2, set {property}."
                ),
            );
        }
    }
}

/// MySQL before 5.7.6 uses DH parameters that JDK 8+ refuse.
fn jdk_dh(ctx: &Ctx, out: &mut Out) {
    let java = matches!(
        ctx.o.client.trim(),
        "jdbc" | "jdbc-datasource" | "spring-boot" | "mariadb-jdbc"
    );
    let old = ctx.server_flavor != Some(ServerFlavor::Mariadb)
        && ctx.server_version.is_some_and(|v| v < V(5, 7, 6));
    if java && old {
        let option = if ctx.o.client.trim() == "mariadb-jdbc" {
            "enabledSslCipherSuites"
        } else if ctx.client_at_least(V(8, 0, 28)) {
            "tlsCiphersuites"
        } else {
            "enabledSSLCipherSuites"
        };
        out.warn(
            "jdk_dh_constraints",
            format!(
                "MySQL before 5.7.6 uses weak (512/1024-bit) DH parameters that JDK 7u/8 and later refuse \
                 with `DHPublicKey does not comply to algorithm constraints`. Fix: upgrade the server, or \
                 pick a non-DHE cipher suite with {option} (e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 \
                 or TLS_RSA_WITH_AES_128_CBC_SHA); relaxing jdk.tls.disabledAlgorithms also works but \
                 weakens every connection of the JVM."
            ),
        );
    }
}
