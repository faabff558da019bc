//! MySQL Connector/J as a JDBC URL with `DriverManager` (options: see `connector_j`).
//!
//! Proved against a real server by `tests/realserver/`: the runner hoists the `import` lines,
//! wraps the rest in `main` and queries `Ssl_cipher` on `conn`.

use super::connector_j::{props, url};
use super::quote::java;
use super::{Ctx, Out};
use std::fmt::Write;

/// Java code that builds `url` piece by piece and opens `conn` with `DriverManager`.
pub(crate) fn driver_manager_code(ctx: &Ctx, maven: &str, url: &str) -> String {
    let mut code = format!(
        "// Maven: {maven}\nimport java.sql.Connection;\nimport java.sql.DriverManager;\n\n"
    );
    let (base, query) = match url.bytes().position(|b| b == b'?') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let _ = write!(code, "String url = {}", java(base));
    let mut rest = query;
    while !rest.is_empty() {
        let next = rest
            .get(1..)
            .and_then(|r| r.bytes().position(|b| b == b'&'))
            .map_or(rest.len(), |i| i + 1);
        let (piece, tail) = rest.split_at(next);
        let _ = write!(code, "\n        + {}", java(piece));
        rest = tail;
    }
    code.push_str(";\n");
    let _ = writeln!(
        code,
        "Connection conn = DriverManager.getConnection(url, {}, {});",
        java(&ctx.user),
        java(&ctx.password)
    );
    code
}

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let p = props(ctx, out, "Connector/J");
    let code = driver_manager_code(ctx, &p.maven, &url(ctx, &p));
    out.code = super::crl::after_imports(&code, &super::crl::jdk_lines(ctx, out, "Connector/J"));
}
