//! Go `github.com/go-sql-driver/mysql`.
//!
//! Sources (shared/research/clients.md §2.10; `go-sql-driver/mysql README.md` "tls",
//! `dsn.go`, `CHANGELOG.md` to v1.10): `tls=false|true|skip-verify|preferred|<registered name>`
//! (`preferred` since v1.5); `RegisterTLSConfig`; a registered config without `ServerName` gets
//! the DSN host, so `RootCAs` alone is VERIFY_IDENTITY. There is no built-in VERIFY_CA
//! (go-sql-driver/mysql#899, PR #1742 closed): it is written here with Go's own
//! `tls.Config.VerifyConnection` (Go 1.15+), which runs even with `InsecureSkipVerify`, checking
//! the chain against the CA pool but not the host name. `AllowFallbackToPlaintext` (v1.7) makes
//! a custom config PREFERRED.
//!
//! Proved against a real server by `tests/realserver/`: the runner calls `openDB()`.

use super::quote::go;
use super::{Ctx, Out, SslMode, TlsVersion, Version};
use std::fmt::Write;

const V: fn(u32, u32, u32) -> Version = Version::new;

fn go_tls(v: TlsVersion) -> &'static str {
    match v {
        TlsVersion::Tls10 => "tls.VersionTLS10",
        TlsVersion::Tls11 => "tls.VersionTLS11",
        TlsVersion::Tls12 => "tls.VersionTLS12",
        TlsVersion::Tls13 => "tls.VersionTLS13",
    }
}

