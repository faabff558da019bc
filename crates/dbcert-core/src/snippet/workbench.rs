//! MySQL Workbench: which settings to pick in the connection editor (text, not code).
//!
//! Sources: the connection editor's "Use SSL" choices No / If available / Require / Require and
//! Verify CA / Require and Verify Identity, and its SSL CA File and SSL Cipher fields, map to
//! libmysqlclient's ssl-mode, ssl-ca and ssl-cipher (MySQL Workbench manual, "Standard TCP/IP
//! Connection Method", SSL tab; the same five choices appear as "SSL Mode" in MySQL Shell for VS
//! Code, https://dev.mysql.com/doc/mysql-shell-gui/en/configure-ssl-connection.html).
//!
//! - CRLs: no field on the SSL tab; Advanced → Others passes Connector/C++ options, one
//!   `name=value` a line, among them `sslCRL=FILE` and `sslCRLPath=DIR`
//!   (`mysql/mysql-workbench modules/db.mysql/res/mysql_rdbms_info.xml@8.0.36`, the "Others"
//!   parameter; docs/revocation.md).
//!
//! - Client certificates: the SSL tab's "SSL Key File" and "SSL CERT File" fields, libmysqlclient's
//!   ssl-key and ssl-cert (the same manual page), PEM.
//!
//! Golden tests only (a GUI).

use super::{Ctx, Out, SslMode};
use std::fmt::Write;

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let choice = match ctx.mode() {
        SslMode::Disabled => "No",
        SslMode::Preferred => "If available",
        SslMode::Required => "Require",
        SslMode::VerifyCa => "Require and Verify CA",
        SslMode::VerifyIdentity => "Require and Verify Identity",
    };
    let mut code =
        String::from("MySQL Workbench > Database > Manage Connections > (your connection)\n\n");
    code.push_str("Parameters tab\n");
    let _ = write!(
        code,
        "  Connection Method: Standard (TCP/IP)\n  Hostname:          {}\n",
        ctx.host
    );
    let _ = write!(
        code,
        "  Port:              {}\n  Username:          {}\n",
        ctx.port, ctx.user
    );
    if let Some(db) = &ctx.database {
        let _ = writeln!(code, "  Default Schema:    {db}");
    }
    code.push_str("\nSSL tab\n");
    let _ = writeln!(code, "  Use SSL:           {choice}");
    if ctx.mode().verifies() {
        let _ = writeln!(
            code,
            "  SSL CA File:       {}",
            ctx.pem_ca("MySQL Workbench", out)
        );
    }
    match super::identity::pem(ctx, out, ctx.mode(), "MySQL Workbench") {
        Some(id) => {
            let _ = writeln!(code, "  SSL CERT File:     {}", id.cert);
            let _ = writeln!(code, "  SSL Key File:      {}", id.key);
        }
        None => {
            code.push_str(
                "  SSL CERT File:     (empty unless the server requires a client certificate)\n",
            );
            code.push_str(
                "  SSL Key File:      (empty unless the server requires a client certificate)\n",
            );
        }
    }
    if let (Some(c), true) = (&ctx.cipher, ctx.mode() != SslMode::Disabled) {
        let _ = writeln!(code, "  SSL Cipher:        {c}");
    }
    if let Some(crl) = super::crl::wanted(ctx, out, ctx.mode()) {
        code.push_str("\nAdvanced tab\n  Others:            (one option a line)\n");
        if let Some(f) = &crl.file {
            let _ = writeln!(code, "                     sslCRL={f}");
        }
        if let Some(d) = &crl.dir {
            let _ = writeln!(code, "                     sslCRLPath={d}");
        }
        super::crl::check_all_note(out, "Workbench's client library");
    }
    out.code = code;
    if !ctx.tls.is_empty() {
        out.warn(
            "option_not_expressible",
            "The connection editor has no TLS version field; the versions are left to Workbench's client library.",
        );
    }
    out.note("Click Test Connection: Workbench reports whether SSL is in use.");
}
