//! mysqlclient (`MySQLdb`), the C-based Python driver.
//!
//! Sources (shared/research/clients.md §2.8; `PyMySQL/mysqlclient src/MySQLdb/_mysql.c` 2.2.7):
//! `ssl_mode` (2.0.0+) and `ssl={"ca": …, "cipher": …}`. Built against Oracle's libmysqlclient
//! `ssl_mode` is `MYSQL_OPT_SSL_MODE` and exact; built against MariaDB Connector/C (Debian's and
//! Ubuntu's `libmysqlclient-dev`) it is emulated with `MYSQL_OPT_SSL_ENFORCE` (≥ REQUIRED) and
//! `MYSQL_OPT_SSL_VERIFY_SERVER_CERT` (≥ VERIFY_CA), which checks the host name too, and
//! Connector/C enforces TLS only when it verifies.
//!
//! - The `ssl` dict takes `ca`, `capath`, `cert`, `key`, `cipher` only (`_mysql.c`): `cert` and
//!   `key` are the client certificate and key (PEM), passed to `mysql_ssl_set` (1.x and 2.x); a CRL reaches
//!   the C library through an option file (`read_default_file`, group `[client]`: `ssl-crl`,
//!   `ssl-crlpath`), which both libraries read (`tests/realserver/crl_matrix.py`).
//!
//! Proved against a real server (built against MariaDB Connector/C) by `tests/realserver/`.

use super::pymysql::connect_call;
use super::quote::{option_file, python};
use super::{crl, with_extension, ClientLibrary, Ctx, Out, SslMode, Version};
use std::fmt::Write;

const V: fn(u32, u32, u32) -> Version = Version::new;

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let mariadb = ctx.o.client_library == Some(ClientLibrary::Mariadb);
    let name = if mariadb {
        "mysqlclient on MariaDB Connector/C"
    } else {
        "mysqlclient"
    };
    let mut mode = ctx.mode();
    if ctx.client_before(V(2, 0, 0)) && mode != SslMode::Disabled {
        out.needs_version(ctx, "mysqlclient", "2.0.0", "ssl_mode was added in 2.0.0");
    }
    if mariadb {
        match mode {
            SslMode::Preferred => {
                mode = out.unsupported(
                    ctx,
                    name,
                    SslMode::VerifyIdentity,
                    "the emulated PREFERRED and REQUIRED fall back to plaintext, as Connector/C \
                     enforces TLS only when it verifies",
                )
            }
            SslMode::Required => mode = out.unsupported(
                ctx,
                name,
                SslMode::VerifyIdentity,
                "Connector/C enforces TLS only when it verifies the certificate, so the emulated \
                     REQUIRED falls back to plaintext",
            ),
            SslMode::VerifyCa => {
                mode = out.unsupported(
                    ctx,
                    name,
                    SslMode::VerifyIdentity,
                    "MYSQL_OPT_SSL_VERIFY_SERVER_CERT checks the host name as well as the CA",
                )
            }
            _ => {}
        }
    }
    let mut kw: Vec<(String, String)> = vec![("ssl_mode".into(), python(mode.as_str()))];
    let mut ssl: Vec<String> = Vec::new();
    if mode.verifies() {
        ssl.push(format!("\"ca\": {}", python(&ctx.pem_ca(name, out))));
    }
    if let Some(id) = super::identity::pem(ctx, out, mode, name) {
        ssl.push(format!("\"cert\": {}", python(&id.cert)));
        ssl.push(format!("\"key\": {}", python(&id.key)));
    }
    if let (Some(c), true) = (&ctx.cipher, mode != SslMode::Disabled) {
        ssl.push(format!("\"cipher\": {}", python(c)));
    }
    if !ssl.is_empty() {
        kw.push(("ssl".into(), format!("{{{}}}", super::join(&ssl, ", "))));
    }
    let mut code = String::from("import MySQLdb\n\n");
    if let Some(crl) = crl::wanted(ctx, out, mode) {
        let cnf = with_extension(crl.paths()[0], "cnf");
        let _ = writeln!(
            code,
            "# mysqlclient's ssl= takes no CRL: the C library reads it from an option file,\n# {cnf}:\n#   [client]"
        );
        for (k, v) in [("ssl-crl", &crl.file), ("ssl-crlpath", &crl.dir)] {
            if let Some(v) = v {
                let _ = writeln!(code, "#   {k}={}", option_file(v));
            }
        }
        kw.push(("read_default_file".into(), python(&cnf)));
        crl::check_all_note(out, name);
    }
    if !ctx.tls.is_empty() && mode != SslMode::Disabled {
        out.warn(
            "option_not_expressible",
            "mysqlclient has no TLS-version argument; set tls-version in an option file and pass read_default_file.",
        );
    }
    code.push_str(&connect_call(
        ctx,
        "conn",
        "MySQLdb.connect",
        "database",
        &kw,
    ));
    out.code = code;
    if ctx.o.client_library.is_none()
        && matches!(
            mode,
            SslMode::Preferred | SslMode::Required | SslMode::VerifyCa
        )
    {
        out.warn(
            "client_library_dependent",
            format!(
                "This is exact when mysqlclient is built against Oracle's libmysqlclient. Built against \
                 MariaDB Connector/C (what Debian's and Ubuntu's libmysqlclient-dev install), {} is \
                 emulated and weaker; generate with --client-library mariadb for that build.",
                mode
            ),
        );
    }
}
