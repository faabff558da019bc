//! MySQL Connector/J through `MysqlDataSource`, as vendor pages show it, with the SSL properties
//! set right.
//!
//! Sources: the DataSource setters are generated at build time from the property names
//! (`mysql/mysql-connector-j src/build/java/instrumentation/AddMethods.java`): `setSslMode(String)`,
//! `setTrustCertificateKeyStoreUrl(String)`, …; boolean properties take a `boolean`. The class is
//! `com.mysql.cj.jdbc.MysqlDataSource` from 8.0, `com.mysql.jdbc.jdbc2.optional.MysqlDataSource`
//! in 5.1. Properties: see `connector_j`.
//!
//! Proved against a real server by `tests/realserver/`.

use super::connector_j::props;
use super::quote::java;
use super::{Ctx, Out};
use std::fmt::Write;

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let p = props(ctx, out, "Connector/J");
    let class = if p.v5 {
        "com.mysql.jdbc.jdbc2.optional.MysqlDataSource"
    } else {
        "com.mysql.cj.jdbc.MysqlDataSource"
    };
    let mut code = format!(
        "// Maven: {}\nimport java.sql.Connection;\nimport {class};\n\n",
        p.maven
    );
    code.push_str("MysqlDataSource ds = new MysqlDataSource();\n");
    let _ = writeln!(code, "ds.setServerName({});", java(&ctx.host));
    let _ = writeln!(code, "ds.setPortNumber({});", ctx.port);
    if let Some(db) = &ctx.database {
        let _ = writeln!(code, "ds.setDatabaseName({});", java(db));
    }
    let _ = writeln!(code, "ds.setUser({});", java(&ctx.user));
    let _ = writeln!(code, "ds.setPassword({});", java(&ctx.password));
    for (k, v) in &p.props {
        let mut chars = k.chars();
        let setter: String = chars
            .next()
            .map(|c| c.to_ascii_uppercase())
            .into_iter()
            .chain(chars)
            .collect();
        let value = if v == "true" || v == "false" {
            v.clone()
        } else {
            java(v)
        };
        let _ = writeln!(code, "ds.set{setter}({value});");
    }
    code.push_str("Connection conn = ds.getConnection();\n");
    out.code = super::crl::after_imports(&code, &super::crl::jdk_lines(ctx, out, "Connector/J"));
}
