//! mysqlclient (`MySQLdb`), the C-based Python driver.
//!
//! Sources (shared/research/clients.md §2.8; `PyMySQL/mysqlclient src/MySQLdb/_mysql.c` 2.2.7):
//! `ssl_mode` (2.0.0+) and `ssl={"ca": …, "cipher": …}`. Built against Oracle's libmysqlclient
//! `ssl_mode` is `MYSQL_OPT_SSL_MODE` and exact; built against MariaDB Connector/C (Debian's and
//! Ubuntu's `libmysqlclient-dev`) it is emulated with `MYSQL_OPT_SSL_ENFORCE` (≥ REQUIRED) and
//! `MYSQL_OPT_SSL_VERIFY_SERVER_CERT` (≥ VERIFY_CA), which checks the host name too, and
//! Connector/C enforces TLS only when it verifies.
//!
//! Proved against a real server (built against MariaDB Connector/C) by `tests/realserver/`.

use super::pymysql::connect_call;
use super::quote::python;
use super::{ClientLibrary, Ctx, Out, SslMode, Version};

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
    if let (Some(c), true) = (&ctx.cipher, mode != SslMode::Disabled) {
        ssl.push(format!("\"cipher\": {}", python(c)));
    }
    if !ssl.is_empty() {
        kw.push(("ssl".into(), format!("{{{}}}", super::join(&ssl, ", "))));
    }
    if !ctx.tls.is_empty() && mode != SslMode::Disabled {
        out.warn(
            "option_not_expressible",
            "mysqlclient has no TLS-version argument; set tls-version in an option file and pass read_default_file.",
        );
    }
    let mut code = String::from("import MySQLdb\n\n");
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
