//! The revocation options ([`SnippetOptions::crl`] `--crl FILE`, [`SnippetOptions::crl_path`]
//! `--crl-path DIR`) shared by the client modules: what a client that takes them says, and how a
//! client that cannot says so (an `option_not_expressible` warning, as for TLS versions).
//!
//! What each client does with a CRL was observed against a real MariaDB by
//! `tests/realserver/crl_matrix.py` (a revoked leaf, a revoked intermediate, an expired CRL, a
//! CA without a CRL), each client module citing its own source.
//!
//! [`SnippetOptions::crl`]: super::SnippetOptions::crl
//! [`SnippetOptions::crl_path`]: super::SnippetOptions::crl_path

use super::{Ctx, Out, SslMode};

/// What the CRL options ask for, when given. Without the `snippet-crl` feature it cannot exist
/// (an `Infallible` field), so every `Some(crl)` branch of the client modules is statically
/// unreachable and left out of the widget's module (W9).
pub(crate) struct Crl {
    /// The CRL file (PEM; several CRLs concatenated).
    pub file: Option<String>,
    /// The directory of CRLs named by their issuer's hash (`openssl rehash DIR`).
    pub dir: Option<String>,
    #[cfg(not(feature = "snippet-crl"))]
    _never: std::convert::Infallible,
}

impl Crl {
    /// Both given paths, the file first.
    pub fn paths(&self) -> Vec<&str> {
        self.file
            .iter()
            .chain(self.dir.iter())
            .map(|s| s.as_str())
            .collect()
    }

    /// `FILE is` or `FILE and DIR are`, for messages.
    fn are(&self) -> String {
        let paths = self.paths();
        let verb = if paths.len() == 1 { "is" } else { "are" };
        format!("{} {verb}", super::join(&paths, " and "))
    }
}

/// Without the `snippet-crl` feature (the widget): never any CRL.
#[cfg(not(feature = "snippet-crl"))]
pub(crate) fn wanted(_: &Ctx, _: &mut Out, _: SslMode) -> Option<Crl> {
    None
}

/// The CRL options when they apply: given, and `mode` (the mode the code implements) verifies
/// the certificate. Given for a mode that does not verify, they are reported unused
/// (`crl_unused`) and `None` is returned.
#[cfg(feature = "snippet-crl")]
pub(crate) fn wanted(ctx: &Ctx, out: &mut Out, mode: SslMode) -> Option<Crl> {
    let crl = Crl {
        file: ctx.crl(),
        dir: ctx.crl_path(),
    };
    if crl.file.is_none() && crl.dir.is_none() {
        return None;
    }
    if !mode.verifies() {
        out.warn(
            "crl_unused",
            format!(
                "{mode} does not verify the server certificate, so {} not used: revocation is \
                 checked only while the certificate is (VERIFY_CA or VERIFY_IDENTITY).",
                crl.are()
            ),
        );
        return None;
    }
    Some(crl)
}

/// What the warning of a client that cannot check a CRL says ([`not_expressible`]).
const CANNOT: &str = "cannot check a certificate revocation list";

/// Whether a snippet generated with CRL options says its client cannot check them: it then
/// connects without revocation checking (verify's per-client verdicts ask this).
#[cfg(all(feature = "snippet-crl", feature = "bundles"))]
pub(crate) fn ignored(snippet: &super::Snippet) -> bool {
    snippet
        .warnings
        .iter()
        .any(|w| w.code == "option_not_expressible" && w.message.contains(CANNOT))
}

/// Records that `client` cannot check the CRL it was given (`why`); the snippet connects without
/// revocation checking.
pub(crate) fn not_expressible(ctx: &Ctx, out: &mut Out, mode: SslMode, client: &str, why: &str) {
    if let Some(crl) = wanted(ctx, out, mode) {
        out.warn(
            "option_not_expressible",
            format!(
                "{client} {CANNOT}: {why}. {} not used and a revoked server certificate is \
                 accepted.",
                crl.are()
            ),
        );
    }
}

