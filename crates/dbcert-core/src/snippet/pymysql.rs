//! PyMySQL.
//!
//! Sources (shared/research/clients.md §2.6; `PyMySQL/PyMySQL pymysql/connections.py` at v1.1.2
//! and v1.2.4, read in the installed packages):
//! - Keyword arguments `ssl_ca`, `ssl_verify_cert`, `ssl_verify_identity`, `ssl_disabled` (1.0+);
//!   `ssl=` also takes an `ssl.SSLContext`, used as is. Any other dict key, `mode` included, is
//!   ignored, and with a CA the dict form checks the host name: the vendor example
//!   `ssl={'ca': …, 'mode': 'VERIFY_CA'}` runs as VERIFY_IDENTITY.
//! - `ssl_ca` alone verifies nothing (CERT_NONE).
//! - Up to 1.1.x TLS is used only `if self.ssl and self.server_capabilities & CLIENT.SSL`: any
//!   option falls back to plaintext silently. 1.2.0 made any SSL option REQUIRED
//!   (`_ssl_required`, "SSL is required but the server doesn't support it") and TLS without
//!   options PREFERRED.
//! - No TLS-version option: an `ssl.SSLContext` sets `minimum_version`/`maximum_version`.
//! - No CRL option either: the `ssl.SSLContext` loads the CRLs with `load_verify_locations` and
//!   checks the whole chain with `ssl.VERIFY_CRL_CHECK_CHAIN` (Python `ssl` documentation,
//!   "SSLContext.verify_flags"), OpenSSL's CRL_CHECK | CRL_CHECK_ALL as the C clients set it.
//!
//! - Client certificate: the keyword arguments `ssl_cert` and `ssl_key` (1.0.0+, beside
//!   `ssl_key_password` from 1.1.1; clients.md §2.6), or `load_cert_chain(certfile, keyfile)` on
//!   the `ssl.SSLContext` when the code builds one. Like any SSL option they make TLS required
//!   from 1.2.0, so PREFERRED with a client certificate is not expressible there.
//!
//! Proved against a real server (1.1.2 and the latest) by `tests/realserver/`.

use super::quote::python;
use super::tls::is_contiguous;
use super::{crl, Ctx, Out, SslMode, TlsVersion, Version};
use std::fmt::Write;

const V: fn(u32, u32, u32) -> Version = Version::new;

/// Python code for the SSL part of a PyMySQL connection: lines to put before the call (they use
/// the `ssl` module when not empty), and the keyword arguments.
pub(crate) struct PySsl {
    pub preamble: String,
    pub kwargs: Vec<(String, String)>,
}

fn py_tls(v: TlsVersion) -> &'static str {
    match v {
        TlsVersion::Tls10 => "ssl.TLSVersion.TLSv1",
        TlsVersion::Tls11 => "ssl.TLSVersion.TLSv1_1",
        TlsVersion::Tls12 => "ssl.TLSVersion.TLSv1_2",
        TlsVersion::Tls13 => "ssl.TLSVersion.TLSv1_3",
    }
}

/// Lines that limit an `ssl.SSLContext` named `ctx` to the requested TLS versions and cipher.
pub(crate) fn context_limits(ctx: &Ctx, out: &mut Out, client: &str) -> String {
    let mut s = String::new();
    if let (Some(min), Some(max)) = (ctx.tls.first(), ctx.tls.last()) {
        if !is_contiguous(&ctx.tls) {
            out.warn(
                "option_not_expressible",
                format!("{client} takes a TLS version range: {min} to {max} is used, including the versions between."),
            );
        }
        let _ = write!(
            s,
            "ctx.minimum_version = {}\nctx.maximum_version = {}\n",
            py_tls(*min),
            py_tls(*max)
        );
    }
    if let Some(c) = &ctx.cipher {
        let _ = writeln!(s, "ctx.set_ciphers({})", python(c));
    }
    s
}

/// Lines that load `crl` into an `ssl.SSLContext` named `ctx` and check the whole chain.
pub(crate) fn context_crl(crl: &crl::Crl) -> String {
    let mut s = String::new();
    if let Some(f) = &crl.file {
        let _ = writeln!(s, "ctx.load_verify_locations(cafile={})", python(f));
    }
    if let Some(d) = &crl.dir {
        let _ = writeln!(s, "ctx.load_verify_locations(capath={})", python(d));
    }
    s.push_str("ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_CHAIN\n");
    s
}

/// The line that loads the client certificate and key into an `ssl.SSLContext` named `ctx`. The
/// identity code is compiled only with the `snippet-identity` feature: an `Option<Pem>` that is
/// always `None` still costs the widget's module its branches (W9).
#[cfg(feature = "snippet-identity")]
fn context_identity(id: Option<super::identity::Pem>) -> String {
    match id {
        Some(id) => format!(
            "ctx.load_cert_chain(certfile={}, keyfile={})\n",
            python(&id.cert),
            python(&id.key)
        ),
        None => String::new(),
    }
}

