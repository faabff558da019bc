//! MySqlConnector (.NET, the `MySqlConnector` NuGet package).
//!
//! Sources (shared/research/clients.md §2.11; `mysql-net/MySqlConnector
//! docs/content/connection-options.md`, https://mysqlconnector.net/connection-options/):
//! `SslMode` = None | Preferred (default) | Required | VerifyCA | VerifyFull; `SslCa` (a PEM file,
//! several certificates since 0.40.4); `TlsVersion` ("TLS 1.2, TLS 1.3"); `TlsCipherSuites`.
//! Oracle's Connector/NET (MySql.Data) uses the same keys but defaults to Required.
//!
//! Client certificate: `SslCert` and `SslKey` (PEM files, MySqlConnector#641 after Connector/NET
//! 8.0.16), or `CertificateFile` (a PKCS#12 file) with `CertificatePassword`
//! (connection-options.md: "This option should not be specified if SslCert and SslKey are used").
//!
//! Golden tests only (no .NET on the test machine).

use super::quote::{conn_string, csharp};
use super::{identity, Ctx, Out, SslMode, TruststoreType};

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let mode = ctx.mode();
    let ssl_mode = match mode {
        SslMode::Disabled => "None",
        SslMode::Preferred => "Preferred",
        SslMode::Required => "Required",
        SslMode::VerifyCa => "VerifyCA",
        SslMode::VerifyIdentity => "VerifyFull",
    };
    let mut parts = vec![
        format!("Server={}", conn_string(&ctx.host)),
        format!("Port={}", ctx.port),
        format!("User ID={}", conn_string(&ctx.user)),
        format!("Password={}", conn_string(&ctx.password)),
    ];
    if let Some(db) = &ctx.database {
        parts.push(format!("Database={}", conn_string(db)));
    }
    parts.push(format!("SslMode={ssl_mode}"));
    if mode.verifies() {
        parts.push(format!(
            "SslCa={}",
            conn_string(&ctx.pem_ca("MySqlConnector", out))
        ));
    }
    if identity::pkcs12_alone(ctx) {
        if let Some(ks) =
            identity::keystore(ctx, out, mode, "MySqlConnector", &[TruststoreType::Pkcs12])
        {
            parts.push(format!("CertificateFile={}", conn_string(&ks.path)));
            parts.push(format!("CertificatePassword={}", conn_string(&ks.password)));
        }
    } else if let Some(id) = identity::pem(ctx, out, mode, "MySqlConnector") {
        parts.push(format!("SslCert={}", conn_string(&id.cert)));
        parts.push(format!("SslKey={}", conn_string(&id.key)));
    }
    if mode != SslMode::Disabled {
        if !ctx.tls.is_empty() {
            let list: Vec<String> = ctx
                .tls
                .iter()
                .map(|t| format!("TLS {}", t.number()))
                .collect();
            parts.push(format!(
                "TlsVersion={}",
                conn_string(&super::join(&list, ", "))
            ));
        }
        if let Some(c) = &ctx.cipher {
            parts.push(format!("TlsCipherSuites={}", conn_string(c)));
        }
    }
    let cs = super::join(&parts, ";");
    out.code = format!(
        "using MySqlConnector;\n\nvar connectionString = {};\nawait using var conn = new MySqlConnection(connectionString);\nawait conn.OpenAsync();\n",
        csharp(&cs)
    );
    out.note("For Oracle's Connector/NET (MySql.Data) the keys are the same, but write SslMode=Disabled for DISABLED; its default is Required.");
    super::crl::not_expressible(ctx, out, mode, "MySqlConnector", "no connection option takes a CRL file (connection-options.md: SslCa, SslCert, SslKey, CertificateFile, TlsVersion, TlsCipherSuites); VerifyFull without SslCa checks online the CRLs the certificates name (SkipCertificateRevocationCheck turns that off), and with SslCa a revocation error is dropped (ServerSession.cs)");
}
