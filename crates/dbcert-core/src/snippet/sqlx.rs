//! Rust `sqlx` (MySQL).
//!
//! Sources (shared/research/clients.md §2.13; `launchbadge/sqlx sqlx-mysql/src/options/mod.rs`,
//! `ssl_mode.rs`, docs.rs `MySqlSslMode` = Disabled | Preferred (default) | Required | VerifyCa |
//! VerifyIdentity): `MySqlConnectOptions::ssl_mode`, `ssl_ca`. The rustls backend rejects X.509
//! v1 certificates even for Required (transact-rs/sqlx#3091).
//!
//! Client certificate: `ssl_client_cert` and `ssl_client_key` (PEM paths), from 0.7.0
//! (`CHANGELOG.md`: #1850 "Add client SSL authentication using key-file for Postgres, MySQL and
//! MariaDB").
//!
//! Golden tests only.

use super::quote::rust;
use super::{Ctx, Out, SslMode, Version};
use std::fmt::Write;

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let mode = ctx.mode();
    let variant = match mode {
        SslMode::Disabled => "Disabled",
        SslMode::Preferred => "Preferred",
        SslMode::Required => "Required",
        SslMode::VerifyCa => "VerifyCa",
        SslMode::VerifyIdentity => "VerifyIdentity",
    };
    let mut code = String::from(
        "use sqlx::mysql::{MySqlConnectOptions, MySqlSslMode};\nuse sqlx::ConnectOptions;\n\n",
    );
    code.push_str("let mut conn = MySqlConnectOptions::new()\n");
    let _ = write!(
        code,
        "    .host({})\n    .port({})\n",
        rust(&ctx.host),
        ctx.port
    );
    let _ = write!(
        code,
        "    .username({})\n    .password({})\n",
        rust(&ctx.user),
        rust(&ctx.password)
    );
    if let Some(db) = &ctx.database {
        let _ = writeln!(code, "    .database({})", rust(db));
    }
    let _ = writeln!(code, "    .ssl_mode(MySqlSslMode::{variant})");
    if mode.verifies() {
        let _ = writeln!(code, "    .ssl_ca({})", rust(&ctx.pem_ca("sqlx", out)));
    }
    if ctx.client_before(Version::new(0, 7, 0)) {
        super::identity::not_expressible(
            ctx,
            out,
            mode,
            "sqlx before 0.7.0",
            "ssl_client_cert and ssl_client_key arrived in 0.7.0 (#1850)",
        );
    } else if let Some(id) = super::identity::pem(ctx, out, mode, "sqlx") {
        let _ = writeln!(code, "    .ssl_client_cert({})", rust(&id.cert));
        let _ = writeln!(code, "    .ssl_client_key({})", rust(&id.key));
        // sqlx-mysql hands the key to native-tls's `Identity::from_pkcs8`, which refuses a
        // buffer that does not begin with `-----BEGIN PRIVATE KEY-----` ("expected PKCS#8 PEM";
        // seen by tests/realserver/identity_matrix.py with the one file of `--include-key`).
        out.note(
            "With the native-tls backend the key file must begin with an unencrypted PKCS#8 \
             `-----BEGIN PRIVATE KEY-----` block (native-tls's Identity::from_pkcs8): give the key \
             in a file of its own (`openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem`), \
             not a file that starts with the certificate. The rustls backend takes either.",
        );
    }
    code.push_str("    .connect()\n    .await?;\n");
    out.code = code;
    if (!ctx.tls.is_empty() || ctx.cipher.is_some()) && mode != SslMode::Disabled {
        out.warn(
            "option_not_expressible",
            "sqlx has no TLS-version or cipher option.",
        );
    }
    if mode.requires_tls() {
        out.note("With the rustls backend sqlx rejects X.509 v1 server certificates (MariaDB 11.4's generated ones were v1), even for Required.");
    }
    super::crl::not_expressible(ctx, out, mode, "sqlx", "MySqlConnectOptions has no CRL option (ssl_mode, ssl_ca, ssl_client_cert, ssl_client_key only)");
}