/// The SSL arguments for PyMySQL `version` (None: latest).
pub(crate) fn ssl_args(ctx: &Ctx, out: &mut Out, version: Option<Version>, client: &str) -> PySsl {
    let at_least = |v: Version| version.is_none_or_ge(v);
    let strict = at_least(V(1, 2, 0));
    let mode = ctx.mode();
    #[cfg(feature = "snippet-identity")]
    let mut id = super::identity::pem(ctx, out, mode, client);
    #[cfg(feature = "snippet-identity")]
    let mode = if mode == SslMode::Preferred && strict && id.is_some() {
        out.unsupported(
            ctx,
            client,
            SslMode::Required,
            "from 1.2.0 any SSL option, the client certificate included, makes TLS required",
        )
    } else {
        mode
    };
    if mode.requires_tls() && !strict {
        out.needs_version(
            ctx,
            client,
            "1.2.0",
            "before 1.2.0 PyMySQL silently falls back to plaintext when the server offers no TLS, \
             whatever the SSL options, so no mode is enforced",
        );
    }
    let mut kwargs: Vec<(String, String)> = Vec::new();
    let mut preamble = String::new();
    let limits = !ctx.tls.is_empty() || ctx.cipher.is_some();
    let crl = crl::wanted(ctx, out, mode);
    let kw = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    match mode {
        SslMode::Disabled => {
            if at_least(V(1, 0, 0)) {
                kwargs.push(kw("ssl_disabled", "True"));
            }
        }
        SslMode::Preferred if strict => {
            if limits {
                out.warn(
                    "option_not_expressible",
                    "PyMySQL 1.2+ can limit TLS versions or ciphers only through ssl=SSLContext, which makes TLS required; PREFERRED keeps the defaults.",
                );
            }
            out.note("PyMySQL 1.2+ tries TLS by default and falls back to plaintext: PREFERRED needs no option.");
        }
        SslMode::Preferred | SslMode::Required => {
            // An SSLContext that verifies nothing: required from 1.2.0, a fallback before.
            preamble.push_str("ctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n");
            #[cfg(feature = "snippet-identity")]
            preamble.push_str(&context_identity(id.take()));
            preamble.push_str(&context_limits(ctx, out, client));
            kwargs.push(kw("ssl", "ctx"));
        }
        SslMode::VerifyCa | SslMode::VerifyIdentity => {
            let ca = python(&ctx.pem_ca(client, out));
            if limits || crl.is_some() {
                let _ = writeln!(preamble, "ctx = ssl.create_default_context(cafile={ca})");
                if let Some(crl) = &crl {
                    preamble.push_str(&context_crl(crl));
                    crl::check_all_note(out, client);
                }
                if mode == SslMode::VerifyCa {
                    preamble.push_str("ctx.check_hostname = False\n");
                }
                #[cfg(feature = "snippet-identity")]
                preamble.push_str(&context_identity(id.take()));
                preamble.push_str(&context_limits(ctx, out, client));
                kwargs.push(kw("ssl", "ctx"));
            } else {
                kwargs.push(kw("ssl_ca", &ca));
                #[cfg(feature = "snippet-identity")]
                if let Some(id) = id.take() {
                    kwargs.push(kw("ssl_cert", &python(&id.cert)));
                    kwargs.push(kw("ssl_key", &python(&id.key)));
                }
                kwargs.push(kw("ssl_verify_cert", "True"));
                if mode == SslMode::VerifyIdentity {
                    kwargs.push(kw("ssl_verify_identity", "True"));
                }
            }
        }
    }
    if !preamble.is_empty() {
        preamble.push('\n');
    }
    if mode == SslMode::VerifyCa {
        out.note(
            "Not ssl={'ca': …, 'mode': 'VERIFY_CA'}: PyMySQL ignores 'mode' and, with a CA, checks the \
             host name too (VERIFY_IDENTITY).",
        );
    }
    PySsl { preamble, kwargs }
}

trait GeOrNone {
    fn is_none_or_ge(&self, v: Version) -> bool;
}

impl GeOrNone for Option<Version> {
    fn is_none_or_ge(&self, v: Version) -> bool {
        match self {
            Some(x) => *x >= v,
            None => true,
        }
    }
}

/// `name = module.func(\n    k=v,\n)` with the connection arguments first.
pub(crate) fn connect_call(
    ctx: &Ctx,
    target: &str,
    func: &str,
    db_kw: &str,
    extra: &[(String, String)],
) -> String {
    let mut s = format!("{target} = {func}(\n");
    let _ = write!(
        s,
        "    host={},\n    port={},\n",
        python(&ctx.host),
        ctx.port
    );
    let _ = write!(
        s,
        "    user={},\n    password={},\n",
        python(&ctx.user),
        python(&ctx.password)
    );
    if let Some(db) = &ctx.database {
        let _ = writeln!(s, "    {db_kw}={},", python(db));
    }
    for (k, v) in extra {
        let _ = writeln!(s, "    {k}={v},");
    }
    s.push_str(")\n");
    s
}

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let ssl = ssl_args(ctx, out, ctx.client_version, "PyMySQL");
    let mut code = String::from("import pymysql\n");
    if !ssl.preamble.is_empty() {
        code.push_str("import ssl\n");
    }
    code.push('\n');
    code.push_str(&ssl.preamble);
    code.push_str(&connect_call(
        ctx,
        "conn",
        "pymysql.connect",
        "database",
        &ssl.kwargs,
    ));
    out.code = code;
}
