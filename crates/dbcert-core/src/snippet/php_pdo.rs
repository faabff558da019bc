//! PHP PDO_MYSQL on mysqlnd.
//!
//! Sources (shared/research/clients.md §2.12; php-src `ext/pdo_mysql/mysql_driver.c`,
//! `ext/mysqlnd/mysqlnd_vio.c`, `mysqlnd_structs.h`; php/doc-en `reference/pdo_mysql/constants.xml`):
//! `PDO::MYSQL_ATTR_SSL_CA`, `_SSL_CIPHER`, `PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT` (7.0.18 /
//! 7.1.4); `Pdo\Mysql::ATTR_SSL_*` from 8.4, the `PDO::MYSQL_*` names deprecated in 8.5. mysqlnd
//! verifies the peer by default once an SSL option is set, and `verify_peer_name` follows
//! `verify_peer`: the CA is never checked without the host name (no VERIFY_CA). No plaintext
//! fallback once SSL is requested (no PREFERRED).
//!
//! Client certificate: `PDO::MYSQL_ATTR_SSL_CERT` and `PDO::MYSQL_ATTR_SSL_KEY` (PEM paths; the
//! same constants page, PHP 5.3.7+), mysqlnd's `local_cert` and `local_pk` stream options.
//!
//! Proved against a real server by `tests/realserver/`.

use super::quote::php;
use super::{Ctx, Out, SslMode, Version};
use std::fmt::Write;

const V: fn(u32, u32, u32) -> Version = Version::new;

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let name = "PDO_MYSQL (mysqlnd)";
    let mut mode = ctx.mode();
    match mode {
        SslMode::Preferred => {
            mode = out.unsupported(
                ctx,
                name,
                SslMode::Required,
                "once an SSL attribute is set mysqlnd fails rather than fall back to plaintext",
            )
        }
        SslMode::VerifyCa => {
            mode = out.unsupported(
                ctx,
                name,
                SslMode::VerifyIdentity,
                "mysqlnd checks the host name whenever it checks the CA",
            )
        }
        _ => {}
    }
    if mode == SslMode::Required && ctx.client_before(V(7, 1, 4)) {
        out.needs_version(ctx, "PHP", "7.1.4", "MYSQL_ATTR_SSL_VERIFY_SERVER_CERT (to turn verification off) arrived in 7.0.18 / 7.1.4");
    }
    let new_names = ctx.client_version.is_some_and(|v| v >= V(8, 4, 0));
    let attr = |a: &str| {
        if new_names {
            format!("Pdo\\Mysql::ATTR_{a}")
        } else {
            format!("PDO::MYSQL_ATTR_{a}")
        }
    };
    let mut attrs: Vec<(String, String)> = Vec::new();
    match mode {
        SslMode::Disabled | SslMode::Preferred => {}
        SslMode::Required => {
            // Any SSL attribute turns TLS on; the cipher list "DEFAULT" changes nothing else.
            let c = ctx.cipher.clone().unwrap_or_else(|| "DEFAULT".to_owned());
            attrs.push((attr("SSL_CIPHER"), php(&c)));
            attrs.push((attr("SSL_VERIFY_SERVER_CERT"), "false".into()));
        }
        SslMode::VerifyCa | SslMode::VerifyIdentity => {
            attrs.push((attr("SSL_CA"), php(&ctx.pem_ca(name, out))));
            attrs.push((attr("SSL_VERIFY_SERVER_CERT"), "true".into()));
            if let Some(c) = &ctx.cipher {
                attrs.push((attr("SSL_CIPHER"), php(c)));
            }
        }
    }
    if let Some(id) = super::identity::pem(ctx, out, mode, name) {
        attrs.push((attr("SSL_CERT"), php(&id.cert)));
        attrs.push((attr("SSL_KEY"), php(&id.key)));
    }
    if !ctx.tls.is_empty() && mode != SslMode::Disabled {
        out.warn(
            "option_not_expressible",
            "PDO_MYSQL has no TLS-version attribute; mysqlnd uses OpenSSL's defaults.",
        );
    }
    let mut dsn = format!("mysql:host={};port={}", ctx.host, ctx.port);
    if let Some(db) = &ctx.database {
        let _ = write!(dsn, ";dbname={db}");
    }
    let mut code = String::from("<?php\n$pdo = new PDO(\n");
    let _ = write!(
        code,
        "    {},\n    {},\n    {},\n",
        php(&dsn),
        php(&ctx.user),
        php(&ctx.password)
    );
    if attrs.is_empty() {
        code.push_str("    []\n");
    } else {
        code.push_str("    [\n");
        for (k, v) in &attrs {
            let _ = writeln!(code, "        {k} => {v},");
        }
        code.push_str("    ]\n");
    }
    code.push_str(");\n");
    out.code = code;
    if !new_names && mode != SslMode::Disabled {
        out.note("On PHP 8.4+ the same attributes are Pdo\\Mysql::ATTR_SSL_*; the PDO::MYSQL_ATTR_* names are deprecated from 8.5 (--client-version 8.4 writes the new names).");
    }
    super::crl::not_expressible(ctx, out, mode, name, "PDO_MYSQL has no CRL attribute (only MYSQL_ATTR_SSL_CA, _CAPATH, _CERT, _KEY, _CIPHER, _VERIFY_SERVER_CERT) and mysqlnd passes no CRL to its TLS stream");
}
