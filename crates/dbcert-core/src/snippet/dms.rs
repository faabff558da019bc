//! AWS Database Migration Service: the SSL settings of a MySQL-compatible endpoint (text).
//!
//! Sources: SslMode `none | require | verify-ca | verify-full` (AWS::DMS::DataProvider
//! MySqlSettings, CloudFormation user guide); certificates are imported as PEM X.509 files only
//! and referenced by ARN ("Using SSL with AWS Database Migration Service",
//! https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Security.SSL.html). DMS has no mode that
//! falls back to plaintext, so PREFERRED is not expressible.
//!
//! A MySQL endpoint has no client certificate setting: its SSL settings are the mode and a CA
//! certificate (`CertificateArn`), so an account that requires one cannot be migrated from or to.
//!
//! Golden tests only (a cloud service).

use super::quote::shell;
use super::{Ctx, Out, SslMode};
use std::fmt::Write;

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let mut mode = ctx.mode();
    if mode == SslMode::Preferred {
        mode = out.unsupported(
            ctx,
            "AWS DMS",
            SslMode::Required,
            "an endpoint either uses SSL or does not",
        );
    }
    let dms_mode = match mode {
        SslMode::Disabled => "none",
        SslMode::Preferred | SslMode::Required => "require",
        SslMode::VerifyCa => "verify-ca",
        SslMode::VerifyIdentity => "verify-full",
    };
    let mut code = String::from("AWS DMS console > Endpoints > Create endpoint (engine: MySQL)\n");
    let _ = write!(
        code,
        "  Server name:   {}\n  Port:          {}\n",
        ctx.host, ctx.port
    );
    let _ = writeln!(code, "  User name:     {}", ctx.user);
    let _ = writeln!(code, "  SSL mode:      {dms_mode}");
    let mut cli = String::new();
    if mode.verifies() {
        let ca = ctx.pem_ca("AWS DMS", out);
        let _ = writeln!(
            code,
            "  CA certificate: import {ca} (Certificates > Import certificate), then pick it"
        );
        let _ = write!(cli,
            "aws dms import-certificate --certificate-identifier mysql-ca \\\n  --certificate-pem file://{}\n",
            shell(&ca)
        );
    }
    let _ = write!(cli,
        "aws dms create-endpoint --endpoint-identifier mysql-endpoint --endpoint-type source \\\n  \
         --engine-name mysql --server-name {} --port {} --username {} --password '{}' \\\n  --ssl-mode {dms_mode}",
        shell(&ctx.host),
        ctx.port,
        shell(&ctx.user),
        ctx.password
    );
    if mode.verifies() {
        cli.push_str(" --certificate-arn <arn printed by import-certificate>");
    }
    cli.push('\n');
    code.push_str("\nOr with the AWS CLI:\n");
    code.push_str(&cli);
    out.code = code;
    if mode == SslMode::VerifyIdentity {
        out.note("verify-full checks the endpoint name: use the name the certificate lists (for Aurora, the cluster endpoint).");
    }
    if !ctx.tls.is_empty() || ctx.cipher.is_some() {
        out.warn(
            "option_not_expressible",
            "DMS endpoints have no TLS version or cipher setting.",
        );
    }
    super::identity::not_expressible(
        ctx,
        out,
        mode,
        "An AWS DMS endpoint",
        "a MySQL endpoint's SSL settings are its SSL mode and a CA certificate (CertificateArn), with no client certificate or key",
    );
    super::crl::not_expressible(
        ctx,
        out,
        mode,
        "An AWS DMS endpoint",
        "an endpoint takes only a CA certificate (CertificateArn), no CRL",
    );
}
