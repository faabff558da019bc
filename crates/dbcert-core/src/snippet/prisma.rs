//! Prisma ORM (MySQL connection URL).
//!
//! Sources (shared/research/clients.md §2.14; `prisma/docs
//! content/200-orm/050-overview/500-databases/400-mysql.mdx`, quaint `mysql/url.rs`): `sslcert`
//! is the server CA, relative to the folder of `schema.prisma`; `sslaccept=strict` verifies the
//! certificate and the host name, `accept_invalid_certs` (the default once TLS is on) verifies
//! nothing; any `ssl*` parameter turns TLS on. No VERIFY_CA and no PREFERRED.
//!
//! - Client certificate: `sslidentity` (a PKCS#12 file, relative to the same folder) and
//!   `sslpassword` (its password): the same page, "Configuring an SSL connection"
//!   (https://www.prisma.io/docs/orm/overview/databases/mysql); no PEM pair.
//!
//! Golden tests only (the query engine is a downloaded binary).

use super::quote::{host_port, url_query, url_userinfo};
use super::{Ctx, Out, SslMode, TruststoreType};
use std::fmt::Write;

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let name = "Prisma";
    let mut mode = ctx.mode();
    match mode {
        SslMode::Preferred => {
            mode = out.unsupported(
                ctx,
                name,
                SslMode::Required,
                "any ssl parameter makes TLS mandatory, and without one TLS is off",
            )
        }
        SslMode::VerifyCa => {
            mode = out.unsupported(
                ctx,
                name,
                SslMode::VerifyIdentity,
                "sslaccept=strict checks the host name as well as the CA",
            )
        }
        _ => {}
    }
    let mut url = format!(
        "mysql://{}:{}@{}/",
        url_userinfo(&ctx.user),
        url_userinfo(&ctx.password),
        host_port(&ctx.host, ctx.port)
    );
    if let Some(db) = &ctx.database {
        url.push_str(&url_userinfo(db));
    }
    match mode {
        SslMode::Disabled | SslMode::Preferred => {}
        SslMode::Required => url.push_str("?sslaccept=accept_invalid_certs"),
        SslMode::VerifyCa | SslMode::VerifyIdentity => {
            let ca = ctx.pem_ca(name, out);
            let _ = write!(url, "?sslcert={}&sslaccept=strict", url_query(&ca));
            out.note("sslcert is resolved relative to the folder holding schema.prisma (usually prisma/), not the working directory.");
        }
    }
    let p12 = [TruststoreType::Pkcs12];
    if let Some(ks) = super::identity::keystore(ctx, out, mode, name, &p12) {
        // The mode's parameters came first, when it has any (every mode but DISABLED, which
        // takes no identity, and PREFERRED, which is not expressible).
        let sep = if mode.requires_tls() { '&' } else { '?' };
        let _ = write!(
            url,
            "{sep}sslidentity={}&sslpassword={}",
            url_query(&ks.path),
            url_query(&ks.password)
        );
        out.note(
            "sslidentity, like sslcert, is resolved relative to the folder holding schema.prisma.",
        );
    }
    out.code = format!("# .env\nDATABASE_URL=\"{url}\"\n");
    if (!ctx.tls.is_empty() || ctx.cipher.is_some()) && mode != SslMode::Disabled {
        out.warn(
            "option_not_expressible",
            "The Prisma URL has no TLS-version or cipher parameter.",
        );
    }
    out.note("With a driver adapter (@prisma/adapter-mariadb, mysql2) use that driver's SSL options instead: see --client mysql2.");
    super::crl::not_expressible(
        ctx,
        out,
        mode,
        "Prisma",
        "the MySQL URL has no CRL parameter (sslcert, sslidentity, sslpassword, sslaccept only)",
    );
}
