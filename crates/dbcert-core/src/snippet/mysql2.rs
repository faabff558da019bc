//! Node.js `mysql2`.
//!
//! Sources (shared/research/clients.md §2.9; `sidorares/node-mysql2 lib/connection_config.js`,
//! `lib/base/connection.js` `startTLS`, `website/docs/documentation/ssl.mdx`): `ssl: { ca, cert,
//! key, ciphers, minVersion, maxVersion, rejectUnauthorized, verifyIdentity }`; `ca` is PEM
//! *content*, not a path; `rejectUnauthorized` defaults to true and `verifyIdentity` (3.0.0+) to
//! false, so `ssl: { ca }` is VERIFY_CA. With `ssl` set and a server without TLS the handshake
//! fails (`HANDSHAKE_NO_SSL_SUPPORT`): there is no PREFERRED. Node silently ignores a P7B in `ca`.
//!
//! For an IP host, mysql2 (3.24) sets no `servername` and Node then checks the certificate
//! against "localhost": VERIFY_IDENTITY by IP address is not expressible (found by
//! `tests/realserver/`, which connects to 127.0.0.2 with a certificate for localhost and
//! 127.0.0.1 and is accepted).
//!
//! Client certificate: `ssl.cert` and `ssl.key`, PEM *contents* as `ca` (passed to
//! `tls.createSecureContext`; `passphrase` for an encrypted key), in every version.
//!
//! Proved against a real server by `tests/realserver/`: the runner calls `connect()`.

use super::quote::js;
use super::{Ctx, Out, SslMode, Version};
use std::fmt::Write;

const V: fn(u32, u32, u32) -> Version = Version::new;

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let name = "mysql2";
    let mut mode = ctx.mode();
    if mode == SslMode::Preferred {
        mode = out.unsupported(
            ctx,
            name,
            SslMode::Required,
            "once ssl is set it fails rather than fall back to plaintext",
        );
    }
    if mode == SslMode::VerifyIdentity && super::ip::is_ip(&ctx.host) {
        mode = out.unsupported(
            ctx,
            name,
            SslMode::VerifyCa,
            &format!(
                "for an IP address mysql2 passes no servername to TLS, so verifyIdentity checks the \
                 certificate against \"localhost\" instead of {} (lib/base/connection.js); connect by \
                 the DNS name the certificate lists to get VERIFY_IDENTITY",
                ctx.host
            ),
        );
    }
    if mode == SslMode::VerifyIdentity && ctx.client_before(V(3, 0, 0)) {
        out.needs_version(
            ctx,
            name,
            "3.0.0",
            "the verifyIdentity option (host name check) arrived in 3.0.0",
        );
    }
    let mut ssl: Vec<String> = Vec::new();
    let mut reads_file = false;
    match mode {
        SslMode::Disabled | SslMode::Preferred => {}
        SslMode::Required => ssl.push("rejectUnauthorized: false".into()),
        SslMode::VerifyCa | SslMode::VerifyIdentity => {
            reads_file = true;
            ssl.push(format!(
                "ca: fs.readFileSync({})",
                js(&ctx.pem_ca(name, out))
            ));
            ssl.push("rejectUnauthorized: true".into());
            if mode == SslMode::VerifyIdentity {
                ssl.push("verifyIdentity: true".into());
            }
        }
    }
    if let Some(id) = super::identity::pem(ctx, out, mode, name) {
        reads_file = true;
        ssl.push(format!("cert: fs.readFileSync({})", js(&id.cert)));
        ssl.push(format!("key: fs.readFileSync({})", js(&id.key)));
    }
    if mode != SslMode::Disabled {
        if let (Some(min), Some(max)) = (ctx.tls.first(), ctx.tls.last()) {
            if !super::tls::is_contiguous(&ctx.tls) {
                out.warn(
                    "option_not_expressible",
                    format!("Node takes a TLS version range: {min} to {max} is used, including the versions between."),
                );
            }
            ssl.push(format!("minVersion: {}", js(min.mysql_name())));
            ssl.push(format!("maxVersion: {}", js(max.mysql_name())));
        }
        if let Some(c) = &ctx.cipher {
            ssl.push(format!("ciphers: {}", js(c)));
        }
    }
    let mut code = String::new();
    if reads_file {
        code.push_str("const fs = require('fs');\n");
    }
    code.push_str("const mysql = require('mysql2/promise');\n\n");
    code.push_str("async function connect() {\n  return mysql.createConnection({\n");
    let _ = write!(
        code,
        "    host: {},\n    port: {},\n",
        js(&ctx.host),
        ctx.port
    );
    let _ = write!(
        code,
        "    user: {},\n    password: {},\n",
        js(&ctx.user),
        js(&ctx.password)
    );
    if let Some(db) = &ctx.database {
        let _ = writeln!(code, "    database: {},", js(db));
    }
    if !ssl.is_empty() {
        code.push_str("    ssl: {\n");
        for s in &ssl {
            let _ = writeln!(code, "      {s},");
        }
        code.push_str("    },\n");
    }
    code.push_str("  });\n}\n");
    out.code = code;
    if mode == SslMode::VerifyCa {
        out.note("Do not add verifyIdentity: without it mysql2 checks the chain but not the host name, which is VERIFY_CA.");
    }
    super::crl::not_expressible(ctx, out, mode, name, "mysql2 builds its TLS context from ca, cert, key, passphrase, ciphers, minVersion and maxVersion only (lib/base/connection.js startTLS), so ssl.crl is silently ignored (observed by tests/realserver/crl_matrix.py) and no option or callback lets code check revocation");
}
