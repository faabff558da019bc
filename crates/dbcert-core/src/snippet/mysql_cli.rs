//! Oracle's `mysql` command-line client (and mysqldump, mysqladmin, … which share the options).
//!
//! Sources (shared/research/clients.md §2.1):
//! - `--ssl-mode=DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY` from 5.7.11 (WL#8785);
//!   `--ssl`, `--skip-ssl`, `--ssl-verify-server-cert` deprecated then, removed in 8.0 (WL#9091).
//! - 5.6.30 backported `--ssl-mode=REQUIRED` only; in 5.6 `--ssl-ca` sets `opt_use_ssl` and keeps
//!   the CA (`mysql/mysql-server include/sslopt-case.h`, 5.6 branch), and the connector verifies
//!   the peer whenever a CA is set (`vio/viosslfactories.c`). Before 5.6.30 nothing forces TLS.
//! - 5.7 before 5.7.11: `--ssl` "enforces that SSL is established" (`include/sslopt-longopts.h`).
//! - `--ssl-mode` below VERIFY_CA with `--ssl-ca` drops the CA with only a warning
//!   (`client/include/sslopt-vars.h set_client_ssl_options`), so the CA is never emitted then.
//! - `--tls-version` from 5.7.10, `--tls-ciphersuites` (TLS 1.3 suites) from 8.0.16.
//! - `--ssl-crl` / `--ssl-crlpath` from 5.6.3 (MySQL 5.6 manual, "Command Options for Secure
//!   Connections"): `vio/viosslfactories.c` loads them into the verifying `X509_STORE`
//!   (`X509_STORE_load_locations`) with `X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL`;
//!   builds on yaSSL (community 5.6 before 5.6.46, 5.7 before 5.7.28: MySQL manual "SSL Library
//!   Support") have no CRL support.
//! - `--ssl-cert` / `--ssl-key` (the client certificate and its key, PEM): in every version this
//!   module writes (MySQL 5.6 manual, "Command Options for Secure Connections"; clients.md §2.1),
//!   loaded with `SSL_CTX_use_certificate_chain_file` / `SSL_CTX_use_PrivateKey_file`
//!   (`vio/viosslfactories.c`), so one PEM file holding both may be given to each.
//!
//! Not runnable on the Debian test machine (Debian ships MariaDB's client): golden tests only.

use super::quote::{option_file, shell};
use super::{crl, identity, Ctx, Out, SslMode, Version};

const V: fn(u32, u32, u32) -> Version = Version::new;

/// One command-line option, `--name` or `--name=value` (the value unquoted).
pub(crate) struct Opt {
    pub name: &'static str,
    pub value: Option<String>,
}

pub(crate) fn flag(name: &'static str) -> Opt {
    Opt { name, value: None }
}

pub(crate) fn opt(name: &'static str, value: impl Into<String>) -> Opt {
    Opt {
        name,
        value: Some(value.into()),
    }
}

/// Builds a multi-line shell command: connection options first, then one option a line.
pub(crate) fn command(program: &str, ctx: &Ctx, opts: &[Opt]) -> String {
    let mut out = format!(
        "{program} --host={} --port={} --user={} -p",
        shell(&ctx.host),
        ctx.port,
        shell(&ctx.user)
    );
    for o in opts {
        out.push_str(" \\\n  --");
        out.push_str(o.name);
        if let Some(v) = &o.value {
            out.push('=');
            out.push_str(&shell(v));
        }
    }
    if let Some(db) = &ctx.database {
        out.push_str(" \\\n  ");
        out.push_str(&shell(db));
    }
    out.push('\n');
    out
}

/// The same options as option-file lines (`loose_prefix` is put before the names it lists).
pub(crate) fn option_lines(opts: &[Opt], loose: &[&str]) -> String {
    let mut out = String::new();
    for o in opts {
        if loose.contains(&o.name) {
            out.push_str("loose-");
        }
        out.push_str(o.name);
        if let Some(v) = &o.value {
            out.push('=');
            out.push_str(&option_file(v));
        }
        out.push('\n');
    }
    out
}

