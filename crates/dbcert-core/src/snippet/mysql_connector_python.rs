//! MySQL Connector/Python (`mysql.connector`).
//!
//! Sources (shared/research/clients.md §2.7; `mysql/connector/network.py` and
//! `connection.py` of the installed 26.x package): `ssl_ca`, `ssl_verify_cert`,
//! `ssl_verify_identity`, `ssl_disabled`, `tls_versions` (list), `tls_ciphersuites`, `ssl_cipher`.
//! A server without TLS is an error only `if self._ssl.get("verify_cert")`: with `ssl_ca` alone
//! it falls back to plaintext, so strict REQUIRED is not expressible. The pure-Python
//! implementation calls `context.load_default_certs()` before loading `ssl_ca`: the system CAs
//! are trusted as well. The C extension (the default when installed) falls back to plaintext
//! with `ssl_verify_cert` alone (found by `tests/realserver/` with 9.1.0), so VERIFY_CA forces
//! `use_pure=True`.
//!
//! Client certificate: `ssl_cert` and `ssl_key` (PEM paths, given together; "Connector/Python
//! Connection Arguments", clients.md §2.7), in every version this module writes.
//!
//! Proved against a real server by `tests/realserver/`.

use super::pymysql::connect_call;
use super::quote::python;
use super::{Ctx, Out, SslMode};

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let name = "Connector/Python";
    let mut mode = ctx.mode();
    if mode == SslMode::Required {
        mode = out.unsupported(
            ctx,
            name,
            SslMode::VerifyCa,
            "it refuses a server without TLS only when ssl_verify_cert is set, and ssl_verify_cert \
             needs a CA",
        );
    }
    let mut kw: Vec<(String, String)> = Vec::new();
    match mode {
        SslMode::Disabled => kw.push(("ssl_disabled".into(), "True".into())),
        SslMode::Preferred | SslMode::Required => {}
        SslMode::VerifyCa | SslMode::VerifyIdentity => {
            kw.push(("ssl_ca".into(), python(&ctx.pem_ca(name, out))));
            kw.push(("ssl_verify_cert".into(), "True".into()));
            if mode == SslMode::VerifyIdentity {
                kw.push(("ssl_verify_identity".into(), "True".into()));
            } else {
                kw.push(("use_pure".into(), "True".into()));
                out.note(
                    "use_pure=True is needed: with ssl_verify_cert but not ssl_verify_identity the C \
                     extension silently connects in plaintext to a server without TLS (seen with 9.1.0).",
                );
            }
            out.warn(
                "system_cas_trusted",
                "Connector/Python's pure-Python TLS (use_pure=True, or when the C extension is not \
                 installed) also trusts the system CAs (load_default_certs), not only ssl_ca: a \
                 certificate from any public CA passes verification.",
            );
        }
    }
    if let Some(id) = super::identity::pem(ctx, out, mode, name) {
        kw.push(("ssl_cert".into(), python(&id.cert)));
        kw.push(("ssl_key".into(), python(&id.key)));
    }
    if mode != SslMode::Disabled {
        if !ctx.tls.is_empty() {
            let list: Vec<String> = ctx.tls.iter().map(|t| python(t.mysql_name())).collect();
            kw.push((
                "tls_versions".into(),
                format!("[{}]", super::join(&list, ", ")),
            ));
        }
        if let Some(c) = &ctx.cipher {
            if c.starts_with("TLS_") {
                kw.push(("tls_ciphersuites".into(), format!("[{}]", python(c))));
            } else {
                kw.push(("ssl_cipher".into(), python(c)));
            }
        }
    }
    let mut code = String::from("import mysql.connector\n\n");
    code.push_str(&connect_call(
        ctx,
        "conn",
        "mysql.connector.connect",
        "database",
        &kw,
    ));
    out.code = code;
    if mode == SslMode::Preferred {
        out.note("Connector/Python uses TLS when the server offers it: PREFERRED needs no option.");
    }
    super::crl::not_expressible(ctx, out, mode, name, "its connection arguments have no CRL option (ssl_ca, ssl_cert, ssl_key, ssl_verify_cert, ssl_verify_identity, tls_versions, …: MySQL Connector/Python \"Connector/Python Connection Arguments\") and it takes no ssl.SSLContext, so revocation cannot be added in code either (observed by tests/realserver/crl_matrix.py)");
}