/// The note for clients that put the CRLs in OpenSSL's trust store with `X509_V_FLAG_CRL_CHECK |
/// X509_V_FLAG_CRL_CHECK_ALL` (the mysql and MariaDB clients, Python's `ssl` with
/// `VERIFY_CRL_CHECK_CHAIN`).
pub(crate) fn check_all_note(out: &mut Out, client: &str) {
    out.note(format!(
        "{client} checks every certificate of the chain against the CRLs (OpenSSL's CRL_CHECK_ALL): \
         give a current CRL from every CA on the path, the root's included (it lists revoked \
         intermediates), or the connection fails. Check the files first with \
         `dbcert verify CHAIN --ca CA --crl CRL`."
    ));
}

/// The JDK system properties that turn on its revocation checking, from the CRLs each
/// certificate's CRL distribution points name.
pub(crate) const JDK_PROPERTIES: [&str; 2] = [
    "com.sun.net.ssl.checkRevocation",
    "com.sun.security.enableCRLDP",
];

/// For a Java driver, when a CRL is asked for: records that the driver takes no CRL file, and
/// returns the Java lines that turn on the JDK's own revocation checking ([`JDK_PROPERTIES`]),
/// to run before the first connection (empty when no CRL applies).
pub(crate) fn jdk_lines(ctx: &Ctx, out: &mut Out, client: &str) -> String {
    let mode = out.alternative.unwrap_or(ctx.mode());
    let Some(crl) = wanted(ctx, out, mode) else {
        return String::new();
    };
    jdk(out, &crl, client);
    let mut s = String::from(
        "// Revocation: the JDK checks each certificate against the CRL its distribution point names.\n",
    );
    for p in JDK_PROPERTIES {
        s.push_str("System.setProperty(\"");
        s.push_str(p);
        s.push_str("\", \"true\");\n");
    }
    s
}

/// `code` with `lines` put after its `import` block (the first blank line).
pub(crate) fn after_imports(code: &str, lines: &str) -> String {
    match super::find(code.as_bytes(), 0, b"\n\n") {
        Some(i) => format!("{}{lines}{}", &code[..i + 2], &code[i + 2..]),
        None => format!("{lines}{code}"),
    }
}

/// Records that a Java driver takes no CRL file: the JDK's own revocation checking (turned on by
/// [`JDK_PROPERTIES`]) reads the CRL each certificate names.
pub(crate) fn jdk(out: &mut Out, crl: &Crl, client: &str) {
    out.warn(
        "option_not_expressible",
        format!(
            "{client} takes no CRL file or directory, so {} not used. The code turns on the JDK's \
             own revocation checking instead ({}=true, {}=true before the first connection, or as \
             -D options of the JVM): every certificate of the chain is checked against the CRL its \
             CRL distribution point names, fetched over the network, and a certificate without one \
             fails. A CRL in a local file can be used only through a custom TrustManager \
             (PKIXRevocationChecker).",
            crl.are(),
            JDK_PROPERTIES[0],
            JDK_PROPERTIES[1]
        ),
    );
}

