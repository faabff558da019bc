//! MariaDB's command-line client (`mariadb`, formerly `mysql`), built on MariaDB Connector/C.
//!
//! Sources (shared/research/clients.md §2.2):
//! - No `--ssl-mode` (MDEV-22129 declined it; passing it fails with `unknown variable`).
//! - Options: `--ssl`, `--skip-ssl`, `--ssl-ca`, `--ssl-cipher`, `--ssl-verify-server-cert`
//!   (`MariaDB/server include/sslopt-longopts.h`), `--tls-version` since 10.4.6.
//! - Connector/C raises "SSL is required, but the server does not support it" only when
//!   verification or a fingerprint is set (`plugins/auth/my_auth.c`): `--ssl` without
//!   verification is PREFERRED, so strict REQUIRED cannot be expressed; and
//!   `--ssl-verify-server-cert` checks the CA and the host name together, so VERIFY_CA cannot be
//!   either.
//! - 11.4 turns TLS and `--ssl-verify-server-cert` on by default (Zero-Configuration SSL,
//!   MDEV-31855); `--skip-ssl-verify-server-cert` turns verification off.
//!
//! - `--ssl-crl` / `--ssl-crlpath` (`include/sslopt-longopts.h`): Connector/C
//!   (`libmariadb/secure/openssl.c`) loads them into the verifying `X509_STORE` with
//!   `X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL`, so a certificate in the CRL file is
//!   trusted too, and every CA of the chain needs a CRL (`tests/realserver/crl_matrix.py`).
//!
//! - `--ssl-cert` / `--ssl-key` (`include/sslopt-longopts.h`; Connector/C `MYSQL_OPT_SSL_CERT`,
//!   `MYSQL_OPT_SSL_KEY`): the client certificate and key, PEM (one file may hold both), proved
//!   with users `REQUIRE X509` and `REQUIRE SUBJECT` by `tests/realserver/identity_matrix.py`.
//!
//! Proved against MariaDB 10.11 by `tests/realserver/`.

use super::mysql_cli::{command, flag, identity_options, opt, Opt};
use super::{crl, Ctx, Out, SslMode, Version};

const V: fn(u32, u32, u32) -> Version = Version::new;

/// The SSL options for MariaDB's client at the client version, and the mode they implement.
pub(crate) fn options(ctx: &Ctx, out: &mut Out, name: &str) -> (Vec<Opt>, SslMode) {
    let mut mode = ctx.mode();
    match mode {
        SslMode::Required => {
            mode = out.unsupported(
                ctx,
                name,
                SslMode::VerifyIdentity,
                "without certificate verification it silently falls back to plaintext when the \
                 server offers no TLS",
            )
        }
        SslMode::VerifyCa => {
            mode = out.unsupported(
                ctx,
                name,
                SslMode::VerifyIdentity,
                "ssl-verify-server-cert always checks the host name as well as the CA",
            )
        }
        _ => {}
    }
    let mut opts = Vec::new();
    match mode {
        SslMode::Disabled => opts.push(flag("skip-ssl")),
        SslMode::Preferred => {
            opts.push(flag("ssl"));
            opts.push(flag("skip-ssl-verify-server-cert"));
        }
        _ => {
            opts.push(flag("ssl"));
            opts.push(opt("ssl-ca", ctx.pem_ca(name, out)));
            opts.push(flag("ssl-verify-server-cert"));
        }
    }
    if let Some(crl) = crl::wanted(ctx, out, mode) {
        opts.extend(crl.file.map(|f| opt("ssl-crl", f)));
        opts.extend(crl.dir.map(|d| opt("ssl-crlpath", d)));
        crl::check_all_note(out, name);
    }
    identity_options(ctx, out, name, mode, &mut opts);
    if mode != SslMode::Disabled {
        if !ctx.tls.is_empty() {
            if ctx.client_at_least(V(10, 4, 6)) {
                opts.push(opt("tls-version", super::tls::mysql_list(&ctx.tls)));
            } else {
                out.warn(
                    "option_not_expressible",
                    format!("{name} before 10.4.6 has no tls-version; the TLS versions are left to the TLS library."),
                );
            }
        }
        if let Some(cipher) = &ctx.cipher {
            opts.push(opt("ssl-cipher", cipher.as_str()));
        }
    }
    if ctx.client_at_least(V(11, 4, 0)) {
        match mode {
            SslMode::Disabled | SslMode::Preferred => out.note(
                "From 11.4 MariaDB clients use TLS and verify the server certificate by default; \
                 skip-ssl / skip-ssl-verify-server-cert above turn that off explicitly.",
            ),
            _ => out.note(
                "From 11.4 MariaDB clients verify by default; ssl-verify-server-cert is kept so this \
                 means the same on older clients.",
            ),
        }
    } else if mode.verifies() {
        out.note(
            "On 11.4+ clients this keeps working; without ssl-ca, 11.4+ accepts a self-signed server \
             certificate only when its fingerprint matches the password-based check.",
        );
    }
    (opts, mode)
}

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let program = if ctx.client_before(V(10, 4, 6)) {
        "mysql"
    } else {
        "mariadb"
    };
    let (opts, _) = options(ctx, out, "mariadb");
    out.code = command(program, ctx, &opts);
    out.note(
        "-p prompts for the password; MYSQL_PWD or an option file (dbcert snippet --client my-cnf \
         --server-flavor mariadb) avoid the prompt.",
    );
}
