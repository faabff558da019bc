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
//! - Revocation: `crypto/tls` has no CRL setting, so the code checks it in `VerifyConnection`
//!   after Go's chain verification, with `x509.ParseRevocationList` (Go 1.19),
//!   `RevocationList.CheckSignatureFrom` and `RevokedCertificateEntries` (Go 1.21): every
//!   certificate of the chain but the root needs a current CRL from its issuer and must not be on
//!   it, as OpenSSL's CRL_CHECK_ALL (`tests/realserver/crl_matrix.py`). `ParseRevocationList`
//!   refuses v1 CRLs (`x509: unsupported crl version`; seen in that matrix's ec-good scenario).
//!
//! - Client certificate: `tls.LoadX509KeyPair(certFile, keyFile)` (PEM; it skips the blocks that
//!   are not its own, so one file may hold both) into `tls.Config.Certificates`, which the driver
//!   hands to `crypto/tls` with the rest of the registered config (README "tls"). It needs a
//!   registered config, so REQUIRED and PREFERRED with a client certificate use one too.
//!
//! Proved against a real server by `tests/realserver/`: the runner calls `openDB()`.

use super::quote::go;
use super::{crl, Ctx, Out, SslMode, TlsVersion, Version};
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
    // The identity code is compiled only with the `snippet-identity` feature (W9, as pymysql).
    #[cfg(feature = "snippet-identity")]
    let id = super::identity::pem(ctx, out, mode, name);
    #[cfg(feature = "snippet-identity")]
    let custom = mode.verifies() || limits || id.is_some();
    #[cfg(not(feature = "snippet-identity"))]
    let custom = mode.verifies() || limits;
    let mut body = String::new();
    let mut imports = vec!["\"database/sql\""];
    let mut fields: Vec<String> = Vec::new();
    let crl = crl::wanted(ctx, out, mode);
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
                 \t\t\t"
                    .to_owned()
                    + if crl.is_some() {
                        "chains, err := cs.PeerCertificates[0].Verify(opts)\n\
                         \t\t\tif err != nil {\n\
                         \t\t\t\treturn err\n\
                         \t\t\t}\n\
                         \t\t\treturn checkRevocation(chains, crls)\n\
                         \t\t},"
                    } else {
                        "_, err := cs.PeerCertificates[0].Verify(opts)\n\
                         \t\t\treturn err\n\
                         \t\t},"
                    },
            );
        } else if crl.is_some() {
            fields.push(
                "// Go has verified the chain and the host name; the CRLs are checked after.\n\
                 \t\tVerifyConnection: func(cs tls.ConnectionState) error {\n\
                 \t\t\treturn checkRevocation(cs.VerifiedChains, crls)\n\
                 \t\t},"
                    .into(),
            );
        }
        if let Some(c) = &crl {
            let paths: Vec<String> = c.paths().iter().map(|p| go(p)).collect();
            let _ = write!(
                body,
                "\tcrls, err := loadCRLs({})\n\tif err != nil {{\n\t\treturn nil, err\n\t}}\n",
                super::join(&paths, ", ")
            );
            imports.extend([
                "\"bytes\"",
                "\"fmt\"",
                "\"encoding/pem\"",
                "\"path/filepath\"",
                "\"time\"",
            ]);
        }
    } else if custom {
        imports.push("\"crypto/tls\"");
        fields.push("InsecureSkipVerify: true, // REQUIRED: encrypt, verify nothing".into());
    }
    #[cfg(feature = "snippet-identity")]
    if let Some(id) = &id {
        let _ = write!(
            body,
            "\tcert, err := tls.LoadX509KeyPair({}, {})\n\tif err != nil {{\n\t\treturn nil, err\n\t}}\n",
            go(&id.cert),
            go(&id.key)
        );
        fields.push("Certificates: []tls.Certificate{cert}, // the client certificate".into());
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
    if crl.is_some() {
        code.push_str(CRL_CODE);
        crl::check_all_note(out, "The code above");
        out.note("The revocation check needs Go 1.21 or later (RevokedCertificateEntries).");
        out.warn(
            "crl_v1_unreadable",
            "Go's x509.ParseRevocationList reads only v2 CRLs: a v1 CRL (what `openssl ca -gencrl` \
             writes without a crlnumber file or CRL extensions) stops every connection with \
             `x509: unsupported crl version`, where OpenSSL-based clients read it. Check with \
             `dbcert inspect CRL` (v1 or v2) and have such a CRL reissued as v2.",
        );
    }
    out.code = code;
    if mode == SslMode::VerifyIdentity {
        out.note("Go 1.15+ matches the host name against subjectAltName only: a certificate with the name only in its CN fails (x509: certificate relies on legacy Common Name field).");
    }
    if mode == SslMode::VerifyCa {
        out.note("go-sql-driver has no VERIFY_CA setting; the VerifyConnection callback above is Go's standard way to verify the chain without the host name (Go 1.15+).");
    }
}

/// The functions the revocation check calls: `loadCRLs` reads every CRL (PEM or DER) of the
/// files and directories given, `checkRevocation` applies them to each verified chain.
const CRL_CODE: &str = r#"
// loadCRLs reads every CRL (PEM or DER) in the files and directories given.
func loadCRLs(paths ...string) ([]*x509.RevocationList, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if !e.IsDir() {
				files = append(files, filepath.Join(p, e.Name()))
			}
		}
	}
	var crls []*x509.RevocationList
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if !bytes.Contains(data, []byte("-----BEGIN")) {
			if crl, err := x509.ParseRevocationList(data); err == nil {
				crls = append(crls, crl)
			}
			continue
		}
		for {
			var block *pem.Block
			if block, data = pem.Decode(data); block == nil {
				break
			}
			if block.Type != "X509 CRL" {
				continue
			}
			crl, err := x509.ParseRevocationList(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			crls = append(crls, crl)
		}
	}
	if len(crls) == 0 {
		return nil, fmt.Errorf("no CRL in %v", paths)
	}
	return crls, nil
}

// checkRevocation refuses a chain in which a certificate other than the root has no current
// CRL from its issuer, or is on it (OpenSSL's CRL_CHECK_ALL).
func checkRevocation(chains [][]*x509.Certificate, crls []*x509.RevocationList) error {
	now := time.Now()
	for _, chain := range chains {
		for i := 0; i+1 < len(chain); i++ {
			cert, issuer := chain[i], chain[i+1]
			found := false
			for _, crl := range crls {
				if !bytes.Equal(crl.RawIssuer, issuer.RawSubject) || crl.CheckSignatureFrom(issuer) != nil {
					continue
				}
				if now.Before(crl.ThisUpdate) || (!crl.NextUpdate.IsZero() && now.After(crl.NextUpdate)) {
					return fmt.Errorf("the CRL of %s is not current", issuer.Subject)
				}
				found = true
				for _, entry := range crl.RevokedCertificateEntries {
					if entry.SerialNumber.Cmp(cert.SerialNumber) == 0 {
						return fmt.Errorf("certificate %s is revoked", cert.Subject)
					}
				}
			}
			if !found {
				return fmt.Errorf("no CRL from %s", issuer.Subject)
			}
		}
	}
	return nil
}
"#;