pub(crate) fn generate(ctx: &Ctx, out: &mut Out) {
    let name = "go-sql-driver/mysql";
    let mode = ctx.mode();
    if mode == SslMode::Preferred && ctx.client_before(V(1, 5, 0)) {
        out.needs_version(ctx, name, "1.5.0", "tls=preferred arrived in v1.5.0");
    }
    let limits = mode != SslMode::Disabled && (!ctx.tls.is_empty() || ctx.cipher.is_some());
    let custom = mode.verifies() || limits;
    let mut body = String::new();
    let mut imports = vec!["\"database/sql\""];
    let mut fields: Vec<String> = Vec::new();
    if mode.verifies() {
        imports.extend(["\"crypto/tls\"", "\"crypto/x509\"", "\"errors\"", "\"os\""]);
        let ca = go(&ctx.pem_ca(name, out));
        let _ = write!(
            body,
            "\tpem, err := os.ReadFile({ca})\n\tif err != nil {{\n\t\treturn nil, err\n\t}}\n"
        );
        body.push_str("\tpool := x509.NewCertPool()\n\tif !pool.AppendCertsFromPEM(pem) {\n");
        let _ = write!(
            body,
            "\t\treturn nil, errors.New(\"no PEM certificate in \" + {ca})\n\t}}\n"
        );
        fields.push("RootCAs: pool,".into());
        if mode == SslMode::VerifyCa {
            fields.push(
                "// VERIFY_CA: the driver has no such mode, so Go's own check (which includes the host\n\
                 \t\t// name) is replaced by VerifyConnection, which checks the chain against pool only.\n\
                 \t\tInsecureSkipVerify: true,\n\
                 \t\tVerifyConnection: func(cs tls.ConnectionState) error {\n\
                 \t\t\tif len(cs.PeerCertificates) == 0 {\n\
                 \t\t\t\treturn errors.New(\"the server sent no certificate\")\n\
                 \t\t\t}\n\
                 \t\t\topts := x509.VerifyOptions{Roots: pool, Intermediates: x509.NewCertPool()}\n\
                 \t\t\tfor _, c := range cs.PeerCertificates[1:] {\n\
                 \t\t\t\topts.Intermediates.AddCert(c)\n\
                 \t\t\t}\n\
                 \t\t\t_, err := cs.PeerCertificates[0].Verify(opts)\n\
                 \t\t\treturn err\n\
                 \t\t},"
                    .into(),
            );
        }
    } else if custom {
        imports.push("\"crypto/tls\"");
        fields.push("InsecureSkipVerify: true, // REQUIRED: encrypt, verify nothing".into());
    }
    if limits {
        if let (Some(min), Some(max)) = (ctx.tls.first(), ctx.tls.last()) {
            if !super::tls::is_contiguous(&ctx.tls) {
                out.warn(
                    "option_not_expressible",
                    format!("Go takes a TLS version range: {min} to {max} is used, including the versions between."),
                );
            }
            fields.push(format!("MinVersion: {},", go_tls(*min)));
            fields.push(format!("MaxVersion: {},", go_tls(*max)));
        }
        if let Some(c) = &ctx.cipher {
            if c.starts_with("TLS_")
                && !c.starts_with("TLS_AES_")
                && !c.starts_with("TLS_CHACHA20_")
            {
                let list: Vec<String> = c
                    .split([',', ':'])
                    .map(|s| format!("tls.{}", s.trim()))
                    .collect();
                fields.push(format!(
                    "CipherSuites: []uint16{{{}}},",
                    super::join(&list, ", ")
                ));
            } else {
                out.warn(
                    "option_not_expressible",
                    "Go takes TLS 1.2 cipher suites by their IANA names (TLS_ECDHE_…) and never lets TLS 1.3 suites be chosen.",
                );
            }
        }
    }
    let tls_name = match mode {
        SslMode::Disabled => "false",
        _ if custom => "custom",
        SslMode::Preferred => "preferred",
        _ => "skip-verify",
    };
    if custom {
        body.push_str("\tif err := mysql.RegisterTLSConfig(\"custom\", &tls.Config{\n");
        for f in &fields {
            let _ = writeln!(body, "\t\t{f}");
        }
        body.push_str("\t}); err != nil {\n\t\treturn nil, err\n\t}\n");
    }
    let imports = imports.into_iter().fold(Vec::new(), |mut v, i| {
        crate::sorted::insert_unique(&mut v, i);
        v
    });
    let mut code = String::from("package main\n\nimport (\n");
    for i in &imports {
        let _ = writeln!(code, "\t{i}");
    }
    code.push_str("\n\t\"github.com/go-sql-driver/mysql\"\n)\n\n");
    code.push_str(
        "// openDB returns the pool; database/sql connects lazily, so call db.Ping() to check.\n",
    );
    code.push_str("func openDB() (*sql.DB, error) {\n");
    code.push_str(&body);
    code.push_str("\tcfg := mysql.NewConfig()\n");
    let _ = write!(
        code,
        "\tcfg.User = {}\n\tcfg.Passwd = {}\n",
        go(&ctx.user),
        go(&ctx.password)
    );
    let _ = write!(
        code,
        "\tcfg.Net = \"tcp\"\n\tcfg.Addr = {}\n",
        go(&super::quote::host_port(&ctx.host, ctx.port))
    );
    if let Some(db) = &ctx.database {
        let _ = writeln!(code, "\tcfg.DBName = {}", go(db));
    }
    let _ = writeln!(code, "\tcfg.TLSConfig = \"{tls_name}\"");
    if custom && mode == SslMode::Preferred {
        if ctx.client_before(V(1, 7, 0)) {
            out.needs_version(
                ctx,
                name,
                "1.7.0",
                "AllowFallbackToPlaintext (PREFERRED with a custom TLS config) arrived in v1.7.0",
            );
        }
        code.push_str("\tcfg.AllowFallbackToPlaintext = true // PREFERRED\n");
    }
    code.push_str("\treturn sql.Open(\"mysql\", cfg.FormatDSN())\n}\n");
    out.code = code;
    if mode == SslMode::VerifyIdentity {
        out.note("Go 1.15+ matches the host name against subjectAltName only: a certificate with the name only in its CN fails (x509: certificate relies on legacy Common Name field).");
    }
    if mode == SslMode::VerifyCa {
        out.note("go-sql-driver has no VERIFY_CA setting; the VerifyConnection callback above is Go's standard way to verify the chain without the host name (Go 1.15+).");
    }
}