#[cfg(all(test, feature = "snippet-crl"))]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::{clients, generate, Snippet, SnippetOptions, SslMode};

    fn snippet(client: &str, mode: SslMode, version: Option<&str>, dir: bool) -> Snippet {
        let mut o = SnippetOptions::new(client, mode);
        o.host = Some("db.example.com".into());
        o.ca = Some("/c/ca.pem".into());
        o.crl = Some("/c/crl.pem".into());
        if dir {
            o.crl_path = Some("/c/crls".into());
        }
        o.client_version = version.map(str::to_owned);
        generate(&o).unwrap()
    }

    fn codes(s: &Snippet) -> Vec<&str> {
        s.warnings.iter().map(|w| w.code.as_str()).collect()
    }

    /// Whether the snippet says the client cannot check a CRL at all.
    fn cannot(s: &Snippet) -> bool {
        super::ignored(s)
    }

    #[test]
    fn the_c_clients_get_their_crl_options() {
        for client in ["mysql-cli", "mariadb-cli"] {
            let s = snippet(client, SslMode::VerifyIdentity, None, true);
            assert!(
                s.code.contains("--ssl-crl=/c/crl.pem"),
                "{client}: {}",
                s.code
            );
            assert!(
                s.code.contains("--ssl-crlpath=/c/crls"),
                "{client}: {}",
                s.code
            );
            assert!(
                s.notes.iter().any(|n| n.contains("CRL_CHECK_ALL")),
                "{client}"
            );
            assert!(!cannot(&s), "{client}");
        }
        for flavor in [None, Some(super::super::ServerFlavor::Mariadb)] {
            let mut o = SnippetOptions::new("my-cnf", SslMode::VerifyCa);
            o.crl = Some("/c/crl.pem".into());
            o.crl_path = Some("/c/crls".into());
            o.server_flavor = flavor;
            let s = generate(&o).unwrap();
            assert!(s.code.contains("\nssl-crl=/c/crl.pem\n"), "{}", s.code);
            assert!(s.code.contains("\nssl-crlpath=/c/crls\n"), "{}", s.code);
        }
    }

    #[test]
    fn oracle_mysql_crl_options_follow_the_version() {
        let old = snippet("mysql-cli", SslMode::VerifyCa, Some("5.6.2"), false);
        assert!(!old.code.contains("ssl-crl"), "{}", old.code);
        assert!(cannot(&old));
        let yassl = snippet("mysql-cli", SslMode::VerifyCa, Some("5.7.20"), false);
        assert!(yassl.code.contains("--ssl-crl=/c/crl.pem"));
        assert!(yassl.warnings.iter().any(|w| w.message.contains("yaSSL")));
        let openssl = snippet("mysql-cli", SslMode::VerifyCa, Some("5.7.28"), false);
        assert!(openssl.code.contains("--ssl-crl=/c/crl.pem"));
        assert!(!openssl.warnings.iter().any(|w| w.message.contains("yaSSL")));
    }

    #[test]
    fn workbench_takes_the_crl_among_its_other_options() {
        let s = snippet("workbench", SslMode::VerifyCa, None, true);
        assert!(s.code.contains("Others:"), "{}", s.code);
        assert!(s.code.contains(" sslCRL=/c/crl.pem\n"), "{}", s.code);
        assert!(s.code.contains(" sslCRLPath=/c/crls\n"), "{}", s.code);
        assert!(!cannot(&s));
    }

    #[test]
    fn mysqlclient_takes_the_crl_from_an_option_file() {
        let s = snippet("mysqlclient", SslMode::VerifyIdentity, None, false);
        assert!(
            s.code
                .contains("# /c/crl.cnf:\n#   [client]\n#   ssl-crl=/c/crl.pem\n"),
            "{}",
            s.code
        );
        assert!(
            s.code.contains("read_default_file=\"/c/crl.cnf\""),
            "{}",
            s.code
        );
    }

    #[test]
    fn python_ssl_contexts_load_the_crls_and_check_the_chain() {
        for client in ["pymysql", "sqlalchemy"] {
            for mode in [SslMode::VerifyCa, SslMode::VerifyIdentity] {
                let s = snippet(client, mode, None, true);
                assert!(s.code.contains("ctx = ssl.create_default_context(cafile=\"/c/ca.pem\")\nctx.load_verify_locations(cafile=\"/c/crl.pem\")\nctx.load_verify_locations(capath=\"/c/crls\")\nctx.verify_flags |= ssl.VERIFY_CRL_CHECK_CHAIN\n"), "{client} {mode}: {}", s.code);
                assert_eq!(
                    s.code.contains("ctx.check_hostname = False"),
                    mode == SslMode::VerifyCa
                );
                assert!(!s.code.contains("ssl_ca="), "{client}: {}", s.code);
            }
        }
    }

    #[test]
    fn go_checks_revocation_in_code() {
        for mode in [SslMode::VerifyCa, SslMode::VerifyIdentity] {
            let s = snippet("go-sql-driver", mode, None, true);
            assert!(s
                .code
                .contains("crls, err := loadCRLs(\"/c/crl.pem\", \"/c/crls\")"));
            assert!(s.code.contains("func checkRevocation("));
            let call = if mode == SslMode::VerifyCa {
                "return checkRevocation(chains, crls)"
            } else {
                "return checkRevocation(cs.VerifiedChains, crls)"
            };
            assert!(s.code.contains(call), "{mode}: {}", s.code);
            assert!(s.code.contains("\t\"encoding/pem\"\n"));
        }
        let plain = generate(&SnippetOptions::new("go-sql-driver", SslMode::VerifyCa)).unwrap();
        assert!(plain
            .code
            .contains("_, err := cs.PeerCertificates[0].Verify(opts)"));
        assert!(!plain.code.contains("checkRevocation"));
    }

    #[test]
    fn java_drivers_turn_on_the_jdk_revocation_check() {
        for client in ["jdbc", "jdbc-datasource", "mariadb-jdbc"] {
            let s = snippet(client, SslMode::VerifyIdentity, None, false);
            let set = "System.setProperty(\"com.sun.net.ssl.checkRevocation\", \"true\");\nSystem.setProperty(\"com.sun.security.enableCRLDP\", \"true\");\n";
            assert!(s.code.contains(set), "{client}: {}", s.code);
            // Before the connection is made.
            assert!(
                s.code.find(set) < s.code.find("Connection conn"),
                "{client}"
            );
            assert!(codes(&s).contains(&"option_not_expressible"), "{client}");
            assert!(!cannot(&s), "{client}");
        }
        let s = snippet("spring-boot", SslMode::VerifyIdentity, None, false);
        assert!(s.code.contains(
            "-Dcom.sun.net.ssl.checkRevocation=true -Dcom.sun.security.enableCRLDP=true"
        ));
    }

    #[test]
    fn the_others_say_they_cannot_and_keep_their_code() {
        for client in [
            "mysql-connector-python",
            "php-pdo",
            "mysql2",
            "mysqlconnector-net",
            "sqlx",
            "prisma",
            "dms",
        ] {
            let s = snippet(client, SslMode::VerifyIdentity, None, false);
            assert!(cannot(&s), "{client}: {:?}", s.warnings);
            let mut o = SnippetOptions::new(client, SslMode::VerifyIdentity);
            o.host = Some("db.example.com".into());
            o.ca = Some("/c/ca.pem".into());
            assert_eq!(generate(&o).unwrap().code, s.code, "{client}");
        }
    }

    #[test]
    fn a_crl_is_unused_unless_the_mode_verifies() {
        for c in clients() {
            for mode in SslMode::ALL {
                let s = snippet(&c.id, mode, None, false);
                let effective = s.alternative.unwrap_or(mode);
                assert_eq!(
                    codes(&s).contains(&"crl_unused"),
                    !effective.verifies(),
                    "{} {mode}: {:?}",
                    c.id,
                    s.warnings
                );
                let without = {
                    let mut o = SnippetOptions::new(c.id.clone(), mode);
                    o.host = Some("db.example.com".into());
                    o.ca = Some("/c/ca.pem".into());
                    generate(&o).unwrap()
                };
                assert!(
                    !without.code.to_ascii_lowercase().contains("crl"),
                    "{}",
                    c.id
                );
                assert!(!without.warnings.iter().any(|w| w.message.contains("CRL")));
            }
        }
    }
}
