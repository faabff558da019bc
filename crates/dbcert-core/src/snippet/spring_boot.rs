//! Spring Boot `application.properties` for Connector/J (`spring.datasource.url`, `.username`,
//! `.password`, `.driver-class-name`: Spring Boot "Data Access" how-to; properties: see
//! `connector_j`).
//!
//! Proved by `tests/realserver/`, which opens `spring.datasource.url` with Connector/J.

use super::connector_j::{props, url};
use super::quote::properties;
use super::{Ctx, Out};
use std::fmt::Write;

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let p = props(ctx, out, "Connector/J");
    let mut code = format!("# Maven: {}\n", p.maven);
    let _ = writeln!(code, "spring.datasource.url={}", properties(&url(ctx, &p)));
    let _ = writeln!(code, "spring.datasource.username={}", properties(&ctx.user));
    let _ = writeln!(
        code,
        "spring.datasource.password={}",
        properties(&ctx.password)
    );
    let _ = writeln!(code, "spring.datasource.driver-class-name={}", p.driver);
    if !super::crl::jdk_lines(ctx, out, "Connector/J").is_empty() {
        code.push_str("# Revocation: start the JVM with");
        for p in super::crl::JDK_PROPERTIES {
            let _ = write!(code, " -D{p}=true");
        }
        code.push_str("\n# (application.properties cannot set them): the JDK checks each certificate against\n# the CRL its distribution point names.\n");
    }
    out.code = code;
    out.note("Keep the password out of the file: spring.datasource.password=${DB_PASSWORD} reads it from the environment.");
}
