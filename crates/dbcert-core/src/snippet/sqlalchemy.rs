//! SQLAlchemy with the PyMySQL driver (`mysql+pymysql`), SSL passed through `connect_args`.
//!
//! Sources: `URL.create` (SQLAlchemy 1.4+) avoids escaping the password into a URL string;
//! `connect_args` go to `pymysql.connect` unchanged (SQLAlchemy "Engine Configuration", "Custom
//! DBAPI connect() arguments"); the PyMySQL rules are in `pymysql`. The client version here is
//! SQLAlchemy's, so PyMySQL is assumed current (1.2+).
//!
//! Proved against a real server by `tests/realserver/`.

use super::pymysql::ssl_args;
use super::quote::python;
use super::{Ctx, Out};
use std::fmt::Write;

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let ssl = ssl_args(ctx, out, None, "PyMySQL");
    let mut code = String::new();
    if !ssl.preamble.is_empty() {
        code.push_str("import ssl\n\n");
    }
    code.push_str("from sqlalchemy import create_engine\nfrom sqlalchemy.engine import URL\n\n");
    code.push_str(&ssl.preamble);
    code.push_str("url = URL.create(\n    \"mysql+pymysql\",\n");
    let _ = write!(
        code,
        "    username={},\n    password={},\n",
        python(&ctx.user),
        python(&ctx.password)
    );
    let _ = write!(
        code,
        "    host={},\n    port={},\n",
        python(&ctx.host),
        ctx.port
    );
    if let Some(db) = &ctx.database {
        let _ = writeln!(code, "    database={},", python(db));
    }
    code.push_str(")\n");
    if ssl.kwargs.is_empty() {
        code.push_str("engine = create_engine(url)\n");
    } else {
        code.push_str("engine = create_engine(\n    url,\n    connect_args={\n");
        for (k, v) in &ssl.kwargs {
            let _ = writeln!(code, "        {}: {v},", python(k));
        }
        code.push_str("    },\n)\n");
    }
    out.code = code;
    if ctx.mode().requires_tls() {
        out.note("Needs PyMySQL 1.2.0 or later: older versions fall back to plaintext when the server offers no TLS.");
    }
}