/// The SSL options for Oracle's client at the client version (`name` is used in messages).
pub(crate) fn options(ctx: &Ctx, out: &mut Out, name: &str) -> Vec<Opt> {
    let cv = ctx.client_version;
    let mut opts = Vec::new();
    let modern = ctx.client_at_least(V(5, 7, 11));
    let legacy57 = !modern && cv.is_some_and(|v| v >= V(5, 7, 0));
    let mut mode = ctx.mode();
    if modern {
        opts.push(opt("ssl-mode", mode.as_str()));
    } else if legacy57 {
        if mode == SslMode::Preferred {
            mode = out.unsupported(
                ctx,
                &format!("{name} 5.7 before 5.7.11"),
                SslMode::Required,
                "--ssl enforces TLS there and there is no --ssl-mode",
            );
        }
        match mode {
            SslMode::Disabled => opts.push(flag("skip-ssl")),
            SslMode::Preferred => {}
            _ => opts.push(flag("ssl")),
        }
    } else {
        // 5.6 and older.
        if mode.requires_tls() && ctx.client_before(V(5, 6, 30)) {
            out.needs_version(
                ctx,
                name,
                "5.6.30",
                "before 5.6.30 no option makes TLS mandatory, so a man in the middle can strip it \
                 (BACKRONYM, CVE-2015-3152)",
            );
        }
        match mode {
            SslMode::Disabled => opts.push(flag("skip-ssl")),
            SslMode::Preferred => opts.push(flag("ssl")),
            _ => opts.push(opt("ssl-mode", "REQUIRED")),
        }
    }
    if mode.verifies() {
        opts.push(opt("ssl-ca", ctx.pem_ca(name, out)));
        if !modern && mode == SslMode::VerifyIdentity {
            opts.push(flag("ssl-verify-server-cert"));
        }
    }
    crl_options(ctx, out, name, mode, &mut opts);
    identity_options(ctx, out, name, mode, &mut opts);
    if mode != SslMode::Disabled {
        if !ctx.tls.is_empty() {
            if ctx.client_at_least(V(5, 7, 10)) {
                opts.push(opt("tls-version", super::tls::mysql_list(&ctx.tls)));
            } else {
                out.warn(
                    "option_not_expressible",
                    format!("{name} before 5.7.10 has no tls-version; the TLS versions are left to the client library."),
                );
            }
        }
        if let Some(cipher) = &ctx.cipher {
            if cipher.starts_with("TLS_") && ctx.client_at_least(V(8, 0, 16)) {
                opts.push(opt("tls-ciphersuites", cipher.as_str()));
            } else {
                opts.push(opt("ssl-cipher", cipher.as_str()));
            }
        }
    }
    if modern && mode.verifies() {
        out.note(
            "Keep ssl-mode explicit: with ssl-ca alone mysql silently assumes VERIFY_CA, and any \
             ssl-mode below VERIFY_CA makes it drop ssl-ca.",
        );
    }
    opts
}

/// `--ssl-cert` / `--ssl-key` for the C clients (Oracle's and MariaDB's), when an identity is
/// given and `mode` uses TLS.
pub(crate) fn identity_options(
    ctx: &Ctx,
    out: &mut Out,
    name: &str,
    mode: SslMode,
    opts: &mut Vec<Opt>,
) {
    if let Some(id) = identity::pem(ctx, out, mode, name) {
        opts.push(opt("ssl-cert", id.cert));
        opts.push(opt("ssl-key", id.key));
    }
}

/// `--ssl-crl` / `--ssl-crlpath` for Oracle's client, when asked for and the version has them.
fn crl_options(ctx: &Ctx, out: &mut Out, name: &str, mode: SslMode, opts: &mut Vec<Opt>) {
    if ctx.client_before(V(5, 6, 3)) {
        return crl::not_expressible(
            ctx,
            out,
            mode,
            name,
            "--ssl-crl and --ssl-crlpath arrived in 5.6.3",
        );
    }
    let Some(crl) = crl::wanted(ctx, out, mode) else {
        return;
    };
    opts.extend(crl.file.map(|f| opt("ssl-crl", f)));
    opts.extend(crl.dir.map(|d| opt("ssl-crlpath", d)));
    let yassl = ctx
        .client_version
        .is_some_and(|v| v < V(5, 6, 46) || (v >= V(5, 7, 0) && v < V(5, 7, 28)));
    if yassl {
        out.warn(
            "option_not_expressible",
            format!(
                "{name} {} community builds use yaSSL, which has no CRL support: the CRL options \
                 are checked only by builds on OpenSSL (Enterprise, 5.6.46+, 5.7.28+, 8.0).",
                ctx.client_version
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            ),
        );
    }
    crl::check_all_note(out, name);
}

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let opts = options(ctx, out, "mysql");
    out.code = command("mysql", ctx, &opts);
    out.note("-p prompts for the password; MYSQL_PWD or an option file (dbcert snippet --client my-cnf) avoid the prompt.");
    out.note("MariaDB's own client has no --ssl-mode: use --client mariadb-cli for it.");
}
